// The report editor (ADR 0024): each section's textarea becomes a Tiptap (ProseMirror) editor
// offering only what the server's allow-list keeps (ADR 0023). Without JavaScript the textarea
// stays and plain writing still works. Nothing here injects a <style> element or a style
// attribute, so the strict CSP holds: the editor's own CSS is in application.scss.
import { Editor, Node, mergeAttributes } from "@tiptap/core";
import StarterKit from "@tiptap/starter-kit";
import { Table, TableCell, TableHeader, TableRow } from "@tiptap/extension-table";

// Tables without the column group and inline widths Tiptap writes by default (style attributes
// would break the CSP), and Tab that leaves the table at its last cell instead of adding a row,
// so the keyboard is never trapped (WCAG 2.1.2).
const PlainTable = Table.extend({
  renderHTML({ HTMLAttributes }) {
    return ["table", mergeAttributes(this.options.HTMLAttributes, HTMLAttributes), ["tbody", 0]];
  },
  addKeyboardShortcuts() {
    return {
      Tab: () => this.editor.commands.goToNextCell(),
      "Shift-Tab": () => this.editor.commands.goToPreviousCell(),
    };
  },
});
const withoutLayout = (parent) => {
  const attributes = { ...parent };
  delete attributes.align;
  delete attributes.colwidth;
  return attributes;
};
const PlainCell = TableCell.extend({ addAttributes() { return withoutLayout(this.parent?.()); } });
const PlainHeader = TableHeader.extend({ addAttributes() { return withoutLayout(this.parent?.()); } });

