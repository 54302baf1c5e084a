"""Claims: who reported which count of people, in which category, about whom, for when.

Input is a parsed article (a spaCy `Doc` whose text has the same length as the article text),
the counts `transforms.numbers` found, the resolved entity mentions and the temporal
expressions; output is one `Claim` per (category, subject, value) fact in the article, at its
first mention, following the project's annotation guidelines (../shared/corpus/claims-dev).

How a count becomes a claim:
1. Its *counted word*: the noun the number modifies ("300 soldiers"), the noun after "of"
   ("300 of the soldiers"), or the number itself when it stands alone ("eight were wounded").
2. Its *categories*: from the counted word ("casualties", "refugees", "hostages"), from the
   verb or participle it depends on ("were killed", "soldiers wounded", "killing 300"),
   from "the deaths of N", or, when the parse gives nothing, from the words right after the
   number in the same clause ("4 killed and 7 wounded"). Counts of objects, events, units,
   money or measures never reach here or are dropped by the counted-word check.
3. Its *claimant*: the subject of the reporting verb that governs it ("X said", "X claimed"),
   the object of "according to" or "citing", the agent of "disclosed by", or the speaker of a
   quotation; pronouns resolve to the nearest earlier person or organisation; a figure in a
   sentence with no source takes the source of the previous sentence in the same paragraph
   only when that sentence carried figures and this one continues it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from transforms.dates import Timex
from transforms.numbers import Quantity

# Verb lemmas (and participles read as adjectives) that put counted people in a category.
VERB_CATEGORIES: dict[str, tuple[str, ...]] = {
    "kill": ("killed",),
    "murder": ("killed",),
    "execute": ("killed",),
    "massacre": ("killed",),
    "slay": ("killed",),
    "assassinate": ("killed",),
    "behead": ("killed",),
    "shoot": ("killed",),
    "die": ("killed",),
    "perish": ("killed",),
    "wound": ("injured",),
    "injure": ("injured",),
    "hurt": ("injured",),
    "maim": ("injured",),
    "hospitalize": ("injured",),
    "kidnap": ("kidnapped",),
    "abduct": ("kidnapped",),
    "arrest": ("arrested",),
    "detain": ("arrested",),
    "jail": ("arrested",),
    "imprison": ("arrested",),
    "capture": ("captured",),
    "disappear": ("missing",),
    "flee": ("displaced",),
    "displace": ("displaced",),
    "evacuate": ("displaced",),
    "uproot": ("displaced",),
    "deploy": ("deployed",),
    "dispatch": ("deployed",),
    "send": ("deployed",),
    "station": ("deployed",),
    "mass": ("deployed",),
    "mobilize": ("deployed",),
    "mobilise": ("deployed",),
    "participate": ("deployed",),
}
# Words whose surface form decides where the lemmatizer may be missing or wrong.
SURFACE_CATEGORIES: dict[str, tuple[str, ...]] = {
    "killed": ("killed",),
    "dead": ("killed",),
    "died": ("killed",),
    "murdered": ("killed",),
    "executed": ("killed",),
    "massacred": ("killed",),
    "wounded": ("injured",),
    "injured": ("injured",),
    "hurt": ("injured",),
    "hospitalized": ("injured",),
    "kidnapped": ("kidnapped",),
    "abducted": ("kidnapped",),
    "arrested": ("arrested",),
    "detained": ("arrested",),
    "captured": ("captured",),
    "missing": ("missing",),
    "disappeared": ("missing",),
    "displaced": ("displaced",),
    "fled": ("displaced",),
    "homeless": ("displaced",),
}
# Nouns that are themselves a category of people.
NOUN_CATEGORIES: dict[str, tuple[str, ...]] = {
    "casualty": ("casualties",),
    "victim": ("casualties",),
    "fatality": ("killed",),
    "death": ("killed",),
    "dead": ("killed",),
    "body": ("killed",),
    "corpse": ("killed",),
    "injury": ("injured",),
    "wound": ("injured",),
    "wounded": ("injured",),
    "injured": ("injured",),
    "hostage": ("kidnapped",),
    "kidnappee": ("kidnapped",),
    "prisoner": ("captured",),
    "pow": ("captured",),
    "detainee": ("arrested",),
    "refugee": ("displaced",),
    "evacuee": ("displaced",),
    "troop": ("deployed",),
}
# Nouns naming an event or state that carries a category for the people "of" it:
# "the deaths of 10 labor leaders", "the kidnapping of 3 journalists".
EVENT_NOUN_CATEGORIES: dict[str, tuple[str, ...]] = {
    "death": ("killed",),
    "killing": ("killed",),
    "murder": ("killed",),
    "massacre": ("killed",),
    "execution": ("killed",),
    "assassination": ("killed",),
    "kidnapping": ("kidnapped",),
    "abduction": ("kidnapped",),
    "arrest": ("arrested",),
    "detention": ("arrested",),
    "capture": ("captured",),
    "disappearance": ("missing",),
    "deployment": ("deployed",),
    "dispatch": ("deployed",),
}
# Verbs whose object counts casualties inflicted or suffered ("inflicted 50 casualties").
CASUALTY_VERBS = frozenset({"inflict", "suffer", "sustain", "cause", "leave", "claim", "take"})
# Counted words that are people in a force, for `deployed` ("10,000 troops", "a 39-man patrol").
FORCE_NOUNS = frozenset(
    {
        "troop",
        "soldier",
        "man",
        "fighter",
        "guerrilla",
        "rebel",
        "militant",
        "policeman",
        "police",
        "officer",
        "personnel",
        "adviser",
        "advisor",
        "member",
        "mercenary",
        "commando",
        "marine",
        "paratrooper",
        "agent",
        "guard",
        "volunteer",
        "militiaman",
        "insurgent",
        "gunman",
        "terrorist",
        "patrol",
        "group",
    }
)
# Counted words that are never people: a count of them is not a claim.
NOT_PEOPLE = frozenset(
    {
        "vehicle",
        "truck",
        "car",
        "bus",
        "house",
        "home",
        "building",
        "weapon",
        "rifle",
        "gun",
        "bomb",
        "mine",
        "round",
        "munition",
        "shell",
        "rocket",
        "missile",
        "aircraft",
        "plane",
        "helicopter",
        "drone",
        "artillery",
        "boat",
        "ship",
        "school",
        "hospital",
        "road",
        "bridge",
        "tank",
        "attack",
        "clash",
        "incident",
        "operation",
        "raid",
        "strike",
        "airstrike",
        "kidnapping",
        "murder",
        "killing",
        "assassination",
        "bombing",
        "explosion",
        "action",
        "unit",
        "team",
        "battalion",
        "brigade",
        "division",
        "company",
        "platoon",
        "country",
        "nation",
        "state",
        "town",
        "village",
        "city",
        "province",
        "department",
        "percent",
        "year",
        "month",
        "week",
        "day",
        "hour",
        "minute",
        "time",
        "dollar",
        "peso",
        "bed",
        "tonne",
        "ton",
        "kilogram",
        "kilometer",
        "mile",
        "document",
        "meeting",
        "session",
        "point",
        "case",
        "charge",
        "count",
        "sentence",
        "vote",
        "seat",
        "camp",
    }
)
REPORTING_VERBS = frozenset(
    {
        "say",
        "tell",
        "report",
        "claim",
        "announce",
        "disclose",
        "confirm",
        "reveal",
        "state",
        "add",
        "note",
        "estimate",
        "admit",
        "acknowledge",
        "deny",
        "accuse",
        "indicate",
        "assert",
        "allege",
        "declare",
        "explain",
        "inform",
        "specify",
        "charge",
        "insist",
        "maintain",
        "suggest",
        "warn",
        "put",
        "count",
        "list",
        "cite",
        "quote",
        "show",
        "publish",
        "broadcast",
        "denounce",
        "affirm",
        "stress",
        "point",
        "describe",
        "record",
        "tally",
    }
)
# Words that mark a figure as not established.
HEDGES = (
    "could not verify",
    "could not be verified",
    "could not independently verify",
    "cannot verify",
    "unverified",
    "unconfirmed",
    "allegedly",
    "alleged",
    "reportedly",
    "estimated",
    "estimate",
    "claimed",
    "purportedly",
)
_HEDGE_RE = re.compile(r"\b(" + "|".join(re.escape(h) for h in HEDGES) + r")\b", re.IGNORECASE)
# Words that mark a running total rather than one incident.
_CUMULATIVE_RE = re.compile(
    r"\b(so far|to date|in total|in all|total|totall?ed|overall|cumulative|since|toll|"
    r"until now|up to now|thus far|altogether|the war|the conflict)\b",
    re.IGNORECASE,
)
# "these numbers ... disclosed by X": a following sentence that attributes the figures before it.
_BACK_REFERENCE_RE = re.compile(
    r"\b(these|those|the) (numbers|figures|casualty figures|estimates|statistics|totals?)\b",
    re.IGNORECASE,
)
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "him", "her", "them"})
_CONTINUATION_RE = re.compile(
    r"^\W*(reportedly|meanwhile|also|in addition|moreover|furthermore|besides)\b", re.IGNORECASE
)
PERSON_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})

# No count of people can exceed the world's population (UN World Population Prospects 2024:
# 8.16 billion in mid-2024); a claim above it is a misread number or an error in the source.
WORLD_POPULATION = 8_200_000_000


def is_implausible_count(value: float) -> bool:
    """Whether a count of people is above the world's population (or not a number at all)."""
    return not value <= WORLD_POPULATION


