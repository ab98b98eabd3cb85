"""Notes the demo's lead reviewers write beside each question of the markers: for each
question, a note for a good answer and one for a gap, filled in with the facts of the review
(its child, dates, agencies, people, method), so no two reviews read alike. Invented text.

Placeholders (see ``assessment.facts``): {child} {lead} {chair} {manager} {referrer}
{agency} {practitioner} {relative} {method} {theme} {incident} {notified} {decision}
{advised} {family_on} {tor} {event} {report} {presented} {response} {published} {process}.
"""

NOTES: dict[tuple[int, int], tuple[str, str]] = {
    # 1 Referral
    (1, 1): (
        "{referrer}'s referral of {notified} says why {child}'s case was referred, with a "
        "chronology of the last eighteen months attached.",
        "{referrer}'s referral of {notified} gives the incident but little of the agencies' "
        "earlier contact; the business unit asked for more.",
    ),
    (1, 2): (
        "The referral states the criteria are met: {theme}, and serious harm to {child}.",
        "The referral of {notified} does not say whether the criteria are met; {manager} "
        "clarified it by phone.",
    ),
    (1, 3): (
        "No delay: {child}'s case was referred on {notified}, the day the national bodies "
        "were notified.",
        "The time between the incident on {incident} and the referral is not explained on the "
        "form.",
    ),
    # 2 Decision-making
    (2, 1): (
        "Summaries from every agency that knew {child} were in before the decision of {decision}.",
        "Two agencies' summaries about {child} arrived after the decision of {decision}.",
    ),
    (2, 2): (
        "All agencies returned the minimum data about {child} within five working days of "
        "{notified}.",
        "{agency} returned a one-line summary about {child}; the other agencies sent full data.",
    ),
    (2, 3): (
        "{manager} checked with the neighbouring partnership, where {child}'s family lived before.",
        "The family's time in another area was not checked with that partnership before "
        "{decision}.",
    ),
    (2, 4): (
        "The rapid review meeting on {child} tested the recommendation; the minutes show the "
        "debate.",
        "The recommendation on {child} was agreed by e-mail, without a meeting to test it.",
    ),
    (2, 5): (
        "Decided on {decision}, within the timescale: no delay to justify.",
        "The decision of {decision} came after the board's timescale; the reason is on the "
        "delays log.",
    ),
    (2, 6): (
        "{chair} discussed the decision on {child} with a neighbouring chair before confirming it.",
        "No independent challenge to {chair}'s decision was considered.",
    ),
    (2, 7): (
        "{chair}'s decision record of {decision} cites the statutory criteria in full.",
        "{chair}'s record of {decision} says the criteria are met without saying how.",
    ),
    (2, 8): (
        "The decision links {child}'s case to the partnership's work on {theme}.",
        "The decision of {decision} does not say how it relates to earlier learning on {theme}.",
    ),
    (2, 9): (
        "Partner agencies, {agency} among them, gave their views before {chair} decided.",
        "Only the three statutory partners were consulted before the decision of {decision}.",
    ),
    # 3 Advising board members
    (3, 1): (
        "Board members were told of the decision on {advised}, in the business unit's briefing.",
        "Board members heard of the decision on {child} at the next meeting, not on {advised}.",
    ),
    (3, 2): (
        "The briefing of {advised} gives {chair}'s rationale in plain words.",
        "The briefing of {advised} gives the decision on {child} but not the reasons for it.",
    ),
    # 4 Informing the family
    (4, 1): (
        "{child}'s {relative} was told of the review on {family_on}, within ten days of the "
        "decision.",
        "The {relative} was told on {family_on}; another parent has still not been reached.",
    ),
    (4, 2): (
        "The partnership's family leaflet went to the {relative} with a personal letter from "
        "{lead}.",
        "The standard letter went to the {relative}; it is long and uses professional terms.",
    ),
    (4, 3): (
        "The {relative} was offered a home visit, a phone call or a meeting at the family centre.",
        "Only an office meeting was offered to the {relative} at first, too far to reach.",
    ),
    (4, 4): (
        "{lead} answered the {relative}'s questions about the review in writing.",
        "The {relative}'s question about who would read the report is not yet answered.",
    ),
    # 5 Clarity of purpose
    (5, 1): (
        "Agency leads and practitioners had {lead}'s letter on the review's learning purpose.",
        "Practitioners in {agency} were not told of the review on {child} until invited to it.",
    ),
    (5, 2): (
        "The letter about {child}'s review says plainly that it is about learning, not blame.",
        "The letter's tone worried staff in {agency}: two asked if they were under investigation.",
    ),
    (5, 3): (
        "The letter names the {process} and how the review will work alongside it.",
        "The letter does not mention the {process}, which practitioners asked about.",
    ),
    # 6 Commissioning
    (6, 1): (
        "Board members were asked what {child}'s review should cover before the scope was set.",
        "Board members were not asked about the scope before it was agreed on {tor}.",
    ),
    (6, 2): (
        "{lead} shaped the lines of enquiry and chose the {method} approach.",
        "The scope was fixed before {lead} was commissioned, leaving little room to shape it.",
    ),
    (6, 3): (
        "The scoping weighed {child}'s case, the agencies involved and the {process}.",
        "Context beyond {child}'s case was not considered in setting the scope.",
    ),
    (6, 4): (
        "The terms of reference of {tor} explain why {method} is proportionate.",
        "The terms of reference of {tor} name the {method} method without saying why it fits.",
    ),
    # 7 Governance
    (7, 1): (
        "The terms of reference of {tor} say who leads, who assures quality and who signs off.",
        "Roles overlap on {child}'s panel: its chair also manages staff involved.",
    ),
    (7, 2): (
        "Sign-off by {chair} after panel challenge was set out from the start.",
        "How {child}'s report will be signed off was agreed only at the draft stage.",
    ),
    (7, 3): (
        "Two panel meetings challenged {lead}'s draft analysis.",
        "{lead}'s draft went to the board without a panel meeting to test it.",
    ),
    (7, 4): (
        "{lead}'s independence is protected by a written agreement with the panel.",
        "{agency} asked for changes to a finding; the balance with {lead}'s independence was "
        "unclear.",
    ),
    (7, 5): (
        "The terms of reference say {chair} settles any impasse, with reasons recorded.",
        "There is no agreed way to settle a disagreement about findings on {child}.",
    ),
    # 8 SCR management
    (8, 1): (
        "{manager} tracks every request for information on {child} on one log.",
        "Requests on {child} went out from three people; no single log was kept at first.",
    ),
    (8, 2): (
        "A business support officer gives {child}'s review two days a week.",
        "Administrative support for {child}'s review was shared with two others and fell behind.",
    ),
    (8, 3): (
        "Milestones met so far; the practitioner event held on {event}.",
        "{child}'s review is behind its timetable; the reasons are on the delays log.",
    ),
    (8, 4): (
        "Delays are reported to {chair} within a week, with reasons.",
        "A missed milestone on {child}'s review reached the board only at its next meeting.",
    ),
    (8, 5): (
        "Nothing arose on {child}'s review that planning should have foreseen.",
        "The need for an interpreter for the {relative} could have been planned earlier.",
    ),
    (8, 6): (
        "The plan agreed on {tor} keeps four weeks' slack before the report is due.",
        "The plan of {tor} has no slack; one late agency report moved every later date.",
    ),
    (8, 7): (
        "{lead} has capacity: {child}'s is one of two reviews on their list.",
        "{lead} has three reviews at once; the panel discussed capacity.",
    ),
    # 9 Parallel processes
    (9, 1): (
        "The terms of reference of {tor} list the {process} and how the review fits around it.",
        "The terms of reference of {tor} do not mention the {process}.",
    ),
    (9, 2): (
        "{lead} met the police and the CPS before practitioners were interviewed.",
        "The CPS had not been contacted about {child}'s review by {tor}.",
    ),
    (9, 3): (
        "The coroner was told of {child}'s review within a week of the decision.",
        "The coroner learned of {child}'s review from the police, not the partnership.",
    ),
    (9, 4): (
        "Letters with the {process} agree how the two share information.",
        "No correspondence with the {process} is on file.",
    ),
    (9, 5): (
        "Notes of meetings about {child} are kept by the business unit for the {process}.",
        "Some interview notes are held only by {lead}.",
    ),
    (9, 6): (
        "{manager} keeps an index of material that may be disclosable to the {process}.",
        "The index of disclosable material for the {process} was started late.",
    ),
    (9, 7): (
        "The index names who owns each document, as the {process} asked.",
        "Ownership of {child}'s panel papers is not recorded.",
    ),
    (9, 8): (
        "The report has a section on the {process} and its effect on the review.",
        "The report does not say how the {process} shaped the review.",
    ),
    # 10 Assembling information
    (10, 1): (
        "The panel agreed what to ask each agency, fitting the {method} approach.",
        "The requests sent after {tor} were the standard ones, not shaped by the scope.",
    ),
    (10, 2): (
        "Agencies had {manager}'s written guidance on what to send and by when.",
        "Agencies were asked for chronologies on {child} without guidance on detail.",
    ),
    (10, 3): (
        "Sources for {child}'s review include the GP, the school and {agency}.",
        "{child}'s GP records were not considered until the panel asked.",
    ),
    (10, 4): (
        "{lead} reads every agency's records through named contacts.",
        "Access to {agency}'s records took five weeks to arrange.",
    ),
    (10, 5): (
        "Chronologies merged into one, then read with practitioners, as {method} expects.",
        "Agency reports on {child} were collected but not merged: the picture stays in pieces.",
    ),
    (10, 6): (
        "Practitioners and managers spoke to {lead} directly at the event of {event}.",
        "Practitioners contribute to {child}'s review only through written agency reports.",
    ),
    (10, 7): (
        "Every agency has contributed to {child}'s review: no non-cooperation to explain.",
        "{agency} has not sent its contribution; {manager} is asking why.",
    ),
    # 11 Practitioner involvement
    (11, 1): (
        "Invitations to the event of {event} explain its purpose and what will be asked.",
        "The invitation to the event of {event} did not say what practitioners would be asked.",
    ),
    (11, 2): (
        "The {practitioner} and colleagues had a briefing note on the review and their part.",
        "The {practitioner} did not know they could bring a colleague.",
    ),
    (11, 3): (
        "{agency} and the other agencies released staff for {event}.",
        "{agency} released only managers, not the front-line staff who knew {child}.",
    ),
    (11, 4): (
        "Support was planned for the {practitioner}, closest to {child}.",
        "Support for the {practitioner} was not planned before the event.",
    ),
    (11, 5): (
        "{agency} confirmed its HR processes will not use the review's material.",
        "One practitioner in {agency} faces a disciplinary process; protections are discussed.",
    ),
    (11, 6): (
        "The event of {event} had two facilitators and a quiet room.",
        "The group event of {event} had no plan for a practitioner who became upset.",
    ),
    (11, 7): (
        "{chair} considered what the review means for senior managers now in post.",
        "Whether senior managers named in {child}'s chronology need support was not considered.",
    ),
    (11, 8): (
        "Feedback forms collected after {event}: most found it useful.",
        "No feedback was gathered from the practitioners at {event}.",
    ),
    # 12 Family involvement
    (12, 1): (
        "{lead} involves the family to understand {child}'s daily life.",
        "Why {child}'s family is being involved is not written down.",
    ),
    (12, 2): (
        "The panel discussed which of {child}'s relatives to invite, and recorded why.",
        "The panel did not discuss whether wider relatives of {child} should be invited.",
    ),
    (12, 3): (
        "An advocate supports the {relative} throughout.",
        "Support for the {relative} was offered late, after the first meeting.",
    ),
    (12, 4): (
        "The {relative}'s questions became a line of enquiry.",
        "The {relative} was told the scope rather than asked about it.",
    ),
    (12, 5): (
        "The {relative} had the questions before meeting {lead}.",
        "The {relative} did not know in advance what {lead} would ask.",
    ),
    (12, 6): (
        "The analysis uses the {relative}'s account of {child}'s life in the period.",
        "How the {relative}'s account will inform the analysis is not yet clear.",
    ),
    (12, 7): (
        "The {relative} agreed how the family is described in the report.",
        "How {child}'s family will be represented in the report has not been discussed.",
    ),
    (12, 8): (
        "Reasons are recorded for each relative of {child} who chose not to take part.",
        "One of {child}'s parents was not involved and no reason is recorded.",
    ),
    (12, 9): (
        "The {relative} read the draft with {lead} and the comments were used.",
        "The {relative} will see the report only when it is final.",
    ),
    # 13 Analysis
    (13, 1): (
        "{lead} briefed the panel on systems analysis before it began.",
        "Some of {child}'s panel expected a judgement of who was to blame.",
    ),
    (13, 2): (
        "The {method} method supports the analysis the marker describes.",
        "The method statement does not show how {method} gets beyond description here.",
    ),
    (13, 3): (
        "The analysis explains why decisions about {child} made sense at the time.",
        "The analysis of {child}'s case says what went wrong more than why.",
    ),
    (13, 4): (
        "Research on {theme} used in the analysis is from the last five years.",
        "Some research cited on {theme} is over fifteen years old.",
    ),
    (13, 5): (
        "Explanations draw on workload, tools and supervision in {agency}, not only skills.",
        "Explanations rest mostly on the skills of the {practitioner} and colleagues.",
    ),
    (13, 6): (
        "Hindsight bias is limited: practitioners first described what they knew then.",
        "No technique to limit hindsight bias about {child}'s case is described.",
    ),
    (13, 7): (
        "{lead}'s working papers show how each finding was reached.",
        "Findings on {child} appear without the reasoning that led to them.",
    ),
    (13, 8): (
        "The analysis shows what {child}'s case reveals about services generally.",
        "The analysis stays with {child}'s case and does not look at the system.",
    ),
    (13, 9): (
        "Knowledge of the wider system came from the panel and the event of {event}.",
        "It is unclear where {lead}'s claims about services in general come from.",
    ),
    (13, 10): (
        "Each conclusion is linked to {child}'s case and to wider practice on {theme}.",
        "Conclusions are not linked to wider practice on {theme}.",
    ),
    (13, 11): (
        "{lead} had peer supervision at two points in the analysis.",
        "{lead} had no supervision or peer challenge during the analysis.",
    ),
    # 14 The report
    (14, 1): (
        "The report received on {report} has clear headings and a findings summary.",
        "In the report received on {report} the findings are hard to find.",
    ),
    (14, 2): (
        "The report protects the privacy of {child}'s family and gives enough for learning.",
        "The draft held details that could identify {child}; removed before publication.",
    ),
    (14, 3): (
        "The findings match the priorities the panel set on {tor}.",
        "One priority the panel set on {tor} has no finding.",
    ),
    (14, 4): (
        "Findings explain practice with {child} rather than only describing it.",
        "Two findings describe what went wrong for {child} without explaining it.",
    ),
    (14, 5): (
        "The report of {report} shows how each conclusion was reached.",
        "How the conclusions of {report} were reached is not always transparent.",
    ),
    (14, 6): (
        "Complex issues about {theme} are explained for a lay reader.",
        "The report uses {agency} terms that a lay reader would not know.",
    ),
    (14, 7): (
        "The tone is respectful of {child} and the {relative}.",
        "Some phrases about the {relative} were changed after the panel's comments.",
    ),
    # 15 Improvement action
    (15, 1): (
        "The board discussed the report on {presented} and agreed how to respond.",
        "The board had no set way to discuss the actions needed after {presented}.",
    ),
    (15, 2): (
        "{chair} led an open discussion on {presented}; agencies challenged each other.",
        "The discussion on {presented} was brief; no agency was challenged.",
    ),
    (15, 3): (
        "An extra board meeting on {presented} gave the report the time it needed.",
        "On {presented} the report was one item among many on a full agenda.",
    ),
    (15, 4): (
        "{manager} linked the findings to the learning and improvement framework.",
        "The board was not shown how the findings on {theme} relate to its framework.",
    ),
    (15, 5): (
        "The response is prioritised against the business plan's work on {theme}.",
        "Actions after {presented} are listed without priorities.",
    ),
    # 16 Board written response
    (16, 1): (
        "Three weeks after {presented} were set aside to write the response.",
        "The response was written in a week after {presented}, under pressure of time.",
    ),
    (16, 2): (
        "The response agreed on {response} is in plain English.",
        "The response of {response} repeats the report's professional language.",
    ),
    (16, 3): (
        "The response of {response} says whether the board accepts each finding.",
        "The response of {response} does not say which findings the board accepts.",
    ),
    (16, 4): (
        "The response explains its priorities on {theme} and how they fit the framework.",
        "The response of {response} does not explain its priorities.",
    ),
    (16, 5): (
        "The response says what {agency} and each other agency will do.",
        "The response says what will be done but not by which agency.",
    ),
    (16, 6): (
        "The response of {response} says the quality assurance sub-group will monitor impact.",
        "How the effect of the actions on {child}'s learning will be monitored is not said.",
    ),
    (16, 7): (
        "A national recommendation on {theme} is included and sent to the Panel.",
        "A national issue on {theme} is mentioned without a recommendation.",
    ),
    # 17 Publication
    (17, 1): (
        "Published on {published}, as soon as the {process} allowed.",
        "Publication waits for the {process}; {manager} keeps the date under review.",
    ),
    (17, 2): (
        "The {practitioner} and colleagues were briefed before publication, with support.",
        "Some practitioners in {agency} learned of the publication date from the press.",
    ),
    (17, 3): (
        "The {relative} had the report two weeks before publication, with an advocate.",
        "The {relative} had the report only days before publication.",
    ),
    (17, 4): (
        "A media strategy for {child}'s report was agreed with the communications teams.",
        "The media strategy for {child}'s report was written after a press enquiry arrived.",
    ),
    # 18 Implementation and evaluation
    (18, 1): (
        "Actions since {response} are tracked here and reported to the board each quarter.",
        "Tracking since {response} relies on agencies' own updates, not checked by the board.",
    ),
    (18, 2): (
        "The learning on {theme} is part of the learning and improvement framework.",
        "The learning on {theme} is not yet in the learning and improvement framework.",
    ),
    (18, 3): (
        "Monitoring asks what changed for children like {child}, not only what was done.",
        "Monitoring counts completed actions but not their effect on children like {child}.",
    ),
    (18, 4): (
        "A follow-up audit on {theme} is planned a year after the last action closed.",
        "No follow-up on {theme} is planned once the actions are closed.",
    ),
}


def note(marker: int, question: int, good: bool, facts: dict) -> str:
    pair = NOTES.get((marker, question))
    if pair is None:
        return ""
    return pair[0 if good else 1].format_map(facts)
