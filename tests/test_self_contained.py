"""The project carries its own sources: no file of it points at notes beside the checkout,
which a person who clones the project does not have. Clinical facts and their sources are
in docs/clinical-sources.md."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Written in two parts so that this file does not name what it looks for.
OUTSIDE = ("../" + "shared", "/work/" + "shared", "shared/" + "content/")


def tracked_files() -> list[Path]:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"],  # noqa: S607 (git from the PATH, as a developer runs it)
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [ROOT / name for name in listed.decode().split("\0") if name]


def pointers_outside(path: Path, root: Path = ROOT) -> list[str]:
    """Lines of a file that point outside the project, as "path:line: text". A guard
    that asserts a file does not name such a path ("…" not in …) may name it."""
    try:
        text = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, IsADirectoryError, FileNotFoundError):
        return []  # a binary file, a submodule, or a file deleted but not yet committed
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        for needle in OUTSIDE:
            if needle in line and f'"{needle}" not in' not in line:
                found.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
                break
    return found


def test_no_tracked_file_points_outside_the_project():
    files = tracked_files()
    assert any(path.name == "clinical-sources.md" for path in files)
    found = [line for path in files for line in pointers_outside(path)]
    assert not found, "point these at docs/clinical-sources.md instead:\n" + "\n".join(found)


def test_the_check_finds_a_pointer_and_lets_a_guard_name_it(tmp_path):
    notes = tmp_path / "notes.toml"
    notes.write_text(
        'url = "' + OUTSIDE[0] + '/content/clinical-facts.md"\n'
        'assert "' + OUTSIDE[0] + '" not in text\n'
        "# see " + OUTSIDE[2] + "clinical-facts.md\n"
    )
    assert [line.split(":")[1] for line in pointers_outside(notes, tmp_path)] == ["1", "3"]
