"""Demo outcomes: findings, actions in every status (some overdue), a board response, a
publication record and a restricted list, on the demo reviews that have reached the outputs,
monitoring or closed stages. Idempotent: records are found by review, number or term.

All names, places and dates are invented.
"""

from datetime import timedelta

from django.utils import timezone

from reviews.models import (
    Action,
    ActionUpdate,
    BoardResponse,
    Finding,
    Publication,
    RestrictedTerm,
    Review,
)

STAGES = [Review.Stage.OUTPUTS, Review.Stage.MONITORING, Review.Stage.CLOSED]

FINDINGS = [
    (
        "Agencies did not share concerns about neglect early enough.",
        "Each agency held part of the picture; thresholds for a referral were understood "
        "differently, and no one convened a multi-agency meeting.",
        Finding.Priority.HIGH,
        Finding.Level.TOOLS,
        False,
    ),
    (
        "The voice of the child was not heard in assessments.",
        "Home visits were announced and brief; practitioners spoke to the parents, not the "
        "children, because workloads pushed visits to the end of the day.",
        Finding.Priority.HIGH,
        Finding.Level.FRONTLINE,
        False,
    ),
    (
        "National guidance on safe sleep is not reaching fathers.",
        "Leaflets and visits are aimed at mothers; fathers were rarely present.",
        Finding.Priority.MEDIUM,
        Finding.Level.NATIONAL,
        True,
    ),
]

# (finding number, action number, text, agency index, status, days from today, rating)
S, R = Action.Status, Action.Rating
ACTIONS = [
    (1, 1, "Agree a multi-agency neglect threshold document.", 0, S.COMPLETED, -60, R.ACHIEVED),
    (1, 2, "Audit neglect referrals against the thresholds.", 1, S.IN_PROGRESS, -10, R.SLIPPED),
    (2, 1, "Make unannounced visits part of the neglect pathway.", 0, S.AGREED, 20, R.ON_TRACK),
    (2, 2, "Train health visitors in direct work with children.", 4, S.IN_PROGRESS, -5, ""),
    (3, 1, "Write to the National Panel about safe sleep and fathers.", 2, S.PROPOSED, 45, ""),
    (3, 2, "Commission a local safe sleep campaign.", 3, S.NOT_TAKEN_FORWARD, 30, ""),
]


def seed_outcomes(cast) -> None:
    today = timezone.localdate()
    reviews = Review.objects.filter(board=cast.board, stage__in=STAGES).order_by("reference")
    agencies = list(cast.agencies.values())
    manager = cast.users["manager"]
    for review in reviews[:4]:
        if review.report_received_on is None:
            review.report_received_on = today - timedelta(days=120)
            review.save(update_fields=["report_received_on"])
        findings = {}
        for number, (text, explanation, priority, level, national) in enumerate(FINDINGS, 1):
            findings[number], _ = Finding.objects.get_or_create(
                review=review,
                number=number,
                defaults={
                    "text": text,
                    "explanation": explanation,
                    "priority": priority,
                    "level": level,
                    "is_national": national,
                },
            )
        for f_no, a_no, text, agency_index, status, days, rating in ACTIONS:
            target = max(today + timedelta(days=days), review.report_received_on)
            action, created = Action.objects.get_or_create(
                finding=findings[f_no],
                number=a_no,
                defaults={
                    "review": review,
                    "text": text,
                    "lead_agency": agencies[agency_index % len(agencies)],
                    "lead_officer": "Head of Safeguarding",
                    "target_date": target,
                    "status": status,
                    "rating": rating,
                    "success_measure": "An audit shows the change in practice.",
                    "evidence_required": "Audit report to the board",
                    **_status_details(status, rating, target, manager, today),
                },
            )
            if created and status == S.IN_PROGRESS:
                ActionUpdate.objects.create(
                    action=action,
                    on=today - timedelta(days=14),
                    text="Work started; first sessions held.",
                    by=manager,
                )
        RestrictedTerm.objects.get_or_create(
            review=review, term="Jayden Smith", defaults={"kind": RestrictedTerm.Kind.NAME}
        )
        RestrictedTerm.objects.get_or_create(
            review=review, term="14 Elm Road", defaults={"kind": RestrictedTerm.Kind.ADDRESS}
        )
        BoardResponse.objects.get_or_create(
            review=review,
            defaults={
                "text": "The board accepts the findings and has agreed the action plan below.",
                "acceptance": BoardResponse.Acceptance.FULLY,
                "priorities": "Neglect is already a priority of the learning and improvement "
                "framework; these actions sit within it.",
                "monitoring": "The quality assurance sub-group reviews progress every quarter.",
            },
        )
        _publication(review, today)


def _status_details(status, rating, target, manager, today) -> dict:
    if status == S.COMPLETED:
        return {
            "evidence_received": "Threshold document published on the board website.",
            "completed_by": manager,
            "completed_on": today - timedelta(days=30),
            "impact_on_practice": Action.Impact.YES,
            "impact_on_children": Action.Impact.NOT_KNOWN,
            "follow_up_on": today + timedelta(days=90),
        }
    if status == S.NOT_TAKEN_FORWARD:
        return {"not_taken_forward_reason": "A national campaign now covers this."}
    if rating == R.SLIPPED:
        return {
            "revised_date": target + timedelta(days=5),
            "rating_reason": "The audit lead left; a new lead started last month.",
        }
    return {}


def _publication(review, today) -> None:
    if Publication.objects.filter(review=review).exists():
        return
    if review.stage == Review.Stage.OUTPUTS:
        Publication.objects.create(
            review=review, status=Publication.Status.NOT_YET, planned_on=today + timedelta(days=30)
        )
        return
    published = review.published_on or today - timedelta(days=60)
    Publication.objects.create(
        review=review,
        status=Publication.Status.PUBLISHED,
        planned_on=published,
        where_published="The board's website and the NSPCC national case review repository",
        available_until=published + timedelta(days=400),
        family_informed_on=published - timedelta(days=14),
        family_support="Meeting with the lead reviewer and the board manager",
        professionals_informed_on=published - timedelta(days=14),
        professionals_support="Briefings by each agency's designated lead",
        media_strategy=True,
    )
    if review.published_on is None:
        review.published_on = published
        review.sent_to_national_bodies_on = published - timedelta(days=10)
        review.save(update_fields=["published_on", "sent_to_national_bodies_on"])
