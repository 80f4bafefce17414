"""Exports as background jobs: a request records an Export and enqueues `build_export` (below); the task
writes the file (judging.exports builds the tables and the PDF) into MEDIA_ROOT/exports/ and the "Exports" page
offers it for download. Nothing is written inside the request. A failing export is retried with backoff
(core.jobs) and then shown as failed, with the error, until someone asks for it again.
"""

import datetime as dt
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from competitions.enums import GroupKind
from competitions.models import Edition, Judge
from competitions.rules import roles_of
from core import jobs
from core.audit import log_action
from core.exceptions import DomainError

from . import exports, minutes, ranking
from .audit import EXPORT_REQUESTED, EXPORT_RETRIED, ExportRequested
from .enums import EXPORT_FORMATS, ExportKind, ExportState
from .models import Export

logger = logging.getLogger(__name__)


CONTENT_TYPES = {"csv": exports.CSV_TYPE, "xlsx": exports.XLSX_TYPE, "pdf": exports.PDF_TYPE}


@transaction.atomic
def request_export(
    edition: Edition, *, kind: str, fmt: str, actor, stage: str = "", group: str = "", view: str = "", judge=None
) -> Export:
    """Record that `actor` asks for an export and enqueue the task that writes it after the commit.

    `stage` is a stage kind, `group` a group kind, `view` the ranking view (raw or normalized), `judge` a Judge for a
    judge's score sheet. Refused for an unknown format; the views have checked the stage, group and judge exist."""
    if fmt not in EXPORT_FORMATS.get(kind, ()):
        raise DomainError(_("This export is not offered in that format."))
    params = {"stage": stage, "group": group, "view": view if view in ranking.VIEWS else ranking.RAW}
    if judge is not None:
        params["judge"] = judge.pk
    export = Export.objects.create(edition=edition, kind=kind, fmt=fmt, params=params, requested_by=actor)
    log_action(
        edition, EXPORT_REQUESTED, actor=actor, data=ExportRequested(export=export.pk, kind=kind, fmt=fmt, **params)
    )
    jobs.enqueue_on_commit(build_export, export.pk)
    return export


@transaction.atomic
def retry_export(export: Export, *, actor) -> Export:
    """Ask again for an export that failed or whose file was removed: a fresh round of attempts of the same
    export, written from the scores of now."""
    export = Export.objects.select_for_update().get(pk=export.pk)
    if export.state not in (ExportState.FAILED, ExportState.EXPIRED):
        raise DomainError(_("Only a failed or removed export can be asked for again."))
    export.state = ExportState.QUEUED
    export.attempts = 0
    export.next_attempt_at = None
    export.save(update_fields=["state", "attempts", "next_attempt_at"])
    log_action(export.edition, EXPORT_RETRIED, actor=actor, data=ExportRequested(export=export.pk))
    jobs.enqueue_on_commit(build_export, export.pk)
    return export


