"""A link a therapist can open, for a while, with a code passed on separately.

    link  = /r/<id>/<secret>/          id: 16 random bytes, secret: 32 random bytes
    code  = 8 of 30 symbols without look-alikes (30^8: about 39 bits), shown once
    key   = BLAKE2b(key = secret, "report-link|" + Argon2id(code, salt = BLAKE2b(secret)))
    row   = HMAC(server key, id + "/" + secret), seal(key, envelope, AAD = the HMAC),
            its dates, a count of wrong codes and whether it holds the partner's part
    envelope = "report-link/1 " + the file's name + "\n" + PDF

The file's name (report-<from>-<to>.pdf, or couple-report-…) is sealed with the PDF,
so whoever opens the link gets the same neutral name as a download, while the row still
holds no period. A link sealed before the name was (a bare PDF) opens as report.pdf.

The server keeps neither the id, the secret nor the code, so the rows alone (a stolen
backup, the host) open nothing: the PDF's key exists only in the link and the code
together. The secret has 256 bits; the code is stretched with Argon2id at libsodium's
interactive cost, so someone who has the row and the link too (a proxy's log, a
browser's history) still pays one Argon2id per guess at a code of about 39 bits.
Derivations take the vault's slots (crypto.kdf_slot, VAULT_KDF_CONCURRENCY), and only a
live link's own URL starts one. Wrong codes are counted per link, and the tenth revokes it.
The row is found by the whole link, id and secret together, so only someone holding the
link can count a wrong code: its id with any other secret finds no row, as an unknown
link does, and can neither close it nor start a derivation.

What each link holds (its period, and whether it is a couple report) is not in the row:
only whether its PDF holds the partner's part (`holds_partner_part`, in clear, so that
the partner taking it out, pausing, leaving or deleting their account closes the link at
once: `partner_part_links_revoke`). The rest is sealed in the owner's vault, one entry
(`KIND`, index `INDEX`) mapping each row's own id (never the link's id) to its period,
so only the owner's session can list it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import nacl.pwhash
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from afterwards.couple.models import Member
from afterwards.report.models import ReportLink
from afterwards.vault import crypto
from afterwards.vault import services as vault
from afterwards.vault.keyring import UnlockedKeys

KIND = "report_links"  # the owner's sealed list of what each link holds
INDEX = "report_links"
DAYS_DEFAULT = 14
DAYS_MAX = 30
WRONG_CODES_MAX = 10
# Crockford's base32 without 0, 1 and the letters taken for them (O, I, L) nor U.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 8
SECRET_BYTES = 32
# libsodium's interactive cost (2 passes, 64 MiB): a fixed part of the link's format.
LINK_KDF = crypto.KdfParams(
    opslimit=nacl.pwhash.argon2id.OPSLIMIT_INTERACTIVE,
    memlimit=nacl.pwhash.argon2id.MEMLIMIT_INTERACTIVE,
)


# What a link seals: a line naming the PDF's file, then the PDF.
ENVELOPE = b"report-link/1 "
FILENAME = re.compile(r"(couple-)?report(-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2})?\.pdf")
FILENAME_UNNAMED = "report.pdf"


@dataclass(frozen=True)
class Opened:
    """What a link opens to: the PDF and the name of its file."""

    pdf: bytes
    filename: str


def envelope_seal(pdf: bytes, filename: str) -> bytes:
    """The plaintext a link seals: the file's name (neutral, as a download's) and the PDF."""
    if not FILENAME.fullmatch(filename):
        raise ValueError(f"{filename!r} is not a report's file name")
    return ENVELOPE + filename.encode("ascii") + b"\n" + pdf


def envelope_open(plain: bytes) -> Opened:
    """The PDF and its file's name; a bare PDF (sealed before names were) is report.pdf."""
    if not plain.startswith(ENVELOPE):
        return Opened(plain, FILENAME_UNNAMED)
    head, _, pdf = plain[len(ENVELOPE) :].partition(b"\n")
    name = head.decode("ascii", errors="replace")
    return Opened(pdf, name if FILENAME.fullmatch(name) else FILENAME_UNNAMED)


