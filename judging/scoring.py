"""A score sheet's weighted total: the one computation of it, and where it is stored.

A criterion contributes value / max_score × weight points, so a sheet's weighted total is on 0–100 whatever each
criterion's scale ("Σ score × weight / 100" of the domain rules when scores are on 0–100). The sum is exact (Decimal)
and rounded once, half up, to two places; that is the total the judge sees, the sheet stores (ScoreSheet.total) and
every ranking aggregates. The live total on the scoring page (judging/static/judging/score.js) computes the same sum
in exact integer arithmetic and rounds it the same way.
"""

from collections import defaultdict
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet
from django.utils.formats import get_format

from competitions.models import Criterion

from .models import Score, ScoreSheet

TWO_PLACES = Decimal("0.01")


def format_score(value) -> str:
    """A criterion's score in the page's language: 88 for a whole number, 88,5 (or 88.5) for a half point. Scores
    stay under 1000 (no thousands separator), so the digits are written directly: a ranking page's breakdown writes
    them by the hundred."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return str(value)  # not a number (a placeholder): shown as it is
    value = Decimal(str(value))
    if value == value.to_integral_value():
        return str(int(value))
    return f"{value.quantize(Decimal('0.1')):f}".replace(".", get_format("DECIMAL_SEPARATOR"))


def score_number(value) -> int | float | None:
    """A criterion's score for a number cell of an export: an int when whole (100), else a float (88.5)."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def criterion_points(value: int | None, *, max_score: int, weight: int) -> Decimal:
    if value is None:
        return Decimal(0)
    return Decimal(value) * Decimal(weight) / Decimal(max_score)


def weighted_total(rows: Iterable[tuple[int | None, int, int]]) -> Decimal:
    """Σ value / max × weight over (value, max_score, weight) rows, rounded half up to two places; unscored rows
    count 0."""
    total = sum(
        (criterion_points(value, max_score=maximum, weight=weight) for value, maximum, weight in rows), Decimal(0)
    )
    return total.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def sheet_total(values: dict[int, tuple[int | None, str]], criteria: Iterable[Criterion]) -> Decimal:
    """The weighted total of a sheet holding `values` (criterion id → (value, note)) on `criteria`."""
    return weighted_total(
        (values.get(criterion.pk, (None, ""))[0], criterion.max_score, criterion.weight) for criterion in criteria
    )


def store_totals(sheets: QuerySet[ScoreSheet]) -> int:
    """Recompute and store the total of every sheet in `sheets` (after a criterion's weight or maximum changed, or
    after scores were written in bulk). Two reads and one bulk update; returns the number of sheets changed."""
    current = dict(sheets.values_list("pk", "total"))
    points: dict[int, list[tuple[int | None, int, int]]] = defaultdict(list)
    rows = Score.objects.filter(sheet__in=sheets.values("pk")).values_list(
        "sheet_id", "value", "criterion__max_score", "criterion__weight"
    )
    for sheet_id, value, maximum, weight in rows:
        points[sheet_id].append((value, maximum, weight))
    changed = []
    for sheet_id, stored in current.items():
        total = weighted_total(points.get(sheet_id, ()))
        if total != stored:
            changed.append(ScoreSheet(pk=sheet_id, total=total))
    ScoreSheet.objects.bulk_update(changed, ["total"], batch_size=500)
    return len(changed)


def restore_stage_totals(sender, *, stage, **kwargs) -> None:
    """competitions.signals.criteria_changed: a weight or maximum of `stage` changed, so its sheets' totals did."""
    store_totals(ScoreSheet.objects.filter(assignment__entry__stage=stage))
