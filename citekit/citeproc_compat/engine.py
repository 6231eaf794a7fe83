"""The CSL engine citekit uses: citeproc-py's style model with the compat elements,
plus the processor-level work citeproc-py does not do.

* cites keep their order unless the citation has a ``cs:sort`` (spec "Sorting");
* positions (first, subsequent, ibid, ibid-with-locator, near-note) from note
  numbers as CSL 1.0.2 defines them, and ``first-reference-note-number``;
* disambiguation: add-names, add-givenname, year-suffix, then
  ``disambiguate="true"`` (spec "Disambiguation", in that order);
* cite grouping and collapsing: ``collapse="citation-number|year|year-suffix|
  year-suffix-ranged"``, ``cite-group-delimiter``, ``year-suffix-delimiter``,
  ``after-collapse-delimiter`` (spec "Cite Grouping", "Cite Collapsing");
* ``subsequent-author-substitute`` and ``second-field-align`` in bibliographies;
* "Ibid." capitalised at the start of a note;
* output through :func:`richtext.finish` (quotes, punctuation, flip-flop, escaping).

Nothing here changes citeproc-py's classes: styles are parsed with citekit's own
lxml lookup (:func:`parse_style`).
"""

from __future__ import annotations

import io
import os
import re
import warnings
from functools import lru_cache
from typing import Any, Iterable, Sequence

from lxml import etree

from citeproc import LANGUAGE_NAMES, LOCALES_PATH, NAMES, PRIMARY_DIALECTS
from citeproc import model as M
from citeproc.source import Citation, CitationItem, Date, DateRange, Locator, VariableError
from citeproc.string import String

from . import richtext as R
from .elements import collation_key, element_classes, given_year_suffix, name_key, year_suffix

CSL_NS = "http://purl.org/net/xbiblio/csl"


# --- parsing ------------------------------------------------------------------------


class Style(M.Style):
    """The style root: locales parsed with the compat lookup too."""

    def set_locale_list(self, output_locale, validate=False):
        self.locales = []
        # the language an item without ``language`` is taken to be in (elements.Text; one
        # parsed style per locale, so this never changes under a renderer)
        self.__dict__["_output_locale"] = output_locale
        added = set()

        def in_style(lang):
            expr = f'./cs:locale[@xml:lang="{lang}"]' if lang else "./cs:locale[not(@xml:lang)]"
            self.locales.extend(self.xpath_search(expr)[:1])

        def system(lang):
            if lang not in added:
                added.add(lang)
                self.locales.append(_parse(_locale_bytes(lang)).getroot())

        in_style(output_locale)
        language = output_locale.split("-")[0]
        in_style(language)
        in_style(None)
        if output_locale in LANGUAGE_NAMES:
            system(output_locale)
        if language in PRIMARY_DIALECTS:
            system(PRIMARY_DIALECTS[language])
        system("en-US")
        for loc in self.locales:
            loc.style = self


@lru_cache(maxsize=None)
def _locale_bytes(lang: str) -> bytes:
    path = os.path.join(LOCALES_PATH, f"locales-{lang}.xml")
    with open(path, "rb") as fh:
        return fh.read()


@lru_cache(maxsize=1)
def _parser() -> etree.XMLParser:
    lookup = etree.ElementNamespaceClassLookup()
    ns = lookup.get_namespace(CSL_NS)
    ns[None] = M.CitationStylesElement
    table = element_classes()
    table["style"] = Style
    ns.update(table)
    parser = etree.XMLParser(remove_comments=True, encoding="UTF-8", no_network=True, resolve_entities=False)
    parser.set_element_class_lookup(lookup)
    return parser


def _parse(data: bytes):
    return etree.parse(io.BytesIO(data), _parser())


class Formatter:
    """citeproc-py's formatter interface, emitting sentinels (richtext.py)."""

    @staticmethod
    def preformat(text):
        return str(text)



for _name, _pair in (
    ("Italic", R.ITALIC), ("Oblique", R.ITALIC), ("Bold", R.BOLD), ("Light", R.LIGHT), ("Underline", R.UNDERLINE),
    ("Superscript", R.SUP), ("Subscript", R.SUB), ("SmallCaps", R.SMALLCAPS),
):
    setattr(Formatter, _name, staticmethod(lambda text, _p=_pair: String(R.wrap(_p, text))))


def parse_style(data: bytes, locale: str | None = None):
    """A parsed CSL style (its root element, locales set) from the style's XML bytes.

    Parsed styles are cached by ``(data, locale)`` (64 most recent): rendering keeps
    no state on elements between renders (per-cite state lives on the cites, see
    elements.py), so engines may share one parse; this is what lets every one of the
    10,844 style names (7,993 of them dependents of ~400 parents) build an engine
    quickly.  Not for concurrent use from several threads."""
    return _parse_style_cached(data, locale or None)


@lru_cache(maxsize=64)
def _parse_style_cached(data: bytes, locale: str | None):
    tree = _parse(data)
    root = tree.getroot()
    if not isinstance(root, Style):
        raise ValueError("not a CSL style (the root element is not <style> in the CSL namespace)")
    root.set_locale_list(locale or root.get("default-locale") or "en-US")
    root.formatter = Formatter
    root._tree = tree  # keep the tree alive with the root proxy
    # keep every element proxy alive so per-element caches (elements.Cached) persist
    root._keep = [el for el in tree.iter() if isinstance(el.tag, str)] + [
        el for loc in root.locales for el in loc.iter() if isinstance(el.tag, str)
    ]
    raw = etree.tostring(root).decode("utf-8")
    root._implicit_year_suffix = 'variable="year-suffix"' not in raw
    root._has_disambiguate_condition = 'disambiguate="true"' in raw
    return root


