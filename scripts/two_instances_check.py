"""Two web servers, one database, one file store: a case document uploaded through one server is
downloaded through the other (ADR 0043). Run by scripts/two-instances, which .ci/run calls: with
Docker it starts compose.yaml's stack; without, two gunicorn processes here, sharing the database
and the file store as two containers would.

    python scripts/two_instances_check.py [--base-a URL --base-b URL]   (against running servers)
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from django_otp.oath import totp

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PASSWORD = "a long test password for everyone"  # noqa: S105 (tests.factories.PASSWORD)
TOTP_KEY = bytes.fromhex("3132333435363738393031323334353637383930")
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n% two instances\n"


def code() -> str:
    return f"{totp(TOTP_KEY):06d}"


def _field(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]+)"', html)[1]


def _post_form(session: requests.Session, url: str, data: dict, files=None) -> requests.Response:
    page = session.get(url, timeout=30)
    page.raise_for_status()
    fields = {"csrfmiddlewaretoken": _field(page.text, "csrfmiddlewaretoken")}
    if 'name="submission_key"' in page.text:
        fields["submission_key"] = _field(page.text, "submission_key")
    return session.post(url, data={**fields, **data}, files=files, headers={"Referer": url},
                        allow_redirects=False, timeout=60)


def check(base_a: str, base_b: str, reference: str = "TST-2026-001") -> None:
    session = requests.Session()
    signed = _post_form(session, f"{base_a}/sign-in/", {"email": "bu_officer@test.example", "password": PASSWORD})
    assert signed.status_code == 302, f"sign-in answered {signed.status_code}"
    verified = _post_form(session, f"{base_a}/sign-in/security-code/", {"code": code()})
    assert verified.status_code == 302, f"the second factor answered {verified.status_code}"
    uploaded = _post_form(session, f"{base_a}/cases/{reference}/documents/upload/",
                          {"title": "Uploaded through server A", "audience": "core", "expected": ""},
                          files={"file": ("two-instances.pdf", PDF, "application/pdf")})
    assert uploaded.status_code == 302, f"the upload answered {uploaded.status_code}"
    document = int(re.search(r"/documents/(\d+)/", uploaded.headers["Location"])[1])
    # The same session (sessions live in the shared database) asks the other server for the file.
    downloaded = session.get(f"{base_b}/cases/{reference}/documents/{document}/versions/1/download/", timeout=30)
    assert downloaded.status_code == 200, f"server B answered {downloaded.status_code}"
    assert downloaded.content == PDF, "server B served different bytes"
    print(f"Uploaded through {base_a}, downloaded the same {len(PDF)} bytes through {base_b}")


def _wait(base: str) -> None:
    for _ in range(120):
        try:
            if requests.get(f"{base}/healthz/live", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise SystemExit(f"{base} did not start")


def with_two_gunicorns() -> None:
    folder = Path(tempfile.mkdtemp(prefix="two-instances-"))
    ports = (8811, 8812)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "casereview.settings", "DJANGO_ENV": "development",
           "DEBUG": "false", "ALLOWED_HOSTS": "127.0.0.1,localhost", "SITE_URL": f"http://localhost:{ports[0]}",
           "DATABASE_URL": os.environ.get("TWO_INSTANCES_DATABASE_URL", f"sqlite:///{folder}/db.sqlite3"),
           "MEDIA_ROOT": str(folder / "uploads"), "PYTHONPATH": str(ROOT)}
    servers = []
    try:
        subprocess.run([PYTHON, "manage.py", "migrate", "--no-input", "--verbosity", "0"], cwd=ROOT, env=env,  # noqa: S603
                       check=True)
        subprocess.run([PYTHON, "-c", "import django; django.setup(); from tests.factories import build_world; "  # noqa: S603
                                      "build_world()"], cwd=ROOT, env=env, check=True)
        for port in ports:
            servers.append(subprocess.Popen(  # noqa: S603
                [PYTHON, "-m", "gunicorn", "casereview.wsgi", "--config", "gunicorn.conf.py", "--bind",
                 f"127.0.0.1:{port}", "--workers", "1"], cwd=ROOT, env=env))
        for port in ports:
            _wait(f"http://127.0.0.1:{port}")
        check(f"http://127.0.0.1:{ports[0]}", f"http://127.0.0.1:{ports[1]}")
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-a")
    parser.add_argument("--base-b")
    args = parser.parse_args()
    if args.base_a and args.base_b:
        check(args.base_a, args.base_b)
    else:
        with_two_gunicorns()
