from django.urls import path

from .views import results

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
    # Catalogue, statistics, objection period and catalogue cards (the catalogue's own view modules) below.
]
