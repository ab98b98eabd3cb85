"""A review's whole file exported as a .zip and imported into another board: the round trip
gives the same archive again; damaged, tampered, foreign or hostile archives are refused
with nothing written."""

import hashlib
import io
import json
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.urls import reverse

from accesslog.models import AccessEntry
from accounts.models import User
from documents.models import GeneratedReport
from reviews import archive
from reviews.history import review_changes
from reviews.models import ArchiveEvent, EvidenceFile, ReportDraft, Review
from tests.conftest import make_cast
from tests.whole_review import build_whole_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _export(review, by) -> bytes:
    out, _, _ = archive.export_review(review, by=by)
    return out.read()


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _zip(members: dict[str, bytes], *, manifest=True) -> bytes:
    """An archive with these members and (unless told) a manifest that matches them."""
    members = dict(members)
    if manifest:
        members.pop(archive.MANIFEST, None)
        members[archive.MANIFEST] = "".join(
            f"{hashlib.sha256(d).hexdigest()}  {n}\n" for n, d in sorted(members.items())
        ).encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _comparable(members: dict[str, bytes]) -> tuple[dict, dict]:
    doc = json.loads(members[archive.DOCUMENT])
    for moving in ("exported_at", "source"):
        doc.pop(moving)
    files = {n: d for n, d in members.items() if n.startswith("files/")}
    return doc, files


