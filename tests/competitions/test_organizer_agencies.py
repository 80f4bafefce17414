"""The organizer's agency pages: a filterable list in constant queries, create and edit with the rules shown next
to the fields (a UPT needs its parent, a regency/city government its region, names are unique)."""

import pytest
from django.conf import settings
from django.urls import reverse

from competitions.enums import AgencyKind
from competitions.models import Agency
from core.models import ActionLog
from tests import factories

LIST_URL = reverse("competitions:org_agency_list")
CREATE_URL = reverse("competitions:org_agency_create")


@pytest.fixture
def client_en(organizer_client):
    organizer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return organizer_client


def agency_post(**values):
    data = {"name": "Dinas Koperasi Provinsi Jawa Timur", "short_name": "Dinkop", "kind": AgencyKind.PROVINCIAL}
    data.update(values)
    data.setdefault("is_active", "on")
    return {key: ("" if value is None else value) for key, value in data.items()}


def test_create_agency_saves_and_audits(organizer_client, organizer):
    response = organizer_client.post(CREATE_URL, agency_post())

    agency = Agency.objects.get(name="Dinas Koperasi Provinsi Jawa Timur")
    assert response.status_code == 302
    assert (agency.short_name, agency.kind, agency.parent, agency.region, agency.is_active) == (
        "Dinkop",
        AgencyKind.PROVINCIAL,
        None,
        None,
        True,
    )
    log = ActionLog.objects.get(action_type="kovablik.agency.created")
    assert (log.actor, log.data["name"]) == (organizer, agency.name)


def test_unit_without_parent_is_refused_next_to_the_parent_field(client_en):
    response = client_en.post(CREATE_URL, agency_post(name="UPT Laboratorium Kesehatan", kind=AgencyKind.UNIT))

    assert response.context["form"].errors == {"parent": ["A technical unit (UPT) needs a parent agency."]}
    assert 'id="id_parent"' in response.content.decode()
    assert not Agency.objects.filter(name="UPT Laboratorium Kesehatan").exists()


def test_unit_with_a_parent_is_created(organizer_client, agency):
    organizer_client.post(CREATE_URL, agency_post(name="UPT Laboratorium Kesehatan", kind="unit", parent=agency.pk))

    assert Agency.objects.get(name="UPT Laboratorium Kesehatan").parent == agency


def test_regency_city_without_region_is_refused_next_to_the_region_field(client_en):
    response = client_en.post(CREATE_URL, agency_post(name="Pemerintah Kota Contoh", kind=AgencyKind.REGENCY_CITY))

    assert response.context["form"].errors == {"region": ["A regency/city government needs its region."]}
    assert not Agency.objects.filter(name="Pemerintah Kota Contoh").exists()


def test_duplicate_name_is_refused_whatever_the_case(client_en, agency):
    response = client_en.post(CREATE_URL, agency_post(name=agency.name.upper()))

    assert response.context["form"].errors == {"name": ["Another agency already has this name."]}
    assert Agency.objects.count() == 1


def test_a_unit_cannot_be_a_parent_nor_a_provincial_agency_have_one(client_en, agency):
    unit = factories.AgencyFactory(name="UPT A", kind=AgencyKind.UNIT, parent=agency)

    under_unit = client_en.post(CREATE_URL, agency_post(name="UPT B", kind="unit", parent=unit.pk))
    provincial_with_parent = client_en.post(CREATE_URL, agency_post(name="Dinas C", parent=agency.pk))

    assert "parent" in under_unit.context["form"].errors  # units are not offered as parents at all
    assert provincial_with_parent.context["form"].errors == {
        "parent": ["Only a technical unit (UPT) has a parent agency."]
    }
    assert Agency.objects.count() == 2


def test_edit_agency_saves_changes_with_before_and_after(organizer_client, organizer, agency):
    region = factories.RegionFactory(name="Kota Surabaya")
    url = reverse("competitions:org_agency_edit", args=[agency.pk])
    old_region = agency.region_id

    response = organizer_client.post(
        url, agency_post(name="Dinas Kesehatan", short_name="Dinkes", region=region.pk, is_active="")
    )

    agency.refresh_from_db()
    assert response.status_code == 302
    assert (agency.name, agency.region, agency.is_active) == ("Dinas Kesehatan", region, False)
    log = ActionLog.objects.get(action_type="kovablik.agency.updated")
    assert log.data["before"] == {
        "name": "Dinas Kesehatan Provinsi Jawa Timur",
        "region": old_region,
        "is_active": True,
    }
    assert log.data["after"] == {"name": "Dinas Kesehatan", "region": region.pk, "is_active": False}
    assert log.actor == organizer


