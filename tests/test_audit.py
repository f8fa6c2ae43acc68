"""The audit record cannot be altered through the application, and views of identity are recorded."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

import casereview
from casereview.audit.context import WEB, WORKER, audit_context, current, in_worker
from casereview.audit.models import Action, AuditEvent, AuditLogIsAppendOnly
from casereview.audit.services import audit_record
from casereview.govuk.wording import audit_words
from tests.factories import sign_in


@pytest.fixture
def event(world):
    return audit_record(action=Action.VIEW_CASE, actor=world.people["bu_manager"], case=world.case,
                        partnership=world.partnership, code="cases.summary_viewed")


def test_saving_an_existing_event_is_refused(event):
    event.summary = "something else"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()


def test_deleting_an_event_is_refused(event):
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()


def test_bulk_update_and_delete_are_refused(event):
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(summary="x")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.all().delete()


@pytest.mark.parametrize("sql", ["UPDATE audit_auditevent SET summary = 'x'", "DELETE FROM audit_auditevent"])
def test_the_database_refuses_changes_underneath(event, sql):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    event.refresh_from_db()
    assert (event.summary, event.code) == ("", "cases.summary_viewed")


def test_viewing_identifying_details_is_recorded(client, world):
    sign_in(client, world.people["lead_reviewer"])
    response = client.get(reverse("cases:identity", args=[world.case.reference]))
    assert "Jayden Testperson" in response.content.decode()
    event = AuditEvent.objects.get(action=Action.VIEW_IDENTITY)
    assert event.actor == world.people["lead_reviewer"] and event.case == world.case
    assert event.ip_address == "127.0.0.1"
    # The audit record itself names no child.
    assert "Jayden" not in audit_words(event) and "Jayden" not in str(event.params)


def test_viewing_a_case_is_recorded_and_shown_in_the_access_log(client, world):
    sign_in(client, world.people["partner_police"])
    client.get(reverse("cases:detail", args=[world.case.reference]))
    sign_in(client, world.people["bu_manager"])
    page = client.get(reverse("cases:access-log", args=[world.case.reference])).content.decode()
    assert "Partner Police" in page and "Viewed case" in page


def test_pages_never_show_identifying_details_without_the_identity_view(client, world):
    sign_in(client, world.people["bu_manager"])
    page = client.get(reverse("cases:detail", args=[world.case.reference])).content.decode()
    assert "Child A" in page and "Jayden" not in page and "TE1 1ST" not in page
    page = client.get(reverse("cases:list")).content.decode()
    assert "Jayden" not in page


def test_membership_changes_are_audited(client, world):
    sign_in(client, world.people["bu_officer"])
    person = world.people["agency_rep_elsewhere"]
    url = reverse("cases:add-member", args=[world.case.reference, "agency_representative"])
    response = client.post(url, {"person": person.pk})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action=Action.CREATE, case=world.case).exists()
    # Now they can see the case.
    sign_in(client, person)
    assert client.get(reverse("cases:detail", args=[world.case.reference])).status_code == 200


def test_adding_someone_without_the_role_is_refused(client, world):
    sign_in(client, world.people["bu_officer"])
    url = reverse("cases:add-member", args=[world.case.reference, "lead_reviewer"])
    response = client.post(url, {"person": world.people["chair"].pk})
    assert response.status_code == 200
    assert "Choose a person from the list" in response.content.decode()


def test_case_lists_are_filtered_by_membership(client, world):
    sign_in(client, world.people["agency_rep_elsewhere"])
    assert world.case.reference not in client.get(reverse("cases:list")).content.decode()
    sign_in(client, world.people["agency_rep"])
    page = client.get(reverse("cases:list")).content.decode()
    assert f'<a class="govuk-link" href="/cases/{world.case.reference}/">{world.case.reference}</a>' in page
    sign_in(client, world.people["other_partnership_manager"])
    page = client.get(reverse("cases:list")).content.decode()
    assert world.case.reference not in page and world.other_case.reference in page


def test_scrutineer_sees_the_partnership_log(client, world):
    sign_in(client, world.people["scrutineer"])
    page = client.get(reverse("partnerships:audit", args=[world.partnership.slug])).content.decode()
    assert "Audit log" in page
    assert AuditEvent.objects.filter(action=Action.VIEW_AUDIT, partnership=world.partnership).exists()


def test_a_request_records_where_it_came_from(client, world):
    sign_in(client, world.people["lead_reviewer"])
    client.get(reverse("cases:identity", args=[world.case.reference]), REMOTE_ADDR="192.0.2.7")
    event = AuditEvent.objects.filter(action=Action.VIEW_IDENTITY).latest("pk")
    assert (event.via, event.ip_address) == ("web", "192.0.2.7")


def test_what_a_task_records_is_the_workers_even_when_a_request_ran_it(world):
    @in_worker
    def task_body():
        return audit_record(action=Action.UPDATE, code="learning.calendar_created")

    with audit_context(WEB, "192.0.2.7"):
        event = task_body()
        outside = audit_record(action=Action.UPDATE, actor=world.people["bu_manager"], code="learning.calendar_created")
    assert (event.via, event.ip_address, event.actor) == ("worker", None, None)
    assert (outside.via, outside.ip_address) == ("web", "192.0.2.7")
    assert current() is None  # nothing leaks past the request


def test_every_task_runs_as_the_worker():
    unwrapped = []
    for path in sorted(Path(casereview.__file__).parent.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef):
                names = [ast.unparse(d) for d in node.decorator_list]
                if any(n.startswith("task") for n in names) and "in_worker" not in names:
                    unwrapped.append(f"{path.name}:{node.name}")
    assert not unwrapped


def test_a_management_command_records_itself_as_one():
    shown = subprocess.run([sys.executable, "manage.py", "shell", "-c",
                            "from casereview.audit.context import current; print(current().via)"],
                           cwd=Path(casereview.__file__).parent.parent, capture_output=True, text=True, timeout=120,
                           env={**os.environ, "DJANGO_SETTINGS_MODULE": "casereview.settings_test"})
    assert shown.stdout.strip().splitlines()[-1] == "command", shown.stderr


def test_an_anonymous_actor_is_recorded_as_nobody(world):
    event = audit_record(action=Action.SIGN_IN_FAILED, actor=AnonymousUser(), code="audit.sign_in_failed")
    assert event.actor is None and event.actor_label == ""


def test_the_log_says_what_made_a_record_nobody_signed_in_made(client, world):
    with audit_context(WORKER):
        audit_record(action=Action.UPDATE, case=world.case, partnership=world.partnership,
                     code="cases.summary_viewed")
    sign_in(client, world.people["bu_manager"])
    page = client.get(reverse("cases:access-log", args=[world.case.reference])).content.decode()
    assert "The service itself" in page and "The task worker" in page
