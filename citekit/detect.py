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
from .locators import find_archive, find_locators, only_locators
from .model import Fields, Form, Note
from .parse import SHELFMARK, archival_unit, has_short_keyword, is_institution, is_name_like, is_periodical_issue, is_periodical_name, parse_author_date, parse_citation, without_commentary

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
    #: The author named earlier in the sentence of a parenthesis holding only a year and
    #: locator ("Fitzpatrick argues … (1994, 5)"): its span, parsed with the citation.
    lead: tuple[int, int] | None = None
    #: A numeric citation's entry numbers ("[3–5]" -> (3, 4, 5)).
    numbers: tuple[int, ...] = ()
    #: A narrative key's locator written apart, after the quotation: the span of the inside of
    #: "(p. 359)" in "Roediger and Abel (2015) argued … "…" (p. 359)" (APA 7th ed. 8.13,
    #: :func:`_narrative_locators`), parsed with the key as "Roediger and Abel (2015, p. 359)".
    locator: tuple[int, int] | None = None


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


#: A cross-reference to an earlier note and nothing else: German "wie Anm. 7", "vgl. Anm. 7",
#: Italian "cit. n. 7", "cfr. nota 7", English "see n. 7", French "voir n. 7" (Duden; Chicago
#: Manual 17th ed. 14.29), and the bare "(Anm. 1)" / "(n. 4)" / "(nota 2)" after an author
#: ("Brunner (Anm. 1)").  Not a citation of its own: the work is the one around it.
_NOTE_XREF = re.compile(
    r"(?:(?:wie|see|cf\.|vgl\.|siehe|s\.|voir|cfr\.|cit\.|vedi|v\.|v[ée]ase)[ \t]+)?(?:above,?[ \t]+)?(?:Anm\.|Fn\.|nn?\.|notes?|nota)[ \t]*\d{1,4}\.?",
    re.IGNORECASE,
)


def classify(content: str, kb: KnowledgeBase, before: str = "", abbreviations: frozenset[str] = frozenset()) -> Form | None:
    """Is ``content`` (a parenthesis's inside, or a note) a citation?  Its likely form, or None."""
    c = content.strip()
    if not c or len(c) > MAX_PAREN or not P.ALNUM.search(c):
        return None
    core = P.RELATION_PREFIX.sub("", c, count=1).strip()
    if not core or _NOTE_XREF.fullmatch(c):
        return None  # "(wie Anm. 7)", "(see n. 7)": a cross-reference to a note, read with the citation around it
    fcore = P.fold_marks(core)  # "Ibíd.", "Íd.", accented op. cit. variants: the patterns are unaccented
    if P.IBID.match(fcore) and (len(core) < 60 or P.PAGES.search(core) or P.VOLUME.search(core)):
        return Form.IBID
    if len(core) < 200 and has_short_keyword(fcore) and P.SHORT_KEYWORD.search(fcore):
        return Form.OPCIT
    if len(core) < 60 and _idem_alone(fcore):
        return Form.IBID  # "Idem, p. 19.", "Íd., p. 15.": the same author's work just cited
    if any(h in core for h in P.SUPRA_PAREN_HINTS) and _cross_reference(core, kb):
        return Form.OPCIT  # OSCOLA "Droysen (n 15) 483", German "Brunner (Anm. 1)": the work of that note
    # a bare date after a sentence naming a periodical: "… The Wall Street Journal (24/5/89)"
    bare = core.strip(" .")
    word_date = P.WORD_DATE.fullmatch(bare)
    if P.NUMERIC_DATE.fullmatch(bare) or (word_date and word_date.group("day")):
        return Form.DATE if periodical_before(before, kb) else None
    # author-date keys: "Cliff 1974", "Lenin, 1965a", "Buick and Crump 1986: 98", "Cliff, 1974, p121"
    if parse_author_date(core, kb) is not None or secondary_key(core, kb):
        return Form.AUTHOR_DATE
    if archival(core):
        return Form.FULL
    if "," in core and len(core) < 200 and is_periodical_issue(core, kb):
        return Form.PERIODICAL  # "Pravda, 15 March 1921, p. 1", "_Moniteur_, 2 juin 1793"
    has_pages = (
        bool(P.PAGES.search(core))
        or bool(P.NOTE_LOCATOR.search(core) and P.PAGE_WORD.search(core))
        or bool(P.FOREIGN_LOCATOR.search(core))
    )
    has_volume = bool(P.VOLUME.search(core))
    capital = P.CAPITALISED_WORD.search(core) is not None
    first = core.split(",")[0].strip()
    if (has_pages or has_volume) and capital:
        if P.CROSS_REFERENCE.match(core):
            return None  # a cross-reference inside the book
        if (first.split() or [""])[0] in kb.abbreviations or first in abbreviations:  # "(, A0 p0)": empty
            return Form.ABBREV
        return Form.FULL
    bare = bare_locator_form(core, kb, abbreviations)
    if bare is not None:
        return bare
    labelled = labelled_locator_form(core, kb, abbreviations) or imprint_locator_form(core, kb) or dated_locator_form(core, kb)
    if labelled is not None:
        return labelled
    if " by " in core:
        tb = title_first_form(core, kb)
        if tb is not None:
            return tb
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


#: A cross-reference to an earlier note: a head, "(n 15)" (OSCOLA), "(n. 4)", "(note 3)",
#: "(nota 2)", "(Anm. 1)", "(wie Fn. 3)" (patterns.SUPRA's parenthesised form), then perhaps a locator.
_CROSS_NOTE = P.LazyPattern(
    r"""(?P<head>[^()]{1,120}?)[ \t]*\((?:wie[ \t]+)?(?:(?-i:n)[ \t]|n\.[ \t]*|nn\.[ \t]*|notes?[ \t]+|nota[ \t]+|Anm\.[ \t]*|Fn\.[ \t]*|(?-i:FN)[ \t]*)
        (?P<note>\d{1,4})\)(?P<rest>[^()]{0,80})""",
    re.IGNORECASE | re.VERBOSE,
)


#: The relation words of a secondary citation (the original, then where it was read):
#: English "cited in/by", "quoted in/by/from", German "zit. nach/in/bei", French/Italian
#: "cité dans/par", "citato in/da" — the "quoted" relations of ``patterns.INNER_RELATION``.
_SECONDARY_RELATIONS = ("cited", "quoted", "zit", "cit")


def secondary_key(core: str, kb: KnowledgeBase) -> bool:
    """Is ``core`` (a parenthesis's inside) an author-date secondary citation: a key, a
    "cited in" relation, and the key of the work it was read in, with its locator —
    "Marx 1867, cited in Harvey 2010: 12", "Weber 1922, quoted in Bendix 1960, p. 5",
    "Smith 1990, zit. nach Müller 2001, S. 4", "Bloch 1939, cité par Duby 1980, p. 7"?

    APA 7th ed. 8.6 (secondary sources), Cite Them Right (Harvard) "cited in", DIN/German
    "zit. nach".  The whole parenthesis is then one citation of two works (the parser gives
    the first the role "original", the second "quoted-in"), rather than the second key alone.
    One ``INNER_RELATION`` search and two key parses: linear."""
    if "," not in core or len(core) > 200:
        return False
    m = P.INNER_RELATION.search(core)
    if m is None or not m.group("rel").lower().startswith(_SECONDARY_RELATIONS) or P.INNER_RELATION.search(core, m.end()):
        return False
    return parse_author_date(core[: m.start()], kb) is not None and parse_author_date(core[m.end() :], kb) is not None


def _cross_reference(core: str, kb: KnowledgeBase) -> bool:
    """Is ``core`` an OSCOLA cross-reference, "Droysen (n 15) 483", "Préfecture de police (n 1)
    l 35", "Jefferson (n 14) 397." (OSCOLA 4th ed. 1.3: the author's surname, the note of the
    full citation, the pinpoint)?  The head is an author (or a corporate name of capitalised
    words and particles), the rest only locators."""
    m = _CROSS_NOTE.fullmatch(core.rstrip(" ."))
    if m is None:
        return False
    head, rest = without_commentary(m.group("head").strip(" ,"))[0], m.group("rest").strip(" ,.")
    if not (author_like(head, kb) or (head[:1].isupper() and len(head.split()) <= 6 and not P.ANY_DIGIT.search(head))):
        return False
    return not rest or only_locators(rest)


