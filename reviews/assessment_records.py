"""Records the review already holds, shown beside the questions they answer.

A small registry: (marker number, question number or None for the whole marker) -> a function
of the review returning (label, value) rows. The functions read the review's records
defensively, so a record that has not been filled in (or a model that is not there) shows
nothing rather than failing the page.
"""

from collections.abc import Callable

from django.core.exceptions import ObjectDoesNotExist
from django.utils import formats

Rows = list[tuple[str, str]]
REGISTRY: dict[tuple[int, int | None], Callable] = {}


def record(marker: int, question: int | None = None):
    def register(fn):
        REGISTRY[(marker, question)] = fn
        return fn

    return register


def _one(review, name: str):
    """A one-to-one record of the review, or None."""
    try:
        return getattr(review, name, None)
    except ObjectDoesNotExist:
        return None


def _many(review, name: str, *related: str) -> list:
    """The review's current (not withdrawn) records of a kind, or [] if there are none."""
    manager = getattr(review, name, None)
    if manager is None or not hasattr(manager, "all"):
        return []
    qs = manager.select_related(*related) if related else manager.all()
    return list(qs.current() if hasattr(qs, "current") else qs)


def _date(value) -> str:
    return formats.date_format(value, "j F Y") if value else "Not recorded"


def _display(obj, field: str) -> str:
    getter = getattr(obj, f"get_{field}_display", None)
    value = getter() if getter else getattr(obj, field, "")
    return str(value) if value not in (None, "") else "Not recorded"


@record(1, 1)
def referral_rationale(review) -> Rows:
    referral = _one(review, "referral")
    return [("Rationale for the referral", _display(referral, "rationale"))] if referral else []


@record(1, 2)
def statutory_criteria(review) -> Rows:
    referral = _one(review, "referral")
    if referral is None:
        return []
    rows = [("Statutory criteria", _display(referral, "statutory_criteria"))]
    if getattr(referral, "other_reason", ""):
        rows.append(("Other reason for a review", referral.other_reason))
    return rows


@record(1, 3)
def delay_explanation(review) -> Rows:
    referral = _one(review, "referral")
    rows = [("Referred on", _date(getattr(review, "referral_on", None)))]
    if referral is not None and getattr(referral, "delay_explanation", ""):
        rows.append(("Delay explained", referral.delay_explanation))
    return rows


@record(2)
def decision_to_hold(review) -> Rows:
    rows = []
    for decision in _many(review, "decisions"):
        if getattr(decision, "kind", None) != "hold":
            continue
        outcome = _display(decision, "outcome")
        rows.append((f"Decision, {_date(decision.decided_on)}", outcome))
        rows.append(("Rationale", _display(decision, "rationale")))
    referral_on = getattr(review, "referral_on", None)
    decision_on = getattr(review, "decision_on", None)
    rows.append(("Decision made on", _date(decision_on)))
    if referral_on and decision_on:
        rows.append(("Referral to decision", f"{(decision_on - referral_on).days} days"))
    return rows


@record(3)
def board_advised(review) -> Rows:
    # The review's key date is the one record of it (the decision form writes it there).
    return [("Board members advised on", _date(getattr(review, "board_advised_on", None)))]


def _involvements(review, kind: str) -> Rows:
    # The role ("Mother", "Health visitor"), never the restricted real name.
    rows = []
    for inv in _many(review, "involvements"):
        if getattr(inv, "kind", None) != kind:
            continue
        informed = getattr(inv, "informed_on", None)
        involved = getattr(inv, "involved_on", None)
        parts = [f"Informed {_date(informed)}" if informed else "Not yet informed"]
        if involved:
            parts.append(f"involved {_date(involved)}")
        elif getattr(inv, "not_involved_reason", ""):
            parts.append(f"not involved: {inv.not_involved_reason}")
        rows.append((str(inv), ", ".join(parts)))
    return rows


@record(4)
def family_informed(review) -> Rows:
    rows = [("Family informed on", _date(getattr(review, "family_informed_on", None)))]
    return rows + _involvements(review, "family")


@record(6)
def terms_of_reference(review) -> Rows:
    rows = [("Terms of reference agreed on", _date(getattr(review, "tor_agreed_on", None)))]
    tor = _one(review, "terms_of_reference")
    if tor is not None:
        rows.append(("Methodology", _display(tor, "methodology")))
        if getattr(tor, "period_from", None) or getattr(tor, "period_to", None):
            rows.append(
                ("Period under review", f"{_date(tor.period_from)} to {_date(tor.period_to)}")
            )
        if getattr(tor, "lines_of_enquiry", ""):
            rows.append(("Key lines of enquiry", tor.lines_of_enquiry))
    return rows


@record(8, 4)
def delays_reported(review) -> Rows:
    return [
        (f"Delay: {d.milestone}", f"{d.reason} (board told {_date(d.board_told_on)})")
        for d in _many(review, "delays")
    ]


@record(9)
def parallel_processes(review) -> Rows:
    return [
        (_display(p, "kind"), f"{p.lead_agency}, {_display(p, 'status').lower()}")
        for p in _many(review, "parallel_processes")
    ]


@record(10)
def contributions_outstanding(review) -> Rows:
    contributions = _many(review, "contributions", "agency")
    outstanding = [c for c in contributions if not getattr(c, "received_on", None)]
    rows = [("Agency contributions", f"{len(contributions)} asked, {len(outstanding)} outstanding")]
    rows += [(f"Outstanding: {c}", f"due {_date(getattr(c, 'due_on', None))}") for c in outstanding]
    return rows


@record(11)
def practitioners_involved(review) -> Rows:
    rows = [
        (f"Practitioner event, {_date(e.held_on)}", e.title)
        for e in _many(review, "practitioner_events")
    ]
    return rows + _involvements(review, "practitioner")


@record(12)
def family_involved(review) -> Rows:
    return _involvements(review, "family")


def records_for(review, marker) -> dict[int | None, Rows]:
    """{question number (None: the whole marker): rows} for one marker of a review."""
    out = {}
    for (number, question), fn in REGISTRY.items():
        if number == marker.number:
            rows = fn(review)
            if rows:
                out[question] = rows
    return out
