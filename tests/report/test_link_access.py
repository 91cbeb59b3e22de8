"""The therapist's link: the PDF only with the right code, one calm 404 for everything
else, and a row that opens nothing without the link's secret."""

from __future__ import annotations

import dataclasses
import math
import re
import secrets
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from afterwards.report import links
from afterwards.report.models import ReportLink
from afterwards.vault import crypto
from afterwards.vault.models import Entry
from tests.couple.test_membership import link
from tests.report.conftest import contents, journal_fill

PDF = b"%PDF-1.7 a made-up report for the tests"


def _made(person, days: int = 14) -> links.NewLink:  # type: ignore[no-untyped-def]
    return links.report_link_create(owner=person.user, pdf=PDF, days=days)


def _body(response) -> str:  # type: ignore[no-untyped-def]
    # Each page has its own CSRF token; everything else must be the same.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_the_owner_makes_a_link_and_sees_its_code_once(owner):
    journal_fill(owner)
    response = owner.client.post("/report/make/", contents(action="link", days="3"))
    html = response.content.decode()
    assert response.status_code == 200
    code = re.search(r'class="report-code">([A-Z0-9]{4}-[A-Z0-9]{4})<', html)
    url = re.search(r'value="http://testserver(/r/[^"]+)"', html)
    assert code and url
    link = ReportLink.objects.get(owner=owner.user)
    assert link.expires_at == timezone.now() + timedelta(days=3)
    opened = Client().post(url.group(1), {"code": code.group(1).lower()})
    assert opened.status_code == 200
    assert opened["Content-Type"] == "application/pdf"
    assert opened.content.startswith(b"%PDF-")
    assert "no-store" in opened["Cache-Control"]
    # The code is not shown again.
    assert code.group(1) not in owner.client.get("/report/").content.decode()


def test_the_link_page_asks_for_the_code_without_the_sites_navigation(owner):
    new = _made(owner)
    response = owner.client.get(new.path)  # even in the owner's own browser
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_code">The code you were given</label>' in html
    assert 'name="robots" content="noindex, nofollow"' in html
    assert "Log out" not in html and "/journal/" not in html
    assert response["Referrer-Policy"] == "no-referrer"


def test_correct_code_gives_the_pdf_inline(owner):
    new = _made(owner)
    response = Client().post(new.path, {"code": new.code})
    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Disposition"].startswith("inline")


def test_wrong_code_expired_revoked_and_unknown_are_one_and_the_same_404(owner, time_machine):
    therapist = Client()
    wrong = _made(owner)
    revoked = _made(owner)
    links.report_link_revoke(link=revoked.link)
    expired = _made(owner, days=1)
    unknown = "/r/AAAAAAAAAAAAAAAAAAAAAA/" + wrong.path.split("/")[3] + "/"

    responses = [therapist.post(wrong.path, {"code": "BBBB-BBBB"})]
    responses.append(therapist.post(revoked.path, {"code": revoked.code}))
    responses.append(therapist.post(unknown, {"code": wrong.code}))
    time_machine.move_to(timezone.now() + timedelta(days=1, seconds=1), tick=False)
    responses.append(therapist.post(expired.path, {"code": expired.code}))

    assert [r.status_code for r in responses] == [404, 404, 404, 404]
    assert len({_body(r) for r in responses}) == 1
    assert "no longer works" in _body(responses[0])
    # The right code still opens the link that only had a wrong one typed.
    assert therapist.post(wrong.path, {"code": wrong.code}).content == PDF


def test_a_changed_secret_does_not_open_with_the_right_code(owner):
    new = _made(owner)
    parts = new.path.split("/")
    parts[3] = parts[3][:-2] + ("AA" if not parts[3].endswith("AA") else "BB")
    assert Client().post("/".join(parts), {"code": new.code}).status_code == 404


def test_ten_wrong_codes_close_the_link_and_the_owner_is_told(owner):
    new = _made(owner)
    therapist = Client()
    for _ in range(links.WRONG_CODES_MAX):
        assert therapist.post(new.path, {"code": "ZZZZ-ZZZZ"}).status_code == 404
    assert therapist.post(new.path, {"code": new.code}).status_code == 404
    link = ReportLink.objects.get(pk=new.link.pk)
    assert link.revoked_at is not None and bytes(link.ciphertext) == b""
    html = owner.client.get("/report/").content.decode()
    assert "closed because the code was typed wrongly too many times" in html


def _other_secrets(new: links.NewLink) -> list[str]:
    """Paths with the link's own id and a secret that is not its own."""
    _, _, link_id, secret, _ = new.path.split("/")
    made_up = links._b64(secrets.token_bytes(links.SECRET_BYTES))
    return [f"/r/{link_id}/{made_up}/", f"/r/{link_id}/anything/", f"/r/{link_id}/{secret}x/"]


