from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from afterwards.accounts.decorators import PersonRequest, person_required
from afterwards.couple import sharing
from afterwards.report import couple, links, parts
from afterwards.report.document import Report, report_pdf
from afterwards.report.forms import SECTIONS, CodeForm, ContentsForm, PeriodForm, period_default
from afterwards.report.models import ReportLink

ACTIONS = (
    "preview",
    "pdf",
    "link",
    "consent",
    "consent_confirm",
    "couple_preview",
    "couple_pdf",
    "couple_link",
)
# The notes list's own two buttons, which only tick boxes (with JavaScript, at once).
NOTES_CHOOSE = ("notes_all", "notes_none")


def _pair(request: PersonRequest) -> sharing.Pair | None:
    return sharing.pair_for(owner=request.user, keys=request.vault)


def _page(
    request: PersonRequest,
    *,
    period_form: PeriodForm,
    contents_form: ContentsForm | None,
    status: int = 200,
) -> HttpResponse:
    pair = _pair(request)
    offered = couple.consent_given(owner=request.user, keys=request.vault) if pair else None
    report_links = links.links_of(request.user)
    held = links.held_by(owner=request.user, keys=request.vault)
    now = timezone.now()
    return render(
        request,
        "report/index.html",
        {
            "period_form": period_form,
            "form": contents_form,
            # Each link, what it holds, and whether wrong codes closed it.
            "links": [
                (
                    link,
                    _held_words(held.get(str(link.pk))),
                    link.wrong_codes >= links.WRONG_CODES_MAX,
                )
                for link in report_links
            ],
            "closed_by_guesses": any(
                link.wrong_codes >= links.WRONG_CODES_MAX for link in report_links
            ),
            "now": now,
            "in_couple": pair is not None,
            "safety_questions": parts.safety_questions(),
            "offered": (
                parts.part_view(offered, prefix="offered", about_partner=True) if offered else None
            ),
            "offered_reads": parts.partner_reads(offered) if offered else [],
        },
        status=status,
    )


def _held_words(held: links.Held | None) -> str:
    if held is None:
        return ""
    what = "A couple report" if held.couple else "A report"
    return f"{what} for {parts.period_label(held.first, held.last)}."


def _link_made(
    request: PersonRequest,
    report: Report,
    days: int | None,
    *,
    pair: sharing.Pair | None = None,
    partner_part: dict[str, Any] | None = None,
) -> HttpResponse:
    """Seal the PDF (slow, before any lock), then store the link; one holding the
    partner's part only while they still offer it, under the lock taking it out takes."""
    sealed = links.report_link_seal(report_pdf(report), filename=report.filename)
    with transaction.atomic():
        if partner_part is not None and not (
            pair is not None
            and couple.partner_part_still(
                reader=request.user, keys=request.vault, pair=pair, part=partner_part
            )
        ):
            new = None
        else:
            new = links.report_link_store(
                owner=request.user,
                sealed=sealed,
                days=days or links.DAYS_DEFAULT,
                holds_partner_part=partner_part is not None,
            )
    if new is None:
        messages.info(request, "Your partner's part is no longer offered, so no link was made.")
        return redirect("report:index")
    links.held_note(
        owner=request.user,
        keys=request.vault,
        link=new.link,
        first=report.first,
        last=report.last,
        couple=report.couple,
    )
    return render(
        request,
        "report/link_made.html",
        {
            "new": new,
            "url": request.build_absolute_uri(new.path),
            "report": report,
            "wrong_codes_max": links.WRONG_CODES_MAX,
        },
    )


def _contents_form(
    request: PersonRequest, first: date, last: date, data: Any = None
) -> ContentsForm:
    choices = parts.note_choices(owner=request.user, keys=request.vault, first=first, last=last)
    initial = {
        "date_from": first,
        "date_to": last,
        "sections": list(SECTIONS),
        "days": links.DAYS_DEFAULT,
    }
    return ContentsForm(data, initial=initial, note_choices=choices)


@require_http_methods(["GET"])
@person_required
def index(request: PersonRequest) -> HttpResponse:
    if "date_from" in request.GET or "date_to" in request.GET:
        period_form = PeriodForm(request.GET)
        if not period_form.is_valid():
            return _page(request, period_form=period_form, contents_form=None, status=400)
        first, last = period_form.period
    else:
        first, last = period_default(timezone.localdate())
        period_form = PeriodForm(initial={"date_from": first, "date_to": last})
    return _page(
        request, period_form=period_form, contents_form=_contents_form(request, first, last)
    )


def _report(parts_: list[parts.PartView], *, name: str = "", **kwargs: Any) -> Report:
    return Report(parts=parts_, made=timezone.localdate(), name=name.strip(), **kwargs)


