"""Making and keeping reports: a report is rendered only when something it shows has changed
since the last one of its kind (``documents.freshness``); otherwise the stored file is served
at once, without gathering its data again."""

import hashlib

from django.core.files.base import ContentFile
from django.utils import timezone

from documents import freshness
from documents.chart import overview_chart
from documents.models import GeneratedReport, ReportDownload
from documents.pdf import PDF_CONTENT_TYPE, render_pdf
from documents.summary import fingerprint, moment, person, summary_data

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CONTENT_TYPES = {
    GeneratedReport.Kind.QA_PDF: PDF_CONTENT_TYPE,
    GeneratedReport.Kind.QA_DOCX: DOCX_CONTENT_TYPE,
    GeneratedReport.Kind.MARKER_PDF: PDF_CONTENT_TYPE,
}


def qa_contents(data: dict) -> list[tuple[str, str, int]]:
    entries = [("timescales", "Timescales", 1), ("overview", "Overview of the markers", 1)]
    for cluster in data["clusters"]:
        entries.append((f"cluster-{cluster['number']}", cluster["title"], 1))
        for m in cluster["markers"]:
            entries.append(
                (f"marker-{m['number']}", f"Quality Marker {m['number']}: {m['title']}", 2)
            )
    entries += [
        ("gaps", "Gaps", 1),
        ("decisions", "Decisions log", 1),
        ("findings", "Findings and actions", 1),
    ]
    return entries


def render_qa_summary(data: dict, meta: dict, kind: str) -> tuple[bytes, int | None]:
    """The summary's file (PDF or Word) and its page count (PDF only)."""
    if kind == GeneratedReport.Kind.QA_DOCX:
        from documents.docx import qa_summary_docx

        return qa_summary_docx(data, meta), None
    rendered = render_pdf(
        "documents/qa/summary.html",
        {
            "data": data,
            "meta": meta,
            "contents": qa_contents(data),
            "chart": overview_chart(data),
        },
    )
    return rendered.content, rendered.pages


def render_marker_page(data: dict, meta: dict) -> tuple[bytes, int]:
    """One marker of the review (``data`` narrowed to it by ``marker_data``) as a PDF."""
    rendered = render_pdf("documents/qa/marker.html", {"data": data, "meta": meta})
    return rendered.content, rendered.pages


def marker_data(data: dict, number: int) -> dict:
    """The summary's data with only one marker (and its cluster) left."""
    for cluster in data["clusters"]:
        for m in cluster["markers"]:
            if m["number"] == number:
                return {**data, "cluster": {**cluster, "markers": []}, "marker": m, "clusters": []}
    raise ValueError(f"No marker {number} in the summary")


def qa_report(*, review, point, kind: str, by, marker=None) -> GeneratedReport:
    """The stored report of this kind for the review (or point, or one marker) as it stands
    now: the existing one if nothing it shows has changed, otherwise a new one."""
    state = freshness.source(review, kind=kind, point=point, marker=marker)
    existing = (
        GeneratedReport.objects.filter(
            review=review, point=point, marker=marker, kind=kind, source=state
        )
        .select_related("review", "point", "marker", "generated_by")
        .defer("data")
        .first()
    )
    if existing is not None and existing.file.storage.exists(existing.file.name):
        return existing
    data = summary_data(review, point)
    if marker is not None:
        data = marker_data(data, marker.number)
    now = timezone.now()
    meta = {"generated_at": moment(now), "generated_by": person(by)}
    if kind == GeneratedReport.Kind.MARKER_PDF:
        content, pages = render_marker_page(data, meta)
    else:
        content, pages = render_qa_summary(data, meta, kind)
    report = GeneratedReport(
        review=review,
        point=point,
        marker=marker,
        kind=kind,
        content_type=CONTENT_TYPES[kind],
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        fingerprint=fingerprint(data),
        data=data,
        source=state,
        pages=pages,
        generated_by=by,
    )
    name = f"qm{marker.number}" if marker else "qa-summary"
    report.file.save(f"{name}{report.extension}", ContentFile(content), save=False)
    report._history_user = by
    report.save()
    return report


def record_download(report: GeneratedReport, by) -> ReportDownload:
    download = ReportDownload(report=report, by=by)
    download._history_user = by
    download.save()
    return download
