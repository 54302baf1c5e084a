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
),
-- Counted in two grouping steps, then named: DuckDB spills plain hash aggregates to disk past
-- its memory budget (the catalog build stores this view), where a `count(distinct ...)` over
-- every mention of the archive needs its sets in memory.
per_article as (
    select granularity, period_start, entity_id, article_id, count(*) as n
    from periods
    group by all
),
counted as (
    select
        granularity,
        period_start,
        entity_id,
        sum(n)::bigint as n_mentions,
        count(*) as n_articles
    from per_article
    group by all
)
select
    c.granularity,
    c.period_start,
    c.entity_id,
    e.canonical_name,
    e.entity_type,
    c.n_mentions,
    c.n_articles
from counted as c
left join entities as e using (entity_id);
