from datetime import date
from decimal import Decimal

from reviews.models import (
    Decision,
    InvolvementRecord,
    PrivacyAcknowledgement,
    Referral,
    RestrictedTerm,
)
from tests.outcomes_factories import FindingFactory


def test_it_tells_the_history_in_words(cast, client):
    review = cast.review
    Referral.objects.create(review=review, rationale="r", referring_agency=cast.agency)
    Decision.objects.create(
        review=review,
        kind="hold",
        outcome="proceed",
        decision="Hold",
        rationale="Criteria met",
        decided_by=cast.chair,
        decided_on=date(2026, 3, 3),
    )
    client.force_login(cast.manager)
    client.post(f"/reviews/{review.pk}/stage/", {"stage": "setup"})
    html = client.get(f"/reviews/{review.pk}/history/").content.decode()
    name = str(cast.manager)
    assert f"The review: Stage changed from Referral to Setting up by {name}" in html
    assert "Decision “Whether to hold a review, 3 March 2026” added" in html
    assert "The referral added" in html


def test_it_names_what_changed_in_related_records(cast, client):
    review = cast.review
    client.force_login(cast.manager)
    client.post(
        f"/reviews/{review.pk}/referral/",
        {"referring_agency": cast.agency.pk, "rationale": "r", "statutory_criteria": "unclear"},
    )
    client.post(
        f"/reviews/{review.pk}/referral/",
        {"referring_agency": cast.other_agency.pk, "rationale": "r", "statutory_criteria": "met"},
    )
    html = client.get(f"/reviews/{review.pk}/history/").content.decode()
    assert "Referring agency changed from Northshire Police to Northshire Health" in html
    assert "Statutory criteria changed from Not yet known to Meets the statutory criteria" in html
    assert f"by {cast.manager}" in html


def test_it_never_shows_family_names_to_board_members(cast, client):
    record = InvolvementRecord.objects.create(
        review=cast.review, kind="family", role="Father", real_name="John Example"
    )
    record.real_name = "John Q Example"
    record.save()
    client.force_login(cast.member)
    html = client.get(f"/reviews/{cast.review.pk}/history/").content.decode()
    assert "Involvement record “Father”" in html
    assert "Name changed" in html
    assert "Example" not in html
    client.force_login(cast.manager)
    html = client.get(f"/reviews/{cast.review.pk}/history/").content.decode()
    assert "Name changed from John Example to John Q Example" in html


def test_it_shows_a_withdrawal_with_its_reason(cast, client):
    decision = Decision.objects.create(
        review=cast.review,
        kind="publication",
        decision="Publish",
        rationale="r",
        decided_by=cast.manager,
        decided_on=date(2026, 3, 3),
    )
    decision.withdraw(reason="Entered on the wrong review")
    client.force_login(cast.chair)
    html = client.get(f"/reviews/{cast.review.pk}/history/").content.decode()
    assert "Removed from the review: Entered on the wrong review" in html


def test_it_shows_outcomes_changes_but_never_restricted_details_or_their_reasons(cast, client):
    FindingFactory(review=cast.review, number=2)
    term = RestrictedTerm.objects.create(review=cast.review, term="Jayden")
    term.term = "Jayden Smith"
    term.save()
    ack = PrivacyAcknowledgement.objects.create(
        review=cast.review,
        fingerprint="f" * 64,
        source_label="finding 2",
        reason="Jayden agreed",
        by=cast.manager,
    )
    ack.reason = "Jayden's mother agreed"
    ack.save()
    client.force_login(cast.chair)  # the review team: sees family names, never these
    html = client.get(f"/reviews/{cast.review.pk}/history/").content.decode()
    assert "Finding 2 added by the system, " in html
    assert "A detail on the restricted list: Detail changed by the system, " in html
    assert (
        "An acknowledgement of a privacy check match in finding 2: Reason changed by the system, "
        in html
    )
    assert "Jayden" not in html


def test_the_outcomes_history_shows_only_outcomes_changes(cast, client):
    Referral.objects.create(review=cast.review, rationale="r", referring_agency=cast.agency)
    FindingFactory(review=cast.review, number=2)
    client.force_login(cast.manager)
    html = client.get(f"/reviews/{cast.review.pk}/outcomes/history/").content.decode()
    assert "Finding 2 added by the system, " in html
    assert "The referral added" not in html
    html = client.get(f"/reviews/{cast.review.pk}/history/").content.decode()
    assert "Finding 2 added by the system, " in html
    assert "The referral added by the system, " in html


def test_it_writes_amounts_dates_and_lists_as_the_records_hold_them(cast, client):
    # The history rows of every kind are read as JSON in one query: an amount keeps its
    # pence, a date is a date and a list its labels, on SQLite as on PostgreSQL.
    review = cast.review
    review.budget, review.incident_on = Decimal("1500"), None
    review.save()
    review.budget = Decimal("2000.5")
    review.incident_on = date(2026, 2, 1)
    review.save()
    decision = Decision.objects.create(
        review=review,
        kind="hold",
        decision="Hold",
        rationale="r",
        decided_by=cast.chair,
        decided_on=date(2026, 3, 3),
    )
    decision.factors = ["learning", "resources"]
    decision.save()
    client.force_login(cast.manager)
    html = client.get(f"/reviews/{review.pk}/history/").content.decode()
    assert "Budget changed from 1500.00 to 2000.50" in html
    assert "Incident changed from nothing to 1 February 2026" in html
    assert (
        "Factors weighed changed from nothing to Potential for useful learning, "
        "Resource constraints" in html
    )


def test_through_a_transaction_pooler_it_prepares_nothing_and_tells_the_same(
    cast, client, monkeypatch
):
    """DB_TRANSACTION_POOLER=1: the history's union is sent whole, never PREPAREd (a pooler in
    transaction mode may run the EXECUTE on a server connection that never saw it)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    Referral.objects.create(review=cast.review, rationale="r", referring_agency=cast.agency)
    client.force_login(cast.manager)
    url = f"/reviews/{cast.review.pk}/history/"
    direct = client.get(url).content.decode()
    monkeypatch.setitem(connection.settings_dict, "DISABLE_SERVER_SIDE_CURSORS", True)
    with CaptureQueriesContext(connection) as queries:
        pooled = client.get(url).content.decode()
    sent = " ".join(q["sql"] for q in queries.captured_queries)
    assert "PREPARE" not in sent and "EXECUTE" not in sent
    assert "The referral added" in pooled
    strip = [line for line in direct.splitlines() if "nonce" not in line and "csrf" not in line]
    assert strip == [
        line for line in pooled.splitlines() if "nonce" not in line and "csrf" not in line
    ]
