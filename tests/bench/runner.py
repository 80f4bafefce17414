"""Time pages in-process with the Django test client and compare them with the floor.

The client goes through the portal's full middleware stack (sessions, locale, CSRF, auth, messages, security
headers), so a page's time is what the server spends on it, minus the network and the WSGI server.
"""

import gc
import json
import logging
import math
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .pages import ANONYMOUS, PAGES, Page

FLOOR_PAGE = "floor"
FLOOR_URL_NAME = "bench_floor"  # served by tests/bench/urls.py only
FLOOR_MIN_SAMPLES = 200


class PageFailed(RuntimeError):
    """A timed page did not answer 200: the figures would describe an error page, so the bench stops."""


@dataclass(frozen=True)
class Timing:
    """The raw figures of one page: request times in milliseconds and the SQL queries of one request."""

    samples_ms: list[float]
    queries: int
    # CPU time of this process per request: on a machine shared with other work, wall-clock time also counts the
    # time the process waited for a core; CPU time barely moves with the load. (SQL run by PostgreSQL is in its
    # own process, so there this is the portal's Python side only.)
    cpu_samples_ms: list[float] = field(default_factory=list)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def cpu_median_ms(self) -> float:
        return statistics.median(self.cpu_samples_ms) if self.cpu_samples_ms else 0.0

    @property
    def p95_ms(self) -> float:
        ordered = sorted(self.samples_ms)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]  # nearest rank


@dataclass(frozen=True)
class Result:
    page: str
    size: int
    median_ms: float
    p95_ms: float
    queries: int
    floor_ratio: float  # to the floor of the page's own role (the same one-line page, signed in as that role)
    role: str = ANONYMOUS
    anonymous_floor_ratio: float = 1.0  # to the anonymous floor, the cheapest page the portal serves
    cpu_median_ms: float = 0.0  # the median CPU time of the process (see Timing)
    cpu_floor_ratio: float = 1.0  # cpu_median_ms to the CPU median of the page's own role's floor
    cache: bool = True  # False: timed with Django's dummy cache, so nothing cached helps the page


# The checks the bench prints at the end (issue 14): what a page may cost, in queries and in time.
MAX_QUERIES = 20
GROWTH_FACTOR, GROWTH_SLACK_MS = 1.5, 2.0
MAX_FLOOR_RATIO_UNCACHED = 30


@dataclass(frozen=True)
class Check:
    title: str
    misses: list[str]
    measured: bool = True  # False: the run lacked what the check compares (one size only, no cache-off run)

    def report(self) -> str:
        if not self.measured:
            return f"- {self.title}: not measured in this run"
        if not self.misses:
            return f"- {self.title}: every page passes"
        return "\n".join(
            [f"- {self.title}: {len(self.misses)} pages miss it", *(f"    {miss}" for miss in self.misses)]
        )


def checks(results: list[Result]) -> list[Check]:
    """The three checks: the same queries at every size and never above MAX_QUERIES; the median at the largest size
    at most GROWTH_FACTOR × the median at the smallest + GROWTH_SLACK_MS (cache on); with the cache off, every page
    at the largest size at most MAX_FLOOR_RATIO_UNCACHED × its role's floor. Floors are not pages."""
    pages = [result for result in results if not result.page.startswith(FLOOR_PAGE)]
    sizes = sorted({result.size for result in pages})
    by_key = {(result.page, result.size, result.cache): result for result in pages}
    names = list(dict.fromkeys(result.page for result in pages))
    small, large = (sizes[0], sizes[-1]) if sizes else (None, None)

    query_misses = []
    for cache in (True, False):
        label = "" if cache else " (cache off)"
        for name in names:
            counts = {size: by_key[(name, size, cache)].queries for size in sizes if (name, size, cache) in by_key}
            if not counts:
                continue
            if len(set(counts.values())) > 1 or max(counts.values()) > MAX_QUERIES:
                shown = ", ".join(f"{count} at {size:,}" for size, count in counts.items())
                query_misses.append(f"{name}{label}: {shown} queries")

    growth_misses = []
    for name in names:
        first, last = by_key.get((name, small, True)), by_key.get((name, large, True))
        allowed = GROWTH_FACTOR * first.median_ms + GROWTH_SLACK_MS if first else 0.0
        if first and last and last.median_ms > allowed:
            growth_misses.append(
                f"{name}: {first.median_ms:.1f} ms at {small:,}, {last.median_ms:.1f} ms at {large:,} "
                f"({last.median_ms / first.median_ms:.1f}×; allowed {allowed:.1f} ms)"
            )

    uncached = [result for result in pages if not result.cache and result.size == large]
    floor_misses = [
        f"{result.page}: {result.floor_ratio:.0f}× its role's floor ({result.median_ms:.1f} ms)"
        for result in uncached
        if result.floor_ratio > MAX_FLOOR_RATIO_UNCACHED
    ]
    return [
        Check(f"the same queries at every size, never above {MAX_QUERIES}", query_misses, measured=bool(pages)),
        Check(
            f"median at {large or 0:,} ≤ {GROWTH_FACTOR} × median at {small or 0:,} + {GROWTH_SLACK_MS:.0f} ms "
            "(cache on)",
            growth_misses,
            measured=len(sizes) > 1 and any(result.cache for result in pages),
        ),
        Check(
            f"cache off: every page at {large or 0:,} ≤ {MAX_FLOOR_RATIO_UNCACHED}× its role's floor",
            floor_misses,
            measured=bool(uncached),
        ),
    ]


