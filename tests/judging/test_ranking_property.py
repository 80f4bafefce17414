"""The referee of the stage ranking: a plain-Python reference written from the rules documented in judging/ranking.py
(and shown on the page), against what the organizer's ranking computes from the database, on random stages.

Hypothesis draws the criteria (weights, scales that do not divide evenly), the judges, which judges score which
entry, values (coarse ones, so that ties and judges whose totals do not vary are common), sheets left as drafts or
submitted and then reopened, entries without judges, entries of another group (they count in the judges' and the
stage's spreads but are not ranked), equal submission times and the disagreement threshold. The reference computes
totals in exact fractions; it shares no code with the product.
"""

import datetime as dt
import math
from fractions import Fraction

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from competitions.enums import GroupKind, StageKind
from competitions.services import set_criteria, set_stage_weights
from judging import ranking, services
from judging.enums import SheetStatus
from judging.models import Assignment, Score, ScoreSheet, StageEntry
from judging.scoring import store_totals
from proposals.models import Proposal
from tests import factories

MAX_JUDGES = 4
MAX_ENTRIES = 6
RANKED, OTHER = GroupKind.GENERAL, GroupKind.REPLICATION
BASE_TIME = dt.datetime(2026, 7, 1, 10, 0, tzinfo=dt.UTC)
PLACES = 6  # ranking.SCORE_PLACES, the places the page compares and shows scores to


# --- Random stages ---------------------------------------------------------------------------------------------------


@st.composite
def weights_summing_to_100(draw, count: int) -> list[int]:
    cuts = sorted(draw(st.lists(st.integers(1, 99), min_size=count - 1, max_size=count - 1, unique=True)))
    bounds = [0, *cuts, 100]
    return [high - low for low, high in zip(bounds, bounds[1:], strict=False)]


@st.composite
def criteria_of(draw) -> list[tuple[int, int]]:
    count = draw(st.integers(1, 3))
    maxima = draw(st.lists(st.sampled_from([3, 7, 10, 100]), min_size=count, max_size=count))
    return list(zip(draw(weights_summing_to_100(count)), maxima, strict=True))


