"""includes/form_errors.html: after a mistake, a summary that takes the focus as the
page opens (autofocus, and quick-exit.js for older browsers), holding the form's own
messages and each field's message as a link to that field, whose own message stays
beside it. Through the template with a form of every kind of field, then through pages
whose forms come back with a mistake: every link leads to an id on the page."""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser

from django import forms
from django.template.loader import render_to_string
from django.utils import timezone

from afterwards.journal.checkin import CUSTOM_SYMPTOM_MAX


class Sample(forms.Form):
    name = forms.CharField(label="Your name", max_length=3)
    feeling = forms.ChoiceField(
        label="How are you?", choices=[("a", "Calm"), ("b", "Tired")], widget=forms.RadioSelect
    )
    parts = forms.MultipleChoiceField(
        label="Parts", choices=[("x", "One"), ("y", "Two")], widget=forms.CheckboxSelectMultiple
    )
    when = forms.DateField(label="When it happened.", required=False)
    token = forms.CharField(widget=forms.HiddenInput, error_messages={"required": "Start again."})

    def clean(self):  # type: ignore[no-untyped-def]
        raise forms.ValidationError("Nothing was saved.")


class Summary(HTMLParser):
    """The summary's attributes, its paragraphs and its links (href, words)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.attrs: dict[str, str | None] | None = None
        self.paragraphs: list[str] = []
        self.links: list[tuple[str, str]] = []
        self._in: str | None = None
        self._words = ""
        self._href = ""
        # The summary alone (it holds no <div> of its own), wherever it is on the page.
        found = re.search(r"<div [^>]*data-error-summary.*?</div>", html, re.DOTALL)
        self.feed(found.group(0) if found else "")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if "data-error-summary" in found:
            self.attrs = found
        if tag in ("p", "a"):
            self._in, self._words, self._href = tag, "", found.get("href") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "p" and self._in == "p":
            self.paragraphs.append(self._words.strip())
        if tag == "a" and self._in == "a":
            self.links.append((self._href, " ".join(self._words.split())))
        self._in = None

    def handle_data(self, data: str) -> None:
        self._words += data


def ids_in(html: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', html))


def test_the_summary_takes_the_focus_and_links_each_message_to_its_field(db):
    form = Sample({"name": "too long", "when": "soon"})
    assert not form.is_valid()

    summary = Summary(render_to_string("includes/form_errors.html", {"form": form}))

    assert summary.attrs is not None
    assert summary.attrs["role"] == "alert"
    assert summary.attrs["tabindex"] == "-1"
    assert "autofocus" in summary.attrs
    # The form's own message and a hidden field's come first, in words: no field to go to.
    assert summary.paragraphs == [
        "Nothing was saved.",
        "Start again.",
        "Something needs another look:",
    ]
    assert summary.links == [
        ("#id_name", "Your name: Ensure this value has at most 3 characters (it has 8)."),
        ("#id_feeling_0", "How are you? This field is required."),
        ("#id_parts_0", "Parts: This field is required."),
        ("#id_when", "When it happened. Enter a valid date."),
    ]
    # Each link leads to the field as Django draws it: a group at its first choice.
    drawn = ids_in(str(form))
    assert {href[1:] for href, _ in summary.links} <= drawn


def test_a_form_without_mistakes_has_no_summary(db):
    assert render_to_string("includes/form_errors.html", {"form": Sample()}).strip() == ""


def test_only_the_forms_own_message_when_no_field_has_one(db):
    class Whole(forms.Form):
        def clean(self):  # type: ignore[no-untyped-def]
            raise forms.ValidationError("That did not match.")

    form = Whole({})
    form.is_valid()
    summary = Summary(render_to_string("includes/form_errors.html", {"form": form}))

    assert summary.paragraphs == ["That did not match."]
    assert summary.links == []


def summary_on(html: str) -> Summary:
    summary = Summary(html)
    assert summary.attrs is not None, "no error summary on the page"
    for href, _words in summary.links:
        assert href[1:] in ids_in(html), f"{href} leads nowhere on the page"
    return summary


def test_the_check_ins_summary_leads_to_a_group_and_a_field_drawn_by_the_check_in(owner):
    response = owner.client.post(
        "/journal/day/2026-03-27/",
        {"mood": "9", "new_symptoms": "a" * (CUSTOM_SYMPTOM_MAX + 1)},
    )

    assert response.status_code == 400
    links = dict(summary_on(response.content.decode()).links)
    assert links["#id_mood_0"].startswith("How were you that day? Please choose one of the")
    assert links["#id_new_symptoms"].startswith("Something else, in your own words: Each one")


def test_the_day_picker_has_a_summary_too(owner):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = owner.client.get("/journal/day/", {"day": tomorrow.isoformat()})

    assert response.status_code == 400
    assert summary_on(response.content.decode()).links == [
        (
            "#id_day",
            "Which day? That day hasn't come yet. You can write about today or any day before it.",
        )
    ]


def test_a_form_of_another_part_of_the_site_links_to_its_fields(owner):
    response = owner.client.get("/report/", {"date_from": "2026-03-20", "date_to": "2026-03-01"})

    assert response.status_code == 400
    assert summary_on(response.content.decode()).links
