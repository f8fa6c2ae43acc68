from django import forms

from casereview.api.models import Scope
from casereview.govuk.dates import GovukDateField


class TokenForm(forms.Form):
    name = forms.CharField(label="Who uses it, and for what", max_length=100,
                           help_text="For example, “Performance team: quarterly timeliness report”.",
                           error_messages={"required": "Enter who uses the token and for what"})
    scopes = forms.MultipleChoiceField(label="What it may read", choices=Scope.choices,
                                       widget=forms.CheckboxSelectMultiple,
                                       error_messages={"required": "Select what the token may read"})
    expires_on = GovukDateField(label="Stops working on (optional)", required=False, past_only=False,
                                help_text="Leave empty for a token that works until it is revoked.")