def test_edit_agency_keeping_its_own_name_is_allowed(organizer_client, agency):
    url = reverse("competitions:org_agency_edit", args=[agency.pk])

    response = organizer_client.post(url, agency_post(name=agency.name, short_name="DINKES", region=agency.region_id))

    agency.refresh_from_db()
    assert response.status_code == 302
    assert agency.short_name == "DINKES"


def test_agency_with_units_cannot_become_a_unit(client_en, agency, other_agency):
    factories.AgencyFactory(name="UPT A", kind=AgencyKind.UNIT, parent=agency)
    url = reverse("competitions:org_agency_edit", args=[agency.pk])

    response = client_en.post(url, agency_post(name=agency.name, kind="unit", parent=other_agency.pk))

    assert response.context["form"].errors == {
        "kind": ["This agency has technical units of its own, so it cannot become a unit."]
    }
    assert Agency.objects.get(pk=agency.pk).kind == AgencyKind.PROVINCIAL


def test_agency_list_searches_and_filters(organizer_client, agency, other_agency):
    surabaya = factories.RegionFactory(name="Kota Surabaya")
    city = factories.AgencyFactory(name="Pemerintah Kota Surabaya", kind=AgencyKind.REGENCY_CITY, region=surabaya)
    factories.AgencyFactory(name="UPT Pelatihan Kesehatan", kind=AgencyKind.UNIT, parent=agency, is_active=False)

    def names(**params):
        response = organizer_client.get(LIST_URL, params)
        return [a.name for a in response.context["agencies"]]

    assert names(q="dinkes") == [agency.name]
    assert names(q="kesehatan") == [agency.name, "UPT Pelatihan Kesehatan"]
    assert names(kind="regency_city") == [city.name]
    assert names(region=surabaya.pk) == [city.name]
    assert names(active="0") == ["UPT Pelatihan Kesehatan"]
    assert names(q="kesehatan", active="1") == [agency.name]


def test_an_invalid_filter_is_flagged_next_to_its_field_and_the_others_still_apply(client_en, agency, other_agency):
    factories.AgencyFactory(name="UPT Pelatihan Kesehatan", kind=AgencyKind.UNIT, parent=agency, is_active=False)

    response = client_en.get(LIST_URL, {"q": "kesehatan", "kind": "kecamatan", "region": "99999", "active": "1"})

    assert response.status_code == 200
    assert [a.name for a in response.context["agencies"]] == [agency.name]
    errors = response.context["filter_form"].errors
    assert set(errors) == {"kind", "region"}
    assert "Select a valid choice" in errors["kind"][0]
    assert 'id="id_kind"' in response.content.decode() and "is-invalid" in response.content.decode()


def test_agency_list_counts_units_and_accounts(organizer_client, agency, agency_admin, drafter):
    factories.AgencyFactory(name="UPT A", kind=AgencyKind.UNIT, parent=agency)

    response = organizer_client.get(LIST_URL, {"q": agency.name})

    row = response.context["agencies"][0]
    assert (row.member_count, row.unit_count) == (2, 1)


def test_agency_list_paginates_keeping_the_filters(organizer_client):
    region = factories.RegionFactory()
    factories.AgencyFactory.create_batch(30, region=region, kind=AgencyKind.BUMD)

    response = organizer_client.get(LIST_URL, {"kind": "bumd", "page": 2})

    html = response.content.decode()
    assert len(response.context["agencies"]) == 5
    assert response.context["query_string"] == "kind=bumd"
    assert 'href="?kind=bumd&amp;page=1"' in html


@pytest.mark.parametrize("size", [10, 100])
def test_agency_list_queries_do_not_grow_with_agencies(size, organizer_client, django_assert_max_num_queries):
    regions = factories.RegionFactory.create_batch(3)
    parents = [factories.AgencyFactory(region=regions[i % 3]) for i in range(size // 2)]
    for i in range(size - len(parents)):
        unit = factories.AgencyFactory(kind=AgencyKind.UNIT, parent=parents[i % len(parents)], region=regions[i % 3])
        factories.MembershipFactory(agency=unit)

    with django_assert_max_num_queries(6):
        response = organizer_client.get(LIST_URL)

    assert len(response.context["agencies"]) == min(size, 25)
