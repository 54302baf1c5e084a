-- all_claims_timeline: every figure over time, per subject and category, with bounds,
-- claimant, outlet and modality (reported, projected, hypothetical, denied). Grain: one row per
-- claims row. `subject_key` is the claim's subject_key (`-/protester`, `prk/soldier`: one key
-- per group across spellings); in rows written before that column, the subject's entity id, else
-- its group word. `location_entity_id` / `location_country` are the place the figure is about
-- (the sentence's, else the article's main place) and its ISO alpha-3 country;
-- `is_first_report` marks the earliest article of the claim's cluster (a figure repeated later
-- is not a new claim).
create or replace view all_claims_timeline as
with dated as (
    select
        c.* exclude (subject_key),
        a.published_date,
        a.source as outlet,
        a.title,
        coalesce(
            c.subject_key, c.subject_entity_id, lower(c.subject_group), '(unspecified)'
        ) as subject_key
    from claims as c
    join articles as a using (article_id)
),
-- The first publication date of each cluster, by aggregate and join rather than a window: the
-- catalog build stores this view, and DuckDB spills a hash aggregate and a hash join to disk
-- past its memory budget where a window over every claim needs it all in memory.
first_reports as (
    select cluster_id, min(published_date) as first_published
    from dated
    group by cluster_id
)
select
    published_date,
    as_of_date,
    subject_key,
    subject_text,
    location_entity_id,
    location_country,
    category,
    value,
    low,
    high,
    qualifier,
    -- Rows written before the modality column were all read as reported.
    coalesce(modality, 'reported') as modality,
    claimant_text,
    claimant_entity_id,
    -- One key per claimant across spellings (issue 19); the text where an older row has none.
    coalesce(claimant_key, lower(claimant_text)) as claimant_key,
    claimant_chain,
    hedge,
    is_cumulative,
    outlet,
    title,
    article_id,
    start_char,
    cluster_id,
    published_date is not distinct from first_published as is_first_report,
    sentence
from dated
left join first_reports using (cluster_id)
order by subject_key, category, published_date, start_char;
