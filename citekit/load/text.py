"""Plain UTF-8 text: decoding, BOM and newline handling, clear errors."""

from __future__ import annotations

import bisect
import os
from pathlib import Path
from typing import Any

from attrs import frozen

from ..errors import InputError

#: Largest input read at all (bytes); larger files are refused with a clear error.
MAX_BYTES = 200 * 1024 * 1024


@frozen
class OffsetMap:
    """Maps offsets in the loaded text to 1-based (line, column) in the source file.

    For plain text the loaded text differs from the file only by a removed BOM
    and CRLF/CR turned into LF, so line numbers are those of the text itself.
    """

    line_starts: tuple[int, ...]

    @classmethod
    def for_text(cls, text: str) -> "OffsetMap":
        from .base import line_starts

        return cls(line_starts(text))

    def source_offset(self, offset: int) -> int:
        """Plain text is its own source."""
        return offset

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        return start, end

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of ``offset``."""
        i = bisect.bisect_right(self.line_starts, offset) - 1
        return i + 1, offset - self.line_starts[i] + 1


@frozen
class LoadedText:
    """A loaded source: the text citekit reads and the map back to the file.

    Formats that mark their notes (Markdown footnotes, HTML footnote lists,
    DOCX footnotes) also give them: ``notes`` as ``(number, start, end)``,
    ``markers`` as ``(start, end, number)`` and the ``notes_region`` where the
    loader put the note bodies; ``None`` means "find them in the text".
    ``keyed`` are the spans of already-keyed citations (pandoc ``[@key]``).
    ``char_offsets`` tells whether source offsets are character offsets into a
    text file (false for DOCX, whose positions are paragraph and column).
    """

    source: str
    text: str
    offset_map: Any
    format: str = "text"
    notes: tuple[tuple[int, int, int], ...] | None = None
    markers: tuple[tuple[int, int, int], ...] | None = None
    notes_region: tuple[int, int] | None = None
    keyed: tuple[tuple[int, int], ...] = ()
    char_offsets: bool = True


def decode_bytes(data: bytes, source: str) -> str:
    """Decode UTF-8 (BOM allowed) and normalise newlines to LF.

    Raises :class:`InputError` naming the byte offset of the first invalid
    byte, or saying the file is binary when it holds NUL bytes.
    """
    if b"\x00" in data[:1 << 20] or b"\x00" in data:
        first = data.find(b"\x00")
        raise InputError(source, f"looks like a binary file (NUL byte at byte offset {first}); citekit reads UTF-8 text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            source,
            f"not valid UTF-8: byte 0x{data[exc.start]:02x} at byte offset {exc.start} (line {line}); "
            "re-save the file as UTF-8",
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def load_text(path_or_text: str | os.PathLike[str], *, is_text: bool | None = None) -> LoadedText:
    """Load a UTF-8 text file, or wrap a string that is already text.

    A ``str`` containing a newline, or longer than a path can be, is taken as
    text; otherwise it is a path.  Pass ``is_text`` to decide explicitly.
    """
    if isinstance(path_or_text, str) and (is_text or (is_text is None and _looks_like_text(path_or_text))):
        text = path_or_text.lstrip("\ufeff")
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        return LoadedText("<text>", text, OffsetMap.for_text(text))
    path = Path(path_or_text)
    source = str(path)
    data = read_bytes(path)
    text = decode_bytes(data, source)
    return LoadedText(source, text, OffsetMap.for_text(text))


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    """Read a file's bytes with clear errors for the usual mistakes."""
    source = str(path)
    if not path.exists():
        raise InputError(source, "no such file")
    if path.is_dir():
        raise InputError(source, "is a directory, not a file")
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(source, f"file is {size:,} bytes; the limit is {limit:,}")
        with path.open("rb") as fh:
            return fh.read(limit + 1)
    except PermissionError:
        raise InputError(source, "permission denied") from None
    except OSError as exc:
        raise InputError(source, f"cannot be read: {exc.strerror or exc}") from None


def _looks_like_text(s: str) -> bool:
    return "\n" in s or len(s) > 4096 or not s.strip()
