"""BibTeX / biblatex <-> CSL-JSON, lossless for the fields of one table (docs/formats.md).

Reading a .bib (:func:`read_bib`): bibtexparser v2 splits the file into blocks; the library
middleware :class:`ExpandValues` then expands every field value the way BibTeX does
(``@string`` macros, month macros, ``#`` concatenation, outer quotes or braces), and
:func:`resolve_inheritance` applies ``crossref`` and ``xdata`` by biblatex's default rules
(biblatex.def, manual appendix B: a @book's ``title`` becomes an @inbook's ``booktitle``, an
``@mv*`` parent's its volume's ``maintitle``; a pair of types no rule names, such as @book ->
@incollection, passes no title; the child's own fields always win).
:func:`entry_to_csl` maps one entry through :data:`FIELDS` (biblatex field names; BibTeX
aliases such as ``journal``, ``address``, ``year`` + ``month`` read too), decoding LaTeX
to Unicode (``{\\'e}`` -> ``é``); a brace group that protects case (``{USSR}``) becomes a
CSL ``<span class="nocase">`` and ``\\emph{}``/``\\textit{}``/``\\textbf{}``/``\\textsc{}``
CSL rich text, as pandoc's citeproc maps them.  Fields outside the table are kept under the
item's ``citekit-bib`` key, and title fields as written that the CSL values do not give back
(English title case read in sentence case, a joined subtitle) under :data:`TITLES_KEY`, so a .bib
read and written again gives every field back (decoded, the same value).

Writing (:func:`csl_to_entry`, :func:`write_bib`): the inverse of the same table, keys
made safe for BibTeX and biber and kept distinct (two keys that fold to one get ``-2``,
``-3``...); biblatex output is UTF-8, BibTeX output encodes accented Latin letters as
LaTeX accent commands (:data:`LATEX_ACCENTS`) and leaves other scripts in UTF-8.

Input faults raise :class:`BibInputError` (a :class:`~citekit.errors.KnowledgeBaseError`)
naming the file, the entry key and the field: braces nested deeper than
``Limits.max_depth``, more than ``Limits.max_names`` names in one field, CSL-JSON values
of the wrong type (:func:`validate_csl`, after the CSL-JSON schema 1.0).  Blocks
bibtexparser cannot read are *problems* (strings naming the file and line), not errors;
an entry without a key is kept under a generated key and named among the problems.
"""

from __future__ import annotations

import os
import re
import unicodedata
from functools import lru_cache
from typing import Any, Iterable, Mapping, Sequence

from attrs import frozen

from .errors import CitekitError, KnowledgeBaseError


class BibInputError(KnowledgeBaseError):
    """A .bib entry or CSL-JSON item that cannot be taken: the message names ``source``
    (the file), ``key`` (the entry key or CSL id, else the item's position) and ``field``."""

    def __init__(self, source: str, key: str, field: str | None, detail: str) -> None:
        self.source, self.key, self.field, self.detail = source, key, field, detail
        where = f"{source}: entry {key!r}" + (f", field {field!r}" if field else "")
        super().__init__(f"{where}: {detail}")


@frozen
class Limits:
    """Size limits on bibliographic input (defaults documented in docs/formats.md).

    ``max_depth``: brace nesting in one .bib field (LaTeX decoding is recursive);
    ``max_names``: names in one name field or CSL name list."""

    max_depth: int = 64
    max_names: int = 10_000


DEFAULT_LIMITS = Limits()


# --- the field table ------------------------------------------------------------------------

#: The one field table: (biblatex field, CSL variable, kind).  Kinds: ``text`` (LaTeX decoded,
#: braces -> nocase), ``names`` (a name list), ``date`` (EDTF-style biblatex date), ``verbatim``
#: (url, doi: no LaTeX decoding), ``lang`` (babel/polyglossia name <-> BCP 47).  Type-dependent
#: fields (``number``, ``type``, ``institution``...) are handled in :func:`entry_to_csl`.
#: Sources: biblatex manual §2.2 (fields), pandoc's citeproc BibTeX reader (the CSL side).
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("author", "author", "names"),
    ("editor", "editor", "names"),
    ("translator", "translator", "names"),
    ("bookauthor", "container-author", "names"),
    ("introduction", "citekit-introduction", "names"),
    ("title", "title", "text"),
    ("shorttitle", "title-short", "text"),
    ("booktitle", "container-title", "text"),
    ("journaltitle", "container-title", "text"),
    ("shortjournal", "container-title-short", "text"),
    ("series", "collection-title", "text"),
    ("publisher", "publisher", "text"),
    ("location", "publisher-place", "text"),
    ("origlocation", "original-publisher-place", "text"),
    ("origpublisher", "original-publisher", "text"),
    ("origtitle", "original-title", "text"),
    ("origlanguage", "original-language", "text"),
    ("volume", "volume", "text"),
    ("volumes", "number-of-volumes", "text"),
    ("edition", "edition", "text"),
    ("pages", "page", "text"),
    ("pagetotal", "number-of-pages", "text"),
    ("chapter", "chapter-number", "text"),
    ("note", "note", "text"),
    ("addendum", "citekit-addendum", "text"),
    ("abstract", "abstract", "text"),
    ("keywords", "keyword", "text"),
    ("eventtitle", "event-title", "text"),
    ("venue", "event-place", "text"),
    ("version", "version", "text"),
    ("date", "issued", "date"),
    ("urldate", "accessed", "date"),
    ("origdate", "original-date", "date"),
    ("eventdate", "event-date", "date"),
    ("doi", "DOI", "verbatim"),
    ("url", "URL", "verbatim"),
    ("isbn", "ISBN", "verbatim"),
    ("issn", "ISSN", "verbatim"),
    ("langid", "language", "lang"),
    # citekit's own knowledge-base fields (references/works.bib)
    ("shorthand", "citekit-shorthand", "text"),
    ("unverified", "citekit-unverified", "text"),
)
#: BibTeX (and older biblatex) field names read as their biblatex equivalents.
ALIASES = {"journal": "journaltitle", "address": "location", "school": "institution", "annote": "annotation",
           "key": "sortkey", "hyphenation": "langid", "archiveprefix": "eprinttype", "primaryclass": "eprintclass"}
#: Fields that are structure, not data: never copied into ``citekit-bib``.
_STRUCTURE = frozenset({"crossref", "xdata", "ids", "entryset", "year", "month", "day", "subtitle", "titleaddon",
                        "booksubtitle", "booktitleaddon", "maintitle", "mainsubtitle", "maintitleaddon", "journalsubtitle",
                        "type", "number", "entrysubtype",
                        "institution", "organization", "howpublished", "aliases"})
_BY_BIB = {b: (c, k) for b, c, k in FIELDS}
_BY_CSL: dict[str, tuple[str, str]] = {}
for _b, _c, _k in FIELDS:
    _BY_CSL.setdefault(_c, (_b, _k))
NAME_VARIABLES = frozenset({"author", "editor", "translator", "container-author", "collection-editor", "composer",
                            "director", "editorial-director", "illustrator", "interviewer", "original-author", "recipient",
                            "reviewed-author", "chair", "compiler", "contributor", "curator", "executive-producer",
                            "guest", "host", "narrator", "organizer", "performer", "producer", "script-writer",
                            "series-creator", "citekit-introduction"})
DATE_VARIABLES = frozenset({"issued", "accessed", "original-date", "event-date", "submitted", "available-date"})

#: biblatex entry type -> CSL type (biblatex manual §2.1; pandoc's mapping).
BIB_TO_CSL_TYPE = {
    "article": "article-journal", "book": "book", "mvbook": "book", "inbook": "chapter", "bookinbook": "chapter",
    "suppbook": "chapter", "booklet": "pamphlet", "collection": "book", "mvcollection": "book",
    "incollection": "chapter", "suppcollection": "chapter", "manual": "book", "misc": "document",
    "online": "webpage", "www": "webpage", "electronic": "webpage", "patent": "patent", "periodical": "periodical",
    "proceedings": "book", "mvproceedings": "book", "inproceedings": "paper-conference",
    "conference": "paper-conference", "reference": "book", "mvreference": "book", "inreference": "entry-encyclopedia",
    "report": "report", "techreport": "report", "thesis": "thesis", "phdthesis": "thesis", "mastersthesis": "thesis",
    "unpublished": "manuscript", "dataset": "dataset", "software": "software", "letter": "personal_communication",
    "movie": "motion_picture", "music": "song", "audio": "song", "video": "motion_picture", "artwork": "graphic",
    "legislation": "legislation", "jurisdiction": "legal_case", "review": "review",
}
#: CSL type -> biblatex entry type written; types not here are written ``@misc`` with
#: ``entrysubtype = {<CSL type>}`` (read back to the same type).
CSL_TO_BIB_TYPE = {
    "article-journal": "article", "article-magazine": "article", "article-newspaper": "article", "book": "book",
    "chapter": "incollection", "pamphlet": "booklet", "document": "misc", "webpage": "online", "patent": "patent",
    "periodical": "periodical", "paper-conference": "inproceedings", "entry-encyclopedia": "inreference",
    "report": "report", "thesis": "thesis", "manuscript": "unpublished", "dataset": "dataset", "software": "software",
    "personal_communication": "letter", "motion_picture": "movie", "song": "audio", "graphic": "artwork",
    "legislation": "legislation", "legal_case": "jurisdiction", "review": "review",
}
#: biblatex-only entry types and what plain BibTeX writes instead.
BIBTEX_TYPE = {"thesis": "phdthesis", "online": "misc", "periodical": "misc", "report": "techreport",
               "mvbook": "book", "collection": "book", "mvcollection": "book", "bookinbook": "inbook",
               "suppbook": "inbook", "suppcollection": "incollection", "mvproceedings": "proceedings",
               "reference": "book", "mvreference": "book", "inreference": "incollection", "dataset": "misc",
               "software": "misc", "letter": "misc", "movie": "misc", "audio": "misc", "artwork": "misc",
               "legislation": "misc", "jurisdiction": "misc", "review": "misc", "patent": "misc", "booklet": "booklet"}
