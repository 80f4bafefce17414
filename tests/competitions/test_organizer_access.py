"""Every organizer page is for Biro Organisasi only: other roles get 403, anonymous visitors go to the login."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from competitions.models import Edition
from core.models import ActionLog
from tests.conftest import logged_in_client

# (URL name, arguments built from the test's objects)
ORGANIZER_PAGES = [
    ("competitions:org_edition_list", lambda o: []),
    ("competitions:org_edition_create", lambda o: []),
    ("competitions:org_edition_detail", lambda o: [o.edition.year]),
    ("competitions:org_edition_edit", lambda o: [o.edition.year]),
    ("competitions:org_edition_schedule", lambda o: [o.edition.year]),
    ("competitions:org_edition_groups", lambda o: [o.edition.year]),
    ("competitions:org_edition_categories", lambda o: [o.edition.year]),
    ("competitions:org_edition_stages", lambda o: [o.edition.year]),
    ("competitions:org_edition_criteria", lambda o: [o.edition.year, "desk"]),
    ("competitions:org_edition_quotas", lambda o: [o.edition.year]),
    ("competitions:org_edition_word_limits", lambda o: [o.edition.year]),
    ("competitions:org_edition_copy", lambda o: [o.edition.year]),
    ("competitions:org_agency_list", lambda o: []),
    ("competitions:org_agency_create", lambda o: []),
    ("competitions:org_agency_edit", lambda o: [o.agency.pk]),
    ("competitions:org_person_list", lambda o: []),
    ("competitions:org_person_create", lambda o: []),
    ("competitions:org_person_edit", lambda o: [o.judge.pk]),
]
PAGE_NAMES = [name for name, _args in ORGANIZER_PAGES]


class World:
    def __init__(self, edition, agency, judge):
        self.edition, self.agency, self.judge = edition, agency, judge


@pytest.fixture
def world(edition, agency, judge):
    return World(edition, agency, judge)


def page_url(name, world):
    return reverse(name, args=dict(ORGANIZER_PAGES)[name](world))


@pytest.mark.parametrize("name", PAGE_NAMES)
@pytest.mark.parametrize("role", ["agency_admin", "drafter", "judge"])
def test_organizer_page_refuses_other_roles(name, role, world, request):
    client = logged_in_client(request.getfixturevalue(role))
    url = page_url(name, world)
    logs_before = ActionLog.objects.count()

    get = client.get(url)
    post = client.post(url, {"year": 2030, "number": 20, "theme": "Serangan", "name": "Dinas Palsu"})

    assert (get.status_code, post.status_code) == (403, 403)
    assert ActionLog.objects.count() == logs_before
    assert not Edition.objects.filter(year=2030).exists()


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_organizer_page_sends_anonymous_visitors_to_login(name, world):
    url = page_url(name, world)

    response = Client().get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse(settings.LOGIN_URL)}?next={url}"


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_organizer_page_opens_for_organizers_in_their_language(name, world, organizer_client):
    response = organizer_client.get(page_url(name, world))

    assert response.status_code == 200
    assert response.headers["Content-Language"] == "id"
    assert response.templates[0].name.startswith("competitions/organizer/")


def test_deactivated_organizer_is_refused(organizer, organizer_client, world):
    organizer.is_active = False
    organizer.save(update_fields=["is_active"])

    response = organizer_client.get(reverse("competitions:org_edition_list"))

    assert response.status_code == 302  # a deactivated account is logged out by the auth middleware


@pytest.mark.parametrize(
    "url",
    [
        lambda: reverse("competitions:org_edition_detail", args=[1999]),
        lambda: reverse("competitions:org_edition_criteria", args=[2026, "no-such-stage"]),
        lambda: reverse("competitions:org_agency_edit", args=[999999]),
        lambda: reverse("competitions:org_person_edit", args=[999999]),
    ],
)
def test_organizer_page_for_a_missing_object_is_404(url, organizer_client, edition):
    assert organizer_client.get(url()).status_code == 404


def test_navigation_links_organizer_pages_for_organizers_only(organizer_client, agency_client, judge_client):
    links = [
        reverse("competitions:org_edition_list"),
        reverse("competitions:org_agency_list"),
        reverse("competitions:org_person_list"),
    ]

    organizer_html = organizer_client.get(reverse("competitions:dashboard")).content.decode()
    others_html = [c.get(reverse("competitions:dashboard")).content.decode() for c in (agency_client, judge_client)]

    assert all(organizer_html.count(f'href="{link}"') == 2 for link in links)  # navbar and dashboard buttons
    assert not any(f'href="{link}"' in html for link in links for html in others_html)
