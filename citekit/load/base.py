"""What every loader produces: the text citekit reads, a map back to the source,
and (for formats that mark notes explicitly) the notes and markers.

A loader builds its text with a :class:`TextBuilder`: pieces *copied* from the
source keep a character-for-character link to it; pieces it *makes up* (a space
for a joined line break, ``[3]`` for a footnote reference, a blank line before
the notes) point at the source position they stand for.  The resulting
:class:`SourceMap` answers, for any offset of the text, the offset in the
source's own text and the line and column there.
"""

from __future__ import annotations

import bisect

from attrs import field, frozen


@frozen
class SourceMap:
    """Offsets of a loaded text -> offsets, lines and columns of the source.

    ``segments`` are ``(text_start, source_start, length, copied)`` in text
    order: a copied segment maps character by character, a made-up one maps
    every character to ``source_start``.  ``source_line_starts`` are the
    offsets where the source's lines start (for DOCX: where its paragraphs
    start in the concatenated paragraph texts).
    """

    segments: tuple[tuple[int, int, int, bool], ...]
    source_line_starts: tuple[int, ...]
    text_length: int
    _starts: tuple[int, ...] = field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(s[0] for s in self.segments))

    def source_offset(self, offset: int) -> int:
        """The source offset of text offset ``offset`` (the end of the text maps past the last character)."""
        if not self.segments:
            return offset
        if offset >= self.text_length:
            ts, ss, n, copied = self.segments[-1]
            return ss + (n if copied else 1)
        i = max(0, bisect.bisect_right(self._starts, offset) - 1)
        ts, ss, n, copied = self.segments[i]
        return ss + min(offset - ts, n) if copied else ss

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source span of the text span ``[start, end)``."""
        s = self.source_offset(start)
        e = self.source_offset(end - 1) + 1 if end > start else s
        return s, max(s, e)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column in the source of text offset ``offset``."""
        src = self.source_offset(offset)
        k = max(0, bisect.bisect_right(self.source_line_starts, src) - 1)
        return k + 1, src - self.source_line_starts[k] + 1


def line_starts(text: str) -> tuple[int, ...]:
    """Offsets where the lines of ``text`` start."""
    starts = [0]
    i = text.find("\n")
    while i >= 0:
        starts.append(i + 1)
        i = text.find("\n", i + 1)
    return tuple(starts)


class TextBuilder:
    """Accumulates a text and its :class:`SourceMap`."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._segments: list[tuple[int, int, int, bool]] = []
        self.length = 0

    def copy(self, s: str, source_start: int) -> None:
        """Append ``s``, which stands verbatim at ``source_start`` in the source."""
        if not s:
            return
        last = self._segments[-1] if self._segments else None
        if last and last[3] and last[0] + last[2] == self.length and last[1] + last[2] == source_start:
            self._segments[-1] = (last[0], last[1], last[2] + len(s), True)  # extend a contiguous copy
        else:
            self._segments.append((self.length, source_start, len(s), True))
        self._parts.append(s)
        self.length += len(s)

    def make(self, s: str, source_at: int) -> None:
        """Append made-up text ``s`` that stands for the source at ``source_at``."""
        if not s:
            return
        self._segments.append((self.length, source_at, len(s), False))
        self._parts.append(s)
        self.length += len(s)

    def drop_last(self, n: int) -> None:
        """Remove the last ``n`` characters (they must lie in the last appended piece)."""
        if n <= 0:
            return
        last = self._parts[-1]
        if len(last) < n:
            raise ValueError("drop_last: more than the last piece")
        self._parts[-1] = last[: len(last) - n]
        ts, ss, length, copied = self._segments[-1]
        if length - n > 0:
            self._segments[-1] = (ts, ss, length - n, copied)
        else:
            self._segments.pop()
        self.length -= n

    def endswith(self, suffix: str) -> bool:
        tail = "".join(self._parts[-4:])
        return tail.endswith(suffix) if tail else suffix == ""

    def ensure_break(self, source_at: int, newlines: int = 2) -> None:
        """End the current paragraph with ``newlines`` line breaks (none at the very start)."""
        if self.length == 0:
            return
        tail = "".join(self._parts[-4:])
        have = len(tail) - len(tail.rstrip("\n"))
        if have < newlines:
            self.make("\n" * (newlines - have), source_at)

    def text(self) -> str:
        return "".join(self._parts)

    def build(self, source_line_starts: tuple[int, ...]) -> tuple[str, SourceMap]:
        text = self.text()
        return text, SourceMap(tuple(self._segments), source_line_starts, len(text))
