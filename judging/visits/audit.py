"""Field verification's audited actions (registered with the judging app's). Subject: the stage's round for the
plan as a whole (publication), the visit's entry for one visit, so that an entry's history reads as one story; the
edition for its checklist."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy

from core.actions import Action

from ..audit import JudgingPayload

VISIT_PLANNED = "kovablik.judging.visit_planned"
VISIT_CANCELLED = "kovablik.judging.visit_cancelled"
VISITS_PUBLISHED = "kovablik.judging.visits_published"
CHECKLIST_CHANGED = "kovablik.judging.checklist_changed"
REPORT_SAVED = "kovablik.judging.visit_report_saved"
TESTIMONY_RECORDED = "kovablik.judging.testimony_recorded"
PHOTO_ADDED = "kovablik.judging.visit_photo_added"
PHOTO_REMOVED = "kovablik.judging.visit_photo_removed"
REPORT_CONFIRMED = "kovablik.judging.visit_report_confirmed"


@dataclass
class VisitPlanned(JudgingPayload):
    starts_at: str = ""
    mode: str = ""
    address: str = ""
    meeting_url: str = ""
    judges: list[int] = field(default_factory=list)
    contact_name: str = ""


@dataclass
class VisitsPublished(JudgingPayload):
    visits: int = 0
    agencies: list[int] = field(default_factory=list)


@dataclass
class ChecklistChanged(JudgingPayload):
    before: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)


@dataclass
class ReportSaved(JudgingPayload):
    version: int = 0
    answers: dict[str, str] = field(default_factory=dict)  # item id → verdict
    withdrawn_confirmations: list[int] = field(default_factory=list)


@dataclass
class TestimonyRecorded(JudgingPayload):
    testimony: int = 0
    named: bool = False
    consent: bool = False


@dataclass
class PhotoChanged(JudgingPayload):
    photo: int = 0
    file_name: str = ""
    size: int = 0


@dataclass
class ReportConfirmed(JudgingPayload):
    version: int = 0
    complete: bool = False


ACTIONS = [
    Action(VISIT_PLANNED, gettext_lazy("Field visit planned"), VisitPlanned),
    Action(VISIT_CANCELLED, gettext_lazy("Field visit cancelled"), VisitPlanned),
    Action(VISITS_PUBLISHED, gettext_lazy("Field visit plan published"), VisitsPublished),
    Action(CHECKLIST_CHANGED, gettext_lazy("Field verification checklist changed"), ChecklistChanged),
    Action(REPORT_SAVED, gettext_lazy("Field visit report saved"), ReportSaved),
    Action(TESTIMONY_RECORDED, gettext_lazy("Testimony recorded"), TestimonyRecorded),
    Action(PHOTO_ADDED, gettext_lazy("Visit photo added"), PhotoChanged),
    Action(PHOTO_REMOVED, gettext_lazy("Visit photo removed"), PhotoChanged),
    Action(REPORT_CONFIRMED, gettext_lazy("Field visit report confirmed"), ReportConfirmed),
]
