"""The cards' small Markdown: paragraphs, lists, headings and bold, with all HTML escaped."""

from __future__ import annotations

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
