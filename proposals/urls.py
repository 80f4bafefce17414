from django.urls import path

from .views import agency, attachments, organizer, screening

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
    path("organizer/editions/<int:year>/quota-use/", organizer.QuotaUseView.as_view(), name="quota_use"),
    # Attachments (proposals/views/attachments.py).
    path(
        "proposals/<int:pk>/attachments/<slug:kind>/upload/",
        attachments.AttachmentUploadView.as_view(),
        name="attachment_upload",
    ),
    path(
        "proposals/<int:pk>/attachments/<int:attachment_pk>/remove/",
        attachments.AttachmentDeleteView.as_view(),
        name="attachment_delete",
    ),
    path(
        "proposals/<int:pk>/attachments/<int:attachment_pk>/",
        attachments.AttachmentDownloadView.as_view(),
        name="attachment_download",
    ),
    path(
        "proposals/<int:pk>/declarations/<int:declaration_pk>/",
        attachments.DeclarationDownloadView.as_view(),
        name="declaration_pdf",
    ),
    # Administrative screening (proposals/views/screening.py).
    path(
        "organizer/editions/<int:year>/revision-reminders/",
        organizer.RevisionRemindersView.as_view(),
        name="revision_reminders",
    ),
    path("organizer/screening/", screening.ScreeningListView.as_view(), name="screening_list"),
    path("organizer/screening/<int:pk>/", screening.ScreeningDetailView.as_view(), name="screening_detail"),
    path("organizer/screening/<int:pk>/pass/", screening.ScreeningPassView.as_view(), name="screening_pass"),
    path("organizer/screening/<int:pk>/return/", screening.ScreeningReturnView.as_view(), name="screening_return"),
    path("organizer/screening/<int:pk>/reject/", screening.ScreeningRejectView.as_view(), name="screening_reject"),
]
