"""Lists that stay readable as they grow: notifications grouped by case and kind, filtered, marked
read and folded when old; the audit log filtered by person, case, kind of event and dates."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from casereview.audit.models import AuditEvent
from casereview.audit.services import audit_record
from casereview.notifications.models import Notification
from tests.factories import sign_in


def _notify(person, case, kind, message, days_ago=0):
    made = Notification.objects.create(recipient=person, case=case, kind=kind, message=message, path="/cases/")
    Notification.objects.filter(pk=made.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    return made


def test_sixty_identical_notifications_read_as_one_group(client, world):
    person = world.people["bu_manager"]
    for day in range(60):
        _notify(person, world.case, "transition", f"{world.case.reference}: moved on ({day})", days_ago=day % 20)
    _notify(person, world.case, "new_referral", "New referral", days_ago=1)
    _notify(person, world.other_case, "transition", "Long ago", days_ago=90)
    sign_in(client, person)
    page = client.get(reverse("notifications:list")).content.decode()
    assert page.count('class="app-notification-group"') == 3
    assert "60 new" in page and "and 59 earlier" in page and "Show 59 earlier" in page
    assert "Older notifications (1 groups)" in page
    filtered = client.get(reverse("notifications:list"), {"kind": "new_referral"}).content.decode()
    assert filtered.count('class="app-notification-group"') == 1 and "New referral" in filtered
    by_case = client.get(reverse("notifications:list"), {"case": world.other_case.reference}).content.decode()
    assert by_case.count('class="app-notification-group"') == 1
    # One group marked read; the rest stay new.
    ids = list(Notification.objects.filter(recipient=person, kind="new_referral").values_list("pk", flat=True))
    client.post(reverse("notifications:read-all"), {"id": ids, "back": reverse("notifications:list")})
    assert Notification.objects.filter(recipient=person, read_at=None).count() == 61
    unread = client.get(reverse("notifications:list"), {"unread": "on"}).content.decode()
    assert unread.count('class="app-notification-group"') == 2
    # Someone else's notifications cannot be marked through the ids.
    other = _notify(world.people["bu_officer"], world.case, "transition", "Theirs")
    client.post(reverse("notifications:read-all"), {"id": [other.pk]})
    other.refresh_from_db()
    assert other.read_at is None


def test_the_audit_log_filters_by_person_case_kind_and_dates(client, world):
    manager, officer = world.people["bu_manager"], world.people["bu_officer"]
    for actor, case, action in ((officer, world.case, "update"), (officer, None, "export"), (manager, world.case,
                                                                                                "view_identity")):
        audit_record(action=action, actor=actor, case=case, partnership=world.partnership, code="cases.summary_viewed")
    sign_in(client, manager)
    url = reverse("partnerships:audit", args=[world.partnership.slug])
    rows = lambda response: response.content.decode().count("Viewed the case summary</td>")  # noqa: E731
    assert rows(client.get(url, {"person": officer.pk})) == 2
    assert rows(client.get(url, {"action": "view_identity"})) == 1
    assert rows(client.get(url, {"case": world.case.reference, "person": officer.pk})) == 1
    today = timezone.localdate()
    later = today + timedelta(days=1)
    assert rows(client.get(url, {"date_from-day": later.day, "date_from-month": later.month,
                                 "date_from-year": later.year})) == 0
    refused = client.get(url, {"date_from-day": later.day, "date_from-month": later.month, "date_from-year":
                               later.year, "date_to-day": today.day, "date_to-month": today.month,
                               "date_to-year": today.year}).content.decode()
    assert "The end of the range must be on or after its start" in refused
    assert AuditEvent.objects.filter(action="view_audit", actor=manager).count() == 5
