"""`seed_demo --reset` starts again from nothing, and the printed links follow SITE_URL (the port
`make run` was given)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# It seeds its own SQLite file whatever the suite runs on, so CI's PostgreSQL pass would only repeat
# the SQLite pass (about 80 s on CI's machine).
pytestmark = pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"),
                                reason="uses its own SQLite database; run once, in the SQLite pass")


def _manage(*args: str, env: dict) -> str:
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_reset_starts_again_from_nothing(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}", "DJANGO_ENV": "development",
           "DJANGO_SETTINGS_MODULE": "casereview.settings", "SITE_URL": "http://localhost:8101"}
    _manage("migrate", "--no-input", "-v0", env=env)
    _manage("shell", "-c", "from casereview.partnerships.models import Partnership; "
                           "Partnership.objects.create(name='Left over', short_name='Left', slug='left-over', "
                           "reference_prefix='LFT')", env=env)
    printed = _manage("seed_demo", "--reset", env=env)
    assert "Emptied the database" in printed and "Loaded 29 fictional cases." in printed
    assert "Sign in at:        http://localhost:8101/sign-in/" in printed
    counted = _manage("shell", "-c", "from casereview.partnerships.models import Partnership; "
                                     "print(sorted(Partnership.objects.values_list('slug', flat=True)))", env=env)
    assert counted.strip().splitlines()[-1] == "['north-wessex']"
    published = _manage("shell", "-c", "from casereview.reports.models import PublishedReport; "
                                       "print(sorted(r.case.route.kind for r in PublishedReport.objects.all()))",
                        env=env)
    # An LCSPR's report and a local learning review's learning summary are in the public library.
    assert published.strip().splitlines()[-1] == "['lcspr', 'local_learning', 'sar']"
    briefings = _manage("shell", "-c", "from casereview.learning.models import Briefing; "
                                       "print(sorted((b.case is None, b.status) for b in Briefing.objects.all()))",
                        env=env)
    # One briefing on the published review, one on a National Panel report with no local case.
    assert briefings.strip().splitlines()[-1] == "[(False, 'published'), (True, 'published')]"
