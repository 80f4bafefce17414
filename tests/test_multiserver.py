"""Proof on several servers: two gunicorn app servers behind nginx, sharing PostgreSQL, Redis and the media folder.

One scripted HTTP session logs in through the balancer, saves a draft and uploads a file through instance A, reads
both back through instance B, publishes results as the organizer and sees the public results page change on both
instances. Each app server has its own file-cache folder, so the public page only changes on both because the
cache (and the version key that invalidates it) lives in the shared Redis.

Runs on PostgreSQL only (marked `postgres`, so the SQLite pass deselects it; CI's PostgreSQL pass runs it) and needs
`redis-server` and nginx (Debian `redis-server`, `nginx-light`; `.ci/run` installs them). Everything it starts runs in
its own process group and is stopped in `finally`; its temporary folder is removed.
"""

import datetime as dt
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import redis
import requests
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.urls import reverse

from competitions.enums import PhaseKind
from competitions.models import jakarta_today
from competitions.services import set_schedule
from proposals.models import Attachment, Proposal
from publication.awards import services as publication_services
from publication.models import Publication
from scripts.load_test import forms_of
from tests import factories
from tests.proposals import uploads_samples as samples
from tests.publication.data import judged_edition

pytestmark = [pytest.mark.multiserver, pytest.mark.postgres]

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
PASSWORD = "Multi-Server-2026!"  # noqa: S105
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"

