"""Scoring vectors: every item at every value, reverse scoring, subscale sums, every band
edge, missing answers and out-of-range values, for each shipped instrument and for the
PGS-shaped fixture. Expected figures are written out by hand from instruments.yaml."""

from __future__ import annotations

import pytest

from afterwards.wellbeing.scoring import AnswerError, score
from tests.wellbeing.conftest import (
    SHIPPED_IDS,
    answers_for_total,
    lowest_answers,
    pgs_shaped,
    shipped,
)

INSTRUMENTS = shipped()

# What instruments.yaml says, typed out again rather than read from our own files.
PUBLISHED = {
    "phq9": {"items": 9, "values": [0, 1, 2, 3], "range": (0, 27)},
    "gad7": {"items": 7, "values": [0, 1, 2, 3], "range": (0, 21)},
    "pcl5": {"items": 20, "values": [0, 1, 2, 3, 4], "range": (0, 80)},
}


def _every_item_at_every_value():  # type: ignore[no-untyped-def]
    for key in SHIPPED_IDS:
        for n in range(1, PUBLISHED[key]["items"] + 1):
            for value in PUBLISHED[key]["values"]:
                yield pytest.param(key, n, value, id=f"{key}-item{n}-{value}")


def test_the_shipped_instruments_are_the_three_confirmed_ones():
    assert sorted(INSTRUMENTS) == sorted(SHIPPED_IDS)
    for key, published in PUBLISHED.items():
        instrument = INSTRUMENTS[key]
        assert len(instrument.items) == published["items"]
        assert list(instrument.values) == published["values"]
        assert instrument.score_range == published["range"]
        assert not any(item.reverse for item in instrument.items)


@pytest.mark.parametrize(("key", "n", "value"), list(_every_item_at_every_value()))
def test_each_item_adds_exactly_its_answer_value(key, n, value):
    instrument = INSTRUMENTS[key]
    answers = lowest_answers(instrument) | {n: value}

    result = score(instrument, answers)

    assert result.complete
    assert result.total == value
    assert result.band is not None and result.band.holds(value)


@pytest.mark.parametrize("key", SHIPPED_IDS)
def test_every_item_at_its_top_value_gives_the_top_of_the_range(key):
    instrument = INSTRUMENTS[key]
    answers = {item.n: instrument.highest for item in instrument.items}

    assert score(instrument, answers).total == PUBLISHED[key]["range"][1]


PHQ9_BANDS = [
    (0, "minimal"),
    (4, "minimal"),
    (5, "mild"),
    (9, "mild"),
    (10, "moderate"),
    (14, "moderate"),
    (15, "moderately_severe"),
    (19, "moderately_severe"),
    (20, "severe"),
    (27, "severe"),
]
GAD7_BANDS = [
    (0, "below_mild"),
    (4, "below_mild"),
    (5, "mild"),
    (9, "mild"),
    (10, "moderate"),
    (14, "moderate"),
    (15, "severe"),
    (21, "severe"),
]
PCL5_BANDS = [
    (0, "below_range"),
    (30, "below_range"),
    (31, "in_range"),
    (32, "in_range"),
    (33, "in_range"),
    (34, "above_range"),
    (80, "above_range"),
]


@pytest.mark.parametrize(
    ("key", "total", "band"),
    [("phq9", *edge) for edge in PHQ9_BANDS]
    + [("gad7", *edge) for edge in GAD7_BANDS]
    + [("pcl5", *edge) for edge in PCL5_BANDS],
)
def test_band_edges(key, total, band):
    result = score(INSTRUMENTS[key], answers_for_total(INSTRUMENTS[key], total))

    assert result.total == total
    assert result.band is not None
    assert result.band.key == band


@pytest.mark.parametrize(
    ("key", "below", "at"), [("phq9", 9, 10), ("gad7", 9, 10), ("pcl5", 30, 31)]
)
def test_worth_talking_about_starts_at_the_published_threshold(key, below, at):
    instrument = INSTRUMENTS[key]

    assert not score(instrument, answers_for_total(instrument, below)).worth_talking_about
    assert score(instrument, answers_for_total(instrument, at)).worth_talking_about
    top = instrument.score_range[1]
    assert score(instrument, answers_for_total(instrument, top)).worth_talking_about


def test_phq9_published_band_names():
    names = [(band.low, band.high, band.name) for band in INSTRUMENTS["phq9"].bands]
    assert names == [
        (0, 4, "minimal"),
        (5, 9, "mild"),
        (10, 14, "moderate"),
        (15, 19, "moderately severe"),
        (20, 27, "severe"),
    ]


