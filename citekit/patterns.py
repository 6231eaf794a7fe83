"""Every regular expression citekit uses, named, commented and compiled once.

Rules for this module (see docs/pipeline.md):

* Each pattern is linear-time on adversarial input: no nested quantifiers that
  can backtrack (``(a+)+``), alternations whose branches cannot both match the
  same text, and bounded repetition (``{1,4}``) where a list is expected.
* Patterns describe *shapes*; decisions (is this parenthesis a citation?) are
  made in Python by the stage that uses them.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

_F = re.VERBOSE | re.UNICODE


class LazyPattern:
    """A regular expression compiled on first use, then used as the compiled ``re.Pattern``.

    ``LazyPattern(source, flags)`` stands where ``re.compile(source, flags)`` would: its
    ``search``, ``match``, ``fullmatch``, ``finditer``, ``findall``, ``sub``, ``subn``, ``split``,
    ``groupindex``… are the compiled pattern's (looked up once, then kept on the instance, so
    a call costs what the compiled pattern's costs).  ``.pattern`` is the source without
    compiling (patterns built from others read it).  For the patterns a typical run does not
    reach (reference lists, numeric styles, OSCOLA, pandoc links…): ``citekit check`` of a
    text compiled about 260 patterns at import, 80 ms of a 360 ms run (issue 16, measured
    2026-12-01).  Passing one to ``re.sub(…)`` and friends needs :meth:`compiled`.
    """

    #: The compiled pattern's methods kept on the instance after the first use.
    _KEEP = frozenset({"search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner"})

    def __init__(self, pattern: str | bytes, flags: int = 0) -> None:
        self.pattern = pattern
        self._flags = flags
        self._rx: re.Pattern[Any] | None = None

    def compiled(self) -> re.Pattern[Any]:
        """The compiled pattern (compiled now if it has not been; ``re.error`` if it is invalid)."""
        rx = self._rx
        if rx is None:
            rx = self._rx = re.compile(self.pattern, self._flags)
        return rx

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        value = getattr(self.compiled(), name)
        if name in self._KEEP:
            self.__dict__[name] = value
        return value

    def __reduce__(self):
        return (LazyPattern, (self.pattern, self._flags))

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r}, {self._flags!r})"

# --- character classes -------------------------------------------------------
#
# Compile cost (issue 16): ``re`` turns a class that holds a character above U+00FF and more
# than two runs of characters (``[A-Za-z\u00c0-\u024f]``, ``[ \t\u00a0\u202f]``) into a
# 64K-entry bitmap at every compile, about 0.1 ms each; under ``re.IGNORECASE`` even ``[a-z]``
# (its case variants include U+212A KELVIN SIGN and U+017F LONG S).  A class of Unicode
# categories (``[^\W\d_]``) costs a tenth of that.  The classes below are written that way.

#: One letter of any script (Unicode categories L*), as a regex fragment that consumes one
#: character (use ``(?<!{LETTER})`` / ``(?!{LETTER})`` for "not after / before a letter").
#: Python's ``\w`` without digits and ``_`` is every letter plus the numeric characters that
#: are not decimal digits; of those the superscript digits (note markers glued to a page:
#: "p. 45⁴") and the vulgar fractions ½ ¼ ¾ are excluded, the rarer ones (circled numbers,
#: Roman numeral signs) count as letters.  Against the Latin-only ``[A-Za-z\u00c0-\u024f]``
#: this class used before: Greek, Cyrillic, Latin Extended Additional (ḍ, ṣ in transliterated
#: Arabic and Sanskrit), modifier letters (ʿ, ʾ) and the ordinal indicators ª º are letters, so a
#: word in them no longer looks like a boundary; × and ÷ (inside U+00C0-U+024F) are not.
#: (The characters themselves, not ``\uXXXX`` escapes: the fragment is repeated many times in
#: ``locators.LOCATOR``, and ``re`` parses an escape character by character.)
LETTER = "(?![\u2070-\u2079])[^\\W\\d_\u00b2\u00b3\u00b9\u00bc-\u00be]"
#: A letter (as :data:`LETTER`) or a decimal digit, in one class: quicker to test than
#: ``LETTER`` where a search tries it at every position (``(?<!{LETTER_OR_DIGIT})`` opening a
#: pattern); here the superscript digits U+2070-U+2079 (⁰ ⁴-⁹) count as digits.
LETTER_OR_DIGIT = "[^\\W_\u00b2\u00b3\u00b9\u00bc-\u00be]"
#: Horizontal white space: space, tab, no-break space, narrow no-break space and every other
#: Unicode space separator (thin, hair, figure, en/em spaces, U+3000: text from PDF and Word
#: uses them inside "p.\u200912"), not a line break.  ``\s`` without ``\n\r\f\v`` and the line
#: and paragraph separators U+2028/U+2029 (it keeps the C0/C1 separators \x1c-\x1f, \x85,
#: control characters that do not occur in text).  Replaces ``[ \t\u00a0\u202f]``.
HSPACE = r"[^\S\n\r\f\v\u2028\u2029]"

#: Dashes used in page and year ranges: hyphen, en dash, em dash, minus, figure dash.
DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2212"
DASH = f"[{DASHES}]"
#: Closing quotation marks and brackets after which a note marker may be glued.
CLOSERS = "\"'\u2019\u201d\u00bb)\\]"
#: Unicode superscript digits, used as note markers by some typesetters.
SUPERSCRIPTS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
SUPERSCRIPT_TRANS = str.maketrans(SUPERSCRIPTS, "0123456789")
#: The "return" arrow of footnote back-links (pandoc, Word-to-HTML), with or without VS16.
BACKLINK = "\u21a9[\ufe0e\ufe0f]?"
#: Lower-case particles before a family name: "van der Linden", "de la Cruz", "d’Encausse".
NAME_PARTICLE = r"(?:(?:van|von|de|der|den|del|della|la|le|du|di|da|ten|ter)[ \t]+|d[’'])"
#: A word of a name: a capital, then letters, apostrophes and hyphens.
_NAME_WORD = r"[A-Z][A-Za-z\u00c0-\u024f’'-]{0,30}"
#: A family name, perhaps with particles: "Cliff", "van der Linden", "Carrère d’Encausse".
SURNAME = rf"{NAME_PARTICLE}{{0,3}}{_NAME_WORD}(?:[ \t]+{NAME_PARTICLE}{{1,3}}{_NAME_WORD})?"

MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)

# --- document structure ------------------------------------------------------

#: What may stand before a heading word: Markdown hashes or bold, a section
#: number (``1.3``, ``4.``), a Roman or letter numeral (``IV.``, ``A.``), a form feed.
_HEADING_HEAD = r"""^[ \t\f]*(?:\#{1,6}[ \t]*)?(?:\*\*|__)?[ \t]*
    (?:(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?|[IVXLCivxlc]{1,7}\.|[A-Z]\.)[ \t]+)?"""
#: What may follow it: closing bold, a colon or full stop, spaces.
_HEADING_TAIL = r"""[ \t]*(?:\*\*|__)?[ \t]*[:.]?[ \t]*$"""

#: A heading that opens a note section ("Notes", "ENDNOTES:", "## Footnotes",
#: "Notes to Chapter 3", German "Anmerkungen", Spanish/Portuguese "Notas", Italian
#: "Note", Dutch "Noten", Polish "Przypisy", Czech "Poznámky", Scandinavian "Noter",
#: Russian "Примечания"/"Сноски"; French "Notes de fin", Spanish "Notas al pie").
#: "Note" alone is safe: a heading line is a whole line, and it counts as a notes
#: section only when numbered note lines stand under it (structure.py).
NOTES_HEADING = re.compile(
    _HEADING_HEAD
    + r"""(?:notes|endnotes|end[ \t]notes|footnotes|anmerkungen|fu(?:\u00df|ss)noten|endnoten|notas
           |notes[ \t]+and[ \t]+(?:references|sources)|references[ \t]+and[ \t]+notes
           |notes[ \t]+(?:to|for)[ \t]+[^\n:]{1,40}?
           |note|noten|noter|notas[ \t]+(?:al[ \t]+pie|finales|de[ \t]+rodap\u00e9)|notes[ \t]+de[ \t]+(?:fin|bas[ \t]+de[ \t]+page)
           |przypisy|pozn\u00e1mky|jegyzetek|\u043f\u0440\u0438\u043c\u0435\u0447\u0430\u043d\u0438\u044f|\u0441\u043d\u043e\u0441\u043a\u0438)"""
    + _HEADING_TAIL,
    _F | re.IGNORECASE | re.MULTILINE,
)

#: A heading that opens a reference list, in the languages of the humanities
#: ("References", "1.3 References", "IV. Bibliography", "## Works Cited",
#: "Quellen- und Literaturverzeichnis", "Références", "Bibliografía", "Fuentes",
#: Portuguese "Referências", Dutch "Literatuurlijst", Polish "Literatura", Russian
#: "Литература", "Список литературы", "Источники и литература").
REFLIST_HEADING = re.compile(
    _HEADING_HEAD
    + r"""(?:references|reference[ \t]+list|list[ \t]+of[ \t]+references|references[ \t]+cited
           |bibliography|select(?:ed)?[ \t]+bibliography|annotated[ \t]+bibliography
           |works[ \t]+cited|works[ \t]+consulted|cited[ \t]+works|literature(?:[ \t]+cited)?
           |literatur|literaturverzeichnis|quellenverzeichnis|quellen-?[ \t]+und[ \t]+literatur(?:verzeichnis)?
           |bibliographie|r\u00e9f\u00e9rences(?:[ \t]+bibliographiques)?|references[ \t]+bibliographiques
           |bibliografia|bibliograf\u00eda|riferimenti[ \t]+bibliografici|referencias(?:[ \t]+bibliogr\u00e1ficas)?
           |fuentes(?:[ \t]+y[ \t]+bibliograf[i\u00ed]a)?|fonti(?:[ \t]+e[ \t]+bibliografia)?
           |refer\u00eancias(?:[ \t]+bibliogr\u00e1ficas)?|literatuur(?:lijst)?|literatura|bibliografie
           |\u043b\u0438\u0442\u0435\u0440\u0430\u0442\u0443\u0440\u0430|\u0441\u043f\u0438\u0441\u043e\u043a[ \t]+\u043b\u0438\u0442\u0435\u0440\u0430\u0442\u0443\u0440\u044b
           |\u0431\u0438\u0431\u043b\u0438\u043e\u0433\u0440\u0430\u0444\u0438\u044f|\u0438\u0441\u0442\u043e\u0447\u043d\u0438\u043a\u0438(?:[ \t]+\u0438[ \t]+\u043b\u0438\u0442\u0435\u0440\u0430\u0442\u0443\u0440\u0430)?
           |further[ \t]+reading|suggested[ \t]+reading|recommended[ \t]+reading
           |(?:primary|secondary|archival|printed|published|unpublished)[ \t]+sources
           |sources(?:[ \t]+cited|[ \t]+and[ \t]+(?:literature|bibliography|further[ \t]+reading))?)"""
    + _HEADING_TAIL,
    _F | re.IGNORECASE | re.MULTILINE,
)

#: The start of a numbered note body at the start of a line: ``[12] text``,
#: ``12. text``, ``12) text``, ``12 text``, ``(12) text``, ``^12 text``, ``¹² text``.
NOTE_LINE = re.compile(
    rf"""^(?P<indent>[ \t]{{0,8}})
        (?:\[(?P<bracket>\d+)\]                   # [12]  (note numbers have no upper limit: issue 13)
          |\^(?P<caret>\d+)                       # ^12
          |(?P<sup>[{SUPERSCRIPTS}]+)              # superscript digits
          |(?P<num>\d+)(?P<punct>[.)]?)           # 12. / 12) / 12
          |\((?P<paren>\d{{1,4}})\)                # (12), French and Italian notes
        )
        [ \t]+(?P<body>\S)""",
    _F,
)

#: A back-link arrow ending a note body (``↩︎``), with surrounding spaces.
BACKLINK_TAIL = re.compile(rf"[ \t]*(?:{BACKLINK}[ \t]*)+$")

#: A bracketed in-text note marker: ``[2]``.
BRACKET_MARKER = re.compile(r"\[(\d+)\]")
#: A parenthesised in-text note marker: ``(2)``, as French and Italian typesetting
#: and some Word documents write them; structure.paren_candidates tells them from
#: enumerations ("(1) first … (2) second") and citations of a clause ("5(3)").
PAREN_MARKER = re.compile(r"\((?P<num>\d{1,3})\)")
#: A caret marker: ``^2`` (not ``^[`` which is a Markdown inline note).
CARET_MARKER = re.compile(r"\^(\d+)")
#: A run of Unicode superscript digits.
SUPERSCRIPT_MARKER = re.compile(f"[{SUPERSCRIPTS}]+")

def has_superscripts(text: str) -> bool:
    """Does ``text`` hold a superscript digit?

    In UTF-8, ¹²³ are C2 B9/B2/B3 and ⁰, ⁴-⁹ are E2 81 B0/B4-B9.  The bytes
    C2 and 81 are rare in prose, so ``bytes.find`` (memchr) jumps between their
    few occurrences: one encoding and two such scans are about three times
    faster than ten ``str`` scans, which are slow for U+207x (its low byte is a
    common letter) in a text whose curly quotes make it two bytes a character.
    """
    if text.isascii():
        return False
    u = text.encode("utf-8", "surrogatepass")
    i = u.find(b"\xc2")
    while i >= 0:
        if u[i + 1 : i + 2] in (b"\xb2", b"\xb3", b"\xb9"):
            return True
        i = u.find(b"\xc2", i + 1)
    i = u.find(b"\x81")
    while i >= 0:
        if i > 0 and u[i - 1] == 0xE2 and u[i + 1 : i + 2] in (b"\xb0", b"\xb4", b"\xb5", b"\xb6", b"\xb7", b"\xb8", b"\xb9"):
            return True
        i = u.find(b"\x81", i + 1)
    return False

#: Digits glued to the preceding character (``1991.1``, ``position”.3``,
#: ``Congress41``).  Whether they are a note marker is decided in structure.py.
GLUED_DIGITS = re.compile(
    rf"""(?<=[^\s\d])          # glued: no space before (and not inside a number)
        (?P<num>\d+)            # any length (note 1000 and on: issue 13); the sequence decides
        (?![\d{DASHES}/])        # not the start of a longer number, range or date
        (?!\.\d)                # not a decimal or a dotted date (19.12.1996)
        (?!,\d)                 # not a thousands group
        (?![A-Za-z])            # not a word like 3rd or 2nd
    """,
    _F,
)

#: Every byte to b" " except the ASCII digits, which become b"0" (see digit_runs).
_DIGITS_TO_ZERO = bytes(0x30 if 0x30 <= i <= 0x39 else 0x20 for i in range(256))


def digit_runs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every run of ASCII digits in ``text``, in order.

    A pre-scan for GLUED_DIGITS, which is then tried only at the start of short
    runs.  ``encode("ascii", "replace")`` keeps one byte per character, so
    offsets are unchanged; after ``translate`` the runs are found with
    ``bytes.find`` — about five times faster than scanning with ``[0-9]+``.
    """
    flat = text.encode("ascii", "replace").translate(_DIGITS_TO_ZERO)
    n = len(flat)
    i = flat.find(b"0")
    while i >= 0:
        j = flat.find(b" ", i)
        if j < 0:
            j = n
        yield i, j
        i = flat.find(b"0", j)

