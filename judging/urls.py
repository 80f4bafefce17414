from django.urls import path

from .schedule import views as schedule
from .views import audit, exports, judge, panels, progress, ranking
from .visits import views as visits

app_name = "judging"

urlpatterns = [
    # Judges (judging/views/judge.py).
    path("judge/", judge.MyEntriesView.as_view(), name="my_entries"),
    path("judge/entries/<int:entry_id>/", judge.ScoreEntryView.as_view(), name="score"),
    path("judge/entries/<int:entry_id>/review/", judge.ScoreReviewView.as_view(), name="score_review"),
    path("judge/entries/<int:entry_id>/submit/", judge.SubmitScoresView.as_view(), name="score_submit"),
    path("judge/entries/<int:entry_id>/conflict/", judge.DeclareConflictView.as_view(), name="declare_conflict"),
    # Organizers: panels, rounds and assignment (judging/views/panels.py).
    path("organizer/editions/<int:year>/panels/", panels.PanelListView.as_view(), name="panels"),
    path("organizer/editions/<int:year>/panels/new/", panels.PanelCreateView.as_view(), name="panel_create"),
    path("organizer/panels/<int:pk>/edit/", panels.PanelEditView.as_view(), name="panel_edit"),
    path(
        "organizer/editions/<int:year>/stages/<slug:kind>/settings/",
        panels.RoundSettingsView.as_view(),
        name="round_settings",
    ),
    path("organizer/editions/<int:year>/stages/<slug:kind>/open/", panels.RoundOpenView.as_view(), name="round_open"),
    path(
        "organizer/editions/<int:year>/stages/<slug:kind>/close/", panels.RoundCloseView.as_view(), name="round_close"
    ),
    path(
        "organizer/editions/<int:year>/stages/<slug:kind>/assignments/",
        panels.StageAssignmentsView.as_view(),
        name="stage_assignments",
    ),
    path(
        "organizer/editions/<int:year>/stages/<slug:kind>/assignments/run/",
        panels.RunAssignmentView.as_view(),
        name="run_assignment",
    ),
    path(
        "organizer/editions/<int:year>/stages/<slug:kind>/assignments/result/",
        panels.AssignmentResultView.as_view(),
        name="assignment_result",
    ),
    path("organizer/entries/<int:pk>/judges/", panels.EntryJudgesView.as_view(), name="entry_judges"),
    path("organizer/entries/<int:pk>/judges/add/", panels.EntryJudgeAddView.as_view(), name="entry_judge_add"),
    path("organizer/assignments/<int:pk>/remove/", panels.AssignmentRemoveView.as_view(), name="assignment_remove"),
    path("organizer/assignments/<int:pk>/reopen/", panels.SheetReopenView.as_view(), name="sheet_reopen"),
    # Ranking, dashboards and exports (added by the ranking work) below.
    path("organizer/editions/<int:year>/ranking/", ranking.RankingOverviewView.as_view(), name="ranking_overview"),
    path(
        "organizer/editions/<int:year>/ranking/final/<slug:group_kind>/",
        ranking.FinalRankingView.as_view(),
        name="final_ranking",
    ),
    path(
        "organizer/editions/<int:year>/ranking/final/<slug:group_kind>/export.<slug:fmt>",
        exports.FinalRankingExportView.as_view(),
        name="final_ranking_export",
    ),
    path(
        "organizer/editions/<int:year>/ranking/<slug:kind>/<slug:group_kind>/",
        ranking.StageRankingView.as_view(),
        name="ranking",
    ),
    path(
        "organizer/editions/<int:year>/ranking/<slug:kind>/<slug:group_kind>/export.<slug:fmt>",
        exports.RankingExportView.as_view(),
        name="ranking_export",
    ),
    path(
        "organizer/editions/<int:year>/ranking/<slug:kind>/<slug:group_kind>/score-sheets.<slug:fmt>",
        exports.ScoreSheetsExportView.as_view(),
        name="score_sheets_export",
    ),
    path(
        "organizer/editions/<int:year>/ranking/<slug:kind>/<slug:group_kind>/advance/",
        ranking.AdvanceShortlistView.as_view(),
        name="advance_shortlist",
    ),
    path(
        "organizer/editions/<int:year>/stages/<slug:kind>/judges/<int:judge>/score-sheet.pdf",
        exports.JudgeScoreSheetPdfView.as_view(),
        name="judge_score_sheet_pdf",
    ),
    path("organizer/exports/", exports.ExportListView.as_view(), name="exports"),
    path("organizer/exports/<int:pk>/retry/", exports.ExportRetryView.as_view(), name="export_retry"),
    path("exports/<int:pk>/download/", exports.ExportDownloadView.as_view(), name="export_download"),
    path("organizer/editions/<int:year>/progress/", progress.ProgressView.as_view(), name="progress"),
    path(
        "organizer/editions/<int:year>/progress/<slug:kind>/remind/",
        progress.RemindJudgesView.as_view(),
        name="remind_judges",
    ),
    path("organizer/editions/<int:year>/judging-audit/", audit.JudgingAuditView.as_view(), name="audit"),
    # Judges: their own score sheet of a stage as minutes (judging/views/exports.py).
    path(
        "judge/editions/<int:year>/stages/<slug:kind>/score-sheet/",
        exports.ConfirmScoreSheetView.as_view(),
        name="confirm_score_sheet",
    ),
    path(
        "judge/editions/<int:year>/stages/<slug:kind>/score-sheet.pdf",
        exports.MyScoreSheetPdfView.as_view(),
        name="my_score_sheet_pdf",
    ),
    # The presentation schedule (judging/schedule/views.py): organizers, agencies, judges.
    path(
        "organizer/editions/<int:year>/stages/<slug:kind>/schedule/", schedule.ScheduleView.as_view(), name="schedule"
    ),
    path(
        "organizer/editions/<int:year>/stages/<slug:kind>/schedule/fill/",
        schedule.FillView.as_view(),
        name="schedule_fill",
    ),
    path(
        "organizer/editions/<int:year>/stages/<slug:kind>/schedule/publish/",
        schedule.PublishView.as_view(),
        name="schedule_publish",
    ),
    path(
        "organizer/editions/<int:year>/stages/<slug:kind>/schedule/remind/",
        schedule.RemindUnconfirmedView.as_view(),
        name="schedule_remind",
    ),
    path(
        "organizer/editions/<int:year>/stages/<slug:kind>/sessions/<int:pk>/delete/",
        schedule.SessionDeleteView.as_view(),
        name="session_delete",
    ),
    path(
        "organizer/editions/<int:year>/stages/<slug:kind>/slots/<int:pk>/move/",
        schedule.SlotMoveView.as_view(),
        name="slot_move",
    ),
    path(
        "organizer/editions/<int:year>/stages/<slug:kind>/slots/<int:pk>/swap/",
        schedule.SlotSwapView.as_view(),
        name="slot_swap",
    ),
    path(
        "organizer/editions/<int:year>/stages/<slug:kind>/slots/<int:pk>/requests/<int:request_id>/",
        schedule.RequestAnswerView.as_view(),
        name="slot_request_answer",
    ),
    path("agency/presentations/", schedule.AgencySlotsView.as_view(), name="agency_slots"),
    path(
        "agency/presentations/<int:pk>/confirm/", schedule.ConfirmAttendanceView.as_view(), name="agency_slot_confirm"
    ),
    path("agency/presentations/<int:pk>/move/", schedule.MoveRequestView.as_view(), name="agency_slot_move"),
    path("agency/presentations/<int:pk>/materials/", schedule.MaterialsView.as_view(), name="agency_slot_materials"),
    path("presentations/materials/<int:pk>/slides/", schedule.SlidesDownloadView.as_view(), name="slides_download"),
    path(
        "agency/presentations/<int:pk>/calendar.ics",
        schedule.AgencySlotCalendarView.as_view(),
        name="agency_slot_calendar",
    ),
    path(
        "agency/presentations/stages/<int:stage_id>/unavailable/",
        schedule.UnavailableDaysView.as_view(),
        name="agency_unavailable_days",
    ),
    path("judge/schedule/", schedule.JudgeScheduleView.as_view(), name="my_schedule"),
    path("schedule/slots/<int:pk>/attendance/", schedule.AttendanceView.as_view(), name="slot_attendance"),
    path("judge/schedule/calendar.ics", schedule.JudgeCalendarView.as_view(), name="my_schedule_calendar"),
    # Field verification (judging/visits/views.py): organizers plan, visiting judges report, agencies read.
    path("organizer/editions/<int:year>/stages/<slug:kind>/visits/", visits.VisitPlanView.as_view(), name="visits"),
    path(
        "organizer/editions/<int:year>/stages/<slug:kind>/visits/entries/<int:entry_id>/",
        visits.VisitFormView.as_view(),
        name="visit_plan",
    ),
    path(
        "organizer/editions/<int:year>/stages/<slug:kind>/visits/<int:pk>/cancel/",
        visits.VisitCancelView.as_view(),
        name="visit_cancel",
    ),
    path(
        "organizer/editions/<int:year>/stages/<slug:kind>/visits/publish/",
        visits.VisitsPublishView.as_view(),
        name="visits_publish",
    ),
    path("organizer/editions/<int:year>/checklist/", visits.ChecklistView.as_view(), name="checklist"),
    path(
        "organizer/editions/<int:year>/checklist/standard/",
        visits.ChecklistDefaultView.as_view(),
        name="checklist_default",
    ),
    path(
        "organizer/editions/<int:year>/checklist/<int:pk>/",
        visits.ChecklistItemEditView.as_view(),
        name="checklist_item",
    ),
    path(
        "organizer/editions/<int:year>/checklist/<int:pk>/remove/",
        visits.ChecklistItemRemoveView.as_view(),
        name="checklist_item_remove",
    ),
    path("judge/visits/", visits.MyVisitsView.as_view(), name="my_visits"),
    path("visits/<int:pk>/", visits.VisitReportView.as_view(), name="visit_report"),
    path("visits/<int:pk>/testimonies/", visits.TestimonyView.as_view(), name="visit_testimony"),
    path("visits/<int:pk>/photos/", visits.PhotoUploadView.as_view(), name="visit_photo_add"),
    path("visits/<int:pk>/photos/<int:photo_id>/", visits.PhotoFileView.as_view(), name="visit_photo"),
    path(
        "visits/<int:pk>/photos/<int:photo_id>/thumbnail/",
        visits.PhotoFileView.as_view(thumbnail=True),
        name="visit_photo_thumbnail",
    ),
    path("visits/<int:pk>/photos/<int:photo_id>/remove/", visits.PhotoRemoveView.as_view(), name="visit_photo_remove"),
    path("visits/<int:pk>/confirm/", visits.ReportConfirmView.as_view(), name="visit_confirm"),
    path("visits/<int:pk>/report.pdf", visits.ReportPdfView.as_view(), name="visit_report_pdf"),
    path("agency/visits/", visits.AgencyVisitsView.as_view(), name="agency_visits"),
]
