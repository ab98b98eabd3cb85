"""The benchmarks' data set: reviews at national scale, in realistic proportions.

``build(reviews=10_000, boards=150)`` spreads the reviews over the boards, a few large boards
and many small ones (the largest board, whose people the benchmarks sign in as, holds about
6 % of them); ``boards=1`` is the worst case, every review in one board. Each review is as far
along as its stage (mostly rapid reviews, closed or not proceeding; practice reviews in every
stage; older serious case reviews), with the records, marker ratings, answers, evidence,
findings, actions and history rows that stage has. The first review of the largest board is
a practice review in monitoring with 200 evidence items on marker 13 (the heaviest marker
page).

Rows are given their ids here and written with COPY on PostgreSQL (executemany elsewhere), a
chunk of reviews at a time: 10,000 reviews take a few minutes. The database must be empty or
hold an earlier benchmark data set (``check_database``): the build empties it.
"""

import json
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from functools import partial
from types import SimpleNamespace

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Agency, Board, Membership, User
from markers.models import Marker, MarkerSet
from reviews import action_counts, deadlines, rating_counts, role_counts
from reviews.models import (
    Action,
    AgencyContribution,
    Decision,
    Evidence,
    Finding,
    MarkerAssessment,
    MarkerComment,
    Notification,
    NotifiedChild,
    QuestionAnswer,
    Referral,
    Review,
    ReviewRole,
    StageMove,
    TermsOfReference,
    Theme,
)

MARKER_TABLE = "bench_dataset"
PASSWORD = "bench-only-Osprey-97"
MARKER_SET = "scr-qm-lipp-2016"
HEAVY_MARKER = 13
HEAVY_EVIDENCE = 200
CHUNK = 250  # reviews written per transaction

AGENCIES = [
    "Police",
    "Children's social care",
    "Integrated care board",
    "Education",
    "Probation",
    "Housing",
    "Ambulance service",
    "Mental health trust",
]
S = Review.Stage
# (kind, share of reviews, [(stage, share within the kind)]).
KINDS = [
    (
        "rapid",
        0.55,
        [
            (S.CLOSED, 0.62),
            (S.NOT_PROCEEDING, 0.18),
            (S.REFERRAL, 0.08),
            (S.SETUP, 0.06),
            (S.RUNNING, 0.06),
        ],
    ),
    (
        "lcspr",
        0.35,
        [
            (S.REFERRAL, 0.05),
            (S.SETUP, 0.10),
            (S.RUNNING, 0.25),
            (S.OUTPUTS, 0.15),
            (S.MONITORING, 0.20),
            (S.CLOSED, 0.25),
        ],
    ),
    ("scr", 0.08, [(S.MONITORING, 0.15), (S.CLOSED, 0.85)]),
    ("other", 0.02, [(S.SETUP, 0.3), (S.RUNNING, 0.4), (S.CLOSED, 0.3)]),
]
# Markers worked on by each stage (QM1 up to this number); the last third still in progress.
MARKERS_BY_STAGE = {
    S.REFERRAL: 2,
    S.NOT_PROCEEDING: 3,
    S.SETUP: 6,
    S.RUNNING: 12,
    S.OUTPUTS: 16,
    S.MONITORING: 18,
    S.CLOSED: 18,
}
# Days from referral to today, by stage.
AGE_BY_STAGE = {
    S.REFERRAL: (1, 30),
    S.NOT_PROCEEDING: (30, 1500),
    S.SETUP: (20, 90),
    S.RUNNING: (60, 260),
    S.OUTPUTS: (220, 420),
    S.MONITORING: (330, 900),
    S.CLOSED: (200, 2400),
}
RATINGS = [
    ("met", 45),
    ("partly_met", 30),
    ("not_met", 12),
    ("not_applicable", 5),
    ("not_started", 8),
]
ANSWERS = [("yes", 50), ("partly", 25), ("no", 12), ("not_known", 8), ("not_applicable", 5)]
NOTE = "Seen in the chronology and the agency reports; discussed at the practitioner event."


def _plain(value):
    return value.value if isinstance(value, Enum) else value


class NotBenchData(Exception):
    """The database holds something other than a benchmark data set."""


