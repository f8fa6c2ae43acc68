"""Domestic abuse related death reviews (DVCVA 2004 s9; Victims and Prisoners Act 2024 s19, which
renames domestic homicide reviews): what the domestic abuse framework records beyond the case
engine's own records. The person who died is a Subject of the case, named only in SubjectIdentity."""

from __future__ import annotations

from django.conf import settings
from django.db import models

USER = settings.AUTH_USER_MODEL


class DeathKind(models.TextChoices):
    HOMICIDE = "homicide", "Homicide"
    SUICIDE = "suicide", "Suicide where there was domestic abuse"
    OTHER = "other", "Another unexpected death"


class Relationship(models.TextChoices):
    PARTNER = "partner", "Intimate partner"
    FORMER_PARTNER = "former_partner", "Former intimate partner"
    RELATIVE = "relative", "Relative"
    HOUSEHOLD = "household", "Member of the same household"
    NOT_KNOWN = "not_known", "Not known yet"


class PoliceNotification(models.Model):
    """The police's written notification to the community safety partnership of a death that may
    need a review."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="police_notification")
    notified_on = models.DateField()
    police_reference = models.CharField(max_length=40, blank=True)
    death_kind = models.CharField(max_length=20, choices=DeathKind.choices)
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    criminal_proceedings = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"Police notification for {self.case}"


class DarDecision(models.Model):
    """The community safety partnership's decision: a decision not to review is made, and told to
    the Home Office, with its reasons, just as a decision to review is."""

    class Outcome(models.TextChoices):
        REVIEW = "review", "Hold a review"
        NO_REVIEW = "no_review", "Do not hold a review"

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="dar_decisions")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    reasons = models.TextField()
    decided_on = models.DateField()
    chair = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    home_office_told_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({self.decided_on})"


class HomeOfficeAnswer(models.Model):
    """What the Home Office said of a decision not to review: it may accept it, or the Secretary
    of State may direct a review (s9(2))."""

    class Answer(models.TextChoices):
        ACCEPTED = "accepted", "The Home Office accepted the decision"
        DIRECTED = "directed", "The Secretary of State directed a review"

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="home_office_answers")
    answer = models.CharField(max_length=20, choices=Answer.choices)
    received_on = models.DateField()
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return self.get_answer_display()


class QaFeedback(models.Model):
    """A feedback letter from the Home Office's quality assurance panel. Publication waits for one
    that says the panel is content."""

    class Outcome(models.TextChoices):
        CONTENT = "content", "Content for the report to be published, once any changes it asks for are made"
        FURTHER_DEVELOPMENT = "further_development", "The report needs further development and must come back"

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="qa_feedback")
    panel_met_on = models.DateField()
    letter_on = models.DateField()
    outcome = models.CharField(max_length=30, choices=Outcome.choices)
    summary = models.TextField(help_text="What the letter asks for. No names.")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-letter_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({self.letter_on})"


class FamilyInvolvement(models.Model):
    """Family and friends, with specialist advocacy (guidance §6; AAFDA), and the name the family
    chose for the report."""

    class Advocacy(models.TextChoices):
        AAFDA = "aafda", "Advocacy After Fatal Domestic Abuse (AAFDA)"
        HOMICIDE_SERVICE = "homicide_service", "The National Homicide Service"
        OTHER = "other", "Another specialist advocate"
        DECLINED = "declined", "Offered and declined"
        NOT_YET = "not_yet", "Not offered yet"

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="family_involvement")
    first_letter_on = models.DateField(null=True, blank=True, help_text="The chair's first letter to the family.")
    advocacy = models.CharField(max_length=20, choices=Advocacy.choices)
    advocacy_offered_on = models.DateField(null=True, blank=True)
    met_family_on = models.DateField(null=True, blank=True)
    tribute = models.BooleanField(default=False, help_text="The report includes a tribute the family agreed.")
    lock_version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Family involvement in {self.case}"


class CommissionerCopy(models.Model):
    """The report sent to the Domestic Abuse Commissioner, as s9(3C) requires, as soon as
    reasonably practicable."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="commissioner_copy")
    sent_on = models.DateField()
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"Copy to the Commissioner of {self.case}"
