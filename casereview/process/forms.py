from django import forms

from casereview.govuk.dates import GovukDateField
from casereview.govuk.wording import problem
from casereview.process.models import CaseEvent, ClockUnit, RouteKind


class RouteForm(forms.Form):
    name = forms.CharField(label="Name", max_length=120, error_messages={"required": "Enter the route’s name"})
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class StageForm(forms.Form):
    name = forms.CharField(label="Name", max_length=120, error_messages={"required": "Enter the stage’s name"})
    description = forms.CharField(label="What happens in this stage", required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    expected_documents = forms.CharField(label="Documents this stage expects", required=False,
                                         widget=forms.Textarea(attrs={"rows": 5}),
                                         help_text="One per line. They form the stage checklist on each case.")
    required_documents = forms.CharField(
        label="Documents the stage cannot be completed without", required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line, each written as in the list above. The file must be uploaded to the case before "
                  "anyone can complete the stage.")

    def clean(self):
        data = super().clean()
        expected = {line.strip() for line in (data.get("expected_documents") or "").splitlines() if line.strip()}
        missing = [line.strip() for line in (data.get("required_documents") or "").splitlines()
                   if line.strip() and line.strip() not in expected]
        if missing:
            self.add_error("required_documents", problem(
                "“%(document)s” is not in the list of documents this stage expects. Add it there, or write it "
                "exactly as it is written there", "required_not_expected", document=missing[0]))
        return data
    active = forms.BooleanField(label="In use", required=False, initial=True,
                                help_text="A stage not in use is skipped by new and current cases.")


class ClockRuleForm(forms.Form):
    name = forms.CharField(label="Name", max_length=120, error_messages={"required": "Enter the rule’s name"})
    offset = forms.IntegerField(label="Timescale", min_value=1, max_value=3650,
                                widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                                error_messages={"required": "Enter the timescale", "invalid": "Enter a whole number",
                                                "min_value": "The timescale must be at least 1"})
    unit = forms.ChoiceField(label="Unit", widget=forms.RadioSelect, choices=ClockUnit.choices)
    direction = forms.ChoiceField(label="Counted", widget=forms.RadioSelect,
                                  choices=[("after", "After the anchor"), ("before", "Before the anchor")])
    anchor = forms.ChoiceField(label="Anchor: the event the clock counts from", choices=CaseEvent.choices)
    met_by = forms.ChoiceField(label="The event that meets the deadline", choices=CaseEvent.choices)
    route_kind = forms.ChoiceField(label="Applies to", required=False,
                                   choices=[("", "Every case")] + RouteKind.choices)
    statutory = forms.BooleanField(label="Statutory timescale", required=False,
                                   help_text="Shown as statutory on cases. Leave unticked for a local timescale.")
    paused_by_holds = forms.BooleanField(label="Holds pause this clock", required=False)
    reminder_working_days = forms.IntegerField(label="Remind this many working days before the deadline",
                                               min_value=0, max_value=60,
                                               widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                                               error_messages={"required": "Enter when to send the reminder"})
    reason = forms.CharField(label="Why is the rule changing?", max_length=300,
                             help_text="Recorded with the new version and in the audit log.",
                             error_messages={"required": "Say why the rule is changing"})

    def clean(self):
        data = super().clean()
        if data.get("anchor") and data.get("anchor") == data.get("met_by"):
            self.add_error("met_by", problem("The deadline cannot be met by the same event it counts from",
                                             "the_deadline_cannot_be_met"))
        return data

    def rule_values(self) -> dict:
        d = self.cleaned_data
        offset = d["offset"] if d["direction"] == "after" else -d["offset"]
        return {"name": d["name"], "offset": offset, "unit": d["unit"], "anchor": d["anchor"], "met_by": d["met_by"],
                "route_kind": d["route_kind"], "statutory": d["statutory"], "paused_by_holds": d["paused_by_holds"],
                "reminder_working_days": d["reminder_working_days"]}


class ReminderRuleForm(forms.Form):
    """Case deadlines remind by their own rules' days, so their form has no reminder field."""

    remind_before = forms.IntegerField(label="Remind people this long before the due date", min_value=0,
                                       max_value=60, widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                                       error_messages={"required": "Enter when to send the reminder",
                                                       "invalid": "Enter a whole number",
                                                       "min_value": "Enter 0 or more",
                                                       "max_value": "Enter 60 or fewer"})
    escalate_after = forms.IntegerField(
        label="Tell the business unit this long after the due date", required=False, min_value=0, max_value=60,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text="If it has still not been done. Enter 0 for the day after the due date. "
                  "Leave it blank if the business unit should not be told.",
        error_messages={"invalid": "Enter a whole number, or leave it blank", "min_value": "Enter 0 or more",
                        "max_value": "Enter 60 or fewer"})
    unit = forms.ChoiceField(label="Count these in", widget=forms.RadioSelect,
                             choices=[(ClockUnit.WORKING_DAYS, "Working days"),
                                      (ClockUnit.CALENDAR_DAYS, "Calendar days")],
                             error_messages={"required": "Choose working days or calendar days"})

    def __init__(self, *args, own_reminders: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if own_reminders:
            del self.fields["remind_before"]


class NonWorkingDayForm(forms.Form):
    day = GovukDateField(label="Date", past_only=False)
    name = forms.CharField(label="Name", max_length=120, help_text="For example, “Coronation bank holiday”.",
                           error_messages={"required": "Enter a name for the day"})


class LogoForm(forms.Form):
    logo = forms.FileField(label="Upload a logo", help_text="PNG or JPEG, smaller than 200 KB.",
                           error_messages={"required": "Choose an image to upload", "empty": "The file is empty"})