def log_to_file(path: Path) -> None:
    """Write the portal's log (a JSON line per request, as in production) to `path` instead of the terminal: still
    formatted and written, so it costs what it costs a server, without burying the table under thousands of lines."""
    path.parent.mkdir(parents=True, exist_ok=True)
    stream = path.open("w", encoding="utf-8")  # noqa: SIM115 - open until the process ends, as a server's stream
    for handler in logging.getLogger().handlers:
        if type(handler) is logging.StreamHandler:
            handler.setStream(stream)


def floor_name(role: str) -> str:
    """`floor` for the anonymous floor, `floor (organizer)` for the floor as a signed-in role."""
    return FLOOR_PAGE if role == ANONYMOUS else f"{FLOOR_PAGE} ({role})"


def _get(client: Client, url: str, *, label: str):
    # secure=True: production runs behind HTTPS, so the request takes the path a real one takes (no redirect).
    response = client.get(url, secure=True)
    if response.status_code != 200:
        location = response.headers.get("Location", "")
        raise PageFailed(
            f"{label}: GET {url} answered {response.status_code}{' → ' + location if location else ''}, not 200"
        )
    return response


def time_page(
    client: Client,
    url: str,
    *,
    repeat: int,
    warmup: int = 2,
    label: str = "",
    prepare: Callable[[], None] | None = None,
) -> Timing:
    """Request `url` `warmup` times, count the queries of one more request, then time `repeat` requests;
    `prepare()`, when given, runs untimed before each request."""
    label = label or url
    prepare = prepare or (lambda: None)
    for _ in range(warmup):
        prepare()
        _get(client, url, label=label)
    # Counting turns on the query log, which costs time itself, so counted and timed requests are separate.
    prepare()
    with CaptureQueriesContext(connection) as captured:
        _get(client, url, label=label)
    queries = len(captured)  # read now: the next request resets the connection's query log
    samples, cpu_samples = [], []
    for _ in range(repeat):
        prepare()
        started, cpu_started = time.perf_counter(), time.process_time()
        _get(client, url, label=label)
        samples.append((time.perf_counter() - started) * 1000)
        cpu_samples.append((time.process_time() - cpu_started) * 1000)
    return Timing(samples_ms=samples, queries=queries, cpu_samples_ms=cpu_samples)


def settle_heap() -> None:
    """Move what data generation left in memory out of the garbage collector's sight: a server process does not
    hold the bench's tens of thousands of generated rows, and without this every collection a page's allocations
    trigger would walk them too (timed as page time, and more at 13,000 than at 1,300)."""
    gc.collect()
    gc.freeze()


def client_for(role: str, ctx: dict) -> Client:
    client = Client()
    if role != ANONYMOUS:
        client.force_login(ctx["users"][role])
    return client


