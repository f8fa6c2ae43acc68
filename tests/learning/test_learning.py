"""Learning into practice: actions and evidence, repeated recommendations, briefings, the dashboard
figures against known data, the yearly report, the NHS tracker export and the calendar feed."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casereview.learning import dashboard, outputs, reminders, services
from casereview.learning.models import ActionStatus, Briefing
from tests.cases.journey import decided, rapid_review_done, referred_case, screened_and_notified
from tests.factories import audit_said, sign_in

TODAY = date(2026, 6, 1)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def reviewed(world):
    case = screened_and_notified(world, referred_case(world, aware=date(2026, 1, 5)), on=date(2026, 1, 6),
                                 notified_on=date(2026, 1, 14))  # 7 working days: late
    return rapid_review_done(world, case, requested=date(2026, 1, 15), received=date(2026, 1, 22),
                             meeting=date(2026, 1, 26), agreed=date(2026, 1, 28), sent=date(2026, 1, 29),
                             response_on=date(2026, 2, 9))


def _recommend(world, case, text="Health visitors share concerns about bruising with children's social care."):
    bu = world.people["bu_officer"]
    finding = services.finding_add(case=case, by=bu, text="Bruising was not shared.",
                                   themes=["physical-abuse-nai"])
    return services.recommendation_add(case=case, by=bu, text=text, finding=finding)


def _act(world, recommendation, agency="police", lead="agency_rep", due=date(2026, 7, 1)):
    return services.action_add(recommendation=recommendation, by=world.people["bu_officer"],
                               description="Audit bruising referrals.", agency=world.agencies[agency],
                               lead=world.people[lead], start_on=date(2026, 5, 1), due_on=due,
                               success_measure="Every bruising referral discussed within a day.")


def test_actions_need_a_lead_in_the_owning_agency_and_assurance_needs_impact_evidence(world, reviewed):
    recommendation = _recommend(world, reviewed)
    with pytest.raises(ValidationError, match="must work for Testshire Academy"):
        _act(world, recommendation, agency="school", lead="agency_rep")
    action = _act(world, recommendation)
    rep = world.people["agency_rep"]
    with pytest.raises(ValidationError, match="PDF, Word, Excel, PNG or JPEG"):
        services.action_update_add(action=action, by=rep, text="x",
                                   upload=SimpleUploadedFile("a.exe", b"MZ\x90\x00binary"))
    services.action_update_add(action=action, by=rep, text="Audit started.",
                               upload=SimpleUploadedFile("audit.pdf", b"%PDF-1.7 audit"))
    services.action_update_add(action=action, by=rep, text="Audit done.", mark_done=True)
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.done_on == TODAY
    with pytest.raises(PermissionDenied):
        services.action_assure(action=action, by=world.people["bu_officer"])
    with pytest.raises(ValidationError, match="evidence of its impact"):
        services.action_assure(action=action, by=world.people["chair"])
    services.action_update_add(action=action, by=rep, text="Re-audit: 19 of 20 discussed within a day.", impact=True)
    services.action_assure(action=action, by=world.people["chair"])
    action.refresh_from_db()
    assert action.status == ActionStatus.ASSURED
    with pytest.raises(PermissionDenied):
        services.action_update_add(action=action, by=world.people["agency_rep_elsewhere"], text="x")


def test_a_repeated_recommendation_is_found_and_an_unrelated_one_is_not(world, reviewed):
    earlier = _recommend(world, world.case, "Health visitors must share concerns about bruising in babies with "
                                            "children's social care straight away.")
    _act(world, earlier)
    similar = services.similar_recommendations(
        partnership_id=world.partnership.pk, exclude_case_id=reviewed.pk,
        text="Health visitors should share any concern about bruising in a baby with children's social care.")
    assert [r.pk for _, r in similar] == [earlier.pk]
    assert services.similar_recommendations(partnership_id=world.partnership.pk, exclude_case_id=reviewed.pk,
                                            text="Schools record attendance concerns in the new system.") == []


def test_overdue_actions_are_reminded_then_escalated(world, reviewed, settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    from django.core import mail

    from casereview.notifications.models import Notification

    action = _act(world, _recommend(world, reviewed), due=date(2026, 6, 10))
    Notification.objects.all().delete()
    for day, expected in [(date(2026, 6, 2), {"reminded": 0}), (date(2026, 6, 3), {"reminded": 1}),
                          (date(2026, 6, 11), {"overdue": 1, "escalated": 0}), (date(2026, 6, 20), {"escalated": 1}),
                          (date(2026, 6, 21), {"escalated": 0})]:
        with time_machine.travel(day, tick=False), django_capture_on_commit_callbacks(execute=True):
            counts = reminders.actions_sweep()
        for key, value in expected.items():
            assert counts[key] == value, (day, counts)
    # Actions have their own kinds of message, not those of requests to agencies.
    assert set(Notification.objects.filter(recipient=world.people["agency_rep"]).values_list("kind", flat=True)) == {
        "action_due_soon", "action_overdue"}
    escalated = Notification.objects.get(recipient=world.people["bu_manager"], kind="action_escalated")
    assert "10 days overdue" in escalated.text
    assert all("Jordan" not in m.body and "Jayden" not in m.body for m in mail.outbox)
    action.refresh_from_db()
    assert action.escalated_on == date(2026, 6, 20)


def test_a_seven_minute_briefing_is_drafted_from_the_review_approved_published_and_tracked(world, reviewed):
    _recommend(world, reviewed)
    bu = world.people["bu_officer"]
    sections = services.briefing_draft_sections(reviewed, "seven_minute")
    assert "Bruising was not shared." in sections["key_learning"]
    sections.update(why_it_matters="Babies who bruise are at risk.", what_happened="A baby was harmed.",
                    questions="- What would you do?")
    briefing = services.briefing_save(case=reviewed, by=bu, kind="seven_minute", title="Bruising in babies",
                                      sections=sections)
    with pytest.raises(ValidationError, match="Approve the briefing before sending"):
        services.dissemination_add(briefing=briefing, by=bu, kind="sent", on=TODAY, agency=world.agencies["csc"])
    with pytest.raises(PermissionDenied):
        services.briefing_approve(briefing=briefing, by=bu)
    services.briefing_approve(briefing=briefing, by=world.people["chair"])
    published = services.briefing_publish(briefing=Briefing.objects.get(pk=briefing.pk), by=bu)
    assert published.status == "published" and bytes(published.published_pdf).startswith(b"%PDF")
    assert "Key learning" in published.published_html
    services.dissemination_add(briefing=published, by=bu, kind="sent", on=TODAY, agency=world.agencies["csc"])
    services.dissemination_add(briefing=published, by=bu, kind="training", on=TODAY, attendance=23)
    with pytest.raises(ValidationError, match="what the survey found"):
        services.dissemination_add(briefing=published, by=bu, kind="survey", on=TODAY)


def test_a_briefing_with_a_real_name_cannot_be_published(world, reviewed):
    bu = world.people["bu_officer"]
    sections = {k: "Text." for k, _ in Briefing(kind="seven_minute").headings}
    sections["what_happened"] = "Jordan Example was harmed."
    from casereview.cases.models import SubjectIdentity

    SubjectIdentity.objects.filter(subject__case=reviewed).update(full_name="Jordan Example")
    briefing = services.briefing_save(case=reviewed, by=bu, kind="seven_minute", title="T", sections=sections)
    services.briefing_approve(briefing=briefing, by=world.people["chair"])
    with pytest.raises(ValidationError, match="contains a name"):
        services.briefing_publish(briefing=Briefing.objects.get(pk=briefing.pk), by=bu)


def _known_data(world, reviewed):
    """Two cases with clocks met, an LCSPR decided, three actions over two agencies, one with impact evidence."""
    late = reviewed
    on_time = screened_and_notified(world, referred_case(world, aware=date(2026, 3, 2)), on=date(2026, 3, 3),
                                    notified_on=date(2026, 3, 4))
    decided(world, late, kind="lcspr", on=date(2026, 2, 10))
    recommendation = _recommend(world, late)
    _act(world, recommendation, due=date(2026, 5, 1))  # police, overdue
    done = _act(world, recommendation, due=date(2026, 6, 10))  # done today: on time
    services.action_update_add(action=done, by=world.people["agency_rep"], text="Done", mark_done=True)
    services.action_update_add(action=done, by=world.people["agency_rep"], text="Impact", impact=True)
    school = _act(world, recommendation, agency="school", lead="agency_rep_elsewhere", due=date(2026, 9, 1))
    return late, on_time, done, school


def test_every_dashboard_figure_against_known_data(world, reviewed):
    late, on_time, done, school = _known_data(world, reviewed)
    data = dashboard.figures(world.partnership, date(2026, 1, 1), date(2026, 12, 31), TODAY)
    assert data["counts"] == {"referred": 2, "notified": 2, "rapid_reviews": 1, "reviews_started": 1,
                              "reviews_completed": 0, "published": 0}
    notification, rapid_review, publication, notice = data["timeliness"]
    assert (notification.total, notification.on_time, notification.average) == (2, 1, 4.5)  # 7 and 2 working days
    assert notification.cases == sorted([late.reference, on_time.reference])
    assert (rapid_review.total, rapid_review.on_time, rapid_review.average) == (1, 1, 11.0)
    assert (publication.total, notice.total) == (0, 0)
    assert dict(data["by_route"]) == {"Local child safeguarding practice review": 1, "Not decided yet": 2}
    rows = {r["agency__name"]: r for r in data["by_agency"]}
    assert (rows["Testshire Police"]["total"], rows["Testshire Police"]["on_time"],
            rows["Testshire Police"]["overdue"], rows["Testshire Police"]["evidenced"]) == (2, 1, 1, 1)
    assert (rows["Testshire Academy"]["total"], rows["Testshire Academy"]["overdue"]) == (1, 0)
    assert (data["total_actions"], data["evidenced"], data["evidenced_share"]) == (3, 1, 33)
    assert data["themes"] == [("Physical abuse and non-accidental injury", 1)]
    assert data["cases_behind"]["notified"] == sorted([late.reference, on_time.reference])
    assert data["cases_behind"]["reviews_started"] == [late.reference]
    assert (data["briefings"], data["reach"]) == ([], {"sent": 0, "acknowledged": 0, "sessions": 0})
    bu = world.people["bu_officer"]
    sections = {k: "Text." for k, _ in Briefing(kind="seven_minute").headings}
    briefing = services.briefing_save(case=late, by=bu, kind="seven_minute", title="Learning", sections=sections)
    services.briefing_approve(briefing=briefing, by=world.people["chair"])
    briefing = services.briefing_publish(briefing=Briefing.objects.get(pk=briefing.pk), by=bu)
    services.dissemination_add(briefing=briefing, by=bu, kind="sent", on=TODAY, agency=world.agencies["csc"])
    services.dissemination_add(briefing=briefing, by=bu, kind="acknowledged", on=TODAY, agency=world.agencies["csc"])
    services.dissemination_add(briefing=briefing, by=bu, kind="event", on=TODAY, attendance=12)
    again = dashboard.figures(world.partnership, date(2026, 1, 1), date(2026, 12, 31), TODAY)
    assert (again["briefings"], again["reach"]) == (["Learning"], {"sent": 1, "acknowledged": 1, "sessions": 1})
    narrower = dashboard.figures(world.partnership, date(2026, 3, 1), date(2026, 3, 31), TODAY)
    assert narrower["counts"]["notified"] == 1 and narrower["total_actions"] == 0


def test_the_yearly_report_carries_the_same_figures_and_the_cases_behind_them(world, reviewed):
    late, on_time, *_ = _known_data(world, reviewed)
    data = dashboard.figures(world.partnership, date(2026, 1, 1), date(2026, 12, 31), TODAY)
    from docx import Document as Docx

    from casereview.documents import render

    docx = Docx(io.BytesIO(render.to_docx(outputs.yearly_report(world.partnership, date(2026, 1, 1),
                                                                date(2026, 12, 31), data))))
    cells = [[c.text for c in row.cells] for t in docx.tables for row in t.rows]
    assert ["Notified to the National Panel", "2", ", ".join(sorted([late.reference, on_time.reference]))] in cells
    timeliness = next(row for row in cells if row[0] == "Notification to the National Panel")
    assert timeliness[1:4] == ["2", "1", "4.5 working days"] and late.reference in timeliness[4]
    assert ["Testshire Police", "2", "1", "1", "1"] in cells


def test_dashboard_and_exports_through_the_pages(client, world, reviewed):
    _known_data(world, reviewed)
    sign_in(client, world.people["bu_manager"])
    page = client.get(reverse("learning:dashboard", args=[world.partnership.slug]),
                      {"start-day": "1", "start-month": "1", "start-year": "2026"}).content.decode()
    assert "Notification to the National Panel" in page and "<svg" in page and "Findings by theme" in page
    response = client.get(reverse("learning:nhs-tracker", args=[world.partnership.slug]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == outputs.TRACKER_HEADERS
    assert any(row[1] == reviewed.reference and row[6] == "2026-01-14" and "Physical abuse" in row[12]
               for row in rows[1:])
    assert client.get(reverse("learning:yearly-report", args=[world.partnership.slug, "pdf"]))["Content-Type"] == (
        "application/pdf")
    sign_in(client, world.people["agency_rep"])
    assert client.get(reverse("learning:dashboard", args=[world.partnership.slug])).status_code == 403


def test_the_calendar_feed_is_secret_revocable_and_names_no_one(client, world, reviewed):
    action = _act(world, _recommend(world, reviewed))
    rep = world.people["agency_rep"]
    token = services.calendar_feed_create(person=rep)
    body = client.get(f"/calendar/{token}.ics").content.decode()
    assert body.startswith("BEGIN:VCALENDAR") and f"action-{action.pk}@casereview" in body
    assert "DTSTART;VALUE=DATE:20260701" in body and reviewed.reference in body
    assert "Jordan" not in body and "Jayden" not in body and "Child" not in body
    services.calendar_feed_revoke(person=rep)
    assert client.get(f"/calendar/{token}.ics").status_code == 404
    assert client.get("/calendar/not-a-token.ics").status_code == 404


def test_dashboard_query_count_does_not_grow(client, world, reviewed):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from casereview.operations.management.commands.generate_synthetic import generate

    sign_in(client, world.people["bu_manager"])
    url = reverse("learning:dashboard", args=[world.partnership.slug])
    cache.clear()  # the navigation's waiting-work count is worked out afresh each time
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _known_data(world, reviewed)
    generate(partnerships=2, cases=300, years=3)
    for _ in range(3):
        _act(world, _recommend(world, reviewed))
    cache.clear()  # the navigation's waiting-work count is worked out afresh each time
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_practitioner_briefing_on_a_national_panel_report_needs_no_local_case(client, world):
    from bs4 import BeautifulSoup

    from casereview.audit.models import AuditEvent
    from casereview.library.models import LibraryDocument

    report = LibraryDocument.objects.filter(origin="national_panel", is_listed=True).exclude(key_messages=[]).first()
    bu = world.people["bu_officer"]
    sign_in(client, bu)
    page = BeautifulSoup(client.get(reverse("library:document", args=[report.slug])).content, "html.parser")
    new = reverse("learning:report-briefing-new", args=[world.partnership.slug, report.pk, "practitioner"])
    assert page.find("a", href=new) is not None
    form = BeautifulSoup(client.get(new).content, "html.parser")
    drafted = {field["name"]: field.get_text() for field in form.select("textarea")}
    assert report.key_messages[0] in drafted["findings"]  # drafted from the report's key messages
    response = client.post(new, {**drafted, "title": "Protecting vulnerable babies: what it means here",
                                 "practice": "- Discuss every bruise on a baby who is not yet mobile."})
    briefing = Briefing.objects.get(source=report)
    assert response.status_code == 302 and briefing.case is None and briefing.partnership == world.partnership
    assert "Saved the practitioner briefing" in audit_said(AuditEvent.objects.filter(partnership=world.partnership))
    detail = client.get(reverse("learning:briefing", args=[briefing.pk])).content.decode()
    assert f"on {report.title}" in detail

    # Approved by the review subgroup's chair, published by the business unit, read by anyone.
    for key, _ in briefing.headings:
        briefing.sections.setdefault(key, "") or briefing.sections.update({key: "Written."})
    briefing.save()
    services.briefing_approve(briefing=briefing, by=world.people["chair"])
    published = services.briefing_publish(briefing=Briefing.objects.get(pk=briefing.pk), by=bu)
    assert published.status == "published" and published.partnership_name == world.partnership.name
    client.logout()
    public = client.get(reverse("site:library-briefing", args=[published.slug]))
    assert public.status_code == 200 and "Protecting vulnerable babies" in public.content.decode()
    figures = dashboard.figures(world.partnership, date(2026, 1, 1), date(2026, 12, 31), TODAY)
    assert figures["briefings"] == ["Protecting vulnerable babies: what it means here"]

    # Nobody outside the partnership's learning roles writes or reads one.
    sign_in(client, world.people["agency_rep"])
    assert client.get(new).status_code == 403
    assert client.get(reverse("learning:briefing", args=[briefing.pk])).status_code == 403


def test_a_briefing_on_a_panel_report_may_repeat_its_public_names_but_no_other(world):
    from casereview.library.models import LibraryDocument

    report = LibraryDocument.objects.get(title__startswith="Protecting all vulnerable babies better")
    bu = world.people["bu_officer"]
    sections = {k: "Written." for k, _ in Briefing(kind="practitioner").headings}
    sections["findings"] = "The Panel's review of baby Victoria Marten's death. Our health visitor John Smith agreed."
    briefing = services.briefing_save(partnership=world.partnership, source=report, by=bu, kind="practitioner",
                                      title="Concealed pregnancies", sections=sections)
    services.briefing_approve(briefing=briefing, by=world.people["chair"])
    with pytest.raises(ValidationError, match="John Smith") as refused:
        services.briefing_publish(briefing=Briefing.objects.get(pk=briefing.pk), by=bu)
    assert "Victoria" not in str(refused.value)


def _panel_report(recommendations):
    from casereview.library.models import LibraryDocument

    report = LibraryDocument.objects.filter(origin="national_panel", is_listed=True).order_by("pk").first()
    report.recommendations = recommendations
    report.save(update_fields=["recommendations"])
    return report


def test_a_recommendation_from_a_panel_report_links_to_it_both_ways(client, world, reviewed):
    from bs4 import BeautifulSoup

    report = _panel_report(["Safeguarding partners should make sure every bruise on a baby who is not yet mobile "
                            "is referred to children's social care."])
    bu = world.people["bu_officer"]
    sign_in(client, bu)
    new = reverse("learning:recommendation-new", args=[reviewed.reference])
    form = BeautifulSoup(client.get(new).content, "html.parser")
    assert form.find("option", value=str(report.pk)) is not None  # the Panel's reports are offered

    # Saying it comes from a Panel report without naming one, or naming one for the review's own, is refused.
    for posted, message in (({"source": "library"}, "Choose the National Panel report it comes from"),
                            ({"source": "review", "library_document": report.pk},
                             "Choose a National Panel report only when the recommendation comes from one")):
        refused = client.post(new, {"text": "Refer every bruise.", **posted})
        assert refused.status_code == 200 and message in refused.content.decode()
    assert not reviewed.recommendations.exists()

    client.post(new, {"text": "Every bruise on a baby who is not yet mobile is referred to children's social care.",
                      "source": "library", "library_document": report.pk})
    made = reviewed.recommendations.get()
    assert made.library_document == report
    learning = BeautifulSoup(client.get(reverse("learning:case", args=[reviewed.reference])).content, "html.parser")
    assert learning.find("a", href=reverse("library:document", args=[report.slug]), string=report.title)
    # Taken from the report, so the report's own recommendation is not shown as a repeat of it.
    assert "The National Panel has recommended something alike" not in learning.get_text()

    page = BeautifulSoup(client.get(reverse("library:document", args=[report.slug])).content, "html.parser")
    taken = page.find("h2", id="taken-up").find_next("ul")
    assert taken.find("a", href=reverse("learning:case", args=[reviewed.reference]))
    # Someone outside the partnership's learning roles reads the report without the local cases.
    sign_in(client, world.people["agency_rep"])
    assert 'id="taken-up"' not in client.get(reverse("library:document", args=[report.slug])).content.decode()
    client.logout()
    assert 'id="taken-up"' not in client.get(reverse("library:document", args=[report.slug])).content.decode()


def test_a_local_recommendation_like_a_national_one_is_flagged_with_its_report(client, world, reviewed):
    report = _panel_report(["Safeguarding partners should make sure every bruise on a baby who is not yet mobile "
                            "is referred to children's social care.",
                            "The Department should fund training on coercive control."])
    local = _recommend(world, reviewed, "Make sure every bruise on a baby who is not yet mobile is referred to "
                                        "children's social care.")
    found = services.similar_national_recommendations(local.text)
    assert [(document.pk, said) for _, document, said in found] == [(report.pk, report.recommendations[0])]
    assert services.similar_national_recommendations("Schools record attendance concerns in the new system.") == []
    assert services.similar_national_recommendations(local.text, exclude_document_id=report.pk) == []

    sign_in(client, world.people["bu_officer"])
    from bs4 import BeautifulSoup

    page = BeautifulSoup(client.get(reverse("learning:case", args=[reviewed.reference])).content, "html.parser")
    assert "The National Panel has recommended something alike" in page.get_text()
    assert report.recommendations[0] in page.get_text()
    assert page.find("a", href=reverse("library:document", args=[report.slug]))


def test_cases_with_findings_like_these_are_shown_to_those_who_may_see_them(client, world, reviewed):
    from casereview.learning import queries

    bu = world.people["bu_officer"]
    services.finding_add(case=reviewed, by=bu, themes=[],
                         text="Bruising on a baby who was not yet mobile was not referred to children's social care.")
    earlier = screened_and_notified(world, referred_case(world, aware=date(2025, 11, 3)), on=date(2025, 11, 4),
                                    notified_on=date(2025, 11, 5))
    services.finding_add(case=earlier, by=bu, themes=[],
                         text="A bruise on an immobile infant was seen by the health visitor and not referred on.")
    unrelated = screened_and_notified(world, referred_case(world, aware=date(2025, 10, 6)), on=date(2025, 10, 7),
                                      notified_on=date(2025, 10, 8))
    services.finding_add(case=unrelated, by=bu, themes=[],
                         text="The school did not follow up the pupil's poor attendance during the spring term.")
    found = queries.cases_like(reviewed, list(reviewed.findings.all()))
    assert [c.pk for _, c in found][:1] == [earlier.pk]
    assert unrelated.pk not in [c.pk for _, c in found]

    sign_in(client, bu)
    page = client.get(reverse("learning:case", args=[reviewed.reference])).content.decode()
    assert 'id="cases-like"' in page and reverse("learning:case", args=[earlier.reference]) in page


def test_an_action_past_its_date_is_tagged_overdue_until_it_is_done(client, world, reviewed):
    overdue_tag = re.compile(r'govuk-tag--red">\s*Overdue\s*<')
    action = _act(world, _recommend(world, reviewed), due=date(2026, 5, 29))
    sign_in(client, world.people["agency_rep"])
    assert overdue_tag.search(client.get(reverse("learning:mine")).content.decode())
    assert overdue_tag.search(client.get(reverse("learning:action", args=[action.pk])).content.decode())
    services.action_update_add(action=action, by=world.people["agency_rep"], text="Audit done.", mark_done=True)
    assert "Overdue" not in client.get(reverse("learning:action", args=[action.pk])).content.decode()
    assert not overdue_tag.search(client.get(reverse("learning:mine")).content.decode())