@dataclass(frozen=True, slots=True)
class EntitySpan:
    """A resolved entity mention, as claims need it."""

    start_char: int
    end_char: int
    label: str
    entity_id: str | None


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who a figure is attributed to: outermost speaker first, original source last."""

    chain: tuple[tuple[str, int, int], ...]  # (text, start_char, end_char)
    verb: str | None


@dataclass(frozen=True, slots=True)
class Claim:
    """One reported count of people; offsets are those of the count in the article text."""

    category: str
    value: float
    low: float | None
    high: float | None
    qualifier: str
    negated: bool
    subject_text: str | None
    subject_group: str | None
    subject_entity_id: str | None
    claimant_text: str | None
    claimant_entity_id: str | None
    claimant_chain: tuple[str, ...]
    reporting_verb: str | None
    hedge: str | None
    location_entity_id: str | None
    as_of_date: dt.date | None
    is_cumulative: bool
    sentence: str
    sentence_index: int
    start_char: int
    end_char: int
    text: str
    subject_span: tuple[str, int, int] | None = None
    cluster_key: str = field(default="")


@dataclass(frozen=True, slots=True)
class Quotation:
    """A direct quotation and who said it."""

    quote: str
    start_char: int
    end_char: int
    speaker_text: str | None
    speaker_start: int | None
    speaker_end: int | None
    verb: str | None
    sentence_index: int


def extract_claims(
    doc: Doc,
    quantities: Sequence[Quantity],
    entities: Sequence[EntitySpan],
    timexes: Sequence[Timex],
    published_date: dt.date | None,
    quotations: Sequence[Quotation] | None = None,
) -> list[Claim]:
    """Every claim in the article, one per (category, subject, value), at first mention.

    `quotations` are the article's (`extract_quotations`), when the caller has them already.
    """
    sentences = list(doc.sents)
    starts = [sentence.start_char for sentence in sentences]
    if quotations is None:
        quotations = extract_quotations(doc, entities)
    attributions: dict[int, Attribution | None] = {}
    sources = DocumentSources.of(_source(doc))
    claims: list[Claim] = []
    seen: dict[tuple[str, float, bool], set[str]] = {}
    for quantity in quantities:
        span = doc.char_span(quantity.start_char, quantity.end_char, alignment_mode="expand")
        if span is None or not len(span):
            continue
        index = _sentence_index(starts, quantity.start_char)
        sentence = sentences[index]
        number = _number_token(span)
        counted = _counted_word(number, span)
        previous = claims[-1].category if claims and claims[-1].sentence_index == index else None
        categories = _categories(number, counted, span, sentence, (previous,) if previous else ())
        if not categories:
            continue
        if index not in attributions:
            attributions[index] = _attribution(sentence, sentences, index, entities, quotations)
        attribution = sources.resolve(
            _with_outer(
                _attribution_for(number, sentence) or attributions[index],
                _back_reference(sentences, index),
            ),
            entities,
        )
        group_token = (
            _affected_group(counted.word)
            if counted.word.i != number.i
            else _tally_group(counted.anchor)
        )
        subject = _subject(group_token or counted.word, span, sentence)
        subject_group = _group_word(group_token or counted.word, number)
        explicit_group = (subject_group or "").lower()
        if subject is None and claims and claims[-1].sentence_index >= index - 1:
            # "eight were wounded", "an additional 2,700 have sustained injuries": the
            # people are the group just counted.
            subject = claims[-1].subject_span
            subject_group = claims[-1].subject_group
        additive = _is_additive(number, span)
        for category in categories:
            # One claim per (category, value, group): a restatement without its own group
            # word ("twelve were injured") repeats any earlier group with that figure.
            groups = seen.setdefault((category, quantity.value, additive), set())
            if explicit_group in groups or (groups and ("" in groups or not explicit_group)):
                continue
            groups.add(explicit_group)
            claims.append(
                _claim(
                    category,
                    quantity,
                    subject,
                    subject_group,
                    attribution,
                    sentence,
                    index,
                    entities,
                    timexes,
                    published_date,
                )
            )
    return claims


SOURCE_TEXT_KEY = "newsledger_source_text"


def _source(doc: Doc) -> str:
    """The article text as written (the parse may have run on a lower-cased copy)."""
    # `doc.text` rebuilds the string from every token: only when there is no stored source.
    source = doc.user_data.get(SOURCE_TEXT_KEY)
    return doc.text if source is None else source


def _sentence_text(sentence: Span) -> str:
    return _source(sentence.doc)[sentence.start_char : sentence.end_char]


def _sentence_index(starts: list[int], offset: int) -> int:
    low, high = 0, len(starts)
    while low < high:
        middle = (low + high) // 2
        if starts[middle] <= offset:
            low = middle + 1
        else:
            high = middle
    return max(low - 1, 0)


def _number_token(span: Span) -> Token:
    numbers = [token for token in span if token.like_num or token.pos_ == "NUM"]
    if numbers:
        return numbers[-1]
    return span.root


@dataclass(frozen=True, slots=True)
class Counted:
    """What a count counts: the noun (or the number itself) and the token that ties it
    into its clause (the noun, or the number in "300 of the soldiers")."""

    word: Token
    anchor: Token
    via_of: bool


_PRONOUN_GROUPS = frozenset({"them", "whom", "which", "those", "these", "us", "our", "own"})


def _counted_word(number: Token, span: Span) -> Counted:
    """The noun the count counts, or the number itself when it stands for the people."""
    head = number
    # Climb out of the number expression itself ("more than 300": 300 -> than -> more ...).
    while (
        head.head.i != head.i
        and head.head.i in range(span.start, span.end)
        and head.head.pos_ not in ("VERB", "AUX")  # "surpassed 3,000": the verb is the clause
    ):
        head = head.head
    if head.dep_ in ("nummod", "quantmod", "amod", "compound", "npadvmod", "nmod") and (
        head.head.pos_ in ("NOUN", "PROPN", "ADJ", "VERB")
    ):
        target = head.head
        # "a 39-man patrol": the number modifies "man", which modifies the unit.
        if target.lemma_.lower() == "man" and target.dep_ in ("amod", "compound"):
            return Counted(target.head, target.head, False)
        return Counted(target, target, False)
    for preposition in head.children:
        if preposition.dep_ == "prep" and preposition.lower_ == "of":
            objects = [child for child in preposition.children if child.dep_ == "pobj"]
            if objects:
                return Counted(objects[0], head, True)
    return Counted(head, head, False)


def _lemma(token: Token) -> str:
    return token.lemma_.lower() if token.lemma_ else token.lower_


def _categories(
    number: Token, counted: Counted, span: Span, sentence: Span, previous: tuple[str, ...]
) -> tuple[str, ...]:
    """Categories the count belongs to, in the order the text gives them.

    `previous` are the categories of the last claim in the same sentence: a breakdown such as
    "20 were injured, 3 of them seriously" inherits them.
    """
    word, anchor = counted.word, counted.anchor
    word_lemma = _lemma(word)
    is_noun = word.i != number.i
    if is_noun and word_lemma in NOT_PEOPLE:
        return ()
    found: list[str] = []

    def add(categories: tuple[str, ...]) -> None:
        for category in categories:
            if category not in found:
                found.append(category)

    if is_noun:
        add(NOUN_CATEGORIES.get(word_lemma, ()))
        if word.pos_ != "NOUN":
            add(SURFACE_CATEGORIES.get(word.lower_, ()))
    # Participles and relative clauses on the counted word: "soldiers killed", "people who died".
    for child in word.children:
        if child.dep_ in ("acl", "amod", "relcl", "advcl") and child.i > word.i:
            if _is_agent_clause(child):
                add(("deployed",) if _verb_categories(child) else ())
                continue
            add(_verb_categories(child))
            for conj in child.conjuncts:
                add(_verb_categories(conj))
    verb = _clause_verb(anchor)
    if verb is not None and anchor.dep_ not in ("pobj",):
        zero = _value_zero(span)
        # "these three have not been arrested" is no claim; "did not inflict any" is a zero.
        if _negated(verb) and not zero:
            return ()
        # "no casualties were reported" says nothing is known, not that nobody was hurt.
        if zero and _lemma(verb) in _INFORMATION_VERBS:
            return ()
        add(_verb_categories(verb, anchor))
        for conj in verb.conjuncts:
            if not any(c.dep_ in ("nsubj", "nsubjpass", "dobj") for c in conj.children):
                add(_verb_categories(conj, anchor))
        if _lemma(verb) in CASUALTY_VERBS and not found:
            add(NOUN_CATEGORIES.get(word_lemma, ()))
        # "2,700 have sustained injuries": the harm is the verb's object.
        if _lemma(verb) in _SUFFER_VERBS and anchor.dep_ in ("nsubj", "nsubjpass"):
            for child in verb.children:
                if child.dep_ == "dobj":
                    add(NOUN_CATEGORIES.get(_lemma(child), ()))
        # "the number of casualties has surpassed 3,000", "the death toll rose to 40".
        add(_tally_categories(verb))
        # "left 14 dead", "were found dead": a complement names the state.
        for child in verb.children:
            if child.dep_ in ("acomp", "oprd", "xcomp", "attr") and child.i != anchor.i:
                add(SURFACE_CATEGORIES.get(child.lower_, ()))
        # "murdered by four unidentified people": the count did the deed.
        if anchor.dep_ == "pobj" and anchor.head.dep_ == "agent":
            found.clear()
    if anchor.dep_ == "pobj":
        preposition = anchor.head
        governor = preposition.head
        # "the deaths of 10 labor leaders", "claimed the lives of 17,700 people".
        if preposition.lower_ in ("of", "for"):
            add(EVENT_NOUN_CATEGORIES.get(_lemma(governor), ()))
            if _lemma(governor) in ("life", "loss") and _lemma(governor.head) in (
                "claim",
                "cost",
                "take",
                "mourn",
            ):
                add(("killed",))
        # "died along with 15 of his men", "killed along with his son and 15 bodyguards".
        if preposition.lower_ == "with" and any(c.lower_ == "along" for c in preposition.children):
            add(_verb_categories(governor))
        # "murdered by four unidentified people", "carried out by 20 terrorists".
        by_agent = preposition.dep_ == "agent" or preposition.lower_ == "by"
        if by_agent and (_verb_categories(governor) or _lemma(governor) in _DEED_VERBS):
            add(("deployed",))
    if not found and counted.via_of and _lemma(word) in _PRONOUN_GROUPS:
        add(previous)
    if not found:
        add(_window_categories(number, span, sentence))
    if word_lemma in FORCE_NOUNS and not found and _deployment_context(anchor):
        add(("deployed",))
    if "deployed" in found and is_noun and word_lemma not in FORCE_NOUNS | _PEOPLE_WORDS:
        found.remove("deployed")
    # Killed and wounded together, without a split, are casualties.
    if "killed" in found and "injured" in found and not _split(number, span, sentence):
        found = [c for c in found if c not in ("killed", "injured")]
        found.insert(0, "casualties")
    return tuple(found)


_SUFFER_VERBS = frozenset({"sustain", "suffer", "receive", "have", "incur"})
_TALLY_NOUNS = frozenset({"number", "toll", "total", "count", "figure", "tally"})


def _tally_group(anchor: Token) -> Token | None:
    """The group a tally counts: "the number of casualties among North Korean forces"."""
    verb = _clause_verb(anchor)
    if verb is None:
        return None
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and _lemma(child) in _TALLY_NOUNS:
            for token in child.subtree:
                if token.dep_ == "prep" and token.lower_ in ("among", "of") and token.i > child.i:
                    objects = [c for c in token.children if c.dep_ == "pobj"]
                    if objects and _lemma(objects[0]) not in NOUN_CATEGORIES:
                        return objects[0]
    return None


def _tally_categories(verb: Token) -> tuple[str, ...]:
    """Category of a running tally that is the verb's subject ("the death toll", "the number
    of casualties") when the count is what the tally reached."""
    for child in verb.children:
        if child.dep_ not in ("nsubj", "nsubjpass") or _lemma(child) not in _TALLY_NOUNS:
            continue
        for part in child.children:
            if part.dep_ in ("compound", "amod", "nmod"):
                found = NOUN_CATEGORIES.get(_lemma(part)) or EVENT_NOUN_CATEGORIES.get(_lemma(part))
                if found:
                    return found
            if part.dep_ == "prep" and part.lower_ == "of":
                for target in part.children:
                    if target.dep_ == "pobj" and _lemma(target) in NOUN_CATEGORIES:
                        return NOUN_CATEGORIES[_lemma(target)]
    return ()


