import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import NoReverseMatch, reverse

from tests.bench.pages import ANONYMOUS, PAGES
from tests.bench.runner import FLOOR_URL_NAME, PageFailed, time_page

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
    assert [(row["page"], row["size"]) for row in rows] == [(page, size) for size in (5, 7) for page in expected_pages]
    assert all(set(row) == KEYS for row in rows)
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
