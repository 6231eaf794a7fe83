"""Subclasses of citeproc-py's CSL element classes, each fixing one behaviour.

citeproc-py maps every CSL element name to a class through an lxml class lookup
built from ``CitationStylesElement.__subclasses__()``.  citekit builds its *own*
lookup (:func:`element_lookup`) in which the names below map to these subclasses
and every other name to citeproc-py's class; styles parsed by citeproc-py itself
keep the original classes, so nothing changes for other users of citeproc-py in
the same process.  Every override names the CSL 1.0.2 clause it follows and the
fixtures of the CSL test suite it was checked on (docs/rendering.md lists them).

Per-cite state lives on the ``CitationItem`` under the key ``_cx`` (a dict): lxml
element proxies must not hold state.
"""

from __future__ import annotations

import re
import unicodedata
from contextvars import ContextVar
from typing import Any

from citeproc import model as M
from lxml import etree
from citeproc.source import DateRange, LiteralDate, VariableError
from citeproc.string import String

from . import richtext as R

#: The CSL namespace (element lookups in locales).
_CSL_NS = "http://purl.org/net/xbiblio/csl"
#: The cite being rendered (set by engine._render): date parts have no access to it.
CURRENT_ITEM: ContextVar[Any] = ContextVar("citekit_csl_item", default=None)

# --- shared behaviour (mixins placed before citeproc-py's own) ----------------------


def _cx(item: Any) -> dict:
    """The compat state of a cite (an empty dict for bibliography entries without one)."""
    try:
        cx = dict.get(item, "_cx")
    except TypeError:
        return {}
    return {} if cx is None else cx


class RichFormatted:
    """Formatting as sentinels (richtext.py); explicit ``normal`` values kept.

    Spec "Formatting": font-style="normal" inside italics renders upright
    (fixtures decorations_NoNormalWithoutDecoration, flipflop_*);
    vertical-align="baseline" is emitted (decorations_Baseline)."""

    def format(self, string):
        if string is None:
            return None
        text = str(string)
        for attribute, pairs in _FORMATTING:
            pair = pairs.get(self.get(attribute))
            if pair is not None:
                text = R.wrap(pair, text)
        return String(text)


#: CSL formatting attributes -> the sentinel pair of each value, applied in this order.
_FORMATTING = (
    ("font-style", {"italic": R.ITALIC, "oblique": R.ITALIC, "normal": R.UPRIGHT}),
    ("font-variant", {"small-caps": R.SMALLCAPS}),
    ("font-weight", {"bold": R.BOLD, "light": R.LIGHT}),
    ("text-decoration", {"underline": R.UNDERLINE}),
    ("vertical-align", {"sup": R.SUP, "sub": R.SUB, "baseline": R.BASELINE}),
)


class RichQuoted:
    """quotes="true" as QUOTE sentinels; the locale's marks, nesting and
    punctuation-in-quote are applied by richtext.finish (spec "Locale Options",
    fixtures magic_PunctuationInQuote*, quotes_*, decorations_NestedQuotes)."""

    def quote(self, string):
        if self.get("quotes", "false").lower() == "true":
            return String(R.wrap(R.QUOTE, string))
        return string


class RichCased:
    """text-case on sentinel strings, nocase spans kept (spec "Text-case";
    fixtures textcase_*)."""

    def case(self, text, language=None):
        mode = self.get("text-case")
        if mode is None or text is None:
            return text
        lang = language or "en"
        return String(R.apply_case(str(text), mode, lang))


class Affix:
    """Affixes are literal text in the style, parsed for markup like field text.
    ``display`` (CSL 1.0.2 "Display": block, left-margin, right-inline, indent) wraps
    the affixed text in a marker pair that the engine turns into citeproc-js's divs
    (richtext.DISPLAY; fixtures display_*)."""

    def wrap(self, string):
        if string is None:
            return None
        prefix = self.get("prefix", "")
        suffix = self.get("suffix", "")
        if prefix or suffix:
            string = String(R.seam(R.seam(prefix, str(string)), suffix))
        display = self.get("display")
        if display in R.DISPLAY and str(string):
            open_, close = R.DISPLAY[display]
            string = String(open_ + str(string) + close)
        return string


class Joined:
    """Delimiters joined with the sentinel-aware seam (richtext.seam)."""

    def join(self, strings, default_delimiter=""):
        delimiter = self.get("delimiter", default_delimiter)
        out = None
        for s in strings:
            if s is None:
                continue
            out = str(s) if out is None else R.seam(R.seam(out, delimiter), str(s))
        return String(out if out is not None else "")


#: Term form -> the forms tried in order (CSL 1.0.2 "Terms", "Term forms"; None = long).
_TERM_FORM_FALLBACK = {None: (None,), "long": (None,), "verb-short": ("verb-short", "verb", None),
                       "symbol": ("symbol", "short", None)}


def _earlier(root, a, b):
    """Of two terms (or None), the one from the locale that comes first in ``root``'s
    fallback order: a term written ``form="long"`` is the long form (CSL 1.0.2 "Terms":
    long is the default form), so civilta-italiana's own ``<term name="ibid" form="long">ibid.``
    wins over it-IT's ``<term name="ibid">ibidem`` as in citeproc-js."""
    if a is None or b is None:
        return a if b is None else b
    locales = list(getattr(root, "locales", None) or [])

    def rank(term):
        loc = term.getparent().getparent() if term.getparent() is not None else None
        for i, l in enumerate(locales):
            if l is loc:
                return i
        return len(locales)

    return b if rank(b) < rank(a) else a


class Cached:
    """Lookups citeproc-py repeats by XPath on every render, cached on the element.

    engine.parse_style keeps every element of a parsed style alive, so lxml hands
    out the same Python proxy each time and attributes set here persist
    (issue 3: 43% of citeproc-py's time went to repeated macro lookups)."""

    def get_macro(self, name):
        root = self.get_root()
        cache = root.__dict__.setdefault("_macros", {})
        macro = cache.get(name)
        if macro is None:
            macro = cache[name] = M.CitationStylesElement.get_macro(self, name)
        return macro

    def calls_variable(self):
        try:
            return self.__dict__["_calls_variable"]
        except KeyError:
            value = self.__dict__["_calls_variable"] = super().calls_variable()
            return value

    def get_term(self, name, form=None, fallback_locale=True, zero_padded=False):
        """The locale term ``name`` in ``form`` (None = long), or None when no locale has it.

        A missing form falls back as CSL 1.0.2 "Terms" specifies: verb-short -> verb ->
        long, symbol -> short -> long, other forms -> long; each form is looked up in
        every locale (the style's own first) before the next form is tried, as
        citeproc-js does (``CSL.Engine.getField``).  So apa's ``<label form="verb-short">``
        for container-author prints en-US's verb "by" (the locale has no verb-short
        form); citeproc-py printed nothing."""
        root = self.get_root()
        cache = root.__dict__.setdefault("_terms", {})
        key = (name, form, fallback_locale, zero_padded)
        try:
            return cache[key]
        except KeyError:
            term = None
            for f in _TERM_FORM_FALLBACK.get(form, (form, None)):
                term = M.CitationStylesElement.get_term(self, name, f, fallback_locale, zero_padded)
                if f is None:
                    term = _earlier(root, term, M.CitationStylesElement.get_term(self, name, "long", fallback_locale, zero_padded))
                if term is not None:
                    break
            cache[key] = term
            return term

    def get_layout(self):
        try:
            return self.__dict__["_layout"]
        except KeyError:
            value = self.__dict__["_layout"] = M.CitationStylesElement.get_layout(self)
            return value