_INFORMATION_VERBS = frozenset({"report", "mention", "register", "know", "confirm", "give"})
_DEED_VERBS = frozenset(
    {"carry", "attack", "ambush", "commit", "perpetrate", "form", "stage", "fire", "storm"}
)
_PEOPLE_WORDS = frozenset({"people", "person", "individual", "unknown", "one"})


def _value_zero(span: Span) -> bool:
    return any(token.lower_ in ("no", "none", "any", "nobody", "without") for token in span)


def _negated(verb: Token) -> bool:
    return any(child.dep_ == "neg" for child in verb.children)


def _split(number: Token, span: Span, sentence: Span) -> bool:
    """Whether "killed" and "wounded" each get their own count ("3 killed and 7 wounded")."""
    counts = [
        t
        for t in sentence
        if (t.like_num or t.pos_ == "NUM") and t.i not in range(span.start, span.end)
    ]
    return bool(counts) and any(abs(t.i - number.i) < 8 for t in counts)


def _is_agent_clause(clause: Token) -> bool:
    """'the six detectives who arrested him': the counted people did the deed, active voice."""
    if _is_passive(clause) or clause.dep_ != "relcl":
        return False
    has_object = any(child.dep_ == "dobj" for child in clause.children)
    has_relative_subject = any(
        child.dep_ == "nsubj" and child.lower_ in ("who", "that", "which")
        for child in clause.children
    )
    return has_object and has_relative_subject


