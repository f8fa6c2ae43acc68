"""The fields of each kind of return (domain brief §11, items 4 and 10), as data: one list
drives the online form, the read-only view, the Word template and the completeness check."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms

from casereview.contributions.models import RequestKind


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    hint: str = ""
    required: bool = True
    rows: int = 5


DOCUMENT_FIELDS: dict[str, list[Field]] = {
    RequestKind.RAPID_REVIEW_SUMMARY: [
        Field("author_role", "Your role", "A role, not a name.", rows=1),
        Field("period", "Period of your agency's involvement", "For example, March 2024 to the incident.", rows=2),
        Field("contact_summary", "Summary of contact with the child and family"),
        Field("key_practice_episodes", "Key practice episodes", "The moments that mattered most, in date order."),
        Field("went_well", "What went well"),
        Field("could_improve", "What could be improved"),
        Field("immediate_actions", "Immediate actions taken or recommended"),
        Field("other_agencies", "Other agencies known to be involved", required=False, rows=3),
    ],
    RequestKind.AGENCY_REPORT: [
        Field("author_role", "Author's role", "A role, not a name.", rows=1),
        Field("independence", "The author's independence from the case",
              "Say whether the author managed or worked on the case."),
        Field("agency_context", "Your agency at the time", "Services, policies and staffing during the period."),
        Field("involvement", "Summary of involvement"),
        Field("analysis", "Analysis against each key line of enquiry",
              "Take each line of enquiry in turn. Explain why things happened, not only what."),
        Field("good_practice", "Good practice"),
        Field("systemic_factors", "Systemic factors", "What in the system made practice harder or easier."),
        Field("learning", "Learning"),
        Field("actions_taken", "Single-agency actions already taken", required=False),
        Field("recommendations", "Recommendations"),
    ],
    RequestKind.S45_INFORMATION: [
        Field("author_role", "Your role", "A role, not a name.", rows=1),
        Field("period", "Period of your agency's involvement with the adult", rows=2),
        Field("contact_summary", "Summary of contact with the adult, their family and carers"),
        Field("care_and_support", "Care and support needs as your agency understood them",
              "Include any assessment of mental capacity and any safeguarding concerns raised (section 42)."),
        Field("working_together", "How your agency worked with others",
              "Referrals made and received, information shared, and where it did not happen."),
        Field("learning", "What your agency has already learned", required=False),
        Field("other_agencies", "Other agencies known to be involved", required=False, rows=3),
    ],
    RequestKind.FACTUAL_ACCURACY: [
        Field("corrections", "Factual corrections",
              "Quote the paragraph, then the correction and your source. Facts only: views on the analysis "
              "go to the lead reviewer separately."),
        Field("other_comments", "Anything else the review should know", required=False),
    ],
    RequestKind.CHRONOLOGY: [
        Field("no_contact_periods", "Periods with no contact from your agency", required=False, rows=3),
        Field("abbreviations", "Abbreviations used", "One per line, with what it stands for.",
              required=False, rows=3),
    ],
}


def document_form(kind: str, *args, **kwargs) -> forms.Form:
    """A form for a draft: nothing is required until the return is submitted."""
    form = forms.Form(*args, **kwargs)
    for spec in DOCUMENT_FIELDS[kind]:
        widget = forms.TextInput() if spec.rows == 1 else forms.Textarea(attrs={"rows": spec.rows})
        form.fields[spec.name] = forms.CharField(label=spec.label, help_text=spec.hint, required=False,
                                                 widget=widget, max_length=20000)
    return form


def missing_fields(kind: str, data: dict) -> list[str]:
    return [spec.label for spec in DOCUMENT_FIELDS[kind] if spec.required and not str(data.get(spec.name, "")).strip()]