_CHAPTERISH = frozenset({"chapter", "paper-conference", "entry-encyclopedia", "entry-dictionary"})
_ARTICLEISH = frozenset({"article-journal", "article-magazine", "article-newspaper", "periodical"})

#: babel / polyglossia language names -> BCP 47 tags (the first name of a tag is written).
LANGIDS = {
    "english": "en-US", "american": "en-US", "USenglish": "en-US", "british": "en-GB", "UKenglish": "en-GB",
    "australian": "en-AU", "canadian": "en-CA", "german": "de-DE", "ngerman": "de-DE", "austrian": "de-AT",
    "naustrian": "de-AT", "swissgerman": "de-CH", "nswissgerman": "de-CH", "french": "fr-FR", "italian": "it-IT",
    "spanish": "es-ES", "portuguese": "pt-PT", "brazil": "pt-BR", "brazilian": "pt-BR", "russian": "ru-RU",
    "ukrainian": "uk-UA", "polish": "pl-PL", "czech": "cs-CZ", "slovak": "sk-SK", "dutch": "nl-NL", "danish": "da-DK",
    "swedish": "sv-SE", "norsk": "nb-NO", "norwegian": "nb-NO", "nynorsk": "nn-NO", "finnish": "fi-FI",
    "hungarian": "hu-HU", "catalan": "ca-ES", "croatian": "hr-HR", "serbian": "sr-RS", "slovene": "sl-SI",
    "bulgarian": "bg-BG", "romanian": "ro-RO", "greek": "el-GR", "turkish": "tr-TR", "hebrew": "he-IL",
    "latin": "la", "japanese": "ja-JP", "chinese": "zh-CN", "korean": "ko-KR", "estonian": "et-EE",
    "latvian": "lv-LV", "lithuanian": "lt-LT", "icelandic": "is-IS", "basque": "eu", "galician": "gl-ES",
    "welsh": "cy-GB", "irish": "ga-IE", "arabic": "ar", "persian": "fa-IR",
}
_LANG_NAME: dict[str, str] = {}
for _n, _t in LANGIDS.items():
    _LANG_NAME.setdefault(_t, _n)

#: Month macros and names (BibTeX's ``jan``...``dec``; English and full names) -> month number.
MONTHS = {m: i for i, ms in enumerate(
    ("jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july", "aug august",
     "sep sept september", "oct october", "nov november", "dec december"), 1) for m in ms.split()}
#: CSL season numbers <-> the EDTF season codes biblatex dates use (21 spring ... 24 winter).
SEASONS = {"spring": 1, "summer": 2, "autumn": 3, "fall": 3, "winter": 4}

#: CSL rich-text tags <-> LaTeX commands (CSL 1.0.2 appendix "Rich text"; pandoc's mapping).
_RICH = {"emph": ("<i>", "</i>"), "textit": ("<i>", "</i>"), "textbf": ("<b>", "</b>"),
         "textsc": ('<span style="font-variant:small-caps;">', "</span>"),
         "textsuperscript": ("<sup>", "</sup>"), "textsubscript": ("<sub>", "</sub>")}
_NOCASE = ('<span class="nocase">', "</span>")

#: Combining marks -> LaTeX accent commands (for BibTeX output of accented Latin letters).
LATEX_ACCENTS = {"\u0301": "'", "\u0300": "`", "\u0302": "^", "\u0308": '"', "\u0303": "~", "\u0304": "=",
                 "\u0307": ".", "\u030c": "v", "\u0306": "u", "\u030b": "H", "\u0327": "c", "\u0328": "k",
                 "\u030a": "r", "\u0323": "d"}
#: Latin letters with no decomposition -> LaTeX.
LATEX_LETTERS = {"ß": r"\ss", "æ": r"\ae", "Æ": r"\AE", "ø": r"\o", "Ø": r"\O", "œ": r"\oe", "Œ": r"\OE",
                 "ł": r"\l", "Ł": r"\L", "ı": r"\i", "đ": r"\dj", "Đ": r"\DJ"}
#: LaTeX specials escaped in output (the backslash first).
_SPECIALS = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
             "#": r"\#", "_": r"\_"}

#: A biblatex date: ``1917``, ``1917-10``, ``1917-10-25``, ``-0044``, with EDTF ``~``/``?``
#: qualifiers; months 21-24 are seasons.  One part of a range.
_DATE = re.compile(r"(?P<y>-?\d{1,4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?(?P<q>[~?%]{0,2})")
#: A keyless entry's opening at a line start: ``@book{title = ...`` (the first token is a
#: field, not a key; @string/@preamble/@comment excluded).  Linear: no nested quantifiers.
_KEYLESS = re.compile(r"(?im)^[ \t]{0,40}@(?!string\b|preamble\b|comment\b)[A-Za-z]{1,40}[ \t]{0,40}[{(][ \t\r\n]{0,200}(?=[A-Za-z][\w-]{0,60}[ \t\r\n]{0,40}=)")
_KEYLESS_MARK = "citekit-keyless"
#: One BibTeX name-list separator: `` and `` (brace depth is checked by the caller).
_KEY_UNSAFE = re.compile(r"[\s,{}%#\"'()=\\~]")


# --- reading ------------------------------------------------------------------------------


@frozen
class BibEntry:
    """One .bib entry after macro expansion and inheritance: ``fields`` maps lower-case field
    names to raw (still LaTeX) values; ``line`` is 1-based.  Duck-compatible with a
    bibtexparser entry (``key``, ``entry_type``, ``fields_dict``)."""

    key: str
    entry_type: str
    fields: dict[str, str]
    line: int = 0

    @property
    def fields_dict(self) -> dict[str, str]:
        return self.fields


def _expand(value: str, strings: Mapping[str, str], field: str) -> str:
    """A raw bibtexparser value expanded: ``"a" # {b} # macro # 12`` -> ``ab<macro>12``.

    Pieces are found by one left-to-right scan that tracks brace depth (no recursion);
    an unknown macro is kept as its name (BibTeX warns and uses nothing; keeping it loses
    nothing).  Month macros give their number in ``month``, their English name elsewhere."""
    out, i, n = [], 0, len(value)
    while i < n:
        c = value[i]
        if c.isspace() or c == "#":
            i += 1
        elif c == "{":
            depth, j = 0, i
            while j < n:
                depth += (value[j] == "{") - (value[j] == "}")
                j += 1
                if depth == 0:
                    break
            out.append(value[i + 1 : j - 1] if depth == 0 else value[i + 1 :])
            i = j
        elif c == '"':
            depth, j = 0, i + 1
            while j < n and not (value[j] == '"' and depth == 0):
                depth += (value[j] == "{") - (value[j] == "}")
                j += 1
            out.append(value[i + 1 : j])
            i = j + 1
        else:
            j = i
            while j < n and not value[j].isspace() and value[j] != "#":
                j += 1
            word = value[i:j]
            low = word.lower()
            if low in strings:
                out.append(strings[low])
            elif low in MONTHS and len(low) == 3:
                out.append(str(MONTHS[low]) if field == "month" else
                           ("January February March April May June July August September October November December").split()[MONTHS[low] - 1])
            else:
                out.append(word)
            i = j
    return "".join(out)


def read_bib(text: str, source: str = "<bib>") -> tuple[list[BibEntry], list[str]]:
    """Entries of a BibTeX/biblatex string and the problems met (strings naming ``source`` and line).

    bibtexparser v2 splits the blocks (no middleware: its string interpolation does not
    do ``#``); :func:`_expand` expands values; keyless entries get a generated key
    (``<first author or type><year>``, made unique) and a problem; duplicate keys keep the
    first entry; ``crossref``/``xdata`` are applied (:func:`resolve_inheritance`)."""
    import logging

    import bibtexparser

    # a keyless entry would swallow its first field as the key: give it a placeholder first
    text = _KEYLESS.sub(lambda m: m.group(0) + _KEYLESS_MARK + ",", text)
    splitter_log = logging.getLogger("bibtexparser.splitter")
    level = splitter_log.level
    splitter_log.setLevel(logging.CRITICAL)  # its failures become our problems (below)
    try:
        lib = bibtexparser.parse_string(text, parse_stack=[])
    finally:
        splitter_log.setLevel(level)
    strings: dict[str, str] = {}
    for s in lib.strings:  # in file order; a macro may use earlier ones
        strings[s.key.lower()] = _expand(str(s.value), strings, "")
    problems: list[str] = []
    entries: list[BibEntry] = []
    blocks = list(lib.entries)
    for block in lib.failed_blocks:
        raw = (getattr(block, "raw", "") or "").replace(_KEYLESS_MARK + ",", "")
        line = (getattr(block, "start_line", None) or 0) + 1
        kind = "duplicate key, entry skipped" if type(block).__name__ == "DuplicateBlockKeyBlock" else "malformed entry skipped"
        first = raw.strip().splitlines()[0][:60] if raw.strip() else ""
        problems.append(f"{source}: line {line}: {kind}: {first}")
    blocks.sort(key=lambda e: e.start_line or 0)
    taken = {e.key.lower() for e in blocks if e.key and e.key != _KEYLESS_MARK}
    for e in blocks:
        fields = {f.key.lower(): _expand(str(f.value), strings, f.key.lower()) for f in e.fields}
        fields = {ALIASES.get(k, k) if ALIASES.get(k, k) not in fields else k: v for k, v in fields.items()}
        key = e.key.strip()
        line = (e.start_line or 0) + 1
        if not key or key == _KEYLESS_MARK:
            key = _unique(_generated_key(e.entry_type, fields), taken)
            problems.append(f"{source}: line {line}: @{e.entry_type} entry without a key, read as {key!r}")
        entries.append(BibEntry(key, e.entry_type.lower(), fields, line))
    return resolve_inheritance(entries), problems