@dataclass(frozen=True)
class NewLink:
    link: ReportLink
    path: str  # /r/<id>/<secret>/
    code: str  # "ABCD-EFGH", shown once


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes | None:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except ValueError:
        return None


def _lookup_key() -> bytes:
    return hashlib.sha256(b"report-link|" + settings.SECRET_KEY.encode()).digest()


def lookup_for(link_id: str, secret: str) -> str:
    """What finds a link's row: a keyed hash of its id and its secret, as the URL has them."""
    return hmac.new(_lookup_key(), f"{link_id}/{secret}".encode(), hashlib.sha256).hexdigest()


def lookup_by_id(link_id: str) -> str:
    """How a link made before the secret was part of the lookup is found: by its id alone
    (ids hold no "/", so the two never meet). Such links are gone DAYS_MAX days after
    the change, and this with them."""
    return hmac.new(_lookup_key(), link_id.encode(), hashlib.sha256).hexdigest()


def code_normalise(code: str) -> str:
    """What a person typed, as the code: case, spaces and dashes do not matter."""
    return code.strip().upper().replace("-", "").replace(" ", "")


def _key(secret: bytes, code: str) -> bytes:
    """The PDF's key: the code stretched with Argon2id (salted by the secret), then keyed
    by the whole secret. One derivation per call, in one of the vault's slots."""
    salt = crypto.keyed_hash(secret, b"report-link-salt", size=crypto.SALT_BYTES)
    stretched = crypto.derive_from_passphrase(code, salt, LINK_KDF)
    return crypto.keyed_hash(secret, b"report-link|" + stretched, size=crypto.KEY_BYTES)


def report_links_purge(*, now: datetime | None = None) -> int:
    """Delete every link past its expiry, anyone's; the worker may call it too."""
    deleted, _ = ReportLink.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted


@dataclass(frozen=True)
class Sealed:
    """A PDF sealed for a new link, not yet stored: the slow part, done before any lock."""

    link_id: str
    secret: bytes
    code: str
    lookup: str
    ciphertext: bytes


def report_link_seal(pdf: bytes, *, filename: str = FILENAME_UNNAMED) -> Sealed:
    """The PDF sealed, with its file's name (`envelope_seal`), under a new secret and code."""
    plain = envelope_seal(pdf, filename)
    link_id = _b64(secrets.token_bytes(16))
    secret = secrets.token_bytes(SECRET_BYTES)
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    lookup = lookup_for(link_id, _b64(secret))
    ciphertext = crypto.seal(_key(secret, code), plain, aad=lookup.encode())
    return Sealed(link_id, secret, code, lookup, ciphertext)


def report_link_store(
    *, owner: Any, sealed: Sealed, days: int = DAYS_DEFAULT, holds_partner_part: bool = False
) -> NewLink:
    """The link's row. `holds_partner_part`: the PDF holds the owner's partner's part, so
    the partner taking it out, pausing, leaving or deleting their account closes it
    (`partner_part_links_revoke`)."""
    if not 1 <= days <= DAYS_MAX:
        raise ValueError(f"{days} days is not between 1 and {DAYS_MAX}")
    report_links_purge()
    link = ReportLink.objects.create(
        owner=owner,
        lookup=sealed.lookup,
        ciphertext=sealed.ciphertext,
        expires_at=timezone.now() + timedelta(days=days),
        holds_partner_part=holds_partner_part,
    )
    code = sealed.code
    return NewLink(link, f"/r/{sealed.link_id}/{_b64(sealed.secret)}/", f"{code[:4]}-{code[4:]}")


def report_link_create(
    *,
    owner: Any,
    pdf: bytes,
    days: int = DAYS_DEFAULT,
    holds_partner_part: bool = False,
    filename: str = FILENAME_UNNAMED,
) -> NewLink:
    if not 1 <= days <= DAYS_MAX:
        raise ValueError(f"{days} days is not between 1 and {DAYS_MAX}")
    return report_link_store(
        owner=owner,
        sealed=report_link_seal(pdf, filename=filename),
        days=days,
        holds_partner_part=holds_partner_part,
    )


