"""Named read shapes for judging: scoped querysets (a judge reaches only their own assignments, in rounds that are
open or closed; anything else is a 404), and the data the assignment planner needs, loaded in a constant number
of queries. A sheet's weighted total is stored on the sheet (judging.scoring); rankings are in judging.ranking.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from competitions.enums import GroupKind
from competitions.models import Criterion, Judge, Stage
from competitions.rules import roles_of
from proposals.enums import ProposalState
from proposals.models import Proposal, ProposalSectionText
from proposals.queries import replication_sources_shown

from .conflicts import ConflictIndex
from .enums import VISIBLE_TO_JUDGES, ConflictReason, SheetStatus
from .models import Assignment, Panel, PanelGroup, PanelMember, ScoreSheet, StageEntry, StageRound
from .planner import EntryNeed, Plan, plan_assignments

# --- Rounds and stages ----------------------------------------------------------------------------------------------


def round_for(stage: Stage) -> StageRound:
    """The stage's round, or an unsaved one with the defaults when none was created yet (a preparing round).

    Uses `stage.round` when it was loaded with select_related, so lists of stages stay at one query."""
    try:
        return stage.round
    except StageRound.DoesNotExist:
        return StageRound.default_for(stage)


def stages_with_rounds(edition) -> list[Stage]:
    """The edition's stages in the cycle's order, each with its round loaded (one query)."""
    stages = Stage.objects.filter(edition=edition).select_related("round", "edition")
    return sorted(stages, key=lambda stage: stage.position)


def is_first_stage(stage: Stage) -> bool:
    """The first stage of its edition (desk evaluation by default): every proposal that passed screening enters it."""
    return stage.previous_in_cycle() is None


# --- Judges ---------------------------------------------------------------------------------------------------------


def assignments_for_judge(user) -> QuerySet[Assignment]:
    """The user's own assignments in rounds visible to judges (open or closed); none for anyone who is not a judge.

    Organizers do not reach judges' pages through this: they see assignments on the panel pages."""
    judge_id = roles_of(user).judge_id
    if judge_id is None:
        return Assignment.objects.none()
    return Assignment.objects.filter(judge_id=judge_id, entry__stage__round__state__in=VISIBLE_TO_JUDGES)


def entries_for_judge(user) -> QuerySet[StageEntry]:
    """The stage entries assigned to the user in rounds visible to judges."""
    judge_id = roles_of(user).judge_id
    if judge_id is None:
        return StageEntry.objects.none()
    return StageEntry.objects.filter(
        assignments__judge_id=judge_id, stage__round__state__in=VISIBLE_TO_JUDGES
    ).distinct()


@dataclass
class StageProgress:
    """One stage on the judge's "my entries" page: the judge's assignments in it and how far they are."""

    stage: Stage
    stage_round: StageRound
    assignments: list[Assignment] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.assignments)

    @property
    def submitted(self) -> int:
        return sum(1 for assignment in self.assignments if assignment.sheet.is_submitted)

    @property
    def started(self) -> int:
        return sum(1 for a in self.assignments if not a.sheet.is_submitted and a.sheet.version > 0)

    @property
    def percent(self) -> int:
        return round(100 * self.submitted / self.total) if self.total else 0


def my_entries(user) -> list[StageProgress]:
    """The judge's assignments grouped by stage, each with its own sheet and weighted total: the open stages first
    (the work to do), then the others; within each, newest edition first and stages in the cycle's order. One query
    whatever the number of entries."""
    assignments = (
        assignments_for_judge(user)
        .select_related(
            "sheet",
            "entry__proposal__category",
            "entry__proposal__agency",
            "entry__stage__edition",
            "entry__stage__round",
        )
        .order_by("-entry__stage__edition__year", "entry__stage_id", "entry__proposal__title", "pk")
    )
    by_stage: dict[int, StageProgress] = {}
    for assignment in assignments:
        stage = assignment.entry.stage
        if stage.pk not in by_stage:
            by_stage[stage.pk] = StageProgress(stage=stage, stage_round=round_for(stage))
        by_stage[stage.pk].assignments.append(assignment)
    return sorted(
        by_stage.values(), key=lambda row: (not row.stage_round.is_open, -row.stage.edition.year, row.stage.position)
    )


