"""Outgoing mail: recorded with the change it is about, rendered and sent by a task, never twice.

A service calls `queue_mail` inside its transaction; it records a MailDelivery under a unique key and enqueues the
`deliver_mail` task (below) after the commit. The task renders the mail with the delivery's renderer in
the recipient's language and sends it. A mail already sent (or a key already recorded) is not sent again, whichever
task or retry runs for it, because the task locks the row and checks its state first.

Renderers live with the app whose mail it is (proposals.notifications, judging.progress …) and are marked with
`mail_renderer`; a delivery names its renderer by dotted path, so this app never imports the apps above it.
"""

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from . import jobs
from .audit import log_action
from .enums import DeliveryState
from .exceptions import DomainError
from .models import MailDelivery

logger = logging.getLogger(__name__)

Rendered = tuple[str, str] | None

# What each kind of mail is, by the first part of its key (shown on the organizers' outgoing mail page).
KIND_LABELS = {
    "proposal-state": gettext_lazy("Proposal submitted or screened"),
    "deadline-reminder": gettext_lazy("Submission deadline reminder"),
    "judge-reminder": gettext_lazy("Reminder to a judge who is behind"),
    "account-created": gettext_lazy("New account: choose a password"),
    "password-reset": gettext_lazy("Password reset"),
    "special-invitation": gettext_lazy("Invitation to the special group"),
    "presentation-slot": gettext_lazy("Presentation slot"),
    "field-visit": gettext_lazy("Field verification visit"),
}


def kind_label(delivery: MailDelivery) -> str:
    prefix = delivery.key.split(":", 1)[0]
    return str(KIND_LABELS.get(prefix, prefix))


def mail_renderer(function: Callable[[MailDelivery], Rendered]) -> Callable[[MailDelivery], Rendered]:
    """Mark `function(delivery) -> (subject, body) | None` as a renderer a delivery may name. None: not needed."""
    function.is_mail_renderer = True
    return function


def renderer_path(function) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def language_for(user) -> str:
    """The recipient's language where the portal knows it (a `language` attribute), else the portal's default.

    Accounts have no language of their own yet, so today every mail is in the portal's default (Indonesian)."""
    language = getattr(user, "language", "") or ""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def queue_mail(*, key: str, renderer, recipient, params: dict | None = None, to_email: str = "") -> MailDelivery | None:
    """Record one mail to `recipient` (a user; `to_email` overrides their address) and send it after the commit.

    Returns the new delivery, or None when `key` was recorded before (nothing is queued twice) or there is no
    address. Call it inside the service's transaction, so the mail exists exactly when the change does."""
    address = (to_email or getattr(recipient, "email", "") or "").strip()
    if not address:
        return None
    delivery, created = MailDelivery.objects.get_or_create(
        key=key[:200],
        defaults={
            "renderer": renderer if isinstance(renderer, str) else renderer_path(renderer),
            "recipient": recipient,
            "to_email": address,
            "language": language_for(recipient),
            "params": params or {},
        },
    )
    if not created:
        return None
    jobs.enqueue_on_commit(deliver_mail, delivery.pk)
    return delivery


def _render(delivery: MailDelivery) -> Rendered:
    renderer = import_string(delivery.renderer)
    if not getattr(renderer, "is_mail_renderer", False):
        raise ValueError(f"{delivery.renderer} is not a mail renderer")
    with translation.override(delivery.language or settings.LANGUAGE_CODE):
        return renderer(delivery)


def deliver(delivery_id: int) -> str:
    """Render and send one recorded mail unless it was sent already; returns the delivery's state afterwards.

    A failure (the renderer or the mail server raising) is counted on the row; the next attempt is enqueued after a
    backoff until the last attempt, after which the row is failed. The error is raised again, so the task's own
    result says failed too. The row stays locked while the mail is handed to the mail server, so two workers never
    send it both; only a crash between the hand-over and the commit could send it a second time."""
    failure = None
    with transaction.atomic():
        delivery = (
            MailDelivery.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.state not in (DeliveryState.PENDING,):
            return delivery.state if delivery else "missing"
        delivery.attempts += 1
        try:
            # A savepoint, so that a renderer's database error still lets the failure be recorded below.
            with transaction.atomic():
                rendered = _render(delivery)
            if rendered is None:
                delivery.state = DeliveryState.SKIPPED
            else:
                subject, body = rendered
                delivery.subject = subject[:300]
                EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [delivery.to_email]).send()
                delivery.state = DeliveryState.SENT
                delivery.sent_at = timezone.now()
                delivery.last_error = ""
            delivery.next_attempt_at = None
        except Exception as error:  # noqa: BLE001 - any failure is retried, then shown to the organizers
            failure = error
            delivery.last_error = jobs.error_summary(error)
            delivery.next_attempt_at = jobs.next_attempt_at(delivery.attempts)
            if delivery.next_attempt_at is None:
                delivery.state = DeliveryState.FAILED
                logger.error(
                    "Mail %s failed after %s attempts: %s", delivery.pk, delivery.attempts, delivery.last_error
                )
            else:
                jobs.enqueue_on_commit(deliver_mail, delivery.pk, run_after=delivery.next_attempt_at)
        delivery.save()
    if failure is not None:
        raise failure
    return delivery.state


@transaction.atomic
def retry_delivery(delivery: MailDelivery, *, actor) -> MailDelivery:
    """An organizer sends a failed (or stuck) mail again: a fresh round of attempts. A sent mail is never resent."""
    delivery = MailDelivery.objects.select_for_update().get(pk=delivery.pk)
    if delivery.state not in (DeliveryState.FAILED, DeliveryState.PENDING):
        raise DomainError(_("Only a mail that was not sent can be sent again."))
    before = {"state": delivery.state, "attempts": delivery.attempts}
    delivery.state = DeliveryState.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = None
    delivery.save(update_fields=["state", "attempts", "next_attempt_at"])
    log_action(delivery, "kovablik.mail.retried", actor=actor, data={"before": before, "key": delivery.key})
    jobs.enqueue_on_commit(deliver_mail, delivery.pk)
    return delivery


@task()
def deliver_mail(delivery_id: int) -> str:
    """Send one recorded mail (`deliver`): at most once, retried with backoff when it fails."""
    return deliver(delivery_id)
