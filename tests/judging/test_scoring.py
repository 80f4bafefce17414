import threading
from decimal import Decimal

import pytest
from django.db import connection

from competitions import services as competition_services
from competitions.models import Criterion
from core.audit import logs_for
from judging import ranking, services
from judging.enums import SheetStatus
from judging.models import Assignment, Score, ScoreSheet
from judging.scoring import weighted_total
from tests import factories
from tests.judging.conftest import make_entries

# Desk evaluation's default weights: 10, 15, 5, 30, 20, 5, 15.
FIRST_VALUES = [80, 70, 90, 60, 75, 100, 50]  # 8 + 10.5 + 4.5 + 18 + 15 + 5 + 7.5 = 68.5


def criteria_of(stage) -> list[Criterion]:
    return list(stage.criteria.order_by("position", "pk"))


def all_values(stage, values) -> dict:
    return {criterion.pk: (value, "") for criterion, value in zip(criteria_of(stage), values, strict=True)}


@pytest.fixture
def scored_entry(open_desk, general_panel, panel_judges, organizer):
    [entry] = make_entries(open_desk, 1)
    services.assign_judges(open_desk, actor=organizer)
    return entry


def assignment_of(entry, judge) -> Assignment:
    return Assignment.objects.select_related("judge", "entry__stage").get(entry=entry, judge=judge)


def judges_on(entry):
    return [assignment.judge for assignment in Assignment.objects.filter(entry=entry).select_related("judge__user")]


# --- Arithmetic ------------------------------------------------------------------------------------------------------


def test_weighted_total_matches_hand_computed_desk_example(desk_stage):
    rows = [(value, c.max_score, c.weight) for c, value in zip(criteria_of(desk_stage), FIRST_VALUES, strict=True)]

    assert weighted_total(rows) == Decimal("68.50")


def test_weighted_total_scales_criteria_with_other_maximum():
    # 7 of 10 on a 50 % criterion is 35 points; 40 of 100 on the other 50 % is 20 points.
    assert weighted_total([(7, 10, 50), (40, 100, 50)]) == Decimal("55.00")
    assert weighted_total([(None, 100, 60), (100, 100, 40)]) == Decimal("40.00")


def test_weighted_total_is_rounded_once_half_up_after_an_exact_sum():
    # 1/8 × 1 + 1/8 × 1 = 0.25 exactly; 1 of 8 on a 1 % criterion alone is 0.125, which rounds half up to 0.13.
    assert weighted_total([(1, 8, 1)]) == Decimal("0.13")
    # Three thirds of 1 point sum to 1 exactly; rounding each third first would give 0.99.
    assert weighted_total([(1, 3, 1), (1, 3, 1), (1, 3, 1)]) == Decimal("1.00")


def stage_row(stage, entry):
    result = ranking.stage_ranking(stage, entry.proposal.group)
    return next(row for row in result.ranked + result.pending if row.entry.pk == entry.pk)


def test_stage_result_mean_and_spread_only_when_all_submitted(scored_entry, open_desk):
    judges = judges_on(scored_entry)
    for judge, values in zip(judges, [FIRST_VALUES, [90] * 7, [60] * 7], strict=True):
        assignment = assignment_of(scored_entry, judge)
        services.record_score(
            assignment, values=all_values(open_desk, values), version=0, actor=judge.user, submit=judge != judges[-1]
        )

    partial = stage_row(open_desk, scored_entry)
    assert (partial.judge_count, partial.submitted_count, partial.is_complete) == (3, 2, False)
    assert partial.score is None

    last = assignment_of(scored_entry, judges[-1])
    services.record_score(last, values={}, version=1, actor=judges[-1].user, submit=True)
    result = stage_row(open_desk, scored_entry)

    assert result.is_complete is True
    assert result.score == pytest.approx(218.5 / 3)
    assert result.spread == pytest.approx(12.6249, abs=1e-3)
    assert (result.lowest, result.highest) == (pytest.approx(60.0), pytest.approx(90.0))
    assert result.disagreement is False  # threshold 15


def test_stage_result_flags_disagreement_above_threshold(scored_entry, open_desk, organizer):
    services.update_round_settings(open_desk, disagreement_threshold=Decimal("10"), actor=organizer)
    for judge, values in zip(judges_on(scored_entry), [FIRST_VALUES, [90] * 7, [60] * 7], strict=True):
        services.record_score(
            assignment_of(scored_entry, judge),
            values=all_values(open_desk, values),
            version=0,
            actor=judge.user,
            submit=True,
        )

    assert stage_row(open_desk, scored_entry).disagreement is True


def test_a_saved_sheet_stores_the_total_of_its_values_only(scored_entry, open_desk):
    judge = judges_on(scored_entry)[0]
    first, second = criteria_of(open_desk)[:2]
    services.record_score(
        assignment_of(scored_entry, judge),
        values={first.pk: (50, "cukup"), second.pk: (None, "belum dinilai")},
        version=0,
        actor=judge.user,
    )

    assert ScoreSheet.objects.get(assignment__judge=judge).total == Decimal("5.00")  # 50 of 100 on a 10 % criterion


