"""The organizer's cockpit of one edition: the cycle's steps in order, each with its dates, its state, live counts,
what blocks it in plain words and the page where its work is done, and the one next action.

Everything comes from aggregates in a constant number of queries (about fifteen, whatever the number of proposals,
entries or score sheets): counts per state and group, per state and agency kind, per stage and group and per stage,
group and judge (rows bounded by the judges, not by the sheets).
"""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from competitions.enums import AgencyKind, GroupKind, PhaseKind
from competitions.models import Edition, Stage, jakarta_today
from core.actions import action_for
from core.models import ActionLog
from core.order import ORDER_OVERRIDDEN, Missing
from judging import services as judging_services
from judging.enums import RoundState, SheetStatus
from judging.models import Assignment, FieldVisit, PresentationSlot, ScoreSheet, StageEntry
from judging.progress import STAGE_PHASES
from judging.schedule.queries import SCHEDULED_STAGES
from judging.visits.queries import VISITED_STAGES
from proposals.enums import COUNTS_TOWARD_QUOTA, ProposalState
from proposals.models import Proposal
from publication.catalogue.enums import ObjectionOutcome
from publication.cycle.guards import (
    PublishingFacts,
    group_undecided,
    missing_for_publishing,
    objection_period_running,
    objections_unanswered,
    unclosed_stages,
)
from publication.enums import AwardKind, AwardState, PublicationState
from publication.models import Award, AwardDecision, FinalistList, Objection, Publication


class StepState(models.TextChoices):
    NOT_STARTED = "not_started", pgettext_lazy("cycle step", "Not started")
    UNDER_WAY = "under_way", pgettext_lazy("cycle step", "Under way")
    DONE = "done", pgettext_lazy("cycle step", "Done")
    OVERDUE = "overdue", pgettext_lazy("cycle step", "Overdue")


STATE_BADGES = {
    StepState.NOT_STARTED: "text-bg-light border",
    StepState.UNDER_WAY: "text-bg-primary",
    StepState.DONE: "text-bg-success",
    StepState.OVERDUE: "text-bg-danger",
}


@dataclass
class Action:
    label: str
    url: str


@dataclass
class Step:
    key: str
    title: str
    state: str = StepState.NOT_STARTED
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    counts: list[tuple[str, object]] = field(default_factory=list)
    blockers: list[Missing] = field(default_factory=list)
    url: str = ""
    action: Action | None = None
    reminders: list[Action] = field(default_factory=list)  # mail to those behind, previewed before it goes out

    @property
    def state_label(self) -> str:
        return StepState(self.state).label

    @property
    def badge_class(self) -> str:
        return STATE_BADGES[self.state]

    @property
    def is_done(self) -> bool:
        return self.state == StepState.DONE


@dataclass
class Override:
    step: str
    reason: str
    missing: list[str]
    actor: str
    at: dt.datetime


@dataclass
class Cockpit:
    edition: Edition
    steps: list[Step]
    overrides: list[Override]

    @cached_property
    def next_step(self) -> Step | None:
        """The first step not done: its action is the page's primary button. When that step only waits (submission
        running), the first later step already under way with an action comes first: screening what came in. A
        later step that is merely late by its dates does not jump the queue."""
        pending = [step for step in self.steps if not step.is_done]
        if not pending or pending[0].action:
            return pending[0] if pending else None
        active = (step for step in pending[1:] if step.action and step.state == StepState.UNDER_WAY)
        return next(active, pending[0])

    @property
    def next_action(self) -> Action | None:
        step = self.next_step
        return step.action if step else None


def _dated(step: Step, phase) -> Step:
    if phase is not None:
        step.starts_on, step.ends_on = phase.starts_on, phase.ends_on
    return step


def _state_by_dates(phase, today: dt.date) -> str:
    if phase is None or today < phase.starts_on:
        return StepState.NOT_STARTED
    return StepState.DONE if today > phase.ends_on else StepState.UNDER_WAY


