"""A TCP proxy between a process and PostgreSQL that can freeze the database or take it away,
without touching the server the rest of the test run is using."""

from __future__ import annotations

import contextlib
import os
import select
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class DatabaseProxy:
    """Modes: "open" forwards; "frozen" holds every byte (a hung server); "down" drops every
    connection and refuses new ones (a stopped server)."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.mode = "open"
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.pairs: list[tuple[socket.socket, socket.socket]] = []
        self.lock = threading.Lock()
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        if mode == "down":
            with self.lock:
                for pair in self.pairs:
                    for end in pair:
                        _close(end)
                self.pairs.clear()

    def close(self) -> None:
        self.closed = True
        self.set_mode("down")
        _close(self.listener)

    def _accept(self) -> None:
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.mode == "down":
                _close(client)
                continue
            try:
                server = socket.create_connection(self.target)
            except OSError:
                _close(client)
                continue
            with self.lock:
                self.pairs.append((client, server))
            threading.Thread(target=self._pump, args=(client, server), daemon=True).start()

    def _pump(self, client: socket.socket, server: socket.socket) -> None:
        ends = [client, server]
        while not self.closed:
            try:
                readable, _, _ = select.select(ends, [], [], 0.1)
            except (OSError, ValueError):
                return
            if self.mode == "frozen":
                continue
            for end in readable:
                try:
                    data = end.recv(65536)
                except OSError:
                    data = b""
                if not data:
                    _close(client)
                    _close(server)
                    return
                try:
                    (server if end is client else client).sendall(data)
                except OSError:
                    return


def _close(end: socket.socket) -> None:
    with contextlib.suppress(OSError):
        end.close()


def database_url_via(proxy: DatabaseProxy, settings_dict: dict) -> str:
    user = settings_dict.get("USER") or "postgres"
    password = settings_dict.get("PASSWORD") or ""
    auth = f"{user}:{password}@" if password else f"{user}@"
    return f"postgres://{auth}127.0.0.1:{proxy.port}/{settings_dict['NAME']}"


def service_process(args: list[str], *, database_url: str, extra_env: dict | None = None,
                    log: Path) -> subprocess.Popen:
    """A manage.py or gunicorn process of this service, on the given database."""
    env = {**os.environ, "DJANGO_ENV": "test", "DATABASE_URL": database_url,
           "DJANGO_SETTINGS_MODULE": "casereview.settings", **(extra_env or {})}
    return subprocess.Popen([sys.executable, *args], cwd=ROOT, env=env, stdout=log.open("w"),
                            stderr=subprocess.STDOUT)


def wait_for(condition, timeout: float, what: str, every: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"Timed out after {timeout} s waiting for {what}")
