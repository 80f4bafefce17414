import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from competitions.enums import PhaseKind, StageKind
from competitions.models import JAKARTA, Edition
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


def test_home_says_what_each_groups_number_counts(client, edition):
    html = client.get(reverse("competitions:home")).content.decode()

    winners = {group.kind: group.winners_count for group in edition.groups.all()}
    assert f'<p class="stat-number mb-0">{winners["umum"]}</p>' in html
    assert 'data-winners-of="umum">pemenang di Kelompok Umum</p>' in html


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
    assert "Belum ada edisi kompetisi yang diumumkan" in response.content.decode()


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


# --- The cached content follows every organizer change at once, in each language ------------------------------------


def page(client, name, *args, language="id"):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse(f"competitions:{name}", args=args))
    assert response.status_code == 200
    return response.content.decode()


def schedule_post(edition, **overrides):
    data = {}
    for phase in edition.phases.all():
        data[f"{phase.kind}_starts_on"] = phase.starts_on.isoformat()
        data[f"{phase.kind}_ends_on"] = phase.ends_on.isoformat()
    return data | overrides


def settings_post(edition, **overrides):
    data = {
        "number": edition.number,
        "theme": edition.theme,
        "description": edition.description,
        "is_public": "on" if edition.is_public else "",
        "proposal_quota": edition.proposal_quota,
        "minimum_months_running": edition.minimum_months_running,
        "special_counts_toward_quota": "on" if edition.special_counts_toward_quota else "",
        "special_entries_per_agency": edition.special_entries_per_agency,
        "presentation_minutes": edition.presentation_minutes,
        "interview_minutes": edition.interview_minutes,
        "changeover_minutes": edition.changeover_minutes,
        "absent_entry_rule": edition.absent_entry_rule,
    }
    return data | overrides


PUBLIC_PAGES = [("home",), ("edition_detail", 2026), ("archive",)]


def warm_every_language(client):
    for name, *args in PUBLIC_PAGES:
        for language in ("id", "en"):
            page(client, name, *args, language=language)


def test_public_pages_show_a_new_schedule_date_right_after_the_organizer_saves_it(client, edition, organizer_client):
    warm_every_language(client)
    assert "31 Juli 2026, pukul 23.59 WIB" in page(client, "home")

    response = organizer_client.post(
        reverse("competitions:org_edition_schedule", args=[2026]),
        schedule_post(edition, submission_ends_on="2026-07-28", socialization_starts_on="2026-06-03"),
    )

    assert response.status_code == 302
    home_id, home_en = page(client, "home"), page(client, "home", language="en")
    assert "28 Juli 2026, pukul 23.59 WIB" in home_id and "31 Juli 2026" not in home_id
    assert "28 July 2026, 23:59 WIB" in home_en and "31 July 2026" not in home_en
    assert "3 Juni 2026" in home_id and "3 June 2026" in home_en
    detail_id, detail_en = page(client, "edition_detail", 2026), page(client, "edition_detail", 2026, language="en")
    assert "3 Juni 2026" in detail_id and "1 Juni 2026" not in detail_id
    assert "3 June 2026" in detail_en and "1 June 2026" not in detail_en


def test_public_pages_show_a_new_theme_right_after_the_organizer_saves_it(client, edition, organizer_client):
    warm_every_language(client)

    response = organizer_client.post(
        reverse("competitions:org_edition_edit", args=[2026]), settings_post(edition, theme="Inovasi Tanpa Batas")
    )

    assert response.status_code == 302
    for name, *args in PUBLIC_PAGES:
        for language in ("id", "en"):
            html = page(client, name, *args, language=language)
            assert "Inovasi Tanpa Batas" in html and "Tema 2026" not in html, (name, language)


def test_edition_page_shows_new_criteria_and_a_hidden_edition_disappears(client, edition, organizer_client):
    warm_every_language(client)
    from competitions.services import set_criteria, update_edition

    stage = edition.stages.get(kind=StageKind.FIELD)
    set_criteria(stage, criteria=[{"name": "Keberlanjutan lapangan", "weight": 100, "max_score": 5}], actor=None)

    html = page(client, "edition_detail", 2026, language="en")
    assert '<td>Keberlanjutan lapangan</td><td class="text-end">100%</td><td class="text-end">5</td>' in html
    assert "scored 0–100" not in html

    update_edition(Edition.objects.get(year=2026), changes={"is_public": False}, actor=None)

    assert client.get(reverse("competitions:edition_detail", args=[2026])).status_code == 404
    assert "Tema 2026" not in page(client, "home") and "Tema 2026" not in page(client, "archive", language="en")


def test_extending_the_submission_deadline_shows_on_the_home_page_at_once(client, edition, organizer):
    from proposals.services import extend_submission_deadline

    Edition.objects.get(year=2026).phases.filter(kind=PhaseKind.SCREENING).update(starts_on=dt.date(2026, 8, 10))
    warm_every_language(client)

    extend_submission_deadline(edition, new_end_date=dt.date(2026, 8, 5), actor=organizer)

    assert "5 August 2026, 23:59 WIB" in page(client, "home", language="en")


def test_cached_home_page_follows_the_calendar(client, edition, monkeypatch):
    def on(day):
        moment = dt.datetime.combine(day, dt.time(9), tzinfo=JAKARTA)
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return page(client, "home", language="en")

    assert "<strong>Registration open until 31 July 2026</strong>" in on(dt.date(2026, 7, 31))
    assert "<strong>Registration closed; administrative screening under way</strong>" in on(dt.date(2026, 8, 1))


def test_warm_public_pages_run_no_query(client, edition, archived, django_assert_num_queries):
    warm_every_language(client)

    for name, *args in PUBLIC_PAGES:
        for language in ("id", "en"):
            with django_assert_num_queries(0):
                html = page(client, name, *args, language=language)
            assert "Tema 2026" in html
    with django_assert_num_queries(0):
        assert client.get(reverse("competitions:edition_detail", args=[2031])).status_code == 404
