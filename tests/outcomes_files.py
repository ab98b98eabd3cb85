# ruff: noqa: E501
"""Real report drafts for tests: .docx files built with zipfile, PDFs made by WeasyPrint."""

import html
import zipfile
from io import BytesIO

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def make_docx(paragraphs: list[str], split_runs: bool = False) -> bytes:
    """A minimal, valid Word document. With split_runs each word is its own run, as Word
    often stores text after editing."""
    body = []
    for text in paragraphs:
        if split_runs:
            runs = "".join(
                f'<w:r><w:t xml:space="preserve">{html.escape(w)} </w:t></w:r>'
                for w in text.split(" ")
            )
        else:
            runs = f'<w:r><w:t xml:space="preserve">{html.escape(text)}</w:t></w:r>'
        body.append(f"<w:p>{runs}</w:p>")
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W}"><w:body>{"".join(body)}</w:body></w:document>'
    )
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", document)
    return buf.getvalue()


def make_pdf(paragraphs: list[str]) -> bytes:
    from weasyprint import HTML

    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return HTML(string=f"<html><body>{body}</body></html>").write_pdf()
