"""One locator grammar: "p. 12", "S. 6f.", "Bd. II, S. 45", "iii. 255-58", "3:152", "fol. 12v".

A *locator* points into a work: a page, a volume, a chapter, a folio…  This
module reads every locator a citation holds, in English, French, German,
Italian, Spanish and transliterated Russian, and labels each with a CSL locator
term (CSL 1.0.2, "Locators": act, appendix, article-locator, book, canon,
chapter, column, elocation, equation, figure, folio, issue, line, note, opus,
page, paragraph, part, rule, scene, section, sub-verbo, supplement, table,
timestamp, title-locator, verse, volume).  ``volume`` and ``issue`` are not CSL
*locators* but item variables; citekit reads them with the same grammar.

Shapes::

    parse_locator("pp. 255-58")      -> Locator(label="page", value="255-58", normalised="255-258", ...)
    find_locators("Bd. II, S. 45f.") -> [Locator("volume", "II", "2"), Locator("page", "45", "45", suffix="f.")]
    find_locators("Weber, i. 266", bare=True) -> [Locator("volume", "i", "1"), Locator("page", "266", "266")]
    find_archive("RGASPI f. 17, op. 3, d. 45, l. 12") -> Archive("RGASPI", "f. 17, op. 3, d. 45", ...)

Every pattern is compiled once, has no nested unbounded quantifier and is
tried left to right with ``search`` from the end of the previous match, so a
scan is linear in the text.  The terms, their sources and the decisions
(``v.``, ``f.``, ``l.``, bare numbers) are in docs/locators.md.
"""

from __future__ import annotations

import re
from typing import Iterator

from attrs import frozen

from .patterns import LETTER as _LETTER
from .patterns import LETTER_OR_DIGIT as _ALNUM
from .patterns import LazyPattern

__all__ = ["Locator", "Archive", "parse_locator", "find_locators", "find_archive", "normalise_value", "roman_to_int",
           "page_count", "CSL_LOCATORS", "only_locators", "compound_locator", "is_catalogue_number"]

#: The CSL 1.0.2 locator labels (specification, "Locators"; locales-en-US.xml terms).
CSL_LOCATORS = frozenset(
    "act appendix article-locator book canon chapter column elocation equation figure folio issue line note opus "
    "page paragraph part rule scene section sub-verbo supplement table timestamp title-locator verse volume".split()
)

# --- character classes -----------------------------------------------------------

#: Dashes of a range: hyphen, non-breaking hyphen, figure dash, en dash, em dash, minus.
_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2212"
#: The Latin letters, for the archive names of :data:`_ARCHIVE_NAME` (a consuming class; every
#: other "not after / before a letter" test uses :data:`patterns.LETTER`, imported as _LETTER).
_LATIN = "A-Za-z\u00c0-\u024f"
#: Horizontal white space (:data:`patterns.HSPACE`): every ``[^\S\n\r\f\v\u2028\u2029]`` below.
#: The characters it matches, for ``str.strip`` (tab and the Unicode space separators, Zs).
_HSPACE_CHARS = " \t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"

# --- the terms -----------------------------------------------------------------------------
#
# Each entry: (regex of the term without its full stop, label, needs a full stop).
# "Needs a full stop": single letters are terms only when abbreviated with a dot
# ("S. 45", not "S 45"), so initials and series letters are not read as terms.
# Sources: CSL 1.0.2 locales (en-US, fr-FR, de-DE, it-IT, es-ES, ru-RU short forms),
# The Chicago Manual of Style 17th ed. 10.43 (scholarly abbreviations), MHRA Style
# Guide 3rd ed. 11.2, Duden "Abkürzungen" (S., Bd., Bde., Anm., Sp., Abschn., Tl., H.,
# Nr., Kap., Bl., Z.), Lexique des règles typographiques (t., p., chap., n., fasc., livre),
# and GOST 7.0.12 (Russian: t., s., str., gl., vyp., ch., kn.; archives f./op./d./l.).
_TERMS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    # label, words that may stand without a full stop ("p208", "Vol 30", "page 5"), words that need one
    ("page", ("pp", "p", "pgs", "pg", "pages", "page", "Seiten", "Seite", "p\u00e1gs", "p\u00e1g"), ("pag", "pagg", "str", "S", "s")),
    ("volume", ("vols", "vol", "volumes", "volume", "Bde", "Bd", "Band", "B\u00e4nde", "tomes", "tome", "tomo", "tomi"), ("t", "tt", "v")),
    ("chapter", ("chapters", "chapter", "ch", "Kapitel", "capitolo", "cap\u00edtulo", "chapitre"), ("chaps", "chap", "Kap", "capp", "cap", "gl")),
    ("section", ("sections", "section", "Abschnitt", "sezione", "sezioni", "\u00a7\u00a7", "\u00a7"), ("sects", "sect", "secs", "sec", "Abschn", "sez")),
    # "para" without its stop: OSCOLA writes "para 19" (a year after it is Spanish "para 1920": _from_match)
    # German Randnummer/Randziffer (margin numbers of commentaries and textbooks): Rn., Rdn., Rdnr., Randnr., Rz.
    ("paragraph", ("paragraphs", "paragraph", "paras", "para", "\u00b6\u00b6", "\u00b6", "Randnummer", "Randziffer"),
     ("paragr", "par", "Rn", "Rdn", "Rdnr", "Randnr", "Rz", "Abs")),
    ("note", ("notes", "note", "Anmerkung", "nota"), ("nn", "n", "Anm", "Fn")),
    # "fol 42r" (OSCOLA), French "fᵒ"/"f°"/"fº" (folio, superscript o) and "fos"; Italian "c."/"cc." (carta, carte)
    ("folio", ("folios", "folio", "fols", "fol", "f\u1d52", "f\u00b0", "f\u00ba"), ("fos", "Bl", "ff", "f", "cc", "c")),
    ("line", ("lines", "line", "riga", "righe"), ("ll", "l", "Z", "rr", "r")),  # Italian r./rr. (riga)
    ("column", ("columns", "column"), ("cols", "col", "coll", "Sp")),
    ("part", ("parts", "part", "Teil", "partie", "parte"), ("pts", "pt", "Tl")),
    ("book", ("books", "book", "livre", "libro", "Buch"), ("bks", "bk", "lib", "kn")),
    ("issue", ("nos", "no", "Nr", "number", "issue", "Heft", "n\u00b0", "n\u00ba", "\u2116"), ("fasc", "vyp", "H", "cat", "Kat")),
    ("figure", ("figures", "figure"), ("figs", "fig", "Abb")),
    ("verse", ("verses", "verse"), ("vv",)),
    ("article-locator", (), ("arts", "art")),
    ("document", ("document",), ("docs", "doc")),
    # an archival file ("FO 371/3862, file 14522", French "dossier 4"): no CSL term, its own label like "document"
    ("file", ("files", "file", "dossiers", "dossier"), ()),
    ("appendix", ("appendix",), ("app",)),
    ("table", ("tables", "table", "Tabelle", "tableau", "tabla", "tabella"), ("tab",)),
    ("opus", ("opus",), ("op",)),
    # APA 7th ed. 8.13: a part of an empirical article cited in place of a page ("Study 2",
    # "Experiment 3"); no CSL term, kept as its own label (rendered as written, like "document")
    # ("Studies" is left out: "Soviet Studies 12" is a journal and its volume)
    ("study", ("study", "estudio"), ()),
    ("experiment", ("experiments", "experiment", "exp\u00e9rience", "experimento"), ("expt", "expts")),
)

#: Terms read case-sensitively: "S." and "s." (Seite, stranitsa) but not other capitals; "H." (Heft).
_CASED = frozenset({"S", "s", "H"})


def _alternation(words: list[str]) -> str:
    """Words as one alternation factored into a trie ("p(?:p|g(?:s)?|age(?:s)?)?"), longest first.

    A flat alternation of ~150 words tried at every word start was the grammar's whole
    cost; factored by first letters, a failing position is rejected after one or two
    character tests.  Case-sensitive words (_CASED) stand apart in ``(?-i:…)``.
    """
    cased = sorted({w for w in words if w in _CASED})
    trie: dict = {}
    for w in {w for w in words if w not in _CASED}:
        node = trie
        for ch in w.lower():
            node = node.setdefault(ch, {})
        node[""] = {}
    body = _trie_regex(trie)
    if cased:
        body = f"(?-i:{'|'.join(re.escape(w) for w in cased)})|{body}"
    return body


