"""Facts of a reference-list entry (or a full note) that the labelled segments leave implicit.

The CRF (:mod:`citekit.fields.crf`) says where the author, title, place and publisher are; the
words *around* its runs carry facts it has no label for (issue 11, eighth outside test):

* a role mark after the names — "Diba, Layla S., ed.", "Coing, Helmut (Hg.):", "(Eds.).",
  "(dir.)", "(a cura di)", "(org.)", "(red.)", "(trans.)" — makes them editors or translators
  (Chicago Manual 17th ed. 14.103; APA 7th ed. 10.2; DIN 1505-2; the French, Italian,
  Portuguese and Polish marks of their national conventions);
* APA's role list inside the title's parenthesis, "(L. A. Coser, Ed. & Trans.)", "(H. Arendt,
  Ed.; H. Zohn, Trans.)" (APA 7th ed. 9.39–9.40): editor and translator, never a family "&";
* a bracket that closes right after a title run: "(siglos VI-XIII)", "(XVe-XVIe siècles)" are the
  title's, not an imprint (the CRF leaves the ")" out of its run);
* "91(874)": the number in brackets after a journal's volume is its issue (APA 7th ed. 9.25);
* "https://doi.org/10.…" / "doi:10.…": the DOI (CSL ``DOI``, without the resolver's address);
* "2 vols.", "2 Bde.", "2 t.", "3 voll.", "2 tomos": the number of volumes of a set (CSL
  ``number-of-volumes``; Chicago 14.121), never a volume cited and never part of the title;
* "Exhibition catalogue", "Ausstellungskatalog", "PhD diss." as a sentence of the title: the
  work's genre (CSL ``genre``), not its title;
* "New York: Brooklyn Museum of Art; London: I. B. Tauris": two publishers, each with its place,
  joined as Zotero and citeproc-js keep them in CSL-JSON ("Brooklyn Museum of Art; I. B. Tauris",
  place "New York; London": citeproc-js prints each place with its publisher);
* a corporate author ("Royal Academy of Arts.") is a CSL ``literal`` name, not given + family;
* "(Original work published 1950)": that year is the original's (CSL ``original-date``), the
  other the edition's.

:func:`entry_segments` rewrites runs (``fields_from_segments`` calls it before reading them);
:func:`entry_fields` completes the :class:`~citekit.model.Fields` read from them.  Both are
used by ``citekit parse`` and by the reference lists of ``citekit extract`` alike, so the two
read an entry the same way.  Patterns are linear (no nested quantifiers) and lazily compiled.
"""

from __future__ import annotations

import re

import attrs

from .. import patterns as P
from ..dates import date_span
from ..model import Fields, Name
from ..parse import edition_and_original, is_institution, keyword_text
from .crf import Segment

#: A role mark right after the names (group ``role``): ", ed.", " (Hg.)", " (Eds.).", "(dir.)",
#: "(a cura di)", "(coord.)", "(org.)", "(red.)", "(trans.)", "(Übers.)"; the end of a word after it.
_ROLE_AFTER = P.LazyPattern(
    r"""[ \t]*\.?[ \t]*,?[ \t]*\(?[ \t]*
        (?P<role>eds?|edd|editors?|hgg?|hrsg|dirs?|[ée]ds?|coords?|comps?|orgs?|red|a[ \t]cura[ \t]di
                 |trans|transl|tr|übers|trad)
        \.?[ \t]*\)?(?![^\W\d_])""",
    re.IGNORECASE | re.VERBOSE,
)
#: The same mark closing an author run that the CRF let run over it: "Gall, Lothar (Hg.)".
_ROLE_AT_END = P.LazyPattern(
    r"(?:,[ \t]*|[ \t]*\([ \t]*)(?P<role>eds?|edd|editors?|hgg?|hrsg|dirs?|[ée]ds?|coords?|comps?|orgs?|red|a[ \t]cura[ \t]di"
    r"|trans|transl|tr|übers|trad)\.?[ \t]*\)?[ \t]*$",
    re.IGNORECASE,
)
_TRANSLATOR_MARKS = frozenset("trans transl tr übers trad".split())

#: APA's roles after names inside a parenthesis (group ``roles``): ", Ed.", ", Eds.", ", Trans.",
#: ", Ed. & Trans.", ", Hrsg. & Übers.", ", éd. et trad." (APA 7th ed. 9.39–9.40).
_ROLE_LIST = P.LazyPattern(
    r""",[ \t]*(?P<roles>(?:eds?|trans|tr|hrsg|hg|übers|trad|dir|[ée]ds?|a[ \t]cura[ \t]di)\.?
        (?:[ \t]*(?:&|and|und|et|y|e)[ \t]*(?:eds?|trans|tr|hrsg|hg|übers|trad|[ée]ds?)\.?)?)[ \t]*$""",
    re.IGNORECASE | re.VERBOSE,
)