# --- inside citations --------------------------------------------------------

#: A relation word that opens a citation: "Quoted in", "See also", "Cf.".
RELATION_PREFIX = re.compile(
    r"""^[ \t]*(?P<rel>
          (?:quoted|cited)[ \t]+(?:in|by)
         |as[ \t]+quoted[ \t]+in
         |see[ \t]+also
         |see
         |also(?:[ \t]+(?:in|see))?             # a further work: "… 45. Also Smith, …", "also see"
         |and[ \t]+in
         |(?-i:and)(?:[ \t]+(?:see[ \t]+also|see|also|cf\.))?  # a further work after ";": "…, 240; and Ball, …" (lower case)
         |cfr?\.?                              # cf. / Italian cfr.
         |compare
         |vgl\.(?:[ \t]+(?:auch|dazu|ferner))?  # German "vergleiche (auch)"
         |siehe(?:[ \t]+(?:auch|dazu))?
         |voir(?:[ \t]+aussi)?                  # French
         |v[ée]ase(?:[ \t]+(?:tambi[ée]n|adem[áa]s))?  # Spanish "see (also)"
         |vedi(?:[ \t]+anche)?                  # Italian "see (also)"
         |si[ \t]+ved(?:a|ano)(?:[ \t]+anche)?    # Italian "si veda (anche)", "si vedano"
         |zit\.[ \t]+(?:nach|in|bei)          # German "quoted after"
         |cit[ée]e?[ \t]+(?:dans|par|in|da)    # French / Italian "quoted in"
        )[ \t]*[:,]?[ \t]+""",
    _F | re.IGNORECASE,
)

