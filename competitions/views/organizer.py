"""Biro Organisasi's pages for editions: the list, creating one, an overview of its whole configuration, a page per
part of it, and copying last year's edition. Thin views: forms validate, competitions.services write."""

import copy

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, ListView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from core.audit import logs_for
from core.exceptions import DomainError

from .. import forms, queries, services
from ..enums import AgencyKind, GroupKind, PhaseKind, ProposalSection, StageKind
from ..models import Edition, SpecialGroupInvitation

AUDIT_LOG_LENGTH = 50


def audit_entries(obj, *, limit: int = AUDIT_LOG_LENGTH) -> list:
    """The newest audit entries of `obj` with their changes as (what, before, after) rows for display."""
    entries = list(logs_for(obj)[:limit])
    for entry in entries:
        data = entry.data or {}
        before, after = data.get("before"), data.get("after")
        if isinstance(before, dict) and isinstance(after, dict):
            keys = sorted(before.keys() | after.keys())
            entry.changes = [
                (key, before.get(key), after.get(key)) for key in keys if before.get(key) != after.get(key)
            ]
        else:
            entry.changes = [(key, None, value) for key, value in sorted(data.items())]
    return entries


class ManageEditionsMixin(PermissionRequiredMixin):
    permission_required = "competitions.manage_editions"


class EditionListView(ManageEditionsMixin, ListView):
    template_name = "competitions/organizer/editions/list.html"
    context_object_name = "editions"

    def get_queryset(self):
        return Edition.objects.prefetch_related("phases").order_by("-year")


class EditionCreateView(ManageEditionsMixin, FormView):
    """A new edition starts from the competition's defaults (schedule, groups, categories, criteria, limits)."""

    template_name = "competitions/organizer/form_page.html"
    form_class = forms.EditionCreateForm
    extra_context = {
        "page_title": gettext_lazy("New edition"),
        "intro": gettext_lazy(
            "The new edition starts with the default schedule, groups, categories, criteria and word limits; "
            "adjust each part on the edition's overview page. To start from last year's edition instead, copy it."
        ),
    }

    def form_valid(self, form):
        try:
            edition = services.create_edition(**form.cleaned_data, actor=self.request.user)
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Edition %(year)s created. Review each part below.") % {"year": edition.year})
        return redirect("competitions:org_edition_detail", year=edition.year)


