"""The organizer's awards pages: organizer-only, confirm on GET and act on POST, reasons where required."""

import re
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from competitions.enums import GroupKind
from core.models import ActionLog
from proposals.models import Proposal
from publication.awards import services
from publication.models import Award, AwardDecision, Publication
from tests import factories
from tests.publication.data import judged_edition
from tests.publication.test_results import AWARD_TITLE


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
    services.publish_results(edition, actor=None, override_reason=factories.SKIP_ORDER)
    public = client.get(reverse("publication:results", args=[2026])).content.decode()

    def titles(html):
        return re.findall(AWARD_TITLE, html, re.S)

    assert titles(preview) == titles(public)
    assert len(titles(public)) == 8


def test_publish_confirms_on_get_and_publishes_on_post(organizer_client, organizer, edition, prefilled):
    url = reverse("publication:awards_publish", args=[2026])

    page = organizer_client.get(url)
    assert page.status_code == 200
    # Nothing of the cycle's end happened in this test: the page says so before anything is pressed.
    assert "Finalis belum diumumkan." in page.content.decode()
    assert Publication.objects.get(edition=edition).state == "draft"

    refused = organizer_client.post(url)
    assert refused.status_code == 200
    assert "Finalis belum diumumkan." in refused.content.decode()
    assert Publication.objects.get(edition=edition).state == "draft"

    response = organizer_client.post(url, {"override_reason": "Diumumkan lebih awal atas SK Gubernur."})

    assert response.status_code == 302
    publication = Publication.objects.get(edition=edition)
    assert (publication.state, publication.published_by) == ("published", organizer)
    override = ActionLog.objects.get(action_type="kovablik.order.overridden")
    assert override.data["reason"] == "Diumumkan lebih awal atas SK Gubernur."
    assert "Finalis belum diumumkan." in override.data["missing"]


def test_unpublish_needs_a_reason_on_the_page(organizer_client, edition, prefilled):
    services.publish_results(edition, actor=None, override_reason=factories.SKIP_ORDER)
    url = reverse("publication:awards_unpublish", args=[2026])

    refused = organizer_client.post(url, {"reason": ""})
    assert refused.status_code == 200
    assert Publication.objects.get(edition=edition).state == "published"

    organizer_client.post(url, {"reason": "Nama instansi salah."})
    assert Publication.objects.get(edition=edition).unpublished_reason == "Nama instansi salah."


def test_revoke_page_revokes_with_the_reason(organizer_client, edition, prefilled):
    services.publish_results(edition, actor=None, override_reason=factories.SKIP_ORDER)
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
    services.publish_results(edition, actor=None, override_reason=factories.SKIP_ORDER)
    proposal = prefilled[GroupKind.GENERAL][0]

    response = organizer_client.post(
        reverse("publication:national_track", args=[2026, proposal.pk]), {"year": 2027, "outcome": "top_45"}
    )

    assert response.status_code == 302
    proposal.national_nomination.refresh_from_db()
    assert (proposal.national_nomination.year, proposal.national_nomination.outcome) == (2027, "top_45")


def test_national_track_page_refuses_a_year_without_kipp_next_to_the_field(organizer_client, edition, prefilled):
    services.publish_results(edition, actor=None, override_reason=factories.SKIP_ORDER)
    special = prefilled[GroupKind.SPECIAL][0]
    url = reverse("publication:national_track", args=[2026, special.pk])

    page = organizer_client.get(url).content.decode()
    response = organizer_client.post(url, {"year": 2024, "outcome": "top_15_special"})

    assert 'value="outstanding_achievement"' in page and 'value="top_45"' not in page
    assert response.status_code == 200
    assert re.search(r'id="error_1_id_year"[^>]*>.*KIPP 2024', response.content.decode(), re.S)
    assert not hasattr(Proposal.objects.get(pk=special.pk), "national_nomination")


@pytest.mark.parametrize("size", [(8, 5), (40, 30)])
def test_awards_page_queries_are_constant(edition, organizer, django_assert_max_num_queries, size):
    count, winners = size
    judged = judged_edition(edition, counts={GroupKind.GENERAL: count}, winners={GroupKind.GENERAL: winners})
    services.prefill_awards(edition, actor=organizer)
    services.publish_results(edition, actor=organizer, override_reason=factories.SKIP_ORDER)
    for proposal in judged[GroupKind.GENERAL][:3]:
        services.record_national_track(proposal, year=2027, outcome="top_99", actor=organizer)
    client = Client()
    client.force_login(organizer)

    with django_assert_max_num_queries(11):
        response = client.get(reverse("publication:awards", args=[2026]))

    assert response.content.decode().count('<tr data-award="') == winners


