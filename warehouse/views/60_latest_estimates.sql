-- latest_estimates(subject, category, as_of): point in time. For each claimant, the latest
-- figure about `subject` in `category` among articles published on or before `as_of` (only
-- what was known by then). `subject` matches the subject's entity id, its group word or its
-- text. Grain: one row per claimant.
create or replace macro latest_estimates(subject, wanted_category, as_of) as table
select
    coalesce(claimant_text, '(unattributed)') as claimant,
    arg_max(value, published_date) as value,
    arg_max(low, published_date) as low,
    arg_max(high, published_date) as high,
    arg_max(qualifier, published_date) as qualifier,
    max(published_date) as published_date,
    arg_max(outlet, published_date) as outlet,
    count(*) as n_reports
from claims_timeline
where category = wanted_category
  and published_date <= cast(as_of as date)
  and (
      subject_key = lower(subject)
      or lower(subject_text) like '%' || lower(subject) || '%'
  )
group by all
order by published_date desc;
