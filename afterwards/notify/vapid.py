"""The server's Web Push key pair (VAPID, RFC 8292): the key every browser reminder is
signed with. A browser subscribes with the public half; its push service then takes a
push for it only when signed with the private half.

Browser reminders work with no set-up: `afterwards serve` makes the pair in the data
folder as it starts (`vapid_private.pem`, mode 600, and `vapid_public.txt`), unless the
host turned Web Push off (AFTERWARDS_WEBPUSH=false) or named a key of their own
(AFTERWARDS_VAPID_PRIVATE_KEY_FILE: on several machines, the one key all of them sign
with, or a browser subscribed on one could not be reached from another).

The key is read when it is needed, not when the settings load: they load before `serve`
makes it, and a worker started beside a first `serve` may load them before it exists. A
process keeps the public key for as long as the file is unchanged.

Two processes that start at once never make two keys: each writes its own under a
temporary name and links it into place, which only one can do; the other reads that one.
"""

from __future__ import annotations

import base64
import functools
import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings

PRIVATE_NAME = "vapid_private.pem"
PUBLIC_NAME = "vapid_public.txt"


class KeyUnusable(Exception):
    """The file is not there, cannot be read, or holds no P-256 private key."""


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _public_of(key: ec.EllipticCurvePrivateKey) -> str:
    """The public key as browsers take it: base64url of the uncompressed point."""
    raw = key.public_key().public_bytes(
        encoding=serialization.Encoding.X962,
        format=serialization.PublicFormat.UncompressedPoint,
    )
    return _b64(raw)


def public_key_of(path: Path) -> str:
    """The public half of the private key in `path` (PEM)."""
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except OSError as error:
        raise KeyUnusable(error.strerror or type(error).__name__) from None
    except (ValueError, TypeError):
        raise KeyUnusable("it holds no private key in PEM") from None
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
        raise KeyUnusable("it is not a P-256 key")
    return _public_of(key)


def _write_new(path: Path, content: bytes, *, replace: bool) -> None:
    """`content` in `path`, mode 600, whole or not at all. Without `replace`, raises
    FileExistsError when `path` exists (another process may just have made it)."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.new")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        if replace:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)  # fails if it exists: only one process makes it
    finally:
        temporary.unlink(missing_ok=True)


def keys_make(folder: Path, *, force: bool = False) -> str:
    """A new key pair in `folder`; its public key is returned. Raises FileExistsError if
    there is one already, unless `force`: browsers subscribed to the old key then stop
    receiving reminders until they are allowed again."""
    private_path = folder / PRIVATE_NAME
    if private_path.exists() and not force:
        raise FileExistsError(f"{private_path} exists; give --force to replace it")
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption(),
    )
    _write_new(private_path, pem, replace=force)
    public = _public_of(key)
    _write_new(folder / PUBLIC_NAME, f"{public}\n".encode(), replace=True)
    return public


def keys_ensure(folder: Path) -> str:
    """The key pair in `folder`, made if it is not there (by this process or by another
    starting at the same moment); its public key is returned. Raises KeyUnusable when
    the file there is no key."""
    private_path = folder / PRIVATE_NAME
    if not private_path.exists():
        try:
            return keys_make(folder)
        except FileExistsError:
            pass  # another process made it meanwhile: theirs is the key
    public = public_key_of(private_path)
    public_path = folder / PUBLIC_NAME
    try:
        written = public_path.read_text().strip()
    except OSError:
        written = ""
    if written != public:  # for the host to read; browsers get it from the page
        _write_new(public_path, f"{public}\n".encode(), replace=True)
    return public


@functools.lru_cache(maxsize=4)
def _public_cached(path: str, stamp: tuple[int, int, int]) -> str:
    try:
        return public_key_of(Path(path))
    except KeyUnusable:
        return ""


def public_key() -> str:
    """The key browsers subscribe with, or "" while Web Push is off or has no usable key."""
    if not settings.NOTIFY_WEBPUSH:
        return ""
    path = Path(settings.VAPID_PRIVATE_KEY_PATH)
    try:
        found = path.stat()
    except OSError:
        return ""
    return _public_cached(str(path), (found.st_ino, found.st_mtime_ns, found.st_size))


def push_ready() -> bool:
    """Whether this server sends browser reminders now."""
    return bool(public_key())
