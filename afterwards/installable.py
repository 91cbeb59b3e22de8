"""The site as an app a person installs from the browser: the manifest, and what the
service worker keeps.

The manifest is a view (afterwards/views.py), not a static file: with the neutral look
its name, short name and icons are "Notes" and the plain page, and the person's light
or dark choice gives its colours, both known only from the request (this device's
cookies, or the logged-in person's profile). Two static manifests picked by base.html
would do for the look but not for the theme, and a browser could keep either for a
year under its hashed name after the person changed their mind.

The service worker (templates/sw.js, served at /sw.js so that its scope is the whole
site) keeps ONLY the static shell below, under the hashed names WhiteNoise serves:
never a page, never a response marked no-store, nothing from outside /static/. Its
offline page is no page of the site either: templates/offline.html, rendered without a
request (so it can hold no one's name, token or look) into the worker's own script.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template import loader
from django.templatetags.static import static
from django.utils.csp import build_policy

from afterwards.accounts.profile import NEUTRAL_TITLE

STATIC = Path(__file__).resolve().parent / "static"

# The page's background in each theme (site.css --bg): the splash screen and the
# browser's bar then match the page.
COLOURS = {"light": "#fbf8f3", "dark": "#1c1a17"}
START_URL = "/journal/day/"  # Today; logged out, it leads to the login page

# Fetched when the worker installs: what the offline page needs to be drawn in the
# app's own type, and Quick exit's script.
PRECACHE = (
    "css/fonts.css",
    "css/site.css",
    "fonts/atkinson-hyperlegible-next-latin-400-normal.woff2",
    "fonts/atkinson-hyperlegible-next-latin-700-normal.woff2",
    "js/quick-exit.js",
)
# Kept the first time a page asks for one: the rest of the type, the icons, this file's
# script. Nothing else is ever stored.
SHELL_GLOBS = ("css/*.css", "fonts/*.woff2", "img/*.svg", "img/icons/*.png", "js/quick-exit.js")
SHELL_EXTRA = ("js/offline.js",)


def shell_files() -> list[str]:
    """The static names (not yet hashed) the worker may keep, PRECACHE first."""
    found = {
        path.relative_to(STATIC).as_posix()
        for pattern in SHELL_GLOBS
        for path in STATIC.glob(pattern)
    }
    found.update(SHELL_EXTRA)
    rest = sorted(found - set(PRECACHE))
    return [*PRECACHE, *rest]


def manifest(*, neutral: bool, theme: str) -> dict[str, Any]:
    """The web app manifest. No description: an installed app's description shows in a
    phone's app settings, where the name alone is discreet enough."""
    name = NEUTRAL_TITLE if neutral else settings.SITE_NAME
    icon = "notes" if neutral else "daisy"
    colour = COLOURS["dark" if theme == "dark" else "light"]
    icons: list[dict[str, str]] = [
        {"src": static(f"img/{icon}.svg"), "sizes": "any", "type": "image/svg+xml"}
    ]
    for size in (192, 512):
        icons.append(
            {
                "src": static(f"img/icons/{icon}-{size}.png"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": "any",
            }
        )
        icons.append(
            {
                "src": static(f"img/icons/{icon}-maskable-{size}.png"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": "maskable",
            }
        )
    return {
        # One id whatever the look, so that choosing "Notes" renames the installed app
        # rather than making a second one.
        "id": "/",
        "name": name,
        "short_name": name if len(name) <= 12 else name.split()[0][:12],
        "lang": "en",
        "dir": "ltr",
        "start_url": START_URL,
        "scope": "/",
        "display": "standalone",
        "background_color": colour,
        "theme_color": colour,
        "icons": icons,
    }


def worker_script() -> str:
    """The service worker's script: the same for everyone, naming no one."""
    names = shell_files()
    shell = [static(name) for name in names]
    precache = shell[: len(PRECACHE)]
    offline_page = loader.get_template("offline.html").render({})
    csp = build_policy(settings.SECURE_CSP)
    quick_exit = settings.QUICK_EXIT_URL
    # A new static file, offline page or policy is a new script: the browser installs it
    # and the new worker drops the old shell.
    version = hashlib.sha256(
        json.dumps([shell, offline_page, csp, quick_exit]).encode()
    ).hexdigest()[:16]
    context = {
        "version": version,
        "precache": json.dumps(precache),
        "shell": json.dumps(shell),
        "offline_page": json.dumps(offline_page),
        "csp": json.dumps(csp),
        "quick_exit_url": json.dumps(quick_exit),
    }
    return loader.get_template("sw.js").render(context)