def _trie_regex(node: dict) -> str:
    """The regex of a trie node: its branches, longest first; "" marks a word's end."""
    branches = []
    for ch in sorted(k for k in node if k):
        branches.append(re.escape(ch) + _trie_regex(node[ch]))
    end = "" in node
    if not branches:
        return ""
    inner = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if end:
        # the longer word first (greedy "?"), the shorter one if the longer fails
        return inner + "?" if len(branches) == 1 and len(branches[0]) == 1 else "(?:" + inner + ")?"
    return inner


def _term_index() -> tuple[str, dict[str, str]]:
    """The term pattern (loose terms, then dotted ones) and a folded term -> label map."""
    labels: dict[str, str] = {}
    loose: list[str] = []
    dotted: list[str] = []
    for label, free, dot in _TERMS:
        for w in free + dot:
            labels.setdefault(_fold_term(w), label)
        loose.extend(free)
        dotted.extend(dot)
    return rf"(?:(?P<term>{_alternation(loose)})\.?|(?P<dterm>{_alternation(dotted)})\.)", labels


def _fold_term(t: str) -> str:
    return t.lower().rstrip(".")


_TERM_RX, _LABELS = _term_index()

#: A Roman numeral (either case), for volume values and front-matter pages.
_ROMAN = r"(?:(?-i:[IVXLCivxlc]){1,8}(?!" + _LETTER + r"))"
#: What may not follow a number: a digit or a letter, except the suffix "f"/"ff" ("6f.", "12ff.").
_NUM_END = rf"(?-i:(?!\d)(?!(?!f){_LETTER})(?!ff{_LETTER})(?!f(?!f){_LETTER}))"
#: Recto/verso written after a folio's number: glued "12v", "12v°", "37r", French "12 v°",
#: "12 rᵒ" (superscript o), and "12 recto" / "12 verso" (Lexique des règles typographiques,
#: "folio"; Chicago Manual 17th ed. 14.53).  Spaced, it needs its degree sign or the full word.
_RECTO_VERSO_AFTER = rf"(?:[rv][\u00b0\u00ba\u1d52]?(?!{_LETTER})|[^\S\n\r\f\v\u2028\u2029](?:(?-i:[rv])[\u00b0\u00ba\u1d52]|recto(?!{_LETTER})|verso(?!{_LETTER})))"
#: A number: digits with perhaps a letter (12a) or recto/verso (12r, 12v, 12 v°); "f" is the suffix.
_NUM = rf"(?:\d{{1,5}}(?:[a-eA-E]|{_RECTO_VERSO_AFTER})?{_NUM_END})"
#: One item: a number or Roman numeral, perhaps a range ("255-58", "45 to 50", "3 bis 5").
_ITEM = rf"(?:(?:{_NUM}|{_ROMAN})(?:[^\S\n\r\f\v\u2028\u2029]*(?:[{_DASHES}]|to|bis|al|a|\u00e0)[^\S\n\r\f\v\u2028\u2029]*(?:{_NUM}|{_ROMAN}))?)"
#: Between list items: ",", "&", "and", "und", "et", "e", "y" (a Roman item after it must be lower case).
_LIST_ITEM = rf"(?:{_NUM}|(?!ici(?!{_LETTER}))(?-i:[IVXLCivxlc]){{1,8}}(?!{_LETTER}))"  # French "ici" (here) is no numeral
_LIST_NEXT = rf"(?:[^\S\n\r\f\v\u2028\u2029]*(?:,|&|and|und|et|e|y)[^\S\n\r\f\v\u2028\u2029]*{_LIST_ITEM}(?:[^\S\n\r\f\v\u2028\u2029]*[{_DASHES}][^\S\n\r\f\v\u2028\u2029]*{_LIST_ITEM})?)"
#: A value: up to 13 items.  The repetition is bounded and each round consumes a separator.
_VALUE = rf"(?P<value>{_ITEM}{_LIST_NEXT}{{0,12}})"
#: "and following" and friends after a value: f., ff., et seq., sq., sqq., passim; Italian
#: "sgg."/"segg." (seguenti), "e sgg.", "ss.", "e ss."; Spanish "y ss." / "y sigs." (y siguientes).
_SUFFIX = rf"(?:[^\S\n\r\f\v\u2028\u2029]*(?P<suffix>ff\.?|f\.|f(?!{_LETTER})|(?:e[^\S\n\r\f\v\u2028\u2029]+)?(?:sgg|segg)(?:\.|(?!{_LETTER}))|(?:[ey][^\S\n\r\f\v\u2028\u2029]+)?ss(?:\.|\Z)|y[^\S\n\r\f\v\u2028\u2029]+sigs?\.|et[^\S\n\r\f\v\u2028\u2029]+seqq?\.?|et[^\S\n\r\f\v\u2028\u2029]+sqq?\.?|sqq?\.|seqq?\.|sqq?(?!{_LETTER})|seqq?(?!{_LETTER})|passim))?"

#: Every labelled locator, a lower-case Roman volume before a page ("iii. 255-58") and a
#: colon volume:page ("3:152", "2: 431"), in one pattern tried left to right.
LOCATOR = re.compile(
    rf"""(?<!{_ALNUM})(?<!\.)
        (?:
          (?P<cat>(?-i:[Cc]at|[Kk]at|CAT)\.[^\S\n\r\f\v\u2028\u2029]?-?[^\S\n\r\f\v\u2028\u2029]*(?=no|nr|n\u00b0|n\u00ba|n\.|n\u00fam))?  # "cat. no. 212", "Kat.-Nr. 5": a catalogue number
          {_TERM_RX}(?:(?<=\.)|[^\S\n\r\f\v\u2028\u2029]|(?=\d))[^\S\n\r\f\v\u2028\u2029]*{_VALUE}{_SUFFIX}   # p. 12 / S. 6f. / Bd. II / p208 (never "Parte"+"i" = "Partei")
         |(?P<rvol>(?-i:[IVXLCivxlc]){{1,7}})\.[^\S\n\r\f\v\u2028\u2029]+(?P<rpages>{_ITEM}{_LIST_NEXT}{{0,12}})(?P<rsuffix>[^\S\n\r\f\v\u2028\u2029]*(?:ff\.?|f\.|passim))?  # iii. 255-58
         |(?P<cvol>\d{{1,3}})[^\S\n\r\f\v\u2028\u2029]?:[^\S\n\r\f\v\u2028\u2029]?(?P<cpages>{_ITEM}{_LIST_NEXT}{{0,12}})(?P<csuffix>[^\S\n\r\f\v\u2028\u2029]*(?:ff\.?|f\.|passim))?  # 3:152
        )""",
    re.VERBOSE | re.IGNORECASE,
)
#: A bare page value at the very end of a citation (bare mode): "…, 1995), 140–45",
#: "Deutscher, Prophet Armed, 510", "Orwell 112", "Red Famine 201-03".
_BARE_TAIL = re.compile(
    rf"""(?:(?P<before>[,)]|[^\S\n\r\f\v\u2028\u2029])|\A)[^\S\n\r\f\v\u2028\u2029]*(?P<value>\d{{1,5}}[a-e]?(?:[^\S\n\r\f\v\u2028\u2029]*[{_DASHES}][^\S\n\r\f\v\u2028\u2029]*\d{{1,5}})?
         (?:[^\S\n\r\f\v\u2028\u2029]*,[^\S\n\r\f\v\u2028\u2029]*\d{{1,5}}(?:[^\S\n\r\f\v\u2028\u2029]*[{_DASHES}][^\S\n\r\f\v\u2028\u2029]*\d{{1,5}})?){{0,8}})
        (?P<suffix>[^\S\n\r\f\v\u2028\u2029]*(?:ff\.?|f\.|f|passim))?[ \t.;]*\Z""",
    re.VERBOSE,
)
#: Volume and page joined by a full stop at the very end of a citation, after a comma or the
#: publication parenthesis (Oxford usage, New Hart's Rules 17.2.2: "Gibbon, Decline and Fall,
#: 7.190", "(London, 1961), 1.242"): a one- or two-digit volume, then the page or range.
_VOL_DOT_PAGE = LazyPattern(
    rf"(?:\A|(?<=[,)])|(?<=[,)][^\S\n\r\f\v\u2028\u2029]))(?P<vol>\d{{1,2}})\.(?P<page>\d{{1,5}}(?:[{_DASHES}]\d{{1,5}})?)[ \t.;]*\Z")
