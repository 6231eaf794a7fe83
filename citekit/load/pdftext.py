"""Text extracted from PDFs: hard-wrapped lines joined, hyphenation undone, page furniture dropped.

* Lines of one paragraph are joined with a space (made-up text that maps to
  the line break), so a citation broken over two lines is one span again.
  Under a reference-list heading (``patterns.REFLIST_HEADING``, until a notes
  heading) lines are kept, indents too: entries one a line with no blank line
  between them stay apart, and ``structure`` reads where each starts (issue 11).
* ``sud-`` + ``denly`` becomes ``suddenly``; the hyphen stays when the second
  part is capitalised or a number (``anti-`` + ``Stalinist``), when the first
  part is a prefix written with a hyphen (``self-``, ``non-``, ``anti-``, …), or
  when the hyphenated word also appears inside a line elsewhere in the text
  (its author hyphenates it) and the joined one does not.
* Lone page numbers, "Continued on page 6" and running heads (a short line
  repeated on three or more pages, digits ignored) are dropped.

Every kept character is copied, so positions map back to the file exactly.
"""

from __future__ import annotations

import re
from collections import Counter

from .. import patterns as P
from .base import TextBuilder, line_starts
from .text import LoadedText, decode_bytes, read_bytes

#: A line that is only a page number (or "Page 12", "12 of 40", "- 12 -").
_PAGE_NUMBER = P.LazyPattern(r"^\s*(?:[-–—]\s*)?(?:page\s+)?\d{1,4}(?:\s+of\s+\d{1,4})?(?:\s*[-–—])?\s*$", re.IGNORECASE)
#: A continuation notice of a newspaper or pamphlet column.
_CONTINUED = P.LazyPattern(r"^\s*\(?(?:continued|cont(?:inued|'d)?\.?)\s+(?:on|from|to)\s+(?:page|p\.?)\s*\d{1,4}\)?\.?\s*$", re.IGNORECASE)
#: A line that opens a note or a numbered item: never joined to the line before (any number: note 1000 too).
_ITEM_START = P.LazyPattern(r"^\s*(?:\[\d+\]|\d+[.)]?)\s+\S")
#: A word fragment ending a line with a hyphen, and the fragment opening the next.
_END_FRAGMENT = P.LazyPattern(r"(?P<word>[A-Za-z\u00c0-\u024f]+)-$")
_START_FRAGMENT = P.LazyPattern(r"^(?P<word>[A-Za-z\u00c0-\u024f]+)")
#: Prefixes English writes with a hyphen: "self-management", "non-Bolshevik".
_HYPHEN_PREFIXES = frozenset(
    "anti non self ex neo post pre pro semi quasi pseudo counter ultra co inter intra extra sub "
    "super well ill half all cross mid over under petty left right".split()
)
#: A rule line between the text and the footnotes of a page: ``____``, ``-----``, ``———``.
_RULE = P.LazyPattern(r"^[ \t\f]*(?:_{3,}|-{3,}|[\u2014\u2013\u2500\u2015]{2,})[ \t]*$")
#: A sentence end with a glued note marker (``months.1``, ``war.”12``, ``1789.¹``): the line may end a paragraph.
_MARKER_END = P.LazyPattern(r"[.?!:;\u201d\"\u2019)](?:\d+|[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]+)$")
#: A footnote line opening with superscript digits (``¹ Ibid., p. 4.``).
_SUP_ITEM = P.LazyPattern(r"^[ \t]*[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]+[ \t]*\S")
#: Short terminal punctuation that, on a short line, ends a paragraph.
_TERMINAL = (".", "?", "!", ":", "”", '"', "’")


#: Line ends that continue a sentence on the next line (besides a letter).
_OPEN_END = frozenset(",-‐‑–;")
#: The share of lines ending so that makes text hard-wrapped (with the width test).
_MIN_OPEN_ENDS = 0.4


