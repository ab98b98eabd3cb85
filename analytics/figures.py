"""Every figure of a board's analytics for a period: the one module the analytics page, the
annual-report pack and its Excel workbook read.

Reads reviews only through ``Review.objects.visible_to(user)``, so a figure never counts a
review the user may not see. Counting happens in the database (``values().annotate()``):
there is no loop over reviews in Python. Timeliness needs working days (weekends and bank
holidays), so the database groups reviews by their pair of dates and the working days of
each distinct pair are computed here.
"""

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from statistics import median

from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.utils import timezone

from accounts.models import Agency
from markers.models import Marker, Question
from reviews import timescales
from reviews.models import (
    Action,
    Answer,
    Delay,
    MarkerAssessment,
    NotifiedChild,
    QuestionAnswer,
    RapidReview,
    Rating,
    Review,
)
from reviews.models.records import Notification
from reviews.models.review import started_on

NOT_ASSESSED = "not_assessed"
RATING_COLUMNS = [
    (Rating.MET, "Met"),
    (Rating.PARTLY_MET, "Partly met"),
    (Rating.NOT_MET, "Not met"),
    (Rating.NOT_APPLICABLE, "Not applicable"),
    (NOT_ASSESSED, "Not assessed"),
]


@lru_cache(maxsize=65536)
def working_days_between(start: date, end: date) -> int:
    """As ``timescales.working_days_between``, by whole weeks: the same answer without a loop
    over every day (the analytics call it for every distinct pair of dates)."""
    if end < start:
        return -working_days_between(end, start)
    weeks, rest = divmod((end - start).days, 7)
    first = start.weekday()
    days = weeks * 5 + sum(1 for k in range(1, rest + 1) if (first + k) % 7 < 5)
    holidays = sum(
        1
        for year in range(start.year, end.year + 1)
        for h in timescales.bank_holidays(year)
        if start < h <= end and h.weekday() < 5
    )
    return days - holidays


def reporting_year(day: date) -> int:
    """The first calendar year of the April-to-March reporting year ``day`` falls in."""
    return day.year if day.month >= 4 else day.year - 1


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 4, 1), date(year + 1, 3, 31)


def year_label(year: int) -> str:
    return f"April {year} to March {year + 1}"


def percent(part: int, whole: int) -> str:
    """A share as text: "none" when nothing was counted, never "0 %" of nothing."""
    if not whole:
        return "none"
    return f"{round(100 * part / whole)}%"


@dataclass(frozen=True)
class Scope:
    """Which reviews the figures are about."""

    board_id: int
    start: date
    end: date
    kind: str = ""
    theme_id: int | None = None


@dataclass
class Figures:
    scope: Scope
    review_count: int
    markers: list[dict] = field(default_factory=list)
    questions: list[dict] = field(default_factory=list)
    funnel: list[dict] = field(default_factory=list)
    timeliness: list[dict] = field(default_factory=list)
    themes: list[dict] = field(default_factory=list)
    children: dict = field(default_factory=dict)
    child_count: int = 0
    actions: list[dict] = field(default_factory=list)
    action_totals: dict = field(default_factory=dict)
    years: list[dict] = field(default_factory=list)


def base_reviews(user, scope: Scope, *, with_period: bool = True):
    reviews = Review.objects.visible_to(user).filter(board_id=scope.board_id)
    if scope.kind:
        reviews = reviews.filter(kind=scope.kind)
    if scope.theme_id:
        reviews = reviews.filter(themes__id=scope.theme_id)
    reviews = reviews.annotate(start_on=started_on())
    if with_period:
        reviews = reviews.filter(start_on__gte=scope.start, start_on__lte=scope.end)
    return reviews


def compute(user, scope: Scope, today: date | None = None) -> Figures:
    """Every figure, counted now (``analytics.kept.figures`` keeps them between requests)."""
    return name_agencies(compute_counts(user, scope, today or timezone.localdate()))


def compute_counts(user, scope: Scope, today: date) -> Figures:
    """The figures without the agencies' names (they keep no history: see ``name_agencies``)."""
    reviews = base_reviews(user, scope)
    ids = reviews.values("pk")
    figures = Figures(scope=scope, review_count=reviews.count())
    figures.markers = _markers(reviews, ids, figures.review_count)
    figures.questions = _questions(ids)
    figures.funnel = _funnel(reviews)
    figures.timeliness = _timeliness(reviews, ids, scope, today)
    figures.themes = _themes(ids, figures.review_count)
    figures.children, figures.child_count = _children(ids)
    figures.actions, figures.action_totals = _actions(ids, today)
    figures.years = _years(base_reviews(user, scope, with_period=False))
    return figures


