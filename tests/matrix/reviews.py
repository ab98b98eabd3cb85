"""Who may do what on the review lifecycle pages (issue 3)."""

from datetime import date

from accounts.models import Membership
from reviews.models import (
    AgencyContribution,
    Decision,
    DisclosableMaterial,
    InvolvementRecord,
    Notification,
    NotifiedChild,
    ParallelProcess,
    PractitionerEvent,
    ReviewRole,
)
from tests.factories import MembershipFactory, ReviewRoleFactory, UserFactory
from tests.matrix import POST_ONLY, REVIEW_MANAGE, REVIEW_READ, row

# Any board manager may open a review (on their own board); nobody else may.
CREATE = row(403, manager=200, outsider=200)
# Board managers record most decisions, the chair all of them (see reviews.access).
LOG_DECISIONS = row(403, manager=200, chair=200, reviewer_off=404, outsider=404, admin=404)
# Board managers and the review's lead reviewer keep the involvement logs.
LOG_INVOLVEMENT = row(403, manager=200, reviewer=200, reviewer_off=404, outsider=404, admin=404)


def _manage() -> dict:
    """A manager's page: GET 200; an empty POST shows the form again (200)."""
    return {"get": REVIEW_MANAGE, "post": REVIEW_MANAGE}


def _post_only(status_for_manager: int = 302) -> dict:
    return {
        "get": POST_ONLY,
        "post": row(403, manager=status_for_manager, reviewer_off=404, outsider=404, admin=404),
    }


EXPECTED = {
    "reviews:create": {"get": CREATE, "post": CREATE},
    "reviews:themes": {"get": CREATE, "post": CREATE},
    "reviews:records": {"get": REVIEW_READ},
    "reviews:timeline": {"get": REVIEW_READ},
    "reviews:history": {"get": REVIEW_READ},
    "reviews:edit": _manage(),
    "reviews:dates": _manage(),
    "reviews:move": _manage(),
    "reviews:people": _manage(),
    # GET: the confirmation page; POST: the removal.
    "reviews:role_remove": {"get": REVIEW_MANAGE, "post": _post_only()["post"]},
    "reviews:convert": _post_only(),
    "reviews:referral": _manage(),
    "reviews:notification": _manage(),
    "reviews:child_add": _manage(),
    "reviews:child_edit": _manage(),
    "reviews:rapid_review": _manage(),
    "reviews:tor": _manage(),
    "reviews:decision_add": {"get": LOG_DECISIONS, "post": LOG_DECISIONS},
    "reviews:decision_edit": {"get": LOG_DECISIONS, "post": LOG_DECISIONS},
    "reviews:decision_withdraw": {"get": LOG_DECISIONS, "post": LOG_DECISIONS},
    "reviews:contribution_add": _manage(),
    "reviews:contribution_edit": _manage(),
    "reviews:contribution_withdraw": _manage(),
    "reviews:contribution_chase": _post_only(),
    "reviews:involvement_add": {"get": LOG_INVOLVEMENT, "post": LOG_INVOLVEMENT},
    "reviews:involvement_edit": {"get": LOG_INVOLVEMENT, "post": LOG_INVOLVEMENT},
    "reviews:involvement_withdraw": {"get": LOG_INVOLVEMENT, "post": LOG_INVOLVEMENT},
    "reviews:process_add": _manage(),
    "reviews:process_edit": _manage(),
    "reviews:process_withdraw": _manage(),
    "reviews:material_add": _manage(),
    "reviews:material_edit": _manage(),
    "reviews:material_withdraw": _manage(),
    "reviews:event_add": _manage(),
    "reviews:event_edit": _manage(),
    "reviews:event_withdraw": _manage(),
    "reviews:delay": _manage(),
}


def kwargs(cast) -> dict:
    review = cast.review
    # Someone outside the standard cast, so removing them changes no one's access.
    panel = UserFactory(username="panel-member")
    MembershipFactory(user=panel, board=cast.board, role=Membership.Role.BOARD_MEMBER)
    role = ReviewRoleFactory(review=review, user=panel, role=ReviewRole.Role.PANEL_MEMBER)
    decision = Decision.objects.create(
        review=review,
        kind=Decision.Kind.PUBLICATION,
        decision="Publish in full",
        rationale="No parallel process holds it",
        decided_by=cast.manager,
        decided_on=date(2026, 3, 3),
    )
    contribution = AgencyContribution.objects.create(
        review=review,
        agency=cast.agency,
        asked_for=["chronology"],
        requested_on=date(2026, 3, 3),
        due_on=date(2026, 3, 17),
    )
    notification = Notification.objects.create(review=review)
    child = NotifiedChild.objects.create(
        notification=notification,
        pseudonym="Child R",
        age_band="1_4",
        sex="female",
        plan="cp",
        harm="harmed",
        incident_type="abuse",
    )
    process = ParallelProcess.objects.create(review=review, kind="criminal", lead_agency="Police")
    return {
        "role_pk": role.pk,
        "decision_pk": decision.pk,
        "contribution_pk": contribution.pk,
        "involvement_pk": InvolvementRecord.objects.create(
            review=review, kind="family", role="Mother", real_name="Jane Example"
        ).pk,
        "process_pk": process.pk,
        "material_pk": DisclosableMaterial.objects.create(
            review=review, item="Police interview notes", owner="Police", process=process
        ).pk,
        "event_pk": PractitionerEvent.objects.create(
            review=review, held_on=date(2026, 5, 5), title="Learning event"
        ).pk,
        "child_pk": child.pk,
        "milestone": f"contribution-{contribution.pk}",
    }
