"""The PDF as a clinician gets it: rendered to pictures and to text by poppler."""

from __future__ import annotations

import re
import subprocess
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

from afterwards.report import document
from afterwards.wellbeing import catalogue
from afterwards.wellbeing import services as wellbeing
from tests.couple.test_membership import link
from tests.report.conftest import TICKED, TODAY, UNTICKED, body_days, contents, journal_fill

pytestmark = pytest.mark.skipif(
    not Path("/usr/bin/pdftoppm").exists(), reason="poppler-utils is not installed"
)


def _pdf(person, **extra) -> bytes:  # type: ignore[no-untyped-def]
    response = person.client.post("/report/make/", contents(action="pdf", **extra))
    assert response.status_code == 200
    return bytes(response.content)


def _pages(pdf: bytes, folder: Path) -> list[Image.Image]:
    (folder / "report.pdf").write_bytes(pdf)
    subprocess.run(  # noqa: S603
        ["/usr/bin/pdftoppm", "-r", "30", "-png", str(folder / "report.pdf"), str(folder / "page")],
        check=True,
    )
    return [Image.open(path).convert("L") for path in sorted(folder.glob("page*.png"))]


def _text(pdf: bytes, folder: Path) -> str:
    (folder / "report.pdf").write_bytes(pdf)
    done = subprocess.run(  # noqa: S603
        ["/usr/bin/pdftotext", "-layout", str(folder / "report.pdf"), "-"],
        check=True,
        capture_output=True,
    )
    return done.stdout.decode()


def _inked(page: Image.Image) -> int:
    """Pixels that are not (near) white."""
    return sum(count for value, count in enumerate(page.histogram()) if value < 200)


def _page_texts(pdf: bytes, folder: Path) -> list[str]:
    """Each page's words, one string a page (pdftotext puts a form feed between pages)."""
    return [" ".join(page.split()) for page in _text(pdf, folder).split("\f") if page.strip()]


def test_sections_follow_on_without_forced_page_breaks_and_no_page_is_blank(owner, tmp_path):
    journal_fill(owner)
    noted = (TODAY - timedelta(days=3)).isoformat()
    pdf = _pdf(owner, notes=[noted])
    pages = _pages(pdf, tmp_path)
    # The cover, mood and grief, questionnaires, patterns and the note, on three pages
    # (each section used to start a page of its own: five, the first mostly blank).
    assert len(pages) == 3
    for page in pages:
        assert _inked(page) > 200
    texts = _page_texts(pdf, tmp_path)
    # The mood section follows the cover on its first page, its heading with its chart.
    assert "Reading this report" in texts[0] and "Mood and grief over time" in texts[0]
    assert "Mood in the period from 1 March 2026" in texts[0]
    # No heading is left at the foot of a page without what it heads.
    for heading, follows in (
        ("Questionnaire scores", "Self-completed screening questionnaires"),
        ("Patient Health Questionnaire-9 (PHQ-9)", "14 March 2026 8 mild (5 to 9)"),
        ("Notes chosen for this report", TICKED),
    ):
        page = [text for text in texts if heading in text][-1]  # the cover names some
        assert follows in page.rsplit(heading, 1)[1], heading


def test_fewer_parts_make_fewer_pages(owner, tmp_path):
    journal_fill(owner)
    assert len(_pages(_pdf(owner, sections=["patterns"]), tmp_path)) == 1


def test_the_text_holds_the_headings_and_the_ticked_note_but_not_the_other(owner, tmp_path):
    journal_fill(owner)
    noted = (TODAY - timedelta(days=3)).isoformat()
    text = _text(_pdf(owner, notes=[noted]), tmp_path)
    for words in (
        "A report for 1 March 2026 to 28 March 2026",
        "Mood and grief over time",
        "Questionnaire scores",
        "Patterns",
        "Notes chosen for this report",
        "Safety item endorsed: item 9",
        "Kroenke K, Spitzer RL",
        TICKED,
    ):
        assert words in " ".join(text.split()), words
    assert UNTICKED not in " ".join(text.split())
    assert "Page 1 of 3" in text


