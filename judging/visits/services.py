"""Writes for field verification: one function per use case, guarded, atomic and audited.

Organizer services (planning, publishing, the checklist) trust their caller to have checked `judging.manage_visits`;
the report's services (answers, testimonies, photos, confirmation) check that the actor is one of the visit's
judges, because that is a rule about the object and not only about the page. Any change to a report withdraws the
confirmations given so far; once every visiting judge confirmed, the report is final.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from competitions.enums import StageKind
from competitions.models import Edition, Judge, Stage
from competitions.rules import roles_of
from core.audit import log_action
from core.exceptions import DomainError
from proposals.uploads import store_private

from ..conflicts import conflict_for
from ..enums import DEFAULT_CHECKLIST, ChecklistVerdict, VisitMode
from ..models import (
    ChecklistAnswer,
    ChecklistItem,
    FieldVisit,
    StageEntry,
    Testimony,
    VisitConfirmation,
    VisitPhoto,
)
from ..queries import round_for
from ..services import round_for_update
from . import notifications
from .audit import (
    CHECKLIST_CHANGED,
    PHOTO_ADDED,
    PHOTO_REMOVED,
    REPORT_CONFIRMED,
    REPORT_SAVED,
    TESTIMONY_RECORDED,
    VISIT_CANCELLED,
    VISIT_PLANNED,
    VISITS_PUBLISHED,
    ChecklistChanged,
    PhotoChanged,
    ReportConfirmed,
    ReportSaved,
    TestimonyRecorded,
    VisitPlanned,
    VisitsPublished,
)
from .photos import VisitPicture, check_photo_count

VISITED_STAGES = (StageKind.FIELD,)


class StaleReport(DomainError):
    """Another visiting judge saved the report after this form was loaded: nothing was written."""


def _guard_stage_open(stage: Stage) -> None:
    if round_for(stage).is_closed:
        raise DomainError(_("The stage is closed: its visits and reports can no longer change."))


# --- The plan (organizers) -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VisitPlan:
    starts_at: dt.datetime
    mode: str
    address: str
    meeting_url: str
    judges: list[Judge]
    contact_name: str = ""
    contact_phone: str = ""
    note: str = ""


def _plan_payload(visit: FieldVisit, judges: Iterable[int]) -> VisitPlanned:
    return VisitPlanned(
        stage=visit.entry.stage_id,
        proposal=visit.entry.proposal_id,
        starts_at=visit.starts_at.isoformat(),
        mode=visit.mode,
        address=visit.address,
        meeting_url=visit.meeting_url,
        judges=sorted(judges),
        contact_name=visit.contact_name,
    )


def place_problem(mode: str, address: str, meeting_url: str) -> tuple[str, str] | None:
    """The field a plan lacks for its kind of visit and why (in the user's language), or None. The form shows it
    next to that field; plan_visit refuses with it."""
    if mode == VisitMode.ON_SITE and not address.strip():
        return "address", _("A visit on site needs the address where the judges go.")
    if mode == VisitMode.ONLINE and not meeting_url.strip():
        return "meeting_url", _("An online verification needs its meeting link.")
    return None


def plan_problems(entry: StageEntry, plan: VisitPlan) -> list[str]:
    """Why `plan` cannot stand for `entry` (in the user's language); empty when it can."""
    problems = []
    place = place_problem(plan.mode, plan.address, plan.meeting_url)
    if place:
        problems.append(place[1])
    if not plan.judges:
        problems.append(_("Choose at least one visiting judge."))
    for judge in plan.judges:
        if conflict_for(judge, entry.proposal):
            problems.append(_("%(judge)s is in conflict with this entry and cannot verify it.") % {"judge": judge})
    return problems


@transaction.atomic
def plan_visit(entry: StageEntry, plan: VisitPlan, *, actor) -> FieldVisit:
    """Plan (or change) the visit of a field-stage entry. Once the plan is published, the agency is told."""
    if entry.stage.kind not in VISITED_STAGES:
        raise DomainError(_("Only entries of the field verification stage are visited."))
    stage_round = round_for_update(entry.stage)
    _guard_stage_open(entry.stage)
    problems = plan_problems(entry, plan)
    if problems:
        raise DomainError(" ".join(problems))
    visit = FieldVisit.objects.select_for_update().filter(entry=entry).first() or FieldVisit(entry=entry)
    before = (visit.starts_at, visit.mode, visit.address, visit.meeting_url) if visit.pk else None
    visit.starts_at, visit.mode = plan.starts_at, plan.mode
    visit.address = plan.address.strip() if plan.mode == VisitMode.ON_SITE else ""
    visit.meeting_url = plan.meeting_url.strip() if plan.mode == VisitMode.ONLINE else ""
    visit.contact_name, visit.contact_phone, visit.note = plan.contact_name.strip(), plan.contact_phone, plan.note
    visit.save()
    visit.judges.set(plan.judges)
    log_action(entry, VISIT_PLANNED, actor=actor, data=_plan_payload(visit, [judge.pk for judge in plan.judges]))
    changed = before != (visit.starts_at, visit.mode, visit.address, visit.meeting_url)
    if stage_round.schedule_published_at is not None and changed:
        notifications.queue_visit_mail(visit, template="visit_changed" if before else "visit_planned")
    return visit


@transaction.atomic
def cancel_visit(visit: FieldVisit, *, actor) -> None:
    """Take a visit out of the plan, as long as nothing was written for it yet."""
    round_for_update(visit.entry.stage)
    _guard_stage_open(visit.entry.stage)
    visit = FieldVisit.objects.select_for_update().select_related("entry").get(pk=visit.pk)
    if visit.version or visit.testimonies.exists() or visit.photos.exists():
        raise DomainError(_("The visiting judges have written this visit's report: it can be changed, not removed."))
    judges = list(visit.judges.values_list("pk", flat=True))
    log_action(visit.entry, VISIT_CANCELLED, actor=actor, data=_plan_payload(visit, judges))
    if round_for(visit.entry.stage).schedule_published_at is not None:
        notifications.queue_visit_mail(visit, template="visit_cancelled")
    visit.delete()


@transaction.atomic
def publish_visits(stage: Stage, *, actor) -> int:
    """Show the plan to the agencies concerned and to the visiting judges, and mail each agency its visit.
    Published again, only visits planned since are announced (the key of each mail names the visit's time).
    Returns the number of mails queued."""
    stage_round = round_for_update(stage)
    _guard_stage_open(stage)
    visits = list(FieldVisit.objects.filter(entry__stage=stage).select_related("entry__proposal"))
    if not visits:
        raise DomainError(_("No visit is planned yet: plan at least one first."))
    stage_round.schedule_published_at = timezone.now()
    stage_round.save(update_fields=["schedule_published_at"])
    log_action(
        stage_round,
        VISITS_PUBLISHED,
        actor=actor,
        data=VisitsPublished(
            stage=stage.pk,
            visits=len(visits),
            agencies=sorted({visit.entry.proposal.agency_id for visit in visits}),
        ),
    )
    return sum(notifications.queue_visit_mail(visit, template="visit_planned") for visit in visits)


# --- The checklist (organizers) ----------------------------------------------------------------------------------


def _checklist_texts(edition: Edition) -> list[str]:
    return list(ChecklistItem.objects.filter(edition=edition).values_list("text", flat=True))


def _log_checklist(edition: Edition, before: list[str], actor) -> None:
    log_action(
        edition, CHECKLIST_CHANGED, actor=actor, data=ChecklistChanged(before=before, after=_checklist_texts(edition))
    )


@transaction.atomic
def use_default_checklist(edition: Edition, *, actor) -> list[ChecklistItem]:
    """Start the edition's checklist from the standard items (only while it has none)."""
    Edition.objects.select_for_update().get(pk=edition.pk)
    if ChecklistItem.objects.filter(edition=edition).exists():
        raise DomainError(_("This edition already has a checklist."))
    items = ChecklistItem.objects.bulk_create(
        ChecklistItem(edition=edition, position=(index + 1) * 10, text=str(text), help_text=str(help_text))
        for index, (text, help_text) in enumerate(DEFAULT_CHECKLIST)
    )
    _log_checklist(edition, [], actor)
    return items


@transaction.atomic
def save_checklist_item(
    edition: Edition, *, text: str, help_text: str, position: int | None, actor, item: ChecklistItem | None = None
) -> ChecklistItem:
    """Add an item to the edition's checklist, or change one. The wording of an item answered in a report stays as
    it was answered: such an item can be moved, not reworded."""
    Edition.objects.select_for_update().get(pk=edition.pk)
    before = _checklist_texts(edition)
    text = " ".join(text.split())
    if item is not None and item.text != text and item.answers.exclude(verdict="", note="").exists():
        raise DomainError(_("Reports already answer this item: add a new item instead of rewording it."))
    if ChecklistItem.objects.filter(edition=edition, text__iexact=text).exclude(pk=getattr(item, "pk", None)).exists():
        raise DomainError(_("The checklist already has this item."))
    if item is None:
        item = ChecklistItem(edition=edition)
        last = ChecklistItem.objects.filter(edition=edition).order_by("-position").values_list("position", flat=True)
        item.position = position if position is not None else (last.first() or 0) + 10
    elif position is not None:
        item.position = position
    item.text, item.help_text = text, help_text.strip()
    item.save()
    _log_checklist(edition, before, actor)
    return item


@transaction.atomic
def remove_checklist_item(item: ChecklistItem, *, actor) -> None:
    Edition.objects.select_for_update().get(pk=item.edition_id)
    if item.answers.exclude(verdict="", note="").exists():
        raise DomainError(_("Reports already answer this item: it stays in the checklist."))
    before = _checklist_texts(item.edition)
    item.answers.all().delete()
    item.delete()
    _log_checklist(item.edition, before, actor)


# --- The report (visiting judges) -------------------------------------------------------------------------------


def report_refusal(visit: FieldVisit, actor) -> str | None:
    """The one statement of who may write a report, and when: a visiting judge, while the stage is open and the
    report is not final. Why `actor` may not (in the user's language), or None; the report page offers its forms
    only when this is None, the services refuse with it."""
    judge_id = roles_of(actor).judge_id
    if judge_id is None or not any(judge.pk == judge_id for judge in visit.judges.all()):
        return _("Only the visiting judges write this visit's report.")
    if round_for(visit.entry.stage).is_closed:
        return _("The stage is closed: its visits and reports can no longer change.")
    if visit.confirmed_at is not None:
        return _("Every visiting judge confirmed this report: it is final.")
    return None


def guard_visiting_judge(visit: FieldVisit, actor) -> None:
    refusal = report_refusal(visit, actor)
    if refusal:
        raise DomainError(refusal)


def _locked(visit: FieldVisit) -> FieldVisit:
    return FieldVisit.objects.select_for_update().select_related("entry__stage").get(pk=visit.pk)


def _report_changed(visit: FieldVisit, actor) -> list[int]:
    """Count a change to the report: a new version, and the confirmations given so far withdrawn (returned)."""
    withdrawn = list(visit.confirmations.values_list("judge_id", flat=True))
    visit.confirmations.all().delete()
    visit.version += 1
    visit.report_updated_at, visit.report_updated_by = timezone.now(), actor
    visit.save(update_fields=["version", "report_updated_at", "report_updated_by"])
    return withdrawn


def items_of(visit: FieldVisit) -> list[ChecklistItem]:
    return list(ChecklistItem.objects.filter(edition_id=visit.entry.stage.edition_id))


@transaction.atomic
def save_report(
    visit: FieldVisit,
    *,
    answers: Mapping[int, tuple[str, str]],
    summary: str,
    version: int,
    actor,
) -> FieldVisit:
    """Write the checklist answers (item id → (verdict, note)) and the overall notes of the visit's report.

    `version` is the report's version the form was loaded with; if another judge saved since, StaleReport and
    nothing is written (the form shows the other judge's text and keeps this one's input)."""
    visit = _locked(visit)
    guard_visiting_judge(visit, actor)
    if version != visit.version:
        raise StaleReport(
            _(
                "Another visiting judge saved this report while you were writing. Your input is kept below: check it "
                "against theirs and save again."
            )
        )
    valid = {item.pk for item in items_of(visit)}
    verdicts = set(ChecklistVerdict.values) | {""}
    current = {answer.item_id: answer for answer in visit.answers.all()}
    for item_id, (verdict, note) in answers.items():
        if item_id not in valid or verdict not in verdicts:
            raise DomainError(_("The checklist changed while you were writing: reload the page."))
        answer = current.get(item_id) or ChecklistAnswer(visit=visit, item_id=item_id)
        answer.verdict, answer.note = verdict, note.strip()
        answer.save()
    visit.summary = summary.strip()
    visit.save(update_fields=["summary"])
    withdrawn = _report_changed(visit, actor)
    log_action(
        visit.entry,
        REPORT_SAVED,
        actor=actor,
        data=ReportSaved(
            stage=visit.entry.stage_id,
            proposal=visit.entry.proposal_id,
            judge=roles_of(actor).judge_id,
            version=visit.version,
            answers={str(item_id): verdict for item_id, (verdict, _note) in sorted(answers.items())},
            withdrawn_confirmations=withdrawn,
        ),
    )
    return visit


@transaction.atomic
def record_testimony(visit: FieldVisit, *, name: str, relation: str, statement: str, consent: bool, actor) -> Testimony:
    visit = _locked(visit)
    guard_visiting_judge(visit, actor)
    if not consent:
        raise DomainError(_("A testimony is recorded only with the person's consent."))
    if not statement.strip():
        raise DomainError(_("Write down what the person said."))
    testimony = Testimony.objects.create(
        visit=visit,
        name=name.strip(),
        relation=relation.strip(),
        statement=statement.strip(),
        consent=True,
        recorded_by=actor,
    )
    withdrawn = _report_changed(visit, actor)
    log_action(
        visit.entry,
        TESTIMONY_RECORDED,
        actor=actor,
        data=TestimonyRecorded(
            stage=visit.entry.stage_id,
            proposal=visit.entry.proposal_id,
            judge=roles_of(actor).judge_id,
            testimony=testimony.pk,
            named=bool(testimony.name),
            consent=True,
            note=_("%(count)s confirmations withdrawn") % {"count": len(withdrawn)} if withdrawn else "",
        ),
    )
    return testimony


@transaction.atomic
def add_photo(visit: FieldVisit, picture: VisitPicture, *, caption: str, actor) -> VisitPhoto:
    visit = _locked(visit)
    guard_visiting_judge(visit, actor)
    try:
        check_photo_count(visit.photos.count())
    except ValidationError as error:  # the form's words, as a refusal of the service
        raise DomainError(" ".join(error.messages)) from None
    image = store_private("visits", picture.content, picture.extension)
    thumbnail = store_private("visits/thumbnails", picture.thumbnail, ".jpg")
    photo = VisitPhoto.objects.create(
        visit=visit,
        image=image,
        thumbnail=thumbnail,
        original_name=picture.original_name,
        size=len(picture.content),
        content_type=picture.content_type,
        caption=caption.strip(),
        taken_at=picture.taken_at,
        latitude=picture.latitude,
        longitude=picture.longitude,
        uploaded_by=actor,
    )
    _report_changed(visit, actor)
    log_action(
        visit.entry,
        PHOTO_ADDED,
        actor=actor,
        data=PhotoChanged(
            stage=visit.entry.stage_id,
            proposal=visit.entry.proposal_id,
            judge=roles_of(actor).judge_id,
            photo=photo.pk,
            file_name=photo.original_name,
            size=photo.size,
        ),
    )
    return photo


@transaction.atomic
def remove_photo(photo: VisitPhoto, *, actor) -> None:
    visit = _locked(photo.visit)
    guard_visiting_judge(visit, actor)
    files = [photo.image.name, photo.thumbnail.name]
    log_action(
        visit.entry,
        PHOTO_REMOVED,
        actor=actor,
        data=PhotoChanged(
            stage=visit.entry.stage_id,
            proposal=visit.entry.proposal_id,
            judge=roles_of(actor).judge_id,
            photo=photo.pk,
            file_name=photo.original_name,
            size=photo.size,
        ),
    )
    photo.delete()
    _report_changed(visit, actor)
    transaction.on_commit(lambda: [default_storage.delete(name) for name in files])


@transaction.atomic
def confirm_report(visit: FieldVisit, *, version: int, actor) -> FieldVisit:
    """A visiting judge confirms the report as it stands (`version`, the one they read); when the last visiting
    judge confirms, the report is final."""
    visit = _locked(visit)
    guard_visiting_judge(visit, actor)
    if version != visit.version:
        raise StaleReport(_("The report changed since you opened it: read it again before you confirm."))
    if not visit.version:
        raise DomainError(_("The report is still empty: fill the checklist before you confirm it."))
    judge_id = roles_of(actor).judge_id
    VisitConfirmation.objects.get_or_create(visit=visit, judge_id=judge_id)
    judges = set(visit.judges.values_list("pk", flat=True))
    confirmed = set(visit.confirmations.values_list("judge_id", flat=True))
    complete = judges <= confirmed
    if complete:
        visit.confirmed_at = timezone.now()
        visit.save(update_fields=["confirmed_at"])
    log_action(
        visit.entry,
        REPORT_CONFIRMED,
        actor=actor,
        data=ReportConfirmed(
            stage=visit.entry.stage_id,
            proposal=visit.entry.proposal_id,
            judge=judge_id,
            version=visit.version,
            complete=complete,
        ),
    )
    return visit
