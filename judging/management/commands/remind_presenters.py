"""Mail the agencies that present tomorrow (WIB) in a published Tahap II schedule: the time, the meeting link, what
to prepare. Run it daily with the other reminders (README "Daily commands"); a slot is never told twice."""

import datetime as dt

from django.core.management.base import BaseCommand

from judging.schedule.services import remind_tomorrows_presenters


class Command(BaseCommand):
    help = "Queue the day-before mail to agencies presenting tomorrow."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=dt.date.fromisoformat, help="Act as if today were YYYY-MM-DD.")

    def handle(self, *args, **options):
        queued = remind_tomorrows_presenters(today=options["today"])
        self.stdout.write(self.style.SUCCESS(f"{queued} mails queued."))