// A footnote is a numbered reference in the text and a note in the list at the end of the section.
// Numbers run through the whole report, as in Word; the server numbers them again on every save.
const number = (value, prefix) => Number(String(value || "").replace(prefix, "")) || 1;
const FootnoteRef = Node.create({
  name: "footnoteRef",
  group: "inline",
  inline: true,
  atom: true,
  selectable: true,
  addAttributes() {
    return { number: { default: 1, parseHTML: (el) => number(el.querySelector("a")?.getAttribute("href"), "#fn-") } };
  },
  parseHTML() {
    return [{ tag: "sup", priority: 60,
      getAttrs: (el) => (/^#fn-\d+$/.test(el.querySelector("a")?.getAttribute("href") || "") ? null : false) }];
  },
  renderHTML({ node }) {
    const n = node.attrs.number;
    return ["sup", {}, ["a", { href: `#fn-${n}`, id: `fnref-${n}`, "aria-label": `Footnote ${n}` }, String(n)]];
  },
  renderText({ node }) { return `[${node.attrs.number}]`; },
});
const Footnotes = Node.create({
  name: "footnotes",
  group: "block",
  content: "footnote+",
  parseHTML() {
    return [{ tag: "ol", priority: 60, getAttrs: (el) => (el.querySelector(":scope > li[id^='fn-']") ? null : false) }];
  },
  renderHTML({ node }) {
    return ["ol", { class: "app-editor__notes", start: String(node.firstChild?.attrs.number || 1) }, 0];
  },
});
const Footnote = Node.create({
  name: "footnote",
  content: "paragraph",
  defining: true,
  addAttributes() {
    return { number: { default: 1, parseHTML: (el) => number(el.id, "fn-") } };
  },
  parseHTML() { return [{ tag: "li[id^='fn-']", priority: 60 }]; },
  renderHTML({ node }) { return ["li", { id: `fn-${node.attrs.number}` }, 0]; },
});

const editors = [];

let paused = false;

// Renumbers references 1… in reading order across every section and puts each section's notes in
// the order of their references. As in Word, deleting a reference deletes its note (Undo brings
// both back).
function renumberAll() {
  if (paused) return;
  let next = 0;
  for (const editor of editors) {
    const { state } = editor;
    const renamed = new Map();
    const tr = state.tr;
    state.doc.descendants((node, pos) => {
      if (node.type.name !== "footnoteRef") return;
      next += 1;
      if (!renamed.has(node.attrs.number)) renamed.set(node.attrs.number, next);
      if (node.attrs.number !== next) tr.setNodeMarkup(pos, undefined, { number: next });
    });
    let listPos = -1;
    let list = null;
    state.doc.forEach((node, offset) => {
      if (node.type.name === "footnotes") { listPos = offset; list = node; }
    });
    if (list) {
      const notes = [];
      list.forEach((note) => notes.push(note));
      const withRef = notes.filter((n) => renamed.has(n.attrs.number))
        .sort((a, b) => renamed.get(a.attrs.number) - renamed.get(b.attrs.number));
      const ordered = withRef.map((note) => note.type.create({ number: renamed.get(note.attrs.number) }, note.content));
      const changed = ordered.length !== notes.length || ordered.some((note, i) =>
        note.attrs.number !== notes[i].attrs.number || !note.content.eq(notes[i].content));
      const mapped = tr.mapping.map(listPos);
      if (!ordered.length) {
        tr.delete(mapped, mapped + list.nodeSize);
      } else if (changed) {
        tr.replaceWith(mapped + 1, mapped + list.nodeSize - 1, ordered);
      }
    }
    if (tr.docChanged) {
      tr.setMeta("addToHistory", false).setMeta("renumber", true);
      editor.view.dispatch(tr);
    }
  }
}

function addFootnote(editor) {
  let highest = 0;
  for (const each of editors) {
    each.state.doc.descendants((node) => {
      if (node.type.name === "footnoteRef" || node.type.name === "footnote") highest = Math.max(highest, node.attrs.number);
    });
  }
  const n = highest + 1;
  paused = true; // the reference and its note are numbered together once both exist
  editor.chain().focus().insertContent({ type: "footnoteRef", attrs: { number: n } }).run();
  const { state } = editor;
  let listEnd = -1;
  state.doc.forEach((node, offset) => {
    if (node.type.name === "footnotes") listEnd = offset + node.nodeSize - 1;
  });
  const note = { type: "footnote", attrs: { number: n }, content: [{ type: "paragraph" }] };
  if (listEnd < 0) {
    editor.chain().insertContentAt(state.doc.content.size, { type: "footnotes", content: [note] }).run();
  } else {
    editor.chain().insertContentAt(listEnd, note).run();
  }
  paused = false;
  renumberAll();
  // Into the new note, to write it: the one note still empty after renumbering moved the notes.
  let target = -1;
  editor.state.doc.descendants((node, pos) => {
    if (target < 0 && node.type.name === "footnote" && node.textContent === "") target = pos + 2;
  });
  if (target > 0) editor.chain().setTextSelection(target).run();
  editor.view.focus(); // now, not on the next frame: the next key pressed belongs in the note
}

function makeButton(text, onPress, { toggles = false } = {}) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "govuk-button govuk-button--secondary app-editor__button";
  button.textContent = text;
  button.tabIndex = -1;
  if (toggles) button.setAttribute("aria-pressed", "false");
  button.addEventListener("mousedown", (event) => event.preventDefault()); // keep the selection
  button.addEventListener("click", onPress);
  return button;
}

// One tab stop for the toolbar; arrow keys move along it (the ARIA toolbar pattern).
function rovingToolbar(toolbar) {
  const buttons = () => [...toolbar.querySelectorAll("button:not([hidden])")];
  const first = buttons()[0];
  if (first) first.tabIndex = 0;
  toolbar.addEventListener("keydown", (event) => {
    const all = buttons();
    const index = all.indexOf(document.activeElement);
    if (index < 0) return;
    let next = null;
    if (event.key === "ArrowRight") next = all[(index + 1) % all.length];
    else if (event.key === "ArrowLeft") next = all[(index - 1 + all.length) % all.length];
    else if (event.key === "Home") next = all[0];
    else if (event.key === "End") next = all[all.length - 1];
    if (!next) return;
    event.preventDefault();
    all.forEach((b) => { b.tabIndex = -1; });
    next.tabIndex = 0;
    next.focus();
  });
}

function linkPanel(id, editor) {
  const panel = document.createElement("div");
  panel.className = "govuk-form-group app-editor__link";
  panel.hidden = true;
  const label = document.createElement("label");
  label.className = "govuk-label";
  label.htmlFor = `${id}-link`;
  label.textContent = "Link address, starting https:// or mailto:";
  const error = document.createElement("p");
  error.className = "govuk-error-message";
  error.id = `${id}-link-error`;
  error.hidden = true;
  const input = document.createElement("input");
  input.className = "govuk-input";
  input.id = `${id}-link`;
  input.type = "url";
  input.spellcheck = false;
  const group = document.createElement("div");
  group.className = "govuk-button-group";
  const close = () => {
    panel.hidden = true;
    error.hidden = true;
    input.removeAttribute("aria-describedby");
    panel.classList.remove("govuk-form-group--error");
    editor.commands.focus();
  };
  const apply = () => {
    const href = input.value.trim();
    if (!/^(https:\/\/\S+|mailto:\S+@\S+)$/i.test(href)) {
      error.hidden = false;
      error.innerHTML = "";
      const prefix = document.createElement("span");
      prefix.className = "govuk-visually-hidden";
      prefix.textContent = "Error: ";
      error.append(prefix, "Enter an address starting https:// or mailto:");
      input.setAttribute("aria-describedby", error.id);
      panel.classList.add("govuk-form-group--error");
      input.focus();
      return;
    }
    editor.chain().focus().extendMarkRange("link").setLink({ href }).run();
    close();
  };
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") { event.preventDefault(); apply(); }
    if (event.key === "Escape") { event.preventDefault(); close(); }
  });
  const add = document.createElement("button");
  add.type = "button";
  add.className = "govuk-button govuk-button--secondary";
  add.textContent = "Add link";
  add.addEventListener("click", apply);
  const cancel = document.createElement("button");
  cancel.type = "button";
  cancel.className = "govuk-button govuk-button--secondary";
  cancel.textContent = "Cancel";
  cancel.addEventListener("click", close);
  group.append(add, cancel);
  panel.append(label, error, input, group);
  panel.open = () => {
    input.value = editor.getAttributes("link").href || "";
    panel.hidden = false;
    input.focus();
  };
  return panel;
}

