"""Which categories a count belongs to, from its counted word, its clause and its neighbours."""

from __future__ import annotations

from spacy.tokens import Span, Token

from schemas.claims import ARRESTED, CAPTURED, CASUALTIES, DEPLOYED, DISPLACED, INJURED, KILLED
from transforms.claims.parse import clause_verb, is_negated, is_passive, lemma
from transforms.claims.subjects import PRONOUN_GROUPS, Counted
from transforms.vocabulary.casualties import (
    ASYLUM_NOUNS,
    ASYLUM_VERBS,
    CASUALTY_VERBS,
    DEED_CATEGORY_VERBS,
    DEED_VERBS,
    DEPLOYMENT_VERBS,
    EVENT_NOUN_CATEGORIES,
    FORCE_ACTION_VERBS,
    FORCE_NOUNS,
    INFORMATION_VERBS,
    LIFE_NOUNS,
    LIFE_TAKING_VERBS,
    NOT_PEOPLE,
    NOUN_CATEGORIES,
    PEOPLE_WORDS,
    POLICE_WORDS,
    SUFFER_VERBS,
    SURFACE_CATEGORIES,
    TALLY_NOUNS,
    VERB_CATEGORIES,
    ZERO_WORDS,
)


def categories_of(
    number: Token, counted: Counted, span: Span, sentence: Span, previous: tuple[str, ...]
) -> tuple[str, ...]:
    """Categories the count belongs to, in the order the text gives them.

    `previous` are the categories of the last claim in the same sentence: a breakdown such as
    "20 were injured, 3 of them seriously" inherits them.
    """
    word, anchor = counted.word, counted.anchor
    word_lemma = lemma(word)
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
            if is_agent_clause(child):
                add((DEPLOYED,) if verb_categories(child) else ())
                continue
            add(verb_categories(child))
            for conj in child.conjuncts:
                add(verb_categories(conj))
    verb = clause_verb(anchor)
    if verb is not None and anchor.dep_ not in ("pobj",):
        zero = is_explicit_zero(span)
        # "these three have not been arrested" is no claim; "did not inflict any" is a zero.
        if is_negated(verb) and not zero:
            return ()
        # "no casualties were reported" says nothing is known, not that nobody was hurt.
        if zero and lemma(verb) in INFORMATION_VERBS:
            return ()
        add(verb_categories(verb, anchor))
        for conj in verb.conjuncts:
            if not any(c.dep_ in ("nsubj", "nsubjpass", "dobj") for c in conj.children):
                add(verb_categories(conj, anchor))
        if lemma(verb) in CASUALTY_VERBS and not found:
            add(NOUN_CATEGORIES.get(word_lemma, ()))
        # "2,700 have sustained injuries": the harm is the verb's object.
        if lemma(verb) in SUFFER_VERBS and anchor.dep_ in ("nsubj", "nsubjpass"):
            for child in verb.children:
                if child.dep_ == "dobj":
                    add(NOUN_CATEGORIES.get(lemma(child), ()))
        # "the number of casualties has surpassed 3,000", "the death toll rose to 40".
        add(tally_categories(verb))
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
            add(EVENT_NOUN_CATEGORIES.get(lemma(governor), ()))
            if lemma(governor) in LIFE_NOUNS and lemma(governor.head) in LIFE_TAKING_VERBS:
                add((KILLED,))
        # "died along with 15 of his men", "killed along with his son and 15 bodyguards".
        if preposition.lower_ == "with" and any(c.lower_ == "along" for c in preposition.children):
            add(verb_categories(governor))
        # "murdered by four unidentified people", "carried out by 20 terrorists".
        by_agent = preposition.dep_ == "agent" or preposition.lower_ == "by"
        if by_agent and (verb_categories(governor) or lemma(governor) in DEED_VERBS):
            add((DEPLOYED,))
    if not found and counted.via_of and lemma(word) in PRONOUN_GROUPS:
        add(previous)
    if not found:
        add(window_categories(number, span, sentence))
    if word_lemma in FORCE_NOUNS and not found and is_deployment(anchor):
        add((DEPLOYED,))
    if DEPLOYED in found and is_noun and word_lemma not in FORCE_NOUNS | PEOPLE_WORDS:
        found.remove(DEPLOYED)
    # Killed and wounded together, without a split, are casualties.
    if KILLED in found and INJURED in found and not has_split(number, span, sentence):
        found = [c for c in found if c not in (KILLED, INJURED)]
        found.insert(0, CASUALTIES)
    return tuple(found)


