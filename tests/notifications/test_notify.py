"""GOV.UK Notify: the backend sends each kind of message with its own template and the right
personalisation through the official client, over a real connection to a local server that
implements Notify's endpoint; Notify's delivery receipts are recorded, a failure included."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from casereview.notifications import services
from casereview.once.models import EmailDelivery
from casereview.partnerships.services import invitation_send
from tests.notifications.fake_notify import API_KEY, FakeNotify

DEFAULT, INVITATION, MISSED = ("11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222",
                               "33333333-3333-4333-8333-333333333333")


@pytest.fixture
def notify(settings):
    with FakeNotify() as fake:
        settings.MAILERS = {"default": {"BACKEND": "casereview.once.notify.NotifyEmailBackend", "OPTIONS": {}}}
        settings.NOTIFY_API_KEY, settings.NOTIFY_BASE_URL = API_KEY, fake.url
        settings.NOTIFY_TEMPLATE_ID = DEFAULT
        settings.NOTIFY_TEMPLATES = {"invitation": INVITATION, "notification.deadline_missed": MISSED}
        settings.NOTIFY_CALLBACK_TOKEN = "callback-secret-for-tests"
        yield fake


def _notification(world, kind: str):
    params = ({"ref": "TST-2026-001", "clock": "Rapid review", "due_on": "2026-03-02"} if kind.startswith("deadline")
              else {"ref": "TST-2026-001", "transition": "screen", "status": "referred", "stage": "Screening"})
    return services.notify(recipients=[world.people["bu_officer"]], kind=kind, path="/cases/", **params)[0]


def test_each_kind_of_message_goes_with_its_own_template_and_personalisation(world, notify):
    missed = _notification(world, "deadline_missed")
    assert services.notification_email(notification_id=missed.pk)
    assert invitation_send(invitation_id=world.invitation.pk)
    first, second = notify.received
    assert first["template_id"] == MISSED and first["email_address"] == "bu_officer@test.example"
    assert first["reference"] == f"notification:{missed.pk}"
    assert set(first["personalisation"]) == {"subject", "body"}
    assert first["personalisation"]["subject"].endswith("deadline missed")
    assert missed.text in first["personalisation"]["body"]
    assert second["template_id"] == INVITATION and second["email_address"] == "newcomer@test.example"
    assert "/invitation/" in second["personalisation"]["body"]
    delivery = EmailDelivery.objects.get(key=f"notification:{missed.pk}")
    assert delivery.accepted_at and len(delivery.provider_id) == 36


def test_a_kind_without_its_own_template_uses_the_default(world, notify):
    services.notification_email(notification_id=_notification(world, "transition").pk)
    assert notify.received[0]["template_id"] == DEFAULT


def test_a_refusal_leaves_the_delivery_unsent_to_be_tried_again(world, notify):
    notify.fail_with = 500
    missed = _notification(world, "deadline_missed")
    with pytest.raises(ConnectionError):  # an OSError: the task worker tries again later
        services.notification_email(notification_id=missed.pk)
    assert EmailDelivery.objects.get(key=f"notification:{missed.pk}").accepted_at is None
    notify.fail_with = None
    assert services.notification_email(notification_id=missed.pk)


def test_a_delivery_failure_reported_by_notify_is_recorded(world, notify, client):
    missed = _notification(world, "deadline_missed")
    services.notification_email(notification_id=missed.pk)
    delivery = EmailDelivery.objects.get(key=f"notification:{missed.pk}")
    receipt = {"id": delivery.provider_id, "reference": delivery.key, "to": "bu_officer@test.example",
               "status": "permanent-failure", "created_at": "2026-03-02T09:00:00.000000Z",
               "completed_at": "2026-03-02T09:00:05.000000Z", "sent_at": "2026-03-02T09:00:01.000000Z",
               "notification_type": "email"}
    url = reverse("notifications:notify-receipt")
    response = client.post(url, json.dumps(receipt), content_type="application/json",
                           headers={"Authorization": "Bearer callback-secret-for-tests"})
    assert response.status_code == 200 and response.json() == {"recorded": True}
    delivery.refresh_from_db()
    assert delivery.status == "permanent-failure" and delivery.failed
    assert delivery.status_at.isoformat().startswith("2026-03-02T09:00:05")


@pytest.mark.parametrize("authorization", ["", "Bearer wrong", "callback-secret-for-tests-but-longer"])
def test_a_receipt_without_the_token_is_refused(world, notify, client, authorization):
    response = client.post(reverse("notifications:notify-receipt"), json.dumps({"id": "x", "status": "delivered"}),
                           content_type="application/json", headers={"Authorization": authorization})
    assert response.status_code == 401


def test_production_will_not_use_notify_half_configured():
    from pydantic import ValidationError

    from tests.test_config import production

    with pytest.raises(ValidationError, match="NOTIFY_API_KEY"):
        production(EMAIL_BACKEND="casereview.once.notify.NotifyEmailBackend")
    config = production(EMAIL_BACKEND="casereview.once.notify.NotifyEmailBackend", NOTIFY_API_KEY=API_KEY,
                        NOTIFY_TEMPLATE_ID=DEFAULT, NOTIFY_TEMPLATES=f"invitation={INVITATION}")
    assert config.NOTIFY_TEMPLATES == {"invitation": INVITATION}


def test_an_invitation_notify_could_not_deliver_is_flagged_on_the_people_page(world, notify, client):
    from tests.factories import sign_in

    invitation_send(invitation_id=world.invitation.pk)
    delivery = EmailDelivery.objects.get(key__startswith=f"invitation:{world.invitation.pk}:")
    people = reverse("partnerships:people", args=[world.partnership.slug])
    sign_in(client, world.people["bu_manager"])
    assert "Email not delivered" not in client.get(people).content.decode()
    client.post(reverse("notifications:notify-receipt"),
                json.dumps({"id": delivery.provider_id, "reference": delivery.key, "status": "permanent-failure"}),
                content_type="application/json", headers={"Authorization": "Bearer callback-secret-for-tests"})
    page = client.get(people).content.decode()
    assert "Email not delivered" in page and "Check the address, then send it again" in page