def _markers(reviews, ids, review_count: int) -> list[dict]:
    counts: dict[tuple[int, str], int] = {}
    for number, rating, n in (
        MarkerAssessment.objects.filter(review__in=ids)
        .exclude(rating=Rating.NOT_STARTED)
        .order_by()
        .values_list("marker__number", "rating")
        .annotate(n=Count("pk"))
    ):
        counts[(number, rating)] = n
    markers = Marker.objects.filter(
        marker_set__in=reviews.order_by().values("marker_set")
    ).order_by("number")
    rows = []
    for marker in markers.only("number", "title"):
        row = {"number": marker.number, "title": marker.title}
        rated = 0
        for rating, _ in RATING_COLUMNS[:-1]:
            row[rating] = counts.get((marker.number, rating), 0)
            rated += row[rating]
        row[NOT_ASSESSED] = review_count - rated
        assessed = row[Rating.MET] + row[Rating.PARTLY_MET] + row[Rating.NOT_MET]
        row["assessed"] = assessed
        row["met_share"] = percent(row[Rating.MET], assessed)
        row["missed"] = row[Rating.NOT_MET] + row[Rating.PARTLY_MET]
        rows.append(row)
    return rows


def _questions(ids, limit: int = 10) -> list[dict]:
    top = list(
        QuestionAnswer.objects.filter(
            assessment__review__in=ids, answer__in=[Answer.NO, Answer.NOT_KNOWN]
        )
        .order_by()
        .values("question_id")
        .annotate(
            no=Count("pk", filter=Q(answer=Answer.NO)),
            not_known=Count("pk", filter=Q(answer=Answer.NOT_KNOWN)),
            total=Count("pk"),
        )
        .order_by("-total", "question_id")[:limit]
    )
    questions = Question.objects.select_related("marker").in_bulk([r["question_id"] for r in top])
    rows = []
    for r in top:
        q = questions[r["question_id"]]
        rows.append(
            {
                "ref": f"QM{q.marker.number}.{q.number}",
                "text": q.text,
                "no": r["no"],
                "not_known": r["not_known"],
                "total": r["total"],
            }
        )
    return sorted(rows, key=lambda r: (-r["total"], r["ref"]))


def _funnel(reviews) -> list[dict]:
    K = Review.Kind
    lcspr = Q(kind__in=[K.LCSPR, K.SCR])
    got = reviews.order_by().aggregate(
        notifications=Count(
            "pk",
            filter=Q(notified_on__isnull=False)
            | Q(Exists(Notification.objects.filter(review=OuterRef("pk")))),
        ),
        rapid=Count(
            "pk",
            filter=Q(kind=K.RAPID) | Q(Exists(RapidReview.objects.filter(review=OuterRef("pk")))),
        ),
        rapid_to_lcspr=Count(
            "pk",
            filter=Q(
                Exists(
                    RapidReview.objects.filter(
                        review=OuterRef("pk"), recommendation=RapidReview.Recommendation.LCSPR
                    )
                )
            )
            | Q(converted_to__isnull=False),
        ),
        commissioned=Count("pk", filter=lcspr & Q(lead_reviewer_commissioned_on__isnull=False)),
        completed=Count("pk", filter=lcspr & Q(report_received_on__isnull=False)),
        published=Count("pk", filter=lcspr & Q(published_on__isnull=False)),
    )
    labels = [
        ("notifications", "Serious incident notifications"),
        ("rapid", "Rapid reviews"),
        ("rapid_to_lcspr", "Rapid reviews leading to an LCSPR"),
        ("commissioned", "LCSPRs commissioned"),
        ("completed", "LCSPRs completed"),
        ("published", "LCSPRs published"),
    ]
    return [{"key": k, "label": label, "count": got[k]} for k, label in labels]


# (key, label, start field, end field, unit, rule attribute on the board)
TIMELINESS = [
    (
        "notification",
        "Notification",
        "aware_on",
        "notified_on",
        "working days",
        "notification_working_days",
    ),
    (
        "rapid_review",
        "Rapid review",
        "notified_on",
        "rapid_review__sent_to_panel_on",
        "working days",
        "rapid_review_working_days",
    ),
    (
        "decision",
        "Decision on the referral",
        "referral_on",
        "decision_on",
        "working days",
        "referral_decision_working_days",
    ),
    (
        "completion",
        "Completion",
        "decision_on",
        "report_received_on",
        "months",
        "review_completion_months",
    ),
    (
        "publication",
        "Publication after the report",
        "report_received_on",
        "published_on",
        "working days",
        None,
    ),
]


