"""Sources a whole report gives (header author, dateline station) and what "he", "the report"
or "we" stand for in it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from transforms.claims.attribution import PERSON_PRONOUNS, PRONOUNS, resolve_pronoun
from transforms.claims.coreference import SourceMentions, words_of
from transforms.claims.types import Attribution, EntitySpan, TextSpan
from transforms.vocabulary.reporting import (
    GENERIC_SOURCES,
    HEADER_GENRES,
    NEWS_AGENCIES,
    ORGANISATION_WORDS,
    PERSON_TITLES,
)

_FIRST_PERSON = frozenset({"we", "our", "us", "i"})
# Only a definite generic ("the report", "this station") points back; "a report" is its own.
_DEFINITE = frozenset({"the", "this", "that", "these", "those", "same", "said"})
# A wire header: "... -- [REPORT] [ARMED FORCES PRESS COMMITTEE, COPREFA] [TEXT]".
_HEADER_RE = re.compile(r"^[^\n]{0,160}?--\s*((?:\[[^\]\n]{1,120}\]\s*)+)")
# A dateline naming its station: "SAN SALVADOR, 12 JAN 90 (RADIO VENCEREMOS) --".
_DATELINE_SOURCE_RE = re.compile(r"^[^\n(]{0,80}\d{2,4}\s*\(([^)\n]{2,60})\)\s*--")


def _overlaps_person(item: TextSpan, entities: Sequence[EntitySpan]) -> bool:
    return any(
        e.label == "PERSON" and e.start_char < item.end and item.start < e.end_char
        for e in entities
    )


@dataclass
class DocumentSources:
    """Sources a whole report gives: its header author, its dateline station, and the last
    source it named, used to resolve "he", "the report" or "we" in later sentences."""

    header_author: TextSpan | None
    station: TextSpan | None
    party_station: bool = False
    last_named: TextSpan | None = None
    last_person: TextSpan | None = None
    mentions: SourceMentions | None = None
    text: str = ""

    @classmethod
    def of(cls, text: str, mentions: SourceMentions | None = None) -> DocumentSources:
        """The header author and dateline station of an article text (news agencies left out:
        they publish reports, they are not their source); `mentions` resolve "he" and "the
        officer" (`transforms.claims.coreference`)."""
        header_author = None
        match = _HEADER_RE.search(text[:400])
        if match:
            offset = match.start(1)
            genre = ""
            for bracket in re.finditer(r"\[([^\]]+)\]", match.group(1)):
                label = bracket.group(1).strip()
                if label.lower() in HEADER_GENRES:
                    genre = genre or label.lower()
                    continue
                # "[REPORT] [RAUL BELTRAN]" is a byline: the reporter, whose own figures have
                # no claimant (guidelines, claimant); a body after it is the author.
                if genre != "report" or set(words_of(label)) & ORGANISATION_WORDS:
                    start = offset + bracket.start(1)
                    header_author = TextSpan(label, start, start + len(label))
                break
        station = None
        dateline = _DATELINE_SOURCE_RE.search(text[:200])
        if dateline:
            name = dateline.group(1).strip()
            if not set(re.split(r"[\s/,-]+", name.lower())) & NEWS_AGENCIES:
                station = TextSpan(name, dateline.start(1), dateline.start(1) + len(name))
        # Wire copy puts "CLANDESTINE" where the place goes for an armed party's own radio.
        party = station is not None and text[:200].lstrip().lower().startswith("clandestine")
        return cls(header_author, station, party, mentions=mentions, text=text)

    def resolve(
        self, attribution: Attribution | None, entities: Sequence[EntitySpan]
    ) -> Attribution | None:
        """Replace pronouns and generic sources by what they stand for; default to the header."""
        if attribution is None:
            # A figure no sentence attributes is the report's own: its header author's, else
            # the station its dateline names (issue 19: "..., 12 MAR 90 (RADIO X) -- [TEXT]").
            # Only a party's own station claims what it says (claims guidelines, section 5); a
            # station that merely airs a report leaves its reporter's figures unattributed.
            source = self.header_author or (self.station if self.party_station else None)
            return Attribution((source,), None) if source else None
        items = [item for item in attribution.chain if not self._is_wire_label(item)]
        if not items:
            return self.resolve(None, entities)
        chain: list[TextSpan] = []
        for item in items:
            words = words_of(item.text)
            head = words[-1] if words else ""
            if words and (set(words) & _FIRST_PERSON) and len(words) <= 3:
                # "we can report": the reporter's own voice, not a source.
                continue
            antecedent = self.mentions.antecedent(item, self.text) if self.mentions else None
            if head in PERSON_PRONOUNS:
                resolved = antecedent or resolve_pronoun(item, entities) or self.last_person
                if resolved is None:
                    continue
                item = resolved
            elif antecedent is not None:
                item = antecedent
            elif (head in GENERIC_SOURCES or head in PRONOUNS) and set(words[:-1]) <= _DEFINITE:
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

    def _is_wire_label(self, item: TextSpan) -> bool:
        """Whether a source the parse found is a wire header's genre label ("[TEXT]" taken
        for the subject of the sentence it opens): a note of the copy, not a speaker."""
        if item.text.strip("[] ").lower() not in HEADER_GENRES:
            return False
        before = self.text[: item.start].rstrip()[-1:]
        after = self.text[item.end :].lstrip()[:1]
        return item.text.startswith("[") or (before == "[" and after == "]")
