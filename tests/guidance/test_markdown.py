"""The cards' small Markdown: paragraphs, lists, headings and bold, with all HTML escaped,
and words chosen for the kind of loss."""

from __future__ import annotations

import pytest

from afterwards.guidance import markdown
from afterwards.guidance.markdown import render


def test_paragraphs_lists_headings_and_bold():
    html = render("One line\nwraps here.\n\n## A heading\n\n- **first** item\n- second\n  wrapped")
    assert html == (
        "<p>One line wraps here.</p>\n<h2>A heading</h2>\n"
        "<ul><li><strong>first</strong> item</li><li>second wrapped</li></ul>"
    )


def test_headings_can_be_shifted_to_fit_the_page():
    assert render("## Inside", heading_offset=1) == "<h3>Inside</h3>"


def test_html_in_the_source_is_escaped_never_rendered():
    html = render('<script>alert(1)</script>\n\n- <img src=x onerror="y">\n\n**<b>**')
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<strong>&lt;b&gt;</strong>" in html


def test_a_paragraph_then_a_list_in_one_block():
    assert render("Before:\n- one\n- two") == "<p>Before:</p>\n<ul><li>one</li><li>two</li></ul>"


def test_lone_asterisks_stay_as_written():
    assert render("a ** b and 2*3") == "<p>a ** b and 2*3</p>"


# --- Words for one kind of loss ---------------------------------------------------------

KINDS = ("miscarriage", "ectopic", "molar", "stillbirth", "tfmr")
CHOICE = """For everyone.

- One for all
::: miscarriage
- For a miscarriage
::: ectopic molar
- For an ectopic or a molar pregnancy
::: else
- For anyone else
:::
- Again for all
"""


@pytest.mark.parametrize(
    ("kind", "shown"),
    [
        ("miscarriage", "For a miscarriage"),
        ("ectopic", "For an ectopic or a molar pregnancy"),
        ("molar", "For an ectopic or a molar pregnancy"),
        ("stillbirth", "For anyone else"),
        ("", "For anyone else"),
    ],
)
def test_a_choice_shows_the_branch_for_the_kind_in_one_list_and_no_marker(kind, shown):
    html = str(markdown.render(markdown.choose(CHOICE, kind, kinds=KINDS)))
    items = [line for line in CHOICE.splitlines() if line.startswith("- ")]
    assert html.count("<ul>") == 1  # the branch's items join the list around them
    assert f"<li>One for all</li><li>{shown}</li><li>Again for all</li>" in html
    assert sum(item[2:] in html for item in items) == 3
    assert ":::" not in html


def test_without_else_a_kind_no_branch_names_sees_nothing_of_the_choice():
    text = "Before.\n\n::: stillbirth tfmr\nAfter a later loss.\n:::\n\nAfter."
    assert (
        markdown.choose(text, "stillbirth", kinds=KINDS)
        == "Before.\n\nAfter a later loss.\n\nAfter."
    )
    assert markdown.choose(text, "miscarriage", kinds=KINDS) == "Before.\n\n\nAfter."
    assert markdown.choose(text, "", kinds=KINDS) == "Before.\n\n\nAfter."


def test_parts_name_each_branch_and_its_kinds():
    parts = markdown.parts(CHOICE, kinds=KINDS)
    assert [(part.first, part.choice, sorted(part.kinds), part.otherwise) for part in parts] == [
        (1, None, [], False),
        (5, 0, ["miscarriage"], False),
        (7, 0, ["ectopic", "molar"], False),
        (9, 0, [], True),
        (11, None, [], False),
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("::: miscarige\nx\n:::", "line 1: miscarige is not a kind of loss"),
        ("::: other\nx\n:::", "other is not a kind of loss"),
        ("::: miscarriage\nx\n::: ectopic miscarriage\ny\n:::", "line 3: miscarriage named twice"),
        ("::: molar molar\nx\n:::", "named twice"),
        ("::: miscarriage\nx\n::: else\ny\n::: ectopic\nz\n:::", "line 5: a branch after ::: else"),
        ("::: else\nx\n:::", "line 1: ::: else must follow"),
        ("x\n:::", "line 2: ::: closes a choice that was not opened"),
        ("::: miscarriage\nx", "not closed"),
    ],
)
def test_a_choice_that_could_hide_words_is_refused(text, problem):
    with pytest.raises(markdown.MarkdownError, match=problem):
        markdown.parts(text, kinds=KINDS)
