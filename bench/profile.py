"""Where a page's time goes: the main pages (or those whose name contains --only) requested
in-process on the benchmarks' data set, with their median time, and pyinstrument's profile of
one request of each (development only: pyinstrument is in the test extra).

    DATABASE_URL=postgres://.../bench_db .venv/bin/python bench/profile.py --reviews 1000 \\
        --boards 1 --only Tracker
    ... --reuse          # keep the data set an earlier run built in that database
    ... --html DIR       # also write each profile as an HTML page into DIR

A database named by DATABASE_URL must be empty or hold an earlier benchmark data set.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench import common  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=1000)
    parser.add_argument("--boards", type=int, default=1, help="150: the national spread")
    parser.add_argument("--only", default="", help="pages whose name contains this")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="keep a data set of this size")
    parser.add_argument("--html", type=Path, help="a directory for the profiles as HTML")
    parser.add_argument("--no-profile", action="store_true", help="only the timings")
    args = parser.parse_args()
    common.configure("profile")
    from pyinstrument import Profiler

    from bench import dataset

    built = dataset.recorded() or {}
    if args.reuse and (built.get("reviews"), built.get("boards")) == (args.reviews, args.boards):
        ds = dataset.load()
    else:
        ds = dataset.build(args.reviews, args.boards)
    clients = {}
    # CPU time too: on a machine shared with other work it moves far less than wall time.
    print("| page | SQL queries | median ms | median CPU ms | KB |")
    print("| --- | ---: | ---: | ---: | ---: |")
    profiles = []
    for page in dataset.pages(ds):
        if page.single or args.only.lower() not in page.label.lower():
            continue
        if page.role not in clients:
            clients[page.role] = dataset.signed_in_client(ds.users[page.role])
        client = clients[page.role]
        queries, ms, size = common.measure(client, page.url, args.repeats)
        cpu = []
        for _ in range(args.repeats):
            began = time.process_time()
            client.get(page.url)
            cpu.append((time.process_time() - began) * 1000)
        print(
            f"| {page.label} | {queries} | {ms:.0f} | {statistics.median(cpu):.0f} "
            f"| {size / 1024:.0f} |",
            flush=True,
        )
        if not args.no_profile:
            profiler = Profiler(interval=0.0005)
            with profiler:
                client.get(page.url)
            profiles.append((page, profiler))
    for page, profiler in profiles:
        print(f"\n## {page.label} ({page.url})\n")
        print(profiler.output_text(unicode=True, show_all=False))
        if args.html:
            args.html.mkdir(parents=True, exist_ok=True)
            name = "".join(c if c.isalnum() else "-" for c in page.label.lower())
            (args.html / f"{name}.html").write_text(profiler.output_html())


if __name__ == "__main__":
    main()
