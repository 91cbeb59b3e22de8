"""No page makes the browser ask another host for anything.

A font, a script or an image from elsewhere would tell a third party who reads this site
and when. Links a person chooses to follow (help lines, the quick-exit site) are
navigation, not requests, and are allowed; everything the browser would fetch or send on
its own must stay on this host.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from django.contrib.staticfiles import finders
from django.test import Client
from django.utils import timezone

from tests.security.conftest import signup

CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)""", re.IGNORECASE)
CSS_IMPORT = re.compile(r"""@import\s+['"]([^'"]+)""", re.IGNORECASE)
ABSOLUTE_URL = re.compile(r"""(?:https?:)?//[a-z0-9.-]+""", re.IGNORECASE)
# Attributes whose URL the browser loads or submits to without a click on a link.
FETCHING = {"src", "action", "formaction", "poster", "data", "background", "ping", "manifest"}


def is_elsewhere(url: str) -> bool:
    """True for anything not a path on this host: another host, or any scheme at all."""
    url = url.strip()
    if not url or url.startswith("#"):
        return False
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc) or url.startswith("//") or url.startswith("\\")


class References(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._inside: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._inside = tag if tag in {"script", "style"} else None
        for name, value in attrs:
            if value is None:
                continue
            if name in FETCHING or (name == "href" and tag in {"link", "base"}):
                self.found.append(f"<{tag} {name}>: {value}")
            elif name in {"srcset", "imagesrcset"}:
                for candidate in value.split(","):
                    if candidate.strip():
                        self.found.append(f"<{tag} {name}>: {candidate.split()[0]}")
            elif name == "style":
                self.found += [f"<{tag} style>: {url}" for url in CSS_URL.findall(value)]
            elif name in {"href", "xlink:href"} and tag not in {"a", "area"}:
                self.found.append(f"<{tag} {name}>: {value}")
            elif tag == "meta" and name == "content" and "url=" in value.lower():
                self.found.append(f"<meta refresh>: {value.lower().split('url=', 1)[1]}")

    def handle_endtag(self, tag: str) -> None:
        self._inside = None

    def handle_data(self, data: str) -> None:
        if self._inside == "style":
            self.found += [f"<style> url(): {url}" for url in CSS_URL.findall(data)]
            self.found += [f"<style> @import: {url}" for url in CSS_IMPORT.findall(data)]
        if self._inside in {"script", "style"}:
            self.found += [f"<{self._inside}>: {url}" for url in ABSOLUTE_URL.findall(data)]


def references(html: str) -> list[str]:
    parser = References()
    parser.feed(html)
    return parser.found


def offending(html: str) -> list[str]:
    return [ref for ref in references(html) if is_elsewhere(ref.split(": ", 1)[1])]


def _pages(client: Client, paths: list[str]) -> dict[str, str]:
    pages = {}
    for path in paths:
        response = client.get(path, follow=True)
        assert response.status_code in {200, 400, 404}, path
        pages[path] = response.content.decode()
        for name in ("Link", "Refresh", "Location"):
            assert not is_elsewhere(response.get(name, "").strip("<>")), (path, name)
    return pages


def _assert_nothing_elsewhere(pages: dict[str, str]) -> None:
    for path, html in pages.items():
        refs = references(html)
        assert any("css/site." in ref for ref in refs), f"{path}: the scan saw no stylesheet"
        assert offending(html) == [], path


def test_anonymous_pages_load_nothing_from_elsewhere(db):
    pages = _pages(Client(), ["/", "/login/", "/signup/", "/recover/", "/help/"])
    _assert_nothing_elsewhere(pages)


def test_logged_in_pages_load_nothing_from_elsewhere(owner):
    today = timezone.localdate().isoformat()
    owner.client.post(f"/journal/day/{today}/", {"mood": "3", "note": "see https://x.example"})
    pages = _pages(
        owner.client,
        [
            f"/journal/day/{today}/",
            "/journal/day/2020-01-01/",
            "/journal/day/?day=nonsense",
            "/journal/",
            "/journal/?month=2020-01",
            "/account/",
            "/account/passphrase/",
            "/account/delete/",
        ],
    )
    _assert_nothing_elsewhere(pages)


def test_recovery_code_page_loads_nothing_from_elsewhere(db):
    client = Client()
    signup(client, "plover", "a long enough passphrase for tests")
    _assert_nothing_elsewhere(_pages(client, ["/signup/recovery-code/"]))


def test_links_out_are_only_navigation(db):
    """The help lines point elsewhere, as plain links; quick exit goes through our own
    /quick-exit/, which ends the session and then redirects to the neutral site."""
    html = Client().get("/help/").content.decode()
    assert 'href="/quick-exit/"' in html
    assert "https://findahelpline.com" in html
    assert offending(html) == []


def _static_files() -> list[Path]:
    files = []
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            files.append(Path(storage.path(path)))
    return files


def test_static_files_load_nothing_from_elsewhere():
    files = _static_files()
    assert any(path.suffix == ".css" for path in files)
    assert any(path.suffix == ".js" for path in files)
    for path in files:
        if path.suffix not in {".css", ".js", ".svg", ".html", ".json", ".webmanifest"}:
            continue
        text = path.read_text(encoding="utf-8")
        found: list[str] = []
        if path.suffix == ".css":
            found += CSS_URL.findall(text) + CSS_IMPORT.findall(text)
            found += ABSOLUTE_URL.findall(text)
        elif path.suffix == ".js":
            found += ABSOLUTE_URL.findall(text)
            found += re.findall(r"""\bimport\s*\(?\s*['"]([^'"]+)""", text)
        else:
            # SVG and other markup: any reference may load (xlink:href, style url()).
            found += [ref.split(": ", 1)[1] for ref in references(text)]
            found += re.findall(r"""(?:xlink:)?href\s*=\s*['"]([^'"]+)""", text)
        elsewhere = [url for url in found if is_elsewhere(url)]
        assert elsewhere == [], f"{path.name}: {elsewhere}"


def test_the_scanner_catches_what_it_should():
    html = """<html><head>
      <link rel="stylesheet" href="https://cdn.example/x.css">
      <link rel="preconnect" href="//fonts.example">
      <script src="https://js.example/a.js"></script>
      <script>fetch("https://track.example/p")</script>
      <style>body { background: url('https://img.example/b.png') }</style>
      <style>@import "https://css.example/c.css";</style>
    </head><body style="background:url(http://img.example/s.png)">
      <img src="/static/ok.png" srcset="/static/ok.png 1x, https://img.example/2x.png 2x">
      <form action="https://post.example/"><button formaction="//post2.example/">x</button></form>
      <a href="https://help.example/">navigation is fine</a>
      <iframe src="data:text/html,hi"></iframe>
    </body></html>"""
    bad = offending(html)
    for host in [
        "cdn",
        "fonts",
        "js.example",
        "track",
        "img.example/b",
        "css.example",
        "img.example/s",
        "img.example/2x",
        "post.example",
        "post2",
        "data:",
    ]:
        assert any(host in ref for ref in bad), host
    assert not any("help.example" in ref for ref in bad)
    assert not any("/static/ok.png" == ref.split(": ", 1)[1] for ref in bad)
