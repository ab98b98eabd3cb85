"""How long the quality-assurance summary takes: rendered, and served once stored.

Builds a fully assessed review in a throwaway database (18 markers, every question answered
with a note, 100 evidence items, 10 quality-assurance comments, 40 actions), then times

- rendering its summary (PDF, WeasyPrint): the first render of the process (it also loads the
  fonts and parses the stylesheet), then several more in the same process, as a long-lived
  gunicorn worker renders one document after another; target under 2 seconds;
- serving the stored summary through the download URL (the review unchanged); target under
  100 ms;
- rendering the Word version.

    .venv/bin/python bench/reports.py                 # SQLite file under var/bench/
    DATABASE_URL=postgres://... .venv/bin/python bench/reports.py

A database named by DATABASE_URL must be empty or hold an earlier benchmark data set:
it is emptied first.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench import common  # noqa: E402

os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="scrqm-bench-media-"))
common.configure("reports")

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench import dataset  # noqa: E402
from documents.models import GeneratedReport  # noqa: E402
from documents.services import render_qa_summary  # noqa: E402
from documents.summary import summary_data  # noqa: E402

RUNS = 5  # renders after the first


def build():
    from tests.conftest import make_cast
    from tests.documents_factories import assess_fully

    dataset.prepare()  # refuses a database holding anything but benchmark data
    cast = make_cast()
    assess_fully(
        cast.review, cast.reviewer, evidence=100, comments=10, actions=40, agency=cast.agency
    )
    return cast


def main():
    cast = build()
    review = cast.review
    meta = {"generated_at": "now", "generated_by": "bench"}
    renders, cpu, pages = [], [], 0
    load_before = os.getloadavg()[0]
    for _ in range(1 + RUNS):
        start, start_cpu = time.perf_counter(), time.process_time()
        data = summary_data(review)
        content, pages = render_qa_summary(data, meta, GeneratedReport.Kind.QA_PDF)
        renders.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    (first, *renders), (first_cpu, *cpu) = renders, cpu
    start = time.perf_counter()
    render_qa_summary(summary_data(review), meta, GeneratedReport.Kind.QA_DOCX)
    word = time.perf_counter() - start

    client = Client()
    client.force_login(cast.chair)
    url = reverse("documents:qa_summary", args=[review.pk, "pdf"])
    b"".join(client.get(url).streaming_content)  # renders and stores
    served, served_cpu = [], []
    for _ in range(10):
        with CaptureQueriesContext(connection) as queries:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            body = b"".join(response.streaming_content)
            served.append(time.perf_counter() - start)
            served_cpu.append(time.process_time() - start_cpu)
    assert GeneratedReport.objects.filter(kind=GeneratedReport.Kind.QA_PDF).count() == 1
    print(f"QA summary PDF: {pages} pages, {len(content) // 1024} KB")
    print(
        f"  load average (1 min) before and after: {load_before:.1f}, "
        f"{os.getloadavg()[0]:.1f} (2 cores)"
    )
    print(f"  first render of the process: {first:.2f} s (CPU {first_cpu:.2f} s)")
    print(
        f"  render (data + PDF) after the first, median of {RUNS}: "
        f"{statistics.median(renders):.2f} s wall, {statistics.median(cpu):.2f} s CPU "
        f"(min {min(renders):.2f} s wall, {min(cpu):.2f} s CPU; target < 2 s)"
    )
    print(
        f"  serve stored, median of 10: {statistics.median(served) * 1000:.0f} ms "
        f"(min {min(served) * 1000:.0f} ms, CPU {min(served_cpu) * 1000:.0f} ms, "
        f"{len(queries)} queries, {len(body) // 1024} KB; target < 100 ms)"
    )
    print(f"QA summary Word: {word:.2f} s")


if __name__ == "__main__":
    main()
