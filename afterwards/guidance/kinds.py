"""Words that fit the loss: which kinds of loss words can be keyed to, and whose.

Some sentences are true for one kind of loss only: "ovulation can come about two weeks
after a miscarriage" is not said of a stillbirth, and a fact we have for one kind is not
borrowed for another (where we have none, the words say to ask the care team). Such a
sentence is written for its kinds: in a card, between "::: <kind>" lines (markdown.py);
in a template, inside `{% ifkind <kind> %}` (templatetags/loss_kind.py). Both choose on
the server, from what the reader told us in About your loss; someone who told us no
kind, "something else" or "I'd rather not say" gets words that assume none.
tests/test_loss_kind_words.py fails if a card or a template names a kind outside words
keyed to it.
"""

from __future__ import annotations

from django.http import HttpRequest

from afterwards.loss.about import KINDS, about_loss_for

# The kinds words can be written for: every choice of About your loss that names a kind
# ("something else" and "I'd rather not say" name none, so they get the words for none).
LOSS_KINDS = tuple(kind for kind in KINDS if kind not in {"other", "unsaid"})


def loss_kind_for(request: HttpRequest | None) -> str:
    """The reader's kind of loss, one of LOSS_KINDS, or "" when they named none."""
    if request is None:
        return ""
    kind = about_loss_for(request).kind
    return kind if kind in LOSS_KINDS else ""
