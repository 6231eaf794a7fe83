"""Markdown (pandoc flavour): footnotes, inline notes and pandoc citations.

* ``text[^1]`` with a ``[^1]: body`` definition (continuation lines indented)
  and inline notes ``text^[body]`` become explicit notes, numbered in order of
  first reference as pandoc numbers them; the marker is written as its number.
* Pandoc citations ``[@key, p. 22]`` / ``[see @a; @b, 4]`` are kept in the text
  and reported as already-keyed spans.
* Emphasis delimiters, link targets, images, HTML comments and heading marks are
  dropped; everything else is copied, so positions map back character by character.
"""

from __future__ import annotations

import re

from .base import TextBuilder, line_starts
from .text import LoadedText, decode_bytes, read_bytes
from ..patterns import LazyPattern  # compiled at first use: a text in another format does not pay for these

#: A footnote definition line: ``[^id]: body``.
_DEFINITION = LazyPattern(r"^[ ]{0,3}\[\^(?P<id>[^\]\s]{1,100})\]:[ \t]?")
#: An indented continuation line of a definition.
_CONTINUATION = LazyPattern(r"^(?:[ ]{4}|\t)")
#: A heading's hashes, or a blockquote's ``>``: dropped.
_LINE_MARK = LazyPattern(r"^(?:[ ]{0,3}#{1,6}[ \t]+|[ ]{0,3}>[ \t]?)")
#: A fenced code block's fence.
_FENCE = LazyPattern(r"^[ ]{0,3}(?:```|~~~)")
#: Inline tokens, tried left to right (each alternative linear).
_INLINE = LazyPattern(
    r"""(?P<ref>\[\^(?P<rid>[^\]\s]{1,100})\])
       |(?P<inline>\^\[)
       |(?P<image>!\[[^\]\n]{0,500}\]\([^)\n]{0,1000}\))
       |(?P<link>\[(?P<ltext>[^\]\n]{0,500})\]\((?P<target>[^)\n]{0,1000})\))
       |(?P<comment><!--.*?-->)
       |(?P<escape>\\(?P<esc>[\\`*_{}\[\]()#+\-.!]))
       |(?P<dash>(?<![-!<])---?(?![->]))
       |(?P<emph>(?<![\w*])[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}(?![\w*]))""",
    re.VERBOSE | re.DOTALL,
)
#: A pandoc citation group in brackets: ``[@key]``, ``[see @key, p. 4; @other]``.
_PANDOC_GROUP = re.compile(r"\[(?P<inner>[^\[\]\n]{0,600}?-?@[A-Za-z0-9_][^\[\]\n]{0,600}?)\]")
#: A pandoc in-text (narrative) citation outside brackets: ``@key`` or ``-@key``, optionally with
#: a locator in brackets after one space, ``@key [ch. 3]`` (pandoc manual, "Citation syntax").
#: The key starts with a letter, digit or ``_``; inner punctuation ``:.#$%&-+?<>~/`` counts only
#: when a key character follows, so "… @Pipes1990Russian." ends before the full stop.  Not after
#: a word character or ``@`` (an e-mail address).  Each repetition consumes a character: linear.
_PANDOC_INTEXT = LazyPattern(
    r"(?<![\w@\[])-?@(?P<key>[A-Za-z0-9_](?:[A-Za-z0-9_]|[:.#$%&+?<>~/-](?=[A-Za-z0-9_])){0,100})"
    r"(?P<loc>[ ]\[(?![\^@])[^\[\]@\n]{1,200}\](?!\())?"
)
#: YAML front matter naming a bibliography or references: the document is written for pandoc.
_FRONT_BIB = LazyPattern(r"\A(?:\ufeff)?---[ \t]*\r?\n(?:[^\n]{0,2000}\n){0,200}?(?:bibliography|references):")
#: The YAML front matter block itself (``---`` … ``---`` or ``...`` at the very start; pandoc's
#: manual, "Extension: yaml_metadata_block"): metadata, not prose, so never scanned for
#: citations.  At most 1,000,000 characters; the lazy body tries each line end once: linear.
_FRONT_MATTER = LazyPattern(r"\A(?:\ufeff)?---[ \t]*\r?\n.{0,1000000}?\r?\n(?:---|\.\.\.)[ \t]*(?=\r?\n|\Z)", re.DOTALL)