NGINX_CONF = """
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log {tmp}/nginx-access.log;
    client_body_temp_path {tmp}/nginx-body;
    proxy_temp_path {tmp}/nginx-proxy;
    fastcgi_temp_path {tmp}/nginx-fastcgi;
    uwsgi_temp_path {tmp}/nginx-uwsgi;
    scgi_temp_path {tmp}/nginx-scgi;
    upstream portal {{
        server {host}:{port_a};
        server {host}:{port_b};
    }}
    server {{
        listen {host}:{port};
        client_max_body_size 12m;
        location / {{
            proxy_pass http://portal;
            proxy_set_header Host $http_host;
            # As the TLS-terminating proxy of deploy/nginx-kovablik.conf would.
            proxy_set_header X-Forwarded-Proto https;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Request-ID $request_id;
        }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex((HOST, port)) != 0


class Cluster:
    """Redis, two gunicorn app servers (A, B) and nginx, each a child in its own process group."""

    def __init__(self, tmp: Path, env: dict):
        self.tmp, self.env = tmp, env
        self.processes: list[tuple[str, subprocess.Popen]] = []
        self.ports: dict[str, int] = {}

    def start(self, name: str, args: list[str], env: dict | None = None) -> None:
        log = open(self.tmp / f"{name}.log", "wb")  # noqa: SIM115 -- closed when the process stops
        process = subprocess.Popen(
            args, cwd=ROOT, env=env or self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        self.processes.append((name, process))

    def wait_for(self, name: str, url: str, timeout: float = 60) -> None:
        process = dict(self.processes)[name]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited with {process.returncode}:\n{self.log(name)}")
            try:
                if requests.get(url, timeout=10).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{name} did not answer {url} in time:\n{self.log(name)}")

    def log(self, name: str) -> str:
        path = self.tmp / f"{name}.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def stop(self) -> None:
        for _name, process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for _name, process in reversed(self.processes):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture
def shared_data(transactional_db, settings):
    """Committed rows the app servers read: an open edition with an agency admin, and a judged earlier edition
    whose awards are prefilled but not published, with an organizer to publish them."""
    if connection.vendor != "postgresql":
        pytest.skip("the app servers share a PostgreSQL database")
    today = jakarta_today()
    open_edition = factories.edition_with_defaults(year=today.year, number=today.year - 2015)
    day = dt.timedelta(days=1)
    set_schedule(open_edition, phases={PhaseKind.SUBMISSION: (today - 10 * day, today + 20 * day)}, actor=None)
    agency = factories.AgencyFactory(name="Dinas Multi Server Provinsi Jawa Timur", short_name="Dinas MS")
    admin = factories.MembershipFactory(agency=agency, user__username="ms.admin").user
    organizer = factories.OrganizerFactory(user__username="ms.organizer").user
    # The app servers run production settings: the password hash must be one of theirs, not the tests' MD5.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    for user in (admin, organizer):
        user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
        user.save(update_fields=["password"])
    judged = factories.edition_with_defaults(year=today.year - 1, number=today.year - 2016)
    ranking = judged_edition(judged, prefix="Juara")
    publication_services.prefill_awards(judged, actor=organizer)
    first_title = next(iter(ranking.values()))[0].title
    return {"judged": judged, "winner": first_title}


def test_two_app_servers_behind_nginx_share_sessions_files_and_cache(shared_data, capsys):
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="kovablik-multiserver-"))
    tmp.chmod(0o755)  # nginx's workers (user nobody) write their temporary files here
    media = tmp / "media"
    media.mkdir()
    db = connection.settings_dict
    login = f"{db['USER']}:{db['PASSWORD']}" if db["PASSWORD"] else db["USER"]
    database_url = f"postgres://{login}@{db['HOST'] or HOST}:{db['PORT'] or 5432}/{db['NAME']}"
    ports = {"redis": free_port(), "A": free_port(), "B": free_port(), "nginx": free_port()}
    env = {
        "PATH": os.environ.get("PATH", ""),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "kovablik.settings",
        "DEBUG": "0",
        "SECRET_KEY": "multiserver-" + os.urandom(16).hex(),
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "0",
        "REDIS_URL": f"redis://{HOST}:{ports['redis']}/0",
        "MEDIA_ROOT": str(media),
        "KOVABLIK_VAR_DIR": str(tmp / "var"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    cluster = Cluster(tmp, env)
    steps: list[tuple[str, str, str, int]] = []
    try:
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True
        )
        cluster.start(
            "redis",
            [REDIS_SERVER, "--port", str(ports["redis"]), "--bind", HOST, "--dir", str(tmp), "--save", ""]
            + ["--appendonly", "no", "--daemonize", "no"],
        )
        for name in ("A", "B"):
            # Each server has a file-cache folder of its own: only the shared Redis can make them agree.
            server_env = {**env, "KOVABLIK_INSTANCE": name, "CACHE_DIR": str(tmp / f"cache-{name}")}
            cluster.start(
                f"gunicorn-{name}",
                [str(BIN / "gunicorn"), "kovablik.wsgi:application", "--bind", f"{HOST}:{ports[name]}"]
                + ["--workers", "1", "--timeout", "60", "--graceful-timeout", "5"],
                env=server_env,
            )
        (tmp / "nginx.conf").write_text(
            NGINX_CONF.format(tmp=tmp, host=HOST, port=ports["nginx"], port_a=ports["A"], port_b=ports["B"])
        )
        cluster.start(
            "nginx", [NGINX, "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-e", str(tmp / "nginx-start.log")]
        )
        for name in ("A", "B"):
            cluster.wait_for(f"gunicorn-{name}", f"http://{HOST}:{ports[name]}/readyz")
        cluster.wait_for("nginx", f"http://{HOST}:{ports['nginx']}/healthz")

        base = {name: f"http://{HOST}:{ports[name]}" for name in ("A", "B", "nginx")}
        browser = requests.Session()

        def call(step: str, via: str, method: str, path: str, expect: int, **kwargs) -> requests.Response:
            host = base[via].removeprefix("http://")
            headers = {"X-Forwarded-Proto": "https", "Origin": f"https://{host}", **kwargs.pop("headers", {})}
            response = browser.request(
                method, base[via] + path, headers=headers, allow_redirects=False, timeout=30, **kwargs
            )
            # The portal's cookies are Secure (production settings); the "TLS" here is the X-Forwarded-Proto the
            # proxy sends, so the jar must return them over loopback HTTP as a browser would over HTTPS.
            assert [cookie.name for cookie in response.cookies if not cookie.secure] == []
            for cookie in browser.cookies:
                cookie.secure = False
            served_by = response.headers.get("X-Served-By", "?")
            steps.append((step, "balancer" if via == "nginx" else via, served_by, response.status_code))
            assert response.status_code == expect, f"{step}: {response.status_code}\n{response.text[:2000]}"
            if via != "nginx":
                assert served_by == via
            return response

        def form(response: requests.Response, action: str) -> dict:
            """The fields of the page's POST form that goes to `action` (the current page when it has none)."""
            page_path = response.url.removeprefix(base["nginx"]).removeprefix(base["A"]).removeprefix(base["B"])
            found = [f for f in forms_of(response.content) if (f["action"] or page_path) == action]
            assert found, f"no form to {action} on {page_path}"
            return found[0]["fields"]

        # Readiness through the balancer reaches both servers in turn.
        ready = {call(f"readyz {n}", "nginx", "GET", "/readyz", 200).headers["X-Served-By"] for n in (1, 2)}
        assert ready == {"A", "B"}

        # Log in through the balancer (round robin: the form and the POST go to different servers).
        login = reverse("login")
        page = call("login form", "nginx", "GET", login, 200)
        fields = {**form(page, login), "username": "ms.admin", "password": PASSWORD}
        call("log in as agency admin", "nginx", "POST", login, 302, data=fields)

        # Save a draft and upload a file through instance A.
        title = f"Draf dua server {os.urandom(3).hex()}"
        create = reverse("proposals:create")
        page = call("new draft form", "A", "GET", create, 200)
        created = call("save draft", "A", "POST", create, 302, data={**form(page, create), "title": title})
        pk = int(re.search(r"/proposals/(\d+)/", created.headers["Location"]).group(1))
        content = samples.pdf_bytes("uploaded through A")
        upload = reverse("proposals:attachment_upload", args=[pk, "initiator_decree"])
        page = call("attachments step", "A", "GET", f"/proposals/{pk}/edit/attachments/", 200)
        call(
            "upload file",
            "A",
            "POST",
            upload,
            302,
            data={"csrfmiddlewaretoken": form(page, upload)["csrfmiddlewaretoken"]},
            files={"initiator_decree-file": ("SK Tim Inovasi.pdf", content, "application/pdf")},
        )
        attachment = Attachment.objects.get(proposal_id=pk)
        assert Proposal.objects.get(pk=pk).title == title

        # Read both back through instance B.
        detail = call("read draft", "B", "GET", reverse("proposals:detail", args=[pk]), 200)
        assert title in detail.text
        download_url = reverse("proposals:attachment_download", args=[pk, attachment.pk])
        download = call("download file", "B", "GET", download_url, 200)
        assert download.content == content

        # Log out, then in as the organizer, through the balancer.
        logout = reverse("logout")
        page = call("dashboard", "nginx", "GET", reverse("competitions:dashboard"), 200)
        call("log out", "nginx", "POST", logout, 302, data=form(page, logout))
        page = call("login form", "nginx", "GET", login, 200)
        fields = {**form(page, login), "username": "ms.organizer", "password": PASSWORD}
        call("log in as organizer", "nginx", "POST", login, 302, data=fields)

        # Both servers show (and cache) the desk ranking; a judging setting changed through the balancer shows on
        # both at once (the ranking's version key lives in the shared Redis).
        year = shared_data["judged"].year
        desk_ranking = reverse("judging:ranking", args=[year, "desk", "umum"])
        for name in ("A", "B"):
            assert "12,50" not in call(f"ranking before the change on {name}", name, "GET", desk_ranking, 200).text
        settings_url = reverse("judging:round_settings", args=[year, "desk"])
        page = call("judging settings form", "nginx", "GET", settings_url, 200)
        fields = {**form(page, settings_url), "disagreement_threshold": "12.5"}
        call("change the disagreement threshold", "nginx", "POST", settings_url, 302, data=fields)
        for name in ("A", "B"):
            assert "12,50" in call(f"ranking after the change on {name}", name, "GET", desk_ranking, 200).text

        # Both servers show (and cache) the unpublished results page; publish; both show the winners.
        results = reverse("publication:results", args=[year])
        for name in ("A", "B"):
            before = call(f"results before publishing on {name}", name, "GET", results, 404)
            assert shared_data["winner"] not in before.text
        publish = reverse("publication:awards_publish", args=[year])
        page = call("publish form", "nginx", "GET", publish, 200)
        fields = {**form(page, publish), "override_reason": "Uji dua server: urutan siklus diuji di tempat lain."}
        call("publish results", "nginx", "POST", publish, 302, data=fields)
        assert Publication.objects.get(edition=shared_data["judged"]).state == "published"
        for name in ("A", "B"):
            after = call(f"results after publishing on {name}", name, "GET", results, 200)
            assert shared_data["winner"] in after.text

        assert redis.Redis(host=HOST, port=ports["redis"]).dbsize() > 0
        assert {step[2] for step in steps if step[1] == "balancer"} == {"A", "B"}
    finally:
        cluster.stop()
        shutil.rmtree(tmp, ignore_errors=True)
        elapsed = time.monotonic() - started
        with capsys.disabled():
            print(f"\nTwo app servers behind nginx ({elapsed:.1f} s):")
            for step, via, served_by, status in steps:
                print(f"  {step:<38} via {via:<8} served by {served_by}  {status}")

    assert not tmp.exists()
    assert [name for name, port in ports.items() if not port_is_free(port)] == []
