"""The case record, its lifecycle records and who is on it. Identifying details live apart, in SubjectIdentity."""

from django.conf import settings
from django.db import models

from casereview.cases import frameworks
from casereview.govuk.formatting import format_date
from casereview.process.clocks import explain
from casereview.process.models import CaseEvent


class CaseStatus(models.TextChoices):
    """Where the case is in its lifecycle. Only cases.lifecycle changes it."""

    DRAFT = "draft", "Draft referral"
    REFERRED = "referred", "Referred: awaiting screening"
    AWAITING_NOTIFICATION = "awaiting_notification", "Screened: notification due"
    RAPID_REVIEW = "rapid_review", "Rapid review"
    AWAITING_PANEL = "awaiting_panel", "Awaiting the Panel's response"
    AWAITING_DECISION = "awaiting_decision", "Awaiting decision"
    IN_REVIEW = "in_review", "Review under way"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"


# The engine's statuses every framework shares: a draft, a review under way in its route's stages,
# and the two ends. Each framework adds its own (cases.frameworks).
SHARED_STATUSES = (CaseStatus.DRAFT, CaseStatus.IN_REVIEW, CaseStatus.CLOSED, CaseStatus.WITHDRAWN)
ENDED_STATUSES = frozenset({CaseStatus.DRAFT, CaseStatus.CLOSED, CaseStatus.WITHDRAWN})
# The children's open statuses: the sources of the children's hold steps.
OPEN_STATUSES = [s for s in CaseStatus.values if s not in ENDED_STATUSES]


def status_words(status: str, framework: str = frameworks.CHILDREN) -> str:
    """A status in words, the engine's shared ones or its framework's own."""
    if status in CaseStatus.values:
        return CaseStatus(status).label
    return frameworks.status_label(status, framework)


def open_statuses() -> list[str]:
    """Every framework's open statuses: what "open" means in a query across frameworks."""
    return OPEN_STATUSES + [s for s in frameworks.all_statuses() if s not in ENDED_STATUSES and s not in OPEN_STATUSES]


class ReferenceCounter(models.Model):
    """The last reference number given in a partnership's year. Taken under a row lock when a
    referral is submitted, so two submissions at the same moment never get the same reference."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["partnership", "year"], name="one_counter_per_year")]

    def __str__(self) -> str:
        return f"Reference counter {self.year}"


class Case(models.Model):
    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="cases")
    local_authority = models.ForeignKey(
        "partnerships.LocalAuthority", on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    # Neither the reference nor the pseudonym identifies the child; both are safe in URLs and emails.
    # A draft referral has neither: both are given when it is submitted.
    reference = models.CharField(max_length=20, unique=True, null=True, blank=True)
    pseudonym = models.CharField(max_length=60, blank=True,
                                 help_text="How the case is named everywhere, for example “Child A”.")
    # No fixed choices: each framework brings its own statuses (get_status_display).
    status = models.CharField(max_length=30, default=CaseStatus.DRAFT, db_index=True)
    framework = models.CharField(max_length=20, default="children",
                                 help_text="The review framework whose steps the case follows (cases.frameworks).")
    route = models.ForeignKey("process.Route", on_delete=models.PROTECT, null=True, blank=True, related_name="cases")
    stage = models.ForeignKey("process.Stage", on_delete=models.PROTECT, null=True, blank=True, related_name="cases")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="owned_cases", help_text="The business unit officer who runs the case.")
    year = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True,
                                            help_text="The year the local authority became aware.")
    agencies = models.ManyToManyField("partnerships.Agency", blank=True, related_name="cases",
                                      help_text="Agencies known to the family.")
    on_hold = models.BooleanField(default=False)
    # Kept by cases.clocks after every change so the tracker can sort and filter in SQL.
    next_due_date = models.DateField(null=True, blank=True, db_index=True)
    next_due_soon_from = models.DateField(null=True, blank=True)
    next_clock_name = models.CharField(max_length=120, blank=True)
    clocks_met = models.PositiveSmallIntegerField(default=0)
    clocks_met_late = models.PositiveSmallIntegerField(default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    publication_url = models.URLField(max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    summary = models.TextField(blank=True, help_text="Do not include names, dates of birth or addresses.")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    # Optimistic locking: every edit states the version it started from.
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "pseudonym"], condition=~models.Q(pseudonym=""),
                                    name="unique_pseudonym_per_partnership")
        ]
        indexes = [models.Index(fields=["partnership", "status"])]

    def __str__(self) -> str:
        return f"{self.reference} ({self.pseudonym})" if self.reference else f"Draft referral {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status not in ENDED_STATUSES

    def get_status_display(self) -> str:
        return status_words(self.status, self.framework)


class FrameworkRun(models.Model):
    """A case that also runs as another framework's review: a joint review, such as a domestic abuse
    related death review that is also a safeguarding adults review. One chronology, one set of
    agency returns and one report; every framework's gates, clocks and sign-offs apply."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="framework_runs")
    framework = models.CharField(max_length=20)
    route_kind = models.CharField(max_length=30, help_text="Whose clocks apply too, e.g. a SAR's completion.")
    started_on = models.DateField()
    reason = models.TextField()
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["case", "framework"], name="one_run_per_framework")]

    def __str__(self) -> str:
        return f"{self.case} also as {self.framework}"


