"""The one format every source of training data for the field parser is turned into.

An :class:`Example` is one labelled string: a reference-list entry, a note, or an
in-text citation.  ``segments`` are ``(text, label)`` pairs whose texts, joined,
give the string exactly; ``label`` is one of :data:`LABELS` or ``"other"`` (the
punctuation and words between fields, prose around a citation).  Where a source
puts a field's punctuation inside the field (AnyStyle) or outside it (GROBID), it
is kept as the source has it: the model builder (``training/build_model.py``)
normalises edge punctuation to ``other`` itself.

Files hold one JSON object a line: ``{"source", "doc", "kind", "segments"}``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Iterator

from attrs import frozen

#: Field labels (CSL variable names where CSL has one; ``locator`` for pages or any other
#: pinpoint, ``date`` for every date, ``archive``, ``relation``, ``note``) and ``other``: the
#: model's own label set, defined once in citekit/fields/crf.py.
from citekit.fields.crf import LABELS, OTHER  # noqa: E402

#: Where the string stands in a text.
KINDS = ("reference", "note", "intext")


@frozen
class Example:
    """One labelled string.

    ``source``: the data set ("anystyle", "grobid", "linkedbooks", "synthetic", "corpus").
    ``doc``: the document it came from, for splits held out by document.
    ``kind``: one of :data:`KINDS`.  ``segments``: ``(text, label)`` pairs, in order.
    """

    source: str
    doc: str
    kind: str
    segments: tuple[tuple[str, str], ...]

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.segments)

    def to_json(self) -> str:
        return json.dumps({"source": self.source, "doc": self.doc, "kind": self.kind, "segments": [list(s) for s in self.segments]}, ensure_ascii=False)

    @classmethod
    def from_json(cls, line: str) -> "Example":
        d = json.loads(line)
        return cls(d["source"], d["doc"], d["kind"], tuple((t, l) for t, l in d["segments"]))


def write_jsonl(examples: Iterable[Example], path: str | Path) -> int:
    """Write examples one a line; returns how many."""
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        for ex in examples:
            fh.write(ex.to_json() + "\n")
            n += 1
    return n


def read_jsonl(path: str | Path) -> Iterator[Example]:
    """The examples of a JSONL file (gzip-compressed when its name ends in ``.gz``)."""
    import gzip

    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield Example.from_json(line)
