"""The adults framework's pages through the test client: what each person is shown and told."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from casereview.adults.models import AdultInvolvement
from casereview.cases.models import Case
from casereview.partnerships.models import EnabledFramework
from tests.adults.helpers import commissioned, enable_adults, sab_chair, sar_referred
from tests.factories import sign_in

pytestmark = pytest.mark.django_db


def _date(prefix: str, day: date) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def test_the_referral_list_offers_a_sar_referral_only_where_sars_are_run(client, world):
    sign_in(client, world.people["agency_rep"])
    assert "Start a referral: SAR" not in client.get(reverse("referrals:list")).content.decode()
    enable_adults(world)
    page = client.get(reverse("referrals:list")).content.decode()
    assert "Start a referral: SAR" in page and reverse("adults:referral-start") in page


def test_a_sar_referral_refuses_a_child_and_keeps_the_draft(client, world):
    enable_adults(world)
    sign_in(client, world.people["agency_rep"])
    response = client.post(reverse("adults:referral-start"))
    case = Case.objects.get(framework="adults")
    assert response.url == reverse("adults:referral", args=[case.pk])
    form = {"full_name": "Edna Testperson", "age": "16", "lock_version": case.referral.lock_version}
    page = client.post(reverse("adults:referral", args=[case.pk]), form).content.decode()
    assert "govuk-error-summary" in page and "aged 18 or over" in page
    form.update(age="80", description="Self-neglect known to three agencies.")
    response = client.post(reverse("adults:referral", args=[case.pk]), form)
    assert response.url == reverse("adults:referral-check", args=[case.pk])
    check = client.get(response.url).content.decode()
    assert "Select whether the adult had needs for care and support" in check
    assert reverse("adults:referral-submit", args=[case.pk]) not in check
    # The name is kept apart from the referral, in SubjectIdentity.
    adult = case.subjects.get()
    assert adult.identity.full_name == "Edna Testperson" and adult.age == 80 and adult.label == "The adult"
    # Someone else's draft does not exist for them.
    sign_in(client, world.people["bu_officer"])
    assert client.get(reverse("adults:referral", args=[case.pk])).status_code == 404


def test_the_case_page_offers_the_next_sar_step_and_the_step_page_explains_errors(client, world):
    case = sar_referred(world)
    sign_in(client, world.people["bu_officer"])
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Referred: awaiting acknowledgement" in page
    assert reverse("cases:step", args=[case.reference, "sar_acknowledge"]) in page
    assert "Safeguarding adults review: screening" in page
    page = client.post(reverse("cases:step", args=[case.reference, "sar_acknowledge"]),
                       {"lock_version": case.lock_version}).content.decode()
    assert "govuk-error-summary" in page and "Select what happens next" in page


def test_the_sar_record_and_involvement_pages(client, world):
    case = commissioned(world)
    sign_in(client, world.people["bu_officer"])
    record = client.get(reverse("adults:record", args=[case.reference])).content.decode()
    assert "A mandatory review: section 44(1) to (3)" in record and "Sab Chair" in record
    assert "Not recorded yet" in record
    url = reverse("adults:involvement", args=[case.reference])
    page = client.post(url, {"consent": "declined", "advocacy": "independent", "family_invited": "no",
                             "lock_version": ""}).content.decode()
    assert "Say why the review continues although the adult declined" in page
    assert "Say why the family was not invited" in page
    assert not AdultInvolvement.objects.filter(case=case).exists()
    response = client.post(url, {"consent": "given", **_date("consent_on", date(2026, 3, 1)),
                                 "advocacy": "independent", "advocate_role": "Care Act advocate",
                                 "family_invited": "yes", **_date("family_invited_on", date(2026, 3, 2)),
                                 "lock_version": ""})
    assert response.status_code == 302
    involvement = AdultInvolvement.objects.get(case=case)
    # An edit from a page opened before this save is refused and loses nothing.
    page = client.post(url, {"consent": "given", "advocacy": "not_needed", "family_invited": "yes",
                             "lock_version": str(involvement.lock_version + 5)}).content.decode()
    assert "changed in another window" in page
    assert AdultInvolvement.objects.get(case=case).advocacy == "independent"
    # An agency representative on the case reads the record but does not write it.
    sign_in(client, world.people["agency_rep"])
    case.memberships.create(person=world.people["agency_rep"], role="agency_representative")
    assert client.get(reverse("adults:record", args=[case.reference])).status_code == 200
    assert client.get(url).status_code == 403


def test_the_annual_report_page_and_the_chairs_view(client, world):
    commissioned(world)
    chair = sab_chair(world)
    sign_in(client, chair)
    page = client.get(reverse("adults:annual", args=[world.partnership.slug]) + "?year=2025").content.decode()
    assert "Reviews ongoing at the end of the year: 1" in page and "1 April 2025" in page
    # The chair is no part of the children's arrangements: the children's case is refused.
    assert client.get(reverse("cases:detail", args=[world.case.reference])).status_code == 403
    tracker = client.get(reverse("cases:list")).content.decode()
    assert world.case.reference not in tracker


def test_the_tracker_filters_by_kind_of_review(client, world):
    sar = commissioned(world)
    sign_in(client, world.people["bu_officer"])
    adults = client.get(reverse("cases:list") + "?kind=adults").content.decode()
    assert sar.reference in adults and world.case.reference not in adults
    children = client.get(reverse("cases:list") + "?kind=children").content.decode()
    assert world.case.reference in children and sar.reference not in children


def test_a_manager_enables_adults_reviews_from_the_process_pack(client, world):
    sign_in(client, world.people["bu_manager"])
    pack = client.get(reverse("process:overview", args=[world.partnership.slug])).content.decode()
    assert reverse("cases:frameworks", args=[world.partnership.slug]) in pack
    assert "Report sections for a safeguarding adults review" not in pack
    url = reverse("cases:frameworks", args=[world.partnership.slug])
    assert "govuk-error-summary" in client.post(url, {}).content.decode()
    response = client.post(url, {"key": "adults", "label": "SAR"})
    assert response.status_code == 302
    assert EnabledFramework.objects.get(partnership=world.partnership, key="adults").label == "SAR"
    pack = client.get(reverse("process:overview", args=[world.partnership.slug])).content.decode()
    assert "Report sections for a safeguarding adults review" in pack and "Acknowledge the SAR referral" in pack
    markers = client.get(reverse("reports:markers", args=[world.partnership.slug]) + "?framework=adults")
    assert "Involvement of the person and family" in markers.content.decode()
    public = client.get(reverse("site:how-reviews-work-partnership", args=[world.partnership.slug])).content.decode()
    assert "The reviews this partnership holds" in public and "Care Act 2014, section 44" in public
    # The chair's role can now be given; it was not offered before.
    person = client.get(reverse("partnerships:person", args=[world.partnership.slug,
                                                            world.people["agency_rep"].pk])).content.decode()
    assert "Safeguarding Adults Board independent chair" in person


def test_the_dashboard_and_yearly_figures_filter_by_kind_of_review(client, world):
    from casereview.learning import dashboard

    sar = commissioned(world)
    figures = dashboard.figures(world.partnership, date(2025, 4, 1), date(2026, 3, 31), date(2026, 3, 31), "adults")
    assert figures["cases_behind"]["referred"] == [sar.reference]
    assert figures["cases_behind"]["reviews_started"] == [sar.reference]
    children = dashboard.figures(world.partnership, date(2025, 4, 1), date(2026, 3, 31), date(2026, 3, 31),
                                 "children")
    assert sar.reference not in children["cases_behind"]["referred"]
    sign_in(client, world.people["bu_manager"])
    page = client.get(reverse("learning:dashboard", args=[world.partnership.slug]) + "?kind=adults").content.decode()
    assert "Kind of review" in page and 'value="adults" selected' in page
    public = client.get(reverse("site:how-reviews-work")).content.decode()
    assert "Safeguarding adults reviews" in public


def test_your_work_leads_the_business_unit_and_the_chair_to_their_sar_steps(client, world):
    from tests.adults.helpers import acknowledged, recommended

    case = sar_referred(world)
    sign_in(client, world.people["bu_officer"])
    page = client.get(reverse("work:home")).content.decode()
    assert "Acknowledge and screen the referral" in page
    assert reverse("cases:step", args=[case.reference, "sar_acknowledge"]) in page
    case = recommended(world, acknowledged(world, case, on=date(2026, 2, 9), outcome="subgroup"),
                       on=date(2026, 2, 16))
    sign_in(client, sab_chair(world))
    page = client.get(reverse("work:home")).content.decode()
    assert "Record the independent chair&#39;s decision" in page or "Record the independent chair's decision" in page
    assert reverse("cases:step", args=[case.reference, "sar_decide"]) in page


def test_your_work_filters_by_kind_of_review(client, world):
    from casereview.cases.models import CaseStatus

    case = sar_referred(world)
    Case.objects.filter(pk=world.case.pk).update(status=CaseStatus.REFERRED)
    sign_in(client, world.people["bu_officer"])
    everything = client.get(reverse("work:home")).content.decode()
    assert case.reference in everything and world.case.reference in everything and "Kind of review" in everything
    adults = client.get(reverse("work:home") + "?kind=adults").content.decode()
    assert case.reference in adults and world.case.reference not in adults
    children = client.get(reverse("work:home") + "?kind=children").content.decode()
    assert world.case.reference in children and case.reference not in children
