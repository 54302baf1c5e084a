"""Which categories a count belongs to, from its counted word, its clause and its neighbours."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from schemas.claims import (
    ARRESTED,
    CAPTURED,
    CASUALTIES,
    DEPLOYED,
    DISPLACED,
    INJURED,
    KILLED,
    MISSING,
)
from schemas.quantities import EXACT
from transforms.claims.forces import is_deployment
from transforms.claims.modality import MODALS
from transforms.claims.parse import clause_verb, is_negated, is_passive, lemma, source_text
from transforms.claims.subjects import PRONOUN_GROUPS, Counted
from transforms.numbers import Quantity
from transforms.vocabulary.casualties import (
    ASYLUM_NOUNS,
    ASYLUM_VERBS,
    CASUALTY_VERBS,
    COMPARISON_WORDS,
    DEED_CATEGORY_VERBS,
    DEED_VERBS,
    EVENT_NOUN_CATEGORIES,
    FORCE_NOUNS,
    HARM_MANNER_VERBS,
    HELD_AS_NOUNS,
    INFORMATION_VERBS,
    LIFE_NOUNS,
    LIFE_TAKING_VERBS,
    NOT_PEOPLE,
    NOUN_CATEGORIES,
    PEOPLE_WORDS,
    POLICE_WORDS,
    RATE_PERIODS,
    SUFFER_VERBS,
    SURFACE_CATEGORIES,
    TALLY_NOUNS,
    VERB_CATEGORIES,
    ZERO_EVENT_NOUNS,
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
    # "several bullet wounds": wounds on a body, not wounded people ("wounded" is read apart).
    if is_noun and (word_lemma in NOT_PEOPLE or is_rate(word) or word.lower_ in WOUND_WORDS):
        return ()
    found: list[str] = []

    def add(categories: tuple[str, ...]) -> None:
        for category in categories:
            if category not in found:
                found.append(category)

    # "74, including eight Americans, were killed", "30 died, among them five teachers": a
    # subset of the count just made takes its category, unless its own clause or harm noun
    # says what happened to it ("including one hostage who was beheaded").
    if previous and is_subset(anchor):
        own = [
            category
            for child in word.children
            if child.dep_ in ("acl", "relcl") and child.i > word.i
            for category in verb_categories(child)
        ]
        harm = tuple(c for c in NOUN_CATEGORIES.get(word_lemma, ()) if c in HARM_CATEGORIES)
        return tuple(dict.fromkeys(own)) or (harm if is_noun else ()) or previous
    if is_noun:
        add(NOUN_CATEGORIES.get(word_lemma, ()))
        # "there have been no arrests": a zero of an event noun counts its people.
        if is_explicit_zero(span):
            add(ZERO_EVENT_NOUNS.get(word_lemma, ()))
        if word.pos_ != "NOUN":
            add(SURFACE_CATEGORIES.get(word.lower_, ()))
    # Participles and relative clauses on the counted word: "soldiers killed", "people who died";
    # a clause after the last of a list covers the list ("three men and a girl, who took part").
    clauses = list(word.children)
    for conj in word.conjuncts:
        if conj.i > word.i and not any(c.dep_ == "nummod" for c in conj.children):
            clauses += [c for c in conj.children if c.dep_ == "relcl"]
    for child in clauses:
        if child.dep_ in ("acl", "amod", "relcl", "advcl") and child.i > word.i:
            # "a caseload of 162,000, of whom 7,844 have died": the clause counts a subset.
            if has_own_count(child):
                continue
            if is_agent_clause(child):
                add((DEPLOYED,) if verb_categories(child) else ())
                continue
            add(verb_categories(child))
            for conj in child.conjuncts:
                add(verb_categories(conj))
    verb = clause_verb(anchor)
    # "captured today were two extraditables": the count is the attribute of the passive's
    # auxiliary, whose participle is the clause's verb.
    if verb is not None and first_conjunct(anchor).dep_ == "attr" and verb.dep_ == "auxpass":
        verb = verb.head
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
            # "They kidnapped and killed 11 people": an earlier verb shares the subject.
            shared_object = (
                conj.i < verb.i
                and anchor.dep_ == "dobj"
                and not is_passive(conj)
                and not any(c.dep_ == "nsubj" for c in verb.children)
            )
            own = ("dobj",) if shared_object else ("nsubj", "nsubjpass", "dobj")
            if not any(c.dep_ in own for c in conj.children):
                add(verb_categories(conj, anchor))
        if lemma(verb) in CASUALTY_VERBS and not found:
            add(NOUN_CATEGORIES.get(word_lemma, ()))
        # "2,700 have sustained injuries": the harm is the verb's object.
        if lemma(verb) in SUFFER_VERBS and anchor.dep_ in ("nsubj", "nsubjpass"):
            for child in verb.children:
                if child.dep_ == "dobj":
                    add(NOUN_CATEGORIES.get(lemma(child), ()))
        # "the number of casualties has surpassed 3,000", "the death toll rose to 40".
        add(tally_categories(verb, previous))
        # "among the injured are two girls": the group the count is picked from.
        add(among_categories(verb, anchor))
        # "left 14 dead", "were found dead": a complement names the state.
        for child in verb.children:
            if child.dep_ in ("acomp", "oprd", "xcomp", "attr") and child.i != anchor.i:
                add(SURFACE_CATEGORIES.get(child.lower_, ()))
        # "taken into custody", "remain in custody": held by the authorities.
        if in_custody(verb):
            add((ARRESTED,))
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
        # "granted asylum to five officers": the recipients are displaced.
        if preposition.lower_ == "to" and verb_categories(governor) == (DISPLACED,):
            add((DISPLACED,))
        # "died along with 15 of his men".
        if is_along_with(preposition):
            add(verb_categories(governor.head if governor.lower_ == "along" else governor))
        # "the total may have climbed above 8,000": the number is what a tally reached.
        if counted.word.i == number.i and governor.pos_ in ("VERB", "AUX"):
            add(tally_categories(governor, previous))
        # "murdered by four unidentified people", "carried out by 20 terrorists".
        by_agent = preposition.dep_ == "agent" or preposition.lower_ == "by"
        if by_agent and (verb_categories(governor) or lemma(governor) in DEED_VERBS):
            add((DEPLOYED,))
    # "killed along with his son and 15 bodyguards": a later item of the "with" phrase.
    first = first_conjunct(anchor)
    if first.i != anchor.i and first.dep_ == "pobj" and is_along_with(first.head):
        governor = first.head.head
        add(verb_categories(governor.head if governor.lower_ == "along" else governor))
    if is_noun and not found and in_custody(word):
        add((ARRESTED,))
    # "3 of them in a serious condition": a breakdown of the group just counted.
    pronoun = lemma(word) in PRONOUN_GROUPS or word.lower_ in PRONOUN_GROUPS
    if not found and counted.via_of and pronoun:
        add(previous)
    # "the arrest of eight detectives, two policemen and four guards": a later item of a
    # counted list shares the category of the item before it.
    if not found and previous and is_later_list_item(anchor):
        add(previous)
    # "34 deaths in September compared to four in August": the earlier figure it is set against.
    if not found and previous and counted.word.i == number.i and is_compared(anchor):
        add(previous)
    window = window_categories(number, span, sentence)
    # "several dead and wounded civilians": the words after the count join both harms.
    if window == (CASUALTIES,) and found and set(found) <= {KILLED, INJURED}:
        found = [CASUALTIES]
    if not found:
        add(window)
    force = is_noun and is_force_noun(word)
    if force and not found and is_deployment(anchor):
        add((DEPLOYED,))
    if DEPLOYED in found and is_noun and not force and word_lemma not in PEOPLE_WORDS:
        found.remove(DEPLOYED)
    # "of the eight victims, three were stabbed, two were strangled": victims of killings.
    if CASUALTIES in found and word_lemma == "victim" and only_killings(number, span, sentence):
        found[found.index(CASUALTIES)] = KILLED
    # "one of the injured persons is X": naming one of a group counted before is no claim,
    # unless its clause says something new happened to that one ("one of the hostages died").
    if counted.via_of and number.lower_ in ("one", "1"):
        known = group_categories(word)
        found = [c for c in found if c not in known]
    # Killed and wounded together, without a split, are casualties.
    if KILLED in found and INJURED in found and not has_split(number, span, sentence):
        found = [c for c in found if c not in (KILLED, INJURED)]
        found.insert(0, CASUALTIES)
    return tuple(found)


# Counted words that are wounds on a body, not people: surface forms, as "wounded" may lemmatize
# to "wound".
WOUND_WORDS = frozenset({"wound", "wounds"})
# Categories that say what happened to people, as opposed to what they were held as.
HARM_CATEGORIES = frozenset({KILLED, INJURED, CASUALTIES, MISSING})
# Words that open a subset of a count: "including eight Americans", "among them five teachers".
_SUBSET_WORDS = frozenset({"including", "among", "includes", "included"})


def is_compared(anchor: Token) -> bool:
    """Whether a bare number is the figure another is compared with ("compared to four", "up
    from 12", "down from the record high of 799")."""
    if anchor.dep_ != "pobj":
        return False
    token = anchor.head
    for _ in range(3):
        if lemma(token) in COMPARISON_WORDS:
            return True
        if token.head.i == token.i:
            break
        token = token.head
    return False


def first_conjunct(token: Token) -> Token:
    """The first item of the list a token is a later item of (the token itself otherwise)."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def is_along_with(preposition: Token) -> bool:
    """'along with': "along" on the preposition or just before it on the verb."""
    if preposition.lower_ != "with":
        return False
    previous = preposition.nbor(-1) if preposition.i > 0 else None
    return any(c.lower_ == "along" for c in preposition.children) or (
        previous is not None and previous.lower_ == "along"
    )


def among_categories(verb: Token, anchor: Token) -> tuple[str, ...]:
    """'among the injured are two girls', 'among the dead were 3 children': the category of
    the group a count is picked from, with "to be"."""
    if lemma(verb) != "be" or anchor.dep_ not in ("attr", "nsubj"):
        return ()
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "among":
            for group in child.children:
                if group.dep_ == "pobj":
                    return SURFACE_CATEGORIES.get(group.lower_) or NOUN_CATEGORIES.get(
                        lemma(group), ()
                    )
    return ()


def group_categories(word: Token) -> set[str]:
    """Categories a counted group already has by its own words ("the injured persons", "the
    victims", "the women to flee")."""
    found = set(SURFACE_CATEGORIES.get(word.lower_, ()) or NOUN_CATEGORIES.get(lemma(word), ()))
    for child in word.children:
        if child.dep_ in ("amod", "acl", "relcl"):
            found |= set(SURFACE_CATEGORIES.get(child.lower_, ()) or verb_categories(child))
    return found


def only_killings(number: Token, span: Span, sentence: Span) -> bool:
    """Whether the sentence breaks a count down by other counts whose verbs all kill ("three
    were stabbed, two were strangled, one was asphyxiated")."""
    verbs = [
        token.head
        for token in sentence
        if token.dep_ in ("nsubj", "nsubjpass")
        and (token.like_num or token.pos_ == "NUM")
        and token.i not in range(span.start, span.end)
        and token.i != number.i
    ]
    return bool(verbs) and all(verb_categories(verb) == (KILLED,) for verb in verbs)


def is_later_list_item(anchor: Token) -> bool:
    """Whether a counted noun is a later item of a list whose first item is counted too."""
    if anchor.dep_ != "conj":
        return False
    first = anchor
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    return any(c.dep_ == "nummod" or c.like_num for c in first.children) or first.like_num


def event_zeros(doc: Doc, quantities: list[Quantity]) -> list[Quantity]:
    """Zeros worded with an event noun, which the number reader leaves to the claims rules:
    "there have been no arrests", "police had not made any arrests" (guidelines 4.3)."""
    taken = {q.start_char for q in quantities}
    text = source_text(doc)
    found = []
    for token in doc:
        if token.lower_ not in ("no", "any") or token.dep_ != "det" or token.idx in taken:
            continue
        if lemma(token.head) not in ZERO_EVENT_NOUNS or token.head.i != token.i + 1:
            continue
        # "any" needs a negated verb: "had not made any arrests", not "if any arrests follow".
        verb = clause_verb(token.head)
        if token.lower_ == "any" and (verb is None or not is_negated(verb)):
            continue
        start, end = token.idx, token.idx + len(token)
        word = text[start:end]
        found.append(Quantity(word, start, end, 0.0, 0.0, 0.0, EXACT, word))
    return found


def is_rate(word: Token) -> bool:
    """'about 25 bodies a week', '40 patients per day': a routine rate, not a toll."""
    for child in word.children:
        if (
            child.dep_ == "npadvmod"
            and lemma(child) in RATE_PERIODS
            and any(c.lower_ in ("a", "an", "each", "every", "per") for c in child.children)
        ):
            return True
        if child.dep_ == "prep" and child.lower_ == "per":
            return True
    return False


def in_custody(token: Token) -> bool:
    """Whether a verb or noun is placed "in custody" or "into custody"."""
    return any(
        child.dep_ == "prep"
        and child.lower_ in ("in", "into")
        and any(lemma(c) == "custody" for c in child.children if c.dep_ == "pobj")
        for child in token.children
    )


def is_force_noun(word: Token) -> bool:
    """Whether a counted noun is members of a force ("troops", "airmen"), or the first of a
    list that ends in one ("800 army and police members")."""
    if lemma(word) in FORCE_NOUNS or word.lower_ in FORCE_NOUNS:
        return True
    return any(
        lemma(conj) in FORCE_NOUNS and not any(c.dep_ == "nummod" for c in conj.children)
        for conj in word.conjuncts
        if conj.i > word.i
    )


def is_subset(anchor: Token) -> bool:
    """Whether a count names a subset of the group counted before it."""
    if anchor.dep_ == "pobj" and anchor.head.lower_ in _SUBSET_WORDS:
        return True
    # "among them five teachers": the pronoun phrase hangs on the counted noun.
    return any(
        child.dep_ == "prep"
        and child.lower_ == "among"
        and child.i < anchor.i
        and any(c.lower_ in ("them", "whom", "those") for c in child.children)
        for child in anchor.children
    )


def has_own_count(clause: Token) -> bool:
    """Whether a relative clause has its own counted subject ("of whom 7,844 have died")."""
    return any(
        child.dep_ in ("nsubj", "nsubjpass")
        and (
            child.like_num or child.pos_ == "NUM" or any(c.dep_ == "nummod" for c in child.children)
        )
        for child in clause.children
    )


def tally_categories(verb: Token, previous: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Category of a running tally that is the verb's subject ("the death toll", "the number
    of casualties", "the number of people who would die") when the count is what the tally
    reached; a bare "the total" is the total of the figure just given (`previous`)."""
    for child in verb.children:
        if child.dep_ not in ("nsubj", "nsubjpass") or lemma(child) not in TALLY_NOUNS:
            continue
        if previous and not any(c.dep_ in ("compound", "amod", "prep") for c in child.children):
            return previous
        for part in child.children:
            if part.dep_ in ("compound", "amod", "nmod"):
                found = NOUN_CATEGORIES.get(lemma(part)) or EVENT_NOUN_CATEGORIES.get(lemma(part))
                if found:
                    return found
            if part.dep_ == "prep" and part.lower_ == "of":
                for target in part.children:
                    if target.dep_ == "pobj" and lemma(target) in NOUN_CATEGORIES:
                        return NOUN_CATEGORIES[lemma(target)]
                    clauses = [c for c in target.children if c.dep_ in ("relcl", "acl")]
                    if target.dep_ == "pobj" and clauses and verb_categories(clauses[0]):
                        return verb_categories(clauses[0])
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
    # "two sisters who have fled Cuba": only a deed done to others makes the doers a party.
    if is_passive(clause) or clause.dep_ != "relcl" or lemma(clause) not in DEED_CATEGORY_VERBS:
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
    if lemma(token) in HARM_MANNER_VERBS and (to_death(token) or killed_beside(token)):
        return (KILLED,)
    # "being held hostage", "were taken prisoner": the object's predicate noun.
    if not categories:
        for child in token.children:
            if child.dep_ == "oprd" and lemma(child) in HELD_AS_NOUNS:
                categories = NOUN_CATEGORIES.get(lemma(child), ())
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
    if categories == (CAPTURED,) and (is_police_agent(token) or police_before(token)):
        return (ARRESTED,)
    # "X died" needs its subject to be the count; "X killed N" needs the count as object.
    if counted is not None and lemma(token) in DEED_CATEGORY_VERBS:
        transitive = any(child.dep_ == "dobj" for child in token.children)
        if counted.dep_ == "nsubj" and not is_passive(token) and transitive:
            return (DEPLOYED,)
    return categories


def to_death(token: Token) -> bool:
    """'beaten to death', 'stabbed to death': the harm killed."""
    return any(
        child.dep_ == "prep"
        and child.lower_ == "to"
        and any(lemma(c) == "death" for c in child.children)
        for child in token.children
    )


def killed_beside(token: Token) -> bool:
    """Whether another verb of the same sentence says people were killed in a given way
    ("three were stabbed, two were strangled"): the list names ways of killing."""
    for other in token.sent:
        if other.i == token.i or other.pos_ != "VERB" or lemma(other) in ("kill", "die"):
            continue
        if VERB_CATEGORIES.get(lemma(other)) == (KILLED,) or (
            lemma(other) in HARM_MANNER_VERBS and to_death(other)
        ):
            return True
    return False


def police_before(token: Token) -> bool:
    """'Authorities dealt blows to terrorism. Captured today were two ...': a passive capture
    with no agent of its own, right after a sentence whose subject is the authorities."""
    if not is_passive(token) or any(child.dep_ == "agent" for child in token.children):
        return False
    sentence = token.sent
    if sentence.start == 0:
        return False
    root = token.doc[sentence.start - 1].sent.root
    return is_police_agent(root)


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
        if token.lower_ in _WINDOW_STOP and found and not joins_categories(token):
            break
        if token.lower_ in (",", ";", ".", "(", ")"):
            break
        categories = SURFACE_CATEGORIES.get(token.lower_, ()) or NOUN_CATEGORIES.get(
            lemma(token), ()
        )
        # '"between 100,000 and 200,000" could die': a subjectless verb right after the count.
        if not categories and token.pos_ == "VERB" and is_subjectless_modal(token):
            categories = VERB_CATEGORIES.get(lemma(token), ())
        if token.lower_ in _WINDOW_SKIP:
            continue
        # "seven within homeless service settings": the word describes another noun.
        if describes_other_noun(token, number):
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


def joins_categories(token: Token) -> bool:
    """'several dead and wounded civilians': "and"/"or" between two category words, with no
    count of its own after it (unlike "3 killed and 7 wounded")."""
    if token.lower_ not in ("and", "or") or token.i + 1 >= len(token.doc):
        return False
    following = token.nbor(1)
    return not following.like_num and bool(SURFACE_CATEGORIES.get(following.lower_))


def is_subjectless_modal(verb: Token) -> bool:
    """Whether a verb is modal ("could die") and has no subject of its own in the parse."""
    return not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) and any(
        c.dep_ == "aux" and c.lower_ in MODALS for c in verb.children
    )


def describes_other_noun(token: Token, number: Token) -> bool:
    """Whether a word modifies a later noun the number is no part of ("homeless shelters")."""
    head = token.head
    return (
        token.dep_ in ("amod", "compound")
        and head.i > token.i
        and head.pos_ in ("NOUN", "PROPN")
        and not any(t.i == number.i for t in head.subtree)
        # "dozens of critically injured people": the noun the number counts.
        and not (head.head.lower_ == "of" and head.head.head.i in (number.i, number.head.i))
    )
