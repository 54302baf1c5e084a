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

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from transforms.dates import Timex
from transforms.numbers import Quantity

CATEGORIES = (
    "killed",
    "injured",
    "casualties",
    "captured",
    "kidnapped",
    "arrested",
    "missing",
    "displaced",
    "deployed",
)

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
) -> list[Claim]:
    """Every claim in the article, one per (category, subject, value), at first mention."""
    sentences = list(doc.sents)
    starts = [sentence.start_char for sentence in sentences]
    quotations = extract_quotations(doc, entities)
    attributions: dict[int, Attribution | None] = {}
    claims: list[Claim] = []
    seen: set[tuple[str, float, str, bool]] = set()
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
        attribution = _attribution_for(number, sentence) or attributions[index]
        group_token = _affected_group(counted.word) if counted.word.i != number.i else None
        subject = _subject(group_token or counted.word, span, sentence)
        subject_group = _group_word(group_token or counted.word, number)
        additive = _is_additive(number, span)
        for category in categories:
            key = (category, quantity.value, (subject_group or "").lower(), additive)
            if key in seen:
                continue
            seen.add(key)
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
    return doc.user_data.get(SOURCE_TEXT_KEY, doc.text)


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
    while head.head.i != head.i and head.head.i in range(span.start, span.end):
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


def _reporting_source(verb: Token) -> tuple[str, int, int] | None:
    for child in verb.children:
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


def _noun_phrase(token: Token) -> tuple[str, int, int]:
    tokens = [t for t in token.subtree if t.dep_ not in ("relcl", "acl", "punct") or t.i == token.i]
    # Stop at a relative clause or a comma that ends the name.
    kept = [t for t in tokens if t.i <= token.i or t.dep_ in ("appos", "prep", "pobj", "compound")]
    kept = [t for t in kept if not (t.i > token.i and t.is_punct)]
    span_start = min(t.i for t in kept)
    span_end = max(t.i for t in kept)
    doc = token.doc
    while span_start < span_end and (
        doc[span_start].is_punct or doc[span_start].lower_ in ("’s", "'s")
    ):
        span_start += 1
    start = doc[span_start].idx
    end = doc[span_end].idx + len(doc[span_end])
    return _source(doc)[start:end], start, end


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
        for token in sentence:
            if _lemma(token) in REPORTING_VERBS and token.pos_ == "VERB":
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
        before = sentence.doc.text[max(entity.start_char - 6, 0) : entity.start_char].lower()
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


def _with_cluster_key(claim: Claim) -> Claim:
    """Claims with the same claimant, category, subject and value share a cluster key."""
    claimant = claim.claimant_entity_id or _normal(claim.claimant_text)
    subject = claim.subject_entity_id or _normal(claim.subject_group)
    payload = "\x1f".join([claimant, claim.category, subject, f"{claim.value:g}", claim.qualifier])
    key = hashlib.sha256(payload.encode()).hexdigest()[:24]
    return Claim(
        **{**{f: getattr(claim, f) for f in claim.__dataclass_fields__}, "cluster_key": key}
    )


def _normal(text: str | None) -> str:
    return " ".join((text or "").lower().split())


_QUOTE_RE = re.compile(r"[“\"]([^”\"]{12,}?)[”\"]")


def extract_quotations(doc: Doc, entities: Sequence[EntitySpan]) -> list[Quotation]:
    """Direct quotations of at least three words, with the speaker the text names."""
    text = _source(doc)
    sentence_starts = [s.start_char for s in doc.sents]
    quotations = []
    for match in _QUOTE_RE.finditer(text):
        quote = match.group(1)
        if len(quote.split()) < 3:
            continue
        start, end = match.start(1), match.end(1)
        speaker, verb = _speaker(doc, match.start(), match.end(), entities)
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
    doc: Doc, start: int, end: int, entities: Sequence[EntitySpan]
) -> tuple[tuple[str, int, int] | None, str | None]:
    """The subject of the reporting verb next to a quotation ('he said', 'X stating')."""
    inside = range(start, end)
    sentences = [s for s in doc.sents if s.start_char < end and s.end_char > start]
    following = [s for s in doc.sents if s.start_char >= end][:1]
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
