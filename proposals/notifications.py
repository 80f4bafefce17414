"""Mail to agencies about their proposals: recorded with the change, rendered per recipient and sent by a task.

Templates live in proposals/templates/proposals/emails/<name>_subject.txt and <name>_body.txt. Each mail is one
core.outbox delivery per recipient under a key that names the notification, so nothing is sent twice.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from itertools import groupby

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse

from competitions.enums import MembershipRole, PhaseKind
from competitions.models import Agency, Edition, jakarta_today
from core.audit import log_action
from core.outbox import language_for, mail_renderer, queue_mail

from .enums import ProposalState
from .models import DeadlineReminder, Proposal, ProposalStateChange

__all__ = ["language_for", "portal_url"]

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


def agency_admins(agency_id: int) -> list:
    return list(
        User.objects.filter(
            membership__agency_id=agency_id, membership__role=MembershipRole.ADMIN, is_active=True
        ).exclude(email="")
    )


def agency_members(agency_id: int) -> list:
    return list(User.objects.filter(membership__agency_id=agency_id, is_active=True).exclude(email=""))


def render(template: str, context: dict) -> tuple[str, str]:
    subject = " ".join(render_to_string(f"proposals/emails/{template}_subject.txt", context).split())
    return subject, render_to_string(f"proposals/emails/{template}_body.txt", context)


def queue_state_mail(proposal, change) -> int:
    """Inside set_proposal_state's transaction: one mail per agency admin about the state `change` reached."""
    template = STATE_MAILS.get(change.to_state)
    if template is None:
        return 0
    queued = 0
    for admin in agency_admins(proposal.agency_id):
        queued += bool(
            queue_mail(
                key=f"proposal-state:{change.pk}:{admin.pk}",
                renderer=render_state_mail,
                recipient=admin,
                params={"change": change.pk, "template": template},
            )
        )
    return queued


@mail_renderer
def render_state_mail(delivery) -> tuple[str, str] | None:
    change = (
        ProposalStateChange.objects.select_related(
            "actor", "proposal__edition", "proposal__agency", "proposal__category"
        )
        .filter(pk=delivery.params["change"])
        .first()
    )
    if change is None:
        return None
    proposal = change.proposal
    context = {
        "recipient": delivery.recipient,
        "proposal": proposal,
        "change": change,
        "resubmitted": change.from_state == ProposalState.RETURNED,
        "proposal_url": portal_url(reverse("proposals:detail", args=[proposal.pk])),
        "edit_url": portal_url(reverse("proposals:edit_step", args=[proposal.pk, "basics"])),
    }
    return render(delivery.params["template"], context)


# --- Deadline reminders ---------------------------------------------------------------------------------------------


def queue_deadline_reminder(reminder, *, drafts: list) -> int:
    """One mail to every member of the reminder's agency (admins and drafters) listing its unsubmitted `drafts`."""
    queued = 0
    for member in agency_members(reminder.agency_id):
        queued += bool(
            queue_mail(
                key=f"deadline-reminder:{reminder.pk}:{member.pk}",
                renderer=render_deadline_reminder,
                recipient=member,
                params={"reminder": reminder.pk, "drafts": [draft.pk for draft in drafts]},
            )
        )
    return queued


@mail_renderer
def render_deadline_reminder(delivery) -> tuple[str, str] | None:
    reminder = (
        DeadlineReminder.objects.select_related("edition", "agency").filter(pk=delivery.params["reminder"]).first()
    )
    # Drafts submitted since the reminder was queued are not listed; with none left the mail is not needed.
    drafts = list(
        Proposal.objects.filter(pk__in=delivery.params["drafts"], state=ProposalState.DRAFT).order_by("title")
    )
    if reminder is None or not drafts:
        return None
    edition = reminder.edition
    context = {
        "recipient": delivery.recipient,
        "edition": edition,
        "agency": reminder.agency,
        "drafts": drafts,
        "last_day": edition.submission_last_day(),
        "days_left": reminder.days_before,
        "proposals_url": portal_url(reverse("proposals:list")),
    }
    return render("deadline_reminder", context)


