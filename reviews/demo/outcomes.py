"""The demo reviews' outputs and outcomes: findings drafted by the lead reviewer, improvement
actions agreed by the board and then moved on by their owners (to every status, some late),
the board's written response and publication, through the outcomes services and on the
story's dates. Invented text throughout (see ``stories``).
"""

from datetime import timedelta

from reviews.demo.clock import backdate
from reviews.demo.stories import CSC, POLICE
from reviews.models import (
    Action,
    BoardResponse,
    Decision,
    Finding,
    Publication,
    RestrictedTerm,
    Review,
)
from reviews.services.outcomes import (
    action_save,
    action_update_progress,
    board_response_save,
    finding_save,
    publication_save,
)
from reviews.services.review import decision_save

# Invented identifying details that must never reach a published text (the privacy check).
SCHOOLS = ["Hollybank Academy", "St Wenna's Primary", "Larkfield School", "Moorgate College"]


def _owner(crew, agency: str):
    users = {POLICE: "member", CSC: "member2"}
    return crew.users.get(users.get(agency, ""))


def findings(review: Review, story, crew, clock, d) -> None:
    lead, manager = crew.lead_for(story), crew.manager
    anchor = d.report if story.path == "scr" else clock.today
    for f in story.findings:
        with clock.acting(lead, d.report) as at:
            finding = finding_save(
                finding=Finding(
                    review=review,
                    text=f.text,
                    explanation=f.explanation,
                    priority=f.priority,
                    level=f.level,
                    is_national=f.national,
                )
            )
        backdate(finding, at, "created_at")
        for a in f.actions:
            target = max(anchor + timedelta(days=a.due), d.report + timedelta(days=30))
            owner = _owner(crew, a.agency)
            with clock.acting(manager, d.presented) as at:
                action = action_save(
                    action=Action(
                        review=review,
                        finding=finding,
                        text=a.text,
                        scope="national" if f.national else "local",
                        level="partnership" if a.agency not in (POLICE, CSC) else "organisation",
                        lead_agency=crew.agencies[a.agency],
                        lead_officer=a.officer,
                        owner=owner,
                        target_date=target,
                        status="proposed" if a.status == "proposed" else "agreed",
                        success_measure=a.measure
                        or "An audit a year on shows the change in practice.",
                        evidence_required=a.evidence
                        and "Audit report to the board"
                        or "Evidence of the change, reported to the quality assurance sub-group",
                    ),
                    by=manager,
                    today=d.presented,
                )
            backdate(action, at, "created_at")
            closes = story.stage == "closed"
            _progress(action, a, owner or manager, manager, clock, d, closes)


def _progress(action: Action, a, owner, manager, clock, d, closes: bool) -> None:
    """Move the action on to its status today, as its owner would."""
    if a.status in ("proposed", "agreed") and not a.rating:
        return
    started = clock.done(d.presented + timedelta(days=35))
    if a.status in ("in_progress", "agreed"):
        with clock.acting(owner, started):
            action.status = a.status
            action.rating = a.rating
            if a.rating == "slipped":
                action.revised_date = action.target_date + timedelta(days=30)
                action.rating_reason = a.reason
            elif a.rating == "not_achieved":
                action.rating_reason = a.reason
            action_update_progress(
                action=action,
                by=owner,
                update_text=a.update or "Work started; first steps reported to the sub-group.",
                update_on=started,
            )
    elif a.status == "completed":
        done = clock.done(max(action.target_date - timedelta(days=9), started))
        if closes:  # signed off before the review closed
            done = max(min(done, d.closed - timedelta(days=14)), started)
        with clock.acting(owner, done):
            action.status = "completed"
            action.rating = a.rating or "achieved"
            action.evidence_received = a.evidence or "Evidence received by the sub-group."
            if a.verified:
                action.completed_by = manager
                action.completed_on = done
            action.impact_on_practice = "yes"
            action.impact_on_children = "partly" if len(a.text) % 2 else "not_known"
            action.impact_notes = "An audit six months on shows the change is holding."
            action.follow_up_on = done + timedelta(days=180)
            action_update_progress(
                action=action,
                by=owner,
                update_text="Completed; evidence sent.",
                update_on=done,
                verifies=a.verified,
            )
    elif a.status == "not_taken_forward":
        with clock.acting(manager, started):
            action.status = "not_taken_forward"
            action.not_taken_forward_reason = a.reason
            action_update_progress(action=action, by=manager)


def respond(review: Review, story, crew, clock, d) -> None:
    acceptance = story.acceptance
    with clock.acting(crew.manager, d.response):
        board_response_save(
            review=review,
            response=BoardResponse(
                text=story.response
                or "The board accepts the findings and has agreed the action plan.",
                acceptance=acceptance,
                acceptance_reasons="" if acceptance == "fully" else "See the response.",
                priorities=f"The learning on {story.themes[0].lower()} sits within the "
                "learning and improvement framework's current priorities.",
                monitoring="The quality assurance sub-group reviews every action each "
                "quarter and asks for evidence of the difference made for children.",
            ),
            agreed_on=d.response,
        )


def publish(review: Review, story, crew, clock, d) -> None:
    """The publication record: published, delayed by a parallel process, or not yet."""
    school = SCHOOLS[len(story.title) % len(SCHOOLS)]
    names = sorted({f.name.split()[0] for f in story.family if f.name})
    with clock.acting(crew.manager, d.presented):
        for term, kind in [*((n, "name") for n in names), (school, "school")]:
            RestrictedTerm.objects.create(review=review, term=term, kind=kind)
    if story.publication == "published":
        with clock.acting(crew.chair, d.response):
            decision_save(
                decision=Decision(
                    review=review,
                    kind=Decision.Kind.PUBLICATION,
                    decision="Publish the report and the board's response in full",
                    rationale="No process prevents it; the family has read the report.",
                    factors=["public_trust", "family", "media"],
                    decided_on=d.response,
                ),
                by=crew.chair,
            )
        publication = Publication(
            status=Publication.Status.PUBLISHED,
            planned_on=d.published,
            where_published="The partnership's website and the NSPCC national case review "
            "repository",
            available_until=d.published + timedelta(days=400),
            family_informed_on=d.published - timedelta(days=14),
            family_support="Meeting with the lead reviewer and the board manager",
            professionals_informed_on=d.published - timedelta(days=10),
            professionals_support="Briefings by each agency's designated lead",
            media_strategy=True,
        )
        with clock.acting(crew.manager, d.published):
            publication_save(
                review=review,
                publication=publication,
                sent_to_national_bodies_on=d.sent,
                published_on=d.published,
            )
        return
    if story.publication == "delayed":
        process = review.parallel_processes.filter(holds_publication=True).first()
        publication = Publication(
            status=Publication.Status.DELAYED,
            parallel_process=process,
            planned_on=clock.today + timedelta(days=120),
            media_strategy=True,
        )
    else:
        publication = Publication(
            status=Publication.Status.NOT_YET, planned_on=clock.today + timedelta(days=45)
        )
    with clock.acting(crew.manager, d.presented):
        publication_save(
            review=review,
            publication=publication,
            sent_to_national_bodies_on=None,
            published_on=None,
        )
