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


#: Byte-order marks of the UTF-16 and UTF-32 encodings, longest first (UTF-32-LE's begins
#: with UTF-16-LE's), and the codec that reads the text after them (Unicode 15.0 §23.8).
_WIDE_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
              (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def _wide_without_bom(data: bytes) -> str | None:
    """"UTF-16" (or "UTF-32") when ``data`` reads as that encoding saved without a byte-order
    mark — Latin text whose every second (fourth) byte is NUL: in the first 4,096 bytes, NUL at
    over 90 % of the odd or of the even offsets and at under 10 % of the others — else None."""
    head = data[:4096]
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    for a, b in ((even, odd), (odd, even)):
        if a.count(0) > 0.9 * len(a) and b.count(0) < 0.1 * len(b):
            return "UTF-16"
    quads = [head[i::4] for i in range(4)]
    if sum(q.count(0) > 0.9 * len(q) for q in quads) == 3:
        return "UTF-32"
    return None


def decode_bytes(data: bytes, source: str) -> str:
    """Decode UTF-8 (BOM allowed) and normalise newlines to LF.

    UTF-16 and UTF-32 with a byte-order mark (what Windows Notepad and Word save as "Unicode")
    are decoded as such.  Raises :class:`InputError` naming the byte offset of the first invalid
    byte, saying the file looks like UTF-16/UTF-32 text when it is that without a byte-order
    mark, or saying it is binary when it holds other NUL bytes.
    """
    for bom, codec in _WIDE_BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(source, f"not valid {codec.upper()} (byte-order mark at the start): bad data at byte offset "
                                         f"{exc.start + len(bom)}; re-save the file as UTF-8") from None
            return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
    if b"\x00" in data[:1 << 20] or b"\x00" in data:
        wide = _wide_without_bom(data)
        if wide:
            raise InputError(source, f"looks like {wide} text without a byte-order mark; re-save it as UTF-8")
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

    A ``str`` is text or a path by :func:`_looks_like_text` (a newline, an existing
    file, a one-word name ending in ``.txt``/``.md``/…); pass ``is_text`` to decide
    explicitly.  Errors: :class:`InputError` only (see :func:`read_bytes`).
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
    """Read a file's bytes with clear errors for the usual mistakes.

    ``path``: a regular file (symlinks followed).  ``limit``: the most bytes read (default
    :data:`MAX_BYTES`).  Raises :class:`InputError` for a missing file, a directory, a FIFO,
    a socket or a device (``/dev/zero``, ``/dev/stdin``: opened without blocking and refused
    from ``fstat``, so a FIFO nobody writes to never hangs the run; stdin is ``-`` on the
    command line), a file over ``limit`` and any ``OSError`` (permission, a name too long).
    """
    source = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise InputError(source, "no such file") from None
    except IsADirectoryError:
        raise InputError(source, "is a directory, not a file") from None
    except PermissionError:
        if os.path.isdir(path):
            raise InputError(source, "is a directory, not a file") from None
        raise InputError(source, "permission denied") from None
    except OSError as exc:
        raise InputError(source, f"cannot be read: {exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)
        kind = _not_regular(st.st_mode)
        if kind == "a directory":
            raise InputError(source, "is a directory, not a file")
        if kind:
            raise InputError(source, f"is {kind}, not a regular file; citekit reads files (give - to read stdin)")
        if st.st_size > limit:
            raise InputError(source, f"file is {st.st_size:,} bytes; the limit is {limit:,}")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(limit + 1)
        if len(data) > limit:
            raise InputError(source, f"file is over {limit:,} bytes, the limit")
        return data
    except OSError as exc:
        raise InputError(source, f"cannot be read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _not_regular(mode: int) -> str:
    """What a non-regular file is, in words (``""`` for a regular file); from ``stat.S_IS*``."""
    import stat

    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def check_regular(path: str | os.PathLike[str]) -> None:
    """Raise :class:`InputError` unless ``path`` names an existing regular file (symlinks
    followed): missing, a directory, a FIFO, a socket or a device are refused without opening
    it, so nothing blocks.  Used before a DOCX is opened as a zip and for CLI arguments."""
    source = str(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError(source, "no such file") from None
    except OSError as exc:
        raise InputError(source, f"cannot be read: {exc.strerror or exc}") from None
    kind = _not_regular(st.st_mode)
    if kind == "a directory":
        raise InputError(source, "is a directory, not a file")
    if kind:
        raise InputError(source, f"is {kind}, not a regular file; citekit reads files (give - to read stdin)")


#: Extensions that make a one-word string a path even when no such file exists (it is then
#: "no such file", not the text ``chapter.txt``); the formats of docs/formats.md.
PATH_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".mdown", ".mkd", ".html", ".htm", ".xhtml", ".docx", ".pdf")


def _looks_like_text(s: str) -> bool:
    """Is the ``str`` ``s`` the text itself (True) or a path (False)?  The rule of
    :func:`citekit.extract` (docs/robustness.md): a newline, nothing but white space or over
    4,096 characters make it text; an existing file or directory makes it a path (the test
    never raises, whatever the length or a NUL byte); a one-word string under 1,024 characters
    ending in a readable extension (:data:`PATH_SUFFIXES`) is a path; anything else — a
    one-line citation of 256–4,096 characters, which the OS would refuse as a file name — is
    text, so no ``OSError`` ever escapes."""
    if "\n" in s or "\r" in s or len(s) > 4096 or not s.strip():
        return True
    try:
        if os.path.exists(s):
            return False
    except (OSError, ValueError):  # pragma: no cover - os.path.exists already swallows these
        return True
    one_word = s.strip() == s and " " not in s and len(s) < 1024
    return not (one_word and s.lower().endswith(PATH_SUFFIXES))
