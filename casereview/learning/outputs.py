"""The yearly report, the NHS tracker export and the iCalendar feed."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta

from casereview.cases.models import CaseClock, open_statuses
from casereview.documents.render import Document, Heading, Para, Table
from casereview.govuk.formatting import format_date
from casereview.govuk.text import safe_cell


def yearly_report(partnership, start: date, end: date, data: dict) -> Document:
    doc = Document(title=f"Learning from case reviews: {format_date(start)} to {format_date(end)}",
                   partnership=partnership.name, logo=partnership.logo, logo_type=partnership.logo_type,
                   subtitle="Figures for the yearly report of the safeguarding partners", marking="")
    c, behind = data["counts"], data["cases_behind"]
    doc.add(Heading("Cases"), Table(["Measure", "Number", "Cases"], [
        [label, str(c[key]), ", ".join(behind[key]) or "—"] for key, label in (
            ("referred", "Referrals received"), ("notified", "Notified to the National Panel"),
            ("rapid_reviews", "Rapid reviews sent to the Panel"), ("reviews_started", "Reviews started"),
            ("reviews_completed", "Reviews completed"), ("published", "Reviews published"))]))
    doc.add(Heading("Timeliness"), Table(
        ["Step", "Number", "On time", "Average", "Cases"],
        [[t.name, str(t.total), str(t.on_time), f"{t.average} {t.unit}" if t.average is not None else "—",
          ", ".join(t.cases) or "—"] for t in data["timeliness"]]))
    paused = next((t.paused for t in data["timeliness"] if t.paused is not None), None)
    if paused:
        doc.add(Para(f"Time on hold for parallel processes averaged {paused} days per published review and is "
                     "not counted in the months above."))
    doc.add(Heading("Improvement actions"), Table(
        ["Agency", "Actions", "Done on time", "Overdue", "With impact evidence"],
        [[r["agency__name"], str(r["total"]), str(r["on_time"]), str(r["overdue"]), str(r["evidenced"])]
         for r in data["by_agency"]] or [["—"] * 5]))
    if data["evidenced_share"] is not None:
        doc.add(Para(f"{data['evidenced_share']}% of actions due in the period have evidence of their impact on "
                     "practice."))
    doc.add(Heading("Themes"), Table(["Theme", "Findings"], [[t, str(n)] for t, n in data["themes"]] or [["—", "—"]]))
    doc.add(Heading("Learning shared"), Para(
        f"{len(data['briefings'])} {'briefing' if len(data['briefings']) == 1 else 'briefings'} published; sent to agencies {data['reach']['sent']} times, "
        f"acknowledged {data['reach']['acknowledged']} times; {data['reach']['sessions']} learning events and "
        "training sessions."))
    return doc


TRACKER_HEADERS = ["Partnership", "Case reference", "Local authority", "Review type", "Date of incident",
                   "Date LA aware", "Date notified", "Rapid review sent", "Decision", "Date of decision",
                   "Date published", "Status", "Themes"]


def tracker_rows(cases) -> list[dict]:
    """One record per case in the shape the NHS Safeguarding Case Review Tracker asks for: the CSV
    export and the API's return both read these (cases from queries.tracker_cases)."""
    from casereview.learning.themes import labels

    names = labels()
    rows = []
    for case in cases:
        m = {ms.event: ms.on for ms in case.milestones.all()}
        referral = getattr(case, "referral", None)
        decision = next(iter(case.decisions.all()), None)
        rows.append({
            "partnership": case.partnership.name, "case_reference": case.reference,
            "local_authority": case.local_authority.name if case.local_authority else "",
            "review_type": case.route.name if case.route else "",
            "incident_on": referral.incident_date if referral and referral.incident_date else None,
            "aware_on": m.get("aware"), "notified_on": m.get("notified"),
            "rapid_review_sent_on": m.get("rapid_review_sent"),
            "decision": decision.route.name if decision else "", "decided_on": m.get("decided"),
            "published_on": m.get("published"),
            "status": case.stage.name if case.stage else case.get_status_display(),
            "themes": sorted({names.get(t, t) for f in case.findings.all() for t in f.themes})})
    return rows


def nhs_tracker_csv(cases) -> bytes:
    """The tracker's rows as the CSV its upload takes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(TRACKER_HEADERS)
    for r in tracker_rows(cases):
        row = [r["partnership"], r["case_reference"], r["local_authority"], r["review_type"],
               *[r[k].isoformat() if r[k] else "" for k in ("incident_on", "aware_on", "notified_on",
                                                            "rapid_review_sent_on")],
               r["decision"], *[r[k].isoformat() if r[k] else "" for k in ("decided_on", "published_on")],
               r["status"], "; ".join(r["themes"])]
        writer.writerow([safe_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _ics_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def ical(events: list[tuple[str, date, str, str]], *, now: datetime) -> bytes:
    """events: (uid, day, summary, url). Summaries name cases by reference only."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//casereview//deadlines//EN", "CALSCALE:GREGORIAN",
             "X-WR-CALNAME:Case review deadlines"]
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    for uid, day, summary, url in events:
        lines += ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{stamp}", f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
                  f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}", f"SUMMARY:{_ics_escape(summary)}",
                  f"URL:{url}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def calendar_events(person, site_url: str) -> list[tuple[str, date, str, str]]:
    """The person's running case deadlines (cases they own or are on) and the actions they lead."""
    from django.db.models import Q
    from django.urls import reverse

    from casereview.learning.models import Action, ActionStatus

    events = []
    for clock in (CaseClock.objects.filter(met_on=None, paused=False, case__status__in=open_statuses())
                  .filter(Q(case__owner=person) | Q(case__memberships__person=person)).distinct()
                  .select_related("case", "rule")):
        events.append((f"clock-{clock.pk}@casereview", clock.due_on, f"{clock.case.reference}: {clock.rule.name}",
                       site_url + reverse("cases:detail", args=[clock.case.reference])))
    for action in (Action.objects.filter(lead=person, status__in=[ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS])
                   .select_related("recommendation__case")):
        events.append((f"action-{action.pk}@casereview", action.due_on,
                       f"{action.recommendation.case.reference}: improvement action due",
                       site_url + reverse("learning:action", args=[action.pk])))
    return sorted(events, key=lambda e: e[1])
