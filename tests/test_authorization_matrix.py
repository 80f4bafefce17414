"""Every URL of the portal × every role: the outcome each must get (the table is tests/authz_matrix.py)."""

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.signals import request_finished
from django.db import close_old_connections, connection, transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from tests.authz_matrix import (
    ANONYMOUS,
    EXCLUDED_NAMES,
    EXCLUDED_NAMESPACES,
    KNOWN_ISSUES,
    MATRIX,
    ROLES,
    UNNAMED_ROUTES,
    Redirect,
    Row,
    build_world,
    is_refusal,
)


def portal_patterns(resolver: URLResolver | None = None, namespaces: tuple[str, ...] = (), prefix: str = ""):
    """(namespaced name or None, route) of every URL pattern, walking includes and namespaces recursively."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from portal_patterns(pattern, inner, route)
        elif isinstance(pattern, URLPattern):
            yield (":".join((*namespaces, pattern.name)) if pattern.name else None), route, namespaces


def is_excluded(name: str | None, namespaces: tuple[str, ...]) -> bool:
    return bool(namespaces and namespaces[0] in EXCLUDED_NAMESPACES) or name in EXCLUDED_NAMES


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The matrix's objects, built once for the module in a transaction rolled back at its end; each request of a
    test runs in a savepoint of its own that is rolled back too, so every request meets this same world."""
    media_root = tmp_path_factory.mktemp("matrix-media")
    fast_hasher = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(MEDIA_ROOT=media_root, PASSWORD_HASHERS=fast_hasher, PORTAL_URL="http://testserver"):
            built = build_world()
        built.media_root = media_root
        yield built
        transaction.set_rollback(True)


@pytest.fixture
def matrix_world(world, db, settings):
    settings.MEDIA_ROOT = world.media_root  # where the world's attachment files are
    cache.clear()  # public pages cache what they read; start from this world, not an earlier test's
    yield world
    cache.clear()


def test_every_portal_url_has_a_row():
    in_table = {row.name for row in MATRIX}
    missing = sorted(
        name
        for name, _route, namespaces in portal_patterns()
        if name and not is_excluded(name, namespaces) and name not in in_table
    )

    assert missing == [], f"URLs without a row in tests/authz_matrix.py: {missing}"


def test_every_unnamed_url_is_reached_through_a_row(matrix_world):
    world = matrix_world
    rows = {row.id: row for row in MATRIX}
    problems = []
    for name, route, namespaces in portal_patterns():
        if name is not None or is_excluded(name, namespaces):
            continue
        row = rows.get(UNNAMED_ROUTES.get(route, ""))
        if row is None:
            problems.append(f"{route}: no name and no entry in UNNAMED_ROUTES")
        elif str(resolve(reverse(row.name, kwargs=row.kwargs(world))).route) != route:
            problems.append(f"{route}: row {row.id} does not reach it")

    assert problems == []


def test_every_row_names_a_portal_url_and_states_every_role():
    names = {name for name, _route, _ns in portal_patterns()}
    problems = []
    for row in MATRIX:
        if row.name not in names:
            problems.append(f"{row.id}: no such URL")
        for method, expect in (("GET", row.get), ("POST", row.post)):
            if expect is not None and set(expect) != set(ROLES):
                problems.append(f"{row.id} {method}: roles {sorted(set(ROLES) ^ set(expect))} missing or unknown")
    ids = [row.id for row in MATRIX]
    problems += [f"{row_id}: two rows with this id, give one a label" for row_id in ids if ids.count(row_id) > 1]

    assert problems == []


def fingerprint() -> dict:
    """Row counts of every table, the audit log's included (every service writes one), in one query: what a
    refused request must leave unchanged."""
    tables = sorted({model._meta.db_table for model in apps.get_models() if model._meta.managed})
    columns = ", ".join(f"(SELECT COUNT(*) FROM {connection.ops.quote_name(table)})" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}")  # table names come from the models, not from input
        return dict(zip(tables, cursor.fetchone(), strict=True))


def close_file_of(response) -> None:
    """Close what a file download holds open, without the request_finished signal that response.close() sends:
    it would close the database connection, and with it the test's transaction (as the test client knows)."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def matches(expected, response, world) -> bool:
    if isinstance(expected, Redirect):
        return response.status_code == 302 and response.headers["Location"].startswith(expected.url(world))
    return response.status_code == expected


def describe(response) -> str:
    location = response.headers.get("Location")
    return f"{response.status_code}→{location}" if location else str(response.status_code)


@pytest.mark.parametrize("row", MATRIX, ids=[row.id for row in MATRIX])
def test_url_answers_each_role_as_the_matrix_says(row: Row, matrix_world):
    world = matrix_world
    url = reverse(row.name, kwargs=row.kwargs(world))
    mismatches, known = [], []
    for method, expect in (("GET", row.get), ("POST", row.post)):
        if expect is None:
            continue
        for role in ROLES:
            client = Client(raise_request_exception=False)  # a 500 is reported as a mismatch, not raised
            if role != ANONYMOUS:
                client.force_login(world.users[role])
            # Each request runs in a savepoint rolled back afterwards, so every role meets the same world.
            with transaction.atomic():
                before = fingerprint() if method == "POST" else None
                state_before = row.state(world) if row.state and method == "POST" else None
                response = client.get(url) if method == "GET" else client.post(url, row.data(world))
                close_file_of(response)
                expected = expect[role]
                issue = KNOWN_ISSUES.get((row.id, method, role))
                if issue and matches(issue[0], response, world):
                    known.append(f"{method} as {role}: {issue[1]}")
                elif not matches(expected, response, world):
                    mismatches.append(f"{method} as {role}: expected {expected}, got {describe(response)}")
                elif issue:
                    mismatches.append(f"{method} as {role} is fixed: remove it from KNOWN_ISSUES")
                elif (
                    method == "POST"
                    and is_refusal(expected)
                    and (fingerprint() != before or (row.state and row.state(world) != state_before))
                ):
                    mismatches.append(f"POST as {role} was refused ({expected}) but changed the database")
                transaction.set_rollback(True)

    assert mismatches == [], f"{url}:\n" + "\n".join(mismatches)
    if known:
        pytest.xfail("known issues: " + "; ".join(known))