#: A relation word in the middle of a citation: "… p. 5. Quoted by T. Cliff, …".
INNER_RELATION = re.compile(
    r"""(?P<sep>[.;,][ \t]+|[ \t]+[-\u2013\u2014][ \t]+)
        (?P<rel>(?:quoted|cited)[ \t]+(?:in|by|from)|(?:reprinted|reproduced)[ \t]+in|also[ \t]+in|citing
               |zit\.[ \t]+(?:nach|in|bei)|cit[ée]e?[ \t]+(?:dans|par|in|da))[ \t]+""",
    _F | re.IGNORECASE,
)

#: Declarations of an abbreviation: "henceforth referred to as LCW", "hereafter MECW".
DECLARATION = re.compile(
    r"""(?P<lead>[.,;(]?[ \t]*)
        (?:henceforth|hereafter|hereinafter)[ \t]*,?[ \t]+
        (?:(?:referred|cited)[ \t]+(?:to[ \t]+)?as[ \t]+|called[ \t]+|abbreviated[ \t]+(?:as[ \t]+)?)?
        [‘'“"]?(?P<abbr>[A-Z][A-Za-z]{0,9}(?:[ \t][A-Z][A-Za-z]{0,9})?)[’'”"]?
        [ \t]*\)?[ \t]*\.?[ \t]*$""",
    _F | re.IGNORECASE,
)

#: The same declarations anywhere in a text (a pre-pass collects the abbreviations it defines).
DECLARED_ANYWHERE = re.compile(
    r"""(?:henceforth|hereafter|hereinafter)[ \t]*,?[ \t]+
        (?:(?:referred|cited)[ \t]+(?:to[ \t]+)?as[ \t]+)?
        [‘'“"]?(?P<abbr>[A-Z][A-Za-z]{1,9})""",
    _F | re.IGNORECASE,
)

#: Literal pieces one of which every declaration contains, with how far before each
#: the declaration word starts: "after" ends both "hereafter" (4 back) and
#: "hereinafter" (6 back).  A fast ``in`` / ``str.find`` test tells where
#: DECLARATION and DECLARED_ANYWHERE (slow: case-insensitive alternations) need run.
_DECLARATION_ANCHORS = (("enceforth", (1,)), ("ENCEFORTH", (1,)), ("after", (4, 6)), ("AFTER", (4, 6)))
DECLARATION_HINTS = tuple(anchor for anchor, _ in _DECLARATION_ANCHORS)


def declared_abbreviations(text: str) -> frozenset[str]:
    """Abbreviations a text declares anywhere ("henceforth LCW")."""
    found = set()
    for anchor, backs in _DECLARATION_ANCHORS:
        i = text.find(anchor)
        while i >= 0:
            for back in backs:
                if i >= back:
                    m = DECLARED_ANYWHERE.match(text, i - back)
                    if m:
                        found.add(m.group("abbr"))
            i = text.find(anchor, i + 1)
    return frozenset(found)


def _mark_fold_table() -> dict[int, int]:
    """Latin letters with diacritics (U+00C0–U+024F) -> their base letter, one character for one."""
    import unicodedata

    table: dict[int, int] = {}
    for cp in range(0xC0, 0x250):
        base = unicodedata.normalize("NFD", chr(cp))[0]
        if base != chr(cp) and base.isascii() and base.isalpha():
            table[cp] = ord(base)
    return table


_MARK_FOLD = _mark_fold_table()


def fold_marks(s: str) -> str:
    """``s`` with the diacritics of Latin letters removed, *one character for one*, so match
    offsets in the folded string are offsets in ``s``: "Ibíd., p. 44" -> "Ibid., p. 44",
    "Íd." -> "Id.".  The short-form patterns below (IBID, AUTHOR_IBID, IDEM, SHORT_KEYWORD,
    SUPRA) are written without accents and matched against this fold, so Spanish "Ibíd.",
    "Íd.", Portuguese "Ibídem" and accented op. cit. variants are read like their Latin
    spelling (RAE, Ortografía 2010, abbreviations keep the accent of the full word)."""
    return s if s.isascii() else s.translate(_MARK_FOLD)


#: ibid. and its equivalents at the start of a citation (docs/locators.md, "Short forms"):
#: Latin ibid. / ibidem / ib. / ibd.; German ebd. / ebenda (Duden); Italian ivi (Chicago
#: 17th ed. 14.34 for ibid.; Italian "ivi" = same work, another place, "ibidem" = same place).
#: A German "Vgl." or "s." before it is a relation (``rel``).
IBID = re.compile(
    r"""^(?:(?P<rel>vgl|siehe|s|voir|cf|cfr|vedi|v)\.?[ \t]+(?=(?:ibid|ib\b|ibd|ebd|ebenda|ivi)))?
        (?P<kw>ibidem|ibid|ibd|ib|ebenda|ebd|ivi)\b\.?[ \t]*,?[ \t]*""",
    re.IGNORECASE | re.VERBOSE,
)
#: "Lenin, ibid., p. 5" / "Trotsky: ibid." — ibid. after its author's name restated.
AUTHOR_IBID = re.compile(
    r"""^(?P<who>[A-Z\u00c0-\u00de][^,:;()\d]{1,60}?)[ \t]*[,:][ \t]*(?P<kw>ibidem|ibid|ibd|ebenda|ebd|ivi)\b\.?[ \t]*,?[ \t]*""",
    re.VERBOSE,
)
#: idem and its equivalents (same author as before, perhaps another work): idem / id. /
#: eadem / iidem / eaedem (Latin), Ders. / Dies. / Derselbe / Dieselbe (German; Duden).
IDEM = re.compile(
    r"""^(?P<kw>idem|id|eadem|iidem|eaedem|derselbe|dieselbe|dieselben|ders(?=\.)|dies(?=\.))\b\.?[ \t]*,?[ \t]*""",
    re.IGNORECASE | re.VERBOSE,
)
#: op. cit. and its equivalents after an author (or alone): op. cit. / opere citato / opus
#: citatum; loc. cit. / loco citato (same place); art. cit. (an article); doc. cit. (a document,
#: French "document cité", for archival pieces); ms. cit. (a manuscript,
#: Italian "manoscritto citato"); ouvr. cit.
#: (French); ob. cit. / obra citada (Spanish, Portuguese); a.a.O. (German "am angegebenen
#: Ort"); cit. (Italian, after a short title).  Matched against ``fold_marks`` text.
SHORT_KEYWORD = re.compile(
    r"""(?P<lead>,?[ \t]*)
        (?P<kw>op\.?[ \t]?cit|loc\.?[ \t]?cit|opere[ \t]+citato|opus[ \t]+citatum|loco[ \t]+citato
          |art\.?[ \t]?cit|doc\.?[^\S\n\r\f\v\u2028\u2029]?cit|ms\.?[ \t]?cit|ouvr\.?[ \t]?cit|ob\.?[ \t]?cit|obra[ \t]+citada|a\.[ \t]?a\.[ \t]?O(?![A-Za-z])|aaO(?![A-Za-z])|(?<![A-Za-z])cit(?=\.))
        \.?[ \t]*,?[ \t]*""",
    _F | re.IGNORECASE,
)
#: "supra n. 12", "supra note 12", "above, n. 12", "oben Anm. 12", "sopra nota 12",
#: "ci-dessus n. 12": the work first cited in note N; OSCOLA 4th ed. 1.3 "Droysen (n 15) 483",
#: AGLC 4th ed. 1.4.1 "Smith, above n 4, 12".  In parentheses after the author (group ``paren``):
#: German "Wieacker (Anm. 1)", "Coing (wie Fn. 3)", "Eisenhardt, a.a.O. (Anm. 8)" (Duden; the
#: usual German law and history notes), English "Smith (n. 4)" / "(note 4)", French "Dupont
#: (note 3)", "Dupont, op. cit. (n. 3)", Italian "Rossi (nota 2)", "Rossi, cit. (nota 2)" (Chicago
#: Manual 17th ed. 14.29: a cross-reference to the note with the full citation).
SUPRA = LazyPattern(
    r"""(?P<lead>,?[ \t]*)(?:(?:supra|above|oben|sopra|ci-dessus|cit\.[ \t]+supra)[ \t]*,?[ \t]*
        (?:n\.|note|nn\.|Anm\.|nota|Fn\.|fn\.|(?-i:n)(?=[ \t]\d))[ \t]*
       |(?P<paren>(?:(?:a\.[ \t]?a\.[ \t]?O|op\.[ \t]?cit|loc\.[ \t]?cit|art\.[ \t]?cit|ouvr\.[ \t]?cit|cit)\.[ \t]*)?  # "a.a.O. (Anm. 8)"
        \((?:(?:wie|see|cf\.|vgl\.|voir|cfr\.|vedi|cit\.)[ \t]+)?
        (?:(?-i:n)[ \t]|n\.[ \t]*|nn\.[ \t]*|notes?[ \t]+|nota[ \t]+|Anm\.[ \t]*|Fn\.[ \t]*|(?-i:FN)[ \t]*))(?=\d{1,4}\)))
    (?P<note>\d{1,4})\)?[ \t]*,?[ \t]*""",
    _F | re.IGNORECASE,
)
#: Literal pieces one of which every parenthesised SUPRA has (a cheap test before the search).
SUPRA_PAREN_HINTS = ("(n ", "(n.", "(nn.", "(note", "(Note", "(nota", "(Anm", "(Fn", "(FN", "(wie", "(see n", "(cf. n",
                     "(vgl. Anm", "(vgl. Fn", "(voir n", "(cfr. n", "(vedi n", "(cit. n")

