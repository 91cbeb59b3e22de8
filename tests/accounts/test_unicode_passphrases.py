from __future__ import annotations

import unicodedata

from django.test import Client

from tests.accounts.conftest import log_in, signup_data

COMPOSED = unicodedata.normalize("NFC", "Café crème au bord de l'eau")
DECOMPOSED = unicodedata.normalize("NFD", COMPOSED)


def test_a_passphrase_typed_in_another_unicode_form_still_logs_in(db):
    assert COMPOSED != DECOMPOSED
    newcomer = Client()
    response = newcomer.post("/signup/", signup_data("amelie", COMPOSED))
    assert response.status_code == 302

    assert log_in(Client(), "amelie", DECOMPOSED).status_code == 302
    assert log_in(Client(), "amelie", COMPOSED).status_code == 302
