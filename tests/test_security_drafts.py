"""Report drafts (issue 12, finding 1): text extraction is bounded, a draft is scanned once at
upload, a board manager can withdraw a draft, and a PDF past pypdf's limits is a form error."""

import io
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reviews import privacy
from reviews.models import Publication, ReportDraft, RestrictedTerm
from reviews.services import outcomes as services
from tests.outcomes_files import CONTENT_TYPES, RELS, W, make_docx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _upload(client, cast, name, data):
    url = reverse("reviews:report_draft_upload", args=[cast.review.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


def docx_with_one_run(chars: int) -> bytes:
    """A small .docx whose one text run unpacks to ``chars`` characters."""
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}">'
        f"<w:body><w:p><w:r><w:t>{'a' * chars}</w:t></w:r></w:p></w:body></w:document>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", document)
    return buf.getvalue()


def pdf_past_pypdf_limit(size=80_000_000) -> bytes:
    """A 78 KB PDF whose one content stream unpacks to 80 MB (pypdf stops at 75 MB)."""
    stream = zlib.compress(b"BT /F1 12 Tf 72 712 Td (x) Tj ET\n" + b" " * size, 9)
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1,
        xref,
    )
    return out


def test_a_small_docx_holding_a_huge_text_run_is_refused_with_a_message(cast, as_user):
    data = docx_with_one_run(60_000_000)
    assert len(data) < 200_000
    response = _upload(as_user(cast.manager), cast, "draft.docx", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "more text markup than can be checked" in page
    assert not ReportDraft.objects.exists()


def test_a_draft_with_more_characters_than_the_bound_is_refused(cast, as_user, settings):
    settings.REPORT_DRAFT_MAX_CHARS = 10_000
    response = _upload(as_user(cast.manager), cast, "draft.docx", docx_with_one_run(20_000))
    assert "more than 10,000 characters of text" in response.content.decode()
    assert not ReportDraft.objects.exists()


def test_the_archive_bound_holds_whatever_size_the_archive_declares():
    with pytest.raises(privacy.UnreadableDocument):
        privacy.docx_text(docx_with_one_run(5000), privacy.Bounds(xml_bytes=1024))


def test_a_pdf_past_pypdfs_decompression_limit_is_a_form_error(cast, as_user):
    response = _upload(as_user(cast.manager), cast, "draft.pdf", pdf_past_pypdf_limit())
    assert response.status_code == 200
    assert "more compressed data than can be checked" in response.content.decode()
    assert not ReportDraft.objects.exists()


def test_a_pdf_with_more_pages_than_the_bound_is_refused(cast, as_user, settings):
    from weasyprint import HTML

    settings.REPORT_DRAFT_MAX_PAGES = 1
    data = HTML(string="<p>One</p><p style='break-before: page'>Two</p>").write_pdf()
    response = _upload(as_user(cast.manager), cast, "draft.pdf", data)
    assert "more than 1 pages" in response.content.decode()


def test_a_draft_is_scanned_once_at_upload_not_on_every_page(cast, as_user, monkeypatch):
    RestrictedTerm.objects.create(review=cast.review, term="Jayden Smith")
    client = as_user(cast.manager)
    _upload(client, cast, "draft.docx", make_docx(["Jayden lived with his mother."]))
    draft = ReportDraft.objects.get()
    assert [h["matched"] for h in draft.hits] == ["Jayden"]
    scanned = []
    real_scan = privacy.scan

    def spy(terms, sources, *args, **kwargs):
        scanned.extend(s.key for s in sources)
        return real_scan(terms, sources, *args, **kwargs)

    monkeypatch.setattr(privacy, "scan", spy)
    for name in ("outcomes", "publication_edit", "privacy_check"):
        page = client.get(reverse(f"reviews:{name}", args=[cast.review.pk]))
        assert page.status_code == 200
    assert f"draft:{draft.pk}" not in scanned
    assert (
        "Jayden"
        in client.get(reverse("reviews:privacy_check", args=[cast.review.pk])).content.decode()
    )
    # A new restricted term: the draft is scanned again, once.
    RestrictedTerm.objects.create(review=cast.review, term="Elm Road")
    client.get(reverse("reviews:privacy_check", args=[cast.review.pk]))
    client.get(reverse("reviews:privacy_check", args=[cast.review.pk]))
    assert scanned.count(f"draft:{draft.pk}") == 1


def _huge_old_draft(cast, chars):
    draft = ReportDraft(
        review=cast.review,
        original_name="Old huge draft.docx",
        content_type="text/plain",
        size=5,
        sha256="0" * 64,
        text="a" * chars,
        uploaded_by=cast.manager,
    )
    draft.file.save("old.txt", ContentFile(b"hello"), save=True)
    return draft


def test_a_board_manager_withdraws_a_draft_too_long_to_check(cast, as_user, settings):
    settings.REPORT_DRAFT_MAX_CHARS = 1000
    draft = _huge_old_draft(cast, 5000)
    client = as_user(cast.manager)
    page = client.get(reverse("reviews:publication_edit", args=[cast.review.pk])).content.decode()
    assert "A report draft is too long to check" in page
    url = reverse("reviews:report_draft_withdraw", args=[cast.review.pk, draft.pk])
    assert as_user(cast.member).post(url).status_code == 403
    assert as_user(cast.reviewer).post(url).status_code == 403
    response = as_user(cast.manager).post(url)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.withdrawn_by == cast.manager and draft.withdrawn_at
    page = client.get(reverse("reviews:publication_edit", args=[cast.review.pk])).content.decode()
    assert "too long to check" not in page and "Withdrawn" in page


def test_a_draft_too_long_to_check_stops_the_report_being_marked_published(cast, as_user, settings):
    settings.REPORT_DRAFT_MAX_CHARS = 1000
    _huge_old_draft(cast, 5000)
    publication = Publication(review=cast.review, status=Publication.Status.PUBLISHED)
    with pytest.raises(ValidationError, match="too long to check"):
        services.publication_save(
            review=cast.review,
            publication=publication,
            sent_to_national_bodies_on=None,
            published_on=None,
        )
