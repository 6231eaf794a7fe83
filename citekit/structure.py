"""Document structure: note sections, note bodies, reference lists, note markers.

The stage works on lines of the loaded text and returns a
:class:`~citekit.model.Document`.  Its decisions, in order:

1. **Note lines** are lines that start with a note number (``[3] …``,
   ``3. …``, ``3 …``, ``^3 …``, ``³ …``).  Consecutive note lines (blank lines
   and indented continuation paragraphs may stand between them) form a *block*.
2. A block is a **note block** when its lines are bracketed (``[n]``), end in a
   back-link arrow (``↩︎``), stand under a "Notes"-like heading, or — for plain
   ``n.`` lines — when the text before it holds note markers for most of its
   numbers.  Numbered headings and tables of contents fail all four tests.
3. Each note block closes a **chapter** of note numbering: markers between the
   previous block and this one link to its notes (numbering may restart).
4. **Markers**: bracketed ``[n]``, caret ``^n`` and superscript digits are taken
   as they are; digits glued to a word or punctuation (``difficulties”.4``) are
   taken only when they continue the chapter's note sequence, which tells them
   from quantities (``13.5 million``), dates (``19.12.1996``) and section numbers.
5. **Reference lists** follow a "References"/"Bibliography"-like heading; each
   entry is a paragraph (hard-wrapped continuation lines are joined).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from . import patterns as P
from .model import Marker, Note, Region

#: Glued digits after these words are locators, not note markers (p345, Vol3, No5).
_LOCATOR_WORDS = frozenset({"p", "pp", "vol", "vols", "no", "nos", "art", "ch", "fig", "sec", "para", "n", "pt", "v"})
#: A reference-list entry longer than this is prose: the list has ended.
_MAX_ENTRY = 800
#: What follows a marker that ends a sentence: end of line, or space + capital/quote.
_SENTENCE_AFTER = re.compile(r"[ \t]*(?:\n|$)|[ \t]+[A-Z\u201c\u2018\"(]")


@dataclass(slots=True)
class _Line:
    start: int
    end: int  # without the newline
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    @property
    def indent(self) -> int:
        return len(self.text) - len(self.text.lstrip(" \t"))


@dataclass
class _NoteLine:
    index: int  # line index
    number: int
    kind: str  # bracket | caret | sup | num
    punct: str
    label_start: int
    body_start: int
    backlink: bool


@dataclass
class _Block:
    lines: list[_NoteLine] = field(default_factory=list)
    heading: bool = False


@dataclass
class Structure:
    """What :func:`analyse` finds; turned into a Document by the pipeline."""

    notes: list[Note]
    markers: list[Marker]
    regions: list[Region]
    reflist_entries: list[tuple[int, int]]  # (start, end) of each reference-list entry


def explicit(
    text: str,
    notes: tuple[tuple[int, int, int], ...],
    markers: tuple[tuple[int, int, int], ...],
    notes_region: tuple[int, int] | None,
) -> Structure:
    """The structure of a text whose loader knew its notes (Markdown, HTML, DOCX footnotes).

    Notes and markers are taken as given (one numbering, chapter 1); reference
    lists are still found in the text, outside the notes region.
    """
    note_objs = [Note(n, s, e, 1, s) for n, s, e in notes]
    numbers = {n for n, _, _ in notes}
    marker_objs = [Marker(s, e, n, 1, "explicit", n in numbers) for s, e, n in markers]
    regions = [Region("notes", *notes_region)] if notes_region else []
    lines = split_lines(text)
    reflists, entries = _reference_lists(lines, _headings(lines), [notes_region] if notes_region else [])
    regions.extend(reflists)
    regions.sort(key=lambda r: r.start)
    return Structure(note_objs, sorted(marker_objs, key=lambda m: m.start), regions, entries)


def split_lines(text: str) -> list[_Line]:
    """Lines with their offsets (end excludes the newline)."""
    out: list[_Line] = []
    pos = 0
    for raw in text.split("\n"):
        out.append(_Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


def analyse(text: str) -> Structure:
    """Find notes, markers and reference lists in ``text``."""
    lines = split_lines(text)
    headings = _headings(lines)
    note_lines = _note_lines(lines)
    blocks = _blocks(lines, note_lines, headings)
    glued: list[re.Match[str]] | None = None
    kept = []
    for b in blocks:
        if _needs_marker_evidence(b):
            if glued is None:  # one scan of the text serves every block
                glued = glued_candidates(text)
            if _marker_evidence(b, lines, glued):
                kept.append(b)
        elif _is_note_block(b):
            kept.append(b)
    blocks = kept

    notes: list[Note] = []
    regions: list[Region] = []
    block_spans: list[tuple[int, int]] = []
    for chapter, block in enumerate(blocks, start=1):
        first = lines[block.lines[0].index]
        end = 0
        for i, nl in enumerate(block.lines):
            stop = block.lines[i + 1].index if i + 1 < len(block.lines) else None
            s, e = _note_body(lines, nl, stop)
            notes.append(Note(nl.number, s, e, chapter, nl.label_start))
            end = max(end, e)
        block_spans.append((first.start, end))
        regions.append(Region("notes", first.start, end))

    reflists, entries = _reference_lists(lines, headings, block_spans)
    regions.extend(reflists)
    regions.sort(key=lambda r: r.start)

    markers = _markers(text, notes, block_spans, [(r.start, r.end) for r in reflists], glued)
    return Structure(notes, markers, regions, entries)


# --- headings and note lines ---------------------------------------------------


def _headings(lines: list[_Line]) -> dict[int, str]:
    """Line index -> "notes" | "reflist" for heading lines."""
    out: dict[int, str] = {}
    for i, ln in enumerate(lines):
        t = ln.text
        if len(t) > 60 or not t.strip():
            continue
        if P.NOTES_HEADING.match(t):
            out[i] = "notes"
        elif P.REFLIST_HEADING.match(t):
            out[i] = "reflist"
    return out


def _note_lines(lines: list[_Line]) -> list[_NoteLine]:
    out: list[_NoteLine] = []
    for i, ln in enumerate(lines):
        m = P.NOTE_LINE.match(ln.text)
        if not m:
            continue
        if m.group("bracket"):
            num, kind = m.group("bracket"), "bracket"
        elif m.group("caret"):
            num, kind = m.group("caret"), "caret"
        elif m.group("sup"):
            num, kind = m.group("sup").translate(P.SUPERSCRIPT_TRANS), "sup"
        else:
            num, kind = m.group("num"), "num"
        backlink = bool(P.BACKLINK_TAIL.search(ln.text)) and "\u21a9" in ln.text
        out.append(
            _NoteLine(
                index=i,
                number=int(num),
                kind=kind,
                punct=m.group("punct") or "",
                label_start=ln.start + len(m.group("indent")),
                body_start=ln.start + m.start("body"),
                backlink=backlink,
            )
        )
    return out


def _blocks(lines: list[_Line], note_lines: list[_NoteLine], headings: dict[int, str]) -> list[_Block]:
    """Group note lines of one kind into runs not interrupted by ordinary paragraphs."""
    blocks: list[_Block] = []
    cur: _Block | None = None
    prev: _NoteLine | None = None
    for nl in note_lines:
        contiguous = False
        if cur is not None and prev is not None and nl.kind == prev.kind:
            contiguous = _only_continuation_between(lines, prev, nl.index)
            # numbering must go on (small gaps allowed: missing note bodies) or restart at 1
            if contiguous and not (prev.number < nl.number <= prev.number + 4 or nl.number == 1):
                contiguous = False
        if not contiguous:
            cur = _Block(heading=_heading_before(lines, nl.index, headings))
            blocks.append(cur)
        elif nl.number == 1 and prev is not None and prev.number != 1:
            cur = _Block(heading=cur.heading)  # a restart inside a notes section: a new chapter
            blocks.append(cur)
        cur.lines.append(nl)
        prev = nl
    return blocks


def _only_continuation_between(lines: list[_Line], prev: _NoteLine, index: int) -> bool:
    """True if the lines between two note lines continue the first note."""
    base = lines[prev.index].indent
    after_blank = False
    for ln in lines[prev.index + 1 : index]:
        if ln.blank:
            after_blank = True
            continue
        if after_blank and ln.indent <= base:
            return False
    return True


def _heading_before(lines: list[_Line], index: int, headings: dict[int, str]) -> bool:
    """Is there a notes heading (or a reference heading) just above line ``index``?"""
    j = index - 1
    seen = 0
    while j >= 0 and seen < 3:
        if j in headings:
            return True
        if not lines[j].blank:
            seen += 1
            if len(lines[j].text) > 80:
                return False
        j -= 1
    return False


def _is_note_block(block: _Block) -> bool:
    """A block that is notes by its own shape: under a heading, with back-links, or bracketed."""
    kinds = {nl.kind for nl in block.lines}
    if block.heading or any(nl.backlink for nl in block.lines):
        return True
    return kinds <= {"bracket", "caret", "sup"}


def _needs_marker_evidence(block: _Block) -> bool:
    """Plain ``n.`` lines without heading or back-links: notes only if the text has their markers."""
    if _is_note_block(block):
        return False
    return len(block.lines) >= 2 and all(nl.punct for nl in block.lines) and block.lines[0].number <= 2


def _marker_evidence(block: _Block, lines: list[_Line], glued: list[re.Match[str]]) -> bool:
    """Do glued-digit candidates before the block follow most of its numbers, in order?"""
    numbers = sorted({nl.number for nl in block.lines})
    start = lines[block.lines[0].index].start
    it = iter(numbers)
    target = next(it, None)
    found = 0
    for m in glued:
        if m.start() >= start or target is None:
            break
        if int(m.group("num")) == target:
            found += 1
            target = next(it, None)
    return found >= max(2, 0.6 * len(numbers))


def _note_body(lines: list[_Line], nl: _NoteLine, stop: int | None) -> tuple[int, int]:
    """Span of a note's body: its line plus continuation lines, without the back-link."""
    first = lines[nl.index]
    base = first.indent
    last = nl.index
    after_blank = False
    limit = stop if stop is not None else len(lines)
    for j in range(nl.index + 1, limit):
        ln = lines[j]
        if ln.blank:
            after_blank = True
            continue
        if after_blank and ln.indent <= base:
            break
        if P.NOTES_HEADING.match(ln.text) or P.REFLIST_HEADING.match(ln.text):
            break
        last = j
        after_blank = False
    end_line = lines[last]
    body = end_line.text
    m = P.BACKLINK_TAIL.search(body)
    end = end_line.start + (m.start() if m else len(body.rstrip()))
    return nl.body_start, max(end, nl.body_start)


