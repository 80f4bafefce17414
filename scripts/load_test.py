"""`make load`: the portal under concurrent use, in production mode, against PostgreSQL.

1. Creates a fresh PostgreSQL database (default kovablik_load on 127.0.0.1:5432), migrates it, seeds the demo and
   scripts/load_fixture.py (more agency admins and judges, an open desk-evaluation round with assigned entries),
   and collects the static files into a temporary folder.
2. Starts gunicorn on 127.0.0.1 with DEBUG=0 (secure cookies, CSRF over "HTTPS": every request carries
   X-Forwarded-Proto: https, as a TLS-terminating proxy would send).
3. Drives concurrent sessions for a fixed time, each with a bounded number of requests: public readers, judges
   saving score drafts (some judges in two tabs, so stale forms meet the 409 the portal answers them), agency
   admins creating and editing drafts, and an organizer reading the (cached) rankings and the judges' progress and
   now and then changing the stage's disagreement threshold, after which the very next ranking must show it.
4. Checks that no response was a 5xx and that every acknowledged write is in the database: per score sheet, the
   acknowledged save with the highest form version is what the sheet holds; per proposal, the last acknowledged
   title; the stage's last acknowledged threshold. Prints throughput and latency per kind of request; exits 1 on
   any 5xx, lost write, stale ranking or unexpected answer.

The server, the database and the temporary folder are removed at the end, also on failure or Ctrl+C.
Standard library only (threads and http.client), plus psycopg2 which the portal already depends on.
"""

from __future__ import annotations

import argparse
import html.parser
import http.client
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
HOST = "127.0.0.1"
PASSWORD = "kovablik-demo"  # competitions.demo.DEMO_PASSWORD
PUBLIC_PAGES = [
    ("public home", "/"),
    ("public editions", "/editions/"),
    ("public edition", "/editions/{year}/"),
    ("public results", "/results/"),
    ("public results", "/results/2023/"),
    ("public catalogue", "/catalogue/"),
    ("public catalogue", "/catalogue/?q=layanan"),
    ("public statistics", "/statistics/"),
    ("public verify", "/verify/"),
    ("public verify", "/verify/{code}/"),
]


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60, help="seconds of load (default 60)")
    parser.add_argument("--port", type=int, default=8120)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3)")
    parser.add_argument("--readers", type=int, default=6, help="concurrent public readers (default 6)")
    parser.add_argument("--admins", type=int, default=4, help="concurrent agency admins (default 4)")
    parser.add_argument("--judges", type=int, default=6, help="judges scoring (default 6; +3 demo judges)")
    parser.add_argument("--second-tabs", type=int, default=2, help="judges scoring in a second tab (default 2)")
    parser.add_argument("--organizers", type=int, default=1, help="organizers reading rankings (default 1)")
    parser.add_argument("--max-requests", type=int, default=2000, help="requests per session at most")
    parser.add_argument("--database", default="kovablik_load", help="PostgreSQL database, dropped and recreated")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server (no db name)")
    parser.add_argument("--keep", action="store_true", help="keep the database and folder afterwards")
    return parser.parse_args(argv)


# --- HTML forms ------------------------------------------------------------------------------------------------------


