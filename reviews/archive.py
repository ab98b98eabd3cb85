"""A review's whole file as one .zip, and back: for boards that merge or change system, and
for retention.

The archive holds ``review.json`` (every record of the review, the history of each, the
people and agencies it names, the marker set it was assessed against), every stored file
(evidence versions, report drafts, generated reports) under ``files/``, a ``README.txt``, and
``manifest.sha256``: the SHA-256 of every other member, in ``sha256sum -c`` form.

Records are named in the archive by keys (``reviews.finding:2``), never by database ids:
each kind's records (and removed records its history still shows) are numbered in id order.
An import creates them in that order, so exporting an imported review gives the same
document again. People are named by e-mail and name, agencies and themes by name, markers
and questions by their numbers.

An import checks everything before writing anything (members, sizes, checksums, format,
marker set, that the board has no review with that reference) and then creates the review
and all it holds in one transaction. It never changes an existing record.
"""

import hashlib
import io
import json
import re
import tempfile
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import PurePath
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone

from accounts.models import Agency, Board, User
from documents.models import GeneratedReport, ReportDownload
from markers.models import Marker, MarkerSet, Question
from reviews import deadlines
from reviews.models import (
    Action,
    ActionUpdate,
    AgencyContribution,
    ArchiveEvent,
    AssessmentPoint,
    BoardResponse,
    Decision,
    Delay,
    DisclosableMaterial,
    Evidence,
    EvidenceFile,
    Finding,
    InvolvementRecord,
    MarkerAssessment,
    MarkerComment,
    Notification,
    NotifiedChild,
    ParallelProcess,
    PractitionerEvent,
    PrivacyAcknowledgement,
    Publication,
    QuestionAnswer,
    RapidReview,
    Referral,
    ReportDraft,
    RestrictedTerm,
    Review,
    ReviewRole,
    StageMove,
    TermsOfReference,
    Theme,
)

FORMAT = 1
DOCUMENT, MANIFEST, README = "review.json", "manifest.sha256", "README.txt"
FILE_NAME = re.compile(r"^files/[a-z]+\.[a-z]+/\d{1,9}(\.[a-z0-9]{1,9})?$")

# What an archive holds, parents before children: (model, its link to the review). The link
# is "id" for the review, "review" for its records, or the field to an earlier kind.
PARTS: list[tuple[type[models.Model], str]] = [
    (Review, "id"),
    (ReviewRole, "review"),
    (StageMove, "review"),
    (Referral, "review"),
    (Notification, "review"),
    (NotifiedChild, "notification"),
    (RapidReview, "review"),
    (Decision, "review"),
    (TermsOfReference, "review"),
    (ParallelProcess, "review"),
    (DisclosableMaterial, "review"),
    (PractitionerEvent, "review"),
    (InvolvementRecord, "review"),
    (AgencyContribution, "review"),
    (Delay, "review"),
    (MarkerAssessment, "review"),
    (QuestionAnswer, "assessment"),
    (Evidence, "review"),
    (EvidenceFile, "evidence"),
    (AssessmentPoint, "review"),
    (MarkerComment, "review"),
    (Finding, "review"),
    (Action, "review"),
    (ActionUpdate, "action"),
    (BoardResponse, "review"),
    (Publication, "review"),
    (RestrictedTerm, "review"),
    (ReportDraft, "review"),
    (PrivacyAcknowledgement, "review"),
    (GeneratedReport, "review"),
    (ReportDownload, "report"),
]
# Kinds that point at a review but are the installation's, not the review's: never exported.
LEFT_OUT = {
    "accesslog.accessentry": "the installation's log of who read what",
    "reviews.archiveevent": "the installation's record of its own exports and imports",
    "reviews.deadline": "worked out again from the records by the import",
}
LABELS = {m._meta.label_lower: m for m, _ in PARTS}
# Fields never in the archive: the review's board (and its copy on each action, set again from
# the importing review) and the link to another review.
SKIP = {(Review, "board"), (Action, "board"), (Review, "converted_from")}


