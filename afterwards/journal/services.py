"""Reading and writing check-ins, always through the vault."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from django.db import transaction

# The couple's modules this one uses are built on the check-in's schema alone
# (journal/checkin.py), never on this module: copies of a day (couple/checkins.py), the
# pair and its sharing, membership. couple/space.py, which reads the journal to share
# it again on resuming, sits above; nothing imported here may import it
# (tests/test_import_floors.py).
from afterwards.couple import checkins as sharing
from afterwards.couple.kinds import SHARE_DEFAULTS
from afterwards.couple.membership import member_of
from afterwards.journal.checkin import KIND, CheckIn, custom_symptoms_merge
from afterwards.vault import services as vault
from afterwards.vault.keyring import UnlockedKeys
from afterwards.vault.models import Entry, Keyring

# The person's own symptoms, remembered so that the page offers them back next time.
CUSTOM_KIND = "custom_symptoms"
CUSTOM_INDEX = "custom_symptoms"
CUSTOM_REMEMBERED_MAX = 24  # the newest are kept

# The person's own choices about the check-in page. An entry of the journal's own rather
# than a key in the profile (whose settings page writes it whole from its form) or in the
# parts shared by default (the couple space's, written whole too): one of those saves
# would drop a key it does not know. Read with the day in day_read's one query.
SETTINGS_KIND = "checkin_settings"
SETTINGS_INDEX = "checkin_settings"


@dataclass(frozen=True)
class CheckInSettings:
    # Whether the body section (bleeding, pain, symptoms) is the person's: True or False
    # as they chose it on the check-in page, None until they do (About your loss decides).
    body: bool | None = None

    @classmethod
    def from_content(cls, content: dict[str, Any] | None) -> CheckInSettings:
        body = (content or {}).get("body")
        return cls(body=body if isinstance(body, bool) else None)

    def to_content(self) -> dict[str, Any]:
        return {"body": self.body}


def body_section_choose(*, owner: Any, keys: UnlockedKeys, theirs: bool) -> None:
    """Whether the check-in asks this person about their body from now on. Nothing
    already written changes: earlier days keep their answers, shown and exported."""
    vault.entry_put(
        owner=owner,
        keys=keys,
        kind=SETTINGS_KIND,
        index_value=SETTINGS_INDEX,
        content=CheckInSettings(body=theirs).to_content(),
    )


class DayChanged(Exception):
    """The day was saved elsewhere (another device, another tab) since its page was
    opened, to other answers: nothing was written. `saved` is the day as it is stored
    now and `version` its version, for the page that asks which to keep."""

    def __init__(self, *, saved: CheckIn, version: str) -> None:
        super().__init__("the day was saved elsewhere since its page was opened")
        self.saved = saved
        self.version = version


@dataclass(frozen=True)
class Saved:
    entry: Entry
    sharing: str  # what the partner can read of the day now (couple.checkins outcomes)


def _share_sync(*, owner: Any, keys: UnlockedKeys, checkin: CheckIn) -> str:
    """Bring the partner's copy of the day in step with its sections (couple/checkins.py)."""
    return sharing.checkin_share_sync(owner=owner, keys=keys, checkin=checkin)


def _share_stamped(owner: Any, checkin: CheckIn) -> CheckIn:
    """A share choice made now belongs to the space the person is in now (one query,
    only when something is ticked): it is never carried to a later partner."""
    if not checkin.share or checkin.share_with:
        return checkin
    member = member_of(owner)
    return replace(checkin, share_with=str(member.couple_id) if member else "")


