"""Demo self-assessments for the demo reviews: ratings, answers with notes, commentary, a few
evidence files (a generated PDF and a text file), a link, a snapshot and a quality-assurance
comment thread. Idempotent: a marker already assessed, evidence already there (by title), a
snapshot or a comment already taken are left as they are.

Which markers are assessed follows each review's stage: the clusters up to the one in focus.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from markers.models import Marker
from reviews.models import (
    AssessmentPoint,
    Evidence,
    MarkerAssessment,
    MarkerComment,
    Review,
    ReviewRole,
)
from reviews.services.assessment import (
    AnswerInput,
    assessment_point_take,
    evidence_add,
    marker_assessment_save,
)

# marker number -> (rating, commentary, {question number: (answer, note)})
ASSESSMENTS = {
    1: (
        "met",
        "The referral set out why the case was referred and the criteria were considered "
        "promptly; the short delay was explained.",
        {
            1: ("yes", "Referral form from children's social care, with chronology attached."),
            2: ("yes", "Statutory criteria met: serious harm, abuse or neglect suspected."),
            3: ("partly", "Referral 9 working days after the incident: police enquiries first."),
        },
    ),
    2: (
        "met",
        "The chair's decision and its rationale are recorded, with the factors weighed.",
        {
            1: ("yes", "Decision recorded within the board's 15 working days."),
            2: ("yes", "Rationale refers to potential learning on neglect of infants."),
            3: ("partly", "Family's view not yet sought at decision stage."),
        },
    ),
    3: (
        "partly_met",
        "Board members were told of the decision, but two partner agencies heard late.",
        {1: ("partly", "E-mail to board members; health and education advised a week later.")},
    ),
    4: (
        "partly_met",
        "The mother was informed by letter and visit; the father has not yet been reached.",
        {
            1: ("yes", "Letter and home visit by the lead reviewer, with an advocate."),
            2: ("not_known", "Father's address being confirmed with probation."),
        },
    ),
    5: ("met", "The purpose was shared with agencies in the commissioning letter.", {}),
    6: (
        "met",
        "Terms of reference agreed by the panel: SILP, period of 18 months, four lines of enquiry.",
        {1: ("yes", "Terms of reference v1.2 agreed at panel."), 2: ("yes", "")},
    ),
    7: (
        "partly_met",
        "Governance agreed, but the quality-assurance role of the panel needs to be clearer.",
        {1: ("yes", "Panel chaired by the independent chair."), 2: ("partly", "")},
    ),
    8: ("partly_met", "Timetable agreed; one milestone slipped, reported to the board.", {}),
    9: (
        "not_applicable",
        "",
        {},
    ),
    10: (
        "partly_met",
        "Four of five agency chronologies received; education chased twice.",
        {1: ("partly", "Education chronology outstanding.")},
    ),
}
NOT_APPLICABLE_REASONS = {9: "No criminal investigation, inquest or other parallel process."}


def _pdf(title: str, paragraphs: list[str]) -> bytes:
    from weasyprint import HTML

    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return HTML(
        string=f"<h1>{title}</h1>{body}<p><em>Demo document: invented.</em></p>"
    ).write_pdf()


def _assessor(review: Review, cast):
    role = review.roles.filter(role=ReviewRole.Role.LEAD_REVIEWER).select_related("user").first()
    return role.user if role else cast.users["reviewer"]


def _assess(review: Review, by) -> None:
    if review.stage == Review.Stage.NOT_PROCEEDING:
        return
    focus = review.focus_cluster
    markers = Marker.objects.filter(
        marker_set_id=review.marker_set_id, cluster__number__lte=focus
    ).prefetch_related("questions")
    done = set(MarkerAssessment.objects.filter(review=review).values_list("marker_id", flat=True))
    for marker in markers:
        if marker.pk in done:
            continue
        rating, commentary, answers = ASSESSMENTS.get(
            marker.number, ("partly_met", "Assessment under way; evidence being gathered.", {})
        )
        by_number = {q.number: q.pk for q in marker.questions.all()}
        marker_assessment_save(
            review=review,
            marker=marker,
            by=by,
            version=0,
            rating=rating,
            not_applicable_reason=NOT_APPLICABLE_REASONS.get(marker.number, ""),
            commentary=commentary,
            answers={
                by_number[n]: AnswerInput(a, note)
                for n, (a, note) in answers.items()
                if n in by_number
            },
        )


def _evidence(review: Review, by) -> None:
    def marker(number):
        return Marker.objects.get(marker_set_id=review.marker_set_id, number=number)

    existing = set(Evidence.objects.filter(review=review).values_list("title", flat=True))
    items = [
        (
            1,
            "Referral form",
            "file",
            lambda: SimpleUploadedFile(
                "referral-form.pdf",
                _pdf(
                    f"Referral: {review.title}",
                    [
                        "Referred by Northshire Children's Social Care.",
                        "Reason: serious harm; neglect suspected.",
                    ],
                ),
            ),
            [1, 2],
        ),
        (
            6,
            "Terms of reference v1.2",
            "file",
            lambda: SimpleUploadedFile(
                "terms-of-reference.txt",
                (
                    f"Terms of reference: {review.title}\n\nMethodology: SILP\n"
                    "Period under review: 18 months before the incident\n"
                ).encode(),
            ),
            [1],
        ),
        (2, "Chair's decision letter", "note", None, [1, 2]),
        (7, "Working Together 2023, chapter 5", "link", None, []),
    ]
    for number, title, kind, upload, questions in items:
        if title in existing:
            continue
        m = marker(number)
        evidence_add(
            review=review,
            marker=m,
            by=by,
            kind=kind,
            title=title,
            description="The chair decided to hold a review on the panel's recommendation."
            if kind == "note"
            else "Demo document.",
            url="https://www.gov.uk/government/publications/working-together-to-safeguard-children--2"
            if kind == "link"
            else "",
            questions=list(m.questions.filter(number__in=questions)),
            upload=upload() if upload else None,
        )


def _qa(review: Review, cast, by) -> None:
    if not AssessmentPoint.objects.filter(review=review, kind="planning").exists():
        assessment_point_take(review=review, kind="planning", name="Planning", by=by)
    marker = Marker.objects.get(marker_set_id=review.marker_set_id, number=4)
    body = "What support has been offered to the father, and when will he be approached?"
    if not MarkerComment.objects.filter(review=review, marker=marker, body=body).exists():
        comment = MarkerComment.objects.create(
            review=review, marker=marker, author=cast.users["chair"], body=body
        )
        MarkerComment.objects.create(
            review=review,
            marker=marker,
            author=cast.users["manager"],
            body="Please add the advocate's contact to the evidence.",
        )
        comment.resolve(by=by, reply="Probation is confirming his address; letter ready to send.")


def seed_assessments(cast) -> None:
    for review in Review.objects.filter(board=cast.board).order_by("pk"):
        by = _assessor(review, cast)
        _assess(review, by)
        if review.stage != Review.Stage.NOT_PROCEEDING:
            _evidence(review, by)
            _qa(review, cast, by)
