"""The demo reviews' self-assessments against the markers: ratings, answers with notes,
evidence, assessment points and quality-assurance challenges, saved through the assessment
services as a lead reviewer would, on the story's dates.

Ratings follow a plausible pattern: the markers a story speaks about are fixed in the story
(``Story.ratings``); the others are drawn from a per-marker profile (family involvement,
marker 12, is most often partly met; the referral and decision markers mostly met), shifted by
how well the review went (``Story.quality``), with a random generator seeded by the review and
the marker, so the demo is the same on every run. Invented text throughout.
"""

import random
from datetime import date, timedelta
from functools import cache

from django.core.files.uploadedfile import SimpleUploadedFile

from markers.models import Marker
from reviews.demo.clock import backdate
from reviews.demo.notes import note
from reviews.models import MarkerComment, Rating, Review
from reviews.services.assessment import (
    AnswerInput,
    assessment_point_take,
    evidence_add,
    marker_assessment_save,
)

# marker number -> weights of (met, partly met, not met)
PROFILE = {
    1: (7, 3, 0),
    2: (6, 3, 1),
    3: (6, 4, 0),
    4: (4, 5, 1),
    5: (7, 3, 0),
    6: (5, 4, 1),
    7: (4, 5, 1),
    8: (4, 4, 2),
    9: (5, 4, 1),
    10: (4, 5, 1),
    11: (5, 4, 1),
    12: (2, 6, 2),
    13: (4, 5, 1),
    14: (5, 4, 1),
    15: (4, 5, 1),
    16: (5, 4, 1),
    17: (4, 4, 2),
    18: (3, 5, 2),
}
# Answers to a marker's questions, by its rating: weights of (yes, partly, no, not known).
ANSWERS = {
    Rating.MET: (85, 15, 0, 0),
    Rating.PARTLY_MET: (45, 35, 12, 8),
    Rating.NOT_MET: (10, 35, 45, 10),
    Rating.NOT_STARTED: (40, 20, 0, 40),
}
COMMENTARY = {
    Rating.MET: "{title}: met. {strength}",
    Rating.PARTLY_MET: "{title}: partly met. {strength} {gap}",
    Rating.NOT_MET: "{title}: not met. {gap}",
    Rating.NOT_STARTED: "{title}: assessment begun; questions answered so far are noted.",
}
# The cluster still being worked on at a live review's stage: the only one with questions
# not answered yet (later stages have answered every question of what they assessed).
FOCUS = {"referral": 1, "setup": 1, "running": 2}
NO_PARALLEL = "No criminal investigation, inquest or other parallel process in this case."


def _rng(review: Review, *parts) -> random.Random:
    return random.Random(":".join(map(str, [review.board.slug, review.title, review.kind, *parts])))


def rating_for(review: Review, story, number: int) -> str:
    if number in story.not_applicable:
        return Rating.NOT_APPLICABLE
    if number in story.ratings:
        return story.ratings[number]
    if number == 9 and not story.parallel:
        return Rating.NOT_APPLICABLE
    met, partly, not_met = PROFILE[number]
    if number == 8 and story.late:
        met = 1
    met *= (2.5, 1.5, 0.7)[story.quality]
    not_met *= (0.5, 1.6, 3)[story.quality]
    rng = _rng(review, "rating", number)
    return rng.choices([Rating.MET, Rating.PARTLY_MET, Rating.NOT_MET], [met, partly, not_met])[0]


def facts(review: Review, story, lead) -> dict:
    def day(d: date | None) -> str:
        return f"{d.day} {d:%B %Y}" if d else "a date still to be fixed"

    event = review.practitioner_events.first() if review.pk else None
    agencies = [a for _, a in story.practitioners] or [story.referrer]
    kinds = {
        "criminal": "criminal investigation",
        "inquest": "coroner's inquest",
        "dhr": "domestic homicide review",
        "family_court": "family court proceedings",
    }
    process = kinds.get(story.parallel[0].kind, "parallel process") if story.parallel else None
    chair = review.roles.filter(role="chair").select_related("user").first()
    manager = review.roles.filter(role="board_manager").select_related("user").first()
    relative = story.family[0].role.lower() if story.family else "family"
    practitioner = story.practitioners[0][0].lower() if story.practitioners else "practitioner"
    return {
        "child": review.title,
        "manager": manager.user.get_full_name() if manager else "the board manager",
        "relative": relative.replace("child m's ", "").replace(review.title.lower(), "child"),
        "practitioner": practitioner,
        "incident": day(review.incident_on),
        "notified": day(review.notified_on),
        "lead": lead.get_full_name(),
        "chair": chair.user.get_full_name() if chair else "the chair",
        "referrer": story.referrer,
        "agency": agencies[-1],
        "method": {
            "learning_together": "Learning Together",
            "silp": "SILP",
            "hybrid": "hybrid",
        }.get(story.methodology, story.methodology),
        "theme": story.themes[0].lower(),
        "decision": day(review.decision_on),
        "advised": day(review.board_advised_on),
        "family_on": day(review.family_informed_on),
        "tor": day(review.tor_agreed_on),
        "event": day(event.held_on if event else None),
        "report": day(review.report_received_on),
        "presented": day(review.presented_to_board_on),
        "response": day(review.response_agreed_on),
        "published": day(review.published_on),
        "process": process or "other processes",
    }


