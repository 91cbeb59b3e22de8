"""Headless Chromium (Debian's, never a downloaded one) against pytest-django's live server.

`audit` checks a page the way a person using a screen reader, a keyboard, voice control
or a small phone would meet it: axe-core in the light and the dark theme, the first Tab
landing on "Quick exit" (after a mistake, the focus on the error summary first), tap
targets of at least 44 px (our own rule, beyond WCAG's 24 px) and links standing alone of
at least 24 px, and every control's name starting with the words it shows.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Never let Playwright fetch a browser of its own: we only ever launch Debian's.
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

CHROMIUM = os.environ.get("AFTERWARDS_CHROMIUM", "/usr/bin/chromium")
# Playwright gives every launch a new, empty --user-data-dir of its own.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# A folder to keep a light and a dark screenshot of every audited page (off by default),
# and the window width in CSS pixels (a phone's by default).
SCREENSHOTS = os.environ.get("AFTERWARDS_SCREENSHOTS", "")
WIDTH = int(os.environ.get("AFTERWARDS_SCREEN_WIDTH", "390"))
TAP_TARGET_PX = 44

# Everything axe-core checks by default (WCAG 2.0-2.2 A and AA, and best practice), plus
# WCAG 2.2's target-size rule, which axe leaves off unless asked.
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}

# Controls a finger has to hit. Links inside running text are exempt, as in WCAG 2.5.8;
# a radio or checkbox is measured by the label that holds or names it, which takes the tap.
SMALL_TARGETS_JS = """(minimum) => {
  const small = [];
  const seen = new Set();
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && r.right > 0 && r.bottom > 0;
  };
  const describe = (el) => el.outerHTML.replace(/\\s+/g, " ").slice(0, 160);
  for (const el of document.querySelectorAll("a[href], button, input, select, textarea, summary")) {
    if (el.type === "hidden" || seen.has(el)) continue;
    let box = el;
    if (el.matches("input[type=radio], input[type=checkbox]")) {
      box = el.closest("label") || el.labels?.[0] || el;
    } else if (el.matches("a") && getComputedStyle(el).display === "inline") {
      continue;
    }
    if (!visible(box)) continue;
    seen.add(el);
    const r = box.getBoundingClientRect();
    if (r.width < minimum - 0.5 || r.height < minimum - 0.5) {
      small.push(`${Math.round(r.width)}x${Math.round(r.height)}px: ${describe(el)}`);
    }
  }
  return small;
}"""

# WCAG 2.5.8's floor, for what the rule above lets pass: a link drawn inline is exempt
# only inside a sentence. One alone in its block (a list item, a table cell, a paragraph
# of nothing but links) is a target of its own, and must be at least `minimum` px both
# ways. A link's block is its nearest ancestor not drawn inline; "a sentence" is any
# letter or digit of that block outside its links and buttons.
STANDALONE_LINKS_JS = """(minimum) => {
  const small = [];
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 1 && r.height > 1 && s.visibility !== "hidden";
  };
  const blockOf = (el) => {
    let up = el.parentElement;
    while (up && /^inline|^contents$/.test(getComputedStyle(up).display)) up = up.parentElement;
    return up || document.body;
  };
  const sentence = (block) => {
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!/[\\p{L}\\p{N}]/u.test(node.textContent) || el.closest("a[href], button")) continue;
      if (shown(el)) return true;
    }
    return false;
  };
  for (const a of document.querySelectorAll("a[href]")) {
    if (getComputedStyle(a).display !== "inline" || !shown(a) || sentence(blockOf(a))) continue;
    const r = a.getBoundingClientRect();
    if (r.width < minimum - 0.5 || r.height < minimum - 0.5) {
      const html = a.outerHTML.replace(/\\s+/g, " ").slice(0, 160);
      small.push(`${Math.round(r.width)}x${Math.round(r.height)}px: ${html}`);
    }
  }
  return small;
}"""
STANDALONE_LINK_PX = 24

# WCAG 2.5.3 Label in Name: a link or button whose name is not just the words it shows
# (an aria-label, or words hidden for screen readers) starts with those words, so that
# "click ..." in voice control finds it. Words are compared as letters and digits only,
# in lower case; a control showing no words (an icon) is not checked.
LABEL_IN_NAME_JS = """() => {
  const problems = [];
  const words = (text) => text.toLowerCase().replace(/[^\\p{L}\\p{N}]+/gu, " ").trim();
  const texts = (root, keep) => {
    const found = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      let ok = true;
      for (let el = node.parentElement; ok && el; el = el === root ? null : el.parentElement) {
        ok = keep(el);
      }
      if (ok) found.push(node.textContent);
    }
    return found.join(" ");
  };
  const drawn = (el) => {
    const s = getComputedStyle(el);
    return s.display !== "none" && s.visibility !== "hidden";
  };
  // What the eye sees: not what is cut down to a pixel for screen readers alone.
  const seen = (el) => {
    const r = el.getBoundingClientRect();
    return drawn(el) && !(r.width <= 1 && r.height <= 1);
  };
  // What a screen reader hears: not what is aria-hidden.
  const heard = (el) => drawn(el) && el.getAttribute("aria-hidden") !== "true";
  const nameOf = (el) => {
    const by = (el.getAttribute("aria-labelledby") || "").split(/\\s+/).filter(Boolean);
    if (by.length) return by.map((id) => document.getElementById(id)?.textContent || "").join(" ");
    const label = el.getAttribute("aria-label");
    if (label && label.trim()) return label;
    if (el.matches("input")) return el.value;
    return texts(el, heard);
  };
  const controls = [
    "a[href]", "button", "input[type=submit]", "input[type=button]", "[role=button]", "summary",
  ];
  for (const el of document.querySelectorAll(controls.join(", "))) {
    const r = el.getBoundingClientRect();
    if (!(r.width > 0 && r.height > 0) || !drawn(el)) continue;
    const shows = words(el.matches("input") ? el.value : texts(el, seen));
    const name = words(nameOf(el));
    if (!shows || name === shows || name.startsWith(shows + " ")) continue;
    const html = el.outerHTML.replace(/\\s+/g, " ").slice(0, 200);
    problems.push(`shows "${shows}", named "${name}": ${html}`);
  }
  return problems;
}"""

# Every id that a label, a description or an error link points to must exist: axe only
# asks for one of several aria-describedby ids, so a help text named wrongly goes unread.
BROKEN_REFERENCES_JS = """() => {
  const broken = [];
  const referring =
    "[aria-describedby], [aria-labelledby], [aria-controls], label[for], a[href^='#']";
  for (const el of document.querySelectorAll(referring)) {
    const ids = el.matches("label") ? [el.htmlFor]
      : el.matches("a") ? [decodeURIComponent(el.getAttribute("href").slice(1))].filter(Boolean)
      : ["aria-describedby", "aria-labelledby", "aria-controls"].flatMap(
          (name) => (el.getAttribute(name) || "").split(/\\s+/).filter(Boolean));
    for (const id of ids) {
      if (!document.getElementById(id)) {
        const html = el.outerHTML.replace(/\\s+/g, " ").slice(0, 160);
        broken.push(`#${id} is missing, named by ${html}`);
      }
    }
  }
  return broken;
}"""


# The phone widths every page must fit: a small phone's and a common one's.
PHONE_WIDTHS = (320, 390)

# Opens every <details> on the page (marking the ones that were closed, to close them
# again after) and waits for the app's own typeface, so what is measured is the page as
# its widest and as it is drawn everywhere.
OPEN_ALL_JS = """async () => {
  for (const el of document.querySelectorAll("details:not([open])")) {
    el.open = true;
    el.dataset.fitCheckOpened = "1";
  }
  await document.fonts.ready;
}"""
CLOSE_AGAIN_JS = """() => {
  for (const el of document.querySelectorAll("details[data-fit-check-opened]")) {
    el.open = false;
    delete el.dataset.fitCheckOpened;
  }
}"""
# What reaches past the right edge of a `width`-wide screen: the page's own width, the
# elements that stick out (not counting what is inside a box that scrolls), and the
# Quick exit button's box, which must stay wholly on the screen.
MEASURE_JS = """(width) => {
  const scrolls = (el) => {
    for (let up = el.parentElement; up; up = up.parentElement) {
      const s = getComputedStyle(up);
      if (["auto", "scroll", "hidden", "clip"].includes(s.overflowX) && up !== document.body
          && up !== document.documentElement) return true;
    }
    return false;
  };
  const wide = [];
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right + window.scrollX > width + 0.5 && !scrolls(el)) {
      const html = el.outerHTML.replace(/\\s+/g, " ").slice(0, 120);
      wide.push(`${Math.round(r.right + window.scrollX)}px: ${html}`);
    }
  }
  const exit = document.getElementById("quick-exit");
  const box = exit ? exit.getBoundingClientRect() : null;
  return {
    page: document.documentElement.scrollWidth,
    wide: wide.slice(0, 5),
    exit: box && {left: box.left, right: box.right, top: box.top, bottom: box.bottom},
  };
}"""


def fit_problems(page: Any, name: str = "") -> list[str]:
    """Every way the page, with every <details> opened, fails to fit a phone at
    PHONE_WIDTHS: wider than the screen, or Quick exit off it; and, at 390 px, a link
    standing alone smaller than 24 px (STANDALONE_LINKS_JS). The page is left as it was
    found (its size, its closed sections, where it was scrolled)."""
    where = name or page.url
    before = page.viewport_size
    scrolled = page.evaluate("() => [window.scrollX, window.scrollY]")
    problems: list[str] = []
    page.evaluate(OPEN_ALL_JS)
    try:
        for width in PHONE_WIDTHS:
            page.set_viewport_size({"width": width, "height": before["height"]})
            found = page.evaluate(MEASURE_JS, width)
            if found["page"] > width or found["wide"]:
                problems.append(
                    f"[{where}, {width}px, every section open] the page is {found['page']}px "
                    "wide, and these reach past the screen's edge:\n    "
                    + "\n    ".join(found["wide"])
                )
            exit = found["exit"]
            if exit and (exit["left"] < 0 or exit["right"] > width or exit["top"] < 0):
                problems.append(
                    f"[{where}, {width}px, every section open] Quick exit is off the "
                    f"screen at x {exit['left']:.0f}-{exit['right']:.0f}, y {exit['top']:.0f}"
                )
            if width == 390:
                small = page.evaluate(STANDALONE_LINKS_JS, STANDALONE_LINK_PX)
                if small:
                    problems.append(
                        f"[{where}, {width}px, every section open] links standing alone "
                        f"smaller than {STANDALONE_LINK_PX}px:\n    " + "\n    ".join(small)
                    )
    finally:
        page.set_viewport_size(before)
        page.evaluate(CLOSE_AGAIN_JS)
        page.evaluate("([x, y]) => window.scrollTo(x, y)", scrolled)
    return problems


def name_problems(page: Any, name: str = "") -> list[str]:
    """Every link or button whose name does not start with the words it shows
    (LABEL_IN_NAME_JS)."""
    found = page.evaluate(LABEL_IN_NAME_JS)
    if not found:
        return []
    where = name or page.url
    return [f"[{where}] names that do not start with the words shown:\n    " + "\n    ".join(found)]


def checking_fit(page: Any) -> Any:
    """The page, whose every `goto` of an HTML page checks that it fits a phone with
    every section open (fit_problems) and that its controls' names start with the words
    they show (name_problems), failing there and then if not."""
    goto = page.goto

    def goto_and_check(url: str, **options: Any) -> Any:
        response = goto(url, **options)
        kind = response.headers.get("content-type", "") if response else ""
        if kind.startswith("text/html"):
            problems = fit_problems(page) + name_problems(page)
            assert not problems, "\n".join(problems)
        return response

    page.goto = goto_and_check
    return page


@pytest.fixture(scope="package", autouse=True)
def _django_beside_playwright() -> Iterator[None]:
    """Playwright's sync API runs an event loop in this thread, and Django then refuses
    database access from the test itself (fixtures, assertions, flushes). Allowed here
    only, and taken back after the last browser test: other tests run `manage.py check
    --deploy`, which rightly fails while DJANGO_ALLOW_ASYNC_UNSAFE is set."""
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if before is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture(scope="session", autouse=True)
def _static_files_served_as_on_a_site() -> Iterator[None]:
    """pytest-django's live server answers /static/ itself, from Django's finders, which
    know only the plain names; pages name the collected, hashed ones (host/staticfiles.py)
    and every stylesheet, font and script was a 404. Passed through instead, WhiteNoise
    serves them, as on a served site."""
    from django.contrib.staticfiles import handlers

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(handlers, "StaticFilesHandler", lambda application: application)
        yield


@pytest.fixture(scope="package")
def browser(_django_beside_playwright) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    if not Path(CHROMIUM).exists():
        # Like PostgreSQL in scripts/test: required in CI, a loud skip elsewhere.
        why = (
            f"Chromium is not at {CHROMIUM}: install Debian's chromium package "
            "(.ci/run does) or set AFTERWARDS_CHROMIUM."
        )
        if os.environ.get("CI") == "true":
            pytest.fail(why)
        pytest.skip(why)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser: Any, base_url: str, **options: Any) -> Any:
    """A fresh context (no cookies), a phone-sized window, the app's CSP left in force.

    Any Content Security Policy report in the console, and any script error, is kept on
    `page.csp_reports`; the `page` fixture fails the test if there are any.
    """
    settings = {
        "base_url": base_url,
        "color_scheme": "light",
        "viewport": {"width": WIDTH, "height": 844},
        "locale": "en-GB",
    }
    settings.update(options)
    context = browser.new_context(**settings)
    context.set_default_timeout(10_000)
    page = context.new_page()
    reports: list[str] = []

    def on_console(message: Any) -> None:
        if "Content Security Policy" in message.text:
            reports.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: reports.append(f"{page.url}: script error: {error}"))
    page.csp_reports = reports
    return checking_fit(page)


@pytest.fixture
def page(browser, live_server) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    page = new_page(browser, live_server.url)
    try:
        yield page
    finally:
        page.context.close()
    assert not page.csp_reports, "A page broke its CSP or a script failed:\n" + "\n".join(
        page.csp_reports
    )


# Whether the page's error summary has the focus (None: the page has none).
ERROR_SUMMARY_FOCUSED_JS = """() => {
  const summary = document.querySelector("[data-error-summary]");
  return summary ? summary === document.activeElement : null;
}"""
# The next Tab starts from the top of the page, as when it has just opened: a blur()
# alone leaves Chromium's starting point where the focus was.
FOCUS_FROM_THE_TOP_JS = """() => {
  document.activeElement?.blur();
  const start = document.createElement("span");
  start.tabIndex = -1;
  document.body.prepend(start);
  start.focus();
  start.remove();
}"""


class Auditor:
    """Collects every problem on every page, so one run shows them all."""

    def __init__(self) -> None:
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe()
        self.problems: list[str] = []
        self.pages: list[str] = []

    def __call__(self, page: Any, name: str) -> None:
        page.wait_for_load_state("load")
        self.pages.append(name)
        self._first_tab(page, name)
        self.problems.extend(fit_problems(page, name))
        self.problems.extend(name_problems(page, name))
        broken = page.evaluate(BROKEN_REFERENCES_JS)
        if broken:
            self.problems.append(
                f"[{name}] references to ids that are not on the page:\n  " + "\n  ".join(broken)
            )
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            self._axe(page, name, scheme)
            small = page.evaluate(SMALL_TARGETS_JS, TAP_TARGET_PX)
            if small:
                self.problems.append(
                    f"[{name}, {scheme}] tap targets smaller than {TAP_TARGET_PX}px:\n  "
                    + "\n  ".join(small)
                )
            if SCREENSHOTS:
                folder = Path(SCREENSHOTS)
                folder.mkdir(parents=True, exist_ok=True)
                slug = "".join(c if c.isalnum() else "-" for c in name.lower())
                page.screenshot(path=folder / f"{slug}-{scheme}.png", full_page=True)
        page.emulate_media(color_scheme="light")

    def _first_tab(self, page: Any, name: str) -> None:
        # Audited straight after it loads, so nothing has been focused on this page yet,
        # unless it came back with a mistake: then its error summary has the focus, and
        # the first Tab is tried again from the top of the page.
        summary = page.evaluate(ERROR_SUMMARY_FOCUSED_JS)
        if summary is not None:
            if not summary:
                self.problems.append(f"[{name}] the error summary does not have the focus")
            page.evaluate(FOCUS_FROM_THE_TOP_JS)
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const el = document.activeElement;"
            " return el ? (el.id || '') + ' | ' + (el.textContent || '').trim() : ''; }"
        )
        if focused != "quick-exit | Quick exit":
            self.problems.append(
                f"[{name}] the first Tab focused {focused!r}, not the Quick exit link"
            )
        page.evaluate("() => document.activeElement?.blur()")

    def _axe(self, page: Any, name: str, scheme: str) -> None:
        results = self.axe.run(page, options=AXE_OPTIONS).response
        for violation in results["violations"]:
            lines = [
                f"[{name}, {scheme}] {violation['id']} ({violation['impact']}): "
                f"{violation['help']}  <{violation['helpUrl']}>"
            ]
            for node in violation["nodes"]:
                lines.append(f"  at {' '.join(map(str, node['target']))}")
                lines.append(f"     {' '.join(node['html'].split())[:200]}")
                for summary_line in (node.get("failureSummary") or "").splitlines():
                    lines.append(f"     {summary_line.strip()}")
            self.problems.append("\n".join(lines))

    def report(self) -> str:
        return (
            f"{len(self.problems)} accessibility problem(s) on "
            f"{len(self.pages)} page(s) audited:\n\n" + "\n\n".join(self.problems)
        )

    def assert_clean(self) -> None:
        assert not self.problems, self.report()


@pytest.fixture
def audit() -> Iterator[Auditor]:
    auditor = Auditor()
    yield auditor
    if auditor.problems:  # the test stopped before asserting: still show what was found
        print(auditor.report())
