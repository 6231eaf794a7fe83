"""From labelled segments to citekit's :class:`~citekit.model.Fields` and to CSL-JSON records.

The labeller says *where* each field is; this module says what it *is*: names split
into family and given (the name rules of :mod:`citekit.parse`), a volume in Arabic
numerals, pages normalised (``502–4`` -> ``502-504``), a year with its suffix, a CSL
type from which fields are present (CSL 1.0.2 Appendix III types: ``book``,
``chapter``, ``article-journal``, ``article-newspaper``, ``manuscript``).
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from ..dates import date_parts
from ..model import Fields, Name, Record
from ..patterns import PROCEEDINGS_CONTAINER, LazyPattern
from ..parse import original_year  # the first publication beside the edition (CSL "original-date")
from .crf import Segment, segments
from .entry import access_date, entry_fields, entry_segments

#: Words that open an editor or translator segment and are not names ("In", "edited by",
#: "hrsg. von", "éd. par", "a cura di", "trans. by", "übers. von"), in any order.
_ROLE_WORDS = re.compile(
    r"(?i)^(?:(?:in|ed(?:s|ited)?|edd|hrsg|hg|herausgegeben|éd(?:s|ité)?|dir|sous la direction|a cura|cura|"
    r"trans(?:lated)?|tr|transl|übers(?:etzt)?|trad(?:uit|otto|ucido)?|by|von|v|par|de|di|por|with|introd(?:uction)?)\b[.:,]?\s*)+"
)
#: Role words that close a segment: "(ed.)", ", eds.", "(Hrsg.)", "(dir.)", "(a cura di)".
_ROLE_TAIL = re.compile(r"(?i)[\s,(]*\b(?:eds?|edd|editors?|hrsg|hg|éds?|dir|comp|comps|trans|tr|a cura di)\b\.?\)?\s*$")
#: Family name first, then initials without a comma ("Cliff T", "Harman C and Cliff T", "Smith JA"): Vancouver, unpunctuated notes.
_FAMILY_INITIALS = re.compile(r"^[^\W\d_][\w’'\-]+\s+[A-Z]{1,3}\.?(?:\s|,|$)")
#: "and" between names in German, French, Italian and Russian (in a names segment only; not Spanish "y" or
#: Catalan "i", which join the two surnames of one person: "Ortega y Gasset", "Vicens i Vives").
_NAME_AND = re.compile(r"\s+(?:und|et|e|и)\s+(?=[^\W\d_])")
#: A note's or an entry's own number before it ("2. ", "10 ", "[12] ", "4) "): structure, not a field.
#: One to three digits only, so a title such as "1984" stays.
_NOTE_NUMBER = re.compile(r"^(?:\[\d{1,3}\]|\d{1,3}[.)]?)\s+(?=\S)")
#: A slash between names ("Hausmann/Kappeler", "G. Hausmann / A. Kappeler"): German usage for co-authors and co-editors.
_NAME_SLASH = re.compile(r"\s*/\s*(?=[^\W\d_])")
#: A year (1400-2099) with an optional suffix letter ("1983b"); a year range keeps its first year.
_YEAR = re.compile(r"(?<!\d)(1[4-9]\d\d|20\d\d)(?!\d)([a-z])?")
#: Digits or a Roman numeral: the value inside a volume or issue segment.
_NUMBER = re.compile(r"\d+(?:\s*[-–—/]\s*\d+)?|\b[IVXLCDMivxlcdm]+\b")
#: An issue written inside a volume segment, as journals print it: "3(6)", "5 (1)", "2, no. 7",
#: "54, Nr. 3", "33:3" when nothing follows (APA, Chicago 14.171, DIN 1505-2); the issue is the second number.
_VOLUME_ISSUE = re.compile(r"^\s*(?:[^\W\d_]+\.?\s*)?\d+\s*(?:\(\s*|,?\s*(?:no|nos|nr|n°|no\.|heft|h|iss|issue|fasc)\.?\s*|:(?=\d+\W*$))(?P<issue>\d+(?:\s*[-–]\s*\d+)?)", re.I)
#: The label word at the start of a locator segment ("p.", "pp", "S.", "ch.", "fol.").
_LOC_LABEL = re.compile(r"^\s*(?P<label>[^\W\d_]+\.?)\s*")
#: Quotation marks and brackets around a title.
_TITLE_STRIP = "\"'“”‘’«»„‚‹›[]() \t\n,.;:"
#: A comma-inverted name list ("Smith, J.", "SMITH J", "van der Linden, M.").
_INVERTED = re.compile(r"^(?:(?:[a-z]+\s){0,3})?[^\W\d_][\w’'\-]*(?:\s[^\W\d_][\w’'\-]*){0,2}\s*,\s*\S")  # "Ortega y Gasset, José": three words

_LOCATOR_LABELS = {
    "p": "page", "pp": "page", "pg": "page", "page": "page", "pages": "page", "s": "page", "seite": "page", "seiten": "page",
    "ch": "chapter", "chap": "chapter", "chapter": "chapter", "kap": "chapter", "cap": "chapter",
    "n": "note", "nn": "note", "note": "note", "anm": "note",
    "f": "folio", "fol": "folio", "fols": "folio", "folio": "folio", "l": "folio", "ll": "line", "line": "line", "z": "line",
    "col": "column", "sp": "column", "sec": "section", "sect": "section", "para": "paragraph", "par": "paragraph",
    "art": "section", "doc": "document", "no": "issue", "nr": "issue", "bk": "book", "book": "book", "pt": "part", "part": "part",
    "teil": "part", "livre": "book", "libro": "book", "fig": "figure", "v": "verse", "vv": "verse",
}


def _text(text: str, segs: list[Segment], label: str) -> list[str]:
    return [text[s.start : s.end] for s in segs if s.label == label]


#: An inverted name opening with its lower-case particle, which :data:`_ROLE_WORDS` would take
#: for a role word ("von", "de", "di"): "de Lauretis, Teresa", "von Ranke, Leopold", "di Gregorio,
#: Mario", "de la Cruz, Ana" (Chicago Manual 17th ed. 8.5 and 14.73: a particle the person writes
#: lower-case stays before the family name).
_PARTICLE_INVERTED = LazyPattern(r"(?:de|di|von|v)[ \t](?:(?:la|le|los|der|den)[ \t])?[^\W\d_][\w’'\-]*[ \t]?,[ \t]*[^\W\d_]")


#: A given-first name opening with a capital initial that :data:`_ROLE_WORDS` would take for
#: "v." (von): "V. Christlein, M. Gropp" (IEEE 2021 reference guide: initials, then the family name).
_INITIAL_OPENS = LazyPattern(r"[A-Z]\.[ \t]*(?:[A-Z]\.[ \t]*)?[A-Z][a-z]")


def _names_before_a_title(s: str) -> str:
    """A given-first author run the CRF let run on into the title and place, cut before the
    first comma piece that is no name: "Otto Brunner, Land und Herrschaft, Wien" -> "Otto
    Brunner" (German and French titles join capitalised nouns with "und" / "et", which
    :func:`citekit.parse.is_name_like` tells from names by their initials).  Inverted runs
    ("Carr, E. H., and R. W. Davies") are left whole."""
    from ..parse import is_name_like

    if s.count(",") < 1 or _INVERTED.match(s) or _FAMILY_INITIALS.match(s):
        return s
    pieces = s.split(",")
    for i, piece in enumerate(pieces[1:], 1):
        p = piece.strip()
        if p and not _INITIALS_ONLY.fullmatch(p) and not p.lower().startswith(("and ", "& ", "et al", "u. a")) \
                and not is_name_like(p):
            return ",".join(pieces[:i])
    return s


def _names(raw: str) -> tuple[tuple[Name, ...], bool]:
    """Names in one author/editor/translator segment, and whether it ends with "et al."."""
    from ..parse import parse_inverted_names, parse_names

    s = raw.strip()
    if not _PARTICLE_INVERTED.match(s) and not _INITIAL_OPENS.match(s):  # "de Lauretis, Teresa": a particle, not French "de" (by)
        s = _ROLE_WORDS.sub("", s)
    s = _ROLE_TAIL.sub("", s).strip(" ,.;:")
    if not s:
        return (), False
    et_al = bool(re.search(r"(?i)\bet\s+al\b|\bu\.\s*a\b|\band\s+others\b", s))
    s = _names_before_a_title(s)
    s = _NAME_AND.sub(" and ", s)
    s = _NAME_SLASH.sub(" and ", s)
    if _INVERTED.match(s) or _FAMILY_INITIALS.match(s) or (s.split()[0].isupper() and len(s.split()[0]) > 2):
        names = parse_inverted_names(s)
    else:
        names, et_al2, _ = parse_names(s)
        et_al = et_al or et_al2
    keep = tuple(n for n in names if n.key and n.key.lower() not in ("et", "al", "others") and not any(c.isdigit() for c in n.key))
    return keep, et_al


#: A count of volumes, not a volume: "Bd. v. 7" (DIN 1505-2: of 7 volumes), "2 vols.", "3 Bde.",
#: "4 t." (Chicago 14.121; citekit.locators reads them the same way).
_VOLUME_COUNT = re.compile(r"(?i)^\s*(?:bd\.?\s*v\.\s*\d+|\d+\s*(?:vols?|bde|bände|volumes|voll?|tomes|t)\.?)\s*$")


def _first_number(s: str) -> str | None:
    from ..parse import normalise_volume

    if _VOLUME_COUNT.match(s):
        return None
    m = _NUMBER.search(s)
    return normalise_volume(m.group(0)) if m else None


def _locator(s: str) -> tuple[str | None, str | None, str]:
    """(pages, label word as written, CSL locator label) of a locator segment."""
    from ..parse import normalise_pages

    m = _LOC_LABEL.match(s)
    word = m.group("label") if m else None
    rest = s[m.end() :] if m else s
    label = _LOCATOR_LABELS.get(word.rstrip(".").lower(), "page") if word else "page"
    digits = re.sub(r"(?i)\s*(?:ff?\.?|et seq\.?|sqq?\.?|passim)\s*$", "", rest).strip(" .,;")
    return (normalise_pages(digits) if digits else None), word, label


def confidences(segs: list[Segment]) -> dict[str, float]:
    """Per label, the lowest confidence of its runs (see :class:`~citekit.fields.crf.Segment`)."""
    out: dict[str, float] = {}
    for g in segs:
        out[g.label] = min(out.get(g.label, 1.0), g.confidence)
    return out


#: Initials alone ("C", "J. R.", "A.-M."): what follows the comma of an inverted name.
_INITIALS_ONLY = re.compile(r"(?:[A-Z][a-z]?\.?[\s-]*){1,4}")


def _names_end_at_first_comma(text: str, segs: list[Segment]) -> list[Segment]:
    """In a note that gives the names in normal order ("Robert Service, Lenin: A Political Life",
    Chicago Manual 14.20; ``features._name_order`` == "gf"), the first comma ends the names: an
    author run that goes past it is cut there, and what follows joins the title after it (or becomes
    the title).  Family-first strings ("Binns, Cliff and Harman, …") are left as labelled."""
    from .features import _name_order
    from .tokens import tokenize

    first = next((k for k, g in enumerate(segs) if g.label == "author"), None)
    if first is None:
        return segs
    a = segs[first]
    comma = text.find(",", a.start, a.end)
    if comma < 0 or _name_order(tokenize(text[a.start : a.end])) != "gf":
        return segs
    rest = comma + 1
    while rest < a.end and text[rest] in " \t":
        rest += 1
    if rest >= a.end or " and " in text[rest : a.end] or "&" in text[rest : a.end]:
        return segs  # "Robert Service, John Smith and …": more names
    if _INITIALS_ONLY.fullmatch(text, rest, a.end):
        return segs  # "O'Leary, C": the initials of an inverted name
    out = list(segs)
    out[first] = Segment("author", a.start, comma, a.confidence)
    nxt = out[first + 1] if first + 1 < len(out) else None
    if nxt is not None and nxt.label == "title" and not any(c.isalnum() for c in text[a.end : nxt.start]):
        out[first + 1] = Segment("title", rest, nxt.end, nxt.confidence)
    else:
        out.insert(first + 1, Segment("title", rest, a.end, a.confidence))
    return out


#: Where a title ends and its container begins inside one run the CRF labelled "title":
#: a closing quotation mark with more words after it ("“Criteria and Judgement.” The Claim of
#: Reason" — Chicago Manual 14.175, MLA 9 2.1: the article's title is quoted, the container's
#: is not), or a container marker ", in “…", ", in: …", ". In …" (Chicago 14.107, Italian and
#: German "in:").  Group ``cut`` is where the container starts.
_CLOSE_QUOTE_THEN_WORD = re.compile(r"[”»\"][.,;:]?\s+(?P<cut>[^\W\d_])")
#: "Der Steppenwolf. Vol. 4 of Gesammelte Dichtungen", "Os Lusiadas. Vols. 4 and 5 of Obras
#: completas" (Chicago Manual 14.123: a volume of a multivolume work): the title ends before
#: "Vol.", the container is what follows "of".
_VOLUME_OF = re.compile(
    r"[.,]\s+(?:Vols?\.|Volumes?|Bde?\.|Tomes?|t\.)\s*(?P<vol>[\dIVXLCivxlc]+)(?:\s*(?:and|&|-|–|und|et)\s*[\dIVXLCivxlc]+)?\s+(?:of|von|de|des|du)\s+(?P<cut>[^\W\d_])"
)
_IN_CONTAINER = re.compile(r"(?:,|\.|[”»\"])\s+(?:[Ii]n|[Dd]ans|[Ii]m):?\s+(?P<cut>[“«\"„]|[^\W\d_])")
#: A connector word in the gap before a later title run: that run is the container.
_IN_WORD = re.compile(r"(?<![^\W\d_])(?:[Ii]n|[Dd]ans|[Ii]m|[Ee]n)(?![^\W\d_])")
_OPEN_QUOTES = "“«„\""
#: A full stop that ends a sentence inside a run: after a word of three letters or more (not
#: an initial or an abbreviation such as "Z."), before a word.
_SENTENCE_BREAK = re.compile(r"(?<=[^\W\d_]{3})[.?!]\s+(?=[^\W\d_])")
#: Lower-case words a periodical's name may hold ("Journal of the Early Republic").
_SMALL_WORDS = {"of", "the", "and", "for", "in", "on", "de", "des", "der", "die", "und", "di", "del", "della", "du", "la", "le", "et", "e", "y", "&"}


def _title_and_container(text: str, segs: list[Segment]) -> list[Segment]:
    """Split the title from its container where the CRF ran them together, and relabel a later
    title run as the container when "in" stands between them ("…, in Aa. Vv., Arte neoclassica").
    Only when no run is labelled container-title already; rules from the typography of the
    styles (see :data:`_CLOSE_QUOTE_THEN_WORD`)."""
    if any(g.label == "container-title" for g in segs):
        return segs
    first = next((k for k, g in enumerate(segs) if g.label == "title"), None)
    if first is None:
        return segs
    t = segs[first]
    out = list(segs)
    body = text[t.start : t.end]
    quoted = text[max(0, t.start - 2) : t.start].strip()[-1:] in _OPEN_QUOTES or body[:1] in _OPEN_QUOTES
    cut = None  # (where the title ends, where the container starts), in the run
    m = _IN_CONTAINER.search(body) or _VOLUME_OF.search(body)
    if m:
        cut = (m.start() + 1, m.start("cut"))
    if quoted:
        q = _CLOSE_QUOTE_THEN_WORD.search(body)
        if q and body[q.start("cut")].isupper() and (cut is None or q.start("cut") < cut[1]):
            cut = (q.start() + 1, q.start("cut"))
    if cut is not None and cut[0] > 1:
        out[first] = Segment("title", t.start, t.start + cut[0], t.confidence)
        out.insert(first + 1, Segment("container-title", t.start + cut[1], t.end, t.confidence))
        if m is not None and "vol" in m.groupdict() and m.group("vol") and cut[1] == m.start("cut"):
            out.insert(first + 1, Segment("volume", t.start + m.start("vol"), t.start + m.end("vol"), t.confidence))
        return out
    nxt = out[first + 1] if first + 1 < len(out) else None
    after = out[first + 2] if first + 2 < len(out) else None
    if nxt is not None and nxt.label in ("volume", "issue") and after is not None and after.label in ("issue", "date", "locator"):
        # "Title. Journal 33 (1991)", "Title, Physica 36 (1967), 377": a volume with a date, issue
        # or pages after it, right after the run, belongs to a periodical whose name the run swallowed; the name is the last sentence of the run,
        # else its last comma chunk when that is short and capitalised (Vancouver, AIP, Chicago 14.171).
        cut = None
        for m in _SENTENCE_BREAK.finditer(body):
            cut = m.end()
        if cut is None:
            c = body.rfind(", ")
            tail = body[c + 2 :].split() if c > 0 else []
            if tail and len(tail) <= 5 and len(body[:c].split()) >= 3 and all(w[:1].isupper() or w.lower() in _SMALL_WORDS for w in tail) and tail[0][:1].isupper():
                cut = c + 2
        if cut is not None and 0 < cut < len(body):
            out[first] = Segment("title", t.start, t.start + cut, t.confidence)
            out.insert(first + 1, Segment("container-title", t.start + cut, t.end, t.confidence))
            return out
    quoted_first = any(c in "”\"’»" for c in text[t.end : t.end + 2])
    for k in range(first + 1, len(out)):
        g = out[k]
        if g.label == "title":
            # after "in", or after a quoted title ('"Mining the Dispatch," Digital Scholarship Lab',
            # IEEE and Chicago quote the part, not the whole)
            if _IN_WORD.search(text, t.end, g.start) or quoted_first:
                out[k] = Segment("container-title", g.start, g.end, g.confidence)
            break
    return out


#: One or two capitalised words and a colon opening a title run: the given name of a German
#: "Nachname, Vorname: Titel" head (DIN 1505-2, most German history journals).
_GIVEN_COLON = re.compile(r"(?:[^\W\d_][\w’'\-]*\.?\s){0,1}[^\W\d_][\w’'\-]*\.?(?=\s*:\s)")
#: A full stop that closes a field: after a word of two letters or more or a closing quote.
_FIELD_STOP = re.compile(r"(?:(?<=[^\W\d_]{2})|(?<=[”\"’»]))\.(?=\s|$)")


def _given_before_colon(text: str, segs: list[Segment]) -> list[Segment]:
    """"Gall, Lothar: Bürgertum in Deutschland": when the author run ends at a comma and the title
    run opens with one or two capitalised words and a colon, those words are the given name; so is
    a known given name and a full stop ("Perec, Georges. A Void.", MLA 9 / Chicago 14.72)."""
    for k in range(len(segs) - 1):
        a, t = segs[k], segs[k + 1]
        if a.label == "author" and t.label == "title" and text[a.end : t.start].strip() == ",":
            m = _GIVEN_COLON.match(text, t.start) or _given_stop(text, t.start)
            # the author run is a family name alone ("Gall"), not "Robert Service" of a Chicago
            # note whose title has a subtitle ("Robert Service, Lenin: A Political Life")
            if m and text[t.start].isupper() and len(text[a.start : a.end].split()) == 1:
                colon = m.end()
                while colon < t.end and text[colon] not in ":.":
                    colon += 1
                rest = colon + 1
                while rest < t.end and text[rest].isspace():
                    rest += 1
                if rest < t.end:
                    out = list(segs)
                    out[k] = Segment("author", a.start, m.end(), a.confidence)
                    out[k + 1] = Segment("title", rest, t.end, t.confidence)
                    return out
    return segs


#: A sentence that names a contributor's role is no title ("Edited by …", "Trans. …", "Dir. …").
_ROLE_OPENING = re.compile(
    r"(?i)(?:edited|translated|compiled|introduced|ed\.|eds\.|trans\.|transl\.|tr\.|hg\.|hrsg\.|herausgegeben|übers\.|"
    r"a cura|dir\.|perf\.|narr\.|introd?\.|with an? |préf\.|trad\.|vol\.|vols\.|diss\.)"
)


_GIVEN_STOP = re.compile(r"[^\W\d_][\w’'\-]*(?=\.\s+[^\W\d_])")


def _given_stop(text: str, at: int):
    """One capitalised word followed by a full stop and a capital, at ``at`` ("Georges. A Void"):
    after a lone family name and a comma, the given name of a bibliography head."""
    from . import gazetteer as G

    m = _GIVEN_STOP.match(text, at)
    return m if m and m.group(0)[:1].isupper() and (m.group(0).lower() in G.GIVEN_NAMES or m.group(0)[1:].islower()) else None


def _missing_title(text: str, segs: list[Segment]) -> list[Segment]:
    """Every work has a title: when the CRF labelled none ("Morrison, Toni. Beloved. Knopf, 1987.",
    "Lee, Hermione. Virginia Woolf. Knopf, 1997." — MLA 9 5.3: author. Title. Publisher, year.), the
    sentence after the author run is the title, unless it is a date, a url or a locator; a run it
    overlaps keeps only what lies after it."""
    if any(g.label in ("title", "container-title") for g in segs):
        return segs
    k = next((i for i, g in enumerate(segs) if g.label == "author"), None)
    if k is None or any(g.label == "editor" for g in segs[:k]):
        return segs
    start = segs[k].end
    while start < len(text) and not text[start].isalnum() and text[start] not in "“\"‘«":
        start += 1
    m = _FIELD_STOP.search(text, start)
    end = m.start() if m else len(text)
    span = text[start:end].strip(" ,;:“”\"‘’«»")
    if not span or not any(c.isalpha() for c in span) or end - start > 300 or _ROLE_OPENING.match(span):
        return segs
    out: list[Segment] = []
    for g in segs:
        if g.end <= start or g.start >= end:
            out.append(g)
        elif g.label in ("date", "url", "locator", "volume", "issue") and g.start >= start:
            return segs  # the sentence holds a date or a number: no title there
        elif g.end > end:
            nxt = end + 1
            while nxt < g.end and not text[nxt].isalnum():
                nxt += 1
            if nxt < g.end:
                out.append(Segment(g.label, nxt, g.end, g.confidence))
    out.append(Segment("title", start, end, 0.5))
    out.sort(key=lambda g: g.start)
    return out


def _imprint_year(text: str, segs: list[Segment]) -> str | None:
    """With two dates, the one after the publisher (or place) is the edition's: "To the Lighthouse.
    1927. Harcourt, 1981." (MLA 9 2.64, original publication date first; Chicago 14.114 reprints)."""
    dates = [g for g in segs if g.label == "date"]
    if len(dates) < 2:
        return None
    imprint = [g for g in segs if g.label in ("publisher", "place")]
    if not imprint:
        return None
    after = [d for d in dates if d.start > imprint[-1].start and d.start > dates[0].end]
    if not after:
        return None
    m = _YEAR.search(text, after[0].start, after[0].end)
    return m.group(1) if m and dates[0].end <= imprint[0].start else None