#: A bracket's inside that is no subtitle: an imprint (a colon, "London: Verso"; a year after a
#: comma or alone, "Paris, 1971", "1971", "n.d."), a series and its number ("Ius nostrum 11"), a
#: language or role note ("in Turkish", "Catalogo a cura di", "ed.", "trans.").
_NOT_SUBTITLE = P.LazyPattern(
    r""":|,[ \t]*(?:1[4-9]\d\d|20\d\d)|^[ \t]*(?:1[4-9]\d\d|20\d\d|n\.[ \t]?d\.?|s\.[ \t]?d\.?|o\.[ \t]?J\.?)[ \t]*$
        |(?<!\d)\d{1,3}[ \t]*$|^[ \t]*(?:in|en|auf|dans)[ \t]|(?<![^\W\d_])(?:a[ \t]cura|eds?\.|trans|transl|hrsg|hg\.|dir\.|trad|übers)""",
    re.IGNORECASE | re.VERBOSE,
)
#: A subtitle in brackets has a small letter ("siglos VI-XIII", "XVe-XVIe siècles") or is a span
#: of years ("1914-1918"); "(PACS)", "(R = 4 kpc)" are something else.
_SUBTITLE_INSIDE = P.LazyPattern(r"[a-zà-ÿ]{2}|\d{3,4}[ \t]*[-–][ \t]*\d{2,4}")

