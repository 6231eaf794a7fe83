"""``citekit convert``: hand-typed citations to pandoc Markdown or biblatex LaTeX.

:func:`convert` rewrites the text of an :class:`~citekit.model.Extraction`:

* every resolved citation becomes a managed one — Markdown ``[@lenin1977collected, vol. 30,
  p. 208]``, several works in one parenthesis or note ``[@a, p. 3; @b]``, a relation kept as
  a prefix (``[See @berkman1925bolshevik, pp. 42-43]``, ``[@a, p. 5; quoted in @b, p. 121]``);
  LaTeX ``\\autocite[208]{key}``, ``\\autocite[vol.~30, p.~208]{key}``, ``\\autocites`` for several;
* parentheses that hold nothing but citations are the citation's delimiters and are replaced
  with it (pandoc's brackets are the parenthetical form); everything else is copied
  character for character;
* Markdown: note markers become ``[^n]`` and note numbers ``[^n]: `` (pandoc footnotes, kept
  where they stand); LaTeX: each note's body moves into ``\\footnote{…}`` at its marker;
* citations that are not resolved (or name a newspaper issue, which a record without the
  date would lose; an author-date key with no reference-list entry; an ambiguous ibid.) are
  left as written and listed in :attr:`Conversion.kept`; notes with no marker and a typed
  reference list that could not be replaced in :attr:`Conversion.notices`;
* Markdown input is rewritten in its source (front matter, footnotes, emphasis kept); a typed
  reference list whose every entry went into the .bib becomes ``::: {#refs}`` /
  ``\\printbibliography`` (docs/convert.md).

Bib keys (:func:`bib_keys`): first author's (else editor's) family name folded to ASCII
lower case, the year, and the first word of the title that is not an article or
preposition — ``lenin1977collected`` — with ``-2``, ``-3`` … for works that would share
one (numbered in the order of citekit's record keys, so the same text always gives the
same keys).  No author: the first two title words; no year: none.

The .bib (:func:`bib_item`): the record's fields plus its short title, a periodical article's
volume, issue and page range, and a non-English title's ``langid`` (docs/convert.md).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Iterable, Literal, Sequence

from attrs import evolve, frozen

from .errors import CitekitError
from .model import Citation, Extraction, Record, Ref

__all__ = ["Conversion", "Kept", "bib_keys", "convert", "locator_text"]

Target = Literal["markdown", "latex"]

#: Words skipped when a title word is picked for a key (articles, prepositions; en/de/fr/it/es).
_STOP = frozenset(
    "a an the of on in to for and at by from with into über uber zur zum der die das des dem den ein eine einer und "
    "le la les l un une des du de et en au aux il lo gli i dei della delle di e el los las y del".split()
)
#: A run of letters/digits in a folded title or name.
_WORD = re.compile(r"[a-z0-9]+")
#: What may stand between citations of one cluster: white space, ``;`` and ``,`` only.
_GAP = re.compile(r"[\s;,]*")
#: CSL locator labels and the abbreviations pandoc and biblatex read (CSL 1.0.2 "Locators"; pandoc's locator terms).
_LABEL_ABBR = {
    "page": "p.", "volume": "vol.", "chapter": "chap.", "folio": "fol.", "line": "l.", "section": "sec.", "note": "n.",
    "paragraph": "para.", "part": "pt.", "column": "col.", "figure": "fig.", "book": "bk.", "verse": "v.", "number": "no.",
    "opus": "op.", "sub verbo": "s.v.", "issue": "iss.", "act": "act", "scene": "sc.", "canon": "can.", "article": "art.",
    "appendix": "app.", "table": "tbl.", "algorithm": "alg.", "equation": "eq.", "rule": "r.", "timestamp": "",
}
#: LaTeX specials in prose and their escapes.
_LATEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
                  "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_LATEX_RE = re.compile(r"[\\{}&%$#_~^]")


@frozen
class Kept:
    """A citation left as written: its index in ``Extraction.citations``, 1-based line and
    column in the source, its text and why (``unresolved``, ``periodical issue``, …)."""

    index: int
    line: int
    column: int
    text: str
    reason: str


@frozen
class Conversion:
    """What :func:`convert` returns.

    ``text``: the converted document; ``bibtex``: the .bib of every work cited by a converted
    citation (keys from :func:`bib_keys`); ``keys``: citekit record key -> bib key;
    ``edits``: the ``(start, end, replacement)`` changes made, as offsets into the
    extraction's text, sorted; ``kept``: citations left as written."""

    text: str
    bibtex: str
    keys: dict[str, str]
    edits: tuple[tuple[int, int, str], ...]
    kept: tuple[Kept, ...]
    converted: int  #: citations replaced
    #: what else the report lists (``index`` -1): notes with no marker in the text, a typed
    #: reference list kept because some entry could not go into the .bib
    notices: tuple[Kept, ...] = ()


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in s if not unicodedata.combining(ch)).lower().replace("ß", "ss")


def _key_base(csl: dict[str, Any]) -> str:
    names = csl.get("author") or csl.get("editor") or []
    name = ""
    if names:
        n0 = names[0]
        name = "".join(_WORD.findall(_fold(n0.get("family") or n0.get("literal") or "")))[:24]
    year = ""
    parts = (csl.get("issued") or {}).get("date-parts") or []
    if parts and parts[0] and str(parts[0][0]).lstrip("-").isdigit():
        year = str(parts[0][0])
    words = [w for w in _WORD.findall(_fold(str(csl.get("title") or ""))) if w not in _STOP and len(w) > 2 and w != name]
    title = "".join(words[: 1 if name else 2])[:24]
    return (name + year + title) or "anon"


