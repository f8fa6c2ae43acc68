"""Sentence vectors for theme suggestion and search, from a model that ships inside its package.

WordLlama (MIT) carries a 256-dimension English model in its wheel. Its default lookup looks in
the wrong folder and then tries to download, so the folder is given and downloads are refused:
nothing is ever fetched at run time, and a machine with no network works the same (ADR 0026).
Vectors are scaled to length one, so a dot product is the cosine similarity.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

DIMENSIONS = 256
_lock = threading.Lock()
_model = None


def model():
    """The model, loaded once per process (about half a second, 16 MB)."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                import wordllama

                _model = wordllama.WordLlama.load(cache_dir=Path(wordllama.__file__).parent,
                                                  disable_download=True, dim=DIMENSIONS)
    return _model


def embed(texts: list[str]) -> np.ndarray:
    """One unit-length float32 row per text (a row of zeros for an empty text)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = np.asarray(model().embed(list(texts), norm=False), dtype=np.float32)
    return normalise(vectors)


def normalise(vectors: np.ndarray) -> np.ndarray:
    lengths = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return np.divide(vectors, lengths, out=np.zeros_like(vectors), where=lengths > 0)


def to_bytes(vector: np.ndarray) -> bytes:
    """For a database column: 1 KB of little-endian float32."""
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<f4")
