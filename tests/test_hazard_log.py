"""docs/hazard-log.md stays honest: every test it names exists, and every hazard either
names the tests that prove its mitigation or is marked open.

Test functions are found by parsing the test files with ast (no import, no collection),
so a renamed or deleted test fails here with the entry that named it.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOG = ROOT / "docs" / "hazard-log.md"
FIELDS = (
    "Hazard",
    "Cause",
    "Effect",
    "Severity",
    "Likelihood",
    "Mitigation",
    "Tests",
    "Residual risk",
    "Status",
)
SEVERITIES = ("Minor", "Significant", "Considerable", "Major", "Catastrophic")
LIKELIHOODS = ("Very low", "Low", "Medium", "High", "Very high")
NODE = re.compile(r"`(tests/[\w/]+\.py::[\w:\[\]-]+)`")
HEADING = re.compile(r"^### (H-\d\d) (.+)$", re.MULTILINE)


@dataclass(frozen=True)
class Hazard:
    id: str
    title: str
    fields: dict[str, str]

    @property
    def tests(self) -> list[str]:
        return NODE.findall(self.fields.get("Tests", ""))

    @property
    def open(self) -> bool:
        return self.fields.get("Status", "").strip().lower().startswith("open")


def parse(text: str) -> list[Hazard]:
    parts = HEADING.split(text)
    hazards = []
    for number in range(1, len(parts), 3):
        hazard_id, title, body = parts[number], parts[number + 1], parts[number + 2]
        fields = {}
        for line in body.splitlines():
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if line.startswith("|") and len(cells) >= 2 and cells[0] in FIELDS:
                fields[cells[0]] = "|".join(cells[1:])
        hazards.append(Hazard(hazard_id, title.strip(), fields))
    return hazards


@cache
def _functions(path: Path) -> frozenset[str]:
    """Test names in a file: "test_x" and "TestClass::test_x"."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    names.add(f"{node.name}::{item.name}")
    return frozenset(name for name in names if name.split("::")[-1].startswith("test_"))


def node_exists(node: str, root: Path = ROOT) -> bool:
    file, _, name = node.partition("::")
    name = name.split("[", 1)[0]  # a parametrised case names its function
    path = root / file
    return path.is_file() and name in _functions(path)


HAZARDS = parse(LOG.read_text(encoding="utf-8"))


def test_the_log_has_the_hazards_it_must_cover():
    titles = " ".join(h.title.lower() for h in HAZARDS)
    for words in (
        "help-line number",
        "self-harm",
        "mis-scored",
        "misleading pattern",
        "red flag",
        "partner is pressured",
        "at rest",
        "stolen database",
        "session",
        "recovery code",
        "quick exit",
        "wrong country",
    ):
        assert words in titles, words
    ids = [h.id for h in HAZARDS]
    assert len(ids) == len(set(ids)), "hazard ids must be unique"


@pytest.mark.parametrize("hazard", HAZARDS, ids=lambda h: h.id)
def test_every_entry_has_every_field_on_the_scales(hazard):
    missing = [name for name in FIELDS if not hazard.fields.get(name)]
    assert not missing, f"{hazard.id} lacks {missing}"
    assert hazard.fields["Severity"] in SEVERITIES
    assert hazard.fields["Likelihood"] in LIKELIHOODS
    assert hazard.fields["Status"] in ("Mitigated", "Open")


@pytest.mark.parametrize("hazard", HAZARDS, ids=lambda h: h.id)
def test_every_named_test_exists(hazard):
    missing = [node for node in hazard.tests if not node_exists(node)]
    assert not missing, f"{hazard.id} names tests that do not exist: {missing}"


@pytest.mark.parametrize("hazard", HAZARDS, ids=lambda h: h.id)
def test_an_entry_without_a_test_is_marked_open(hazard):
    assert hazard.tests or hazard.open, f"{hazard.id} names no test and is not marked open"


def test_the_check_catches_a_missing_test_and_an_untested_entry(tmp_path):
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text(
        "def test_real():\n    pass\n\nclass TestGroup:\n    def test_inner(self):\n        pass\n"
    )
    assert node_exists("tests/test_x.py::test_real", tmp_path)
    assert node_exists("tests/test_x.py::test_real[case-1]", tmp_path)
    assert node_exists("tests/test_x.py::TestGroup::test_inner", tmp_path)
    assert not node_exists("tests/test_x.py::test_imagined", tmp_path)
    assert not node_exists("tests/test_y.py::test_real", tmp_path)
    text = (
        "### H-01 Something\n\n| | |\n|---|---|\n"
        "| Tests | `tests/test_x.py::test_real`<br>pending: more |\n| Status | Mitigated |\n\n"
        "### H-02 Something else\n\n| | |\n|---|---|\n"
        "| Tests | pending: a test to come |\n| Status | Mitigated |\n"
    )
    first, second = parse(text)
    assert first.tests == ["tests/test_x.py::test_real"] and not first.open
    assert second.tests == [] and not second.open
