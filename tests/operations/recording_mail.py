"""An email backend for worker processes under test: it appends each message's Message-ID to the
file named in RECORDING_MAIL_FILE. With RECORDING_MAIL_HOLD set it first writes "<file>.sending"
and then waits, like a mail server that has not yet accepted the message (the test kills it there)."""

import os
import time
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        record = Path(os.environ["RECORDING_MAIL_FILE"])
        for message in email_messages:
            if os.environ.get("RECORDING_MAIL_HOLD"):
                Path(f"{record}.sending").write_text(message.extra_headers["Message-ID"])
                time.sleep(600)
            with record.open("a") as out:
                out.write(message.extra_headers["Message-ID"] + "\n")
        return len(email_messages)
