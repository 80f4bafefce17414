"""Load the demo: East Java's regions and agencies, one login per role, the editions 2019 to last year judged with
their awards published, and the current edition open for submission with a few proposals of the demo agency
admins.

It lives in the highest app because it seeds every app; each app's part is a function (competitions.demo,
publication.demo). Idempotent: running it again changes nothing that exists and creates nothing twice.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from competitions import demo as competitions_demo
from core.enums import DeliveryState
from core.models import MailDelivery
from publication import demo as publication_demo


class Command(BaseCommand):
    help = "Create demo regions, agencies, editions 2019 onwards with published results, and one login per role."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args, **options):
        # The demo's example.org accounts are never mailed (submitting a proposal mails its agency on commit): the
        # mail the seed queues is marked not needed before the commit, so no worker sends it later either.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            logins = self.seed()
        if not options["quiet_logins"]:
            self.print_logins(logins)

    @transaction.atomic
    def seed(self) -> list[tuple[str, str, str]]:
        last_mail = MailDelivery.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        logins = self.seed_all()
        MailDelivery.objects.filter(pk__gt=last_mail, state=DeliveryState.PENDING).update(state=DeliveryState.SKIPPED)
        return logins

    def seed_all(self) -> list[tuple[str, str, str]]:
        regions = competitions_demo.seed_regions()
        agencies = competitions_demo.seed_agencies(regions)
        archived, current = competitions_demo.seed_editions()
        logins = competitions_demo.seed_people(agencies)
        organizer = get_user_model().objects.get(username="organizer")
        for edition in archived:  # oldest first: replications and Khusus entries name earlier winners
            publication_demo.seed_archived_edition(edition, organizer=organizer)
        publication_demo.seed_current_proposals(current)
        publication_demo.seed_current_invitations(current, organizer=organizer)
        return logins

    def print_logins(self, logins) -> None:
        password = competitions_demo.DEMO_PASSWORD
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {password}):"))
        for username, role, where in logins:
            self.stdout.write(f"  {username:<18} {role:<30} {where}")
        self.stdout.write("  Published results: /results/2023/ (and every year from 2019)")
