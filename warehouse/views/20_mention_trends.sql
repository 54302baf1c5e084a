-- mention_trends: how often each named entity is mentioned, per month and per week.
-- Grain: one row per (period, granularity, label, mention text).
create or replace view mention_trends as
with dated as (
    select m.text, m.label, m.article_id, a.published_date
    from entity_mentions as m
    join articles as a using (article_id)
    where a.published_date is not null
)
select
    'month' as granularity,
    date_trunc('month', published_date)::date as period_start,
    label,
    text,
    count(*) as n_mentions,
    count(distinct article_id) as n_articles
from dated
group by all
union all
select
    'week' as granularity,
    date_trunc('week', published_date)::date as period_start,
    label,
    text,
    count(*) as n_mentions,
    count(distinct article_id) as n_articles
from dated
group by all;
