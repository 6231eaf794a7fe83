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

from . import locators as L
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
#: Joiners of a double surname: Spanish "y" (Ortega y Gasset), Catalan "i", Portuguese "e".
_COMPOUND_JOINERS = frozenset("y i e".split())
#: Romance particles that follow a first surname in a compound one (Tuñón de Lara, Buarque de Holanda,
#: Tomasi di Lampedusa); German/Dutch "von"/"van" follow given names (Johann Wolfgang von Goethe).
_ROMANCE_PARTICLES = frozenset("de del della di da das dos do".split())
#: Capitalised particles that begin a French or Italian family name after the given name (Le Roy
#: Ladurie, La Boétie, Du Bellay, Di Lampedusa, De Felice).
_CAPITAL_PARTICLES = frozenset("Le La Du Des Di De Del Della Da".split())

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
#: The slash German author-date practice joins authors with, in keys and entries alike:
#: "(Blackbourn/Eley 1980)", "Blackbourn, David/Eley, Geoff (1980): …" (DIN ISO 690 usage in
#: German humanities; Duden).  Between a letter or full stop and a capitalised name only.
_NAME_SLASH = re.compile(r"(?<=[^\W\d_.]|\.)[ \t]?/[ \t]?(?=[^\W\d_a-z])")
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


#: "et" / "und" / "ed" between the names of an author-date key ("Le Goff et Nora 1974").
_KEY_FOREIGN_AND = P.LazyPattern(r"[ \t]+(?:et|und|ed)[ \t]+(?!al\b)")
#: An initial of a given name: "A.", "E.-J.", "Th.", "Ch." (a capital, one lower-case letter at most, a full stop).
_INITIAL_TOKEN = P.LazyPattern(r"(?:[A-Z\u00c0-\u00de][a-z]?\.-?){1,3},?")


def is_name_like(seg: str, *, key: bool = False) -> bool:
    """Does ``seg`` read as one or more personal names (no title words)?  ``key``: ``seg`` is
    the names of an author-date key (a year follows), where "et" / "und" / "ed" join surnames
    as "and" does ("Le Goff et Nora 1974", "Schulze und Müller 1990")."""
    seg = _et_al_split(_editor_mark_split(seg)[0])[0].strip()
    if not seg or len(seg) > 80 or P.ANY_DIGIT.search(seg):
        return False
    if P.NOT_IN_NAMES.search(seg.replace("d’", "").replace("’s", "")):
        return False
    tokens = P.BLANKS.split(seg)
    if len(tokens) > 9:
        return False
    cap = 0
    # Italian "ed", French "et", German "und" join names given first with initials ("A. Saitta ed
    # E. Sestan", "J. Le Goff et P. Nora"); between capitalised words alone they join a German
    # or French title's nouns ("Land und Herrschaft", "Guerre et Paix"): no names then
    initials = any(_INITIAL_TOKEN.fullmatch(t) for t in tokens)
    for t in tokens:
        tl = t.lower().strip(".,")
        if tl in ("ed", "et", "und") and not initials and not key:
            return False
        if tl in ("and", "&", "ed", "et", "und") or tl in _PARTICLES or tl in _HONORIFICS or tl in _COMPOUND_JOINERS:
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
    slashed = _NAME_SLASH.split(seg) if "/" in seg else [seg]
    if len(slashed) > 1:  # "Blackbourn, David/Eley, Geoff", "Horkheimer/Adorno": one name (inverted or not) each
        names = [n for q in slashed for n in ((parse_name(q),) if q.count(",") == 1 else parse_names(q)[0]) if n is not None]
        return tuple(names), et_al, editors
    pieces = [q for p in _AND.split(seg) if p.strip() for q in _split_foreign_and(p)]
    names: list[Name] = []
    for p in pieces:
        n = parse_name(p)
        if n is not None:
            names.append(n)
    return tuple(names), et_al, editors


#: "and" between given-first names in Italian ("e", "ed"), Spanish ("y", "e" before i-/hi-),
#: Portuguese ("e"), Catalan ("i"), French ("et"), German ("und"): "A. Saitta ed E. Sestan",
#: "Jean Favier et Pierre Riché", "Karl Marx und Friedrich Engels" (CSL locales' "and" terms).
_FOREIGN_AND = P.LazyPattern(r"[ \t]+(?:ed|e|y|i|et|und)[ \t]+")


def _split_foreign_and(piece: str) -> list[str]:
    """``piece`` split at a foreign "and" (:data:`_FOREIGN_AND`) when both sides are whole
    given-first names (two or more words, capitalised): "A. Saitta ed E. Sestan" -> ["A. Saitta",
    "E. Sestan"]; a compound surname stays one ("José Ortega y Gasset": one word after "y";
    "Menéndez y Pelayo")."""
    if " " not in piece.strip() or not _FOREIGN_AND.search(piece):
        return [piece]
    out: list[str] = []
    pos = 0
    for m in _FOREIGN_AND.finditer(piece):
        before, after = piece[pos : m.start()].split(), piece[m.end() :].split()
        after_one = _FOREIGN_AND.split(piece[m.end() :], maxsplit=1)[0].split()
        if len(before) >= 2 and len(after_one) >= 2 and before[0][:1].isupper() and after[0][:1].isupper() \
                and after_one[-1][:1].isupper():
            out.append(piece[pos : m.start()])
            pos = m.end()
    out.append(piece[pos:])
    return out


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
    inverted = _family_first(tokens)
    if inverted is not None:
        return inverted
    # family name: last token, plus particles before it (Carrere d’Encausse, van der Linden), plus
    # what particles and joiners tie to it (CSL 1.0.2 "Name-part order"; citeproc-js particle parsing;
    # Spanish/Portuguese/Italian compound surnames: Ortega y Gasset, Tuñón de Lara, Tomasi di Lampedusa,
    # du Pont de Nemours; French capitalised particles: Le Roy Ladurie, La Boétie)
    i = len(tokens) - 1
    while i > 1:
        prev = tokens[i - 1]
        if prev.lower() in _PARTICLES or tokens[i].startswith(("d’", "d'")):
            i -= 1
        elif prev.lower() in _COMPOUND_JOINERS and i > 2:  # "Ortega y Gasset": the word before "y" too
            i -= 2
        elif tokens[i].lower() in _ROMANCE_PARTICLES and prev[:1].isupper() and i < len(tokens) - 1:
            i -= 1  # "Manuel Tuñón de Lara": the surname before a Romance particle, a given name still before it
            while i > 1 and tokens[i - 1] in _PARTICLES:  # "Pierre Samuel du Pont de Nemours"
                i -= 1
            break
        else:
            break
    for j in range(1, i):  # "Emmanuel Le Roy Ladurie": a capitalised particle after a given name opens the family name
        if tokens[j] in _CAPITAL_PARTICLES:
            i = j
            break
    if i == 1 and tokens[0].lower() in _PARTICLES:  # "van der Linden" / "Van der Linden" (capitalised at a sentence's start): no given name
        i = 0
    if tokens[i].startswith(("d’", "d'")) and i > 1:
        i -= 1
    given_tokens, family_tokens = tokens[:i], tokens[i:]
    given = " ".join(given_tokens)
    if all(P.INITIAL_TOKEN.fullmatch(g) for g in given_tokens):
        given = normalise_initials("".join(given_tokens) if all(len(g) <= 2 for g in given_tokens) else given)
    return Name(" ".join(family_tokens), given or None)


def _caps_family(t: str) -> bool:
    """Is ``t`` a family-name word in capitals ("DUMONT", "LE", "ROY-LADURIE"), not initials ("EH")?"""
    return t.isupper() and t.replace("-", "").replace("’", "").replace("'", "").isalpha()


def _family_first(tokens: list[str]) -> Name | None:
    """A comma-less name written family name first, as French, Swiss, Italian and some German
    notes write it (Université de Lausanne, Département d'histoire, *Guide de citation*: "DUMONT
    Claire"; CSL ``name-as-sort-order`` without ``sort-separator``), read from a cue that the
    given-name-first order cannot show; ``None`` when there is none:

    * the family name in capitals (small capitals typed out) before a given name in mixed case:
      ``DUMONT Claire``, ``LE ROY LADURIE Emmanuel`` -> ``Dumont``, ``Le Roy Ladurie``;
    * initials after the family name: ``Thompson E. P.``, ``Hobsbawm E.J.``;
    * a name particle at the end (a dropping particle after the given name): ``Ranke Leopold von``.
    """
    if not tokens[0][:1].isupper() or len(tokens) < 2:
        return None
    n_caps = 0
    while n_caps < len(tokens) and _caps_family(tokens[n_caps]):
        n_caps += 1
    if 0 < n_caps < len(tokens) and any(len(t) > 3 for t in tokens[:n_caps]) and tokens[n_caps][1:2].islower():
        family = _uncapitalised(" ".join(tokens[:n_caps]))
        return Name(" ".join(w[:1].upper() + w[1:] if w in ("le", "la", "du", "di", "de") and i == 0 else w for i, w in enumerate(family.split())), " ".join(tokens[n_caps:]))
    head = tokens[0]
    if len(head) > 2 and not P.INITIAL_TOKEN.fullmatch(head) and all(P.INITIAL_TOKEN.fullmatch(t) for t in tokens[1:]):
        return Name(head, normalise_initials("".join(tokens[1:])))
    if len(tokens) >= 3 and tokens[-1] in _PARTICLES and not P.INITIAL_TOKEN.fullmatch(head) and all(t[:1].isupper() for t in tokens[1:-1]):
        return Name(head, " ".join(tokens[1:]))
    return None


# --- pages and volumes --------------------------------------------------------------

def roman_to_int(s: str) -> int | None:
    """Value of a Roman numeral in either case ("iii" -> 3), or None (citekit.locators.roman_to_int)."""
    return L.roman_to_int(s)


def normalise_volume(v: str | None) -> str | None:
    """``III`` -> ``3``; ``ii`` -> ``2``; ``30`` -> ``30``; ``1935–36`` -> ``1935-36`` (a volume named by years)."""
    if not v:
        return None
    return L.normalise_value(v, "volume") or None


def normalise_pages(s: str | None) -> str | None:
    """``121-2`` -> ``121-122``; ``pp73,74`` -> ``73,74``; ``126 and 131`` -> ``126,131``;
    ``502–4`` -> ``502-504``; ``45 ff.`` -> ``45`` (the suffix is kept apart, see locators.py)."""
    if not s:
        return None
    items = [P.FF_SUFFIX.sub("", i.strip()) for i in P.PAGE_LIST_SEP.split(P.DASH_RE.sub("-", s)) if i.strip()]
    return L.normalise_value(",".join(i for i in items if i), "page") or None


#: Plural page labels other than "pp." (lower-cased, no full stop): English, Spanish
#: (Real Academia Española, abreviaturas: "págs."), Italian ("pagg."), Catalan, Portuguese.
_PLURAL_PAGE_LABELS = frozenset("pages pgs págs pags pàgs pagg pgg".split())


def page_label_problems(label: str, pages: str) -> str | None:
    """Why a page locator is malformed (``p.`` with a range, ``pp.`` with one page), or None.

    ``pages`` as written after the label; pages are counted with the locator grammar
    (citekit.locators.page_count): "pp. xii, 205" names two pages, "pp. 45 ff." and
    "p. 45 f." a page and what follows (both labels are accepted there).
    """
    low = label.lower().rstrip(". \t")
    if not low.startswith("p"):
        return None  # "S.", "cc.", "col.": one abbreviation for one page and many (DIN 1505, Italian usage)
    # plural labels: English "pp."/"pages"/"pgs.", Spanish "págs."/"pp.", Italian "pagg.", Catalan "pàgs."
    plural = low.startswith("pp") or low in _PLURAL_PAGE_LABELS
    loc = L.parse_locator(f"p. {pages}")
    if loc is None:
        return None
    n = L.page_count(loc.normalised, loc.suffix)
    if plural and n < 2:
        return f"'{label}' (plural) with a single page"
    if not plural and n > 1 and not loc.suffix:
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
    rels = [rel.lower() if rel else "" for rel, _ in pieces]
    quoted_later = any(r.startswith(_QUOTED_IN) for r in rels[1:])
    for i, (rel, seg) in enumerate(pieces):
        f = parse_source(seg, kb, abbreviations)
        role = "cited"
        relation = rel.lower() if rel else f.relation
        if relation and relation.startswith(_QUOTED_IN):
            role = "quoted-in"
        if i == 0 and quoted_later:
            role = "original"
        # "Y, p. 7, citing X, p. 5": Y is where the passage was read, X the original
        if relation == "citing":
            role = "original"
        elif i + 1 < len(rels) and rels[i + 1] == "citing":
            role = "quoted-in"
        if role != f.role or relation != f.relation:  # evolve is costly: only when needed
            f = attrs.evolve(f, role=role, relation=relation)
        if f.year and not f.original_year and not f.short:
            year, orig = edition_and_original(seg, f.year)
            if orig:
                f = attrs.evolve(f, year=year, original_year=orig)
        out.append(f)
    if declares and out:
        out[0] = attrs.evolve(out[0], declares=declares)
    return tuple(out)