def _generated_key(entry_type: str, fields: Mapping[str, str]) -> str:
    first = re.split(r"\s+and\s+|,", fields.get("author") or fields.get("editor") or "", maxsplit=1)[0]
    words = re.findall(r"[^\W\d_]+", latex_to_text(first)) or [entry_type.lower()]
    year = re.search(r"\d{4}", fields.get("date") or fields.get("year") or "")
    return (words[-1] if "," not in (fields.get("author") or "") else words[0]) + (year.group(0) if year else "")


def _unique(key: str, taken: set[str]) -> str:
    """``key``, or ``key-2``, ``key-3``... -- the first not in ``taken`` (case-folded); adds it."""
    cand, n = key, 1
    while cand.lower() in taken:
        n += 1
        cand = f"{key}-{n}"
    taken.add(cand.lower())
    return cand


#: biblatex's default data inheritance (biblatex.def, ``\\DeclareDataInheritance``; manual,
#: appendix B), as (parent types, child types, {parent field: child fields}).  A parent field
#: a rule maps goes only to the fields it names (``[]`` = not inherited); every other field is
#: inherited under its own name (``\\DefaultInheritance{all=true,override=false}``).  A pair
#: no rule names -- a @book parent of an @incollection, say -- gives the child no booktitle:
#: biber and pandoc's reader (``transformKey``) agree.
_MAIN = {"title": ("maintitle",), "subtitle": ("mainsubtitle",), "titleaddon": ("maintitleaddon",)}
_BOOK = {"title": ("booktitle",), "subtitle": ("booksubtitle",), "titleaddon": ("booktitleaddon",)}
_JOURNAL = {"title": ("journaltitle",), "subtitle": ("journalsubtitle",), "titleaddon": ("journaltitleaddon",)}
_NO_TITLE_KEYS = {"shorttitle": (), "sorttitle": (), "indextitle": (), "indexsorttitle": ()}
_BY_AUTHOR = {"author": ("author", "bookauthor")}
_INHERIT_RULES: tuple[tuple[frozenset[str], frozenset[str], dict[str, tuple[str, ...]]], ...] = (
    (frozenset({"mvbook", "book"}), frozenset({"inbook", "bookinbook", "suppbook"}), _BY_AUTHOR),
    # not in biblatex.def: pandoc's reader adds it ("makes sense in the context of CSL
    # conversion"), so a volume of an @mvbook gets the work's author as container-author
    (frozenset({"mvbook"}), frozenset({"book"}), _BY_AUTHOR),
    (frozenset({"mvbook"}), frozenset({"book", "inbook", "bookinbook", "suppbook"}), {**_MAIN, **_NO_TITLE_KEYS}),
    (frozenset({"mvcollection", "mvreference"}),
     frozenset({"collection", "reference", "incollection", "inreference", "suppcollection"}), {**_MAIN, **_NO_TITLE_KEYS}),
    (frozenset({"mvproceedings"}), frozenset({"proceedings", "inproceedings"}), {**_MAIN, **_NO_TITLE_KEYS}),
    (frozenset({"book"}), frozenset({"inbook", "bookinbook", "suppbook"}), {**_BOOK, **_NO_TITLE_KEYS}),
    (frozenset({"collection", "reference"}), frozenset({"incollection", "inreference", "suppcollection"}),
     {**_BOOK, **_NO_TITLE_KEYS}),
    (frozenset({"proceedings"}), frozenset({"inproceedings"}), {**_BOOK, **_NO_TITLE_KEYS}),
    (frozenset({"periodical"}), frozenset({"article", "suppperiodical"}), {**_JOURNAL, **_NO_TITLE_KEYS}),
)
#: Fields no child inherits (biblatex.def, ``\\DeclareDataInheritance{*}{*}``); ``xdata`` is a
#: pointer, resolved in the parent itself first.
_NOT_INHERITED = frozenset({"ids", "crossref", "xref", "xdata", "entryset", "entrysubtype", "execute", "label", "options",
                            "presort", "related", "relatedoptions", "relatedstring", "relatedtype", "shorthand",
                            "shorthandintro", "sortkey"})


def inherited_fields(parent_type: str, child_type: str, field: str) -> tuple[str, ...]:
    """The child fields a parent's ``field`` fills under ``crossref`` (entry types lower-case):
    ``()`` when it is not inherited, ``(field,)`` when no rule of :data:`_INHERIT_RULES` maps it.

    ``inherited_fields("book", "inbook", "title") == ("booktitle",)``;
    ``inherited_fields("book", "incollection", "title") == ("title",)`` (biblatex.def has no
    book -> incollection rule: the child keeps its own title and gets no booktitle)."""
    if field in _NOT_INHERITED:
        return ()
    for parents, children, mapping in _INHERIT_RULES:
        if parent_type in parents and child_type in children and field in mapping:
            return mapping[field]
    return (field,)


def _with_xdata(fields: dict[str, str], by_key: dict[str, BibEntry]) -> dict[str, str]:
    """``fields`` with the fields of its ``xdata`` entries it lacks (chains followed once each)."""
    fields = dict(fields)
    todo = [k.strip().lower() for k in fields.get("xdata", "").split(",") if k.strip()]
    seen: set[str] = set()
    while todo:
        xkey = todo.pop(0)
        x = by_key.get(xkey)
        if xkey in seen or x is None:
            continue
        seen.add(xkey)
        for k, v in x.fields.items():
            if k != "xdata":
                fields.setdefault(k, v)
        todo.extend(k.strip().lower() for k in x.fields.get("xdata", "").split(",") if k.strip())
    return fields


def resolve_inheritance(entries: list[BibEntry]) -> list[BibEntry]:
    """Entries with ``xdata`` and ``crossref`` applied, ``@xdata`` entries removed.

    A child keeps every field it has; from a parent (its own ``xdata`` applied) it takes the
    fields it lacks, renamed by biblatex's rules for that pair of entry types
    (:func:`inherited_fields`: a @book's or @collection's ``title`` becomes an @inbook's or
    @incollection's ``booktitle``, an @mv* parent's ``maintitle``, a @periodical's
    ``journaltitle``).  Chains are followed, the grandparent's fields mapped by its type and
    the child's (as pandoc's reader); a cycle or a missing parent stops the chain.  Checked
    against ``biber --tool --output-resolve-crossrefs`` (tests/test_bibio_pandoc.py)."""
    by_key = {e.key.lower(): e for e in entries}
    out = []
    for entry in entries:
        if entry.entry_type == "xdata":
            continue
        fields = _with_xdata(entry.fields, by_key)
        seen = {entry.key.lower()}
        parent_key = fields.get("crossref", "").strip().lower()
        while parent_key and parent_key not in seen and parent_key in by_key:
            seen.add(parent_key)
            parent = by_key[parent_key]
            pfields = _with_xdata(parent.fields, by_key)
            for k, v in pfields.items():
                for target in inherited_fields(parent.entry_type, entry.entry_type, k):
                    fields.setdefault(target, v)
            parent_key = pfields.get("crossref", "").strip().lower()
        out.append(BibEntry(entry.key, entry.entry_type, fields, entry.line))
    return out


def _check_depth(s: str, limits: Limits, source: str, key: str, field: str) -> None:
    depth = 0
    for c in s:
        if c == "{":
            depth += 1
            if depth > limits.max_depth:
                raise BibInputError(source, key, field, f"braces nested more than {limits.max_depth} deep")
        elif c == "}":
            depth -= 1


@lru_cache(maxsize=8192)
def latex_to_text(s: str) -> str:
    """A flat LaTeX string decoded to Unicode (``\\'E`` -> ``É``, ``\\&`` -> ``&``, ``--`` ->
    ``–``) by pylatexenc; strings with nothing to decode are returned as they are."""
    if not any(t in s for t in ("\\", "{", "~", "--", "``", "''", "$")):
        return s
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(strict_latex_spaces=True).latex_to_text(s)


def decode(s: str, *, rich: bool = True) -> str:
    """A .bib field value as CSL rich text: LaTeX decoded, a top-level brace group that is not
    an accent (``{USSR}``, not ``{\\'E}``) a nocase span, ``\\emph{x}`` ``<i>x</i>`` (when
    ``rich``; else the braces are simply dropped).  One scan, no recursion beyond pylatexenc's
    on accent groups (whose depth :func:`_check_depth` bounds)."""
    if not any(c in s for c in "\\{}~$") and "--" not in s and "``" not in s and "''" not in s:
        return s.strip()
    out: list[str] = []
    buf: list[str] = []
    closers: list[str] = []
    i, n = 0, len(s)

    def flush() -> None:
        if buf:
            out.append(latex_to_text("".join(buf)))
            buf.clear()

    while i < n:
        c = s[i]
        if c == "\\":
            m = re.match(r"\\([A-Za-z]+)\s*\{", s[i : i + 40])
            if m and m.group(1) in _RICH:
                flush()
                open_, close = _RICH[m.group(1)]
                out.append(open_ if rich else "")
                closers.append(close if rich else "")
                i += m.end()
                continue
            buf.append(s[i : i + 2])
            i += 2
        elif c == "{":
            j = i + 1
            if j < n and s[j] == "\\":  # an accent or special-character group: decoded whole
                depth, k = 0, i
                while k < n:
                    depth += (s[k] == "{") - (s[k] == "}")
                    k += 1
                    if depth == 0:
                        break
                group = s[i:k]
                if not re.match(r"\{\\(?:emph|textit|textbf|textsc|textsuperscript|textsubscript)\b", group):
                    buf.append(group)
                    i = k
                    continue
            flush()
            nocase = rich and not any(cl == _NOCASE[1] + "\0" for cl in closers)
            out.append(_NOCASE[0] if nocase else "")
            closers.append(_NOCASE[1] + "\0" if nocase else "")
            i += 1
        elif c == "}":
            flush()
            if closers:
                out.append(closers.pop().rstrip("\0"))
            i += 1
        else:
            buf.append(c)
            i += 1
    flush()
    while closers:
        out.append(closers.pop().rstrip("\0"))
    text = "".join(out)
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


