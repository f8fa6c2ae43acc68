"""Plain writing in and out of the report's HTML, so authors need not know any HTML.

Paragraphs are separated by a blank line; a line starting "- " is a bullet and "1. " a
numbered point; **double asterisks** make bold. Text that already holds HTML is kept as it
is (and sanitised on save)."""

from __future__ import annotations

import html
import re

_TAG = re.compile(r"<[a-zA-Z/][^>]*>")
_BULLET = re.compile(r"^\s*[-*•]\s+")
_NUMBER = re.compile(r"^\s*\d+[.)]\s+")


def _inline(text: str) -> str:
    escaped = html.escape(text, quote=False)
    return re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", escaped)


def to_html(text: str) -> str:
    if not text.strip() or _TAG.search(text):
        return text
    blocks = re.split(r"\n\s*\n", text.strip().replace("\r\n", "\n"))
    out = []
    for block in blocks:
        lines = [line for line in block.split("\n") if line.strip()]
        if lines and all(_BULLET.match(line) for line in lines):
            out.append("<ul>" + "".join(f"<li>{_inline(_BULLET.sub('', line))}</li>" for line in lines) + "</ul>")
        elif lines and all(_NUMBER.match(line) for line in lines):
            out.append("<ol>" + "".join(f"<li>{_inline(_NUMBER.sub('', line))}</li>" for line in lines) + "</ol>")
        else:
            out.append("<p>" + "<br>".join(_inline(line.strip()) for line in lines) + "</p>")
    return "".join(out)


_OTHER_TAG = re.compile(r"<(?!/?(?:p|ul|ol|li|strong|br)\s*/?>)")


def to_text(stored: str) -> str:
    """The plain form of stored HTML when it uses only what plain writing can express; else the HTML."""
    if _OTHER_TAG.search(stored):
        return stored
    text = stored
    text = re.sub(r"<ol>(.*?)</ol>", lambda m: "\n".join(
        f"{i}. {item}" for i, item in enumerate(re.findall(r"<li>(.*?)</li>", m.group(1), re.S), 1)) + "\n\n",
        text, flags=re.S)
    text = re.sub(r"<ul>(.*?)</ul>", lambda m: "\n".join(
        f"- {item}" for item in re.findall(r"<li>(.*?)</li>", m.group(1), re.S)) + "\n\n", text, flags=re.S)
    text = re.sub(r"<p>(.*?)</p>", r"\1\n\n", text, flags=re.S)
    text = re.sub(r"<br\s*/?>", "\n", text)
    text = re.sub(r"</?strong>", "**", text)
    return html.unescape(text).strip()
