"""The Together pages: inviting, joining by link or code, leaving, through the client."""

from __future__ import annotations

import re

from afterwards.couple import membership
from afterwards.couple.models import Invitation, Member
from tests.conftest import create_account


def invite(person) -> tuple[str, str]:
    response = person.client.post("/together/invite/")
    assert response.status_code == 200
    page = response.content.decode()
    link = re.search(
        r'id="invite-link" class="invite-secret" type="text" readonly value="([^"]+)"', page
    ).group(1)
    code = re.search(
        r'id="invite-code" class="invite-secret" type="text" readonly value="([^"]+)"', page
    ).group(1)
    return link.removeprefix("http://testserver"), code


def test_a_person_alone_sees_how_to_invite_and_join(owner):
    page = owner.client.get("/together/").content.decode()
    assert "Invite your partner" in page
    assert "Have a code from your partner?" in page


def test_the_link_shows_who_invites_before_anything_is_accepted(owner, partner):
    link, _ = invite(owner)
    response = partner.client.get(link)
    assert response.status_code == 200
    assert f"Share a space with {owner.user.username}?" in response.content.decode()
    assert membership.partner_of(partner.user) is None
    response = partner.client.post(link)
    assert response.status_code == 302
    assert membership.partner_of(partner.user) == owner.user
    page = partner.client.get("/together/").content.decode()
    assert owner.user.username in page
    assert partner.client.get(link).status_code == 404  # used up


def test_the_code_works_typed_loosely_and_asks_before_joining(owner, partner):
    _, code = invite(owner)
    typed = code.lower().replace("-", " ")
    response = partner.client.post("/together/join/", {"code": typed})
    assert response.status_code == 200
    assert membership.partner_of(partner.user) is None
    response = partner.client.post("/together/join/", {"code": typed, "accept": "yes"})
    assert response.status_code == 302
    assert membership.partner_of(owner.user) == partner.user


