"""Static files: named by their content's hash, compressed, kept by browsers for a year,
and under the site's CSP like every page (settings.STORAGES, host/staticfiles.py)."""

from __future__ import annotations

import re

from django.test import Client

ONE_YEAR = 365 * 24 * 3600
HASHED = re.compile(r'href="(/static/css/(?:site|fonts)\.[0-9a-f]{12}\.css)"')


def _hashed_stylesheets(client: Client) -> list[str]:
    html = client.get("/login/").content.decode()
    return HASHED.findall(html)


def _max_age(response) -> int:  # type: ignore[no-untyped-def]
    found = re.search(r"max-age=(\d+)", response.get("Cache-Control", ""))
    return int(found.group(1)) if found else 0


def test_pages_name_each_stylesheet_by_its_contents_hash(db):
    sheets = _hashed_stylesheets(Client())

    assert len(sheets) == 2, sheets
    assert any("/site." in sheet for sheet in sheets)


def test_a_hashed_file_is_kept_for_a_year_and_never_asked_for_again(db):
    client = Client()
    for path in _hashed_stylesheets(client):
        response = client.get(path)
        assert response.status_code == 200, path
        assert _max_age(response) >= ONE_YEAR, response["Cache-Control"]
        assert "immutable" in response["Cache-Control"]


def test_the_fonts_a_stylesheet_names_are_hashed_and_kept_for_a_year_too(db):
    client = Client()
    (fonts,) = [sheet for sheet in _hashed_stylesheets(client) if "/fonts." in sheet]
    css = b"".join(client.get(fonts).streaming_content).decode()  # type: ignore[attr-defined]
    files = re.findall(r'url\("([^"]+\.woff2)"\)', css)

    assert len(files) == 8
    for name in files:
        assert re.search(r"\.[0-9a-f]{12}\.woff2$", name), name
        response = client.get("/static/fonts/" + name.rsplit("/", 1)[1])
        assert response.status_code == 200, name
        assert response["Content-Type"] == "font/woff2"
        assert _max_age(response) >= ONE_YEAR


def test_text_files_are_sent_compressed_to_a_browser_that_takes_it(db):
    client = Client()
    (site,) = [sheet for sheet in _hashed_stylesheets(client) if "/site." in sheet]
    plain = client.get(site)
    size = int(plain["Content-Length"])
    for encoding in ("br", "gzip"):
        response = client.get(site, headers={"Accept-Encoding": encoding})
        assert response["Content-Encoding"] == encoding
        assert int(response["Content-Length"]) < size / 2
        assert "Accept-Encoding" in response["Vary"]


def test_static_files_carry_the_sites_csp_and_private_headers(db):
    """An SVG opened on its own is a document: it gets the pages' policy (no script, no
    framing: frame-ancestors 'none'), and like every response no sniffing, no referrer."""
    client = Client()
    page = client.get("/login/")
    for path in [*_hashed_stylesheets(client), "/static/img/daisy.svg", "/static/js/quick-exit.js"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Security-Policy"] == page["Content-Security-Policy"], path
        assert response["X-Content-Type-Options"] == "nosniff", path
        assert response["Referrer-Policy"] == "no-referrer", path


def test_a_page_still_names_its_files_where_they_were_never_collected(tmp_path, db):
    """A one-off command, or the 500 page before the first start: the plain name, which
    WhiteNoise serves from the app's folders, never a page that fails for want of a
    manifest."""
    from afterwards.host.staticfiles import Storage

    storage = Storage(location=tmp_path)
    assert storage.url("css/site.css") == "/static/css/site.css"
    assert Client().get("/static/css/site.css").status_code == 200
