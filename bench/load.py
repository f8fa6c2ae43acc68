"""Load: signed-in users against gunicorn on loopback, on SQLite and on PostgreSQL, in one run.

Run with `make bench` (or `python bench/load.py`). For each database it builds a fresh copy with the
demo data and 25 extra business unit officers, starts gunicorn with the production config
(`gunicorn.conf.py`: 2 x cores + 1 workers), then:

1. one user alone: `SAMPLES` requests, one after another;
2. 25 users at once, each requesting a page, reading it (a think time of 0.5 to 1.5 s), then the
   next, for `SECONDS` seconds.

Pages, in turn: Your work, the tracker, a case (audited, so a write), notifications, the public
home page. Prints, per database, the ratio of the 25-user p95 to the single user's, the errors
(any status other than 200, or no answer), and requests per second per gunicorn worker.
PostgreSQL is used when one answers at 127.0.0.1:5432 (set LOAD_PG_URL to point elsewhere).
"""

from __future__ import annotations

import http.cookiejar
import json
import multiprocessing
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
USERS = int(os.environ.get("LOAD_USERS", "25"))
SECONDS = float(os.environ.get("LOAD_SECONDS", "30"))
SAMPLES = int(os.environ.get("LOAD_SAMPLES", "60"))
THINK = (0.5, 1.5)
PG_URL = os.environ.get("LOAD_PG_URL", "postgres://postgres@127.0.0.1:5432/casereview_load")


def _env(database_url: str) -> dict:
    # Connections kept between requests, as in production (DJANGO_ENV=production would also need
    # HTTPS, a real secret key and collected static files, which change nothing measured here).
    return {**os.environ, "DJANGO_ENV": "development", "DATABASE_URL": database_url, "DATABASE_CONN_MAX_AGE": "60",
            "DJANGO_SETTINGS_MODULE": "casereview.settings", "PYTHONPATH": str(ROOT)}


