"""Fictional domestic abuse related death reviews for the demo partnership, whose community safety
partnership shares its business unit: one at each step from the police's notification to the Home
Office's quality assurance panel."""

from __future__ import annotations

from datetime import timedelta

from casereview.cases import services as cases
from casereview.cases.clocks import clocks_recompute
from casereview.cases.models import Case, CaseMembership, CaseRole
from casereview.domestic import services as domestic
from casereview.operations.demo import Demo, on_day
from casereview.reports import queries as report_queries
from casereview.reports import services as reports
from casereview.reports.models import QualityMarker

NAMES = ["Carla", "Denise", "Marcus", "Shona", "Gail"]


def _notified(d: Demo, on, index: int, kind: str = "homicide") -> Case:
    with on_day(on):
        return domestic.notification_record(partnership=d.partnership, by=d.cast.officer, data={
            "notified_on": on, "police_reference": f"OP-DEMO-{index}", "full_name": f"{NAMES[index]} Fictionshire",
            "age": 30 + index * 7, "sex": "female" if index % 2 == 0 else "male", "date_of_death": on - timedelta(days=3),
            "death_kind": kind, "relationship": "partner" if index % 2 == 0 else "relative",
            "criminal_proceedings": kind == "homicide", "local_authority": d.las[0]})


def _decided(d: Demo, case: Case, on, chair, outcome: str = "review") -> Case:
    return d.step(case, "dar_decide", by=chair, outcome=outcome, chair=chair, decided_on=on,
                  reasons="The death appears to have resulted from domestic abuse by a partner: section 9 applies."
                  if outcome == "review" else "The police found no abuse by a partner, relative or household member.")


def load(partnership, cast, *, csp_chair) -> list[Case]:
    cases.framework_enable(partnership=partnership, key="domestic_abuse", label="Domestic homicide reviews",
                           by=cast.manager)
    d = Demo(partnership, cast)
    wd, made = d.wd, []
    made.append(_notified(d, wd(-4), 0))
    made.append(_decided(d, _notified(d, wd(-15), 1, kind="suicide"), wd(-2), csp_chair))
    case = _decided(d, _notified(d, wd(-30), 2, kind="other"), wd(-20), csp_chair, outcome="no_review")
    made.append(d.step(case, "dar_tell_home_office", told_on=wd(-18)))
    case = _decided(d, _notified(d, wd(-60), 3, kind="other"), wd(-50), csp_chair, outcome="no_review")
    case = d.step(case, "dar_tell_home_office", told_on=wd(-48))
    made.append(d.step(case, "dar_home_office_answer", answer="accepted", received_on=wd(-30)))
    made.append(_at_home_office(d, csp_chair))
    for case in made:
        clocks_recompute(case)
    return made


def _at_home_office(d: Demo, chair) -> Case:
    """A review at the Home Office's quality assurance panel, which asked for more on the family."""
    cast, wd = d.cast, d.wd
    case = _decided(d, _notified(d, wd(-190), 4), wd(-175), chair)
    case = d.step(case, "dar_tell_home_office", told_on=wd(-173))
    CaseMembership.objects.get_or_create(case=case, person=cast.reviewer,
                                         defaults={"role": CaseRole.LEAD_REVIEWER, "added_by": cast.manager})
    with on_day(wd(-170)):
        reports.terms_of_reference_save(case=case, by=cast.officer, data={
            "lines_of_enquiry": "What did agencies know of the abuse?\nWho did her family tell?",
            "agreed_on": wd(-170)})
    case = d.step(case, "advance", terms_of_reference_on=wd(-170))
    case = d.step(case, "advance", note="IMRs received.")
    with on_day(wd(-120)):
        domestic.family_save(case=case, by=cast.officer, chosen_name="Rose", data={
            "first_letter_on": wd(-168), "advocacy": "aafda", "advocacy_offered_on": wd(-168),
            "met_family_on": wd(-150), "tribute": True})
    case = d.step(case, "advance", note="The chair met the family with their AAFDA advocate.")
    with on_day(wd(-90)):
        reports.version_save(case=case, by=cast.reviewer, note="Overview report", sections={
            "introduction": "<p>The partnership held this review after Rose died at home.</p>",
            "person": "<p>Rose loved her allotment and her grandchildren.</p>",
            "analysis": "<p>Three agencies heard of controlling behaviour; none asked about it.</p>",
            "recommendations": "<ol><li>Routine enquiry about domestic abuse in GP practices.</li></ol>"})
    case = d.step(case, "advance", note="Drafted.")
    with on_day(wd(-80)):
        for marker in QualityMarker.objects.filter(partnership=case.partnership, framework="domestic_abuse"):
            reports.quality_check_save(case=case, by=cast.manager, marker=marker, met=True, evidence="Checked.")
        reports.approval_record(case=case, by=chair, version=report_queries.latest_version(case), comment="Agreed.")
    case = d.step(case, "advance", approved_on=wd(-80))
    with on_day(wd(-20)):
        domestic.qa_feedback_add(case=case, by=cast.officer, data={
            "panel_met_on": wd(-25), "letter_on": wd(-20), "outcome": "further_development",
            "summary": "The panel asks for more of Rose's family's account and a fuller action plan."})
    return Case.objects.get(pk=case.pk)
