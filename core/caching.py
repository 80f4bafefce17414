"""Cache of the public pages' data, valid until the next change the public can see.

Every such change calls `bump_version(edition_id)`: an organizer's edit of an edition's data (settings, schedule,
groups, stages, criteria, categories, quotas, word limits: competitions.services.refresh_edition) and every
publication change (publish, unpublish, revoke, disqualify, national track, a catalogue card update:
publication.awards.services and friends). It puts a fresh random token under the edition's version key and under the
global one (home, archive, open data, catalogue). Cached data is stored under a key that includes the current token,
so after a bump no server sharing the cache reads the old entry again; an evicted version key simply starts a new
token.

The bump runs at once (so the writer's own next request sees the change) and again when the transaction commits
(so that a reader that cached the old rows during the transaction cannot keep them).

It lives in competitions, the lowest app, so that edition writes can bump it; publication.caching is the same
module seen from the publication app.
"""

import functools
import hashlib
import os
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")

GLOBAL = "all"
TIMEOUT = 60 * 60 * 24  # a day; a bump makes an entry unreachable long before that


def _version_key(scope) -> str:
    return f"kovablik:publication:version:{scope}"


def version(scope) -> str:
    """The current token of `scope` (an edition id or GLOBAL), creating one when the cache has none."""
    key = _version_key(scope)
    token = cache.get(key)
    if token is None:
        cache.add(key, uuid.uuid4().hex, None)
        token = cache.get(key) or ""
    return token


def _bump(scopes) -> None:
    cache.set_many({_version_key(scope): uuid.uuid4().hex for scope in scopes}, None)


def bump_version(edition_id: int | None = None) -> None:
    """Invalidate the cached public data of an edition and every page that spans editions."""
    bump_scopes([GLOBAL] if edition_id is None else [edition_id, GLOBAL])


def bump_scopes(scopes: list) -> None:
    """Move the version of each scope, now and again when the transaction commits (see above)."""
    _bump(scopes)
    transaction.on_commit(lambda: _bump(scopes))


def cached(name: str, scope, build: Callable[[], T]) -> T:
    """`build()`'s result, computed once per version of `scope` (an edition id or GLOBAL). None is not stored
    (it would read as a miss anyway)."""
    key = f"kovablik:publication:{name}:{scope}:{version(scope)}"
    value = cache.get(key)
    if value is None:
        value = build()
        if value is not None:
            cache.set(key, value, TIMEOUT)
    return value


def public_fragment(vary: str) -> dict:
    """Context for a public template's `{% cache 86400 name fragment_version LANGUAGE_CODE fragment_vary %}`: its
    rendered content is kept per language and `vary` (the full path, say) until the next public change (the
    global version moves with every edition's). Only for content that shows the same to every visitor; the
    layout around it (navigation, the language form with its CSRF token) is rendered on every request."""
    return {"fragment_version": version(GLOBAL), "fragment_vary": vary}


# The apps whose code and templates shape a rendered page, and the translations.
_CODE_DIRS = ("kovablik", "core", "competitions", "proposals", "judging", "publication", "templates", "locale")


@functools.cache
def code_version() -> str:
    """A digest of the portal's code, templates and compiled translations, computed once per process: part of
    every key of rendered HTML, so that during a rolling deploy servers of two versions never read each other's
    fragments. KOVABLIK_RELEASE, when set by the deploy, is used instead of reading the files."""
    release = os.environ.get("KOVABLIK_RELEASE")
    if release:
        return release
    digest = hashlib.sha256()
    for top in _CODE_DIRS:
        for path in sorted((settings.BASE_DIR / top).rglob("*")):
            if path.suffix in {".py", ".html", ".mo"} and path.is_file():
                digest.update(str(path.relative_to(settings.BASE_DIR)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def content_key(*parts) -> str:
    """A fragment key from the very data a fragment shows (and the code version): it changes whenever the data
    does, so the fragment is never stale and no write has to invalidate it."""
    return hashlib.sha256(repr((code_version(), parts)).encode()).hexdigest()