def archival(core: str) -> bool:
    """Is ``core`` an archival citation: an archive named at its head, then its shelfmark?

    The head (before the first comma) is an archive or library (``patterns.ARCHIVE_WORD``:
    "Archivo Histórico Provincial de Sevilla (AHPS), Protocolos, leg. 12.450, fols. 33-35",
    "Staatsarchiv Hamburg, Senat, Cl. VII, Nr. 4") with one archival locator after it
    (``patterns.ARCHIVAL_LOCATOR``), or an archive's acronym ("RGASPI, f. 17, op. 3, d. 131,
    l. 1", "GARF f. 5446, op. 1, d. 3", "TsGA SPb, f. 1000", "TNA, FO 371/56763") with a
    shelfmark the locator grammar reads (``locators.find_archive``) or two archival locators.
    (GOST 7.0.12 for Russian archives; Chicago Manual 17th ed. 14.232–14.242.)"""
    head = core.split(",", 1)[0].strip()
    if not head or len(head) > 120 or not P.ANY_DIGIT.search(core):
        return False
    if P.ARCHIVE_WORD.search(head):
        return (P.ARCHIVAL_LOCATOR.search(core, len(head)) is not None or find_archive(core) is not None
                or SHELFMARK.search(core, len(head)) is not None
                or any(loc.label == "folio" for loc in find_locators(core[len(head):], bare=False)))
    first = head.split()[0]
    if not (2 <= len(first) <= 8 and first.isalpha() and sum(ch.isupper() for ch in first) >= 2):
        return False
    if find_archive(core) is not None:
        return True
    n = 0
    for _ in P.ARCHIVAL_LOCATOR.finditer(core, len(first)):
        n += 1
        if n >= 2:
            return True
    # "ACS, Ministero dell'Interno, …, 1920, b. 112, fasc. "Bologna"": acronym, series, box
    return n == 1 and archival_unit(core) is not None


def _idem_alone(core: str) -> bool:
    """Is ``core`` (accent-folded) "idem" / "id." / "eadem" with nothing after it but a
    locator ("Idem, p. 19", "Id., 15", "Eadem.")?  "Idem, The Prophet Unarmed, p. 5" (another
    work) is not: it is judged as a citation of that title."""
    m = P.IDEM.match(core)
    if m is None:
        return False
    rest = core[m.end() :].strip(" .,;")
    return not rest or only_locators(rest)


def author_like(s: str, kb: KnowledgeBase) -> bool:
    """Can ``s`` be the author part of a short citation ("Orwell", "Webb and Webb",
    "Smith et al.")?  Name-like (:func:`~citekit.parse.is_name_like`), not a place, and no
    word that stands before a number without being a name (``patterns.NOT_AUTHOR_WORDS``:
    "Figure", "Table", "March", "No."); at least one word written like a name (a capital
    then lower-case letters), so "BWV" or "K." alone are not authors."""
    s = s.strip(" ,")
    if not s or len(s) > 60 or not is_name_like(s):
        return False
    words = s.split()
    if any(w.strip(".,’'").lower() in P.NOT_AUTHOR_WORDS for w in words):
        return False
    if not any(len(w) > 1 and w[0].isupper() and w[1].islower() for w in words):
        return False
    return not kb.is_place(s)


def bare_locator_form(core: str, kb: KnowledgeBase, abbreviations: frozenset[str] = frozenset()) -> Form | None:
    """A citation that ends with a locator written without "p." (``patterns.BARE_LOCATOR_TAIL``):
    MLA ``Orwell 112`` / ``Applebaum, Red Famine 201-03`` / ``Webb and Webb 2: 431``,
    Chicago short notes ``Service, Lenin, 3:152``, 19th-century ``Besenval, iii. 255-58.``,
    and Chicago full notes whose publication facts stand in parentheses before the pages
    (``Robert Service, Lenin, vol. 3 (Bloomington: …, 1995), 140–45``).

    The head before the locator must be an author (:func:`author_like`) then at most three
    title-case pieces (a short title), or end with a parenthesis holding a year.  Returns
    Form.SHORT (author, perhaps a short title), Form.FULL (publication facts) or
    Form.ABBREV (a known abbreviation and a volume:page), else None.  A bare year
    ("Orwell 1984") is an author-date key's business, not a page.
    (MLA Handbook 9th ed. 6.22-6.28; Chicago Manual 17th ed. 14.22, 14.23, 14.29.)
    """
    tail_from = max(0, len(core) - P.BARE_LOCATOR_REACH)
    if not core[-1:].isdigit() and not core.rstrip(" .")[-1:].isdigit() and not core.rstrip(" .").endswith(("f", "ff")):
        return None
    m = P.BARE_LOCATOR_TAIL.search(core, tail_from)
    if m is None:
        return None
    first = m.group("first")
    if not (m.group("rvol") or m.group("avol")) and len(first) == 4 and m.group("loc").strip(" .") == first:
        return None  # "(Florence 1478)", "(Orwell 1984)": a year (a key's business), not a page
    head = core[: m.start()].rstrip(" ,")
    if not head or len(head) > 400:
        return None
    if head.endswith(")"):  # "(Bloomington: Indiana University Press, 1995), 140–45"
        o = head.rfind("(")
        inside = head[o + 1 : -1] if o >= 0 else ""
        lead = head[:o].strip(" ,") if o > 0 else ""
        if P.YEAR.search(inside) and lead and (author_like(lead.split(",")[0], kb) or _title_case(lead)):
            return Form.FULL
        if lead[:1].isupper() and P.PUBLICATION_FACTS.fullmatch(inside.strip()):
            # an authorless work: "Desiatyi s"ezd RKP(b): Stenograficheskii otchet (Moscow: Gospolitizdat, 1963), 573"
            return Form.FULL
        return None
    pieces = [x.strip() for x in head.split(",")]
    if len(pieces) > 4 or not all(pieces):
        return None
    name, titles = pieces[0], pieces[1:]
    if name in abbreviations or name in kb.abbreviations:
        return Form.ABBREV if m.group("avol") or m.group("rvol") or titles else None
    q = P.QUOTED.fullmatch(name) if not titles else None
    if q is not None and _title_case(q.group("inner")):
        return Form.SHORT  # MLA title-only: ("Site of Memory" 92), the author named in the prose (MLA 9th ed. 6.26)
    if not author_like(name, kb):
        return None
    if m.group("sep").strip() == "" and titles and len(titles[-1].split()) > 8:
        return None
    for t in titles:
        if len(t.split()) > 12 or P.ANY_DIGIT.search(t) or not (_title_case(t) or t.startswith(("‘", "“", '"'))):
            return None
    return Form.SHORT


def labelled_locator_form(core: str, kb: KnowledgeBase, abbreviations: frozenset[str] = frozenset()) -> Form | None:
    """A short citation whose locator has a term other than a page's: an author (and at most
    three title-case pieces) then only locators of the grammar (citekit.locators), the first
    with its term: MLA ``Howard, par. 35``, ``Ginzburg, sec. 18``, ``Levi, ch. 4``, OSCOLA
    ``Droysen, s 22``, German ``Kocka, Abschn. 3``, Italian ``Dumont, sez. 16``.  (MLA
    Handbook 9th ed. 6.24: "par.", "sec.", "ch." for works without pages; Chicago Manual
    17th ed. 14.150–14.156.)  The page terms are caught before (``has_pages`` in
    :func:`classify`).  Form.SHORT, or None ("(Figure 3)", "(Symphony No. 5)": no author)."""
    first = _termed_tail(core)
    if first is None:
        return None
    head = core[: first.start].rstrip(" ,(")
    return Form.SHORT if _short_head(head, kb, abbreviations) else None


#: A date right before a locator: a year, or a dotted/slashed day-month-year ("03.06.1832").
_DATE_BEFORE = re.compile(r"(?:1[4-9]\d\d|20\d\d)[ \t\u00a0]*[,.]?[ \t\u00a0]*\Z")


def dated_locator_form(core: str, kb: KnowledgeBase) -> Form | None:
    """A full note of an author — a person or a corporate body — a title, a date, then a locator
    with any term, or no locator at all (the date last, as a whole document is cited):
    "Préfecture de police, Rapport du préfet de police sur l'esprit public,
    03.06.1832, l. 19.", "Archives nationales, Procès-verbal, 1790, fᵒ 12." (Chicago Manual 17th
    ed. 14.222 unpublished documents; the Lausanne and Annales house styles).  The locator terms
    of pages are caught before (``has_pages`` in :func:`classify`).  Form.FULL or None."""
    if core.count(",") < 2:
        return None
    first = core.split(",")[0].strip()
    if not (_corporate(first) or author_like(first, kb)):
        return None
    loc = _termed_tail(core)
    if loc is None:
        # no locator: the whole document, its date last ("Préfecture de police, Rapport du préfet
        # de police sur l'esprit public, 03.06.1832."; "Foreign Office, Memorandum on the Congo,
        # 12 March 1906."): the last piece a date only, a title piece opening with a capital or a quote
        pieces = [x.strip() for x in core.rstrip(" .").split(",")]
        date = pieces[-1]
        dated = P.NUMERIC_DATE.fullmatch(date) or P.WORD_DATE.fullmatch(date) or _YEAR_ALONE.fullmatch(date)
        title = pieces[1]
        return Form.FULL if dated and title[:1].isupper() or dated and title[:1] in "‘“«\"'„" else None
    return Form.FULL if _DATE_BEFORE.search(core, 0, loc.start) else None