class CaseRole(models.TextChoices):
    LEAD_REVIEWER = "lead_reviewer", "Lead reviewer"
    AGENCY_REPRESENTATIVE = "agency_representative", "Agency representative"


class CaseMembership(models.Model):
    """Being on a case is what lets a lead reviewer or agency representative see it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_memberships")
    role = models.CharField(max_length=40, choices=CaseRole.choices)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role", "person__full_name"]
        constraints = [models.UniqueConstraint(fields=["case", "person"], name="unique_case_member")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} on {self.case.reference}"


class SubjectKind(models.TextChoices):
    CHILD = "child", "Child"
    ADULT = "adult", "Adult"
    FAMILY_MEMBER = "family_member", "Family or household member"


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other or not known"


class Ethnicity(models.TextChoices):
    """The broad groups of the England and Wales census."""

    ASIAN = "asian", "Asian, Asian British or Asian Welsh"
    BLACK = "black", "Black, Black British, Black Welsh, Caribbean or African"
    MIXED = "mixed", "Mixed or multiple ethnic groups"
    WHITE = "white", "White"
    OTHER = "other", "Other ethnic group"
    NOT_KNOWN = "not_known", "Not known"


class YesNoUnknown(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known"


class LegalStatus(models.TextChoices):
    CHILD_PROTECTION_PLAN = "child_protection_plan", "Child protection plan"
    CHILD_IN_NEED = "child_in_need", "Child in need"
    LOOKED_AFTER = "looked_after", "Looked after"
    CARE_LEAVER = "care_leaver", "Care leaver (up to 25)"
    EARLY_HELP = "early_help", "Early help"
    NONE = "none", "None of these"


class Subject(models.Model):
    """A child or family member as the case refers to them: by label, never by name."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="subjects")
    kind = models.CharField(max_length=20, choices=SubjectKind.choices)
    label = models.CharField(max_length=60, help_text="For example “Child A” or “Mother”.")
    relationship = models.CharField(max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    # Characteristics the National Panel's notification asks for. Not identifying on their own.
    age = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Age in years at the incident.")
    sex = models.CharField(max_length=20, choices=Sex.choices, blank=True)
    ethnicity = models.CharField(max_length=40, choices=Ethnicity.choices, blank=True)
    disability = models.CharField(max_length=20, choices=YesNoUnknown.choices, blank=True)
    legal_status = models.JSONField(default=list, blank=True)
    local_authority = models.ForeignKey("partnerships.LocalAuthority", on_delete=models.PROTECT, null=True,
                                        blank=True, related_name="+", help_text="Local authority of residence.")

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "label"], name="unique_subject_label_per_case")]

    def __str__(self) -> str:
        return self.label

    @property
    def description(self) -> str:
        """What the case record says about a child without naming them: "age 3, female, looked after"."""
        parts = []
        if self.age is not None:
            parts.append(f"age {self.age}")
        if self.sex:
            parts.append(self.get_sex_display().lower())
        if self.ethnicity and self.ethnicity != Ethnicity.NOT_KNOWN:
            parts.append(self.get_ethnicity_display())
        if self.disability == YesNoUnknown.YES:
            parts.append("disabled")
        parts += [LegalStatus(code).label.lower() for code in self.legal_status if code != LegalStatus.NONE]
        return ", ".join(parts)