class SeamChildren:
    """Children of a layout, macro or cs:if/cs:else joined with the sentinel-aware
    seam, as groups already are (citeproc-py concatenated them): punctuation meeting
    across two children merges ("is it?" + ". New Thinker" -> "is it? New Thinker";
    spec "Affixes"; citeproc-js; fixture fullstyles_ChicagoArticleTitleQuestion)."""

    def render_children(self, item, delimiter="", **kwargs):
        out = None
        for child in self.iterchildren():
            try:
                if isinstance(child, M.Choose):
                    text = child.render(item, delimiter=delimiter, **kwargs)
                else:
                    text = child.render(item, **kwargs)
            except VariableError:
                continue
            if text is None:
                continue
            text = str(text)
            out = text if out is None else R.seam(R.seam(out, delimiter), text) if delimiter else R.seam(out, text)
        return None if out is None else String(out)


def section(el):
    """The cs:citation or cs:bibliography an element (or a calling context) sits in."""
    try:
        return el.__dict__["_section"]
    except KeyError:
        found = el.xpath_search("./ancestor-or-self::*[self::cs:citation or self::cs:bibliography][1]")
        value = el.__dict__["_section"] = found[0] if found else None
        return value


_RANGE = re.compile(r"(?P<a>[^\s,&\-\u2013\u2010-\u2012]*\d)\s*(?P<dash>[-\u2013\u2010-\u2012])\s*(?P<b>[^\s,&\-\u2013\u2010-\u2012]*\d)(?![^\s,&])")
_PREFIXED = re.compile(r"^(?P<pre>.*?)(?P<num>\d+)$")


def format_page_range(value: str, fmt: str | None, delimiter: str = "\u2013") -> str:
    """Page ranges per spec "Appendix V: Page Range Formats" (expanded, minimal,
    minimal-two, chicago = chicago-15, chicago-16); fixtures page_*.  Ranges whose
    two ends carry different prefixes are left as written."""

    def one(m: re.Match) -> str:
        a, b = m.group("a"), m.group("b")
        ma, mb = _PREFIXED.match(a), _PREFIXED.match(b)
        pa, na, pb, nb = ma.group("pre"), ma.group("num"), mb.group("pre"), mb.group("num")
        if pa != pb:
            return a + "-" + b  # different prefixes: left as written (page_Expand)
        if fmt is None:
            return a + delimiter + b
        if len(nb) < len(na):
            nb = na[: len(na) - len(nb)] + nb
        if int(nb) <= int(na) or len(nb) != len(na):
            return pa + na + delimiter + (pb + nb if fmt == "expanded" else nb)
        style = fmt
        if fmt.startswith("chicago"):
            first = int(na)
            if first < 100 or first % 100 == 0:
                style = "expanded"
            elif first % 100 < 10:
                style = "minimal"
            else:
                style = "minimal-two"
                if fmt in ("chicago", "chicago-15") and len(na) == 4 and _changed(na, nb) >= 3:
                    style = "expanded"
        if style == "expanded":
            return pa + na + delimiter + (pb or pa) + nb if pb else pa + na + delimiter + nb
        k = 0
        while k < len(na) and na[k] == nb[k]:
            k += 1
        if style == "minimal-two":
            k = min(k, len(nb) - 2)
        return pa + na + delimiter + nb[max(k, 0):]

    out = _RANGE.sub(one, value)
    if fmt is not None:
        out = _ROMAN_RANGE.sub(lambda m: m.group(1) + delimiter + m.group(2), out)
    return out


_ROMAN_RANGE = re.compile(r"\b([ivxlcdm]+)-([ivxlcdm]+)\b", re.IGNORECASE)


def _changed(a: str, b: str) -> int:
    k = 0
    while k < len(a) and a[k] == b[k]:
        k += 1
    return len(a) - k


class PageRanges:
    """Page and locator ranges through :func:`format_page_range`."""

    def _process(self, value, variable):
        if not variable.startswith("page"):
            return M.FormatNumber._process(self, value, variable)
        text = str(value)
        if variable == "page-first":
            m = re.match(r"\s*([A-Za-z]*\d+|[ivxlcdm]+)", R.plain(text), re.I)
            return String(m.group(1) if m else text)
        term = self.get_single_term(name="page-range-delimiter")
        delimiter = str(term) if term else "\u2013"
        return String(format_page_range(text, self.get_root().get("page-range-format"), delimiter))


class Mixins(Cached, RichFormatted, RichQuoted, RichCased, Affix, Joined, PageRanges):
    pass


# --- elements ------------------------------------------------------------------------


