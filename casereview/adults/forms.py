"""The forms of the adults framework: the referral, each step of the lifecycle and the adult's
involvement. Forms check shape; casereview.adults.framework checks the rules."""

from __future__ import annotations

from django import forms

from casereview.accounts.models import User
from casereview.adults.models import (
    AdultInvolvement,
    Advocacy,
    ChairDecision,
    Consent,
    LegalBasis,
    Recommendation,
    SarMethodology,
)
from casereview.cases.models import AbuseKind, AbuseOrNeglect, Ethnicity, IncidentKind, Sex, YesNoUnknown
from casereview.cases.transition_forms import StepForm
from casereview.govuk.dates import GovukDateField
from casereview.govuk.wording import problem
from casereview.partnerships.models import Agency, LocalAuthority, Role

# The Care Act's kinds of abuse and neglect, as a SAR referral offers them.
ADULT_ABUSE_KINDS = [(k, AbuseKind(k).label) for k in (
    AbuseKind.PHYSICAL, AbuseKind.DOMESTIC, AbuseKind.SEXUAL, AbuseKind.EMOTIONAL, AbuseKind.FINANCIAL,
    AbuseKind.MODERN_SLAVERY, AbuseKind.DISCRIMINATORY, AbuseKind.ORGANISATIONAL, AbuseKind.NEGLECT_OR_OMISSION,
    AbuseKind.SELF_NEGLECT, AbuseKind.OTHER)]

OUTCOME_INFORMATION = "information"
OUTCOME_SUBGROUP = "subgroup"
OUTCOME_CLOSE = "close"