#: A roman numeral (used for volumes and front-matter pages).
ROMAN = r"(?:[IVXLCivxlc]{1,8})"

#: A page token: digits, a roman numeral, or digits with a letter (12a).
_PAGE = rf"(?:\d{{1,5}}[a-z]?|{ROMAN}(?![A-Za-z]))"
#: A page range or list item: ``121-2``, ``98–9``, ``XV``.
_PAGE_ITEM = rf"{_PAGE}(?:[ \t]*{DASH}[ \t]*\d{{1,5}})?(?:[ \t]*ff?\.?)?"

#: Pages: ``p. 14``, ``pp. 121-2``, ``p345``, ``pp73,74``, ``pp. 126 and 131``, ``pages 3-9``,
#: German/Russian ``S. 45`` / ``s. 45`` (not after a full stop: "U.S. 1945").  The full
#: grammar (every label and language) is citekit/locators.py; this pattern is the cheap
#: "has a page" test detection uses.
PAGES = re.compile(
    rf"""(?<![A-Za-z])
        (?P<label>pp?\.?|pages?|pgs?\.?|(?<![.])(?-i:[Ss])\.|Seiten?)[ \t]?
        (?P<pages>{_PAGE_ITEM}
          (?:[ \t]*(?:,|&|and)[ \t]*{_PAGE_ITEM}){{0,12}})
        (?![\d{DASHES}])""",
    _F | re.IGNORECASE,
)

#: A locator to a note: ``note 16 on page 351``, ``n. 3``.
NOTE_LOCATOR = re.compile(
    r"""(?<![A-Za-z])(?:note|n\.)[ \t]*(?P<note>\d{1,4})
        (?:[ \t]+(?:on|at)[ \t]+(?:page|p\.)[ \t]*(?P<page>\d{1,5}))?""",
    _F | re.IGNORECASE,
)

#: A volume: ``Vol. 3``, ``Vol 30``, ``vol. III``, ``Volume 2``, ``vols 1-3``, German
#: ``Bd. II`` / ``Bde. 1-3``, French/Italian ``t. IV`` / ``tome 2`` / ``tomo 2`` (the cheap test;
#: the full grammar, with "v." = vide, is citekit/locators.py).
VOLUME = re.compile(
    rf"""(?<![A-Za-z])
        (?:vol(?:ume)?s?\.?|v\.|Bde?\.|t\.|tome|tomo)[ \t]*
        (?P<vol>\d{{1,3}}(?:[ \t]*{DASH}[ \t]*\d{{1,3}})?|[IVXLC]{{1,7}}(?![a-z]))
        (?:[ \t]*[,(][ \t]*(?:part|pt\.?|book|bk\.?)[ \t]*(?P<part>\d{{1,2}}|[IVX]{{1,4}})\)?)?""",
    _F | re.IGNORECASE,
)

#: A year, a year with a suffix (1965a) or "n.d.".
YEAR = re.compile(r"(?<![\d/])(?P<year>1[5-9]\d\d|20\d\d)(?P<suffix>[a-z])?(?![\d/])")
NO_DATE = LazyPattern(r"(?<![A-Za-z])(?:n\.?[ \t]?d\.?)(?![A-Za-z])", re.IGNORECASE)

#: A year range used as a volume name or part of a title: ``1935-36``, ``1917-1923``.
YEAR_RANGE = re.compile(rf"(?<!\d)(?P<range>1[5-9]\d\d[ \t]*{DASH}[ \t]*(?:\d\d){{1,2}})(?!\d)")

#: Place then year of publication, in notes that omit the publisher:
#: ``Moscow 1977``, ``New York 1971``, ``London nd``, ``London, 1995``, ``Harmonds-worth 1971``.
#: The place is one to three capitalised words; the caller checks it against the
#: gazetteer or its position.
PLACE_YEAR = re.compile(
    rf"""(?P<place>[A-Z][A-Za-z\u00c0-\u024f'’]{{1,20}}(?:-[A-Za-z]{{1,15}})?
           (?:[ \t](?:[A-Z][A-Za-z\u00c0-\u024f'’]{{1,20}}|am|on|upon)){{0,2}})
        (?P<sep>[ \t]*,[ \t]*|[ \t]+)
        (?:(?P<year>1[5-9]\d\d|20\d\d)|(?P<nd>n\.?[ \t]?d\.?))
        (?![\d{DASHES}])""",
    _F,
)

#: Place: Publisher, in reference lists: ``London: Pluto Press``.
PLACE_PUBLISHER = re.compile(
    r"""(?P<place>[A-Z][A-Za-z\u00c0-\u024f'’ .-]{1,40}?)[ \t]*:[ \t]*
        (?P<publisher>[A-Z][^,.;:()]{1,80})""",
    _F,
)

#: Edition statements: ``1976 edition``, ``2nd edn``, ``3rd ed.``, ``second edition``.
EDITION = re.compile(
    r"""(?<![A-Za-z])(?P<edition>
          (?:\d{4}|\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|revised|new|enlarged)
          [ \t]+(?:edition|edn\.?|ed\.)
        )(?![A-Za-z])""",
    _F | re.IGNORECASE,
)

#: Editor marks after a name: ``(ed)``, ``(eds.)``, ``(editor)``, ``ed.``.
EDITOR_MARK = re.compile(
    r"""[ \t]*(?:\((?:eds?|editors?|ed\.|eds\.|comp|compiler|trans|translator)\.?\)
            |,[ \t]*(?:eds?|editors?)\.?(?=[ \t,]|$))""",
    _F | re.IGNORECASE,
)

#: Remarks at the end of a citation: emphasis, footnote references.
REMARK = re.compile(
    r"""[ \t]*[,.;]?[ \t]*(?P<remark>
          (?:my|our)[ \t]+emphasis(?:[ \t]+added)?
         |emphasis[ \t]+(?:in[ \t]+(?:the[ \t]+)?original|added|mine|ours)
         |italics[ \t]+(?:in[ \t]+(?:the[ \t]+)?original|added|mine)
         |(?:foot|end)?note[ \t]+no\.?[ \t]*\d{1,4}
         |translation[ \t]+(?:amended|modified|altered)
         |(?:in[ \t]+)?russian
        )[ \t]*\.?[ \t]*$""",
    _F | re.IGNORECASE,
)

#: The longest remark with its separators ("emphasis in the original", "translation
#: amended"): REMARK is searched for only in this many last characters.
REMARK_TAIL = 60

#: The last words a REMARK can end with (before a full stop).
_REMARK_ENDINGS = ("emphasis", "added", "original", "mine", "ours", "amended", "modified", "altered", "russian")


