"""The agency side: the agency's proposals with its quota, the step-by-step form, submit, withdraw, history, and the
admin's drafters. Thin views: forms validate, proposals.services write; objects come from proposals_for_user, so
another agency's proposal answers 404."""

from axes.helpers import get_client_ip_address
from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from competitions.enums import GroupKind, ProposalSection
from competitions.models import Agency, Membership
from competitions.rules import roles_of
from core.exceptions import DomainError

from .. import declarations, forms, queries, services
from ..checks import content_problems, submission_problems
from ..enums import NOT_YET_SUBMITTED, WITHDRAWABLE, FormStep, ProposalState
from ..steps import next_step, previous_step, sections_for_step, steps_for

PAGE_SIZE = 25
ATTACHMENTS_PANEL = "proposals/attachments/step_panel.html"


def user_agency(user) -> Agency:
    agency_id = roles_of(user).agency_id
    if agency_id is None:
        raise Http404
    return Agency.objects.select_related("region", "parent").get(pk=agency_id)


class AgencyProposalListView(PermissionRequiredMixin, TemplateView):
    """The agency's proposals: the quota meter and deadline of the current edition, unsubmitted drafts first."""

    permission_required = "proposals.view_agency_proposals"
    template_name = "proposals/agency/list.html"

    def get_context_data(self, **kwargs):
        agency = user_agency(self.request.user)
        edition = queries.open_edition_for_agencies()
        state = self.request.GET.get("state", "")
        if state not in ProposalState.values:
            state = ""
        page = Paginator(queries.agency_proposals(agency.pk, state=state), PAGE_SIZE).get_page(
            self.request.GET.get("page")
        )
        return super().get_context_data(
            agency=agency,
            edition=edition,
            overview=queries.agency_overview(edition, agency) if edition else None,
            page_obj=page,
            proposals=page.object_list,
            state=state,
            states=ProposalState.choices,
            query_string=f"state={state}" if state else "",
            waiting_states=NOT_YET_SUBMITTED,
            **kwargs,
        )


class ProposalCreateView(PermissionRequiredMixin, FormView):
    """Start a draft with the basics; the other steps follow."""

    permission_required = "proposals.create_proposal"
    template_name = "proposals/agency/create.html"
    form_class = forms.BasicsForm

    @cached_property
    def edition(self):
        return queries.open_edition_for_agencies()

    def dispatch(self, request, *args, **kwargs):
        if self.has_permission() and self.edition is None:
            messages.error(request, _("There is no open edition to submit proposals to."))
            return redirect("proposals:list")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        roles = roles_of(self.request.user)
        return {
            **super().get_form_kwargs(),
            "edition": self.edition,
            "agency_id": roles.agency_id,
            "can_record_consent": self.request.user.has_perm("proposals.record_innovator_consent"),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            edition=self.edition,
            overview=queries.agency_overview(self.edition, user_agency(self.request.user)),
            steps=steps_for(GroupKind.GENERAL),
            current_step=FormStep.BASICS,
            **kwargs,
        )

    def form_valid(self, form):
        values = dict(form.cleaned_data)
        try:
            proposal = services.create_draft(
                edition=self.edition,
                agency=user_agency(self.request.user),
                actor=self.request.user,
                title=values.pop("title"),
                category=values.pop("category"),
                group=values.pop("group"),
                **values,
            )
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Draft saved. Continue with the narrative."))
        return redirect("proposals:edit_step", pk=proposal.pk, step=next_step(proposal.group, FormStep.BASICS))


class ProposalObjectMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Loads the proposal from the user's scope (404 outside it) before the permission is checked.

    Anonymous visitors are sent to log in first: the scoped lookup would otherwise answer them 404."""

    context_object_name = "proposal"

    def get_queryset(self):
        return queries.with_form_data(queries.proposals_for_user(self.request.user))

    @cached_property
    def proposal(self):
        return self.get_object()

    def get_permission_object(self):
        return self.proposal

    def get_object(self, queryset=None):
        if "proposal" in self.__dict__:
            return self.__dict__["proposal"]
        proposal = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if proposal is None:
            raise Http404
        return proposal


class ProposalDetailView(ProposalObjectMixin, DetailView):
    """The whole proposal as the agency (and organizers) read it, with what still blocks its submit."""

    permission_required = "proposals.view_proposal"
    template_name = "proposals/agency/detail.html"

    def get_context_data(self, **kwargs):
        proposal = self.proposal
        texts = proposal.section_texts()
        sections = [(ProposalSection(s).label, texts.get(s, "")) for s in proposal.sections_for_group]
        return super().get_context_data(
            sections=sections,
            declaration=declarations.in_force(proposal),
            problems=submission_problems(proposal) if proposal.is_open_for_edit else [],
            editable=proposal.is_editable(),
            withdrawable=proposal.state in WITHDRAWABLE,
            history=list(queries.history_of(proposal)),
            steps=steps_for(proposal.group),
            **kwargs,
        )


def carry_version(form, version: int) -> None:
    """Make a bound form that is shown again carry `version` in its hidden field, so its next save is current."""
    form.data = form.data.copy()
    form.data["version"] = str(version)


class StepMixin(ProposalObjectMixin):
    """One step of the proposal form: the progress indicator, and refusal once the proposal can't be edited."""

    permission_required = "proposals.change_proposal"
    step: str = ""

    def get_step(self) -> str:
        return self.step or self.kwargs["step"]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        if self.get_step() not in steps_for(self.proposal.group):
            raise Http404
        if not self.proposal.is_editable() and self.has_permission():
            messages.error(request, _("This proposal can no longer be edited."))
            return redirect("proposals:detail", pk=self.proposal.pk)
        return super().dispatch(request, *args, **kwargs)

    def step_context(self) -> dict:
        step = self.get_step()
        proposal = self.proposal
        return {
            "proposal": proposal,
            "steps": steps_for(proposal.group),
            "current_step": step,
            # The steps still holding something that blocks the submit (checks.content_problems), for the tabs.
            "incomplete_steps": {problem.step for problem in content_problems(proposal)},
            "previous_step": previous_step(proposal.group, step),
            "next_step": next_step(proposal.group, step),
        }


class ProposalStepView(StepMixin, FormView):
    """Basics, narrative and replication steps: each POST saves the step as a draft."""

    template_name = "proposals/agency/step.html"

    def get_form_class(self):
        step = self.get_step()
        if step == FormStep.BASICS:
            return forms.BasicsForm
        if step == FormStep.REPLICATION:
            return forms.ReplicationForm
        if step == FormStep.REVIEW:
            return forms.DeclarationForm
        return forms.SectionsForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        step = self.get_step()
        proposal = self.proposal
        if step == FormStep.BASICS:
            return {
                **kwargs,
                "instance": proposal,
                "edition": proposal.edition,
                "agency_id": proposal.agency_id,
                "can_record_consent": self.request.user.has_perm("proposals.record_innovator_consent", proposal),
            }
        if step == FormStep.REVIEW:
            current = declarations.in_force(proposal)
            user = self.request.user
            return {
                **kwargs,
                "initial": {
                    "declaration": current is not None,
                    "signer_name": current.signer_name if current else user.get_full_name(),
                    "signer_position": current.signer_position if current else "",
                },
            }
        return {**kwargs, "proposal": proposal, "sections": sections_for_step(proposal.group, step)}

    def get_form(self, form_class=None):
        return self.with_version(super().get_form(form_class))

    def with_version(self, form):
        # The edit version the page is loaded at: a save from an older one is refused (services.StaleProposalStep).
        # Every page sends it; a client that sends none (a script) saves without the check.
        form.fields["version"] = django_forms.IntegerField(
            widget=django_forms.HiddenInput,
            min_value=0,
            max_value=2**31 - 1,
            required=False,
            initial=self.proposal.edit_version(self.get_step()),
        )
        return form

    def get_context_data(self, **kwargs):
        context = {**self.step_context(), **kwargs}
        if self.get_step() == FormStep.REVIEW:
            context["declaration"] = declarations.in_force(self.proposal)
            context["can_sign"] = self.request.user.has_perm("proposals.sign_declaration", self.proposal)
            context["problems"] = submission_problems(self.proposal)
            context["quota"] = queries.agency_overview(self.proposal.edition, self.proposal.agency)
        return super().get_context_data(**context)

    def form_valid(self, form):
        step = self.get_step()
        proposal = self.proposal
        values = dict(form.cleaned_data)
        version = values.pop("version")
        if step == FormStep.REVIEW:
            values["ip_address"] = get_client_ip_address(self.request)
        try:
            changed = services.save_draft_step(
                proposal, step=step, values=values, actor=self.request.user, version=version
            )
        except services.StaleProposalStep as stale:
            return self.show_stale(form, stale)
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        over_limit = form.over_limit(proposal) if hasattr(form, "over_limit") else {}
        if over_limit:
            carry_version(form, proposal.edit_version(step))  # saved: the next save starts from this version
            for field, message in over_limit.items():
                form.add_error(field, message)
            # Saved: the page says so once, as a warning listing what to shorten (not as a refused form).
            return self.render_to_response(self.get_context_data(form=form, saved_anyway=True))
        if step == FormStep.REVIEW:
            messages.success(
                self.request,
                _("Declaration saved.") if changed else _("Nothing changed: the declaration was already saved."),
            )
            return redirect("proposals:edit_step", pk=proposal.pk, step=step)
        messages.success(self.request, _("“%(step)s” saved in the draft.") % {"step": FormStep(step).label})
        target = step if "stay" in self.request.POST else (next_step(proposal.group, step) or step)
        return redirect("proposals:edit_step", pk=proposal.pk, step=target)

    def show_stale(self, form, stale: services.StaleProposalStep):
        """The user's input stays in the form, now at the current version (saving again is a choice made having
        seen the newer text); below each field that differs, the text saved meanwhile."""
        carry_version(form, stale.version)
        for name, value in stale.newer.items():
            if name in form.fields:
                form[name].newer_value = value
        messages.warning(self.request, stale.message)
        return self.render_to_response(self.get_context_data(form=form, stale=stale), status=409)


