"""The meeting forms. Forms check shape; meetings.services checks the rules."""

from __future__ import annotations

import re
from datetime import datetime, time

from django import forms
from django.utils import timezone

from casereview.govuk.dates import GovukDateField
from casereview.govuk.wording import problem
from casereview.meetings.models import Attendance, MeetingKind

NO_MOVE = "none"
_TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


def _people_field(label: str, *, required: bool = True, empty: str = "Choose a person", **kwargs):
    field = forms.ModelChoiceField(label=label, queryset=None, required=required, empty_label=empty, **kwargs)
    field.label_from_instance = lambda p: p.full_name
    return field


class WhenForm(forms.Form):
    day = GovukDateField(label="Date", past_only=False)
    time = forms.CharField(label="Start time", help_text="Use the 24-hour clock, for example 09:30 or 14:00",
                           max_length=5, widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                           error_messages={"required": "Enter the start time"})
    duration_minutes = forms.IntegerField(label="How long, in minutes", initial=90, min_value=15, max_value=480,
                                          widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                                          error_messages={"required": "Enter how long the meeting lasts",
                                                          "invalid": "Enter the length in minutes, like 90",
                                                          "min_value": "A meeting lasts at least 15 minutes",
                                                          "max_value": "A meeting lasts at most 480 minutes"})
    location = forms.CharField(label="Where", max_length=200,
                               help_text="For example, “Microsoft Teams” or “Room 2, Civic Centre”. Do not give a "
                                         "family's address.",
                               error_messages={"required": "Enter where the meeting is held"})
    chair = _people_field("Chair (optional)", required=False, empty="No chair yet")

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = people

    def clean_time(self) -> time:
        match = _TIME.match(self.cleaned_data["time"])
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise problem("Enter the start time like 09:30 or 14:00", "meeting_time_shape")
        return time(int(match[1]), int(match[2]))

    def starts_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.cleaned_data["day"], self.cleaned_data["time"]))


class MeetingForm(WhenForm):
    kind = forms.ChoiceField(label="What kind of meeting", widget=forms.RadioSelect, choices=MeetingKind.choices,
                             error_messages={"required": "Select the kind of meeting"})
    field_order = ["kind", "day", "time", "duration_minutes", "location", "chair"]


class AttendeeForm(forms.Form):
    person = _people_field("Who to invite", error_messages={"required": "Choose who to invite"})

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class ItemForm(forms.Form):
    case = forms.ModelChoiceField(label="Case", queryset=None, required=False, empty_label="No case: a general item",
                                  help_text="Attendees can read the papers of a case while it is on the agenda.")
    title = forms.CharField(label="What the item is about (optional for a case)", max_length=200, required=False,
                            help_text="For a case, the reference and pseudonym are used if you leave this empty.")

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases
        self.fields["case"].label_from_instance = lambda c: f"{c.reference} {c.pseudonym}"


class PapersForm(forms.Form):
    title = forms.CharField(label="What the item is about", max_length=200,
                            error_messages={"required": "Enter what the item is about"})
    papers = forms.ModelMultipleChoiceField(
        label="Papers", queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Everyone invited can read the papers you choose until the minutes are agreed, even documents "
                  "otherwise kept to the business unit and the lead reviewer. Only files that passed the malware "
                  "scan are listed.")

    def __init__(self, *args, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["papers"].queryset = documents
        self.fields["papers"].label_from_instance = lambda d: d.title


class AttendanceForm(forms.Form):
    """One radio group per attendee."""

    def __init__(self, *args, attendees, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(v, label) for v, label in Attendance.choices if v != Attendance.INVITED]
        for attendee in attendees:
            self.fields[f"attendee_{attendee.pk}"] = forms.ChoiceField(
                label=attendee.person.full_name, widget=forms.RadioSelect, choices=choices,
                initial=attendee.attendance if attendee.attendance != Attendance.INVITED else None,
                error_messages={"required": f"Select whether {attendee.person.full_name} attended"})
        self.attendees = list(attendees)

    def attendance(self) -> dict[int, str]:
        return {a.pk: self.cleaned_data.get(f"attendee_{a.pk}", "") for a in self.attendees}


class MinutesForm(forms.Form):
    minutes = forms.CharField(label="Minutes", required=False, widget=forms.Textarea(attrs={"rows": 8}),
                              help_text="Refer to the child and family by the case's pseudonym, never by name.")
    decision = forms.CharField(label="Decision (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    move = forms.ChoiceField(label="Does the decision move the case on?", widget=forms.RadioSelect,
                             help_text="If it does, you take the step next, on a page that asks what the step needs.",
                             error_messages={"required": "Select whether the decision moves the case on"})

    def __init__(self, *args, steps, **kwargs):
        super().__init__(*args, **kwargs)
        if steps:
            self.fields["move"].choices = [(NO_MOVE, "No: record the minutes only")] + [
                (t.name, t.label) for t in steps]
            self.fields["move"].initial = NO_MOVE
        else:
            del self.fields["move"]

    def clean(self):
        data = super().clean()
        if data.get("move", NO_MOVE) != NO_MOVE and not (data.get("decision") or "").strip():
            self.add_error("decision", problem("Enter the decision that moves the case", "enter_the_decision"))
        return data


class NotesForm(forms.Form):
    notes = forms.CharField(label="General minutes (optional)", required=False,
                            widget=forms.Textarea(attrs={"rows": 6}),
                            help_text="Apologies, declarations of interest, anything that belongs to no one item.")


class ActionForm(forms.Form):
    description = forms.CharField(label="Action", max_length=300, error_messages={"required": "Describe the action"})
    owner = _people_field("Who does it", error_messages={"required": "Choose who does it"})
    due_on = GovukDateField(label="Due by", past_only=False)
    item = forms.ModelChoiceField(label="Agenda item (optional)", queryset=None, required=False,
                                  empty_label="None in particular")

    def __init__(self, *args, people, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        self.fields["item"].queryset = items
        self.fields["item"].label_from_instance = lambda i: i.title
