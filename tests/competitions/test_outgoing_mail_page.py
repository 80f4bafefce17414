"""The organizers' outgoing mail page: what is waiting or failed, filtered by state, in a constant number of queries."""

import pytest
from django.urls import reverse

from core.enums import DeliveryState
from core.models import MailDelivery

pytestmark = pytest.mark.django_db


def delivery(index: int, state: str, **fields) -> MailDelivery:
    return MailDelivery.objects.create(
        key=f"judge-reminder:{index}:1",
        renderer="x",
        to_email=f"juri{index}@example.org",
        language="id",
        state=state,
        **fields,
    )


def test_page_lists_unsent_mail_by_default_and_filters_by_state(organizer_client):
    delivery(1, DeliveryState.FAILED, attempts=5, last_error="SMTPAuthenticationError: (535, b'bad login')")
    delivery(2, DeliveryState.PENDING, attempts=1)
    delivery(3, DeliveryState.SENT, attempts=1, subject="[KOVABLIK] Pengingat penilaian")

    unsent = organizer_client.get(reverse("competitions:org_mail_list")).content.decode()
    sent = organizer_client.get(reverse("competitions:org_mail_list"), {"state": "sent"}).content.decode()

    assert "juri1@example.org" in unsent and "juri2@example.org" in unsent and "juri3@example.org" not in unsent
    assert "SMTPAuthenticationError" in unsent
    assert "Pengingat kepada juri yang tertinggal" in unsent
    assert "juri3@example.org" in sent and "juri1@example.org" not in sent
    assert "[KOVABLIK] Pengingat penilaian" in sent


def test_unknown_state_filter_shows_the_default_list(organizer_client):
    delivery(1, DeliveryState.FAILED)

    response = organizer_client.get(reverse("competitions:org_mail_list"), {"state": "nope"})

    assert response.status_code == 200
    assert "juri1@example.org" in response.content.decode()


def test_a_sent_mail_cannot_be_sent_again(organizer_client):
    sent = delivery(1, DeliveryState.SENT, attempts=1)

    response = organizer_client.post(reverse("competitions:org_mail_retry", args=[sent.pk]), follow=True)

    sent.refresh_from_db()
    assert (sent.state, sent.attempts) == (DeliveryState.SENT, 1)
    assert "Hanya email yang belum terkirim yang dapat dikirim ulang." in response.content.decode()


@pytest.mark.parametrize("count", [1, 15])
def test_page_costs_the_same_queries_at_any_size(count, organizer_client, django_assert_max_num_queries):
    for index in range(count):
        delivery(index, DeliveryState.FAILED)

    with django_assert_max_num_queries(8):
        response = organizer_client.get(reverse("competitions:org_mail_list"))

    assert response.content.decode().count("@example.org</td>") == count


def test_recipient_column_reads_penerima_in_indonesian_not_the_state_changes_menjadi(organizer_client):
    failed = delivery(1, DeliveryState.FAILED, attempts=5)

    listing = organizer_client.get(reverse("competitions:org_mail_list")).content.decode()
    retry = organizer_client.get(reverse("competitions:org_mail_retry", args=[failed.pk])).content.decode()

    assert '<th scope="col">Penerima</th>' in listing
    assert ">Penerima</dt>" in retry
    assert "Menjadi" not in listing + retry