@pytest.mark.parametrize("count", [8, 40])
def test_group_places_page_queries_are_constant(edition, organizer, django_assert_max_num_queries, count):
    judged_edition(edition, counts={GroupKind.GENERAL: count}, winners={GroupKind.GENERAL: 5})
    services.prefill_awards(edition, actor=organizer)
    client = Client()
    client.force_login(organizer)
    url = reverse("publication:awards_group", args=[2026, GroupKind.GENERAL])

    with django_assert_max_num_queries(19):
        response = client.get(url)
    with django_assert_max_num_queries(19):
        searched = client.get(url, {"q": "Umum"})

    html = response.content.decode()
    assert html.count('type="number" name="rank_') == min(count, 15)  # 5 winners: the ranking's first 15
    assert sorted(re.findall(r'name="rank_\d+" value="(\d+)"', html)) == ["1", "2", "3", "4", "5"]  # prefilled
    assert searched.content.decode().count('type="number" name="rank_') == min(count, 15 + 20)  # at most 20 found


# --- A group's places: the rows that matter, the search, and what a POST may place ------------------------------------


@pytest.fixture
def long_group(edition, organizer):
    """Umum with 40 ranked entries and 5 winners, prefilled: the page shows the ranking's first 15 (max(2N, N+10))."""
    judged = judged_edition(edition, counts={GroupKind.GENERAL: 40, GroupKind.REPLICATION: 2})
    services.prefill_awards(edition, actor=organizer)
    return judged


@pytest.fixture
def english(organizer_client, settings):
    """The organizer's client reading the pages in English (the messages asserted below)."""
    organizer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return organizer_client


def group_url(group=GroupKind.GENERAL, **query) -> str:
    url = reverse("publication:awards_group", args=[2026, group])
    return f"{url}?{urlencode(query)}" if query else url


def rank_inputs(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'type="number" name="rank_(\d+)"', response.content.decode())]


def places(group=GroupKind.GENERAL) -> list[int]:
    return list(Award.objects.filter(group=group).order_by("rank").values_list("proposal", flat=True))


def test_group_page_shows_the_first_rows_of_the_ranking_not_every_entry(organizer_client, long_group):
    umum = long_group[GroupKind.GENERAL]

    response = organizer_client.get(group_url())

    assert rank_inputs(response) == [p.pk for p in umum[:15]]
    assert "Inovasi Umum 14" in response.content.decode()
    assert "Inovasi Umum 15" not in response.content.decode()


def test_group_page_fills_a_short_ranking_with_the_unranked_entries(organizer_client, edition, prefilled):
    unranked = factories.ProposalFactory(
        edition=edition, group=GroupKind.GENERAL, state="passed", title="Belum Dinilai"
    )
    factories.ProposalFactory(edition=edition, group=GroupKind.GENERAL, state="draft", title="Masih Draf")

    response = organizer_client.get(group_url())

    assert rank_inputs(response) == [p.pk for p in prefilled[GroupKind.GENERAL]] + [unranked.pk]
    assert "Masih Draf" not in response.content.decode()


def test_group_page_always_shows_the_entries_that_hold_a_place(organizer_client, organizer, edition, long_group):
    umum = long_group[GroupKind.GENERAL]
    chosen = [p.pk for p in umum[:4]] + [umum[30].pk]
    services.decide_group_awards(edition, group=GroupKind.GENERAL, proposals=chosen, actor=organizer, reason="x")

    response = organizer_client.get(group_url())

    assert umum[30].pk in rank_inputs(response)
    assert re.search(rf'name="rank_{umum[30].pk}" value="5"', response.content.decode())


def test_find_another_entry_adds_the_matching_entries_as_rows(english, long_group):
    umum = long_group[GroupKind.GENERAL]

    by_title = english.get(group_url(q="umum 33"))
    by_agency = english.get(group_url(q="Dinas Inovasi Umum 21"))
    nothing = english.get(group_url(q="Replikasi"))  # another group's entries are not offered

    assert rank_inputs(by_title) == [p.pk for p in umum[:15]] + [umum[33].pk]
    assert rank_inputs(by_agency) == [p.pk for p in umum[:15]] + [umum[21].pk]
    assert rank_inputs(nothing) == [p.pk for p in umum[:15]]
    assert "No other awardable entry of this group matches" in nothing.content.decode()