def check_database() -> None:
    """Refuse a database holding anything but benchmark data: it must be empty, or hold the
    marker table an earlier build wrote."""
    tables = set(connection.introspection.table_names())
    if tables and MARKER_TABLE not in tables:
        raise NotBenchData(
            f"{connection.settings_dict['NAME']} holds {len(tables)} tables and no "
            f"{MARKER_TABLE} table: it is not a benchmark database, and the bench empties "
            "the database it builds in. Name a new (empty) database."
        )


def recorded() -> dict | None:
    """What the marker table says was built in this database (None if nothing)."""
    if MARKER_TABLE not in connection.introspection.table_names():
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT reviews, boards, seconds FROM {MARKER_TABLE}")  # noqa: S608
        row = cursor.fetchone()
    return dict(zip(["reviews", "boards", "seconds"], row, strict=True)) if row else None


def _mark(reviews: int | None, boards: int | None, seconds: float | None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (reviews integer, boards integer, "
            "seconds real)"
        )
        cursor.execute(f"DELETE FROM {MARKER_TABLE}")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {MARKER_TABLE} VALUES (%s, %s, %s)",  # noqa: S608
            [reviews, boards, seconds],
        )


class Writer:
    """Model rows with ids given here, written in bulk: COPY on PostgreSQL. Saving bypasses
    the models' save(), so history rows are written explicitly (``history``)."""

    def __init__(self):
        self.now = datetime.now(UTC)
        self.next_id = {}
        self.rows = defaultdict(list)
        self.layouts = {}
        self.historical = {}
        self.defaults = {}

    def _id(self, model) -> int:
        if model not in self.next_id:
            self.next_id[model] = (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        self.next_id[model] += 1
        return self.next_id[model] - 1

    def _layout(self, model):
        """(attname, column, conversion or None, stamped with the time if empty)."""
        if model not in self.layouts:
            layout = []
            for f in model._meta.concrete_fields:
                if connection.vendor != "postgresql":
                    convert = partial(f.get_db_prep_save, connection=connection)
                elif f.get_internal_type() == "JSONField":
                    convert = json.dumps
                elif f.choices:
                    convert = _plain
                else:
                    convert = None  # psycopg adapts the Python value itself
                stamp = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
                layout.append((f.attname, f.column, convert, stamp))
            self.layouts[model] = layout
        return self.layouts[model]

    def _row(self, model, value):
        row = []
        for attname, _, convert, stamp in self._layout(model):
            v = value(attname)
            if v is None and stamp:
                v = self.now
            row.append(convert(v) if convert is not None and v is not None else v)
        self.rows[model].append(row)

    def new(self, model, **values):
        """A row of ``model`` as a plain object, not a model instance (the largest tables:
        several times faster). ``values`` by attname (``review_id``); the rest defaults."""
        if model not in self.defaults:
            self.defaults[model] = {f.attname: f.get_default() for f in model._meta.concrete_fields}
        obj = SimpleNamespace(**(self.defaults[model] | values))
        obj.pk = obj.id = self._id(model)
        obj.model = model
        self._row(model, partial(getattr, obj))
        return obj

    def add(self, obj):
        if obj.pk is None:
            obj.pk = self._id(type(obj))
        self._row(type(obj), partial(getattr, obj))
        return obj

    def history(self, obj, at: datetime, user_id: int | None, kind: str = "+", **changes):
        """A history row of ``obj`` as django-simple-history writes it ("+" created,
        "~" changed), with the values in ``changes`` instead of the current ones."""
        model = obj.model if isinstance(obj, SimpleNamespace) else type(obj)
        if model not in self.historical:
            self.historical[model] = model.history.model
        historical = self.historical[model]
        changes |= {
            "history_id": self._id(historical),
            "history_date": min(at, self.now),  # one dated ahead: dated at the build
            "history_type": kind,
            "history_user_id": user_id,
            "history_change_reason": None,
        }
        self._row(historical, lambda name: changes[name] if name in changes else getattr(obj, name))

    def flush(self):
        for model, rows in self.rows.items():
            layout = self._layout(model)
            table = connection.ops.quote_name(model._meta.db_table)
            columns = ", ".join(connection.ops.quote_name(c) for _, c, _, _ in layout)
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
                else:
                    marks = ", ".join(["%s"] * len(layout))
                    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
                    cursor.executemany(sql, rows)
        self.rows.clear()

    def reset_sequences(self):
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(self.next_id)):
                cursor.execute(sql)


