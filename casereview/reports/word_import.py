"""A Word draft of the report, read into the sections of the case's template (ADR 0025).

Mammoth turns the .docx into HTML in a child process with memory and time limits (the file is
untrusted); this module then splits it at each Heading 1 that names a section, keeps sub-headings,
lists, tables, links and footnotes, and lists, with where it was, everything it could not keep.
The result becomes the importer's private draft: nothing is a version until they save it."""

from __future__ import annotations

import html
import re
import zipfile
from dataclasses import dataclass, field
from io import BytesIO

from casereview.documents import file_checks, sandbox

MAX_BYTES = 20 * 1024 * 1024

# Word's styles to the report's: Heading 2 and 3 are the report's sub-headings; the paragraph
# numbers the service writes on export, and Word comments, are not text of the report.
STYLE_MAP = """
p[style-name='Heading 1'] => h1:fresh
p[style-name='Heading 2'] => h3:fresh
p[style-name='Heading 3'] => h4:fresh
p[style-name='Heading 4'] => h4:fresh
p[style-name='Title'] => h1.title:fresh
r[style-name='Paragraph Number'] => !
comment-reference => !
"""

NOT_WRITTEN = "Not written yet."
_CONTENTS = re.compile(r"^(table of )?contents$", re.I)


class Unreadable(Exception):
    """The file cannot be imported; the message is for the person who chose it."""


@dataclass
class Imported:
    sections: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def filled(self) -> int:
        return sum(1 for text in self.sections.values() if text.strip())


def check(content: bytes) -> None:
    if not content:
        raise Unreadable("The selected file is empty")
    if len(content) > MAX_BYTES:
        raise Unreadable(f"The file must be smaller than {MAX_BYTES // (1024 * 1024)} MB")
    if not content.startswith(b"PK") or not _is_docx(content):
        raise Unreadable("The file must be a Word document (.docx). Save older .doc files as .docx first.")
    try:
        file_checks.check_zip(content, file_checks.DOCX_LIBRARY)
    except file_checks.UnsafeFile as problem:
        raise Unreadable(str(problem)) from None


