"""Safeguarding adults reviews (Care Act 2014 s44): what the adults framework records beyond the
case engine's own records. The adult is a Subject of the case, named only in SubjectIdentity."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from casereview.cases.models import YesNoUnknown

USER = settings.AUTH_USER_MODEL


class LegalBasis(models.TextChoices):
    MANDATORY = "s44_mandatory", "Mandatory: section 44(1) to (3)"
    DISCRETIONARY = "s44_discretionary", "Discretionary: section 44(4)"


class SarMethodology(models.TextChoices):
    """The board chooses a proportionate method; none is mandated (brief §1.3)."""

    INDEPENDENT_AUTHOR = "independent_author", "Independent author with agency reports (IMRs)"
    LEARNING_TOGETHER = "learning_together", "SCIE Learning Together"
    RAPID_TIME = "rapid_time", "SAR in Rapid Time"
    SILP = "silp", "Significant Incident Learning Process (SILP)"
    APPRECIATIVE_INQUIRY = "appreciative_inquiry", "Appreciative inquiry"
    HYBRID = "hybrid", "Hybrid: document review and a practitioner event"
    OTHER = "other", "Another proportionate method"


class SarReferral(models.Model):
    """The referrer's answers to section 44's questions; the rest of the referral is cases.Referral."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="sar_referral")
    care_and_support_needs = models.CharField(max_length=20, choices=YesNoUnknown.choices, blank=True)
    working_together_concern = models.CharField(max_length=20, choices=YesNoUnknown.choices, blank=True)

    def __str__(self) -> str:
        return f"SAR referral answers for {self.case}"


class SarCriteria(models.Model):
    """The board's screening of a referral against section 44, made when it is acknowledged."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="sar_criteria")
    acknowledged_on = models.DateField()
    care_and_support_needs = models.CharField(max_length=20, choices=YesNoUnknown.choices)
    working_together_concern = models.CharField(max_length=20, choices=YesNoUnknown.choices)
    abuse_or_neglect = models.CharField(max_length=20, choices=YesNoUnknown.choices)
    rationale = models.TextField()
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Section 44 screening of {self.case}"


class Recommendation(models.TextChoices):
    COMMISSION = "commission", "Commission a safeguarding adults review"
    ALTERNATIVE = "alternative", "A proportionate alternative learning review"
    NO_REVIEW = "no_review", "No review"
    MORE_INFORMATION = "more_information", "More information is needed first"


class SubgroupRecommendation(models.Model):
    """The SAR subgroup's advice to the independent chair. A later meeting adds another row."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="sar_recommendations")
    met_on = models.DateField()
    recommendation = models.CharField(max_length=20, choices=Recommendation.choices)
    legal_basis = models.CharField(max_length=20, choices=LegalBasis.choices, blank=True)
    methodology = models.CharField(max_length=30, choices=SarMethodology.choices, blank=True)
    rationale = models.TextField()
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-met_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_recommendation_display()} ({self.met_on})"


class ChairDecision(models.TextChoices):
    COMMISSION = "commission", "Commission a safeguarding adults review"
    ALTERNATIVE = "alternative", "A proportionate alternative learning review"
    NO_REVIEW = "no_review", "No review: close the referral"
    REFER_ELSEWHERE = "refer_elsewhere", "Refer to another kind of review (a children's review or a DARDR)"


class SarDecision(models.Model):
    """The independent chair's decision, on the subgroup's advice. A re-decision adds another row."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="sar_decisions")
    decision = models.CharField(max_length=20, choices=ChairDecision.choices)
    legal_basis = models.CharField(max_length=20, choices=LegalBasis.choices, blank=True)
    methodology = models.CharField(max_length=30, choices=SarMethodology.choices, blank=True)
    rationale = models.TextField()
    decided_on = models.DateField()
    chair = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} ({self.decided_on})"


class Consent(models.TextChoices):
    GIVEN = "given", "The adult agreed to take part"
    DECLINED = "declined", "The adult declined"
    LACKS_CAPACITY = "lacks_capacity", "The adult lacks capacity to decide: a best interests decision was made"
    NOT_YET_ASKED = "not_yet_asked", "Not yet asked"
    DIED = "died", "The adult has died"


class Advocacy(models.TextChoices):
    INDEPENDENT = "independent", "An independent advocate the local authority arranged"
    FAMILY_OR_FRIEND = "family_or_friend", "A family member or friend"
    NOT_NEEDED = "not_needed", "Not needed: the adult can take part without substantial difficulty"
    DECLINED = "declined", "Offered and declined"
    NOT_APPLICABLE = "not_applicable", "Not applicable: the adult has died"


class AdultInvolvement(models.Model):
    """How the adult, an advocate and the family take part (brief §1.5). Kept current through the review."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="adult_involvement")
    consent = models.CharField(max_length=20, choices=Consent.choices)
    consent_on = models.DateField(null=True, blank=True)
    capacity_notes = models.TextField(blank=True, help_text="Mental Capacity Act: the decision and who made it.")
    public_interest_reason = models.TextField(
        blank=True, help_text="If the adult declined: why the review continues in the public interest.")
    advocacy = models.CharField(max_length=20, choices=Advocacy.choices)
    advocate_role = models.CharField(max_length=120, blank=True, help_text="A role or service, not a name.")
    family_invited = models.CharField(max_length=20, choices=YesNoUnknown.choices)
    family_invited_on = models.DateField(null=True, blank=True)
    family_not_invited_reason = models.TextField(blank=True)
    how_described = models.TextField(blank=True, help_text="How the adult is to be described in the report, as agreed.")
    lock_version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Involvement of the adult in {self.case}"


class FindingNotActedOn(models.Model):
    """The board's reason for not acting on a finding: its annual report must give it (Care Act
    Schedule 2 para 4)."""

    finding = models.OneToOneField("learning.Finding", on_delete=models.CASCADE, related_name="not_acted_on")
    reason = models.TextField()
    decided_on = models.DateField()
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"Reason for not acting on {self.finding}"
