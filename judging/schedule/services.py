"""Writes for the presentation schedule: one function per use case, guarded, atomic and audited.

Organizer services (sessions, fill, moves, publication, answers) trust their caller to have checked
`judging.manage_schedule`; agency services (confirming, asking to move, days it cannot attend) check that the actor
acts for the slot's agency, because that is a rule about the object and not only about the page.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from competitions.enums import AbsentEntryRule
from competitions.models import Stage, jakarta_today
from competitions.rules import roles_of
from core.audit import log_action
from core.exceptions import DomainError

from ..enums import Attendance, MoveRequestState
from ..models import Panel, PresentationSession, PresentationSlot, SlotMoveRequest, UnavailableDay
from ..queries import round_for
from ..services import round_for_update
from . import notifications, queries
from .audit import (
    ATTENDANCE_RECORDED,
    MOVE_ANSWERED,
    MOVE_REQUESTED,
    SCHEDULE_FILLED,
    SCHEDULE_PUBLISHED,
    SESSION_CREATED,
    SESSION_DELETED,
    SLOT_CONFIRMED,
    SLOT_MOVED,
    SLOT_REMINDERS_SENT,
    UNAVAILABLE_DAYS_SET,
    AttendanceRecorded,
    MoveRequested,
    ScheduleFilled,
    SchedulePublished,
    SessionChanged,
    SlotConfirmed,
    SlotMoved,
    SlotRemindersSent,
    UnavailableDaysSet,
)
from .filling import JAKARTA, NO_FREE_SLOT, NO_PANEL, fill_schedule, overlaps, slot_starts

UNPLACED_MESSAGES = {
    NO_PANEL: gettext_lazy("no session of a panel for its group"),
    "all_conflicted": gettext_lazy("every panel with a session has a judge in conflict with it"),
    NO_FREE_SLOT: gettext_lazy("no free slot on a day its agency can attend, apart from its agency's other slots"),
}


def unplaced_message(reason: str) -> str:
    return str(UNPLACED_MESSAGES.get(reason, reason))


def _guard_open_for_changes(stage: Stage) -> None:
    if round_for(stage).is_closed:
        raise DomainError(_("The stage is closed: its schedule can no longer change."))


def _session_payload(session: PresentationSession) -> SessionChanged:
    return SessionChanged(
        stage=session.stage_id,
        panel=session.panel_id,
        starts_at=session.starts_at.isoformat(),
        ends_at=session.ends_at.isoformat(),
        room=session.room,
        meeting_url=session.meeting_url,
    )


@transaction.atomic
def create_session(
    stage: Stage,
    *,
    panel: Panel,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    room: str = "",
    meeting_url: str = "",
    chair=None,
    actor,
) -> PresentationSession:
    """A sitting of `panel` in `stage`. Refused when it holds no slot, or overlaps another session of the panel
    (its judges cannot sit twice at once)."""
    _guard_open_for_changes(stage)
    if panel.edition_id != stage.edition_id:
        raise DomainError(_("The panel belongs to another edition."))
    if not room.strip() and not meeting_url.strip():
        raise DomainError(_("Give the room or the online meeting link."))
    length = stage.edition.slot_length
    if ends_at - starts_at < length:
        raise DomainError(
            _("A session must hold at least one slot of %(minutes)s minutes.")
            % {"minutes": int(length.total_seconds() // 60)}
        )
    clash = (
        PresentationSession.objects.select_for_update()
        .filter(panel=panel, starts_at__lt=ends_at, ends_at__gt=starts_at)
        .first()
    )
    if clash is not None:
        raise DomainError(
            _("%(panel)s already sits from %(start)s to %(end)s.")
            % {
                "panel": panel.name,
                "start": date_format(timezone.localtime(clash.starts_at), "DATETIME_FORMAT"),
                "end": date_format(timezone.localtime(clash.ends_at), "TIME_FORMAT"),
            }
        )
    if chair is not None and not panel.members.filter(judge=chair).exists():
        raise DomainError(_("The chair must be a judge of the panel."))
    session = PresentationSession.objects.create(
        stage=stage,
        panel=panel,
        starts_at=starts_at,
        ends_at=ends_at,
        room=room.strip(),
        meeting_url=meeting_url,
        chair=chair,
    )
    log_action(round_for_update(stage), SESSION_CREATED, actor=actor, data=_session_payload(session))
    return session


@transaction.atomic
def delete_session(session: PresentationSession, *, actor) -> None:
    """Remove a session of a schedule not yet published; its slots go with it (their entries wait for a slot)."""
    stage_round = round_for_update(session.stage)
    if stage_round.schedule_published_at is not None and session.slots.exists():
        raise DomainError(_("The schedule is published: move this session's slots before removing it."))
    log_action(stage_round, SESSION_DELETED, actor=actor, data=_session_payload(session))
    session.delete()


@transaction.atomic
def fill(stage: Stage, *, actor):
    """Place every entry of `stage` without a slot into the sessions (filling.fill_schedule keeps the rules);
    slots already given stay where they are. Returns the Fill: what was placed and why the rest was not."""
    stage_round = round_for_update(stage)
    _guard_open_for_changes(stage)
    sessions = queries.session_facts(stage)
    edition = stage.edition
    result = fill_schedule(
        sessions,
        queries.entry_facts(stage, sessions),
        length=edition.slot_length,
        step=edition.slot_step,
        kept=queries.placed_slots(stage),
    )
    PresentationSlot.objects.bulk_create(
        PresentationSlot(
            entry_id=slot.entry_id, session_id=slot.session_id, starts_at=slot.starts_at, ends_at=slot.ends_at
        )
        for slot in result.placed
    )
    log_action(
        stage_round,
        SCHEDULE_FILLED,
        actor=actor,
        data=ScheduleFilled(
            stage=stage.pk,
            placed=len(result.placed),
            unplaced={str(entry_id): reason for entry_id, reason in result.unplaced.items()},
        ),
    )
    return result


def move_problems(
    slot: PresentationSlot, session: PresentationSession, starts_at: dt.datetime, *, ignore=()
) -> list[str]:
    """Why `slot` may not move to `starts_at` in `session` (empty when it may): the same rules as the fill.
    `ignore`: slots that move at the same time (a swap)."""
    stage = slot.entry.stage
    if session.stage_id != stage.pk:
        return [_("The session belongs to another stage.")]
    edition = stage.edition
    if starts_at not in slot_starts(session, length=edition.slot_length, step=edition.slot_step):
        return [_("That time is not one of the session's slots.")]
    problems = []
    ends_at = starts_at + edition.slot_length
    ignored = {slot.pk, *(other.pk for other in ignore)}
    if PresentationSlot.objects.filter(session=session, starts_at=starts_at).exclude(pk__in=ignored).exists():
        problems.append(_("That slot is taken."))
    target = queries.session_facts(stage, session_ids=[session.pk])[0]
    [facts] = queries.entry_facts(stage, [target], entry_ids=[slot.entry_id])
    if facts.group not in target.groups:
        problems.append(_("The session's panel does not handle this entry's group."))
    if target.judge_ids & facts.conflicted_judge_ids:
        problems.append(_("A judge of the session's panel is in conflict with this entry."))
    if starts_at.astimezone(JAKARTA).date() in facts.unavailable_days:
        problems.append(_("The agency said it cannot attend on that day."))
    same_agency = (
        PresentationSlot.objects.filter(session__stage=stage, entry__proposal__agency_id=facts.agency_id)
        .exclude(pk__in=ignored)
        .values_list("starts_at", "ends_at")
    )
    if any(overlaps(starts_at, ends_at, start, end) for start, end in same_agency):
        problems.append(_("Another entry of the same agency presents at that time."))
    return problems


def _move(slot: PresentationSlot, session: PresentationSession, starts_at: dt.datetime, *, actor, reason: str) -> None:
    before_session, before_start = slot.session_id, slot.starts_at
    slot.session, slot.starts_at, slot.ends_at = session, starts_at, starts_at + slot.entry.stage.edition.slot_length
    # A new time asks the agency to confirm again.
    slot.confirmed_at = slot.confirmed_by = None
    slot.attendance, slot.attendance_note = "", ""
    slot.save(
        update_fields=[
            "session",
            "starts_at",
            "ends_at",
            "confirmed_at",
            "confirmed_by",
            "attendance",
            "attendance_note",
        ]
    )
    log_action(
        slot.entry,
        SLOT_MOVED,
        actor=actor,
        data=SlotMoved(
            stage=session.stage_id,
            proposal=slot.entry.proposal_id,
            session_from=before_session,
            session_to=session.pk,
            starts_from=before_start.isoformat(),
            starts_to=starts_at.isoformat(),
            reason=reason,
        ),
    )
    if round_for(session.stage).schedule_published_at is not None:
        notifications.queue_slot_mail(slot, template="slot_moved")


@transaction.atomic
def move_slot(
    slot: PresentationSlot, *, session: PresentationSession, starts_at: dt.datetime, actor, reason: str = ""
) -> PresentationSlot:
    """Move one slot to a free time of a session, under the fill's rules. Once the schedule is published the agency
    is told, and asked to confirm again."""
    slot = PresentationSlot.objects.select_for_update().select_related("entry__stage__edition").get(pk=slot.pk)
    _guard_open_for_changes(slot.entry.stage)
    problems = move_problems(slot, session, starts_at)
    if problems:
        raise DomainError(" ".join(problems))
    _move(slot, session, starts_at, actor=actor, reason=reason)
    return slot


@transaction.atomic
def swap_slots(first: PresentationSlot, second: PresentationSlot, *, actor) -> None:
    """Exchange the times (and sessions) of two slots of one stage, under the fill's rules for both."""
    first, second = (
        PresentationSlot.objects.select_for_update().select_related("entry__stage__edition", "session").get(pk=slot.pk)
        for slot in (first, second)
    )
    if first.pk == second.pk:
        raise DomainError(_("Choose two different slots."))
    _guard_open_for_changes(first.entry.stage)
    problems = move_problems(first, second.session, second.starts_at, ignore=[second]) + move_problems(
        second, first.session, first.starts_at, ignore=[first]
    )
    if problems:
        raise DomainError(" ".join(dict.fromkeys(problems)))
    first_place, second_place = (first.session, first.starts_at), (second.session, second.starts_at)
    # The unique (session, start) pair would clash midway: park the first slot one microsecond off its time (slot
    # times are whole minutes, so nothing else is there), move the second into its place, then the first.
    PresentationSlot.objects.filter(pk=first.pk).update(starts_at=first.starts_at + dt.timedelta(microseconds=1))
    _move(second, *first_place, actor=actor, reason=_("Swapped with another slot."))
    _move(first, *second_place, actor=actor, reason=_("Swapped with another slot."))


