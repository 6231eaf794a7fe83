"""Loading sources into text: the first stage of the pipeline.

:func:`load` reads a file (or takes a string) in any supported format and
returns a :class:`LoadedText`: the text citekit reads, a map from every offset
of it back to the user's file (line and column), and — for formats that mark
their notes (Markdown footnotes, HTML footnote lists, DOCX footnotes) — the
notes and markers themselves.

==========  =====================================  ===============================
format      chosen for                             module
==========  =====================================  ===============================
text        .txt and anything else                 :mod:`citekit.load.text`
markdown    .md .markdown, or pandoc footnotes     :mod:`citekit.load.markdown`
html        .html .htm .xhtml, or HTML content     :mod:`citekit.load.html`
docx        .docx, or a zip that holds one         :mod:`citekit.load.docx`
pdftext     a hard-wrapped .txt (text from a PDF)  :mod:`citekit.load.pdftext`
==========  =====================================  ===============================

``input_format`` forces one.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import InputError
from .base import SourceMap, TextBuilder
from .text import MAX_BYTES, LoadedText, OffsetMap, _looks_like_text, check_regular, decode_bytes, load_text, read_bytes

FORMATS = ("text", "markdown", "html", "docx", "pdftext")

_EXTENSIONS = {
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".docx": "docx",
}


def detect_format(path: Path | None, head: bytes | str) -> str:
    """The format of a file from its extension, else from its first bytes."""
    if path is not None:
        fmt = _EXTENSIONS.get(path.suffix.lower())
        if fmt:
            return fmt
    if isinstance(head, bytes):
        if head.startswith(b"PK\x03\x04"):
            return "docx"
        head = head.decode("utf-8", errors="ignore")
    from .html import looks_like_html
    from .markdown import looks_like_markdown
    from .pdftext import looks_hard_wrapped

    if looks_like_html(head):
        return "html"
    if looks_like_markdown(head):
        return "markdown"
    if looks_hard_wrapped(head):
        return "pdftext"
    return "text"


def load(path_or_text: str | os.PathLike[str], *, input_format: str | None = None) -> LoadedText:
    """Load a file (or a string of text) in any supported format.

    ``path_or_text``: a path, or a ``str`` that is the text itself or a path by the rule of
    :func:`citekit.load.text._looks_like_text` (a long one-line citation is text, never an
    ``OSError``).  ``input_format``: one of :data:`FORMATS` (default: :func:`detect_format`).
    Errors: :class:`InputError` (missing, a directory/FIFO/device, too large, binary, bad
    UTF-8, an unknown ``input_format`` — the message lists the valid ones).
    """
    if input_format is not None and input_format not in FORMATS:
        raise InputError(None, f"unknown input format {input_format!r}; choose one of {', '.join(FORMATS)}")
    if isinstance(path_or_text, str) and _looks_like_text(path_or_text):
        plain = load_text(path_or_text, is_text=True)
        fmt = input_format or detect_format(None, plain.text[:400_000])
        return _from_text(plain, fmt)
    path = Path(path_or_text)
    if input_format == "docx" or (input_format is None and path.suffix.lower() == ".docx"):
        from .docx import load_docx

        _check_file(path)
        return load_docx(path)
    data = read_bytes(path)
    fmt = input_format or detect_format(path, data[:400_000])
    source = str(path)
    if fmt == "docx":
        from .docx import load_docx

        return load_docx(path)
    if fmt == "html":
        from .html import decode_html, load_html

        return load_html(path, text=decode_html(data, source), source=source)
    text = decode_bytes(data, source)
    return _from_text(LoadedText(source, text, OffsetMap.for_text(text)), fmt)


def _check_file(path: Path) -> None:
    """The usual clear errors (missing, a directory, a FIFO or device, too large) before a zip is opened."""
    check_regular(path)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(str(path), f"file is {size:,} bytes; the limit is {MAX_BYTES:,}")


def _from_text(plain: LoadedText, fmt: str) -> LoadedText:
    if fmt == "markdown":
        from .markdown import load_markdown

        return load_markdown(None, text=plain.text, source=plain.source)
    if fmt == "html":
        from .html import load_html

        return load_html(None, text=plain.text, source=plain.source)
    if fmt == "pdftext":
        from .pdftext import unwrap

        return unwrap(plain.text, plain.source)
    if fmt == "docx":
        raise InputError(plain.source, "a DOCX must be given as a file path")
    return plain


__all__ = [
    "FORMATS", "MAX_BYTES", "LoadedText", "OffsetMap", "SourceMap", "TextBuilder",
    "decode_bytes", "detect_format", "load", "load_text",
]
