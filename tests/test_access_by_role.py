"""Every URL pattern, for every kind of person: allowed or refused as the access rules say.

A new URL without an entry in EXPECTED fails this test, so no page can ship without a rule.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import World, sign_in, sign_in_password_only

ANYONE = "anyone"
SIGNED_IN = "signed-in"  # password only is enough: the sign-in steps themselves
VERIFIED = "verified"  # any person past the second factor, whatever their roles

CASE_VIEWERS = {"bu_manager", "bu_officer", "chair", "partner_la", "partner_police", "partner_icb", "scrutineer",
                "lead_reviewer", "agency_rep"}
IDENTITY_VIEWERS = {"bu_manager", "bu_officer", "lead_reviewer", "agency_rep"}
CASE_MANAGERS = {"bu_manager", "bu_officer"}
PEOPLE_MANAGERS = {"bu_manager", "bu_officer", "sysadmin"}
AUDIT_VIEWERS = {"bu_manager", "scrutineer"}
# The other partnership's manager exports their own partnership's cases, never these.
EXPORTERS = {"bu_manager", "bu_officer", "chair", "other_partnership_manager"}
# Anyone with a role in a partnership's agencies, except the system administrator and the scrutineer.
REFERRERS = {"bu_manager", "bu_officer", "chair", "partner_la", "partner_police", "partner_icb", "lead_reviewer",
             "agency_rep", "agency_rep_elsewhere", "other_partnership_manager"}
PACK_MANAGERS = {"bu_manager"}
PARTNERS = {"partner_la", "partner_police", "partner_icb"}
DECIDERS = PARTNERS | {"chair"}
WRITERS = CASE_MANAGERS | {"lead_reviewer"}
DASHBOARD = {"bu_manager", "bu_officer", "chair", "partner_la", "partner_police", "partner_icb", "scrutineer"}
# In the test world everyone but agency_rep_elsewhere works for the police, the agency that owns the test action.
POLICE_PEOPLE = {"bu_manager", "bu_officer", "chair", "partner_la", "partner_police", "partner_icb", "lead_reviewer",
                 "agency_rep"}
DOC_READERS = WRITERS | DECIDERS
# Each partnership's business unit adds documents for its own partnership; what every partnership
# shares (the theme vocabulary, the Panel's documents, bank holidays) is the installation administrator's.
INSTALLERS = {"installer"}
LIBRARY_UPLOADERS = {"bu_manager", "bu_officer", "other_partnership_manager"}
VOCABULARY_EDITORS = INSTALLERS
LIBRARY_PEOPLE = LIBRARY_UPLOADERS | VOCABULARY_EDITORS
# The business unit runs the test meeting; the chair chairs it and agency_rep_elsewhere, on no case, is invited.
MEETING_PEOPLE = CASE_MANAGERS | {"chair", "agency_rep_elsewhere"}

# url name -> (who may, HTTP method)
EXPECTED: dict[str, tuple[object, str]] = {
    "site:home": (ANYONE, "get"),
    "site:accessibility": (ANYONE, "get"),
    "site:privacy": (ANYONE, "get"),
    "site:cookies": (ANYONE, "get"),
    "site:robots": (ANYONE, "get"),
    "site:healthz": (ANYONE, "get"),
    "site:healthz-live": (ANYONE, "get"),
    "site:healthz-ready": (ANYONE, "get"),
    "site:healthz-tasks": (ANYONE, "get"),
    "exports:status": ({"lead_reviewer"}, "get"),
    "exports:download": ({"lead_reviewer"}, "get"),
    "accounts:sign-in": (ANYONE, "get"),
    "accounts:signed-out": (ANYONE, "get"),
    "accounts:timed-out": (ANYONE, "get"),
    "invitations:accept": (ANYONE, "get"),
    "accounts:second-factor": (SIGNED_IN, "get"),
    "accounts:recovery-code": (SIGNED_IN, "get"),
    "accounts:sign-out": (SIGNED_IN, "post"),
    # Only a full sign-in may be kept alive.
    "accounts:keep-alive": (VERIFIED, "post"),
    "accounts:confirm-password": (VERIFIED, "get"),
    # Before the second factor only someone with no second factor may add one; everyone here has one.
    "accounts:set-up-authenticator": (VERIFIED, "get"),
    "accounts:account": (VERIFIED, "get"),
    "accounts:recovery-codes": (VERIFIED, "get"),
    "accounts:add-passkey": (VERIFIED, "get"),
    "accounts:remove-passkey": (VERIFIED, "post"),
    "accounts:change-password": (VERIFIED, "get"),
    "work:home": (VERIFIED, "get"),
    "cases:list": (VERIFIED, "get"),
    "cases:detail": (CASE_VIEWERS, "get"),
    "cases:identity": (IDENTITY_VIEWERS, "get"),
    "cases:access-log": ({"bu_manager"}, "get"),
    "cases:add-member": (CASE_MANAGERS, "get"),
    "cases:remove-member": (CASE_MANAGERS, "post"),
    "cases:export": (EXPORTERS, "get"),
    "cases:step": (CASE_MANAGERS, "get"),
    "cases:checklist": (CASE_MANAGERS, "post"),
    "cases:owner": (CASE_MANAGERS, "get"),
    "referrals:list": (REFERRERS, "get"),
    "referrals:start": (REFERRERS, "post"),
    # A draft is its author's alone: everyone else is refused (as "not found"), managers included.
    "referrals:overview": (REFERRERS, "get"),
    "referrals:incident": (REFERRERS, "get"),
    "referrals:add-person": (REFERRERS, "get"),
    "referrals:edit-person": (REFERRERS, "get"),
    "referrals:remove-person": (REFERRERS, "post"),
    "referrals:submit": (REFERRERS, "post"),
    "referrals:delete": (REFERRERS, "post"),
    "process:overview": (PACK_MANAGERS, "get"),
    "process:route": (PACK_MANAGERS, "get"),
    "process:stage-add": (PACK_MANAGERS, "get"),
    "process:stage": (PACK_MANAGERS, "get"),
    "process:stage-move": (PACK_MANAGERS, "post"),
    "process:rule": (PACK_MANAGERS, "get"),
    "process:reminders": (PACK_MANAGERS, "get"),
    "cases:rule-recompute": (PACK_MANAGERS, "get"),
    "process:calendar": (PACK_MANAGERS, "get"),
    "process:logo": (PACK_MANAGERS, "get"),
    "process:calendar-remove": (PACK_MANAGERS, "post"),
    # Contributions: the business unit runs requests; contributors reach only their own (agency_rep is named
    # on the police request in this test); the merged chronology follows the case and release rules.
    "contributions:mine": (REFERRERS, "get"),
    "contributions:chronology-template": (REFERRERS, "get"),
    "contributions:word-template": (REFERRERS, "get"),
    "contributions:request": (CASE_MANAGERS | {"agency_rep"}, "get"),
    "contributions:version": (CASE_MANAGERS | {"agency_rep"}, "get"),
    "contributions:document": ({"agency_rep"}, "get"),
    "contributions:entry-add": ({"agency_rep"}, "get"),
    "contributions:entry": ({"agency_rep"}, "get"),
    "contributions:entry-remove": ({"agency_rep"}, "post"),
    "contributions:entry-move": ({"agency_rep"}, "post"),
    "contributions:import": ({"agency_rep"}, "get"),
    "contributions:submit": ({"agency_rep"}, "get"),
    "contributions:return": (CASE_MANAGERS, "get"),
    "contributions:used": (CASE_MANAGERS, "get"),
    "contributions:upload": (CASE_MANAGERS | {"agency_rep"}, "get"),
    "contributions:case": (CASE_MANAGERS, "get"),
    "contributions:partnership": (CASE_MANAGERS, "get"),
    "contributions:chase": (CASE_MANAGERS, "post"),
    "contributions:due-date": (CASE_MANAGERS, "get"),
    # Who the request is about: its named contributors only, while it is open (it is returned for more here).
    "contributions:identity": ({"agency_rep"}, "get"),
    "contributions:request-new": (CASE_MANAGERS, "get"),
    "contributions:chronology": (CASE_MANAGERS | {"lead_reviewer", "agency_rep"}, "get"),
    "contributions:export": (CASE_MANAGERS | {"lead_reviewer", "agency_rep"}, "get"),
    "contributions:print": (CASE_MANAGERS | {"lead_reviewer", "agency_rep"}, "get"),
    "contributions:knew": (CASE_MANAGERS | {"lead_reviewer", "agency_rep"}, "get"),
    "contributions:release": (CASE_MANAGERS, "post"),
    "contributions:annotate": (CASE_MANAGERS | {"lead_reviewer"}, "get"),
    "contributions:flag": (CASE_MANAGERS | {"lead_reviewer"}, "post"),
    # Review documents: the team that writes (business unit, lead reviewer on the case) and the decision makers.
    "reports:overview": (DOC_READERS, "get"),
    "reports:rapid-review": (CASE_MANAGERS, "get"),
    "reports:rapid-review-download": (DOC_READERS, "get"),
    "reports:tor": (CASE_MANAGERS, "get"),
    "reports:tor-download": (DOC_READERS, "get"),
    "reports:family": (WRITERS, "get"),
    "reports:learning-event": (WRITERS, "get"),
    "reports:process-add": (CASE_MANAGERS, "get"),
    "reports:process": (CASE_MANAGERS, "get"),
    "reports:draft": (WRITERS, "get"),
    "reports:autosave": (WRITERS, "post"),
    "reports:draft-discard": (WRITERS, "post"),
    "reports:import": (WRITERS, "get"),
    "reports:draft-of": (WRITERS, "get"),
    "reports:compare": (DOC_READERS, "get"),
    "reports:version": (DOC_READERS, "get"),
    "reports:comment": (DOC_READERS, "post"),
    "reports:version-download": (DOC_READERS, "get"),
    "reports:round-new": (CASE_MANAGERS, "get"),
    "reports:round": (DOC_READERS | {"agency_rep"}, "get"),
    "reports:respond": (WRITERS, "post"),
    "reports:quality": (CASE_MANAGERS | DECIDERS, "get"),
    "reports:approve": (PARTNERS, "get"),
    "reports:decision": (CASE_MANAGERS | PARTNERS, "get"),
    "reports:anonymisation": (WRITERS, "get"),
    "reports:redaction-log": (WRITERS, "get"),
    "reports:publish": (CASE_MANAGERS, "get"),
    "reports:correction": (CASE_MANAGERS, "get"),
    "reports:template": (PACK_MANAGERS, "get"),
    "reports:markers": (PACK_MANAGERS, "get"),
    "learning:mine": (REFERRERS, "get"),
    "learning:action": (POLICE_PEOPLE | DASHBOARD, "get"),
    "learning:evidence": (POLICE_PEOPLE | DASHBOARD, "get"),
    "learning:briefing": (DASHBOARD, "get"),
    "learning:dissemination": (CASE_MANAGERS, "post"),
    "learning:briefing-step": ({"bu_manager", "chair"}, "post"),
    "learning:calendar": (VERIFIED, "get"),
    "learning:dashboard": (DASHBOARD, "get"),
    "learning:log": (CASE_MANAGERS | {"chair"}, "get"),
    "learning:log-export": (CASE_MANAGERS | {"chair"}, "get"),
    "learning:yearly-report": (DASHBOARD, "get"),
    "learning:nhs-tracker": (DASHBOARD, "get"),
    "learning:case": (DASHBOARD, "get"),
    "learning:finding-new": (CASE_MANAGERS, "get"),
    "learning:recommendation-new": (CASE_MANAGERS, "get"),
    "learning:action-new": (CASE_MANAGERS, "get"),
    "learning:briefing-new": (CASE_MANAGERS, "get"),
    "learning:report-briefing-new": (CASE_MANAGERS, "get"),
    "learning:report-briefing-edit": (CASE_MANAGERS, "get"),
    "learning:briefing-edit": (CASE_MANAGERS, "get"),
    "calendar-feed": (ANYONE, "get"),
    "site:library-briefing": (ANYONE, "get"),
    "site:library-briefing-pdf": (ANYONE, "get"),
    "library:search": (ANYONE, "get"),
    "library:document": (ANYONE, "get"),
    "library:document-file": (ANYONE, "get"),
    "library:themes": (ANYONE, "get"),
    "library:theme": (ANYONE, "get"),
    "library:patterns": (ANYONE, "get"),
    "library:manage": (LIBRARY_PEOPLE, "get"),
    "library:upload": (LIBRARY_UPLOADERS, "get"),
    # The test document belongs to the test partnership: only its business unit looks after it.
    "library:edit": (CASE_MANAGERS, "get"),
    "library:tag": (CASE_MANAGERS, "post"),
    "library:listing": (CASE_MANAGERS, "post"),
    "library:suggest": (CASE_MANAGERS, "post"),
    # The Panel's records: any partnership's business unit, and the installation's administrator.
    "library:attach-official": (LIBRARY_PEOPLE, "get"),
    "library:vocabulary": (VOCABULARY_EDITORS, "get"),
    "library:theme-add": (VOCABULARY_EDITORS, "get"),
    "library:theme-edit": (VOCABULARY_EDITORS, "get"),
    "site:process-pack-pdf": (ANYONE, "get"),
    "site:index": (ANYONE, "get"),
    "site:sitemap": (ANYONE, "get"),
    "site:how-reviews-work": (ANYONE, "get"),
    "site:how-reviews-work-partnership": (ANYONE, "get"),
    "site:library-report": (ANYONE, "get"),
    "site:library-report-pdf": (ANYONE, "get"),
    "notifications:list": (VERIFIED, "get"),
    "notifications:read-all": (VERIFIED, "post"),
    # The partnership's own pages: anyone with at least one of them.
    "hub:partnership": (CASE_MANAGERS | DASHBOARD | {"sysadmin"}, "get"),
    "partnerships:people": (PEOPLE_MANAGERS, "get"),
    "partnerships:invite": (PEOPLE_MANAGERS, "get"),
    "partnerships:person": (PEOPLE_MANAGERS, "get"),
    "partnerships:remove": (PEOPLE_MANAGERS, "get"),
    "partnerships:proposals": (PEOPLE_MANAGERS, "get"),
    # The test proposal was made by bu_officer for agency_rep: only another person who may grant it confirms.
    "partnerships:proposal-confirm": ({"bu_manager"}, "post"),
    "partnerships:proposal-decline": ({"bu_manager"}, "post"),
    "partnerships:proposal-withdraw": ({"bu_manager", "bu_officer"}, "post"),
    "installation:home": (INSTALLERS, "get"),
    "installation:bank-holidays": (INSTALLERS, "get"),
    "installation:bank-holiday-remove": (INSTALLERS, "post"),
    "installation:people": (INSTALLERS, "get"),
    "installation:close-account": (INSTALLERS, "get"),
    "partnerships:invitation-resend": (PEOPLE_MANAGERS, "post"),
    "partnerships:invitation-withdraw": (PEOPLE_MANAGERS, "post"),
    "partnerships:audit": (AUDIT_VIEWERS, "get"),
    "otp_webauthn:credential-registration-begin": (VERIFIED, "post"),
    "otp_webauthn:credential-registration-complete": (VERIFIED, "post"),
    "otp_webauthn:credential-authentication-begin": (SIGNED_IN, "post"),
    "otp_webauthn:credential-authentication-complete": (SIGNED_IN, "post"),
    "otp_webauthn:js-i18n-catalog": (SIGNED_IN, "get"),
    # Safeguarding adults reviews, which the test partnership runs (the other partnership does not).
    "cases:frameworks": (PACK_MANAGERS, "get"),
    "adults:referral-start": (REFERRERS - {"other_partnership_manager"}, "post"),
    "adults:referral": (REFERRERS, "get"),
    "adults:referral-check": (REFERRERS, "get"),
    "adults:referral-submit": (REFERRERS, "post"),
    "adults:record": (CASE_VIEWERS, "get"),
    "adults:involvement": (WRITERS, "get"),
    "adults:not-acted-on": (WRITERS, "get"),
    "adults:annual": (DASHBOARD, "get"),
    # Domestic abuse related death reviews, which the test partnership's community safety partnership holds.
    "domestic:notify": (CASE_MANAGERS, "get"),
    "cases:joint": (CASE_MANAGERS, "get"),
    "domestic:record": (CASE_VIEWERS, "get"),
    "domestic:family": (WRITERS, "get"),
    "domestic:qa": (WRITERS, "get"),
    "domestic:commissioner": (WRITERS, "get"),
    # Case documents: the list for everyone on the case; a document kept for the business unit and the
    # lead reviewer (the default) only for them, who alone upload and change documents.
    # GOV.UK Notify's callback: no session, its own bearer token (tests/notifications/test_notify.py).
    "notifications:notify-receipt": (ANYONE, "post"),
    "casefiles:list": (CASE_VIEWERS, "get"),
    # The API takes no session: without a token every call is answered 401 (tests/api walks the rest).
    "api:openapi-json": (ANYONE, "get"),
    "api:api-root": (ANYONE, "get"),
    "api:cases": (ANYONE, "get"),
    "api:case": (ANYONE, "get"),
    "api:clocks": (ANYONE, "get"),
    "api:actions": (ANYONE, "get"),
    "api:dashboard": (ANYONE, "get"),
    "api:nhs-tracker": (ANYONE, "get"),
    "api_tokens:list": ({"bu_manager"}, "get"),
    "retention:overview": ({"bu_manager"}, "get"),
    "sso:start": (ANYONE, "get"),
    "sso:callback": (ANYONE, "get"),
    "sso:providers": ({"bu_manager", "sysadmin"}, "get"),
    "sso:provider-new": ({"bu_manager", "sysadmin"}, "get"),
    "sso:provider": ({"bu_manager", "sysadmin"}, "get"),
    "subjectaccess:list": ({"bu_manager"}, "get"),
    "subjectaccess:request": ({"bu_manager"}, "get"),
    "retention:rule": ({"bu_manager"}, "get"),
    "retention:hold-new": ({"bu_manager"}, "get"),
    "retention:hold-lift": ({"bu_manager"}, "post"),
    "retention:batch": ({"bu_manager"}, "get"),
    "api_tokens:revoke": ({"bu_manager"}, "post"),
    "meetings:list": (MEETING_PEOPLE | {"other_partnership_manager", "partner_police"}, "get"),
    "meetings:new": (CASE_MANAGERS, "get"),
    "meetings:detail": (MEETING_PEOPLE, "get"),
    "meetings:calendar": (MEETING_PEOPLE, "get"),
    "meetings:paper": (MEETING_PEOPLE, "get"),
    "meetings:change": (CASE_MANAGERS, "get"),
    "meetings:attendees": (CASE_MANAGERS, "get"),
    "meetings:attendee-remove": (CASE_MANAGERS, "post"),
    "meetings:invite": (CASE_MANAGERS, "post"),
    "meetings:item-add": (CASE_MANAGERS, "get"),
    "meetings:item": (CASE_MANAGERS, "get"),
    "meetings:item-remove": (CASE_MANAGERS, "post"),
    "meetings:attendance": (CASE_MANAGERS, "get"),
    "meetings:minutes": (CASE_MANAGERS, "get"),
    "meetings:item-step": (CASE_MANAGERS, "get"),
    "meetings:notes": (CASE_MANAGERS, "get"),
    "meetings:close": (CASE_MANAGERS, "post"),
    "meetings:cancel": (CASE_MANAGERS, "post"),
    "meetings:action-add": (CASE_MANAGERS, "get"),
    "meetings:action-done": (CASE_MANAGERS | {"partner_police"}, "post"),
    "meetings:case": (CASE_MANAGERS, "get"),
    "casefiles:upload": (WRITERS, "get"),
    "casefiles:document": (WRITERS, "get"),
    "casefiles:describe": (WRITERS, "get"),
    "casefiles:new-version": (WRITERS, "get"),
    "casefiles:download": (WRITERS, "get"),
}

PERSONAS = ["anonymous", "password_only", "bu_manager", "bu_officer", "chair", "partner_la", "partner_police",
            "partner_icb", "lead_reviewer", "agency_rep", "agency_rep_elsewhere", "scrutineer", "sysadmin",
            "other_partnership_manager", "installer"]


def all_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern):
                assert pattern.name, f"URL pattern {pattern.pattern} has no name, so it cannot be checked"
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return names


def test_every_url_pattern_has_an_access_rule():
    assert all_url_names() == set(EXPECTED), "Add each new URL to EXPECTED with who may see it"


def _draft_for(world: World, persona: str):
    """The persona's own draft where they can refer; otherwise someone else's, which they must not reach."""
    from casereview.cases.models import Case, Referral, Subject, SubjectIdentity

    owner = world.people[persona if persona in REFERRERS else "bu_manager"]
    partnership = world.other_partnership if persona == "other_partnership_manager" else world.partnership
    draft = Case.objects.create(partnership=partnership, status="draft", created_by=owner)
    Referral.objects.create(case=draft)
    subject = Subject.objects.create(case=draft, kind="child", label="Child 1")
    SubjectIdentity.objects.create(subject=subject, full_name="Draft Child")
    return draft, subject


def _contribution_kwargs(name: str, world: World) -> dict:
    """A police chronology request naming agency_rep, with one submitted entry, a draft entry, an upload and a flag."""
    from datetime import date

    from django.core.files.base import ContentFile

    from casereview.contributions import services
    from casereview.contributions.models import AgencyRequest, EntryFlag, Upload
    from tests.contributions.helpers import entry, submit_entries

    case, reference = world.case, world.case.reference
    # Built once per database state: the pages test reuses these arguments without rolling back.
    police = AgencyRequest.objects.filter(case=case, agency=world.agencies["police"]).first()
    if police is None:
        police = services.requests_send(case=case, by=world.people["bu_officer"], kind="chronology",
                                        contributors={world.agencies["police"].pk: [world.people["agency_rep"]]},
                                        instructions="x")[0]
        school = services.requests_send(
            case=case, by=world.people["bu_officer"], kind="chronology",
            contributors={world.agencies["school"].pk: [world.people["agency_rep_elsewhere"]]}, instructions="x")[0]
        submit_entries(world, police, "agency_rep", [{"on": date(2026, 1, 5)}])
        submit_entries(world, school, "agency_rep_elsewhere", [{"on": date(2026, 1, 5)}])
        entries = list(case.chronology_entries.order_by("pk"))
        EntryFlag.objects.get_or_create(case=case, first=entries[0], second=entries[1],
                                        defaults={"kind": "duplicate"})
    first = police.submissions.get(version=1).entries.first()
    flag = EntryFlag.objects.filter(case=case).first()
    draft_entry = None
    if name in ("contributions:document", "contributions:entry-add", "contributions:entry",
                "contributions:entry-remove", "contributions:entry-move", "contributions:import",
                "contributions:submit", "contributions:identity"):
        draft = police.submissions.filter(status="draft").first()
        if draft is None:
            draft = services.submission_return(agency_request=police, by=world.people["bu_officer"], reason="More")
            services.entry_save(submission=draft, by=world.people["agency_rep"], data=entry(on=date(2026, 1, 6)))
        draft_entry = draft.entries.first()
    upload = Upload(request=police, original_name="x.csv", detected_type="csv", size=1,
                    uploaded_by=world.people["agency_rep"])
    upload.file.save("x.csv", ContentFile(b"x"), save=True)
    return {
        "contributions:request": {"pk": police.pk},
        "contributions:version": {"pk": police.pk, "version": 1},
        "contributions:document": {"pk": police.pk},
        "contributions:entry-add": {"pk": police.pk},
        "contributions:entry": {"pk": police.pk, "entry_id": draft_entry.pk if draft_entry else first.pk},
        "contributions:entry-remove": {"pk": police.pk, "entry_id": draft_entry.pk if draft_entry else first.pk},
        "contributions:entry-move": {"pk": police.pk, "entry_id": draft_entry.pk if draft_entry else first.pk},
        "contributions:import": {"pk": police.pk},
        "contributions:submit": {"pk": police.pk},
        "contributions:return": {"pk": police.pk},
        "contributions:used": {"pk": police.pk},
        "contributions:upload": {"pk": police.pk, "upload_id": upload.pk},
        "contributions:case": {"reference": reference},
        "contributions:partnership": {"slug": case.partnership.slug},
        "contributions:chase": {"pk": police.pk},
        "contributions:due-date": {"pk": police.pk},
        "contributions:identity": {"pk": police.pk},
        "contributions:request-new": {"reference": reference},
        "contributions:chronology": {"reference": reference},
        "contributions:export": {"reference": reference, "fmt": "xlsx"},
        "contributions:print": {"reference": reference},
        "contributions:knew": {"reference": reference},
        "contributions:release": {"reference": reference},
        # An entry of a return that is still submitted (the police return may have been sent back above).
        "contributions:annotate": {"reference": reference, "entry_id": case.chronology_entries.filter(
            submission__status="submitted").order_by("pk").first().pk},
        "contributions:flag": {"reference": reference, "flag_id": flag.pk},
    }[name]


def _learning_kwargs(name: str, world: World) -> dict:
    """An action led by agency_rep with evidence, and a draft seven-minute briefing, on the test case."""
    from datetime import date

    from django.core.files.uploadedfile import SimpleUploadedFile

    from casereview.learning import services
    from casereview.learning.models import Action, Briefing

    case, slug = world.case, world.partnership.slug
    action = Action.objects.filter(recommendation__case=case).first()
    if action is None:
        bu = world.people["bu_officer"]
        recommendation = services.recommendation_add(case=case, by=bu, text="Share bruising concerns.")
        action = services.action_add(recommendation=recommendation, by=bu, description="Audit.",
                                     agency=world.agencies["police"], lead=world.people["agency_rep"],
                                     start_on=date(2026, 1, 1), due_on=date(2026, 12, 1), success_measure="Audit")
        services.action_update_add(action=action, by=world.people["agency_rep"], text="Evidence",
                                   upload=SimpleUploadedFile("a.pdf", b"%PDF-1.7"))
        services.briefing_save(case=case, by=bu, kind="seven_minute", title="Briefing", sections={})
    briefing = Briefing.objects.filter(case=case).first()
    # A briefing on a report in the library, with no local case.
    from casereview.library.models import LibraryDocument

    report = LibraryDocument.objects.filter(origin="national_panel").first()
    on_report = Briefing.objects.filter(case=None, source=report).first() or services.briefing_save(
        partnership=world.partnership, source=report, by=world.people["bu_officer"], kind="practitioner",
        title="On a Panel report", sections={})
    return {
        "learning:report-briefing-new": {"slug": slug, "document_id": report.pk, "kind": "practitioner"},
        "learning:report-briefing-edit": {"slug": slug, "document_id": report.pk, "briefing_id": on_report.pk},
        "learning:action": {"pk": action.pk},
        "learning:evidence": {"pk": action.pk, "update_id": action.updates.first().pk},
        "learning:briefing": {"briefing_id": briefing.pk},
        "learning:dissemination": {"briefing_id": briefing.pk},
        "learning:briefing-step": {"briefing_id": briefing.pk, "step": "approve"},
        "learning:dashboard": {"slug": slug},
        "learning:log": {"slug": slug},
        "learning:log-export": {"slug": slug},
        "learning:yearly-report": {"slug": slug, "fmt": "docx"},
        "learning:nhs-tracker": {"slug": slug},
        "learning:case": {"reference": case.reference},
        "learning:finding-new": {"reference": case.reference},
        "learning:recommendation-new": {"reference": case.reference},
        "learning:action-new": {"reference": case.reference, "recommendation_id": action.recommendation_id},
        "learning:briefing-new": {"reference": case.reference, "kind": "seven_minute"},
        "learning:briefing-edit": {"reference": case.reference, "briefing_id": briefing.pk},
        "calendar-feed": {"token": "not-a-token"},
        "site:library-briefing": {"slug": "no-such-briefing"},
        "site:library-briefing-pdf": {"slug": "no-such-briefing"},
    }.get(name, {})


def _report_kwargs(name: str, world: World) -> dict:
    """Version 1 of the test case's report, a parallel process, an accuracy round with a comment, a publication."""
    from datetime import date

    from casereview.reports import services
    from casereview.reports.models import AccuracyRound, PublishedReport, ReportDraft, ReportVersion

    case = world.case
    version = ReportVersion.objects.filter(case=case, number=1).first()
    if version is None:
        version = services.version_save(case=case, by=world.people["bu_officer"],
                                        sections={"analysis": "<p>Findings.</p>"})
        services.parallel_process_save(case=case, by=world.people["bu_officer"], data={"kind": "inquest"})
        accuracy = services.accuracy_round_send(case=case, by=world.people["bu_officer"], version=version,
                                                audience="agencies", agencies=[world.agencies["police"]],
                                                due_on=date(2099, 1, 1))
        services.accuracy_comment_add(accuracy_round=accuracy, by=world.people["agency_rep"], section_key="analysis",
                                      comment="A correction.")
        PublishedReport.objects.create(case=case, version=version, slug="testshire-child-a", title="Child A",
                                       partnership_name="Testshire", form="full", html="<p>Report.</p>", pdf=b"%PDF",
                                       published_on=date(2026, 1, 1), review_on=date(2027, 1, 1),
                                       published_by=world.people["bu_officer"])
    accuracy = AccuracyRound.objects.filter(version=version).first()
    publication = PublishedReport.objects.filter(case=case).first()
    draft = ReportDraft.objects.get_or_create(case=case, author=world.people["bu_officer"])[0]
    reference = case.reference
    return {
        "reports:rapid-review-download": {"reference": reference, "fmt": "docx"},
        "reports:tor-download": {"reference": reference, "fmt": "docx"},
        "reports:process": {"reference": reference, "process_id": case.parallel_processes.first().pk},
        "reports:version": {"reference": reference, "number": 1},
        "reports:comment": {"reference": reference, "number": 1},
        "reports:version-download": {"reference": reference, "number": 1, "fmt": "docx"},
        "reports:draft-of": {"reference": reference, "draft_id": draft.pk},
        "reports:round": {"reference": reference, "round_id": accuracy.pk},
        "reports:respond": {"reference": reference, "comment_id": accuracy.comments.first().pk},
        "reports:redaction-log": {"reference": reference, "fmt": "docx"},
        "reports:correction": {"reference": reference, "publication_id": publication.pk},
        "reports:template": {"slug": world.partnership.slug, "route_kind": "lcspr"},
        "reports:markers": {"slug": world.partnership.slug},
        "site:library-report": {"slug": publication.slug},
        "site:library-report-pdf": {"slug": publication.slug},
    }.get(name, {"reference": reference})


