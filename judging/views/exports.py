"""Downloads: the ranking and the score sheets as CSV or Excel (organizers), and a judge's score sheet of a stage as
PDF minutes, which the judge confirms (judges reach only their own; organizers any judge's)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from competitions.exceptions import DomainError
from competitions.models import Judge, Stage
from competitions.rules import roles_of

from .. import exports, minutes, ranking
from ..enums import VISIBLE_TO_JUDGES
from ..queries import annotate_sheet_totals, round_for
from .ranking import RankingMixin, StageRankingMixin, view_of

FORMATS = {"csv": (exports.to_csv, exports.CSV_TYPE), "xlsx": (exports.to_xlsx, exports.XLSX_TYPE)}


def download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


class TableExportMixin:
    permission_required = "judging.export_scores"

    def writer(self):
        fmt = self.kwargs["fmt"]
        if fmt not in FORMATS:
            raise Http404
        return FORMATS[fmt]

    def table(self) -> exports.Table:
        raise NotImplementedError

    def filename_parts(self) -> list:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        write, content_type = self.writer()
        return download(
            write(self.table()), content_type, exports.filename(*self.filename_parts(), ext=self.kwargs["fmt"])
        )


class RankingExportView(TableExportMixin, StageRankingMixin, View):
    """The ranking page's table as a file: both ranks, tie-breaks, scores, spread and means per criterion."""

    def table(self):
        return exports.stage_ranking_table(ranking.stage_ranking(self.stage, self.group, view=view_of(self.request)))

    def filename_parts(self):
        return ["ranking", self.edition.year, self.stage.kind, self.group, view_of(self.request)]


class FinalRankingExportView(TableExportMixin, RankingMixin, View):
    def table(self):
        return exports.final_ranking_table(
            ranking.final_ranking(self.edition, self.group, view=view_of(self.request), stages=self.stages)
        )

    def filename_parts(self):
        return ["final-ranking", self.edition.year, self.group, view_of(self.request)]


class ScoreSheetsExportView(TableExportMixin, StageRankingMixin, View):
    """Every judge's sheet on every entry of a stage and group: values, notes, totals and status."""

    def table(self):
        return exports.score_sheets_table(self.stage, self.group, list(self.stage.criteria.all()))

    def filename_parts(self):
        return ["score-sheets", self.edition.year, self.stage.kind, self.group]


# --- A judge's score sheet as minutes -------------------------------------------------------------------------------


def stage_of(year: int, kind: str) -> Stage:
    return get_object_or_404(Stage.objects.select_related("edition", "round"), edition__year=year, kind=kind)


def score_sheet_response(stage: Stage, judge: Judge) -> HttpResponse:
    sheets = list(annotate_sheet_totals(minutes.judge_sheets(stage, judge)))
    content = exports.score_sheet_pdf(
        stage=stage,
        judge=judge,
        sheets=sheets,
        values=ranking.score_values({sheet.assignment.entry_id for sheet in sheets}),
        confirmation=minutes.latest_confirmation(stage, judge, sheets=sheets),
    )
    name = exports.filename("berita-acara", stage.edition.year, stage.kind, judge.user.get_username(), ext="pdf")
    response = HttpResponse(content, content_type=exports.PDF_TYPE)
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


class JudgeScoreSheetPdfView(PermissionRequiredMixin, View):
    """Organizers: any judge's score sheet of a stage (404 when the judge has no entry in it)."""

    permission_required = "judging.export_scores"

    def get(self, request, year, kind, judge):
        stage_obj = stage_of(year, kind)
        judge_obj = get_object_or_404(
            Judge.objects.select_related("user").filter(assignments__entry__stage=stage_obj).distinct(), pk=judge
        )
        return score_sheet_response(stage_obj, judge_obj)


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
    def get(self, request, *args, **kwargs):
        return score_sheet_response(self.stage, self.judge)


class ConfirmScoreSheetView(MyStageMixin, TemplateView):
    """GET: the judge's scores in the stage and their latest confirmation; POST: confirm them as the minutes."""

    template_name = "judging/ranking/minutes_confirm.html"

    def get_context_data(self, **kwargs):
        sheets = list(annotate_sheet_totals(minutes.judge_sheets(self.stage, self.judge)))
        return super().get_context_data(
            stage=self.stage,
            edition=self.stage.edition,
            judge=self.judge,
            sheets=sheets,
            confirmation=minutes.latest_confirmation(self.stage, self.judge, sheets=sheets),
            confirmable=minutes.confirmable(sheets),
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
