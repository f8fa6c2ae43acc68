"""Review documents from the rapid review to publication: the rapid review record, terms of
reference, family and practitioner involvement, parallel processes, report versions and their
comments, factual accuracy rounds, quality assurance, sign-off, redaction and publication."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casereview.documents.stored_pdf import stored_pdf, write_pending
from casereview.process.models import RouteKind

USER = settings.AUTH_USER_MODEL

# Why a person's roles were taken away (partnerships.signals.roles_withdrawn), in words.
ROLE_TAKEN = {
    "removed": _("Removed from {partnership} by {by}"),
    "account_closed": _("The account was closed"),
    "roles_changed": _("Role taken away by {by}"),
}


class RapidReviewRecord(models.Model):
    """What the rapid review found, under the Panel's headings (domain brief §2.4)."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="rapid_review_record")
    attendees = models.TextField(blank=True, help_text="Roles and agencies, one per line.")
    circumstances = models.TextField(blank=True)
    agency_summaries = models.TextField(blank=True, help_text="A digest of the agency summaries.")
    key_practice_episodes = models.TextField(blank=True)
    lived_experience = models.TextField(blank=True)
    immediate_actions = models.TextField(blank=True)
    learning = models.TextField(blank=True)
    national_review_view = models.TextField(blank=True)
    parallel_processes = models.TextField(blank=True)
    family_involvement = models.TextField(blank=True)
    lock_version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Rapid review record of {self.case}"


class Methodology(models.TextChoices):
    SYSTEMS = "systems", "Systems approach"
    LEARNING_EVENT = "learning_event", "Learning event led"
    APPRECIATIVE = "appreciative", "Appreciative inquiry"
    HYBRID = "hybrid", "Hybrid"


class TermsOfReference(models.Model):
    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="terms_of_reference")
    scope_start = models.DateField(null=True, blank=True)
    scope_end = models.DateField(null=True, blank=True)
    lines_of_enquiry = models.TextField(blank=True, help_text="One per line.")
    methodology = models.CharField(max_length=30, choices=Methodology.choices, blank=True)
    agencies = models.ManyToManyField("partnerships.Agency", blank=True, related_name="+")
    reviewer_declaration = models.TextField(blank=True, help_text="The lead reviewer's declaration of interests.")
    panel_members = models.TextField(blank=True, help_text="Roles and agencies, one per line.")
    family_plan = models.TextField(blank=True)
    agreed_on = models.DateField(null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"Terms of reference of {self.case}"

    @property
    def lines(self) -> list[str]:
        return [line.strip() for line in self.lines_of_enquiry.splitlines() if line.strip()]


class FamilyContact(models.Model):
    class Kind(models.TextChoices):
        ATTEMPT = "attempt", "Contact attempted"
        MEETING = "meeting", "Meeting"
        VIEWS = "views", "Views recorded"
        DRAFT_SHARED = "draft_shared", "Draft shared"
        COMMENTS = "comments", "Comments on the draft"
        PREFERENCES = "preferences", "Preferences about the pseudonym and publication"
        NOT_INVOLVED = "not_involved", "Not involved, and why"

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="family_contacts")
    member = models.CharField(max_length=120, help_text="Their relationship to the child, e.g. “mother”.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    on = models.DateField()
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.member}"


class LearningEvent(models.Model):
    """A practitioner learning event: planned (a date that may be in the future), then held (a
    record, never in the future). The two dates are kept apart."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="learning_events")
    planned_on = models.DateField(null=True, blank=True)
    held_on = models.DateField(null=True, blank=True)
    agencies = models.ManyToManyField("partnerships.Agency", blank=True, related_name="+")
    attendance = models.PositiveSmallIntegerField(default=0)
    notes = models.TextField(blank=True)
    themes = models.TextField(blank=True)
    support_offered = models.TextField(blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on", "-planned_on"]

    def __str__(self) -> str:
        return f"Learning event {'held' if self.held_on else 'planned'} on {self.held_on or self.planned_on}"


class ParallelProcess(models.Model):
    class Kind(models.TextChoices):
        POLICE = "police", "Police investigation"
        CRIMINAL = "criminal", "Criminal proceedings"
        INQUEST = "inquest", "Inquest"
        CHILD_DEATH_REVIEW = "child_death_review", "Child death review"
        DHR = "dhr", "Domestic homicide review"
        SAR = "sar", "Safeguarding adults review"
        NHS = "nhs", "NHS patient safety incident review"

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="parallel_processes")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    open = models.BooleanField(default=True)
    holds_publication = models.BooleanField(default=False,
                                            help_text="While open, the report cannot be published.")
    key_dates = models.TextField(blank=True, help_text="For example, the trial date or the inquest hearing.")
    notes = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.get_kind_display()


class ReportTemplate(models.Model):
    """The sections of a route's report, which the partnership can edit."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE,
                                    related_name="report_templates")
    route_kind = models.CharField(max_length=30, choices=RouteKind.choices)
    sections = models.JSONField(default=list, help_text="[{key, title, guidance}]")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["partnership", "route_kind"], name="one_template_per_route")]

    def __str__(self) -> str:
        return f"Report template for {self.get_route_kind_display()}"