#: A series with its number in parentheses right after the imprint's year: "München 2007
#: (Oldenbourg Grundriss der Geschichte, Bd. 13)", "Annecy, 1979 (Mémoires et documents, vol. 5)",
#: "Boydell, 2008 (Studies in Fenland History, 7)" (Chicago Manual 14.123–14.128, DIN 1505-2
#: Gesamttitel).  Group ``year`` is the imprint's year, ``num`` the series number.
SERIES_AFTER_IMPRINT = re.compile(
    r"(?P<year>1[4-9]\d\d|20\d\d)[a-z]?[ \t]*[.,]?[ \t]*\((?P<name>[^()\d]{2,120}?),?[ \t]*"
    r"(?:(?:Bd|Bde|Band|vol|Vol|t|tome|Nr|no|n°|Heft|Reihe)\.?[ \t]*)?(?P<num>\d{1,4}|[IVXLC]{1,6})\)"
)


#: A series parenthesis wherever it stands: "(Studies in Global Social History, Bd. 1)",
#: "(coll. « Bibliothèque des histoires », n° 12)", "(Biblioteca di cultura storica, 45)": a
#: capitalised name (after "coll."/"collection"/"collana" and an opening guillemet), the
#: number with or without its term (a bare number of at most three digits: "(London: Penguin,
#: 1990)" is no series), never a term alone ("(Bd. 2)" is the cited volume).  Taken as the series
#: only next to the imprint (:func:`series_span`).
SERIES_PARENTHESIS = re.compile(
    r"\((?P<name>(?:(?:coll\.|collection|collana)[ \t]*)?[«\"“„‹]?[ \t\u00a0]*(?!(?:Bd|Bde|Band|Vol|Tome|Teil|Nr|No|Heft)\b)"
    r"[A-Z\u00c0-\u00de][^()\d]{1,119}?),?[ \t]*"
    r"(?:(?:Bd|Bde|Band|vol|Vol|t|tome|Nr|no|n°|n\.|Heft|Reihe)\.?[ \t]*(?P<num>\d{1,4}|[IVXLC]{1,6})|(?P<bare>\d{1,3}))\)"
)
#: The imprint's year right after a series parenthesis: "Leiden: Brill (Studies in Global
#: Social History, Bd. 1), 2008" (the Heidelberg Historisches Seminar's order; DIN 1505-2).
_YEAR_AFTER_SERIES = re.compile(r"[ \t]*[,.]?[ \t]*(?P<year>1[4-9]\d\d|20\d\d)(?!\d)")
#: "Place: Publisher" right before a series parenthesis: "London: Weidenfeld (", "Paris :
#: Mouton (", "Roma: Editori Riuniti, (" (Chicago Manual 17th ed. 14.123).  One to four words
#: each side of the colon, no digits; searched in the 60 characters before the "(".
_IMPRINT_BEFORE_SERIES = re.compile(
    r"(?<![^\W\d_])[A-Z\u00c0-\u00de][^\W\d_]*(?:[ \t.-]{1,2}[^\W\d_]+){0,3}[ \t]*:[ \t]*"
    r"[A-Z\u00c0-\u00de][^\W\d_]*(?:[ \t.&-]{1,2}[^\W\d_]+){0,4}[ \t]*,?[ \t]*\Z"
)


