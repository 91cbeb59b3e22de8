"""Under the PHQ-9's results, the therapist report says what a clinician must keep in mind:
the PHQ-9 is not validated specifically after a pregnancy loss, and "not at all" on item 9
does not rule out risk, each with its sources in full (docs/clinical-sources.md). In the
preview, the PDF and a couple report alike; a questionnaire with nothing to add shows
nothing."""

from __future__ import annotations

import re
import subprocess
from datetime import UTC, datetime, timedelta
from html import unescape
from pathlib import Path

import pytest

from afterwards.guidance.cards import sources
from afterwards.wellbeing import catalogue
from afterwards.wellbeing import services as wellbeing
from tests.couple.test_membership import link
from tests.report.conftest import TODAY, contents, journal_fill

MAKE = "/report/make/"
NOT_VALIDATED = "Not validated after pregnancy loss."
NOT_AT_ALL = "“Not at all” on item 9 does not rule out risk."


def _gad7(person) -> None:  # type: ignore[no-untyped-def]
    wellbeing.result_save(
        owner=person.user,
        keys=person.keys,
        instrument=catalogue.instruments()["gad7"],
        answers=dict.fromkeys(range(1, 8), 1),
        taken=datetime.combine(TODAY - timedelta(days=4), datetime.min.time(), UTC)
        + timedelta(hours=9),
    )


def _blocks(page: str) -> dict[str, str]:
    """Each questionnaire's part of the page, by its name, as text."""
    found = re.findall(
        r'<div class="report-instrument[^"]*">\s*<h3>(.*?)</h3>(.*?)<p class="report-citation">',
        page,
        flags=re.DOTALL,
    )
    return {
        unescape(name): " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())
        for name, body in found
    }


def _said(block: str) -> None:
    assert NOT_VALIDATED in block and NOT_AT_ALL in block
    notes = block.split("Reading these PHQ-9 results", 1)[1]
    assert notes.index(NOT_VALIDATED) < notes.index(NOT_AT_ALL)
    table = sources()
    validated = notes.split(NOT_AT_ALL)[0]
    assert table["S16"].reference in validated and table["S16"].url in validated
    not_at_all = notes.split(NOT_AT_ALL)[1]
    for tag in ("S8", "S9", "S10"):
        assert table[tag].reference in not_at_all and table[tag].url in not_at_all, tag
    assert "[S" not in notes


def test_under_the_phq9_results_the_preview_says_what_a_clinician_must_keep_in_mind(owner):
    journal_fill(owner)
    _gad7(owner)

    page = owner.client.post(MAKE, contents(action="preview")).content.decode()

    blocks = _blocks(page)
    phq9 = blocks["Patient Health Questionnaire-9 (PHQ-9)"]
    # After the results table, not in place of any of it.
    assert phq9.index("PHQ-9 results in this period") < phq9.index("Reading these PHQ-9 results")
    _said(phq9)
    gad7 = blocks["Generalized Anxiety Disorder 7-item scale (GAD-7)"]
    assert "Reading these" not in gad7 and NOT_AT_ALL not in gad7
    assert '<a href="https://doi.org/10.1176/appi.ps.201500149">' in page


def test_a_couple_report_says_it_under_the_partners_phq9_too(owner, partner):
    link(owner, partner)
    journal_fill(partner)
    partner.client.post(MAKE, contents(action="consent_confirm"))

    page = owner.client.post(MAKE, contents(action="couple_preview")).content.decode()

    theirs = page.split("Their partner: Questionnaire scores")[1]
    _said(_blocks(theirs)["Patient Health Questionnaire-9 (PHQ-9)"])


@pytest.mark.skipif(not Path("/usr/bin/pdftotext").exists(), reason="poppler is not installed")
def test_the_pdf_says_it_under_the_phq9_results(owner, tmp_path):
    journal_fill(owner)
    pdf = owner.client.post(MAKE, contents(action="pdf")).content
    (tmp_path / "report.pdf").write_bytes(pdf)

    done = subprocess.run(  # noqa: S603
        ["/usr/bin/pdftotext", str(tmp_path / "report.pdf"), "-"], check=True, capture_output=True
    )

    text = " ".join(done.stdout.decode().split())
    results = text.index("PHQ-9 results in this period")
    assert results < text.index(NOT_VALIDATED) < text.index(NOT_AT_ALL)
    assert "71.6% in one study of 447,245 questionnaires" in text
    # A long address wraps at a slash, which the text extraction gives as a space.
    assert "https://pmc.ncbi.nlm.nih.gov/articles/PMC9112666/" in text.replace("/ ", "/")
