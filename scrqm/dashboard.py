"""Each role's home page: what needs the user's attention today, board by board.

One section per membership, with the panels of that role (issue 10). Every panel shows at most
``ROWS`` rows and a link to the full filtered list, and the whole page runs a fixed number of
queries whatever the number of reviews, and its work does not grow with them either: each panel
counts in the database, up to ``COUNTED`` ("more than 100": the full list has the number), and
loads only the rows it shows; a section's counts are read in one query. Milestones overdue or
due soon are read from the stored due dates of the board's live reviews (``reviews.deadlines``),
with their labels: nothing is recomputed for the rows shown.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlencode

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from accesslog import alerts
from accounts.access import memberships_of
from accounts.models import Agency, Board, Membership, person_name
from markers.models import Marker
from reviews import deadlines
from reviews.models import (
    Action,
    AssessmentPoint,
    Deadline,
    Decision,
    MarkerAssessment,
    MarkerComment,
    Rating,
    Review,
    ReviewRole,
)
from reviews.models.outcomes import DUE
from scrqm import prepared
from scrqm.links import link

ROWS = 5  # rows per panel; the rest is behind the panel's link
COUNTED = 100  # a panel counts up to this many, then says "more than 100"
DUE_SOON_DAYS = 30
Role = Membership.Role
LIVE_EXCLUDED = [Review.Stage.CLOSED, Review.Stage.NOT_PROCEEDING]
TEAM_ROLES = [ReviewRole.Role.LEAD_REVIEWER, ReviewRole.Role.PANEL_MEMBER]
_STAGES = dict(Review.Stage.choices)
_POINT_KINDS = dict(AssessmentPoint.Kind.choices)


class CountUpTo(Subquery):
    """How many rows a queryset has, counting no further than ``COUNTED`` + 1: the database
    stops reading there, whatever the number of rows."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) counted)"
    output_field = IntegerField()

    def __init__(self, queryset, *, order_by=(), **extra):
        # ``order_by`` an index's order: the database reads that index and stops at the limit
        # (without, it may join every row first). Selecting no column lets it count from an
        # index alone, where the index holds what the filters read.
        counted = queryset.order_by(*order_by).values(one=Value(1))
        super().__init__(counted[: COUNTED + 1], **extra)


def _count(queryset) -> int:
    """How many rows, up to ``COUNTED`` + 1, in one query (a COUNT over a LIMIT)."""
    return queryset.order_by().values("pk")[: COUNTED + 1].count()


def count_label(n: int) -> str:
    return f"more than {COUNTED}" if n > COUNTED else str(n)


def _url(name: str, **query) -> str:
    query = {k: v for k, v in query.items() if v not in (None, "")}
    return reverse(name) + (f"?{urlencode(query)}" if query else "")


@dataclass
class Panel:
    """One box of the dashboard: a count, up to ``ROWS`` rows, and where the rest are."""

    key: str
    title: str
    count: int
    rows: list = field(default_factory=list)
    more_url: str = ""
    empty: str = "Nothing to do."
    # How many rows there are in all, when ``count`` counts something else (actions, not
    # the agencies listed).
    row_total: int | None = None

    @property
    def shown(self) -> list:
        return self.rows[:ROWS]

    @property
    def total(self) -> int:
        return self.count if self.row_total is None else self.row_total

    @property
    def has_more(self) -> bool:
        return self.total > ROWS

    @property
    def count_capped(self) -> bool:
        return self.count > COUNTED

    @property
    def total_capped(self) -> bool:
        return self.total > COUNTED

    @property
    def count_label(self) -> str:
        return count_label(self.count)

    @property
    def total_label(self) -> str:
        return count_label(self.total)


@dataclass
class Ctx:
    """What every panel builder needs: who, which board, today."""

    user: object
    visible: object  # Review.objects.visible_to(user)
    board_id: int
    today: date
    # ?board= on the links, for people on several boards (the lists show every board).
    board_query: dict
    # Whether the user sees every review of the board (Review.objects.visible_to).
    seen_whole: bool = False

    @property
    def board_reviews(self):
        return self.visible.filter(board_id=self.board_id)

    @property
    def live_deadlines(self):
        """The stored deadlines of the board's live reviews the user may see, from the index
        of each board's live deadlines by due date."""
        due = Deadline.objects.filter(board_id=self.board_id, live=True)
        return due if self.seen_whole else due.filter(review__in=self.board_reviews)


