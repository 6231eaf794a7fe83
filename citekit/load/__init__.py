"""Loading sources into text: the first stage of the pipeline.

:func:`load_text` reads a file (or takes a string) and returns the decoded,
newline-normalised text plus an :class:`OffsetMap` back to the source.  Other
input formats (Markdown, HTML, DOCX) plug in here.
"""

from __future__ import annotations

from .text import MAX_BYTES, LoadedText, OffsetMap, decode_bytes, load_text

__all__ = ["MAX_BYTES", "LoadedText", "OffsetMap", "decode_bytes", "load_text"]
