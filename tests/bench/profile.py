"""`python -m tests.bench.profile --size 1300 "page name" ...`: cProfile the named bench pages (top functions by
cumulative and own time), on data generated as make bench does. For finding where a slow page spends its time."""

import argparse
import cProfile
import io
import os
import pstats
import shutil
import sys
import tempfile
from pathlib import Path

import django


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.profile")
    parser.add_argument("--size", type=int, default=1300)
    parser.add_argument("--requests", type=int, default=3)
    parser.add_argument("--top", type=int, default=35)
    parser.add_argument("pages", nargs="+", help="parts of page names as in the bench table")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kovablik.settings_test")
    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.template.base import Template
    from django.test.utils import override_settings, setup_test_environment

    from . import data, runner
    from .__main__ import bench_settings
    from .pages import PAGES

    runner.log_to_file(Path("var") / "bench.log")
    uninstrumented_render = Template._render
    setup_test_environment()
    Template._render = uninstrumented_render
    workdir = tempfile.mkdtemp(prefix="kovablik-profile-")
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = os.path.join(workdir, "bench.sqlite3")
    else:
        connection.settings_dict["TEST"]["NAME"] = f"test_{connection.settings_dict['NAME']}_bench"
    try:
        with override_settings(**bench_settings(os.path.join(workdir, "media"))):
            old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
            cache.clear()
            try:
                ctx = data.generate(args.size)
                runner.settle_heap()
                for page in [p for p in PAGES if any(part in p.name for part in args.pages)]:
                    client = runner.client_for(page.role, ctx)
                    url = page.url(ctx)
                    runner._get(client, url, label=page.name)
                    profiler = cProfile.Profile()
                    for _ in range(args.requests):
                        if page.prepare:  # untimed, as in the bench
                            page.prepare(ctx)
                        profiler.enable()
                        runner._get(client, url, label=page.name)
                        profiler.disable()
                    for order in ("cumulative", "tottime"):
                        out = io.StringIO()
                        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(args.top)
                        print(f"=== {page.name} ({order}, {args.requests} requests)\n{out.getvalue()}")
            finally:
                connection.creation.destroy_test_db(old_name, verbosity=0)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
