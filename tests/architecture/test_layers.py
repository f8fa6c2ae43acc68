"""The direction apps import in (ADR 0028): the contracts hold, would catch a backward import,
and no import between apps hides inside a function."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.architecture.imports import PACKAGE, function_level_imports

ROOT = PACKAGE.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT_IMPORTS), "--config", str(tree / "pyproject.toml"), "--no-cache"], cwd=tree,
                          capture_output=True, text=True, env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
                          timeout=120)


def test_the_contracts_hold_and_a_backward_import_breaks_them(tmp_path):
    tree = tmp_path / "copy"
    shutil.copytree(PACKAGE, tree / "casereview", ignore=shutil.ignore_patterns("*.pyc", "__pycache__", "static*",
                                                                                  "jinja2", "templates"))
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    kept = _lint_imports(tree)
    assert kept.returncode == 0, kept.stdout + kept.stderr

    # A foundation app reaching up into the case engine.
    (tree / "casereview" / "audit" / "backward.py").write_text("from casereview.cases.models import Case  # noqa\n")
    broken = _lint_imports(tree)
    assert broken.returncode != 0
    assert "casereview.audit is not allowed to import casereview.cases" in broken.stdout
    assert "casereview.audit.backward -> casereview.cases.models" in broken.stdout


def test_no_import_between_apps_inside_a_function():
    found = sorted(function_level_imports())
    assert not found, "Move these imports to the top of their module (ADR 0028): " + "; ".join(found)


def test_the_function_import_reader_sees_what_it_should(tmp_path):
    app = tmp_path / "audit"
    app.mkdir()
    (app / "apps.py").write_text("def ready():\n    from casereview.cases import models\n")
    (app / "x.py").write_text("import casereview.govuk\n\ndef f():\n    from casereview.cases.models import Case\n"
                              "    from casereview.audit import kept\n    import casereview.library.search\n")
    assert function_level_imports(tmp_path) == {"casereview.audit.x -> cases", "casereview.audit.x -> library"}
