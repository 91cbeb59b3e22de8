"""The report as HTML (the preview) and as a PDF (WeasyPrint), from one template.

WeasyPrint gets its print stylesheet read from this app's folder on disk, and a URL
fetcher that refuses everything: the report has no images, fonts or styles from
anywhere, and a URL in it (a note can hold one) must never make the server fetch it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

from afterwards.report.parts import PartView, period_label

PRINT_CSS = Path(__file__).parent / "static" / "report" / "print.css"
SVG_CSS = Path(__file__).parent / "static" / "report" / "print-svg.css"
SVG_OPEN = re.compile(r"(<svg\b[^>]*>)")


class FetchRefused(Exception):
    """WeasyPrint asked for a URL: the report never loads anything."""


def refusing_fetcher() -> Any:
    """A WeasyPrint URL fetcher that fetches nothing: every URL raises FetchRefused
    (which WeasyPrint reports as a warning and renders without). No protocol is even
    allowed, should the refusal ever be bypassed."""
    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    class Refusing(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            return url_refuse(url)

    return Refusing(allowed_protocols=(), timeout=0.1)


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

    # The charts are our own markup (every text in them escaped, a note can hold no
    # tag), so each <svg ...> opening is a chart: give it its colours from inside.
    # Inside an SVG a style element is parsed as markup, not raw text: no comments.
    rules = re.sub(r"/\*.*?\*/", "", SVG_CSS.read_text(encoding="utf-8"), flags=re.S)
    colours = "<style>" + rules.replace("<", "") + "</style>"
    html = SVG_OPEN.sub(lambda found: found.group(1) + colours, report_html(report))
    fetcher = refusing_fetcher()
    document = HTML(string=html, url_fetcher=fetcher, base_url=None)
    style = CSS(string=PRINT_CSS.read_text(encoding="utf-8"), url_fetcher=fetcher)
    pdf: bytes = document.write_pdf(stylesheets=[style])
    return pdf
