"""Page timings and SQL query counts at national scale.

Builds a throwaway database with thousands of reviews, tens of thousands of answers and
evidence items, then requests the main pages as the users who use them and prints, per page,
the number of SQL queries and the median response time over several requests.

    .venv/bin/python bench/pages.py                      # SQLite file under var/bench/
    DATABASE_URL=postgres://... .venv/bin/python bench/pages.py --reviews 3000

The database named by DATABASE_URL is emptied first: never point it at real data.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrqm.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-" + "b" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("STATIC_MANIFEST", "0")
if "DATABASE_URL" not in os.environ:
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    db_file = ROOT / "var" / "bench" / "bench.sqlite3"
    db_file.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{db_file}"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import Agency, Board, Membership, User  # noqa: E402
from markers.models import Marker, MarkerSet  # noqa: E402
from reviews.models import (  # noqa: E402
    Action,
    Evidence,
    Finding,
    MarkerAssessment,
    QuestionAnswer,
    Review,
    ReviewRole,
)

STAGES = ["referral", "setup", "running", "outputs", "monitoring", "closed"]
RATINGS = ["met", "partly_met", "not_met", "not_started"]
ANSWERS = ["yes", "partly", "no", "unknown"]


def build(n_reviews: int, evidence_per_review: int, actions_per_review: int, big_marker: int):
    call_command("flush", "--noinput", verbosity=0)
    call_command("loaddata", "fixtures/scr_quality_markers_2016.json", verbosity=0)
    marker_set = MarkerSet.objects.get(slug="scr-qm-lipp-2016")
    markers = list(Marker.objects.filter(marker_set=marker_set).prefetch_related("questions"))
    board = Board.objects.create(name="Bench Safeguarding Partnership", slug="bench")
    agencies = Agency.objects.bulk_create(
        [Agency(board=board, name=f"Agency {i}") for i in range(8)]
    )
    users = {}
    for username, role, agency in [
        ("manager", Membership.Role.BOARD_MANAGER, None),
        ("chair", Membership.Role.CHAIR, None),
        ("reviewer", Membership.Role.LEAD_REVIEWER, None),
        ("member", Membership.Role.BOARD_MEMBER, agencies[0]),
    ]:
        users[username] = User.objects.create_user(username, password="bench-password-1")
        Membership.objects.create(user=users[username], board=board, role=role, agency=agency)

    today = date.today()
    reviews = Review.objects.bulk_create(
        [
            Review(
                board=board,
                marker_set=marker_set,
                reference=f"SCR-{i:05d}",
                title=f"Child {i}",
                stage=STAGES[i % len(STAGES)],
                referral_on=today - timedelta(days=400 - i % 300),
                decision_on=today - timedelta(days=380 - i % 300),
            )
            for i in range(n_reviews)
        ],
        batch_size=500,
    )
    ReviewRole.objects.bulk_create(
        [ReviewRole(review=r, user=users["reviewer"], role="lead_reviewer") for r in reviews],
        batch_size=1000,
    )
    assessments = MarkerAssessment.objects.bulk_create(
        [
            MarkerAssessment(
                review=r,
                marker=m,
                rating=RATINGS[(r.pk + m.number) % 4],
                commentary="Commentary " * 20,
            )
            for r in reviews
            for m in markers
        ],
        batch_size=2000,
    )
    by_marker = {m.pk: m for m in markers}
    QuestionAnswer.objects.bulk_create(
        [
            QuestionAnswer(
                assessment=a,
                question=q,
                answer=ANSWERS[q.number % 4],
                note="A note on the evidence. " * 5,
            )
            for a in assessments
            for q in by_marker[a.marker_id].questions.all()
        ],
        batch_size=5000,
    )
    Evidence.objects.bulk_create(
        [
            Evidence(
                review=r,
                marker=markers[(r.pk + k) % 18],
                kind="note",
                title=f"Evidence {k}",
                description="Minutes of the panel meeting. " * 4,
                added_by=users["reviewer"],
                dated_on=today,
            )
            for r in reviews
            for k in range(evidence_per_review)
        ],
        batch_size=5000,
    )
    # One review with a heavy marker: many evidence items on the measured marker.
    heavy = reviews[0]
    Evidence.objects.bulk_create(
        [
            Evidence(
                review=heavy,
                marker=markers[big_marker - 1],
                kind="note",
                title=f"Heavy evidence {k}",
                added_by=users["reviewer"],
                dated_on=today,
            )
            for k in range(200)
        ]
    )
    findings = Finding.objects.bulk_create(
        [
            Finding(review=r, number=f + 1, text=f"Finding {f + 1}", explanation="Because.")
            for r in reviews
            for f in range(2)
        ],
        batch_size=5000,
    )
    Action.objects.bulk_create(
        [
            Action(
                review=f.review,
                finding=f,
                number=k + 1,
                text="Improve supervision.",
                lead_agency=agencies[(f.pk + k) % 8],
                lead_officer="Head of service",
                target_date=today + timedelta(days=(f.pk * 7 + k) % 200 - 60),
                status=["proposed", "agreed", "in_progress", "completed"][k % 4],
            )
            for f in findings
            for k in range(max(1, actions_per_review // 2))
        ],
        batch_size=5000,
    )
    return users, heavy


def measure(client: Client, url: str, repeats: int) -> tuple[int, float]:
    response = client.get(url)  # warm caches
    assert response.status_code == 200, f"{url}: {response.status_code}"
    # Count through an execute wrapper: it sees every query of the request, whatever the
    # request does to the connection (Django resets the debug query log at request start).
    executed = []
    with connection.execute_wrapper(lambda run, sql, *a: executed.append(sql) or run(sql, *a)):
        client.get(url)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        times.append((time.perf_counter() - start) * 1000)
    return len(executed), statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=1000)
    parser.add_argument("--evidence", type=int, default=20, help="evidence items per review")
    parser.add_argument("--actions", type=int, default=6, help="actions per review")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    users, heavy = build(args.reviews, args.evidence, args.actions, big_marker=13)
    built = time.perf_counter() - start
    counts = {
        "reviews": Review.objects.count(),
        "answers": QuestionAnswer.objects.count(),
        "evidence items": Evidence.objects.count(),
        "actions": Action.objects.count(),
    }
    pk = heavy.pk
    pages = [
        ("manager", "Home (dashboard)", "/"),
        ("manager", "Reviews list", "/reviews/"),
        ("manager", "Reviews list, filtered", "/reviews/?stage=running"),
        ("manager", "Reviews × markers grid", "/reviews/markers/"),
        ("manager", "Actions tracker", "/reviews/actions/"),
        ("manager", "Actions tracker, overdue", "/reviews/actions/?overdue=yes"),
        ("manager", "Actions CSV export", "/reviews/actions/export.csv"),
        ("manager", "Review overview", f"/reviews/{pk}/"),
        ("manager", "Review timeline", f"/reviews/{pk}/timeline/"),
        ("manager", "Review history", f"/reviews/{pk}/history/"),
        ("reviewer", "Markers task list", f"/reviews/{pk}/markers/"),
        ("reviewer", "Marker page (QM13, 200+ evidence)", f"/reviews/{pk}/markers/13/"),
        ("manager", "Review outcomes", f"/reviews/{pk}/outcomes/"),
        ("member", "Marker library", "/markers/"),
    ]
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(
        f"Database: {engine}. Built in {built:.1f} s: "
        + ", ".join(f"{v:,} {k}" for k, v in counts.items())
    )
    print(
        f"Median of {args.repeats} requests after one warm-up, Django test client, one process.\n"
    )
    print("| page | user | SQL queries | median ms |")
    print("| --- | --- | ---: | ---: |")
    clients = {}
    for username, label, url in pages:
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(users[username])
        queries, ms = measure(clients[username], url, args.repeats)
        print(f"| {label} | {username} | {queries} | {ms:.0f} |")


if __name__ == "__main__":
    main()