#: A year alone as the last piece of a dated note.
_YEAR_ALONE = re.compile(r"(?:1[4-9]\d\d|20\d\d)")


def _termed_tail(core: str):
    """The first locator with a term (``p.``, ``fol.``, ``l.``, ``par.``…) when from it to the end
    the string holds only locators of the grammar, and it is no issue, opus, figure or table
    number; else None.  Shared by :func:`labelled_locator_form` and :func:`dated_locator_form`."""
    if not any(ch.isdigit() for ch in core[-12:]):
        return None
    loc = next((x for x in find_locators(core) if x.term), None)
    if loc is None or loc.label in ("issue", "opus", "figure", "table") or not only_locators(core[loc.start :]):
        return None
    return loc


def imprint_locator_form(core: str, kb: KnowledgeBase) -> Form | None:
    """A full note whose publication facts stand in parentheses, then a locator of any kind:
    "Hannah Arendt, The Origins of Totalitarianism (Harcourt, Brace, 1951), para. 60.",
    "Thomas Nipperdey, Deutsche Geschichte 1866-1918 (München, 1990), 2.277." (New Hart's
    volume.page), OSCOLA "Deutsche Geschichte, vol 2 (C H Beck 1990) 470" and "(PhD diss,
    University of Manchester 1998) para 23" (Chicago Manual 17th ed. 14.68; OSCOLA 4th ed.
    3.2).  The last parenthesis holds a year; after it, a comma or not, only locators of the
    grammar; before it an author or a title-case title.  Form.FULL or None."""
    o = core.rfind("(")
    c = core.find(")", o + 1)
    if o <= 0 or c < 0 or not (P.YEAR.search(core, o, c) or _NO_DATE_ALONE.fullmatch(core, o + 1, c)
                               or _IMPRINT_ONLY.fullmatch(core, o + 1, c)):
        return None  # "(London, 1925)", "(London, n.d.)", "(n.d.)": an imprint has a date or says it has none
    rest = core[c + 1 :].strip()
    rest = rest[1:] if rest.startswith(",") else rest
    rest = rest.strip(" .")
    lead = core[:o].strip(" ,")
    if not lead or P.FLAT_PARENS.search(lead) or "(" in lead:
        return None  # "(" left open: the imprint of a citation inside a parenthesis of prose
    first = lead.split(",")[0]
    if not rest and "," in lead and _IMPRINT_ONLY.fullmatch(core, o + 1, c):
        # no locator: the whole work, "Moshe Lewin, Lenin's Last Struggle (Pantheon, 1968)"
        title = lead.split(",", 1)[1].strip()
        return Form.FULL if author_like(first, kb) and _title_case(title) else None
    if not rest or not any(ch.isdigit() for ch in rest) or not only_locators(rest):
        return None
    return Form.FULL if author_like(first, kb) or _corporate(first) or _title_case(lead) else None


#: Words that may stand lower-case inside a corporate author's name ("Préfecture de police").
_CORPORATE_LINKS = frozenset("de des du la le of for the and und für der di del della y e et on".split())


def _corporate(name: str) -> bool:
    """Is ``name`` a corporate author as notes write it: a capitalised first word, at most
    seven words, no digit, every word capitalised, a link word ("de", "of", "für") or a
    lower-case noun after a link ("Préfecture de police", "Royal Commission on Historical
    Manuscripts", "London Corresponding Society"), or any words after a public body's own word
    (:func:`~citekit.parse.is_institution`: "Conseil municipal de Lyon")?"""
    words = name.split()
    if not words or len(words) > 7 or not words[0][:1].isupper() or P.ANY_DIGIT.search(name):
        return False
    if len(words) == 1:
        return False
    if is_institution(name):
        return True  # "Conseil municipal de Lyon", "Archivio centrale dello Stato": a body's own word leads
    after_link = False
    for w in words[1:]:
        if w[:1].isupper():
            after_link = False
        elif w.lower() in _CORPORATE_LINKS:
            after_link = True
        elif not after_link:
            return False
    return True


def _short_head(head: str, kb: KnowledgeBase, abbreviations: frozenset[str]) -> bool:
    """Is ``head`` an author (:func:`author_like`) or a declared abbreviation, perhaps with up
    to three title-case pieces after commas (a short title)?"""
    head = head.replace(",\u201d", "\u201d,").replace(",\u2019", "\u2019,").rstrip(" ,")  # American "Title,” 45"
    pieces = [x.strip() for x in head.split(",")]
    if not head or len(pieces) > 4 or not all(pieces):
        return False
    name, titles = pieces[0], pieces[1:]
    if name in abbreviations or name in kb.abbreviations:
        return True
    if not author_like(name, kb) and not (_corporate(name) and titles):
        return False
    return all(len(t.split()) <= 12 and not P.ANY_DIGIT.search(t) and (_title_case(t) or t.startswith(("‘", "“", '"')))
               for t in titles)


#: A year (perhaps with its letter) in a corporate author-date key: "Préfecture de police 1832".
_KEY_YEAR = re.compile(r"(?<!\d)(?:1[5-9]\d\d|20\d\d)[a-z]?(?!\d)")


def keyed_head_form(core: str, keys: Keys) -> Form | None:
    """A citation headed by the whole author of a reference-list entry (``keys``, which hold
    each entry's written author, :func:`reference_keys`), then nothing, a year, or locators:
    corporate authors ``(Préfecture de police 25)``, ``(Reichskanzlei, fol. 48v)``,
    ``(London Corresponding Society 1794, l. 37)``, and MLA's author alone for a work
    without pages ``(Zola)`` (MLA Handbook 9th ed. 6.3, 6.23; APA 7th ed. 8.21 group authors).
    Form.AUTHOR_DATE with a year, Form.SHORT without, else None."""
    hit = _keyed_head_split(core, keys)
    return None if hit is None else hit[0]


def _keyed_head_split(core: str, keys: Keys) -> tuple[Form, str, str | None] | None:
    """(form, folded head, year or None) of ``core`` read as :func:`keyed_head_form` reads it, or
    None: one pass shared by :func:`keyed_head_form` and :func:`keyed_head`."""
    core = P.RELATION_PREFIX.sub("", core.strip(), count=1).strip().rstrip(" .")
    if not core or len(core) > 160 or not core[:1].isupper():
        return None
    y = _KEY_YEAR.search(core)
    locs = find_locators(core, bare=True)
    cut = y.start() if y else len(core)
    if locs:
        cut = min(cut, locs[0].start)
    head = core[:cut].rstrip(" ,")
    folded = fold(head)
    if not head or (folded, ANY_YEAR) not in keys:
        return None
    rest = core[cut:]
    if y is not None and y.start() == cut:
        after = core[y.end() :].strip(" ,:")
        return (Form.AUTHOR_DATE, folded, y.group(0)) if not after or only_locators(after) else None
    if not rest.strip() or only_locators(rest):
        return Form.SHORT, folded, None
    return None


def title_first_form(core: str, kb: KnowledgeBase) -> Form | None:
    """A full citation that opens with its title and names its author after "by", then a
    date, year or place: "Special Report on the 20th Congress of the CPSU by N.S. Khrushchev,
    24-25 February 1956." (``patterns.TITLE_BY_AUTHOR``).  Form.FULL or None."""
    m = P.TITLE_BY_AUTHOR.match(core)
    if m is None or not _title_case(m.group("title")):
        return None
    if not author_like(P.NAME_LINK.sub(" ", m.group("who")), kb):
        return None
    rest = m.group("rest")
    if P.YEAR.search(rest) or P.PAGES.search(rest) or P.YEAR_HINT.search(rest):
        return Form.FULL
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


#: Where a corporate author left at the head of an entry's title ends: its first full stop
#: or comma and a space ("Société des amis des Noirs. Adresse …", "Préfecture de police, Rapport …").
_TITLE_HEAD_END = re.compile(r"[.,] ")

#: A place in parentheses after a newspaper's or a body's name at an entry's head, which its
#: in-text keys leave out: "The Times (London). 1848." cited "(The Times 1848, 3)", "Le Temps
#: (Paris)", "Die Zeit (Hamburg)" (Chicago Manual 17th ed. 14.203: the city added to a
#: newspaper's name).  One bracketed run of non-brackets at the end: linear.
_HEAD_QUALIFIER = P.LazyPattern(r"[ \t]+\([^()]{1,40}\)$")