class SubjectIdentity(models.Model):
    """Identifying details, in a table of their own so no ordinary query or page touches them.

    Read only through cases.queries.subject_identities_for and, for the named contributors of an
    open request, contributions.queries.request_identities: each checks its rule and writes an
    audit event for every view.
    """

    subject = models.OneToOneField(Subject, on_delete=models.CASCADE, related_name="identity")
    full_name = models.CharField(max_length=200)
    other_names = models.CharField(max_length=300, blank=True, help_text="Aliases and previous names, separated by commas.")
    date_of_birth = models.DateField(null=True, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)

    def __str__(self) -> str:
        # Never the name: this may end up in logs or error reports.
        return f"Identity of {self.subject.label}"


# --- The referral -----------------------------------------------------------------------


class IncidentKind(models.TextChoices):
    DEATH = "death", "Death"
    SERIOUS_HARM = "serious_harm", "Serious harm"
    OTHER = "other", "Other"


class AbuseOrNeglect(models.TextChoices):
    KNOWN = "known", "Known"
    SUSPECTED = "suspected", "Suspected"
    NOT_SUSPECTED = "not_suspected", "Not known or suspected"


class AbuseKind(models.TextChoices):
    PHYSICAL = "physical", "Physical abuse"
    EMOTIONAL = "emotional", "Emotional abuse"
    SEXUAL = "sexual", "Sexual abuse"
    NEGLECT = "neglect", "Neglect"
    EXPLOITATION = "exploitation", "Exploitation, inside or outside the home"
    OTHER = "other", "Other or not yet known"
    # The Care Act's kinds of abuse and neglect that a children's referral does not list.
    SELF_NEGLECT = "self_neglect", "Self-neglect"
    NEGLECT_OR_OMISSION = "neglect_or_omission", "Neglect and acts of omission"
    FINANCIAL = "financial", "Financial or material abuse"
    ORGANISATIONAL = "organisational", "Organisational abuse"
    DOMESTIC = "domestic", "Domestic abuse"
    DISCRIMINATORY = "discriminatory", "Discriminatory abuse"
    MODERN_SLAVERY = "modern_slavery", "Modern slavery"


