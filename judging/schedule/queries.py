"""Reads for the presentation schedule: the facts the fill needs (a constant number of queries), and the rows the
organizer's, the agency's and the judge's pages show."""

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from competitions.enums import StageKind
from competitions.models import Stage

from ..conflicts import ConflictIndex
from ..enums import MoveRequestState, RoundState
from ..models import (
    Assignment,
    PanelGroup,
    PanelMember,
    PresentationMaterials,
    PresentationSession,
    PresentationSlot,
    SlotMoveRequest,
    StageEntry,
    UnavailableDay,
)
from ..progress import STAGE_PHASES
from .filling import JAKARTA, EntryFacts, Placed, SessionFacts

# Stages whose entries present to a panel at a set time.
SCHEDULED_STAGES = (StageKind.PRESENTATION,)
# The days an agency may mark as unavailable: at most this many from the stage's phase.
MAX_PLANNING_DAYS = 31


def sessions_of(stage: Stage) -> QuerySet[PresentationSession]:
    return (
        PresentationSession.objects.filter(stage=stage)
        .select_related("panel", "chair__user")
        .order_by("starts_at", "pk")
    )


def session_facts(stage: Stage, *, session_ids=None) -> list[SessionFacts]:
    """Every session of `stage` (or those of `session_ids`) with its panel's groups and judges (three queries)."""
    sessions = sessions_of(stage)
    if session_ids is not None:
        sessions = sessions.filter(pk__in=list(session_ids))
    sessions = list(sessions)
    panel_ids = {session.panel_id for session in sessions}
    groups, judges = defaultdict(set), defaultdict(set)
    for panel_id, group in PanelGroup.objects.filter(panel_id__in=panel_ids).values_list("panel_id", "group"):
        groups[panel_id].add(group)
    for panel_id, judge_id in PanelMember.objects.filter(panel_id__in=panel_ids).values_list("panel_id", "judge_id"):
        judges[panel_id].add(judge_id)
    return [
        SessionFacts(
            id=session.pk,
            groups=frozenset(groups[session.panel_id]),
            judge_ids=frozenset(judges[session.panel_id]),
            starts_at=session.starts_at,
            ends_at=session.ends_at,
        )
        for session in sessions
    ]


def entry_facts(stage: Stage, sessions: list[SessionFacts], *, entry_ids=None) -> list[EntryFacts]:
    """Every entry of `stage` (or those of `entry_ids`) with the judges of the sessions' panels it is in conflict
    with, and the days its agency cannot attend (five queries: entries, judges, the conflict index's two, the
    days)."""
    entries = StageEntry.objects.filter(stage=stage)
    if entry_ids is not None:
        entries = entries.filter(pk__in=list(entry_ids))
    entries = list(entries.values("pk", "proposal_id", "proposal__agency_id", "proposal__region_id", "proposal__group"))
    judge_ids = set().union(*(session.judge_ids for session in sessions)) if sessions else set()
    judge_agencies = dict(
        PanelMember.objects.filter(judge_id__in=judge_ids).values_list("judge_id", "judge__agency_id").distinct()
    )
    index = ConflictIndex(
        proposal_ids=[entry["proposal_id"] for entry in entries],
        agency_ids={entry["proposal__agency_id"] for entry in entries} | set(judge_agencies.values()) - {None},
    )
    days = defaultdict(set)
    for agency_id, day in UnavailableDay.objects.filter(stage=stage).values_list("agency_id", "day"):
        days[agency_id].add(day)
    facts = []
    for entry in entries:
        agency_id = entry["proposal__agency_id"]
        conflicted = frozenset(
            judge_id
            for judge_id in judge_ids
            if index.reason(
                judge_id=judge_id,
                judge_agency_id=judge_agencies.get(judge_id),
                proposal_id=entry["proposal_id"],
                agency_id=agency_id,
                region_id=entry["proposal__region_id"],
            )
        )
        facts.append(
            EntryFacts(
                id=entry["pk"],
                agency_id=agency_id,
                group=entry["proposal__group"],
                conflicted_judge_ids=conflicted,
                unavailable_days=frozenset(days[agency_id]),
            )
        )
    return facts


def placed_slots(stage: Stage) -> list[Placed]:
    return [
        Placed(row["entry_id"], row["entry__proposal__agency_id"], row["session_id"], row["starts_at"], row["ends_at"])
        for row in PresentationSlot.objects.filter(session__stage=stage).values(
            "entry_id", "entry__proposal__agency_id", "session_id", "starts_at", "ends_at"
        )
    ]


def schedule_sessions(stage: Stage) -> QuerySet[PresentationSession]:
    """The organizer's schedule page: each session with its slots, their entries and agencies, in time order
    (two queries for a page of sessions, whatever the number of slots)."""
    slots = PresentationSlot.objects.select_related("entry__proposal__agency").annotate(
        pending_requests=Count("move_requests", filter=Q(move_requests__state=MoveRequestState.PENDING))
    )
    return sessions_of(stage).prefetch_related(Prefetch("slots", queryset=slots.order_by("starts_at")))


