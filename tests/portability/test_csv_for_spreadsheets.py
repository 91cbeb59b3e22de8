"""The CSV export reads well in a spreadsheet: UTF-8 that Excel recognises, questionnaire
results with their total and band as the site scores them, and a row per hard date."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime

import pytest

from afterwards.dates import services as dates
from afterwards.loss import about
from afterwards.wellbeing import catalogue
from afterwards.wellbeing import services as wellbeing
from tests.portability.conftest import export_of, write_a_journal

pytestmark = pytest.mark.django_db

BOM = b"\xef\xbb\xbf"


def _csv_zip(person) -> zipfile.ZipFile:  # type: ignore[no-untyped-def]
    response = export_of(person, format="csv")
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(response.content))


def _table(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))


def test_every_table_starts_with_the_mark_that_tells_excel_it_is_utf8(owner):
    write_a_journal(owner)

    archive = _csv_zip(owner)

    assert archive.namelist()
    for name in archive.namelist():
        assert archive.read(name).startswith(BOM), name
    note = _table(archive, "checkin.csv")[0]["note"]
    assert note == "Day 1: a walk by the river, «tea», and a few words."


def test_a_questionnaire_result_has_its_instrument_time_total_and_band_as_the_site_scores_it(
    owner,
):
    write_a_journal(owner)  # a GAD-7 with every answer 2
    wellbeing.result_save(
        owner=owner.user,
        keys=owner.keys,
        instrument=catalogue.instruments()["phq9"],
        answers={1: 1, 2: 0},  # two of nine: incomplete, so no total
        taken=datetime.fromisoformat("2026-03-12T18:00:00+00:00"),
    )
    results = wellbeing.results_for(owner=owner.user, keys=owner.keys)
    gad7 = next(result for result in results if result.instrument_id == "gad7")
    page = owner.client.get(f"/wellbeing/results/{gad7.id}/").text

    rows = _table(_csv_zip(owner), "wellbeing_result.csv")

    assert list(rows[0])[:5] == ["index", "instrument", "taken", "total", "band"]
    by_instrument = {row["instrument"]: row for row in rows}
    assert by_instrument["gad7"]["taken"] == "2026-03-05T09:30:00+00:00"
    assert (by_instrument["gad7"]["total"], by_instrument["gad7"]["band"]) == ("14", "moderate")
    assert "<strong>moderate</strong>" in page  # the band its own page shows
    assert (by_instrument["phq9"]["total"], by_instrument["phq9"]["band"]) == ("", "")
    assert by_instrument["phq9"]["answers"] == '{"1": 1, "2": 0}'


def test_hard_dates_are_one_row_per_date_as_their_page_lists_them(owner):
    told = about.AboutLoss(kind="miscarriage", loss_date=date(2025, 4, 20))
    about.about_loss_save(owner=owner.user, keys=owner.keys, about=told)
    chosen = dates.HardDates(
        own=[
            dates.OwnDate(label="Our “little” walk", day=date(2025, 9, 1), yearly=False),
            dates.OwnDate(
                label="the scan day",
                day=date(2025, 6, 2),
                heads_up=dates.HeadsUp(on=True, days_before=10),
            ),
        ],
        loss=dates.HeadsUp(on=True, days_before=14),
    )
    dates.hard_dates_save(
        owner=owner.user, keys=owner.keys, dates=chosen, about=told, space=None,
        today=date(2026, 3, 28),
    )  # fmt: skip

    archive = _csv_zip(owner)

    rows = _table(archive, "hard_dates.csv")
    assert [list(row.values()) for row in rows] == [
        ["The day of your loss", "2025-04-20", "true", "true", "14"],
        ["the scan day", "2025-06-02", "true", "true", "10"],
        ["Our “little” walk", "2025-09-01", "false", "false", "7"],
    ]
    assert list(rows[0]) == ["label", "day", "yearly", "heads_up", "days_before"]
    assert "Our “little” walk".encode() in archive.read("hard_dates.csv")
