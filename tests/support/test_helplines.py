"""The help-line table: every row sourced, and only verified numbers ever reach a page."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string

from afterwards.support import helplines


def test_every_row_has_a_source_a_status_and_a_date_checked():
    for line in helplines.table():
        assert line.source and line.status in helplines.STATUSES and line.checked


def test_a_number_is_shown_only_when_its_source_is_verified():
    for line in helplines.table():
        assert line.phone_shown == (line.phone if line.verified else "")


def test_unverified_and_secondary_rows_carry_a_web_address_instead():
    for line in helplines.table():
        if not line.verified:
            assert line.web.startswith("https://"), line.name


def test_the_uk_gets_999_111_and_samaritans():
    urgent = helplines.urgent_help("gb")
    assert urgent.emergency and urgent.emergency.phone_shown == "999"
    assert urgent.medical and urgent.medical.phone_shown == "111"
    assert [line.name for line in urgent.crisis] == ["Samaritans"]


def test_the_us_gets_911_and_988():
    urgent = helplines.urgent_help("US")
    assert urgent.emergency and urgent.emergency.phone_shown == "911"
    assert [line.phone_shown for line in urgent.crisis] == ["988"]


def test_a_country_not_in_the_table_gets_the_local_emergency_number_and_find_a_helpline():
    urgent = helplines.urgent_help("JP")
    assert not urgent.listed and urgent.emergency is None
    assert urgent.find_a_helpline == "https://findahelpline.com/jp"
    html = render_to_string("support/urgent_numbers.html", {"urgent": urgent})
    assert "your local emergency number" in html
    assert 'href="https://findahelpline.com/jp"' in html
    assert "Japan" in html


def test_nonsense_country_codes_are_treated_as_no_country():
    assert helplines.normalise("zz") == ""
    assert helplines.normalise("<script>") == ""
    assert helplines.urgent_help("xx").find_a_helpline == "https://findahelpline.com"


def test_the_urgent_box_shows_no_number_outside_the_verified_rows():
    verified = {line.phone for line in helplines.table() if line.verified and line.phone}
    unverified = {line.note for line in helplines.table() if not line.verified}
    for code in ("GB", "US", "IE", "FR", ""):
        html = render_to_string(
            "support/urgent_numbers.html", {"urgent": helplines.urgent_help(code)}
        )
        for href in [part.split('"')[0] for part in html.split('href="tel:')[1:]]:
            assert any("".join(c for c in p if c.isdigit()) == href for p in verified)
        assert not any(note and note in html for note in unverified)


def test_help_sections_come_crisis_urgent_abuse_loss_perinatal():
    sections = helplines.help_sections("US")
    assert [s.purpose for s in sections] == ["crisis", "urgent", "abuse", "loss", "perinatal"]
    assert [line.name for line in sections[1].lines] == ["Emergency services"]
    assert [line.name for line in sections[2].lines] == ["National Domestic Violence Hotline"]
    assert all(line.purpose == "perinatal" for line in sections[4].lines)


def _loss(code: str, kind: str) -> list[str]:
    section = next(s for s in helplines.help_sections(code, kind) if s.purpose == "loss")
    return [line.name for line in section.lines]


def test_help_sections_put_the_lines_for_a_kind_of_loss_first():
    assert _loss("GB", "stillbirth")[0] == "Sands"
    assert _loss("GB", "")[0] == "The Miscarriage Association"


def test_a_country_not_listed_has_empty_sections():
    assert all(not section.lines for section in helplines.help_sections("JP", "ectopic"))


def test_every_kind_of_loss_a_row_names_is_one_about_your_loss_offers():
    from afterwards.loss.about import KINDS

    for line in helplines.table():
        assert set(line.for_losses) <= set(KINDS), line.name


def test_the_source_label_drops_the_tag_but_keeps_the_words():
    samaritans = next(line for line in helplines.table() if line.name == "Samaritans")
    assert samaritans.source_label == "samaritans.org"


def test_no_help_line_was_checked_more_than_a_year_ago():
    """Numbers change: a row not checked for a year fails the build until someone checks
    it again against its source (docs/hazard-log.md, H-01)."""
    from datetime import timedelta

    from django.utils import timezone

    oldest = timezone.localdate() - timedelta(days=366)
    stale = [line.name for line in helplines.table() if line.checked < oldest]
    assert not stale, f"check these again against their sources: {stale}"


def test_nhs_111_can_be_called_with_one_tap():
    html = render_to_string("support/urgent_numbers.html", {"urgent": helplines.urgent_help("GB")})
    assert '<a href="tel:111">NHS 111</a>' in html


@pytest.mark.parametrize("code", ["IE", "FR", "DE", "ES", "SE"])
def test_in_the_eu_the_emergency_number_is_112(code):
    urgent = helplines.urgent_help(code)
    assert urgent.emergency is not None and urgent.emergency.phone_shown == "112"


def test_outside_the_table_no_emergency_number_is_guessed():
    for code in ("NO", "JP", "IN", "BR"):
        assert helplines.urgent_help(code).emergency is None


@pytest.mark.parametrize(
    ("code", "number"), [("AU", "000"), ("NZ", "111"), ("CA", "911"), ("CH", "112")]
)
def test_emergency_numbers_read_in_a_primary_source_are_shown(code, number):
    urgent = helplines.urgent_help(code)
    assert urgent.emergency is not None and urgent.emergency.phone_shown == number
    assert urgent.emergency.verified and urgent.emergency.source