def may_end_with_remark(s: str) -> bool:
    """Can ``s`` end with a REMARK?  A cheap test before the pattern.

    Every remark ends with one of a few words, or with a number after "note"
    ("footnote no. 3"); most citations end with a page number and no "note".
    """
    end = s.rstrip(" \t.").lower()
    if end.endswith(_REMARK_ENDINGS):
        return True
    return end[-1:].isdigit() and "note" in end[-REMARK_TAIL:]

#: A four-digit year or "n.d." somewhere: PLACE_YEAR is tried only where this is found.
YEAR_HINT = re.compile(r"[12]\d\d\d|[ \t,]n\.?[ \t]?d")

#: Any decimal digit.
ANY_DIGIT = re.compile(r"\d")

#: What every NUMERIC_DATE or WORD_DATE contains (digits around "/" or ".", a month's
#: first three letters): a cheap test before those patterns.
DATE_HINT = re.compile(r"\d[/.]\d|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")

#: A periodical issue date: 14/11/85, 26/8/1940, 24.5.89.
NUMERIC_DATE = re.compile(r"(?<![\d/.])(?P<d>\d{1,2})[/.](?P<m>\d{1,2})[/.](?P<y>\d{2}|\d{4})(?![\d/])")
#: A written date: "14 November 1985", "November 14, 1985", "October 1976", "March/April 1936".
WORD_DATE = re.compile(
    rf"""(?<![A-Za-z])
        (?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?[ \t]+)?
        (?P<month>(?:{MONTHS})\.?(?:[ \t]*/[ \t]*(?:{MONTHS})\.?)?)
        (?:[ \t]+(?P<day2>\d{{1,2}}),?)?
        [ \t]+(?P<year>1[5-9]\d\d|20\d\d)(?!\d)""",
    _F,
)

#: A day, month and year written in French, German, Spanish, Italian or Portuguese: a
#: periodical issue's date ("2 juin 1793", "1er mai 1890", "3. März 1921", "12 de marzo de
#: 1921", "5 maggio 1945").  Separate from WORD_DATE (English months) so that "Mars", "Mai"
#: or "Juli" without a day and a year are never dates.
FOREIGN_WORD_DATE = re.compile(
    r"""(?<![\w])(?P<day>\d{1,2})(?:er|\.|º|°)?[ \t]+(?:de[ \t]+)?
        (?P<month>janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre|d[ée]cembre
          |januar|j[äa]nner|februar|m[äa]rz|april|juni|juli|august|september|oktober|november|dezember
          |enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre
          |gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre
          |janeiro|fevereiro|mar[çc]o|maio|junho|julho|setembro|outubro|novembro|dezembro)
        [ \t]+(?:de[ \t]+)?(?P<year>1[5-9]\d\d|20\d\d)(?!\d)""",
    _F | re.IGNORECASE,
)

#: A number designation of a periodical issue: "No. 23", "no 4".
ISSUE_NUMBER = re.compile(r"(?<![A-Za-z])(?:no|nos|number|issue)\.?[ \t]*(?P<no>\d{1,5})(?!\d)", re.IGNORECASE)

#: Quoted text (a chapter or article title): ‘…’, “…”, "…".
QUOTED = re.compile(r"""(?P<open>[‘“"])(?P<inner>[^‘’“”"\n]{2,300})(?P<close>[’”"])""")

#: Initials at the start of a name: ``VI``, ``E.H.``, ``J. V.``, ``J-P``, ``N.``.
INITIALS = re.compile(
    r"""(?:[A-Z]\.?[ \t]?-?[ \t]?){1,3}   # E.H. / E. H. / J-P / VI
    """,
    _F,
)

#: A pandoc citation key in Markdown: ``@lenin-cw``.
PANDOC_KEY = re.compile(r"-?@(?P<key>[A-Za-z0-9_][A-Za-z0-9_:.#$%&+?<>~/-]{0,100})")

#: Author-date citations in running text: ``Cliff 1974``, ``Cliff, 1974, p121``,
#: ``Lenin 1965a: 23``, ``Buick and Crump 1986``; a reprint's two years ``Halbwachs, 1950/1992``
#: (APA 7th ed. 8.15: original year / year of the edition cited, which ``year`` is).  Not a
#: short note whose short title ends in a year, then a page: "Avrich, Kronstadt 1921, 88–90",
#: "Figes, Revolution 1917, 12" (Chicago Manual 17th ed. 14.30: author, short title, page).
AUTHOR_DATE = re.compile(
    rf"""^(?![^\d();,]{{1,60}},[ \t]*(?!(?:and|&|et|und|y)[ \t])[A-Z\u00c0-\u00de][^\d();,&]{{2,80}}?[ \t]+(?:1[5-9]\d\d|20\d\d)[ \t]*,[ \t]*\d)
        (?P<names>{NAME_PARTICLE}{{0,3}}[A-Z][^\d();]{{0,80}}?)[ \t]*,?[ \t]*
        \(?(?:(?P<original>1[5-9]\d\d|20\d\d)/)?(?P<year>1[5-9]\d\d|20\d\d|n\.d\.)(?P<suffix>[a-z])?\)?
        (?P<rest>(?:[ \t]*[,:][ \t]*.{{0,120}})?)[ \t]*\.?$""",
    _F,
)

#: The names of an author-date key: up to four family names joined by "," / "and" / "&" /
#: ", and" (the serial comma of APA 7th ed. 8.17: "Pennebaker, Páez, and Rimé (1997)"),
#: perhaps "et al.".  Every repetition is bounded or must consume a separator.
#: The space between a key's words: spaces, perhaps one line break ("Doosje et⏎al.", "Hirst
#: &⏎Manier": a hard-wrapped line), never a blank line.  The two branches start apart: linear.
_KEY_SPACE = r"(?:[ \t]+(?:\n[ \t]*)?|\n[ \t]*)"
_KEY_NAMES = rf"""{SURNAME}(?:(?:[ \t]*,{_KEY_SPACE}?(?:(?:and|&){_KEY_SPACE})?|{_KEY_SPACE}(?:and|&){_KEY_SPACE}){SURNAME}){{0,3}}(?:{_KEY_SPACE}et{_KEY_SPACE}al\.?)?"""
#: A key's first locator after "," or ":": "p. 5", "pp. 3-20", "ch. 2", ": 98", German "S. 12f.".
_KEY_LOCATOR = rf"""[ \t]*[,:][ \t]*(?:(?:pp?\.?|pages?|ch\.?|chapter|S\.|s\.)[ \t]*)?\d{{1,5}}[a-eg-z]?(?:[ \t]*{DASH}[ \t]*\d{{1,5}})?(?:[ \t]*ff?\.)?"""
#: Not inside a word of Latin letters (where a name may start).
_WORD_START = r"(?<![A-Za-z\u00c0-\u024f’'-])"

#: An author-date key inside a discursive note: "see van der Linden 2007 and Fernbach,
#: 1974, pp. 3-20" holds two.  Kept only when a reference-list entry has that author
#: and year (see detect.inline_keys).
INLINE_KEY = LazyPattern(
    rf"""{_WORD_START}(?P<names>{_KEY_NAMES})
        [ \t]*,?[ \t]*\(?(?P<year>1[5-9]\d\d|20\d\d)(?P<suffix>[a-z])?\)?(?![\d{DASHES}])
        (?P<loc>{_KEY_LOCATOR}(?:[ \t]*,[ \t]*\d{{1,5}}(?:[ \t]*{DASH}[ \t]*\d{{1,5}})?){{0,8}})?""",
    _F,
)

#: A parenthesis that holds only a year and perhaps a locator: the date half of a
#: narrative key, "Cliff (1974: 23) argued", "Freud (1900/1953)" (the edition's year, APA 8.15).
YEAR_PAREN = re.compile(rf"""\(?(?:(?:1[5-9]\d\d|20\d\d)/)?(?P<year>1[5-9]\d\d|20\d\d)(?P<suffix>[a-z])?\)?(?:{_KEY_LOCATOR})?""", _F)

#: The names just before such a parenthesis ("… as Buick and Crump ", "Cliff’s ").
NARRATIVE_NAMES = re.compile(rf"""{_WORD_START}(?P<names>{_KEY_NAMES})(?:[’']s)?[ \t]*$""", _F)

#: A whole family name with particles ("van der Linden"), for inverted names.
SURNAME_RX = re.compile(SURNAME)

