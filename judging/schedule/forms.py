"""Forms of the schedule pages: they validate input (dates and times in WIB, a slot among the free ones); the
services in judging.schedule.services decide and write."""

import datetime as dt

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from competitions.forms import DateInput
from competitions.models import Judge

from ..enums import Attendance
from ..models import Panel, PresentationSlot
from . import materials
from .filling import JAKARTA, slot_starts


class TimeInput(forms.TimeInput):
    """The browser's own time picker; without it the field still takes HH:MM."""

    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


def slot_label(session, starts_at: dt.datetime) -> str:
    local = timezone.localtime(starts_at)
    return f"{date_format(local, 'D, j M Y')} {local:%H.%M} WIB · {session.panel.name}"


def free_times(stage, *, sessions, taken: set[tuple[int, dt.datetime]]) -> list[tuple[str, str]]:
    """Choices for a slot's new time: every free slot start of every session, as "session:timestamp"."""
    edition = stage.edition
    choices = []
    for session in sessions:
        for start in slot_starts(session, length=edition.slot_length, step=edition.slot_step):
            if (session.pk, start) not in taken:
                choices.append((f"{session.pk}:{int(start.timestamp())}", slot_label(session, start)))
    return choices


class SlotTimeField(forms.ChoiceField):
    """One of the free times; cleans to (session, starts_at)."""

    def __init__(self, *, sessions, **kwargs):
        self.sessions = {session.pk: session for session in sessions}
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        session_id, _colon, stamp = value.partition(":")
        session = self.sessions.get(int(session_id))
        return session, dt.datetime.fromtimestamp(int(stamp), tz=dt.UTC)


class SessionForm(forms.Form):
    panel = forms.ModelChoiceField(queryset=Panel.objects.none(), label=_("Panel"))
    day = forms.DateField(label=_("Day"), widget=DateInput)
    starts = forms.TimeField(label=_("From (WIB)"), widget=TimeInput, initial=dt.time(8, 0))
    ends = forms.TimeField(label=_("Until (WIB)"), widget=TimeInput, initial=dt.time(12, 0))
    meeting_url = forms.URLField(
        label=_("Online meeting link"),
        required=False,
        assume_scheme="https",
        help_text=_("The video meeting the finalists join (Zoom, Meet…). Give this, the room, or both."),
    )
    room = forms.CharField(
        label=_("Room"), max_length=200, required=False, help_text=_("Where the panel sits, if on site.")
    )
    chair = forms.ModelChoiceField(
        queryset=Judge.objects.none(),
        label=_("Chair"),
        required=False,
        help_text=_("A judge of the panel, who records the finalists' attendance on the day."),
    )

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.fields["panel"].queryset = Panel.objects.filter(edition=edition).order_by("name")
        self.fields["chair"].queryset = (
            Judge.objects.filter(panel_memberships__panel__edition=edition)
            .select_related("user")
            .distinct()
            .order_by("user__last_name", "user__first_name")
        )
        self.fields["ends"].help_text = _(
            "Slots of %(slot)s minutes follow each other from the start, %(changeover)s minutes apart."
        ) % {
            "slot": edition.presentation_minutes + edition.interview_minutes,
            "changeover": edition.changeover_minutes,
        }

    def clean(self):
        data = super().clean()
        day, starts, ends = data.get("day"), data.get("starts"), data.get("ends")
        if day and starts and ends:
            if ends <= starts:
                self.add_error("ends", _("The session must end after it starts."))
            data["starts_at"] = dt.datetime.combine(day, starts, tzinfo=JAKARTA)
            data["ends_at"] = dt.datetime.combine(day, ends, tzinfo=JAKARTA)
        if not (data.get("room") or "").strip() and not data.get("meeting_url"):
            self.add_error("meeting_url", _("Give the room or the online meeting link."))
        return data


class MoveSlotForm(forms.Form):
    target = SlotTimeField(sessions=(), label=_("New time"))
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=500, help_text=_("Kept in the entry's history.")
    )

    def __init__(self, *args, stage, sessions, taken, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"] = SlotTimeField(
            sessions=sessions,
            label=_("New time"),
            choices=free_times(stage, sessions=sessions, taken=taken),
            help_text=_("Only free slots are listed; the page checks conflicts and the agency's other slots."),
        )