class ArchiveError(Exception):
    """An archive refused, with a message for the person importing it."""


def max_bytes() -> int:
    return settings.ARCHIVE_MAX_MB * 1024 * 1024


MAX_MEMBERS = 50_000
MAX_DOCUMENT = 200 * 1024 * 1024


def marker_set_fingerprint(marker_set: MarkerSet) -> str:
    """SHA-256 of the markers' numbers and titles and the questions' numbers and texts: what
    answers and evidence are attached to. Two installations with the same set agree."""
    rows = [
        [m.number, m.title, [[q.number, q.text] for q in m.questions.all()]]
        for m in marker_set.markers.prefetch_related("questions").order_by("number")
    ]
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _history(model):
    return getattr(model, "history", None)


# --- Export ----------------------------------------------------------------------------------


@dataclass
class _Keys:
    """Archive keys of records, people, agencies and files, found while exporting."""

    records: dict[type, dict[int, str]] = field(default_factory=dict)
    users: dict[int, str] = field(default_factory=dict)
    people: list[dict] = field(default_factory=list)
    agencies: dict[int, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # stored name -> archive name
    questions: dict[int, str] = field(default_factory=dict)  # id -> "3.1"
    markers: dict[int, int] = field(default_factory=dict)  # id -> number
    used_agencies: set[str] = field(default_factory=set)

    def agency(self, pk):
        if pk is None:
            return None
        name = self.agencies[pk]
        self.used_agencies.add(name)
        return name

    def user(self, pk):
        if pk is None:
            return None
        if pk not in self.users:
            u = User.objects.get(pk=pk)
            key = f"person:{len(self.people) + 1}"
            self.users[pk] = key
            self.people.append(
                {"key": key, "first_name": u.first_name, "last_name": u.last_name, "email": u.email}
            )
        return self.users[pk]


def _out(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _fields(model, obj, keys: _Keys) -> dict:
    """A record's (or a history row's) fields, with links as archive keys and names."""
    out = {}
    for f in model._meta.concrete_fields:
        if f.primary_key or (model, f.name) in SKIP:
            continue
        if isinstance(f, models.ForeignKey) and f.related_model is Review:
            continue  # the review itself: implied
        if f.attname not in obj.__dict__:
            continue  # left out of the history (excluded_fields)
        value = getattr(obj, f.attname)
        if isinstance(f, models.ForeignKey):
            target = f.related_model
            if value is None:
                pass
            elif target is User:
                value = keys.user(value)
            elif target is Agency:
                value = keys.agency(value)
            elif target is Marker:
                value = keys.markers[value]
            elif target is Question:
                value = keys.questions[value]
            elif target is MarkerSet:
                value = None  # the document's marker_set
            else:
                value = keys.records[target][value]
        elif isinstance(f, models.FileField):
            value = keys.files.get(str(value), "") if value else ""
        out[f.name] = _out(value)
    return out


def export_review(review: Review, *, by) -> tuple[tempfile.SpooledTemporaryFile, str, int]:
    """The review's archive (a file object at its start), its SHA-256 and size. The export is
    recorded (``ArchiveEvent``) and so shown in the review's history."""
    keys = _Keys()
    keys.agencies = dict(Agency.objects.filter(board=review.board).values_list("id", "name"))
    keys.markers = dict(review.marker_set.markers.values_list("id", "number"))
    keys.questions = {
        q.pk: f"{q.marker.number}.{q.number}"
        for q in Question.objects.filter(marker__marker_set=review.marker_set).select_related(
            "marker"
        )
    }
    doc_records, doc_history, members = {}, {}, {}
    ids: dict[type, set[int]] = {}
    for model, link in PARTS:
        live, hist = _rows_of(model, link, review, ids)
        ids[model] = {o.pk for o in live} | {h.id for h in hist}
        label = model._meta.label_lower
        numbering = {pk: f"{label}:{i}" for i, pk in enumerate(sorted(ids[model]), 1)}
        keys.records[model] = numbering
        file_fields = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        for obj in live:
            for f in file_fields:
                stored = getattr(obj, f.name)
                suffix = PurePath(stored.name).suffix.lower()[:10]
                archive_name = f"files/{label}/{numbering[obj.pk].rsplit(':', 1)[1]}{suffix}"
                try:
                    with stored.open("rb") as fh:
                        data = fh.read()
                except OSError as e:
                    raise ArchiveError(
                        f"The stored file of {model._meta.verbose_name} “{obj}” is missing: "
                        "the review cannot be exported whole"
                    ) from e
                if getattr(obj, "sha256", _sha(data)) != _sha(data):
                    raise ArchiveError(
                        f"The stored file of {model._meta.verbose_name} “{obj}” has changed "
                        "since it was uploaded (its SHA-256 differs): it cannot be exported"
                    )
                members[archive_name] = data
                keys.files[stored.name] = archive_name
        rows = []
        for obj in live:
            row = {"key": numbering[obj.pk], "fields": _fields(model, obj, keys)}
            if model is Review:
                row["themes"] = _themes(obj.themes.all())
            if model is Evidence:
                row["questions"] = sorted(keys.questions[q.pk] for q in obj.questions.all())
            rows.append(row)
        doc_records[label] = rows
        if _history(model) is not None:
            doc_history[label] = [_history_row(model, h, keys, numbering) for h in hist]
            if model is Review:
                chosen = _history_themes()
                for row, h in zip(doc_history[label], hist, strict=True):
                    row["themes"] = _themes(
                        Theme.objects.filter(
                            pk__in=chosen.filter(history_id=h.history_id).values("theme_id")
                        )
                    )
    document = {
        "format": FORMAT,
        "service": settings.SERVICE_NAME,
        "exported_at": timezone.now().isoformat(),
        "source": {"site": settings.SITE_URL, "board": review.board.name, "review_id": review.pk},
        "marker_set": {
            "slug": review.marker_set.slug,
            "name": review.marker_set.name,
            "fingerprint": marker_set_fingerprint(review.marker_set),
        },
        "review": {"reference": review.reference, "title": review.title},
        "people": keys.people,
        "agencies": sorted(keys.used_agencies),
        "records": doc_records,
        "history": doc_history,
    }
    members[DOCUMENT] = json.dumps(document, ensure_ascii=False, indent=1).encode()
    members[README] = _readme(review, document).encode()
    manifest = "".join(f"{_sha(data)}  {name}\n" for name, data in sorted(members.items()))
    out = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)  # noqa: SIM115 - returned
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(README, members.pop(README))
        zf.writestr(DOCUMENT, members.pop(DOCUMENT))
        for name, data in sorted(members.items()):
            zf.writestr(name, data)
        zf.writestr(MANIFEST, manifest)
    size = out.tell()
    out.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: out.read(1024 * 1024), b""):
        digest.update(chunk)
    out.seek(0)
    _record(
        review=review,
        kind=ArchiveEvent.Kind.EXPORTED,
        by=by,
        sha256=digest.hexdigest(),
        size=size,
    )
    return out, digest.hexdigest(), size


