"""The public pages' cache, valid until the next publication change: core.caching, which also moves when
an organizer edits an edition's data. Publication code calls `bump_version(edition_id)` on every change the public
can see (publish, unpublish, revoke, disqualify, national track, a catalogue card update)."""

from core.caching import GLOBAL, TIMEOUT, bump_version, cached, public_fragment, version

__all__ = ["GLOBAL", "TIMEOUT", "bump_version", "cached", "public_fragment", "version"]
