-- quantity_timeline: one row per quantity (counts, money, percents, measures, ordinals: filter
-- on kind), with its article's date and outlet and the words around it, in publication order.
-- Grain: one row per quantities row.
create or replace view quantity_timeline as
select
    a.published_date,
    a.source,
    a.title,
    q.article_id,
    q.text,
    q.value,
    q.low,
    q.high,
    q.qualifier,
    q.kind,
    q.unit,
    q.start_char,
    q.end_char,
    -- A release without article bodies (articles.text null): the sentence a claim quotes
    -- there, else the quantity's own words.
    coalesce(
        trim(substr(a.text, greatest(q.start_char - 59, 1), least(q.start_char, 60) + (q.end_char - q.start_char) + 60)),
        (select any_value(c.sentence) from claims as c
         where c.article_id = q.article_id and c.sentence_index = q.sentence_index),
        q.text
    ) as context
from quantities as q
join articles as a using (article_id)
order by a.published_date, a.source, q.article_id, q.start_char;