_YEAR_RX = r"(?:1[4-9]\d\d|20\d\d)"
#: The year a work was first published, written beside the edition cited (CSL 1.0.2
#: "original-date"; Chicago Manual 17th ed. 14.114 reprints; MLA Handbook 9th ed. 2.64; APA 7th
#: ed. 9.41; DIN 1505-2 "Erstausgabe"): "1st ed. 1867", "first published 1939", "(orig. 1939)",
#: "[1902]" (the original year in brackets), "Erstausgabe 1925", "zuerst 1925", "1re éd. 1936",
#: "éd. orig. 1936", "prima ed. 1939", "1a ed. 1939", "1.ª ed. 1939", "primera edición 1939";
#: group ``year``.  Bounded alternatives only (linear).
_ORIGINAL_DATE = re.compile(
    rf"""(?:(?<![^\W\d_])(?:1st|first|1\.?[ \t]?ª|1a|1re|1ère|1\.|prima|primera|première|primeira)[ \t]+(?:ed(?:n|ition)?\.?|éd(?:ition)?\.?|edizione|edición|edição|Aufl(?:age)?\.?|publ(?:ished|\.)?|printed|impr\.?)
          |(?<![^\W\d_])(?:original[ \t]+work[ \t]+published|orig(?:inally)?\.?(?:[ \t]+(?:publ(?:ished|\.)?|ed\.?|éd\.?))?|(?:first|originally)[ \t]+published|éd\.[ \t]orig\.|ed\.[ \t]orig\.|Erstausgabe|Erstauflage|Erstdruck|Originalausgabe|zuerst(?:[ \t]+erschienen)?|urspr\.?)
        )[ \t:,]*(?:(?:in|en|im|nel)[ \t]+)?(?:[^\W\d_]{{2,20}}[ \t,:]+)?(?P<year>{_YEAR_RX})(?!\d)
        |\[(?P<bracketed>{_YEAR_RX})\]
        |(?:(?<=\.[ \t])|^)(?P<alone>{_YEAR_RX})\.(?=[ \t]+[^\W\d_])""",
    re.VERBOSE | re.IGNORECASE,
)
#: :data:`_ORIGINAL_DATE` without its phrase branch (group ``year`` never matches), for a string
#: with none of :data:`_ORIGINAL_WORDS`: the phrase branch cannot match anywhere there, so both
#: find the same matches; the phrase branch tried at every character was most of the cost.
_ORIGINAL_DATE_BARE = re.compile(
    rf"""(?P<year>(?!))
        |\[(?P<bracketed>{_YEAR_RX})\]
        |(?:(?<=\.[ \t])|^)(?P<alone>{_YEAR_RX})\.(?=[ \t]+[^\W\d_])""",
    re.VERBOSE | re.IGNORECASE,
)
#: Pieces of which a phrase match of :data:`_ORIGINAL_DATE` holds one (in :func:`keyword_text`'s
#: form): the edition word after a blank ("1st ed.", "prima edizione", "1. Aufl.", "first
#: published", "printed", "impr."), or "orig"/"erst"/"urspr" ("originally", "éd. orig.",
#: "Erstausgabe", "zuerst", "urspr.").
_ORIGINAL_WORDS = (" ed", "\ted", " éd", "\téd", " aufl", "\taufl", " publ", "\tpubl", " print", "\tprint", " impr", "\timpr", "orig", "erst", "urspr")
#: Characters that an IGNORECASE pattern's ASCII letter matches but ``str.lower`` does not turn
#: into it (Python's ``re`` case equivalences: long s, dotless i, dotted capital I, Kelvin sign).
_ODD_CASE = str.maketrans({"ſ": "s", "ı": "i", "İ": "i", "K": "k"})


def keyword_text(s: str) -> str:
    """``s`` lower-cased so that a keyword's presence (``"orig" in keyword_text(s)``) is a sound
    pre-check for an IGNORECASE pattern that needs that keyword: the four characters
    :data:`_ODD_CASE` also folded (same length only when ``s`` has none of them; use it for
    ``in`` tests, not offsets)."""
    if s.isascii() or not ("ſ" in s or "ı" in s or "İ" in s or "K" in s):
        return s.lower()
    return s.translate(_ODD_CASE).lower()


def _original_date(seg: str) -> re.Pattern[str]:
    """:data:`_ORIGINAL_DATE`, or :data:`_ORIGINAL_DATE_BARE` when ``seg`` has none of
    :data:`_ORIGINAL_WORDS` (the same matches, found faster)."""
    low = keyword_text(seg)
    return _ORIGINAL_DATE if any(w in low for w in _ORIGINAL_WORDS) else _ORIGINAL_DATE_BARE


def original_year(seg: str, year: str | None) -> str | None:
    """The original publication year that ``seg`` names beside the cited edition's ``year``
    (:data:`_ORIGINAL_DATE`), or None: it must differ from ``year`` and not be later than it.  A
    year standing alone as a sentence ("Woolf, Virginia. To the Lighthouse. 1927. Harcourt,
    1981.", MLA 9th ed. 2.64) counts only when the cited year comes after it."""
    if not year or not P.ANY_DIGIT.search(seg):
        return None
    for m in _original_date(seg).finditer(seg):
        y = m.group("year") or m.group("bracketed") or m.group("alone")
        if y and y != year and y < year and (not m.group("alone") or seg.find(year, m.end()) > 0):
            return y
    return None


def edition_and_original(seg: str, year: str) -> tuple[str, str | None]:
    """(the cited edition's year, the original year) of ``seg`` whose parse found ``year``: when
    ``year`` is the one an original-date phrase names ("Frankfurt a. M. 1990 (Erstausgabe 1925)"),
    the edition's is the other year of ``seg``, the last before that phrase."""
    found = False  # no match at all: original_year's scan of the same pattern finds none either
    for m in _original_date(seg).finditer(seg):
        found = True
        if m.group("year") == year or m.group("bracketed") == year:
            others = [y.group(0) for y in re.finditer(_YEAR_RX + r"(?!\d)", seg) if not (m.start() <= y.start() < m.end()) and y.group(0) > year]
            return (others[-1], year) if others else (year, None)
    return year, (original_year(seg, year) if found else None)


#: Relations that make a part the work a passage was read in ("quoted in", German "zit.
#: nach", French "cité dans/par"); the part before it is then the original.
_QUOTED_IN = ("quoted", "cited", "as quoted", "zit.", "cit")


def _split_relations(s: str) -> list[tuple[str | None, str]]:
    """``s`` split into ``(relation, text)`` per work: an opening relation word
    (``patterns.RELATION_PREFIX``) and every inner one (``patterns.INNER_RELATION``:
    "quoted in", "cited by", "citing", "reprinted/reproduced in", "also in", "zit. nach",
    "cité dans/par").  The first piece's relation may be None."""
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


def parse_source(seg: str, kb: KnowledgeBase, abbreviations: Iterable[str] = (), *, learned: bool = True) -> Fields:
    """Parse one source (no inner "Quoted by") into fields.  ``learned=False``: the hand rules
    alone, without the field parser (for a caller that labels the string itself)."""
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
    if len(seg) < 60 and not seg[:1].isupper() or len(seg) < 16:
        if L.only_locators(seg):  # "Sec. 3", "Table 2", "p. 4": a locator alone (a numeric citation's tail)
            loc = _locators(seg, kb, bare=True)
            if "issue" in loc and "locator_label" not in loc and "pages" not in loc:
                # "[15, no. 218]": a numbered item of the work cited (a catalogue's, a collection's
                # entry), the citation's locator, not the work's issue (the grammar's label "issue")
                loc["locator_label"], loc["locator"] = "issue", loc.pop("issue")
            return Fields(**base, **loc)

    short = _short_form(seg, kb, abbreviations, base)
    if short is not None:
        if (not short.authors or is_institution(short.authors_text)) and opens_with_archive(seg):
            unit = archival_unit(seg)  # "Archives municipales de Lyon, HH 289, loc. cit., fol. 30": that unit
            if unit is not None:
                return attrs.evolve(short, **{"authors": (), "authors_text": None, "title": None, **unit})
        return short

    periodical = _periodical(seg, kb) or (_issue_only(seg, kb) if "(" in seg else None)
    if periodical is not None:
        return attrs.evolve(periodical, **base)

    ad = parse_author_date(seg, kb)
    if ad is not None:
        return attrs.evolve(ad, **base)

    if not isinstance(abbreviations, (set, frozenset)):
        abbreviations = frozenset(abbreviations)
    f = _full(seg, kb, abbreviations, base, learned=learned)
    first_locator = L.normalise_value(f.locator.split(",")[0].strip(), "volume") if f.locator else None  # "II, ch. 3": book 2
    if f.volume and f.volume in (f.locator, first_locator, (f.pages or "").split("-")[0].split(",")[0]) and _volume_is_locator(seg, f.volume):
        f = attrs.evolve(f, volume=None)
    return f


def _volume_is_locator(seg: str, volume: str) -> bool:
    """Was ``volume`` (equal to the page or locator value) read from the page or locator itself?
    True when the locator grammar finds no volume in ``seg``: "Pallot, Land Reform in Russia,
    88." and "…, livre II, chap. 2, p. 67" cite page 88 and book 2, not volume 88 or 2 (the
    trained field parser labels a bare page or a book number "volume"; the grammar, which knows
    the terms, decides)."""
    return not any(loc.label == "volume" for loc in L.find_locators(seg, bare=True))


def has_short_keyword(s: str) -> bool:
    """A fast test before SHORT_KEYWORD: every keyword but a.a.O. has "cit" (op. cit., loc. cit.,
    opere citato, art. cit., cit.); a.a.O. has "a.O" or "aaO"."""
    return "cit" in s.lower() or "a.O" in s or "aaO" in s or "a. O" in s


#: Words of SUPRA: "supra n. 12", "above, note 12", "oben Anm. 12", "sopra nota 12".
_SUPRA_WORDS = ("supra", "above", "oben", "sopra", "ci-dessus")


#: op. cit. keywords (folded) that follow a short title, not an author alone: Italian "cit.",
#: French "art. cit." (an article) and "doc. cit." (a document).
_TITLED_KEYWORDS = ("cit", "art cit", "doc cit")


def _short_form(seg: str, kb: KnowledgeBase, abbreviations: Iterable[str], base: dict) -> Fields | None:
    """ibid. / idem / op. cit. / loc. cit. / supra n. N in any of the languages of docs/locators.md, or None.

    Shapes (``short``): "ibid" (same work; a new locator replaces the old one), "idem"
    (same author: alone, the previous work; before a title, ``same_author`` with that
    title; before op. cit., the author's most recent work), "opcit" (the author's most
    recent work, or with no author the previous citation's), "loccit" (same work *and*
    same locator), "supra" (the work first cited in note ``supra_note``).
    """
    fs = P.fold_marks(seg)  # "Ibíd.", "Íd.": the patterns are written without accents; offsets are kept
    m = P.IBID.match(fs)
    if m:
        rel = base.get("relation") or (m.group("rel").lower() if m.group("rel") else None)
        return Fields(short="ibid", **{**base, "relation": rel}, **_ibid_locators(seg[m.end() :], kb))
    m = P.AUTHOR_IBID.match(fs) if ("bid" in fs or "bd" in fs or "ivi" in fs.lower()) else None
    who = seg[m.start("who") : m.end("who")] if m else ""
    if m and is_name_like(who):
        names, et_al, _ = parse_names(who)
        return Fields(short="ibid", authors=names, authors_text=who.strip(), et_al=et_al, **base,
                      **_ibid_locators(seg[m.end() :], kb))
    m = P.IDEM.match(fs)
    if m:
        rest = seg[m.end() :].strip(" ,")
        frest = P.fold_marks(rest)
        if not rest or not (rest[:1].isupper() or rest[:1] in "‘“\"'«„‹") or P.IBID.match(frest):
            k = P.SHORT_KEYWORD.match(frest) if has_short_keyword(frest[:12]) else None
            if k:
                kind = "loccit" if fold(k.group("kw")).startswith("loc") else "opcit"
                return Fields(short=kind, same_author=True, **base, **_locators(rest[k.end() :], kb, bare=True))
            if P.IBID.match(frest):
                return Fields(short="ibid", **base, **_ibid_locators(rest[P.IBID.match(frest).end() :], kb))  # type: ignore[union-attr]
            return Fields(short="idem", **base, **_locators(rest, kb, bare=True))
        # "Idem, The Prophet Unarmed, p. 5" / "Ders., Titel, S. 3": same author, another work
        sub = parse_source(rest, kb, abbreviations)
        title = sub.title or sub.name_or_title or (sub.authors_text if sub.authors and not sub.abbreviation else None)
        changes: dict = dict(same_author=True, authors=(), authors_text=None, et_al=False, name_or_title=None)
        if title is not None and not sub.short:
            changes["title"] = title
        return attrs.evolve(sub, **changes, **{k: v for k, v in base.items() if v})
    low = fs.lower()
    m = P.SUPRA.search(fs) if any(w in low for w in _SUPRA_WORDS) or any(h in fs for h in P.SUPRA_PAREN_HINTS) else None
    if m and m.group("paren") is not None and not _cross_reference_head(seg[: m.start()]):
        m = None  # "Smith, Title (London, 1990), p. 5 (n. 3)": a note of the page, not a cross-reference
    if m:
        head, lead = without_commentary(seg[: m.start()].strip(" ,"))
        names, et_al, _ = parse_names(head) if head and is_name_like(head) else ((), False, False)
        title = head if head and not names else None
        return Fields(short="supra", supra_note=m.group("note"), authors=names, authors_text=head or None, et_al=et_al,
                      title=title, **{**base, "relation": base.get("relation") or lead}, **_locators(seg[m.end() :], kb, bare=True))
    m = P.SHORT_KEYWORD.search(fs) if has_short_keyword(fs) else None
    if m:
        kw = fold(m.group("kw"))
        kind = "loccit" if kw.startswith("loc") else "opcit"
        head, lead = without_commentary(seg[: m.start()].strip(" ,"))
        if lead and not base.get("relation"):
            base = {**base, "relation": lead}
        inside = _OPCIT_CONTAINER.search(head) if head else None
        mark = _EDITOR_WORD_MARK.search(inside.group("who")) if inside else None
        if inside and mark and is_name_like(inside.group("who")[: mark.start()]):
            # "Pascal Ory, « Titre », dans P. Nora (dir.), op. cit., p. 523": a chapter whose book is
            # the editor's work cited before; op. cit. names the editor (Chicago Manual 17th ed.
            # 14.29 on chapters in edited books; Lexique des règles typographiques, "op. cit.")
            names, et_al, _ = parse_names(inside.group("who")[: mark.start()])
            before = _pieces(head[: inside.start()])
            item_title = ", ".join(before[1:]).strip(" ‘’“”„‚\"'«»\u00a0") or None if len(before) >= 2 else None
            loc = _locators(seg[m.end() :], kb, bare=True)
            return Fields(short=kind, authors=names, authors_text=inside.group("who").strip(), et_al=et_al,
                          item_title=item_title, item_author=before[0].strip() if before else None, **base, **loc)
        pieces = _pieces(head) if head else []
        title = None
        if len(pieces) >= 2 and (kw in _TITLED_KEYWORDS or not is_name_like(head)):
            # "Gramsci, Quaderni, cit." / "Smith, ‘Title’, art. cit." / "Préfecture, Rapport, doc. cit.":
            # author, then a short title
            author_text, title = pieces[0], ", ".join(pieces[1:]).strip("‘’“”\"'")
        else:
            author_text = head
        names, et_al, _ = parse_names(author_text) if author_text and is_name_like(author_text) else ((), False, False)
        if author_text and not names and not title and _compound_surname(author_text):
            # "Tomás y Valiente, op. cit.", "García de Cortázar, op. cit.": op. cit. follows its author
            names = (Name(family=author_text),)
        if author_text and not names and not title:
            title, author_text = head, ""
        # a corporate author before its short title ("Préfecture de police, Rapport…, doc. cit.",
        # "…, « Rapport… », op. cit.") stays the author text; the title finds the work
        loc = _locators(seg[m.end() :], kb, bare=True)
        return Fields(short=kind, authors=names, authors_text=author_text or None, et_al=et_al, title=title, **base, **loc)
    return None


