"""Reads for safeguarding adults reviews, above all the board's annual report figures (Care Act
2014 Schedule 2 para 4): the SARs concluded in the financial year, those still going on, what was
done about their findings and why any finding was not acted on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch

from casereview.adults.framework import section_44
from casereview.adults.models import AdultInvolvement, SarCriteria, SarDecision, SubgroupRecommendation
from casereview.cases import frameworks
from casereview.cases.models import Case, CaseStatus
from casereview.learning.models import Action, ActionStatus, Finding
from casereview.process.models import CaseEvent, RouteKind


def financial_year(day: date) -> int:
    """The financial year a day falls in, by the year it starts: 1 April 2026 to 31 March 2027 is 2026."""
    return day.year if day.month >= 4 else day.year - 1


def year_bounds(start_year: int) -> tuple[date, date]:
    return date(start_year, 4, 1), date(start_year + 1, 3, 31)


@dataclass
class AnnualFigures:
    start: date
    end: date
    concluded: list[Case]
    ongoing: list[Case]
    actions_done: list[Action]
    actions_open: list[Action]
    not_acted_on: list[Finding]
    no_response: list[Finding]  # findings with neither an action nor a recorded reason: the report needs one


def _milestone(case: Case, event: str) -> date | None:
    return next((m.on for m in case.milestones.all() if m.event == event), None)


def annual_figures(partnership_id: int, start_year: int) -> AnnualFigures:
    start, end = year_bounds(start_year)
    sars = (Case.objects.filter(partnership_id=partnership_id, framework=frameworks.ADULTS, route__kind=RouteKind.SAR)
            .exclude(status=CaseStatus.WITHDRAWN).prefetch_related("milestones").order_by("reference"))
    concluded, ongoing = [], []
    for case in sars:
        decided, completed = _milestone(case, CaseEvent.DECIDED), _milestone(case, CaseEvent.REVIEW_COMPLETED)
        if completed is not None and start <= completed <= end:
            concluded.append(case)
        elif decided is not None and decided <= end and (completed is None or completed > end):
            ongoing.append(case)
    ids = [c.pk for c in concluded + ongoing]
    actions = list(Action.objects.filter(recommendation__case_id__in=ids)
                   .select_related("recommendation__case", "agency").order_by("due_on", "pk"))
    done = [a for a in actions if a.status in (ActionStatus.DONE, ActionStatus.ASSURED)
            and a.done_on is not None and start <= a.done_on <= end]
    still_open = [a for a in actions if a.status in (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)]
    findings = list(Finding.objects.filter(case_id__in=[c.pk for c in concluded])
                    .select_related("case").prefetch_related(Prefetch("recommendations"), "recommendations__actions")
                    .order_by("case__reference", "number"))
    with_reason = [f for f in findings if hasattr(f, "not_acted_on")]
    without = [f for f in findings if not hasattr(f, "not_acted_on")
               and not any(r.actions.all() for r in f.recommendations.all())]
    return AnnualFigures(start, end, concluded, ongoing, done, still_open, with_reason, without)


@dataclass
class SarRecord:
    criteria: SarCriteria | None
    section_44: str
    recommendations: list[SubgroupRecommendation]
    decision: SarDecision | None
    involvement: AdultInvolvement | None


def sar_record(case: Case) -> SarRecord:
    """What the case page shows of a SAR: the screening against section 44, the subgroup's advice,
    the chair's decision and the adult's involvement."""
    criteria = SarCriteria.objects.filter(case=case).first()
    basis = section_44(criteria.care_and_support_needs, criteria.abuse_or_neglect,
                       criteria.working_together_concern) if criteria else ""
    return SarRecord(criteria, basis, list(case.sar_recommendations.select_related("recorded_by")),
                     case.sar_decisions.select_related("chair").first(),
                     AdultInvolvement.objects.filter(case=case).first())