def test_wrong_codes_at_the_links_id_with_another_secret_neither_count_nor_close_it(owner):
    new = _made(owner)
    stranger = Client()
    for path in _other_secrets(new):
        for _ in range(links.WRONG_CODES_MAX):
            assert stranger.post(path, {"code": "ZZZZ-ZZZZ"}).status_code == 404
        assert stranger.post(path, {"code": new.code}).status_code == 404
    link = ReportLink.objects.get(pk=new.link.pk)
    assert link.wrong_codes == 0 and link.revoked_at is None
    assert Client().post(new.path, {"code": new.code}).content == PDF


def test_the_links_id_with_another_secret_costs_no_key_derivation(owner, monkeypatch):
    new = _made(owner)

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("derived a key for a secret that is not the link's")

    monkeypatch.setattr(crypto, "derive_from_passphrase", refuse)
    for path in _other_secrets(new):
        assert Client().post(path, {"code": new.code}).status_code == 404


def test_a_link_made_before_the_secret_found_its_row_still_opens(owner):
    # Its row is found by the id alone (links.lookup_by_id) until it expires; not knowing
    # its secret, it counts every wrong code at its id, as it always did.
    sealed = links.report_link_seal(PDF)
    by_id = links.lookup_by_id(sealed.link_id)
    plain = links.envelope_seal(PDF, links.FILENAME_UNNAMED)
    ciphertext = crypto.seal(links._key(sealed.secret, sealed.code), plain, aad=by_id.encode())
    old = dataclasses.replace(sealed, lookup=by_id, ciphertext=ciphertext)
    new = links.report_link_store(owner=owner.user, sealed=old)
    assert Client().post(new.path, {"code": new.code}).content == PDF
    assert Client().post(_other_secrets(new)[0], {"code": "ZZZZ-ZZZZ"}).status_code == 404
    assert ReportLink.objects.get(pk=new.link.pk).wrong_codes == 1


def test_the_owner_revokes_a_link_and_it_no_longer_opens(owner):
    new = _made(owner)
    response = owner.client.post(f"/report/links/{new.link.pk}/revoke/", follow=True)
    assert "The link is closed." in response.content.decode()
    assert Client().post(new.path, {"code": new.code}).status_code == 404
    assert bytes(ReportLink.objects.get(pk=new.link.pk).ciphertext) == b""


def test_nobody_else_can_revoke_a_link(owner, outsider, partner):
    new = _made(owner)
    for person in (outsider, partner):
        assert person.client.post(f"/report/links/{new.link.pk}/revoke/").status_code == 404
    assert Client().post(new.path, {"code": new.code}).status_code == 200


def test_an_empty_code_is_asked_for_again(owner):
    new = _made(owner)
    response = Client().post(new.path, {"code": "  "})
    assert response.status_code == 400
    assert "Please type the code you were given." in response.content.decode()


def test_the_row_holds_neither_the_pdf_nor_anything_that_opens_it_with_the_code_alone(owner):
    new = _made(owner)
    row = ReportLink.objects.get(pk=new.link.pk)
    blob = bytes(row.ciphertext)
    assert PDF not in blob and b"%PDF" not in blob
    _, _, link_id, secret, _ = new.path.split("/")
    assert link_id not in row.lookup and secret not in row.lookup
    assert row.lookup == links.lookup_for(link_id, secret)
    code = links.code_normalise(new.code)
    for key in (
        crypto.keyed_hash(code.encode(), b"report-link|" + code.encode(), size=32),
        crypto.keyed_hash(row.lookup.encode()[:32], b"report-link|" + code.encode(), size=32),
        crypto.subkey(code.encode().ljust(32, b"\0"), "report-link"),
    ):
        try:
            crypto.unseal(key, blob, aad=row.lookup.encode())
        except crypto.VaultError:
            continue
        raise AssertionError("opened without the link's secret")
    # With the link's secret and the code, the same row opens.
    opened = links.report_link_open(link_id=link_id, secret=secret, code=code)
    assert opened is not None and opened.pdf == PDF


def test_expired_links_are_purged_on_the_next_creation(owner, time_machine):
    old = _made(owner, days=1)
    time_machine.move_to(timezone.now() + timedelta(days=2), tick=False)
    _made(owner)
    assert not ReportLink.objects.filter(pk=old.link.pk).exists()
    assert ReportLink.objects.count() == 1
    time_machine.move_to(timezone.now() + timedelta(days=15), tick=False)
    assert links.report_links_purge() == 1