def reference_keys(entries: Iterable[Fields]) -> Keys:
    """The author-date keys of parsed reference-list entries: the first family name (the
    editor's for an edited volume, as the resolver keys them) and the year with its suffix.

    Each family name is kept whole and by its last word ("van der linden", "linden").  An
    entry without a year ("Marx, Karl, Brief an Friedrich Engels, Dietz."; Chicago 14.145
    and DIN 1505 let undated works go without "n.d.") keys its family names with ANY_YEAR only.
    """
    out: set[tuple[str, str]] = set()
    for f in entries:
        if f.creator_surnames and (f.year or f.title):
            family = fold(f.creator_surnames[0])
            year = f.year + (f.year_suffix or "") if f.year else None
            names = [family, family.rsplit(" ", 1)[-1]]
            first = family.split(" ", 1)[0]
            if f.creator_surnames[0][:1].isupper() and len(first) > 3:
                names.append(first)  # "Engels, Friedrich, Die …" read as one family "Engels Friedrich"
            for name in names:
                if year is not None:
                    out.add((name, year))
                out.add((name, ANY_YEAR))
        for whole in corporate_heads(f):
            out.add((whole, ANY_YEAR))
            if f.year:
                out.add((whole, f.year + (f.year_suffix or "")))
    return frozenset(out)


def corporate_heads(f: Fields) -> tuple[str, ...]:
    """The whole written author of reference-list entry ``f`` that its cites repeat, folded
    (:func:`~citekit.knowledge.fold`), or (): a corporate author as written ("Préfecture de
    police", "London Corresponding Society"), or one the parse left at the head of the title
    ("Société des amis des Noirs. Adresse …"; German/French notes style "Préfecture de police,
    Rapport du préfet …"; a newspaper cited under its name, "The Times (London). 1848. …" -> "the
    times", its place in parentheses dropped: Chicago Manual 17th ed. 14.203, 15.47).  Used by
    :func:`reference_keys` (detection) and the resolver (which entry such a cite names)."""
    if not (f.year or f.title):
        return ()
    if f.authors_text and len(f.authors) == 1 and " " in f.authors_text.strip():
        return (fold(f.authors_text.strip(" ,.")),)
    if not f.authors and not f.editors and f.title:
        end = _TITLE_HEAD_END.search(f.title)
        if end is not None:
            head = _HEAD_QUALIFIER.sub("", f.title[: end.start()])  # "The Times (London)": cited "The Times 1848"
            if _corporate(head):
                return (fold(head),)
    return ()


def keyed_head(core: str, keys: Keys) -> tuple[str, str | None] | None:
    """The whole author of a reference-list entry (``keys``, :func:`reference_keys`) heading the
    citation ``core``, folded, and the year after it (with its letter) or None: "The Times 1848,
    3" -> ("the times", "1848"), "Préfecture de police, fol. 50v" -> ("prefecture de police",
    None); None when ``core`` is not such a citation (:func:`keyed_head_form` says which form)."""
    hit = _keyed_head_split(core, keys)
    return None if hit is None else hit[1:]


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
    if P.YEAR_PAREN.fullmatch(text, s, e) is None and _year_then_locators(text, s, e) is None:
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
            forms = [classify(text[a:b], kb, text[max(rs, s - 400) : s - 1], abbreviations) or (keyed_head_form(text[a:b], keys) if keys else None)
                     for a, b in pieces]
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
                if form is None and len(pieces) == 1 and closed:
                    if keys and region == "body" and _narrative_locator(text, rs, a, b, out):
                        continue  # "Wineburg (2001) … "…" (p. 7)": the key's page
                    nar = narrative_citation(text, rs, a, b, kb)
                    if nar is not None:
                        out.append(nar if region == "body" else Candidate(nar.start, nar.end, region, nar.form_hint, number, chapter, lead=nar.lead))
                        continue
                    lead = page_only_author(text, rs, a, b, keys) if keys and region == "body" else None
                    if lead is not None:  # MLA "Spillers argues … (67)"
                        if not text[lead[1] : a].strip(" \t\u00a0(’'s"):
                            # "Hobsbawm (4)", "Ginzburg (ch. 7) shows": the name and its parenthesis, as "Duby (1978, 33)"
                            close = text.find(")", b, re_)
                            out.append(Candidate(lead[0], close + 1 if close >= 0 else b, region, Form.SHORT, number, chapter, lead=lead))
                            continue
                        out.append(Candidate(a, b, region, Form.SHORT, number, chapter, lead=lead))
                        continue
                    if keys and region == "body" and page_after_citation(text, rs, a, b, out):
                        out.append(Candidate(a, b, region, Form.SHORT, number, chapter))  # MLA "(92-93)": the work cited before it
                        continue
                if form is None:
                    continue
                out.append(Candidate(a, b, region, form, number, chapter, not closed))
        out.extend(running_candidates(text, rs, re_, kb, keys, out, region, number, chapter))
    return out


#: Where a paragraph ends: a blank line.
_PARAGRAPH_END = re.compile(r"\n[ \t]*\n")


def _narrative_locator(text: str, rs: int, a: int, b: int, out: list[Candidate]) -> bool:
    """Give the parenthesis ``text[a:b]`` (its inside) to the narrative key just before it, as
    that key's :attr:`Candidate.locator` (``out[-1]`` replaced); True when done.  "Roediger and
    Abel (2015) argued that memory is "…" (p. 359)", "Wineburg (2001) described … "an unnatural
    act" (p. 7)": APA 7th ed. 8.13 and 8.25 — with a narrative citation, the page goes after
    the quotation.  The key must be the last citation found (none between), in the same
    paragraph of the same body range, a name with a bare-year parenthesis and no locator of its
    own; the parenthesis must hold only locators with their terms ("p. 359", "pp. 4–5", "para.
    3", "Chapter 2"; a bare "(2)" may be an enumerator)."""
    if not out:
        return False
    key = out[-1]
    if key.start < rs or key.end >= a or not _bare_narrative_key(text, key) or _PARAGRAPH_END.search(text, key.end, a):
        return False
    found = find_locators(text[a:b])
    if not found or not all(x.term for x in found) or not only_locators(text[a:b]):
        return False
    out[-1] = Candidate(key.start, key.end, key.region, key.form_hint, key.note, key.chapter, key.unclosed, key.lead, key.numbers, (a, b))
    return True


def _bare_narrative_key(text: str, c: Candidate) -> bool:
    """Is ``c`` a narrative author-date key whose parenthesis holds a year only ("Wineburg
    (2001)", "Roediger and Abel (2015)"), with no locator yet?"""
    if c.form_hint is not Form.AUTHOR_DATE or c.locator is not None or text[c.end - 1 : c.end] != ")" or text[c.start : c.start + 1] == "(":
        return False
    o = text.rfind("(", c.start, c.end)
    return o > c.start and P.YEAR_PAREN.fullmatch(text, o + 1, c.end - 1) is not None and text[o + 1 : c.end - 1].strip().isalnum()


def _locator_only_paren(text: str, a: int, b: int) -> bool:
    """Does ``text[a:b]`` hold locators with their terms and nothing else ("p. 359", "pp. 4–5",
    "para. 12", "Chapter 3"), not a bare number ("(2)" may be an enumerator)?"""
    found = find_locators(text[a:b])
    return bool(found) and all(x.term for x in found) and only_locators(text[a:b])


#: A cue before a citation written in the running text, not in parentheses: "vgl. auch",
#: "siehe", "see also", "cf.", "voir aussi", "cfr.", "véase" (the cue words of the
#: relation prefixes, citekit.patterns.RELATION_PREFIX).
_RUNNING_CUE = P.LazyPattern(
    r"(?<![A-Za-z\u00c0-\u024f])(?:vgl\.|siehe|see|cf\.|cfr\.|voir|v[ée]ase)(?:[ \t]+(?:auch|also|aussi|anche|tambi[ée]n))?[ \t]+(?=[A-Z])",
    re.IGNORECASE,
)
#: A periodical issue in running text: a capitalised name of one to four words, a comma, a day
#: and month and year ("Pravda, 12 March 1923", "Le Temps, 3 juin 1871"), perhaps a page.
_RUNNING_ISSUE = P.LazyPattern(
    rf"""(?<![A-Za-z\u00c0-\u024f’'-])(?P<name>[A-Z][A-Za-z\u00c0-\u024f’'-]{{1,30}}(?:[ \t]+[A-Z][A-Za-z\u00c0-\u024f’'-]{{1,30}}){{0,3}}),[ \t]+
        (?P<date>\d{{1,2}}(?:er|\.)?[ \t]+[A-Za-z\u00e0-\u00fb]{{3,10}}\.?[ \t]+(?:1[5-9]\d\d|20\d\d))(?!\d)
        (?P<page>,[ \t]*(?:p|S|s|pp)\.[ \t]*\d{{1,4}}(?:[{P.DASHES}]\d{{1,4}})?)?""",
    re.VERBOSE,
)
#: Pre-tests that find where the two patterns above can match without trying them at every
#: position (about 13 ms of 000a.txt's 450 KB, most of its body detection; 2026-12-01).
#: The cue words with the case variants ``re.IGNORECASE`` gives their first letters (``ſ`` is an
#: ``s``), the rest matched as there: every match of ``_RUNNING_CUE`` starts with one.
_RUNNING_CUE_WORD = P.LazyPattern(r"[VvSsCc\u017f](?i:gl\.|iehe|ee|f\.|fr\.|oir|[ée]ase)")
#: The comma and date of ``_RUNNING_ISSUE`` (opening with a literal comma: a fast scan): every
#: match of ``_RUNNING_ISSUE`` holds one, on its own line (neither pattern crosses a line break).
_RUNNING_ISSUE_DATE = re.compile(r",[ \t]+\d{1,2}(?:er|\.)?[ \t]+[A-Za-z\u00e0-\u00fb]{3,10}\.?[ \t]+(?:1[5-9]\d\d|20\d\d)(?!\d)")