class EditionMixin(ManageEditionsMixin):
    """Loads the edition of the URL with its whole configuration (a constant number of queries)."""

    @cached_property
    def edition(self) -> Edition:
        return get_object_or_404(queries.editions_with_config(), year=self.kwargs["year"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(edition=self.edition, **kwargs)


class EditionDetailView(EditionMixin, TemplateView):
    """Every part of an edition's configuration with a link to edit it, and its audit log."""

    template_name = "competitions/organizer/editions/detail.html"

    def get_context_data(self, **kwargs):
        edition = self.edition
        overrides = {quota.agency_kind for quota in edition.quotas.all()}
        return super().get_context_data(
            quotas=[(kind.label, edition.quota_for(kind), kind in overrides) for kind in AgencyKind],
            word_limits=[(section.label, edition.word_limit(section)) for section in ProposalSection],
            logs=audit_entries(edition),
            **kwargs,
        )


class EditionPartView(EditionMixin, FormView):
    """One part of an edition's configuration: the form validates, `save` calls one service, and a DomainError from
    it becomes an error on the page with nothing changed (the service is atomic)."""

    template_name = "competitions/organizer/form_page.html"
    page_title = ""
    intro = ""
    success_message = gettext_lazy("Changes saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "edition": self.edition}

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=self.page_title, intro=self.intro, **kwargs)

    def save(self, form) -> None:
        raise NotImplementedError

    def show_domain_error(self, form, message) -> None:
        form.add_error(None, message)

    def form_valid(self, form):
        try:
            self.save(form)
        except DomainError as error:
            self.show_domain_error(form, error.message)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())

    def get_success_url(self):
        return reverse("competitions:org_edition_detail", args=[self.edition.year])


class EditionSettingsView(EditionPartView):
    form_class = forms.EditionSettingsForm
    page_title = gettext_lazy("Edition settings")
    intro = gettext_lazy("Number, theme, description, visibility and the rules that apply to every proposal.")

    def get_form_kwargs(self):
        kwargs = super(EditionPartView, self).get_form_kwargs()
        # A copy: the form writes cleaned values onto its instance, update_edition compares with the original.
        return {**kwargs, "instance": copy.copy(self.edition)}

    def save(self, form):
        changes = {field: form.cleaned_data[field] for field in services.EDITION_SETTINGS_FIELDS}
        services.update_edition(self.edition, changes=changes, actor=self.request.user)


class EditionScheduleView(EditionPartView):
    form_class = forms.ScheduleForm
    template_name = "competitions/organizer/editions/schedule.html"
    page_title = gettext_lazy("Schedule")
    intro = gettext_lazy(
        "Both dates are inclusive days in Asia/Jakarta time (WIB). The current phase on the public pages follows "
        "these dates."
    )

    def save(self, form):
        services.set_schedule(self.edition, phases=form.phases(), actor=self.request.user)


class EditionGroupsView(EditionPartView):
    form_class = forms.GroupWinnersForm
    page_title = gettext_lazy("Groups and number of winners")
    intro = gettext_lazy("How many winners (Top N) each competition group announces.")

    def save(self, form):
        winners = {kind: form.cleaned_data[kind] for kind in GroupKind}
        services.set_group_winners(self.edition, winners=winners, actor=self.request.user)


class EditionStagesView(EditionPartView):
    form_class = forms.StageWeightsForm
    page_title = gettext_lazy("Stage weights in the final score")
    intro = gettext_lazy("The final score combines the evaluation stages by these weights, which must total 100.")

    def get_context_data(self, **kwargs):
        return super().get_context_data(current_total=self.edition.final_weights_total, **kwargs)

    def save(self, form):
        weights = {kind: form.cleaned_data[kind] for kind in StageKind}
        services.set_stage_weights(self.edition, weights=weights, actor=self.request.user)


class EditionQuotasView(EditionPartView):
    form_class = forms.QuotasForm
    page_title = gettext_lazy("Proposal quotas")
    intro = gettext_lazy("How many proposals an agency may submit, by default and per kind of agency.")

    def save(self, form):
        services.set_quotas(
            self.edition,
            default_quota=form.cleaned_data["default_quota"],
            per_kind=form.per_kind(),
            actor=self.request.user,
        )


class EditionWordLimitsView(EditionPartView):
    form_class = forms.WordLimitsForm
    page_title = gettext_lazy("Word limits")
    intro = gettext_lazy("The maximum number of words of each narrative section of the proposal form.")

    def save(self, form):
        services.set_word_limits(self.edition, limits=form.limits(), actor=self.request.user)


class RowsPartView(EditionPartView):
    """A part edited as a list of rows (a formset): add, remove, rename and reorder without JavaScript."""

    template_name = "competitions/organizer/editions/rows.html"
    prefix = "rows"

    def get_form_kwargs(self):
        return {**super(EditionPartView, self).get_form_kwargs(), "initial": self.get_initial_rows()}

    def get_initial_rows(self) -> list[dict]:
        raise NotImplementedError

    def show_domain_error(self, form, message):
        form.non_form_errors().append(message)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["formset"] = context["form"]
        return context


class EditionCategoriesView(RowsPartView):
    form_class = forms.CategoryFormSet
    prefix = "categories"
    page_title = gettext_lazy("Categories")
    intro = gettext_lazy(
        "The year's thematic categories. Fill an empty row to add one, tick Remove to delete one, and change the "
        "Position numbers to reorder them."
    )

    def get_initial_rows(self):
        return forms.category_initial(self.edition)

    def save(self, form):
        services.set_categories(self.edition, categories=form.rows(), actor=self.request.user)


class EditionCriteriaView(RowsPartView):
    form_class = forms.CriterionFormSet
    prefix = "criteria"
    intro = gettext_lazy(
        "The weights of a stage's criteria must total 100. Fill an empty row to add a criterion, tick Remove to "
        "delete one, and change the Position numbers to reorder them. Nothing is saved while the total is wrong."
    )

    @cached_property
    def stage(self):
        stage = next((stage for stage in self.edition.stages.all() if stage.kind == self.kwargs["kind"]), None)
        if stage is None:
            raise Http404
        return stage

    @property
    def page_title(self):
        return _("Criteria: %(stage)s") % {"stage": self.stage.get_kind_display()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(stage=self.stage, current_total=self.stage.criteria_weights_total, **kwargs)

    def get_initial_rows(self):
        return forms.criterion_initial(self.stage)

    def save(self, form):
        services.set_criteria(self.stage, criteria=form.rows(), actor=self.request.user)


class EditionCopyView(EditionMixin, TemplateView):
    """Copy an edition as next year's starting point. The form is sent by GET and answered with a preview of
    everything the copy will hold; only the confirm POST creates the (hidden) edition."""

    template_name = "competitions/organizer/editions/copy.html"

    def get(self, request, *args, **kwargs):
        if "year" in request.GET:
            form = forms.EditionCopyForm(request.GET)
            # "edit" comes from the preview's Back link: the form again, filled in.
            if form.is_valid() and "edit" not in request.GET:
                plan = services.plan_edition_copy(
                    self.edition, year=form.cleaned_data["year"], number=form.cleaned_data["number"]
                )
                phases = [(PhaseKind(kind).label, starts_on, ends_on) for kind, starts_on, ends_on in plan.phases]
                return self.render_to_response(self.get_context_data(form=form, plan=plan, phases=phases))
        else:
            source = self.edition
            form = forms.EditionCopyForm(initial={"year": source.year + 1, "number": source.number + 1})
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = forms.EditionCopyForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            plan = services.plan_edition_copy(self.edition, year=data["year"], number=data["number"])
            try:
                edition = services.copy_edition(plan, theme=data["theme"], actor=request.user)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("Edition %(year)s created as a copy of %(source)s. It is hidden until you make it public.")
                    % {"year": edition.year, "source": self.edition.year},
                )
                return redirect("competitions:org_edition_detail", year=edition.year)
        return self.render_to_response(self.get_context_data(form=form))


class SpecialInvitationsView(EditionPartView):
    """The agencies invited to the special group (Kelompok Khusus), and a form to invite one more."""

    form_class = forms.SpecialInvitationForm
    template_name = "competitions/organizer/editions/invitations.html"
    page_title = gettext_lazy("Special group invitations")
    success_message = gettext_lazy("Invitation sent to the agency's admins.")

    def get_context_data(self, **kwargs):
        return super().get_context_data(invitations=queries.special_invitations(self.edition), **kwargs)

    def save(self, form):
        services.invite_to_special_group(
            self.edition,
            agency=form.cleaned_data["agency"],
            note=form.cleaned_data["note"],
            ground=form.cleaned_data.get("ground"),
            actor=self.request.user,
            site_url=self.request.build_absolute_uri("/").rstrip("/"),
        )

    def get_success_url(self):
        return reverse("competitions:org_edition_invitations", args=[self.edition.year])


class SpecialInvitationWithdrawView(ManageEditionsMixin, TemplateView):
    """Confirm on GET, withdraw on POST."""

    template_name = "competitions/organizer/editions/invitation_withdraw.html"

    @cached_property
    def invitation(self):
        return get_object_or_404(
            SpecialGroupInvitation.objects.select_related("edition", "agency"), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(invitation=self.invitation, edition=self.invitation.edition, **kwargs)

    def post(self, request, *args, **kwargs):
        invitation = self.invitation
        services.withdraw_special_invitation(invitation, actor=request.user)
        messages.success(request, _("Invitation of %(agency)s withdrawn.") % {"agency": invitation.agency.name})
        return redirect("competitions:org_edition_invitations", year=invitation.edition.year)