def _record(**fields) -> ArchiveEvent:
    event = ArchiveEvent(**fields)
    event._history_user = fields["by"]  # outside a request too (the commands)
    event.save()
    return event


def _rows_of(model, link, review, ids):
    """The live records of this kind, and every history row of it (removed records too)."""
    if link == "id":
        live = model.objects.filter(pk=review.pk)
    elif link == "review":
        live = model.objects.filter(review=review)
    else:
        parent = model._meta.get_field(link).related_model
        live = model.objects.filter(**{f"{link}_id__in": ids[parent]})
    live = list(live.order_by("pk"))
    hist = []
    if _history(model) is not None:
        rows = model.history.all()
        if link == "id":
            rows = rows.filter(id=review.pk)
        elif link == "review":
            rows = rows.filter(review_id=review.pk)
        else:
            rows = rows.filter(**{f"{link}_id__in": ids[parent]})
        hist = list(rows.order_by("history_date", "history_id"))
    return live, hist


def _history_row(model, h, keys: _Keys, numbering) -> dict:
    return {
        "key": numbering[h.id],
        "history_date": h.history_date.isoformat(),
        "history_type": h.history_type,
        "history_change_reason": h.history_change_reason,
        "history_user": keys.user(h.history_user_id),
        "fields": _fields(model, h, keys),
    }


