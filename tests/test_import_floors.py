"""Lower floors never import upward: no import circle between two parts of afterwards.

A circle hidden by an import inside a function still ties two parts together (journal's
services saved a day through couple/checkins, which settled the pair through
couple/space, which read the journal's services), so every import counts here: at the
top of a module or inside a function, all but those only for type checking. Read from
the source, so nothing is imported and no order of imports can hide one.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "afterwards"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported(tree: ast.AST) -> Iterator[str]:
    """Every name an import statement anywhere in the tree reaches, outside
    `if TYPE_CHECKING:` blocks: `from a.b import c` reaches a.b and a.b.c."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _type_checking_only(node):
            yield from (name for child in node.orelse for name in _imported(child))
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)
        yield from _imported(node)


def import_graph() -> dict[str, set[str]]:
    modules = {
        module_name(path): path
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.relative_to(PACKAGE).parts
    }
    return {
        name: {other for other in _imported(ast.parse(path.read_text())) if other in modules}
        - {name}
        for name, path in modules.items()
    }


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The graph's strongly connected parts of more than one module (Tarjan's)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            part = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                part.append(other)
                if other == node:
                    break
            if len(part) > 1:
                found.append(sorted(part))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def part_of(module: str) -> str:
    """The part of afterwards a module belongs to: afterwards.journal.services is journal's."""
    return ".".join(module.split(".")[:2])


def test_no_import_circle_joins_two_parts_of_afterwards():
    joined = [
        circle for circle in circles(import_graph()) if len({part_of(m) for m in circle}) > 1
    ]
    assert joined == [], (
        "An import circle between parts of afterwards (lower floors never import upward: "
        f"pass what they need in, or move the shared part down): {joined}"
    )


def test_saving_a_day_and_resuming_sharing_are_on_different_floors():
    """The circle this check was written for: the journal's services keep a day's copy in
    step through couple/checkins, and couple/space reads the journal to share everything
    again on resuming. Neither checkins nor anything it imports may reach space."""
    graph = import_graph()
    reached: set[str] = set()
    waiting = ["afterwards.journal.services"]
    while waiting:
        module = waiting.pop()
        for other in graph[module] - reached:
            reached.add(other)
            waiting.append(other)
    assert "afterwards.couple.checkins" in reached
    assert "afterwards.couple.space" not in reached
    assert "afterwards.journal.services" in graph["afterwards.couple.space"]


def test_the_check_sees_an_import_inside_a_function_and_not_one_for_type_checking():
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from afterwards.a import typed\n"
        "def f():\n"
        "    from afterwards.b import hidden\n"
    )
    names = set(_imported(tree))
    assert "afterwards.b" in names and "afterwards.b.hidden" in names
    assert not any(name.startswith("afterwards.a") for name in names)
    graph = {"x.a.one": {"x.b.two"}, "x.b.two": {"x.a.one"}, "x.c": set()}
    assert circles(graph) == [["x.a.one", "x.b.two"]]
