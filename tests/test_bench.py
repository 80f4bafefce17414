import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import NoReverseMatch, reverse

from tests.bench.pages import ANONYMOUS, PAGES
from tests.bench.runner import FLOOR_URL_NAME, PageFailed, Result, checks, time_page

REPO = Path(__file__).resolve().parent.parent
KEYS = {
    "page",
    "size",
    "median_ms",
    "p95_ms",
    "queries",
    "floor_ratio",
    "role",
    "anonymous_floor_ratio",
    "cpu_median_ms",
    "cpu_floor_ratio",
    "cache",
}


def test_bench_times_every_registered_page_and_writes_json(tmp_path):
    output = tmp_path / "bench.json"

    completed = subprocess.run(
        [sys.executable, "-m", "tests.bench", "--sizes", "5,7", "--repeat", "1", "--warmup", "0", "--output", output],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert completed.returncode == 0, completed.stderr
    rows = json.loads(output.read_text())
    roles = list(dict.fromkeys(page.role for page in PAGES if page.role != ANONYMOUS))
    expected_pages = ["floor", *(f"floor ({role})" for role in roles), *(page.name for page in PAGES)]
    assert [(row["page"], row["size"], row["cache"]) for row in rows] == [
        (page, size, cache) for size in (5, 7) for cache in (True, False) for page in expected_pages
    ]
    assert all(set(row) == KEYS for row in rows)
    assert "Checks:" in completed.stdout and "cache off: every page at 7" in completed.stdout
    rows = [row for row in rows if row["cache"]]
    floors = {(row["role"], row["size"]): row["median_ms"] for row in rows if row["page"].startswith("floor")}
    anonymous = {size: floors[(ANONYMOUS, size)] for size in (5, 7)}
    page_rows = [row for row in rows if not row["page"].startswith("floor")]
    assert {row["page"]: row["role"] for row in page_rows} == {page.name: page.role for page in PAGES}
    for row in page_rows:  # each page against its own role's floor, and against the anonymous floor
        assert row["floor_ratio"] == pytest.approx(row["median_ms"] / floors[(row["role"], row["size"])], rel=0.01)
        assert row["anonymous_floor_ratio"] == pytest.approx(row["median_ms"] / anonymous[row["size"]], rel=0.01)
    assert all(row["median_ms"] > 0 and row["p95_ms"] >= row["median_ms"] for row in rows)
    assert all(isinstance(row["queries"], int) and row["queries"] >= 0 for row in rows)
    assert all(row["floor_ratio"] == 1.0 for row in rows if row["page"].startswith("floor"))
    assert all(row["cpu_median_ms"] >= 0 for row in rows) and any(row["cpu_median_ms"] > 0 for row in rows)
    assert "public home" in completed.stdout  # the printed table


def test_bench_page_names_are_unique():
    names = [page.name for page in PAGES]

    assert len(names) == len(set(names))


def test_bench_refuses_a_page_that_does_not_answer_200(client, db):
    with pytest.raises(PageFailed, match="answered 404"):
        time_page(client, "/no-such-page/", repeat=1, warmup=0, label="missing")


def test_bench_floor_is_not_a_production_url(client, db):
    with pytest.raises(NoReverseMatch):
        reverse(FLOOR_URL_NAME)

    assert client.get("/__bench__/floor/").status_code == 404


def result(page, size, ms, *, queries=5, cache=True, floor_ratio=2.0):
    return Result(page=page, size=size, median_ms=ms, p95_ms=ms, queries=queries, floor_ratio=floor_ratio, cache=cache)


def test_the_three_checks_name_the_pages_that_miss_them():
    rows = [
        result("floor", 1300, 1.0, queries=0),
        result("floor", 13000, 1.0, queries=0),
        result("steady", 1300, 10.0),
        result("steady", 13000, 17.0),  # 1.5 × 10 + 2 = 17: passes
        result("growing", 1300, 10.0),
        result("growing", 13000, 17.5),
        result("more queries", 1300, 4.0, queries=5),
        result("more queries", 13000, 4.0, queries=6),
        result("too many queries", 1300, 4.0, queries=21),
        result("too many queries", 13000, 4.0, queries=21),
        result("steady", 13000, 40.0, cache=False, floor_ratio=30.0),
        result("growing", 13000, 60.0, cache=False, floor_ratio=31.0),
    ]

    queries, growth, uncached = checks(rows)

    assert [miss.split(":")[0] for miss in queries.misses] == ["more queries", "too many queries"]
    assert [miss.split(":")[0] for miss in growth.misses] == ["growing"]
    assert [miss.split(":")[0] for miss in uncached.misses] == ["growing"]
    assert "growing: 10.0 ms at 1,300, 17.5 ms at 13,000" in growth.report()


def test_a_check_the_run_cannot_answer_says_so():
    _queries, growth, uncached = checks([result("page", 1300, 3.0)])

    assert growth.report().endswith("not measured in this run")
    assert uncached.report().endswith("not measured in this run")