def assignment_for_scoring(user, entry_id: int) -> QuerySet[Assignment]:
    """The user's assignment on entry `entry_id` with what the scoring page shows (empty when not theirs → 404)."""
    proposal_prefetch = [
        Prefetch("entry__proposal__sections", queryset=ProposalSectionText.objects.order_by("pk")),
        Prefetch("entry__proposal__replication_sources", queryset=replication_sources_shown()),
    ]
    if hasattr(Proposal, "attachments"):
        proposal_prefetch.append("entry__proposal__attachments")
    return (
        assignments_for_judge(user)
        .filter(entry_id=entry_id)
        .select_related(
            "sheet",
            "judge__user",
            "entry__stage__edition",
            "entry__stage__round",
            "entry__proposal__agency",
            "entry__proposal__category",
            "entry__proposal__region",
        )
        .prefetch_related(
            *proposal_prefetch,
            Prefetch("entry__stage__criteria", queryset=Criterion.objects.order_by("position", "pk")),
            "sheet__scores",
        )
    )


def other_sheets(assignment: Assignment) -> QuerySet[ScoreSheet]:
    """The other judges' sheets on the same entry. Callers check `judging.view_other_scores` first."""
    return (
        ScoreSheet.objects.filter(assignment__entry_id=assignment.entry_id)
        .exclude(assignment_id=assignment.pk)
        .select_related("assignment__judge__user")
        .prefetch_related("scores")
        .order_by("assignment__judge__user__last_name", "pk")
    )


# --- Organizers: panels and assignments -----------------------------------------------------------------------------


def panels_of(edition) -> QuerySet[Panel]:
    """The edition's panels with their groups and members (three queries whatever their number)."""
    return panels_of_any().filter(edition=edition)


def panel_summaries(edition, *, names: int) -> QuerySet[Panel]:
    """The edition's panels with their groups, `member_count`, and their first `names` members by name as
    `first_members` (three queries whatever the number of panels and judges)."""
    return (
        Panel.objects.filter(edition=edition)
        .annotate(member_count=Count("members"))
        .prefetch_related(
            Prefetch("groups", queryset=PanelGroup.objects.order_by("group")),
            Prefetch(
                "members",
                queryset=PanelMember.objects.select_related("judge__user")
                .only("panel_id", "judge__user__first_name", "judge__user__last_name", "judge__user__username")
                .order_by("judge__user__last_name", "judge__user__first_name", "pk")[:names],
                to_attr="first_members",
            ),
        )
        .order_by("name", "pk")
    )


def panels_of_any() -> QuerySet[Panel]:
    return Panel.objects.prefetch_related(
        Prefetch("groups", queryset=PanelGroup.objects.order_by("group")),
        Prefetch(
            "members",
            queryset=PanelMember.objects.select_related("judge__user", "judge__agency").order_by(
                "judge__user__last_name", "judge__user__first_name", "pk"
            ),
        ),
    ).order_by("name", "pk")


def judge_choice_rows(text: str = "") -> QuerySet[Judge]:
    """Judges to pick from, as rows (see judge_row_label), by name;
    `text` narrows them to those whose name, username, agency or affiliation contains it."""
    judges = Judge.objects.all()
    for word in text.split()[:5]:
        judges = judges.filter(
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(user__username__icontains=word)
            | Q(agency__name__icontains=word)
            | Q(affiliation__icontains=word)
        )
    return judges.order_by("user__last_name", "user__first_name", "pk").values(
        "pk", "user__first_name", "user__last_name", "user__username", "agency__name", "affiliation"
    )


def person_name(first: str, last: str, username: str) -> str:
    """A person as the portal names them from their account's fields (as Judge.__str__ does): the full name, else
    the username. For rows read with .values(), where there is no model to ask."""
    return f"{first} {last}".strip() or username


def judge_name(row: dict, prefix: str = "assignment__judge__user__") -> str:
    """person_name of a .values() row whose account fields start with `prefix`."""
    return person_name(row[prefix + "first_name"], row[prefix + "last_name"], row[prefix + "username"])


