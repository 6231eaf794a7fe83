"""Parsing: a citation's text -> :class:`~citekit.model.Fields`.

A citation may hold several sources ("… Moscow 1946, p. 5. Quoted by T. Cliff,
State Capitalism in Russia, p. 121."): :func:`parse_citation` returns one
:class:`Fields` per source, with its role.

Inside one source the parser works from both ends:

* from the right it takes the *elements* it can recognise without knowing the
  work — volume, pages, note locators, place + year, edition, remarks;
* what stands before the first element is the *head*: authors and title, in
  comma style (``Alec Nove, An Economic History of the USSR``) or in the
  unpunctuated British style (``EH Carr The Bolshevik revolution``);
* text between or after elements names an item inside the work
  (``Critique of the Gotha Programme, by Marx``).
"""

from __future__ import annotations

import re
from typing import Collection, Iterable

import attrs

from . import patterns as P
from .knowledge import KnowledgeBase, fold
from .model import Fields, Name

# --- names -------------------------------------------------------------------------

#: Words that begin titles, never names.
_TITLE_WORDS = frozenset(
    """the a an my our his her their its on in of from to for what why how who when where is are was
    history works writings memoirs letters speeches report selected collected complete socialism
    communism capitalism revolution state party stalinism leninism marxism problems questions
    critique theory notes diary essays documents programme program manifesto introduction
    economic political social soviet russian russia union ussr world new old life last first
    great people peoples war peace terror trial interview editorial""".split()
)
_PARTICLES = frozenset("de d’ d' von van der den la le du di da del della ten ter".split())
_HONORIFICS = frozenset("sir dr prof professor mr mrs ms comrade".split())

#: Initials: VI, E.H., E. H., J-P, N., GV (two to three capital letters, or dotted).
_INITIALS_RX = re.compile(r"(?:[A-Z]\.[ \t]?|[A-Z](?=[ \t-]|[A-Z][ \t-])(?:-[A-Z]\.?)?){1,3}|[A-Z]{1,3}(?=[ \t])")
#: A surname token (capitalised; hyphens and apostrophes; diacritics).
_SURNAME_TOKEN = r"[A-Z\u00c0-\u00de][A-Za-z\u00c0-\u024f’'\-]{1,30}"
#: No-comma name at the start of a head: initials + surname (+ particle parts) + optional (ed).
_LEADING_NAME = re.compile(
    rf"""(?:(?:Sir|Dr|Prof\.?)[ \t]+)?
        (?P<initials>(?:[A-Z]\.?[ \t]?-?){{1,3}}?)[ \t]+
        (?P<surname>{_SURNAME_TOKEN}(?:[ \t]+(?:d’|d'|de[ \t]|von[ \t]|van[ \t]|der[ \t]|du[ \t]|la[ \t])[ \t]*{_SURNAME_TOKEN}){{0,2}}
          |{_SURNAME_TOKEN}[ \t]+d[’'][A-Z][A-Za-z]{{1,20}})
        (?P<ed>[ \t]*\((?:eds?|editors?|ed\.|eds\.)\))?""",
    re.VERBOSE,
)
_AND = re.compile(r"[ \t]+(?:and|&)[ \t]+|[ \t]*,[ \t]*(?=[A-Z])")
_ET_AL = re.compile(r"(?:[ \t]*,?[ \t]+(?:and[ \t]+others|et[ \t]+al\.?|and[ \t]+co\.?))[ \t]*$", re.IGNORECASE)


def normalise_initials(s: str) -> str:
    """``VI`` -> ``V. I.``; ``E.H.`` -> ``E. H.``; ``J-P`` -> ``J.-P.``."""
    s = s.strip()
    if not s:
        return s
    out = []
    i = 0
    while i < len(s):
        c = s[i]
        if c.isupper():
            out.append(c + ".")
        elif c == "-" and out:
            out[-1] += "-"
        i += 1
    text = " ".join(out)
    return text.replace("- ", "-")


def _editor_mark_split(seg: str) -> tuple[str, bool]:
    """``seg`` without its editor mark ("(ed.)", ", eds"), and whether it had one."""
    low = seg.lower()
    if "ed" not in low and "comp" not in low and "trans" not in low:  # in every mark: skip the pattern
        return seg, False
    out, n = P.EDITOR_MARK.subn("", seg)
    return out, n > 0


def _et_al_split(seg: str) -> tuple[str, bool]:
    """``seg`` without a closing "et al." / "and others", and whether it had one."""
    low = seg.lower()
    if "et" not in low and "and" not in low:  # in every form: skip the pattern
        return seg, False
    out, n = _ET_AL.subn("", seg)
    return out, n > 0


