#!/usr/bin/env python
"""The test provider's own commands: `migrate`, `creatersakey`, `test_setup` and `runserver`."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# Always its own settings, even when run from inside the service's test suite.
os.environ["DJANGO_SETTINGS_MODULE"] = "oidc_test_provider.settings"

if __name__ == "__main__":
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
