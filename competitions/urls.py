from django.urls import path

from .views import agencies, dashboard, lockouts, mail, organizer, people, public

app_name = "competitions"

urlpatterns = [
    path("", public.HomeView.as_view(), name="home"),
    path("editions/", public.ArchiveView.as_view(), name="archive"),
    path("editions/<int:year>/", public.EditionDetailView.as_view(), name="edition_detail"),
    path("dashboard/", dashboard.DashboardView.as_view(), name="dashboard"),
    # Organizer pages: editions, agencies, people (competitions/views/organizer*.py).
    path("organizer/editions/", organizer.EditionListView.as_view(), name="org_edition_list"),
    path("organizer/editions/new/", organizer.EditionCreateView.as_view(), name="org_edition_create"),
    path("organizer/editions/<int:year>/", organizer.EditionDetailView.as_view(), name="org_edition_detail"),
    path("organizer/editions/<int:year>/settings/", organizer.EditionSettingsView.as_view(), name="org_edition_edit"),
    path(
        "organizer/editions/<int:year>/schedule/", organizer.EditionScheduleView.as_view(), name="org_edition_schedule"
    ),
    path("organizer/editions/<int:year>/groups/", organizer.EditionGroupsView.as_view(), name="org_edition_groups"),
    path(
        "organizer/editions/<int:year>/categories/",
        organizer.EditionCategoriesView.as_view(),
        name="org_edition_categories",
    ),
    path("organizer/editions/<int:year>/stages/", organizer.EditionStagesView.as_view(), name="org_edition_stages"),
    path(
        "organizer/editions/<int:year>/stages/<str:kind>/criteria/",
        organizer.EditionCriteriaView.as_view(),
        name="org_edition_criteria",
    ),
    path("organizer/editions/<int:year>/quotas/", organizer.EditionQuotasView.as_view(), name="org_edition_quotas"),
    path(
        "organizer/editions/<int:year>/word-limits/",
        organizer.EditionWordLimitsView.as_view(),
        name="org_edition_word_limits",
    ),
    path("organizer/editions/<int:year>/copy/", organizer.EditionCopyView.as_view(), name="org_edition_copy"),
    path(
        "organizer/editions/<int:year>/special-invitations/",
        organizer.SpecialInvitationsView.as_view(),
        name="org_edition_invitations",
    ),
    path(
        "organizer/special-invitations/<int:pk>/withdraw/",
        organizer.SpecialInvitationWithdrawView.as_view(),
        name="org_edition_invitation_withdraw",
    ),
    path("organizer/agencies/", agencies.AgencyListView.as_view(), name="org_agency_list"),
    path("organizer/agencies/new/", agencies.AgencyCreateView.as_view(), name="org_agency_create"),
    path("organizer/agencies/<int:pk>/edit/", agencies.AgencyEditView.as_view(), name="org_agency_edit"),
    path("organizer/mail/", mail.OutgoingMailListView.as_view(), name="org_mail_list"),
    path("organizer/mail/<int:pk>/retry/", mail.OutgoingMailRetryView.as_view(), name="org_mail_retry"),
    path("organizer/people/", people.PersonListView.as_view(), name="org_person_list"),
    path("organizer/people/new/", people.PersonCreateView.as_view(), name="org_person_create"),
    path("organizer/people/<int:pk>/edit/", people.PersonEditView.as_view(), name="org_person_edit"),
    path("organizer/people/lockouts/", lockouts.LockoutListView.as_view(), name="org_lockout_list"),
]
