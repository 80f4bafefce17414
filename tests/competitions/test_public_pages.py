import pytest
from django.urls import reverse

from tests.factories import edition_with_defaults


@pytest.fixture
def archived(db):
    return edition_with_defaults(year=2023, number=8)


def test_home_shows_the_newest_public_edition_and_its_groups(client, edition, archived):
    response = client.get(reverse("competitions:home"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Tema 2026" in html
    assert "Kelompok Umum" in html
    assert reverse("competitions:edition_detail", args=[2023]) in html


def test_home_skips_hidden_editions(client, edition):
    edition_with_defaults(year=2027, is_public=False)

    response = client.get(reverse("competitions:home"))

    assert "Tema 2027" not in response.content.decode()
    assert "Tema 2026" in response.content.decode()


def test_hidden_edition_page_is_404(client, db):
    edition_with_defaults(year=2027, is_public=False)

    assert client.get(reverse("competitions:edition_detail", args=[2027])).status_code == 404


def test_edition_page_shows_stage_and_criteria_weights(client, edition):
    response = client.get(reverse("competitions:edition_detail", args=[2026]))

    html = response.content.decode()
    assert "40% dari nilai akhir" in html or "40% of the final score" in html
    assert "Signifikansi (dampak)" in html


def test_home_renders_in_english_when_chosen(client, edition):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    response = client.get(reverse("competitions:home"))

    assert '<html lang="en"' in response.content.decode()


def test_home_without_any_edition_says_so(client, db):
    response = client.get(reverse("competitions:home"))

    assert response.status_code == 200
    assert response.context["edition"] is None


def test_public_pages_use_constant_queries(client, edition, archived, django_assert_max_num_queries):
    for year in range(2016, 2023):
        edition_with_defaults(year=year)
    with django_assert_max_num_queries(12):
        client.get(reverse("competitions:home"))
    with django_assert_max_num_queries(12):
        client.get(reverse("competitions:edition_detail", args=[2026]))


def test_portal_speaks_indonesian_even_when_the_browser_asks_for_english(client, edition):
    response = client.get(reverse("competitions:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert '<html lang="id"' in response.content.decode()
    assert response["Content-Language"] == "id"


def test_home_states_the_last_submission_minute_in_wib(client, edition):
    client.cookies["kovablik_language"] = "en"

    response = client.get(reverse("competitions:home"))

    assert "31 July 2026, 23:59 WIB" in response.content.decode()