@transaction.atomic
def record_attendance(slot: PresentationSlot, *, attendance: str, note: str, actor) -> PresentationSlot:
    """The session's chair (or an organizer) records how the finalist came: present, late, or absent with the
    reason. What an absence means is the edition's rule (Edition.absent_entry_rule), stated where it is recorded."""
    slot = (
        PresentationSlot.objects.select_for_update()
        .select_related("session", "entry__stage__edition", "entry__proposal")
        .get(pk=slot.pk)
    )
    if not actor.has_perm("judging.record_attendance", slot):
        raise DomainError(_("Only the session's chair or an organizer records attendance."))
    _guard_open_for_changes(slot.entry.stage)
    if attendance not in Attendance.values:
        raise DomainError(_("Choose present, late or absent."))
    note = note.strip()
    if attendance == Attendance.ABSENT and not note:
        raise DomainError(_("Say why the finalist is absent."))
    if timezone.now() < slot.starts_at - dt.timedelta(minutes=30):
        raise DomainError(_("Attendance is recorded from half an hour before the slot."))
    before = slot.attendance
    slot.attendance, slot.attendance_note = attendance, note
    slot.attendance_recorded_at, slot.attendance_recorded_by = timezone.now(), actor
    slot.save(update_fields=["attendance", "attendance_note", "attendance_recorded_at", "attendance_recorded_by"])
    log_action(
        slot.entry,
        ATTENDANCE_RECORDED,
        actor=actor,
        data=AttendanceRecorded(
            stage=slot.entry.stage_id, proposal=slot.entry.proposal_id, before=before, after=attendance, note=note
        ),
    )
    if attendance == Attendance.ABSENT and slot.entry.stage.edition.absent_entry_rule == AbsentEntryRule.LATER:
        _move_after_absence(slot, actor=actor)
    return slot