@dataclass
class Section:
    membership: Membership
    panels: list[Panel]
    stage_counts: list[dict] = field(default_factory=list)
    # For the board manager: unusual reading of the board's reviews (accesslog.alerts).
    access_alerts: object = None


def _live(ctx: Ctx):
    return ctx.board_reviews.exclude(stage__in=LIVE_EXCLUDED)


def _milestone_values(due, **more):
    """The first ROWS of the deadlines ``due`` in due-date order: the review's id, reference
    and title, the milestone's key and due date, the agency a contribution is asked of, and
    the values ``more``."""
    return (
        deadlines.with_asked(due)
        .order_by("due_on", "review__reference", "key")
        .values(
            "review_id",
            "key",
            "due_on",
            reference=F("review__reference"),
            title=F("review__title"),
            agency=Subquery(deadlines.asked_contribution().values("agency__name")),
            **more,
        )[:ROWS]
    )


def _milestone_queries(overdue, soon) -> dict:
    """Both milestone panels' first rows in one query, a UNION ALL of the two (the overdue
    ones are those due before today), where the database takes a LIMIT in each part of a
    compound query; SQLite does not: there, one query each."""
    if connection.features.supports_slicing_ordering_in_compound:
        return {"milestones": overdue.union(soon, all=True)}
    return {"overdue": overdue, "soon": soon}


def _milestone_labels(rows: list[dict], today: date) -> list[dict]:
    """The rows of ``_milestone_values`` as the panels show them: with the milestone's label
    and the days until or since it is due. The stored deadlines are the milestones not yet
    met, as timescales computes them (tests/test_deadlines.py), so nothing is recomputed."""
    for row in rows:
        row["label"] = deadlines.label(row["key"], row["agency"])
        row["days"] = abs((row["due_on"] - today).days)
        row["overdue"] = row["due_on"] < today
    return rows


def _with_deadline(reviews, **filters):
    """Those of ``reviews`` with an open milestone (matching ``filters``)."""
    return reviews.filter(Exists(Deadline.objects.filter(review=OuterRef("pk"), **filters)))


def _soonest_first_values(due):
    """The first ROWS reviews by their earliest of the deadlines ``due`` (one board's live
    deadlines), each with that deadline (``_milestone_values``): read in due-date order, each
    review at its first deadline (none of its own comes before), so the database stops after
    ROWS reviews."""
    earlier = Deadline.objects.filter(review=OuterRef("review")).filter(
        Q(due_on__lt=OuterRef("due_on")) | Q(due_on=OuterRef("due_on"), key__lt=OuterRef("key"))
    )
    return _milestone_values(due.exclude(Exists(earlier)))


def _contribution_values(late):
    """The first ROWS of the contribution deadlines ``late``, the longest overdue first, with
    each contribution's chasers."""
    chasers = Subquery(deadlines.asked_contribution().values("chaser_count"))
    return _milestone_values(late, chaser_count=chasers)


def _contribution_days(rows: list[dict], today: date) -> list[dict]:
    return [row | {"days": (today - row["due_on"]).days} for row in rows]


def _holds():
    return Decision.objects.current().filter(review=OuterRef("pk"), kind=Decision.Kind.HOLD)


def _decisions_waiting(ctx: Ctx):
    """Referrals with no current decision whether to hold a review (for counting them)."""
    # One look-up per referral (a subquery with LIMIT 1; NOT EXISTS is planned as an anti-join
    # reading every decision of every review).
    held = Subquery(_holds().order_by().values("pk")[:1])
    waiting = ctx.board_reviews.filter(stage=Review.Stage.REFERRAL).alias(held=held)
    return waiting.filter(held__isnull=True)


def _decision_values(ctx: Ctx):
    """The first ROWS of ``_decisions_waiting`` by reference. Here NOT EXISTS: read from the
    index of referrals by reference until ROWS have no decision (with the LIMIT 1 subquery,
    PostgreSQL expects few referrals to pass and sorts every one)."""
    waiting = ctx.board_reviews.filter(stage=Review.Stage.REFERRAL).exclude(Exists(_holds()))
    first = waiting.order_by("reference").values(
        "reference", "title", "referral_on", review_id=F("pk")
    )
    return first[:ROWS]