def _history_themes():
    """The themes of each version of a review (django-simple-history's m2m table)."""
    field = Review.history.model._meta.get_field("historicalreview_themes")
    return field.related_model.objects.all()


def _themes(themes) -> list[dict]:
    return sorted(
        ({"name": t.name, "national": t.board_id is None} for t in themes),
        key=lambda t: (t["name"], t["national"]),
    )


def _readme(review, document) -> str:
    counts = "\n".join(
        f"  {len(rows):5d}  {LABELS[label]._meta.verbose_name_plural}"
        for label, rows in document["records"].items()
        if rows
    )
    return f"""The whole file of review {review.reference} "{review.title}"
exported from {settings.SERVICE_NAME} ({settings.SITE_URL}), board {review.board.name},
on {document["exported_at"]}.

This archive holds restricted case information (family members' names, restricted details,
evidence files). Keep it as carefully as the case file itself.

  review.json      every record of the review and the history of each (format {FORMAT}),
                   the people and agencies it names, the marker set it was assessed against
                   ({document["marker_set"]["name"]})
  files/           every evidence file version, report draft and generated report
  manifest.sha256  the SHA-256 of every other file here; check with: sha256sum -c manifest.sha256

Records in this archive:
{counts}

To bring the review into another installation: an administrator's "Import a review" page,
or: manage.py import_review <this file> --board <board slug>
"""


# --- Import ----------------------------------------------------------------------------------


@dataclass
class Imported:
    review: Review
    matched: list[str]  # people found by e-mail
    placeholders: list[str]  # people created as named placeholders
    records: int
    files: int


def read_archive(fileobj) -> tuple[dict, dict[str, bytes]]:
    """The document and the files of an archive, after every check; ArchiveError if any
    fails. Reads at most ``ARCHIVE_MAX_MB`` however large the members claim to be."""
    try:
        zf = zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise ArchiveError("The file is not a .zip archive, or it is damaged") from e
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise ArchiveError(f"The archive holds more than {MAX_MEMBERS} files")
        names = [i.filename for i in infos]
        if len(set(names)) != len(names):
            raise ArchiveError("The archive holds two files with the same name: it was changed")
        for name in names:
            if name not in (DOCUMENT, MANIFEST, README) and not FILE_NAME.match(name):
                raise ArchiveError(
                    f"The archive holds a file this service does not write ({name[:80]!r}): "
                    "it was changed, or it is not a review archive"
                )
        if MANIFEST not in names or DOCUMENT not in names:
            raise ArchiveError("The archive has no review.json or manifest.sha256")
        if any(i.flag_bits & 0x1 for i in infos):
            raise ArchiveError("The archive is encrypted")
        budget = [max_bytes()]
        data = {i.filename: _read(zf, i, budget) for i in infos}
    try:
        listed = {}
        for line in data.pop(MANIFEST).decode().splitlines():
            digest, name = line.split("  ", 1)
            listed[name] = digest
    except (UnicodeDecodeError, ValueError) as e:
        raise ArchiveError("The archive's manifest.sha256 cannot be read") from e
    if set(listed) != set(data):
        raise ArchiveError(
            "The archive's files and its manifest.sha256 do not match: files were added or removed"
        )
    bad = sorted(name for name, content in data.items() if _sha(content) != listed[name])
    if bad:
        raise ArchiveError(
            f"The archive is damaged or was changed: the SHA-256 of {', '.join(bad[:5])} "
            "differs from its manifest"
        )
    try:
        document = json.loads(data.pop(DOCUMENT))
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        raise ArchiveError("The archive's review.json cannot be read") from e
    if not isinstance(document, dict) or not isinstance(document.get("format"), int):
        raise ArchiveError("The archive's review.json is not a review archive of this service")
    if document["format"] > FORMAT:
        raise ArchiveError(
            f"The archive was made by a newer version of the service (format "
            f"{document['format']}; this one reads format {FORMAT} and older): update first"
        )
    data.pop(README, None)
    return document, data


