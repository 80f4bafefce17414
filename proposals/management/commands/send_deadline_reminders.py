"""Mail agencies that still have unsubmitted drafts a few days before submission closes.

Run it daily (cron or a systemd timer, see README "Background jobs"). It only enqueues the task
proposals.tasks.send_deadline_reminders, which the worker runs: on the days given by --days (default 7, 3 and 1 days
before the last day) it mails every member of each agency with drafts, at most once per agency and day, so running it
twice the same day sends nothing the second time.
"""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from competitions.models import jakarta_today
from proposals.enums import DEFAULT_REMINDER_DAYS
from proposals.tasks import send_deadline_reminders


def parse_days(value: str) -> tuple[int, ...]:
    try:
        days = tuple(sorted({int(part) for part in value.split(",") if part.strip()}, reverse=True))
    except ValueError as error:
        raise CommandError(f"--days takes whole numbers separated by commas, not {value!r}") from error
    if not days or min(days) < 0:
        raise CommandError("--days needs at least one number of days, none negative")
    return days


class Command(BaseCommand):
    help = "Enqueue the deadline reminders: mail to agencies with unsubmitted drafts N days before submission closes."

    def add_arguments(self, parser):
        default = ",".join(str(d) for d in getattr(settings, "PROPOSAL_REMINDER_DAYS", DEFAULT_REMINDER_DAYS))
        parser.add_argument(
            "--days", default=default, help=f"Days before the last day to remind on (default {default})."
        )
        parser.add_argument("--today", type=dt.date.fromisoformat, help="Act as if today (WIB) were this date.")

    def handle(self, *args, **options):
        days = parse_days(options["days"])
        today = options["today"] or jakarta_today()
        result = send_deadline_reminders.enqueue(today.isoformat(), list(days))
        self.stdout.write(f"Deadline reminders for {today.isoformat()} enqueued (task {result.id}).")