def later_free_time(slot: PresentationSlot) -> tuple[PresentationSession, dt.datetime] | None:
    """The first free time after `slot` (and after now) where it may go under the fill's rules, or None."""
    edition = slot.entry.stage.edition
    after = max(slot.ends_at, timezone.now())
    for session in queries.sessions_of(slot.entry.stage).filter(ends_at__gt=after):
        for start in slot_starts(session, length=edition.slot_length, step=edition.slot_step):
            if start >= after and not move_problems(slot, session, start):
                return session, start
    return None


def _move_after_absence(slot: PresentationSlot, *, actor) -> None:
    """The edition's rule "moved to a later slot, once": the first absence moves the slot to the first free later
    time (the agency is mailed as for any move); a second absence, or no free time, stays recorded as it is."""
    if slot.moved_for_absence:
        return
    target = later_free_time(slot)
    if target is None:
        return
    _move(slot, *target, actor=actor, reason=_("Absent from its slot: moved to a later one (the edition's rule)."))
    slot.moved_for_absence = True
    slot.save(update_fields=["moved_for_absence"])


@transaction.atomic
def publish_schedule(
    stage: Stage, *, move_requests_until: dt.date | None, actor, materials_due: dt.date | None = None
) -> int:
    """Show the schedule to the agencies and their judges and mail each agency its slot. Published again after
    changes, only the agencies whose slot is new since the last publication get mail (a moved slot already told
    its agency). Returns the number of mails queued."""
    stage_round = round_for_update(stage)
    _guard_open_for_changes(stage)
    if move_requests_until is not None and move_requests_until < jakarta_today():
        raise DomainError(_("The last day to ask for a change cannot be in the past."))
    slots = list(PresentationSlot.objects.filter(session__stage=stage).select_related("entry__proposal", "session"))
    if not slots:
        raise DomainError(_("The schedule has no slot yet: fill it first."))
    stage_round.schedule_published_at = timezone.now()
    stage_round.move_requests_until, stage_round.materials_due = move_requests_until, materials_due
    stage_round.save(update_fields=["schedule_published_at", "move_requests_until", "materials_due"])
    log_action(
        stage_round,
        SCHEDULE_PUBLISHED,
        actor=actor,
        data=SchedulePublished(
            stage=stage.pk,
            slots=len(slots),
            move_requests_until=move_requests_until.isoformat() if move_requests_until else None,
            materials_due=materials_due.isoformat() if materials_due else None,
        ),
    )
    return sum(notifications.queue_slot_mail(slot, template="slot_published") for slot in slots)


