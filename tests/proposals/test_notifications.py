import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import translation

from proposals.enums import ProposalState
from proposals.models import DeadlineReminder
from proposals.services import SubmissionRefused, screen_proposal, submit_proposal, withdraw_proposal
from tests.factories import MembershipFactory, ProposalFactory

from .conftest import DURING_SUBMISSION


@pytest.fixture
def second_admin(agency):
    return MembershipFactory(agency=agency, user__username="admin.a2").user


@pytest.fixture
def submitted(open_edition, agency, agency_admin, second_admin, drafter, other_agency_admin):
    proposal = ProposalFactory(edition=open_edition, agency=agency, complete=True, title="Sapa Warga")
    submit_proposal(proposal, actor=agency_admin, now=DURING_SUBMISSION)
    return proposal


def recipients(messages):
    return sorted(address for message in messages for address in message.to)


def test_submit_mails_every_admin_of_the_agency_after_commit(
    open_edition, agency, agency_admin, second_admin, drafter, other_agency_admin, django_capture_on_commit_callbacks
):
    proposal = ProposalFactory(edition=open_edition, agency=agency, complete=True, title="Sapa Warga")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        submit_proposal(proposal, actor=agency_admin, now=DURING_SUBMISSION)
        assert mail.outbox == []  # nothing leaves before the commit

    assert len(callbacks) == 2  # one mail task per admin, enqueued after the commit
    assert recipients(mail.outbox) == ["admin.a2@example.org", "admin.a@example.org"]
    assert all(len(message.to) == 1 for message in mail.outbox)
    assert "Sapa Warga" in mail.outbox[0].subject
    assert f"/proposals/{proposal.pk}/" in mail.outbox[0].body


def test_refused_submit_sends_no_mail(open_edition, agency, agency_admin, django_capture_on_commit_callbacks):
    proposal = ProposalFactory(edition=open_edition, agency=agency)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(SubmissionRefused):
        submit_proposal(proposal, actor=agency_admin, now=DURING_SUBMISSION)

    assert mail.outbox == []


@pytest.mark.parametrize(
    ("decision", "kwargs"),
    [
        ("pass", {}),
        ("return", {"note": "Lengkapi SK pengaduan.", "revision_deadline": dt.date(2026, 8, 20)}),
        ("reject", {"note": "Bukan inovasi."}),
    ],
)
def test_each_screening_decision_mails_the_agency_admins(
    submitted, organizer, second_admin, django_capture_on_commit_callbacks, decision, kwargs
):
    with django_capture_on_commit_callbacks(execute=True):
        screen_proposal(submitted, decision=decision, actor=organizer, now=DURING_SUBMISSION, **kwargs)

    assert recipients(mail.outbox) == ["admin.a2@example.org", "admin.a@example.org"]
    assert all("Sapa Warga" in message.subject for message in mail.outbox)
    if "note" in kwargs:
        assert kwargs["note"] in mail.outbox[0].body


def test_return_mail_in_english_says_what_to_do_and_by_when(
    submitted, organizer, settings, django_capture_on_commit_callbacks
):
    settings.LANGUAGE_CODE = "en"

    with django_capture_on_commit_callbacks(execute=True), translation.override("id"):
        screen_proposal(
            submitted,
            decision="return",
            actor=organizer,
            note="Attach the complaint-handling decree.",
            revision_deadline=dt.date(2026, 8, 20),
            now=DURING_SUBMISSION,
        )

    message = mail.outbox[0]
    assert message.subject == "[KOVABLIK] Revision needed: Sapa Warga"
    assert "Attach the complaint-handling decree." in message.body
    assert "resubmit it by" in message.body
    assert f"/proposals/{submitted.pk}/edit/basics/" in message.body


def test_withdraw_sends_no_mail(submitted, agency_admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        withdraw_proposal(submitted, actor=agency_admin)

    assert mail.outbox == []


# Deadline reminders ------------------------------------------------------------------------------------------------


@pytest.fixture
def drafts(open_edition, agency, agency_admin, drafter, other_agency, other_agency_admin):
    ProposalFactory(edition=open_edition, agency=agency, title="Draf A")
    ProposalFactory(edition=open_edition, agency=agency, title="Terkirim", state=ProposalState.SUBMITTED)
    ProposalFactory(edition=open_edition, agency=other_agency, title="Sudah dikirim", state=ProposalState.SUBMITTED)


def test_reminder_mails_members_of_agencies_with_unsubmitted_drafts(drafts, agency, django_capture_on_commit_callbacks):
    # Submission closes at the end of 31 July: 28 July is 3 days before.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_deadline_reminders", "--today", "2026-07-28", stdout=io.StringIO())

    assert recipients(mail.outbox) == ["admin.a@example.org", "drafter.a@example.org"]
    assert "Draf A" in mail.outbox[0].body
    assert "Terkirim" not in mail.outbox[0].body
    assert DeadlineReminder.objects.get().agency == agency


def test_reminder_is_sent_once_per_day(drafts, django_capture_on_commit_callbacks):
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_deadline_reminders", "--today", "2026-07-28", stdout=io.StringIO())

    assert len(mail.outbox) == 2
    assert DeadlineReminder.objects.count() == 1


def test_reminder_only_on_the_configured_days(drafts, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_deadline_reminders", "--today", "2026-07-27", stdout=io.StringIO())
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_deadline_reminders", "--today", "2026-07-27", "--days", "4", stdout=io.StringIO())
    assert len(mail.outbox) == 2
