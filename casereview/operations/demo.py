"""Fictional demo cases, one or more at every stage and on every route, made through the same
services people use, with dates set relative to today so the deadlines look as they would."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from casereview.casefiles import services as casefiles
from casereview.casefiles.models import Audience
from casereview.cases import lifecycle, referrals
from casereview.cases.clocks import clocks_recompute
from casereview.cases.models import Case, CaseMembership, CaseRole, LegalStatus, Screening
from casereview.contributions import services as contributions
from casereview.contributions.models import RequestKind
from casereview.documents.render import html_to_pdf
from casereview.govuk.formatting import format_date
from casereview.learning import services as learning
from casereview.learning.themes import labels
from casereview.library import services as library
from casereview.library.models import LibraryDocument
from casereview.meetings import services as meetings
from casereview.meetings.models import MeetingKind
from casereview.process import workdays
from casereview.process.calendar import closed_days
from casereview.process.models import Route
from casereview.reports import queries as report_queries
from casereview.reports import services as reports
from casereview.reports.models import PublicationDecision, QualityMarker

# Clearly invented: every demo family shares the surname "Fictionshire".
FIRST_NAMES = ["Maisie", "Oliver", "Isla", "Reuben", "Poppy", "Kai", "Esme", "Theo", "Nell", "Arlo", "Wren", "Otis",
               "Ivy", "Rafferty", "Skye"]
PARENT_NAMES = ["Jodie", "Kerry", "Leanne", "Stacey", "Gemma"]


@dataclass
class Cast:
    """The demo people the scenarios need."""

    referrer: object
    officer: object
    manager: object
    partner_la: object
    partner_police: object
    partner_icb: object
    reviewer: object
    reps: list


@contextmanager
def on_day(day: date | None):
    """Runs what is inside as if it were that day (mid-morning), so that every timestamp a step
    writes (its history, audit events, notifications) matches the date it records. The clock is
    moved only for the demo and only where time-machine is installed (the development tools)."""
    try:
        import time_machine
    except ImportError:
        time_machine = None
    if day is None or time_machine is None or day >= timezone.localdate():
        yield
        return
    with time_machine.travel(timezone.make_aware(datetime.combine(day, time(10, 0))), tick=True):
        yield


class Demo:
    def __init__(self, partnership, cast: Cast):
        self.partnership = partnership
        self.cast = cast
        self.today = timezone.localdate()
        self.closed = closed_days(partnership.pk)
        self.las = list(partnership.local_authorities.order_by("pk"))
        self.agencies = list(partnership.agencies.exclude(name__in=["Business unit", "Independent reviewers"])
                             .order_by("pk"))
        self.count = 0

    def wd(self, n: int, start: date | None = None) -> date:
        """n working days after (negative: before) start, or today."""
        return workdays.add_working_days(start or self.today, n, self.closed)

    def step(self, case: Case, name: str, by=None, **data) -> Case:
        # Each step is taken on the day it records, so its history reads true.
        days = [v for v in data.values() if isinstance(v, date) and v <= self.today]
        with on_day(max(days) if days else None):
            return lifecycle.case_transition(case=case, name=name, by=by or self.cast.officer, data=data)

    # The lifecycle, a step at a time --------------------------------------------------------

    def refer(self, *, aware: date, summary: str, kind: str = "serious_harm", age: int = 2,
              legal=(LegalStatus.CHILD_IN_NEED,), police="yes", media="no") -> Case:
        self.count += 1
        with on_day(aware):
            return self._refer(aware=aware, summary=summary, kind=kind, age=age, legal=legal, police=police,
                               media=media)

    def _refer(self, *, aware, summary, kind, age, legal, police, media) -> Case:
        by = self.cast.referrer
        case = referrals.referral_start(partnership=self.partnership, by=by)
        referrals.referral_save(case=case, by=by, data={
            "referrer_role": "Named nurse for safeguarding", "incident_date": aware - timedelta(days=1),
            "incident_place": "The family home", "incident_kind": kind, "abuse_or_neglect": "suspected",
            "abuse_kinds": ["neglect"] if kind == "death" else ["physical"], "description": summary,
            "immediate_actions": "Strategy discussion held; siblings' safety plan agreed.",
            "police_involved": police, "media_interest": media, "aware_date": aware,
            "local_authority": self.las[self.count % len(self.las)],
            "agencies": self.agencies[self.count % 3: self.count % 3 + 4],
        })
        referrals.referral_person_save(case=case, by=by, kind="child", data={
            "full_name": f"{FIRST_NAMES[self.count % len(FIRST_NAMES)]} Fictionshire", "age": age, "sex": "female" if self.count % 2 else "male",
            "ethnicity": "not_known", "disability": "no", "legal_status": list(legal),
            "address": f"{self.count} Example Street, Northbridge", "postcode": "ZZ99 9ZZ",
            "local_authority": self.las[0]})
        referrals.referral_person_save(case=case, by=by, kind="family_member", data={
            "full_name": f"{PARENT_NAMES[self.count % len(PARENT_NAMES)]} Fictionshire", "relationship": "Mother"})
        case = lifecycle.case_transition(case=case, name="submit", by=by)
        Case.objects.filter(pk=case.pk).update(owner=self.cast.officer)
        return Case.objects.get(pk=case.pk)

    def screen(self, case: Case, on: date, *, notify: bool = True) -> Case:
        if notify:
            return self.step(case, "screen", abuse_or_neglect="suspected", death_or_serious_harm="yes",
                             outcome="notify", screened_on=on,
                             rationale="Abuse or neglect is suspected and the child was seriously harmed.")
        return self.step(case, "screen", abuse_or_neglect="not_suspected", death_or_serious_harm="yes",
                         outcome=Screening.Outcome.NOT_NOTIFIABLE_CLOSE, screened_on=on,
                         rationale="Accidental injury; no concerns about abuse or neglect.")

    def notify(self, case: Case, on: date) -> Case:
        return self.step(case, "notify", reference=f"CSINS-DEMO-{case.pk:04d}", notified_on=on)

    def rapid_review(self, case: Case, notified: date, *, sent: bool = True) -> Case:
        case = self.step(case, "rapid_review_progress", summaries_requested_on=self.wd(1, notified),
                         summaries_received_on=self.wd(7, notified), meeting_on=self.wd(11, notified),
                         partners_agreed_on=self.wd(13, notified) if sent else None)
        if sent:
            # The record the Panel reads, written after the meeting and before it is sent.
            with on_day(self.wd(12, notified)):
                self._rr_record(case)
            case = self.step(case, "rapid_review_send", sent_on=self.wd(14, notified), recommendation="lcspr")
        return case

    def _rr_record(self, case: Case) -> None:

        reports.rapid_review_record_save(case=case, by=self.cast.officer, data={
            **reports.rapid_review_record_initial(case),
            "agency_summaries": "Health, police and school each held part of the picture; none held it all.",
            "learning": "How agencies share what they see of a baby's injuries, and how they hear the child.",
            "attendees": "Business unit manager\nDetective inspector, Wessex Police\nNamed nurse, NHS trust\n"
                         "Team manager, children's social care"})

    def panel(self, case: Case, on: date, response: str = "agrees") -> Case:
        return self.step(case, "panel_response", response=response, response_on=on,
                         notes="The Panel agrees with the partnership's decision.")

    def decide(self, case: Case, kind: str, on: date) -> Case:
        route = Route.objects.get(partnership=self.partnership, kind=kind)
        return self.step(case, "decide", by=self.cast.partner_la, route=route, regulation_11=["a", "c"],
                         rationale="The case highlights learning about how agencies share information.",
                         decided_on=on, partner_la=self.cast.partner_la, partner_police=self.cast.partner_police,
                         partner_icb=self.cast.partner_icb)

    def staff(self, case: Case) -> None:
        CaseMembership.objects.get_or_create(case=case, person=self.cast.reviewer,
                                             defaults={"role": CaseRole.LEAD_REVIEWER, "added_by": self.cast.manager})
        for rep in self.cast.reps:
            CaseMembership.objects.get_or_create(case=case, person=rep,
                                                 defaults={"role": CaseRole.AGENCY_REPRESENTATIVE,
                                                           "added_by": self.cast.manager})

    def through_rapid_review(self, aware: date, summary: str, **kwargs) -> tuple[Case, date]:
        case = self.refer(aware=aware, summary=summary, **kwargs)
        case = self.screen(case, self.wd(1, aware))
        notified = self.wd(3, aware)
        case = self.notify(case, notified)
        case = self.rapid_review(case, notified)
        case = self.panel(case, self.wd(24, notified))
        return case, self.wd(25, notified)

    def advance(self, case: Case, times: int, on: date) -> Case:
        """Moves the case through its stages, each on its own day between ``on`` and today, doing at
        each the work its gate asks for: terms of reference agreed, a report drafted, quality assured,
        approved by the partners, the notice sent, published."""
        available = workdays.working_days_between(on, self.today, self.closed) if on < self.today else 0
        spacing = max(1, min(15, available // max(times, 1)))
        for index in range(times):
            day = min(self.wd(index * spacing, on), self.today)
            # After the last step the case waits at its stage until today: what comes next is ahead.
            upcoming = min(self.wd((index + 1) * spacing, on), self.today) if index < times - 1 else None
            with on_day(day):
                case = self._advance_once(case, day, upcoming)
        return case

    def signed_terms_of_reference(self, case: Case, on: date) -> None:
        """The signed copy, uploaded against the stage's expected document (required in the demo's
        LCSPR pack), as a business unit files it."""
        stage = case.stage
        expected = next((d for d in stage.documents if "terms of reference" in d.lower()), "")
        pdf = html_to_pdf(f"<!doctype html><html lang='en'><head><title>Terms of reference</title></head><body>"
                          f"<h1>Terms of reference: {case.reference}</h1><p>Agreed by the safeguarding partners on "
                          f"{format_date(on)}.</p><p>Signed for the local authority, the police and the Integrated Care "
                          "Board.</p></body></html>", stylesheet="css/document.css")
        with on_day(on):
            casefiles.document_add(case=case, by=self.cast.officer, title="Signed terms of reference",
                                   description="The copy signed by the three safeguarding partners.",
                                   audience=Audience.CASE, stage=stage if expected else None, expected=expected,
                                   upload=SimpleUploadedFile("Signed terms of reference.pdf", pdf))

    def _advance_once(self, case: Case, on: date, upcoming: date | None) -> Case:
        from django.conf import settings


        milestone = case.stage.milestone
        data = {}
        if milestone == "commissioned":
            reports.terms_of_reference_save(case=case, by=self.cast.officer, data={
                "scope_start": on - timedelta(days=540), "scope_end": on - timedelta(days=30),
                "lines_of_enquiry": "How did agencies share what they knew?\nHow was the child's voice heard?",
                "methodology": "systems", "agreed_on": on})
            data["terms_of_reference_on"] = on
            self.signed_terms_of_reference(case, on)
        elif milestone == "drafting" and not case.report_versions.exists():
            self.report(case)
        elif milestone == "quality_assurance":
            for marker in QualityMarker.objects.filter(partnership=case.partnership, active=True):
                reports.quality_check_save(case=case, by=self.cast.manager, marker=marker, met=True,
                                           evidence="Checked by the review subgroup.")
        elif milestone == "approved":
            version = report_queries.latest_version(case)
            for partner in (self.cast.partner_la, self.cast.partner_police, self.cast.partner_icb):
                reports.approval_record(case=case, by=partner, version=version, comment="Agreed.")
            reports.publication_decision_save(
                case=case, by=self.cast.officer, form=PublicationDecision.Form.FULL,
                foreword="This review was commissioned by the safeguarding partners. We thank the practitioners "
                         "who gave their time, and the family, who helped us understand the child's life.",
                response="The safeguarding partners accept the findings. Each recommendation has an owner and a "
                         "date in the partnership's action log, and the review subgroup will report progress "
                         "every quarter.",
                glossary="ICB: Integrated Care Board, the NHS body for the area\n"
                         "LCSPR: Local child safeguarding practice review\n"
                         "MASH: Multi-agency safeguarding hub")
            data["approved_on"] = on
            if case.route.kind == "lcspr":
                # Planned to leave the notice its seven working days after the next step.
                data["publication_planned_on"] = self.wd(8, upcoming) if upcoming else self.wd(10, self.today)
        elif milestone == "pre_publication_notice":
            data["notice_sent_on"] = on
        elif milestone == "published":
            published_on = max(on, self.earliest_publication(case))
            with on_day(published_on):
                reports.publish(case=case, by=self.cast.officer, published_on=published_on,
                                site_url=settings.SITE_URL)
            return Case.objects.get(pk=case.pk)
        elif milestone == "embedding_learning":
            data["note"] = "Learning embedded."
        return self.step(case, "advance", **data)

    def earliest_publication(self, case: Case) -> date:
        notice = case.milestones.get(event="notice_sent").on
        return self.wd(7, notice)

    def report(self, case: Case):

        summary = case.referral.description
        text = DEMO_REPORT if case.route.kind == "lcspr" else DEMO_LEARNING_SUMMARY
        sections = {key: html.format(child=case.pseudonym, summary=summary) for key, html in text.items()}
        return reports.version_save(case=case, by=self.cast.reviewer, note="First full draft", sections=sections)


def load(partnership, cast: Cast) -> list[Case]:
    """Sixteen fictional cases across every stage and route."""
    d = Demo(partnership, cast)
    wd, made = d.wd, []

    made.append(d.refer(aware=wd(-2), summary="Baby admitted with a head injury; explanation inconsistent."))
    case = d.refer(aware=wd(-7), summary="Teenager seriously harmed by an adult known to the family.", age=15)
    made.append(d.screen(case, wd(-6)))

    case = d.refer(aware=wd(-8), summary="Death of an infant; concerns about sleeping arrangements and neglect.",
                   kind="death", age=0)
    case = d.notify(d.screen(case, wd(-7)), wd(-5))
    made.append(d.step(case, "rapid_review_progress", summaries_requested_on=wd(-4)))

    case = d.refer(aware=wd(-25), summary="Child seriously harmed; looked after and placed out of area.",
                   legal=(LegalStatus.LOOKED_AFTER,))
    case = d.screen(case, wd(-24))
    case = d.step(case, "notify", reference=f"CSINS-DEMO-{case.pk:04d}", notified_on=wd(-22),
                  ofsted_notified_on=wd(-22), secretary_of_state_notified_on=wd(-21))
    made.append(d.rapid_review(case, wd(-22)))

    case, _ = d.through_rapid_review(wd(-45), "Child seriously injured by a family dog; neglect suspected.")
    made.append(case)

    def lcspr(aware_back: int, summary: str, stages_done: int, **kwargs) -> Case:
        case, decided_on = d.through_rapid_review(wd(-aware_back), summary, **kwargs)
        case = d.decide(case, "lcspr", decided_on)
        d.staff(case)
        return d.advance(case, stages_done, min(wd(5, decided_on), d.today))

    made.append(lcspr(50, "Death of a toddler; repeated missed health appointments.", 0, kind="death", age=2))
    case = lcspr(80, "Adolescent exploited outside the home; serious harm.", 1, age=14)
    made.append(d.step(case, "hold_place", reason="criminal_proceedings", started_on=wd(-10), review_on=wd(20),
                       details="Trial expected next term. Publication must wait for the verdict."))
    made.append(lcspr(110, "Infant with fractures; parents' accounts conflict.", 3))
    made.append(lcspr(140, "Child died in a house fire; neglect and hoarding known to agencies.", 6, kind="death"))
    case = lcspr(170, "Sibling group neglected over years; one child seriously harmed.", 7)
    made.append(d.advance(case, 1, wd(-1)))

    case, decided_on = d.through_rapid_review(wd(-70), "Young person self-harmed after online abuse.", age=13)
    case = d.decide(case, "local_learning", decided_on)
    d.staff(case)
    made.append(d.advance(case, 2, wd(3, decided_on)))

    # A local learning review taken to the end: signed off, and its learning summary in the public library.
    case, decided_on = d.through_rapid_review(wd(-160), "Bruising on a baby seen by three agencies; none referred.",
                                              age=0)
    case = d.decide(case, "local_learning", decided_on)
    d.staff(case)
    case = d.advance(case, 6, wd(3, decided_on))
    from django.conf import settings


    with on_day(d.today):
        reports.publish(case=case, by=cast.officer, published_on=d.today, site_url=settings.SITE_URL)
    made.append(Case.objects.get(pk=case.pk))

    case, decided_on = d.through_rapid_review(wd(-60), "Baby shaken; the rapid review found clear learning.")
    made.append(d.decide(case, "rapid_review_learning", decided_on))

    case, decided_on = d.through_rapid_review(wd(-90), "Child death linked to a national pattern of risk.",
                                              kind="death")
    made.append(d.decide(case, "national_review", decided_on))

    case = d.refer(aware=wd(-30), summary="Accidental fall at a playground.", police="no")
    made.append(d.screen(case, wd(-29), notify=False))

    case = d.refer(aware=wd(-12), summary="Referred twice by mistake.")
    with on_day(wd(-11)):
        made.append(d.step(case, "withdraw", note="Duplicate of another referral."))
    # The steps were taken on their own days; the deadlines are as they stand today.

    for case in Case.objects.filter(partnership=partnership).exclude(status="draft"):
        clocks_recompute(case)
    return made


def load_contributions(partnership, cast: Cast, reps_by_agency: dict) -> None:
    """Requests and chronologies on the demo LCSPR in drafting: three agencies have submitted,
    one is still working (overdue), and the merged chronology is released to the review team."""

    case = (Case.objects.filter(partnership=partnership, status="in_review", stage__milestone="drafting")
            .order_by("pk").first())
    if case is None or case.agency_requests.exists():
        return
    today = timezone.localdate()
    demo = Demo(partnership, cast)
    # Asked when the terms of reference were agreed and information gathering began.
    asked_on = case.terms_of_reference.agreed_on
    aware = case.milestones.get(event="aware").on
    with on_day(asked_on):
        made = contributions.requests_send(
            case=case, by=cast.officer, kind=RequestKind.CHRONOLOGY,
            contributors={a.pk: [p] for a, p in reps_by_agency.items()},
            instructions="Please cover the eighteen months before the incident. Facts only; use roles, not names.",
            lines_of_enquiry="How was the baby's safety at home assessed?\nHow did agencies share information?",
            scope_start=aware - timedelta(days=540), scope_end=aware)
    stories = {
        0: [(-300, "Police log", "Police constable", "Report of shouting at the address; no children seen.", "no",
             "Words of advice given.", ""),
            (-120, "Police log", "Police constable", "Neighbour reported a crying baby for several hours.", "no", "",
             "Officers attended; nobody answered; no further action recorded.")],
        1: [(-260, "Health visitor record", "Health visitor", "New birth visit; baby feeding well; mother tired.", "yes",
             "Perinatal mental health referral offered.", ""),
            (-120, "GP record", "GP", "Baby brought with a bruise to the cheek; mother said a sibling did it.", "yes",
             "Advice given.", "")],
        2: [(-200, "Attendance log", "Designated safeguarding lead", "Sibling absent for five days without a reason.",
             "not_known", "Attendance officer phoned home.", "")],
    }
    for index, agency_request in enumerate(made):
        if index not in stories:
            continue  # the last agency never answered: overdue since its due date
        person = agency_request.contributors.first()
        with on_day(min(demo.wd(10 + index, asked_on), today)):
            submission = contributions.current_submission(agency_request)
            for days, source, role, event, seen, action, why in stories[index]:
                contributions.entry_save(submission=submission, by=person, data={
                    "on": aware + timedelta(days=days), "precision": "day", "uncertain": False, "at": None,
                    "source": source, "practitioner_role": role, "event": event, "child_seen": seen,
                    "child_voice": "", "action": action, "no_action_reason": why, "outcome": "", "significance": ""})
            contributions.submission_submit(submission=submission, by=person, signed_off_by="Team manager")
    with on_day(min(demo.wd(20, asked_on), today)):
        contributions.chronology_release(case=case, by=cast.officer)
    # A review still gathering information: agency reports asked for a few days ago, due in the weeks ahead.
    gathering = (Case.objects.filter(partnership=partnership, status="in_review",
                                     stage__milestone="information_gathering").order_by("pk").first())
    if gathering is not None:
        reps = {p.agency_id: p for p in cast.reps}
        with on_day(demo.wd(-3)):
            contributions.requests_send(
                case=gathering, by=cast.officer, kind=RequestKind.AGENCY_REPORT,
                contributors={agency_id: [person] for agency_id, person in reps.items()},
                instructions="Tell us what your agency knew of the young person and how it responded.",
                lines_of_enquiry="How were the risks outside the home recognised?\nWho did the young person trust?")


def load_meetings(partnership, cast: Cast) -> None:
    """A rapid review meeting three working days ahead for the case whose rapid review is under
    way: the partners and the agencies invited, the case on the agenda with its agency summaries as
    a paper. The partners find it on Your work; the business unit writes it up afterwards."""
    case = Case.objects.filter(partnership=partnership, status="rapid_review").order_by("pk").first()
    if case is None or case.agenda_items.exists():
        return
    demo = Demo(partnership, cast)
    summaries = html_to_pdf("<!doctype html><html lang='en'><head><title>Agency summaries</title></head><body>"
                            f"<h1>Agency summaries: {case.reference}</h1><p>Police, health and the school each "
                            "describe their contact with the family in the year before the incident.</p>"
                            "</body></html>", stylesheet="css/document.css")
    with on_day(demo.wd(-1)):
        paper = casefiles.document_add(case=case, by=cast.officer, title="Agency summaries for the rapid review",
                                       upload=SimpleUploadedFile("Agency summaries.pdf", summaries)).document
        starts_at = timezone.make_aware(datetime.combine(demo.wd(3), time(10, 0)))
        meeting = meetings.meeting_create(partnership=partnership, by=cast.officer, kind=MeetingKind.RAPID_REVIEW,
                                          starts_at=starts_at, duration_minutes=90, location="Microsoft Teams",
                                          chair=cast.partner_la)
        for person in (cast.partner_police, cast.partner_icb, *cast.reps):
            meetings.attendee_add(meeting=meeting, by=cast.officer, person=person)
        meetings.item_add(meeting=meeting, by=cast.officer, case=case, title="", papers=[paper])
        meetings.invitations_send(meeting=meeting, by=cast.officer)


DEMO_REPORT = {
    "introduction": "<p>This review looked at how agencies worked together before {child} was seriously harmed. "
                    "The safeguarding partners decided that the case met the criteria for a local child "
                    "safeguarding practice review.</p>",
    "methodology": "<p>A systems approach: agency chronologies and reports, a practitioner learning event and "
                   "conversations with the family.</p>",
    "child": "<p>{child} lived with their mother and two older siblings. What happened: {summary}</p>",
    "chronology": "<p>Over eighteen months, health, police and school each saw part of the picture.</p>",
    "analysis": "<p>No agency held the whole picture. Information about a bruise seen by the GP did not reach "
                "children's social care, and a police call-out about a crying baby was not shared.</p>",
    "good_practice": "<p>The health visitor's early referral for perinatal support.</p>",
    "improvements": "<ul><li>Bruising in non-mobile babies is always discussed with children's social care.</li>"
                    "<li>Police share call-outs involving babies with health visitors.</li></ul>",
    "recommendations": "<ol><li>The partnership audits the bruising protocol within six months.</li></ol>",
}


DEMO_LEARNING_SUMMARY = {
    "summary": "<p>{child} was a baby when bruising was seen by a health visitor, a GP and a nursery worker in "
               "the same month. None of them made a referral. What happened: {summary}</p>",
    "learning": "<p>Each practitioner saw one bruise and an explanation that seemed plausible on its own. "
                "Nobody knew what the others had seen, and the bruising protocol was not used.</p>"
                "<p>Practitioners told the learning event they were unsure whether a bruise on a baby who is "
                "not yet mobile needs a referral when the parents give an account.</p>",
    "good_practice": "<p>The nursery recorded the bruise with a body map and told the parents.</p>",
    "actions": "<ol><li>Every agency reminds staff that any bruise on a non-mobile baby is referred the same "
               "day.</li><li>The partnership audits use of the bruising protocol within six months.</li></ol>",
}


def load_reports(partnership, cast: Cast) -> None:
    """A first draft on the LCSPR in drafting. Reports further on were written, approved and
    published as their cases moved through the stages (Demo.advance)."""
    case = (Case.objects.filter(partnership=partnership, status="in_review", route__kind="lcspr",
                                stage__milestone="drafting").order_by("pk").first())
    if case is not None and not case.report_versions.exists():
        Demo(partnership, cast).report(case)


def load_learning(partnership, cast: Cast, agencies: dict) -> None:
    """Findings, recommendations and actions on the published review, one briefing in the library."""

    case = _learning_case(partnership)
    if case is None or case.findings.exists():
        return
    today = timezone.localdate()
    finding = learning.finding_add(case=case, by=cast.officer, themes=["physical-abuse-nai", "information-sharing"]
                                   if "information-sharing" in _theme_ids() else ["physical-abuse-nai"],
                                   text="A bruise on a non-mobile baby was seen by the GP but not shared.")
    recommendation = learning.recommendation_add(
        case=case, by=cast.officer, finding=finding,
        text="GPs share any bruising in a non-mobile baby with children's social care the same day.")
    overdue = learning.action_add(recommendation=recommendation, by=cast.officer, agency=agencies["health"],
                                  lead=agencies["health_lead"], start_on=today - timedelta(days=90),
                                  due_on=today - timedelta(days=14), description="Audit bruising referrals.",
                                  success_measure="Every referral discussed with children's social care in a day.")
    learning.action_update_add(action=overdue, by=agencies["health_lead"], text="Audit of 20 referrals under way.")
    learning.action_add(recommendation=recommendation, by=cast.officer, agency=agencies["police"],
                        lead=agencies["police_lead"], start_on=today - timedelta(days=30),
                        due_on=today + timedelta(days=60), description="Share call-outs involving babies.",
                        success_measure="Health visitors receive every such call-out within two days.")
    sections = learning.briefing_draft_sections(case, "seven_minute")
    sections.update(why_it_matters="Bruising in a baby who cannot move is never normal.",
                    what_happened="A baby was seriously harmed after bruising went unshared.",
                    questions="- Who would you tell, and how quickly?")
    briefing = learning.briefing_save(case=case, by=cast.officer, kind="seven_minute",
                                      title="Bruising in babies who cannot move", sections=sections)
    learning.briefing_approve(briefing=briefing, by=cast.manager)
    briefing.refresh_from_db()
    learning.briefing_publish(briefing=briefing, by=cast.officer)
    panel_briefing(partnership, cast)


def panel_briefing(partnership, cast: Cast) -> None:
    """A practitioner briefing on a National Panel report, with no local case, in the library."""

    report = LibraryDocument.objects.filter(title__startswith="Protecting all vulnerable babies better").first()
    if report is None:
        return
    sections = learning.briefing_draft_from_report(report, "practitioner")
    sections.update(practice="- Ask about earlier pregnancies and children at every antenatal contact.\n"
                             "- Plan before birth when earlier children were removed: grief without help raises "
                             "the risk to the next baby.\n"
                             "- Share a missed or late booking with the health visitor and the GP.\n"
                             "- Ask yourself: who would you tell if you suspected a pregnancy was concealed?")
    briefing = learning.briefing_save(partnership=partnership, source=report, by=cast.officer, kind="practitioner",
                                      title="Protecting all vulnerable babies better: what it means here",
                                      sections=sections)
    learning.briefing_approve(briefing=briefing, by=cast.manager)
    briefing.refresh_from_db()
    learning.briefing_publish(briefing=briefing, by=cast.officer)
    # The review answered the Panel's report too: its page in the library lists this recommendation.
    case = _learning_case(partnership)
    if case is not None:
        learning.recommendation_add(
            case=case, by=cast.officer, source="library", library_document=report,
            text="Midwives and health visitors ask about earlier children at booking, and plan before birth "
                 "where an earlier child was removed.")


def _learning_case(partnership):
    """The demo's published review, whose learning is being embedded."""
    return (Case.objects.filter(partnership=partnership, route__kind="lcspr", stage__milestone="embedding_learning")
            .first())