def run_pages(
    ctx: dict, *, repeat: int, warmup: int = 2, pages: list[Page] | None = None, cache: bool = True
) -> list[Result]:
    """Time the floor and every page at the data in `ctx`; raises PageFailed when a page does not answer 200.
    `cache` only labels the results: the caller turns the cache off."""
    size = ctx["size"]
    clients: dict[str, Client] = {}

    def client(role: str) -> Client:
        if role not in clients:
            clients[role] = client_for(role, ctx)
        return clients[role]

    def time_floor(role: str) -> Timing:
        # The floor is cheap and every ratio divides by it: many samples keep one noisy moment from skewing them.
        samples = max(FLOOR_MIN_SAMPLES, repeat)
        return time_page(client(role), reverse(FLOOR_URL_NAME), repeat=samples, warmup=warmup, label=floor_name(role))

    pages = pages if pages is not None else PAGES
    # A signed-in page's middleware loads a session and a user before the view runs: each page is compared with
    # the floor of its own role, the same one-line page requested as that role.
    roles = list(dict.fromkeys([ANONYMOUS, *(page.role for page in pages)]))
    # The generator's objects stay alive until the end; frozen, the garbage collector stops walking them on every
    # collection, as it would not in a server process that never held them.
    gc.collect()
    gc.freeze()
    try:
        before = {role: time_floor(role) for role in roles}
        timings = [
            (
                page,
                time_page(
                    client(page.role),
                    page.url(ctx),
                    repeat=repeat,
                    warmup=warmup,
                    label=page.name,
                    prepare=page.prepare and (lambda page=page: page.prepare(ctx)),
                ),
            )
            for page in pages
        ]
        after = {role: time_floor(role) for role in roles}
    finally:
        gc.unfreeze()
    # Measured before and after the pages, so that a machine that got busier (or calmer) meanwhile shows in both.
    floors = {
        role: Timing(
            samples_ms=before[role].samples_ms + after[role].samples_ms,
            queries=before[role].queries,
            cpu_samples_ms=before[role].cpu_samples_ms + after[role].cpu_samples_ms,
        )
        for role in roles
    }
    results = [
        _result(floor_name(role), size, floors[role], role=role, floor=floors[role], anonymous=floors[ANONYMOUS])
        for role in roles
    ]
    results += [
        _result(page.name, size, timing, role=page.role, floor=floors[page.role], anonymous=floors[ANONYMOUS])
        for page, timing in timings
    ]
    return [replace(result, cache=cache) for result in results]


def _ratio(value: float, floor: float) -> float:
    return round(value / floor, 2) if floor > 0 else 0.0


def _result(page: str, size: int, timing: Timing, *, role: str, floor: Timing, anonymous: Timing) -> Result:
    return Result(
        page=page,
        size=size,
        median_ms=round(timing.median_ms, 3),
        p95_ms=round(timing.p95_ms, 3),
        queries=timing.queries,
        floor_ratio=_ratio(timing.median_ms, floor.median_ms),
        role=role,
        anonymous_floor_ratio=_ratio(timing.median_ms, anonymous.median_ms),
        cpu_median_ms=round(timing.cpu_median_ms, 3),
        cpu_floor_ratio=_ratio(timing.cpu_median_ms, floor.cpu_median_ms),
    )


def format_table(results: list[Result]) -> str:
    headers = (
        "page",
        "size",
        "median ms",
        "p95 ms",
        "queries",
        "× role floor",
        "× anonymous floor",
        "cpu ms",
        "cpu × role floor",
    )
    rows = [
        (
            r.page,
            str(r.size),
            f"{r.median_ms:.2f}",
            f"{r.p95_ms:.2f}",
            str(r.queries),
            f"{r.floor_ratio:.1f}",
            f"{r.anonymous_floor_ratio:.1f}",
            f"{r.cpu_median_ms:.2f}",
            f"{r.cpu_floor_ratio:.1f}",
        )
        for r in results
    ]
    widths = [max(len(headers[i]), *(len(row[i]) for row in rows)) for i in range(len(headers))]

    def line(cells):
        first, *rest = cells
        return "  ".join(
            [first.ljust(widths[0]), *(cell.rjust(width) for cell, width in zip(rest, widths[1:], strict=True))]
        )

    return "\n".join([line(headers), line(["-" * width for width in widths]), *(line(row) for row in rows)])


def write_json(results: list[Result], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([asdict(result) for result in results], indent=2) + "\n")