def test_with_the_row_and_the_secret_each_guess_at_the_code_costs_an_argon2id(owner, monkeypatch):
    # A leaked link (a log, a browser's history) plus the row: the code (about 39 bits) must not
    # fall to a fast hash. The old key, BLAKE2b(secret, code), opens nothing.
    new = _made(owner)
    _, _, link_id, secret, _ = new.path.split("/")
    raw_secret = links._unb64(secret)
    assert raw_secret is not None
    row = ReportLink.objects.get(pk=new.link.pk)
    code = links.code_normalise(new.code)
    fast = crypto.keyed_hash(raw_secret, b"report-link|" + code.encode(), size=32)
    try:
        crypto.unseal(fast, bytes(row.ciphertext), aad=row.lookup.encode())
    except crypto.VaultError:
        pass
    else:
        raise AssertionError("a fast hash of the secret and the code opened the row")

    derived: list[tuple[int, int]] = []
    argon2id = crypto.nacl.pwhash.argon2id.kdf

    def spy(size, password, salt, *, opslimit, memlimit):  # type: ignore[no-untyped-def]
        derived.append((opslimit, memlimit))
        return argon2id(size, password, salt, opslimit=opslimit, memlimit=memlimit)

    monkeypatch.setattr(crypto.nacl.pwhash.argon2id, "kdf", spy)
    assert links.report_link_open(link_id=link_id, secret=secret, code="ZZZZZZZZ") is None
    opened = links.report_link_open(link_id=link_id, secret=secret, code=code)
    assert opened is not None and opened.pdf == PDF
    interactive = (
        crypto.nacl.pwhash.argon2id.OPSLIMIT_INTERACTIVE,
        crypto.nacl.pwhash.argon2id.MEMLIMIT_INTERACTIVE,
    )
    assert derived == [interactive, interactive]


def test_opening_a_link_waits_for_a_free_key_derivation_slot(owner):
    # The vault's bound on memory-hard work (VAULT_KDF_CONCURRENCY) holds for links too.
    new = _made(owner)
    raw_secret = links._unb64(new.path.split("/")[3])
    assert raw_secret is not None
    crypto.set_kdf_concurrency(1)
    try:
        keys: list[bytes] = []
        with crypto.kdf_slot():
            worker = threading.Thread(
                target=lambda: keys.append(links._key(raw_secret, links.code_normalise(new.code)))
            )
            worker.start()
            worker.join(timeout=1.0)
            assert worker.is_alive() and keys == []  # waiting for the slot
        worker.join(timeout=10.0)
        row = ReportLink.objects.get(pk=new.link.pk)
        plain = crypto.unseal(keys[0], bytes(row.ciphertext), aad=row.lookup.encode())
        assert links.envelope_open(plain).pdf == PDF
    finally:
        crypto.set_kdf_concurrency(settings.VAULT_KDF_CONCURRENCY)


def test_an_unknown_link_costs_no_key_derivation(db, monkeypatch):
    # Only a live link's own URL can make the server run Argon2id: nobody can spend the
    # host's memory by posting codes to made-up links.
    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("derived a key for a link that does not exist")

    monkeypatch.setattr(crypto, "derive_from_passphrase", refuse)
    unknown = "/r/AAAAAAAAAAAAAAAAAAAAAA/" + "B" * 43 + "/"
    assert Client().post(unknown, {"code": "ABCD-EFGH"}).status_code == 404


def _code_and_path(html: str) -> tuple[str, str]:
    code = re.search(r'class="report-code">([A-Z0-9]{4}-[A-Z0-9]{4})<', html)
    url = re.search(r'value="http://testserver(/r/[^"]+)"', html)
    assert code and url
    return code.group(1), url.group(1)


def test_your_links_say_what_each_holds_from_a_list_sealed_in_the_owners_vault(owner):
    journal_fill(owner)
    made = owner.client.post("/report/make/", contents(action="link")).content.decode()
    assert "A report for 1 March 2026 to 28 March 2026." in made
    week = contents(action="link", date_from="2026-03-22")
    owner.client.post("/report/make/", week)
    html = owner.client.get("/report/").content.decode()
    listed = html.split('class="report-links"')[1]
    assert "A report for 22 March 2026 to 28 March 2026. Made" in listed
    assert "A report for 1 March 2026 to 28 March 2026. Made" in listed
    # The rows know nothing of it: it is one sealed entry of the owner's.
    (entry,) = Entry.objects.filter(owner=owner.user, kind=links.KIND)
    assert b"2026-03" not in bytes(entry.blob)
    held = links.held_by(owner=owner.user, keys=owner.keys)
    assert {str(link.pk) for link in ReportLink.objects.all()} == set(held)


