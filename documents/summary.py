"""The quality-assurance summary of one review, as plain data.

``summary_data`` gathers everything the chair's summary shows (the review as it stands now, or
as an assessment point's snapshot reproduces it) into dicts, lists and strings, in a fixed
number of queries. The PDF and the Word document are both laid out from this data, and its
fingerprint decides whether a stored report still shows the review as it is.

Restricted details (the privacy check's restricted list and family members' real names) are
replaced in every string before anything is laid out, whoever asks: a report leaves the
service.
"""

import hashlib
import json
from datetime import date, datetime

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone

from accounts.models import Agency
from markers.models import Cluster, Marker
from reviews import privacy, timescales
from reviews.models import (
    AgencyContribution,
    Answer,
    AssessmentPoint,
    Delay,
    Evidence,
    EvidenceFile,
    MarkerComment,
    RapidReview,
    Rating,
    Review,
    ReviewRole,
)
from reviews.services.assessment import snapshot_of
from reviews.services.outcomes import restricted_list

ANSWER_LABELS = dict(Answer.choices)
RATING_LABELS = dict(Rating.choices)
GAP_ANSWERS = {Answer.NO, Answer.NOT_KNOWN}
RATING_ORDER = [
    Rating.MET,
    Rating.PARTLY_MET,
    Rating.NOT_MET,
    Rating.NOT_APPLICABLE,
    Rating.NOT_STARTED,
]
# The colours of the overview chart (the word is always printed beside the colour).
RATING_COLOURS = {
    Rating.MET: "#00703c",
    Rating.PARTLY_MET: "#ffdd00",
    Rating.NOT_MET: "#d4351c",
    Rating.NOT_APPLICABLE: "#505a5f",
    Rating.NOT_STARTED: "#b1b4b6",
}


def day(d: date | None) -> str:
    return f"{d.day} {d:%B %Y}" if d else ""


def moment(dt: datetime | None) -> str:
    if not dt:
        return ""
    local = timezone.localtime(dt)
    return f"{local.day} {local:%B %Y, %H:%M}"


def person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def answer_label(value: str) -> str:
    return ANSWER_LABELS.get(value, "Not answered") if value else "Not answered"


def _changes(now: dict, before: dict | None, questions) -> list[str]:
    """What changed in one marker between two snapshots, in words."""
    if before is None:
        return []
    out = []
    ra = before.get("rating", Rating.NOT_STARTED)
    rb = now.get("rating", Rating.NOT_STARTED)
    if ra != rb:
        out.append(f"Rating changed from {RATING_LABELS[ra]} to {RATING_LABELS[rb]}")
    if before.get("commentary", "") != now.get("commentary", ""):
        out.append("Commentary changed")
    for q in questions:
        qa = before.get("answers", {}).get(str(q.number), {})
        qb = now.get("answers", {}).get(str(q.number), {})
        if qa.get("answer", "") != qb.get("answer", ""):
            out.append(
                f"Question {q.number}: answer changed from "
                f"{answer_label(qa.get('answer', '')).lower()} to "
                f"{answer_label(qb.get('answer', '')).lower()}"
            )
        elif qa.get("note", "") != qb.get("note", ""):
            out.append(f"Question {q.number}: note changed")
    return out


def _redact_all(value, redact):
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [_redact_all(v, redact) for v in value]
    if isinstance(value, dict):
        return {k: _redact_all(v, redact) for k, v in value.items()}
    return value


def _as_it_stood(review: Review, when: datetime) -> tuple[Review, list]:
    """The review's key dates, kind, stage, rapid review, contributions and delays as they
    stood at ``when`` (from their history; what has no history yet is taken as it is now).
    Returns the review, with ``rapid_review`` and ``contributions`` loaded for
    ``timescales.review_milestones``, and its delays."""

    def as_of(model):
        return list(
            model.history.filter(review_id=review.pk, history_date__lte=when)
            .latest_of_each()
            .as_instances()
        )

    try:
        then = review.history.as_of(when)
    except Review.DoesNotExist:
        then = review
    then.board = review.board
    rapid = as_of(RapidReview)
    then._state.fields_cache["rapid_review"] = rapid[0] if rapid else None
    contributions = as_of(AgencyContribution)
    agencies = Agency.objects.in_bulk({c.agency_id for c in contributions})
    for c in contributions:
        c.agency = agencies.get(c.agency_id)
    then._prefetched_objects_cache = {"contributions": contributions}
    return then, as_of(Delay)


