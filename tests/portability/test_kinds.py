"""Every vault kind the code writes is either exported (with its index) or left out with a
reason: a new kind that is in neither fails here, so an export never silently drops it."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path
from typing import Any

from afterwards.portability import kinds

PACKAGE = Path(__file__).resolve().parents[2] / "afterwards"
WRITERS = {"entry_put", "copy_put"}  # vault.services.entry_put and couple.sharing.copy_put


def _value(module: Any, node: ast.expr) -> Any:
    """A kind= argument's value, when it is a constant or a module-level name."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        return getattr(module, node.id, None)
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return getattr(getattr(module, node.value.id, None), node.attr, None)
    return None  # a variable passed through (copy_put's own kind): its callers are read


def kinds_written() -> set[str]:
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        module = None
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            if name not in WRITERS:
                continue
            for keyword in node.keywords:
                if keyword.arg == "kind":
                    if module is None:
                        dotted = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
                        module = importlib.import_module(dotted)
                    value = _value(module, keyword.value)
                    if isinstance(value, str):
                        found.add(value)
    return found


def test_the_scan_finds_the_kinds_it_should():
    written = kinds_written()

    # Positive controls: a check-in, a result without an index, a couple copy, a setting.
    assert {"checkin", "wellbeing_result", "shared_checkin", "nudge_settings"} <= written


def test_every_kind_the_code_writes_is_exported_or_left_out_for_a_reason():
    written = kinds_written()

    unknown = written - set(kinds.OWN) - set(kinds.LEFT_OUT)

    assert unknown == set(), (
        "add these kinds to afterwards/portability/kinds.py (OWN with how to read the index "
        "value back, or LEFT_OUT with why) and to docs/export-format.md"
    )


def test_no_kind_is_both_exported_and_left_out():
    assert set(kinds.OWN) & set(kinds.LEFT_OUT) == set()


def test_each_kind_names_its_index_as_the_code_files_it():
    assert kinds.index_of("checkin", {"day": "2026-03-02"}) == "2026-03-02"
    assert kinds.index_of("wellbeing_result", {"instrument": "gad7"}) is None
    assert kinds.index_of("wellbeing_schedule", {}) == "schedule"
    assert kinds.index_of("about_loss", {}) == "about_loss"


def test_every_kind_an_export_holds_has_a_reader_an_import_checks_it_with():
    from afterwards.portability import document

    assert set(document.readers()) == set(kinds.OWN), (
        "give each kind in kinds.OWN a reader in afterwards/portability/document.py"
    )
