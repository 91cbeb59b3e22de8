from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from afterwards.forms_widgets import DATE_WIDGET
from afterwards.journal.checkin import (
    BLEEDING,
    CUSTOM_SYMPTOM_MAX,
    CUSTOM_SYMPTOMS_MAX,
    FEELING_WORDS,
    INTIMACY,
    LATER_LOSS_SYMPTOMS,
    NOTE_MAX,
    PAIN_MAX,
    SCALES,
    SHARE_LABELS,
    SYMPTOMS,
    CheckIn,
    custom_symptoms_merge,
    custom_symptoms_parse,
    share_sections_read,
)


class DayForm(forms.Form):
    day = forms.DateField(
        label="Which day?",
        widget=DATE_WIDGET,
        error_messages={"invalid": "Please give a date, like 2026-03-14."},
    )

    def clean_day(self) -> date:
        day: date = self.cleaned_data["day"]
        if day > timezone.localdate():
            raise forms.ValidationError(
                "That day hasn't come yet. You can write about today or any day before it."
            )
        if day.year < 1900:
            raise forms.ValidationError("Please choose a day from this century or the last.")
        return day


NO_ANSWER = "No answer"


@dataclass(frozen=True)
class Choice:
    """One radio or checkbox of the check-in page (see choices_html).

    The check-in page draws its choices itself: going through Django's widget templates
    for some sixty radios cost about 40% of the page's time (docs/performance.md).
    """

    id: str
    value: str
    label: str
    checked: bool


def choices_of(form: forms.Form) -> dict[str, list[Choice]]:
    """Every radio and checkbox of the form, checked as posted or as stored."""
    rows: dict[str, list[Choice]] = {}
    for name, field in form.fields.items():
        if not isinstance(field, forms.ChoiceField):
            continue
        bound = form[name]
        value = bound.value()
        values = value if isinstance(value, list | tuple) else [value]
        chosen = {str(v) for v in values if v not in (None, "")}
        options: list[tuple[Any, Any]] = list(field.choices)  # type: ignore[arg-type]
        rows[name] = [
            Choice(
                id=f"{bound.auto_id}_{number}",
                value=str(key),
                label=str(label),
                checked=str(key) in chosen,
            )
            for number, (key, label) in enumerate(options)
        ]
        if chosen and not isinstance(field, forms.MultipleChoiceField) and not field.required:
            # A chosen radio cannot be unchosen without JavaScript: once a group has an
            # answer, it also offers taking it back (posts "", which the field reads as
            # no answer).
            rows[name].append(Choice(f"{bound.auto_id}_none", "", NO_ANSWER, checked=False))
    return rows


def choices_html(form: forms.Form, choices: dict[str, list[Choice]]) -> dict[str, SafeString]:
    """Each group's inputs and labels as HTML, drawn here in one pass: a template loop
    over some seventy choices was most of the page's time. Every value is escaped."""
    drawn: dict[str, SafeString] = {}
    for name, group in choices.items():
        bound = form[name]
        field_name = escape(bound.html_name)
        invalid = ' aria-invalid="true"' if bound.errors else ""
        parts = []
        if isinstance(form.fields[name].widget, forms.CheckboxSelectMultiple):
            for c in group:
                id_ = escape(c.id)
                checked = " checked" if c.checked else ""
                parts.append(
                    f'<label class="checkbox" for="{id_}"><input type="checkbox" '
                    f'name="{field_name}" value="{escape(c.value)}" id="{id_}"{checked}'
                    f"{invalid}><span>{escape(c.label)}</span></label>"
                )
            html = f'<div class="checkin-ticks">{"".join(parts)}</div>'
        else:
            for c in group:
                id_ = escape(c.id)
                checked = " checked" if c.checked else ""
                kind = "choice choice-none" if c.value == "" else "choice"
                parts.append(
                    f'<div class="{kind}"><input type="radio" name="{field_name}" '
                    f'value="{escape(c.value)}" id="{id_}"{checked}{invalid}>'
                    f'<label for="{id_}">{escape(c.label)}</label></div>'
                )
            html = f'<div class="choices">{"".join(parts)}</div>'
        drawn[name] = mark_safe(html)  # noqa: S308 (every part above is escaped)
    return drawn


