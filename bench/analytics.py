"""The analytics page for a board of 1,000 reviews (target: under 150 ms) and, once built,
the annual-report pack for 200 reviews (target: under 5 s): SQL queries and median time.

    .venv/bin/python bench/analytics.py                   # SQLite file under var/bench/
    DATABASE_URL=postgres://... .venv/bin/python bench/analytics.py --reviews 1000

A database named by DATABASE_URL must be empty or hold an earlier benchmark data set:
it is emptied first.
"""

import argparse
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench import common  # noqa: E402

common.configure("analytics")

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import Agency, Board, Membership, User  # noqa: E402
from analytics.figures import reporting_year  # noqa: E402
from bench import dataset  # noqa: E402
from markers.models import Marker, MarkerSet  # noqa: E402
from reviews.models import (  # noqa: E402
    Action,
    Finding,
    MarkerAssessment,
    NotifiedChild,
    QuestionAnswer,
    Review,
    Theme,
)
from reviews.models.records import Notification  # noqa: E402

RATINGS = ["met", "partly_met", "not_met", "not_applicable", "not_started"]
ANSWERS = ["yes", "partly", "no", "not_known"]
KINDS = ["rapid", "lcspr", "lcspr", "scr"]


def build(n: int) -> tuple[User, int]:
    dataset.prepare()  # refuses a database holding anything but benchmark data
    marker_set = MarkerSet.objects.get(slug="scr-qm-lipp-2016")
    markers = list(Marker.objects.filter(marker_set=marker_set).prefetch_related("questions"))
    board = Board.objects.create(name="Bench Safeguarding Partnership", slug="bench")
    agencies = Agency.objects.bulk_create(
        [Agency(board=board, name=f"Agency {i}") for i in range(8)]
    )
    manager = User.objects.create_user("manager", password="bench-password-1")
    Membership.objects.create(user=manager, board=board, role=Membership.Role.BOARD_MANAGER)
    year = reporting_year(date.today()) - 1
    start = date(year, 4, 1)
    reviews = Review.objects.bulk_create(
        [
            Review(
                board=board,
                marker_set=marker_set,
                reference=f"SCR-{i:05d}",
                title=f"Child {i}",
                kind=KINDS[i % 4],
                stage="running",
                aware_on=start + timedelta(days=i % 360),
                notified_on=start + timedelta(days=i % 360 + i % 9),
                referral_on=start + timedelta(days=i % 360),
                decision_on=start + timedelta(days=i % 360 + 10 + i % 20),
                lead_reviewer_commissioned_on=start + timedelta(days=i % 360 + 30),
                report_received_on=start + timedelta(days=i % 360 + 150 + i % 90)
                if i % 3
                else None,
                published_on=start + timedelta(days=i % 360 + 260) if i % 5 == 0 else None,
            )
            for i in range(n)
        ],
        batch_size=500,
    )
    themes = list(Theme.objects.filter(board__isnull=True)[:10])
    Review.themes.through.objects.bulk_create(
        [Review.themes.through(review=r, theme=themes[r.pk % 10]) for r in reviews], batch_size=2000
    )
    assessments = MarkerAssessment.objects.bulk_create(
        [
            MarkerAssessment(review=r, marker=m, rating=RATINGS[(r.pk + m.number) % 5])
            for r in reviews
            for m in markers
        ],
        batch_size=2000,
    )
    by_marker = {m.pk: m for m in markers}
    QuestionAnswer.objects.bulk_create(
        [
            QuestionAnswer(assessment=a, question=q, answer=ANSWERS[(q.number + a.pk) % 4])
            for a in assessments
            for q in by_marker[a.marker_id].questions.all()
        ],
        batch_size=5000,
    )
    notifications = Notification.objects.bulk_create([Notification(review=r) for r in reviews])
    NotifiedChild.objects.bulk_create(
        [
            NotifiedChild(
                notification=nt,
                pseudonym=f"Child {nt.pk}",
                age_band=NotifiedChild.AgeBand.values[nt.pk % 6],
                sex=NotifiedChild.Sex.values[nt.pk % 3],
                ethnicity=["White British", "Mixed", "Asian British", "Black British"][nt.pk % 4],
                plan="none",
                harm=["died", "harmed"][nt.pk % 2],
                incident_type="abuse",
            )
            for nt in notifications
        ],
        batch_size=2000,
    )
    findings = Finding.objects.bulk_create(
        [Finding(review=r, number=1, text="Finding", explanation="Because.") for r in reviews],
        batch_size=2000,
    )
    Action.objects.bulk_create(
        [
            Action(
                review=f.review,
                finding=f,
                number=k + 1,
                text="Improve supervision.",
                lead_agency=agencies[(f.pk + k) % 8],
                target_date=date.today() + timedelta(days=(f.pk * 7 + k) % 200 - 100),
                status=["proposed", "agreed", "in_progress", "completed"][k % 4],
            )
            for f in findings
            for k in range(3)
        ],
        batch_size=5000,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would have done on a real database
    return manager, year


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--pack-reviews", type=int, default=200)
    args = parser.parse_args()
    began = time.perf_counter()
    manager, year = build(args.reviews)
    print(
        f"built {args.reviews} reviews in {time.perf_counter() - began:.1f} s "
        f"on {connection.vendor}"
    )
    client = Client()
    client.force_login(manager)
    url = reverse("analytics:page") + f"?year={year}"
    queries, ms, size = common.measure(client, url, args.repeats)
    print(f"{'page':<40} {'queries':>7} {'median ms':>10}")
    print(f"{url:<40} {queries:>7} {ms:>10.1f}   ({size // 1024} KB; target < 150 ms)")

    manager, year = build(args.pack_reviews)
    client = Client()
    client.force_login(manager)
    print(f"annual-report pack for {args.pack_reviews} reviews (target < 5 s):")
    for name in ("analytics:pack_pdf", "analytics:pack_xlsx"):
        url = reverse(name) + f"?year={year}"
        queries, ms, size = common.measure(client, url, 3)
        print(f"{url:<40} {queries:>7} {ms:>10.1f}   ({size // 1024} KB)")


if __name__ == "__main__":
    main()
