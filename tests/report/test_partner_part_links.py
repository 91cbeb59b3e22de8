"""A partner's link to a couple report holding a person's part closes with that part:
when the person takes it out, pauses, leaves the space or deletes their account."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from afterwards.report import couple, views
from afterwards.report.models import ReportLink
from tests.couple.test_membership import link
from tests.report.conftest import contents, journal_fill

MAKE = "/report/make/"


def _code_and_path(html: str) -> tuple[str, str]:
    code = re.search(r'class="report-code">([A-Z0-9]{4}-[A-Z0-9]{4})<', html)
    url = re.search(r'value="http://testserver(/r/[^"]+)"', html)
    assert code and url
    return code.group(1), url.group(1)


def _link(person, action: str) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    response = person.client.post(MAKE, contents(action=action))
    assert response.status_code == 200
    return _code_and_path(response.content.decode())


def _opens(code_and_path: tuple[str, str]) -> bool:
    code, path = code_and_path
    response = Client().post(path, {"code": code})
    return response.status_code == 200 and response.content.startswith(b"%PDF-")


@pytest.fixture
def links_made(owner, partner):  # type: ignore[no-untyped-def]
    """The owner's links: a couple report made before the partner offered their part,
    their own report, and a couple report with the partner's part in it."""
    link(owner, partner)
    journal_fill(owner)
    journal_fill(partner)
    without = _link(owner, "couple_link")
    own = _link(owner, "link")
    partner.client.post(MAKE, contents(action="consent_confirm"))
    holding = _link(owner, "couple_link")
    assert all(_opens(made) for made in (without, own, holding))
    return {"without": without, "own": own, "holding": holding}


def _only_the_holding_link_closed(links_made) -> None:  # type: ignore[no-untyped-def]
    assert not _opens(links_made["holding"])
    assert _opens(links_made["without"]) and _opens(links_made["own"])
    (closed,) = ReportLink.objects.filter(revoked_at__isnull=False)
    assert closed.holds_partner_part and bytes(closed.ciphertext) == b""
    assert ReportLink.objects.filter(holds_partner_part=True).count() == 1


def test_taking_ones_part_out_closes_the_partners_link_holding_it_at_once(
    owner, partner, links_made
):
    partner.client.post("/report/couple/withdraw/")
    _only_the_holding_link_closed(links_made)
    page = owner.client.get("/report/").content.decode()
    assert "A couple report for 1 March 2026 to 28 March 2026. Made" in page
    assert "Closed." in page


def test_pausing_closes_the_partners_link_holding_ones_part(owner, partner, links_made):
    partner.client.post("/together/pause/", {"paused": "on"})
    _only_the_holding_link_closed(links_made)


def test_leaving_closes_the_partners_link_holding_ones_part(owner, partner, links_made):
    partner.client.post("/together/leave/")
    _only_the_holding_link_closed(links_made)


def test_the_one_who_made_the_link_leaving_closes_it_too(owner, partner, links_made):
    owner.client.post("/together/leave/")
    _only_the_holding_link_closed(links_made)


def test_deleting_ones_account_closes_the_partners_link_holding_ones_part(
    owner, partner, links_made
):
    partner_id = partner.user.pk
    partner.client.post("/account/delete/", {"passphrase": partner.passphrase, "confirm": "on"})
    assert not type(partner.user).objects.filter(pk=partner_id).exists()
    _only_the_holding_link_closed(links_made)


def test_a_part_taken_out_while_the_link_is_being_made_makes_no_link(owner, partner, monkeypatch):
    link(owner, partner)
    journal_fill(owner)
    journal_fill(partner)
    partner.client.post(MAKE, contents(action="consent_confirm"))
    drawn = views.report_pdf

    def drawn_then_taken_out(report):  # type: ignore[no-untyped-def]
        pdf = drawn(report)
        couple.consent_withdraw(owner=partner.user, keys=partner.keys)
        return pdf

    monkeypatch.setattr(views, "report_pdf", drawn_then_taken_out)
    response = owner.client.post(MAKE, contents(action="couple_link"), follow=True)
    assert "no longer offered, so no link was made" in response.content.decode()
    assert not ReportLink.objects.exists()


def test_a_part_offered_again_differently_while_the_link_is_made_makes_no_link(
    owner, partner, monkeypatch
):
    link(owner, partner)
    journal_fill(owner)
    journal_fill(partner)
    partner.client.post(MAKE, contents(action="consent_confirm"))
    drawn = views.report_pdf

    def drawn_then_changed(report):  # type: ignore[no-untyped-def]
        pdf = drawn(report)
        partner.client.post(MAKE, contents(action="consent_confirm", sections=["mood"]))
        return pdf

    monkeypatch.setattr(views, "report_pdf", drawn_then_changed)
    owner.client.post(MAKE, contents(action="couple_link"))
    assert not ReportLink.objects.exists()


def test_the_pages_say_a_downloaded_copy_stays_with_the_partner(owner, partner):
    link(owner, partner)
    journal_fill(partner)
    consent = partner.client.post(MAKE, contents(action="consent")).content.decode()
    assert "any link your partner made to a couple report with your part in it" in consent
    assert "A copy your partner already downloaded stays with them." in consent
    partner.client.post(MAKE, contents(action="consent_confirm"))
    page = partner.client.get("/report/").content.decode()
    assert "any link your partner made to a couple report with your part in it" in page
    assert "A copy your partner already downloaded stays with them." in page