def _timeliness(reviews, ids, scope: Scope, today: date) -> list[dict]:
    from accounts.models import Board

    board = Board.objects.get(pk=scope.board_id)
    rules = timescales.Rules.for_board(board)
    delays = dict(
        Delay.objects.filter(review__in=ids)
        .order_by()
        .values_list("milestone")
        .annotate(n=Count("pk"))
    )
    rows = []
    for key, label, start, end, unit, rule in TIMELINESS:
        pairs = (
            reviews.filter(**{f"{start}__isnull": False, f"{end}__isnull": False})
            .order_by()
            .values_list(start, end)
            .annotate(n=Count("pk"))
        )
        durations, late, total = [], 0, 0
        for a, b, n in pairs:
            days = working_days_between(a, b)
            limit = getattr(rules, rule) if rule else None
            if unit == "months":
                is_late = b > timescales.add_months(a, limit)
            else:
                is_late = limit is not None and days > limit
            durations.extend([days] * n)
            late += n if is_late else 0
            total += n
        rows.append(
            {
                "key": key,
                "label": label,
                "target": (f"{getattr(rules, rule)} {unit}" if rule else "no set timescale"),
                "count": total,
                "median": median(durations) if durations else None,
                "late": late,
                "delays_recorded": delays.get(key, 0),
            }
        )
    return rows


def _themes(ids, review_count: int) -> list[dict]:
    rows = (
        Review.themes.through.objects.filter(review__in=ids)
        .order_by()
        .values("theme__name")
        .annotate(n=Count("review", distinct=True))
        .order_by("-n", "theme__name")
    )
    return [
        {"label": r["theme__name"], "count": r["n"], "share": percent(r["n"], review_count)}
        for r in rows
    ]


CHILD_BREAKDOWNS = [
    ("age_band", "Age", NotifiedChild.AgeBand.choices),
    ("sex", "Sex", NotifiedChild.Sex.choices),
    ("ethnicity", "Ethnicity", None),
    ("harm", "Died or seriously harmed", NotifiedChild.Harm.choices),
]


def _children(ids) -> tuple[dict, int]:
    groups = list(
        NotifiedChild.objects.current()
        .filter(notification__review__in=ids)
        .order_by()
        .values_list("age_band", "sex", "ethnicity", "harm")
        .annotate(n=Count("pk"))
    )
    total = sum(g[-1] for g in groups)
    out = {}
    for index, (key, label, choices) in enumerate(CHILD_BREAKDOWNS):
        counts: dict[str, int] = {}
        for g in groups:
            counts[g[index] or "Not recorded"] = counts.get(g[index] or "Not recorded", 0) + g[-1]
        if choices:
            names = dict(choices)
            rows = [{"label": names[v], "count": counts.get(v, 0)} for v, _ in choices]
        else:
            rows = [{"label": v, "count": n} for v, n in sorted(counts.items())]
        for r in rows:
            r["share"] = percent(r["count"], total)
        out[key] = {"label": label, "rows": rows}
    return out, total


def _actions(ids, today: date) -> tuple[list[dict], dict]:
    S = Action.Status
    due = Coalesce("revised_date", "target_date")
    open_ = ~Q(status__in=Action.CLOSED_STATUSES)
    measures = {
        "completed_on_time": Count(
            "pk", filter=Q(status=S.COMPLETED, completed_on__lte=F("target_date"))
        ),
        "completed_late": Count(
            "pk", filter=Q(status=S.COMPLETED) & ~Q(completed_on__lte=F("target_date"))
        ),
        "on_track": Count(
            "pk", filter=open_ & Q(revised_date__isnull=True, target_date__gte=today)
        ),
        "slipped": Count(
            "pk", filter=open_ & Q(revised_date__isnull=False, revised_date__gte=today)
        ),
        "overdue": Count("pk", filter=open_ & Q(due_on__lt=today)),
        "total": Count("pk"),
    }
    actions = Action.objects.filter(review__in=ids).annotate(due_on=due).order_by()
    rows = list(actions.values("lead_agency_id").annotate(**measures))
    # Every action is in one agency's row (or the row of none): the totals are their sums,
    # without reading the actions a second time.
    totals = {key: sum(row[key] for row in rows) for key in measures}
    return rows, totals


def name_agencies(figures: Figures) -> Figures:
    """The actions' rows with their lead agency's name, in the order of the names (read on
    every request: agencies keep no history, so a renaming would not move a stamp)."""
    rows = {row["lead_agency_id"]: row for row in figures.actions}
    agencies = Agency.objects.filter(pk__in=list(rows)).order_by("name", "pk")
    figures.actions = [
        {"lead_agency__name": name, **rows[pk]} for pk, name in agencies.values_list("pk", "name")
    ]
    return figures


def _years(reviews) -> list[dict]:
    rows = (
        reviews.annotate(y=ExtractYear("start_on"), m=ExtractMonth("start_on"))
        .order_by()
        .values_list("y", "m")
        .annotate(
            n=Count("pk"),
            completed=Count("pk", filter=Q(report_received_on__isnull=False)),
            published=Count("pk", filter=Q(published_on__isnull=False)),
        )
    )
    years: dict[int, dict] = {}
    for y, m, n, completed, published in rows:
        year = y if m >= 4 else y - 1
        row = years.setdefault(
            year,
            {"year": year, "label": year_label(year), "reviews": 0, "completed": 0, "published": 0},
        )
        row["reviews"] += n
        row["completed"] += completed
        row["published"] += published
    return [years[y] for y in sorted(years)]
