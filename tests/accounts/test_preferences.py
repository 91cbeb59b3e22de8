"""A person's country and neutral look: kept in the vault, used by every page."""

from __future__ import annotations

from afterwards.accounts.profile import Profile, profile_get
from afterwards.vault.models import Entry

URL = "/account/preferences/"


def test_a_stranger_is_sent_to_log_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_other_methods_are_refused(owner):
    assert owner.client.put(URL).status_code == 405


def test_the_country_is_saved_in_the_vault(owner):
    response = owner.client.post(URL, {"country": "GB"})
    assert response.status_code == 302
    assert profile_get(owner=owner.user, keys=owner.keys) == Profile(country="GB")
    entry = Entry.objects.get(owner=owner.user, kind="profile")
    assert b"GB" not in bytes(entry.blob)


def test_an_unknown_country_is_refused_beside_the_field_and_nothing_saved(owner):
    response = owner.client.post(URL, {"country": "Atlantis", "neutral_look": "on"})
    assert response.status_code == 400
    assert "Please choose a country from the list." in response.content.decode()
    assert response.context["form"]["neutral_look"].value() is True
    assert not Entry.objects.filter(owner=owner.user, kind="profile").exists()


def test_the_neutral_look_titles_every_page_notes(owner):
    owner.client.post(URL, {"country": "", "neutral_look": "on"})
    for url in ("/journal/", "/account/", "/help/"):
        page = owner.client.get(url, follow=True).content.decode()
        assert "<title>Notes</title>" in page
        assert "img/notes" in page and "Afterwards" not in page.split("<main")[0]


def test_the_host_can_give_everyone_the_neutral_look(client, db, settings):
    settings.NEUTRAL_LOOK = True
    page = client.get("/login/").content.decode()
    assert "<title>Notes</title>" in page


def test_without_the_neutral_look_titles_name_the_page(owner):
    page = owner.client.get("/account/").content.decode()
    assert "<title>Account · Afterwards</title>" in page
