"""HTML: visible text, footnote markers and footnote bodies, positions in the file.

lxml.html parses the page (network off, no entity expansion beyond HTML's own);
the text of every element is then located in the file by a small scanner that
knows where each character of the visible text stands (tags skipped, entities
decoded), so every offset of the loaded text maps to a line and column of the
user's file.

Footnotes, in the forms pandoc, Word and marxists.org write them: a link to an
anchor further down the page (``<a href="#fn1">``, often in ``<sup>``; on
marxists.org ``<a name="f1" href="#n1"><sup>[1]</sup></a>``) whose target lies in
a note (an ``<li>`` of ``<section class="footnotes">``/``<div class="footnotes">``,
or a ``<p class="endnote">``).  Back-links (``↩``, or the note's own ``[1]``
pointing back up) are dropped.  Scripts, styles, templates and navigation
(``<nav>``, ``role="navigation"``) are ignored.
"""

from __future__ import annotations

import bisect
import codecs
import html as _html
import re
from pathlib import Path
from typing import Iterator

from ..errors import InputError
from .base import TextBuilder, line_starts
from .text import LoadedText, read_bytes
from ..patterns import LazyPattern  # compiled at first use: a text in another format does not pay for these

#: Elements whose content is never prose.
_SKIP = {"script", "style", "template", "noscript", "nav", "head", "button", "select", "textarea", "svg", "math"}
#: Elements that end a paragraph.
_BLOCK = {
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "section", "article", "table",
    "tr", "td", "th", "dd", "dt", "dl", "pre", "hr", "header", "footer", "aside", "figure", "figcaption", "main",
    "address", "center",
}
#: Where a note's body lives, around its anchor.
_NOTE_CONTAINERS = {"li", "p", "div", "aside", "dd", "td", "section"}
#: A footnote reference's text: 3, [3], (3), 3), superscript digits.
_REF_TEXT = LazyPattern(r"^\s*[\[(]?\s*(?P<n>\d{1,4}|[\u00b9\u00b2\u00b3\u2070-\u2079]{1,4})\s*[\])]?\s*$")
#: Superscript digits to ASCII digits.
_SUPERSCRIPT_DIGITS = str.maketrans("\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079", "0123456789")
#: A back-link's text.
_BACKLINK_TEXT = LazyPattern(r"^\s*(?:[\u21a9\u2191^]\ufe0e?\ufe0f?|\[?\d{1,4}\]?\.?|back|return)\s*$", re.IGNORECASE)
#: An entity reference.
_ENTITY = LazyPattern(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
#: A charset declared in the first bytes.
_CHARSET = LazyPattern(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
#: Elements whose content the raw scanner skips (as lxml does not report it as text).
_RAW_SKIP = ("script", "style", "template", "textarea", "title")


#: Deepest element nesting handed to lxml (libxml2 refuses 256 without huge_tree, which stays off).
MAX_DEPTH = 200
#: A start or end tag for :func:`flatten_deep` (attributes bounded; no nested quantifiers).
_TAG = re.compile(r"<(?P<end>/?)(?P<name>[A-Za-z][A-Za-z0-9]{0,20})\b[^<>]{0,4000}>")
#: Elements that never hold content (no end tag).
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}


def flatten_deep(src: str, limit: int = MAX_DEPTH) -> tuple[str, int]:
    """``src`` with the start and end tags of elements nested deeper than ``limit`` removed
    (a block element's tag becomes ``<br>``, so its paragraphs stay apart; text is kept).

    One left-to-right pass with a stack of open element names (an end tag closes up to its
    match, as browsers do).  Returns ``(html, tags removed)``.  Used only when libxml2 reports
    "Excessive depth" (issue 13: HTML nested deeper than ~255 elements was dropped silently).
    """
    out: list[str] = []
    stack: list[str] = []
    pos = removed = 0
    broke = False
    for m in _TAG.finditer(src):
        name = m.group("name").lower()
        if name in _VOID:
            continue
        if m.group("end"):
            if name not in stack:
                continue
            depth = len(stack)
            while stack and stack.pop() != name:
                depth -= 1
            if depth <= limit:
                continue
        else:
            stack.append(name)
            if len(stack) <= limit:
                continue
        between = src[pos : m.start()]
        out.append(between)
        if name in _BLOCK and (between.strip() or not broke):  # one break between two texts, not one per tag
            out.append("<br>")
            broke = True
        elif between.strip():
            broke = False
        pos = m.end()
        removed += 1
    out.append(src[pos:])
    return "".join(out), removed


def looks_like_html(data: str) -> bool:
    head = data[:4096].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in data[:20000].lower() or bool(
        re.search(r"<(?:p|div|body|br)\b[^>]*>", data[:4096], re.IGNORECASE)
    )


def decode_html(data: bytes, source: str) -> str:
    """Decode an HTML file: UTF-8 (BOM allowed), else its declared charset, else Windows-1252."""
    if b"\x00" in data:
        first = data.find(b"\x00")
        raise InputError(source, f"looks like a binary file (NUL byte at byte offset {first})")
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        m = _CHARSET.search(data[:4096])
        enc = m.group(1).decode("ascii") if m else "windows-1252"
        try:
            text = data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            text = data.decode("windows-1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_html(path, *, text: str | None = None, source: str | None = None) -> LoadedText:
    """Load an HTML file (or ``text``) into a :class:`LoadedText` with explicit notes."""
    if text is None:
        source = str(path)
        text = decode_html(read_bytes(Path(path)), source)
    source = source or "<html>"
    return _Converter(text, source).run()


# --- where each visible character stands in the file ----------------------------------------


class _Stream:
    """The file's visible characters in order (tags skipped, entities decoded), mapped back."""

    def __init__(self, src: str) -> None:
        parts: list[str] = []
        segs: list[tuple[int, int, int, bool]] = []  # (stream start, src start, length, copied)
        n = len(src)
        low = src.lower()
        i = 0
        length = 0
        next_lt = src.find("<")
        next_amp = src.find("&")
        while i < n:
            if next_lt != -1 and next_lt < i:
                next_lt = src.find("<", i)
            if next_amp != -1 and next_amp < i:
                next_amp = src.find("&", i)
            cands = [p for p in (next_lt, next_amp) if p != -1]
            j = min(cands) if cands else n
            if j > i:
                segs.append((length, i, j - i, True))
                parts.append(src[i:j])
                length += j - i
            if j >= n:
                break
            if src[j] == "&":
                m = _ENTITY.match(src, j)
                decoded = _html.unescape(m.group(0)) if m else "&"
                if m and decoded != m.group(0):
                    segs.append((length, j, len(decoded), False))
                    parts.append(decoded)
                    length += len(decoded)
                    i = m.end()
                else:
                    segs.append((length, j, 1, True))
                    parts.append("&")
                    length += 1
                    i = j + 1
                continue
            # "<": a comment, a declaration, a skipped element, a tag, or a literal "<"
            if src.startswith("<!--", j):
                k = src.find("-->", j + 4)
                i = n if k < 0 else k + 3
                continue
            tag = re.match(r"<([A-Za-z][A-Za-z0-9:-]{0,30})", src[j : j + 33])
            if tag and tag.group(1).lower() in _RAW_SKIP:
                close = low.find("</" + tag.group(1).lower(), j + 1)
                k = src.find(">", close) if close >= 0 else -1
                i = n if k < 0 else k + 1
                continue
            if tag or src.startswith(("</", "<!", "<?"), j):
                k = src.find(">", j)
                i = n if k < 0 else k + 1
                continue
            segs.append((length, j, 1, True))
            parts.append("<")
            length += 1
            i = j + 1
        self.text = "".join(parts)
        self.segs = segs
        self.starts = [s[0] for s in segs]
        self.src_line_starts = line_starts(src)

    def pieces(self, start: int, end: int) -> Iterator[tuple[str, int, bool]]:
        """(text, source offset, copied) pieces of stream ``[start, end)``."""
        k = max(0, bisect.bisect_right(self.starts, start) - 1)
        while k < len(self.segs) and start < end:
            ts, ss, n, copied = self.segs[k]
            if ts + n <= start:
                k += 1
                continue
            a = max(start, ts)
            b = min(end, ts + n)
            yield self.text[a:b], (ss + (a - ts) if copied else ss), copied
            start = b
            k += 1


# --- the tree ----------------------------------------------------------------------------------


class _Converter:
    def __init__(self, src: str, source: str) -> None:
        self.src = src
        self.source = source
        self.stream = _Stream(src)
        self.cursor = 0
        self.b = TextBuilder()
        self.markers: list[tuple[int, int, int]] = []
        self.src_lines = self.stream.src_line_starts

    def run(self) -> LoadedText:
        from lxml import etree, html as lhtml

        parser = lhtml.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, recover=True, huge_tree=False)
        cleaned = re.sub(r"^\s*<\?xml[^>]*\?>", "", self.src, count=1)  # lxml refuses a declared encoding in a str
        if not cleaned.strip():
            text, smap = self.b.build(self.src_lines)
            return LoadedText(self.source, text, smap, "html")
        try:
            root = lhtml.document_fromstring(cleaned, parser=parser)
            if any("Excessive depth" in e.message for e in parser.error_log):
                # libxml2 stops at 256 open elements (huge_tree stays off) and drops the rest of
                # the page without a word; the elements below MAX_DEPTH are unwrapped instead
                # (their text kept: the visible text comes from the file itself)
                parser = lhtml.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, recover=True, huge_tree=False)
                root = lhtml.document_fromstring(flatten_deep(cleaned)[0], parser=parser)
                if any("Excessive depth" in e.message for e in parser.error_log):
                    raise InputError(self.source, f"HTML nested deeper than {MAX_DEPTH} elements could not be read")
        except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
            if "empty" in str(exc).lower():  # only comments, or nothing visible: no text
                text, smap = self.b.build(self.src_lines)
                return LoadedText(self.source, text, smap, "html")
            raise InputError(self.source, f"cannot parse as HTML: {exc}") from None
        self.order = {el: i for i, el in enumerate(root.iter())}
        targets: dict[str, object] = {}
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            for attr in ("id", "name"):
                v = el.get(attr)
                if v and v not in targets:
                    targets[v] = el
        self.note_of: dict[object, int] = {}  # note container -> number
        self.ref_number: dict[object, int] = {}  # footnote reference element -> number
        self.backlinks: set[object] = set()
        count = 0
        for a in root.iter("a"):
            href = (a.get("href") or "").strip()
            if not href.startswith("#") or len(href) < 2:
                continue
            t = targets.get(href[1:])
            if t is None:
                # a footnote reference whose note is missing: still a marker
                if self._is_ref(a) and re.search(r"footnote|noteref|fnref", a.get("class") or "", re.IGNORECASE):
                    m = _REF_TEXT.match(a.text_content() or "")
                    if m:  # "3" or superscript "³" (int() refuses the latter untranslated)
                        self.ref_number[a] = int(m.group("n").translate(_SUPERSCRIPT_DIGITS))
                continue
            if self.order[t] < self.order[a]:
                self.backlinks.add(a)  # points back up: a note's link to its marker
                continue
            if not self._is_ref(a):
                continue
            container = self._container(t)
            if container is None or self._inside(a, container):
                continue
            m = _REF_TEXT.match(a.text_content() or "")
            if m:
                digits = m.group("n").translate(str.maketrans("\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079", "0123456789"))
                n = int(digits)
            else:
                count += 1
                n = count
            count = max(count, n)
            self.ref_number[a] = n
            self.note_of.setdefault(container, n)
        self.saved_cursor: dict[object, int] = {}
        body = root.find("body")
        self._walk(body if body is not None else root, in_note=False)
        return self._finish()

    # a footnote reference: a number-like link, or one marked as a note reference
    def _is_ref(self, a) -> bool:
        cls = (a.get("class") or "") + " " + (a.get("role") or "") + " " + (a.get("epub:type") or "")
        if re.search(r"footnote|noteref|fnref|endnote|enote", cls, re.IGNORECASE):
            return True
        return bool(_REF_TEXT.match(a.text_content() or ""))

    def _container(self, t):
        el = t
        for _ in range(6):
            if el is None or el.tag in ("body", "html"):
                return None
            if el.tag in _NOTE_CONTAINERS and len(el.text_content() or "") < 20_000:
                if el.tag in ("section", "div") and len(el.findall(".//li")) + len(el.findall(".//p")) > 1:
                    return None  # the whole footnotes section, not one note
                return el
            el = el.getparent()
        return None

    @staticmethod
    def _inside(el, container) -> bool:
        while el is not None:
            if el is container:
                return True
            el = el.getparent()
        return False

    def _skipped(self, el) -> bool:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag.lower() in _SKIP:
            return True
        role = (el.get("role") or "").lower()
        return role == "navigation" or el.get("hidden") is not None or el.get("aria-hidden") == "true" and tag != "a"

    # --- text out --------------------------------------------------------------------------

    def _text(self, s: str | None, el) -> None:
        """Emit a text node, mapped to where it stands in the file."""
        if not s:
            return
        k = self.stream.text.find(s, self.cursor)
        if k < 0 or k - self.cursor > 200_000:
            # not found verbatim (the parser fixed something): map to the element's line
            line = getattr(el, "sourceline", None) or 1
            at = self.src_lines[min(line, len(self.src_lines)) - 1]
            self._emit_collapsed(s, at)
            return
        self.cursor = k + len(s)
        for piece, at, copied in self.stream.pieces(k, k + len(s)):
            if copied:
                self._emit_collapsed(piece, at, copied=True)
            else:
                self._emit_collapsed(piece, at)

    def _emit_collapsed(self, s: str, at: int, copied: bool = False) -> None:
        """Emit ``s`` with each run of white space made one space (HTML's rendering)."""
        pos = 0
        for m in re.finditer(r"[\s\u00a0]+", s):
            if m.start() > pos:
                (self.b.copy if copied else self.b.make)(s[pos : m.start()], at + pos if copied else at)
            if not (self.b.length == 0 or self.b.endswith(" ") or self.b.endswith("\n")):
                self.b.make(" ", at + m.start() if copied else at)
            pos = m.end()
        if pos < len(s):
            (self.b.copy if copied else self.b.make)(s[pos:], at + pos if copied else at)

    def _walk(self, el, *, in_note: bool) -> None:
        for child in self._children_with_text(el):
            if isinstance(child, str):
                self._text(child, el)
                continue
            node, tail = child
            self._node(node, in_note=in_note)
            self._text(tail, node)

    def _children_with_text(self, el):
        yield el.text or ""
        for c in el:
            yield (c, c.tail or "")

    def _node(self, el, *, in_note: bool) -> None:
        if not isinstance(el.tag, str):
            return
        tag = el.tag.lower()
        if self._skipped(el):
            self._advance_past(el)
            return
        if not in_note and el in self.note_of:
            self.saved_cursor[el] = self.cursor
            self._advance_past(el)
            return
        if el in self.ref_number and not in_note:
            n = self.ref_number[el]
            at = self._locate(el)
            start = self.b.length
            self.b.make(str(n), at)
            self.markers.append((start, self.b.length, n))
            self._advance_past(el)
            return
        if in_note and el in self.backlinks and _BACKLINK_TEXT.match(el.text_content() or ""):
            self._advance_past(el)
            return
        if tag == "br":
            self.b.make("\n", self._locate(el))
            return
        block = tag in _BLOCK
        if block:
            self.b.ensure_break(self._locate(el), 1 if in_note else 2)
        self._walk(el, in_note=in_note)
        if block:
            self.b.ensure_break(self._locate(el), 1 if in_note else 2)

    def _locate(self, el) -> int:
        """A source offset for an element (its first text if found, else its line)."""
        k = self.stream.text.find(el.text or "", self.cursor) if el.text else -1
        if k >= 0 and el.text:
            for _, at, _ in self.stream.pieces(k, k + 1):
                return at
        line = getattr(el, "sourceline", None) or 1
        return self.src_lines[min(line, len(self.src_lines)) - 1]

    def _advance_past(self, el) -> None:
        """Move the stream cursor past an element that is not emitted here."""
        s = el.text_content() if isinstance(el.tag, str) else ""
        if s and s.strip():
            k = self.stream.text.find(s, self.cursor)
            if 0 <= k and k - self.cursor < 200_000:
                self.cursor = k + len(s)

    def _finish(self) -> LoadedText:
        raw_notes: list[tuple[int, int, int]] = []
        region = None
        if self.note_of:
            self.b.ensure_break(len(self.src), 2)
            region_start = self.b.length
            for container, n in sorted(self.note_of.items(), key=lambda x: (x[1], self.order[x[0]])):
                self.cursor = self.saved_cursor.get(container, 0)
                self.b.make(f"{n}. ", self._locate(container))
                body_start = self.b.length
                self._walk(container, in_note=True)
                raw_notes.append((n, body_start, self.b.length))
                self.b.ensure_break(len(self.src), 1)
            region = (region_start, self.b.length)
        text, smap = self.b.build(self.src_lines)
        notes = []
        for n, s, e in raw_notes:  # trim what the walk left at the edges
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                notes.append((n, s, e))
        return LoadedText(
            self.source, text, smap, "html",
            notes=tuple(notes) if self.note_of else None,
            markers=tuple(self.markers) if self.note_of else None,
            notes_region=region,
        )
