"""Mail every judge who is behind in a stage open for scoring: what is pending, the deadline, a link to their page.

The same service as the progress page's button (judging.progress.remind_judges), run by the worker: the command only
enqueues one task per stage (judging.tasks.remind_stage_judges). Run it daily from cron or a systemd timer (README
"Background jobs"); a stage already reminded today (WIB), from the page or the command, is skipped unless --force.
"""

from django.core.management.base import BaseCommand, CommandError

from competitions.enums import StageKind
from competitions.models import Stage
from judging.enums import RoundState
from judging.progress import reminded_today, reminders_for
from judging.tasks import remind_stage_judges


class Command(BaseCommand):
    help = "Enqueue reminders to judges who have entries without submitted scores in stages open for scoring."

    def add_arguments(self, parser):
        parser.add_argument("--edition", type=int, help="Only this edition (its year).")
        parser.add_argument("--stage", choices=StageKind.values, help="Only this stage.")
        parser.add_argument("--dry-run", action="store_true", help="List who would be reminded; send nothing.")
        parser.add_argument("--force", action="store_true", help="Remind even if the stage was reminded today.")

    def handle(self, *args, **options):
        stages = (
            Stage.objects.filter(round__state=RoundState.OPEN)
            .select_related("edition", "round")
            .prefetch_related("edition__phases")
            .order_by("edition__year", "pk")
        )
        if options["edition"]:
            stages = stages.filter(edition__year=options["edition"])
        if options["stage"]:
            stages = stages.filter(kind=options["stage"])
        if options["edition"] and not stages.exists():
            raise CommandError(f"No stage open for scoring in edition {options['edition']}.")
        count = 0
        for stage in stages:
            label = f"{stage.edition.year} {stage.get_kind_display()}"
            if not options["force"] and reminded_today(stage):
                self.stdout.write(f"{label}: already reminded today, skipped.")
                continue
            if options["dry_run"]:
                reminders = reminders_for(stage)
                for reminder in reminders:
                    self.stdout.write(f"{label}: would remind {reminder.judge} ({len(reminder.pending)} pending)")
                count += len(reminders)
            else:
                remind_stage_judges.enqueue(stage.pk, options["force"])
                self.stdout.write(f"{label}: reminders enqueued.")
                count += 1
        if options["dry_run"]:
            self.stdout.write(self.style.SUCCESS(f"{count} judges would be reminded."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Reminders enqueued for {count} stages."))
