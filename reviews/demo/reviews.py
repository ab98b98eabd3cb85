"""Play each story of ``stories`` through the app, step by step and on the story's dates:
the rapid review opened from a notification, the partners' decision, the conversion into an
LCSPR, commissioning, the review running, the report, the board's response, publication and
monitoring. Everything goes through the app's own services and model methods
(``review_create_from_referral``, ``decision_save``, ``review_convert``, ``Review.move_to``,
the assessment and outcomes services), so the demo holds what the app itself would.

Idempotent: a story whose first review exists on its board (same title and kind) is left as
it is. All cases are invented (see ``stories``).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from accounts.models import Agency, Board, User
from reviews import timescales
from reviews.demo import assessment, outcomes
from reviews.demo.clock import Clock, backdate
from reviews.demo.stories import Story
from reviews.models import (
    AgencyContribution,
    Decision,
    Delay,
    DisclosableMaterial,
    InvolvementRecord,
    Notification,
    NotifiedChild,
    ParallelProcess,
    PractitionerEvent,
    RapidReview,
    Review,
    ReviewRole,
    TermsOfReference,
    Theme,
)
from reviews.services.review import decision_save, review_convert, review_create_from_referral


@dataclass
class Crew:
    """Who does what on one board's reviews."""

    board: Board
    agencies: dict[str, Agency]
    manager: User
    chair: User
    users: dict[str, User]
    panel: User | None = None

    def lead_for(self, story: Story) -> User:
        return self.users.get(story.lead) or self.manager


@dataclass
class Dates:
    """When each step of a story happened (or is due), counted from the incident."""

    incident: date
    aware: date
    notified: date
    summaries_received: date
    signed_off: date
    decision: date
    board_advised: date
    family_informed: date
    commissioned: date
    tor: date
    report: date
    presented: date
    response: date
    sent: date
    published: date
    closed: date


def plan(story: Story, clock: Clock) -> Dates:
    late = story.late
    incident = story.start or clock.today - timedelta(days=story.incident_ago)
    aware = incident + timedelta(days=1)
    notified = clock.wd(aware, 8 if "notification" in late else 2 + len(story.title) % 3)
    rapid_wd = 19 if "rapid_review" in late else 11 + len(story.themes)
    signed_off = clock.wd(notified, rapid_wd)
    decision = signed_off if story.path != "scr" else clock.wd(notified, 14)
    due = timescales.add_months(decision, 6)
    report = due + timedelta(days=65 if "completion" in late else -12)
    presented = report + timedelta(days=27)
    response = presented + timedelta(days=23)
    published = response + timedelta(days=23 + story.publish_wait)
    sent = published - timedelta(days=4 if "national_bodies" in late else 14)
    return Dates(
        incident=incident,
        aware=aware,
        notified=notified,
        summaries_received=clock.wd(notified, rapid_wd - 4),
        signed_off=signed_off,
        decision=decision,
        board_advised=clock.wd(decision, 2),
        family_informed=decision + timedelta(days=8),
        commissioned=decision + timedelta(days=20),
        tor=decision + timedelta(days=32),
        report=report,
        presented=presented,
        response=response,
        sent=sent,
        published=published,
        closed=published + timedelta(days=330),
    )


ORDER = ["referral", "setup", "running", "outputs", "monitoring", "closed"]


def reaches(story: Story, stage: str) -> bool:
    if story.stage == "not_proceeding":
        return stage == "referral"
    return ORDER.index(story.stage) >= ORDER.index(stage)


def seed_stories(stories: list[Story], crew: Crew, clock: Clock) -> None:
    for story in stories:
        first_kind = {"rapid": "rapid", "lcspr": "rapid", "scr": "scr"}[story.path]
        if Review.objects.filter(board=crew.board, title=story.title, kind=first_kind).exists():
            continue
        with transaction.atomic():
            _play(story, crew, clock, plan(story, clock), first_kind)


def _move(review: Review, stage: str, by: User, clock: Clock, day: date, reason="") -> None:
    with clock.acting(by, day) as at:
        move = review.move_to(stage, by=by, reason=reason)
    backdate(move, at, "at")


