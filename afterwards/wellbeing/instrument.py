"""Questionnaires as data: one TOML file per instrument, read and checked here.

Plain Python, no Django. A file describes everything the engine needs to show and score
one published questionnaire. The format, field by field:

- `name`, `citation`, `licence`, `stem`, `instructions`, item `text` and option `label`
  are the published words, copied character for character; the product's word check
  leaves exactly these fields alone. `about` and band `words` are ours.
- `options`: the answers and the value each one is coded as.
- `items`: numbered 1..N in order; `reverse = true` scores an item from the other end.
- `subscales`: named groups of items, each summed on its own.
- `scoring.range`: the total's range, which must equal what the items and options give.
- `bands`: named ranges of the total that cover that range without gaps or overlaps.
- `scoring.worth_talking_about_at`: the published threshold for further evaluation.
- `safety`: items whose answer can mean danger, with the answer values that are positive.
  Every file must say so, even when it has none: a `[[safety]]` table per item, or
  `safety = []` written out on purpose. A file that leaves it out is refused, and so is a
  file for a questionnaire known to have a safety item (`KNOWN_SAFETY`) that does not list
  that item, or an item whose words speak of suicide or self-harm that is not listed.
- `pattern`: an optional symptom pattern (a count of endorsed items per subscale).
- `for_clinicians`: what a clinician reading a report should keep in mind, printed under
  this questionnaire's results: our `words`, each resting on `sources`, the tags of
  docs/clinical-sources.md (S16), shown there in full.

Every rule is checked when the file is loaded, and a broken file is refused with a message
naming the file and what is wrong: a mis-typed instrument must never be scored.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FORMAT = 1
SHIPPED = Path(__file__).with_name("instruments")


class InstrumentError(ValueError):
    """An instrument file that cannot be trusted to be shown or scored."""


@dataclass(frozen=True)
class Option:
    value: int
    label: str


@dataclass(frozen=True)
class Item:
    n: int
    text: str
    reverse: bool = False


@dataclass(frozen=True)
class Subscale:
    key: str
    name: str
    items: tuple[int, ...]


@dataclass(frozen=True)
class Band:
    key: str
    name: str  # the published name of the band
    low: int
    high: int
    words: str  # ours: what it means, gently, and what the person might do

    def holds(self, total: int) -> bool:
        return self.low <= total <= self.high


@dataclass(frozen=True)
class SafetyItem:
    item: int
    positive: frozenset[int]  # answer values (as coded, before any reversing) that are positive


@dataclass(frozen=True)
class Pattern:
    name: str
    endorsed_at: int  # an item's score at or above this counts as endorsed
    needs: tuple[tuple[str, int], ...]  # (subscale key, endorsed items it needs)


@dataclass(frozen=True)
class ClinicianNote:
    """Words for a clinician reading the results, and the sources they rest on."""

    words: str
    sources: tuple[str, ...]  # tags of docs/clinical-sources.md


@dataclass(frozen=True)
class Difficulty:
    """A question shown with the questionnaire and never scored."""

    text: str
    options: tuple[str, ...]


@dataclass(frozen=True)
class Instrument:
    id: str
    name: str
    about: str
    minutes: int
    citation: str
    licence: str
    stem: str
    instructions: str
    options: tuple[Option, ...]
    items: tuple[Item, ...]
    subscales: tuple[Subscale, ...]
    score_range: tuple[int, int]
    bands: tuple[Band, ...]
    worth_talking_about_at: int | None
    safety: tuple[SafetyItem, ...]
    pattern: Pattern | None
    difficulty: Difficulty | None
    source: str  # the file it came from, for messages
    for_clinicians: tuple[ClinicianNote, ...] = ()

    @property
    def short_name(self) -> str:
        """ "PHQ-9" from "Patient Health Questionnaire-9 (PHQ-9)"; the name if it has none."""
        if self.name.endswith(")") and "(" in self.name:
            return self.name[self.name.rindex("(") + 1 : -1]
        return self.name

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(option.value for option in self.options)

    @property
    def lowest(self) -> int:
        return min(self.values)

    @property
    def highest(self) -> int:
        return max(self.values)

    def item_score(self, item: Item, value: int) -> int:
        """What an answer adds to the total: reverse-scored items count from the other end."""
        return self.lowest + self.highest - value if item.reverse else value

    def band_for(self, total: int) -> Band | None:
        return next((band for band in self.bands if band.holds(total)), None)

    @property
    def safety_items(self) -> tuple[int, ...]:
        return tuple(rule.item for rule in self.safety)


# --- Reading a file ---------------------------------------------------------------------


class _Reader:
    """Typed access to one table of the file, with errors that say where."""

    def __init__(self, raw: Any, where: str) -> None:
        if not isinstance(raw, dict):
            raise InstrumentError(f"{where} must be a table")
        self.raw: dict[str, Any] = raw
        self.where = where

    def fail(self, message: str) -> InstrumentError:
        return InstrumentError(f"{self.where}: {message}")

    def text(self, key: str, *, required: bool = True) -> str:
        value = self.raw.get(key, "")
        if not isinstance(value, str):
            raise self.fail(f"{key} must be text")
        if required and not value.strip():
            raise self.fail(f"{key} is missing")
        return value

    def whole(self, key: str, *, required: bool = True) -> int | None:
        value = self.raw.get(key)
        if value is None and not required:
            return None
        # bool is an int in Python; true is not a number here.
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(f"{key} must be a whole number")
        return value

    def numbers(self, key: str) -> tuple[int, ...]:
        value = self.raw.get(key)
        if not isinstance(value, list) or not all(
            isinstance(n, int) and not isinstance(n, bool) for n in value
        ):
            raise self.fail(f"{key} must be a list of whole numbers")
        return tuple(value)

    def tables(self, key: str) -> list[_Reader]:
        value = self.raw.get(key, [])
        if not isinstance(value, list):
            raise self.fail(f"{key} must be a list of tables")
        return [_Reader(entry, f"{self.where}: {key} {i + 1}") for i, entry in enumerate(value)]

    def table(self, key: str) -> _Reader | None:
        value = self.raw.get(key)
        return None if value is None else _Reader(value, f"{self.where}: [{key}]")


def _options(doc: _Reader) -> tuple[Option, ...]:
    options = tuple(
        Option(value=_required_whole(o, "value"), label=o.text("label"))
        for o in doc.tables("options")
    )
    if len(options) < 2:
        raise doc.fail("an instrument needs two or more options")
    values = [option.value for option in options]
    if len(set(values)) != len(values):
        raise doc.fail(f"option values must differ, not {values}")
    if values != sorted(values) and values != sorted(values, reverse=True):
        raise doc.fail(f"option values must run in order, not {values}")
    if sorted(values) != list(range(min(values), max(values) + 1)):
        raise doc.fail(f"option values must be consecutive whole numbers, not {values}")
    return options


def _required_whole(reader: _Reader, key: str) -> int:
    value = reader.whole(key)
    assert value is not None
    return value


def _items(doc: _Reader) -> tuple[Item, ...]:
    items = []
    for expected, raw in enumerate(doc.tables("items"), start=1):
        n = _required_whole(raw, "n")
        if n != expected:
            raise raw.fail(f"items must be numbered 1, 2, 3 … in order; found {n} for {expected}")
        reverse = raw.raw.get("reverse", False)
        if not isinstance(reverse, bool):
            raise raw.fail("reverse must be true or false")
        items.append(Item(n=n, text=raw.text("text"), reverse=reverse))
    if not items:
        raise doc.fail("an instrument needs items")
    return tuple(items)


def _subscales(doc: _Reader, numbers: set[int]) -> tuple[Subscale, ...]:
    subscales = []
    for raw in doc.tables("subscales"):
        items = raw.numbers("items")
        unknown = sorted(set(items) - numbers)
        if unknown:
            raise raw.fail(f"items {unknown} are not items of this instrument")
        if len(set(items)) != len(items) or not items:
            raise raw.fail("a subscale lists each of its items once")
        subscales.append(Subscale(key=raw.text("key"), name=raw.text("name"), items=items))
    keys = [subscale.key for subscale in subscales]
    if len(set(keys)) != len(keys):
        raise doc.fail(f"subscale keys must differ, not {keys}")
    return tuple(subscales)


def _bands(doc: _Reader, score_range: tuple[int, int]) -> tuple[Band, ...]:
    bands = tuple(
        Band(
            key=raw.text("key"),
            name=raw.text("name"),
            low=_required_whole(raw, "from"),
            high=_required_whole(raw, "to"),
            words=raw.text("words"),
        )
        for raw in doc.tables("bands")
    )
    if not bands:
        return bands
    edge = score_range[0]
    for band in sorted(bands, key=lambda b: b.low):
        if band.low > band.high:
            raise doc.fail(f"band {band.key} runs from {band.low} down to {band.high}")
        if band.low > edge:
            raise doc.fail(f"no band covers {edge} to {band.low - 1}")
        if band.low < edge:
            raise doc.fail(f"band {band.key} overlaps the band below it at {band.low}")
        edge = band.high + 1
    if edge - 1 != score_range[1]:
        raise doc.fail(
            f"the bands end at {edge - 1}, but the range ends at {score_range[1]}"
            if edge - 1 < score_range[1]
            else f"the bands run past the range's end, {score_range[1]}"
        )
    keys = [band.key for band in bands]
    if len(set(keys)) != len(keys):
        raise doc.fail(f"band keys must differ, not {keys}")
    return bands


def _safety(doc: _Reader, numbers: set[int], values: set[int]) -> tuple[SafetyItem, ...]:
    if "safety" not in doc.raw:
        raise doc.fail(
            "no [[safety]] section: every questionnaire must say which of its items can mean "
            "danger, with a [[safety]] table (item, positive) for each, or safety = [] if "
            "none can (docs/operations.md)"
        )
    rules = []
    for raw in doc.tables("safety"):
        item = _required_whole(raw, "item")
        if item not in numbers:
            raise raw.fail(f"item {item} is not an item of this instrument")
        positive = frozenset(raw.numbers("positive"))
        if not positive:
            raise raw.fail("a safety item needs the answer values that are positive")
        if not positive <= values:
            raise raw.fail(f"positive values {sorted(positive - values)} are not option values")
        if positive == values:
            # Every answer positive would make the crisis screen meaningless noise.
            raise raw.fail("some answer to a safety item must be not positive")
        rules.append(SafetyItem(item=item, positive=positive))
    items = [rule.item for rule in rules]
    if len(set(items)) != len(items):
        raise doc.fail(f"each safety item is listed once, not {items}")
    return tuple(rules)


def _pattern(doc: _Reader, subscales: tuple[Subscale, ...], values: set[int]) -> Pattern | None:
    raw = doc.table("pattern")
    if raw is None:
        return None
    endorsed_at = _required_whole(raw, "endorsed_at")
    if endorsed_at not in values:
        raise raw.fail(f"endorsed_at {endorsed_at} is not an option value")
    needs_raw = raw.table("needs")
    if needs_raw is None or not needs_raw.raw:
        raise raw.fail("a pattern needs counts per subscale")
    sizes = {subscale.key: len(subscale.items) for subscale in subscales}
    needs = []
    for key in needs_raw.raw:
        count = _required_whole(needs_raw, key)
        if key not in sizes:
            raise needs_raw.fail(f"{key} is not a subscale of this instrument")
        if not 1 <= count <= sizes[key]:
            raise needs_raw.fail(f"{key} has {sizes[key]} items; a count of {count} cannot be met")
        needs.append((key, count))
    return Pattern(name=raw.text("name"), endorsed_at=endorsed_at, needs=tuple(needs))


SOURCE_TAG = re.compile(r"S[1-9][0-9]*")


def _for_clinicians(doc: _Reader) -> tuple[ClinicianNote, ...]:
    notes = []
    for raw in doc.tables("for_clinicians"):
        sources = raw.raw.get("sources")
        if (
            not isinstance(sources, list)
            or not sources
            or not all(isinstance(s, str) and SOURCE_TAG.fullmatch(s) for s in sources)
        ):
            raise raw.fail('sources must be a list of source tags like "S16"')
        notes.append(ClinicianNote(words=raw.text("words"), sources=tuple(sources)))
    return tuple(notes)


def _difficulty(doc: _Reader) -> Difficulty | None:
    raw = doc.table("difficulty")
    if raw is None:
        return None
    options = raw.raw.get("options")
    if (
        not isinstance(options, list)
        or len(options) < 2
        or not all(isinstance(o, str) and o.strip() for o in options)
    ):
        raise raw.fail("options must be a list of two or more answers")
    return Difficulty(text=raw.text("text"), options=tuple(options))


# --- Safety items a file must not leave out ----------------------------------------------


@dataclass(frozen=True)
class KnownSafety:
    """A published questionnaire with a safety item, and how a file is recognised as it.

    A file is that questionnaire when its id or its name says so AND it has that
    questionnaire's number of items: the name alone could be a shorter version (the EPDS-3,
    the 84-item Perinatal Grief Scale) whose items are numbered otherwise. Those, and any
    questionnaire not listed here, still meet `SELF_HARM_WORDS`.
    """

    short_name: str
    ids: tuple[str, ...]  # an id that, letters and digits only, is or begins with one of these
    names: tuple[str, ...]  # whole words the name holds, in lower case, punctuation as spaces
    items: int
    item: int  # the safety item
    item_words: str  # what it asks, in short, for the message
    every_scored_answer: bool  # the published rule: any answer that scores above the lowest
    source: str  # docs/clinical-sources.md


KNOWN_SAFETY = (
    KnownSafety(
        short_name="PHQ-9",
        ids=("phq9",),
        names=("patient health questionnaire 9", "phq 9"),
        items=9,
        item=9,
        item_words="thoughts of being better off dead or of self-harm",
        every_scored_answer=True,
        source="S11",
    ),
    KnownSafety(
        short_name="EPDS",
        ids=("epds", "edinburgh"),
        names=("edinburgh postnatal depression scale", "edinburgh depression scale", "epds"),
        items=10,
        item=10,
        item_words="the thought of self-harm",
        every_scored_answer=True,
        source="S4",
    ),
    KnownSafety(
        short_name="Perinatal Grief Scale, 33-item version",
        ids=("pgs", "perinatalgrief"),
        names=("perinatal grief scale", "pgs"),
        items=33,
        item=8,
        item_words="having considered suicide since the loss",
        every_scored_answer=False,
        source="S20",
    ),
)

# An item in these words asks about danger, whatever the questionnaire: it must be listed.
SELF_HARM_WORDS = re.compile(
    r"suicid|self[- ]?harm|better off dead"
    r"|\b(?:harm|hurt|kill|injur)(?:e|ing)?\s+(?:my|your|them|one)sel(?:f|ves)\b"
    r"|\b(?:end|ending|take|taking)\s+(?:my|your|their|one's)\s+(?:own\s+)?life\b",
    re.IGNORECASE,
)


def _words(text: str) -> str:
    return " " + " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split()) + " "


def known_safety(instrument: Instrument) -> KnownSafety | None:
    """The known questionnaire this file is, by its id or name and its number of items."""
    plain_id = re.sub(r"[^0-9a-z]", "", instrument.id.casefold())
    name = _words(instrument.name)
    for known in KNOWN_SAFETY:
        named = any(plain_id.startswith(i) for i in known.ids) or any(
            f" {words} " in name for words in known.names
        )
        if named and len(instrument.items) == known.items:
            return known
    return None


def _safety_declared(doc: _Reader, instrument: Instrument) -> None:
    """The safety items a file must list: its known one, and any worded as one."""
    rules = {rule.item: rule for rule in instrument.safety}
    known = known_safety(instrument)
    if known is not None:
        listed = ", ".join(str(n) for n in rules) or "none"
        if known.item not in rules:
            raise doc.fail(
                f"this is the {known.short_name} (by its id or name, and its "
                f"{known.items} items), whose item {known.item} ({known.item_words}) is a "
                f"safety item (source {known.source} in docs/clinical-sources.md); the file "
                f"lists {listed}: add a [[safety]] table with item = {known.item}"
            )
        rule, item = rules[known.item], instrument.items[known.item - 1]
        lowest = min(instrument.item_score(item, v) for v in instrument.values)
        scoring = {v for v in instrument.values if instrument.item_score(item, v) > lowest}
        if known.every_scored_answer and not scoring <= rule.positive:
            raise doc.fail(
                f"item {known.item} of the {known.short_name} is positive at every answer that "
                f"scores above the lowest (source {known.source} in docs/clinical-sources.md): "
                f"positive must hold {sorted(scoring)}, not {sorted(rule.positive)}"
            )
    for item in instrument.items:
        if item.n not in rules and SELF_HARM_WORDS.search(item.text):
            raise doc.fail(
                f"item {item.n} (“{item.text}”) asks about suicide or self-harm: list it in a "
                f"[[safety]] table with the answers that are positive"
            )


def instrument_from(raw: dict[str, Any], *, source: str) -> Instrument:
    """An instrument from a parsed file, checked; InstrumentError names what is wrong."""
    doc = _Reader(raw, source)
    if raw.get("format") != FORMAT:
        raise doc.fail(f"format must be {FORMAT}")
    identifier = doc.text("id")
    if not identifier.isascii() or not identifier.replace("_", "").isalnum():
        raise doc.fail("id must be letters, digits and _ only")
    minutes = _required_whole(doc, "minutes")
    if minutes < 1:
        raise doc.fail("minutes must be 1 or more")
    options = _options(doc)
    items = _items(doc)
    numbers = {item.n for item in items}
    values = {option.value for option in options}
    subscales = _subscales(doc, numbers)

    scoring = doc.table("scoring")
    if scoring is None:
        raise doc.fail("[scoring] is missing")
    declared = scoring.numbers("range")
    computed = (len(items) * min(values), len(items) * max(values))
    if declared != computed:
        raise scoring.fail(
            f"range {list(declared)} is not what {len(items)} items scored "
            f"{min(values)} to {max(values)} give: {list(computed)}"
        )
    threshold = scoring.whole("worth_talking_about_at", required=False)
    if threshold is not None and not computed[0] < threshold <= computed[1]:
        raise scoring.fail(f"worth_talking_about_at {threshold} is outside the range")

    instrument = Instrument(
        id=identifier,
        name=doc.text("name"),
        about=doc.text("about"),
        minutes=minutes,
        citation=doc.text("citation"),
        licence=doc.text("licence"),
        stem=doc.text("stem"),
        instructions=doc.text("instructions", required=False),
        options=options,
        items=items,
        subscales=subscales,
        score_range=computed,
        bands=_bands(doc, computed),
        worth_talking_about_at=threshold,
        safety=_safety(doc, numbers, values),
        pattern=_pattern(doc, subscales, values),
        difficulty=_difficulty(doc),
        source=source,
        for_clinicians=_for_clinicians(doc),
    )
    _safety_declared(doc, instrument)
    return instrument


def instrument_load(path: Path) -> Instrument:
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise InstrumentError(f"{path}: not valid TOML: {exc}") from None
    instrument = instrument_from(raw, source=str(path))
    if instrument.id != path.stem:
        raise InstrumentError(f"{path}: id {instrument.id!r} must match the file name")
    return instrument


def instruments_load(*folders: Path) -> dict[str, Instrument]:
    """Every *.toml in the folders, in order, keyed by id; a repeated id is refused."""
    found: dict[str, Instrument] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.toml")):
            instrument = instrument_load(path)
            if instrument.id in found:
                raise InstrumentError(
                    f"{path}: id {instrument.id!r} is already used by {found[instrument.id].source}"
                )
            found[instrument.id] = instrument
    return found
