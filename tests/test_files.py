"""Upload checks: by content, not by name."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from reviews.files import safe_upload_to, sha256_of, validate_upload


def docx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


@pytest.mark.parametrize(
    "name,content,mime",
    [
        ("chronology.pdf", b"%PDF-1.7\n%...", "application/pdf"),
        (
            "Minutes.DOCX",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("notes.txt", "Practitioner event — notes\n".encode(), "text/plain"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "application/msword"),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "image/png"),
    ],
)
def test_it_accepts_allowed_types_by_content(name, content, mime):
    assert validate_upload(SimpleUploadedFile(name, content)) == mime


@pytest.mark.parametrize(
    "name,content,message",
    [
        (
            "report.pdf",
            b"MZ\x90\x00" + b"\0" * 300,
            "The file is not a PDF, although its name ends in .pdf: its content is that of a "
            ".exe file",
        ),
        (
            "report.pdf",
            b"\x7fELF" + b"\0" * 100,
            "The file is not a PDF, although its name ends in .pdf: its content is that of a "
            ".elf file",
        ),
        (
            "photo.jpg",
            b"MZ\x90\x00" + b"\0" * 300,
            "The file is not a JPEG image, although its name ends in .jpg",
        ),
        (
            "table.xlsx",
            b"PK\x03\x04" + b"\0" * 300,
            "The file is not an Excel workbook, although its name ends in .xlsx",
        ),
        (
            "script.txt",
            b"#!/bin/sh\x00\x01rm -rf /",
            "The file is not plain text, although its name ends in .txt",
        ),
        (
            "report.pdf",
            docx_bytes(),
            "The file is not a PDF, although its name ends in .pdf: it is a Word document. "
            "Rename it to end in .docx",
        ),
        (
            "report",
            docx_bytes(),
            "name ends in nothing, but it is a Word document: rename it to end in .docx",
        ),
        ("tool.exe", b"MZ\x90\x00" + b"\0" * 300, "must be a PDF, Word"),
        ("page.html", b"<html><script>alert(1)</script></html>", "must be a PDF, Word"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_it_refuses_disallowed_or_disguised_files(name, content, message):
    with pytest.raises(ValidationError) as err:
        validate_upload(SimpleUploadedFile(name, content))
    assert message in err.value.messages[0]


def test_it_refuses_a_file_over_the_limit(settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    with pytest.raises(ValidationError, match="smaller than 1.0"):
        validate_upload(SimpleUploadedFile("big.pdf", b"%PDF-" + b"x" * 2000))


def test_it_stores_under_a_random_name_never_the_users():
    class Evidence:
        review_id = 7

    path = safe_upload_to("evidence")(Evidence(), "../../etc/passwd Child R.PDF")
    assert path.startswith("evidence/7/") and path.endswith(".pdf")
    assert ".." not in path and "Child" not in path


def test_it_computes_sha256():
    f = io.BytesIO(b"abc")
    assert sha256_of(f) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
