"""/journal/: the month's calendar, the mood chart and its text alternative, the list."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

from afterwards.journal import services
from afterwards.journal.checkin import CheckIn

URL = "/journal/"


def save(person, day: date, **fields) -> None:  # type: ignore[no-untyped-def]
    services.checkin_save(owner=person.user, keys=person.keys, checkin=CheckIn(day=day, **fields))


class Page(HTMLParser):
    """The parts of the page these tests read: calendar cells, chart points, table rows."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.cells: list[dict[str, str]] = []  # one per <td> of the calendar
        self.points: dict[str, int] = {}  # day -> mood, from the drawing
        self.marks: dict[str, set[str]] = {}  # day -> the chart's marks
        self.table: list[list[str]] = []  # the chart's table, cell texts
        self._where: list[str] = []
        self._cell: dict[str, str] | None = None
        self._row: list[str] | None = None
        self._text: list[str] = []
        self._hidden = 0  # inside the words hidden for screen readers, how deep
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in ("table", "details"):
            self._where.append(a.get("class", tag))
        if tag == "td" and self._where[-1:] == ["calendar"]:
            self._cell = {"class": a.get("class", ""), "text": ""}
        if tag == "span" and self._cell is not None and "cal-later" in a.get("class", ""):
            self._cell["class"] += " cal-later"
        if tag == "a" and self._cell is not None:
            assert "aria-label" not in a  # the name is the words shown, then the hidden ones
            self._cell.update(href=a["href"], label="", current=a.get("aria-current", ""))
        if tag == "span" and self._cell is not None:
            if self._hidden or "visually-hidden" in a.get("class", ""):
                self._hidden += 1
        if tag == "circle" and a.get("class") == "chart-point":
            self.points[a["data-day"]] = int(a["data-mood"])
        if tag in ("circle", "path") and "data-day" in a and a.get("class") != "chart-point":
            self.marks.setdefault(a["data-day"], set()).add(a["class"])
        if tag == "tr" and "chart-table" in self._where:
            self._row = []
        if tag in ("th", "td") and self._row is not None:
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("table", "details") and self._where:
            self._where.pop()
        if tag == "span" and self._hidden:
            self._hidden -= 1
        if tag == "td" and self._cell is not None:
            self.cells.append(self._cell)
            self._cell = None
        if tag in ("th", "td") and self._row is not None:
            self._row.append("".join(self._text).strip())
        if tag == "tr" and self._row is not None:
            self.table.append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        """A calendar cell's `text` is what it shows (its marks too, hidden from screen
        readers); its `label`, the words only screen readers hear, after a comma."""
        if self._cell is not None and self._hidden:
            self._cell["label"] += data
        elif self._cell is not None:
            self._cell["text"] += data
        self._text.append(data)


def page_of(response) -> Page:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    return Page(response.content.decode())


def test_the_calendar_has_a_column_per_weekday_and_a_cell_per_day(owner):
    response = owner.client.get(URL, {"month": "2026-02"})
    html = response.content.decode()
    page = page_of(response)

    headers = re.findall(r'<th scope="col"><span aria-hidden="true">(\w+)</span>', html)
    assert headers == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert '<span class="visually-hidden">Wednesday</span>' in html
    # February 2026 starts on a Sunday and ends on a Saturday: weeks from Monday 26
    # January to Sunday 1 March.
    assert len(page.cells) == 35
    days = [c for c in page.cells if c.get("href")]
    assert len(days) == 28
    assert page.cells[6]["href"] == "/journal/day/2026-02-01/"
    assert page.cells[6]["text"] == "1"
    assert page.cells[6]["label"] == ", Sunday 1 February"
    assert all(c["text"] == "" for c in page.cells[:6] + page.cells[-1:])  # not February


def test_each_calendar_day_links_to_its_page_and_says_its_marks(owner):
    save(owner, date(2026, 3, 4), mood=2, bleeding="medium")
    save(owner, date(2026, 3, 10), mood=4, intimacy="sex", afterwards=3)
    save(owner, date(2026, 3, 12), intimacy="closeness")
    save(owner, date(2026, 3, 14), note="just words")

    html = owner.client.get(URL).content.decode()
    cells = {c["href"]: c for c in Page(html).cells if c.get("href")}

    fourth = cells["/journal/day/2026-03-04/"]
    # Each name starts with the words shown ("4 Low"), for voice control.
    assert fourth["text"] == "4 Low\u25cf"
    assert fourth["label"] == ", Wednesday 4 March. Mood: Low. Bleeding: Medium."
    tenth = cells["/journal/day/2026-03-10/"]
    assert tenth["label"] == ", Tuesday 10 March. Mood: Good. Sex; afterwards: Mixed."
    assert tenth["text"] == "10 Good\u25c6"
    twelfth = cells["/journal/day/2026-03-12/"]
    assert twelfth["label"] == (
        ", Thursday 12 March. Closeness; how you felt afterwards still to add."
    )
    assert twelfth["text"] == "12\u25c7"
    assert cells["/journal/day/2026-03-14/"]["label"] == ", Saturday 14 March. Checked in."
    assert cells["/journal/day/2026-03-15/"]["label"] == ", Sunday 15 March"
    assert '<span class="cal-marks" aria-hidden="true">' in html  # said in words instead


