"""Render a Django template to a tagged, paginated PDF with WeasyPrint.

Every printed document of the service goes through ``render_pdf``:

- A4, with a running header (the document's reference on the left, the protective marking
  OFFICIAL-SENSITIVE on the right) and "Page N of M" in the footer, from ``documents/pdf.css``;
- tagged as PDF/UA-1 (``pdf_variant``), with ``lang="en-GB"`` and the template's ``<title>``
  as the document title;
- a contents page whose page numbers come from ``target-counter`` on plain inline links
  (WeasyPrint 70 prints them as 0 for anchors inside ``display: flex``);
- PDF bookmarks from the headings (``h1``/``h2``/``h3``, or ``bookmark-level`` in the CSS);
- a URL fetcher that serves only the app's own static files and ``data:`` URLs, so a
  document can never make a network request, read another file, or leak that it was opened.

Templates extend ``documents/pdf/base.html``: fill ``title``, ``reference`` (the running
header) and ``content``; include ``documents/pdf/_contents.html`` with ``entries`` (a list of
``(anchor id, label, level)``) for a contents page. Layout is block layout (no tables for page
structure, no flex): it is several times faster in WeasyPrint.
"""

import gc
import hashlib
import re
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

PROTECTIVE_MARKING = "OFFICIAL-SENSITIVE"
PDF_CONTENT_TYPE = "application/pdf"
# A base URL that cannot be reached: relative links in a document resolve against it, and the
# fetcher below answers only for its static path.
BASE_URL = "https://scrqm.invalid/"
STYLESHEET = Path(__file__).with_name("pdf.css")

# Characters that have no place in a printed document: C0 controls other than tab, newline
# and carriage return, DEL and C1 controls. A pasted text full of them must not break a PDF.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def strip_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)


class StaticOnlyFetcher(URLFetcher):
    """Serves ``data:`` URLs and the app's own static files; refuses everything else."""

    def fetch(self, url, headers=None):
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        static_prefix = BASE_URL + settings.STATIC_URL.lstrip("/")
        if url.startswith(static_prefix):
            relative = unquote(urlsplit(url).path).removeprefix(urlsplit(static_prefix).path)
            path = finders.find(relative) if ".." not in relative.split("/") else None
            if path:
                return URLFetcherResponse(url, Path(path).read_bytes())
        raise ValueError(f"Documents may only use the app's static files, not {url[:100]}")


@lru_cache(maxsize=1)
def stylesheet() -> CSS:
    """The print stylesheet, parsed once per process."""
    return CSS(filename=str(STYLESHEET), url_fetcher=StaticOnlyFetcher())


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    pages: int


@contextmanager
def _collector_paused():
    """Python's cyclic garbage collector off while WeasyPrint works, then one pass over what
    it made. A render builds a few hundred thousand objects that live until it ends; with the
    collector on, they set off full collections of the whole process (two or three a summary,
    each traversing every object, 0.2 to 0.9 s of a 2 s render measured here). Nothing is
    freed later than otherwise: the pass at the end frees the render's cycles."""
    if not gc.isenabled():  # someone else has paused it: leave it to them
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect(0)  # the youngest generation: everything made since the pause


def _render(html: str) -> tuple[bytes, int]:
    options = {"stylesheets": [stylesheet()], "pdf_variant": "pdf/ua-1"}
    document = HTML(
        string=strip_control_characters(html),
        base_url=BASE_URL,
        url_fetcher=StaticOnlyFetcher(),
    ).render(**options)
    return document.write_pdf(**options), len(document.pages)


def html_to_pdf(html: str) -> RenderedPdf:
    with _collector_paused():
        content, pages = _render(html)  # the document is garbage once this returns
    return RenderedPdf(content, pages)


# PDFs of documents that are the same for everyone (the marker library, blank forms), by the
# SHA-256 of their HTML: rendered once per process while their text is unchanged.
_SHARED: OrderedDict[str, RenderedPdf] = OrderedDict()
SHARED_CACHE_SIZE = 16


def render_pdf(template_name: str, context: dict, *, shared: bool = False) -> RenderedPdf:
    """The template rendered to PDF (``.content`` the bytes, ``.pages`` the page count). The
    context gets ``protective_marking`` and ``service_name`` for the base template.
    ``shared``: the document holds nothing of any review, so an identical one rendered before
    in this process is reused."""
    context = {
        "protective_marking": PROTECTIVE_MARKING,
        "service_name": settings.SERVICE_NAME,
        **context,
    }
    html = render_to_string(template_name, context)
    if not shared:
        return html_to_pdf(html)
    key = hashlib.sha256(html.encode()).hexdigest()
    if key in _SHARED:
        _SHARED.move_to_end(key)
        return _SHARED[key]
    rendered = _SHARED[key] = html_to_pdf(html)
    while len(_SHARED) > SHARED_CACHE_SIZE:
        _SHARED.popitem(last=False)
    return rendered
