"""A logging filter that keeps identifying details out of the logs.

Request paths are logged without query strings, and email addresses and postcodes are
masked wherever they appear in a message.
"""

import logging
import re

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
        return True