def bib_keys(records: Iterable[Record]) -> dict[str, str]:
    """One readable, unique, stable bib key per record: ``{citekit key: bib key}``.

    ``name + year + first title word`` (see the module docstring); collisions get
    ``-2``, ``-3`` … in the order of the citekit keys.  Keys use ``[a-z0-9-]`` only, so
    BibTeX, biblatex and pandoc all read them."""
    by_base: dict[str, list[str]] = {}
    for r in records:
        by_base.setdefault(_key_base(dict(r.csl)), []).append(r.key)
    out: dict[str, str] = {}
    for base, keys in by_base.items():
        for n, k in enumerate(sorted(keys)):
            out[k] = base if n == 0 else f"{base}-{n + 1}"
    return out


#: Record types whose ``volume`` is the periodical's volume the item sits in (CSL 1.0.2 item types).
_ARTICLE_TYPES = ("article", "article-journal", "article-magazine", "article-newspaper")
#: Record types whose reference-list page range is the item's own extent (CSL ``page``).
_PART_TYPES = _ARTICLE_TYPES + ("chapter", "paper-conference", "entry-encyclopedia", "entry-dictionary")
#: Function words that mark a title's language, one set per language, none shared between two of
#: the sets (``la``, ``de``, ``des``, ``en``, ``con``, ``una`` are left out for that reason);
#: ``_EN`` words mark English.  A guess, used only to stop English title case (CSL 1.0.2
#: "Title case conversion" applies to English items alone).
_LANG_WORDS = {
    "de": frozenset("der die das dem den und von vom zur zum im ein eine einer eines einem fur uber mit auf bei aus nach zwischen unter gegen".split()),
    "fr": frozenset("le les du et une dans pour sur au aux avec sous".split()),
    "it": frozenset("il lo gli della delle dello degli dei nel nella nei negli e i di per tra fra".split()),
    "es": frozenset("el los las del y por para al".split()),
}
_EN = frozenset("the of and to for with from by at on an its their his her that this about or is was how why what who which".split())
#: BCP 47 language -> the babel name biblatex's ``langid`` takes (pandoc reads these too).
_BABEL = {"de": "german", "fr": "french", "it": "italian", "es": "spanish", "en": "english", "ru": "russian", "pt": "portuguese",
          "nl": "dutch", "pl": "polish", "sv": "swedish", "da": "danish", "cs": "czech", "la": "latin"}


def title_language(title: str) -> str | None:
    """The language of a title guessed from its function words (``_LANG_WORDS``): a BCP 47
    tag (``"de"``, ``"fr"``, ``"it"``, ``"es"``; CSL ``language``) when two or more of one
    language's words and no English one (``_EN``) stand in it; else None (English, mixed, too few).  "Die deutsche Revolution von 1848/49" -> ``"de"``; "Il formaggio e i vermi"
    -> ``"it"``; "The Cheese and the Worms" -> None."""
    words = _WORD.findall(_fold(title))
    if any(w in _EN for w in words):
        return None
    scores = {lang: sum(w in ws for w in words) for lang, ws in _LANG_WORDS.items()}
    best = max(scores.values())
    top = [lang for lang, n in scores.items() if n == best]
    return top[0] if best >= 2 and len(top) == 1 else None  # one hit ("i", "e") is too little to go on


def _short_title(csl: dict[str, Any]) -> str | None:
    """The record's short title: its ``title-short``, else the longest alias (knowledge base
    ``aliases``, kept as ``citekit-aliases``) made of the title's opening words and shorter than it
    ("Memoirs of a Revolutionary" for "Memoirs of a Revolutionary 1901-1941"; an abbreviation such as
    "LCW" or another edition's title is no short title).  Chicago Manual 13.32: the short title is
    the main title's key words."""
    if csl.get("title-short"):
        return str(csl["title-short"])
    title = _WORD.findall(_fold(str(csl.get("title") or "")))
    best: str | None = None
    for alias in csl.get("citekit-aliases") or ():
        words = _WORD.findall(_fold(str(alias)))
        if words and len(words) < len(title) and title[: len(words)] == words and (best is None or len(alias) > len(best)):
            best = str(alias)
    return best