@st.composite
def sheets_of(draw, criteria, judges: int) -> dict:
    sheets = {}
    for judge in sorted(draw(st.sets(st.integers(0, judges - 1), max_size=judges))):
        state = draw(st.sampled_from(["submitted", "submitted", "submitted", "draft", "reopened"]))
        values = [draw(st.one_of(st.sampled_from([0, top // 2, top]), st.integers(0, top))) for _w, top in criteria]
        sheets[judge] = (state, values)
    return sheets


@st.composite
def proposals_of(draw) -> list[dict]:
    return [
        {
            "group": draw(st.sampled_from([RANKED, RANKED, OTHER])),
            "minute": draw(st.integers(0, 2)),  # equal submission times happen
        }
        for _index in range(draw(st.integers(1, MAX_ENTRIES)))
    ]


@st.composite
def stage_of(draw, proposals: list[dict], judges: int, admitted: list[bool]) -> dict:
    """One stage: its criteria, threshold and, for each admitted proposal (index → entry), the judges' sheets."""
    criteria = draw(criteria_of())
    entries = {
        index: {**proposal, "sheets": draw(sheets_of(criteria, judges))}
        for index, proposal in enumerate(proposals)
        if admitted[index]
    }
    return {"criteria": criteria, "entries": entries, "threshold": draw(st.sampled_from([0, 5, 15]))}


@st.composite
def stages(draw) -> dict:
    proposals = draw(proposals_of())
    return draw(stage_of(proposals, draw(st.integers(1, MAX_JUDGES)), [True] * len(proposals)))


@st.composite
def editions(draw) -> dict:
    """Desk (every proposal) and presentation (some of them), each with its own criteria and sheets, and the two
    stages' weights in the final score."""
    proposals = draw(proposals_of())
    judges = draw(st.integers(1, MAX_JUDGES))
    admitted = draw(st.lists(st.booleans(), min_size=len(proposals), max_size=len(proposals)))
    return {
        "proposals": proposals,
        "stages": [
            draw(stage_of(proposals, judges, [True] * len(proposals))),
            draw(stage_of(proposals, judges, admitted)),
        ],
        "weights": draw(st.sampled_from([(100, 0), (60, 40), (50, 50), (30, 70)])),
    }


# --- The reference, from the documented rules ------------------------------------------------------------------------


def half_up(value: Fraction, places: int = 2) -> Fraction:
    scale = 10**places
    return Fraction(math.floor(value * scale + Fraction(1, 2)), scale)


def mean_sd(values: list[Fraction]) -> tuple[float, float]:
    mean = sum(values, Fraction(0)) / len(values)
    variance = sum(((value - mean) ** 2 for value in values), Fraction(0)) / len(values)
    return float(mean), math.sqrt(variance)


def reference(case: dict) -> dict:
    criteria = case["criteria"]
    totals = {}
    for index, entry in case["entries"].items():
        for judge, (state, values) in entry["sheets"].items():
            exact = sum((Fraction(value * weight, top) for value, (weight, top) in zip(values, criteria, strict=True)))
            totals[index, judge] = (state, half_up(exact))
    submitted = {key: total for key, (state, total) in totals.items() if state == "submitted"}
    judge_stats = {}
    for judge in {judge for _entry, judge in submitted}:
        judge_stats[judge] = mean_sd([total for (_e, j), total in submitted.items() if j == judge])
    stage_stats = mean_sd(list(submitted.values())) if submitted else None
    top = max(range(len(criteria)), key=lambda position: (criteria[position][0], -position))

    rows = {}
    for index, entry in case["entries"].items():
        if entry["group"] != RANKED:
            continue
        mine = [submitted[index, judge] for judge in entry["sheets"] if (index, judge) in submitted]
        complete = bool(entry["sheets"]) and len(mine) == len(entry["sheets"])
        row = {"judges": len(entry["sheets"]), "submitted": len(mine), "complete": complete}
        if complete:
            score, spread = mean_sd(mine)
            z_scores = []
            for judge in entry["sheets"]:
                judge_mean, judge_sd = judge_stats[judge]
                if judge_sd > ranking.SD_EPSILON:
                    z_scores.append((float(submitted[index, judge]) - judge_mean) / judge_sd)
            z = sum(z_scores) / len(z_scores) if z_scores else 0.0
            top_values = [entry["sheets"][judge][1][top] for judge in entry["sheets"]]
            row.update(
                score=score,
                spread=spread,
                disagreement=round(spread, PLACES) > case["threshold"],
                normalized=stage_stats[0] + stage_stats[1] * z,
                top_mean=sum(top_values) / len(top_values),
                means=[
                    sum(sheet[1][position] for sheet in entry["sheets"].values()) / len(entry["sheets"])
                    for position in range(len(criteria))
                ],
                submitted_at=BASE_TIME + dt.timedelta(minutes=entry["minute"]),
            )
        rows[index] = row
    for view, score_key in ((ranking.RAW, "score"), (ranking.NORMALIZED, "normalized")):
        ranked = [index for index, row in rows.items() if row["complete"]]

        def key(index, score_key=score_key):
            row = rows[index]
            return (-round(row[score_key], PLACES), -round(row["top_mean"], PLACES), row["submitted_at"])

        for index in ranked:
            rows[index][f"{view}_rank"] = 1 + sum(1 for other in ranked if key(other) < key(index))
    return rows


# --- The product, from the database --------------------------------------------------------------------------------


@pytest.fixture
def arena(edition):
    """A desk stage open for scoring, judges and proposals that every example reuses (rows an example writes are
    rolled back after it)."""
    stage = edition.stages.get(kind=StageKind.DESK)
    judges = [factories.JudgeFactory(user__username=f"referee.judge{n}") for n in range(MAX_JUDGES)]
    proposals = [
        factories.ProposalFactory(edition=edition, title=f"Inovasi wasit {n}", state="passed")
        for n in range(MAX_ENTRIES)
    ]
    services.open_stage(stage, actor=None, override_reason=factories.SKIP_ORDER)
    return stage, judges, proposals


def build(case: dict, stage, judges, proposals) -> dict[int, int]:
    """Write `case` into the database as the portal would hold it; returns entry index → StageEntry id."""
    set_criteria(
        stage,
        criteria=[
            {"name": f"Kriteria {n}", "weight": weight, "max_score": top}
            for n, (weight, top) in enumerate(case["criteria"])
        ],
        actor=None,
    )
    criteria = list(stage.criteria.order_by("position", "pk"))
    services.update_round_settings(stage, disagreement_threshold=case["threshold"], actor=None)
    entry_ids, reopened = {}, []
    for index, entry in case["entries"].items():
        proposal = proposals[index]
        proposal.group = entry["group"]
        proposal.submitted_at = BASE_TIME + dt.timedelta(minutes=entry["minute"])
        stage_entry = StageEntry.objects.create(stage=stage, proposal=proposal)
        entry_ids[index] = stage_entry.pk
        for judge_index, (state, values) in entry["sheets"].items():
            assignment = Assignment.objects.create(entry=stage_entry, judge=judges[judge_index])
            sheet = ScoreSheet.objects.create(
                assignment=assignment,
                status=SheetStatus.DRAFT if state == "draft" else SheetStatus.SUBMITTED,
                version=1,
                submitted_at=None if state == "draft" else BASE_TIME,
            )
            Score.objects.bulk_create(
                Score(sheet=sheet, criterion=criterion, value=value)
                for criterion, value in zip(criteria, values, strict=True)
            )
            if state == "reopened":
                reopened.append(sheet)
    Proposal.objects.bulk_update(proposals, ["group", "submitted_at"])
    store_totals(ScoreSheet.objects.filter(assignment__entry__stage=stage))
    for sheet in reopened:
        services.reopen_scores(sheet, actor=None, reason="Nilai diperiksa ulang")
    return entry_ids


@pytest.mark.django_db
@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=stages())
def test_stage_ranking_agrees_with_the_documented_rules(arena, case):
    stage, judges, proposals = arena
    with transaction.atomic():
        entry_ids = build(case, stage, judges, proposals)
        expected = reference(case)
        stage.refresh_from_db()
        stage = ranking.stage_with_criteria(stage.edition, StageKind.DESK)
        result = ranking.stage_ranking(stage, RANKED)
        rows = {row.entry.pk: row for row in result.ranked + result.pending}
        assert {row.entry.pk for row in result.ranked} == {
            entry_ids[index] for index, row in expected.items() if row["complete"]
        }
        assert set(rows) == {entry_ids[index] for index in expected}
        for index, want in expected.items():
            got = rows[entry_ids[index]]
            assert (got.judge_count, got.submitted_count, got.is_complete) == (
                want["judges"],
                want["submitted"],
                want["complete"],
            )
            if not want["complete"]:
                assert got.score is None
                continue
            assert round(got.score, PLACES) == round(want["score"], PLACES)
            assert got.spread == pytest.approx(want["spread"], abs=1e-6)
            assert got.disagreement is want["disagreement"]
            assert got.normalized == pytest.approx(want["normalized"], abs=1e-6)
            assert (got.raw.rank, got.norm.rank) == (want["raw_rank"], want["normalized_rank"])
        transaction.set_rollback(True)


# --- The final ranking: the stages combined --------------------------------------------------------------------------


def final_reference(case: dict) -> dict:
    """proposal index → its block ("final", or the index of the last stage it has a result in) with its final
    scores and ranks in the block, or block None when it has no stage result (from the documented rules)."""
    weights = case["weights"]
    per_stage = [reference(stage) for stage in case["stages"]]
    best_stage, best_criterion = max(
        ((stage, position) for stage, data in enumerate(case["stages"]) for position in range(len(data["criteria"]))),
        key=lambda pair: (weights[pair[0]] * case["stages"][pair[0]]["criteria"][pair[1]][0], -pair[0], -pair[1]),
    )
    weighted = [stage for stage, weight in enumerate(weights) if weight]
    rows = {}
    for index, proposal in enumerate(case["proposals"]):
        if proposal["group"] != RANKED:
            continue
        cells = {stage: results[index] for stage, results in enumerate(per_stage) if index in results}
        done = [stage for stage in weighted if stage in cells and cells[stage]["complete"]]
        if not done:
            rows[index] = {"block": None}
            continue
        best = cells.get(best_stage)
        rows[index] = {
            "block": "final" if len(done) == len(weighted) else done[-1],
            "raw": sum(weights[stage] * cells[stage]["score"] for stage in done) / sum(weights[s] for s in done),
            "normalized": sum(weights[stage] * cells[stage]["normalized"] for stage in done)
            / sum(weights[stage] for stage in done),
            "latest_raw": cells[done[-1]]["score"],
            "latest_normalized": cells[done[-1]]["normalized"],
            "top": best["means"][best_criterion] if best and best["complete"] else None,
            "submitted_at": BASE_TIME + dt.timedelta(minutes=proposal["minute"]),
        }
    for view in (ranking.RAW, ranking.NORMALIZED):

        def key(index, view=view):
            row = rows[index]
            top = (1, 0) if row["top"] is None else (0, -round(row["top"], PLACES))
            return (-round(row[view], PLACES), top, -round(row[f"latest_{view}"], PLACES), row["submitted_at"])

        for index, row in rows.items():
            if row["block"] is not None:
                block = [other for other in rows if rows[other]["block"] == row["block"]]
                row[f"{view}_rank"] = 1 + sum(1 for other in block if key(other) < key(index))
    return rows


@pytest.mark.django_db
@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=editions())
def test_final_ranking_agrees_with_the_documented_rules(arena, case):
    desk, judges, proposals = arena
    edition = desk.edition
    presentation = edition.stages.get(kind=StageKind.PRESENTATION)
    with transaction.atomic():
        # Both stages open at once: the rules of the ranking do not depend on the order of the cycle.
        services.open_stage(presentation, actor=None, override_reason="Uji sifat peringkat.")
        set_stage_weights(
            edition,
            weights={
                StageKind.DESK: case["weights"][0],
                StageKind.PRESENTATION: case["weights"][1],
                StageKind.FIELD: 0,
            },
            actor=None,
        )
        for stage, stage_case in zip((desk, presentation), case["stages"], strict=True):
            build(stage_case, stage, judges, proposals)
        expected = final_reference(case)
        edition.refresh_from_db()
        result = ranking.final_ranking(edition, RANKED)
        stages = ranking.stages_of(edition)
        block_of = {}
        for block in result.blocks:
            for row in block.rows:
                block_of[row.proposal_id] = "final" if block.is_final else stages.index(block.last_stage)
                block_of[row.proposal_id, "row"] = row
        for row in result.without_result:
            block_of[row.proposal_id] = None
        for index, want in expected.items():
            pk = proposals[index].pk
            assert block_of[pk] == want["block"]
            if want["block"] is None:
                continue
            got = block_of[pk, "row"]
            assert got.raw == pytest.approx(want["raw"], abs=1e-6)
            assert got.normalized == pytest.approx(want["normalized"], abs=1e-6)
            assert (got.placements[ranking.RAW].rank, got.placements[ranking.NORMALIZED].rank) == (
                want["raw_rank"],
                want["normalized_rank"],
            )
        assert len([key for key in block_of if not isinstance(key, tuple)]) == len(expected)
        transaction.set_rollback(True)
