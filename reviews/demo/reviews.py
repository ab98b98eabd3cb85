"""Demo reviews of the Northshire board, one or more in every stage. Invented cases,
pseudonyms only. Idempotent: a review whose reference exists is left as it is."""

from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from markers.models import MarkerSet
from reviews.demo.people import DemoCast
from reviews.models import (
    AgencyContribution,
    Decision,
    InvolvementRecord,
    Notification,
    NotifiedChild,
    ParallelProcess,
    PractitionerEvent,
    RapidReview,
    Referral,
    Review,
    ReviewRole,
    StageMove,
    TermsOfReference,
    Theme,
)

POLICE = "Northshire Constabulary"
CSC = "Northshire Children's Social Care"
HEALTH = "Northshire Integrated Care Board"
EDUCATION = "Northshire Education Services"
COMMUNITY = "Northshire Community Health Trust"

STAGES = ["referral", "setup", "running", "outputs", "monitoring", "closed"]

# reference, title, kind, stage, themes, key dates, lead reviewer
REVIEWS = [
    (
        "SCR-2026-007",
        "Child M",
        "lcspr",
        "referral",
        ["Neglect", "Parental substance misuse"],
        {
            "incident_on": date(2026, 10, 28),
            "aware_on": date(2026, 10, 29),
            "notified_on": date(2026, 11, 3),
            "referral_on": date(2026, 11, 9),
        },
        None,
    ),
    (
        "SCR-2026-006",
        "Sibling group K",
        "lcspr",
        "setup",
        ["Domestic abuse", "Emotional abuse"],
        {
            "incident_on": date(2026, 8, 2),
            "aware_on": date(2026, 8, 3),
            "notified_on": date(2026, 8, 7),
            "referral_on": date(2026, 8, 12),
            "info_requested_on": date(2026, 8, 13),
            "info_received_on": date(2026, 8, 27),
            "decision_on": date(2026, 9, 2),
            "board_advised_on": date(2026, 9, 4),
            "family_informed_on": date(2026, 9, 10),
        },
        "reviewer2",
    ),
    (
        "SCR-2026-004",
        "Child R",
        "lcspr",
        "running",
        ["Non-accidental head injury", "Infants under one", "Domestic abuse"],
        {
            "incident_on": date(2026, 3, 14),
            "aware_on": date(2026, 3, 16),
            "notified_on": date(2026, 3, 20),
            "referral_on": date(2026, 3, 24),
            "info_requested_on": date(2026, 3, 25),
            "info_received_on": date(2026, 4, 8),
            "decision_on": date(2026, 4, 14),
            "board_advised_on": date(2026, 4, 16),
            "family_informed_on": date(2026, 4, 21),
            "tor_agreed_on": date(2026, 5, 12),
            "lead_reviewer_commissioned_on": date(2026, 5, 5),
        },
        "reviewer",
    ),
    (
        "SCR-2026-002",
        "Young person J",
        "lcspr",
        "outputs",
        [
            "Extra-familial harm and exploitation",
            "Criminal exploitation and county lines",
            "Children not in school",
        ],
        {
            "incident_on": date(2025, 11, 30),
            "aware_on": date(2025, 12, 1),
            "notified_on": date(2025, 12, 5),
            "referral_on": date(2025, 12, 10),
            "info_requested_on": date(2025, 12, 11),
            "info_received_on": date(2026, 1, 9),
            "decision_on": date(2026, 1, 15),
            "board_advised_on": date(2026, 1, 19),
            "family_informed_on": date(2026, 1, 26),
            "tor_agreed_on": date(2026, 2, 16),
            "lead_reviewer_commissioned_on": date(2026, 2, 2),
            "report_received_on": date(2026, 8, 28),
            "presented_to_board_on": date(2026, 9, 24),
        },
        "reviewer",
    ),
    (
        "SCR-2025-009",
        "Child D",
        "scr",
        "monitoring",
        ["Neglect", "Disability"],
        {
            "incident_on": date(2025, 2, 3),
            "aware_on": date(2025, 2, 4),
            "notified_on": date(2025, 2, 10),
            "referral_on": date(2025, 2, 12),
            "decision_on": date(2025, 3, 5),
            "board_advised_on": date(2025, 3, 7),
            "family_informed_on": date(2025, 3, 14),
            "tor_agreed_on": date(2025, 4, 2),
            "lead_reviewer_commissioned_on": date(2025, 3, 26),
            "report_received_on": date(2025, 9, 1),
            "presented_to_board_on": date(2025, 9, 25),
            "response_agreed_on": date(2025, 10, 16),
            "sent_to_national_bodies_on": date(2025, 11, 3),
            "published_on": date(2025, 11, 17),
        },
        "reviewer",
    ),
    (
        "SCR-2024-011",
        "Baby L",
        "scr",
        "closed",
        ["Sudden unexpected death in infancy", "Parental mental ill-health"],
        {
            "incident_on": date(2024, 5, 6),
            "aware_on": date(2024, 5, 7),
            "notified_on": date(2024, 5, 13),
            "referral_on": date(2024, 5, 15),
            "decision_on": date(2024, 6, 4),
            "board_advised_on": date(2024, 6, 6),
            "family_informed_on": date(2024, 6, 12),
            "tor_agreed_on": date(2024, 7, 1),
            "lead_reviewer_commissioned_on": date(2024, 6, 24),
            "report_received_on": date(2024, 12, 2),
            "presented_to_board_on": date(2025, 1, 16),
            "response_agreed_on": date(2025, 2, 6),
            "sent_to_national_bodies_on": date(2025, 2, 24),
            "published_on": date(2025, 3, 10),
            "closed_on": date(2026, 3, 12),
        },
        "reviewer",
    ),
    (
        "SCR-2026-005",
        "Child P",
        "rapid",
        "not_proceeding",
        ["Physical abuse"],
        {
            "incident_on": date(2026, 6, 8),
            "aware_on": date(2026, 6, 9),
            "notified_on": date(2026, 6, 12),
            "referral_on": date(2026, 6, 15),
            "decision_on": date(2026, 7, 2),
            "board_advised_on": date(2026, 7, 6),
        },
        None,
    ),
]


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def seed_reviews(cast: DemoCast) -> None:
    marker_set = MarkerSet.objects.current()
    users, agencies = cast.users, cast.agencies
    for reference, title, kind, stage, themes, key_dates, lead in REVIEWS:
        if Review.objects.filter(board=cast.board, reference=reference).exists():
            continue
        with transaction.atomic():
            review = Review.objects.create(
                board=cast.board,
                marker_set=marker_set,
                reference=reference,
                title=title,
                kind=kind,
                stage=stage,
                created_by=users["manager"],
                budget=18000 if kind != "rapid" else None,
                actual_cost=16250 if stage in ("monitoring", "closed") else None,
                **key_dates,
            )
            review.themes.set(Theme.objects.filter(board__isnull=True, name__in=themes))
            _people(review, users, lead)
            _records(review, users, agencies, key_dates, stage)
            _moves(review, users, key_dates, stage)