def test_weasyprint_is_given_nothing_from_the_network(owner, monkeypatch):
    asked: list[str] = []
    refuse = document.url_refuse

    def spy(url: str):  # type: ignore[no-untyped-def]
        asked.append(url)
        return refuse(url)

    monkeypatch.setattr(document, "url_refuse", spy)
    report_html = document.report_html

    def with_a_remote_image(report):  # type: ignore[no-untyped-def]
        return report_html(report).replace(
            "</body>", '<img src="http://127.0.0.1:9/x.png" alt=""></body>'
        )

    monkeypatch.setattr(document, "report_html", with_a_remote_image)
    journal_fill(owner)
    assert _pdf(owner).startswith(b"%PDF-")
    assert asked == ["http://127.0.0.1:9/x.png"]


def test_the_fetcher_refuses_every_address():
    fetcher = document.refusing_fetcher()
    for url in ("http://example.org/a.css", "https://127.0.0.1/", "file:///etc/passwd", "data:,"):
        with pytest.raises(document.FetchRefused):
            fetcher(url)


def test_the_fetcher_gives_the_apps_own_font_files_and_no_other_file():
    fetcher = document.refusing_fetcher()
    font = sorted(document.FONTS.glob("*.woff2"))[0]
    assert fetcher(font.as_uri()).read() == font.read_bytes()
    for url in (
        (document.FONTS / "OFL.txt").as_uri(),  # in the folder, not a font
        document.FONTS.as_uri() + "/../css/fonts.css",
        document.FONTS.as_uri() + "/%2e%2e/css/site.css",
        font.as_uri() + "?x=1",
        "file://elsewhere" + font.as_uri()[len("file://") :],
    ):
        with pytest.raises(document.FetchRefused):
            fetcher(url)


def test_the_pdf_is_set_in_the_apps_own_typeface_whatever_fonts_the_machine_has(
    owner, tmp_path
):
    journal_fill(owner)
    (tmp_path / "report.pdf").write_bytes(_pdf(owner))
    xml = subprocess.run(  # noqa: S603
        ["/usr/bin/pdftohtml", "-xml", "-i", "-stdout", str(tmp_path / "report.pdf")],
        check=True,
        capture_output=True,
    ).stdout.decode()
    families = dict(re.findall(r'<fontspec id="(\d+)"[^>]*family="([^"]+)"', xml))
    drawn = re.findall(r'<text [^>]*font="(\d+)"[^>]*>(.*?)</text>', xml)

    assert len(drawn) > 50  # the cover, the charts' labels, the tables, the notes
    # Every word and figure is in the app's typeface; only a symbol it lacks (a chart
    # key's shape) may come from the machine's fonts.
    elsewhere = {
        (families[font], text) for font, text in drawn if "Atkinson" not in families[font]
    }
    assert not {(f, t) for f, t in elsewhere if re.search(r"\w", t)}, elsewhere


def test_bleeding_and_closeness_are_in_the_pdf_only_when_ticked(owner, tmp_path):
    journal_fill(owner)
    body_days(owner)
    left_out = " ".join(_text(_pdf(owner), tmp_path).split())
    ticked = " ".join(_text(_pdf(owner, bleeding_closeness="on"), tmp_path).split())
    for words in ("Bleeding on 1 day.", "Closeness or sex on 1 day.", "bleeding (circles)"):
        assert words not in left_out, words
        assert words in ticked, words


def test_a_couple_report_runs_on_with_neither_a_blank_page_nor_a_page_per_section(
    owner, partner, tmp_path
):
    link(owner, partner)
    journal_fill(owner)
    journal_fill(partner)
    offered = partner.client.post("/report/make/", contents(action="consent_confirm"))
    assert offered.status_code == 302
    response = owner.client.post("/report/make/", contents(action="couple_pdf"))
    pages = _pages(response.content, tmp_path)
    # Two parts of three sections each after the cover, each part's PHQ-9 with what to
    # keep in mind reading it: six pages, the sections running on.
    assert len(pages) == 6
    for page in pages:
        assert _inked(page) > 200


