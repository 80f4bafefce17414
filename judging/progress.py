"""How far judging is in a stage, per judge and per panel, and the reminders to judges who are behind.

A judge is behind in a stage that is open when at least one entry assigned to them has no submitted score sheet.
Counts are aggregated in SQL (one row per judge, or per judge and group for the panels).
"""

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Max, Prefetch, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from competitions.enums import PhaseKind, StageKind
from competitions.models import Judge, Stage, jakarta_today, start_of_day_jakarta
from core.audit import log_action
from core.exceptions import DomainError
from core.models import ActionLog
from core.outbox import mail_renderer, queue_mail
from proposals.notifications import portal_url

from .audit import REMINDERS_SENT, RemindersSent
from .enums import RoundState, SheetStatus
from .models import Assignment, Panel, PanelGroup, PanelMember
from .queries import judge_name, person_name, round_for

logger = logging.getLogger(__name__)


# The schedule's phase in which each stage is judged: its last day is the judges' deadline.
STAGE_PHASES = {
    StageKind.DESK: PhaseKind.DESK_EVALUATION,
    StageKind.PRESENTATION: PhaseKind.PRESENTATION,
    StageKind.FIELD: PhaseKind.FIELD_VERIFICATION,
}


def stage_deadline(stage: Stage) -> dt.date | None:
    """The last day (WIB) of the phase in which `stage` is judged, from the edition's schedule."""
    phase = stage.edition.phase(STAGE_PHASES.get(stage.kind, ""))
    return phase.ends_on if phase else None


@dataclass
class Progress:
    assigned: int = 0
    submitted: int = 0
    started: int = 0  # drafts saved at least once, not submitted

    @property
    def remaining(self) -> int:
        return self.assigned - self.submitted

    @property
    def not_started(self) -> int:
        return self.remaining - self.started

    @property
    def percent(self) -> int:
        return round(100 * self.submitted / self.assigned) if self.assigned else 0

    @property
    def is_behind(self) -> bool:
        return self.remaining > 0

    def add(self, other: "Progress") -> None:
        self.assigned += other.assigned
        self.submitted += other.submitted
        self.started += other.started


@dataclass
class JudgeProgress(Progress):
    judge_id: int = 0
    name: str = ""
    email: str = ""


@dataclass
class PanelProgress(Progress):
    panel: Panel | None = None
    judges: list[JudgeProgress] = field(default_factory=list)
    behind: int = 0  # members with entries still to submit


def _counts():
    return {
        "assigned": Count("pk"),
        "submitted": Count("pk", filter=Q(sheet__status=SheetStatus.SUBMITTED)),
        "started": Count("pk", filter=Q(sheet__status=SheetStatus.DRAFT, sheet__version__gt=0)),
    }


def _per_judge_and_group(stage: Stage) -> list[dict]:
    """The stage's counts per judge and group (one query over the stage's assignments, joining only what it
    counts: names are read from the judges, a few hundred rows, not grouped over thousands of assignments)."""
    return list(
        Assignment.objects.filter(entry__stage=stage)
        .order_by()
        .values("judge_id", "entry__proposal__group")
        .annotate(**_counts())
    )


def _judge_names(judge_ids, known: dict[int, str] | None = None) -> dict[int, str]:
    """Judge id → name, for the given ids not already `known` (one query, none when all are known)."""
    names = dict(known or {})
    missing = set(judge_ids) - set(names)
    if missing:
        for pk, first, last, username in Judge.objects.filter(pk__in=missing).values_list(
            "pk", "user__first_name", "user__last_name", "user__username"
        ):
            names[pk] = person_name(first, last, username)
    return names


