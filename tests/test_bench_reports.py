"""bench/reports.py in a tiny run, so that the script cannot rot: every heavy path of
issue 7 is measured beside a floor from the same run, each row holds what it made, and
only the bench's own section of docs/performance.md is rewritten. No timing is asserted
(timing never goes in tests): only that the figures exist and hold together."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from bench import reports
from bench.reports import QUICK, Results, Row
from bench.seed import LIGHT

# The marker makes pytest-django set the test database up; the run itself is rolled back.
pytestmark = pytest.mark.django_db

TINY = replace(QUICK, runs=1, age_runs=1)


@pytest.fixture(scope="module")
def results(django_db_setup, django_db_blocker) -> Results:  # type: ignore[no-untyped-def]
    """One tiny run for the whole module, rolled back: nothing it made outlives it."""
    with django_db_blocker.unblock(), override_settings(**LIGHT), transaction.atomic():
        measured = reports.measure(TINY, today=timezone.localdate(), progress=lambda _: None)
        transaction.set_rollback(True)
    return measured


def _groups(results: Results) -> list[list[Row]]:
    return [results.report, results.export, results.imported, results.worker]


def test_every_row_is_measured_beside_a_floor_measured_in_the_same_run(results):
    assert [len(group) for group in _groups(results)] == [3, 10, 2, 4]
    for group in _groups(results):
        names = {row.name for row in group}
        assert any(row.floor is None for row in group)
        for row in group:
            assert row.samples and all(seconds > 0 for seconds in row.samples)
            assert row.floor is None or row.floor in names
    sealed = [row for row in results.export if "+ age" in row.name]
    assert len(sealed) == 4 and all(len(row.samples) == TINY.age_runs for row in sealed)
    export_floors = [row for row in results.export if row.floor is None]
    assert all(len(row.samples) == TINY.runs + TINY.age_runs for row in export_floors)


def test_the_report_is_a_pdf_of_several_pages_beside_a_one_page_floor(results):
    floor, *made = results.report
    assert floor.floor is None and floor.facts["pages"] == 1 and floor.facts["queries"] == 0
    assert [row.facts["days"] for row in made] == [TINY.report_days, TINY.journal_days]
    for row in made:
        # The cover, mood and grief, questionnaires, patterns and the ticked notes flow
        # on from one another (no forced breaks): more than the floor's single page.
        assert row.facts["pages"] >= 2
        assert row.facts["notes"] == reports.NOTES_TICKED
        assert row.facts["bytes"] > floor.facts["bytes"]
        assert row.facts["queries"] > 0
        assert set(row.facts["stage_ms"]) == {"build", "draw", "pdf"}
    # The longer period draws a point for each of its days.
    assert made[1].facts["chart_marks"] > made[0].facts["chart_marks"] > 0


def test_the_exports_grow_with_the_days_and_age_seals_each_file(results):
    size = {row.name: row.facts.get("bytes") for row in results.export}
    short = reports.days_label(TINY.journal_days)
    long = reports.days_label(TINY.long_days)
    assert size[f"export JSON, {long}"] > size[f"export JSON, {short}"]
    for label in (short, long):
        for form in ("JSON", "CSV zip"):
            assert size[f"export {form} + age, {label}"] > size[f"export {form}, {label}"]
    # The import brings in the 1-year person's whole export, beside putting as many.
    floor, brought = results.imported
    exported = next(row for row in results.export if row.name.endswith(short) and not row.floor)
    assert brought.floor == floor.name
    assert floor.facts["entries"] == exported.facts["entries"] > TINY.journal_days
    assert brought.facts["bytes"] > 0 and brought.facts["queries"] > 0


def test_the_planning_step_counts_its_queries_beside_a_floor_of_one(results):
    floors = [row for row in results.worker if row.floor is None]
    plans = [row for row in results.worker if row.floor is not None]
    assert [row.facts["people"] for row in plans] == list(TINY.worker_people)
    assert all(row.facts["queries"] == 1 for row in floors)
    assert all(row.facts["queries"] > 1 for row in plans)
    assert plans[-1].facts["due"] > 0
    assert plans[-1].facts["in_couples"] > 0 and plans[-1].facts["partner_alarms"] > 0


def _plans(first: int, second: int) -> Results:
    rows = []
    for people, queries in ((100, first), (1000, second)):
        floor = Row(f"floor {people}", None, [0.01], {"people": people, "queries": 1})
        rows += [
            floor,
            Row(f"plan {people}", floor.name, [0.1], {"people": people, "queries": queries}),
        ]
    return Results(QUICK, [], [], [], rows)


def test_the_words_say_plainly_whether_planning_queries_grow_with_the_people():
    grows = reports.queries_growth(_plans(254, 2491))
    assert "N+1" in grows and "2.5 more for each person" in grows
    flat = reports.queries_growth(_plans(4, 4))
    assert "do not grow" in flat and "N+1" not in flat


def test_the_docs_get_the_tables_in_their_own_section_and_nothing_else_changes(results, tmp_path):
    path = tmp_path / "performance.md"
    others = (
        "# Performance\n\nWords before.\n\n<!-- bench:begin -->\nrun.py's figures\n"
        "<!-- bench:end -->\n\nWords after.\n"
    )
    path.write_text(others)
    text = reports.section(results, "a command")
    reports.write_docs(text, path)
    reports.write_docs(text, path)  # a second run replaces the first
    written = path.read_text()
    assert written.startswith(others)
    assert written.count(reports.BEGIN) == 1 and written.count(reports.END) == 1
    assert written.count(reports.HEADING) == 1
    mine = written.split(reports.BEGIN, 1)[1].split(reports.END, 1)[0]
    for words in ("report PDF, 4 weeks", "export JSON + age", "import of the", "plan(now)"):
        assert words in mine
    assert "not judged (a quick run)" in mine  # tiny sizes are never held to the aims


def test_the_page_count_is_read_from_the_pdfs_own_page_tree():
    html = "".join(
        f'<p style="break-before: page">page {n}</p>' if n else "<p>page 0</p>" for n in range(3)
    )
    assert reports.pdf_pages(reports.floor_pdf(f"<html><body>{html}</body></html>")) == 3