#: OSCOLA's terms written without a full stop and lower case, at the very end of a citation
#: after a closing parenthesis or a page (OSCOLA 4th ed. 1.4, 3.1: "(1937) s 22", "(n 1) l 35",
#: "ss 4-6"): single letters that are terms only in this position.
_UNDOTTED_TAIL = re.compile(
    rf"(?:\A|(?<=[)\d][^\S\n\r\f\v\u2028\u2029])|(?<=[)\d],[^\S\n\r\f\v\u2028\u2029]))(?-i:(?P<uterm>ss|s|ll|l))[^\S\n\r\f\v\u2028\u2029](?P<value>\d{{1,5}}(?:[{_DASHES}]\d{{1,5}})?)[ \t.;]*\Z")
_UNDOTTED_LABELS = {"s": "section", "ss": "section", "l": "line", "ll": "line"}
#: A journal article in OSCOLA's form, "(1971) 50 Past & Present 76, 102": year, volume,
#: journal, first page, then the pinpoint (OSCOLA 4th ed. 1.4.1, 3.3), which is the locator.
_FIRST_PAGE_PINPOINT = LazyPattern(
    rf"\((?:1[5-9]|20)\d\d\)[^\S\n\r\f\v\u2028\u2029]+\d{{1,4}}[^\S\n\r\f\v\u2028\u2029]+[A-Z][^,()\d]{{1,80}}?[^\S\n\r\f\v\u2028\u2029]"
    rf"(?P<first>\d{{1,5}}),[^\S\n\r\f\v\u2028\u2029]*(?P<pin>\d{{1,5}}(?:[{_DASHES}]\d{{1,5}})?)[ \t.;]*\Z")
#: A page alone in the closing parenthesis after a name, MLA's narrative citation
#: "Trevor-Roper (41)", "Zola (5)" (MLA Handbook 9th ed. 6.28); a year is not a page.
_PAREN_PAGE = re.compile(rf"(?<=(?:{_LETTER}|[’'])[^\S\n\r\f\v\u2028\u2029])\((?P<value>\d{{1,5}}(?:[{_DASHES}]\d{{1,5}})?)\)\Z")
#: How far from the end a bare value can start.
_BARE_REACH = 80
#: An upper-case Roman volume, a comma and a bare page at the very end of a citation, after a
#: comma or the publication parenthesis: "McCauley, The Soviet Union (n.d.), XV, 378.",
#: "Bloch, Werke, III, 12–14" (Chicago Manual 17th ed. 14.121: a volume in Roman numerals
#: is kept as written; New Hart's Rules 17.2.2).  Not "Henry VIII, 45": a space before.
_ROMAN_VOL_PAGE = re.compile(
    rf"(?:(?<=[,)])|(?<=[,)][^\S\n\r\f\v\u2028\u2029]))(?P<vol>[IVXLC]{{1,7}}),[^\S\n\r\f\v\u2028\u2029]*"
    rf"(?P<page>\d{{1,5}}(?:[^\S\n\r\f\v\u2028\u2029]*[{_DASHES}][^\S\n\r\f\v\u2028\u2029]*\d{{1,5}})?)[ \t.;]*\Z")
#: Lower-case Roman pages (front matter) at the very end of a citation, right after the
#: publication parenthesis ("(London, 1969), xi–xii.", "…, 1980), xiv") or, for a range,
#: after a comma ("Introduction, ix–xiv"): pages, never a volume (Chicago Manual 17th ed.
#: 9.26, 14.148: front matter is paged in lower-case Roman numerals).
_ROMAN_PAGE_TAIL = re.compile(
    rf"(?P<before>[,)])[^\S\n\r\f\v\u2028\u2029]*,?[^\S\n\r\f\v\u2028\u2029]*(?P<value>(?P<a>[ivxlc]{{1,7}})"
    rf"(?:[^\S\n\r\f\v\u2028\u2029]*[{_DASHES}][^\S\n\r\f\v\u2028\u2029]*(?P<b>[ivxlc]{{1,7}}))?)[ \t.;]*\Z")

#: A year, or a range of years: not a bare page (unless after the publication parenthesis).
_YEARISH = re.compile(rf"(?:1[5-9]\d\d|20\d\d)(?:[^\S\n\r\f\v\u2028\u2029]*[{_DASHES}][^\S\n\r\f\v\u2028\u2029]*(?:\d\d){{1,2}})?")
#: Month names (English, French, German, Italian, Spanish) before a bare number: a date, not a page.
_MONTH_BEFORE = LazyPattern(
    r"(?:jan|feb|febr|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|janvier|f\u00e9vrier|mars|avril|mai|juin|juillet|ao\u00fbt"
    r"|janvier|m\u00e4rz|juni|juli|okt|dez|gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre"
    r"|novembre|dicembre|enero|febrero|abril|mayo|junio|julio|septiembre|octubre|noviembre|diciembre|[a-z]+ber|[a-z]+uary)\.?[^\S\n\r\f\v\u2028\u2029]*$",
    re.IGNORECASE,
)

# --- archives ----------------------------------------------------------------------------

