"""The trained sequence labeller: python-crfsuite over :mod:`citekit.fields.features`.

The model file ``citekit/fields/data/fields.crfsuite`` is built by
``python training/build_model.py`` (fixed seed, data named in docs/field-parser.md)
and shipped as package data.  It is loaded once, on first use.

``label(text)`` -> the tokens of ``text`` with one label each (one of
:data:`LABELS` or ``"other"``); ``segments(text)`` -> the labelled runs as
:class:`Segment` spans (character offsets into ``text``).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

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

MODEL_NAME = "fields.crfsuite"


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


@lru_cache(maxsize=1)
def _tagger():
    import pycrfsuite

    path = model_path()
    if not path.is_file():
        raise ModelError(f"{path}: the field parser's model is missing; build it with `python training/build_model.py`")
    t = pycrfsuite.Tagger()
    try:
        t.open(str(path))
    except Exception as exc:  # pycrfsuite raises plain ValueError/IOError
        raise ModelError(f"{path}: cannot load the field parser's model ({exc})") from exc
    return t


def label(text: str) -> list[tuple[Token, str]]:
    """Tokens of ``text[:MAX_CHARS]`` with one label each."""
    toks = tokenize(text[:MAX_CHARS])
    if not toks:
        return []
    tags = _tagger().tag(features(toks))
    return list(zip(toks, tags))


def label_with_confidence(text: str) -> list[tuple[Token, str, float]]:
    """Tokens of ``text[:MAX_CHARS]`` with one label each and its marginal probability."""
    toks = tokenize(text[:MAX_CHARS])
    if not toks:
        return []
    tagger = _tagger()
    tags = tagger.tag(features(toks))
    return [(t, lab, tagger.marginal(lab, i)) for i, (t, lab) in enumerate(zip(toks, tags))]


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
            while b >= a and not labelled[b][0].text.isalnum() and labelled[b][0].text not in "?!)]”’»":
                b -= 1
            if a <= b:
                conf = min(x[2] for x in labelled[i : j + 1]) if len(labelled[i]) > 2 else 1.0  # type: ignore[misc]
                out.append(Segment(lab, labelled[a][0].start, labelled[b][0].end, conf))
        i = j + 1
    return out


def segments(text: str, *, confidence: bool = False) -> list[Segment]:
    """The labelled runs of ``text`` (see :func:`runs`), with confidences if asked."""
    return runs(label_with_confidence(text) if confidence else label(text))
