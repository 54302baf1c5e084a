-- mention_trends: how often each entity is mentioned, per week and per month, spelling
-- variants and short forms joined under one entity. Grain: one row per (granularity,
-- period_start, entity_id).
create or replace view mention_trends as
with dated as (
    select m.entity_id, m.article_id, a.published_date
    from entity_mentions as m
    join articles as a using (article_id)
    where a.published_date is not null
),
periods as (
    select 'month' as granularity, date_trunc('month', published_date)::date as period_start, *
    from dated
    union all
    select 'week' as granularity, date_trunc('week', published_date)::date as period_start, *
    from dated
)
select
    p.granularity,
    p.period_start,
    p.entity_id,
    e.canonical_name,
    e.entity_type,
    count(*) as n_mentions,
    count(distinct p.article_id) as n_articles
from periods as p
left join entities as e using (entity_id)
group by all;