#: Soviet/Russian archival reference: fond, opis', delo, list(y): "f. 17, op. 3, d. 45, l. 12",
#: "f. R-5446, op. 1, d. 7, ll. 12-14ob." (GOST 7.0.12; the archives' own citation guides);
#: the commas may be left out ("RGASPI f.17 op.2 d.317 l.12-14", common in English-language notes).
_RUSSIAN_SHELFMARK = re.compile(
    rf"""(?<!{_LETTER})(?:f|fond)\.?[^\S\n\r\f\v\u2028\u2029]*(?P<fond>[A-Z]?-?\d{{1,6}}[a-z]?)[^\S\n\r\f\v\u2028\u2029]*,?[^\S\n\r\f\v\u2028\u2029]*
        op\.?[^\S\n\r\f\v\u2028\u2029]*(?P<opis>\d{{1,4}}[a-z]?)[^\S\n\r\f\v\u2028\u2029]*,?[^\S\n\r\f\v\u2028\u2029]*
        (?:d|delo)\.?[^\S\n\r\f\v\u2028\u2029]*(?P<delo>\d{{1,6}}[a-z]?)
        (?:[^\S\n\r\f\v\u2028\u2029]*,?[^\S\n\r\f\v\u2028\u2029]*(?P<lterm>ll|l)\.?[^\S\n\r\f\v\u2028\u2029]*(?P<list>\d{{1,5}}(?:ob\.?|[rv])?(?:[^\S\n\r\f\v\u2028\u2029]*[{_DASHES}][^\S\n\r\f\v\u2028\u2029]*\d{{1,5}}(?:ob\.?|[rv])?)?
            (?:[^\S\n\r\f\v\u2028\u2029]*,[^\S\n\r\f\v\u2028\u2029]*\d{{1,5}}(?:ob\.?|[rv])?(?:[^\S\n\r\f\v\u2028\u2029]*[{_DASHES}][^\S\n\r\f\v\u2028\u2029]*\d{{1,5}}(?:ob\.?|[rv])?)?){{0,8}}))?""",
    re.VERBOSE,
)
#: An archive's name and a shelfmark after it: "Archives nationales, H 1418",
#: "The National Archives, FO 371/56763", "Bundesarchiv, R 43 I/1309".
_ARCHIVE_NAME = LazyPattern(
    rf"""(?P<archive>(?:[A-Z][{_LATIN}'’-]{{0,20}}[^\S\n\r\f\v\u2028\u2029]+(?:(?:of|de|des|du|di|del|der|the)[^\S\n\r\f\v\u2028\u2029]+)?){{0,4}}
          (?:Archives?|Archiv|Archivio|Archivo|Record[^\S\n\r\f\v\u2028\u2029]+Office|Bundesarchiv|Staatsarchiv|Landesarchiv)
          (?:[^\S\n\r\f\v\u2028\u2029]+(?:[a-z]{{2,3}}[^\S\n\r\f\v\u2028\u2029]+)?[A-Z{_LATIN}][{_LATIN}'’-]{{0,20}}){{0,3}}
         |RGASPI|RGANI|RGAE|RGVA|RGIA|GARF|TsGAOR|TsGAMO|TsAMO|TNA|PRO|BArch|AN|AMAE|ASV|NARA)
        [^\S\n\r\f\v\u2028\u2029]*,[^\S\n\r\f\v\u2028\u2029]*(?P<shelf>[A-Z]{{1,4}}/[0-9IVXL]{{1,5}}(?:/\d{{1,6}}[A-Za-z]?){{1,3}}|[A-Z]{{1,4}}[^\S\n\r\f\v\u2028\u2029]?\d{{1,6}}(?:[^\S\n\r\f\v\u2028\u2029]?[A-Z]{{1,3}})?(?:[^\S\n\r\f\v\u2028\u2029]\d{{1,6}}){{0,2}}(?:/\d{{1,6}}){{0,3}})(?!\d)(?!{_LETTER})""",
    re.VERBOSE,
)
#: A cross-reference to an earlier note, which names the work and is no locator: German
#: "(wie Anm. 7)" / ", wie Anm. 7," (Duden; German history notes), Italian "(cit. n. 7)" /
#: "cit. nota 7", and in parentheses "(see n. 7)", "(vgl. Anm. 7)", "(voir n. 7)",
#: "(cfr. nota 7)" — like "supra n. 7" (Chicago Manual 17th ed. 14.29).  A following ibid.
#: inherits no note from it.
_CROSS_REF = re.compile(
    r"""(?:(?<![A-Za-z])(?:wie|cit\.)|\((?:see|cf\.|vgl\.|siehe|s\.|voir|cfr\.|vedi|v\.|ver|véase))
        [^\S\n\r\f\v\u2028\u2029]+(?:Anm\.|Fn\.|nn?\.|notes?|nota|Anmerkung)[^\S\n\r\f\v\u2028\u2029]*\d{1,4}(?!\d)""",
    re.VERBOSE,
)
#: A page and a note on it: glued "701n12", "45nn3–4", or "701 n. 12" after a bare page
#: (Chicago Manual 17th ed. 14.163: "page 701, note 12").
_PAGE_NOTE = re.compile(
    rf"""(?<!{_ALNUM})(?<![.:/])(?P<page>\d{{1,5}})
        (?:(?P<glued>nn?)|[^\S\n\r\f\v\u2028\u2029]*nn?\.[^\S\n\r\f\v\u2028\u2029]*)
        (?P<note>\d{{1,4}}(?:[{_DASHES}]\d{{1,4}})?)(?!\d)(?!{_LETTER})""",
    re.VERBOSE,
)
#: A series in parentheses after the imprint's year, with its number: "München 2007
#: (Oldenbourg Grundriss der Geschichte, Bd. 13)", "1998 (Studies in Russian History, vol. 4)".
#: The number is the series' (CSL ``collection-number``), not the volume cited (Duden;
#: Chicago Manual 17th ed. 14.123).  Matched at the "(" with the year before it.
_SERIES_PAREN = re.compile(r"(?:1[5-9]|20)\d\d[a-z]?[^\S\n\r\f\v\u2028\u2029]*\([ \t]*(?:=[ \t]*)?[A-Z\u00c0-\u00de][^()\d]{2,120}\Z")
#: The same series parenthesis wherever it stands, from its "(" up to the number: a capitalised
#: name, or the French "coll. « Bibliothèque des histoires »" ("collection", Italian "collana");
#: never a term alone ("(Bd. 2), 1990" is the cited volume).
_SERIES_OPEN = re.compile(r"\([ \t]*(?:=[ \t]*)?(?:(?:coll\.|collection|collana)[ \t]*)?[«\"“„‹]?[ \t\u00a0]*"
                          r"(?!(?:Bd|Bde|Band|Vol|Tome|Teil|Nr|No|Heft)\b)[A-Z\u00c0-\u00de][^()\d]{2,120}\Z")
#: The imprint's year right after the series parenthesis: "Leiden: Brill (Studies in Global
#: Social History, Bd. 1), 2008" (the series between publisher and year: Heidelberg
#: Historisches Seminar, DIN 1505-2 Gesamttitel).  Matched at the ")".
_YEAR_AFTER_SERIES = re.compile(r"\)[ \t]*[,.]?[ \t]*(?:1[5-9]|20)\d\d(?!\d)")
#: "Place: Publisher" right before the series parenthesis: "London: Weidenfeld (", "Paris :
#: Mouton (", "Roma: Editori Riuniti, (" (Chicago Manual 17th ed. 14.123: the series after
#: the imprint).  One to four words each side of the colon, no digits; matched at the text's end.
_IMPRINT_BEFORE_SERIES = re.compile(
    r"(?<![^\W\d_])[A-Z\u00c0-\u00de][^\W\d_]*(?:[ \t.-]{1,2}[^\W\d_]+){0,3}[ \t]*:[ \t]*"
    r"[A-Z\u00c0-\u00de][^\W\d_]*(?:[ \t.&-]{1,2}[^\W\d_]+){0,4}[ \t]*,?[ \t]*\Z"
)
#: A Russian archive's acronym before its shelfmark (the shelfmark follows without a comma).
_RUSSIAN_ARCHIVE = LazyPattern(r"(?P<archive>RGASPI|RGANI|RGAE|RGVA|RGIA|RGALI|GARF|TsGAOR|TsGAMO|TsAMO|TsKhSD|RTsKhIDNI|APRF|GAKO)[^\S\n\r\f\v\u2028\u2029]*,?[^\S\n\r\f\v\u2028\u2029]*$")


@frozen
class Locator:
    """One locator found in a citation.

    ``label``: a CSL locator label ("page", "chapter", "folio", …) or "volume" /
    "issue" / "document" / "file", or "" for ``passim`` alone (no label); ``value``: the value as written ("255-58", "II");
    ``normalised``: Arabic volumes, full ranges ("255-258"), lists joined by
    "," ("73,74"); ``suffix``: "f.", "ff.", "et seq.", "passim" or None;
    ``start``/``end``: character offsets of the whole locator (term included) in
    the text given; ``term``: the term as written ("pp.", "S.") or None when bare.
    """

    label: str
    value: str
    normalised: str
    suffix: str | None = None
    start: int = 0
    end: int = 0
    term: str | None = None


@frozen
class Archive:
    """An archival reference: the archive, the shelfmark (CSL ``archive_location``), its span."""

    archive: str | None
    location: str
    start: int
    end: int


# --- values -----------------------------------------------------------------------------

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_to_int(s: str) -> int | None:
    """Value of a Roman numeral in either case ("iii" -> 3, "XIV" -> 14), or None if it is not one."""
    s = s.upper()
    if not s or any(c not in _ROMAN_VALUES for c in s):
        return None
    total = 0
    for i, c in enumerate(s):
        v = _ROMAN_VALUES[c]
        total += -v if i + 1 < len(s) and _ROMAN_VALUES[s[i + 1]] > v else v
    return total


_DASH_RX = re.compile(f"[{_DASHES}]")
_RANGE_WORD = re.compile(r"[^\S\n\r\f\v\u2028\u2029]+(?:to|bis|al|a|\u00e0)[^\S\n\r\f\v\u2028\u2029]+|(?<=\d)(?:to|bis)(?=\d)")
_LIST_SPLIT = re.compile(r"[^\S\n\r\f\v\u2028\u2029]*(?:,|&|\band\b|\bund\b|\bet\b|\be\b|\by\b)[^\S\n\r\f\v\u2028\u2029]*")
_NUM_RANGE = re.compile(r"(\d+)([a-eA-E]?)-(\d+)([a-eA-E]?)")
#: Recto/verso as written after a number ("12 v°", "12v°", "3 rᵒ", "5 recto"), for normalise_value: "12v", "3r".
_RECTO_VERSO_WRITTEN = LazyPattern(
    r"(?<=\d)[^\S\n\r\f\v\u2028\u2029]?([rvRV])(?:ecto|erso)?[\u00b0\u00ba\u1d52]?(?![A-Za-z\u00b0\u00ba\u1d52])")