def checkin_save(
    *, owner: Any, keys: UnlockedKeys, checkin: CheckIn, opened: str | None = None
) -> Saved:
    """Write the day's check-in; a day with symptoms of the person's own also adds them
    to the ones offered back next time (one more write, only when there are new ones).
    In a space, the partner's copy of the day follows the sections chosen, in the same
    transaction: written anew, or deleted when none are.

    `opened` is the day's version when its page was opened (DayRead.version): if the day
    has been saved since to other answers, nothing is written and DayChanged is raised.
    None writes whatever is stored (an import, the demo)."""
    checkin = _share_stamped(owner, checkin)
    with transaction.atomic():
        try:
            entry = vault.entry_put(
                owner=owner,
                keys=keys,
                kind=KIND,
                index_value=checkin.day.isoformat(),
                content=checkin.to_content(),
                expected_version=opened,
            )
        except vault.EntryChanged as changed:
            raise DayChanged(
                saved=CheckIn.from_content(changed.content), version=changed.version
            ) from None
        if checkin.custom_symptoms:
            custom_symptoms_remember(owner=owner, keys=keys, symptoms=checkin.custom_symptoms)
        shared = _share_sync(owner=owner, keys=keys, checkin=checkin)
    return Saved(entry=entry, sharing=shared)


def checkin_save_with_yesterday(
    *,
    owner: Any,
    keys: UnlockedKeys,
    checkin: CheckIn,
    yesterday_afterwards: int | None,
    opened: str | None = None,
) -> Saved:
    """Today's whole form: the day's check-in and, when the person answered it, how they
    feel now after yesterday's closeness or sex, in one transaction (both or neither).
    The answer about yesterday is kept only if yesterday had closeness or sex."""
    with transaction.atomic():
        saved = checkin_save(owner=owner, keys=keys, checkin=checkin, opened=opened)
        if yesterday_afterwards is not None:
            checkin_afterwards_set(
                owner=owner,
                keys=keys,
                day=checkin.day - timedelta(days=1),
                afterwards=yesterday_afterwards,
            )
    return saved


def custom_symptoms_remembered(*, owner: Any, keys: UnlockedKeys) -> list[str]:
    """The person's own symptoms from earlier days, newest first."""
    content = vault.entry_find(owner=owner, keys=keys, kind=CUSTOM_KIND, index_value=CUSTOM_INDEX)
    symptoms = content.get("symptoms", []) if content else []
    return [item for item in symptoms if isinstance(item, str)]


def custom_symptoms_remember(*, owner: Any, keys: UnlockedKeys, symptoms: list[str]) -> None:
    known = custom_symptoms_remembered(owner=owner, keys=keys)
    known_folded = {item.casefold() for item in known}
    new = [item for item in symptoms if item.casefold() not in known_folded]
    if not new:
        return
    merged = custom_symptoms_merge(new, known)[:CUSTOM_REMEMBERED_MAX]
    vault.entry_put(
        owner=owner,
        keys=keys,
        kind=CUSTOM_KIND,
        index_value=CUSTOM_INDEX,
        content={"symptoms": merged},
    )


def checkin_afterwards_set(
    *, owner: Any, keys: UnlockedKeys, day: date, afterwards: int
) -> CheckIn | None:
    """Add how the person feels after the day's closeness or sex, and change nothing
    else of that day. None when the day has no check-in with intimacy to add it to."""
    with transaction.atomic():
        # Read, change, write: hold the person's lock so a save of the whole day at the
        # same moment cannot be overwritten by the older copy read here.
        list(Keyring.objects.select_for_update().filter(user=owner).values_list("pk"))
        checkin = checkin_for_day(owner=owner, keys=keys, day=day)
        if checkin is None or not checkin.intimate:
            return None
        updated = replace(checkin, afterwards=afterwards)
        vault.entry_put(
            owner=owner,
            keys=keys,
            kind=KIND,
            index_value=day.isoformat(),
            content=updated.to_content(),
        )
        _share_sync(owner=owner, keys=keys, checkin=updated)
    return updated


def checkin_for_day(*, owner: Any, keys: UnlockedKeys, day: date) -> CheckIn | None:
    index = vault.entry_index(keys, kind=KIND, value=day.isoformat())
    entry = Entry.objects.owned_by(owner).of_kind(KIND).filter(index=index).first()
    return CheckIn.from_content(vault.entry_open(entry, keys)) if entry else None


