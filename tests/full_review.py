"""One review holding one of every editable record, with values every edit form accepts,
and the edit pages of those records (for the concurrent-edit and fuzz tests)."""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse

from reviews import timescales
from reviews.models import (
    Action,
    AgencyContribution,
    BoardResponse,
    Decision,
    Delay,
    DisclosableMaterial,
    Finding,
    InvolvementRecord,
    Notification,
    NotifiedChild,
    ParallelProcess,
    PractitionerEvent,
    Publication,
    RapidReview,
    Referral,
    TermsOfReference,
)


@dataclass
class Records:
    referral: Referral
    notification: Notification
    child: NotifiedChild
    rapid: RapidReview
    tor: TermsOfReference
    decision: Decision
    contribution: AgencyContribution
    involvement: InvolvementRecord
    process: ParallelProcess
    material: DisclosableMaterial
    event: PractitionerEvent
    finding: Finding
    action: Action
    response: BoardResponse
    publication: Publication
    delay: Delay


def make_records(cast) -> Records:
    review = cast.review
    review.referral_on, review.incident_on = date(2026, 1, 10), date(2026, 1, 2)
    review.save()
    notification = Notification.objects.create(review=review, panel_reference="NP-001")
    process = ParallelProcess.objects.create(
        review=review, kind="criminal", lead_agency="Police", status="under_way"
    )
    finding = Finding.objects.create(
        review=review, number=1, text="Concerns were not shared.", explanation="Thresholds."
    )
    return Records(
        referral=Referral.objects.create(
            review=review,
            referring_agency=cast.agency,
            rationale="Several agencies were involved with the family.",
            statutory_criteria="met",
        ),
        notification=notification,
        child=NotifiedChild.objects.create(
            notification=notification,
            pseudonym="Child R",
            age_band="under_1",
            sex="female",
            plan="cin",
            harm="harmed",
            incident_type="abuse",
        ),
        rapid=RapidReview.objects.create(
            review=review,
            summaries_requested_on=date(2026, 1, 11),
            immediate_actions="Safety plan agreed.",
            recommendation="lcspr",
            rationale="Multi-agency learning.",
        ),
        tor=TermsOfReference.objects.create(
            review=review,
            methodology="learning_together",
            period_from=date(2025, 1, 1),
            period_to=date(2026, 1, 2),
            lines_of_enquiry="How agencies shared information.",
        ),
        decision=Decision.objects.create(
            review=review,
            kind="commissioning",
            decision="Commission an independent lead reviewer",
            rationale="Independence from the agencies involved.",
            factors=["learning"],
            decided_by=cast.chair,
            decided_on=date(2026, 2, 1),
        ),
        contribution=AgencyContribution.objects.create(
            review=review,
            agency=cast.agency,
            asked_for=["chronology"],
            requested_on=date(2026, 2, 1),
            due_on=date(2026, 3, 1),
        ),
        involvement=InvolvementRecord.objects.create(
            review=review, kind="practitioner", role="Health visitor", agency=cast.agency
        ),
        process=process,
        material=DisclosableMaterial.objects.create(
            review=review, process=process, item="Chronology from the police", owner="Police"
        ),
        event=PractitionerEvent.objects.create(
            review=review, held_on=date(2026, 3, 10), title="Learning event", attendees=12
        ),
        finding=finding,
        action=Action.objects.create(
            review=review,
            finding=finding,
            number=1,
            text="Deliver multi-agency training on neglect thresholds.",
            lead_agency=cast.agency,
            target_date=date(2030, 1, 31),
            status=Action.Status.AGREED,
        ),
        response=BoardResponse.objects.create(
            review=review,
            text="The board accepts the findings.",
            acceptance="fully",
            priorities="Neglect is a priority.",
            monitoring="Quarterly audit reports.",
        ),
        publication=Publication.objects.create(
            review=review, status=Publication.Status.NOT_YET, planned_on=date(2027, 1, 1)
        ),
        delay=Delay.objects.create(
            review=review,
            milestone=timescales.review_milestones(review)[0].key,
            reason="The panel met late.",
        ),
    )


@dataclass(frozen=True)
class EditPage:
    """An edit page, who may use it, and a text box whose value a test can change."""

    name: str
    url: str
    user: str
    text: str


def edit_pages(cast, r: Records) -> list[EditPage]:
    pk = cast.review.pk

    def url(name, *args):
        return reverse(f"reviews:{name}", args=[pk, *args])

    return [
        EditPage("review details", url("edit"), "manager", "title"),
        EditPage("key dates", url("dates"), "manager", "referral_on_0"),
        EditPage("referral", url("referral"), "manager", "rationale"),
        EditPage("notification", url("notification"), "manager", "panel_reference"),
        EditPage("notified child", url("child_edit", r.child.pk), "manager", "pseudonym"),
        EditPage("rapid review", url("rapid_review"), "manager", "immediate_actions"),
        EditPage("terms of reference", url("tor"), "manager", "lines_of_enquiry"),
        EditPage("decision", url("decision_edit", r.decision.pk), "chair", "rationale"),
        EditPage(
            "contribution",
            url("contribution_edit", r.contribution.pk),
            "manager",
            "non_cooperation_reason",
        ),
        EditPage("involvement", url("involvement_edit", r.involvement.pk), "manager", "role"),
        EditPage("parallel process", url("process_edit", r.process.pk), "manager", "contact"),
        EditPage("material", url("material_edit", r.material.pk), "manager", "item"),
        EditPage("practitioner event", url("event_edit", r.event.pk), "manager", "title"),
        EditPage("delay", url("delay", r.delay.milestone), "manager", "reason"),
        EditPage("finding", url("finding_edit", r.finding.pk), "manager", "text"),
        EditPage("action", url("action_edit", r.action.pk), "manager", "text"),
        EditPage(
            "action progress", url("action_progress", r.action.pk), "member", "evidence_received"
        ),
        EditPage("board response", url("response_edit"), "manager", "text"),
        EditPage("publication", url("publication_edit"), "manager", "where_published"),
    ]
