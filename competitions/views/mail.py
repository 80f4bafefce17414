"""Biro Organisasi's view of the outgoing mail queue: what is waiting or failed (with the error), and sending a
failed mail again (confirm on GET, act on POST)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from core import outbox
from core.exceptions import DomainError
from core.models import MailDelivery

from ..filters import OutgoingMailFilter
from ..queries import outgoing_mail
from .agencies import PAGE_SIZE, ForgivingPageMixin, query_string_without_page


class OutgoingMailMixin(PermissionRequiredMixin):
    permission_required = "competitions.manage_outgoing_mail"


class OutgoingMailListView(OutgoingMailMixin, ForgivingPageMixin, ListView):
    template_name = "competitions/organizer/mail/list.html"
    context_object_name = "deliveries"
    paginate_by = PAGE_SIZE

    @cached_property
    def filterset(self) -> OutgoingMailFilter:
        return OutgoingMailFilter(self.request.GET, queryset=outgoing_mail())

    def get_queryset(self):
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            filter_form=self.filterset.form, query_string=query_string_without_page(self.request), **kwargs
        )
        for delivery in context["deliveries"]:
            delivery.kind_label = outbox.kind_label(delivery)
        return context


class OutgoingMailRetryView(OutgoingMailMixin, TemplateView):
    template_name = "competitions/organizer/mail/retry.html"

    @cached_property
    def delivery(self) -> MailDelivery:
        return get_object_or_404(MailDelivery.objects.select_related("recipient"), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        self.delivery.kind_label = outbox.kind_label(self.delivery)
        return super().get_context_data(delivery=self.delivery, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            outbox.retry_delivery(self.delivery, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("The mail to %(address)s is queued again.") % {"address": self.delivery.to_email}
            )
        return redirect("competitions:org_mail_list")
