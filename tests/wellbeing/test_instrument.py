"""Every instrument file is checked on load, and a broken one is refused with a message
that says what is wrong: a mis-typed questionnaire is never shown or scored."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import pytest

from afterwards.wellbeing import catalogue
from afterwards.wellbeing.instrument import (
    SHIPPED,
    InstrumentError,
    instrument_from,
    instrument_load,
    instruments_load,
)
from tests.wellbeing.conftest import FIXTURES


def _valid() -> dict[str, Any]:
    return {
        "format": 1,
        "id": "tiny",
        "name": "Tiny scale",
        "about": "A test.",
        "minutes": 1,
        "citation": "Nobody 2026",
        "licence": "Free",
        "stem": "How often?",
        "options": [{"value": 0, "label": "Never"}, {"value": 1, "label": "Sometimes"}],
        "items": [{"n": 1, "text": "One"}, {"n": 2, "text": "Two"}, {"n": 3, "text": "Three"}],
        "subscales": [{"key": "ab", "name": "A and B", "items": [1, 2]}],
        "scoring": {"range": [0, 3], "worth_talking_about_at": 2},
        "bands": [
            {"key": "low", "name": "low", "from": 0, "to": 1, "words": "Low."},
            {"key": "high", "name": "high", "from": 2, "to": 3, "words": "High."},
        ],
        "safety": [{"item": 3, "positive": [1]}],
    }


def test_a_valid_file_loads():
    instrument = instrument_from(_valid(), source="tiny.toml")
    assert instrument.score_range == (0, 3)
    assert [band.key for band in instrument.bands] == ["low", "high"]


def _refused(change, message: str) -> None:  # type: ignore[no-untyped-def]
    raw = copy.deepcopy(_valid())
    change(raw)
    with pytest.raises(InstrumentError, match=message):
        instrument_from(raw, source="tiny.toml")


def test_refuses_items_out_of_order_or_with_gaps():
    _refused(lambda r: r["items"].pop(1), "numbered 1, 2, 3")
    _refused(lambda r: r["items"][0].update(n=2), "numbered 1, 2, 3")


def test_refuses_repeated_or_non_consecutive_option_values():
    _refused(lambda r: r["options"][1].update(value=0), "must differ")
    _refused(lambda r: r["options"][1].update(value=2), "consecutive")
    _refused(lambda r: r["options"][1].update(value="1"), "whole number")
    _refused(lambda r: r["options"][1].update(value=True), "whole number")
    _refused(lambda r: r.update(options=r["options"][:1]), "two or more options")


def test_refuses_an_option_or_item_without_words():
    _refused(lambda r: r["options"][0].update(label=" "), "label is missing")
    _refused(lambda r: r["items"][2].update(text=""), "text is missing")


def test_refuses_a_subscale_naming_an_item_that_does_not_exist():
    _refused(lambda r: r["subscales"][0].update(items=[1, 4]), r"items \[4\]")


def test_refuses_a_declared_range_the_items_do_not_give():
    _refused(lambda r: r["scoring"].update(range=[0, 4]), "is not what 3 items")


def test_refuses_bands_with_a_gap():
    _refused(lambda r: r["bands"][1].update({"from": 3}), "no band covers 2 to 2")


def test_refuses_overlapping_bands():
    _refused(lambda r: r["bands"][1].update({"from": 1}), "overlaps")


def test_refuses_bands_that_stop_short_of_or_run_past_the_range():
    _refused(lambda r: r["bands"][1].update(to=2), "end at 2")
    _refused(lambda r: r["bands"][1].update(to=4), "run past")
    _refused(lambda r: r["bands"][0].update({"from": -1}), "overlaps|covers")


def test_refuses_a_safety_item_that_does_not_exist_or_has_no_safe_answer():
    _refused(lambda r: r["safety"][0].update(item=9), "item 9 is not an item")
    _refused(lambda r: r["safety"][0].update(positive=[2]), "not option values")
    _refused(lambda r: r["safety"][0].update(positive=[]), "positive")
    _refused(lambda r: r["safety"][0].update(positive=[0, 1]), "must be not positive")


def test_refuses_a_threshold_outside_the_range():
    _refused(lambda r: r["scoring"].update(worth_talking_about_at=4), "outside the range")


def test_refuses_a_pattern_on_an_unknown_subscale_or_impossible_count():
    def pattern(needs: dict[str, int]):  # type: ignore[no-untyped-def]
        return lambda r: r.update(pattern={"name": "p", "endorsed_at": 1, "needs": needs})

    _refused(pattern({"zz": 1}), "zz is not a subscale")
    _refused(pattern({"ab": 3}), "cannot be met")


def test_refuses_an_unknown_format():
    _refused(lambda r: r.update(format=2), "format must be 1")


def test_a_file_must_be_named_after_its_id(tmp_path: Path):
    shutil.copy(FIXTURES / "pgs_shaped.toml", tmp_path / "pgs.toml")
    with pytest.raises(InstrumentError, match="must match the file name"):
        instrument_load(tmp_path / "pgs.toml")


def test_a_host_file_cannot_replace_a_shipped_one(tmp_path: Path):
    shutil.copy(SHIPPED / "phq9.toml", tmp_path / "phq9.toml")
    with pytest.raises(InstrumentError, match="already used"):
        instruments_load(SHIPPED, tmp_path)


def test_broken_toml_is_named(tmp_path: Path):
    (tmp_path / "bad.toml").write_text("id = ")
    with pytest.raises(InstrumentError, match="bad.toml: not valid TOML"):
        instruments_load(tmp_path)


def test_the_host_folder_adds_its_instruments(host_folder):
    assert sorted(catalogue.instruments()) == ["gad7", "pcl5", "pgs_shaped", "phq9"]


def test_a_missing_host_folder_is_refused_loudly(settings, tmp_path: Path):
    settings.WELLBEING_INSTRUMENTS_DIR = str(tmp_path / "nowhere")
    with pytest.raises(InstrumentError, match="is not a folder"):
        catalogue.instruments()


def test_a_reserved_id_is_refused(settings, tmp_path: Path):
    text = (FIXTURES / "pgs_shaped.toml").read_text().replace('id = "pgs_shaped"', 'id = "results"')
    (tmp_path / "results.toml").write_text(text)
    settings.WELLBEING_INSTRUMENTS_DIR = str(tmp_path)
    with pytest.raises(InstrumentError, match="reserved"):
        catalogue.instruments()


def test_notes_for_clinicians_need_words_and_source_tags():
    note = {"words": "Read these results with care.", "sources": ["S16"]}
    loaded = instrument_from(_valid() | {"for_clinicians": [note]}, source="tiny.toml")
    assert loaded.for_clinicians[0].sources == ("S16",)
    _refused(lambda r: r.update(for_clinicians=[note | {"sources": []}]), "source tags")
    _refused(lambda r: r.update(for_clinicians=[note | {"sources": ["[S16]"]}]), "source tags")
    _refused(lambda r: r.update(for_clinicians=[note | {"words": " "}]), "words is missing")
