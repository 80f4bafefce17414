from django.urls import path

from publication.views import awards, cards, catalogue, cockpit, objections, privacy, results, statistics

app_name = "publication"

urlpatterns = [
    # Public pages: results, archive, certificates, verification, open data (publication/views/results.py).
    path("results/", results.ResultsArchiveView.as_view(), name="results_archive"),
    path("results/<int:year>/", results.ResultsView.as_view(), name="results"),
    path("results/open-data.csv", results.OpenDataCsvView.as_view(), name="open_data_csv"),
    path("results/open-data.json", results.OpenDataJsonView.as_view(), name="open_data_json"),
    path("results/<int:year>/open-data.csv", results.OpenDataCsvView.as_view(), name="open_data_csv_year"),
    path("results/<int:year>/open-data.json", results.OpenDataJsonView.as_view(), name="open_data_json_year"),
    path("certificates/<str:code>.pdf", results.CertificateView.as_view(), name="certificate"),
    path("verify/", results.VerifyFormView.as_view(), name="verify_form"),
    path("verify/<str:code>/", results.VerifyView.as_view(), name="verify"),
    # Organizer pages: awards, publication, revocation, national track (publication/views/awards.py).
    path("organizer/cockpit/", cockpit.CurrentCockpitView.as_view(), name="current_cockpit"),
    path("organizer/editions/<int:year>/cockpit/", cockpit.CockpitView.as_view(), name="cockpit"),
    path("organizer/editions/<int:year>/awards/", awards.AwardsView.as_view(), name="awards"),
    path("organizer/editions/<int:year>/awards/prefill/", awards.PrefillView.as_view(), name="awards_prefill"),
    path(
        "organizer/editions/<int:year>/awards/groups/<slug:group_kind>/",
        awards.GroupAwardsView.as_view(),
        name="awards_group",
    ),
    path("organizer/editions/<int:year>/awards/extra/", awards.ExtraAwardView.as_view(), name="awards_extra_add"),
    path("organizer/editions/<int:year>/awards/preview/", awards.PreviewView.as_view(), name="awards_preview"),
    path("organizer/editions/<int:year>/awards/publish/", awards.PublishView.as_view(), name="awards_publish"),
    path("organizer/editions/<int:year>/awards/unpublish/", awards.UnpublishView.as_view(), name="awards_unpublish"),
    path(
        "organizer/editions/<int:year>/awards/<int:pk>/remove/", awards.AwardRemoveView.as_view(), name="award_remove"
    ),
    path("organizer/editions/<int:year>/awards/<int:pk>/revoke/", awards.RevokeView.as_view(), name="award_revoke"),
    path(
        "organizer/editions/<int:year>/entries/<int:pk>/disqualify/",
        awards.DisqualifyView.as_view(),
        name="disqualify",
    ),
    path(
        "organizer/editions/<int:year>/entries/<int:pk>/national/",
        awards.NationalTrackView.as_view(),
        name="national_track",
    ),
    # Catalogue, statistics, objection period and catalogue cards (the catalogue's own view modules) below.
    path("catalogue/", catalogue.CatalogueListView.as_view(), name="catalogue"),
    path("catalogue/<int:pk>/", catalogue.CatalogueDetailView.as_view(), name="catalogue_detail"),
    path("statistics/", statistics.StatisticsView.as_view(), name="statistics"),
    path("finalists/<int:year>/", objections.FinalistsView.as_view(), name="finalists"),
    path("finalists/<int:year>/<int:pk>/objection/", objections.ObjectionCreateView.as_view(), name="objection_create"),
    path("agency/catalogue/", cards.MyCardsView.as_view(), name="my_cards"),
    path("agency/catalogue/<int:pk>/update/", cards.CardUpdateView.as_view(), name="card_update"),
    path(
        "organizer/editions/<int:year>/catalogue/",
        catalogue.CatalogueListingsView.as_view(),
        name="catalogue_listings",
    ),
    path(
        "organizer/editions/<int:year>/catalogue/<int:pk>/publish/",
        catalogue.ListInCatalogueView.as_view(),
        name="catalogue_list",
    ),
    path(
        "organizer/editions/<int:year>/catalogue/<int:pk>/remove/",
        catalogue.UnlistFromCatalogueView.as_view(),
        name="catalogue_unlist",
    ),
    path("organizer/editions/<int:year>/objections/", objections.ObjectionsView.as_view(), name="objections"),
    path(
        "organizer/editions/<int:year>/objections/finalists/",
        objections.PublishFinalistsView.as_view(),
        name="finalists_publish",
    ),
    # Personal data: the public privacy notice and the organizers' tools for data subjects' requests
    # (publication/views/privacy.py).
    path("privacy/", privacy.PrivacyNoticeView.as_view(), name="privacy_notice"),
    path("organizer/personal-data/", privacy.PersonSearchView.as_view(), name="personal_data"),
    path("organizer/personal-data/export/", privacy.PersonExportView.as_view(), name="personal_data_export"),
    path("organizer/personal-data/erase/", privacy.PersonEraseView.as_view(), name="personal_data_erase"),
    path("organizer/objections/<int:pk>/respond/", objections.RespondView.as_view(), name="objection_respond"),
    path(
        "organizer/objections/<int:pk>/evidence/", objections.EvidenceDownloadView.as_view(), name="objection_evidence"
    ),
]