def _cross_reference_head(head: str) -> bool:
    """Can ``head`` (what stands before a parenthesised note reference, SUPRA's ``paren``) be
    the author or author and short title of a cross-reference ("So schon Wieacker", "Smith,
    Empire")?  Not when it holds a digit or a parenthesis or more than three comma pieces: the
    imprint and locators of a full citation ("Smith, Title (London, 1990), p. 5 (n. 3)")."""
    head = head.strip(" ,")
    return len(head) <= 100 and not P.ANY_DIGIT.search(head) and "(" not in head and head.count(",") <= 2


#: Commentary before the author of a short form, which is not part of the name (German
#: "So schon", "so auch", "ebenso", "ähnlich", "grundlegend", "kritisch", "dagegen", "ferner";
#: English "similarly", "likewise", "but see", "so also"; French "de même", "dans le même
#: sens", "également"; Italian "così", "analogamente", "nello stesso senso"; Spanish
#: "asimismo", "igualmente", "en el mismo sentido"): the words themselves, then a capital.
_COMMENTARY_LEAD = P.LazyPattern(
    r"""(?P<lead>so[ \t]+(?:schon|auch|bereits|etwa|jetzt|also)|ebenso|ähnlich|grundlegend|zustimmend|ablehnend|kritisch
          |dagegen|ferner|ausführlich(?:er)?|näher|weiterführend|similarly|likewise|but[ \t]+see|de[ \t]+même
          |dans[ \t]+le[ \t]+même[ \t]+sens|également|così|analogamente|nello[ \t]+stesso[ \t]+senso|asimismo|igualmente
          |en[ \t]+el[ \t]+mismo[ \t]+sentido)(?:[ \t]+(?:auch|schon|bereits|etwa))?[ \t]*[:,]?[ \t]+(?=(?-i:[A-Z\u00c0-\u00de]|d[eiu]\b|van\b|von\b))""",
    re.IGNORECASE | re.VERBOSE,
)


def without_commentary(head: str) -> tuple[str, str | None]:
    """``head`` of a short form without the commentary before its author, and that commentary
    (lower case) or None: "So schon Wieacker" -> ("Wieacker", "so schon"), "ebenso Wieacker",
    "vgl. etwa Coing" -> "Coing".  A listed lead (_COMMENTARY_LEAD) goes at any head; otherwise,
    in a head opening in lower case, without a comma, that is not a name, the name-like words after
    the last lower-case word ("jetzt eingehend Ranieri" -> "Ranieri"; not "Archivio storico
    comunale di Feltre").  Chicago Manual 17th ed. 14.34 (a short form
    is the author's surname and a short title; what precedes them is the writer's remark)."""
    if not head:
        return head, None
    lead = None
    m = _COMMENTARY_LEAD.match(head)
    if m:
        lead = " ".join(m.group("lead").lower().split())
        head = head[m.end() :]
    if head[:1].islower() and "," not in head and not is_name_like(head) and not P.ANY_DIGIT.search(head):
        words = head.split()
        for i in range(len(words) - 1, 0, -1):
            w = words[i - 1].rstrip(".:")
            if w[:1].islower() and w.lower() not in _PARTICLES:
                rest = " ".join(words[i:])
                if is_name_like(rest):
                    return rest, " ".join(words[:i]).lower()
                break
    return head, lead


#: ", dans P. Nora (dir.)" / ", in J. Smith (ed.)" / ", in: H. Müller (Hg.)" at the end of an
#: op. cit. head: the container's editor (group ``who``, with its editor mark).
_OPCIT_CONTAINER = re.compile(r",[ \t]+(?:dans|in:?|en|In:?)[ \t]+(?P<who>[^,]{2,80})$")


#: An editor mark after a name in any language: "(ed.)", "(eds)", "(dir.)", "(éd.)", "(Hg.)",
#: "(Hrsg.)", "(a cura di)", "(coord.)", "(comp.)", "(red.)" (Chicago 14.5; DIN 1505; Lexique).
_EDITOR_WORD_MARK = P.LazyPattern(
    r"[ \t]*\((?:eds?|editors?|dirs?|[ée]ds?|Hg|Hgg|Hrsg|a[ \t]cura[ \t]di|coords?|comps?|red|pod[ \t]red)\.?\)[ \t]*$",
    re.IGNORECASE,
)


#: Words that join the parts of a compound surname: Spanish "y", Catalan "i", Portuguese
#: "e", and particles ("Tomás y Valiente", "Ortega y Gasset", "Le Roy Ladurie", "García de Cortázar").
_SURNAME_JOINS = frozenset("y i e de del della da do dos das di du des la le van von der den ten ter zu".split())


def _compound_surname(s: str) -> bool:
    """Can ``s`` be one compound surname (two to five words, capitalised but for joining
    words, no digit)?  For the head of op. cit., which is an author by the keyword's
    meaning (Chicago Manual 17th ed. 14.36)."""
    words = s.split()
    if not 2 <= len(words) <= 5 or any(ch.isdigit() for ch in s):
        return False
    caps = [w for w in words if w.lower() not in _SURNAME_JOINS]
    return bool(caps) and all(w[:1].isupper() and w[1:].replace("-", "").replace("’", "").replace("'", "").isalpha() for w in caps)


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


def _locators(s: str, kb: KnowledgeBase | None = None, *, bare: bool = False) -> dict:
    """Volume, pages, note, issue and other locators of ``s`` as :class:`Fields` keyword arguments.

    Read with the one locator grammar (citekit.locators.find_locators; ``bare``: a
    page with no term at the end counts, "Ibid., 502–4").  ``pages`` is the first page
    locator, normalised ("502-504"); ``page_label`` its term as written; a locator of
    another label (chapter, folio, line, section, note…) gives ``locator_label`` and
    ``locator``; "note 16 on page 351" gives both a note and pages.
    """
    return locators_to_fields(L.find_locators(s, bare=bare))


#: Archive-unit terms an ibid may name as its new place in the same fonds (Italian busta/b.,
#: fascicolo, sottofascicolo; Spanish legajo, expediente, caja, carpeta; French carton, dossier;
#: German Bestand, Akte, Nr.; English box, folder, file): the terms of :data:`UNIT_SHELFMARK`
#: less the Russian f./op./d. and Italian c. (read as folio and the like by the locator grammar).
_IBID_UNIT_TERMS = frozenset(
    "b busta fasc sottofasc sf cart cartella leg legajo exp expediente caja carp carton dossier Bestand Akte Nr box Box folder file".split())


def _ibid_locators(s: str, kb: KnowledgeBase | None = None) -> dict:
    """The locator of an ibid's tail ``s`` (after "Ibid.," / "Ivi," / "Ebd."), as :class:`Fields`
    keyword arguments: the tail of an archival ibid made only of archive-unit marks ("fasc. 8",
    "b. 4", "leg. 46", "carton 5", "Nr. 12", "b. 4, fasc. 2") is the new place in the same
    fonds, which replaces the antecedent's locator (Chicago Manual 17th ed. 14.34, ibid. with a
    new locator; the unit marks of :func:`archival_unit`).  One file mark gives label "file" and
    its value, as :func:`archival_unit` reads a full note's last file mark; a box or several
    marks give the marks as written with no label (CSL 1.0.2: a locator is free text).  Any
    other tail is read by the locator grammar (:func:`_locators`, ``bare``)."""
    pieces = [p.strip(" .;") for p in s.strip(" ,.;").split(",")]
    units = [(_UNIT_LAST.fullmatch(p), p) for p in pieces if p]
    if units and len(units) == len(pieces) and all(
            u and u["term"] in _IBID_UNIT_TERMS and UNIT_SHELFMARK.fullmatch(p) for u, p in units):
        first = units[0][0]
        if len(units) == 1 and first["term"] in _FILE_TERMS:  # type: ignore[index]
            return {"locator_label": "file", "locator": first["value"].strip()}  # type: ignore[index]
        return {"locator": ", ".join(p for _, p in units)}
    return _locators(s, kb, bare=True)


def locators_to_fields(found: Iterable[L.Locator]) -> dict:
    """Fields keyword arguments from found locators (the first of each kind wins); a compound
    locator ("book II, ch. 3", "pt. 1, p. 45") gives ``locator_label`` + ``locator`` as one
    CSL locator string (citekit.locators.compound_locator), pages staying ``pages``."""
    found = list(found)
    out: dict = {}
    compound = L.compound_locator(found) if len(found) > 1 else None
    if compound is not None:
        out["locator_label"], out["locator"] = compound
    for loc in found:
        if loc.label == "volume":
            out.setdefault("volume", loc.normalised)
        elif loc.label == "page":
            if "pages" not in out:
                out["pages"] = loc.normalised
                if loc.term:
                    out["page_label"] = loc.term
                if loc.suffix:
                    out.setdefault("locator_suffix", loc.suffix)
        elif loc.label == "issue" and not L.is_catalogue_number(loc):
            out.setdefault("issue", loc.normalised)
        elif not loc.label:  # "…, 1899, passim.": passim alone, a locator with no label
            out.setdefault("locator", loc.normalised)
            out.setdefault("locator_suffix", loc.suffix)
        else:
            if loc.label == "note":
                out.setdefault("note_locator", loc.normalised)
            if "locator_label" not in out:
                out["locator_label"] = loc.label
                out["locator"] = loc.normalised
                if loc.suffix:
                    out.setdefault("locator_suffix", loc.suffix)
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


#: A periodical cited by its issue alone, no author or article title: "Izvestiia TsK KPSS, no. 4
#: (1989): 170", "Voprosy istorii, no. 3 (1990), 45", "Revue historique, vol. 12, n° 3 (1999): 33"
#: (Chicago Manual 17th ed. 14.171: journal, volume/issue, year in parentheses, page).  The name:
#: capitalised words, no digit, no comma.
_ISSUE_ONLY = P.LazyPattern(
    r"(?P<name>[^\W\d_][^,\d:;()]{1,80}?),[ \t]+(?:(?:vol\.|Bd\.|t\.)[ \t]*(?P<vol>\d{1,4}),[ \t]+)?"
    r"(?:no\.|No\.|nos\.|Nr\.|n\.|n\u00b0|n\u00ba|\u2116)[ \t]*(?P<no>\d{1,5}(?:[-\u2013/]\d{1,5})?)[ \t]+"
    r"\((?P<year>(?:1[5-9]|20)\d\d)\)[ \t]*[:,][ \t]*(?P<pages>\d{1,5}(?:[ \t]*[-\u2013][ \t]*\d{1,5})?)")


def _issue_only(seg: str, kb: KnowledgeBase) -> Fields | None:
    """``Izvestiia TsK KPSS, no. 4 (1989): 170`` -> periodical "Izvestiia TsK KPSS", issue 4, year
    1989, pages 170 (:data:`_ISSUE_ONLY`); None when the head is not title-cased (an author, not
    a journal)."""
    m = _ISSUE_ONLY.fullmatch(seg.strip().rstrip(" ."))
    if m is None:
        return None
    name = m.group("name").strip()
    if not name[:1].isupper():
        return None
    return Fields(periodical=name, issue=m.group("no"), volume=m.group("vol"), year=m.group("year"),
                  pages=normalise_pages(m.group("pages")))


