"""Taking everything out, bringing an export in, and bleeding days from drip."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from django.db import transaction

from afterwards.dates import services as dates
from afterwards.dates.services import hard_dates_resync
from afterwards.journal import services as journal
from afterwards.journal.checkin import KIND as CHECKIN
from afterwards.journal.checkin import CheckIn
from afterwards.loss.about import about_loss_get
from afterwards.notify.forms import PreferencesForm
from afterwards.notify.models import Preferences
from afterwards.notify.services import preferences_get, preferences_save, questionnaire_sync
from afterwards.portability import kinds
from afterwards.portability.document import (
    FORMAT,
    REMINDERS,
    SCHEMA_VERSION,
    Item,
    Unreadable,
)
from afterwards.vault import services as vault
from afterwards.vault.keyring import UnlockedKeys
from afterwards.vault.models import Entry, Keyring
from afterwards.wellbeing.services import RESULT_KIND

# Kinds of which a person keeps many: an account that holds any of these is not fresh,
# and an import into it could repeat them (a result has no index to find it by).
JOURNAL_KINDS = (CHECKIN, RESULT_KIND)

# Rows per INSERT: well under every engine's limit on parameters in one statement.
IMPORT_BATCH = 500

# drip's days per transaction: about a second of saves at most, so that others' saves wait
# no longer than that.
DRIP_BATCH = 200

NOT_FRESH = (
    "This account already has days or questionnaires in it. Bringing in an export is for a "
    "fresh start, so nothing is merged: please bring it into a new account. Nothing was saved."
)


def export_build(*, owner: Any, keys: UnlockedKeys, now: datetime) -> dict[str, Any]:
    """Every entry the person owns and wrote, opened, grouped by kind (one query).

    Copies made for a partner and the partner's pinned key are left out (kinds.LEFT_OUT).
    A kind in neither table is still exported, with no index, rather than dropped; the
    test of kinds.py makes sure there is none. The reminder choices (kept in clear for
    the worker, not in the vault) are added by the Reminders page's field names; the
    browsers that agreed to push are not: each belongs to one browser.
    """
    entries = Entry.objects.owned_by(owner).exclude(kind__in=list(kinds.LEFT_OUT))
    items = []
    for entry in entries:
        content = vault.entry_open(entry, keys)
        index = kinds.index_of(entry.kind, content) if entry.kind in kinds.OWN else None
        items.append({"kind": entry.kind, "index": index, "content": content})
    items.sort(key=lambda item: (item["kind"], item["index"] or "", str(item["content"])))
    built = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "exported_at": now.isoformat(timespec="seconds"),
        "username": owner.username,
        "entries": items,
    }
    chosen = Preferences.objects.filter(user=owner).first()
    if chosen is not None:  # only once the person saved the Reminders page
        built[REMINDERS] = PreferencesForm.initial_from(chosen)
    return built


def _sealed_rows(*, owner: Any, keys: UnlockedKeys, items: list[Item]) -> list[Entry]:
    """Each item sealed under the person's keys as a new row, not yet saved: the work done
    before the import's transaction, so that the transaction only inserts."""
    return [
        vault.entry_seal_new(
            owner=owner, keys=keys, kind=item.kind, index_value=item.index, content=item.content
        )
        for item in items
    ]


def export_import(
    *,
    owner: Any,
    keys: UnlockedKeys,
    items: list[Item],
    reminders: dict[str, Any] | None = None,
) -> int:
    """Seal every entry of an export under this account's keys, or none of them.

    Only into a fresh account (no check-ins, no questionnaire results): nothing is
    merged. Settings of which a person has one (their country, their loss) replace the
    ones set so far. Raises Unreadable when the account is not fresh.

    Each hard date and each heads-up gets a new id (fresh_ids), so that no id of the old
    account is found among this one's rows. Everything is sealed first; the transaction
    then takes the person's lock, checks the account is fresh, reseals the few settings
    it already holds and inserts the rest in batches: a handful of queries however long
    the file (document.ENTRIES_MAX). The reminder choices in the file
    (document.read_contents) replace the account's, with push off, and the reminders'
    clear schedules follow, in the same transaction.
    """
    items = [fresh_ids(item) for item in items]
    rows = _sealed_rows(owner=owner, keys=keys, items=items)
    with transaction.atomic():
        # The person's lock, so that two imports at once cannot both find it fresh.
        list(Keyring.objects.select_for_update().filter(user=owner).values_list("pk"))
        if Entry.objects.owned_by(owner).filter(kind__in=JOURNAL_KINDS).exists():
            raise Unreadable(NOT_FRESH)
        held = {
            (kind, bytes(index or b""))
            for kind, index in Entry.objects.owned_by(owner)
            .exclude(index=None)
            .values_list("kind", "index")
        }
        new = []
        for item, row in zip(items, rows, strict=True):
            if row.index is not None and (row.kind, row.index) in held:
                vault.entry_put(
                    owner=owner,
                    keys=keys,
                    kind=item.kind,
                    index_value=item.index,
                    content=item.content,
                )
            else:
                new.append(row)
        Entry.objects.bulk_create(new, batch_size=IMPORT_BATCH)
        if reminders is not None:
            _reminders_set(owner=owner, keys=keys, chosen=reminders)
        reminders_resync(owner=owner, keys=keys)
    return len(items)