class AttachmentsStepView(StepMixin, TemplateView):
    """The attachments step; its panel comes from the attachments pages when they are installed."""

    step = FormStep.ATTACHMENTS
    template_name = "proposals/agency/steps/attachments.html"

    def get_context_data(self, **kwargs):
        try:
            get_template(ATTACHMENTS_PANEL)
            panel = ATTACHMENTS_PANEL
        except TemplateDoesNotExist:
            panel = None
        return super().get_context_data(**self.step_context(), attachments_panel=panel, **kwargs)


class ProposalSubmitView(ProposalObjectMixin, DetailView):
    """Confirm on GET, submit on POST (agency admin only; drafters get 403)."""

    permission_required = "proposals.submit_proposal"
    template_name = "proposals/agency/submit_confirm.html"

    def get_context_data(self, **kwargs):
        proposal = self.proposal
        quota = queries.agency_overview(proposal.edition, proposal.agency)
        counts = queries.counts_toward_quota(proposal)
        return super().get_context_data(
            problems=submission_problems(proposal),
            quota=quota,
            counts_toward_quota=counts,
            # Said before the click: a draft beyond the quota would only be refused by submit_proposal.
            quota_full=counts and proposal.state == ProposalState.DRAFT and not quota.remaining,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        proposal = self.proposal
        try:
            services.submit_proposal(proposal, actor=request.user)
        except services.SubmissionRefused:
            messages.error(request, _("The proposal cannot be submitted yet; see the list below."))
            return redirect("proposals:submit", pk=proposal.pk)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("proposals:submit", pk=proposal.pk)
        messages.success(request, _("Proposal submitted. Your agency admins have been emailed a confirmation."))
        return redirect("proposals:detail", pk=proposal.pk)


class ProposalWithdrawView(ProposalObjectMixin, FormView):
    """Confirm on GET, withdraw on POST (agency admin only)."""

    permission_required = "proposals.withdraw_proposal"
    template_name = "proposals/agency/withdraw_confirm.html"
    form_class = forms.WithdrawForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(proposal=self.proposal, **kwargs)

    def form_valid(self, form):
        proposal = self.proposal
        was_draft = proposal.state == ProposalState.DRAFT
        try:
            services.withdraw_proposal(proposal, actor=self.request.user, note=form.cleaned_data["note"])
        except DomainError as error:
            messages.error(self.request, error.message)
            return redirect("proposals:detail", pk=proposal.pk)
        if was_draft:  # a draft held no place in the quota
            messages.success(self.request, _("Draft discarded."))
        else:
            messages.success(self.request, _("Proposal withdrawn; its place in the quota is free again."))
        return redirect("proposals:detail", pk=proposal.pk)


class ProposalHistoryView(ProposalObjectMixin, DetailView):
    permission_required = "proposals.view_proposal"
    template_name = "proposals/agency/history.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(history=list(queries.history_of(self.proposal)), **kwargs)


class DrafterListView(PermissionRequiredMixin, TemplateView):
    """The agency admin's people: admins and unit drafters of the agency, with a form to add a drafter."""

    permission_required = "proposals.manage_drafters"
    template_name = "proposals/agency/drafters.html"

    def get_context_data(self, **kwargs):
        agency = user_agency(self.request.user)
        members = Membership.objects.filter(agency=agency).select_related("user").order_by("role", "user__email")
        return super().get_context_data(
            agency=agency, members=members, form=kwargs.pop("form", None) or forms.DrafterForm(), **kwargs
        )


class DrafterAddView(PermissionRequiredMixin, FormView):
    permission_required = "proposals.manage_drafters"
    template_name = "proposals/agency/drafter_add.html"
    form_class = forms.DrafterForm

    def form_valid(self, form):
        try:
            user = services.add_drafter(
                user_agency(self.request.user),
                actor=self.request.user,
                site_url=self.request.build_absolute_uri("/").rstrip("/"),
                **form.cleaned_data,
            )
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(email)s can now prepare drafts; they were emailed a link to choose a password.")
            % {"email": user.email},
        )
        return redirect(reverse("proposals:drafters"))