def _late(step: Step, today: dt.date) -> None:
    """A step still not done after its phase's last day is overdue."""
    if not step.is_done and step.ends_on and today > step.ends_on:
        step.state = StepState.OVERDUE


def build_cockpit(edition: Edition, *, now: dt.datetime | None = None) -> Cockpit:
    now = now or timezone.now()
    today = jakarta_today(now)
    year = edition.year
    groups = list(edition.groups.all())
    group_label = {group.kind: GroupKind(group.kind).label for group in groups}
    steps: list[Step] = []

    # Socialization: dates only.
    phase = edition.phase(PhaseKind.SOCIALIZATION)
    steps.append(
        _dated(
            Step(
                "socialization",
                _("Socialization"),
                state=_state_by_dates(phase, today),
                url=reverse("competitions:org_edition_schedule", args=[year]),
            ),
            phase,
        )
    )

    # Submission and screening: one aggregate per state, group and agency kind. "Submitted" is every state that
    # holds a quota place (proposals.enums.COUNTS_TOWARD_QUOTA), as on the statistics page.
    by_state_group, by_state, by_kind = Counter(), Counter(), Counter()
    for row in (
        Proposal.objects.filter(edition=edition)
        .order_by()
        .values("state", "group", "agency__kind")
        .annotate(n=Count("pk"))
    ):
        by_state_group[(row["state"], row["group"])] += row["n"]
        by_state[row["state"]] += row["n"]
        if row["state"] in COUNTS_TOWARD_QUOTA:
            by_kind[row["agency__kind"]] += row["n"]
    entered_states = COUNTS_TOWARD_QUOTA
    submitted_total = sum(by_state[state] for state in entered_states)

    phase = edition.phase(PhaseKind.SUBMISSION)
    submission = _dated(
        Step(
            "submission",
            _("Registration and submission"),
            state=StepState.UNDER_WAY if edition.is_submission_open(now) else _state_by_dates(phase, today),
            url=reverse("proposals:screening_list") + f"?edition={edition.pk}",
        ),
        phase,
    )
    submission.counts = [
        (_("Drafts"), by_state[ProposalState.DRAFT]),
        (_("Submitted"), submitted_total),
        *[
            (group_label[group.kind], sum(by_state_group[(state, group.kind)] for state in entered_states))
            for group in groups
        ],
        *[(AgencyKind(kind).label, n) for kind, n in sorted(by_kind.items()) if kind in AgencyKind.values],
    ]
    steps.append(submission)

    phase = edition.phase(PhaseKind.SCREENING)
    awaiting = by_state[ProposalState.SUBMITTED]
    screened = by_state[ProposalState.PASSED] + by_state[ProposalState.REJECTED] + by_state[ProposalState.RETURNED]
    screening_url = reverse("proposals:screening_list") + f"?edition={edition.pk}"
    screening = _dated(Step("screening", _("Administrative screening"), url=screening_url), phase)
    screening.counts = [
        (_("Awaiting screening"), awaiting),
        (_("Passed"), by_state[ProposalState.PASSED]),
        (_("Returned for revision"), by_state[ProposalState.RETURNED]),
        (_("Rejected"), by_state[ProposalState.REJECTED]),
    ]
    if awaiting or by_state[ProposalState.RETURNED]:
        screening.state = StepState.UNDER_WAY
        if awaiting:
            screening.blockers.append(judging_services.awaiting_screening(edition, awaiting))
    elif by_state[ProposalState.PASSED] and submission.state == StepState.DONE:
        screening.state = StepState.DONE
    elif screened:
        screening.state = StepState.UNDER_WAY
    if screening.blockers or not screening.is_done:
        screening.action = Action(_("Screen the proposals"), screening_url)
    if by_state[ProposalState.RETURNED]:
        screening.reminders.append(
            Action(
                _("Remind agencies of returned proposals"),
                reverse("proposals:revision_reminders", args=[year]),
            )
        )
    _late(screening, today)
    steps.append(screening)

    # Judging: the stages with their rounds, entries per stage and group, sheets per stage, group and judge.
    all_stages = sorted(
        Stage.objects.filter(edition=edition).select_related("round", "edition"), key=lambda st: st.position
    )
    rounds = {stage.pk: getattr(stage, "round", None) for stage in all_stages}
    entries = Counter()
    for row in (
        StageEntry.objects.filter(stage__edition=edition)
        .order_by()
        .values("stage_id", "proposal__group")
        .annotate(n=Count("pk"))
    ):
        entries[(row["stage_id"], row["proposal__group"])] = row["n"]
    # A stage that weighs nothing and has no entry is not part of this edition's cycle.
    entered = {stage_id for stage_id, _group in entries}
    stages = [stage for stage in all_stages if stage.weight or stage.pk in entered]
    sheets = defaultdict(lambda: [0, 0])  # (stage, group) → [assigned, submitted]
    behind = defaultdict(lambda: [0, 0])  # (stage, group) → [judges behind, sheets missing]
    for stage_id, group, assigned, submitted, judges_behind, missing in _sheet_counts(edition):
        sheets[(stage_id, group)] = [assigned, submitted]
        behind[(stage_id, group)] = [judges_behind, missing]
    for index, stage in enumerate(stages):
        steps.append(
            _stage_step(
                edition,
                stage,
                rounds.get(stage.pk),
                following=stages[index + 1] if index + 1 < len(stages) else None,
                groups=groups,
                entries=entries,
                sheets=sheets,
                behind=behind,
                today=today,
            )
        )
    _schedule_counts(edition, stages, steps[len(steps) - len(stages) :], rounds, entered, now)
    _visit_counts(edition, stages, steps[len(steps) - len(stages) :], rounds, entered)
    first_round = rounds.get(stages[0].pk) if stages else None
    if stages and getattr(first_round, "state", RoundState.PREPARING) == RoundState.PREPARING:
        # What judging_services.first_stage_missing refuses the opening for, from the counts already taken.
        first = steps[-len(stages)]
        if submission.state == StepState.UNDER_WAY:
            first.blockers.append(judging_services.submission_still_open(edition))
        if awaiting:
            first.blockers.append(judging_services.awaiting_screening(edition, awaiting))

    # Finalists and the objection period.
    finalist_list = FinalistList.objects.filter(edition=edition).annotate(finalist_count=Count("finalists")).first()
    objections_url = reverse("publication:objections", args=[year])
    finalists = Step("finalists", _("Finalists and objection period"), url=objections_url)
    pending_objections = 0
    if finalist_list is None:
        finalists.action = Action(_("Announce the finalists"), reverse("publication:finalists_publish", args=[year]))
        finalists.counts = [(_("Finalists"), 0)]
    else:
        counts = Objection.objects.filter(finalist__finalist_list=finalist_list).aggregate(
            filed=Count("pk"), pending=Count("pk", filter=Q(outcome=ObjectionOutcome.PENDING))
        )
        pending_objections = counts["pending"]
        finalists.starts_on = jakarta_today(finalist_list.published_at)
        finalists.ends_on = finalist_list.objections_close_on
        finalists.counts = [
            (_("Finalists"), finalist_list.finalist_count),
            (_("Objections filed"), counts["filed"]),
            (_("Objections not answered"), counts["pending"]),
        ]
        period_running = today <= finalist_list.objections_close_on
        if period_running:
            finalists.blockers.append(objection_period_running(edition, finalist_list.objections_close_on))
        if counts["pending"]:
            finalists.blockers.append(objections_unanswered(edition, counts["pending"]))
            finalists.action = Action(_("Answer the objections"), objections_url)
        if period_running:
            finalists.state = StepState.UNDER_WAY
        elif counts["pending"]:
            finalists.state = StepState.OVERDUE
        else:
            finalists.state = StepState.DONE
    steps.append(finalists)

    # Plenary decisions: a decision per group, places decided of places available.
    awards_url = reverse("publication:awards", args=[year])
    decided_groups = set(AwardDecision.objects.filter(edition=edition).values_list("group", flat=True))
    award_counts = Award.objects.filter(edition=edition).aggregate(
        places=Count("pk", filter=Q(kind=AwardKind.RANKED) & ~Q(state=AwardState.REVOKED)),
        named=Count("pk", filter=~Q(kind=AwardKind.RANKED) & ~Q(state=AwardState.REVOKED)),
        published=Count("pk", filter=Q(state=AwardState.PUBLISHED)),
        certificates=Count("pk", filter=Q(state=AwardState.PUBLISHED, certificate_size__isnull=False)),
    )
    with_winners = [group for group in groups if group.winners_count]
    available = sum(group.winners_count for group in with_winners)
    decisions = Step("decisions", _("Plenary decisions"), url=awards_url)
    decisions.counts = [
        (_("Groups decided"), f"{sum(1 for g in with_winners if g.kind in decided_groups)} / {len(with_winners)}"),
        (_("Places decided"), f"{award_counts['places']} / {available}"),
        (_("Named awards and nominations"), award_counts["named"]),
    ]
    undecided = [group for group in with_winners if group.kind not in decided_groups]
    decisions.blockers = [group_undecided(edition, group.kind) for group in undecided]
    if not undecided and with_winners:
        decisions.state = StepState.DONE
    elif decided_groups:
        decisions.state = StepState.UNDER_WAY
    if not decisions.is_done:
        decisions.action = Action(
            _("Prefill the places from the ranking"), reverse("publication:awards_prefill", args=[year])
        )
    steps.append(decisions)

    # Publication.
    publication = Publication.objects.filter(edition=edition).first()
    published = publication is not None and publication.state == PublicationState.PUBLISHED
    publishing = _dated(
        Step("publication", _("Publication of the results"), url=awards_url), edition.phase(PhaseKind.ANNOUNCEMENT)
    )
    publishing.counts = [
        (_("State"), publication.get_state_display() if publication else PublicationState.DRAFT.label),
        (_("Awards published"), award_counts["published"]),
    ]
    if published:
        publishing.state = StepState.DONE
    else:
        facts = PublishingFacts(
            open_stages=unclosed_stages(all_stages, entered=entered),
            objections_close_on=finalist_list.objections_close_on if finalist_list else None,
            pending_objections=pending_objections,
            undecided_groups=[group.kind for group in undecided],
        )
        publishing.blockers = missing_for_publishing(edition, facts, now=now)
        publishing.action = Action(_("Publish the results"), reverse("publication:awards_publish", args=[year]))
        if publication is not None and publication.state == PublicationState.UNPUBLISHED:
            publishing.state = StepState.UNDER_WAY
        _late(publishing, today)
    steps.append(publishing)

    # Awarding: certificates issued of the published awards.
    phase = edition.phase(PhaseKind.AWARDING)
    awarding = _dated(Step("awarding", _("Awarding and exhibition"), url=awards_url), phase)
    awarding.counts = [(_("Certificates issued"), f"{award_counts['certificates']} / {award_counts['published']}")]
    if published:
        awarding.state = StepState.DONE if phase and today > phase.ends_on else StepState.UNDER_WAY
    steps.append(awarding)

    return Cockpit(edition=edition, steps=steps, overrides=_overrides(edition))


