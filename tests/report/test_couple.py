"""A couple report: each partner's part only while that partner offers it."""

from __future__ import annotations

import subprocess
from datetime import timedelta
from html import unescape
from pathlib import Path

import pytest

from afterwards.couple import membership, space
from afterwards.couple.kinds import SHARED_KINDS
from afterwards.report import couple, parts
from afterwards.vault.models import Entry, PartnerWrap
from tests.couple.test_membership import link
from tests.insights.conftest import journal_days, write_journal
from tests.report.conftest import TODAY, body_days, contents, journal_fill, write

MAKE = "/report/make/"
THEIRS = "Words written on a quiet evening"


def _both(owner, partner):  # type: ignore[no-untyped-def]
    link(owner, partner)
    journal_fill(owner)
    write(partner, TODAY - timedelta(days=1), mood=4, grief=2, note=THEIRS)
    write(partner, TODAY - timedelta(days=2), mood=3, grief=3, note="Not for the report")


def _offer(person, **extra):  # type: ignore[no-untyped-def]
    return person.client.post(MAKE, contents(action="consent_confirm", **extra), follow=True)


def _parts() -> list[Entry]:
    return list(Entry.objects.filter(kind=couple.KIND))


def test_the_partners_part_is_in_the_couple_report_only_once_offered(owner, partner):
    _both(owner, partner)
    before = owner.client.post(MAKE, contents(action="couple_preview")).content.decode()
    assert "Their partner's part is not included." in before
    assert "Their partner: Mood and grief" not in before

    noted = (TODAY - timedelta(days=1)).isoformat()
    offered = _offer(partner, sections=["mood"], notes=[noted])
    assert "can now go into a couple report" in offered.content.decode()
    (entry,) = _parts()
    assert entry.owner == partner.user
    assert PartnerWrap.objects.filter(entry=entry, reader=owner.user).exists()

    after = owner.client.post(MAKE, contents(action="couple_preview")).content.decode()
    assert "A couple report for 1 March 2026 to 28 March 2026" in after
    assert "The person who made this report: Mood and grief over time" in after
    assert "Their partner: Mood and grief over time" in after
    assert "Their partner: Questionnaire scores" not in after  # not offered
    assert THEIRS in after and "Not for the report" not in after
    assert "not included" not in after


def test_the_couple_report_downloads_as_a_pdf(owner, partner):
    _both(owner, partner)
    _offer(partner)
    response = owner.client.post(MAKE, contents(action="couple_pdf"))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="couple-report-2026-03-01-2026-03-28.pdf"'
    )


def test_offering_ones_part_never_puts_the_other_persons_in(owner, partner):
    _both(owner, partner)
    _offer(owner)
    theirs = partner.client.post(MAKE, contents(action="couple_preview")).content.decode()
    # The partner sees the owner's offered part, and only their own beside it.
    assert "Their partner: Mood and grief" in theirs
    ours = owner.client.post(MAKE, contents(action="couple_preview")).content.decode()
    assert "Their partner's part is not included." in ours


def test_taking_ones_part_out_deletes_the_copy_at_once(owner, partner):
    _both(owner, partner)
    _offer(partner)
    page = partner.client.get("/report/").content.decode()
    assert "You offered your part for 1 March 2026 to 28 March 2026" in page
    response = partner.client.post("/report/couple/withdraw/", follow=True)
    assert "Your part is out of any couple report now." in response.content.decode()
    assert _parts() == []
    html = owner.client.post(MAKE, contents(action="couple_preview")).content.decode()
    assert "Their partner's part is not included." in html


def test_leaving_the_space_deletes_the_offered_part(owner, partner):
    assert couple.KIND in SHARED_KINDS
    _both(owner, partner)
    _offer(partner)
    _offer(owner)
    assert len(_parts()) == 2
    membership.couple_leave(user=owner.user)
    assert _parts() == []


def test_pausing_deletes_the_offered_part_and_nothing_is_offered_while_paused(owner, partner):
    _both(owner, partner)
    _offer(partner)
    space.sharing_pause(owner=partner.user)
    assert _parts() == []
    response = _offer(partner)
    assert "Your sharing is paused, so nothing was offered." in response.content.decode()
    assert _parts() == []


