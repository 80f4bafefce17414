"""Housekeeping of uploaded files that no row refers to any more.

An upload is written to storage before its row is saved (so that no row ever points at a missing file); should the
surrounding transaction roll back, the file stays behind with nothing referring to it. No URL can reach it, but it
takes space and may hold personal data, so `manage.py remove_orphan_files` deletes such files once they are old
enough that no transaction can still be about to save their row.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.utils import timezone

from judging.models import Export
from proposals.models import Attachment
from publication.models import Objection

# The private upload folders (see proposals.uploads.storage_name and
# publication.objections.services.evidence_storage_name), the exports' folder (judging.models.Export.file: a file
# whose row went with its edition), and the fields that refer to the files in them.
UPLOAD_FOLDERS = ("attachments", "objections", "exports")


@dataclass(frozen=True)
class OrphanFile:
    name: str
    size: int
    modified: dt.datetime


def _walk(folder: str):
    try:
        directories, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for directory in directories:
        yield from _walk(f"{folder}/{directory}")


def referenced_names() -> set[str]:
    names = set(Attachment.objects.values_list("file", flat=True))
    names |= set(Objection.objects.exclude(evidence="").values_list("evidence", flat=True))
    names |= set(Export.objects.exclude(file="").values_list("file", flat=True))
    return names


def find_orphan_files(*, older_than: dt.timedelta) -> list[OrphanFile]:
    """Files in the upload folders that no row refers to and that were last written more than `older_than` ago."""
    cutoff = timezone.now() - older_than
    referenced = referenced_names()
    orphans = []
    for folder in UPLOAD_FOLDERS:
        for name in _walk(folder):
            if name in referenced:
                continue
            modified = default_storage.get_modified_time(name)
            if modified < cutoff:
                orphans.append(OrphanFile(name=name, size=default_storage.size(name), modified=modified))
    return sorted(orphans, key=lambda orphan: orphan.name)


def remove_orphan_files(*, older_than: dt.timedelta) -> list[OrphanFile]:
    """Delete the files find_orphan_files finds; returns them. A row saved meanwhile keeps its file: each name is
    checked against the rows once more just before it is deleted."""
    orphans = find_orphan_files(older_than=older_than)
    referenced = referenced_names()
    removed = []
    for orphan in orphans:
        if orphan.name not in referenced:
            default_storage.delete(orphan.name)
            removed.append(orphan)
    return removed