def _point_values(points):
    """The first ROWS assessment points, oldest first."""
    return points.order_by("taken_at", "pk").values(
        "pk", "review_id", "name", "kind", "taken_at", reference=F("review__reference")
    )[:ROWS]


def _point_labels(rows: list[dict]) -> list[dict]:
    """The rows of ``_point_values`` as the panel shows them: each named as ``str(point)``
    does, with its link."""
    for row in rows:
        row["label"] = row["name"] or _POINT_KINDS.get(row["kind"], row["kind"])
        row["url"] = link("reviews:point", row["review_id"], row["pk"])
    return rows


def _comment_values(comments):
    """The first ROWS challenges, oldest first: the review, the marker, who asked and when."""
    return comments.order_by("created_at", "pk").values(
        "review_id",
        "created_at",
        reference=F("review__reference"),
        number=F("marker__number"),
        first_name=F("author__first_name"),
        last_name=F("author__last_name"),
        username=F("author__username"),
    )[:ROWS]


def _comment_names(rows: list[dict]) -> list[dict]:
    """The rows of ``_comment_values`` with the name of who asked."""
    for row in rows:
        row["author"] = person_name(row["first_name"], row["last_name"], row["username"])
    return rows


def _stage_count_queries(board_id: int) -> dict:
    # COUNT(*): read from the index of live reviews by board and stage alone.
    live = Review.objects.filter(board_id=board_id).exclude(stage__in=LIVE_EXCLUDED)
    return {"stages": live.order_by().values("stage").annotate(n=Count("*"))}


_STAGE_COUNT_QUERIES = prepared.Prepared(_stage_count_queries)


def _stage_counts(ctx: Ctx) -> list[dict]:
    """Live reviews by stage, each count linking to the list filtered on that stage: for the
    roles that see every review of the board (the roles that have them)."""
    found = _STAGE_COUNT_QUERIES.run(board_id=ctx.board_id)["stages"]
    counts = {row["stage"]: row["n"] for row in found}
    return [
        {
            "label": label,
            "count": counts.get(stage, 0),
            "url": _url("reviews:list", stage=stage, **ctx.board_query),
        }
        for stage, label in Review.Stage.choices
        if stage not in LIVE_EXCLUDED
    ]


def _reviews_url(ctx: Ctx, **query) -> str:
    return _url("reviews:list", **query, **ctx.board_query)


def _manager_queries(board_id: int, today: date, soon_until: date) -> dict:
    """The board manager's panels' queries (``prepared``: built once per process). A board
    manager sees every review of the board (Review.objects.visible_to)."""
    ctx = Ctx(None, Review.objects.all(), board_id, today, {}, seen_whole=True)
    open_comments = MarkerComment.objects.filter(resolved_at__isnull=True)
    challenged = ctx.board_reviews.filter(Exists(open_comments.filter(review=OuterRef("pk"))))
    # By their own board (Action.board): read from the board's open actions by due date.
    overdue_actions = Action.objects.filter(board_id=board_id).overdue(today)
    # Review milestones (not contributions) overdue, and due by ``soon_until``.
    due = ctx.live_deadlines.exclude(key__startswith="contribution")
    overdue = due.filter(due_on__lt=today)
    soon = due.filter(due_on__range=(today, soon_until))
    # Contributions awaited past their due date, from their deadlines: those of the board's
    # live reviews, by due date (AgencyContribution has no board to read them by).
    chase = ctx.live_deadlines.filter(key__startswith="contribution-", due_on__lt=today)
    waiting = _decisions_waiting(ctx)
    counts = {
        "overdue": CountUpTo(overdue, order_by=["due_on"]),
        "soon": CountUpTo(soon, order_by=["due_on"]),
        "actions": CountUpTo(overdue_actions, order_by=[DUE]),
        "challenged": CountUpTo(challenged),
        "chase": CountUpTo(chase, order_by=["due_on"]),
        "waiting": CountUpTo(waiting),
    }
    per_review = open_comments.filter(review=OuterRef("pk")).order_by().values("review")
    challenges = (
        challenged.annotate(n=Subquery(per_review.annotate(n=Count("pk")).values("n")))
        .order_by("reference")
        .values("pk", "reference", "title", "n")[:ROWS]
    )
    # Each of the board's agencies counts its own, up to COUNTED: one query, bounded work.
    # In the order of the index of open actions by agency and due date.
    agencies = Agency.objects.filter(board_id=board_id).annotate(
        n=CountUpTo(overdue_actions.filter(lead_agency=OuterRef("pk")), order_by=[DUE])
    )
    return {
        "counts": Board.objects.filter(pk=board_id).values(**counts),
        "challenges": challenges,
        "agencies": agencies.values("pk", "name", "n"),
        **_milestone_queries(_milestone_values(overdue), _milestone_values(soon)),
        "waiting": _decision_values(ctx),
        "chase": _contribution_values(chase),
    }