def _as_it_stands(review: Review) -> tuple[Review, list]:
    """The review with what ``timescales.review_milestones`` reads loaded, and its delays."""
    prefetch_related_objects(
        [review],
        "rapid_review",
        Prefetch("contributions", queryset=AgencyContribution.objects.select_related("agency")),
    )
    return review, list(review.delays.all())


def _timescales(review: Review, as_at: date, delays: list) -> dict:
    delays = {d.milestone: d for d in delays}
    rows = []
    for m in timescales.review_milestones(review):  # as it stood at the point, or stands
        done = m.done_on
        if m.is_deadline and done:
            diff = (done - m.due_on).days
            if diff > 0:
                against = f"{diff} days late"
            elif diff < 0:
                against = f"{-diff} days early"
            else:
                against = "On the day"
        elif m.is_deadline and as_at > m.due_on:
            against = f"Not yet done: {(as_at - m.due_on).days} days overdue"
        elif m.is_deadline:
            against = f"Not yet done: due in {(m.due_on - as_at).days} days"
        else:
            against = "Available until this date"
        delay = delays.get(m.key)
        rows.append(
            {
                "label": m.label,
                "basis": m.basis,
                "due": day(m.due_on),
                "done": day(done) or "Not yet",
                "against": against,
                "late": m.is_missed(as_at),
                "delay_reason": delay.reason if delay else "",
                "board_told": day(delay.board_told_on) if delay else "",
                "needs_reason": m.is_missed(as_at) and not (delay and delay.reason.strip()),
            }
        )
    return {"rows": rows}


