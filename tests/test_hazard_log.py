"""docs/hazard-log.md stays honest: every test it names exists, every hazard either
names the tests that prove its mitigation or is marked open, and every hazard's Proof
says how its tests were seen to fail with the mitigation weakened.

Test functions are found by parsing the test files with ast (no import, no collection),
so a renamed or deleted test fails here with the entry that named it. The weakenings
themselves are in docs/hazard-proofs.toml, made and undone by scripts/hazard-proof in a
scratch copy; here each is checked to still apply to the code as it is (its text found
exactly once), and to agree with its entry: the tests it must fail are among the
entry's, and the entry's Proof names each weakening and those tests.
"""

from __future__ import annotations

import ast
import importlib.machinery
import importlib.util
import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOG = ROOT / "docs" / "hazard-log.md"
PROOFS = ROOT / "docs" / "hazard-proofs.toml"
SCRIPT = ROOT / "scripts" / "hazard-proof"
FIELDS = (
    "Hazard",
    "Cause",
    "Effect",
    "Severity",
    "Likelihood",
    "Mitigation",
    "Tests",
    "Proof",
    "Residual risk",
    "Status",
)
TEST_NAME = re.compile(r"`(test_\w+)`")
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
    assert not missing, f"{hazard.id} lacks {missing}" + (
        ": weaken its mitigation with scripts/hazard-proof (docs/hazard-log.md, "
        '"Proving an entry") and say so in a Proof row'
        if "Proof" in missing
        else ""
    )
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


# --- Proofs -----------------------------------------------------------------------------


def _script() -> object:
    loader = importlib.machinery.SourceFileLoader("hazard_proof", str(SCRIPT))
    spec = importlib.util.spec_from_loader("hazard_proof", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["hazard_proof"] = module  # its dataclasses look their module up there
    loader.exec_module(module)
    return module


SCRIPT_MODULE = _script()
WEAKENINGS = SCRIPT_MODULE.weakenings(PROOFS)  # type: ignore[attr-defined]


def _name(node: str) -> str:
    return node.split("::")[-1].split("[", 1)[0]


@pytest.mark.parametrize("hazard", HAZARDS, ids=lambda h: h.id)
def test_every_proof_names_its_command_its_weakenings_and_the_tests_they_fail(hazard):
    proof = hazard.fields.get("Proof", "")
    assert f"scripts/hazard-proof {hazard.id}" in proof, f"{hazard.id}: name the command"
    mine = [each for each in WEAKENINGS if each.hazard == hazard.id]
    assert mine, f"{hazard.id} has no weakening in docs/hazard-proofs.toml"
    own_tests = set(hazard.tests)
    own_names = {_name(node) for node in hazard.tests}
    for each in mine:
        assert each.what in proof, f"{hazard.id}: the Proof does not name {each.what!r}"
        for node in each.fails:
            assert node in own_tests, f"{hazard.id}: {node} fails its weakening but is not named"
            assert f"`{_name(node)}`" in proof, f"{hazard.id}: the Proof does not name {node}"
    named = TEST_NAME.findall(proof)
    assert named, f"{hazard.id}: the Proof names none of the entry's tests"
    strangers = [name for name in named if name not in own_names]
    assert not strangers, f"{hazard.id}: the Proof names tests the entry does not: {strangers}"


def test_every_weakening_still_applies_to_the_code_as_it_is():
    ids = {hazard.id for hazard in HAZARDS}
    for each in WEAKENINGS:
        assert each.hazard in ids, f"{each.hazard} is in hazard-proofs.toml, not in the log"
        assert each.fails, f"{each.hazard}: {each.what!r} names no test to fail"
        assert each.find != each.replace, f"{each.hazard}: {each.what!r} changes nothing"
        text = (ROOT / each.file).read_text(encoding="utf-8")
        # Raises, naming the hazard and the file, when a text is not there exactly once.
        SCRIPT_MODULE.weaken(text, each)  # type: ignore[attr-defined]


def test_a_weakening_is_made_only_where_its_text_occurs_exactly_once():
    weakening = SCRIPT_MODULE.Weakening(  # type: ignore[attr-defined]
        hazard="H-99",
        what="a check taken out",
        file="x.py",
        find=("    if allowed:\n", "return True"),
        replace=("    if True:\n", "return False"),
        fails=("tests/test_x.py::test_x",),
    )
    text = "def f(allowed):\n    if allowed:\n        return True\n"
    weakened = SCRIPT_MODULE.weaken(text, weakening)  # type: ignore[attr-defined]
    assert weakened == "def f(allowed):\n    if True:\n        return False\n"
    for unlike in ("def f():\n    pass\n", text + text):
        with pytest.raises(ValueError, match="H-99: x.py holds the text to weaken"):
            SCRIPT_MODULE.weaken(unlike, weakening)  # type: ignore[attr-defined]