def series_span(text: str) -> tuple[int, int, str, int | None, int | None] | None:
    """The series parenthesis after the imprint: after its year (:data:`SERIES_AFTER_IMPRINT`),
    between the publisher and the year (:data:`SERIES_PARENTHESIS` + :data:`_YEAR_AFTER_SERIES`),
    or right after "Place: Publisher" (:data:`_IMPRINT_BEFORE_SERIES`).  ``(offset of "(",
    offset of ")", the series number, the imprint year's start, its end)``; the year's offsets are
    None when no year touches the parenthesis; None when there is no such parenthesis."""
    m = SERIES_AFTER_IMPRINT.search(text)
    if m is not None:
        return text.rfind("(", m.start("year"), m.start("name")), m.end() - 1, m.group("num"), m.start("year"), m.end("year")
    if "(" not in text:
        return None
    for m in SERIES_PARENTHESIS.finditer(text):
        y = _YEAR_AFTER_SERIES.match(text, m.end())
        num = m.group("num") or m.group("bare")
        if y is not None:
            return m.start(), m.end() - 1, num, y.start("year"), y.end("year")
        if _IMPRINT_BEFORE_SERIES.search(text, max(0, m.start() - 60), m.start()) is not None:
            return m.start(), m.end() - 1, num, None, None
    return None


def series_number(text: str) -> str | None:
    """The number of the series named after the imprint (:func:`series_span`), if any:
    a number that is no volume of the work itself."""
    sp = series_span(text)
    return sp[2] if sp else None


