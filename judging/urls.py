from django.urls import path

from .views import judge, panels

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
]
