"""Every questionnaire file says which of its items can mean danger, and a host's file for a
questionnaire known to have a safety item cannot leave that item out: otherwise the
server does not start, and the `afterwards` command says why in one line naming the file.

The form: a `[[safety]]` table per safety item, or `safety = []` written out when there is
none (docs/operations.md). A file is recognised as a known questionnaire by its id or its
name together with its number of items (instrument.KNOWN_SAFETY); any item worded about
suicide or self-harm must be listed whatever the questionnaire.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps

from afterwards import cli
from afterwards.wellbeing import catalogue
from afterwards.wellbeing.instrument import (
    SHIPPED,
    InstrumentError,
    SafetyItem,
    instrument_from,
    instruments_load,
    known_safety,
)
from tests.wellbeing.conftest import FIXTURES, shipped

ROOT = Path(__file__).resolve().parents[2]


def _scale(
    *, id: str = "host_scale", name: str = "A host's scale", items: int = 10, **extra: Any
) -> dict[str, Any]:
    """A well-formed questionnaire of `items` placeholder items scored 0-3, no safety key."""
    return {
        "format": 1,
        "id": id,
        "name": name,
        "about": "A test.",
        "minutes": 2,
        "citation": "Nobody 2026",
        "licence": "Free",
        "stem": "How often?",
        "options": [{"value": v, "label": f"Answer {v}"} for v in range(4)],
        "items": [{"n": n, "text": f"Placeholder statement {n}"} for n in range(1, items + 1)],
        "scoring": {"range": [0, 3 * items]},
        **extra,
    }


def _toml(raw: dict[str, Any]) -> str:
    """The few TOML shapes _scale makes, written out (the standard library only reads)."""

    def value(v: Any) -> str:
        if isinstance(v, str):
            return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        if isinstance(v, dict):
            return "{ " + ", ".join(f"{k} = {value(x)}" for k, x in v.items()) + " }"
        return str(v).lower() if isinstance(v, bool) else str(v)

    lines = [f"{k} = {value(v)}" for k, v in raw.items() if k not in ("scoring", "safety")]
    if "safety" in raw and not raw["safety"]:
        lines.append("safety = []")
    for rule in raw.get("safety", []):
        lines += ["[[safety]]", f"item = {rule['item']}", f"positive = {value(rule['positive'])}"]
    lines += ["[scoring]", f"range = {value(raw['scoring']['range'])}"]
    return "\n".join(lines) + "\n"


def _refused(raw: dict[str, Any], *words: str) -> str:
    with pytest.raises(InstrumentError) as caught:
        instrument_from(raw, source="/srv/questionnaires/host_scale.toml")
    message = str(caught.value)
    assert message.startswith("/srv/questionnaires/host_scale.toml: ")
    assert "\n" not in message
    for word in words:
        assert word in message, message
    return message


EPDS = {"id": "epds", "name": "Edinburgh Postnatal Depression Scale (EPDS)", "items": 10}
PGS = {"id": "pgs33", "name": "Perinatal Grief Scale, short version", "items": 33}


# --- The file's own declaration -------------------------------------------------------


def test_a_file_without_a_safety_section_is_refused_naming_it():
    _refused(_scale(), "no [[safety]] section", "safety = []", "docs/operations.md")


def test_an_empty_safety_list_written_out_on_purpose_is_accepted():
    assert instrument_from(_scale(safety=[]), source="host_scale.toml").safety == ()


def test_an_empty_safety_table_is_not_a_declaration():
    # `[[safety]]` with nothing under it is a table without an item: refused as such.
    _refused(_scale(safety=[{}]), "item must be a whole number")


def test_the_shipped_files_declare_their_safety_items_on_purpose():
    for path in sorted(SHIPPED.glob("*.toml")):
        assert "safety" in tomllib.loads(path.read_text(encoding="utf-8")), path.name
    loaded = shipped()
    assert loaded["phq9"].safety == (SafetyItem(item=9, positive=frozenset({1, 2, 3})),)
    assert loaded["gad7"].safety == () and loaded["pcl5"].safety == ()


def test_the_shipped_phq9_is_recognised_and_keeps_item_9():
    phq9 = shipped()["phq9"]
    known = known_safety(phq9)
    assert known is not None and known.short_name == "PHQ-9" and known.item == 9
    raw = tomllib.loads((SHIPPED / "phq9.toml").read_text(encoding="utf-8"))
    with pytest.raises(InstrumentError, match="this is the PHQ-9.*item 9"):
        instrument_from(raw | {"safety": []}, source="phq9.toml")
    with pytest.raises(InstrumentError, match=r"must hold \[1, 2, 3\], not \[2, 3\]"):
        instrument_from(raw | {"safety": [{"item": 9, "positive": [2, 3]}]}, source="phq9.toml")


# --- Questionnaires known to have a safety item ---------------------------------------


@pytest.mark.parametrize(
    "named",
    [
        EPDS,
        {"id": "edinburgh_scale", "name": "A host's scale", "items": 10},
        {"id": "epds_uk", "name": "A host's scale", "items": 10},
        {"id": "host_scale", "name": "EPDS", "items": 10},
        {"id": "host_scale", "name": "The Edinburgh  postnatal depression scale", "items": 10},
    ],
    ids=["id-and-name", "id-edinburgh", "id-prefix", "short-name", "name-any-case"],
)
def test_an_epds_without_item_10_is_refused(named):
    message = _refused(_scale(**named, safety=[]), "this is the EPDS", "item = 10", "lists none")
    assert "source S4 in docs/clinical-sources.md" in message


def test_an_epds_pointing_at_the_wrong_item_is_refused():
    _refused(
        _scale(**EPDS, safety=[{"item": 9, "positive": [1, 2, 3]}]), "the file lists 9", "item = 10"
    )


def test_an_epds_item_10_must_be_positive_at_every_answer_that_scores():
    # Reverse-scored as on the form (3 .. 0 from the top): "any score above 0" [S4] is
    # every answer but the last.
    reversed_10 = _scale(**EPDS)
    reversed_10["items"][9]["reverse"] = True
    _refused(reversed_10 | {"safety": [{"item": 10, "positive": [0, 1]}]}, "must hold [0, 1, 2]")
    accepted = instrument_from(
        reversed_10 | {"safety": [{"item": 10, "positive": [0, 1, 2]}]}, source="epds.toml"
    )
    assert accepted.safety_items == (10,)


def test_a_pgs_33_without_item_8_is_refused_and_with_it_loads():
    _refused(_scale(**PGS, safety=[]), "Perinatal Grief Scale, 33-item version", "item = 8")
    _refused(_scale(**PGS, safety=[{"item": 9, "positive": [3]}]), "lists 9", "item = 8")
    # No published rule for which answers are positive: the host's choice stands.
    loaded = instrument_from(_scale(**PGS, safety=[{"item": 8, "positive": [3]}]), source="p")
    assert loaded.safety_items == (8,)


def test_a_shorter_version_of_a_known_name_is_not_held_to_its_numbering():
    # The EPDS-3 (items 3, 4 and 5 of the EPDS) has no item 10.
    epds3 = _scale(id="epds3", name="EPDS-3 anxiety subscale", items=3, safety=[])
    assert known_safety(instrument_from(epds3, source="epds3.toml")) is None


def test_the_pgs_shaped_fixture_is_recognised_by_its_id_and_keeps_item_8():
    loaded = instruments_load(FIXTURES)["pgs_shaped"]
    known = known_safety(loaded)
    assert known is not None and known.item == 8 and loaded.safety_items == (8,)


# --- Items worded about danger, in any questionnaire ----------------------------------


@pytest.mark.parametrize(
    "words",
    [
        "The thought of harming myself has occurred to me",
        "I have considered suicide since the loss",
        "Thoughts that you would be better off dead or of hurting yourself in some way",
        "Thinking about self-harm",
        "Wanting to end my life",
    ],
)
def test_an_item_worded_about_self_harm_must_be_listed(words):
    raw = _scale(items=3, safety=[])
    raw["items"][1]["text"] = words
    _refused(raw, "item 2", "asks about suicide or self-harm", "[[safety]]")
    listed = raw | {"safety": [{"item": 2, "positive": [1, 2, 3]}]}
    assert instrument_from(listed, source="host_scale.toml").safety_items == (2,)


def test_an_item_about_risk_or_harm_in_general_is_not_taken_for_self_harm():
    assert shipped()["pcl5"].items[15].text.startswith("Taking too many risks")
    raw = _scale(items=2, safety=[])
    raw["items"][0]["text"] = "Doing things that could cause you harm"
    assert instrument_from(raw, source="host_scale.toml").safety == ()


# --- At start-up ------------------------------------------------------------------------


def _env(data: Path, questionnaires: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AFTERWARDS_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    return env | {
        "AFTERWARDS_DATA_DIR": str(data),
        "AFTERWARDS_INSTRUMENTS_DIR": str(questionnaires),
    }


@pytest.mark.parametrize(
    ("raw", "named"),
    [
        (_scale(), "no [[safety]] section"),
        (_scale(**EPDS, safety=[{"item": 9, "positive": [1, 2, 3]}]), "this is the EPDS"),
    ],
    ids=["no-safety-section", "epds-wrong-item"],
)
def test_the_command_refuses_to_start_in_one_line_naming_the_file(tmp_path, raw, named):
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    path = folder / f"{raw['id']}.toml"
    path.write_text(_toml(raw), encoding="utf-8")

    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "afterwards.cli", "migrate"],
        cwd=ROOT,
        env=_env(tmp_path / "data", folder),
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )

    assert done.returncode != 0
    assert "Traceback" not in done.stderr, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"afterwards: {path}: ") and named in lines[0]
    assert not (tmp_path / "data" / "afterwards.sqlite3").exists()


def test_in_process_start_up_stops_with_the_same_line(settings, tmp_path, monkeypatch):
    raw = _scale(**PGS, safety=[])
    (tmp_path / "pgs33.toml").write_text(_toml(raw), encoding="utf-8")
    settings.WELLBEING_INSTRUMENTS_DIR = str(tmp_path)
    catalogue._load.cache_clear()
    # The check the app runs as it starts (WellbeingConfig.ready), as the command runs it.
    monkeypatch.setattr(cli, "_command", lambda args: apps.get_app_config("wellbeing").ready())
    umask = os.umask(0o022)  # cli.main sets the process's umask: put it back after
    os.umask(umask)
    try:
        with pytest.raises(SystemExit) as stopped:
            cli.main(["serve"])
    finally:
        os.umask(umask)
        catalogue._load.cache_clear()
    line = str(stopped.value.code)
    assert line.startswith(f"afterwards: {tmp_path / 'pgs33.toml'}: this is the Perinatal Grief")
    assert "item = 8" in line and "\n" not in line