def _series_parenthesis(text: str, segs: list[Segment]) -> list[Segment]:
    """The series after the imprint (:func:`series_span`; before or after the imprint's year):
    the runs inside its parenthesis become ``collection-title`` / ``collection-number`` (no
    volume of the work), a run that crosses into it ends before it, and the imprint's year is a
    date when the CRF left it inside another run."""
    sp = series_span(text)
    if sp is None:
        return segs
    o, c, _, ys, ye = sp
    out: list[Segment] = []
    for g in segs:
        if o < g.start and g.end <= c + 1:
            out.append(Segment("collection-number" if g.label == "volume" else "collection-title", g.start, g.end, g.confidence))
        elif g.start < o < g.end:
            end = o
            while end > g.start and not text[end - 1].isalnum():
                end -= 1
            if end > g.start:
                out.append(Segment(g.label, g.start, end, g.confidence))
        else:
            out.append(g)
    if ys is None or ye is None:
        return out
    if not any(g.label == "date" and g.start <= ys < g.end for g in out):
        cut: list[Segment] = []
        for g in out:
            if g.start <= ys < g.end:  # "Grenzzölle in Tirol, Innsbruck: Wagner 1991": the run ends before the year
                end = ys
                while end > g.start and not text[end - 1].isalnum():
                    end -= 1
                if end > g.start:
                    cut.append(Segment(g.label, g.start, end, g.confidence))
            else:
                cut.append(g)
        out = sorted(cut + [Segment("date", ys, ye, 0.5)], key=lambda g: g.start)
    return out


#: After a series' number, the publication parenthesis of New Hart's Rules (2nd ed. 17.2.2):
#: "…, Studies in Global Social History, 1 (Leiden, 2008)" — ", N (" then a capitalised place
#: (with its publisher or not) and a year.  Matched at the comma before the number; groups
#: ``num`` and ``year``.  A journal's "45 (1969)" has no place, so it never matches.
_NUMBER_BEFORE_IMPRINT = re.compile(
    r",[ \t]*(?P<num>\d{1,4})[ \t]*\([ \t]*[A-Z\u00c0-\u00de][^()\d]{1,80}?[,:]?[ \t]*(?P<year>1[4-9]\d\d|20\d\d)(?!\d)[^()]{0,12}\)"
)
#: A quoted title (an article or a chapter: its first character) or "in" between the title and
#: the second run: a container, not a series.
_QUOTE_OR_IN = re.compile(r"[‘“«„‚\"']|(?<![^\W\d_])[Ii]n(?![^\W\d_])")


def _series_before_imprint(text: str, segs: list[Segment]) -> list[Segment]:
    """New Hart's Rules' series (2nd ed. 17.2.2): "E. P. Thompson, The Making of the English
    Working Class, Studies in Global Social History, 1 (Leiden, 2008), 45." — an unquoted
    title, then a run the CRF read as a container (or a series) with a number after it and the publication
    parenthesis (:data:`_NUMBER_BEFORE_IMPRINT`).  That run is the series (``collection-title``)
    and the number its ``collection-number``, no volume of the work.  Not when the title is
    quoted or "in" stands before the run (an article's journal, a chapter's book:
    :data:`_QUOTE_OR_IN`)."""
    for i, g in enumerate(segs):
        if g.label not in ("container-title", "collection-title") or i == 0 or i + 1 >= len(segs) or segs[i + 1].label != "volume":
            continue
        m = _NUMBER_BEFORE_IMPRINT.match(text, g.end)
        v = segs[i + 1]
        if m is None or (v.start, v.end) != (m.start("num"), m.end("num")):
            continue
        titles = [t for t in segs[:i] if t.label == "title"]
        if not titles or _QUOTE_OR_IN.search(text, max(0, titles[0].start - 1), titles[0].start + 1) \
                or _QUOTE_OR_IN.search(text, titles[-1].end, g.start):
            continue
        out = list(segs)
        out[i] = Segment("collection-title", g.start, g.end, g.confidence)
        out[i + 1] = Segment("collection-number", v.start, v.end, v.confidence)
        return out
    return segs


#: The last comma-separated piece of a title run: 1–4 words, the first capitalised, no digits
#: ("Krems", "Frankfurt a. M.", "Innsbruck: Wagner", "Académie salésienne").
_TITLE_TAIL_PIECE = re.compile(r"[^\W\d_][^\d,;()\[\]]{0,40}")
#: "Place: Publisher" in one piece ("Innsbruck: Wagner", "Paris: Seuil").
_PLACE_COLON_PUBLISHER = re.compile(r"(?P<place>[^\W\d_][^\d:,]{0,30}?)\s*:\s*(?P<publisher>[^\W\d_][^\d:,]{0,40})")


def _is_known_place(s: str) -> bool:
    from .gazetteer import places

    single, multi = places()
    toks = tuple(w.lower() for w in re.findall(r"[^\W\d_]+", s))
    return (len(toks) == 1 and toks[0] in single) or (bool(toks) and toks in multi.get(toks[0], ()))


#: A whole DIN 1505-2 book entry with no publisher: "Zeilinger, Konrad: Weinbau, Krems 1955." —
#: an inverted name, a colon, the title, a comma, the place, the year (groups ``head``, ``title``,
#: ``place``, ``year``); each part is a bounded run of one class (linear).
_DIN_BOOK = re.compile(
    r"(?P<head>[^\W\d_][^:,\d]{1,40},[ \t][^\W\d_][^:,\d]{0,40}):[ \t]+(?P<title>[^\W\d_][^,:()\d]{0,120}),[ \t]+"
    r"(?P<place>[A-Z\u00c0-\u00de][^\d,:()]{0,30}?)[ \t]+(?P<year>1[4-9]\d\d|20\d\d)\.?"
)


def _imprint_out_of_title(text: str, segs: list[Segment]) -> list[Segment]:
    """The imprint the CRF left at the end of a title run, given back: "Zeilinger, Konrad:
    Weinbau, Krems 1955." (DIN 1505-2 "Titel, Ort Jahr": the piece after the title's last comma,
    before the year, is the place), "…, Innsbruck: Wagner 1991 (…)" (place: publisher), "Le sel et
    l'octroi, Annecy, Académie salésienne, 1979 (…)" (French and Italian notes, "Titre, Lieu,
    Éditeur, année": a comma before the year, the two last pieces), "La Savoie marchande,
    Chambéry" before a publisher run (the place).  Only with no place labelled; a one-word
    title the CRF labelled publisher after a "Name, Vorname:" head, with a place and a year after
    it ("Wiesenthaler, Ruprecht: Mühlen, Bamberg 1968."), becomes the title.  A whole entry of
    :data:`_DIN_BOOK`'s shape is read from the text alone, whatever the CRF labelled."""
    din = _DIN_BOOK.fullmatch(text.strip())
    if din is not None and text.strip() == text:
        return [Segment(lab, din.start(g), din.end(g), 0.5) for lab, g in (("author", "head"), ("title", "title"), ("place", "place"), ("date", "year"))]
    if any(g.label == "place" for g in segs):
        titles = [g for g in segs if g.label == "title"]
        pubs = [g for g in segs if g.label == "publisher"]
        authors = [g for g in segs if g.label == "author"]
        if titles or len(pubs) != 1 or not authors:
            return segs
        pub = pubs[0]
        gap = text[authors[-1].end : pub.start]
        nxt = next((g for g in segs if g.start >= pub.end), None)
        if ":" in gap and gap.strip(" :") == "" and nxt is not None and nxt.label == "place" and text[pub.end : nxt.start].strip() == ",":
            return [Segment("title", g.start, g.end, g.confidence) if g is pub else g for g in segs]
        return segs
    ordered = sorted(segs, key=lambda g: g.start)
    for i, t in enumerate(ordered[:-1]):
        if t.label != "title":
            continue
        nxt = ordered[i + 1]
        gap = text[t.end : nxt.start]
        if nxt.label not in ("date", "publisher") or gap.strip(" ,.") != "":
            return segs
        run = text[t.start : t.end]
        comma = run.rfind(", ")
        if comma <= 0 or "(" in run[comma:] or "[" in run[comma:]:
            return segs
        last = run[comma + 2 :].strip()
        if not _TITLE_TAIL_PIECE.fullmatch(last) or len(last.split()) > 4 or not last[:1].isupper():
            return segs
        cut = t.start + comma
        new: list[Segment] = []
        m = _PLACE_COLON_PUBLISHER.fullmatch(last)
        at = t.start + comma + 2
        if nxt.label == "publisher":
            if m or "." in gap:
                return segs  # "A Poetics of Postmodernism: History, Theory, Fiction. Routledge": the title's words (MLA 9 has no place)
            new.append(Segment("place", at, t.end, t.confidence))
        elif m:
            new += [Segment("place", at + m.start("place"), at + m.end("place"), t.confidence),
                    Segment("publisher", at + m.start("publisher"), at + m.end("publisher"), t.confidence)]
        else:
            prev = run.rfind(", ", 0, comma)
            p2 = run[prev + 2 : comma].strip() if prev > 0 else ""
            french = "," in gap  # "…, Éditeur, 1979": the comma style of French and Italian notes
            if p2 and french and not _is_known_place(last) and _TITLE_TAIL_PIECE.fullmatch(p2) and len(p2.split()) <= 2 and p2[:1].isupper():
                cut = t.start + prev
                new += [Segment("place", t.start + prev + 2, t.start + comma, t.confidence), Segment("publisher", at, t.end, t.confidence)]
            else:
                new.append(Segment("place", at, t.end, t.confidence))
        out = [g for g in segs if g is not t] + [Segment("title", t.start, cut, t.confidence)] + new
        return sorted(out, key=lambda g: g.start)
    return segs


