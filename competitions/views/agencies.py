"""Biro Organisasi's pages for participating agencies: a searchable list, create and edit."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, ListView
from rules.contrib.views import PermissionRequiredMixin

from core.exceptions import DomainError

from .. import forms, queries, services
from ..filters import AgencyFilter
from ..models import Agency
from .organizer import audit_entries

PAGE_SIZE = 25


class ForgivingPageMixin:
    """A ListView whose `?page=` never answers 404: a stale or mistyped page number ("9999", "zz") shows the
    nearest page, as Paginator.get_page does on the other paginated pages."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset, page_size, orphans=self.get_paginate_orphans(), allow_empty_first_page=self.get_allow_empty()
        )
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


def query_string_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


class ManageAgenciesMixin(PermissionRequiredMixin):
    permission_required = "competitions.manage_agencies"


class AgencyListView(ManageAgenciesMixin, ForgivingPageMixin, ListView):
    template_name = "competitions/organizer/agencies/list.html"
    context_object_name = "agencies"
    paginate_by = PAGE_SIZE

    @cached_property
    def filterset(self) -> AgencyFilter:
        return AgencyFilter(self.request.GET, queryset=queries.agencies_for_list())

    def get_queryset(self):
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter_form=self.filterset.form, query_string=query_string_without_page(self.request), **kwargs
        )


class AgencyCreateView(ManageAgenciesMixin, FormView):
    template_name = "competitions/organizer/form_page.html"
    form_class = forms.AgencyForm
    extra_context = {"page_title": gettext_lazy("New agency"), "section": "agencies"}

    def form_valid(self, form):
        try:
            agency = services.create_agency(**form.cleaned_data, actor=self.request.user)
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Agency “%(name)s” created.") % {"name": agency.name})
        return redirect("competitions:org_agency_list")


class AgencyEditView(ManageAgenciesMixin, FormView):
    template_name = "competitions/organizer/agencies/edit.html"
    form_class = forms.AgencyForm

    @cached_property
    def agency(self) -> Agency:
        return get_object_or_404(Agency.objects.select_related("parent", "region"), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.agency}

    def get_context_data(self, **kwargs):
        return super().get_context_data(agency=self.agency, logs=audit_entries(self.agency, limit=20), **kwargs)

    def form_valid(self, form):
        changes = {field: form.cleaned_data[field] for field in services.AGENCY_FIELDS}
        try:
            # update_agency reads the values before the change from the database, so the form's instance may
            # already hold the new ones.
            services.update_agency(self.agency, changes=changes, actor=self.request.user)
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Agency “%(name)s” saved.") % {"name": form.cleaned_data["name"]})
        return redirect("competitions:org_agency_list")
