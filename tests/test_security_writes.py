"""What the access matrix cannot see: well-formed POSTs by the wrong user, and hidden fields or
foreign keys tampered with. Each test sends data the form would accept from the right user."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reviews.models import (
    Action,
    AgencyContribution,
    Decision,
    DisclosableMaterial,
    Evidence,
    InvolvementRecord,
    MarkerAssessment,
    MarkerComment,
    ParallelProcess,
    Publication,
    QuestionAnswer,
    RestrictedTerm,
    ReviewRole,
)
from tests.assessment_helpers import form_data, marker, save
from tests.factories import AgencyFactory, MembershipFactory, ReviewFactory, UserFactory
from tests.gds import dates
from tests.outcomes_factories import ActionFactory, FindingFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _progress(**extra):
    data = {
        "status": "in_progress",
        "not_taken_forward_reason": "",
        "rating": "",
        "rating_reason": "",
        "evidence_received": "",
        "update_text": "Training delivered to 40 staff",
        **dates(revised_date=None, update_on=date(2026, 1, 5)),
    }
    return data | extra


def test_it_refuses_a_board_member_updating_another_agencys_action(cast, as_user):
    action = ActionFactory(
        finding=FindingFactory(review=cast.review), lead_agency=cast.other_agency
    )
    url = reverse("reviews:action_progress", args=[cast.review.pk, action.pk])
    response = as_user(cast.member).post(url, _progress())
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.status == Action.Status.AGREED and not action.updates.exists()


def test_it_lets_a_board_member_update_their_own_agencys_action(cast, as_user):
    action = ActionFactory(finding=FindingFactory(review=cast.review), lead_agency=cast.agency)
    url = reverse("reviews:action_progress", args=[cast.review.pk, action.pk])
    assert as_user(cast.member).post(url, _progress()).status_code == 302
    action.refresh_from_db()
    assert action.status == "in_progress"


def test_it_refuses_a_board_member_moving_their_action_to_another_agency(cast, as_user):
    action = ActionFactory(finding=FindingFactory(review=cast.review), lead_agency=cast.agency)
    url = reverse("reviews:action_progress", args=[cast.review.pk, action.pk])
    as_user(cast.member).post(url, _progress(lead_agency=cast.other_agency.pk, text="Changed"))
    action.refresh_from_db()
    assert action.lead_agency == cast.agency and action.text != "Changed"


def test_it_404s_a_board_member_updating_an_action_of_another_board(cast, as_user):
    other = ReviewFactory(board=cast.other_board)
    agency = AgencyFactory(board=cast.other_board)
    action = ActionFactory(finding=FindingFactory(review=other), lead_agency=agency)
    for url in (
        reverse("reviews:action_progress", args=[other.pk, action.pk]),
        reverse("reviews:action_progress", args=[cast.review.pk, action.pk]),
    ):
        assert as_user(cast.member).post(url, _progress()).status_code == 404


def _evidence_post(name="scope.pdf"):
    return {
        "kind": "file",
        "title": "Scoping document",
        **dates(dated_on=date(2026, 3, 3)),
        "description": "",
        "url": "",
        "file": SimpleUploadedFile(name, PDF),
    }


@pytest.mark.parametrize("who, status", [("reviewer_off", 404), ("member", 403), ("chair", 403)])
def test_it_refuses_valid_evidence_uploads_from_outside_the_review_team(cast, as_user, who, status):
    url = reverse("reviews:evidence_add", args=[cast.review.pk, 6])
    assert as_user(getattr(cast, who)).post(url, _evidence_post()).status_code == status
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("who, status", [("chair", 403), ("manager", 403), ("member", 403)])
def test_it_refuses_a_valid_assessment_from_anyone_but_the_assessors(cast, as_user, who, status):
    m = marker(cast.review, 6)
    data = form_data(m, rating="met", commentary="Done", answers={1: ("yes", "")})
    url = reverse("reviews:marker", args=[cast.review.pk, 6])
    assert as_user(getattr(cast, who)).post(url, data).status_code == status
    assert not MarkerAssessment.objects.exists()


def test_it_refuses_answers_to_another_markers_questions(cast, as_user):
    m6, m7 = marker(cast.review, 6), marker(cast.review, 7)
    data = form_data(m6, rating="met")
    data.update({f"answer_{q.pk}": "yes" for q in m7.questions.all()})
    url = reverse("reviews:marker", args=[cast.review.pk, 6])
    as_user(cast.reviewer).post(url, data)
    assert not QuestionAnswer.objects.filter(question__marker=m7).exists()


def test_it_refuses_a_tampered_version_instead_of_overwriting(cast, as_user):
    save(cast.review, 6, cast.manager, rating="met", commentary="First")  # version 1
    save(cast.review, 6, cast.manager, rating="met", commentary="Second")  # version 2
    m = marker(cast.review, 6)
    url = reverse("reviews:marker", args=[cast.review.pk, 6])
    for version in (0, 1, 99):
        data = form_data(m, version=version, rating="not_met", commentary="Overwrite")
        assert as_user(cast.reviewer).post(url, data).status_code in (200, 409)
    assert MarkerAssessment.objects.get().commentary == "Second"


def _decision(kind="hold"):
    return {
        "kind": kind,
        "outcome": "hold" if kind == "hold" else "",
        "decision": "Hold an LCSPR",
        "rationale": "Criteria met",
        **dates(decided_on=date(2026, 2, 1)),
    }


@pytest.mark.parametrize("who, status", [("reviewer", 403), ("member", 403), ("reviewer_off", 404)])
def test_it_refuses_board_decisions_from_lead_reviewers_and_members(cast, as_user, who, status):
    url = reverse("reviews:decision_add", args=[cast.review.pk])
    assert as_user(getattr(cast, who)).post(url, _decision()).status_code == status
    assert not Decision.objects.exists()


def test_it_refuses_a_board_manager_recording_the_chairs_decision(cast, as_user):
    url = reverse("reviews:decision_add", args=[cast.review.pk])
    assert as_user(cast.manager).post(url, _decision("hold")).status_code == 200
    assert not Decision.objects.exists()


def test_it_refuses_a_lead_reviewer_changing_the_chairs_decision(cast, as_user):
    decision = Decision.objects.create(
        review=cast.review,
        kind="hold",
        outcome="hold",
        decision="Hold",
        rationale="Met",
        decided_on=date(2026, 2, 1),
        decided_by=cast.chair,
    )
    for name in ("decision_edit", "decision_withdraw"):
        url = reverse(f"reviews:{name}", args=[cast.review.pk, decision.pk])
        data = _decision() | {"decision": "Do not hold", "withdrawn_reason": "x"}
        assert as_user(cast.reviewer).post(url, data).status_code == 403
        assert as_user(cast.manager).post(url, data).status_code == 403
    decision.refresh_from_db()
    assert decision.decision == "Hold" and not decision.is_withdrawn


def test_it_refuses_a_lead_reviewer_moving_the_review(cast, as_user):
    url = reverse("reviews:move", args=[cast.review.pk])
    response = as_user(cast.reviewer).post(url, {"stage": "setup", "reason": ""})
    assert response.status_code == 403
    cast.review.refresh_from_db()
    assert cast.review.stage == "referral"


# --- Foreign keys of another board or review ---------------------------------------------


def test_it_refuses_an_agency_of_another_board_in_a_contribution(cast, as_user):
    foreign = AgencyFactory(board=cast.other_board)
    url = reverse("reviews:contribution_add", args=[cast.review.pk])
    data = {
        "agency": foreign.pk,
        "asked_for": ["chronology"],
        "chaser_count": 0,
        "non_cooperation_reason": "",
        **dates(requested_on=date(2026, 3, 1), due_on=None, last_chased_on=None, received_on=None),
    }
    response = as_user(cast.manager).post(url, data)
    assert response.status_code == 200
    assert not AgencyContribution.objects.exists()
    data["agency"] = cast.agency.pk
    assert as_user(cast.manager).post(url, data).status_code == 302


def test_it_refuses_a_parallel_process_of_another_review_in_material(cast, as_user):
    other = ReviewFactory(board=cast.board)
    process = ParallelProcess.objects.create(review=other, kind="criminal", lead_agency="Police")
    url = reverse("reviews:material_add", args=[cast.review.pk])
    data = {"process": process.pk, "item": "Interview tapes", "owner": "Police"}
    as_user(cast.manager).post(url, data)
    assert not DisclosableMaterial.objects.filter(review=cast.review).exists()


def test_it_refuses_a_parallel_process_of_another_review_in_the_publication(cast, as_user):
    other = ReviewFactory(board=cast.board)
    process = ParallelProcess.objects.create(review=other, kind="criminal", lead_agency="Police")
    url = reverse("reviews:publication_edit", args=[cast.review.pk])
    data = {
        "status": "delayed",
        "parallel_process": process.pk,
        "where_published": "",
        "status_reason": "Trial",
        "family_support": "",
        "professionals_support": "",
        "media_strategy": "",
        **dates(
            planned_on=None,
            available_until=None,
            delayed_until=date(2027, 1, 1),
            family_informed_on=None,
            professionals_informed_on=None,
            sent_to_national_bodies_on=None,
            published_on=None,
        ),
    }
    as_user(cast.manager).post(url, data)
    assert not Publication.objects.filter(parallel_process=process).exists()


def test_it_refuses_a_person_of_another_board_on_the_review(cast, as_user):
    url = reverse("reviews:people", args=[cast.review.pk])
    data = {"user": cast.outsider.pk, "role": "lead_reviewer"}
    assert as_user(cast.manager).post(url, data).status_code == 200
    assert not ReviewRole.objects.filter(user=cast.outsider).exists()


def test_it_refuses_an_owner_of_another_board_on_an_action(cast, as_user):
    stranger = UserFactory()
    foreign_agency = AgencyFactory(board=cast.other_board)
    MembershipFactory(user=stranger, board=cast.other_board, agency=foreign_agency)
    finding = FindingFactory(review=cast.review)
    url = reverse("reviews:action_add", args=[cast.review.pk, finding.pk])
    data = {
        "text": "Audit",
        "scope": "local",
        "level": "partnership",
        "lead_agency": foreign_agency.pk,
        "lead_officer": "",
        "owner": stranger.pk,
        "milestones": "",
        "success_measure": "",
        "evidence_required": "",
        "status": "agreed",
        **dates(target_date=date(2030, 6, 30), revised_date=None, follow_up_on=None),
    }
    assert as_user(cast.manager).post(url, data).status_code == 200
    assert not Action.objects.exists()


def test_it_404s_nested_records_of_another_review_on_write(cast, as_user):
    other = ReviewFactory(board=cast.board)
    inv = InvolvementRecord.objects.create(review=other, kind="family", role="Mother")
    comment = MarkerComment.objects.create(
        review=other, marker=marker(other, 6), author=cast.chair, body="Why?"
    )
    term = RestrictedTerm.objects.create(review=other, term="Jayden")
    client = as_user(cast.manager)
    urls = [
        (reverse("reviews:involvement_edit", args=[cast.review.pk, inv.pk]), {"role": "X"}),
        (reverse("reviews:restricted_term_delete", args=[cast.review.pk, term.pk]), {}),
    ]
    for url, data in urls:
        assert client.post(url, data).status_code == 404
    url = reverse("reviews:comment_resolve", args=[cast.review.pk, comment.pk])
    data = {f"comment-{comment.pk}-reply": "Done"}
    assert as_user(cast.reviewer).post(url, data).status_code == 404
    assert RestrictedTerm.objects.filter(pk=term.pk).exists()
    comment.refresh_from_db()
    assert comment.resolved_at is None
