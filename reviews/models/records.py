"""The records a review holds from referral to closure: what the markers ask a board to keep.

Records a user can remove are withdrawn, never deleted (``withdrawn_at`` and a reason), so the
history stays whole. Lists show ``.current()`` records only.
"""

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from simple_history.models import HistoricalRecords

from accounts.models import Agency, Board
from reviews.models.review import Review


class RecordQuerySet(models.QuerySet):
    def current(self):
        return self.filter(withdrawn_at__isnull=True)


class Withdrawable(models.Model):
    """A record that is withdrawn (soft-deleted) with a reason instead of being deleted."""

    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_reason = models.TextField("Reason for removing it", blank=True)

    objects = RecordQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def withdraw(self, *, reason: str) -> None:
        self.withdrawn_at = timezone.now()
        self.withdrawn_reason = reason
        self.save(update_fields=["withdrawn_at", "withdrawn_reason"])


# --- Themes -----------------------------------------------------------------------------------

# The national vocabulary (Child Safeguarding Practice Review Panel and NSPCC case review themes).
NATIONAL_THEMES = [
    "Neglect",
    "Physical abuse",
    "Sexual abuse",
    "Emotional abuse",
    "Domestic abuse",
    "Parental mental ill-health",
    "Parental substance misuse",
    "Extra-familial harm and exploitation",
    "Child sexual exploitation",
    "Criminal exploitation and county lines",
    "Online harm",
    "Sudden unexpected death in infancy",
    "Non-accidental head injury",
    "Suicide and self-harm",
    "Disability",
    "Race, ethnicity and culture",
    "Children not in school",
    "Children in care and care leavers",
    "Adolescents",
    "Infants under one",
    "Fabricated or induced illness",
    "Female genital mutilation",
    "Radicalisation",
]


class ThemeQuerySet(models.QuerySet):
    def for_board(self, board: Board):
        """The national list and the board's own additions."""
        return self.filter(models.Q(board__isnull=True) | models.Q(board=board))


class Theme(models.Model):
    """A theme of a review, from a controlled list: national (board empty) or a board's own."""

    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, null=True, blank=True, related_name="themes"
    )
    name = models.CharField(max_length=100)
    history = HistoricalRecords()

    objects = ThemeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["board", "name"], name="unique_theme_per_board"),
            models.UniqueConstraint(
                fields=["name"],
                condition=models.Q(board__isnull=True),
                name="unique_national_theme",
            ),
        ]

    def __str__(self) -> str:
        return self.name


def ensure_national_themes(**kwargs) -> None:
    """Reference data, created after migrate (as contrib.auth does for permissions)."""
    existing = set(Theme.objects.filter(board__isnull=True).values_list("name", flat=True))
    Theme.objects.bulk_create(
        [Theme(name=name) for name in NATIONAL_THEMES if name not in existing]
    )


# --- Referral, notification, rapid review ------------------------------------------------------


class Referral(models.Model):
    """Why the case was referred (marker 1)."""

    class Criteria(models.TextChoices):
        MET = "met", "Meets the statutory criteria"
        NOT_MET = "not_met", "Does not meet the statutory criteria: referred for another reason"
        UNCLEAR = "unclear", "Not yet known"

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="referral")
    referring_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    referring_agency_other = models.CharField(
        "Referrer, if not one of the board's agencies",
        max_length=200,
        blank=True,
        help_text="For example a neighbouring board or a school.",
    )
    rationale = models.TextField("Why the case was referred")
    statutory_criteria = models.CharField(
        "Statutory criteria", max_length=10, choices=Criteria.choices, default=Criteria.UNCLEAR
    )
    other_reason = models.TextField(
        "Other reason for a review",
        blank=True,
        help_text="For example a local learning priority. Needed when the criteria are not met.",
    )
    information_gathered = models.TextField(
        "Information gathered",
        blank=True,
        help_text="From agencies and neighbouring boards, to inform the decision.",
    )
    delay_explanation = models.TextField(
        "Explanation of any delay", blank=True, help_text="Between the incident and the referral."
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Referral of {self.review}"

    @property
    def referrer(self) -> str:
        return str(self.referring_agency or self.referring_agency_other or "")


class Notification(models.Model):
    """The serious incident notification to the national bodies. The dates (aware, notified)
    are on the review."""

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="notification")
    panel_reference = models.CharField("National Panel reference", max_length=50, blank=True)
    summary = models.TextField("Summary of the incident", blank=True)
    ofsted_notified = models.BooleanField("Ofsted notified", default=False)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Notification for {self.review}"


