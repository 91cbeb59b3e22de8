"""Figures from what the simulated people recorded, and the tables they go into.

Pure: no Locust, no server; the tests feed it records of their own.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.load import mix

BEGIN = "<!-- bench-load:begin — written by `make bench-load`; edits inside are overwritten -->"
END = "<!-- bench-load:end -->"
OPS_BEGIN = "<!-- bench-load-capacity:begin — written by `make bench-load` -->"
OPS_END = "<!-- bench-load-capacity:end -->"


@dataclass(frozen=True)
class Record:
    """One request: when it started (epoch seconds), its endpoint, its time, its status,
    and why it failed ("" when it did not)."""

    start: float
    name: str
    ms: float
    status: int
    error: str = ""


def records_read(path: Path) -> list[Record]:
    import csv

    with path.open(newline="") as source:
        rows = list(csv.DictReader(source))
    return [Record(float(r["start"]), r["name"], float(r["ms"]), int(r["status"]), r["error"])
            for r in rows]


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile (share in 0..1): a value some request really took."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@dataclass
class Latency:
    n: int
    errors: int
    p50: float
    p95: float
    p99: float

    @classmethod
    def of(cls, records: Sequence[Record]) -> Latency:
        times = [r.ms for r in records]
        return cls(
            n=len(records),
            errors=sum(1 for r in records if r.error),
            p50=percentile(times, 0.50),
            p95=percentile(times, 0.95),
            p99=percentile(times, 0.99),
        )


@dataclass
class Phases:
    """The measured span, cut into floor and mix phases of `seconds` each from t0
    (mix only when `seconds` is 0)."""

    t0: float
    seconds: float
    count: int

    @property
    def end(self) -> float:
        return self.t0 + self.seconds * self.count if self.seconds else self.t0

    def kind_at(self, moment: float) -> str:
        if moment < self.t0 or moment >= self.end:
            return "outside"
        return "floor" if int((moment - self.t0) // self.seconds) % 2 == 0 else "mix"

    def seconds_of(self, kind: str) -> float:
        floors = (self.count + 1) // 2
        return self.seconds * (floors if kind == "floor" else self.count - floors)


@dataclass
class RunFigures:
    """What one run measured, in its measured span."""

    floor: Latency
    mix: Latency
    endpoints: dict[str, Latency]
    floor_rps: float
    mix_rps: float
    saves_per_s: float
    errors: int  # every failed request of the run, warm-up included
    error_kinds: dict[str, int] = field(default_factory=dict)
    visits: int = 0


def run_figures(records: Iterable[Record], phases: Phases) -> RunFigures:
    """Per endpoint and for the mix as a whole, beside the floor, over the measured span."""
    everything = list(records)
    inside = [r for r in everything if phases.kind_at(r.start) != "outside"]
    floor = [r for r in inside if r.name == mix.FLOOR]
    mixed = [r for r in inside if r.name in mix.ENDPOINTS and r.name != mix.FLOOR]
    by_name = {name: [r for r in mixed if r.name == name] for name in mix.ENDPOINTS[1:]}
    floor_seconds = phases.seconds_of("floor")
    mix_seconds = phases.seconds_of("mix")
    kinds: dict[str, int] = {}
    for r in everything:
        if r.error:
            kinds[r.error] = kinds.get(r.error, 0) + 1
    return RunFigures(
        floor=Latency.of(floor),
        mix=Latency.of(mixed),
        endpoints={name: Latency.of(rs) for name, rs in by_name.items() if rs},
        floor_rps=len(floor) / floor_seconds if floor_seconds else math.nan,
        mix_rps=len(mixed) / mix_seconds if mix_seconds else math.nan,
        saves_per_s=sum(1 for r in mixed if r.name == mix.SAVE) / mix_seconds
        if mix_seconds else math.nan,
        errors=sum(kinds.values()),
        error_kinds=kinds,
        visits=sum(1 for r in mixed if r.name == mix.TODAY),
    )


def cpu_by_phase(samples: Sequence[tuple[float, float]], phases: Phases) -> dict[str, float]:
    """CPU seconds the server used in floor and in mix phases, from (time, cumulative CPU)
    samples: each interval's CPU goes to the phase of its middle."""
    used = {"floor": 0.0, "mix": 0.0, "outside": 0.0}
    for (t1, c1), (t2, c2) in zip(samples, samples[1:], strict=False):
        used[phases.kind_at((t1 + t2) / 2)] += max(0.0, c2 - c1)
    return used


# --- Tables ------------------------------------------------------------------------------


def ms(value: float) -> str:
    if math.isnan(value):
        return "—"
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def rate(value: float) -> str:
    return "—" if math.isnan(value) else f"{value:.1f}"


def markdown(rows: list[list[str]]) -> str:
    align = ["---"] + ["---:"] * (len(rows[0]) - 1)
    lines = ["| " + " | ".join(rows[0]) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(lines)


def plain(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [c.ljust(w) if i == 0 else c.rjust(w)
                 for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        lines.append("  ".join(cells))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def endpoint_rows(figures: RunFigures) -> list[list[str]]:
    """One run's endpoints, each beside the floor measured in the same run."""
    head = ["endpoint", "n", "errors", "p50 ms", "p95 ms", "p99 ms", "p50 ÷ floor"]
    rows = [head]

    def row(name: str, lat: Latency) -> list[str]:
        ratio = lat.p50 / figures.floor.p50 if figures.floor.p50 else math.nan
        ratio_text = "1 (floor)" if name.startswith("floor") else (
            "—" if math.isnan(ratio) else f"{ratio:.1f}×")
        return [name, str(lat.n), str(lat.errors), ms(lat.p50), ms(lat.p95), ms(lat.p99),
                ratio_text]

    rows.append(row(mix.FLOOR, figures.floor))
    rows += [row(name, lat) for name, lat in figures.endpoints.items()]
    rows.append(row("the whole mix", figures.mix))
    return rows


def section_replace(text: str, begin: str, end: str, body: str) -> str:
    """`text` with what lies between the two markers replaced (both added at the end when
    missing); nothing outside them changes."""
    if begin not in text or end not in text:
        return text.rstrip("\n") + f"\n\n{begin}\n{body.strip()}\n{end}\n"
    before, rest = text.split(begin, 1)
    _, after = rest.split(end, 1)
    return f"{before}{begin}\n{body.strip()}\n{end}{after}"