def _scale(
    label: str, words: dict[int, str], *, past_label: str = "", help_text: str = ""
) -> forms.TypedChoiceField:
    """Five steps, each a word; `past_label` is what the question says on a day gone by."""
    field = forms.TypedChoiceField(
        label=label,
        choices=list(words.items()),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"invalid_choice": "Please choose one of the five words."},
    )
    field.past_label = past_label or label  # type: ignore[attr-defined]
    return field


INTIMACY_NONE_PAST = "None that day"
# The body section's fields: asked only of a person whose body section it is.
BODY_FIELDS = ("bleeding", "pain", "symptoms", "own_symptoms", "new_symptoms")


def yesterday_afterwards_label(yesterday: CheckIn) -> str:
    """The question about yesterday, saying after what, as it was noted."""
    if yesterday.intimacy == "sex":
        return "How do you feel now, after sex yesterday?"
    return "How do you feel now, after the closeness you noted yesterday?"


class CheckInForm(forms.Form):
    """The whole day. Every answer is optional; the day itself comes from the address."""

    mood = _scale("How are you today?", SCALES["mood"], past_label="How were you that day?")
    grief = _scale("Grief", SCALES["grief"])
    anxiety = _scale("Worry or anxiety", SCALES["anxiety"])
    energy = _scale("Energy", SCALES["energy"])
    sleep = _scale("Sleep last night", SCALES["sleep"], past_label="Sleep the night before")
    bleeding = forms.TypedChoiceField(
        label="Bleeding",
        choices=list(BLEEDING.items()),
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        # The most cautious threshold of the ✅ red flags (clinical-facts.md [S28, S29]),
        # so that "Heavy" is chosen when it applies, and its red flag follows.
        help_text="Heavy: soaking through a pad in an hour or less, or passing large clots.",
        error_messages={"invalid_choice": "Please choose one of the words for bleeding."},
    )
    pain = forms.TypedChoiceField(
        label="Pain, from 0 (none) to 10 (the worst you can imagine)",
        choices=[(n, str(n)) for n in range(PAIN_MAX + 1)],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": f"Please choose a number from 0 to {PAIN_MAX}."},
    )
    symptoms = forms.MultipleChoiceField(
        label="Anything else in your body?",
        choices=list(SYMPTOMS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Please choose from the symptoms listed."},
    )
    # The person's own symptoms from before, offered back as checkboxes (choices are set
    # per person in __init__), and new ones typed in their own words.
    own_symptoms = forms.MultipleChoiceField(
        label="Your own words, from other days",
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Please choose from your own words listed."},
    )
    new_symptoms = forms.CharField(
        label="Something else, in your own words",
        required=False,
        max_length=(CUSTOM_SYMPTOM_MAX + 2) * CUSTOM_SYMPTOMS_MAX,
        help_text="Separate them with commas, like: backache, headache.",
        error_messages={"max_length": "That is more than fits here. Please shorten it."},
    )
    intimacy = forms.TypedChoiceField(
        label="Closeness or sex today",
        choices=list(INTIMACY.items()),
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Please choose one of the three."},
    )
    during = _scale("How did it feel?", FEELING_WORDS)
    afterwards = _scale(
        "How do you feel afterwards?",
        FEELING_WORDS,
        help_text="You can add this later, today or tomorrow.",
    )
    note = forms.CharField(
        label="A note to yourself",
        required=False,
        max_length=NOTE_MAX,
        help_text="Only you can read this.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "max_length": f"A note can be up to {NOTE_MAX:,} characters. Please shorten it."
        },
    )
    # The day's version when this page was opened (vault.entry_version): a save over a
    # day saved elsewhere since is stopped and shown (journal.conflict). Empty, as from
    # a page older than the field, saves as before.
    day_version = forms.CharField(required=False, widget=forms.HiddenInput)
    # Asked only of a person who shares a space (see __init__).
    share = forms.MultipleChoiceField(
        label="What your partner sees of this day",
        choices=list(SHARE_LABELS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "Only what you tick is shared; the rest of this day stays yours alone. "
            "You can change this whenever you like."
        ),
        error_messages={"invalid_choice": "Please choose from the parts listed."},
    )

    def __init__(
        self,
        *args: Any,
        is_today: bool = True,
        remembered: list[str] | None = None,
        yesterday: CheckIn | None = None,
        in_space: bool = False,
        share_kept: list[str] | None = None,
        later_loss: bool = False,
        body: bool = True,
        body_kept: CheckIn | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # Without the body section, a save keeps the day's body answers as they were
        # (body_kept, the day as stored): nothing is lost by leaving the questions out.
        self.body_kept = body_kept
        if body:
            self._offer_symptoms(later_loss=later_loss, remembered=remembered or [])
        else:
            for name in BODY_FIELDS:
                del self.fields[name]
        # Outside a space nothing is asked about sharing, and a save keeps whatever the
        # day had chosen (none, for a new day): a day is never marked for a partner the
        # person has not got yet.
        self.share_kept = list(share_kept or [])
        if in_space:
            self.fields[
                "note"
            ].help_text = "Only you can read this, unless you choose to share your note below."
        else:
            del self.fields["share"]
        self.none_word = INTIMACY["none"]
        if not is_today:
            for name in ("mood", "sleep"):
                self.fields[name].label = self.fields[name].past_label  # type: ignore[attr-defined]
            self.fields["intimacy"].label = "Closeness or sex that day"
            self.none_word = INTIMACY_NONE_PAST
            self.fields["intimacy"].choices = [  # type: ignore[attr-defined]
                (key, self.none_word if key == "none" else label) for key, label in INTIMACY.items()
            ]
            # "Later, today or tomorrow" is true only of today.
            self.fields["afterwards"].help_text = ""
        if is_today and yesterday is not None and yesterday.intimate:
            # How the person feels now after yesterday's closeness or sex, asked inside
            # this form so that its one Save keeps the answer (journal.views.day).
            self.fields["yesterday_afterwards"] = _scale(
                yesterday_afterwards_label(yesterday), FEELING_WORDS
            )

    def _offer_symptoms(self, *, later_loss: bool, remembered: list[str]) -> None:
        """The person's own symptoms from other days, and the signs of the weeks after a
        birth after a later loss; any of those the day holds, or the page posted, stays
        offered, so a tick is never lost."""
        initial_own = self.initial.get("own_symptoms") or []
        own = custom_symptoms_merge(list(remembered), list(initial_own))
        self.fields["own_symptoms"].choices = [(item, item) for item in own]  # type: ignore[attr-defined]
        if later_loss:
            return
        kept = set(self.initial.get("symptoms") or [])
        if self.is_bound and hasattr(self.data, "getlist"):
            kept |= set(self.data.getlist("symptoms"))
        self.fields["symptoms"].choices = [  # type: ignore[attr-defined]
            (key, label)
            for key, label in SYMPTOMS.items()
            if key not in LATER_LOSS_SYMPTOMS or key in kept
        ]

    @classmethod
    def initial_from(cls, checkin: CheckIn | None) -> dict[str, Any]:
        if checkin is None:
            return {}
        return {
            "mood": checkin.mood,
            "grief": checkin.grief,
            "anxiety": checkin.anxiety,
            "energy": checkin.energy,
            "sleep": checkin.sleep,
            "bleeding": checkin.bleeding,
            "pain": checkin.pain,
            "symptoms": list(checkin.symptoms),
            "own_symptoms": list(checkin.custom_symptoms),
            "intimacy": checkin.intimacy,
            "during": checkin.during,
            "afterwards": checkin.afterwards,
            "note": checkin.note,
            "share": list(checkin.share),
        }

    def clean_new_symptoms(self) -> list[str]:
        typed = custom_symptoms_parse(self.cleaned_data.get("new_symptoms") or "")
        for item in typed:
            if len(item) > CUSTOM_SYMPTOM_MAX:
                raise forms.ValidationError(
                    f"Each one can be up to {CUSTOM_SYMPTOM_MAX} characters; "
                    f"“{item[:20]}…” is longer."
                )
        return typed

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "own_symptoms" in cleaned and "new_symptoms" in cleaned:
            custom = custom_symptoms_merge(cleaned["own_symptoms"], cleaned["new_symptoms"])
            if len(custom) > CUSTOM_SYMPTOMS_MAX:
                self.add_error(
                    "new_symptoms",
                    f"Up to {CUSTOM_SYMPTOMS_MAX} of your own on one day, please.",
                )
            cleaned["custom_symptoms"] = custom
        intimacy = cleaned.get("intimacy")
        if intimacy == "none":
            # "None today" with a feeling chosen by a slip: radios cannot be unticked
            # without JavaScript, so "none" is how a person takes them back.
            cleaned["during"] = cleaned["afterwards"] = None
        elif (
            intimacy is None
            and "intimacy" not in self.errors
            and (cleaned.get("during") is not None or cleaned.get("afterwards") is not None)
        ):
            self.add_error(
                "intimacy",
                "You said how it felt: was it closeness or sex? Or choose "
                f"“{self.none_word}” to leave how it felt out.",
            )
        return cleaned

    def checkin(self, day: date) -> CheckIn:
        """The day as answered (call after is_valid())."""
        data = self.cleaned_data
        if "bleeding" not in self.fields:
            kept = self.body_kept or CheckIn(day=day)
            data = data | {
                "bleeding": kept.bleeding,
                "pain": kept.pain,
                "symptoms": kept.symptoms,
                "custom_symptoms": kept.custom_symptoms,
            }
        return CheckIn(
            day=day,
            mood=data["mood"],
            grief=data["grief"],
            anxiety=data["anxiety"],
            energy=data["energy"],
            sleep=data["sleep"],
            bleeding=data["bleeding"],
            pain=data["pain"],
            symptoms=list(data["symptoms"]),
            custom_symptoms=list(data["custom_symptoms"]),
            intimacy=data["intimacy"],
            during=data["during"],
            afterwards=data["afterwards"],
            note=data["note"],
            share=share_sections_read(list(data.get("share", self.share_kept))),
        )

    def answers_so_far(self, day: date) -> CheckIn:
        """The body's answers as posted, read leniently: on a page refused for some other
        field, the red flags in them are still shown (safety first)."""
        data = self.data
        pain = data.get("pain", "")
        bleeding = data.get("bleeding", "")
        symptoms = data.getlist("symptoms") if hasattr(data, "getlist") else []
        return CheckIn(
            day=day,
            bleeding=bleeding if bleeding in BLEEDING else None,
            pain=int(pain) if pain in {str(n) for n in range(PAIN_MAX + 1)} else None,
            symptoms=[s for s in symptoms if s in SYMPTOMS],
        )


class ShareDefaultsForm(forms.Form):
    """Which parts of a new day start ticked for the partner: none unless chosen."""

    share = forms.MultipleChoiceField(
        label="Parts of a new day that start ticked",
        choices=list(SHARE_LABELS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave them all unticked and every new day starts private.",
        error_messages={"invalid_choice": "Please choose from the parts listed."},
    )

    def sections(self) -> list[str]:
        """The chosen parts (call after is_valid())."""
        return share_sections_read(list(self.cleaned_data["share"]))
