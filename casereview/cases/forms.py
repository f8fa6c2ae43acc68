from django import forms

from casereview.cases.models import CaseRole


class AddMemberForm(forms.Form):
    person = forms.ModelChoiceField(label="Person", queryset=None, empty_label="Choose a person",
                                    error_messages={"required": "Choose who to add",
                                                    "invalid_choice": "Choose a person from the list"})

    def __init__(self, *args, people, role, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = lambda p: f"{p.full_name} ({p.agency.name if p.agency else 'no agency'})"
        self.fields["person"].label = f"Add a {CaseRole(role).label.lower()}"


class CaseSearchForm(forms.Form):
    q = forms.CharField(label="Search by reference or pseudonym", required=False, max_length=60)
