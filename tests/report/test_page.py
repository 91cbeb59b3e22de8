"""The report page: a period, what goes in, a preview, and a PDF to download."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from html import unescape
from pathlib import Path
from xml.etree import ElementTree

from afterwards.dates.forms import OwnDateForm
from afterwards.forms_widgets import DATE_WIDGET
from afterwards.loss.forms import AboutLossForm
from afterwards.report import links
from afterwards.report.forms import PeriodForm
from afterwards.vault.models import Entry
from afterwards.wellbeing import catalogue
from afterwards.wellbeing import services as wellbeing
from tests.insights.conftest import journal_days, write_journal
from tests.report.conftest import (
    FIRST,
    TICKED,
    TODAY,
    UNTICKED,
    body_days,
    contents,
    journal_fill,
)

PAGE = "/report/"
MAKE = "/report/make/"


def test_the_page_offers_the_last_four_weeks_and_each_note_unticked(owner):
    journal_fill(owner)
    response = owner.client.get(PAGE)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'value="{FIRST.isoformat()}"' in html and f'value="{TODAY.isoformat()}"' in html
    noted = (TODAY - timedelta(days=3)).isoformat()
    assert f'name="notes" value="{noted}"' in html
    assert "25 March 2026: Talked about the scan date" in html
    assert 'name="notes" value="' + noted + '" checked' not in html
    assert "checked" not in html.split('name="notes"')[1].split(">")[0]


def test_a_period_outside_the_list_shows_only_its_own_notes(owner):
    journal_fill(owner)
    day = (TODAY - timedelta(days=5)).isoformat()
    response = owner.client.get(PAGE, {"date_from": day, "date_to": day})
    html = response.content.decode()
    assert response.status_code == 200
    assert UNTICKED[:20] in html and TICKED[:20] not in html


def test_a_start_after_the_end_is_refused_beside_the_field_keeping_what_was_typed(owner):
    response = owner.client.get(PAGE, {"date_from": "2026-03-20", "date_to": "2026-03-01"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Please choose a start on or before the end." in html
    assert 'value="2026-03-20"' in html and 'value="2026-03-01"' in html
    assert 'name="notes"' not in html


def test_a_period_longer_than_a_year_or_ending_later_than_today_is_refused(owner):
    long = owner.client.get(PAGE, {"date_from": "2024-01-01", "date_to": "2026-03-01"})
    assert long.status_code == 400
    assert "a year or less" in long.content.decode()
    later = owner.client.get(PAGE, {"date_from": "2026-03-01", "date_to": "2026-04-02"})
    assert later.status_code == 400
    assert "today at the latest" in later.content.decode()
    bad = owner.client.get(PAGE, {"date_from": "soon", "date_to": ""})
    assert bad.status_code == 400
    assert 'value="soon"' in bad.content.decode()


def test_the_preview_shows_the_sections_and_only_the_ticked_note(owner):
    journal_fill(owner)
    noted = (TODAY - timedelta(days=3)).isoformat()
    response = owner.client.post(MAKE, contents(action="preview", notes=[noted]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "A report for 1 March 2026 to 28 March 2026" in html
    for heading in ("Mood and grief over time", "Questionnaire scores", "Patterns"):
        assert heading in html
    # Mood and grief as plain lines: marks only with "Days with bleeding or closeness".
    assert html.count('class="pair-chart-svg"') == 2 and 'class="mood-chart-svg"' not in html
    assert TICKED in html and UNTICKED not in html
    assert "Kroenke K, Spitzer RL, Williams JBW. The PHQ-9" in html
    assert "Safety item endorsed: item 9" in html and "“Several days”" in html
    # The preview can go on to the PDF with the same choices.
    assert f'<input type="hidden" name="notes" value="{noted}">' in html


def test_leaving_parts_out_says_so_on_the_cover(owner):
    journal_fill(owner)
    response = owner.client.post(MAKE, contents(action="preview", sections=["patterns"]))
    html = response.content.decode()
    assert "Mood and grief. Questionnaire scores." in html.split("Left out")[1]
    assert 'class="mood-chart-svg"' not in html and 'class="pair-chart-svg"' not in html
    assert "Questionnaire scores</h2>" not in html


def test_a_note_from_outside_the_period_is_refused_calmly(owner):
    journal_fill(owner)
    response = owner.client.post(MAKE, contents(action="preview", notes=["2025-01-01"]))
    assert response.status_code == 400
    assert "is not in this period any more" in response.content.decode()


def test_an_unknown_button_or_a_bad_number_of_days_is_a_400(owner):
    assert owner.client.post(MAKE, contents(action="publish")).status_code == 400
    response = owner.client.post(MAKE, contents(action="link", days="31"))
    assert response.status_code == 400
    assert "from 1 to 30" in response.content.decode()


def test_the_pdf_downloads_with_its_period_in_a_name_that_never_names_the_site(owner):
    journal_fill(owner)
    response = owner.client.post(MAKE, contents(action="pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"] == 'attachment; filename="report-2026-03-01-2026-03-28.pdf"'
    )
    assert "afterwards" not in response["Content-Disposition"].lower()
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF-")


def test_someone_logged_out_is_sent_to_log_in(client, db):
    assert client.get(PAGE).status_code == 302
    assert client.post(MAKE, contents(action="pdf")).status_code == 302


def test_garbage_in_every_field_is_a_calm_answer_never_a_500(owner):
    junk = {"date_from": "\x00" * 3, "date_to": "9" * 400, "sections": "\x00", "notes": "x"}
    assert owner.client.get(PAGE, junk).status_code == 400
    for action in ("preview", "pdf", "link", "consent", "\x00"):
        response = owner.client.post(MAKE, {**junk, "action": action, "days": "1e9"})
        assert response.status_code == 400
    for path in ("/r/%00/%FF%FE/", "/r/\u00e9t\u00e9/\u00e9\u00e9\u00e9/"):
        assert owner.client.post(path, {"code": "\x00" * 9}).status_code == 400
        assert owner.client.post(path, {"code": "A" * 20}).status_code == 404


# Bleeding and closeness: their own choice, off unless ticked.
BODY_SHOWN = ('class="chart-bleeding"', "chart-intimacy", "Bleeding on 1 day.")
BODY_SHOWN_TOO = ("Closeness or sex on 1 day.", "bleeding (circles)")
BODY_PATTERNS = ("closeness or sex.</li>", "through your cycle")


def test_days_with_bleeding_or_closeness_are_offered_unticked_saying_what_they_show(owner):
    html = owner.client.get(PAGE).content.decode()
    box = html.split('name="bleeding_closeness"')[1].split(">")[0]
    assert "checked" not in box
    assert "<span>Days with bleeding or closeness</span>" in html
    assert "circle on each day you noted bleeding" in html


def test_without_the_tick_the_report_holds_no_bleeding_or_closeness(owner):
    journal_fill(owner)
    body_days(owner)
    html = owner.client.post(MAKE, contents(action="preview")).content.decode()
    report = html.split('class="report-preview"')[1]
    for words in BODY_SHOWN + BODY_SHOWN_TOO + BODY_PATTERNS + ("No bleeding noted",):
        assert words not in report, words
    assert "Mood and grief over time" in report and 'class="pair-chart-svg"' in report
    assert "Days with bleeding or closeness." in report.split("Left out")[1]
    assert 'name="bleeding_closeness"' not in html


def test_with_the_tick_the_mood_chart_marks_bleeding_and_closeness(owner):
    journal_fill(owner)
    body_days(owner)
    html = owner.client.post(
        MAKE, contents(action="preview", bleeding_closeness="on")
    ).content.decode()
    report = html.split('class="report-preview"')[1]
    for words in BODY_SHOWN + BODY_SHOWN_TOO + BODY_PATTERNS:
        assert words in report, words
    assert "Days with bleeding or closeness." in report.split("Included")[1].split("Left out")[0]
    # The preview goes on to the PDF with the same choice.
    assert '<input type="hidden" name="bleeding_closeness" value="on">' in html


def test_the_tick_alone_without_mood_or_patterns_is_refused_calmly(owner):
    journal_fill(owner)
    response = owner.client.post(
        MAKE, contents(action="preview", sections=["wellbeing"], bleeding_closeness="on")
    )
    assert response.status_code == 400
    assert "go with Mood and grief over time or with Patterns" in response.content.decode()


def test_the_phq9_difficulty_question_is_printed_once_and_each_answer_is_a_short_row(owner):
    for day, difficulty in ((12, 1), (20, 2)):
        wellbeing.result_save(
            owner=owner.user,
            keys=owner.keys,
            instrument=catalogue.instruments()["phq9"],
            answers=dict.fromkeys(range(1, 10), 0),
            difficulty=difficulty,
            taken=datetime(2026, 3, day, 10, 0, tzinfo=UTC),
        )
    html = owner.client.post(MAKE, contents(action="preview")).content.decode()
    rows = [row.split("</tr>")[0] for row in html.split('class="report-difficulty"')[1:]]
    assert rows == [
        '><td colspan="3">Difficulty (not scored): Somewhat difficult</td>',
        '><td colspan="3">Difficulty (not scored): Very difficult</td>',
    ]
    question = "how difficult have these problems made it for you"
    assert html.count(question) == 1
    block = html.split("<h3>Patient Health Questionnaire-9")[1].split("report-citation")[0]
    assert "Difficulty (not scored) is the answer to the question after the items:" in block
    assert question in block


def _left_out(html: str) -> str:
    return " ".join(html.split("<dt>Left out</dt>")[1].split("</dd>")[0].split())


def test_left_out_says_anxiety_energy_sleep_and_body_appear_only_where_patterns_name_them(
    owner,
):
    journal_fill(owner)
    body_days(owner)
    with_patterns = owner.client.post(MAKE, contents(action="preview")).content.decode()
    assert (
        "Anxiety, energy, sleep and body symptoms are not reported, except where Patterns "
        "names them." in _left_out(with_patterns)
    )
    mood_only = owner.client.post(MAKE, contents(action="preview", sections=["mood"]))
    assert "are not reported." in _left_out(mood_only.content.decode())
    assert "except where" not in _left_out(mood_only.content.decode())
    patterns_only = owner.client.post(
        MAKE, contents(action="preview", sections=["patterns"], bleeding_closeness="on")
    )
    assert "; bleeding and closeness only in Patterns." in _left_out(patterns_only.content.decode())
    both = owner.client.post(MAKE, contents(action="preview", bleeding_closeness="on"))
    assert "only as marks on the mood chart and in Patterns." in _left_out(both.content.decode())


def test_what_goes_in_is_the_heading_and_the_boxes_have_a_legend_of_their_own(owner):
    html = owner.client.get(PAGE).content.decode()
    assert '<h2 id="contents-heading">What goes in</h2>' in html
    assert "<legend>Parts to include</legend>" in html
    assert html.count("What goes in") == 1


def test_a_name_typed_for_the_report_is_on_its_cover_and_saved_nowhere(owner):
    journal_fill(owner)
    before = Entry.objects.filter(owner=owner.user).count()
    html = owner.client.post(MAKE, contents(action="preview", name="Robin A.")).content
    assert '<p class="report-name">Name on the report: Robin A.</p>' in html.decode()
    assert '<input type="hidden" name="name" value="Robin A.">' in html.decode()
    assert Entry.objects.filter(owner=owner.user).count() == before
    owner.client.post(MAKE, contents(action="link", name="Robin A."))
    held = Entry.objects.filter(owner=owner.user).exclude(kind=links.KIND)
    assert held.count() == before  # only the list of what links hold, which has no name
    assert "Robin" not in str(links.held_by(owner=owner.user, keys=owner.keys))
    long = owner.client.post(MAKE, contents(action="preview", name="x" * 81))
    assert long.status_code == 400
    assert "80 characters or fewer" in long.content.decode()


def test_the_date_fields_of_report_dates_and_loss_take_their_widget_from_one_place():
    root = Path(__file__).resolve().parents[2] / "afterwards"
    for name in ("report", "dates", "loss"):
        source = (root / name / "forms.py").read_text(encoding="utf-8")
        assert "forms.DateInput(" not in source, name
        assert "from afterwards.forms_widgets import DATE_WIDGET" in source, name
    for form in (PeriodForm(), OwnDateForm(space=None), AboutLossForm()):
        dated = [f for f in form if isinstance(f.field.widget, type(DATE_WIDGET))]
        assert dated, type(form).__name__
        for field in dated:
            assert 'type="date"' in str(field)
            assert field.field.widget.format == "%Y-%m-%d"


def test_what_patterns_looked_at_comes_framed_as_put_to_the_person_as_the_stated_ones_do(
    owner,
):
    write_journal(owner, journal_days(120))
    html = owner.client.post(MAKE, contents(action="preview", sections=["patterns"])).content
    section = html.decode().split("Patterns</h2>")[1].split("</section>")[0]
    for heading in ("Looked at, no clear pattern yet", "Not enough days yet to look at"):
        if heading not in section:
            continue
        below = section.split(f"<h3>{heading}</h3>")[1].split("</ul>")[0]
        framing, listed = below.split("<ul>")
        assert framing.strip() == "<p>As the Patterns page put it to the person:</p>", heading
        assert listed.count("<li>") >= 1, heading
    looked_at = section.split("<h3>Looked at, no clear pattern yet</h3>")[1].split("</ul>")[0]
    assert "<li>Your " in looked_at  # a title that says "your", framed as the person's


def _chart_xs(svg: str, css: str) -> dict[str, float]:
    return {
        point.get("data-day", ""): float(point.get("cx", "nan"))
        for point in ElementTree.fromstring(svg).iter("{http://www.w3.org/2000/svg}circle")
        if point.get("class") == css
    }


PERIOD = "1 March 2026 to 28 March 2026"


def test_with_the_marks_mood_and_grief_put_each_day_at_the_same_x_and_read_alike(owner):
    journal_fill(owner)
    body_days(owner)
    html = owner.client.post(
        MAKE, contents(action="preview", bleeding_closeness="on")
    ).content.decode()
    report = html.split('class="report-preview"')[1]
    mood_svg = "<svg" + report.split("<svg")[1].split("</svg>")[0] + "</svg>"
    grief_svg = "<svg" + report.split("<svg")[2].split("</svg>")[0] + "</svg>"
    assert 'class="mood-chart-svg"' in mood_svg and 'class="pair-chart-svg"' in grief_svg
    mood = _chart_xs(mood_svg, "chart-point")
    grief = _chart_xs(grief_svg, "pair-point-own")
    shared = set(mood) & set(grief)
    assert len(shared) >= 20
    for day in shared:
        assert mood[day] == grief[day], day
    # The same drawing width and the same plotting area, left to right.
    for svg in (mood_svg, grief_svg):
        root = ElementTree.fromstring(svg)
        assert root.get("viewBox", "").split()[:3] == ["0", "0", "340"]
    grids = [
        {x.get("x1") for x in ElementTree.fromstring(svg).iter() if x.get("class") == "chart-grid"}
        for svg in (mood_svg, grief_svg)
    ]
    assert grids[0] == grids[1] and len(grids[0]) == 1
    # Both captions in the same words.
    text = " ".join(unescape(report).split())
    for scale in ("Mood", "Grief"):
        assert f"{scale} in the period from {PERIOD}, noted on 20 days: between" in text
    assert "Bleeding on 1 day. Closeness or sex on 1 day." in text
