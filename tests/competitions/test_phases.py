import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from competitions.enums import PhaseKind, PhaseStatus
from competitions.services import set_schedule

UTC = dt.UTC
JAKARTA = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def schedule(edition):
    set_schedule(
        edition,
        phases={
            PhaseKind.SUBMISSION: (dt.date(2026, 6, 15), dt.date(2026, 7, 31)),
            PhaseKind.SCREENING: (dt.date(2026, 8, 1), dt.date(2026, 8, 14)),
        },
        actor=None,
    )
    return edition


def test_current_phase_is_submission_one_minute_before_jakarta_midnight(schedule):
    # 23:59 WIB on 31 July is 16:59 UTC the same day.
    now = dt.datetime(2026, 7, 31, 16, 59, tzinfo=UTC)

    assert schedule.current_phase(now).kind == PhaseKind.SUBMISSION
    assert schedule.is_submission_open(now) is True


def test_current_phase_turns_at_jakarta_midnight_not_utc_midnight(schedule):
    # 00:00 WIB on 1 August is 17:00 UTC on 31 July: the UTC date is still July.
    now = dt.datetime(2026, 7, 31, 17, 0, tzinfo=UTC)

    assert schedule.current_phase(now).kind == PhaseKind.SCREENING
    assert schedule.is_submission_open(now) is False


def test_submission_closes_at_end_of_last_day_in_jakarta(schedule):
    assert schedule.submission_closes_at() == dt.datetime(2026, 8, 1, 0, 0, tzinfo=JAKARTA)


def test_submission_opens_at_jakarta_midnight_of_first_day(schedule):
    just_before = dt.datetime(2026, 6, 14, 16, 59, 59, tzinfo=UTC)
    opening = dt.datetime(2026, 6, 14, 17, 0, tzinfo=UTC)

    assert schedule.is_submission_open(just_before) is False
    assert schedule.is_submission_open(opening) is True


def test_timeline_marks_past_current_and_upcoming_phases(schedule):
    now = dt.datetime(2026, 8, 2, 3, 0, tzinfo=UTC)

    statuses = {phase.kind: status for phase, status in schedule.timeline(now)}

    assert statuses[PhaseKind.SOCIALIZATION] == PhaseStatus.PAST
    assert statuses[PhaseKind.SUBMISSION] == PhaseStatus.PAST
    assert statuses[PhaseKind.SCREENING] == PhaseStatus.CURRENT
    assert statuses[PhaseKind.AWARDING] == PhaseStatus.UPCOMING


def test_no_current_phase_between_phases_names_the_next_one(edition):
    # The default schedule leaves a gap between desk evaluation (ends 15 Sep) and presentation (starts 22 Sep).
    now = dt.datetime(2026, 9, 18, 5, 0, tzinfo=UTC)

    assert edition.current_phase(now) is None
    assert edition.next_phase(now).kind == PhaseKind.PRESENTATION


def test_timeline_follows_the_cycle_order_not_the_alphabet(edition):
    kinds = [phase.kind for phase, _ in edition.timeline()]

    assert kinds == list(PhaseKind.values)
