"""The report's notes list: "Choose all notes" and "Choose none" (issue 15.8).

Without JavaScript they are two submit buttons that bring the form back as it was sent,
every note ticked or none; with it, report-notes.js ticks the boxes at once (tested in
tests/e2e/test_copy_and_share.py). Nothing is made or kept by either.
"""

from __future__ import annotations

import re
from datetime import timedelta

from afterwards.report.models import ReportLink
from afterwards.vault.models import Entry
from tests.report.conftest import TODAY, contents, journal_fill

PAGE = "/report/"
MAKE = "/report/make/"
NOTED = [(TODAY - timedelta(days=back)).isoformat() for back in (3, 5)]


def _ticked(html: str) -> list[str]:
    return sorted(re.findall(r'name="notes" value="([^"]+)"[^>]*\bchecked\b', html))


def test_the_list_offers_choose_all_and_none_as_buttons_that_work_without_script(owner):
    journal_fill(owner)

    html = owner.client.get(PAGE).content.decode()

    assert re.search(r'value="notes_all"[^>]*>Choose all 2 notes</button>', html)
    assert re.search(r'value="notes_none"[^>]*>Choose none</button>', html)
    assert 'formaction="/report/make/#report-notes"' in html
    assert '<script src="/static/js/report-notes.' in html
    assert _ticked(html) == []


def test_choose_all_brings_the_form_back_with_every_note_ticked_and_the_rest_as_sent(owner):
    journal_fill(owner)
    before = Entry.objects.filter(owner=owner.user).count()

    response = owner.client.post(
        MAKE, contents(action="notes_all", sections=["mood"], name="Robin A.", days="9")
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert _ticked(html) == sorted(NOTED)
    assert re.search(r'name="sections" value="mood"[^>]*\bchecked\b', html)
    assert not re.search(r'name="sections" value="wellbeing"[^>]*\bchecked\b', html)
    assert 'value="Robin A."' in html
    assert 'name="days" value="9"' in html
    assert "form-errors" not in html
    assert Entry.objects.filter(owner=owner.user).count() == before
    assert not ReportLink.objects.exists()


def test_choose_none_brings_the_form_back_with_no_note_ticked(owner):
    journal_fill(owner)

    response = owner.client.post(MAKE, contents(action="notes_none", notes=NOTED))

    assert response.status_code == 200
    assert _ticked(response.content.decode()) == []


def test_enter_in_a_field_still_previews_as_the_forms_first_button(owner):
    journal_fill(owner)

    html = owner.client.get(PAGE).content.decode()
    form = html.split('action="/report/make/"', 1)[1]
    first_button = re.search(r"<button[^>]*>", form).group(0)

    assert 'value="preview"' in first_button
    assert "hidden" in first_button


def test_a_list_of_one_note_or_none_has_no_choose_buttons(owner):
    html = owner.client.get(PAGE).content.decode()

    assert "No day in this period has a note." in html
    assert "notes_all" not in html