def test_changing_a_criterions_weight_restores_the_stored_totals(scored_entry, open_desk, organizer):
    judge = judges_on(scored_entry)[0]
    services.record_score(
        assignment_of(scored_entry, judge), values=all_values(open_desk, FIRST_VALUES), version=0, actor=judge.user
    )
    rows = [{"id": c.pk, "name": c.name, "weight": c.weight, "max_score": c.max_score} for c in criteria_of(open_desk)]
    # The first two criteria (10 % and 15 %, scored 80 and 70) swap weights: 8 + 10.5 becomes 12 + 7.
    rows[0]["weight"], rows[1]["weight"] = rows[1]["weight"], rows[0]["weight"]

    competition_services.set_criteria(open_desk, criteria=rows, actor=organizer)

    assert ScoreSheet.objects.get(assignment__judge=judge).total == Decimal("69.00")


# --- record_score ----------------------------------------------------------------------------------------------------


def test_record_score_saves_draft_increments_version_and_audits(scored_entry, open_desk):
    judge = judges_on(scored_entry)[0]
    criterion = criteria_of(open_desk)[0]
    assignment = assignment_of(scored_entry, judge)

    sheet = services.record_score(
        assignment, values={criterion.pk: (77, " jelas ")}, overall_note="Baik", version=0, actor=judge.user
    )

    assert (sheet.status, sheet.version, sheet.overall_note) == (SheetStatus.DRAFT, 1, "Baik")
    assert list(Score.objects.filter(sheet=sheet).values_list("value", "note")) == [(77, "jelas")]
    log = logs_for(scored_entry).get(action_type="kovablik.judging.score_saved")
    assert log.data["before"]["scores"] == {}
    assert log.data["after"]["scores"] == {str(criterion.pk): [77, "jelas"]}
    assert log.actor == judge.user


def test_record_score_stale_version_refused_with_newer_values(scored_entry, open_desk):
    judge = judges_on(scored_entry)[0]
    criterion = criteria_of(open_desk)[0]
    assignment = assignment_of(scored_entry, judge)
    services.record_score(assignment, values={criterion.pk: (60, "tab 1")}, version=0, actor=judge.user)

    with pytest.raises(services.StaleScoreSheet) as stale:
        services.record_score(assignment, values={criterion.pk: (95, "tab 2")}, version=0, actor=judge.user)

    assert stale.value.version == 1
    assert stale.value.values == {criterion.pk: (60, "tab 1")}
    assert Score.objects.get(sheet__assignment=assignment).value == 60


def test_record_score_submit_requires_every_criterion(scored_entry, open_desk):
    judge = judges_on(scored_entry)[0]
    assignment = assignment_of(scored_entry, judge)
    values = all_values(open_desk, FIRST_VALUES)
    values[criteria_of(open_desk)[-1].pk] = (None, "")

    with pytest.raises(services.DomainError):
        services.record_score(assignment, values=values, version=0, actor=judge.user, submit=True)

    sheet = ScoreSheet.objects.get(assignment=assignment)
    assert (sheet.status, sheet.version, Score.objects.filter(sheet=sheet).count()) == (SheetStatus.DRAFT, 0, 0)


def test_record_score_submitted_is_final_until_reopened(scored_entry, open_desk, organizer):
    judge = judges_on(scored_entry)[0]
    assignment = assignment_of(scored_entry, judge)
    sheet = services.record_score(
        assignment, values=all_values(open_desk, FIRST_VALUES), version=0, actor=judge.user, submit=True
    )
    assert sheet.submitted_at is not None

    with pytest.raises(services.DomainError):
        services.record_score(assignment, values={}, version=1, actor=judge.user)

    reopened = services.reopen_scores(sheet, actor=organizer, reason="Salah ketik pada kriteria 1")
    assert (reopened.status, reopened.version, reopened.submitted_at) == (SheetStatus.DRAFT, 2, None)
    first = criteria_of(open_desk)[0]
    services.record_score(assignment, values={first.pk: (85, "")}, version=2, actor=judge.user)
    assert Score.objects.get(sheet=sheet, criterion=first).value == 85
    assert logs_for(scored_entry).filter(action_type="kovablik.judging.score_reopened").count() == 1


def test_record_score_refused_when_stage_closed(scored_entry, open_desk, organizer):
    judge = judges_on(scored_entry)[0]
    assignment = assignment_of(scored_entry, judge)
    services.close_stage(open_desk, actor=organizer)

    with pytest.raises(services.DomainError):
        services.record_score(assignment, values=all_values(open_desk, FIRST_VALUES), version=0, actor=judge.user)

    assert Score.objects.count() == 0
    assert ScoreSheet.objects.get(assignment=assignment).version == 0


def test_record_score_refused_before_stage_opens(desk_stage, general_panel, panel_judges, organizer):
    make_entries(desk_stage, 1)
    services.assign_judges(desk_stage, actor=organizer)
    # Any of the panel's judges may be the one picked: take an assignment, not a judge.
    assignment = Assignment.objects.select_related("judge__user", "entry__stage").first()

    with pytest.raises(services.DomainError):
        services.record_score(assignment, values={}, version=0, actor=assignment.judge.user)

    assert Score.objects.count() == 0


