"""The work each role finds waiting, built through the services: shared by the "Your work" tests
and the browser journeys."""

from __future__ import annotations

from datetime import date

from casereview.cases.models import Case, CaseMembership, CaseRole
from casereview.contributions import services as contributions
from casereview.contributions.models import EntryFlag
from casereview.learning import services as learning
from casereview.learning.models import Action, Briefing
from casereview.reports import services as reports
from tests.cases.journey import lcspr_at_stage
from tests.contributions.helpers import submit_entries


def lead_reviewer_work(world) -> tuple[Case, Case]:
    """A review at drafting with a factual-accuracy comment to answer and a likely duplicate to resolve,
    and a second at drafting whose report is not started."""
    case = lcspr_at_stage(world, 2)
    version = reports.version_save(case=case, by=world.people["lead_reviewer"],
                                   sections={"introduction": "<p>About Child B.</p>"})
    accuracy = reports.accuracy_round_send(case=case, by=world.people["bu_officer"], version=version,
                                           audience="agencies", agencies=[world.agencies["police"]],
                                           due_on=date(2026, 6, 10))
    CaseMembership.objects.create(case=case, person=world.people["agency_rep"], role=CaseRole.AGENCY_REPRESENTATIVE)
    reports.accuracy_comment_add(accuracy_round=accuracy, by=world.people["agency_rep"], section_key="introduction",
                                 comment="The visit was on the 4th.")
    police = contributions.requests_send(case=case, by=world.people["bu_officer"], kind="chronology",
                                         contributors={world.agencies["police"].pk: [world.people["agency_rep"]]},
                                         instructions="x")[0]
    submit_entries(world, police, "agency_rep", [{"on": date(2026, 1, 5)}, {"on": date(2026, 1, 5)}])
    first, second = case.chronology_entries.order_by("pk")[:2]
    EntryFlag.objects.get_or_create(case=case, first=first, second=second, defaults={"kind": "duplicate"})
    return case, lcspr_at_stage(world, 2)


def chair_work(world) -> tuple[Case, Action]:
    """A review at quality assurance, a draft briefing to approve and a completed action to assure."""
    bu = world.people["bu_officer"]
    case = lcspr_at_stage(world, 3)
    learning.briefing_save(case=case, by=bu, kind="seven_minute", title="Seven minutes on Child B",
                           sections={key: "Text." for key, _ in Briefing(kind="seven_minute").headings})
    recommendation = learning.recommendation_add(case=case, by=bu, text="Share bruising concerns.")
    action = learning.action_add(recommendation=recommendation, by=bu, description="Train front-line staff.",
                                 agency=world.agencies["police"], lead=world.people["agency_rep"],
                                 start_on=date(2026, 3, 1), due_on=date(2026, 7, 1), success_measure="Audit.")
    learning.action_update_add(action=action, by=world.people["agency_rep"], text="Delivered to 40 staff.",
                               impact=True, mark_done=True)
    return case, action
