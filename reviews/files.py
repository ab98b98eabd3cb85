"""Uploaded files: checked by content, stored under safe names outside any web root, and
served only through views that have checked access, with their SHA-256 verified.

Used by evidence (markers) and report drafts (publication).
"""

import hashlib
import mimetypes
import uuid
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string

# Detected content type -> the file name endings allowed for it.
ALLOWED_TYPES: dict[str, tuple[str, ...]] = {
    "application/pdf": (".pdf",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (".pptx",),
    "application/vnd.oasis.opendocument.text": (".odt",),
    "application/vnd.oasis.opendocument.spreadsheet": (".ods",),
    "application/msword": (".doc",),
    "application/vnd.ms-excel": (".xls",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "text/plain": (".txt",),
    "text/csv": (".csv",),
}
ALLOWED_DESCRIPTION = "PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, plain text or CSV"

# Legacy Office files (.doc, .xls) are OLE compound documents with this signature.
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _sniff(head: bytes, suffix: str) -> str | None:
    """The content type the bytes show, or None when they match nothing we accept."""
    if head.startswith(_OLE_SIGNATURE):
        return "application/vnd.ms-excel" if suffix == ".xls" else "application/msword"
    kind = filetype.guess(head)
    if kind is not None:
        return kind.mime
    # Plain text has no signature: accept UTF-8 text with no control bytes.
    if suffix in (".txt", ".csv"):
        try:
            text = head.decode("utf-8")
        except UnicodeDecodeError:
            # The first bytes may end inside a multi-byte character.
            try:
                text = head[:-3].decode("utf-8")
            except UnicodeDecodeError:
                return None
        if any(ord(c) < 9 or 13 < ord(c) < 32 for c in text):
            return None
        return "text/csv" if suffix == ".csv" else "text/plain"
    return None


def validate_upload(upload: UploadedFile) -> str:
    """Check an uploaded file's size and content; return its detected content type.

    Raises ValidationError with a message for the user. The name alone is never trusted:
    an executable renamed to .pdf is refused because its bytes are not a PDF.
    """
    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            f"The selected file must be smaller than {filesizeformat(limit)}", code="too_big"
        )
    if upload.size == 0:
        raise ValidationError("The selected file is empty", code="empty")
    suffix = PurePath(upload.name or "").suffix.lower()
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    mime = _sniff(head, suffix)
    if mime in ALLOWED_TYPES and suffix in ALLOWED_TYPES[mime]:
        return mime
    if suffix in _NAMES:
        # The name promises a type the content does not have: say which, and what it is.
        if mime in ALLOWED_TYPES:
            found = f": it is {_NAMES[ALLOWED_TYPES[mime][0]]}"
            found += f". Rename it to end in {ALLOWED_TYPES[mime][0]}"
        else:
            guessed = filetype.guess(head)
            found = f": its content is that of a .{guessed.extension} file" if guessed else ""
        raise ValidationError(
            f"The file is not {_NAMES[suffix]}, although its name ends in {suffix}{found}",
            code="mismatch",
        )
    if mime in ALLOWED_TYPES:
        raise ValidationError(
            f"The selected file's name ends in {suffix or 'nothing'}, but it is "
            f"{_NAMES[ALLOWED_TYPES[mime][0]]}: rename it to end in {ALLOWED_TYPES[mime][0]}",
            code="mismatch",
        )
    raise ValidationError(f"The selected file must be a {ALLOWED_DESCRIPTION} file", code="type")


# What a file whose name ends in this is meant to be, in words.
_NAMES = {
    ".pdf": "a PDF",
    ".docx": "a Word document",
    ".doc": "a Word document",
    ".xlsx": "an Excel workbook",
    ".xls": "an Excel workbook",
    ".pptx": "a PowerPoint presentation",
    ".odt": "an OpenDocument text",
    ".ods": "an OpenDocument spreadsheet",
    ".png": "a PNG image",
    ".jpg": "a JPEG image",
    ".jpeg": "a JPEG image",
    ".txt": "plain text",
    ".csv": "a CSV file",
}


def sha256_of(fileobj) -> str:
    digest = hashlib.sha256()
    fileobj.seek(0)
    for chunk in iter(lambda: fileobj.read(1024 * 1024), b""):
        digest.update(chunk)
    fileobj.seek(0)
    return digest.hexdigest()


def store_upload(record, upload: UploadedFile, content_type: str, *, default_name: str):
    """Save a checked upload into ``record`` (a model with ``file``, ``original_name``,
    ``content_type``, ``size`` and ``sha256``), then the record itself."""
    record.original_name = (upload.name or default_name)[:255]
    record.content_type = content_type
    record.size = upload.size
    record.sha256 = sha256_of(upload)
    record.file.save(record.original_name, upload, save=False)
    record.save()
    return record


def safe_upload_to(folder: str):
    """An ``upload_to`` that stores files as <folder>/<review id>/<random>.<ext>: the user's
    file name is kept in the database only, never used as a path."""

    def upload_to(instance, filename: str) -> str:
        suffix = PurePath(filename).suffix.lower()[:10]
        review_id = getattr(instance, "review_id", None) or "misc"
        return f"{folder}/{review_id}/{uuid.uuid4().hex}{suffix}"

    upload_to.__qualname__ = f"upload_to_{folder}"
    return upload_to


def download_response(
    stored: FieldFile, *, download_name: str, expected_sha256: str, content_type: str = ""
) -> HttpResponse:
    """Serve a stored file as an attachment after checking it still has its recorded SHA-256."""
    with stored.open("rb") as fh:
        actual = sha256_of(fh)
    if actual != expected_sha256:
        html = render_to_string("errors/file_integrity.html", {"name": download_name})
        return HttpResponse(html, status=409)
    content_type = (
        content_type or mimetypes.guess_type(download_name)[0] or "application/octet-stream"
    )
    response = FileResponse(
        stored.open("rb"), as_attachment=True, filename=download_name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# Migrations refer to an ``upload_to`` by its import path, so each folder's function is a
# module-level name here (a closure made inside a models module could not be found again).
upload_to_evidence = safe_upload_to("evidence")
upload_to_report_drafts = safe_upload_to("report_drafts")
