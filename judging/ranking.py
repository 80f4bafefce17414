"""The organizer's ranking: per stage and group, and the final ranking that combines the stages.

Everything that reads score rows is aggregated in the database over each sheet's stored weighted total
(ScoreSheet.total, see judging.scoring), in a constant number of queries whatever the number of entries.

A stage's ranking (StageRanking) is one SQL query: each entry's counts, mean, spread, lowest and highest total, its
mean z against each judge's own totals and its normalized score, both ranks by window functions with the tie-breaks
as ORDER BY columns, and the page's rows cut out with LIMIT and OFFSET; the page then loads the sheets of the rows it
shows. The final ranking is one SQL query too: each entry's stage results computed the same way, combined with the
stage weights into blocks, ranked by window functions, with the first rows of each long block cut out in SQL.
No ranking is cached: every view reads the stored totals, so no write has to invalidate anything (pages cache only
their rendered rows, under keys made of what the rows show).

The rules the page states (RULES_TEXT in the templates say the same):

- An entry has a stage result only when every judge assigned to it has submitted; the others are listed apart.
- Raw stage score: the mean of the judges' weighted totals (0–100, each rounded to two places: judging.scoring).
  Spread: the population standard deviation of those totals; the entry is flagged when the spread exceeds the
  stage's disagreement threshold (strictly above).
- Normalized stage score: each submitted total becomes a z-score against its judge's own totals in the stage,
  z = (total − judge mean) / judge standard deviation (all of the judge's submitted sheets in the stage, every
  group). A judge whose totals do not vary (standard deviation 0, which includes a judge who scored one entry)
  tells nothing about how the entries compare, so their sheets are left out of the mean z; when none of the
  entry's judges varies, its mean z is 0. The mean z is put back on the points scale of the stage:
  normalized = stage mean + stage standard deviation × mean z (the stage's mean and deviation over every
  submitted total), so raw and normalized scores read alike and rank the same way as the mean z.
- Final score: Σ stage weight × stage score / Σ stage weight over the stages that weigh in the final score. The
  final ranking lists only the entries with a result in every such stage; the others are ranked in separate
  blocks by the stages they have (the furthest stage with a result first, then the same weighted mean over the
  stages they have).
- Ties (equal scores to SCORE_PLACES places) are broken by, in order: the higher mean score on the
  highest-weighted criterion (in a stage: its criterion with the highest weight; in the final ranking: the
  criterion with the highest stage weight × criterion weight), then (final ranking only) the higher score in the
  latest stage, then the earlier submission of the proposal. Entries still equal share a rank.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Avg, Count, DateTimeField, F, FloatField, Prefetch, Q, QuerySet, StdDev, Value
from django.db.models.functions import Cast
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from competitions.enums import GroupKind
from competitions.models import Criterion, Edition, Stage

from .enums import SheetStatus
from .models import Score, ScoreSheet, StageEntry
from .queries import judge_name, round_for

# Scores are compared (for ties) and shown rounded to this many places; SQL floats differ in the last bits.
SCORE_PLACES = 6
# A judge's standard deviation at or below this is treated as 0 (their totals do not vary).
SD_EPSILON = 1e-9

RAW = "raw"
NORMALIZED = "normalized"
VIEWS = (RAW, NORMALIZED)


class TieRule:
    """Which rule put an entry above or below another with the same score (shown in the ranking's tie column)."""

    TOP_CRITERION = "top_criterion"
    LATEST_STAGE = "latest_stage"
    SUBMISSION = "submission"
    UNBROKEN = "unbroken"

    LABELS = {
        TOP_CRITERION: _("higher score on the highest-weighted criterion"),
        LATEST_STAGE: _("higher score in the latest stage"),
        SUBMISSION: _("earlier submission"),
        UNBROKEN: _("still tied: same rank"),
    }

    @classmethod
    def label(cls, rule: str | None) -> str:
        return str(cls.LABELS[rule]) if rule else ""


# --- Pure arithmetic ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spread:
    """The mean and population standard deviation of a set of weighted totals (a judge's, or a whole stage's)."""

    mean: float
    sd: float
    count: int

    @property
    def varies(self) -> bool:
        return self.sd > SD_EPSILON


def z_score(total: float, stats: Spread | None) -> float | None:
    """(total − mean) / sd against the judge's own totals; None when the judge's totals do not vary."""
    if stats is None or not stats.varies:
        return None
    return (total - stats.mean) / stats.sd


# --- Ranks and tie-breaks -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    """An entry's rank in one ordering, and, when it had the same score as a neighbour, the rule that decided."""

    rank: int
    tie_rule: str | None = None
    tied_with: int | None = None  # the neighbour's rank

    @property
    def tie_label(self) -> str:
        return TieRule.label(self.tie_rule)


# --- Aggregates in SQL ----------------------------------------------------------------------------------------------


# The stored total as a float: the z-scores and spreads are float arithmetic on both databases.
TOTAL = Cast("total", FloatField())


def _submitted_totals(scope: dict) -> QuerySet[ScoreSheet]:
    return ScoreSheet.objects.filter(status=SheetStatus.SUBMITTED, **scope).order_by()


def judge_spreads(scope: dict) -> dict[tuple[int, int], Spread]:
    """(stage id, judge id) → the mean and population sd of the judge's submitted totals in the stage (1 query).

    `scope` filters ScoreSheet, e.g. {"assignment__entry__stage": stage}."""
    rows = (
        _submitted_totals(scope)
        .values("assignment__entry__stage_id", "assignment__judge_id")
        .annotate(mean=Avg(TOTAL), sd=StdDev(TOTAL, sample=False), count=Count("pk"))
    )
    return {
        (row["assignment__entry__stage_id"], row["assignment__judge_id"]): Spread(
            row["mean"], row["sd"] or 0.0, row["count"]
        )
        for row in rows
    }


def stage_spreads(scope: dict) -> dict[int, Spread]:
    """stage id → the mean and population sd of every submitted total in the stage, all judges (1 query)."""
    rows = (
        _submitted_totals(scope)
        .values("assignment__entry__stage_id")
        .annotate(mean=Avg(TOTAL), sd=StdDev(TOTAL, sample=False), count=Count("pk"))
    )
    return {row["assignment__entry__stage_id"]: Spread(row["mean"], row["sd"] or 0.0, row["count"]) for row in rows}


def sheet_rows(scope: dict) -> list[dict]:
    """Every sheet in `scope` with its judge, status and weighted total (1 query)."""
    return list(
        ScoreSheet.objects.filter(**scope)
        .annotate(weighted_total=TOTAL)
        .order_by("assignment__judge__user__last_name", "assignment__judge__user__first_name", "pk")
        .values(
            "pk",
            "assignment_id",
            "status",
            "version",
            "submitted_at",
            "updated_at",
            "weighted_total",
            "assignment__entry_id",
            "assignment__entry__stage_id",
            "assignment__judge_id",
            "assignment__judge__user__first_name",
            "assignment__judge__user__last_name",
            "assignment__judge__user__username",
        )
    )


def criterion_means(scope: dict, *, criterion_ids: Iterable[int] | None = None) -> dict[tuple[int, int], float]:
    """(entry id, criterion id) → the mean value over the entry's submitted sheets (1 query).

    `scope` filters Score through its sheet, e.g. {"sheet__assignment__entry__stage": stage}."""
    scores = Score.objects.filter(sheet__status=SheetStatus.SUBMITTED, value__isnull=False, **scope)
    if criterion_ids is not None:
        scores = scores.filter(criterion_id__in=list(criterion_ids))
    rows = (
        scores.order_by()
        .values("sheet__assignment__entry_id", "criterion_id")
        .annotate(mean=Avg(Cast("value", FloatField())))
    )
    return {(row["sheet__assignment__entry_id"], row["criterion_id"]): row["mean"] for row in rows}


def score_values(entry_ids: Iterable[int]) -> dict[int, dict[int, tuple[int | None, str]]]:
    """sheet id → {criterion id: (value, note)} for the sheets of `entry_ids` (1 query): the per-judge,
    per-criterion breakdown of the entries shown on a page."""
    values: dict[int, dict[int, tuple[int | None, str]]] = defaultdict(dict)
    rows = Score.objects.filter(sheet__assignment__entry_id__in=list(entry_ids)).values_list(
        "sheet_id", "criterion_id", "value", "note"
    )
    for sheet_id, criterion_id, value, note in rows:
        values[sheet_id][criterion_id] = (value, note)
    return values


def top_criterion(criteria: Sequence[Criterion]) -> Criterion | None:
    """The stage's highest-weighted criterion (the first by position when several share the weight)."""
    return max(criteria, key=lambda criterion: (criterion.weight, -criterion.position, -criterion.pk), default=None)


# --- A stage's ranking ----------------------------------------------------------------------------------------------


@dataclass
class JudgeSheet:
    """One judge's sheet on an entry as the ranking shows it."""

    sheet_id: int
    assignment_id: int
    judge_id: int
    judge_name: str
    status: str
    total: float
    submitted_at: dt.datetime | None
    version: int
    z: float | None = None
    values: dict[int, tuple[int | None, str]] = field(default_factory=dict)

    @property
    def is_submitted(self) -> bool:
        return self.status == SheetStatus.SUBMITTED

    @property
    def status_label(self) -> str:
        return SheetStatus(self.status).label


@dataclass(frozen=True)
class Named:
    name: str


@dataclass(frozen=True)
class ProposalRef:
    """What a ranking shows of a proposal: plain values rather than model instances, so that a cached ranking of
    thousands of entries loads quickly."""

    pk: int
    title: str
    agency: Named
    category: Named
    submitted_at: dt.datetime | None


@dataclass(frozen=True)
class EntryRef:
    pk: int
    proposal: ProposalRef

    @property
    def proposal_id(self) -> int:
        return self.proposal.pk


@dataclass
class StageRow:
    """One entry of a stage's ranking."""

    entry: EntryRef
    judge_count: int
    submitted_count: int
    score: float | None
    spread: float | None
    lowest: float | None
    highest: float | None
    disagreement: bool
    top_criterion_mean: float | None = None
    z: float | None = None
    normalized: float | None = None
    sheets: list[JudgeSheet] = field(default_factory=list)
    criterion_means: dict[int, float] = field(default_factory=dict)
    placements: dict[str, Placement] = field(default_factory=dict)
    breakdown: list = field(default_factory=list)

    @property
    def sort_id(self) -> int:
        return self.entry.pk

    @property
    def proposal(self):
        return self.entry.proposal

    @property
    def is_complete(self) -> bool:
        return self.judge_count > 0 and self.submitted_count == self.judge_count

    @property
    def raw(self) -> Placement | None:
        return self.placements.get(RAW)

    @property
    def norm(self) -> Placement | None:
        return self.placements.get(NORMALIZED)

    def criterion_rows(self, criteria: Sequence[Criterion]) -> list[tuple[Criterion, list, float | None]]:
        """(criterion, [each judge's (value, note)], mean over submitted sheets) for the breakdown table."""
        return [
            (
                criterion,
                [sheet.values.get(criterion.pk, (None, "")) for sheet in self.sheets],
                self.criterion_means.get(criterion.pk),
            )
            for criterion in criteria
        ]


STAGE_TIE_RULES = (TieRule.TOP_CRITERION, TieRule.SUBMISSION)


def stage_with_criteria(edition: Edition, kind: str) -> Stage:
    """The edition's stage of `kind` with its round and criteria (raises Stage.DoesNotExist)."""
    return (
        Stage.objects.select_related("edition", "round")
        .prefetch_related(Prefetch("criteria", queryset=Criterion.objects.order_by("position", "pk")))
        .get(edition=edition, kind=kind)
    )


def _sql(queryset: QuerySet) -> tuple[str, list]:
    sql, params = queryset.query.sql_with_params()
    return sql, list(params)


def _float_type() -> str:
    return "double precision" if connection.vendor == "postgresql" else "REAL"


def _key(expression: str) -> str:
    """A score as ranks compare it: rounded to SCORE_PLACES (the same on both databases, floats differ in the last
    bits)."""
    return f"ROUND(CAST({expression} AS NUMERIC), {SCORE_PLACES})"


def _fetch(sql: str, params: list, *, moments: Sequence[str] = ("submitted_at",)) -> list[dict]:
    """The rows of a raw query as dicts, with the columns named in `moments` converted to datetimes (a raw cursor
    skips the ORM's converters: SQLite gives times as text)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    moment = Value(None, output_field=DateTimeField())
    converters = connection.ops.get_db_converters(moment)
    for name in (name for name in moments if name in names):
        for row in rows:
            for converter in converters:
                row[name] = converter(row[name], moment, connection)
    return rows


# The order of each view: the score, then the stage's tie-breaks (STAGE_TIE_RULES); a missing value ranks last.
_ORDER = "{score} DESC, top_key DESC NULLS LAST, submitted_at ASC NULLS LAST"


def _stage_results_ctes(sheets: QuerySet[ScoreSheet]) -> tuple[str, list]:
    """The CTEs both rankings compute stage results with, over `sheets` (every group: the judges' and the stages'
    spreads count them all): `sheets`, `judges` (each judge's mean and population sd of their submitted totals in a
    stage), `overall` (each stage's) and `per_entry` (each entry's counts, its submitted totals' mean, spread, lowest
    and highest, and its mean z over the judges whose totals vary). Written once, so that a stage's page and the
    final ranking cannot compute a stage result differently."""
    submitted = SheetStatus.SUBMITTED
    sheets_sql, sheets_params = _sql(
        sheets.order_by().values(
            s_entry=F("assignment__entry_id"),
            s_stage=F("assignment__entry__stage_id"),
            s_judge=F("assignment__judge_id"),
            s_status=F("status"),
            s_total=Cast("total", FloatField()),
        )
    )
    sql = f"""
        sheets AS ({sheets_sql}),
        judges AS (
            SELECT s_stage AS stage, s_judge AS judge, AVG(s_total) AS mean, STDDEV_POP(s_total) AS sd
            FROM sheets WHERE s_status = %s GROUP BY s_stage, s_judge
        ),
        overall AS (
            SELECT s_stage AS stage, AVG(s_total) AS mean, COALESCE(STDDEV_POP(s_total), 0) AS sd
            FROM sheets WHERE s_status = %s GROUP BY s_stage
        ),
        per_entry AS (
            SELECT s.s_entry AS entry,
                COUNT(*) AS judge_count,
                COUNT(*) FILTER (WHERE s.s_status = %s) AS submitted_count,
                AVG(s.s_total) FILTER (WHERE s.s_status = %s) AS mean,
                STDDEV_POP(s.s_total) FILTER (WHERE s.s_status = %s) AS spread,
                MIN(s.s_total) FILTER (WHERE s.s_status = %s) AS lowest,
                MAX(s.s_total) FILTER (WHERE s.s_status = %s) AS highest,
                AVG((s.s_total - j.mean) / NULLIF(j.sd, 0)) FILTER (WHERE s.s_status = %s AND j.sd > %s) AS mean_z
            FROM sheets s LEFT JOIN judges j ON j.stage = s.s_stage AND j.judge = s.s_judge
            GROUP BY s.s_entry
        )
    """  # noqa: S608 - an ORM-compiled subquery; every value is a parameter
    return sql, [*sheets_params, submitted, submitted, *[submitted] * 6, SD_EPSILON]


@dataclass(frozen=True)
class StageSummary:
    """How many entries of the group are in the stage, how many have a stage result, and how many of those have
    judges who disagree."""

    entry_count: int = 0
    ranked_count: int = 0
    disagreements: int = 0

    @property
    def pending_count(self) -> int:
        return self.entry_count - self.ranked_count


class StageRanking:
    """The ranking of one group in one stage, computed by the database from the stored totals (the rules are the
    module's docstring): every entry's result, both scores and both ranks by window functions, the tie-breaks as
    ORDER BY columns, and the page's rows cut out with LIMIT and OFFSET. A page's cost follows the rows it shows.

    `ranked` and `pending` load every row (exports, decisions); a page asks for `page(offset, limit,
    pending_limit=…)`, which also sets `summary`, and `with_breakdown` for the per-judge values of what it shows."""

    def __init__(self, stage: Stage, group: str, *, view: str = RAW):
        self.stage = stage
        self.group = group
        self.view = view if view in VIEWS else RAW
        self.page_offset = 0  # where the last page() started (an offset beyond the end reads the last page)
        self.criteria = list(stage.criteria.all())
        self.top_criterion = top_criterion(self.criteria)
        self.threshold = float(round_for(stage).disagreement_threshold)

    @property
    def group_label(self) -> str:
        return GroupKind(self.group).label

    @property
    def stage_round(self):
        return round_for(self.stage)

    def _results_sql(self) -> tuple[str, list]:
        """The CTEs every query of the ranking reads: `sheets` of the stage (every group: the judges' and the
        stage's spreads count them all), `judges` and `overall` (mean and population sd of the submitted totals),
        `top_means` (each entry's mean on the highest-weighted criterion) and `results`: one row per entry of the
        group with its counts, its submitted totals' mean, spread, lowest and highest, its mean z over the judges
        whose totals vary (0 when none does), its normalized score and its sort keys."""
        submitted = SheetStatus.SUBMITTED
        results_sql, results_params = _stage_results_ctes(
            ScoreSheet.objects.filter(assignment__entry__stage=self.stage)
        )
        entries_sql, entries_params = _sql(
            StageEntry.objects.filter(stage=self.stage, proposal__group=self.group)
            .order_by()
            .values(
                e_id=F("pk"),
                e_proposal=F("proposal_id"),
                e_title=F("proposal__title"),
                e_agency=F("proposal__agency__name"),
                e_category=F("proposal__category__name"),
                e_submitted_at=F("proposal__submitted_at"),
            )
        )
        best = self.top_criterion
        top_sql, top_params = _sql(
            Score.objects.filter(
                sheet__assignment__entry__stage=self.stage,
                sheet__status=submitted,
                value__isnull=False,
                criterion_id=best.pk if best else None,
            )
            .order_by()
            .values(t_entry=F("sheet__assignment__entry_id"))
            .annotate(t_mean=Avg(Cast("value", FloatField())))
        )
        real = _float_type()
        normalized = "o.mean + o.sd * COALESCE(r.mean_z, 0)"
        sql = f"""
            WITH {results_sql},
            top_means AS ({top_sql}),
            results AS (
                SELECT e.e_id AS entry_id, e.e_proposal AS proposal_id, e.e_title AS title, e.e_agency AS agency,
                    e.e_category AS category, e.e_submitted_at AS submitted_at,
                    COALESCE(r.judge_count, 0) AS judge_count, COALESCE(r.submitted_count, 0) AS submitted_count,
                    r.mean AS score, r.spread, r.lowest, r.highest,
                    CAST(COALESCE(r.mean_z, 0) AS {real}) AS z,
                    {normalized} AS normalized,
                    t.t_mean AS top_mean,
                    {_key("r.mean")} AS raw_key,
                    {_key(normalized)} AS normalized_key,
                    {_key("t.t_mean")} AS top_key,
                    CASE WHEN r.judge_count > 0 AND r.submitted_count = r.judge_count THEN 1 ELSE 0 END AS complete,
                    CASE WHEN {_key("r.spread")} > %s THEN 1 ELSE 0 END AS disagreement
                FROM ({entries_sql}) e
                LEFT JOIN per_entry r ON r.entry = e.e_id
                LEFT JOIN top_means t ON t.t_entry = e.e_id
                LEFT JOIN overall o ON o.stage = %s
            )
        """  # noqa: S608 - fixed SQL and ORM-compiled subqueries; every value is a parameter
        params = [*results_params, *top_params, self.threshold, *entries_params, self.stage.pk]
        return sql, params

    @cached_property
    def summary(self) -> StageSummary:
        """The group's counts (1 query, unless `page` already read them)."""
        self.page(0, 1, pending_limit=1)
        return self.summary

    @cached_property
    def judge_spreads(self) -> dict[int, Spread]:
        """judge id → the mean and sd of the judge's submitted totals in the stage, every group (1 query)."""
        spreads = judge_spreads({"assignment__entry__stage": self.stage})
        return {judge: spread for (_stage, judge), spread in spreads.items()}

    @cached_property
    def stage_spread(self) -> Spread | None:
        """The mean and sd of every submitted total in the stage (1 query)."""
        return stage_spreads({"assignment__entry__stage": self.stage}).get(self.stage.pk)

    @property
    def entry_count(self) -> int:
        return self.summary.entry_count

    @property
    def ranked_count(self) -> int:
        return self.summary.ranked_count

    @property
    def disagreements(self) -> int:
        return self.summary.disagreements

    def page(
        self, offset: int = 0, limit: int | None = None, *, pending_limit: int | None = None
    ) -> tuple[list[StageRow], list[StageRow]]:
        """The entries with a stage result in the view's rank order, `limit` of them from `offset` (the last page
        when `offset` is beyond the end, as a Paginator's get_page reads it), and the first `pending_limit` entries
        without one (most sheets submitted first, then by title in code-point order, the same on both databases),
        in one query that also counts the group (`summary`); then their sheets, and for the ranked ones the judges'
        spreads and the means per criterion: 4 queries whatever the number of entries. None: every row."""
        sql, params = self._results_sql()
        view_key = "normalized_key" if self.view == NORMALIZED else "raw_key"
        order = _ORDER.format(score=view_key)
        keys = (view_key, "top_key", "submitted_at")
        title = 'title COLLATE "C"' if connection.vendor == "postgresql" else "title"
        # Every window is partitioned by `complete`: the ranks of the entries with a result are those among
        # themselves; the others are only numbered in their own order. A page's rows come with the ranked row just
        # before and just after it, which say how each edge row's tie was broken (no LAG/LEAD over every entry).
        sql += f"""
            , ranked AS (
                SELECT results.*,
                    RANK() OVER (PARTITION BY complete ORDER BY {_ORDER.format(score="raw_key")}) AS raw_rank,
                    RANK() OVER (PARTITION BY complete ORDER BY {_ORDER.format(score="normalized_key")})
                        AS normalized_rank,
                    RANK() OVER (PARTITION BY complete ORDER BY {order}) AS view_rank
                FROM results
            ),
            numbered AS (
                SELECT ranked.*,
                    ROW_NUMBER() OVER (PARTITION BY complete ORDER BY {order}, entry_id) AS position,
                    ROW_NUMBER() OVER (PARTITION BY complete ORDER BY submitted_count DESC, {title}, entry_id)
                        AS pending_position,
                    COUNT(*) OVER () AS entry_count,
                    SUM(complete) OVER () AS ranked_count,
                    SUM(CASE WHEN complete = 1 THEN disagreement ELSE 0 END) OVER () AS disagreements
                FROM ranked
            )
            SELECT * FROM numbered
        """  # noqa: S608 - fixed SQL and ORM-compiled subqueries; every value is a parameter
        ranked_part = "complete = 1"
        if limit is not None:
            # The page starts at `offset`, or at the last page's start when `offset` is beyond the end.
            start = "(CASE WHEN %s < ranked_count THEN %s ELSE ((ranked_count - 1) / %s) * %s END)"
            ranked_part += f" AND position >= {start} AND position <= {start} + %s + 1"
            params += [offset, offset, limit, limit] * 2 + [limit]
        elif offset:
            raise ValueError("an offset needs a limit")
        pending_part = "complete = 0"
        if pending_limit is not None:
            pending_part += " AND pending_position <= %s"
            params.append(pending_limit)
        sql += f"""
            WHERE ({ranked_part}) OR ({pending_part})
            ORDER BY complete DESC, CASE WHEN complete = 1 THEN position ELSE pending_position END
        """
        found_rows = _fetch(sql, params)
        first = found_rows[0] if found_rows else None
        self.summary = (
            StageSummary(int(first["entry_count"]), int(first["ranked_count"]), int(first["disagreements"]))
            if first
            else StageSummary()
        )
        with_result = [found for found in found_rows if found["complete"]]
        if limit is not None and with_result:
            ranked_count = int(with_result[0]["ranked_count"])
            start = offset if offset < ranked_count else ((ranked_count - 1) // limit) * limit
        else:
            start = 0
        shown = [found for found in with_result if start < found["position"] <= start + (limit or len(with_result))]
        by_position = {found["position"]: found for found in with_result}
        ranked = []
        other = RAW if self.view == NORMALIZED else NORMALIZED
        for found in shown:
            row = self._row(found)
            if not ranked:
                self.page_offset = int(found["position"]) - 1
            key = [found[column] for column in keys]
            placement = Placement(rank=found["view_rank"])
            for neighbour in (by_position.get(found["position"] - 1), by_position.get(found["position"] + 1)):
                if neighbour is None:
                    continue
                rule = _deciding_rule(key, [neighbour[column] for column in keys])
                if rule is not None:
                    placement = Placement(found["view_rank"], rule, neighbour["view_rank"])
                    break
            row.placements[self.view] = placement
            row.placements[other] = Placement(rank=found[f"{other}_rank"])
            ranked.append(row)
        pending = [self._row(found) for found in found_rows if not found["complete"]]
        self._attach(ranked, pending)
        return ranked, pending

    @cached_property
    def _every_row(self) -> tuple[list[StageRow], list[StageRow]]:
        return self.page()

    @property
    def ranked(self) -> list[StageRow]:
        return self._every_row[0]

    @property
    def pending(self) -> list[StageRow]:
        return self._every_row[1]

    def placement(self, row: StageRow) -> Placement | None:
        return row.placements.get(self.view)

    def top(self, n: int) -> list[StageRow]:
        """The first `n` of the current view's order (the shortlist a page prefills)."""
        return self.ranked[:n]

    def _row(self, found: dict) -> StageRow:
        complete = bool(found["complete"])
        proposal = ProposalRef(
            found["proposal_id"],
            found["title"],
            Named(found["agency"]),
            Named(found["category"] or ""),
            found["submitted_at"],
        )
        return StageRow(
            entry=EntryRef(found["entry_id"], proposal),
            judge_count=int(found["judge_count"]),
            submitted_count=int(found["submitted_count"]),
            score=found["score"] if complete else None,
            spread=found["spread"] if complete else None,
            lowest=found["lowest"],
            highest=found["highest"],
            disagreement=complete and bool(found["disagreement"]),
            top_criterion_mean=found["top_mean"] if complete else None,
            z=found["z"] if complete else None,
            normalized=found["normalized"] if complete else None,
        )

    def _attach(self, ranked: list[StageRow], pending: list[StageRow]) -> None:
        """Give the rows their sheets (1 query), and the ranked ones each sheet's z-score (the judges' spreads,
        1 query) and their means per criterion (1 query)."""
        by_entry = {row.entry.pk: row for row in (*ranked, *pending)}
        if not by_entry:
            return
        judges = self.judge_spreads if ranked else {}
        for sheet in sheet_rows({"assignment__entry_id__in": list(by_entry)}):
            row = by_entry[sheet["assignment__entry_id"]]
            judge_sheet = JudgeSheet(
                sheet_id=sheet["pk"],
                assignment_id=sheet["assignment_id"],
                judge_id=sheet["assignment__judge_id"],
                judge_name=judge_name(sheet),
                status=sheet["status"],
                total=sheet["weighted_total"],
                submitted_at=sheet["submitted_at"],
                version=sheet["version"],
            )
            if row.is_complete and judge_sheet.is_submitted:
                judge_sheet.z = z_score(judge_sheet.total, judges.get(judge_sheet.judge_id))
            row.sheets.append(judge_sheet)
        if ranked:
            means = criterion_means({"sheet__assignment__entry_id__in": [row.entry.pk for row in ranked]})
            for (entry_id, criterion_id), value in means.items():
                by_entry[entry_id].criterion_means[criterion_id] = value

    def with_breakdown(self, rows: list[StageRow]) -> list[StageRow]:
        """`rows` with each judge's value and note per criterion (the breakdown table; 1 query)."""
        attach_score_values(rows, self.criteria)
        return rows


def _deciding_rule(key: list, neighbour: list, rules: Sequence[str] = STAGE_TIE_RULES) -> str | None:
    """Which tie-break set an entry apart from a neighbour with the same score, or UNBROKEN when nothing did (`key`
    and `neighbour`: the score, then the value each of `rules` reads)."""
    if neighbour[0] is None or key[0] != neighbour[0]:
        return None
    for rule, mine, theirs in zip(rules, key[1:], neighbour[1:], strict=True):
        if mine != theirs:
            return rule
    return TieRule.UNBROKEN


def stage_ranking(stage: Stage, group: str, *, view: str = RAW) -> StageRanking:
    """The ranking of `group` in `stage`; `view` (RAW or NORMALIZED) orders `ranked`, and both ranks are set."""
    return StageRanking(stage, group, view=view)


def attach_score_values(rows: Iterable[StageRow], criteria: Sequence[Criterion]) -> None:
    """Load each judge's value and note per criterion for `rows` and set each row's `breakdown` (criterion_rows):
    the per-judge, per-criterion table of the entries shown on a page, in one query."""
    rows = list(rows)
    values = score_values(row.entry.pk for row in rows)
    for row in rows:
        for sheet in row.sheets:
            sheet.values = values.get(sheet.sheet_id, {})
        row.breakdown = row.criterion_rows(criteria)


# --- The final ranking ----------------------------------------------------------------------------------------------


@dataclass
class StageCell:
    """One stage of an entry in the final ranking: its raw and normalized stage score, or how far judging is."""

    stage: Stage
    admitted: bool = False
    judge_count: int = 0
    submitted_count: int = 0
    score: float | None = None
    normalized: float | None = None
    spread: float | None = None
    disagreement: bool = False

    @property
    def has_result(self) -> bool:
        return self.score is not None


@dataclass
class FinalRow:
    proposal_id: int
    title: str
    agency: str
    category: str
    submitted_at: dt.datetime | None
    cells: dict[int, StageCell] = field(default_factory=dict)
    raw: float | None = None
    normalized: float | None = None
    top_criterion_mean: float | None = None
    latest_raw: float | None = None
    latest_normalized: float | None = None
    placements: dict[str, Placement] = field(default_factory=dict)
    stage_cells: list[StageCell] = field(default_factory=list)  # one per weighted stage, in order

    def cells_in(self, stages: Sequence[Stage]) -> list[StageCell]:
        return [self.cells.get(stage.pk) or StageCell(stage=stage) for stage in stages]


@dataclass
class FinalBlock:
    """Entries ranked together: every weighted stage done (`last_stage` None), or stopped after `last_stage`.
    `rows` may be the first rows only; `count` is how many entries the block holds."""

    last_stage: Stage | None
    rows: list[FinalRow]
    count: int = 0

    @property
    def is_final(self) -> bool:
        return self.last_stage is None

    @property
    def hidden(self) -> int:
        return self.count - len(self.rows)


@dataclass
class FinalRanking:
    edition: Edition
    group: str
    view: str
    stages: list[Stage]
    top_criterion: Criterion | None
    blocks: list[FinalBlock]
    without_result: list[FinalRow]
    without_result_count: int = 0

    @property
    def group_label(self) -> str:
        return GroupKind(self.group).label

    @property
    def weighted_stages(self) -> list[Stage]:
        return [stage for stage in self.stages if stage.weight]

    @property
    def final_block(self) -> FinalBlock:
        return self.blocks[0]

    @property
    def other_blocks(self) -> list[FinalBlock]:
        return self.blocks[1:]

    @property
    def without_result_hidden(self) -> int:
        return self.without_result_count - len(self.without_result)


def final_top_criterion(stages: Sequence[Stage]) -> Criterion | None:
    """The criterion that weighs most in the final score: the highest stage weight × criterion weight (the earlier
    stage, then the first criterion, when several weigh the same)."""
    best, best_key = None, None
    for stage_index, stage in enumerate(stages):
        for criterion in stage.criteria.all():
            key = (stage.weight * criterion.weight, -stage_index, -criterion.position, -criterion.pk)
            if best_key is None or key > best_key:
                best, best_key = criterion, key
    return best


def stages_of(edition: Edition) -> list[Stage]:
    stages = (
        Stage.objects.filter(edition=edition)
        .select_related("edition", "round")
        .prefetch_related(Prefetch("criteria", queryset=Criterion.objects.order_by("position", "pk")))
    )
    return sorted(stages, key=lambda stage: stage.position)


FINAL_TIE_RULES = (TieRule.TOP_CRITERION, TieRule.LATEST_STAGE, TieRule.SUBMISSION)
# The final ranking's order in each view: the final score, then FINAL_TIE_RULES; a missing value ranks last.
_FINAL_ORDER = (
    "{score}_key DESC, top_key DESC NULLS LAST, latest_{score}_key DESC NULLS LAST, submitted_at ASC NULLS LAST"
)
# The block of the entries with a result in every weighted stage (the others' block is their last stage's index).
_FINAL_BLOCK = 1_000_000
_NO_RESULT_BLOCK = -1


def final_ranking(
    edition: Edition,
    group: str,
    *,
    view: str = RAW,
    stages: list[Stage] | None = None,
    block_rows: int | None = None,
) -> FinalRanking:
    """The final ranking of `group`, computed by the database from the stored totals in one query (two with the
    stages): each entry's stage results (as a stage's ranking computes them, with the judges' and the stages'
    spreads over every group), combined with the stage weights, the blocks, both ranks by window functions with the
    tie-breaks as ORDER BY columns. `block_rows`: how many rows of each block of entries that stopped early (and of
    those without any result) to load; the entries with a result in every stage are always loaded whole."""
    stages = stages if stages is not None else stages_of(edition)
    view = view if view in VIEWS else RAW
    best = final_top_criterion(stages)
    weighted = [stage for stage in stages if stage.weight]
    if not stages:
        return FinalRanking(edition, group, view, stages, best, [FinalBlock(None, [])], [])
    found = _final_rows(edition, group, view, stages, block_rows)
    by_index = dict(enumerate(stages))
    rows: dict[int, FinalRow] = {}
    blocks: dict[int, FinalBlock] = {}
    without_result: list[FinalRow] = []
    without_result_count = 0
    for values in found:
        proposal_id = values["proposal_id"]
        row = rows.get(proposal_id)
        if row is None:
            row = rows[proposal_id] = _final_row(values, view)
            block = int(values["block"])
            if block == _NO_RESULT_BLOCK:
                without_result.append(row)
                without_result_count = int(values["block_count"])
            elif values["shown_limit"] is None or int(values["position"]) <= int(values["shown_limit"]):
                last = None if block == _FINAL_BLOCK else by_index[block]
                blocks.setdefault(block, FinalBlock(last, [], int(values["block_count"]))).rows.append(row)
        stage = by_index[int(values["c_index"])]
        complete = bool(values["c_complete"])
        row.cells[stage.pk] = StageCell(
            stage=stage,
            admitted=True,
            judge_count=int(values["c_judge_count"]),
            submitted_count=int(values["c_submitted_count"]),
            score=values["c_score"] if complete else None,
            normalized=values["c_normalized"] if complete else None,
            spread=values["c_spread"] if complete else None,
            disagreement=complete and bool(values["c_disagreement"]),
        )
    for row in rows.values():
        row.stage_cells = row.cells_in(weighted)
    ordered = [blocks.get(_FINAL_BLOCK) or FinalBlock(None, [])]
    ordered += [blocks[index] for index in sorted(blocks, reverse=True) if index != _FINAL_BLOCK]
    return FinalRanking(
        edition=edition,
        group=group,
        view=view,
        stages=stages,
        top_criterion=best,
        blocks=ordered,
        without_result=without_result,
        without_result_count=without_result_count,
    )


def _final_row(values: dict, view: str) -> FinalRow:
    row = FinalRow(
        proposal_id=values["proposal_id"],
        title=values["title"],
        agency=values["agency"],
        category=values["category"] or "",
        submitted_at=values["submitted_at"],
        raw=values["raw"],
        normalized=values["normalized"],
        top_criterion_mean=values["top_mean"],
        latest_raw=values["latest_raw"],
        latest_normalized=values["latest_normalized"],
    )
    if int(values["block"]) == _NO_RESULT_BLOCK:
        return row
    other = RAW if view == NORMALIZED else NORMALIZED
    placement = Placement(rank=values["view_rank"])
    key = [values[column] for column in _final_keys(view)]
    for side in ("before", "after"):
        neighbour = [values[f"{side}_{column}"] for column in _final_keys(view)]
        rule = _deciding_rule(key, neighbour, FINAL_TIE_RULES)
        if rule is not None:
            placement = Placement(values["view_rank"], rule, values[f"{side}_rank"])
            break
    row.placements[view] = placement
    row.placements[other] = Placement(rank=values[f"{other}_rank"])
    return row


def _final_keys(view: str) -> tuple[str, ...]:
    return (f"{view}_key", "top_key", f"latest_{view}_key", "submitted_at")


def _final_sql(edition, group, view, stages, eligible: Q | None) -> tuple[str, list]:
    """The CTEs of the final ranking, up to `ranked`: one row per entry of the group (of `eligible` entries, a Q
    on StageEntry, when given) with its block, final scores, sort keys, both ranks and its position in its block."""
    best = final_top_criterion(stages)
    entries = StageEntry.objects.filter(stage__edition=edition, proposal__group=group)
    if eligible is not None:
        entries = entries.filter(eligible)
    submitted = SheetStatus.SUBMITTED
    results_sql, results_params = _stage_results_ctes(
        ScoreSheet.objects.filter(assignment__entry__stage__edition=edition)
    )
    entries_sql, entries_params = _sql(
        entries.order_by().values(e_id=F("pk"), e_stage=F("stage_id"), e_proposal=F("proposal_id"))
    )
    proposals_sql, proposals_params = _sql(
        entries.order_by()
        .values(
            p_id=F("proposal_id"),
            p_title=F("proposal__title"),
            p_agency=F("proposal__agency__name"),
            p_category=F("proposal__category__name"),
            p_submitted_at=F("proposal__submitted_at"),
        )
        .distinct()
    )
    top_sql, top_params = _sql(
        Score.objects.filter(
            sheet__assignment__entry__stage_id=best.stage_id if best else None,
            sheet__assignment__entry__proposal__group=group,
            sheet__status=submitted,
            value__isnull=False,
            criterion_id=best.pk if best else None,
        )
        .order_by()
        .values(t_entry=F("sheet__assignment__entry_id"))
        .annotate(t_mean=Avg(Cast("value", FloatField())))
    )
    real = _float_type()
    stage_values = ", ".join(["(%s, %s, %s, %s)"] * len(stages))
    stage_params = []
    for index, stage in enumerate(stages):
        stage_params += [stage.pk, index, stage.weight, float(round_for(stage).disagreement_threshold)]
    weighted_count = sum(1 for stage in stages if stage.weight)
    title = 'title COLLATE "C"' if connection.vendor == "postgresql" else "title"
    order = _FINAL_ORDER.format(score=view)
    done = "(c.complete = 1 AND c.weight > 0)"
    sql = f"""
        WITH {results_sql},
        stage_info (stage_id, stage_index, weight, threshold) AS (VALUES {stage_values}),
        top_means AS ({top_sql}),
        cells AS (
            SELECT e.e_id AS entry_id, e.e_proposal AS proposal_id, si.stage_index, si.weight,
                COALESCE(r.judge_count, 0) AS judge_count, COALESCE(r.submitted_count, 0) AS submitted_count,
                CASE WHEN r.judge_count > 0 AND r.submitted_count = r.judge_count THEN 1 ELSE 0 END AS complete,
                r.mean AS score, r.spread,
                CAST(o.mean + o.sd * COALESCE(r.mean_z, 0) AS {real}) AS normalized,
                CASE WHEN {_key("r.spread")} > si.threshold THEN 1 ELSE 0 END AS disagreement,
                t.t_mean AS top_mean
            FROM ({entries_sql}) e
            JOIN stage_info si ON si.stage_id = e.e_stage
            LEFT JOIN per_entry r ON r.entry = e.e_id
            LEFT JOIN overall o ON o.stage = e.e_stage
            LEFT JOIN top_means t ON t.t_entry = e.e_id
        ),
        progress AS (
            SELECT c.proposal_id,
                SUM(CASE WHEN {done} THEN 1 ELSE 0 END) AS done_count,
                MAX(CASE WHEN {done} THEN c.stage_index END) AS last_index,
                SUM(CASE WHEN {done} THEN c.weight * c.score END) / SUM(CASE WHEN {done} THEN c.weight END) AS raw,
                SUM(CASE WHEN {done} THEN c.weight * c.normalized END) / SUM(CASE WHEN {done} THEN c.weight END)
                    AS normalized,
                MAX(CASE WHEN c.complete = 1 THEN c.top_mean END) AS top_mean
            FROM cells c GROUP BY c.proposal_id
        ),
        results AS (
            SELECT p.p_id AS proposal_id, p.p_title AS title, p.p_agency AS agency, p.p_category AS category,
                p.p_submitted_at AS submitted_at,
                CASE WHEN g.done_count = 0 THEN %s WHEN g.done_count = %s THEN %s ELSE g.last_index END AS block,
                CAST(g.raw AS {real}) AS raw, CAST(g.normalized AS {real}) AS normalized, g.top_mean,
                latest.score AS latest_raw, latest.normalized AS latest_normalized,
                {_key("g.raw")} AS raw_key, {_key("g.normalized")} AS normalized_key, {_key("g.top_mean")} AS top_key,
                {_key("latest.score")} AS latest_raw_key, {_key("latest.normalized")} AS latest_normalized_key
            FROM ({proposals_sql}) p
            JOIN progress g ON g.proposal_id = p.p_id
            LEFT JOIN cells latest ON latest.proposal_id = p.p_id AND latest.stage_index = g.last_index
        ),
        ranked AS (
            SELECT results.*,
                RANK() OVER (PARTITION BY block ORDER BY {_FINAL_ORDER.format(score="raw")}) AS raw_rank,
                RANK() OVER (PARTITION BY block ORDER BY {_FINAL_ORDER.format(score="normalized")}) AS normalized_rank,
                RANK() OVER (PARTITION BY block ORDER BY {order}) AS view_rank,
                CASE WHEN block = %s THEN ROW_NUMBER() OVER (PARTITION BY block ORDER BY {title}, proposal_id)
                    ELSE ROW_NUMBER() OVER (PARTITION BY block ORDER BY {order}, proposal_id) END AS position,
                COUNT(*) OVER (PARTITION BY block) AS block_count
            FROM results
        )
    """  # noqa: S608 - fixed SQL and ORM-compiled subqueries; every value is a parameter
    params = [
        *results_params,
        *stage_params,
        *top_params,
        *entries_params,
        _NO_RESULT_BLOCK,
        weighted_count,
        _FINAL_BLOCK,
        *proposals_params,
        _NO_RESULT_BLOCK,
    ]
    return sql, params


def _final_rows(edition, group, view, stages, block_rows) -> list[dict]:
    """One row per shown entry and stage it was admitted to, in the page's order (see final_ranking), with the
    keys and rank of the rows just before and after it in its block (they say how its tie was broken)."""
    sql, params = _final_sql(edition, group, view, stages, None)
    sql += f"""
        , limited AS (
            SELECT ranked.*, CASE WHEN block = %s THEN NULL ELSE CAST(%s AS INTEGER) END AS shown_limit FROM ranked
        ),
        shown AS (
            SELECT * FROM limited
            WHERE shown_limit IS NULL OR position <= shown_limit + (CASE WHEN block = %s THEN 0 ELSE 1 END)
        )
        SELECT shown.*,
            before.view_rank AS before_rank, before.{view}_key AS before_{view}_key, before.top_key AS before_top_key,
            before.latest_{view}_key AS before_latest_{view}_key, before.submitted_at AS before_submitted_at,
            after.view_rank AS after_rank, after.{view}_key AS after_{view}_key, after.top_key AS after_top_key,
            after.latest_{view}_key AS after_latest_{view}_key, after.submitted_at AS after_submitted_at,
            c.stage_index AS c_index, c.judge_count AS c_judge_count, c.submitted_count AS c_submitted_count,
            c.complete AS c_complete, c.score AS c_score, c.normalized AS c_normalized, c.spread AS c_spread,
            c.disagreement AS c_disagreement
        FROM shown
        LEFT JOIN shown before ON before.block = shown.block AND before.position = shown.position - 1
        LEFT JOIN shown after ON after.block = shown.block AND after.position = shown.position + 1
        JOIN cells c ON c.proposal_id = shown.proposal_id
        ORDER BY shown.block DESC, shown.position, c.stage_index
    """  # noqa: S608 - fixed SQL; every value is a parameter
    params += [_FINAL_BLOCK, block_rows, _NO_RESULT_BLOCK]
    return _fetch(sql, params, moments=("submitted_at", "before_submitted_at", "after_submitted_at"))


@dataclass(frozen=True)
class OrderedEntry:
    """An entry's place in the final ranking's order across its blocks (the entries with every stage done first,
    then the blocks of those that stopped earlier, the furthest stage first): what decisions read."""

    proposal_id: int
    position: int
    complete: bool  # a result in every weighted stage
    score: float | None  # the final score of the view
    title: str
    agency: str


def final_order(
    edition: Edition,
    group: str,
    *,
    view: str = RAW,
    stages: list[Stage] | None = None,
    eligible: Q | None = None,
    head: int | None = None,
    also: Iterable[int] = (),
    also_in: QuerySet | None = None,
) -> list[OrderedEntry]:
    """The final ranking of `group` as one order (entries without any stage result left out), in one query:
    the first `head` entries (every entry when None) and, wherever they are, the entries of `also` and of `also_in`
    (a query of proposal ids). `eligible` (a Q on StageEntry) ranks only those entries, so that positions count
    only the entries that can be chosen."""
    stages = stages if stages is not None else stages_of(edition)
    view = view if view in VIEWS else RAW
    if not stages:
        return []
    sql, params = _final_sql(edition, group, view, stages, eligible)
    also = list(also)
    wanted = "overall <= %s" if head is not None else "1 = 1"
    if also:
        wanted += f" OR proposal_id IN ({', '.join(['%s'] * len(also))})"
    also_sql, also_params = _sql(also_in) if also_in is not None else ("", [])
    if also_in is not None:
        wanted += f" OR proposal_id IN ({also_sql})"
    sql += f"""
        , ordered AS (
            SELECT proposal_id, title, agency, block, {view} AS score,
                ROW_NUMBER() OVER (ORDER BY block DESC, position) AS overall
            FROM ranked WHERE block <> %s
        )
        SELECT * FROM ordered WHERE {wanted} ORDER BY overall
    """  # noqa: S608 - fixed SQL; every value is a parameter
    params += [_NO_RESULT_BLOCK, *([head] if head is not None else []), *also, *also_params]
    return [
        OrderedEntry(
            proposal_id=found["proposal_id"],
            position=int(found["overall"]),
            complete=int(found["block"]) == _FINAL_BLOCK,
            score=found["score"],
            title=found["title"],
            agency=found["agency"],
        )
        for found in _fetch(sql, params, moments=())
    ]
