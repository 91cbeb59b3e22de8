"""The questionnaires say exactly what was published, character for character.

tests/wellbeing/reference/instruments.toml is a copy of the published text of every
instrument Afterwards ships, kept apart from the instrument files and changed only when
the published text changes. Each shipped file, and each questionnaire page as a person
sees it, must match it: a changed stem ("Over the last month"), a known bad copy ("anxious,
or") or a changed answer ("Quite a lot") fails here, naming the field.
"""

from __future__ import annotations

import re
import tomllib
from html import unescape
from pathlib import Path
from typing import Any

import pytest

from afterwards.wellbeing.instrument import SHIPPED, Instrument, instrument_load
from tests.wellbeing.conftest import shipped

REFERENCE_FILE = Path(__file__).with_name("reference") / "instruments.toml"
REFERENCE: dict[str, dict[str, Any]] = tomllib.loads(REFERENCE_FILE.read_text(encoding="utf-8"))
# The recall period as our own words (`about`) put it, for the published one.
RECALL_IN_OUR_WORDS = {
    "Over the last 2 weeks": "over the last two weeks",
    "In the past month": "over the past month",
}


def differences(instrument: Instrument, published: dict[str, Any]) -> list[str]:
    """Every published field of the instrument that is not the reference's, in words."""
    found = []

    def compare(field: str, ours: object, theirs: object) -> None:
        if ours != theirs:
            found.append(f"{instrument.id} {field}: {ours!r} is not the published {theirs!r}")

    for field in ("name", "citation", "licence", "stem"):
        compare(field, getattr(instrument, field), published[field])
    compare("instructions", instrument.instructions, published.get("instructions", ""))
    compare(
        "options",
        [(o.value, o.label) for o in instrument.options],
        [(o["value"], o["label"]) for o in published["options"]],
    )
    compare("number of items", len(instrument.items), len(published["items"]))
    for item, theirs in zip(instrument.items, published["items"], strict=False):
        compare(f"item {theirs['n']}", (item.n, item.text), (theirs["n"], theirs["text"]))
    difficulty = instrument.difficulty
    compare(
        "difficulty question",
        (difficulty.text, list(difficulty.options)) if difficulty else None,
        (published["difficulty_question"], published["difficulty_options"])
        if "difficulty_question" in published
        else None,
    )
    recall = published["recall"]
    if not instrument.stem.startswith(recall):
        found.append(f"{instrument.id} recall period: the stem does not begin {recall!r}")
    if instrument.instructions and recall.lower() not in instrument.instructions:
        found.append(f"{instrument.id} recall period: the instructions do not say {recall!r}")
    if RECALL_IN_OUR_WORDS[recall] not in instrument.about:
        found.append(
            f"{instrument.id} recall period: our words do not say {RECALL_IN_OUR_WORDS[recall]!r}"
        )
    return found


def test_every_shipped_instrument_has_a_published_reference_and_no_other():
    assert sorted(shipped()) == sorted(REFERENCE)


def test_the_reference_is_consistent_with_itself():
    for key, published in REFERENCE.items():
        assert published["stem"].startswith(published["recall"]), key
        if "instructions" in published:
            assert published["recall"].lower() in published["instructions"], key
        assert [item["n"] for item in published["items"]] == list(
            range(1, len(published["items"]) + 1)
        )


@pytest.mark.parametrize("key", sorted(REFERENCE))
def test_each_shipped_file_says_exactly_the_published_text(key):
    assert differences(shipped()[key], REFERENCE[key]) == []


def _drifted(tmp_path: Path, key: str, old: str, new: str) -> Instrument:
    text = (SHIPPED / f"{key}.toml").read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {key}.toml"
    (tmp_path / f"{key}.toml").write_text(text.replace(old, new), encoding="utf-8")
    return instrument_load(tmp_path / f"{key}.toml")


@pytest.mark.parametrize(
    ("key", "old", "new", "named"),
    [
        ("phq9", 'stem = "Over the last 2 weeks', 'stem = "Over the last month', "phq9 stem"),
        ("gad7", "nervous, anxious or on edge", "nervous, anxious, or on edge", "gad7 item 1"),
        ("pcl5", 'label = "Quite a bit"', 'label = "Quite a lot"', "pcl5 options"),
        ("pcl5", "in the past month.", "in the past week.", "pcl5 instructions"),
        ("phq9", "over the last two weeks", "over the last month", "phq9 recall period"),
        ("phq9", '"Very difficult"', '"Very hard"', "phq9 difficulty question"),
    ],
    ids=["phq9-stem", "gad7-anxious-or", "pcl5-quite-a-lot", "pcl5-instructions", "about", "diff"],
)
def test_a_drift_from_the_published_text_is_caught_and_named(tmp_path, key, old, new, named):
    found = differences(_drifted(tmp_path, key, old, new), REFERENCE[key])
    assert any(line.startswith(named) for line in found), found


def _legends_and_labels(page: str) -> tuple[list[str], list[list[str]]]:
    """Each item's words as the page shows them, and the answers offered under each."""
    fieldsets = re.findall(r"<fieldset[^>]*>(.*?)</fieldset>", page, flags=re.DOTALL)
    legends, labels = [], []
    for fieldset in fieldsets:
        legend = re.search(r"<legend>(.*?)</legend>", fieldset, flags=re.DOTALL)
        assert legend is not None
        words = re.sub(r'<span class="item-number">\d+\.</span>\s*', "", legend[1])
        legends.append(unescape(words.strip()))
        labels.append([unescape(x) for x in re.findall(r"<label [^>]*>(.*?)</label>", fieldset)])
    return legends, labels


@pytest.mark.parametrize("key", sorted(REFERENCE))
def test_each_questionnaire_page_shows_exactly_the_published_text(owner, key):
    published = REFERENCE[key]

    page = owner.client.get(f"/wellbeing/{key}/").content.decode()

    stem = re.search(r'<p class="stem" id="stem">(.*?)</p>', page)
    assert stem is not None and unescape(stem[1]) == published["stem"]
    instructions = re.search(r'<p class="instructions">(.*?)</p>', page)
    assert (unescape(instructions[1]) if instructions else None) == published.get("instructions")
    legends, labels = _legends_and_labels(page)
    expected = [item["text"] for item in published["items"]]
    answers = [option["label"] for option in published["options"]]
    if "difficulty_question" in published:
        expected.append(published["difficulty_question"])
    assert legends == expected
    assert labels[: len(published["items"])] == [answers] * len(published["items"])
    if "difficulty_question" in published:
        assert labels[-1] == published["difficulty_options"]
    assert unescape(page).count(published["licence"]) >= 1
