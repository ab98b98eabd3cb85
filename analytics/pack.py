"""The board's annual-report pack: every table of the analytics for a reporting year, as the
PDF (through ``documents.pdf``) and the Excel workbook (one sheet per table, plus one line per
review). The "for publication" version suppresses small numbers as national statistics do:
counts from 1 to 4 are shown as "c", and where a row or column adds up to a total that is
shown, one more cell is suppressed so the hidden one cannot be worked out (secondary
suppression). Shares of a suppressed count are suppressed too.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from analytics.figures import RATING_COLUMNS, Figures, base_reviews
from analytics.views import ACTION_COLUMNS
from reviews.models import Action, Rating
from scrqm.exports import Sheet

SUPPRESSED = "c"
CAVEAT = (
    "Counts of reviews are not a measure of a board's performance: a board that refers and "
    "reviews more cases may be learning more. Counts from 1 to 4 are shown as “c”, and some "
    "further counts are hidden so that they cannot be worked out from a total."
)


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    # Cells that add up to a total shown elsewhere: [(row, column), ...] per group.
    groups: list[list[tuple[int, int]]] = field(default_factory=list)
    # Columns of shares: {share column: count column it is a share of}.
    shares: dict[int, int] = field(default_factory=dict)


def tables(f: Figures) -> list[Table]:
    out = []
    counts = [k for k, _ in RATING_COLUMNS]
    t = Table(
        "markers",
        f"Reviews by rating, per marker ({f.review_count} reviews)",
        ["Marker", *(label for _, label in RATING_COLUMNS), "Met, of assessed"],
    )
    for i, m in enumerate(f.markers):
        t.rows.append([f"QM{m['number']} {m['title']}", *(m[k] for k in counts), m["met_share"]])
        t.groups.append([(i, c) for c in range(1, len(counts) + 1)])
    t.shares = {len(counts) + 1: 1}
    out.append(t)
    out.append(
        Table(
            "questions",
            "Questions most often answered no or not yet known",
            ["Question", "No", "Not yet known"],
            [[f"{q['ref']} {q['text']}", q["no"], q["not_known"]] for q in f.questions],
        )
    )
    out.append(
        Table(
            "funnel",
            "From notification to publication",
            ["Step", "Reviews"],
            [[r["label"], r["count"]] for r in f.funnel],
        )
    )
    out.append(
        Table(
            "timeliness",
            "Timeliness against the board's timescales",
            [
                "Milestone",
                "Timescale",
                "Reviews",
                "Median working days",
                "Late",
                "Reasons for delay recorded",
            ],
            [
                [
                    r["label"],
                    r["target"],
                    r["count"],
                    r["median"] if r["median"] is not None else "none",
                    r["late"],
                    r["delays_recorded"],
                ]
                for r in f.timeliness
            ],
        )
    )
    out.append(
        Table(
            "themes",
            "Themes as a share of reviews",
            ["Theme", "Reviews", "Share of reviews"],
            [[r["label"], r["count"], r["share"]] for r in f.themes],
            shares={2: 1},
        )
    )
    for key, group in f.children.items():
        rows = [[r["label"], r["count"], r["share"]] for r in group["rows"]]
        out.append(
            Table(
                f"children_{key}",
                f"Notified children by {group['label'].lower()} ({f.child_count} children)",
                [group["label"], "Children", "Share"],
                rows,
                groups=[[(i, 1) for i in range(len(rows))]],
                shares={2: 1},
            )
        )
    out.append(
        Table(
            "actions",
            "Improvement actions by lead agency",
            ["Lead agency", *(label for _, label in ACTION_COLUMNS), "All actions"],
            [
                [a["lead_agency__name"], *(a[k] for k, _ in ACTION_COLUMNS), a["total"]]
                for a in f.actions
            ],
        )
    )
    out.append(
        Table(
            "years",
            "Reviews per reporting year, April to March",
            ["Reporting year", "Reviews started", "Reports received", "Published"],
            [[y["label"], y["reviews"], y["completed"], y["published"]] for y in f.years],
        )
    )
    return out


def _small(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 4


def suppress(table: Table) -> Table:
    """Primary suppression (1 to 4 → "c"), then secondary within each group that adds up to
    a shown total, then the shares of suppressed counts."""
    rows = [list(r) for r in table.rows]
    for r in rows:
        for c in range(1, len(r)):
            if _small(r[c]):
                r[c] = SUPPRESSED
    for group in table.groups:
        hidden = [(i, c) for i, c in group if rows[i][c] == SUPPRESSED]
        if len(hidden) == 1:
            visible = [
                (rows[i][c], i, c)
                for i, c in group
                if isinstance(rows[i][c], int) and rows[i][c] > 0
            ]
            if visible:
                _, i, c = min(visible)
                rows[i][c] = SUPPRESSED
    for share, count in table.shares.items():
        for r in rows:
            if r[count] == SUPPRESSED:
                r[share] = SUPPRESSED
    return Table(table.key, table.title, table.columns, rows, table.groups, table.shares)


def pack_tables(f: Figures, *, publication: bool) -> list[Table]:
    out = tables(f)
    return [suppress(t) for t in out] if publication else out


def review_lines(user, scope) -> list[list]:
    """One line per review of the period: for the board's own (not published) workbook."""
    reviews = (
        base_reviews(user, scope)
        .annotate(
            met=Count("assessments", filter=Q(assessments__rating=Rating.MET), distinct=True),
            assessed=Count(
                "assessments",
                filter=Q(assessments__rating__in=[Rating.MET, Rating.PARTLY_MET, Rating.NOT_MET]),
                distinct=True,
            ),
            done=Count("actions", filter=Q(actions__status=Action.Status.COMPLETED), distinct=True),
            all_actions=Count("actions", distinct=True),
        )
        .order_by("reference")
    )
    return [
        [
            r.reference,
            r.get_kind_display(),
            r.get_stage_display(),
            r.referral_on,
            r.decision_on,
            r.report_received_on,
            r.published_on,
            f"{r.met} of {r.assessed}",
            f"{r.done} of {r.all_actions}",
        ]
        for r in reviews
    ]


REVIEW_COLUMNS = [
    "Reference",
    "Kind",
    "Stage",
    "Referral",
    "Decision",
    "Report received",
    "Published",
    "Markers met, of assessed",
    "Actions completed",
]


def sheets(tabs: list[Table], lines: list[list] | None, title: str) -> list[Sheet]:
    """The workbook's sheets (written by the shared ``scrqm.exports`` writer): an "About"
    sheet naming every table, then one sheet per table and, for the board's own copy, one
    line per review."""
    caveat = CAVEAT if lines is None else CAVEAT.split(" Counts from")[0]
    about = [[title], [caveat], *([t.key, t.title] for t in tabs)]
    out = [Sheet("About", ["Annual report figures"], about)]
    out += [Sheet(t.key, t.columns, t.rows) for t in tabs]
    if lines is not None:
        out.append(Sheet("Reviews", REVIEW_COLUMNS, lines))
    return out