def _read(zf, info, budget) -> bytes:
    limit = MAX_DOCUMENT if info.filename == DOCUMENT else budget[0]
    if info.file_size > limit:
        raise ArchiveError(f"The archive is larger than {max_bytes() // 2**20} MB unpacked")
    out = io.BytesIO()
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(1024 * 1024):
                out.write(chunk)
                # Declared sizes can lie (a zip bomb): what is unpacked is counted.
                if out.tell() > info.file_size or out.tell() > limit:
                    raise ArchiveError(
                        f"The archive is larger than {max_bytes() // 2**20} MB unpacked, or "
                        "it is damaged"
                    )
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as e:
        raise ArchiveError(f"The archive is damaged: {info.filename} cannot be read") from e
    budget[0] -= out.tell()
    return out.getvalue()


def import_review(fileobj, *, board: Board, by) -> Imported:
    """Recreate the archived review in ``board``. ArchiveError, with nothing written, if the
    archive is refused."""
    fileobj.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: fileobj.read(1024 * 1024), b""):
        digest.update(chunk)
    fileobj.seek(0)
    document, files = read_archive(fileobj)
    importer = _Importer(document, files, board, by, digest.hexdigest())
    try:
        with transaction.atomic():
            return importer.run()
    except ArchiveError:
        importer.remove_files()
        raise
    except (
        KeyError,
        TypeError,
        ValueError,
        AttributeError,
        IndexError,
        OverflowError,
        RecursionError,
        FieldDoesNotExist,
        ValidationError,
        DatabaseError,
    ) as e:
        importer.remove_files()
        raise ArchiveError(
            "The archive's review.json is not in the form this service writes: nothing was imported"
        ) from e
    except BaseException:
        importer.remove_files()
        raise


