"""Choosing an agency by searching for it (competitions/agency_field.py): the account and special-invitation
forms no longer list every agency; the organizer types part of a name, the server takes the one match or lists the
matches to pick from, and the pages cost the same number of queries with 3 or 300 agencies."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from competitions.enums import MembershipRole
from competitions.models import Agency, Membership, SpecialGroupInvitation
from tests import factories

User = get_user_model()
CREATE_URL = reverse("competitions:org_person_create")


@pytest.fixture
def client_en(organizer_client):
    organizer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return organizer_client


def person_post(**values):
    data = {
        "username": "siti.dinkes",
        "first_name": "Siti",
        "last_name": "Aminah",
        "email": "siti@dinkes.jatimprov.go.id",
        "role": "agency_admin",
    }
    data.update(values)
    return data


def test_new_account_page_offers_a_search_box_not_every_agency(client_en, agency, other_agency):
    response = client_en.get(CREATE_URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<label\s+for="id_agency"', html)
    assert "when several match, you choose one" in html
    assert 'type="search" name="agency_q" value=""' in html and 'id="id_agency"' in html
    assert agency.name not in html and other_agency.name not in html and "<option" not in html.split("id_agency")[1]


def test_one_matching_agency_is_taken(client_en, agency, other_agency):
    response = client_en.post(CREATE_URL, person_post(agency="", agency_q="dinas kesehatan"))

    assert response.status_code == 302
    membership = Membership.objects.get(user__username="siti.dinkes")
    assert (membership.agency, membership.role) == (agency, MembershipRole.ADMIN)


def test_short_name_exact_match_is_taken(client_en, agency, other_agency):
    client_en.post(CREATE_URL, person_post(agency_q="DINDIK"))

    assert Membership.objects.get(user__username="siti.dinkes").agency == other_agency


def test_several_matches_are_listed_to_pick_from_then_the_pick_is_saved(client_en, agency, other_agency):
    response = client_en.post(CREATE_URL, person_post(agency_q="provinsi jawa"))

    assert response.status_code == 200
    assert not User.objects.filter(username="siti.dinkes").exists()
    assert response.context["form"].errors == {
        "agency": ["2 agencies match “provinsi jawa”: choose one below, or type more of the name."]
    }
    html = response.content.decode()
    assert 'value="provinsi jawa"' in html  # the search box keeps the text
    assert f'type="radio" name="agency" value="{agency.pk}"' in html
    assert f'type="radio" name="agency" value="{other_agency.pk}"' in html

    picked = client_en.post(CREATE_URL, person_post(agency=other_agency.pk, agency_q="provinsi jawa"))

    assert picked.status_code == 302
    assert Membership.objects.get(user__username="siti.dinkes").agency == other_agency


def test_a_picked_id_that_does_not_match_the_text_is_not_taken(client_en, agency, other_agency):
    # The organizer picked Dindik, then typed a different name: the text wins, never the stale id.
    client_en.post(CREATE_URL, person_post(agency=other_agency.pk, agency_q="kesehatan"))

    assert Membership.objects.get(user__username="siti.dinkes").agency == agency


@pytest.mark.parametrize("pk", ["", "abc", "999999", "1 OR 1=1", "9" * 40, "١٢"])
def test_no_match_is_an_error_next_to_the_field(client_en, agency, pk):
    response = client_en.post(CREATE_URL, person_post(agency=pk, agency_q="Dinas Perhubungan"))

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "agency": ["No agency matches “Dinas Perhubungan”. Type part of its name or short name."]
    }
    assert not User.objects.filter(username="siti.dinkes").exists()


def test_more_matches_than_listed_say_so(client_en):
    factories.AgencyFactory.create_batch(23, name=factories.factory.Sequence(lambda n: f"Dinas Uji {n:02}"))

    response = client_en.post(CREATE_URL, person_post(agency_q="dinas uji"))

    assert response.context["form"].errors["agency"] == [
        "23 agencies match “dinas uji”: the first 20 are listed below; type more of the name to narrow them."
    ]
    assert response.content.decode().count('type="radio" name="agency"') == 20


def test_empty_search_for_an_agency_account_is_refused(client_en, agency):
    response = client_en.post(CREATE_URL, person_post(agency=agency.pk, agency_q="  "))

    assert response.context["form"].errors == {"agency": ["Choose the agency this account acts for."]}


def test_edit_page_shows_the_current_agency_and_keeps_it(client_en, agency_admin, agency):
    url = reverse("competitions:org_person_edit", args=[agency_admin.pk])

    html = client_en.get(url).content.decode()

    assert f'name="agency_q" value="{agency.name}"' in html
    assert f'type="hidden" name="agency" value="{agency.pk}"' in html
    response = client_en.post(
        url,
        {
            "first_name": "Budi",
            "last_name": "",
            "email": agency_admin.email,
            "is_active": "on",
            "role": "agency_admin",
            "agency": agency.pk,
            "agency_q": agency.name,
        },
    )
    assert response.status_code == 302
    assert Membership.objects.get(user=agency_admin).agency == agency


@pytest.fixture
def without_award_app(monkeypatch):
    """Invitations as the competitions app offers them alone (no app registered the awards they build on)."""
    from competitions import queries

    monkeypatch.setattr(queries, "_invitation_grounds", [])


def test_special_invitation_by_search(client_en, edition, agency, other_agency, without_award_app):
    url = reverse("competitions:org_edition_invitations", args=[edition.year])

    response = client_en.post(url, {"agency": "", "agency_q": "Dinkes", "note": ""})

    assert response.status_code == 302
    assert list(SpecialGroupInvitation.objects.values_list("agency", flat=True)) == [agency.pk]


def test_an_invited_agency_is_not_found_again(client_en, edition, agency, organizer, without_award_app):
    from competitions.services import invite_to_special_group

    invite_to_special_group(edition, agency=agency, actor=organizer)
    url = reverse("competitions:org_edition_invitations", args=[edition.year])

    response = client_en.post(url, {"agency": agency.pk, "agency_q": agency.name})

    assert response.context["form"].errors["agency"] == [
        f"No agency matches “{agency.name}”. Type part of its name or short name."
    ]
    assert SpecialGroupInvitation.objects.count() == 1


@pytest.mark.parametrize("count", [3, 300])
def test_agency_pages_cost_the_same_queries_at_any_number_of_agencies(
    count, organizer_client, edition, agency_admin, django_assert_max_num_queries, without_award_app
):
    factories.AgencyFactory.create_batch(count)
    urls = [
        (CREATE_URL, 4),
        (reverse("competitions:org_person_edit", args=[agency_admin.pk]), 8),
        (reverse("competitions:org_edition_invitations", args=[edition.year]), 13),
    ]
    for url, limit in urls:
        with django_assert_max_num_queries(limit):
            response = organizer_client.get(url)
        assert response.status_code == 200
        assert b"<option" not in response.content.split(b'id="id_agency"')[1][:2000]


def test_a_units_parent_agency_is_found_by_search(client_en, agency):
    response = client_en.post(
        reverse("competitions:org_agency_create"),
        {"name": "UPT Laboratorium Kesehatan", "short_name": "", "kind": "unit", "parent_q": "dinkes", "parent": ""},
    )

    assert response.status_code == 302
    assert Agency.objects.get(name="UPT Laboratorium Kesehatan").parent == agency


@pytest.mark.parametrize("count", [3, 300])
def test_agency_form_pages_cost_the_same_queries_at_any_number_of_agencies(
    count, organizer_client, agency, django_assert_max_num_queries
):
    factories.AgencyFactory.create_batch(count)
    unit = factories.AgencyFactory(kind="unit", parent=agency, name="UPT Uji")
    for url, limit in [
        (reverse("competitions:org_agency_create"), 5),
        (reverse("competitions:org_agency_edit", args=[unit.pk]), 8),
    ]:
        with django_assert_max_num_queries(limit):
            response = organizer_client.get(url)
        assert response.status_code == 200
        assert b"<option" not in response.content.split(b'id="id_parent"')[1].split(b"id_region")[0]