def _is_docx(content: bytes) -> bool:
    try:
        with zipfile.ZipFile(BytesIO(content)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def to_html(content: bytes) -> dict:
    """Mammoth's HTML and what it could not convert. Parses untrusted bytes: run in the sandbox."""
    import mammoth

    images = []

    def no_images(image):
        images.append(image.alt_text or "")
        return {"data-dropped-image": str(len(images))}

    result = mammoth.convert_to_html(BytesIO(content), style_map=STYLE_MAP,
                                     convert_image=mammoth.images.img_element(no_images))
    comments = 0
    with zipfile.ZipFile(BytesIO(content)) as archive:
        if "word/comments.xml" in archive.namelist():
            comments = archive.read("word/comments.xml").count(b"<w:comment ")
    return {"html": result.value, "messages": sorted({m.message for m in result.messages if m.type == "warning"}),
            "comments": comments}


def to_html_safely(content: bytes) -> dict:

    check(content)
    return sandbox.answer("casereview.reports.word_import_child", content, error=Unreadable, memory_mb=768,
                          seconds=60)


def _key(text: str) -> str:
    text = re.sub(r"^\s*(section\s+)?\d+(\.\d+)*[.:)]?\s+", "", text, flags=re.I)
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def split(converted: dict, template: list[dict]) -> Imported:
    """Mammoth's HTML in the template's sections, and what was not kept."""
    from lxml import html as lxml_html

    out = Imported(sections={s["key"]: "" for s in template})
    titles = {_key(s["title"]): s for s in template}
    root = lxml_html.fragment_fromstring(converted["html"] or "<p></p>", create_parent="div")

    # Mammoth puts every footnote in one list at the end; each goes back to its reference's section.
    notes: dict[str, object] = {}
    for item in root.xpath('.//li[starts-with(@id, "footnote-")]'):
        for back in item.xpath('.//a[starts-with(@href, "#footnote-ref-")]'):
            _drop_back_link(back)
        first = item[0] if len(item) else item
        first.text = (first.text or "").lstrip() or None  # the space Word puts after the note's number
        notes[item.get("id")[len("footnote-"):]] = item
    for listing in root.xpath('.//ol[li[starts-with(@id, "footnote-")]]'):
        listing.getparent().remove(listing)

    headings = [el for el in root if el.tag == "h1"]
    matched = [h for h in headings if _key(h.text_content()) in titles]
    by_order = not matched and headings
    if by_order:
        out.notes.append("No Heading 1 in the file matches a section title of this report, so the Heading 1 "
                         "sections were put in the report’s sections in order.")
    parts: dict[str, list] = {s["key"]: [] for s in template}
    current: dict | None = None
    skipped_before = 0
    in_contents = False
    order = iter(template)
    for element in list(root):
        if element.tag == "h1":
            heading = " ".join(element.text_content().split())
            section = titles.get(_key(heading))
            if by_order and "title" not in (element.get("class") or ""):
                section = next(order, None)
            if _CONTENTS.match(heading) or "title" in (element.get("class") or ""):
                in_contents = True
                skipped_before += 1
                continue
            in_contents = False
            if section is not None:
                current = section
                continue
            if current is None:
                skipped_before += 1
                continue
            element.tag = "h3"
            out.notes.append(f"The Heading 1 “{heading}” is not a section of this report: it became a sub-heading "
                             f"in “{current['title']}”.")
        if current is None or in_contents:
            if element.text_content().strip():
                skipped_before += 1
            continue
        _drop_images(element, current, out)
        parts[current["key"]].append(element)
    if skipped_before:
        what = "heading or paragraph" if skipped_before == 1 else "headings and paragraphs"
        out.notes.append(f"Not imported: {skipped_before} {what} before the first section heading (such as a "
                         "title page and contents).")

    for header in root.xpath(".//th//strong"):
        header.drop_tag()  # a header cell is bold already
    for key, elements in parts.items():
        references = []
        for element in elements:
            for link in element.xpath('.//a[starts-with(@href, "#footnote-") and not(starts-with(@href, '
                                      '"#footnote-ref-"))]'):
                number = link.get("href")[len("#footnote-"):]
                references.append(number)
                target = link
                while target.getparent() is not None and target.getparent().tag == "sup":
                    target = target.getparent()  # Word's superscript and mammoth's both make a <sup>
                replacement = lxml_html.fromstring(f'<sup><a href="#fn-{number}" id="fnref-{number}">{number}</a></sup>')
                replacement.tail = target.tail
                target.getparent().replace(target, replacement)
        body = "".join(lxml_html.tostring(el, encoding="unicode") for el in elements)
        if body == f"<p>{NOT_WRITTEN}</p>":
            body = ""  # the service's own words for an empty section, on export
        found = [notes[n] for n in references if n in notes]
        if found:
            items = []
            for number, item in zip(references, found, strict=False):
                inner = "".join(lxml_html.tostring(child, encoding="unicode") for child in item) or \
                    f"<p>{html.escape(item.text_content())}</p>"
                items.append(f'<li id="fn-{number}">{inner}</li>')
            body += f"<ol>{''.join(items)}</ol>"
        out.sections[key] = body

    for message in converted.get("messages", []):
        # Comments are counted below; styles Word names but never defines change nothing that is kept.
        if "Comment" not in message and "referenced but not defined" not in message:
            out.notes.append(_plain_message(message))
    if converted.get("comments"):
        count = converted["comments"]
        out.notes.append(f"{count} Word comment{'s were' if count != 1 else ' was'} not imported: comments belong "
                         "on a saved version of the report.")
    return out


def _drop_back_link(element) -> None:
    """Removes a note's "↑" link and the space Word left before it; the text after it stays."""
    parent = element.getparent()
    tail = (element.tail or "").rstrip()
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = ((parent.text or "").rstrip() + tail) or None
    parent.remove(element)
    if parent.text:
        parent.text = parent.text.rstrip()


def _drop_images(element, section: dict, out: Imported) -> None:
    """Mammoth wraps each image in a paragraph; the image goes, the words around it stay."""
    for image in element.xpath(".//img"):
        alt = (image.get("alt") or "").strip()
        out.notes.append(f"An image{f' (“{alt}”)' if alt else ''} in “{section['title']}” was not imported: "
                         "a report holds text and tables only.")
        image.drop_tree()


def _plain_message(message: str) -> str:
    style = re.search(r"Unrecognised (paragraph|run) style: '?(.+?)'? \(Style ID", message)
    if style:
        kind = "paragraph" if style.group(1) == "paragraph" else "text"
        return f"The Word {kind} style “{style.group(2)}” is not used in reports: its text was kept as plain text."
    return f"Word reported: {message}"
