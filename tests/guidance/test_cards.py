"""The card library: every card well-formed, sourced, reviewed on time and rendered."""

from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone

from afterwards.guidance import cards
from afterwards.guidance.kinds import LOSS_KINDS

CLINICAL_SOURCES = Path(__file__).resolve().parents[2] / "docs" / "clinical-sources.md"
CARD_FILES = sorted(cards.FOLDER.glob("*/*.md"))
# Words never shown to people (the product's language rule), and gendered assumptions.
BANNED = re.compile(
    r"failure|at least|try again|congratulation|streak"
    r"|\b(?:she|he|her|his|him|mother|father|mum|dad|wife|husband|boyfriend|girlfriend)\b",
    re.IGNORECASE,
)


def _meta(path: Path) -> dict[str, object]:
    return tomllib.loads(path.read_text().split("+++")[1])


def test_there_are_cards_for_a_partner_for_the_person_and_for_both():
    library = cards.library()
    assert {card.audience for card in library} == set(cards.AUDIENCES)
    assert len([c for c in library if c.audience == "partner"]) >= 6
    assert len([c for c in library if c.audience == "person"]) >= 4


@pytest.mark.parametrize("path", CARD_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_card_has_an_id_matching_its_file_an_audience_and_review_dates(path):
    meta = _meta(path)
    assert meta["id"] == path.stem
    assert meta["audience"] in cards.AUDIENCES
    assert isinstance(meta["reviewed"], date) and isinstance(meta["review_by"], date)
    assert meta["reviewed"] < meta["review_by"]
    card = cards.parse(path.read_text(), path=path, language=path.parent.name)
    assert card.title and card.topic and card.body


def test_card_ids_are_unique_in_each_language():
    for language in cards.languages():
        ids = [_meta(p)["id"] for p in (cards.FOLDER / language).glob("*.md")]
        assert len(ids) == len(set(ids)), language


@pytest.mark.parametrize("card", cards.library(), ids=lambda c: c.id)
def test_every_cards_sources_resolve_to_a_citation(card):
    assert card.sources
    table = cards.sources()
    for tag in card.sources:
        assert tag in table, f"{card.id}: {tag} is not in sources.toml"
    assert [source.tag for source in card.citations()] == list(card.sources)


def test_the_sources_table_quotes_clinical_facts():
    """Each source the pages show is the project's own record of it, docs/clinical-sources.md:
    its row there gives the same reference and address."""
    rows = {
        cells[0]: cells
        for line in CLINICAL_SOURCES.read_text(encoding="utf-8").splitlines()
        if line.startswith("| S")
        for cells in [[c.strip().replace("\\|", "|") for c in line.strip("|").split(" | ")]]
    }
    for tag, source in cards.sources().items():
        assert tag in rows, f"{tag} is not in docs/clinical-sources.md"
        assert rows[tag][2] == source.reference, tag
        assert rows[tag][3] == (f"<{source.url}>" if source.url else "(not recorded)"), tag


def test_no_card_is_past_its_review_date():
    today = timezone.localdate()
    overdue = [card.id for card in cards.library() if card.review_by < today]
    assert not overdue, f"review these cards against clinical-facts.md: {overdue}"


@pytest.mark.parametrize("card", cards.library(), ids=lambda c: c.id)
def test_every_card_renders_and_speaks_gently(card):
    html = str(card.html())
    assert html.startswith("<") and "</" in html
    assert "{" not in html and "}" not in html, "an unknown {token} or a stray brace"
    text = f"{card.title} {card.topic} {card.body}"
    assert not BANNED.search(text), BANNED.search(text)


def test_a_card_uses_the_persons_own_words_where_it_can():
    card = cards.card("person-grief-returns")
    assert card is not None and card.uses_words
    assert "Grief for your loss does not" in str(card.html())
    assert "Grief for Wren does not" in str(card.html("Wren"))
    assert "Grief for the pregnancy does not" in str(card.html("the pregnancy"))
    assert "Grief for &lt;b&gt;Wren&lt;/b&gt; does not" in str(card.html("<b>Wren</b>"))


def test_a_language_without_its_own_cards_falls_back_to_english():
    assert cards.folder_for("en-gb") == "en"
    assert cards.folder_for("cy") == "en"
    assert cards.folder_for("") == "en"
    assert cards.library("cy") == cards.library("en")


def test_a_translated_card_replaces_the_english_one(tmp_path, monkeypatch):
    english = (cards.FOLDER / "en" / "both-out-of-step.md").read_text()
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "both-out-of-step.md").write_text(english)
    (tmp_path / "en" / "partner-what-helps.md").write_text(
        (cards.FOLDER / "en" / "partner-what-helps.md").read_text()
    )
    (tmp_path / "fr").mkdir()
    (tmp_path / "fr" / "both-out-of-step.md").write_text(
        english.replace('title = "Grieving out of step"', 'title = "Un deuil à contretemps"')
    )
    monkeypatch.setattr(cards, "FOLDER", tmp_path)
    for cached in (cards.library, cards._folder):
        cached.cache_clear()
    try:
        french = {card.id: card for card in cards.library("fr-ca")}
        assert french["both-out-of-step"].title == "Un deuil à contretemps"
        assert french["both-out-of-step"].language == "fr"
        assert french["partner-what-helps"].language == "en"
    finally:
        monkeypatch.undo()
        for cached in (cards.library, cards._folder):
            cached.cache_clear()


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("no front matter", "front matter"),
        ('+++\nid = "x"\n+++\nwords', "title is missing"),
        (
            '+++\nid = "other"\ntitle = "t"\naudience = "both"\ntopic = "t"\nsources = ["S47"]\n'
            "reviewed = 2026-11-01\nreview_by = 2027-11-01\n+++\nwords",
            "must match the file name",
        ),
        (
            '+++\nid = "x"\ntitle = "t"\naudience = "everyone"\ntopic = "t"\nsources = ["S47"]\n'
            "reviewed = 2026-11-01\nreview_by = 2027-11-01\n+++\nwords",
            "audience must be one of",
        ),
        (
            '+++\nid = "x"\ntitle = "t"\naudience = "both"\ntopic = "t"\nsources = []\n'
            "reviewed = 2026-11-01\nreview_by = 2027-11-01\n+++\nwords",
            "sources must be",
        ),
    ],
)
def test_a_malformed_card_is_refused_with_its_file_named(text, problem):
    with pytest.raises(cards.CardError, match=problem):
        cards.parse(text, path=Path("cards/en/x.md"), language="en")


