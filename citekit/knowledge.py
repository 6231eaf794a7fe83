"""The knowledge base: curated works, abbreviations, periodicals and places.

The bundled base lives in ``references/`` (shipped inside the wheel as
``citekit/references``); users add their own ``.bib`` or CSL-JSON files, which
win over the bundled entries.  Everything is loaded lazily, once, and never
changed afterwards (see docs/knowledge-base.md).
"""

from __future__ import annotations

import functools
import json
import os
import tomllib
import unicodedata
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from attrs import field, frozen

from . import patterns as P
from .errors import KnowledgeBaseError
from .load.text import decode_bytes, read_bytes

_STOP = frozenset(
    "the a an of in on and to for from with under after at by its his her their our la le les de du des der die das".split()
)

#: biblatex entry types -> CSL types
_CSL_TYPES = {
    "book": "book",
    "mvbook": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "bookinbook": "chapter",
    "collection": "book",
    "mvcollection": "book",
    "article": "article-journal",
    "periodical": "periodical",
    "misc": "document",
    "online": "webpage",
    "report": "report",
    "techreport": "report",
    "thesis": "thesis",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "unpublished": "manuscript",
    "proceedings": "book",
    "inproceedings": "paper-conference",
    "manual": "book",
}


@functools.lru_cache(maxsize=65536)
def fold(s: str | None) -> str:
    """Lower-case, strip diacritics and punctuation, collapse spaces: for matching."""
    if not s:
        return ""
    if not s.isascii():  # (ASCII is its own NFKD form, with no combining marks)
        s = unicodedata.normalize("NFKD", s.replace("æ", "ae").replace("Æ", "Ae").replace("œ", "oe"))
        if not s.isascii():
            s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.lower()
    s = s.replace("’", "").replace("'", "").replace("u.s.s.r.", "ussr").replace("u.s.s.r", "ussr")
    return " ".join(P.FOLD_WORD.findall(s))


@functools.lru_cache(maxsize=16384)
def title_words(s: str | None) -> tuple[str, ...]:
    """Significant folded words of a title (articles and prepositions removed)."""
    return tuple(w for w in fold(s).split() if w not in _STOP)


@frozen
class Work:
    """One knowledge-base work: a CSL-JSON item plus what matching needs."""

    key: str
    csl: Mapping[str, Any] = field(eq=False)
    aliases: tuple[str, ...] = ()
    shorthand: str | None = None
    volume_naming: str | None = None  # "years" when volumes are named by years
    volume_years: Mapping[str, str] = field(factory=dict, eq=False)
    volumes: int | None = None
    user: bool = False  # from the user's library rather than the bundled base

    @functools.cached_property
    def surnames(self) -> tuple[str, ...]:
        names = list(self.csl.get("author", [])) or list(self.csl.get("editor", []))
        return tuple(fold(n.get("family") or n.get("literal") or "") for n in names)

    @functools.cached_property
    def titles(self) -> tuple[str, ...]:
        """Main title, title without subtitle, and aliases."""
        t = self.csl.get("title", "")
        out = [t]
        if ":" in t:
            out.append(t.split(":", 1)[0])
        short = self.csl.get("title-short")
        if short:
            out.append(short)
        out.extend(self.aliases)
        return tuple(out)