def is_name_like(seg: str) -> bool:
    """Does ``seg`` read as one or more personal names (no title words)?"""
    seg = _et_al_split(_editor_mark_split(seg)[0])[0].strip()
    if not seg or len(seg) > 80 or P.ANY_DIGIT.search(seg):
        return False
    if P.NOT_IN_NAMES.search(seg.replace("d’", "").replace("’s", "")):
        return False
    tokens = P.BLANKS.split(seg)
    if len(tokens) > 9:
        return False
    cap = 0
    for t in tokens:
        tl = t.lower().strip(".,")
        if tl in ("and", "&") or tl in _PARTICLES or tl in _HONORIFICS:
            continue
        if t.startswith(("d’", "d'")):
            continue
        if not t[:1].isupper():
            return False
        if tl in _TITLE_WORDS:
            return False
        if t.endswith(("’s", "'s")):
            return False
        cap += 1
    return cap >= 1


def parse_names(seg: str) -> tuple[tuple[Name, ...], bool, bool]:
    """Names in ``seg`` -> (names, et_al, editors)."""
    seg, editors = _editor_mark_split(seg)
    seg, et_al = _et_al_split(seg)
    seg = seg.strip(" ,")
    pieces = [p for p in _AND.split(seg) if p.strip()]
    names: list[Name] = []
    for p in pieces:
        n = parse_name(p)
        if n is not None:
            names.append(n)
    return tuple(names), et_al, editors


def parse_name(s: str) -> Name | None:
    """One personal name as written (``VI Lenin``, ``Alec Nove``, ``Carr, E. H.``)."""
    s = s.strip(" ,.")
    if not s:
        return None
    if "," in s:  # inverted: Carr, E. H.
        family, given = s.split(",", 1)
        given = given.strip()
        if P.INITIALS_ONLY.fullmatch(given):
            given = normalise_initials(given)
        return Name(family.strip(), given or None)
    tokens = s.split()
    while tokens and tokens[0].lower().strip(".") in _HONORIFICS:
        tokens = tokens[1:]
    if not tokens:
        return None
    if len(tokens) == 1:
        return Name(tokens[0])
    # family name: last token, plus particles before it (Carrere d’Encausse, van der Linden)
    i = len(tokens) - 1
    while i > 1 and (tokens[i - 1].lower() in _PARTICLES or tokens[i].startswith(("d’", "d'"))):
        i -= 1
    if i == 1 and tokens[0] in _PARTICLES:  # "van der Linden": lower-case particles only, no given name
        i = 0
    if tokens[i].startswith(("d’", "d'")) and i > 1:
        i -= 1
    given_tokens, family_tokens = tokens[:i], tokens[i:]
    given = " ".join(given_tokens)
    if all(P.INITIAL_TOKEN.fullmatch(g) for g in given_tokens):
        given = normalise_initials("".join(given_tokens) if all(len(g) <= 2 for g in given_tokens) else given)
    return Name(" ".join(family_tokens), given or None)


# --- pages and volumes --------------------------------------------------------------

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_to_int(s: str) -> int | None:
    """Value of a roman numeral, or None."""
    s = s.upper()
    if not s or any(c not in _ROMAN_VALUES for c in s):
        return None
    total = 0
    for i, c in enumerate(s):
        v = _ROMAN_VALUES[c]
        total += -v if i + 1 < len(s) and _ROMAN_VALUES[s[i + 1]] > v else v
    return total


def normalise_volume(v: str | None) -> str | None:
    """``III`` -> ``3``; ``30`` -> ``30``; ``1935–36`` -> ``1935-36``."""
    if not v:
        return None
    v = P.DASH_RE.sub("-", v.strip()).replace(" ", "")
    if P.ROMAN_NUMERAL.fullmatch(v):
        n = roman_to_int(v)
        return str(n) if n else v
    return v


def normalise_pages(s: str | None) -> str | None:
    """``121-2`` -> ``121-122``; ``pp73,74`` -> ``73,74``; ``126 and 131`` -> ``126,131``."""
    if not s:
        return None
    s = P.DASH_RE.sub("-", s)
    items = [i.strip() for i in P.PAGE_LIST_SEP.split(s) if i.strip()]
    out = []
    for item in items:
        item = P.FF_SUFFIX.sub("", item)
        m = P.NUMBER_RANGE.fullmatch(item)
        if m:
            a, b = m.groups()
            if len(b) < len(a):
                b = a[: len(a) - len(b)] + b
            out.append(f"{a}-{b}")
        else:
            out.append(item.replace(" ", ""))
    return ",".join(out) or None


