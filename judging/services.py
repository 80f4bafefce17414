"""Writes for judging: one function per use case, each guarded, atomic and audited (codes kovablik.judging.*).

Organizer services (panels, rounds, admission, assignment) trust their caller to have checked
`judging.manage_panels`, as competitions.services do; judge services (record_score, declare_conflict) check that
the actor is the assigned judge, because that is a rule about the object and not only about the page.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from competitions.models import Criterion, Edition, Judge, Stage
from core import caching
from core.audit import log_action, log_actions
from core.exceptions import DomainError
from core.order import Missing, enforce_order
from proposals.enums import ProposalState
from proposals.models import Proposal

from . import queries
from .audit import (
    CONFLICT_DECLARED,
    ENTRIES_ADMITTED,
    JUDGE_ADDED,
    JUDGE_REASSIGNED,
    JUDGE_REMOVED,
    JUDGES_ASSIGNED,
    PANEL_CREATED,
    PANEL_UPDATED,
    ROUND_CLOSED,
    ROUND_OPENED,
    ROUND_SETTINGS_CHANGED,
    SCORE_REOPENED,
    SCORE_SAVED,
    SCORE_SUBMITTED,
    EntriesAdmitted,
    JudgesChanged,
    PanelChanged,
    RoundSettingsChanged,
    RoundStateChanged,
    SheetChanged,
)
from .conflicts import conflict_for, describe_conflict
from .enums import ROUND_TRANSITIONS, AssignmentSource, RoundState, SheetStatus
from .models import (
    Assignment,
    ConflictDeclaration,
    Panel,
    PanelGroup,
    PanelMember,
    Score,
    ScoreSheet,
    StageEntry,
    StageRound,
)
from .rules import is_assigned_judge
from .scoring import sheet_total

# --- Errors ---------------------------------------------------------------------------------------------------------


class ConflictRefused(DomainError):
    """A judge with a conflict of interest cannot be assigned; `reason` is a ConflictReason value."""

    def __init__(self, message, *, reason: str):
        super().__init__(message)
        self.reason = reason


class StaleScoreSheet(DomainError):
    """The form was loaded at an older version of the sheet: someone (another tab or device) saved since.

    Carries the newer state so the page can show it: `values` is {criterion id: (value, note)}.
    """

    def __init__(self, sheet: ScoreSheet, values: dict[int, tuple[int | None, str]]):
        super().__init__(
            _(
                "These scores were changed elsewhere (another tab or device) after you opened this page. "
                "The newer values are shown below; check them and save again."
            )
        )
        self.sheet = sheet
        self.values = values
        self.version = sheet.version
        self.overall_note = sheet.overall_note
        self.status = sheet.status


# --- Helpers --------------------------------------------------------------------------------------------------------


def _user(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def round_for_update(stage: Stage) -> StageRound:
    """The stage's round, created with the defaults when missing, locked for the rest of the transaction."""
    StageRound.objects.get_or_create(stage=stage, defaults={"blind": StageRound.default_for(stage).blind})
    stage_round = StageRound.objects.select_for_update().get(stage=stage)
    # The caller's stage now reads this (locked, then changed) round: queries.round_for(stage) uses stage.round.
    stage.round = stage_round
    return stage_round


def round_for_scoring(stage: Stage) -> StageRound:
    """The stage's round read afresh for a score write. On PostgreSQL the row is held FOR KEY SHARE until the
    transaction ends: closing a stage takes FOR UPDATE on it, so a close waits for saves already in flight and a
    save that starts during a close waits and then reads the closed round. Judges' saves never wait for each other
    (key-share locks do not conflict). SQLite serializes writers itself."""
    if connection.vendor == "postgresql":
        table = StageRound._meta.db_table
        query = f"SELECT * FROM {table} WHERE stage_id = %s FOR KEY SHARE"  # noqa: S608 - the model's own table
        found = list(StageRound.objects.raw(query, [stage.pk]))
    else:
        found = list(StageRound.objects.filter(stage=stage))
    return found[0] if found else StageRound.default_for(stage)


