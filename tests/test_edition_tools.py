from django.urls import reverse


def test_organizer_reaches_every_step_of_the_cycle_from_the_edition_overview(organizer_client, edition):
    html = organizer_client.get(reverse("competitions:org_edition_detail", args=[edition.year])).content.decode()

    for url in [
        reverse("proposals:screening_list"),
        reverse("judging:panels", args=[edition.year]),
        reverse("judging:progress", args=[edition.year]),
        reverse("judging:ranking_overview", args=[edition.year]),
        reverse("publication:awards", args=[edition.year]),
        reverse("publication:objections", args=[edition.year]),
        reverse("publication:catalogue_listings", args=[edition.year]),
    ]:
        assert url in html


def test_organizer_dashboard_links_to_the_current_editions_awards(organizer_client, edition):
    html = organizer_client.get(reverse("competitions:dashboard")).content.decode()

    assert reverse("publication:awards", args=[edition.year]) in html


def test_agency_admin_reaches_the_catalogue_cards_from_the_menu(agency_client, edition):
    html = agency_client.get(reverse("competitions:dashboard")).content.decode()

    assert reverse("publication:my_cards") in html