#: A full stop that ends the names of a bibliography head inside an author run: after a word of two
#: letters or more that is no abbreviation kept inside names ("Jr.", "St.", "Sr."), before a capital,
#: a digit-free word or an opening quotation mark ("Andrade, Mário de. Macunaíma", "… and Youfeng Wu. Stardbt").
_NAMES_STOP = re.compile(r"(?<=[^\W\d_]{2})(?<![JS]r)(?<!St)(?<!Dr)(?<!Mr)(?<!Ms)(?<!Bros)\.\s+(?=[“\"‘«]?[^\W\d_])")


#: Abbreviations that may stand inside a names run before a full stop (roles, "et al.").
_ROLE_ABBREVIATIONS = frozenset("pref ed eds edd trad trans transl cur hrsg hg dir introd comp comps préf éd éds al vol cf cfr vgl ibid".split())


def _author_runs_into_title(text: str, segs: list[Segment]) -> list[Segment]:
    """"Family, Given. Title" (Chicago Manual 14.72, MLA 9 5.3: the names of a bibliography
    entry end with a full stop): where the CRF ran the first author run over that stop, the
    run ends there and what follows, to the next full stop, is the title (joined to a title run
    right after it: "… Wu. Stardbt: An efficient …").  Only for a run whose names hold a comma
    (inverted, or a list); "Aa. Vv." and initials ("V. I.") never end it."""
    k = next((i for i, g in enumerate(segs) if g.label == "author"), None)
    if k is None or any(g.label == "title" for g in segs[:k]):
        return segs
    a = segs[k]
    m = _NAMES_STOP.search(text, a.start, a.end)
    if m is None or "," not in text[a.start : m.start()]:
        return segs
    word = re.search(r"[^\W\d_]+$", text[a.start : m.start()])
    if word and word.group(0).lower() in _ROLE_ABBREVIATIONS:
        return segs  # "Folena, pref. a E. Lovarini": a role word, the names go on
    rest = m.end()
    tail = text[rest : a.end]
    if not re.search(r"[^\W\d_]{3}", tail) or _ROLE_OPENING.match(tail):
        return segs
    stop = _FIELD_STOP.search(text, rest, a.end)
    end = stop.start() if stop else a.end
    out = list(segs)
    out[k] = Segment("author", a.start, m.start(), a.confidence)
    nxt = out[k + 1] if k + 1 < len(out) else None
    if end == a.end and nxt is not None and nxt.label == "title" and not any(c.isalnum() for c in text[a.end : nxt.start]):
        out[k + 1] = Segment("title", rest, nxt.end, min(a.confidence, nxt.confidence))
    else:
        out.insert(k + 1, Segment("title", rest, end, a.confidence))
    return out


#: The role word inside an editor run: "ed.", "eds", "Ed.", "edited by", "hrsg. von", "a cura di", "éd.", "dir."
#: (Chicago 14.103-14.107, MLA 9 2.98, DIN 1505-2, Italian and French notes); "(eds.)" too.
_EDITOR_ROLE = re.compile(
    r"(?:[,.]\s*|\s+|\s*\()(?:[Ee]d(?:s|d)?\.?|[Ee]ditors?|[Ee]dited by|[Hh]rsg\.(?:\s+von)?|[Hh]g\.|a cura di|[ÉéEe]ds?\.|[Dd]ir\.)(?:\)|,)?(?=\s|$)"
)
#: "In", "In:", "Dans", "Im" opening the container inside an editor run.
_IN_OPENING = re.compile(r"^(?:[Ii]n|[Dd]ans|[Ii]m):?\s+")
_NAME_JOINERS = {"and", "&", "und", "et", "e", "y", "de", "van", "von", "der", "den", "di", "da", "del", "du", "la", "le"}


def _names_like(s: str) -> bool:
    """Do the words of ``s`` look like persons' names: 1-8 capitalised words, initials and joiners
    ("Gerald Bonner", "D.R. Goyal", "Marcus Hartner and Marion Schulte"), no colon, no digit?"""
    s = s.strip(" ,.;")
    words = s.replace(",", " ").split()
    if not words or len(words) > 8 or ":" in s or any(c.isdigit() for c in s):
        return False
    return all(w[:1].isupper() or w.lower() in _NAME_JOINERS for w in words) and words[0][:1].isupper()


def _editor_run_holds_title(text: str, segs: list[Segment]) -> list[Segment]:
    """An editor run the CRF ran over the book it names: "In Famulus Christi, ed. Gerald Bonner",
    "In: Boethius: His Life … Influence. Ed. Margaret Gibson" (Chicago 14.107, MLA 9 "Title. Ed.
    Name"), "D.R. Goyal, ed, Non-Alignment: …" (names, role, title): the words on the side of the
    role word that are no names are the container (after "In", or when the entry has a title) or
    the work's own title (no title run: "De doctrina christiana, ed. Joseph Martin")."""
    for k, e in enumerate(segs):
        if e.label != "editor":
            continue
        body = text[e.start : e.end]
        m = _EDITOR_ROLE.search(body)
        if m is None:
            return segs
        before, after = body[: m.start()], body[m.end() :]
        has_title = any(g.label == "title" for g in segs)
        if any(g.label == "container-title" for g in segs) or not before.strip() or not after.strip():
            return segs
        lead = _IN_OPENING.match(before)
        if _names_like(after) and (lead or not _names_like(before)):
            label = "container-title" if lead or has_title else "title"
            start = e.start + (lead.end() if lead else 0)
            work = Segment(label, start, e.start + len(before.rstrip(" ,.")), e.confidence)
            names = Segment("editor", e.start + m.start() + (len(m.group(0)) - len(m.group(0).lstrip(" ,."))), e.end, e.confidence)
        elif _names_like(before) and not lead and not _names_like(after):
            ws = len(after) - len(after.lstrip(" ,.:"))
            work = Segment("container-title" if has_title else "title", e.start + m.end() + ws, e.end, e.confidence)
            names = Segment("editor", e.start, e.start + m.end(), e.confidence)
        else:
            return segs
        words = text[work.start : work.end].split()
        if len(words) < 2 or not words[0][:1].isupper() or any(c.isdigit() for c in text[work.start : work.end]):
            return segs  # "(ed. by)", "ed. a cura di …", "(a cura di) 2013": no work named there
        return sorted(segs[:k] + [work, names] + segs[k + 1 :], key=lambda g: g.start)
    return segs


def _periodical_in_title_run(text: str, segs: list[Segment]) -> list[Segment]:
    """"Title. Periodical, No. 134, 2000, 20-21", "Title. The West Australian, p.14" (APA 7
    10.1-10.2, Harvard, Chicago 14.171-14.191): where the CRF ran an article's title on into the
    periodical's name, the name is the run's last sentence (or its last comma piece, short and
    capitalised) when numbers of a periodical follow the run — a volume or issue, dates allowed
    between, with an issue, a date or pages after it; or pages after a dated entry with no
    place or publisher (a newspaper).  Only with no container run and one title run."""
    if any(g.label == "container-title" for g in segs):
        return segs
    titles = [k for k, g in enumerate(segs) if g.label == "title"]
    if len(titles) != 1:
        return segs
    k = titles[0]
    t = segs[k]
    seq: list[str] = []  # the labels after the run, up to the imprint
    for g in segs[k + 1 :]:
        if g.label in ("place", "publisher", "editor"):
            break
        seq.append(g.label)
    follow = [lab for lab in seq if lab not in ("date", "other")]
    labels = {g.label for g in segs}
    if not follow:
        return segs
    if follow[0] in ("volume", "issue"):
        ok = any(lab in ("issue", "locator") for lab in follow[1:3]) or "date" in seq[seq.index(follow[0]) :]
    elif follow[0] == "locator":
        # a newspaper: dated before the title (APA 7 10.2, Harvard), no imprint
        ok = any(g.label == "date" for g in segs[:k]) and not labels & {"place", "publisher", "editor"}
    else:
        ok = False
    if not ok:
        return segs
    body = text[t.start : t.end]
    cut = None
    for m in _SENTENCE_BREAK.finditer(body):
        if body[m.start()] == "." or follow[0] != "locator":
            cut = m.end()
    if cut is None:
        c = body.rfind(", ")
        if c > 0 and len(body[:c].split()) >= 2:
            cut = c + 2
    if cut is None or not 0 < cut < len(body):
        return segs
    tail = body[cut:].split()
    if any(c.isdigit() or c in "“”\"«»" for c in body[cut:] + text[t.end : t.end + 2]):
        return segs  # "Bassani 1802": an imprint; a quoted name is the CRF's to place
    if follow[0] == "locator" and re.search(r"(?i)\b(?:pp?|S|pages)\.?\s*$", text[segs[k + 1].start : segs[k + 1].end] if k + 1 < len(segs) else ""):
        return segs  # "200 pp.": a book's page count
    if not tail or len(tail) > 8 or not tail[0][:1].isupper() or not all(w[:1].isupper() or w.lower() in _SMALL_WORDS or not w[:1].isalpha() for w in tail):
        return segs
    end = cut
    while end > 0 and (body[end - 1].isspace() or body[end - 1] in ",.;:"):
        end -= 1
    return segs[:k] + [Segment("title", t.start, t.start + end, t.confidence), Segment("container-title", t.start + cut, t.end, t.confidence)] + segs[k + 1 :]