def _clause_verb(token: Token) -> Token | None:
    head = token
    while head.dep_ in ("conj", "appos") and head.head.i != head.i:
        head = head.head
    if head.dep_ == "ROOT":
        return head
    verb = head.head
    if verb.pos_ in ("VERB", "AUX", "ADJ", "NOUN") or verb.dep_ == "ROOT":
        return verb
    return None


def _verb_categories(token: Token, counted: Token | None = None) -> tuple[str, ...]:
    categories = SURFACE_CATEGORIES.get(token.lower_) or VERB_CATEGORIES.get(_lemma(token), ())
    if (
        not categories
        and _lemma(token) == "wipe"
        and any(c.lower_ == "out" for c in token.children)
    ):
        categories = ("killed",)
    if (
        not categories
        and _lemma(token) in ("seek", "grant", "request", "receive")
        and any(_lemma(c) in ("asylum", "refuge", "shelter") for c in token.children)
    ):
        categories = ("displaced",)
    if not categories:
        return ()
    # Police "capturing" suspects is an arrest; a capture by an armed party stays a capture.
    if categories == ("captured",) and _agent_is_police(token):
        return ("arrested",)
    # "X died" needs its subject to be the count; "X killed N" needs the count as object.
    if counted is not None and _lemma(token) in (
        "kill",
        "murder",
        "massacre",
        "execute",
        "arrest",
        "kidnap",
        "capture",
        "wound",
        "injure",
    ):
        transitive = any(child.dep_ == "dobj" for child in token.children)
        if counted.dep_ == "nsubj" and not _is_passive(token) and transitive:
            return ("deployed",)
    return categories


