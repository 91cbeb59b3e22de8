"""Guards that keep the project honest as it grows."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_no_model_change_is_missing_a_migration():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit_:
        pytest.fail(f"a model change has no migration:\n{out.getvalue()} ({exit_})")


def test_every_host_setting_is_documented_in_operations():
    code = "".join((ROOT / "afterwards" / name).read_text() for name in ("settings.py", "cli.py"))
    used = set(re.findall(r'"(AFTERWARDS_[A-Z_]+|DATABASE_URL)"', code))
    documented = (ROOT / "docs" / "operations.md").read_text()
    missing = sorted(name for name in used if name not in documented)
    assert not missing, f"settings missing from docs/operations.md: {missing}"


def test_readme_opens_with_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    first_block = readme.split("```")[1]
    assert "make run" in first_block and "make test" in first_block