def test_outside_a_space_there_is_no_couple_report(owner):
    journal_fill(owner)
    page = owner.client.get("/report/").content.decode()
    assert "couple report" not in page
    response = _offer(owner)
    assert "A couple report needs a shared space" in response.content.decode()
    assert _parts() == []


def _partners_part(html: str) -> str:
    return html.split("Their partner: Mood and grief over time")[1]


def test_the_partner_sees_no_bleeding_or_closeness_unless_the_person_ticked_it(
    owner, partner, tmp_path
):
    link(owner, partner)
    journal_fill(partner)
    body_days(partner)

    _offer(partner)
    assert len(_parts()) == 1
    offered = couple.consent_given(owner=partner.user, keys=partner.keys)
    assert offered is not None and offered["days"]
    assert all(set(day) == {"day", "mood", "grief"} for day in offered["days"])
    html = owner.client.post(MAKE, contents(action="couple_preview")).content.decode()
    theirs = _partners_part(html)
    for words in ('class="chart-bleeding"', "chart-intimacy", "Bleeding on 1 day."):
        assert words not in theirs, words
    left_out = " ".join(_pdf_text(owner, tmp_path).split())
    assert "Bleeding on 1 day." not in left_out and "Closeness or sex on 1 day." not in left_out

    _offer(partner, bleeding_closeness="on")
    html = owner.client.post(MAKE, contents(action="couple_preview")).content.decode()
    theirs = _partners_part(html)
    for words in ('class="chart-bleeding"', "chart-intimacy", "Bleeding on 1 day."):
        assert words in theirs, words
    ticked = " ".join(_pdf_text(owner, tmp_path).split())
    assert "Bleeding on 1 day." in ticked and "Closeness or sex on 1 day." in ticked


def _pdf_text(person, folder) -> str:  # type: ignore[no-untyped-def]
    if not Path("/usr/bin/pdftotext").exists():
        pytest.skip("poppler-utils is not installed")
    response = person.client.post(MAKE, contents(action="couple_pdf"))
    assert response.status_code == 200
    (folder / "couple.pdf").write_bytes(response.content)
    done = subprocess.run(  # noqa: S603
        ["/usr/bin/pdftotext", "-layout", str(folder / "couple.pdf"), "-"],
        check=True,
        capture_output=True,
    )
    return done.stdout.decode()


SAFETY_WORDS = "“Thoughts that you would be better off dead or of hurting yourself in some way”"


def test_beside_the_offer_the_page_says_what_a_partner_would_read_naming_the_safety_item(
    owner, partner
):
    link(owner, partner)
    html = unescape(partner.client.get("/report/").content.decode())
    offer = html.split('id="couple-reads"')[1].split("</ul>")[0]
    assert "each questionnaire's total and band" in offer
    assert f"the PHQ-9's {SAFETY_WORDS}" in offer
    assert "Never your answer to each question" in offer
    assert "the notes you ticked, in full" in offer
    assert 'aria-describedby="couple-reads">Include my part in a couple report…' in html


def test_the_offer_first_lists_exactly_what_the_partner_would_read_and_offers_nothing(
    owner, partner
):
    link(owner, partner)
    journal_fill(partner)
    noted = (TODAY - timedelta(days=3)).isoformat()
    response = partner.client.post(MAKE, contents(action="consent", notes=[noted]))
    html = response.content.decode()
    assert response.status_code == 200
    assert _parts() == []  # nothing offered yet
    reads = html.split('class="report-partner-reads"')[1].split("</ul>")[0]
    assert "Your mood and grief on each day you noted them" in reads
    assert "Your PHQ-9 of 14 March 2026: its total and band (8, mild)" in reads
    assert (
        "Your PHQ-9 of 26 March 2026: its total and band (9, mild), not your answer to each "
        "question. And that you answered a question about your safety in a way that brought "
        f"up crisis contacts (item 9, {SAFETY_WORDS})." in reads
    )
    assert "You had kept this one private on the Wellbeing page." in reads
    assert "That your Patterns page states no clear pattern yet, and what it looked at." in reads
    assert "Your note of 25 March 2026, in full." in reads
    assert '<button type="submit" name="action" value="consent_confirm">' in html
    assert f'<input type="hidden" name="notes" value="{noted}">' in html

    confirmed = partner.client.post(
        MAKE, contents(action="consent_confirm", notes=[noted]), follow=True
    )
    assert "can now go into a couple report" in confirmed.content.decode()
    assert len(_parts()) == 1
    page = partner.client.get("/report/").content.decode()
    offered = page.split('id="offered-heading"')[1]
    assert "Your PHQ-9 of 26 March 2026: its total and band (9, mild)" in offered


