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
5. **Reference lists** follow a "References"/"Bibliography"-like heading (in
   English, German, French, Italian, Spanish; numbered or not); each entry is a
   paragraph or a line that opens like one, numbered lists (``[12]``, ``12.``)
   give one entry per label; page furniture is skipped, and the list ends at a
   heading, a back-matter title or prose.
6. **Project Gutenberg** ``[Footnote N: …]`` blocks are notes (one chapter per
   run of blocks), and numbered blocks at a **page bottom** (under a rule line,
   before a form feed) are notes when the page holds their markers.

See docs/pipeline.md, "Structure", for each rule and the shapes it was written from.
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
#: What must follow a marker glued to a two-letter lower-case word (``vu7,``, ``lu3;``, ``eu12.``):
#: punctuation that closes a clause, then a space or line end — not ``mp3 player``, ``km2``.
_SHORT_WORD_AFTER = re.compile(r"[,;:.)!?](?:[ \t\n]|$)|[ \t]*\n|$")
#: What follows a marker that ends a sentence: end of line, or space + capital/quote.
_SENTENCE_AFTER = re.compile(r"[ \t]*(?:\n|$)|[ \t]+[A-Z\u201c\u2018\"(]")

#: A Project Gutenberg footnote opening at a line start: ``[Footnote 12:``,
#: ``[Footnote A:``, ``[Footnote *:``, ``[Footnote:`` (Gutenberg's transcription
#: convention; the body runs to the balancing ``]``).  ``[Sidenote: …]``,
#: ``[Illustration: …]`` and ``[Transcriber's Note: …]`` do not match: they are not notes.
_GUTENBERG_NOTE = P.LazyPattern(
    r"""^[ \t]{0,8}\[Footnote
        (?:[ \t]*(?P<label>\d{1,4}|[A-Za-z]{1,2}|\*{1,3}|[\u2020\u2021\u00a7])[ \t]*[:.]|[ \t]*:)""",
    re.VERBOSE | re.MULTILINE | re.IGNORECASE,
)
#: An in-text marker of a lettered or starred note: ``[A]``, ``[b]``, ``[*]``, ``[†]``
#: (not ``[A]ll``, an editor's capital).  Looked for only in a chapter whose notes are so labelled.
_LABEL_MARKER = re.compile(r"\[(?P<label>[A-Za-z]{1,2}|\*{1,3}|[\u2020\u2021\u00a7])\](?![A-Za-z])")
#: A rule line that separates page-bottom footnotes from the text: ``____``, ``-----``, ``———``.
_RULE_LINE = re.compile(r"^[ \t\f]*(?:_{3,}|-{3,}|[\u2014\u2013\u2500\u2015]{2,})[ \t]*$")
#: A line that is only a page number (``231``, ``— 231 —``, ``- xii -``, ``Page 4``) or a
#: lone year: page furniture, never a note's continuation nor a reference entry.
_PAGE_LINE = re.compile(
    r"^[ \t\f]*(?:[-\u2013\u2014][ \t]*)?(?:page[ \t]+)?(?:\d{1,4}|[ivxlc]{1,6})(?:[ \t]*[-\u2013\u2014])?[ \t]*$",
    re.IGNORECASE,
)
#: A back-matter or section heading that ends a reference list ("Index", "Appendix A",
#: "Acknowledgements", "Chapter 5", "Anhang", "Table des matières"); not "Register, N." (a name).
_BACKMATTER = P.LazyPattern(
    r"""^[ \t\f]*(?:\#{1,6}[ \t]*)?(?:\*\*|__)?[ \t]*
        (?:index|indices|indexes|general[ \t]+index|name[ \t]+index|subject[ \t]+index|appendix|appendices
          |anhang|annexes?|acknowledge?ments?|about[ \t]+the[ \t]+authors?|notes[ \t]+on[ \t]+(?:contributors|the[ \t]+authors?)
          |contributors|glossary|(?:list[ \t]+of[ \t]+)?abbreviations|chronology|(?:table[ \t]+of[ \t]+)?contents
          |afterword|epilogue|postscript|colophon|register|personenregister|sachregister|namensregister
          |table[ \t]+des[ \t]+mati\u00e8res|indice|\u00edndice|chapter|chapitre|kapitel|capitolo|cap\u00edtulo
          |part|teil|list[ \t]+of[ \t]+(?:figures|tables|illustrations|maps))\b(?![,\u2019'])""",
    re.VERBOSE | re.IGNORECASE,
)
#: A numbered section heading: ``3.2 Results``, ``IV. The Sources`` (short, no comma).
_NUMBERED_HEADING = re.compile(r"^[ \t\f]*(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?|[IVXLC]{1,7}\.)[ \t]+[A-Z][^\n,]{0,60}$")
#: The label of a numbered reference entry (IEEE, Vancouver): ``[12] ``, ``12. ``, ``12) ``, ``12 ``.
_ENTRY_LABEL = re.compile(r"^[ \t\f]{0,8}(?:\[(?P<bracket>\d{1,4})\]|(?P<num>\d{1,4})(?P<punct>[.)])?)[ \t]+(?=\S)")
#: How a reference entry opens: a name (with particles and up to three more capitalised
#: words) and then a comma, a parenthesis, "and"/"&"/"et"/"und", initials or a year;
#: or the repeated-author dash ``———.``; or a quoted title.
_ENTRY_START = P.LazyPattern(
    rf"""[ \t\f]*(?:{P.NAME_PARTICLE}{{0,3}}[A-Z\u00c0-\u00de][^\s,.;:()]{{0,30}}\.?
          (?:[ \t]+[A-Z\u00c0-\u00de][^\s,;:()]{{0,30}}){{0,3}}
          (?:[ \t]*[,(]|[ \t]+(?:and|&|et|und|y|e)[ \t]|[ \t]+\(?(?:1[4-9]|20)\d\d)
        |[\u2014\u2013_-]{{2,}}|\u2014|[\"\u201c\u201e\u00ab])""",
    re.VERBOSE,
)
#: How an entry that does not open with a personal name opens: a corporate author
#: ("Préfecture de police,", "World Health Organization.") or a title ("The Chicago Manual
#: of Style.", "Beowulf: A New Verse Translation.") — a capital, then a phrase of up to 80
#: characters closed by a comma or full stop.  Chicago 14.70/14.75 (organization as author,
#: title-first entries), MLA 9 §5.7, DIN 1505.  Only trusted where the previous line ended
#: a paragraph (see ``_paragraph_break``), because wrapped lines open the same way.
_LOOSE_ENTRY_START = P.LazyPattern(r"[ \t\f]*[\"\u201c\u201e\u00ab\u2018]?[A-Z\u00c0-\u00de][^\n,.]{0,80}?[,.](?:[ \t]|$)")
#: A line that closes an entry with its year ("…, Sansoni, 1893.", "… (1904)."): where
#: notes-bibliography styles end an entry (Chicago 14.68, DIN 1505, Annales).
_YEAR_CLOSED = re.compile(r"(?<!\d)(?:1[4-9]|20)\d\d[a-z]?\)?\.$")
#: Lists whose longest line is longer than this are not hard-wrapped: one line, one entry.
_UNWRAPPED_WIDTH = 130
#: A year (or "n.d.") somewhere in a reference entry.
_ENTRY_YEAR = re.compile(r"(?<!\d)(?:1[4-9]|20)\d\d(?!\d)|\bn\.\s?d\.|\bo\.\s?J\.|\bs\.\s?d\.")
#: The last word of a reference entry that ends in a link: a URL, a DOI (``https://doi.org/10.1111/j.1467-9280.2007.01967.x``,
#: ``doi:10.1000/182``, a bare ``10.1000/182``), a URN or a handle.  APA 7 §9.34 and
#: Chicago 14.8 end an entry with these, with no full stop after them.  Matched
#: against the last word only (``str.rsplit``), so it is linear.
_LINK_WORD = P.LazyPattern(r"<?(?:https?://|ftp://|www\.|doi:|urn:|hdl:|10\.\d{4,9}/)\S", re.IGNORECASE)
#: The words of a note rather than of a reference entry (short forms and cross-references).
_NOTE_WORDS = P.LazyPattern(r"\b(?:ibid|ib\.|idem|op\.?\s?cit|loc\.?\s?cit|ebd|ebenda|a\.\s?a\.\s?O|see|cf)\b", re.IGNORECASE)


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
    heading: str | None = None  # "notes" | "reflist" when a heading stands just above
    restart: bool = False  # split off the block before it where numbering restarts at 1, lines running on