def tally_categories(verb: Token) -> tuple[str, ...]:
    """Category of a running tally that is the verb's subject ("the death toll", "the number
    of casualties") when the count is what the tally reached."""
    for child in verb.children:
        if child.dep_ not in ("nsubj", "nsubjpass") or lemma(child) not in TALLY_NOUNS:
            continue
        for part in child.children:
            if part.dep_ in ("compound", "amod", "nmod"):
                found = NOUN_CATEGORIES.get(lemma(part)) or EVENT_NOUN_CATEGORIES.get(lemma(part))
                if found:
                    return found
            if part.dep_ == "prep" and part.lower_ == "of":
                for target in part.children:
                    if target.dep_ == "pobj" and lemma(target) in NOUN_CATEGORIES:
                        return NOUN_CATEGORIES[lemma(target)]
    return ()


def is_explicit_zero(span: Span) -> bool:
    """Whether a count is worded as nobody ("no one", "none of", "without any")."""
    return any(token.lower_ in ZERO_WORDS for token in span)


def has_split(number: Token, span: Span, sentence: Span) -> bool:
    """Whether "killed" and "wounded" each get their own count ("3 killed and 7 wounded")."""
    counts = [
        t
        for t in sentence
        if (t.like_num or t.pos_ == "NUM") and t.i not in range(span.start, span.end)
    ]
    return bool(counts) and any(abs(t.i - number.i) < 8 for t in counts)


def is_agent_clause(clause: Token) -> bool:
    """'the six detectives who arrested him': the counted people did the deed, active voice."""
    if is_passive(clause) or clause.dep_ != "relcl":
        return False
    has_object = any(child.dep_ == "dobj" for child in clause.children)
    has_relative_subject = any(
        child.dep_ == "nsubj" and child.lower_ in ("who", "that", "which")
        for child in clause.children
    )
    return has_object and has_relative_subject


def verb_categories(token: Token, counted: Token | None = None) -> tuple[str, ...]:
    """Categories a verb (or participle) gives the people it is about.

    With `counted`, the count's token in the verb's clause: an active deed verb whose subject
    is the count makes the counted people the party that acted (`deployed`).
    """
    categories = SURFACE_CATEGORIES.get(token.lower_) or VERB_CATEGORIES.get(lemma(token), ())
    if not categories and lemma(token) == "wipe" and any(c.lower_ == "out" for c in token.children):
        categories = (KILLED,)
    if (
        not categories
        and lemma(token) in ASYLUM_VERBS
        and any(lemma(c) in ASYLUM_NOUNS for c in token.children)
    ):
        categories = (DISPLACED,)
    if not categories:
        return ()
    # Police "capturing" suspects is an arrest; a capture by an armed party stays a capture.
    if categories == (CAPTURED,) and is_police_agent(token):
        return (ARRESTED,)
    # "X died" needs its subject to be the count; "X killed N" needs the count as object.
    if counted is not None and lemma(token) in DEED_CATEGORY_VERBS:
        transitive = any(child.dep_ == "dobj" for child in token.children)
        if counted.dep_ == "nsubj" and not is_passive(token) and transitive:
            return (DEPLOYED,)
    return categories


def is_police_agent(token: Token) -> bool:
    """Whether the verb's subject or agent is the police or other authorities."""
    for child in token.children:
        if child.dep_ in ("nsubj", "agent"):
            words = {t.lower_ for t in child.subtree}
            if words & POLICE_WORDS:
                return True
    return False


# Words that end a count's own clause in the window after it: "3 killed, 4 missing".
_WINDOW_STOP = frozenset({",", ";", ":", ".", "and", "but", "while", "whereas", "including"})
# Words the window reads past: auxiliaries and "either ... or".
_WINDOW_SKIP = ("either", "or", "were", "was", "been", "had", "have", "being")


def window_categories(number: Token, span: Span, sentence: Span) -> tuple[str, ...]:
    """Category words right after a number, in its own clause: "3 killed", "4 were wounded"."""
    found: list[str] = []
    doc = number.doc
    for index in range(span.end, min(span.end + 5, sentence.end)):
        token = doc[index]
        if token.lower_ in _WINDOW_STOP and found:
            break
        if token.lower_ in (",", ";", ".", "(", ")"):
            break
        categories = SURFACE_CATEGORIES.get(token.lower_, ()) or NOUN_CATEGORIES.get(
            lemma(token), ()
        )
        if token.lower_ in _WINDOW_SKIP:
            continue
        for category in categories:
            if category not in found and category != DEPLOYED:
                found.append(category)
        if token.pos_ in ("VERB",) and not categories:
            break
    # "killed or wounded", "dead and wounded" without a split: casualties.
    if len(found) > 1 and set(found) <= {KILLED, INJURED}:
        return (CASUALTIES,)
    return tuple(found[:1])


def is_deployment(anchor: Token) -> bool:
    """Whether a count of force members is a deployment (sent, massed, in action)."""
    verb = clause_verb(anchor)
    if verb is None:
        return False
    lemmas = {lemma(verb)} | {lemma(conj) for conj in verb.conjuncts}
    lemmas |= {lemma(c) for c in anchor.children if c.dep_ in ("acl", "relcl")}
    return bool(lemmas & (DEPLOYMENT_VERBS | FORCE_ACTION_VERBS))
