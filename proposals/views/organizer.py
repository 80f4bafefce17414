"""Organizer pages of the proposals app that are not screening: extending the edition's submission deadline,
reminding agencies of returned proposals, and the edition's quota use."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from competitions.enums import PhaseKind
from competitions.models import Edition
from competitions.queries import editions_with_config
from core.exceptions import DomainError

from .. import forms, notifications, queries, services
from ..filters import QuotaUseFilter


class ExtendSubmissionDeadlineView(PermissionRequiredMixin, FormView):
    """Move the last day of submission later for the whole edition (Asia/Jakarta)."""

    permission_required = "proposals.extend_submission_deadline"
    template_name = "proposals/organizer/extend_deadline.html"
    form_class = forms.ExtendDeadlineForm

    @cached_property
    def edition(self):
        edition = editions_with_config().filter(year=self.kwargs["year"]).first()
        if edition is None:
            raise Http404
        return edition

    def get_context_data(self, **kwargs):
        return super().get_context_data(edition=self.edition, phase=self.edition.phase(PhaseKind.SUBMISSION), **kwargs)

    def form_valid(self, form):
        try:
            phase = services.extend_submission_deadline(
                self.edition, new_end_date=form.cleaned_data["new_end_date"], actor=self.request.user
            )
        except DomainError as error:
            form.add_error("new_end_date", error.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Submission now closes at the end of %(day)s (WIB).")
            % {"day": date_format(phase.ends_on, "DATE_FORMAT")},
        )
        return redirect("proposals:extend_deadline", year=self.edition.year)


class RevisionRemindersView(PermissionRequiredMixin, TemplateView):
    """GET: who gets a reminder about which returned proposal (the preview); POST: queue them through the outbox."""

    permission_required = "proposals.screen_proposal"
    template_name = "proposals/organizer/revision_reminders.html"

    @cached_property
    def edition(self):
        edition = editions_with_config().filter(year=self.kwargs["year"]).first()
        if edition is None:
            raise Http404
        return edition

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            edition=self.edition, reminders=notifications.revision_reminders(self.edition), **kwargs
        )

    def post(self, request, *args, **kwargs):
        queued = notifications.send_revision_reminders(self.edition, actor=request.user)
        if queued:
            messages.success(
                request,
                ngettext("%(count)s reminder is on its way.", "%(count)s reminders are on their way.", queued)
                % {"count": queued},
            )
        else:
            messages.info(request, _("No reminder was needed: each was already sent today, or none is due."))
        return redirect("proposals:revision_reminders", year=self.edition.year)


QUOTA_USE_PAGE_SIZE = 50


class QuotaUseView(PermissionRequiredMixin, TemplateView):
    """Who holds how many of the edition's proposal places: per quota holder its own places and its units' side
    by side, filtered and paginated in SQL."""

    permission_required = "proposals.screen_proposal"
    template_name = "proposals/organizer/quota_use.html"

    def get_context_data(self, **kwargs):
        edition = Edition.objects.prefetch_related("quotas").filter(year=self.kwargs["year"]).first()
        if edition is None:
            raise Http404
        filters = QuotaUseFilter(self.request.GET, queryset=queries.quota_use(edition).order_by("-used", "name"))
        page = Paginator(filters.qs, QUOTA_USE_PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = {key: value for key, value in self.request.GET.items() if key != "page" and value}
        return super().get_context_data(
            edition=edition,
            form=filters.form,
            page_obj=page,
            holders=page.object_list,
            query_string=urlencode(query),
            **kwargs,
        )
