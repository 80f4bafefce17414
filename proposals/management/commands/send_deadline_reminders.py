"""Mail agencies that still have unsubmitted drafts a few days before submission closes.

Run it daily (cron). It mails on the days given by --days (default 7, 3 and 1 days before the last day), at most once
per agency and day: running it twice the same day sends nothing the second time.
"""

import datetime as dt
from itertools import groupby

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction

from competitions.audit import log_action
from competitions.enums import PhaseKind
from competitions.models import Agency, Edition, jakarta_today
from proposals.enums import DEFAULT_REMINDER_DAYS, ProposalState
from proposals.models import DeadlineReminder, Proposal
from proposals.notifications import send_deadline_reminder


def parse_days(value: str) -> tuple[int, ...]:
    try:
        days = tuple(sorted({int(part) for part in value.split(",") if part.strip()}, reverse=True))
    except ValueError as error:
        raise CommandError(f"--days takes whole numbers separated by commas, not {value!r}") from error
    if not days or min(days) < 0:
        raise CommandError("--days needs at least one number of days, none negative")
    return days


class Command(BaseCommand):
    help = "Email agencies with unsubmitted drafts N days before submission closes (idempotent per day)."

    def add_arguments(self, parser):
        default = ",".join(str(d) for d in getattr(settings, "PROPOSAL_REMINDER_DAYS", DEFAULT_REMINDER_DAYS))
        parser.add_argument(
            "--days", default=default, help=f"Days before the last day to remind on (default {default})."
        )
        parser.add_argument("--today", type=dt.date.fromisoformat, help="Act as if today (WIB) were this date.")

    def handle(self, *args, **options):
        days = parse_days(options["days"])
        today = options["today"] or jakarta_today()
        sent = 0
        for edition in Edition.objects.filter(phases__kind=PhaseKind.SUBMISSION).prefetch_related("phases"):
            last_day = edition.submission_last_day()
            days_left = (last_day - today).days
            if days_left in days:
                sent += self.remind(edition, last_day=last_day, days_left=days_left, today=today)
        self.stdout.write(f"Deadline reminders sent to {sent} agencies.")

    def remind(self, edition: Edition, *, last_day: dt.date, days_left: int, today: dt.date) -> int:
        drafts = (
            Proposal.objects.filter(edition=edition, state=ProposalState.DRAFT)
            .select_related("agency")
            .order_by("agency_id", "title")
        )
        agencies = 0
        for _agency_id, agency_drafts in groupby(drafts, key=lambda proposal: proposal.agency_id):
            agency_drafts = list(agency_drafts)
            agency: Agency = agency_drafts[0].agency
            try:
                with transaction.atomic():
                    reminder = DeadlineReminder.objects.create(
                        edition=edition, agency=agency, sent_on=today, days_before=days_left
                    )
                    reminder.recipients = send_deadline_reminder(
                        edition=edition, agency=agency, drafts=agency_drafts, last_day=last_day, days_left=days_left
                    )
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