class ReportVersion(models.Model):
    """Every save of the report is a new version; none is ever changed."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="report_versions")
    number = models.PositiveIntegerField()
    sections = models.JSONField(default=list, help_text="[{key, title, html}]")
    note = models.CharField(max_length=300, blank=True)
    redacted = models.BooleanField(default=False, help_text="Made by applying the redaction decisions.")
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "-number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="one_report_version_number")]

    def __str__(self) -> str:
        return f"Version {self.number} of the report on {self.case}"

    def section(self, key: str) -> dict | None:
        return next((s for s in self.sections if s["key"] == key), None)


class ReportDraft(models.Model):
    """One person's unsaved work on the report, kept while they type (autosave). Private to them
    until they save it as a version; co-editors see only that it exists, who and when, and can read
    it so that neither loses text (ADR 0024)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="report_drafts")
    author = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    sections = models.JSONField(default=dict, help_text="{key: sanitised html}")
    note = models.CharField(max_length=300, blank=True)
    based_on = models.PositiveIntegerField(null=True, blank=True, help_text="The version it started from.")
    imported_from = models.CharField(max_length=200, blank=True)
    import_notes = models.JSONField(default=list, blank=True, help_text="What a Word import could not keep.")
    started_at = models.DateTimeField(auto_now_add=True)
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "author"], name="one_report_draft_per_person")]

    def __str__(self) -> str:
        return f"Unsaved draft of the report on {self.case}"


class SectionComment(models.Model):
    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="comments")
    section_key = models.SlugField(max_length=60)
    text = models.TextField()
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"Comment on {self.section_key}"


class AccuracyRound(models.Model):
    """A version sent to chosen agencies (or shared with the family) for factual accuracy."""

    class Audience(models.TextChoices):
        AGENCIES = "agencies", "Agencies"
        FAMILY = "family", "Family"

    version = models.ForeignKey(ReportVersion, on_delete=models.PROTECT, related_name="accuracy_rounds")
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.AGENCIES)
    agencies = models.ManyToManyField("partnerships.Agency", blank=True, related_name="+")
    sent_on = models.DateField()
    due_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    sent_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-sent_on", "-pk"]

    def __str__(self) -> str:
        return f"Factual accuracy round on version {self.version.number}"


class AccuracyComment(models.Model):
    round = models.ForeignKey(AccuracyRound, on_delete=models.CASCADE, related_name="comments")
    agency = models.ForeignKey("partnerships.Agency", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+")
    section_key = models.SlugField(max_length=60)
    comment = models.TextField()
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    response = models.TextField(blank=True)
    responded_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["section_key", "at"]

    def __str__(self) -> str:
        return f"Accuracy comment on {self.section_key}"


class QualityMarker(models.Model):
    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE,
                                    related_name="quality_markers")
    # The review framework whose reports it checks (cases.frameworks): SCIE's markers for adults.
    framework = models.CharField(max_length=20, default="children")
    text = models.CharField(max_length=300)
    guidance = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


class QualityCheck(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="quality_checks")
    marker = models.ForeignKey(QualityMarker, on_delete=models.PROTECT, related_name="+")
    met = models.BooleanField(default=False)
    evidence = models.TextField(blank=True)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "marker"], name="one_check_per_marker")]

    def __str__(self) -> str:
        return f"{self.marker}: {'met' if self.met else 'not met'}"