def _play(story: Story, crew: Crew, clock: Clock, d: Dates, first_kind: str) -> None:
    manager = crew.manager
    first = _open(story, crew, clock, d, first_kind)
    if story.path != "scr":
        _rapid_review(first, story, crew, clock, d)
    if story.path == "rapid":
        if story.stage == "not_proceeding":
            _hold_decision(first, story, crew, clock, d, proceed=False)
            assessment.assess(first, story, crew, clock, markers=[1, 2, 3, 4], day=d.decision)
            assessment.qa(first, story, crew, clock, d.decision)
            assessment.evidence(first, story, crew, clock, d)
            _move(first, "not_proceeding", manager, clock, clock.wd(d.decision, 1))
        else:
            assessment.assess(first, story, crew, clock, markers=[1], day=clock.today)
        _delays(first, story, clock)
        return
    review = _convert(first, story, crew, clock, d) if story.path == "lcspr" else first
    if story.path == "lcspr":
        markers = [1, 2, 3] if story.stage != "referral" else [1]
        assessment.assess(first, story, crew, clock, markers=markers, day=d.signed_off)
    if story.stage == "referral":
        assessment.assess(review, story, crew, clock, markers=[1], day=clock.today)
        _delays(first, story, clock)
        return  # the chair's decision is waiting
    _hold_decision(review, story, crew, clock, d, proceed=story.stage != "not_proceeding")
    if story.stage == "not_proceeding":
        day = review.decision_on
        assessment.assess(review, story, crew, clock, markers=[1, 2, 3, 4], day=day)
        _move(review, "not_proceeding", manager, clock, clock.done(clock.wd(day, 1)))
        _delays(first, story, clock)
        return
    _move(review, "setup", manager, clock, clock.wd(d.decision, 1))
    _setup(review, story, crew, clock, d)
    # Gaps found early and closed later: informing the family, family involvement.
    later = [4, 12] if reaches(story, "outputs") else []
    assessment.assess(review, story, crew, clock, markers=range(1, 8), day=d.tor, early=later)
    if reaches(story, "running"):
        _move(review, "running", manager, clock, d.tor + timedelta(days=1))
        assessment.point(review, story, crew, clock, "planning", d.tor + timedelta(days=2))
        _running(review, story, crew, clock, d)
        day = clock.done(d.tor + timedelta(days=120))
        assessment.assess(review, story, crew, clock, markers=range(8, 14), day=day, early=later)
    if reaches(story, "outputs"):
        with clock.acting(manager, d.report):
            review.report_received_on = d.report
            review.save(update_fields=["report_received_on", "updated_at"])
        _move(review, "outputs", manager, clock, d.report)
        with clock.acting(manager, d.presented):
            review.presented_to_board_on = d.presented
            review.save(update_fields=["presented_to_board_on", "updated_at"])
        outcomes.findings(review, story, crew, clock, d)
        assessment.assess(review, story, crew, clock, markers=[14, 15], day=d.presented)
        assessment.assess(review, story, crew, clock, markers=later, day=d.presented)
    if reaches(story, "monitoring"):
        outcomes.respond(review, story, crew, clock, d)
        _move(review, "monitoring", manager, clock, d.response + timedelta(days=1))
        outcomes.publish(review, story, crew, clock, d)
        assessment.assess(review, story, crew, clock, markers=[16, 17, 18], day=d.published)
        if story.stage == "monitoring":
            assessment.point(review, story, crew, clock, "progress", clock.today, sign=False)
    elif reaches(story, "outputs"):
        outcomes.publish(review, story, crew, clock, d)
        assessment.point(review, story, crew, clock, "progress", d.presented, sign=False)
    if reaches(story, "closed"):
        with clock.acting(manager, d.closed):
            review.closed_on = d.closed
            review.actual_cost = story.cost
            review.save(update_fields=["closed_on", "actual_cost", "updated_at"])
        assessment.point(review, story, crew, clock, "reflection", d.closed)
        _move(review, "closed", manager, clock, d.closed)
    assessment.qa(review, story, crew, clock, clock.done(d.tor + timedelta(days=60)))
    assessment.evidence(review, story, crew, clock, d)
    _delays(first, story, clock)
    if review != first:
        _delays(review, story, clock)


