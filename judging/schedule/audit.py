"""The schedule's audited actions (registered with the judging app's, judging.audit.ACTIONS). Subject: the stage's
round for the schedule as a whole (sessions, fill, publication), the slot's entry for one entry's slot, so that an
entry's history reads as one story."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.actions import Action

from ..audit import JudgingPayload
from ..enums import Attendance


def _moment(iso: str) -> str:
    if not iso:
        return "—"
    return date_format(timezone.localtime(dt.datetime.fromisoformat(iso)), "DATETIME_FORMAT")


SESSION_CREATED = "kovablik.judging.session_created"
SESSION_DELETED = "kovablik.judging.session_deleted"
SCHEDULE_FILLED = "kovablik.judging.schedule_filled"
SCHEDULE_PUBLISHED = "kovablik.judging.schedule_published"
SLOT_MOVED = "kovablik.judging.slot_moved"
SLOT_CONFIRMED = "kovablik.judging.slot_confirmed"
MOVE_REQUESTED = "kovablik.judging.slot_move_requested"
MOVE_ANSWERED = "kovablik.judging.slot_move_answered"
UNAVAILABLE_DAYS_SET = "kovablik.judging.unavailable_days_set"
SLOT_REMINDERS_SENT = "kovablik.judging.slot_reminders_sent"
MATERIALS_HANDED_IN = "kovablik.judging.materials_handed_in"
ATTENDANCE_RECORDED = "kovablik.judging.attendance_recorded"


@dataclass
class SessionChanged(JudgingPayload):
    panel: int = 0
    starts_at: str = ""
    ends_at: str = ""
    room: str = ""
    meeting_url: str = ""


@dataclass
class ScheduleFilled(JudgingPayload):
    placed: int = 0
    unplaced: dict[str, str] = field(default_factory=dict)  # entry id → reason code


@dataclass
class SchedulePublished(JudgingPayload):
    slots: int = 0
    move_requests_until: str | None = None
    materials_due: str | None = None


@dataclass
class SlotMoved(JudgingPayload):
    session_from: int = 0
    session_to: int = 0
    starts_from: str = ""
    starts_to: str = ""

    def changes(self, names) -> list[tuple[str, str, str]]:
        return [(str(_("Time")), _moment(self.starts_from), _moment(self.starts_to))]


@dataclass
class SlotConfirmed(JudgingPayload):
    presenter: str = ""
    head_attends: bool | None = None


@dataclass
class MoveRequested(JudgingPayload):
    request: int = 0
    state: str = ""
    answer: str = ""


@dataclass
class UnavailableDaysSet(JudgingPayload):
    agency: int = 0
    days: list[str] = field(default_factory=list)


@dataclass
class SlotRemindersSent(JudgingPayload):
    agencies: list[int] = field(default_factory=list)


@dataclass
class MaterialsHandedIn(JudgingPayload):
    slides: str = ""
    size: int | None = None
    video_url: str = ""
    late: bool = False


@dataclass
class AttendanceRecorded(JudgingPayload):
    before: str = ""
    after: str = ""

    def changes(self, names) -> list[tuple[str, str, str]]:
        label = {value: str(text) for value, text in Attendance.choices}
        return [(str(_("Attendance")), label.get(self.before, "—"), label.get(self.after, "—"))]


ACTIONS = [
    Action(SESSION_CREATED, gettext_lazy("Presentation session created"), SessionChanged),
    Action(SESSION_DELETED, gettext_lazy("Presentation session removed"), SessionChanged),
    Action(SCHEDULE_FILLED, gettext_lazy("Presentation schedule filled"), ScheduleFilled),
    Action(SCHEDULE_PUBLISHED, gettext_lazy("Presentation schedule published"), SchedulePublished),
    Action(SLOT_MOVED, gettext_lazy("Presentation slot moved"), SlotMoved),
    Action(SLOT_CONFIRMED, gettext_lazy("Attendance at the presentation confirmed"), SlotConfirmed),
    Action(MOVE_REQUESTED, gettext_lazy("Slot change asked for"), MoveRequested),
    Action(MOVE_ANSWERED, gettext_lazy("Slot change answered"), MoveRequested),
    Action(UNAVAILABLE_DAYS_SET, gettext_lazy("Days the agency cannot attend"), UnavailableDaysSet),
    Action(MATERIALS_HANDED_IN, gettext_lazy("Presentation materials handed in"), MaterialsHandedIn),
    Action(ATTENDANCE_RECORDED, gettext_lazy("Attendance at the slot recorded"), AttendanceRecorded),
    Action(SLOT_REMINDERS_SENT, gettext_lazy("Agencies reminded to confirm their slot"), SlotRemindersSent),
]