def _is_passive(token: Token) -> bool:
    return any(child.dep_ in ("auxpass", "nsubjpass") for child in token.children)


def _agent_is_police(token: Token) -> bool:
    for child in token.children:
        if child.dep_ in ("nsubj", "agent"):
            words = {t.lower_ for t in child.subtree}
            if words & {"police", "policemen", "authorities", "agents", "das", "pnc"}:
                return True
    return False


# Category words after a number, in its own clause: "3 killed", "4 were wounded".
_WINDOW_STOP = frozenset({",", ";", ":", ".", "and", "but", "while", "whereas", "including"})


def _window_categories(number: Token, span: Span, sentence: Span) -> tuple[str, ...]:
    found: list[str] = []
    doc = number.doc
    for index in range(span.end, min(span.end + 5, sentence.end)):
        token = doc[index]
        if token.lower_ in _WINDOW_STOP and found:
            break
        if token.lower_ in (",", ";", ".", "(", ")"):
            break
        categories = SURFACE_CATEGORIES.get(token.lower_, ()) or NOUN_CATEGORIES.get(
            _lemma(token), ()
        )
        if token.lower_ in ("either", "or", "were", "was", "been", "had", "have", "being"):
            continue
        for category in categories:
            if category not in found and category != "deployed":
                found.append(category)
        if token.pos_ in ("VERB",) and not categories:
            break
    # "killed or wounded", "dead and wounded" without a split: casualties.
    if len(found) > 1 and set(found) <= {"killed", "injured"}:
        return ("casualties",)
    return tuple(found[:1])


# Verbs that put a counted force in action: sent, massed, arrived, opened fire, took part.
_ACTION_VERBS = frozenset(
    {
        "arrive",
        "enter",
        "surround",
        "attack",
        "occupy",
        "fire",
        "show",
        "storm",
        "raid",
        "ambush",
        "participate",
        "involve",
        "take",
        "travel",
        "operate",
        "guard",
        "patrol",
        "launch",
        "appear",
        "assault",
        "open",
        "break",
        "burst",
        "wear",
        "dress",
        "carry",
    }
)


def _deployment_context(anchor: Token) -> bool:
    """Whether a count of force members is a deployment (sent, massed, in action)."""
    verb = _clause_verb(anchor)
    if verb is None:
        return False
    lemmas = {_lemma(verb)} | {_lemma(conj) for conj in verb.conjuncts}
    lemmas |= {_lemma(c) for c in anchor.children if c.dep_ in ("acl", "relcl")}
    deploy_verbs = {lemma for lemma, cats in VERB_CATEGORIES.items() if cats == ("deployed",)}
    return bool(lemmas & (deploy_verbs | _ACTION_VERBS))


def _subject(counted: Token, span: Span, sentence: Span) -> tuple[str, int, int] | None:
    """The counted people's noun phrase without the number and its qualifier."""
    if counted.i in range(span.start, span.end):
        return None
    tokens = [
        token
        for token in counted.subtree
        if token.i not in range(span.start, span.end)
        and token.dep_ not in ("relcl", "acl", "punct", "cc", "prep", "det")
        and token.i <= counted.i
    ]
    # Keep "of"-phrases that name the group ("members of the Antioquia police").
    for child in counted.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            tokens += list(child.subtree)
    tokens = [t for t in tokens if sentence.start <= t.i < sentence.end]
    if not tokens:
        return None
    tokens.sort(key=lambda t: t.i)
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    return _source(counted.doc)[start:end], start, end


# Nouns that count harm done to a group named apart: "50 casualties on the army".
_HARM_NOUNS = frozenset({"casualty", "injury", "loss", "fatality", "death"})


def _affected_group(word: Token) -> Token | None:
    """The group a harm noun is about: "casualties on the army", "army casualties"."""
    if _lemma(word) not in _HARM_NOUNS:
        return None
    for child in word.children:
        if child.dep_ == "prep" and child.lower_ in ("on", "among", "in", "of"):
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
        if child.dep_ in ("compound", "nmod") and child.pos_ in ("NOUN", "PROPN"):
            return child
    head = word.head
    # "inflicted 50 casualties on the army": the group hangs on the verb.
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in ("on", "among") and child.i > word.i:
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


_ADDITIVE = frozenset({"more", "another", "other", "others", "additional", "further"})


def _is_additive(number: Token, span: Span) -> bool:
    """'two more rebels', 'another three', 'seven other people': a further group, not a repeat."""
    doc = number.doc
    window = range(max(span.start - 1, 0), min(span.end + 2, len(doc)))
    return any(doc[i].lower_ in _ADDITIVE for i in window)


def _group_word(counted: Token, number: Token) -> str | None:
    if counted.i == number.i:
        return None
    return counted.lower_


def _attribution_for(number: Token, sentence: Span) -> Attribution | None:
    """A source attached to the count's own clause ("according to X", "X said that ...")."""
    verb = number
    chain: list[tuple[str, int, int]] = []
    reporting: str | None = None
    seen = set()
    while verb.head.i != verb.i and verb.i not in seen:
        seen.add(verb.i)
        verb = verb.head
        if _lemma(verb) in REPORTING_VERBS and verb.pos_ in ("VERB", "AUX"):
            source = _reporting_source(verb)
            if source:
                chain.insert(0, source)
                reporting = reporting or _lemma(verb)
    inner = _according_to(sentence)
    if inner and inner not in chain:
        chain.append(inner)
    if not chain:
        return None
    return Attribution(tuple(chain), reporting)


_RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})


def _reporting_source(verb: Token) -> tuple[str, int, int] | None:
    for child in verb.children:
        if child.dep_ == "nsubj" and child.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            # "Zelenskyy, who confirmed ...": the pronoun stands for the noun the clause is on.
            return _noun_phrase(verb.head)
        if child.dep_ in ("nsubj",) and child.lower_ not in ("it", "there"):
            return _noun_phrase(child)
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return _noun_phrase(objects[0])
    # "who confirmed": the relative pronoun stands for the noun the clause hangs on.
    if verb.dep_ == "relcl":
        return _noun_phrase(verb.head)
    if verb.dep_ == "advcl" or verb.dep_ == "acl":
        return _reporting_source(verb.head) if _lemma(verb.head) in REPORTING_VERBS else None
    return None


def _according_to(sentence: Span) -> tuple[str, int, int] | None:
    for token in sentence:
        if token.lower_ == "according" and token.i + 1 < sentence.end:
            to = token.doc[token.i + 1]
            objects = [c for c in to.children if c.dep_ == "pobj"] or [
                c for c in token.children if c.dep_ == "pobj"
            ]
            for preposition in token.children:
                objects += [c for c in preposition.children if c.dep_ == "pobj"]
            if objects:
                return _noun_phrase(objects[0])
        if token.lower_ in ("citing", "quoting") and token.pos_ in ("VERB", "ADP"):
            objects = [c for c in token.children if c.dep_ in ("dobj", "pobj")]
            if objects:
                return _noun_phrase(objects[0])
    return None


_MAX_NAME_TOKENS = 14


def _noun_phrase(token: Token) -> tuple[str, int, int]:
    """A name as written: the head with its modifiers, "of"-phrase and first appositive."""
    doc = token.doc
    first = token.left_edge.i
    last = token.i
    for child in token.rights:
        if child.dep_ in ("compound", "nmod", "appos", "prep") and (
            child.dep_ != "prep" or child.lower_ == "of"
        ):
            last = child.right_edge.i
            if child.dep_ == "appos":
                break
        elif child.dep_ in ("relcl", "acl") or (child.is_punct and child.text not in ",()"):
            break
    if last - first > _MAX_NAME_TOKENS:
        # A "name" this long is a misparse that swallowed a clause: keep the head's own words.
        last = token.i
        first = max(first, token.i - _MAX_NAME_TOKENS)
    while first < last and (doc[first].is_punct or doc[first].lower_ in ("’s", "'s")):
        first += 1
    while last > first and doc[last].is_punct and doc[last].text != ")":
        last -= 1
    start, end = doc[first].idx, doc[last].idx + len(doc[last])
    text = _source(doc)[start:end]
    # A name never runs across a line break: keep the line that holds its head word.
    if "\n" in text:
        head_at = token.idx - start
        line_start = text.rfind("\n", 0, head_at) + 1
        line_end = text.find("\n", head_at)
        line_end = len(text) if line_end == -1 else line_end
        start, text = start + line_start, text[line_start:line_end]
        end = start + len(text)
    # An unclosed parenthesis ("Service (NIS"): keep the name before it.
    if text.count("(") > text.count(")"):
        cut = text.rfind("(")
        text = text[:cut].rstrip()
        end = start + len(text)
    return text, start, end


def _attribution(
    sentence: Span,
    sentences: list[Span],
    index: int,
    entities: Sequence[EntitySpan],
    quotations: Sequence[Quotation],
) -> Attribution | None:
    """The source of a sentence as a whole: its reporting verb, a quotation, or a neighbour."""
    chain: list[tuple[str, int, int]] = []
    verb_lemma = None
    for quotation in quotations:
        overlaps = quotation.start_char <= sentence.start_char < quotation.end_char or (
            sentence.start_char <= quotation.start_char < sentence.end_char
        )
        if overlaps and quotation.speaker_text and quotation.speaker_start is not None:
            chain.append((quotation.speaker_text, quotation.speaker_start, quotation.speaker_end))
            verb_lemma = quotation.verb
            break
    if not chain:
        # Only the sentence's main verb speaks for the whole sentence; a reporting verb deeper
        # in it covers its own clause, which `_attribution_for` already handles.
        for token in sentence:
            if token.dep_ == "ROOT" and _lemma(token) in REPORTING_VERBS:
                source = _reporting_source(token)
                if source:
                    chain.append(source)
                    verb_lemma = _lemma(token)
                    break
    inner = _according_to(sentence)
    if inner and inner not in chain:
        chain.append(inner)
    following = sentences[index + 1] if index + 1 < len(sentences) else None
    if following is not None and _BACK_REFERENCE_RE.search(following.text):
        for token in following:
            if _lemma(token) in REPORTING_VERBS and token.pos_ == "VERB":
                source = _reporting_source(token)
                if source and source not in chain:
                    chain.insert(0, source)
                    verb_lemma = verb_lemma or _lemma(token)
                break
    chain = [_resolve_pronoun(item, entities) for item in chain]
    chain = [item for item in chain if item is not None]
    if chain:
        return Attribution(tuple(chain), verb_lemma)
    if index > 0 and _CONTINUATION_RE.search(sentence.text):
        previous = sentences[index - 1]
        if "\n" not in sentence.doc.text[previous.end_char : sentence.start_char]:
            return _attribution(previous, sentences, index - 1, entities, quotations)
    return None


def _back_reference(sentences: list[Span], index: int) -> tuple[str, int, int] | None:
    """A next sentence that attributes the figures before it ("These numbers, disclosed by X")."""
    if index + 1 >= len(sentences):
        return None
    following = sentences[index + 1]
    if not _BACK_REFERENCE_RE.search(following.text):
        return None
    for token in following:
        if _lemma(token) in REPORTING_VERBS and token.pos_ == "VERB":
            return _reporting_source(token)
    return None


def _with_outer(
    attribution: Attribution | None, outer: tuple[str, int, int] | None
) -> Attribution | None:
    if outer is None:
        return attribution
    if attribution is None:
        return Attribution((outer,), None)
    if outer in attribution.chain:
        return attribution
    return Attribution((outer, *attribution.chain), attribution.verb)