@frozen
class KnowledgeBase:
    """Works, abbreviations, periodicals and places, indexed for lookup."""

    works: tuple[Work, ...]
    abbreviations: Mapping[str, str] = field(factory=dict, eq=False)
    author_abbreviations: Mapping[str, str] = field(factory=dict, eq=False)
    periodicals: Mapping[str, tuple[str, ...]] = field(factory=dict, eq=False)
    places: frozenset[str] = frozenset()

    @functools.cached_property
    def by_key(self) -> dict[str, Work]:
        return {w.key: w for w in self.works}

    @functools.cached_property
    def by_surname(self) -> dict[str, tuple[Work, ...]]:
        """Folded family name -> works with that author (for fast matching)."""
        out: dict[str, list[Work]] = {}
        for w in self.works:
            for s in w.surnames:
                out.setdefault(s, []).append(w)
        return {k: tuple(v) for k, v in out.items()}

    @functools.cached_property
    def by_shorthand(self) -> dict[str, Work]:
        return {w.shorthand: w for w in self.works if w.shorthand}

    @functools.cached_property
    def periodical_index(self) -> dict[str, str]:
        """Folded periodical name -> periodical key."""
        out = {}
        for key, names in self.periodicals.items():
            for n in names:
                out[fold(n)] = key
                if fold(n).startswith("the "):
                    out[fold(n)[4:]] = key
        return out

    @functools.cached_property
    def folded_titles(self) -> frozenset[str]:
        """Every folded title (and alias) of every work: for "is this a known title?"."""
        return frozenset(fold(t) for w in self.works for t in w.titles if t)

    @functools.cached_property
    def folded_places(self) -> frozenset[str]:
        return frozenset(fold(p) for p in self.places)

    def work(self, key: str) -> Work | None:
        return self.by_key.get(key)

    def periodical(self, name: str) -> str | None:
        """The key of a known periodical called ``name``, or None."""
        f = fold(name)
        return self.periodical_index.get(f) or (self.periodical_index.get(f[4:]) if f.startswith("the ") else None)

    def periodical_title(self, key: str) -> str:
        names = self.periodicals.get(key)
        return names[0] if names else key.replace("-", " ").title()

    def is_place(self, name: str) -> bool:
        return fold(name) in self.folded_places

    def with_library(self, works: Iterable[Work]) -> "KnowledgeBase":
        """A new base where ``works`` (the user's) come first and replace same-key entries; of
        the user's own works with one key the first wins (pandoc: inline ``references:`` over
        a bibliography file's entry of the same id)."""
        firsts: dict[str, Work] = {}
        for w in works:
            firsts.setdefault(w.key, w)
        user = list(firsts.values())
        keys = set(firsts)
        merged = tuple(user) + tuple(w for w in self.works if w.key not in keys)
        abbrs = dict(self.abbreviations)
        for w in user:
            if w.shorthand:
                abbrs[w.shorthand] = w.key
        return KnowledgeBase(merged, abbrs, self.author_abbreviations, self.periodicals, self.places)


# --- loading --------------------------------------------------------------------


def references_dir() -> Path:
    """Where the bundled knowledge base lives (the wheel's copy, else the repo's)."""
    env = os.environ.get("CITEKIT_REFERENCES")
    if env:
        return Path(env)
    packaged = resources.files("citekit") / "references"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "references"


@functools.lru_cache(maxsize=4)
def bundled(directory: str | None = None) -> KnowledgeBase:
    """The bundled knowledge base (loaded once per process).

    Parsing works.bib with bibtexparser costs 36-55 ms, most of a one-shot ``citekit check``'s
    start (issue 16), so the parsed base is kept as JSON in the user's cache folder
    (:func:`kb_cache_dir`), keyed by a hash of ``directory``'s files and of this module's source
    (the parser); a missing, stale or unreadable cache is rebuilt, an unwritable one ignored."""
    d = Path(directory) if directory else references_dir()
    digest = _kb_digest(d)
    kb = _kb_cache_load(digest)
    if kb is None:
        kb = _parse_bundled(d)
        _kb_cache_store(digest, kb)
    return kb