def _library_kwargs(name: str, world: World) -> dict:
    """Two documents the test partnership added: one listed with its file (for the public
    download), one its business unit is still checking (for the managing pages)."""
    from django.core.files.base import ContentFile

    from casereview.library.models import LibraryDocument, Theme

    def document(slug: str, listed: bool) -> LibraryDocument:
        found = LibraryDocument.objects.filter(slug=slug).first()
        if found is None:
            found = LibraryDocument(slug=slug, title=slug, publisher="Testshire", kind="local_review",
                                    origin="other_partnership", partnership=world.partnership, published_year=2025,
                                    summary="A test document.", is_listed=listed, file_type="pdf", extraction="done")
            found.file.save("test.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
        return found

    listed, checking = document("testshire-listed", True), document("testshire-checking", False)
    return {
        "library:document": {"slug": listed.slug},
        "library:document-file": {"slug": listed.slug},
        "library:theme": {"slug": "neglect"},
        "library:edit": {"slug": checking.slug},
        "library:tag": {"slug": checking.slug},
        "library:listing": {"slug": checking.slug},
        "library:suggest": {"slug": checking.slug},
        "library:attach-official": {"slug": LibraryDocument.objects.filter(origin="national_panel").first().slug},
        "library:theme-edit": {"slug": Theme.objects.get(slug="neglect").slug},
    }.get(name, {})


def _closure_day(world: World):
    from datetime import date

    from casereview.process.models import NonWorkingDay

    return NonWorkingDay.objects.get_or_create(date=date(2026, 12, 29), partnership=world.partnership,
                                               defaults={"name": "Office closed", "kind": "local_closure"})[0]


def _proposal(world: World):
    from casereview.partnerships.models import RoleProposal

    return RoleProposal.objects.get_or_create(partnership=world.partnership, person=world.people["agency_rep"],
                                              role="partner_police", outcome="waiting",
                                              defaults={"proposed_by": world.people["bu_officer"]})[0]


def _bank_holiday(world: World):
    from casereview.process.models import NonWorkingDay

    return NonWorkingDay.objects.filter(partnership__isnull=True).order_by("date").first()


def _adults_kwargs(name: str, world: World, persona: str) -> dict:
    """The test partnership runs safeguarding adults reviews: a SAR under way with the same people on
    it as the children's test case, a finding of it, and the persona's own draft SAR referral."""
    from casereview.adults.framework import install
    from casereview.cases.models import Case, Referral
    from casereview.domestic.framework import install as install_domestic
    from casereview.learning.models import Finding
    from casereview.partnerships.models import EnabledFramework

    for key in ("children", "adults", "domestic_abuse"):
        EnabledFramework.objects.get_or_create(partnership=world.partnership, key=key)
    install(world.partnership)
    install_domestic(world.partnership)
    dardr = Case.objects.filter(reference="TST-2026-003").first()
    if dardr is None:
        dardr = Case.objects.create(partnership=world.partnership, reference="TST-2026-003", pseudonym="DARDR C",
                                    framework="domestic_abuse", status="in_review",
                                    route=world.partnership.routes.get(kind="dardr"))
        for membership in world.case.memberships.all():
            dardr.memberships.create(person=membership.person, role=membership.role)
    if name.startswith("domestic:"):
        return {"slug": world.partnership.slug} if name == "domestic:notify" else {"reference": dardr.reference}
    sar = Case.objects.filter(reference="TST-2026-002").first()
    if sar is None:
        sar = Case.objects.create(partnership=world.partnership, reference="TST-2026-002", pseudonym="Adult B",
                                  framework="adults", status="in_review",
                                  route=world.partnership.routes.get(kind="sar"))
        for membership in world.case.memberships.all():
            sar.memberships.create(person=membership.person, role=membership.role)
        Finding.objects.create(case=sar, number=1, text="Self-neglect was not assessed.",
                               created_by=world.people["bu_officer"])
    if name in ("adults:referral", "adults:referral-check", "adults:referral-submit"):
        from casereview.adults.models import SarReferral

        owner = world.people[persona if persona in REFERRERS else "bu_manager"]
        partnership = world.other_partnership if persona == "other_partnership_manager" else world.partnership
        draft = Case.objects.create(partnership=partnership, status="draft", created_by=owner, framework="adults")
        Referral.objects.create(case=draft)
        SarReferral.objects.create(case=draft)
        return {"pk": draft.pk}
    return {"adults:record": {"reference": sar.reference}, "adults:involvement": {"reference": sar.reference},
            "adults:not-acted-on": {"finding_id": sar.findings.first().pk},
            "adults:annual": {"slug": world.partnership.slug},
            "cases:frameworks": {"slug": world.partnership.slug}}.get(name, {})


def _casefile_kwargs(name: str, world: World) -> dict:
    """A document on the test case, kept for the business unit and the lead reviewer, with one version."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from casereview.casefiles import services
    from casereview.casefiles.models import CaseDocument

    case = world.case
    document = CaseDocument.objects.filter(case=case).first()
    if document is None:
        document = services.document_add(case=case, by=world.people["bu_officer"], title="Letter",
                                         upload=SimpleUploadedFile("letter.pdf", b"%PDF-1.7 letter")).document
    return {"reference": case.reference, **({"pk": document.pk} if name != "casefiles:list"
                                            and name != "casefiles:upload" else {}),
            **({"number": 1} if name == "casefiles:download" else {})}


def _api_token(world: World):
    from casereview.api import tokens
    from casereview.api.models import ApiToken

    return ApiToken.objects.filter(partnership=world.partnership).first() or tokens.token_issue(
        partnership=world.partnership, by=world.people["bu_manager"], name="Reports", scopes=["cases"],
        expires_on=None)[0]


def _retention_kwargs(name: str, world: World) -> dict:
    """A legal hold and a proposed disposal batch naming the test case."""
    from django.utils import timezone

    from casereview.retention.models import DisposalBatch, DisposalItem, LegalHold

    slug = world.partnership.slug
    batch = DisposalBatch.objects.filter(partnership=world.partnership).first()
    if batch is None:
        batch = DisposalBatch.objects.create(partnership=world.partnership, proposed_on=timezone.localdate())
        DisposalItem.objects.create(batch=batch, kind="documents", case=world.case, reference=world.case.reference,
                                    due_on=timezone.localdate(), rule="Case documents: 6 years after the case closed")
        LegalHold.objects.create(partnership=world.partnership, case=world.case, reason="Inquest",
                                 placed_by=world.people["bu_manager"])
    return {"slug": slug, **({"kind": "documents"} if name == "retention:rule" else {}),
            **({"pk": batch.pk} if name == "retention:batch" else {}),
            **({"pk": LegalHold.objects.filter(partnership=world.partnership).first().pk}
               if name == "retention:hold-lift" else {})}


def _meeting_kwargs(name: str, world: World) -> dict:
    """A rapid review meeting planned for today, chaired by the chair, with agency_rep_elsewhere
    invited and the test case on its agenda with one paper, and an action for the police partner."""
    from django.utils import timezone

    from casereview.meetings import services
    from casereview.meetings.models import Meeting, MeetingAction

    if name == "meetings:new":
        return {"slug": world.partnership.slug}
    if name == "meetings:case":
        return {"reference": world.case.reference}
    bu = world.people["bu_officer"]
    meeting = Meeting.objects.filter(partnership=world.partnership).first()
    if meeting is None:
        meeting = services.meeting_create(partnership=world.partnership, by=bu, kind="rapid_review",
                                          starts_at=timezone.now(), duration_minutes=60, location="Microsoft Teams",
                                          chair=world.people["chair"])
        services.attendee_add(meeting=meeting, by=bu, person=world.people["agency_rep_elsewhere"])
        document = _casefile_kwargs("casefiles:document", world)["pk"]
        item = services.item_add(meeting=meeting, by=bu, case=world.case, title="",
                                 papers=list(world.case.case_documents.filter(pk=document)))
        MeetingAction.objects.create(meeting=meeting, item=item, description="Send the chronology",
                                     owner=world.people["partner_police"], due_on=timezone.localdate(), created_by=bu)
    item = meeting.items.first()
    return {"meetings:list": {}, "meetings:action-done": {"pk": meeting.actions.first().pk}}.get(name, {
        "pk": meeting.pk,
        **({"item": item.pk} if name in ("meetings:item", "meetings:item-remove", "meetings:paper",
                                         "meetings:minutes", "meetings:item-step") else {}),
        **({"document": item.papers.first().pk} if name == "meetings:paper" else {}),
        **({"name": "screen"} if name == "meetings:item-step" else {}),
        **({"attendee": meeting.attendees.get(person=world.people["agency_rep_elsewhere"]).pk}
           if name == "meetings:attendee-remove" else {})})


def _kwargs(name: str, world: World, persona: str) -> dict:
    case, slug = world.case, world.partnership.slug
    if name.startswith("meetings:"):
        return _meeting_kwargs(name, world)
    if name == "api:case":
        return {"reference": case.reference}
    if name == "api_tokens:revoke":
        return {"slug": slug, "pk": _api_token(world).pk}
    if name == "api_tokens:list":
        return {"slug": slug}
    if name.startswith("retention:"):
        return _retention_kwargs(name, world)
    if name == "subjectaccess:request":
        from datetime import date

        from casereview.subjectaccess.models import SubjectAccessRequest

        found = SubjectAccessRequest.objects.filter(partnership=world.partnership).first() or \
            SubjectAccessRequest.objects.create(partnership=world.partnership, full_name="Jayden Testperson",
                                                received_on=date(2026, 11, 30), created_by=world.people["bu_manager"])
        return {"slug": slug, "pk": found.pk}
    if name == "subjectaccess:list":
        return {"slug": slug}
    if name in ("sso:providers", "sso:provider-new"):
        return {"slug": slug}
    if name == "sso:provider":
        from casereview.sso.models import IdentityProvider

        found = IdentityProvider.objects.filter(partnership=world.partnership).first() or \
            IdentityProvider.objects.create(partnership=world.partnership, name="Staff account", active=False,
                                            issuer="https://login.example/tenant/v2.0", client_id="x",
                                            client_secret="y", email_domains="test.example",  # noqa: S106
                                            created_by=world.people["bu_manager"])
        return {"slug": slug, "pk": found.pk}
    if name.startswith(("adults:", "domestic:")) or name == "cases:frameworks":
        return _adults_kwargs(name, world, persona)
    if name.startswith("referrals:") and name not in ("referrals:list", "referrals:start"):
        draft, subject = _draft_for(world, persona)
        return {"pk": draft.pk, **({"kind": "child"} if name in ("referrals:add-person", "referrals:edit-person")
                                   else {}),
                **({"subject_id": subject.pk} if name in ("referrals:edit-person", "referrals:remove-person")
                   else {})}
    if name.startswith("contributions:") and name not in ("contributions:mine", "contributions:chronology-template",
                                                          "contributions:word-template"):
        return _contribution_kwargs(name, world)
    if name.startswith("learning:") or name in ("calendar-feed", "site:library-briefing",
                                                 "site:library-briefing-pdf"):
        return _learning_kwargs(name, world)
    if name.startswith("reports:") or name.startswith("site:library"):
        return _report_kwargs(name, world)
    if name.startswith("library:"):
        return _library_kwargs(name, world)
    if name.startswith("exports:"):
        return {"token": _export_for(world).token}
    if name.startswith("casefiles:"):
        return _casefile_kwargs(name, world)
    route = world.partnership.routes.get(kind="lcspr")
    rule = world.partnership.clock_rules.get(key="rapid_review")
    return {
        "invitations:accept": {"token": "not-a-real-token"},
        "accounts:remove-passkey": {"credential_id": 999999},
        "cases:detail": {"reference": case.reference},
        "cases:identity": {"reference": case.reference},
        "cases:access-log": {"reference": case.reference},
        "cases:add-member": {"reference": case.reference, "role": "lead_reviewer"},
        "cases:remove-member": {"reference": case.reference, "membership_id": case.memberships.first().pk},
        "cases:export": {"fmt": "csv"},
        "site:how-reviews-work-partnership": {"slug": slug},
        "site:process-pack-pdf": {"slug": slug},
        "contributions:chronology-template": {"fmt": "xlsx"},
        "contributions:word-template": {"kind": "agency_report"},
        "cases:step": {"reference": case.reference, "name": "screen"},
        "cases:checklist": {"reference": case.reference},
        "cases:owner": {"reference": case.reference},
        "cases:joint": {"reference": case.reference},
        "process:overview": {"slug": slug},
        "process:route": {"slug": slug, "route_id": route.pk},
        "process:stage-add": {"slug": slug, "route_id": route.pk},
        "process:stage": {"slug": slug, "route_id": route.pk, "stage_id": route.stages.first().pk},
        "process:stage-move": {"slug": slug, "route_id": route.pk, "stage_id": route.stages.first().pk},
        "process:rule": {"slug": slug, "rule_id": rule.pk},
        "process:reminders": {"slug": slug, "subject": "agency_request"},
        "cases:rule-recompute": {"slug": slug, "rule_id": rule.pk},
        "process:calendar": {"slug": slug},
        "process:logo": {"slug": slug},
        "process:calendar-remove": {"slug": slug, "day_id": _closure_day(world).pk},
        "hub:partnership": {"slug": slug},
        "partnerships:people": {"slug": slug},
        "partnerships:invite": {"slug": slug},
        "partnerships:person": {"slug": slug, "person_id": world.people["agency_rep_elsewhere"].pk},
        "partnerships:remove": {"slug": slug, "person_id": world.people["agency_rep_elsewhere"].pk},
        "partnerships:proposals": {"slug": slug},
        "partnerships:proposal-confirm": {"slug": slug, "proposal_id": _proposal(world).pk},
        "partnerships:proposal-decline": {"slug": slug, "proposal_id": _proposal(world).pk},
        "partnerships:proposal-withdraw": {"slug": slug, "proposal_id": _proposal(world).pk},
        "installation:bank-holiday-remove": {"day_id": _bank_holiday(world).pk},
        "installation:close-account": {"person_id": world.people["agency_rep_elsewhere"].pk},
        "partnerships:invitation-resend": {"slug": slug, "invitation_id": world.invitation.pk},
        "partnerships:invitation-withdraw": {"slug": slug, "invitation_id": world.invitation.pk},
        "partnerships:audit": {"slug": slug},
    }.get(name, {})


def _allowed(rule, persona: str) -> bool:
    if rule == ANYONE:
        return True
    if persona == "anonymous":
        return False
    if rule == SIGNED_IN:
        return True
    if persona == "password_only":
        return False
    if rule == VERIFIED:
        return True
    return persona in rule


def _was_refused(response, name: str = "") -> bool:
    # A draft referral or an export is its author's alone: to anyone else it does not exist.
    if response.status_code == 403 or (response.status_code == 404 and name.startswith(
            ("referrals:", "exports:", "adults:referral"))):
        return True
    if response.status_code in (301, 302):
        location = response.headers.get("Location", "")
        return location.startswith(reverse("accounts:sign-in")) or location.startswith(
            reverse("accounts:second-factor"))
    return False


def _export_for(world: World):
    """A finished chronology export the lead reviewer asked for, with its file."""
    from datetime import timedelta
    from pathlib import Path

    from django.conf import settings
    from django.utils import timezone

    from casereview.exports.models import Export

    export = Export.objects.filter(case=world.case).first()
    if export is None:
        export = Export.objects.create(kind="chronology", fmt="xlsx", requested_by=world.people["lead_reviewer"],
                                       case=world.case, partnership=world.partnership, status="ready", total=1,
                                       expires_at=timezone.now() + timedelta(hours=1))
        export.file_name = f"{export.token.hex}.xlsx"
        export.save(update_fields=["file_name"])
        folder = Path(settings.MEDIA_ROOT) / "exports"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / export.file_name).write_bytes(b"PK test")
    return export


def _build_once(world: World, persona: str) -> None:
    """Makes every object the URLs need before the loop, so that each request's rolled-back
    transaction finds them rather than building report versions and PDFs again for every URL."""
    for name in EXPECTED:
        _kwargs(name, world, persona)


def _client_for(world: World, persona: str) -> Client:
    client = Client(raise_request_exception=False)
    if persona == "password_only":
        sign_in_password_only(client, world.people["bu_manager"])
    elif persona != "anonymous":
        sign_in(client, world.people[persona])
    return client


class _Signed:
    """One sign-in for a whole test, made outside the per-URL transactions. A URL that signs the
    person out (or ends the session) does so in a transaction that is rolled back, and the
    session cookie is put back before the next request."""

    def __init__(self, world: World, persona: str):
        from django.conf import settings

        self.client = _client_for(world, persona)
        self.name = settings.SESSION_COOKIE_NAME
        self.cookie = self.client.cookies.get(self.name)

    def request(self, method: str, url: str):
        if self.cookie is not None:
            self.client.cookies[self.name] = self.cookie.value
        return getattr(self.client, method)(url)


@pytest.mark.parametrize("persona", PERSONAS)
def test_access_by_role(world: World, persona: str):
    problems = []
    _build_once(world, persona)
    signed = _Signed(world, persona)
    for name, (rule, method) in sorted(EXPECTED.items()):
        with transaction.atomic():
            url = reverse(name, kwargs=_kwargs(name, world, persona))
            response = signed.request(method, url)
            transaction.set_rollback(True)
        expected = _allowed(rule, persona)
        # A health probe says 503 on purpose when no task worker runs, as in this test.
        if response.status_code >= 500 and not (name.startswith("site:healthz") and response.status_code == 503):
            problems.append(f"{name}: server error {response.status_code}")
        elif _was_refused(response, name) == expected:
            problems.append(f"{name}: expected {'allowed' if expected else 'refused'}, got {response.status_code}")
    assert not problems, f"{persona}:\n" + "\n".join(problems)


def _refused_or_not_allowed(response, name: str) -> bool:
    """A refusal, or a method the view does not take at all (nothing was done either way)."""
    return response.status_code == 405 or _was_refused(response, name)


def _first_allowed(rule) -> str | None:
    return next((p for p in PERSONAS if _allowed(rule, p)), None)


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_route_refuses_a_post_from_whoever_may_not_use_it(world: World, persona: str):
    """Every URL, posted to with an empty form: refused for whoever the rule refuses. Pages read
    with GET above are often written with POST; this catches a view that checks permission on one
    method and not the other. One person the rule allows posts too, to show it is no server error."""
    problems = []
    _build_once(world, persona)
    signed = _Signed(world, persona)
    for name, (rule, _method) in sorted(EXPECTED.items()):
        allowed = _allowed(rule, persona)
        if allowed and _first_allowed(rule) != persona:
            continue
        with transaction.atomic():
            response = signed.request("post", reverse(name, kwargs=_kwargs(name, world, persona)))
            transaction.set_rollback(True)
        if response.status_code >= 500:
            problems.append(f"{name}: server error {response.status_code}")
        elif not allowed and not _refused_or_not_allowed(response, name):
            problems.append(f"{name}: expected refused, got {response.status_code}")
    assert not problems, f"{persona}:\n" + "\n".join(problems)


# People of the first partnership against the same objects after they have been moved to the other
# partnership: what belongs to another partnership is refused to everyone here, whatever their role.
HOME_PERSONAS = [p for p in PERSONAS if p not in ("anonymous", "password_only", "other_partnership_manager",
                                                  "installer")]
# Not about one partnership's objects: public pages, personal lists, a person's own draft referral,
# and what the installation shares.
_NOT_PARTNERSHIP_OBJECTS = ("referrals:", "adults:referral", "installation:", "otp_webauthn:", "accounts:")
_SHARED = {"library:manage", "library:upload", "library:attach-official", "library:vocabulary", "library:theme-add", "library:theme-edit",
           "library:search", "contributions:mine", "learning:mine", "contributions:chronology-template",
           "contributions:word-template", "cases:export", "learning:calendar", "cases:list",
           "notifications:list", "notifications:read-all", "meetings:list"}


def _move_to_the_other_partnership(world: World, kwargs: dict) -> dict:
    from casereview.api.models import ApiToken
    from casereview.cases.models import Case
    from casereview.library.models import LibraryDocument
    from casereview.meetings.models import Meeting
    from casereview.partnerships.models import Invitation, RoleProposal
    from casereview.process.models import NonWorkingDay
    from casereview.retention.models import DisposalBatch, LegalHold
    from casereview.sso.models import IdentityProvider
    from casereview.subjectaccess.models import SubjectAccessRequest

    other = world.other_partnership
    Case.objects.filter(partnership=world.partnership).update(partnership=other)
    LibraryDocument.objects.filter(partnership=world.partnership).update(partnership=other)
    NonWorkingDay.objects.filter(partnership=world.partnership).update(partnership=other)
    Invitation.objects.filter(partnership=world.partnership).update(partnership=other)
    RoleProposal.objects.filter(partnership=world.partnership).update(partnership=other)
    Meeting.objects.filter(partnership=world.partnership).update(partnership=other)
    ApiToken.objects.filter(partnership=world.partnership).update(partnership=other)
    DisposalBatch.objects.filter(partnership=world.partnership).update(partnership=other)
    LegalHold.objects.filter(partnership=world.partnership).update(partnership=other)
    SubjectAccessRequest.objects.filter(partnership=world.partnership).update(partnership=other)
    IdentityProvider.objects.filter(partnership=world.partnership).update(partnership=other)
    return {key: other.slug if key == "slug" and value == world.partnership.slug else value
            for key, value in kwargs.items()}


@pytest.mark.parametrize("persona", HOME_PERSONAS)
def test_objects_of_another_partnership_are_refused_to_every_role(world: World, persona: str):
    problems = []
    _build_once(world, persona)
    signed = _Signed(world, persona)
    for name, (rule, method) in sorted(EXPECTED.items()):
        if rule in (ANYONE, SIGNED_IN, VERIFIED) or name.startswith(_NOT_PARTNERSHIP_OBJECTS) or name in _SHARED:
            continue
        # Posts to every route by someone of another partnership are in the test above.
        with transaction.atomic():
            kwargs = _move_to_the_other_partnership(world, _kwargs(name, world, persona))
            response = signed.request(method, reverse(name, kwargs=kwargs))
            transaction.set_rollback(True)
        if not (response.status_code == 404 or _refused_or_not_allowed(response, name)):
            problems.append(f"{method.upper()} {name}: expected refused, got {response.status_code}")
    assert not problems, f"{persona}:\n" + "\n".join(problems)