def send_deadline_reminders(*, today: dt.date, days: tuple[int, ...]) -> int:
    """Queue the deadline reminders due `today` (WIB): to every agency with unsubmitted drafts in an edition whose
    submission closes in one of `days` days, at most once per agency and day. Returns the number of agencies."""
    agencies = 0
    for edition in Edition.objects.filter(phases__kind=PhaseKind.SUBMISSION).prefetch_related("phases"):
        last_day = edition.submission_last_day()
        days_left = (last_day - today).days
        if days_left not in days:
            continue
        drafts = (
            Proposal.objects.filter(edition=edition, state=ProposalState.DRAFT)
            .select_related("agency")
            .order_by("agency_id", "title")
        )
        for _agency_id, agency_drafts in groupby(drafts, key=lambda proposal: proposal.agency_id):
            agency_drafts = list(agency_drafts)
            agency: Agency = agency_drafts[0].agency
            try:
                with transaction.atomic():
                    reminder = DeadlineReminder.objects.create(
                        edition=edition, agency=agency, sent_on=today, days_before=days_left
                    )
                    reminder.recipients = queue_deadline_reminder(reminder, drafts=agency_drafts)
                    reminder.save(update_fields=["recipients"])
                    log_action(
                        agency,
                        "kovablik.proposal.reminder_sent",
                        data={"edition": edition.year, "days_left": days_left, "drafts": len(agency_drafts)},
                    )
            except IntegrityError:
                continue  # already reminded today
            agencies += 1
    return agencies


# --- Revision reminders (sent by an organizer from the cockpit) -------------------------------------------------------


@dataclass
class RevisionReminder:
    """A returned proposal still open for revision, and the agency admins its reminder goes to."""

    proposal: Proposal
    recipients: list

    @property
    def days_left(self) -> int:
        return (self.proposal.revision_deadline - jakarta_today()).days


def revision_reminders(edition: Edition) -> list[RevisionReminder]:
    """Every returned proposal of `edition` whose revision deadline has not passed, nearest deadline first, with its
    agency's admins (two queries)."""
    proposals = list(
        Proposal.objects.filter(edition=edition, state=ProposalState.RETURNED, revision_deadline__gte=jakarta_today())
        .select_related("agency")
        .order_by("revision_deadline", "agency__name", "title")
    )
    admins = defaultdict(list)
    for user in (
        User.objects.filter(
            membership__agency_id__in={proposal.agency_id for proposal in proposals},
            membership__role=MembershipRole.ADMIN,
            is_active=True,
        )
        .exclude(email="")
        .annotate(agency_id=F("membership__agency_id"))
        .order_by("last_name", "first_name", "pk")
    ):
        admins[user.agency_id].append(user)
    return [RevisionReminder(proposal, admins[proposal.agency_id]) for proposal in proposals]


@transaction.atomic
def send_revision_reminders(edition: Edition, *, actor) -> int:
    """Queue one mail per agency admin of each proposal in revision_reminders, at most once per proposal, admin
    and day (sending twice the same day sends nothing more). Audited on the edition; returns the mails queued."""
    today = jakarta_today().isoformat()
    reminders = revision_reminders(edition)
    queued = 0
    for reminder in reminders:
        for admin in reminder.recipients:
            queued += bool(
                queue_mail(
                    key=f"revision-reminder:{reminder.proposal.pk}:{today}:{admin.pk}",
                    renderer=render_revision_reminder,
                    recipient=admin,
                    params={"proposal": reminder.proposal.pk},
                )
            )
    log_action(
        edition,
        "kovablik.proposal.revision_reminders_sent",
        actor=actor,
        data={"proposals": [reminder.proposal.pk for reminder in reminders], "mails": queued},
    )
    return queued


@mail_renderer
def render_revision_reminder(delivery) -> tuple[str, str] | None:
    proposal = (
        Proposal.objects.select_related("edition", "agency")
        .filter(pk=delivery.params["proposal"], state=ProposalState.RETURNED)
        .first()
    )
    # Resubmitted (or past its deadline) since the reminder was queued: the mail is not needed any more.
    if proposal is None or proposal.revision_deadline is None or proposal.revision_deadline < jakarta_today():
        return None
    context = {
        "recipient": delivery.recipient,
        "proposal": proposal,
        "days_left": (proposal.revision_deadline - jakarta_today()).days,
        "edit_url": portal_url(reverse("proposals:edit_step", args=[proposal.pk, "basics"])),
    }
    return render("revision_reminder", context)
