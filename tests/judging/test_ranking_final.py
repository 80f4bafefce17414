"""The final ranking (stages combined with their weights) and the tie-break order, rule by rule."""

import datetime as dt
import math
from decimal import Decimal

import pytest
from django.db.models import Q

from competitions.enums import GroupKind, StageKind
from judging import ranking, services
from judging.enums import SheetStatus
from judging.models import Assignment, Score, ScoreSheet, StageEntry
from judging.ranking import NORMALIZED, RAW, TieRule
from tests import factories
from tests.judging.ranking_data import judged_desk_stage, score, set_weights, two_criteria

JULY = dt.datetime(2026, 7, 1, tzinfo=dt.UTC)


# --- Tie-breaks, through the database ------------------------------------------------------------------------------
#
# Each entry gets one judge's stored total in desk (weight 60) and presentation (weight 40), and a value on desk's
# Substansi (60 % of desk: the criterion that weighs most in the final score, 60 × 60). The totals are chosen so
# that the final scores tie exactly: final = (60 × desk + 40 × presentation) / 100, the latest stage's score is the
# presentation total.


@pytest.fixture
def tied(edition):
    """A function that writes entries (title → (desk, presentation, Substansi value or None, day submitted)) and
    returns the raw final ranking as (title, rank, tie rule) in rank order."""
    set_weights(edition, 60, 40, 0)
    desk = edition.stages.get(kind=StageKind.DESK)
    [substance, _presentation_criterion] = two_criteria(desk)
    presentation = edition.stages.get(kind=StageKind.PRESENTATION)
    judge = factories.JudgeFactory()

    def rank(rows: dict) -> list[tuple]:
        for title, (desk_total, presentation_total, value, day) in rows.items():
            proposal = factories.ProposalFactory(
                edition=edition, title=title, group=GroupKind.GENERAL, submitted_at=JULY + dt.timedelta(days=day)
            )
            for stage, total in ((desk, desk_total), (presentation, presentation_total)):
                entry = StageEntry.objects.create(stage=stage, proposal=proposal)
                sheet = ScoreSheet.objects.create(
                    assignment=Assignment.objects.create(entry=entry, judge=judge),
                    status=SheetStatus.SUBMITTED,
                    submitted_at=JULY,
                    total=Decimal(total),
                )
                if stage == desk and value is not None:
                    Score.objects.create(sheet=sheet, criterion=substance, value=value)
        result = ranking.final_ranking(edition, GroupKind.GENERAL)
        return [(row.title, row.placements[RAW].rank, row.placements[RAW].tie_rule) for row in result.final_block.rows]

    return rank


@pytest.mark.django_db
def test_a_higher_score_needs_no_tie_break(tied):
    assert tied({"P1": (70, 70, 80, 1), "P2": (71, 70, 80, 1)}) == [("P2", 1, None), ("P1", 2, None)]


@pytest.mark.django_db
def test_first_tie_break_is_the_higher_mean_on_the_highest_weighted_criterion(tied):
    # Both 70; P1 is better on the later tie-breaks (latest stage 73, earlier submission).
    rows = {"P1": (68, 73, 80, 1), "P2": (70, 70, 81, 5)}

    assert tied(rows) == [("P2", 1, TieRule.TOP_CRITERION), ("P1", 2, TieRule.TOP_CRITERION)]


@pytest.mark.django_db
def test_second_tie_break_is_the_higher_score_in_the_latest_stage(tied):
    rows = {"P1": (70, 70, 80, 1), "P2": (68, 73, 80, 5)}

    assert tied(rows) == [("P2", 1, TieRule.LATEST_STAGE), ("P1", 2, TieRule.LATEST_STAGE)]


@pytest.mark.django_db
def test_third_tie_break_is_the_earlier_submission(tied):
    rows = {"P1": (70, 70, 80, 3), "P2": (70, 70, 80, 2)}

    assert tied(rows) == [("P2", 1, TieRule.SUBMISSION), ("P1", 2, TieRule.SUBMISSION)]


