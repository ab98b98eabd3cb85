"""The privacy check before publication (markers 14 and 17): find identifying details in text.

Pure functions, no database: a review's restricted list (names of the child and family
members, dates of birth, addresses, schools, an exact condition) is matched against the texts
that will be published, and every hit is listed with its context so that a board manager can
look at each one before the report goes out.

Matching is deliberately generous, because a missed name is far worse than a false alarm:
- case does not matter, and any run of spaces or line breaks matches a space;
- a possessive matches ("Jayden's", "Jayden’s", "Jones'");
- each part of a multi-word name matches on its own ("Jayden" and "Smith" for "Jayden Smith"),
  except very short parts and joining words ("de", "van");
- the initials of a multi-word name match, with or without full stops ("J.S.", "J. S.", "JS");
- a date matches in the usual ways of writing it (12/03/2015, 12.3.15, 12 March 2015...).
"""

import hashlib
import re
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from xml.etree import ElementTree

CONTEXT_CHARS = 60
# Parts shorter than this are not matched on their own ("Li" would match far too much).
MIN_PART_LENGTH = 3
JOINING_WORDS = {"de", "da", "del", "der", "van", "von", "la", "le", "st", "bin", "al", "and"}
_POSSESSIVE = r"(?:['’]s?)?"
_DATE_FORMATS = ["%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"]


@dataclass(frozen=True)
class Source:
    key: str  # stable identifier, e.g. "finding:12" or "draft:3"
    label: str  # what the user sees, e.g. "Finding 2"
    text: str


@dataclass(frozen=True)
class Hit:
    source_key: str
    source_label: str
    term: str
    matched: str
    start: int
    before: str
    after: str

    @property
    def context(self) -> str:
        return f"{self.before}{self.matched}{self.after}"

    @property
    def fingerprint(self) -> str:
        """Identifies this hit across scans: the same term in the same words of the same
        source keeps its acknowledgement; if the words around it change, it must be looked at
        again."""
        normal = " ".join(self.context.lower().split())
        raw = "\x1f".join([self.source_key, self.term.lower(), normal])
        return hashlib.sha256(raw.encode()).hexdigest()[:32]


def _flex(text: str) -> str:
    """A regex for literal text where any whitespace matches any run of whitespace."""
    return r"\s+".join(re.escape(part) for part in text.split())


def _parse_date(term: str) -> date | None:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(term.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _date_patterns(d: date) -> list[str]:
    day, month, year = d.day, d.month, d.year
    sep = r"\s*[/.\-]\s*"
    numeric = (
        rf"0?{day}{sep}0?{month}{sep}(?:{year}|{year % 100:02d})",
        rf"{year}{sep}0?{month}{sep}0?{day}",
    )
    long_month, short_month = d.strftime("%B"), d.strftime("%b")
    words = rf"0?{day}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{long_month}|{short_month}\.?)\s*,?\s+{year}"
    us_words = rf"(?:{long_month}|{short_month}\.?)\s+0?{day}(?:st|nd|rd|th)?\s*,?\s+{year}"
    return [rf"(?<![\d]){p}(?![\d])" for p in (*numeric, words, us_words)]


def _name_parts(term: str) -> list[str]:
    words = re.findall(r"[^\W\d_][\w'’\-]*", term)
    return [w for w in words if len(w) >= MIN_PART_LENGTH and w.lower() not in JOINING_WORDS]


def _initials_pattern(term: str) -> str | None:
    words = [w for w in re.findall(r"[^\W\d_]+", term) if w.lower() not in JOINING_WORDS]
    if len(words) < 2 or any(not w[0].isalpha() for w in words):
        return None
    letters = [w[0].upper() for w in words]
    dotted = r"\.?\s?".join(re.escape(c) for c in letters) + r"\.?"
    # Initials are matched in capitals only: "js" in running text is rarely a person.
    return rf"(?-i:\b{dotted})(?![\w])"


def patterns_for(term: str) -> list[re.Pattern]:
    """Every way this restricted term may appear, as compiled case-insensitive patterns.

    The whole term comes first, so that it wins over its parts where they overlap.
    """
    term = term.strip()
    if not term:
        return []
    found: list[str] = []
    parsed = _parse_date(term)
    if parsed is not None:
        found.extend(_date_patterns(parsed))
    found.append(rf"(?<!\w){_flex(term)}{_POSSESSIVE}(?!\w)")
    # Addresses and schools with numbers are matched whole; names also by part and initials.
    if parsed is None and len(term.split()) > 1 and not re.search(r"\d", term):
        for part in _name_parts(term):
            found.append(rf"(?<!\w){re.escape(part)}{_POSSESSIVE}(?!\w)")
        initials = _initials_pattern(term)
        if initials:
            found.append(initials)
    return [re.compile(p, re.IGNORECASE) for p in found]


# Characters nobody sees that split a name for a matcher: soft hyphen, zero-width space,
# joiners, word joiner, byte-order mark, Mongolian vowel separator.
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200d\u2060\ufeff]")
# A word broken across lines by a hyphen, as PDF text extraction gives it: "Jay-\nden"
# (with an ASCII hyphen, Unicode's hyphen or non-breaking hyphen).
_LINE_HYPHEN = re.compile(r"(?<=\w)[-\u2010\u2011][ \t]*\r?\n[ \t]*(?=\w)")