def looks_hard_wrapped(text: str) -> bool:
    """Most lines about as long as the longest *and* at least :data:`_MIN_OPEN_ENDS` of them
    ending inside a sentence (a letter, comma, hyphen): text pulled from a PDF or a wrapped
    e-mail.  A list of entries of similar width (each line ending in a full stop) is not."""
    lengths = [len(x) for x in text[:400_000].split("\n") if x.strip()]
    if len(lengths) < 20:
        return False
    lengths.sort()
    width = lengths[int(len(lengths) * 0.9)]
    if not 40 <= width <= 130:
        return False
    in_band = sum(1 for n in lengths if 0.6 * width <= n <= 1.05 * width) / len(lengths)
    if in_band < 0.7:
        return False
    # Wrapping cuts sentences: most lines of a PDF's prose end in a word, a comma or a hyphen
    # (002.txt: 78 %).  Lines of one width that end a sentence or an entry — a reference list
    # (000a: 12 %, an author-date list 4 %), a poem, a table — are plain text: joining them
    # would lose the list (issue 13).  When in doubt, plain text; --input-format pdftext forces it.
    lines = [x.rstrip() for x in text[:400_000].split("\n") if x.strip()]
    open_ends = sum(1 for x in lines if x[-1:].isalpha() or x[-1:] in _OPEN_END) / len(lines)
    return open_ends >= _MIN_OPEN_ENDS


def load_pdftext(path, *, text: str | None = None, source: str | None = None) -> LoadedText:
    """Load PDF-extracted text (a file, or ``text``), unwrapped."""
    if text is None:
        source = str(path)
        text = decode_bytes(read_bytes(path), source)
    source = source or "<text>"
    return unwrap(text, source)


def unwrap(src: str, source: str = "<text>") -> LoadedText:
    """Join hard-wrapped lines of ``src`` into paragraphs (see the module's notes)."""
    lines = src.split("\n")
    starts = [0]
    for ln in lines[:-1]:
        starts.append(starts[-1] + len(ln) + 1)
    kept_lengths = [len(x.rstrip()) for x in lines if x.strip()]
    width = sorted(kept_lengths)[int(len(kept_lengths) * 0.9)] if kept_lengths else 80
    drop = _furniture(lines)
    hyphenated, joined = _vocabulary(src)

    b = TextBuilder()
    prev: str | None = None  # the previous kept line (stripped right), None after a blank line
    foot = False  # the current paragraph is a footnote (opened with a note number)
    in_list = False  # under a reference-list heading: line breaks are kept (see below)
    for i, raw in enumerate(lines):
        at = starts[i]
        if i in drop:
            continue
        line = raw.rstrip()
        heading = line.strip()
        if P.REFLIST_HEADING.match(heading):
            in_list = True
        elif P.NOTES_HEADING.match(heading):
            in_list = False
        if not line.strip():
            if prev is not None and at > 0:
                b.copy("\n", at - 1)  # the break that ended the paragraph's last line
            if at + len(raw) < len(src):
                b.copy("\n", at + len(raw))  # the blank line's own
            prev = None
            continue
        if prev is None:
            b.copy(line, at)
            prev = line
            foot = _is_item(line)
            continue
        if _starts_new_line(prev, line, width) or (foot and line.startswith("\f")):
            # a form feed after a page's footnotes: the next page's text is not part of the note
            b.make("\n", at - 1)
            b.copy(line, at)
            prev = line
            foot = _is_item(line)
            continue
        lead = len(line) - len(line.lstrip())
        body = line[lead:]
        end = _END_FRAGMENT.search(prev)
        start = _START_FRAGMENT.match(body)
        if end and start and not body[:1].isupper():
            first, second = end.group("word"), start.group("word")
            if _keep_hyphen(first, second, hyphenated, joined):
                b.copy(body, at + lead)  # "self-" + "managing": the hyphen already copied
            else:
                b.drop_last(1)  # the hyphen
                b.copy(body, at + lead)
        elif prev.endswith("-") and body[:1].isupper():
            b.copy(body, at + lead)  # "anti-" + "Stalinist"
        elif in_list:
            # A reference list keeps its lines (and their indents): entries written one a line
            # with no blank line between them ("Anderson, E. (2017) …" / "Arendt, H. (1958) …")
            # were joined into one paragraph and read as one entry (issue 11).  Where an entry
            # starts is the structure's list reader's decision (structure._read_list), which
            # reads hard-wrapped entries by their indents, case and line widths.
            b.copy("\n", at - 1)
            b.copy(line, at)
        else:
            b.make(" ", at - 1)
            b.copy(body, at + lead)
        prev = line
    text, smap = b.build(line_starts(src))
    return LoadedText(source, text, smap, "pdftext")


