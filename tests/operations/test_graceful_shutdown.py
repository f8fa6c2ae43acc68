"""SIGTERM (a deploy, a scale-in) lets gunicorn finish every request it has taken, as
gunicorn.conf.py configures it: ten requests in flight on two workers, none reset."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.operations.faults import wait_for

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        return True
    except OSError:
        return False


def _slow_get(port: int) -> int | str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", "/healthz/live", headers={"X-Test-Delay": "2"})
        return connection.getresponse().status
    except OSError as error:  # a reset, a refusal: what a user would see as a failed page
        return type(error).__name__
    finally:
        connection.close()


def test_sigterm_finishes_the_requests_in_flight(tmp_path):
    port = _free_port()
    env = {**os.environ, "DJANGO_ENV": "development", "DJANGO_SETTINGS_MODULE": "casereview.settings",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "BIND": f"127.0.0.1:{port}",
           "WEB_CONCURRENCY": "2", "WEB_THREADS": "2"}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen([str(gunicorn), "tests.operations.slow_wsgi:app", "--config", "gunicorn.conf.py"],
                              cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: _answers(port), 30, "gunicorn to listen")
        # Both workers booted and answering before the load arrives.
        wait_for(lambda: _slow_get(port) == 200 if _answers(port) else False, 30, "a first page")
        with ThreadPoolExecutor(10) as pool:
            answers = [pool.submit(_slow_get, port) for _ in range(10)]
            time.sleep(0.7)  # every request has reached a worker and is sleeping in it
            server.send_signal(signal.SIGTERM)
            stopped_at = time.monotonic()
            results = [answer.result() for answer in answers]
        assert results == [200] * 10, (results, (tmp_path / "gunicorn.log").read_text()[-2000:])
        assert server.wait(timeout=30) == 0
        # Drained, then gone: well inside graceful_timeout (25 s) and systemd's TimeoutStopSec (40 s).
        assert time.monotonic() - stopped_at < 25
        assert not _answers(port)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
        log.close()
