"""The ranking's arithmetic against hand-computed values (the stage in tests/judging/ranking_data.py)."""

import math

import pytest

from competitions.enums import GroupKind
from judging import ranking, services
from judging.enums import SheetStatus
from judging.ranking import NORMALIZED, RAW, TieRule
from tests.judging.ranking_data import judged_desk_stage, score

pytestmark = pytest.mark.django_db

# Judges' totals per entry (see ranking_data):   E1   E2   E3   E4
#   J1  mean 60, sd 20                            80   40   80   40
#   J2  mean 70, sd 5                             65   75   65   75
#   J3  mean 70, sd 10                            80   80   60   60
# Raw stage score = mean of the three totals:
RAW_SCORES = {"E1": 225 / 3, "E2": 195 / 3, "E3": 205 / 3, "E4": 175 / 3}  # 75, 65, 68.33, 58.33
# Spread = population sd of the three totals, e.g. E1: mean 75, deviations 5, −10, 5 → √((25+100+25)/3) = √50.
SPREADS = {"E1": math.sqrt(50), "E2": math.sqrt(950 / 3), "E3": math.sqrt(650 / 9), "E4": math.sqrt(1850 / 9)}
# z = (total − judge mean) / judge sd:          E1        E2        E3        E4
#   J1                                           +1        −1        +1        −1
#   J2                                           −1        +1        −1        +1
#   J3                                           +1        +1        −1        −1
MEAN_Z = {"E1": 1 / 3, "E2": 1 / 3, "E3": -1 / 3, "E4": -1 / 3}
# The stage's 12 totals: sum 800, sum of squares 55,700 → mean 66.67, population sd √(55700/12 − (800/12)²).
STAGE_MEAN = 800 / 12
STAGE_SD = math.sqrt(55700 / 12 - STAGE_MEAN**2)


@pytest.fixture
def judged(edition):
    return judged_desk_stage(edition)


def rows_by_name(result):
    return {row.proposal.title.removeprefix("Inovasi "): row for row in [*result.ranked, *result.pending]}


def test_stage_scores_spreads_and_judge_counts_match_the_hand_computed_values(judged):
    result = ranking.stage_ranking(judged.stage, GroupKind.GENERAL)

    rows = rows_by_name(result)
    assert {name: row.score for name, row in rows.items()} == pytest.approx(RAW_SCORES)
    assert {name: row.spread for name, row in rows.items()} == pytest.approx(SPREADS)
    assert {name: (row.submitted_count, row.judge_count) for name, row in rows.items()} == dict.fromkeys(
        RAW_SCORES, (3, 3)
    )
    assert [row.proposal.title for row in result.ranked] == ["Inovasi E1", "Inovasi E3", "Inovasi E2", "Inovasi E4"]
    assert [row.raw.rank for row in result.ranked] == [1, 2, 3, 4]
    assert result.pending == []


def test_judge_spreads_are_each_judges_mean_and_population_sd_in_the_stage(judged):
    result = ranking.stage_ranking(judged.stage, GroupKind.GENERAL)

    spreads = {judge_id: (spread.mean, spread.sd, spread.count) for judge_id, spread in result.judge_spreads.items()}
    assert spreads == {
        judged.judges["J1"].pk: pytest.approx((60, 20, 4)),
        judged.judges["J2"].pk: pytest.approx((70, 5, 4)),
        judged.judges["J3"].pk: pytest.approx((70, 10, 4)),
    }
    assert (result.stage_spread.mean, result.stage_spread.sd) == pytest.approx((STAGE_MEAN, STAGE_SD))


def test_normalized_scores_are_the_mean_z_on_the_stage_scale(judged):
    result = ranking.stage_ranking(judged.stage, GroupKind.GENERAL, view=NORMALIZED)

    rows = rows_by_name(result)
    assert {name: row.z for name, row in rows.items()} == pytest.approx(MEAN_Z)
    # normalized = stage mean + stage sd × mean z, e.g. E1: 66.67 + 14.04 / 3 = 71.35
    assert {name: row.normalized for name, row in rows.items()} == pytest.approx(
        {name: STAGE_MEAN + STAGE_SD * z for name, z in MEAN_Z.items()}
    )


def test_normalized_ranking_reorders_the_entries_and_states_the_tie_breaks(judged):
    # E1 and E2 tie at mean z +1/3; their Substansi means are equal too (E1: (80+65+80)/3 = 75,
    # E2: (50+75+100)/3 = 75), so the earlier submission (E2) ranks first.
    # E3 and E4 tie at −1/3; Substansi means E3 (80+65+60)/3 = 68.33 > E4 (40+75+60)/3 = 58.33.
    result = ranking.stage_ranking(judged.stage, GroupKind.GENERAL, view=NORMALIZED)

    placements = [(row.proposal.title, row.norm.rank, row.norm.tie_rule) for row in result.ranked]
    assert placements == [
        ("Inovasi E2", 1, TieRule.SUBMISSION),
        ("Inovasi E1", 2, TieRule.SUBMISSION),
        ("Inovasi E3", 3, TieRule.TOP_CRITERION),
        ("Inovasi E4", 4, TieRule.TOP_CRITERION),
    ]
    assert {row.proposal.title: row.raw.rank for row in result.ranked} == {
        "Inovasi E1": 1,
        "Inovasi E3": 2,
        "Inovasi E2": 3,
        "Inovasi E4": 4,
    }
    assert [row.raw.tie_rule for row in result.ranked] == [None, None, None, None]


