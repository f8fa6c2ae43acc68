"""What the theme suggester learns from, and the model in use.

Examples: the project's own labelled summaries (the part not held back for measuring), every
library document someone has confirmed or rejected themes on, and every finding a reviewer
has coded with themes. A finding's text never leaves the database: the stored model holds
numbers only (coefficients and one 256-number vector per example).
"""

from __future__ import annotations

import json
from pathlib import Path

from casereview.audit.kept import memo
from casereview.library import theme_model
from casereview.library.local_learning import local
from casereview.library.models import DocumentPage, LibraryDocument, Theme, ThemeModel, ThemeTag

EXAMPLES_FILE = Path(__file__).resolve().parent / "data" / "theme_examples.json"
KEEP_MODELS = 3
CARD_PAGES = 3  # a document is learned from its card and first pages: its summary says what it is about


def shipped_examples(split: str = "tuning") -> list[dict]:
    return [s for s in json.loads(EXAMPLES_FILE.read_text())["summaries"] if s["split"] == split]


def vocabulary() -> list[theme_model.ThemeText]:
    """The active themes, each with up to twenty passages people confirmed for it."""
    examples: dict[int, list[str]] = {}
    for theme_id, passages in ThemeTag.objects.filter(status=ThemeTag.Status.CONFIRMED).exclude(
            passages=[]).values_list("theme_id", "passages"):
        bucket = examples.setdefault(theme_id, [])
        bucket.extend(p["text"] for p in passages if isinstance(p, dict) and p.get("text"))
    return [theme_model.ThemeText(t.slug, t.label, t.definition, tuple(t.triggers), tuple(examples.get(t.pk, [])[:20]))
            for t in Theme.objects.filter(is_active=True).order_by("slug")]


def decisions() -> int:
    return ThemeTag.objects.exclude(status=ThemeTag.Status.SUGGESTED).count() + local().coded_count()


def installation_examples() -> list[theme_model.Example]:
    out = []
    decided = list(LibraryDocument.objects.filter(theme_tags__status__in=[ThemeTag.Status.CONFIRMED,
                                                                           ThemeTag.Status.REJECTED])
                   .distinct().prefetch_related("theme_tags__theme"))
    texts: dict[int, list[str]] = {}
    for document_id, text in DocumentPage.objects.filter(document__in=decided, number__lte=CARD_PAGES).order_by(
            "document_id", "number").values_list("document_id", "text"):
        texts.setdefault(document_id, []).append(text)
    for document in decided:
        confirmed = frozenset(t.theme.slug for t in document.theme_tags.all() if t.status == ThemeTag.Status.CONFIRMED)
        out.append(theme_model.Example("\n".join(texts.get(document.pk, [])) or document.summary, confirmed))
    for text, themes in local().coded_findings():
        out.append(theme_model.Example(text, frozenset(themes)))
    return out


def training_examples() -> list[theme_model.Example]:
    shipped = [theme_model.Example(s["title"] + ".\n" + s["text"], frozenset(s["themes"])) for s in shipped_examples()]
    return shipped + installation_examples()


def retrain() -> ThemeModel:
    """Train on everything known now and make it the model in use (the background task's work)."""
    count = decisions()
    trained = theme_model.train(vocabulary(), training_examples())
    stored = ThemeModel.objects.create(trained_on=trained.trained_on, decisions=count, data=trained.as_json())
    ThemeModel.objects.exclude(pk__in=ThemeModel.objects.values_list("pk", flat=True)[:KEEP_MODELS]).delete()
    return stored


def needs_retraining() -> bool:
    latest = ThemeModel.objects.first()
    return latest is None or latest.decisions != decisions()


def current() -> tuple[theme_model.Model, theme_model.Prototypes] | None:
    """The newest stored model with its vocabulary's vectors, kept in the process until a newer
    model or any audited change (a theme edited, a tag confirmed)."""

    latest = ThemeModel.objects.values_list("pk", flat=True).first()
    if latest is None:
        return None
    return memo("theme-model", lambda: (theme_model.Model.from_json(ThemeModel.objects.get(pk=latest).data),
                                         theme_model.Prototypes(vocabulary())), version=latest)
