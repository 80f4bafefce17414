"""The schedule's fill over random shortlists and panels: never a conflicted judge before an entry, never two slots
of one agency (or of one panel) at once, never a day the agency cannot attend; an entry left over could not have
taken any slot still free; and the same facts always give the same schedule."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from judging.schedule.filling import (
    ALL_CONFLICTED,
    JAKARTA,
    NO_FREE_SLOT,
    NO_PANEL,
    EntryFacts,
    Placed,
    SessionFacts,
    fill_schedule,
    overlaps,
    slot_starts,
)

LENGTH, STEP = dt.timedelta(minutes=20), dt.timedelta(minutes=25)
DAY = dt.datetime(2026, 9, 14, 8, 0, tzinfo=JAKARTA)
GROUPS = ["umum", "replikasi", "khusus"]


def session(pk, *, panel_judges, groups=("umum",), day=0, hour=8, hours=1):
    start = DAY + dt.timedelta(days=day, hours=hour - 8)
    return SessionFacts(pk, frozenset(groups), frozenset(panel_judges), start, start + dt.timedelta(hours=hours))


def test_an_entry_never_sits_before_a_judge_in_conflict_with_it():
    sessions = [session(1, panel_judges={1, 2}), session(2, panel_judges={3, 4})]
    entries = [EntryFacts(10, agency_id=100, group="umum", conflicted_judge_ids=frozenset({2}))]

    result = fill_schedule(sessions, entries, length=LENGTH, step=STEP)

    assert [(slot.entry_id, slot.session_id) for slot in result.placed] == [(10, 2)]


def test_two_entries_of_one_agency_never_present_at_once_even_before_two_panels():
    sessions = [session(1, panel_judges={1}), session(2, panel_judges={2})]
    entries = [EntryFacts(10, 100, "umum"), EntryFacts(11, 100, "umum"), EntryFacts(12, 200, "umum")]

    result = fill_schedule(sessions, entries, length=LENGTH, step=STEP)

    times = {slot.entry_id: (slot.session_id, slot.starts_at.time()) for slot in result.placed}
    assert times == {10: (1, dt.time(8, 0)), 12: (2, dt.time(8, 0)), 11: (1, dt.time(8, 25))}


def test_a_day_the_agency_cannot_attend_is_avoided_and_a_full_schedule_says_why():
    sessions = [session(1, panel_judges={1}, day=0, hours=0.5), session(2, panel_judges={1}, day=1, hours=0.5)]
    monday = DAY.date()
    entries = [
        EntryFacts(10, 100, "umum", unavailable_days=frozenset({monday})),
        EntryFacts(11, 200, "umum"),
        EntryFacts(12, 300, "umum"),
        EntryFacts(13, 400, "khusus"),
        EntryFacts(14, 500, "umum", conflicted_judge_ids=frozenset({1})),
    ]

    result = fill_schedule(sessions, entries, length=LENGTH, step=STEP)

    assert {slot.entry_id: slot.session_id for slot in result.placed} == {10: 2, 11: 1}
    assert result.unplaced == {12: NO_FREE_SLOT, 13: NO_PANEL, 14: ALL_CONFLICTED}


def test_slots_already_given_stay_and_are_not_given_twice():
    sessions = [session(1, panel_judges={1})]
    kept = [Placed(10, 100, 1, DAY, DAY + LENGTH)]

    result = fill_schedule(
        sessions, [EntryFacts(10, 100, "umum"), EntryFacts(11, 100, "umum")], length=LENGTH, step=STEP, kept=kept
    )

    assert [(slot.entry_id, slot.starts_at) for slot in result.placed] == [(11, DAY + STEP)]


@st.composite
def shortlists(draw):
    judges = list(range(1, draw(st.integers(2, 8)) + 1))
    panels = []
    for _number in range(draw(st.integers(1, 3))):
        members = draw(st.sets(st.sampled_from(judges), min_size=1, max_size=4))
        groups = draw(st.sets(st.sampled_from(GROUPS), min_size=1, max_size=3))
        panels.append((frozenset(members), frozenset(groups)))
    sessions, pk = [], 0
    for panel_index, (members, groups) in enumerate(panels):
        # One panel's sessions follow each other (the service refuses overlapping ones); panels overlap freely.
        start = DAY + dt.timedelta(minutes=draw(st.integers(0, 120)))
        for _number in range(draw(st.integers(1, 3))):
            pk += 1
            length = dt.timedelta(minutes=draw(st.integers(20, 180)))
            sessions.append((panel_index, SessionFacts(pk, groups, members, start, start + length)))
            start += length + dt.timedelta(minutes=draw(st.integers(0, 24 * 60)))
    agencies = list(range(100, 100 + draw(st.integers(1, 12))))
    days = [DAY.date() + dt.timedelta(days=offset) for offset in range(3)]
    entries = [
        EntryFacts(
            id=1000 + number,
            agency_id=draw(st.sampled_from(agencies)),
            group=draw(st.sampled_from(GROUPS)),
            conflicted_judge_ids=frozenset(draw(st.sets(st.sampled_from(judges), max_size=2))),
            unavailable_days=frozenset(draw(st.sets(st.sampled_from(days), max_size=1))),
        )
        for number in range(draw(st.integers(0, 30)))
    ]
    return sessions, entries


@settings(max_examples=300, deadline=None)
@given(shortlists())
def test_the_fill_keeps_every_rule_on_random_shortlists(case):
    panel_sessions, entries = case
    sessions = [facts for _panel, facts in panel_sessions]
    panel_of = {facts.id: panel for panel, facts in panel_sessions}
    by_id = {facts.id: facts for facts in sessions}
    entry_of = {entry.id: entry for entry in entries}

    result = fill_schedule(sessions, entries, length=LENGTH, step=STEP)

    assert {slot.entry_id for slot in result.placed} | set(result.unplaced) == set(entry_of)
    assert len(result.placed) == len({slot.entry_id for slot in result.placed})
    for slot in result.placed:
        entry, where = entry_of[slot.entry_id], by_id[slot.session_id]
        assert entry.group in where.groups
        assert not where.judge_ids & entry.conflicted_judge_ids
        assert slot.starts_at.astimezone(JAKARTA).date() not in entry.unavailable_days
        assert slot.starts_at in slot_starts(where, length=LENGTH, step=STEP)
    for first in result.placed:
        for second in result.placed:
            if first is second or not overlaps(first.starts_at, first.ends_at, second.starts_at, second.ends_at):
                continue
            assert first.agency_id != second.agency_id
            assert panel_of[first.session_id] != panel_of[second.session_id]

    # Greedy, but never lazy: no slot still free could have taken an entry left over for want of one.
    taken = {(slot.session_id, slot.starts_at) for slot in result.placed}
    for entry_id, reason in result.unplaced.items():
        if reason != NO_FREE_SLOT:
            continue
        entry = entry_of[entry_id]
        own = [slot for slot in result.placed if slot.agency_id == entry.agency_id]
        for where in sessions:
            if entry.group not in where.groups or where.judge_ids & entry.conflicted_judge_ids:
                continue
            for start in slot_starts(where, length=LENGTH, step=STEP):
                free = (where.id, start) not in taken
                attendable = start.astimezone(JAKARTA).date() not in entry.unavailable_days
                clash = any(overlaps(start, start + LENGTH, slot.starts_at, slot.ends_at) for slot in own)
                assert not (free and attendable and not clash)

    assert fill_schedule(list(reversed(sessions)), list(reversed(entries)), length=LENGTH, step=STEP) == result
