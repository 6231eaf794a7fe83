"""DOCX: body, footnotes and endnotes, read with zipfile + lxml and nothing else.

* Text of ``word/document.xml`` paragraphs (tables and content controls
  included); ``word/footnotes.xml`` and ``word/endnotes.xml`` give the notes,
  numbered as Word numbers them: footnotes 1, 2, … in order of reference,
  endnotes after them.
* Tracked changes are taken as accepted (``w:ins``/``w:moveTo`` kept,
  ``w:del``/``w:moveFrom`` dropped); field codes dropped, field results and
  hyperlinks kept as text.
* Positions: a DOCX has no lines, so ``line`` is the paragraph's number —
  body paragraphs first, then footnote paragraphs, then endnote paragraphs, as
  :func:`paragraphs` lists them — and ``column`` the character within it.
* Safety: the XML parser resolves no entities, loads no DTD and never touches
  the network; zip members are size-checked before they are read (zip bombs are
  refused); a corrupt or truncated file is a clear :class:`InputError`.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from ..errors import InputError
from .base import TextBuilder
from .text import MAX_BYTES, LoadedText

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: Largest uncompressed size of one XML part read (bytes).
MAX_PART = 64 * 1024 * 1024
#: Largest compression ratio accepted for a part (a zip bomb's is in the thousands).
MAX_RATIO = 200
_PARTS = {"body": "word/document.xml", "footnote": "word/footnotes.xml", "endnote": "word/endnotes.xml"}


def is_docx(data_head: bytes) -> bool:
    return data_head.startswith(b"PK\x03\x04")


def _read_part(zf: zipfile.ZipFile, name: str, source: str) -> bytes | None:
    try:
        info = zf.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART:
        raise InputError(source, f"{name} would be {info.file_size:,} bytes uncompressed; the limit is {MAX_PART:,}")
    if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 1_000_000:
        raise InputError(source, f"{name} is compressed {info.file_size // info.compress_size}:1 — refused as a possible zip bomb")
    try:
        with zf.open(info) as fh:
            data = fh.read(MAX_PART + 1)
    except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, ValueError, zlib.error) as exc:
        raise InputError(source, f"{name} cannot be read (the file is damaged or truncated: {exc})") from None
    if len(data) > MAX_PART:
        raise InputError(source, f"{name} is larger than declared; refused")
    return data


def _parse_xml(data: bytes, name: str, source: str):
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False, recover=False)
    try:
        return etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        line = getattr(exc, "lineno", None)
        raise InputError(source, f"{name} is not well-formed XML (line {line}: {exc.msg})") from None


class _Para:
    __slots__ = ("part", "note_id", "text", "refs")

    def __init__(self, part: str, note_id: str | None) -> None:
        self.part = part
        self.note_id = note_id
        self.text = ""
        self.refs: list[tuple[int, str, str]] = []  # (offset in text, "footnote"|"endnote", id)


def _paragraph(p, part: str, note_id: str | None) -> _Para:
    out = _Para(part, note_id)
    buf: list[str] = []
    length = 0

    def walk(el, dropped: bool) -> None:
        nonlocal length
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == W + "p":
                continue  # a nested paragraph (text box): listed on its own
            if tag in (W + "del", W + "moveFrom"):
                walk(child, True)
                continue
            if tag in (W + "instrText", W + "delText", W + "footnoteRef", W + "endnoteRef", W + "rPr", W + "pPr"):
                continue
            if not dropped:
                if tag == W + "t":
                    # the text, and the text after any (unexpanded) entity reference inside
                    t = (child.text or "") + "".join(x.tail or "" for x in child)
                    buf.append(t)
                    length += len(t)
                elif tag == W + "tab":
                    buf.append("\t")
                    length += 1
                elif tag in (W + "br", W + "cr"):
                    buf.append("\n")
                    length += 1
                elif tag == W + "noBreakHyphen":
                    buf.append("-")
                    length += 1
                elif tag in (W + "footnoteReference", W + "endnoteReference"):
                    kind = "footnote" if tag == W + "footnoteReference" else "endnote"
                    out.refs.append((length, kind, child.get(W + "id") or ""))
            walk(child, dropped)

    walk(p, False)
    out.text = "".join(buf)
    return out


def paragraphs(path: str | Path) -> list[_Para]:
    """Every paragraph of a DOCX, in the order that gives ``line`` its meaning."""
    source = str(path)
    try:
        zf = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise InputError(source, "no such file") from None
    except IsADirectoryError:
        raise InputError(source, "is a directory, not a file") from None
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise InputError(source, f"not a readable DOCX (zip) file: {exc}") from None
    with zf:
        total = sum(i.file_size for i in zf.infolist())
        if total > 4 * MAX_BYTES:
            raise InputError(source, f"the archive would unpack to {total:,} bytes — refused as a possible zip bomb")
        paras: list[_Para] = []
        for part, name in _PARTS.items():
            data = _read_part(zf, name, source)
            if data is None:
                if part == "body":
                    raise InputError(source, "no word/document.xml: not a Word document")
                continue
            root = _parse_xml(data, name, source)
            if part == "body":
                body = root.find(W + "body")
                for p in (body if body is not None else root).iter(W + "p"):
                    paras.append(_paragraph(p, part, None))
            else:
                for note in root.iter(W + part):
                    if note.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
                        continue
                    nid = note.get(W + "id") or ""
                    for p in note.iter(W + "p"):
                        paras.append(_paragraph(p, part, nid))
    return paras


def load_docx(path: str | Path) -> LoadedText:
    """Load a DOCX into a :class:`LoadedText` with explicit notes and markers."""
    paras = paragraphs(path)
    # the synthetic "source": paragraphs one per line, so that (line, column) = (paragraph, character)
    src_starts: list[int] = []
    pos = 0
    for p in paras:
        src_starts.append(pos)
        pos += len(p.text) + 1
    src_line_starts = tuple(src_starts) or (0,)

    # Word's numbering: footnotes 1, 2, … in order of reference, then the endnotes
    numbers: dict[tuple[str, str], int] = {}
    for kind_wanted in ("footnote", "endnote"):
        for p in paras:
            if p.part == "body":
                for _, kind, nid in p.refs:
                    if kind == kind_wanted:
                        numbers.setdefault((kind, nid), len(numbers) + 1)
    b = TextBuilder()
    markers: list[tuple[int, int, int]] = []
    for p, at in zip(paras, src_starts):
        if p.part != "body":
            continue
        prev = 0
        for off, kind, nid in p.refs:
            b.copy(p.text[prev:off], at + prev)
            prev = off
            n = numbers[(kind, nid)]
            s = b.length
            b.make(str(n), at + off)
            markers.append((s, b.length, n))
        b.copy(p.text[prev:], at + prev)
        b.make("\n\n", at + len(p.text))
    notes_text: dict[int, list[tuple[str, int]]] = {}
    for p, at in zip(paras, src_starts):
        if p.part == "body":
            continue
        n = numbers.get((p.part, p.note_id or ""))
        if n is None:
            n = numbers.setdefault((p.part, p.note_id or ""), len(numbers) + 1)
        notes_text.setdefault(n, []).append((p.text, at))
    notes: list[tuple[int, int, int]] = []
    region = None
    if notes_text:
        region_start = b.length
        for n in sorted(notes_text):
            pieces = [(t, a) for t, a in notes_text[n]]
            b.make(f"{n}. ", pieces[0][1])
            s = b.length
            for k, (t, a) in enumerate(pieces):
                if k:
                    b.make("\n", a)
                lead = len(t) - len(t.lstrip())
                b.copy(t[lead:] if k == 0 else t, a + (lead if k == 0 else 0))
            notes.append((n, s, b.length))
            b.make("\n", pieces[-1][1] + len(pieces[-1][0]))
        region = (region_start, b.length)
    text, smap = b.build(src_line_starts)
    return LoadedText(
        str(path), text, smap, "docx",
        notes=tuple(notes) if notes_text else None,
        markers=tuple(markers) if notes_text else None,
        notes_region=region,
        char_offsets=False,
    )

