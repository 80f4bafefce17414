"""The cycle's management command runs the same services as the pages: the guards on the order hold there too."""

import pytest
from django.core.management import CommandError, call_command

from competitions.enums import StageKind
from core.models import ActionLog
from judging import services as judging
from judging.enums import RoundState
from judging.queries import round_for
from tests import factories

pytestmark = pytest.mark.django_db


def test_opening_out_of_order_is_refused_with_what_is_missing_and_changes_nothing(edition, capsys):
    factories.StageEntryFactory(stage=edition.stages.get(kind=StageKind.DESK))
    judging.open_stage(edition.stages.get(kind=StageKind.DESK), actor=None)

    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("cycle", "open-stage", "2026", "presentation")

    assert "Evaluasi proposal (Tahap I) belum ditutup." in capsys.readouterr().err
    assert round_for(edition.stages.get(kind=StageKind.PRESENTATION)).state == RoundState.PREPARING


def test_a_reason_overrides_the_order_and_is_audited(edition, organizer):
    factories.StageEntryFactory(stage=edition.stages.get(kind=StageKind.DESK))
    judging.open_stage(edition.stages.get(kind=StageKind.DESK), actor=None)

    call_command("cycle", "open-stage", "2026", "presentation", "--reason", "SK 5/2026", "--actor", organizer.username)

    assert round_for(edition.stages.get(kind=StageKind.PRESENTATION)).state == RoundState.OPEN
    override = ActionLog.objects.get(action_type="kovablik.order.overridden")
    assert (override.data["reason"], override.actor) == ("SK 5/2026", organizer)


def test_publishing_from_the_shell_is_held_by_the_same_guard(edition, capsys):
    with pytest.raises(CommandError):
        call_command("cycle", "publish", "2026")
    assert "Finalis belum diumumkan." in capsys.readouterr().err


def test_status_prints_the_cockpit(edition, capsys):
    call_command("cycle", "status", "2026")

    out = capsys.readouterr().out
    assert " 1. Sosialisasi — Selesai" in out
    assert "Next:" in out
