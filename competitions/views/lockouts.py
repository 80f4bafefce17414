"""Biro Organisasi's page of login lockouts: who is locked now, by which rule and until when, and lifting one (for a
judge locked out of their account on the day of the presentations, say) with an entry in the audit log."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from core import lockouts
from core.exceptions import DomainError

from .agencies import PAGE_SIZE


class UnlockForm(forms.Form):
    kind = forms.ChoiceField(choices=list(lockouts.KIND_LABELS.items()))
    username = forms.CharField(required=False, max_length=255)
    ip_address = forms.GenericIPAddressField(required=False)


class LockoutListView(PermissionRequiredMixin, TemplateView):
    permission_required = "competitions.manage_people"
    template_name = "competitions/organizer/people/lockouts.html"

    def get_context_data(self, **kwargs):
        page = Paginator(lockouts.current_lockouts(), PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            lockouts=page.object_list,
            page_obj=page,
            paginator=page.paginator,
            is_paginated=page.has_other_pages(),
            rules=[(lockouts.KIND_LABELS[kind], limit) for kind, _parameters, limit in lockouts.rules()],
            cooloff_minutes=int(lockouts.cooloff().total_seconds() // 60),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = UnlockForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a lockout to lift."))
            return redirect("competitions:org_lockout_list")
        try:
            lockouts.unlock(**form.cleaned_data, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            who = form.cleaned_data["username"] or form.cleaned_data["ip_address"]
            messages.success(request, _("The lockout of %(who)s is lifted: logging in works again.") % {"who": who})
        return redirect("competitions:org_lockout_list")
