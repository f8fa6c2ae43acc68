"""Makes one export in a process of its own, so its peak memory can be read by the parent.

Usage (from bench/chronology.py): python bench/export_one.py <export id>. Prints the seconds taken."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casereview.settings_test")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")

import django  # noqa: E402

django.setup()

from casereview.exports.services import export_build  # noqa: E402

started = time.perf_counter()
assert export_build(int(sys.argv[1])), "the export was not made"
print(f"{time.perf_counter() - started:.2f}")
