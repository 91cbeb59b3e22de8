"""bench/pages.py in a tiny run, so that the script cannot rot: each page is opened as a
first visit beside the floor, every row holds what Chromium saw, and only the bench's
own section of docs/performance.md is rewritten. No timing is asserted (timing never
goes in tests): only that the figures exist and hold together."""

from __future__ import annotations

import pytest
from django.utils import timezone

from bench import pages
from bench.seed import PASSPHRASE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TINY = [
    pages.PAGES[0],
    pages.Page("Log in (logged out)", "/login/", logged_in=False),
    pages.Page("Today: the check-in", "/journal/day/{today}/"),
]


@pytest.fixture
def results(browser, live_server, settings) -> pages.Results:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    pages.seed_person(today, 10)
    settings.ROOT_URLCONF = pages.urlconf_install()
    return pages.measure(
        browser,
        live_server.url,
        username=pages.USERNAME,
        passphrase=PASSPHRASE,
        today=today,
        pages=TINY,
        runs=1,
        throttle=False,
        progress=lambda _: None,
    )


def test_each_page_is_measured_as_a_first_visit_beside_the_bare_page(results, tmp_path):
    floor, login, today = results.rows
    assert floor.page.path == pages.FLOOR_PATH
    for row in results.rows:
        visit = row.first
        # The page, its two stylesheets and its scripts, all off the network. Its font is
        # too, unless the service worker, installing meanwhile, fetched the static shell
        # first: then the page's font comes from the HTTP cache that filled, and is not
        # counted (seen once in CI), so a font is not required here.
        assert visit.kinds["Document"] == 1 and visit.kinds["Stylesheet"] == 2, visit.kinds
        assert visit.kinds["Script"] >= 2 and visit.kinds.get("Font", 0) <= 8, visit.kinds
        assert visit.requests == sum(visit.kinds.values())
        assert visit.bytes > visit.document_bytes > 0 and visit.dcl_ms > 0
    # The check-in is more than the site's chrome alone.
    assert today.bytes > floor.bytes

    table = pages.table(results)
    assert [row[0] for row in table[1:]] == [row.page.name for row in results.rows]
    assert table[1][4] == "1 (floor)" and table[1][7] == ""
    assert {row[7] for row in table[2:]} <= {"met", "NOT met"}

    path = tmp_path / "performance.md"
    others = "# Performance\n\n<!-- bench:begin -->\nrun.py's figures\n<!-- bench:end -->\n"
    path.write_text(others)
    text = pages.section(results, "a command", {"when": "today", "machine": "this one"})
    pages.write_docs(text, path)
    pages.write_docs(text, path)  # a second run replaces the first
    written = path.read_text()
    assert written.startswith(others)
    assert written.count(pages.BEGIN) == 1 and written.count(pages.HEADING) == 1
    mine = written.split(pages.BEGIN, 1)[1].split(pages.END, 1)[0]
    for words in ("a bare page (floor)", "Today: the check-in", "Aims (every page ≤ 100 KiB"):
        assert words in mine
    assert "no throttling" in mine
