"""The form each lifecycle step asks for. Forms check shape; cases.lifecycle checks the rules."""

from __future__ import annotations

from django import forms

from casereview.accounts.models import User
from casereview.cases import frameworks
from casereview.cases.models import AbuseOrNeglect, HoldReason, NoticeRecipient, PanelResponse, Regulation11, Screening
from casereview.govuk.dates import GovukDateField
from casereview.partnerships.models import Role
from casereview.process.models import Milestone, Route, RouteKind

YES_NO = [("yes", "Yes"), ("no", "No")]
NOTICE_RECIPIENTS = NoticeRecipient.choices


class StepForm(forms.Form):
    """Every step form takes the case, so choices can depend on it."""

    def __init__(self, *args, case, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)


class NoteOnlyForm(StepForm):
    note = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": "Give the reason"})


class SubmitReferralForm(StepForm):
    pass


class ScreenForm(StepForm):
    abuse_or_neglect = forms.ChoiceField(
        label="Is abuse or neglect of the child known or suspected?", widget=forms.RadioSelect,
        choices=AbuseOrNeglect.choices, error_messages={"required": "Select whether abuse or neglect is known or suspected"})
    death_or_serious_harm = forms.ChoiceField(
        label="Has the child died or been seriously harmed?", widget=forms.RadioSelect, choices=YES_NO,
        help_text="Serious harm includes serious or long-term impairment of mental or physical health or "
                  "development, even if the child recovers.",
        error_messages={"required": "Select whether the child has died or been seriously harmed"})
    outcome = forms.ChoiceField(label="Outcome", widget=forms.RadioSelect, choices=Screening.Outcome.choices,
                                error_messages={"required": "Select the outcome of screening"})
    rationale = forms.CharField(label="Rationale", widget=forms.Textarea(attrs={"rows": 5}),
                                help_text="Why the criteria are or are not met. Do not include names.",
                                error_messages={"required": "Give the rationale for the outcome"})
    screened_on = GovukDateField(label="Date of screening")


class NotifyForm(StepForm):
    reference = forms.CharField(label="Notification reference", max_length=40,
                                help_text="The reference the Child Safeguarding Incident Notification System gave.",
                                error_messages={"required": "Enter the notification reference"})
    notified_on = GovukDateField(label="Date the Panel was notified")
    ofsted_notified_on = GovukDateField(label="Date Ofsted was notified", required=False,
                                        help_text="Needed for a looked-after child or a care leaver.")
    secretary_of_state_notified_on = GovukDateField(label="Date the Secretary of State was notified", required=False,
                                                    help_text="Needed for a looked-after child or a care leaver.")


