"""Detection: candidate citation spans in the body, in notes and in reference lists.

* **Parentheses** are scanned once, left to right, with a depth counter (nesting
  is bounded; a paragraph break closes whatever is open), so the scan is linear
  on any input.  Each top-level group is classified by :func:`classify`.
* **Notes**: a note that is itself a citation is one candidate (its body);
  otherwise citations in its parentheses and a closing "see …" are candidates.
* **Reference lists**: every entry is a candidate.

Several citations in one parenthesis or note, separated by ``;``, become
separate candidates.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from attrs import frozen

from . import patterns as P
from .knowledge import KnowledgeBase, fold
from .model import Fields, Form, Note
from .parse import has_short_keyword, is_name_like, is_periodical_name, parse_author_date, parse_citation

#: Deepest nesting of parentheses tracked; deeper ones are treated as text.
MAX_DEPTH = 32
#: A parenthesis longer than this is prose, not a citation.
MAX_PAREN = 700
#: A note longer than this is not a whole-note citation.
MAX_NOTE_CITATION = 450


@frozen
class Candidate:
    start: int
    end: int
    region: str  # body | note | reflist
    form_hint: Form | None = None
    note: int | None = None
    chapter: int = 0
    unclosed: bool = False


def paren_groups(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int, bool]]:
    """Top-level parenthesised groups in ``text[start:end]``: (inner start, inner end, closed).

    The next "(", ")" and paragraph break are each found with ``str.find`` (a
    fast C scan) and looked for again only once passed, so the scan is linear;
    at depth 0 closing parentheses and paragraph breaks are skipped over, and
    past MAX_DEPTH opening ones are.
    """
    end = len(text) if end is None else end
    none = end  # "not found"

    def find(sub: str, pos: int) -> int:
        i = text.find(sub, pos, end)
        return none if i < 0 else i

    o = find("(", start)
    c = p = start - 1  # not looked for yet
    depth = 0
    open_at = pos = start
    while True:
        if depth == 0:
            if o < pos:
                o = find("(", pos)
            if o == none:
                return
            open_at, depth, pos = o, 1, o + 1
            continue
        if c < pos:
            c = find(")", pos)
        if p < pos:
            p = find("\n\n", pos)
        if depth < MAX_DEPTH and o < pos:
            o = find("(", pos)
        i = min(o if depth < MAX_DEPTH else none, c, p)
        if i == none:
            break
        pos = i + 1
        if i == o:
            depth += 1
        elif i == c:
            depth -= 1
            if depth == 0:
                yield open_at + 1, i, True
        else:
            yield open_at + 1, i, False  # paragraph break: an unclosed parenthesis
            depth = 0
    yield open_at + 1, end, False


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def classify(content: str, kb: KnowledgeBase, before: str = "", abbreviations: frozenset[str] = frozenset()) -> Form | None:
    """Is ``content`` (a parenthesis's inside, or a note) a citation?  Its likely form, or None."""
    c = content.strip()
    if not c or len(c) > MAX_PAREN or not P.ALNUM.search(c):
        return None
    core = P.RELATION_PREFIX.sub("", c, count=1).strip()
    if not core:
        return None
    if P.IBID.match(core) and (len(core) < 60 or P.PAGES.search(core) or P.VOLUME.search(core)):
        return Form.IBID
    if len(core) < 200 and has_short_keyword(core) and P.SHORT_KEYWORD.search(core):
        return Form.OPCIT
    # a bare date after a sentence naming a periodical: "… The Wall Street Journal (24/5/89)"
    bare = core.strip(" .")
    word_date = P.WORD_DATE.fullmatch(bare)
    if P.NUMERIC_DATE.fullmatch(bare) or (word_date and word_date.group("day")):
        return Form.DATE if periodical_before(before, kb) else None
    # author-date keys: "Cliff 1974", "Lenin, 1965a", "Buick and Crump 1986: 98", "Cliff, 1974, p121"
    if parse_author_date(core, kb) is not None:
        return Form.AUTHOR_DATE
    has_pages = bool(P.PAGES.search(core)) or bool(P.NOTE_LOCATOR.search(core) and P.PAGE_WORD.search(core))
    has_volume = bool(P.VOLUME.search(core))
    capital = P.CAPITALISED_WORD.search(core) is not None
    first = core.split(",")[0].strip()
    if (has_pages or has_volume) and capital:
        if P.CROSS_REFERENCE.match(core):
            return None  # a cross-reference inside the book
        if (first.split() or [""])[0] in kb.abbreviations or first in abbreviations:  # "(, A0 p0)": empty
            return Form.ABBREV
        return Form.FULL
    parts = [p.strip() for p in core.split(",")]
    if len(parts) >= 2 and (P.NUMERIC_DATE.search(core) or P.WORD_DATE.search(core)):
        if any(is_periodical_name(p, kb) for p in parts):
            return Form.PERIODICAL
    # a whole-quoted title in title case: (“Immediate Tasks …”)
    q = P.QUOTED.fullmatch(core)
    if q:
        inner = [w for w in P.ASCII_WORD.findall(q.group("inner"))]
        if len(inner) >= 2 and all(w[0].isupper() for w in inner if len(w) > 3):
            return Form.SHORT
    # an abbreviation alone or with an item: (LCW) is too thin; (MECW, Vol. 3) is caught above
    # "Place, Year" or "Author, Title (Place Year)" with a known title
    if len(parts) >= 2 and is_name_like(parts[0]) and _title_case(parts[1]) and _known_title(", ".join(parts[1:]), kb):
        return Form.SHORT
    if len(parts) == 1 and len(core.split()) >= 2 and _title_case(core) and _known_title(core, kb):
        return Form.SHORT
    return None


def _title_case(s: str) -> bool:
    """Are the significant words of ``s`` capitalised, as in a title?"""
    if not s.lstrip("‘“\"'")[:1].isupper():
        return False
    words = [w for w in P.TITLE_WORD.findall(s) if len(w) > 3]
    return bool(words) and all(w[0].isupper() for w in words)


def _known_title(s: str, kb: KnowledgeBase) -> bool:
    from .knowledge import fold

    f = fold(s)
    return bool(f) and f in kb.folded_titles


def periodical_before(before: str, kb: KnowledgeBase) -> str | None:
    """The periodical named in the sentence that ends ``before`` (for a bare date), or None."""
    sent = P.SENTENCE_END.split(before[-400:])[-1]
    best = None
    for m in P.CAPITALISED_RUN.finditer(sent):
        words = m.group(0).split()
        for k in range(len(words), 0, -1):  # the longest known tail of the capitalised run
            cand = " ".join(words[-k:])
            if kb.periodical(cand) or (k == len(words) and is_periodical_name(cand, kb)):
                best = cand
                break
    return best


def split_semicolons(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Split ``text[s:e]`` at top-level semicolons."""
    spans = []
    start = s
    i = text.find(";", s, e)
    if i < 0:  # the common case: nothing to split
        return [_trim(text, s, e)] if text[s:e].strip() else []
    if text.find("(", s, e) < 0 and text.find(")", s, e) < 0:  # nothing nests: split with str.find
        while i >= 0:
            spans.append((start, i))
            start = i + 1
            i = text.find(";", start, e)
    else:
        depth = 0
        for i in range(s, e):
            c = text[i]
            if c == "(":
                depth += 1
            elif c == ")":
                depth = max(0, depth - 1)
            elif c == ";" and depth == 0:
                spans.append((start, i))
                start = i + 1
    spans.append((start, e))
    return [_trim(text, a, b) for a, b in spans if text[a:b].strip()]


#: Author-date keys a text's reference list defines: (folded family name, year + suffix),
#: and (family, ANY_YEAR) for every family name it lists.
Keys = frozenset[tuple[str, str]]
ANY_YEAR = "*"

#: Forms that are already one clean citation: keys inside them are not looked for.
_CLEAN = (Form.AUTHOR_DATE, Form.IBID, Form.OPCIT, Form.PERIODICAL, Form.DATE)


def reference_keys(entries: Iterable[Fields]) -> Keys:
    """The author-date keys of parsed reference-list entries: the first family name (the
    editor's for an edited volume, as the resolver keys them) and the year with its suffix.

    Each family name is kept whole and by its last word ("van der linden", "linden").
    """
    out: set[tuple[str, str]] = set()
    for f in entries:
        if f.creator_surnames and f.year:
            family = fold(f.creator_surnames[0])
            year = f.year + (f.year_suffix or "")
            for name in (family, family.rsplit(" ", 1)[-1]):
                out.add((name, year))
                out.add((name, ANY_YEAR))
    return frozenset(out)


def _is_key(names: str, year: str, keys: Keys) -> bool:
    """Do the first family name in ``names`` and ``year`` make a key of ``keys``?

    ``year`` may be ANY_YEAR: is the name one the reference list has at all?
    """
    first = P.SURNAME_RX.match(names)
    family = fold(first.group(0).removesuffix("’s").removesuffix("'s")) if first else ""  # "Harman's (1983b)"
    return bool(family) and ((family, year) in keys or (family.rsplit(" ", 1)[-1], year) in keys)


def inline_keys(text: str, s: int, e: int, keys: Keys) -> list[tuple[int, int]]:
    """Spans of the author-date keys in ``text[s:e]`` that the reference list defines.

    "For surveys see van der Linden 2007 and Fernbach, 1974, pp. 3-20" holds two.
    A match whose first name is not a key is tried again from its next word
    ("Trotsky, Stalin 1940" may still hold "Stalin 1940").  The pattern is tried
    only in a window around each year, so a long stretch of name-like words
    without years costs one scan for digits.
    """
    spans: list[tuple[int, int]] = []
    pos = s
    last_year_end = s  # names hold no digits: a key's names start after the previous year
    for y in P.KEY_YEAR.finditer(text, s, e):
        at = y.start()
        lo = max(pos, last_year_end, at - P.KEY_REACH_BEFORE)
        last_year_end = y.end()
        if at < pos:
            continue
        hi = min(e, y.end() + P.KEY_REACH_AFTER)
        # try each word start before the year, left to right (the leftmost match first)
        for w in P.KEY_START.finditer(text, lo, at):
            if w.start() < lo:
                continue  # inside a match already tried ("Trotsky, Stalin": go on from "Stalin")
            m = P.INLINE_KEY.match(text, w.start(), hi)
            if m is None:
                continue
            if m.start("year") > at:
                break  # no key ends with this year
            if m.start("year") == at and _is_key(m.group("names"), m.group("year") + (m.group("suffix") or ""), keys):
                spans.append((m.start(), m.end()))
                pos = m.end()
                break
            nxt = text.find(" ", m.start(), hi)  # try again from the next word
            lo = m.end() if nxt < 0 else nxt + 1
    return spans


def _narrative_key(text: str, rs: int, s: int, e: int, keys: Keys) -> int | None:
    """Where a narrative key starts ("Cliff (1974: 23)"): the parenthesis ``text[s:e]`` holds
    only a year and a locator, and the names just before it are an author of the reference
    list; else None.  The year need not be one the list has: "Cliff (1975)" against an
    entry for Cliff 1974 is a citation whose key is missing, for the checker to report."""
    m = P.YEAR_PAREN.fullmatch(text, s, e)
    if m is None:
        return None
    before = text[max(rs, s - 1 - 120) : s - 1]
    n = P.NARRATIVE_NAMES.search(before)
    if n is None or not _is_key(n.group("names"), ANY_YEAR, keys):
        return None
    return s - 1 - len(before) + n.start("names")


def body_candidates(
    text: str,
    ranges: list[tuple[int, int]],
    kb: KnowledgeBase,
    abbreviations: frozenset[str] = frozenset(),
    *,
    region: str = "body",
    note: Note | None = None,
    keys: Keys = frozenset(),
) -> list[Candidate]:
    """Citations in parentheses within ``ranges`` of ``text``.

    ``keys`` (from :func:`reference_keys`): with a reference list, a parenthesis
    that is not one clean citation is searched for the keys it defines, and a
    year in parentheses after a name that makes a key is a narrative citation.
    """
    out: list[Candidate] = []
    number, chapter = (note.number, note.chapter) if note else (None, 0)
    for rs, re_ in ranges:
        for s, e, closed in paren_groups(text, rs, re_):
            s, e = _trim(text, s, e)
            if e <= s:
                continue
            if not closed:
                e = _cut_unclosed(text, s, e)
            pieces = split_semicolons(text, s, e)
            forms = [classify(text[a:b], kb, text[max(rs, s - 400) : s - 1], abbreviations) for a, b in pieces]
            if len(pieces) > 1 and not all(forms):
                # not a list of citations: judge the whole
                whole = classify(text[s:e], kb, text[max(rs, s - 400) : s - 1], abbreviations)
                pieces, forms = ([(s, e)], [whole])
            for (a, b), form in zip(pieces, forms):
                if keys and form not in _CLEAN:
                    start = _narrative_key(text, rs, a, b, keys) if len(pieces) == 1 else None
                    if start is not None:
                        close = text.find(")", b, re_)
                        out.append(Candidate(start, close + 1 if close >= 0 else b, region, Form.AUTHOR_DATE, number, chapter))
                        continue
                    inline = inline_keys(text, a, b, keys)
                    if inline:
                        out.extend(Candidate(x, y, region, Form.AUTHOR_DATE, number, chapter) for x, y in inline)
                        continue
                if form is None:
                    continue
                out.append(Candidate(a, b, region, form, number, chapter, not closed))
    return out


def _cut_unclosed(text: str, s: int, e: int) -> int:
    """An unclosed parenthesis: the citation runs to the full stop after its locator."""
    seg = text[s:e]
    m = P.PAGES.search(seg)
    anchor = m.end() if m else 0
    stop = P.FULL_STOP.search(seg, anchor)
    if stop:
        return s + stop.end()
    return e


_SEE_TAIL = re.compile(r"(?:^|[\s(])(?:[-\u2013\u2014,;:][ \t]*)?(?:see(?:[ \t]+also)?|cf\.)[ \t]+(?=[A-Z‘“])", re.I)


def note_candidates(
    text: str,
    note: Note,
    kb: KnowledgeBase,
    abbreviations: frozenset[str] = frozenset(),
    *,
    memo: dict[str, tuple[Fields, ...]] | None = None,
    keys: Keys = frozenset(),
) -> list[Candidate]:
    """Citations in one note body.

    ``memo``: see :func:`~citekit.parse.parse_citation`; ``keys``: see :func:`body_candidates`.
    """
    s, e = _trim(text, note.start, note.end)
    body = text[s:e]
    if not body:
        return []
    whole = _whole_note_form(body, kb, abbreviations, memo)
    if whole is not None:
        see = _SEE_TAIL.search(body)
        if see and see.start() > 0 and _is_prose(body[: see.start()]):
            whole = None  # "The term … was deployed by Engels … - see K Marx, …": the tail is the citation
    if whole is not None:
        pieces = split_semicolons(text, s, e)
        if len(pieces) > 1:
            forms = [_whole_note_form(text[a:b], kb, abbreviations, memo) for a, b in pieces]
            if all(forms):
                return [Candidate(a, b, "note", f, note.number, note.chapter) for (a, b), f in zip(pieces, forms)]
        inline = inline_keys(text, s, e, keys) if keys and whole not in _CLEAN else []
        if inline:  # "For surveys see van der Linden 2007 and Fernbach, 1974": the keys, not the note
            return [Candidate(a, b, "note", Form.AUTHOR_DATE, note.number, note.chapter) for a, b in inline]
        return [Candidate(s, e, "note", whole, note.number, note.chapter)]
    out = body_candidates(text, [(s, e)], kb, abbreviations, region="note", note=note, keys=keys)
    # a closing "… see M Lewin Lenin’s last struggle London 1975."
    last_paren_end = max((c.end for c in out), default=s)
    for m in _SEE_TAIL.finditer(text, last_paren_end, e):
        cs = m.end()
        tail = text[cs:e]
        if "(" in tail or ")" in tail:
            continue
        form = _whole_note_form(tail, kb, abbreviations, memo)
        if form is not None:
            out.append(Candidate(cs, e, "note", form, note.number, note.chapter))
            break
    if keys:  # keys in the prose of a discursive note: "… as Cliff 1974, pp. 12-15, shows"
        taken = [(c.start, c.end) for c in out]
        for a, b in inline_keys(text, s, e, keys):
            if not any(x < b and a < y for x, y in taken):
                out.append(Candidate(a, b, "note", Form.AUTHOR_DATE, note.number, note.chapter))
        out.sort(key=lambda c: c.start)
    return out


def _is_prose(s: str) -> bool:
    """Does ``s`` read as a sentence rather than a citation's head (a verb, or many lower-case words)?"""
    if P.PROSE_VERB.search(s):
        return True
    return sum(1 for w in s.split() if w[:1].islower() and w not in _MINOR_WORDS) >= 8


#: Words that stand lower-case inside titles too.
_MINOR_WORDS = frozenset("a an and as at by for from in into of on or the to with".split())


def _whole_note_form(
    body: str, kb: KnowledgeBase, abbreviations: frozenset[str], memo: dict[str, tuple[Fields, ...]] | None = None
) -> Form | None:
    """Is the whole of a note (or of a ``;`` piece) one citation?"""
    b = body.strip()
    if not b or len(b) > MAX_NOTE_CITATION:
        return None
    core = P.RELATION_PREFIX.sub("", b, count=1).strip()
    if P.IBID.match(core):
        return Form.IBID
    for inner in P.FLAT_PARENS.finditer(core):
        if classify(inner.group(1), kb, "", abbreviations):
            return None  # a discursive note with its own parenthetical citation
    # prose sentences inside: not a whole-note citation
    sentences = [x for x in P.PROSE_SENTENCE_BREAK.split(core) if x.strip()]
    if len(sentences) > 2:
        return None
    form = classify(core, kb, "", abbreviations)
    if form in (Form.IBID, Form.OPCIT, Form.AUTHOR_DATE, Form.PERIODICAL, Form.DATE):
        return form
    fields = parse_citation(b, kb, abbreviations, memo=memo)  # b, not core: the text extraction parses
    if not fields:
        return None
    f = fields[0]
    located = bool(f.place or f.year or f.pages or f.volume)
    # the note must *open* like a citation: authors, an abbreviation, or a short title
    if (f.authors or f.editors or f.abbreviation) and (f.title or f.abbreviation) and located:
        return form or Form.FULL
    if form is not None and f.title and len(f.title.split()) <= 16 and not f.authors and located:
        return form
    return None


def reflist_candidates(text: str, entries: list[tuple[int, int]]) -> list[Candidate]:
    """Each reference-list entry is a candidate."""
    out = []
    for s, e in entries:
        s, e = _trim(text, s, e)
        if e > s and any(ch.isalpha() for ch in text[s:e]):
            out.append(Candidate(s, e, "reflist", Form.REFLIST))
    return out
