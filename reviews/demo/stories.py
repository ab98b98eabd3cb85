"""The demo's cases, written by hand. INVENTED: every child, family, professional, place, date
and case detail below is made up for the demo; any resemblance to a real case is chance.

Each story is one incident: a rapid review, and where the partners decided so, the local child
safeguarding practice review (LCSPR) it was converted into; one older serious case review (SCR)
from before 2019. Dates are counted back from today (``incident_ago``), so the demo never ages:
the newest cases are always a few days old, the oldest about three years. Only the SCR has
fixed dates, being of a kind that ended in 2019.

``late`` lists the milestones that were missed, with the reason reported to the board (marker
8) and how many days after the due date the board was told. ``ratings`` fixes the rating of
the markers the story speaks about; the others are drawn (``reviews.demo.assessment``).
"""

from dataclasses import dataclass, field
from datetime import date

POLICE = "Northshire Constabulary"
CSC = "Northshire Children's Social Care"
ICB = "Northshire Integrated Care Board"
EDUCATION = "Northshire Education Services"
COMMUNITY = "Northshire Community Health Trust"
PROBATION = "Northshire Probation Service"
MENTAL_HEALTH = "Northshire Mental Health Foundation Trust"
HOUSING = "Northshire Housing Services"

AGENCIES = [POLICE, CSC, ICB, EDUCATION, COMMUNITY, PROBATION, MENTAL_HEALTH, HOUSING]

# The other board, whose manager is the demo user ``outsider``.
SOUTHMOOR_POLICE = "Southmoor Police"
SOUTHMOOR_CSC = "Southmoor Children's Services"
SOUTHMOOR_AGENCIES = [SOUTHMOOR_POLICE, SOUTHMOOR_CSC]


@dataclass(frozen=True)
class Child:
    pseudonym: str
    age_band: str
    sex: str
    ethnicity: str
    plan: str
    harm: str
    incident_type: str
    disability: str = ""
    looked_after: bool = False


@dataclass(frozen=True)
class Act:
    """An improvement action: ``due`` in days from today (negative: in the past)."""

    text: str
    agency: str
    status: str
    due: int
    rating: str = ""
    officer: str = ""
    update: str = ""
    measure: str = ""
    evidence: str = ""
    reason: str = ""  # why not taken forward, slipped or not achieved
    verified: bool = True  # a completion reported by the agency, verified by the manager


@dataclass(frozen=True)
class Find:
    text: str
    explanation: str
    priority: str
    level: str
    actions: tuple[Act, ...]
    national: bool = False


@dataclass(frozen=True)
class Family:
    role: str
    name: str  # invented; seen only by the review team
    informed_how: str
    involved_how: str = ""
    support: str = ""
    equality: str = ""
    feedback: str = ""
    not_involved: str = ""


@dataclass(frozen=True)
class Parallel:
    kind: str
    lead: str
    contact: str
    status: str
    constraints: str
    holds_publication: bool = False


@dataclass
class Story:
    title: str
    path: str  # "rapid": rapid review only; "lcspr": converted into an LCSPR; "scr"
    stage: str  # the stage of the last review of the story today
    incident_ago: int  # days before today (ignored for the SCR, see ``start``)
    themes: list[str]
    children: list[Child]
    referrer: str
    rationale: str
    summary: str
    immediate_actions: str = ""
    learning: str = ""
    rapid_rationale: str = ""
    decision: str = ""
    lead: str = ""
    methodology: str = "learning_together"
    lines_of_enquiry: str = ""
    proportionality: str = ""
    parallel: list[Parallel] = field(default_factory=list)
    family: list[Family] = field(default_factory=list)
    practitioners: list[tuple[str, str]] = field(default_factory=list)  # (role, agency)
    findings: list[Find] = field(default_factory=list)
    late: dict[str, tuple[str, int]] = field(default_factory=dict)
    quality: int = 1  # 0 a strong review, 1 a usual one, 2 a struggling one
    ratings: dict[int, str] = field(default_factory=dict)
    not_applicable: dict[int, str] = field(default_factory=dict)
    publication: str = "published"
    response: str = ""
    acceptance: str = "fully"
    budget: int | None = None
    cost: int | None = None
    board: str = "northshire"
    start: date | None = None  # the SCR's incident date
    publish_wait: int = 0  # days publication waited after the response (a trial, an appeal)


S_PROPOSED, S_AGREED, S_IN_PROGRESS = "proposed", "agreed", "in_progress"
S_COMPLETED, S_NOT_TAKEN = "completed", "not_taken_forward"

