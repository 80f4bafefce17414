"""Deadlines are days in Asia/Jakarta (WIB, UTC+7): submission of the 2026 test edition runs 15 June 00:00 WIB to
31 July 23:59:59 WIB, i.e. until 16:59:59 UTC on 31 July."""

import datetime as dt

import pytest
from django.urls import reverse

from competitions.enums import PhaseKind
from competitions.services import set_schedule
from core.exceptions import DomainError
from core.models import ActionLog
from proposals.checks import latest_eligible_start, months_before
from proposals.enums import ProposalState
from proposals.models import Proposal
from proposals.services import (
    create_draft,
    extend_submission_deadline,
    save_draft_step,
    screen_proposal,
    submit_proposal,
)
from tests.factories import ProposalFactory

UTC = dt.UTC
LAST_SECOND = dt.datetime(2026, 7, 31, 16, 59, 59, tzinfo=UTC)  # 23:59:59 WIB on 31 July
JAKARTA_MIDNIGHT = dt.datetime(2026, 7, 31, 17, 0, tzinfo=UTC)  # 00:00 WIB on 1 August; UTC still says 31 July


@pytest.fixture
def draft(open_edition, agency):
    return ProposalFactory(edition=open_edition, agency=agency, complete=True)


def test_submit_in_the_last_second_before_jakarta_midnight_is_accepted(draft, agency_admin):
    submit_proposal(draft, actor=agency_admin, now=LAST_SECOND)

    assert Proposal.objects.get(pk=draft.pk).state == ProposalState.SUBMITTED


def test_submit_at_jakarta_midnight_is_refused_though_utc_date_is_still_the_last_day(draft, agency_admin):
    with pytest.raises(DomainError) as refused:
        submit_proposal(draft, actor=agency_admin, now=JAKARTA_MIDNIGHT)

    assert [problem.field for problem in refused.value.problems] == ["deadline"]
    assert Proposal.objects.get(pk=draft.pk).state == ProposalState.DRAFT
    assert not draft.state_changes.exists()


def test_submit_before_submission_opens_is_refused(draft, agency_admin):
    just_before_opening = dt.datetime(2026, 6, 14, 16, 59, 59, tzinfo=UTC)

    with pytest.raises(DomainError):
        submit_proposal(draft, actor=agency_admin, now=just_before_opening)

    submit_proposal(draft, actor=agency_admin, now=just_before_opening + dt.timedelta(seconds=1))
    assert Proposal.objects.get(pk=draft.pk).state == ProposalState.SUBMITTED


def test_editing_a_draft_after_the_close_is_refused(draft, agency_admin):
    save_draft_step(draft, step="basics", values={"innovator_name": "Sebelum"}, actor=agency_admin, now=LAST_SECOND)

    with pytest.raises(DomainError):
        save_draft_step(
            draft, step="basics", values={"innovator_name": "Sesudah"}, actor=agency_admin, now=JAKARTA_MIDNIGHT
        )

    assert Proposal.objects.get(pk=draft.pk).innovator_name == "Sebelum"


def test_edit_page_after_close_redirects_with_nothing_saved(draft, agency_client, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: JAKARTA_MIDNIGHT)

    response = agency_client.post(
        reverse("proposals:edit_step", args=[draft.pk, "basics"]),
        {"title": "Judul baru", "category": draft.category_id, "group": draft.group},
    )

    assert response["Location"] == reverse("proposals:detail", args=[draft.pk])
    assert Proposal.objects.get(pk=draft.pk).title == draft.title


def test_new_draft_after_close_is_refused(open_edition, agency, agency_admin, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: JAKARTA_MIDNIGHT)

    with pytest.raises(DomainError):
        create_draft(
            edition=open_edition,
            agency=agency,
            actor=agency_admin,
            title="Terlambat",
            category=open_edition.categories.first(),
            group="umum",
        )

    assert not Proposal.objects.exists()