def _guard_not_closed(stage_round: StageRound) -> None:
    if stage_round.is_closed:
        raise DomainError(_("The stage is closed: its assignments and scores are locked."))


def _score_json(value):
    """A score as the audit log keeps it: a whole number as an int (as before half points), else its text ("88.5")."""
    if value is None or isinstance(value, int):
        return value
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else str(value)


def _sheet_snapshot(sheet: ScoreSheet | None, values: Mapping[int, tuple[int | None, str]] | None = None) -> dict:
    if sheet is None:
        return {}
    values = sheet.values_by_criterion() if values is None else values
    return {
        "status": sheet.status,
        "version": sheet.version,
        "overall_note": sheet.overall_note,
        "scores": {str(criterion): [_score_json(value), note] for criterion, (value, note) in sorted(values.items())},
    }


def _create_assignments(pairs: list[tuple[StageEntry | int, Judge | int]], *, source: str, actor) -> list[Assignment]:
    """Create assignments with their empty score sheets (two INSERTs whatever the number)."""
    now = timezone.now()
    assignments = Assignment.objects.bulk_create(
        Assignment(
            entry_id=entry if isinstance(entry, int) else entry.pk,
            judge_id=judge if isinstance(judge, int) else judge.pk,
            source=source,
            assigned_at=now,
            assigned_by=_user(actor),
        )
        for entry, judge in pairs
    )
    ScoreSheet.objects.bulk_create(ScoreSheet(assignment=assignment) for assignment in assignments)
    return assignments


# --- Panels ---------------------------------------------------------------------------------------------------------


def _panel_snapshot(panel: Panel) -> dict:
    return {
        "name": panel.name,
        "description": panel.description,
        "groups": sorted(PanelGroup.objects.filter(panel=panel).values_list("group", flat=True)),
        "judges": sorted(PanelMember.objects.filter(panel=panel).values_list("judge_id", flat=True)),
    }


def _check_panel_name(edition: Edition, name: str, *, exclude_pk: int | None = None) -> None:
    panels = Panel.objects.filter(edition=edition, name__iexact=name.strip())
    if exclude_pk:
        panels = panels.exclude(pk=exclude_pk)
    if panels.exists():
        raise DomainError(_("This edition already has a panel named “%(name)s”.") % {"name": name})


def _set_panel_parts(panel: Panel, *, groups: Iterable[str], judges: Iterable[Judge | int]) -> None:
    groups = set(groups)
    judge_ids = {judge if isinstance(judge, int) else judge.pk for judge in judges}
    PanelGroup.objects.filter(panel=panel).exclude(group__in=groups).delete()
    present = set(PanelGroup.objects.filter(panel=panel).values_list("group", flat=True))
    PanelGroup.objects.bulk_create(PanelGroup(panel=panel, group=group) for group in sorted(groups - present))
    PanelMember.objects.filter(panel=panel).exclude(judge_id__in=judge_ids).delete()
    present = set(PanelMember.objects.filter(panel=panel).values_list("judge_id", flat=True))
    PanelMember.objects.bulk_create(PanelMember(panel=panel, judge_id=judge) for judge in sorted(judge_ids - present))


@transaction.atomic
def create_panel(
    edition: Edition,
    *,
    name: str,
    groups: Iterable[str] = (),
    judges: Iterable[Judge | int] = (),
    description: str = "",
    actor,
) -> Panel:
    """Create a panel of `edition` judging `groups` (GroupKind values) with `judges` as members."""
    _check_panel_name(edition, name)
    panel = Panel.objects.create(edition=edition, name=name.strip(), description=description)
    _set_panel_parts(panel, groups=groups, judges=judges)
    log_action(panel, PANEL_CREATED, actor=actor, data=PanelChanged(after=_panel_snapshot(panel)))
    return panel


