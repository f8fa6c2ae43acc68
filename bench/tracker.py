"""Tracker server time with national-scale data, as a ratio to an empty page with the same layout.

Run with `make bench`. Builds (once) a database of 150 synthetic partnerships and 20,000
cases, then times, in the same process and interleaved, the tracker, the dashboard and
"Your work" against an empty page that extends the same internal layout. Prints `BENCH <name> <value> <unit>` lines.
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casereview.settings_test")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
# Production keeps each worker's database connection for a minute (settings: DATABASE_CONN_MAX_AGE);
# the test settings close it after every request, which would time a new connection per page.
os.environ.setdefault("DATABASE_CONN_MAX_AGE", "60")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.shortcuts import render  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import include, path  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "15"))


def empty_page(request):
    return render(request, "bench/empty.html", {})


urlpatterns = [path("bench/empty/", empty_page, name="bench-empty"), path("", include("casereview.urls"))]


def signed_in_client(user) -> Client:
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(user=user, name="Bench", defaults={"confirmed": True})
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def national_viewer():
    """A scrutineer in every synthetic partnership: the tracker with all 20,000 cases in view."""
    from casereview.accounts.models import User
    from casereview.partnerships.models import Partnership, Role, RoleAssignment

    user, _ = User.objects.get_or_create(email="national@synthetic.invalid",
                                         defaults={"full_name": "Synthetic National Viewer"})
    RoleAssignment.objects.bulk_create([
        RoleAssignment(person=user, partnership=p, role=Role.SCRUTINEER)
        for p in Partnership.objects.filter(slug__startswith="synthetic-")
    ], ignore_conflicts=True)
    return user


def timed(client: Client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def against_empty_page(client: Client, url: str) -> tuple[float, int]:
    """The median time of ``url`` over the median time of the empty page, interleaved; and its queries."""
    page_times, empty_times = [], []
    for _ in range(3):  # warm caches and the template engine
        timed(client, url)
        timed(client, "/bench/empty/")
    for _ in range(ROUNDS):
        page_times.append(timed(client, url))
        empty_times.append(timed(client, "/bench/empty/"))
    connection.queries_log.clear()  # a full log (9,000 entries after building the data) would count nothing
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    from django.core.cache import cache

    cache.clear()  # as after any change: everything kept is worked out again
    first = timed(client, url)
    print(f"# {url}: first view after a change {first / statistics.median(empty_times):.2f} x the empty page",
          file=sys.stderr)
    return statistics.median(page_times) / statistics.median(empty_times), len(queries.captured_queries)


def main() -> None:
    call_command("migrate", verbosity=0)
    from casereview.cases.models import Case

    if Case.objects.filter(partnership__slug__startswith="synthetic-").count() < 20000:
        started = time.perf_counter()
        call_command("generate_synthetic", partnerships=150, cases=20000, years=10, stdout=io.StringIO())
        print(f"# generated 20,000 synthetic cases in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    from casereview.operations.maintenance import planner_statistics_refresh

    planner_statistics_refresh()  # as the daily sweep does on a real installation
    from casereview.accounts.models import User

    with override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["testserver"]):
        for name, user in (("tracker", national_viewer()),
                           ("tracker_one_partnership", User.objects.get(email="manager-1@synthetic.invalid"))):
            ratio, queries = against_empty_page(signed_in_client(user), "/cases/")
            print(f"BENCH {name}_vs_empty_page {ratio:.2f} x")
            print(f"BENCH {name}_queries {queries} queries")
        manager = User.objects.get(email="manager-1@synthetic.invalid")
        client = signed_in_client(manager)
        # The dashboard from 2016, and "Your work" (counted afresh on every request) for the business
        # unit manager of one synthetic partnership, with all 20,000 cases of the country loaded.
        for name, url in (("dashboard", "/learning/dashboard/synthetic-1/?start-day=1&start-month=1&start-year=2016"),
                          ("your_work", "/your-work/")):
            ratio, queries = against_empty_page(client, url)
            print(f"BENCH {name}_vs_empty_page {ratio:.2f} x")
            print(f"BENCH {name}_queries {queries} queries")
        print(f"# database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}; "
              f"median of {ROUNDS} interleaved rounds", file=sys.stderr)


if __name__ == "__main__":
    main()
