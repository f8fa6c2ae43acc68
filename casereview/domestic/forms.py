"""Forms of the domestic abuse framework. Forms check shape; casereview.domestic.framework and
casereview.domestic.services check the rules."""

from __future__ import annotations

from django import forms

from casereview.accounts.models import User
from casereview.cases.models import Sex
from casereview.cases.transition_forms import StepForm
from casereview.domestic.models import (
    DarDecision,
    DeathKind,
    FamilyInvolvement,
    HomeOfficeAnswer,
    QaFeedback,
    Relationship,
)
from casereview.govuk.dates import GovukDateField
from casereview.govuk.wording import problem
from casereview.partnerships.models import LocalAuthority, Role


class NotificationForm(forms.Form):
    notified_on = GovukDateField(label="Date the police notified the partnership")
    police_reference = forms.CharField(label="Police reference (optional)", required=False, max_length=40)
    full_name = forms.CharField(label="Full name of the person who died", max_length=200,
                                help_text="Kept apart from the rest of the record and shown only to those who need it.",
                                error_messages={"required": "Enter the name of the person who died"},
                                widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    age = forms.IntegerField(label="Age in years", min_value=16, max_value=120,
                             error_messages={"required": "Enter their age",
                                             "min_value": "A domestic abuse related death review is about someone "
                                                          "aged 16 or over"},
                             widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}))
    sex = forms.ChoiceField(label="Sex", widget=forms.RadioSelect, choices=Sex.choices,
                            error_messages={"required": "Select their sex"})
    date_of_death = GovukDateField(label="Date of death")
    death_kind = forms.ChoiceField(label="How they died", widget=forms.RadioSelect, choices=DeathKind.choices,
                                   error_messages={"required": "Select how they died"})
    relationship = forms.ChoiceField(label="The suspected perpetrator's relationship to them",
                                     widget=forms.RadioSelect, choices=Relationship.choices,
                                     error_messages={"required": "Select the relationship"})
    criminal_proceedings = forms.BooleanField(label="Criminal proceedings are under way or expected", required=False)
    local_authority = forms.ModelChoiceField(label="Local authority", queryset=LocalAuthority.objects.none(),
                                             empty_label="Choose a local authority",
                                             error_messages={"required": "Choose the local authority"})

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["local_authority"].queryset = partnership.local_authorities.order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("notified_on") and data.get("date_of_death") and data["notified_on"] < data["date_of_death"]:
            self.add_error("notified_on", problem("The notification cannot be before the death",
                                                  "the_notification_cannot_be_before"))
        return data


class DecisionForm(StepForm):
    outcome = forms.ChoiceField(label="The partnership's decision", widget=forms.RadioSelect,
                                choices=DarDecision.Outcome.choices,
                                error_messages={"required": "Select the decision"})
    reasons = forms.CharField(label="Reasons", widget=forms.Textarea(attrs={"rows": 5}),
                              help_text="The Home Office is told these, whichever the decision. No names.",
                              error_messages={"required": "Give the reasons for the decision"})
    chair = forms.ModelChoiceField(label="Community safety partnership chair", queryset=User.objects.none(),
                                   empty_label="Choose the chair",
                                   error_messages={"required": "Choose the chair who decided"})
    decided_on = GovukDateField(label="Date of the decision")

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["chair"].queryset = User.objects.filter(
            is_active=True, role_assignments__partnership_id=case.partnership_id,
            role_assignments__role=Role.CSP_CHAIR).distinct().order_by("full_name")
        self.fields["chair"].label_from_instance = lambda person: person.full_name


class TellHomeOfficeForm(StepForm):
    told_on = GovukDateField(label="Date the Home Office was told", help_text="With the reasons, for either decision.")


class HomeOfficeAnswerForm(StepForm):
    answer = forms.ChoiceField(label="The Home Office's answer", widget=forms.RadioSelect,
                               choices=HomeOfficeAnswer.Answer.choices,
                               error_messages={"required": "Select the Home Office's answer"})
    received_on = GovukDateField(label="Date of the answer")


class NoteForm(StepForm):
    note = forms.CharField(label="What the panel asked for", widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": "Say what the panel asked for"})


class QaFeedbackForm(forms.Form):
    panel_met_on = GovukDateField(label="Date the panel met")
    letter_on = GovukDateField(label="Date of the feedback letter")
    outcome = forms.ChoiceField(label="What the panel said", widget=forms.RadioSelect,
                                choices=QaFeedback.Outcome.choices, error_messages={"required": "Select what the panel said"})
    summary = forms.CharField(label="What the letter asks for", widget=forms.Textarea(attrs={"rows": 4}),
                              error_messages={"required": "Summarise the letter"})

    def clean(self):
        data = super().clean()
        if data.get("panel_met_on") and data.get("letter_on") and data["letter_on"] < data["panel_met_on"]:
            self.add_error("letter_on", problem("The letter cannot be before the panel met",
                                                "the_letter_cannot_be_before"))
        return data


class FamilyForm(forms.ModelForm):
    first_letter_on = GovukDateField(label="Date of the chair's first letter to the family", required=False)
    advocacy_offered_on = GovukDateField(label="Date specialist advocacy was offered", required=False)
    met_family_on = GovukDateField(label="Date the chair met the family", required=False)
    chosen_name = forms.CharField(label="The name the family chose for the report (optional)", required=False,
                                  max_length=60, help_text="The report and the service will use it instead of the "
                                                           "reference name. It must not be the person's real name.")

    class Meta:
        model = FamilyInvolvement
        fields = ["first_letter_on", "advocacy", "advocacy_offered_on", "met_family_on", "tribute"]
        labels = {"advocacy": "Specialist advocacy", "tribute": "The report includes a tribute the family agreed"}
        widgets = {"advocacy": forms.RadioSelect}
        error_messages = {"advocacy": {"required": "Select the advocacy offered"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["advocacy"].choices = [c for c in self.fields["advocacy"].choices if c[0]]

    def clean(self):
        data = super().clean()
        if data.get("advocacy") not in (None, FamilyInvolvement.Advocacy.NOT_YET) and not data.get(
                "advocacy_offered_on"):
            self.add_error("advocacy_offered_on", problem("Enter the date advocacy was offered",
                                                          "enter_the_date_advocacy_was"))
        return data


class CommissionerForm(forms.Form):
    sent_on = GovukDateField(label="Date the report was sent to the Domestic Abuse Commissioner")