def judge_row_label(row: dict) -> str:
    """What forms.judge_label writes, from a judge_choice_rows row."""
    name = judge_name(row, "user__")
    where = row["agency__name"] or row["affiliation"]
    return f"{name} — {where}" if where else name


def judges_for_choice() -> QuerySet[Judge]:
    return Judge.objects.select_related("user", "agency").order_by("user__last_name", "user__first_name", "pk")


# What Judge.__str__ reads, from an Assignment.
JUDGE_NAME_FIELDS = ("judge__user__first_name", "judge__user__last_name", "judge__user__username")


def judge_loads(stage: Stage) -> QuerySet[Judge]:
    """Judges of the edition's panels with their number of assignments and submitted sheets in `stage`."""
    in_stage = Q(assignments__entry__stage=stage)
    return (
        Judge.objects.filter(panel_memberships__panel__edition_id=stage.edition_id)
        .distinct()
        .select_related("user")
        .only("user__first_name", "user__last_name", "user__username")
        .annotate(
            load=Count("assignments", filter=in_stage, distinct=True),
            submitted=Count(
                "assignments", filter=in_stage & Q(assignments__sheet__status=SheetStatus.SUBMITTED), distinct=True
            ),
        )
        .order_by("user__last_name", "user__first_name", "pk")
    )