def test_a_name_typed_for_the_report_is_printed_on_its_cover(owner, tmp_path):
    journal_fill(owner)
    (cover, *_) = _page_texts(_pdf(owner, name="Robin A."), tmp_path)
    assert "Name on the report: Robin A." in cover


def test_the_pdf_never_names_the_site_as_its_file_name_does_not(owner, partner, tmp_path):
    link(owner, partner)
    journal_fill(owner)
    made = [_pdf(owner)]
    couple = owner.client.post("/report/make/", contents(action="couple_pdf"))
    made.append(bytes(couple.content))
    for pdf in made:
        text = " ".join(_text(pdf, tmp_path).split())
        assert "Made on 28 March 2026 from what" in text
        assert settings.SITE_NAME not in text and "Afterwards" not in text
    preview = owner.client.post("/report/make/", contents(action="preview")).content.decode()
    article = preview.split('<article class="report-preview">')[1]
    assert settings.SITE_NAME not in article


def test_a_questionnaires_trend_stays_with_its_name_and_has_a_caption_of_its_own(owner, tmp_path):
    journal_fill(owner)
    short = owner.client.post("/report/make/", contents(action="preview")).content.decode()
    # Two results: name, trend and table are kept on one page.
    assert '<div class="report-instrument report-keep">\n  <h3>Patient Health' in short
    phq9 = catalogue.instruments()["phq9"]
    for back in (4, 6, 8, 10, 12, 16, 18, 20):
        wellbeing.result_save(
            owner=owner.user,
            keys=owner.keys,
            instrument=phq9,
            answers=dict.fromkeys(range(1, 10), 1),
            difficulty=1,
            taken=datetime.combine(TODAY - timedelta(days=back), datetime.min.time(), UTC)
            + timedelta(hours=9),
        )
    html = owner.client.post("/report/make/", contents(action="preview")).content.decode()
    # Ten: too long to keep whole, so the table runs on, the trend still under the name.
    assert '<div class="report-instrument">\n  <h3>Patient Health' in html
    block = html.split("<h3>Patient Health Questionnaire-9 (PHQ-9)</h3>")[1].split("</div>")[0]
    assert '<figure class="report-chart report-trend"><figcaption>' in block
    assert "PHQ-9 totals; dashed line: suggested threshold 10</figcaption><svg" in block
    for texts in (
        _page_texts(_pdf(owner), tmp_path),
        _page_texts(_pdf(owner, notes=[(TODAY - timedelta(days=3)).isoformat()]), tmp_path),
    ):
        [page] = [text for text in texts if "PHQ-9 totals; dashed line" in text]
        before = page.split("PHQ-9 totals; dashed line")[0]
        assert "Patient Health Questionnaire-9 (PHQ-9)" in before


def test_a_list_in_a_section_is_never_split_across_pages():
    css = " ".join(document.PRINT_CSS.read_text(encoding="utf-8").split())
    assert ".report-section ul { break-inside: avoid; }" in css


def test_the_pdf_is_tagged_for_screen_readers_with_its_language_and_title(owner, tmp_path):
    journal_fill(owner)
    path = tmp_path / "report.pdf"
    path.write_bytes(_pdf(owner))
    info = subprocess.run(  # noqa: S603
        ["/usr/bin/pdfinfo", str(path)], check=True, capture_output=True, text=True
    ).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert fields["Tagged"].strip() == "yes"
    assert fields["Title"].strip().startswith("A report for ")
    # The catalogue (inside a compressed object stream) names the language, for a screen
    # reader's voice, and asks a reader's window to show the title, not the file's name.
    catalogue = b"".join(_inflated(path.read_bytes()))
    assert b"/Lang (en)" in catalogue and b"/DisplayDocTitle true" in catalogue


def _inflated(pdf: bytes) -> list[bytes]:
    """Every Flate-compressed stream of the PDF, inflated."""
    found = []
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            found.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return found
