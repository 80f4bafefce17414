"""Write the portal's data and uploaded files to one archive: `manage.py backup_portal var/backup.tar.gz`."""

from django.core.management.base import BaseCommand

from publication.maintenance.backup import create_backup


class Command(BaseCommand):
    help = "Back up the portal's data (JSON) and uploaded files (MEDIA_ROOT) into one tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Path of the tar.gz archive to write.")

    def handle(self, *args, **options):
        manifest = create_backup(options["archive"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {manifest['objects']} objects and {manifest['media_files']} files to {options['archive']}."
            )
        )