_MANAGER_QUERIES = prepared.Prepared(_manager_queries)


def board_manager_panels(ctx: Ctx) -> list[Panel]:
    soon_until = ctx.today + timedelta(days=DUE_SOON_DAYS)
    found = _MANAGER_QUERIES.run(board_id=ctx.board_id, today=ctx.today, soon_until=soon_until)
    (counts,) = found["counts"]
    milestones = found.get("milestones", []) + found.get("overdue", []) + found.get("soon", [])
    milestones.sort(key=lambda r: (r["due_on"], r["reference"], r["key"]))
    overdue = [row for row in milestones if row["due_on"] < ctx.today]
    soon = [row for row in milestones if row["due_on"] >= ctx.today]
    challenges = [
        {"review_id": r["pk"], "review__reference": r["reference"], "review__title": r["title"]}
        | {"n": r["n"]}
        for r in found["challenges"]
    ]
    by_agency = sorted((a for a in found["agencies"] if a["n"]), key=lambda a: (-a["n"], a["name"]))
    return [
        Panel(
            "overdue_milestones",
            "Overdue milestones",
            counts["overdue"],
            _milestone_labels(overdue, ctx.today),
            _reviews_url(ctx, overdue="yes"),
            "No milestone is overdue.",
        ),
        Panel(
            "due_soon",
            f"Milestones due in the next {DUE_SOON_DAYS} days",
            counts["soon"],
            _milestone_labels(soon, ctx.today),
            _reviews_url(ctx),
            f"No milestone is due in the next {DUE_SOON_DAYS} days.",
        ),
        Panel(
            "decisions_waiting",
            "Referrals waiting for the chair's decision",
            counts["waiting"],
            found["waiting"],
            _reviews_url(ctx, stage=Review.Stage.REFERRAL),
            "No referral is waiting for a decision.",
        ),
        Panel(
            "contributions",
            "Agency contributions to chase",
            counts["chase"],
            _contribution_days(found["chase"], ctx.today),
            _reviews_url(ctx),
            "No agency contribution is overdue.",
        ),
        Panel(
            "actions_by_agency",
            "Overdue actions by lead agency",
            counts["actions"],
            [
                {
                    "name": a["name"],
                    "count": a["n"],
                    "count_label": count_label(a["n"]),
                    "url": _url("reviews:actions", overdue="on", lead_agency=a["pk"]),
                }
                for a in by_agency
            ],
            _url("reviews:actions", overdue="on"),
            "No actions are overdue.",
            row_total=len(by_agency),
        ),
        Panel(
            "challenges",
            "Reviews with open challenges",
            counts["challenged"],
            challenges,
            _reviews_url(ctx),
            "No challenge is waiting for an answer.",
        ),
    ]


def _chair_queries(board_id: int, user_id: int, today: date) -> dict:
    """The chair's panels' queries (``prepared``: built once per process). A chair sees every
    review of the board (Review.objects.visible_to)."""
    ctx = Ctx(None, Review.objects.all(), board_id, today, {}, seen_whole=True)
    waiting = _decisions_waiting(ctx)
    # Live reviews with a milestone overdue, the longest overdue first.
    late = _with_deadline(_live(ctx), due_on__lt=today)
    points = AssessmentPoint.objects.filter(
        review__in=ctx.board_reviews, signed_off_at__isnull=True
    )
    raised = MarkerComment.objects.filter(
        review__in=ctx.board_reviews, author_id=user_id, resolved_at__isnull=True
    )
    counts = {
        name: CountUpTo(qs)
        for name, qs in [
            ("waiting", waiting),
            ("late", late),
            ("points", points),
            ("raised", raised),
        ]
    }
    return {
        "counts": Board.objects.filter(pk=board_id).values(**counts),
        "waiting": _decision_values(ctx),
        "points": _point_values(points),
        "raised": _comment_values(raised),
        "late": _soonest_first_values(ctx.live_deadlines.filter(due_on__lt=today)),
    }


