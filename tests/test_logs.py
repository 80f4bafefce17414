"""Production logs: one JSON line per request with its id, audit events as their own lines, nothing personal."""

import io
import json
import logging
import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from competitions.enums import AgencyKind
from kovablik.logs import PortalJsonFormatter
from proposals.enums import ProposalState
from publication.awards import services as publication_services
from tests import factories
from tests.factories import ProposalFactory
from tests.publication.data import judged_edition

SECRET_PASSWORD = "Rahasia-Sekali-2026!"  # noqa: S105


@pytest.fixture
def log_output():
    """What the console handler (settings.LOGGING) writes in production, as JSON objects, one per line. The
    production formatter is set explicitly, as the suite may run with DEBUG=1 in the environment."""
    handler = next(h for h in logging.getLogger().handlers if h.name == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    previous_formatter = handler.formatter
    handler.setFormatter(PortalJsonFormatter(settings.LOGGING["formatters"]["json"]["fmt"]))

    def lines() -> list[dict]:
        return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]

    lines.text = stream.getvalue
    yield lines
    handler.setStream(previous)
    handler.setFormatter(previous_formatter)


@pytest.fixture
def person(db, agency):
    """An agency admin whose name, email and phone must never reach a log."""
    user = factories.MembershipFactory(
        agency=agency,
        user__username="siti.rahayu",
        user__first_name="Siti",
        user__last_name="Rahayu",
        user__email="siti.rahayu@dinkes.jatimprov.go.id",
    ).user
    user.set_password(SECRET_PASSWORD)
    user.save()
    return user


def personal_data(user) -> list[str]:
    return [user.username, user.first_name, user.last_name, user.email, SECRET_PASSWORD]


def assert_nothing_personal(text: str, values: list[str]) -> None:
    leaked = [value for value in values if value and value.lower() in text.lower()]
    assert leaked == []


# --- Request lines ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_each_request_is_one_json_line_with_its_id(client, log_output):
    response = client.get(reverse("competitions:home"), HTTP_X_REQUEST_ID="lb-7f3a9c21e4")

    assert response["X-Request-ID"] == "lb-7f3a9c21e4"
    [line] = [line for line in log_output() if line["logger"] == "kovablik.request"]
    assert {key: line[key] for key in ("message", "method", "path", "status", "user_id", "request_id", "level")} == {
        "message": "request",
        "method": "GET",
        "path": "/",
        "status": 200,
        "user_id": None,
        "request_id": "lb-7f3a9c21e4",
        "level": "INFO",
    }
    assert isinstance(line["duration_ms"], float)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+\+00:00", line["time"])


@pytest.mark.django_db
def test_request_line_names_the_signed_in_user_by_id_only(person, log_output):
    client = Client()
    client.force_login(person)

    client.get(reverse("competitions:dashboard"))

    [line] = [line for line in log_output() if line["logger"] == "kovablik.request"]
    assert line["user_id"] == person.pk
    assert_nothing_personal(log_output.text(), personal_data(person))


@pytest.mark.parametrize("incoming", ["", "short", "has space 1234", "x" * 65, "<script>alert(1)</script>"])
@pytest.mark.django_db
def test_a_malformed_request_id_is_replaced_by_a_fresh_one(client, log_output, incoming):
    response = client.get(reverse("competitions:home"), HTTP_X_REQUEST_ID=incoming)

    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    assert incoming not in log_output.text() or incoming == ""


@pytest.mark.django_db
def test_every_line_of_a_request_carries_its_id(client, log_output):
    client.get("/no-such-page/", HTTP_X_REQUEST_ID="req-404-abcdef")

    lines = log_output()
    assert {line["logger"] for line in lines} >= {"django.request", "kovablik.request"}
    assert {line["request_id"] for line in lines} == {"req-404-abcdef"}


@pytest.mark.django_db
def test_lines_outside_a_request_have_no_request_id(log_output):
    logging.getLogger("kovablik.test").warning("outside")

    [line] = log_output()
    assert (line["message"], line["request_id"]) == ("outside", None)