def page_label_problems(label: str, pages: str) -> str | None:
    """Why a page locator is malformed (``p.`` with a range, ``pp.`` with one page), or None."""
    plural = label.lower().startswith("pp") or label.lower() == "pages"
    multi = bool(P.MULTI_PAGE.search(pages))
    if plural and not multi:
        return f"'{label}' (plural) with a single page"
    if not plural and multi and label.lower().startswith("p"):
        return f"'{label}' (singular) with a page range or list"
    return None


# --- the parser -----------------------------------------------------------------------


@attrs.define
class _Element:
    kind: str
    start: int
    end: int
    value: dict


def parse_citation(
    text: str, kb: KnowledgeBase, abbreviations: Iterable[str] = (), *, memo: dict[str, tuple[Fields, ...]] | None = None
) -> tuple[Fields, ...]:
    """Parse a citation's text into one :class:`Fields` per cited source.

    ``memo``: a dict kept for one text (same knowledge base and abbreviations),
    so that a note judged by parsing is not parsed again when it is extracted.
    """
    if memo is not None:
        hit = memo.get(text)
        if hit is None:
            hit = memo[text] = parse_citation(text, kb, abbreviations)
        return hit
    s = text.strip()
    declares = None
    m = P.DECLARATION.search(s) if any(h in s for h in P.DECLARATION_HINTS) else None
    if m:
        declares = m.group("abbr")
        s = s[: m.start()].rstrip(" ,.;")
    pieces = _split_relations(s)
    out: list[Fields] = []
    quoted_later = any(rel and rel.lower().startswith(("quoted", "cited")) for rel, _ in pieces[1:])
    for i, (rel, seg) in enumerate(pieces):
        f = parse_source(seg, kb, abbreviations)
        role = "cited"
        relation = rel.lower() if rel else f.relation
        if relation and relation.startswith(("quoted", "cited", "as quoted")):
            role = "quoted-in"
        if i == 0 and quoted_later:
            role = "original"
        if role != f.role or relation != f.relation:  # evolve is costly: only when needed
            f = attrs.evolve(f, role=role, relation=relation)
        out.append(f)
    if declares and out:
        out[0] = attrs.evolve(out[0], declares=declares)
    return tuple(out)


def _split_relations(s: str) -> list[tuple[str | None, str]]:
    pieces: list[tuple[str | None, str]] = []
    rel: str | None = None
    m = P.RELATION_PREFIX.match(s)
    if m:
        rel = m.group("rel")
        s = s[m.end() :]
    pos = 0
    for m in P.INNER_RELATION.finditer(s):
        before = s[pos : m.start()]
        if not before.strip():
            continue
        pieces.append((rel, before))
        rel = m.group("rel")
        pos = m.end()
    pieces.append((rel, s[pos:]))
    return pieces


def parse_source(seg: str, kb: KnowledgeBase, abbreviations: Iterable[str] = ()) -> Fields:
    """Parse one source (no inner "Quoted by") into fields."""
    rel = None
    m = P.RELATION_PREFIX.match(seg)
    if m:
        rel = m.group("rel").lower()
        seg = seg[m.end() :]
    seg = seg.strip().rstrip(" .,;")
    remarks: list[str] = []
    while True:
        # remarks stand at the end: search only the tail (REMARK is anchored at $)
        if not P.may_end_with_remark(seg):
            break
        m = P.REMARK.search(seg, max(0, len(seg) - P.REMARK_TAIL))
        if not m or m.start() == 0:
            break
        remarks.append(m.group("remark"))
        seg = seg[: m.start()].rstrip(" .,;")
    edition = None
    m = P.EDITION.search(seg) if "ed" in seg.lower() else None  # every edition mark has "ed"
    if m:
        edition = m.group("edition")
        seg = (seg[: m.start()] + seg[m.end() :]).strip().rstrip(" .,;")

    base = dict(relation=rel, remarks=tuple(reversed(remarks)), edition=edition)

    m = P.IBID.match(seg)
    if m:
        loc = _locators(seg[m.end() :], kb)
        return Fields(short="ibid", **base, **loc)
    m = P.IDEM.match(seg)
    if m and not seg[m.end() :].strip()[:1].isupper():
        loc = _locators(seg[m.end() :], kb)
        return Fields(short="idem", **base, **loc)
    m = P.SHORT_KEYWORD.search(seg) if has_short_keyword(seg) else None
    if m:
        kind = "loccit" if fold(m.group("kw")).startswith("loc") else "opcit"
        head = seg[: m.start()].strip(" ,")
        names, et_al, _ = parse_names(head) if head else ((), False, False)
        loc = _locators(seg[m.end() :], kb)
        return Fields(short=kind, authors=names, authors_text=head or None, et_al=et_al, **base, **loc)

    periodical = _periodical(seg, kb)
    if periodical is not None:
        return attrs.evolve(periodical, **base)

    ad = parse_author_date(seg, kb)
    if ad is not None:
        return attrs.evolve(ad, **base)

    if not isinstance(abbreviations, (set, frozenset)):
        abbreviations = frozenset(abbreviations)
    return _full(seg, kb, abbreviations, base)


