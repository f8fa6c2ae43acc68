from __future__ import annotations

from django import forms

from casereview.cases import frameworks
from casereview.cases.models import YesNoUnknown
from casereview.contributions.models import DatePrecision, RequestKind
from casereview.govuk.dates import GovukDateField
from casereview.govuk.wording import problem


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label="What are you asking for?", widget=forms.RadioSelect, choices=RequestKind.choices,
                             error_messages={"required": "Select what you are asking for"})
    contributors = forms.ModelMultipleChoiceField(
        label="Who should contribute?", queryset=None, widget=forms.CheckboxSelectMultiple, required=False,
        help_text="Each person's agency gets one request; they see only their own agency's requests. People at the "
                  "agencies known to the family are already selected.")
    invite_agency = forms.ModelChoiceField(label="Agency", queryset=None, required=False,
                                           empty_label="Choose an agency")
    invite_name = forms.CharField(label="Their full name", max_length=200, required=False)
    invite_email = forms.EmailField(label="Their work email address", required=False,
                                    error_messages={"invalid": "Enter an email address like name@agency.org"})
    instructions = forms.CharField(label="Instructions", widget=forms.Textarea(attrs={"rows": 4}),
                                   error_messages={"required": "Enter instructions for the agencies"})
    lines_of_enquiry = forms.CharField(label="Key lines of enquiry (optional)", required=False,
                                       widget=forms.Textarea(attrs={"rows": 4}), help_text="One per line.")
    scope_start = GovukDateField(label="Start of the scope period (optional)", required=False)
    scope_end = GovukDateField(label="End of the scope period (optional)", required=False)

    def __init__(self, *args, people, agencies, known=(), kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kinds is not None:
            self.fields["kind"].choices = [(k, RequestKind(k).label) for k in kinds]
        known = {a.pk for a in known}
        self.fields["contributors"].queryset = people
        self.fields["contributors"].label_from_instance = lambda p: (
            f"{p.full_name}, {p.agency.name}" + (" (known to the family)" if p.agency_id in known else ""))
        self.fields["invite_agency"].queryset = agencies
        self.fields["invite_agency"].label_from_instance = lambda a: a.name

    def clean(self):
        data = super().clean()
        inviting = [data.get("invite_agency"), (data.get("invite_name") or "").strip(), data.get("invite_email")]
        if any(inviting) and not all(inviting) and not self.errors.get("invite_email"):
            for name, value, message in (("invite_agency", inviting[0], "Choose the agency of the person to invite"),
                                         ("invite_name", inviting[1], "Enter the name of the person to invite"),
                                         ("invite_email", inviting[2], "Enter the email address of the person to "
                                                                       "invite")):
                if not value:
                    self.add_error(name, message)
        if not data.get("contributors") and not all(inviting) and not self.errors:
            self.add_error("contributors", problem("Select at least one contributor, or invite "
                                                   "someone at an agency with nobody in the "
                                                   "service", "select_at_least_one_contributor"))
        return data

    def by_agency(self) -> dict:
        grouped: dict = {}
        for person in self.cleaned_data["contributors"]:
            grouped.setdefault(person.agency_id, []).append(person)
        return grouped

    def invited(self) -> dict:
        data = self.cleaned_data
        if not data.get("invite_agency"):
            return {}
        return {data["invite_agency"].pk: [(data["invite_name"].strip(), data["invite_email"])]}


class EntryForm(forms.Form):
    precision = forms.ChoiceField(label="How exact is the date?", widget=forms.RadioSelect,
                                  choices=DatePrecision.choices, initial=DatePrecision.DAY)
    on = GovukDateField(label="Date of the event", help_text="For a month or a year only, leave the day (and month) "
                                                             "blank.")
    uncertain = forms.BooleanField(label="The date is uncertain", required=False)
    at = forms.TimeField(label="Time (optional)", required=False, input_formats=["%H:%M", "%H.%M"],
                         widget=forms.TextInput(attrs={"inputmode": "numeric"}), help_text="24-hour, like 14:30",
                         error_messages={"invalid": "Enter the time in 24-hour form, like 14:30"})
    source = forms.CharField(label="Source of information", max_length=200,
                             help_text="The record this comes from, for example “GP consultation notes”.",
                             error_messages={"required": "Enter the source of information"})
    practitioner_role = forms.CharField(label="Practitioner role", max_length=120,
                                        help_text="A role, never a name.",
                                        error_messages={"required": "Enter the practitioner's role"})
    event = forms.CharField(label="What happened", widget=forms.Textarea(attrs={"rows": 4}),
                            help_text="Facts, not opinions. Refer to family members by their relationship.",
                            error_messages={"required": "Enter what happened"})
    child_seen = forms.ChoiceField(label="Was the child seen?", widget=forms.RadioSelect,
                                   choices=YesNoUnknown.choices, initial=YesNoUnknown.NOT_KNOWN)
    child_voice = forms.CharField(label="What the child said or how they seemed (optional)", required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    action = forms.CharField(label="Action taken", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    no_action_reason = forms.CharField(label="If no action was taken, why not", required=False,
                                       widget=forms.Textarea(attrs={"rows": 2}))
    outcome = forms.CharField(label="Outcome (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    significance = forms.CharField(label="Significance (optional)", required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, data=None, *args, person: str = "child", **kwargs):
        if data is not None:
            # A month-only or year-only date is typed without its day (and month): fill them in.
            data = data.copy()
            precision = data.get("precision")
            if precision in (DatePrecision.MONTH, DatePrecision.YEAR) and not data.get("on-day"):
                data["on-day"] = "1"
            if precision == DatePrecision.YEAR and not data.get("on-month"):
                data["on-month"] = "1"
        super().__init__(data, *args, **kwargs)
        # Who the review is about (cases.frameworks.Framework.person): the child, the adult, the victim.
        self.fields["child_seen"].label = f"Was the {person} seen?"
        self.fields["child_voice"].label = f"What the {person} said or how they seemed (optional)"

    def clean(self):
        data = super().clean()
        on, precision = data.get("on"), data.get("precision")
        if on and precision == DatePrecision.MONTH:
            data["on"] = on.replace(day=1)
        elif on and precision == DatePrecision.YEAR:
            data["on"] = on.replace(day=1, month=1)
        if not data.get("action", "").strip() and not data.get("no_action_reason", "").strip():
            self.add_error("no_action_reason", problem("Say what action was taken, or why none was",
                                                       "say_what_action_was_taken"))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label="Upload your chronology", help_text="The template filled in, as Excel (.xlsx) or "
                                                                     "CSV, up to 2 MB.",
                           error_messages={"required": "Choose the file to upload",
                                           "empty": "The file is empty"})


class SubmitForm(forms.Form):
    signed_off_by = forms.CharField(label="Name and role of the manager who signed this off", max_length=200,
                                    error_messages={"required": "Enter the name of the manager who signed this off"})


class ReturnForm(forms.Form):
    reason = forms.CharField(label="What more do you need?", widget=forms.Textarea(attrs={"rows": 4}),
                             help_text="The contributors see this.",
                             error_messages={"required": "Say what more you need"})


class UsedForm(forms.Form):
    used_for = forms.CharField(label="How was it used?", max_length=200,
                               help_text="The author is told, for example “quoted in the rapid review report”.",
                               error_messages={"required": "Say how it was used"})


class AnnotateForm(forms.Form):
    key_practice_episode = forms.BooleanField(label="This is a key practice episode", required=False)
    analysis = forms.CharField(label="Analysis (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                               help_text="The review team's reading. Kept apart from the agency's facts.")


class ChronologyFilterForm(forms.Form):
    agency = forms.TypedChoiceField(label="Agency", required=False, coerce=int, empty_value=None, choices=[])
    date_from = GovukDateField(label="From", required=False)
    date_to = GovukDateField(label="To", required=False)
    child_seen = forms.ChoiceField(label="Child seen", required=False,
                                   choices=[("", "Any")] + YesNoUnknown.choices)
    key_episodes_only = forms.BooleanField(label="Key practice episodes only", required=False)
    keyword = forms.CharField(label="Keyword", required=False, max_length=100)

    def __init__(self, *args, agencies, person: str = "child", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child_seen"].label = frameworks.seen_words(person)
        self.fields["agency"].choices = [("", "All agencies")] + [(a.pk, a.name) for a in agencies]


class AsOfForm(forms.Form):
    as_of = GovukDateField(label="What had each agency recorded by this date?",
                           error_messages={"required": "Enter the date to look back from"})


class RequestFilterForm(forms.Form):
    """Filters for the partnership's list of outstanding requests. Never bound to anything identifying."""

    SHOW = [("outstanding", "All outstanding"), ("overdue", "Overdue"), ("week", "Due within 7 days")]
    show = forms.ChoiceField(label="Show", choices=SHOW, required=False)
    agency = forms.TypedChoiceField(label="Agency", coerce=int, required=False, empty_value=None)
    kind = forms.ChoiceField(label="Kind of request", required=False, choices=[("", "Any")] + RequestKind.choices)
    case = forms.CharField(label="Case reference", required=False, max_length=20)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "Any")] + [(a.pk, a.name) for a in agencies]


class DueDateForm(forms.Form):
    due_on = GovukDateField(label="New due date", past_only=False)
    reason = forms.CharField(label="Why is the due date changing?", max_length=300,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="For example, “Agreed with the agency's safeguarding lead: records are "
                                       "archived off site”. The agency is told the new date and the reason is kept.",
                             error_messages={"required": "Say why the due date is changing"})
