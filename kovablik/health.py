"""Health probes for a load balancer: `/healthz` (the process lives) and `/readyz` (it can serve requests).

`HealthCheckMiddleware` sits first in MIDDLEWARE and answers both paths itself, before the HTTPS redirect, the host
check, sessions, CSRF and login, so a balancer may probe an app server over plain HTTP by its address. The same views
are in the URLconf so that they have names. Answers are plain text and name only the failing checks, never a host,
path, version or error message: those go to the log.
"""

import logging
import uuid

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse
from django.views.decorators.http import require_safe

logger = logging.getLogger("kovablik.health")

PROBE_PREFIX = "readyz-probe-"


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def healthz(request) -> HttpResponse:
    """200 while the process can answer at all; touches neither the database nor the cache."""
    return _no_store(HttpResponse("ok\n", content_type="text/plain; charset=utf-8"))


def check_database() -> None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_migrations() -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise RuntimeError("unapplied migrations")


def check_media() -> None:
    """Write and delete a small file through the default storage (the shared folder, or S3 when configured)."""
    name = default_storage.save(f"{PROBE_PREFIX}{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    default_storage.delete(name)


def check_cache() -> None:
    key = f"kovablik:readyz:{uuid.uuid4().hex}"
    cache.set(key, "ok", 10)
    try:
        if cache.get(key) != "ok":
            raise RuntimeError("cache did not return the probe key")
    finally:
        cache.delete(key)


CHECKS = {"database": check_database, "migrations": check_migrations, "media": check_media, "cache": check_cache}
# Migrations cannot be checked without the database.
NEEDS_DATABASE = {"migrations"}


def failing_checks() -> list[str]:
    failing = []
    for name, check in CHECKS.items():
        if name in NEEDS_DATABASE and "database" in failing:
            failing.append(name)
            continue
        try:
            check()
        except Exception:  # noqa: BLE001 -- any failure makes the server not ready; the log keeps the details
            logger.warning("readiness check failed: %s", name, exc_info=True)
            failing.append(name)
    return failing


@require_safe
def readyz(request) -> HttpResponse:
    """200 when the database answers, its migrations are applied, media is writable and the cache answers;
    else 503 with one line per failing check."""
    failing = failing_checks()
    if failing:
        body = "".join(f"{name}: failing\n" for name in failing)
        return _no_store(HttpResponse(body, status=503, content_type="text/plain; charset=utf-8"))
    return _no_store(HttpResponse("ready\n", content_type="text/plain; charset=utf-8"))


PROBES = {"/healthz": healthz, "/readyz": readyz}


class HealthCheckMiddleware:
    """Answers the probes before any other middleware; every other request passes through untouched."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = PROBES.get(request.path_info)
        if probe is not None:
            return probe(request)
        return self.get_response(request)