#: A cheap test before _RECTO_VERSO_WRITTEN: a degree sign / ordinal o, or the word written out.
_RECTO_VERSO_MARKS = ("\u00b0", "\u00ba", "\u1d52", "recto", "verso", " r", " v")
_ROMANISH = re.compile(r"[IVXLCivxlc]+")


def normalise_value(value: str, label: str = "page") -> str:
    """A locator value in normal form.

    Ranges get a hyphen and their abbreviated end written out ("502–4" ->
    "502-504", "255-58" -> "255-258", "45 to 50" -> "45-50"); list items are
    joined by "," ("73, 74" -> "73,74"; "126 and 131" -> "126,131"); Roman
    numerals become Arabic except for pages, where lower-case Roman numbers
    front matter ("xii" stays "xii").  Year ranges used as volume names keep
    their short form ("1935–36").
    """
    if value.isdigit():
        return value  # the common case: one Arabic number
    v = _DASH_RX.sub("-", value.strip())
    if any(t in v for t in _RECTO_VERSO_MARKS):
        v = _RECTO_VERSO_WRITTEN.sub(lambda m: m.group(1).lower(), v)  # "12 v°", "3 recto" -> "12v", "3r"
    v = _RANGE_WORD.sub("-", v)
    out = []
    for item in _LIST_SPLIT.split(v):
        item = item.strip().replace(" ", "")
        if not item:
            continue
        out.append(_normal_item(item, label))
    return ",".join(out)


def _normal_item(item: str, label: str) -> str:
    if label != "page" and _ROMANISH.fullmatch(item):
        n = roman_to_int(item)
        return str(n) if n else item
    if "-" in item:
        a, _, b = item.partition("-")
        if label != "page" and _ROMANISH.fullmatch(a) and _ROMANISH.fullmatch(b):
            return f"{roman_to_int(a)}-{roman_to_int(b)}"
        m = _NUM_RANGE.fullmatch(item)
        if m:
            x, xs, y, ys = m.groups()
            if label == "volume" and len(x) == 4 and len(y) == 2:
                return item  # "1935-36": a volume named by its years
            if len(y) < len(x):
                y = x[: len(x) - len(y)] + y
            return f"{x}{xs}-{y}{ys}"
    return item


def page_count(normalised: str, suffix: str | None = None) -> int:
    """How many pages a normalised page value names: 1 for "205", 2 or more for
    "xii,205", "45-47", and 2 for a single page with "f."/"ff."/"passim" (it names
    what follows too).  Used by the checker to judge "p." against "pp."."""
    items = [i for i in normalised.split(",") if i]
    n = 0
    for item in items:
        a, dash, b = item.partition("-")
        n += 2 if dash and a != b else 1
    if suffix and n == 1:
        n = 2
    return n


# --- finding ---------------------------------------------------------------------------------


def _term_label(term: str) -> str:
    return _LABELS.get(_fold_term(term), "page")


def find_archive(text: str) -> Archive | None:
    """The archival reference in ``text``, or None.

    Two shapes: the Soviet fond/opis'/delo sequence ("RGASPI f. 17, op. 3, d. 45,
    l. 12": the location is "f. 17, op. 3, d. 45", the list becomes a folio locator
    in :func:`find_locators`) and an archive's name then a shelfmark ("Archives
    nationales, H 1418").
    """
    if "op" in text:
        m = _RUSSIAN_SHELFMARK.search(text)
        if m:
            a = _RUSSIAN_ARCHIVE.search(text, 0, m.start())
            loc = text[m.start() : m.end("delo")]
            return Archive(a.group("archive") if a else None, loc, m.start(), m.end("delo"))
    if "Arch" in text or any(t in text for t in ("Record", "RG", "GARF", "TNA", "PRO", "BArch", "AN,", "AMAE", "ASV", "NARA")):
        m = _ARCHIVE_NAME.search(text)
        if m:
            return Archive(" ".join(m.group("archive").split()), m.group("shelf"), m.start("shelf"), m.end("shelf"))
    return None


def find_locators(text: str, *, bare: bool = False) -> list[Locator]:
    """Every locator in ``text``, left to right.

    ``text``: a citation (or any string; never raises, linear time).  With
    ``bare=True`` a page written without a term at the very end is read too
    ("…, 1995), 140–45", "Prophet Armed, 510", "Orwell 112"), when no labelled
    page stands in the text; a lone year is not a page there, except right after
    a closing parenthesis (the publication facts of a Chicago note).  Returns
    :class:`Locator` objects with offsets into ``text``.  Rules for the ambiguous
    terms (docs/locators.md):

    * ``v.`` is "volume" before a Roman numeral or before a number that another
      locator follows ("v. 3, p. 12"); after a comma with nothing after ("Weber,
      v. 256") it is the Roman volume v and the number a page (the lower-case
      Roman style of "iii. 255"); at the start, or after "(" / ";", it is *vide*
      ("see") and no locator.
    * ``f.``/``ff.`` before a number is a folio ("fol. 12", "ff. 12-15"), after a
      number the suffix "and following" ("45 f.", "6f."); inside a Soviet archival
      reference ``f.`` is the fond and ``l.``/``ll.`` (list/listy) are folios.
    * ``l.``/``ll.`` elsewhere are lines; ``n.``/``nn.`` notes; ``no.``/``Nr.`` issues.
    """
    out: list[Locator] = []
    if not text:
        return out
    archive_span = None
    if "op" in text:
        m = _RUSSIAN_SHELFMARK.search(text)
        if m:
            archive_span = (m.start(), m.end("delo"))
            if m.group("list"):
                label = "folio"
                out.append(Locator(label, m.group("list"), normalise_value(m.group("list").replace("ob.", "v").replace("ob", "v"), "folio"),
                                   None, m.start("lterm"), m.end("list"), m.group("lterm") + "."))
    pos = 0
    n = len(text)
    cross = [(c.start(), c.end()) for c in _CROSS_REF.finditer(text)] if ("Anm" in text or "n" in text) else []
    while pos < n:
        m = LOCATOR.search(text, pos)
        if m is None:
            break
        if cross and any(cs <= m.start() < ce for cs, ce in cross):
            pos = m.end() if m.end() > pos else pos + 1
            continue  # "(wie Anm. 7)": a cross-reference, not a note locator
        if archive_span and archive_span[0] <= m.start() < (out[0].end if out and out[0].label == "folio" and out[0].start > archive_span[0] else archive_span[1]):
            pos = m.end() if m.end() > pos else pos + 1
            continue
        loc = _from_match(text, m)
        if loc is None:
            pos = m.start() + 1
            continue
        if not loc:  # read, and no locator: "2 vols.", "Bd. v. 7"
            skip = _OF_COUNT.match(text, m.end())
            pos = skip.end() if skip else m.end()
            continue
        for one in loc:
            out.append(one)
        pos = max(m.start() + 1, loc[-1].end)
    out.sort(key=lambda l: l.start)
    if out and (any(w in text for w in _PINPOINT_HINTS) or len(out) > 1):
        out = _pinpoints(text, out)
    if any(l.label in ("volume", "issue") for l in out) and "(" in text:
        out = [l for l in out if l.label not in ("volume", "issue") or not _in_series(text, l.start)]
    if "n" in text and not any(l.label == "page" for l in out):
        out = _page_and_note(text, out, cross)
    if bare and not any(l.label in ("page", "folio", "line", "column", "paragraph", "section", "chapter", "note") for l in out):
        vp = _VOL_DOT_PAGE.search(text, max(0, len(text) - 24)) if "." in text[-16:] else None
        if vp is not None and not any(l.label == "volume" for l in out):
            pages = vp.group("page")
            out.append(Locator("volume", vp.group("vol"), vp.group("vol"), None, vp.start("vol"), vp.end("vol"), None))
            out.append(Locator("page", pages, normalise_value(pages, "page"), None, vp.start("page"), vp.end("page"), None))
            return out
        ud = _UNDOTTED_TAIL.search(text, max(0, len(text) - 24)) if text.rstrip(" .;")[-1:].isdigit() else None
        if ud is not None and ud.start() == max(0, len(text) - 24) and ud.start() > 0:
            ud = None  # "\A" is the window's start there, not the text's
        if ud is not None:
            v = ud.group("value")
            label = _UNDOTTED_LABELS[ud.group("uterm")]
            out.append(Locator(label, v, normalise_value(v, label), None, ud.start("uterm"), ud.end("value"), ud.group("uterm")))
            return out
        pp = _PAREN_PAGE.search(text, max(0, len(text) - 16)) if text.endswith(")") else None
        if pp is not None and not _YEARISH.fullmatch(pp.group("value")):
            v = pp.group("value")
            return out + [Locator("page", v, normalise_value(v, "page"), None, pp.start("value"), pp.end("value"), None)]
        oj = _FIRST_PAGE_PINPOINT.search(text, max(0, len(text) - 160)) if ")" in text[-160:] and "," in text[-12:] else None
        if oj is not None:
            v = oj.group("pin")
            return out + [Locator("page", v, normalise_value(v, "page"), None, oj.start("first"), oj.end("pin"), None)]
        rv = _ROMAN_VOL_PAGE.search(text, max(0, len(text) - 32)) if text.rstrip(" .;")[-1:].isdigit() else None
        if rv is not None and roman_to_int(rv.group("vol")) and not any(l.label == "volume" for l in out):
            vol, pages = rv.group("vol"), rv.group("page")
            return out + [Locator("volume", vol, normalise_value(vol, "volume"), None, rv.start("vol"), rv.end("vol"), None),
                          Locator("page", pages, normalise_value(pages, "page"), None, rv.start("page"), rv.end("page"), None)]
        rp = _ROMAN_PAGE_TAIL.search(text, max(0, len(text) - 24)) if text.rstrip(" .;")[-1:] in "ivxlc" else None
        if rp is not None and roman_to_int(rp.group("a").upper()) and (rp.group("b") is None or roman_to_int(rp.group("b").upper())) \
                and (rp.group("before") == ")" or rp.group("b")):
            v = rp.group("value")
            return out + [Locator("page", v, normalise_value(v, "page"), None, rp.start("value"), rp.end("value"), None)]
        tail = _bare_tail(text)
        if tail is not None and not any(l.start <= tail.start < l.end for l in out):
            out.append(tail)
        elif tail is None and "passim" in text[-12:]:
            pa = _PASSIM_ALONE.search(text, max(0, len(text) - 12))
            if pa is not None:
                out.append(Locator("", "passim", "passim", "passim", pa.start(), pa.start() + 6, None))
    return out


