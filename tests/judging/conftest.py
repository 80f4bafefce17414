"""Fixtures for judging: the desk stage of the 2026 edition, open for scoring, with a panel and entries."""

import pytest

from competitions.enums import GroupKind, StageKind
from judging import services
from judging.models import Assignment
from tests import factories


@pytest.fixture
def desk_stage(edition):
    return edition.stages.get(kind=StageKind.DESK)


@pytest.fixture
def open_desk(desk_stage):
    services.open_stage(desk_stage, actor=None, override_reason=factories.SKIP_ORDER)
    return desk_stage


@pytest.fixture
def panel_judges(db):
    """Four judges with no agency affiliation (users judge1..judge4)."""
    return [factories.JudgeFactory(user__username=f"judge{n}") for n in range(1, 5)]


@pytest.fixture
def general_panel(edition, panel_judges):
    return services.create_panel(
        edition, name="Panel Umum", groups=[GroupKind.GENERAL], judges=panel_judges, actor=None
    )


def make_entries(stage, count: int, **proposal_kwargs):
    return [
        factories.StageEntryFactory(stage=stage, **{f"proposal__{k}": v for k, v in proposal_kwargs.items()})
        for _ in range(count)
    ]


@pytest.fixture
def assigned(open_desk, general_panel, panel_judges, organizer):
    """Two entries, each with 3 of the 4 panel judges; returns judge1's first assignment."""
    make_entries(open_desk, 2)
    services.assign_judges(open_desk, actor=organizer)
    return (
        Assignment.objects.filter(judge=panel_judges[0])
        .select_related("judge__user", "entry__proposal__agency", "entry__stage")
        .order_by("entry_id")
        .first()
    )
