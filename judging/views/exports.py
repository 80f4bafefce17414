"""Exports: the ranking and the score sheets as CSV or Excel (organizers), and a judge's score sheet of a stage as
PDF minutes, which the judge confirms (judges reach only their own; organizers any judge's).

Asking for a file is a POST that records an Export and enqueues the task that writes it (judging.export_jobs); the
"Exports" page shows it queued, being written, ready (name and size) or failed, and a permission-checking view
serves the written file. No file is built inside a request.
"""

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from competitions.models import Judge, Stage
from competitions.queries import public_editions
from competitions.rules import roles_of
from competitions.views.agencies import ForgivingPageMixin
from core.exceptions import DomainError

from .. import export_jobs, minutes
from ..enums import EXPORT_FORMATS, VISIBLE_TO_JUDGES, ExportKind, ExportState
from ..models import Export
from ..queries import round_for
from .ranking import RankingMixin, StageRankingMixin, view_of

PAGE_SIZE = 25


def queued_message(request) -> None:
    messages.success(
        request, _("The export is queued. It appears below as soon as it is written; reload the page to see it.")
    )


class TableExportMixin:
    """POST: ask for the table as a file (format from the URL; ranking view from ?view=)."""

    permission_required = "judging.export_scores"
    kind: str

    def stage_kind(self) -> str:
        return ""

    def post(self, request, *args, **kwargs):
        if self.kwargs["fmt"] not in EXPORT_FORMATS[self.kind]:
            raise Http404
        try:
            export_jobs.request_export(
                self.edition,
                kind=self.kind,
                fmt=self.kwargs["fmt"],
                actor=request.user,
                stage=self.stage_kind(),
                group=self.group,
                view=view_of(request),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            queued_message(request)
        return redirect("judging:exports")


class RankingExportView(TableExportMixin, StageRankingMixin, View):
    """The ranking page's table as a file: both ranks, tie-breaks, scores, spread and means per criterion."""

    kind = ExportKind.RANKING

    def stage_kind(self):
        return self.stage.kind


class FinalRankingExportView(TableExportMixin, RankingMixin, View):
    kind = ExportKind.FINAL_RANKING


class ScoreSheetsExportView(TableExportMixin, StageRankingMixin, View):
    """Every judge's sheet on every entry of a stage and group: values, notes, totals and status."""

    kind = ExportKind.SCORE_SHEETS

    def stage_kind(self):
        return self.stage.kind


class ExportListView(PermissionRequiredMixin, ForgivingPageMixin, ListView):
    """The "Exports" page: every export asked for, newest first, with its state, name, size, time and requester."""

    permission_required = "judging.export_scores"
    template_name = "judging/exports/list.html"
    context_object_name = "exports"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return export_jobs.exports_for(self.request.user)

    def get_context_data(self, **kwargs):
        # The pages the files are asked for from, for the newest edition: else the page is a dead end.
        return super().get_context_data(
            edition=public_editions().only("pk", "year").first(),
            retention_days=settings.KOVABLIK_EXPORT_RETENTION_DAYS,
            **kwargs,
        )


class ExportDownloadView(PermissionRequiredMixin, View):
    """The written file of an export the user may see (404 otherwise, and while it is not written yet)."""

    permission_required = "judging.download_export"

    def get(self, request, pk):
        export = get_object_or_404(export_jobs.exports_for(request.user), pk=pk, state=ExportState.DONE)
        if not export.file:
            raise Http404
        response = FileResponse(
            export.file.open("rb"),
            as_attachment=True,
            filename=export.file_name,
            content_type=export_jobs.CONTENT_TYPES.get(export.fmt, "application/octet-stream"),
        )
        response["Cache-Control"] = "private, no-store"
        return response


class ExportRetryView(PermissionRequiredMixin, TemplateView):
    """GET: what failed and why; POST: ask for the same export again."""

    permission_required = "judging.export_scores"
    template_name = "judging/exports/retry.html"

    @cached_property
    def export(self) -> Export:
        return get_object_or_404(export_jobs.exports_for(self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            export=self.export, retention_days=settings.KOVABLIK_EXPORT_RETENTION_DAYS, **kwargs
        )

    def post(self, request, *args, **kwargs):
        try:
            export_jobs.retry_export(self.export, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            queued_message(request)
        return redirect("judging:exports")


# --- A judge's score sheet as minutes -------------------------------------------------------------------------------


def stage_of(year: int, kind: str) -> Stage:
    return get_object_or_404(Stage.objects.select_related("edition", "round"), edition__year=year, kind=kind)


class JudgeScoreSheetPdfView(PermissionRequiredMixin, View):
    """Organizers, POST: ask for any judge's score sheet of a stage (404 when the judge has no entry in it)."""

    permission_required = "judging.export_scores"

    def post(self, request, year, kind, judge):
        stage_obj = stage_of(year, kind)
        judge_obj = get_object_or_404(
            Judge.objects.select_related("user").filter(assignments__entry__stage=stage_obj).distinct(), pk=judge
        )
        export_jobs.request_export(
            stage_obj.edition,
            kind=ExportKind.JUDGE_SCORE_SHEET,
            fmt="pdf",
            actor=request.user,
            stage=stage_obj.kind,
            judge=judge_obj,
        )
        queued_message(request)
        return redirect("judging:exports")


class MyStageMixin(PermissionRequiredMixin):
    """The signed-in judge's own stage: 404 unless they have an entry in it and the stage is visible to judges."""

    permission_required = "judging.confirm_score_sheet"

    @cached_property
    def judge(self) -> Judge:
        return get_object_or_404(Judge.objects.select_related("user"), pk=roles_of(self.request.user).judge_id)

    @cached_property
    def stage(self) -> Stage:
        stage = stage_of(self.kwargs["year"], self.kwargs["kind"])
        if (
            round_for(stage).state not in VISIBLE_TO_JUDGES
            or not stage.entries.filter(assignments__judge=self.judge).exists()
        ):
            raise Http404
        return stage


class MyScoreSheetPdfView(MyStageMixin, View):
    """Judges, POST: ask for their own score sheet of the stage as PDF; it is listed on their score sheet page."""

    def post(self, request, *args, **kwargs):
        export_jobs.request_export(
            self.stage.edition,
            kind=ExportKind.JUDGE_SCORE_SHEET,
            fmt="pdf",
            actor=request.user,
            stage=self.stage.kind,
            judge=self.judge,
        )
        messages.success(request, _("Your PDF is being written. It appears below in a moment; reload the page."))
        return redirect("judging:confirm_score_sheet", self.stage.edition.year, self.stage.kind)


class ConfirmScoreSheetView(MyStageMixin, TemplateView):
    """GET: the judge's scores in the stage, their latest confirmation and the PDFs they asked for; POST: confirm
    the scores as the minutes."""

    template_name = "judging/ranking/minutes_confirm.html"

    def get_context_data(self, **kwargs):
        sheets = list(minutes.judge_sheets(self.stage, self.judge))
        pdfs = export_jobs.exports_for(self.request.user).filter(
            kind=ExportKind.JUDGE_SCORE_SHEET, edition=self.stage.edition, params__stage=self.stage.kind
        )[:5]
        return super().get_context_data(
            stage=self.stage,
            edition=self.stage.edition,
            judge=self.judge,
            sheets=sheets,
            confirmation=minutes.latest_confirmation(self.stage, self.judge, sheets=sheets),
            confirmable=minutes.confirmable(sheets),
            pdfs=pdfs,
            retention_days=settings.KOVABLIK_EXPORT_RETENTION_DAYS,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        try:
            minutes.confirm_score_sheet(self.stage, judge=self.judge, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your score sheet is confirmed. The PDF now shows your confirmation."))
        return redirect("judging:confirm_score_sheet", self.stage.edition.year, self.stage.kind)
