"""Public results: nothing before publication, exactly the published data after, cached until the next change."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from competitions.enums import GroupKind
from publication.awards import services
from publication.models import Award
from tests import factories
from tests.publication.data import judged_edition

RESULTS = reverse("publication:results", args=[2026])


# An award row's innovation title (its first cell).
AWARD_TITLE = r'<tr data-award="[A-Z0-9]+"[^>]*>.*?<td[^>]*>\s*(?:<a [^>]*>)?([^<]+?)(?:</a>)?\s*</td>'


def published(edition, organizer, judged):
    services.prefill_awards(edition, actor=organizer)
    services.add_extra_award(edition, proposal=judged[GroupKind.GENERAL][6], title="Inovasi Favorit", actor=organizer)
    services.publish_results(edition, actor=organizer, override_reason=factories.SKIP_ORDER)


def rows(html: str, group: str) -> list[str]:
    """The innovation titles of a results table, in order."""
    table = re.search(rf'<table[^>]*data-group="{group}".*?</table>', html, re.S).group(0)
    return re.findall(AWARD_TITLE, table, re.S)


def test_results_before_publication_are_not_found_and_name_nothing(client, edition, judged, organizer):
    services.prefill_awards(edition, actor=organizer)

    response = client.get(RESULTS)

    assert response.status_code == 404
    html = response.content.decode()
    assert "Inovasi Umum" not in html
    assert "Dinas Inovasi" not in html
    assert not re.search(r"data-award=", html)


def test_results_after_unpublishing_are_gone_again(client, edition, judged, organizer):
    published(edition, organizer, judged)
    assert client.get(RESULTS).status_code == 200

    services.unpublish_results(edition, actor=organizer, reason="Koreksi.")

    response = client.get(RESULTS)
    assert response.status_code == 404
    assert "Inovasi Umum 00" not in response.content.decode()


def test_results_show_exactly_the_published_winners_in_rank_order(client, edition, judged, organizer):
    published(edition, organizer, judged)

    html = client.get(RESULTS).content.decode()

    assert rows(html, GroupKind.GENERAL) == [f"Inovasi Umum {n:02d}" for n in range(5)]
    assert rows(html, GroupKind.REPLICATION) == ["Inovasi Replikasi 00", "Inovasi Replikasi 01"]
    assert rows(html, GroupKind.SPECIAL) == ["Inovasi Khusus 00"]
    assert rows(html, "extra") == ["Inovasi Umum 06"]
    for loser in ("Inovasi Umum 05", "Inovasi Umum 07", "Inovasi Replikasi 02", "Inovasi Khusus 01"):
        assert loser not in html
    assert "Dinas Inovasi Umum 00" in html and "Kota Inovasi" in html


def test_results_leak_no_score_judge_reason_or_draft(client, edition, judged, organizer):
    services.prefill_awards(edition, actor=organizer)
    first, second, third = judged[GroupKind.REPLICATION]
    services.decide_group_awards(
        edition, group=GroupKind.REPLICATION, proposals=[third, first], actor=organizer, reason="Alasan rahasia juri."
    )
    services.publish_results(edition, actor=organizer, override_reason=factories.SKIP_ORDER)

    html = client.get(RESULTS).content.decode()

    assert "Juri Rahasia" not in html
    assert "Alasan rahasia juri" not in html
    assert "Inovasi Replikasi 01" not in html
    assert not re.search(r"\b\d{2}\.\d{2,}\b", html)  # no score-like decimals


def test_revoked_award_leaves_the_winners_and_is_listed_as_revoked(client, edition, judged, organizer):
    published(edition, organizer, judged)
    client.get(RESULTS)  # cached now
    award = Award.objects.get(proposal=judged[GroupKind.GENERAL][1], kind="ranked")

    services.revoke_award(award, actor=organizer, reason="Data tidak benar.")

    html = client.get(RESULTS).content.decode()
    assert rows(html, GroupKind.GENERAL) == ["Inovasi Umum 00", "Inovasi Umum 02", "Inovasi Umum 03", "Inovasi Umum 04"]
    revoked = re.search(r'id="revoked-awards".*?</section>', html, re.S).group(0)
    assert "Inovasi Umum 01" in revoked
    assert "Data tidak benar" not in html


def test_national_outcome_is_shown_with_the_winner(client, edition, judged, organizer):
    published(edition, organizer, judged)
    client.get(RESULTS)
    services.record_national_track(judged[GroupKind.GENERAL][0], year=2027, outcome="top_45", actor=organizer)

    html = client.get(RESULTS).content.decode()

    assert html.count('data-national="top_45"') == 1
    assert "KIPP 2027" in html


def test_archive_lists_only_published_editions(client, edition, judged, organizer):

    factories.edition_with_defaults(year=2025)
    published(edition, organizer, judged)

    html = client.get(reverse("publication:results_archive")).content.decode()

    assert reverse("publication:results", args=[2026]) in html
    assert reverse("publication:results", args=[2025]) not in html


def test_results_page_is_in_indonesian_by_default_and_english_on_request(client, edition, judged, organizer):
    published(edition, organizer, judged)

    with translation.override("en"):
        client.cookies["kovablik_language"] = "en"
        html = client.get(RESULTS).content.decode()

    assert "Results of KOVABLIK 2026" in html


@pytest.mark.parametrize("size", [(8, 5), (40, 30)])
def test_results_page_queries_are_constant(edition, organizer, django_assert_max_num_queries, size):
    count, winners = size
    judged = judged_edition(
        edition,
        counts={GroupKind.GENERAL: count, GroupKind.REPLICATION: 6, GroupKind.SPECIAL: 4},
        winners={GroupKind.GENERAL: winners, GroupKind.REPLICATION: 5, GroupKind.SPECIAL: 3},
    )
    published(edition, organizer, judged)
    for n in range(3):
        services.record_national_track(judged[GroupKind.GENERAL][n], year=2027, outcome="top_99", actor=organizer)
    client = Client()

    with django_assert_max_num_queries(4):
        first = client.get(RESULTS)
    with django_assert_max_num_queries(1):
        second = client.get(RESULTS)

    assert first.status_code == second.status_code == 200
    assert first.content.decode().count("data-award=") == winners + 5 + 3 + 1


@pytest.mark.parametrize("editions", [1, 3])
def test_archive_queries_are_constant(organizer, django_assert_max_num_queries, editions):

    for n in range(editions):
        edition = factories.edition_with_defaults(year=2020 + n)
        judged = judged_edition(edition, prefix=f"Ed{n}", counts={GroupKind.GENERAL: 3}, winners={GroupKind.GENERAL: 2})
        services.prefill_awards(edition, actor=organizer)
        services.publish_results(edition, actor=organizer, override_reason=factories.SKIP_ORDER)
        assert judged
    client = Client()

    with django_assert_max_num_queries(1):
        response = client.get(reverse("publication:results_archive"))

    assert response.content.decode().count("/results/20") == editions
