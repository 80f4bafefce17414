"""Keeping the catalogue alive: the owning agency's admins update a published innovation's public card, each update
is dated and shown with its history, other agencies get a 404, and cards not updated for a year are marked."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import ActionLog
from publication.catalogue import services as catalogue
from publication.catalogue.enums import CardStatus
from publication.models import CardUpdate
from tests import factories
from tests.publication.catalogue_data import award, innovation, publish


@pytest.fixture
def card(edition, agency):
    """Agency A's innovation, a published winner."""
    proposal = innovation(edition, title="Puskesmas Keliling", agency=agency)
    award(proposal)
    publish(edition)
    return proposal


def card_data(**extra) -> dict:
    return {
        "status": CardStatus.REPLICATED,
        "impact": "Melayani 12.000 warga pada 2027.",
        "replicated_by": "Kabupaten Jember, Kota Batu",
        "contact_name": "Layanan Inovasi Dinkes",
        "contact_email": "inovasi@dinkes.example.org",
        "contact_phone": "0315550000",
        **extra,
    }


def detail(client, proposal) -> str:
    return client.get(reverse("publication:catalogue_detail", args=[proposal.pk])).content.decode()


def test_agency_admin_updates_the_card_and_the_public_sees_it_dated(agency_client, agency_admin, card):
    url = reverse("publication:card_update", args=[card.pk])
    assert agency_client.get(url).status_code == 200

    response = agency_client.post(url, card_data())

    assert response.status_code == 302
    update = CardUpdate.objects.get(proposal=card)
    assert (update.status, update.contact_email, update.created_by) == (
        CardStatus.REPLICATED,
        "inovasi@dinkes.example.org",
        agency_admin,
    )
    log = ActionLog.objects.get(action_type="kovablik.catalogue.card_updated")
    assert (log.actor, log.data["before"], log.data["after"]["status"]) == (agency_admin, None, "replicated")
    html = detail(Client(), card)
    assert "Melayani 12.000 warga pada 2027." in html and "Kabupaten Jember, Kota Batu" in html
    assert 'data-card-status="replicated"' in html
    assert "data-stale-card" not in html


def test_each_update_is_kept_and_earlier_ones_are_shown_as_history(client, agency_admin, card):
    first = catalogue.update_card(
        card, actor=agency_admin, status=CardStatus.ACTIVE, impact="Tahun pertama: 3.000 warga."
    )
    CardUpdate.objects.filter(pk=first.pk).update(created_at=timezone.now() - dt.timedelta(days=200))
    catalogue.update_card(card, actor=agency_admin, status=CardStatus.CONTINUED, impact="Tahun kedua: 9.000 warga.")

    response = client.get(reverse("publication:catalogue_detail", args=[card.pk]))

    entry = response.context["entry"]
    assert [update.status for update in entry.card_history] == [CardStatus.CONTINUED, CardStatus.ACTIVE]
    html = response.content.decode()
    assert 'id="card-history"' in html and "Tahun pertama: 3.000 warga." in html
    assert ActionLog.objects.filter(action_type="kovablik.catalogue.card_updated").count() == 2


def test_the_form_starts_from_the_current_card(agency_client, agency_admin, card):
    catalogue.update_card(card, actor=agency_admin, status=CardStatus.CONTINUED, contact_phone="031777")

    form = agency_client.get(reverse("publication:card_update", args=[card.pk])).context["form"]

    assert (form["status"].value(), form["contact_phone"].value()) == (CardStatus.CONTINUED, "031777")


def test_another_agencys_admin_gets_404_and_changes_nothing(other_agency_admin, card):
    client = Client()
    client.force_login(other_agency_admin)
    url = reverse("publication:card_update", args=[card.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, card_data()).status_code == 404
    assert not CardUpdate.objects.exists()
    assert "Puskesmas Keliling" not in client.get(reverse("publication:my_cards")).content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client, card):
    response = client.post(reverse("publication:card_update", args=[card.pk]), card_data())

    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not CardUpdate.objects.exists()


@pytest.mark.parametrize("role", ["drafter", "organizer", "judge"])
def test_only_agency_admins_update_cards(request, card, role):
    client = Client()
    client.force_login(request.getfixturevalue(role))

    assert client.post(reverse("publication:card_update", args=[card.pk]), card_data()).status_code == 403
    assert client.get(reverse("publication:my_cards")).status_code == 403
    assert not CardUpdate.objects.exists()


def test_an_innovation_outside_the_catalogue_has_no_card_to_update(agency_client, edition, agency):
    unpublished = innovation(edition, title="Belum Terbit", agency=agency)

    assert agency_client.get(reverse("publication:card_update", args=[unpublished.pk])).status_code == 404


def test_my_cards_lists_the_agencys_published_innovations(agency_client, edition, agency, card):
    innovation(edition, title="Belum Terbit", agency=agency)
    award(innovation(edition, title="Milik Dinas Lain"), rank=2)

    response = agency_client.get(reverse("publication:my_cards"))

    assert [innovation.title for innovation in response.context["innovations"]] == ["Puskesmas Keliling"]


# --- Stale cards -----------------------------------------------------------------------------------------------------


def test_a_card_not_updated_for_a_year_is_marked(client, agency_admin, card):
    update = catalogue.update_card(card, actor=agency_admin, status=CardStatus.ACTIVE)
    CardUpdate.objects.filter(pk=update.pk).update(created_at=timezone.now() - dt.timedelta(days=366))
    cache.clear()  # test data written behind the services' back

    assert "data-stale-card" in detail(client, card)
    listing = client.get(reverse("publication:catalogue")).content.decode()
    assert "data-stale-card" in listing


def test_a_card_updated_within_the_year_is_not_marked(client, agency_admin, card):
    update = catalogue.update_card(card, actor=agency_admin, status=CardStatus.ACTIVE)
    CardUpdate.objects.filter(pk=update.pk).update(created_at=timezone.now() - dt.timedelta(days=360))
    cache.clear()

    assert "data-stale-card" not in detail(client, card)


def test_a_card_never_updated_counts_from_its_publication(client, edition, card):
    card.awards.update(published_at=timezone.now() - dt.timedelta(days=400))

    assert "data-stale-card" in detail(client, card)

    older = factories.edition_with_defaults(year=2025)
    fresh = innovation(older, title="Baru Terbit")
    award(fresh)
    publish(older)
    assert "data-stale-card" not in detail(client, fresh)