@pytest.mark.parametrize("key", SHIPPED_IDS)
@pytest.mark.parametrize("left_out", ["first", "last"])
def test_a_missing_answer_makes_the_result_incomplete_with_no_total_or_band(key, left_out):
    instrument = INSTRUMENTS[key]
    answers = {item.n: instrument.highest for item in instrument.items}
    n = instrument.items[0].n if left_out == "first" else instrument.items[-1].n
    del answers[n]

    result = score(instrument, answers)

    assert not result.complete
    assert result.missing == (n,)
    assert result.total is None
    assert result.band is None
    assert not result.worth_talking_about


def test_none_counts_as_unanswered():
    instrument = INSTRUMENTS["gad7"]
    answers: dict[int, int | None] = {item.n: 3 for item in instrument.items}
    answers[4] = None

    result = score(instrument, answers)

    assert result.missing == (4,)
    assert result.total is None


@pytest.mark.parametrize("key", SHIPPED_IDS)
@pytest.mark.parametrize("bad", [-1, 5, 99, True, "2", 1.0])
def test_out_of_range_values_are_refused(key, bad):
    instrument = INSTRUMENTS[key]
    answers = lowest_answers(instrument) | {1: bad}
    with pytest.raises(AnswerError):
        score(instrument, answers)


@pytest.mark.parametrize("key", ["phq9", "gad7"])
def test_a_value_only_the_pcl5_has_is_refused_by_the_others(key):
    with pytest.raises(AnswerError):
        score(INSTRUMENTS[key], lowest_answers(INSTRUMENTS[key]) | {2: 4})


@pytest.mark.parametrize("key", SHIPPED_IDS)
def test_an_item_the_instrument_does_not_have_is_refused(key):
    instrument = INSTRUMENTS[key]
    with pytest.raises(AnswerError):
        score(instrument, lowest_answers(instrument) | {len(instrument.items) + 1: 0})
    with pytest.raises(AnswerError):
        score(instrument, lowest_answers(instrument) | {0: 0})


# --- PCL-5 clusters and the DSM-5 symptom pattern -------------------------------------

PCL5_CLUSTERS = {
    "B_intrusion": [1, 2, 3, 4, 5],
    "C_avoidance": [6, 7],
    "D_negative_cognitions_mood": [8, 9, 10, 11, 12, 13, 14],
    "E_arousal_reactivity": [15, 16, 17, 18, 19, 20],
}


def test_pcl5_clusters_are_as_published():
    clusters = {s.key: list(s.items) for s in INSTRUMENTS["pcl5"].subscales}
    assert clusters == PCL5_CLUSTERS


def test_pcl5_cluster_sums():
    answers = {n: n % 5 for n in range(1, 21)}

    result = score(INSTRUMENTS["pcl5"], answers)

    assert result.subscales == {
        "B_intrusion": 1 + 2 + 3 + 4 + 0,
        "C_avoidance": 1 + 2,
        "D_negative_cognitions_mood": 3 + 4 + 0 + 1 + 2 + 3 + 4,
        "E_arousal_reactivity": 0 + 1 + 2 + 3 + 4 + 0,
    }
    assert result.total == sum(answers.values()) == 40


def _pattern(b: int, c: int, d: int, e: int, value: int = 2) -> dict[int, int]:
    """PCL-5 answers with that many items per cluster at `value`, the rest at 1."""
    answers = {n: 1 for n in range(1, 21)}
    for key, count in zip(PCL5_CLUSTERS, (b, c, d, e), strict=True):
        for n in PCL5_CLUSTERS[key][:count]:
            answers[n] = value
    return answers


def test_pcl5_pattern_met_with_1_b_1_c_2_d_2_e_at_moderately():
    result = score(INSTRUMENTS["pcl5"], _pattern(1, 1, 2, 2))

    assert result.pattern_met is True
    assert result.pattern_counts == {
        "B_intrusion": 1,
        "C_avoidance": 1,
        "D_negative_cognitions_mood": 2,
        "E_arousal_reactivity": 2,
    }


@pytest.mark.parametrize("short", [(0, 1, 2, 2), (1, 0, 2, 2), (1, 1, 1, 2), (1, 1, 2, 1)])
def test_pcl5_pattern_not_met_when_any_cluster_is_short(short):
    assert score(INSTRUMENTS["pcl5"], _pattern(*short)).pattern_met is False


def test_pcl5_a_little_bit_does_not_count_towards_the_pattern():
    # Every item at 1 ("A little bit"): total 20, and nothing endorsed.
    result = score(INSTRUMENTS["pcl5"], _pattern(5, 2, 7, 6, value=1))

    assert result.pattern_met is False
    assert set(result.pattern_counts.values()) == {0}


def test_pcl5_pattern_is_not_judged_on_an_incomplete_result():
    answers = _pattern(1, 1, 2, 2)
    del answers[20]

    result = score(INSTRUMENTS["pcl5"], answers)

    assert result.pattern_met is None
    assert result.subscales["E_arousal_reactivity"] is None
    assert result.subscales["B_intrusion"] == 2 + 1 + 1 + 1 + 1