class Text(Mixins, M.Text):
    def _variable(self, item, context):
        variable = self.get("variable")
        cx = _cx(item)
        if cx.get("in_substitute"):
            cx.setdefault("suppressed", set()).add(variable)
        elif variable in cx.get("suppressed", ()):
            return None
        if variable == "first-reference-note-number":
            n = cx.get("first_note")
            if not n:
                raise VariableError
            return String(str(n))
        if variable == "year-suffix":
            ys = year_suffix(item)
            if not ys or cx.get("hide_year_suffix"):
                raise VariableError
            cx["year_suffix_done"] = True
            return String(ys)
        if variable == "citation-label":
            try:
                label = str(item.reference["citation_label"])
            except VariableError:
                label = citation_label(item.reference)
                if not label:
                    raise
            return String(_implicit_year_suffix(item, label))
        if variable == "locator":
            if "locator" not in item or cx.get("locator_done"):
                raise VariableError  # printed once per cite (_locator_once)
            if item.locator.label == "page":
                text = self._and_symbol(self._process(str(item.locator.identifier), "page"))
            else:
                text = self._and_symbol(super()._variable(item, context))
            return _locator_once(cx, text)
        text = super()._variable(item, context)
        return text

    def _and_symbol(self, text):
        """An "&" joining locator numbers is the locale's symbol term for "and"
        ("213 & 235"; citeproc-js number handling; label_PluralWithLocalizedAmpersand)."""
        if text is None or " & " not in str(text):
            return text
        term = M.CitationStylesElement.get_term(self, "and", "symbol")  # the symbol form itself, no fallback
        symbol = str(term.single) if term is not None else ""
        if not symbol or symbol == "&":
            return text
        return String(str(text).replace(" & ", " " + symbol + " "))

    def process(self, item, context=None, **kwargs):
        if context is None:
            context = self
        try:
            language = str(item.reference.language)[:2]
        except (VariableError, AttributeError):
            # no language: the output locale's (the style's default-locale unless one is
            # forced), as citeproc-js decides whether text-case="title" applies (CSL 1.0.2
            # "Title case conversion": non-English locale -> items taken as non-English)
            root = self.get_root()
            language = (root.__dict__.get("_output_locale") or root.get("default-locale") or "en")[:2]
        if "variable" in self.attrib:
            try:
                text = self._variable(item, context)
            except VariableError:
                _count_variable(item, None, called=self.get("variable") != "year-suffix")
                raise
            _count_variable(item, text, called=self.get("variable") != "year-suffix")
        elif "macro" in self.attrib:
            text = self._macro(item, context, kwargs.get("sort_options"))
        elif "term" in self.attrib:
            text = self._term(item)
            if self._in_else():  # the style's stand-in for missing data ("n.d.") is content
                _count_variable(item, text, called=False)
        elif "value" in self.attrib:
            text = String(R.parse_field(self.get("value")))
            if self._in_else():  # "s.d." (bugreports_DoubleEncodedAngleBraces)
                _count_variable(item, text, called=False)
        else:
            text = None
        return text, language


    def _macro(self, item, context, sort_options=None):
        """A macro call is an implicit group (citeproc-js; CSL 1.0.2 "Group" applied to
        ``cs:text macro``): when the macro called at least one variable and all of them
        were empty, its terms and labels are suppressed too ("in " before an empty
        container title; fixtures group_SuppressTermInMacro, bugreports_StyleError001)."""
        cx = _cx(item) if isinstance(item, dict) else None
        counts = None if cx is None else cx.get("vars")
        if cx is not None and counts is None:
            counts = cx["vars"] = [0, 0]
        # a sort key's name options (name-as-sort-order="all", names-min, …) reach
        # macros called from macros (citeproc-py dropped them: "Furet, F., & Richet, D."
        # sorted before "Furet, F., Ozouf, M., …", unlike citeproc-js)
        macro = self.get_macro(self.get("macro"))
        if counts is None:
            return macro.render(item, context, sort_options=sort_options)
        called0, rendered0 = counts
        text = macro.render(item, context, sort_options=sort_options)
        if counts[0] > called0 and counts[1] == rendered0:
            return None
        if text is not None and str(text):
            # like a nested group, a macro that printed (a term alone: "In") counts as
            # content for the group around it (citeproc-js; nlm-citation-sequence's
            # "In." before an empty container)
            counts[1] += 1
        return text

    def _in_else(self) -> bool:
        """Whether this element sits directly in a cs:else branch."""
        try:
            return self.__dict__["_else"]
        except KeyError:
            parent = self.getparent()
            value = self.__dict__["_else"] = parent is not None and parent.tag.rsplit("}", 1)[-1] == "else"
            return value


def citation_label(ref) -> str:
    """citeproc-js's default trigraph label: Aaaa00, AaAa00, AaAA00, AAAA00."""
    names = None
    for role in ("author", "editor", "translator"):
        names = dict.get(ref, role)
        if names:
            break
    fams = []
    for n in names or []:
        fam = n.get("family") or n.get("literal") or ""
        fams.append(R.plain(str(fam)).replace(" ", ""))
    if not fams:
        t = R.plain(str(dict.get(ref, "title", "") or ""))
        fams = [t.replace(" ", "")] if t else []
    if not fams:
        return ""
    widths = {1: [4], 2: [2, 2], 3: [2, 1, 1]}.get(len(fams), [1, 1, 1, 1])
    label = "".join(f[:w] for f, w in zip(fams, widths))
    issued = dict.get(ref, "issued")
    year = ""
    try:
        year = str(issued.year)[-2:] if issued is not None else ""
    except (AttributeError, VariableError, KeyError):
        year = ""
    return label + year


def _ref_cx(item) -> dict:
    try:
        return dict.get(item.reference, "_cx") or {}
    except (TypeError, AttributeError, VariableError, KeyError):
        return {}


#: A locale's ordinal terms (``ordinal``, ``ordinal-NN``), found in one compiled XPath step.
_ORDINAL_XPATH = etree.XPath("cs:terms/cs:term[starts-with(@name, 'ordinal')]", namespaces={"cs": _CSL_NS})


def _ordinal_terms(locale) -> dict[tuple[str, str | None], tuple[str, str]]:
    """``{(term name, gender-form or None): (match, text)}`` of a locale's ordinal terms
    (``ordinal``, ``ordinal-00`` … ``ordinal-99``; long forms left out), cached."""
    try:
        return locale.__dict__["_ordinals"]
    except KeyError:
        pass
    out: dict[tuple[str, str | None], tuple[str, str]] = {}
    for t in _ORDINAL_XPATH(locale):
        name = t.get("name") or ""
        key = (name, t.get("gender-form"))
        if (name == "ordinal" or (len(name) == 10 and name[8:].isdigit())) and t.get("form") in (None, "long") and key not in out:
            default = "last-two-digits" if name != "ordinal" and int(name[-2:]) >= 10 else "last-digit"
            out[key] = (t.get("match") or default, str(t.single))
    locale.__dict__["_ordinals"] = out
    return out


def ordinal_suffix(element, number: int, gender: str | None = None) -> str:
    """The ordinal suffix of ``number`` (CSL 1.0.2 "Ordinal Suffixes", "Gender-specific
    Ordinals"): the first locale in the fallback order (the style's own, the output
    locale's, en-US) that defines ordinal terms decides alone — ``ordinal-NN`` for the last
    two digits (or the whole number with ``match="whole-number"``), then ``ordinal-0N`` for
    the last digit, then ``ordinal``; each in the ``gender`` form of the term it qualifies
    (it-IT's feminine "ª" for "edizione") before the neutral one.  citeproc-py searched every
    locale for ``ordinal-02`` before any ``ordinal``, so de-DE (which has only ``ordinal``:
    ".") printed en-US's "2nd Aufl."; citeproc-js prints "2. Aufl."."""
    root = element.get_root()
    locales = [root] if not hasattr(root, "locales") else (root.locales or [])
    for locale in locales:
        terms = _ordinal_terms(locale)
        if not terms:
            continue

        def find(name):
            for g in ((gender, None) if gender else (None,)):
                if (name, g) in terms:
                    return terms[(name, g)]
            return None

        two = find(f"ordinal-{number % 100:02d}")
        if two is not None:
            match, text = two
            if (match == "whole-number" and number == number % 100) or match == "last-two-digits" or (match == "last-digit" and number < 10):
                return text
        one = find(f"ordinal-{number % 10:02d}")
        if one is not None:
            match, text = one
            if match == "last-digit" or (match == "whole-number" and number == number % 10) or (match == "last-two-digits" and number % 100 == number % 10):
                return text
        plain = find("ordinal")
        return plain[1] if plain is not None else ""
    return ""


def _term_gender(element, name: str) -> str | None:
    """The grammatical gender the locales give the term ``name`` ("edition" is feminine in
    it-IT and fr-FR), or None."""
    try:
        term = element.get_term(name)
    except Exception:  # a name that is no term
        return None
    return term.get("gender") if term is not None else None


