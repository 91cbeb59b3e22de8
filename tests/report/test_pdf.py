"""The PDF as a clinician gets it: rendered to pictures and to text by poppler."""

from __future__ import annotations

import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image

from afterwards.report import document
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


def test_a_cover_then_one_page_for_each_part_and_none_of_them_blank(owner, tmp_path):
    journal_fill(owner)
    noted = (TODAY - timedelta(days=3)).isoformat()
    pages = _pages(_pdf(owner, notes=[noted]), tmp_path)
    # The cover; mood and grief; questionnaires; patterns; the one note.
    assert len(pages) == 5
    for page in pages:
        assert _inked(page) > 200
    # The mood page holds two charts: far more ink than the cover's words.
    assert _inked(pages[1]) > _inked(pages[0])


def test_fewer_parts_make_fewer_pages(owner, tmp_path):
    journal_fill(owner)
    assert len(_pages(_pdf(owner, sections=["wellbeing"]), tmp_path)) == 2


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
    assert "Page 1 of 5" in text


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


def test_bleeding_and_closeness_are_in_the_pdf_only_when_ticked(owner, tmp_path):
    journal_fill(owner)
    body_days(owner)
    left_out = " ".join(_text(_pdf(owner), tmp_path).split())
    ticked = " ".join(_text(_pdf(owner, bleeding_closeness="on"), tmp_path).split())
    for words in ("Bleeding on 1 day.", "Closeness or sex on 1 day.", "bleeding (circles)"):
        assert words not in left_out, words
        assert words in ticked, words
