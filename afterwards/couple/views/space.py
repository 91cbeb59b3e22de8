"""The space itself: its home page, inviting, joining and leaving."""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from afterwards.accounts.decorators import PersonRequest, person_required
from afterwards.couple import membership, pins, space
from afterwards.couple.forms import JoinCodeForm
from afterwards.couple.models import Invitation
from afterwards.couple.nudges import nudge_for
from afterwards.couple.questions import answers
from afterwards.couple.sharing import Pair
from afterwards.vault.middleware import VaultRequest


@require_http_methods(["GET"])
@person_required
def home(request: PersonRequest) -> HttpResponse:
    context: dict[str, object] = {"ended": membership.space_ended_notice(request.user)}
    pair = space.pair_ready(owner=request.user, keys=request.vault)
    if pair is None:
        context["pending"] = membership.invitation_pending(request.user)
        context["join_form"] = JoinCodeForm()
        return render(request, "couple/home_alone.html", context)
    context["pair"] = pair
    context["paused"] = not pair.sharing
    context["nudge"] = nudge_for(request)
    context["question"] = _question_of_today(request, pair)
    # The person's own key as their session holds it (their secret key only opens with
    # it), never the database's: a host that swapped both rows would show both the same.
    context["safety_code"] = pins.safety_code(request.vault.public_key, pair.partner_key)
    return render(request, "couple/home.html", context)


def _question_of_today(request: PersonRequest, pair: Pair) -> dict[str, object]:
    """The day's question as the questions page offers it, from the person's own answers
    and choices alone: nothing of the partner's is looked up, so this part of the page is
    the same whether or not they answered (tests/couple/test_home_question.py)."""
    talk = answers.talk_for(owner=request.user, keys=request.vault, pair=pair)
    today = timezone.localdate()
    return {
        "day": today,
        "text": answers.question_for(talk, today).text,
        "answered": answers.answer_own(talk, today) is not None,
        "offered": answers.offered_by_rhythm(talk, today) and not answers.skipped(talk, today),
    }


@require_http_methods(["POST"])
@person_required
def invite(request: PersonRequest) -> HttpResponse:
    try:
        new = membership.invitation_create(inviter=request.user)
    except membership.CannotLink as reason:
        messages.info(request, str(reason))
        return redirect("couple:home")
    link = request.build_absolute_uri(reverse("couple:join_link", args=[new.token]))
    return render(
        request,
        "couple/invited.html",
        {"link": link, "code": new.code, "expires_at": new.invitation.expires_at},
    )


@require_http_methods(["POST"])
@person_required
def invite_withdraw(request: PersonRequest) -> HttpResponse:
    membership.invitation_revoke(inviter=request.user)
    messages.success(request, "Your invitation is withdrawn. Its link and code no longer work.")
    return redirect("couple:home")


def _confirm(
    request: PersonRequest, invitation: Invitation, *, code: str = "", status: int = 200
) -> HttpResponse:
    return render(
        request,
        "couple/join_confirm.html",
        {"invitation": invitation, "code": code},
        status=status,
    )


def _accept(request: PersonRequest, invitation: Invitation) -> HttpResponse:
    try:
        membership.invitation_accept(invitation=invitation, acceptor=request.user)
    except membership.CannotLink as reason:
        return render(request, "couple/join_unusable.html", {"reason": str(reason)}, status=409)
    messages.success(
        request,
        f"You now share a space with {invitation.inviter.username}. "
        "Nothing of yours is shared until you choose it.",
    )
    return redirect("couple:home")


@require_http_methods(["GET", "POST"])
def join_by_link(request: VaultRequest, token: str) -> HttpResponse:
    """Someone logged out first meets the invitation here: what Afterwards is, what
    joining means, and a way to make an account or log in that comes back to it."""
    if request.method == "GET" and (not request.user.is_authenticated or request.vault is None):
        return _first_sight(request, token)
    return _join_by_link(request, token)


def _first_sight(request: VaultRequest, token: str) -> HttpResponse:
    invitation = membership.invitation_by_token(token)
    if invitation is None:
        return render(request, "couple/join_unusable.html", status=404)
    # Nothing about the inviter: whoever holds the link has no account here yet, and the
    # inviter chose nothing to show. Once logged in, the next page says who invites.
    # The way back is a ?next= query, which the log filter hides whole (afterwards/logs.py).
    back = quote(request.path)
    return render(
        request,
        "couple/join_welcome.html",
        {
            "next_page": request.path,
            "signup_url": f"{reverse('accounts:signup')}?next={back}",
            "login_url": f"{reverse('accounts:login')}?next={back}",
            "registration": settings.REGISTRATION,
            "expires_at": invitation.expires_at,
        },
    )


@person_required
def _join_by_link(request: PersonRequest, token: str) -> HttpResponse:
    invitation = membership.invitation_by_token(token)
    if invitation is None:
        return render(request, "couple/join_unusable.html", status=404)
    if request.method == "POST":
        return _accept(request, invitation)
    return _confirm(request, invitation)


@require_http_methods(["GET", "POST"])
@person_required
def join_by_code(request: PersonRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "couple/join.html", {"form": JoinCodeForm()})
    form = JoinCodeForm(request.POST)
    if not form.is_valid():
        return render(request, "couple/join.html", {"form": form}, status=400)
    invitation = membership.invitation_by_code(form.cleaned_data["code"])
    if invitation is None:
        form.add_error(
            "code",
            "This code does not open an invitation. It may have been used, withdrawn or "
            "run out after seven days: your partner can make a new one.",
        )
        return render(request, "couple/join.html", {"form": form}, status=400)
    if request.POST.get("accept") == "yes":
        return _accept(request, invitation)
    return _confirm(request, invitation, code=form.cleaned_data["code"])


@require_http_methods(["GET", "POST"])
@person_required
def leave(request: PersonRequest) -> HttpResponse:
    if membership.member_of(request.user) is None:
        return redirect("couple:home")
    if request.method == "POST":
        membership.couple_leave(user=request.user)
        messages.success(
            request, "You have left the shared space. Nothing of yours is shared any more."
        )
        return redirect("couple:home")
    return render(request, "couple/leave.html")