def _is_item(line: str) -> bool:
    """Does the line open a note or numbered item (``12 …``, ``[12] …``, ``¹ …``)?"""
    return bool(_ITEM_START.match(line) or _SUP_ITEM.match(line))


def _starts_new_line(prev: str, line: str, width: int) -> bool:
    """Should ``line`` stay on a line of its own rather than continue ``prev``?

    A page's footnotes stay apart from the text (a rule line, or a note
    number after a sentence that ends with its marker: ``months.1`` / ``1 Ibid.``).
    """
    if _RULE.match(line) or _RULE.match(prev):
        return True
    s = line.strip()
    if P.NOTES_HEADING.match(s) or P.REFLIST_HEADING.match(s):
        return True
    p = prev.strip()
    if P.NOTES_HEADING.match(p) or P.REFLIST_HEADING.match(p):
        return True
    if p.isupper() and len(p) < width * 0.8:
        return True  # a heading in capitals
    short = len(prev) < width * 0.75
    if _is_item(line) and (short or p.endswith(_TERMINAL) or _MARKER_END.search(p)):
        return True
    if short and p.endswith(_TERMINAL):
        return True  # a paragraph ended by a short line (PDFs often have no blank lines)
    return False


def _keep_hyphen(first: str, second: str, hyphenated: Counter, words: Counter) -> bool:
    """Is the hyphen at a line end part of the word (``self-managing``) or a break (``signif-icant``)?"""
    f, s = first.lower(), second.lower()
    if s[:1].isdigit():
        return True
    if words[f + s] > 0:
        return False  # the joined word is written elsewhere
    if hyphenated[f"{f}-{s}"] > 0:
        return True  # the author hyphenates it elsewhere
    # a prefix written with a hyphen, before a word the text uses on its own ("Pre-" + "cisely": no)
    return f in _HYPHEN_PREFIXES and words[s] > 1  # > 1: besides this line's own fragment


def _vocabulary(src: str) -> tuple[Counter, Counter]:
    """Words written with a hyphen inside a line, and all words, lower-cased."""
    hyphenated = Counter(m.group(0).lower() for m in re.finditer(r"[A-Za-z]+-[A-Za-z]+", src))
    words = Counter(m.group(0).lower() for m in re.finditer(r"[A-Za-z]+", src))
    return hyphenated, words


def _furniture(lines: list[str]) -> set[int]:
    """Indices of page numbers, continuation notices and running heads."""
    drop = set()
    keys = Counter()
    key_of = {}
    for i, ln in enumerate(lines):
        s = ln.strip()
        if not s:
            continue
        if _PAGE_NUMBER.match(s) or _CONTINUED.match(s):
            drop.add(i)
            continue
        if _RULE.match(s):
            continue  # a footnote rule: kept, it tells the notes from the text
        if len(s) < 70 and not _ITEM_START.match(s) and not re.search(r"ibid|op\.? ?cit", s, re.IGNORECASE):
            k = re.sub(r"\d+", "", s).strip(" .-–|").lower()
            if len(k) >= 4:
                keys[k] += 1
                key_of[i] = k
    for i, k in key_of.items():
        if keys[k] >= 3:
            drop.add(i)
    return drop