def bib_item(record: Record, key: str, uses: Sequence[tuple[Citation, Ref, int]]) -> dict[str, Any]:
    """The CSL-JSON item written to the .bib for ``record`` under ``key``.

    ``uses``: every ``(citation, ref, index of the ref in citation.refs)`` naming the record
    (reference-list entries included).  The record's own fields, ``citekit-*`` dropped, plus
    what the citations say about the work itself: ``title-short`` (:func:`_short_title`); for a
    periodical article (``_ARTICLE_TYPES``) the ``volume`` when every citation gives the same
    one, and the ``issue`` likewise; for an article or a chapter (``_PART_TYPES``) the ``page``
    range its reference-list entry gives; ``language`` when the title is not English
    (:func:`title_language`), so that CSL styles do not title-case it."""
    src = dict(record.csl)
    csl = {k: v for k, v in src.items() if not k.startswith("citekit-")}
    csl["id"] = key
    short = _short_title(src)
    if short and short != csl.get("title"):
        csl["title-short"] = short
    typ = str(csl.get("type") or "")
    if typ in _ARTICLE_TYPES:
        vols = {r.volume for _, r, _ in uses if r.volume} | set(src.get("citekit-volumes-cited") or ())
        if len(vols) == 1 and not csl.get("volume"):
            csl["volume"] = vols.pop()
        issues = {c.parts[j].issue for c, r, j in uses if len(c.parts) == len(c.refs) and c.parts[j].issue}
        if len(issues) == 1 and not csl.get("issue"):
            csl["issue"] = issues.pop()
    if typ in _PART_TYPES and not csl.get("page"):
        ranges = {r.pages for c, r, _ in uses if c.region == "reflist" and r.pages}
        if len(ranges) == 1:
            csl["page"] = ranges.pop()
    if typ == "chapter" and not csl.get("editor") and not csl.get("page") and csl.get("container-title"):
        _volume_of_work(csl, uses)
    if typ in ("book", "chapter") and not csl.get("container-title"):
        _volume_title(csl, uses)
    if typ == "chapter" or csl.get("volume-title"):
        if csl.get("volume-title") and not csl.get("language") and src.get("citekit-container-language"):
            csl["language"] = src["citekit-container-language"]  # the volume's title was read as the container
        if csl.get("volume-title") and not csl.get("language"):
            csl["language"] = title_language(f"{csl.get('title')} {csl['volume-title']}") or csl.get("language")
            if not csl["language"]:
                del csl["language"]
    title = str(csl.get("title") or "")
    for opening, closing in _QUOTES:
        # a title that opens with a quotation ("'Quotes' & Ampersands") lost its opening mark
        unbalanced = title.count(opening) % 2 == 1 if opening == closing else title.count(closing) > title.count(opening)
        if unbalanced and not title.startswith(opening) and any(opening + title[:40] in c.text for c, _, _ in uses):
            csl["title"] = opening + title
            break
    if not csl.get("language"):
        lang = title_language(str(csl.get("title") or ""))
        if lang:
            csl["language"] = lang
    return csl


#: Quotation marks a title may open with: (opening, closing).
_QUOTES = (('"', '"'), ("\u201c", "\u201d"), ("\u201e", "\u201c"), ("\u00ab", "\u00bb"), ("\u2018", "\u2019"))
#: A volume number standing right before a volume's own title in a reference: ``Bd. 1:``,
#: ``Vol. 2.``, ``t. II,``, ``tome 3 :`` (German, English, French, Italian abbreviations).
_VOLUME_BEFORE = re.compile(
    r"\b(?:Bd|Band|Vol|vol|Volume|volume|t|tome|Tome|Teil|Tl|Livre|livre)\.?[ \u00a0]?(?P<n>\d{1,4}|[IVXLC]{1,8})[ \t\u00a0]*[:.,][ \t]*\Z"
)


def _volume_of_work(csl: dict[str, Any], uses: Sequence[tuple[Citation, Ref, int]]) -> None:
    """Repair, in place, a "chapter" with no editor and no pages that is one volume of a
    multi-volume work or a book whose imprint was read as its container.

    ``Nipperdey, Deutsche Geschichte 1866–1918. Bd. 1: Arbeitswelt und Bürgergeist`` gives the
    container ``Arbeitswelt und Bürgergeist`` after ``Bd. 1:``: a book, ``title`` the work's,
    ``volume`` 1, ``volume-title`` the volume's (CSL 1.0.2 ``volume-title``; biblatex writes it
    ``maintitle`` + ``title`` + ``volume``, biblatex manual 2.3.1 "book").  A container that is
    the imprint itself (``München: C.H. Beck``) is dropped: a book."""
    cont = str(csl["container-title"])
    place, pub = csl.get("publisher-place"), csl.get("publisher")
    if place and pub and " ".join(cont.split()) in (f"{place}: {pub}", f"{place}, {pub}"):
        del csl["container-title"]
        csl["type"] = "book"
        return
    for c, _, _ in uses:
        k = c.text.find(cont)
        m = _VOLUME_BEFORE.search(c.text, max(0, k - 24), k) if k > 0 else None
        if m:
            del csl["container-title"]
            csl["type"] = "book"
            csl["volume"] = m.group("n")
            csl["volume-title"] = cont
            return


#: ``Vol. 1: The Age of Revolution,`` in a reference: the volume number and the volume's title
#: (up to the comma or full stop before the imprint).  Bounded classes: linear.
_VOLUME_TITLE = re.compile(
    r"(?:^|[.,][ \t]?)[ \t]?(?:Bd|Band|Vol|vol|Volume|volume|T|t|tome|Tome|Teil|Tl|Livre|livre)\.?[ \u00a0]?"
    r"(?P<n>\d{1,4}|[IVXLC]{1,8})[ \t\u00a0]?:[ \t]?(?P<vt>[^,:;()\n]{2,200}?)(?=,|\.[ \t]|\.?\Z|[ \t]\()"
)


