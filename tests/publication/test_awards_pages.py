"""The organizer's awards pages: organizer-only, confirm on GET and act on POST, reasons where required."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from competitions.enums import GroupKind
from publication import services
from publication.models import Award, AwardDecision, Publication
from tests.publication.data import judged_edition


def pages(edition, judged) -> list[str]:
    award = Award.objects.filter(edition=edition).first()
    proposal = judged[GroupKind.GENERAL][0]
    return [
        reverse("publication:awards", args=[2026]),
        reverse("publication:awards_prefill", args=[2026]),
        reverse("publication:awards_group", args=[2026, GroupKind.GENERAL]),
        reverse("publication:awards_extra_add", args=[2026]),
        reverse("publication:awards_preview", args=[2026]),
        reverse("publication:awards_publish", args=[2026]),
        reverse("publication:awards_unpublish", args=[2026]),
        reverse("publication:award_remove", args=[2026, award.pk]),
        reverse("publication:award_revoke", args=[2026, award.pk]),
        reverse("publication:disqualify", args=[2026, proposal.pk]),
        reverse("publication:national_track", args=[2026, proposal.pk]),
    ]


@pytest.fixture
def prefilled(edition, judged, organizer):
    services.prefill_awards(edition, actor=organizer)
    return judged


def test_awards_pages_send_anonymous_visitors_to_log_in(client, edition, prefilled):
    for url in pages(edition, prefilled):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_awards_pages_refuse_agency_admins_and_judges(agency_client, judge_client, edition, prefilled):
    for client in (agency_client, judge_client):
        for url in pages(edition, prefilled):
            assert client.get(url).status_code == 403, url
            assert client.post(url, {"reason": "x", "view": "raw"}).status_code == 403, url
    assert Publication.objects.get(edition=edition).state == "draft"


def test_prefill_page_confirms_on_get_and_prefills_on_post(organizer_client, edition, judged):
    url = reverse("publication:awards_prefill", args=[2026])

    assert organizer_client.get(url).status_code == 200
    assert not Award.objects.exists()
    response = organizer_client.post(url, {"view": "raw"})

    assert response.status_code == 302
    assert Award.objects.filter(kind="ranked").count() == 5 + 2 + 1


def test_awards_page_lists_places_by_group_with_the_departure_reason(organizer_client, edition, prefilled, organizer):
    first, _second, third = prefilled[GroupKind.REPLICATION]
    services.decide_group_awards(
        edition, group=GroupKind.REPLICATION, proposals=[third, first], actor=organizer, reason="Sebaran wilayah."
    )

    html = organizer_client.get(reverse("publication:awards", args=[2026])).content.decode()

    assert "Sebaran wilayah." in html
    section = re.search(r'id="group-replikasi".*?</section>', html, re.S).group(0)
    assert section.index("Inovasi Replikasi 02") < section.index("Inovasi Replikasi 00")


def test_group_page_refuses_a_departure_without_a_reason(organizer_client, edition, prefilled):
    first, second, third = prefilled[GroupKind.REPLICATION]
    url = reverse("publication:awards_group", args=[2026, GroupKind.REPLICATION])

    response = organizer_client.post(url, {f"rank_{third.pk}": 1, f"rank_{first.pk}": 2, "reason": ""})

    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert list(Award.objects.filter(group="replikasi").order_by("rank").values_list("proposal", flat=True)) == [
        first.pk,
        second.pk,
    ]


def test_group_page_saves_a_departure_with_its_reason(organizer_client, edition, prefilled):
    first, _second, third = prefilled[GroupKind.REPLICATION]
    url = reverse("publication:awards_group", args=[2026, GroupKind.REPLICATION])

    response = organizer_client.post(url, {f"rank_{third.pk}": 1, f"rank_{first.pk}": 2, "reason": "Representasi."})

    assert response.status_code == 302
    assert list(Award.objects.filter(group="replikasi").order_by("rank").values_list("proposal", flat=True)) == [
        third.pk,
        first.pk,
    ]
    assert AwardDecision.objects.get(group="replikasi").reason == "Representasi."


def test_group_page_refuses_two_entries_on_one_place(organizer_client, edition, prefilled):
    first, second, _third = prefilled[GroupKind.REPLICATION]
    url = reverse("publication:awards_group", args=[2026, GroupKind.REPLICATION])

    response = organizer_client.post(url, {f"rank_{first.pk}": 1, f"rank_{second.pk}": 1, "reason": "x"})

    assert response.status_code == 200
    assert response.context["form"].errors


def test_extra_award_page_adds_a_named_award(organizer_client, edition, prefilled):
    proposal = prefilled[GroupKind.GENERAL][7]

    response = organizer_client.post(
        reverse("publication:awards_extra_add", args=[2026]),
        {"kind": "special", "title": "Kabupaten/Kota Terbaik", "proposal": proposal.pk, "reason": ""},
    )

    assert response.status_code == 302
    assert list(Award.objects.filter(kind="special").values_list("proposal", "title")) == [
        (proposal.pk, "Kabupaten/Kota Terbaik")
    ]


def test_preview_shows_the_drafts_as_the_public_will_see_them(organizer_client, client, edition, prefilled):
    preview = organizer_client.get(reverse("publication:awards_preview", args=[2026])).content.decode()
    services.publish_results(edition, actor=None)
    public = client.get(reverse("publication:results", args=[2026])).content.decode()

    def titles(html):
        return re.findall(r'<tr data-award="[A-Z0-9]+">.*?<td>\s*(?:<a [^>]*>)?([^<]+?)(?:</a>)?\s*</td>', html, re.S)

    assert titles(preview) == titles(public)
    assert len(titles(public)) == 8


def test_publish_confirms_on_get_and_publishes_on_post(organizer_client, organizer, edition, prefilled):
    url = reverse("publication:awards_publish", args=[2026])

    assert organizer_client.get(url).status_code == 200
    assert Publication.objects.get(edition=edition).state == "draft"
    response = organizer_client.post(url)

    assert response.status_code == 302
    publication = Publication.objects.get(edition=edition)
    assert (publication.state, publication.published_by) == ("published", organizer)


def test_unpublish_needs_a_reason_on_the_page(organizer_client, edition, prefilled):
    services.publish_results(edition, actor=None)
    url = reverse("publication:awards_unpublish", args=[2026])

    refused = organizer_client.post(url, {"reason": ""})
    assert refused.status_code == 200
    assert Publication.objects.get(edition=edition).state == "published"

    organizer_client.post(url, {"reason": "Nama instansi salah."})
    assert Publication.objects.get(edition=edition).unpublished_reason == "Nama instansi salah."


def test_revoke_page_revokes_with_the_reason(organizer_client, edition, prefilled):
    services.publish_results(edition, actor=None)
    award = Award.objects.get(proposal=prefilled[GroupKind.GENERAL][0], kind="ranked")
    url = reverse("publication:award_revoke", args=[2026, award.pk])

    assert organizer_client.post(url, {"reason": ""}).status_code == 200
    organizer_client.post(url, {"reason": "Data palsu."})

    award.refresh_from_db()
    assert (award.state, award.revoked_reason) == ("revoked", "Data palsu.")


def test_award_of_another_edition_is_404(organizer_client, edition, prefilled):
    from tests import factories

    factories.edition_with_defaults(year=2025)
    award = Award.objects.filter(edition=edition).first()

    assert organizer_client.get(reverse("publication:award_revoke", args=[2025, award.pk])).status_code == 404


def test_national_track_page_records_the_outcome(organizer_client, edition, prefilled):
    services.publish_results(edition, actor=None)
    proposal = prefilled[GroupKind.GENERAL][0]

    response = organizer_client.post(
        reverse("publication:national_track", args=[2026, proposal.pk]), {"year": 2027, "outcome": "top_45"}
    )

    assert response.status_code == 302
    proposal.national_nomination.refresh_from_db()
    assert (proposal.national_nomination.year, proposal.national_nomination.outcome) == (2027, "top_45")


@pytest.mark.parametrize("size", [(8, 5), (40, 30)])
def test_awards_page_queries_are_constant(edition, organizer, django_assert_max_num_queries, size):
    count, winners = size
    judged = judged_edition(edition, counts={GroupKind.GENERAL: count}, winners={GroupKind.GENERAL: winners})
    services.prefill_awards(edition, actor=organizer)
    services.publish_results(edition, actor=organizer)
    for proposal in judged[GroupKind.GENERAL][:3]:
        services.record_national_track(proposal, year=2027, outcome="top_99", actor=organizer)
    client = Client()
    client.force_login(organizer)

    with django_assert_max_num_queries(11):
        response = client.get(reverse("publication:awards", args=[2026]))

    assert response.content.decode().count('<tr data-award="') == winners


@pytest.mark.parametrize("count", [8, 40])
def test_group_places_page_queries_are_constant(edition, organizer, django_assert_max_num_queries, count):
    judged = judged_edition(edition, counts={GroupKind.GENERAL: count}, winners={GroupKind.GENERAL: 5})
    services.prefill_awards(edition, actor=organizer)
    client = Client()
    client.force_login(organizer)

    with django_assert_max_num_queries(17):
        response = client.get(reverse("publication:awards_group", args=[2026, GroupKind.GENERAL]))

    html = response.content.decode()
    assert html.count('type="number" name="rank_') == len(judged[GroupKind.GENERAL]) == count
    assert sorted(re.findall(r'name="rank_\d+" value="(\d+)"', html)) == ["1", "2", "3", "4", "5"]  # prefilled
