"""The merged chronology with 12 agencies of 2,000 entries each, against a raw-query floor.

Floor: the same rows fetched with one raw SQL query and joined into text, in the same run.
Prints BENCH chronology_vs_raw_query and BENCH chronology_export_vs_raw_query, then each export's
time and memory (BENCH_SKIP_EXPORTS=1 stops after the page figures).
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import tracker  # noqa: E402  (sets up Django and the bench database)
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

AGENCIES, PER_AGENCY = 12, 2000
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "7"))
REFERENCE = "BENCH-CHRON-1"


def build():
    from casereview.accounts.models import User
    from casereview.cases.models import Case, CaseStatus
    from casereview.contributions.models import AgencyRequest, ChronologyEntry, Submission
    from casereview.partnerships.models import Agency, AgencyType, Partnership, Role, RoleAssignment

    case = Case.objects.filter(reference=REFERENCE).first()
    if case is not None and ChronologyEntry.objects.filter(case=case).count() == AGENCIES * PER_AGENCY:
        return case
    partnership, _ = Partnership.objects.get_or_create(
        slug="bench-chronology", defaults={"name": "Bench Chronology Partnership (fictional)",
                                           "short_name": "Bench", "reference_prefix": "BENCH"})
    case, _ = Case.objects.get_or_create(reference=REFERENCE, defaults={
        "partnership": partnership, "pseudonym": "Child Bench", "status": CaseStatus.IN_REVIEW})
    manager, _ = User.objects.get_or_create(email="bench-chronology@synthetic.invalid",
                                            defaults={"full_name": "Bench Manager"})
    RoleAssignment.objects.get_or_create(person=manager, partnership=partnership, role=Role.BUSINESS_UNIT_MANAGER)
    rng = random.Random(12)
    words = ["home", "visit", "school", "attendance", "health", "appointment", "missed", "referral", "strategy",
             "discussion", "police", "call", "neighbour", "concern", "mother", "father", "sibling", "GP", "nurse",
             "hospital", "injury", "bruise", "assessment", "plan"]
    for index in range(AGENCIES):
        agency, _ = Agency.objects.get_or_create(partnership=partnership, name=f"Bench Agency {index + 1:02d}",
                                                 defaults={"type": AgencyType.OTHER})
        agency_request, _ = AgencyRequest.objects.get_or_create(
            case=case, agency=agency, kind="chronology",
            defaults={"sent_on": date(2026, 1, 5), "due_on": date(2026, 2, 2), "created_by": manager,
                      "status": "submitted"})
        submission, _ = Submission.objects.get_or_create(request=agency_request, version=1, defaults={
            "status": "submitted", "submitted_by": manager, "signed_off_by": "Bench"})
        ChronologyEntry.objects.filter(submission=submission).delete()
        start = date(2016, 1, 1)
        ChronologyEntry.objects.bulk_create([
            ChronologyEntry(submission=submission, case=case, agency=agency, position=n,
                            on=start + timedelta(days=rng.randint(0, 3650)), source="Case record",
                            practitioner_role="Practitioner", event=" ".join(rng.choices(words, k=18)),
                            child_seen=rng.choice(["yes", "no", "not_known"]), action="Recorded.")
            for n in range(PER_AGENCY)], batch_size=2000)
    return case


RAW = """
SELECT e."on", e."at", a.name, e.source, e.practitioner_role, e.event, e.child_seen, e.action, e.no_action_reason,
       e.outcome, u.full_name, s.version