@dataclass(slots=True)
class _Gutenberg:
    """A Project Gutenberg ``[Footnote 12: …]`` block: body span without the label and the ``]``."""

    number: int
    label_start: int  # the "["
    start: int
    end: int
    after: int  # just after the closing "]" (the body's end when unclosed)
    labelled: bool  # lettered or starred ([A], [*]) rather than numbered


@dataclass
class Structure:
    """What :func:`analyse` finds; turned into a Document by the pipeline."""

    notes: list[Note]
    markers: list[Marker]
    regions: list[Region]
    reflist_entries: list[tuple[int, int]]  # (start, end) of each reference-list entry
    #: number of a numbered reference entry (IEEE ``[12]``, Vancouver ``12.``) by its start
    entry_labels: dict[int, int] = field(default_factory=dict)


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
    reflists, entries, labels = _reference_lists(lines, _headings(lines), [notes_region] if notes_region else [])
    regions.extend(reflists)
    regions.sort(key=lambda r: r.start)
    return Structure(note_objs, sorted(marker_objs, key=lambda m: m.start), regions, entries, labels)


def split_lines(text: str) -> list[_Line]:
    """Lines with their offsets (end excludes the newline)."""
    out: list[_Line] = []
    pos = 0
    for raw in text.split("\n"):
        out.append(_Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


def analyse(text: str) -> Structure:
    """Find notes, markers and reference lists in ``text``.

    Takes the loaded text (str); returns a :class:`Structure` whose spans are
    character offsets into it.  Linear in the text's length.  Shapes read:
    numbered note blocks (module docstring), Project Gutenberg ``[Footnote N: …]``
    blocks (the transcribers' convention, gutenberg.org's "Formatting
    guidelines"), footnotes at the bottom of PDF-to-text pages (before a form
    feed, or under a rule line), and reference lists under headings in
    English, German, French, Italian and Spanish.
    """
    lines = split_lines(text)
    headings = _headings(lines)
    gutenberg = _gutenberg_notes(text)
    note_lines = _note_lines(lines)
    if gutenberg:  # a line inside a [Footnote …] block is its text, not a note of its own
        spans = [(g.label_start, g.after) for g in gutenberg]
        note_lines = [nl for nl in note_lines if not _inside(spans, lines[nl.index].start)]
    blocks = _blocks(lines, note_lines, headings)
    glued: list[re.Match[str]] | None = None
    paren: list[re.Match[str]] | None = None  # "(n)" markers, looked for only when needed
    page_starts: list[int] | None = None
    kept = []
    floor = 0  # the line after the previous block: a page's evidence is looked for below it
    for b in blocks:
        below, floor = floor, b.lines[-1].index + 1
        if _needs_marker_evidence(b):
            if glued is None:  # one scan of the text serves every block
                glued = glued_candidates(text)
            if _marker_evidence(b, lines, glued):
                kept.append(b)
                continue
            if paren is None:
                paren = paren_candidates(text)
            if paren and _marker_evidence(b, lines, paren):
                kept.append(b)  # "(1) …" notes (or "1. …") under "(1)" markers in the text
                continue
        elif _is_note_block(b, lines):
            kept.append(b)
            continue
        if b.heading == "reflist":
            continue  # a numbered reference list (IEEE, Vancouver): read as entries below
        if page_starts is None:
            page_starts = [i for i, ln in enumerate(lines) if ln.text[:1] == "\f"] if "\f" in text else []
        top = _page_bottom(b, lines, page_starts, "\f" in text)
        if top is not None:
            top = max(top, below)
            if glued is None:
                glued = glued_candidates(text)
            if _page_evidence(b, text, lines[top].start, lines[b.lines[0].index].start, glued):
                kept.append(b)

    # every note block and every group of Gutenberg notes closes a chapter of note numbering
    groups: list[tuple[int, list[tuple[int, int, int, int]], bool, int]] = []  # (start, notes, labelled, region end)
    position = {id(b): i for i, b in enumerate(blocks)}
    run_end = 0  # a block whose numbering restarts with no break keeps its region in the one before
    for k in range(len(kept) - 1, -1, -1):
        block = kept[k]
        items = []
        nxt = kept[k + 1] if k + 1 < len(kept) else None
        # the last note stops where the next note block starts (a restart at 1 with no blank line between)
        block_stop = nxt.lines[0].index if nxt is not None else None
        for i, nl in enumerate(block.lines):
            stop = block.lines[i + 1].index if i + 1 < len(block.lines) else block_stop
            s, e = _note_body(lines, nl, stop)
            items.append((nl.number, s, e, nl.label_start))
        end = max(e for _, _, e, _ in items)
        chained = nxt is not None and nxt.restart and position[id(nxt)] == position[id(block)] + 1
        run_end = max(end, run_end) if chained else end
        groups.append((lines[block.lines[0].index].start, items, False, run_end))
    for group in _gutenberg_groups(text, gutenberg):
        items = [(g.number, g.start, g.end, g.label_start) for g in group]
        groups.append((group[0].label_start, items, any(g.labelled for g in group), 0))
    groups.sort(key=lambda g: g[0])

    notes: list[Note] = []
    regions: list[Region] = []
    block_spans: list[tuple[int, int]] = []
    labelled: set[int] = set()
    for chapter, (start, items, is_labelled, region_end) in enumerate(groups, start=1):
        end = region_end
        for number, s, e, label_start in items:
            notes.append(Note(number, s, e, chapter, label_start))
            end = max(end, e)
        if is_labelled:
            labelled.add(chapter)
        block_spans.append((start, end))
        regions.append(Region("notes", start, end))

    free = _free_notes_headings(headings, lines, block_spans)
    reflists, entries, labels = _reference_lists(lines, headings, block_spans, free)
    regions.extend(reflists)
    regions.sort(key=lambda r: r.start)

    markers = _markers(
        text, notes, block_spans, [(r.start, r.end) for r in reflists], glued, labelled, set(labels.values()), paren
    )
    return Structure(notes, markers, regions, entries, labels)


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """Is ``pos`` inside one of the sorted, disjoint ``spans``?"""
    i = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


# --- a notes section nobody read ---------------------------------------------------

#: A locator or a short form in a note or entry: ``p. 45``, ``pp. 3-9``, ``S. 12``, ``t. II``,
#: ``vol. 3``, ``Bd. 2``, ``fol. 12``, ``s. 24`` (Russian), or a closing ``, 45.`` / ``, 257–60.``
#: (Chicago); ibid/op. cit./cfr./vgl. are in ``_NOTE_WORDS``.
_CITED_LOCATOR = P.LazyPattern(
    r"""\b(?:pp?|S|s|t|tt|vol|vols|Bd|fols?|ff?|l|ll|str|c)\.[ \t\u00a0]?(?:\d|[IVXLC]{1,6}\b)
        |,[ \t]\d{1,4}(?:[-\u2013]\d{1,4})?\.?[ \t]*$
        |\b(?:ivi|ibidem|id\.|cit\.|cfr\.|vgl\.|voir|siehe|ver|\u0442\u0430\u043c\s+\u0436\u0435)""",
    re.VERBOSE | re.IGNORECASE,
)


def unread_numbered_tail(text: str, regions: "tuple[Region, ...] | list[Region]") -> tuple[int, int, int, int] | None:
    """A numbered block ending the text that reads like notes or references but is in no region.

    Takes the text and the regions :func:`analyse` (or a loader) found; returns
    ``(start, end, first number, count)`` — character offsets of the block,
    from its first label to the end of its last body — or ``None``.  The block
    is the last run of note lines (``1.``, ``1)``, ``(1)``, ``1``, ``[1]``,
    ``¹``) in sequence, at least three, starting at 1 or 2, with nothing but
    blank lines and page furniture after it, three fifths of whose lines hold a
    year, a locator (``p. 45``, ``S. 12``, ``, 257–60.``) or a short form
    (ibid., op. cit., Ivi, cfr.).  Such a block is what a notes section under a
    heading citekit does not know, or notes whose markers it did not find,
    look like: the check rule N104 reports it (docs/rules.md).  Linear.
    """
    lines = split_lines(text)
    last = len(lines) - 1
    while last >= 0 and (lines[last].blank or _PAGE_LINE.match(lines[last].text) or _RULE_LINE.match(lines[last].text)):
        last -= 1
    if last < 2:
        return None
    blocks = _blocks(lines, _note_lines(lines), {})
    if not blocks:
        return None
    block = blocks[-1]
    nls = block.lines
    if len(nls) < 3 or nls[0].number > 2:
        return None
    start = nls[0].label_start
    end = _note_body(lines, nls[-1], None)[1]
    if end < lines[last].start:
        return None  # text after the block: it does not end the text
    if any(r.start <= start < r.end for r in regions):
        return None
    cited = 0
    for i, nl in enumerate(nls):
        stop = nls[i + 1].index if i + 1 < len(nls) else None
        s, e = _note_body(lines, nl, stop)
        body = text[s:e]
        if _ENTRY_YEAR.search(body) or _NOTE_WORDS.search(body) or _CITED_LOCATOR.search(body):
            cited += 1
    if cited * 5 < len(nls) * 3:
        return None
    return start, end, nls[0].number, len(nls)


# --- Project Gutenberg footnotes ---------------------------------------------------


def _label_number(label: str | None, ordinal: int) -> int:
    """The note number of a Gutenberg label: ``12`` -> 12, ``A``/``a`` -> 1, ``AA`` -> 27,
    ``*`` -> 1, ``**`` -> 2, ``†`` -> 2, ``‡`` -> 3, ``§`` -> 4 (the printers' order);
    no label -> its place in the group."""
    if not label:
        return ordinal
    if label.isdigit():
        return int(label)
    if label[0] == "*":
        return len(label)
    if label in "\u2020\u2021\u00a7":
        return "*\u2020\u2021\u00a7".index(label) + 1
    u = label.upper()
    if len(u) == 1:
        return ord(u) - 64
    if u[0] == u[1]:
        return 26 + ord(u[0]) - 64
    return (ord(u[0]) - 64) * 26 + ord(u[1]) - 64


def _gutenberg_notes(text: str) -> list[_Gutenberg]:
    """Every ``[Footnote N: …]`` block of a Project Gutenberg text, in order.

    The body runs from after the label (and the spaces or line break after it)
    to the ``]`` that balances the opening bracket, so ``[sic]`` or a nested
    ``[Greek: …]`` inside it do no harm.  An unclosed block ends at its
    paragraph's end.  Each scan stops at the next opening: linear time.
    """
    # str.find for the literal (fast, skips ahead), the pattern only at the lines that hold it
    at: list[int] = []
    for needle in ("[Footnote", "[FOOTNOTE", "[footnote"):
        k = text.find(needle)
        while k >= 0:
            at.append(k)
            k = text.find(needle, k + 9)
    opens = []
    for k in sorted(at):
        ls = text.rfind("\n", 0, k) + 1
        if k - ls <= 8:
            m = _GUTENBERG_NOTE.match(text, ls)
            if m is not None:
                opens.append(m)
    out: list[_Gutenberg] = []
    for i, m in enumerate(opens):
        limit = opens[i + 1].start() if i + 1 < len(opens) else len(text)
        body = m.end()
        while body < limit and text[body] in " \t\n":
            body += 1
        # the balancing "]": at each "]", depth = 1 + "[" so far - "]" so far (str.find/count, no per-character loop)
        close, pos, opened, closed = -1, m.end(), 0, 0
        while True:
            k = text.find("]", pos, limit)
            if k < 0:
                break
            opened += text.count("[", pos, k)
            closed += 1
            if opened < closed:
                close = k
                break
            pos = k + 1
        if close >= 0:
            end, after = close, close + 1
        else:
            para = text.find("\n\n", body, limit)
            end = after = para if para >= 0 else limit
        while end > body and text[end - 1].isspace():
            end -= 1
        label = m.group("label")
        out.append(
            _Gutenberg(_label_number(label, 0), m.start() + m.group().index("["), body, end, after,
                       bool(label) and not label.isdigit())
        )
    return out


def _gutenberg_groups(text: str, notes: list[_Gutenberg]) -> list[list[_Gutenberg]]:
    """Runs of Gutenberg notes with only white space between them: one chapter each.

    Unlabelled ``[Footnote: …]`` blocks are numbered by their place in the run.
    """
    groups: list[list[_Gutenberg]] = []
    for g in notes:
        if groups and not text[groups[-1][-1].after : g.label_start].strip():
            groups[-1].append(g)
        else:
            groups.append([g])
    for group in groups:
        for k, g in enumerate(group, start=1):
            if g.number == 0:
                g.number = k
    return groups


# --- footnotes at the bottom of a page -----------------------------------------------


def _page_bottom(block: _Block, lines: list[_Line], page_starts: list[int], has_ff: bool) -> int | None:
    """The line where the block's page starts, if the block stands at a page bottom.

    A page bottom is under a rule line (``____``, ``---``; blank lines may stand
    between) or before a form feed (``\\f``, which pdftotext puts between pages),
    or at the end of a text that has form feeds.  ``None`` otherwise.
    """
    first = block.lines[0].index
    j = first - 1
    while j >= 0 and lines[j].blank:
        j -= 1
    ruled = j >= 0 and _RULE_LINE.match(lines[j].text) is not None
    fed = False
    if has_ff and not ruled:
        last = block.lines[-1].index
        k, blank = last + 1, False
        while k < len(lines) and k - last < 40:
            t = lines[k].text
            if t.startswith("\f"):
                fed = True
                break
            if lines[k].blank or _PAGE_LINE.match(t):
                blank = blank or lines[k].blank
            elif blank:
                break  # a paragraph after the notes: not the page's end
            k += 1
        else:
            fed = k >= len(lines)
    if not (ruled or fed):
        return None
    i = bisect.bisect_right(page_starts, first) - 1
    return page_starts[i] if i >= 0 else 0


def _page_evidence(block: _Block, text: str, page_start: int, block_start: int, glued: list[re.Match[str]]) -> bool:
    """Does the page above the block hold markers (glued, superscript, ``^n``, ``[n]``) for half its numbers?"""
    numbers = {nl.number for nl in block.lines}
    seen: set[int] = set()
    lo = bisect.bisect_left(glued, page_start, key=lambda m: m.start())
    for k in range(lo, len(glued)):
        m = glued[k]
        if m.start() >= block_start:
            break
        seen.add(int(m.group("num")))
    if P.has_superscripts(text[page_start:block_start]):
        for m in P.SUPERSCRIPT_MARKER.finditer(text, page_start, block_start):
            seen.add(int(m.group(0).translate(P.SUPERSCRIPT_TRANS)))
    for rx in (P.BRACKET_MARKER, P.CARET_MARKER):
        seen.update(int(m.group(1)) for m in rx.finditer(text, page_start, block_start))
    return len(numbers & seen) >= max(1, (len(numbers) + 1) // 2)


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
        elif m.group("paren"):
            num, kind = m.group("paren"), "paren"
        else:
            num, kind = m.group("num"), "num"
        backlink = bool(P.BACKLINK_TAIL.search(ln.text)) and "\u21a9" in ln.text
        out.append(
            _NoteLine(
                index=i,
                number=int(num),
                kind=kind,
                punct=")" if kind == "paren" else m.group("punct") or "",
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
            cur = _Block(heading=cur.heading, restart=True)  # a restart inside a notes section: a new chapter
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
        if ln.text.startswith("\f") or _RULE_LINE.match(ln.text):
            return False  # a page break: the notes of the next page are another block
    return True


def _heading_before(lines: list[_Line], index: int, headings: dict[int, str]) -> str | None:
    """The kind ("notes" | "reflist") of a heading just above line ``index``, if any."""
    j = index - 1
    seen = 0
    while j >= 0 and seen < 3:
        if j in headings:
            return headings[j]
        if not lines[j].blank:
            seen += 1
            if len(lines[j].text) > 80:
                return None
        j -= 1
    return None


def _is_note_block(block: _Block, lines: list[_Line] | None = None) -> bool:
    """A block that is notes by its own shape: under a notes heading, with back-links, or bracketed.

    Under a reference heading a numbered block is a numbered reference list
    (IEEE ``[12]``, Vancouver ``12.``) unless its lines read as notes: a third
    of them with ibid, op. cit., ebd., a.a.O., see or cf.
    """
    kinds = {nl.kind for nl in block.lines}
    if block.heading == "reflist":
        if lines is None:
            return False
        noted = sum(1 for nl in block.lines if _NOTE_WORDS.search(lines[nl.index].text))
        return noted * 3 >= len(block.lines)
    if block.heading or any(nl.backlink for nl in block.lines):
        return True
    return kinds <= {"bracket", "caret", "sup"}


def _needs_marker_evidence(block: _Block) -> bool:
    """Plain ``n.`` lines without heading or back-links: notes only if the text has their markers."""
    if block.heading == "reflist" or _is_note_block(block):
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
        if ln.text.startswith("\f") or _RULE_LINE.match(ln.text) or _PAGE_LINE.match(ln.text):
            break  # the page ends: a page number, a rule, a form feed
        if "[" in ln.text[:9] and _GUTENBERG_NOTE.match(ln.text):
            break  # a [Footnote N: …] block is a note of its own
        last = j
        after_blank = False
    end_line = lines[last]
    body = end_line.text
    m = P.BACKLINK_TAIL.search(body)
    end = end_line.start + (m.start() if m else len(body.rstrip()))
    return nl.body_start, max(end, nl.body_start)


# --- reference lists -------------------------------------------------------------


def _free_notes_headings(headings: dict[int, str], lines: list[_Line], note_spans: list[tuple[int, int]]) -> set[int]:
    """Notes headings with no note block between them and the next heading (their
    list may be a reference list: "Notes and References" over author-date entries)."""
    out = set()
    starts = sorted(s for s, _ in note_spans)
    order = sorted(headings)
    for k, h in enumerate(order):
        if headings[h] != "notes":
            continue
        stop = lines[order[k + 1]].start if k + 1 < len(order) else lines[-1].end + 1
        i = bisect.bisect_left(starts, lines[h].end)
        if i >= len(starts) or starts[i] >= stop:
            out.add(h)
    return out


def _running_heads(lines: list[_Line]) -> set[int]:
    """Indices of running heads: a short line with a page number and a heading word
    ("BIBLIOGRAPHY 231", "232 Works Cited"), or a short line, page number aside,
    written twice or more with the number ("Notes to pages 12-40 231")."""
    keys: dict[str, list[int]] = {}
    out = set()
    for i, ln in enumerate(lines):
        t = ln.text.strip(" \t\f")
        if not t or len(t) > 60 or not (t[0].isdigit() or t[-1].isdigit()):
            continue
        k = t.strip("0123456789 \t.-\u2013\u2014|")
        if len(k) < 3 or k == t:
            continue
        if P.REFLIST_HEADING.match(k) or P.NOTES_HEADING.match(k):
            out.add(i)
        keys.setdefault(k.lower(), []).append(i)
    for idx in keys.values():
        if len(idx) >= 2:
            out.update(idx)
    return out


def _reference_lists(
    lines: list[_Line],
    headings: dict[int, str],
    note_spans: list[tuple[int, int]],
    free_notes: set[int] | frozenset[int] = frozenset(),
) -> tuple[list[Region], list[tuple[int, int]], dict[int, int]]:
    """Reference lists under reflist headings (and notes headings with entries, not notes, under them).

    Returns the regions, the (start, end) of each entry and the numbers of
    numbered entries by start.  An entry is a paragraph, or a line that opens
    like an entry (a name and a comma, the ``———`` of a repeated author) after
    a line that ended one; hanging-indented, lower-case and hard-wrapped lines
    continue it.  Numbered lists (``[12]``, ``12.``, ``12``) have one entry per
    label, in sequence.  Page numbers, lone years, rule lines and running heads
    are skipped; the list ends at another heading, a back-matter title ("Index",
    "Appendix A"), a numbered section heading, or prose.
    """
    regions: list[Region] = []
    entries: list[tuple[int, int]] = []
    labels: dict[int, int] = {}
    furniture: set[int] | None = None
    for h in sorted(headings):
        kind = headings[h]
        if kind != "reflist" and h not in free_notes:
            continue
        hl = lines[h]
        if _inside(note_spans, hl.start):
            continue
        if furniture is None:
            furniture = _running_heads(lines)
        raw = _read_list(lines, h, headings, note_spans, furniture)
        got = _kept_entries(lines, raw)
        if kind == "notes" and not _entry_like_list(lines, got):
            continue
        if got:
            regions.append(Region("reflist", hl.start, got[-1][1], (hl.start, hl.end)))
            for s, e, label, _ in got:
                entries.append((s, e))
                if label is not None:
                    labels[s] = label
    return regions, entries, labels


def _text_of(lines: list[_Line], s: int, e: int, first: int) -> str:
    """The text of an entry from its start line (entries span lines; offsets are into the text)."""
    out = []
    i = first
    while i < len(lines) and lines[i].start < e:
        ln = lines[i]
        a = max(s, ln.start) - ln.start
        b = min(e, ln.end) - ln.start
        out.append(ln.text[a:b])
        i += 1
    return "\n".join(out)


def _read_list(
    lines: list[_Line], h: int, headings: dict[int, str], note_spans: list[tuple[int, int]], furniture: set[int]
) -> list[list]:
    """The raw entries under heading line ``h``: [start, end, label, first line index]."""
    out: list[list] = []
    cur: list | None = None
    numbered: bool | None = None
    expect = 0
    after_blank = True
    first_indent = prev_indent = 0
    prev_text = ""
    width = _list_width(lines, h, headings, note_spans)
    j = h + 1
    while j < len(lines):
        ln = lines[j]
        t = ln.text
        if j in headings or _inside(note_spans, ln.start):
            break
        if ln.blank:
            if cur is not None:
                out.append(cur)
                cur = None
            after_blank = True
            j += 1
            continue
        if len(t) > _MAX_ENTRY:
            break
        if j in furniture or _RULE_LINE.match(t) or _PAGE_LINE.match(t):
            j += 1
            continue
        stripped = t.strip(" \t\f")
        if len(stripped) < 60 and (_BACKMATTER.match(t) or stripped.startswith("#")):
            break
        lead = len(t) - len(t.lstrip(" \t\f"))
        s = ln.start + lead
        e = ln.start + len(t.rstrip())
        lab = _ENTRY_LABEL.match(t)
        number = int(lab.group("bracket") or lab.group("num")) if lab else 0
        if numbered is None:
            numbered = lab is not None and number <= 5 and (bool(lab.group("bracket") or lab.group("punct")) or t[lab.end()].isupper())
            expect = number
        if numbered:
            if lab is not None and expect <= number <= expect + 2:
                if cur is not None:
                    out.append(cur)
                cur = [ln.start + lab.end(), e, number, j]
                expect = number + 1
            elif cur is not None and not after_blank:
                cur[1] = e
            else:
                break  # a paragraph without a label after a numbered list: the list has ended
        else:
            if after_blank and _NUMBERED_HEADING.match(t) and not _ENTRY_YEAR.search(t):
                break
            if cur is None:
                cur = [s, e, None, j]
                first_indent = ln.indent
            else:
                continuation = (
                    ln.indent > first_indent
                    or (stripped[:1].islower() and not P.PARTICLE_ENTRY_START.match(stripped))
                    or prev_text.endswith(("-", ",", ":", "&", " and"))
                )
                opens = (
                    ln.indent < prev_indent
                    or (
                        _ENTRY_START.match(t) is not None
                        and (
                            prev_text.endswith((".", ")", "]", "\u201d", '"', "\u2019"))
                            or prev_text[-1:].isdigit()
                            or len(prev_text) < 60
                            or _LINK_WORD.match(prev_text.rsplit(None, 1)[-1]) is not None  # "… https://doi.org/….x"
                        )
                    )
                    or (
                        _LOOSE_ENTRY_START.match(t) is not None
                        # DIN 1505 and MHRA entries may end without a stop: "…, S. 269–277", "…, Add MS 27812"
                        and (prev_text.endswith((".", ")", "]", "\u201d", '"', "\u2019")) or prev_text[-1:].isdigit())
                        and (_paragraph_break(prev_text, stripped, width) or _YEAR_CLOSED.search(prev_text) is not None)
                    )
                )
                if continuation or not opens:
                    cur[1] = e
                else:
                    out.append(cur)
                    cur = [s, e, None, j]
                    first_indent = ln.indent
        prev_indent = ln.indent
        prev_text = t.rstrip()
        after_blank = False
        j += 1
    if cur is not None:
        out.append(cur)
    return out


def _list_width(lines: list[_Line], h: int, headings: dict[int, str], note_spans: list[tuple[int, int]]) -> int:
    """The length in characters of the longest line under heading line ``h``, up to the next
    heading or note: the width a hard-wrapped list was wrapped to."""
    width = 0
    j = h + 1
    while j < len(lines) and j not in headings and not _inside(note_spans, lines[j].start):
        width = max(width, len(lines[j].text.rstrip()))
        j += 1
    return width


def _paragraph_break(prev_text: str, stripped: str, width: int) -> bool:
    """Whether the line break after ``prev_text`` ends a paragraph: the list is not hard-wrapped
    (its longest line exceeds ``_UNWRAPPED_WIDTH``), or the first word of the next line
    (``stripped``) would have fitted on the previous line of a list wrapped to ``width``
    characters (the rule a line-filling wrapper follows, so a break before it was made by hand)."""
    if width > _UNWRAPPED_WIDTH:
        return True
    first = stripped.split(None, 1)[0] if stripped else ""
    return len(prev_text) + 1 + len(first) <= width


def _kept_entries(lines: list[_Line], raw: list[list]) -> list[list]:
    """Raw entries up to where prose starts; sub-headings ("Books", "Archives") skipped
    when entries follow them, the list ended when none do."""
    kept: list[list] = []
    for k, (s, e, label, first) in enumerate(raw):
        txt = _text_of(lines, s, e, first)
        if label is None:
            if _prose(txt):
                break
            if _title_line(txt):
                nxt = raw[k + 1] if k + 1 < len(raw) else None
                if nxt is not None and _entry_like(_text_of(lines, nxt[0], nxt[1], nxt[3])):
                    continue
                break
        kept.append([s, e, label, first])
    return kept


def _prose(txt: str) -> bool:
    """A paragraph of prose, not an entry: not opening like an entry, and long, or without
    a year and written in sentences (six or more words, most of them lower-case)."""
    if len(txt) > 1500:
        return True
    if _ENTRY_START.match(txt):
        return False
    if len(txt) > 400:
        return True
    if _ENTRY_YEAR.search(txt):
        return False
    words = txt.split()
    lower = sum(1 for w in words if w[:1].islower())
    return len(txt) > 150 or (len(words) >= 6 and lower * 10 >= len(words) * 6)


def _title_line(txt: str) -> bool:
    """A short one-line title ("Books", "Archival material"): no comma, year or closing full stop."""
    return (
        "\n" not in txt
        and len(txt) < 60
        and "," not in txt
        and not txt.rstrip().endswith(".")
        and not _ENTRY_YEAR.search(txt)
    )


def _entry_like(txt: str) -> bool:
    """Opens like a reference entry, holds a year, or is a closed phrase with a comma
    ("Archives nationales, F7 13090.")."""
    return bool(_ENTRY_START.match(txt) or _ENTRY_YEAR.search(txt) or ("," in txt[:80] and txt.rstrip().endswith(".")))


def _entry_like_list(lines: list[_Line], got: list[list]) -> bool:
    """Under a notes heading: entries (most open like one and hold a year), not notes."""
    if not got:
        return False
    good = 0
    for s, e, label, first in got:
        txt = _text_of(lines, s, e, first)
        if _ENTRY_START.match(txt) and _ENTRY_YEAR.search(txt) and not _NOTE_WORDS.search(txt):
            good += 1
    return good * 5 >= len(got) * 3


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
        if len(word) < 3 and not (
            len(word) == 2 and word.islower() and _SHORT_WORD_AFTER.match(text, m.end())
        ):
            return False  # "p3", "x2"; but French "l'ont bien vu7, et": a word, then punctuation
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
        if s == 0 or text[s - 1].isspace():  # any length: note 1000 follows 999 (issue 13)
            continue
        m = P.GLUED_DIGITS.match(text, s)
        if m is not None and _glued_ok(text, m):
            out.append(m)
    return out


#: Words after which ``(2)`` opens an item of an enumeration ("… and (2) to pacify"),
#: never a note marker: "and"/"or" in the languages citekit reads.
_ENUM_WORDS = frozenset(
    {"and", "or", "nor", "et", "ou", "und", "oder", "y", "o", "e", "ed", "i", "oraz", "lub", "en", "of",
     "\u0438", "\u0438\u043b\u0438", "\u0430"}
)
#: A sentence ends between two ``(n)``: a full stop, ! or ? before a space, or a line break.
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019\u00bb)]?\s|\n")


def _paren_item(text: str, m: re.Match[str]) -> bool:
    """Does this ``(n)`` stand where an enumeration item or a clause number stands?

    Items open a clause: at a line or sentence start, after a colon, comma,
    semicolon, dash or opening bracket, or after "and"/"or" (with a space
    between).  Clause numbers are glued to a number or short word (``5(3)``,
    ``s(2)``); a marker is followed by a letter or digit never (``(1)(a)``, ``(2)b``).
    """
    s, e = m.start(), m.end()
    nxt = text[e : e + 1]
    if nxt.isalnum() or nxt in "([":
        return True
    prev = text[s - 1] if s else "\n"
    if prev.isdigit() or prev in "\n([{/":
        return True
    if prev.isalpha():  # glued to a word: "renouvelée(1)" yes, "s(2)" no
        k = s
        while k > 0 and s - k < 3 and text[k - 1].isalpha():
            k -= 1
        return s - k < 3
    if prev not in " \t\u00a0":
        return False  # glued to punctuation or a closing quote: ".(1)", "»(2)", ",(5)"
    k = s - 1
    while k > 0 and text[k - 1] in " \t\u00a0":
        k -= 1
    if k == 0:
        return True
    q = text[k - 1]
    if q in "\n:;,.!?([{/\u2013\u2014-\u2022*":
        return True
    j = k
    while j > 0 and k - j < 6 and text[j - 1].isalpha():
        j -= 1
    return text[j:k].lower() in _ENUM_WORDS


def paren_candidates(text: str) -> list[re.Match[str]]:
    """Every ``(n)`` (1–3 digits) in ``text`` that can be a note marker, in order.

    Takes the text; returns ``PAREN_MARKER`` matches (group ``num``).  French
    and Italian books, and many Word documents, write note markers as ``(1)``
    after the word or the punctuation (``renouvelée (1).``, ``peasantry.(1)``);
    enumerations write the same ``(1) first … (2) second``.  Evidence for an
    item (:func:`_paren_item`): the place where it stands, or a run ``(k)``,
    ``(k+1)`` in one sentence where either is an item or both open a clause
    (a space before, a word after); such a run is dropped whole.  ``(1917)`` has four
    digits and never matches.  Whether the survivors *are* markers is decided
    by the note sequence (:func:`_glued_markers`) and by a note block with
    these numbers.  Linear: one scan, then a look at each neighbour pair.
    """
    if "(" not in text:
        return []
    raw = list(P.PAREN_MARKER.finditer(text))
    if not raw:
        return []
    drop = [_paren_item(text, m) for m in raw]
    # opens a clause: stands apart (a space before) and a word follows ("(1) to raise revenue")
    wordy = [
        text[m.start() - 1 : m.start()] in (" ", "\t", "\u00a0")
        and text[m.end() : m.end() + 1] in (" ", "\t")
        and text[m.end() + 1 : m.end() + 2].isalpha()
        for m in raw
    ]
    for i in range(1, len(raw)):
        a, b = raw[i - 1], raw[i]
        if int(b.group("num")) != int(a.group("num")) + 1 or b.start() - a.end() > 400:
            continue
        if _SENTENCE_END.search(text, a.end(), b.start()):
            continue
        if drop[i - 1] or drop[i] or (wordy[i - 1] and wordy[i]):
            drop[i - 1] = drop[i] = True
    return [m for m, d in zip(raw, drop) if not d]


def _markers(
    text: str,
    notes: list[Note],
    block_spans: list[tuple[int, int]],
    reflists: list[tuple[int, int]],
    glued: list[re.Match[str]] | None = None,
    labelled: set[int] | None = None,
    entry_numbers: set[int] | None = None,
    paren: list[re.Match[str]] | None = None,
) -> list[Marker]:
    """Markers of every chapter: explicit ones as written, else glued digits or
    ``(n)`` in sequence, whichever follows more of the chapter's notes (glued on a tie).

    ``labelled``: chapters whose notes are lettered or starred (``[A]``, ``[*]``
    markers are looked for there).  ``entry_numbers``: numbers of a numbered
    reference list, whose ``[n]`` in the text are citations, not note markers.
    ``paren``: :func:`paren_candidates` of the text, if already found.
    """
    if not notes:
        return []
    all_glued = glued if glued is not None else glued_candidates(text)
    excluded: list[tuple[int, int]] = []
    for s, e in sorted(block_spans + reflists):  # merged, so that their ends are sorted too
        if excluded and s <= excluded[-1][1]:
            excluded[-1] = (excluded[-1][0], max(excluded[-1][1], e))
        else:
            excluded.append((s, e))
    excluded_ends = [e for _, e in excluded]
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
        segment_ranges = _subtract([(start, end)], excluded, excluded_ends)
        explicit: list[Marker] = []
        for s, e in segment_ranges:
            for rx, kind in ((P.BRACKET_MARKER, "bracket"), (P.CARET_MARKER, "caret")):
                for m in rx.finditer(text, s, e):
                    ls = text.rfind("\n", 0, m.start()) + 1
                    if not text[ls : m.start()].strip():
                        continue  # at line start: a note body, not a marker
                    n = int(m.group(1))
                    if entry_numbers and n in entry_numbers and n not in numbers:
                        continue  # [12] citing entry 12 of a numbered reference list
                    explicit.append(Marker(m.start(), m.end(), n, chapter, kind, n in numbers))
            if labelled and chapter in labelled:
                for m in _LABEL_MARKER.finditer(text, s, e):
                    n = _label_number(m.group("label"), 0)
                    explicit.append(Marker(m.start(), m.end(), n, chapter, "bracket", n in numbers))
            for m in P.SUPERSCRIPT_MARKER.finditer(text, s, e) if has_superscripts else ():
                n = int(m.group(0).translate(P.SUPERSCRIPT_TRANS))
                explicit.append(Marker(m.start(), m.end(), n, chapter, "superscript", n in numbers))
        markers.extend(explicit)
        if explicit or not numbers:
            continue
        got = _glued_markers(text, segment_ranges, numbers, chapter, all_glued)
        if paren is None:
            paren = paren_candidates(text)
        if paren:
            alt = _glued_markers(text, segment_ranges, numbers, chapter, paren, "paren")
            if sum(m.has_note for m in alt) > sum(m.has_note for m in got):
                got = alt
        markers.extend(got)
    markers.sort(key=lambda m: m.start)
    return markers


def _glued_markers(
    text: str,
    ranges: list[tuple[int, int]],
    numbers: set[int],
    chapter: int,
    glued: list[re.Match[str]],
    kind: str = "glued",
) -> list[Marker]:
    """Align glued-digit candidates (or ``(n)`` ones, ``kind="paren"``) with the chapter's note sequence.

    A candidate is taken when it is the number expected next, or — after
    punctuation, or any ``(n)`` that :func:`paren_candidates` kept — up to three
    ahead of it (notes whose markers were lost).
    """
    top = max(numbers) + 3
    cands = []
    for s, e in ranges:
        lo = bisect.bisect_left(glued, s, key=lambda m: m.start())
        for k in range(lo, len(glued)):  # an index, not a slice: no copy
            m = glued[k]
            if m.start() >= e:
                break
            if m.end() <= e:
                cands.append(m)
    out: list[Marker] = []
    expected = min(numbers)  # 1, or where a page's numbering goes on (12, 13 on page 5)
    vals = [int(m.group("num")) for m in cands]
    for i, m in enumerate(cands):
        v = vals[i]
        if v > top:
            continue
        ok = v == expected or ((kind == "paren" or _strong(text, m)) and expected < v <= expected + 3)
        if not ok and expected < v <= expected + 3 and v in numbers:
            # a weak candidate ("word8") ahead of the sequence: taken when the next candidate
            # goes on from it ("word8 … word9"), so that one lost marker ("vu 7") does not
            # lose every later one; the missing note is then reported by ``check`` (N102)
            ok = i + 1 < len(cands) and vals[i + 1] == v + 1
        if ok:
            out.append(Marker(m.start(), m.end(), v, chapter, kind, v in numbers))
            expected = v + 1
    return out


def _subtract(
    ranges: list[tuple[int, int]], holes: list[tuple[int, int]], ends: list[int] | None = None
) -> list[tuple[int, int]]:
    """``ranges`` less the sorted ``holes`` (holes ending before a range are skipped by bisection,
    so a text with thousands of note blocks stays linear)."""
    out = []
    if ends is None:
        ends = [he for _, he in holes]
    for s, e in ranges:
        cur = s
        for k in range(bisect.bisect_right(ends, s), len(holes)):  # an index, not a slice: no copy
            hs, he = holes[k]
            if hs >= e:
                break
            if he <= cur:
                continue
            if hs > cur:
                out.append((cur, hs))
            cur = max(cur, he)
        if cur < e:
            out.append((cur, e))
    return out