class _Importer:
    def __init__(self, document, files, board, by, sha256):
        self.doc, self.files, self.board, self.by, self.sha256 = document, files, board, by, sha256
        self.stored: list[str] = []
        self.matched: list[str] = []
        self.placeholders: list[str] = []
        self.new_ids: dict[str, int] = {}  # archive key -> new id
        self.stored_names: dict[str, str] = {}  # archive file name -> stored name
        self.review_id = None

    def remove_files(self):
        for name in self.stored:
            default_storage.delete(name)

    def run(self) -> Imported:
        ms = self.doc["marker_set"]
        self.marker_set = MarkerSet.objects.filter(slug=ms["slug"]).first()
        if self.marker_set is None or marker_set_fingerprint(self.marker_set) != ms["fingerprint"]:
            raise ArchiveError(
                f"The review was assessed against a marker set this installation does not "
                f"have in that version ({ms['name']}, {ms['slug']}): load that set first"
            )
        reference = self.doc["review"]["reference"]
        # Locked: two imports of one archive at once make one review, never a 500.
        Board.objects.select_for_update().get(pk=self.board.pk)
        if Review.objects.filter(board=self.board, reference=reference).exists():
            raise ArchiveError(
                f"{self.board.name} already has a review {reference}: an import never "
                "replaces an existing review"
            )
        self.markers = {m.number: m.pk for m in self.marker_set.markers.all()}
        self.questions = {
            f"{q.marker.number}.{q.number}": q.pk
            for q in Question.objects.filter(marker__marker_set=self.marker_set).select_related(
                "marker"
            )
        }
        self._people()
        self.agencies = {
            name: Agency.objects.get_or_create(board=self.board, name=name)[0].pk
            for name in self.doc["agencies"]
        }
        count = sum(self._create(model, link) for model, link in PARTS)
        review = Review.objects.get(pk=self.review_id)
        deadlines.refresh([review.pk])  # derived from the records, as any save keeps it
        source = self.doc["source"]
        _record(
            review=review,
            kind=ArchiveEvent.Kind.IMPORTED,
            by=self.by,
            sha256=self.sha256,
            size=sum(len(d) for d in self.files.values()),
            source=f"{source['board']}, {source['site']}"[:300],
        )
        return Imported(review, self.matched, self.placeholders, count, len(self.stored))

    def _people(self):
        """Each person: the one active user with that e-mail address here, or a named
        placeholder (inactive, no password) that keeps the name and address."""
        self.users = {}
        for p in self.doc["people"]:
            email = str(p.get("email") or "").strip()
            first, last = str(p["first_name"])[:150], str(p["last_name"])[:150]
            name = f"{first} {last}".strip() or "someone"
            found = (
                list(User.objects.filter(email__iexact=email, is_active=True)[:2]) if email else []
            )
            if len(found) == 1:
                self.users[p["key"]] = found[0].pk
                self.matched.append(f"{name} ({email})")
                continue
            user = User(
                username=f"imported-{uuid.uuid4().hex[:12]}",
                first_name=first,
                last_name=last,
                email=email[:254],
                is_active=False,
            )
            user.set_unusable_password()
            user.save()
            self.users[p["key"]] = user.pk
            self.placeholders.append(name)

    def _value(self, f, value):
        if value is None:
            return None
        if isinstance(f, models.ForeignKey):
            target = f.related_model
            if target is User:
                return self.users[value]
            if target is Agency:
                return self.agencies[value]
            if target is Marker:
                return self.markers[value]
            if target is Question:
                return self.questions[value]
            if target is MarkerSet:
                return self.marker_set.pk
            if not str(value).startswith(target._meta.label_lower + ":"):
                raise ValueError(f"{value} is not a {target._meta.label_lower}")
            return self.new_ids[value]
        if isinstance(f, models.FileField):
            return self.stored_names[value] if value else ""
        if isinstance(f, models.JSONField):
            return value
        return f.to_python(value)

    def _attrs(self, model, fields: dict) -> dict:
        attrs = {}
        for name, value in fields.items():
            f = model._meta.get_field(name)
            if not f.concrete or f.primary_key or (model, name) in SKIP:
                raise ValueError(f"{name} is not a field of {model._meta.label_lower}")
            attrs[f.attname] = self._value(f, value)
        if model is Review:
            attrs["board_id"] = self.board.pk
            attrs["marker_set_id"] = self.marker_set.pk
        for f in model._meta.concrete_fields:
            if (
                isinstance(f, models.ForeignKey)
                and f.related_model is Review
                and f.name != "converted_from"
            ):
                attrs[f.attname] = self.review_id
        return attrs

    def _create(self, model, link) -> int:
        label = model._meta.label_lower
        rows = self.doc["records"].get(label, [])
        hist = self.doc["history"].get(label, []) if _history(model) is not None else []
        if model is Review and len(rows) != 1:
            raise ValueError("an archive holds one review")
        keys = {r["key"] for r in rows} | {h["key"] for h in hist}
        if any(not str(k).startswith(label + ":") for k in keys):
            raise ValueError(f"{label} records are keyed wrongly")
        ordered = sorted(keys, key=lambda k: int(k.rsplit(":", 1)[1]))
        self.new_ids.update(zip(ordered, _reserve_ids(model, len(ordered)), strict=True))
        if model is Review:
            self.review_id = self.new_ids[rows[0]["key"]]
        for row in rows:
            for f in model._meta.concrete_fields:
                if isinstance(f, models.FileField) and row["fields"].get(f.name):
                    self._store(f, row["fields"][f.name])
        objs = [model(pk=self.new_ids[r["key"]], **self._attrs(model, r["fields"])) for r in rows]
        for obj in objs:
            # Each value as the model allows it (lengths, choices), as a form would check.
            empty = [
                f.name for f in model._meta.concrete_fields if getattr(obj, f.attname) in (None, "")
            ]
            obj.clean_fields(exclude=empty)
        # Dates the model sets itself on save (auto_now) are put back as archived.
        auto = [
            f.attname
            for f in model._meta.concrete_fields
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        ]
        archived = [{name: getattr(obj, name) for name in auto} for obj in objs]
        model.objects.bulk_create(objs)
        for obj, values in zip(objs, archived, strict=True) if auto else ():
            model.objects.filter(pk=obj.pk).update(**values)
        if model is Review:
            through = Review.themes.through
            through.objects.bulk_create(
                through(review_id=self.review_id, theme_id=self._theme(t))
                for t in rows[0]["themes"]
            )
        if model is Evidence:
            through = Evidence.questions.through
            through.objects.bulk_create(
                through(evidence_id=self.new_ids[r["key"]], question_id=self.questions[q])
                for r in rows
                for q in r["questions"]
            )
        if hist:
            self._history(model, hist)
        return len(rows)

    def _history(self, model, hist):
        H = model.history.model
        hobjs = []
        for h in hist:
            if h["history_type"] not in ("+", "~", "-"):
                raise ValueError("unknown kind of history row")
            attrs = self._attrs(model, h["fields"])
            attrs.pop("marker_set_id", None)
            if model is Review:
                attrs["marker_set_id"] = self.marker_set.pk
            hobjs.append(
                H(
                    id=self.new_ids[h["key"]],
                    history_date=datetime.fromisoformat(h["history_date"]),
                    history_type=h["history_type"],
                    history_change_reason=h["history_change_reason"],
                    history_user_id=self.users[h["history_user"]] if h["history_user"] else None,
                    **attrs,
                )
            )
        H.objects.bulk_create(hobjs)
        if model is Review:
            M = _history_themes().model
            M.objects.bulk_create(
                M(
                    id=0,
                    review_id=self.review_id,
                    theme_id=self._theme(t),
                    history_id=hobj.history_id,
                )
                for hobj, h in zip(hobjs, hist, strict=True)
                for t in h["themes"]
            )

    def _theme(self, t: dict) -> int:
        """A national theme by name, or the board's own (created if it has none by that name)."""
        name = str(t["name"])[:100]
        if t["national"]:
            national = Theme.objects.filter(board__isnull=True, name=name).first()
            if national is not None:
                return national.pk
        return Theme.objects.get_or_create(board=self.board, name=name)[0].pk

    def _store(self, f, archived: str):
        if archived in self.stored_names:
            return
        if archived not in self.files:
            raise ArchiveError(f"The archive names a file it does not hold ({archived[:80]})")
        # Stored as any upload is: under a fresh random name in the review's folder.
        suffix = PurePath(archived).suffix
        name = f.upload_to(SimpleNamespace(review_id=self.review_id), f"archived{suffix}")
        stored = default_storage.save(name, ContentFile(self.files[archived]))
        self.stored.append(stored)
        self.stored_names[archived] = stored


def _reserve_ids(model, n: int) -> list[int]:
    """``n`` new ids of ``model``'s table, in increasing order, that no other insert will
    take: archive keys map to ids in order, so an imported review exports the same again."""
    if n == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, n],
            )
            return sorted(r[0] for r in cursor.fetchall())
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')  # noqa: S608
        top = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        base = max(top, row[0] if row else 0)
        if row:
            cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [base + n, table])
        else:
            cursor.execute(
                "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, base + n]
            )
        return list(range(base + 1, base + n + 1))