def reset_caches() -> None:
    _markers.cache_clear()


@cache
def _markers(marker_set_id: int) -> dict[int, Marker]:
    return {
        m.number: m
        for m in Marker.objects.filter(marker_set_id=marker_set_id)
        .select_related("cluster")
        .prefetch_related("questions")
    }


LOWER = {Rating.MET: Rating.PARTLY_MET, Rating.PARTLY_MET: Rating.NOT_MET}


def assess(review: Review, story, crew, clock, *, markers, day: date, early=()) -> None:
    """Rate and answer ``markers`` of the review, as its lead reviewer, on ``day``. The
    ``early`` markers get a rating one step lower: the lead reviewer raises it later, when
    the gap is closed (``assess`` again), so the history and assessment points show it."""
    lead = crew.lead_for(story)
    day = clock.done(day)
    review.refresh_from_db()
    known = facts(review, story, lead)
    for number in markers:
        marker = _markers(review.marker_set_id)[number]
        rating = rating_for(review, story, number)
        if number in early:
            rating = LOWER.get(rating, rating)
        rng = _rng(review, "answers", number)
        # Questions still open: only on the markers in focus of a live review.
        in_focus = marker.cluster.number == FOCUS.get(story.stage)
        skip = 0.6 if rating == Rating.NOT_STARTED else 0.2 if in_focus else 0
        answers = {}
        for q in marker.questions.all():
            if rating == Rating.NOT_APPLICABLE:
                answers[q.pk] = AnswerInput("not_applicable", "" if q.number > 1 else "")
                continue
            if rng.random() < skip:
                continue  # not answered yet
            answer = rng.choices(["yes", "partly", "no", "not_known"], ANSWERS[rating])[0]
            answers[q.pk] = AnswerInput(answer, note(number, q.number, answer == "yes", known))
        good = next((a.note for a in answers.values() if a.answer == "yes" and a.note), "")
        gap = next((a.note for a in answers.values() if a.answer != "yes" and a.note), "")
        commentary = COMMENTARY.get(rating, "").format(title=marker.title, strength=good, gap=gap)
        reason = story.not_applicable.get(number) or (NO_PARALLEL if number == 9 else "")
        with clock.acting(lead, day):
            assessment = marker_assessment_save(
                review=review,
                marker=marker,
                by=lead,
                version=_version(review, marker),
                rating=rating,
                not_applicable_reason=reason if rating == Rating.NOT_APPLICABLE else "",
                commentary=commentary.strip(),
                answers=answers,
            )
        backdate(assessment, clock.moment(day), "updated_at")


def _version(review: Review, marker: Marker) -> int:
    row = review.assessments.filter(marker=marker).first()
    return row.version if row else 0


# What the chair writes when signing off each kind of point.
SIGN_OFF_COMMENTS = {
    "planning": "Scope, plan and timetable agreed with the lead reviewer; open challenges noted.",
    "progress": "Progress reviewed at the panel; delays reported to the board.",
    "reflection": "End-of-review reflection agreed; learning for the next review noted.",
}


def point(review: Review, story, crew, clock, kind: str, day: date, sign: bool = True) -> None:
    """An assessment point taken by the lead reviewer; signed off by the chair a week later
    (or waiting for sign-off)."""
    lead = crew.lead_for(story)
    names = {"planning": "Planning", "progress": "Progress check", "reflection": "End of review"}
    day = clock.done(day)
    with clock.acting(lead, day) as at:
        p = assessment_point_take(review=review, kind=kind, name=names[kind], by=lead)
    backdate(p, at, "taken_at")
    if sign:
        signed = clock.done(day + timedelta(days=7))
        with clock.acting(crew.chair, signed) as at:
            p.sign_off(by=crew.chair, comment=SIGN_OFF_COMMENTS[kind])
        backdate(p, at, "signed_off_at")