def _periodical(seg: str, kb: KnowledgeBase) -> Fields | None:
    """``Financial Times, 14/11/85`` / ``Roy Howard, Stalin interview, Communist International, March/April 1936``
    / ``Pravda, 15 March 1921, p. 1`` / ``_Moniteur_, 2 juin 1793``.

    A name followed by nothing but an issue date with its day (any of five languages,
    ``patterns.FOREIGN_WORD_DATE``) and a page is a newspaper issue even when the name is
    unknown (a masthead: title case, at most six words, no digit, not a known author):
    newspapers are cited by day (Chicago Manual 17th ed. 14.191)."""
    hint = P.DATE_HINT.search(seg)
    foreign = P.FOREIGN_WORD_DATE.search(seg) if hint is None or not hint.group(0)[:1].isdigit() else None
    if hint is None and foreign is None:
        return None
    pieces = list(_pieces(seg))
    if len(pieces) < 2:
        return None
    for k in range(1, len(pieces) - 1):
        # "Manchester Guardian, August 5, 1914, p. 6": month, day, comma, year is one date (Chicago
        # Manual 17th ed. 6.38), not two pieces
        y = pieces[k + 1].strip(" .")
        if len(y) == 4 and y.isdigit() and P.WORD_DATE.fullmatch(f"{pieces[k].strip(' .')}, {y}"):
            pieces[k : k + 2] = [f"{pieces[k].strip(' .')}, {y}"]
            break
    date = None
    dated_at = -1
    for k, p in enumerate(pieces):
        q = p.strip(" .")
        m = P.NUMERIC_DATE.fullmatch(q) or P.WORD_DATE.fullmatch(q) or (P.FOREIGN_WORD_DATE.fullmatch(q) if foreign else None)
        if m:
            date, dated_at = q, k
            day = m.groupdict().get("day") or m.groupdict().get("day2") or m.groupdict().get("d")
    if date is None:
        return None
    # "Name, 15 March 1921, p. 1": only locators after the date
    issue_shape = dated_at == 1 and bool(day) and all(L.only_locators(q) for q in pieces[2:])
    for i, p in enumerate(pieces):
        if p.strip(" .") == date:
            continue
        if (is_periodical_name(p, kb) or (i == 0 and issue_shape and _masthead(p, kb))) and (
            kb.periodical(p) or i > 0 or len(pieces) == 2 or issue_shape
        ):
            p = p.strip(" .").strip(_MASTHEAD_MARKS).strip()
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


def is_periodical_issue(seg: str, kb: KnowledgeBase) -> bool:
    """Is ``seg`` a periodical issue with its date ("Pravda, 15 March 1921, p. 1", "Financial
    Times, 14/11/85"; see :func:`_periodical`), or an issue by its number and year ("Izvestiia TsK
    KPSS, no. 4 (1989): 170", :func:`_issue_only`)?"""
    seg = seg.strip().rstrip(" .,;")
    return _periodical(seg, kb) is not None or ("(" in seg and _issue_only(seg, kb) is not None)


#: What may wrap a newspaper's name: Markdown emphasis, quotes and guillemets (Italian and French
#: notes quote mastheads: «Avanti!», "Corriere della Sera", « Le Temps »).
_MASTHEAD_MARKS = "_*\"\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019\u00a0 "


def _masthead(name: str, kb: KnowledgeBase) -> bool:
    """Can ``name`` be a newspaper's title ("Pravda", "The Times", "_Moniteur_", "Izvestiia
    Vremennogo revoliutsionnogo komiteta")?  Capitalised, one to six words, no digit, and not
    the surname of an author the knowledge base knows."""
    n = name.strip(" .").strip(_MASTHEAD_MARKS).strip()  # «Avanti!», "Corriere della Sera", _Moniteur_
    words = n.split()
    if not words or len(words) > 6 or not n[:1].isupper() or P.ANY_DIGIT.search(n):
        return False
    return fold(words[-1]) not in kb.by_surname


#: A word that joins the last name of an author-date key's list: "Buick, Crump and Smith",
#: "Pennebaker, Páez, & Rimé" (APA 7th ed. 8.17), German "und", French "et", Spanish "y", Italian "e".
_KEY_JOINER = re.compile(r"(?:^|[ \t])(?:and|&|und|et|y|e|i|u\.|og|och|en)(?:[ \t]|$)")


def _comma_run_not_names(names_text: str, comma_before_year: bool = True) -> bool:
    """Is ``names_text`` three or more comma-separated pieces (initials aside) with no joining
    word before the last, and a comma before the year: "Girolamo Tasselli, Lettere da Rovereto,
    Trento, Temi, 1962" (an Italian full note: author, title, place, publisher, year), not the
    names of an author-date key, which join their last name with "and" / "&" / "et" / "und" /
    "y" (Chicago Manual 17th ed. 15.9; APA 7th ed. 8.17)?  A key that lists its names with
    commas only puts no comma before the year (ISO 690's author-date form, "Le Goff, Chartier,
    Revel 1978"), so ``comma_before_year`` False keeps them names."""
    if names_text.count(",") < 2:
        return False
    pieces = [p.strip() for p in names_text.split(",") if p.strip() and not P.INITIALS_ONLY.fullmatch(p.strip())]
    if len(pieces) < 3 or _KEY_JOINER.search(pieces[-1]):
        return False
    # without a comma before the year, still no key when a piece is no bare surname: "Otto
    # Brunner, Land und Herrschaft, Wien 1939" (a name given first, a title, a place)
    return comma_before_year or not all(_bare_surname(p) for p in pieces)


def _bare_surname(piece: str) -> bool:
    """Is ``piece`` one family name as an author-date key writes it: one capitalised word, with
    particles before it ("Le Goff", "van der Linden", "d'Alembert")?"""
    words = piece.split()
    named = [w for w in words if w.lower() not in _PARTICLES and not w.lower().startswith(("d’", "d'"))]
    return len(named) == 1 and named[0][:1].isupper() and all(w[:1].isupper() or w.lower() in _PARTICLES for w in words)


def parse_author_date(seg: str, kb: KnowledgeBase) -> Fields | None:
    """``Cliff, 1974, p121`` / ``Lenin 1965a: 23`` / ``Harman 2009``.

    White space a line break, a tab or several spaces made inside the key is one space, and a
    soft hyphen (U+00AD, a line-break hint that is no character of the name) is dropped:
    "Doosje et⏎al., 1998", "Hirst and⏎Manier, 2008", "Bran\u00adscombe, 2004" read as written
    on one line."""
    if "\n" in seg or "\u00ad" in seg or "  " in seg or "\t" in seg or "\r" in seg:
        seg = " ".join(seg.replace("\u00ad", "").split())
    m = P.AUTHOR_DATE.match(seg)
    if not m:
        return None
    names_text = m.group("names").strip(" ,").removesuffix("’s").removesuffix("'s")  # "Harman's (1983b)"
    year_at = m.start("original") if m.group("original") else m.start("year")
    comma_before_year = "," in seg[m.end("names") : year_at]
    if not is_name_like(names_text, key=True) or kb.is_place(names_text) or _comma_run_not_names(names_text, comma_before_year):
        return None
    words = names_text.split()
    if any(kb.is_place(" ".join(words[-k:])) for k in (1, 2) if len(words) > k):
        return None  # "H Carrere d’Encausse Stalin London 1981": place and year, not a key
    if P.WORD_DATE.search(seg):
        return None  # "Lenin, 8th November 1917": a dated utterance, not a key
    rest = m.group("rest") or ""
    if _imprint_follows(rest, kb):
        return None  # "Georges Lefebvre, La Grande Peur de 1789, Paris, Armand Colin, 1932": a title's year
    if rest.strip(" ,:") and not P.LOCATOR_TAIL.match(rest) and not (rest.lstrip()[:1] in (",", ":") and L.only_locators(rest)):
        return None  # any locator of the grammar may follow the key: "1894, line 5", "1931, Folio 38r", "1979, sect. 5"
    # a key's names joined by French "et", German "und", Italian "ed" as by "and" (not Spanish "y":
    # "Ortega y Gasset" is one name)
    names, et_al, _ = parse_names(_KEY_FOREIGN_AND.sub(" and ", names_text))
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
        original_year=m.group("original"),  # "Freud 1900/1953": APA 7th ed. 8.15
        author_date=True,
        **loc,
    )


#: A place of publication, a publisher or not, and the year, after what looked like an
#: author-date key: ", Paris, Armand Colin, 1932", ", Stuttgart 1967", ", London: Verso, 1990".
_IMPRINT_AFTER = P.LazyPattern(r"[ \t]*[,.][ \t]*(?P<place>[A-Z\u00c0-\u00de][^\d,:;()]{1,40}?)(?:[ \t]*[,:][ \t]*[^\d;()]{1,80}?)?[,]?[ \t]+(?:1[4-9]\d\d|20\d\d)(?!\d)")


def _imprint_follows(rest: str, kb: KnowledgeBase) -> bool:
    """Does an imprint (a place the knowledge base knows, a publisher, a year) follow the
    year of an apparent author-date key?  Then that year ended a title ("La Grande Peur de
    1789", "The Age of Revolution 1789-1848"), not a key (Chicago Manual 17th ed. 14.100:
    a note's title, then the facts of publication)."""
    m = _IMPRINT_AFTER.match(rest)
    return m is not None and kb.is_place(m.group("place").strip())


#: An imprint that says only that the work has no date: "(n.d.)", French and Italian "(s.d.)",
#: German "(o.J.)" (Chicago Manual 17th ed. 14.145; DIN 1505-2 "o. J.").
_BARE_NO_DATE = re.compile(r"\((?:n\.[ \t]?d|s\.[ \t]?d|o\.[ \t]?J)\.?\)")


def _elements(seg: str, kb: KnowledgeBase) -> list[_Element]:
    """Volumes, pages, note locators and place-year pairs found in ``seg``; a bare "(n.d.)"
    is an element too, so that it ends the head and stays out of the title."""
    els: list[_Element] = _locator_elements(seg)
    for m in P.PLACE_YEAR.finditer(seg) if P.YEAR_HINT.search(seg) else ():
        el = _place_year(seg, m, kb)
        if el and not any(e.start <= el.start < e.end for e in els):
            els.append(el)
    if ".d" in seg or ".J" in seg:
        for m in _BARE_NO_DATE.finditer(seg):
            if not any(e.start <= m.start() < e.end for e in els):
                els.append(_Element("date", m.start(), m.end(), {"year": None, "no_date": True}))
    els.sort(key=lambda e: e.start)
    return els


#: Between two locators of one element: punctuation, or "on"/"at"/"in" ("note 16 on page 351").
_LOCATOR_GLUE = re.compile(r"[ \t,.;:()]*(?:(?:on|at|in)[ \t]+)?")


def _locator_elements(seg: str) -> list[_Element]:
    """The locators of ``seg`` (citekit.locators, with bare trailing pages) and its archival
    reference, as elements; locators with only punctuation or "on"/"at" between them make one."""
    els: list[_Element] = []
    found = L.find_locators(seg, bare=True)
    group: list[L.Locator] = []
    for loc in found:
        if group and not _LOCATOR_GLUE.fullmatch(seg, group[-1].end, loc.start):
            els.append(_locator_element(group))
            group = []
        group.append(loc)
    if group:
        els.append(_locator_element(group))
    if "op" in seg or "Arch" in seg or "," in seg and any(c.isupper() for c in seg[-12:]):
        a = L.find_archive(seg)
        if a is not None and not any(e.start <= a.start < e.end for e in els):
            name_at = seg.rfind(a.archive, 0, a.start) if a.archive else -1
            start = name_at if name_at >= 0 else a.start
            els = [e for e in els if not (start <= e.start < a.end)]
            els.append(_Element("archive", start, a.end, {"archive": a.archive, "archive_location": a.location}))
    return els


def _locator_element(group: list[L.Locator]) -> _Element:
    value = locators_to_fields(group)
    label = value.pop("page_label", None)
    if label:
        value["label"] = label
    return _Element("locator", group[0].start, group[-1].end, value)


_MONTH_RX = re.compile(rf"^(?:{P.MONTHS})\.?$")


#: A place named with a linking word, ending where the place-year pattern's place ends:
#: German "Frankfurt am Main", "Halle an der Saale", "Freiburg im Breisgau", "Rothenburg ob der
#: Tauber", French "Châlons-sur-Marne", "Boulogne-sur-Mer", English "Newcastle upon Tyne",
#: "Stratford-upon-Avon", "Southend-on-Sea".  The words before and after the link are
#: capitalised; the link is lower case, and "on", "sur", "le"… count only hyphenated
#: ("Essays on Marx, 1972" is a title) (DIN 1505-2 and Chicago Manual 17th ed. 14.130 keep
#: the place as the title page gives it).
_LINKED_PLACE = re.compile(
    r"(?P<place>[A-Z\u00c0-\u00de][\w'’]{1,20}(?:-[A-Z\u00c0-\u00de][\w'’]{1,20})?"
    r"(?:[ \t](?:am|an[ \t]der|an|im|ob[ \t]der|bei|upon)[ \t]|-(?:am|an|im|upon|on|sur|sous|en|le|lès|les|la)-)"
    r"[A-Z\u00c0-\u00de][\w'’]{1,20})\Z")


def _linked_place(seg: str, end: int) -> re.Match[str] | None:
    """A linked place name (:data:`_LINKED_PLACE`) that ends at ``seg[end]``, or None."""
    return _LINKED_PLACE.search(seg, max(0, end - 60), end)


