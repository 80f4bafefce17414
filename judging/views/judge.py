"""The judge's pages: "my entries" per stage with progress, the scoring page (the proposal beside the score form),
the submit confirmation, and declaring a conflict of interest.

Every entry is loaded from queries.assignment_for_scoring(user, entry_id): an entry not assigned to the judge, or in
a round not yet open to judges, is a 404. Saving goes through services.record_score, whose refusals (stage closed,
scores submitted, stale form) become messages on the page; nothing typed is lost: a refused form is shown again with
what the judge entered.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from competitions.enums import SECTIONS_BY_GROUP, ProposalSection
from core.exceptions import DomainError

from .. import queries, services
from ..enums import SheetStatus
from ..forms import ConflictForm, ScoreSheetForm, SubmitScoresForm
from ..models import Assignment
from ..schedule import queries as schedule_queries
from ..scoring import sheet_total
from ..visits import queries as visit_queries


class JudgeMixin(PermissionRequiredMixin):
    """Judges only (anonymous → login, other roles → 403); the entry's scope check is the 404 in `assignment`."""

    permission_required = "judging.view_my_entries"

    def get_permission_object(self):
        return None


class MyEntriesView(JudgeMixin, TemplateView):
    template_name = "judging/judge/my_entries.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(stages=queries.my_entries(self.request.user), **kwargs)


class AssignmentMixin(JudgeMixin):
    @cached_property
    def assignment(self) -> Assignment:
        assignment = queries.assignment_for_scoring(self.request.user, self.kwargs["entry_id"]).first()
        if assignment is None:
            raise Http404
        return assignment

    @cached_property
    def criteria(self):
        return list(self.assignment.entry.stage.criteria.all())

    @property
    def score_step(self):
        return self.assignment.entry.stage.edition.score_step

    def score_url(self) -> str:
        return reverse("judging:score", args=[self.assignment.entry_id])

    def proposal_context(self) -> dict:
        assignment = self.assignment
        proposal = assignment.entry.proposal
        texts = proposal.section_texts()
        sections = [
            (ProposalSection(section).label, texts.get(section, "")) for section in SECTIONS_BY_GROUP[proposal.group]
        ]
        return {
            "assignment": assignment,
            "entry": assignment.entry,
            "stage": assignment.entry.stage,
            "stage_round": queries.round_for(assignment.entry.stage),
            "proposal": proposal,
            "sections": sections,
            "sheet": assignment.sheet,
            "criteria": self.criteria,
            **schedule_queries.presentation_of(assignment.entry),
            "field_visit": visit_queries.visit_of_entry(assignment.entry_id),
        }


class ScoreEntryView(AssignmentMixin, FormView):
    """GET: the proposal beside the score form. POST: save the form as a draft."""

    template_name = "judging/judge/score.html"
    form_class = ScoreSheetForm
    stale = None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        user = self.request.user
        can_score = user.has_perm("judging.score_entry", self.assignment) and not self.assignment.sheet.is_submitted
        kwargs.update(criteria=self.criteria, step=self.score_step, disabled=not can_score)
        return kwargs

    def get_initial(self):
        sheet = self.assignment.sheet
        return ScoreSheetForm.initial_for(
            sheet.values_by_criterion(), version=sheet.version, overall_note=sheet.overall_note
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**self.proposal_context(), **kwargs)
        form = context["form"]
        if form.is_bound and form.is_valid():
            values = form.values()
        elif self.stale is not None:
            values = self.stale.values
        else:
            values = self.assignment.sheet.values_by_criterion()
        user = self.request.user
        others = []
        if user.has_perm("judging.view_other_scores", self.assignment):
            others = list(queries.other_sheets(self.assignment))
        context.update(
            live_total=sheet_total(values, self.criteria),
            decimal_separator=get_format("DECIMAL_SEPARATOR"),
            can_score=user.has_perm("judging.score_entry", self.assignment),
            can_see_agency=user.has_perm("judging.view_entry_agency", self.assignment),
            can_declare_conflict=user.has_perm("judging.declare_conflict", self.assignment),
            other_sheets=others,
            stale=self.stale,
        )
        return context

    def after_save_url(self) -> str:
        return self.score_url()

    def form_valid(self, form):
        try:
            services.record_score(
                self.assignment,
                values=form.values(),
                overall_note=form.cleaned_data["overall_note"],
                version=form.cleaned_data["version"],
                actor=self.request.user,
            )
        except services.StaleScoreSheet as stale:
            return self.show_stale(form, stale)
        except DomainError as error:
            messages.error(self.request, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Your scores are saved as a draft."))
        return redirect(self.after_save_url())

    def show_stale(self, form, stale: services.StaleScoreSheet):
        """Show the newer saved values in the form, and what this page tried to save beside them."""
        self.stale = stale
        stale.attempted = [(criterion, *form.values().get(criterion.pk, (None, ""))) for criterion in self.criteria]
        stale.attempted_overall_note = form.cleaned_data.get("overall_note", "")
        messages.warning(self.request, stale.message)
        fresh = ScoreSheetForm(
            initial=ScoreSheetForm.initial_for(stale.values, version=stale.version, overall_note=stale.overall_note),
            criteria=self.criteria,
            step=self.score_step,
            disabled=stale.status != SheetStatus.DRAFT,
        )
        return self.render_to_response(self.get_context_data(form=fresh), status=409)


class ScoreReviewView(ScoreEntryView):
    """POST only: save the form as a draft (nothing is lost), then ask for the submit confirmation."""

    http_method_names = ["post"]

    def after_save_url(self) -> str:
        return reverse("judging:score_submit", args=[self.assignment.entry_id])


class SubmitScoresView(AssignmentMixin, FormView):
    """GET: the saved scores to confirm, with anything still missing. POST: submit them as final."""

    template_name = "judging/judge/submit_confirm.html"
    form_class = SubmitScoresForm

    def get_initial(self):
        return {"version": self.assignment.sheet.version}

    def get_context_data(self, **kwargs):
        values = self.assignment.sheet.values_by_criterion()
        rows = [(criterion, *values.get(criterion.pk, (None, ""))) for criterion in self.criteria]
        return super().get_context_data(
            **self.proposal_context(),
            rows=rows,
            missing=[criterion for criterion, value, _note in rows if value is None],
            total=sheet_total(values, self.criteria),
            can_score=self.request.user.has_perm("judging.score_entry", self.assignment),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            services.record_score(
                self.assignment, values={}, version=form.cleaned_data["version"], actor=self.request.user, submit=True
            )
        except DomainError as error:
            messages.error(self.request, error.message)
            return redirect(self.score_url())
        messages.success(self.request, _("Your scores are submitted. Thank you."))
        return redirect("judging:my_entries")


class DeclareConflictView(AssignmentMixin, FormView):
    """GET: explain and ask for the reason. POST: declare the conflict; the entry leaves the judge's list."""

    template_name = "judging/judge/conflict.html"
    form_class = ConflictForm

    def dispatch(self, request, *args, **kwargs):
        if (
            request.user.is_authenticated
            and self.has_permission()
            and not request.user.has_perm("judging.declare_conflict", self.assignment)
        ):
            messages.error(request, _("The stage is closed: its assignments and scores are locked."))
            return redirect(self.score_url())
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.proposal_context(), **kwargs)

    def form_valid(self, form):
        try:
            services.declare_conflict(self.assignment, reason=form.cleaned_data["reason"], actor=self.request.user)
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Your conflict of interest is recorded; the entry was handed to the organizers.")
        )
        return redirect("judging:my_entries")