def has_short_keyword(s: str) -> bool:
    """A fast test before SHORT_KEYWORD: op. cit., loc. cit., opere/loco citato all have "cit"."""
    return "cit" in s.lower()


def parse_keyed(text: str) -> tuple[Fields, ...]:
    """A pandoc citation group's inside: ``see @lenin-cw, p. 22; @carr1950, 45``."""
    out = []
    for piece in text.split(";"):
        m = P.PANDOC_KEY.search(piece)
        if not m:
            continue
        prefix = piece[: m.start()].strip().lower() or None
        loc = _locators(piece[m.end() :], None)  # type: ignore[arg-type]
        if "pages" not in loc:
            bare = P.BARE_PAGES_TAIL.match(piece[m.end() :])
            if bare:
                loc["pages"] = normalise_pages(bare.group(1).strip(" ,"))
        out.append(Fields(keyed=m.group("key"), relation=prefix, **loc))
    return tuple(out)


def _locators(s: str, kb: KnowledgeBase) -> dict:
    """Volume, pages and note locator in a short form's tail."""
    out: dict = {}
    m = P.VOLUME.search(s)
    if m:
        out["volume"] = normalise_volume(m.group("vol"))
    m = P.NOTE_LOCATOR.search(s)
    if m:
        out["note_locator"] = m.group("note")
        if m.group("page"):
            out["pages"] = m.group("page")
    m = P.PAGES.search(s)
    if m and "pages" not in out:
        out["pages"] = normalise_pages(m.group("pages"))
    return out


def _top_level_split(s: str, sep: str = ",") -> list[tuple[int, int]]:
    """Spans of the pieces of ``s`` split at ``sep`` outside parentheses and quotes."""
    if not any(ch in s for ch in "([“‘"):  # nothing nests: split with str.find
        spans = []
        start = 0
        i = s.find(sep)
        while i >= 0:
            spans.append((start, i))
            start = i + 1
            i = s.find(sep, start)
        spans.append((start, len(s)))
        return spans
    spans = []
    depth = 0
    quote = False
    start = 0
    for i, c in enumerate(s):
        if c in "([":
            depth += 1
        elif c in ")]":
            depth = max(0, depth - 1)
        elif c in "“‘":
            quote = True
        elif c in "”" or (c == "’" and quote and (i + 1 == len(s) or not s[i + 1].isalpha())):
            quote = False
        elif c == sep and depth == 0 and not quote:
            spans.append((start, i))
            start = i + 1
    spans.append((start, len(s)))
    return spans


def _pieces(s: str) -> list[str]:
    """The non-empty comma-separated pieces of ``s`` (outside parentheses and quotes), stripped."""
    if not any(ch in s for ch in "([“‘"):  # nothing nests: a plain split (the common case)
        return [p for p in map(str.strip, s.split(",")) if p]
    return [p for p in (s[a:b].strip() for a, b in _top_level_split(s)) if p]


_PERIODICAL_WORD = re.compile(
    r"\b(?:Times|Journal|Post|Gazette|Gazeta|Herald|Tribune|News|Weekly|Daily|Monthly|Quarterly|Bulletin|Magazine|"
    r"Observer|Guardian|Telegraph|Worker|Pravda|Izvestia|Review|Chronicle|Mail|Express|Star|Courier|Independent)\b"
)


def _date_in(s: str) -> re.Match[str] | None:
    return P.NUMERIC_DATE.search(s) or P.WORD_DATE.search(s)


def is_periodical_name(name: str, kb: KnowledgeBase) -> bool:
    """Is ``name`` a known periodical or shaped like one (…Times, …Journal)?"""
    name = name.strip(" .")
    if kb.periodical(name):
        return True
    return bool(_PERIODICAL_WORD.search(name)) and len(name.split()) <= 6 and name[:1].isupper()