def test_record_score_refuses_value_above_criterion_maximum(scored_entry, open_desk):
    judge = judges_on(scored_entry)[0]
    criterion = criteria_of(open_desk)[0]

    with pytest.raises(services.DomainError):
        services.record_score(
            assignment_of(scored_entry, judge), values={criterion.pk: (101, "")}, version=0, actor=judge.user
        )

    assert Score.objects.count() == 0


def test_record_score_refuses_another_judge(scored_entry, open_desk):
    owner, intruder = judges_on(scored_entry)[:2]

    with pytest.raises(services.DomainError):
        services.record_score(assignment_of(scored_entry, owner), values={}, version=0, actor=intruder.user)

    assert ScoreSheet.objects.get(assignment__judge=owner, assignment__entry=scored_entry).version == 0


def test_record_score_refuses_criterion_of_another_stage(scored_entry, open_desk):
    judge = judges_on(scored_entry)[0]
    foreign = open_desk.edition.stages.exclude(pk=open_desk.pk).first().criteria.first()

    with pytest.raises(services.DomainError):
        services.record_score(
            assignment_of(scored_entry, judge), values={foreign.pk: (50, "")}, version=0, actor=judge.user
        )


def test_score_check_constraint_guards_hard_range(scored_entry):
    from django.db import IntegrityError, transaction

    sheet = ScoreSheet.objects.filter(assignment__entry=scored_entry).first()
    criterion = scored_entry.stage.criteria.first()

    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(sheet=sheet, criterion=criterion, value=1001)


# --- Concurrency (PostgreSQL) ----------------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_record_score_concurrent_saves_same_version_exactly_one_wins():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    edition = factories.edition_with_defaults(year=2026)
    stage = edition.stages.get(kind="desk")
    services.open_stage(stage, actor=None, override_reason=factories.SKIP_ORDER)
    judge = factories.JudgeFactory()
    [entry] = make_entries(stage, 1)
    assignment = services.assign_judge(entry, judge, actor=None)
    criteria = criteria_of(stage)
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def save(name: str, value: int):
        try:
            barrier.wait(timeout=10)
            services.record_score(
                Assignment.objects.select_related("judge", "entry__stage").get(pk=assignment.pk),
                values={criterion.pk: (value, name) for criterion in criteria},
                version=0,
                actor=judge.user,
            )
            outcomes[name] = "saved"
        except services.StaleScoreSheet as error:
            outcomes[name] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(name, value)) for name, value in (("tab1", 40), ("tab2", 90))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(str(type(outcome).__name__) for outcome in outcomes.values()) == ["StaleScoreSheet", "str"]
    [winner] = [name for name, outcome in outcomes.items() if outcome == "saved"]
    [loser] = [outcome for outcome in outcomes.values() if outcome != "saved"]
    sheet = ScoreSheet.objects.get(assignment=assignment)
    assert sheet.version == 1
    saved = set(Score.objects.filter(sheet=sheet).values_list("note", flat=True))
    assert saved == {winner}
    # The loser is shown exactly what the winner saved: no score is lost silently.
    assert {note for _value, note in loser.values.values()} == {winner}
    assert logs_for(entry).filter(action_type="kovablik.judging.score_saved").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_record_score_started_while_stage_closes_is_refused_not_saved():
    """A judge's save that begins while an organizer's close is committing waits for it and is then refused: no
    score lands in a stage after it closed."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    from django.db import transaction

    edition = factories.edition_with_defaults(year=2026)
    stage = edition.stages.get(kind="desk")
    services.open_stage(stage, actor=None, override_reason=factories.SKIP_ORDER)
    judge = factories.JudgeFactory()
    [entry] = make_entries(stage, 1)
    assignment = services.assign_judge(entry, judge, actor=None)
    criteria = criteria_of(stage)
    close_locked, release_close = threading.Event(), threading.Event()
    outcomes: dict[str, object] = {}

    def close():
        try:
            with transaction.atomic():
                services.close_stage(stage, actor=None)
                close_locked.set()
                release_close.wait(timeout=10)
        finally:
            connection.close()

    def save():
        from django.utils import translation

        try:
            close_locked.wait(timeout=10)
            translation.activate("en")
            services.record_score(
                Assignment.objects.select_related("judge", "entry__stage").get(pk=assignment.pk),
                values={criterion.pk: (70, "") for criterion in criteria},
                version=0,
                actor=judge.user,
            )
            outcomes["save"] = "saved"
        except services.DomainError as error:
            outcomes["save"] = str(error)
        finally:
            connection.close()

    closer, saver = threading.Thread(target=close), threading.Thread(target=save)
    closer.start()
    saver.start()
    saver.join(timeout=1)  # the save waits on the round row the close holds
    still_waiting = saver.is_alive()
    release_close.set()
    closer.join(timeout=30)
    saver.join(timeout=30)

    assert still_waiting
    assert outcomes == {"save": "The stage is closed: scores are locked."}
    assert Score.objects.filter(sheet__assignment=assignment).count() == 0
    assert ScoreSheet.objects.get(assignment=assignment).version == 0
