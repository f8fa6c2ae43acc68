"""Every domain app answers "who may?" in rules.py and "what is there?" in queries.py, so a reader
knows where to look and a view never reaches past them into the ORM for its permission checks."""

from __future__ import annotations

import ast

from tests.architecture.imports import PACKAGE

DOMAIN_APPS = ("cases", "contributions", "learning", "library", "partnerships", "process", "reports")


def test_every_domain_app_has_rules_and_queries():
    missing = [f"{app}/{name}" for app in DOMAIN_APPS for name in ("rules.py", "queries.py")
               if not (PACKAGE / app / name).is_file()]
    assert missing == []


def test_rules_and_queries_change_nothing():
    """Neither imports the app's services, which write: rules and queries sit below them."""
    offenders = []
    for app in DOMAIN_APPS:
        for name in ("rules.py", "queries.py"):
            tree = ast.parse((PACKAGE / app / name).read_text())
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module:
                    modules = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
                    if any(m.startswith(f"casereview.{app}.services") for m in modules):
                        offenders.append(f"{app}/{name}")
    assert offenders == []
