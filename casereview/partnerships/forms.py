from django import forms

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

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = partnership.agencies.filter(is_active=True).order_by("name")


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(label="Roles", choices=Role.choices, widget=forms.CheckboxSelectMultiple,
                                      help_text="Select all that apply", required=False)
    reason = forms.CharField(label="Why these roles (optional)", max_length=300, required=False,
                             help_text="Shown to whoever confirms a role that needs a second person")
