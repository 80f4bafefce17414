"""Fixtures for judging: the desk stage of the 2026 edition, open for scoring, with a panel and entries."""

import pytest

from competitions.enums import GroupKind, StageKind
from judging import services
from tests import factories


@pytest.fixture
def desk_stage(edition):
    return edition.stages.get(kind=StageKind.DESK)


@pytest.fixture
def open_desk(desk_stage):
    services.open_stage(desk_stage, actor=None)
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