class Referral(models.Model):
    """What the referrer told us. Holds no names: children and family are Subjects."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="referral")
    referrer_role = models.CharField(max_length=120, blank=True)
    referrer_phone = models.CharField(max_length=40, blank=True)
    senior_lead_agreed = models.CharField(max_length=20, choices=YesNoUnknown.choices, blank=True)
    incident_date = models.DateField(null=True, blank=True)
    incident_place = models.CharField(max_length=200, blank=True)
    incident_kind = models.CharField(max_length=20, choices=IncidentKind.choices, blank=True)
    abuse_or_neglect = models.CharField(max_length=20, choices=AbuseOrNeglect.choices, blank=True)
    abuse_kinds = models.JSONField(default=list, blank=True)
    description = models.TextField(blank=True)
    immediate_actions = models.TextField(blank=True)
    police_involved = models.CharField(max_length=20, choices=YesNoUnknown.choices, blank=True)
    police_details = models.TextField(blank=True)
    media_interest = models.CharField(max_length=20, choices=YesNoUnknown.choices, blank=True)
    media_details = models.TextField(blank=True)
    aware_date = models.DateField(null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"Referral for {self.case}"


# --- Lifecycle records --------------------------------------------------------------------


class Screening(models.Model):
    class Outcome(models.TextChoices):
        NOTIFY = "notify", "Notify the National Panel"
        NOT_NOTIFIABLE_CLOSE = "not_notifiable_close", "Not notifiable: close the case"
        NOT_NOTIFIABLE_LOCAL = "not_notifiable_local", "Not notifiable: consider a local learning review"

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="screening")
    abuse_or_neglect = models.CharField(max_length=20, choices=AbuseOrNeglect.choices)
    death_or_serious_harm = models.BooleanField()
    rationale = models.TextField()
    outcome = models.CharField(max_length=30, choices=Outcome.choices)
    screened_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"Screening of {self.case}"

    @property
    def criteria_met(self) -> bool:
        return self.abuse_or_neglect != AbuseOrNeglect.NOT_SUSPECTED and self.death_or_serious_harm


class PanelNotification(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="panel_notification")
    reference = models.CharField(max_length=40)
    notified_on = models.DateField()
    ofsted_notified_on = models.DateField(null=True, blank=True)
    secretary_of_state_notified_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"Notification {self.reference}"


class PanelResponse(models.TextChoices):
    AGREES = "agrees", "Agrees with the partnership"
    MORE_INFORMATION = "more_information", "Asks for more information or reconsideration"
    NATIONAL_REVIEW = "national_review", "Will carry out a national review"


class RapidReview(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="rapid_review")
    summaries_requested_on = models.DateField(null=True, blank=True)
    summaries_received_on = models.DateField(null=True, blank=True)
    # A plan (may be in the future), kept apart from meeting_on, the record that it was held.
    meeting_planned_on = models.DateField(null=True, blank=True)
    meeting_on = models.DateField(null=True, blank=True)
    partners_agreed_on = models.DateField(null=True, blank=True)
    sent_on = models.DateField(null=True, blank=True)
    recommendation = models.CharField(max_length=30, blank=True)
    panel_response = models.CharField(max_length=30, choices=PanelResponse.choices, blank=True)
    panel_response_on = models.DateField(null=True, blank=True)
    panel_response_notes = models.TextField(blank=True)
    rounds = models.PositiveSmallIntegerField(default=0, help_text="How many times it has been sent to the Panel.")
    lock_version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"Rapid review of {self.case}"


class Regulation11(models.TextChoices):
    IMPROVEMENTS = "a", "(a) It highlights, or may highlight, improvements needed"
    RECURRENT_THEMES = "b", "(b) It highlights recurrent themes"
    WORKING_TOGETHER = "c", "(c) It highlights concerns about two or more agencies working together"
    PANEL_VIEW = "d", "(d) The Panel has concluded a local review may be more appropriate"


class Decision(models.Model):
    """The partners' decision on what follows. A re-route adds a new one; the latest is current."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="decisions")
    route = models.ForeignKey("process.Route", on_delete=models.PROTECT, related_name="+")
    regulation_11 = models.JSONField(default=list, blank=True)
    rationale = models.TextField()
    decided_on = models.DateField()
    partner_la = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    partner_police = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    partner_icb = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reroute_reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.route} decided {format_date(self.decided_on)}"


class HoldReason(models.TextChoices):
    CRIMINAL_PROCEEDINGS = "criminal_proceedings", "Criminal proceedings"
    INQUEST = "inquest", "Inquest"
    FAMILY_CIRCUMSTANCES = "family_circumstances", "Family circumstances"
    OTHER = "other", "Another parallel process"


class CaseHold(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="holds")
    reason = models.CharField(max_length=30, choices=HoldReason.choices)
    details = models.TextField(blank=True)
    started_on = models.DateField()
    review_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True, help_text="The day work resumed.")
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["case"], condition=models.Q(ended_on__isnull=True),
                                               name="one_open_hold_per_case")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} hold from {format_date(self.started_on)}"