def guard_agency(slot: PresentationSlot, actor) -> None:
    roles = roles_of(actor)
    if not roles.is_agency_admin or roles.agency_id != slot.entry.proposal.agency_id:
        raise DomainError(_("Only the agency's admin can answer for its slot."))
    if round_for(slot.entry.stage).schedule_published_at is None:
        raise DomainError(_("The schedule is not published yet."))


@transaction.atomic
def confirm_attendance(slot: PresentationSlot, *, presenter_name: str, head_attends: bool, actor) -> PresentationSlot:
    """The agency confirms it will present at its slot, who presents, and whether the head of the agency attends
    (a scored criterion of the interview). Possible until the slot starts."""
    slot = (
        PresentationSlot.objects.select_for_update().select_related("entry__proposal", "entry__stage").get(pk=slot.pk)
    )
    guard_agency(slot, actor)
    _guard_open_for_changes(slot.entry.stage)
    if timezone.now() >= slot.starts_at:
        raise DomainError(_("The slot has begun: attendance can no longer be confirmed here."))
    presenter_name = presenter_name.strip()
    if not presenter_name:
        raise DomainError(_("Name who presents."))
    slot.presenter_name, slot.head_attends = presenter_name, head_attends
    slot.confirmed_at, slot.confirmed_by = timezone.now(), actor
    slot.save(update_fields=["presenter_name", "head_attends", "confirmed_at", "confirmed_by"])
    log_action(
        slot.entry,
        SLOT_CONFIRMED,
        actor=actor,
        data=SlotConfirmed(
            stage=slot.entry.stage_id,
            proposal=slot.entry.proposal_id,
            presenter=presenter_name,
            head_attends=head_attends,
        ),
    )
    return slot


@transaction.atomic
def request_move(slot: PresentationSlot, *, reason: str, actor) -> SlotMoveRequest:
    """The agency asks for another time, with a reason, until the schedule's last day for changes; one request
    waits at a time. The organizers are told on the schedule page."""
    slot = (
        PresentationSlot.objects.select_for_update().select_related("entry__proposal", "entry__stage").get(pk=slot.pk)
    )
    guard_agency(slot, actor)
    _guard_open_for_changes(slot.entry.stage)
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Say why the slot should move."))
    until = round_for(slot.entry.stage).move_requests_until
    if until is not None and jakarta_today() > until:
        raise DomainError(_("Changes could be asked for until %(day)s.") % {"day": date_format(until, "DATE_FORMAT")})
    if slot.move_requests.filter(state=MoveRequestState.PENDING).exists():
        raise DomainError(_("A request for this slot is already waiting for an answer."))
    request = SlotMoveRequest.objects.create(slot=slot, reason=reason, requested_by=actor)
    log_action(
        slot.entry,
        MOVE_REQUESTED,
        actor=actor,
        data=MoveRequested(
            stage=slot.entry.stage_id,
            proposal=slot.entry.proposal_id,
            request=request.pk,
            reason=reason,
            state=request.state,
        ),
    )
    return request