def _people(review, users, lead):
    roles = [("manager", "board_manager"), ("chair", "chair")]
    if lead:
        roles.append((lead, "lead_reviewer"))
    if review.stage in ("running", "outputs"):
        roles.append(("member2", "panel_member"))
    for username, role in roles:
        ReviewRole.objects.create(review=review, user=users[username], role=role)


def _records(review, users, agencies, d, stage):
    Referral.objects.create(
        review=review,
        referring_agency=agencies[POLICE if review.kind != "rapid" else CSC],
        rationale=(
            f"{review.title} was seriously harmed; several agencies were involved with the "
            "family in the months before, and there are concerns about how they worked together."
        ),
        statutory_criteria="met" if review.kind != "rapid" else "unclear",
        information_gathered="Chronologies requested from police, health and social care.",
    )
    notification = Notification.objects.create(
        review=review, panel_reference=f"NP-{review.reference[-8:]}", ofsted_notified=True
    )
    NotifiedChild.objects.create(
        notification=notification,
        pseudonym=review.title,
        age_band="under_1" if "Baby" in review.title or review.title == "Child R" else "10_15",
        sex="female" if review.title in ("Child R", "Child M", "Baby L") else "male",
        ethnicity="White British",
        plan="cin" if stage != "closed" else "cp",
        harm="died" if review.title == "Baby L" else "harmed",
        incident_type="sudi" if review.title == "Baby L" else "abuse",
    )
    if review.kind == "rapid" or stage in ("setup", "running"):
        RapidReview.objects.create(
            review=review,
            summaries_requested_on=d["notified_on"],
            summaries_received_on=d["referral_on"],
            immediate_actions="Safety plan for siblings agreed at a strategy meeting.",
            learning_identified="Information about the adults' history was not shared.",
            recommendation="no_review" if stage == "not_proceeding" else "lcspr",
            rationale="Learning can be taken forward through the single-agency action plans."
            if stage == "not_proceeding"
            else "Multi-agency learning about pre-birth assessment.",
            signed_off_on=d["referral_on"],
            signed_off_by="The three safeguarding partners",
            sent_to_panel_on=d["referral_on"],
        )
    if "decision_on" in d:
        proceed = stage != "not_proceeding"
        Decision.objects.create(
            review=review,
            kind="hold",
            outcome="proceed" if proceed else "not_proceed",
            decision="Hold a local child safeguarding practice review"
            if proceed
            else "Do not hold a review; learning taken forward through the action plan",
            rationale="The statutory criteria are met and there is learning for the partnership."
            if proceed
            else "Rapid review found the learning is single-agency and already addressed.",
            factors=["learning", "previous", "family"] + ([] if proceed else ["resources"]),
            decided_by=users["chair"],
            decided_on=d["decision_on"],
            board_advised_on=d.get("board_advised_on"),
        )
    if "tor_agreed_on" in d:
        TermsOfReference.objects.create(
            review=review,
            methodology="learning_together" if stage != "closed" else "silp",
            period_from=date(d["incident_on"].year - 1, 1, 1),
            period_to=d["incident_on"],
            lines_of_enquiry="How agencies shared information about risk.\n"
            "How the voice of the child was heard.",
            agencies_and_contributions="Police, health, children's social care, education.",
            reviewers_and_roles="Independent lead reviewer; review panel of senior managers.",
            governance="Panel reports monthly to the chair; QA by the business unit.",
            milestones="Practitioner event; draft report; board presentation.",
            proportionality="A systems review focused on two lines of enquiry.",
        )
        Decision.objects.create(
            review=review,
            kind="commissioning",
            decision="Commission an independent lead reviewer",
            rationale="Independence from the agencies involved.",
            factors=["learning", "resources"],
            decided_by=users["chair"],
            decided_on=d["lead_reviewer_commissioned_on"],
        )
    if stage in ("running", "outputs", "monitoring", "closed"):
        for i, agency in enumerate([POLICE, CSC, HEALTH, EDUCATION]):
            received = stage != "running" or i < 2
            AgencyContribution.objects.create(
                review=review,
                agency=agencies[agency],
                asked_for=["chronology", "summary"],
                requested_on=d["tor_agreed_on"],
                due_on=date.fromordinal(d["tor_agreed_on"].toordinal() + 28),
                chaser_count=0 if received else 2,
                last_chased_on=None if received else date(2026, 7, 1),
                received_on=date.fromordinal(d["tor_agreed_on"].toordinal() + 26)
                if received
                else None,
            )
        PractitionerEvent.objects.create(
            review=review,
            held_on=date.fromordinal(d["tor_agreed_on"].toordinal() + 60),
            title="Practitioner learning event",
            attendees=14,
        )
        InvolvementRecord.objects.create(
            review=review,
            kind="family",
            role="Mother",
            real_name="(demo) Mother's name",
            informed_how="Letter, then a visit with the family's social worker",
            informed_on=d.get("family_informed_on"),
            involved_how="Met the lead reviewer at home",
            support_offered="Interpreter and an advocate offered",
            equality_needs="Needs a Polish interpreter",
        )
        InvolvementRecord.objects.create(
            review=review,
            kind="practitioner",
            role="Health visitor",
            agency=agencies[COMMUNITY],
            involved_how="Attended the practitioner learning event",
        )
        ParallelProcess.objects.create(
            review=review,
            kind="criminal",
            lead_agency=POLICE,
            contact="DI A. Example, Public Protection Unit",
            status="concluded" if stage in ("monitoring", "closed") else "under_way",
            constraints="No interviews with the adults until charging decisions are made.",
            holds_publication=stage in ("running", "outputs"),
        )
    if "published_on" in d:
        Decision.objects.create(
            review=review,
            kind="publication",
            decision="Publish the full report",
            rationale="No parallel process prevents publication; family consulted.",
            factors=["public_trust", "family", "media"],
            decided_by=users["chair"],
            decided_on=d["response_agreed_on"],
        )


def _moves(review, users, d, stage):
    """Stage moves up to the review's stage, dated from its key dates."""
    if stage == "not_proceeding":
        path = [("referral", "not_proceeding", d["decision_on"])]
    else:
        when = {
            "setup": d.get("decision_on"),
            "running": d.get("tor_agreed_on"),
            "outputs": d.get("report_received_on"),
            "monitoring": d.get("response_agreed_on"),
            "closed": d.get("closed_on"),
        }
        upto = STAGES.index(stage)
        path = [(STAGES[i - 1], STAGES[i], when[STAGES[i]]) for i in range(1, upto + 1)]
    for from_stage, to_stage, day in path:
        move = StageMove.objects.create(
            review=review, from_stage=from_stage, to_stage=to_stage, by=users["manager"]
        )
        # "at" is set on creation; date it to when the move happened.
        StageMove.objects.filter(pk=move.pk).update(at=_at(day))