class Number(Mixins, M.Number):
    """cs:number looks variables up by their CSL-JSON name with hyphens turned to
    underscores (citeproc-py looked up "number-of-volumes" as is and never found
    it: "3 vols." was lost; spec "Number"); ordinals follow :func:`ordinal_suffix`."""

    def format_number(self, number):
        form = self.get("form", "numeric")
        if form in ("ordinal", "long-ordinal"):
            try:
                n = int(number)
            except ValueError:
                return number
            if form == "ordinal" or n > 10:
                return str(n) + ordinal_suffix(self, n, _term_gender(self, self.get("variable") or ""))
        return super().format_number(number)

    def process(self, item, context=None, **kwargs):
        text = None
        try:
            text = self._number(item)
        finally:
            _count_variable(item, text)
        return text

    def _number(self, item):
        variable = self.get("variable")
        if variable == "locator":
            cx = _cx(item)
            if "locator" not in item or cx.get("locator_done"):
                return None
            return _locator_once(cx, self._process(item.locator.identifier, item.locator.label))
        if variable == "page-first":
            return self._process(item.reference.page, variable)
        return self._process(item.reference[variable.replace("-", "_")], variable)


def _locator_once(cx: dict, text):
    """Mark the cite's locator as printed once ``text`` (the locator rendered by a
    cs:text or cs:number) is not empty, and return ``text``.

    citeproc-js renders the ``locator`` variable at most once per cite: after it
    printed, every later ``variable="locator"`` (cs:text, cs:number, cs:label) in the
    same cite prints nothing (``state.tmp.done_vars``, reset per cite; CSL 1.0.2
    "Locators" gives a cite one locator).  Styles that print it in a shared macro *and*
    in a citation macro (universitat-heidelberg-historisches-seminar's ``yearpage-bib``
    and ``cite-locator``) so show it once, as Zotero does, not "S.131, S. 131"."""
    if text is not None and str(text):
        cx["locator_done"] = True
    return text


class Label(Mixins, M.Label):
    def process(self, item, variable=None, plural=None, context=None, **kwargs):
        """No label for a locator already printed in this cite (:func:`_locator_once`)."""
        if (variable or self.get("variable")) == "locator" and _cx(item).get("locator_done"):
            return None
        return super().process(item, variable=variable, plural=plural, context=context, **kwargs)

    def _is_plural(self, item):
        variable = self.get("variable")
        if variable == "locator":
            value = str(item.locator.identifier)
        else:
            try:
                value = str(item.reference[variable.replace("-", "_")])
            except VariableError:
                return False
        if variable.startswith("number-of"):
            try:
                return int(value) > 1
            except ValueError:
                return False
        # "pages 213 & 235", "1–2"; not "2.0" (label_PluralWithAmpersand); the locale's
        # own "and" counts too ("pages 213 et 235"; label_PluralWithLocalizedAnd)
        plain = R.plain(value)
        if re.search(r"\w\s*(?:[-\u2013,&]|\band\b)\s*\w", plain) is not None:
            return True
        word = R.plain(str(self.get_single_term("and"))).strip()
        return bool(word) and re.search(r"\w\s+" + re.escape(word) + r"\s+\w", plain) is not None


def _count_variable(item, text, *, called: bool = True) -> None:
    """Record one variable call of the cite being rendered and whether it printed
    anything; :class:`Group` reads the counts (spec "Group": suppression)."""
    cx = _cx(item)
    counts = cx.get("vars")
    if counts is None:
        counts = cx["vars"] = [0, 0]
    if called:
        counts[0] += 1
    if text is not None and str(text) != "":
        counts[1] += 1


class Group(Mixins, M.Group):
    """CSL 1.0.2 "Group": a group is suppressed when at least one variable is called
    inside it -- directly, through a macro, a cs:choose branch or a nested group --
    and every variable called is empty.  citeproc-py only looked at the *static*
    children (a cs:choose that printed a term counted as "a variable rendered"), so
    "Edition." or a lone "p. " came out for empty groups (issue 17).  Here the
    variable elements count calls and non-empty results on the cite as they render
    (:func:`_count_variable`), and the group compares the counts before and after
    its children; terms and labels are not variable calls, but a term or value
    printed by a cs:else branch ("n.d.", "s.d.") and a nested group that printed count as
    content, as in citeproc-js (fixtures group_*, variables_TitleShort*)."""

    def process(self, item, context=None, **kwargs):
        cx = dict.get(item, "_cx") if isinstance(item, dict) else None
        if cx is None:
            return super().process(item, context, **kwargs)
        counts = cx.get("vars")
        if counts is None:
            counts = cx["vars"] = [0, 0]
        called0, rendered0 = counts
        output = []
        delimiter = self.get("delimiter", "")
        for child in self.iterchildren():
            try:
                if isinstance(child, M.Choose):
                    text = child.render(item, context=context, delimiter=delimiter, **kwargs)
                else:
                    text = child.render(item, context=context, **kwargs)
            except VariableError:
                continue
            if text is not None:
                output.append(text)
        if not output or (counts[0] > called0 and counts[1] == rendered0):
            raise VariableError
        text = self.join(output)
        if str(text):
            # a nested group that printed counts as content for the group around it
            # (citeproc-js; fixture variables_TitleShortOnShortTitleNoTitleCondition)
            counts[1] += 1
        return text


class Date_Part(Mixins, M.Date_Part):
    def process(self, date, context=None):
        if self.get("name") == "month" and "month" not in date:
            # a season stands where the month would (CSL 1.0.2 "Seasons"): its term in
            # every textual form, nothing in a numeric one (citeproc-py asserted)
            season = date.get("season")
            if not isinstance(season, int) or not 1 <= season <= 4:
                return None
            if (self.get("form") or "long").startswith("numeric"):
                return None
            return (context if context is not None else self).get_single_term(f"season-{season:02d}")
        text = super().process(date, context)
        if self.get("name") == "year" and text is not None:
            item = CURRENT_ITEM.get()
            if item is not None:
                text = _implicit_year_suffix(item, text)
        return text