@dataclass
class Dataset:
    """What was built: the people to sign in as, the heavy review, the counts."""

    board: Board
    users: dict[str, User]
    heavy: Review
    year: int
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)


def _at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _pick(rng: random.Random, weighted):
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def board_sizes(reviews: int, boards: int) -> list[int]:
    """A few large boards and many small ones (weights 1/(i + 5)); every board has one."""
    weights = [1 / (i + 5) for i in range(boards)]
    total = sum(weights)
    sizes = [max(1, int(reviews * w / total)) for w in weights]
    sizes[0] += reviews - sum(sizes)
    return sizes


def _plan(rng: random.Random, n: int) -> list[tuple[str, str]]:
    """(kind, stage) for n reviews in the proportions of KINDS."""
    plan = []
    for kind, share, stages in KINDS:
        for stage, within in stages:
            plan += [(kind, stage)] * round(n * share * within)
    while len(plan) < n:
        plan.append(("lcspr", S.RUNNING))
    rng.shuffle(plan)
    return plan[:n]


def prepare() -> None:
    """Make the database an empty benchmark database: refuse it unless it is one already (or
    empty), migrate it, mark it, empty it and load the marker library."""
    check_database()
    call_command("migrate", "--noinput", verbosity=0)
    _mark(None, None, None)  # from now on the database is benchmark data, even half built
    call_command("flush", "--noinput", verbosity=0)
    call_command("loaddata", "fixtures/scr_quality_markers_2016.json", verbosity=0)


def build(reviews: int = 1000, boards: int = 150, **options) -> Dataset:
    """Empty the database and build the data set in it; the marker table records it."""
    began = time.perf_counter()
    prepare()
    dataset = generate(reviews, boards, **options)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # As autovacuum would have done on a real database: statistics, and the visibility
            # map that index-only scans need (without it the first run after a build reads
            # the tables' pages for rows the indexes alone would answer).
            cursor.execute("VACUUM (ANALYZE)")
    dataset.seconds = time.perf_counter() - began
    _mark(reviews, boards, dataset.seconds)
    return dataset