def judge_progress(
    stage: Stage, rows: list[dict] | None = None, *, names: dict[int, str] | None = None
) -> list[JudgeProgress]:
    """Every judge with assignments in `stage`: assigned, submitted and started entries, those with the most still
    to submit first (two queries, fewer given the rows of `_per_judge_and_group` and the judges' names)."""
    rows = _per_judge_and_group(stage) if rows is None else rows
    names = _judge_names({row["judge_id"] for row in rows}, names)
    by_judge: dict[int, JudgeProgress] = {}
    for row in rows:
        judge = by_judge.get(row["judge_id"])
        if judge is None:
            judge = by_judge[row["judge_id"]] = JudgeProgress(judge_id=row["judge_id"], name=names[row["judge_id"]])
        judge.add(Progress(assigned=row["assigned"], submitted=row["submitted"], started=row["started"]))
    return sorted(by_judge.values(), key=lambda row: (-row.remaining, row.name.casefold(), row.judge_id))


def _panels_and_members(stage: Stage):
    panels = list(
        Panel.objects.filter(edition_id=stage.edition_id)
        .prefetch_related(Prefetch("groups", queryset=PanelGroup.objects.order_by("group")))
        .order_by("name", "pk")
    )
    members: dict[int, list[tuple[int, str]]] = {panel.pk: [] for panel in panels}
    for panel_id, judge_id, first, last, username in (
        PanelMember.objects.filter(panel__edition_id=stage.edition_id)
        .order_by("judge__user__last_name", "judge__user__first_name", "pk")
        .values_list(
            "panel_id", "judge_id", "judge__user__first_name", "judge__user__last_name", "judge__user__username"
        )
    ):
        members[panel_id].append((judge_id, person_name(first, last, username)))
    return panels, members


def stage_progress(stage: Stage) -> tuple[list[JudgeProgress], list[PanelProgress]]:
    """judge_progress and panel_progress of `stage` from one aggregate of its assignments, the panels' members
    naming the judges (a query more only for judges on no panel)."""
    rows = _per_judge_and_group(stage)
    panels, members = _panels_and_members(stage)
    names = {judge_id: name for panel_members in members.values() for judge_id, name in panel_members}
    judges = judge_progress(stage, rows, names=names)
    return judges, _panel_totals(panels, members, rows)


def panel_progress(stage: Stage, judges: list[JudgeProgress] | None = None) -> list[PanelProgress]:
    """Every panel of the edition: its members' assignments in `stage` on entries of the panel's groups (one query
    for the panels, one for their groups, one for their members as rows and one for the counts per judge and group;
    no model instance per member, as a panel may have hundreds)."""
    panels, members = _panels_and_members(stage)
    return _panel_totals(panels, members, _per_judge_and_group(stage))


def _panel_totals(panels, members, rows) -> list[PanelProgress]:
    per_group: dict[tuple[int, str], Progress] = {}
    for row in rows:
        per_group[(row["judge_id"], row["entry__proposal__group"])] = Progress(
            assigned=row["assigned"], submitted=row["submitted"], started=row["started"]
        )
    result = []
    for panel in panels:
        total = PanelProgress(panel=panel)
        groups = panel.group_kinds
        for judge_id, name in members[panel.pk]:
            mine = JudgeProgress(judge_id=judge_id, name=name)
            for group in groups:
                if (judge_id, group) in per_group:
                    mine.add(per_group[(judge_id, group)])
            total.judges.append(mine)
            total.add(mine)
        total.behind = sum(1 for judge in total.judges if judge.is_behind)
        result.append(total)
    return result


# --- Reminders ------------------------------------------------------------------------------------------------------


@dataclass
class Reminder:
    judge: Judge
    pending: list[Assignment]


def reminders_for(stage: Stage, *, judge_id: int | None = None) -> list[Reminder]:
    """The judges behind in `stage` (or only `judge_id`) with their unsubmitted assignments (one query), none unless
    the stage is open."""
    if round_for(stage).state != RoundState.OPEN:
        return []
    pending = (
        Assignment.objects.filter(entry__stage=stage)
        .exclude(sheet__status=SheetStatus.SUBMITTED)
        .select_related("judge__user", "entry__proposal", "sheet")
        .order_by("judge__user__last_name", "judge__user__first_name", "judge_id", "entry__proposal__title")
    )
    if judge_id is not None:
        pending = pending.filter(judge_id=judge_id)
    by_judge: dict[int, Reminder] = {}
    for assignment in pending:
        reminder = by_judge.get(assignment.judge_id)
        if reminder is None:
            reminder = by_judge[assignment.judge_id] = Reminder(judge=assignment.judge, pending=[])
        reminder.pending.append(assignment)
    return list(by_judge.values())