def kb_cache_dir() -> Path:
    """Where the pre-parsed knowledge base is kept: ``$CITEKIT_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/citekit``, else ``~/.cache/citekit`` (the XDG base-directory default)."""
    env = os.environ.get("CITEKIT_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg) / "citekit" if xdg else Path.home() / ".cache" / "citekit"


def _kb_digest(d: Path) -> str:
    """sha256 over the knowledge base's files (names and bytes) and this module's source."""
    import hashlib

    h = hashlib.sha256(b"citekit-kb-1\0")
    for p in sorted(d.glob("*")):
        if p.is_file() and p.suffix in (".bib", ".toml", ".txt"):
            h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    try:
        h.update(Path(__file__).read_bytes())
        h.update(Path(__file__).with_name("bibio.py").read_bytes())
    except OSError:  # no source (a zipped install): the version then stands for the parser
        h.update(b"no-source")
    return h.hexdigest()


def _kb_cache_load(digest: str) -> KnowledgeBase | None:
    """The cached base for ``digest``, or None."""
    try:
        with open(kb_cache_dir() / f"kb-{digest[:32]}.json", encoding="utf-8") as fh:
            data = json.load(fh)
        if data.get("digest") != digest:
            return None
        works = tuple(
            Work(w["key"], w["csl"], tuple(w["aliases"]), w["shorthand"], w["volume_naming"], w["volume_years"], w["volumes"])
            for w in data["works"]
        )
        return KnowledgeBase(works, data["abbreviations"], data["author_abbreviations"],
                             {k: tuple(v) for k, v in data["periodicals"].items()}, frozenset(data["places"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _kb_cache_store(digest: str, kb: KnowledgeBase) -> None:
    """Write the cache atomically (a temporary file renamed); failures are ignored."""
    data = {
        "digest": digest,
        "works": [{"key": w.key, "csl": dict(w.csl), "aliases": list(w.aliases), "shorthand": w.shorthand, "volume_naming": w.volume_naming,
                   "volume_years": dict(w.volume_years), "volumes": w.volumes} for w in kb.works],
        "abbreviations": dict(kb.abbreviations),
        "author_abbreviations": dict(kb.author_abbreviations),
        "periodicals": {k: list(v) for k, v in kb.periodicals.items()},
        "places": sorted(kb.places),
    }
    try:
        folder = kb_cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".kb-{digest[:32]}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, folder / f"kb-{digest[:32]}.json")
    except (OSError, TypeError, ValueError):
        pass


def _parse_bundled(d: Path) -> KnowledgeBase:
    """The knowledge base of folder ``d`` parsed from its files (``*.bib``, abbreviations.toml,
    periodicals.toml, places.txt)."""
    works: list[Work] = []
    for bib in sorted(d.glob("*.bib")):
        works.extend(works_from_bibtex(bib.read_text(encoding="utf-8"), str(bib)))
    abbrs: dict[str, str] = {}
    author_abbrs: dict[str, str] = {}
    periodicals: dict[str, tuple[str, ...]] = {}
    places: set[str] = set()
    a = d / "abbreviations.toml"
    if a.exists():
        data = _toml(a)
        abbrs.update(data.get("abbreviations", {}))
        author_abbrs.update(data.get("author_abbreviations", {}))
    p = d / "periodicals.toml"
    if p.exists():
        periodicals = {k: tuple(v) for k, v in _toml(p).get("periodicals", {}).items()}
    pl = d / "places.txt"
    if pl.exists():
        for line in pl.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                places.add(line)
    for w in works:
        if w.shorthand:
            abbrs.setdefault(w.shorthand, w.key)
    return KnowledgeBase(tuple(works), abbrs, author_abbrs, periodicals, frozenset(places))


def _toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise KnowledgeBaseError(f"{path}: {exc}") from None


def load_library(spec: str | os.PathLike[str] | Sequence[Any] | None) -> list[Work]:
    """Load the user's library: a .bib path, a CSL-JSON path, or a list of CSL-JSON items."""
    if spec is None:
        return []
    if isinstance(spec, (list, tuple)):
        return [work_from_csl(item, user=True) for item in spec]
    path = Path(spec)
    data = read_bytes(path)
    text = decode_bytes(data, str(path))
    if path.suffix.lower() in (".json", ".csljson") or text.lstrip().startswith(("[", "{")):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            raise KnowledgeBaseError(f"{path}: not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
        if isinstance(items, dict):
            items = items.get("items") or items.get("records") or [items]
        if not isinstance(items, list):
            raise KnowledgeBaseError(f"{path}: a CSL-JSON file holds an array of items, not {type(items).__name__}")
        from .bibio import validate_csl

        return [work_from_csl(validate_csl(i.get("csl", i) if isinstance(i, dict) else i, str(path), n), user=True)
                for n, i in enumerate(items)]
    return list(works_from_bibtex(text, str(path), user=True))


def work_from_csl(item: Any, *, user: bool = False) -> Work:
    """A :class:`Work` from one CSL-JSON item."""
    if not isinstance(item, dict) or not item.get("id"):
        raise KnowledgeBaseError(f"CSL-JSON item without an id: {str(item)[:80]}")
    csl = dict(item)
    return Work(
        key=str(csl["id"]),
        csl=csl,
        aliases=tuple(csl.get("citekit-aliases", ())),
        shorthand=csl.get("citekit-shorthand"),
        volumes=_int(csl.get("number-of-volumes")),
        user=user,
    )


def works_from_bibtex(text: str, source: str = "<bib>", *, user: bool = False) -> list[Work]:
    """Parse BibTeX/biblatex (:func:`citekit.bibio.read_bib`) and convert each entry to a Work.

    Malformed blocks are skipped (``Bibliography.from_bibtex`` lists them); a field nested
    too deep or with too many names raises :class:`citekit.bibio.BibInputError`."""
    entries, _problems = parse_bibtex(text, source)
    return [entry_to_work(e, user=user, source=source) for e in entries]


def parse_bibtex(text: str, source: str = "<bib>") -> tuple[list[Any], list[str]]:
    """Entries (:class:`citekit.bibio.BibEntry`: @string, ``#``, crossref and xdata applied,
    keyless entries keyed) and problems (strings naming ``source`` and the line) of a
    BibTeX string; LaTeX is decoded later, per field, by :func:`entry_to_work`."""
    from .bibio import read_bib

    return read_bib(text, source)


#: biblatex inheritance (biblatex manual, appendix B): a parent's title becomes the
#: child's booktitle (or maintitle when the parent is a multi-volume work).
_INHERIT_TITLE = {"mvbook": "maintitle", "mvcollection": "maintitle", "book": "booktitle", "collection": "booktitle", "proceedings": "booktitle"}


def resolve_crossrefs(entries: list[Any]) -> None:
    """Fill each entry that has ``crossref`` (or biblatex ``xref``-less ``crossref``) with
    the fields its parent has and it lacks; titles move to booktitle / maintitle."""
    from bibtexparser.model import Field

    by_key = {e.key.lower(): e for e in entries}
    for entry in entries:
        seen = set()
        parent_field = entry.fields_dict.get("crossref")
        while parent_field is not None:
            parent = by_key.get(str(parent_field.value).strip().lower())
            if parent is None or parent.key in seen:
                break
            seen.add(parent.key)
            have = {k.lower() for k in entry.fields_dict}
            for f in parent.fields:
                name = f.key.lower()
                if name in ("crossref", "ids", "entryset"):
                    continue
                if name == "title":
                    target = _INHERIT_TITLE.get(parent.entry_type.lower(), "booktitle")
                    if target not in have:
                        entry.set_field(Field(target, f.value))
                        have.add(target)
                    continue
                if name not in have:
                    entry.set_field(Field(f.key, f.value))
                    have.add(name)
            parent_field = parent.fields_dict.get("crossref")


_NAME_FIELDS = ("author", "editor", "translator")


@functools.lru_cache(maxsize=4096)
def latex_to_text(s: str) -> str:
    """A BibTeX field value with its LaTeX decoded (``{\\'E}mile`` -> ``Émile``, ``\\&`` -> ``&``)."""
    if "\\" not in s and "{" not in s and "~" not in s and "--" not in s:
        return s
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(strict_latex_spaces=True).latex_to_text(s).strip()


def _split_and(s: str) -> list[str]:
    """BibTeX names split at " and " outside braces (``{Marx and Engels Institute}`` stays whole)."""
    out, depth, start, i = [], 0, 0, 0
    low = s.lower()
    while i < len(s):
        c = s[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth = max(0, depth - 1)
        elif depth == 0 and low.startswith(" and ", i):
            out.append(s[start:i])
            i += 5
            start = i
            continue
        i += 1
    out.append(s[start:])
    return [x.strip() for x in out if x.strip()]


def _split_names(raw: str) -> list[str]:
    """Raw BibTeX names, split and LaTeX-decoded; a fully braced name stays braced (a literal)."""
    names = []
    for n in _split_and(raw):
        if n.startswith("{") and n.endswith("}") and _one_group(n):
            names.append("{" + latex_to_text(n[1:-1]) + "}")
        else:
            names.append(latex_to_text(n))
    return names


def _one_group(s: str) -> bool:
    depth = 0
    for i, c in enumerate(s):
        depth += c == "{"
        depth -= c == "}"
        if depth == 0 and i < len(s) - 1:
            return False
    return True


def entry_to_work(entry: Any, *, user: bool = False, source: str = "<bib>") -> Work:
    """Convert one entry (a :class:`citekit.bibio.BibEntry` or a bibtexparser entry) to a Work
    whose CSL-JSON item :func:`citekit.bibio.entry_to_csl` makes (the field table of docs/formats.md)."""
    from .bibio import entry_to_csl

    raw = {k.lower(): str(v.value if hasattr(v, "value") else v).strip() for k, v in entry.fields_dict.items()}
    f = {k: latex_to_text(v) for k, v in raw.items() if k in ("aliases", "shorthand", "volumenaming", "volumeyears", "volumes")}
    # the bundled knowledge base keeps its titles as written (they are shown to users and
    # matched against typed citations); a user's .bib is read as pandoc reads it (sentence case)
    csl = entry_to_csl(entry, source, sentence_case_titles=user)
    years: dict[str, str] = {}
    for part in _split_list(f.get("volumeyears", "")):
        if "=" in part:
            v, y = part.split("=", 1)
            years[v.strip()] = y.strip()
    return Work(
        key=entry.key,
        csl=csl,
        aliases=tuple(_split_list(f.get("aliases", ""))),
        shorthand=f.get("shorthand") or None,
        volume_naming=f.get("volumenaming") or None,
        volume_years=years,
        volumes=_int(f.get("volumes")),
        user=user,
    )


def bib_fields_to_csl(key: str, entry_type: str, f: Mapping[str, str]) -> dict[str, Any]:
    """Map biblatex fields to a CSL-JSON item."""
    csl: dict[str, Any] = {"id": key, "type": _CSL_TYPES.get(entry_type, "book")}
    if entry_type == "article" and not (f.get("journaltitle") or f.get("journal")):
        csl["type"] = "article"
    for bib, name in (("author", "author"), ("editor", "editor"), ("translator", "translator")):
        if f.get(bib):
            csl[name] = [_bib_name(n) for n in _split_and(f[bib])]
    title = f.get("title")
    if title:
        sub = f.get("subtitle")
        csl["title"] = f"{title}: {sub}" if sub else title
        if sub:
            csl["title-short"] = title
    if f.get("shorttitle"):
        csl["title-short"] = f["shorttitle"]
    if f.get("maintitle"):  # a volume of a multi-volume work (@mvbook parent): as pandoc maps it
        if "title" in csl:
            csl["volume-title"] = csl["title"]
        csl["title"] = f["maintitle"]
        csl.pop("title-short", None)
    simple = {
        "publisher": "publisher",
        "location": "publisher-place",
        "address": "publisher-place",
        "volume": "volume",
        "volumes": "number-of-volumes",
        "edition": "edition",
        "pages": "page",
        "series": "collection-title",
        "journaltitle": "container-title",
        "journal": "container-title",
        "booktitle": "container-title",
        "number": "issue",
        "note": "note",
        "doi": "DOI",
        "url": "URL",
        "isbn": "ISBN",
        "origlanguage": "original-language",
    }
    for bib, name in simple.items():
        if f.get(bib) and name not in csl:
            csl[name] = f[bib]
    if "publisher-place" in csl:
        csl["publisher-place"] = csl["publisher-place"].replace(" and ", "; ")
    if "publisher" in csl:
        csl["publisher"] = csl["publisher"].replace(" and ", "; ")
    date = f.get("date") or f.get("year")
    if date:
        issued = _csl_date(date)
        if issued:
            csl["issued"] = issued
    if f.get("shorthand"):
        csl["citekit-shorthand"] = f["shorthand"]
    if f.get("aliases"):
        csl["citekit-aliases"] = _split_list(f["aliases"])
    if f.get("unverified"):
        csl["citekit-unverified"] = f["unverified"]
    return csl


def _bib_name(n: str) -> dict[str, str]:
    n = n.strip()
    if n.startswith("{") and n.endswith("}"):
        return {"literal": n[1:-1]}
    if "," in n:
        family, given = n.split(",", 1)
        out = {"family": family.strip()}
        if given.strip():
            out["given"] = given.strip()
        return out
    parts = n.split()
    if len(parts) == 1:
        return {"family": parts[0]}
    return {"family": parts[-1], "given": " ".join(parts[:-1])}


def _csl_date(s: str) -> dict[str, Any] | None:
    parts = []
    for piece in s.split("/")[:2]:
        m = P.ISO_DATE.match(piece.strip())
        if m:
            parts.append([int(g) for g in m.groups() if g])
    return {"date-parts": parts} if parts else None


def _split_list(s: str) -> list[str]:
    return [p.strip() for p in s.split(";") if p.strip()]


def _int(v: Any) -> int | None:
    try:
        return int(str(v).strip())
    except (TypeError, ValueError):
        return None