def slot_counts(stage: Stage) -> dict:
    """Slots given and confirmed in the stage (one aggregate)."""
    return PresentationSlot.objects.filter(session__stage=stage).aggregate(
        slots=Count("pk"), confirmed=Count("pk", filter=Q(confirmed_at__isnull=False))
    )


def judge_days(judge_id: int) -> list[dt.date]:
    """The days (WIB) with a slot of the judge's panels in a published schedule (one query)."""
    return sorted(
        set(
            slots_of_judge(judge_id)
            .annotate(day=TruncDate("starts_at", tzinfo=JAKARTA))
            .order_by()
            .values_list("day", flat=True)
            .distinct()
        )
    )


def unplaced_entries(stage: Stage) -> QuerySet[StageEntry]:
    return (
        StageEntry.objects.filter(stage=stage, slot__isnull=True)
        .select_related("proposal__agency")
        .order_by("proposal__title")
    )


def slots_of_agency(agency_id: int) -> QuerySet[PresentationSlot]:
    """The agency's slots in schedules that are published (an agency never sees a draft schedule)."""
    return (
        PresentationSlot.objects.filter(
            entry__proposal__agency_id=agency_id, session__stage__round__schedule_published_at__isnull=False
        )
        .select_related(
            "session__panel", "session__stage__edition", "session__stage__round", "entry__proposal", "entry__materials"
        )
        .order_by("starts_at")
    )


def slots_of_judge(judge_id: int) -> QuerySet[PresentationSlot]:
    """A judge's slots: those of sessions of panels they sit on, in published schedules, in time order."""
    return (
        PresentationSlot.objects.filter(
            session__panel__members__judge_id=judge_id,
            session__stage__round__schedule_published_at__isnull=False,
        )
        .select_related("session__panel", "session__stage__edition", "entry__proposal")
        .order_by("starts_at", "pk")
    )


def unconfirmed_slots(stage: Stage) -> QuerySet[PresentationSlot]:
    """Published slots of `stage` the agency has not confirmed, still ahead."""
    return (
        PresentationSlot.objects.filter(session__stage=stage, confirmed_at__isnull=True, starts_at__gt=timezone.now())
        .select_related("entry__proposal", "session")
        .order_by("starts_at")
    )


def presentation_of(entry: StageEntry) -> dict:
    """The entry's slot and materials for its judges' page (two queries, only in a stage with presentations)."""
    if entry.stage.kind not in SCHEDULED_STAGES:
        return {"presentation_slot": None, "materials": None}
    slot = (
        PresentationSlot.objects.filter(entry=entry, session__stage__round__schedule_published_at__isnull=False)
        .select_related("session__panel")
        .first()
    )
    return {"presentation_slot": slot, "materials": PresentationMaterials.objects.filter(entry=entry).first()}


def pending_requests(stage: Stage) -> QuerySet[SlotMoveRequest]:
    return (
        SlotMoveRequest.objects.filter(slot__session__stage=stage, state=MoveRequestState.PENDING)
        .select_related("slot__entry__proposal__agency", "slot__session__panel", "requested_by")
        .order_by("requested_at")
    )


def stages_being_scheduled(agency_id: int) -> QuerySet[Stage]:
    """Stages with presentations where the agency has an entry and whose schedule is still being made."""
    return (
        Stage.objects.filter(kind__in=SCHEDULED_STAGES, entries__proposal__agency_id=agency_id)
        .filter(Q(round__isnull=True) | Q(round__schedule_published_at__isnull=True))
        .exclude(round__state=RoundState.CLOSED)
        .select_related("edition")
        .prefetch_related("edition__phases")
        .distinct()
        .order_by("-edition__year")
    )


def stage_days(stage: Stage) -> list[dt.date]:
    """The days the stage's presentations may fall on: its phase's days (at most MAX_PLANNING_DAYS), else the days
    of its sessions."""
    phase = stage.edition.phase(STAGE_PHASES.get(stage.kind, ""))
    if phase is not None:
        count = min((phase.ends_on - phase.starts_on).days + 1, MAX_PLANNING_DAYS)
        return [phase.starts_on + dt.timedelta(days=offset) for offset in range(count)]
    starts = PresentationSession.objects.filter(stage=stage).values_list("starts_at", flat=True)
    return sorted({timezone.localtime(start).date() for start in starts})


def unavailable_days(stage: Stage, agency_id: int) -> list[dt.date]:
    return list(UnavailableDay.objects.filter(stage=stage, agency_id=agency_id).values_list("day", flat=True))


def judge_assignments_by_entry(judge_id: int, entry_ids) -> dict[int, int]:
    """entry id → the judge's assignment on it (the score page's key), for the entries given."""
    return dict(
        Assignment.objects.filter(judge_id=judge_id, entry_id__in=list(entry_ids)).values_list("entry_id", "pk")
    )
