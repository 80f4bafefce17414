"""Backup and restore of the portal's data and uploaded files in one archive (tar.gz).

The archive holds `manifest.json`, `data.json` (Django's dumpdata of the portal's apps and its users, with natural
foreign keys so that content types and permissions are matched by name, not by id) and `media/...` (every file under
MEDIA_ROOT). Content types, permissions and sessions are not dumped: `migrate` creates the first two in the target
database, and sessions are not worth keeping. The catalogue's search documents are derived data: they are rebuilt
after a restore.

For PostgreSQL, `pg_dump` is the operator's primary backup (see the README); this archive is the portable one that
also carries the files and restores into any supported database.

It lives in the highest app because it covers every app's data.
"""

import io
import json
import shutil
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from publication.catalogue.queries import ensure_search_documents

FORMAT_VERSION = 1
DATA_NAME = "data.json"
MANIFEST_NAME = "manifest.json"
MEDIA_PREFIX = "media"

# What is dumped: the portal's apps and the accounts. Content types and permissions are left to `migrate`.
DUMPED = ["auth.group", "auth.user", "core", "competitions", "proposals", "judging", "publication"]
# Derived data, rebuilt after a restore.
EXCLUDED = ["publication.CatalogueSearchDocument"]
# The models whose rows make a database "not empty" for a restore.
CHECKED_APPS = ["core", "competitions", "proposals", "judging", "publication"]


class RestoreError(Exception):
    """The archive cannot be restored (wrong format, unsafe member, database not empty)."""


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def create_backup(path: Path | str) -> dict:
    """Write the archive to `path`; returns its manifest (object and file counts)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        data_path = Path(tmp) / DATA_NAME
        # One transaction so that the dump is consistent on PostgreSQL while the portal keeps running.
        with transaction.atomic():
            call_command(
                "dumpdata",
                *DUMPED,
                exclude=EXCLUDED,
                natural_foreign=True,
                indent=None,
                output=str(data_path),
                verbosity=0,
            )
        objects = len(json.loads(data_path.read_text(encoding="utf-8")))
        media_root = _media_root()
        media_files = sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.is_dir() else []
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "objects": objects,
            "media_files": len(media_files),
        }
        with tarfile.open(path, "w:gz") as archive:
            manifest_bytes = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST_NAME)
            info.size = len(manifest_bytes)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(manifest_bytes))
            archive.add(data_path, arcname=DATA_NAME)
            for file in media_files:
                archive.add(file, arcname=f"{MEDIA_PREFIX}/{file.relative_to(media_root).as_posix()}")
    return manifest


def database_is_empty() -> bool:
    """True when no portal data and no user exists (what `migrate` creates on its own does not count)."""
    from django.contrib.auth import get_user_model

    if get_user_model().objects.exists():
        return False
    return not any(
        model._default_manager.exists() for label in CHECKED_APPS for model in apps.get_app_config(label).get_models()
    )


def _safe_member_path(name: str) -> PurePosixPath:
    member = PurePosixPath(name)
    if member.is_absolute() or ".." in member.parts:
        raise RestoreError(f"Unsafe path in the archive: {name}")
    return member


def _read_archive(path: Path, target: Path) -> dict:
    """Extract data.json and media files into `target` (regular files only, no path escapes); returns the manifest."""
    try:
        archive = tarfile.open(path, "r:gz")  # noqa: SIM115 - closed by the `with archive` below
    except (OSError, tarfile.TarError) as error:
        raise RestoreError(f"Not a portal backup archive: {error}") from error
    with archive:
        manifest = None
        for member in archive.getmembers():
            relative = _safe_member_path(member.name)
            if member.isdir():
                continue
            if not member.isfile():
                raise RestoreError(f"Unexpected member in the archive: {member.name}")
            source = archive.extractfile(member)
            if relative.as_posix() == MANIFEST_NAME:
                manifest = json.loads(source.read().decode("utf-8"))
                continue
            destination = target.joinpath(*relative.parts)
            destination.parent.mkdir(parents=True, exist_ok=True)
            with destination.open("wb") as out:
                shutil.copyfileobj(source, out)
    if not manifest or manifest.get("format") != FORMAT_VERSION or not (target / DATA_NAME).is_file():
        raise RestoreError("Not a portal backup archive: manifest or data missing, or of another format.")
    return manifest


# Models that moved to another app since a backup may have been made: old label → new label.
MOVED_MODELS = {"competitions.actionlog": "core.actionlog", "competitions.maildelivery": "core.maildelivery"}


def _rename_moved_models(data_path: Path) -> None:
    """An archive made before the audit log and the outgoing mail moved to core/ names them by their old app."""
    objects = json.loads(data_path.read_text(encoding="utf-8"))
    if any(row.get("model") in MOVED_MODELS for row in objects):
        for row in objects:
            row["model"] = MOVED_MODELS.get(row.get("model"), row.get("model"))
        data_path.write_text(json.dumps(objects), encoding="utf-8")


def restore_backup(path: Path | str, *, force: bool = False) -> dict:
    """Migrate the database, then load the archive's data and files into it. Refuses a database that holds data
    unless `force`, which flushes it first. Returns the manifest."""
    path = Path(path)
    if not path.is_file():
        raise RestoreError(f"No such archive: {path}")
    call_command("migrate", interactive=False, verbosity=0)
    if not database_is_empty():
        if not force:
            raise RestoreError(
                "The target database is not empty: restore into a freshly migrated database, "
                "or pass --force to delete all its data first."
            )
        call_command("flush", interactive=False, verbosity=0)
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp)
        manifest = _read_archive(path, target)
        _rename_moved_models(target / DATA_NAME)
        call_command("loaddata", str(target / DATA_NAME), verbosity=0)
        media_source = target / MEDIA_PREFIX
        if media_source.is_dir():
            media_root = _media_root()
            media_root.mkdir(parents=True, exist_ok=True)
            shutil.copytree(media_source, media_root, dirs_exist_ok=True)
    ensure_search_documents()
    cache.clear()  # cached public pages must show the restored data
    return manifest
