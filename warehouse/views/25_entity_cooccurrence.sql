-- entity_cooccurrence: pairs of entities mentioned in the same article, most frequent first.
-- Grain: one row per unordered pair (entity_a < entity_b).
create or replace view entity_cooccurrence as
with present as (
    select distinct article_id, entity_id from entity_mentions
)
select
    a.entity_id as entity_a,
    ea.canonical_name as name_a,
    b.entity_id as entity_b,
    eb.canonical_name as name_b,
    count(*) as n_articles
from present as a
join present as b on a.article_id = b.article_id and a.entity_id < b.entity_id
left join entities as ea on ea.entity_id = a.entity_id
left join entities as eb on eb.entity_id = b.entity_id
group by all
order by n_articles desc, entity_a, entity_b;
