"""The partnership's figures for a period: a fixed number of grouped queries, whatever the data."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Q

from casereview.cases.models import Case, CaseClock, CaseMilestone, open_statuses, status_words
from casereview.learning.models import Action, ActionStatus, ActionUpdate, Briefing, Dissemination, Finding
from casereview.learning.themes import labels as theme_labels
from casereview.process import workdays
from casereview.process.calendar import closed_days


@dataclass
class Timeliness:
    name: str
    total: int = 0
    on_time: int = 0
    average: float | None = None
    unit: str = "working days"
    paused: float | None = None
    cases: list[str] = field(default_factory=list)

    @property
    def late(self) -> int:
        return self.total - self.on_time


# The routes that are reviews in their own right, of every framework: a review starts when decided.
REVIEW_ROUTES = ["lcspr", "local_learning", "sar", "sar_alternative", "dardr"]


def _of(prefix: str, framework: str | None) -> dict:
    """The filter to one kind of review, if one is chosen: {"case__framework": "adults"}."""
    return {f"{prefix}framework": framework} if framework else {}


def _clock_timeliness(partnership_id: int, key: str, name: str, start: date, end: date, closed, *, months=False,
                      framework: str | None = None):
    rows = list(CaseClock.objects.filter(case__partnership_id=partnership_id, key=key, met_on__gte=start,
                                         **_of("case__", framework),
                                         met_on__lte=end).values_list("case__reference", "anchor_on", "met_on",
                                                                      "due_on", "held_units"))
    result = Timeliness(name=name, total=len(rows), cases=sorted(r[0] for r in rows))
    result.on_time = sum(1 for _, _, met, due, _ in rows if met <= due)
    if rows:
        if months:
            spans = [((met - anchor).days - held) / 30.44 for _, anchor, met, _, held in rows]
            result.unit = "months"
            result.paused = round(sum(held for *_, held in rows) / len(rows), 1)
        else:
            spans = [workdays.working_days_between(anchor, met, closed) for _, anchor, met, _, _ in rows]
        result.average = round(sum(spans) / len(spans), 1)
    return result


def _notice_gap(partnership_id: int, start: date, end: date, closed, framework: str | None = None) -> Timeliness:
    rows = list(CaseMilestone.objects.filter(case__partnership_id=partnership_id, event="published", on__gte=start,
                                             **_of("case__", framework),
                                             on__lte=end).values_list("case_id", "case__reference", "on"))
    notices = dict(CaseMilestone.objects.filter(case_id__in=[r[0] for r in rows], event="notice_sent")
                   .values_list("case_id", "on"))
    gaps = [(ref, workdays.working_days_between(notices[cid], published, closed))
            for cid, ref, published in rows if cid in notices]
    result = Timeliness(name="Pre-publication notice before publication", total=len(gaps),
                        cases=sorted(ref for ref, _ in gaps))
    result.on_time = sum(1 for _, gap in gaps if gap >= 7)
    if gaps:
        result.average = round(sum(g for _, g in gaps) / len(gaps), 1)
    return result


def cases_in_period(partnership, start: date, end: date, framework: str | None = None) -> int:
    """The cases referred in the period: what the yearly report's length and making time grow with."""
    return Case.objects.filter(partnership=partnership, submitted_at__date__gte=start,
                               submitted_at__date__lte=end, **_of("", framework)).count()


