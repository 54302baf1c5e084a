"""Words of reported speech: reporting verbs, hedges, news agencies, titles and generic sources."""

from __future__ import annotations

# Verb lemmas whose subject (or agent) is the source of what the clause reports.
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
# Verbs by which a source denies what the clause under them says ("police denied that 20 were
# killed"): the figure is `denied`, not a toll.
DENIAL_VERBS = frozenset({"deny", "reject", "refute", "dispute", "dismiss", "rebut"})
# Verbs of forecasting: a figure under them is `projected` ("models project 300 deaths", "is
# expected to displace 2,000", "could die" is read from the modal).
FORECAST_VERBS = frozenset({
    "project", "forecast", "predict", "expect", "anticipate",
})  # fmt: skip

# Words that mark a figure as not established. Order matters: the first that matches at a
# position is the one reported.
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
# Words opening a sentence that continues the one before it, and so its source.
CONTINUATION_WORDS = (
    "reportedly",
    "meanwhile",
    "also",
    "in addition",
    "moreover",
    "furthermore",
    "besides",
)
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
# Heads of noun phrases that stand for a source named elsewhere ("the report", "the station").
GENERIC_SOURCES = frozenset(
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
        "figures",
        "statistics",
        "estimates",
        "tally",
        "broadcast",
        "it",
        "they",
        "he",
        "she",
    }
)
# Genre labels in a wire header ("[REPORT] [ARMED FORCES PRESS COMMITTEE, COPREFA] [TEXT]").
HEADER_GENRES = frozenset(
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
# Heads of definite descriptions that may point back to a source named earlier ("the officer",
# "the rebel station", "the ministry"); `transforms.claims.coreference` resolves them.
DESCRIPTION_HEADS = PERSON_TITLES | frozenset(
    {
        "station",
        "radio",
        "newspaper",
        "daily",
        "paper",
        "weekly",
        "agency",
        "ministry",
        "department",
        "committee",
        "command",
        "office",
        "army",
        "military",
        "police",
        "government",
        "organization",
        "organisation",
        "group",
        "movement",
        "front",
        "official",
        "spokesmen",
        "officials",
    }
)
# Words of a name that make it fit a description of another head ("the officer" for "Colonel
# Ponce", "the station" for "Radio Venceremos", "the newspaper" for "the daily O Globo").
DESCRIPTION_CLASSES: dict[str, frozenset[str]] = {
    "officer": frozenset(
        {"colonel", "col", "general", "gen", "major", "maj", "captain", "capt", "lieutenant",
         "lt", "commander", "sergeant", "sgt", "admiral", "adm"}
    ),
    "station": frozenset({"radio", "television", "tv"}),
    "newspaper": frozenset({"daily", "weekly", "paper"}),
    "daily": frozenset({"newspaper", "paper"}),
    "paper": frozenset({"newspaper", "daily", "weekly"}),
    "official": frozenset({"minister", "secretary", "director", "governor", "mayor", "chief"}),
}  # fmt: skip
# Words that make a name a body, not a person ("[REPORT] [FMLN GENERAL COMMAND]" is an author,
# "[REPORT] [RAUL BELTRAN]" a byline).
ORGANISATION_WORDS = frozenset(
    {
        "command",
        "committee",
        "ministry",
        "front",
        "forces",
        "army",
        "police",
        "government",
        "office",
        "council",
        "party",
        "movement",
        "department",
        "spokesman",
        "spokesmen",
        "station",
        "radio",
        "agency",
        "union",
        "federation",
        "association",
        "staff",
    }
)
