"""Embeddings without a model download: latent semantic analysis fitted on the demo's corpus.

TF-IDF weights each word of a text by how rare it is in the corpus; a truncated singular
value decomposition of the corpus's TF-IDF matrix keeps its DIMENSIONS strongest directions,
along which words that occur together (telescope, planets, stargazing) lie close. A text's
embedding is its TF-IDF row projected on those directions, scaled to length 1, so cosine
similarity is a dot product. numpy alone does it, in milliseconds for this corpus.

Fitted on corpus.canonical() (fixed text, deterministic maths): the seed, the web process and
the tests each fit it and get the same model. Words the corpus never saw add nothing.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

import numpy as np

from .corpus import canonical

DIMENSIONS = 64
# Words too common to carry meaning: left out of the vocabulary, queries and the keyword search.
STOPWORDS = frozenset(
    "a an and the for with of on in at to by from that this it its is are be as or up down "  # noqa: SIM905
    "after every little long first".split()
)
WORD = re.compile(r"[a-z]+")


def tokens(text: str) -> list[str]:
    """Lower-case words of three letters or more, stop words out, a plural 's' dropped."""
    words = []
    for word in WORD.findall(text.lower()):
        if len(word) < 3 or word in STOPWORDS:
            continue
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.append(word)
    return words


@dataclass(frozen=True)
class Lsa:
    vocabulary: dict[str, int]  # word -> column
    idf: np.ndarray  # one weight per word
    directions: np.ndarray  # (words, DIMENSIONS): the truncated SVD's right singular vectors

    def tfidf(self, text: str) -> np.ndarray:
        row = np.zeros(len(self.vocabulary))
        for word, count in Counter(tokens(text)).items():
            if word in self.vocabulary:
                row[self.vocabulary[word]] = (1 + math.log(count)) * self.idf[self.vocabulary[word]]
        return row

    def embed(self, text: str) -> list[float] | None:
        """The text's unit vector, or None when no word of it is in the vocabulary."""
        vector = self.tfidf(text) @ self.directions
        norm = float(np.linalg.norm(vector))
        if norm < 1e-9:
            return None
        return [float(x) for x in vector / norm]

    def known(self, text: str) -> list[str]:
        return [word for word in tokens(text) if word in self.vocabulary]


def fit(texts: list[str], dimensions: int = DIMENSIONS) -> Lsa:
    docs = [Counter(tokens(text)) for text in texts]
    frequency = Counter(word for doc in docs for word in doc)
    words = sorted(word for word, n in frequency.items() if n >= 2)  # a word seen once teaches nothing
    vocabulary = {word: i for i, word in enumerate(words)}
    idf = np.array([math.log((1 + len(docs)) / (1 + frequency[w])) + 1 for w in words])
    matrix = np.zeros((len(docs), len(words)))
    for i, doc in enumerate(docs):
        for word, count in doc.items():
            if word in vocabulary:
                matrix[i, vocabulary[word]] = (1 + math.log(count)) * idf[vocabulary[word]]
    _, _, vt = np.linalg.svd(matrix, full_matrices=False)
    directions = vt[:dimensions].T
    # A singular vector's sign is arbitrary: fix it (largest entry positive) so that every
    # process, whatever its LAPACK, stores and queries the same vectors.
    signs = np.sign(directions[np.abs(directions).argmax(axis=0), np.arange(directions.shape[1])])
    return Lsa(vocabulary=vocabulary, idf=idf, directions=directions * signs)


@cache
def model() -> Lsa:
    """The demo's model, fitted once per process on the canonical corpus."""
    return fit(canonical())
