-- all_claims_timeline: every figure over time, per subject and category, with bounds,
-- claimant, outlet and modality (reported, projected, hypothetical, denied). Grain: one row per
-- claims row. `subject_key` is the subject's entity id when known, else its group word;
-- `is_first_report` marks the earliest article of the claim's cluster (a figure repeated later
-- is not a new claim).
create or replace view all_claims_timeline as
with dated as (
    select
        c.*,
        a.published_date,
        a.source as outlet,
        a.title,
        coalesce(c.subject_entity_id, lower(c.subject_group), '(unspecified)') as subject_key
    from claims as c
    join articles as a using (article_id)
)
select
    published_date,
    as_of_date,
    subject_key,
    subject_text,
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
    published_date is not distinct from min(published_date) over (partition by cluster_id)
        as is_first_report,
    sentence
from dated
order by subject_key, category, published_date, start_char;