# (marker, challenge by the chair or board manager, the lead reviewer's reply or "" if open)
CHALLENGES = [
    (
        4,
        "chair",
        "Has the father of {child} been told of the review, and how?",
        "A letter went through his solicitor on {family_on}; no reply yet, a second is ready.",
    ),
    (
        12,
        "chair",
        "What support is in place for the family to take part, given the {process}?",
        "",
    ),
    (
        10,
        "manager",
        "{agency} is late with its contribution: shall I escalate to its board member?",
        "Yes please; I have agreed a new date with their safeguarding lead.",
    ),
    (
        13,
        "manager",
        "The draft analysis of {child}'s case reads as a chronology: where are the "
        "explanations of practice?",
        "",
    ),
    (
        2,
        "chair",
        "Please add the neighbouring partnership's reply to the evidence for the decision.",
        "Added: their e-mail of the week of {decision}.",
    ),
    (
        14,
        "chair",
        "Finding 2 describes what went wrong; can it say why practice went that way?",
        "Rewritten with the learning event's explanation; see the second draft.",
    ),
]


def qa(review: Review, story, crew, clock, day: date) -> None:
    """Quality-assurance challenges on the markers assessed so far: answered ones on finished
    reviews, some still open on live ones."""
    lead = crew.lead_for(story)
    assessed = set(review.assessments.values_list("marker__number", flat=True))
    known = facts(review, story, lead)
    rng = _rng(review, "challenges")
    picks = [c for c in CHALLENGES if c[0] in assessed]
    rng.shuffle(picks)
    for i, (number, who, body, reply) in enumerate(picks[: 1 + len(picks) // 3]):
        author = crew.chair if who == "chair" else crew.manager
        on = clock.done(day + timedelta(days=3 * i))
        with clock.acting(author, on) as at:
            comment = MarkerComment.objects.create(
                review=review,
                marker=_markers(review.marker_set_id)[number],
                author=author,
                body=body.format_map(known),
            )
        backdate(comment, at, "created_at")
        open_now = review.is_live and not reply
        if not open_now:
            answered = clock.done(on + timedelta(days=4))
            text = reply or "Done: the analysis now explains each decision; see the new draft."
            with clock.acting(lead, answered) as at:
                comment.resolve(by=lead, reply=text.format_map(known))
            backdate(comment, at, "resolved_at")


@cache
def _pdf(title: str) -> bytes:
    from weasyprint import HTML

    html = (
        f"<h1>{title}</h1><p>Northshire Safeguarding Children Partnership (invented).</p>"
        "<p>Demo document: every name and detail in it is invented.</p>"
    )
    return HTML(string=html).write_pdf()


def evidence(review: Review, story, crew, clock, d) -> None:
    """A few pieces of evidence per review: notes and links mostly, small text files, and one
    PDF shared by the reviews (kept small so seeding stays fast)."""
    lead = crew.lead_for(story)
    markers = _markers(review.marker_set_id)
    assessed = set(review.assessments.values_list("marker__number", flat=True))
    items = [
        (
            1,
            "note",
            "Referral discussion",
            d.notified,
            f"Referral from {story.referrer} discussed with the business unit the same day.",
            [1, 2],
        ),
        (
            2,
            "file",
            "Rapid review record",
            d.signed_off,
            "The record signed off by the partners.",
            [1, 7],
        ),
        (
            6,
            "file",
            "Terms of reference",
            d.tor,
            f"Agreed terms of reference ({story.methodology.replace('_', ' ')}).",
            [4],
        ),
        (
            7,
            "link",
            "Working Together to Safeguard Children 2023",
            d.tor,
            "Chapter 5, on child safeguarding practice reviews.",
            [1],
        ),
        (
            11,
            "note",
            "Practitioner event feedback",
            d.tor + timedelta(days=75),
            "Feedback forms summarised: practitioners felt heard; two asked for follow-up.",
            [8],
        ),
        (
            14,
            "file",
            "Final report (redacted)",
            d.report,
            "The redacted final report as presented to the board.",
            [1, 2],
        ),
    ]
    for number, kind, title, dated, description, questions in items:
        if number not in assessed or dated > clock.today:
            continue
        marker = markers[number]
        upload = None
        if kind == "file":
            if number == 14 and story.stage == "closed":
                data, name = _pdf("Final report, redacted (demo)"), "final-report-redacted.pdf"
            else:
                data = (
                    f"{title}: {review.reference} {review.title}\n\n{description}\n\n"
                    "Demo document: invented.\n"
                )
                data, name = data.encode(), f"{title.lower().replace(' ', '-')}.txt"
            upload = SimpleUploadedFile(name, data)
        with clock.acting(lead, dated) as at:
            item = evidence_add(
                review=review,
                marker=marker,
                by=lead,
                kind=kind,
                title=title,
                dated_on=dated,
                description=description,
                url="https://www.gov.uk/government/publications/working-together-to-safeguard-children--2"
                if kind == "link"
                else "",
                questions=[q for q in marker.questions.all() if q.number in questions],
                upload=upload,
            )
        backdate(item, at, "added_at")
        for version in item.versions.all():
            backdate(version, at, "uploaded_at")
