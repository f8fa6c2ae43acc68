"""Services take the person acting, never the HTTP request: where an action came from (its address,
the worker, a command) is the audit context's (casereview.audit.context, ADR 0029)."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.architecture.imports import PACKAGE

# Modules that change things; views, middleware and the sign-in steps that work on the session
# are the web's own and may take the request.
WRITES = ("services.py", "lifecycle.py", "referrals.py", "drafts.py", "clocks.py", "_export.py", "notices.py",
          "for_cases.py")


def functions_taking_the_request(root: Path = PACKAGE) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts or not path.name.endswith(WRITES):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                arguments = node.args.args + node.args.kwonlyargs + node.args.posonlyargs
                if any(a.arg == "request" or (a.annotation is not None and "HttpRequest" in ast.unparse(a.annotation))
                       for a in arguments):
                    found.append(f"{path.relative_to(root)}:{node.name}")
    return found


def test_no_service_takes_the_request():
    assert functions_taking_the_request() == []


def test_the_reader_sees_a_service_that_takes_the_request(tmp_path):
    (tmp_path / "services.py").write_text("def thing_save(*, by, request=None):\n    pass\n"
                                          "def other(by, req: 'HttpRequest'):\n    pass\n")
    (tmp_path / "views.py").write_text("def page(request):\n    pass\n")
    assert functions_taking_the_request(tmp_path) == ["services.py:thing_save", "services.py:other"]