class FormParser(html.parser.HTMLParser):
    """Every <form> of a page: action, method and the values a browser would send (without submit buttons)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action") or "", "method": (a.get("method") or "get").lower(), "fields": {}}
            self._form["attrs"], self._form["choices"] = {}, {}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            name = a.get("name")
            if not name or kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind == "radio" and a.get("value"):
                self._form["choices"].setdefault(name, a["value"])  # a user picks one; the load picks the first
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            self._form["fields"][name] = a.get("value", "on" if kind == "checkbox" else "")
            self._form["attrs"][name] = a
        elif tag == "select":
            self._select = a.get("name")
            self._form["attrs"][self._select] = a
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if "selected" in a:
                self._form["fields"][self._select] = value
            elif value:  # an empty choice ("---------") is left for the first real one, as a user would pick
                self._form["choices"].setdefault(self._select, value)
        elif tag == "textarea":
            self._textarea = a.get("name")
            self._form["fields"][self._textarea] = ""
            self._form["attrs"][self._textarea] = a

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._form = None

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            self._form["fields"][self._textarea] += data


def forms_of(body: bytes) -> list[dict]:
    parser = FormParser()
    parser.feed(body.decode("utf-8", "replace"))
    for form in parser.forms:
        for name, value in form["choices"].items():
            if not form["fields"].get(name):
                form["fields"][name] = value
    return [form for form in parser.forms if form["method"] == "post"]


def form_errors(body: bytes) -> list[str]:
    """The error messages a refused form shows (Bootstrap's invalid-feedback and danger alerts)."""
    text = body.decode("utf-8", "replace")
    found = re.findall(r'class="[^"]*(?:invalid-feedback|alert-danger)[^"]*"[^>]*>(.*?)</', text, flags=re.S)
    return [re.sub(r"<[^>]+>|\s+", " ", item).strip() for item in found][:5]


def form_with(body: bytes, field_name: str) -> dict | None:
    return next((form for form in forms_of(body) if field_name in form["fields"]), None)


# --- HTTP sessions ---------------------------------------------------------------------------------------------------


@dataclass
class Record:
    kind: str
    status: int  # 0: no answer (connection error, timeout)
    seconds: float


@dataclass
class Stats:
    records: list[Record] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, record: Record) -> None:
        with self.lock:
            self.records.append(record)

    def problem(self, text: str) -> None:
        with self.lock:
            if len(self.unexpected) < 1000:
                self.unexpected.append(text)


class StopSession(Exception):
    pass


class Session:
    """One browser: its own connection and cookies, every request through the "HTTPS" proxy headers."""

    def __init__(self, port: int, stats: Stats, *, deadline: float, max_requests: int, name: str):
        self.port, self.stats, self.deadline, self.max_requests, self.name = port, stats, deadline, max_requests, name
        self.cookies: dict[str, str] = {}
        self.count = 0
        self.conn = None

    def request(self, kind: str, method: str, path: str, data: dict | None = None):
        if time.monotonic() >= self.deadline or self.count >= self.max_requests:
            raise StopSession
        self.count += 1
        origin = f"https://{HOST}:{self.port}"
        headers = {
            "Host": f"{HOST}:{self.port}",
            "X-Forwarded-Proto": "https",
            "User-Agent": f"kovablik-load/{self.name}",
            "Accept-Language": "id",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": origin,
                    "Referer": origin + path,
                }
            )
        start = time.perf_counter()
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.stats.add(Record(kind, 0, time.perf_counter() - start))
            self.stats.problem(f"{self.name}: {method} {path}: {error!r}")
            self.conn = None
            return 0, {}, b""
        self.stats.add(Record(kind, response.status, time.perf_counter() - start))
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.status >= 500:
            self.stats.problem(f"{self.name}: {method} {path} → {response.status}")
        return response.status, {k.lower(): v for k, v in response.getheaders()}, content

    def get(self, kind: str, path: str, expect=(200,)):
        status, headers, body = self.request(kind, "GET", path)
        if status not in expect and status:
            self.stats.problem(f"{self.name}: GET {path} → {status}")
        return status, headers, body

    def login(self, username: str) -> bool:
        status, _, body = self.get("login", "/accounts/login/")
        form = form_with(body, "csrfmiddlewaretoken") if status == 200 else None
        if form is None:
            return False
        fields = {**form["fields"], "username": username, "password": PASSWORD}
        status, headers, _ = self.request("login", "POST", "/accounts/login/", fields)
        if status != 302:
            self.stats.problem(f"{self.name}: login of {username} → {status}")
            return False
        return True


# --- The sessions' scripts -------------------------------------------------------------------------------------------


