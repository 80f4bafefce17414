"""remove_orphan_files: uploads left behind by a rolled-back transaction are deleted once old enough; files that a
row refers to, and recent ones, are kept."""

import io
import os
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from judging.models import Export
from tests import factories

DAY = 24 * 3600


def stray_file(media_root: Path, name: str, *, age_seconds: int) -> Path:
    path = media_root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"left behind by a rolled-back upload")
    stamp = time.time() - age_seconds
    os.utime(path, (stamp, stamp))
    return path


def run(*args) -> str:
    out = io.StringIO()
    call_command("remove_orphan_files", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_remove_orphan_files_deletes_old_unreferenced_uploads_only(settings):
    media = Path(settings.MEDIA_ROOT)
    attachment = factories.AttachmentFactory()
    referenced = media / attachment.file.name
    os.utime(referenced, (time.time() - 3 * DAY, time.time() - 3 * DAY))  # old, but a row refers to it
    old_attachment = stray_file(media, "attachments/ab/abandoned.pdf", age_seconds=2 * DAY)
    old_evidence = stray_file(media, "objections/cd/abandoned.png", age_seconds=2 * DAY)
    recent = stray_file(media, "attachments/ef/being-saved.pdf", age_seconds=60)
    elsewhere = stray_file(media, "certificates/kept.pdf", age_seconds=5 * DAY)  # not a folder it looks after
    old_export = stray_file(media, "exports/2026/11/edition-deleted.csv", age_seconds=2 * DAY)
    export = Export.objects.create(
        edition=attachment.proposal.edition, kind="ranking", fmt="csv", state="done", file="exports/2026/11/kept.csv"
    )
    written_export = stray_file(media, export.file.name, age_seconds=5 * DAY)

    output = run()

    assert not old_attachment.exists() and not old_evidence.exists() and not old_export.exists()
    assert referenced.exists() and recent.exists() and elsewhere.exists() and written_export.exists()
    assert "attachments/ab/abandoned.pdf" in output and "objections/cd/abandoned.png" in output
    assert "exports/2026/11/edition-deleted.csv" in output
    assert "Deleted 3 orphaned files" in output


@pytest.mark.django_db
def test_remove_orphan_files_dry_run_lists_and_keeps(settings):
    media = Path(settings.MEDIA_ROOT)
    old = stray_file(media, "attachments/ab/abandoned.pdf", age_seconds=2 * DAY)

    output = run("--dry-run", "--hours", "1")

    assert old.exists()
    assert "Would delete 1 orphaned files" in output


@pytest.mark.django_db
def test_remove_orphan_files_without_upload_folders_deletes_nothing():
    assert "Deleted 0 orphaned files (0 bytes)." in run()


@pytest.mark.django_db
def test_remove_orphan_files_refuses_hours_below_one():
    with pytest.raises(CommandError):
        run("--hours", "0")
