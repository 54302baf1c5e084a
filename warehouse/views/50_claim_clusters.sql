-- claim_clusters: the same claim (claimant, category, subject, value) reported across
-- articles. Grain: one row per cluster_id.
create or replace view claim_clusters as
select
    c.cluster_id,
    any_value(c.category) as category,
    any_value(c.value) as value,
    any_value(c.low) as low,
    any_value(c.high) as high,
    any_value(c.qualifier) as qualifier,
    arg_min(c.claimant_text, a.published_date) as claimant_text,
    any_value(c.claimant_entity_id) as claimant_entity_id,
    arg_min(c.subject_text, a.published_date) as subject_text,
    any_value(coalesce(c.subject_entity_id, lower(c.subject_group))) as subject_key,
    min(a.published_date) as first_reported_date,
    max(a.published_date) as last_reported_date,
    count(distinct c.article_id) as n_articles,
    count(distinct a.source) as n_outlets,
    arg_min(c.article_id, a.published_date) as first_article_id
from claims as c
join articles as a using (article_id)
group by c.cluster_id;