def _content(export: Export) -> tuple[bytes, str]:
    """The file's bytes and name, written now from the current scores."""
    edition = export.edition
    params = export.params
    view = params.get("view") or ranking.RAW
    group = params.get("group", "")
    if group and group not in GroupKind.values:
        raise ValueError(f"unknown group {group!r}")
    stages = ranking.stages_of(edition)
    stage = next((stage for stage in stages if stage.kind == params.get("stage")), None)
    if export.kind in (ExportKind.RANKING, ExportKind.SCORE_SHEETS, ExportKind.JUDGE_SCORE_SHEET) and stage is None:
        raise ValueError(f"edition {edition.year} has no stage {params.get('stage')!r}")
    if export.kind == ExportKind.RANKING:
        table = exports.stage_ranking_table(ranking.stage_ranking(stage, group, view=view))
        parts = ["ranking", edition.year, stage.kind, group, view]
    elif export.kind == ExportKind.FINAL_RANKING:
        table = exports.final_ranking_table(ranking.final_ranking(edition, group, view=view, stages=stages))
        parts = ["final-ranking", edition.year, group, view]
    elif export.kind == ExportKind.SCORE_SHEETS:
        table = exports.score_sheets_table(stage, group, list(stage.criteria.all()))
        parts = ["score-sheets", edition.year, stage.kind, group]
    else:
        judge = Judge.objects.select_related("user").get(pk=params["judge"])
        sheets = list(minutes.judge_sheets(stage, judge))
        content = exports.score_sheet_pdf(
            stage=stage,
            judge=judge,
            sheets=sheets,
            values=ranking.score_values({sheet.assignment.entry_id for sheet in sheets}),
            confirmation=minutes.latest_confirmation(stage, judge, sheets=sheets),
        )
        name = exports.filename("berita-acara", edition.year, stage.kind, judge.user.get_username(), ext="pdf")
        return content, name
    write = exports.to_csv if export.fmt == "csv" else exports.to_xlsx
    return write(table), exports.filename(*parts, ext=export.fmt)


def write_export(export_id: int) -> str:
    """Write the file of one export unless it is written already; returns its state afterwards. A failure is
    counted, retried after a backoff until the last attempt, and raised again for the task's own result."""
    with transaction.atomic():
        export = Export.objects.select_for_update().select_related("edition").filter(pk=export_id).first()
        if export is None or export.state not in (ExportState.QUEUED, ExportState.RUNNING):
            return export.state if export else "missing"
        export.state = ExportState.RUNNING
        export.attempts += 1
        export.save(update_fields=["state", "attempts"])
    try:
        content, name = _content(export)
    except Exception as error:  # noqa: BLE001 - any failure is retried, then shown to the organizers
        export.last_error = jobs.error_summary(error)
        export.next_attempt_at = jobs.next_attempt_at(export.attempts)
        export.state = ExportState.QUEUED if export.next_attempt_at else ExportState.FAILED
        export.save(update_fields=["state", "last_error", "next_attempt_at"])
        if export.next_attempt_at:
            jobs.enqueue(build_export, export.pk, run_after=export.next_attempt_at)
        else:
            logger.error("Export %s failed after %s attempts: %s", export.pk, export.attempts, export.last_error)
        raise
    export.file.save(name, ContentFile(content), save=False)
    export.file_name = name
    export.size = len(content)
    export.state = ExportState.DONE
    export.last_error = ""
    export.next_attempt_at = None
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "file_name", "size", "state", "last_error", "next_attempt_at", "finished_at"])
    return export.state


def old_exports(*, older_than: dt.timedelta, now: dt.datetime | None = None):
    """Written exports whose file is older than `older_than`."""
    cutoff = (now or timezone.now()) - older_than
    return Export.objects.filter(state=ExportState.DONE, finished_at__lt=cutoff).order_by("finished_at", "pk")


def remove_old_exports(*, older_than: dt.timedelta, now: dt.datetime | None = None) -> list[Export]:
    """Delete the files of old_exports and mark them removed (the rows stay: who asked for what, and when).
    Returns the exports removed."""
    removed = []
    for export in old_exports(older_than=older_than, now=now):
        with transaction.atomic():
            locked = Export.objects.select_for_update().filter(pk=export.pk, state=ExportState.DONE).first()
            if locked is None:
                continue
            if locked.file:
                locked.file.delete(save=False)
            locked.state = ExportState.EXPIRED
            locked.save(update_fields=["file", "state"])
            removed.append(locked)
    return removed


def exports_for(user):
    """The exports `user` may see: every export for an organizer, their own requests for anyone else."""
    exports_ = Export.objects.select_related("edition", "requested_by")
    if roles_of(user).organizer:
        return exports_
    return exports_.filter(requested_by=user)


@task()
def build_export(export_id: int) -> str:
    """Write one requested export (`write_export`), retried with backoff when it fails."""
    return write_export(export_id)
