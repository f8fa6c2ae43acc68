"""The read-only API: tokens issued, scoped, revoked and kept only as digests; every call audited;
one partnership per token; and no field of the identifying-details table, walked from the schema."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casereview.api import tokens
from casereview.api.models import ApiToken, Scope
from casereview.audit.models import AuditEvent
from casereview.cases.models import SubjectIdentity
from tests.factories import sign_in

EVERY_SCOPE = list(Scope.values)
API = "/api/v1"


def _issue(world, scopes=EVERY_SCOPE, partnership=None, **extra):
    partnership = partnership or world.partnership
    manager = world.people["bu_manager" if partnership == world.partnership else "other_partnership_manager"]
    return tokens.token_issue(partnership=partnership, by=manager, name="Performance team", scopes=scopes,
                              expires_on=extra.get("expires_on"))


def _get(path: str, secret: str | None, **params):
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    return Client().get(f"{API}{path}", params, headers=headers)


def test_a_token_is_shown_once_and_kept_only_as_its_digest(world, client):
    sign_in(client, world.people["bu_manager"])
    page = client.post(reverse("api_tokens:list", args=[world.partnership.slug]),
                       {"name": "Power BI", "scopes": ["cases", "dashboard"]})
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    secret = re.search(r'<code id="token" class="app-secret">([^<]+)</code>', page.content.decode())[1]
    token = ApiToken.objects.get()
    assert token.digest == tokens.digest_of(secret) and secret not in (token.digest, token.prefix)
    assert secret.startswith(token.prefix) and token.scopes == ["cases", "dashboard"]
    listing = client.get(reverse("api_tokens:list", args=[world.partnership.slug])).content.decode()
    assert secret not in listing and token.prefix in listing and "Never" in listing
    assert AuditEvent.objects.filter(code="api.token_issued").exists()


def test_only_the_business_unit_manager_issues_tokens(world):
    with pytest.raises(PermissionDenied):
        tokens.token_issue(partnership=world.partnership, by=world.people["bu_officer"], name="x", scopes=["cases"],
                           expires_on=None)


def test_a_call_reads_its_own_partnership_and_is_audited(world):
    token, secret = _issue(world)
    response = _get("/cases", secret)
    assert response.status_code == 200
    references = [c["reference"] for c in response.json()]
    assert world.case.reference in references and world.other_case.reference not in references
    assert _get(f"/cases/{world.other_case.reference}", secret).status_code == 404
    token.refresh_from_db()
    assert token.last_used_at is not None
    called = AuditEvent.objects.filter(code="api.called").last()
    assert called.partnership_id == world.partnership.pk and called.params["endpoint"] == "cases"


def test_a_revoked_expired_unknown_or_missing_token_is_refused(world):
    token, secret = _issue(world)
    assert _get("/cases", secret).status_code == 200
    tokens.token_revoke(token=token, by=world.people["bu_manager"])
    assert _get("/cases", secret).status_code == 401
    assert _get("/cases", None).status_code == 401
    assert _get("/cases", "csr_" + "x" * 43).status_code == 401
    assert AuditEvent.objects.filter(code="api.refused").count() == 3

    expiring, expiring_secret = _issue(world, expires_on=timezone.localdate() + timedelta(days=1))
    assert _get("/cases", expiring_secret).status_code == 200
    ApiToken.objects.filter(pk=expiring.pk).update(expires_on=timezone.localdate())
    assert _get("/cases", expiring_secret).status_code == 401


def test_a_token_reads_only_its_scopes(world):
    _, secret = _issue(world, scopes=["actions"])
    assert _get("/actions", secret).status_code == 200
    refused = _get("/cases", secret)
    assert refused.status_code == 403 and "Cases and their clocks" in refused.json()["detail"]
    for path in ("/clocks", f"/cases/{world.case.reference}", "/dashboard", "/returns/nhs-tracker"):
        assert _get(path, secret).status_code == 403, path
    assert AuditEvent.objects.filter(code="api.called", params__status=403).count() == 5


def _properties(node, found: set[str]) -> set[str]:
    if isinstance(node, dict):
        for name, value in node.items():
            if name == "properties" and isinstance(value, dict):
                found.update(value)
            _properties(value, found)
    elif isinstance(node, list):
        for value in node:
            _properties(value, found)
    return found


def test_no_field_of_the_identifying_details_table_is_in_the_schema_or_any_answer(world):
    """Walks the published schema: no property is named as a column of the identifying-details
    table, and every path, called with a token that may read everything, answers without any of
    the test child's identifying details."""
    identity = SubjectIdentity.objects.get(subject__case=world.case)
    schema = Client().get(f"{API}/openapi.json").json()
    columns = {f.name for f in SubjectIdentity._meta.get_fields() if f.concrete} - {"id", "subject"}
    assert columns >= {"full_name", "date_of_birth", "address", "postcode"}
    assert not _properties(schema, set()) & columns

    _, secret = _issue(world)
    secrets_of_the_child = [identity.full_name, identity.address, identity.postcode,
                            identity.date_of_birth.isoformat(), *identity.full_name.split()]
    paths = list(schema["paths"])
    assert len(paths) >= 6
    for path in paths:
        assert "get" in schema["paths"][path] and len(schema["paths"][path]) == 1, f"{path} is read-only"
        response = _get(path.removeprefix(API).replace("{reference}", world.case.reference), secret)
        assert response.status_code == 200, path
        body = response.content.decode()
        assert not [value for value in secrets_of_the_child if value and value in body], path


def test_the_dashboard_and_the_tracker_return_answer_with_figures(world):
    from tests.cases.journey import decided_with_lead_reviewer

    case = decided_with_lead_reviewer(world)
    _, secret = _issue(world)
    figures = _get("/dashboard", secret, start_on="2026-01-01", end_on="2026-12-31").json()
    assert figures["counts"]["notified"] == 1 and case.reference in figures["cases_behind"]["notified"]
    assert _get("/dashboard", secret, start_on="2026-12-31", end_on="2026-01-01").status_code == 400
    rows = {row["case_reference"]: row for row in _get("/returns/nhs-tracker", secret).json()}
    assert rows[case.reference]["notified_on"] == "2026-01-06" and rows[case.reference]["decided_on"] == "2026-02-03"
    detail = _get(f"/cases/{case.reference}", secret).json()
    assert detail["milestones"]["decided"] == "2026-02-03"
    assert {c["state"] for c in detail["clocks"]} <= {"running", "overdue", "met", "met_late"}
    assert date.fromisoformat(detail["clocks"][0]["due_on"])
