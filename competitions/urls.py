from django.urls import path

from .views import dashboard, public

app_name = "competitions"

urlpatterns = [
    path("", public.HomeView.as_view(), name="home"),
    path("editions/", public.ArchiveView.as_view(), name="archive"),
    path("editions/<int:year>/", public.EditionDetailView.as_view(), name="edition_detail"),
    path("dashboard/", dashboard.DashboardView.as_view(), name="dashboard"),
    # Organizer pages: editions, agencies, people (competitions/views/organizer*.py).
]
