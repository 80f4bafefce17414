"""`python -m tests.bench --sizes 1300,13000 --repeat 20`: see tests/bench/__init__.py.

Each size gets a throwaway database from Django's test machinery (an SQLite file in a temporary directory by
default; a fresh `test_<name>_bench` database when DATABASE_URL points at PostgreSQL), destroyed afterwards.
"""

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

import django

DEFAULT_OUTPUT = Path("var") / "bench.json"
LOG_FILE = Path("var") / "bench.log"
CACHE_MODES = {"on": [True], "off": [False], "both": [True, False]}
# Django's dummy cache: every get misses and every set is dropped, so a page does all its work on every request.
UNCACHED = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, help="number of proposals (default 1300)")
    parser.add_argument("--sizes", help="comma-separated sizes measured in one run, e.g. 1300,13000")
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per page (default 20)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed requests per page first (default 2)")
    parser.add_argument(
        "--only", help="comma-separated parts of page names: time only the pages whose name contains one of them"
    )
    parser.add_argument(
        "--cache",
        choices=["on", "off", "both"],
        default="both",
        help="time the pages with the portal's cache, with Django's dummy cache (nothing cached), or both (default)",
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help=f"JSON file (default {DEFAULT_OUTPUT})")
    args = parser.parse_args(argv)
    sizes = [args.size] if args.size is not None else []
    if args.sizes:
        sizes += [int(part) for part in args.sizes.split(",") if part.strip()]
    args.sizes = list(dict.fromkeys(sizes or [1300]))
    if any(size < 1 for size in args.sizes) or args.repeat < 1 or args.warmup < 0:
        parser.error("sizes and --repeat must be positive, --warmup not negative")
    return args


def bench_settings(media_root: str) -> dict:
    """Production-like serving for the bench: no HTTPS redirect is needed as requests are made secure, static
    URLs come from the finders without collectstatic, and the floor's URL exists."""
    return {
        "ROOT_URLCONF": "tests.bench.urls",
        "MEDIA_ROOT": media_root,
        "STATIC_ROOT": None,
        "WHITENOISE_AUTOREFRESH": False,
        "WHITENOISE_USE_FINDERS": True,
        "STORAGES": {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kovablik.settings_test")
    django.setup()

    from django.core.cache import cache
    from django.db import connection
    from django.template.base import Template
    from django.test.utils import override_settings, setup_test_environment, teardown_test_environment

    from . import data, runner
    from .pages import PAGES

    pages = None
    if args.only:
        parts = [part.strip() for part in args.only.split(",") if part.strip()]
        pages = [page for page in PAGES if any(part in page.name for part in parts)]

    runner.log_to_file(LOG_FILE)
    print(f"The portal's log goes to {LOG_FILE}.", file=sys.stderr)
    uninstrumented_render = Template._render
    setup_test_environment()
    # The test environment wraps template rendering so that the test client can copy every context for
    # assertions; the bench asserts nothing on contexts, and that copying would be timed as page time.
    Template._render = uninstrumented_render
    workdir = tempfile.mkdtemp(prefix="kovablik-bench-")
    media_root = os.path.join(workdir, "media")
    if connection.vendor == "sqlite":
        # A file, not Django's default in-memory test database, which outlives destroy_test_db and would carry
        # one size's data into the next.
        connection.settings_dict["TEST"]["NAME"] = os.path.join(workdir, "bench.sqlite3")
    else:
        connection.settings_dict["TEST"]["NAME"] = f"test_{connection.settings_dict['NAME']}_bench"

    results: list[runner.Result] = []
    try:
        with override_settings(**bench_settings(media_root)):
            for size in args.sizes:
                print(f"Size {size}: generating data on {connection.vendor}…", file=sys.stderr, flush=True)
                old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
                # The public pages cache their data under the ids of editions and innovations, which every size's
                # fresh database reuses: without this, a size would be served the previous size's pages.
                cache.clear()
                try:
                    ctx = data.generate(size)
                    runner.settle_heap()
                    for cached in CACHE_MODES[args.cache]:
                        label = "cache on" if cached else "cache off"
                        print(
                            f"Size {size}, {label}: timing {args.repeat} requests per page…",
                            file=sys.stderr,
                            flush=True,
                        )
                        with override_settings(**({} if cached else {"CACHES": UNCACHED})):
                            size_results = runner.run_pages(
                                ctx, repeat=args.repeat, warmup=args.warmup, pages=pages, cache=cached
                            )
                        results += size_results
                        print(f"Size {size:,}, {label}", flush=True)
                        print(runner.format_table(size_results), flush=True)
                        print(flush=True)
                finally:
                    connection.creation.destroy_test_db(old_name, verbosity=0)
    except runner.PageFailed as error:
        print(f"bench FAILED: {error}", file=sys.stderr)
        return 1
    finally:
        teardown_test_environment()
        shutil.rmtree(workdir, ignore_errors=True)
    runner.write_json(results, args.output)
    print(f"Wrote {args.output}", file=sys.stderr)
    print("Checks:")
    for check in runner.checks(results):
        print(check.report())
    return 0


if __name__ == "__main__":
    sys.exit(main())
