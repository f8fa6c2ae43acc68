"""The referral form, in sections that can be saved as a draft and finished later.

Every field may be left blank while drafting: what a referral needs before it can be
submitted is checked by lifecycle.referral_problems. Impossible input is refused at once.
"""

from __future__ import annotations

from django import forms

from casereview.cases.models import AbuseKind, AbuseOrNeglect, Ethnicity, IncidentKind, LegalStatus, Sex, YesNoUnknown
from casereview.govuk.dates import GovukDateField
from casereview.govuk.wording import problem
from casereview.partnerships.models import Agency, LocalAuthority

REFERRAL_FIELDS = ("referrer_role", "referrer_phone", "senior_lead_agreed", "incident_date", "incident_place",
                   "incident_kind", "abuse_or_neglect", "abuse_kinds", "description", "immediate_actions",
                   "police_involved", "police_details", "media_interest", "media_details", "aware_date")


class IncidentForm(forms.Form):
    referrer_role = forms.CharField(label="Your job title", required=False, max_length=120,
                                    widget=forms.TextInput(attrs={"autocomplete": "organization-title"}))
    referrer_phone = forms.CharField(label="A phone number we can reach you on", required=False, max_length=40,
                                     widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
    senior_lead_agreed = forms.ChoiceField(
        label="Has a senior safeguarding lead in your agency agreed this referral?", required=False,
        widget=forms.RadioSelect, choices=YesNoUnknown.choices)
    local_authority = forms.ModelChoiceField(label="Local authority where the incident happened", required=False,
                                             queryset=LocalAuthority.objects.none(), empty_label="Choose a local authority")
    incident_date = GovukDateField(label="Date of the incident", required=False)
    incident_place = forms.CharField(label="Where it happened", required=False, max_length=200,
                                     help_text="The kind of place, for example “the family home” or “a park”. "
                                               "Do not give an address.")
    incident_kind = forms.ChoiceField(label="What happened to the child?", required=False, widget=forms.RadioSelect,
                                      choices=IncidentKind.choices)
    abuse_or_neglect = forms.ChoiceField(label="Is abuse or neglect known or suspected?", required=False,
                                         widget=forms.RadioSelect, choices=AbuseOrNeglect.choices)
    abuse_kinds = forms.MultipleChoiceField(label="Kind of abuse or neglect", required=False,
                                            widget=forms.CheckboxSelectMultiple, choices=AbuseKind.choices,
                                            help_text="Select all that apply.")
    description = forms.CharField(label="What happened", required=False, widget=forms.Textarea(attrs={"rows": 6}),
                                  help_text="The facts as far as they are known. Refer to people by their role, "
                                            "for example “the mother”, not by name.")
    immediate_actions = forms.CharField(label="Immediate safeguarding actions taken", required=False,
                                        widget=forms.Textarea(attrs={"rows": 4}),
                                        help_text="For this child and for any other children.")
    police_involved = forms.ChoiceField(label="Are the police involved?", required=False, widget=forms.RadioSelect,
                                        choices=YesNoUnknown.choices)
    police_details = forms.CharField(label="Police involvement", required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}),
                                     help_text="For example, an investigation or arrests. Do not give names.")
    media_interest = forms.ChoiceField(label="Is there media interest?", required=False, widget=forms.RadioSelect,
                                       choices=YesNoUnknown.choices)
    media_details = forms.CharField(label="Media interest", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    aware_date = GovukDateField(label="Date the local authority became aware", required=False,
                                help_text="The notification to the National Panel is due 5 working days after this.")
    agencies = forms.ModelMultipleChoiceField(label="Agencies known to the family", required=False,
                                              queryset=Agency.objects.none(), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["local_authority"].queryset = LocalAuthority.objects.filter(partnership=partnership)
        self.fields["agencies"].queryset = Agency.objects.filter(partnership=partnership).order_by("name")
        self.fields["agencies"].label_from_instance = lambda a: a.name

    def clean(self):
        data = super().clean()
        incident, aware = data.get("incident_date"), data.get("aware_date")
        if incident and aware and aware < incident:
            self.add_error("aware_date", problem("The date the local authority became "
                                                 "aware cannot be before the incident", "the_date_the_local_authority"))
        return data


class PersonForm(forms.Form):
    full_name = forms.CharField(label="Full name", max_length=200,
                                widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": False}),
                                error_messages={"required": "Enter the person’s full name"})
    other_names = forms.CharField(label="Other names (optional)", required=False, max_length=300,
                                  help_text="Aliases and previous names, separated by commas.")
    relationship = forms.CharField(label="Relationship to the child", max_length=100, required=False,
                                   help_text="For example, mother, stepfather, half-brother, lodger.")
    date_of_birth = GovukDateField(label="Date of birth", required=False)
    age = forms.IntegerField(label="Age in years, if the date of birth is not known", required=False, min_value=0,
                             max_value=120, widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                             error_messages={"invalid": "Enter the age as a number, like 4",
                                             "min_value": "The age cannot be negative"})
    sex = forms.ChoiceField(label="Sex", required=False, widget=forms.RadioSelect, choices=Sex.choices)
    ethnicity = forms.ChoiceField(label="Ethnicity", required=False, choices=[("", "Choose an ethnic group")] +
                                  Ethnicity.choices)
    disability = forms.ChoiceField(label="Does the child have a disability?", required=False,
                                   widget=forms.RadioSelect, choices=YesNoUnknown.choices)
    address = forms.CharField(label="Address", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    postcode = forms.CharField(label="Postcode", required=False, max_length=10,
                               widget=forms.TextInput(attrs={"autocomplete": "postal-code"}))
    local_authority = forms.ModelChoiceField(label="Local authority where the child lives", required=False,
                                             queryset=LocalAuthority.objects.none(),
                                             empty_label="Choose a local authority")
    legal_status = forms.MultipleChoiceField(label="Legal status at the time of the incident", required=False,
                                             widget=forms.CheckboxSelectMultiple, choices=LegalStatus.choices,
                                             help_text="Select all that apply.")

    CHILD_ONLY = ("age", "sex", "ethnicity", "disability", "local_authority", "legal_status")

    def __init__(self, *args, partnership, child: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.child = child
        if child:
            del self.fields["relationship"]
            self.fields["local_authority"].queryset = LocalAuthority.objects.filter(partnership=partnership)
        else:
            for name in self.CHILD_ONLY:
                del self.fields[name]
            self.fields["relationship"].required = True
            self.fields["relationship"].error_messages["required"] = "Enter their relationship to the child"

    def clean(self):
        data = super().clean()
        statuses = data.get("legal_status") or []
        if LegalStatus.NONE in statuses and len(statuses) > 1:
            self.add_error("legal_status", problem("Select “None of these” on its own, or the statuses that apply",
                                                   "select_none_of_these_on"))
        if self.child and data.get("age") is not None and data["age"] > 25:
            self.add_error("age", problem("A child or care leaver in a review is 25 or younger",
                                          "a_child_or_care_leaver"))
        return data