def _resolve_pronoun(
    item: tuple[str, int, int], entities: Sequence[EntitySpan]
) -> tuple[str, int, int] | None:
    text, start, _ = item
    if text.lower() not in _PRONOUNS:
        return item
    wanted = ("PERSON",) if text.lower() in ("he", "she", "him", "her") else ("ORG", "GPE", "NORP")
    candidates = [e for e in entities if e.end_char <= start and e.label in wanted]
    if not candidates:
        return None
    best = candidates[-1]
    return None if best is None else ("", best.start_char, best.end_char)


# Heads of noun phrases that stand for a source named elsewhere ("the report", "the station").
_GENERIC_SOURCES = frozenset(
    {
        "report",
        "communique",
        "statement",
        "bulletin",
        "station",
        "source",
        "sources",
        "release",
        "announcement",
        "broadcast",
        "it",
        "they",
        "he",
        "she",
    }
)
_FIRST_PERSON = frozenset({"we", "our", "us", "i"})
# Only a definite generic ("the report", "this station") points back; "a report" is its own.
_DEFINITE = frozenset({"the", "this", "that", "these", "those", "same", "said"})
# Genre labels in a wire header ("[REPORT] [ARMED FORCES PRESS COMMITTEE, COPREFA] [TEXT]").
_HEADER_GENRES = frozenset(
    {
        "text",
        "report",
        "communique",
        "excerpts",
        "excerpt",
        "commentary",
        "station commentary",
        "editorial",
        "editorial report",
        "interview",
        "article",
        "speech",
        "news conference",
        "statement",
        "press release",
        "recording",
        "passage omitted",
        "words indistinct",
        "as heard",
        "begin recording",
        "end recording",
        "quotation marks as published",
    }
)
_HEADER_RE = re.compile(r"^[^\n]{0,160}?--\s*((?:\[[^\]\n]{1,120}\]\s*)+)")
_DATELINE_SOURCE_RE = re.compile(r"^[^\n(]{0,80}\d{2,4}\s*\(([^)\n]{2,60})\)\s*--")
# News agencies publish reports; they are not the source of the figures in them.
NEWS_AGENCIES = frozenset(
    {
        "afp",
        "efe",
        "acan",
        "acan-efe",
        "dpa",
        "ap",
        "upi",
        "reuters",
        "ansa",
        "xinhua",
        "tass",
        "notimex",
        "prensa latina",
        "ips",
        "kyodo",
        "yonhap",
        "itar-tass",
        "interfax",
    }
)


# Words that make a noun phrase a person ("Col Ponce", "spokesman Peskov").
PERSON_TITLES = frozenset(
    {
        "president",
        "minister",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "col",
        "colonel",
        "gen",
        "general",
        "lt",
        "maj",
        "major",
        "capt",
        "captain",
        "commander",
        "mayor",
        "governor",
        "senator",
        "deputy",
        "legislator",
        "ambassador",
        "secretary",
        "director",
        "chief",
        "mr",
        "mrs",
        "ms",
        "dr",
        "father",
        "bishop",
        "archbishop",
        "judge",
        "attorney",
        "officer",
        "correspondent",
    }
)


def _overlaps_person(item: tuple[str, int, int], entities: Sequence[EntitySpan]) -> bool:
    _, start, end = item
    return any(e.label == "PERSON" and e.start_char < end and start < e.end_char for e in entities)


@dataclass
class DocumentSources:
    """Sources a whole report gives: its header author, its dateline station, and the last
    source it named, used to resolve "he", "the report" or "we" in later sentences."""

    header_author: tuple[str, int, int] | None
    station: tuple[str, int, int] | None
    last_named: tuple[str, int, int] | None = None
    last_person: tuple[str, int, int] | None = None

    @classmethod
    def of(cls, text: str) -> DocumentSources:
        header_author = None
        match = _HEADER_RE.search(text[:400])
        if match:
            offset = match.start(1)
            for bracket in re.finditer(r"\[([^\]]+)\]", match.group(1)):
                label = bracket.group(1).strip()
                if label.lower() not in _HEADER_GENRES:
                    start = offset + bracket.start(1)
                    header_author = (label, start, start + len(label))
                    break
        station = None
        dateline = _DATELINE_SOURCE_RE.search(text[:200])
        if dateline:
            name = dateline.group(1).strip()
            if not set(re.split(r"[\s/,-]+", name.lower())) & NEWS_AGENCIES:
                station = (name, dateline.start(1), dateline.start(1) + len(name))
        return cls(header_author, station)

    def resolve(
        self, attribution: Attribution | None, entities: Sequence[EntitySpan]
    ) -> Attribution | None:
        """Replace pronouns and generic sources by what they stand for; default to the header."""
        if attribution is None:
            return Attribution((self.header_author,), None) if self.header_author else None
        chain = []
        for item in attribution.chain:
            words = re.findall(r"[a-z]+", item[0].lower())
            head = words[-1] if words else ""
            if words and (set(words) & _FIRST_PERSON) and len(words) <= 3:
                # "we can report": the reporter's own voice, not a source.
                continue
            if head in ("he", "she", "him", "her"):
                resolved = _resolve_pronoun(item, entities) or self.last_person
                if resolved is None:
                    continue
                item = resolved
            elif (head in _GENERIC_SOURCES or head in _PRONOUNS) and set(words[:-1]) <= _DEFINITE:
                item = self.last_named or self.header_author or self.station or item
            else:
                self.last_named = item
                if set(words) & PERSON_TITLES or _overlaps_person(item, entities):
                    self.last_person = item
            if item not in chain:
                chain.append(item)
        if not chain:
            return None
        return Attribution(tuple(chain), attribution.verb)