#: "passim" alone as the locator at the very end, after a comma or the publication parenthesis
#: ("…, Paris, Alcan, 1899, passim.", "(Berlin, 1931), passim"): the work here and there, no page
#: (Chicago Manual 17th ed. 14.146; MHRA 3rd ed. 11.2.7).  Read as a locator with no label.
_PASSIM_ALONE = LazyPattern(r"(?:\A|(?<=[,)])|(?<=[,)][^\S\n\r\f\v\u2028\u2029]))passim\.?[ \t.;]*\Z")


def _in_series(text: str, pos: int) -> bool:
    """Does ``pos`` stand in a series parenthesis after the imprint: after its year
    (:data:`_SERIES_PAREN`), or between the publisher and the year (:data:`_YEAR_AFTER_SERIES`),
    or right after "Place: Publisher" (:data:`_IMPRINT_BEFORE_SERIES`)?"""
    k = text.rfind("(", max(0, pos - 130), pos)
    if k < 0 or ")" in text[k:pos]:
        return False
    if _SERIES_PAREN.search(text[max(0, k - 8) : pos]) is not None:
        return True
    if _SERIES_OPEN.match(text, k, pos) is None:
        return False
    c = text.find(")", pos, pos + 16)
    if c > 0 and _YEAR_AFTER_SERIES.match(text, c) is not None:
        return True
    return _IMPRINT_BEFORE_SERIES.search(text, max(0, k - 60), k) is not None


def _page_and_note(text: str, out: list[Locator], cross: list[tuple[int, int]]) -> list[Locator]:
    """Add the page of "701n12" / "701 n. 12" (:data:`_PAGE_NOTE`) and, when glued, its note;
    a page inside another locator ("vol. 3 n. 4") or a cross-reference is left alone."""
    for pm in _PAGE_NOTE.finditer(text):
        ps, pe = pm.start("page"), pm.end("page")
        if any(l.start <= ps < l.end for l in out) or any(cs <= ps < ce for cs, ce in cross):
            continue
        if not pm.group("glued") and _YEARISH.fullmatch(pm.group("page")):
            continue  # "1932 n. 4": a year
        page = pm.group("page")
        add = [Locator("page", page, page, None, ps, pe, None)]
        if pm.group("glued"):
            v = pm.group("note")
            add.append(Locator("note", v, normalise_value(v, "note"), None, pm.start("glued"), pm.end("note"), pm.group("glued")))
        out = sorted(out + add, key=lambda l: l.start)
    return out


#: A pinpoint after a page range: the range is the extent of an article or chapter, the
#: page after the word the one cited.  German "S. 174–205, hier S. 180" (Duden; the usual
#: German note style), English "pp. 174–205, at 180" (Bluebook/OSCOLA pinpoint, common in
#: history journals), French "p. 174-205, ici p. 180", Italian "qui p. 180", Spanish "aquí
#: p. 180", and "esp." / "especially" / "insb." / "bes.".  ``page`` is a bare pinpoint.
_PINPOINT = re.compile(
    rf"""[^\S\n\r\f\v\u2028\u2029]*[,;]?[^\S\n\r\f\v\u2028\u2029]*(?:hier|here|at|ici|qui|aqu[ií]|esp\.|especially|insb\.|bes\.)[^\S\n\r\f\v\u2028\u2029]+
        (?P<page>\d{{1,5}}[a-e]?(?:[^\S\n\r\f\v\u2028\u2029]*[{_DASHES}][^\S\n\r\f\v\u2028\u2029]*\d{{1,5}})?(?!\d)(?!{_LETTER}))?""",
    re.VERBOSE,
)
#: Between an extent and a pinpoint that repeats the page term: ", " or " (" (MHRA 3rd ed.
#: 11.2.3 "pp. 1053–75 (p. 1075)"; German notes "S. 67–88, S. 78", "S. 5, S. 7").
_TERMED_PINPOINT = re.compile(r"[^\S\n\r\f\v\u2028\u2029]*[,(][^\S\n\r\f\v\u2028\u2029]*")
#: Literal words one of which every pinpoint has (a cheap test before _PINPOINT).
_PINPOINT_HINTS = ("hier", "here", "at ", "ici", "qui", "aqu", "esp", "insb", "bes.")


def _pinpoints(text: str, out: list[Locator]) -> list[Locator]:
    """Read pinpoints (:data:`_PINPOINT`): a page range followed by "hier S. 180" / "at 180"
    becomes one page locator with the pinpoint's value, spanning both."""
    res: list[Locator] = []
    i = 0
    while i < len(out):
        loc = out[i]
        nxt = out[i + 1] if i + 1 < len(out) else None
        if (loc.label == "page" and loc.term and nxt is not None and nxt.label == "page" and nxt.term
                and _TERMED_PINPOINT.fullmatch(text, loc.end, nxt.start)):
            # "S. 67–88, S. 78", "pp. 1053–75 (p. 1075)": the extent, then the page cited with its own term
            closing = text[nxt.end : nxt.end + 1] == ")" and "(" in text[loc.end : nxt.start]
            res.append(Locator("page", nxt.value, nxt.normalised, nxt.suffix, loc.start, nxt.end + closing, nxt.term))
            i += 2
            continue
        m = _PINPOINT.match(text, loc.end) if loc.label == "page" else None
        if m is not None:
            nxt = out[i + 1] if i + 1 < len(out) else None
            if m.group("page") is None and nxt is not None and nxt.label == "page" and nxt.start == m.end():
                res.append(Locator("page", nxt.value, nxt.normalised, nxt.suffix, loc.start, nxt.end, nxt.term))
                i += 2
                continue
            if m.group("page") is not None:
                v = m.group("page")
                res.append(Locator("page", v, normalise_value(v, "page"), None, loc.start, m.end("page"), loc.term))
                i += 1
                continue
        res.append(loc)
        i += 1
    return res