def _volume_title(csl: dict[str, Any], uses: Sequence[tuple[Citation, Ref, int]]) -> None:
    """A book cited as one volume of a multi-volume work, ``Main Title. Vol. 1: Volume Title,
    Place: Publisher`` (reference-list entry or full note), whatever field the volume's title
    was read into (appended to the title, taken for the publisher): in place, ``title`` the
    work's, ``volume`` and ``volume-title`` the volume's (CSL 1.0.2; biblatex ``maintitle``,
    ``volume``, ``title``, biblatex manual 2.3.1).  Nothing changes unless the entry shows the
    record's main title right before the volume number."""
    title = str(csl.get("title") or "")
    if not title or csl.get("volume-title"):
        return
    for c, _, _ in uses:
        if c.form.value not in ("reflist", "full"):
            continue
        for m in _VOLUME_TITLE.finditer(c.text):
            vt = m.group("vt").strip()
            main = title[: title.rfind(vt)].rstrip(" .:,") if title.endswith(vt) and len(title) > len(vt) else title
            at = c.text.rfind(main, 0, m.start() + 1)
            if at < 0 or c.text[at + len(main) : m.start("n")].strip(" .,").split(" ")[0].rstrip(".") not in (
                    "Bd", "Band", "Vol", "vol", "Volume", "volume", "T", "t", "tome", "Tome", "Teil", "Tl", "Livre", "livre"):
                continue
            csl["title"] = main
            csl["volume"] = m.group("n")
            csl["volume-title"] = vt
            if str(csl.get("publisher") or "") == vt:  # the volume's title read as the publisher
                del csl["publisher"]
                place = str(csl.get("publisher-place") or "")
                p = re.search(re.escape(place) + r"[ \t]?:[ \t]?(?P<pub>[^.,;\n]{2,100})", c.text) if place else None
                if p:
                    csl["publisher"] = p.group("pub").strip()
            return


def _to_bibtex(items: Sequence[dict[str, Any]]) -> str:
    """biblatex-readable BibTeX for ``items``: :func:`citekit.render.csl_to_bib_fields` (what
    ``Bibliography.to_bibtex`` writes) plus ``shorttitle`` (CSL ``title-short``) and ``langid``
    (CSL ``language`` as a babel name, ``_BABEL``), the fields pandoc and biblatex read for short notes and
    for leaving a non-English title's case alone."""
    import bibtexparser
    from bibtexparser.library import Library
    from bibtexparser.model import Entry, Field

    from .render import _NAME_FIELDS, _bib_key, _latex_escape, csl_to_bib_fields

    lib = Library()
    for item in items:
        typ, fields = csl_to_bib_fields(item)
        if item.get("title-short"):
            fields["shorttitle"] = str(item["title-short"])
        if item.get("volume-title") and fields.get("title"):
            # one volume of a multi-volume work: biblatex's maintitle / volume / title
            vt = str(item["volume-title"])
            fields = {k2: v2 for k, v in fields.items() for k2, v2 in ((("title", vt), ("maintitle", v)) if k == "title" else ((k, v),))}
            fields.setdefault("volume", str(item.get("volume") or ""))
        babel = _BABEL.get(str(item.get("language") or "").split("-")[0].lower())
        if babel:
            fields["langid"] = babel
        lib.add(Entry(typ, _bib_key(str(item["id"])), [Field(k, v if k in _NAME_FIELDS else _latex_escape(v)) for k, v in fields.items()]))
    return bibtexparser.write_string(lib)


def locator_text(ref: Ref, *, latex: bool = False) -> str:
    """The locator of ``ref`` with its labels: ``vol. 30, p. 208``, ``pp. 42-43``, ``chap. 4``
    (pages ``XV,378`` -> ``pp. XV, 378``); ``""`` without one.  ``latex`` ties label and
    number with ``~``."""
    sp = "~" if latex else " "
    bits = []
    if ref.volume:
        bits.append(f"vol.{sp}{ref.volume}")
    if ref.pages:
        many = "-" in ref.pages or "," in ref.pages or "–" in ref.pages
        bits.append(f"{'pp.' if many else 'p.'}{sp}{ref.pages.replace(',', ', ')}")
    elif ref.locator:
        abbr = _LABEL_ABBR.get(ref.label or "", ref.label or "")
        bits.append(f"{abbr}{sp}{ref.locator}" if abbr else ref.locator)
    return ", ".join(bits)


def _prefix(c: Citation, k: int) -> str:
    """The relation of part ``k`` as written in the citation ("See", "quoted in"), or ""."""
    rel = c.parts[k].relation if k < len(c.parts) else None
    if not rel and k < len(c.refs) and c.refs[k].role == "quoted-in":
        rel = "quoted in"
    if not rel:
        return ""
    at = c.text.lower().find(rel.lower())
    return c.text[at : at + len(rel)] if at >= 0 else rel


def _kept_reason(c: Citation, records: dict[str, Record] | None = None, cits: Sequence[Citation] = ()) -> str | None:
    """Why citation ``c`` is left as written, or None to convert it.

    Besides reference-list entries, keyed, periodical and unresolved citations: an author-date
    key whose work has no reference-list entry (the resolver's ``citekit-provisional`` record,
    known only as name + year: writing it to the .bib would invent an entry), and an ibid. whose
    antecedent is in doubt (the resolver's ``ambiguous`` flag, or an antecedent citing several
    works: the cases ``citekit check`` reports as S202), which the converter will not settle."""
    if c.region == "reflist":
        return "reference-list entry"
    if c.form.value == "keyed":
        return "already keyed"
    if c.form.value in ("periodical", "date"):
        return "periodical issue (the record has no issue date)"
    if not c.refs or not all(r.record for r in c.refs):
        return "unresolved"
    records = records or {}
    if any((records.get(r.record or "") is not None and records[r.record].csl.get("citekit-provisional")) for r in c.refs):
        return "author-date key with no reference-list entry"
    if c.form.value == "ibid":
        for r in c.refs:
            if r.ambiguous:
                return "ambiguous ibid. (" + (r.reason.partition("ambiguous: ")[2] or "its antecedent is in doubt") + ")"
            if r.antecedent is not None and 0 <= r.antecedent < len(cits):
                works = {x.record for x in cits[r.antecedent].refs if x.record}
                if len(works) > 1:
                    return f"ambiguous ibid. (it follows a citation of {len(works)} works)"
    return None


