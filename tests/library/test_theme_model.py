"""The three-signal theme suggester: offline vectors, training, evidence and retraining."""

from __future__ import annotations

import json
import socket

import numpy as np
import pytest

from casereview.library import embedding, theme_model, theme_training
from casereview.library.models import Theme, ThemeModel, ThemeTag
from casereview.library.services import tag_decide, themes_suggest
from tests.library.helpers import add_document

THEMES_FILE = theme_training.EXAMPLES_FILE.parent / "themes.json"


def _vocabulary() -> list[theme_model.ThemeText]:
    return [theme_model.ThemeText(t["id"], t["label"], t["definition"], tuple(t["triggers"]))
            for t in json.loads(THEMES_FILE.read_text())]


@pytest.fixture(scope="session")
def trained() -> theme_model.Model:
    """Trained once for the whole run, on the shipped summaries not held back (as the service does)."""
    examples = [theme_model.Example(s["title"] + ".\n" + s["text"], frozenset(s["themes"]))
                for s in theme_training.shipped_examples()]
    return theme_model.train(_vocabulary(), examples)


def test_the_embedding_model_loads_with_the_network_disabled(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(embedding, "_model", None)
    vectors = embedding.embed(["The baby was not yet mobile.", "A bruise on a non-mobile infant.",
                               "School attendance fell in the spring term."])
    assert vectors.shape == (3, embedding.DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_vectors_round_trip_through_bytes():
    vector = embedding.embed(["Professional curiosity"])[0]
    assert np.array_equal(embedding.from_bytes(embedding.to_bytes(vector)), vector)
    assert len(embedding.to_bytes(vector)) == embedding.DIMENSIONS * 4


def test_the_held_back_third_is_never_trained_on():
    held = theme_training.shipped_examples("held_back")
    tuning = theme_training.shipped_examples()
    everything = json.loads(theme_training.EXAMPLES_FILE.read_text())["summaries"]
    assert len(everything) >= 100 and len(held) * 3 >= len(everything) - 2
    assert not {s["id"] for s in held} & {s["id"] for s in tuning}
    known = {t.slug for t in _vocabulary()}
    assert all(set(s["themes"]) <= known for s in everything)


def test_practice_described_without_trigger_words_is_suggested_with_its_evidence(trained):
    text = ("The social worker visited the family twelve times. Each time the girl was in the room with her "
            "mother and was never asked what her days were like or spoken to on her own. Her drawings at "
            "school showed a frightened child but nobody put them beside what the family said.")
    found = theme_model.suggest_themes(_vocabulary(), trained, [(2, text)])
    voice = next(s for s in found if s.slug == "voice-lived-experience")
    assert 0 < voice.confidence <= 1
    assert voice.passages and all(p["page"] == 2 for p in voice.passages)
    assert any("spoken to on her own" in p["text"] or "never asked" in p["text"] for p in voice.passages)


def test_a_stored_model_is_plain_json_and_suggests_the_same(trained):
    data = json.loads(json.dumps(trained.as_json()))
    again = theme_model.Model.from_json(data)
    pages = [(1, "The baby, eight weeks old, had a bruise on his ear; he could not yet roll over.")]
    first = [(s.slug, s.confidence) for s in theme_model.suggest_themes(_vocabulary(), trained, pages)]
    second = [(s.slug, s.confidence) for s in theme_model.suggest_themes(_vocabulary(), again, pages)]
    assert first == second and "bruising-non-mobile" in dict(first)


def test_thresholds_are_per_theme_where_there_are_enough_examples(trained):
    assert trained.thresholds, "frequent themes choose their own threshold"
    assert 0.1 <= trained.default_threshold <= 0.9
    assert set(trained.thresholds) < set(trained.slugs)


def test_confirming_a_theme_retrains_the_suggester_and_new_documents_use_it(world, trained, monkeypatch,
                                                                             django_capture_on_commit_callbacks):
    from casereview.library import tasks

    monkeypatch.setattr(theme_model, "train", lambda themes, examples: trained)
    document = add_document(world.partnership, world.people["bu_manager"], title="Child T review", listed=False,
                            pages=["The girl was seen with her mother every time and never spoken to alone."])
    tag, _ = ThemeTag.objects.update_or_create(
        document=document, theme=Theme.objects.get(slug="voice-lived-experience"),
        defaults={"status": ThemeTag.Status.SUGGESTED})
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        tag_decide(tag=tag, by=world.people["bu_manager"], status=ThemeTag.Status.CONFIRMED)
    assert callbacks, "a retraining is queued once the decision commits"
    assert tasks.retrain_themes.call() == f"trained on {trained.trained_on} texts"
    assert tasks.retrain_themes.call() == "up to date"
    stored = ThemeModel.objects.get()
    assert stored.decisions == theme_training.decisions()
    themes_suggest(document)
    voice = document.theme_tags.get(theme__slug="voice-lived-experience")
    assert voice.status == ThemeTag.Status.CONFIRMED  # a person's decision is never overwritten


def test_a_theme_added_after_training_does_not_break_suggestions(trained):
    """The vocabulary grows (the adults' and domestic abuse themes did) before the next retraining:
    the model trained on fewer themes still suggests, and the new theme has no neighbours' votes."""
    grown = _vocabulary() + [theme_model.ThemeText("adults-self-neglect", "Self-neglect",
                                                   "The adult did not care for themselves or their home.",
                                                   ("self-neglect", "hoarding"))]
    suggestions = theme_model.suggest_themes(grown, trained, [(1, "The baby was bruised and nobody asked why.")])
    assert all(s.slug in {t.slug for t in grown} for s in suggestions)
    vectors, labels = trained.known([t.slug for t in grown])
    assert labels.shape == (len(trained.examples), len(grown)) and labels[:, -1].sum() == 0
