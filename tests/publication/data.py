"""Judged editions for the publication tests, written in bulk (test data: no audit entries for the judging).

The desk stage weighs 100 % so that one stage decides the final ranking; in each group entry n gets the values
90 − 3n from every judge, so the ranking is the creation order: "<prefix> Umum 00" first, then 01, ...
"""

import datetime as dt

from django.utils import timezone

from competitions.enums import GroupKind, StageKind
from competitions.models import Criterion
from competitions.services import set_group_winners, set_stage_weights
from judging.enums import RoundState, SheetStatus
from judging.models import Assignment, Score, ScoreSheet, StageEntry, StageRound
from judging.scoring import store_totals
from proposals.models import Proposal
from tests import factories

GROUP_NAMES = {GroupKind.GENERAL: "Umum", GroupKind.REPLICATION: "Replikasi", GroupKind.SPECIAL: "Khusus"}


def judged_edition(edition, *, counts=None, winners=None, judges: int = 2, prefix: str = "Inovasi"):
    """Score `counts[group]` passed entries per group in the desk stage (weight 100) and close it; the groups get
    `winners` (default Umum 5, Replikasi 2, Khusus 1). Returns {group: [proposal, ...] in ranking order}."""
    counts = counts or {GroupKind.GENERAL: 8, GroupKind.REPLICATION: 3, GroupKind.SPECIAL: 2}
    set_group_winners(
        edition,
        winners=winners or {GroupKind.GENERAL: 5, GroupKind.REPLICATION: 2, GroupKind.SPECIAL: 1},
        actor=None,
    )
    set_stage_weights(edition, weights={StageKind.DESK: 100, StageKind.PRESENTATION: 0, StageKind.FIELD: 0}, actor=None)
    stage = edition.stages.get(kind=StageKind.DESK)
    criteria = list(Criterion.objects.filter(stage=stage))
    panel_judges = [
        factories.JudgeFactory(user__username=f"{prefix.lower()}.judge{n}", user__first_name=f"Juri Rahasia {n}")
        for n in range(judges)
    ]
    category = edition.categories.order_by("position").first()
    region = factories.RegionFactory(name=f"Kota {prefix}")
    now = timezone.now()
    by_group = {}
    for group, count in counts.items():
        agencies = [
            factories.AgencyFactory(name=f"Dinas {prefix} {GROUP_NAMES[group]} {n:02d}", region=region)
            for n in range(count)
        ]
        proposals = Proposal.objects.bulk_create(
            Proposal(
                edition=edition,
                agency=agencies[n],
                category=category,
                group=group,
                title=f"{prefix} {GROUP_NAMES[group]} {n:02d}",
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
        entry_index = {entry.pk: index for index, entry in enumerate(entries)}
        Score.objects.bulk_create(
            Score(sheet=sheet, criterion=criterion, value=max(90 - 3 * entry_index[assignments[i].entry_id], 0))
            for i, sheet in enumerate(sheets)
            for criterion in criteria
        )
        store_totals(ScoreSheet.objects.filter(pk__in=[sheet.pk for sheet in sheets]))
        by_group[group] = proposals
    StageRound.objects.update_or_create(stage=stage, defaults={"state": RoundState.CLOSED})
    return by_group