def _from_match(text: str, m: re.Match[str]) -> list[Locator] | None:
    """The locator(s) of one LOCATOR match, or None when the match is not one."""
    if m.group("rvol") is not None:
        rv = m.group("rvol")
        # lower case only ("iii. 255"); "c." is circa, "l." a line, "v." handled as a term
        if not rv.islower() or rv in ("c", "l", "d", "cc", "ll", "li", "lc"):
            return None
        pages = m.group("rpages")
        suf = _suffix((m.group("rsuffix") or "").strip() or None)
        if suf:
            pages_end = m.end("rsuffix")
        else:
            pages_end = m.end("rpages")
        vol = Locator("volume", rv, normalise_value(rv, "volume"), None, m.start("rvol"), m.end("rvol") + 1, None)
        pg = Locator("page", pages, normalise_value(pages, "page"), suf, m.start("rpages"), pages_end, None)
        return [vol, pg]
    if m.group("cvol") is not None:
        before = text[max(0, m.start() - 1) : m.start()]
        if before in (":", "."):
            return None
        pages = m.group("cpages")
        suf = _suffix((m.group("csuffix") or "").strip() or None)
        vol = Locator("volume", m.group("cvol"), m.group("cvol"), None, m.start("cvol"), m.end("cvol"), None)
        pg = Locator("page", pages, normalise_value(pages, "page"), suf, m.start("cpages"), m.end("csuffix") if suf else m.end("cpages"), None)
        return [vol, pg]
    term = m.group("term") or m.group("dterm")
    label = _term_label(term)
    value = m.group("value")
    suffix = m.group("suffix")
    end = m.end()
    written = text[m.start() : m.start("value")].rstrip()
    if term in ("v", "V"):
        return _v_term(text, m, value, written)
    if term in ("H", "S", "s", "t") and not (value[:1].isdigit() or value[:1].isupper()):
        return None  # "s.v.", "H. i": not a page or an issue
    folded = term.lower()
    if folded == "c" and not _RECTO_VERSO.search(value):
        return None  # "c. 1450" is circa; Italian "c. 11r" (carta) is a folio
    if folded in ("c", "cc") and _YEAR_VALUE.match(value):
        return None  # "cc. 1450"
    if folded in ("para", "paras") and written[-1:] != "." and _YEAR_VALUE.match(value):
        return None  # Spanish/Portuguese "para 1920" (for 1920)
    if label == "book" and _YEAR_VALUE.match(value):
        return None  # "Account Book 1919–1921", "Minute Book 1840": a title's word before its years, no book 1919
    if m.group("cat") is not None:
        label = "issue"  # "cat. no. 212", "Kat.-Nr. 5", "cat. n. 45": a catalogue number (see CATALOGUE_TERMS)
    if label == "volume":
        if _COUNT_BEFORE.search(text, max(0, m.start() - 6), m.start()):
            return []  # "2 vols.", "3 Bde.", "4 t.": how many volumes the work has, none cited
        if value == "v" and _OF_COUNT.match(text, m.end()):
            return []  # "Bd. v. 7", "vol. v. 3": "volume of 7" (a locale's number-of-volumes), none cited
    if label in ("folio",) and term.lower() in ("f", "ff"):
        # "f. 17" / "ff. 12-15": folios before a number; after a number it is a suffix (handled by _SUFFIX)
        pass
    if label != "page" and label not in ("folio", "line", "note", "section", "paragraph", "column", "verse"):
        # a volume, chapter, issue, book…: one item or a range, no comma list ("vol. 3, 145" is vol. 3 + page 145)
        cut = _first_item_end(value)
        if cut < len(value):
            value = value[:cut]
            end = m.start("value") + cut
            suffix = None
        part = _VOLUME_PART.match(text, end) if label in ("volume", "issue") and text[end : end + 1] == "/" else None
        if part is not None:
            # "Bd. 2/1", "Bd. III/2" (a volume's part, German multi-volume handbooks), "H. 3/4" (a double issue)
            first = value.rstrip()
            return [Locator(label, first + part.group(0), normalise_value(first, label) + "/" + normalise_value(part.group(1), label),
                            None, m.start(), part.end(), written)]
    if suffix is None:
        value = value.rstrip()
        if label in _DOTTED_LABELS and value.isdigit() and text[end : end + 1] == ".":
            dotted = _DOTTED_TAIL.match(text, end)
            if dotted is not None:  # "Sec. 4.2", "§ 3.1.2", "ch. 2.3": a numbered subdivision, one value
                value += dotted.group(0)
                end = dotted.end()
                return [Locator(label, value, value, None, m.start(), end, written)]
    suf = _suffix(suffix.strip() if suffix else None)
    return [Locator(label, value, normalise_value(value, label), suf, m.start(), end, written)]


#: Labels whose numbers may be dotted decimals of a numbered subdivision ("Sec. 4.2", "§ 3.1.2",
#: "ch. 2.3", "para. 4.12"; IEEE Editorial Style Manual, "Sec." cross-references; ISO 2145
#: numbering of divisions): the whole dotted number is the locator.
_DOTTED_LABELS = frozenset({"section", "chapter", "paragraph"})
#: The dotted rest of such a number after its first part: ".2", ".1.2" (no digit or letter after).
_DOTTED_TAIL = LazyPattern(rf"(?:\.\d{{1,4}}){{1,5}}(?!\d)(?!{_LETTER})")


#: The second number of a volume or issue written "2/1", "III/2", "3/4" (after the first: "/1"); not
#: "Nr. 12/1921" (number and year) and not a path or a date ("2/1/1990").
_VOLUME_PART = LazyPattern(rf"/(\d{{1,3}}|(?-i:[IVXLC]{{1,6}}))(?![\d/])(?!{_LETTER})")
#: Terms a catalogue number is written with (LOCATOR's ``cat`` group, "cat. no. 212"; the dotted
#: "cat." / "Kat." alone before a number too): exhibition and collection catalogues (Chicago Manual
#: 17th ed. 14.235 "cat. no."; German "Kat.-Nr.").  CSL 1.0.2 has no catalogue locator: the
#: number is labelled "issue" (rendered "no."), kept as the citation's locator, not the item's issue.
CATALOGUE_TERMS = ("cat", "kat")


def is_catalogue_number(loc: Locator) -> bool:
    """Is ``loc`` a catalogue number ("cat. no. 212", "Kat.-Nr. 5", "cat. 12") rather than a
    periodical's issue?  Both are labelled "issue"; the catalogue number is a locator."""
    return loc.label == "issue" and bool(loc.term) and loc.term.lower().startswith(CATALOGUE_TERMS)  # type: ignore[union-attr]


#: A recto/verso folio value ("11r", "12v-13r"): Italian "c." is carta only before one.
_RECTO_VERSO = re.compile(r"\d(?:[rv]|[^\S\n\r\f\v\u2028\u2029]?[rv][\u00b0\u00ba\u1d52]|[^\S\n\r\f\v\u2028\u2029](?:recto|verso))(?![A-Za-z])")
#: A value that is a year (1500-2099): not a folio after "cc.", not a paragraph after "para".
_YEAR_VALUE = re.compile(r"(?:1[5-9]|20)\d\d(?!\d)")
#: A number just before a volume term: "2 vols.", "3 Bde." count the volumes (searched in a 6-character window).
_COUNT_BEFORE = re.compile(r"(?<![\d.,:])\d{1,3}[^\S\n\r\f\v\u2028\u2029]+\Z")
#: The rest of "Bd. v. 7" after "Bd. v": the full stop and the count.
_OF_COUNT = re.compile(r"\.[^\S\n\r\f\v\u2028\u2029]*\d{1,3}(?!\d)")

_FIRST_ITEM = re.compile(rf"{_ITEM}")


def _first_item_end(value: str) -> int:
    m = _FIRST_ITEM.match(value)
    return m.end() if m else len(value)


