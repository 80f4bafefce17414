"""Field verification's pages. Organizers: the field stage's visit plan (plan, change, cancel, publish) and the
edition's checklist. Visiting judges: their visits and each visit's report on a phone (checklist, testimonies,
photos, confirmation, PDF). Agencies: their published visits.

Thin views: forms validate, visits.services decide and write; a DomainError becomes a message with nothing
changed. Dangerous actions confirm on GET and act on POST.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from competitions.models import Edition, Stage
from competitions.rules import roles_of
from core.exceptions import DomainError
from proposals.views.attachments import private_download

from ..models import ChecklistItem, FieldVisit, StageEntry, VisitPhoto
from ..queries import round_for
from . import queries, report, services
from .forms import ChecklistItemForm, ConfirmReportForm, PhotoForm, ReportForm, TestimonyForm, VisitPlanForm
from .queries import VISITED_STAGES

ENTRIES_PER_PAGE = 25


# --- Organizers: the plan ---------------------------------------------------------------------------------------


class VisitsMixin(PermissionRequiredMixin):
    """Organizers only; the field stage of the URL, loaded after the permission check."""

    permission_required = "judging.manage_visits"

    def get_permission_object(self):
        return None

    @cached_property
    def stage(self) -> Stage:
        if self.kwargs["kind"] not in VISITED_STAGES:
            raise Http404
        return get_object_or_404(
            Stage.objects.select_related("edition", "round"),
            edition__year=self.kwargs["year"],
            kind=self.kwargs["kind"],
        )

    @cached_property
    def stage_round(self):
        return round_for(self.stage)

    def plan_url(self) -> str:
        return reverse("judging:visits", args=[self.stage.edition.year, self.stage.kind])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            edition=self.stage.edition,
            stage=self.stage,
            stage_round=self.stage_round,
            back_url=self.plan_url(),
            **kwargs,
        )


class VisitPlanView(VisitsMixin, TemplateView):
    """The field stage's entries, each with its visit (or none yet) and how far its report is."""

    template_name = "judging/visits/plan.html"

    def get_context_data(self, **kwargs):
        page = Paginator(queries.plan_entries(self.stage), ENTRIES_PER_PAGE).get_page(self.request.GET.get("page"))
        counts = queries.plan_counts(self.stage)
        return super().get_context_data(
            page_obj=page,
            entries=page.object_list,
            entry_count=page.paginator.count,
            visit_count=counts["visits"],
            confirmed_count=counts["confirmed"],
            checklist_count=ChecklistItem.objects.filter(edition=self.stage.edition).count(),
            query_string="",
            **kwargs,
        )