def _unvolumed(r: Ref, in_record: dict[str, str]) -> Ref:
    """``r`` without its volume when that volume is its record's (a periodical article's)."""
    return evolve(r, volume=None) if r.volume and in_record.get(r.record or "") == r.volume else r


def _md_items(c: Citation, keys: dict[str, str], in_record: dict[str, str]) -> list[str]:
    out = []
    for k, r in enumerate(c.refs):
        pre = _prefix(c, k)
        loc = locator_text(_unvolumed(r, in_record))
        out.append(f"{pre + ' ' if pre else ''}@{keys[r.record]}{', ' + loc if loc else ''}")
    return out


def _tex_items(c: Citation, keys: dict[str, str], in_record: dict[str, str]) -> list[tuple[str, str, str]]:
    out = []
    for k, r in enumerate(c.refs):
        r = _unvolumed(r, in_record)
        # biblatex prefixes a bare number or range with p./pp. itself; anything else is written out
        loc = r.pages if (r.pages and not r.volume and "," not in r.pages) else locator_text(r, latex=True)
        out.append((_latex_escape(_prefix(c, k)), _latex_escape(loc).replace(r"\textasciitilde{}", "~"), keys[r.record]))
    return out


def _tex_cite(items: list[tuple[str, str, str]], *, narrative: bool = False) -> str:
    """biblatex: ``\\autocite[pre][post]{key}`` (``\\textcite`` when ``narrative``), ``\\autocites``
    (``\\textcites``) for several ``(prefix, postnote, key)`` items."""

    def opts(pre: str, post: str) -> str:
        if pre:
            return f"[{pre}][{post}]"
        return f"[{post}]" if post else ""

    if len(items) == 1:
        pre, post, key = items[0]
        return f"\\{'textcite' if narrative else 'autocite'}{opts(pre, post)}{{{key}}}"
    return ("\\textcites" if narrative else "\\autocites") + "".join(f"{opts(pre, post) or '[]'}{{{key}}}" if pre or post else f"{{{key}}}" for pre, post, key in items)


def _latex_escape(s: str) -> str:
    return _LATEX_RE.sub(lambda m: _LATEX_SPECIAL[m.group(0)], s)


def _clusters(ex: Extraction, ok: Sequence[int]) -> list[list[int]]:
    """Runs of convertible citations with only white space, ``;`` or ``,`` between them,
    in one region and note."""
    text, cits = ex.text, ex.citations
    groups: list[list[int]] = []
    for i in ok:
        if groups:
            j = groups[-1][-1]
            a, b = cits[j], cits[i]
            if (a.region, a.note, a.chapter) == (b.region, b.note, b.chapter) and a.end <= b.start:
                gap = text[a.end : b.start]
                if _GAP.fullmatch(gap) and ";" in gap + a.text[-1:]:
                    groups[-1].append(i)
                    continue
        groups.append([i])
    return groups