def _open(story: Story, crew: Crew, clock: Clock, d: Dates, kind: str) -> Review:
    """The review opened by the board manager on the day of the notification."""
    manager = crew.manager
    themes = Theme.objects.for_board(crew.board).filter(name__in=story.themes)
    criteria = "met" if kind == "scr" or story.stage != "not_proceeding" else "unclear"
    with clock.acting(manager, d.notified) as at:
        review = review_create_from_referral(
            board=crew.board,
            by=manager,
            title=story.title,
            kind=kind,
            referral_on=d.notified,
            themes=themes,
            incident_on=d.incident,
            aware_on=d.aware,
            referral={
                "referring_agency": crew.agencies[story.referrer],
                "rationale": story.rationale,
                "statutory_criteria": criteria,
                "information_gathered": "Summaries of involvement asked of every agency that "
                f"knew {story.title} or the family in the last two years.",
                "delay_explanation": story.late.get("notification", ("",))[0],
            },
        )
        review.notified_on = d.notified
        review.budget = story.budget
        review.save(update_fields=["notified_on", "budget", "updated_at"])
        ReviewRole.objects.create(review=review, user=crew.chair, role=ReviewRole.Role.CHAIR)
        notification = Notification.objects.create(
            review=review,
            panel_reference=f"NP-{d.notified:%y%m}-{sum(map(ord, story.title)) % 900 + 100}",
            summary=story.summary,
            ofsted_notified=True,
        )
        for child in story.children:
            NotifiedChild(notification=notification, **vars(child)).full_clean(
                exclude=["notification"]
            )
            NotifiedChild.objects.create(notification=notification, **vars(child))
    backdate(review, at, "created_at")
    return review


def _rapid_review(review: Review, story: Story, crew: Crew, clock: Clock, d: Dates) -> None:
    finished = story.stage != "referral" or story.path == "lcspr"
    with clock.acting(crew.manager, clock.wd(d.notified, 1)):
        rapid = RapidReview.objects.create(
            review=review,
            summaries_requested_on=clock.wd(d.notified, 1),
            immediate_actions=story.immediate_actions,
        )
    if not finished:
        return
    recommendation = "lcspr" if story.path == "lcspr" else "no_review"
    with clock.acting(crew.manager, d.signed_off):
        rapid.summaries_received_on = d.summaries_received
        rapid.learning_identified = story.learning
        rapid.recommendation = recommendation
        rapid.rationale = story.rapid_rationale
        rapid.signed_off_on = d.signed_off
        rapid.signed_off_by = "The three safeguarding partners (invented: local authority, "
        "police, integrated care board)"
        rapid.sent_to_panel_on = d.signed_off
        rapid.full_clean()
        rapid.save()
    if story.stage == "referral" and story.path == "lcspr":
        return
    with clock.acting(crew.manager, clock.wd(d.signed_off, 10)):
        rapid.panel_response = (
            "The Panel agrees a local review is needed and asks for the final report."
            if recommendation == "lcspr"
            else "The Panel agrees with the partners' decision and has no further questions."
        )
        rapid.panel_response_on = clock.done(clock.wd(d.signed_off, 10))
        rapid.save()


def _hold_decision(review, story, crew, clock, d, *, proceed: bool, on=None) -> Decision:
    """The chair's decision whether to hold a review, recorded on ``on`` (by default the day
    it was made)."""
    decided = d.decision
    if review.converted_from_id and not proceed:
        decided = clock.done(d.decision + timedelta(days=21))  # after the Panel's reply
    on = max(on or decided, review.created_at.date(), decided)
    factors = ["learning", "previous", "family"] if proceed else ["other_reviews", "resources"]
    if len(story.children) > 1 or story.children[0].harm == "died":
        factors.append("practitioners")
    with clock.acting(crew.chair, on):
        return decision_save(
            decision=Decision(
                review=review,
                kind=Decision.Kind.HOLD,
                outcome="proceed" if proceed else "not_proceed",
                decision=(
                    (
                        "Hold a serious case review"
                        if review.kind == "scr"
                        else "Hold a local child safeguarding practice review"
                    )
                    if proceed
                    else "Do not hold a local review"
                ),
                rationale=story.decision or story.rapid_rationale,
                factors=factors,
                decided_on=decided,
            ),
            by=crew.chair,
            board_advised_on=clock.done(clock.wd(decided, 2)),
        )


