-- claim_clusters: the same claim (claimant, category, subject, value) reported across
-- articles. Grain: one row per cluster_id.
create or replace view claim_clusters as
select
    c.cluster_id,
    min(c.category) as category,
    min(c.value) as value,
    min(c.low) as low,
    min(c.high) as high,
    min(c.qualifier) as qualifier,
    -- Ties on the date are broken by article and offset, so results never depend on the
    -- order files are scanned in (compaction rewrites that order).
    arg_min(c.claimant_text, (a.published_date, c.article_id, c.start_char)) as claimant_text,
    min(c.claimant_entity_id) as claimant_entity_id,
    arg_min(c.subject_text, (a.published_date, c.article_id, c.start_char)) as subject_text,
    min(coalesce(c.subject_entity_id, lower(c.subject_group))) as subject_key,
    min(a.published_date) as first_reported_date,
    max(a.published_date) as last_reported_date,
    count(distinct c.article_id) as n_articles,
    count(distinct a.source) as n_outlets,
    arg_min(c.article_id, (a.published_date, c.article_id)) as first_article_id
from claims as c
join articles as a using (article_id)
group by c.cluster_id;
