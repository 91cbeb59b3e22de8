"""Words for one kind of loss in a template, chosen on the server:

    {% load loss_kind %}
    {% ifkind miscarriage %}…{% elifkind stillbirth tfmr %}…{% else %}…{% endifkind %}

The first branch that names the reader's kind is shown, else the `else` branch, else
nothing; a reader who named no kind sees only `else`, which must assume none. The kind
is the template's `loss_kind` if the view gives one, otherwise the logged-in reader's own
(About your loss, read at most once a request). A kind that About your loss does not
offer is refused when the template is compiled, so a typo cannot hide words.
"""

from __future__ import annotations

from collections.abc import Iterator

from django import template
from django.template.base import Node, NodeList, Parser, Token

from afterwards.guidance.kinds import LOSS_KINDS, loss_kind_for

register = template.Library()

Branch = tuple[frozenset[str] | None, NodeList]  # None: the else branch


class IfKindNode(Node):
    def __init__(self, branches: list[Branch]) -> None:
        self.branches = branches

    def __iter__(self) -> Iterator[Node]:
        for _, nodelist in self.branches:
            yield from nodelist

    @property
    def nodelist(self) -> NodeList:
        return NodeList(self)

    def render(self, context: template.Context) -> str:
        kind = context.get("loss_kind")
        if kind is None:
            kind = loss_kind_for(getattr(context, "request", None))
        for kinds, nodelist in self.branches:
            if kinds is None or kind in kinds:
                return nodelist.render(context)
        return ""


def _kinds(token: Token, named: set[str]) -> frozenset[str]:
    command, *words = token.split_contents()
    if not words:
        raise template.TemplateSyntaxError(f"{command} needs one or more kinds of loss")
    unknown = [word for word in words if word not in LOSS_KINDS]
    if unknown:
        raise template.TemplateSyntaxError(
            f"{command}: {', '.join(unknown)} is not one of {', '.join(LOSS_KINDS)}"
        )
    if named.intersection(words) or len(set(words)) != len(words):
        raise template.TemplateSyntaxError(f"{command}: a kind is named twice")
    named.update(words)
    return frozenset(words)


@register.tag
def ifkind(parser: Parser, token: Token) -> IfKindNode:
    named: set[str] = set()
    branches: list[Branch] = [
        (_kinds(token, named), parser.parse(("elifkind", "else", "endifkind")))
    ]
    token = parser.next_token()
    while token.contents.startswith("elifkind"):
        branches.append((_kinds(token, named), parser.parse(("elifkind", "else", "endifkind"))))
        token = parser.next_token()
    if token.contents == "else":
        branches.append((None, parser.parse(("endifkind",))))
        parser.delete_first_token()
    return IfKindNode(branches)
