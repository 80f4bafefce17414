"""`python scripts/bench_table.py var/bench.json [--postgres var/bench-pg.json]`: the markdown table of
docs/performance.md from the bench's JSON files (an SQLite run at 1,300 and optionally 13,000 proposals, and a
PostgreSQL run at 1,300), one row per page in the bench's order."""

import argparse
import json
from pathlib import Path

REAL, TEN_TIMES = 1300, 13000
ROLE_LABELS = {"anonymous": "anonymous", "agency_admin": "agency admin", "agency_admin_b": "agency admin b"}


def ms(value: float) -> str:
    return f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def ratio(value: float) -> str:
    return f"{value:.0f}×" if value >= 10 else f"{value:.1f}×".replace(".0×", "×")


def rows_by_page(path: Path | None, size: int, *, cache: bool = True) -> dict[str, dict]:
    """The rows of one size, timed with the cache on (the default) or off; files older than the cache-off run have
    no `cache` field: their rows were timed with the cache on."""
    if path is None:
        return {}
    rows = json.loads(path.read_text())
    return {row["page"]: row for row in rows if row["size"] == size and row.get("cache", True) == cache}


def table(sqlite: Path, postgres: Path | None) -> str:
    real, large = rows_by_page(sqlite, REAL), rows_by_page(sqlite, TEN_TIMES)
    uncached = rows_by_page(sqlite, TEN_TIMES, cache=False)
    pg = rows_by_page(postgres, REAL)
    lines = [
        "| page | role | SQLite 1,300: median / p95 ms | queries | × role floor | × anonymous floor | CPU ms "
        "| CPU × role floor | SQLite 13,000: median ms | queries | CPU × role floor "
        "| 13,000 cache off: median ms | × role floor "
        "| PostgreSQL 1,300: median / p95 ms | queries | × role floor | CPU × role floor |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for page, row in real.items():
        cells = [
            page,
            ROLE_LABELS.get(row["role"], row["role"]),
            f"{ms(row['median_ms'])} / {ms(row['p95_ms'])}",
            str(row["queries"]),
            ratio(row["floor_ratio"]),
            ratio(row["anonymous_floor_ratio"]),
            ms(row["cpu_median_ms"]),
            ratio(row["cpu_floor_ratio"]),
        ]
        other = large.get(page)
        cells += (
            [ms(other["median_ms"]), str(other["queries"]), ratio(other["cpu_floor_ratio"])] if other else ["—"] * 3
        )
        other = uncached.get(page)
        cells += [ms(other["median_ms"]), ratio(other["floor_ratio"])] if other else ["—"] * 2
        other = pg.get(page)
        cells += (
            [
                f"{ms(other['median_ms'])} / {ms(other['p95_ms'])}",
                str(other["queries"]),
                ratio(other["floor_ratio"]),
                ratio(other["cpu_floor_ratio"]),
            ]
            if other
            else ["—"] * 4
        )
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python scripts/bench_table.py", description=__doc__.splitlines()[0])
    parser.add_argument("sqlite", type=Path, help="bench JSON of the SQLite run (1,300 and optionally 13,000)")
    parser.add_argument("--postgres", type=Path, help="bench JSON of the PostgreSQL run at 1,300")
    args = parser.parse_args(argv)
    print(table(args.sqlite, args.postgres))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