def test_criterion_means_are_over_the_submitted_sheets(judged):
    result = ranking.stage_ranking(judged.stage, GroupKind.GENERAL)

    substance, presentation = judged.criteria
    e2 = rows_by_name(result)["E2"]
    assert e2.criterion_means == pytest.approx({substance.pk: 75, presentation.pk: (25 + 75 + 50) / 3})
    assert result.top_criterion == substance


@pytest.mark.parametrize(("threshold", "flagged"), [("10.00", False), ("9.99", True), ("10.01", False)])
def test_disagreement_flag_is_raised_only_when_the_spread_exceeds_the_threshold(edition, threshold, flagged):
    # Totals 80 and 60: mean 70, population sd exactly 10.
    judged = judged_desk_stage(edition, scores={"J1": {"E1": (80, 80)}, "J2": {"E1": (60, 60)}})
    services.update_round_settings(judged.stage, disagreement_threshold=threshold, actor=None)

    [row] = ranking.stage_ranking(judged.stage, GroupKind.GENERAL).ranked

    assert row.spread == pytest.approx(10)
    assert row.disagreement is flagged


def test_default_threshold_flags_only_the_entry_whose_judges_differ_by_more_than_15(judged):
    result = ranking.stage_ranking(judged.stage, GroupKind.GENERAL)

    assert result.threshold == 15
    assert [row.proposal.title for row in result.ranked if row.disagreement] == ["Inovasi E2"]  # spread 17.8
    assert result.disagreements == 1


def test_an_entry_whose_judges_have_not_all_submitted_has_no_stage_result(judged):
    services.reopen_scores(judged.assignment("J2", "E3").sheet, actor=None, reason="Salah ketik")

    result = ranking.stage_ranking(judged.stage, GroupKind.GENERAL)

    assert [row.proposal.title for row in result.ranked] == ["Inovasi E1", "Inovasi E2", "Inovasi E4"]
    [pending] = result.pending
    assert (pending.proposal.title, pending.submitted_count, pending.judge_count, pending.score) == (
        "Inovasi E3",
        2,
        3,
        None,
    )
    statuses = {sheet.judge_name: sheet.status for sheet in pending.sheets}
    assert statuses == {
        "Juri J1": SheetStatus.SUBMITTED,
        "Juri J2": SheetStatus.DRAFT,
        "Juri J3": SheetStatus.SUBMITTED,
    }


def test_a_judge_whose_totals_do_not_vary_is_left_out_of_the_mean_z(edition):
    # J1 gives every entry 70 (sd 0): no information. J2 separates E1 (90, z +1) from E2 (50, z −1).
    judged = judged_desk_stage(
        edition,
        scores={"J1": {"E1": (70, 70), "E2": (70, 70)}, "J2": {"E1": (90, 90), "E2": (50, 50)}},
    )

    result = ranking.stage_ranking(judged.stage, GroupKind.GENERAL, view=NORMALIZED)

    assert [(row.proposal.title, row.z) for row in result.ranked] == [("Inovasi E1", 1.0), ("Inovasi E2", -1.0)]
    # Totals 70, 70, 90, 50: mean 70, population sd √200.
    assert [row.normalized for row in result.ranked] == pytest.approx([70 + math.sqrt(200), 70 - math.sqrt(200)])


def test_a_judge_who_scored_one_entry_only_gives_a_mean_z_of_zero(edition):
    judged = judged_desk_stage(edition, scores={"J1": {"E1": (80, 80)}})

    result = ranking.stage_ranking(judged.stage, GroupKind.GENERAL, view=NORMALIZED)

    [row] = result.ranked
    assert (row.score, row.z, row.normalized) == (80.0, 0.0, 80.0)
    assert [sheet.z for sheet in row.sheets] == [None]


def test_the_ranking_of_another_group_is_empty(judged):
    result = ranking.stage_ranking(judged.stage, GroupKind.REPLICATION)

    assert (result.ranked, result.pending) == ([], [])


def test_a_draft_is_not_counted_until_submitted(edition):
    judged = judged_desk_stage(edition, scores={"J1": {"E1": (80, 80)}, "J2": {"E1": (60, 60)}})
    services.reopen_scores(judged.assignment("J2", "E1").sheet, actor=None, reason="Periksa lagi")
    score(judged.assignment("J2", "E1"), {judged.criteria[0].pk: 90}, submit=False)

    result = ranking.stage_ranking(judged.stage, GroupKind.GENERAL)

    assert result.ranked == []
    assert [(row.submitted_count, row.judge_count, row.score) for row in result.pending] == [(1, 2, None)]


@pytest.mark.parametrize("view", [RAW, NORMALIZED])
def test_every_complete_entry_has_both_placements(judged, view):
    result = ranking.stage_ranking(judged.stage, GroupKind.GENERAL, view=view)

    assert all(row.raw is not None and row.norm is not None for row in result.ranked)
    assert [result.placement(row).rank for row in result.ranked] == [1, 2, 3, 4]