def _place_year(seg: str, m: re.Match[str], kb: KnowledgeBase) -> _Element | None:
    words = m.group("place").split()
    year = m.group("year")
    value = {"year": year} if year else {"year": None, "no_date": True}
    linked = _linked_place(seg, m.end("place")) if ("-" in seg or " " in m.group("place") or m.start("place") > 0) else None
    if linked is not None and linked.start() <= m.start("place"):
        return _Element("place", linked.start(), m.end(), {**value, "place": linked.group("place")})
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


def _full(seg: str, kb: KnowledgeBase, abbreviations: Collection[str], base: dict, *, learned: bool = True) -> Fields:
    """A full or short citation: the hand rules' parse (:func:`_full_rules`) combined with the
    trained field parser's (citekit/fields/, rules in :func:`citekit.fields.record.combine`).
    ``learned=False``: the rules' parse alone (a caller that labels the string itself)."""
    rules = _full_rules(seg, kb, abbreviations, base)
    if rules.abbreviation and not rules.authors and opens_with_archive(seg):
        unit = archival_unit(seg)  # "ACS, PCM, 1921, b. 45, fasc. 3": an archive's acronym, no work's
        if unit is not None:
            return attrs.evolve(rules, **{"abbreviation": None, "title": None, "item_title": None, "year": None, **unit})
    if not learned or rules.abbreviation or _known_to_kb(rules, kb):
        return rules  # an abbreviation or a title the knowledge base (or the user's library) knows
    from .fields import crf, record  # the fields package builds on this module's name rules

    tagging = crf.Tagging(seg)
    learned = record.fields_from_segments(seg, tagging.segments)
    # the CRF's marginals cost as much as its labels: asked for only where the two parses disagree
    conf = None
    if record.disagree(rules, learned):
        conf = record.confidences(tagging.with_confidence())
    out = record.combine(rules, learned, conf)
    return institution_authors(_first_page_pinpoint(_learned_volume_checked(_pages_not_volume(out, rules), rules, seg), seg), seg)


#: Two page numbers side by side at a citation's end, "‘Letter to James Madison’ 392 397.": the
#: item's first page, then the pinpoint (OSCOLA 4th ed. 1.2.2 and 3.3, its comma left out).
_TWO_PAGES_END = re.compile(r"(?<![\d.,])(?P<first>\d{2,4})[ \u00a0](?P<pin>\d{1,4})[ \t.;]*\Z")


def _first_page_pinpoint(out: Fields, seg: str) -> Fields:
    """Pages the trained parser joined into one number ("392397", "8890") out of a first page and
    a pinpoint written side by side (:data:`_TWO_PAGES_END`): the pinpoint is the locator.  A
    thousands group ("1 234", "12 345": three digits after the space, fewer than six in all)
    is left alone."""
    if not out.pages or not out.pages.isdigit() or len(out.pages) < 4:
        return out
    m = _TWO_PAGES_END.search(seg)
    if m is None or m.group("first") + m.group("pin") != out.pages or (len(m.group("pin")) == 3 and len(out.pages) < 6):
        return out
    return attrs.evolve(out, pages=m.group("pin"))


def _learned_volume_checked(out: Fields, rules: Fields, seg: str) -> Fields:
    """Drop a volume only the trained parser found when the text shows it is none: the number
    stands after a page term ("…, Cambridge 1983, S. 1–14, S. 3–5": a chapter's own pages, then
    the pinpoint), or ends a university's name ("Université Lumière Lyon 2", "Universität Paris
    8": :data:`_NUMBERED_UNIVERSITY`).  ``out`` unchanged otherwise."""
    if out.volume is None or rules.volume is not None or not P.ANY_DIGIT.search(out.volume):
        return out
    written = "[\u2010-\u2014\u2212-]".join(re.escape(x) for x in L._DASH_RX.split(out.volume))
    if re.search(rf"(?<![^\W\d_])(?:S|p|pp|Seiten?|pages?)\.?[ \t\u00a0\u202f]*{written}(?!\d)", seg):
        return attrs.evolve(out, volume=None)
    for piece in seg.split(","):
        m = _NUMBERED_UNIVERSITY.fullmatch(piece.strip(" .;"))
        if m and m.group("n") == out.volume and not _JOURNAL_WORD.search(piece):
            return attrs.evolve(out, volume=None)
    return out


#: A university whose name ends in its number, as a thesis's institution: "Université Lumière
#: Lyon 2", "Université Paris 1 Panthéon-Sorbonne" is not (the number inside), "Universität
#: Paris 8" (group ``n``).  Journals named after a university ("University of Toronto Quarterly
#: 25") are told apart by :data:`_JOURNAL_WORD`.
_NUMBERED_UNIVERSITY = re.compile(r"(?:Universit(?:y|é|à|ät|ad|ade|at)|Univ\.)[^,\d]{1,60}?[ \t\u00a0](?P<n>\d{1,2}|[IVX]{1,4})")
_JOURNAL_WORD = re.compile(r"Quarterly|Review|Journal|Studies|Bulletin|Revue|Zeitschrift|Rivista|Annals|Annales|Jahrbuch|Magazine")


#: A word that names a public body, not a person: ministries, prefectures, councils, offices,
#: academies and societies, parliaments, parties (English, French, Italian, Spanish, Portuguese,
#: German).  With :data:`citekit.patterns.ARCHIVE_WORD` (archives, libraries, museums) it marks an
#: institution (CSL 1.0.2 "Name": an institutional name is a ``literal``; Chicago Manual 17th ed.
#: 14.69 corporate authors).
_CORPORATE_WORD = re.compile(
    r"(?<![^\W\d_])(?:Minist(?:ry|ère|erio|ero|ério|erium)|Préfecture|Prefettura|Prefectura|Département|Department"
    r"|Council|Conseil|Consiglio|Consejo|Commission|Commissione|Comisión|Kommission|Committee|Comité|Comitato|Office|Bureau"
    r"|Ufficio|Oficina|Amt|Institut|Institute|Instituto|Istituto|Academy|Académie|Accademia|Academia|Akademie"
    r"|Society|Société|Società|Sociedad|Sociedade|Gesellschaft|Verein|Government|Gouvernement|Governo|Gobierno|Regierung"
    r"|Parliament|Parlement|Parlamento|Sénat|Senato|Senado|Assemblée|Assemblea|Reichstag|Bundestag|Comune|Municipio"
    r"|Municipalité|Magistrat|Stadtrat|Landtag|Universit(?:y|é|à|ät|ad|ade)|Bibliothek|Archives|Archivio|Archivo|Arquivo|Archief)(?![^\W\d_])"
)


#: A manuscript's shelfmark or a leaf after an archive's name, in the lower-case forms of Italian,
#: French and Spanish archival citation: "ms. 418", "mss. 12", "cod. 4", "reg. 7", "b. 12",
#: "fasc. 3", "c. 3v" (carta), "cc. 12-14", "liasse 4", "leg. 11.923", "exp. 2" (the archives'
#: citation guides; Chicago Manual 17th ed. 14.232).  "ms. cit." (a manuscript cited before) is none.
SHELFMARK = re.compile(r"(?<![^\W\d_])(?:ms|mss|cod|reg|fasc|liasse|leg|exp|cc?)\.?[ \t]?\d{1,6}(?:\.\d{3})?[rv]?(?!\d)")


def is_institution(s: str | None) -> bool:
    """Does ``s`` (an author as written) name an institution, not a person: an archive, library
    or museum (:data:`citekit.patterns.ARCHIVE_WORD`: "Staatsarchiv Zürich", "Archivio di Stato di
    Lucca", "Bibliothèque nationale de France") or a public body (:data:`_CORPORATE_WORD`:
    "Préfecture de police", "Ministero dell'Interno", "Ministry of Labour")?"""
    if not s or len(s) > 120:
        return False
    return P.ARCHIVE_WORD.search(s) is not None or _CORPORATE_WORD.search(s) is not None


def _archive_head(f: Fields, seg: str) -> Fields:
    """A citation that opens with an archive's name and no author, which the parsers read as
    the title: "Archivio storico comunale di Bassano, ms. 418, Registro del podestà, c. 3v",
    "Archives municipales de Grenoble, Délibérations consulaires, 3.2.1702, fol. 44v" (the
    archive, its shelfmark, the document: CSL ``archive``, ``archive_location``, ``title``).
    ``f`` unchanged when the first piece of ``seg`` names no archive."""
    pieces = [p.strip(" .") for p in seg.split(",")]
    head = pieces[0]
    if not P.ARCHIVE_WORD.search(head) or len(head.split()) > 10 or P.ANY_DIGIT.search(head) or not fold(f.title).startswith(fold(head)):
        return f
    location = title = None
    for piece in pieces[1:]:
        if not piece or P.ANY_DIGIT.search(piece) and not SHELFMARK.fullmatch(piece):
            break  # a date or a locator: the citation's end
        if SHELFMARK.fullmatch(piece):
            location = location or piece
        elif title is None and not L.only_locators(piece):
            title = piece
        else:
            break
    if title is None and location is None:
        return f
    return attrs.evolve(f, archive=head, archive_location=f.archive_location or location, title=title,
                        item_title=None if f.item_title and location and location in f.item_title else f.item_title)


#: A whole comma piece of an archival citation that is a shelfmark: a British class and piece
#: ("FO 371/3862", "CAB 23/4", "WO 32/5", "PRO 30/22"), a French series and article ("F7
#: 13960", "HH 289"), a named manuscript ("MS Asquith 12", "Add MS 41234"), a box, carton or
#: folder ("carton 12", "Box 4"), the
#: pieces of a Spanish or Russian reference ("leg. 123", "exp. 4"; "f. 17", "op. 3", "d. 45")
#: and :data:`SHELFMARK` (The National Archives' and the Archives nationales' citation guides;
#: Chicago Manual 17th ed. 14.232-14.242; GOST 7.0.12).  Folios and files are the locator.
UNIT_SHELFMARK = P.LazyPattern(
    r"(?:[A-Z]{1,4}\d{0,2}(?:[ \u00a0][A-Z]{1,3})?[ \u00a0]?\d{1,6}[a-z]?(?:/\d{1,6}[A-Za-z]?){0,3}"
    r"|(?:Add\.?[ \u00a0])?MSS?\.?[ \u00a0](?:[A-Z][a-z]{1,12}\.?[ \u00a0])?\d{1,6}[a-z]?"  # "MS Asquith 12", "Add MS 41234"
    r"|(?:f|fond|op|d|delo|carton|dossier|box|Box|folder|Bestand|busta|caja|carp|leg|legajo|exp"
    r"|b|fasc|sottofasc|sf|cart|cartella|expediente|Nr|Akte)\.?[ \u00a0]?[A-Z]?-?\d{1,6}(?:\.\d{3})?[a-z]?"
    r"|(?:fasc|sottofasc|dossier|carp|exp|file)\.?[ \u00a0]?[\"“«][^\"”»]{1,60}[\"”»])"  # fasc. "Bologna": a named file
)
#: An archive written as its acronym at a citation's head, as Italian, French, German and
#: Russian notes write the national archives ("ACS", "ASMAE", "AN", "BArch", "GARF",
#: "RGASPI", "TNA", "PA AA", "TsGA SPb"): two to eight letters, two or more capitals.  Read
#: only when unit marks follow (:func:`archival_unit`), so "OECD, Economic Outlook" is none.
_ARCHIVE_ACRONYM = P.LazyPattern(r"[A-Z][a-z]{0,3}[A-Z][A-Za-z]{0,5}(?:[ \u00a0][A-Z][A-Za-z]{0,3})?")
#: The year (or years) of an archival series before its box: "ACS, PCM, 1921, b. 45".
_SERIES_YEAR = P.LazyPattern(r"(?:1[4-9]\d\d|20\d\d)(?:[-\u2013/](?:1[4-9]\d\d|20\d\d|\d\d))?")
#: The unit terms naming a file inside a box (Italian fascicolo, sottofascicolo; French dossier;
#: Spanish expediente; German Akte, Nr.): the last of several unit marks, the locator.
_FILE_TERMS = frozenset("fasc sottofasc sf dossier exp expediente Akte Nr file".split())
#: The term and value of the last unit mark, made the citation's locator when no folio follows.
_UNIT_LAST = P.LazyPattern(r"(?P<term>[A-Za-z]{1,10})\.?[ \u00a0]?[\"“«]?(?P<value>[^\"”»]{1,60}?)[\"”»]?")
#: A place written after an archive's name: capitalised words, no digit ("Kew", "London",
#: "College Park", "Aix-en-Provence").
_ARCHIVE_PLACE = P.LazyPattern(r"[A-Z\u00c0-\u00de][\w\u00c0-\u024f'’-]{1,30}(?:[ \u00a0](?:[a-z]{2,3}[ \u00a0])?[A-Z\u00c0-\u00de][\w\u00c0-\u024f'’-]{1,30}){0,2}")


def opens_with_archive(seg: str) -> bool:
    """May ``seg`` (a citation) open with an archive: an archive's name in its first 120
    characters (:data:`citekit.patterns.ARCHIVE_WORD`) or an acronym then a comma ("ACS, PCM,
    1921, b. 45"; :data:`_ARCHIVE_ACRONYM`)?  A cheap gate before :func:`archival_unit`."""
    if P.ARCHIVE_WORD.search(seg, 0, 120):
        return True
    m = _ARCHIVE_ACRONYM.match(seg)
    return m is not None and seg[m.end() : m.end() + 1] == ","


def _is_shelfmark(piece: str) -> bool:
    return SHELFMARK.fullmatch(piece) is not None or UNIT_SHELFMARK.fullmatch(piece) is not None