# --- English titles: title case as written in .bib -> sentence case in CSL --------------------

#: A rich-text tag in a decoded field (``<i>``, ``<span class="nocase">``, ``</span>``...).
_RICH_TAG = re.compile(r"<(?P<close>/)?(?P<tag>i|b|sup|sub|span)(?P<attrs>\s[^>]{0,80})?>")
#: The title fields pandoc's BibTeX reader sentence-cases in English entries (its ``getTitle``
#: fields; journaltitle is not one of them: "The Russian Review" stays as written).
SENTENCE_CASE_FIELDS = frozenset({"title", "subtitle", "titleaddon", "shorttitle", "booktitle", "booksubtitle",
                                  "booktitleaddon", "maintitle", "mainsubtitle", "maintitleaddon", "series",
                                  "origtitle", "issuetitle"})


def is_english(language: str | None) -> bool:
    """True for an entry whose titles follow English title case in a .bib: no language, or a
    BCP 47 tag starting ``en`` (``langid = {british}`` -> ``en-GB``).  Source: pandoc's manual,
    "Capitalization in titles"; biblatex manual §4.7.6 (langid)."""
    return not language or language.lower().split("-")[0] == "en"


def _english_name(name: str) -> bool:
    """A langid/language value (babel name, BCP 47 tag, or empty) that is English or absent."""
    v = name.strip()
    tag = LANGIDS.get(v, LANGIDS.get(v.lower(), v))
    return is_english(tag) or "english" in v.lower()


#: A nocase span holding one capitalised word ("{Africa}" in a .bib title).
_NOCASE_WORD = re.compile(r'<span class="nocase">([^\W\d_][^\W\d_’\'-]*)</span>')


def _plain_capitalised(s: str) -> str:
    """After :func:`sentence_case`, a nocase span around one capitalised word ("Africa",
    "Stalinism") says nothing the word does not say itself: the span is dropped, as pandoc's
    CSL-JSON writer drops it, so a title read from a .bib equals pandoc's item and
    :func:`_protect_capitals` braces the word again on writing."""
    return _NOCASE_WORD.sub(lambda m: m.group(1) if m.group(1)[0].isupper() and m.group(1)[1:].islower() else m.group(0), s)


#: The .bib title fields that make one CSL value: a head, then the parts :func:`entry_to_csl`
#: joins to it (``title: subtitle. titleaddon``), or a field read alone.  Keys and order of
#: :data:`TITLES_KEY`'s groups.
_TITLE_GROUPS: dict[str, tuple[str, ...]] = {
    "title": ("title", "subtitle", "titleaddon"), "maintitle": ("maintitle", "mainsubtitle", "maintitleaddon"),
    "booktitle": ("booktitle", "booksubtitle", "booktitleaddon"), "journaltitle": ("journaltitle", "journalsubtitle"),
    "shorttitle": ("shorttitle",), "series": ("series",), "origtitle": ("origtitle",),
}
#: The CSL item key holding the title fields of a .bib entry as written (decoded to CSL rich
#: text, ``{field: value}``) when the CSL title does not give them back: a title-case English
#: title read in sentence case ("The Making of the English Working Class"), a brace group the
#: reader dropped, a subtitle joined to its title.  :func:`csl_to_entry` writes them again while
#: the CSL value still reads as theirs (docs/json-schema.md).
TITLES_KEY = "citekit-bib-titles"


def _title_part(name: str, value: str, english: bool) -> str:
    """A decoded title field as :func:`entry_to_csl` reads it: sentence case for an English
    entry's :data:`SENTENCE_CASE_FIELDS`, one-word nocase spans dropped (:func:`_plain_capitalised`)."""
    if name not in SENTENCE_CASE_FIELDS:
        return value
    return _plain_capitalised(sentence_case(value) if english else value)


def _joined_title(values: Mapping[str, str], parts: Sequence[str], english: bool) -> str | None:
    """The CSL value of one :data:`_TITLE_GROUPS` group (``values``: decoded fields): the head,
    ``: `` the second part, ``. `` the third, each read by :func:`_title_part`; None without a head."""
    if not values.get(parts[0]):
        return None
    out = _title_part(parts[0], values[parts[0]], english)
    for i, name in enumerate(parts[1:], 1):
        if values.get(name):
            out += (": " if i == 1 else ". ") + _title_part(name, values[name], english)
    return out


def _entry_is_english(fields: Mapping[str, str]) -> bool:
    """True when the ``langid`` and ``language`` fields (LaTeX) of an entry are English or absent."""
    return all(_english_name(decode(fields.get(n, ""), rich=False)) for n in ("langid", "language"))


@lru_cache(maxsize=4096)
def sentence_case(s: str) -> str:
    """An English title-case title (CSL rich text, as :func:`decode` returns it) in sentence case,
    as pandoc's citeproc BibTeX reader converts it (pandoc manual, "Capitalization in titles";
    the rules below were measured with pandoc 3.9 ``-f biblatex -t csljson``):

    - text in a nocase span (a brace group in the .bib) stays as written;
    - every run of letters and digits (split at spaces, hyphens, apostrophes, periods, brace
      groups...) whose only capital is its first letter is lowercased (``Marxism-Leninism`` ->
      ``marxism-leninism``, ``C.P.S.U.`` -> ``c.p.s.u.``); a run with a capital inside (``USSR``,
      ``McCarthy``, ``iPhone``) stays;
    - the first word, and a word after one ending in ``:`` or ``.``, start with a capital;
      a word after ``?`` or ``!`` stays as written.

    Takes and returns a str; markup (``<i>``, spans) is kept in place; idempotent."""
    chars = list(s)
    visible: list[int] = []
    protected: set[int] = set()
    stack: list[bool] = []
    pos = 0
    for m in _RICH_TAG.finditer(s):
        for i in range(pos, m.start()):
            visible.append(i)
            if any(stack):
                protected.add(i)
        if m.group("close"):
            if m.group("tag") == "span" and stack:
                stack.pop()
        elif m.group("tag") == "span":
            stack.append("nocase" in (m.group("attrs") or ""))
        pos = m.end()
    for i in range(pos, len(s)):
        visible.append(i)
        if any(stack):
            protected.add(i)
    text = [chars[i] for i in visible]
    n = len(text)
    k = 0
    mode = "first"  # how the next word is treated: first / capital / keep / lower
    while k < n:
        if text[k].isspace():
            k += 1
            continue
        end = k
        while end < n and not text[end].isspace():
            end += 1
        if mode != "keep":
            r = k
            while r < end:  # runs of unprotected letters and digits
                if not text[r].isalnum() or visible[r] in protected:
                    r += 1
                    continue
                q = r
                while q < end and text[q].isalnum() and visible[q] not in protected:
                    q += 1
                if not any(c.isupper() for c in text[r + 1 : q]):
                    for t in range(r, q):
                        chars[visible[t]] = text[t].lower()
                r = q
            if mode in ("first", "capital"):
                first = next((t for t in range(k, end) if text[t].isalnum()), None)
                if first is not None and visible[first] not in protected and text[first].isalpha():
                    chars[visible[first]] = text[first].upper()
        last = text[end - 1]
        mode = "capital" if last in ":." else "keep" if last in "?!" else "lower"
        k = end
    return "".join(chars)


def _plain(s: str) -> str:
    """CSL rich text without its markup (for names, places, numbers)."""
    return re.sub(r"</?(?:i|b|sup|sub|span)\b[^>]{0,80}>", "", s)


def _names(raw: str, limits: Limits, source: str, key: str, field: str) -> list[dict[str, str]]:
    """A BibTeX name list -> CSL names, via bibtexparser's name splitter.

    ``{Institut für Marxismus}`` (one brace group) is a literal; ``von`` parts become a
    ``dropping-particle`` as pandoc reads them (``non-dropping-particle`` with biblatex's
    ``useprefix=true`` in the extended name format); ``Jr`` a suffix; ``others`` an
    ``{"literal": "others"}`` that the writer turns back into ``and others``."""
    from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names

    if raw.lower().count(" and ") + 1 > limits.max_names:
        raise BibInputError(source, key, field, f"more than {limits.max_names} names")
    out = []
    for name in split_multiple_persons_names(raw):
        name = name.strip()
        if not name:
            continue
        if name.startswith("{") and name.endswith("}") and _one_group(name):
            out.append({"literal": _plain(decode(name[1:-1]))})
            continue
        if re.match(r"(?:family|given|prefix|suffix|useprefix)\s*=", name):
            out.append(_extended_name(name))
            continue
        try:
            parts = parse_single_name_into_parts(name, strict=False)
        except Exception:  # bibtexparser's InvalidNameError and friends: keep the name whole
            out.append({"literal": _plain(decode(name))})
            continue
        d: dict[str, str] = {}
        if parts.last:
            d["family"] = _plain(decode(" ".join(parts.last)))
        if parts.first:
            d["given"] = _plain(decode(" ".join(parts.first)))
        if parts.von:
            d["dropping-particle"] = _plain(decode(" ".join(parts.von)))
        if parts.jr:
            d["suffix"] = _plain(decode(" ".join(parts.jr)))
        out.append(d or {"literal": _plain(decode(name))})
    return out


def _extended_name(name: str) -> dict[str, str]:
    """biblatex's extended name format: ``family=Gogh, given=Vincent, prefix=van, useprefix=true``."""
    parts = {}
    for piece in _split_top(name, ","):
        if "=" in piece:
            k, v = piece.split("=", 1)
            v = v.strip()
            parts[k.strip().lower()] = v[1:-1] if v.startswith("{") and v.endswith("}") and _one_group(v) else v
    d = {}
    if parts.get("family"):
        d["family"] = _plain(decode(parts["family"]))
    if parts.get("given"):
        d["given"] = _plain(decode(parts["given"]))
    if parts.get("prefix"):
        particle = "non-dropping-particle" if parts.get("useprefix", "").lower() == "true" else "dropping-particle"
        d[particle] = _plain(decode(parts["prefix"]))
    if parts.get("suffix"):
        d["suffix"] = _plain(decode(parts["suffix"]))
    return d