# --- reference lists -------------------------------------------------------------


def _reference_lists(
    lines: list[_Line], headings: dict[int, str], note_spans: list[tuple[int, int]]
) -> tuple[list[Region], list[tuple[int, int]]]:
    regions: list[Region] = []
    entries: list[tuple[int, int]] = []
    heading_idx = sorted(headings)
    for h in heading_idx:
        if headings[h] != "reflist":
            continue
        hl = lines[h]
        if any(s <= hl.start < e for s, e in note_spans):
            continue
        j = h + 1
        cur: list[int] | None = None
        region_entries: list[tuple[int, int]] = []
        last_end = hl.end
        while j < len(lines):
            ln = lines[j]
            if j in headings:
                break
            if any(s <= ln.start < e for s, e in note_spans):
                break
            if ln.blank:
                if cur is not None:
                    region_entries.append((cur[0], cur[1]))
                    cur = None
                j += 1
                continue
            if len(ln.text) > _MAX_ENTRY:
                break
            stripped = ln.text.strip()
            s = ln.start + (len(ln.text) - len(ln.text.lstrip()))
            e = ln.start + len(ln.text.rstrip())
            continuation = cur is not None and (
                ln.indent > 0 and lines[j - 1].indent == 0
                or (stripped[:1].islower() and not P.PARTICLE_ENTRY_START.match(stripped))
                or lines[j - 1].text.rstrip().endswith(("-", ",", ":", "&", "and"))
            )
            if continuation and cur is not None:
                cur[1] = e
            else:
                if cur is not None:
                    region_entries.append((cur[0], cur[1]))
                cur = [s, e]
            last_end = e
            j += 1
        if cur is not None:
            region_entries.append((cur[0], cur[1]))
        if region_entries:
            regions.append(Region("reflist", hl.start, last_end, (hl.start, hl.end)))
            entries.extend(region_entries)
    return regions, entries