#: A footnote reference, and a Markdown heading: evidence that a .txt is Markdown.
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]{1,100}\]")
_HEADING = re.compile(r"(?m)^#{1,6} \S")

#: Deepest bracket nesting followed inside an inline note.
_MAX_NEST = 64
#: Longest inline note (characters): the search for its end stops there (linear time).
_MAX_NOTE = 20_000


def looks_like_markdown(text: str) -> bool:
    """Pandoc footnotes or citations, or several Markdown headings/emphasis marks."""
    head = text[:200_000]
    if "[^" in head and _FOOTNOTE_REF.search(head) or "^[" in head:  # str scans first: this runs on every text
        return True
    if "@" in head and _PANDOC_GROUP.search(head):
        return True
    return "#" in head and len(_HEADING.findall(head)) >= 2


def load_markdown(path, *, text: str | None = None, source: str | None = None) -> LoadedText:
    """Load a Markdown file (or ``text``) into a :class:`LoadedText` with explicit notes."""
    if text is None:
        source = str(path)
        text = decode_bytes(read_bytes(path), source)
    source = source or "<markdown>"
    return _Converter(text, source).run()


class _Converter:
    def __init__(self, src: str, source: str) -> None:
        self.src = src
        self.source = source
        self.b = TextBuilder()
        self.order: dict[str, int] = {}  # footnote id -> number
        self.defs: dict[str, list[tuple[str, int]]] = {}  # id -> body pieces (text, source offset)
        self.inline_notes: dict[int, tuple[str, int]] = {}  # number -> (body, source offset)
        self.markers: list[tuple[int, int, int]] = []
        self.keyed: list[tuple[int, int]] = []

    # --- block level ---------------------------------------------------------------

    def run(self) -> LoadedText:
        lines = self.src.split("\n")
        pos = 0
        body_lines: list[tuple[str, int]] = []
        current: str | None = None
        in_fence = False
        front = _FRONT_MATTER.match(self.src)
        front_end = front.end() if front else 0
        for line in lines:
            start = pos
            pos += len(line) + 1
            if start < front_end:
                body_lines.append(("", start))  # metadata is not prose (bibio reads its bibliography/references)
                continue
            if _FENCE.match(line):
                in_fence = not in_fence
                body_lines.append(("", start))
                continue
            if in_fence:
                body_lines.append(("", start))  # code is not prose
                continue
            m = _DEFINITION.match(line)
            if m:
                current = m.group("id")
                self.defs.setdefault(current, []).append((line[m.end() :], start + m.end()))
                continue
            if current is not None:
                c = _CONTINUATION.match(line)
                if c or not line.strip():
                    self.defs[current].append((line[c.end() :] if c else "", start + (c.end() if c else 0)))
                    continue
                current = None
            body_lines.append((line, start))
        # paragraphs: runs of body lines contiguous in the source (an inline note
        # may run over several lines); a heading or quote line is a block of its own
        blocks: list[tuple[str, int]] = []
        for line, start in body_lines:
            m = _LINE_MARK.match(line)
            if m:
                blocks.append((line[m.end() :], start + m.end()))
                blocks.append(("", -1))  # ends the heading's block
                continue
            if blocks and blocks[-1][1] >= 0 and line.strip() and blocks[-1][0].strip() and blocks[-1][1] + len(blocks[-1][0]) + 1 == start:
                prev, pstart = blocks[-1]
                blocks[-1] = (prev + "\n" + line, pstart)
            else:
                blocks.append((line, start))
        for block, start in blocks:
            if start < 0:
                continue
            self._inline(block, start)
            end = start + len(block)
            if end < len(self.src):
                self.b.copy("\n", end)
            else:
                self.b.make("\n", len(self.src))
        return self._finish()

    def _finish(self) -> LoadedText:
        notes: list[tuple[int, int, int]] = []
        # definitions never referenced still count as notes (numbered after the rest)
        for fid in self.defs:
            if fid not in self.order:
                self.order[fid] = len(self.order) + len(self.inline_notes) + 1
        bodies: dict[int, list[tuple[str, int]]] = {n: self.defs.get(fid, []) for fid, n in self.order.items()}
        for n, (body, at) in self.inline_notes.items():
            bodies[n] = [(body, at)]
        numbers = sorted(n for n, pieces in bodies.items() if pieces)
        region_start = None
        if numbers:
            self.b.ensure_break(len(self.src))
            region_start = self.b.length
        for n in numbers:
            pieces = bodies[n]
            self.b.make(f"{n}. ", pieces[0][1])
            s = self.b.length
            while pieces and not pieces[-1][0].strip():
                pieces = pieces[:-1]
            for k, (piece, at) in enumerate(pieces):
                if k:
                    self.b.make("\n", at)
                self._inline(piece, at, in_note=True)
            notes.append((n, s, self.b.length))
            self.b.make("\n", pieces[-1][1] + len(pieces[-1][0]) if pieces else len(self.src))
        text, smap = self.b.build(line_starts(self.src))
        keyed = tuple(self._keyed_spans(text, pandoc=bool(_FRONT_BIB.match(self.src))))
        return LoadedText(
            self.source, text, smap, "markdown",
            notes=tuple(notes) if bodies else None,
            markers=tuple(self.markers) if bodies else None,
            notes_region=(region_start, len(text)) if region_start is not None else None,
            keyed=keyed,
        )

    @staticmethod
    def _keyed_spans(text: str, *, pandoc: bool = False):
        """(start, end) of each pandoc citation in ``text``, in order: a bracket group's inside,
        and an in-text ``@key`` / ``@key [p. 3]`` (whole) outside the groups, the latter when
        the text has a bracket group or ``pandoc`` (front matter names a bibliography), so a
        stray handle in other Markdown is not a citation."""
        groups = [(m.start("inner"), m.end("inner")) for m in _PANDOC_GROUP.finditer(text)]
        spans = list(groups)
        if groups or pandoc:
            spans += [(m.start(), m.end()) for m in _PANDOC_INTEXT.finditer(text)
                      if not any(s <= m.start() < e for s, e in groups)]
        yield from sorted(spans)

    # --- inline level ----------------------------------------------------------------

    def _inline(self, s: str, at: int, *, in_note: bool = False) -> None:
        pos = 0
        for m in _INLINE.finditer(s):
            if m.start() < pos:
                continue
            self.b.copy(s[pos : m.start()], at + pos)
            if m.group("ref"):
                fid = m.group("rid")
                n = self.order.setdefault(fid, len(self.order) + len(self.inline_notes) + 1)
                if not in_note:
                    start = self.b.length
                    self.b.make(str(n), at + m.start())
                    self.markers.append((start, self.b.length, n))
                pos = m.end()
            elif m.group("inline"):
                close = _matching_bracket(s, m.end())
                if close < 0:
                    self.b.copy(m.group(0), at + m.start())
                    pos = m.end()
                    continue
                n = len(self.order) + len(self.inline_notes) + 1
                self.inline_notes[n] = (s[m.end() : close], at + m.end())
                start = self.b.length
                self.b.make(str(n), at + m.start())
                self.markers.append((start, self.b.length, n))
                pos = close + 1
            elif m.group("link"):
                self.b.copy(m.group("ltext"), at + m.start("ltext"))
                pos = m.end()
            elif m.group("dash"):  # pandoc's smart typography: -- en dash ("pp. 12--14" a range), --- em dash
                self.b.make("–" if len(m.group("dash")) == 2 else "—", at + m.start())
                pos = m.end()
            elif m.group("escape"):
                self.b.copy(m.group("esc"), at + m.start("esc"))
                pos = m.end()
            else:  # image, comment, emphasis: dropped
                pos = m.end()
        self.b.copy(s[pos:], at + pos)


def _matching_bracket(s: str, i: int) -> int:
    """Index of the ``]`` closing the bracket opened just before ``i`` (or -1)."""
    depth = 1
    stop = min(len(s), i + _MAX_NOTE)
    while i < stop:
        c = s[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            depth += 1
            if depth > _MAX_NEST:
                return -1
        elif c == "]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1
