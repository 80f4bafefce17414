import re
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("*/templates")]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=|\son[a-z]+=", re.IGNORECASE)


def all_templates():
    return sorted(path for folder in TEMPLATE_DIRS for path in folder.rglob("*.html"))


def test_every_page_carries_a_content_security_policy_without_inline_code(client, edition):
    response = client.get(reverse("competitions:home"))

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.parametrize("template", all_templates(), ids=lambda path: str(path.relative_to(ROOT)))
def test_templates_hold_no_inline_script_style_or_event_handler(template):
    # The policy above forbids them, so the browser would silently ignore them: keep them out at the source.
    text = template.read_text()

    assert INLINE_SCRIPT.findall(text) == []
    assert INLINE_STYLE.findall(text) == []


@pytest.mark.django_db
def test_login_is_locked_after_five_wrong_passwords_even_for_the_right_one(client, settings, agency_admin):
    settings.AXES_ENABLED = True
    login = reverse("login")
    for _attempt in range(5):
        client.post(login, {"username": "admin.a", "password": "wrong"}, REMOTE_ADDR="10.0.0.9")

    response = client.post(login, {"username": "admin.a", "password": "correct-horse-battery"}, REMOTE_ADDR="10.0.0.9")

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "Terlalu banyak" in response.content.decode() or "Too many" in response.content.decode()


@pytest.mark.django_db
def test_a_right_password_logs_in_while_under_the_limit(client, settings, agency_admin):
    settings.AXES_ENABLED = True
    login = reverse("login")
    for _attempt in range(2):
        client.post(login, {"username": "admin.a", "password": "wrong"}, REMOTE_ADDR="10.0.0.9")

    response = client.post(login, {"username": "admin.a", "password": "correct-horse-battery"}, REMOTE_ADDR="10.0.0.9")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(agency_admin.pk)


def test_pages_never_read_django_permission_tables_for_portal_users(organizer_client, edition):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        organizer_client.get(reverse("competitions:dashboard"))

    assert [q["sql"] for q in queries.captured_queries if "auth_permission" in q["sql"]] == []