_CHAIR_QUERIES = prepared.Prepared(_chair_queries)


def chair_panels(ctx: Ctx) -> list[Panel]:
    found = _CHAIR_QUERIES.run(board_id=ctx.board_id, user_id=ctx.user.pk, today=ctx.today)
    (counts,) = found["counts"]
    return [
        Panel(
            "decisions_waiting",
            "Decisions waiting for you",
            counts["waiting"],
            found["waiting"],
            _reviews_url(ctx, stage=Review.Stage.REFERRAL),
            "No referral is waiting for your decision.",
        ),
        Panel(
            "points",
            "Assessment points waiting for sign-off",
            counts["points"],
            _point_labels(found["points"]),
            _reviews_url(ctx),
            "No assessment point is waiting for sign-off.",
        ),
        Panel(
            "raised",
            "Open challenges you raised",
            counts["raised"],
            _comment_names(found["raised"]),
            _reviews_url(ctx),
            "None of your challenges is waiting for an answer.",
        ),
        Panel(
            "late",
            "Reviews running late",
            counts["late"],
            _milestone_labels(found["late"], ctx.today),
            _reviews_url(ctx, overdue="yes"),
            "No review is running late.",
        ),
    ]


def _team_queries(board_id: int, user_id: int) -> dict:
    """The panels' queries of a lead reviewer or panel member (``prepared``: built once per
    process)."""
    # A team role on a review of the board is what lets a lead reviewer see it (and a board
    # member sees every review of the board): no need to ask visible_to as well.
    team_role = ReviewRole.objects.filter(
        review=OuterRef("pk"), user_id=user_id, role__in=TEAM_ROLES
    )
    mine = Review.objects.filter(Exists(team_role), board_id=board_id)
    started = (
        MarkerAssessment.objects.filter(review=OuterRef("pk"))
        .exclude(rating=Rating.NOT_STARTED)
        .order_by()
        .values("review")
        .annotate(n=Count("pk"))
        .values("n")
    )
    total = (
        Marker.objects.filter(marker_set=OuterRef("marker_set"))
        .order_by()
        .values("marker_set")
        .annotate(n=Count("pk"))
        .values("n")
    )
    live_mine = mine.exclude(stage__in=LIVE_EXCLUDED)
    reviews = (
        live_mine.annotate(
            started=Coalesce(Subquery(started, output_field=IntegerField()), 0),
            total=Coalesce(Subquery(total, output_field=IntegerField()), 0),
        )
        .order_by("reference")
        .values("reference", "title", "stage", "started", "total", review_id=F("pk"))[:ROWS]
    )
    to_answer = MarkerComment.objects.filter(review__in=mine, resolved_at__isnull=True)
    counts = {
        "mine": CountUpTo(live_mine),
        "to_answer": CountUpTo(to_answer),
        "deadlines": CountUpTo(_with_deadline(live_mine)),
    }
    due = Deadline.objects.filter(board_id=board_id, live=True, review__in=mine)
    return {
        "counts": Board.objects.filter(pk=board_id).values(**counts),
        "reviews": reviews,
        "to_answer": _comment_values(to_answer),
        # One row per review: its next deadline not yet met, the soonest first.
        "deadlines": _soonest_first_values(due),
    }


_TEAM_QUERIES = prepared.Prepared(_team_queries)