def _enclosing_parens(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``(open, close + 1)`` when ``text[start:end]`` is all that stands in one pair of
    parentheses (white space and a final full stop aside)."""
    a = start
    while a > 0 and text[a - 1] in " \t":
        a -= 1
    b = end
    while b < len(text) and text[b] in " \t.":
        b += 1
    if a > 0 and text[a - 1] == "(" and b < len(text) and text[b] == ")":
        return a - 1, b + 1
    return None


def convert(extraction: Extraction, to: Target = "markdown", *, source_text: str | None = None, bib_name: str | None = None) -> Conversion:
    """Rewrite ``extraction``'s text with managed citations; see the module docstring.

    Markdown input converted to Markdown is rewritten in its *source* (``source_text``, else
    the file ``extraction.source`` is read again): front matter, footnotes, emphasis and links
    stay as written and only the citations (and a replaced reference list) change; ``bib_name``
    (the .bib's file name) is then added to the front matter's ``bibliography:``.

    ``to``: ``"markdown"`` (pandoc: ``[@key, loc]`` and ``[^n]`` footnotes) or ``"latex"``
    (biblatex: ``\\autocite``/``\\autocites``, ``\\footnote``; prose LaTeX-escaped).
    Offsets in :attr:`Conversion.edits` index ``extraction.text``; outside them the
    Markdown output is the input, character for character.  Raises :class:`CitekitError`
    for an unknown target."""
    if to not in ("markdown", "latex"):
        raise CitekitError(f"unknown target {to!r}; choose markdown or latex")
    from .render import Bibliography

    ex = extraction
    text, cits = ex.text, ex.citations
    kept: list[Kept] = []
    ok: list[int] = []
    records = {r.key: r for r in ex.records}
    for i, c in enumerate(cits):
        why = _kept_reason(c, records, cits)
        if why is None:
            ok.append(i)
        elif why != "reference-list entry":
            line, col = ex.document.line_col(c.start)
            kept.append(Kept(i, line, col, c.text, why))
    used = sorted({r.record for i in ok for r in cits[i].refs if r.record in records})
    # a typed reference list whose every entry has a record goes whole into the .bib (entries
    # not cited included: the generated list replaces the typed one, ``nocite`` keeps them)
    if _reflist_convertible(ex, records):
        used = sorted(set(used) | {r.record for c in cits if c.region == "reflist" for r in c.refs if r.record in records})
    keys = bib_keys(records[k] for k in used)
    ok = [i for i in ok if all(r.record in keys for r in cits[i].refs)]
    bib_items = [bib_item(records[k], keys[k], [(c, r, j) for c in cits for j, r in enumerate(c.refs) if r.record == k]) for k in used]
    # a periodical article's volume is the record's (written into the .bib), not a locator
    in_record = {k: str(it["volume"]) for k, it in zip(used, bib_items) if it.get("type", "").startswith("article") and it.get("volume")}

    # markers and note numbers
    notes = {(n.chapter, n.number): n for n in ex.notes}
    chapters = {n.chapter for n in ex.notes}
    marker_of: dict[tuple[int, int], Any] = {}
    for m in ex.markers:
        if m.has_note and (m.chapter, m.note) in notes:
            marker_of.setdefault((m.chapter, m.note), m)

    def label(ch: int, n: int) -> str:
        return str(n) if len(chapters) <= 1 else f"{ch}-{n}"

    blocked = [(m.start, m.end) for m in marker_of.values()]
    edits: list[tuple[int, int, str]] = []
    converted = 0
    for group in _clusters(ex, ok):
        first, last = cits[group[0]], cits[group[-1]]
        start, end = first.start, last.end
        paren = _enclosing_parens(text, start, end)
        if any(s < end and start < e for s, e in blocked):
            for i in group:
                line, col = ex.document.line_col(cits[i].start)
                kept.append(Kept(i, line, col, cits[i].text, "a note marker inside it"))
            continue
        narrative = paren is None and first.region == "body" and len(group) == 1 and "(" in first.text and not first.text.startswith("(")
        if paren is None and first.unclosed and start > 0 and text[start - 1] == "(":
            paren = (start - 1, end)  # "(GV Plekhanov …, pp306-413. Lenin also…": the "(" opened the citation
        # a sentence's full stop stays after the citation, except at the end of a note (the style ends notes)
        end_stop = paren is None and not narrative and last.text.endswith(".") and not _ends_note(ex, last)
        if to == "markdown":
            items = [it for i in group for it in _md_items(cits[i], keys, in_record)]
            if narrative:
                r = first.refs[0]
                loc = locator_text(_unvolumed(r, in_record))
                rep = f"@{keys[r.record]}" + (f" [{loc}]" if loc else "")
                if len(first.refs) > 1:
                    rep += " [" + "; ".join(_md_items(first, keys, in_record)[1:]) + "]"
            else:
                rep = "[" + "; ".join(items) + "]"
        else:
            # a narrative citation "Wehler (1973, S. 17)" names the author in the sentence:
            # biblatex's \textcite prints "Wehler (1973, 17)" (biblatex manual 3.9.1)
            rep = _tex_cite([it for i in group for it in _tex_items(cits[i], keys, in_record)], narrative=narrative)
        if end_stop:
            rep += "."
        s, e = paren if paren else (start, end)
        edits.append((s, e, rep))
        converted += len(group)

    # notes with no marker in the text: kept as notes, and reported
    notices: list[Kept] = []
    for (ch, n), note in sorted(notes.items()):
        if (ch, n) not in marker_of:
            line, col = ex.document.line_col(note.start)
            notices.append(Kept(-1, line, col, f"note {label(ch, n)}: {' '.join(text[note.start:note.end].split())[:80]}",
                                "note without a marker in the text" + (" (written as footnote [^%s], which pandoc will not place)" % label(ch, n) if to == "markdown" else " (left where it stands)")))

    # the typed reference list: replaced by the generated one when every entry went into the .bib
    ref_edits, nocite, ref_notices = _reflist_edits(ex, records, keys, to)
    notices.extend(ref_notices)

    source_out: str | None = None
    if to == "markdown":
        if ex.document.format == "markdown" and source_text is None:
            source_text = _read_source(ex)
        if ex.document.format == "markdown" and source_text is not None:
            # Markdown input: the source is already pandoc's (front matter, [^n] markers and
            # definitions, emphasis, links); only the citations and the reference list change
            source_out = _apply_to_source(ex, source_text, sorted(edits + ref_edits), bib_name, nocite)
        else:
            for (ch, n), m in marker_of.items():
                edits.append((m.start, m.end, f"[^{label(ch, n)}]"))
            for (ch, n), note in notes.items():
                span = _note_label(text, note)
                if span:
                    edits.append((span[0], span[1], f"[^{label(ch, n)}]: "))
                    edits.extend(_indent_edits(text, note))
            edits.extend(ref_edits)
            if nocite:
                edits.append((ref_edits[0][0], ref_edits[0][0], "---\nnocite: |\n  " + ", ".join("@" + k for k in nocite) + "\n---\n\n"))
            edits.sort()
        out = source_out if source_out is not None else _apply(text, edits, 0, len(text), None)
    else:
        # LaTeX: a note with a marker moves into \footnote{} at the marker; its block line goes
        moved: list[tuple[int, int, str]] = []
        note_edits = sorted(edits)
        for (ch, n), m in marker_of.items():
            note = notes[(ch, n)]
            body = _apply(text, note_edits, note.start, note.end, _latex_escape).strip()
            moved.append((m.start, m.end, f"\\footnote{{{body}}}"))
            end = note.end
            if end < len(text) and text[end] == "\n":
                end += 1
            span = _note_label(text, note)
            moved.append((span[0] if span else note.start, end, ""))
        if ref_edits:
            rs, re_, _ = ref_edits[0]
            moved.append((rs, re_, ""))
            moved.append((re_, re_, ("\\nocite{" + ",".join(nocite) + "}\n" if nocite else "") + ref_edits[0][2]))
        inside = [(s, e) for s, e, r in moved if r == "" and e > s]
        edits = sorted([x for x in edits if not any(s <= x[0] and x[1] <= e for s, e in inside)] + moved)
        out = _apply(text, edits, 0, len(text), _latex_escape)

    bib = _to_bibtex(bib_items) if bib_items else ""
    kept.sort(key=lambda k: k.index)
    return Conversion(out, bib, keys, tuple(sorted(edits)), tuple(kept), converted, tuple(notices))


#: A note number the loader wrote (HTML/DOCX/Markdown notes) or the text typed before a note
#: body, at the end of the text before it: ``1. ``, ``1. \n``, ``[12] ``, ``12) `` at a line start.
_NOTE_LABEL = re.compile(r"(?:\A|\n)[ \t]*(?P<label>\[?\d{1,5}[.)\]]?[ \t]*\n?)\Z")


def _note_label(text: str, note: Any) -> tuple[int, int] | None:
    """``(start, end)`` of ``note``'s number before its body: the typed one (``label_start``),
    else the one a loader made (``1. `` before an HTML or DOCX note); None without one."""
    if 0 < note.label_start < note.start:
        return note.label_start, note.start
    lo = max(0, note.start - 24)
    m = _NOTE_LABEL.search(text, lo, note.start) if note.start > 0 else None
    if m and m.end() == note.start:
        return m.start("label"), note.start
    return None


def _indent_edits(text: str, note: Any) -> list[tuple[int, int, str]]:
    """Four spaces before each paragraph of a note body that follows a blank line (pandoc
    reads a footnote's later paragraphs only when indented; pandoc manual, "Footnotes")."""
    out = []
    i = text.find("\n\n", note.start, note.end)
    while i >= 0:
        j = i + 2
        while j < note.end and text[j] == "\n":
            j += 1
        if j < note.end and text[j] not in " \t":
            out.append((j, j, "    "))
        i = text.find("\n\n", j, note.end)
    return out


def _entry_converts(c: Citation, records: dict[str, Record]) -> bool:
    """Whether reference-list entry ``c`` names records that can stand in the .bib: built from
    the text (not provisional) and with a title (``Hobsbawm, Eric`` alone is no work)."""
    return bool(c.refs) and all(
        r.record in records and not records[r.record].csl.get("citekit-provisional")
        and (records[r.record].csl.get("title") or records[r.record].csl.get("container-title"))
        for r in c.refs)


def _reflist_convertible(ex: Extraction, records: dict[str, Record]) -> bool:
    """Whether the text has a typed reference list and every entry in it can go into the .bib
    (:func:`_entry_converts`): then the .bib holds the list."""
    entries = [c for c in ex.citations if c.region == "reflist"]
    if not entries or not any(r.kind == "reflist" for r in ex.document.regions):
        return False
    return all(_entry_converts(c, records) for c in entries)


def _reflist_edits(ex: Extraction, records: dict[str, Record], keys: dict[str, str], to: Target) -> tuple[list[tuple[int, int, str]], list[str], list[Kept]]:
    """The typed reference list's replacement: ``([(start, end, text)], nocite keys, notices)``.

    When every entry went into the .bib (:func:`_reflist_convertible`) the entries (the heading
    stays) become pandoc's ``::: {#refs}`` div (pandoc manual, "Placement of the bibliography")
    or biblatex's ``\\printbibliography`` (``heading=none`` under a typed heading); the works no
    citation names are returned for ``nocite``.  Otherwise the list stays as typed and each entry
    that could not be converted is a notice."""
    regions = [r for r in ex.document.regions if r.kind == "reflist"]
    entries = [c for c in ex.citations if c.region == "reflist"]
    if not regions or not entries:
        return [], [], []
    if not _reflist_convertible(ex, records):
        out = []
        for c in entries:
            if not _entry_converts(c, records):
                line, col = ex.document.line_col(c.start)
                out.append(Kept(-1, line, col, " ".join(c.text.split())[:80], "reference-list entry not converted (the typed list is kept)"))
        return [], [], out
    text = ex.text
    edits = []
    for reg in regions:
        a = reg.heading[1] if reg.heading else reg.start
        while a < reg.end and text[a] in " \t\n":
            a += 1
        b = reg.end
        while b > a and text[b - 1] in " \t\n":
            b -= 1
        if a >= b:
            continue
        if to == "markdown":
            rep = "::: {#refs}\n:::"
        else:
            rep = "\\printbibliography" + ("[heading=none]" if reg.heading else "")
        edits.append((a, b, rep))
    cited = {r.record for c in ex.citations if c.region != "reflist" for r in c.refs}
    nocite = sorted({keys[r.record] for c in entries for r in c.refs if r.record in keys and r.record not in cited})
    return edits[:1], nocite, []


def _read_source(ex: Extraction) -> str | None:
    """The Markdown source of ``ex`` read again from its file, or None (no such file)."""
    from pathlib import Path

    from .load.text import decode_bytes, read_bytes

    path = Path(ex.source)
    try:
        if path.is_file():
            return decode_bytes(read_bytes(path), ex.source).replace("\r\n", "\n")
    except (OSError, CitekitError):
        return None
    return None


#: YAML front matter at the start of a Markdown file (pandoc manual, "yaml_metadata_block"); the
#: lazy body tries each line end once: linear.
_FRONT = re.compile(r"\A(?:\ufeff)?---[ \t]*\n(?P<body>.{0,1000000}?\n)?(?:---|\.\.\.)[ \t]*(?=\n|\Z)", re.DOTALL)
#: A top-level ``bibliography:`` key with its value (scalar) or nothing (a list follows).
_BIB_KEY = re.compile(r"(?m)^bibliography:[ \t]*(?P<value>[^\n]*)$")


def _front_matter(src: str, bib_name: str | None, nocite: Sequence[str]) -> str:
    """``src`` with ``bib_name`` added to its front matter's ``bibliography:`` (a scalar becomes
    a list; a list gets one more item; no key: one is added; no front matter: one is made) and
    ``nocite`` keys added; the rest of the metadata as written."""
    if not bib_name and not nocite:
        return src
    add = []
    m = _FRONT.match(src)
    body = (m.group("body") or "") if m else ""
    if bib_name:
        b = _BIB_KEY.search(body)
        if b and b.group("value").strip():
            old = b.group("value").strip()
            if old.strip("'\"") != bib_name:
                body = body[: b.start()] + f"bibliography:\n- {old}\n- {bib_name}" + body[b.end() :]
        elif b:
            k = b.end() + 1
            while k < len(body):  # the list items under the key
                nl = body.find("\n", k)
                nl = len(body) if nl < 0 else nl
                if not body[k:nl].lstrip().startswith("-"):
                    break
                k = nl + 1
            body = body[:k] + f"- {bib_name}\n" + body[k:]
        else:
            add.append(f"bibliography: {bib_name}")
    if nocite:
        add.append("nocite: |\n  " + ", ".join("@" + k for k in nocite))
    body += "".join(x + "\n" for x in add)
    if m:
        close = src[m.end() - 3 : m.end()]
        return src[: m.start()] + "---\n" + body + close + src[m.end() :]
    return "---\n" + body + "---\n\n" + src


def _apply_to_source(ex: Extraction, src: str, edits: Sequence[tuple[int, int, str]], bib_name: str | None, nocite: Sequence[str]) -> str:
    """Markdown input: the text ``edits`` (offsets into ``ex.text``) made in the source ``src``
    through the loader's source map, then the front matter (:func:`_front_matter`)."""
    mapped = []
    for s, e, rep in edits:
        a, b = ex.document.source_span(s, e)
        mapped.append((a, b, rep))
    mapped.sort()
    out = _apply(src, [x for k, x in enumerate(mapped) if k == 0 or x[0] >= mapped[k - 1][1]], 0, len(src), None)
    return _front_matter(out, bib_name, nocite)


def _ends_note(ex: Extraction, c: Citation) -> bool:
    """Whether only white space and back-link arrows follow ``c`` in its note."""
    if c.region != "note" or c.note is None:
        return False
    for n in ex.notes:
        if n.number == c.note and n.chapter == c.chapter and n.start <= c.start <= n.end:
            return not ex.text[c.end : n.end].strip(" \t\n↩\ufe0e\ufe0f")
    return False


def _apply(text: str, edits: Sequence[tuple[int, int, str]], lo: int, hi: int, escape) -> str:
    """``text[lo:hi]`` with the (sorted, non-overlapping) ``edits`` inside it applied;
    ``escape`` (or None) is applied to the copied text only."""
    out: list[str] = []
    pos = lo
    for s, e, rep in edits:
        if s < lo or e > hi or s < pos:
            continue
        piece = text[pos:s]
        out.append(escape(piece) if escape else piece)
        out.append(rep)
        pos = e
    piece = text[pos:hi]
    out.append(escape(piece) if escape else piece)
    return "".join(out)


def cli_convert(args: Any, emit) -> int:
    """``citekit convert FILE --to markdown|latex [-o OUT] [--bib OUT.bib] [--report FILE]``.

    The converted text goes to ``-o`` (or stdout); the .bib to ``--bib`` (default: ``-o``'s
    name with ``.bib`` when ``-o`` is given).  Citations left as written are listed on stderr
    (``FILE:LINE:COL: kept as written (reason): text``) unless ``-q``, and in ``--report``.
    Returns 0."""
    import sys
    from pathlib import Path

    from .errors import InputError
    from .pipeline import extract

    ex = extract(Path(args.file), library=args.library, input_format=args.input_format)
    import os

    bib_path = args.bib or (str(Path(args.output).with_suffix(".bib")) if args.output else None)
    # the name the converted document's front matter gives its .bib: relative to the output's folder
    bib_name = None
    if bib_path:
        bib_name = os.path.relpath(bib_path, os.path.dirname(os.path.abspath(args.output))) if args.output else bib_path
    cv = convert(ex, args.to, bib_name=bib_name)
    emit(args, cv.text)
    lines = [f"{args.file}:{k.line}:{k.column}: kept as written ({k.reason}): {' '.join(k.text.split())}" for k in cv.kept]
    lines += [f"{args.file}:{k.line}:{k.column}: {k.reason}: {k.text}" for k in cv.notices]
    for path, content in ((bib_path, cv.bibtex), (args.report, "\n".join(lines) + ("\n" if lines else ""))):
        if path:
            try:
                Path(path).write_text(content, encoding="utf-8")
            except OSError as exc:
                raise InputError(path, f"cannot write: {exc.strerror or exc}") from None
    if not args.quiet:
        for line in lines:
            print(line, file=sys.stderr)
        print(f"citekit: {cv.converted} citations converted, {len(cv.kept)} kept as written, {len(cv.keys)} works"
              + (f" in {bib_path}" if bib_path else ""), file=sys.stderr)
    return 0