def test_revision_deadline_ends_at_jakarta_midnight(draft, agency_admin, organizer):
    screening_day = dt.datetime(2026, 8, 5, 3, 0, tzinfo=UTC)
    submit_proposal(draft, actor=agency_admin, now=LAST_SECOND)
    screen_proposal(
        draft,
        decision="return",
        actor=organizer,
        note="Lengkapi.",
        revision_deadline=dt.date(2026, 8, 20),
        now=screening_day,
    )
    last_revision_second = dt.datetime(2026, 8, 20, 16, 59, 59, tzinfo=UTC)

    with pytest.raises(DomainError):
        submit_proposal(draft, actor=agency_admin, now=last_revision_second + dt.timedelta(seconds=1))
    assert Proposal.objects.get(pk=draft.pk).state == ProposalState.RETURNED

    submit_proposal(draft, actor=agency_admin, now=last_revision_second)
    assert Proposal.objects.get(pk=draft.pk).state == ProposalState.SUBMITTED


def test_organizer_extends_the_deadline_and_late_submit_is_accepted(open_edition, draft, agency_admin, organizer):
    set_schedule(open_edition, phases={PhaseKind.SCREENING: (dt.date(2026, 8, 10), dt.date(2026, 8, 24))}, actor=None)
    august_3 = dt.datetime(2026, 8, 3, 3, 0, tzinfo=UTC)
    with pytest.raises(DomainError):
        submit_proposal(draft, actor=agency_admin, now=august_3)

    extend_submission_deadline(open_edition, new_end_date=dt.date(2026, 8, 7), actor=organizer)
    submit_proposal(draft, actor=agency_admin, now=august_3)

    assert Proposal.objects.get(pk=draft.pk).state == ProposalState.SUBMITTED
    assert open_edition.phases.get(kind=PhaseKind.SUBMISSION).ends_on == dt.date(2026, 8, 7)
    log = ActionLog.objects.get(action_type="kovablik.edition.submission_extended")
    assert (log.actor, log.data) == (organizer, {"before": "2026-07-31", "after": "2026-08-07"})


@pytest.mark.parametrize("new_end", [dt.date(2026, 7, 31), dt.date(2026, 7, 20), dt.date(2026, 8, 1)])
def test_extension_must_be_later_and_before_screening(open_edition, organizer, new_end):
    with pytest.raises(DomainError):
        extend_submission_deadline(open_edition, new_end_date=new_end, actor=organizer)

    assert open_edition.phases.get(kind=PhaseKind.SUBMISSION).ends_on == dt.date(2026, 7, 31)


def test_only_organizers_extend_the_deadline(open_edition, agency_admin):
    with pytest.raises(DomainError):
        extend_submission_deadline(open_edition, new_end_date=dt.date(2026, 8, 1), actor=agency_admin)


def test_extend_deadline_page_for_organizer(open_edition, organizer_client, agency_client):
    set_schedule(open_edition, phases={PhaseKind.SCREENING: (dt.date(2026, 8, 10), dt.date(2026, 8, 24))}, actor=None)
    url = reverse("proposals:extend_deadline", args=[open_edition.year])

    refused = agency_client.post(url, {"new_end_date": "2026-08-05"})
    response = organizer_client.post(url, {"new_end_date": "2026-08-05"})

    assert refused.status_code == 403
    assert response["Location"] == url
    assert open_edition.phases.get(kind=PhaseKind.SUBMISSION).ends_on == dt.date(2026, 8, 5)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 8, 1), 12, dt.date(2025, 8, 1)),
        (dt.date(2026, 3, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2024, 3, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2026, 1, 15), 13, dt.date(2024, 12, 15)),
        (dt.date(2026, 5, 5), 0, dt.date(2026, 5, 5)),
    ],
)
def test_months_before(day, months, expected):
    assert months_before(day, months) == expected


@pytest.mark.parametrize(
    ("started", "accepted"), [(dt.date(2025, 8, 1), True), (dt.date(2025, 8, 2), False), (dt.date(2019, 1, 1), True)]
)
def test_innovation_must_have_run_the_minimum_before_submission_closes(draft, agency_admin, started, accepted):
    draft.implementation_started_on = started
    draft.save(update_fields=["implementation_started_on"])

    assert latest_eligible_start(draft) == dt.date(2025, 8, 1)
    if accepted:
        submit_proposal(draft, actor=agency_admin, now=LAST_SECOND)
    else:
        with pytest.raises(DomainError) as refused:
            submit_proposal(draft, actor=agency_admin, now=LAST_SECOND)
        assert [p.field for p in refused.value.problems] == ["implementation_started_on"]
    assert Proposal.objects.get(pk=draft.pk).state == (ProposalState.SUBMITTED if accepted else ProposalState.DRAFT)