# --- items --------------------------------------------------------------------------

_NOT_TEXT = {"id", "type", "language"}


def rich_item(item: dict[str, Any]) -> dict[str, Any]:
    """A CSL-JSON item with its field markup and quotes parsed (richtext.parse_field)."""
    out: dict[str, Any] = {}
    for k, v in item.items():
        if k in _NOT_TEXT or isinstance(v, dict):
            out[k] = v
        elif isinstance(v, list):
            out[k] = [{nk: (R.parse_field(nv) if isinstance(nv, str) else nv) for nk, nv in parse_name(n).items()} if isinstance(n, dict) else n for n in v]
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            out[k] = str(v)
        elif isinstance(v, str):
            out[k] = R.parse_field(v)
        else:
            out[k] = v
    return out


_LOWER_START = re.compile(r"^[a-z\u00e0-\u024f'’]")


def parse_name(n: dict[str, Any]) -> dict[str, Any]:
    """citeproc-js's name parsing: "John, III" -> suffix III ("John,! Jr." keeps the
    comma); lowercase leading words of a family name are a non-dropping particle, of
    the end of a given name a dropping particle (fixtures magic_NameSuffix*,
    bugreports_parseName).  Quoted family names are taken literally."""
    n = dict(n)
    if "literal" in n or n.get("parse-names") in (False, "false"):
        return n
    fam, giv = n.get("family"), n.get("given")
    if isinstance(fam, str) and len(fam) > 1 and fam.startswith('"') and fam.endswith('"'):
        n["family"] = fam[1:-1]
        fam = None
    if isinstance(giv, str) and "," in giv and "suffix" not in n:
        head, _, tail = giv.partition(",")
        tail = tail.strip()
        if tail.startswith("!"):
            tail = tail[1:].strip()
            n["comma-suffix"] = True
        if tail:
            n["given"], n["suffix"] = head.strip(), tail
            giv = n["given"]
    if isinstance(fam, str) and " " in fam and "non-dropping-particle" not in n:
        words = fam.split(" ")
        k = 0
        while k < len(words) - 1 and _LOWER_START.match(words[k]):
            k += 1
        if k:
            n["non-dropping-particle"] = " ".join(words[:k])
            n["family"] = " ".join(words[k:])
    if isinstance(giv, str) and " " in giv and "dropping-particle" not in n:
        words = giv.split(" ")
        k = len(words)
        while k > 1 and _LOWER_START.match(words[k - 1]) and words[k - 1].rstrip("'’").isalpha():
            k -= 1
        if k < len(words):
            n["dropping-particle"] = " ".join(words[k:])
            n["given"] = " ".join(words[:k])
    return n


def _source(items: Sequence[dict[str, Any]]):
    from citeproc.source.json import CiteProcJSON

    rich = [rich_item(i) for i in items]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        src = CiteProcJSON(rich)
    for item in rich:
        ref = src.get(str(item.get("id")).lower())
        if ref is None:
            continue
        for key, value in item.items():
            var = key.replace("-", "_")
            if var in EXTRA_NAMES and isinstance(value, list):
                dict.__setitem__(ref, var, src.parse_names(value))
            if "_" in var and (var in EXTRA_NAMES or var in NAMES) and var in ref:
                # cs:names looks roles up as the style spells them ("container-author")
                dict.__setitem__(ref, var.replace("_", "-"), dict.__getitem__(ref, var))
    for ref in src.values():
        dict.__setitem__(ref, "_cx", {})  # per-reference disambiguation state
        for value in dict.values(ref):
            if isinstance(value, DateRange):
                _seasons(value.begin)
                if "end" in value:
                    _seasons(value.end)
            elif isinstance(value, Date):
                _seasons(value)
    return src


def _seasons(date) -> None:
    """CSL-JSON months 13–24 are the seasons (13/17/21 spring … 16/20/24 winter); a
    season has no day; any other month outside 1–12 is dropped (citeproc-js; fixtures
    date_SeasonRange*, date_VariousInvalidDates)."""
    month = date.get("month")
    if not isinstance(month, int) or 1 <= month <= 12:
        return
    date.pop("month", None)
    date.pop("day", None)
    if 13 <= month <= 24:
        date["season"] = (month - 13) % 4 + 1


#: CSL 1.0.2 name variables citeproc-py 0.11 reads as plain strings (its NAMES list
#: predates them): "reviewed-author" was printed as nothing (issue 17).
EXTRA_NAMES = frozenset(
    "chair compiler contributor curator director editorial_director executive_producer guest host "
    "narrator organizer performer producer reviewed_author script_writer series_creator".split()
) - frozenset(NAMES)


class _Item(CitationItem):
    """A CitationItem whose reference is looked up once and whose number is a dict lookup."""

    @property
    def number(self):
        return self.bibliography.numbers()[self.key]

    @property
    def reference(self):
        ref = dict.get(self, "_ref")
        if ref is None:
            ref = self.bibliography.source[self.key]
            dict.__setitem__(self, "_ref", ref)
        return ref