def summary_data(review: Review, point: AssessmentPoint | None = None) -> dict:
    """Everything the summary shows, as plain data (JSON-serialisable), redacted."""
    as_at_dt = point.taken_at if point else None
    as_at = timezone.localdate(as_at_dt) if as_at_dt else timezone.localdate()
    points = list(
        review.assessment_points.select_related("taken_by", "signed_off_by").order_by(
            "taken_at", "pk"
        )
    )
    if point is not None:
        shown, delays = _as_it_stood(review, point.taken_at)
        snapshot = point.data
        earlier = [p for p in points if (p.taken_at, p.pk) < (point.taken_at, point.pk)]
    else:
        shown, delays = _as_it_stands(review)
        snapshot = snapshot_of(review)
        earlier = points
    previous = earlier[-1] if earlier else None

    markers = list(
        Marker.objects.filter(marker_set_id=review.marker_set_id)
        .select_related("cluster")
        .prefetch_related("questions")
        .order_by("number")
    )
    clusters = list(Cluster.objects.filter(marker_set_id=review.marker_set_id).order_by("number"))

    evidence_qs = (
        Evidence.objects.filter(review=review)
        .select_related("added_by", "marker")
        .prefetch_related(
            Prefetch("versions", queryset=EvidenceFile.objects.order_by("-uploaded_at", "-pk"))
        )
        .order_by("added_at", "pk")
    )
    comments_qs = MarkerComment.objects.filter(review=review).select_related(
        "author", "resolved_by", "marker"
    )
    if as_at_dt:
        evidence_qs = evidence_qs.filter(added_at__lte=as_at_dt)
        comments_qs = comments_qs.filter(created_at__lte=as_at_dt)
    evidence_by_marker: dict[int, list] = {}
    for e in evidence_qs:
        if e.withdrawn_at and (as_at_dt is None or e.withdrawn_at <= as_at_dt):
            continue
        versions = [v for v in e.versions.all() if as_at_dt is None or v.uploaded_at <= as_at_dt]
        evidence_by_marker.setdefault(e.marker.number, []).append(
            {
                "title": e.title,
                "kind": e.get_kind_display(),
                "dated": day(e.dated_on) or "No date",
                "added_by": person(e.added_by),
                "added": moment(e.added_at),
                "sha256": versions[0].sha256[:12] if versions else "",
            }
        )
    comments_by_marker: dict[int, list] = {}
    for c in comments_qs:
        resolved = c.resolved_at is not None and (as_at_dt is None or c.resolved_at <= as_at_dt)
        comments_by_marker.setdefault(c.marker.number, []).append(
            {
                "author": person(c.author),
                "at": moment(c.created_at),
                "body": c.body,
                "reply": c.reply if resolved else "",
                "resolved": resolved,
                "resolved_by": person(c.resolved_by) if resolved else "",
                "resolved_at": moment(c.resolved_at) if resolved else "",
            }
        )

    counts = {r: 0 for r in RATING_ORDER}
    gaps = {"answers": [], "not_started": [], "open_challenges": []}
    cluster_rows = {c.pk: {"number": c.number, "title": c.title, "markers": []} for c in clusters}
    for marker in markers:
        entry = snapshot.get(str(marker.number), {})
        rating = entry.get("rating", Rating.NOT_STARTED)
        counts[rating] += 1
        questions = []
        for q in marker.questions.all():
            qa = entry.get("answers", {}).get(str(q.number), {})
            value = qa.get("answer", "")
            questions.append(
                {
                    "number": q.number,
                    "text": q.text,
                    "answer": answer_label(value),
                    "answered": bool(value),
                    "note": qa.get("note", ""),
                }
            )
            if value in GAP_ANSWERS:
                gaps["answers"].append(
                    {
                        "marker": marker.number,
                        "question": q.number,
                        "text": q.text,
                        "answer": answer_label(value),
                    }
                )
        if rating == Rating.NOT_STARTED:
            gaps["not_started"].append({"marker": marker.number, "title": marker.title})
        comments = comments_by_marker.get(marker.number, [])
        for c in comments:
            if not c["resolved"]:
                gaps["open_challenges"].append(
                    {"marker": marker.number, "author": c["author"], "body": c["body"]}
                )
        before = previous.data.get(str(marker.number), {}) if previous else None
        cluster_rows[marker.cluster_id]["markers"].append(
            {
                "number": marker.number,
                "title": marker.title,
                "quality_statement": marker.quality_statement,
                "rating": rating,
                "rating_label": RATING_LABELS[rating],
                "colour": RATING_COLOURS[rating],
                "not_applicable_reason": entry.get("not_applicable_reason", ""),
                "commentary": entry.get("commentary", ""),
                "questions": questions,
                "evidence": evidence_by_marker.get(marker.number, []),
                "comments": comments,
                "changes": _changes(entry, before, marker.questions.all()),
            }
        )

    roles = list(review.roles.all())
    chairs = [person(r.user) for r in roles if r.role == ReviewRole.Role.CHAIR]
    leads = [person(r.user) for r in roles if r.role == ReviewRole.Role.LEAD_REVIEWER]
    decisions = [
        {
            "kind": d.get_kind_display(),
            "outcome": d.get_outcome_display() if d.outcome else "",
            "decision": d.decision,
            "rationale": d.rationale,
            "by": person(d.decided_by),
            "on": day(d.decided_on),
        }
        for d in review.decisions.select_related("decided_by").order_by("decided_on", "pk")
        if d.withdrawn_at is None and (as_at_dt is None or d.recorded_at <= as_at_dt)
    ]
    findings = []
    for f in review.findings.prefetch_related(
        Prefetch(
            "actions", queryset=review.actions.select_related("lead_agency").order_by("number")
        )
    ).order_by("number"):
        findings.append(
            {
                "number": f.number,
                "text": f.text,
                "priority": f.get_priority_display(),
                "actions": [
                    {
                        "number": f"{f.number}.{a.number}",
                        "text": a.text,
                        "lead_agency": str(a.lead_agency),
                        "target": day(a.revised_date or a.target_date),
                        "status": a.get_status_display(),
                        "rating": a.get_rating_display() if a.rating else "",
                    }
                    for a in f.actions.all()
                ],
            }
        )

    data = {
        "review": {
            "reference": review.reference,
            "title": review.title,
            "kind": shown.get_kind_display(),
            "stage": shown.get_stage_display(),
            "board": review.board.name,
            "chairs": chairs,
            "lead_reviewers": leads,
        },
        "point": (
            {
                "name": str(point),
                "kind": point.get_kind_display(),
                "taken_by": person(point.taken_by),
                "taken_at": moment(point.taken_at),
                "signed_off": point.is_locked,
                "signed_off_by": person(point.signed_off_by),
                "signed_off_at": moment(point.signed_off_at),
                "sign_off_comment": point.sign_off_comment,
            }
            if point
            else None
        ),
        "previous_point": str(previous) if previous else "",
        "nothing_assessed": not snapshot,
        "counts": [
            {
                "rating": r.value,
                "label": RATING_LABELS[r],
                "n": counts[r],
                "colour": RATING_COLOURS[r],
            }
            for r in RATING_ORDER
        ],
        "clusters": [cluster_rows[c.pk] for c in clusters],
        "timescales": _timescales(shown, as_at, delays),
        "gaps": gaps,
        "decisions": decisions,
        "findings": findings,
    }
    return _redact_all(data, privacy.redactor(restricted_list(review)))


def fingerprint(data: dict) -> str:
    """SHA-256 of the data a report is made from: equal data, equal report."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()