def without_invisible(text: str) -> str:
    return _INVISIBLE.sub("", text)


def readings(text: str) -> list[tuple[str, list[int] | None]]:
    """The ways a text is matched: without invisible characters; and, if it has words broken
    across lines, with them joined again, with the places they were joined (only matches
    across such a place count from that reading). A double-barrelled name broken at its own
    hyphen still matches in the first reading."""
    plain = without_invisible(text)
    joins, parts, pos, removed = [], [], 0, 0
    for m in _LINE_HYPHEN.finditer(plain):
        parts.append(plain[pos : m.start()])
        joins.append(m.start() - removed)
        removed += m.end() - m.start()
        pos = m.end()
    if not joins:
        return [(plain, None)]
    return [(plain, None), ("".join(parts) + plain[pos:], joins)]


def scan(terms: list[str], sources: list[Source], context: int = CONTEXT_CHARS) -> list[Hit]:
    """Every place where a restricted term (or a variant) appears in the sources.

    Overlapping matches of the same term are reported once (the longest, earliest); two
    different terms found at the same place are both reported.
    """
    hits: list[Hit] = []
    compiled = [(term.strip(), patterns_for(term)) for term in terms if term.strip()]
    for source, (text, joins) in ((s, r) for s in sources for r in readings(s.text or "")):
        for term, patterns in compiled:
            taken: list[tuple[int, int]] = []
            for pattern in patterns:
                for m in pattern.finditer(text):
                    if any(m.start() < end and start < m.end() for start, end in taken):
                        continue
                    if joins is not None and not any(m.start() < j < m.end() for j in joins):
                        continue  # found in the first reading already
                    taken.append((m.start(), m.end()))
                    hit = Hit(
                        source_key=source.key,
                        source_label=source.label,
                        term=term,
                        matched=m.group(0),
                        start=m.start(),
                        before=_before(text, m.start(), context),
                        after=_after(text, m.end(), context),
                    )
                    hits.append(hit)
    order = {s.key: i for i, s in enumerate(sources)}
    hits.sort(key=lambda h: (order[h.source_key], h.start, h.term))
    return hits


REDACTED = "[restricted]"


def redactor(terms: list[str]) -> Callable[[str], str]:
    """A function returning its text with every match of a restricted term (as ``scan`` finds
    them) replaced by ``REDACTED``: for text leaving the service, such as exports. The patterns
    are compiled once, for many texts."""
    patterns = [p for term in terms for p in patterns_for(term)]

    def redact(text: str) -> str:
        if not text or not patterns:
            return text
        text = without_invisible(text)
        spans = sorted((m.start(), m.end()) for p in patterns for m in p.finditer(text))
        out, pos = [], 0
        for start, end in spans:
            if end <= pos:
                continue
            if start >= pos:
                out += [text[pos:start], REDACTED]
            pos = end
        out.append(text[pos:])
        return "".join(out)

    return redact


def _before(text: str, start: int, size: int) -> str:
    """Up to ``size`` characters before ``start``, without a cut word at the far end."""
    if start <= size:
        return text[:start]
    window = text[start - size : start]
    return window.split(" ", 1)[1] if " " in window else window


def _after(text: str, end: int, size: int) -> str:
    if end + size >= len(text):
        return text[end:]
    window = text[end : end + size]
    return window.rsplit(" ", 1)[0] if " " in window else window


# --- Text of uploaded report drafts ---------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class UnreadableDocument(ValueError):
    """The file's text cannot be read, so it cannot be checked."""