def _stage_step(edition, stage, stage_round, *, following, groups, entries, sheets, behind, today) -> Step:
    year = edition.year
    label = stage.get_kind_display()
    state = stage_round.state if stage_round else RoundState.PREPARING
    progress_url = reverse("judging:progress", args=[year]) + f"?stage={stage.kind}"
    step = _dated(
        Step(f"stage-{stage.kind}", label, url=reverse("judging:stage_assignments", args=[year, stage.kind])),
        edition.phase(STAGE_PHASES.get(stage.kind, "")),
    )
    total_entries = sum(entries[(stage.pk, group.kind)] for group in groups)
    assigned = sum(sheets[(stage.pk, group.kind)][0] for group in groups)
    submitted = sum(sheets[(stage.pk, group.kind)][1] for group in groups)
    judges_behind = sum(behind[(stage.pk, group.kind)][0] for group in groups)
    step.counts = [
        (_("Round"), RoundState(state).label),
        (_("Entries"), total_entries),
        *[(GroupKind(group.kind).label, entries[(stage.pk, group.kind)]) for group in groups],
        (_("Sheets submitted"), f"{submitted} / {assigned}"),
        (_("Judges behind"), judges_behind),
    ]
    for group in groups:
        late_judges, missing_sheets = behind[(stage.pk, group.kind)]
        if late_judges and state == RoundState.OPEN:
            step.blockers.append(
                Missing(
                    ngettext(
                        "%(judges)s judge has not submitted %(sheets)s sheets in %(stage)s %(group)s.",
                        "%(judges)s judges have not submitted %(sheets)s sheets in %(stage)s %(group)s.",
                        late_judges,
                    )
                    % {
                        "judges": late_judges,
                        "sheets": missing_sheets,
                        "stage": label,
                        "group": GroupKind(group.kind).label,
                    },
                    progress_url,
                )
            )
    if state == RoundState.CLOSED:
        step.state = StepState.DONE
        if following is not None and not any(entries[(following.pk, group.kind)] for group in groups):
            step.action = Action(_("Advance a shortlist"), reverse("judging:ranking_overview", args=[year]))
            step.state = StepState.UNDER_WAY
            step.blockers.append(
                Missing(
                    _("No shortlist has been advanced to %(stage)s yet.") % {"stage": following.get_kind_display()},
                    reverse("judging:ranking_overview", args=[year]),
                )
            )
        return step
    if state == RoundState.OPEN:
        step.state = StepState.UNDER_WAY
        if assigned and submitted == assigned:
            step.action = Action(
                _("Close %(stage)s") % {"stage": label}, reverse("judging:round_close", args=[year, stage.kind])
            )
        else:
            step.action = Action(_("Follow the judging progress"), progress_url)
        if judges_behind:
            step.reminders.append(
                Action(
                    _("Remind the judges who are behind"),
                    reverse("judging:remind_judges", args=[year, stage.kind]),
                )
            )
    elif total_entries and not assigned:
        step.action = Action(_("Assign judges"), reverse("judging:stage_assignments", args=[year, stage.kind]))
        step.blockers.append(Missing(_("No judge has been assigned yet."), step.url))
    elif total_entries:
        step.action = Action(
            _("Open %(stage)s") % {"stage": label}, reverse("judging:round_open", args=[year, stage.kind])
        )
    _late(step, today)
    return step