class Date(Mixins, M.Date):
    def is_locale_date(self):
        try:
            return self.__dict__["_is_locale_date"]
        except KeyError:
            value = self.__dict__["_is_locale_date"] = M.Date.is_locale_date(self)
            return value

    def render_single_date(self, date, show_parts=None, context=None):
        """One date.  A localized date's parts are joined with the ``delimiter`` of
        the locale's cs:date (the style's own cs:locale first): "1971 Feb" in
        vancouver, not "1971Feb" (spec "Localized Date Formats"; citeproc-py joined
        with the calling element's delimiter, which is unset)."""
        if context is not None and context is not self and self.is_locale_date():
            parts = self.parts(date, show_parts, context)
            return self._join_parts(parts, context) if parts else None
        return super().render_single_date(date, show_parts, context)

    def _join_parts(self, parts, context):
        if self.is_locale_date() and context is not None and context is not self and "delimiter" not in context.attrib:
            return self.join(parts)
        style_context = context if self.is_locale_date() else self
        return style_context.join(parts)

    def _sort_key(self, item, variable, show_parts):
        """A date in a sort key (a macro key) as a fixed-width number -- year + 10^5,
        month, day, of the parts the element shows, missing ones 00; a range as
        begin then end -- so that "100 BC" sorts before "44 BC" and "1917-04-07"
        before "1965" (spec "Sorting": dates are compared as dates; citeproc-js;
        fixture date_NegativeDateSortViaMacro)."""
        variable = (variable or self.get("variable") or "").replace("-", "_")
        try:
            value = item.reference[variable]
        except VariableError:
            return None
        if not value:
            return None
        if self.get("form") is None and not self.is_locale_date():
            parts = [p.get("name") for p in self.iterchildren() if p.get("name")]
        else:
            parts = show_parts or (self.get("date-parts") or "year-month-day").split("-")

        def one(date):
            out = []
            for name, width, offset in (("year", 6, 100000), ("month", 2, 0), ("day", 2, 0)):
                v = _date_attr(date, name) if name in parts else None
                out.append(f"{(v + offset) if isinstance(v, int) else 0:0{width}d}")
            return "".join(out)

        if isinstance(value, DateRange):
            end = value.end
            return String(one(value.begin) + ("" if end.is_nil() else one(end)) + suffix_rank(item, variable))
        if isinstance(value, LiteralDate):
            return String(str(value.text))
        return String(one(value) + suffix_rank(item, variable))

    def render_date_range(self, date_range, show_parts=None, context=None):
        """CSL 1.0.2 "Date Ranges": the parts that differ -- the largest differing
        part and every smaller one -- are rendered as begin–end (the
        ``range-delimiter`` of the largest, en dash by default) in the place of the
        first of them, the parts both dates share once: "March 18–28, 1917",
        "18–28 March 1917", "March 18–April 2, 1917", "1950–1953".  citeproc-py
        lost the shared year ("18,–28, March") and gave nothing for a year-only
        range within one year.  Open ranges keep citeproc-py's rendering."""
        begin, end = date_range.begin, date_range.end
        if end.is_nil():
            return super().render_date_range(date_range, show_parts, context)
        show = list(show_parts or ["year", "month", "day"])
        differ = None
        for name in ("year", "month", "day"):
            if name in show and _date_attr(begin, name) != _date_attr(end, name):
                differ = name
                break
        if differ is None:
            return self.render_single_date(begin, show, context)
        diff = {"year": {"year", "month", "day"}, "month": {"month", "day"}, "day": {"day"}}[differ]
        parts = [p for p in self.iterchildren() if p.get("name") in show]
        out: list[str] = []
        i = 0
        while i < len(parts):
            name = parts[i].get("name")
            if name not in diff:
                text = _render_part(parts[i], begin, context)
                if text:
                    out.append(text)
                i += 1
                continue
            run = []
            while i < len(parts) and parts[i].get("name") in diff:
                run.append(parts[i])
                i += 1
            first = [_render_part(p, begin, context) for p in run]
            last = [_render_part(p, end, context) for p in run]
            first_text = "".join(t for t in first if t)
            last_text = "".join(t for t in last if t)
            tail = run[-1].get("suffix", "")
            if tail and first_text.endswith(tail):
                first_text = first_text[: -len(tail)]
            head = run[0].get("prefix", "")
            if head and last_text.startswith(head):
                last_text = last_text[len(head):]
            delim = next((p.get("range-delimiter") for p in run if p.get("name") == differ and p.get("range-delimiter")), "\u2013")
            out.append(first_text.rstrip() + delim + last_text.lstrip() if last_text else first_text)
        return self._join_parts(out, context) if out else None

    def process(self, item, variable=None, show_parts=None, context=None, **kwargs):
        token = CURRENT_ITEM.set(item)
        text = None
        try:
            if _cx(item).get("sort_key"):
                text = self._sort_key(item, variable, show_parts)
                return text
            text = super().process(item, variable, show_parts, context, **kwargs)
            return text
        finally:
            CURRENT_ITEM.reset(token)
            _count_variable(item, text)


def _date_attr(date, name):
    """A date's year, month (or season) or day; None when it has none."""
    try:
        value = getattr(date, name)
    except (AttributeError, VariableError, KeyError):
        value = None
    if value is None and name == "month":
        try:
            value = ("season", date.season)
        except (AttributeError, VariableError, KeyError):
            value = None
    return value


def _render_part(part, date, context):
    """One cs:date-part of ``date`` as text (None when the date lacks it)."""
    try:
        text = part.render(date, context)
    except (VariableError, AttributeError, KeyError, TypeError):
        return None
    return None if text is None else str(text)


def year_suffix(item) -> str | None:
    """The year-suffix the engine gave the cite's reference ("a", "b", …), if any."""
    return _ref_cx(item).get("year_suffix")


def _implicit_year_suffix(item, text):
    """Year-suffix after the first rendered date when the style never renders
    ``year-suffix`` itself (spec "Disambiguation": year-suffix; fixtures
    disambiguate_NoTextElementUsesYearSuffixVariable, bugreports_YearSuffix*)."""
    cx = _cx(item)
    if cx.get("implicit_year_suffix") and not cx.get("year_suffix_done") and not cx.get("hide_year_suffix"):
        ys = year_suffix(item)
        if ys:
            cx["year_suffix_done"] = True
            return String(str(text) + ys)
    return text


class Name_Part(Mixins, M.Name_Part):
    pass


class Et_Al(Mixins, M.Et_Al):
    pass


class Layout(SeamChildren, Mixins, M.Layout):
    """Cites keep their order unless the citation has a cs:sort (spec "Sorting");
    the engine (engine.py) renders clusters itself and calls :meth:`render_cite`."""

    def render_cite(self, item):
        self.repressed = {}
        try:
            return self.render_children(item, delimiter="")
        except VariableError:
            return None


class Names(Mixins, M.Names):
    def process(self, item, names_context=None, context=None, **kwargs):
        cx = _cx(item)
        variables = self.get("variable", "").split()
        if not cx.get("in_substitute") and variables and all(v in cx.get("suppressed", ()) for v in variables):
            raise VariableError  # already rendered as a substitute (spec "Substitution")
        if names_context is None and self.find("cs:name", self.nsmap) is None:
            # a bare cs:names anywhere inside cs:substitute (also under cs:choose) takes
            # the cs:name of the cs:names being substituted (spec "Substitution")
            names_context = self._substituted()
        first = not cx.get("names_seen")
        cx["names_seen"] = True
        if first and cx.get("suppress_names") and not self._in_substitute():
            cx["names_suppressed"] = True
            raise VariableError
        if cx.get("in_substitute"):
            # a substitute does not repeat names the cite already printed: a chapter's
            # container-author falls back to its editor, not to the chapter's author
            # (citeproc-js; issue 17, new-harts-rules-notes "in Daniel H. Kaiser, ed.")
            hidden = [v for v in variables if v in cx.get("names_done", ())]
            if hidden and len(hidden) == len(variables):
                raise VariableError
        else:
            hidden = [v for v in variables if v in cx.get("suppressed", ())]
        if hidden:  # render only the roles not already used as a substitute
            self.set("variable", " ".join(v for v in variables if v not in hidden))
        text = None
        try:
            text = super().process(item, names_context=names_context, context=context, **kwargs)
        finally:
            if hidden:
                self.set("variable", " ".join(variables))
            _count_variable(item, text)
        if cx.get("in_substitute") and text:
            cx.setdefault("suppressed", set()).update(variables)
        if text:
            cx.setdefault("names_done", set()).update(v for v in variables if v not in hidden)
        if first:
            cx["names_text"] = str(text) if text is not None else ""
            if text and cx.get("sas_text") is not None:
                return String(cx["sas_text"])  # subsequent-author-substitute (engine.py)
        return text

    def substitute(self):
        try:
            return self.__dict__["_substitute"]
        except KeyError:
            value = self.__dict__["_substitute"] = M.Names.substitute(self)
            return value

    def get_parent_delimiter(self, context=None):
        return section(context if context is not None else self).get_option("names-delimiter")

    def _substituted(self):
        try:
            return self.__dict__["_substituted_names"]
        except KeyError:
            found = self.xpath_search("./ancestor::cs:substitute[1]/parent::cs:names[1]")
            value = self.__dict__["_substituted_names"] = found[0] if found else None
            return value

    def _in_substitute(self):
        p = self.getparent()
        return p is not None and p.tag.endswith("substitute")