def test_a_wrong_code_is_explained_beside_the_field_and_kept(owner, partner):
    invite(owner)
    response = partner.client.post("/together/join/", {"code": "ABCDE-FGHJK"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_code_error"' in page and "does not open an invitation" in page
    assert 'value="ABCDE-FGHJK"' in page
    response = partner.client.post("/together/join/", {"code": "short"})
    assert response.status_code == 400
    assert "ten letters and numbers" in response.content.decode()
    assert not Member.objects.exists()


def test_an_unknown_link_is_not_found_and_says_so_calmly(partner):
    response = partner.client.get("/together/join/not-a-real-token/")
    assert response.status_code == 404
    assert "This invitation cannot be used" in response.content.decode()


def test_opening_your_own_link_links_nobody(owner):
    link, _ = invite(owner)
    response = owner.client.post(link)
    assert response.status_code == 409
    assert "your own invitation" in response.content.decode()
    assert not Member.objects.exists()


def test_a_withdrawn_invitation_no_longer_opens(owner, partner):
    link, code = invite(owner)
    page = owner.client.get("/together/").content.decode()
    assert "Your invitation is waiting" in page
    owner.client.post("/together/invite/withdraw/")
    assert not Invitation.objects.exists()
    assert partner.client.get(link).status_code == 404
    assert partner.client.post("/together/join/", {"code": code}).status_code == 400


def test_someone_already_in_a_space_cannot_invite_or_join(owner, partner, outsider):
    link, _ = invite(owner)
    partner.client.post(link)
    response = owner.client.post("/together/invite/", follow=True)
    assert "already share a space" in response.content.decode()
    other_link, _ = invite(outsider)
    response = partner.client.post(other_link)
    assert response.status_code == 409
    assert membership.partner_of(partner.user) == owner.user


def test_the_safety_code_is_the_same_on_both_sides(owner, partner):
    link, _ = invite(owner)
    partner.client.post(link)
    codes = [
        re.search(r'class="safety-code">([^<]+)<', p.client.get("/together/").content.decode())
        for p in (owner, partner)
    ]
    assert codes[0].group(1) == codes[1].group(1)


def test_either_can_leave_alone_and_the_other_sees_only_that_it_ended(owner, partner):
    link, _ = invite(owner)
    partner.client.post(link)
    assert "Leave now" in partner.client.get("/together/leave/").content.decode()
    response = partner.client.post("/together/leave/")
    assert response.status_code == 302
    assert membership.partner_of(owner.user) is None
    page = owner.client.get("/together/").content.decode()
    assert "The space you shared has ended." in page
    assert f"<strong>{partner.user.username}</strong>" not in page
    again = owner.client.get("/together/").content.decode()
    assert "has ended" not in again


def test_leave_outside_a_space_goes_back_to_together(owner):
    assert owner.client.get("/together/leave/")["Location"] == "/together/"


def test_deleting_an_account_ends_the_space_for_the_partner(owner, partner):
    link, _ = invite(owner)
    partner.client.post(link)
    response = partner.client.post(
        "/account/delete/", {"passphrase": partner.passphrase, "confirm": "on"}
    )
    assert response.status_code in (200, 302)
    assert membership.partner_of(owner.user) is None
    assert "has ended" in owner.client.get("/together/").content.decode()


def test_someone_logged_out_logs_in_and_comes_back_to_the_invitation(owner, client, db):
    link, _ = invite(owner)
    create_account("jo", "a long quiet passphrase for jo")
    login_address = re.search(r'href="(/login/\?next=[^"]+)"', client.get(link).content.decode())
    login_page = client.get(login_address.group(1)).content.decode()
    assert "to see the invitation" in login_page
    response = client.post(
        login_address.group(1),
        {"username": "jo", "passphrase": "a long quiet passphrase for jo", "next": link},
    )
    assert response["Location"] == link


def test_log_in_never_sends_a_person_off_the_site(client, db):
    create_account("jo", "a long quiet passphrase for jo")
    for elsewhere in ("https://example.org/", "//example.org/", "javascript:alert(1)"):
        response = client.post(
            "/login/",
            {"username": "jo", "passphrase": "a long quiet passphrase for jo", "next": elsewhere},
        )
        assert response["Location"] == "/journal/day/"
        client.post("/logout/")


def test_a_swapped_key_stops_everything_and_says_so(owner, partner, outsider):
    link, _ = invite(owner)
    partner.client.post(link)
    owner.client.get("/together/")  # the owner's session pins the partner's key
    partner.user.keyring.public_key = outsider.user.keyring.public_key
    partner.user.keyring.save()
    response = owner.client.get("/together/")
    assert response.status_code == 409
    page = response.content.decode()
    assert "nothing is shared and nothing of theirs is opened" in page
    assert "safety-code" not in page


def test_the_together_page_leads_to_every_shared_page_and_the_pause(owner, partner):
    link, _ = invite(owner)
    partner.client.post(link)
    page = owner.client.get("/together/").content.decode()
    for address in ("/together/days/", "/together/readiness/", "/together/nudge/"):
        assert f'href="{address}"' in page
    assert "Pause sharing" in page


def test_a_nudge_waits_on_the_together_page_and_the_today_page_once(owner, partner):
    link, _ = invite(owner)
    partner.client.post(link)
    owner.client.post("/together/nudge/", {"message": "thinking-of-you"})
    assert "Thinking of you" in partner.client.get("/together/").content.decode()
    assert "Thinking of you" not in partner.client.get("/together/").content.decode()
    owner.client.post("/together/nudge/", {"message": "thinking-of-you"})
    assert "Thinking of you" in partner.client.get("/journal/day/", follow=True).content.decode()


def test_the_safety_codes_differ_when_the_host_swapped_both_keys_before_pairing(owner, partner):
    from afterwards.vault import crypto

    link, _ = invite(owner)
    partner.client.post(link)
    for person in (owner, partner):  # a host's own keys, put in before anyone pinned
        person.user.keyring.public_key = crypto.new_key_pair()[0]
        person.user.keyring.save()
    pages = [p.client.get("/together/") for p in (owner, partner)]
    codes = [re.search(r'class="safety-code">([^<]+)<', page.content.decode()) for page in pages]
    assert codes[0]  # the first to look pins the host's key, and sees a code
    # The other either sees the swap at once (a copy from the first that does not open
    # with the key the host gave) or a code that does not match: never the same code.
    assert pages[1].status_code == 409 or codes[1].group(1) != codes[0].group(1)


def test_an_invitations_link_is_not_kept_by_the_login_throttle(owner, client):
    from axes.models import AccessAttempt, AccessFailureLog

    link, _ = invite(owner)
    client.post("/login/", {"username": "nobody", "passphrase": "wrong one", "next": link})
    token = link.rstrip("/").rsplit("/", 1)[1]
    models = (AccessAttempt, AccessFailureLog)
    stored = [str(row.__dict__) for model in models for row in model.objects.all()]
    assert stored
    assert not any(token in row for row in stored)


def test_someone_without_an_account_makes_one_and_comes_back_to_the_invitation(owner, client):
    from tests.accounts.conftest import signup_data

    link, _ = invite(owner)
    first_sight = client.get(link).content.decode()
    signup_address = re.search(r'href="(/signup/\?next=[^"]+)"', first_sight).group(1)
    assert f'<a class="button" href="{signup_address}">Make an account</a>' in first_sight
    assert f'<a href="{signup_address}">Sign up</a>' in first_sight  # the header's link too
    signup_page = client.get(signup_address).content.decode()
    assert f'name="next" value="{link}"' in signup_page
    assert "you will come back to the invitation" in signup_page
    response = client.post("/signup/", signup_data("jo") | {"next": link})
    assert response["Location"] == "/signup/recovery-code/"
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert token not in str(dict(client.session))  # sealed to the cookie, like the code
    response = client.post("/signup/recovery-code/", {"kept": "on"})
    assert response["Location"] == link
    assert "Share a space with robin?" in client.get(link).content.decode()


def test_sign_up_never_sends_a_person_off_the_site(client, db):
    from tests.accounts.conftest import signup_data

    client.post("/signup/", signup_data("jo") | {"next": "https://example.org/"})
    assert client.post("/signup/recovery-code/", {"kept": "on"})["Location"] == "/journal/day/"