def fresh_ids(item: Item) -> Item:
    """The item with a new id for each of its hard dates and heads-ups, everything else
    as it was. A heads-up's alarm id is the only thing its clear schedule row holds to
    find it by, and a date's id is in its page's address: kept, they would tie the new
    account's rows (and the host's logs) to the old account's, which a person moving to
    a fresh account to leave old keys behind means to leave too (docs/threat-model.md)."""
    if item.kind != dates.KIND:
        return item
    content = dict(item.content)

    def heads_up(value: Any) -> Any:
        if isinstance(value, dict) and "alarm" in value:
            return {**value, "alarm": dates.new_id()}
        return value

    def own_date(own: dict[str, Any]) -> dict[str, Any]:
        renewed = {**own, "id": dates.new_id()}
        if "heads_up" in own:
            renewed["heads_up"] = heads_up(own["heads_up"])
        return renewed

    for which in dates.FROM_ABOUT:
        if which in content:
            content[which] = heads_up(content[which])
    if "own" in content:
        content["own"] = [own_date(own) for own in content["own"]]
    return replace(item, content=content)


def _reminders_set(*, owner: Any, keys: UnlockedKeys, chosen: dict[str, Any]) -> None:
    """The reminder choices brought in, saved as the Reminders page saves them (a daily
    reminder counts from now, as if just turned on). Push stays off: a browser agrees to
    it for itself, so the person turns it on again in each browser they want it in."""
    prefs = preferences_get(user=owner)
    for name, value in chosen.items():
        setattr(prefs, name, value)
    prefs.by_push = False
    preferences_save(prefs=prefs, keys=keys, was_checkin=(False, prefs.hour))


def reminders_resync(*, owner: Any, keys: UnlockedKeys) -> None:
    """The clear schedules follow the sealed choices just brought in, as they do when the
    person saves them on their pages: each hard date's heads-up gets its row (following
    About your loss for the loss and due dates), and a questionnaire reminder already
    turned on moves to the schedule and results in the file."""
    hard_dates_resync(owner=owner, keys=keys, about=about_loss_get(owner=owner, keys=keys))
    questionnaire_sync(user=owner, keys=keys)


@dataclass(frozen=True)
class DripOutcome:
    read: int  # days with bleeding in the file
    added: int  # days given drip's bleeding (a new day, or a day with no bleeding noted)
    kept: int  # days the person had already noted bleeding on, left as they were
    later: int  # days after today, left out


def _checkins_on(*, owner: Any, keys: UnlockedKeys, days: list[date]) -> dict[date, CheckIn]:
    """The person's check-ins of these days, by day, in one query."""
    found = vault.entries_find(
        owner=owner, keys=keys, wanted=[(CHECKIN, day.isoformat()) for day in days]
    )
    return {
        date.fromisoformat(day): CheckIn.from_content(content)
        for (_, day), content in found.items()
    }


def drip_import(
    *, owner: Any, keys: UnlockedKeys, days: dict[date, str], today: date
) -> DripOutcome:
    """drip's bleeding for each of its days, never over a day's own answer about bleeding.

    A day with a check-in keeps everything else it holds (and its partner's copy follows,
    as on any save); a day without one gets a check-in holding only the bleeding.

    DRIP_BATCH days to a transaction, each read and written inside it: a long file never
    holds the database for long. Bringing the same file in again changes nothing, so one
    stopped halfway is finished by bringing it in again.
    """
    past = sorted((day, level) for day, level in days.items() if day <= today)
    added = kept = 0
    for start in range(0, len(past), DRIP_BATCH):
        batch = past[start : start + DRIP_BATCH]
        with transaction.atomic():
            known = _checkins_on(owner=owner, keys=keys, days=[day for day, _ in batch])
            for day, level in batch:
                existing = known.get(day)
                if existing is not None and existing.bleeding is not None:
                    kept += 1
                    continue
                checkin = (
                    replace(existing, bleeding=level)
                    if existing
                    else CheckIn(day=day, bleeding=level)
                )
                journal.checkin_save(owner=owner, keys=keys, checkin=checkin)
                added += 1
    return DripOutcome(read=len(days), added=added, kept=kept, later=len(days) - len(past))
