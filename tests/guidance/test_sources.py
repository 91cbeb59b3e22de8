"""The sources table the pages read (afterwards/guidance/sources.toml) and the project's
record of its clinical sources (docs/clinical-sources.md): every tag the product names is
in both, and each source is shown in words with its address, never as a bare tag."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from afterwards.guidance import cards
from afterwards.wellbeing.instrument import SHIPPED, instruments_load

ROOT = Path(__file__).resolve().parents[2]
CLINICAL_SOURCES = ROOT / "docs" / "clinical-sources.md"
TAGS = re.compile(r"\bS([1-9][0-9]*)\b")


def documented() -> set[str]:
    """The tags docs/clinical-sources.md lists in its table of sources."""
    text = CLINICAL_SOURCES.read_text(encoding="utf-8").split("\n## Sources\n", 1)[1]
    return {line.split("|")[1].strip() for line in text.splitlines() if line.startswith("| S")}


def test_every_source_of_the_table_is_documented_and_the_other_way_round():
    assert set(cards.sources()) == documented()


@pytest.mark.parametrize("source", cards.sources().values(), ids=lambda s: s.tag)
def test_every_source_has_words_a_reference_and_how_sure_and_a_web_address_if_any(source):
    assert source.words.strip() and source.reference.strip() and source.sure.strip()
    assert source.sure[0] in "✅◐❌", "how sure, with the mark first"
    assert not source.url or re.fullmatch(r"https?://[^\s<>\"]+", source.url), source.url
    assert not TAGS.search(source.words), "a reader sees words, not a tag"


def test_every_tag_a_card_or_a_questionnaire_names_is_in_the_table():
    table = cards.sources()
    named = {tag for card in cards.library() for tag in card.sources}
    for instrument in instruments_load(SHIPPED).values():
        named |= {tag for note in instrument.for_clinicians for tag in note.sources}
    assert named and named <= set(table), sorted(named - set(table))


def test_every_tag_the_help_lines_and_the_hazard_log_cite_is_documented():
    tags = documented()
    lines = tomllib.loads((ROOT / "afterwards/support/helplines.toml").read_text("utf-8"))
    cited = {m for row in lines["line"] for m in re.findall(r"^S\d+", row.get("source", ""))}
    log = (ROOT / "docs/hazard-log.md").read_text(encoding="utf-8")
    for bracket in re.findall(r"\[(S\d+(?:,\s*S\d+)*)\]", log):
        cited |= {tag.strip() for tag in bracket.split(",")}
    assert cited and cited <= tags, sorted(cited - tags)
