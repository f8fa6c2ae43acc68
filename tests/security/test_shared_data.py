"""What every partnership shares has one owner: finding 3.

Before the fix another partnership's manager removed the national Christmas Day bank holiday,
moving a second partnership's statutory deadlines with nothing in its audit log, and unlisted,
renamed and rewrote a National Panel document."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from casereview.library import services as library
from casereview.library.models import LibraryDocument, Origin
from casereview.partnerships.queries import partnership_audit
from casereview.process import services as process
from casereview.process.models import NonWorkingDay
from tests.factories import audit_said, sign_in

PARTNERSHIP_ROLES = ["bu_manager", "bu_officer", "sysadmin", "other_partnership_manager"]


@pytest.mark.parametrize("persona", PARTNERSHIP_ROLES)
def test_no_partnership_role_changes_the_national_bank_holidays(world, persona):
    christmas = NonWorkingDay.objects.get(date=date(2026, 12, 25), partnership__isnull=True)
    with pytest.raises(PermissionDenied):
        process.non_working_day_remove(entry=christmas, partnership=None, by=world.people[persona])
    with pytest.raises(PermissionDenied):
        process.non_working_day_add(partnership=None, by=world.people[persona], day=date(2026, 12, 30),
                                    name="Made-up bank holiday", kind=NonWorkingDay.Kind.BANK_HOLIDAY)
    assert NonWorkingDay.objects.filter(pk=christmas.pk).exists()


def test_a_partnership_page_cannot_remove_a_bank_holiday(client, world):
    christmas = NonWorkingDay.objects.get(date=date(2026, 12, 25), partnership__isnull=True)
    sign_in(client, world.people["other_partnership_manager"])
    response = client.post(reverse("process:calendar-remove", args=[world.other_partnership.slug, christmas.pk]))
    assert response.status_code == 404
    response = client.post(reverse("process:calendar", args=[world.other_partnership.slug]),
                           {"day-day": "30", "day-month": "12", "day-year": "2026", "name": "Closed",
                            "kind": "bank_holiday"})
    assert not NonWorkingDay.objects.filter(date=date(2026, 12, 30), partnership__isnull=True).exists()


def test_the_installation_administrator_changes_them_and_every_partnership_sees_it(world):
    christmas = NonWorkingDay.objects.get(date=date(2026, 12, 25), partnership__isnull=True)
    process.non_working_day_remove(entry=christmas, partnership=None, by=world.people["installer"])
    for partnership in (world.partnership, world.other_partnership):
        assert any("Removed the bank holiday" in s for s in audit_said(partnership_audit(partnership)))


def test_a_closure_day_stays_its_partnerships_own(world):
    day = process.non_working_day_add(partnership=world.other_partnership, by=world.people["other_partnership_manager"],
                                      day=date(2026, 12, 29), name="Office closed",
                                      kind=NonWorkingDay.Kind.LOCAL_CLOSURE)
    with pytest.raises(PermissionDenied):
        process.non_working_day_remove(entry=day, partnership=world.partnership, by=world.people["bu_manager"])
    assert not any("Office closed" in s for s in audit_said(partnership_audit(world.partnership)))


def _panel_document() -> LibraryDocument:
    return LibraryDocument.objects.filter(origin=Origin.NATIONAL_PANEL, partnership__isnull=True).first()


@pytest.mark.parametrize("persona", PARTNERSHIP_ROLES)
def test_no_partnership_role_changes_a_national_panel_document(world, persona):
    document = _panel_document()
    by = world.people[persona]
    with pytest.raises(PermissionDenied):
        library.document_list(document=document, by=by, listed=False)
    with pytest.raises(PermissionDenied):
        library.document_update(document=document, by=by, expected_version=document.lock_version,
                                data={"title": "Renamed"})
    document.refresh_from_db()
    assert document.is_listed and document.title != "Renamed"


def test_the_installation_administrator_edits_a_panel_document_and_every_partnership_sees_it(world):
    document = _panel_document()
    library.document_update(document=document, by=world.people["installer"], expected_version=document.lock_version,
                            data={"summary": "A corrected summary."})
    for partnership in (world.partnership, world.other_partnership):
        assert any(s.startswith("Changed a library document") for s in audit_said(partnership_audit(partnership)))