@dataclass
class Ledger:
    """What the server acknowledged: per score sheet the save with the highest form version, per proposal the
    title of the last save."""

    sheets: dict[tuple[str, int], tuple[int, dict[int, int], str]] = field(default_factory=dict)
    titles: dict[int, tuple[int, str]] = field(default_factory=dict)
    stale: int = 0
    thresholds: list[float] = field(default_factory=list)  # the organizer's acknowledged thresholds, in order
    lock: threading.Lock = field(default_factory=threading.Lock)
    sequence: int = 0

    def next(self) -> int:
        with self.lock:
            self.sequence += 1
            return self.sequence


def reader(session: Session, fixture: dict) -> None:
    rng = random.Random(session.name)
    while True:
        kind, path = rng.choice(PUBLIC_PAGES)
        path = path.format(year=fixture["year"], code=rng.choice(fixture["codes"] or ["X"]))
        session.get(kind, path)


def judge(session: Session, username: str, entries: list[int], ledger: Ledger) -> None:
    rng = random.Random(session.name)
    if not session.login(username):
        return
    session.get("judge entries", "/judge/")
    while True:
        entry = rng.choice(entries)
        path = f"/judge/entries/{entry}/"
        status, _, body = session.get("score page", path)
        form = form_with(body, "version") if status == 200 else None
        if form is None:
            if status == 200:
                session.stats.problem(f"{session.name}: no score form on {path}")
            continue
        fields = dict(form["fields"])
        values = {}
        for name, attrs in form["attrs"].items():
            if name.startswith("score_"):
                values[int(name[6:])] = rng.randint(0, int(attrs.get("max") or 10))
                fields[name] = str(values[int(name[6:])])
        note = f"{session.name} #{ledger.next()}"
        fields["overall_note"] = note
        version = int(fields["version"])
        status, headers, _ = session.request("score save", "POST", path, fields)
        if status == 302:
            with ledger.lock:
                key = (username, entry)
                if key not in ledger.sheets or ledger.sheets[key][0] < version:
                    ledger.sheets[key] = (version, values, note)
        elif status == 409:
            with ledger.lock:
                ledger.stale += 1
        elif status:
            session.stats.problem(f"{session.name}: score save on {path} → {status}")


def organizer(session: Session, fixture: dict, ledger: Ledger) -> None:
    """Reads the desk ranking (its pages and views), the final ranking, the overview and the progress page, and
    every few pages changes the desk stage's disagreement threshold: the ranking read right after must show it,
    from whichever worker answers (the cached rankings' version lives in the cache the workers share)."""
    rng = random.Random(session.name)
    if not session.login("organizer"):
        return
    year = fixture["year"]
    ranking = f"/organizer/editions/{year}/ranking/desk/umum/"
    pages = [
        ("organizer ranking", ranking),
        ("organizer ranking", ranking + "?view=normalized"),
        ("organizer ranking", ranking + "?page=2"),
        ("organizer ranking", f"/organizer/editions/{year}/ranking/final/umum/"),
        ("organizer ranking", f"/organizer/editions/{year}/ranking/"),
        ("organizer progress", f"/organizer/editions/{year}/progress/"),
    ]
    settings_path = f"/organizer/editions/{year}/stages/desk/settings/"
    while True:
        for _ in range(5):
            session.get(*rng.choice(pages))
        status, _, body = session.get("organizer settings", settings_path)
        form = form_with(body, "disagreement_threshold") if status == 200 else None
        if form is None:
            session.stats.problem(f"{session.name}: no judging settings form ({status})")
            continue
        threshold = rng.randint(100, 250) / 10
        fields = {**form["fields"], "disagreement_threshold": f"{threshold:.1f}"}
        status, _, body = session.request("organizer settings save", "POST", settings_path, fields)
        if status != 302:
            if status:
                session.stats.problem(f"{session.name}: settings save → {status} {form_errors(body)}")
            continue
        with ledger.lock:
            ledger.thresholds.append(threshold)
        status, _, body = session.get("organizer ranking", ranking)
        shown = f"{threshold:.2f}".replace(".", ",")  # as the Indonesian page writes it
        if status == 200 and f"{shown} " not in body.decode("utf-8", "replace"):
            session.stats.problem(f"{session.name}: the ranking after the change does not show the threshold {shown}")


