"""A small judged stage with numbers a person can check: 3 judges × 4 entries of the general group in desk
evaluation, whose criteria are replaced by two (Substansi 60 %, Penyajian 40 %, both 0–100), so a sheet's weighted
total is 0.6 × Substansi + 0.4 × Penyajian.

The totals each judge gives (Substansi, Penyajian in brackets where they differ from the total):

            E1        E2              E3        E4       judge mean   judge sd (population)
    J1      80        40 (50, 25)     80        40       60           20
    J2      65        75              65        75       70            5
    J3      80        80 (100, 50)    60        60       70           10

E1 is submitted last, E2 first (2026-07-01 … 07-04 in the order E2, E3, E4, E1).
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone

from competitions.enums import GroupKind, StageKind
from competitions.services import set_criteria, set_stage_weights
from judging import services
from judging.models import Assignment, StageEntry
from tests import factories

JAKARTA = ZoneInfo("Asia/Jakarta")

# (Substansi, Penyajian) per judge and entry.
SCORES = {
    "J1": {"E1": (80, 80), "E2": (50, 25), "E3": (80, 80), "E4": (40, 40)},
    "J2": {"E1": (65, 65), "E2": (75, 75), "E3": (65, 65), "E4": (75, 75)},
    "J3": {"E1": (80, 80), "E2": (100, 50), "E3": (60, 60), "E4": (60, 60)},
}
SUBMITTED_ON = {"E2": 1, "E3": 2, "E4": 3, "E1": 4}


@dataclass
class JudgedStage:
    stage: object
    judges: dict  # "J1" → Judge
    entries: dict  # "E1" → StageEntry
    criteria: list  # [Substansi, Penyajian]

    def assignment(self, judge: str, entry: str) -> Assignment:
        return Assignment.objects.select_related("judge", "entry__stage", "sheet").get(
            judge=self.judges[judge], entry=self.entries[entry]
        )


def two_criteria(stage) -> list:
    set_criteria(stage, criteria=[{"name": "Substansi", "weight": 60}, {"name": "Penyajian", "weight": 40}], actor=None)
    return list(stage.criteria.order_by("position"))


def score(assignment: Assignment, values: dict[int, int], *, submit: bool = True):
    assignment.sheet.refresh_from_db()
    return services.record_score(
        assignment,
        values={criterion: (value, "") for criterion, value in values.items()},
        version=assignment.sheet.version,
        actor=assignment.judge.user,
        submit=submit,
    )


def judged_desk_stage(edition, *, scores=SCORES, group=GroupKind.GENERAL, prefix: str = "") -> JudgedStage:
    """The desk stage of `edition` judged as in the module's table (stage left open)."""
    stage = edition.stages.get(kind=StageKind.DESK)
    criteria = two_criteria(stage)
    judges = {
        name: factories.JudgeFactory(
            user__username=f"{prefix}{name.lower()}", user__first_name=f"Juri {name}", user__last_name=""
        )
        for name in scores
    }
    services.create_panel(edition, name=f"{prefix}Panel {group}", groups=[group], judges=judges.values(), actor=None)
    entry_names = sorted({entry for row in scores.values() for entry in row})
    entries = {}
    for name in entry_names:
        entries[name] = factories.StageEntryFactory(
            stage=stage,
            proposal__title=f"{prefix}Inovasi {name}",
            proposal__group=group,
            proposal__submitted_at=dt.datetime(2026, 7, SUBMITTED_ON.get(name, 9), 10, 0, tzinfo=JAKARTA),
        )
    for judge_name, row in scores.items():
        for entry_name in row:
            services.assign_judge(entries[entry_name], judges[judge_name], actor=None)
    services.open_stage(stage, actor=None, override_reason=factories.SKIP_ORDER)
    judged = JudgedStage(stage=stage, judges=judges, entries=entries, criteria=criteria)
    for judge_name, row in scores.items():
        for entry_name, (substance, presentation) in row.items():
            score(
                judged.assignment(judge_name, entry_name),
                {criteria[0].pk: substance, criteria[1].pk: presentation},
            )
    return judged


def set_weights(edition, desk: int, presentation: int, field: int) -> None:
    set_stage_weights(
        edition,
        weights={StageKind.DESK: desk, StageKind.PRESENTATION: presentation, StageKind.FIELD: field},
        actor=None,
    )


def entries_of(stage) -> dict[str, StageEntry]:
    return {entry.proposal.title: entry for entry in StageEntry.objects.filter(stage=stage).select_related("proposal")}


def bulk_judged_stage(edition, count: int, *, judges: int = 3, group=GroupKind.GENERAL, prefix: str = "bulk"):
    """`count` entries of `group` in the desk stage, each scored and submitted by the same `judges` judges, written
    in bulk (test data for query counts: no audit entries). Values vary with the entry and the judge."""
    from competitions.models import Criterion
    from judging.enums import SheetStatus
    from judging.models import Score, ScoreSheet
    from judging.scoring import store_totals
    from proposals.models import Proposal

    stage = edition.stages.get(kind=StageKind.DESK)
    criteria = list(Criterion.objects.filter(stage=stage))
    agency = factories.AgencyFactory(name=f"Dinas {prefix} Provinsi Jawa Timur", short_name=prefix)
    panel_judges = [
        factories.JudgeFactory(user__username=f"{prefix}.judge{n}", user__first_name=f"Juri {n}") for n in range(judges)
    ]
    services.create_panel(edition, name=f"Panel {prefix}", groups=[group], judges=panel_judges, actor=None)
    category = edition.categories.order_by("position").first()
    now = timezone.now()
    proposals = Proposal.objects.bulk_create(
        Proposal(
            edition=edition,
            agency=agency,
            category=category,
            group=group,
            title=f"{prefix} inovasi {n:04d}",
            state="passed",
            submitted_at=now - dt.timedelta(minutes=n),
        )
        for n in range(count)
    )
    entries = StageEntry.objects.bulk_create(StageEntry(stage=stage, proposal=proposal) for proposal in proposals)
    assignments = Assignment.objects.bulk_create(
        Assignment(entry=entry, judge=judge) for entry in entries for judge in panel_judges
    )
    sheets = ScoreSheet.objects.bulk_create(
        ScoreSheet(assignment=assignment, status=SheetStatus.SUBMITTED, version=1, submitted_at=now)
        for assignment in assignments
    )
    Score.objects.bulk_create(
        Score(sheet=sheet, criterion=criterion, value=(37 * index + 11 * position) % 101)
        for index, sheet in enumerate(sheets)
        for position, criterion in enumerate(criteria)
    )
    store_totals(ScoreSheet.objects.filter(pk__in=[sheet.pk for sheet in sheets]))
    services.open_stage(stage, actor=None, override_reason=factories.SKIP_ORDER)
    return stage