def _pdf_response(report: Report, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(report_pdf(report), content_type="application/pdf")
    how = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{how}; filename="{report.filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _notes_chosen(request: PersonRequest, first: date, last: date, *, every: bool) -> HttpResponse:
    """Without JavaScript, "Choose all notes" and "Choose none" send the form: it comes
    back as it was sent, with every note of the period ticked, or none."""
    data = request.POST.copy()
    form = _contents_form(request, first, last, data)
    offered = [str(value) for value, _ in form.fields["notes"].widget.choices]
    data.setlist("notes", offered if every else [])
    period_form = PeriodForm(initial={"date_from": first, "date_to": last})
    return _page(request, period_form=period_form, contents_form=form)


@require_POST
@person_required
def make(request: PersonRequest) -> HttpResponse:
    """Preview, download, link or offer to a couple report: one form, one button each."""
    period = PeriodForm(request.POST)
    first, last = period.period if period.is_valid() else period_default(timezone.localdate())
    action = request.POST.get("action", "")
    if action in NOTES_CHOOSE:
        return _notes_chosen(request, first, last, every=action == "notes_all")
    form = _contents_form(request, first, last, request.POST)
    if not form.is_valid() or action not in ACTIONS:
        if form.is_valid():
            form.add_error(None, "Please choose one of the buttons below the form.")
        period_form = PeriodForm(initial={"date_from": first, "date_to": last})
        return _page(request, period_form=period_form, contents_form=form, status=400)
    part = parts.part_build(
        owner=request.user,
        keys=request.vault,
        first=first,
        last=last,
        sections=form.cleaned_data["sections"],
        note_days=form.note_days,
        today=timezone.localdate(),
        bleeding_closeness=form.cleaned_data["bleeding_closeness"],
        therapist_list=form.cleaned_data["therapist_list"],
    )
    own = parts.part_view(part, prefix="own")
    name = form.cleaned_data["name"]
    if action == "preview":
        return render(
            request, "report/preview.html", {"report": _report([own], name=name), "form": form}
        )
    if action == "pdf":
        return _pdf_response(_report([own], name=name))
    if action == "link":
        return _link_made(request, _report([own], name=name), form.cleaned_data["days"])
    pair = _pair(request)
    if pair is None:
        messages.info(request, "A couple report needs a shared space: there is none now.")
        return redirect("report:index")
    if action == "consent":
        # First, exactly what the partner would read; nothing is offered until confirmed.
        return render(
            request,
            "report/consent.html",
            {
                "form": form,
                "period": own.period,
                "reads": parts.partner_reads(part),
                "view": parts.part_view(
                    parts.part_for_partner(part), prefix="offer", about_partner=True
                ),
            },
        )
    if action == "consent_confirm":
        if couple.consent_give(owner=request.user, keys=request.vault, pair=pair, part=part):
            messages.success(
                request,
                f"Your part for {own.period} can now go into a couple report. "
                "You can take it out at any time.",
            )
        else:
            messages.info(request, "Your sharing is paused, so nothing was offered.")
        return redirect("report:index")
    theirs = couple.partner_part(reader=request.user, keys=request.vault, pair=pair)
    shown = [own] + (
        [parts.part_view(theirs, prefix="partner", about_partner=True)] if theirs else []
    )
    report = _report(shown, name=name, couple=True, partner_missing=theirs is None)
    if action == "couple_pdf":
        return _pdf_response(report)
    if action == "couple_link":
        return _link_made(
            request, report, form.cleaned_data["days"], pair=pair, partner_part=theirs
        )
    return render(request, "report/preview.html", {"report": report, "form": form})


@require_POST
@person_required
def consent_withdraw(request: PersonRequest) -> HttpResponse:
    couple.consent_withdraw(owner=request.user, keys=request.vault)
    messages.success(request, "Your part is out of any couple report now.")
    return redirect("report:index")


@require_POST
@person_required
def link_revoke(request: PersonRequest, link_id: UUID) -> HttpResponse:
    link = ReportLink.objects.owned_by(request.user).filter(pk=link_id).first()
    if link is None:
        raise Http404("no such link")
    links.report_link_revoke(link=link)
    messages.success(request, "The link is closed. It no longer opens.")
    return redirect("report:index")


def _closed(request: HttpRequest, form: CodeForm) -> HttpResponse:
    # The same page for a wrong code, an expired, revoked or unknown link.
    return render(request, "report/link_open.html", {"form": form, "closed": True}, status=404)


@require_http_methods(["GET", "POST"])
def link_open(request: HttpRequest, link_id: str, secret: str) -> HttpResponse:
    """The therapist's page: no login, a code to type, then the PDF."""
    if request.method == "GET":
        return render(request, "report/link_open.html", {"form": CodeForm()})
    form = CodeForm(request.POST)
    if not form.is_valid():
        return render(request, "report/link_open.html", {"form": form}, status=400)
    opened = links.report_link_open(link_id=link_id, secret=secret, code=form.cleaned_data["code"])
    if opened is None:
        return _closed(request, CodeForm())
    response = HttpResponse(opened.pdf, content_type="application/pdf")
    # The same neutral name as a download, sealed with the PDF (links.envelope_seal).
    response["Content-Disposition"] = f'inline; filename="{opened.filename}"'
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