def _convert(first: Review, story: Story, crew: Crew, clock: Clock, d: Dates) -> Review:
    """The rapid review's recommendation accepted: not published on its own, converted."""
    day = clock.done(d.signed_off + timedelta(days=1))
    if story.stage != "referral":
        _hold_decision(first, story, crew, clock, d, proceed=True)
    with clock.acting(crew.chair, d.signed_off):
        decision_save(
            decision=Decision(
                review=first,
                kind=Decision.Kind.PUBLICATION,
                decision="The rapid review is not published on its own",
                rationale="Its learning will be published in the practice review's report.",
                factors=["family"],
                decided_on=d.signed_off,
            ),
            by=crew.chair,
        )
    with clock.acting(crew.manager, day) as at:
        first.closed_on = day
        full = review_convert(review=first, by=crew.manager, kind=Review.Kind.LCSPR)
    backdate(full, at, "created_at")
    for move in first.stage_moves.filter(to_stage="closed"):
        backdate(move, at, "at")
    return full


def _setup(review: Review, story: Story, crew: Crew, clock: Clock, d: Dates) -> None:
    manager, lead = crew.manager, crew.lead_for(story)
    with clock.acting(manager, d.family_informed):
        review.family_informed_on = d.family_informed
        review.save(update_fields=["family_informed_on", "updated_at"])
    with clock.acting(manager, d.commissioned):
        ReviewRole.objects.get_or_create(
            review=review, user=lead, role=ReviewRole.Role.LEAD_REVIEWER
        )
    with clock.acting(crew.chair, d.commissioned):
        decision_save(
            decision=Decision(
                review=review,
                kind=Decision.Kind.COMMISSIONING,
                decision=f"Commission {lead.get_full_name()} as independent lead reviewer",
                rationale="Independent of every agency involved, with experience of "
                f"{story.themes[0].lower()} reviews.",
                factors=["learning", "resources"],
                decided_on=d.commissioned,
            ),
            by=crew.chair,
        )
    with clock.acting(manager, d.commissioned):
        review.lead_reviewer_commissioned_on = d.commissioned
        review.save(update_fields=["lead_reviewer_commissioned_on", "updated_at"])
    agreed = reaches(story, "running")
    with clock.acting(lead, d.tor if agreed else clock.done(d.tor)):
        tor = TermsOfReference(
            review=review,
            methodology=story.methodology,
            period_from=d.incident - timedelta(days=540),
            period_to=d.incident,
            lines_of_enquiry=story.lines_of_enquiry,
            agencies_and_contributions="Chronologies and agency reports from "
            + ", ".join(sorted({story.referrer, *[a for _, a in story.practitioners]})),
            reviewers_and_roles=f"{lead.get_full_name()}, independent lead reviewer; a panel of "
            "senior managers from the agencies involved.",
            governance="The panel reports to the chair monthly; the business unit assures "
            "quality against the markers.",
            milestones="Agency reports in six weeks; practitioner event in three months; "
            "draft report in five months.",
            proportionality=story.proportionality,
        )
        tor.full_clean(exclude=["review"])
        tor.save()
    if agreed:
        with clock.acting(manager, d.tor):
            review.tor_agreed_on = d.tor
            review.save(update_fields=["tor_agreed_on", "updated_at"])
    for family in story.family:
        with clock.acting(lead, d.family_informed):
            InvolvementRecord.objects.create(
                review=review,
                kind="family",
                role=family.role,
                real_name=family.name,
                informed_how=family.informed_how,
                informed_on=d.family_informed,
                support_offered=family.support,
                equality_needs=family.equality,
            )
    if story.stage == "setup":
        _contributions(review, story, crew, clock, clock.done(d.commissioned + timedelta(1)))


def _contributions(review, story, crew, clock, requested: date) -> None:
    """Agency contributions asked for; in a live review some are late and chased."""
    agencies = sorted({story.referrer, *[a for _, a in story.practitioners]})
    live = story.stage in ("setup", "running")
    for i, name in enumerate(agencies):
        due = requested + timedelta(days=28 + 7 * i)
        outstanding = live and i % 2 == 1 and (clock.today - requested).days < 150
        received = None if outstanding else due - timedelta(days=3) + timedelta(days=9 * (i % 3))
        chasers = 0
        if received and received > due:
            chasers = 1
        if outstanding and due < clock.today:
            chasers = 2
        with clock.acting(crew.manager, requested):
            c = AgencyContribution.objects.create(
                review=review,
                agency=crew.agencies[name],
                asked_for=["chronology", "report"] if i == 0 else ["chronology", "summary"],
                requested_on=requested,
                due_on=due,
            )
        for n in range(chasers):
            day = clock.done(due + timedelta(days=4 + 7 * n))
            with clock.acting(crew.manager, day):
                c.chase(on=day)
        if received and received <= clock.today:
            with clock.acting(crew.manager, received):
                c.received_on = received
                c.save(update_fields=["received_on"])
                if received > due:
                    Delay.objects.create(
                        review=review,
                        milestone=f"contribution-{c.pk}",
                        reason=LATE_CONTRIBUTION[i % len(LATE_CONTRIBUTION)],
                        board_told_on=received,
                    )


