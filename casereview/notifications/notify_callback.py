"""GOV.UK Notify's delivery receipts: Notify calls this address with each message's status, carrying
the bearer token set in the Notify account (settings.NOTIFY_CALLBACK_TOKEN). The status is recorded
on the message's delivery row; a failure is logged, by delivery id only, for the service's alerts."""

from __future__ import annotations

import hmac
import json
import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from casereview.accounts.decorators import public
from casereview.once.models import EmailDelivery

logger = logging.getLogger(__name__)


def _authorised(request: HttpRequest) -> bool:
    expected = settings.NOTIFY_CALLBACK_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


@public
@csrf_exempt
@require_POST
def delivery_receipt(request: HttpRequest) -> HttpResponse:
    if not _authorised(request):
        return JsonResponse({"error": "unauthorised"}, status=401)
    try:
        receipt = json.loads(request.body)
        provider_id, status = str(receipt["id"]), str(receipt["status"])[:30]
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": "a receipt needs an id and a status"}, status=400)
    at = parse_datetime(str(receipt.get("completed_at") or receipt.get("sent_at") or "")) or timezone.now()
    delivery = (EmailDelivery.objects.filter(provider_id=provider_id).first()
                or EmailDelivery.objects.filter(key=str(receipt.get("reference") or ""), provider_id="").first())
    if delivery is None:
        return JsonResponse({"recorded": False})  # not ours, or sent before this installation kept ids
    EmailDelivery.objects.filter(pk=delivery.pk).update(provider_id=provider_id, status=status, status_at=at)
    if status in EmailDelivery.FAILED:
        logger.warning("Email delivery %s failed at GOV.UK Notify: %s", delivery.pk, status)
    return JsonResponse({"recorded": True})
