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


def number_footnotes(sections: list[str]) -> list[str]:
    """Numbers footnotes 1… through the whole report in reading order, as Word does, so that each
    reference links to exactly one note on the published page. Each section's notes follow the order
    of its references; a note whose reference was deleted keeps its text and comes last."""
    from lxml import html as lxml_html

    number = 0
    out = []
    for text in sections:
        if "fn-" not in text:
            out.append(text)
            continue
        root = lxml_html.fragment_fromstring(text, create_parent="div")
        renamed: dict[str, int] = {}
        for link in root.xpath('.//sup/a[starts-with(@href, "#fn-")]'):
            number += 1
            renamed.setdefault(link.get("href")[4:], number)
            for child in list(link):
                link.remove(child)
            link.set("href", f"#fn-{number}")
            link.set("id", f"fnref-{number}")
            link.text = str(number)
        for notes in root.xpath('.//ol[li[starts-with(@id, "fn-")]]'):
            items = [li for li in notes if li.get("id", "").startswith("fn-")]
            referenced = sorted((li for li in items if li.get("id")[3:] in renamed),
                                key=lambda li: renamed[li.get("id")[3:]])
            ordered = referenced + [li for li in items if li.get("id")[3:] not in renamed]
            for li in items:
                notes.remove(li)
            for li in ordered:
                if li.get("id")[3:] in renamed:
                    li.set("id", f"fn-{renamed[li.get('id')[3:]]}")
                else:
                    number += 1
                    li.set("id", f"fn-{number}")
                notes.append(li)
            notes.set("start", ordered[0].get("id")[3:])
        out.append(html.escape(root.text or "", quote=False)
                   + "".join(lxml_html.tostring(child, encoding="unicode") for child in root))
    return out