def _series_path(pieces: list[str], i: int, acronym: bool) -> tuple[int, list[str]]:
    """The fonds and series path of an archival citation from ``pieces[i]`` up to its first
    unit mark: capitalised pieces ("Ministero dell'Interno", "Affari politici 1919-1930"), at
    most six, then the series' year ("PCM, 1921, b. 45").  ``(index of the mark, path)``, or
    ``(i, [])`` when no unit mark follows the path."""
    series, j = [], i
    while (j < len(pieces) and len(series) < 6 and pieces[j][:1].isupper()
           and not _is_shelfmark(pieces[j]) and not L.only_locators(pieces[j])):
        series.append(pieces[j])
        j += 1
    if j < len(pieces) and _SERIES_YEAR.fullmatch(pieces[j]) and (series or acronym):
        series.append(pieces[j])
        j += 1
    if series and j < len(pieces) and _is_shelfmark(pieces[j]):
        return j, series
    return i, []


def archival_unit(seg: str) -> dict | None:
    """The archive, its place, the shelfmark and the document of an archival citation that
    opens with the archive: "National Archives, Kew, FO 371/3862, file 14522, Curzon to Cox,
    12 October 1919" -> archive "National Archives", place "Kew", archive_location "FO
    371/3862", item_title "Curzon to Cox" (a dated document inside the file); "Archives
    municipales de Lyon, HH 289, registre de la confrérie (1540-1562), fol. 12 v°" -> title
    "registre de la confrérie (1540-1562)" (the unit itself, undated); "Archivo General de
    Simancas, leg. 123, exp. 4" -> archive_location "leg. 123, exp. 4" (Chicago Manual 17th ed.
    14.232: archive, place, shelfmark, document; CSL ``archive``, ``archive-place``,
    ``archive_location``).  A dict of those Fields values, or None when ``seg`` does not open
    with an archive's name (:data:`citekit.patterns.ARCHIVE_WORD`, no digit) followed, after
    at most two places, by a shelfmark (:data:`UNIT_SHELFMARK`, :data:`SHELFMARK`)."""
    pieces = [p.strip(" .;") for p in seg.split(",")]
    head = pieces[0]
    acronym = _ARCHIVE_ACRONYM.fullmatch(head) is not None  # "ACS, PCM, 1921, b. 45, fasc. 3"
    if len(pieces) < 2 or not (acronym or P.ARCHIVE_WORD.search(head)) or len(head.split()) > 10 or P.ANY_DIGIT.search(head):
        return None
    i, places = 1, []
    while (not acronym and i < len(pieces) and len(places) < 2 and not _is_shelfmark(pieces[i])
           and _ARCHIVE_PLACE.fullmatch(pieces[i])):
        places.append(pieces[i])
        i += 1
    i, series = _series_path(pieces, i, acronym)
    if not series and places and not _is_shelfmark(pieces[i] if i < len(pieces) else ""):
        i, series = _series_path(pieces, 1, acronym)  # "…di Milano, Prefettura, Gabinetto, 1922, b. 7": no places
        places = [] if series else places
    marks = []
    while i < len(pieces) and _is_shelfmark(pieces[i]):
        marks.append(pieces[i])
        i += 1
    if not marks:
        return None
    out: dict = {"archive": head, "place": places[0] if places else None}
    last = _UNIT_LAST.fullmatch(marks[-1])
    if (len(marks) > 1 and last and last["term"] in _FILE_TERMS
            and not any(p and L.only_locators(p) for p in pieces[i:])):
        # "b. 45, fasc. 3" with no folio after: the box is the unit, the file in it the locator
        out.update(locator_label="file", locator=last["value"].strip(), issue=None, volume=None, pages=None, page_label=None)
        marks = marks[:-1]
    out["archive_location"] = ", ".join(series + marks)
    if series and _SERIES_YEAR.fullmatch(series[-1]):
        out["year"] = None  # the series' year is part of the shelfmark, no date of publication
    desc: list[str] = []
    dated = False
    for piece in pieces[i:]:
        if not piece or L.only_locators(piece) or piece.split()[0] in ("file", "files", "item", "piece", "doc", "document", "no"):
            continue  # the locator ("fol. 12 v°", "file 14522"): read by the locator grammar
        if P.WORD_DATE.fullmatch(piece) or P.NUMERIC_DATE.fullmatch(piece) or P.FOREIGN_WORD_DATE.fullmatch(piece):
            dated = bool(desc)
            break
        if P.SHORT_KEYWORD.search(P.fold_marks(piece)) or not piece[:1].isalpha():
            break  # "loc. cit.", "op. cit.": a short form of a document cited before
        desc.append(piece)
    if desc:
        out["item_title" if dated else "title"] = ", ".join(desc)
    return out


def archival_entry(s: str) -> Fields | None:
    """A reference-list entry for an archive or a collection in it, as Chicago's "Archival
    Sources" / "Manuscript Sources" lists write them (Chicago Manual 17th ed. 14.241): "National
    Archives, Kew, London. Foreign Office, General Correspondence, FO 371." -> archive "National
    Archives", place "Kew", title "Foreign Office, General Correspondence", archive_location "FO
    371"; "de László Archive Trust, London. Account Books." -> archive "de László Archive
    Trust", place "London", title "Account Books".  The head (up to the first ". ") names an
    archive (:data:`citekit.patterns.ARCHIVE_WORD`) and places; the entry has no year of
    publication at its end and no "Place: Publisher" (a corporate author's book is no archive).
    None for any other entry."""
    head, dot, rest = s.partition(". ")
    pieces = [p.strip() for p in head.split(",")]
    if not dot or not P.ARCHIVE_WORD.search(pieces[0]) or P.ANY_DIGIT.search(head) or len(pieces[0].split()) > 10:
        return None
    if not all(_ARCHIVE_PLACE.fullmatch(p) for p in pieces[1:]) or _ENTRY_PUBLISHED.search(rest):
        return None
    parts = [p.strip() for p in rest.strip().rstrip(".").split(",")]
    location = None
    if parts and _is_shelfmark(parts[-1]):
        location = parts.pop()
    title = ", ".join(p for p in parts if p) or None
    if title is None and location is None:
        return None
    return Fields(archive=pieces[0], place=pieces[1] if len(pieces) > 1 else None, title=title, archive_location=location)


#: The end of a published work's entry: a year ("…, 1998.", "… 2004)."), or "Place: Publisher".
_ENTRY_PUBLISHED = P.LazyPattern(r"(?:1[5-9]\d\d|20\d\d)[a-z]?\)?\.?[ \t]*\Z|[A-Z][a-z]+:[ \t][A-Z]")


def institution_authors(f: Fields, seg: str = "") -> Fields:
    """``f`` with an institution read as a person given back: an archive, library or museum at
    the head of a citation is its ``archive`` (CSL ``archive``; Chicago Manual 17th ed. 14.232:
    "Staatsarchiv Zürich, Ratsmanual, …, fol. 12r"), any other body a corporate author (a CSL
    ``literal`` name: "Préfecture de police").  ``seg``: the citation's text, whose piece after
    the archive is the title when the parsers took the archive for it.  ``f`` unchanged when its
    authors are persons."""
    text = (f.authors_text or "").strip(" ,.:;")
    if seg and (not f.authors or is_institution(text) or _ARCHIVE_ACRONYM.fullmatch(text)) and opens_with_archive(seg):
        unit = archival_unit(seg)  # "National Archives, Kew, FO 371/3862, file 14522, Curzon to Cox, …"
        if unit is not None:
            return attrs.evolve(f, **{"authors": (), "authors_text": None, "title": None, "item_title": None, **unit})
    if not f.authors and not f.archive and f.title and seg:
        return _archive_head(f, seg)
    if not f.authors or not is_institution(text):
        return f
    if P.ARCHIVE_WORD.search(text) and (f.title or f.archive_location):
        title = f.title
        if title and fold(title).startswith(fold(text)) and seg.startswith(text + ","):
            nxt = seg[len(text) + 1 :].split(",", 1)[0].strip(" .")  # "Bibliothèque nationale de France, Manuscrits français 2345, fol. 18"
            title = nxt if nxt and not L.only_locators(nxt) else None
        return attrs.evolve(f, authors=(), archive=f.archive or text, title=title)
    return attrs.evolve(f, authors=(Name(literal=text),))


def _pages_not_volume(out: Fields, rules: Fields) -> Fields:
    """Drop a volume that is the rules' own page range read again: the CRF may label the
    front-matter pages "xi–xii" after an imprint as a volume (11); the locator grammar reads
    them as pages (citekit.locators, Chicago Manual 17th ed. 14.148), and a text's one
    numeral is not both."""
    if out.volume is None or rules.volume is not None or not rules.pages:
        return out
    first = L._DASH_RX.split(rules.pages)[0].strip()
    if first.isalpha() and first.islower() and str(L.roman_to_int(first)) == str(out.volume):
        return attrs.evolve(out, volume=None)
    return out


def _known_to_kb(f: Fields, kb: KnowledgeBase) -> bool:
    """Does the rules' title name a work of the knowledge base (title, title without subtitle,
    short title or alias), by one of the cited authors when authors were read?"""
    title = f.title or f.name_or_title
    if not title:
        return False
    t = fold(title)
    if t not in kb.folded_titles:
        return False
    if not f.creator_surnames:
        return True
    return any(fold(x) == t for s in f.creator_surnames for w in kb.by_surname.get(fold(s), ()) for x in w.titles)


def _full_rules(seg: str, kb: KnowledgeBase, abbreviations: Collection[str], base: dict) -> Fields:
    els = _elements(seg, kb)
    head_end = els[0].start if els else len(seg)
    head = seg[:head_end].strip().rstrip(",.;:( ")  # "(" of "Title (Paris, n.d.)"
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
    _role_phrases(seg, fields, kb)
    # leftovers: "“Global Crisis and Transformation”", "in World Development 1980",
    # "Preface to A Contribution …, by Marx", "London: Pluto Press"
    for lo in leftovers:
        _leftover(lo, fields, kb)
    _place_then_publisher(seg, fields, kb)
    return Fields(**fields)


#: A short capitalised piece: a place ("Trento", "Roma-Bari", "Aix-en-Provence") or a publisher ("Temi").
_SHORT_PIECE = re.compile(r"[A-Z\u00c0-\u00de][^\d,;:()]{0,40}")


def _place_then_publisher(seg: str, fields: dict, kb: KnowledgeBase) -> None:
    """Italian, French and Spanish notes print the imprint as "Luogo, Editore, anno":
    "Lettere da Rovereto, Trento, Temi, 1962" (Italian usage, e.g. the style sheets of Einaudi
    and of *Studi storici*; French "Lieu, Éditeur, année").  The place-year element takes the
    word before the year as the place and leaves the true place as an item title; when that
    item title stands right before it, a comma between, and the "place" is no known place,
    they are place and publisher."""
    place, item = fields.get("place"), fields.get("item_title")
    if not place or not item or fields.get("publisher") or kb.is_place(place):
        return
    if not _SHORT_PIECE.fullmatch(item) or len(item.split()) > 3 or not _SHORT_PIECE.fullmatch(place):
        return
    if f", {item}, {place}," not in seg:
        return
    fields["place"], fields["publisher"] = item, place
    fields.pop("item_title")


#: A contributor phrase inside a citation: "trans. Alan Forrest and Colin Jones", "edited by W.
#: Zinsser", "a cura di V. Gerratana", "traduit par", "übers. v.", "hg. v.", "ed. Colin Lucas";
#: group ``who`` runs to the next comma, semicolon, parenthesis or full stop before a space/end
#: (one bounded class, linear).  Chicago Manual 17th ed. 14.103-14.105; DIN ISO 690; Italian usage.
_ROLE_PHRASE = re.compile(
    r"""(?:^|[,;(][ \t]*|\.[ \t]+)
        (?:(?P<tr>trans\.|transl\.|tr\.|translated[ \t]by|trad\.|traduit[ \t]par|traducci[oó]n[ \t]de|
              tradu[çc][ãa]o[ \t]de|traduzione[ \t]di|trad\.[ \t]di|übers\.[ \t]?(?:v\.|von)|übersetzt[ \t]von|
              aus[ \t]dem[ \t][A-Za-zä]{3,20}[ \t]von)
          |(?P<ed>edited[ \t]by|ed\.[ \t]by|ed\.|eds\.|(?:edizione[ \t]critica[ \t])?a[ \t]cura[ \t]di|[ée]d\.[ \t]par|
              édité[ \t]par|sous[ \t]la[ \t]direction[ \t]de|hg\.[ \t]?v\.|hrsg\.[ \t]?v\.|herausgegeben[ \t]von|edición[ \t]de))
        [ \t]+(?P<who>[^,;()]{2,80}?)(?=[ \t]*[,;()]|(?<!(?-i:[A-Z]))\.[ \t]|\.?$)""",  # "R. R. Palmer": initials go on
    re.VERBOSE | re.IGNORECASE,
)


def _role_phrases(seg: str, fields: dict, kb: KnowledgeBase) -> None:
    """Translators and editors named by a phrase ("trans. X", "a cura di Y") into ``fields``
    (``translators``; ``editors`` unless the head already named them).  The names must read
    as names (:func:`is_name_like`), not a place ("2nd ed. Paris")."""
    low = seg.lower()
    if not any(w in low for w in ("tr", "ed", "cura", "éd", "hg", "hrsg", "herausg", "übers", "direction", " von")):
        return  # in every phrase: skip the pattern
    for m in _ROLE_PHRASE.finditer(seg):
        who = m.group("who").strip(" .")
        if not who or not is_name_like(who) or kb.is_place(who) or not who[:1].isupper():
            continue
        names, _, _ = parse_names(who)
        if not names:
            continue
        if m.group("tr"):
            fields.setdefault("translators", names)
        elif not fields.get("editors"):
            fields["editors"] = names


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