class CaseMilestone(models.Model):
    """The date of an event that starts or stops a clock."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="milestones")
    event = models.CharField(max_length=30, choices=CaseEvent.choices)
    on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "event"], name="one_date_per_event")]

    def __str__(self) -> str:
        return f"{self.get_event_display()} on {format_date(self.on)}"


class CaseClock(models.Model):
    """A deadline on a case, with the rule version that set it and how it was worked out."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="clocks")
    rule = models.ForeignKey("process.ClockRule", on_delete=models.PROTECT, related_name="clocks")
    key = models.SlugField(max_length=40)
    anchor_on = models.DateField()
    base_due_on = models.DateField()
    due_on = models.DateField()
    held_units = models.PositiveIntegerField(default=0)
    paused = models.BooleanField(default=False)
    met_on = models.DateField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)
    missed_notified_on = models.DateField(null=True, blank=True)
    escalated_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "key"], name="one_clock_per_rule")]

    def __str__(self) -> str:
        return f"{self.key} due {format_date(self.due_on)}"

    @property
    def met_late(self) -> bool:
        return self.met_on is not None and self.met_on > self.due_on

    @property
    def explanation(self) -> str:
        """How the due date was reached: worded when shown, from what the clock keeps."""
        return explain(rule=self.rule, anchor_on=self.anchor_on, base_due_on=self.base_due_on,
                       held_units=self.held_units, due_on=self.due_on, paused=self.paused)


class NoticeRecipient(models.TextChoices):
    """Who is sent the report before publication (the pre-publication notice)."""

    PANEL = "panel", "The Child Safeguarding Practice Review Panel"
    SECRETARY_OF_STATE = "secretary_of_state", "The Secretary of State (Department for Education)"
    OFSTED = "ofsted", "Ofsted"


class CaseTransition(models.Model):
    """The case's own history: who moved it, when, from where to where, and why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions")
    name = models.CharField(max_length=40)
    # Rows made before steps were worded when shown keep their words here; newer rows leave it
    # empty and read the step's name from its framework (`title`).
    label = models.CharField(max_length=120, blank=True)
    from_status = models.CharField(max_length=30)
    to_status = models.CharField(max_length=30)
    from_stage = models.CharField(max_length=120, blank=True)
    to_stage = models.CharField(max_length=120, blank=True)
    note = models.TextField(blank=True)
    # What the step recorded beside the person's note, as codes: {"sent_to": [NoticeRecipient]}.
    params = models.JSONField(null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} on {self.case}"

    @property
    def full_note(self) -> str:
        """The person's note, after what the step recorded, worded when shown."""
        sent_to = (self.params or {}).get("sent_to")
        if not sent_to:
            return self.note
        names = dict(NoticeRecipient.choices)
        said = "Sent to: " + ", ".join(str(names.get(code, code)) for code in sent_to)
        return f"{said}. {self.note}" if self.note else said

    @property
    def title(self) -> str:
        if self.label:
            return self.label
        own = frameworks.of(self.case).transitions.get(self.name)
        if own is not None:
            return own.label
        for framework in frameworks.all_of(self.case):  # a step of a framework it runs jointly with
            if self.name in framework.transitions:
                return framework.transitions[self.name].label
        return self.name.replace("_", " ").capitalize()

    def get_from_status_display(self) -> str:
        return status_words(self.from_status, self.case.framework)

    def get_to_status_display(self) -> str:
        return status_words(self.to_status, self.case.framework)


class ChecklistTick(models.Model):
    """An expected document of a stage marked as done."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="checklist_ticks")
    stage = models.ForeignKey("process.Stage", on_delete=models.CASCADE, related_name="+")
    document = models.CharField(max_length=200)
    ticked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ticked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "stage", "document"], name="one_tick_per_document")]

    def __str__(self) -> str:
        return f"{self.document} done"
