"""Delete the files of exports written more than KOVABLIK_EXPORT_RETENTION_DAYS ago: run it daily."""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from judging.export_jobs import old_exports, remove_old_exports


class Command(BaseCommand):
    help = (
        "Delete the files of exports (rankings, score sheets, minutes) written more than --days ago; the Exports "
        "page shows them as removed, to be asked for again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Files written this many days ago or earlier (default KOVABLIK_EXPORT_RETENTION_DAYS, 14).",
        )
        parser.add_argument("--dry-run", action="store_true", help="List the files without deleting them.")

    def handle(self, *args, days, dry_run, **options):
        days = settings.KOVABLIK_EXPORT_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError("--days must be at least 1, so that a file just written is never deleted.")
        older_than = dt.timedelta(days=days)
        exports = list(old_exports(older_than=older_than)) if dry_run else remove_old_exports(older_than=older_than)
        for export in exports:
            self.stdout.write(f"{export.file_name}\t{export.size} bytes\t{export.finished_at:%Y-%m-%d %H:%M}")
        verb = "Would delete" if dry_run else "Deleted"
        total = sum(export.size or 0 for export in exports)
        self.stdout.write(self.style.SUCCESS(f"{verb} {len(exports)} export files ({total} bytes)."))