def _running_cues(text: str, rs: int, re_: int) -> Iterator[re.Match[str]]:
    """``_RUNNING_CUE.finditer(text, rs, re_)``, tried only where ``_RUNNING_CUE_WORD`` found a
    cue word: a match starts at a cue word, which has no letter before it, so no other cue word
    overlaps its start; the matches are the same, in the same order."""
    pos = rs
    for w in _RUNNING_CUE_WORD.finditer(text, rs, re_):
        if w.start() < pos:
            continue
        m = _RUNNING_CUE.match(text, w.start(), re_)
        if m is not None:
            yield m
            pos = m.end()


def _running_issues(text: str, rs: int, re_: int) -> Iterator[re.Match[str]]:
    """``_RUNNING_ISSUE.finditer(text, rs, re_)``, run only over the lines where
    ``_RUNNING_ISSUE_DATE`` finds a comma and a date (a match lies within one line: the same
    matches, in the same order)."""
    pos = rs
    while True:
        d = _RUNNING_ISSUE_DATE.search(text, pos, re_)
        if d is None:
            return
        a = max(pos, text.rfind("\n", 0, d.start()) + 1)
        b = text.find("\n", d.end(), re_)
        b = re_ if b < 0 else b + 1
        yield from _RUNNING_ISSUE.finditer(text, a, b)
        pos = b


def running_candidates(
    text: str, rs: int, re_: int, kb: KnowledgeBase, keys: Keys, taken: list[Candidate],
    region: str = "body", number: int | None = None, chapter: int = 0,
) -> list[Candidate]:
    """Citations written in the running text of ``text[rs:re_]``, outside parentheses.

    Two kinds: an author-date key of the reference list after a cue word ("…; vgl. auch
    Gall 1993, S. 12f.", "see also Tilly 1990, p. 4"; DIN ISO 690 / Harvard keys in prose),
    and a periodical issue with its day ("Pravda, 12 March 1923, carried …", "in Le Temps,
    3 juin 1871, p. 2"; Chicago Manual 17th ed. 14.191: a newspaper named in the text).
    Spans that overlap a candidate in ``taken`` are skipped.  Linear: one scan per pattern.
    """
    out: list[Candidate] = []

    def free(a: int, b: int) -> bool:
        line = max(rs, text.rfind("\n", rs, a) + 1)  # parentheses do not span paragraphs
        return not any(c.start < b and a < c.end for c in taken) and _paren_depth(text, line, a) == 0

    if keys and region == "body":
        for cue in _running_cues(text, rs, re_):
            for a, b in inline_keys(text, cue.end(), min(re_, cue.end() + 200), keys):
                if a == cue.end() and free(a, b):
                    out.append(Candidate(a, b, region, Form.AUTHOR_DATE, number, chapter))
                break
    if region == "body" and text.find(",", rs, re_) >= 0:
        for m in _running_issues(text, rs, re_):
            date = m.group("date")
            if not (P.WORD_DATE.fullmatch(date) or P.FOREIGN_WORD_DATE.fullmatch(date)):
                continue
            if not is_periodical_name(m.group("name"), kb):  # asks kb.periodical first
                continue
            if free(m.start(), m.end()):
                out.append(Candidate(m.start(), m.end(), region, Form.PERIODICAL, number, chapter))
    return out


#: Words before a capitalised word that make it part of a title or a place, not an
#: author: "the Treaty of Versailles (1919)", "in Hamlet (1603)".
_NOT_BEFORE_AUTHOR = frozenset("the of in at on to from by a an le la les der die das".split())


#: A year and what follows it in a narrative key's parenthesis: "1835, vol. 1", "1904, p.\u00a021".
_YEAR_HEAD = re.compile(r"[ \t]*(?:1[5-9]\d\d|20\d\d)[a-z]?(?=[ \t\u00a0]*[,:])")


def _year_then_locators(text: str, s: int, e: int) -> int | None:
    """Where the year ends when ``text[s:e]`` is a year, a comma or colon and only locators of
    the grammar ("1835, vol. 1", "1904, p.\u00a021", "2008, Abschn. 12", "1894, line 5"):
    what ``patterns.YEAR_PAREN`` does not read (any term, any space).  Else None."""
    m = _YEAR_HEAD.match(text, s, e)
    if m is None:
        return None
    rest = text[m.end() : e].strip(" \t\u00a0")
    return m.end() if rest[:1] in (",", ":") and only_locators(rest[1:]) else None


def narrative_citation(text: str, rs: int, s: int, e: int, kb: KnowledgeBase) -> Candidate | None:
    """A parenthesis ``text[s:e]`` holding only a year, perhaps with a locator
    (``patterns.YEAR_PAREN``), that cites a work whose author the sentence names, with or
    without a reference list:

    * "Fitzpatrick (1994, 5) shows": the names just before the parenthesis
      (``patterns.NARRATIVE_NAMES``, :func:`author_like`, not after "the"/"of"/"in") — the
      candidate spans the names and the parenthesis, as :func:`_narrative_key` does;
    * "Fitzpatrick argues that … (1994, 5)": a year *and a locator* only, the author the
      first name of the sentence — the candidate spans the parenthesis, ``lead`` the name.

    A bare year ("Cliff (1974)") is left to :func:`_narrative_key`, which takes it only when
    the reference list defines the name; a year and locator after a word that is not an
    author ("the Treaty of Verdun (843, 12)") is not a citation.
    (APA 7th ed. 8.11; Chicago Manual 17th ed. 15.23; Harvard, Cite Them Right.)
    """
    m = P.YEAR_PAREN.fullmatch(text, s, e)
    year_end = m.end("year") if m is not None else _year_then_locators(text, s, e)
    if year_end is None or "(" in text[s:e]:
        return None
    before = text[max(rs, s - 1 - 120) : s - 1]
    n = P.NARRATIVE_NAMES.search(before)
    has_locator = year_end < e and text[year_end:e].strip(" )")
    if not has_locator:
        return None  # "Cliff (1974)": a bare year is a key only when the reference list defines it
    if n is not None:
        names = n.group("names")
        prev = before[: n.start("names")].rstrip().rsplit(None, 1)[-1:] or [""]
        if author_like(names.removesuffix("’s").removesuffix("'s"), kb) and prev[0].lower() not in _NOT_BEFORE_AUTHOR:
            start = s - 1 - len(before) + n.start("names")
            close = text.find(")", e)
            return Candidate(start, close + 1 if close >= 0 else e, "body", Form.AUTHOR_DATE)
    lead = sentence_author(text, max(rs, s - 400), s - 1, kb)
    if lead is None:
        return None
    return Candidate(s, e, "body", Form.AUTHOR_DATE, lead=lead)


#: The words of a name in running text: capitalised, perhaps possessive.
_CAP_WORD = P.LazyPattern(r"(?<![\w’'-])[A-Z\u00c0-\u00de][\w’'-]{1,30}")


def page_only_author(text: str, rs: int, s: int, e: int, keys: Keys) -> tuple[int, int] | None:
    """An MLA page-only citation: ``text[s:e]`` (a parenthesis's inside) holds only a page or
    range ("67", "201-03", "12f."), and the sentence before it names an author whose surname
    heads an entry of the text's reference list (``keys``, :func:`reference_keys`):
    "Hortense Spillers argues that the body is "reduced to a thing" (67)" (MLA Handbook 9th
    ed. 6.28: the author named in the prose, the page in parentheses).  Returns the span of
    the name (the candidate's ``lead``), else None.  Not a citation: a number the reference
    list cannot give an author for, a year ("(1984)"), and enumerations ("(1) first, (2)
    second": a "(2)" follows shortly)."""
    m = P.PAGE_ONLY.fullmatch(text, s, e)
    if m is None:
        # a labelled locator alone, for a work without pages: "(ch. 7)", "(par. 35)", "(sec. 18)" (MLA 9th ed. 6.24)
        found = find_locators(text[s:e])
        if not found or not found[0].term or found[0].label in ("issue", "opus", "figure", "table", "volume") or not only_locators(text[s:e]):
            return None
    elif len(m.group("first")) == 4 and P.YEAR_ONLY.fullmatch(m.group("first")):
        return None
    for o in (text.find("(", e, e + 120), text.rfind("(", max(rs, s - 121), s - 1)):
        if o >= 0 and P.ENUMERATOR.match(text, o):
            return None  # "(1) … (2) …": an enumeration
    families = {k[0] for k in keys}
    lo = max(rs, s - 400)
    seg = text[lo : s - 1]
    cut = 0
    for b in _PROSE_SENTENCE_END.finditer(seg):  # a hard-wrapped sentence goes on over its line breaks
        cut = b.end()
    for w in _CAP_WORD.finditer(seg, cut):
        word = w.group(0).removesuffix("’s").removesuffix("'s")
        if fold(word) in families:
            # a family of several words ("Stedman Jones (122)", "Vicens Vives (45)"): the whole of it
            # or the name's last word ("Le Roy Ladurie (45)")
            a, b = w.start(), w.start() + len(word)
            for f in (f for f in families if " " in f):
                if fold(seg[a : a + len(f)]) == f:
                    b = max(b, a + len(f))
                elif fold(seg[max(0, b - len(f)) : b]) == f and b - len(f) < a:
                    a = b - len(f)
            return lo + a, lo + b
    return None


