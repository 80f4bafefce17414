"""The load balancer's probes: /healthz while the process lives, /readyz only when every dependency answers."""

import socket
from unittest import mock

import pytest
from django.db import OperationalError, connections
from django.db.migrations.recorder import MigrationRecorder
from django.db.utils import load_backend
from django.test import Client


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def balancer(settings):
    """A load balancer's client: plain HTTP, an address as host, production redirects and host checks on."""
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["kovablik.jatimprov.go.id"]
    return Client(HTTP_HOST="10.0.0.7:8000")


def test_healthz_answers_without_touching_the_database(balancer):
    # No django_db mark: any query would raise here.
    response = balancer.get("/healthz")

    assert (response.status_code, response.content) == (200, b"ok\n")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readyz_is_ready_over_plain_http_without_session_or_redirect(balancer):
    response = balancer.get("/readyz")

    assert (response.status_code, response.content) == (200, b"ready\n")
    assert response.cookies == {}
    assert "Cookie" not in response.get("Vary", "")
    assert "Location" not in response


@pytest.mark.django_db
def test_readyz_leaves_no_probe_file_in_the_media_folder(balancer, settings):
    balancer.get("/readyz")

    assert list(settings.MEDIA_ROOT.iterdir()) == []


@pytest.mark.django_db
def test_ordinary_pages_still_redirect_to_https_and_check_the_host(balancer):
    assert balancer.get("/").status_code == 400  # the address is not an allowed host
    response = Client(HTTP_HOST="kovablik.jatimprov.go.id").get("/")
    assert (response.status_code, response["Location"]) == (301, "https://kovablik.jatimprov.go.id/")


@pytest.mark.django_db
def test_readyz_is_503_when_the_database_does_not_answer(balancer):
    refused = OperationalError('connection to server at "10.1.2.3", port 5432 failed: Connection refused')
    with mock.patch.object(connections["default"], "cursor", side_effect=refused):
        response = balancer.get("/readyz")

    assert response.status_code == 503
    assert response.content == b"database: failing\nmigrations: failing\n"


@pytest.mark.django_db
def test_readyz_is_503_when_the_database_server_is_gone(balancer, monkeypatch, tmp_path):
    """A real connection to a database that is not there: a closed port (PostgreSQL) or an unreachable file."""
    settings_dict = {**connections["default"].settings_dict}
    if connections["default"].vendor == "sqlite":
        settings_dict["NAME"] = str(tmp_path / "no-such-folder" / "kovablik.sqlite3")
    else:
        settings_dict.update(HOST="127.0.0.1", PORT=str(closed_port()))
    gone = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias="default")
    monkeypatch.setattr("kovablik.health.connections", {"default": gone})

    response = balancer.get("/readyz")

    assert (response.status_code, response.content) == (503, b"database: failing\nmigrations: failing\n")
    gone.close()


@pytest.mark.django_db
def test_readyz_is_503_when_a_migration_is_not_applied(balancer):
    recorder = MigrationRecorder(connections["default"])
    latest = recorder.migration_qs.filter(app="proposals").order_by("-applied").first()
    recorder.record_unapplied("proposals", latest.name)  # rolled back with the test's transaction

    response = balancer.get("/readyz")

    assert (response.status_code, response.content) == (503, b"migrations: failing\n")


@pytest.mark.django_db
def test_readyz_is_503_when_the_media_folder_cannot_be_written(balancer, settings, tmp_path):
    # Tests run as root, whom a read-only mode does not stop: a file where the folder should be does.
    blocked = tmp_path / "media-blocked"
    blocked.write_text("not a folder")
    settings.MEDIA_ROOT = blocked

    response = balancer.get("/readyz")

    assert (response.status_code, response.content) == (503, b"media: failing\n")
    assert blocked.read_text() == "not a folder"


@pytest.mark.django_db
def test_readyz_is_503_when_the_cache_does_not_answer(balancer, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }

    response = balancer.get("/readyz")

    assert (response.status_code, response.content) == (503, b"cache: failing\n")


@pytest.mark.django_db
def test_readyz_names_every_failing_check_and_nothing_else(balancer, settings, tmp_path):
    blocked = tmp_path / "media-blocked"
    blocked.write_text("")
    settings.MEDIA_ROOT = blocked
    port = closed_port()
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": f"redis://127.0.0.1:{port}/0"}
    }

    response = balancer.get("/readyz")

    body = response.content.decode()
    assert (response.status_code, body) == (503, "media: failing\ncache: failing\n")
    assert str(port) not in body and str(tmp_path) not in body


def test_probes_refuse_other_methods(balancer):
    assert balancer.post("/healthz").status_code == 405
    assert balancer.post("/readyz").status_code == 405