@transaction.atomic
def update_panel(
    panel: Panel,
    *,
    name: str,
    groups: Iterable[str],
    judges: Iterable[Judge | int],
    description: str = "",
    actor,
) -> Panel:
    """Replace the panel's name, groups and members. Removing a judge from a panel keeps their assignments: remove
    those one by one on the entry, where their scores are visible."""
    before = _panel_snapshot(panel)
    _check_panel_name(panel.edition, name, exclude_pk=panel.pk)
    panel.name, panel.description = name.strip(), description
    panel.save(update_fields=["name", "description"])
    _set_panel_parts(panel, groups=groups, judges=judges)
    after = _panel_snapshot(panel)
    if after != before:
        log_action(panel, PANEL_UPDATED, actor=actor, data=PanelChanged(before=before, after=after))
    return panel


# --- Rounds ---------------------------------------------------------------------------------------------------------

ROUND_SETTINGS_FIELDS = (
    "can_score",
    "blind",
    "see_other_scores_after_close",
    "judges_per_entry",
    "disagreement_threshold",
)


def _json(value):
    return str(value) if isinstance(value, Decimal) else value


def stage_not_closed(stage: Stage) -> Missing:
    """What a later step says while `stage` is still open (or being prepared), with the page that closes it."""
    return Missing(
        _("%(stage)s is not closed yet.") % {"stage": stage.get_kind_display()},
        reverse("judging:round_close", args=[stage.edition.year, stage.kind]),
    )


def submission_still_open(edition: Edition) -> Missing:
    return Missing(
        _("Submission is still open until %(date)s.")
        % {"date": date_format(edition.submission_last_day(), "DATE_FORMAT")},
        reverse("competitions:org_edition_schedule", args=[edition.year]),
    )


def awaiting_screening(edition: Edition, count: int) -> Missing:
    return Missing(
        ngettext("%(count)s proposal awaits screening.", "%(count)s proposals await screening.", count)
        % {"count": count},
        reverse("proposals:screening_list") + f"?edition={edition.pk}",
    )


def first_stage_missing(stage: Stage) -> list[Missing]:
    """What opening the first stage waits for: submission closed, every submitted proposal screened, and at least
    one entry (screening admits the proposals it passes)."""
    edition = stage.edition
    missing = []
    if edition.is_submission_open():
        missing.append(submission_still_open(edition))
    awaiting = Proposal.objects.filter(edition=edition, state=ProposalState.SUBMITTED).count()
    if awaiting:
        missing.append(awaiting_screening(edition, awaiting))
    if not StageEntry.objects.filter(stage=stage).exists():
        missing.append(
            Missing(
                _("No proposal has passed screening yet."),
                reverse("proposals:screening_list") + f"?edition={edition.pk}",
            )
        )
    return missing


def opening_missing(stage: Stage, stage_round: StageRound | None = None) -> list[Missing]:
    """What opening `stage` to its judges waits for: a stage after the first waits for the stage before it to be
    closed and a shortlist to be admitted from it; opening a closed stage again (a re-run) always needs a reason.
    The first stage waits for screening instead (first_stage_missing). The open page and the cockpit show this
    list; set_round_state enforces it."""
    stage_round = stage_round or queries.round_for(stage)
    year = stage.edition.year
    missing = []
    if stage_round.state == RoundState.CLOSED:
        missing.append(
            Missing(_("%(stage)s is closed; opening it again re-runs it.") % {"stage": stage.get_kind_display()})
        )
    previous = stage.previous_in_cycle()
    if previous is None:
        return missing + first_stage_missing(stage)
    if queries.round_for(previous).state != RoundState.CLOSED:
        missing.append(stage_not_closed(previous))
    if not StageEntry.objects.filter(stage=stage).exists():
        missing.append(
            Missing(
                _("No shortlist has been advanced from %(stage)s yet.") % {"stage": previous.get_kind_display()},
                reverse("judging:ranking_overview", args=[year]),
            )
        )
    return missing


