"""Records the review already holds, shown beside the marker questions they answer."""

import datetime

from django.urls import reverse

from reviews.assessment_records import records_for
from reviews.models import (
    AgencyContribution,
    Decision,
    Delay,
    InvolvementRecord,
    ParallelProcess,
    PractitionerEvent,
    Referral,
    Review,
    TermsOfReference,
)
from tests.assessment_helpers import marker

D = datetime.date


def page(client, review, number):
    return client.get(reverse("reviews:marker", args=[review.pk, number])).content.decode()


def test_it_shows_nothing_but_not_recorded_dates_for_an_empty_review(cast):
    review = cast.review
    assert records_for(review, marker(review, 1)) == {3: [("Referred on", "Not recorded")]}
    assert records_for(review, marker(review, 13)) == {}
    assert records_for(review, marker(review, 9)) == {}


def test_it_shows_the_referral_beside_the_questions_of_marker_1(cast, as_user):
    Referral.objects.create(
        review=cast.review,
        rationale="Child R was seriously harmed; neglect suspected",
        statutory_criteria=Referral.Criteria.NOT_MET,
        other_reason="Local learning priority on neglect",
        delay_explanation="Police investigation delayed the referral",
    )
    Review.objects.filter(pk=cast.review.pk).update(referral_on=D(2026, 1, 5))
    rows = records_for(Review.objects.get(pk=cast.review.pk), marker(cast.review, 1))
    assert rows[1] == [
        ("Rationale for the referral", "Child R was seriously harmed; neglect suspected")
    ]
    assert ("Other reason for a review", "Local learning priority on neglect") in rows[2]
    assert rows[2][0][1].startswith("Does not meet the statutory criteria")
    assert ("Referred on", "5 January 2026") in rows[3]
    assert ("Delay explained", "Police investigation delayed the referral") in rows[3]
    body = page(as_user(cast.member), cast.review, 1)
    q2 = body.index('id="question-2"')
    assert q2 < body.index("Local learning priority on neglect") < body.index('id="question-3"')


def test_it_shows_the_decision_and_its_timeliness_for_marker_2_and_3(cast):
    Review.objects.filter(pk=cast.review.pk).update(
        referral_on=D(2026, 1, 5), decision_on=D(2026, 1, 19), board_advised_on=D(2026, 1, 21)
    )
    Decision.objects.create(
        review=cast.review,
        kind=Decision.Kind.HOLD,
        outcome=Decision.Outcome.PROCEED,
        decision="Hold an LCSPR",
        rationale="Potential for learning on neglect",
        decided_by=cast.chair,
        decided_on=D(2026, 1, 19),
    )
    withdrawn = Decision.objects.create(
        review=cast.review,
        kind=Decision.Kind.HOLD,
        outcome=Decision.Outcome.NOT_PROCEED,
        decision="Entered by mistake",
        rationale="Mistake",
        decided_by=cast.chair,
        decided_on=D(2026, 1, 18),
    )
    withdrawn.withdraw(reason="Entered by mistake")
    review = Review.objects.get(pk=cast.review.pk)
    rows = records_for(review, marker(review, 2))[None]
    assert ("Decision, 19 January 2026", "Hold a review") in rows
    assert ("Rationale", "Potential for learning on neglect") in rows
    assert ("Referral to decision", "14 days") in rows
    assert all("Mistake" not in v for _, v in rows)
    rows = records_for(review, marker(review, 3))[None]
    assert rows == [("Board members advised on", "21 January 2026")]


