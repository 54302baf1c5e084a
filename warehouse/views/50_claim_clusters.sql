-- claim_clusters: the same claim (claimant, category, subject, value) reported across
-- articles, reported figures only (no projections, hypotheticals or denied figures). Grain:
-- one row per cluster_id.
--
-- Most clusters are reported once (83% of them in the 1,000,000-article benchmark), and
-- aggregating that many one-row groups is what made this view slow. A cluster with one row
-- needs no aggregation: its row is the result (one article; one outlet, or none when the
-- outlet is unknown). Only clusters with more rows go through the aggregate.
create or replace view claim_clusters as
with dated as (
    select
        c.cluster_id,
        hash(c.cluster_id) as cluster_hash,
        c.category,
        c.value,
        c.low,
        c.high,
        c.qualifier,
        c.claimant_text,
        c.claimant_entity_id,
        c.subject_text,
        coalesce(c.subject_key, c.subject_entity_id, lower(c.subject_group)) as subject_key,
        c.article_id,
        c.start_char,
        a.published_date,
        a.source
    from claims as c
    join articles as a using (article_id)
    -- Rows written before the modality column were all read as reported.
    where coalesce(c.modality, 'reported') = 'reported'
),
-- Rows are counted per hash of the cluster id, cheaper to group by than the string. A hash
-- collision can only send a one-row cluster through the aggregate, which returns its row.
repeated as (
    select cluster_hash from dated group by cluster_hash having count(*) > 1
)
select
    cluster_id,
    category,
    value,
    low,
    high,
    qualifier,
    claimant_text,
    claimant_entity_id,
    subject_text,
    subject_key,
    published_date as first_reported_date,
    published_date as last_reported_date,
    1::bigint as n_articles,
    (source is not null)::bigint as n_outlets,
    article_id as first_article_id
from dated anti join repeated using (cluster_hash)
union all
select
    cluster_id,
    min(category) as category,
    min(value) as value,
    min(low) as low,
    min(high) as high,
    min(qualifier) as qualifier,
    -- Ties on the date are broken by article and offset, so results never depend on the
    -- order files are scanned in (compaction rewrites that order).
    arg_min(claimant_text, (published_date, article_id, start_char)) as claimant_text,
    min(claimant_entity_id) as claimant_entity_id,
    arg_min(subject_text, (published_date, article_id, start_char)) as subject_text,
    min(subject_key) as subject_key,
    min(published_date) as first_reported_date,
    max(published_date) as last_reported_date,
    count(distinct article_id) as n_articles,
    count(distinct source) as n_outlets,
    arg_min(article_id, (published_date, article_id)) as first_article_id
from dated semi join repeated using (cluster_hash)
group by cluster_id;
