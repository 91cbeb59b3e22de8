"""Gentle, inclusive words everywhere a person reads: no blame, no minimising, no guesses
about gender or another pregnancy, no streaks or guilt (PRODUCT.md, principle 5).

Scans every template, message catalogue and content file under afterwards/, and the
string constants of the Python modules (docstrings and comments are for engineers and
are left out), for the phrases below, whole words, in any case. A hit fails with
file:line, the phrase and why it is on the list.

One exemption, by field: a validated questionnaire's published wording stays verbatim
(PHQ-9 item 6 asks whether "you are a failure"), so in the instrument files the fields
that carry it are not checked. Every other field of those files is our own words and is.
"""

from __future__ import annotations

import ast
import html
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "afterwards"

# phrase -> why it is on the list
AVOID: dict[str, str] = {
    # The four the product brief names, and streaks.
    "failure": "blame: a loss is nobody's failure",
    "at least": "minimising: 'at least ...' shrinks what happened",
    "try again": "assumes another pregnancy is wanted, or blames a first attempt",
    "congratulations": "cheerful praise jars; people come here after a loss",
    "streak": "no streaks: missing a day is never a thing to lose",
    # Blame.
    "your fault": "blame",
    "should have": "blame: hindsight about what a person did",
    "your body failed": "blame: of the person's body",
    # Minimising.
    "everything happens for a reason": "minimising",
    "meant to be": "minimising: fate as an explanation",
    "better place": "minimising, and a belief not everyone holds",
    "move on": "minimising: grief has no deadline",
    "get over": "minimising: grief has no deadline",
    "just a": "minimising ('just a miscarriage')",
    "could be worse": "minimising",
    "stay positive": "minimising: asks a person to hide how they feel",
    # Assumptions about gender: either partner may be any gender.
    "she": "assumes gender",
    "he": "assumes gender",
    "her": "assumes gender",
    "hers": "assumes gender",
    "him": "assumes gender",
    "his": "assumes gender",
    "husband": "assumes gender and marriage; say partner",
    "wife": "assumes gender and marriage; say partner",
    "mother": "assumes gender and parenthood",
    "father": "assumes gender and parenthood",
    "mum": "assumes gender and parenthood",
    "mom": "assumes gender and parenthood",
    "dad": "assumes gender and parenthood",
    "boyfriend": "assumes gender; say partner",
    "girlfriend": "assumes gender; say partner",
    # Assumptions about another pregnancy.
    "next baby": "assumes another pregnancy is wanted",
    "another baby": "assumes another pregnancy is wanted",
    "rainbow baby": "assumes another pregnancy is wanted",
    "try for": "assumes another pregnancy is wanted ('try for another')",
    "trying again": "assumes another pregnancy is wanted",
    # Medical words that blame the body.
    "incompetent cervix": "medical blame: say cervical weakness, or the person's words",
    "failed pregnancy": "medical blame",
    "spontaneous abortion": "clinical term heard as blame; say miscarriage",
    "habitual aborter": "medical blame",
    # Streaks and guilt.
    "you missed": "guilt about a day without a check-in",
    "you forgot": "guilt",
    "don't break": "streaks",
    "keep it up": "streaks: praise for keeping going",
}

# Whole words only ("the" is not "he", "history" is not "his"); a phrase may wrap
# across lines; curly apostrophes count as straight ones.
PATTERN = re.compile(
    r"(?<![\w'])("
    + "|".join(
        r"\s+".join(re.escape(word) for word in phrase.split())
        for phrase in sorted(AVOID, key=len, reverse=True)
    )
    + r")(?![\w])",
    re.IGNORECASE,
)

# Words that help may quote, in quotation marks, a phrase that tends to hurt, to say why
# it does. Each such quotation is named here, with its file: nothing else is let through.
QUOTED_ON_PURPOSE = {
    ("afterwards/guidance/cards/en/partner-what-hurts.md", "everything happens for a reason"),
}

# The fields of an instrument file that hold a questionnaire's published wording.
PUBLISHED_FIELDS = {"text", "stem", "instructions", "label", "name", "citation", "licence"}


@dataclass(frozen=True)
class Hit:
    path: Path
    line: int
    phrase: str

    def __str__(self) -> str:
        where = self.path.relative_to(ROOT) if self.path.is_relative_to(ROOT) else self.path
        phrase = " ".join(self.phrase.split())
        return f"{where}:{self.line}: {phrase!r} ({AVOID[phrase.lower().replace('’', "'")]})"


def phrases_in(text: str) -> Iterator[tuple[int, str]]:
    """(offset, phrase) of every phrase to avoid in `text`."""
    for match in PATTERN.finditer(text.replace("’", "'")):
        yield match.start(), match.group(1)


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _blank(match: re.Match[str]) -> str:
    """Blank out a match but keep its new lines, so later line numbers stay right."""
    return re.sub(r"[^\n]", " ", match.group(0))


