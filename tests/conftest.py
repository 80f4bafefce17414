import pytest
from django.test import Client

from tests import factories


@pytest.fixture(autouse=True)
def _portal_test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SECURE_SSL_REDIRECT = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "id"
    from django.core.cache import cache

    cache.clear()  # cached public pages must not leak from one test into the next


@pytest.fixture
def edition(db):
    return factories.edition_with_defaults(year=2026)


@pytest.fixture
def organizer(db):
    return factories.OrganizerFactory(user__username="organizer").user


@pytest.fixture
def agency(db):
    return factories.AgencyFactory(name="Dinas Kesehatan Provinsi Jawa Timur", short_name="Dinkes")


@pytest.fixture
def other_agency(db):
    return factories.AgencyFactory(name="Dinas Pendidikan Provinsi Jawa Timur", short_name="Dindik")


@pytest.fixture
def agency_admin(agency):
    return factories.MembershipFactory(agency=agency, user__username="admin.a").user


@pytest.fixture
def other_agency_admin(other_agency):
    return factories.MembershipFactory(agency=other_agency, user__username="admin.b").user


@pytest.fixture
def drafter(agency):
    return factories.MembershipFactory(agency=agency, role="drafter", user__username="drafter.a").user


@pytest.fixture
def judge(db):
    return factories.JudgeFactory(user__username="judge").user


def logged_in_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def organizer_client(organizer):
    return logged_in_client(organizer)


@pytest.fixture
def agency_client(agency_admin):
    return logged_in_client(agency_admin)


@pytest.fixture
def judge_client(judge):
    return logged_in_client(judge)


# Browser tests (Playwright + Debian chromium against the live server): see tests/browser.py.
from tests.browser import browser_page  # noqa: E402, F401


@pytest.fixture
def draft_in_open_edition(edition, agency):
    """A draft of `agency` in an edition whose submission is open today (browser journeys edit it)."""
    import datetime as dt

    from competitions.enums import PhaseKind
    from competitions.models import jakarta_today
    from competitions.services import set_schedule

    today = jakarta_today()
    set_schedule(
        edition,
        phases={
            PhaseKind.SUBMISSION: (today - dt.timedelta(days=10), today + dt.timedelta(days=20)),
            PhaseKind.SCREENING: (today + dt.timedelta(days=21), today + dt.timedelta(days=35)),
        },
        actor=None,
    )
    return factories.ProposalFactory(edition=edition, agency=agency, title="Sapa Warga", innovator_name="Budi")
