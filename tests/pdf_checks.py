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


def contents_numbers(pdf: bytes) -> list[int]:
    """The page numbers printed on the contents page(s), after the leader dots."""
    text = "\n".join(page.extract_text() or "" for page in reader(pdf).pages)
    return [int(n) for n in re.findall(r"\.{3,}\s*(\d+)", text)]


def assert_tagged(pdf: bytes, title: str) -> None:
    doc = reader(pdf)
    root = doc.trailer["/Root"]
    assert "/StructTreeRoot" in root, "no structure tree: the PDF is not tagged"
    assert root["/MarkInfo"]["/Marked"], "MarkInfo does not say the PDF is marked"
    assert root["/Lang"] == "en-GB"
    assert doc.metadata.title == title
    assert "pdfuaid" in doc.xmp_metadata.rdf_root.toxml(), "no PDF/UA identification"