class _Bib:
    """What citeproc-py's CitationItem expects of ``citation.bibliography``."""

    def __init__(self, source, formatter) -> None:
        self.source = source
        self.formatter = formatter
        self.keys: list[str] = []
        self.items: list[CitationItem] = []
        self._numbers: dict[str, int] = {}

    def add(self, item: CitationItem) -> None:
        self.keys.append(item.key)
        self.items.append(item)
        self._numbers[item.key] = len(self.keys)

    def reorder(self, items: list[CitationItem]) -> None:
        self.items = items
        self.keys = [i.key for i in items]
        self._numbers = {k: n + 1 for n, k in enumerate(self.keys)}

    def numbers(self) -> dict[str, int]:
        """Citation number of each key: its place in ``keys``."""
        return self._numbers


# --- the engine -----------------------------------------------------------------------

#: second-field-align blocks, turned into divs (HTML) or a space (text) after finishing.
LEFT_MARGIN, RIGHT_INLINE, END_BLOCK = "\ue020", "\ue021", "\ue022"
TRANSIENT = ("names_list", "sas_each", "sas_text", "vars", "names_done", "suppressed", "in_substitute", "names_seen", "names_text", "names_suppressed", "year_suffix_done", "suppress_names", "hide_year_suffix", "locator_done")
NO_PRINTED_FORM = "[CSL STYLE ERROR: reference with no printed form.]"


class Cite:
    """One cite of a cluster as the engine takes it (CSL-JSON citation item)."""

    __slots__ = ("id", "locator", "label", "prefix", "suffix", "suppress_author", "author_only")

    def __init__(self, id: str, locator: str | None = None, label: str | None = None, prefix: str = "", suffix: str = "", suppress_author: bool = False, author_only: bool = False) -> None:
        self.id = str(id)
        self.locator = None if locator in (None, "") else str(locator)
        self.label = label or "page"
        self.prefix = prefix or ""
        self.suffix = suffix or ""
        self.suppress_author = suppress_author
        self.author_only = author_only

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "Cite":
        return cls(d["id"], d.get("locator"), d.get("label"), d.get("prefix", ""), d.get("suffix", ""), bool(d.get("suppress-author")), bool(d.get("author-only")))


