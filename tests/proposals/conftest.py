import datetime as dt

import pytest

from competitions.enums import PhaseKind
from competitions.services import set_schedule

UTC = dt.UTC
# 10:00 WIB on 1 July 2026: inside the submission phase set below.
DURING_SUBMISSION = dt.datetime(2026, 7, 1, 3, 0, tzinfo=UTC)


@pytest.fixture
def open_edition(edition):
    """The 2026 edition with submission from 15 June to 31 July (WIB) and screening from 1 August."""
    set_schedule(
        edition,
        phases={
            PhaseKind.SUBMISSION: (dt.date(2026, 6, 15), dt.date(2026, 7, 31)),
            PhaseKind.SCREENING: (dt.date(2026, 8, 1), dt.date(2026, 8, 14)),
        },
        actor=None,
    )
    return edition


@pytest.fixture
def frozen_now(monkeypatch):
    """Freeze django.utils.timezone.now at DURING_SUBMISSION (services default `now` to it)."""
    monkeypatch.setattr("django.utils.timezone.now", lambda: DURING_SUBMISSION)
    return DURING_SUBMISSION


@pytest.fixture
def special_invitation(open_edition, agency, organizer):
    """Biro Organisasi has invited `agency` to the special group of the open edition."""
    from competitions.services import invite_to_special_group

    return invite_to_special_group(open_edition, agency=agency, actor=organizer)


@pytest.fixture
def earlier_win(agency):
    """The agency's innovation that won KOVABLIK 2024: the earlier entry a Kelompok Khusus proposal builds on."""
    from tests.factories import ProposalFactory, edition_with_defaults
    from tests.publication.catalogue_data import award

    winner = ProposalFactory(edition=edition_with_defaults(year=2024), agency=agency, state="passed", title="SIMPEL")
    award(winner, rank=2)
    return winner