def test_the_partners_copy_holds_totals_and_bands_never_an_answer_to_an_item(owner, partner):
    link(owner, partner)
    journal_fill(partner)
    _offer(partner)
    offered = couple.consent_given(owner=partner.user, keys=partner.keys)
    assert offered is not None and len(offered["results"]) == 2
    for result in offered["results"]:
        assert set(result) == {
            "instrument",
            "taken",
            "total",
            "answered",
            "scored",
            "safety_positive",
        }
    assert [r["safety_positive"] for r in offered["results"]] == [False, True]

    html = owner.client.post(MAKE, contents(action="couple_preview")).content.decode()
    theirs = html.split("Their partner: Questionnaire scores")[1]
    assert "<td>9</td>" in theirs and "mild (5 to 9)" in theirs
    assert "A safety item was endorsed when this was taken." in theirs
    assert "Safety item endorsed: item 9" not in theirs and "“Several days”" not in theirs
    # The person's own report still gives their therapist the item and the answer.
    own = partner.client.post(MAKE, contents(action="preview")).content.decode()
    assert "Safety item endorsed: item 9" in own and "“Several days”" in own


def test_the_partners_copy_holds_only_days_with_something_drawn_and_no_count_or_start(
    owner, partner
):
    link(owner, partner)
    journal_fill(partner)
    # Check-ins with neither mood nor grief: private activity the copy must not show.
    write(partner, TODAY - timedelta(days=22), sleep=2)
    write(partner, TODAY - timedelta(days=23), anxiety=3, note="Only for me")
    _offer(partner)
    offered = couple.consent_given(owner=partner.user, keys=partner.keys)
    assert offered is not None
    assert "checked_in" not in offered
    assert "started" not in offered["patterns"]
    days = {day["day"] for day in offered["days"]}
    assert len(days) == 20  # the twenty days journal_fill noted a mood and grief on
    assert (TODAY - timedelta(days=22)).isoformat() not in days
    assert (TODAY - timedelta(days=23)).isoformat() not in days
    assert all(day["mood"] or day["grief"] for day in offered["days"])

    html = owner.client.post(MAKE, contents(action="couple_preview")).content.decode()
    theirs = _partners_part(html)
    assert "A check-in was made on" not in theirs
    assert "A day with nothing noted is a gap in the line" in theirs
    # The person's own report still says how many days had a check-in.
    own = partner.client.post(MAKE, contents(action="preview")).content.decode()
    assert "A check-in was made on 22 of the 28 days." in own


def test_an_older_copy_holding_a_count_and_a_start_is_drawn_without_them():
    part = {
        "first": "2026-03-01",
        "last": "2026-03-28",
        "sections": ["mood", "patterns"],
        "checked_in": 25,
        "days": [
            {"day": "2026-03-02", "mood": None, "grief": None},
            {"day": "2026-03-03", "mood": 3, "grief": None},
        ],
        "patterns": {"as_of": "2026-03-28", "started": "2025-11-02", "shown": []},
    }
    view = parts.part_view(part, prefix="partner", about_partner=True)
    assert view.checked_in is None
    assert view.patterns_started == ""
    assert view.mood is not None and "noted on 1 day" in view.mood.summary
    own = parts.part_view(part, prefix="own")
    assert own.checked_in == 25 and own.patterns_started == "2 November 2025"


def test_a_copy_that_still_holds_answers_is_drawn_from_its_totals_alone():

    part = {
        "first": "2026-03-01",
        "last": "2026-03-28",
        "sections": ["wellbeing"],
        "results": [
            {
                "instrument": "phq9",
                "taken": "2026-03-26T10:00:00+00:00",
                "answers": {str(n): 1 for n in range(1, 10)},
                "safety_positive": True,
            }
        ],
    }
    (block,) = parts.part_view(part, prefix="partner", about_partner=True).instruments
    (row,) = block.rows
    assert (row.total, row.band.name if row.band else None) == (9, "mild")
    assert row.safety_note == parts.SAFETY_ENDORSED and row.pattern_met is None
    (own,) = parts.part_view(part, prefix="own").instruments[0].rows
    assert "item 9" in own.safety_note


