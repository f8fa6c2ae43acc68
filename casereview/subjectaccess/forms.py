from django import forms

from casereview.govuk.dates import GovukDateField


class OpenForm(forms.Form):
    full_name = forms.CharField(label="Full name", max_length=200, widget=forms.TextInput(attrs={"spellcheck": False}),
                                error_messages={"required": "Enter the person's full name"})
    other_names = forms.CharField(label="Other names (optional)", max_length=300, required=False,
                                  help_text="Aliases, previous and shortened names, separated by commas.",
                                  widget=forms.TextInput(attrs={"spellcheck": False}))
    date_of_birth = GovukDateField(label="Date of birth (optional)", required=False)
    received_on = GovukDateField(label="Date the request was received",
                                 help_text="You must answer within one month of this date.")


class BundleForm(forms.Form):
    chosen = forms.MultipleChoiceField(label="Records to release", widget=forms.CheckboxSelectMultiple,
                                       error_messages={"required": "Choose at least one record to release"})
    third_parties = forms.CharField(
        label="Other people's names to redact", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One name on each line. Each is replaced by [redacted] wherever it appears in the bundle.")

    def __init__(self, *args, hits, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chosen"].choices = [(h.key, f"{h.reference}: {h.kind}, {h.where}") for h in hits]
        if not self.is_bound:
            self.fields["chosen"].initial = [h.key for h in hits]