function mount(textarea) {
  const id = textarea.id;
  const group = textarea.closest(".govuk-form-group");
  const label = group.querySelector(`label[for="${id}"]`);
  const hint = group.querySelector(".govuk-hint");
  label.id = `${id}-label`;
  label.removeAttribute("for");

  const wrapper = document.createElement("div");
  wrapper.className = "app-editor";
  const toolbar = document.createElement("div");
  toolbar.className = "app-editor__toolbar";
  toolbar.setAttribute("role", "toolbar");
  // Named by position, not by the section title, so the title names only the text box.
  toolbar.setAttribute("aria-label", `Formatting, section ${editors.length + 1}`);
  toolbar.setAttribute("aria-controls", `${id}-editor`);
  const area = document.createElement("div");
  wrapper.append(toolbar, area);
  // The form posts the editor's HTML in a hidden field of the textarea's name.
  const field = document.createElement("input");
  field.type = "hidden";
  field.name = textarea.name;
  textarea.replaceWith(wrapper);
  wrapper.append(field);

  const describedBy = [hint?.id, `${id}-keys`].filter(Boolean).join(" ");
  const editor = new Editor({
    element: area,
    injectCSS: false,
    content: textarea.dataset.html || "",
    extensions: [
      StarterKit.configure({
        heading: { levels: [3, 4] },
        code: false,
        codeBlock: false,
        strike: false,
        underline: false,
        horizontalRule: false,
        trailingNode: false, // the notes end a section; no empty paragraph after them
        link: { openOnClick: false, autolink: true, protocols: ["mailto"], defaultProtocol: "https",
          isAllowedUri: (url) => /^(https:|mailto:)/i.test(url),
          HTMLAttributes: { rel: "noopener noreferrer", target: null } },
      }),
      PlainTable.configure({ resizable: false }),
      TableRow,
      PlainHeader,
      PlainCell,
      FootnoteRef,
      Footnotes,
      Footnote,
    ],
    editorProps: {
      attributes: {
        id: `${id}-editor`,
        role: "textbox",
        "aria-multiline": "true",
        "aria-labelledby": label.id,
        "aria-describedby": describedBy,
        class: "app-editor__content",
        spellcheck: "true",
      },
    },
  });
  label.addEventListener("click", () => editor.commands.focus());
  // Escape goes to the toolbar from anywhere in the text, including lists and tables, where Tab
  // indents or moves between cells: the way out of the text box that always works.
  editor.view.dom.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    event.preventDefault();
    toolbar.querySelector("button[tabindex='0']")?.focus();
  });

  const keys = document.createElement("p");
  keys.id = `${id}-keys`;
  keys.className = "govuk-visually-hidden";
  keys.textContent = "Rich text. Press Escape to go to the formatting toolbar. In a list, Tab indents; in a table, "
    + "Tab moves to the next cell and leaves the table after the last one.";
  wrapper.append(keys);

  const panel = linkPanel(id, editor);
  const tools = [
    ["Heading", () => editor.chain().focus().toggleHeading({ level: 3 }).run(), "heading", { level: 3 }],
    ["Subheading", () => editor.chain().focus().toggleHeading({ level: 4 }).run(), "heading", { level: 4 }],
    ["Bold", () => editor.chain().focus().toggleBold().run(), "bold"],
    ["Italic", () => editor.chain().focus().toggleItalic().run(), "italic"],
    ["Bullets", () => editor.chain().focus().toggleBulletList().run(), "bulletList"],
    ["Numbered list", () => editor.chain().focus().toggleOrderedList().run(), "orderedList"],
    ["Link", () => panel.open(), "link"],
    ["Remove link", () => editor.chain().focus().unsetLink().run(), null, null, () => editor.isActive("link")],
    ["Footnote", () => addFootnote(editor)],
    ["Table", () => editor.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(), null, null,
      () => !editor.isActive("table")],
    ["Add row", () => editor.chain().focus().addRowAfter().run(), null, null, () => editor.isActive("table")],
    ["Add column", () => editor.chain().focus().addColumnAfter().run(), null, null, () => editor.isActive("table")],
    ["Delete row", () => editor.chain().focus().deleteRow().run(), null, null, () => editor.isActive("table")],
    ["Delete column", () => editor.chain().focus().deleteColumn().run(), null, null, () => editor.isActive("table")],
    ["Delete table", () => editor.chain().focus().deleteTable().run(), null, null, () => editor.isActive("table")],
    ["Undo", () => editor.chain().focus().undo().run()],
    ["Redo", () => editor.chain().focus().redo().run()],
  ].map(([text, press, mark, attrs, shown]) => {
    const button = makeButton(text, press, { toggles: Boolean(mark) && text !== "Link" });
    toolbar.append(button);
    return { button, mark, attrs, shown };
  });
  wrapper.insertBefore(panel, area);
  rovingToolbar(toolbar);

  const refresh = () => {
    for (const { button, mark, attrs, shown } of tools) {
      if (shown) {
        const visible = shown();
        if (button.hidden === visible) {
          button.hidden = !visible;
          if (!visible && button.tabIndex === 0) {
            button.tabIndex = -1;
            toolbar.querySelector("button:not([hidden])").tabIndex = 0;
          }
        }
      }
      if (button.hasAttribute("aria-pressed")) button.setAttribute("aria-pressed", String(editor.isActive(mark, attrs)));
    }
  };
  const write = () => {
    field.value = editor.isEmpty ? "" : editor.getHTML();
  };
  editor.on("selectionUpdate", refresh);
  editor.on("update", ({ transaction }) => {
    write();
    refresh();
    if (!transaction.getMeta("renumber")) renumberAll();
    wrapper.dispatchEvent(new Event("input", { bubbles: true }));
  });
  editors.push(editor);
  refresh();
  write();
  return editor;
}

