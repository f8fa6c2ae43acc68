"""A logging filter that keeps identifying details out of the logs.

Request paths are logged without query strings, and email addresses and postcodes are
masked wherever they appear in a message. An exception is logged with its type and where it
happened, never its message: messages quote the values that caused them, and those values are
often what someone typed about a child ("All strings must be XML compatible: ...").
"""

import logging
import re
import traceback

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
_QUERY = re.compile(r"\?[^\s\"']*")


def redact(text: str) -> str:
    text = _QUERY.sub("?[query removed]", text)
    text = _EMAIL.sub("[email removed]", text)
    return _POSTCODE.sub("[postcode removed]", text)


class RedactFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is logged as it is rather than lost
            return True
        record.msg = redact(message)
        record.args = ()
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = without_messages(record.exc_info)
            record.exc_info = None
        return True


def _code_only(exc: BaseException) -> bool:
    """Errors whose messages speak of the code (a name, an attribute, a template's syntax), never
    of the data: kept, so that a broken release can be diagnosed from the log."""
    from django.template import TemplateDoesNotExist, TemplateSyntaxError
    from jinja2 import TemplateError

    return isinstance(exc, ImportError | NameError | AttributeError | TemplateSyntaxError | TemplateDoesNotExist
                      | TemplateError)


def without_messages(exc_info) -> str:
    """The traceback of an exception and of those it came from, with every message withheld
    except those that can only speak of the code."""
    parts = []
    exc = exc_info[1]
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        kind = type(exc)
        frames = "".join(traceback.format_tb(exc.__traceback__))
        message = str(exc) if _code_only(exc) else "[message withheld]"
        parts.append(f"Traceback (most recent call last):\n{frames}{kind.__module__}.{kind.__qualname__}: {message}")
        exc = exc.__cause__ or exc.__context__
    return "\n\nwhich was raised while handling\n\n".join(reversed(parts))