#: A sentence end in prose that may be hard-wrapped: a full stop (or ! ?) before a capital, or a
#: blank line; a single line break is no sentence end (``patterns.SENTENCE_END`` counts one).
_PROSE_SENTENCE_END = P.LazyPattern(r"[.!?][\u201d\u2019\"]?\s+(?=[A-Z\u201c\u2018])|\n[ \t]*\n")
#: How far back the paragraph of a page-only citation is looked for (characters).
_PARAGRAPH_REACH = 3000


def paragraph_start(text: str, rs: int, pos: int) -> int:
    """Where the paragraph holding ``pos`` starts (after the last blank line before it, not
    before ``rs`` nor ``_PARAGRAPH_REACH`` characters back).  A block quotation (its first line
    indented by two or more spaces or a tab) belongs to the paragraph that introduces it (MLA
    Handbook 9th ed. 6.35, Chicago 13.20): the start of that paragraph is returned."""
    lo = max(rs, pos - _PARAGRAPH_REACH)
    start = lo
    prev = lo
    for m in _PARAGRAPH_END.finditer(text, lo, pos):
        prev, start = start, m.end()
    if start > lo and text.startswith(("  ", "\t"), start):
        return prev
    return start


def page_after_citation(text: str, rs: int, s: int, e: int, out: list[Candidate]) -> bool:
    """An MLA page-only citation of the work cited just before it: ``text[s:e]`` (a
    parenthesis's inside, the parenthesis after a space or at a line start) holds only a page
    or range ("92-93", "4", "12 f."), not a year nor an enumerator, and the last candidate of
    ``out`` (found before it in the same body range) stands in the same paragraph — or in the
    paragraph that introduces the block quotation it closes.  MLA Handbook 9th ed. 6.28: when
    the source is clear from the previous citation, the page alone.  Not citations: "(1917)",
    "(3 vols.)", "(see below)", "5(4)", "(1) … (2)"."""
    if not out or out[-1].end > s - 1 or out[-1].start < rs:
        return False
    m = P.PAGE_ONLY.fullmatch(text, s, e)
    if m is None or (len(m.group("first")) == 4 and P.YEAR_ONLY.fullmatch(m.group("first"))) or int(m.group("first")) == 0:
        return False
    if s - 1 > rs and not text[s - 2].isspace():
        return False  # "5(4)", "s(2)": a sub-item, not a citation
    for o in (text.find("(", e, e + 120), text.rfind("(", max(rs, s - 121), s - 1)):
        if o >= 0 and P.ENUMERATOR.match(text, o):
            return False  # "(1) … (2) …": an enumeration
    return out[-1].start >= paragraph_start(text, rs, s - 1)


def sentence_author(text: str, lo: int, hi: int, kb: KnowledgeBase) -> tuple[int, int] | None:
    """The span of the first author-like name (:func:`author_like`) in the sentence that
    ends at ``hi`` (searched from ``lo``), else None: "Fitzpatrick argues that …"."""
    seg = text[lo:hi]
    cut = 0
    for b in P.SENTENCE_END.finditer(seg):
        cut = b.end()
    for w in P.NARRATIVE_AUTHOR.finditer(seg, cut):
        names = w.group("names")
        prev = seg[cut : w.start()].rstrip().rsplit(None, 1)[-1:] or [""]
        if prev[0].lower() in _NOT_BEFORE_AUTHOR:
            continue
        if author_like(names, kb):
            return lo + w.start("names"), lo + w.end("names")
    return None


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
    if whole is None and keys and not P.FLAT_PARENS.search(body):
        whole = keyed_note_form(body, kb, keys)
    if whole is None and keys and ";" in body:  # "Croce: Storia, S. 473; Appleby/Hunt/Jacob: Telling the Truth."
        units = citation_units(text, s, e, kb, abbreviations, memo, None, keys)
        if units is not None and len(units) > 1:
            return [Candidate(a, b, "note", f, note.number, note.chapter) for a, b, f in units]
    if whole is not None:
        see = _SEE_TAIL.search(body)
        if see and see.start() > 0 and _is_prose(body[: see.start()]):
            whole = None  # "The term … was deployed by Engels … - see K Marx, …": the tail is the citation
    if whole is not None:
        units = citation_units(text, s, e, kb, abbreviations, memo, whole, keys)
        if units is not None and len(units) > 1:
            return [Candidate(a, b, "note", f, note.number, note.chapter) for a, b, f in units]
        inline = inline_keys(text, s, e, keys) if keys and whole not in _CLEAN else []
        if inline:  # "For surveys see van der Linden 2007 and Fernbach, 1974": the keys, not the note
            return [Candidate(a, b, "note", Form.AUTHOR_DATE, note.number, note.chapter) for a, b in inline]
        if units is not None:  # one work, commentary trimmed: "…, 1:45, who argues the opposite."
            a, b, f = units[0]
            return [Candidate(a, b, "note", f, note.number, note.chapter)]
        return [Candidate(s, e, "note", whole, note.number, note.chapter)]
    out = body_candidates(text, [(s, e)], kb, abbreviations, region="note", note=note, keys=keys)
    # a closing "… see M Lewin Lenin’s last struggle London 1975."
    last_paren_end = max((c.end for c in out), default=s)
    for m in _SEE_TAIL.finditer(text, last_paren_end, e):
        cs = m.end()
        tail = text[cs:e]
        if "(" in tail or ")" in tail:
            continue
        units = citation_units(text, cs, e, kb, abbreviations, memo)
        if units is not None:
            out.extend(Candidate(a, b, "note", f, note.number, note.chapter) for a, b, f in units)
            break
    if keys:  # keys in the prose of a discursive note: "… as Cliff 1974, pp. 12-15, shows"
        taken = [(c.start, c.end) for c in out]
        for a, b in inline_keys(text, s, e, keys):
            if not any(x < b and a < y for x, y in taken):
                out.append(Candidate(a, b, "note", Form.AUTHOR_DATE, note.number, note.chapter))
        out.sort(key=lambda c: c.start)
    return out