def _periodical(seg: str, kb: KnowledgeBase) -> Fields | None:
    """``Financial Times, 14/11/85`` / ``Roy Howard, Stalin interview, Communist International, March/April 1936``."""
    if not P.DATE_HINT.search(seg):
        return None
    pieces = _pieces(seg)
    if len(pieces) < 2:
        return None
    date = None
    for p in pieces:
        m = P.NUMERIC_DATE.fullmatch(p.strip(" .")) or P.WORD_DATE.fullmatch(p.strip(" ."))
        if m:
            date = p.strip(" .")
    if date is None:
        return None
    for i, p in enumerate(pieces):
        if p.strip(" .") == date:
            continue
        if is_periodical_name(p, kb) and (kb.periodical(p) or i > 0 or len(pieces) == 2):
            authors: tuple[Name, ...] = ()
            title = None
            rest = [q for q in pieces[:i]]
            if rest and is_name_like(rest[0]):
                authors, _, _ = parse_names(rest[0])
                rest = rest[1:]
            if rest:
                title = ", ".join(rest)
            issue = None
            mi = P.ISSUE_NUMBER.search(seg)
            if mi:
                issue = mi.group("no")
            pages = None
            mp = P.PAGES.search(seg)
            if mp:
                pages = normalise_pages(mp.group("pages"))
            return Fields(periodical=p.strip(" ."), issue_date=date, authors=authors, title=title, issue=issue, pages=pages)
    return None


def parse_author_date(seg: str, kb: KnowledgeBase) -> Fields | None:
    """``Cliff, 1974, p121`` / ``Lenin 1965a: 23`` / ``Harman 2009``."""
    m = P.AUTHOR_DATE.match(seg)
    if not m:
        return None
    names_text = m.group("names").strip(" ,").removesuffix("’s").removesuffix("'s")  # "Harman's (1983b)"
    if not is_name_like(names_text) or kb.is_place(names_text):
        return None
    words = names_text.split()
    if any(kb.is_place(" ".join(words[-k:])) for k in (1, 2) if len(words) > k):
        return None  # "H Carrere d’Encausse Stalin London 1981": place and year, not a key
    if P.WORD_DATE.search(seg):
        return None  # "Lenin, 8th November 1917": a dated utterance, not a key
    rest = m.group("rest") or ""
    if rest.strip(" ,:") and not P.LOCATOR_TAIL.match(rest):
        return None
    names, et_al, _ = parse_names(names_text)
    loc = _locators(rest, kb)
    if "pages" not in loc:
        mp = P.BARE_PAGES_TAIL.match(rest)
        if mp:
            loc["pages"] = normalise_pages(mp.group(1).strip(" ,"))
    year = m.group("year")
    return Fields(
        authors=names,
        authors_text=names_text,
        et_al=et_al,
        year=None if year == "n.d." else year,
        year_suffix=m.group("suffix"),
        author_date=True,
        **loc,
    )


def _elements(seg: str, kb: KnowledgeBase) -> list[_Element]:
    """Volumes, pages, note locators and place-year pairs found in ``seg``."""
    els: list[_Element] = []
    low = seg.lower()
    # "vol"/"v." is in every VOLUME, "n."/"note" in every NOTE_LOCATOR: skip the pattern without them
    for m in P.VOLUME.finditer(seg) if "vol" in low or "v." in low else ():
        els.append(_Element("volume", m.start(), m.end(), {"volume": normalise_volume(m.group("vol"))}))
    for m in P.NOTE_LOCATOR.finditer(seg) if "n." in low or "note" in low else ():
        v = {"note_locator": m.group("note")}
        if m.group("page"):
            v["pages"] = m.group("page")
        els.append(_Element("note", m.start(), m.end(), v))
    for m in P.PAGES.finditer(seg):
        if any(e.start <= m.start() < e.end for e in els):
            continue
        els.append(_Element("pages", m.start(), m.end(), {"pages": normalise_pages(m.group("pages")), "label": m.group("label")}))
    for m in P.PLACE_YEAR.finditer(seg) if P.YEAR_HINT.search(seg) else ():
        el = _place_year(seg, m, kb)
        if el and not any(e.start <= el.start < e.end for e in els):
            els.append(el)
    els.sort(key=lambda e: e.start)
    return els


_MONTH_RX = re.compile(rf"^(?:{P.MONTHS})\.?$")


def _place_year(seg: str, m: re.Match[str], kb: KnowledgeBase) -> _Element | None:
    words = m.group("place").split()
    year = m.group("year")
    value = {"year": year} if year else {"year": None, "no_date": True}
    # the longest run of final words that is a known place
    for k in range(len(words), 0, -1):
        cand = " ".join(words[-k:])
        if kb.is_place(cand):
            start = m.start("place") + m.group("place").rfind(cand)
            return _Element("place", start, m.end(), {**value, "place": cand})
    last = words[-1]
    if _MONTH_RX.match(last) or last.lower() in _TITLE_WORDS:
        return None
    before = seg[: m.start("place") + m.group("place").rfind(last)]
    after = seg[m.end() :]
    # an unknown one-word place: after a title or a volume, before the end or a page locator
    if not P.FIELD_END.match(after):
        return None
    group_before = seg[: m.start("place")].rstrip()
    if group_before.lower().endswith((" in", ",in")) or group_before.lower() == "in":
        return None  # "in World Development 1980": a journal and its year
    if not before.strip():
        return None
    start = m.start("place") + m.group("place").rfind(last)
    return _Element("place", start, m.end(), {**value, "place": last})


