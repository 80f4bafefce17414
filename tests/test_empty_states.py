"""Empty lists say what to do next, with the link to do it (issue 7, item 4), in Indonesian by default."""

import re

import pytest
from django.urls import reverse

from tests.proposals.conftest import frozen_now, open_edition  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_agency_without_proposals_is_offered_to_start_one(agency_client, open_edition, frozen_now):  # noqa: F811
    response = agency_client.get(reverse("proposals:list"))

    html = response.content.decode()
    empty = re.search(r'<p class="empty-state" id="proposals-empty">(.*?)</p>', html, re.S).group(1)
    assert response.status_code == 200
    assert re.sub(r"<[^>]+>", "", empty) == "Belum ada proposal. Mulai proposal baru"
    assert f'<a href="{reverse("proposals:create")}">Mulai proposal baru</a>' in empty


def test_agency_filtering_an_empty_state_is_offered_every_proposal(agency_client, open_edition, frozen_now):  # noqa: F811
    response = agency_client.get(reverse("proposals:list"), {"state": "submitted"})

    assert "Tidak ada proposal dengan status ini. Tampilkan semua proposal" in text_of(response)
    assert f'<a href="{reverse("proposals:list")}">Tampilkan semua proposal</a>' in response.content.decode()


def test_organizer_search_without_match_offers_to_clear_filters_or_add(organizer_client):
    response = organizer_client.get(reverse("competitions:org_agency_list"), {"q": "tidak-ada-instansi-ini"})

    html = response.content.decode()
    assert "Tidak ada instansi yang sesuai dengan saringan ini. Hapus saringan · Instansi baru" in text_of(response)
    assert f'<a href="{reverse("competitions:org_agency_list")}">Hapus saringan</a>' in html
    assert f'<a href="{reverse("competitions:org_agency_create")}">Instansi baru</a>' in html


def test_edition_without_panels_offers_to_create_one(organizer_client, edition):
    response = organizer_client.get(reverse("judging:panels", args=[edition.year]))

    assert "Belum ada tim panel. Buat tim panel pertama" in text_of(response)
    assert f'<a href="{reverse("judging:panel_create", args=[edition.year])}">Buat tim panel pertama</a>' in (
        response.content.decode()
    )