class Name(Mixins, M.Name):
    """Names per spec "Name" (initialize, particles, suffixes, et-al, and) with the
    per-cite disambiguation settings of engine.py (add-names, add-givenname)."""

    def process(self, item, variable, context=None, sort_options=None, **kwargs):
        def opt(name):
            if name == "initialize":  # inheritable from cs:citation / cs:bibliography / cs:style
                return self._inherited("initialize", context) or "true"
            return self.get_option(name, context, sort_options)

        names = list(item.reference.get(variable, []) or [])
        cx = _cx(item)
        subsequent = cx.get("position", 0) >= 1 and sort_options is None
        et_al_min = opt("et-al-min")
        et_al_use_first = opt("et-al-use-first")
        if subsequent:
            sub_min = self._inherited("et-al-subsequent-min", context)
            sub_first = self._inherited("et-al-subsequent-use-first", context)
            if sub_min is not None:
                et_al_min = int(sub_min)
            if sub_first is not None:
                et_al_use_first = int(sub_first)
        form = opt("form")
        in_bib = self._in_bibliography(context)
        # names added by disambiguate-add-names show in the bibliography too (citeproc-js
        # renders bibliography entries with the cites' disambiguation settings: MLA's
        # "Hobsbawm, Eric, Terence Ranger, and Dorothy Thompson")
        if sort_options is None and variable in ("author", "editor", "translator", "composer", "director", "container_author"):
            add = _ref_cx(item).get("add_names")
            if add:
                et_al_use_first = max(et_al_use_first, add)
        truncate = et_al_min and len(names) >= et_al_min and et_al_use_first < len(names)
        use_last = opt("et-al-use-last") and et_al_use_first <= et_al_min - 2 if truncate else False
        shown = names[:et_al_use_first] if truncate else names
        if form == "count":
            return len(shown)
        given_levels = _ref_cx(item).get("given_levels") or {}
        out = []
        for i, name in enumerate(shown):
            level = 0
            if not in_bib and sort_options is None and given_levels:
                nk = name_key(name)
                level = max(given_levels.get((variable, i), 0), given_levels.get(nk, 0), given_levels.get(("primary",) + nk, 0) if i == 0 else 0)
            out.append(self._one(name, i, opt, form, level, sort_options))
        if sort_options is None and "names_list" not in cx:
            cx["names_list"] = [R.plain(o) for o in out]  # the cite's first names, one by one
            each = cx.get("sas_each")
            if each:  # subsequent-author-substitute-rule complete-each / partial-* (engine.py)
                count, mark = each
                out[:count] = [mark] * min(count, len(out))
        and_ = opt("and")
        if sort_options is not None:
            and_ = None  # a sort key lists names only: "Colaresi, Rasler" before "Colaresi and Thompson" (sort_WithAndInOneEntry)
        delimiter = opt("delimiter")
        and_term = None
        if and_ == "text":
            and_term = str(self.get_single_term(name="and"))
        elif and_ == "symbol":
            and_term = "&"
        inverted_first = opt("name-as-sort-order") in ("first", "all") and form != "short"
        if truncate and shown:
            if use_last:
                return String(delimiter.join(out) + delimiter + "… " + self._one(names[-1], len(names) - 1, opt, form, 0, sort_options))
            et_al = self.et_al()
            if not et_al:
                return String(delimiter.join(out))
            dpe = opt("delimiter-precedes-et-al")
            if dpe == "always" or (dpe == "contextual" and len(out) >= 2) or (dpe == "after-inverted-name" and inverted_first and len(out) == 1):
                return String(delimiter.join(out) + delimiter + str(et_al))
            return String(delimiter.join(out) + " " + str(et_al))
        if len(out) > 1 and and_term is not None:
            dpl = opt("delimiter-precedes-last")
            inverted_last = opt("name-as-sort-order") == "all" or (opt("name-as-sort-order") == "first" and len(out) == 2)
            if dpl == "always" or (dpl == "contextual" and len(out) > 2) or (dpl == "after-inverted-name" and inverted_last and form != "short"):
                return String(delimiter.join(out[:-1]) + delimiter + and_term + " " + out[-1])
            return String(delimiter.join(out[:-1]) + " " + and_term + " " + out[-1])
        return String(delimiter.join(out))

    def format(self, string):
        # form="count" returns an int so that cs:names sums the counts of its
        # variables (spec "Name": count; fixture name_AuthorEditorCount)
        return string if isinstance(string, int) else super().format(string)

    def wrap(self, string):
        return string if isinstance(string, int) else super().wrap(string)

    def get_option(self, name, context=None, sort_options=None):
        if sort_options and name in sort_options:
            value = sort_options[name]
        else:
            parent = section(context if context is not None else self)
            if name in ("form", "delimiter"):
                value = self.get(name, parent.get_option("name-" + name))
            else:
                value = self.get(name, parent.get_option(name))
        if name in ("initialize-with-hyphen", "et-al-use-last"):
            value = str(value).lower() == "true"
        elif name.startswith("et-al"):
            value = int(value)
        return value

    def _inherited(self, name, context):
        if name in self.attrib:
            return self.get(name)
        parent = section(context if context is not None else self)
        if parent is not None and name in parent.attrib:
            return parent.get(name)
        return self.get_root().get(name)

    def _in_bibliography(self, context):
        parent = section(context if context is not None else self)
        return parent is not None and parent.tag.endswith("bibliography")

    def _one(self, name, index, opt, form, level, sort_options):
        given, family, dp, ndp, suffix = name.parts()
        given = str(given) if given else None
        family = str(family) if family else None
        if "literal" in name:
            return self._part("family", str(name["literal"]))
        if not family:
            return self._part("given", given or "")
        if _is_cjk(family) and (not given or _is_cjk(given)):
            return self._part("family", family) + self._part("given", given or "")
        nso = opt("name-as-sort-order")
        inverted = form != "short" and (nso == "all" or (nso == "first" and index == 0))
        if form == "short" and level == 0:
            return self._part("family", _join_particle(ndp, family))
        # disambiguation: level 1 shows initials, level 2 the full given name
        expanded_short = form == "short" and level >= 1
        if given and level < 2:
            mark = opt("initialize-with")
            # CSL 1.0.2 "disambiguate-add-givenname": a short name gains initials only
            # when initialize-with is set, otherwise its full given name
            # (disambiguate_ByCiteGivennameShortFormNoInitializeWith, AllNamesSimpleSequence)
            if mark is not None:
                # "initialize" is an inheritable name option (CSL 1.0.2 "Inheritable Name
                # Options"): universitat-freiburg-geschichte sets initialize="false" on
                # cs:citation under a style-wide initialize-with="." ("Droysen, Johann Gustav")
                initialize = expanded_short or str(opt("initialize")).lower() != "false"
                given = initialize_given(given, mark, hyphen=opt("initialize-with-hyphen"), initialize=initialize)
        if expanded_short:
            inverted = False
        demote = self.get_root().get("demote-non-dropping-particle", "display-and-sort")
        comma_suffix = bool(name.get("comma-suffix") or name.get("comma_suffix"))
        if inverted:
            sep = opt("sort-separator")
            # spec "Name-part Order": "sort-only" demotes the particle in sort keys
            # only ("van der Linden" sorts under L and prints "van der Linden, M.")
            if demote == "never" or (demote == "sort-only" and sort_options is None):
                fam = [ndp, family]
                giv = [given, dp]
            else:
                fam = [family]
                giv = [given, dp, ndp]
            parts = [self._part("family", fam), self._part("given", giv) if any(giv) else ""]
            if suffix:
                parts.append(suffix)
            return sep.join(p for p in parts if p)
        fam = [dp, ndp, family]
        # the suffix follows the family name inside the family part's affixes
        # ("[Jean] (de La Fontaine III)"; citeproc-js; fixture name_namepartAffixes)
        tail = ((", " if comma_suffix else " ") + suffix) if suffix else ""
        given_text = self._part("given", given) if given else ""
        family_text = self._part("family", fam, tail=tail)
        # a given-name part whose affix already ends in a space (e.g. a no-break space,
        # suffix="&#160;") takes no second one (citeproc-js; name_WithNonBreakingSpace)
        if given_text and family_text:
            sep = "" if R.plain(given_text)[-1:].isspace() else " "
            text = given_text + sep + family_text
        else:
            text = given_text or family_text
        return text

    def _part(self, which, value, tail: str = ""):
        """A name part with its cs:name-part formatting.  ``value`` may be a list of
        pieces -- a family name with its particles, a given name with demoted
        particles --: each piece is formatted on its own ("<b>van</b> <b>Roe</b>") and
        the affixes go around them all (CSL 1.0.2 "Name-part Formatting"; citeproc-js;
        fixtures decorations_AndTermUnaffectedByNameDecorations,
        name_ParticlesDemoteNonDroppingNever)."""
        pieces = [p for p in value if p] if isinstance(value, list) else [value]
        for part in self.findall("cs:name-part", self.nsmap):
            if part.get("name") == which:
                out = ""
                for piece in pieces:
                    text = str(part.format(part.case(String(piece))))
                    out = text if not out else _join_particle(out, text, pieces_joined=True)
                return str(part.wrap(String(out + tail)))
        out = ""
        for piece in pieces:
            out = piece if not out else _join_particle(out, piece, pieces_joined=True)
        return out + tail


