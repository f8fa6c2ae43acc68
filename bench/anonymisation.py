"""How much of what identifies someone the anonymisation check finds, and what it flags wrongly.

Measured on the project's own invented passages (tests/reports/anonymisation_passages.py), read
as the sections of one report, with identifying details planted in them, and on passages with
nothing identifying in them. Prints BENCH anonymisation_recall and anonymisation_false_positives.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casereview.settings_test")

import django  # noqa: E402

django.setup()

from tests.reports.anonymisation_passages import CLEAN, KNOWN, PASSAGES, measure  # noqa: E402


def main() -> None:
    recall, false_positives, missed = measure(PASSAGES, CLEAN, KNOWN)
    planted = sum(len(details) for _, details in PASSAGES)
    print(f"BENCH anonymisation_recall {recall:.3f} ratio")
    print(f"BENCH anonymisation_false_positives {false_positives} findings")
    print(f"# {len(PASSAGES)} passages with {planted} planted details and {len(CLEAN)} with none; "
          f"missed: {', '.join(repr(m) for m in missed) or 'nothing'}", file=sys.stderr)


if __name__ == "__main__":
    main()
