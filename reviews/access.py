"""The one access checkpoint for reviews and everything a review holds.

Every review view calls ``get_review_for_user``. Outside the user's boards (or, for a lead
reviewer, outside their reviews) the answer is 404, so nobody learns that a review exists;
inside, an action the user's role does not allow is 403.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404

from accounts.access import memberships_of
from accounts.models import Membership
from reviews import redaction
from reviews.models import Review, ReviewRole
from scrqm.prepared import PreparedObjects, keep_related

Role = Membership.Role
WITHDRAWN_EVIDENCE = "Withdrawn evidence"


@dataclass(frozen=True)
class ReviewAccess:
    board_role: str | None
    review_roles: frozenset[str]
    agency_id: int | None = None

    @property
    def can_view(self) -> bool:
        if self.board_role in (Role.BOARD_MANAGER, Role.CHAIR, Role.BOARD_MEMBER):
            return True
        return self.board_role is not None and bool(self.review_roles)

    @property
    def can_manage(self) -> bool:
        """Board managers: edit the review's records, move stages."""
        return self.board_role == Role.BOARD_MANAGER

    @property
    def can_decide(self) -> bool:
        """The chair records the chair's decisions and signs off."""
        return self.board_role == Role.CHAIR

    @property
    def can_assess(self) -> bool:
        """The review's lead reviewer(s) and panel members record the assessment."""
        return self.board_role is not None and bool(
            self.review_roles & {ReviewRole.Role.LEAD_REVIEWER, ReviewRole.Role.PANEL_MEMBER}
        )

    @property
    def can_comment(self) -> bool:
        """Quality-assurance challenge (marker 7) by board managers and chairs."""
        return self.board_role in (Role.BOARD_MANAGER, Role.CHAIR)

    @property
    def can_log_decisions(self) -> bool:
        """The chair records the chair's decisions; board managers the others (publication,
        scope). See ``decision_kinds``."""
        return self.can_decide or self.can_manage

    def decision_kinds(self) -> list[str]:
        from reviews.models import Decision

        if self.can_decide:
            return list(Decision.Kind.values)
        if self.can_manage:
            return [k for k in Decision.Kind.values if k not in Decision.CHAIR_KINDS]
        return []

    @property
    def can_log_involvement(self) -> bool:
        """Board managers, and the lead reviewers and panel members who keep the involvement
        logs (markers 4, 11, 12)."""
        return self.can_manage or self.can_assess

    @property
    def is_team(self) -> bool:
        """The review's own team, who may see restricted data such as family members' names."""
        return self.board_role in (Role.BOARD_MANAGER, Role.CHAIR) or bool(self.review_roles)

    @property
    def can_draft_findings(self) -> bool:
        """Board managers record findings; the review's lead reviewer drafts them too."""
        return self.can_manage or self.can_assess

    @property
    def can_see_restricted(self) -> bool:
        return self.is_team

    def can_download(self, evidence) -> bool:
        """Evidence files are for everyone who reads the review, until the evidence is
        withdrawn: it is often withdrawn because it belongs to another case or names someone it
        should not, so from then on only the review's team (who keep the audit) may open it."""
        return self.can_view and (not evidence.is_withdrawn or self.is_team)

    def evidence_title(self, evidence) -> str:
        """Withdrawn evidence is known by its title to the team only, for the same reason."""
        return evidence.title if self.can_download(evidence) else WITHDRAWN_EVIDENCE

    def can_update_action(self, action) -> bool:
        """Board managers edit any action of their board's reviews; a board member updates
        the progress, evidence and status of the actions their own agency leads."""
        if self.can_manage:
            return True
        return (
            self.board_role == Role.BOARD_MEMBER
            and self.agency_id is not None
            and self.agency_id == action.lead_agency_id
        )

    def allows(self, need: str) -> bool:
        return getattr(self, f"can_{need}")


NO_ACCESS = ReviewAccess(None, frozenset())


def review_access(user, review: Review, roles: list[ReviewRole] | None = None) -> ReviewAccess:
    membership = memberships_of(user).get(review.board_id)
    if membership is None:
        return NO_ACCESS
    if roles is None:
        roles = [r for r in review.roles.all() if r.user_id == user.pk]
    return ReviewAccess(
        board_role=membership.role,
        review_roles=frozenset(r.role for r in roles if r.user_id == user.pk),
        agency_id=membership.agency_id,
    )


# The review and its team as most review pages read them: their SQL compiled once per
# process, not on every request.
REVIEW = PreparedObjects(
    lambda pk: Review.objects.select_related("board", "marker_set").filter(pk=pk)
)
_TEAM = PreparedObjects(
    lambda review_id: ReviewRole.objects.select_related("user").filter(review_id=review_id)
)


def get_review_for_user(
    user, pk: int, need: str = "view", queryset=None, *, read=REVIEW, related=None
) -> tuple[Review, ReviewAccess]:
    """The review and what the user may do with it; 404 if they may not see it, 403 if they
    may see it but not do ``need`` (view, manage, decide, assess, comment,
    draft_findings, see_restricted). A page that shows the review's records reads them with
    the review, so that it is read once: its own ``read`` (a ``PreparedObjects`` of the
    review, with the records it selects) and ``related`` (``PreparedObjects`` of reverse
    foreign keys by name, run with ``review_id``), or a ``queryset`` of reviews with its
    prefetches. The records are read only once the check has passed."""
    if queryset is None:
        review = next(iter(read.run(pk=int(pk))), None)
        if review is None:
            raise Http404("No such review")
        keep_related(review, "roles", _TEAM.run(review_id=review.pk))
        later = ()
    else:
        later = queryset._prefetch_related_lookups
        try:
            # The team with their users in one query (a join), not a query for each.
            review = (
                queryset.prefetch_related(None)
                .select_related("board", "marker_set")
                .prefetch_related(Prefetch("roles", ReviewRole.objects.select_related("user")))
                .get(pk=pk)
            )
        except Review.DoesNotExist:
            raise Http404("No such review") from None
    access = review_access(user, review, list(review.roles.all()))
    if not access.can_view:
        raise Http404("No such review")
    if not access.allows(need):
        raise PermissionDenied
    if later:
        prefetch_related_objects([review], *later)
    for name, records in (related or {}).items():
        keep_related(review, name, records.run(review_id=review.pk))
    # Restricted details typed into the review's text are hidden on the page from people
    # outside the team (reviews.redaction).
    redaction.note_review(review.pk, access.can_see_restricted)
    return review, access
