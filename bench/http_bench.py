"""The main pages measured over real HTTP: gunicorn with production settings, PostgreSQL, four
concurrent signed-in clients, the ceiling (/health/) measured between the pages.

    .venv/bin/python bench/http_bench.py --database scrqm_bench --reviews 10000 \\
        --alongside scrqm_bench_1k     # 1,000 reviews there, measured taking turns with these
    .venv/bin/python bench/http_bench.py --database scrqm_bench --reviews 1000   # alone
    ... --baseline var/bench/http-1000-150.json   # compared with an earlier run

It builds the data set (bench/dataset.py) into the named database on the PostgreSQL server
(creating it if needed; refusing one that holds anything but benchmark data), counts each
page's SQL queries in-process, serves the app with gunicorn (2 workers, DEBUG off, static
files collected), signs in through the sign-in and security-code pages as a board manager,
a chair, a lead reviewer and a board member, then, page after page: a window of the
page's requests between two windows of /health/ requests, four clients at a time. It goes
over every page in several rounds (``--rounds``), so that a passing disturbance on the
machine (autovacuum, another process) falls in one round of a page rather than in all of
it, and reports each figure's median over the rounds (the JSON keeps every round). Exports
and PDFs are then timed as single requests (first byte and total). It prints the tables,
the workers' memory and the load average, and writes everything as JSON.
"""

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from http.client import HTTPConnection, HTTPException
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench import common  # noqa: E402

CLIENTS = 4
WORKERS = 2
TARGET_P95_MS = 150
TARGET_RATIO = 0.05
TARGET_GROWTH = 1.2
TARGET_RSS_MB = 200


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="database name (or a postgres:// URL)")
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--reviews", type=int, default=1000)
    parser.add_argument("--boards", type=int, default=150, help="1: the one-board worst case")
    parser.add_argument("--reuse", action="store_true", help="keep a data set of the same size")
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--rounds", type=int, default=5, help="windows per page, interleaved")
    parser.add_argument("--seconds", type=float, default=2.0, help="least time per page window")
    parser.add_argument("--requests", type=int, default=40, help="least requests per window")
    parser.add_argument("--ceiling-seconds", type=float, default=0.5)
    parser.add_argument("--only", help="measure only the pages whose label contains this")
    parser.add_argument("--json", type=Path, help="default var/bench/http-REVIEWS-BOARDS.json")
    parser.add_argument("--baseline", type=Path, help="JSON of a smaller run, to compare p95")
    parser.add_argument(
        "--alongside",
        metavar="DATABASE",
        help="the baseline's database: its data set (--alongside-reviews, the same --boards) "
        "built there and measured in this run, page by page, taking turns with this one",
    )
    parser.add_argument("--alongside-reviews", type=int, default=1000)
    parser.add_argument("--follow", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


class Alongside:
    """The baseline's data set served and measured by a second run of this script
    (``--follow``), its own database, server and port, in step with this one: told over
    its stdin which page to measure next, so that whatever changes on the machine during
    the run (its speed varies by several per cent from one ten minutes to the next) falls
    on both data sets alike. Its lines are printed here, marked with its size."""

    def __init__(self, args):
        self.json = (
            args.json.with_suffix(".alongside.json")
            if args.json
            else common.VAR / f"http-{args.alongside_reviews}-{args.boards}.json"
        )
        command = [
            sys.executable,
            __file__,
            "--follow",
            "--rounds",
            "0",
            "--database",
            args.alongside,
            "--server",
            args.server,
            "--reviews",
            str(args.alongside_reviews),
            "--boards",
            str(args.boards),
            "--port",
            str(args.port + 1),
            "--seconds",
            str(args.seconds),
            "--requests",
            str(args.requests),
            "--ceiling-seconds",
            str(args.ceiling_seconds),
            "--json",
            str(self.json),
            *(["--reuse"] if args.reuse else []),
            *(["--only", args.only] if args.only else []),
        ]
        self.label = f"[{args.alongside_reviews:,}]"
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1
        )
        self.wait_for("@@ready")

    def wait_for(self, word: str) -> None:
        for line in self.process.stdout:
            if line.startswith("@@"):
                if line.strip() == word:
                    return
                raise SystemExit(f"The run alongside said {line.strip()!r}, not {word!r}")
            print(f"{self.label} {line}", end="", flush=True)
        raise SystemExit(f"The run alongside stopped (exit code {self.process.wait()})")

    def measure(self, index: int) -> None:
        self.process.stdin.write(f"measure {index}\n")
        self.wait_for("@@measured")

    def finish(self) -> Path:
        """Its exports, its tables and its JSON, which is this run's baseline."""
        self.process.stdin.write("finish\n")
        self.wait_for("@@done")
        self.process.wait(timeout=60)
        return self.json


