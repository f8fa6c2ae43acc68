"""Theme suggestion from three signals, calibrated together (ADR 0026).

1. Trigger phrases (suggest.py): precise when they fire, silent on practice themes, which
   reviewers seldom name in trigger words.
2. Meaning: each sentence's vector against each theme's definition, label, triggers and the
   passages people have confirmed for it. "Nobody asked the boy what life at home was like"
   is close to "the voice and lived experience of the child" though no word is shared.
3. A linear model per theme (logistic regression on the document's mean sentence vector),
   trained on labelled examples: the project's own summaries, the tags people have confirmed
   in this installation and the themes reviewers give their findings.

A small logistic regression turns the three into one probability. It and each theme's
threshold are fitted on out-of-fold predictions, so neither is tuned on answers the linear
models have already seen. Themes with too few examples to choose a threshold share one.

Pure apart from `embedding`: training and suggesting take and return plain data, so the
benchmark and the tests measure exactly what the service runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from casereview.library import embedding
from casereview.library.suggest import PASSAGES_KEPT, ThemeWords, phrase_table, sentences, suggest

FOLDS = 5
MIN_POSITIVES_FOR_OWN_THRESHOLD = 4
MAX_SENTENCES = 600  # a 200-page report is read from its first 600 sentences
FEATURES = ("trigger", "meaning_best", "meaning_top3", "meaning_rank", "model", "model_rank", "neighbours")
NEIGHBOURS = 7
BETA = 1.5  # recall counts this much more than precision when choosing thresholds
SHRINK = 8  # a theme's own threshold counts as this many examples' worth against the shared one


@dataclass(frozen=True)
class ThemeText:
    slug: str
    label: str
    definition: str
    triggers: tuple[str, ...]
    examples: tuple[str, ...] = ()  # passages people confirmed for the theme

    def words(self) -> ThemeWords:
        return ThemeWords(self.slug, self.label, self.triggers)


@dataclass
class Example:
    text: str
    themes: frozenset[str]
    weight: float = 1.0


@dataclass
class Suggestion:
    slug: str
    confidence: float
    passages: list[dict] = field(default_factory=list)


@dataclass
class Model:
    """Everything training learns, as plain numbers, so it can be stored as JSON (never pickled)."""

    slugs: list[str]
    weights: dict[str, list[float]]  # per theme: 256 coefficients then the intercept
    combiner: list[float]  # one weight per feature, then the intercept
    thresholds: dict[str, float]
    default_threshold: float
    trained_on: int = 0
    examples: list = field(default_factory=list)  # [vector as hex float32, themes] per training text

    def as_json(self) -> dict:
        return {"slugs": self.slugs, "weights": self.weights, "combiner": self.combiner,
                "thresholds": self.thresholds, "default_threshold": self.default_threshold,
                "trained_on": self.trained_on, "examples": self.examples}

    @classmethod
    def from_json(cls, data: dict) -> Model:
        return cls(**{k: data[k] for k in ("slugs", "weights", "combiner", "thresholds", "default_threshold")},
                   trained_on=data.get("trained_on", 0), examples=data.get("examples", []))

    def known(self, slugs: list[str] | None = None) -> tuple[np.ndarray, np.ndarray] | None:
        """The training texts' vectors and theme labels, for the neighbours signal, with a column
        for each of `slugs` (the themes in use now, which may have grown since training: a theme
        added later has no labelled text yet, so its column is empty)."""
        if not self.examples:
            return None
        slugs = self.slugs if slugs is None else slugs
        index = {slug: i for i, slug in enumerate(slugs)}
        vectors = np.vstack([embedding.from_bytes(bytes.fromhex(v)) for v, _ in self.examples])
        labels = np.zeros((len(self.examples), len(slugs)))
        for row, (_, themes) in enumerate(self.examples):
            for slug in themes:
                if slug in index:
                    labels[row, index[slug]] = 1.0
        return vectors, labels


# --- reading a text -----------------------------------------------------------------------

@dataclass
class Reading:
    """A text as the signals see it: its sentences (with page numbers) and their vectors."""

    pages: list[tuple[int, str]]
    sentences: list[tuple[int, str]]
    vectors: np.ndarray
    mean: np.ndarray


def read(pages: list[tuple[int, str]]) -> Reading:
    found = [(page, s) for page, text in pages for s in sentences(text) if len(s.split()) >= 3][:MAX_SENTENCES]
    vectors = embedding.embed([s for _, s in found])
    mean = embedding.normalise(vectors.mean(axis=0)) if len(found) else np.zeros(embedding.DIMENSIONS, np.float32)
    return Reading(pages, found, vectors, mean)


class Prototypes:
    """Each theme's vectors: its label with its definition, each trigger phrase, each confirmed passage."""

    def __init__(self, themes: list[ThemeText]):
        self.themes = themes
        texts, owners = [], []
        for index, theme in enumerate(themes):
            for text in (f"{theme.label}: {theme.definition}", *theme.triggers, *theme.examples[:20]):
                texts.append(text)
                owners.append(index)
        self.vectors = embedding.embed(texts)
        self.owners = np.asarray(owners)
        self.table = phrase_table([t.words() for t in themes])

    def meaning(self, reading: Reading) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per theme: the best sentence's similarity, the mean of the best three, and for each
        sentence its similarity (themes x sentences), for choosing evidence."""
        count = len(self.themes)
        if not len(reading.sentences):
            zero = np.zeros(count, np.float32)
            return zero, zero, np.zeros((count, 0), np.float32)
        similarity = reading.vectors @ self.vectors.T  # sentences x prototypes
        per_theme = np.full((count, len(reading.sentences)), -1.0, dtype=np.float32)
        for index in range(count):
            columns = similarity[:, self.owners == index]
            per_theme[index] = columns.max(axis=1)
        ordered = -np.sort(-per_theme, axis=1)
        return ordered[:, 0], ordered[:, :3].mean(axis=1), per_theme


# --- the features and the combination -----------------------------------------------------

def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


def _model_scores(model_weights: dict[str, list[float]], slugs: list[str], mean: np.ndarray) -> np.ndarray:
    out = np.zeros(len(slugs), dtype=np.float64)
    for index, slug in enumerate(slugs):
        weights = model_weights.get(slug)
        if weights is not None:
            out[index] = _sigmoid(float(np.dot(weights[:-1], mean) + weights[-1]))
    return out


def _neighbour_votes(known: tuple[np.ndarray, np.ndarray] | None, mean: np.ndarray, count: int) -> np.ndarray:
    """Per theme, the similarity-weighted share of the closest labelled texts that carry it."""
    if known is None or not len(known[0]):
        return np.zeros(count)
    vectors, labels = known
    similarity = vectors @ mean
    closest = np.argsort(-similarity)[:NEIGHBOURS]
    weights = np.clip(similarity[closest], 0, None) ** 2
    if weights.sum() <= 0:
        return np.zeros(count)
    return (weights[:, None] * labels[closest]).sum(axis=0) / weights.sum()


def features(prototypes: Prototypes, reading: Reading, model_weights: dict[str, list[float]],
             known: tuple[np.ndarray, np.ndarray] | None = None):
    """(themes x FEATURES) array, the trigger suggestions and the per-sentence similarities."""
    slugs = [t.slug for t in prototypes.themes]
    triggered = {s.slug: s for s in suggest([t.words() for t in prototypes.themes], reading.pages,
                                            prototypes.table, threshold=0.0)}
    trigger = np.array([triggered[s].confidence if s in triggered else 0.0 for s in slugs])
    best, top3, per_sentence = prototypes.meaning(reading)
    scores = _model_scores(model_weights, slugs, reading.mean)
    # Where the theme stands among all themes for this text: a text is about a few themes, and
    # the closest few are more telling than a raw similarity, which varies from theme to theme.
    votes = _neighbour_votes(known, reading.mean, len(slugs))
    return (np.column_stack([trigger, best, top3, _closeness(best), scores, _closeness(scores), votes]),
            triggered, per_sentence)


def _closeness(values: np.ndarray) -> np.ndarray:
    ranks = np.empty(len(values))
    ranks[np.argsort(-values, kind="stable")] = np.arange(len(values))
    return 1.0 / (1.0 + ranks)


def combine(combiner: list[float], rows: np.ndarray) -> np.ndarray:
    return _sigmoid(rows @ np.asarray(combiner[:-1]) + combiner[-1])


# --- training -----------------------------------------------------------------------------

def _fit_linear(vectors: np.ndarray, labels: np.ndarray, weights: np.ndarray) -> list[float] | None:
    from sklearn.linear_model import LogisticRegression

    if labels.sum() == 0 or labels.sum() == len(labels):
        return None
    fitted = LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000)
    fitted.fit(vectors, labels, sample_weight=weights)
    return [*fitted.coef_[0].tolist(), float(fitted.intercept_[0])]


def _fit_all_linear(slugs, vectors, label_matrix, weights) -> dict[str, list[float]]:
    out = {}
    for index, slug in enumerate(slugs):
        fitted = _fit_linear(vectors, label_matrix[:, index], weights)
        if fitted is not None:
            out[slug] = fitted
    return out


def _best_threshold(probabilities: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """The threshold with the best F-score weighted toward recall (BETA): a person confirms every
    suggestion, so a wrong one costs a click and a missed one loses the learning. Ties go to the
    higher threshold, which suggests less."""
    best, best_score = 0.5, -1.0
    weight = BETA * BETA
    for threshold in np.arange(0.1, 0.91, 0.025):
        chosen = probabilities >= threshold
        tp = float((chosen & labels).sum())
        fp = float((chosen & ~labels).sum())
        fn = float((~chosen & labels).sum())
        score = (1 + weight) * tp / ((1 + weight) * tp + weight * fn + fp) if tp else 0.0
        if score >= best_score:
            best, best_score = float(threshold), score
    return round(best, 3), best_score


def train(themes: list[ThemeText], examples: list[Example]) -> Model:
    """Fit the linear models, the combiner and the thresholds on `examples`."""
    from sklearn.linear_model import LogisticRegression

    slugs = [t.slug for t in themes]
    prototypes = Prototypes(themes)
    readings = [read([(0, e.text)]) for e in examples]
    vectors = np.vstack([r.mean for r in readings]) if readings else np.zeros((0, embedding.DIMENSIONS))
    labels = np.array([[slug in e.themes for slug in slugs] for e in examples], dtype=bool)
    weights = np.array([e.weight for e in examples])
    # Out-of-fold: each example's linear-model score comes from models that never saw it.
    out_of_fold = np.zeros((len(examples), len(slugs), len(FEATURES)))
    order = np.arange(len(examples))
    for fold in range(FOLDS):
        held = order % FOLDS == fold
        fitted = _fit_all_linear(slugs, vectors[~held], labels[~held], weights[~held])
        known = (vectors[~held], labels[~held].astype(np.float64))
        for index in np.flatnonzero(held):
            out_of_fold[index] = features(prototypes, readings[index], fitted, known)[0]
    rows = out_of_fold.reshape(-1, len(FEATURES))
    combiner_model = LogisticRegression(C=1.0, max_iter=2000)
    combiner_model.fit(rows, labels.reshape(-1), sample_weight=np.repeat(weights, len(slugs)))
    combiner = [*combiner_model.coef_[0].tolist(), float(combiner_model.intercept_[0])]
    probabilities = combine(combiner, rows).reshape(len(examples), len(slugs))
    default, _ = _best_threshold(probabilities.reshape(-1), labels.reshape(-1))
    thresholds = {}
    for index, slug in enumerate(slugs):
        positives = int(labels[:, index].sum())
        if positives >= MIN_POSITIVES_FOR_OWN_THRESHOLD:
            own = _best_threshold(probabilities[:, index], labels[:, index])[0]
            thresholds[slug] = round((positives * own + SHRINK * default) / (positives + SHRINK), 3)
    return Model(slugs=slugs, weights=_fit_all_linear(slugs, vectors, labels, weights), combiner=combiner,
                 thresholds=thresholds, default_threshold=default, trained_on=len(examples),
                 examples=[[embedding.to_bytes(v).hex(), sorted(e.themes)] for v, e in zip(vectors, examples, strict=True)])


# --- suggesting ---------------------------------------------------------------------------

def suggest_themes(themes: list[ThemeText], model: Model, pages: list[tuple[int, str]],
                   prototypes: Prototypes | None = None) -> list[Suggestion]:
    """Themes the text is about, most probable first, each with the sentences that show it."""
    prototypes = prototypes or Prototypes(themes)
    reading = read(pages)
    rows, triggered, per_sentence = features(prototypes, reading, model.weights,
                                             model.known([t.slug for t in prototypes.themes]))
    probabilities = combine(model.combiner, rows)
    out = []
    for index, theme in enumerate(prototypes.themes):
        probability = float(probabilities[index])
        if probability < model.thresholds.get(theme.slug, model.default_threshold):
            continue
        passages = list(triggered[theme.slug].passages) if theme.slug in triggered else []
        for sentence_index in np.argsort(-per_sentence[index])[:PASSAGES_KEPT]:
            if len(passages) >= PASSAGES_KEPT:
                break
            page, text = reading.sentences[sentence_index]
            if all(p["text"] != text[:400] for p in passages):
                passages.append({"page": page, "text": text[:400]})
        out.append(Suggestion(theme.slug, round(probability, 2), passages))
    return sorted(out, key=lambda s: (-s.confidence, s.slug))


def measure(themes: list[ThemeText], model: Model, cases: list[dict], only: set[str] | None = None) -> dict:
    """Precision and recall (micro) over labelled texts the model was not trained on; `only`
    limits the count to some themes (a group of the vocabulary)."""
    prototypes = Prototypes(themes)
    tp = fp = fn = 0
    for case in cases:
        expected = set(case["themes"])
        got = {s.slug for s in suggest_themes(themes, model, [(0, case["title"] + ".\n" + case["text"])],
                                              prototypes)}
        if only is not None:
            expected, got = expected & only, got & only
        tp, fp, fn = tp + len(got & expected), fp + len(got - expected), fn + len(expected - got)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3),
            "f1": round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0,
            "tp": tp, "fp": fp, "fn": fn}