def test_today_is_marked_in_words_and_days_to_come_are_not_links(owner):
    page = page_of(owner.client.get(URL))

    (today,) = [c for c in page.cells if c.get("current")]
    assert today["href"] == "/journal/day/2026-03-28/"
    assert today["current"] == "date"
    later = [c for c in page.cells if "cal-later" in c["class"]]
    assert [c["text"] for c in later] == ["29", "30", "31"]
    assert not any(c.get("href") for c in later)


def test_the_key_explains_every_shape_in_words(owner):
    html = owner.client.get(URL).content.decode()

    for shape, words in [
        ("&#x25CF;", "Bleeding"),
        ("&#x25C6;", "Closeness or sex"),
        ("&#x25C7;", "Closeness or sex, how you felt afterwards still to add"),
    ]:
        assert f'aria-hidden="true">{shape}</span> {words}</li>' in html


def test_the_chart_and_its_table_say_the_same_days(owner):
    save(owner, date(2026, 3, 2), mood=1, bleeding="heavy")
    save(owner, date(2026, 3, 3), mood=2, bleeding="light")
    save(owner, date(2026, 3, 9), bleeding="spotting")
    save(owner, date(2026, 3, 20), mood=5, intimacy="closeness", afterwards=4)
    save(owner, date(2026, 3, 21), mood=4, intimacy="sex")
    save(owner, date(2026, 3, 22), note="nothing to draw")
    save(owner, date(2026, 2, 27), mood=3)  # another month: in neither

    response = owner.client.get(URL)
    page = page_of(response)

    assert page.points == {"2026-03-02": 1, "2026-03-03": 2, "2026-03-20": 5, "2026-03-21": 4}
    assert page.marks == {
        "2026-03-02": {"chart-bleeding"},
        "2026-03-03": {"chart-bleeding"},
        "2026-03-09": {"chart-bleeding"},
        "2026-03-20": {"chart-intimacy"},
        "2026-03-21": {"chart-intimacy chart-open"},
    }
    assert page.table == [
        ["Day", "Mood", "Bleeding", "Closeness or sex"],
        ["2 March", "Very low", "Yes", "No"],
        ["3 March", "Low", "Yes", "No"],
        ["9 March", "Not noted", "Yes", "No"],
        ["20 March", "Very good", "No", "Yes"],
        ["21 March", "Good", "No", "Yes, afterwards still to add"],
    ]
    html = response.content.decode()
    summary = (
        "Mood in March 2026, noted on 4 days: from Very low to Very good. "
        "Most recently Good, on 21 March. Bleeding on 3 days. Closeness or sex on 2 days."
    )
    assert f'<figcaption id="mood-chart-summary">{summary}</figcaption>' in html
    assert 'role="img" aria-labelledby="mood-chart-summary"' in html
    assert "<summary>The chart as a table</summary>" in html


def test_a_month_with_nothing_to_draw_says_so_calmly(owner):
    save(owner, date(2026, 3, 5), note="only words today")

    html = owner.client.get(URL).content.decode()

    assert "Nothing to draw for March yet." in html
    assert "<svg" not in html
    assert "The chart as a table" not in html


def test_the_chart_is_the_month_shown_never_the_whole_history(owner):
    for day in range(1, 29):
        save(owner, date(2026, 2, day), mood=3)
    save(owner, date(2025, 12, 31), mood=1)
    save(owner, date(2026, 3, 1), mood=5)

    page = page_of(owner.client.get(URL, {"month": "2026-02"}))

    assert len(page.points) == 28
    assert all(day.startswith("2026-02-") for day in page.points)


def test_the_list_sums_up_each_day_newest_first(owner):
    long_note = " ".join(f"word{n}" for n in range(1, 41))
    save(
        owner,
        date(2026, 3, 5),
        mood=3,
        grief=4,
        bleeding="light",
        intimacy="sex",
        afterwards=2,
        note=long_note,
    )
    save(owner, date(2026, 3, 7), grief=1, intimacy="closeness", note="short and whole")

    response = owner.client.get(URL)
    html = response.content.decode()

    fifth, seventh = html.index("Thursday 5 March</a>"), html.index("Saturday 7 March</a>")
    assert seventh < fifth
    assert (
        '<ul class="day-facts"><li>Mood: Okay</li><li>Grief: A lot</li><li>Bleeding: Light</li>'
        "<li>Sex; afterwards: Hard</li></ul>"
    ) in html
    assert (
        '<ul class="day-facts"><li>Grief: None</li>'
        "<li>Closeness; how you felt afterwards still to add</li></ul>"
    ) in html
    first_words = " ".join(f"word{n}" for n in range(1, 21))
    assert f'<p class="note">{first_words} …</p>' in html
    assert "word21" not in html
    assert '<p class="note">short and whole</p>' in html


def test_what_a_person_wrote_is_escaped_everywhere(owner):
    save(owner, date(2026, 3, 5), mood=3, note='<img src=x onerror="alert(1)"> & more')

    html = owner.client.get(URL).content.decode()

    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; more" in html


def test_the_earliest_month_offers_nothing_earlier(owner):
    response = owner.client.get(URL, {"month": "1900-01"})

    assert response.context["month"] == date(1900, 1, 1)
    assert response.context["previous"] is None
    assert "Earlier:" not in response.content.decode()
