"""Run the cycle's steps from a shell, through the same services as the pages, so the same guards on the order hold:

    manage.py cycle status 2026                      where the edition stands (the cockpit as text)
    manage.py cycle open-stage 2026 presentation     open a stage to its judges
    manage.py cycle close-stage 2026 desk
    manage.py cycle publish 2026 --actor organizer   publish the results
    ... --reason "SK Gubernur No. …"                 override the order, with the reason kept in the audit trail

A refused step prints what is missing and exits with status 1; nothing is changed.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from competitions.enums import StageKind
from competitions.models import Edition
from core.exceptions import DomainError
from core.order import OutOfOrder
from judging import services as judging
from publication.awards import services as awards
from publication.cycle.cockpit import build_cockpit


class Command(BaseCommand):
    help = "Show where an edition's cycle stands, or run one of its steps (with the pages' guards on the order)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["status", "open-stage", "close-stage", "publish"])
        parser.add_argument("year", type=int)
        parser.add_argument("stage", nargs="?", choices=StageKind.values, help="For open-stage and close-stage.")
        parser.add_argument("--reason", default="", help="Go ahead although the order is not kept (audited).")
        parser.add_argument("--actor", default="", help="Username recorded as having done it.")
        parser.add_argument("--language", default="id", choices=["id", "en"])

    def handle(self, *args, **options):
        translation.activate(options["language"])
        edition = Edition.objects.prefetch_related("phases", "groups").filter(year=options["year"]).first()
        if edition is None:
            raise CommandError(f"No edition {options['year']}.")
        actor = None
        if options["actor"]:
            actor = get_user_model().objects.filter(username=options["actor"]).first()
            if actor is None:
                raise CommandError(f"No user {options['actor']!r}.")
        action = options["action"]
        if action == "status":
            self.status(edition)
            return
        try:
            if action == "publish":
                awards.publish_results(edition, actor=actor, override_reason=options["reason"])
            else:
                if not options["stage"]:
                    raise CommandError("Name the stage: desk, presentation or field.")
                stage = edition.stages.get(kind=options["stage"])
                if action == "open-stage":
                    judging.open_stage(stage, actor=actor, override_reason=options["reason"])
                else:
                    judging.close_stage(stage, actor=actor)
        except OutOfOrder as error:
            self.stderr.write(str(error))
            for item in error.missing:
                self.stderr.write(f"  - {item.message}" + (f" ({item.url})" if item.url else ""))
            raise CommandError("Nothing was changed; fix what is missing, or give --reason to go ahead.") from error
        except DomainError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS("Done."))

    def status(self, edition) -> None:
        cockpit = build_cockpit(edition)
        for number, step in enumerate(cockpit.steps, start=1):
            self.stdout.write(f"{number:>2}. {step.title} — {step.state_label}")
            for label, value in step.counts:
                self.stdout.write(f"      {label}: {value}")
            for item in step.blockers:
                self.stdout.write(f"      ! {item.message}")
        step = cockpit.next_step
        if step is not None:
            self.stdout.write(
                f"Next: {step.title}" + (f" → {step.action.label} ({step.action.url})" if step.action else "")
            )