#: Where an INLINE_KEY can start: a name particle or a capital opening a word.
KEY_START = LazyPattern(rf"{_WORD_START}(?:{NAME_PARTICLE}|[A-Z])")

#: A year of the kind INLINE_KEY ends with: where inline keys are looked for.
KEY_YEAR = re.compile(r"(?:1[5-9]|20)\d\d")
#: How far before its year an inline key can start (four names with particles, separators,
#: "et al.") and after it end (suffix and locator list): the window searched around a year.
KEY_REACH_BEFORE = 600
KEY_REACH_AFTER = 300

#: A reference-list line that opens with a lower-case particle ("van der Linden, M.
#: 2007 …"): a new entry, not the previous one going on.
PARTICLE_ENTRY_START = re.compile(rf"{NAME_PARTICLE}{{1,3}}[A-Z]")

#: Sentence-final full stop that is not an abbreviation's: used to split a
#: citation into its sentences ("… p. 5. Quoted by …").
SENTENCE_BREAK = re.compile(r"(?<=[^A-Z.\s][^.\s])\.[ \t]+(?=[A-Z0-9])")

#: Whitespace runs (for normalising keys and comparisons).
SPACES = re.compile(r"\s+")
#: Anything that is not a letter or digit, for folding titles.
NON_WORD = re.compile(r"[^0-9a-z]+")


# --- small named patterns used by the stages ---------------------------------

#: A page word anywhere ("page", "p.").
PAGE_WORD = re.compile(r"page|p\.")

#: The capitals among the Latin letters U+00C0-U+024F (À, Ł, Ž, …).
_LATIN_UPPER = "".join(ch for ch in map(chr, range(0xC0, 0x250)) if ch.isupper())
#: A capital opening a word of Latin letters, apostrophes and hyphens (``Nove``, ``Émile``).
CAPITALISED_WORD = re.compile(rf"(?<![A-Za-z\u00c0-\u024f’'-])[A-Z{_LATIN_UPPER}]")

#: A letter or digit (``str.isalnum``: a word character other than "_").
ALNUM = re.compile(r"[^\W_]")

#: A cross-reference inside the book, not a citation: "(see above, p. 4)", "(Table 2)".
CROSS_REFERENCE = re.compile(r"(?:see[ \t]+)?(?:above|below|chapter|table|figure|fig\.|appendix)\b", re.IGNORECASE)

#: A run of ASCII letters.
ASCII_WORD = re.compile(r"[A-Za-z]+")

#: A word of a title (Latin letters and apostrophes), for title-case tests.
TITLE_WORD = re.compile(r"[A-Za-z\u00c0-\u024f’']+")

#: The end of a sentence (or a line): the split before a bare periodical date.
SENTENCE_END = re.compile(r"[.!?][”’\"]?\s+(?=[A-Z“‘])|\n")

#: A run of up to five capitalised words, optionally after "The": a periodical's name.
CAPITALISED_RUN = re.compile(r"(?:[Tt]he[ \t]+)?(?:[A-Z][\w’'-]*[ \t]+){0,4}[A-Z][\w’'-]*")

#: A parenthesis with no parenthesis inside.
FLAT_PARENS = re.compile(r"\(([^()]*)\)")

#: A sentence break after a word of three or more lower-case letters (prose, not initials);
#: not before a locator term, which goes on the citation after an abbreviation ("S. 23–31,
#: bes. Anm. 14", "esp. Vol. 2", "insb. Bd. 3").
PROSE_SENTENCE_BREAK = re.compile(
    r"(?<=[a-z]{3}[.!?])\s+(?=[A-Z])(?!(?:Anm|Bd|Bde|Nr|Sp|Fn|Kap|Abb|Abschn|Tl|Bl|Vol|Vols|No|Nos|Fol|Chap|Art|S|P|Pp|N)\.)"
)

#: A full stop that ends a sentence (before a capital or the end).
FULL_STOP = re.compile(r"\.(?=\s+[A-Z“‘\"]|\s*$)")

#: A word of a folded (lower-case ASCII) string.
FOLD_WORD = re.compile(r"[0-9a-z]+")

#: An ISO date or its prefix: 1965, 1965-03, 1965-03-12.
ISO_DATE = re.compile(r"(\d{4})(?:-(\d\d))?(?:-(\d\d))?")

#: Punctuation that never stands in a list of personal names.
NOT_IN_NAMES = re.compile(r"[:;“”‘’\"?!()]")

#: Spaces and tabs.
BLANKS = re.compile(r"[ \t]+")

#: Given names written as initials only: "E.H.", "J. V.".
INITIALS_ONLY = re.compile(r"[A-Z.\s-]{1,12}")

#: One token of initials: "VI", "E.H.", "J-P".
INITIAL_TOKEN = re.compile(r"(?:[A-Z]\.?-?){1,3}")

#: Any dash (for normalising to a hyphen).
DASH_RE = re.compile(DASH)

#: Between the items of a page list: ",", "&", "and".
PAGE_LIST_SEP = re.compile(r"\s*(?:,|&|\band\b)\s*")

#: "f." / "ff." after a page ("and following").
FF_SUFFIX = re.compile(r"\s*ff?\.?$")

#: A range of arabic numbers with a hyphen: "121 - 2".
NUMBER_RANGE = re.compile(r"(\d+)\s*-\s*(\d+)")

#: A locator naming more than one page: a range or a list.
MULTI_PAGE = re.compile(r"\d\s*[-\u2013\u2014,&]|\band\b")

#: What may follow an author-date key: a separator and a locator.
LOCATOR_TAIL = LazyPattern(r"[ \t]*[,:][ \t]*(?:pp?\.?|pages?|vol|ch|chapter|n\.|note|\d|S\.[ \t]?\d|Bd\.)", re.IGNORECASE)

#: Bare page numbers after an author-date key: "Cliff 1974: 23-5".
BARE_PAGES_TAIL = re.compile(r"[ \t]*[,:][ \t]*(\d[\d\s,\-\u2013]*)")

#: The end of a field: a separator or the end of the citation.
FIELD_END = re.compile(r"[ \t]*(?:[,.;)]|$)")

#: A container piece: "in Collected Works, 1965".
IN_CONTAINER = re.compile(r"^in[ \t]+(?P<container>.+?)(?:[ \t]*,?[ \t]*(?P<year>1[5-9]\d\d|20\d\d))?$")

#: An author piece after a title: "by N. Krupskaya".
BY_AUTHOR = re.compile(r"^by[ \t]+(?P<who>.+)$")

#: An all-capitals abbreviation: "LCW", "MECW".
CAPS_ABBREVIATION = re.compile(r"[A-Z]{2,6}")

#: Editors before a title: "R. Daniels (ed.) A Documentary History".
EDITED_HEAD = re.compile(r"(?P<who>[^()]{2,60}?)[ \t]*\((?:eds?|editors?|ed\.|eds\.)\)[ \t]*(?P<title>\S.*)$")

#: Between two names: ",", "and", "&".
NAME_JOIN = re.compile(r"[ \t]*(?:,|and|&)[ \t]*")

#: A year of the period cited (1500-1999).
YEAR_ONLY = re.compile(r"1[5-9]\d\d")

#: A short all-capitals word: an abbreviation, not a title.
CAPS_SHORT = re.compile(r"[A-Z]{1,6}")

#: Between inverted names in a reference entry: ";", "and", "&".
NAMES_SEP = re.compile(r"\s*(?:;|\band\b|&)\s*")

#: Given names or initials after an inverted family name: "Tony", "E.H.".
#: Capital and small letters of Latin scripts (ASCII, Latin-1, Latin Extended-A): "Jürgen",
#: "Éric", "Łukasz", "Ørsted" are given names as much as "John".
_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿŁŃŅŇŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
_LOWER = "a-zß-öø-ÿā-žſ"
GIVEN_NAMES = re.compile(rf"(?:[{_UPPER}][{_LOWER}]*\.?[ \t-]?){{1,4}}")

#: The title of a reference-list entry, up to the full stop (or comma before a container, place or locator).
ENTRY_TITLE = LazyPattern(r"[‘“\"*_]?(?P<title>.+?)[’”\"*_]?(?:\.[ \t]+|,[ \t]+(?=in[ \t]|[A-Z][\w .-]{1,40}:|[Vv]ol|pp?\.|\d)|[ \t]+\(|$)")

