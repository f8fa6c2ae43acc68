"""The child side of importing a Word draft: bytes on stdin, mammoth's HTML as JSON on stdout.

Run only by documents.sandbox, under its memory and time limits. No Django here."""

import json
import sys

from casereview.reports import word_import


def main() -> None:
    content = sys.stdin.buffer.read(word_import.MAX_BYTES + 1)
    try:
        word_import.check(content)
        answer = word_import.to_html(content)
    except word_import.Unreadable as problem:
        answer = {"error": str(problem)}
    except MemoryError:
        raise
    except Exception:  # malformed XML inside the ZIP: the person gets a reason, not a traceback
        answer = {"error": "The file is damaged and cannot be read. Open it in Word, save it again and import "
                           "that copy."}
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main()