@transaction.atomic
def set_round_state(stage: Stage, new_state: str, *, actor, override_reason: str = "") -> StageRound:
    """The one door for a round's state: checks ROUND_TRANSITIONS and, for opening, the order of the cycle
    (opening_missing, overridable with a reason); stamps opened_at/closed_at and audits."""
    stage_round = round_for_update(stage)
    old_state = stage_round.state
    if new_state not in ROUND_TRANSITIONS.get(old_state, frozenset()):
        raise DomainError(
            _("A stage that is “%(from)s” cannot become “%(to)s”.")
            % {"from": RoundState(old_state).label, "to": RoundState(new_state).label}
        )
    if new_state == RoundState.OPEN:
        enforce_order(
            stage.edition,
            step=_("Opening %(stage)s") % {"stage": stage.get_kind_display()},
            missing=opening_missing(stage, stage_round),
            override_reason=override_reason,
            actor=actor,
        )
    now = timezone.now()
    stage_round.state = new_state
    fields = ["state"]
    if new_state == RoundState.OPEN:
        stage_round.opened_at, stage_round.closed_at = now, None
        fields += ["opened_at", "closed_at"]
    elif new_state == RoundState.CLOSED:
        stage_round.closed_at = now
        fields.append("closed_at")
    stage_round.save(update_fields=fields)
    code = ROUND_CLOSED if new_state == RoundState.CLOSED else ROUND_OPENED
    payload = RoundStateChanged(stage=stage.pk, state_from=old_state, state_to=new_state)
    log_action(stage_round, code, actor=actor, data=payload)
    caching.bump_version(stage.edition_id)  # the public pages state the edition's phase from its rounds
    return stage_round


def open_stage(stage: Stage, *, actor, override_reason: str = "") -> StageRound:
    """Open the stage to its judges (from preparing, or again after closing it: a re-run, which needs a reason)."""
    return set_round_state(stage, RoundState.OPEN, actor=actor, override_reason=override_reason)


def close_stage(stage: Stage, *, actor) -> StageRound:
    """Close the stage: every score locks; the ranking of its complete entries is final."""
    return set_round_state(stage, RoundState.CLOSED, actor=actor)


@transaction.atomic
def update_round_settings(stage: Stage, *, actor, **changes) -> StageRound:
    """Change what judges may see and do in the stage (fields in ROUND_SETTINGS_FIELDS)."""
    unknown = set(changes) - set(ROUND_SETTINGS_FIELDS)
    if unknown:
        raise TypeError(f"Unknown round settings: {sorted(unknown)}")
    stage_round = round_for_update(stage)
    before = {name: _json(getattr(stage_round, name)) for name in changes}
    for name, value in changes.items():
        setattr(stage_round, name, value)
    stage_round.full_clean(exclude=["stage"])
    stage_round.save(update_fields=list(changes))
    after = {name: _json(getattr(stage_round, name)) for name in changes}
    if after != before:
        log_action(
            stage_round,
            ROUND_SETTINGS_CHANGED,
            actor=actor,
            data=RoundSettingsChanged(stage=stage.pk, before=before, after=after),
        )
    return stage_round


# --- Entries --------------------------------------------------------------------------------------------------------


@transaction.atomic
def admit_entries(stage: Stage, *, proposals: Iterable[Proposal | int], actor, note: str = "") -> list[StageEntry]:
    """Admit proposals of the stage's edition that passed screening to `stage`; already admitted ones are skipped.

    The ranking's "advance shortlist" calls this for the next stage. Returns the entries created.
    """
    ids = {proposal if isinstance(proposal, int) else proposal.pk for proposal in proposals}
    eligible = set(
        Proposal.objects.filter(pk__in=ids, edition_id=stage.edition_id, state=ProposalState.PASSED).values_list(
            "pk", flat=True
        )
    )
    if ids - eligible:
        raise DomainError(_("Only proposals of this edition that passed administrative screening can be admitted."))
    present = set(StageEntry.objects.filter(stage=stage, proposal_id__in=ids).values_list("proposal_id", flat=True))
    now = timezone.now()
    created = StageEntry.objects.bulk_create(
        StageEntry(stage=stage, proposal_id=pk, admitted_at=now, admitted_by=_user(actor), note=note)
        for pk in sorted(ids - present)
    )
    if created:
        log_action(
            round_for_update(stage),
            ENTRIES_ADMITTED,
            actor=actor,
            data=EntriesAdmitted(stage=stage.pk, proposals=[entry.proposal_id for entry in created], note=note),
        )
    return created


