"""The questions for the two of you, as content files, and which one a day brings.

library.toml holds the themes and the questions (our own words); sources.toml, beside it,
says why each theme is there, with its sources written out. Both are read once.

Which question a day brings is worked out, never stored, and the same for both people:
from a secret only the two of them can compute (couple/questions/pairing.py) and the
date. The secret orders the questions, so a couple meets every question of the general
themes once before any comes again, and the host, who cannot compute the secret, cannot
tell which question a day brought. A theme a person opts into (opt_in) takes one day a
week of its own: on that day a person who chose it is offered one of its questions, and
a person who did not is offered the general question as on any other day. So the two
are offered the same question only if both chose the theme, and a person who did not
choose it never meets it, not even as their partner's answer (an answer is only ever
shown to someone who answered the same question).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from afterwards.vault import crypto

FOLDER = Path(__file__).parent
LIBRARY = FOLDER / "library.toml"
SOURCES = FOLDER / "sources.toml"
WEEK = 7


class LibraryError(ValueError):
    pass


@dataclass(frozen=True)
class Source:
    tag: str  # S37 (the project's clinical sources) or W1 (a page read for this library)
    cite: str  # as the research notes list it
    status: str  # "primary" or "secondary"
    reference: str = ""  # in full, where it was recorded
    address: str = ""
    read: date | None = None


@dataclass(frozen=True)
class Theme:
    id: str
    title: str
    about: str
    opt_in: bool
    says: str  # why the theme is there, from sources.toml
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Question:
    id: str
    theme: Theme
    text: str


@dataclass(frozen=True)
class Library:
    themes: dict[str, Theme]
    questions: dict[str, Question]

    @property
    def general(self) -> list[Question]:
        return [q for q in self.questions.values() if not q.theme.opt_in]

    @property
    def opt_in_themes(self) -> list[Theme]:
        return [theme for theme in self.themes.values() if theme.opt_in]

    def of_theme(self, theme_id: str) -> list[Question]:
        return [q for q in self.questions.values() if q.theme.id == theme_id]


def _sources(raw: dict[str, object]) -> dict[str, Source]:
    table = raw.get("sources")
    if not isinstance(table, dict):
        raise LibraryError(f"{SOURCES.name}: no [sources]")
    found = {}
    for tag, value in table.items():
        if not isinstance(value, dict) or not value.get("cite") or not value.get("status"):
            raise LibraryError(f"{SOURCES.name}: source {tag} needs a cite and a status")
        read = value.get("read")
        found[tag] = Source(
            tag=tag,
            cite=str(value["cite"]),
            status=str(value["status"]),
            reference=str(value.get("reference", "")),
            address=str(value.get("address", "")),
            read=read if isinstance(read, date) else None,
        )
    return found


@cache
def library() -> Library:
    """The questions and their themes. Raises LibraryError, naming what is wrong."""
    raw = tomllib.loads(LIBRARY.read_text())
    cited = tomllib.loads(SOURCES.read_text())
    sources = _sources(cited)
    why = cited.get("themes", {})
    themes: dict[str, Theme] = {}
    for theme_id, value in raw.get("themes", {}).items():
        basis = why.get(theme_id, {})
        tags = basis.get("sources", [])
        if not tags or not basis.get("says"):
            raise LibraryError(f"{SOURCES.name}: theme {theme_id} needs sources and says")
        missing = [tag for tag in tags if tag not in sources]
        if missing:
            raise LibraryError(f"{SOURCES.name}: theme {theme_id} names unknown {missing}")
        themes[theme_id] = Theme(
            id=theme_id,
            title=str(value["title"]),
            about=str(value["about"]),
            opt_in=bool(value.get("opt_in", False)),
            says=" ".join(str(basis["says"]).split()),
            sources=tuple(sources[tag] for tag in tags),
        )
    questions: dict[str, Question] = {}
    for value in raw.get("questions", []):
        question_id, theme_id = str(value["id"]), str(value["theme"])
        if question_id in questions:
            raise LibraryError(f"{LIBRARY.name}: question {question_id} twice")
        if theme_id not in themes:
            raise LibraryError(f"{LIBRARY.name}: question {question_id} has unknown theme")
        questions[question_id] = Question(
            id=question_id, theme=themes[theme_id], text=str(value["text"])
        )
    return Library(themes=themes, questions=questions)


def _ordered(secret: bytes, questions: list[Question]) -> list[Question]:
    """The questions in an order of the couple's own, the same on both sides."""
    key = crypto.subkey(secret, "question-order")
    return sorted(questions, key=lambda q: crypto.keyed_hash(key, q.id.encode()))


def _number(secret: bytes, purpose: str, below: int) -> int:
    return int.from_bytes(crypto.keyed_hash(crypto.subkey(secret, purpose), b"n"), "big") % below


def question_of_day(secret: bytes, day: date, opted: frozenset[str]) -> Question:
    """The question a day brings to a person who opted into the themes `opted`.

    The same secret and day give the same question on both sides, unless the day belongs
    to an opt-in theme that only one of the two chose (see the module's docstring)."""
    books = library()
    n = day.toordinal()
    start = _number(secret, "theme-days", WEEK)
    for slot, theme in enumerate(books.opt_in_themes):
        if theme.id in opted and (n + start + slot) % WEEK == 0:
            pool = _ordered(secret, books.of_theme(theme.id))
            return pool[(n // WEEK) % len(pool)]
    pool = _ordered(secret, books.general)
    return pool[n % len(pool)]


def question_day(secret: bytes, day: date, every: int) -> bool:
    """Whether a rhythm of one question every `every` days offers one on this day: the
    same days for both people."""
    return every <= 1 or (day.toordinal() + _number(secret, "rhythm", every)) % every == 0
