"""The fields stage: a trained sequence labeller for citation fields, and the records it gives.

``segments(text)`` labels the tokens of one citation or reference string (author,
editor, translator, title, container-title, collection-title, volume, issue, locator,
edition, place, publisher, date, url, archive, relation, note; see
docs/field-parser.md); ``parse_reference(text)`` turns one string into a CSL-JSON
:class:`citekit.model.Record`.  The model is a linear-chain CRF (python-crfsuite), as in
AnyStyle and GROBID, trained by ``training/build_model.py``.
"""

from __future__ import annotations

from .crf import LABELS, OTHER, ModelError, Segment, label, segments
from .record import fields_from_segments, parse_reference, parse_references, record_from_segments

__all__ = [
    "LABELS",
    "OTHER",
    "ModelError",
    "Segment",
    "fields_from_segments",
    "label",
    "parse_reference",
    "parse_references",
    "record_from_segments",
    "segments",
]
