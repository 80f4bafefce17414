"""Open data: the published results of every edition as CSV and JSON, the same data as the results pages."""

import csv
import io
import re

import pytest
from django.test import Client
from django.urls import reverse

from competitions.enums import GroupKind
from publication.awards import services
from publication.models import Award
from tests import factories
from tests.publication.data import judged_edition


def publish(edition, organizer, judged):
    services.prefill_awards(edition, actor=organizer)
    services.add_extra_award(edition, proposal=judged[GroupKind.GENERAL][6], title="Inovasi Favorit", actor=organizer)
    services.publish_results(edition, actor=organizer, override_reason=factories.SKIP_ORDER)


def csv_rows(client, url) -> list[dict]:
    response = client.get(url)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def page_rows(client, year: int) -> list[tuple[str, str, str, str]]:
    """(code, innovation, agency, region) of every award row on the results page, in page order."""
    html = client.get(reverse("publication:results", args=[year])).content.decode()
    found = re.findall(
        r'<tr data-award="([A-Z0-9]+)"[^>]*>.*?<td[^>]*>\s*(?:<a [^>]*>)?([^<]+?)(?:</a>)?\s*</td>\s*'
        r"<td[^>]*>([^<]*)</td>\s*<td[^>]*>([^<]*)</td>",
        html,
        re.S,
    )
    return [tuple(part.strip() for part in row) for row in found]


def test_csv_and_json_match_the_results_page(client, edition, judged, organizer):
    publish(edition, organizer, judged)
    services.record_national_track(judged[GroupKind.GENERAL][0], year=2027, outcome="top_99", actor=organizer)

    page = page_rows(client, 2026)
    rows = csv_rows(client, reverse("publication:open_data_csv"))
    data = client.get(reverse("publication:open_data_json")).json()

    assert [(r["verification_code"], r["innovation"], r["agency"], r["region"]) for r in rows] == page
    assert len(page) == 5 + 2 + 1 + 1
    assert [
        {key: ("" if value is None else str(value)) for key, value in award.items()} for award in data["awards"]
    ] == rows
    first = rows[0]
    assert (first["year"], first["group"], first["rank"], first["status"]) == ("2026", "umum", "1", "published")
    assert (first["national_year"], first["national_outcome"]) == ("2027", "top_99")
    assert rows[-1]["award_kind"] == "special" and rows[-1]["award"] == "Penghargaan Inovasi Favorit"


def test_open_data_lists_every_published_edition_and_nothing_else(client, edition, judged, organizer):
    publish(edition, organizer, judged)
    older = factories.edition_with_defaults(year=2025)
    older_judged = judged_edition(older, prefix="Lama", counts={GroupKind.GENERAL: 3}, winners={GroupKind.GENERAL: 2})
    services.prefill_awards(older, actor=organizer)
    services.publish_results(older, actor=organizer, override_reason=factories.SKIP_ORDER)
    draft_only = factories.edition_with_defaults(year=2024)
    judged_edition(draft_only, prefix="Draf", counts={GroupKind.GENERAL: 3}, winners={GroupKind.GENERAL: 2})
    services.prefill_awards(draft_only, actor=organizer)

    rows = csv_rows(client, reverse("publication:open_data_csv"))

    assert [row["year"] for row in rows] == ["2026"] * 9 + ["2025"] * 2
    assert not any(row["innovation"].startswith("Draf") for row in rows)
    assert [row["innovation"] for row in rows if row["year"] == "2025"] == [p.title for p in older_judged["umum"][:2]]
    year_rows = csv_rows(client, reverse("publication:open_data_csv_year", args=[2025]))
    assert [row["innovation"] for row in year_rows] == ["Lama Umum 00", "Lama Umum 01"]
    assert client.get(reverse("publication:open_data_json_year", args=[2024])).status_code == 404


def test_open_data_marks_revoked_awards(client, edition, judged, organizer):
    publish(edition, organizer, judged)
    award = Award.objects.get(proposal=judged[GroupKind.SPECIAL][0], kind="ranked")
    services.revoke_award(award, actor=organizer, reason="Dicabut.")

    data = client.get(reverse("publication:open_data_json")).json()

    revoked = [row for row in data["awards"] if row["status"] == "revoked"]
    assert [(row["innovation"], row["revoked_on"] is not None) for row in revoked] == [("Inovasi Khusus 00", True)]
    assert all("Dicabut" not in str(value) for row in data["awards"] for value in row.values())


def test_open_data_before_any_publication_is_empty(client, edition, judged, organizer):
    services.prefill_awards(edition, actor=organizer)

    assert csv_rows(client, reverse("publication:open_data_csv")) == []
    assert client.get(reverse("publication:open_data_json")).json()["awards"] == []


@pytest.mark.parametrize("winners", [3, 25])
def test_open_data_queries_are_constant(edition, organizer, django_assert_max_num_queries, winners):
    judged = judged_edition(edition, counts={GroupKind.GENERAL: winners + 7}, winners={GroupKind.GENERAL: winners})
    publish(edition, organizer, judged)
    client = Client()

    with django_assert_max_num_queries(5):
        csv_response = client.get(reverse("publication:open_data_csv"))
    with django_assert_max_num_queries(1):
        json_response = client.get(reverse("publication:open_data_json"))

    assert csv_response.content.decode("utf-8-sig").count("\n") == winners + 2
    assert len(json_response.json()["awards"]) == winners + 1
