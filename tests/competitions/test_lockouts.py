"""Login lockouts per username, per address and per pair (kovablik.auth.LockoutHandler), and Biro Organisasi's page
to lift one (competitions/views/lockouts.py)."""

import pytest
from django.test import Client
from django.urls import reverse

from core.models import ActionLog
from tests.factories import PASSWORD

PAIR_LIMIT, USERNAME_LIMIT, ADDRESS_LIMIT = 3, 5, 7


@pytest.fixture
def lockout_rules(settings):
    """Small limits, so a test needs few attempts; the same shape as production's 5 / 20 / 50."""
    settings.AXES_ENABLED = True
    settings.KOVABLIK_LOCKOUT_RULES = [
        (("username", "ip_address"), PAIR_LIMIT),
        (("username",), USERNAME_LIMIT),
        (("ip_address",), ADDRESS_LIMIT),
    ]
    settings.AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], ["username"], ["ip_address"]]
    settings.AXES_FAILURE_LIMIT = PAIR_LIMIT


def attempt(username, password="wrong", *, address):  # noqa: S107 (a wrong password on purpose)
    return Client().post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def logs_in(username, *, address) -> bool:
    return attempt(username, PASSWORD, address=address).status_code == 302


@pytest.mark.django_db
def test_one_address_trying_many_usernames_is_locked(lockout_rules, agency_admin):
    for n in range(ADDRESS_LIMIT):  # never more than one wrong password per username: the pair rule never trips
        attempt(f"guess.{n}", address="10.0.0.66")

    response = attempt("admin.a", PASSWORD, address="10.0.0.66")

    assert response.status_code == 429
    assert "Biro Organisasi" in response.content.decode()
    assert logs_in("admin.a", address="10.0.0.7")  # the account itself is fine from elsewhere


@pytest.mark.django_db
def test_one_username_guessed_from_many_addresses_is_locked(lockout_rules, agency_admin):
    for n in range(USERNAME_LIMIT):
        attempt("admin.a", address=f"10.0.1.{n}")

    assert not logs_in("admin.a", address="10.0.2.1")
    assert logs_in("admin.a", address="10.0.2.1") is False
    assert attempt("someone.else", address="10.0.2.1").status_code == 200  # the address is not locked


@pytest.mark.django_db
def test_the_pair_still_locks_first(lockout_rules, agency_admin):
    for _n in range(PAIR_LIMIT - 1):
        attempt("admin.a", address="10.0.0.9")
    assert attempt("admin.a", address="10.0.0.9").status_code == 429

    assert not logs_in("admin.a", address="10.0.0.9")
    assert logs_in("admin.a", address="10.0.0.10")


@pytest.mark.django_db
def test_logging_in_to_ones_own_account_does_not_clear_the_guesses_at_others(lockout_rules, agency_admin):
    for n in range(ADDRESS_LIMIT - 1):
        attempt(f"guess.{n}", address="10.0.0.66")
    assert logs_in("admin.a", address="10.0.0.66")

    assert attempt("guess.last", address="10.0.0.66").status_code == 429


@pytest.mark.django_db
def test_organizer_sees_and_lifts_a_lockout(lockout_rules, organizer_client, agency_admin):
    for n in range(USERNAME_LIMIT):
        attempt("admin.a", address=f"10.0.1.{n}")
    page = organizer_client.get(reverse("competitions:org_lockout_list")).content.decode()
    assert 'data-lockout="username"' in page and "admin.a" in page

    response = organizer_client.post(
        reverse("competitions:org_lockout_list"), {"kind": "username", "username": "admin.a"}, follow=True
    )

    assert "admin.a" in response.content.decode() and 'data-lockout="username"' not in response.content.decode()
    assert logs_in("admin.a", address="10.0.2.1")
    entry = ActionLog.objects.get(action_type="kovablik.login.unlocked")
    assert entry.data == {"kind": "username", "username": "admin.a", "ip_address": "", "failures": USERNAME_LIMIT}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [{"kind": "username", "username": "nobody"}, {"kind": "everything"}, {"kind": "address", "ip_address": "x"}],
)
def test_lifting_a_lockout_not_in_force_changes_nothing(lockout_rules, organizer_client, agency_admin, data):
    for n in range(USERNAME_LIMIT):
        attempt("admin.a", address=f"10.0.1.{n}")

    response = organizer_client.post(reverse("competitions:org_lockout_list"), data, follow=True)

    assert response.status_code == 200
    assert 'data-lockout="username"' in response.content.decode()
    assert not ActionLog.objects.filter(action_type="kovablik.login.unlocked").exists()
    assert not logs_in("admin.a", address="10.0.2.1")


@pytest.mark.django_db
def test_the_lockout_page_says_how_long_the_pause_really_is(lockout_rules, settings, agency_admin):
    import datetime as dt

    from django.utils import translation

    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=45)
    for _n in range(PAIR_LIMIT):
        attempt("admin.a", address="10.0.3.1")

    with translation.override("en"):
        page = Client(HTTP_ACCEPT_LANGUAGE="en").post(
            reverse("login"), {"username": "admin.a", "password": "x"}, REMOTE_ADDR="10.0.3.1"
        )

    assert page.status_code == 429
    assert "45 minutes" in page.content.decode() or "45 menit" in page.content.decode()
