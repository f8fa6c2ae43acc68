"""What pages keep between requests is dropped by any audited change, in any server process."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from casereview.audit.kept import kept, last_change
from casereview.audit.models import Action, AuditEvent
from tests.contributions.helpers import ask_three, submit_entries
from tests.factories import sign_in


def test_a_change_recorded_by_another_process_drops_what_this_one_kept(world):
    assert kept("figure", (1,), lambda: "before") == "before"
    assert kept("figure", (1,), lambda: "recomputed") == "before"
    # Another gunicorn worker records a change: nothing in this process is told, but the database is.
    AuditEvent.objects.create(action=Action.UPDATE, summary="Changed elsewhere")
    assert kept("figure", (1,), lambda: "after") == "after"


def test_reading_a_page_is_not_a_change(world):
    before = last_change()
    AuditEvent.objects.create(action=Action.VIEW_CASE, summary="Viewed the merged chronology")
    AuditEvent.objects.create(action=Action.EXPORT, summary="Exported")
    assert last_change() == before


def test_the_latest_change_is_read_once_a_request(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sign_in(client, world.people["bu_manager"])
    url = reverse("contributions:chronology", args=[world.case.reference])
    client.get(url)
    with CaptureQueriesContext(connection) as seen:
        client.get(url)
    # Read with the person's roles and unread count (accounts.request_facts), or alone.
    reads = [q for q in seen.captured_queries if "MAX(" in q["sql"] and "audit_auditevent" in q["sql"]]
    assert len(reads) == 1


def _police_chronology(client, world, event: str):
    """The police's return submitted, the business unit signed in; the requests and the page's address."""
    asked = ask_three(world)
    submit_entries(world, asked["police"], "agency_rep", [{"on": date(2026, 1, 5), "event": event}])
    sign_in(client, world.people["bu_manager"])
    return asked, reverse("contributions:chronology", args=[world.case.reference])


def test_the_merged_chronology_shows_a_submission_made_after_it_was_last_viewed(client, world):
    asked, url = _police_chronology(client, world, "First visit noted")
    first = client.get(url).content.decode()
    assert "First visit noted" in first and "1 entry." in first
    submit_entries(world, asked["csc"], "csc_rep", [{"on": date(2026, 1, 6), "event": "Strategy discussion held"}])
    second = client.get(url).content.decode()
    assert "Strategy discussion held" in second and "2 entries." in second
    agencies = second.split('name="agency"')[1].split("</select>")[0]
    assert world.agencies["csc"].name in agencies and world.agencies["police"].name in agencies


def test_the_filter_form_shows_what_each_query_asked_for(client, world):
    _, url = _police_chronology(client, world, "Home visit")
    plain = client.get(url).content.decode()
    assert 'value="visit"' not in plain
    searched = client.get(url, {"keyword": "visit"}).content.decode()
    assert 'value="visit"' in searched
    other = client.get(url, {"keyword": "school"}).content.decode()
    assert 'value="school"' in other and 'value="visit"' not in other
    wrong = client.get(url, {"date_from-day": "31", "date_from-month": "2", "date_from-year": "2026"}).content.decode()
    assert 'value="31"' in wrong
