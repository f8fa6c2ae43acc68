"""What every signed-in page reads about its person comes in one query, and is never stale."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casereview.accounts import request_facts
from casereview.notifications.models import Notification
from casereview.notifications.queries import unread_count
from casereview.notifications.services import notifications_mark_read
from casereview.partnerships.access import has_capability, has_site_capability
from casereview.partnerships.models import Role
from casereview.partnerships.services import person_set_roles
from tests.factories import sign_in


def _queries_for(client, url: str) -> list[str]:
    from django.db import connection

    client.get(url)
    with CaptureQueriesContext(connection) as seen:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in seen.captured_queries]


def test_roles_site_roles_unread_count_and_latest_change_are_one_query(client, world):
    sign_in(client, world.people["bu_manager"])
    sql = _queries_for(client, reverse("contributions:chronology", args=[world.case.reference]))
    facts = [q for q in sql if "UNION ALL" in q]
    assert len(facts) == 1
    alone = [q for q in sql if q not in facts and any(
        table in q for table in ("partnerships_roleassignment", "partnerships_siteroleassignment",
                                 "notifications_notification"))]
    assert alone == []
    assert not [q for q in sql if "MAX(" in q and q not in facts]


def test_the_answers_match_the_tables(world):
    person = world.people["bu_manager"]
    Notification.objects.create(recipient=person, kind="transition", message="Moved on", path="/")
    Notification.objects.create(recipient=person, kind="transition", message="Read", path="/",
                                read_at="2026-01-01T00:00:00Z")
    request_facts.load(person)
    assert person._unread_notifications == 1
    assert person._roles_by_partnership == {world.partnership.pk: {Role.BUSINESS_UNIT_MANAGER}}
    assert person._site_roles == set()
    assert has_capability(person, world.partnership.pk, "manage_case_lifecycle")
    assert not has_site_capability(person, "close_accounts")


def test_marking_read_and_granting_roles_are_seen_in_the_same_request(world):
    person = world.people["scrutineer"]
    Notification.objects.create(recipient=person, kind="transition", message="Moved on", path="/")
    assert unread_count(person) == 1
    notifications_mark_read(user=person)
    assert unread_count(person) == 0
    assert not has_capability(person, world.partnership.pk, "manage_case_lifecycle")
    person_set_roles(person=person, partnership=world.partnership, by=world.people["bu_manager"],
                     roles=[Role.SCRUTINEER, Role.BUSINESS_UNIT_OFFICER])
    assert has_capability(person, world.partnership.pk, "manage_case_lifecycle")


def test_the_navigation_follows_a_site_role_granted_from_the_command_line(client, world):
    person = world.people["scrutineer"]
    sign_in(client, person)
    home = reverse("work:home")
    installation = reverse("installation:home")
    assert f'href="{installation}"' not in client.get(home).content.decode()
    call_command("grant_site_role", person.email, "--note", "Test", stdout=io.StringIO())
    assert f'href="{installation}"' in client.get(home).content.decode()


def test_the_unread_count_in_the_navigation_is_fresh_on_every_page(client, world):
    person = world.people["scrutineer"]
    sign_in(client, person)
    home = reverse("work:home")
    assert "unread</span>" not in client.get(home).content.decode()
    Notification.objects.create(recipient=person, kind="transition", message="Moved on", path="/")
    assert "1<span class=\"govuk-visually-hidden\"> unread</span>" in client.get(home).content.decode()