# --- What each kind of file shows to people -------------------------------------------

TEMPLATE_COMMENTS = re.compile(
    r"\{#.*?#\}|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}|<!--.*?-->", re.DOTALL
)


def scan_template(path: Path) -> list[Hit]:
    """Everything but comments, which no one sees."""
    text = TEMPLATE_COMMENTS.sub(_blank, path.read_text())
    return [Hit(path, _line(text, offset), phrase) for offset, phrase in phrases_in(text)]


def scan_catalogue(path: Path) -> list[Hit]:
    """A .po file: the msgid and msgstr lines (and their continuations), not comments."""
    hits = []
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if line.startswith("#"):
            continue
        hits += [Hit(path, number, phrase) for _, phrase in phrases_in(line)]
    return hits


def scan_markdown(path: Path) -> list[Hit]:
    text = re.sub(r"<!--.*?-->", _blank, path.read_text(), flags=re.DOTALL)
    hits = [Hit(path, _line(text, offset), phrase) for offset, phrase in phrases_in(text)]
    return [hit for hit in hits if not quoted_on_purpose(hit, text)]


def quoted_on_purpose(hit: Hit, text: str) -> bool:
    """A quotation named in QUOTED_ON_PURPOSE, and in quotation marks on its line."""
    where = hit.path.relative_to(ROOT).as_posix() if hit.path.is_relative_to(ROOT) else ""
    phrase = " ".join(hit.phrase.split()).lower()
    if (where, phrase) not in QUOTED_ON_PURPOSE:
        return False
    line = text.splitlines()[hit.line - 1].lower()
    return bool(re.search(rf"[\"“][^\"“”]*{re.escape(phrase)}[^\"“”]*[\"”]", line))


def is_instrument(path: Path) -> bool:
    return (
        path.suffix == ".toml"
        and path.parent.name == "instruments"
        and (path.parent.parent.name == "wellbeing")
    )


def _strings(value: Any, key: str = "") -> Iterator[tuple[str, str]]:
    """(the key that holds it, string) for every string in a parsed TOML document."""
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for inner_key, inner in value.items():
            yield from _strings(inner, inner_key)
    elif isinstance(value, list):
        for inner in value:
            yield from _strings(inner, key)


def scan_toml(path: Path) -> list[Hit]:
    """Every string value (keys and comments are ours, not shown). In an instrument file
    the fields with the published wording are left out, and only those."""
    raw = path.read_text()
    exempt = PUBLISHED_FIELDS | {"options"} if is_instrument(path) else set()
    lines = raw.splitlines()
    hits = []
    for key, value in _strings(tomllib.loads(raw)):
        if key in exempt:
            continue
        for offset, phrase in phrases_in(value):
            hits.append(Hit(path, _line_of(lines, value, offset), phrase))
    return hits


def _line_of(lines: list[str], value: str, offset: int) -> int:
    """The line of the file where a hit in a parsed string sits: found by the words
    around it (a TOML string's escapes can differ from its value)."""
    start = value.rfind("\n", 0, offset) + 1
    end = value.find("\n", offset)
    words = value[start : end if end != -1 else None].strip()
    around = value[max(start, offset - 15) : offset + 15].strip()
    for probe in (words, around):
        for number, line in enumerate(lines, start=1):
            if probe and probe in line:
                return number
    return 1


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def scan_python(path: Path) -> list[Hit]:
    """Every string constant (f-strings' words too), but not docstrings; comments are not
    in the syntax tree at all."""
    tree = ast.parse(path.read_text(), filename=str(path))
    docstrings = _docstrings(tree)
    hits = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) in docstrings:
                continue
            hits += [
                Hit(path, node.lineno + node.value.count("\n", 0, offset), phrase)
                for offset, phrase in phrases_in(node.value)
            ]
    return hits


# Python modules whose strings no person reads: each with why.
NOT_READ_BY_PEOPLE = {
    "settings.py": "host settings and their names",
    "env.py": "messages to the host about its environment variables",
    "cli.py": "the host's command line",
    "wsgi.py": "the server entry point",
}


def python_modules() -> list[Path]:
    return sorted(
        path
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.parts
        and path.relative_to(PACKAGE).as_posix() not in NOT_READ_BY_PEOPLE
    )


def templates() -> list[Path]:
    return sorted(
        path
        for path in PACKAGE.rglob("*")
        if path.is_file() and "templates" in path.relative_to(PACKAGE).parts
    )


def _report(hits: list[Hit]) -> str:
    return "Words to avoid, found:\n  " + "\n  ".join(map(str, hits))


# --- The product ------------------------------------------------------------------------


