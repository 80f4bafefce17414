"""SQLite's STDDEV_POP (core/sqlite_functions.py) agrees with statistics.pstdev, which Django used."""

import random
import statistics

import pytest
from django.db import connection

from core.sqlite_functions import StdDevPop


def population_sd(values):
    aggregate = StdDevPop()
    for value in values:
        aggregate.step(value)
    return aggregate.finalize()


@pytest.mark.parametrize("seed", range(20))
def test_agrees_with_pstdev(seed):
    rng = random.Random(seed)
    values = [round(rng.uniform(0, 100), rng.choice([0, 1, 2, 6])) for _ in range(rng.randint(1, 60))]

    assert population_sd(values) == pytest.approx(statistics.pstdev(values), rel=1e-12, abs=1e-12)


def test_exact_for_simple_totals():
    assert (population_sd([80, 90]), population_sd([75.5]), population_sd([70, 70, 70])) == (5.0, 0.0, 0.0)


def test_unusual_input_behaves_as_pstdev():
    with pytest.raises(statistics.StatisticsError):
        population_sd([])


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's aggregate only")
def test_the_database_uses_it(db, monkeypatch):
    def query():
        with connection.cursor() as cursor:
            cursor.execute("SELECT STDDEV_POP(x) FROM (SELECT 80 AS x UNION ALL SELECT 90)")
            return cursor.fetchone()[0]

    assert query() == 5.0
    monkeypatch.setattr(StdDevPop, "finalize", lambda self: 42.0)
    assert query() == 42.0