# --- Words that fit the loss ------------------------------------------------------------

EVERY_KIND = (*LOSS_KINDS, "")


@pytest.mark.parametrize("card", cards.library(), ids=lambda c: c.id)
def test_every_card_renders_for_every_kind_of_loss_and_for_none(card):
    for kind in EVERY_KIND:
        html = str(card.html(kind=kind))
        assert html.startswith("<") and ":::" not in html, kind


@pytest.mark.parametrize("card_id", ["person-body-timeline", "person-intimacy-slowly"])
def test_miscarriage_guidance_about_sex_is_shown_only_after_a_miscarriage(card_id):
    card = cards.card(card_id)
    assert card is not None and card.keyed
    wait = "Most guidance says to wait until bleeding has stopped"
    assert wait in str(card.html(kind="miscarriage"))
    for kind in ("ectopic", "molar", "stillbirth", "tfmr", ""):
        html = str(card.html(kind=kind))
        assert wait not in html, kind
        assert "Your care team can tell you what applies to you" in html or (
            "Ask your care team what applies to you" in html
        ), kind


def test_the_body_card_keeps_each_kinds_facts_to_that_kind():
    card = cards.card("person-body-timeline")
    assert card is not None
    html = {kind: str(card.html(kind=kind)) for kind in EVERY_KIND}
    assert "about two weeks after a miscarriage" in html["miscarriage"]
    assert "four to six weeks" in html["miscarriage"]
    # Sex after ectopic surgery: no authoritative statement in the facts, so the care team.
    assert "no guidance we can rely on" in html["ectopic"]
    assert "After methotrexate" in html["ectopic"]
    for kind, page in html.items():
        if kind != "miscarriage":
            assert "miscarriage" not in page and "four to six weeks" not in page, kind
        if kind != "ectopic":
            assert "methotrexate" not in page and "ectopic" not in page, kind
        assert ("weeks after a birth" in page) == (kind in {"stillbirth", "tfmr"}), kind
        assert "Get help at once if" in page and "soaking a pad" in page, kind
    assert "ovulation can come before the first period" in html[""]


def test_a_card_with_a_choice_that_could_hide_words_is_refused_with_its_file_named():
    text = (
        '+++\nid = "x"\ntitle = "t"\naudience = "both"\ntopic = "t"\nsources = ["S47"]\n'
        "reviewed = 2026-11-01\nreview_by = 2027-11-01\n+++\nwords\n::: stilbirth\nmore\n:::\n"
    )
    with pytest.raises(cards.CardError, match=r"cards/en/x.md: line 2: stilbirth is not a kind"):
        cards.parse(text, path=Path("cards/en/x.md"), language="en")