class Engine:
    """Render CSL citations and bibliographies for CSL-JSON items.

    ``style`` is the style's XML (bytes); ``fmt`` is ``html`` or ``text``."""

    def __init__(self, style: bytes, items: Sequence[dict[str, Any]], *, locale: str | None = None, fmt: str = "html") -> None:
        self.root = parse_style(style, locale)
        self.fmt = fmt
        self.items_json = list(items)
        self.source = _source(self.items_json)
        self.bib = _Bib(self.source, Formatter)
        self.citation = self.root.citation
        self.bibliography_el = self.root.bibliography
        self.note_style = self.root.get("class") == "note"
        self.quotes = self._quotes()
        self.implicit_year_suffix = self.root._implicit_year_suffix
        self.has_disambiguate_condition = self.root._has_disambiguate_condition
        self._disambiguated = False
        self.cited: set[str] = set()  # keys cited in cite_clusters (disambiguation scope)

    # ---- helpers --------------------------------------------------------------------

    def _quotes(self) -> R.Quotes:
        cached = self.root.__dict__.get("_quote_marks")  # one per parsed style and locale
        if cached is None:
            cached = self.root._quote_marks = self._locale_quotes()
        return cached

    def _locale_quotes(self) -> R.Quotes:
        def term(name):
            t = self.root.get_term(name)
            return str(t.single) if t is not None else None

        piq = str(self.root.get_locale_option("punctuation-in-quote") or "false").lower() == "true"
        return R.Quotes(
            (term("open-quote") or "“", term("close-quote") or "”"),
            (term("open-inner-quote") or "‘", term("close-inner-quote") or "’"),
            piq,
        )

    def has_bibliography(self) -> bool:
        return self.bibliography_el is not None

    def _item(self, cite: Cite, citation: Citation | None = None) -> CitationItem:
        """A citeproc-py cite for ``cite``, in ``citation`` or (without one) in a citation
        of its own, bound to this engine's bibliography."""
        opts: dict[str, Any] = {}
        if cite.locator is not None:
            opts["locator"] = Locator(cite.label, R.parse_field(cite.locator))
        it = _Item(cite.id, **opts)
        dict.__setitem__(it, "_cx", {"implicit_year_suffix": self.implicit_year_suffix})
        dict.__setitem__(it, "_cite", cite)
        if citation is None:
            Citation([it]).bibliography = self.bib
        else:
            it.citation = citation
            citation.cites.append(it)
        return it

    def register(self, cites: Iterable[Cite]) -> None:
        """Add items to the bibliography (first-cite order), as citing them would."""
        for cite in cites:
            key = cite.id.lower()
            if key in self.source and key not in self.bib.numbers():
                it = self._item(Cite(cite.id))  # no locator: it must not leak into the entry
                self.bib.add(it)
        self._disambiguated = False

    def sort_bibliography(self) -> None:
        if self.bibliography_el is not None and self.bibliography_el.find(f"{{{CSL_NS}}}sort") is not None:
            for it in self.bib.items:
                self._reset(it)
            sort = self.bibliography_el.find(f"{{{CSL_NS}}}sort")
            self.bib.reorder(sort.sort(self.bib.items, self.bibliography_el.layout))

    @staticmethod
    def _reset(it: CitationItem) -> None:
        cx = dict.get(it, "_cx")
        if cx is None:
            cx = {}
            dict.__setitem__(it, "_cx", cx)
        for k in TRANSIENT:
            cx.pop(k, None)

    def _render(self, it: CitationItem, layout, **flags) -> str | None:
        self._reset(it)
        cx = dict.get(it, "_cx")
        cx.update(flags)
        layout.repressed = {}
        try:
            out = layout.render_children(it)
        except VariableError:
            out = None
        return None if out is None else str(out)

    # ---- disambiguation ------------------------------------------------------------

    def disambiguate(self) -> None:
        """Set add-names / add-givenname / year-suffix / disambiguate on each reference."""
        self._disambiguated = True
        cit = self.citation
        if cit is None:
            return
        add_names = cit.get("disambiguate-add-names") == "true"
        add_given = cit.get("disambiguate-add-givenname") == "true"
        add_ys = cit.get("disambiguate-add-year-suffix") == "true"
        rule = cit.get("givenname-disambiguation-rule", "by-cite")
        layout = cit.layout
        if not (add_names or add_given or add_ys or self.has_disambiguate_condition):
            return  # nothing the style could do about ambiguity: skip rendering probes
        # add-names, add-givenname and disambiguate="true" compare cited items only
        # when there are citations: an item that is only in the bibliography does not
        # make a citation ambiguous (citeproc-js: MLA's "(Tocqueville 20)" stays short
        # beside an uncited second Tocqueville); year-suffixes go to every registered
        # item (citeproc-js: an uncited fourth "Lenin 1965d")
        probes = {key: self._item(Cite(key)) for key in self.bib.keys}
        scope = [k for k in self.bib.keys if k in self.cited] if self.cited else list(probes)
        state = {key: dict.get(self.source[key], "_cx") for key in probes}
        for rcx in state.values():
            for k in ("add_names", "given_levels", "year_suffix", "disambiguate"):
                rcx.pop(k, None)

        def render(key):
            return R.plain(self._render(probes[key], layout, hide_year_suffix=True) or "")

        def ambiguous(keys):
            seen: dict[str, list[str]] = {}
            for k in keys:
                seen.setdefault(render(k), []).append(k)
            return [g for g in seen.values() if len(g) > 1]

        def stuck(sub, g):  # no member told apart
            return len(sub) == 1 and len(sub[0]) == len(g)

        if add_given and rule in ("all-names", "all-names-with-initials", "primary-name", "primary-name-with-initials"):
            self._global_givennames(scope, rule)
        def expand_given(g):
            """Given names expanded (initials, then full), name by name, in the cites of
            group ``g``; a cite told apart stops expanding; undone when no cite is told
            apart.  Returns the groups still ambiguous."""
            before = {k: dict(state[k].get("given_levels", {})) for k in g}
            positions = [0] if rule.startswith("primary-name") else range(max(max(self._name_count(k) for k in g), 1))
            remaining = list(g)
            for level in range(1, (1 if rule.endswith("with-initials") else 2) + 1):
                for i in positions:
                    if not remaining:
                        break
                    snapshot = {k: dict(state[k].get("given_levels", {})) for k in remaining}
                    distinct = len({render(k) for k in g})
                    for k in remaining:
                        lv = state[k].setdefault("given_levels", {})
                        for var in ("author", "editor", "translator", "composer", "container_author"):
                            lv[(var, i)] = max(lv.get((var, i), 0), level)
                    if len({render(k) for k in g}) == distinct:  # this step told nothing apart
                        for k in remaining:
                            state[k]["given_levels"] = snapshot[k]
                        continue
                    still = {k for sub in ambiguous(g) for k in sub}
                    remaining = [k for k in remaining if k in still]
            sub = ambiguous(g)
            if stuck(sub, g):  # no help: back to what the document-wide rule set
                for k in g:
                    state[k]["given_levels"] = before[k]
            return sub

        def save(keys):
            return {k: (state[k].get("add_names"), dict(state[k].get("given_levels", {}))) for k in keys}

        def restore(saved):
            for k, (n, lv) in saved.items():
                if n is None:
                    state[k].pop("add_names", None)
                else:
                    state[k]["add_names"] = n
                state[k]["given_levels"] = lv

        groups = ambiguous(scope)
        if groups and add_names:
            # 1. show more names while that tells cites apart; with add-givenname each
            # name count is tried with given names expanded too (CSL 1.0.2
            # "Disambiguation": add-names, then add-givenname "may be combined").  A cite
            # told apart keeps its count; cites never told apart keep the count of the
            # last step that told any cite of their group apart (citeproc-js; fixtures
            # disambiguate_AndreaEg*, disambiguate_ByCite*OnFailure*)
            new_groups = []
            for g in groups:
                remaining = list(g)
                kept = save(remaining)
                parts = 1
                for n in range(2, max(self._name_count(k) for k in g) + 1):
                    for k in remaining:
                        state[k]["add_names"] = n
                    sub = ambiguous(remaining)
                    if sub and add_given:
                        sub = [x for grp in sub for x in expand_given(grp)]
                    still = [k for grp in sub for k in grp]
                    # progress: a cite told apart, or the group split in two
                    # (disambiguate_YearSuffixAtTwoLevels)
                    if len(still) < len(remaining) or len(sub) > parts:
                        remaining, parts = still, len(sub)
                        kept = save(remaining)
                    if not remaining:
                        break
                restore(kept)
                new_groups.extend(ambiguous(remaining) if remaining else [])
            groups = new_groups
        if groups and add_given:  # 2. expand given names (initials, then full), name by name
            groups = [x for g in groups for x in expand_given(g)]
        if add_ys and (groups or len(scope) < len(probes)):  # 3. year-suffixes in bibliography order
            order = self.bib.numbers()
            for g in (groups if len(scope) == len(probes) else ambiguous(list(probes))):
                given = {k: given_year_suffix(probes[k]) for k in g}
                if all(given.values()) and len(set(given.values())) == len(g):
                    for k in g:  # the source's own letters ("2020a", "2020b"), kept as they are
                        state[k]["year_suffix"] = given[k]
                    continue
                # letters the source gave first, in their order; then bibliography order
                for n, k in enumerate(sorted(g, key=lambda k: (not given[k], given[k], order[k]))):
                    state[k]["year_suffix"] = _suffix(n)
            return
        for g in groups:  # 4. what is left renders its disambiguate="true" branches
            for k in g:
                state[k]["disambiguate"] = True

    def _global_givennames(self, keys, rule) -> None:
        """Names with the same family name but different given names are expanded in
        every cite (rules all-names*, primary-name*; spec "givenname-disambiguation-rule")."""
        seen: dict[str, set[tuple[str, str]]] = {}
        for k in keys:
            ref = self.source[k]
            for role in ("author", "editor", "translator", "composer"):
                for i, n in enumerate(dict.get(ref, role) or []):
                    if rule.startswith("primary") and i:
                        continue
                    fam, giv = name_key(n)
                    ndp = R.plain(str(n.get("non-dropping-particle") or ""))
                    if fam and giv:
                        seen.setdefault(ndp + " " + fam, set()).add((fam, giv))
        for fam, variants in seen.items():
            if len({re.sub(r"[\s.]", "", g) for _, g in variants}) < 2:
                continue
            def initials(g):
                return "".join(w[:1] for w in g.replace(".", " ").split())

            if rule.endswith("with-initials") and len({initials(g) for _, g in variants}) < 2:
                continue  # initials are all these rules may add, and they would not differ
            # per name: the full given name only where its initials are shared with a
            # different given name of the same family ("Peter"/"Pavel" Pavlov), else
            # initials ("P. Pavlov" beside "A. Pavlov"; issue 17)
            levels = {}
            for v in variants:
                norm = re.sub(r"[\s.]", "", v[1])
                clash = any(initials(w[1]) == initials(v[1]) and re.sub(r"[\s.]", "", w[1]) != norm for w in variants if w != v)
                levels[v] = 2 if clash and not rule.endswith("with-initials") else 1
            # primary-name*: the expansion applies to the first name of a cite only
            # (disambiguate_PrimaryNameWithInitialsLimitedToPrimary)
            tag = ("primary",) if rule.startswith("primary") else ()
            for k in keys:
                rcx = dict.get(self.source[k], "_cx")
                lv = rcx.setdefault("given_levels", {})
                for v in variants:
                    lv[tag + v] = max(lv.get(tag + v, 0), levels[v])

    def _name_count(self, key: str) -> int:
        ref = self.source[key]
        n = 0
        for role in ("author", "editor", "translator", "composer", "container_author"):
            names = dict.get(ref, role)
            if names:
                n = max(n, len(names))
        return n

    # ---- citations -------------------------------------------------------------------

    def cite_clusters(self, clusters: Sequence[tuple[int, Sequence[Cite]]]) -> list[str]:
        """Render clusters ``(note_number, cites)`` in document order; one string each."""
        for _, cites in clusters:
            self.register(cites)
            self.cited.update(c.id.lower() for c in cites)
        if not self._disambiguated:
            self.sort_bibliography()
            self.disambiguate()
        prepared = self._positions(clusters)
        return [self._cluster(note, items) for note, items in prepared]

    def _positions(self, clusters):
        """CSL 1.0.2 positions.  In a note style the cites of one note count as one
        citation for ibid, and in-text citations (note 0) form their own stream
        (fixtures position_IbidWithMultipleSoloCitesInBackref, position_IbidInText)."""
        out = []
        history: dict[str, tuple[int, int]] = {}  # key -> (note or pseudo-note, cluster index)
        first_note: dict[str, int] = {}
        last_note: dict[bool, int | None] = {}
        last_items: dict[bool, list[CitationItem]] = {}
        note_items: dict[bool, list[CitationItem]] = {}  # every cite of the last note
        near = int(self.citation.get("near-note-distance", "5")) if self.citation is not None else 5
        for ci, (note, cites) in enumerate(clusters):
            note = int(note or 0)
            stream = bool(note) and self.note_style
            starts_note = not (stream and last_note.get(stream) == note)
            if stream and last_note.get(stream) is not None and last_note[stream] != note:
                prev_items = note_items.get(stream, [])  # a new note: the whole previous note
            else:
                prev_items = last_items.get(stream, [])  # same note, or running text
            items = []
            citation = Citation([])
            citation.bibliography = self.bib
            for k, cite in enumerate(cites):
                it = self._item(cite, citation)
                key = it.key
                cx = dict.get(it, "_cx")
                cx["starts_note"] = starts_note and k == 0
                where = note if note else ci + 1
                if key not in history:
                    cx["position_name"] = "first"
                    cx["position"] = 0
                else:
                    prev = None
                    if k > 0:
                        if items[k - 1].key == key:
                            prev = items[k - 1]
                    elif prev_items and all(p.key == key for p in prev_items):
                        prev = prev_items[-1]
                    name = "subsequent"
                    if prev is not None:
                        cur_loc, prev_loc = _loc(it), _loc(prev)
                        if cur_loc is None and prev_loc is None:
                            name = "ibid"
                        elif cur_loc is not None and prev_loc is None:
                            name = "ibid-with-locator"
                        elif cur_loc is not None and prev_loc is not None:
                            name = "ibid" if cur_loc == prev_loc else "ibid-with-locator"
                    cx["position_name"] = name
                    cx["position"] = 1
                    cx["near_note"] = (where - history[key][0]) <= near
                    if key in first_note:
                        cx["first_note"] = first_note[key]
                if key not in first_note and note:
                    first_note[key] = note
                history[key] = (where, ci)
                items.append(it)
            if stream and last_note.get(stream) == note:
                note_items[stream] = note_items.get(stream, []) + items
            else:
                note_items[stream] = items
            last_note[stream], last_items[stream] = note, items
            out.append((note, items))
        return out

    def _cluster(self, note: int, items: list[CitationItem]) -> str:
        cit = self.citation
        layout = cit.layout
        good = [i for i in items if i.key in self.source]
        sort = cit.find(f"{{{CSL_NS}}}sort")
        if sort is not None and len(good) > 1:
            for it in good:
                self._reset(it)
            good = sort.sort(good, layout)
        delim = layout.get("delimiter", "")
        collapse = cit.get("collapse")
        group_delim = cit.get("cite-group-delimiter")
        after_collapse = cit.get("after-collapse-delimiter", delim)
        ys_delim = cit.get("year-suffix-delimiter", delim)
        rendered = []  # (item, text, names_text)
        for it in good:
            text = self._render(it, layout)
            cx = dict.get(it, "_cx")
            if self.note_style and text:
                text = self._capitalize_ibid(it, text)
            rendered.append([it, text, cx.get("names_text")])
            cx["authorstring"] = " ".join(cx.get("names_list") or ())  # for the grouped sort
        pieces: list[tuple[str, str]] = []  # (text, delimiter before it)
        if collapse == "citation-number":
            pieces = self._collapse_numbers(rendered, delim, after_collapse)
        elif collapse in ("year", "year-suffix", "year-suffix-ranged") or group_delim:
            # CSL 1.0.2 "Cite Grouping": cite-group-delimiter defaults to ", ".  citeproc-js
            # applies that default in in-text styles only; a note style without the
            # attribute joins the cites of a group with the layout delimiter
            # ("Smith 2000a–e;2001", fixtures collapse_YearSuffixCollapseNoYearSuffixDelimiter,
            # disambiguate_YearCollapseWithInstitution)
            if group_delim is None:
                group_delim = delim if self.note_style else ", "
            pieces = self._collapse_years(rendered, layout, collapse, delim, group_delim, after_collapse, ys_delim)
        else:
            pieces = [(self._affixed(it, text), delim) for it, text, _ in rendered]
        body = ""
        for i, (text, d) in enumerate(pieces):
            if i and R.plain(text)[:1] in (",", ";", "."):
                d = ""  # a prefix starting with punctuation replaces the delimiter
            body += (d if i else "") + text
        bad = [i for i in items if i.key not in self.source]
        for b in bad:
            body += (delim if body else "") + f"{b.key}?"
        out = layout.format(layout.wrap(String(body))) if body else ""
        return R.display(R.finish(str(out), self.fmt, self.quotes), self.fmt)

    def _affixed(self, it, text):
        cite: Cite = dict.get(it, "_cite")
        if text is None or R.plain(text).strip() == "":
            text = NO_PRINTED_FORM
        pre = R.typed_affix(cite.prefix) if cite and cite.prefix else ""
        # a user's prefix is printed as typed, also at a note start ("see …"), as
        # citeproc-js does: the writer decides its case (issue 17)
        suf = R.typed_affix(cite.suffix) if cite and cite.suffix else ""
        return pre + text + suf

    def _capitalize_ibid(self, it, text: str) -> str:
        """"Ibid." capitalised where a sentence starts: first in its note with no prefix,
        or after a prefix of several words ending in . ! or ? (fixtures position_Ibid*,
        bugreports_CapsAfterOneWordPrefix)."""
        cx = dict.get(it, "_cx")
        if cx.get("position_name") not in ("ibid", "ibid-with-locator"):
            return text
        # any form of the term: civilta-italiana's ibid-with-locator prints the short "ivi"
        # ("Ivi, p. 70" at a note start, as citeproc-js capitalises a term that opens a note)
        forms = []
        for form in (None, "long", "short"):
            term = self.root.get_term("ibid", form)
            if term is not None and R.plain(str(term.single)):
                forms.append(R.plain(str(term.single)))
        plain = R.plain(text)
        if not any(plain.startswith(f) for f in (forms or ["ibid"])):
            return text
        cite: Cite = dict.get(it, "_cite")
        pre = R.plain(cite.prefix).strip() if cite and cite.prefix else ""
        if pre:
            if not (re.search(r"[.!?][\"'”’]?$", pre) and len(pre.split()) > 1):
                return text
        elif not cx.get("starts_note"):
            return text
        return _capitalize_first(text)

    def _collapse_numbers(self, rendered, delim, after):
        """Runs of three or more consecutive citation numbers as first–last; the cite
        after a collapsed run is joined by ``after-collapse-delimiter`` (spec "Cite
        Collapsing"; fixtures collapse_CitationNumberRanges*)."""
        numbers = self.bib.numbers()
        pieces: list[tuple[str, str]] = []
        run: list[tuple[int, str]] = []
        lead = delim

        def flush() -> str:
            if len(run) >= 3:
                pieces.append((run[0][1] + "\u2013" + run[-1][1], lead))
                run.clear()
                return after
            pieces.extend((t, lead if i == 0 else delim) for i, (_, t) in enumerate(run))
            run.clear()
            return delim if pieces else lead

        for it, text, _ in rendered:
            num = numbers.get(it.key)
            t = self._affixed(it, text)
            cite: Cite = dict.get(it, "_cite")
            plain_cite = num is not None and not (cite.prefix or cite.suffix or cite.locator)
            if run and plain_cite and num == run[-1][0] + 1:
                run.append((num, t))
                continue
            lead = flush() if run else lead
            if plain_cite:
                run.append((num, t))
            else:
                pieces.append((t, lead))
                lead = delim
        flush()
        return pieces

    def _collapse_years(self, rendered, layout, collapse, delim, group_delim, after, ys_delim):
        """Cite grouping and year / year-suffix collapsing (spec "Cite Grouping",
        "Cite Collapsing"; fixtures collapse_*, name_CiteGroupDelimiter*)."""
        cit_after = self.citation.get("after-collapse-delimiter")
        # a cite-group-delimiter given by the style also joins collapsed year-suffixes
        # (citeproc-js: it replaces year-suffix-delimiter; name_CiteGroupDelimiterWithYearSuffixCollapse)
        if self.citation.get("cite-group-delimiter") is not None:
            ys_delim = group_delim
        # cites are moved next to an earlier cite with the same names only when the
        # citation is sorted, and the style is in-text or gives a cite-group-delimiter;
        # otherwise only neighbours are grouped (citeproc-js's grouped sort; fixtures
        # name_CiteGroupDelimiterWithYearSuffixCollapse2, 3)
        sort = self.citation.find(f"{{{CSL_NS}}}sort")
        regroup = sort is not None and (not self.note_style or self.citation.get("cite-group-delimiter") is not None)
        groups: list[list] = []
        by_names: dict[str, list] = {}
        for row in rendered:
            key = R.plain(row[2] or "")
            if not key and collapse and collapse.startswith("year-suffix"):
                key = "\0" + self._no_names_key(row[0], layout)
            if not regroup and groups and by_names.get(key) is not groups[-1]:
                by_names.pop(key, None)
            if key and key in by_names:
                by_names[key].append(row)
            else:
                g = [row]
                groups.append(g)
                if key:
                    by_names[key] = g
        keys = sort.findall(f"{{{CSL_NS}}}key") if regroup else []
        if keys and keys[0].get("sort", "ascending") != "descending":
            # citeproc-js's grouped sort: groups in the order of their first cite's first
            # sort key, groups tied there in the order of their names, compared name by
            # name ("(Hobsbawm, Ranger and D. Thompson, 1983; … E. Thompson, 1983)" in
            # harvard-cite-them-right, sorted by year only; fixture
            # disambiguate_ByCiteIncremental2)
            def order(g):
                cx = dict.get(g[0][0], "_cx")
                k0 = cx.get("sort_key0")
                return (k0 is None, k0 if k0 is not None else (), collation_key(R.plain(cx.get("authorstring", ""))))

            groups.sort(key=order)
        pieces = []
        prev_collapsed = False
        last_it = None
        for g in groups:
            lead_delim = after if prev_collapsed else delim
            if cit_after is not None and last_it is not None:
                # citeproc-js (getSpliceDelimiter): an explicit after-collapse-delimiter
                # also follows a cite with a locator, and, unless collapse="year-suffix",
                # every cite that starts a group ("(Whittaker 1967; Wiens 1989b)",
                # fixture collapse_ChicagoAfterCollapse)
                lc: Cite = dict.get(last_it, "_cite")
                if (lc is not None and lc.locator) or collapse != "year-suffix":
                    lead_delim = cit_after
            last_it = g[-1][0]
            first_it, first_text, _ = g[0]
            pieces.append((self._affixed(first_it, first_text), lead_delim))
            if len(g) == 1 or not collapse:
                for it, text, _ in g[1:]:
                    pieces.append((self._affixed(it, text), group_delim))
                prev_collapsed = len(g) > 1 and bool(collapse)
                continue
            prev_it = first_it
            prev_key = self._no_names_key(first_it, layout)
            run: list[tuple[str, str, bool]] = []  # (text, delimiter, is a bare suffix)
            lead_ys = year_suffix(first_it)
            for it, text, _ in g[1:]:
                cite: Cite = dict.get(it, "_cite")
                pcite: Cite = dict.get(prev_it, "_cite")
                key = self._no_names_key(it, layout)
                ys = year_suffix(it)
                # citeproc-js (getSpliceDelimiter): with an explicit
                # after-collapse-delimiter, it follows a cite with a locator and the
                # layout delimiter joins the rest ("1963, p. 9; 1971", "(Thompson 1963;
                # 1984)" in iso690-author-date-fr); else the cite-group delimiter
                # ("Thompson 1963, 9, 1971, 78")
                if cit_after is not None:
                    d = cit_after if pcite.locator else delim
                else:
                    d = group_delim
                if collapse.startswith("year-suffix") and ys and year_suffix(prev_it) and key == prev_key and not cite.locator and not pcite.locator and not cite.prefix and not cite.suffix:
                    run.append((ys, ys_delim, True))
                else:
                    t = self._render(it, layout, suppress_names=True)
                    run.append((self._affixed(it, t), d, False))
                prev_it, prev_key = it, key
            if collapse == "year-suffix-ranged":
                run = _range_suffixes(run, ys_delim, lead_ys)
            pieces.extend((t, d) for t, d, _ in run)
            prev_collapsed = True
        return pieces

    def _no_names_key(self, it, layout) -> str:
        return R.plain(self._render(it, layout, suppress_names=True, hide_year_suffix=True) or "")

    # ---- bibliography -----------------------------------------------------------------

    def bibliography_entries(self) -> list[str]:
        """The bibliography of every registered item, in the style's order."""
        if self.bibliography_el is None:
            return []
        if not self._disambiguated:
            self.sort_bibliography()
            self.disambiguate()
        bib = self.bibliography_el
        layout = bib.layout
        sas = bib.get("subsequent-author-substitute")
        sfa = bib.get("second-field-align")
        out = []
        prev_names = None
        prev_list: list[str] = []
        sas_rule = bib.get("subsequent-author-substitute-rule", "complete-all")
        self.omitted: list[str] = []
        numbered = 'variable="citation-number"' in etree.tostring(bib).decode("utf-8")
        for it in self.bib.items:
            self._reset(it)
            cx = dict.get(it, "_cx")
            for k in ("position", "position_name"):
                cx.pop(k, None)
            if sfa:
                entry = self._second_field(it, layout)
            else:
                text = self._render(it, layout)
                entry = None if text is None else str(layout.format(layout.wrap(String(text))))
            names = cx.get("names_text")
            names_list = cx.get("names_list") or []
            each = 0
            if sas is not None and entry is not None and names and prev_list and sas_rule != "complete-all":
                # CSL 1.0.2 subsequent-author-substitute-rule: complete-each replaces every
                # name of an identical list, partial-each the leading names that match,
                # partial-first the first name only
                lead = 0
                while lead < min(len(names_list), len(prev_list)) and names_list[lead] == prev_list[lead]:
                    lead += 1
                if sas_rule == "complete-each":
                    each = len(names_list) if names_list == prev_list else 0
                elif sas_rule == "partial-first":
                    each = min(lead, 1)
                else:
                    each = lead
                if each:
                    self._reset(it)
                    dict.get(it, "_cx")["sas_each"] = (each, sas)
                    if sfa:
                        entry = self._second_field(it, layout)
                    else:
                        text = self._render(it, layout, sas_each=(each, sas))
                        entry = None if text is None else str(layout.format(layout.wrap(String(text))))
                    cx = dict.get(it, "_cx")
            prev_list = names_list
            # complete-all, and any rule when a substitute (a title) stood in for the names
            whole = sas_rule == "complete-all" or not names_list
            if sas is not None and whole and entry is not None and names and names == prev_names:
                # render again with the substitute standing in for the names, so the
                # punctuation after them is joined as it would be to the names:
                # "———. “The Tasks…”" (spec "subsequent-author-substitute"; citeproc-js)
                if sfa:
                    self._reset(it)
                    dict.get(it, "_cx")["sas_text"] = sas
                    entry = self._second_field(it, layout)
                else:
                    text = self._render(it, layout, sas_text=sas)
                    entry = None if text is None else str(layout.format(layout.wrap(String(text))))
                cx = dict.get(it, "_cx")
                cx.pop("sas_text", None)
            prev_names = names
            if entry is None or not R.plain(entry).strip():
                self.omitted.append(it.key)
                if not numbered:
                    continue  # citeproc-js leaves it out; the caller reports engine.omitted
                entry = NO_PRINTED_FORM  # a numbered list keeps its numbering
            text = R.display(R.finish(R.display_tail(entry), self.fmt, self.quotes), self.fmt)
            if LEFT_MARGIN in text:
                html = self.fmt == "html"
                text = (
                    text.replace(LEFT_MARGIN, '<div class="csl-left-margin">' if html else "")
                    .replace(RIGHT_INLINE, '</div><div class="csl-right-inline">' if html else " ")
                    .replace(END_BLOCK, "</div>" if html else "")
                )
            out.append(text)
        return out

    def _second_field(self, it, layout):
        self._reset(it)
        layout.repressed = {}
        parts = []
        for child in layout.iterchildren():
            try:
                t = child.render(it)
            except VariableError:
                t = None
            if t is not None and str(t) != "":
                parts.append(str(t))
        if not parts:
            return None
        first = parts[0]
        rest = layout.get("delimiter", "").join(parts[1:])
        # the layout suffix merges with the entry's own final punctuation ("1953)." not
        # "1953).."), as everywhere else (richtext.seam; spec "Affixes")
        return LEFT_MARGIN + layout.get("prefix", "") + first + RIGHT_INLINE + R.seam(rest, layout.get("suffix", "")) + END_BLOCK