#: A quoted title opening the rest of a reference-list entry (an article or chapter):
#: "'Towards a Political Economy of the USSR', Critique, 1: 20-41".  A straight
#: apostrophe inside ("Workers' Control") does not close it: the closing quote must be
#: followed by punctuation, "in" or the end.
QUOTED_ENTRY_TITLE = LazyPattern(r"""[‘“'"](?P<title>[^’”"\n]{1,300}?)[’”'"](?=[ \t]*(?:[,.:;]|in[ \t]|$))""")

#: The container of a reference-list entry: "in Collected Works".
ENTRY_CONTAINER = re.compile(r"[ \t]*in[ \t]+(?P<c>[^,.(]+)")

#: Years at the end of a title: a year-named volume ("Writings 1935-36").
TRAILING_YEARS = re.compile(rf",?[ \t]*(?P<y>1[5-9]\d\d(?:[ \t]*{DASH}[ \t]*\d{{2,4}})?)$")

#: A year or a number with thousands groups: what "number.marker" may follow.
YEAR_OR_GROUPED = re.compile(r"1[5-9]\d\d|20\d\d|\d{1,3}(?:,\d{3})+")

#: A roman numeral alone (a volume: "XXXIII").
ROMAN_NUMERAL = re.compile(r"[IVXLCivxlc]+")

#: A finite verb that marks a note's opening as prose, not a citation head.
PROSE_VERB = re.compile(r"\b(?:was|were|is|are|had|has|have|did|does|argued|argues|wrote|writes|noted|notes|says|said)\b")


# --- detection of in-text styles and citation units (detect.py) -------------------

#: A bare locator closing a citation, with no "p.": MLA ``Orwell 112``, ``Webb and Webb 2: 431``,
#: Chicago short notes ``Service, Lenin, 3:152`` and ``…, 1995), 140–45``, 19th-century
#: ``Besenval, iii. 255-58.`` (a lower-case Roman volume and a full stop), German ``S. 6f.``
#: pages after a name.  Tried on a citation's last characters only (BARE_LOCATOR_REACH);
#: every repetition is bounded and separated, so it is linear.  (MLA Handbook 9th ed.,
#: 6.22-6.28; Chicago Manual 17th ed., 14.22, 14.154; the volume:page form, CMOS 14.23.)
BARE_LOCATOR_TAIL = re.compile(
    rf"""(?P<sep>[ \t]*,[ \t]*|[ \t]+)
        (?P<loc>
          (?:(?P<rvol>[ivxlc]{{1,6}})\.[ \t]{{0,2}}           # iii. 255
            |(?P<avol>\d{{1,2}})[ \t]?:[ \t]?               # 3:152, 2: 431
          )?
          (?P<first>\d{{1,5}})(?:[ \t]?{DASH}[ \t]?\d{{1,5}})?(?:[ \t]?ff?\.?)?
          (?:[ \t]?,[ \t]?\d{{1,5}}(?:[ \t]?{DASH}[ \t]?\d{{1,5}})?){{0,4}}
        )
        [ \t]*\.?[ \t]*$""",
    _F,
)
#: How many last characters of a citation BARE_LOCATOR_TAIL is tried on.
BARE_LOCATOR_REACH = 60

#: Capitalised words that stand before a number without being an author: "(Figure 3)",
#: "(Table 2)", "(Symphony No. 5)", "(March 12)", "(Psalm 23)".  Folded to lower case.
NOT_AUTHOR_WORDS = frozenset(
    """figure fig figs table tab chapter chap ch part pt book bk section sect sec appendix app plate pl
    map maps act scene sc line lines l ll page pages p pp note notes n nn vol vols volume volumes no nos
    number numbers nr article art psalm psalms canto verse verses item items model type phase stage group
    class level grade series room exhibit box folder file case doc document ms mss folio fol question q
    step rule law clause amendment sonnet letter op opus year years age ages day days week weeks
    apollo route highway category catch windows version release edition ed eds issue hour hours
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday abb fn anm bd s t tome cap kap nota tav tafel
    as but however this that these those when while although though thus hence yet so if then also
    here there after before during since until under over between among according many most some such""".split()
)

#: A title-first full citation: "Special Report on the 20th Congress of the CPSU by
#: N.S. Khrushchev, 24-25 February 1956."  A title-case title, "by", a personal name
#: (initials, then one to three capitalised words), then a comma and a date, year or place.
TITLE_BY_AUTHOR = re.compile(
    rf"""^(?P<title>[A-Z‘“"][^.;:()\n]{{3,200}}?)[ \t]+by[ \t]+
        (?P<who>(?:[A-Z]\.[ \t]?){{0,3}}{_NAME_WORD}(?:[ \t](?:of[ \t]|de[ \t]|da[ \t]|di[ \t]|von[ \t]|van[ \t])?{_NAME_WORD}){{0,2}})
        [ \t]*,[ \t]*(?P<rest>\S.{{0,200}})$""",
    _F | re.DOTALL,
)

#: A numeric citation in brackets: "[12]", "[12, p. 5]", "[3–5]", "[3, 7]", "[3,7-9]",
#: "[7, Sec. 3]", "[8, Table 2]", "[2, Fig. 4]", "[5, Eq. (3)]" (IEEE, Vancouver, ISO 690
#: numeric; IEEE Editorial Style Manual: "[3, Sec. 4]", "[3, Fig. 2]", "[3, Th. 1]").
#: ``nums`` is the list of numbers and ranges, ``loc`` a locator after it (its term is
#: required, so "[3, 7]" is two numbers).
NUMERIC_CITATION = LazyPattern(
    rf"""\[(?P<nums>\d{{1,4}}(?:[ \t]?{DASH}[ \t]?\d{{1,4}})?(?:[ \t]?,[ \t]?\d{{1,4}}(?:[ \t]?{DASH}[ \t]?\d{{1,4}})?){{0,20}})
        (?P<loc>[ \t]?,[ \t]?(?:pp?\.|S\.|(?i:ch\.|chap\.|chapter|sec\.|sect\.|section|§|vol\.|fig\.|figure|table|tab\.|eq\.|eqn\.
                                     |app\.|appendix|para\.|part|pt\.|thm\.|theorem|def\.|lemma|prop\.|alg\.|algorithm|l\.|ll\.|col\.))
                [ \t]?[\dA-Za-z][^\[\]\n]{{0,40}})?\]""",
    _F,
)
#: The closing bracket of an IEEE range written across two brackets: "[4]–[6]" (IEEE Editorial
#: Style Manual, "References": "[3]–[6]" for a range).  Tried right after a one-number
#: NUMERIC_CITATION; ``to`` is the range's last number.
NUMERIC_RANGE_END = re.compile(rf"[ \t]?{DASH}[ \t]?\[(?P<to>\d{{1,4}})\]")
#: A numeric citation in parentheses, Vancouver's form: "(1)", "(3–5)", "(2, 7)", "(4, p. 12)"
#: (ICMJE/NLM "Citing Medicine": numbers in parentheses or superscript).  Only read when the
#: text has a numbered reference list and no notes (detect.numeric_mark_candidates).
NUMERIC_PAREN = LazyPattern(
    rf"""\((?P<nums>\d{{1,4}}(?:[ \t]?{DASH}[ \t]?\d{{1,4}})?(?:[ \t]?,[ \t]?\d{{1,4}}(?:[ \t]?{DASH}[ \t]?\d{{1,4}})?){{0,20}})
        (?P<loc>[ \t]?,[ \t]?(?:pp?\.|S\.)[ \t]?\d[^()\n]{{0,20}})?\)""",
    _F,
)
#: Numeric citations glued after a lower-case letter or punctuation, Nature's superscripts typed
#: plain: "spread3.", "shown2,5.", "wave6–8,", "failed.12" (Nature's and the AMA style's
#: superscript numbers, lists and ranges).  Not after a capital or a digit ("COVID19", "B52"),
#: not before a letter ("2nd"); after a number and a point only where that number is a year
#: ending a sentence ("in 1892.4 The …", not "19.12.1996", "3.4 per cent", "1,000").  Only read when the text has a numbered reference list and no
#: notes, and every number is an entry's (detect.numeric_mark_candidates).
NUMERIC_GLUED = LazyPattern(rf"(?<=[^\W\dA-Z_]|[.,;:!?)\]”’\"'])(?P<nums>\d{{1,4}}(?:(?:,|{DASH})\d{{1,4}}){{0,20}})(?!\w)")
#: The number that opens an entry of a numbered reference list: "[12] …", "12. …", "12) …".
NUMBERED_ENTRY = re.compile(r"[ \t]*(?:\[(?P<b>\d{1,4})\]|(?P<n>\d{1,4})[.)])[ \t]+")

