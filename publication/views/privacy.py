"""Personal data (UU 27/2022): the public privacy notice, and the organizers' tools for a data subject's request —
find the person's records, export them as JSON, erase them (confirm on GET, act on POST)."""

import json

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from core.exceptions import DomainError
from publication.privacy.forms import ErasureForm, PersonSearchForm
from publication.privacy.queries import (
    RecordSelection,
    export_file_name,
    find_person,
    person_export,
    selected_records,
)
from publication.privacy.services import erase_personal_data, record_export


class PrivacyNoticeView(TemplateView):
    """Pemberitahuan Privasi: what the portal holds, why, who sees it, how long, and how to exercise one's rights."""

    template_name = "publication/privacy/notice.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            privacy_contact=settings.KOVABLIK_PRIVACY_CONTACT, privacy_email=settings.KOVABLIK_PRIVACY_EMAIL, **kwargs
        )


class PersonalDataMixin(PermissionRequiredMixin):
    permission_required = "publication.manage_personal_data"

    @cached_property
    def query(self) -> str:
        return (self.request.GET.get("q") or self.request.POST.get("q") or "").strip()[:200]

    @cached_property
    def selection(self) -> RecordSelection:
        data = self.request.POST if self.request.method == "POST" else self.request.GET
        return RecordSelection.parse(data.getlist("record"))

    def search_url(self) -> str:
        url = reverse("publication:personal_data")
        return f"{url}?{urlencode({'q': self.query})}" if self.query else url


class PersonSearchView(PersonalDataMixin, TemplateView):
    """Search accounts, innovators, card contacts and objection filers; tick the person's records to export or erase
    them."""

    template_name = "publication/privacy/search.html"

    def get_context_data(self, **kwargs):
        form = PersonSearchForm(self.request.GET if "q" in self.request.GET else None)
        records = find_person(form.cleaned_data["q"]) if form.is_valid() else []
        return super().get_context_data(
            form=form,
            records=records,
            query=form.cleaned_data["q"] if form.is_valid() else "",
            export_name=export_file_name(form.cleaned_data["q"]) if form.is_valid() else "",
            **kwargs,
        )


class PersonExportView(PersonalDataMixin, View):
    """The selected records as one JSON file (the data subject's copy); the export is audited without the values."""

    def get(self, request):
        if not self.selection:
            messages.error(request, _("Choose at least one record to export."))
            return redirect(self.search_url())
        data = person_export(self.selection, query=self.query)
        record_export(records=self.selection, actor=request.user)
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{export_file_name(self.query)}"'
        return response


class PersonEraseView(PersonalDataMixin, FormView):
    """Confirm on GET (the records that will be erased, a reason), erase on POST."""

    template_name = "publication/privacy/erase_confirm.html"
    form_class = ErasureForm

    def get(self, request, *args, **kwargs):
        if not self.selection:
            messages.error(request, _("Choose at least one record to erase."))
            return redirect(self.search_url())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            records=selected_records(self.selection), query=self.query, search_url=self.search_url(), **kwargs
        )

    def form_valid(self, form):
        try:
            result = erase_personal_data(
                records=self.selection, reason=form.cleaned_data["reason"], actor=self.request.user
            )
        except DomainError as error:
            messages.error(self.request, error.message)
            return redirect(self.search_url())
        messages.success(
            self.request,
            _(
                "Erased: %(total)s records (%(accounts)s accounts, %(innovators)s innovators, %(cards)s card "
                "contacts, %(objections)s objection filers); %(audit)s earlier audit entries cleaned. Proposals, "
                "scores and results are unchanged."
            )
            % {
                "total": result.total,
                "accounts": result.accounts,
                "innovators": result.innovators,
                "cards": result.cards,
                "objections": result.objections,
                "audit": result.audit_entries_scrubbed,
            },
        )
        return redirect(self.search_url())