def _full(seg: str, kb: KnowledgeBase, abbreviations: Collection[str], base: dict) -> Fields:
    els = _elements(seg, kb)
    head_end = els[0].start if els else len(seg)
    head = seg[:head_end].strip().rstrip(",.;: ")
    fields: dict = dict(base)
    label = None
    leftovers: list[str] = []
    pos = head_end
    for e in els:
        gap = seg[pos : e.start].strip(" ,.;")
        if gap:
            leftovers.append(gap)
        pos = max(pos, e.end)
        for k, v in e.value.items():
            if k == "label":
                label = v
            elif k == "no_date":
                continue
            elif v is not None and k not in fields:
                fields[k] = v
    tail = seg[pos:].strip(" ,.;")
    if tail:
        leftovers.append(tail)
    if label:
        fields["page_label"] = label

    head_fields = _parse_head(head, kb, abbreviations)
    for k, v in head_fields.items():
        if v is not None and k not in fields:
            fields[k] = v
    # leftovers: "“Global Crisis and Transformation”", "in World Development 1980",
    # "Preface to A Contribution …, by Marx", "London: Pluto Press"
    for lo in leftovers:
        _leftover(lo, fields, kb)
    return Fields(**fields)


def _leftover(lo: str, fields: dict, kb: KnowledgeBase) -> None:
    lo = lo.strip(" ,.;")
    if not lo:
        return
    for piece in _pieces(lo):
        q = P.QUOTED.fullmatch(piece)
        if q:
            if fields.get("title") is None:
                fields["title"] = q.group("inner").strip()
            else:
                fields.setdefault("item_title", q.group("inner").strip())
            continue
        m = P.IN_CONTAINER.match(piece)
        if m:
            fields.setdefault("container", m.group("container").strip())
            if m.group("year"):
                fields.setdefault("year", m.group("year"))
            continue
        m = P.BY_AUTHOR.match(piece)
        if m:
            if fields.get("item_title"):
                fields.setdefault("item_author", m.group("who"))
            elif not fields.get("authors"):
                names, et_al, _ = parse_names(m.group("who"))
                fields["authors"] = names
            continue
        m = P.PLACE_PUBLISHER.fullmatch(piece)
        if m:
            fields.setdefault("place", m.group("place").strip())
            fields.setdefault("publisher", m.group("publisher").strip())
            continue
        m = P.YEAR.fullmatch(piece)
        if m:
            fields.setdefault("year", m.group("year"))
            continue
        if piece.lower().startswith("from "):
            piece = piece[5:]
        if "item_title" not in fields or fields["item_title"] is None:
            fields["item_title"] = piece