def unit_spans(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Split ``text[s:e]`` (a note or a parenthesis) into the spans of the works it cites:
    at top-level semicolons (:func:`split_semicolons`; not inside parentheses), and where
    a full stop or comma is followed by a relation word opening the next work
    (``patterns.UNIT_BREAK``: "… 45. Also …", "… 45. See also …", "…, 45, and in …",
    "… S. 5. Vgl. auch …").  The relation word stays at the start of its unit."""
    out: list[tuple[int, int]] = []
    for a, b in split_semicolons(text, s, e):
        pos = a
        for m in P.UNIT_BREAK.finditer(text, a, b):
            if _paren_depth(text, a, m.start()) == 0 and m.start() > pos:
                out.append(_trim(text, pos, m.start() + (1 if text[m.start()] == "." else 0)))
                pos = m.end()
        out.append(_trim(text, pos, b))
    return [(x, y) for x, y in out if y > x]


def _paren_depth(text: str, a: int, b: int) -> int:
    """How many parentheses opened in ``text[a:b]`` are still open at ``b``."""
    return max(0, text.count("(", a, b) - text.count(")", a, b))


def trim_commentary(text: str, a: int, b: int) -> tuple[int, int]:
    """The part of ``text[a:b]`` that cites, without the commentary around it: a lead-in
    that ends with a relation word ("On this see Carr, …" starts at "Carr"; ``patterns.
    LEADING_COMMENTARY``) and a clause after the locator ("…, 1:45, who argues the
    opposite."; ``patterns.TRAILING_COMMENTARY``, cut only after a digit, where a locator
    ends).  A relation word that opens the unit ("See also …", "Cf. …") is kept."""
    m = P.LEADING_COMMENTARY.match(text[a:b])
    if m and not P.RELATION_PREFIX.match(text, a) and _is_commentary(m.group("lead")):
        a = a + m.end()
    t = P.TRAILING_COMMENTARY.search(text, a, b)
    while t is not None:
        head = text[a : t.start()].rstrip(" .")
        if head[-1:].isdigit() or head.endswith(("f.", "ff", "passim")):
            b = t.start()
            break
        t = P.TRAILING_COMMENTARY.search(text, t.end(), b)
    return _trim(text, a, b)


def _is_commentary(lead: str) -> bool:
    """Is a lead-in before "see" prose ("On this", "For a different view,") rather than a
    citation's own words?  Short, and no digit (a locator) in it."""
    return not P.ANY_DIGIT.search(lead) and len(lead.split()) <= 12


def citation_units(
    text: str,
    s: int,
    e: int,
    kb: KnowledgeBase,
    abbreviations: frozenset[str] = frozenset(),
    memo: dict[str, tuple[Fields, ...]] | None = None,
    whole: Form | None = None,
    keys: Keys = frozenset(),
) -> list[tuple[int, int, Form]] | None:
    """The works cited in ``text[s:e]`` (a note, or its tail after "see"), one
    ``(start, end, form)`` per work (:func:`unit_spans`, :func:`trim_commentary`), if every
    unit is a citation (:func:`_whole_note_form`); else None.  ``whole``: the form of the
    whole span if already judged (not judged again when it is one unit).  "5. Daniels, The Conscience
    of the Revolution (Cambridge, MA: …, 1960), 137; Deutscher, Prophet Armed, 510." gives two."""
    out = []
    s, e = _trim(text, s, e)
    for a, b in unit_spans(text, s, e):
        a, b = trim_commentary(text, a, b)
        if whole is not None and (a, b) == (s, e):  # ``whole``: the form already judged for text[s:e]
            return [(s, e, whole)]
        form = _whole_note_form(text[a:b], kb, abbreviations, memo) if b > a else None
        if form is None and keys and b > a and not P.FLAT_PARENS.search(text, a, b):
            form = keyed_note_form(text[a:b], kb, keys)
        if form is None:
            return None
        out.append((a, b, form))
    return out or None


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
    if P.IBID.match(P.fold_marks(core)):
        return Form.IBID
    for inner in P.FLAT_PARENS.finditer(core):
        if _before_final_locator(core, inner.end()):
            continue  # "…, Origins (Harcourt, Brace, 1951), para. 60.": the imprint before the locator
        if classify(inner.group(1), kb, "", abbreviations) and not _imprint(core, inner.start(1), inner.end(1)):
            return None  # a discursive note with its own parenthetical citation
    # prose sentences inside: not a whole-note citation
    sentences = [x for x in P.PROSE_SENTENCE_BREAK.split(core) if x.strip()]
    if len(sentences) > 2:
        return None
    form = classify(core, kb, "", abbreviations)
    if form in (Form.IBID, Form.OPCIT, Form.AUTHOR_DATE, Form.PERIODICAL, Form.DATE):
        return form
    if form is Form.FULL and archival(core):
        return form  # "RGASPI, f. 17, op. 3, d. 131, l. 1.": an archive has no author or title
    if form is not None and (
        bare_locator_form(core, kb, abbreviations)
        or (form is Form.FULL and imprint_locator_form(core, kb))
        or (form is Form.FULL and dated_locator_form(core, kb))  # "Ministère de la Guerre, Instruction …, 1792."
        or (" by " in core and title_first_form(core, kb))
        or (form is Form.FULL and P.FOREIGN_LOCATOR.search(core) and author_like(core.split(",")[0], kb))
    ):
        return form  # its locator (bare pages, "3:152") or its date is what the parser may not read
    fields = parse_citation(b, kb, abbreviations, memo=memo)  # b, not core: the text extraction parses
    if not fields:
        return None
    f = fields[0]
    if f.short == "supra" and (f.authors or f.title) and all(x.short == "supra" for x in fields):
        return form or Form.OPCIT  # "Droysen (n 15) 483; Davis (n 12) 183": cross-references to earlier notes
    located = bool(f.place or f.year or f.pages or f.volume or f.locator or f.locator_label)
    # the note must *open* like a citation: authors, an abbreviation, or a short title
    if (f.authors or f.editors or f.abbreviation) and (f.title or f.abbreviation) and located:
        return form or Form.FULL
    if form is not None and f.title and len(f.title.split()) <= 16 and not f.authors and located:
        return form
    return None


def _before_final_locator(core: str, end: int) -> bool:
    """Does a parenthesis that closes at ``end`` (just after its ")") stand between a title
    and the note's final locator, as a Chicago or MHRA full note's imprint does ("Hannah
    Arendt, The Origins of Totalitarianism (Harcourt, Brace, 1951), para. 60.", "Sarah Howard,
    'Popular Politics' (unpublished PhD diss., University of Manchester, 1998), p. 205.";
    Chicago Manual 17th ed. 14.68, MHRA Style Guide 3rd ed. 11.2.2)?  True when only a comma
    and locators of the grammar (a term, or bare pages) follow, and a title-case word comes before."""
    rest = core[end:].strip()
    if not rest or not any(ch.isdigit() for ch in rest):
        return False
    rest = rest[1:] if rest.startswith(",") else rest  # OSCOLA puts no comma: "(C H Beck 1990) 470"
    return only_locators(rest.strip(" .")) and bool(P.CAPITALISED_WORD.search(core, 0, max(0, core.rfind("(", 0, end))))


#: Where the head of a note ends: its first comma or colon ("Kocka, J.: Sozialgeschichte", "Marx, Brief").
_HEAD_END = re.compile(r"[,:]")


def keyed_note_form(body: str, kb: KnowledgeBase, keys: Keys) -> Form | None:
    """A note that opens with an author the reference list holds, then a title: short notes
    without a locator ("Thompson, The Making of the English Working Class.", New Hart's Rules
    17.2.3; "Koselleck, Vergangene Zukunft: Zur Semantik geschichtlicher Zeiten."), full notes
    without a year ("Karl Marx, Brief an Friedrich Engels, Dietz."), corporate authors
    ("Préfecture de police, Rapport …, 1832, Z. 10.", "London Corresponding Society: Minutes
    of the General Committee, o. O. 1794.").  The head (to the first comma or colon) is the
    whole author of an entry, or author-like with a family name of the list (``keys``,
    :func:`reference_keys`; first or last word: "Kocka, J." / "Karl Marx"); what follows
    opens with a capital or a quotation mark and is not prose.  Form.FULL with a year or a
    locator, else Form.SHORT; None otherwise ("Thompson, for his part, …")."""
    core = P.RELATION_PREFIX.sub("", body.strip(), count=1).strip()
    m = _HEAD_END.search(core, 0, 120)
    if m is None or len(core) > 400:
        return None
    head = core[: m.start()].strip().rstrip(".")
    rest = core[m.end() :].strip()
    if not head or not rest or not (rest[0].isupper() or rest[0] in "‘“\"«„'"):
        return None
    first_author = head.split("/", 1)[0].strip()  # German "Appleby/Hunt/Jacob"
    words = first_author.split()
    keyed = bool(words) and ((fold(head), ANY_YEAR) in keys or (
        author_like(first_author, kb) and any((fold(w.strip(".")), ANY_YEAR) in keys for w in (words[0], words[-1]))))
    if not keyed or _is_prose(rest):
        return None
    if len([x for x in P.PROSE_SENTENCE_BREAK.split(core) if x.strip()]) > 2:
        return None
    located = bool(P.YEAR.search(rest) or find_locators(rest, bare=True))
    return Form.FULL if located else Form.SHORT


#: The inside of a parenthesis that holds only one name and a date: "Ink Links, 1979",
#: "Harmonds-worth, 1971", "Temple Smith, 1978", "London, n.d." — a publisher or a place
#: and the year (or "n.d."), no digit or parenthesis before the comma (Chicago Manual 17th
#: ed. 14.68 and 14.132 for a missing place or publisher, 14.145 for "n.d.").
_IMPRINT_ONLY = re.compile(r"[ \t]*[^\d(),;]{2,60},[ \t]*(?:1[5-9]\d\d|20\d\d|n\.[ \t]?d\.)[ \t]*")


#: An imprint that says only that the work has no date: "(n.d.)", French/Italian "(s.d.)",
#: German "(o.J.)", "(o. J.)" (Chicago Manual 17th ed. 14.145; DIN 1505-2).
_NO_DATE_ALONE = re.compile(r"[ \t]*(?:n\.[ \t]?d|s\.[ \t]?d|o\.[ \t]?J)\.?[ \t]*")


def _imprint_only(note: str, s: int, e: int) -> bool:
    """Is ``note[s:e]`` (a parenthesis's inside) a publisher-only or place-only imprint: it
    holds only ``words, YYYY`` or ``words, n.d.`` (:data:`_IMPRINT_ONLY`), the text before
    it is "Author, Title" (a comma in the head, at most 30 words), and after its ")" comes
    only the end, a full stop, or a comma and locators of the grammar (``, 21.``,
    ``, 42–43``, ``, vol. 2, p. 5``)?  Then "(Ink Links, 1979)" is the imprint of the
    full note "Ante Ciliga, The Russian Enigma (Ink Links, 1979), 21." and not an
    author-date key "Ink Links 1979" (Chicago Manual 17th ed. 14.68)."""
    if s < 2 or note[s - 1] != "(" or not _IMPRINT_ONLY.fullmatch(note, s, e):
        return False
    head = note[: s - 1]
    if "," not in head or len(head.split()) > 30 or head.count("(") > head.count(")"):
        return False  # inside another parenthesis: "… uneinig (vgl. Koselleck, Kritik (Alber, 1959), 41)"
    rest = note[e + 1 :].strip().rstrip(".)").strip()
    if not rest:
        return True
    return rest.startswith(",") and only_locators(rest[1:].strip(" ."))


def _imprint(note: str, s: int, e: int) -> bool:
    """Is ``note[s:e]``, a parenthesis, the imprint of a full note ("…, Il formaggio e i vermi
    (Einaudi, 1976), 195.": place, publisher, year; Chicago Manual 14.68) rather than an
    author-date citation inside a discursive note?  A publisher or a place alone with the
    year after "Author, Title" is one (:func:`_imprint_only`, a rule), and so is the series
    parenthesis after the imprint (:func:`citekit.fields.record.series_span`); otherwise the trained
    field parser decides: the parenthesis's words are labelled place, publisher or date and
    none author, and a title precedes it."""
    if _imprint_only(note, s, e):
        return True
    from .fields.record import series_span

    sp = series_span(note) if "(" in note[: s] else None
    if sp is not None and sp[0] == s - 1:
        return True  # "Leiden: Brill (Studies in Global Social History, Bd. 1), 2008": the series of the imprint
    from .fields import crf

    segs = crf.segments(note)
    labels = {g.label for g in segs if s <= g.start and g.end <= e}
    before = {g.label for g in segs if g.end <= s}
    return bool(labels) and labels <= {"place", "publisher", "date", "edition", "note"} and bool(before & {"title", "container-title"})


def numbered_entries(text: str, entries: list[tuple[int, int]]) -> dict[int, int]:
    """Entry number -> entry start, for the entries of a numbered reference list ("[12] …",
    "12. …": the number at the start of the entry's line, inside its span or just before it).
    Empty unless at least two entries are numbered."""
    out: dict[int, int] = {}
    for s, e in entries:
        line = text.rfind("\n", 0, s) + 1
        m = P.NUMBERED_ENTRY.match(text, line, e)
        if m is not None and m.end() >= s - 1:
            out.setdefault(int(m.group("b") or m.group("n")), _trim(text, s, e)[0])
    return out if len(out) >= 2 else {}


#: A numeric citation with a locator of any term the grammar knows: "[3, Fol. 117v]".
_NUMERIC_ANY_LOCATOR = re.compile(r"\[(?P<nums>\d{1,4})(?P<loc>[ \t]?,[ \t]?[^\[\]\n,]{1,40})\]")


def numeric_candidates(text: str, ranges: list[tuple[int, int]], numbers: Iterable[int], taken: Iterable[int] = ()) -> list[Candidate]:
    """Numeric citations in ``ranges`` of ``text`` that point into a numbered reference list:
    "[12]", "[12, p. 5]", "[3–5]", "[3, 7]", "[7, Sec. 3]" (``patterns.NUMERIC_CITATION``; IEEE,
    Vancouver, ISO 690 numeric), and IEEE's two-bracket range "[4]–[6]" (one candidate from
    the "4" to the "6", numbers 4, 5, 6; ``patterns.NUMERIC_RANGE_END``).  Every number (each of a range "3–5") must be one of ``numbers`` (the
    list's entry numbers), else the bracket is not a citation ("[sic]", "[1]" of a list the
    text does not have); brackets starting at an offset in ``taken`` (note markers that
    have a note) are left to the structure.  Each candidate's ``numbers`` lists its entries."""
    known = frozenset(numbers)
    skip = frozenset(taken)
    out: list[Candidate] = []
    if not known:
        return out
    for rs, re_ in ranges:
        i = text.find("[", rs, re_)
        while i >= 0:
            m = P.NUMERIC_CITATION.match(text, i, re_)
            if m is None:
                m = _NUMERIC_ANY_LOCATOR.match(text, i, re_)
                if m is not None and not (only_locators(m.group("loc")) and find_locators(m.group("loc"))[0].term):
                    m = None  # "[3, Fol. 117v]", "[5, L. 6]", "[2, n. 4]": any term of the grammar
            if m is not None and i not in skip:
                nums = _expand_numbers(m.group("nums"))
                end = m.end()
                r = P.NUMERIC_RANGE_END.match(text, end, re_) if nums and len(nums) == 1 and not m.group("loc") else None
                if r is not None and end not in skip:  # "[4]–[6]": one range across two brackets
                    wide = _expand_numbers(f"{nums[0]}-{r.group('to')}")
                    if wide:
                        nums, end = wide, r.end()
                if nums and all(n in known for n in nums):
                    out.append(Candidate(m.start() + 1, end - 1, "body", Form.NUMERIC, numbers=nums))
                    if end > m.end():
                        i = text.find("[", end, re_)
                        continue
            i = text.find("[", i + 1, re_)
    return out


def numeric_mark_candidates(text: str, ranges: list[tuple[int, int]], numbers: Iterable[int]) -> list[Candidate]:
    """Numeric citations of a text that has a numbered reference list and *no notes*: Vancouver's
    "(1)", "(3–5)", "(2, p. 7)" (``patterns.NUMERIC_PAREN``) and Nature's digits glued to the word
    or punctuation they follow, "… emphasis1.", "shown2,5.", "wave6–8," (``patterns.NUMERIC_GLUED``).  Each number must be an entry's.  A parenthesis must
    be followed by punctuation or the line's end, so that an enumeration "(1) first … (2) …",
    which goes on with words, stays prose; glued digits must not follow a digit, a capital
    ("COVID19"), or stand in a word ("B52s")."""
    known = frozenset(numbers)
    out: list[Candidate] = []
    if not known:
        return out
    for rs, re_ in ranges:
        i = text.find("(", rs, re_)
        while i >= 0:
            m = P.NUMERIC_PAREN.match(text, i, re_)
            if m is not None:
                after = text[m.end() : m.end() + 1]
                nums = _expand_numbers(m.group("nums"))
                if nums and all(n in known for n in nums) and (not after or after in ".,;:!?\n)") and i > rs and not text[i - 1].isdigit():
                    out.append(Candidate(i + 1, m.end() - 1, "body", Form.NUMERIC, numbers=nums))
            i = text.find("(", i + 1, re_)
    for rs, re_ in ranges:
        for m in P.NUMERIC_GLUED.finditer(text, rs, re_):
            if text[m.start() - 1] in ".,:" and text[m.start() - 2 : m.start() - 1].isdigit() and not _after_year(text, m):
                continue  # a decimal, a dotted date, a thousands group
            nums = _expand_numbers(m.group("nums"))
            if nums and all(n in known for n in nums):
                out.append(Candidate(m.start(), m.end(), "body", Form.NUMERIC, numbers=nums))
    return out


def _after_year(text: str, m: re.Match[str]) -> bool:
    """Do glued digits follow a year that ends a sentence ("in 1892.4 The clinic …")?"""
    p = m.start() - 1
    year = text[max(0, p - 5) : p]
    return (
        text[p] == "."
        and len(year) == 5
        and not year[0].isdigit()
        and year[1:].isdigit()
        and 1400 <= int(year[1:]) <= 2099
        and (m.end() >= len(text) or text[m.end()].isspace())
    )


#: The most entries one numeric range may name ("[3–5]" names three).
MAX_NUMERIC_RANGE = 50


def _expand_numbers(s: str) -> tuple[int, ...]:
    """"3, 7-9" -> (3, 7, 8, 9); () for a range that runs backwards or names too many."""
    out: list[int] = []
    for item in s.split(","):
        a, _, b = P.DASH_RE.sub("-", item).partition("-")
        lo = int(a)
        hi = int(b) if b.strip() else lo
        if hi < lo or hi - lo > MAX_NUMERIC_RANGE:
            return ()
        out.extend(range(lo, hi + 1))
    return tuple(out)


def reflist_candidates(text: str, entries: list[tuple[int, int]]) -> list[Candidate]:
    """Each reference-list entry is a candidate."""
    out = []
    for s, e in entries:
        s, e = _trim(text, s, e)
        if e > s and any(ch.isalpha() for ch in text[s:e]):
            out.append(Candidate(s, e, "reflist", Form.REFLIST))
    return out
