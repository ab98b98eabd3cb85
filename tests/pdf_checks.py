"""What a reader of a PDF would check: its text, its contents page, its tagging."""

import io
import re

import pypdf


def reader(pdf: bytes) -> pypdf.PdfReader:
    assert pdf.startswith(b"%PDF-"), "not a PDF"
    return pypdf.PdfReader(io.BytesIO(pdf))


def text_of(pdf: bytes) -> str:
    """The document's text with runs of whitespace (line breaks, wrapping) as one space."""
    pages = [page.extract_text() or "" for page in reader(pdf).pages]
    return re.sub(r"\s+", " ", "\n".join(pages))


_ENTRY = re.compile(r"^\s*\S.*?\s{2,}(\d+)\s*$", re.MULTILINE)


def contents_numbers(pdf: bytes) -> list[int]:
    """The page numbers printed at the right of the entries of the contents, as a reader sees
    them: from the page headed "Contents", and the pages after it while they hold entries.
    (Text laid out as on the page: an entry is its title, a space and the number at the end
    of the same line.)"""
    numbers, started = [], False
    for page in reader(pdf).pages:
        text = page.extract_text(extraction_mode="layout") or ""
        if not started:
            started = re.search(r"^\s*Contents\s*$", text, re.MULTILINE) is not None
            if not started:
                continue
            text = re.split(r"^\s*Contents\s*$", text, maxsplit=1, flags=re.MULTILINE)[1]
        found = [int(n) for n in _ENTRY.findall(text)]
        if not found and numbers:
            break
        numbers += found
    return numbers


def assert_tagged(pdf: bytes, title: str) -> None:
    doc = reader(pdf)
    root = doc.trailer["/Root"]
    assert "/StructTreeRoot" in root, "no structure tree: the PDF is not tagged"
    assert root["/MarkInfo"]["/Marked"], "MarkInfo does not say the PDF is marked"
    assert root["/Lang"] == "en-GB"
    assert doc.metadata.title == title
    assert "pdfuaid" in doc.xmp_metadata.rdf_root.toxml(), "no PDF/UA identification"