def test_the_partners_patterns_are_framed_as_said_to_them_not_to_the_reader(owner, partner):

    link(owner, partner)
    write_journal(partner, journal_days(120, after_closeness=-2.5))
    _offer(partner, sections=["patterns"], bleeding_closeness="on")
    html = owner.client.post(MAKE, contents(action="couple_preview")).content.decode()
    theirs = html.split("Their partner: Patterns")[1]
    framed = theirs.split("As the Patterns page put it to their partner:</p>")[1]
    assert "On the day after closeness or sex, your mood was on average" in framed
    own = partner.client.post(
        MAKE, contents(action="preview", sections=["patterns"], bleeding_closeness="on")
    ).content.decode()
    assert "As the Patterns page put it to the person:</p>" in own


def test_the_cover_and_the_notes_say_whose_notes_they_are(owner, partner):
    _both(owner, partner)
    _offer(partner, notes=[(TODAY - timedelta(days=1)).isoformat()])
    mine = (TODAY - timedelta(days=3)).isoformat()
    html = owner.client.post(MAKE, contents(action="couple_preview", notes=[mine])).content
    text = " ".join(unescape(html.decode()).split())
    assert "1 note chosen by the person who made this report, in their own words." in text
    assert "1 note chosen by their partner, in their own words." in text
    assert "Only the notes their partner ticked for this report, in their own words." in text
    alone = owner.client.post(MAKE, contents(action="preview", notes=[mine])).content.decode()
    assert "1 note chosen by the person, in their own words." in alone


def test_the_offer_lists_each_pattern_sentence_and_says_sleep_or_anxiety_come_only_through_them(
    owner, partner
):
    link(owner, partner)
    write_journal(partner, journal_days(120, after_closeness=-2.5))
    html = unescape(
        partner.client.post(
            MAKE, contents(action="consent", sections=["patterns"], bleeding_closeness="on")
        ).content.decode()
    )
    reads = html.split('class="report-partner-reads"')[1].split("</p>")[0]
    quoted = reads.split('class="report-partner-quoted"')[1].split("</ul>")[0]
    offered = couple.consent_given(owner=partner.user, keys=partner.keys)
    assert offered is None  # nothing offered yet
    part = parts.part_build(
        owner=partner.user,
        keys=partner.keys,
        first=TODAY - timedelta(days=27),
        last=TODAY,
        sections=["patterns"],
        note_days=set(),
        today=TODAY,
        bleeding_closeness=True,
    )
    sentences = part["patterns"]["shown"]
    assert sentences and any("closeness or sex" in words for words in sentences)
    for words in sentences:
        assert f"<li>{words}</li>" in quoted, words
    assert "The patterns, in its words:" in reads
    after = " ".join(html.split("Nothing else:")[1].split("</p>")[0].split())
    assert "sleep or body symptoms except where a pattern listed above names them," in after

    none_shown = unescape(
        partner.client.post(MAKE, contents(action="consent", sections=["mood"])).content.decode()
    )
    plain = " ".join(none_shown.split("Nothing else:")[1].split("</p>")[0].split())
    assert "sleep or body symptoms, and no note" in plain and "except where" not in plain


def test_a_couple_report_with_both_partners_scores_has_no_id_twice(owner, partner):
    import re
    from datetime import UTC, datetime

    from afterwards.wellbeing import catalogue
    from afterwards.wellbeing import services as wellbeing

    _both(owner, partner)
    phq9 = catalogue.instruments()["phq9"]
    for person in (owner, partner):
        for days_ago, answer in ((20, 2), (5, 1)):
            wellbeing.result_save(
                owner=person.user,
                keys=person.keys,
                instrument=phq9,
                answers=dict.fromkeys(range(1, 9), answer) | {9: 0},
                taken=datetime.combine(TODAY - timedelta(days=days_ago), datetime.min.time(), UTC),
            )
    _offer(partner, sections=["wellbeing"])

    page = owner.client.post(MAKE, contents(action="couple_preview")).content.decode()

    assert page.count('class="trend-line"') == 2  # a trend chart for each partner
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