def _claim(
    category: str,
    quantity: Quantity,
    subject: tuple[str, int, int] | None,
    subject_group: str | None,
    attribution: Attribution | None,
    sentence: Span,
    index: int,
    entities: Sequence[EntitySpan],
    timexes: Sequence[Timex],
    published_date: dt.date | None,
) -> Claim:
    text = _source(sentence.doc)
    chain = []
    chain_ids = []
    for name, start, end in attribution.chain if attribution else ():
        name = name or text[start:end]
        chain.append(name)
        chain_ids.append(_entity_in(entities, start, end))
    subject_entity = _entity_in(entities, subject[1], subject[2]) if subject else None
    location = _location(entities, sentence, subject)
    hedge_match = _HEDGE_RE.search(sentence.text)
    claimant_text = chain[-1] if chain else None
    claimant_id = chain_ids[-1] if chain_ids else None
    claim = Claim(
        category=category,
        value=quantity.value,
        low=quantity.low,
        high=quantity.high,
        qualifier=quantity.qualifier,
        negated=quantity.value == 0,
        subject_text=subject[0] if subject else None,
        subject_span=subject,
        subject_group=subject_group,
        subject_entity_id=subject_entity,
        claimant_text=claimant_text,
        claimant_entity_id=claimant_id,
        claimant_chain=tuple(chain),
        reporting_verb=attribution.verb if attribution else None,
        hedge=hedge_match.group(1).lower() if hedge_match else None,
        location_entity_id=location,
        as_of_date=_as_of(sentence, timexes, published_date),
        is_cumulative=bool(_CUMULATIVE_RE.search(sentence.text)),
        sentence=_sentence_text(sentence),
        sentence_index=index,
        start_char=quantity.start_char,
        end_char=quantity.end_char,
        text=quantity.text,
    )
    return _with_cluster_key(claim)


def entity_at(entities: Sequence[EntitySpan], start: int | None, end: int | None) -> str | None:
    """The entity id of the mention overlapping [start, end) most, if any."""
    if start is None or end is None:
        return None
    return _entity_in(entities, start, end)


def _entity_in(entities: Sequence[EntitySpan], start: int, end: int) -> str | None:
    best, best_overlap = None, 0
    for entity in entities:
        overlap = min(end, entity.end_char) - max(start, entity.start_char)
        if overlap > best_overlap and entity.entity_id:
            best, best_overlap = entity.entity_id, overlap
    return best


def _location(
    entities: Sequence[EntitySpan], sentence: Span, subject: tuple[str, int, int] | None
) -> str | None:
    for entity in entities:
        if not (sentence.start_char <= entity.start_char < sentence.end_char):
            continue
        if entity.label not in ("GPE", "LOC", "FAC"):
            continue
        if subject and subject[1] <= entity.start_char < subject[2]:
            continue
        before = _source(sentence.doc)[max(entity.start_char - 6, 0) : entity.start_char].lower()
        if re.search(r"\b(in|near|at|of|from|outside)\s+(the\s+)?$", before):
            return entity.entity_id
    return None


def _as_of(
    sentence: Span, timexes: Sequence[Timex], published_date: dt.date | None
) -> dt.date | None:
    for timex in timexes:
        if sentence.start_char <= timex.start_char < sentence.end_char and (
            timex.timex_type == "DATE" and timex.end_date is not None
        ):
            end = timex.end_date
            if published_date and end > published_date:
                end = published_date
            return end
    return published_date


def cluster_key(
    *,
    claimant_entity_id: str | None,
    claimant_text: str | None,
    category: str,
    subject_entity_id: str | None,
    subject_group: str | None,
    value: float,
    qualifier: str,
) -> str:
    """Claims with the same claimant, category, subject and value share a cluster key."""
    payload = "\x1f".join(
        [
            claimant_entity_id or _normal(claimant_text),
            category,
            subject_entity_id or _normal(subject_group),
            f"{value:g}",
            qualifier,
        ]
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:24]


def _with_cluster_key(claim: Claim) -> Claim:
    key = cluster_key(
        claimant_entity_id=claim.claimant_entity_id,
        claimant_text=claim.claimant_text,
        category=claim.category,
        subject_entity_id=claim.subject_entity_id,
        subject_group=claim.subject_group,
        value=claim.value,
        qualifier=claim.qualifier,
    )
    return dataclasses.replace(claim, cluster_key=key)


def _normal(text: str | None) -> str:
    return " ".join((text or "").lower().split())


_QUOTE_RE = re.compile(r"[“\"]([^”\"]{12,}?)[”\"]")


def extract_quotations(doc: Doc, entities: Sequence[EntitySpan]) -> list[Quotation]:
    """Direct quotations of at least three words, with the speaker the text names."""
    text = _source(doc)
    sentences = list(doc.sents)
    sentence_starts = [s.start_char for s in sentences]
    quotations = []
    for match in _QUOTE_RE.finditer(text):
        quote = match.group(1)
        if len(quote.split()) < 3:
            continue
        start, end = match.start(1), match.end(1)
        speaker, verb = _speaker(doc, sentences, match.start(), match.end(), entities)
        quotations.append(
            Quotation(
                quote=quote,
                start_char=start,
                end_char=end,
                speaker_text=speaker[0] if speaker else None,
                speaker_start=speaker[1] if speaker else None,
                speaker_end=speaker[2] if speaker else None,
                verb=verb,
                sentence_index=_sentence_index(sentence_starts, start),
            )
        )
    return quotations


def _speaker(
    doc: Doc,
    all_sentences: Sequence[Span],
    start: int,
    end: int,
    entities: Sequence[EntitySpan],
) -> tuple[tuple[str, int, int] | None, str | None]:
    """The subject of the reporting verb next to a quotation ('he said', 'X stating');
    `all_sentences` are the sentences of `doc`."""
    inside = range(start, end)
    sentences = [s for s in all_sentences if s.start_char < end and s.end_char > start]
    following = [s for s in all_sentences if s.start_char >= end][:1]
    candidates = []
    for sentence in sentences + following:
        for token in sentence:
            if token.idx in inside:
                continue
            if _lemma(token) in REPORTING_VERBS and token.pos_ == "VERB":
                candidates.append(token)
        if candidates:
            break
    for verb in candidates:
        source = _reporting_source(verb)
        if source is None:
            continue
        resolved = _resolve_pronoun(source, entities)
        if resolved is None:
            continue
        name, s, e = resolved
        return (name or _source(doc)[s:e], s, e), _lemma(verb)
    return None, None