@pytest.mark.django_db
def test_entries_equal_on_every_rule_share_a_rank(tied):
    rows = {"P1": (70, 70, 80, 1), "P2": (70, 70, 80, 1), "P3": (60, 60, 80, 1)}

    assert tied(rows) == [("P1", 1, TieRule.UNBROKEN), ("P2", 1, TieRule.UNBROKEN), ("P3", 3, None)]


@pytest.mark.django_db
def test_a_missing_tie_break_value_ranks_last(tied):
    rows = {"P1": (70, 70, None, 1), "P2": (70, 70, 10, 2)}

    assert tied(rows) == [("P2", 1, TieRule.TOP_CRITERION), ("P1", 2, TieRule.TOP_CRITERION)]


@pytest.mark.django_db
def test_a_tied_run_of_three_names_the_rule_against_the_neighbour_above(tied):
    rows = {"P1": (70, 70, 90, 1), "P2": (60, 85, 80, 1), "P3": (70, 70, 80, 1)}

    assert tied(rows) == [
        ("P1", 1, TieRule.TOP_CRITERION),
        ("P2", 2, TieRule.TOP_CRITERION),
        ("P3", 3, TieRule.LATEST_STAGE),
    ]


# --- Stages combined ------------------------------------------------------------------------------------------------


@pytest.fixture
def two_stages(edition):
    """Desk 60 %, presentation 40 %, field 0 %. Desk judged as in ranking_data (E1 75, E2 65, E3 68.33, E4 58.33);
    E1–E3 advance and one judge (J1) scores their presentation: E1 70, E2 80, E3 75. E4 stops after desk."""
    set_weights(edition, 60, 40, 0)
    judged = judged_desk_stage(edition)
    services.close_stage(judged.stage, actor=None)
    presentation = edition.stages.get(kind=StageKind.PRESENTATION)
    admitted = services.admit_entries(
        presentation, proposals=[judged.entries[name].proposal_id for name in ("E1", "E2", "E3")], actor=None
    )
    for entry in admitted:
        services.assign_judge(entry, judged.judges["J1"], actor=None)
    services.open_stage(presentation, actor=None, override_reason=factories.SKIP_ORDER)
    criteria = list(presentation.criteria.all())
    for entry, value in zip(admitted, (70, 80, 75), strict=True):
        assignment = Assignment.objects.select_related("judge", "entry__stage", "sheet").get(entry=entry)
        score(assignment, {criterion.pk: value for criterion in criteria})
    return judged, presentation


@pytest.mark.django_db
def test_final_score_combines_the_stages_with_their_weights(two_stages):
    judged, _presentation = two_stages

    result = ranking.final_ranking(judged.stage.edition, GroupKind.GENERAL)

    # E1: 0.6 × 75 + 0.4 × 70 = 73; E2: 0.6 × 65 + 0.4 × 80 = 71; E3: 0.6 × 68.33 + 0.4 × 75 = 71.
    # E2 and E3 tie at 71: the highest-weighted criterion of the final score is desk's Substansi (60 × 60 = 3,600
    # against presentation's 40 × 50 = 2,000); its mean is 75 for E2 and 68.33 for E3.
    final = result.final_block
    assert final.is_final
    assert [(row.title, row.raw, row.placements[RAW].rank, row.placements[RAW].tie_rule) for row in final.rows] == [
        ("Inovasi E1", pytest.approx(73), 1, None),
        ("Inovasi E2", pytest.approx(71), 2, TieRule.TOP_CRITERION),
        ("Inovasi E3", pytest.approx(71), 3, TieRule.TOP_CRITERION),
    ]
    assert result.top_criterion == judged.criteria[0]


