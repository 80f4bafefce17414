"""Restore an archive of `backup_portal` into an empty database: `manage.py restore_portal var/backup.tar.gz`."""

from django.core.management.base import BaseCommand, CommandError

from publication.maintenance.backup import RestoreError, restore_backup


class Command(BaseCommand):
    help = (
        "Migrate the database, then restore the data and uploaded files of a backup_portal archive. "
        "Refuses a database that already holds data unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Path of the tar.gz archive written by backup_portal.")
        parser.add_argument(
            "--force", action="store_true", help="Delete all data of the target database before restoring."
        )

    def handle(self, *args, **options):
        try:
            manifest = restore_backup(options["archive"], force=options["force"])
        except RestoreError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {manifest['objects']} objects and {manifest['media_files']} files from {options['archive']}."
            )
        )