def name_key(name) -> tuple[str, str]:
    """(family, given) of a name, for per-name disambiguation levels."""
    try:
        return (R.plain(str(name.get("family") or name.get("literal") or "")), R.plain(str(name.get("given") or "")))
    except AttributeError:
        return ("", "")


def _join_particle(particle, family, *, pieces_joined: bool = False):
    """``particle`` + ``family``, with no space after a particle ending in an
    apostrophe or hyphen ("d’Aubignac", "al-One").  With ``pieces_joined`` the left
    side may be formatted text (sentinels are looked through)."""
    if not particle:
        return family
    end = R.plain(particle)[-1:] if pieces_joined else particle[-1:]
    if end in ("'", "’", "-"):
        return particle + family
    return particle + " " + family


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def _is_cjk(s: str) -> bool:
    return bool(_CJK.search(s)) and not re.search(r"[A-Za-z]", s)


def initialize_given(given: str, mark: str, *, hyphen: bool = True, initialize: bool = True) -> str:
    """Given names as initials (spec "Name": initialize-with, initialize; fixtures
    name_Initials*): "John M.E." -> "J. M. E." or, with initialize="false", "John M. E."."""
    groups: list[tuple[bool, str]] = []  # (is initials, text)
    for word in given.split():
        segments = [s for s in word.split("-")] if hyphen and "-" in word.strip("-") else [word.replace("-", " ")]
        pieces: list[tuple[bool, str]] = []
        for seg in segments:
            for sub in seg.split():
                had_period = "." in sub
                for tok in (t for t in sub.split(".") if t):
                    if had_period or (len(tok) == 1 and tok.isupper()):
                        pieces.append((True, tok if len(tok) > 1 and tok[1:].islower() else tok[0] if not had_period else tok))
                    elif initialize and tok[:1].isupper():
                        pieces.append((True, tok[0]))
                    else:
                        pieces.append((False, tok))
        if len(segments) > 1 and pieces and all(i for i, _ in pieces):
            groups.append((True, "-".join(t + mark.rstrip() for _, t in pieces[:-1]) + "-" + pieces[-1][1] + mark))
        elif len(segments) > 1:
            groups.append((False, "-".join(t + (mark.rstrip() if i else "") for i, t in pieces)))
        else:
            groups.extend((i, t + mark if i else t) for i, t in pieces)
    out = ""
    prev_init = False
    for is_init, text in groups:
        if out and not out.endswith(" ") and not (is_init and prev_init):
            out += " "
        out += text if is_init else text + " "
        prev_init = is_init
    return out.strip()


class Macro(SeamChildren, Cached, M.Macro):
    pass


class Choose(Cached, M.Choose):
    pass


def given_year_suffix(item) -> str:
    """The year letter the source gave the item (CSL-JSON ``year-suffix`` in the input: the
    "a" of a text's "2020a", kept by citekit's resolver), lower-case, or ""."""
    try:
        value = dict.get(item.reference, "year_suffix")
    except (AttributeError, TypeError):
        return ""
    v = R.plain(str(value or "")).strip().lower()
    return v if v.isalpha() and len(v) <= 2 else ""


def suffix_rank(item, variable: str) -> str:
    """Two digits appended to every ``issued`` date sort key: the rank of the item's given
    year letter ("00" none, "01" a, "02" b …), so that works of one author and year keep the
    order of the source's letters, and the processor's year-suffixes (given in that order)
    repeat them: a text's "Chen & Rivera 2020a" stays 2020a even when its title sorts
    second.  CSL 1.0.2 leaves year-suffix to the processor, in bibliography order; the source's
    letters are data the reader of the text already sees."""
    if variable != "issued":
        return ""
    letters = given_year_suffix(item)
    rank = 0
    for ch in letters:
        rank = rank * 26 + (ord(ch) - 96)
    return f"{min(rank, 99):02d}"