def admit_passed_proposals(stage: Stage, *, actor) -> list[StageEntry]:
    """Admit every proposal of the edition that passed screening (the entry to the first stage, desk evaluation)."""
    passed = Proposal.objects.filter(edition_id=stage.edition_id, state=ProposalState.PASSED).values_list(
        "pk", flat=True
    )
    return admit_entries(stage, proposals=list(passed), actor=actor)


# --- Assignment -----------------------------------------------------------------------------------------------------


@dataclass
class AssignmentResult:
    created: int = 0
    admitted: int = 0
    report: "queries.AssignmentReport" = field(default_factory=lambda: queries.AssignmentReport())


@transaction.atomic
def assign_judges(stage: Stage, *, k: int | None = None, actor) -> AssignmentResult:
    """Give every entry of `stage` `k` judges (default: the round's judges_per_entry) from the panels handling its
    group, least-loaded first and never with a conflict of interest (see judging.planner).

    In the first stage, every proposal that passed screening is admitted first. Existing assignments stay; entries
    are only topped up, so running it again after adding judges to a panel fills the gaps. Entries that cannot get
    `k` conflict-free judges keep what they could get and are listed in the result with the reasons.
    """
    stage_round = round_for_update(stage)  # one run at a time per stage
    _guard_not_closed(stage_round)
    k = k or stage_round.judges_per_entry
    admitted = admit_passed_proposals(stage, actor=actor) if queries.is_first_stage(stage) else []
    data = queries.planning_data(stage)
    plan = data.plan(k=k)
    _create_assignments(plan.pairs, source=AssignmentSource.AUTOMATIC, actor=actor)
    added: dict[int, list[int]] = {}
    for entry_id, judge_id in plan.pairs:
        added.setdefault(entry_id, []).append(judge_id)
    log_actions(
        (
            (
                StageEntry(pk=entry_id),
                JUDGES_ASSIGNED,
                JudgesChanged(
                    stage=stage.pk,
                    proposal=data.entries[entry_id].proposal_id,
                    before=sorted(data.entries[entry_id].assigned),
                    after=sorted(data.entries[entry_id].assigned | set(judges)),
                ),
            )
            for entry_id, judges in sorted(added.items())
        ),
        actor=actor,
    )
    return AssignmentResult(created=len(plan.pairs), admitted=len(admitted), report=data.report(plan, k=k))


def _entry_judges(entry: StageEntry) -> list[int]:
    return sorted(Assignment.objects.filter(entry=entry).values_list("judge_id", flat=True))


@transaction.atomic
def assign_judge(entry: StageEntry, judge: Judge, *, actor) -> Assignment:
    """Add one judge to an entry by hand. Refused (ConflictRefused, naming the conflict) when the judge has a
    conflict of interest, and when the judge is already on the entry or the stage is closed."""
    stage_round = round_for_update(entry.stage)
    _guard_not_closed(stage_round)
    before = _entry_judges(entry)
    if judge.pk in before:
        raise DomainError(_("%(judge)s already judges this entry.") % {"judge": judge})
    reason = conflict_for(judge, entry.proposal)
    if reason is not None:
        raise ConflictRefused(describe_conflict(reason, judge=judge, entry_title=entry.proposal.title), reason=reason)
    [assignment] = _create_assignments([(entry, judge)], source=AssignmentSource.MANUAL, actor=actor)
    log_action(
        entry,
        JUDGE_ADDED,
        actor=actor,
        data=JudgesChanged(
            stage=entry.stage_id,
            proposal=entry.proposal_id,
            judge=judge.pk,
            before=before,
            after=sorted([*before, judge.pk]),
        ),
    )
    return assignment