STORIES: list[Story] = [
    Story(
        title="Child A",
        path="lcspr",
        stage="closed",
        incident_ago=1065,
        themes=["Neglect", "Parental substance misuse"],
        children=[
            Child("Child A", "1_4", "female", "White British", "cp", "harmed", "abuse"),
        ],
        referrer=COMMUNITY,
        rationale="Child A, aged two, was admitted to hospital severely underweight with "
        "untreated burns to both hands. She had been on a child protection plan for neglect for "
        "eleven months; both parents were in treatment for opiate use.",
        summary="Admission with faltering growth and untreated burns while on a child "
        "protection plan for neglect.",
        immediate_actions="Child A placed with her maternal grandmother under an interim care "
        "order; her older brother's plan reviewed the same week.",
        learning="Core group meetings recorded the parents' engagement with treatment but not "
        "the child's weight; the health visitor's growth concerns did not reach the conference.",
        rapid_rationale="Serious harm, known abuse and neglect, and a question about how the "
        "core group worked: the learning is multi-agency.",
        decision="The criteria are met: serious harm from neglect on a plan. Learning on how "
        "plans for neglect are reviewed goes beyond any single agency.",
        lead="reviewer",
        methodology="learning_together",
        lines_of_enquiry="How the core group judged progress on the plan.\n"
        "How growth and health information reached the conference.\n"
        "How the parents' treatment was weighed against the child's daily care.",
        proportionality="A learning review with one practitioner event: the case is recent and "
        "the practitioners are still in post.",
        family=[
            Family(
                "Maternal grandmother",
                "Margaret Dunmore",
                "Letter, then a visit with the social worker",
                "Two meetings with the lead reviewer at her home",
                "Offered an advocate from the family support service",
                feedback="Said the review helped her understand why nobody acted sooner.",
            ),
            Family(
                "Mother",
                "Kelly Dunmore",
                "Letter through her drug treatment worker",
                not_involved="Declined, through her treatment worker; the offer was repeated "
                "before the report was finished.",
            ),
        ],
        practitioners=[("Health visitor", COMMUNITY), ("Social worker", CSC)],
        findings=[
            Find(
                "Core groups measure parents' attendance, not children's lived experience.",
                "The plan's outcomes were written as parental tasks; the core group ticked them "
                "off while Child A's weight fell, because no outcome described her daily care.",
                "high",
                "tools",
                (
                    Act(
                        "Rewrite the child protection plan template so every outcome is "
                        "written from the child's point of view.",
                        CSC,
                        S_COMPLETED,
                        -520,
                        "achieved",
                        "Head of Safeguarding and Quality",
                        evidence="New template in use since the spring; audit of 30 plans.",
                    ),
                    Act(
                        "Audit a sample of neglect plans for child-focused outcomes, twice a "
                        "year for two years.",
                        CSC,
                        S_COMPLETED,
                        -500,
                        "achieved",
                        "Principal Social Worker",
                        evidence="Two audit reports to the quality assurance sub-group.",
                    ),
                ),
            ),
            Find(
                "Growth measurements are not shared with child protection conferences.",
                "Health visitors recorded weights in the health record, which the conference "
                "report form did not ask for; the concern was spoken, not written.",
                "high",
                "tools",
                (
                    Act(
                        "Add a growth chart section to the health report for initial and "
                        "review conferences.",
                        COMMUNITY,
                        S_COMPLETED,
                        -610,
                        "achieved",
                        "Named Nurse for Safeguarding",
                        evidence="Revised conference report form, issued to all teams.",
                    ),
                    Act(
                        "Train conference chairs to ask for the child's growth at every "
                        "review conference.",
                        CSC,
                        S_NOT_TAKEN,
                        -560,
                        reason="Covered by the revised report form; the chairs' group agreed "
                        "a prompt in the agenda instead.",
                    ),
                ),
            ),
            Find(
                "Adult treatment services did not know the children's plan.",
                "The drug service was not invited to the core group; its workers saw "
                "progress in treatment and did not know what the plan asked of the parents.",
                "medium",
                "organisational",
                (
                    Act(
                        "Invite adult treatment services to every core group where a parent "
                        "is in treatment.",
                        ICB,
                        S_COMPLETED,
                        -480,
                        "achieved",
                        "Designated Nurse",
                        evidence="Core group standard revised; attendance figures for two "
                        "quarters.",
                    ),
                ),
            ),
        ],
        ratings={4: "met", 12: "partly_met", 17: "met", 18: "met"},
        not_applicable={9: "No criminal investigation, inquest or other parallel process."},
        quality=0,
        response="The partnership accepts the three findings in full. Neglect is the first "
        "priority of its learning and improvement framework, and the actions below sit there.",
        budget=16000,
        cost=14750,
    ),
    Story(
        title="Baby B",
        path="rapid",
        stage="not_proceeding",
        incident_ago=985,
        themes=["Sudden unexpected death in infancy"],
        children=[
            Child(
                "Baby B",
                "under_1",
                "male",
                "Mixed White and Black Caribbean",
                "none",
                "died",
                "sudi",
            ),
        ],
        referrer=POLICE,
        rationale="Baby B, aged ten weeks, died while co-sleeping with his father on a sofa "
        "after a family party. The family was known to universal services only.",
        summary="Sudden unexpected death of a ten-week-old baby while co-sleeping on a sofa.",
        immediate_actions="Joint agency response meeting held; safe sleep advice given to the "
        "extended family; no other children in the household.",
        learning="Safe sleep advice had been given to the mother at two visits; the father "
        "was not present at either and the advice did not mention sofas or alcohol.",
        rapid_rationale="The learning is about safe sleep advice reaching fathers, which the "
        "National Panel has already reported on; it is taken forward through the health "
        "visiting service's own action plan and the safe sleep campaign.",
        decision="No local review: the learning is known nationally and is being acted on by "
        "the health visiting service; the rapid review is shared with the National Panel.",
        late={
            "notification": (
                "The death was first treated as natural; the police raised concerns after the "
                "post-mortem, eight days later, and the notification followed the same day.",
                3,
            )
        },
        ratings={1: "met", 2: "met", 3: "partly_met"},
        not_applicable={
            4: "No review is held: the health visitor told the parents of the rapid "
            "review's outcome."
        },
    ),
    Story(
        title="Child L",
        path="lcspr",
        stage="closed",
        incident_ago=905,
        themes=["Sexual abuse", "Online harm", "Adolescents"],
        children=[
            Child("Child L", "10_15", "female", "White British", "none", "harmed", "abuse"),
        ],
        referrer=EDUCATION,
        rationale="Child L, aged thirteen, disclosed to a teacher that an adult she met on a "
        "gaming platform had abused her over six months. Two schools and the police had "
        "received earlier, partial concerns.",
        summary="Online grooming and sexual abuse of a thirteen-year-old by an adult contact.",
        immediate_actions="Strategy meeting the same day; the suspect arrested; Child L and "
        "her mother supported by the sexual assault referral centre.",
        learning="An earlier concern from her primary school was closed as online safety "
        "advice; the secondary school did not know of it.",
        rapid_rationale="Two agencies held earlier concerns that were not joined up, and "
        "transition between schools lost information: multi-agency learning.",
        decision="A practice review is needed: the learning on transition between schools and "
        "online harm is new for the partnership.",
        lead="reviewer",
        methodology="hybrid",
        lines_of_enquiry="How concerns about online contact were assessed.\n"
        "How safeguarding records moved from primary to secondary school.\n"
        "How Child L's own account was heard.",
        proportionality="A hybrid review: agency reports, then conversations with practitioners, "
        "kept short because the criminal trial limited what could be discussed.",
        parallel=[
            Parallel(
                "criminal",
                POLICE,
                "DS R. Ellery, Online Child Abuse Team (invented)",
                "concluded",
                "No discussion of the evidence with witnesses until the trial ended.",
                True,
            )
        ],
        family=[
            Family(
                "Mother",
                "Sarah Pennock",
                "Meeting with the board manager",
                "Met the lead reviewer twice; read the draft report with an advocate",
                "Independent sexual violence adviser attended with her",
                feedback="Asked that the report say schools must talk to each other.",
            ),
            Family(
                "Child L",
                "Lily Pennock",
                "Through her mother and her adviser",
                "Wrote a letter to the reviewer about what would have helped",
                "Adviser present; she chose the written route",
            ),
        ],
        practitioners=[("Designated safeguarding lead", EDUCATION), ("Detective", POLICE)],
        findings=[
            Find(
                "Safeguarding files do not follow children from primary to secondary school.",
                "Files moved on paper in the summer; the receiving school logged them in "
                "September without reading them, because nobody owned the handover.",
                "high",
                "tools",
                (
                    Act(
                        "Move safeguarding files between schools electronically, with a "
                        "named receiver who confirms reading them.",
                        EDUCATION,
                        S_COMPLETED,
                        -380,
                        "achieved",
                        "Head of Inclusion",
                        evidence="Transfer system in all secondary schools; receipt log.",
                    ),
                    Act(
                        "Hold a transition conversation for every child with a closed "
                        "safeguarding concern in Year 6.",
                        EDUCATION,
                        S_COMPLETED,
                        -260,
                        "achieved",
                        "Head of Inclusion",
                        evidence="Conversation records for the September intake.",
                    ),
                ),
            ),
            Find(
                "Online contact with unknown adults is treated as an e-safety matter.",
                "Practitioners gave advice to the child and closed the concern; the risk from "
                "the adult was not assessed because no pathway said whose job it was.",
                "high",
                "organisational",
                (
                    Act(
                        "Publish a multi-agency pathway for concerns about online contact by "
                        "adults, with the police as first contact.",
                        POLICE,
                        S_COMPLETED,
                        -330,
                        "achieved",
                        "Detective Chief Inspector, Public Protection",
                        evidence="Pathway published; referrals counted for a year.",
                    ),
                ),
            ),
            Find(
                "Gaming platforms are not covered by national guidance for schools.",
                "Guidance names social media; practitioners did not think of in-game chat.",
                "medium",
                "national",
                (
                    Act(
                        "Write to the Department for Education about guidance on in-game chat.",
                        EDUCATION,
                        S_COMPLETED,
                        -420,
                        "achieved",
                        "Partnership business manager",
                        evidence="Letter sent; reply received and shared with schools.",
                    ),
                ),
                national=True,
            ),
        ],
        late={
            "national_bodies": (
                "The report was sent to the national bodies four days before publication: the "
                "publication date was brought forward after the trial ended.",
                0,
            ),
            "completion": (
                "The review paused for ten weeks while the criminal trial was heard.",
                12,
            ),
        },
        ratings={9: "met", 12: "met", 17: "partly_met"},
        quality=0,
        response="The partnership accepts the findings and has made online harm a priority "
        "for the coming year.",
        budget=18000,
        cost=19400,
    ),
    Story(
        title="Young person K",
        path="lcspr",
        stage="not_proceeding",
        incident_ago=650,
        themes=["Extra-familial harm and exploitation", "Adolescents"],
        children=[
            Child(
                "Young person K",
                "16_17",
                "male",
                "Black African",
                "cin",
                "harmed",
                "exploitation",
            ),
        ],
        referrer=POLICE,
        rationale="Young person K, aged sixteen, was stabbed in a park; he had been reported "
        "missing four times in the previous two months and was on a child in need plan.",
        summary="Serious knife injury to a sixteen-year-old on a child in need plan, after "
        "repeated missing episodes.",
        immediate_actions="Safety plan and relocation with his aunt; disruption of the group "
        "believed responsible.",
        learning="Missing episodes were handled one by one; return interviews did not reach "
        "the social worker.",
        rapid_rationale="Multi-agency learning about extra-familial harm: a local review "
        "recommended.",
        decision="The partnership will not hold a local review: the National Panel has taken "
        "the case into its national review of serious youth violence, and the partnership "
        "will contribute to it and take its learning.",
        ratings={1: "met", 2: "partly_met", 3: "met"},
        not_applicable={
            4: "No local review is held: the National Panel informs the family of its review."
        },
    ),
    Story(
        title="Child C",
        path="lcspr",
        stage="monitoring",
        incident_ago=625,
        themes=["Domestic abuse", "Emotional abuse", "Race, ethnicity and culture"],
        children=[
            Child(
                "Child C",
                "5_9",
                "male",
                "Asian British Pakistani",
                "cin",
                "harmed",
                "abuse",
            ),
        ],
        referrer=CSC,
        rationale="Child C, aged seven, was seriously injured when his father attacked his "
        "mother; police had attended the home nine times in two years and each report was "
        "graded medium risk.",
        summary="A seven-year-old seriously injured during a domestic abuse incident after "
        "repeated police call-outs.",
        immediate_actions="Father remanded; mother and children in a refuge with an "
        "interpreter; MARAC referral made.",
        learning="Each call-out was assessed on its own; the pattern over two years was not "
        "seen, and the mother was never spoken to without her husband's family present.",
        rapid_rationale="Repeated contacts by several agencies and a question about how "
        "culture and language were taken into account: a local review is needed.",
        decision="Hold a practice review: the criteria are met and the learning on repeat "
        "domestic abuse incidents is central to the partnership's priorities.",
        lead="reviewer",
        methodology="silp",
        lines_of_enquiry="How repeat incidents were recognised.\n"
        "How the mother's voice was heard, in her language.\n"
        "How the children's experience of living with abuse was assessed.",
        proportionality="A SILP review: agency reports and two learning events, proportionate "
        "for nine agencies' contact over two years.",
        parallel=[
            Parallel(
                "criminal",
                POLICE,
                "DI M. Castell, Public Protection Unit (invented)",
                "concluded",
                "The father was not approached until he was sentenced.",
            ),
            Parallel(
                "dhr",
                "Northshire Community Safety Partnership",
                "DHR coordinator (invented)",
                "concluded",
                "A joint chronology shared with the domestic homicide review panel.",
            ),
        ],
        family=[
            Family(
                "Mother",
                "Amina Rashid",
                "Visit with an Urdu interpreter",
                "Three meetings with the lead reviewer, with an interpreter and an IDVA",
                "Interpreter, independent domestic violence adviser",
                equality="Urdu speaker; asked for a female interpreter",
                feedback="Felt listened to for the first time.",
            ),
            Family(
                "Father",
                "Tariq Rashid",
                "Letter through the prison",
                not_involved="Declined to take part, through his solicitor.",
            ),
        ],
        practitioners=[("Police officer", POLICE), ("School nurse", COMMUNITY)],
        findings=[
            Find(
                "Repeat domestic abuse incidents are graded one at a time.",
                "The risk tool asks about this incident; officers under time pressure did not "
                "look back, and the system did not show them the history.",
                "high",
                "tools",
                (
                    Act(
                        "Show every previous incident at the address on the officer's device "
                        "before the risk assessment is completed.",
                        POLICE,
                        S_COMPLETED,
                        -120,
                        "achieved",
                        "Superintendent, Public Protection",
                        evidence="Device change live in all response teams; audit of 50 "
                        "assessments.",
                    ),
                    Act(
                        "Refer every third incident in twelve months to MARAC, whatever the "
                        "grading.",
                        POLICE,
                        S_IN_PROGRESS,
                        -35,
                        "slipped",
                        "Detective Inspector, Domestic Abuse",
                        update="Rule agreed by MARAC; the referral form change is with the "
                        "system supplier.",
                        reason="The system supplier's release moved by six weeks.",
                    ),
                ),
            ),
            Find(
                "Mothers are not spoken to alone, in their own language.",
                "Interpreters were booked through the family; practitioners took the "
                "husband's relatives' word that the mother understood English.",
                "high",
                "frontline",
                (
                    Act(
                        "Book independent interpreters for every domestic abuse visit where "
                        "English is not the first language.",
                        CSC,
                        S_IN_PROGRESS,
                        40,
                        "on_track",
                        "Head of Children's Services",
                        update="Interpreting contract extended to out-of-hours visits.",
                    ),
                    Act(
                        "Add booking an independent interpreter to the domestic abuse "
                        "visit checklist.",
                        CSC,
                        S_COMPLETED,
                        -6,
                        "achieved",
                        "Practice Standards Manager",
                        evidence="Revised checklist issued to all teams.",
                        verified=False,
                    ),
                    Act(
                        "Train front-line staff in seeing a victim alone safely.",
                        COMMUNITY,
                        S_AGREED,
                        -15,
                        officer="Named Nurse",
                    ),
                    Act(
                        "Audit whether mothers were seen alone in 40 domestic abuse cases.",
                        ICB,
                        S_IN_PROGRESS,
                        -20,
                        "not_achieved",
                        "Designated Nurse",
                        reason="Only 12 case files could be found in time; the audit is "
                        "being repeated with a larger sample.",
                    ),
                ),
            ),
            Find(
                "Children living with domestic abuse are seen as witnesses, not victims.",
                "Assessments described the impact on Child C in one line; schools were not "
                "told of call-outs through Operation Encompass because the school changed.",
                "medium",
                "frontline",
                (
                    Act(
                        "Check Operation Encompass notifications reach the current school "
                        "after every school move.",
                        EDUCATION,
                        S_PROPOSED,
                        90,
                        officer="Education Safeguarding Manager",
                    ),
                    Act(
                        "Commission a therapeutic group for children who have lived with "
                        "domestic abuse.",
                        CSC,
                        S_NOT_TAKEN,
                        60,
                        reason="Funding was not found this year; the NHS service offers "
                        "places instead.",
                    ),
                ),
            ),
        ],
        ratings={4: "met", 9: "met", 12: "partly_met", 18: "partly_met"},
        quality=1,
        response="The partnership accepts the findings. Domestic abuse is one of its three "
        "priorities; the police action on repeat incidents is its first step.",
        budget=20000,
        cost=18600,
    ),
    Story(
        title="Child E",
        path="rapid",
        stage="not_proceeding",
        incident_ago=470,
        themes=["Physical abuse", "Disability"],
        children=[
            Child(
                "Child E",
                "10_15",
                "female",
                "White Polish",
                "none",
                "harmed",
                "abuse",
                disability="Autism and a learning disability",
            ),
        ],
        referrer=EDUCATION,
        rationale="Child E, aged twelve, arrived at her special school with a fractured arm "
        "and bruising; a staff member at her short-break unit was later charged.",
        summary="Fracture and bruising of a disabled twelve-year-old at a short-break unit.",
        immediate_actions="Staff member suspended; all children using the unit seen by a "
        "paediatrician; LADO strategy meeting held.",
        learning="The unit's own procedures were followed; the issue was one person's "
        "conduct, identified quickly by the school.",
        rapid_rationale="The agencies acted quickly and the learning is single-agency: it is "
        "taken forward by the provider's action plan, overseen by the LADO.",
        decision="No further review: the rapid review found no multi-agency learning, and the "
        "provider's improvement plan is monitored by the designated officer.",
        late={
            "rapid_review": (
                "The short-break provider's summary came late: its manager was on leave and "
                "no deputy had been named.",
                2,
            )
        },
        ratings={1: "met", 2: "met", 3: "met"},
        not_applicable={
            4: "No review is held: the designated officer told Child E's mother of the outcome."
        },
    ),
    Story(
        title="Child M",
        path="lcspr",
        stage="running",
        incident_ago=410,
        themes=["Domestic abuse", "Parental mental ill-health"],
        children=[
            Child("Child M", "1_4", "female", "White British", "cin", "died", "homicide"),
        ],
        referrer=POLICE,
        rationale="Child M, aged three, was killed by her mother's partner. The mother had "
        "been discharged from the perinatal mental health service a month before.",
        summary="Death of a three-year-old; the mother's partner has been charged with murder.",
        immediate_actions="Child M's half-brother placed with his father; the mother supported "
        "by the crisis team.",
        learning="The partner's history of violence towards a former partner was known to "
        "probation but not to the services working with the mother.",
        rapid_rationale="A child died and several agencies held parts of the picture: a local "
        "review is needed.",
        decision="Hold a practice review: the criteria are met, and the learning on "
        "information about new partners is a partnership priority.",
        lead="reviewer2",
        methodology="learning_together",
        lines_of_enquiry="What was known about the new partner, and by whom.\n"
        "How the mother's mental health and the child's safety were weighed together.\n"
        "How the child's father's concerns were heard.",
        proportionality="A full learning review, given the death and the number of agencies.",
        parallel=[
            Parallel(
                "criminal",
                POLICE,
                "DCI P. Harrow, Major Crime (invented)",
                "under_way",
                "No interviews with the partner or the mother's family until the trial ends.",
                True,
            ),
            Parallel(
                "inquest",
                "HM Coroner for Northshire",
                "Coroner's officer (invented)",
                "expected",
                "Inquest opened and adjourned until the criminal trial ends.",
                True,
            ),
        ],
        family=[
            Family(
                "Mother",
                "Jodie Carr",
                "Visit with her mental health nurse",
                "Agreed to meet the reviewer after the trial",
                "Support from the crisis team and a bereavement charity",
            ),
            Family(
                "Child M's father",
                "Liam Ashby",
                "Letter and phone call",
                "Met the lead reviewer once",
                "Offered an advocate",
            ),
        ],
        practitioners=[
            ("Perinatal mental health nurse", MENTAL_HEALTH),
            ("Probation officer", PROBATION),
        ],
        late={
            "completion": (
                "The criminal trial has been listed for next spring; interviews with the "
                "mother's family wait until it ends. The National Panel has been told.",
                5,
            )
        },
        ratings={8: "partly_met", 9: "met", 12: "not_met"},
        quality=1,
        budget=22000,
    ),
    Story(
        title="Young person D",
        path="lcspr",
        stage="outputs",
        incident_ago=330,
        themes=[
            "Criminal exploitation and county lines",
            "Children in care and care leavers",
            "Children not in school",
        ],
        children=[
            Child(
                "Young person D",
                "16_17",
                "male",
                "Black British Caribbean",
                "none",
                "died",
                "homicide",
                looked_after=True,
            ),
        ],
        referrer=CSC,
        rationale="Young person D, aged seventeen and in care, was killed in a flat used for "
        "drug dealing forty miles from his placement. He had been excluded from school a year "
        "before and reported missing eleven times.",
        summary="Death of a seventeen-year-old in care, believed to have been exploited by a "
        "county lines network.",
        immediate_actions="Other young people in the placement safeguarded; exploitation "
        "screening for all children excluded that year.",
        learning="After his exclusion no agency had a daily view of D; missing episodes were "
        "treated as placement breakdown, not exploitation.",
        rapid_rationale="A child in care died; the learning on exclusion and exploitation is "
        "for the whole partnership.",
        decision="Hold a practice review: a looked-after child died; the learning is central "
        "to the exploitation strategy.",
        lead="reviewer",
        methodology="learning_together",
        lines_of_enquiry="What happened after the permanent exclusion.\n"
        "How missing episodes were understood.\n"
        "How D's placement was chosen and supported.",
        proportionality="A learning review with practitioner conversations across two areas.",
        parallel=[
            Parallel(
                "criminal",
                POLICE,
                "DCI S. Brennan, Major Crime (invented)",
                "under_way",
                "Publication held until the verdict; the report keeps to facts agreed with "
                "the police.",
                True,
            )
        ],
        family=[
            Family(
                "Mother",
                "Denise Oduya",
                "Visit by the board manager and the lead reviewer",
                "Two meetings; commented on the draft",
                "Bereavement support; advocate from a families' charity",
                equality="Asked that the report name racism in how D was seen",
                feedback="Wants the report published with the family's statement.",
            ),
        ],
        practitioners=[("Residential key worker", CSC), ("Youth offending worker", CSC)],
        findings=[
            Find(
                "Children excluded from school fall out of every agency's daily sight.",
                "After exclusion nobody owned D's day; alternative provision was part-time and "
                "did not report absences to his social worker.",
                "high",
                "organisational",
                (
                    Act(
                        "Report every absence from alternative provision to the child's social "
                        "worker on the same day.",
                        EDUCATION,
                        S_AGREED,
                        45,
                        "on_track",
                        "Head of Alternative Provision",
                    ),
                    Act(
                        "Hold a multi-agency meeting within ten days of any permanent "
                        "exclusion of a child in care.",
                        CSC,
                        S_PROPOSED,
                        80,
                        officer="Virtual School Head",
                    ),
                ),
            ),
            Find(
                "Missing episodes are read as placement problems, not as signs of exploitation.",
                "Return interviews asked where D had been, not who he was with; the answers "
                "were filed with the placement, not shared with the police.",
                "high",
                "frontline",
                (
                    Act(
                        "Share every return interview with the police missing persons unit.",
                        POLICE,
                        S_IN_PROGRESS,
                        -12,
                        "slipped",
                        "Missing Persons Coordinator",
                        update="Sharing agreement drafted; the information governance check "
                        "is outstanding.",
                        reason="The information sharing agreement needs a data protection "
                        "impact assessment first.",
                    ),
                ),
            ),
            Find(
                "Adultification shaped how professionals saw a Black teenager.",
                "Records described D as streetwise and choosing his lifestyle; the language "
                "moved attention from the adults exploiting him.",
                "high",
                "national",
                (
                    Act(
                        "Run adultification training for all partner agencies, with the "
                        "family's agreement to use D's story.",
                        CSC,
                        S_PROPOSED,
                        120,
                        officer="Partnership training lead",
                    ),
                ),
                national=True,
            ),
        ],
        late={
            "completion": (
                "Agency reports from the placing area came seven weeks late; the panel "
                "extended the timetable by two months.",
                9,
            )
        },
        ratings={9: "partly_met", 12: "met", 14: "met", 17: "partly_met"},
        quality=1,
        publication="delayed",
        budget=21000,
    ),
    Story(
        title="Child F",
        path="lcspr",
        stage="running",
        incident_ago=188,
        themes=["Non-accidental head injury", "Infants under one"],
        children=[
            Child("Child F", "under_1", "male", "White British", "none", "harmed", "abuse"),
        ],
        referrer=ICB,
        rationale="Child F, aged four months, was admitted with a subdural haemorrhage and "
        "rib fractures of different ages. Both parents were care leavers in their first "
        "tenancy.",
        summary="Non-accidental head injury and older rib fractures in a four-month-old baby.",
        immediate_actions="Child F discharged to foster care; care proceedings started.",
        learning="Both parents were care leavers; their personal advisers and the midwife "
        "each knew of stress at home but did not speak to one another.",
        rapid_rationale="Serious harm to a baby with several agencies involved: a local "
        "review, with a focus on young parents who were in care.",
        decision="Hold a practice review: serious harm, and new learning about care leavers "
        "as parents.",
        lead="reviewer",
        methodology="silp",
        lines_of_enquiry="How the parents' care histories informed pre-birth planning.\n"
        "How signs of stress were shared between midwifery and leaving-care services.",
        proportionality="A SILP review with one learning event; the family court's findings "
        "are expected in the summer.",
        parallel=[
            Parallel(
                "family_court",
                CSC,
                "Legal services (invented)",
                "under_way",
                "The court's permission is needed before its papers are used.",
            )
        ],
        family=[
            Family(
                "Mother",
                "Chelsea Wray",
                "Visit with her personal adviser",
                "Met the lead reviewer at the family centre",
                "Personal adviser present",
            ),
            Family(
                "Father",
                "Connor Briggs",
                "Letter and text message",
                not_involved="Has not replied to three letters; his solicitor has been "
                "asked to pass on the invitation.",
            ),
        ],
        practitioners=[("Midwife", ICB), ("Personal adviser", CSC)],
        ratings={12: "partly_met", 10: "partly_met", 13: "not_started"},
        quality=1,
        budget=17500,
    ),
    Story(
        title="Sibling group G",
        path="lcspr",
        stage="setup",
        incident_ago=80,
        themes=["Neglect", "Children not in school"],
        children=[
            Child(
                "Child G1", "5_9", "female", "Gypsy or Irish Traveller", "cin", "harmed", "abuse"
            ),
            Child(
                "Child G2",
                "10_15",
                "male",
                "Gypsy or Irish Traveller",
                "none",
                "harmed",
                "abuse",
                disability="Hearing impairment",
            ),
        ],
        referrer=HOUSING,
        rationale="Two children, aged eight and eleven, were found living in a caravan without "
        "heating or water in November; neither had attended school for a year after being "
        "taken off roll for elective home education.",
        summary="Severe neglect of two children removed from school roll for home education.",
        immediate_actions="Both children accommodated with their grandparents; a health "
        "assessment for both within a week.",
        learning="Elective home education was accepted without a visit; the housing "
        "officer's concerns went to a general inbox.",
        rapid_rationale="Serious neglect of two children and questions about home education "
        "and housing: a local review.",
        decision="Hold a practice review: serious harm from neglect, and the partnership has "
        "no learning yet on children educated at home.",
        lead="reviewer2",
        methodology="learning_together",
        family=[
            Family(
                "Grandmother",
                "Bridget Lee",
                "Visit by the board manager with a Traveller liaison officer",
                support="Traveller liaison officer",
                equality="Asked that the family's culture be understood, not judged",
            ),
        ],
        ratings={4: "partly_met", 3: "met"},
        quality=2,
        budget=15000,
    ),
    Story(
        title="Child J",
        path="lcspr",
        stage="referral",
        incident_ago=27,
        themes=["Child sexual exploitation", "Children in care and care leavers"],
        children=[
            Child(
                "Child J",
                "10_15",
                "female",
                "Mixed White and Asian",
                "cp",
                "harmed",
                "exploitation",
                looked_after=True,
            ),
        ],
        referrer=POLICE,
        rationale="Child J, aged fifteen and in a residential placement out of area, was "
        "found in a hotel with two adult men after being missing for three days.",
        summary="Sexual exploitation of a fifteen-year-old in care, placed out of area.",
        immediate_actions="Child J returned to Northshire with a safety plan; two men arrested.",
        learning="The placing and hosting areas each thought the other held the exploitation "
        "risk assessment.",
        rapid_rationale="Serious harm to a child in care and cross-border learning: a local "
        "review, coordinated with the hosting partnership.",
        ratings={1: "met"},
    ),
    Story(
        title="Child H",
        path="rapid",
        stage="referral",
        incident_ago=9,
        themes=["Suicide and self-harm", "Online harm"],
        children=[
            Child("Child H", "16_17", "female", "White British", "none", "died", "suicide"),
        ],
        referrer=MENTAL_HEALTH,
        rationale="Child H, aged sixteen, took her own life. She was on the waiting list of "
        "the children's mental health service and had searched for methods online.",
        summary="Death by suicide of a sixteen-year-old on a mental health waiting list.",
        immediate_actions="Postvention support in her school and sixth-form college; her "
        "younger brother offered counselling.",
    ),
    Story(
        title="Child S",
        path="scr",
        stage="closed",
        incident_ago=0,
        start=date(2017, 9, 14),
        themes=["Physical abuse", "Domestic abuse", "Infants under one"],
        children=[
            Child("Child S", "under_1", "male", "White British", "cp", "died", "abuse"),
        ],
        referrer=POLICE,
        rationale="Child S, aged nine months, died of head injuries inflicted by his mother's "
        "partner. He had been on a child protection plan since birth.",
        summary="Death of a nine-month-old on a child protection plan.",
        decision="Hold a serious case review: the criteria in Working Together 2015 are met.",
        lead="reviewer",
        methodology="silp",
        lines_of_enquiry="How the plan protected a baby from a partner with a violent past.\n"
        "How the father's role was understood.",
        proportionality="A SILP review, as the LSCB used for serious case reviews at the time.",
        parallel=[
            Parallel(
                "criminal",
                POLICE,
                "DCI J. Marlow, Major Crime (invented)",
                "concluded",
                "Publication waited for the trial and the appeal.",
                True,
            )
        ],
        family=[
            Family(
                "Grandmother",
                "Patricia Hollins",
                "Letter and visit",
                "Met the reviewers twice",
                "Victim support",
            ),
        ],
        practitioners=[("Social worker", CSC), ("Health visitor", COMMUNITY)],
        findings=[
            Find(
                "Plans for babies did not consider men who joined the household.",
                "The plan named the mother's previous partner; when a new partner moved in "
                "nobody checked his history, because the plan did not ask who lived there.",
                "high",
                "tools",
                (
                    Act(
                        "Ask at every core group who lives in and visits the household, and "
                        "check new adults.",
                        CSC,
                        S_COMPLETED,
                        -2300,
                        "achieved",
                        "Service Manager, Child Protection",
                        evidence="Core group agenda revised; audited in 2019.",
                    ),
                ),
            ),
            Find(
                "Police information about partners was not shared with health visitors.",
                "The health visitor asked about violence; the police held call-outs from a "
                "previous relationship that nobody asked them for.",
                "medium",
                "organisational",
                (
                    Act(
                        "Add the health visiting service to the daily police domestic abuse "
                        "triage.",
                        POLICE,
                        S_COMPLETED,
                        -2200,
                        "achieved",
                        "Chief Inspector, Safeguarding",
                        evidence="Triage membership list; sample of shared notifications.",
                    ),
                ),
            ),
        ],
        late={
            "completion": (
                "The criminal trial and then an appeal meant the lead reviewer could not meet "
                "the family until the appeal was heard.",
                20,
            ),
        },
        ratings={8: "not_met", 9: "met", 17: "partly_met"},
        quality=2,
        publish_wait=240,
        response="The LSCB accepts the findings of the serious case review.",
        budget=14000,
        cost=17900,
    ),
]