def test_instruments_without_subscales_or_pattern_say_so():
    result = score(INSTRUMENTS["phq9"], lowest_answers(INSTRUMENTS["phq9"]))
    assert result.subscales == {}
    assert result.pattern_met is None


# --- The PGS-shaped fixture: reverse scoring, subscales, its safety item ------------------

PGS = pgs_shaped()
NOT_REVERSED = {11, 33}
PGS_SUBSCALES = {
    "active_grief": [1, 3, 5, 6, 7, 10, 12, 13, 14, 19, 27],
    "difficulty_coping": [2, 4, 8, 11, 21, 24, 25, 26, 28, 30, 33],
    "despair": [9, 15, 16, 17, 18, 20, 22, 23, 29, 31, 32],
}


def test_pgs_shaped_fixture_loads_with_the_published_structure():
    assert len(PGS.items) == 33
    assert [o.label for o in PGS.options][0] == "Strongly agree"
    assert list(PGS.values) == [1, 2, 3, 4, 5]
    assert {item.n for item in PGS.items if not item.reverse} == NOT_REVERSED
    assert {s.key: list(s.items) for s in PGS.subscales} == PGS_SUBSCALES
    assert PGS.score_range == (33, 165)
    assert PGS.bands == ()
    assert PGS.worth_talking_about_at is None
    assert PGS.safety_items == (8,)


@pytest.mark.parametrize("n", range(1, 34))
@pytest.mark.parametrize("value", [1, 2, 3, 4, 5])
def test_pgs_each_item_scores_reversed_except_11_and_33(n, value):
    # Every other item at "Neither agree nor disagree" (3), which scores 3 either way.
    answers = {m: 3 for m in range(1, 34)} | {n: value}
    expected_item = value if n in NOT_REVERSED else 6 - value

    result = score(PGS, answers)

    assert result.total == 32 * 3 + expected_item


def test_pgs_strongly_agree_to_everything():
    # 31 reversed items at 5 each, items 11 and 33 at 1 each.
    result = score(PGS, {n: 1 for n in range(1, 34)})

    assert result.total == 31 * 5 + 2 == 157
    assert result.subscales == {"active_grief": 55, "difficulty_coping": 9 * 5 + 2, "despair": 55}
    assert result.band is None
    assert not result.worth_talking_about


def test_pgs_strongly_disagree_to_everything():
    result = score(PGS, {n: 5 for n in range(1, 34)})

    assert result.total == 31 * 1 + 2 * 5 == 41
    assert result.subscales == {"active_grief": 11, "difficulty_coping": 9 + 10, "despair": 11}


def test_pgs_subscales_sum_their_own_items():
    answers = {n: (n % 5) + 1 for n in range(1, 34)}

    result = score(PGS, answers)

    def item(n: int) -> int:
        return answers[n] if n in NOT_REVERSED else 6 - answers[n]

    for key, items in PGS_SUBSCALES.items():
        assert result.subscales[key] == sum(item(n) for n in items), key
    assert result.total == sum(item(n) for n in range(1, 34))


def test_pgs_a_subscale_with_a_missing_item_has_no_sum_but_the_others_do():
    answers = {n: 2 for n in range(1, 34)}
    del answers[11]  # in difficulty_coping

    result = score(PGS, answers)

    assert result.total is None
    assert result.subscales["difficulty_coping"] is None
    assert result.subscales["active_grief"] == 11 * 4
    assert result.subscales["despair"] == 11 * 4


@pytest.mark.parametrize(
    ("value", "positive"),
    [(1, True), (2, True), (3, True), (4, False), (5, False)],
    ids=["strongly agree", "agree", "neither", "disagree", "strongly disagree"],
)
def test_pgs_safety_item_8_errs_towards_help(value, positive):
    answers = {n: 5 for n in range(1, 34)} | {8: value}

    assert score(PGS, answers).safety_positive == ((8,) if positive else ())


# --- PHQ-9 item 9 ---------------------------------------------------------------------


@pytest.mark.parametrize(("value", "positive"), [(0, False), (1, True), (2, True), (3, True)])
def test_phq9_item_9_is_positive_at_any_value_above_not_at_all(value, positive):
    instrument = INSTRUMENTS["phq9"]
    answers = lowest_answers(instrument) | {9: value}

    assert score(instrument, answers).safety_positive == ((9,) if positive else ())


def test_a_positive_safety_item_counts_even_when_the_result_is_incomplete():
    result = score(INSTRUMENTS["phq9"], {9: 2})

    assert not result.complete
    assert result.total is None
    assert result.safety_positive == (9,)
    assert result.needs_urgent_help


def test_only_phq9_item_9_is_a_safety_item_among_the_shipped():
    assert {key: i.safety_items for key, i in INSTRUMENTS.items()} == {
        "phq9": (9,),
        "gad7": (),
        "pcl5": (),
    }
