"""The case record and who is on it. Identifying details live apart, in SubjectIdentity."""

from django.conf import settings
from django.db import models


class Case(models.Model):
    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="cases")
    local_authority = models.ForeignKey(
        "partnerships.LocalAuthority", on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    # Neither the reference nor the pseudonym identifies the child; both are safe in URLs and emails.
    reference = models.CharField(max_length=20, unique=True)
    pseudonym = models.CharField(max_length=60, help_text="How the case is named everywhere, for example “Child A”.")
    summary = models.TextField(blank=True, help_text="Do not include names, dates of birth or addresses.")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    # Optimistic locking: every edit states the version it started from.
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "pseudonym"], name="unique_pseudonym_per_partnership")
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.pseudonym})"


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
    FAMILY_MEMBER = "family_member", "Family or household member"


class Subject(models.Model):
    """A child or family member as the case refers to them: by label, never by name."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="subjects")
    kind = models.CharField(max_length=20, choices=SubjectKind.choices)
    label = models.CharField(max_length=60, help_text="For example “Child A” or “Mother”.")
    relationship = models.CharField(max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "label"], name="unique_subject_label_per_case")]

    def __str__(self) -> str:
        return self.label


class SubjectIdentity(models.Model):
    """Identifying details, in a table of their own so no ordinary query or page touches them.

    Read only through cases.queries.subject_identities_for, which checks the rule and
    writes an audit event for every view.
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
