"""Load and a fault: two gunicorn instances on one PostgreSQL, signed-in users for a while, one
instance killed with SIGKILL halfway and restarted, then every acknowledged save looked for.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/anything .venv/bin/python bench/load_kill.py
    .venv/bin/python bench/load_kill.py --seconds 15 --server postgres://postgres@127.0.0.1:54329

The script creates its own database on that server (``--database``, default scrqm_load; it is
dropped first, then again at the end unless ``--keep``; a database of that name holding
anything but this script's data is refused, never dropped), migrates it, loads the markers and
builds one board that asks every member for a security code: each user has an authenticator
app (a TOTP device whose key the script knows) and signs in through the real sign-in and
security-code pages. Then, for ``--seconds``:

* lead reviewers save a marker's rating, commentary and answers on their own review, and
  every third time upload an evidence file;
* board members update the progress and evidence of the action their agency leads;
* board managers read the home dashboard, the reviews list, the actions tracker and the
  analytics page.

Requests alternate between the two instances, as a load balancer's would. Halfway through,
instance A's whole process group (master and workers, mid-request) is killed with SIGKILL
and started again. Afterwards every save answered with a success (a redirect after the POST)
is looked for in the database and in its history (django-simple-history); evidence files are
read back from MEDIA_ROOT and their SHA-256 checked. Target: 0 acknowledged writes lost and
no 5xx from the surviving instance B; the exit status is 1 if either fails.
"""

import argparse
import hashlib
import http.client
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "load-and-kill-password-7"


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument(
        "--server",
        default=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        help="PostgreSQL server URL (its database name is ignored); default: DATABASE_URL",
    )
    p.add_argument("--database", default="scrqm_load", help="created (dropped first) and used")
    p.add_argument("--keep", action="store_true", help="keep the database afterwards")
    p.add_argument(
        "--migrate",
        action="store_true",
        help="build the schema by running the migrations (slower) rather than from the models",
    )
    p.add_argument("--reviewers", type=int, default=4)
    p.add_argument("--members", type=int, default=3)
    p.add_argument("--managers", type=int, default=2)
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers per instance")
    p.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    p.add_argument("--ports", default="", help="two ports, e.g. 8201,8202 (default: free ones)")
    return p.parse_args()


ARGS = parse_args()
_server = urlsplit(ARGS.server)
if not _server.scheme.startswith("postgres"):
    sys.exit("The load test needs PostgreSQL: give --server postgres://... or DATABASE_URL")
DB_URL = _server._replace(path="/" + ARGS.database).geturl()