def _differences(a, b, path="") -> list[str]:
    """Where two documents differ, as paths (empty: the same data)."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = [f"{path}.{k}: only one side" for k in set(a) ^ set(b)]
        for k in sorted(set(a) & set(b)):
            out += _differences(a[k], b[k], f"{path}.{k}")
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in _differences(x, y, f"{path}[{i}]")]
    return [] if a == b else [f"{path}: {a!r} != {b!r}"[:300]]


def test_round_trip_export_import_export_gives_the_same_archive(media):
    cast = make_cast()
    review = build_whole_review(cast)
    first = _members(_export(review, cast.manager))
    # Another installation: the lead reviewer is not known there by that e-mail address.
    reviewer_email = cast.reviewer.email
    User.objects.filter(pk=cast.reviewer.pk).update(email="someone.else@example.org")

    result = archive.import_review(
        io.BytesIO(_zip(first, manifest=False)), board=cast.other_board, by=cast.admin
    )
    copy = result.review
    assert copy.board == cast.other_board and copy.pk != review.pk
    assert (copy.reference, copy.title) == (review.reference, review.title)
    placeholder = User.objects.get(email=reviewer_email)
    assert not placeholder.is_active and not placeholder.has_usable_password()
    assert placeholder.get_full_name() == cast.reviewer.get_full_name()
    assert cast.reviewer.get_full_name() in result.placeholders
    assert any(cast.manager.email in m for m in result.matched)

    second = _members(_export(copy, cast.admin))
    doc1, files1 = _comparable(first)
    doc2, files2 = _comparable(second)
    differences = _differences(doc1, doc2)
    assert not differences, "\n".join(differences)
    assert files2 == files1
    assert set(first) == set(second)

    # What the archive carried, found in the new review as a user would: every record and
    # history row, the files with their SHA-256.
    counts = {label: len(rows) for label, rows in doc1["records"].items()}
    assert counts["reviews.review"] == 1 and counts["reviews.evidencefile"] == 2
    assert counts["reviews.finding"] == counts["reviews.action"] == 1
    assert counts["documents.generatedreport"] == 1 and counts["reviews.reportdraft"] == 1
    assert len(doc1["history"]["reviews.restrictedterm"]) == 3  # two added, one deleted
    # Every history row of every kind of record, in the new review as in the old.
    ids_old, ids_new = {}, {}
    for model, link in archive.PARTS:
        live_old, hist_old = archive._rows_of(model, link, review, ids_old)
        live_new, hist_new = archive._rows_of(model, link, copy, ids_new)
        ids_old[model] = {o.pk for o in live_old} | {h.id for h in hist_old}
        ids_new[model] = {o.pk for o in live_new} | {h.id for h in hist_new}
        assert (len(live_new), len(hist_new)) == (len(live_old), len(hist_old)), model
        assert [h.history_type for h in hist_new] == [h.history_type for h in hist_old]
    for f in [
        *EvidenceFile.objects.filter(evidence__review=copy),
        *ReportDraft.objects.filter(review=copy),
        *GeneratedReport.objects.filter(review=copy),
    ]:
        with f.file.open("rb") as fh:
            assert hashlib.sha256(fh.read()).hexdigest() == f.sha256
    assert copy.referral.rationale == review.referral.rationale
    assert copy.assessments.get().answers.get().note == "Seen in the minutes, twice."
    assert sorted(t.name for t in copy.themes.all()) == ["Domestic abuse", "Neglect"]
    assert copy.actions.get().lead_agency.board == cast.other_board
    # Deadlines are worked out again (an agency contribution's is keyed by its new id).
    assert sorted(copy.deadlines.values_list("due_on", flat=True)) == sorted(
        review.deadlines.values_list("due_on", flat=True)
    )
    assert copy.deadlines.exists()
    # The review's history reads the same, and says where the review came from.
    said = [(c.who, c.subject) for c in review_changes(copy, show_restricted=True)]
    # Newest first: its own export just now, its import, then the original's history.
    assert said[0][1].startswith("An export of the whole file")
    assert said[1] == (
        str(cast.admin),
        "An import of the review from an archive of Northshire Safeguarding Children "
        "Partnership, http://localhost:8000 added",
    )
    original = [(c.who, c.subject) for c in review_changes(review, show_restricted=True)]
    assert original[0][1].startswith("An export of the whole file")
    # The same changes by the same people (a person on the review is named only to members of
    # its new board, whom an administrator adds after the import).
    assert [who for who, _ in said[2:]] == [who for who, _ in original[1:]]
    kept = [(w, s) for w, s in said[2:] if not s.startswith("Person on the review")]
    assert kept == [(w, s) for w, s in original[1:] if not s.startswith("Person on the review")]
    assert len(kept) > 20


def test_refused_archives_write_nothing(media):
    cast = make_cast()
    review = build_whole_review(cast)
    good = _members(_export(review, cast.manager))
    doc = json.loads(good[archive.DOCUMENT])

    def changed_doc(**changes):
        return _zip({**good, archive.DOCUMENT: json.dumps({**doc, **changes}).encode()})

    evidence_file = next(n for n in good if n.startswith("files/reviews.evidencefile/"))
    tampered = _zip({**good, evidence_file: b"Minutes, quietly rewritten.\n"}, manifest=False)
    bomb = _zip({**good, evidence_file: b"\0" * (3 * 1024 * 1024)})
    cases = {
        "not a zip": (b"PK\x03\x04 but no zip at all", "not a .zip archive"),
        "tampered": (tampered, "damaged or was changed"),
        "file added": (
            _zip({**good, "files/reviews.evidencefile/99.txt": b"x"}, manifest=False),
            "do not match",
        ),
        "traversal": (_zip({**good, "../../etc/cron.d/x": b"x"}), "does not write"),
        "traversal in files": (_zip({**good, "files/../../x": b"x"}), "does not write"),
        "newer format": (changed_doc(format=archive.FORMAT + 1), "newer version"),
        "marker set": (
            changed_doc(marker_set={**doc["marker_set"], "fingerprint": "0" * 64}),
            "marker set this installation does not have",
        ),
        "bad shape": (changed_doc(records={"reviews.review": "nonsense"}), "not in the form"),
        "wrong keys": (
            changed_doc(
                records={
                    **doc["records"],
                    "reviews.action": [
                        {**r, "fields": {**r["fields"], "finding": "reviews.review:1"}}
                        for r in doc["records"]["reviews.action"]
                    ],
                }
            ),
            "not in the form",
        ),
        "too large": (bomb, "larger than 1 MB"),
        "unknown field": (
            changed_doc(
                records={
                    **doc["records"],
                    "reviews.finding": [
                        {**r, "fields": {**r["fields"], "password": "x"}}
                        for r in doc["records"]["reviews.finding"]
                    ],
                }
            ),
            "not in the form",
        ),
        "deep": (
            _zip({**good, archive.DOCUMENT: b"[" * 100_000 + b"]" * 100_000}),
            "review.json cannot be read",
        ),
    }
    reviews, events = Review.objects.count(), ArchiveEvent.objects.count()
    stored = sorted(p.name for p in media.rglob("*") if p.is_file())
    for name, (data, message) in cases.items():
        with pytest.raises(archive.ArchiveError, match=message), override_max_mb(1):
            archive.import_review(io.BytesIO(data), board=cast.other_board, by=cast.admin)
        assert Review.objects.count() == reviews, name
        assert ArchiveEvent.objects.count() == events, name
        assert sorted(p.name for p in media.rglob("*") if p.is_file()) == stored, name
    # An existing review is never overwritten: not in its own board, nor twice elsewhere.
    with pytest.raises(archive.ArchiveError, match="already has a review SCR-2026-001"):
        archive.import_review(io.BytesIO(_zip(good)), board=cast.board, by=cast.admin)
    archive.import_review(io.BytesIO(_zip(good)), board=cast.other_board, by=cast.admin)
    with pytest.raises(archive.ArchiveError, match="never replaces an existing review"):
        archive.import_review(io.BytesIO(_zip(good)), board=cast.other_board, by=cast.admin)
    assert Review.objects.filter(reference="SCR-2026-001").count() == 2


class override_max_mb:
    def __init__(self, mb):
        from django.test import override_settings

        self.override = override_settings(ARCHIVE_MAX_MB=mb)

    def __enter__(self):
        self.override.enable()

    def __exit__(self, *exc):
        self.override.disable()


def test_the_commands_export_and_import(media, tmp_path, capsys):
    cast = make_cast()
    review = build_whole_review(cast)
    path = tmp_path / "review.zip"
    call_command("export_review", review.pk, str(path), "--by", cast.manager.username)
    call_command("import_review", str(path), "--board", cast.other_board.slug, "--by", "admin")
    out = capsys.readouterr().out
    assert "Imported SCR-2026-001 Child R into Southmoor" in out
    copy = Review.objects.get(board=cast.other_board)
    assert copy.evidence.count() == review.evidence.count()
    with pytest.raises(CommandError, match="already has a review"):
        call_command("import_review", str(path), "--board", cast.other_board.slug, "--by", "admin")


def test_board_manager_exports_from_the_page_and_it_is_recorded(media, client):
    cast = make_cast()
    review = build_whole_review(cast)
    url = reverse("reviews:archive_export", args=[review.pk])
    client.force_login(cast.manager)
    page = client.get(url)
    assert page.status_code == 200
    assert "Export the whole file" in page.content.decode()
    assert (
        'action="' + reverse("reviews:archive_download", args=[review.pk]) in page.content.decode()
    )
    response = client.post(reverse("reviews:archive_download", args=[review.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    data = b"".join(response.streaming_content)
    assert archive.DOCUMENT in _members(data)
    event = ArchiveEvent.objects.get(review=review)
    assert (event.kind, event.by, event.sha256) == (
        "exported",
        cast.manager,
        hashlib.sha256(data).hexdigest(),
    )
    assert AccessEntry.objects.filter(review=review, what="reviews:archive_export").exists()
    assert AccessEntry.objects.filter(review=review, what="reviews:archive_download").exists()
    history = client.get(reverse("reviews:history", args=[review.pk])).content.decode()
    assert "An export of the whole file" in history
    # Nobody else: the chair sees the review but may not take its whole file away.
    client.force_login(cast.chair)
    assert client.post(reverse("reviews:archive_download", args=[review.pk])).status_code == 403
    assert ArchiveEvent.objects.count() == 1


def test_administrator_imports_on_the_page_with_clear_refusals(media, client):
    cast = make_cast()
    review = build_whole_review(cast)
    data = _export(review, cast.manager)
    url = reverse("reviews:archive_import")
    client.force_login(cast.admin)
    assert "Import a review" in client.get(url).content.decode()

    def post(content, board):
        upload = io.BytesIO(content)
        upload.name = "review.zip"
        return client.post(url, {"archive": upload, "board": board.pk})

    refused = post(data[:-200], cast.other_board)
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "govuk-error-summary" in text and "not a .zip archive, or it is damaged" in text
    same_board = post(data, cast.board).content.decode()
    assert "already has a review SCR-2026-001" in same_board
    done = post(data, cast.other_board)
    copy = Review.objects.get(board=cast.other_board)
    assert done.status_code == 200
    result = done.content.decode()
    assert "Review imported" in result and "is now a review of Southmoor" in result
    assert "imported, with their history" in result
    stored = EvidenceFile.objects.filter(evidence__review=copy).first()
    assert default_storage.exists(stored.file.name)


def test_every_kind_of_record_of_a_review_is_in_the_archive_or_left_out_on_purpose():
    """A kind of record added to a review later must be added to the archive (or to
    LEFT_OUT, with the reason): nothing of a review is silently left behind."""
    from django.apps import apps

    linked = {Review}
    grew = True
    while grew:
        grew = False
        for model in apps.get_models():
            if model in linked or model.__name__.startswith("Historical"):
                continue
            if any(
                f.many_to_one and f.related_model in linked and f.related_model is not model
                for f in model._meta.fields
            ):
                linked.add(model)
                grew = True
    covered = {m for m, _ in archive.PARTS}
    found = {m._meta.label_lower for m in linked - covered}
    assert found == set(archive.LEFT_OUT)