def test_a_gone_link_leaves_the_sealed_list_when_the_next_is_made(owner, time_machine):
    journal_fill(owner)
    owner.client.post("/report/make/", contents(action="link", days="1"))
    time_machine.move_to(timezone.now() + timedelta(days=2), tick=False)
    owner.client.post("/report/make/", contents(action="link"))
    (live,) = ReportLink.objects.all()
    assert set(links.held_by(owner=owner.user, keys=owner.keys)) == {str(live.pk)}


def test_a_couple_report_can_be_sent_as_a_link_too(owner, partner):
    link(owner, partner)
    journal_fill(owner)
    journal_fill(partner)
    partner.client.post("/report/make/", contents(action="consent_confirm"))
    made = owner.client.post("/report/make/", contents(action="couple_link", days="5"))
    html = made.content.decode()
    assert made.status_code == 200
    assert "A couple report for 1 March 2026 to 28 March 2026." in html
    code, path = _code_and_path(html)
    opened = Client().post(path, {"code": code})
    assert opened.status_code == 200 and opened.content.startswith(b"%PDF-")
    page = owner.client.get("/report/").content.decode()
    assert "A couple report for 1 March 2026 to 28 March 2026. Made" in page
    assert "Make a link to the couple report" in page


def test_the_codes_strength_as_the_docs_state_it_is_the_codes_own():
    # 30 symbols, none a look-alike of another, 8 of them: about 39 bits, not 40.
    alphabet = links.CODE_ALPHABET
    assert len(set(alphabet)) == len(alphabet) == 30
    assert not set(alphabet) & set("01OILU")
    bits = links.CODE_LENGTH * math.log2(len(alphabet))
    assert round(bits) == 39
    root = Path(__file__).resolve().parents[2]
    for text in (
        links.__doc__ or "",
        (root / "docs" / "threat-model.md").read_text(encoding="utf-8"),
    ):
        flat = " ".join(text.split())
        assert f"about {round(bits)} bits" in flat
        assert not re.search(r"\b\d+-bit code\b", flat)


def test_the_pages_follow_the_number_of_wrong_codes_that_closes_a_link(owner, monkeypatch):
    monkeypatch.setattr(links, "WRONG_CODES_MAX", 3)
    journal_fill(owner)
    made = owner.client.post("/report/make/", contents(action="link")).content.decode()
    assert "After 3 wrong codes it closes by itself." in made
    _, path = _code_and_path(made)
    therapist = Client()
    for _ in range(3):
        assert therapist.post(path, {"code": "ZZZZ-ZZZZ"}).status_code == 404
    listed = owner.client.get("/report/").content.decode().split('class="report-links"')[1]
    assert "Closed after too many wrong codes." in listed


def test_a_pdf_opened_from_a_link_has_the_same_neutral_name_as_a_download(owner, partner):
    link(owner, partner)
    journal_fill(owner)
    for action, name in (
        ("link", "report-2026-03-01-2026-03-28.pdf"),
        ("couple_link", "couple-report-2026-03-01-2026-03-28.pdf"),
    ):
        made = owner.client.post("/report/make/", contents(action=action)).content.decode()
        code, path = _code_and_path(made)
        opened = Client().post(path, {"code": code})
        assert opened.status_code == 200 and opened.content.startswith(b"%PDF-")
        assert opened["Content-Disposition"] == f'inline; filename="{name}"'
    # The name is sealed with the PDF: no row holds the period in clear.
    for row in ReportLink.objects.all():
        assert b"2026-03" not in bytes(row.ciphertext)
        assert "2026-03-01" not in " ".join(str(value) for value in vars(row).values())


def test_a_link_sealed_before_names_were_opens_as_report_pdf(owner):
    sealed = links.report_link_seal(PDF)
    key = links._key(sealed.secret, sealed.code)
    bare = crypto.seal(key, PDF, aad=sealed.lookup.encode())  # a bare PDF, as links once held
    new = links.report_link_store(
        owner=owner.user, sealed=dataclasses.replace(sealed, ciphertext=bare)
    )
    opened = Client().post(new.path, {"code": new.code})
    assert opened.status_code == 200 and opened.content == PDF
    assert opened["Content-Disposition"] == 'inline; filename="report.pdf"'


def test_a_name_that_is_not_a_reports_is_never_sealed_nor_given():
    for name in ('x.pdf"; evil', "../report.pdf", "afterwards-report.pdf"):
        with pytest.raises(ValueError):
            links.envelope_seal(PDF, name)
    forged = links.ENVELOPE + b'a"b.pdf\n' + PDF
    assert links.envelope_open(forged) == links.Opened(PDF, "report.pdf")