def _split_top(s: str, sep: str) -> list[str]:
    out, depth, start = [], 0, 0
    for i, c in enumerate(s):
        depth += (c == "{") - (c == "}")
        if c == sep and depth == 0:
            out.append(s[start:i])
            start = i + 1
    out.append(s[start:])
    return out


def _one_group(s: str) -> bool:
    """``{...}`` is one brace group (not ``{a} and {b}``)."""
    depth = 0
    for i, c in enumerate(s):
        depth += (c == "{") - (c == "}")
        if depth == 0 and i < len(s) - 1:
            return False
    return True


def parse_date(s: str) -> dict[str, Any] | None:
    """A biblatex date (``1917``, ``1917-10-25``, ``1932/1933``, ``1917-21`` spring, ``1917~``
    circa) as a CSL date; anything else is a ``literal`` date.  None for an empty string."""
    s = s.strip()
    if not s:
        return None
    pieces = s.split("/")
    if len(pieces) > 2:
        return {"literal": s}
    parts, season, circa = [], None, False
    for p in pieces:
        p = p.strip()
        if not p or p == "..":
            parts.append([])
            continue
        m = _DATE.fullmatch(p)
        if not m:
            return {"literal": s}
        y = int(m.group("y"))
        one = [y]
        if m.group("m"):
            mo = int(m.group("m"))
            if 21 <= mo <= 24:
                season = mo - 20
            elif 1 <= mo <= 12:
                one.append(mo)
                if m.group("d"):
                    one.append(int(m.group("d")))
            else:
                return {"literal": s}
        circa = circa or "~" in m.group("q") or "%" in m.group("q")
        parts.append(one)
    if len(parts) == 2 and not parts[1]:
        parts = parts[:1] + [[]] if s.endswith("/") else parts
    out: dict[str, Any] = {"date-parts": [p for p in parts if p] if all(parts) else parts}
    if not parts[0]:
        return {"literal": s}
    if len(parts) == 2 and not parts[1]:
        out["date-parts"] = [parts[0]]
        out["citekit-open-range"] = True  # "1917/": an open range
    if season:
        out["season"] = season
    if circa:
        out["circa"] = True
    return out


#: An edition statement that is only an ordinal: "2nd ed", "4th edn.", "7. Aufl.", "2e éd.",
#: "3ª ed.", "2a edizione", "2-e izd." (the number, its ordinal mark, the word for edition).
_NUMBERED_EDITION = re.compile(
    r"""\A(?P<n>\d{1,3})[ \t]?(?:st|nd|rd|th|\.|e|ème|eme|re|ère|ª|º|a|o|-e|-oe)?[ \t]*
        (?:ed|edn|edition|éd|édition|edición|edizione|ediz|edição|Aufl|Auflage|izd|izdanie|uitg|wyd|wydanie)\.?\Z""",
    re.IGNORECASE | re.VERBOSE,
)
#: English ordinal words an edition may be written with ("Second edition").
_ORDINAL_WORDS = {w: str(i) for i, w in enumerate("first second third fourth fifth sixth seventh eighth ninth tenth".split(), 1)}
#: A word edition statements abbreviate with a full stop, at the end of the statement
#: ("rev. ed", "2., erw. Aufl", "éd. augm"); British "edn" takes none (New Hart's Rules 10.2).
_ABBREVIATED_END = re.compile(r"(?<![^\W\d_])(?:ed|éd|Aufl|rev|enl|corr|erw|verb|überarb|durchges|bearb|augm|ampl|aum|accr|ediz|izd)\Z",
                              re.IGNORECASE)


def csl_edition(value: str) -> str:
    """An edition statement as CSL ``edition`` wants it (CSL 1.0.2 "Number variables": a
    number lets the style print its ordinal and its locale's "ed." / "Aufl." / "éd."):
    ``"2nd ed"`` -> ``"2"``, ``"7. Aufl."`` -> ``"7"``, ``"Second edition"`` -> ``"2"``
    (citeproc-js renders ``edition: "2"`` as "2nd ed." in chicago-notes-bibliography and
    "2. Aufl." in de-DE styles).  Any other statement is kept as written, with the full
    stop of a final abbreviation restored when parsing dropped it (``"rev. ed"`` ->
    ``"rev. ed."``, ``"2., erw. Aufl"`` -> ``"2., erw. Aufl."``), so styles that print it
    as is do not give "2nd ed (Oxford"."""
    v = " ".join(str(value).split())
    m = _NUMBERED_EDITION.match(v)
    if m:
        return str(int(m.group("n")))
    words = v.lower().rstrip(".").split()
    if len(words) == 2 and words[0] in _ORDINAL_WORDS and words[1] in ("ed", "edn", "edition"):
        return _ORDINAL_WORDS[words[0]]
    if _ABBREVIATED_END.search(v):
        return v + "."
    return v


def _bib_date(entry: Mapping[str, str]) -> dict[str, Any] | None:
    """``date`` or BibTeX's ``year`` (+ ``month``, ``day``) as a CSL date."""
    if entry.get("date"):
        return parse_date(decode(entry["date"], rich=False))
    year = decode(entry.get("year", ""), rich=False)
    if not year:
        return None
    if not re.fullmatch(r"-?\d{1,4}", year):
        return {"literal": year}
    one = [int(year)]
    month = decode(entry.get("month", ""), rich=False).lower().rstrip(".")
    mo = int(month) if month.isdecimal() and month.isascii() else MONTHS.get(month)
    if mo and 1 <= mo <= 12:
        one.append(mo)
        day = entry.get("day", "").strip()
        if day.isdecimal() and day.isascii():
            one.append(int(day))
    return {"date-parts": [one]}


def entry_to_csl(entry: Any, source: str = "<bib>", *, limits: Limits = DEFAULT_LIMITS, sentence_case_titles: bool = True) -> dict[str, Any]:
    """One entry (a :class:`BibEntry` or a bibtexparser entry) as a CSL-JSON item, through
    :data:`FIELDS`; the bib fields the table does not map are kept under ``citekit-bib``
    (raw LaTeX).  :class:`BibInputError` for a field nested too deep or with too many names."""
    fd = entry.fields_dict
    f = {k.lower(): str(v.value if hasattr(v, "value") else v).strip() for k, v in fd.items()}
    f = {ALIASES.get(k, k) if ALIASES.get(k, k) not in f else k: v for k, v in f.items()}
    key = str(entry.key)
    etype = entry.entry_type.lower()
    for name, value in f.items():
        _check_depth(value, limits, source, key, name)
    sub = (f.get("entrysubtype") or "").strip().lower()
    csl: dict[str, Any] = {"id": key, "type": BIB_TO_CSL_TYPE.get(etype, "book")}
    if etype == "article" and sub in ("magazine", "newspaper"):
        csl["type"] = f"article-{sub}"
    elif etype == "misc" and sub and sub in CSL_TO_BIB_TYPE.keys() | {"map", "interview", "speech", "broadcast", "post",
                                                                       "post-weblog", "entry", "entry-dictionary", "article",
                                                                       "bill", "hearing", "regulation", "standard",
                                                                       "treaty", "classic", "collection", "event",
                                                                       "figure", "musical_score", "performance"}:
        csl["type"] = sub
    elif sub:
        csl["citekit-entrysubtype"] = decode(sub)
    default_back = CSL_TO_BIB_TYPE.get(csl["type"], "misc")
    if etype != default_back and not (etype == "misc" and csl["type"] not in CSL_TO_BIB_TYPE):
        csl["citekit-bibtype"] = etype
    extra: dict[str, str] = {}
    # English titles (langid English or absent) are title case in a .bib and sentence case in
    # CSL (pandoc's manual, "Capitalization in titles"); a `language` field naming another
    # language counts too (pandoc reads langid/hyphenation only)
    english = sentence_case_titles and _entry_is_english(f)

    def td(name: str) -> str:
        return _title_part(name, decode(f[name]), english)

    for name, value in f.items():
        if name in _BY_BIB:
            var, kind = _BY_BIB[name]
            if var in csl and name in ("booktitle", "journaltitle"):
                continue
            if kind == "names":
                names = _names(value, limits, source, key, name)
                if names:
                    csl[var] = names
            elif kind == "date":
                if name == "date":
                    continue  # below, with year/month
                d = parse_date(decode(value, rich=False))
                if d:
                    csl[var] = d
            elif kind == "verbatim":
                csl[var] = value.replace("\\%", "%").replace("\\_", "_").replace("\\&", "&").replace("\\#", "#").strip()
            elif kind == "lang":
                v = decode(value, rich=False)
                csl[var] = LANGIDS.get(v, LANGIDS.get(v.lower(), v))
            else:
                v = decode(value)
                if v and name in SENTENCE_CASE_FIELDS:
                    v = _plain_capitalised(sentence_case(v) if english else v)
                if v:
                    csl[var] = v if var in ("title", "title-short", "container-title", "collection-title",
                                            "original-title", "event-title", "note", "abstract", "citekit-addendum") else _plain(v)
        elif name not in _STRUCTURE:
            extra[name] = value
    # titles: title + subtitle (+ titleaddon), maintitle, booktitle + booksubtitle (pandoc's rules)
    def joined(a: str, b: str, c: str | None = None) -> str | None:
        if not f.get(a):
            return None
        t = td(a)
        if f.get(b):
            t = f"{t}: {td(b)}"
        if c and f.get(c):
            t = f"{t}. {td(c)}"
        return t
    title = joined("title", "subtitle", "titleaddon")
    if title:
        csl["title"] = title
        if f.get("subtitle") and "title-short" not in csl:
            csl["title-short"] = td("title")
            csl["citekit-subtitle"] = True
    main = joined("maintitle", "mainsubtitle", "maintitleaddon")
    container = joined("booktitle", "booksubtitle", "booktitleaddon") or joined("journaltitle", "journalsubtitle")
    if container:
        csl["container-title"] = container
    if main:
        if csl["type"] in _CHAPTERISH:  # a chapter in a volume of a multi-volume work
            if container:
                csl["volume-title"] = container
            csl["container-title"] = main
        else:
            if title:
                csl["volume-title"] = title
            csl["title"] = main
            csl.pop("title-short", None)
            csl.pop("citekit-subtitle", None)
    issued = _bib_date(f)
    if issued:
        csl["issued"] = issued
    if f.get("month") and not f.get("year") and not f.get("date"):
        extra["month"] = f["month"]
    # type-dependent fields
    if f.get("number"):
        num = _plain(decode(f["number"]))
        if csl["type"] in _ARTICLEISH:
            csl["issue"] = num
        elif f.get("series") and csl["type"] not in ("report",):
            csl["collection-number"] = num
        else:
            csl["number"] = num
    if f.get("type"):
        t = decode(f["type"])
        csl["genre"] = {"phdthesis": "PhD thesis", "mathesis": "Master's thesis", "candthesis": "Candidate thesis"}.get(t, t)
    elif etype == "phdthesis":
        csl["genre"] = "PhD thesis"
    elif etype == "mastersthesis":
        csl["genre"] = "Master's thesis"
    for who in ("institution", "organization", "howpublished"):
        if f.get(who):
            v = _plain(decode(f[who]))
            if "publisher" not in csl:
                csl["publisher"] = v
                if who != "publisher" and (who != "institution" or csl["type"] not in ("thesis", "report")):
                    csl["citekit-publisher-field"] = who
            else:
                extra[who] = f[who]
    for var in ("publisher", "publisher-place", "original-publisher", "original-publisher-place"):
        if var in csl and re.search(r"\sand\s", f.get(_BY_CSL[var][0], "")):
            csl[var] = "; ".join(p.strip() for p in _split_and(csl[var]))
    if f.get("aliases"):
        csl["citekit-aliases"] = [p.strip() for p in decode(f["aliases"], rich=False).split(";") if p.strip()]
    for parts in _TITLE_GROUPS.values():  # a subtitle or addon without its title joins nothing: kept raw
        if not f.get(parts[0]):
            extra.update((p, f[p]) for p in parts[1:] if f.get(p))
    if extra:
        csl["citekit-bib"] = extra
    if sentence_case_titles:
        kept = _titles_not_given_back(csl, f, english)
        if kept:
            csl[TITLES_KEY] = kept
    return csl