class Key(Cached, M.Key):
    def sort_keys(self, items, context):
        """citeproc-py's keys, an ``issued`` variable key followed by :func:`suffix_rank`."""
        keys = super().sort_keys(items, context)
        if self.get("variable") == "issued":
            keys = [k if k is None else String(str(k) + suffix_rank(it, "issued")) for k, it in zip(keys, items)]
        return keys


def collation_key(s: str) -> str:
    """A locale-independent collation key: sentinels, accents, case and punctuation
    ignored ("Émile" sorts with "Emile", before "Zetkin"; spec "Sorting" asks for
    locale collation, citeproc-py compares code points)."""
    s = unicodedata.normalize("NFKD", R.plain(s))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return re.sub(r"[^\w\s]", "", s).casefold().strip()


class Sort(Cached, M.Sort):
    """Keys computed once, compared as collation keys or numbers; empty keys last in
    either direction (spec "Sorting"; fixtures sort_*)."""

    def sort(self, items, context):
        columns, descending = [], []
        states = [dict.get(it, "_cx") for it in items]
        for cx in states:
            if cx is not None:
                cx["hide_year_suffix"] = True  # sort keys never carry year-suffixes
                cx["sort_key"] = True  # dates in macros render as sortable numbers
        try:
            for key in self.findall("cs:key", self.nsmap):
                for cx in states:  # each key renders afresh (no names "already printed")
                    if cx is not None:
                        cx.pop("names_done", None)
                        cx.pop("suppressed", None)
                descending.append(key.get("sort", "ascending").lower() == "descending")
                columns.append([_sortable(v) for v in key.sort_keys(items, context)])
        finally:
            for cx in states:
                if cx is not None:
                    cx.pop("hide_year_suffix", None)
                    cx.pop("sort_key", None)
        if columns:  # the first key, for the engine's grouped sort of cites
            for cx, value in zip(states, columns[0]):
                if cx is not None:
                    cx["sort_key0"] = value
        order = list(range(len(items)))
        for col, desc in zip(reversed(columns), reversed(descending)):
            present = [i for i in order if col[i] is not None]
            missing = [i for i in order if col[i] is None]
            present.sort(key=col.__getitem__, reverse=desc)
            order = present + missing
        return [items[i] for i in order]


def _sortable(v):
    if v is None:
        return None
    if isinstance(v, (int, float)):
        return (0, v, "")
    text = R.plain(str(v)).strip()
    if not text:
        return None
    if text.lstrip("-").isdigit():
        try:  # "²" and "--5" pass isdigit() but are no int (issue 13's fuzzing: a title "²" lost the list)
            return (0, int(text), "")
        except ValueError:
            pass
    return (1, 0, collation_key(text))


class If(SeamChildren, Cached, M.If):
    """Conditions per spec "Choose": disambiguate="true" only for cites the
    engine marked; position from note numbers (engine.py); match="any/none/all"
    over every test."""

    def render(self, item, context=None, delimiter="", **kwargs):
        results = []
        if "type" in self.attrib:
            results += self._type(item)
        if "variable" in self.attrib:
            results += self._variable(item)
        if "is-numeric" in self.attrib:
            results += self._is_numeric(item)
        if "is-uncertain-date" in self.attrib:
            results += self._is_uncertain_date(item)
        if "locator" in self.attrib:
            results += self._locator(item)
        if "position" in self.attrib:
            results += self._position(item, context)
        if "disambiguate" in self.attrib:
            want = self.get("disambiguate") == "true"
            results.append(bool(_ref_cx(item).get("disambiguate")) == want)
        match = self.get("match", "all")
        if match == "any":
            ok = any(results)
        elif match == "none":
            ok = not any(results)
        else:
            ok = all(results) if results else False
        if not ok:
            raise M.ConditionFailed
        return self.render_children(item, context=context, delimiter=delimiter, **kwargs)

    def _variable(self, item):
        out = []
        for var in self.get("variable").split():
            v = var.replace("-", "_")
            if v == "locator":
                out.append("locator" in item)
            elif v == "year_suffix":
                out.append(bool(year_suffix(item)))
            elif v == "first_reference_note_number":
                out.append(bool(_cx(item).get("first_note")))
            else:
                try:
                    val = item.reference[v]
                    out.append(not (val is None or (isinstance(val, (str, list)) and len(val) == 0)))
                except VariableError:
                    out.append(False)
        return out

    def _is_numeric(self, item):
        out = []
        for var in self.get("is-numeric").split():
            v = var.replace("-", "_")
            try:
                val = str(item.locator.identifier) if v == "locator" else str(item.reference[v])
            except (VariableError, AttributeError, KeyError):
                out.append(False)
                continue
            out.append(bool(_NUMERIC.match(R.plain(val).strip())))
        return out

    def _position(self, item, context):
        if context is not None:
            sec = section(context)
            if sec is not None and sec.tag.endswith("bibliography"):
                return [False]
        cx = _cx(item)
        pos = cx.get("position_name")
        if pos is None:  # bibliography entries have no position (position_FalseInBibliography)
            return [False]
        near = cx.get("near_note", False)
        out = []
        for p in self.get("position").split():
            if p == "first":
                out.append(pos == "first")
            elif p == "subsequent":
                out.append(pos != "first")
            elif p == "ibid":
                out.append(pos in ("ibid", "ibid-with-locator"))
            elif p == "ibid-with-locator":
                out.append(pos == "ibid-with-locator")
            elif p == "near-note":
                out.append(pos != "first" and near)
            else:
                out.append(False)
        return out


_NUMERIC = re.compile(r"^(?:[A-Za-z]*\d+[A-Za-z]*)(?:\s*(?:[-\u2013,&]|and)\s*[A-Za-z]*\d+[A-Za-z]*)*$")


class Else_If(If):
    pass


class Else(SeamChildren, Cached, M.Else):
    pass


class Substitute(Cached, M.Substitute):
    """Variables rendered by a substitute are suppressed in the rest of the output,
    also when the substitute calls a macro (spec "Substitution"; fixtures
    substitute_SuppressOrdinaryVariable)."""

    def render(self, item, context=None, **kwargs):
        cx = _cx(item)
        before = cx.get("in_substitute")
        cx["in_substitute"] = True
        try:
            return super().render(item, context=context, **kwargs)
        finally:
            cx["in_substitute"] = before


#: Element name -> compat class.  Anything else uses citeproc-py's own class.
OVERRIDES: dict[str, type] = {
    "text": Text,
    "number": Number,
    "label": Label,
    "group": Group,
    "date": Date,
    "date-part": Date_Part,
    "name-part": Name_Part,
    "et-al": Et_Al,
    "layout": Layout,
    "names": Names,
    "name": Name,
    "if": If,
    "else-if": Else_If,
    "else": Else,
    "macro": Macro,
    "choose": Choose,
    "key": Key,
    "substitute": Substitute,
    "sort": Sort,
}


def element_classes() -> dict[str, type]:
    """The CSL element name -> class table of the compat lookup."""
    table = {cls.__name__.replace("_", "-").lower(): cls for cls in M.CitationStylesElement.__subclasses__()}
    table.update(OVERRIDES)
    return table
