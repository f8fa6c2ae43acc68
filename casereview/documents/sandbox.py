"""Reading untrusted files in a child process with a ceiling on memory and processor time.

A crafted PDF or Word file can make a parser allocate gigabytes or loop for minutes. The
child gets the bytes on standard input and answers with JSON on standard output; if it runs
out of memory or time the operating system stops it, and the caller gets a plain reason. The
worker process that asked is never the one that grows."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys

MB = 1024 * 1024


class ChildFailed(Exception):
    """The child ran out of memory or time, or crashed. The message is for the uploader."""


def answer(module: str, content: bytes, *, error: type[Exception], **limits) -> dict:
    """run(), with the child's failure and its own refusal (a JSON {"error": …}) both raised as
    ``error`` carrying the message for the person who gave the file."""
    try:
        result = run(module, content, **limits)
    except ChildFailed as problem:
        raise error(str(problem)) from None
    if "error" in result:
        raise error(result["error"])
    return result


def run(module: str, content: bytes, *, memory_mb: int = 768, seconds: int = 120) -> dict:
    """Runs `python -m module`, which reads stdin and prints one JSON object."""

    def limits() -> None:  # runs in the child, before the module starts
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb * MB, memory_mb * MB))
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    # Nothing of the parent's environment but what Python needs: no secrets, no database.
    env = {key: os.environ[key] for key in ("PATH", "LANG", "LC_ALL", "PYTHONPATH") if key in os.environ}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    try:
        finished = subprocess.run(  # noqa: S603 - our own interpreter and module, no shell
            [sys.executable, "-E", "-s", "-m", module], input=content, capture_output=True, timeout=seconds + 10,
            preexec_fn=limits, env=env, cwd=root, check=False)  # noqa: PLW1509
    except subprocess.TimeoutExpired:
        raise ChildFailed("Reading the file took too long. It may be damaged or unusually complex: save it again "
                          "and upload that copy.") from None
    if finished.returncode != 0:
        raise ChildFailed("The file is too complex to read safely. It may be damaged or built to overload a "
                          "server: save it again and upload that copy.")
    try:
        return json.loads(finished.stdout)
    except ValueError:
        raise ChildFailed("The file could not be read.") from None