#: A locator run that holds a journal's volume before its pages, with no label: "38 39-41",
#: "13 27-39, 171-172", "416, 839", "365L, 188", "III 101-130" (Vancouver without punctuation,
#: astronomy's "A&A, 416, 839", Italian "Roberti III 101-130").  Group ``vol`` is the volume.
_VOLUME_THEN_PAGES = re.compile(
    r"^(?P<vol>\d{1,4}[A-Z]?|[IVXLC]{1,7})(?:\s*,\s*|\s+)(?P<pages>\d{1,5}(?:\s*[-–]\s*\d{1,5})?(?:\s*,\s*\d{1,5}(?:\s*[-–]\s*\d{1,5})?)*)$"
)
#: A locator that counts or names volumes: "2 v.", "3 voll.", "vols. 12–15", "Bd. 4", "t. IX".
_VOLUME_LOCATOR = re.compile(r"(?i)^(?:\d{1,3}\s*(?:v|vv|vol|vols|voll|volumes|bde|tomes)\.?|(?:vols?|voll?|volumes?|bde?|band|tomes?|t|tt)\.?\s*(?P<num>\d{1,4}(?:\s*[-–]\s*\d{1,4})?|[IVXLC]{1,7}))$")
#: The number of a periodical's issue given as a locator: "n. 41", "n° 3-4", "no. 7", "Nr. 12",
#: "fasc. 2", "Heft 3" (Italian, French, German and English journal citations).
_ISSUE_LOCATOR = re.compile(r"(?i)^(?:n|nn|n°|no|nos|nr|num|fasc|h|heft)\.?\s*\d{1,4}(?:\s*[-–/]\s*\d{1,4})?$")
#: Only page numbers between two locator runs: ", " (a list of page ranges the CRF cut in two).
_PAGE_RUN = re.compile(r"(?:(?:pp?|S|pages?)\.?\s*)?\d{1,5}(?:\s*[-–]\s*\d{1,5})?")


def _locator_runs(text: str, segs: list[Segment]) -> list[Segment]:
    """Locator runs that hold something else than the cited pages (rules of the journal styles):

    * two page runs with only a comma between them are one list ("pp. 1-31, 101-214", Chicago 14.148);
    * a run that counts or names volumes ("2 v.", "vols. 12–15") is a volume, or nothing when it counts;
    * in an article of a periodical (a container, no volume run), a leading bare number is the
      volume ("Communications of the ACM 38 39-41", "A&A, 416, 839"), and a lone "n. 41" /
      "no. 7" / "Heft 3" is the issue's number (the volume when there is none), not a page.
    """
    if not any(g.label == "locator" for g in segs):
        return segs
    out: list[Segment] = []
    for g in segs:
        prev = out[-1] if out else None
        if (
            g.label == "locator"
            and prev is not None
            and prev.label == "locator"
            and text[prev.end : g.start].strip() == ","
            and _PAGE_RUN.fullmatch(text, prev.start, prev.end)
            and _PAGE_RUN.fullmatch(text, g.start, g.end)
        ):
            out[-1] = Segment("locator", prev.start, g.end, min(prev.confidence, g.confidence))
        else:
            out.append(g)
    labels = {g.label for g in out}
    periodical = "container-title" in labels and "archive" not in labels
    locs = [k for k, g in enumerate(out) if g.label == "locator"]
    for k in locs:
        g = out[k]
        s = text[g.start : g.end]
        m = _VOLUME_LOCATOR.match(s)
        if m and not m.group("num") and s.rstrip(". ")[-1:] in "vV" and not (k > 0 and out[k - 1].label == "date"):
            m = None  # "c. 205 v." is a leaf's verso; "Venezia 1874, 2 v." counts volumes
        if m:
            out[k] = Segment("volume", g.start + m.start("num"), g.end, g.confidence) if m.group("num") else Segment("note", g.start, g.end, g.confidence)
            continue
        if "volume" in labels or not periodical:
            continue
        m = _VOLUME_THEN_PAGES.match(s)
        if m and "," in s[m.end("vol") : m.start("pages")] and not ("date" in labels and "," not in m.group("pages")):
            m = None  # "Le monde…, 336, 569-570" (undated short note) lists pages; "2004, A&A, 416, 839" does not
        if m and not (len(locs) > 1 and k != locs[-1]):
            out[k : k + 1] = [
                Segment("volume", g.start, g.start + m.end("vol"), g.confidence),
                Segment("locator", g.start + m.start("pages"), g.end, g.confidence),
            ]
            labels.add("volume")
        elif len(locs) == 1 and _ISSUE_LOCATOR.match(s):
            # Italian and French "n. 41" / "n° 3" number the review's issues throughout: its volume; "Nr."/"no." an issue
            out[k] = Segment("volume" if s[:1] in "nN" and s[1:2] in ". °" else "issue", g.start, g.end, g.confidence)
    return out


def fields_from_segments(text: str, segs: list[Segment]) -> Fields:
    """citekit's :class:`Fields` from the labelled segments of ``text``."""
    segs = _missing_title(text, _given_before_colon(text, _title_and_container(text, _names_end_at_first_comma(text, _author_runs_into_title(text, _editor_run_holds_title(text, _series_before_imprint(text, _series_parenthesis(text, segs))))))))
    segs = _periodical_in_title_run(text, _imprint_out_of_title(text, _locator_runs(text, segs)))
    segs = entry_segments(text, segs)  # role marks, a bracket the title closes, "91(874)" (fields/entry.py)
    authors: list[Name] = []
    et_al = False
    for raw in _text(text, segs, "author"):
        ns, e = _names(raw)
        authors.extend(ns)
        et_al = et_al or e
    editors: list[Name] = []
    for raw in _text(text, segs, "editor"):
        editors.extend(_names(raw)[0])
    titles = [_cut_open_bracket(_strip_title(t)) for t in _text(text, segs, "title")]
    titles = [t for t in titles if t]
    containers = [_strip_title(t) for t in _text(text, segs, "container-title") if t.strip(_TITLE_STRIP)]  # "(ICPR)" keeps its bracket
    containers = [_IN_OPENING.sub("", c, count=1) if _IN_OPENING.match(c) and c[_IN_OPENING.match(c).end() :][:1].isupper() else c
                  for c in containers]  # "In The Cambridge History of …": the cue the CRF took in (Chicago 14.107)
    if not titles and containers:
        titles = [containers.pop(0)]  # every work has a title: a lone "container" is the work's own
    year = suffix = None
    for d in _text(text, segs, "date"):
        m = _YEAR.search(d)
        if m:
            year, suffix = m.group(1), m.group(2)
            break
    imprint_year = _imprint_year(text, segs)
    if imprint_year:
        year, suffix = imprint_year, None
    volume = next((v for v in map(_first_number, _text(text, segs, "volume")) if v), None)
    issue = next((v for v in map(_first_number, _text(text, segs, "issue")) if v), None)
    if issue is None:
        issue = next((m.group("issue") for v in _text(text, segs, "volume") if (m := _VOLUME_ISSUE.search(v))), None)
    pages = page_label = None
    locs = _text(text, segs, "locator")
    if locs:
        pages, page_label, _ = _locator(locs[-1])
    relation = next(iter(_text(text, segs, "relation")), None)
    authors_text = next(iter(_text(text, segs, "author")), None)
    return entry_fields(text, segs, Fields(
        relation=relation.lower().rstrip(".") if relation else None,
        authors=tuple(authors),
        authors_text=authors_text,
        editors=tuple(editors),
        et_al=et_al,
        title=". ".join(titles) if titles else None,
        container=containers[0] if containers else None,
        issue=issue,
        volume=volume,
        pages=pages,
        page_label=page_label,
        year=year,
        year_suffix=suffix,
        place=next(iter(_text(text, segs, "place")), None),
        publisher=next(iter(_text(text, segs, "publisher")), None),
        edition=next(iter(_text(text, segs, "edition")), None),
    ))


