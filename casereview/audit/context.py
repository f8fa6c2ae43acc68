"""Where the actions being audited come from: set once per request by AuditContextMiddleware,
once per task by the task decorator and once per management command by manage.py, and read by
audit_record. Services take the person acting (`by`) and never the HTTP request, so the same
service is called from a view, a task, a command or a test alike (ADR 0029)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps

from casereview.audit.client import client_ip


@dataclass(frozen=True)
class AuditContext:
    via: str  # one of VIA
    ip: str | None = None  # the client's address, for a web request


WEB, WORKER, COMMAND = "web", "worker", "command"
VIA = {WEB: "The web service", WORKER: "The task worker", COMMAND: "A command run on the server"}

_current: ContextVar[AuditContext | None] = ContextVar("audit_context", default=None)


def current() -> AuditContext | None:
    return _current.get()


@contextmanager
def audit_context(via: str, ip: str | None = None) -> Iterator[AuditContext]:
    if via not in VIA:
        raise ValueError(f"{via!r} is not one of {', '.join(VIA)}")
    context = AuditContext(via, ip)
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)


def in_worker(function: Callable) -> Callable:
    """For a task's function: what it records is recorded as done by the task worker."""
    @wraps(function)
    def run(*args, **kwargs):
        with audit_context(WORKER):
            return function(*args, **kwargs)
    return run


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with audit_context(WEB, client_ip(request)):
            return self.get_response(request)
