import pytest

from competitions.enums import DEFAULT_STAGE_WEIGHTS, DEFAULT_WINNERS, GroupKind, StageKind
from competitions.models import Criterion, Edition
from competitions.queries import editions_with_config
from competitions.services import check_weights_total, set_criteria, set_stage_weights
from core.exceptions import DomainError
from core.models import ActionLog


def test_new_edition_gets_default_groups_stages_and_weights(edition):
    edition = editions_with_config().get(pk=edition.pk)

    assert {group.kind: group.winners_count for group in edition.groups.all()} == DEFAULT_WINNERS
    assert [group.kind for group in edition.groups.all()] == [
        GroupKind.GENERAL,
        GroupKind.REPLICATION,
        GroupKind.SPECIAL,
    ]
    assert {stage.kind: stage.weight for stage in edition.stages.all()} == DEFAULT_STAGE_WEIGHTS
    assert all(stage.criteria_weights_total == 100 for stage in edition.stages.all())
    assert edition.quota_for("provincial") == 3


@pytest.mark.parametrize("weights", [[10, 20, 30], [50, 51], []])
def test_weights_not_totalling_100_are_refused_with_the_total(weights):
    with pytest.raises(DomainError) as error:
        check_weights_total(weights, what="desk evaluation")

    assert f"totalnya {sum(weights)}" in str(error.value) or f"total {sum(weights)}" in str(error.value)


def test_stage_weights_not_totalling_100_change_nothing(edition, organizer):
    with pytest.raises(DomainError):
        set_stage_weights(
            edition,
            weights={StageKind.DESK: 50, StageKind.PRESENTATION: 30, StageKind.FIELD: 30},
            actor=organizer,
        )

    assert {s.kind: s.weight for s in Edition.objects.get(pk=edition.pk).stages.all()} == DEFAULT_STAGE_WEIGHTS
    assert not ActionLog.objects.filter(action_type="kovablik.edition.stages_changed").exists()


def test_set_criteria_keeps_ids_of_kept_rows_and_audits(edition, organizer):
    stage = edition.stages.get(kind=StageKind.FIELD)
    first = stage.criteria.first()

    set_criteria(
        stage,
        criteria=[{"id": first.pk, "name": "Bukti", "weight": 60}, {"name": "Testimoni", "weight": 40}],
        actor=organizer,
    )

    assert list(Criterion.objects.filter(stage=stage).values_list("name", "weight")) == [
        ("Bukti", 60),
        ("Testimoni", 40),
    ]
    assert Criterion.objects.get(pk=first.pk).name == "Bukti"
    log = ActionLog.objects.get(action_type="kovablik.edition.criteria_changed")
    assert log.actor == organizer
    assert log.data["after"] == [{"name": "Bukti", "weight": 60}, {"name": "Testimoni", "weight": 40}]


@pytest.mark.parametrize("maximum", [0, -5, None])
def test_a_criterion_without_a_positive_maximum_is_refused_and_changes_nothing(edition, organizer, maximum):
    stage = edition.stages.get(kind=StageKind.FIELD)
    before = list(Criterion.objects.filter(stage=stage).values_list("name", "weight", "max_score"))

    with pytest.raises(DomainError, match="1"):
        set_criteria(stage, criteria=[{"name": "Bukti", "weight": 100, "max_score": maximum}], actor=organizer)

    assert list(Criterion.objects.filter(stage=stage).values_list("name", "weight", "max_score")) == before


def test_a_criterion_keeps_the_maximum_it_was_given_and_defaults_to_100(edition, organizer):
    stage = edition.stages.get(kind=StageKind.FIELD)

    set_criteria(
        stage,
        criteria=[{"name": "Bukti", "weight": 60, "max_score": 5}, {"name": "Testimoni", "weight": 40}],
        actor=organizer,
    )

    assert list(Criterion.objects.filter(stage=stage).values_list("name", "max_score")) == [
        ("Bukti", 5),
        ("Testimoni", 100),
    ]