def record_from_segments(text: str, segs: list[Segment], key: str | None = None) -> dict[str, Any]:
    """A CSL-JSON item from the labelled segments of ``text`` (``id`` = ``key`` or a readable key)."""
    f = fields_from_segments(text, segs)
    csl: dict[str, Any] = {}
    if f.authors:
        csl["author"] = [n.csl() for n in f.authors]
    if f.editors:
        csl["editor"] = [n.csl() for n in f.editors]
    translators = [n.csl() for n in f.translators] or [n.csl() for raw in _text(text, segs, "translator") for n in _names(raw)[0]]
    if translators:
        csl["translator"] = translators
    if f.title:
        csl["title"] = f.title
    if f.container:
        csl["container-title"] = f.container
    coll = [t.strip(_TITLE_STRIP) for t in _text(text, segs, "collection-title")]
    if coll and coll[0]:
        csl["collection-title"] = coll[0]
        num = series_number(text) or next((text[g.start : g.end] for g in _series_before_imprint(text, segs) if g.label == "collection-number"), None)
        if num:
            csl["collection-number"] = num
    from ..bibio import csl_edition  # "2nd ed" -> "2", as extract's records (resolve._merge_csl)

    for var, val in (("volume", f.volume), ("issue", f.issue), ("page", f.pages), ("publisher-place", f.place), ("publisher", f.publisher),
                     ("edition", csl_edition(f.edition) if f.edition else None), ("number-of-volumes", f.number_of_volumes), ("genre", f.genre), ("DOI", f.doi)):
        if val:
            csl[var] = val
    acc = access_date(text)  # "accessed Mar. 3, 2024": CSL "accessed", never the work's date (fields/entry.py)
    dates = [text[g.start : g.end] for g in segs if g.label == "date" and not (acc and acc[0] - 1 <= g.start and g.end <= acc[1] + 1)]
    if f.year:
        csl["issued"] = {"date-parts": [[int(f.year)]]}
        span = next((m for d in dates if (m := _YEAR_SPAN.fullmatch(d.strip(" .,()[]"))) and m.group(1) == f.year), None)
        if span and int(span.group(2)) > int(f.year):
            csl["issued"]["date-parts"].append([int(span.group(2))])  # "1954-1967": a set published over years (CSL date range)
        elif f.issue_date and (day := date_parts(f.issue_date)) and day[0] == int(f.year):
            csl["issued"] = {"date-parts": [day]}  # "… Le Monde, March 3.": the issue's month and day (fields/entry.py)
        if f.year_suffix:
            csl["year-suffix"] = f.year_suffix
    elif dates:
        csl["issued"] = {"literal": dates[0]}
    if acc:
        csl["accessed"] = {"date-parts": [acc[2]]}
    if (orig := original_year(text, f.year)) is not None:
        csl["original-date"] = {"date-parts": [[int(orig)]]}
    for var, lab in (("URL", "url"), ("archive", "archive"), ("note", "note")):
        vals = [v for v in _text(text, segs, lab) if not (var == "URL" and f.doi and f.doi in v)]  # the DOI's link is the DOI
        if var == "URL":
            vals = [v.split()[0].rstrip(".,;(") for v in vals if v.split()]  # a URL has no space: "… (abgerufen am 3.3.2024" is not its own
        if vals:
            csl[var] = "; ".join(vals)
    csl["type"] = _csl_type(f, csl, dates)
    csl = {"id": key or _key(f), **csl}
    return csl


#: Two years joined by a dash, a set's first and last ("1954-1967", "1954–67" is left alone).
_YEAR_SPAN = re.compile(r"(1[4-9]\d\d|20\d\d)[ \t]*[-–][ \t]*(1[4-9]\d\d|20\d\d)")
#: A container that is a conference's proceedings ("Proc. Int. Conf. …", "Proceedings of the …",
#: "Actes du colloque", "Tagungsband"): CSL paper-conference (CSL 1.0.2 Appendix III; IEEE 2021
#: guide).  The one pattern ``citekit extract`` uses too (resolve._record_type, issue 11).
_PROCEEDINGS = PROCEEDINGS_CONTAINER


def _csl_type(f: Fields, csl: dict[str, Any], dates: list[str]) -> str:
    """A CSL type from the fields present (CSL 1.0.2 Appendix III)."""
    if csl.get("archive") and not f.publisher:
        return "manuscript"
    if f.container and _PROCEEDINGS.search(f.container) and not f.issue:  # "Proc. Natl. Acad. Sci. 117, no. 3": a journal
        return "paper-conference"
    if f.container:
        if f.editors or f.publisher or f.place:
            return "chapter"
        if dates and re.search(r"[^\W\d_]{3,}\.?\s*\d{1,2}\b|\b\d{1,2}\.?\s+[^\W\d_]{3,}", dates[0]):
            return "article-newspaper"
        return "article-journal"
    return "book"


def _key(f: Fields) -> str:
    """A readable key: first family name, year, first title word (``service1995lenin``)."""
    from ..knowledge import fold

    fam = fold(f.creator_surnames[0]).replace(" ", "") if f.creator_surnames else ""
    word = next((w for w in fold(f.title or "").split() if len(w) > 3), "")
    return (fam + (f.year or "") + word) or "untitled"


def parse_reference(text: str) -> Record:
    """Parse one reference or citation string into a CSL-JSON :class:`Record`.

    ``text``: one reference-list entry or one citation (a note, a parenthesis's inside).
    Returns a Record whose ``csl`` holds the CSL-JSON item (``id`` a readable key,
    ``type`` inferred); a blank or unparseable string gives a record with only a
    ``note`` holding the text.  Raises :class:`~citekit.fields.ModelError` when the
    model file is missing.  Labels come from the CRF (docs/field-parser.md).
    """
    s = _reference_text(text)
    return _reference_record(s, segments(s) if s else [])


def _reference_text(text: str) -> str:
    """The string :func:`parse_reference` labels: white space collapsed, a note number and an
    opening relation word dropped."""
    s = " ".join(text.split())
    m = _NOTE_NUMBER.match(s)
    if m:
        s = s[m.end() :]
    from .. import patterns as P

    m = P.RELATION_PREFIX.match(s)  # "See", "Vgl.", "Cf.": how a note relates the work, not the work
    if m and m.end() < len(s):
        s = s[m.end() :]
    return s


def _reference_record(s: str, segs: list[Segment]) -> Record:
    """The :class:`Record` of the labelled string ``s`` (see :func:`parse_reference`)."""
    csl = record_from_segments(s, segs) if segs else {}
    if not csl or set(csl) <= {"id", "type", "note"}:
        csl = {"id": "untitled", "type": "document", "note": s}
    return Record(csl["id"], csl)


def _parse_many(lines: list[str]) -> list[Record]:
    """:func:`parse_reference` of each line, the strings labelled together
    (:func:`citekit.fields.crf.segments_many`: the same labels, fewer NumPy steps)."""
    from .crf import segments_many

    ss = [_reference_text(t) for t in lines]
    return [_reference_record(s, g) for s, g in zip(ss, segments_many(ss))]


def parse_references(lines: Iterable[str], *, jobs: int | None = 1) -> list[Record]:
    """:func:`parse_reference` over many strings, keys made unique (``key``, ``key-2``, …) in input order.
    ``jobs``: processes to parse in (``None``: all cores), forked once the model is loaded, for
    400 strings or more (:func:`citekit.corpus.map_in_order`); the result is the same."""
    lines = list(lines)
    if jobs == 1:
        parsed = _parse_many(lines)
    else:
        from ..corpus import map_in_order

        from .crf import load_for_many

        def warm_up() -> None:  # patterns compiled, the model and its dict loaded: shared with the workers
            parse_reference("Carr, E. H. The Bolshevik Revolution. London, 1950.")
            load_for_many()

        parsed = map_in_order(_parse_many, lines, jobs=jobs, warm_up=warm_up)
    out: list[Record] = []
    seen: dict[str, int] = {}
    for r in parsed:
        k = r.key
        if k in seen:
            seen[k] += 1
            k = f"{k}-{seen[r.key]}"
            r = Record(k, {**r.csl, "id": k})
        else:
            seen[k] = 1
        out.append(r)
    return out


def parse_lines_output(lines: list[str], fmt: str = "csljson", *, jobs: int | None = None) -> str:
    """What ``citekit parse`` prints for ``lines``: ``csljson`` a JSON array of CSL-JSON items
    (one per line, in order; a blank line gives ``{"id": "line-N", "type": "document", "note": ""}``),
    ``json`` each line's text, labelled segments (label, start, end, text; character offsets
    into the line) and item, or ``bibtex``/``biblatex`` entries.  ``jobs``: as for
    :func:`parse_references` (default: all cores for 400 lines or more)."""
    import json

    records = parse_references(lines, jobs=jobs)
    items = []
    for n, (line, r) in enumerate(zip(lines, records), 1):
        item = dict(r.csl)
        if not line.strip():
            item = {"id": f"line-{n}", "type": "document", "note": ""}
        elif item.get("id") == "untitled" or item["id"].startswith("untitled-"):
            item["id"] = f"line-{n}"
        items.append(item)
    if fmt == "csljson":
        return json.dumps(items, ensure_ascii=False, indent=2)
    if fmt == "json":
        rows = []
        for line, item in zip(lines, items):
            s = " ".join(line.split())
            segs = segments(s) if s else []
            rows.append({"text": s, "segments": [{"label": g.label, "start": g.start, "end": g.end, "text": s[g.start : g.end]} for g in segs], "item": item})
        return json.dumps(rows, ensure_ascii=False, indent=2)
    from ..render import Bibliography

    return Bibliography([i for i in items if set(i) - {"id", "type", "note"}]).to_bibtex(biblatex=fmt == "biblatex")


def _folded(s: str | None) -> str:
    from ..knowledge import fold

    return " ".join(fold(s or "").replace(".", " ").replace(",", " ").split())


def _swallows(big: str | None, small: str | None) -> bool:
    """``big`` holds all of ``small`` and more words (the CRF ran one field into the next)."""
    b, sm = _folded(big), _folded(small)
    return bool(sm) and sm in b and b != sm


#: A person's name with initials ("L. A. Coser", "J.-P. Sartre"): never a container title.
_PERSON = re.compile(r"(?:[^\W\d_]\.(?:-?[^\W\d_]\.)?\s*){1,3}[^\W\d_][\w’'\-]+")