# Southmoor: the other board (the demo user ``outsider`` manages it). Two cases of its own,
# so that a test of what one board can see of another has something to miss.
SOUTHMOOR: list[Story] = [
    Story(
        title="Child V",
        path="lcspr",
        stage="outputs",
        incident_ago=320,
        themes=["Physical abuse"],
        children=[Child("Child V", "5_9", "female", "White British", "cp", "harmed", "abuse")],
        referrer=SOUTHMOOR_POLICE,
        rationale="Child V, aged six, was seriously injured by her stepfather.",
        summary="Serious physical abuse of a six-year-old on a child protection plan.",
        decision="Hold a practice review: the criteria are met.",
        lead="",
        findings=[
            Find(
                "Southmoor's conferences did not hear from the child's school.",
                "The school report arrived after the conference had met.",
                "medium",
                "tools",
                (
                    Act(
                        "Send conference invitations to schools ten days ahead.",
                        SOUTHMOOR_CSC,
                        S_IN_PROGRESS,
                        -8,
                        "slipped",
                        "Conference manager (Southmoor)",
                        reason="The new invitation system went live late.",
                    ),
                ),
            ),
        ],
        ratings={1: "met", 2: "partly_met"},
        publication="not_yet",
        board="southmoor",
    ),
    Story(
        title="Child T",
        path="rapid",
        stage="referral",
        incident_ago=14,
        themes=["Neglect"],
        children=[Child("Child T", "1_4", "male", "White British", "cin", "harmed", "abuse")],
        referrer=SOUTHMOOR_CSC,
        rationale="Child T, aged three, was found alone at home for two days.",
        summary="A three-year-old left alone at home for two days.",
        board="southmoor",
    ),
]
