"""The cycle strip: phases told apart by more than colour, and every label readable and
whole inside the drawing."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from afterwards.body.chart import cycle_strip
from afterwards.body.cycle import PHASE_LETTERS, cycle_read

LOSS = date(2026, 7, 6)
CSS = Path(__file__).resolve().parents[2] / "afterwards" / "static" / "css" / "site.css"


def strip_for(today: date):  # type: ignore[no-untyped-def]
    """A loss, then periods 28 days apart up to `today`, a check-in every day."""
    bleeding = {LOSS + timedelta(days=i): "heavy" for i in range(6)}
    start = LOSS + timedelta(days=40)
    starts = []
    while start <= today:
        starts.append(start)
        bleeding.update({start + timedelta(days=i): "medium" for i in range(5)})
        start += timedelta(days=28)
    reading = cycle_read(
        bleeding,
        loss_date=LOSS,
        answers={starts[0]: True},
        excluded=set(),
        today=today,
        checked_in={LOSS + timedelta(days=i) for i in range((today - LOSS).days + 1)},
    )
    strip = cycle_strip(reading, bleeding, reading.next_period(), labelled_by="s")
    assert strip is not None
    return str(strip.svg)


def texts(svg: str) -> list[dict[str, str]]:
    found = []
    for attrs, words in re.findall(r"<text ([^>]*)>([^<]*)</text>", svg):
        found.append({**dict(re.findall(r'([\w-]+)="([^"]*)"', attrs)), "words": words})
    return found


def test_every_phase_band_wide_enough_carries_the_letter_the_patterns_timeline_uses():
    # One table of letters (body/cycle.py) serves both pictures.
    svg = strip_for(date(2026, 11, 20))
    bands = re.findall(
        r'<rect x="(\d+)" y="\d+" width="(\d+)" [^>]*class="phase-band phase-(\w+)', svg
    )
    letters = {(float(t["x"]), t["words"]) for t in texts(svg) if t.get("class") == "phase-letter"}
    wide = [(int(x) + int(w) / 2, PHASE_LETTERS[phase]) for x, w, phase in bands if int(w) >= 9]
    assert len(wide) >= 10 and {letter for _, letter in wide} == set("PBOAL")
    assert set(wide) <= letters


def test_every_label_is_large_and_whole_inside_the_drawing_even_a_month_at_the_right_edge():
    # Today on 2 December: December begins two days before the right edge.
    for today in (date(2026, 12, 2), date(2026, 11, 20), date(2026, 10, 31)):
        svg = strip_for(today)
        width, height = map(float, re.search(r'viewBox="0 0 (\S+) (\S+)"', svg).groups())
        labels = texts(svg)
        assert any(t["words"] == "Dec" for t in labels) or today.month != 12
        for t in labels:
            size = float(t.get("font-size", "0"))
            assert size >= (14 if t["class"] == "cycle-label" else 12), t
            # Wide letters in a sans-serif font are at most about 0.75 em; "M" is widest.
            span = 0.75 * size * len(t["words"])
            left = float(t["x"]) - (span / 2 if t.get("text-anchor") == "middle" else 0)
            assert 0 <= left and left + span <= width, t
            assert size <= float(t["y"]) <= height, t


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_phase_bands_are_outlined_at_3_to_1_against_the_page_in_both_themes():
    css = CSS.read_text(encoding="utf-8")
    stroke = re.search(r"\.cycle-strip-svg \.phase-band \{[^}]*stroke: var\((--[\w-]+)\)", css)
    assert stroke, "the bands need an outline"
    themes = re.findall(r":root(?::not\(\.theme-light\)|\.theme-dark)? \{([^}]*)\}", css)
    assert len(themes) == 3  # light, then dark as the device is set, then dark chosen
    assert themes[1].split() == themes[2].replace("color-scheme: dark;", "").split()
    for theme in themes:
        values = dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]{6})", theme))
        a, b = _luminance(values[stroke.group(1)]), _luminance(values["--bg"])
        assert (max(a, b) + 0.05) / (min(a, b) + 0.05) >= 3
