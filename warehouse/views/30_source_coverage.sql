-- source_coverage: articles per outlet and month, with first and last publication date.
-- Grain: one row per (source, month).
create or replace view source_coverage as
select
    coalesce(source, '(unknown)') as source,
    published_month,
    count(*) as n_articles,
    min(published_date) as first_published_date,
    max(published_date) as last_published_date
from articles
group by all
order by source, published_month;