def test_no_template_uses_words_to_avoid():
    found = templates()
    assert found, "no templates found: the scan looks in the wrong place"
    hits = [hit for path in found for hit in scan_template(path)]
    assert not hits, _report(hits)


def test_no_message_catalogue_uses_words_to_avoid():
    hits = [hit for path in sorted(PACKAGE.rglob("*.po")) for hit in scan_catalogue(path)]
    assert not hits, _report(hits)


def test_no_content_file_uses_words_to_avoid():
    markdown = sorted(PACKAGE.rglob("*.md"))
    toml = sorted(PACKAGE.rglob("*.toml"))
    assert toml, "no content files found: the scan looks in the wrong place"
    hits = [hit for path in markdown for hit in scan_markdown(path)]
    hits += [hit for path in toml for hit in scan_toml(path)]
    assert not hits, _report(hits)


def test_no_python_message_uses_words_to_avoid():
    modules = python_modules()
    assert any(path.name == "forms.py" for path in modules)
    hits = [hit for path in modules for hit in scan_python(path)]
    assert not hits, _report(hits)


# --- The check itself -----------------------------------------------------------------


def test_the_check_finds_a_hit_with_its_file_and_line(tmp_path):
    template = tmp_path / "page.html"
    template.write_text("<h1>Hello</h1>\n<p>Congratulations on\nyour streak!</p>\n")
    catalogue = tmp_path / "django.po"
    catalogue.write_text('# a comment about failure\nmsgid "Saved"\nmsgstr "At least it saved"\n')
    card = tmp_path / "card.md"
    card.write_text("# A card\n\nIt was just a\nbad day.\n")
    module = tmp_path / "forms.py"
    module.write_text(
        '"""Docstrings may say failure."""\n\n'
        "# so may comments: failure\n"
        "X = 1\n"
        'HELP = (\n    "Please "\n    f"try again, {X}"\n)\n'
    )

    assert [(h.line, h.phrase) for h in scan_template(template)] == [
        (2, "Congratulations"),
        (3, "streak"),
    ]
    assert [(h.line, h.phrase) for h in scan_catalogue(catalogue)] == [(3, "At least")]
    assert [(h.line, " ".join(h.phrase.split())) for h in scan_markdown(card)] == [(3, "just a")]
    # A string written over several lines is reported at the line where it starts.
    assert [(h.line, h.phrase) for h in scan_python(module)] == [(6, "try again")]
    assert f"{template}:2: 'Congratulations' (cheerful praise" in str(scan_template(template)[0])


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("The history of this page", []),
        ("Then she said", ["she"]),
        ("He's here", ["He"]),
        ("Her partner’s words", ["Her"]),
        ("Share these notes", []),
        ("mothers and others", []),
        ("Ask your partner", []),
        ("DON'T BREAK the chain", ["DON'T BREAK"]),
        ("You can move\n   on whenever", ["move\n   on"]),
        ("at leastwise", []),
    ],
)
def test_the_check_matches_whole_words_in_any_case(text, found):
    assert [phrase for _, phrase in phrases_in(text)] == found


def test_comments_in_templates_are_not_checked(tmp_path):
    template = tmp_path / "page.html"
    template.write_text(
        "{# he said #}\n<!-- his -->\n{% comment %}\nfailure\n{% endcomment %}\n<p>she</p>\n"
    )
    assert [(h.line, h.phrase) for h in scan_template(template)] == [(6, "she")]


def test_an_instruments_published_wording_is_exempt_by_field_only(tmp_path):
    folder = tmp_path / "wellbeing" / "instruments"
    folder.mkdir(parents=True)
    instrument = folder / "sample.toml"
    instrument.write_text(
        'name = "The failure scale"\n'
        'citation = "Someone, At least 2001"\n'
        'licence = "Free for his use"\n'
        'stem = "How often has she"\n'
        'instructions = "Try again if he asks"\n'
        'about = "How you are."\n'
        'options = [{ value = 0, label = "Not a failure" }]\n'
        'items = [{ n = 1, text = "Feeling that you are a failure" }]\n'
        "[difficulty]\n"
        'text = "Has it been a failure?"\n'
        'options = ["Not at all a failure"]\n'
        "[[bands]]\n"
        'name = "failure"\n'
        'words = "Congratulations on a low score."\n'
        "[[safety]]\n"
        'message = "Your streak of answers"\n'
    )

    assert [(h.line, h.phrase) for h in scan_toml(instrument)] == [
        (14, "Congratulations"),
        (16, "streak"),
    ]

    # The same words anywhere else are checked, whatever the field is called.
    card = tmp_path / "guidance" / "cards.toml"
    card.parent.mkdir()
    card.write_text(instrument.read_text())
    assert len(scan_toml(card)) == 13


