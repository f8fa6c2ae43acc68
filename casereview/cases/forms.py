from django import forms

from casereview.cases import frameworks
from casereview.cases.models import CaseRole
from casereview.cases.tracker import SORTS, STATES, stage_choices
from casereview.process.models import RouteKind


class AddMemberForm(forms.Form):
    person = forms.ModelChoiceField(label="Person", queryset=None, empty_label="Choose a person",
                                    error_messages={"required": "Choose who to add",
                                                    "invalid_choice": "Choose a person from the list"})

    def __init__(self, *args, people, role, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = lambda p: f"{p.full_name} ({p.agency.name if p.agency else 'no agency'})"
        self.fields["person"].label = f"Add a {CaseRole(role).label.lower()}"


class OwnerForm(forms.Form):
    owner = forms.ModelChoiceField(label="Who in the business unit runs this case?", queryset=None,
                                   empty_label="Choose a person",
                                   error_messages={"required": "Choose who runs the case",
                                                   "invalid_choice": "Choose a person from the list"})

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        self.fields["owner"].label_from_instance = lambda p: p.full_name


class TrackerForm(forms.Form):
    q = forms.CharField(label="Reference or pseudonym", required=False, max_length=60)
    kind = forms.ChoiceField(label="Kind of review", required=False, choices=[])
    route = forms.ChoiceField(label="Route", required=False, choices=[("", "All routes")] + RouteKind.choices)
    stage = forms.ChoiceField(label="Stage", required=False, choices=[("", "All stages")] + stage_choices())
    state = forms.ChoiceField(label="Status", required=False,
                              choices=[("", "Any status")] + [(k, label) for k, label, _ in STATES])
    year = forms.TypedChoiceField(label="Year", required=False, coerce=int, empty_value=None, choices=[])
    agency = forms.TypedChoiceField(label="Agency involved", required=False, coerce=int, empty_value=None, choices=[])
    local_authority = forms.TypedChoiceField(label="Local authority", required=False, coerce=int, empty_value=None,
                                             choices=[])
    sort = forms.ChoiceField(label="Sort by", required=False, choices=[(k, v[1]) for k, v in SORTS.items()])
    order = forms.ChoiceField(label="Order", required=False, choices=[("asc", "Ascending"), ("desc", "Descending")])

    def __init__(self, *args, years, agencies, local_authorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "All years")] + [(y, str(y)) for y in years]
        # Read when the form is made: frameworks register their statuses when the apps are ready.
        self.fields["kind"].choices = [("", "All kinds")] + [(f.key, f.label) for f in frameworks.registered()]
        self.fields["stage"].choices = [("", "All stages")] + stage_choices()
        self.fields["agency"].choices = [("", "All agencies"), *agencies]
        self.fields["local_authority"].choices = [("", "All local authorities"), *local_authorities]
