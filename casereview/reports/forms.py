from __future__ import annotations

from django import forms

from casereview.govuk.dates import GovukDateField
from casereview.govuk.wording import problem
from casereview.reports.models import (
    AccuracyRound,
    FamilyContact,
    Methodology,
    ParallelProcess,
    PublicationDecision,
    RedactionDecision,
)
from casereview.reports.services import RR_FIELDS


def _text(label, hint="", rows=4, required=False):
    return forms.CharField(label=label, help_text=hint, required=required,
                           widget=forms.Textarea(attrs={"rows": rows}))


class RapidReviewRecordForm(forms.Form):
    attendees = _text("Who attended the rapid review meeting", "Roles and agencies, one per line. No names.")
    circumstances = _text("Circumstances of the incident")
    agency_summaries = _text("Agency involvement", "A digest of the agency summaries; a draft is filled in for you.",
                             rows=8)
    key_practice_episodes = _text("Analysis of key practice episodes", rows=6)
    lived_experience = _text("The child's lived experience and context",
                             "Including how race, culture and other inequalities shaped the family's experience.")
    immediate_actions = _text("Immediate safeguarding actions")
    learning = _text("Learning identified", "Good practice and areas for improvement.")
    national_review_view = _text("Whether a national review may be appropriate", rows=2)
    parallel_processes = _text("Parallel processes", rows=2)
    family_involvement = _text("Plans for involving the family", rows=2)

    field_order = list(RR_FIELDS)


class TermsOfReferenceForm(forms.Form):
    scope_start = GovukDateField(label="Start of the scope period", required=False)
    scope_end = GovukDateField(label="End of the scope period", required=False)
    lines_of_enquiry = _text("Key lines of enquiry", "One per line.", rows=5)
    methodology = forms.ChoiceField(label="Methodology", required=False, widget=forms.RadioSelect,
                                    choices=Methodology.choices)
    agencies = forms.ModelMultipleChoiceField(label="Agencies in scope", required=False, queryset=None,
                                              widget=forms.CheckboxSelectMultiple)
    reviewer_declaration = _text("Lead reviewer's declaration of interests",
                                 "Any link with the agencies or the family, or “none”.", rows=3)
    panel_members = _text("Review panel membership", "Roles and agencies, one per line.", rows=4)
    family_plan = _text("How the family will be involved", rows=3)
    agreed_on = GovukDateField(label="Date the terms of reference were agreed (optional)", required=False)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies
        self.fields["agencies"].label_from_instance = lambda a: a.name


class FamilyContactForm(forms.Form):
    member = forms.CharField(label="Family member", max_length=120, help_text="Their relationship to the child.",
                             error_messages={"required": "Enter who in the family this is about"})
    kind = forms.ChoiceField(label="What happened", widget=forms.RadioSelect, choices=FamilyContact.Kind.choices,
                             error_messages={"required": "Select what happened"})
    on = GovukDateField(label="Date")
    notes = _text("Notes", "Their views, preferences, or why they were not involved.")


class LearningEventForm(forms.Form):
    planned_on = GovukDateField(label="Date it is planned for (optional)", required=False, past_only=False,
                                help_text="A plan may be in the future.")
    held_on = GovukDateField(label="Date it was held (optional)", required=False,
                             help_text="Leave this empty until the event has happened.")
    agencies = forms.ModelMultipleChoiceField(label="Agencies invited", required=False, queryset=None,
                                              widget=forms.CheckboxSelectMultiple)
    attendance = forms.IntegerField(label="How many practitioners came", min_value=0, max_value=500,
                                    widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                                    error_messages={"required": "Enter how many came"})
    notes = _text("Notes")
    themes = _text("Themes")
    support_offered = _text("Support offered to practitioners", rows=2)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies
        self.fields["agencies"].label_from_instance = lambda a: a.name
        self.fields["attendance"].required = False

    def clean(self):
        data = super().clean()
        if not data.get("planned_on") and not data.get("held_on") and not self.errors:
            self.add_error("planned_on", problem("Enter the date it is planned for, or the date it was held",
                                                 "enter_the_date_it_is"))
        if data.get("held_on") and data.get("attendance") is None and "attendance" not in self.errors:
            self.add_error("attendance", problem("Enter how many came", "enter_how_many_came"))
        if data.get("attendance") is None:
            data["attendance"] = 0
        return data


class ParallelProcessForm(forms.Form):
    kind = forms.ChoiceField(label="Process", choices=ParallelProcess.Kind.choices)
    open = forms.BooleanField(label="Still open", required=False, initial=True)
    holds_publication = forms.BooleanField(label="Holds publication while open", required=False)
    key_dates = _text("Key dates", rows=2)
    notes = _text("Notes", rows=2)


class AccuracyRoundForm(forms.Form):
    audience = forms.ChoiceField(label="Who checks the facts", widget=forms.RadioSelect,
                                 choices=AccuracyRound.Audience.choices, initial=AccuracyRound.Audience.AGENCIES)
    agencies = forms.ModelMultipleChoiceField(label="Agencies", required=False, queryset=None,
                                              widget=forms.CheckboxSelectMultiple)
    due_on = GovukDateField(label="Comments due by", past_only=False)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies
        self.fields["agencies"].label_from_instance = lambda a: a.name


class AccuracyCommentForm(forms.Form):
    section_key = forms.ChoiceField(label="Section", choices=[])
    comment = _text("Your correction", "Quote the words, then the correction and where it comes from.",
                    required=True)

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section_key"].choices = [(s["key"], s["title"]) for s in sections]
        self.fields["comment"].error_messages["required"] = "Enter your correction"


class ApprovalForm(forms.Form):
    comment = _text("Comment (optional)", rows=3)


class PublicationDecisionForm(forms.Form):
    form = forms.ChoiceField(label="What will be published", widget=forms.RadioSelect,
                             choices=PublicationDecision.Form.choices,
                             error_messages={"required": "Select what will be published"})
    reason = _text("Reason, if not published", rows=3)
    foreword = _text("Foreword (optional)", "For example, from the independent scrutineer or the partnership’s "
                     "chair. Published before the report.", rows=4)
    response = _text("The safeguarding partners’ response", "What the partners will do about the findings. "
                     "Published after the report; needed before publishing.", rows=6)
    glossary = _text("Glossary (optional)", "One term a line, for example “LADO: Local Authority Designated "
                     "Officer”.", rows=6)


class RedactionForm(forms.Form):
    action = forms.ChoiceField(label="Decision", widget=forms.RadioSelect, choices=RedactionDecision.Action.choices,
                               error_messages={"required": "Choose to replace it or keep it"})
    replacement = forms.CharField(label="Replace with", required=False, max_length=200)
    reason = forms.CharField(label="Why it can stay", required=False, max_length=500)


class PublishForm(forms.Form):
    published_on = GovukDateField(label="Publication date", past_only=True)
    review_on = GovukDateField(label="Review whether it stays online on (optional)", past_only=False, required=False,
                               help_text="At least 12 months after publication. Leave blank for 12 months.")


class CorrectionForm(forms.Form):
    note = _text("What is corrected", "Shown with the corrected report.", required=True)


class LinesForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 12}),
                           error_messages={"required": "Write at least one line"})

    def __init__(self, *args, label: str, hint: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = label
        self.fields["text"].help_text = hint