def test_it_shows_family_involvement_without_real_names(cast, as_user):
    Review.objects.filter(pk=cast.review.pk).update(family_informed_on=D(2026, 2, 2))
    InvolvementRecord.objects.create(
        review=cast.review,
        kind="family",
        role="Mother",
        real_name="Jane Secret",
        informed_on=D(2026, 2, 2),
        involved_on=D(2026, 3, 1),
    )
    InvolvementRecord.objects.create(
        review=cast.review, kind="practitioner", role="Health visitor", informed_on=D(2026, 2, 9)
    )
    PractitionerEvent.objects.create(
        review=cast.review, held_on=D(2026, 3, 10), title="Practitioner learning event"
    )
    review = Review.objects.get(pk=cast.review.pk)
    rows4 = records_for(review, marker(review, 4))[None]
    assert ("Family informed on", "2 February 2026") in rows4
    assert ("Mother", "Informed 2 February 2026, involved 1 March 2026") in rows4
    rows11 = records_for(review, marker(review, 11))[None]
    assert ("Practitioner event, 10 March 2026", "Practitioner learning event") in rows11
    assert ("Health visitor", "Informed 9 February 2026") in rows11
    assert records_for(review, marker(review, 12))[None] == [
        ("Mother", "Informed 2 February 2026, involved 1 March 2026")
    ]
    for who in (cast.reviewer, cast.member):
        assert "Jane Secret" not in page(as_user(who), cast.review, 4)


def test_it_shows_terms_of_reference_parallel_processes_contributions_and_delays(cast):
    Review.objects.filter(pk=cast.review.pk).update(tor_agreed_on=D(2026, 2, 1))
    TermsOfReference.objects.create(
        review=cast.review,
        methodology="silp",
        lines_of_enquiry="Response to neglect",
        period_from=D(2025, 1, 1),
        period_to=D(2025, 12, 31),
    )
    ParallelProcess.objects.create(review=cast.review, kind="criminal", lead_agency="Police")
    AgencyContribution.objects.create(
        review=cast.review,
        agency=cast.agency,
        asked_for=["chronology"],
        requested_on=D(2026, 2, 1),
        due_on=D(2026, 3, 1),
    )
    AgencyContribution.objects.create(
        review=cast.review,
        agency=cast.other_agency,
        asked_for=["summary"],
        requested_on=D(2026, 2, 1),
        received_on=D(2026, 2, 20),
    )
    Delay.objects.create(
        review=cast.review,
        milestone="report",
        reason="Trial adjourned",
        board_told_on=D(2026, 4, 1),
    )
    review = Review.objects.get(pk=cast.review.pk)
    rows6 = records_for(review, marker(review, 6))[None]
    assert ("Terms of reference agreed on", "1 February 2026") in rows6
    assert ("Methodology", "Significant Incident Learning Process (SILP)") in rows6
    assert ("Period under review", "1 January 2025 to 31 December 2025") in rows6
    assert records_for(review, marker(review, 9))[None] == [
        ("Criminal investigation or trial", "Police, under way")
    ]
    rows10 = records_for(review, marker(review, 10))[None]
    assert ("Agency contributions", "2 asked, 1 outstanding") in rows10
    assert ("Outstanding: Northshire Police: Chronology", "due 1 March 2026") in rows10
    assert records_for(review, marker(review, 8))[4] == [
        ("Delay: report", "Trial adjourned (board told 1 April 2026)")
    ]


def test_it_shows_typed_html_in_records_as_text(cast, as_user):
    Referral.objects.create(review=cast.review, rationale="<script>alert(1)</script>")
    body = page(as_user(cast.reviewer), cast.review, 1)
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;alert(1)" in body


def test_it_reads_the_records_in_a_fixed_number_of_queries(
    cast, as_user, django_assert_max_num_queries
):
    from tests.factories import AgencyFactory

    client = as_user(cast.reviewer)
    url = reverse("reviews:marker", args=[cast.review.pk, 10])
    with django_assert_max_num_queries(11) as few:
        client.get(url)
    for i in range(12):
        agency = AgencyFactory(board=cast.board, name=f"Agency {i}")
        AgencyContribution.objects.create(
            review=cast.review,
            agency=agency,
            asked_for=["chronology"],
            requested_on=D(2026, 2, 1),
        )
    with django_assert_max_num_queries(11) as many:
        body = client.get(url).content.decode()
    assert "12 asked, 12 outstanding" in body
    assert len(many.captured_queries) == len(few.captured_queries)