#: A DOI (group ``doi``) behind its resolver's address or a "doi:" label (DOI Handbook 3.8;
#: APA 7th ed. 9.34: "https://doi.org/10.1037/…"); the end of the entry's punctuation is not its own.
_DOI = P.LazyPattern(r"(?:https?://(?:dx\.)?doi\.org/|\bdoi:[ \t]*)(?P<doi>10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)

#: A count of volumes (group ``n``): "2 vols.", "2 vol.", "3 voll.", "2 Bde.", "2 Bände", "2 t.",
#: "2 tomes", "2 tomos", "2 tomi", "4 volumes" (Chicago 14.121; DIN 1505-2; French, Spanish and
#: Italian imprints).  A digit or word character on either side makes it something else.
_VOLUME_COUNT = P.LazyPattern(
    r"(?<![\w.])(?P<n>\d{1,3})[ \t\u00a0]+(?:vols?|volumes|voll|Bde|Bände|t|tt|tomes|tomos|tomi)(?![^\W\d_])\.?",
)

#: A range of volumes (groups ``a``, ``b``): "vols. 1-14", "Bde. 2–4", "voll. 1-3", "t. 1-5",
#: "tomes 1-3"; "1-14" is never pages then.
_VOLUME_RANGE = P.LazyPattern(
    r"(?<![^\W\d_])(?:vols?|volumes|voll|Bde|Bände|tt?|tomes?|tomos|tomi)\.?[ \t\u00a0]*(?P<a>\d{1,3})[ \t]*[-–][ \t]*(?P<b>\d{1,3})(?![\d-])",
    re.IGNORECASE,
)
#: The volume word the CRF left at a title's end before such a range: "Chartae Latinae Antiquiores. vols".
_VOLUME_WORD_END = P.LazyPattern(r"[ \t]*[.,;]?[ \t]*(?<![^\W\d_])(?:vols?|volumes|voll|Bde|Bände|tt?|tomes?|tomos|tomi)\.?[ \t]*$", re.IGNORECASE)

#: A sentence of a title that is the work's genre (group ``genre``): an exhibition catalogue or
#: a thesis, in English, German, French, Italian, Spanish and Portuguese (CSL ``genre``; Chicago
#: 14.113, 14.224; APA 7th ed. 10.6).
_GENRE = P.LazyPattern(
    r"""(?P<genre>(?:exhibition|exh\.)[ \t]+cat(?:alog(?:ue)?|\.)|Ausstellungskatalog|Ausst\.-Kat\.|Ausstellungskat\.
        |catalogue[ \t]+d['’][ \t]?exposition|cat\.[ \t]+(?:d['’][ \t]?)?expo(?:sition|\.)|catalogo[ \t]+della[ \t]+mostra
        |catálogo[ \t]+(?:de[ \t]+(?:la[ \t]+)?)?(?:exposición|exposição)
        |(?:Ph\.?[ \t]?D\.?|doctoral|MA|M\.A\.|master['’]?s)[ \t]+(?:diss(?:ertation|\.)?|thesis)|Diss\.|Dissertation|Habil\.|Habilitationsschrift
        |th[èe]se[ \t]+de[ \t]+doctorat|tesi[ \t]+di[ \t]+(?:dottorato|laurea)|tesis[ \t]+doctoral|tese[ \t]+de[ \t]+doutoramento)
        [ \t]*\.?$""",
    re.IGNORECASE | re.VERBOSE,
)

#: A web address as written in an entry: "https://…", "http://…" or MLA's bare "www.…" (MLA 9th
#: ed. 5.97 drops the scheme); up to white space or a bracket.
_URL = P.LazyPattern(r"(?:https?://|(?<![\w.])www\.)[^\s<>\"]{2,400}")
#: Words of a corporate body's name (CSL ``literal``): associations, foundations, museums,
#: parties, academies… in the languages of the corpus; :func:`citekit.parse.is_institution`
#: knows the public bodies and archives.
_BODY_WORD = P.LazyPattern(
    r"(?<![^\W\d_])(?:Association|Associazione|Asociación|Associação|Verband|Bund|Foundation|Fondation|Fondazione"
    r"|Fundación|Fundação|Stiftung|Organi[sz]ation|Organizzazione|Museum|Musée|Museo|Museu|Party|Partei|Parti|Partito"
    r"|Partido|League|Ligue|Lega|Liga|Congress|Kongress|Congrès|Congresso|Congreso|Agency|Cent(?:re|er)|Centro|Zentrum"
    r"|Board|Trust|Conference|Konferenz|Church|Kirche|Église|Chiesa|Iglesia|Chamber|Kammer|Chambre|Camera|Cámara"
    r"|Survey|Company|Corporation|Gesellschaft|Union|Unione|Unión|Arts)(?![^\W\d_])"
)


#: Countries and regions that follow a city in an imprint ("Toronto, Canada", "Basel, Schweiz"):
#: part of the place, never a publisher (a state code such as "MD", "N.Y." is caught by its capitals).
_REGIONS = frozenset(
    "canada usa england scotland wales ireland france germany deutschland italy italia spain españa portugal brasil brazil "
    "switzerland schweiz suisse svizzera austria österreich belgium belgique belgië netherlands nederland australia india "
    "japan china mexico méxico argentina chile colombia perú peru russia poland polska israel sweden norway denmark "
    "finland hungary greece czechia bavaria bayern catalunya cataluña galicia andalucía toscana lombardia sicilia "
    "slovenia croatia serbia romania bulgaria turkey egypt korea taiwan singapore scotland ukraine estonia latvia lithuania "
    "massachusetts california connecticut virginia maryland".split()
)


def entry_segments(text: str, segs: list[Segment]) -> list[Segment]:
    """``segs`` (runs over ``text``) with the role marks after author runs read (editor,
    translator), a title run closing its own bracket, an issue in brackets after a volume, a
    title opening with "In" or with a lower-case word and a colon, MLA's "Title. Publisher, Year."
    and "Translated by X, Publisher, Year.", and no run inside an access date."""
    if not segs:
        return segs
    segs = _no_runs_in_access_date(text, _in_opens_title(text, _colon_word_opens_title(text, segs)))
    segs = _body_opens_entry(text, _publisher_sentence(text, _publisher_after_role(text, segs)))
    return _issue_in_brackets(text, _bracketed_subtitle(text, _role_after_names(text, _title_before_role_list(text, segs))))


#: "In", "Im", "Dans", "En" between the names and the first title-like run, after the names'
#: full stop: the title's first word ("Evans, Richard J. In Defence of History", "Remarque, Erich
#: Maria. Im Westen nichts Neues"), not a container cue, which follows a title ("…" In The
#: Cambridge History of …", Chicago 14.107, MLA 9 2.1).
_IN_GAP = P.LazyPattern(r"[ \t]*\.[ \t]+(?:In|Im|Dans|En|Nel|Nella)[ \t]+$")
#: One to three words ending in a colon before the first run of an entry with no names:
#: "e-codices: Virtual Manuscript Library …", "arXiv: …" (the title's own first words).
_COLON_WORDS = P.LazyPattern(r"[ \t]*[^\W\d_][^\s:]{0,30}(?:[ \t][^\s:]{1,30}){0,2}:[ \t]+$")


def _body_opens_entry(text: str, segs: list[Segment]) -> list[Segment]:
    """The entry's first run relabelled "author" when it is a public body's or a society's name
    (:func:`~citekit.parse.is_institution`, :data:`_BODY_WORD`) that opens the entry, ends in a
    full stop and is followed by the title run, and the runs name no author: MLA's "Préfecture de
    police. “Rapport du préfet …” 3 June 1832, Archives nationales, …", "Conseil municipal de Lyon.
    « Délibération … »", "Ministero dell’Interno. “Relazione …”" (MLA Handbook 9th ed. 5.7, Chicago
    Manual 17th ed. 14.84, APA 7th ed. 9.11: a group author leads the entry).  The trained parser
    labels such a head "note" or anything else with low confidence."""
    if len(segs) < 2 or any(g.label in ("author", "editor") for g in segs):
        return segs
    g, nxt = segs[0], segs[1]
    head = text[g.start : g.end].strip(" .")
    if g.label == "title" or nxt.label != "title" or text[: g.start].strip() or text[g.end : nxt.start].strip(" \t.\u201c\u00ab\"\u2018\u201e") \
            or "." not in text[g.end : nxt.start + 1] or P.ANY_DIGIT.search(head) or not 2 <= len(head.split()) <= 8:
        return segs
    from ..parse import is_institution

    if not (is_institution(head) or _BODY_WORD.search(head)):
        return segs
    return [Segment("author", g.start, g.start + len(text[g.start : g.end].rstrip(" .")), g.confidence), *segs[1:]]


def _in_opens_title(text: str, segs: list[Segment]) -> list[Segment]:
    """The first title or container run, right after the names and "In" (:data:`_IN_GAP`) with no
    title before it, is the title and "In" its first word."""
    k = next((i for i, g in enumerate(segs) if g.label in ("title", "container-title")), None)
    if not k or segs[k - 1].label not in ("author", "editor"):
        return segs
    g = segs[k]
    m = _IN_GAP.match(text, segs[k - 1].end, g.start)
    if m is None or (g.label == "container-title" and any(o.label == "title" for o in segs)):
        return segs  # a title elsewhere: the run after "In" is its container
    gap = m.group(0)
    out = list(segs)
    out[k] = Segment("title", m.start() + len(gap) - len(gap.lstrip(" \t.")), g.end, g.confidence)
    return out


def _colon_word_opens_title(text: str, segs: list[Segment]) -> list[Segment]:
    """An entry with no run before its first title run, opening with a word or three and a colon
    (:data:`_COLON_WORDS`): those words open the title ("e-codices: Virtual Manuscript Library of
    Switzerland. [Online]." — IEEE 2021 reference guide, websites)."""
    first = min(segs, key=lambda g: g.start)
    if first.label != "title" or first.start == 0 or not _COLON_WORDS.fullmatch(text, 0, first.start):
        return segs
    return [Segment("title", len(text[: first.start]) - len(text[: first.start].lstrip()), g.end, g.confidence) if g is first else g for g in segs]


#: An access date (group ``date``, up to and with its year): "accessed Mar. 3, 2024", "Accessed:
#: Feb. 3, 2024", "Accessed 3 Mar. 2024" (IEEE, Chicago 14.15, MLA 9 5.116), "consulté le 3 mars
#: 2024", "abgerufen am 3.3.2024", "Zugriff am", "consultato il", "consultado el", "retrieved".
#: The date's words are a bounded run of one class before the year (linear).
_ACCESSED = P.LazyPattern(
    r"""(?<![^\W\d_])(?:(?:last[ \t])?accessed|retrieved|consulted|viewed|consult[ée](?:[ \t]le)?|abgerufen(?:[ \t]am)?
        |aufgerufen(?:[ \t]am)?|Zugriff(?:[ \t]am)?|Stand|consultato(?:[ \t]il)?|consultado(?:[ \t]el)?|visitato(?:[ \t]il)?)
        [ \t]*:?[ \t]*(?P<date>[^()\[\];\d]{0,20}?(?:\d{1,2}[ \t./-]{1,3})?[^()\[\];\d]{0,20}?(?:\d{1,2}[ \t.,/-]{1,3})?(?P<year>1[6-9]\d\d|20\d\d))(?!\d)""",
    re.IGNORECASE | re.VERBOSE,
)
#: Pieces of which a match of :data:`_ACCESSED` holds one (in :func:`~citekit.parse.keyword_text`'s form).
_ACCESS_WORDS = ("accessed", "retrieved", "consult", "viewed", "abgerufen", "aufgerufen", "zugriff", "stand", "visitato")
def access_date(text: str) -> tuple[int, int, list[int]] | None:
    """The access date of an entry (:data:`_ACCESSED`): (start, end) of the phrase in ``text``
    (character offsets, from the label "accessed" to the year or ISO day) and its CSL date-parts [year, month, day] (as far as
    written; "3.3.2024" is day.month.year, ISO "2024-03-03" year-month-day); None when there is
    none; the date read by :func:`citekit.dates.date_span` (one month table for the project).
    CSL ``accessed`` (CSL 1.0.2 appendix IV), never the work's ``issued``."""
    if not P.ANY_DIGIT.search(text):
        return None
    low = keyword_text(text)
    if not any(w in low for w in _ACCESS_WORDS):
        return None  # no label word: _ACCESSED cannot match (a pre-check, the same result)
    m = _ACCESSED.search(text)
    if m is None:
        return None
    year = int(m.group("year"))
    a = m.start("date")
    got = date_span(text[a : m.end("year") + 6])  # "2024-03-03": the ISO day runs past the year
    if got is not None and got[2][0] == year:
        return m.start(), max(m.end("year"), a + got[1]), got[2]
    return m.start(), m.end("year"), [year]


def _no_runs_in_access_date(text: str, segs: list[Segment]) -> list[Segment]:
    """Dates and numbers the CRF labelled inside an access date are no part of the work's date,
    volume or pages (:func:`access_date`)."""
    acc = access_date(text)
    if acc is None:
        return segs
    a, b, _ = acc
    return [g for g in segs if not (g.label in ("date", "volume", "issue", "locator") and g.start >= a - 1 and g.end <= b + 1)]


#: MLA 9's role phrases, written out (MLA Handbook 9th ed. 5.23-5.24): "Translated by", "edited by".
_MLA_ROLE = P.LazyPattern(r"(?:translated|edited|compiled|introduced)[ \t]+(?:and[ \t]+[a-z]+[ \t]+)?by[ \t]", re.IGNORECASE)


def _publisher_after_role(text: str, segs: list[Segment]) -> list[Segment]:
    """MLA 9 "Translated by William Weaver, Harcourt, 1981." / "edited by Franco Ricci, Dovehouse
    Editions, 1989": a place run after a translator or editor run and a comma, with no publisher
    run, is the publisher (MLA 9 2.88: no place of publication), unless the gazetteer knows it as
    a place ("Trans. X, London, 1950")."""
    if any(g.label == "publisher" for g in segs):
        return segs
    from .record import _is_known_place

    out = list(segs)
    for k in range(1, len(out)):
        g, prev = out[k], out[k - 1]
        if g.label == "place" and prev.label in ("translator", "editor") and text[prev.end : g.start].strip() == "," \
                and _MLA_ROLE.match(text, prev.start) and not _is_known_place(text[g.start : g.end]):
            out[k] = Segment("publisher", g.start, g.end, g.confidence)
            break
    return out


#: The last sentence of a title run: one to five words, the first a capital (a publisher's name,
#: "Granta", "Propyläen", "Harvard UP"), group ``who``; digits and brackets are no part of it.
_LAST_SENTENCE = P.LazyPattern(r"(?:(?<=[^\W\d_]{2}\.)|(?<=[^\W\d_][?!]))[ \t]+(?P<who>[A-Z\u00c0-\u00de][^\d.,;:()\[\]?!\"“”]{0,40}?)[ \t]*$")


def _publisher_sentence(text: str, segs: list[Segment]) -> list[Segment]:
    """MLA 9 "Title. Publisher, Year." (MLA Handbook 9th ed. 5.3, 2.88: no place): when the CRF ran
    the publisher into the title ("In Defence of History. Granta", "Im Westen nichts Neues.
    Propyläen") and a date follows after a comma at the entry's end, with no place or publisher
    run, the title's last sentence is the publisher (the place, if the gazetteer knows it:
    Chicago's "London, 1950")."""
    if any(g.label in ("place", "publisher", "container-title") for g in segs):
        return segs
    titles = [k for k, g in enumerate(segs) if g.label == "title"]
    if len(titles) != 1 or titles[0] + 1 >= len(segs):
        return segs
    k = titles[0]
    t, d = segs[k], segs[k + 1]
    if d.label != "date" or not re.search(r"1[4-9]\d\d|20\d\d", text[d.start : d.end]) or text[t.end : d.start].strip() != "," or text[d.end :].strip(" .") or text[t.start - 1 : t.start] in "“\"«":
        return segs
    m = _LAST_SENTENCE.search(text, t.start, t.end)
    if m is None or len(m.group("who").split()) > 5 or m.start() - t.start < 3:
        return segs
    from .record import _ROLE_OPENING, _is_known_place

    who = m.group("who")
    before = text[t.start : m.start()]
    if _ROLE_OPENING.match(who) or _GENRE.match(who) or before.rstrip().endswith(("”", '"', "»")) or who.split()[0].lower() in ("a", "an", "the", "vol", "vols", "part"):
        return segs
    label = "place" if _is_known_place(who) or _is_known_place(who.replace("-", "")) else "publisher"  # "Pa-dova": a line-end hyphen
    out = list(segs)
    out[k : k + 1] = [Segment("title", t.start, t.start + len(before.rstrip(" .")), t.confidence), Segment(label, m.start("who"), m.end("who"), t.confidence)]
    return out


def _title_before_role_list(text: str, segs: list[Segment]) -> list[Segment]:
    """An editor or translator run that took in the title before APA's role parenthesis,
    "Economy and society (G. Roth & C. Wittich, Eds.", is split there: the title, then the names
    (APA 7th ed. 9.39: the names and roles in brackets after the title)."""
    out: list[Segment] = []
    for g in segs:
        run = text[g.start : g.end]
        at = run.find(" (")
        if g.label in ("editor", "translator") and at > 0 and ")" not in run[at:] and _ROLE_LIST.search(run) \
                and not any(o.label == "title" for o in out):
            out.append(Segment("title", g.start, g.start + at, g.confidence))
            out.append(Segment(g.label, g.start + at + 2, g.end, g.confidence))
        else:
            out.append(g)
    return out


def _role_after_names(text: str, segs: list[Segment]) -> list[Segment]:
    out = list(segs)
    for k, g in enumerate(out):
        if g.label != "author":
            continue
        inside = _ROLE_INSIDE.search(text, g.start, g.end)
        if inside and k + 1 < len(out) and out[k + 1].label == "title" and not text[inside.end() : g.end].count(","):
            # "Rosenthal, Gisela, ed. Art Nouveau: Catalogue …": the run went on over the mark
            # into the title; the names before the mark are the editor's, the words after it the title's
            nxt = out[k + 1]
            out[k] = Segment("editor", g.start, inside.start(), g.confidence)
            out[k + 1] = Segment("title", inside.end(), nxt.end, min(g.confidence, nxt.confidence))
            continue
        end = out[k + 1].start if k + 1 < len(out) else len(text)
        m = _ROLE_AFTER.match(text, g.end, end) or _ROLE_AT_END.search(text, g.start, g.end)
        if m:
            label = "translator" if m.group("role").lower().rstrip(".") in _TRANSLATOR_MARKS else "editor"
            out[k] = Segment(label, g.start, g.end, g.confidence)
    return out


#: An English editor mark inside a run, between the names and a capitalised word: ", ed. Art",
#: ", eds. The" (Chicago 14.103 bibliography form).
_ROLE_INSIDE = P.LazyPattern(r",[ \t]*(?:eds?|Hg|Hrsg)\.[ \t]+(?=[A-Z\u00c0-\u00de])")


#: A conference's acronym in a container's brackets, perhaps with its year: "ICPR", "ICDAR 2017".
_ACRONYM_INSIDE = P.LazyPattern(r"[A-Z][A-Za-z&-]{1,15}(?:[ \t'’]?\d{2,4})?")


def _bracketed_subtitle(text: str, segs: list[Segment]) -> list[Segment]:
    out = list(segs)
    for k, g in enumerate(out):
        if g.label == "container-title":
            run = text[g.start : g.end]
            at = run.rfind("(")
            if at > 0 and run.find(")", at) < 0 and _ACRONYM_INSIDE.fullmatch(run, at + 1) and text[g.end : g.end + 1] == ")":
                out[k] = Segment(g.label, g.start, g.end + 1, g.confidence)  # "Proc. Int. Conf. Pattern Recognit. (ICPR)"
            continue
        if g.label != "title":
            continue
        run = text[g.start : g.end]
        at = run.rfind("(")  # round brackets only: square ones hold the editor's additions ("[G. Renier]", "[1902]")
        if at <= 0 or run.find(")", at) >= 0 or not text[g.end : g.end + 3].lstrip().startswith(")"):
            continue
        inside = run[at + 1 :]
        if _SUBTITLE_INSIDE.search(inside) and not _NOT_SUBTITLE.search(inside):
            out[k] = Segment(g.label, g.start, text.index(")", g.end) + 1, g.confidence)
    return out


def _issue_in_brackets(text: str, segs: list[Segment]) -> list[Segment]:
    out = list(segs)
    for k in range(len(out) - 1):
        v, n = out[k], out[k + 1]
        if v.label == "volume" and n.label in ("locator", "volume") and text[v.end : n.start].strip() == "(" and text[n.end : n.end + 2].lstrip().startswith(")"):
            if text[n.start : n.end].isdigit():
                out[k + 1] = Segment("issue", n.start, n.end, n.confidence)
    return out


def role_names(raw: str, label: str) -> tuple[list[Name], list[Name]] | None:
    """(editors, translators) named by an editor or translator run that lists its roles, APA's
    "L. A. Coser, Ed. & Trans." / "H. Arendt, Ed.; H. Zohn, Trans." / "R. Nice, Trans."; None
    when ``raw`` gives no role of its own (its run's ``label`` tells it)."""
    from .record import _names

    parts = [p for p in raw.split(";") if p.strip()]
    found = [(_ROLE_LIST.search(p.strip()), p.strip()) for p in parts]
    if not any(m for m, _ in found):
        return None
    editors: list[Name] = []
    translators: list[Name] = []
    for m, p in found:
        words = set(re.findall(r"[^\W\d_]+", m.group("roles").lower())) if m else {"ed" if label == "editor" else "trans"}
        names = _names(p[: m.start()] if m else p)[0]
        if words & _TRANSLATOR_MARKS:
            translators.extend(names)
        if words & _EDITOR_WORDS:
            editors.extend(names)
    return editors, translators


_EDITOR_WORDS = frozenset("ed eds éd éds hrsg hg dir cura".split())


def entry_fields(text: str, segs: list[Segment], f: Fields) -> Fields:
    """``f`` (read from ``segs`` over ``text``) with the facts the runs leave implicit (module
    docstring): role lists, DOI, number of volumes, genre, a second publisher, a corporate
    author and the original-date year.  ``f`` unchanged when there are none."""
    changes: dict = {}
    # editors and translators named with their roles ("(L. A. Coser, Ed. & Trans.)")
    eds: list[Name] = []
    trs: list[Name] = []
    listed = False
    for g in segs:
        if g.label in ("editor", "translator"):
            got = role_names(text[g.start : g.end], g.label)
            if got is None:
                from .record import _names

                raw = text[g.start : g.end]
                tail = _ROLE_AT_END.search(raw)  # "Mattoso, José (coord." : the mark is no name
                (eds if g.label == "editor" else trs).extend(_names(raw[: tail.start()] if tail else raw)[0])
            else:
                listed = True
                eds.extend(got[0])
                trs.extend(got[1])
    if (listed or eds) and tuple(eds) != f.editors:
        changes["editors"] = tuple(eds)
    if trs and not f.translators:
        changes["translators"] = tuple(trs)
    # a corporate author, written whole (no inverted name): CSL literal
    if f.authors and f.authors_text and "," not in f.authors_text and len(f.authors_text.split()) >= 2:
        body = f.authors_text.strip(" .,;:")
        if is_institution(body) or _BODY_WORD.search(body):
            changes["authors"] = (Name(literal=body),)
    elif not f.authors and not f.editors and f.title and ". " in f.title[:90]:
        body, _, rest = f.title.partition(". ")
        words = body.split()
        if 2 <= len(words) <= 8 and rest and not P.ANY_DIGIT.search(body) and sum(w[:1].isupper() for w in words) >= 2 \
                and (is_institution(body) or _BODY_WORD.search(body)) and text.lstrip().startswith(body):
            # "Deutsches Historisches Museum. Bismarck: …": the body that opens the entry is its author
            changes["authors"], changes["authors_text"], changes["title"] = (Name(literal=body),), body, rest
    if "doi" in text.lower():
        m = _DOI.search(text)
        if m:
            changes["doi"] = m.group("doi").rstrip(".,;)")
    title = changes.get("title", f.title)
    m = _VOLUME_COUNT.search(text) if P.ANY_DIGIT.search(text) else None
    if m:
        changes["number_of_volumes"] = m.group("n")
        if title and title.rstrip(" .").endswith(m.group(0).rstrip(".")):
            title = title.rstrip(" .")[: -len(m.group(0).rstrip("."))].rstrip(" ,;.")
        if f.volume == m.group("n") and not re.search(r"(?i)\b(?:vol|bd|t|tome|band)\.?[ \t]*" + m.group("n") + r"\b", text):
            changes["volume"] = None
    r = _VOLUME_RANGE.search(text) if m is None and P.ANY_DIGIT.search(text) else None
    if r and int(r.group("a")) < int(r.group("b")):
        span = f"{int(r.group('a'))}-{int(r.group('b'))}"
        if r.group("a") == "1":
            changes["number_of_volumes"] = r.group("b")  # "vols. 1-14": the whole set, 14 volumes (Chicago 14.121)
            if f.volume == "1":
                changes["volume"] = None
        else:
            changes["volume"] = span  # "vols. 3-5": the volumes cited
        if f.pages and f.pages.replace("–", "-").replace(" ", "") == span:
            changes["pages"] = changes["page_label"] = None
        if title:
            title = _VOLUME_WORD_END.sub("", title) or title
    if title and ". " in title:
        pieces = title.split(". ")
        genre = [p for p in pieces if _GENRE.match(p.strip())]
        if genre and len(genre) < len(pieces):
            changes["genre"] = genre[0].strip().rstrip(".")
            title = ". ".join(p for p in pieces if p not in genre)
    if title != changes.get("title", f.title):
        changes["title"] = title or None
    places = [text[g.start : g.end] for g in segs if g.label == "place"]
    if f.place and not f.publisher and ", " in f.place:
        from .record import _is_known_place

        where, _, who = f.place.partition(", ")
        if (_is_known_place(where) or len(where.split()) == 1) and who[:1].isupper() and not _is_known_place(who) and not P.ANY_DIGIT.search(who) \
                and not (who.replace(".", "").isupper() and len(who) <= 6) and who.lower() not in _REGIONS:
            # "Barcelona, Labor, 1980" (the Spanish, Italian and French comma imprint): place, publisher
            changes["place"], changes["publisher"] = where, who
    publishers = [text[g.start : g.end] for g in segs if g.label == "publisher"]
    if len(publishers) >= 2 and _joined_imprints(text, segs):
        changes["publisher"] = "; ".join(publishers)
        if len(places) == len(publishers):
            changes["place"] = "; ".join(places)
    if f.year:
        year, orig = edition_and_original(text, f.year)
        if orig and year != f.year:
            changes["year"], changes["original_year"], changes["year_suffix"] = year, orig, None
    changes.update(_online(text, segs, changes.get("year", f.year), changes.get("doi", f.doi)))
    out = attrs.evolve(f, **changes) if changes else f
    return with_issue_day(out, text)  # "Le Monde, March 3.": the issue's day, no page (issue 11)


def _online(text: str, segs: list[Segment], year: str | None, doi: str | None) -> dict:
    """The web address, access date and full publication date of an entry (issue 11): MLA 9th
    ed. 5.93–5.98 ("…, 10 Oct. 2012, www.example.org/post. Accessed 3 Mar. 2024."), Chicago
    17th ed. 14.206 ("accessed March 3, 2024, https://…"), APA 7th ed. 9.16 ("Retrieved March 3,
    2024, from https://…"), DIN ISO 690 ("abgerufen am 3.3.2024", "Zugriff am …"), French
    "consulté le 12 mars 2024", Italian "consultato il …", Spanish "consultado el …", Portuguese
    "acesso em …", Dutch "geraadpleegd op …".  Keys of :class:`~citekit.model.Fields`: ``url``,
    ``accessed`` (the date as written), ``issue_date`` (a publication date with its month, in
    the year of the entry: CSL ``issued`` then holds month and day); empty when there are none."""
    out: dict = {}
    low = text.lower()
    if "www." in low or "://" in low:
        urls = [text[g.start : g.end].strip() for g in segs if g.label == "url"]
        urls = [u for u in urls if "www." in u.lower() or "://" in u] or [m.group(0) for m in _URL.finditer(text)]
        urls = [u.split()[0].rstrip(".,;()") for u in urls if u.split() and not (doi and doi in u)]  # no space in a URL: "…/ (abgerufen am" is not its own
        if urls:
            out["url"] = urls[0]
    from ..dates import date_span

    acc_at = access_date(text)  # the phrase "Accessed 3 Mar. 2024" (start, end, date-parts)
    if acc_at is not None:
        got = date_span(text[acc_at[0] : acc_at[1] + 6])
        out["accessed"] = text[acc_at[0] + got[0] : acc_at[0] + got[1]] if got else text[acc_at[0] : acc_at[1]]
    if year:
        for g in segs:
            if g.label != "date" or (acc_at and acc_at[0] <= g.start < acc_at[1]):
                continue
            got = date_span(text[g.start : g.end])
            if got is not None and len(got[2]) >= 2 and str(got[2][0]) == year:
                out["issue_date"] = text[g.start + got[0] : g.start + got[1]]
                break
    return out


#: The issue date that ends a newspaper or magazine entry of an author-date list, after its
#: title or container, without the year the entry's head gives (Chicago Manual 17th ed. 15.47,
#: 15.49: "The Times (London). 1848. “…” April 11.", "Smith, Jane. 2003. “…” Le Monde, March
#: 3.", "New Yorker, January 25, 68–74."; and as German, French, Italian and Spanish lists
#: write it: "3. März", "12 mars", "1er mai", "5 marzo", "12 de octubre").  Group ``date``: a
#: month word (3–10 letters, checked by :func:`citekit.dates.month_number`) with its day before
#: or after; ``pages`` an optional page or range after it.  A mark (",", ".", a closing quote
#: or bracket) stands before the date, so never a title's own words; bounded runs only (linear).
_ISSUE_DAY_END = P.LazyPattern(
    r"[.,;:)\]\u201c\u201d\u2019\u00bb\"'][ \t]+"
    r"(?P<date>(?:[0-3]?\d(?:er|º|°|\.)?[ \t]+(?:de[ \t]+)?)?[^\W\d_]{3,10}\.?(?:[ \t]+[0-3]?\d(?:st|nd|rd|th)?)?)"
    r"(?:,[ \t]*(?P<pages>\d{1,5}(?:[ \t]*[-\u2013][ \t]*\d{1,5})?))?[ \t]*\.?[ \t]*\Z"
)


def issue_day_end(text: str, year: str | None) -> tuple[int, int, str, str | None] | None:
    """The issue date that ends the entry ``text`` (:data:`_ISSUE_DAY_END`): ``(start, end,
    date, pages)`` — the character offsets of the date as written ("April 11"), that date with
    the entry's ``year`` after it ("April 11 1848", which :func:`citekit.dates.date_parts`
    reads as ``[1848, 4, 11]``), and the pages after it or None.  None without a year, without
    a day and month, or when the month word is none (:mod:`citekit.dates`)."""
    if not year or not text:
        return None
    from ..dates import date_parts

    tail = max(0, len(text) - 60)  # the date and pages are short: the end of the entry only
    m = _ISSUE_DAY_END.search(text, tail)
    if m is None:
        return None
    written = m.group("date")
    parts = date_parts(f"{written} {year}")
    if parts is None or len(parts) < 3 or str(parts[0]) != year:
        return None
    pages = m.group("pages")
    if pages and re.fullmatch(r"1[5-9]\d\d|20\d\d", pages):
        pages = None  # "March 25, 2005.": the date's own year, no page
    return m.start("date"), m.end("date"), f"{written} {year}", pages


def with_issue_day(f: Fields, text: str) -> Fields:
    """``f`` with the issue date ending ``text`` (:func:`issue_day_end`) as its ``issue_date``
    (CSL ``issued`` then holds year, month and day) and the day read as a volume, issue or
    page ("3. März" -> volume "3", "April 11" -> page "11") dropped; the pages after the
    date stand.  ``f`` unchanged when the entry ends with no such date or has its issue date."""
    got = issue_day_end(text, f.year)
    if got is None or (f.issue_date and f.issue_date != got[2]):
        return f
    day = re.findall(r"\d+", text[got[0] : got[1]])
    changes: dict = {"issue_date": got[2]}
    for k in ("volume", "issue", "pages"):
        if getattr(f, k) in day:
            changes[k] = None
    written = text[got[0] : got[1]]
    for k in ("title", "container"):  # "Die Mauer fällt. Der Spiegel, 13. November": the date is no title's
        v = getattr(f, k)
        if v and v.endswith(written) and v[: -len(written)].strip(" ,.;:"):
            changes[k] = v[: -len(written)].rstrip(" ,;:")
    pages = changes.get("pages", f.pages)
    if got[3] and (not pages or (day and pages.startswith(day[-1] + ","))):
        changes["pages"] = got[3].replace("\u2013", "-").replace(" ", "")  # "Oct. 4, 23–25": "4,23-25" held the day
    return attrs.evolve(f, **changes)


def _joined_imprints(text: str, segs: list[Segment]) -> bool:
    """Are the publisher runs of ``segs`` one imprint each, joined by ";" or "and"/"&" ("New York:
    Brooklyn Museum of Art; London: I. B. Tauris")?  Not a publisher the CRF broke in two."""
    imprint = [g for g in segs if g.label in ("place", "publisher")]
    for a, b in zip(imprint, imprint[1:]):
        if a.label == "publisher" and b.label in ("place", "publisher"):
            between = text[a.end : b.start].strip()
            if between not in (";", "; ", "/") and not between.startswith(";"):
                return False
    return True
