"""The trained sequence labeller: a linear-chain CRF trained with python-crfsuite, tagged in NumPy.

The model file ``citekit/fields/data/fields.npz`` (crfsuite's weights, exported) is built by
``python training/build_model.py`` (fixed seed, data named in docs/field-parser.md)
and shipped as package data.  It is loaded once, on first use.

``label(text)`` -> the tokens of ``text`` with one label each (one of
:data:`LABELS` or ``"other"``); ``segments(text)`` -> the labelled runs as
:class:`Segment` spans (character offsets into ``text``).
"""

from __future__ import annotations

from functools import lru_cache
from itertools import repeat
from importlib import resources
from pathlib import Path
from typing import Any

from attrs import frozen

from ..errors import CitekitError
from .features import features
from .tokens import Token, tokenize

#: The labels the model assigns (CSL variable names where CSL has one; see docs/field-parser.md).
LABELS: tuple[str, ...] = (
    "author",
    "editor",
    "translator",
    "title",
    "container-title",
    "collection-title",
    "volume",
    "issue",
    "locator",
    "edition",
    "place",
    "publisher",
    "date",
    "url",
    "archive",
    "relation",
    "note",
)
OTHER = "other"

#: Longest string labelled at once (characters); longer input is cut (a reference is
#: rarely over 1,000 characters; the cut keeps the labeller linear and its memory small).
MAX_CHARS = 4000

MODEL_NAME = "fields.npz"


class ModelError(CitekitError):
    """The field parser's model file is missing or unreadable."""


@frozen
class Segment:
    """A labelled run: ``text[start:end]`` is its value (edge punctuation excluded).

    ``confidence``: the smallest marginal probability the CRF gives its label over the
    run's tokens (0-1; 1.0 where it was not computed)."""

    label: str
    start: int
    end: int
    confidence: float = 1.0


def model_path() -> Path:
    """Where the shipped model lives (package data)."""
    return Path(str(resources.files("citekit.fields").joinpath("data", MODEL_NAME)))


@frozen
class _Model:
    labels: tuple[str, ...]
    rows: dict  # attribute string -> row of ``state``
    state: Any  # (attributes + 1) x labels, float32; the last row is zeros (unknown features)
    transition: Any  # labels x labels, float32

    @property
    def zero(self) -> int:
        return self.state.shape[0] - 1


@lru_cache(maxsize=1)
def _model() -> _Model:
    """The weights written by ``training/build_model.py`` (loaded once; about 0.1 s)."""
    import numpy as np

    path = model_path()
    if not path.is_file():
        raise ModelError(f"{path}: the field parser's model is missing; build it with `python training/build_model.py`")
    try:
        with np.load(path, allow_pickle=False) as z:
            labels = tuple(str(x) for x in z["labels"])
            attributes = z["attributes"].tolist()
            state = z["state"]
            transition = z["transition"]
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(f"{path}: cannot load the field parser's model ({exc})") from exc
    state = np.vstack([state, np.zeros((1, state.shape[1]), dtype=state.dtype)])
    return _Model(labels, {a: i for i, a in enumerate(attributes)}, state, transition)


def _emissions(m: _Model, feats: list[list[str]]):
    """Per token and label, the sum of the state weights of the token's features (tokens x labels).

    An unknown feature maps to the all-zero last row of ``state``, so every token has rows and
    one ``reduceat`` sums them all."""
    import numpy as np

    get = m.rows.get
    zero = m.zero
    idx: list[int] = []
    starts: list[int] = []
    for f in feats:
        starts.append(len(idx))
        idx.extend(map(get, f, repeat(zero, len(f))))
    return np.add.reduceat(m.state[np.asarray(idx, dtype=np.intp)], np.asarray(starts, dtype=np.intp), axis=0)


def _viterbi(m: _Model, em) -> list[int]:
    """The best label sequence (crfsuite's CRF1d: emissions plus label-to-label transitions)."""
    import numpy as np

    n = em.shape[0]
    score = em[0].copy()
    back = np.empty((n, em.shape[1]), dtype=np.intp)
    trans = m.transition
    for i in range(1, n):
        cand = score[:, None] + trans  # from x to
        back[i] = cand.argmax(axis=0)
        score = cand.max(axis=0) + em[i]
    best = [int(score.argmax())]
    for i in range(n - 1, 0, -1):
        best.append(int(back[i, best[-1]]))
    best.reverse()
    return best


