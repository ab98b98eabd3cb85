from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.access import memberships_of
from analytics import charts, kept
from analytics.figures import NOT_ASSESSED, RATING_COLUMNS, percent
from analytics.forms import AnalyticsFilterForm

ACTION_COLUMNS = [
    ("completed_on_time", "Completed on time"),
    ("completed_late", "Completed late"),
    ("on_track", "On track"),
    ("slipped", "Slipped (revised date)"),
    ("overdue", "Overdue"),
]


def analytics_form(request) -> AnalyticsFilterForm:
    memberships = list(memberships_of(request.user).values())
    return AnalyticsFilterForm(request.GET or None, memberships=memberships)


@require_GET
def analytics(request):
    """A board's figures for a period: markers, questions, funnel, timeliness, themes,
    children, actions, years. Only from the reviews the user may see."""
    form = analytics_form(request)
    context = {"form": form, "has_board": bool(form.memberships)}
    if form.memberships and (not form.is_bound or form.is_valid()):
        figures = kept.figures(request.user, form.scope())
        context.update(describe(figures))
        context["board"] = next(
            m.board for m in form.memberships if m.board_id == figures.scope.board_id
        )
        query = request.GET.copy()
        query.pop("publication", None)
        context["query"] = query.urlencode()
    return render(request, "analytics/page.html", context)


def _list(items: list[str]) -> str:
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def describe(figures) -> dict:
    """The figures with their charts and the sentence that says what each chart shows."""
    f = figures
    marker_keys = [k for k, _ in RATING_COLUMNS]
    missed = sorted(
        (m for m in f.markers if m["missed"]), key=lambda m: (-m["missed"], m["number"])
    )[:3]
    summaries = {
        "markers": (
            "Markers most often not met or partly met: "
            + _list(
                [
                    f"QM{m['number']} {m['title']} ({m['missed']} of {m['assessed']} assessed)"
                    for m in missed
                ]
            )
            + "."
            if missed
            else "No marker was rated not met or partly met."
        ),
        "funnel": "; ".join(f"{r['label']}: {r['count']}" for r in f.funnel) + ".",
        "timeliness": " ".join(
            f"{r['label']}: {r['late']} of {r['count']} late." for r in f.timeliness if r["count"]
        )
        or "No milestone was both due and done in this period.",
        "themes": (
            "Most frequent themes: "
            + _list([f"{t['label']} ({t['share']} of reviews)" for t in f.themes[:3]])
            + "."
            if f.themes
            else "No review in this period has a theme recorded."
        ),
        "children": (
            f"{f.child_count} notified child{'ren' if f.child_count != 1 else ''}."
            + (
                " "
                + _list([f"{r['count']} {r['label'].lower()}" for r in f.children["harm"]["rows"]])
                + "."
                if f.child_count
                else ""
            )
        ),
        "actions": (
            f"{f.action_totals['total']} improvement actions: "
            + _list([f"{f.action_totals[k]} {label.lower()}" for k, label in ACTION_COLUMNS])
            + "."
            if f.action_totals["total"]
            else "No improvement action on these reviews."
        ),
        "years": _list([f"{y['label']}: {y['reviews']} reviews" for y in f.years]) + "."
        if f.years
        else "No reviews in any year.",
    }
    for row in f.actions:
        row["cells"] = [row[k] for k, _ in ACTION_COLUMNS]
    for row in f.markers:
        row["cells"] = [row[k] for k in marker_keys]
    return {
        "figures": f,
        "summaries": summaries,
        "rating_columns": RATING_COLUMNS,
        "action_columns": ACTION_COLUMNS,
        "marker_chart": charts.stacked(
            [{**m, "label": f"QM{m['number']} {m['title'][:34]}"} for m in f.markers], marker_keys
        ),
        "funnel_chart": charts.bars(f.funnel),
        "late_chart": charts.bars(f.timeliness, value="late"),
        "theme_chart": charts.bars(f.themes[:12]),
        "age_chart": charts.bars(f.children["age_band"]["rows"]) if f.child_count else None,
        "action_chart": charts.stacked(
            [{**a, "label": a["lead_agency__name"]} for a in f.actions],
            [k for k, _ in ACTION_COLUMNS],
            colours=charts.ACTION_COLOURS,
        ),
        "year_chart": charts.bars(f.years, value="reviews"),
        "not_assessed": NOT_ASSESSED,
        "percent": percent,
    }


def _pack(request):
    """The form, the figures and the pack's tables for ?year=&publication=; or the analytics
    page with the form's errors (a bad value is reported, never a 500)."""
    form = analytics_form(request)
    if not form.memberships or (form.is_bound and not form.is_valid()):
        return None, analytics(request)
    from analytics.pack import pack_tables

    scope = form.scope()
    figures = kept.figures(request.user, scope)
    publication = request.GET.get("publication") == "yes"
    board = next(m.board for m in form.memberships if m.board_id == scope.board_id)
    return {
        "figures": figures,
        "board": board,
        "publication": publication,
        "tables": pack_tables(figures, publication=publication),
        "scope": scope,
        "today": timezone.localdate(),
    }, None


def _filename(pack, ext) -> str:
    s = pack["scope"]
    suffix = "-for-publication" if pack["publication"] else ""
    return f"{pack['board'].slug}-annual-report-{s.start:%Y%m%d}-{s.end:%Y%m%d}{suffix}.{ext}"


@require_GET
def pack_pdf(request):
    from analytics.pack import CAVEAT
    from documents.pdf import PDF_CONTENT_TYPE, render_pdf

    pack, error_page = _pack(request)
    if error_page:
        return error_page
    pack.update(describe(pack["figures"]))
    pack["caveat"] = CAVEAT
    pdf = render_pdf("analytics/pack.html", pack)
    response = HttpResponse(pdf.content, content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(pack, "pdf")}"'
    return response


@require_GET
def pack_xlsx(request):
    from analytics.pack import review_lines, sheets
    from scrqm.exports import xlsx_response

    pack, error_page = _pack(request)
    if error_page:
        return error_page
    s = pack["scope"]
    title = f"{pack['board']}: annual report figures, {s.start:%-d %B %Y} to {s.end:%-d %B %Y}"
    lines = None if pack["publication"] else review_lines(request.user, s)
    return xlsx_response(_filename(pack, "xlsx"), *sheets(pack["tables"], lines, title))
