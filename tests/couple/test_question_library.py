"""The questions for the two of you: enough of them, each with a theme and the theme's
sources written out, gentle, and chosen the same way on both sides from a secret only
the two share."""

from __future__ import annotations

import re
import secrets
from datetime import date, timedelta
from pathlib import Path

import pytest

from afterwards.couple.pins import PartnerKeyChanged
from afterwards.couple.questions import library as books
from afterwards.couple.questions.pairing import copy_tag, pair_secret
from afterwards.vault import crypto
from afterwards.vault.keyring import UnlockedKeys

FOLDER = Path(books.__file__).parent
OPT_IN = {"children", "another-pregnancy"}
# What a question outside a theme a person opted into never touches.
NEVER_UNASKED = re.compile(
    r"pregnan|conceiv|fertil|\btry|\btrying|again\b|child|harm|hurt yourself|suicid|kill|"
    r"\bdie\b|\bdead\b|end (it|your life)|blame|fault|guilt|should",
    re.IGNORECASE,
)


def _keys() -> UnlockedKeys:
    public, secret = crypto.new_key_pair()
    return UnlockedKeys(user_key=crypto.random_key(), secret_key=secret, public_key=public)


def test_there_are_at_least_sixty_questions_for_everyone_each_with_a_known_theme():
    library = books.library()
    assert len(library.general) >= 60
    assert {q.theme.id for q in library.general} == {
        "grieving",
        "helps",
        "body",
        "closeness",
        "dates",
        "future",
        "us",
    }
    assert {theme.id for theme in library.opt_in_themes} == OPT_IN
    for theme in library.opt_in_themes:
        assert len(library.of_theme(theme.id)) >= 5


def test_every_theme_cites_sources_written_out_in_the_data_file_beside_it():
    library = books.library()
    for theme in library.themes.values():
        assert theme.sources and len(theme.says) > 80, theme.id
        for source in theme.sources:
            assert source.cite and source.status in {"primary", "secondary"}
            if source.tag.startswith("W"):  # a page read for this library: where, and when
                assert source.address.startswith("https://") and source.read is not None
            else:  # one of the project's clinical sources, by its number, in full
                assert re.fullmatch(r"S\d+", source.tag) and source.reference
            assert f"[{source.tag}" in theme.says or f", {source.tag}" in theme.says, theme.id
    outside = "/".join(["..", "shared"])  # the folder beside a checkout, which clones lack
    for path in FOLDER.glob("*.toml"):
        assert outside not in path.read_text(), "the project must not point outside it"


def test_a_theme_without_sources_is_refused(tmp_path, monkeypatch):
    sources = tmp_path / "sources.toml"
    sources.write_text(
        (FOLDER / "sources.toml").read_text().replace('sources = ["W1"]', "sources = []")
    )
    monkeypatch.setattr(books, "SOURCES", sources)
    books.library.cache_clear()
    try:
        with pytest.raises(books.LibraryError, match="theme dates needs sources"):
            books.library()
    finally:
        books.library.cache_clear()


def test_no_question_for_everyone_asks_about_another_pregnancy_children_self_harm_or_blame():
    library = books.library()
    for question in library.general:
        assert not NEVER_UNASKED.search(question.text), question.id
    # Positive control: the pattern does find what the opt-in themes are about.
    pregnancy = library.of_theme("another-pregnancy")
    assert any(NEVER_UNASKED.search(q.text) for q in pregnancy)
    assert any(NEVER_UNASKED.search(q.text) for q in library.of_theme("children"))


def test_ids_are_unique_and_every_question_is_a_question():
    library = books.library()
    raw = (FOLDER / "library.toml").read_text()
    assert len(re.findall(r"^id = ", raw, re.MULTILINE)) == len(library.questions)
    for question in library.questions.values():
        assert re.fullmatch(r"[a-z]+(-[a-z]+)+", question.id)
        assert question.text.rstrip().endswith("?") or "?" in question.text, question.id
        assert len(question.text) <= 160, question.id


def test_both_people_compute_the_same_secret_and_nobody_else_can():
    robin, sam, kit = _keys(), _keys(), _keys()
    couple = "8d1c7b5e-0000-4000-8000-000000000001"
    one = pair_secret(keys=robin, partner_key=sam.public_key, couple_id=couple)
    two = pair_secret(keys=sam, partner_key=robin.public_key, couple_id=couple)
    assert one == two
    assert pair_secret(keys=kit, partner_key=sam.public_key, couple_id=couple) != one
    # A new space between the same two: a new secret.
    assert pair_secret(keys=robin, partner_key=sam.public_key, couple_id="other") != one


def test_a_forged_partner_key_gives_no_secret():
    robin = _keys()
    for forged in (bytes(32), b"\x01" + bytes(31), b"short"):
        with pytest.raises(PartnerKeyChanged):
            pair_secret(keys=robin, partner_key=forged, couple_id="c")


def test_the_tags_of_two_answers_to_one_question_differ_and_name_no_day():
    secret = secrets.token_bytes(32)
    robin, sam = _keys(), _keys()
    day = date(2026, 3, 28)
    mine = copy_tag(secret, author_key=robin.public_key, day=day, question="us-laughed")
    theirs = copy_tag(secret, author_key=sam.public_key, day=day, question="us-laughed")
    assert mine != theirs and len(mine) == 16
    assert mine != copy_tag(secret, author_key=robin.public_key, day=day, question="us-grateful")
    assert b"2026" not in mine and b"laughed" not in mine


def test_the_day_brings_the_same_question_to_both_and_every_question_before_any_repeats():
    secret = secrets.token_bytes(32)
    library = books.library()
    start = date(2026, 1, 1)
    days = [start + timedelta(days=n) for n in range(len(library.general))]
    asked = [books.question_of_day(secret, day, frozenset()) for day in days]
    assert len({q.id for q in asked}) == len(library.general)
    assert all(not q.theme.opt_in for q in asked)
    # Another couple meets them in another order.
    other = [books.question_of_day(secrets.token_bytes(32), day, frozenset()) for day in days]
    assert [q.id for q in other] != [q.id for q in asked]


def test_a_theme_one_opts_into_takes_one_day_a_week_and_only_for_those_who_chose_it():
    secret = secrets.token_bytes(32)
    weeks = [date(2026, 3, 2) + timedelta(days=n) for n in range(28)]
    both = [books.question_of_day(secret, day, frozenset({"another-pregnancy"})) for day in weeks]
    neither = [books.question_of_day(secret, day, frozenset()) for day in weeks]
    theme_days = [day for day, q in zip(weeks, both, strict=True) if q.theme.opt_in]
    assert len(theme_days) == 4
    assert all(q.theme.id == "another-pregnancy" for q in both if q.theme.opt_in)
    # On every other day, the two are offered the same question whatever they chose.
    for day, chose, did_not in zip(weeks, both, neither, strict=True):
        if day not in theme_days:
            assert chose == did_not
        else:
            assert not did_not.theme.opt_in


def test_a_rhythm_of_every_few_days_offers_the_same_days_to_both():
    secret = secrets.token_bytes(32)
    days = [date(2026, 3, 1) + timedelta(days=n) for n in range(30)]
    offered = [day for day in days if books.question_day(secret, day, 3)]
    assert len(offered) == 10
    assert all((b - a).days == 3 for a, b in zip(offered, offered[1:], strict=False))
    assert all(books.question_day(secret, day, 1) for day in days)
