from django import forms

from casereview.retention.models import Trigger


class RuleForm(forms.Form):
    trigger = forms.ChoiceField(label="The period starts when", widget=forms.RadioSelect, choices=Trigger.choices,
                                error_messages={"required": "Select when the period starts"})
    years = forms.IntegerField(label="Years kept after that", min_value=0, max_value=100,
                               widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                               help_text="0 disposes of the records as soon as the period starts.",
                               error_messages={"required": "Enter a number of years",
                                               "invalid": "Enter a whole number of years",
                                               "min_value": "Enter a number of years from 0 to 100",
                                               "max_value": "Enter a number of years from 0 to 100"})


class HoldForm(forms.Form):
    case = forms.ModelChoiceField(label="Which records", queryset=None, required=False,
                                  empty_label="Every record of the partnership")
    reason = forms.CharField(label="Why they must be kept", max_length=300,
                             help_text="For example, “Inquest opened”, “Civil claim: solicitor's letter of 3 March”.",
                             error_messages={"required": "Say why the records must be kept"})

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases
        self.fields["case"].label_from_instance = lambda c: f"{c.reference} {c.pseudonym}"


class RejectForm(forms.Form):
    note = forms.CharField(label="Why the batch is not approved", max_length=300,
                           error_messages={"required": "Say why the batch is not approved"})
