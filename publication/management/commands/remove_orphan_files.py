"""Delete uploaded files no row refers to (left behind by a rolled-back upload): run it daily, e.g. from cron."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from publication.maintenance.files import find_orphan_files, remove_orphan_files


class Command(BaseCommand):
    help = "Delete uploaded files that no attachment or objection refers to and that are older than --hours."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24, help="Only files last written this long ago (24).")
        parser.add_argument("--dry-run", action="store_true", help="List the files without deleting them.")

    def handle(self, *args, hours, dry_run, **options):
        if hours < 1:
            raise CommandError("--hours must be at least 1, so that an upload still being saved is never deleted.")
        older_than = dt.timedelta(hours=hours)
        files = find_orphan_files(older_than=older_than) if dry_run else remove_orphan_files(older_than=older_than)
        for orphan in files:
            self.stdout.write(f"{orphan.name}\t{orphan.size} bytes\t{orphan.modified:%Y-%m-%d %H:%M}")
        verb = "Would delete" if dry_run else "Deleted"
        total = sum(orphan.size for orphan in files)
        self.stdout.write(self.style.SUCCESS(f"{verb} {len(files)} orphaned files ({total} bytes)."))