def report_link_open(*, link_id: str, secret: str, code: str) -> Opened | None:
    """The PDF and its file's name, or None: an unknown, expired or revoked link and a
    wrong code all look the same from outside. A wrong code at the link itself counts
    against it, and the last one revokes it; its id with another secret finds nothing."""
    raw_secret = _unb64(secret)
    if raw_secret is None or len(raw_secret) != SECRET_BYTES:
        return None
    # A link made before (found by its id alone) cannot tell its own secret from another
    # until the code is right, so every wrong code at its id still counts, as it did.
    link = (
        ReportLink.objects.openable()
        .filter(lookup__in=(lookup_for(link_id, secret), lookup_by_id(link_id)))
        .first()
    )
    if link is None:
        return None
    try:
        plain = crypto.unseal(
            _key(raw_secret, code_normalise(code)),
            bytes(link.ciphertext),
            aad=link.lookup.encode(),
        )
    except crypto.VaultError:
        _wrong_code(link)
        return None
    return envelope_open(plain)


def _wrong_code(link: ReportLink) -> None:
    with transaction.atomic():
        ReportLink.objects.filter(pk=link.pk).update(wrong_codes=F("wrong_codes") + 1)
        ReportLink.objects.filter(
            pk=link.pk, wrong_codes__gte=WRONG_CODES_MAX, revoked_at__isnull=True
        ).update(revoked_at=timezone.now(), ciphertext=b"")


def report_link_revoke(*, link: ReportLink) -> None:
    """Closed at once, and the PDF's ciphertext goes with it; the row stays until it
    would have expired, so the owner's page can still list it."""
    ReportLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), ciphertext=b""
    )


def partner_part_links_revoke(*, user_id: int) -> int:
    """Close at once, emptying the ciphertext, every link that holds this person's part:
    each link their partner made of a couple report with it. Called, inside their own
    transactions, when the person takes their part out (couple.consent_withdraw), pauses
    (couple/space.sharing_pause), leaves or deletes their account (couple_leave). A PDF
    the partner already downloaded cannot be taken back."""
    partners = Member.objects.filter(couple__members__user_id=user_id).exclude(user_id=user_id)
    return ReportLink.objects.filter(
        owner_id__in=partners.values("user_id"), holds_partner_part=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now(), ciphertext=b"")


def links_of(owner: Any) -> list[ReportLink]:
    return list(ReportLink.objects.owned_by(owner).filter(expires_at__gt=timezone.now()))


@dataclass(frozen=True)
class Held:
    """What a link holds, as the owner's vault remembers it."""

    first: date
    last: date
    couple: bool


def held_note(
    *, owner: Any, keys: UnlockedKeys, link: ReportLink, first: date, last: date, couple: bool
) -> None:
    """Seal what the new link holds in the owner's list, dropping links that are gone."""
    live = {str(pk) for pk in ReportLink.objects.owned_by(owner).values_list("pk", flat=True)}
    known = vault.entry_find(owner=owner, keys=keys, kind=KIND, index_value=INDEX) or {}
    held = {pk: what for pk, what in known.get("links", {}).items() if pk in live}
    held[str(link.pk)] = {"first": first.isoformat(), "last": last.isoformat(), "couple": couple}
    vault.entry_put(owner=owner, keys=keys, kind=KIND, index_value=INDEX, content={"links": held})


def held_by(*, owner: Any, keys: UnlockedKeys) -> dict[str, Held]:
    """Row id -> what that link holds; a link made before this was kept is absent."""
    known = vault.entry_find(owner=owner, keys=keys, kind=KIND, index_value=INDEX) or {}
    held = {}
    for pk, what in known.get("links", {}).items():
        try:
            first, last = date.fromisoformat(what["first"]), date.fromisoformat(what["last"])
        except (KeyError, TypeError, ValueError):
            continue
        held[pk] = Held(first, last, what.get("couple") is True)
    return held