// Saves the form as the person's private draft a few seconds after they stop typing (issue 15).
// The live region says when, and who else is editing.
function autosave(form) {
  const url = form.dataset.autosaveUrl;
  const status = document.getElementById("autosave-status");
  const others = document.getElementById("autosave-others");
  if (!url || !status) return;
  let timer = null;
  let saving = false;
  let again = false;
  const save = async () => {
    if (saving) { again = true; return; }
    saving = true;
    const data = new FormData(form);
    data.delete("submission_key"); // a draft must not spend the key of the deliberate save
    try {
      const response = await fetch(url, { method: "POST", body: data, credentials: "same-origin",
        headers: { Accept: "application/json" } });
      const answer = await response.json().catch(() => ({}));
      if (response.redirected || !answer.saved_at && response.ok) {
        // Sent to the sign-in page: the session ended. The text is only on this page now.
        status.textContent = "Your draft was not saved because you have been signed out. Copy your text "
          + "somewhere safe, sign in again in another tab, then save.";
      } else if (response.ok) {
        window.dispatchEvent(new CustomEvent("case-review:activity"));
        status.textContent = `Draft saved at ${answer.saved_at}. Only you can see it until you save a version.`;
        if (others && Array.isArray(answer.others)) {
          others.textContent = answer.others.length
            ? `Also editing: ${answer.others.map((o) => `${o.name} (draft saved at ${o.saved_at})`).join("; ")}. `
              + "Their drafts are listed at the top of this page when you reload it."
            : "";
        }
      } else {
        status.textContent = `Your draft was not saved: ${answer.error || "try again in a moment"}. `
          + "Keep this page open; your text is still here.";
      }
    } catch {
      status.textContent = "Your draft could not be saved: the connection was lost. Keep this page open; "
        + "it will try again when you next type.";
    } finally {
      saving = false;
      if (again) { again = false; schedule(); }
    }
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(save, Number(form.dataset.autosaveSeconds || 3) * 1000);
  };
  form.addEventListener("input", schedule);
  form.addEventListener("submit", () => clearTimeout(timer));
}

const form = document.querySelector("form[data-report-editor]");
if (form) {
  form.querySelectorAll("textarea[data-rich-text]").forEach(mount);
  renumberAll();
  autosave(form);
}