def _titles_not_given_back(csl: Mapping[str, Any], f: Mapping[str, str], english: bool) -> dict[str, str]:
    """The title fields of an entry (``f``: field -> LaTeX, aliases and crossref resolved) that
    :func:`csl_to_entry` would not write back from ``csl``, decoded: each :data:`_TITLE_GROUPS`
    group whose decoded fields differ from the writer's (a title-case English title it writes in
    sentence case, a brace group :func:`_plain_capitalised` dropped, a subtitle it joins to the
    title), all of the group's fields, so the writer can check the whole CSL value against them.
    A group read as the writer writes it (pandoc's CSL-JSON written as biblatex) keeps nothing,
    so CSL-JSON -> .bib -> CSL-JSON adds no key.  The writer is run only for an entry with a
    group the reader changed or joined."""
    changed: dict[str, dict[str, str]] = {}
    for head, parts in _TITLE_GROUPS.items():
        if f.get(head):
            mine = {p: decode(f[p]) for p in parts if f.get(p)}
            if len(mine) > 1 or any(_title_part(p, v, english) != v for p, v in mine.items()):
                changed[head] = mine
    if not changed:
        return {}
    _, back = csl_to_entry(csl)
    out: dict[str, str] = {}
    for head, mine in changed.items():
        if mine != {p: decode(back[p]) for p in _TITLE_GROUPS[head] if back.get(p)}:
            out.update(mine)
    return out


def _split_and(s: str) -> list[str]:
    return [p for p in re.split(r"\s+and\s+", s) if p.strip()]


# --- CSL-JSON validation ---------------------------------------------------------------------


def validate_csl(item: Any, source: str = "<csl-json>", index: int = 0, *, limits: Limits = DEFAULT_LIMITS) -> dict[str, Any]:
    """A CSL-JSON item checked against the shapes of the CSL-JSON schema (1.0) and normalised:
    ``citation-key`` (CSL 1.0.2) is the id when present; numeric string date parts become
    integers (the schema allows strings); string variables may be numbers.

    Raises :class:`BibInputError` naming ``source``, the item (its id, else ``#index``) and the
    field: not an object, no id, a name list that is not a list of objects of strings or longer
    than ``limits.max_names``, a date that is not an object with ``date-parts`` lists of
    integers, ``literal``, ``raw`` or ``season``, a string variable holding a list or object."""
    if not isinstance(item, dict):
        raise BibInputError(source, f"#{index + 1}", None, f"a CSL-JSON item must be an object, not {type(item).__name__}")
    raw_id = item.get("citation-key") or item.get("id")
    label = str(raw_id) if isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool) else f"#{index + 1}"
    if not isinstance(raw_id, (str, int)) or isinstance(raw_id, bool) or not str(raw_id).strip():
        raise BibInputError(source, label, "id", "missing or not a string")
    out: dict[str, Any] = {}
    for k, v in item.items():
        if not isinstance(k, str):
            raise BibInputError(source, label, str(k), "field names must be strings")
        if k.startswith("citekit-") or k in ("custom", "id", "citation-key"):
            out[k] = v
            continue
        if k in NAME_VARIABLES:
            out[k] = _valid_names(v, limits, source, label, k)
        elif k in DATE_VARIABLES:
            out[k] = _valid_date(v, source, label, k)
        elif k == "type":
            if not isinstance(v, str):
                raise BibInputError(source, label, k, f"expected a string, got {type(v).__name__}")
            out[k] = v
        elif v is None:
            continue
        elif isinstance(v, bool) or not isinstance(v, (str, int, float)):
            raise BibInputError(source, label, k, f"expected a string or number, got {type(v).__name__}")
        else:
            out[k] = v
    out["id"] = str(raw_id)
    return out


def _valid_names(v: Any, limits: Limits, source: str, label: str, k: str) -> list[dict[str, Any]]:
    if not isinstance(v, list):
        raise BibInputError(source, label, k, f"expected a list of names, got {type(v).__name__}")
    if len(v) > limits.max_names:
        raise BibInputError(source, label, k, f"{len(v)} names, more than the limit of {limits.max_names}")
    out = []
    for i, n in enumerate(v):
        if not isinstance(n, dict):
            raise BibInputError(source, label, f"{k}[{i}]", f"a name must be an object, not {type(n).__name__}")
        for part, value in n.items():
            if isinstance(value, bool) and part in ("parse-names", "comma-suffix", "static-ordering"):
                continue
            if not isinstance(value, (str, int, float)) or isinstance(value, bool):
                raise BibInputError(source, label, f"{k}[{i}].{part}", f"expected a string, got {type(value).__name__}")
        out.append({p: (x if isinstance(x, (str, bool)) else str(x)) for p, x in n.items()})
    return out


def _valid_date(v: Any, source: str, label: str, k: str) -> dict[str, Any]:
    if isinstance(v, str):  # not in the schema, but common: an EDTF string
        return parse_date(v) or {"literal": v}
    if not isinstance(v, dict):
        raise BibInputError(source, label, k, f"expected a date object, got {type(v).__name__}")
    out = dict(v)
    if "date-parts" in v:
        parts = v["date-parts"]
        if not isinstance(parts, list) or len(parts) > 2 or not all(isinstance(p, list) and len(p) <= 3 for p in parts):
            raise BibInputError(source, label, k, "date-parts must be a list of one or two lists of up to three parts")
        norm = []
        for p in parts:
            one = []
            for x in p:
                if isinstance(x, bool) or not isinstance(x, (int, str, float)):
                    raise BibInputError(source, label, k, f"a date part must be an integer, got {type(x).__name__}")
                try:
                    one.append(int(str(x).strip()))
                except ValueError:
                    raise BibInputError(source, label, k, f"date part {x!r} is not a number") from None
            norm.append(one)
        out["date-parts"] = norm
    if "season" in v:
        s = v["season"]
        if isinstance(s, str) and s.strip().lower() in SEASONS:
            out["season"] = SEASONS[s.strip().lower()]
        else:
            try:
                out["season"] = int(str(s).strip())
            except ValueError:
                raise BibInputError(source, label, k, f"season {s!r} is not 1-4 or a season name") from None
            if not 1 <= out["season"] <= 4:
                raise BibInputError(source, label, k, f"season {s!r} is not 1-4")
    for part in ("literal", "raw"):
        if part in v and not isinstance(v[part], (str, int)):
            raise BibInputError(source, label, k, f"{part} must be a string")
    return out


# --- writing ------------------------------------------------------------------------------


def latex_escape(s: str, *, ascii_accents: bool = False) -> str:
    """Unicode text -> LaTeX: specials escaped (``&`` -> ``\\&``); with ``ascii_accents`` (BibTeX
    output) accented Latin letters as ``{\\'e}`` (:data:`LATEX_ACCENTS`, :data:`LATEX_LETTERS`)."""
    out = []
    for ch in s:
        if ch in _SPECIALS:
            out.append(_SPECIALS[ch])
        elif ascii_accents and not ch.isascii():
            if ch in LATEX_LETTERS:
                out.append("{" + LATEX_LETTERS[ch] + "}")
                continue
            d = unicodedata.normalize("NFD", ch)
            if len(d) >= 2 and d[0].isascii() and all(m in LATEX_ACCENTS for m in d[1:]):
                base = r"\i" if d[0] == "i" and d[1] not in ("\u0327", "\u0328", "\u0323") else d[0]
                for m in d[1:]:
                    cmd = LATEX_ACCENTS[m]
                    base = f"\\{cmd}{base}" if not cmd.isalpha() else f"\\{cmd}{{{base}}}"
                out.append("{" + base + "}")
            else:
                out.append(ch)
        else:
            out.append(ch)
    return "".join(out)