def _parse_head(head: str, kb: KnowledgeBase, abbreviations: Collection[str]) -> dict:
    """Authors, title, item title and abbreviation from the head of a citation."""
    out: dict = {}
    if not head:
        return out
    pieces = _pieces(head)
    if not pieces:
        return out

    def is_abbrev(p: str) -> bool:
        return p in abbreviations or p in kb.abbreviations or bool(P.CAPS_ABBREVIATION.fullmatch(p) and p not in ("USSR", "CPSU"))

    first = pieces[0]
    rest = pieces[1:]
    # "LCW, Vol. 26" / "LCW, from Resolution on War and Peace" / "MESW, The German Ideology"
    if is_abbrev(first):
        out["abbreviation"] = first
        _items(rest, out)
        return out
    # "Lenin, LCW, Vol. 27"
    if rest and is_abbrev(rest[0]) and is_name_like(first):
        out["authors"], out["et_al"], _ = parse_names(first)
        out["authors_text"] = first
        out["abbreviation"] = rest[0]
        _items(rest[1:], out)
        return out
    # "The History of Communism in Britain, by Brian Pearce and Michael Woodhouse"
    by = [i for i, p in enumerate(pieces) if p.lower().startswith("by ")]
    if by and by[0] > 0 and not is_name_like(first):
        i = by[0]
        out["title"] = ", ".join(pieces[:i])
        names, et_al, _ = parse_names(pieces[i][3:])
        out["authors"], out["et_al"], out["authors_text"] = names, et_al, pieces[i][3:]
        _items(pieces[i + 1 :], out)
        _quoted_title(out)
        return out
    # "George Saunders (editor) Samizdat: Memoirs of a Bolshevik-Leninist"
    ed = P.EDITED_HEAD.match(first) if "(" in first else None
    if ed and is_name_like(ed.group("who")):
        names, et_al, _ = parse_names(ed.group("who"))
        out["editors"], out["et_al"], out["authors_text"] = names, et_al, ed.group("who")
        _title_and_items([ed.group("title")] + rest, out, kb, abbreviations)
        return out
    lead = _leading_names(first)
    if is_name_like(first) and (rest or not lead):
        names, et_al, editors = parse_names(first)
        if editors:
            out["editors"] = names
        else:
            out["authors"] = names
        out["et_al"] = et_al
        out["authors_text"] = first
        if rest:
            # "K Marx, F Engels Selected correspondence": another author opens the next piece
            # (only in the unpunctuated style, where the first author is written with initials)
            more = _leading_names(rest[0]) if lead is not None else None
            if more is not None:
                extra, title = more
                out["authors"] = tuple(out.get("authors", ())) + extra
                names_written = rest[0][: len(rest[0]) - len(title)].strip() if title else rest[0]
                out["authors_text"] = f"{first}, {names_written}"
                rest = ([title] if title else []) + rest[1:]
            _title_and_items(rest, out, kb, abbreviations)
        else:
            out["name_or_title"] = first
        return out
    if lead is not None:
        names, title = lead
        out["authors"] = names
        out["authors_text"] = first[: len(first) - len(title)].strip() if title else first
        if P.EDITOR_MARK.search(out["authors_text"] or ""):
            out["editors"] = names
            out["authors"] = ()
        _title_and_items(([title] if title else []) + rest, out, kb, abbreviations)
        return out
    _title_and_items(pieces, out, kb, abbreviations)
    return out


def _leading_names(s: str) -> tuple[tuple[Name, ...], str] | None:
    """Unpunctuated names at the start of ``s``: ``K Marx and F Engels Selected …``."""
    names: list[Name] = []
    pos = 0
    while True:
        m = _LEADING_NAME.match(s, pos)
        if not m:
            break
        initials = m.group("initials").strip()
        surname = m.group("surname").strip()
        if surname.lower() in _TITLE_WORDS or surname.endswith(("’s", "'s")):
            break
        names.append(Name(surname, normalise_initials(initials.replace(" ", "")) or None))
        pos = m.end()
        a = P.NAME_JOIN.match(s, pos)
        if a and _LEADING_NAME.match(s, a.end()):
            pos = a.end()
            continue
        break
    if not names:
        return None
    rest = s[pos:].strip()
    rest = P.EDITOR_MARK.sub("", rest, count=1).strip() if rest.startswith("(") else rest
    if rest and not (rest[0].isupper() or rest[0] in "‘“\"'"):
        return None
    return tuple(names), rest


def _title_and_items(pieces: list[str], out: dict, kb: KnowledgeBase, abbreviations: Collection[str]) -> None:
    if not pieces:
        return
    title_pieces = [pieces[0]]
    i = 1
    # title pieces go on while they are year ranges ("The Bolshevik Revolution, 1917-1923") or subtitles
    while i < len(pieces):
        p = pieces[i]
        if P.YEAR_RANGE.fullmatch(p) or P.YEAR_ONLY.fullmatch(p):
            title_pieces.append(p)
            i += 1
            continue
        break
    title = ", ".join(title_pieces)
    if P.CAPS_SHORT.fullmatch(title) and out.get("authors"):
        out["abbreviation"] = title
    else:
        out["title"] = title
        _quoted_title(out)
    _items(pieces[i:], out)


def _quoted_title(out: dict) -> None:
    """Split ``‘Preface to 1882 Russian edition’ Manifesto of the Communist Party``."""
    t = out.get("title")
    if not t:
        return
    q = P.QUOTED.match(t)
    if q:
        inner = q.group("inner").strip()
        after = t[q.end() :].strip(" ,")
        if after:
            out["item_title"] = inner
            out["title"] = after
        else:
            out["title"] = inner


def _items(pieces: list[str], out: dict) -> None:
    if not pieces:
        return
    p0 = pieces[0]
    if p0.lower().startswith("from "):
        p0 = p0[5:]
    item = [p0]
    for p in pieces[1:]:
        if p.lower().startswith("by "):
            out["item_author"] = p[3:]
        else:
            item.append(p)
    out["item_title"] = ", ".join(item)