def judge_count_subquery(entry_ref: str = "pk") -> Coalesce:
    """The number of judges of the entry at OuterRef(`entry_ref`) (a correlated count on the assignments' index)."""
    counts = (
        Assignment.objects.filter(entry=OuterRef(entry_ref))
        .order_by()
        .values("entry")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def entries_for_assignment(stage: Stage, *, group: str = "", lacking_below: int | None = None) -> QuerySet[StageEntry]:
    """The ids of the stage's entries for the organizer's assignment list, in the list's order, optionally of one
    `group` and with fewer than `lacking_below` judges. Page them, then read the page's rows with
    `assignment_rows`: the list's order and count need no judge count unless "lacking judges" is asked."""
    entries = StageEntry.objects.filter(stage=stage)
    if group:
        entries = entries.filter(proposal__group=group)
    if lacking_below is not None:
        entries = entries.annotate(judge_count=judge_count_subquery()).filter(judge_count__lt=lacking_below)
    return entries.order_by("proposal__group", "proposal__title", "pk").values_list("pk", flat=True)


def assignment_rows(entry_ids: list[int]) -> list[dict]:
    """The rows (pk, title, group, agency name, judge_count) of the given entries, in the given order."""
    rows = {
        row["pk"]: row
        for row in StageEntry.objects.filter(pk__in=entry_ids)
        .annotate(judge_count=judge_count_subquery())
        .values("pk", "proposal__title", "proposal__group", "proposal__agency__name", "judge_count")
    }
    return [rows[pk] for pk in entry_ids if pk in rows]


def judges_of_entries(entry_ids) -> dict[int, list[dict]]:
    """Entry id → its judges as rows (judge_id, name, sheet status and version), by last name (one query)."""
    rows = (
        Assignment.objects.filter(entry_id__in=list(entry_ids))
        .values("entry_id", "judge_id", *JUDGE_NAME_FIELDS, "sheet__status", "sheet__version")
        .order_by("judge__user__last_name", "pk")
    )
    result: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        row["name"] = judge_name(row, "judge__user__")
        result[row["entry_id"]].append(row)
    return result


def load_summary(stage: Stage) -> dict:
    """The spread of the judges' loads in `stage`: how many panel judges, and the fewest and most entries one of
    them has (two aggregate queries whatever the number of judges)."""
    loads = dict(
        Assignment.objects.filter(entry__stage=stage)
        .order_by()
        .values("judge_id")
        .annotate(n=Count("pk"))
        .values_list("judge_id", "n")
    )
    judges = set(
        PanelMember.objects.filter(panel__edition_id=stage.edition_id).values_list("judge_id", flat=True).distinct()
    )
    counts = [loads.get(judge, 0) for judge in judges] or [0]
    return {"judges": len(judges), "lowest": min(counts), "highest": max(counts)}


@dataclass
class ShortfallRow:
    """An entry that lacks judges, for the organizer: what it has, what it needs, and why."""

    entry_id: int
    title: str
    group: str
    have: int
    wanted: int
    pool_size: int
    excluded: list[tuple[str, str]]  # (judge name, conflict reason label)

    @property
    def group_label(self) -> str:
        return GroupKind(self.group).label

    @property
    def missing(self) -> int:
        return self.wanted - self.have


@dataclass
class AssignmentReport:
    entries: int = 0
    complete: int = 0
    pending_pairs: int = 0
    not_admitted: int = 0
    shortfalls: list[ShortfallRow] = field(default_factory=list)
    pairs: list[tuple[int, int]] = field(default_factory=list)  # (entry id, judge id) the plan would create


@dataclass
class _EntryRow:
    pk: int
    proposal_id: int
    title: str
    group: str
    agency_id: int
    region_id: int | None
    assigned: set[int]


class PlanningData:
    """Everything the planner needs about a stage, in a constant number of queries: its entries (or some of them),
    the judges already on them, every judge's load in the stage, the panels' pools per group, and the conflict
    facts.

    With `lacking_below=k`, only the entries with fewer than k judges are loaded (the others need nothing, so the
    plan is the same): the preview of a stage whose entries mostly have their judges stays small. `entry_count` is
    the stage's number of entries either way.

    `admitting`: proposals a run would admit to the stage before assigning (the first stage's passed proposals not
    yet in it), planned as entries without judges under the key -proposal id (no StageEntry exists yet)."""

    def __init__(
        self,
        stage: Stage,
        *,
        entry_ids: list[int] | None = None,
        lacking_below: int | None = None,
        admitting: QuerySet | None = None,
    ):
        self.stage = stage
        rows = StageEntry.objects.filter(stage=stage)
        if entry_ids is not None:
            rows = rows.filter(pk__in=entry_ids)
        if lacking_below is not None:
            self.entry_count = rows.count()
            rows = rows.annotate(judge_count=judge_count_subquery()).filter(judge_count__lt=lacking_below)
        self.entries = {
            row["pk"]: _EntryRow(
                row["pk"],
                row["proposal_id"],
                row["proposal__title"],
                row["proposal__group"],
                row["proposal__agency_id"],
                row["proposal__region_id"],
                set(),
            )
            for row in rows.values(
                "pk", "proposal_id", "proposal__title", "proposal__group", "proposal__agency_id", "proposal__region_id"
            )
        }
        if lacking_below is None:
            self.entry_count = len(self.entries)
        if admitting is not None:
            to_admit = admitting.values("pk", "title", "group", "agency_id", "region_id")
            for row in to_admit:
                self.entries[-row["pk"]] = _EntryRow(
                    -row["pk"], row["pk"], row["title"], row["group"], row["agency_id"], row["region_id"], set()
                )
                self.entry_count += 1
        self.loads: dict[int, int] = defaultdict(int)
        self.pools: dict[str, set[int]] = defaultdict(set)
        self.judges: dict[int, Judge] = {}
        if lacking_below is not None and not self.entries:
            # Every entry has its judges: the plan is empty whatever the loads, pools and conflicts.
            self.conflicts = None
            return
        assignments = Assignment.objects.filter(entry__stage=stage)
        if lacking_below is None:
            for entry_id, judge_id in assignments.values_list("entry_id", "judge_id"):
                self.loads[judge_id] += 1
                if entry_id in self.entries:
                    self.entries[entry_id].assigned.add(judge_id)
        else:
            loads = assignments.order_by().values("judge_id").annotate(n=Count("pk")).values_list("judge_id", "n")
            self.loads.update(loads)
            for entry_id, judge_id in assignments.filter(entry_id__in=list(self.entries)).values_list(
                "entry_id", "judge_id"
            ):
                self.entries[entry_id].assigned.add(judge_id)
        for judge_id, group in PanelMember.objects.filter(
            panel__edition_id=stage.edition_id, panel__groups__isnull=False
        ).values_list("judge_id", "panel__groups__group"):
            self.pools[group].add(judge_id)
        pool_ids = set().union(*self.pools.values()) if self.pools else set()
        self.judges = {judge.pk: judge for judge in Judge.objects.filter(pk__in=pool_ids).select_related("user")}
        agency_ids = None
        if lacking_below is not None:
            agency_ids = {judge.agency_id for judge in self.judges.values() if judge.agency_id}
            agency_ids |= {row.agency_id for row in self.entries.values()}
        self.conflicts = ConflictIndex(
            proposal_ids=[row.proposal_id for row in self.entries.values()], agency_ids=agency_ids
        )

    def conflict(self, entry_id: int, judge_id: int) -> str | None:
        row = self.entries[entry_id]
        return self.conflicts.reason(
            judge_id=judge_id,
            judge_agency_id=self.judges[judge_id].agency_id,
            proposal_id=row.proposal_id,
            agency_id=row.agency_id,
            region_id=row.region_id,
        )

    def plan(self, *, k: int) -> Plan:
        needs = [EntryNeed(row.pk, row.group, frozenset(row.assigned)) for row in self.entries.values()]
        return plan_assignments(needs, pools=self.pools, loads=dict(self.loads), k=k, conflict=self.conflict)

    def report(self, plan: Plan, *, k: int) -> AssignmentReport:
        rows = [
            ShortfallRow(
                entry_id=shortfall.entry_id,
                title=self.entries[shortfall.entry_id].title,
                group=shortfall.group,
                have=shortfall.have,
                wanted=shortfall.wanted,
                pool_size=shortfall.pool_size,
                excluded=[
                    (str(self.judges[judge]), ConflictReason(reason).label) for judge, reason in shortfall.excluded
                ],
            )
            for shortfall in plan.shortfalls
        ]
        return AssignmentReport(
            entries=self.entry_count,
            complete=self.entry_count - len(rows),
            pending_pairs=len(plan.pairs),
            shortfalls=rows,
            pairs=plan.pairs,
        )


def planning_data(
    stage: Stage, *, entry_ids: list[int] | None = None, lacking_below: int | None = None
) -> PlanningData:
    return PlanningData(stage, entry_ids=entry_ids, lacking_below=lacking_below)


def planned_rows(stage: Stage, pairs: list[tuple[int, int]]) -> list[dict]:
    """(entry, judge) pairs of a plan as rows to show: entry id (None for a proposal the run admits first), title,
    group label and judge name (three queries at most)."""
    entries = {
        row["pk"]: row
        for row in StageEntry.objects.filter(stage=stage, pk__in={entry for entry, _judge in pairs}).values(
            "pk", "proposal__title", "proposal__group"
        )
    }
    admitted_first = {-entry for entry, _judge in pairs if entry < 0}
    if admitted_first:
        for row in Proposal.objects.filter(pk__in=admitted_first).values("pk", "title", "group"):
            entries[-row["pk"]] = {"pk": None, "proposal__title": row["title"], "proposal__group": row["group"]}
    judges = Judge.objects.filter(pk__in={judge for _entry, judge in pairs}).select_related("user")
    names = {judge.pk: str(judge) for judge in judges}
    return [
        {
            "entry_id": entries[entry]["pk"],
            "title": entries[entry]["proposal__title"],
            "group": GroupKind(entries[entry]["proposal__group"]).label,
            "judge_id": judge,
            "judge": names.get(judge, f"#{judge}"),
        }
        for entry, judge in pairs
        if entry in entries
    ]


def assignment_preview(stage: Stage, *, k: int | None = None) -> AssignmentReport:
    """What an assignment run would do now, without writing: entries it would complete, and those it cannot
    (the result page after a run shows the ones still lacking judges, with the reasons)."""
    k = k or round_for(stage).judges_per_entry
    admitting = None
    if is_first_stage(stage):
        # The run admits these first and assigns them in the same go: the preview plans them too.
        admitting = Proposal.objects.filter(edition_id=stage.edition_id, state=ProposalState.PASSED).exclude(
            stage_entries__stage=stage
        )
    data = PlanningData(stage, lacking_below=k, admitting=admitting)
    report = data.report(data.plan(k=k), k=k)
    report.not_admitted = sum(1 for entry_id in data.entries if entry_id < 0)
    return report
