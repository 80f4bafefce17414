"""Organizer pages for judging progress: per judge and per panel in a stage, and reminders to judges who are behind."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from competitions.models import Stage
from core.exceptions import DomainError

from .. import progress
from ..enums import RoundState
from ..queries import round_for
from .ranking import RankingMixin

PAGE_SIZE = 50


class ProgressMixin(RankingMixin):
    permission_required = "judging.view_progress"

    def stage_kind(self) -> str:
        return self.kwargs.get("kind") or self.request.GET.get("stage", "")

    @cached_property
    def stage(self) -> Stage:
        """The stage of the URL or `?stage=`; by default the first open stage, else the first stage."""
        kind = self.stage_kind()
        if kind:
            stage = next((stage for stage in self.stages if stage.kind == kind), None)
            if stage is None:
                raise Http404
            return stage
        open_stages = [stage for stage in self.stages if round_for(stage).state == RoundState.OPEN]
        if open_stages:
            return open_stages[0]
        if not self.stages:
            raise Http404
        return self.stages[0]


class ProgressView(ProgressMixin, TemplateView):
    """How many entries each judge and each panel has scored of those assigned, in one stage: the totals of the
    stage and of each panel, and the judges a page at a time, those with the most still to submit first."""

    template_name = "judging/progress/dashboard.html"

    def get_context_data(self, **kwargs):
        stage = self.stage
        judges, panels = progress.stage_progress(stage)
        total = progress.Progress()
        for row in judges:
            total.add(row)
        stage_round = round_for(stage)
        page = Paginator(judges, PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = {key: value for key, value in self.request.GET.items() if key != "page" and value}
        return super().get_context_data(
            stage=stage,
            stage_round=stage_round,
            judges=page.object_list,
            judge_rows=page.object_list,
            judge_count=len(judges),
            page_obj=page,
            query_string=urlencode(query),
            panels=panels,
            total=total,
            behind=sum(1 for row in judges if row.is_behind),
            deadline=progress.stage_deadline(stage),
            can_remind=stage_round.state == RoundState.OPEN and any(row.is_behind for row in judges),
            **kwargs,
        )


class RemindJudgesView(ProgressMixin, TemplateView):
    """GET: the judges who are behind and what the mail says; POST: mail them."""

    permission_required = "judging.remind_judges"
    template_name = "judging/progress/remind_confirm.html"

    def get_context_data(self, **kwargs):
        reminders = progress.reminder_rows(self.stage)
        page = Paginator(reminders, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            stage=self.stage,
            stage_round=round_for(self.stage),
            reminders=reminders,
            reminders_page=page,
            page_obj=page,
            query_string="",
            without_email=[reminder for reminder in reminders if not reminder.email],
            deadline=progress.stage_deadline(self.stage),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        try:
            sent = progress.remind_judges(self.stage, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            if sent:
                messages.success(
                    request,
                    _("Reminders to %(count)s judges who are behind are queued and mailed in a moment.")
                    % {"count": len(sent)},
                )
            else:
                messages.info(request, _("No judge is behind: no reminder was sent."))
        return redirect(f"{reverse('judging:progress', args=[self.edition.year])}?stage={self.stage.kind}")