class RapidReviewProgressForm(StepForm):
    summaries_requested_on = GovukDateField(label="Agency summaries requested", required=False)
    summaries_received_on = GovukDateField(label="Agency summaries received", required=False)
    meeting_planned_on = GovukDateField(label="Rapid review meeting planned for", required=False, past_only=False,
                                        help_text="A plan: it may be in the future. Record below when it was held.")
    meeting_on = GovukDateField(label="Rapid review meeting held", required=False)
    partners_agreed_on = GovukDateField(label="Report agreed by the three safeguarding partners", required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        if not self.is_bound and hasattr(case, "rapid_review"):
            self.initial = {name: getattr(case.rapid_review, name) for name in self.fields}


RECOMMENDATIONS = [(k, v) for k, v in RouteKind.choices]


class RapidReviewSendForm(StepForm):
    recommendation = forms.ChoiceField(label="What the partners propose", widget=forms.RadioSelect,
                                       choices=RECOMMENDATIONS,
                                       error_messages={"required": "Select what the partners propose"})
    sent_on = GovukDateField(label="Date sent to the Panel")


class PanelResponseForm(StepForm):
    response = forms.ChoiceField(label="The Panel's response", widget=forms.RadioSelect,
                                 choices=PanelResponse.choices,
                                 error_messages={"required": "Select the Panel's response"})
    response_on = GovukDateField(label="Date of the Panel's response")
    notes = forms.CharField(label="What the Panel said", required=False, widget=forms.Textarea(attrs={"rows": 4}))


def _partners(case, role):
    return User.objects.filter(is_active=True, role_assignments__partnership_id=case.partnership_id,
                               role_assignments__role=role).distinct().order_by("full_name")


class DecideForm(StepForm):
    route = forms.ModelChoiceField(label="Route", queryset=Route.objects.none(), widget=forms.RadioSelect,
                                   error_messages={"required": "Select the route the partners decided on"})
    regulation_11 = forms.MultipleChoiceField(
        label="Regulation 11 considerations that apply", widget=forms.CheckboxSelectMultiple,
        choices=Regulation11.choices, required=False,
        help_text="The Child Safeguarding Practice Review and Relevant Agency (England) Regulations 2018. "
                  "Select all that apply.")
    rationale = forms.CharField(label="Rationale", widget=forms.Textarea(attrs={"rows": 5}),
                                error_messages={"required": "Give the rationale for the decision"})
    partner_la = forms.ModelChoiceField(label="Safeguarding partner for the local authority", queryset=None,
                                        empty_label="Choose a person",
                                        error_messages={"required": "Choose the local authority's partner"})
    partner_police = forms.ModelChoiceField(label="Safeguarding partner for the police", queryset=None,
                                            empty_label="Choose a person",
                                            error_messages={"required": "Choose the police partner"})
    partner_icb = forms.ModelChoiceField(label="Safeguarding partner for the Integrated Care Board", queryset=None,
                                         empty_label="Choose a person",
                                         error_messages={"required": "Choose the Integrated Care Board's partner"})
    decided_on = GovukDateField(label="Date of the decision", help_text="The review's clock starts on this date.")

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["route"].queryset = Route.objects.filter(partnership_id=case.partnership_id)
        self.fields["route"].label_from_instance = lambda r: r.name
        self.fields["partner_la"].queryset = _partners(case, Role.PARTNER_LA)
        self.fields["partner_police"].queryset = _partners(case, Role.PARTNER_POLICE)
        self.fields["partner_icb"].queryset = _partners(case, Role.PARTNER_ICB)
        for name in ("partner_la", "partner_police", "partner_icb"):
            self.fields[name].label_from_instance = lambda p: p.full_name


class RerouteForm(DecideForm):
    reroute_reason = forms.CharField(label="Why the route is changing", widget=forms.Textarea(attrs={"rows": 3}),
                                     error_messages={"required": "Say why the route is changing"})


class AdvanceForm(StepForm):
    """Asks for what the current stage needs before the case moves on (see lifecycle.STAGE_EXIT)."""

    note = forms.CharField(label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        milestone = case.stage.milestone if case.stage_id else ""
        if milestone == Milestone.COMMISSIONED:
            self.fields["terms_of_reference_on"] = GovukDateField(label="Date the terms of reference were agreed")
        elif milestone == Milestone.APPROVED:
            framework = frameworks.of(case)
            who = "the partners" if framework.key == frameworks.CHILDREN else framework.approvers_words
            self.fields["approved_on"] = GovukDateField(label=f"Date {who} signed off the report")
            if case.route.stages.filter(milestone=Milestone.PRE_PUBLICATION_NOTICE, active=True).exists():
                self.fields["publication_planned_on"] = GovukDateField(
                    label="Planned publication date", past_only=False,
                    help_text="The pre-publication notice must go to the Panel and the Secretary of State "
                              "before this date.")
        elif milestone == Milestone.PRE_PUBLICATION_NOTICE:
            self.fields["notice_sent_on"] = GovukDateField(
                label="Date the notice was sent to the Panel and the Secretary of State")
            self.fields["notice_recipients"] = forms.MultipleChoiceField(
                label="Who was sent the report", widget=forms.CheckboxSelectMultiple, choices=NOTICE_RECIPIENTS,
                initial=["panel", "secretary_of_state"],
                help_text="The National Panel and the Secretary of State always; Ofsted where relevant.",
                error_messages={"required": "Select who was sent the report"})
        # The Published stage asks for nothing: publishing the report (reports.services.publish)
        # completes it, or, where the partners decided not to publish, a note does.
        elif milestone == Milestone.EMBEDDING_LEARNING:
            self.fields["note"] = forms.CharField(
                label="How the learning has been embedded", widget=forms.Textarea(attrs={"rows": 4}),
                error_messages={"required": "Say how the learning has been embedded before closing the case"})
        # The note reads last on the page.
        self.order_fields([name for name in self.fields if name != "note"] + ["note"])


class HoldPlaceForm(StepForm):
    reason = forms.ChoiceField(label="Why is the case on hold?", widget=forms.RadioSelect, choices=HoldReason.choices,
                               error_messages={"required": "Select why the case is on hold"})
    details = forms.CharField(label="Details", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="For example, the trial date. Do not include names.")
    started_on = GovukDateField(label="Date the hold started")
    review_on = GovukDateField(label="Date to review the hold", past_only=False)


class HoldLiftForm(StepForm):
    ended_on = GovukDateField(label="Date work resumed")
    note = forms.CharField(label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))