# --- Audit lines and what never reaches a log ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_failed_login_is_an_audit_line_without_username_or_password(settings, person, log_output):
    settings.AXES_ENABLED = True  # django-axes writes lines of its own too

    response = Client().post(
        reverse("login"), {"username": person.username, "password": SECRET_PASSWORD + "x"}, REMOTE_ADDR="10.0.0.9"
    )

    assert response.status_code == 200
    [line] = [line for line in log_output() if line["logger"] == "kovablik.audit"]
    assert line["event"] == "kovablik.login.failed"
    assert re.fullmatch(r"[0-9a-f]{16}", line["username_hash"])
    assert any(line["logger"].startswith("axes") for line in log_output())
    assert_nothing_personal(log_output.text(), [*personal_data(person), SECRET_PASSWORD + "x", "10.0.0.9"])


@pytest.mark.django_db
def test_a_password_reset_logs_neither_the_email_nor_the_token(person, log_output, django_capture_on_commit_callbacks):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):  # the mail is sent by a task after the commit
        client.post(reverse("password_reset"), {"email": person.email})
    [message] = mail.outbox
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/[^\s]+/)", message.body).group(1)
    token = link.rstrip("/").split("/")[-1]

    client.get(link)
    client.get("/accounts/password/reset/MQ/bad-token-0123456789/x/")  # a 404 names its path in django.request

    text = log_output.text()
    assert token not in text and "bad-token-0123456789" not in text
    paths = [line["path"] for line in log_output() if line["logger"] == "kovablik.request"]
    assert paths[0] == "/accounts/password/reset/"
    assert paths[1].endswith("/[redacted]/")
    assert_nothing_personal(text, personal_data(person))


@pytest.mark.django_db
def test_a_quota_refusal_is_an_audit_line_with_ids_only(settings, person, agency, log_output, monkeypatch):
    from tests.proposals.conftest import DURING_SUBMISSION

    edition = factories.edition_with_defaults(year=2026)
    from competitions.enums import PhaseKind
    from competitions.services import set_schedule

    set_schedule(
        edition,
        phases={PhaseKind.SUBMISSION: (DURING_SUBMISSION.date(), DURING_SUBMISSION.date())},
        actor=None,
    )
    monkeypatch.setattr("django.utils.timezone.now", lambda: DURING_SUBMISSION)
    for _ in range(edition.quota_for(AgencyKind.PROVINCIAL)):
        ProposalFactory(edition=edition, agency=agency, complete=True, state=ProposalState.SUBMITTED)
    draft = ProposalFactory(
        edition=edition,
        agency=agency,
        complete=True,
        innovator_name="Bambang Wicaksono",
        innovator_phone="081234567890",
        innovator_email="bambang@dinkes.jatimprov.go.id",
    )
    client = Client()
    client.force_login(person)

    client.post(reverse("proposals:submit", args=[draft.pk]))

    draft.refresh_from_db()
    assert draft.state == ProposalState.DRAFT
    [line] = [line for line in log_output() if line.get("event") == "kovablik.proposal.quota_refused"]
    assert {key: line[key] for key in ("event", "object", "agency_id", "actor_id", "used", "quota")} == {
        "event": "kovablik.proposal.quota_refused",
        "object": f"proposals.proposal:{draft.pk}",
        "agency_id": agency.pk,
        "actor_id": person.pk,
        "used": 3,
        "quota": 3,
    }
    assert_nothing_personal(
        log_output.text(),
        [*personal_data(person), "Bambang", "081234567890", "bambang@dinkes.jatimprov.go.id", draft.title],
    )


@pytest.mark.django_db
def test_publishing_results_is_an_audit_line_with_the_actor_id(edition, log_output):
    organizer = factories.OrganizerFactory(
        user__username="organizer.bo", user__first_name="Hendra", user__email="hendra@jatimprov.go.id"
    ).user
    judged_edition(edition)
    publication_services.prefill_awards(edition, actor=organizer)
    client = Client()
    client.force_login(organizer)

    response = client.post(
        reverse("publication:awards_publish", args=[edition.year]), {"override_reason": factories.SKIP_ORDER}
    )

    assert response.status_code == 302
    audit = [line for line in log_output() if line["logger"] == "kovablik.audit"]
    [published] = [line for line in audit if line["event"] == "kovablik.publication.published"]
    assert published["actor_id"] == organizer.pk
    assert published["object"].startswith("publication.publication:")
    assert_nothing_personal(log_output.text(), ["organizer.bo", "Hendra", "hendra@jatimprov.go.id"])