def month_days(year: int, month: int) -> list[date]:
    return [date(year, month, d) for d in range(1, calendar.monthrange(year, month)[1] + 1)]


@dataclass
class DayRead:
    """What a day's page shows, read in one query (journal.views.day)."""

    checkin: CheckIn | None  # the day's own
    version: str  # the day's version (vault.entry_version), carried by its form
    recent: list[CheckIn]  # today's and yesterday's, for "how do you feel afterwards"
    remembered: list[str]  # the person's own symptoms, newest first
    profile: dict[str, Any] | None  # the person's profile content, for accounts.profile
    share_defaults: list[str]  # the sections a day not yet saved starts with ticked
    about: dict[str, Any] | None  # About your loss, as stored, for loss.about
    settings: CheckInSettings  # the person's choices about the check-in page


def day_read(*, owner: Any, keys: UnlockedKeys, day: date, today: date) -> DayRead:
    from afterwards.accounts import profile
    from afterwards.loss import about

    days = sorted({day, today, today - timedelta(days=1)})
    wanted = [(KIND, d.isoformat()) for d in days]
    wanted += [(CUSTOM_KIND, CUSTOM_INDEX), (profile.KIND, profile.INDEX)]
    wanted += [(SHARE_DEFAULTS, sharing.DEFAULTS_INDEX), (about.KIND, about.INDEX)]
    wanted += [(SETTINGS_KIND, SETTINGS_INDEX)]
    entries = vault.entries_get(owner=owner, keys=keys, wanted=wanted)
    found = {name: vault.entry_open(entry, keys) for name, entry in entries.items()}
    checkins = {
        d: CheckIn.from_content(found[(KIND, d.isoformat())])
        for d in days
        if (KIND, d.isoformat()) in found
    }
    custom = found.get((CUSTOM_KIND, CUSTOM_INDEX)) or {}
    return DayRead(
        checkin=checkins.get(day),
        version=vault.entry_version(keys, entries.get((KIND, day.isoformat()))),
        recent=[checkins[d] for d in (today, today - timedelta(days=1)) if d in checkins],
        remembered=[item for item in custom.get("symptoms", []) if isinstance(item, str)],
        profile=found.get((profile.KIND, profile.INDEX)),
        share_defaults=sharing.share_defaults_read(
            found.get((SHARE_DEFAULTS, sharing.DEFAULTS_INDEX))
        ),
        about=found.get((about.KIND, about.INDEX)),
        settings=CheckInSettings.from_content(found.get((SETTINGS_KIND, SETTINGS_INDEX))),
    )


def month_read(
    *, owner: Any, keys: UnlockedKeys, days: list[date]
) -> tuple[list[CheckIn], dict[str, Any] | None]:
    """The check-ins of the given days, newest first, and the person's profile content,
    in one query (journal.views.history). The cost follows the days asked for, not the
    length of the whole journal."""
    from afterwards.accounts import profile

    wanted = [(KIND, d.isoformat()) for d in days] + [(profile.KIND, profile.INDEX)]
    found = vault.entries_find(owner=owner, keys=keys, wanted=wanted)
    checkins = [
        CheckIn.from_content(content) for (kind, _), content in found.items() if kind == KIND
    ]
    checkins.sort(key=lambda checkin: checkin.day, reverse=True)
    return checkins, found.get((profile.KIND, profile.INDEX))


def checkins_all(*, owner: Any, keys: UnlockedKeys) -> dict[date, CheckIn]:
    """Every check-in the person has kept, by day, in one query: for the body and
    patterns pages, which look at the whole journal. Each entry is opened once."""
    entries = (
        Entry.objects.owned_by(owner)
        .of_kind(KIND)
        .only("id", "owner_id", "kind", "version", "blob", "owner_wrap")
    )
    checkins = (CheckIn.from_content(vault.entry_open(entry, keys)) for entry in entries)
    return {checkin.day: checkin for checkin in checkins}
