"""The manifest and the service worker's script, through the test client: the manifest
in the device's look and theme, the worker the same for everyone and keeping only the
static shell. Chromium's side is in tests/e2e/test_installable.py."""

from __future__ import annotations

import gzip
import json
import re

from django.contrib.staticfiles import finders
from django.templatetags.static import static

from afterwards import installable

MANIFEST = "/manifest.webmanifest"
WORKER = "/sw.js"


def test_the_manifest_names_the_site_and_starts_at_today(client, db):
    response = client.get(MANIFEST)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    assert "manifest-src 'self'" in response["Content-Security-Policy"]
    manifest = json.loads(response.content)
    assert manifest["name"] == manifest["short_name"] == "Afterwards"
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == (
        "/journal/day/",
        "/",
        "standalone",
    )
    assert manifest["theme_color"] == manifest["background_color"] == "#fbf8f3"
    assert "description" not in manifest
    sources = [icon["src"] for icon in manifest["icons"]]
    assert sources == [
        static("img/daisy.svg"),
        static("img/icons/daisy-192.png"),
        static("img/icons/daisy-maskable-192.png"),
        static("img/icons/daisy-512.png"),
        static("img/icons/daisy-maskable-512.png"),
    ]
    for name in ("daisy-192", "daisy-maskable-192", "daisy-512", "daisy-maskable-512"):
        assert finders.find(f"img/icons/{name}.png")


def test_with_notes_kept_on_the_device_the_manifest_says_notes(client, db):
    client.cookies["look"] = "notes"

    manifest = json.loads(client.get(MANIFEST).content)

    assert manifest["name"] == manifest["short_name"] == "Notes"
    assert all("/notes" in icon["src"] for icon in manifest["icons"])
    assert "daisy" not in json.dumps(manifest) and "Afterwards" not in json.dumps(manifest)


def test_with_notes_in_the_persons_profile_or_for_everyone_it_says_notes(owner, client, settings):
    owner.client.post("/account/preferences/", {"country": "", "neutral_look": "on"})
    owner.client.cookies.pop("look")  # a device that has not kept it yet
    assert json.loads(owner.client.get(MANIFEST).content)["name"] == "Notes"

    settings.NEUTRAL_LOOK = True
    assert json.loads(client.get(MANIFEST).content)["name"] == "Notes"


def test_dark_chosen_on_the_device_gives_the_manifest_dark_colours(client, db):
    client.cookies["theme"] = "dark"

    manifest = json.loads(client.get(MANIFEST).content)

    assert manifest["theme_color"] == manifest["background_color"] == "#1c1a17"


def test_the_colours_are_the_pages_own_backgrounds():
    path = finders.find("css/site.css")
    assert path
    css = open(path, encoding="utf-8").read()
    backgrounds = re.findall(r"--bg: (#[0-9a-f]{6});", css)
    assert installable.COLOURS["light"] == backgrounds[0]
    assert installable.COLOURS["dark"] in backgrounds[1:]


def test_every_page_links_the_manifest_and_colours_the_browsers_bar(client, db):
    page = client.get("/login/").content.decode()

    assert (
        '<link rel="manifest" href="/manifest.webmanifest" crossorigin="use-credentials">' in page
    )
    assert (
        '<meta name="theme-color" content="#fbf8f3" media="(prefers-color-scheme: light)">' in page
    )
    assert (
        '<meta name="theme-color" content="#1c1a17" media="(prefers-color-scheme: dark)">' in page
    )
    assert f'src="{static("js/offline.js")}" data-worker="/sw.js"' in page
    client.cookies["theme"] = "dark"
    page = client.get("/login/").content.decode()
    assert '<meta name="theme-color" content="#1c1a17">' in page
    assert '<meta name="color-scheme" content="dark">' in page


def _shell_in(script: str) -> list[str]:
    found = re.search(r"^var SHELL = new Set\((\[.*\])\);$", script, re.M)
    assert found
    return list(json.loads(found.group(1)))


def test_the_worker_keeps_only_static_files_under_their_served_names(client, db):
    response = client.get(WORKER)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    assert "default-src 'none'" in response["Content-Security-Policy"]
    script = response.content.decode()
    shell = _shell_in(script)
    assert shell == [static(name) for name in installable.shell_files()]
    assert all(url.startswith("/static/") for url in shell)
    assert static("css/site.css") in shell and static("img/icons/daisy-512.png") in shell
    for name in installable.PRECACHE:
        assert finders.find(name), name


def test_the_worker_is_the_same_for_everyone_and_names_no_one(client, owner, settings):
    settings.NEUTRAL_LOOK = False
    anyone = client.get(WORKER).content
    owner.client.post("/account/preferences/", {"country": "GB", "neutral_look": "on"})

    theirs = owner.client.get(WORKER).content

    assert theirs == anyone
    assert owner.user.username.encode() not in theirs
    assert b"csrfmiddlewaretoken" not in theirs


def test_the_offline_page_names_neither_the_person_nor_the_site(client, db):
    script = client.get(WORKER).content.decode()
    found = re.search(r"^var OFFLINE_PAGE = (.*);$", script, re.M)
    assert found
    page = json.loads(found.group(1))

    assert "<title>You are offline</title>" in page and 'id="quick-exit"' in page
    assert "Afterwards" not in page and "daisy" not in page
    assert static("css/site.css") in page


def test_the_worker_is_compressed_for_a_browser_that_takes_gzip(client, db):
    # A browser asks for it with every page it opens, to look for a new version.
    plain = client.get(WORKER)
    packed = client.get(WORKER, HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    assert len(packed.content) < len(plain.content) / 2
    assert gzip.decompress(packed.content) == plain.content