@dataclass
class ReminderRow:
    judge_id: int
    name: str
    email: str
    pending: int


def reminder_rows(stage: Stage) -> list[ReminderRow]:
    """What `reminders_for` would mail, as one row per judge behind with their number of pending entries, counted
    in SQL (one query, no model instance per assignment); none unless the stage is open. Same order."""
    if round_for(stage).state != RoundState.OPEN:
        return []
    rows = (
        Assignment.objects.filter(entry__stage=stage)
        .exclude(sheet__status=SheetStatus.SUBMITTED)
        .order_by()
        .values("judge_id", "judge__user__first_name", "judge__user__last_name", "judge__user__username")
        .annotate(pending=Count("pk"), email=Max("judge__user__email"))
        .order_by("judge__user__last_name", "judge__user__first_name", "judge_id")
    )
    return [
        ReminderRow(
            judge_id=row["judge_id"],
            name=judge_name(row, "judge__user__"),
            email=row["email"] or "",
            pending=row["pending"],
        )
        for row in rows
    ]


@mail_renderer
def render_reminder(delivery) -> tuple[str, str] | None:
    """The reminder to one judge, written when it is sent: what is still pending then (nothing is sent to a judge
    who has caught up, or once the stage closed)."""
    stage = Stage.objects.select_related("edition").filter(pk=delivery.params["stage"]).first()
    if stage is None:
        return None
    reminders = reminders_for(stage, judge_id=delivery.params["judge"])
    if not reminders:
        return None
    reminder = reminders[0]
    context = {
        "recipient": reminder.judge.user,
        "stage": stage,
        "edition": stage.edition,
        "deadline": stage_deadline(stage),
        "pending": reminder.pending,
        "drafts": sum(1 for assignment in reminder.pending if assignment.sheet.version > 0),
        "my_entries_url": portal_url(reverse("judging:my_entries")),
    }
    subject = " ".join(render_to_string("judging/progress/emails/reminder_subject.txt", context).split())
    return subject, render_to_string("judging/progress/emails/reminder_body.txt", context)


def reminded_today(stage: Stage) -> bool:
    """Whether the judges of `stage` were reminded today (WIB), from the progress page or the daily command."""
    return ActionLog.objects.filter(
        action_type=REMINDERS_SENT,
        data__stage=stage.pk,
        timestamp__gte=start_of_day_jakarta(jakarta_today()),
    ).exists()


@transaction.atomic
def remind_judges(stage: Stage, *, actor) -> list[Reminder]:
    """Mail every judge behind in the open `stage`: what is pending, the deadline and a link to their entries.

    Refused when the stage is not open. Judges without an email address are skipped (and not returned). Audited on
    the stage's round with the judges and their pending counts; one mail per judge is queued (core.outbox)
    and written and sent by a task after the commit."""
    if round_for(stage).state != RoundState.OPEN:
        raise DomainError(_("Reminders are sent only while the stage is open for scoring."))
    reminders = [reminder for reminder in reminders_for(stage) if reminder.judge.user.email]
    if not reminders:
        return []
    deadline = stage_deadline(stage)
    entry = log_action(
        round_for(stage),
        REMINDERS_SENT,
        actor=actor,
        data=RemindersSent(
            stage=stage.pk,
            deadline=deadline.isoformat() if deadline else None,
            judges={str(reminder.judge.pk): len(reminder.pending) for reminder in reminders},
        ),
    )
    for reminder in reminders:
        queue_mail(
            key=f"judge-reminder:{entry.pk}:{reminder.judge.pk}",
            renderer=render_reminder,
            recipient=reminder.judge.user,
            params={"stage": stage.pk, "judge": reminder.judge.pk},
        )
    return reminders
