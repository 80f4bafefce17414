"""The schedule's pages. Organizers: a stage's sessions and slots (add and remove sessions, fill, move, swap,
publish, answer requests, remind). Agencies: their slots (confirm, ask to move, days they cannot attend, calendar
file). Judges: their day, slot by slot, and a calendar file of all their slots.

Thin views: forms validate, schedule.services decide and write; a DomainError becomes a message with nothing
changed. Dangerous actions confirm on GET and act on POST.
"""

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from competitions.models import Stage, jakarta_today
from competitions.rules import roles_of
from core.exceptions import DomainError
from proposals.views.attachments import private_download

from ..enums import MoveRequestState
from ..models import PresentationMaterials, PresentationSession, PresentationSlot, SlotMoveRequest, StageEntry
from ..queries import round_for
from . import calendar, materials, queries, services
from .forms import (
    AnswerRequestForm,
    AttendanceForm,
    ConfirmAttendanceForm,
    MaterialsForm,
    MoveRequestForm,
    MoveSlotForm,
    PublishScheduleForm,
    SessionForm,
    SwapSlotForm,
    UnavailableDaysForm,
)
from .queries import SCHEDULED_STAGES

# Sessions on one page of the organizer's schedule (a morning holds ~9 slots), and entries named without a slot.
SESSIONS_PER_PAGE = 6
UNPLACED_SHOWN = 30


class ScheduleMixin(PermissionRequiredMixin):
    """Organizers only; the stage of the URL (a stage with presentations), loaded after the permission check."""

    permission_required = "judging.manage_schedule"

    def get_permission_object(self):
        return None

    @cached_property
    def stage(self) -> Stage:
        if self.kwargs["kind"] not in SCHEDULED_STAGES:
            raise Http404
        return get_object_or_404(
            Stage.objects.select_related("edition", "round"),
            edition__year=self.kwargs["year"],
            kind=self.kwargs["kind"],
        )

    @cached_property
    def stage_round(self):
        return round_for(self.stage)

    def schedule_url(self) -> str:
        return reverse("judging:schedule", args=[self.stage.edition.year, self.stage.kind])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            edition=self.stage.edition,
            stage=self.stage,
            stage_round=self.stage_round,
            schedule_url=self.schedule_url(),
            **kwargs,
        )


