from __future__ import annotations


def test_home_welcomes_a_stranger_with_sign_up(client, db):
    response = client.get("/")

    assert response.status_code == 200
    assert 'href="/signup/"' in response.content.decode()


def test_home_by_invitation_says_so(client, db, settings):
    settings.REGISTRATION = "invite"

    response = client.get("/")

    assert "This server is by invitation" in response.content.decode()


def test_home_sends_a_person_to_today(owner):
    response = owner.client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/journal/day/"


def test_home_refuses_post(client, db):
    assert client.post("/").status_code == 405
