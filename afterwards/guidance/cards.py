"""Words that help: short guidance cards, kept as content files.

Each card is cards/<language>/<id>.md: TOML front matter between "+++" lines (id, title,
audience, topic, sources, reviewed, review_by), then a short Markdown body. A language
folder holds only the cards translated into it; the rest come from English.

A body may say {your loss} or {the loss} where the person's own words for their loss read
naturally (About your loss): their baby's name or "the pregnancy". Without words of their
own, the phrase stays as written. A body may also hold words for one kind of loss
between "::: <kind>" lines (markdown.py, kinds.py): the reader's kind chooses them.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from afterwards.guidance import markdown
from afterwards.guidance.kinds import LOSS_KINDS

FOLDER = Path(__file__).with_name("cards")
SOURCES = Path(__file__).with_name("sources.toml")
FALLBACK = "en"
AUDIENCES = {
    "partner": "For a partner",
    "person": "If you were pregnant",
    "both": "For both of you",
}
# Phrases a card may hand over to the person's own words.
TOKENS = ("{your loss}", "{the loss}")
FENCE = "+++"


class CardError(ValueError):
    pass


@dataclass(frozen=True)
class Card:
    id: str
    title: str
    audience: str
    topic: str
    sources: tuple[str, ...]
    reviewed: date
    review_by: date
    body: str
    language: str

    @property
    def audience_label(self) -> str:
        return AUDIENCES[self.audience]

    @property
    def uses_words(self) -> bool:
        """Whether the body has a place for the person's own words."""
        return any(token in self.body for token in TOKENS)

    @property
    def keyed(self) -> bool:
        """Whether some of the body's words depend on the kind of loss."""
        return any(part.choice is not None for part in markdown.parts(self.body, kinds=LOSS_KINDS))

    def html(self, words: str = "", kind: str = "") -> SafeString:
        """The body as HTML, with the person's words where the card allows them, and
        the words for their kind of loss ("" when they named none)."""
        html = str(markdown.render(markdown.choose(self.body, kind, kinds=LOSS_KINDS)))
        for token in TOKENS:
            default = escape(token.strip("{}"))
            html = html.replace(token, escape(words) if words else default)
        # Safe: markdown.render escapes everything, and the words are escaped here.
        return mark_safe(html)  # noqa: S308

    def citations(self) -> list[Source]:
        """The card's sources, in its order, as a reader sees them (never the bare tag)."""
        table = sources()
        return [table[tag] for tag in self.sources]


def parse(text: str, *, path: Path, language: str) -> Card:
    """One card file. Raises CardError, naming the file, when something is missing."""
    lines = text.lstrip("\ufeff").split("\n")
    if not lines or lines[0].strip() != FENCE or FENCE not in (ln.strip() for ln in lines[1:]):
        raise CardError(f"{path}: front matter must sit between {FENCE} lines")
    end = next(i for i, line in enumerate(lines[1:], 1) if line.strip() == FENCE)
    try:
        meta = tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError as error:
        raise CardError(f"{path}: {error}") from None
    for key in ("id", "title", "audience", "topic", "sources", "reviewed", "review_by"):
        if key not in meta:
            raise CardError(f"{path}: {key} is missing")
    if meta["id"] != path.stem:
        raise CardError(f"{path}: id {meta['id']!r} must match the file name")
    if meta["audience"] not in AUDIENCES:
        raise CardError(f"{path}: audience must be one of {tuple(AUDIENCES)}")
    for key in ("reviewed", "review_by"):
        if not isinstance(meta[key], date):
            raise CardError(f"{path}: {key} must be a date")
    if not isinstance(meta["sources"], list) or not meta["sources"]:
        raise CardError(f"{path}: sources must be a list of source tags")
    body = "\n".join(lines[end + 1 :]).strip()
    if not body:
        raise CardError(f"{path}: the card has no words")
    try:
        markdown.parts(body, kinds=LOSS_KINDS)
    except markdown.MarkdownError as error:
        raise CardError(f"{path}: {error}") from None
    return Card(
        id=str(meta["id"]),
        title=str(meta["title"]),
        audience=str(meta["audience"]),
        topic=str(meta["topic"]),
        sources=tuple(str(tag) for tag in meta["sources"]),
        reviewed=meta["reviewed"],
        review_by=meta["review_by"],
        body=body,
        language=language,
    )


@dataclass(frozen=True)
class Source:
    """One source of the product's facts (sources.toml; docs/clinical-sources.md)."""

    tag: str  # "S47": the facts' own tag, for us; a page shows `words` instead
    words: str  # plain words naming it, for a reader
    reference: str  # the full reference, for a clinician
    url: str  # its address, or "" when none was recorded
    sure: str


@cache
def sources() -> dict[str, Source]:
    """Source tag (S47) → the source, from sources.toml."""
    with SOURCES.open("rb") as handle:
        table = tomllib.load(handle)["sources"]
    return {
        str(tag): Source(
            tag=str(tag),
            words=str(row["words"]),
            reference=str(row["reference"]),
            url=str(row.get("url", "")),
            sure=str(row["sure"]),
        )
        for tag, row in table.items()
    }


def languages() -> tuple[str, ...]:
    return tuple(sorted(path.name for path in FOLDER.iterdir() if path.is_dir()))


@cache
def _folder(language: str) -> dict[str, Card]:
    folder = FOLDER / language
    if not folder.is_dir():
        return {}
    return {
        path.stem: parse(path.read_text(encoding="utf-8"), path=path, language=language)
        for path in sorted(folder.glob("*.md"))
    }


def folder_for(language: str) -> str:
    """The card folder for a language code like "en-gb": itself, its base, or English."""
    code = (language or "").lower().replace("_", "-")
    for candidate in (code, code.split("-")[0]):
        if candidate and candidate in languages():
            return candidate
    return FALLBACK


@cache
def library(language: str = FALLBACK) -> tuple[Card, ...]:
    """Every card, in the language asked for where translated, else in English."""
    cards = dict(_folder(FALLBACK))
    cards.update(_folder(folder_for(language)))
    order = list(AUDIENCES)
    return tuple(sorted(cards.values(), key=lambda c: (order.index(c.audience), c.topic, c.id)))


def card(card_id: str, language: str = FALLBACK) -> Card | None:
    return next((c for c in library(language) if c.id == card_id), None)