#: An editor mark standing alone as a comma piece of a note's head ("…, eds., Title"; "…, Hrsg.,"
#: "…, dir.," "…, comp.,", "…, coord."): English, German, French, Spanish (Chicago Manual 14.103).
_BARE_EDITOR_PIECE = P.LazyPattern(r"(?i:eds?|editors?|comps?|dirs?|hrsg|hg|coords?)\.?")


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

    if len(pieces) >= 3 and _BARE_EDITOR_PIECE.fullmatch(pieces[1]) and is_name_like(pieces[0]):
        # "V. P. Danilov and T. Shanin, eds., Krest'ianskoe vosstanie…" (Chicago Manual 17th ed.
        # 14.103: "ed." / "eds." after the editors' names in a note): editors, then the title
        names, et_al, _ = parse_names(pieces[0])
        if names:
            out["editors"], out["et_al"], out["authors_text"] = names, et_al, pieces[0]
            _title_and_items(pieces[2:], out, kb, abbreviations)
            return out

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
    mark = _EDITOR_WORD_MARK.search(first) if "(" in first and rest else None
    if mark and is_name_like(first[: mark.start()]):
        # "P. Bevilacqua (a cura di), Storia dell'agricoltura…", "Pierre Nora (dir.), Les Lieux…",
        # "H. Müller (Hg.), Titel": an editor, then the title
        names, et_al, _ = parse_names(first[: mark.start()])
        out["editors"], out["et_al"], out["authors_text"] = names, et_al, first[: mark.start()].strip()
        _title_and_items(rest, out, kb, abbreviations)
        return out
    colon = _colon_head(first, kb)
    if colon is not None:
        # "Nipperdey: Deutsche Geschichte 1866-1918", "Le Goff/Chartier/Revel (hg. von): La nouvelle
        # histoire": the German short note's "Name: Kurztitel" (DIN 1505-2; Freiburg, Heidelberg)
        names, editors, who, title = colon
        out["editors" if editors else "authors"], out["et_al"], out["authors_text"] = names, False, who
        _title_and_items([title] + rest, out, kb, abbreviations)
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


#: The head of a German short note, "Name: Kurztitel" (DIN 1505-2; the Freiburg and Heidelberg
#: house styles): surnames joined by "/" (group ``who``), perhaps an editor mark ("(Hg.)",
#: "(Hgg.)", "(Hrsg.)", "(hg. von)", "(ed.)", "(dir.)", "(a cura di)"; group ``mark``), a colon,
#: the title.  Bounded runs, no nested quantifiers (linear).
_COLON_HEAD = re.compile(
    r"(?P<who>[^\W\d_][^:/()\d]{0,40}(?:/[^\W\d_][^:/()\d]{0,40}){0,5}?)"
    r"(?:[ \t]*\((?P<mark>hgg?\.?(?:[ \t]von)?|hrsg\.?(?:[ \t]von)?|eds?\.?|dirs?\.?|éds?\.?|a[ \t]cura[ \t]di|coords?\.?)\))?"
    r"[ \t]*:[ \t]+(?P<title>[^\W\d_\s]|[‘“„«\"'])",
    re.IGNORECASE,
)


def _colon_head(first: str, kb: KnowledgeBase) -> tuple[tuple[Name, ...], bool, str, str] | None:
    """``(names, editors?, names as written, title)`` of a head written "Name: Title" or
    "Name/Name (Hg.): Title" (:data:`_COLON_HEAD`), or None.  Every name is a surname of at
    most three words (:func:`is_name_like`), none a place or a word that names a part
    ("Chapter: …"); so "Citizens: A Chronicle …" (a title, its subtitle) is kept whole only when
    "Citizens" reads as a title word, and a person's short note "Nipperdey: Deutsche Geschichte"
    is split."""
    m = _COLON_HEAD.match(first)
    if m is None:
        return None
    who = m.group("who").strip()
    parts = [x.strip() for x in who.split("/")]
    if not all(x and len(x.split()) <= 3 and x[:1].isupper() and is_name_like(x) and not kb.is_place(x)
               and x.lower().strip(".") not in P.NOT_AUTHOR_WORDS for x in parts):
        return None
    if len(parts) == 1 and not m.group("mark") and "," in who:
        return None  # "Hobsbawm, E.: …" is an inverted full name: the rules for names read it
    names = tuple(Name(family=x) for x in parts)
    return names, bool(m.group("mark")), first[: m.end("who") if not m.group("mark") else m.end("mark") + 1].strip(), first[m.start("title") :].strip()


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


_REF_ENTRY = P.LazyPattern(
    r"""^(?P<authors>[^()\d]{2,200}?)[ \t]*(?P<ed>\((?i:eds?|editors?|hgg?|hrsg|dirs?|[ée]ds?|coords?|comps?|orgs?|red|a[ \t]cura[ \t]di)\.?\)[ \t]*)?[,.]?[ \t]*
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


def _inverted_compound(family: str, given: str) -> bool:
    """Is ``family, given`` one inverted name with a compound family name: "Menéndez Pidal,
    Ramón", "García Márquez, Gabriel", "Ortega y Gasset, José", "Tuñón de Lara, Manuel" (Spanish
    and Portuguese double surnames, inverted whole: Real Academia Española, Ortografía 2010;
    Chicago Manual 17th ed. 8.11; CSL 1.0.2 "Name-part order")?  The family part is two to four
    capitalised words (joiners "y", "i", "e", "de", "da"… between), no initials; the given part
    one word or initials, so that a given-first pair "Alec Nove, Robert Conquest" is not one."""
    words = family.split()
    if not 2 <= len(words) <= 4 or P.INITIAL_TOKEN.fullmatch(words[0]) or not _compound_surname(family):
        return False
    if any(len(w) <= 2 and w[:1].isupper() for w in words):
        return False  # "E. H. Carr", "J Smith": initials, a given-first name
    g = given.split()
    return len(g) == 1 or bool(P.INITIALS_ONLY.fullmatch(given.strip()))


#: The word that joins two inverted names, "Barbero, Abilio y Vigil, Marcelo": Spanish "y",
#: Catalan "i", Italian and Portuguese "e", French "et", German "und", Dutch "en" (group ``given``
#: before it, ``family`` after it; in the given-name slot, where no compound surname stands).
_JOINED_INVERTED = P.LazyPattern(
    r"(?P<given>[^\W\d_][\w’'.-]*(?:[ \t][^\W\d_][\w’'.-]*){0,3})[ \t]+(?:y|i|e|et|und|en)[ \t]+(?P<family>[^\W\d_].*)"
)


def _joined_inverted(bits: list[str]) -> list[str]:
    """The comma pieces of an inverted name list with a given name and the next family name that
    a joiner word runs together split apart: ["Barbero", "Abilio y Vigil", "Marcelo"] ->
    ["Barbero", "Abilio", "Vigil", "Marcelo"] (Real Academia Española, Ortografía 2010: "y"
    between the authors; Chicago 14.76 "and").  Only a piece in a given-name slot (after a
    family name) with a given name after it splits, so "Ortega y Gasset, José" stays whole."""
    if len(bits) < 3:
        return bits
    out = [bits[0]]
    i = 1
    while i < len(bits):
        b = bits[i]
        m = _JOINED_INVERTED.fullmatch(b) if i + 1 < len(bits) and len(out) % 2 == 1 else None
        if m and P.GIVEN_NAMES.fullmatch(m.group("given")) and P.GIVEN_NAMES.fullmatch(bits[i + 1]) and m.group("family")[:1].isupper():
            out.extend((m.group("given"), m.group("family")))
        else:
            out.append(b)
        i += 1
    return out


#: A Spanish, Portuguese or Italian given name with a particle inside it, one given name after
#: an inverted family name: "Carlé, María del Carmen", "Souza, Maria das Graças", "Ruiz, Ana de
#: la Cruz" (Real Academia Española, Ortografía 2010 on compound given names).
_GIVEN_WITH_PARTICLE = P.LazyPattern(
    r"[A-Z\u00c0-\u00de][a-z\u00df-\u00ff]+(?:[ \t][A-Z\u00c0-\u00de][a-z\u00df-\u00ff]+)?"
    r"[ \t](?:del|de[ \t]la|de[ \t]los|de[ \t]las|de|das|dos|da|do|della|di)[ \t][A-Z\u00c0-\u00de][a-z\u00df-\u00ff]+"
)


def _trailing_particle(given: str) -> tuple[str, str]:
    """``"A. de"`` -> ``("A.", "de")``, ``"M. van der"`` -> ``("M.", "van der")``: the name
    particles (:data:`_PARTICLES`, one to three, lower case) that end an inverted name's given
    part; ``(given, "")`` when it ends otherwise or holds nothing else."""
    words = given.split()
    k = len(words)
    while k > 1 and len(words) - k < 3 and words[k - 1] in _PARTICLES:
        k -= 1
    if k == len(words):
        return given, ""
    return " ".join(words[:k]), " ".join(words[k:])


def parse_inverted_names(s: str) -> tuple[Name, ...]:
    """``Cliff, T. and Harman, C.`` / ``Buick, A., & Crump, J.`` / ``Cliff T`` -> names."""
    s = _ET_AL.sub("", s.strip(" ,."))
    parts = [p.strip() for p in P.NAMES_SEP.split(s) if p.strip(" ,")]
    names: list[Name] = []
    for part in parts:
        bits = _joined_inverted([b.strip() for b in part.split(",") if b.strip()])
        i = 0
        while i < len(bits):
            fam = _uncapitalised(bits[i])
            given_part, particle = _trailing_particle(bits[i + 1]) if i + 1 < len(bits) else ("", "")
            if particle and P.GIVEN_NAMES.fullmatch(given_part) and " " not in fam.strip():
                # "Tocqueville, A. de", "Humboldt, Wilhelm von", "Linden, M. van der": the particle
                # after the given name is the family name's (a dropping particle, kept at the end of
                # "given" as for "Ranke Leopold von": citeproc-js reads it so; CSL 1.0.2 "Name-part order")
                g = normalise_initials(given_part) if P.INITIALS_ONLY.fullmatch(given_part) else given_part
                names.append(Name(fam, f"{g} {particle}"))
                i += 2
                continue
            if i + 1 < len(bits) and (P.GIVEN_NAMES.fullmatch(bits[i + 1]) or _GIVEN_WITH_PARTICLE.fullmatch(bits[i + 1])) and (
                " " not in fam.strip() or P.SURNAME_RX.fullmatch(fam) or _inverted_compound(fam, bits[i + 1])
                or (fam.split()[0] in _CAPITAL_PARTICLES and len(fam.split()) == 2)  # "Le Goff, Jacques", "Da Ponte, Lorenzo"
            ):
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
    """Parse a reference-list entry: the rules read the author-date key (names, year, suffix,
    an editor mark), the trained field parser the rest (title, container, volume, issue, pages,
    place, publisher, edition; :func:`citekit.fields.record.combine`).  ``None`` when neither
    finds an author or a title."""
    s = " ".join(text.split())
    archival = archival_entry(s) if P.ARCHIVE_WORD.search(s, 0, 120) else None
    if archival is not None:
        return archival  # "National Archives, Kew, London. Foreign Office, …, FO 371."
    km = _REF_ENTRY.match(s)
    # a quoted title opening the entry (MLA 9th ed. 5.4: a work without author) is no name list
    keyed = km is not None and km.group("authors").lstrip()[:1] not in "\"\u201c\u201e\u00ab\u2018"
    rules = _reference_entry_rules(s, kb) if keyed else parse_source(s, kb, learned=False)  # labelled once, below
    if rules is None or rules.abbreviation or rules.short or _known_to_kb(rules, kb):
        return rules if rules is None or rules.title or rules.authors or rules.abbreviation else None
    from .fields import crf, record  # the fields package builds on this module's name rules

    from .fields.entry import with_issue_day

    segs = crf.segments(s, confidence=True)
    learned = record.fields_from_segments(s, segs)
    if keyed and rules is not None and rules.year and rules.authors and _year_after_title(s, rules.year, segs, learned.title, rules.authors[0].key):
        # "Hobsbawm, Eric J.: Nations and Nationalism since 1780. …", "Woolf, Virginia. To the
        # Lighthouse. 1927. Harcourt, 1981.": the year the key rule saw stands after the start of
        # the title the CRF found, so this is no author-date head: read it as any other entry
        keyed = False
        rules = parse_source(s, kb, learned=False)
        if rules is None or rules.abbreviation or rules.short or _known_to_kb(rules, kb):
            return rules if rules is None or rules.title or rules.authors or rules.abbreviation else None
    if keyed:
        # an author-date entry ("Cliff, T. (1974) …"): the rules read its key and the boundaries
        # around it; combined as for citations, the rules' fields stand where the CRF is unsure
        # or runs over a boundary they saw
        merged = record.combine(rules, learned, record.confidences(segs))
        # what only the field reading finds (fields/entry.py): DOI, translators of "(…, Ed. &
        # Trans.)", genre, number of volumes; the editors it read with their roles
        merged = attrs.evolve(merged, doi=merged.doi or learned.doi, translators=merged.translators or learned.translators,
                              genre=merged.genre or learned.genre, number_of_volumes=merged.number_of_volumes or learned.number_of_volumes,
                              url=merged.url or learned.url, accessed=merged.accessed or learned.accessed,
                              issue_date=merged.issue_date or learned.issue_date)
        people = {w for n in merged.editors + merged.translators for w in f"{n.family or ''} {n.given or ''}".replace(".", " ").split()}
        if merged.container and people and set(merged.container.replace(".", " ").replace("&", " ").split()) <= people:
            merged = attrs.evolve(merged, container=None)  # "(G. Roth & C. Wittich, Eds.)": the editors, no container
        year = rules.year or merged.year
        merged = attrs.evolve(merged, year=year, year_suffix=rules.year_suffix if rules.year else merged.year_suffix, author_date=True,
                              original_year=rules.original_year or original_year(s, year))
        return with_issue_day(merged, s)  # "… Le Monde, March 3.": the issue's day, never a page (fields/entry.py)
    # Any other entry is what the CRF was trained on: its fields win (benchmarks/field_accuracy.py:
    # better than these rules on every field of held-out reference lists); the rules fill volume,
    # pages and edition where the CRF found none (filling titles made things worse on held-out
    # data: a physics reference has no title), and an editor mark stands.
    if not (learned.title or learned.authors or rules.title or rules.authors):
        return None
    fill = {k: getattr(rules, k) for k in ("volume", "pages", "edition") if getattr(learned, k) is None and getattr(rules, k)}
    if learned.number_of_volumes and fill.get("volume") == learned.number_of_volumes:
        del fill["volume"]  # "2 vols.": the set's count, no volume (CSL number-of-volumes)
    out = attrs.evolve(learned, **fill, editors=learned.editors or rules.editors, year=learned.year or rules.year)
    out = with_issue_day(_inverted_head(s, _slash_head(s, out)), s)
    orig = original_year(s, out.year)
    return attrs.evolve(out, original_year=orig) if orig else out


#: The head of a German (DIN 1505-2) entry: inverted names joined by "/" or ";" up to a colon,
#: "Jansen, Christian/Borggräfe, Henning: Titel" (group ``head``; an editor mark "(Hg.)" inside).
_SLASH_HEAD = re.compile(r"(?P<head>[^:;/]{3,60}(?:[ \t]?[/;][ \t]?[^:;/]{3,60}){0,5}):[ \t]+")
#: "in: Kocka, Jürgen (Hg.): Titel": the container's editors in such an entry (group ``head``).
_IN_EDITED = re.compile(r"\b[Ii]n:[ \t]+(?P<head>[^:;/]{3,60}(?:[ \t]?[/;][ \t]?[^:;/]{3,60}){0,5}):[ \t]+")
#: One inverted name of such a head, "Borggräfe, Henning" (a family name of one to three words).
_INVERTED_ONE = P.LazyPattern(
    rf"(?P<family>{_SURNAME_TOKEN}(?:[ \t]+{_SURNAME_TOKEN}){{0,2}}),[ \t]*"
    r"(?P<given>[A-Z\u00c0-\u00de][\w’'-]{0,20}\.?(?:[ \t-][A-Z\u00c0-\u00de][\w’'-]{0,20}\.?){0,3})"
)
#: A full stop after a word, then another word: a sentence ("Nancy. Desire"), no given name.
_WORD_STOP_WORD = re.compile(r"\w{2}\.[ \t]+\w")


#: "ders. (Hg.)", "dies. (Hrsg.)", "idem (ed.)", "eadem (dir.)": the author again, as editor.
_SAME_EDITOR = P.LazyPattern(r"(?:ders|dies|idem|eadem|id)\.?[ \t]*\((?:Hg|Hrsg|eds?|dir|[ée]d)\.?\)", re.IGNORECASE)


def _inverted_list(head: str) -> tuple[tuple[Name, ...], bool] | None:
    """"Jansen, Christian/Borggräfe, Henning" / "Gall, Lothar (Hg.)" -> (names, editors?), or
    None when a part is not an inverted name."""
    editors = False
    mark = _EDITOR_WORD_MARK.search(head)
    if mark:
        head, editors = head[: mark.start()], True
    names: list[Name] = []
    for part in re.split(r"[ \t]?[/;][ \t]?", head):
        one = _INVERTED_ONE.fullmatch(part.strip())
        if not one or not is_name_like(one.group("given")) or _WORD_STOP_WORD.search(one.group("given")):
            return None
        given = one.group("given").strip()
        names.append(Name(one.group("family"), normalise_initials(given) if P.INITIALS_ONLY.fullmatch(given) else given))
    return tuple(names), editors


def _slash_head(s: str, f: Fields) -> Fields:
    """Authors of a "Name, Vorname/Name, Vorname: Titel" head (DIN 1505-2; the author-title
    lists of German, Austrian and Swiss history) read by the name rules, the title after the
    colon; ``f`` unchanged when the head is not all inverted names."""
    m = _SLASH_HEAD.match(s) if ":" in s[:130] else None
    if not m:
        return f
    read = _inverted_list(m.group("head"))
    if read is None:
        return f
    names, editors = read
    inside = _IN_EDITED.search(s, m.end())
    container_eds = _inverted_list(inside.group("head")) if inside else None
    if inside and container_eds is None and _SAME_EDITOR.fullmatch(inside.group("head").strip()):
        container_eds = (names, True)  # "in: ders. (Hg.)": the author edited the book (DIN 1505-2)
    if container_eds and container_eds[1] and not editors:
        f = attrs.evolve(f, editors=container_eds[0])  # a chapter: the book's editors (CSL "editor")
    title = f.title
    if title and s.find(title[:15]) < m.end():
        title = None
    if title is None:
        tm = P.ENTRY_TITLE.match(s, m.end())
        title = tm.group("title").strip(" ,.") if tm else f.title
    if title and f.place and f", {f.place[:8]}" in title:  # "Titel, Frankfurt a. M./New York 2007"
        title = title[: title.find(f", {f.place[:8]}")]
    people = names
    return attrs.evolve(f, authors=() if editors else people, editors=people if editors else f.editors,
                        authors_text=m.group("head").strip(), title=title)


def _year_after_title(s: str, year: str, segs: list, title: str | None, family: str | None) -> bool:
    """Does ``year``'s first place in ``s`` lie after the start of the CRF's first title run (or
    of ``title``, the title its fields read, when no run is labelled title), a title that starts
    after the first author's name (``family``)?"""
    at = s.find(year)
    run = next((g for g in segs if g.label == "title"), None)
    start = run.start if run is not None else (s.find(title[:20]) if title else -1)
    return at >= 0 and 0 <= start < at and bool(family) and family in s[:start]


