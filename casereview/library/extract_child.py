"""The child side of reading a library upload: bytes on stdin, JSON pages on stdout.

Run only by documents.sandbox, under its memory and time limits. No Django here."""

import json
import sys

from casereview.library import extract


def main() -> None:
    content = sys.stdin.buffer.read(extract.MAX_BYTES + 1)
    try:
        kind, pages = extract.read(content)
    except extract.Unreadable as problem:
        json.dump({"error": str(problem)}, sys.stdout)
        return
    except MemoryError:
        raise
    except Exception:  # malformed XML or a PDF the parser chokes on: the uploader gets a reason
        json.dump({"error": "The file is damaged and cannot be read. Save it again and upload that copy."},
                  sys.stdout)
        return
    json.dump({"kind": kind, "pages": pages}, sys.stdout)


if __name__ == "__main__":
    main()