class VisitFormView(VisitsMixin, FormView):
    """Plan the visit of one entry, or change it."""

    template_name = "judging/visits/visit_form.html"
    form_class = VisitPlanForm

    @cached_property
    def entry(self) -> StageEntry:
        return get_object_or_404(
            StageEntry.objects.select_related("proposal__agency", "stage__edition"),
            pk=self.kwargs["entry_id"],
            stage=self.stage,
        )

    @cached_property
    def visit(self) -> FieldVisit | None:
        return FieldVisit.objects.prefetch_related("judges").filter(entry=self.entry).first()

    def get_initial(self):
        return VisitPlanForm.initial_for(self.visit, queries.assigned_judges(self.entry))

    def get_context_data(self, **kwargs):
        return super().get_context_data(entry=self.entry, visit=self.visit, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        plan = services.VisitPlan(
            starts_at=data["starts_at"],
            mode=data["mode"],
            address=data["address"],
            meeting_url=data["meeting_url"],
            judges=list(data["judges"]),
            contact_name=data["contact_name"],
            contact_phone=data["contact_phone"],
            note=data["note"],
        )
        try:
            services.plan_visit(self.entry, plan, actor=self.request.user)
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The visit is planned."))
        return redirect(self.plan_url())


class VisitCancelView(VisitsMixin, TemplateView):
    template_name = "judging/visits/visit_cancel.html"

    @cached_property
    def visit(self) -> FieldVisit:
        return get_object_or_404(
            FieldVisit.objects.select_related("entry__proposal"), pk=self.kwargs["pk"], entry__stage=self.stage
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(visit=self.visit, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            services.cancel_visit(self.visit, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The visit is cancelled."))
        return redirect(self.plan_url())


class VisitsPublishView(VisitsMixin, TemplateView):
    template_name = "judging/visits/publish.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(visit_count=queries.plan_counts(self.stage)["visits"], **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            queued = services.publish_visits(self.stage, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("The visit plan is published; %(count)s mails to agencies are on their way.") % {"count": queued},
            )
        return redirect(self.plan_url())


# --- Organizers: the checklist ----------------------------------------------------------------------------------


class ChecklistMixin(PermissionRequiredMixin):
    permission_required = "judging.manage_visits"

    def get_permission_object(self):
        return None

    @cached_property
    def edition(self) -> Edition:
        return get_object_or_404(Edition, year=self.kwargs["year"])

    def checklist_url(self) -> str:
        return reverse("judging:checklist", args=[self.edition.year])

    def get_context_data(self, **kwargs):
        return super().get_context_data(edition=self.edition, back_url=self.checklist_url(), **kwargs)


class ChecklistView(ChecklistMixin, FormView):
    """The edition's checklist, and the form to add an item (POST adds it)."""

    template_name = "judging/visits/checklist.html"
    form_class = ChecklistItemForm

    def get_context_data(self, **kwargs):
        field = Stage.objects.filter(edition=self.edition, kind__in=VISITED_STAGES).first()
        return super().get_context_data(
            items=list(ChecklistItem.objects.filter(edition=self.edition)), field_stage=field, **kwargs
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.save_checklist_item(
                self.edition,
                text=data["text"],
                help_text=data["help_text"],
                position=data["position"],
                actor=self.request.user,
            )
        except DomainError as error:
            form.add_error("text", error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Item added to the checklist."))
        return redirect(self.checklist_url())


class ChecklistDefaultView(ChecklistMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            services.use_default_checklist(self.edition, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The checklist starts from the standard items; change them as you need."))
        return redirect(self.checklist_url())


class ChecklistItemMixin(ChecklistMixin):
    @cached_property
    def item(self) -> ChecklistItem:
        return get_object_or_404(ChecklistItem, pk=self.kwargs["pk"], edition=self.edition)

    def get_context_data(self, **kwargs):
        return super().get_context_data(item=self.item, **kwargs)


class ChecklistItemEditView(ChecklistItemMixin, FormView):
    template_name = "judging/visits/checklist_item.html"
    form_class = ChecklistItemForm

    def get_form_kwargs(self):
        # The form only validates; the service writes (an unsaved copy keeps the item as it is until then).
        return {**super().get_form_kwargs(), "instance": ChecklistItem.objects.get(pk=self.item.pk)}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.save_checklist_item(
                self.edition,
                item=self.item,
                text=data["text"],
                help_text=data["help_text"],
                position=data["position"],
                actor=self.request.user,
            )
        except DomainError as error:
            form.add_error("text", error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Checklist item saved."))
        return redirect(self.checklist_url())


class ChecklistItemRemoveView(ChecklistItemMixin, TemplateView):
    template_name = "judging/visits/checklist_remove.html"

    def post(self, request, *args, **kwargs):
        try:
            services.remove_checklist_item(self.item, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Item removed from the checklist."))
        return redirect(self.checklist_url())


# --- Visiting judges: the report --------------------------------------------------------------------------------


class MyVisitsView(PermissionRequiredMixin, TemplateView):
    permission_required = "judging.view_my_visits"
    template_name = "judging/visits/judge.html"

    def get_permission_object(self):
        return None

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            visits=list(queries.visits_of_judge(roles_of(self.request.user).judge_id)), **kwargs
        )


class VisitReportMixin(PermissionRequiredMixin):
    """A visit's report, to whoever may read it (judging.view_visit_report); for anyone else a 404, as for an
    entry a judge is not assigned to."""

    permission_required = "judging.view_visit_report"

    @cached_property
    def visit(self) -> FieldVisit:
        found = queries.visit_for_report(self.kwargs["pk"])
        if found is None:
            raise Http404
        return found

    def get_permission_object(self):
        return self.visit

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            raise Http404
        return super().handle_no_permission()

    @cached_property
    def can_write(self) -> bool:
        user = self.request.user
        return (
            user.has_perm("judging.write_visit_report", self.visit)
            and services.report_refusal(self.visit, user) is None
        )

    def report_url(self) -> str:
        return reverse("judging:visit_report", args=[self.visit.pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            visit=self.visit, entry=self.visit.entry, edition=self.visit.entry.stage.edition, **kwargs
        )

    def refuse_unless_writer(self):
        if not self.can_write:
            messages.error(self.request, _("Only the visiting judges change this report, until it is final."))
            return redirect(self.report_url())
        return None


class VisitReportView(VisitReportMixin, FormView):
    """The report on a phone: the checklist form (kept in the browser until the server has it), testimonies,
    photos and the confirmation; read-only for organizers and the entry's other judges."""

    template_name = "judging/visits/report.html"
    form_class = ReportForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "items": services.items_of(self.visit),
            "answers": queries.answers_of(self.visit),
        }

    def get_initial(self):
        return {"version": self.visit.version, "summary": self.visit.summary}

    def get_context_data(self, **kwargs):
        judge_id = roles_of(self.request.user).judge_id
        confirmed = {confirmation.judge_id for confirmation in self.visit.confirmations.all()}
        kwargs.setdefault("testimony_form", TestimonyForm())
        kwargs.setdefault("photo_form", PhotoForm())
        answers = queries.answers_of(self.visit)
        return super().get_context_data(
            readonly_rows=[]
            if self.can_write
            else [(item, answers.get(item.pk)) for item in services.items_of(self.visit)],
            can_write=self.can_write,
            testimonies=queries.testimonies_of(self.visit),
            photos=queries.photos_of(self.visit),
            show_location=self.request.user.has_perm("judging.view_photo_location"),
            confirmed_ids=confirmed,
            i_confirmed=judge_id in confirmed,
            assignment=queries.assignment_of(self.visit.entry_id, judge_id),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        refused = self.refuse_unless_writer()
        return refused or super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.save_report(
                self.visit,
                answers=form.answers(),
                summary=form.cleaned_data["summary"],
                version=form.cleaned_data["version"],
                actor=self.request.user,
            )
        except services.StaleReport as error:
            # Show the other judge's text and keep this judge's input: the form is bound to what was typed, with
            # the current version, so saving again is a deliberate choice.
            self.visit.refresh_from_db()
            data = form.data.copy()
            data["version"] = self.visit.version
            fresh = ReportForm(data, items=form.items, answers=queries.answers_of(self.visit))
            fresh.is_valid()
            fresh.add_error(None, error.message)
            return self.render_to_response(self.get_context_data(form=fresh, stale=True))
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The report is saved."))
        return redirect(self.report_url())


class TestimonyView(VisitReportMixin, FormView):
    template_name = "judging/visits/testimony.html"
    form_class = TestimonyForm

    def get(self, request, *args, **kwargs):
        return redirect(self.report_url() + "#testimonies")

    def post(self, request, *args, **kwargs):
        refused = self.refuse_unless_writer()
        return refused or super().post(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.record_testimony(
                self.visit,
                name=data["name"],
                relation=data["relation"],
                statement=data["statement"],
                consent=data["consent"],
                actor=self.request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Testimony recorded."))
        return redirect(self.report_url() + "#testimonies")


class PhotoUploadView(VisitReportMixin, FormView):
    template_name = "judging/visits/photo.html"
    form_class = PhotoForm

    def get(self, request, *args, **kwargs):
        return redirect(self.report_url() + "#photos")

    def post(self, request, *args, **kwargs):
        refused = self.refuse_unless_writer()
        return refused or super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.add_photo(
                self.visit, form.cleaned_data["photo"], caption=form.cleaned_data["caption"], actor=self.request.user
            )
        except DomainError as error:
            form.add_error("photo", error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Photo added."))
        return redirect(self.report_url() + "#photos")


class PhotoRemoveView(VisitReportMixin, TemplateView):
    template_name = "judging/visits/photo_remove.html"

    @cached_property
    def photo(self) -> VisitPhoto:
        return get_object_or_404(VisitPhoto, pk=self.kwargs["photo_id"], visit_id=self.visit.pk)

    def get(self, request, *args, **kwargs):
        return self.refuse_unless_writer() or super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(photo=self.photo, back_url=self.report_url() + "#photos", **kwargs)

    def post(self, request, *args, **kwargs):
        refused = self.refuse_unless_writer()
        if refused:
            return refused
        try:
            services.remove_photo(self.photo, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Photo removed."))
        return redirect(self.report_url() + "#photos")


class ReportConfirmView(VisitReportMixin, FormView):
    """GET: what confirming means, with the report's version; POST: the judge's confirmation."""

    template_name = "judging/visits/confirm.html"
    form_class = ConfirmReportForm

    def get(self, request, *args, **kwargs):
        return self.refuse_unless_writer() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        refused = self.refuse_unless_writer()
        return refused or super().post(request, *args, **kwargs)

    def get_initial(self):
        return {"version": self.visit.version}

    def get_context_data(self, **kwargs):
        return super().get_context_data(back_url=self.report_url(), **kwargs)

    def form_valid(self, form):
        try:
            visit = services.confirm_report(self.visit, version=form.cleaned_data["version"], actor=self.request.user)
        except DomainError as error:
            messages.error(self.request, error.message)
            return redirect(self.report_url())
        if visit.confirmed_at:
            messages.success(self.request, _("You confirmed the report; every visiting judge has, so it is final."))
        else:
            messages.success(
                self.request, _("You confirmed the report; it is final once the other visiting judges do.")
            )
        return redirect(self.report_url())


class ReportPdfView(VisitReportMixin, View):
    def get(self, request, *args, **kwargs):
        response = HttpResponse(report.report_pdf(self.visit), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="laporan-verifikasi-{self.visit.pk}.pdf"'
        response["Cache-Control"] = "private, no-store"
        return response


class PhotoFileView(VisitReportMixin, View):
    """A photo (as a download under its original name) or its thumbnail (shown in the page), to whoever may read
    the report; stored privately like attachments."""

    thumbnail = False

    def get(self, request, *args, **kwargs):
        photo = get_object_or_404(VisitPhoto, pk=self.kwargs["photo_id"], visit_id=self.visit.pk)
        field = photo.thumbnail if self.thumbnail else photo.image
        try:
            handle = field.storage.open(field.name, "rb")
        except FileNotFoundError:
            raise Http404 from None
        if not self.thumbnail:
            return private_download(handle, filename=photo.original_name, content_type=photo.content_type)
        response = FileResponse(handle, content_type="image/jpeg")
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        response["Cross-Origin-Resource-Policy"] = "same-origin"
        return response


# --- Agencies ---------------------------------------------------------------------------------------------------


class AgencyVisitsView(PermissionRequiredMixin, TemplateView):
    permission_required = "judging.view_agency_visits"
    template_name = "judging/visits/agency.html"

    def get_permission_object(self):
        return None

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            visits=list(queries.visits_of_agency(roles_of(self.request.user).agency_id)), **kwargs
        )
