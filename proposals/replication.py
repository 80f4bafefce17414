"""The innovations a Replikasi proposal replicates (issue 16): one to MAX_REPLICATION_SOURCES sources, each an
earlier award-winning innovation picked from the portal (queries.replication_candidates) or described when it is
not there, each with its own reason. The form shows one slot per source; a slot's fields are flat names
(`source_1`, `source_1_title`, ...) so the step saves, compares and audits them like any other field.
"""

from typing import Any

from django.db.models import Model
from django.utils.translation import gettext as _

from core.exceptions import DomainError

from .models import MAX_REPLICATION_SOURCES, Proposal, ReplicationSource
from .queries import replication_candidates

SLOTS = range(1, MAX_REPLICATION_SOURCES + 1)
# Slot attribute → the ReplicationSource field it fills (the pick is stored by key).
SLOT_PARTS = {"": "source_id", "_title": "title", "_agency": "agency", "_year": "year", "_reason": "reason"}


def slot_field(slot: int, part: str = "") -> str:
    return f"source_{slot}{part}"


SLOT_FIELDS = tuple(slot_field(slot, part) for slot in SLOTS for part in SLOT_PARTS)


def stored_slots(proposal: Proposal) -> dict[str, Any]:
    """Every slot field as the database holds it now: a pick as its key, an empty slot as blanks."""
    rows = {row.position: row for row in ReplicationSource.objects.filter(proposal=proposal)}
    values = {}
    for slot in SLOTS:
        row = rows.get(slot)
        for part, attribute in SLOT_PARTS.items():
            blank = None if attribute in ("source_id", "year") else ""
            values[slot_field(slot, part)] = getattr(row, attribute) if row else blank
    return values


def slot_display(proposal: Proposal, field: str) -> str:
    """How a stored slot field reads on the page (a pick by its title, agency and year)."""
    slot, part = _parse(field)
    row = (
        ReplicationSource.objects.filter(proposal=proposal, position=slot)
        .select_related("source__agency", "source__edition")
        .first()
    )
    if row is None:
        return "—"
    if part == "":
        return f"{row.source.title} — {row.source.agency} ({row.source.edition.year})" if row.source_id else "—"
    value = getattr(row, SLOT_PARTS[part])
    return "—" if value in (None, "") else str(value)


def save_sources(proposal: Proposal, values: dict[str, Any]) -> list[str]:
    """Write the slots given in `values`; returns the slot fields that changed. A slot left empty removes its
    source. A pick must be one of the candidates; the same innovation is named once."""
    if not any(field in values for field in SLOT_FIELDS):
        return []
    stored = stored_slots(proposal)
    picks = [values[slot_field(slot)] for slot in SLOTS if values.get(slot_field(slot)) is not None]
    if len({pick.pk for pick in picks}) != len(picks):
        raise DomainError(_("Each innovation is named once: two slots pick the same one."))
    # A new pick must be a candidate; one saved before stays even if it is no longer offered (it is not re-judged
    # at every save of the step).
    kept = {stored[slot_field(slot)] for slot in SLOTS}
    new = [pick.pk for pick in picks if pick.pk not in kept]
    if new and replication_candidates(proposal.edition).filter(pk__in=new).count() != len(new):
        raise DomainError(_("Pick the original innovation from the catalogue of earlier innovations."))
    changed, rewritten = [], {}
    for slot in SLOTS:
        wanted = {
            attribute: normal_value(values.get(slot_field(slot, part), stored[slot_field(slot, part)]))
            for part, attribute in SLOT_PARTS.items()
        }
        slot_changed = [
            slot_field(slot, part)
            for part, attribute in SLOT_PARTS.items()
            if wanted[attribute] != stored[slot_field(slot, part)]
        ]
        if not slot_changed:
            continue
        changed += slot_changed
        rewritten[slot] = wanted
    # Changed slots are rewritten together, so that two slots can swap their picks (one pick per proposal).
    ReplicationSource.objects.filter(proposal=proposal, position__in=rewritten).delete()
    ReplicationSource.objects.bulk_create(
        ReplicationSource(proposal=proposal, position=slot, **wanted)
        for slot, wanted in rewritten.items()
        if any(value not in (None, "") for value in wanted.values())
    )
    if changed and hasattr(proposal, "_prefetched_objects_cache"):
        proposal._prefetched_objects_cache.pop("replication_sources", None)
    return changed


def source_problems(proposal: Proposal) -> list[tuple[str, str]]:
    """(field, message) for each thing about the sources that blocks a submit."""
    rows = list(proposal.replication_sources.all())
    if not rows:
        message = _(
            "Name the innovation you replicate: pick it from the catalogue, or give its title, originating agency "
            "and year."
        )
        return [(slot_field(1), message)]
    picked = [row.source_id for row in rows if row.source_id]
    winners = set(replication_candidates(proposal.edition).filter(pk__in=picked).values_list("pk", flat=True))
    problems = []
    for row in rows:
        if row.source_id and row.source_id not in winners:
            problems.append(
                (
                    slot_field(row.position),
                    _("Innovation %(n)s is no longer among the earlier award winners: pick another one.")
                    % {"n": row.position},
                )
            )
        if row.source_id is None and not (row.title and row.agency and row.year):
            problems.append(
                (
                    slot_field(row.position),
                    _("Innovation %(n)s: pick it from the catalogue, or give its title, originating agency and year.")
                    % {"n": row.position},
                )
            )
        if not row.reason.strip():
            problems.append(
                (
                    slot_field(row.position, "_reason"),
                    _("Innovation %(n)s: say why you replicate it and what you took from it.") % {"n": row.position},
                )
            )
    return problems


def _parse(field: str) -> tuple[int, str]:
    for slot in SLOTS:
        for part in SLOT_PARTS:
            if field == slot_field(slot, part):
                return slot, part
    raise ValueError(field)


def normal_value(value):
    if isinstance(value, str):
        return value.strip().replace("\r\n", "\n")
    return value.pk if isinstance(value, Model) else value
