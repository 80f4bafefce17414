"""Placing entries into a panel's sessions: a pure function over plain facts, so that every rule of the schedule is
checked in one place and can be tried on thousands of random shortlists (tests/judging/test_schedule_filling.py).

The rules: an entry sits only in a session of a panel that judges its group; no judge of that panel is in conflict
with it; its slot does not fall on a day its agency said it cannot attend; and no two entries of one agency overlap
in time, in any session. Slots of one session follow each other, so a panel whose sessions do not overlap (the
service refuses overlapping ones) never sits two entries at once.

The most constrained entry is placed first, each in the earliest slot it may take; an entry left over is reported
with the reason, and no free slot is left that it could have taken.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

JAKARTA = ZoneInfo("Asia/Jakarta")


@dataclass(frozen=True)
class SessionFacts:
    id: int
    groups: frozenset[str]
    judge_ids: frozenset[int]
    starts_at: dt.datetime
    ends_at: dt.datetime


@dataclass(frozen=True)
class EntryFacts:
    id: int
    agency_id: int
    group: str
    conflicted_judge_ids: frozenset[int] = frozenset()
    unavailable_days: frozenset[dt.date] = frozenset()


@dataclass(frozen=True)
class Placed:
    """A slot already held (kept by the fill) or given by it."""

    entry_id: int
    agency_id: int
    session_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime


@dataclass
class Fill:
    placed: list[Placed] = field(default_factory=list)
    unplaced: dict[int, str] = field(default_factory=dict)  # entry id → UNPLACED_* reason


# Why an entry found no slot (translated by the caller: this module stays free of Django).
NO_PANEL = "no_panel"  # no session of a panel judging its group
ALL_CONFLICTED = "all_conflicted"  # every such session's panel has a judge in conflict with it
NO_FREE_SLOT = "no_free_slot"  # the slots it could take are full, on days it cannot attend, or clash with its agency


def slot_starts(session: SessionFacts, *, length: dt.timedelta, step: dt.timedelta) -> list[dt.datetime]:
    """The start of every slot that fits the session: one `length` long, the next `step` after it."""
    starts, moment = [], session.starts_at
    while moment + length <= session.ends_at:
        starts.append(moment)
        moment += step
    return starts


def overlaps(start_a: dt.datetime, end_a: dt.datetime, start_b: dt.datetime, end_b: dt.datetime) -> bool:
    return start_a < end_b and start_b < end_a


def fill_schedule(
    sessions: Iterable[SessionFacts],
    entries: Iterable[EntryFacts],
    *,
    length: dt.timedelta,
    step: dt.timedelta,
    kept: Iterable[Placed] = (),
) -> Fill:
    """Place every entry of `entries` not already in `kept` (slots that stay where they are)."""
    sessions = sorted(sessions, key=lambda session: (session.starts_at, session.id))
    kept = list(kept)
    taken = {(slot.session_id, slot.starts_at) for slot in kept}
    by_agency: dict[int, list[Placed]] = {}
    for slot in kept:
        by_agency.setdefault(slot.agency_id, []).append(slot)
    kept_ids = {slot.entry_id for slot in kept}
    starts = {session.id: slot_starts(session, length=length, step=step) for session in sessions}

    fill = Fill()
    candidates: dict[int, list[tuple[SessionFacts, dt.datetime]]] = {}
    todo = []
    for entry in entries:
        if entry.id in kept_ids:
            continue
        serving = [session for session in sessions if entry.group in session.groups]
        if not serving:
            fill.unplaced[entry.id] = NO_PANEL
            continue
        allowed = [session for session in serving if not session.judge_ids & entry.conflicted_judge_ids]
        if not allowed:
            fill.unplaced[entry.id] = ALL_CONFLICTED
            continue
        candidates[entry.id] = sorted(
            (
                (session, start)
                for session in allowed
                for start in starts[session.id]
                if start.astimezone(JAKARTA).date() not in entry.unavailable_days
            ),
            key=lambda candidate: (candidate[1], candidate[0].id),
        )
        todo.append(entry)

    # Most constrained first; ties by id so that the same facts always give the same schedule.
    todo.sort(key=lambda entry: (len(candidates[entry.id]), entry.id))
    for entry in todo:
        own = by_agency.setdefault(entry.agency_id, [])
        for session, start in candidates[entry.id]:
            end = start + length
            if (session.id, start) in taken or any(overlaps(start, end, o.starts_at, o.ends_at) for o in own):
                continue
            slot = Placed(entry.id, entry.agency_id, session.id, start, end)
            taken.add((session.id, start))
            own.append(slot)
            fill.placed.append(slot)
            break
        else:
            fill.unplaced[entry.id] = NO_FREE_SLOT
    return fill