def follow(session_of, anonymous, measured, rounds, args) -> None:
    """As the run alongside: measure the page the leading run names, until it says finish."""
    print("@@ready", flush=True)
    for line in sys.stdin:
        command = line.split()
        if command == ["finish"]:
            return
        page = measured[int(command[1])]
        rounds[page.label].append(measure(session_of(page), anonymous, page, args))
        print("@@measured", flush=True)
    raise SystemExit("The leading run stopped")


def database_url(args) -> str:
    if "://" in args.database:
        return args.database
    import psycopg

    with psycopg.connect(f"{args.server}/postgres", autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [args.database]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{args.database}"')
    return f"{args.server}/{args.database}"


# --- A small HTTP client: one connection per request (gunicorn's sync workers close them). ---


class Session:
    def __init__(self, port: int):
        self.port = port
        self.cookies = {}

    def request(self, method: str, url: str, body: dict | None = None, stream=None):
        """(status, headers, body bytes, seconds to the first byte, seconds in all)."""
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",  # as the TLS proxy in front of the app sends
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        data = None
        if body is not None:
            data = urlencode(body)
            origin = f"https://127.0.0.1:{self.port}"
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": origin,
                "Referer": origin + url,
            }
        began = time.perf_counter()
        conn = HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            conn.request(method, url, body=data, headers=headers)
            response = conn.getresponse()
            first = response.read(1)
            ttfb = time.perf_counter() - began
            content = first + response.read()
        finally:
            conn.close()
        for value in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                self.cookies[name] = morsel.value
        return response.status, response.headers, content, ttfb, time.perf_counter() - began

    def get(self, url: str):
        return self.request("GET", url)

    def post_form(self, url: str, fields: dict):
        page = self.get(url)[2].decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.request("POST", url, {"csrfmiddlewaretoken": token, **fields})


def sign_in(session: Session, username: str, code) -> None:
    """The sign-in page, then the security-code page, as a person does."""
    from bench.dataset import PASSWORD

    status = session.post_form("/accounts/sign-in/", {"username": username, "password": PASSWORD})[
        0
    ]
    assert status == 302, f"sign-in of {username}: {status}"
    status, headers = session.get("/")[:2]
    if status == 302 and "/accounts/security-code/" in headers["Location"]:
        status = session.post_form("/accounts/security-code/", {"code": code()})[0]
        if status == 200:  # this step's code was taken by an earlier run: a code is used once
            time.sleep(TOTP_STEP - time.time() % TOTP_STEP + 0.5)
            status = session.post_form("/accounts/security-code/", {"code": code()})[0]
        assert status == 302, f"security code of {username}: {status}"
        status = session.get("/")[0]
    assert status == 200, f"home page of {username} after sign-in: {status}"


TOTP_STEP = 30  # seconds: django-otp's default, which the benchmark's devices keep


def totp_code(user):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=user)
    return lambda: f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


# --- Measuring ---------------------------------------------------------------------------------


