"""The small part of Markdown the cards use, rendered safely.

Blocks: paragraphs (separated by a blank line), "- " lists, and "## " / "### " headings.
Inline: **bold** only. Every character of the source is HTML-escaped before any markup is
added, so a card (or a name a person typed) can never put HTML on a page.

Words for one kind of loss: lines between a line "::: <kind> [<kind> ...]" and a line
":::" are shown only to a person who named one of those kinds; further "::: <kinds>"
lines and one last "::: else" continue the same choice, like elif and else. The first
branch that names the person's kind is shown, else the "else" branch, else nothing, and
a person who named no kind (or "something else") sees only "else". `choose` makes that
choice on the server, before `render`; a marker never reaches a page, and an unknown
kind, a kind named twice in one choice, a branch after "else" or a choice left open is
refused (`parts` raises), so a typo cannot hide words from everyone.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
HEADING = re.compile(r"(#{2,3}) +(.+)")
BRANCH = re.compile(r":::(.*)")
ELSE = "else"


class MarkdownError(ValueError):
    pass


@dataclass(frozen=True)
class Part:
    """Lines for everyone (`choice` is None), or one branch of a choice by loss kind."""

    lines: tuple[str, ...]
    first: int  # the line of the text its lines start on, counting from 1
    choice: int | None = None  # which choice in the text, counting from 0
    kinds: frozenset[str] = frozenset()  # the kinds the branch names; none for "else"

    @property
    def otherwise(self) -> bool:
        return self.choice is not None and not self.kinds


def parts(text: str, *, kinds: Collection[str]) -> list[Part]:
    """`text` cut into its parts, each branch with the kinds it names. Raises
    MarkdownError, naming the line, for a marker that is not one of `kinds` or "else",
    a kind named twice in one choice, a branch after "else", or a choice not closed."""
    found: list[Part] = []
    lines: list[str] = []
    choice: int | None = None
    branch: frozenset[str] = frozenset()
    named: set[str] = set()
    otherwise = False
    count = 0
    first = 1

    def close() -> None:
        if lines or choice is not None:
            found.append(Part(tuple(lines), first, choice, branch))
        lines.clear()

    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        marker = BRANCH.fullmatch(line.strip())
        if marker is None:
            if not lines:
                first = number
            lines.append(line)
            continue
        words = marker[1].split()
        if not words:  # ":::" closes the choice
            if choice is None:
                raise MarkdownError(f"line {number}: ::: closes a choice that was not opened")
            close()
            choice, branch, named, otherwise = None, frozenset(), set(), False
            continue
        if otherwise:
            raise MarkdownError(f"line {number}: a branch after ::: else is never shown")
        if words == [ELSE]:
            if choice is None:
                raise MarkdownError(f"line {number}: ::: else must follow a ::: <kind> branch")
            close()
            branch, otherwise = frozenset(), True
            continue
        unknown = [word for word in words if word not in kinds]
        if unknown:
            raise MarkdownError(
                f"line {number}: {', '.join(unknown)} is not a kind of loss: "
                f"one of {', '.join(kinds)}, or else"
            )
        twice = named.intersection(words)
        if twice:
            raise MarkdownError(f"line {number}: {', '.join(sorted(twice))} named twice")
        if len(set(words)) != len(words):
            raise MarkdownError(f"line {number}: a kind named twice")
        if choice is None:
            if lines:
                found.append(Part(tuple(lines), first))
                lines.clear()
            choice, count = count, count + 1
        else:
            close()
        branch = frozenset(words)
        named.update(words)
    if choice is not None:
        raise MarkdownError("a ::: choice is not closed with a line ::: of its own")
    close()
    return found


def choose(text: str, kind: str, *, kinds: Collection[str]) -> str:
    """`text` with only the words for a person whose loss is `kind` ("" when not told)."""
    shown: list[str] = []
    decided: set[int] = set()
    for part in parts(text, kinds=kinds):
        if part.choice is None:
            shown += part.lines
        elif part.choice not in decided and (part.otherwise or kind in part.kinds):
            shown += part.lines
            decided.add(part.choice)
    return "\n".join(shown)


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