@transaction.atomic
def answer_move_request(
    request: SlotMoveRequest,
    *,
    approve: bool,
    answer: str,
    actor,
    session: PresentationSession | None = None,
    starts_at: dt.datetime | None = None,
) -> SlotMoveRequest:
    """Approve (moving the slot to the time given, under the fill's rules) or refuse (with a reason) an agency's
    request; the agency is told either way."""
    request = (
        SlotMoveRequest.objects.select_for_update().select_related("slot__entry__stage__edition").get(pk=request.pk)
    )
    if request.state != MoveRequestState.PENDING:
        raise DomainError(_("This request was answered already."))
    answer = answer.strip()
    if approve:
        if session is None or starts_at is None:
            raise DomainError(_("Choose the slot's new time."))
        move_slot(request.slot, session=session, starts_at=starts_at, actor=actor, reason=request.reason)
    elif not answer:
        raise DomainError(_("Say why the request is refused."))
    request.state = MoveRequestState.APPROVED if approve else MoveRequestState.REFUSED
    request.answer, request.answered_at, request.answered_by = answer, timezone.now(), actor
    request.save(update_fields=["state", "answer", "answered_at", "answered_by"])
    log_action(
        request.slot.entry,
        MOVE_ANSWERED,
        actor=actor,
        data=MoveRequested(
            stage=request.slot.entry.stage_id,
            proposal=request.slot.entry.proposal_id,
            request=request.pk,
            reason=request.reason,
            state=request.state,
            answer=answer,
        ),
    )
    if not approve:
        notifications.queue_slot_mail(request.slot, template="slot_move_refused", request=request)
    return request


@transaction.atomic
def set_unavailable_days(stage: Stage, *, agency_id: int, days: list[dt.date], reason: str, actor) -> None:
    """The days the agency cannot attend its presentation in `stage`; the fill avoids them. Told before the
    schedule is published (after that the agency asks to move its slot instead)."""
    roles = roles_of(actor)
    if not roles.is_agency_admin or roles.agency_id != agency_id:
        raise DomainError(_("Only the agency's admin can say when it cannot attend."))
    if round_for_update(stage).schedule_published_at is not None:
        raise DomainError(_("The schedule is published: ask to move your slot instead."))
    days = sorted(set(days))
    UnavailableDay.objects.filter(stage=stage, agency_id=agency_id).delete()
    UnavailableDay.objects.bulk_create(
        UnavailableDay(stage=stage, agency_id=agency_id, day=day, reason=reason.strip(), declared_by=actor)
        for day in days
    )
    log_action(
        round_for(stage),
        UNAVAILABLE_DAYS_SET,
        actor=actor,
        data=UnavailableDaysSet(
            stage=stage.pk, agency=agency_id, days=[day.isoformat() for day in days], reason=reason.strip()
        ),
    )


@transaction.atomic
def remind_unconfirmed(stage: Stage, *, actor) -> int:
    """Mail every agency whose published slot is not confirmed yet (and has not begun); returns the mails queued."""
    stage_round = round_for_update(stage)
    if stage_round.schedule_published_at is None:
        raise DomainError(_("The schedule is not published yet."))
    slots = list(queries.unconfirmed_slots(stage))
    if not slots:
        return 0
    entry = log_action(
        stage_round,
        SLOT_REMINDERS_SENT,
        actor=actor,
        data=SlotRemindersSent(stage=stage.pk, agencies=sorted({slot.entry.proposal.agency_id for slot in slots})),
    )
    return sum(notifications.queue_slot_mail(slot, template="slot_unconfirmed", key=f"{entry.pk}") for slot in slots)


@transaction.atomic
def remind_tomorrows_presenters(*, today: dt.date | None = None) -> int:
    """The day before: mail the agencies presenting tomorrow (WIB) in a published schedule. A slot is told once per
    time it holds (the mail's key names the time), so running this twice a day sends nothing new."""
    tomorrow = (today or jakarta_today()) + dt.timedelta(days=1)
    start = dt.datetime.combine(tomorrow, dt.time.min, tzinfo=JAKARTA)
    slots = PresentationSlot.objects.filter(
        starts_at__gte=start,
        starts_at__lt=start + dt.timedelta(days=1),
        session__stage__round__schedule_published_at__isnull=False,
    ).select_related("entry__proposal")
    return sum(notifications.queue_slot_mail(slot, template="slot_tomorrow") for slot in slots)
