"""A reason something cannot happen yet, carrying the address of the page where it is put right.

A Blocker is a str, so it travels inside a ValidationError like any message; the error summary
and the lists of blockers read its ``href`` to link each one to its fix.
"""

from __future__ import annotations


class Blocker(str):
    href: str

    def __new__(cls, text: str, href: str) -> Blocker:
        blocker = super().__new__(cls, text)
        blocker.href = href
        return blocker

    def __reduce__(self):
        # Messages are pickled into the session: keep the link.
        return (Blocker, (str(self), self.href))


def href_of(message) -> str | None:
    """The fix's address of a message, a Blocker or a ValidationError holding one."""
    inner = getattr(message, "message", message)
    return getattr(inner, "href", None)