def agency_admin(session: Session, username: str, ledger: Ledger) -> None:
    if not session.login(username):
        return
    session.get("agency proposals", "/proposals/")
    status, _, body = session.get("draft page", "/proposals/new/")
    form = form_with(body, "title") if status == 200 else None
    if form is None:
        session.stats.problem(f"{session.name}: no draft form")
        return
    title = f"Draf Uji Beban {session.name} #{ledger.next()}"
    fields = {**form["fields"], "title": title}
    status, headers, body = session.request("draft create", "POST", "/proposals/new/", fields)
    match = re.search(r"/proposals/(\d+)/", headers.get("location", "")) if status == 302 else None
    if match is None:
        session.stats.problem(f"{session.name}: draft create → {status} {form_errors(body)} {fields}")
        return
    pk = int(match.group(1))
    sequence = ledger.next()
    with ledger.lock:
        ledger.titles[pk] = (sequence, title)
    while True:
        step = random.choice(["basics", "basics", "narrative"])
        path = f"/proposals/{pk}/edit/{step}/"
        status, _, body = session.get("draft page", path)
        forms = [f for f in forms_of(body) if "csrfmiddlewaretoken" in f["fields"] and len(f["fields"]) > 1]
        form = next(
            (f for f in forms if ("title" in f["fields"]) == (step == "basics") and is_step_form(f, step)), None
        )
        if form is None:
            session.stats.problem(f"{session.name}: no form on {path} ({status})")
            continue
        fields = {**form["fields"], "stay": "1"}
        sequence = ledger.next()
        title = f"Draf Uji Beban {session.name} #{sequence}"
        if step == "basics":
            fields["title"] = title
        else:
            for name, attrs in form["attrs"].items():
                if "js-word-count" in (attrs.get("class") or ""):
                    fields[name] = f"Uraian {name} versi {sequence}."
        status, _, _ = session.request("draft save", "POST", path, fields)
        if status == 302 and step == "basics":
            with ledger.lock:
                ledger.titles[pk] = (sequence, title)
        elif status != 302 and status:
            session.stats.problem(f"{session.name}: draft save {path} → {status}")


def is_step_form(form: dict, step: str) -> bool:
    if step == "basics":
        return "category" in form["fields"]
    return any("js-word-count" in (attrs.get("class") or "") for attrs in form["attrs"].values())


def run_session(target, session: Session, *args) -> None:
    try:
        target(session, *args)
    except StopSession:
        pass
    except Exception as error:  # noqa: BLE001 -- reported, and the run fails
        session.stats.problem(f"{session.name}: crashed: {error!r}")


# --- Setting up and tearing down -------------------------------------------------------------------------------------


def admin_connection(pg: str):
    connection = psycopg2.connect(f"{pg}/postgres")
    connection.autocommit = True
    return connection


def recreate_database(pg: str, name: str) -> None:
    drop_database(pg, name)
    connection = admin_connection(pg)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        connection.close()


def drop_database(pg: str, name: str) -> None:
    connection = admin_connection(pg)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        connection.close()


def run(env: dict, *args: str, capture: bool = False) -> str:
    shown = [arg if len(arg) < 60 else "…" for arg in (args[1:] if args[0] == PYTHON else args)]
    print("$", *shown, flush=True)
    result = subprocess.run(args, cwd=ROOT, env=env, check=True, text=True, stdout=subprocess.PIPE if capture else None)
    return result.stdout if capture else ""


def wait_for_server(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=5)
            connection.request("GET", "/", headers={"X-Forwarded-Proto": "https", "Host": f"{HOST}:{port}"})
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError("gunicorn did not answer in time")