def generate(
    reviews: int,
    boards: int,
    actions_per_review: float = 6.0,
    seed: int = 11,
    verbose: bool = False,
) -> Dataset:
    """Write the data set into a database holding the marker library (see the module's
    docstring)."""
    rng = random.Random(seed)
    today = date.today()
    marker_set = MarkerSet.objects.get(slug=MARKER_SET)
    markers = list(Marker.objects.filter(marker_set=marker_set).prefetch_related("questions"))
    questions = {m.number: list(m.questions.all()) for m in markers}
    themes = list(Theme.objects.filter(board__isnull=True).values_list("pk", flat=True))
    password = make_password(PASSWORD)
    w = Writer()

    # Boards, agencies, people: a manager, a chair, lead reviewers, a member per agency.
    sizes = board_sizes(reviews, boards)
    people = []  # per board: dict of role -> users
    for b, size in enumerate(sizes):
        board = w.add(
            Board(
                name=f"Bench {b:03d} Safeguarding Children Partnership",
                slug=f"bench-{b:03d}",
                require_two_factor=b == 0 or b % 5 == 0,
            )
        )
        agencies = [w.add(Agency(board=board, name=name)) for name in AGENCIES]
        prefix = "" if b == 0 else f"b{b:03d}-"
        cast = {"board": board, "agencies": agencies, "reviewers": [], "members": []}
        roles = [("manager", Membership.Role.BOARD_MANAGER), ("chair", Membership.Role.CHAIR)]
        roles += [
            ("reviewer" if i == 0 else f"reviewer{i + 1}", Membership.Role.LEAD_REVIEWER)
            for i in range(max(2, size // 40))
        ]
        roles += [
            ("member" if i == 0 else f"member{i + 1}", Membership.Role.BOARD_MEMBER)
            for i in range(len(agencies))
        ]
        for username, role in roles:
            user = w.add(
                User(
                    username=prefix + username,
                    password=password,
                    first_name=username,
                    last_name=f"Bench {b:03d}",
                    email=f"{prefix}{username}@bench.invalid",
                )
            )
            agency = (
                agencies[len(cast["members"])] if role == Membership.Role.BOARD_MEMBER else None
            )
            w.add(Membership(user=user, board=board, role=role, agency=agency))
            if role == Membership.Role.LEAD_REVIEWER:
                cast["reviewers"].append(user)
            elif role == Membership.Role.BOARD_MEMBER:
                cast["members"].append(user)
            else:
                cast[username] = user
        people.append(cast)
    w.flush()

    # Reviews, in chunks: each with what its stage has.
    plan = _plan(rng, reviews)
    plan[0] = ("lcspr", S.MONITORING)  # the heavy review
    with_actions = [
        3 if kind != "rapid" else 1
        for kind, stage in plan
        if stage in (S.OUTPUTS, S.MONITORING, S.CLOSED)
    ]
    per_weight = actions_per_review * reviews / max(1, sum(with_actions))
    owners = [(b, i) for b, size in enumerate(sizes) for i in range(size)]
    heavy_pk = None
    for start in range(0, reviews, CHUNK):
        with transaction.atomic():
            written = []
            for n in range(start, min(start + CHUNK, reviews)):
                b, i = owners[n]
                review = _review(w, rng, n, i, plan[n], people[b], marker_set, themes, today)
                written.append(review.pk)
                _assessment(w, rng, review, markers, questions, people[b], today)
                weight = (
                    0
                    if review.stage not in (S.OUTPUTS, S.MONITORING, S.CLOSED)
                    else (3 if review.kind != "rapid" else 1)
                )
                count = int(weight * per_weight + rng.random())
                _outcomes(w, rng, review, count, people[b], today)
                if n == 0:
                    heavy_pk = review.pk
                    _heavy(w, review, markers[HEAVY_MARKER - 1], people[b], today)
            w.flush()
            deadlines.refresh(written)  # as saving a review does
        if verbose:
            print(f"  {min(start + CHUNK, reviews):,} reviews written", flush=True)

    w.reset_sequences()
    # COPY bypasses the model signals that store each review's open milestones (Deadline)
    # and the counts of ratings (RatingCount), of actions (ActionCount, ActionDueCount) and
    # of roles (RoleCount, TeamLeadCount, OnReviewCount).
    deadlines.refresh(Review.objects.all())
    rating_counts.rebuild()
    action_counts.rebuild()
    role_counts.rebuild()
    cast = people[0]
    _devices(cast)
    from analytics.figures import reporting_year

    return Dataset(
        board=Board.objects.get(pk=cast["board"].pk),
        users={
            "manager": cast["manager"],
            "chair": cast["chair"],
            "reviewer": cast["reviewers"][0],
            "member": cast["members"][0],
        },
        heavy=Review.objects.get(pk=heavy_pk),
        year=reporting_year(today) - 1,
        counts=counts(),
    )


def counts() -> dict[str, int]:
    return {
        "boards": Board.objects.count(),
        "reviews": Review.objects.count(),
        "answers": QuestionAnswer.objects.count(),
        "evidence items": Evidence.objects.count(),
        "actions": Action.objects.count(),
        "history rows": sum(
            m.history.model.objects.count()
            for m in (Review, MarkerAssessment, QuestionAnswer, Evidence, Action, StageMove)
        ),
    }


def _dates(rng, kind, stage, today) -> dict[str, date]:
    """Key dates in order, as far as the stage has gone; none after today."""
    lo, hi = AGE_BY_STAGE[stage]
    referral = today - timedelta(days=rng.randint(lo, hi))
    r = rng.randint
    d = {"referral_on": referral}
    d["incident_on"] = referral - timedelta(days=r(5, 30))
    d["aware_on"] = d["incident_on"] + timedelta(days=r(0, 3))
    if kind in ("rapid", "lcspr"):
        d["notified_on"] = d["aware_on"] + timedelta(days=r(1, 8))
    if stage != S.REFERRAL:
        d["decision_on"] = referral + timedelta(days=r(10, 40))
        d["board_advised_on"] = d["decision_on"] + timedelta(days=r(0, 10))
        d["family_informed_on"] = d["decision_on"] + timedelta(days=r(5, 20))
    if stage in (S.RUNNING, S.OUTPUTS, S.MONITORING) or (stage == S.CLOSED and kind != "rapid"):
        d["tor_agreed_on"] = d["decision_on"] + timedelta(days=r(10, 40))
        d["lead_reviewer_commissioned_on"] = d["decision_on"] + timedelta(days=r(10, 30))
        if stage != S.RUNNING:
            d["report_received_on"] = d["decision_on"] + timedelta(days=r(150, 260))
            d["presented_to_board_on"] = d["report_received_on"] + timedelta(days=r(10, 30))
            if stage != S.OUTPUTS:
                d["response_agreed_on"] = d["report_received_on"] + timedelta(days=r(20, 60))
                d["sent_to_national_bodies_on"] = d["response_agreed_on"] + timedelta(r(0, 14))
                if stage == S.CLOSED or rng.random() < 0.5:
                    d["published_on"] = d["response_agreed_on"] + timedelta(days=r(20, 60))
    if stage == S.CLOSED:
        last = d.get("published_on", d["decision_on"])
        d["closed_on"] = last + timedelta(days=r(0, 200) if kind != "rapid" else r(0, 10))
    return {k: min(v, today) for k, v in d.items()}


def _review(w, rng, n, i, kind_stage, cast, marker_set, themes, today) -> Review:
    kind, stage = kind_stage
    dates = _dates(rng, kind, stage, today)
    manager, chair = cast["manager"], cast["chair"]
    reviewers = cast["reviewers"]
    # The bench's lead reviewer is on a third of the largest board's reviews.
    reviewer = reviewers[0] if i % 3 == 0 else reviewers[1 + i % (len(reviewers) - 1)]
    created = _at(dates["referral_on"], 9)
    review = w.add(
        Review(
            board=cast["board"],
            marker_set=marker_set,
            # Numbered within its board, as a board numbers its own (reviews.services.review).
            reference=f"{'RR' if kind == 'rapid' else kind.upper()}-{i:05d}",
            title=f"Child {chr(65 + n % 26)}{n}",
            kind=kind,
            stage=stage,
            created_at=created,
            created_by=manager,
            updated_at=_at(max(dates.values())),
            **dates,
        )
    )
    w.history(review, created, manager.pk, stage=S.REFERRAL)
    path = (
        Review.FORWARD[: Review.FORWARD.index(stage) + 1]
        if stage in Review.FORWARD
        else [S.REFERRAL, S.NOT_PROCEEDING]
    )
    for k, (before, after) in enumerate(zip(path, path[1:], strict=False)):
        at = created + timedelta(days=10 + k * 60)
        w.history(
            w.add(StageMove(review=review, from_stage=before, to_stage=after, by=manager, at=at)),
            at,
            manager.pk,
        )
        w.history(review, at, manager.pk, kind="~", stage=after)
    for user, role in [(reviewer, "lead_reviewer"), (chair, "chair"), (manager, "board_manager")]:
        w.history(w.add(ReviewRole(review=review, user=user, role=role)), created, manager.pk)
    for theme in rng.sample(themes, rng.randint(1, 3)):
        w.add(Review.themes.through(review_id=review.pk, theme_id=theme))
    agencies = cast["agencies"]
    w.history(
        w.add(
            Referral(
                review=review,
                referring_agency=rng.choice(agencies),
                rationale="Serious harm; agencies' concerns about how they worked together.",
                statutory_criteria="met",
            )
        ),
        created,
        manager.pk,
    )
    if "notified_on" in dates:
        note = w.add(Notification(review=review, summary="Serious incident notified."))
        for c in range(1 + (rng.random() < 0.2)):
            w.add(
                NotifiedChild(
                    notification=note,
                    pseudonym=f"Child {n}-{c + 1}",
                    age_band=rng.choice(NotifiedChild.AgeBand.values),
                    sex=rng.choice(NotifiedChild.Sex.values),
                    ethnicity="White British",
                    plan=rng.choice(NotifiedChild.Plan.values),
                    harm=rng.choice(NotifiedChild.Harm.values),
                    incident_type=rng.choice(NotifiedChild.IncidentType.values),
                )
            )
    if "decision_on" in dates:
        outcome = "not_proceed" if stage == S.NOT_PROCEEDING else "proceed"
        w.history(
            w.add(
                Decision(
                    review=review,
                    kind="hold",
                    outcome=outcome,
                    decided_by=chair,
                    decision="Hold a review." if outcome == "proceed" else "No review.",
                    rationale="The criteria are met and there is learning to find.",
                    factors=["learning", "previous"],
                    decided_on=dates["decision_on"],
                    recorded_at=_at(dates["decision_on"]),
                )
            ),
            _at(dates["decision_on"]),
            chair.pk,
        )
    if "tor_agreed_on" in dates:
        w.history(
            w.add(
                TermsOfReference(
                    review=review,
                    methodology="learning_together",
                    lines_of_enquiry="How agencies shared information.",
                )
            ),
            _at(dates["tor_agreed_on"]),
            manager.pk,
        )
        for agency in rng.sample(agencies, 3):
            asked = dates["tor_agreed_on"]
            w.add(
                AgencyContribution(
                    review=review,
                    agency=agency,
                    asked_for=["chronology"],
                    requested_on=asked,
                    due_on=asked + timedelta(days=28),
                    received_on=asked + timedelta(days=rng.randint(14, 40))
                    if stage != S.RUNNING or rng.random() < 0.6
                    else None,
                )
            )
    return review


def _assessment(w, rng, review, markers, questions, cast, today):
    """Ratings and answers for the markers the stage has reached; the last third in progress."""
    touched = MARKERS_BY_STAGE[review.stage]
    reviewer = cast["reviewers"][0]
    began = review.created_at
    for marker in markers[:touched]:
        in_progress = marker.number > touched * 2 // 3 and review.stage not in (
            S.MONITORING,
            S.CLOSED,
        )
        rating = _pick(rng, RATINGS)
        if marker.number == 12 and rating == "met":
            rating = "partly_met"  # family involvement: most often partly met
        if in_progress and rng.random() < 0.6:
            rating = "not_started"
        at = min(began + timedelta(days=20 + marker.number * 5), _at(today))
        assessment = w.new(
            MarkerAssessment,
            review_id=review.pk,
            marker_id=marker.pk,
            rating=rating,
            version=2,
            not_applicable_reason="Not part of this review's scope."
            if rating == "not_applicable"
            else "",
            commentary="The panel found this well evidenced in the report.",
            updated_at=at,
            updated_by_id=reviewer.pk,
        )
        w.history(assessment, at, reviewer.pk, rating="not_started")
        w.history(assessment, at, reviewer.pk, kind="~")
        for q in questions[marker.number]:
            if in_progress and rng.random() < 0.5:
                continue
            answer = w.new(
                QuestionAnswer,
                assessment_id=assessment.pk,
                question_id=q.pk,
                answer=_pick(rng, ANSWERS),
                note=NOTE if rng.random() < 0.4 else "",
                updated_at=at,
                updated_by_id=reviewer.pk,
            )
            w.history(answer, at, reviewer.pk)
        for k in range(rng.choice((0, 1, 1, 1, 2, 2))):
            evidence = w.new(
                Evidence,
                review_id=review.pk,
                marker_id=marker.pk,
                kind="note" if k % 2 else "link",
                title=f"Panel minutes {k + 1}",
                description=NOTE,
                url="" if k % 2 else "https://intranet.bench.invalid/minutes",
                added_at=at,
                added_by_id=reviewer.pk,
                dated_on=at.date(),
            )
            w.history(evidence, at, reviewer.pk)
    if review.stage in (S.RUNNING, S.OUTPUTS, S.MONITORING):
        w.history(
            w.add(
                MarkerComment(
                    review=review,
                    marker=markers[rng.randrange(touched)],
                    author=cast["chair"],
                    body="Is the family's view recorded?",
                    created_at=began + timedelta(days=30),
                )
            ),
            began + timedelta(days=30),
            cast["chair"].pk,
        )


def _outcomes(w, rng, review, count, cast, today):
    """``count`` actions over a few findings, in the statuses the stage has."""
    if not count:
        return
    at = _at(review.report_received_on or review.decision_on or today)
    findings = []
    for f in range(max(1, count // 3)):
        finding = w.add(
            Finding(
                review=review,
                number=f + 1,
                text=f"Finding {f + 1}: how agencies shared what they knew.",
                explanation="Practice rested on assumptions that were never checked.",
                created_at=at,
            )
        )
        w.history(finding, at, cast["manager"].pk)
        findings.append(finding)
    statuses = {
        S.OUTPUTS: [("proposed", 60), ("agreed", 40)],
        S.MONITORING: [
            ("agreed", 20),
            ("in_progress", 50),
            ("completed", 25),
            ("not_taken_forward", 5),
        ],
        S.CLOSED: [("in_progress", 8), ("completed", 85), ("not_taken_forward", 7)],
    }[review.stage]
    numbers = defaultdict(int)
    for k in range(count):
        finding = findings[k % len(findings)]
        numbers[finding.pk] += 1
        status = _pick(rng, statuses)
        target = at.date() + timedelta(days=rng.randint(60, 400))
        agency = rng.choice(cast["agencies"])
        members = cast["members"]
        owner = members[cast["agencies"].index(agency)] if rng.random() < 0.5 else None
        action = w.new(
            Action,
            review_id=review.pk,
            board_id=review.board_id,
            finding_id=finding.pk,
            number=numbers[finding.pk],
            text="Review the multi-agency supervision policy and train staff in it.",
            lead_agency_id=agency.pk,
            lead_officer="Head of service",
            owner_id=owner.pk if owner else None,
            target_date=target,
            status=status,
            revised_date=target + timedelta(days=90) if rng.random() < 0.15 else None,
            rating="on_track" if status == "in_progress" else "",
            completed_on=min(target, today) if status == "completed" else None,
            completed_by_id=cast["manager"].pk if status == "completed" else None,
            not_taken_forward_reason="Superseded by a national change."
            if status == "not_taken_forward"
            else "",
            created_at=at,
            updated_at=at,
        )
        w.history(action, at, cast["manager"].pk, status="proposed")
        if status != "proposed":
            w.history(action, at + timedelta(days=30), cast["manager"].pk, kind="~")


def _heavy(w, review, marker, cast, today):
    reviewer = cast["reviewers"][0]
    for k in range(HEAVY_EVIDENCE):
        at = _at(today) - timedelta(hours=k)
        evidence = w.new(
            Evidence,
            review_id=review.pk,
            marker_id=marker.pk,
            kind="note",
            title=f"Heavy evidence {k + 1}",
            description=NOTE,
            added_at=at,
            added_by_id=reviewer.pk,
            dated_on=today,
        )
        w.history(evidence, at, reviewer.pk)


def _devices(cast):
    """Security codes for the people the benchmarks sign in as: their board requires them.
    An authenticator app (TOTP) and backup codes each."""
    for user in [cast["manager"], cast["chair"], cast["reviewers"][0], cast["members"][0]]:
        TOTPDevice.objects.create(user=user, name="Bench app", confirmed=True)
        static = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
        StaticToken.objects.bulk_create(
            [StaticToken(device=static, token=f"bench{k:04d}") for k in range(200)]
        )


def load() -> Dataset:
    """The data set an earlier build left in the database."""
    from analytics.figures import reporting_year

    board = Board.objects.get(slug="bench-000")
    return Dataset(
        board=board,
        users={name: User.objects.get(username=name) for name in ROLES},
        heavy=Review.objects.get(board=board, reference="LCSPR-00000"),
        year=reporting_year(date.today()) - 1,
        seconds=(recorded() or {}).get("seconds") or 0.0,
        counts=counts(),
    )


ROLES = ["manager", "chair", "reviewer", "member"]


def signed_in_client(user, headers=None):
    """Django's test client signed in as ``user`` through the sign-in and security-code
    pages (with one of the user's backup codes)."""
    from django.test import Client

    client = Client(headers=headers)
    client.post("/accounts/sign-in/", {"username": user.username, "password": PASSWORD})
    token = StaticToken.objects.filter(device__user=user).first()
    client.post("/accounts/security-code/", {"code": token.token})
    assert client.get("/").status_code == 200, f"sign-in of {user}"
    return client


@dataclass
class Page:
    role: str
    label: str
    url: str
    single: bool = False  # an export or a PDF: timed as one request
    limits: tuple[float, float] | None = None  # (first byte, total) in seconds


def pages(ds: Dataset) -> list[Page]:
    """The main pages, as the people who use them: what the benchmarks request."""
    pk = ds.heavy.pk
    agency = Agency.objects.filter(board=ds.board).order_by("pk").first().pk
    reviewer = ds.users["reviewer"].pk
    year = f"?year={ds.year}"
    return [
        *[Page(role, f"Home ({role})", "/") for role in ROLES],
        Page("manager", "Reviews list", "/reviews/"),
        Page("manager", "Reviews list, page 3", "/reviews/?page=3"),
        Page("manager", "Reviews list, running", "/reviews/?stage=running"),
        Page("manager", "Reviews list, practice reviews", "/reviews/?kind=lcspr"),
        Page("manager", "Reviews list, overdue", "/reviews/?overdue=yes"),
        Page("manager", "Reviews list, search", "/reviews/?q=Child+A"),
        Page("manager", "Reviews list, by lead reviewer", f"/reviews/?lead_reviewer={reviewer}"),
        Page("manager", "Reviews list, by referral date", "/reviews/?sort=referral"),
        Page("reviewer", "Reviews list (lead reviewer)", "/reviews/"),
        Page("manager", "Reviews × markers grid", "/reviews/markers/"),
        Page("manager", "Grid, running", "/reviews/markers/?stage=running"),
        Page("manager", "Actions tracker", "/reviews/actions/"),
        Page("manager", "Tracker, overdue", "/reviews/actions/?overdue=on"),
        Page("manager", "Tracker, in progress", "/reviews/actions/?status=in_progress"),
        Page("manager", "Tracker, one agency", f"/reviews/actions/?lead_agency={agency}"),
        Page("manager", "Tracker, review search", "/reviews/actions/?review=LCSPR-00"),
        Page("manager", "Tracker, by due date", "/reviews/actions/?sort=due"),
        Page("member", "Tracker (board member)", "/reviews/actions/"),
        Page("manager", "Review overview", f"/reviews/{pk}/"),
        Page("manager", "Review timeline", f"/reviews/{pk}/timeline/"),
        Page("manager", "Review history", f"/reviews/{pk}/history/"),
        Page("manager", "Review records", f"/reviews/{pk}/records/"),
        Page("manager", "Review outcomes", f"/reviews/{pk}/outcomes/"),
        Page("reviewer", "Markers task list", f"/reviews/{pk}/markers/"),
        Page(
            "reviewer",
            f"Marker page (QM{HEAVY_MARKER}, {HEAVY_EVIDENCE} evidence)",
            f"/reviews/{pk}/markers/{HEAVY_MARKER}/",
        ),  # fmt: skip
        Page("member", "Marker library", "/markers/"),
        Page("member", "Marker library, one marker", f"/markers/{MARKER_SET}/{HEAVY_MARKER}/"),
        Page("manager", "Analytics", f"/analytics/{year}"),
        Page("chair", "Review's reports", f"/documents/reviews/{pk}/"),
        Page("manager", "Actions CSV export", "/reviews/actions/export.csv", True, (1, 10)),
        Page("manager", "Actions Excel export", "/reviews/actions/export.xlsx", True, (1, 10)),
        Page("manager", "Ratings CSV export", "/documents/ratings.csv", True, (1, 10)),
        Page("manager", "Ratings Excel export", "/documents/ratings.xlsx", True, (1, 10)),
        Page(
            "manager",
            "Answers CSV export (one review)",
            f"/documents/reviews/{pk}/answers.csv",
            True,
        ),  # fmt: skip
        Page("chair", "QA summary PDF", f"/documents/reviews/{pk}/qa-summary.pdf", True),
        Page("manager", "Annual report pack PDF", f"/analytics/annual-report.pdf{year}", True),
        Page("manager", "Annual report pack Excel", f"/analytics/annual-report.xlsx{year}", True),
        Page("member", "Marker library PDF", f"/documents/markers/{MARKER_SET}/library.pdf", True),
    ]