def _marginals(m: _Model, em):
    """Per token and label, the marginal probability: forward-backward with per-step scaling
    (the scale factors cancel in each token's normalised product)."""
    import numpy as np

    n, L = em.shape
    e = np.exp(em - em.max(axis=1, keepdims=True))
    t = np.exp(m.transition - m.transition.max())
    alpha = np.empty((n, L))
    beta = np.empty((n, L))
    a = e[0] / e[0].sum()
    alpha[0] = a
    for i in range(1, n):
        a = (a @ t) * e[i]
        a /= a.sum()
        alpha[i] = a
    b = np.ones(L) / L
    beta[n - 1] = b
    for i in range(n - 2, -1, -1):
        b = t @ (e[i + 1] * b)
        b /= b.sum()
        beta[i] = b
    p = alpha * beta
    return p / p.sum(axis=1, keepdims=True)


def label(text: str) -> list[tuple[Token, str]]:
    """Tokens of ``text[:MAX_CHARS]`` with one label each."""
    toks = tokenize(text[:MAX_CHARS])
    if not toks:
        return []
    m = _model()
    path = _viterbi(m, _emissions(m, features(toks)))
    return [(t, m.labels[k]) for t, k in zip(toks, path)]


def label_with_confidence(text: str) -> list[tuple[Token, str, float]]:
    """Tokens of ``text[:MAX_CHARS]`` with one label each and its marginal probability."""
    toks = tokenize(text[:MAX_CHARS])
    if not toks:
        return []
    m = _model()
    em = _emissions(m, features(toks))
    path = _viterbi(m, em)
    marg = _marginals(m, em)
    return [(t, m.labels[k], float(marg[i, k])) for i, (t, k) in enumerate(zip(toks, path))]


_OPENER = {")": "(", "]": "[", "”": "“", "’": "‘", "»": "«"}


def runs(labelled: list[tuple[Token, str]] | list[tuple[Token, str, float]]) -> list[Segment]:
    """Maximal runs of one label, without edge punctuation, as character spans
    (with their confidence when the items carry a marginal probability)."""
    out: list[Segment] = []
    i, n = 0, len(labelled)
    while i < n:
        lab = labelled[i][1]
        j = i
        while j + 1 < n and labelled[j + 1][1] == lab:
            j += 1
        if lab != OTHER:
            a, b = i, j
            while a <= b and not labelled[a][0].text.isalnum() and labelled[a][0].text not in "§#№":
                a += 1
            while b >= a and not labelled[b][0].text.isalnum() and labelled[b][0].text not in "?!":
                closer = labelled[b][0].text
                if closer in _OPENER and any(x[0].text == _OPENER[closer] for x in labelled[a:b]):
                    break  # a bracket or quotation closed inside the field: "Lenin (1870–1924)"
                b -= 1
            if a <= b:
                conf = min(x[2] for x in labelled[i : j + 1]) if len(labelled[i]) > 2 else 1.0  # type: ignore[misc]
                out.append(Segment(lab, labelled[a][0].start, labelled[b][0].end, conf))
        i = j + 1
    return out


def segments(text: str, *, confidence: bool = False) -> list[Segment]:
    """The labelled runs of ``text`` (see :func:`runs`), with confidences if asked."""
    return runs(label_with_confidence(text) if confidence else label(text))


class Tagging:
    """One string labelled once: :attr:`segments` now, :meth:`with_confidence` later if asked
    (the marginals reuse the emissions instead of labelling the string again)."""

    def __init__(self, text: str) -> None:
        self._toks = tokenize(text[:MAX_CHARS])
        self._m = _model() if self._toks else None
        self._em = _emissions(self._m, features(self._toks)) if self._toks else None
        self._path = _viterbi(self._m, self._em) if self._toks else []
        labs = self._m.labels if self._m is not None else ()
        self.segments: list[Segment] = runs([(t, labs[k]) for t, k in zip(self._toks, self._path)])

    def with_confidence(self) -> list[Segment]:
        """The same runs with their confidences (forward-backward marginals)."""
        if not self._toks:
            return []
        marg = _marginals(self._m, self._em)
        labs = self._m.labels
        return runs([(t, labs[k], float(marg[i, k])) for i, (t, k) in enumerate(zip(self._toks, self._path))])
