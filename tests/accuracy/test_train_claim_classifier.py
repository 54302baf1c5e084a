"""The claim classifier experiment's labelling and combination logic, on hand-made inputs."""

from __future__ import annotations

import pytest

from tests.accuracy.train_claim_classifier import (
    LEFT,
    NONE,
    RIGHT,
    Candidate,
    combine,
    features,
    folds_of,
    label_of,
    score_with,
    train,
)

TEXT = "Rebels killed 12 villagers on Monday. Police said 12 people died and 40 were arrested."
GOLD = [
    {"category": "killed", "value": 12.0, "evidence": "Rebels killed 12 villagers on Monday."},
    {"category": "arrested", "value": 40.0, "evidence": "40 were arrested"},
]


def candidate(start: int, value: float, rule=(), probs=None, label=None) -> Candidate:
    return Candidate(
        "doc", start, start + 2, value, value, value, "exact", TEXT, 0, rule, label, probs or {}
    )


@pytest.mark.parametrize(
    ("needle", "value", "expected"),
    [
        pytest.param("12 villagers", 12.0, "killed", id="inside-evidence-same-value"),
        pytest.param("40 were", 40.0, "arrested", id="inside-short-evidence"),
        pytest.param("12 people", 12.0, None, id="restatement-elsewhere-unknown"),
        pytest.param("Monday", 3.0, NONE, id="value-no-gold-has"),
    ],
)
def test_label_of(needle, value, expected):
    assert label_of(TEXT.index(needle), value, TEXT, GOLD) == expected


def test_features_mark_the_count_and_its_sides():
    sentence = "Police said 40 were arrested."
    text = features(sentence, 12, 14, ("arrested",))
    assert f"{LEFT} 40 {RIGHT}" in text
    assert "lwsaid" in text and "rwarrested" in text and "lwwere" not in text
    assert text.endswith("zzrulearrested")
    assert features(sentence, 12, 14).endswith("zzrulenone")


RULE_ROWS = [
    {"category": "killed", "value": 12.0, "start_char": 14},
    {"category": "injured", "value": 12.0, "start_char": 50},
]
CONFIDENT_NONE = {NONE: 0.9, "killed": 0.05, "arrested": 0.05}
CONFIDENT_ARREST = {NONE: 0.1, "killed": 0.05, "arrested": 0.85}
CANDIDATES = [
    candidate(14, 12.0, ("killed",), {NONE: 0.2, "killed": 0.8, "arrested": 0.0}),
    candidate(50, 12.0, ("injured",), CONFIDENT_NONE),
    candidate(68, 40.0, (), CONFIDENT_ARREST),
    candidate(80, 40.0, (), CONFIDENT_ARREST),  # the same (category, value) again
    candidate(90, 7.0, (), {NONE: 0.4, "killed": 0.35, "arrested": 0.25}),
]


@pytest.mark.parametrize(
    ("mode", "threshold", "expected"),
    [
        pytest.param("rules", 0.5, [14, 50], id="rules-alone-unchanged"),
        pytest.param("veto", 0.5, [14], id="veto-drops-confident-none"),
        pytest.param("veto", 0.95, [14, 50], id="veto-keeps-below-threshold"),
        pytest.param("add", 0.5, [14, 50, 68], id="add-once-per-category-value"),
        pytest.param("add", 0.9, [14, 50], id="add-nothing-below-threshold"),
        pytest.param("both", 0.5, [14, 68], id="both"),
    ],
)
def test_combine(mode, threshold, expected):
    rows = combine(RULE_ROWS, CANDIDATES, mode, threshold)
    assert [row["start_char"] for row in rows] == expected


def test_combine_never_adds_at_a_count_the_rules_claimed():
    claimed = [candidate(14, 12.0, ("killed",), CONFIDENT_ARREST)]
    assert combine(RULE_ROWS[:1], claimed, "add", 0.5) == RULE_ROWS[:1]


def test_added_claim_takes_the_models_category_and_the_counts_bounds():
    (added,) = combine([], CANDIDATES[2:3], "add", 0.5)
    assert (added["category"], added["value"], added["low"], added["claimant_text"]) == (
        "arrested",
        40.0,
        40.0,
        None,
    )


def test_folds_are_fixed_and_balanced():
    ids = [f"d{i}" for i in range(23)]
    folds = folds_of(ids, 5)
    assert folds == folds_of(list(reversed(ids)), 5)
    sizes = sorted(list(folds.values()).count(k) for k in range(5))
    assert sizes == [4, 4, 5, 5, 5]


@pytest.mark.slow
def test_a_tiny_model_learns_a_category_word():
    examples = [
        Candidate("d", 0, 2, 1.0, 1.0, 1.0, "exact", f"{n} people were {word} today", 0, (), lab)
        for n in range(10, 30)
        for word, lab in (("killed", "killed"), ("seen", NONE))
    ]
    nlp = train(examples, ["killed", NONE], epochs=5)
    probe = [
        Candidate("d", 0, 2, 1.0, 1.0, 1.0, "exact", "55 people were killed today", 0),
        Candidate("d", 0, 2, 1.0, 1.0, 1.0, "exact", "55 people were seen today", 0),
    ]
    score_with(nlp, probe)
    assert probe[0].probs["killed"] > 0.5 > probe[1].probs["killed"]
