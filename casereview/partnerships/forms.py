from django import forms

from casereview.audit.models import Action
from casereview.govuk.dates import GovukDateField
from casereview.govuk.wording import problem
from casereview.partnerships.models import Agency, Role


class InviteForm(forms.Form):
    full_name = forms.CharField(label="Full name", max_length=200,
                                error_messages={"required": "Enter the person’s full name"},
                                widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": False}))
    email = forms.EmailField(label="Work email address", max_length=254,
                             help_text="The invitation link is sent here",
                             error_messages={"required": "Enter the person’s work email address",
                                             "invalid": "Enter an email address in the correct format, like name@example.org"},
                             widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": False}))
    agency = forms.ModelChoiceField(label="Agency", queryset=Agency.objects.none(), empty_label="Choose an agency",
                                    error_messages={"required": "Choose the person’s agency",
                                                    "invalid_choice": "Choose an agency from the list"})
    roles = forms.MultipleChoiceField(label="Roles", choices=Role.choices, widget=forms.CheckboxSelectMultiple,
                                      help_text="Select all that apply",
                                      error_messages={"required": "Choose at least one role"})

    def __init__(self, *args, partnership, roles=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = partnership.agencies.filter(is_active=True).order_by("name")
        if roles is not None:
            self.fields["roles"].choices = roles


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(label="Roles", choices=Role.choices, widget=forms.CheckboxSelectMultiple,
                                      help_text="Select all that apply", required=False)
    reason = forms.CharField(label="Why these roles (optional)", max_length=300, required=False,
                             help_text="Shown to whoever confirms a role that needs a second person")

    def __init__(self, *args, roles=None, **kwargs):
        super().__init__(*args, **kwargs)
        if roles is not None:
            self.fields["roles"].choices = roles


class AuditFilterForm(forms.Form):
    """Filters for a partnership's audit log."""

    person = forms.TypedChoiceField(label="Person", coerce=int, required=False, empty_value=None)
    action = forms.ChoiceField(label="Kind of event", required=False)
    case = forms.CharField(label="Case reference", required=False, max_length=20)
    date_from = GovukDateField(label="From", required=False, past_only=False)
    date_to = GovukDateField(label="To", required=False, past_only=False)

    def __init__(self, *args, people, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "Anyone")] + [(p.pk, p.full_name) for p in people]
        self.fields["action"].choices = [("", "Any")] + list(Action.choices)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", problem("The end of the range must be on or after its start",
                                              "the_end_of_the_range"))
        return data
