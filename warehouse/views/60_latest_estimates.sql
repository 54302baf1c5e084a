-- latest_estimates(subject, category, as_of): point in time. For each claimant, the latest
-- figure about `subject` in `category` among articles published on or before `as_of` (only
-- what was known by then). `subject` matches the subject key ('-/protester'), its group part
-- ('protester' matches '-/protester' and 'irn/protester') or the subject's text. Grain: one
-- row per claimant (`claimant_key`: one ministry in five spellings is one claimant);
-- `claimant` is how its latest report names it.
create or replace macro latest_estimates(subject, wanted_category, as_of) as table
select
    coalesce(claimant_text, '(unattributed)') as claimant,
    claimant_key,
    value,
    low,
    high,
    qualifier,
    published_date,
    outlet,
    count(*) over (partition by coalesce(claimant_key, '(unattributed)')) as n_reports
from claims_timeline
where category = wanted_category
  and published_date <= cast(as_of as date)
  and (
      subject_key = lower(subject)
      or subject_key like '%/' || lower(subject)
      or lower(subject_text) like '%' || lower(subject) || '%'
  )
qualify row_number() over (
    partition by coalesce(claimant_key, '(unattributed)')
    order by published_date desc, value desc, article_id, start_char
) = 1
order by published_date desc, claimant;