@dataclass(frozen=True)
class Bounds:
    """How much of an uploaded draft is read: XML bytes out of the archive (a small .docx can
    hold hundreds of MB of compressed text), characters kept, PDF pages, and seconds."""

    xml_bytes: int = 50 * 1024 * 1024
    chars: int = 2_000_000
    pages: int = 1000
    seconds: float = 20.0


def _too_long(bounds: Bounds) -> UnreadableDocument:
    return UnreadableDocument(
        f"The draft has more than {bounds.chars:,} characters of text, too many to check: "
        "split it into parts"
    )


def _read_part(archive: zipfile.ZipFile, name: str, bounds: Bounds) -> bytes:
    """One archive member, never more than the bound however large it says it is."""
    with archive.open(name) as member:
        data = member.read(bounds.xml_bytes + 1)
    if len(data) > bounds.xml_bytes:
        raise UnreadableDocument(
            "The Word document holds more text markup than can be checked "
            f"(over {bounds.xml_bytes // (1024 * 1024)} MB): split it into parts"
        )
    return data


def docx_text(data: bytes, bounds: Bounds | None = None) -> str:
    """The text of a Word document: paragraphs of word/document.xml, headers, footers and
    notes, one paragraph a line. Uses only the standard library; reads within ``bounds``."""
    bounds = bounds or Bounds()
    total = 0
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = archive.namelist()
            parts = ["word/document.xml"] + sorted(
                n
                for n in names
                if re.fullmatch(r"word/(header|footer)\d*\.xml|word/(foot|end)notes\.xml", n)
            )
            paragraphs: list[str] = []
            for name in parts:
                if name not in names:
                    raise UnreadableDocument("The Word document has no text part")
                xml = _read_part(archive, name, bounds)
                root = ElementTree.fromstring(xml)  # noqa: S314 - no DTDs in docx
                for p in root.iter(f"{_W}p"):
                    bits = []
                    for node in p.iter():
                        if node.tag == f"{_W}t" and node.text:
                            bits.append(node.text)
                        elif node.tag in (f"{_W}tab",):
                            bits.append("\t")
                        elif node.tag in (f"{_W}br", f"{_W}cr"):
                            bits.append("\n")
                    paragraph = "".join(bits)
                    total += len(paragraph) + 1
                    if total > bounds.chars:
                        raise _too_long(bounds)
                    paragraphs.append(paragraph)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ElementTree.ParseError, KeyError) as exc:
        raise UnreadableDocument("The Word document could not be read") from exc
    return "\n".join(paragraphs)


def pdf_text(data: bytes, bounds: Bounds | None = None) -> str:
    """The text of a PDF, page by page, within ``bounds``. pypdf's own decompression limit
    (LimitReachedError) and any other failure to read the file are UnreadableDocument."""
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError

    bounds = bounds or Bounds()
    started = time.monotonic()
    texts: list[str] = []
    total = 0
    try:
        reader = PdfReader(BytesIO(data))
        if len(reader.pages) > bounds.pages:
            raise UnreadableDocument(
                f"The PDF has more than {bounds.pages:,} pages, too many to check: "
                "split it into parts"
            )
        for page in reader.pages:
            text = page.extract_text() or ""
            total += len(text) + 1
            if total > bounds.chars:
                raise _too_long(bounds)
            if time.monotonic() - started > bounds.seconds:
                raise UnreadableDocument(
                    "Reading the PDF's text took too long to finish: save it again as a "
                    "simpler PDF, or upload the Word document"
                )
            texts.append(text)
    except UnreadableDocument:
        raise
    except LimitReachedError as exc:
        raise UnreadableDocument(
            "The PDF holds more compressed data than can be checked: save it again as a "
            "simpler PDF, or upload the Word document"
        ) from exc
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on malformed files
        raise UnreadableDocument("The PDF could not be read") from exc
    return "\n".join(texts)


def document_text(data: bytes, content_type: str, bounds: Bounds | None = None) -> str:
    """The text of a .docx or .pdf file; UnreadableDocument for anything else."""
    bounds = bounds or Bounds()
    if content_type == "application/pdf":
        return pdf_text(data, bounds)
    if content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
        return docx_text(data, bounds)
    if content_type == "text/plain":
        text = data.decode("utf-8", errors="replace")
        if len(text) > bounds.chars:
            raise _too_long(bounds)
        return text
    raise UnreadableDocument("Only Word (.docx), PDF and plain text drafts can be checked")