FROM contributions_chronologyentry e
JOIN partnerships_agency a ON a.id = e.agency_id
JOIN contributions_submission s ON s.id = e.submission_id
LEFT JOIN accounts_user u ON u.id = s.submitted_by_id
WHERE e.case_id = %s AND s.status = 'submitted'
ORDER BY e."on", e."at", a.name, e.position, e.id
"""


def raw(case_id: int, limit: int | None) -> float:
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(RAW + (f" LIMIT {int(limit)}" if limit else ""), [case_id])
        text = "\n".join("\t".join("" if v is None else str(v) for v in row) for row in cursor.fetchall())
    assert text
    return time.perf_counter() - started


def main() -> None:
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    case = build()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # plan with real statistics, as autovacuum would in service
            cursor.execute("ANALYZE")
    print(f"# chronology data ready in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    from casereview.accounts.models import User
    from casereview.contributions.views import CHRONOLOGY_PAGE_SIZE

    with override_settings(ROOT_URLCONF="tracker", ALLOWED_HOSTS=["testserver"]):
        client = tracker.signed_in_client(User.objects.get(email="bench-chronology@synthetic.invalid"))
        page_url = f"/contributions/cases/{REFERENCE}/chronology/"
        for _ in range(2):
            tracker.timed(client, page_url)
            raw(case.pk, CHRONOLOGY_PAGE_SIZE)
        page, page_floor, export, export_floor = [], [], [], []
        for _ in range(ROUNDS):
            page.append(tracker.timed(client, page_url))
            page_floor.append(raw(case.pk, CHRONOLOGY_PAGE_SIZE))
        with CaptureQueriesContext(connection) as queries:
            client.get(page_url)
        cache.clear()  # the first view after a change works everything out again
        with CaptureQueriesContext(connection) as first_view:
            client.get(page_url)
        for _ in range(0 if os.environ.get("BENCH_SKIP_EXPORTS") else max(3, ROUNDS // 2)):
            export.append(xlsx_in_process(case))
            export_floor.append(raw(case.pk, None))
    print(f"BENCH chronology_vs_raw_query {statistics.median(page) / statistics.median(page_floor):.2f} x")
    print(f"BENCH chronology_queries {len(queries.captured_queries)} queries")
    print(f"BENCH chronology_queries_first_view {len(first_view.captured_queries)} queries")
    if export:
        print(f"BENCH chronology_export_vs_raw_query {statistics.median(export) / statistics.median(export_floor):.2f} x")
    print(f"# {AGENCIES} agencies x {PER_AGENCY} entries; page of {CHRONOLOGY_PAGE_SIZE} rows; export of all rows "
          f"as XLSX; medians of interleaved rounds", file=sys.stderr)
    if os.environ.get("BENCH_SKIP_EXPORTS"):  # the page figures alone, in a minute rather than fifteen
        return
    for fmt in ("pdf", "docx", "xlsx"):
        seconds, peak_mb = background_export(case, fmt)
        print(f"BENCH chronology_{fmt}_export_seconds {seconds:.1f} s")
        print(f"BENCH chronology_{fmt}_export_peak_mb {peak_mb:.0f} MB")
    print(f"# each export made as the task worker makes it, in a process of its own, all "
          f"{AGENCIES * PER_AGENCY} entries", file=sys.stderr)


def _export(case, fmt: str):
    from casereview.accounts.models import User
    from casereview.exports.models import Export

    return Export.objects.create(kind="chronology", fmt=fmt, case=case, partnership_id=case.partnership_id,
                                 requested_by=User.objects.get(email="bench-chronology@synthetic.invalid"))


def xlsx_in_process(case) -> float:
    """The XLSX export's own work, as the worker does it, timed here against the raw query."""
    import tempfile
    from pathlib import Path

    from casereview.contributions import chronology_export

    export = _export(case, "xlsx")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        chronology_export.build(export, Path(folder) / "x.xlsx")
    elapsed = time.perf_counter() - started
    export.delete()
    return elapsed


def background_export(case, fmt: str) -> tuple[float, float]:
    """Seconds and peak resident memory of one export made by a separate process."""
    import subprocess

    from casereview.exports.services import export_dir

    export = _export(case, fmt)
    connection.close()  # SQLite: let the child write
    child = subprocess.Popen([sys.executable, str(Path(__file__).resolve().parent / "export_one.py"), str(export.pk)],  # noqa: S603
                             stdout=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(child.pid, 0)
    assert status == 0, f"the {fmt} export failed"
    seconds = float(child.stdout.read().strip())
    export.refresh_from_db()
    (export_dir() / export.file_name).unlink(missing_ok=True)
    export.delete()
    return seconds, usage.ru_maxrss / 1024


if __name__ == "__main__":
    main()
