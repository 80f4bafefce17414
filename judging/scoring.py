"""Score arithmetic in Python, the same formula as the SQL in judging.queries (the pages show the live total of a
form before it is saved; the ranking reads the SQL).

A criterion contributes value / max_score × weight points, so a sheet's weighted total is on 0–100 whatever each
criterion's scale ("Σ score × weight / 100" of the domain rules when scores are on 0–100). An entry's stage score
is the mean of its judges' totals.
"""

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")


def criterion_points(value: int | None, *, max_score: int, weight: int) -> Decimal:
    if value is None:
        return Decimal(0)
    return Decimal(value) * Decimal(weight) / Decimal(max_score)


def weighted_total(rows: Iterable[tuple[int | None, int, int]]) -> Decimal:
    """Σ value / max × weight over (value, max_score, weight) rows, rounded to two places; unscored rows count 0."""
    total = sum(
        (criterion_points(value, max_score=maximum, weight=weight) for value, maximum, weight in rows), Decimal(0)
    )
    return total.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def mean(totals: Iterable[Decimal]) -> Decimal | None:
    totals = list(totals)
    if not totals:
        return None
    return (sum(totals, Decimal(0)) / len(totals)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
