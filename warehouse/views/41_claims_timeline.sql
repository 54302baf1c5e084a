-- claims_timeline: the tolls, that is the reported figures of all_claims_timeline (projections,
-- hypotheticals and denied figures are left out; ask all_claims_timeline for them).
create or replace view claims_timeline as
select * from all_claims_timeline where modality = 'reported';