#: Where one work ends and the next begins inside a note or parenthesis, after a full stop
#: or comma: "… 45. Also Smith, …", "… 45. See also …", "…, 45, and in Smith, …",
#: "… S. 5. Vgl. auch …", "… p. 5. Cf. …" (the relation word opens the next unit).
UNIT_BREAK = re.compile(
    r"""(?:\.[ \t]+(?=(?:Also|See[ \t]+also|See|Cf\.|Compare|Vgl\.(?:[ \t]+auch)?|Siehe(?:[ \t]+(?:auch|dazu))?
                        |Voir(?:[ \t]+aussi)?|Cfr\.)[ \t,]+[A-Z‘“])
          |,[ \t]+(?=and[ \t]+in[ \t]+[A-Z‘“]))""",
    _F,
)
#: The relation word opening a unit made by UNIT_BREAK ("Also", "and in"): dropped from the work's fields.
UNIT_LEAD = re.compile(r"(?:also|and[ \t]+in)[ \t,]+", re.IGNORECASE)

#: Commentary after a citation's locator: "…, 1:45, who argues the opposite."  A comma or
#: semicolon, then a relative or prose word.
TRAILING_COMMENTARY = re.compile(
    r"""[ \t]*[,;][ \t]+(?=(?:who|which|where|whose|whom|though|although|but|while|whereas|here|there|
        a[ \t]|an[ \t]|the[ \t]|this|that|for[ \t]+a|with[ \t]+a|on[ \t]+which|in[ \t]+which|der|die|das|wo|qui|où|che|dove)\b)""",
    _F,
)

#: Commentary before a citation that ends with a relation word: "On this see ",
#: "For a different view, see ", "Dazu vgl. ".  The citation starts after it.
LEADING_COMMENTARY = re.compile(
    r"""^(?P<lead>[A-Za-z\u00c0-\u024f][^.;()\n]{0,120}?[ \t,])(?P<rel>see(?:[ \t]+also)?|cf\.|vgl\.(?:[ \t]+auch)?|siehe|voir)[ \t]+(?=[A-Z‘“])""",
    _F | re.IGNORECASE,
)

#: A locator labelled in German, French, Italian or Latin, for detection only (the value is
#: the locator grammar's business): "S. 12", "Bd. II", "t. 3", "Sp. 45", "fol. 12", "Kap. 4",
#: "cap. 2", "Anm. 3".  Case-sensitive: "S." and "Bd." are capitalised in German notes.
FOREIGN_LOCATOR = re.compile(r"(?<![A-Za-z])(?:S|Bd|Sp|Kap|Anm|Nr|t|tome|fol|cap|col|vol)\.?[ \t]?(?:\d{1,5}|[IVXLC]{1,6}(?![A-Za-z]))")

#: The publication facts of a Chicago note, in parentheses: "Moscow: Gospolitizdat, 1963",
#: "New York: Knopf, 1990", "Paris: Gallimard, 1971; repr. 1990" (Chicago Manual 17th ed.
#: 14.20): a place, a colon, a publisher, a comma and a year.  With a page after it, a title
#: before it is a full citation even with no author.
PUBLICATION_FACTS = re.compile(
    r"[A-Z\u00c0-\u00de][^:()\n]{1,60}:[ \t]*[^:()\n]{2,80},[ \t]*(?:1[5-9]\d\d|20\d\d)(?:[ \t]*[-\u2013][ \t]*\d{2,4})?[^()\n]{0,40}"
)

#: An enumerator in running text: "(1)", "(2)", "(iii)", "(b)".
ENUMERATOR = re.compile(r"\((?:\d{1,2}|[ivx]{1,4}|[a-h])\)")

#: The plural page abbreviation of English styles before a number: "pp. 12", "pp 3-5".
PLURAL_PAGES = re.compile(r"(?<![A-Za-z])pp\.?[ \t\u00a0]?\d")

#: A parenthesis holding only a page or a range (MLA page-only citation): "67", "201-03", "12 f.".
PAGE_ONLY = LazyPattern(rf"[ \t]*(?P<first>\d{{1,4}})(?:[ \t]*{DASH}[ \t]*\d{{1,4}})?(?:[ \t]*ff?\.?)?[ \t]*")

#: A word that names an archive or library at the head of an archival citation:
#: "Archivo Histórico Provincial de Sevilla", "Archives nationales", "Staatsarchiv
#: Hamburg", "Public Record Office", "Bibliothèque nationale", "Arquivo Nacional".
ARCHIVE_WORD = re.compile(
    r"(?<![A-Za-z])(?:Archives?|Archiv|Archivo|Archivio|Arquivo|Archief|Archiwum|Bundesarchiv|Staatsarchiv|Landesarchiv"
    r"|Stadtarchiv|Hauptstaatsarchiv|Record[ \t]+Office|Bibliot(?:h[eè]que|eca|hek)|Library|Muzeum|Museum)(?![a-z])"
)
#: An archival locator term before its number: fond / opis' / delo / list(y) (Russian,
#: GOST 7.0.12), legajo / caja / expediente / carpeta (Spanish), carton / dossier / cote
#: (French), Bestand / Nr. / Sig. (German), busta / fascicolo (Italian), box / folder / file /
#: MS (English), folio(s).  Case-sensitive lower-case abbreviations, so "D. Smith" is no delo.
ARCHIVAL_LOCATOR = re.compile(
    r"(?<![A-Za-z])(?:f|fond|op|d|delo|l|ll|leg|legajo|caja|exp|carp|carton|dossier|cote|Bestand|Nr|Sig|sig|busta|b|fasc"
    r"|box|Box|folder|file|MS|MSS|fols?|ff)\.?[ \t]?[A-Z]?-?\d"
)

#: A container that is a meeting's proceedings, so its part is a CSL "paper-conference" (CSL
#: 1.0.2 Appendix III; IEEE Reference Guide 2021 "in Proc. …"; Chicago 17th ed. 14.217):
#: English "Proc." / "Proceedings" / "Conf." / "Conference" / "Symposium" / "Workshop" /
#: "Colloquium"; German "Tagung(sband)" / "Konferenz" / "Kongressband" / "Kolloquium" /
#: "Symposion"; French "Colloque" / "Conférence" / "Actes du … congrès"; Italian "Convegno" /
#: "Conferenza" / "Colloquio" / "Simposio" / "Atti del … Congresso"; Spanish "Conferencia" /
#: "Coloquio" / "Simposio" / "Actas del … Congreso".  A bare "Congress" is no such word (a party
#: congress, a parliament, the Library of Congress).  Case-insensitive, at a word's start; one
#: alternation of literals, linear-time.  Shared by ``citekit parse`` (fields.record) and
#: ``citekit extract`` (resolve), so both type a conference paper alike (issue 11).
PROCEEDINGS_CONTAINER = LazyPattern(
    r"(?<![^\W\d_])(?:Proc\.|Proceedings|Conf\.|Symposi(?:um|on)|Simposio|Workshop"
    r"|Coll?oqu(?:ium|e|io)|Kolloquium|Coloquio|Tagung|Konferenz|Kongressband|Conf[ée]rence|Conferenza|Conferencia"
    r"|Convegno|(?:Actes|Atti|Actas)[ \t](?:du|del|della|de[ \t]la)[ \t](?:[IVXLC]{1,6}\.?[ \t]|\d{1,3}\S{0,3}[ \t])?"
    r"(?:[^\W\d_]{1,20}[ \t])?Congr)",
    re.IGNORECASE,
)

#: Author names in running text before a verb of saying: "Fitzpatrick argues", "Smith and
#: Jones show", "Le Goff’s claim".  The names of an author-date key (up to four, bounded).
NARRATIVE_AUTHOR = LazyPattern(rf"""{_WORD_START}(?P<names>{_KEY_NAMES})(?:[’']s)?(?=[ \t,])""", _F)

#: The linking word of a medieval or noble name: "John of Salisbury", "Otto von Freising".
NAME_LINK = re.compile(r"[ \t](?:of|de|da|di|von|van)[ \t]")