def _capitalize_first(s: str) -> str:
    for i, ch in enumerate(s):
        if ch.isalpha():
            return s[:i] + ch.upper() + s[i + 1 :]
    return s


def _suffix(n: int) -> str:
    s = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(97 + r) + s
    return s


def _range_suffixes(run, ys_delim, lead):
    """a, b, c, d -> a–d for three or more consecutive suffixes (the lead cite's own
    suffix counts as the first)."""
    seq = [(lead or "", "", True)] + list(run)
    out: list[tuple[str, str, bool]] = []
    i = 0
    while i < len(seq):
        j = i
        while (
            j + 1 < len(seq) and seq[j][2] and seq[j + 1][2] and len(seq[j][0]) == 1 and len(seq[j + 1][0]) == 1
            and ord(seq[j + 1][0]) == ord(seq[j][0]) + 1
        ):
            j += 1
        if j - i >= 2:
            if i == 0:
                out.append(("\u2013" + seq[j][0], "", True))
            else:
                out.append((seq[i][0] + "\u2013" + seq[j][0], seq[i][1], True))
            i = j + 1
        else:
            if i:
                out.append(seq[i])
            i += 1
    return out


def _loc(it) -> tuple[str, str] | None:
    if "locator" not in it:
        return None
    return (it.locator.label, R.plain(str(it.locator.identifier)))