def figures(partnership, start: date, end: date, today: date, framework: str | None = None) -> dict:
    """The dashboard's and yearly report's figures, for every kind of review or for one."""
    closed = closed_days(partnership.pk)
    pid = partnership.pk
    fw, case_fw = _of("", framework), _of("case__", framework)
    timeliness = [
        _clock_timeliness(pid, "notification", "Notification to the National Panel", start, end, closed,
                          framework=framework),
        _clock_timeliness(pid, "rapid_review", "Rapid review", start, end, closed, framework=framework),
        _clock_timeliness(pid, "lcspr_publication", "Decision to publication", start, end, closed, months=True,
                          framework=framework),
        _notice_gap(pid, start, end, closed, framework),
    ]
    by_route = list(Case.objects.filter(partnership_id=pid, status__in=open_statuses(), **fw).values("route__name")
                    .annotate(n=Count("pk")).order_by("-n", "route__name"))
    by_stage = list(Case.objects.filter(partnership_id=pid, status__in=open_statuses(), **fw)
                    .values("status", "framework", "stage__name")
                    .annotate(n=Count("pk")).order_by("-n"))
    stages = [(row["stage__name"] or status_words(row["status"], row["framework"]), row["n"]) for row in by_stage]
    merged_stages: Counter = Counter()
    for label, n in stages:
        merged_stages[label] += n
    impact = ActionUpdate.objects.filter(action=OuterRef("pk"), impact=True)
    actions = (Action.objects.filter(recommendation__case__partnership_id=pid, due_on__gte=start, due_on__lte=end,
                                     **_of("recommendation__case__", framework))
               .annotate(has_impact=Exists(impact)))
    by_agency = list(actions.values("agency__name").annotate(
        total=Count("pk"),
        on_time=Count("pk", filter=Q(status__in=[ActionStatus.DONE, ActionStatus.ASSURED],
                                     done_on__lte=F("due_on"))),
        overdue=Count("pk", filter=Q(status__in=[ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS],
                                     due_on__lt=today)),
        evidenced=Count("pk", filter=Q(has_impact=True)),
    ).order_by("agency__name"))
    total_actions = sum(r["total"] for r in by_agency)
    evidenced = sum(r["evidenced"] for r in by_agency)
    themes: Counter = Counter()
    for theme_list in Finding.objects.filter(case__partnership_id=pid, created_at__date__gte=start,
                                             created_at__date__lte=end, **case_fw).values_list("themes", flat=True):
        themes.update(theme_list)
    milestone = CaseMilestone.objects.filter(case__partnership_id=pid, on__gte=start, on__lte=end, **case_fw)
    # Each count keeps the references behind it, so every number in the yearly report can be traced.
    behind = {
        "referred": Case.objects.filter(partnership_id=pid, submitted_at__date__gte=start,
                                        submitted_at__date__lte=end, **fw).values_list("reference", flat=True),
        "notified": milestone.filter(event="notified").values_list("case__reference", flat=True),
        "rapid_reviews": milestone.filter(event="rapid_review_sent").values_list("case__reference", flat=True),
        "reviews_started": milestone.filter(event="decided", case__route__kind__in=REVIEW_ROUTES)
        .values_list("case__reference", flat=True),
        "reviews_completed": milestone.filter(event="review_completed").values_list("case__reference", flat=True),
        "published": milestone.filter(event="published").values_list("case__reference", flat=True),
    }
    cases_behind = {key: sorted(refs) for key, refs in behind.items()}
    counts = {key: len(refs) for key, refs in cases_behind.items()}
    # A briefing on one kind of review counts for it; one on a national report only in the whole picture.
    briefings = list(Briefing.objects.filter(partnership_id=pid, published_on__gte=start,
                                             published_on__lte=end, **case_fw).values_list("title", flat=True))
    reach = Dissemination.objects.filter(briefing__partnership_id=pid, on__gte=start, on__lte=end,
                                         **_of("briefing__case__", framework)).aggregate(
        sent=Count("pk", filter=Q(kind="sent")), acknowledged=Count("pk", filter=Q(kind="acknowledged")),
        sessions=Count("pk", filter=Q(kind__in=["event", "training"])))
    names = theme_labels()
    return {
        "counts": counts, "cases_behind": cases_behind, "timeliness": timeliness,
        "by_route": [(r["route__name"] or "Not decided yet", r["n"]) for r in by_route],
        "by_stage": merged_stages.most_common(),
        "by_agency": by_agency, "total_actions": total_actions, "evidenced": evidenced,
        "evidenced_share": round(100 * evidenced / total_actions) if total_actions else None,
        "themes": [(names.get(t, t), n) for t, n in themes.most_common(10)],
        "briefings": briefings, "reach": reach,
    }