_FOLLOWED_BY_LOCATOR = LazyPattern(r"[^\S\n\r\f\v\u2028\u2029]*[,:.]?[^\S\n\r\f\v\u2028\u2029]*(?:pp?\.|pp|S\.|s\.|col\.|ch\.|chap\.|no\.|n\.|\d)", re.IGNORECASE)


#: After "V. I": a full stop and a capitalised word or another initial ("V. I. Lenin").
_INITIAL_NEXT = re.compile(rf"\.[^\S\n\r\f\v\u2028\u2029]*[A-Z\u00c0-\u00de]")


def _v_term(text: str, m: re.Match[str], value: str, written: str) -> list[Locator] | None:
    """``v.``: volume, the Roman volume v before a page, or vide (see find_locators)."""
    first = _first_item_end(value)
    item = value[:first]
    before = text[max(0, m.start() - 8) : m.start()].rstrip()  # a bounded look: linear scans
    if _ROMANISH.fullmatch(item):
        if written == "V." and len(item) == 1 and item.isupper() and _INITIAL_NEXT.match(text, m.start("value") + first):
            return None  # "V. I. Lenin", "V. L. Smith": initials, not "volume I"
        return [Locator("volume", item, normalise_value(item, "volume"), None, m.start(), m.start("value") + first, written)]
    after = text[m.start("value") + first : m.start("value") + first + 24]
    if _FOLLOWED_BY_LOCATOR.match(after) and not after.lstrip(" \t").startswith(","  ) or _FOLLOWED_BY_LOCATOR.match(after) and after.lstrip(" \t,")[:1].isalpha():
        return [Locator("volume", item, normalise_value(item, "volume"), None, m.start(), m.start("value") + first, written)]
    if before.endswith(","):
        # "Weber, v. 256": the Roman volume v and a page
        vol = Locator("volume", text[m.start() : m.start() + 1], "5", None, m.start(), m.start() + 2, None)
        pg = Locator("page", value.rstrip(), normalise_value(value, "page"), (m.group("suffix") or "").strip() or None,
                     m.start("value"), m.end(), None)
        return [vol, pg]
    if (not before and not text[: m.start()].strip()) or before.endswith(("(", ";", "[")):
        return None  # vide: "v. 256" = "see 256"
    return [Locator("volume", item, normalise_value(item, "volume"), None, m.start(), m.start("value") + first, written)]


def _bare_tail(text: str) -> Locator | None:
    """A page with no term at the end of ``text`` (see find_locators, ``bare``)."""
    base = max(0, len(text) - _BARE_REACH)
    m = _BARE_TAIL.search(text, base)
    if m is None:
        return None
    value = m.group("value").strip()
    before = m.group("before")
    head = text[: m.start("value")].rstrip()
    if not head.strip(" ,()"):
        # the whole text is the value: a short form's tail ("Ibid., 502–4")
        suf = _suffix((m.group("suffix") or "").strip() or None)
        return Locator("page", value, normalise_value(value, "page"), suf, m.start("value"), m.end("suffix") if suf else m.end("value"), None)
    after_paren = head.endswith("),") or head.endswith(")")
    items = _BARE_LIST_SPLIT.split(value)
    if len(items) > 1:
        # "June 14, 1848, 7", "Lyon 2, 2004, 476": a date or a place's number, a year, then the page
        last_year = max((i for i, x in enumerate(items) if _YEARISH.fullmatch(x.replace(" ", ""))), default=-1)
        if last_year >= 0:
            if last_year == len(items) - 1:
                return None
            first_kept = items[last_year + 1]
            start = text.rfind(first_kept, m.start("value"), m.end("value")) if len(items) - last_year == 2 else -1
            if start < 0:  # more than one page after the year: from the first of them, as written
                start = m.start("value") + len(value) - len(value.split(items[last_year], 1)[1].lstrip(_HSPACE_CHARS + ","))
            value = text[start : m.end("value")].strip()
            suf = _suffix((m.group("suffix") or "").strip() or None)
            return Locator("page", value, normalise_value(value, "page"), suf, start, m.end("suffix") if suf else start + len(value), None)
    first = items[0]
    if _YEARISH.fullmatch(first.replace(" ", "")) and not after_paren:
        return None  # "Moscow 1977", "Writings 1935-36"
    if _MONTH_BEFORE.search(head):
        return None  # "14 November 1985", "March 12"
    if before in (" ", "\t") and head[-1:].isdigit():
        return None  # "12 45": two numbers, not a page
    if before in (" ", "\t") and not head[-1:].isalpha() and head[-1:] not in ("\"", "\u201d", "\u2019", "_", "*") and not head.endswith(("esp.", "bes.", "insb.")):
        return None  # but ("Site of Memory" 92), (_Beloved_ 12): a quoted or italic title, then the page
    suf = _suffix((m.group("suffix") or "").strip() or None)
    end = m.end("suffix") if suf else m.end("value")
    return Locator("page", value, normalise_value(value, "page"), suf, m.start("value"), end, None)


_BARE_LIST_SPLIT = re.compile(r"[^\S\n\r\f\v\u2028\u2029]*,[^\S\n\r\f\v\u2028\u2029]*")


#: Labels that are item variables, not parts of a compound locator (CSL: ``volume``, ``issue``).
_NOT_COMPOUND = frozenset({"volume", "issue"})


def compound_locator(found: list[Locator]) -> tuple[str, str] | None:
    """A compound locator as CSL carries it: ``(label, locator)`` for two or more locators of
    different labels that follow one another ("book II, ch. 3" -> ``("book", "II, ch. 3")``;
    "vol. 2, pt. 1, p. 45" -> ``("part", "1, p. 45")``, the volume staying an item variable;
    "Buch II, Kap. 3, S. 45" -> ``("book", "II, Kap. 3, S. 45")``), else None.

    The label is the first (coarsest) part's, the locator the first part's value followed by
    every later part with its term as written, joined by ", " — the form CSL-JSON and
    Zotero give a locator string with a label (CSL 1.0.2 "Locators": the label applies to
    the locator, which is free text).  ``found``: :func:`find_locators`'s result."""
    parts = [l for l in found if l.label not in _NOT_COMPOUND]
    if len(parts) < 2 or len({l.label for l in parts}) < 2 or any(not l.term for l in parts[1:]):
        return None
    if any(b.start - a.end > 3 for a, b in zip(parts, parts[1:])):
        return None  # not one run: "p. 12 … see also ch. 3"
    first = parts[0]
    rest = ", ".join(f"{l.term} {l.value}{' ' + l.suffix if l.suffix else ''}" for l in parts[1:])
    return first.label, f"{first.value}, {rest}"


def only_locators(text: str) -> bool:
    """Is ``text`` nothing but locators (bare pages too) and punctuation: "p. 19", "t. II,
    p. 14", "15", "Sec. 3", "Table 2"?  What an "Idem, …" or the tail of a numeric citation
    "[8, Table 2]" holds; False for "" and for anything with a word that is not a term."""
    found = find_locators(text, bare=True)
    if not found:
        return False
    pos, left = 0, []
    for loc in found:
        left.append(text[pos : loc.start])
        pos = max(pos, loc.end)
    left.append(text[pos:])
    return not "".join(left).strip(" .,;:()")


def _suffix(s: str | None) -> str | None:
    """A suffix in its written-out form: "f" -> "f.", "ff" -> "ff.", "et seq" -> "et seq."."""
    if not s:
        return None
    s = " ".join(s.split())
    return s if s.endswith(".") or s == "passim" else s + "."


def parse_locator(text: str) -> Locator | None:
    """The first locator in ``text`` ("pp. 255-58", "S. 6f.", "ch. 4", "fol. 12v"), or None.

    A bare value ("140–45") is read as pages.  See :func:`find_locators`.
    """
    found = find_locators(text)
    if found:
        return found[0]
    s = text.strip()
    m = _BARE_TAIL.match(" " + s)
    if m:
        value = m.group("value").strip()
        suf = (m.group("suffix") or "").strip() or None
        k = text.find(value)
        return Locator("page", value, normalise_value(value, "page"), suf, k, k + len(value), None)
    return None


def iter_labels() -> Iterator[tuple[str, str]]:
    """(term, label) for every term the grammar knows, for docs and tests."""
    for term, label in sorted(_LABELS.items()):
        yield term, label