class Approval(models.Model):
    """One delegated safeguarding partner's approval of one version."""

    class Partner(models.TextChoices):
        LA = "partner_la", "Local authority"
        POLICE = "partner_police", "Police"
        ICB = "partner_icb", "Integrated Care Board"
        SAB_CHAIR = "sab_chair", "Safeguarding Adults Board independent chair"
        CSP_CHAIR = "csp_chair", "Community Safety Partnership chair"

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="approvals")
    version = models.ForeignKey(ReportVersion, on_delete=models.PROTECT, related_name="approvals")
    partner = models.CharField(max_length=20, choices=Partner.choices)
    person = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    approved_on = models.DateField()
    comment = models.TextField(blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # Approvals withdrawn before reasons were worded when shown keep their words here.
    withdrawn_reason_kept = models.CharField(max_length=300, blank=True)
    # Why it was withdrawn, as a code and parameters: {"code": "version_saved", "version", "by", "note"}
    # or {"code": "role_taken", "name", "why", "by", "partnership"}.
    withdrawn_why = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["partner", "-approved_on"]
        constraints = [
            models.UniqueConstraint(fields=["version", "partner"], condition=models.Q(withdrawn_at=None),
                                    name="one_live_approval_per_partner"),
            # Three partners means three people: one person never approves a version twice.
            models.UniqueConstraint(fields=["version", "person"], condition=models.Q(withdrawn_at=None),
                                    name="one_live_approval_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.get_partner_display()} approval of version {self.version.number}"

    @property
    def withdrawn_reason(self) -> str:
        if self.withdrawn_reason_kept or not self.withdrawn_why:
            return self.withdrawn_reason_kept
        why = self.withdrawn_why
        if why["code"] == "version_saved":
            said = _("Version {version} was saved by {by}").format(**why)
            return f"{said}: {why['note']}" if why.get("note") else said
        taken = str(ROLE_TAKEN.get(why.get("why"), why.get("why", ""))).format(**why)
        return _("the role was taken away from {name} ({taken})").format(name=why["name"], taken=taken)



class PublicationDecision(models.Model):
    class Form(models.TextChoices):
        FULL = "full", "Full report"
        SUMMARY = "executive_summary", "Executive summary"
        IMPROVEMENTS = "improvements_only", "Improvements only"
        NOT_PUBLISHED = "not_published", "Not published"

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="publication_decision")
    form = models.CharField(max_length=30, choices=Form.choices)
    reason = models.TextField(blank=True, help_text="Required when the report is not published.")
    # Published with the report, in the partners' own words (the anonymisation gate reads them too).
    foreword = models.TextField(blank=True)
    response = models.TextField(blank=True, help_text="The safeguarding partners' response: needed to publish.")
    glossary = models.TextField(blank=True, help_text="One term a line: “Term: what it means”.")
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.get_form_display()


class RedactionDecision(models.Model):
    """How one identifying detail is handled everywhere it appears. The decisions are the redaction log."""

    class Action(models.TextChoices):
        REPLACE = "replace", "Replaced"
        ACCEPT = "accept", "Kept, with a reason"

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="redactions")
    key = models.CharField(max_length=300)
    kind = models.CharField(max_length=30)
    example = models.CharField(max_length=200, help_text="The text as first found; shown only to the review team.")
    action = models.CharField(max_length=10, choices=Action.choices)
    replacement = models.CharField(max_length=200, blank=True)
    reason = models.TextField(blank=True)
    occurrences = models.PositiveIntegerField(default=0)
    # Decided with every other undecided finding of its kind ("replace every address with ...").
    for_whole_kind = models.BooleanField(default=False)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "key"]
        constraints = [models.UniqueConstraint(fields=["case", "key"], name="one_decision_per_finding")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.get_action_display()}"


class PublishedReport(models.Model):
    """What the public library shows. Immutable: a correction is a new row with a note."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="publications")
    version = models.ForeignKey(ReportVersion, on_delete=models.PROTECT, related_name="+")
    edition = models.PositiveSmallIntegerField(default=1)
    slug = models.SlugField(max_length=120)
    title = models.CharField(max_length=200)
    partnership_name = models.CharField(max_length=200)
    form = models.CharField(max_length=30, choices=PublicationDecision.Form.choices)
    html = models.TextField()
    pdf_file = models.FileField(max_length=200, blank=True)
    published_on = models.DateField()
    review_on = models.DateField(help_text="When to decide whether it stays online.")
    correction_note = models.TextField(blank=True)
    published_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_on", "-edition"]
        constraints = [models.UniqueConstraint(fields=["slug", "edition"], name="one_edition_number")]

    def __str__(self) -> str:
        return self.title

    pdf = stored_pdf("pdf_file")

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A published report is never changed: publish a correction as a new edition")
        write_pending(self, "pdf_file", "published")
        super().save(*args, **kwargs)