def _schedule_counts(edition, stages, stage_steps, rounds, entered, now) -> None:
    """On each stage with presentations: slots given and confirmed (one query for the edition); while its entries
    have no published schedule, that as a blocker with the schedule's page; once published, the reminder to the
    finalists who have not confirmed their slot."""
    counts = {
        row["session__stage_id"]: row
        for row in PresentationSlot.objects.filter(session__stage__edition=edition)
        .order_by()
        .values("session__stage_id")
        .annotate(
            slots=Count("pk"),
            confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)),
            waiting=Count("pk", filter=Q(confirmed_at__isnull=True, starts_at__gt=now)),
        )
    }
    for stage, step in zip(stages, stage_steps, strict=True):
        if stage.kind not in SCHEDULED_STAGES:
            continue
        row = counts.get(stage.pk, {"slots": 0, "confirmed": 0, "waiting": 0})
        step.counts.append((_("Slots confirmed"), f"{row['confirmed']} / {row['slots']}"))
        schedule_url = reverse("judging:schedule", args=[edition.year, stage.kind])
        published = getattr(rounds.get(stage.pk), "schedule_published_at", None) is not None
        if published and row["waiting"]:
            step.reminders.append(
                Action(
                    _("Remind finalists without a confirmed slot"),
                    reverse("judging:schedule_remind", args=[edition.year, stage.kind]),
                )
            )
        elif not published and stage.pk in entered and step.state != StepState.DONE:
            step.blockers.append(Missing(_("The presentation schedule is not published yet."), schedule_url))