def test_find_another_entry_adds_at_most_twenty_matches(english, long_group):
    response = english.get(group_url(q="Inovasi Umum"))

    assert len(rank_inputs(response)) == 15 + 20
    assert "refine the search" in response.content.decode()


def test_post_after_a_search_saves_the_found_entry_place(organizer_client, long_group):
    umum = long_group[GroupKind.GENERAL]
    page = organizer_client.get(group_url(q="umum 33"))
    assert f'action="{group_url(q="umum 33")}"' in page.content.decode().replace("&amp;", "&")
    data = {f"rank_{p.pk}": n for n, p in enumerate(umum[:4], start=1)} | {f"rank_{umum[33].pk}": 5}

    refused = organizer_client.post(group_url(q="umum 33"), {**data, f"rank_{umum[4].pk}": ""})
    saved = organizer_client.post(group_url(q="umum 33"), {**data, "reason": "Dampak nyata di lapangan."})

    assert refused.status_code == 200 and refused.context["form"].errors["reason"]
    assert umum[33].pk in rank_inputs(refused)  # the found row is still there to correct
    assert saved.status_code == 302
    assert places() == [p.pk for p in umum[:4]] + [umum[33].pk]


def test_post_without_the_search_still_keeps_a_place_given_to_an_entry_not_shown(organizer_client, long_group):
    """A page loaded before the ranking changed may place an entry no longer among the first rows: it is kept."""
    umum = long_group[GroupKind.GENERAL]
    data = {f"rank_{p.pk}": n for n, p in enumerate(umum[:4], start=1)} | {f"rank_{umum[25].pk}": 5}

    response = organizer_client.post(group_url(), {**data, "reason": "Keputusan juri."})

    assert response.status_code == 302
    assert places() == [p.pk for p in umum[:4]] + [umum[25].pk]


@pytest.mark.parametrize("which", ["other group", "other edition", "disqualified", "unknown"])
def test_post_placing_an_entry_that_cannot_hold_a_place_is_refused(english, organizer, long_group, which):
    umum = long_group[GroupKind.GENERAL]
    if which == "other group":
        forged = long_group[GroupKind.REPLICATION][0].pk
    elif which == "other edition":
        other = factories.edition_with_defaults(year=2025)
        forged = judged_edition(other, counts={GroupKind.GENERAL: 1}, prefix="Lama")[GroupKind.GENERAL][0].pk
    elif which == "disqualified":
        forged = umum[20].pk
        services.disqualify_entry(umum[20], actor=organizer, reason="Plagiat.")
    else:
        forged = 987654
    before = places()
    data = {f"rank_{p.pk}": n for n, p in enumerate(umum[:4], start=1)} | {f"rank_{forged}": 5}

    response = english.post(group_url(), {**data, "reason": "x"})

    assert response.status_code == 200
    assert "cannot hold one in this group" in response.content.decode()
    assert str(forged) in response.context["form"].non_field_errors()[0]
    assert places() == before


def test_awards_page_links_each_award_to_its_own_actions(organizer_client, organizer, edition, prefilled):
    extra = services.add_extra_award(
        edition, proposal=prefilled[GroupKind.GENERAL][6], title="Inovasi Favorit", kind="special", actor=organizer
    )
    draft = organizer_client.get(reverse("publication:awards", args=[2026])).content.decode()
    services.publish_results(edition, actor=organizer, override_reason=factories.SKIP_ORDER)
    published = organizer_client.get(reverse("publication:awards", args=[2026])).content.decode()

    assert reverse("publication:award_remove", args=[2026, extra.pk]) in draft
    for award in Award.objects.filter(edition=edition):
        assert reverse("publication:award_revoke", args=[2026, award.pk]) in published
        assert reverse("publication:national_track", args=[2026, award.proposal_id]) in published
        assert reverse("publication:disqualify", args=[2026, award.proposal_id]) in published


def test_group_page_warns_of_a_place_whose_entry_can_no_longer_be_awarded(english, long_group):
    umum = long_group[GroupKind.GENERAL]
    Proposal.objects.filter(pk=umum[2].pk).update(state="rejected")  # screening reversed after the prefill

    response = english.get(group_url())

    assert umum[2].pk not in rank_inputs(response)
    assert "they lose their place when you save" in response.content.decode()
    assert "Place 3: Inovasi Umum 02" in response.content.decode()