def stop_server(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# --- Checking and reporting ------------------------------------------------------------------------------------------

VERIFY = """
import json
from judging.models import ScoreSheet
from proposals.models import Proposal
sheets = {}
for sheet in ScoreSheet.objects.select_related("assignment__judge__user").prefetch_related("scores"):
    key = f"{sheet.assignment.judge.user.username}:{sheet.assignment.entry_id}"
    scores = {str(s.criterion_id): s.value for s in sheet.scores.all()}
    sheets[key] = [sheet.version, scores, sheet.overall_note]
titles = dict(Proposal.objects.filter(pk__in=PKS).values_list("pk", "title"))
from judging.models import StageRound
threshold = float(StageRound.objects.get(stage__edition__year=YEAR, stage__kind="desk").disagreement_threshold)
print(json.dumps({"sheets": sheets, "titles": {str(k): v for k, v in titles.items()}, "threshold": threshold}))
"""


def verify(env: dict, ledger: Ledger, year: int, organizers: int) -> tuple[list[str], list[str]]:
    """(lost writes, notes) comparing what was acknowledged with what the database holds."""
    code = VERIFY.replace("PKS", repr(sorted(ledger.titles))).replace("YEAR", str(year))
    out = run(env, PYTHON, "manage.py", "shell", "-c", code, capture=True)
    db = json.loads(out.strip().splitlines()[-1])
    lost, notes = [], []
    for (username, entry), (version, values, note) in sorted(ledger.sheets.items()):
        stored = db["sheets"].get(f"{username}:{entry}")
        if stored is None:
            lost.append(f"sheet {username}/{entry}: missing")
            continue
        stored_version, scores, stored_note = stored
        if stored_version < version + 1:
            lost.append(f"sheet {username}/{entry}: version {stored_version}, acknowledged save made {version + 1}")
        elif stored_version == version + 1:
            if stored_note != note or any(scores.get(str(pk)) != value for pk, value in values.items()):
                lost.append(
                    f"sheet {username}/{entry}: stored {stored_note!r} {scores}, acknowledged {note!r} {values}"
                )
        else:
            notes.append(f"sheet {username}/{entry}: a save without an answer (timeout) committed after the last ack")
    for pk, (_sequence, title) in sorted(ledger.titles.items()):
        if db["titles"].get(str(pk)) != title:
            lost.append(f"proposal {pk}: title {db['titles'].get(str(pk))!r}, acknowledged {title!r}")
    # One organizer saves one after the other: the stored threshold is the last acknowledged. Several may finish
    # their last saves in any order: it is one of the last acknowledged of each.
    last = ledger.thresholds[-organizers:] if organizers else []
    if last and not any(abs(db["threshold"] - value) < 1e-9 for value in last):
        lost.append(f"desk threshold: stored {db['threshold']}, last acknowledged {last}")
    return lost, notes


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def report(stats: Stats, elapsed: float) -> tuple[str, int, int]:
    """The table (markdown), the number of 5xx answers and of requests without an answer."""
    by_kind: dict[str, list[Record]] = defaultdict(list)
    for record in stats.records:
        by_kind[record.kind].append(record)
    lines = [
        "| request | count | req/s | median ms | p95 ms | p99 ms | 2xx/3xx | 4xx | 5xx | no answer |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]

    def row(name, records):
        ms = [r.seconds * 1000 for r in records if r.status]
        ok = sum(1 for r in records if 200 <= r.status < 400)
        c4 = sum(1 for r in records if 400 <= r.status < 500)
        c5 = sum(1 for r in records if r.status >= 500)
        none = sum(1 for r in records if r.status == 0)
        stats_ms = (statistics.median(ms), percentile(ms, 0.95), percentile(ms, 0.99)) if ms else (0, 0, 0)
        cells = [name, len(records), f"{len(records) / elapsed:.1f}", *(f"{v:.0f}" for v in stats_ms), ok, c4, c5, none]
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
        return c5, none

    for kind in sorted(by_kind):
        row(kind, by_kind[kind])
    total_5xx, total_none = row("**all**", stats.records)
    return "\n".join(lines), total_5xx, total_none


def main(argv=None) -> int:
    args = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="kovablik-load-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"{args.pg}/{args.database}",
        "DEBUG": "0",
        "SECRET_KEY": "load-test-" + os.urandom(16).hex(),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",
        "KOVABLIK_VAR_DIR": str(workdir),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "ERROR",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("CACHE_DIR", None)
    env.pop("REDIS_URL", None)
    server = None
    try:
        recreate_database(args.pg, args.database)
        run(env, PYTHON, "manage.py", "migrate", "--no-input", "-v0")
        run(env, PYTHON, "manage.py", "seed_demo", "--quiet-logins")
        out = run(env, PYTHON, "scripts/load_fixture.py", str(args.admins), str(args.judges), capture=True)
        fixture = json.loads(out.strip().splitlines()[-1])
        run(env, PYTHON, "manage.py", "collectstatic", "--no-input", "-v0")
        server_log = open(workdir / "gunicorn.log", "w")  # noqa: SIM115 -- closed with the folder
        server = subprocess.Popen(
            [GUNICORN, "kovablik.wsgi:application", "--bind", f"{HOST}:{args.port}", "--workers", str(args.workers)]
            + ["--timeout", "60", "--graceful-timeout", "10"],
            cwd=ROOT,
            env=env,
            stdout=server_log,
            stderr=subprocess.STDOUT,
        )
        wait_for_server(args.port, server)

        stats, ledger = Stats(), Ledger()
        deadline = time.monotonic() + args.duration
        sessions = []

        def session(name):
            return Session(args.port, stats, deadline=deadline, max_requests=args.max_requests, name=name)

        for index in range(args.readers):
            sessions.append((reader, session(f"reader{index + 1}"), fixture))
        judges = list(fixture["judges"].items())
        for username, entries in judges:
            sessions.append((judge, session(username), username, entries, ledger))
        for username, entries in judges[: args.second_tabs]:
            sessions.append((judge, session(f"{username}-tab2"), username, entries, ledger))
        for username in fixture["admins"][: args.admins]:
            sessions.append((agency_admin, session(username), username, ledger))
        for index in range(args.organizers):
            sessions.append((organizer, session(f"organizer{index + 1}"), fixture, ledger))
        print(
            f"Load: {args.duration:.0f} s, {len(sessions)} sessions ({args.readers} readers, {len(judges)} judges "
            f"+ {min(args.second_tabs, len(judges))} second tabs, {len(fixture['admins'][: args.admins])} agency "
            f"admins, {args.organizers} organizer{'s' if args.organizers != 1 else ''}), "
            f"gunicorn {args.workers} workers on {HOST}:{args.port}",
            flush=True,
        )
        started = time.monotonic()
        threads = [threading.Thread(target=run_session, args=item, daemon=True) for item in sessions]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started

        table, total_5xx, no_answer = report(stats, elapsed)
        lost, notes = verify(env, ledger, fixture["year"], args.organizers)
        print()
        print(table)
        print()
        print(
            f"{len(stats.records)} requests in {elapsed:.1f} s: {len(stats.records) / elapsed:.1f} requests/s. "
            f"Acknowledged writes: {len(ledger.sheets)} score sheets, {len(ledger.titles)} proposal drafts, "
            f"{len(ledger.thresholds)} judging settings; "
            f"stale score forms answered 409: {ledger.stale}."
        )
        for line in notes:
            print("note:", line)
        failures = []
        if total_5xx:
            failures.append(f"{total_5xx} responses were 5xx")
        if no_answer:
            failures.append(f"{no_answer} requests got no answer")
        if lost:
            failures.append(f"{len(lost)} acknowledged writes are not in the database: " + "; ".join(lost[:10]))
        if stats.unexpected:
            failures.append(f"{len(stats.unexpected)} unexpected answers: " + "; ".join(stats.unexpected[:10]))
        if failures:
            print("FAILED:", *failures, sep="\n  ")
            errors = [line for line in (workdir / "gunicorn.log").read_text().splitlines() if "Error" in line]
            print("gunicorn's log:", *errors[-20:], sep="\n  ")
            return 1
        print("OK: no 5xx, every acknowledged write is in the database.")
        return 0
    except KeyboardInterrupt:
        print("Interrupted.")
        return 130
    finally:
        stop_server(server)
        if not args.keep:
            drop_database(args.pg, args.database)
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
