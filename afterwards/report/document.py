"""The report as HTML (the preview) and as a PDF (WeasyPrint), from one template.

WeasyPrint gets its print stylesheet read from this app's folder on disk, and a URL
fetcher that refuses everything but the app's own typeface, read from its static folder
(the same files and @font-face rules as the pages): the report has no images, fonts or
styles from anywhere else, and a URL in it (a note can hold one) must never make the
server fetch it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.template.loader import render_to_string

from afterwards.report.parts import PartView, period_label

PRINT_CSS = Path(__file__).parent / "static" / "report" / "print.css"
SVG_CSS = Path(__file__).parent / "static" / "report" / "print-svg.css"
SVG_OPEN = re.compile(r"(<svg\b[^>]*>)")
STATIC = Path(__file__).resolve().parent.parent / "static"
FONTS_CSS = STATIC / "css" / "fonts.css"
FONTS = STATIC / "fonts"


class FetchRefused(Exception):
    """WeasyPrint asked for a URL: the report never loads anything."""


def refusing_fetcher() -> Any:
    """A WeasyPrint URL fetcher that fetches nothing but the app's own font files:
    every other URL raises FetchRefused (which WeasyPrint reports as a warning and
    renders without). No protocol is even allowed, should the refusal ever be bypassed."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # type: ignore[import-untyped]

    class Refusing(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            font = font_file(url)
            if font is None:
                return url_refuse(url)
            return URLFetcherResponse(
                url, font.read_bytes(), headers={"Content-Type": "font/woff2"}
            )

    return Refusing(allowed_protocols=(), timeout=0.1)


def font_file(url: str) -> Path | None:
    """The shipped font file a file: URL names, or None: only a .woff2 lying directly in
    the app's fonts folder, never any other path (no "..", no link out of it)."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost") or parts.query:
        return None
    path = Path(unquote(parts.path))
    shipped = {found.name: found for found in FONTS.glob("*.woff2")}
    if path.suffix != ".woff2" or path.parent != FONTS or path.name not in shipped:
        return None
    return shipped[path.name]


def url_refuse(url: str) -> Any:
    raise FetchRefused(f"the report loads nothing, not {url[:80]!r}")


@dataclass
class Report:
    """What the template draws: the parts in order, the first being the reader's own."""

    parts: list[PartView]
    made: date
    couple: bool = False
    partner_missing: bool = False  # a couple report without the partner's part
    name: str = ""  # typed for this report only, never saved

    @property
    def first(self) -> date:
        return min(part.first for part in self.parts)

    @property
    def last(self) -> date:
        return max(part.last for part in self.parts)

    @property
    def period(self) -> str:
        return period_label(self.first, self.last)

    @property
    def filename(self) -> str:
        kind = "couple-report" if self.couple else "report"
        # Neutral, as the export is: the name never says which site made it.
        return f"{kind}-{self.first.isoformat()}-{self.last.isoformat()}.pdf"


def report_html(report: Report) -> str:
    """The whole document for WeasyPrint: report/pdf.html."""
    return render_to_string("report/pdf.html", {"report": report})


def report_pdf(report: Report) -> bytes:
    from weasyprint import CSS, HTML  # type: ignore[import-untyped]  # slow: only when needed
    from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]

    # The charts are our own markup (every text in them escaped, a note can hold no
    # tag), so each <svg ...> opening is a chart: give it its colours from inside.
    # Inside an SVG a style element is parsed as markup, not raw text: no comments.
    rules = re.sub(r"/\*.*?\*/", "", SVG_CSS.read_text(encoding="utf-8"), flags=re.S)
    colours = "<style>" + rules.replace("<", "") + "</style>"
    html = SVG_OPEN.sub(lambda found: found.group(1) + colours, report_html(report))
    fetcher = refusing_fetcher()
    fonts = FontConfiguration()
    document = HTML(string=html, url_fetcher=fetcher, base_url=None)
    # The typeface's rules are the pages' own (fonts.css), their URLs resolved from its
    # place on disk; the fetcher gives those files and nothing else.
    typeface = CSS(
        string=FONTS_CSS.read_text(encoding="utf-8"),
        base_url=FONTS_CSS.as_uri(),
        url_fetcher=fetcher,
        font_config=fonts,
    )
    style = CSS(string=PRINT_CSS.read_text(encoding="utf-8"), url_fetcher=fetcher)
    # PDF/UA-1: a tagged PDF (headings, paragraphs, lists and tables marked as such),
    # its title shown by a reader's window and its language taken from <html lang>, so
    # that a clinician's screen reader reads it as a document, in the right voice.
    pdf: bytes = document.write_pdf(
        stylesheets=[typeface, style], font_config=fonts, pdf_variant="pdf/ua-1"
    )
    return pdf
