"""Making and keeping reports: a report is rendered only when the data it is made from has
changed since the last one of its kind; otherwise the stored file is served at once."""

import hashlib

from django.core.files.base import ContentFile
from django.utils import timezone

from documents.chart import overview_svg
from documents.models import GeneratedReport, ReportDownload
from documents.pdf import PDF_CONTENT_TYPE, render_pdf
from documents.summary import fingerprint, moment, person, summary_data

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CONTENT_TYPES = {
    GeneratedReport.Kind.QA_PDF: PDF_CONTENT_TYPE,
    GeneratedReport.Kind.QA_DOCX: DOCX_CONTENT_TYPE,
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
        {"data": data, "meta": meta, "contents": qa_contents(data), "chart": overview_svg(data)},
    )
    return rendered.content, rendered.pages


def qa_report(*, review, point, kind: str, by) -> GeneratedReport:
    """The stored report of this kind for the review (or point) as its data stands now:
    the existing one if nothing has changed, otherwise a new one rendered and stored."""
    data = summary_data(review, point)
    key = fingerprint({"kind": kind, "data": data})
    existing = (
        GeneratedReport.objects.filter(review=review, point=point, kind=kind, fingerprint=key)
        .select_related("review", "point", "generated_by")
        .first()
    )
    if existing is not None and existing.file.storage.exists(existing.file.name):
        return existing
    now = timezone.now()
    meta = {"generated_at": moment(now), "generated_by": person(by)}
    content, pages = render_qa_summary(data, meta, kind)
    report = GeneratedReport(
        review=review,
        point=point,
        kind=kind,
        content_type=CONTENT_TYPES[kind],
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        fingerprint=key,
        pages=pages,
        generated_by=by,
    )
    report.file.save(f"qa-summary{report.extension}", ContentFile(content), save=False)
    report._history_user = by
    report.save()
    return report


def record_download(report: GeneratedReport, by) -> ReportDownload:
    download = ReportDownload(report=report, by=by)
    download._history_user = by
    download.save()
    return download