# --- markers -----------------------------------------------------------------------


def _glued_ok(text: str, m: re.Match[str]) -> bool:
    """Can these glued digits be a note marker, judging by what stands around them?"""
    s = m.start()
    prev = text[s - 1]
    if prev == "." and s >= 2 and text[s - 2].isdigit():
        # number + marker: only after a year (1991.1) or a grouped number (2,561,351.15)
        j = s - 1
        k = j
        while k > 0 and (text[k - 1].isdigit() or text[k - 1] == ","):
            k -= 1
        left = text[k:j]
        if P.YEAR_OR_GROUPED.fullmatch(left):
            return True
        # "at the age of 54.30" + new paragraph or sentence: a marker; "13.5 million": not
        return bool(_SENTENCE_AFTER.match(text, m.end()))
    if prev.isalpha():
        k = s
        while k > 0 and text[k - 1].isalpha():
            k -= 1
        word = text[k:s]
        if word.lower() in _LOCATOR_WORDS:
            return False
        if len(word) < 3:
            return False
        if word.isupper() and len(word) <= 4:
            return False  # CO2, MiG, B52-like codes
        return True
    if prev in "([{/#$£€%-+=*@&_<":
        return False
    return True


def _strong(text: str, m: re.Match[str]) -> bool:
    """A glued candidate after punctuation (``word.4``, ``quote”4``) rather than a letter."""
    return not text[m.start() - 1].isalnum()


