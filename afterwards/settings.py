"""The one settings module. Every value a host may change comes from the environment.

Development defaults are safe: nothing here exists only in production. docs/operations.md
describes every AFTERWARDS_* variable.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from django.utils.csp import CSP

from afterwards.env import (
    env_bool,
    env_choice,
    env_database,
    env_int,
    env_list,
    env_secret,
    env_str,
)
from afterwards.host.datafolder import data_folder_prepare

BASE_DIR = Path(__file__).resolve().parent

DATA_DIR = Path(env_str("AFTERWARDS_DATA_DIR", "data")).resolve()
# Mode 700, its files 600 whatever the umask (the umask is set here, for SQLite's own
# -wal and -shm files); one line, not a traceback, when it cannot be written.
data_folder_prepare(DATA_DIR)


def _secret_key() -> str:
    """The host's key, or one made once and kept in the data folder."""
    given = env_secret("AFTERWARDS_SECRET_KEY")
    if given:
        return given
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("AFTERWARDS_DEBUG", False)
ALLOWED_HOSTS = env_list("AFTERWARDS_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("AFTERWARDS_CSRF_TRUSTED_ORIGINS", [])

# Behind TLS (directly or through a proxy) a host sets AFTERWARDS_HTTPS=true: secure
# cookies with the __Host- prefix, HSTS and a redirect to https.
HTTPS = env_bool("AFTERWARDS_HTTPS", False)
BEHIND_PROXY = env_bool("AFTERWARDS_BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "afterwards.vault",
    "afterwards.accounts",
    "afterwards.support",
    "afterwards.journal",
    "afterwards.loss",
    "afterwards.wellbeing",
    "afterwards.guidance",
    "afterwards.couple",
    "afterwards.body",
    "afterwards.insights",
    "django_tasks_db",
    "afterwards.notify",
    "afterwards.dates",
    "afterwards.portability",
    "afterwards.report",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so that static files (an SVG opened on its own) carry the CSP too.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "afterwards.accounts.middleware.PrivatePagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "afterwards.vault.middleware.VaultMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "afterwards.couple.middleware.PartnerKeyChangedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "afterwards.urls"
WSGI_APPLICATION = "afterwards.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "afterwards.context_processors.site",
                "afterwards.demo.context.demo",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# SQLite is the embedded default: WAL for concurrent readers, synchronous=FULL so a
# committed check-in survives a power cut, IMMEDIATE transactions and a busy timeout so
# writers queue instead of failing with "database is locked". secure_delete overwrites
# what is deleted, so an erased account does not linger in free pages.
SQLITE_PATH = DATA_DIR / "afterwards.sqlite3"
_database_url = env_database("DATABASE_URL", conn_max_age=60)
DATABASES: dict[str, Any]
if _database_url:
    # PostgreSQL: a connection is kept for a minute and checked before a request reuses
    # it (so a restarted server costs no failed request). `make bench-load` measured it
    # against a connection per request: docs/performance.md, "Load over HTTP".
    DATABASES = {"default": {**_database_url, "CONN_HEALTH_CHECKS": True}}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            "OPTIONS": {
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA secure_delete=ON;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # Tests use a file, not memory, so they can prove what reaches the disk.
            "TEST": {"NAME": DATA_DIR / "test-afterwards.sqlite3"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = ["afterwards.accounts.hashers.BoundedArgon2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "afterwards.accounts.validators.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "email")},
    },
    {
        "NAME": "afterwards.accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "afterwards.accounts.validators.CommonPasswordValidator"},
    {"NAME": "afterwards.accounts.validators.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "journal:today"
LOGOUT_REDIRECT_URL = "accounts:login"

REGISTRATION = env_choice("AFTERWARDS_REGISTRATION", "open", {"open", "invite"})

# Failed logins are counted per user name AND address together, so that someone
# elsewhere cannot lock a person out of their own account.
AXES_FAILURE_LIMIT = env_int("AFTERWARDS_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("AFTERWARDS_LOGIN_COOLOFF_MINUTES", 15, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "afterwards.accounts.views.locked_out"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# No record of who logged in from where and with what browser.
AXES_DISABLE_ACCESS_LOG = True
# django-axes keeps the POST data of every failed attempt in its table, in clear. Every
# field a failed login or recovery can carry that would open or lead to an account is
# masked: the user name too (a passphrase is sometimes typed into its box), and above
# all the new passphrase typed into a recovery whose code was wrong, which is very
# likely the one the person sets next. Names are counted by keyed hash (throttle.py).
AXES_SENSITIVE_PARAMETERS = [
    "username",
    "passphrase",
    "password",
    "recovery_code",
    "new_passphrase",
    "new_passphrase_again",
    "invite_code",
    # The page a login returns to: for an invitation's link, the link itself.
    "next",
]
AXES_PASSWORD_FORM_FIELD = "passphrase"  # noqa: S105 (the name of a form field)
AXES_USERNAME_CALLABLE = "afterwards.accounts.throttle.throttle_name"
AXES_CLIENT_IP_CALLABLE = "afterwards.accounts.throttle.client_address"

# --- The vault ------------------------------------------------------------------------
# Argon2id cost for the passphrase key. Stored per person, so raising it later only
# affects new passphrases. At most VAULT_KDF_CONCURRENCY derivations run at once.
VAULT_KDF_OPSLIMIT = env_int("AFTERWARDS_KDF_OPSLIMIT", 3, minimum=1)
VAULT_KDF_MEMLIMIT = env_int("AFTERWARDS_KDF_MEMLIMIT_MIB", 64, minimum=8) * 1024 * 1024
VAULT_KDF_CONCURRENCY = env_int("AFTERWARDS_KDF_CONCURRENCY", 2, minimum=1)
# Threads per web worker of `afterwards serve`. Many more than the derivations a worker
# runs at once, so that logins waiting for a derivation's slot do not hold every thread
# and the pages of people already logged in are served beside them: with 4, fifty logins
# at once held pages back for seconds (docs/performance.md, the login storm). On
# PostgreSQL each thread may keep a connection, so workers x threads must stay under the
# server's max_connections (docs/operations.md).
WEB_THREADS = env_int("AFTERWARDS_THREADS", 32, minimum=1)

# --- Sessions and cookies -------------------------------------------------------------
SESSION_ENGINE = "afterwards.accounts.sessions"
SESSION_COOKIE_AGE = env_int("AFTERWARDS_SESSION_DAYS", 14, minimum=1) * 24 * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
SESSION_COOKIE_NAME = "__Host-session" if HTTPS else "session"
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_NAME = "__Host-csrftoken" if HTTPS else "csrftoken"
# The cookie that carries the session's vault key: never stored on the server.
VAULT_COOKIE_NAME = "__Host-vault" if HTTPS else "vault"
VAULT_COOKIE_SECURE = HTTPS

# --- Security headers -----------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = env_int("AFTERWARDS_HSTS_SECONDS", 31536000, minimum=0) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# Not preloaded, on purpose: the preload list binds every subdomain of the registrable
# domain, for months, and a household host often serves from a shared or borrowed
# domain. HSTS itself is on with HTTPS; so `check --deploy`'s preload warning is silenced
# as a decision, not an oversight.
SECURE_HSTS_PRELOAD = False
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}

# --- Static files, language, time ----------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
# Collected into the data folder at every start (`afterwards serve`, host/staticfiles.py):
# each file under a name with its content's hash, with gzip and Brotli copies beside it,
# so WhiteNoise serves them compressed and cached for a year (immutable); a new version
# of a file is a new name. A process that never collected them (a one-off command, the
# 500 page before the first start) still names and serves the files by their plain
# names, briefly cached: never a page broken for want of a manifest.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "afterwards.host.staticfiles.Storage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("AFTERWARDS_TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"

# Where "Quick exit" goes. A neutral page that looks like ordinary browsing.
QUICK_EXIT_URL = env_str("AFTERWARDS_QUICK_EXIT_URL", "https://www.bbc.co.uk/weather")
SITE_NAME = env_str("AFTERWARDS_SITE_NAME", "Afterwards")
# Every page titled "Notes" with a plain icon, for everyone; each person can also choose it.
NEUTRAL_LOOK = env_bool("AFTERWARDS_NEUTRAL_LOOK", default=False)
# A demo with made-up people (`afterwards demo` sets it): a banner on every page says so.
DEMO = env_bool("AFTERWARDS_DEMO", default=False)
# A folder of extra questionnaire files (see afterwards/wellbeing/instrument.py), read
# beside the shipped ones: for example an EPDS a host has written permission to use.
WELLBEING_INSTRUMENTS_DIR = env_str("AFTERWARDS_INSTRUMENTS_DIR", "")

# --- Reminders and the worker (afterwards/notify) --------------------------------------
# The Django Tasks API on the database: `afterwards worker` runs what is queued.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Links in e-mails point here; nothing else is in them.
BASE_URL = env_str("AFTERWARDS_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# E-mail is off unless the host names an SMTP server.
SMTP_HOST = env_str("AFTERWARDS_SMTP_HOST", "")
NOTIFY_EMAIL = bool(SMTP_HOST)
MAILERS = {
    "default": (
        {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": SMTP_HOST,
                "port": env_int("AFTERWARDS_SMTP_PORT", 587, minimum=1),
                "username": env_str("AFTERWARDS_SMTP_USER", ""),
                "password": env_secret("AFTERWARDS_SMTP_PASSWORD") or "",
                "use_tls": env_bool("AFTERWARDS_SMTP_TLS", True),
                "timeout": 30,
            },
        }
        if NOTIFY_EMAIL
        else {"BACKEND": "afterwards.notify.mail.EmailOff"}
    )
}
DEFAULT_FROM_EMAIL = env_str("AFTERWARDS_SMTP_FROM", "notes@localhost")
# Web Push is on unless the host turns it off. Its key pair is made in the data folder
# by `afterwards serve` as it starts, or named here (one key shared by several machines);
# it is read when needed (notify/vapid.py), since these settings load before serve makes it.
NOTIFY_WEBPUSH = env_bool("AFTERWARDS_WEBPUSH", True)
VAPID_PRIVATE_KEY_FILE = env_str("AFTERWARDS_VAPID_PRIVATE_KEY_FILE", "")
VAPID_PRIVATE_KEY_PATH = (
    Path(VAPID_PRIVATE_KEY_FILE).resolve()
    if VAPID_PRIVATE_KEY_FILE
    else DATA_DIR / "vapid_private.pem"
)
VAPID_SUBJECT = env_str("AFTERWARDS_VAPID_SUBJECT", f"mailto:{DEFAULT_FROM_EMAIL}")
# The push services browsers use; the worker posts to no other host ("*." is any name
# under it). AFTERWARDS_PUSH_HOSTS adds more, comma-separated, e.g. a self-hosted autopush.
NOTIFY_PUSH_HOSTS = [
    "fcm.googleapis.com",  # Chrome and most Chromium browsers
    "android.googleapis.com",  # older Chrome subscriptions
    "*.push.services.mozilla.com",  # Firefox
    "*.notify.windows.com",  # Edge on Windows
    "*.push.apple.com",  # Safari (web.push.apple.com)
    *env_list("AFTERWARDS_PUSH_HOSTS", []),
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Some paths hold a secret (a couple invitation's link, a report link) or a day (a
    # journal day, a month): every line that could show one shows [hidden] in its place
    # (afterwards/logs.py). On the loggers that log paths, so that any handler sees them
    # hidden, and on each handler of ours, for whatever other logger a path comes from.
    "filters": {"private_paths": {"()": "afterwards.logs.PrivatePaths"}},
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["private_paths"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["private_paths"],
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # django-axes would log user names and addresses of failed logins: keep it quiet.
        "axes": {"level": "ERROR"},
        # Django's defaults leave a console handler (with DEBUG) and mail_admins here,
        # without the filter; its lines reach the console above all the same.
        "django": {"handlers": [], "level": "INFO"},
        "django.request": {"filters": ["private_paths"]},
        "django.security.csrf": {"filters": ["private_paths"]},
        "django.server": {
            "handlers": ["django.server"],
            "level": "INFO",
            "propagate": False,
            "filters": ["private_paths"],
        },
        # `afterwards serve`: gunicorn's error log names a request it could not handle.
        # gunicorn adds its own handler later, and leaves this filter in place.
        "gunicorn.error": {"filters": ["private_paths"]},
    },
}
