"""What refusing each of the security review's upload bombs costs in memory.

Each bomb is built here, then refused in a fresh child process that has already imported
everything the refusal could use: the figure is how far that process's peak resident memory
(VmHWM) rises while it refuses the file. The largest over all the bombs is printed as
BENCH upload_bomb_refusal_peak_mb; the issue asks for under 50 MB. Each bomb's own figure goes
to stderr.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BOMBS = ["xlsx_rows", "xlsx_shared_strings", "docx", "png_pixels", "body_50mb"]


def _peak_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM")


def refuse(kind: str, path: str) -> float:
    """In the child: warm up, then refuse the bomb, and return the rise in peak memory in MB."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casereview.settings_test")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-uploads.sqlite3'}")
    import django

    django.setup()
    from datetime import date

    import docx  # noqa: F401
    import openpyxl  # noqa: F401
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import RequestFactory
    from django.urls import reverse
    from PIL import Image  # noqa: F401

    from casereview.contributions import spreadsheets
    from casereview.documents import file_checks
    from casereview.library import extract
    from tests.security.bombs import CountingBody

    content = Path(path).read_bytes()
    handler = WSGIHandler()
    factory = RequestFactory()
    url = reverse("library:upload")
    # One small request through the whole stack first, so what is measured is the refusal alone.
    handler(factory._base_environ(PATH_INFO=url, REQUEST_METHOD="POST", CONTENT_LENGTH="30000000",
                                  **{"wsgi.input": CountingBody(10)}), lambda *a: None)
    before = _peak_kb()
    refused = False
    if kind == "control":
        # The instrument's check: what opening the shared-strings bomb costs without the ZIP check.
        import io

        openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        refused = True
    elif kind.startswith("xlsx"):
        try:
            spreadsheets.read(content, date.today())
        except spreadsheets.ImportRejected:
            refused = True
    elif kind == "docx":
        try:
            extract.check(content)
        except extract.Unreadable:
            refused = True
    elif kind == "png_pixels":
        try:
            file_checks.check_image(content, file_checks.LOGO)
        except file_checks.UnsafeFile:
            refused = True
    else:
        body = CountingBody(50 * 1024 * 1024)
        statuses = []
        handler(factory._base_environ(PATH_INFO=url, REQUEST_METHOD="POST", CONTENT_LENGTH=str(body.length),
                                      CONTENT_TYPE="multipart/form-data; boundary=x", **{"wsgi.input": body}),
                lambda status, headers: statuses.append(status))
        refused = statuses[0].startswith("413") and body.read_bytes == 0
    if not refused:
        raise SystemExit(f"{kind} was not refused")
    return (_peak_kb() - before) / 1024


def main() -> None:
    from tests.security import bombs

    makers = {"xlsx_rows": bombs.xlsx_rows_bomb, "xlsx_shared_strings": bombs.xlsx_shared_strings_bomb,
              "docx": bombs.docx_bomb, "png_pixels": bombs.png_pixel_bomb, "body_50mb": lambda: b""}
    database = ROOT / "var" / "bench-uploads.sqlite3"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "casereview.settings_test",
           "DATABASE_URL": f"sqlite:///{database}"}
    if not database.exists():
        subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "--no-input", "-v", "0"],  # noqa: S603
                       check=True, env=env, cwd=ROOT)
    worst = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for kind in BOMBS:
            path = Path(folder) / kind
            content = makers[kind]()
            path.write_bytes(content)
            result = subprocess.run([sys.executable, __file__, "--one", kind, str(path)],  # noqa: S603
                                    capture_output=True, text=True, env=env, cwd=ROOT, check=True)
            cost = float(result.stdout.strip().splitlines()[-1])
            print(f"  {kind}: {len(content) // 1024} KB file, refused for {cost:.1f} MB", file=sys.stderr)
            worst = max(worst, cost)
        path = Path(folder) / "control"
        path.write_bytes(bombs.xlsx_shared_strings_bomb(500_000))
        result = subprocess.run([sys.executable, __file__, "--one", "control", str(path)],  # noqa: S603
                                capture_output=True, text=True, env=env, cwd=ROOT, check=True)
        print(f"  for comparison, opening a shared-strings bomb of 500,000 strings without the check costs "
              f"{float(result.stdout.strip().splitlines()[-1]):.1f} MB", file=sys.stderr)
    print(f"BENCH upload_bomb_refusal_peak_mb {worst:.1f} MB")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--one":
        print(f"{refuse(sys.argv[2], sys.argv[3]):.3f}")
    else:
        main()
