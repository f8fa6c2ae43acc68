from __future__ import annotations

from django import forms

from casereview.govuk.dates import GovukDateField
from casereview.learning import themes as theme_vocabulary
from casereview.learning.models import Dissemination, Source
from casereview.library.queries import panel_reports


def _area(label, hint="", rows=3, required=True, message=""):
    return forms.CharField(label=label, help_text=hint, required=required, widget=forms.Textarea(attrs={"rows": rows}),
                           error_messages={"required": message or f"Enter {label[0].lower() + label[1:]}"})


class FindingForm(forms.Form):
    text = _area("The finding", "What the review found, in a sentence or two.", message="Enter the finding")
    # Read when the form is built: the vocabulary is edited in the library.
    themes = forms.MultipleChoiceField(label="Themes", required=False, widget=forms.CheckboxSelectMultiple,
                                       choices=theme_vocabulary.choices)


class RecommendationForm(forms.Form):
    text = _area("The recommendation", message="Enter the recommendation")
    finding = forms.ModelChoiceField(label="The finding it answers (optional)", required=False, queryset=None,
                                     empty_label="None")
    source = forms.ChoiceField(label="Where it comes from", widget=forms.RadioSelect, choices=Source.choices,
                               initial=Source.REVIEW)
    library_document = forms.ModelChoiceField(
        label="The National Panel report (if it comes from one)", required=False, queryset=None,
        empty_label="Not a National Panel report",
        help_text="The report's page in the library then lists this recommendation, and its own recommendations "
                  "are not counted as repeats of this one.")
    source_detail = forms.CharField(label="Which report, if not this case's review (optional)", required=False,
                                    max_length=300)

    def __init__(self, *args, findings, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = findings
        self.fields["finding"].label_from_instance = lambda f: f"Finding {f.number}: {f.text[:80]}"
        self.fields["library_document"].queryset = panel_reports()
        self.fields["library_document"].label_from_instance = lambda d: f"{d.title} ({d.published_year})"


class ActionForm(forms.Form):
    description = _area("What will be done", message="Describe the action")
    agency = forms.ModelChoiceField(label="Owning agency", queryset=None, empty_label="Choose an agency",
                                    error_messages={"required": "Choose the owning agency"})
    lead = forms.ModelChoiceField(label="Named lead", queryset=None, empty_label="Choose a person",
                                  help_text="Someone in the owning agency.",
                                  error_messages={"required": "Choose the named lead"})
    start_on = GovukDateField(label="Start date", past_only=False)
    due_on = GovukDateField(label="Due date", past_only=False)
    success_measure = _area("How success will be measured", message="Say how success will be measured")

    def __init__(self, *args, agencies, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["agency"].label_from_instance = lambda a: a.name
        self.fields["lead"].queryset = people
        self.fields["lead"].label_from_instance = lambda p: f"{p.full_name}, {p.agency.name if p.agency else ''}"


class UpdateForm(forms.Form):
    text = _area("Progress", message="Describe the progress")
    impact = forms.BooleanField(label="This is evidence of impact on practice", required=False,
                                help_text="For example, an audit showing the new practice is followed.")
    file = forms.FileField(label="Evidence file (optional)", required=False,
                           help_text="PDF, Word, Excel, PNG or JPEG, up to 5 MB.")
    mark_done = forms.BooleanField(label="The action is done", required=False)


class BriefingForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200, error_messages={"required": "Enter a title"})

    def __init__(self, *args, headings, **kwargs):
        super().__init__(*args, **kwargs)
        for key, heading in headings:
            self.fields[key] = forms.CharField(
                label=heading, required=False, widget=forms.Textarea(attrs={"rows": 4}),
                help_text="Plain paragraphs; “- ” for bullets. Use the pseudonym and roles, never names.")


class DisseminationForm(forms.Form):
    kind = forms.ChoiceField(label="What happened", widget=forms.RadioSelect, choices=Dissemination.Kind.choices,
                             error_messages={"required": "Select what happened"})
    agency = forms.ModelChoiceField(label="Agency", required=False, queryset=None, empty_label="Choose an agency")
    team = forms.CharField(label="Team (optional)", required=False, max_length=200)
    on = GovukDateField(label="Date")
    attendance = forms.IntegerField(label="How many attended (events and training)", required=False, min_value=0,
                                    widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    responses = forms.IntegerField(label="Survey responses", required=False, min_value=0,
                                   widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    changed = _area("What changed in practice (survey)", required=False)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["agency"].label_from_instance = lambda a: a.name


class PeriodForm(forms.Form):
    start = GovukDateField(label="From", required=False)
    end = GovukDateField(label="To", required=False, past_only=False)
    kind = forms.ChoiceField(label="Kind of review", required=False)

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Offered only where the partnership runs more than one kind.
        self.fields["kind"].choices = [("", "All kinds")] + list(kinds)
        if len(kinds) < 2:
            del self.fields["kind"]


class ActionLogFilterForm(forms.Form):
    """Filters for the partnership's action log."""

    agency = forms.TypedChoiceField(label="Agency", coerce=int, required=False, empty_value=None)
    status = forms.ChoiceField(label="Status", required=False)
    theme = forms.ChoiceField(label="Theme", required=False)
    due = forms.ChoiceField(label="Due", required=False, choices=[
        ("", "Any time"), ("overdue", "Overdue"), ("month", "Within 30 days"), ("later", "Later")])
    case = forms.CharField(label="Case reference", required=False, max_length=20)

    def __init__(self, *args, agencies, **kwargs):
        from casereview.learning.models import ActionStatus

        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "Any")] + [(a.pk, a.name) for a in agencies]
        self.fields["status"].choices = [("", "Any"), ("open", "Not done yet")] + list(ActionStatus.choices)
        self.fields["theme"].choices = [("", "Any")] + theme_vocabulary.choices()