class ScheduleView(ScheduleMixin, FormView):
    """The stage's schedule: each session with its slots in time order, the entries still without a slot, the
    requests waiting for an answer, and the form to add a session (POST adds it)."""

    template_name = "judging/schedule/organizer.html"
    form_class = SessionForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "edition": self.stage.edition}

    def get_context_data(self, **kwargs):
        page = Paginator(queries.schedule_sessions(self.stage), SESSIONS_PER_PAGE).get_page(
            self.request.GET.get("page")
        )
        counts = queries.slot_counts(self.stage)
        unplaced = queries.unplaced_entries(self.stage)
        unplaced_count = unplaced.count()
        return super().get_context_data(
            page_obj=page,
            sessions=page.object_list,
            slot_count=counts["slots"],
            confirmed_count=counts["confirmed"],
            unplaced=list(unplaced[:UNPLACED_SHOWN]),
            unplaced_count=unplaced_count,
            entry_count=counts["slots"] + unplaced_count,
            pending_requests=list(queries.pending_requests(self.stage)),
            query_string="",
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.create_session(
                self.stage,
                panel=data["panel"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                room=data["room"],
                meeting_url=data["meeting_url"],
                chair=data["chair"],
                actor=self.request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Session added."))
        return redirect(self.schedule_url())


class SessionDeleteView(ScheduleMixin, TemplateView):
    template_name = "judging/schedule/session_delete.html"

    @cached_property
    def session(self) -> PresentationSession:
        return get_object_or_404(
            PresentationSession.objects.select_related("panel"), pk=self.kwargs["pk"], stage=self.stage
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(session=self.session, slots=self.session.slots.count(), **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            services.delete_session(self.session, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Session removed."))
        return redirect(self.schedule_url())


class FillView(ScheduleMixin, TemplateView):
    """GET: what the fill does; POST: fill, then list what could not be placed and why."""

    template_name = "judging/schedule/fill.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            unplaced_count=queries.unplaced_entries(self.stage).count(),
            session_count=queries.sessions_of(self.stage).count(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        try:
            result = services.fill(self.stage, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(self.schedule_url())
        if result.placed:
            messages.success(request, _("%(count)s entries placed.") % {"count": len(result.placed)})
        if result.unplaced:
            titles = dict(StageEntry.objects.filter(pk__in=list(result.unplaced)).values_list("pk", "proposal__title"))
            for entry_id, reason in result.unplaced.items():
                messages.warning(
                    request,
                    _("“%(title)s” has no slot: %(reason)s.")
                    % {"title": titles.get(entry_id, entry_id), "reason": services.unplaced_message(reason)},
                )
        return redirect(self.schedule_url())


class PublishView(ScheduleMixin, FormView):
    template_name = "judging/schedule/publish.html"
    form_class = PublishScheduleForm

    def get_initial(self):
        return {
            "move_requests_until": self.stage_round.move_requests_until,
            "materials_due": self.stage_round.materials_due,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            slot_count=queries.slot_counts(self.stage)["slots"],
            unplaced_count=queries.unplaced_entries(self.stage).count(),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            queued = services.publish_schedule(
                self.stage,
                move_requests_until=form.cleaned_data["move_requests_until"],
                materials_due=form.cleaned_data["materials_due"],
                actor=self.request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The schedule is published; %(count)s mails to agencies are on their way.") % {"count": queued},
        )
        return redirect(self.schedule_url())


class SlotMixin(ScheduleMixin):
    @cached_property
    def slot(self) -> PresentationSlot:
        return get_object_or_404(
            PresentationSlot.objects.select_related(
                "session__panel", "entry__proposal__agency", "entry__stage__edition"
            ),
            pk=self.kwargs["pk"],
            session__stage=self.stage,
        )

    def sessions(self):
        return list(queries.sessions_of(self.stage))

    def taken(self):
        return set(PresentationSlot.objects.filter(session__stage=self.stage).values_list("session_id", "starts_at"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(slot=self.slot, **kwargs)


class SlotMoveView(SlotMixin, FormView):
    template_name = "judging/schedule/slot_move.html"
    form_class = MoveSlotForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "stage": self.stage, "sessions": self.sessions(), "taken": self.taken()}

    def form_valid(self, form):
        session, starts_at = form.cleaned_data["target"]
        try:
            services.move_slot(
                self.slot,
                session=session,
                starts_at=starts_at,
                actor=self.request.user,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            form.add_error("target", error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The slot moved."))
        return redirect(self.schedule_url())


class SlotSwapView(SlotMixin, FormView):
    template_name = "judging/schedule/slot_swap.html"
    form_class = SwapSlotForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "slot": self.slot}

    def form_valid(self, form):
        try:
            services.swap_slots(self.slot, form.cleaned_data["other"], actor=self.request.user)
        except DomainError as error:
            form.add_error("other", error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The two slots swapped."))
        return redirect(self.schedule_url())


class RequestAnswerView(SlotMixin, FormView):
    template_name = "judging/schedule/request_answer.html"
    form_class = AnswerRequestForm

    @cached_property
    def move_request(self) -> SlotMoveRequest:
        return get_object_or_404(
            SlotMoveRequest, pk=self.kwargs["request_id"], slot=self.slot, state=MoveRequestState.PENDING
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "stage": self.stage, "sessions": self.sessions(), "taken": self.taken()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(move_request=self.move_request, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        session, starts_at = data["target"] or (None, None)
        try:
            services.answer_move_request(
                self.move_request,
                approve=data["decision"] == "approve",
                answer=data["answer"],
                session=session,
                starts_at=starts_at,
                actor=self.request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The request is answered; the agency is told."))
        return redirect(self.schedule_url())


class RemindUnconfirmedView(ScheduleMixin, TemplateView):
    """GET: who would be reminded (a preview); POST: queue the mails."""

    template_name = "judging/schedule/remind.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            slots=list(queries.unconfirmed_slots(self.stage).select_related("entry__proposal__agency")), **kwargs
        )

    def post(self, request, *args, **kwargs):
        try:
            queued = services.remind_unconfirmed(self.stage, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(count)s reminders are on their way.") % {"count": queued})
        return redirect(self.schedule_url())


# --- Agencies -------------------------------------------------------------------------------------------------------


class AgencyMixin(PermissionRequiredMixin):
    permission_required = "judging.view_agency_slots"

    def get_permission_object(self):
        return None

    @cached_property
    def agency_id(self) -> int:
        return roles_of(self.request.user).agency_id


class AgencySlotsView(AgencyMixin, TemplateView):
    """The agency's slots in published schedules, each with its answer; and, for stages whose schedule is still
    being made, the days the agency cannot attend."""

    template_name = "judging/schedule/agency.html"

    def get_context_data(self, **kwargs):
        slots = list(queries.slots_of_agency(self.agency_id))
        today = jakarta_today()
        for slot in slots:
            until = slot.session.stage.round.move_requests_until
            slot.can_ask = (until is None or today <= until) and slot.starts_at > timezone.now()
        pending = set(
            SlotMoveRequest.objects.filter(slot__in=slots, state=MoveRequestState.PENDING).values_list(
                "slot_id", flat=True
            )
        )
        return super().get_context_data(
            slots=slots,
            pending=pending,
            can_answer=self.request.user.has_perm("judging.answer_slot"),
            planning=[(stage, self.days_form(stage)) for stage in queries.stages_being_scheduled(self.agency_id)],
            **kwargs,
        )

    def days_form(self, stage, data=None):
        days = queries.stage_days(stage)
        chosen = queries.unavailable_days(stage, self.agency_id)
        return UnavailableDaysForm(
            data, days=days, prefix=f"stage{stage.pk}", initial={"days": [day.isoformat() for day in chosen]}
        )


class AgencySlotMixin(AgencyMixin):
    permission_required = "judging.answer_slot"

    @cached_property
    def slot(self) -> PresentationSlot:
        return get_object_or_404(queries.slots_of_agency(self.agency_id), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(slot=self.slot, **kwargs)


class ConfirmAttendanceView(AgencySlotMixin, FormView):
    template_name = "judging/schedule/agency_confirm.html"
    form_class = ConfirmAttendanceForm

    def get_initial(self):
        initial = {"presenter_name": self.slot.presenter_name}
        if self.slot.head_attends is not None:
            initial["head_attends"] = "yes" if self.slot.head_attends else "no"
        return initial

    def form_valid(self, form):
        try:
            services.confirm_attendance(
                self.slot,
                presenter_name=form.cleaned_data["presenter_name"],
                head_attends=form.cleaned_data["head_attends"],
                actor=self.request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Attendance confirmed. Thank you."))
        return redirect("judging:agency_slots")


class MoveRequestView(AgencySlotMixin, FormView):
    template_name = "judging/schedule/agency_move_request.html"
    form_class = MoveRequestForm

    def form_valid(self, form):
        try:
            services.request_move(self.slot, reason=form.cleaned_data["reason"], actor=self.request.user)
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Your request is sent; the organizers will answer by email."))
        return redirect("judging:agency_slots")


class UnavailableDaysView(AgencySlotsView):
    permission_required = "judging.answer_slot"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        stage = get_object_or_404(queries.stages_being_scheduled(self.agency_id), pk=self.kwargs["stage_id"])
        form = self.days_form(stage, request.POST)
        if form.is_valid():
            try:
                services.set_unavailable_days(
                    stage,
                    agency_id=self.agency_id,
                    days=form.cleaned_data["days"],
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Saved: the schedule will avoid these days."))
                return redirect("judging:agency_slots")
        else:
            messages.error(request, _("Choose days from the list."))
        return redirect("judging:agency_slots")


class MaterialsView(AgencySlotMixin, FormView):
    """The agency hands in (or replaces) its slides, video link and summary for one slot."""

    template_name = "judging/schedule/agency_materials.html"
    form_class = MaterialsForm

    @cached_property
    def current(self):
        return PresentationMaterials.objects.filter(entry_id=self.slot.entry_id).first()

    def get_initial(self):
        if self.current is None:
            return {}
        return {"video_url": self.current.video_url, "summary": self.current.summary}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            materials=self.current, materials_due=self.slot.session.stage.round.materials_due, **kwargs
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            materials.hand_in_materials(
                self.slot,
                slides=data["slides"],
                video_url=data["video_url"],
                summary=data["summary"],
                actor=self.request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Your materials are handed in; the judges will see them."))
        return redirect("judging:agency_slots")


class SlidesDownloadView(View):
    """The slides of a finalist, to whoever may read its materials (judging.view_materials); else a 404."""

    def get(self, request, pk):
        found = PresentationMaterials.objects.select_related("entry__proposal").filter(pk=pk).first()
        if found is None or not found.slides or not request.user.has_perm("judging.view_materials", found):
            raise Http404
        try:
            handle = found.slides.storage.open(found.slides.name, "rb")
        except FileNotFoundError:
            raise Http404 from None
        return private_download(handle, filename=found.slides_name, content_type=found.slides_content_type)


class AgencySlotCalendarView(AgencyMixin, View):
    def get(self, request, pk):
        slot = get_object_or_404(queries.slots_of_agency(self.agency_id), pk=pk)
        return calendar_response(calendar.agency_slot_calendar(slot), f"kovablik-slot-{slot.pk}.ics")


def calendar_response(content: bytes, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


# --- Judges ---------------------------------------------------------------------------------------------------------


class JudgeScheduleView(PermissionRequiredMixin, TemplateView):
    """A judge's day on a phone: the slots of their panels in time order, grouped by day, the next one marked with
    how long until it starts, each with one tap to the entry's score sheet."""

    permission_required = "judging.view_my_schedule"
    template_name = "judging/schedule/judge.html"

    def get_permission_object(self):
        return None

    def get_context_data(self, **kwargs):
        judge_id = roles_of(self.request.user).judge_id
        days = queries.judge_days(judge_id)
        today = jakarta_today()
        day = self.chosen_day(days, today)
        slots = list(queries.slots_of_judge(judge_id).filter(starts_at__date=day)) if day else []
        assignments = queries.judge_assignments_by_entry(judge_id, [slot.entry_id for slot in slots])
        now = timezone.now()
        upcoming = next((slot for slot in slots if slot.ends_at > now), None) if day == today else None
        for slot in slots:
            slot.assignment_id = assignments.get(slot.entry_id)
        position = days.index(day) if day else 0
        return super().get_context_data(
            judge_id=judge_id,
            chairs=any(slot.session.chair_id == judge_id for slot in slots),
            edition=slots[0].session.stage.edition if slots else None,
            day=day,
            slots=slots,
            earlier_day=days[position - 1] if day and position > 0 else None,
            later_day=days[position + 1] if day and position + 1 < len(days) else None,
            has_days=bool(days),
            upcoming=upcoming,
            minutes_to_next=max(0, int((upcoming.starts_at - now).total_seconds() // 60)) if upcoming else None,
            **kwargs,
        )

    def chosen_day(self, days, today):
        """The day asked for (?day=YYYY-MM-DD, if it has slots); else today, the next day with slots, or the last."""
        try:
            asked = dt.date.fromisoformat(self.request.GET.get("day", ""))
        except ValueError:
            asked = None
        if asked in days:
            return asked
        return next((day for day in days if day >= today), days[-1] if days else None)


class AttendanceView(PermissionRequiredMixin, FormView):
    """The chair records a finalist's attendance (from the day view; a page of its own without JS)."""

    permission_required = "judging.record_attendance"
    template_name = "judging/schedule/attendance.html"
    form_class = AttendanceForm

    @cached_property
    def slot(self) -> PresentationSlot:
        return get_object_or_404(
            PresentationSlot.objects.select_related("session__panel", "entry__proposal", "entry__stage__edition"),
            pk=self.kwargs["pk"],
            session__stage__round__schedule_published_at__isnull=False,
        )

    def get_permission_object(self):
        return self.slot

    def get_initial(self):
        return {"attendance": self.slot.attendance or None, "note": self.slot.attendance_note}

    def get_context_data(self, **kwargs):
        return super().get_context_data(slot=self.slot, edition=self.slot.entry.stage.edition, **kwargs)

    def form_valid(self, form):
        was_at = self.slot.starts_at
        try:
            slot = services.record_attendance(
                self.slot,
                attendance=form.cleaned_data["attendance"],
                note=form.cleaned_data["note"],
                actor=self.request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        if slot.starts_at != was_at:
            messages.success(
                self.request,
                _("Absence recorded; by the edition's rule the finalist presents again at %(time)s WIB.")
                % {"time": date_format(timezone.localtime(slot.starts_at), "j F Y, H.i")},
            )
        else:
            messages.success(self.request, _("Attendance recorded."))
        day = timezone.localtime(was_at).date().isoformat()
        if self.request.user.has_perm("judging.view_my_schedule"):
            return redirect(reverse("judging:my_schedule") + f"?day={day}")
        return redirect("judging:schedule", self.slot.entry.stage.edition.year, self.slot.entry.stage.kind)


class JudgeCalendarView(PermissionRequiredMixin, View):
    permission_required = "judging.view_my_schedule"

    def get_permission_object(self):
        return None

    def get(self, request):
        slots = queries.slots_of_judge(roles_of(request.user).judge_id)
        return calendar_response(calendar.judge_calendar(slots), "kovablik-jadwal-juri.ics")