def _prepare(database_url: str) -> list[dict]:
    """A fresh database with the demo data; returns each load user's session cookie and a case."""
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, check=True,
                   env=_env(database_url))
    subprocess.run([sys.executable, "manage.py", "seed_demo", "--reset"], cwd=ROOT, check=True,
                   env=_env(database_url), stdout=subprocess.DEVNULL)
    out = subprocess.run([sys.executable, __file__, "--sessions", database_url], cwd=ROOT, check=True,  # noqa: S603
                         env=_env(database_url), capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def _sessions() -> None:
    """Run in a child with Django set up on the load database: makes the users and their sessions."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from casereview.accounts.models import User
    from casereview.cases.models import Case
    from casereview.partnerships.models import Partnership, Role, RoleAssignment

    partnership = Partnership.objects.order_by("pk").first()
    case = Case.objects.filter(partnership=partnership).exclude(status="draft").order_by("pk").first()
    agency = partnership.agencies.order_by("pk").first()
    people = []
    for n in range(USERS):
        user, _ = User.objects.get_or_create(email=f"load-{n}@load.invalid",
                                             defaults={"full_name": f"Load Officer {n}", "agency": agency})
        RoleAssignment.objects.get_or_create(person=user, partnership=partnership, role=Role.BUSINESS_UNIT_OFFICER)
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="Load", defaults={"confirmed": True})
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session["_touched"] = int(time.time())
        session.create()
        people.append({"cookie": settings.SESSION_COOKIE_NAME, "value": session.session_key})
    print(json.dumps([{**p, "case": case.reference} for p in people]))


def _free_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return probe.getsockname()[1]


def _start_gunicorn(database_url: str, port: int, log: Path) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, "-m", "gunicorn", "casereview.wsgi", "--config", "gunicorn.conf.py",
         "--bind", f"127.0.0.1:{port}"], cwd=ROOT, env=_env(database_url), stdout=log.open("w"),
        stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/live", timeout=2):  # noqa: S310
                return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise RuntimeError(f"gunicorn did not start: {log.read_text()[-2000:]}")


class Visitor:
    def __init__(self, base: str, person: dict) -> None:
        jar = http.cookiejar.CookieJar()
        jar.set_cookie(http.cookiejar.Cookie(
            0, person["cookie"], person["value"], None, False, "127.0.0.1", False, False, "/", True, False,
            None, False, None, None, {}))
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        self.pages = [f"{base}/your-work/", f"{base}/cases/", f"{base}/cases/{person['case']}/",
                      f"{base}/notifications/", f"{base}/"]
        self.turn = random.randrange(len(self.pages))  # noqa: S311

    def visit(self) -> tuple[float, bool]:
        url = self.pages[self.turn % len(self.pages)]
        self.turn += 1
        started = time.perf_counter()
        try:
            with self.opener.open(url, timeout=60) as response:
                response.read()
                ok = response.status == 200 and not response.geturl().count("/sign-in/")
        except (urllib.error.URLError, OSError):
            ok = False
        return time.perf_counter() - started, ok


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def _crowd(base: str, people: list[dict], seconds: float) -> tuple[list[float], int, float]:
    """Everyone browsing at once for `seconds`: each response's time, the errors, the duration."""
    times: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def user(person: dict) -> None:
        nonlocal errors
        visitor = Visitor(base, person)
        time.sleep(random.uniform(0, THINK[1]))  # noqa: S311 (arrivals spread, as people's are)
        while time.monotonic() < stop:
            elapsed, ok = visitor.visit()
            with lock:
                times.append(elapsed)
                errors += 0 if ok else 1
            time.sleep(random.uniform(*THINK))  # noqa: S311

    threads = [threading.Thread(target=user, args=(p,)) for p in people]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times, errors, time.monotonic() - started


def _measure(base: str, people: list[dict]) -> dict:
    # Every worker compiles each template on its first use: warm them all before measuring anyone.
    _crowd(base, people, 10)
    alone = Visitor(base, people[0])
    single = [alone.visit()[0] for _ in range(SAMPLES)]
    times, errors, duration = _crowd(base, people, SECONDS)
    return {"single_p95": _p95(single), "many_p95": _p95(times), "errors": errors, "requests": len(times),
            "rps": len(times) / duration, "single_median": statistics.median(single)}


def run(label: str, database_url: str) -> dict:
    people = _prepare(database_url)
    port = _free_port()
    log = ROOT / "var" / f"load-{label}.log"
    server = _start_gunicorn(database_url, port, log)
    try:
        result = _measure(f"http://127.0.0.1:{port}", people)
    finally:
        server.terminate()
        server.wait(40)
    workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
    print(f"BENCH load_p95_{USERS}_users_vs_1_user_{label} {result['many_p95'] / result['single_p95']:.2f} x")
    print(f"BENCH load_errors_{label} {result['errors']} requests")
    print(f"BENCH load_throughput_per_worker_{label} {result['rps'] / workers:.2f} requests/s")
    print(f"# {label}: {result['requests']} requests from {USERS} users in {SECONDS:.0f} s, think time "
          f"{THINK[0]}-{THINK[1]} s; p95 {result['many_p95'] * 1000:.0f} ms against {result['single_p95'] * 1000:.0f} ms "
          f"alone (median {result['single_median'] * 1000:.0f} ms); {workers} gunicorn workers on "
          f"{multiprocessing.cpu_count()} cores", file=sys.stderr)
    return result


def _postgres_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


def _fresh_postgres(url: str) -> None:
    name = url.rsplit("/", 1)[-1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def main() -> None:
    sqlite_file = ROOT / "var" / "load.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{sqlite_file}{suffix}").unlink(missing_ok=True)
    results = {"sqlite": run("sqlite", f"sqlite:///{sqlite_file}")}
    if _postgres_answers():
        _fresh_postgres(PG_URL)
        results["postgresql"] = run("postgresql", PG_URL)
    else:
        print("# PostgreSQL is not answering at 127.0.0.1:5432: load measured on SQLite only", file=sys.stderr)
    # The figure the targets are set on: the worse of the databases measured.
    worst = max(r["many_p95"] / r["single_p95"] for r in results.values())
    print(f"BENCH load_p95_{USERS}_users_vs_1_user {worst:.2f} x")
    print(f"BENCH load_errors {sum(r['errors'] for r in results.values())} requests")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--sessions":
        _sessions()
    else:
        main()