@transaction.atomic
def unassign_judge(assignment: Assignment, *, actor, note: str = "") -> None:
    """Remove a judge from an entry with their draft scores (kept in the audit entry). A submitted sheet is
    refused: reopen it first, or record a conflict if the judge should never have judged the entry."""
    entry = assignment.entry
    _guard_not_closed(round_for_update(entry.stage))
    sheet = ScoreSheet.objects.select_for_update().filter(assignment=assignment).first()
    if sheet is not None and sheet.is_submitted:
        raise DomainError(_("This judge has submitted their scores; reopen them before removing the judge."))
    before = _entry_judges(entry)
    snapshot = _sheet_snapshot(sheet)
    assignment.delete()
    log_action(
        entry,
        JUDGE_REMOVED,
        actor=actor,
        data=JudgesChanged(
            stage=entry.stage_id,
            proposal=entry.proposal_id,
            judge=assignment.judge_id,
            before=before,
            after=[judge for judge in before if judge != assignment.judge_id],
            removed_sheet=snapshot,
            note=note,
        ),
    )


@dataclass
class ConflictOutcome:
    declaration: ConflictDeclaration
    removed: list[int] = field(default_factory=list)  # entry ids the judge was taken off
    replacements: list[Assignment] = field(default_factory=list)
    unfilled: list[int] = field(default_factory=list)  # entry ids no conflict-free replacement was found for


@transaction.atomic
def record_conflict(judge: Judge, proposal: Proposal, *, reason: str, actor) -> ConflictOutcome:
    """Record that `judge` has a conflict of interest on `proposal` (for every stage), take the judge off the
    proposal's entries in stages that are not closed (their scores, even submitted ones, are dropped: a
    conflicted judge's scores do not count; the audit entry keeps them), and give each entry a replacement judge
    when a conflict-free one is available."""
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Say why there is a conflict of interest."))
    declaration, _created = ConflictDeclaration.objects.get_or_create(
        judge=judge, proposal=proposal, defaults={"reason": reason, "declared_by": _user(actor)}
    )
    outcome = ConflictOutcome(declaration=declaration)
    assignments = (
        Assignment.objects.filter(judge=judge, entry__proposal=proposal)
        .select_related("entry__stage")
        .order_by("entry__stage_id")
    )
    for assignment in assignments:
        entry = assignment.entry
        stage_round = round_for_update(entry.stage)
        if stage_round.is_closed:
            continue
        sheet = ScoreSheet.objects.select_for_update().filter(assignment=assignment).first()
        snapshot = _sheet_snapshot(sheet)
        before = _entry_judges(entry)
        assignment.delete()
        outcome.removed.append(entry.pk)
        log_action(
            entry,
            CONFLICT_DECLARED,
            actor=actor,
            data=JudgesChanged(
                stage=entry.stage_id,
                proposal=proposal.pk,
                judge=judge.pk,
                reason=reason,
                before=before,
                after=[other for other in before if other != judge.pk],
                removed_sheet=snapshot,
            ),
        )
        data = queries.planning_data(entry.stage, entry_ids=[entry.pk])
        plan = data.plan(k=stage_round.judges_per_entry)
        if plan.pairs:
            created = _create_assignments(plan.pairs, source=AssignmentSource.REASSIGNED, actor=actor)
            outcome.replacements.extend(created)
            remaining = [other for other in before if other != judge.pk]
            log_action(
                entry,
                JUDGE_REASSIGNED,
                actor=actor,
                data=JudgesChanged(
                    stage=entry.stage_id,
                    proposal=proposal.pk,
                    replaced=judge.pk,
                    before=remaining,
                    after=sorted([*remaining, *(judge_id for _entry, judge_id in plan.pairs)]),
                ),
            )
        if plan.shortfalls:
            outcome.unfilled.append(entry.pk)
    if not outcome.removed:
        log_action(
            declaration,
            CONFLICT_DECLARED,
            actor=actor,
            data=JudgesChanged(proposal=proposal.pk, judge=judge.pk, reason=reason, before=[], after=[]),
        )
    return outcome


