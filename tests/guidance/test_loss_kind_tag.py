"""{% ifkind %}: words in a template for one kind of loss, chosen on the server."""

from __future__ import annotations

import pytest
from django.template import Context, RequestContext, Template, TemplateSyntaxError
from django.test import RequestFactory

from afterwards.loss.about import AboutLoss, about_loss_save

CHOICE = (
    "{% load loss_kind %}"
    "{% ifkind miscarriage %}M{% elifkind stillbirth tfmr %}L{% else %}N{% endifkind %}"
)


@pytest.mark.parametrize(
    ("kind", "shown"),
    [("miscarriage", "M"), ("stillbirth", "L"), ("tfmr", "L"), ("ectopic", "N"), ("", "N")],
)
def test_the_first_branch_naming_the_kind_is_shown_else_the_else(kind, shown):
    assert Template(CHOICE).render(Context({"loss_kind": kind})) == shown


def test_without_else_a_kind_no_branch_names_sees_nothing():
    template = Template("{% load loss_kind %}a{% ifkind molar %}b{% endifkind %}c")
    assert template.render(Context({"loss_kind": "molar"})) == "abc"
    assert template.render(Context({"loss_kind": "ectopic"})) == "ac"


def test_without_a_kind_in_the_context_the_readers_own_is_read(owner, partner):
    about_loss_save(owner=owner.user, keys=owner.keys, about=AboutLoss(kind="stillbirth"))
    about_loss_save(owner=partner.user, keys=partner.keys, about=AboutLoss(kind="other"))
    request = RequestFactory().get("/")
    request.user = owner.user
    request.vault = owner.keys  # type: ignore[attr-defined]
    assert Template(CHOICE).render(RequestContext(request)) == "L"
    request = RequestFactory().get("/")
    request.user = partner.user
    request.vault = partner.keys  # type: ignore[attr-defined]
    assert Template(CHOICE).render(RequestContext(request)) == "N"  # "something else": none
    assert Template(CHOICE).render(Context()) == "N"  # no request, no reader


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("{% ifkind %}x{% endifkind %}", "needs one or more kinds"),
        ("{% ifkind misscarriage %}x{% endifkind %}", "misscarriage is not one of"),
        ("{% ifkind other %}x{% endifkind %}", "other is not one of"),
        ("{% ifkind molar %}x{% elifkind molar %}y{% endifkind %}", "named twice"),
        ("{% ifkind molar %}x", "endifkind"),
    ],
)
def test_a_choice_that_could_hide_words_is_refused_when_compiled(source, problem):
    with pytest.raises(TemplateSyntaxError, match=problem):
        Template("{% load loss_kind %}" + source)