def team_panels(ctx: Ctx) -> list[Panel]:
    """For lead reviewers and panel members: the live reviews they are on."""
    found = _TEAM_QUERIES.run(board_id=ctx.board_id, user_id=ctx.user.pk)
    (counts,) = found["counts"]
    reviews = found["reviews"]
    for review in reviews:
        review["stage_label"] = _STAGES.get(review["stage"], review["stage"])
        review["not_started"] = review["total"] - review["started"]
    return [
        Panel(
            "my_reviews",
            "Your reviews",
            counts["mine"],
            reviews,
            _reviews_url(ctx),
            "You are not on any live review of this board.",
        ),
        Panel(
            "to_answer",
            "Challenges to answer",
            counts["to_answer"],
            _comment_names(found["to_answer"]),
            _reviews_url(ctx),
            "No challenge is waiting for your answer.",
        ),
        Panel(
            "deadlines",
            "Your next deadlines",
            counts["deadlines"],
            _milestone_labels(found["deadlines"], ctx.today),
            _reviews_url(ctx),
            "No deadline is set on your reviews yet.",
        ),
    ]


def board_member_panels(ctx: Ctx, membership: Membership, live_count: int) -> list[Panel]:
    panels = []
    if membership.agency_id:
        actions = (
            Action.objects.filter(review__in=ctx.board_reviews, lead_agency_id=membership.agency_id)
            .open()
            .select_related("review", "finding")
        )
        rows = list(
            actions.annotate(due=Coalesce("revised_date", "target_date")).order_by(
                "due", "review__reference", "pk"
            )[:ROWS]
        )
        for action in rows:
            action.overdue_now = action.is_overdue(ctx.today)
        panels.append(
            Panel(
                "agency_actions",
                f"Open actions led by {membership.agency.name}, overdue first",
                _count(actions),
                rows,
                _url("reviews:actions", lead_agency=membership.agency_id),
                "Your agency leads no open action.",
            )
        )
    panels.append(
        Panel(
            "board_reviews",
            "Live reviews of your board",
            live_count,
            list(ctx.board_reviews.exclude(stage__in=LIVE_EXCLUDED).order_by("-created_at")[:ROWS]),
            _reviews_url(ctx),
            "Your board has no live review.",
        )
    )
    return panels


def review_ids(sections: list[Section]) -> set[int]:
    """The reviews the panels show (for ``reviews.redaction``): rows are reviews, objects of
    a review, or dicts holding one."""
    ids = set()
    for section in sections:
        for panel in section.panels:
            for row in panel.shown:
                if isinstance(row, dict):
                    row = row.get("review") or row.get("review_id") or row
                if isinstance(row, Review):
                    ids.add(row.pk)
                elif isinstance(row, int):
                    ids.add(row)
                elif getattr(row, "review_id", None):
                    ids.add(row.review_id)
    return ids


def sections_for(user, today: date | None = None) -> list[Section]:
    """One section per board the user belongs to, with the panels of their role there."""
    today = today or timezone.localdate()
    memberships = sorted(memberships_of(user).values(), key=lambda m: m.board.name)
    visible = Review.objects.visible_to(user)
    # The boards where a board member is on a review's team: one look-up per board.
    one_role = ReviewRole.objects.filter(
        user=user, role__in=TEAM_ROLES, review__board=OuterRef("pk")
    ).order_by()
    members_of = [m.board_id for m in memberships if m.role == Role.BOARD_MEMBER]
    on_team = members_of and set(
        Board.objects.filter(pk__in=members_of)
        .alias(one=Subquery(one_role.values("pk")[:1]))
        .filter(one__isnull=False)
        .values_list("pk", flat=True)
    )
    out = []
    for m in memberships:
        board_query = {"board": m.board_id} if len(memberships) > 1 else {}
        seen_whole = m.role in (Role.BOARD_MANAGER, Role.CHAIR, Role.BOARD_MEMBER)
        ctx = Ctx(user, visible, m.board_id, today, board_query, seen_whole)
        section = Section(m, [])
        if seen_whole:  # every role but lead reviewer
            section.stage_counts = _stage_counts(ctx)
        if m.role == Role.BOARD_MANAGER:
            section.panels = board_manager_panels(ctx)
            section.access_alerts = alerts.for_board(m.board_id)
        elif m.role == Role.CHAIR:
            section.panels = chair_panels(ctx)
        elif m.role == Role.LEAD_REVIEWER or m.board_id in on_team:
            section.panels = team_panels(ctx)
        if m.role == Role.BOARD_MEMBER:
            live = sum(s["count"] for s in section.stage_counts)
            section.panels += board_member_panels(ctx, m, live)
        out.append(section)
    return out