def declare_conflict(assignment: Assignment, *, reason: str, actor) -> ConflictOutcome:
    """A judge declares a conflict of interest on an entry assigned to them; the entry gets another judge when
    possible (see record_conflict). Refused when the stage is closed."""
    if _user(actor) is None or not is_assigned_judge(actor, assignment):
        raise DomainError(_("Only the judge of this entry can declare a conflict on it."))
    stage_round = queries.round_for(assignment.entry.stage)
    if stage_round.is_closed:
        raise DomainError(_("The stage is closed: its assignments and scores are locked."))
    return record_conflict(assignment.judge, assignment.entry.proposal, reason=reason, actor=actor)


# --- Scores ---------------------------------------------------------------------------------------------------------


ScoreValues = Mapping[int | str, tuple[int | None, str]]


def _clean_values(
    values: ScoreValues, criteria: dict[int, Criterion], *, step: Decimal = Decimal(1)
) -> dict[int, tuple[Decimal | None, str]]:
    """The values as Decimals, each within 0..max_score and a multiple of the edition's score `step` (1, or 0.5
    when the edition allows half points)."""
    cleaned = {}
    for key, (value, note) in values.items():
        criterion = criteria.get(int(key))
        if criterion is None:
            raise DomainError(_("A score was given for a criterion of another stage."))
        if value is not None:
            if isinstance(value, bool) or not isinstance(value, int | Decimal) or not Decimal(value).is_finite():
                raise DomainError(_("A score is a number."))
            value = Decimal(value)
            if value % step:
                raise DomainError(score_step_message(step))
            if not 0 <= value <= criterion.max_score:
                raise DomainError(
                    _("The score for “%(criterion)s” must be between 0 and %(max)s.")
                    % {"criterion": criterion.name, "max": criterion.max_score}
                )
        cleaned[criterion.pk] = (value, (note or "").strip())
    return cleaned


def score_step_message(step: Decimal) -> str:
    if step == 1:
        return _("Scores in this edition are whole numbers.")
    return _("Scores in this edition go in steps of %(step)s.") % {"step": number_format(step, decimal_pos=1)}


def _guard_round_accepts_scores(stage_round: StageRound) -> None:
    refusal = stage_round.scoring_refusal()
    if refusal:
        raise DomainError(refusal)