#: CSL rich-text tags read back to LaTeX (the inverse of :data:`_RICH` and nocase).
_TAG = re.compile(r'<(?P<close>/)?(?P<tag>i|b|sup|sub|span)(?P<attrs>\s[^>]{0,80})?>')


def encode(s: str, *, ascii_accents: bool = False) -> str:
    """CSL rich text -> a LaTeX field value: ``<span class="nocase">x</span>`` -> ``{x}``,
    ``<i>x</i>`` -> ``\\emph{x}``, text escaped by :func:`latex_escape`."""
    out, stack, pos = [], [], 0
    for m in _TAG.finditer(s):
        out.append(latex_escape(s[pos : m.start()], ascii_accents=ascii_accents))
        pos = m.end()
        if m.group("close"):
            out.append(stack.pop() if stack else "")
            continue
        tag, attrs = m.group("tag"), m.group("attrs") or ""
        if tag == "span" and "nocase" in attrs:
            out.append("{")
        elif tag == "span" and "small-caps" in attrs:
            out.append(r"\textsc{")
        elif tag == "span":
            out.append("{")
        else:
            out.append({"i": r"\emph{", "b": r"\textbf{", "sup": r"\textsuperscript{", "sub": r"\textsubscript{"}[tag])
        stack.append("}")
    out.append(latex_escape(s[pos:], ascii_accents=ascii_accents))
    out.extend(stack[::-1])
    return "".join(out)


def _name_to_bib(n: Mapping[str, Any], ascii_accents: bool) -> str:
    def e(x: Any) -> str:
        return latex_escape(str(x), ascii_accents=ascii_accents)

    if n.get("literal"):
        return "others" if n["literal"] == "others" else "{" + e(n["literal"]) + "}"
    family, given = e(n.get("family", "")), e(n.get("given", ""))
    if n.get("non-dropping-particle"):
        parts = [f"family={{{family}}}"] + ([f"given={{{given}}}"] if given else [])
        parts += [f"prefix={{{e(n['non-dropping-particle'])}}}", "useprefix=true"]
        if n.get("suffix"):
            parts.append(f"suffix={{{e(n['suffix'])}}}")
        return ", ".join(parts)
    if " " in family and not n.get("dropping-particle") or (family[:1].islower() and not n.get("dropping-particle")):
        family = "{" + family + "}"  # a compound family name stays one name
    von = e(n["dropping-particle"]) + " " if n.get("dropping-particle") else ""
    out = von + family
    if n.get("suffix"):
        out += ", " + e(n["suffix"])
    if given or n.get("suffix"):
        out += ", " + given
    return out


def _date_to_bib(d: Mapping[str, Any]) -> str | None:
    parts = d.get("date-parts") or []
    if not parts or not parts[0]:
        if d.get("raw"):
            parsed = parse_date(str(d["raw"]))
            return None if parsed is None or "literal" in parsed else _date_to_bib(parsed)
        return None
    pieces = []
    for i, p in enumerate(parts[:2]):
        nums = [int(str(x).strip()) for x in p[:3] if str(x).strip().lstrip("-").isdecimal() and str(x).strip().isascii()]
        if not nums:
            continue
        y = f"{nums[0]:04d}" if nums[0] >= 0 else f"-{-nums[0]:04d}"
        if len(nums) == 1 and d.get("season") and i == 0:
            season = d["season"]
            season = SEASONS.get(str(season).lower(), season)
            try:
                y += f"-{20 + int(season):02d}"
            except (TypeError, ValueError):
                pass
        for x in nums[1:]:
            y += f"-{x:02d}"
        if d.get("circa"):
            y += "~"
        pieces.append(y)
    if not pieces:
        return None
    return "/".join(pieces) + ("/" if d.get("citekit-open-range") else "")


def csl_to_entry(item: Mapping[str, Any], *, biblatex: bool = True) -> tuple[str, dict[str, str]]:
    """The entry type and fields (LaTeX, ready to write) of a CSL-JSON item: the inverse of
    :func:`entry_to_csl` through :data:`FIELDS`; BibTeX (``biblatex=False``) writes
    ``journal``/``address``/``year``/``month`` and BibTeX entry types, keeps ``date`` too
    when it says more than year and month, and encodes accents.  English titles get their
    capitalised words braced (:func:`_protect_capitals`), except the title fields an item read
    from a .bib kept under :data:`TITLES_KEY`, written as the .bib had them (:func:`_restore_titles`)."""
    asc = not biblatex
    typ = str(item.get("type") or "book")
    etype = str(item.get("citekit-bibtype") or CSL_TO_BIB_TYPE.get(typ, "misc"))
    f: dict[str, str] = {}
    if etype == "misc" and typ not in ("document",) and typ not in CSL_TO_BIB_TYPE:
        f["entrysubtype"] = typ
    if typ in ("article-magazine", "article-newspaper"):
        f["entrysubtype"] = typ.split("-", 1)[1]
    if item.get("citekit-entrysubtype"):
        f["entrysubtype"] = encode(str(item["citekit-entrysubtype"]))
    for var, value in item.items():
        if value in (None, "", []) or var in ("id", "type"):
            continue
        if var not in _BY_CSL:
            continue
        bib, kind = _BY_CSL[var]
        if kind == "names":
            if isinstance(value, list):
                f[bib] = " and ".join(_name_to_bib(n, asc) for n in value if isinstance(n, dict))
        elif kind == "date":
            d = _date_to_bib(value) if isinstance(value, dict) else None
            if d:
                f[bib] = d
            elif isinstance(value, dict) and value.get("literal"):
                f[bib if bib != "date" else "year"] = encode(str(value["literal"]), ascii_accents=asc)
        elif kind == "verbatim":
            f[bib] = str(value)
        elif kind == "lang":
            f[bib] = _LANG_NAME.get(str(value), str(value))
        elif var in ("title", "container-title", "title-short"):
            continue  # below
        else:
            f[bib] = encode(str(value), ascii_accents=asc)
    title, short = item.get("title"), item.get("title-short")
    if item.get("volume-title") and title:
        f["maintitle"] = encode(str(title), ascii_accents=asc)
        title = item["volume-title"]
    if title:
        title = str(title)
        if item.get("citekit-subtitle") and short and title.startswith(f"{short}: "):
            f["title"] = encode(str(short), ascii_accents=asc)
            f["subtitle"] = encode(title[len(str(short)) + 2 :], ascii_accents=asc)
        else:
            f["title"] = encode(title, ascii_accents=asc)
            if short:
                f["shorttitle"] = encode(str(short), ascii_accents=asc)
    elif short:
        f["shorttitle"] = encode(str(short), ascii_accents=asc)
    if item.get("container-title"):
        ct = encode(str(item["container-title"]), ascii_accents=asc)
        if typ in _ARTICLEISH or etype == "article":
            f["journaltitle"] = ct
        elif item.get("volume-title") and typ in _CHAPTERISH:
            f["maintitle"], f["booktitle"] = ct, f.pop("title", "")
            if item.get("title"):
                f["title"] = encode(str(item["title"]), ascii_accents=asc)
        else:
            f["booktitle"] = ct
    for var in ("issue", "collection-number", "number"):
        if item.get(var) not in (None, ""):
            f["number"] = encode(str(item[var]), ascii_accents=asc)
    if item.get("genre"):
        g = str(item["genre"])
        f["type"] = {"PhD thesis": "phdthesis", "Master's thesis": "mathesis"}.get(g, encode(g, ascii_accents=asc)) if typ == "thesis" else encode(g, ascii_accents=asc)
    if item.get("publisher"):
        where = item.get("citekit-publisher-field") or ("institution" if typ in ("thesis", "report") else "publisher")
        pub = str(item["publisher"])
        f.pop("publisher", None)
        f[where] = " and ".join(encode(p.strip(), ascii_accents=asc) for p in pub.split(";")) if ";" in pub else encode(pub, ascii_accents=asc)
    if item.get("publisher-place") and ";" in str(item["publisher-place"]):
        f["location"] = " and ".join(encode(p.strip(), ascii_accents=asc) for p in str(item["publisher-place"]).split(";"))
    if item.get("citekit-aliases"):
        f["aliases"] = "; ".join(str(a) for a in item["citekit-aliases"])
    from_csl = set(f)  # fields written from CSL values; citekit-bib's raw LaTeX is copied as it is
    for k, v in (item.get("citekit-bib") or {}).items():
        f.setdefault(str(k), str(v))
    english = _entry_is_english(f)  # as the reader will judge the written entry
    if english:
        for name in SENTENCE_CASE_FIELDS & from_csl:
            f[name] = _protect_capitals(f[name])
    _restore_titles(item, f, english, asc)
    if not biblatex:
        etype = BIBTEX_TYPE.get(etype, etype)
        if etype == "misc" and typ != "document":
            f.setdefault("entrysubtype", typ)  # read back as the same CSL type
        if "journaltitle" in f:
            f["journal"] = f.pop("journaltitle")
        if "location" in f:
            f["address"] = f.pop("location")
        issued = item.get("issued") if isinstance(item.get("issued"), dict) else {}
        parts = (issued.get("date-parts") or [[]])[0] if issued else []
        if parts and "date" in f:
            f["year"] = str(parts[0])
            if len(parts) > 1:
                f["month"] = str(parts[1])
            if len(parts) < 3 and len(issued.get("date-parts") or []) < 2 and not issued.get("season") and not issued.get("circa"):
                del f["date"]
    return etype, f