#: A CRF field whose least sure token has a marginal probability below this yields to a value
#: the rules read for the same field (the CRF is unsure exactly where the rules are surest:
#: name-and-title boundaries of short notes such as "Robert Service, Lenin: A Political Life").
SURE = 0.5


def disagree(rules: Fields, learned: Fields) -> bool:
    """Do the two parses read different authors or a different title (where both read one)?
    Only then does :func:`combine` need the CRF's confidences."""
    return bool(
        (rules.authors and learned.authors and [n.key for n in rules.authors] != [n.key for n in learned.authors])
        or (rules.title and learned.title and _folded(rules.title) != _folded(learned.title))
    )


def _runs_into_fields(big: str, small: str, rules: Fields, authors_text: str | None) -> bool:
    """Do the words ``big`` has beyond ``small`` belong to other fields the rules read (names,
    place, publisher, container), hold a number or a locator word ("EH Carr The Bolshevik
    revolution Vol 3", "Writings 1937-38, pp")?
    Otherwise ``big`` is the fuller title ("Printing, Writers and Readers in Renaissance Italy"
    where the rules cut at the first comma)."""
    extra = set(_folded(big).split()) - set(_folded(small).split())
    other = set()
    for v in (authors_text, rules.place, rules.publisher, rules.container):
        other.update(_folded(v).split())
    from .gazetteer import LOCATOR_TERMS

    return bool(extra & other) or any(any(c.isdigit() for c in w) or w in LOCATOR_TERMS for w in extra)


def _cut_open_bracket(t: str) -> str:
    """A title ends before a bracket it opens and never closes: the imprint parenthesis that
    follows a title in a note (Chicago Manual 14.68), "… Change (Cambridge: Cambridge University"."""
    for o, c in (("(", ")"), ("[", "]")):
        k = t.rfind(o)
        if k >= 0 and t.find(c, k) < 0:
            t = t[:k]
    return _strip_title(t)


def _strip_title(t: str) -> str:
    """``t`` without the quotes, brackets and punctuation around it (:data:`_TITLE_STRIP`), but
    with a closing bracket that closes one the title opened: "Ouvriers du temps passé
    (XVe-XVIe siècles)" keeps its subtitle's bracket."""
    s = t.strip(_TITLE_STRIP)
    for o, c in (("(", ")"), ("[", "]")):
        k = s.rfind(o)
        if k > 0 and s.find(c, k) < 0:
            e = t.find(c, t.find(s) + len(s))
            if e >= 0 and not t[t.find(s) + len(s) : e].strip():
                return s + c
    return s


def combine(rules: Fields, learned: Fields, confidence: dict[str, float] | None = None) -> Fields:
    """One :class:`Fields` from the hand rules' parse and the CRF's parse of the same string.

    The rules know what the knowledge base knows (declared and conventional
    abbreviations such as ``LCW`` or ``VI Lenin CW``, short-form keywords) and read
    locators with the locator grammar (citekit/locators.py); the CRF reads the fields of
    forms no rule was written for (measured on held-out data: ``benchmarks/field_accuracy.py``).
    So: a citation by abbreviation or short form keeps the rules' parse whole; otherwise the
    CRF gives authors, title, container, place, publisher, year and edition where it found
    them, the rules give volume and pages, and each fills what the other lacks — except where
    the CRF's field *swallows* the rules' narrower one together with a neighbouring field
    (unpunctuated notes such as "L Trotsky Kronstadt New York 1971, p82", where a CRF author
    runs on into the title): there the two disagree on a boundary the rules saw, and the
    rules' field stands.
    """
    if rules.abbreviation or rules.short or rules.periodical or rules.keyed:
        return rules
    out: dict[str, Any] = {}
    conf = confidence or {}  # None: the parses agree, or the caller did not ask for confidences
    authors_ok = bool(learned.authors) and not (rules.authors and conf.get("author", 1.0) < SURE)
    if authors_ok and rules.editors and not rules.authors and {n.key for n in learned.authors} <= {n.key for n in rules.editors}:
        authors_ok = False  # "R Blackburn (ed) After the fall": the rules saw the editor mark
    if authors_ok and rules.authors:
        if _swallows(rules.authors_text, learned.authors_text):
            authors_ok = False  # the CRF cut a name short ("J-P" of "J-P Sartre")
        elif _swallows(learned.authors_text, rules.authors_text):
            # the CRF's names run on: into the title ("L Trotsky Kronstadt": keep the rules'), or over
            # names the rules missed ("Binns, Cliff and Harman": keep the CRF's, whose title is elsewhere)
            extra = set(_folded(learned.authors_text).replace(_folded(rules.authors_text), " ").split())
            title_words = {w for w in _folded(learned.title or rules.title).split() if len(w) > 2}
            authors_ok = not (extra & title_words)
    if authors_ok:
        out["authors"] = learned.authors
        out["authors_text"] = learned.authors_text
        out["et_al"] = learned.et_al
        if rules.authors and [n.key for n in rules.authors] == [n.key for n in learned.authors]:
            out["authors"] = rules.authors  # same people: keep the rules' given names (initials normalised)
    authors_text = out.get("authors_text", rules.authors_text)
    title_ok = bool(learned.title) and not (rules.title and conf.get("title", 1.0) < SURE) and not (
        _swallows(learned.title, authors_text)
        or any(v and _swallows(learned.title, v) for v in (rules.place, rules.container, rules.publisher))
        or (rules.title and _swallows(learned.title, rules.title) and _runs_into_fields(learned.title, rules.title, rules, authors_text))
    )
    years_named = False
    if title_ok and learned.authors and not authors_ok and rules.title and _swallows(rules.title, learned.title):
        title_ok = False  # the CRF's names ran into the title the rules read whole ("Lenin: A Political Life")
    if title_ok and rules.title and _swallows(rules.title, learned.title):
        rest = _folded(rules.title).replace(_folded(learned.title), " ")
        # "Writings 1929", "Collected Works 1935-36": a volume named by its years belongs to the title
        years_named = bool(rest.strip()) and all(w.replace("-", "").isdigit() for w in rest.split())
        title_ok = not years_named
    if title_ok:
        out["title"] = learned.title
        out["item_title"] = None  # the CRF's title + container replace the rules' title + item
        out["name_or_title"] = None
    if rules.item_title and (
        any(v and _folded(v) in _folded(rules.item_title) for v in (learned.place, learned.publisher, learned.year))
        or not any(ch.isalnum() for ch in rules.item_title)
        or _cut_open_bracket(rules.item_title) != _strip_title(rules.item_title)
    ):
        out["item_title"] = None  # the rules took the imprint for an item title ("(Bloomington: Indiana University")
    title = out.get("title", rules.title)
    if learned.container and not (_swallows(learned.container, title) or _folded(learned.container) == _folded(title) or _swallows(learned.container, authors_text)):
        out["container"] = learned.container
    elif rules.container and not learned.container and (
        (learned.publisher and _folded(rules.container) in _folded(learned.publisher)) or _PERSON.fullmatch(rules.container.strip())
    ):
        # APA 7 10.2 "Title. Publisher." / "(L. A. Coser, Trans.)": what the rules took for a
        # container is the publisher or a translator the CRF labelled as such
        out["container"] = None
    for name in ("place", "publisher", "year", "edition", "editors"):
        lv = getattr(learned, name)
        if name == "year" and (years_named or rules.year):
            continue  # a year the rules read (after a place, in brackets) stands: titles hold years too
        if lv and not (name == "place" and rules.place and _swallows(lv, rules.place)):
            out[name] = lv
    if learned.year and not rules.year and not years_named:
        out["year_suffix"] = learned.year_suffix
    for name in ("volume", "pages", "page_label", "issue"):
        if name in ("pages", "page_label") and rules.locator_label:
            continue  # the grammar read a locator of another label ("ch. 13"): not pages
        if name == "volume" and years_named:
            continue
        if name in ("volume", "issue") and conf.get(name, 1.0) < SURE:
            continue  # an unsure CRF number is no volume ("Université Lumière Lyon 2": 0.37)
        if getattr(rules, name) is None and getattr(learned, name) is not None:
            out[name] = getattr(learned, name)
    rp = rules.pages
    if rp and not rules.locator_label:
        if learned.volume and rp.startswith(learned.volume + ",") and rules.volume in (None, learned.volume):
            # "Control Systems, 14, 57-71" (APA 7 10.1): the rules read the journal's volume as the
            # first page of a list; the CRF labelled it a volume
            out["volume"] = learned.volume
            out["pages"] = learned.pages or rp[len(learned.volume) + 1 :]
        elif rp.isdigit() and len(rp) == 4 and rp in (rules.year, learned.year):
            out["pages"] = learned.pages  # "…, 1(1), 1983.": the year is no page
    final = out.get("title", rules.title)
    if final and _cut_open_bracket(final) != _strip_title(final):
        out["title"] = _cut_open_bracket(final) or None  # the rules' title ran into the imprint
    place, publisher = out.get("place", rules.place), out.get("publisher", rules.publisher)
    if place and publisher and _folded(publisher).endswith(" " + _folded(place)):
        out["place"] = None  # "Press" of "Cambridge University Press": the publisher's last word
    return attrs_evolve(rules, **out)


def attrs_evolve(f: Fields, **changes: Any) -> Fields:
    import attrs

    return attrs.evolve(f, **changes) if changes else f
