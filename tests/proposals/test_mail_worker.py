"""Mail leaves the request path: submitting a proposal records the mail and enqueues a task; the worker sends it,
once. A mail server that fails is retried with backoff, shown to organizers as failed, and sent once on retry."""

import datetime as dt
import io
from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from core.enums import DeliveryState
from core.models import MailDelivery
from core.outbox import deliver_mail
from proposals.enums import ProposalState
from proposals.services import submit_proposal
from tests.conftest import logged_in_client
from tests.factories import ProposalFactory

from .conftest import DURING_SUBMISSION

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class BrokenMailServer(BaseEmailBackend):
    """A mail server that drops every connection."""

    calls = 0

    def send_messages(self, email_messages):
        BrokenMailServer.calls += 1
        raise SMTPServerDisconnected("Connection unexpectedly closed")


def run_worker() -> str:
    out = io.StringIO()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=out, stderr=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_submitting_enqueues_and_the_worker_sends_exactly_one_mail(
    settings, open_edition, agency, agency_admin, frozen_now
):
    settings.TASKS = DATABASE_TASKS
    proposal = ProposalFactory(edition=open_edition, agency=agency, complete=True, title="Sapa Warga")
    client = logged_in_client(agency_admin)

    response = client.post(reverse("proposals:submit", args=[proposal.pk]))

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SUBMITTED
    # The request committed the mail to send and a task for it; nothing was sent inside it.
    assert mail.outbox == []
    task = DBTaskResult.objects.get()
    assert (task.task_path, task.status) == ("core.outbox.deliver_mail", "READY")
    assert MailDelivery.objects.get().state == DeliveryState.PENDING

    run_worker()

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [agency_admin.email]
    assert "Sapa Warga" in mail.outbox[0].subject
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    delivery = MailDelivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.subject) == ("sent", 1, mail.outbox[0].subject)

    # A duplicated task (or a worker that runs it again) sends nothing more.
    deliver_mail.enqueue(delivery.pk)
    run_worker()
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_worker_retries_a_failed_mail_after_its_backoff(settings, open_edition, agency, agency_admin, frozen_now):
    settings.TASKS = DATABASE_TASKS
    settings.EMAIL_BACKEND = "tests.proposals.test_mail_worker.BrokenMailServer"
    settings.KOVABLIK_TASK_RETRY_SECONDS = 60
    submit_proposal(
        ProposalFactory(edition=open_edition, agency=agency, complete=True), actor=agency_admin, now=DURING_SUBMISSION
    )

    run_worker()

    delivery = MailDelivery.objects.get()
    assert (delivery.state, delivery.attempts) == ("pending", 1)
    assert delivery.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert delivery.next_attempt_at == DURING_SUBMISSION + dt.timedelta(seconds=60)
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after == delivery.next_attempt_at
    assert DBTaskResult.objects.filter(status="FAILED").count() == 1

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run_worker()  # the retry is not due yet
    assert mail.outbox == []

    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=DURING_SUBMISSION)  # a minute has passed
    run_worker()

    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_error) == ("sent", 2, "")


def test_mail_failing_every_attempt_is_shown_failed_and_a_retry_sends_it_once(
    settings, open_edition, agency, agency_admin, organizer_client, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.proposals.test_mail_worker.BrokenMailServer"
    settings.KOVABLIK_TASK_MAX_ATTEMPTS = 3
    BrokenMailServer.calls = 0
    proposal = ProposalFactory(edition=open_edition, agency=agency, complete=True, title="Sapa Warga")

    with django_capture_on_commit_callbacks(execute=True):
        submit_proposal(proposal, actor=agency_admin, now=DURING_SUBMISSION)

    delivery = MailDelivery.objects.get()
    assert BrokenMailServer.calls == 3
    assert (delivery.state, delivery.attempts) == (DeliveryState.FAILED, 3)
    page = organizer_client.get(reverse("competitions:org_mail_list")).content.decode()
    assert "SMTPServerDisconnected: Connection unexpectedly closed" in page
    assert agency_admin.email in page
    retry_url = reverse("competitions:org_mail_retry", args=[delivery.pk])
    assert f'href="{retry_url}"' in page
    assert organizer_client.get(retry_url).status_code == 200  # confirmation first

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = organizer_client.post(retry_url)

    assert response["Location"] == reverse("competitions:org_mail_list")
    assert len(mail.outbox) == 1
    assert "Sapa Warga" in mail.outbox[0].subject
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (DeliveryState.SENT, 1)
    # Sent mail is never sent again: neither by a second retry nor by a stray task.
    with django_capture_on_commit_callbacks(execute=True):
        organizer_client.post(retry_url)
        deliver_mail.enqueue(delivery.pk)
    assert len(mail.outbox) == 1
    assert "SMTPServerDisconnected" not in organizer_client.get(reverse("competitions:org_mail_list")).content.decode()


def test_the_same_notification_is_recorded_once(open_edition, agency, agency_admin, django_capture_on_commit_callbacks):
    from core.outbox import queue_mail
    from proposals.notifications import render_state_mail

    with django_capture_on_commit_callbacks(execute=True):
        first = queue_mail(key="proposal-state:1:1", renderer=render_state_mail, recipient=agency_admin)
        second = queue_mail(key="proposal-state:1:1", renderer=render_state_mail, recipient=agency_admin)

    assert first is not None and second is None
    assert MailDelivery.objects.count() == 1