def _inverted_head(s: str, f: Fields) -> Fields:
    """An MLA / Chicago bibliography entry opens with the inverted author and a full stop,
    "Armstrong, Nancy. Desire and Domestic Fiction. …", "Gilbert, Sandra M., and Susan Gubar.
    The Madwoman …" (MLA Handbook 9th ed. 5.5; Chicago Manual 17th ed. 14.72).  When the field
    parser found no author and its title starts with that head, the head is the author and
    the title starts after it.  ``f`` unchanged otherwise."""
    if f.authors or f.editors or not f.title or not s.startswith(f.title[:12]):
        return f
    dot = s.find(". ", s.find(",") + 1) if "," in s[:40] else -1
    if dot <= 0 or dot > 90 or not s[dot + 2 : dot + 3].isupper() and s[dot + 2 : dot + 3] not in "“\"‘'":
        return f
    head = s[:dot]
    family, _, given = head.partition(",")
    given = given.strip()
    others = ""
    if ", and " in given or " and " in given:
        given, _, others = given.replace(", and ", " and ", 1).partition(" and ")
    fam_words, given_words = family.split(), given.split()
    if not (1 <= len(fam_words) <= 3 and 1 <= len(given_words) <= 4):
        return f
    if not all(w[:1].isupper() for w in fam_words + given_words) or P.ANY_DIGIT.search(head):
        return f
    names = [Name(family.strip(), given)]
    for other in (x.strip() for x in others.split(",") if x.strip()):
        n = parse_name(other)
        if n is None:
            return f
        names.append(n)
    title_start = len(head) + 2
    title = f.title[title_start:].strip() if f.title.startswith(head) else f.title
    if not title:
        return f
    return attrs.evolve(f, authors=tuple(names), authors_text=head, title=title)


#: The repeated-author mark that opens a bibliography entry by the author of the entry above:
#: "———.", "---.", "——,", "___." (Chicago Manual 17th ed. 14.67–14.68; MLA Handbook 9th ed. 5.126).
_REPEATED_AUTHOR = re.compile(r"(?:-{2,8}|[\u2013\u2014\u2015]{1,8}|_{2,8})[ \t]*[.,]")


def parse_reference_entries(texts: Iterable[str], kb: KnowledgeBase) -> list[Fields | None]:
    """Parse the entries of one reference list in order (:func:`parse_reference_entry`); an
    entry opening with the repeated-author mark (:data:`_REPEATED_AUTHOR`, "---. How Novels
    Think …") takes the authors of the entry above it, given names and all.  One result per
    text, ``None`` where an entry gives nothing."""
    out: list[Fields | None] = []
    prev: Fields | None = None
    for text in texts:
        f = parse_reference_entry(text, kb)
        if f is not None and prev is not None and _REPEATED_AUTHOR.match(text.lstrip()) and (prev.authors or prev.editors):
            f = attrs.evolve(f, authors=prev.authors, editors=f.editors if prev.authors else prev.editors,
                             authors_text=prev.authors_text)
        if f is not None:
            prev = f
        out.append(f)
    return out


#: A title's last word that its full stop abbreviates: an initialism ("U.S", "U.K", "e.g"), one
#: capital, or a title or place word ("St", "Dr", "Mt", "vs", "ca"): the stop ends no sentence.
_ABBREVIATION_END = P.LazyPattern(r"(?<![^\W\d_])(?:[A-Za-z]\.[A-Za-z](?:\.[A-Za-z])?|[A-Z]|St|Ste|Dr|Mr|Mrs|Ms|Jr|Sr|Mt|Ft|vs|ca|cf)\Z")

#: A title's last word that is a dotted ordinal: German, Danish, Norwegian, Czech, Polish… write
#: "im 19. Jahrhundert", "Der 9. November", "Praha v 19. století" (Duden D 89; ČSN 01 6910): a
#: run of 1-3 digits after a word other than a volume/part word (``prev``, group ``n``).
_ORDINAL_END = P.LazyPattern(r"(?:(?<=[ \t])|\A)(?P<prev>[^\W\d_]{1,20}\.?)[ \t]+(?P<n>\d{1,3})\Z")

#: Words before a number that make it a volume, part or issue ("Vol. 2. London"), not an ordinal.
_NUMBERING_WORDS = frozenset(
    "vol vols volume volumes bd band bände teil part pt book bk no nr nos heft tome tom t ser series "
    "reihe sv svazek díl cz część rok jg jahrgang nummer number issue".split()
)

#: The word after an ordinal's full stop, and what follows it: a word followed by ":" or ","
#: ("1. London: Penguin") starts the next element; so does a role or container word.
_ORDINAL_NEXT = P.LazyPattern(r"(?P<w>[^\W\d_][\w’'-]{0,40})(?P<after>[:,]?)")
_ELEMENT_WORDS = frozenset(
    "edited ed eds translated trans tr hg hrsg herausgegeben übers übersetzt in reprint reprinted "
    "introduction vyd přel red wyd tłum udg oversat".split()
)


def _dotted_ordinal_end(rest: str, title_end: int, after: str) -> bool:
    """Whether the full stop at ``rest[title_end]`` follows a dotted ordinal inside the title
    ("Bildungsbürgertum im 19. Jahrhundert", "Praha v 19. století"): the title ends in a 1-3 digit
    number after a non-numbering word and ``after`` opens with a word that starts no element
    (:data:`_ORDINAL_NEXT`, :data:`_ELEMENT_WORDS`).  ``title_end`` is a character offset into
    ``rest``.  Rule: the dotted ordinal of German, Scandinavian and West Slavic orthography."""
    m = _ORDINAL_END.search(rest, 0, title_end)
    if m is None or m.group("prev").rstrip(".").lower() in _NUMBERING_WORDS:
        return False
    w = _ORDINAL_NEXT.match(after)
    return bool(w) and not w.group("after") and w.group("w").lower() not in _ELEMENT_WORDS


def _reference_entry_rules(text: str, kb: KnowledgeBase) -> Fields | None:
    """The hand rules' reading of a reference-list entry (author, year, title, place: publisher)."""
    s = " ".join(text.split())
    m = _REF_ENTRY.match(s)
    if not m:
        return None
    authors_text = m.group("authors").strip(" ,.")
    names = parse_inverted_names(authors_text)
    rest = m.group("rest").strip()
    # title: a quoted one (an article: its container follows), else up to the first full
    # stop or a "Place: Publisher" / "in" / volume element
    qm = P.QUOTED_ENTRY_TITLE.match(rest)
    tm = qm or P.ENTRY_TITLE.match(rest)
    title = tm.group("title").strip(" ,.") if tm else rest
    after = rest[tm.end():] if tm else ""
    for _ in range(3):  # "… appraising U.S. history.", "… in St. Petersburg": a full stop before a
        # lower-case word closes an abbreviation, not the title (APA 7th ed. 6.25 titles); so does
        # a dotted ordinal's ("im 19. Jahrhundert": _dotted_ordinal_end)
        if qm or not tm or not rest[tm.end("title") : tm.end()].startswith("."):
            break
        abbreviation = after[:1].islower() and _ABBREVIATION_END.search(rest, 0, tm.end("title"))
        if not abbreviation and not _dotted_ordinal_end(rest, tm.end("title"), after):
            break
        tm = P.ENTRY_TITLE.match(rest, tm.end())
        title = rest[: tm.end("title")].strip(" ,.") if tm else rest
        after = rest[tm.end() :] if tm else ""
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
