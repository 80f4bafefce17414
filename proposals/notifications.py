"""Mail to agencies about their proposals, rendered per recipient in their language and sent after the commit.

Templates live in proposals/templates/proposals/emails/<name>_subject.txt and <name>_body.txt.
"""

import logging
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from competitions.enums import MembershipRole

from .enums import ProposalState

logger = logging.getLogger(__name__)
User = get_user_model()

# The state a proposal reaches → the mail its agency admins get (resubmission uses the submitted mail).
STATE_MAILS = {
    ProposalState.SUBMITTED: "submitted",
    ProposalState.PASSED: "passed",
    ProposalState.RETURNED: "returned",
    ProposalState.REJECTED: "rejected",
}


def portal_url(path: str) -> str:
    """An absolute link for mail (settings.PORTAL_URL, from the environment or the first allowed host)."""
    return settings.PORTAL_URL + path


def language_for(user) -> str:
    """The recipient's language where the portal knows it (a `language` attribute), else the portal's default."""
    language = getattr(user, "language", "") or ""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def agency_admins(agency_id: int) -> list:
    return list(
        User.objects.filter(
            membership__agency_id=agency_id, membership__role=MembershipRole.ADMIN, is_active=True
        ).exclude(email="")
    )


def agency_members(agency_id: int) -> list:
    return list(User.objects.filter(membership__agency_id=agency_id, is_active=True).exclude(email=""))


def send_each(recipients, template: str, context: dict) -> int:
    """Render and send one message per recipient, each in their own language. Returns the number sent."""
    messages = []
    for user in recipients:
        with translation.override(language_for(user)):
            personal = {**context, "recipient": user}
            subject = " ".join(render_to_string(f"proposals/emails/{template}_subject.txt", personal).split())
            body = render_to_string(f"proposals/emails/{template}_body.txt", personal)
        messages.append(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]))
    if not messages:
        return 0
    try:
        return get_connection().send_messages(messages) or 0
    except OSError:
        # The change is committed; a mail server outage must not turn it into an error page.
        logger.exception("Could not send %s mail to %s recipients", template, len(messages))
        return 0


def queue_state_mail(proposal, change) -> None:
    template = STATE_MAILS.get(change.to_state)
    if template is not None:
        transaction.on_commit(partial(send_state_mail, proposal.pk, change.pk, template))


def send_state_mail(proposal_id: int, change_id: int, template: str) -> int:
    from .models import Proposal, ProposalStateChange

    proposal = Proposal.objects.select_related("edition", "agency", "category").get(pk=proposal_id)
    change = ProposalStateChange.objects.select_related("actor").get(pk=change_id)
    context = {
        "proposal": proposal,
        "change": change,
        "resubmitted": change.from_state == ProposalState.RETURNED,
        "proposal_url": portal_url(reverse("proposals:detail", args=[proposal.pk])),
        "edit_url": portal_url(reverse("proposals:edit_step", args=[proposal.pk, "basics"])),
    }
    return send_each(agency_admins(proposal.agency_id), template, context)


def send_deadline_reminder(*, edition, agency, drafts: list, last_day, days_left: int) -> int:
    """Remind every member of `agency` (admins and drafters) that `drafts` are not submitted yet."""
    context = {
        "edition": edition,
        "agency": agency,
        "drafts": drafts,
        "last_day": last_day,
        "days_left": days_left,
        "proposals_url": portal_url(reverse("proposals:list")),
    }
    return send_each(agency_members(agency.pk), "deadline_reminder", context)
