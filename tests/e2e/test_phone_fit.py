"""Every page on a phone, with every section open: nothing wider than the screen, and
Quick exit always on it.

The demo's two people (six months of days, a shared space, questionnaires, a loss and
its dates) give nearly every page something to show. One of them walks every link the
site offers them in a phone's browser (a mobile viewport, where a page wider than the
screen would widen the layout viewport and carry the fixed Quick exit off it), and each
page is measured at 320 and 390 px with every <details> open (conftest.fit_problems,
which every `goto` of the suite runs too).
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urljoin, urlsplit

import pytest
from django.utils import timezone

from afterwards.demo.services import demo_seed
from afterwards.demo.story import PEOPLE
from tests.e2e.conftest import fit_problems, new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Never followed: leaving, files rather than pages, and the service worker's script.
SKIP = re.compile(r"^/(quick-exit|static|reminders/sw\.js|r)/|\.(pdf|json|csv|zip|age)$")
# At most this many pages of one shape (a day, a month, a result): the layout is the same.
SAME_SHAPE = 3
MOST_PAGES = 120

LINKS_JS = "() => [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href'))"


def shape(path: str) -> str:
    return re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}|\d+", "#", path)


@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p.username)
def test_every_page_fits_a_phone_with_every_section_open(browser, live_server, person):
    demo_seed(today=timezone.localdate())
    page = new_page(browser, live_server.url, is_mobile=True, has_touch=True)
    try:
        page.goto("/login/")
        page.get_by_label("User name").fill(person.username)
        page.get_by_label("Passphrase").fill(person.passphrase)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/journal/day/*/")

        seen: set[str] = set()
        shapes: Counter[str] = Counter()
        waiting = [urlsplit(page.url).path]
        problems: list[str] = []
        while waiting and len(seen) < MOST_PAGES:
            path = waiting.pop(0)
            if path in seen or SKIP.search(urlsplit(path).path):
                continue
            if shapes[shape(path)] >= SAME_SHAPE:
                continue
            seen.add(path)
            shapes[shape(path)] += 1
            response = page.goto(path)  # fails here, with what sticks out, if it does not fit
            assert response is not None and response.ok, path
            problems += fit_problems(page, path)  # the same, for a page reached without goto
            for href in page.evaluate(LINKS_JS):
                target = urlsplit(urljoin(page.url, href))
                if target.netloc == urlsplit(live_server.url).netloc:
                    waiting.append(target.path + (f"?{target.query}" if target.query else ""))

        # The pages a form leads to: a report's preview with everything ticked, the page
        # that makes a link for a therapist, and the offer of a part to a couple report.
        for action in ("Preview", "Make a link", "Include my part in a couple report…"):
            page.goto("/report/")
            for box in page.locator("form input[type=checkbox]").all():
                box.check()
            page.get_by_role("button", name=action, exact=True).click()
            page.wait_for_load_state()
            problems += fit_problems(page, f"report, {action}")

        assert not problems, "\n".join(problems)
        assert len(seen) > 40, sorted(seen)
        # The walk reached the site's every part, not just a corner of it.
        for part in ("/journal/", "/wellbeing/", "/together/", "/body/", "/patterns/", "/report/"):
            assert any(path.startswith(part) for path in seen), (part, sorted(seen))
    finally:
        page.context.close()
    assert not page.csp_reports, "\n".join(page.csp_reports)
