-- claimant_divergence: how far claimants disagree. Per subject, category and month, the
-- lowest, highest and median figure across claimants (each claimant's latest that month;
-- claimants told apart by `claimant_key`, so one ministry in five spellings is one claimant).
-- Grain: one row per (subject_key, category, month).
create or replace view claimant_divergence as
with latest as (
    select
        subject_key,
        category,
        date_trunc('month', published_date)::date as month,
        coalesce(claimant_key, '(unattributed)') as claimant,
        arg_max(value, (published_date, value)) as value
    from claims_timeline
    where published_date is not null
    group by all
)
select
    subject_key,
    category,
    month,
    count(*) as n_claimants,
    min(value) as lowest,
    max(value) as highest,
    median(value) as median,
    max(value) - min(value) as spread
from latest
group by all
order by subject_key, category, month;