def window(session: Session, url: str, least_seconds: float, least_requests: int, limit=60.0):
    """Four clients request ``url`` until both least values are reached (or ``limit``
    seconds): requests/s and the latencies in ms."""
    times, failures = [], []
    lock = threading.Lock()
    began = time.perf_counter()

    def done():
        elapsed = time.perf_counter() - began
        return elapsed >= limit or (elapsed >= least_seconds and len(times) >= least_requests)

    def client():
        while not done():
            status, _, _, _, seconds = session.get(url)
            with lock:
                (times if status == 200 else failures).append(seconds * 1000)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    return (len(times) + len(failures)) / elapsed, times, len(failures)


def single(session: Session, page) -> dict:
    """An export or a PDF, requested once: first byte and total; a failure (gunicorn's
    30-second worker timeout closes the connection) is recorded, not raised."""
    began = time.perf_counter()
    try:
        status, _, body, ttfb, total = session.get(page.url)
        error = "" if status == 200 else f"status {status}"
    except (OSError, HTTPException) as e:
        status, body, ttfb = None, b"", None
        total = time.perf_counter() - began
        error = f"{type(e).__name__} after {total:.0f} s"
    row = {
        "page": page.label,
        "role": page.role,
        "url": page.url,
        "status": status,
        "error": error,
        "ttfb_s": ttfb,
        "total_s": total,
        "kb": len(body) / 1024,
    }
    print(f"  {page.label}: " + (error or f"first byte {ttfb:.2f} s, total {total:.2f} s"))
    return row


def measure(session: Session, anonymous: Session, page, args) -> dict:
    """One window of the page's requests between two windows of the ceiling's."""
    before, _, _ = window(anonymous, "/health/", args.ceiling_seconds, 1)
    rps, times, failures = window(session, page.url, args.seconds, args.requests)
    after, _, _ = window(anonymous, "/health/", args.ceiling_seconds, 1)
    assert not failures, f"{page.label}: {failures} requests failed"
    ceiling = (before + after) / 2  # the ceiling around the page's window
    slow = p95(times)
    print(
        f"  {page.label}: {rps:.1f} req/s, p95 {slow:.0f} ms (ceiling {ceiling:.0f} req/s)",
        flush=True,
    )
    return {
        "rps": rps,
        "p50_ms": statistics.median(times),
        "p95_ms": slow,
        "requests": len(times),
        "ceiling_rps": ceiling,
        "ratio": rps / ceiling,
    }


def summary(page, rounds: list[dict], queries: dict, bodies: dict) -> dict:
    """The page's row: each figure's median over the rounds, and every round."""

    def median(key):
        return statistics.median(w[key] for w in rounds)

    return {
        "page": page.label,
        "role": page.role,
        "url": page.url,
        **{key: median(key) for key in ("rps", "p50_ms", "p95_ms", "ceiling_rps", "ratio")},
        "requests": sum(w["requests"] for w in rounds),
        "queries": queries[page.label],
        "kb": len(bodies[page.label]) / 1024,
        # Table rows shown: a p95 is compared with the baseline's only for the same rows.
        "rows": bodies[page.label].count(b"<tr"),
        "rounds": rounds,
    }


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]


def serve(port: int, static_root: Path) -> subprocess.Popen:
    env = dict(os.environ)
    # Production defaults: redirect to HTTPS (the bench sends X-Forwarded-Proto) and hashed,
    # compressed static files.
    env.pop("SECURE_SSL_REDIRECT", None)
    env["STATIC_MANIFEST"] = "1"
    env["STATIC_ROOT"] = str(static_root)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=common.ROOT,
        env=env,
        check=True,
    )
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "scrqm.wsgi", "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}"],
        cwd=common.ROOT,
        env=env,
    )
    probe = Session(port)
    for _ in range(200):
        try:
            if probe.get("/health/")[0] == 200:
                return server
        except OSError:
            pass
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped (exit code {server.returncode})")
        time.sleep(0.1)
    server.terminate()
    raise SystemExit("gunicorn did not answer /health/ in 20 s")