class NotifiedChild(Withdrawable):
    """One child in a serious incident notification (up to four per incident)."""

    MAX_PER_NOTIFICATION = 4

    class AgeBand(models.TextChoices):
        UNDER_1 = "under_1", "Under 1"
        AGE_1_4 = "1_4", "1 to 4"
        AGE_5_9 = "5_9", "5 to 9"
        AGE_10_15 = "10_15", "10 to 15"
        AGE_16_17 = "16_17", "16 to 17"
        UNBORN = "unborn", "Unborn"

    class Sex(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        UNKNOWN = "unknown", "Not known"

    class Plan(models.TextChoices):
        CP = "cp", "Child protection plan"
        CIN = "cin", "Child in need plan"
        NONE = "none", "No plan"
        UNKNOWN = "unknown", "Not known"

    class Harm(models.TextChoices):
        DIED = "died", "Died"
        HARMED = "harmed", "Seriously harmed"

    class IncidentType(models.TextChoices):
        ABUSE = "abuse", "Abuse or neglect"
        HOMICIDE = "homicide", "Homicide"
        SUICIDE = "suicide", "Suicide"
        SUDI = "sudi", "Sudden unexpected death in infancy"
        EXPLOITATION = "exploitation", "Exploitation"
        OTHER = "other", "Other"

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="children"
    )
    pseudonym = models.CharField(max_length=50, help_text='Never a real name, e.g. "Child R".')
    age_band = models.CharField(max_length=10, choices=AgeBand.choices)
    sex = models.CharField(max_length=10, choices=Sex.choices)
    ethnicity = models.CharField(max_length=100, blank=True)
    disability = models.CharField(max_length=200, blank=True)
    looked_after = models.BooleanField("Looked after", default=False)
    plan = models.CharField("Plan in place", max_length=10, choices=Plan.choices)
    harm = models.CharField("Died or seriously harmed", max_length=10, choices=Harm.choices)
    incident_type = models.CharField(max_length=20, choices=IncidentType.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "notified children"

    def __str__(self) -> str:
        return self.pseudonym


class RapidReview(models.Model):
    """The rapid review after a notification: what it found and recommended."""

    class Recommendation(models.TextChoices):
        LCSPR = "lcspr", "Hold a local child safeguarding practice review"
        NATIONAL = "national", "Refer to the National Panel for a national review"
        NO_REVIEW = "no_review", "No further review: learning addressed in other ways"

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="rapid_review")
    summaries_requested_on = models.DateField("Agency summaries requested", null=True, blank=True)
    summaries_received_on = models.DateField("Agency summaries received", null=True, blank=True)
    immediate_actions = models.TextField("Immediate safety actions", blank=True)
    learning_identified = models.TextField(blank=True)
    recommendation = models.CharField(max_length=10, choices=Recommendation.choices, blank=True)
    rationale = models.TextField("Rationale for the recommendation", blank=True)
    signed_off_on = models.DateField(
        "Signed off by the safeguarding partners", null=True, blank=True
    )
    signed_off_by = models.CharField(
        "Signed off by", max_length=200, blank=True, help_text="The safeguarding partners."
    )
    sent_to_panel_on = models.DateField("Sent to the National Panel", null=True, blank=True)
    panel_response = models.TextField("The National Panel's response", blank=True)
    panel_response_on = models.DateField("Response received", null=True, blank=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Rapid review of {self.review}"


# --- Decisions, scope -------------------------------------------------------------------------


class Decision(Withdrawable):
    """One entry in the decisions log (markers 2, 3, 7, 17)."""

    class Kind(models.TextChoices):
        HOLD = "hold", "Whether to hold a review"
        SCOPE = "scope", "Scope and proportionality"
        COMMISSIONING = "commissioning", "Commissioning"
        GOVERNANCE = "governance", "Governance and sign-off"
        PUBLICATION = "publication", "Publication"

    # The chair's decisions: only the chair records them (access "decide").
    CHAIR_KINDS = (Kind.HOLD, Kind.COMMISSIONING, Kind.GOVERNANCE)

    class Outcome(models.TextChoices):
        PROCEED = "proceed", "Hold a review"
        NOT_PROCEED = "not_proceed", "Do not hold a review"

    class Factor(models.TextChoices):
        # Marker 2: what the decision weighed.
        LEARNING = "learning", "Potential for useful learning"
        PREVIOUS = "previous", "Relation to previous learning"
        RESOURCES = "resources", "Resource constraints"
        PRACTITIONERS = "practitioners", "Impact on practitioners"
        FAMILY = "family", "Impact on the family"
        OTHER_REVIEWS = "other_reviews", "Other reviews or investigations"
        MEDIA = "media", "Political and media interest"
        PUBLIC_TRUST = "public_trust", "Public trust and confidence"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    outcome = models.CharField(
        "Outcome",
        max_length=20,
        choices=Outcome.choices,
        blank=True,
        help_text="For a decision whether to hold a review.",
    )
    decision = models.TextField("Decision")
    rationale = models.TextField()
    factors = models.JSONField("Factors weighed", default=list, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField("Date of the decision")
    # When board members were advised of the decision whether to hold a review is a key date
    # of the review (Review.board_advised_on), its one source.
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["decided_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.decided_on:%-d %B %Y}"

    def factor_labels(self) -> list[str]:
        labels = dict(self.Factor.choices)
        return [labels.get(f, f) for f in self.factors]


class TermsOfReference(models.Model):
    """Scope and terms of reference (markers 5, 6, 7). The agreed date is on the review."""

    class Methodology(models.TextChoices):
        LEARNING_TOGETHER = "learning_together", "SCIE Learning Together"
        SILP = "silp", "Significant Incident Learning Process (SILP)"
        HYBRID = "hybrid", "Hybrid"
        WELSH_CPR = "welsh_cpr", "Welsh child practice review"
        OTHER = "other", "Other"

    review = models.OneToOneField(
        Review, on_delete=models.CASCADE, related_name="terms_of_reference"
    )
    methodology = models.CharField(max_length=20, choices=Methodology.choices)
    methodology_other = models.CharField("Other methodology", max_length=200, blank=True)
    period_from = models.DateField("Period under review from", null=True, blank=True)
    period_to = models.DateField("Period under review to", null=True, blank=True)
    lines_of_enquiry = models.TextField("Key lines of enquiry", blank=True)
    agencies_and_contributions = models.TextField(
        "Agencies involved and their contributions", blank=True
    )
    reviewers_and_roles = models.TextField("Reviewers and their roles", blank=True)
    governance = models.TextField("Governance and quality-assurance arrangements", blank=True)
    milestones = models.TextField("Planned milestones", blank=True)
    proportionality = models.TextField("Why this approach is proportionate", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "terms of reference"

    def __str__(self) -> str:
        return f"Terms of reference of {self.review}"


# --- Running the review ----------------------------------------------------------------------


class PractitionerEvent(Withdrawable):
    """A learning event or conversation with practitioners (marker 11)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="practitioner_events")
    held_on = models.DateField("Date")
    title = models.CharField(max_length=200, help_text="For example: practitioner learning event.")
    attendees = models.PositiveSmallIntegerField("Number of practitioners", null=True, blank=True)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return self.title


class ParallelProcess(Withdrawable):
    """The parallel processes register (marker 9)."""

    class Kind(models.TextChoices):
        CRIMINAL = "criminal", "Criminal investigation or trial"
        INQUEST = "inquest", "Coroner's inquest"
        DHR = "dhr", "Domestic homicide review"
        SAR = "sar", "Safeguarding adult review"
        FAMILY_COURT = "family_court", "Family court proceedings"
        HR = "hr", "HR or disciplinary process"
        COMPLAINT = "complaint", "Complaint"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        EXPECTED = "expected", "Expected"
        UNDER_WAY = "under_way", "Under way"
        CONCLUDED = "concluded", "Concluded"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="parallel_processes")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    lead_agency = models.CharField(max_length=200)
    contact = models.CharField("Contact", max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.UNDER_WAY)
    constraints = models.TextField(
        "Constraints on the review",
        blank=True,
        help_text="For example on interviews or disclosure.",
    )
    holds_publication = models.BooleanField("Holds publication", default=False)
    held_until = models.DateField("Publication held until", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "parallel processes"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.lead_agency})"


class DisclosableMaterial(Withdrawable):
    """The index of material that may be disclosable in a parallel process (marker 9)."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="disclosable_materials"
    )
    item = models.CharField(max_length=300)
    owner = models.CharField("Held by", max_length=200)
    process = models.ForeignKey(
        ParallelProcess,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="materials",
        verbose_name="Related process",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.item


class InvolvementRecord(Withdrawable):
    """Involvement of a family member or practitioner (markers 4, 11, 12).

    ``real_name`` is restricted: only the review's team sees it (``ReviewAccess.is_team``);
    every list and export shows ``role`` instead.
    """

    class Kind(models.TextChoices):
        FAMILY = "family", "Family member"
        PRACTITIONER = "practitioner", "Practitioner"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="involvements")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    role = models.CharField(
        "Role or relationship",
        max_length=200,
        help_text='For example "Mother" or "Health visitor".',
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    real_name = models.CharField(
        "Name", max_length=200, blank=True, help_text="Seen only by the review team."
    )
    informed_how = models.CharField("How informed", max_length=200, blank=True)
    informed_on = models.DateField("Date informed", null=True, blank=True)
    involved_how = models.TextField("How involved", blank=True)
    involved_on = models.DateField("Date involved", null=True, blank=True)
    support_offered = models.TextField(blank=True)
    equality_needs = models.TextField("Equality and diversity needs", blank=True)
    feedback = models.TextField(blank=True)
    not_involved_reason = models.TextField("Reason not involved", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return self.role


class AgencyContribution(Withdrawable):
    """What an agency was asked to contribute, the chasers, and when it arrived (marker 10)."""

    class Item(models.TextChoices):
        CHRONOLOGY = "chronology", "Chronology"
        SUMMARY = "summary", "Summary of involvement"
        RECORDS = "records", "Records"
        REPORT = "report", "Agency report"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="contributions")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="contributions")
    asked_for = models.JSONField("What was asked for", default=list)
    requested_on = models.DateField("Date requested")
    due_on = models.DateField("Date due", null=True, blank=True)
    chaser_count = models.PositiveSmallIntegerField("Number of chasers", default=0)
    last_chased_on = models.DateField("Last chased", null=True, blank=True)
    received_on = models.DateField("Date received", null=True, blank=True)
    non_cooperation_reason = models.TextField("Reason for not contributing", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        # Home pages: the contributions to chase, the longest overdue first (issue 11).
        indexes = [
            models.Index(
                fields=["due_on", "id"],
                condition=models.Q(received_on__isnull=True, withdrawn_at__isnull=True),
                name="contribution_awaited_due",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency}: {', '.join(self.asked_for_labels())}"

    @property
    def is_outstanding(self) -> bool:
        return self.received_on is None and not self.is_withdrawn

    def chase(self, *, on, by=None) -> None:
        """Record one more chaser sent to the agency: counted in the database (two chasers
        recorded at the same moment count two), and kept in the history."""
        with transaction.atomic():
            type(self).objects.filter(pk=self.pk).update(
                chaser_count=models.F("chaser_count") + 1, last_chased_on=on
            )
            self.refresh_from_db(fields=["chaser_count", "last_chased_on"])
            type(self).history.bulk_history_create([self], update=True, default_user=by)

    def asked_for_labels(self) -> list[str]:
        labels = dict(self.Item.choices)
        return [labels.get(i, i) for i in self.asked_for]


class Delay(models.Model):
    """Why a milestone was missed and when the board was told (marker 8, question 4)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="delays")
    milestone = models.CharField(max_length=40)
    reason = models.TextField("Reason for the delay")
    board_told_on = models.DateField("Board told", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "milestone"], name="one_delay_per_milestone")
        ]

    def __str__(self) -> str:
        return f"Delay: {self.milestone}"
