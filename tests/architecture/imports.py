"""Reading the project's own imports: which app imports which, and where (ADR 0028)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "casereview"


def app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 and parts[0] == "casereview" else None


def function_level_imports(root: Path = PACKAGE) -> set[str]:
    """'module -> app' for every import of another app made inside a function, outside an
    AppConfig.ready() (where Django expects an app to reach others' modules)."""
    found = set()
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        module = ".".join(("casereview", *path.relative_to(root).with_suffix("").parts))
        own = app_of(module + ".x")
        tree = ast.parse(path.read_text())
        for function in ast.walk(tree):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            if function.name == "ready" and path.name == "apps.py":
                continue
            for node in ast.walk(function):
                names = ([node.module] if isinstance(node, ast.ImportFrom) and node.module
                         else [a.name for a in node.names] if isinstance(node, ast.Import) else [])
                for name in names:
                    other = app_of(name + ".x") if name.count(".") == 1 else app_of(name)
                    if other and other != own:
                        found.add(f"{module} -> {other}")
    return found