class SarReferralForm(forms.Form):
    """Everything may be left blank while drafting; what a referral needs before it is submitted is
    checked by framework.referral_problems."""

    referrer_role = forms.CharField(label="Your job title", required=False, max_length=120,
                                    widget=forms.TextInput(attrs={"autocomplete": "organization-title"}))
    senior_lead_agreed = forms.ChoiceField(
        label="Has your agency's safeguarding lead agreed this referral?", required=False, widget=forms.RadioSelect,
        choices=YesNoUnknown.choices)
    local_authority = forms.ModelChoiceField(label="Local authority where the adult lived", required=False,
                                             queryset=LocalAuthority.objects.none(),
                                             empty_label="Choose a local authority")
    full_name = forms.CharField(label="The adult's full name", required=False, max_length=200,
                                help_text="Kept apart from the rest of the referral and shown only to those who "
                                          "need it.", widget=forms.TextInput(attrs={"autocomplete": "off",
                                                                                    "spellcheck": "false"}))
    date_of_birth = GovukDateField(label="Date of birth", required=False)
    age = forms.IntegerField(label="Age in years", required=False, min_value=18, max_value=120,
                             help_text="If you do not know the date of birth.",
                             error_messages={"min_value": "A safeguarding adults review is about someone aged 18 "
                                                          "or over: for a child, make a children's referral"},
                             widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}))
    sex = forms.ChoiceField(label="Sex", required=False, widget=forms.RadioSelect, choices=Sex.choices)
    ethnicity = forms.ChoiceField(label="Ethnicity", required=False, choices=[("", "Choose")] + Ethnicity.choices)
    incident_kind = forms.ChoiceField(
        label="What happened to the adult?", required=False, widget=forms.RadioSelect,
        choices=[(IncidentKind.DEATH, "The adult has died"),
                 (IncidentKind.SERIOUS_HARM, "The adult is alive and has experienced serious abuse or neglect"),
                 (IncidentKind.OTHER, "Something else")])
    incident_date = GovukDateField(label="Date of the death or of the most recent serious incident", required=False)
    care_and_support_needs = forms.ChoiceField(
        label="Did the adult have needs for care and support?", required=False, widget=forms.RadioSelect,
        choices=YesNoUnknown.choices, help_text="Whether or not the local authority was meeting them.")
    abuse_or_neglect = forms.ChoiceField(label="Is abuse or neglect (including self-neglect) known or suspected?",
                                         required=False, widget=forms.RadioSelect, choices=AbuseOrNeglect.choices)
    abuse_kinds = forms.MultipleChoiceField(label="Kind of abuse or neglect", required=False,
                                            widget=forms.CheckboxSelectMultiple, choices=ADULT_ABUSE_KINDS,
                                            help_text="Select all that apply.")
    working_together_concern = forms.ChoiceField(
        label="Is there concern about how agencies worked together to keep the adult safe?", required=False,
        widget=forms.RadioSelect, choices=YesNoUnknown.choices)
    description = forms.CharField(label="What happened, and why you think agencies could learn from it",
                                  required=False, widget=forms.Textarea(attrs={"rows": 6}),
                                  help_text="Refer to people by their role, for example “the son”, not by name.")
    aware_date = GovukDateField(label="Date your agency became aware of the concern", required=False)
    agencies = forms.ModelMultipleChoiceField(label="Agencies involved with the adult", required=False,
                                              queryset=Agency.objects.none(), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["local_authority"].queryset = partnership.local_authorities.order_by("name")
        self.fields["agencies"].queryset = partnership.agencies.filter(is_active=True).order_by("name")


class AcknowledgeForm(StepForm):
    acknowledged_on = GovukDateField(label="Date the referral was acknowledged")
    care_and_support_needs = forms.ChoiceField(
        label="Did the adult have needs for care and support?", widget=forms.RadioSelect, choices=YesNoUnknown.choices,
        error_messages={"required": "Select whether the adult had needs for care and support"})
    abuse_or_neglect = forms.ChoiceField(
        label="Is abuse or neglect known or suspected: abuse or neglect that led to the death, or serious abuse or "
              "neglect of an adult who is alive?", widget=forms.RadioSelect, choices=YesNoUnknown.choices,
        error_messages={"required": "Select whether abuse or neglect is known or suspected"})
    working_together_concern = forms.ChoiceField(
        label="Is there reasonable cause for concern about how agencies worked together?", widget=forms.RadioSelect,
        choices=YesNoUnknown.choices,
        error_messages={"required": "Select whether there is concern about how agencies worked together"})
    outcome = forms.ChoiceField(label="What happens next", widget=forms.RadioSelect, choices=[
        (OUTCOME_INFORMATION, "Ask the agencies for information first (section 45)"),
        (OUTCOME_SUBGROUP, "Take it to the SAR subgroup now"),
        (OUTCOME_CLOSE, "Close it: the adult did not have care and support needs")],
        error_messages={"required": "Select what happens next"})
    rationale = forms.CharField(label="Rationale", widget=forms.Textarea(attrs={"rows": 4}),
                                help_text="How section 44 applies, as far as is known. Do not include names.",
                                error_messages={"required": "Give the rationale"})


class SubgroupReadyForm(StepForm):
    information_complete_on = GovukDateField(
        label="Date the agencies' information was complete",
        help_text="The subgroup's recommendation is due 10 working days after this.")
    note = forms.CharField(label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class RecommendForm(StepForm):
    met_on = GovukDateField(label="Date the SAR subgroup met")
    recommendation = forms.ChoiceField(label="The subgroup's recommendation", widget=forms.RadioSelect,
                                       choices=Recommendation.choices,
                                       error_messages={"required": "Select the subgroup's recommendation"})
    legal_basis = forms.ChoiceField(label="Legal basis", required=False, widget=forms.RadioSelect,
                                    choices=LegalBasis.choices, help_text="Needed when the subgroup recommends a SAR.")
    methodology = forms.ChoiceField(label="Suggested methodology", required=False,
                                    choices=[("", "Choose a methodology")] + SarMethodology.choices)
    rationale = forms.CharField(label="Rationale", widget=forms.Textarea(attrs={"rows": 5}),
                                error_messages={"required": "Give the subgroup's rationale"})


class ChairDecisionForm(StepForm):
    decision = forms.ChoiceField(label="The independent chair's decision", widget=forms.RadioSelect,
                                 choices=ChairDecision.choices,
                                 error_messages={"required": "Select the chair's decision"})
    legal_basis = forms.ChoiceField(label="Legal basis", required=False, widget=forms.RadioSelect,
                                    choices=LegalBasis.choices, help_text="Needed to commission a SAR.")
    methodology = forms.ChoiceField(label="Methodology", required=False,
                                    choices=[("", "Choose a methodology")] + SarMethodology.choices,
                                    help_text="Needed to commission a SAR. SAR in Rapid Time sets a 3-month clock.")
    chair = forms.ModelChoiceField(label="Independent chair", queryset=User.objects.none(),
                                   empty_label="Choose the chair",
                                   error_messages={"required": "Choose the independent chair who decided"})
    decided_on = GovukDateField(label="Date of the decision")
    rationale = forms.CharField(label="Rationale", widget=forms.Textarea(attrs={"rows": 5}),
                                help_text="Kept with the decision; the referrer is told the outcome. Do not include "
                                          "names.",
                                error_messages={"required": "Give the rationale for the decision"})

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["chair"].queryset = User.objects.filter(
            is_active=True, role_assignments__partnership_id=case.partnership_id,
            role_assignments__role=Role.SAB_CHAIR).distinct().order_by("full_name")
        self.fields["chair"].label_from_instance = lambda person: person.full_name
        latest = case.sar_recommendations.first()
        if not self.is_bound and latest is not None:
            self.initial = {"legal_basis": latest.legal_basis, "methodology": latest.methodology}


class InvolvementForm(forms.ModelForm):
    consent_on = GovukDateField(label="Date consent was asked or the decision made", required=False)
    family_invited_on = GovukDateField(label="Date the family was invited", required=False)

    class Meta:
        model = AdultInvolvement
        fields = ["consent", "consent_on", "capacity_notes", "public_interest_reason", "advocacy", "advocate_role",
                  "family_invited", "family_invited_on", "family_not_invited_reason", "how_described"]
        labels = {"consent": "The adult's consent to take part", "capacity_notes": "Mental capacity (optional)",
                  "public_interest_reason": "Why the review continues (if the adult declined)",
                  "advocacy": "Advocacy", "advocate_role": "Advocate's role or service (optional)",
                  "family_invited": "Was the family invited to take part?",
                  "family_not_invited_reason": "Why the family was not invited (if not)",
                  "how_described": "How the adult is to be described in the report (optional)"}
        widgets = {"consent": forms.RadioSelect, "advocacy": forms.RadioSelect, "family_invited": forms.RadioSelect,
                   "capacity_notes": forms.Textarea(attrs={"rows": 3}),
                   "public_interest_reason": forms.Textarea(attrs={"rows": 3}),
                   "family_not_invited_reason": forms.Textarea(attrs={"rows": 3}),
                   "how_described": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"consent": {"required": "Select the adult's consent"},
                          "advocacy": {"required": "Select the advocacy arranged"},
                          "family_invited": {"required": "Select whether the family was invited"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("consent", "advocacy", "family_invited"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]

    def clean(self):
        data = super().clean()
        if data.get("consent") == Consent.DECLINED and not (data.get("public_interest_reason") or "").strip():
            self.add_error("public_interest_reason", problem("Say why the review continues although the adult declined",
                                                             "say_why_the_review_continues"))
        if data.get("family_invited") == YesNoUnknown.NO and not (data.get("family_not_invited_reason") or "").strip():
            self.add_error("family_not_invited_reason", problem("Say why the family was not invited",
                                                                "say_why_the_family_was"))
        if data.get("consent") == Consent.DIED and data.get("advocacy") not in (None, Advocacy.NOT_APPLICABLE):
            self.add_error("advocacy", problem("The adult has died: select “Not applicable”",
                                               "the_adult_has_died_select"))
        return data


class NotActedOnForm(forms.Form):
    reason = forms.CharField(label="Why the board is not acting on this finding", widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Give the reason"})
    decided_on = GovukDateField(label="Date the board decided")