@transaction.atomic
def record_score(
    assignment: Assignment,
    *,
    values: ScoreValues,
    overall_note: str | None = None,
    version: int,
    actor,
    submit: bool = False,
) -> ScoreSheet:
    """Save the judge's scores on `assignment` as a draft, or submit them (`submit=True`).

    `values` maps criterion ids of the stage to (value or None, note); criteria not in `values` keep what they had,
    and so does the overall note when `overall_note` is None.
    `version` is the sheet version the form was loaded at. Refused when the actor is not the assigned judge, when
    the stage is not open for scoring (closed stages lock scores), when the sheet was submitted (an organizer may
    reopen it), when a value is outside 0..max_score, and on submit when a criterion has no value. A `version` other
    than the current one raises StaleScoreSheet carrying the newer values: the sheet row is locked and then updated
    only WHERE version = the form's version, so two tabs can never silently overwrite each other.
    """
    if _user(actor) is None or not is_assigned_judge(actor, assignment):
        raise DomainError(_("Only the judge of this entry can score it."))
    sheet = ScoreSheet.objects.select_for_update().get(assignment=assignment)
    stage = assignment.entry.stage
    _guard_round_accepts_scores(round_for_scoring(stage))
    current = {score.criterion_id: score for score in Score.objects.filter(sheet=sheet)}
    current_values = {pk: (score.value, score.note) for pk, score in current.items()}
    if sheet.is_submitted:
        raise DomainError(_("These scores are submitted and final; an organizer can reopen them."))
    if version != sheet.version:
        raise StaleScoreSheet(sheet, current_values)
    criteria = {criterion.pk: criterion for criterion in Criterion.objects.filter(stage=stage)}
    cleaned = _clean_values(values, criteria, step=stage.edition.score_step)
    merged = {**current_values, **cleaned}
    if submit:
        missing = [criteria[pk].name for pk in sorted(criteria) if merged.get(pk, (None, ""))[0] is None]
        if missing:
            raise DomainError(
                _("Score every criterion before submitting; missing: %(criteria)s.") % {"criteria": ", ".join(missing)}
            )
    before = _sheet_snapshot(sheet, current_values)
    now = timezone.now()
    changes = {
        "version": F("version") + 1,
        "overall_note": sheet.overall_note if overall_note is None else overall_note.strip(),
        "updated_at": now,
        "total": sheet_total(merged, criteria.values()),
    }
    if submit:
        changes.update(status=SheetStatus.SUBMITTED, submitted_at=now)
    if ScoreSheet.objects.filter(pk=sheet.pk, version=version).update(**changes) != 1:
        sheet.refresh_from_db()
        raise StaleScoreSheet(sheet, current_values)
    _write_scores(sheet, cleaned, current)
    sheet.refresh_from_db()
    log_action(
        assignment.entry,
        SCORE_SUBMITTED if submit else SCORE_SAVED,
        actor=actor,
        data=SheetChanged(
            stage=stage.pk,
            proposal=assignment.entry.proposal_id,
            judge=assignment.judge_id,
            sheet=sheet.pk,
            before=before,
            after=_sheet_snapshot(sheet, merged),
        ),
    )
    return sheet


def _write_scores(sheet: ScoreSheet, cleaned: dict[int, tuple[int | None, str]], current: dict[int, Score]) -> None:
    changed, created = [], []
    for criterion_id, (value, note) in cleaned.items():
        score = current.get(criterion_id)
        if score is None:
            if value is not None or note:
                created.append(Score(sheet=sheet, criterion_id=criterion_id, value=value, note=note))
        elif (score.value, score.note) != (value, note):
            score.value, score.note = value, note
            changed.append(score)
    Score.objects.bulk_create(created)
    Score.objects.bulk_update(changed, ["value", "note"])


@transaction.atomic
def reopen_scores(sheet: ScoreSheet, *, actor, reason: str) -> ScoreSheet:
    """Turn a submitted sheet back into a draft so its judge can correct it (organizers; the stage must be open).
    The version grows, so a page still showing the submitted sheet is stale."""
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Say why the scores are reopened."))
    sheet = (
        ScoreSheet.objects.select_for_update(of=("self",)).select_related("assignment__entry__stage").get(pk=sheet.pk)
    )
    entry = sheet.assignment.entry
    if round_for_scoring(entry.stage).is_closed:
        raise DomainError(_("The stage is closed: open it again before reopening scores."))
    if not sheet.is_submitted:
        raise DomainError(_("These scores are not submitted."))
    ScoreSheet.objects.filter(pk=sheet.pk).update(
        status=SheetStatus.DRAFT, submitted_at=None, version=F("version") + 1, updated_at=timezone.now()
    )
    sheet.refresh_from_db()
    log_action(
        entry,
        SCORE_REOPENED,
        actor=actor,
        data=SheetChanged(
            stage=entry.stage_id,
            proposal=entry.proposal_id,
            judge=sheet.assignment.judge_id,
            sheet=sheet.pk,
            reason=reason,
            before={"status": SheetStatus.SUBMITTED},
            after={"status": SheetStatus.DRAFT, "version": sheet.version},
        ),
    )
    return sheet