def glued_candidates(text: str) -> list[re.Match[str]]:
    """Every glued-digit run in ``text`` that could be a note marker, in order (one scan)."""
    out = []
    for s, e in P.digit_runs(text):
        if e - s > 3 or s == 0 or text[s - 1].isspace():
            continue
        m = P.GLUED_DIGITS.match(text, s)
        if m is not None and _glued_ok(text, m):
            out.append(m)
    return out


def _markers(
    text: str,
    notes: list[Note],
    block_spans: list[tuple[int, int]],
    reflists: list[tuple[int, int]],
    glued: list[re.Match[str]] | None = None,
) -> list[Marker]:
    if not notes:
        return []
    all_glued = glued if glued is not None else glued_candidates(text)
    excluded = sorted(block_spans + reflists)
    has_superscripts = P.has_superscripts(text)
    markers: list[Marker] = []
    seg_start = 0
    chapters: list[tuple[int, int, int]] = []  # (start, end, chapter)
    for chapter, (bs, be) in enumerate(block_spans, start=1):
        chapters.append((seg_start, bs, chapter))
        seg_start = be
    if seg_start < len(text):
        chapters.append((seg_start, len(text), len(block_spans) + 1))
    by_chapter: dict[int, set[int]] = {}
    for n in notes:
        by_chapter.setdefault(n.chapter, set()).add(n.number)

    for start, end, chapter in chapters:
        numbers = by_chapter.get(chapter, set())
        segment_ranges = _subtract([(start, end)], excluded)
        explicit: list[Marker] = []
        for s, e in segment_ranges:
            for rx, kind in ((P.BRACKET_MARKER, "bracket"), (P.CARET_MARKER, "caret")):
                for m in rx.finditer(text, s, e):
                    ls = text.rfind("\n", 0, m.start()) + 1
                    if not text[ls : m.start()].strip():
                        continue  # at line start: a note body, not a marker
                    n = int(m.group(1))
                    explicit.append(Marker(m.start(), m.end(), n, chapter, kind, n in numbers))
            for m in P.SUPERSCRIPT_MARKER.finditer(text, s, e) if has_superscripts else ():
                n = int(m.group(0).translate(P.SUPERSCRIPT_TRANS))
                explicit.append(Marker(m.start(), m.end(), n, chapter, "superscript", n in numbers))
        markers.extend(explicit)
        if explicit or not numbers:
            continue
        markers.extend(_glued_markers(text, segment_ranges, numbers, chapter, all_glued))
    markers.sort(key=lambda m: m.start)
    return markers


def _glued_markers(
    text: str, ranges: list[tuple[int, int]], numbers: set[int], chapter: int, glued: list[re.Match[str]]
) -> list[Marker]:
    """Align glued-digit candidates with the chapter's note sequence."""
    top = max(numbers) + 3
    cands = []
    for s, e in ranges:
        lo = bisect.bisect_left(glued, s, key=lambda m: m.start())
        for m in glued[lo:]:
            if m.start() >= e:
                break
            if m.end() <= e:
                cands.append(m)
    out: list[Marker] = []
    expected = 1
    for m in cands:
        v = int(m.group("num"))
        if v > top:
            continue
        ok = v == expected or (_strong(text, m) and expected < v <= expected + 3)
        if ok:
            out.append(Marker(m.start(), m.end(), v, chapter, "glued", v in numbers))
            expected = v + 1
    return out


def _subtract(ranges: list[tuple[int, int]], holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for s, e in ranges:
        cur = s
        for hs, he in holes:
            if he <= cur or hs >= e:
                continue
            if hs > cur:
                out.append((cur, hs))
            cur = max(cur, he)
        if cur < e:
            out.append((cur, e))
    return out