class SwapSlotForm(forms.Form):
    other = forms.ModelChoiceField(queryset=PresentationSlot.objects.none(), label=_("Swap with"))

    def __init__(self, *args, slot, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = (
            PresentationSlot.objects.filter(session__stage_id=slot.entry.stage_id)
            .exclude(pk=slot.pk)
            .select_related("session__panel", "entry__proposal")
            .order_by("starts_at")
        )
        self.fields["other"].label_from_instance = lambda other: (
            f"{slot_label(other.session, other.starts_at)} — {other.entry.proposal.title}"
        )


class PublishScheduleForm(forms.Form):
    materials_due = forms.DateField(
        label=_("Finalists hand in slides, video and summary by"),
        required=False,
        widget=DateInput,
        help_text=_("Inclusive, WIB. Materials handed in later are marked late for the judges."),
    )
    move_requests_until = forms.DateField(
        label=_("Agencies may ask to move their slot until"),
        required=False,
        widget=DateInput,
        help_text=_("Inclusive, WIB. Leave empty to take requests until the slot begins."),
    )


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class ConfirmAttendanceForm(forms.Form):
    presenter_name = forms.CharField(
        label=_("Who presents"),
        max_length=150,
        help_text=_("Name and position, e.g. “dr. Ani, Kepala Bidang Pelayanan”."),
    )
    head_attends = forms.TypedChoiceField(
        label=_("Does the head of the agency attend?"),
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text=_("The head's commitment is scored in the interview."),
    )


class MoveRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Why should the slot move?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Say which days or times you can attend instead."),
    )


class AnswerRequestForm(MoveSlotForm):
    decision = forms.ChoiceField(
        label=_("Answer"),
        choices=[("approve", _("Move the slot to the new time")), ("refuse", _("Refuse: the slot stays"))],
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=_("Message to the agency"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when refusing."),
    )
    field_order = ["decision", "target", "answer"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].required = False
        del self.fields["reason"]

    def clean(self):
        data = super().clean()
        if data.get("decision") == "approve" and not data.get("target"):
            self.add_error("target", _("Choose the slot's new time."))
        if data.get("decision") == "refuse" and not (data.get("answer") or "").strip():
            self.add_error("answer", _("Say why the request is refused."))
        return data


class UnavailableDaysForm(forms.Form):
    days = forms.TypedMultipleChoiceField(
        label=_("Days we cannot attend"),
        required=False,
        coerce=dt.date.fromisoformat,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The schedule avoids these days for all your entries in this stage."),
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)

    def __init__(self, *args, days: list[dt.date], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].choices = [(day.isoformat(), date_format(day, "l, j F Y")) for day in days]


class MaterialsForm(forms.Form):
    slides = forms.FileField(
        label=_("Slides"),
        required=False,
        help_text=_("PDF or PowerPoint (.pptx), at most %(size)s. A new file replaces the one handed in."),
    )
    video_url = forms.URLField(
        label=_("Video link"),
        required=False,
        assume_scheme="https",
        help_text=_("A link the judges can open (YouTube, Google Drive…), set so that anyone with it may watch."),
    )
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the judges should know before the presentation, in a few paragraphs."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slides"].help_text = self.fields["slides"].help_text % {
            "size": filesizeformat(materials.max_bytes())
        }

    def clean_slides(self):
        upload = self.cleaned_data.get("slides")
        return materials.clean_slides(upload) if upload else None

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("slides") or data.get("video_url") or data.get("summary", "").strip()):
            raise forms.ValidationError(_("Give the slides, the video link or the summary."), code="empty")
        return data


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(label=_("Attendance"), choices=Attendance.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=500, help_text=_("Needed when absent: the reason given.")
    )

    def clean(self):
        data = super().clean()
        if data.get("attendance") == Attendance.ABSENT and not (data.get("note") or "").strip():
            self.add_error("note", _("Say why the finalist is absent."))
        return data
