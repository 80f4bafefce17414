"""The deployment kit in deploy/: nginx accepts the site, its limits match the portal's, and the units agree."""

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
SITE = DEPLOY / "nginx-kovablik.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
OPENSSL = shutil.which("openssl")

WRAPPER = """
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ }}
http {{
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/site.conf;
}}
"""


def megabytes(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([km]?)", value.lower()).groups()
    return int(number) * {"": 1, "k": 1024, "m": 1024 * 1024}[unit]


@pytest.mark.skipif(not Path(NGINX).exists() or not OPENSSL, reason="needs nginx and openssl (.ci/run installs nginx)")
def test_nginx_accepts_the_site_with_its_certificates_in_place(tmp_path):
    key, cert = tmp_path / "privkey.pem", tmp_path / "fullchain.pem"
    subprocess.run(
        [OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=kovablik.test"]
        + ["-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    site = SITE.read_text()
    site = site.replace("/etc/letsencrypt/live/kovablik.jatimprov.go.id/", f"{tmp_path}/")
    site = site.replace("/var/log/nginx/", f"{tmp_path}/")
    directives = "\n".join(line for line in site.splitlines() if not line.lstrip().startswith("#"))
    assert "/etc/" not in directives and "/var/log/" not in directives
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(WRAPPER.format(tmp=tmp_path))

    result = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


def test_nginx_body_limit_admits_the_largest_upload_and_little_more():
    [limit] = re.findall(r"client_max_body_size\s+(\w+);", SITE.read_text())

    largest_upload = max(settings.KOVABLIK_UPLOAD_PHOTO_MAX_BYTES, settings.KOVABLIK_UPLOAD_MAX_BYTES)
    assert largest_upload + settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= megabytes(limit)
    assert megabytes(limit) <= 3 * largest_upload


def test_nginx_never_serves_media_and_sets_the_proxy_headers_itself():
    site = SITE.read_text()

    assert "location ^~ /media-not-public/ {\n        return 404;" in site
    assert re.search(r"^\s*(alias|root)\s+\S*media", site, re.M) is None
    for header in ("X-Forwarded-Proto $scheme", "X-Forwarded-For $remote_addr", "X-Request-ID $kovablik_request_id"):
        assert f"proxy_set_header {header};" in site
    assert 'add_header Strict-Transport-Security "max-age=31536000' in site


def unit_settings(name: str) -> dict[str, list[str]]:
    """A systemd unit's settings, each with every value it is given (ExecStart may repeat)."""
    found: dict[str, list[str]] = {}
    for key, value in re.findall(r"^(\w+)=(.*)$", (DEPLOY / name).read_text(), re.M):
        found.setdefault(key, []).append(value)
    return found


@pytest.mark.parametrize(
    ("name", "command"),
    [
        ("kovablik-gunicorn.service", "gunicorn kovablik.wsgi:application"),
        ("kovablik-worker.service", "manage.py db_worker"),
        ("kovablik-daily.service", "manage.py remind_judges"),
        ("kovablik-backup.service", "manage.py backup_portal"),
    ],
)
def test_units_run_as_the_portal_user_with_the_env_file(name, command):
    service = unit_settings(name)

    assert (service["User"], service["EnvironmentFile"]) == (["kovablik"], ["/etc/kovablik/kovablik.env"])
    assert any(command in line for line in service["ExecStart"])


def test_daily_commands_in_the_unit_exist():
    from django.core.management import get_commands

    text = (DEPLOY / "kovablik-daily.service").read_text()
    commands = re.findall(r"manage\.py (\w+)", text)

    assert commands == [
        "send_deadline_reminders",
        "remind_judges",
        "remind_presenters",
        "remove_orphan_files",
        "remove_old_exports",
    ]
    assert set(commands) <= set(get_commands())


def test_the_env_file_example_passes_the_deploy_check():
    from tests.competitions.test_settings import run_django

    env = {}
    for line in (DEPLOY / "kovablik.env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            [(key, value)] = [shlex.split(line)[0].split("=", 1)]
            env[key] = value

    result = run_django(["check", "--deploy", "--fail-level", "WARNING"], env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert env["DEFAULT_FROM_EMAIL"] == "KOVABLIK Portal <no-reply@kovablik.jatimprov.go.id>"