_REF_ENTRY = re.compile(
    r"""^(?P<authors>[^()\d]{2,200}?)[ \t]*(?P<ed>\((?:eds?|editors?)\.?\)[ \t]*)?[,.]?[ \t]*
        \(?(?P<year>1[5-9]\d\d|20\d\d|n\.[ \t]?d\.?)(?P<suffix>[a-z])?
        (?:[ \t]*\[[^\]\n]{1,20}\])?  # an original year after the edition's: "(1937 [1972])"
        \)?[ \t]*[.,:]?[ \t]+
        (?P<rest>\S.*)$""",
    re.VERBOSE | re.DOTALL,
)


#: A family name then initials, unpunctuated, as some reference lists write them: "Cliff T".
_FAMILY_INITIALS = re.compile(rf"(?P<family>{P.SURNAME})[ \t]+(?P<initials>[A-Z]{{1,3}}|(?:[A-Z]\.[ \t]?){{1,3}})")


def _uncapitalised(family: str) -> str:
    """``CLIFF`` -> ``Cliff``, ``VAN DER LINDEN`` -> ``van der Linden`` (small capitals typed as capitals)."""
    if not (family.isupper() and any(len(w) > 3 for w in family.split())):  # not initials ("EH")
        return family
    words = [w.lower() if w.lower() in _PARTICLES else "-".join(p.capitalize() for p in w.split("-")) for w in family.split()]
    return " ".join(words)


def parse_inverted_names(s: str) -> tuple[Name, ...]:
    """``Cliff, T. and Harman, C.`` / ``Buick, A., & Crump, J.`` / ``Cliff T`` -> names."""
    s = _ET_AL.sub("", s.strip(" ,."))
    parts = [p.strip() for p in P.NAMES_SEP.split(s) if p.strip(" ,")]
    names: list[Name] = []
    for part in parts:
        bits = [b.strip() for b in part.split(",") if b.strip()]
        i = 0
        while i < len(bits):
            fam = _uncapitalised(bits[i])
            if i + 1 < len(bits) and P.GIVEN_NAMES.fullmatch(bits[i + 1]) and (" " not in fam.strip() or P.SURNAME_RX.fullmatch(fam)):
                given = bits[i + 1]
                if P.INITIALS_ONLY.fullmatch(given):
                    given = normalise_initials(given)
                names.append(Name(fam, given))
                i += 2
            elif fi := _FAMILY_INITIALS.fullmatch(fam):
                names.append(Name(fi.group("family"), normalise_initials(fi.group("initials").replace(" ", ""))))
                i += 1
            else:
                n = parse_name(fam)
                if n:
                    names.append(n)
                i += 1
    return tuple(names)


def parse_reference_entry(text: str, kb: KnowledgeBase) -> Fields | None:
    """Parse a reference-list entry (author, year, title, place: publisher)."""
    s = " ".join(text.split())
    m = _REF_ENTRY.match(s)
    if not m:
        f = parse_source(s, kb)
        return f if (f.title or f.authors) else None
    authors_text = m.group("authors").strip(" ,.")
    names = parse_inverted_names(authors_text)
    rest = m.group("rest").strip()
    # title: a quoted one (an article: its container follows), else up to the first full
    # stop or a "Place: Publisher" / "in" / volume element
    qm = P.QUOTED_ENTRY_TITLE.match(rest)
    tm = qm or P.ENTRY_TITLE.match(rest)
    title = tm.group("title").strip(" ,.") if tm else rest
    after = rest[tm.end():] if tm else ""
    fields: dict = {}
    for e in _elements(after, kb):
        for k, v in e.value.items():
            if k not in ("label", "no_date") and v is not None:
                fields.setdefault(k, v)
    mp = P.PLACE_PUBLISHER.search(after)
    if mp:
        fields["place"] = mp.group("place").strip()
        fields["publisher"] = mp.group("publisher").strip()
    mc = P.ENTRY_CONTAINER.match(after)
    if mc:
        fields["container"] = mc.group("c").strip()
    elif after and not mp:
        first = _pieces(after)[0] if _pieces(after) else ""
        if first and not P.VOLUME.match(first) and not P.PAGES.match(first) and not first[:1].isdigit():
            fields.setdefault("container", first.strip(" ."))
    year = m.group("year")
    fields.pop("year", None)
    if m.group("ed"):  # "Fernbach, David (ed.) 1974, …": the names are the editors'
        fields["editors"] = names
        names = ()
    return Fields(
        authors=names,
        authors_text=authors_text,
        title=title,
        year=None if year.startswith("n") else year,
        year_suffix=m.group("suffix"),
        author_date=True,
        **fields,
    )