def worker_rss_mb(master: int) -> list[float]:
    """Resident memory of each gunicorn worker (the master's children), from /proc."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes


def query_counts(ds, pages) -> dict[str, int]:
    """Each page's SQL queries, counted in-process (Django's test client), signed in as the
    same people through the same pages: on its second request, as bench/profile.py and
    tests/test_query_counts.py count them (a process's first request of the analytics page
    counts the figures it then keeps: 25 queries, then 8, in each gunicorn worker too)."""
    from bench.dataset import signed_in_client

    clients = {
        role: signed_in_client(user, {"X-Forwarded-Proto": "https"})
        for role, user in ds.users.items()
    }
    counts = {}
    for page in pages:
        clients[page.role].get(page.url)
        counts[page.label] = common.count_queries(clients[page.role], page.url)
    return counts


def table(rows: list[dict], baseline: dict) -> str:
    head = "| page | role | req/s | p50 ms | p95 ms | ratio to ceiling | queries | KB |"
    rule = "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    if baseline:
        head += " p95 ÷ baseline |"
        rule += " ---: |"
    lines = [head, rule]
    for r in rows:
        line = (
            f"| {r['page']} | {r['role']} | {r['rps']:.1f} | {r['p50_ms']:.0f} | "
            f"{r['p95_ms']:.0f} | {r['ratio'] * 100:.1f} % | {r['queries']} | {r['kb']:.0f} |"
        )
        if baseline:
            base, rows = baseline.get(r["page"], (None, None))
            line += f" {r['p95_ms'] / base:.2f}" if base else " –"
            line += f" (table rows {rows} -> {r['rows']}) |" if not comparable(r, rows) else " |"
        lines.append(line)
    return "\n".join(lines)


def comparable(row: dict, baseline_rows: int | None) -> bool:
    """Whether a page shows the same table rows as at the baseline (unknown: taken as so). A
    page that shows more rows with more data (a filter with fewer matches than a page in the
    smaller data set) costs more for its rows, not for the data beyond them."""
    return baseline_rows is None or baseline_rows == row["rows"]


def main():
    args = parse_args()
    os.environ["DATABASE_URL"] = database_url(args)
    common.configure("http")
    from django.db import connection

    from bench import dataset

    if args.reuse and dataset.recorded() == {
        "reviews": args.reviews,
        "boards": args.boards,
        "seconds": (dataset.recorded() or {}).get("seconds"),
    }:
        from django.core.management import call_command

        call_command("migrate", "--noinput", verbosity=0)  # the code may have moved on
        ds = dataset.load()
        # The reading earlier runs recorded: the board manager's access alerts read the last
        # 30 days of it, so each run would otherwise measure more than the one before.
        from accesslog.models import AccessEntry

        AccessEntry.objects.all().delete()
        print(f"Reusing the data set in {connection.settings_dict['NAME']}")
    else:
        print(f"Building {args.reviews:,} reviews over {args.boards} boards ...", flush=True)
        ds = dataset.build(args.reviews, args.boards, verbose=True)
    print(
        f"Data set: built in {ds.seconds:.0f} s: "
        + ", ".join(f"{v:,} {k}" for k, v in ds.counts.items())
    )
    # What the build wrote (a 10,000-review build and its vacuum: about 1.5 GB of WAL) is
    # flushed now: otherwise PostgreSQL's checkpointer spreads those writes over the next
    # minutes, through the measuring, and the larger data set is measured on a busier machine.
    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")
    print(f"Checkpoint before measuring: {time.perf_counter() - began:.1f} s")
    pages = [p for p in dataset.pages(ds) if not args.only or args.only in p.label]
    queries = query_counts(ds, [p for p in pages if not p.single])
    # The baseline's run builds and collects the static files before this server starts.
    alongside = Alongside(args) if args.alongside else None

    server = serve(args.port, common.VAR / "staticfiles")
    result = {
        "reviews": args.reviews,
        "boards": args.boards,
        "counts": ds.counts,
        "build_seconds": round(ds.seconds, 1),
        "clients": CLIENTS,
        "workers": WORKERS,
        "load_before": os.getloadavg(),
        "pages": [],
        "exports": [],
    }
    try:
        sessions = {}
        for role, user in ds.users.items():
            sessions[role] = Session(args.port)
            sign_in(sessions[role], user.username, totp_code(user))
        anonymous = Session(args.port)
        measured = [p for p in pages if not p.single]
        bodies = {}
        for page in measured:
            status, _, bodies[page.label], _, _ = sessions[page.role].get(page.url)  # warm-up
            assert status == 200, f"{page.label} ({page.url}): {status}"
        rounds = {page.label: [] for page in measured}
        if args.follow:
            follow(lambda page: sessions[page.role], anonymous, measured, rounds, args)
        for n in range(1, args.rounds + 1):  # none as the run alongside (--rounds 0)
            print(f"Round {n} of {args.rounds}", flush=True)
            for i, page in enumerate(measured):
                # Taking turns with the run alongside, each first in every other round.
                if alongside and n % 2 == 0:
                    alongside.measure(i)
                rounds[page.label].append(measure(sessions[page.role], anonymous, page, args))
                if alongside and n % 2 == 1:
                    alongside.measure(i)
        for page in measured:
            result["pages"].append(summary(page, rounds[page.label], queries, bodies))
        for page in pages:
            if page.single:
                result["exports"].append(single(sessions[page.role], page))
        result["worker_rss_mb"] = worker_rss_mb(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    result["load_after"] = os.getloadavg()
    ceilings = [w["ceiling_rps"] for r in result["pages"] for w in r["rounds"]]
    result["ceiling_rps_median"] = statistics.median(ceilings) if ceilings else 0.0

    if alongside:
        args.baseline = alongside.finish()
    baseline = {}
    if args.baseline:
        baseline = {
            r["page"]: (r["p95_ms"], r.get("rows"))
            for r in json.loads(args.baseline.read_text())["pages"]
        }
    print()
    print(
        f"{args.reviews:,} reviews over {args.boards} boards on PostgreSQL; gunicorn, "
        f"{WORKERS} workers, {CLIENTS} clients. Ceiling (/health/): median "
        f"{result['ceiling_rps_median']:.0f} req/s. Load average before "
        f"{result['load_before'][0]:.1f}, after {result['load_after'][0]:.1f}."
    )
    print()
    print(table(result["pages"], baseline))
    print()
    print("| export or PDF | role | first byte s | total s | KB |")
    print("| --- | --- | ---: | ---: | ---: |")
    for e in result["exports"]:
        times = e["error"] + " |" if e["error"] else f"{e['ttfb_s']:.2f} | {e['total_s']:.2f}"
        print(f"| {e['page']} | {e['role']} | {times} | {e['kb']:.0f} |")
    rss = result["worker_rss_mb"]
    print()
    print("Memory per worker after the run: " + ", ".join(f"{m:.0f} MB" for m in rss))
    grown, not_compared = [], []
    for r in result["pages"]:
        base, rows = baseline.get(r["page"], (None, None))
        if base and r["p95_ms"] > TARGET_GROWTH * base:
            (grown if comparable(r, rows) else not_compared).append(r["page"])
    misses = [
        r["page"]
        for r in result["pages"]
        if r["p95_ms"] > TARGET_P95_MS or r["ratio"] < TARGET_RATIO or r["page"] in grown
    ]
    limits = {p.label: p.limits for p in pages if p.limits}
    misses += [
        e["page"]
        for e in result["exports"]
        if e["error"]
        or (
            e["page"] in limits
            and (e["ttfb_s"] > limits[e["page"]][0] or e["total_s"] > limits[e["page"]][1])
        )
    ]
    misses += [f"worker at {m:.0f} MB" for m in rss if m > TARGET_RSS_MB]
    print("Targets missed: " + ("; ".join(misses) if misses else "none"))
    if not_compared:
        print(
            f"Above {TARGET_GROWTH} times the baseline's p95 but showing more table rows than "
            "at the baseline (its page was not full), so not compared: " + "; ".join(not_compared)
        )
    out = args.json or common.VAR / f"http-{args.reviews}-{args.boards}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1))
    print(f"Written to {out}")
    if args.follow:
        print("@@done", flush=True)


if __name__ == "__main__":
    main()
