"""The questionnaires this server offers: the shipped files and a host's extra folder."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import Http404

from afterwards.wellbeing.instrument import SHIPPED, Instrument, InstrumentError, instruments_load

# Path segments under /wellbeing/ that are pages, not questionnaires.
RESERVED = {"results", "schedule"}


@cache
def _load(extra: str) -> dict[str, Instrument]:
    folders = [SHIPPED]
    if extra:
        folder = Path(extra)
        if not folder.is_dir():
            raise InstrumentError(f"AFTERWARDS_INSTRUMENTS_DIR: {folder} is not a folder")
        folders.append(folder)
    found = instruments_load(*folders)
    for identifier in sorted(RESERVED & set(found)):
        raise InstrumentError(f"{found[identifier].source}: the id {identifier!r} is reserved")
    return found


def instruments() -> dict[str, Instrument]:
    """Every instrument on offer, keyed by id, checked once per folder setting."""
    return _load(settings.WELLBEING_INSTRUMENTS_DIR)


def instrument_or_404(identifier: str) -> Instrument:
    found = instruments().get(identifier)
    if found is None:
        raise Http404("no such questionnaire")
    return found
