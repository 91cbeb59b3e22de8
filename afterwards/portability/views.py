from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from afterwards.accounts.decorators import PersonRequest, person_required
from afterwards.portability import document, drip, forms, services
from afterwards.portability.forms import CSV, DripForm, ExportForm, ImportForm
from afterwards.portability.uploads import MemoryOnlyUpload


def _page(
    request: PersonRequest,
    *,
    export: ExportForm | None = None,
    bring: ImportForm | None = None,
    drip_form: DripForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "export_form": export or ExportForm(user=request.user, request=request, prefix="export"),
        "import_form": bring or ImportForm(prefix="bring"),
        "drip_form": drip_form or DripForm(prefix="drip"),
    }
    return render(request, "portability/your_data.html", context, status=status)


@require_http_methods(["GET"])
@person_required
def index(request: PersonRequest) -> HttpResponse:
    return _page(request)


@require_http_methods(["POST"])
@person_required
def export(request: PersonRequest) -> HttpResponse:
    form = ExportForm(request.POST, user=request.user, request=request, prefix="export")
    if not form.is_valid():
        return _page(request, export=form, status=400)
    now = timezone.now()
    built = services.export_build(owner=request.user, keys=request.vault, now=now)
    if form.cleaned_data["format"] == CSV:
        data, name, kind = document.as_csv_zip(built), "zip", "application/zip"
    else:
        data, name, kind = document.as_json(built), "json", "application/json"
    if form.cleaned_data["seal"]:
        data, name, kind = (
            document.sealed(data, form.cleaned_data["seal"]),
            f"{name}.age",
            "application/octet-stream",
        )
    # A neutral name: a file in a shared downloads folder says nothing of this site. Like
    # every page, the response is marked no-store (accounts.middleware).
    response = HttpResponse(data, content_type=kind)
    filename = f"export-{timezone.localdate(now).isoformat()}.{name}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _memory_only(request: HttpRequest) -> MemoryOnlyUpload:
    """Read this request's files into memory only, at most FILE_MAX_BYTES in all: never
    into a temporary file in clear. Set before anything reads the body."""
    handler = MemoryOnlyUpload(request, limit=forms.FILE_MAX_BYTES)
    request.upload_handlers = [handler]
    return handler


# The upload handler must be set before the body is read, and Django's CSRF middleware
# reads it (for the token) before any view runs. So these two views are exempt from the
# middleware only to be checked by csrf_protect themselves, once the handler is set: the
# pattern Django's documentation gives for changing upload handlers.
@csrf_exempt
@require_http_methods(["POST"])
def bring_in(request: HttpRequest) -> HttpResponse:
    return _bring_in(request, _memory_only(request))


@csrf_protect
@person_required
def _bring_in(request: PersonRequest, upload: MemoryOnlyUpload) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES, prefix="bring", too_large=upload.too_large)
    if form.is_valid():
        try:
            contents = document.read_contents(
                form.contents(), phrase=form.cleaned_data["file_passphrase"]
            )
            count = services.export_import(
                owner=request.user,
                keys=request.vault,
                items=contents.items,
                reminders=contents.reminders,
            )
        except document.Unreadable as refused:
            form.add_error(refused.field, refused.message)
        else:
            messages.success(
                request,
                f"Brought in {count} {'entry' if count == 1 else 'entries'}, "
                "sealed with your keys. Only you can read them.",
            )
            return redirect("portability:index")
    return _page(request, bring=form, status=400)


@csrf_exempt
@require_http_methods(["POST"])
def drip_in(request: HttpRequest) -> HttpResponse:
    return _drip_in(request, _memory_only(request))


@csrf_protect
@person_required
def _drip_in(request: PersonRequest, upload: MemoryOnlyUpload) -> HttpResponse:
    form = DripForm(request.POST, request.FILES, prefix="drip", too_large=upload.too_large)
    if form.is_valid():
        try:
            days = drip.bleeding_days(form.contents())
        except drip.NotDrip as refused:
            form.add_error("file", str(refused))
        else:
            outcome = services.drip_import(
                owner=request.user, keys=request.vault, days=days, today=timezone.localdate()
            )
            messages.success(request, _drip_words(outcome))
            return redirect("portability:index")
    return _page(request, drip_form=form, status=400)


def _days(count: int) -> str:
    return f"{count} {'day' if count == 1 else 'days'}"


def _drip_words(outcome: services.DripOutcome) -> str:
    words = [f"Read {_days(outcome.read)} with bleeding from drip."]
    if outcome.added:
        words.append(f"{_days(outcome.added)} now show it in your journal.")
    if outcome.kept:
        words.append(
            f"{_days(outcome.kept)} left as they were, as you had already noted bleeding there."
        )
    if outcome.later:
        words.append(f"{_days(outcome.later)} after today left out.")
    return " ".join(words)
