"""Shared fixtures: named people, logged-in clients, fast key derivation for tests."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.test import Client
from django.test.signals import template_rendered

from afterwards.accounts import services
from afterwards.accounts.models import User
from afterwards.vault.keyring import UnlockedKeys
from afterwards.vault.models import Keyring
from tests import page_guard
from tests.security import log_guard

PASSPHRASE = "quiet river under morning light"


class NetworkRefused(AssertionError):
    pass


def _loopback(address: object) -> bool:
    """Whether a socket address stays on this machine (a Unix socket, or loopback)."""
    if not isinstance(address, tuple):
        return True  # a Unix socket's path
    host = str(address[0])
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a name: it would be looked up and reached over the network


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):  # type: ignore[no-untyped-def]
    """No test reaches beyond this machine: SMTP, push and anything else is faked at
    the transport. Loopback stays open for the browser tests and PostgreSQL."""
    connect = socket.socket.connect
    connect_ex = socket.socket.connect_ex

    def checked(method):  # type: ignore[no-untyped-def]
        def guarded(self, address):  # type: ignore[no-untyped-def]
            if not _loopback(address):
                raise NetworkRefused(f"a test tried to reach {address!r}")
            return method(self, address)

        return guarded

    monkeypatch.setattr(socket.socket, "connect", checked(connect))
    monkeypatch.setattr(socket.socket, "connect_ex", checked(connect_ex))


@pytest.fixture(autouse=True)
def _fast_keys(settings):  # type: ignore[no-untyped-def]
    """Argon2id at its lightest: the cost is a host setting, the maths is the same."""
    settings.VAULT_KDF_OPSLIMIT = 1
    settings.VAULT_KDF_MEMLIMIT = 8 * 1024 * 1024
    settings.PASSWORD_HASHERS = ["afterwards.accounts.hashers.LightArgon2PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def _static_collected() -> None:
    """The static files collected as `afterwards serve` collects them, once a run, so
    pages name them by their hashed names as on a served site."""
    from afterwards.host.staticfiles import static_collect

    static_collect()


@pytest.fixture(autouse=True, scope="session")
def _log_guard():  # type: ignore[no-untyped-def]
    """Every line logged and every secret made, for the check at the end of the run
    (tests/security/log_guard.py)."""
    with log_guard.watching(), log_guard.noting_secrets():
        yield


@pytest.fixture(autouse=True, scope="session")
def _page_guard_installed():  # type: ignore[no-untyped-def]
    """Every HTML page the client or the live server returns is searched for template
    syntax printed as text (tests/page_guard.py)."""
    with page_guard.watching():
        yield


@pytest.fixture(autouse=True)
def _no_template_syntax_on_pages(_page_guard_installed):  # type: ignore[no-untyped-def]
    yield
    shown = page_guard.take()
    if shown:
        pytest.fail("Template syntax printed on a page:\n  " + "\n  ".join(shown))


@dataclass
class Person:
    user: User
    keys: UnlockedKeys
    recovery_code: str
    passphrase: str
    client: Client


def create_account(username: str, passphrase: str = PASSPHRASE) -> tuple[User, UnlockedKeys, str]:
    """An account whose person ticked "I have kept my recovery code" at sign-up."""
    user, keys, code = services.account_create(username=username, email="", passphrase=passphrase)
    Keyring.objects.filter(user=user).update(recovery_code_kept=True)
    return user, keys, code


def make_person(username: str, passphrase: str = PASSPHRASE) -> Person:
    """A person with an account, logged in through the real login form."""
    user, keys, code = create_account(username, passphrase)
    client = Client()
    response = client.post("/login/", {"username": username, "passphrase": passphrase})
    assert response.status_code == 302, response.content
    return Person(user=user, keys=keys, recovery_code=code, passphrase=passphrase, client=client)


@pytest.fixture
def owner(db) -> Person:  # type: ignore[no-untyped-def]
    return make_person("robin")


@pytest.fixture
def partner(db) -> Person:  # type: ignore[no-untyped-def]
    return make_person("sam")


@pytest.fixture
def outsider(db) -> Person:  # type: ignore[no-untyped-def]
    return make_person("kit")


# --- Guard: every template is rendered by some test ------------------------------------
# Django's test environment sends `template_rendered` for every template and include,
# in this process (the browser tests' live server included). A run of the whole suite
# fails at the end if a template under afterwards/ was never rendered: a page no test
# has looked at is a page no test protects.

TEMPLATE_ROOT = Path(__file__).resolve().parent.parent / "afterwards"
_rendered: set[str] = set()


def _note_rendered(sender: object, template: object, **kwargs: object) -> None:
    name = getattr(template, "name", None)
    if name:
        _rendered.add(str(name))


template_rendered.connect(_note_rendered, dispatch_uid="tests.every_template_rendered")


def all_templates() -> set[str]:
    """Every template's name, as a loader finds it (the path under a templates folder)."""
    names = set()
    for folder in TEMPLATE_ROOT.glob("**/templates"):
        names |= {path.relative_to(folder).as_posix() for path in folder.glob("**/*.html")}
    return names


def _whole_suite(config: pytest.Config) -> bool:
    tests = Path(__file__).resolve().parent
    asked = [Path(arg.split("::")[0]).resolve() for arg in config.args]
    return (
        asked == [tests]
        and not config.option.keyword
        and not config.option.markexpr
        and not config.option.lf
    )


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    leaked = log_guard.leaks()
    if leaked:
        print("\nLogged with a secret or a day (tests/security/log_guard.py):", *leaked, sep="\n  ")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    shown = page_guard.take()  # pages a session fixture asked for, after the last test
    if shown:
        print("\nTemplate syntax printed on a page (tests/page_guard.py):", *shown, sep="\n  ")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    if exitstatus != 0 or not _whole_suite(session.config):
        return
    never = sorted(all_templates() - _rendered)
    if never:
        print("\nTemplates no test rendered (tests/conftest.py):", *never, sep="\n  ")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