def test_a_quotation_is_let_through_only_where_it_is_named_and_in_quotation_marks(tmp_path):
    where, phrase = next(iter(QUOTED_ON_PURPOSE))
    card = ROOT / where
    named = Hit(card, 3, phrase)
    assert quoted_on_purpose(named, f"a\nb\n- **“{phrase.capitalize()}.”** It asks\n")
    assert not quoted_on_purpose(named, f"a\nb\n{phrase.capitalize()}, they say.\n")
    elsewhere = tmp_path / "card.md"
    elsewhere.write_text(f'People say "{phrase}".\n')
    assert [h.line for h in scan_markdown(elsewhere)] == [1]


def test_docstrings_are_left_out_but_other_strings_are_not(tmp_path):
    module = tmp_path / "views.py"
    module.write_text(
        '"""A module docstring: failure."""\n'
        "def view():\n"
        '    """A function docstring: failure."""\n'
        '    return "Your streak"\n'
        "class Form:\n"
        '    """A class docstring: failure."""\n'
        '    label = "At least ten"\n'
    )
    assert [(h.line, h.phrase) for h in scan_python(module)] == [(4, "streak"), (7, "At least")]


# --- Pages as people read them: questionnaires and cards, rendered --------------------

TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.DOTALL | re.IGNORECASE)


def visible_text(page: str) -> str:
    """A page's words as a reader meets them: tags gone, entities read."""
    return html.unescape(TAGS.sub(" ", page))


def published_wording(instrument: Any) -> list[str]:
    """Every piece of a questionnaire's published text, longest first."""
    pieces = [
        instrument.name,
        instrument.citation,
        instrument.licence,
        instrument.stem,
        instrument.instructions,
        *(option.label for option in instrument.options),
        *(item.text for item in instrument.items),
    ]
    if instrument.difficulty is not None:
        pieces += [instrument.difficulty.text, *instrument.difficulty.options]
    return sorted((piece for piece in pieces if piece), key=len, reverse=True)


def words_to_avoid_on(
    page: str, *, published: list[str] | None = None, quoted: set[str] | None = None
) -> list[str]:
    text = visible_text(page)
    for piece in published or []:
        text = text.replace(piece, " ")
    for phrase in quoted or set():  # a quotation a card makes on purpose, in quotation marks only
        text = re.sub(rf"[\"“][^\"“”]*{re.escape(phrase)}[^\"“”]*[\"”]", " ", text, flags=re.I)
    return [" ".join(phrase.split()) for _, phrase in phrases_in(text)]


def _instruments() -> dict[str, Any]:
    from afterwards.wellbeing import catalogue

    return catalogue.instruments()


@pytest.mark.parametrize("key", sorted(_instruments()))
def test_questionnaire_pages_as_rendered_use_no_words_to_avoid(owner, key):
    from afterwards.wellbeing import services as wellbeing

    instrument = _instruments()[key]
    published = published_wording(instrument)
    highest = max(option.value for option in instrument.options)
    entry = wellbeing.result_save(
        owner=owner.user,
        keys=owner.keys,
        instrument=instrument,
        answers={item.n: highest for item in instrument.items},
    )
    pages = [
        f"/wellbeing/{key}/",
        f"/wellbeing/results/{entry.pk}/",  # the crisis screen, when a safety item is positive
        f"/wellbeing/results/{entry.pk}/score/",
        "/wellbeing/",
    ]
    for path in pages:
        response = owner.client.get(path)
        assert response.status_code == 200, path
        assert words_to_avoid_on(response.content.decode(), published=published) == [], path


def test_a_questionnaire_refused_with_errors_uses_no_words_to_avoid(owner):
    instrument = _instruments()["phq9"]
    response = owner.client.post("/wellbeing/phq9/", {"item_1": "7", "item_9": "2"})
    assert response.status_code == 400
    page = response.content.decode()
    assert words_to_avoid_on(page, published=published_wording(instrument)) == []


def test_every_card_as_rendered_uses_no_words_to_avoid(client, owner, db):
    from afterwards.guidance.cards import library

    quoted = {phrase for _, phrase in QUOTED_ON_PURPOSE}
    for audience in ("", "partner", "person", "both"):
        page = client.get("/words/", {"for": audience} if audience else {}).content.decode()
        assert words_to_avoid_on(page) == [], audience
    for card in library():
        for reader in (client, owner.client):
            page = reader.get(f"/words/{card.id}/").content.decode()
            assert words_to_avoid_on(page, quoted=quoted) == [], card.id


def test_the_rendered_page_check_finds_a_hit_and_lets_published_wording_through():
    page = "<p>Feeling bad about yourself &mdash; or that you are a failure</p><p>A streak!</p>"
    assert words_to_avoid_on(page) == ["failure", "streak"]
    published = ["Feeling bad about yourself — or that you are a failure"]
    assert words_to_avoid_on(page, published=published) == ["streak"]