LATE_CONTRIBUTION = [
    "The agency's safeguarding lead was on leave; a deputy sent the chronology.",
    "Records were held in two systems and had to be merged by hand.",
    "The agency asked for legal advice before sharing health records.",
]


def _running(review: Review, story: Story, crew: Crew, clock: Clock, d: Dates) -> None:
    lead, manager = crew.lead_for(story), crew.manager
    if crew.panel is not None and story.stage in ("running", "outputs"):
        with clock.acting(manager, d.tor):
            ReviewRole.objects.create(review=review, user=crew.panel, role="panel_member")
    with clock.acting(manager, d.tor):
        review.info_requested_on = d.tor + timedelta(days=2)
        review.save(update_fields=["info_requested_on", "updated_at"])
    _contributions(review, story, crew, clock, d.tor + timedelta(days=2))
    received = [c.received_on for c in review.contributions.all()]
    if all(received):
        with clock.acting(manager, max(received)):
            review.info_received_on = max(received)
            review.save(update_fields=["info_received_on", "updated_at"])
    for p in story.parallel:
        with clock.acting(manager, d.tor):
            process = ParallelProcess.objects.create(
                review=review,
                kind=p.kind,
                lead_agency=p.lead,
                contact=p.contact,
                status=p.status,
                constraints=p.constraints,
                holds_publication=p.holds_publication,
            )
            if p.kind == "criminal":
                DisclosableMaterial.objects.create(
                    review=review,
                    item="Notes of the practitioner learning event",
                    owner="Partnership business unit",
                    process=process,
                )
    event = d.tor + timedelta(days=75)
    if event <= clock.today:
        with clock.acting(lead, event):
            PractitionerEvent.objects.create(
                review=review,
                held_on=event,
                title="Practitioner learning event",
                attendees=8 + len(story.lines_of_enquiry) % 9,
                notes=f"Practitioners from {len(story.practitioners) + 3} agencies; "
                "discussion of what made sense at the time.",
            )
        for role, agency in story.practitioners:
            with clock.acting(lead, event):
                InvolvementRecord.objects.create(
                    review=review,
                    kind="practitioner",
                    role=role,
                    agency=crew.agencies.get(agency),
                    involved_how="Took part in the practitioner learning event",
                    involved_on=event,
                    support_offered="Supervision offered by their agency before and after",
                )
    involved = clock.done(d.tor + timedelta(days=50))
    for record in review.involvements.filter(kind="family"):
        family = next(f for f in story.family if f.role == record.role)
        with clock.acting(lead, involved):
            if family.not_involved:
                record.not_involved_reason = family.not_involved
            else:
                record.involved_how = family.involved_how
                record.involved_on = involved
                record.feedback = family.feedback if reaches(story, "outputs") else ""
            record.save()


def _delays(review: Review, story: Story, clock: Clock) -> None:
    """The reasons for delay the board was told of (marker 8), for each missed milestone."""
    review.refresh_from_db()
    milestones = {m.key: m for m in timescales.review_milestones(review)}
    for key, (reason, told_after) in story.late.items():
        m = milestones.get(key)
        if m is None or not m.is_missed(clock.today) or review.delays.filter(milestone=key):
            continue
        told = clock.done(m.due_on + timedelta(days=told_after))
        with clock.acting(crew_manager(review), told):
            Delay.objects.create(review=review, milestone=key, reason=reason, board_told_on=told)
    if "rapid_review" in story.late and "decision" in milestones:
        m = milestones["decision"]
        if m.is_missed(clock.today) and not review.delays.filter(milestone="decision"):
            told = clock.done(m.due_on + timedelta(days=1))
            with clock.acting(crew_manager(review), told):
                Delay.objects.create(
                    review=review,
                    milestone="decision",
                    reason="The decision waited for the late rapid review.",
                    board_told_on=told,
                )


def crew_manager(review: Review) -> User:
    return review.roles.filter(role=ReviewRole.Role.BOARD_MANAGER).first().user