def create_database() -> None:
    """A new database; an existing one of that name is dropped only if it is empty or was
    made by this script (its only board is the load-test board): never real data."""
    import psycopg

    admin_url = _server._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [ARGS.database]
        ).fetchone()
    if exists:
        with psycopg.connect(DB_URL) as db:
            tables = {r[0] for r in db.execute("SELECT tablename FROM pg_tables").fetchall()}
            boards = (
                {r[0] for r in db.execute("SELECT slug FROM accounts_board").fetchall()}
                if "accounts_board" in tables
                else set()
            )
        ours = "accounts_board" in tables and boards <= {"load"}
        if {t for t in tables if not t.startswith(("pg_", "sql_"))} and not ours:
            sys.exit(
                f"The database {ARGS.database} holds data this script did not make: "
                "give another --database"
            )
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{ARGS.database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{ARGS.database}"')


def drop_database() -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    admin_url = _server._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{ARGS.database}" WITH (FORCE)')


create_database()
MEDIA = tempfile.mkdtemp(prefix="scrqm-load-media-")
(Path(MEDIA) / "static").mkdir()
# Production mode (DEBUG off) behind a TLS proxy: the client sends X-Forwarded-Proto.
APP_ENV = {
    **os.environ,
    "DATABASE_URL": DB_URL,
    "DEBUG": "0",
    "SECRET_KEY": "load-kill-bench-only-" + "k" * 40,
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
    "STATIC_MANIFEST": "0",
    "MEDIA_ROOT": MEDIA,
    "STATIC_ROOT": str(Path(MEDIA) / "static"),  # not collected: no static files are asked for
    "LOG_LEVEL": "WARNING",
    "DB_CONN_MAX_AGE": "60",
}
os.environ.update(APP_ENV)
os.environ["DJANGO_SETTINGS_MODULE"] = "scrqm.settings"
sys.path.insert(0, str(ROOT))


import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django_otp.oath import totp  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from accounts.models import Agency, Board, Membership, User  # noqa: E402
from markers.models import MarkerSet  # noqa: E402
from reviews.models import (  # noqa: E402
    Action,
    ActionUpdate,
    Evidence,
    Finding,
    MarkerAssessment,
    QuestionAnswer,
    Review,
    ReviewRole,
)

# --- Data ------------------------------------------------------------------------------------


@dataclass
class Person:
    username: str
    role: str
    device_key: bytes
    review_id: int | None = None
    action_id: int | None = None


def build() -> list[Person]:
    if ARGS.migrate:
        call_command("migrate", verbosity=0)
    else:
        # The tables the models describe, as pytest-django's --nomigrations makes them
        # (``makemigrations --check`` keeps the migrations equal to the models): seconds, not
        # the half minute that running every migration takes on a small machine.
        from django.apps import apps
        from django.conf import settings

        settings.MIGRATION_MODULES = {app.label: None for app in apps.get_app_configs()}
        call_command("migrate", run_syncdb=True, verbosity=0)
    call_command("loaddata", "fixtures/scr_quality_markers_2016.json", verbosity=0)
    marker_set = MarkerSet.objects.get(slug="scr-qm-lipp-2016")
    board = Board.objects.create(name="Load Partnership", slug="load", require_two_factor=True)
    password = make_password(PASSWORD)  # hashed once: the production hasher is slow on purpose
    people = []

    def person(username, role, agency=None) -> Person:
        user = User.objects.create(username=username, password=password, first_name=username)
        Membership.objects.create(user=user, board=board, role=role, agency=agency)
        device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
        p = Person(username, role, device.bin_key)
        people.append(p)
        return p

    outcomes = Review.objects.create(
        board=board,
        marker_set=marker_set,
        reference="LOAD-OUT",
        title="Child O",
        stage=Review.Stage.MONITORING,
    )
    finding = Finding.objects.create(review=outcomes, number=1, text="F", explanation="E")
    for i in range(ARGS.reviewers):
        p = person(f"reviewer{i}", Membership.Role.LEAD_REVIEWER)
        review = Review.objects.create(
            board=board,
            marker_set=marker_set,
            reference=f"LOAD-{i}",
            title=f"Child {i}",
            stage=Review.Stage.RUNNING,
        )
        user = User.objects.get(username=p.username)
        ReviewRole.objects.create(review=review, user=user, role=ReviewRole.Role.LEAD_REVIEWER)
        p.review_id = review.pk
    for i in range(ARGS.members):
        agency = Agency.objects.create(board=board, name=f"Agency {i}")
        p = person(f"member{i}", Membership.Role.BOARD_MEMBER, agency)
        action = Action.objects.create(
            review=outcomes,
            finding=finding,
            number=i + 1,
            text=f"Action {i}",
            lead_agency=agency,
            target_date="2030-01-31",
            status=Action.Status.AGREED,
        )
        p.review_id, p.action_id = outcomes.pk, action.pk
    for i in range(ARGS.managers):
        person(f"manager{i}", Membership.Role.BOARD_MANAGER)
    return people


# --- HTTP client -----------------------------------------------------------------------------


class Forms(HTMLParser):
    """The POST forms of a page: each a list of (name, value) as a browser would submit them
    (checked radios and boxes, selected options, text areas), and the names of file inputs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"method": (a.get("method") or "get").lower(), "fields": []})
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("radio", "checkbox"):
                if "checked" in a:
                    fields.append((name, a.get("value", "on")))
            elif kind not in ("submit", "button", "file"):
                fields.append((name, a.get("value") or ""))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = [name, None, None]
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select[1] is None:
                self._select[1] = value
            if "selected" in a:
                self._select[2] = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            self.forms[-1]["fields"].append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            name, first, chosen = self._select
            self.forms[-1]["fields"].append((name, chosen if chosen is not None else first))
            self._select = None


def form_with(html: str, field_name: str) -> dict[str, str]:
    parser = Forms()
    parser.feed(html)
    for form in parser.forms:
        names = {n for n, _ in form["fields"]}
        if form["method"] == "post" and field_name in names:
            return dict(form["fields"])
    raise LookupError(f"no POST form with a field {field_name!r}")


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    for name, (filename, content, ctype) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {ctype}\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Down(Exception):
    """The instance did not answer (refused, reset, closed): nothing acknowledged."""

    def __init__(self, refused: bool):
        self.refused = refused  # never reached the app: safe to send elsewhere


@dataclass
class Result:
    instance: str
    method: str
    what: str
    status: int | None  # None: no answer
    seconds: float
    at: float


@dataclass
class Stats:
    results: list[Result] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, r: Result):
        with self.lock:
            self.results.append(r)


class Session:
    """One signed-in person: cookies, one keep-alive connection per instance, and requests
    that alternate between the instances."""

    def __init__(self, ports: dict[str, int], stats: Stats):
        self.ports = ports
        self.cookies: dict[str, str] = {}
        self.conns: dict[str, http.client.HTTPConnection] = {}
        self.stats = stats
        self.turn = random.randrange(2)

    def _next_instance(self) -> str:
        self.turn += 1
        return "AB"[self.turn % 2]

    def _conn(self, name):
        conn = self.conns.get(name)
        if conn is None:
            conn = http.client.HTTPConnection("127.0.0.1", self.ports[name], timeout=30)
            self.conns[name] = conn
        return conn

    def request(self, method, path, body=None, ctype=None, what="", instance=None):
        """(instance, status, headers, text). Tries the other instance if one refuses the
        connection (as a load balancer would); an answer cut off is not retried."""
        first = instance or self._next_instance()
        order = [first, "B" if first == "A" else "A"]
        for name in order:
            try:
                return self._send(name, method, path, body, ctype, what)
            except Down as down:
                if not down.refused or instance:
                    raise
        raise Down(refused=True)

    def _send(self, name, method, path, body, ctype, what):
        port = self.ports[name]
        headers = {
            "Host": f"127.0.0.1:{port}",
            "X-Forwarded-Proto": "https",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        if method == "POST":
            headers["Origin"] = f"https://127.0.0.1:{port}"
            headers["Referer"] = f"https://127.0.0.1:{port}{path}"
            headers["Content-Type"] = ctype or "application/x-www-form-urlencoded"
        started = time.monotonic()
        for attempt in (1, 2):
            conn = self._conn(name)
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (OSError, http.client.HTTPException) as e:
                conn.close()
                self.conns.pop(name, None)
                refused = isinstance(e, ConnectionRefusedError)
                # A kept-alive connection the server closed while idle: send once more.
                stale = isinstance(e, http.client.RemoteDisconnected | BrokenPipeError)
                if attempt == 1 and stale and method == "GET":
                    continue
                self.stats.add(Result(name, method, what, None, 0, time.time()))
                raise Down(refused) from e
        self.stats.add(
            Result(name, method, what, response.status, time.monotonic() - started, time.time())
        )
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                for morsel in SimpleCookie(value).values():
                    self.cookies[morsel.key] = morsel.value
        if response.getheader("Connection", "").lower() == "close":
            conn.close()
            self.conns.pop(name, None)
        return name, response.status, response, text

    def get(self, path, what=""):
        return self.request("GET", path, what=what)

    def post_form(self, path, fields, files=None, what="", instance=None):
        if files:
            body, ctype = multipart(fields, files)
        else:
            body, ctype = urlencode(fields).encode(), "application/x-www-form-urlencoded"
        return self.request("POST", path, body, ctype, what=what, instance=instance)

    def sign_in(self, person: Person):
        _, _, _, page = self.get("/accounts/sign-in/", "sign-in")
        fields = form_with(page, "username")
        fields.update(username=person.username, password=PASSWORD)
        _, status, response, _ = self.post_form("/accounts/sign-in/", fields, what="sign-in")
        location = response.getheader("Location", "")
        assert status == 302, f"sign-in of {person.username} answered {status}"
        _, status, response, page = self.get(location, "sign-in")
        while status == 302:
            location = response.getheader("Location")
            _, status, response, page = self.get(location, "sign-in")
        if "/accounts/security-code/" in location:
            fields = form_with(page, "code")
            fields["code"] = f"{totp(person.device_key):06d}"
            path = urlsplit(location)
            target = path.path + (f"?{path.query}" if path.query else "")
            _, status, response, _ = self.post_form(target, fields, what="security code")
            assert status == 302, f"security code of {person.username} answered {status}"


# --- The users' work -------------------------------------------------------------------------


@dataclass
class Write:
    kind: str  # answer, evidence, action
    token: str
    record: tuple  # which record it changed
    acknowledged: bool
    sha256: str = ""
    at: float = 0.0


@dataclass
class Run:
    ports: dict[str, int]
    deadline: float
    stats: Stats = field(default_factory=Stats)
    writes: list[Write] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    errors: list[str] = field(default_factory=list)

    def record(self, w: Write):
        with self.lock:
            self.writes.append(w)


def post_write(run: Run, session: Session, path, fields, write: Write, files=None):
    """POST a save; it is acknowledged when the app answers with its redirect."""
    try:
        _, status, _, _ = session.post_form(path, fields, files, what=write.kind)
    except Down:
        status = None
    write.acknowledged = status == 302
    write.at = time.time()
    run.record(write)


def reviewer_loop(run: Run, person: Person, session: Session):
    rid, n = person.review_id, 0
    while time.time() < run.deadline:
        n += 1
        number = (n % 18) + 1
        token = f"answer-{person.username}-{n}-{uuid.uuid4().hex[:8]}"
        try:
            if n % 3 == 0:
                path = f"/reviews/{rid}/markers/{number}/evidence/"
                _, status, _, page = session.get(path, "evidence form")
                fields = form_with(page, "title")
                content = f"Evidence {token}\n".encode() + os.urandom(16).hex().encode()
                fields.update(kind="file", title=token)
                write = Write("evidence", token, (rid,), False, hashlib.sha256(content).hexdigest())
                files = {"file": (f"{token}.txt", content, "text/plain")}
                post_write(run, session, path, fields, write, files)
            else:
                path = f"/reviews/{rid}/markers/{number}/"
                _, status, _, page = session.get(path, "marker page")
                fields = form_with(page, "commentary")
                fields.update(rating="partly_met", commentary=token)
                first = sorted(k for k in fields if k.startswith("note_"))[0]
                fields[first] = token
                fields["answer_" + first.removeprefix("note_")] = "partly"
                post_write(run, session, path, fields, Write("answer", token, (rid, number), False))
        except Down:
            continue
        except LookupError as e:
            run.errors.append(f"{person.username}: {e}")
            time.sleep(0.2)


def member_loop(run: Run, person: Person, session: Session):
    path = f"/reviews/{person.review_id}/outcomes/actions/{person.action_id}/progress/"
    n = 0
    while time.time() < run.deadline:
        n += 1
        token = f"action-{person.username}-{n}-{uuid.uuid4().hex[:8]}"
        try:
            _, status, _, page = session.get(path, "action form")
            fields = form_with(page, "update_text")
            fields.update(status="in_progress", evidence_received=token, update_text=token)
            post_write(
                run, session, path, fields, Write("action", token, (person.action_id,), False)
            )
        except Down:
            continue
        except LookupError as e:
            run.errors.append(f"{person.username}: {e}")
            time.sleep(0.2)


def manager_loop(run: Run, person: Person, session: Session):
    pages = ["/", "/reviews/", "/reviews/actions/", "/analytics/"]
    n = 0
    while time.time() < run.deadline:
        n += 1
        try:
            session.get(pages[n % len(pages)], "dashboard")
        except Down:
            continue


# --- The two instances -----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(port: int) -> subprocess.Popen:
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "scrqm.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(ARGS.workers),
        "--threads",
        str(ARGS.threads),
        "--log-level",
        "warning",
        "--timeout",
        "60",
        "--keep-alive",
        "30",
        "--graceful-timeout",
        "5",
        "--preload",  # Django imported once by the master, then its workers are forked
    ]
    return subprocess.Popen(cmd, cwd=ROOT, env=APP_ENV, start_new_session=True)


def wait_healthy(port: int, limit: float = 60) -> float:
    started = time.monotonic()
    while time.monotonic() - started < limit:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/health/", headers={"X-Forwarded-Proto": "https"})
            if conn.getresponse().status == 200:
                return time.monotonic() - started
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the instance on port {port} did not become healthy")


def stop(procs):
    running = [p for p in procs if p.poll() is None]
    for proc in running:
        os.killpg(proc.pid, signal.SIGTERM)
    for proc in running:
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


# --- Checks ----------------------------------------------------------------------------------


def verify(run: Run) -> dict:
    from django.conf import settings

    acked = [w for w in run.writes if w.acknowledged]
    missing = []
    hist_answers = set(MarkerAssessment.history.values_list("commentary", flat=True))
    hist_notes = set(QuestionAnswer.history.values_list("note", flat=True))
    hist_evidence = set(Evidence.history.values_list("title", flat=True))
    hist_actions = set(Action.history.values_list("evidence_received", flat=True))
    hist_updates = set(ActionUpdate.history.values_list("text", flat=True))
    updates = set(ActionUpdate.objects.values_list("text", flat=True))
    files = {
        e.title: e.versions.all()
        for e in Evidence.objects.prefetch_related("versions").filter(
            title__in=[w.token for w in acked if w.kind == "evidence"]
        )
    }
    # The current value of a record is its last save's, or a later save's that was cut off.
    last_tokens: dict[tuple, set] = {}
    for w in sorted(run.writes, key=lambda w: w.at):
        if w.kind == "evidence":
            continue
        key = (w.kind, *w.record)
        if w.acknowledged:
            last_tokens[key] = {w.token}
        else:
            last_tokens.setdefault(key, set()).add(w.token)
    current = {}
    for a in MarkerAssessment.objects.select_related("marker"):
        current[("answer", a.review_id, a.marker.number)] = a.commentary
    for a in Action.objects.all():
        current[("action", a.pk)] = a.evidence_received
    for w in acked:
        ok = True
        if w.kind == "answer":
            ok = w.token in hist_answers and w.token in hist_notes
        elif w.kind == "action":
            ok = w.token in hist_actions and w.token in updates and w.token in hist_updates
        elif w.kind == "evidence":
            versions = files.get(w.token)
            ok = bool(versions) and w.token in hist_evidence
            for v in versions or []:
                path = Path(settings.MEDIA_ROOT) / v.file.name
                on_disk = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""
                ok = ok and v.sha256 == w.sha256 == on_disk
        if not ok:
            missing.append(w)
    stale = [
        key
        for key, tokens in last_tokens.items()
        if any(w.acknowledged and (w.kind, *w.record) == key for w in acked)
        and current.get(key) not in tokens
    ]
    return {"acked": acked, "missing": missing, "stale": stale}


def main() -> int:
    ports = [int(p) for p in ARGS.ports.split(",")] if ARGS.ports else [free_port(), free_port()]
    ports = {"A": ports[0], "B": ports[1]}
    # The instances boot (import Django) while the database is built: they read nothing
    # before the first request.
    started = time.monotonic()
    procs = {name: start(port) for name, port in ports.items()}
    exit_code = 1
    try:
        people = build()
        print(f"Database {ARGS.database} built in {time.monotonic() - started:.1f} s", flush=True)
        for port in ports.values():
            wait_healthy(port)
        print(f"Two instances up after {time.monotonic() - started:.1f} s", flush=True)
        run = Run(ports=ports, deadline=0)
        signing_in = time.monotonic()
        sessions = [(p, Session(ports, run.stats)) for p in people]
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda ps: ps[1].sign_in(ps[0]), sessions))
        print(
            f"{len(people)} users signed in (password and security code) in "
            f"{time.monotonic() - signing_in:.1f} s; running for {ARGS.seconds:g} s",
            flush=True,
        )
        run.stats.results.clear()  # the figures are the work, not the sign-ins
        began = time.time()
        run.deadline = began + ARGS.seconds
        loops = {"lead_reviewer": reviewer_loop, "board_member": member_loop}
        threads = [
            threading.Thread(target=loops.get(p.role, manager_loop), args=(run, p, s))
            for p, s in sessions
        ]
        for t in threads:
            t.start()
        time.sleep(ARGS.seconds / 2)
        killed_at = time.time()
        os.killpg(procs["A"].pid, signal.SIGKILL)
        procs["A"].wait()
        procs["A"] = start(ports["A"])
        back_in = wait_healthy(ports["A"])
        for t in threads:
            t.join()
        elapsed = time.time() - began
        for _, s in sessions:
            for conn in s.conns.values():
                conn.close()
        exit_code = report(run, elapsed, killed_at - began, back_in, killed_at + back_in)
    finally:
        stop(procs.values())
        if not ARGS.keep:
            drop_database()
            shutil.rmtree(MEDIA, ignore_errors=True)
    return exit_code


def report(run: Run, elapsed: float, killed_after: float, back_in: float, back_at: float) -> int:
    results = run.stats.results
    answered = [r for r in results if r.status is not None]
    no_answer = Counter(r.instance for r in results if r.status is None)
    five = Counter(r.instance for r in answered if r.status >= 500)
    found = verify(run)
    acked, missing, stale = found["acked"], found["missing"], found["stale"]
    by_kind = Counter(w.kind for w in acked)
    attempted = Counter(w.kind for w in run.writes)
    times = sorted(r.seconds for r in answered)
    p95 = times[int(len(times) * 0.95)] if times else 0
    statuses = Counter(r.status for r in answered)
    print(f"\nLoad and kill: {elapsed:.1f} s, {len(run.writes)} saves attempted")
    print(f"  instance A killed (SIGKILL, master and workers) after {killed_after:.1f} s,")
    print(f"  restarted and healthy again {back_in:.1f} s later")
    print(f"  requests answered:     {len(answered)} ({len(answered) / elapsed:.1f}/s)")
    print(f"    by status:           {dict(sorted(statuses.items()))}")
    print(f"    by instance:         {dict(Counter(r.instance for r in answered))}")
    after = sum(1 for r in answered if r.instance == "A" and r.at > back_at)
    print(f"    by A once restarted: {after}")
    print(f"  requests not answered: {dict(no_answer)} (connections to the killed instance)")
    print(
        f"  response time:         median {statistics.median(times) * 1000:.0f} ms, "
        f"95th percentile {p95 * 1000:.0f} ms"
        if times
        else ""
    )
    print(
        f"  acknowledged writes:   {len(acked)} ({len(acked) / elapsed:.1f}/s) of "
        f"{len(run.writes)} attempted; by kind {dict(by_kind)} of {dict(attempted)}"
    )
    print(f"  writes found:          {len(acked) - len(missing)} in the database and history")
    print(f"  writes lost:           {len(missing)}; records not at their last save: {len(stale)}")
    print(f"  5xx from the survivor: {five.get('B', 0)} (from the killed one: {five.get('A', 0)})")
    for w in missing[:10]:
        print(f"    LOST {w.kind} {w.token}")
    for e in run.errors[:10]:
        print(f"    ERROR {e}")
    ok = acked and not missing and not stale and not five.get("B") and not run.errors
    print("Target met: 0 lost, 0 5xx from the survivor" if ok else "TARGET FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
