"""The small part of Markdown the cards use, rendered safely.

Blocks: paragraphs (separated by a blank line), "- " lists, and "## " / "### " headings.
Inline: **bold** only. Every character of the source is HTML-escaped before any markup is
added, so a card (or a name a person typed) can never put HTML on a page.
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
HEADING = re.compile(r"(#{2,3}) +(.+)")


def _inline(text: str) -> str:
    return BOLD.sub(r"<strong>\1</strong>", escape(text))


def _blocks(text: str) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.strip():
            blocks[-1].append(line.strip())
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def _flush(html: list[str], items: list[str], paragraph: list[str]) -> None:
    if items:
        html.append("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")
        items.clear()
    if paragraph:
        html.append(f"<p>{' '.join(paragraph)}</p>")
        paragraph.clear()


def render(text: str, *, heading_offset: int = 0) -> SafeString:
    """HTML for `text`. `heading_offset` shifts heading levels to fit the page's outline."""
    html: list[str] = []
    for block in _blocks(text):
        items: list[str] = []
        paragraph: list[str] = []
        for line in block:
            heading = HEADING.fullmatch(line)
            if heading:
                _flush(html, items, paragraph)
                level = min(len(heading[1]) + heading_offset, 6)
                html.append(f"<h{level}>{_inline(heading[2])}</h{level}>")
            elif line.startswith("- "):
                _flush(html, [], paragraph)
                items.append(_inline(line[2:].strip()))
            elif items:  # a wrapped list item
                items[-1] += " " + _inline(line)
            else:
                paragraph.append(_inline(line))
        _flush(html, items, paragraph)
    # Safe: every piece of text above went through escape(); only our own tags are added.
    return mark_safe("\n".join(html))  # noqa: S308
