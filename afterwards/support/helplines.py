"""The help-line table (helplines.toml) and what to show a person in a given country.

The rule that matters: a phone number reaches a page only through `HelpLine.phone_shown`,
which is empty unless the row's source is verified. Everything else falls back to the
organisation's name and web address, and, for a country we hold nothing for, to "your
local emergency number" and Find A Helpline's page for that country.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pycountry

TABLE = Path(__file__).with_name("helplines.toml")
STATUSES = ("verified", "secondary", "unverified")
PURPOSES = ("emergency", "medical", "crisis", "abuse", "loss", "perinatal", "directory")
FIND_A_HELPLINE = "https://findahelpline.com"


@dataclass(frozen=True)
class HelpLine:
    countries: tuple[str, ...]
    name: str
    purpose: str
    phone: str
    hours: str
    web: str
    source: str
    status: str
    checked: date
    for_losses: tuple[str, ...] = ()
    about: str = ""
    note: str = ""

    @property
    def verified(self) -> bool:
        return self.status == "verified"

    @property
    def phone_shown(self) -> str:
        """The number people may see: only a verified one."""
        return self.phone if self.verified else ""

    @property
    def tel(self) -> str:
        """For a tel: link: digits only."""
        return "".join(ch for ch in self.phone_shown if ch.isdigit())

    @property
    def source_label(self) -> str:
        """The source in words, without the tag that points into clinical-facts.md."""
        first, _, rest = self.source.partition(" ")
        is_tag = first[:1] == "S" and first[1:].isdigit()
        return rest if is_tag and rest else self.source

    @property
    def web_label(self) -> str:
        return self.web.removeprefix("https://").removeprefix("www.").rstrip("/")


@dataclass(frozen=True)
class UrgentHelp:
    """What to show when something is urgent, for one country."""

    country: str  # ISO 3166 alpha-2, upper case, or "" when unknown
    country_name: str
    emergency: HelpLine | None
    medical: HelpLine | None
    crisis: tuple[HelpLine, ...]
    find_a_helpline: str
    lines: tuple[HelpLine, ...] = field(default=())

    @property
    def listed(self) -> bool:
        """Whether the table holds anything for this country."""
        return bool(self.lines)


def _row(raw: dict[str, object]) -> HelpLine:
    def text(key: str) -> str:
        value = raw.get(key, "")
        assert isinstance(value, str), key
        return value.strip()

    def codes(key: str) -> tuple[str, ...]:
        value = raw.get(key, [])
        assert isinstance(value, list), key
        return tuple(str(item) for item in value)

    checked = raw["checked"]
    assert isinstance(checked, date), "checked must be a date"
    line = HelpLine(
        countries=codes("countries"),
        name=text("name"),
        purpose=text("purpose"),
        phone=text("phone"),
        hours=text("hours"),
        web=text("web"),
        source=text("source"),
        status=text("status"),
        checked=checked,
        for_losses=codes("for"),
        about=text("about"),
        note=text("note"),
    )
    if line.status not in STATUSES:
        raise ValueError(f"{line.name}: status must be one of {STATUSES}")
    if line.purpose not in PURPOSES:
        raise ValueError(f"{line.name}: purpose must be one of {PURPOSES}")
    if not line.source:
        raise ValueError(f"{line.name}: every row needs its source")
    for code in line.countries:
        if pycountry.countries.get(alpha_2=code) is None:
            raise ValueError(f"{line.name}: {code} is not an ISO 3166 country code")
    if line.web and not line.web.startswith("https://"):
        raise ValueError(f"{line.name}: web addresses are https://")
    return line


@cache
def table() -> tuple[HelpLine, ...]:
    with TABLE.open("rb") as handle:
        raw = tomllib.load(handle)
    return tuple(_row(row) for row in raw["line"])


@cache
def countries() -> tuple[tuple[str, str], ...]:
    """(code, name) for every country, by name, for a choice list."""
    pairs = [(country.alpha_2, _common_name(country)) for country in pycountry.countries]
    return tuple(sorted(pairs, key=lambda pair: pair[1]))


def _common_name(country: Any) -> str:
    return str(getattr(country, "common_name", None) or country.name)


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code.upper()) if code else None
    return _common_name(country) if country else ""


def normalise(code: str | None) -> str:
    """An ISO code in upper case, or "" for anything that is not one."""
    code = (code or "").strip().upper()
    return code if len(code) == 2 and pycountry.countries.get(alpha_2=code) else ""


def lines_for(code: str) -> tuple[HelpLine, ...]:
    code = normalise(code)
    return tuple(line for line in table() if code in line.countries)


def urgent_help(code: str) -> UrgentHelp:
    code = normalise(code)
    lines = lines_for(code)

    def first(purpose: str) -> HelpLine | None:
        return next((line for line in lines if line.purpose == purpose and line.verified), None)

    crisis = tuple(line for line in lines if line.purpose == "crisis" and line.verified)
    return UrgentHelp(
        country=code,
        country_name=country_name(code),
        emergency=first("emergency"),
        medical=first("medical"),
        crisis=crisis,
        find_a_helpline=f"{FIND_A_HELPLINE}/{code.lower()}" if code else FIND_A_HELPLINE,
        lines=lines,
    )


@dataclass(frozen=True)
class HelpSection:
    """One group of lines on the help page, in the order people need them."""

    purpose: str
    title: str
    lines: tuple[HelpLine, ...]


SECTIONS = (
    ("crisis", "Someone to talk to now"),
    ("urgent", "Urgent medical help"),
    ("abuse", "If someone close to you hurts or frightens you"),
    ("loss", "Support after a loss"),
    ("perinatal", "Mental health around pregnancy and birth"),
)


def help_sections(code: str, kind: str = "") -> tuple[HelpSection, ...]:
    """The help page for one country: crisis first, then urgent medical help, then help
    with domestic abuse (a partner can be the danger), then support after a loss (the
    lines for the person's kind of loss first), then perinatal help. A section may be
    empty: the page then says where to look instead."""
    lines = lines_for(code)

    def of(*purposes: str) -> tuple[HelpLine, ...]:
        return tuple(line for line in lines if line.purpose in purposes)

    # sorted() is stable: the table's own order holds within each group.
    loss = tuple(sorted(of("loss"), key=lambda line: not (kind and kind in line.for_losses)))
    groups = {
        "crisis": of("crisis"),
        "urgent": of("emergency", "medical"),
        "abuse": of("abuse"),
        "loss": loss,
        "perinatal": of("perinatal"),
    }
    return tuple(HelpSection(purpose, title, groups[purpose]) for purpose, title in SECTIONS)
