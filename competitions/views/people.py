"""Biro Organisasi's pages for accounts: a searchable list with roles, create an account with a role (the person
gets an email to choose their password), edit an account and its role details."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, ListView
from rules.contrib.views import PermissionRequiredMixin

from core.exceptions import DomainError

from .. import forms, services
from ..filters import PersonFilter
from ..queries import PERSON_ROLE_RELATIONS, people_for_list
from .agencies import PAGE_SIZE, ForgivingPageMixin, query_string_without_page
from .organizer import audit_entries


class ManagePeopleMixin(PermissionRequiredMixin):
    permission_required = "competitions.manage_people"


def site_url(request) -> str:
    """The portal's address as the organizer reached it, for links in emails."""
    return request.build_absolute_uri("/").rstrip("/")


class PersonListView(ManagePeopleMixin, ForgivingPageMixin, ListView):
    template_name = "competitions/organizer/people/list.html"
    context_object_name = "people"
    paginate_by = PAGE_SIZE

    @cached_property
    def filterset(self) -> PersonFilter:
        return PersonFilter(self.request.GET, queryset=people_for_list())

    def get_queryset(self):
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            filter_form=self.filterset.form, query_string=query_string_without_page(self.request), **kwargs
        )
        for person in context["people"]:
            role = services.account_role(person)
            person.role_label = services.AccountRole(role).label if role else None
        return context


class PersonCreateView(ManagePeopleMixin, FormView):
    template_name = "competitions/organizer/people/form.html"
    form_class = forms.PersonForm
    extra_context = {"page_title": gettext_lazy("New account")}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            person = services.create_person(
                username=data["username"],
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                **form.role_kwargs(),
                actor=self.request.user,
                site_url=site_url(self.request),
            )
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Account %(username)s created. An email telling %(email)s how to choose a password is on its way.")
            % {"username": person.username, "email": person.email},
        )
        return redirect("competitions:org_person_list")


class PersonEditView(ManagePeopleMixin, FormView):
    template_name = "competitions/organizer/people/form.html"
    form_class = forms.PersonForm

    @cached_property
    def person(self):
        return get_object_or_404(get_user_model().objects.select_related(*PERSON_ROLE_RELATIONS), pk=self.kwargs["pk"])

    def get_initial(self):
        person = self.person
        initial = {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "is_active": person.is_active,
            "role": services.account_role(person),
        }
        if getattr(person, "membership", None) is not None:
            initial["agency"] = person.membership.agency
        elif getattr(person, "judge", None) is not None:
            judge = person.judge
            initial.update(agency=judge.agency, affiliation=judge.affiliation, expertise=judge.expertise)
        if getattr(person, "organizer", None) is not None:
            initial["position"] = person.organizer.position
        return initial

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.person}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            person=self.person,
            page_title=_("Account %(username)s") % {"username": self.person.get_username()},
            logs=audit_entries(self.person, limit=20),
            **kwargs,
        )

    def form_valid(self, form):
        changes = {field: form.cleaned_data[field] for field in services.PERSON_FIELDS}
        try:
            services.update_person(self.person, changes=changes, **form.role_kwargs(), actor=self.request.user)
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Account %(username)s saved.") % {"username": self.person.get_username()})
        return redirect("competitions:org_person_list")
