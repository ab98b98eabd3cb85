"""Page timings and SQL query counts at national scale, in-process (Django's test client).

Builds the benchmarks' data set (bench/dataset.py) and requests the main pages as the people
who use them: per page, the SQL queries and the median response time over a few requests.
bench/http_bench.py measures the same pages over HTTP behind gunicorn.

    .venv/bin/python bench/pages.py                      # SQLite file under var/bench/
    DATABASE_URL=postgres://.../bench_db .venv/bin/python bench/pages.py --reviews 3000

A database named by DATABASE_URL must be empty or hold an earlier benchmark data set.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench import common  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=1000)
    parser.add_argument("--boards", type=int, default=1, help="150: the national spread")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    common.configure("pages")
    from django.conf import settings

    from bench import dataset

    ds = dataset.build(args.reviews, args.boards)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(
        f"Database: {engine}. Built in {ds.seconds:.1f} s: "
        + ", ".join(f"{v:,} {k}" for k, v in ds.counts.items())
    )
    print(f"Median of {args.repeats} requests after one warm-up, Django test client.\n")
    print("| page | user | SQL queries | median ms |")
    print("| --- | --- | ---: | ---: |")
    clients = {}
    for page in dataset.pages(ds):
        if page.role not in clients:
            clients[page.role] = dataset.signed_in_client(ds.users[page.role])
        queries, ms, _ = common.measure(clients[page.role], page.url, args.repeats)
        print(f"| {page.label} | {page.role} | {queries} | {ms:.0f} |")


if __name__ == "__main__":
    main()