def _visit_counts(edition, stages, stage_steps, rounds, entered) -> None:
    """On the field stage: visits planned and reports confirmed (one query for the edition); while its entries
    have no published visit plan, that as a blocker with the plan's page."""
    counts = {
        row["entry__stage_id"]: row
        for row in FieldVisit.objects.filter(entry__stage__edition=edition)
        .order_by()
        .values("entry__stage_id")
        .annotate(visits=Count("pk"), confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)))
    }
    for stage, step in zip(stages, stage_steps, strict=True):
        if stage.kind not in VISITED_STAGES:
            continue
        row = counts.get(stage.pk, {"visits": 0, "confirmed": 0})
        step.counts.append((_("Visit reports confirmed"), f"{row['confirmed']} / {row['visits']}"))
        published = getattr(rounds.get(stage.pk), "schedule_published_at", None) is not None
        if not published and stage.pk in entered and step.state != StepState.DONE:
            step.blockers.append(
                Missing(
                    _("The field visit plan is not published yet."),
                    reverse("judging:visits", args=[edition.year, stage.kind]),
                )
            )


def _sheet_counts(edition: Edition) -> list[tuple]:
    """Per stage and group: sheets assigned, sheets submitted, judges with sheets still to submit and how many. One
    query that counts per judge inside the database and returns one row per stage and group, not one per judge."""
    tables = {
        "assignment": Assignment._meta.db_table,
        "entry": StageEntry._meta.db_table,
        "stage": Stage._meta.db_table,
        "proposal": Proposal._meta.db_table,
        "sheet": ScoreSheet._meta.db_table,
    }
    sql = """
        SELECT stage_id, proposal_group, SUM(assigned), SUM(submitted),
               SUM(CASE WHEN assigned > submitted THEN 1 ELSE 0 END), SUM(assigned - submitted)
        FROM (
            SELECT e.stage_id AS stage_id, p."group" AS proposal_group, a.judge_id,
                   COUNT(*) AS assigned,
                   COUNT(CASE WHEN sh.status = %(submitted)s THEN 1 END) AS submitted
            FROM {assignment} a
            JOIN {entry} e ON e.id = a.entry_id
            JOIN {stage} st ON st.id = e.stage_id
            JOIN {proposal} p ON p.id = e.proposal_id
            LEFT JOIN {sheet} sh ON sh.assignment_id = a.id
            WHERE st.edition_id = %(edition)s
            GROUP BY e.stage_id, p."group", a.judge_id
        ) per_judge
        GROUP BY stage_id, proposal_group
    """.format(**tables)  # noqa: S608 - table names from the models' Meta; every value is a parameter
    with connection.cursor() as cursor:
        cursor.execute(sql, {"submitted": SheetStatus.SUBMITTED, "edition": edition.pk})
        return [tuple(int(value) if isinstance(value, int | Decimal) else value for value in row) for row in cursor]


def _overrides(edition: Edition) -> list[Override]:
    action = action_for(ORDER_OVERRIDDEN)
    rows = (
        ActionLog.objects.filter(
            action_type=ORDER_OVERRIDDEN,
            content_type__app_label="competitions",
            content_type__model="edition",
            object_id=str(edition.pk),
        )
        .select_related("actor")
        .order_by("-timestamp", "-pk")[:20]
    )
    result = []
    for row in rows:
        payload = action.read(row.data)
        result.append(
            Override(
                step=payload.step,
                reason=payload.reason,
                missing=payload.missing,
                actor=(row.actor.get_full_name() or row.actor.get_username()) if row.actor else "—",
                at=row.timestamp,
            )
        )
    return result
