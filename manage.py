#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casereview.settings")
    from django.core.management import execute_from_command_line

    from casereview.audit.context import COMMAND, audit_context

    with audit_context(COMMAND):
        execute_from_command_line(sys.argv)