def _restore_titles(item: Mapping[str, Any], f: dict[str, str], english: bool, asc: bool) -> None:
    """Put back, in ``f`` (field -> LaTeX, as :func:`csl_to_entry` wrote it from the CSL values),
    the title fields of the item's :data:`TITLES_KEY` group by group, each group only while the
    written fields still read (:func:`_joined_title`, the reader's rule) as the kept fields do: an
    edited CSL title wins and is written as it is.  A restored title with its subtitle drops the
    ``shorttitle`` the writer added for a title-short the reader made from the title."""
    kept = item.get(TITLES_KEY)
    if not isinstance(kept, Mapping) or not kept:
        return
    for head, parts in _TITLE_GROUPS.items():
        if not f.get(head) or not kept.get(head):
            continue
        mine = {p: str(kept[p]) for p in parts if kept.get(p)}
        written = {p: decode(f[p]) for p in parts if f.get(p)}
        if _joined_title(mine, parts, english) != _joined_title(written, parts, english):
            continue
        for p in parts:
            if p in mine:
                f[p] = encode(mine[p], ascii_accents=asc)
            else:
                f.pop(p, None)
        if (head == "title" and "subtitle" in mine and item.get("citekit-subtitle") and "shorttitle" not in kept
                and item.get("title-short") == _title_part("title", mine["title"], english)):
            f.pop("shorttitle", None)


#: A word that starts with a capital, outside braces (so no \\command or accent group).
_CAPITAL_WORD = re.compile(r"(?<![{\\\w])([A-Z][^\s{}\\:;,.?!()\[\]]*)")


def _protect_capitals(latex: str) -> str:
    """Brace the capitalised words of an English title a reader would lowercase (every word but
    the first and one after ":"/"."/"?"/"!"), so that :func:`sentence_case` on reading gives back
    the CSL title as it was (Better BibTeX does the same on export): "colonial Africa" ->
    "colonial {Africa}"."""
    out = []
    pos = 0
    first = True
    for m in _CAPITAL_WORD.finditer(latex):
        before = latex[:m.start()].rstrip()
        starts = first and not before or before.endswith((":", ".", "?", "!"))
        first = False
        out.append(latex[pos : m.start()])
        out.append(m.group(1) if starts or not m.group(1)[1:].islower() and len(m.group(1)) > 1 else "{" + m.group(1) + "}")
        pos = m.end()
    out.append(latex[pos:])
    return "".join(out)


def bib_key(key: str) -> str:
    """A key BibTeX and biber read: whitespace and ``,{}%#"'()=\\~`` replaced by ``-``."""
    return _KEY_UNSAFE.sub("-", key.strip()) or "item"


def write_bib(items: Iterable[Mapping[str, Any]], *, biblatex: bool = True) -> str:
    """BibTeX or biblatex text of CSL-JSON items (bibtexparser v2 writes it).  Keys are
    :func:`bib_key`'s and unique case-folded (``a b`` and ``a-b`` -> ``a-b``, ``a-b-2``)."""
    import bibtexparser
    from bibtexparser.library import Library
    from bibtexparser.model import Entry, Field

    lib = Library()
    taken: set[str] = set()
    for item in items:
        etype, fields = csl_to_entry(item, biblatex=biblatex)
        key = _unique(bib_key(str(item.get("citation-key") or item.get("id") or "item")), taken)
        lib.add(Entry(etype, key, [Field(k, "{" + v + "}") for k, v in fields.items()]))
    fmt = bibtexparser.BibtexFormat()
    fmt.indent = "  "
    return bibtexparser.write_string(lib, unparse_stack=[], bibtex_format=fmt)


def read_csl_items(items: Sequence[Any], source: str = "<csl-json>", *, limits: Limits = DEFAULT_LIMITS) -> list[dict[str, Any]]:
    """Validated CSL-JSON items (:func:`validate_csl` on each)."""
    return [validate_csl(it, source, i, limits=limits) for i, it in enumerate(items)]


# --- pandoc Markdown front matter -------------------------------------------------------------

#: The YAML front matter block at the very start of a pandoc Markdown file (``---`` ... ``---``
#: or ``...``), at most 1,000,000 characters (inline ``references:`` can be long).  The lazy
#: body tries each line end once: linear.
_FRONT = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(?P<body>.{0,1000000}?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
#: Bytes of a Markdown file read for its front matter.
FRONT_MATTER_BYTES = 1_000_000
#: A top-level ``references:`` key in the front matter (pandoc's inline CSL YAML items).
_REFS_LINE = re.compile(r"(?m)^references:")
#: ``bibliography: x.bib`` / ``bibliography: [a.bib, b.json]`` / ``bibliography:`` + ``- a.bib`` lines.
_BIB_LINE = re.compile(r"(?m)^bibliography:[ \t]*(?P<value>[^\n]{0,2000})$")
_LIST_ITEM = re.compile(r"[ \t]{0,20}-[ \t]+(?P<item>[^\n]{1,1000})")


#: Suffixes of the files whose YAML front matter names a bibliography (pandoc Markdown).
FRONT_MATTER_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".pandoc", ".txt")


def front_matter_library(path: str | os.PathLike[str]) -> list[str] | None:
    """The library a pandoc Markdown file's YAML front matter gives, for a caller given no
    library, as pandoc does without ``--bibliography``: its inline ``references:`` as one list
    of CSL items (first: pandoc lets them win over a file's entry of the same id,
    :func:`front_matter_references`), then its ``bibliography:`` files resolved against the
    file's folder (:func:`front_matter_bibliography`).  None for other files, for none named,
    and for anything unreadable or not a regular file (the loader reports those, and a FIFO
    named notes.md must not block here).  Reads at most :data:`FRONT_MATTER_BYTES`.
    Raises what :func:`front_matter_references` raises for malformed inline references."""
    from pathlib import Path

    from .load.text import check_regular

    p = Path(path)
    if p.suffix.lower() not in FRONT_MATTER_SUFFIXES:
        return None
    try:
        check_regular(p)
        with open(p, "rb") as fh:
            head = fh.read(FRONT_MATTER_BYTES).decode("utf-8", "replace")
    except (CitekitError, OSError):
        return None
    refs = front_matter_references(head, str(p))
    found: list[Any] = ([refs] if refs else []) + front_matter_bibliography(head, str(p.parent))
    return found or None


def _yaml_date(value: Any) -> Any:
    """A CSL YAML date as pandoc accepts it (``2006``, ``2006-05``, ``2006-05-01``, a YAML date)
    in CSL-JSON's ``date-parts`` shape; anything else unchanged (validated afterwards)."""
    import datetime

    if isinstance(value, (datetime.date, datetime.datetime)):
        return {"date-parts": [[value.year, value.month, value.day]]}
    if isinstance(value, int) and not isinstance(value, bool):
        return {"date-parts": [[value]]}
    if isinstance(value, str) and re.fullmatch(r"-?\d{1,4}(?:-\d{1,2}){0,2}", value.strip()):
        parts = value.strip().lstrip("-").split("-")
        year = -int(parts[0]) if value.strip().startswith("-") else int(parts[0])
        return {"date-parts": [[year, *(int(x) for x in parts[1:])]]}
    return value


def front_matter_references(text: str, source: str = "<markdown>") -> list[dict[str, Any]]:
    """The CSL items of a pandoc Markdown document's inline ``references:`` (YAML front matter;
    pandoc's manual, "Specifying bibliographic data": CSL YAML, dates as ``2006`` or
    ``2006-05-01`` or ``date-parts``), each validated like CSL-JSON (:func:`validate_csl`);
    ``[]`` when there are none.  Read with PyYAML's safe loader.  Raises
    :class:`KnowledgeBaseError` naming ``source`` and the line for YAML that does not parse, and
    :class:`BibInputError` naming the item and field for an item of the wrong shape."""
    m = _FRONT.match(text)
    if not m or not _REFS_LINE.search(m.group("body")):
        return []
    import yaml

    try:
        data = yaml.safe_load(m.group("body"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 2}" if mark is not None else ""  # the body starts on line 2
        raise KnowledgeBaseError(f"{source}:{where}: the YAML front matter does not parse: {getattr(exc, 'problem', None) or exc}") from None
    refs = data.get("references") if isinstance(data, dict) else None
    if not refs:
        return []
    if not isinstance(refs, list):
        raise KnowledgeBaseError(f"{source}: front matter 'references' must be a list of items, not {type(refs).__name__}")
    out = []
    for i, item in enumerate(refs):
        if isinstance(item, dict):
            item = {k: (_yaml_date(v) if k in DATE_VARIABLES else v) for k, v in item.items()}
        out.append(validate_csl(item, f"{source} (front matter references)", i))
    return out


def front_matter_bibliography(text: str, base: str | None = None) -> list[str]:
    """The bibliography files a pandoc Markdown document names in its YAML front matter
    (``bibliography:``, a scalar, a flow list or a block list; pandoc's manual, "Citations"),
    each resolved against ``base`` (the document's folder) when it exists there, else kept
    as written (pandoc resolves against the working directory).  ``[]`` when there is none."""
    import os

    m = _FRONT.match(text)
    if not m:
        return []
    body = m.group("body")
    b = _BIB_LINE.search(body)
    if not b:
        return []
    value = b.group("value").strip()
    names: list[str] = []
    if value.startswith("["):
        names = [v.strip() for v in value.strip("[]").split(",")]
    elif value:
        names = [value]
    else:
        for line in body[b.end() + 1 :].splitlines():
            lm = _LIST_ITEM.fullmatch(line)
            if not lm:
                break
            names.append(lm.group("item").strip())
    out = []
    for n in names:
        n = n.strip().strip("'\"")
        if not n:
            continue
        if base and not os.path.isabs(n) and os.path.exists(os.path.join(base, n)):
            n = os.path.join(base, n)
        out.append(n)
    return out