DEMO_REVIEW_PAGES = [
    "Review of Child M (fictional). Published by the South Wessex Safeguarding Children Partnership.\n"
    "This review looks at the help given to a family with a baby and a three-year-old.",
    "The mother's new partner moved into the home two months after the baby was born. Agencies did not ask "
    "about him, and his history of domestic abuse in an earlier relationship was known to the police.",
    "The baby was co-sleeping on a sofa with the partner, who had been drinking. The health visitor had given "
    "safer sleep advice at the new birth visit, but not again when the family moved to temporary accommodation.",
    "Recommendations: health visitors revisit safer sleep whenever a family moves home; agencies ask about every "
    "adult living in the household.",
]


def load_library(partnership, cast: Cast) -> None:
    """A fictional review from another partnership, added as a PDF and read, its suggested themes
    waiting for the business unit to check before it is listed."""

    if LibraryDocument.objects.filter(partnership=partnership, title__startswith="Review of Child M").exists():
        return
    body = "".join(f'<section style="break-after: page"><p>{text}</p></section>' for text in DEMO_REVIEW_PAGES)
    pdf = html_to_pdf(f"<!doctype html><html lang='en'><head><title>Review of Child M</title></head><body>{body}"
                      "</body></html>", stylesheet="css/document.css")
    document = library.document_upload(partnership=partnership, by=cast.officer, content=pdf, filename="child-m.pdf",
                                       data={"title": "Review of Child M (fictional)", "publisher":
                                             "South Wessex Safeguarding Children Partnership (fictional)",
                                             "kind": "local_review", "published_year": timezone.localdate().year,
                                             "summary": "A fictional review used to show how the library reads a "
                                                        "document and suggests its themes.",
                                             "origin": "other_partnership"})
    library.document_read(document.pk)


def _theme_ids() -> set[str]:

    return set(labels())
