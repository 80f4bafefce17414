"""A judge's score sheet for a stage as the jury's minutes (berita acara): the judge confirms it, and the PDF shows
who confirmed and when.

A confirmation is an audited event, so it lives in the audit log (code SHEETS_CONFIRMED, subject the Judge) with the
judge's name as it was, the time, and the version of every sheet it covered. A sheet saved again after the
confirmation (reopened and corrected) makes the confirmation out of date: the PDF says so until the judge
confirms again.
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from competitions.models import Judge, Stage
from core.audit import log_action
from core.exceptions import DomainError
from core.models import ActionLog

from .audit import SHEETS_CONFIRMED, SheetsConfirmed
from .enums import SheetStatus
from .models import ScoreSheet


@dataclass(frozen=True)
class Confirmation:
    name: str
    confirmed_at: dt.datetime
    versions: dict[int, int]
    is_current: bool


def judge_sheets(stage: Stage, judge: Judge):
    """The judge's score sheets in `stage` with their entries (one query)."""
    return (
        ScoreSheet.objects.filter(assignment__judge=judge, assignment__entry__stage=stage)
        .select_related("assignment__entry__proposal")
        .order_by("assignment__entry__proposal__title", "pk")
    )


def _versions(sheets) -> dict[int, int]:
    return {sheet.pk: sheet.version for sheet in sheets}


def latest_confirmation(stage: Stage, judge: Judge, *, sheets=None) -> Confirmation | None:
    """The judge's latest confirmation of their sheets in `stage`, and whether it still covers every sheet as it is."""
    entry = (
        ActionLog.objects.filter(
            content_type=ContentType.objects.get_for_model(Judge),
            object_id=str(judge.pk),
            action_type=SHEETS_CONFIRMED,
            data__stage=stage.pk,
        )
        .order_by("-timestamp", "-pk")
        .first()
    )
    if entry is None:
        return None
    versions = {int(sheet): version for sheet, version in entry.data.get("sheets", {}).items()}
    current = _versions(sheets if sheets is not None else judge_sheets(stage, judge))
    return Confirmation(
        name=entry.data.get("name", ""),
        confirmed_at=parse_datetime(entry.data.get("confirmed_at", "")) or entry.timestamp,
        versions=versions,
        is_current=versions == current,
    )


def confirmable(sheets) -> bool:
    sheets = list(sheets)
    return bool(sheets) and all(sheet.status == SheetStatus.SUBMITTED for sheet in sheets)


@transaction.atomic
def confirm_score_sheet(stage: Stage, *, judge: Judge, actor) -> Confirmation:
    """The judge confirms their score sheet of `stage` (every entry assigned to them) as the minutes record it.

    Refused for anyone but the judge, and while a sheet of theirs in the stage is not submitted. The sheets are
    locked while the confirmation is written, so it names exactly the versions it covers."""
    if actor is None or not actor.is_authenticated or judge.user_id != actor.pk:
        raise DomainError(_("Only the judge can confirm their own score sheet."))
    sheets = list(judge_sheets(stage, judge).select_for_update(of=("self",)))
    if not sheets:
        raise DomainError(_("You have no entries in this stage."))
    if not confirmable(sheets):
        raise DomainError(_("Submit the scores of every entry of this stage before confirming your score sheet."))
    now = timezone.now()
    name = actor.get_full_name() or actor.get_username()
    versions = _versions(sheets)
    log_action(
        judge,
        SHEETS_CONFIRMED,
        actor=actor,
        data=SheetsConfirmed(
            stage=stage.pk,
            judge=judge.pk,
            name=name,
            confirmed_at=now.isoformat(),
            sheets={str(pk): version for pk, version in versions.items()},
        ),
    )
    return Confirmation(name=name, confirmed_at=now, versions=versions, is_current=True)
