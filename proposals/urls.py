from django.urls import path

from .views import agency, organizer

app_name = "proposals"

urlpatterns = [
    # Agency side (proposals/views/agency.py).
    path("proposals/", agency.AgencyProposalListView.as_view(), name="list"),
    path("proposals/new/", agency.ProposalCreateView.as_view(), name="create"),
    path("proposals/<int:pk>/", agency.ProposalDetailView.as_view(), name="detail"),
    path("proposals/<int:pk>/edit/attachments/", agency.AttachmentsStepView.as_view(), {"step": "attachments"}),
    path("proposals/<int:pk>/edit/<slug:step>/", agency.ProposalStepView.as_view(), name="edit_step"),
    path("proposals/<int:pk>/submit/", agency.ProposalSubmitView.as_view(), name="submit"),
    path("proposals/<int:pk>/withdraw/", agency.ProposalWithdrawView.as_view(), name="withdraw"),
    path("proposals/<int:pk>/history/", agency.ProposalHistoryView.as_view(), name="history"),
    path("agency/drafters/", agency.DrafterListView.as_view(), name="drafters"),
    path("agency/drafters/add/", agency.DrafterAddView.as_view(), name="drafter_add"),
    # Organizer side (proposals/views/organizer.py).
    path(
        "organizer/editions/<int:year>/submission-deadline/",
        organizer.ExtendSubmissionDeadlineView.as_view(),
        name="extend_deadline",
    ),
]