@pytest.mark.django_db
def test_entries_that_stopped_earlier_are_ranked_apart_by_what_they_have(two_stages):
    judged, _presentation = two_stages

    result = ranking.final_ranking(judged.stage.edition, GroupKind.GENERAL)

    [stopped] = result.other_blocks
    assert stopped.last_stage == judged.stage
    assert [(row.title, row.raw, row.placements[RAW].rank) for row in stopped.rows] == [
        ("Inovasi E4", pytest.approx(175 / 3), 1)
    ]
    assert result.without_result == []


@pytest.mark.django_db
def test_normalized_final_score_combines_the_normalized_stage_scores(two_stages):
    judged, presentation = two_stages
    desk = ranking.stage_ranking(judged.stage, GroupKind.GENERAL)
    desk_normalized = {row.proposal.title: row.normalized for row in desk.ranked}

    result = ranking.final_ranking(judged.stage.edition, GroupKind.GENERAL, view=NORMALIZED)

    # One presentation judge: z = (total − 75) / √(50/3), put back on the stage scale 75 + √(50/3) × z = the total.
    expected = {
        title: 0.6 * desk_normalized[title] + 0.4 * presentation_total
        for title, presentation_total in (("Inovasi E1", 70), ("Inovasi E2", 80), ("Inovasi E3", 75))
    }
    assert {row.title: row.normalized for row in result.final_block.rows} == pytest.approx(expected)
    assert [row.title for row in result.final_block.rows] == sorted(expected, key=lambda t: -expected[t])
    assert math.isclose(result.final_block.rows[0].cells[presentation.pk].normalized, 80)


@pytest.mark.django_db
def test_an_unfinished_later_stage_leaves_the_entry_in_the_earlier_block(two_stages):
    judged, presentation = two_stages
    services.reopen_scores(
        Assignment.objects.get(entry__stage=presentation, entry__proposal__title="Inovasi E1").sheet,
        actor=None,
        reason="Koreksi",
    )

    result = ranking.final_ranking(judged.stage.edition, GroupKind.GENERAL)

    assert [row.title for row in result.final_block.rows] == ["Inovasi E2", "Inovasi E3"]
    [stopped] = result.other_blocks
    assert [row.title for row in stopped.rows] == ["Inovasi E1", "Inovasi E4"]
    e1 = stopped.rows[0]
    assert (e1.cells[presentation.pk].submitted_count, e1.cells[presentation.pk].judge_count) == (0, 1)


@pytest.mark.django_db
def test_a_long_block_loads_its_first_rows_and_says_how_many_it_holds(two_stages):
    judged, presentation = two_stages
    services.reopen_scores(
        Assignment.objects.get(entry__stage=presentation, entry__proposal__title="Inovasi E1").sheet,
        actor=None,
        reason="Koreksi",
    )

    result = ranking.final_ranking(judged.stage.edition, GroupKind.GENERAL, block_rows=1)

    assert [row.title for row in result.final_block.rows] == ["Inovasi E2", "Inovasi E3"]  # always whole
    [stopped] = result.other_blocks
    assert ([row.title for row in stopped.rows], stopped.count, stopped.hidden) == (["Inovasi E1"], 2, 1)


@pytest.mark.django_db
def test_the_final_order_reads_its_first_entries_and_the_ones_asked_for(two_stages):
    judged, _presentation = two_stages
    edition = judged.stage.edition
    e1, e4 = judged.entries["E1"].proposal_id, judged.entries["E4"].proposal_id

    order = ranking.final_order(edition, GroupKind.GENERAL, head=1, also=[e4])

    assert [(entry.proposal_id, entry.position, entry.complete) for entry in order] == [(e1, 1, True), (e4, 4, False)]
    assert order[1].score == pytest.approx(175 / 3)
    # Entries that cannot be chosen are left out of the order: E4 moves up when E1 is not eligible.
    without_e1 = ranking.final_order(edition, GroupKind.GENERAL, eligible=~Q(proposal_id=e1))
    assert [(entry.title, entry.position) for entry in without_e1] == [
        ("Inovasi E2", 1),
        ("Inovasi E3", 2),
        ("Inovasi E4", 3),
    ]
