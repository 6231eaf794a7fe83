"""The style matrix: documents generated in many CSL styles with known truth, scored.

    python benchmarks/style_matrix.py [--styles a,b] [--seed N] [--dump DIR] [--json FILE]

For every style of :data:`STYLES` one document is built: about 30 paragraphs of
generated prose in the style's language, with citations placed where the style's
class puts them, rendered by citekit's own CSL engine (``citekit.render``) from the
hand-written CSL-JSON items of ``benchmarks/data/style_matrix_items.json``:

* note styles: note markers in the prose (glued ``…crowd.”4`` or bracketed ``[4]``,
  fixed per style in :data:`STYLES`), a "Notes" heading and the numbered notes at
  the end, rendered through ``Bibliography.cite`` so that positions happen (first
  full note, subsequent short note, ibid, ibid with locator), with two works in one
  note, prefixes ("See", "Cf.", "Vgl.", "Voir", "Cfr.") and locators of several
  labels (page, volume + page, chapter, folio, section, line, paragraph); then the
  bibliography when the style has one;
* author-date styles: the engine's in-text citations inside sentences (some
  narrative: ``Thompson (1963, 45) argues that …``) and the reference list;
* numeric styles: the engine's ``[n]`` / ``(n)`` / superscript-as-digit citations
  and the numbered reference list.

Truth is kept while the text is built: the character span of every citation, its
item id (a cited volume of a multi-volume work counts as the work) and its locator.
``citekit.extract_text`` is then run on the document and scored:

* detection P/R/F1: a predicted citation matches a true one when their spans
  overlap by at least half of their union (``overlap / (max end - min start) >= 0.5``;
  the brackets of an in-text cluster are outside its citations, as in the corpus gold);
  pairs are matched 1:1, largest overlap first (the greedy matching of the corpus
  scorer ``../shared/eval/score.py``, plus the 50 % rule). Predictions inside a
  reference list are scored as entries, not citations.
* B³ P/R/F1 of resolution over matched citations: true clusters are item ids,
  predicted clusters the record key of the consulted source (``primary`` below, as
  score.py: the last ref whose role is cited or quoted-in; for ibid, the record it
  resolved to).
* locator accuracy over matched citations: the predicted volume, locator value and
  label equal the truth's after normalising (en dash and non-breaking hyphens to
  ``-``, abbreviated ranges expanded ``140–45`` → ``140-145``, ``f.``/``ff.`` dropped,
  Roman volumes to Arabic, label spellings to CSL terms; a prediction with pages and
  no label counts as ``page``). A journal article's own volume may be given or not.
* reference-list entry P/R/F1 where the document has a list, with the same 50 % rule.

Nothing is imported from ../shared: the definitions are re-implemented here.
A style the engine cannot render gives a row "render failed" and the run goes on.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ITEMS_PATH = Path(__file__).resolve().parent / "data" / "style_matrix_items.json"

#: (style, locale, marker kind for note styles: "glued" | "bracket")
STYLES: list[tuple[str, str, str]] = [
    ("chicago-notes-bibliography", "en-US", "glued"),
    ("turabian-fullnote-bibliography", "en-US", "bracket"),
    ("mhra-notes", "en-GB", "bracket"),
    ("new-harts-rules-notes", "en-GB", "glued"),
    ("oscola", "en-GB", "bracket"),
    ("universitat-freiburg-geschichte", "de-DE", "glued"),
    ("universitat-heidelberg-historisches-seminar", "de-DE", "bracket"),
    ("annales", "fr-FR", "glued"),
    ("universite-de-lausanne-histoire", "fr-FR", "bracket"),
    ("civilta-italiana", "it-IT", "glued"),
    ("chicago-author-date", "en-US", ""),
    ("apa", "en-US", ""),
    ("modern-language-association", "en-US", ""),
    ("harvard-cite-them-right", "en-GB", ""),
    ("din-1505-2", "de-DE", ""),
    ("iso690-author-date-fr", "fr-FR", ""),
    ("ieee", "en-US", ""),
    ("vancouver", "en-US", ""),
    ("nature", "en-GB", ""),
]

# --- prose ---------------------------------------------------------------------------
# Sentences are put together from an opening, a plural subject and a predicate, so a
# document of 120 sentences repeats few of them. No parentheses, no citations.

PROSE: dict[str, dict[str, list[str]]] = {
    "en": {
        "open": ["", "", "", "In the decades after the war, ", "By the middle of the century, ", "At the same time, ",
                 "For a long time, ", "In most provincial towns, ", "Yet ", "Nevertheless, ", "As far as we can tell, ",
                 "In this respect, ", "Even in the capital, ", "During the hard winter of 1795, ", "After 1832, "],
        "subj": ["the weavers of the West Riding", "the parish clergy", "provincial notables", "the journeymen of the capital",
                 "contemporary observers", "the municipal authorities", "the radical societies", "local magistrates",
                 "pamphleteers and printers", "the guilds", "the rural poor", "later historians", "the reform clubs",
                 "merchant families", "the women of the market towns", "the county justices", "itinerant preachers",
                 "the readers of the cheap press", "the émigrés", "the officers of the militia"],
        "pred": ["read the crisis of the 1790s as a moral question", "kept careful records of prices and wages",
                 "distrusted the language of natural rights", "turned to petitions when the harvest failed",
                 "understood custom as a form of property", "drew on older traditions of protest",
                 "met in taverns and chapels rather than in halls", "saw the state mainly through its tax collectors",
                 "debated the meaning of liberty with great seriousness", "treated the printed word with suspicion",
                 "left few traces in the official archive", "were quick to invoke ancient rights",
                 "organised themselves around the workshop and the street", "looked to the past for their models of justice",
                 "spoke of “the moral economy of the poor”", "defended what they called “the old rights”",
                 "answered the new economics with the older language of the just price",
                 "learned to read in Sunday schools and dissenting academies", "feared the crowd as much as they courted it",
                 "wrote to the ministers in a tone of wounded loyalty", "found in the Bible a grammar of resistance",
                 "counted on the silence of their neighbours", "rarely agreed on what reform should mean"],
        "whole": ["This is not a new observation.", "The point deserves some emphasis.", "The sources are uneven, however.",
                  "Much of this remains conjecture.", "The contrast with the previous generation is striking.",
                  "None of this was inevitable.", "The argument can be put more strongly.",
                  "Historians have long disagreed about the timing of this change.",
                  "What follows is an attempt to read these documents against the grain."],
        "narr": ["argues that", "has shown that", "suggests that", "observes that", "reminds us that"],
    },
    "de": {
        "open": ["", "", "", "Doch ", "Aber ", "Denn ", "Und "],
        "subj": ["die Weber der Region", "die Zünfte", "die städtischen Behörden", "die Zeitgenossen",
                 "die ländlichen Unterschichten", "spätere Historiker", "die Landstände", "die Handwerksgesellen",
                 "die Beamten der Provinz", "die Leser der Flugschriften", "die Kaufmannsfamilien", "die Pfarrer"],
        "pred": ["deuteten die Krise als moralisches Problem", "führten sorgfältig Buch über Preise und Löhne",
                 "beriefen sich auf alte Rechte", "misstrauten der Sprache der Aufklärung",
                 "hinterließen nur wenige Spuren in den Akten", "suchten ihre Vorbilder in der Vergangenheit",
                 "trafen sich lieber im Wirtshaus als im Rathaus", "sahen den Staat vor allem in seinen Steuereintreibern",
                 "stritten ernsthaft über die Bedeutung der Freiheit", "begegneten dem gedruckten Wort mit Misstrauen",
                 "sprachen von der „guten alten Ordnung“", "schrieben in einem Ton gekränkter Loyalität an die Minister"],
        "whole": ["Das ist keine neue Beobachtung.", "Die Überlieferung ist freilich lückenhaft.",
                  "Vieles davon bleibt Vermutung.", "Der Gegensatz zur vorigen Generation ist auffällig.",
                  "Nichts davon war zwangsläufig."],
        "narr": ["betont:", "zeigt:", "hält fest:"],
    },
    "fr": {
        "open": ["", "", "", "Au milieu du siècle, ", "Pourtant, ", "Dans la plupart des villes de province, ",
                 "En même temps, ", "Après 1815, ", "Longtemps, "],
        "subj": ["les tisserands de la région", "les corporations", "les autorités municipales", "les contemporains",
                 "les notables de province", "les historiens ultérieurs", "les compagnons", "les sociétés populaires",
                 "les curés de campagne", "les lecteurs des almanachs", "les familles de négociants", "les femmes des halles"],
        "pred": ["lisaient la crise comme une question morale", "tenaient un compte précis des prix et des salaires",
                 "invoquaient volontiers des droits anciens", "se méfiaient du langage des Lumières",
                 "ont laissé peu de traces dans les archives", "cherchaient leurs modèles dans le passé",
                 "se réunissaient au cabaret plutôt qu'à l'hôtel de ville", "voyaient l'État d'abord à travers le fisc",
                 "débattaient sérieusement du sens de la liberté", "parlaient de « l'économie morale des pauvres »",
                 "écrivaient aux ministres sur un ton de loyauté blessée", "redoutaient la foule autant qu'ils la courtisaient"],
        "whole": ["Ce n'est pas une observation nouvelle.", "Les sources sont toutefois inégales.",
                  "Une grande partie de ceci reste conjecturale.", "Le contraste avec la génération précédente est frappant.",
                  "Rien de tout cela n'était inévitable."],
        "narr": ["montre que", "souligne que", "rappelle que"],
    },
    "it": {
        "open": ["", "", "", "A metà del secolo, ", "Tuttavia, ", "Nella maggior parte delle città di provincia, ",
                 "Allo stesso tempo, ", "Dopo il 1815, "],
        "subj": ["i tessitori della regione", "le corporazioni", "le autorità municipali", "i contemporanei",
                 "i notabili di provincia", "gli storici successivi", "i garzoni di bottega", "i parroci di campagna",
                 "i lettori dei lunari", "le famiglie di mercanti"],
        "pred": ["interpretavano la crisi come una questione morale", "tenevano un conto preciso dei prezzi e dei salari",
                 "invocavano volentieri antichi diritti", "diffidavano del linguaggio dei Lumi",
                 "hanno lasciato poche tracce negli archivi", "cercavano i loro modelli nel passato",
                 "si riunivano all'osteria piuttosto che in municipio", "vedevano lo Stato soprattutto attraverso il fisco",
                 "parlavano di «antiche libertà»", "scrivevano ai ministri con un tono di lealtà ferita"],
        "whole": ["Non si tratta di un'osservazione nuova.", "Le fonti sono tuttavia disuguali.",
                  "Molto di tutto ciò resta congettura.", "Il contrasto con la generazione precedente è evidente."],
        "narr": ["sostiene che", "mostra che", "osserva che"],
    },
}

TITLES = {
    "en": "Custom, Protest and Public Opinion in Europe, 1750–1900",
    "de": "Herkommen, Protest und Öffentlichkeit in Europa, 1750–1900",
    "fr": "Coutume, protestation et opinion publique en Europe, 1750-1900",
    "it": "Consuetudine, protesta e opinione pubblica in Europa, 1750-1900",
}
NOTES_HEADING = {"en": "Notes", "de": "Anmerkungen", "fr": "Notes", "it": "Note"}
BIB_HEADING = {"en": "Bibliography", "de": "Literaturverzeichnis", "fr": "Bibliographie", "it": "Bibliografia"}
STYLE_BIB_HEADING = {"apa": "References", "harvard-cite-them-right": "References", "modern-language-association": "Works Cited",
                     "ieee": "References", "vancouver": "References", "nature": "References"}
PREFIXES = {"en": ["See ", "Cf. ", "See also "], "de": ["Vgl. ", "Siehe "], "fr": ["Voir ", "Cf. "], "it": ["Cfr. ", "Si veda "]}
SECTION_HEADINGS = ["I", "II", "III"]


def lang_of(locale: str) -> str:
    """The prose language of a locale: en, de, fr or it (anything else: en)."""
    lang = locale.split("-")[0]
    return lang if lang in PROSE else "en"


def style_class(style: str) -> str:
    """``note``, ``author-date`` or ``numeric``, read from the style file (its ``class`` and
    ``citation-format``; dependent styles state both too)."""
    from citekit.render import find_style

    xml = find_style(style).read_text(encoding="utf-8", errors="replace")
    if re.search(r'<style\b[^>]{0,800}\bclass="note"', xml):
        return "note"
    fmt = re.search(r'citation-format="([a-z-]+)"', xml)
    if fmt and fmt.group(1) == "note":
        return "note"
    return "numeric" if fmt and fmt.group(1) in ("numeric", "label") else "author-date"


# --- the plan of citations -----------------------------------------------------------

LABELS_WANTED = ("page", "volume+page", "chapter", "folio", "section", "line", "paragraph")


def load_items() -> list[dict[str, Any]]:
    """The CSL-JSON items of the fixture (a list of dicts)."""
    return json.loads(ITEMS_PATH.read_text(encoding="utf-8"))


def _first_page(item: dict[str, Any]) -> tuple[int, int] | None:
    m = re.match(r"(\d+)-(\d+)", item.get("page", ""))
    return (int(m.group(1)), int(m.group(2))) if m else None


def _locator(rnd: random.Random, item: dict[str, Any], cls: str) -> tuple[str | None, str | None, str | None]:
    """(label, value, cited volume) for one cite of ``item``: the label kinds a reader meets
    for that kind of work (folios for manuscripts, chapters and sections for books, pages
    inside an article's range)."""
    kind = item["type"]
    if rnd.random() < 0.08:
        return None, None, None  # the whole work
    if kind == "manuscript":
        return ("folio", f"{rnd.randint(2, 140)}{rnd.choice('rv')}", None) if rnd.random() < 0.7 else ("line", str(rnd.randint(3, 40)), None)
    rng = _first_page(item)
    if rng:
        a, b = rng
        p = rnd.randint(a, b)
        if rnd.random() < 0.25 and p + 3 <= b:
            return "page", f"{p}-{p + rnd.randint(1, 3)}", None
        return "page", str(p), None
    if kind == "article-newspaper":
        return ("page", str(rnd.randint(1, 8)), None) if rnd.random() < 0.6 else (None, None, None)
    nvol = int(item.get("number-of-volumes", 0) or 0)
    if nvol:
        vol = str(rnd.randint(1, nvol))
        if cls == "note":
            return "page", str(rnd.randint(5, 480)), vol
        return ("volume", vol, None) if rnd.random() < 0.5 else ("page", str(rnd.randint(5, 480)), None)
    r = rnd.random()
    if r < 0.12:
        return "chapter", str(rnd.randint(1, 12)), None
    if r < 0.2:
        return "section", str(rnd.randint(1, 30)), None
    if r < 0.27:
        return "paragraph", str(rnd.randint(1, 60)), None
    if r < 0.32:
        return "line", str(rnd.randint(1, 40)), None
    p = rnd.randint(3, 520)
    if rnd.random() < 0.25:
        end = p + rnd.randint(1, 12)
        return "page", f"{p}-{end}", None
    return "page", str(p), None


def _ident(item: dict[str, Any]) -> str:
    """A word that every rendering of the item carries: the first author's (or editor's)
    family name, a corporate name's first word, else the title's first long word."""
    for role in ("author", "editor"):
        names = item.get(role) or []
        if names:
            n = names[0]
            return (n.get("family") or n.get("literal", "")).split()[0]
    return next((w for w in re.findall(r"\w+", item.get("title", "")) if len(w) > 3), item["id"])


def plan(rnd: random.Random, items: list[dict[str, Any]], cls: str, lang: str, n_clusters: int = 30) -> list[list[dict[str, Any]]]:
    """The clusters of one document: lists of cites ``{"item", "label", "value", "volume", "prefix"}``.

    About 14 works are chosen (a manuscript, a multi-volume work, a chapter, an article
    and a newspaper always among them); the sequence mixes first cites, repeats, ibid
    (same work and locator), ibid with a new locator, two works in one cluster and
    prefixes. Numeric styles get one cite per cluster."""
    by_type = defaultdict(list)
    for it in items:
        key = "multi" if it.get("number-of-volumes") else it["type"]
        by_type[key].append(it)
    chosen = [rnd.choice(by_type[k]) for k in ("manuscript", "multi", "chapter", "article-journal", "article-newspaper", "letter", "thesis")]
    rest = [it for it in items if it not in chosen]
    chosen += rnd.sample(rest, 14 - len(chosen))
    rnd.shuffle(chosen)
    fresh = list(chosen)
    cited: list[dict[str, Any]] = []
    clusters: list[list[dict[str, Any]]] = []

    def cite(item, prefix=""):
        label, value, vol = _locator(rnd, item, cls)
        return {"item": item["id"], "label": label, "value": value, "volume": vol, "prefix": prefix}

    while len(clusters) < n_clusters:
        prev = clusters[-1] if clusters else None
        r = rnd.random()
        prefix = rnd.choice(PREFIXES[lang]) if rnd.random() < 0.15 and cls != "numeric" else ""
        if prev and len(prev) == 1 and r < 0.12 and cls == "note":  # ibid: same work, same place
            clusters.append([dict(prev[0], prefix="")])
        elif prev and len(prev) == 1 and r < 0.24 and cls == "note":  # ibid with a new locator
            item = next(i for i in items if i["id"] == prev[0]["item"])
            c = cite(item)
            if prev[0]["volume"] and c["volume"]:
                c["volume"] = prev[0]["volume"] if rnd.random() < 0.5 else c["volume"]
            clusters.append([c])
        elif r < 0.36 and cls != "numeric" and len(cited) >= 2:  # two works in one cluster
            pool = cited + fresh[:1]
            a = rnd.choice(pool)
            others = [b for b in pool if _ident(b).lower() != _ident(a).lower()]
            if not others:
                continue
            b = rnd.choice(others)
            clusters.append([cite(a, prefix), cite(b)])
            for x in (a, b):
                if x in fresh:
                    fresh.remove(x)
                    cited.append(x)
        elif fresh and (r < 0.75 or not cited):
            item = fresh.pop(0)
            cited.append(item)
            clusters.append([cite(item, prefix)])
        else:
            clusters.append([cite(rnd.choice(cited), prefix)])
    return clusters


def coverage(clusters: list[list[dict[str, Any]]], cls: str) -> set[str]:
    """What a plan exercises: locator labels, ibid kinds, two-work clusters, prefixes."""
    got = set()
    prev = None
    for cl in clusters:
        for c in cl:
            if c["label"]:
                got.add("volume+page" if c["volume"] else c["label"])
            if c["prefix"]:
                got.add("prefix")
        if len(cl) == 2:
            got.add("two-works")
        if prev and len(prev) == 1 and len(cl) == 1 and prev[0]["item"] == cl[0]["item"]:
            same = (prev[0]["label"], prev[0]["value"], prev[0]["volume"]) == (cl[0]["label"], cl[0]["value"], cl[0]["volume"])
            got.add("ibid" if same else "ibid-with-locator")
        prev = cl
    return got


def required(cls: str) -> set[str]:
    """What :func:`coverage` must show for a plan of a style class to be kept."""
    need = {"page", "chapter", "folio"} | ({"prefix"} if cls != "numeric" else set())
    if cls == "note":
        need |= {"volume+page", "ibid", "ibid-with-locator", "two-works", "section", "line", "paragraph"}
    elif cls == "author-date":
        need |= {"two-works", "volume"}
    return need


# --- the document ----------------------------------------------------------------------


def _sentence(rnd: random.Random, lang: str) -> str:
    p = PROSE[lang]
    if rnd.random() < 0.15:
        return rnd.choice(p["whole"])
    op, subj, pred = rnd.choice(p["open"]), rnd.choice(p["subj"]), rnd.choice(p["pred"])
    s = op + subj if op else subj[0].upper() + subj[1:]
    if pred.endswith("”") and lang == "en":  # American punctuation: the full stop inside the quotes
        return f"{s} {pred[:-1]}.”"
    return f"{s} {pred}."


def _names_for_narrative(item: dict[str, Any], lang: str) -> str | None:
    """The author names a writer puts before a narrative citation (``van der Linden``,
    ``Webb and Webb``, ``Appleby et al.``); None for corporate and authorless works."""
    names = item.get("author") or []
    if not names or any("literal" in n for n in names):
        return None
    fam = [" ".join(x for x in (n.get("non-dropping-particle"), n["family"]) if x) for n in names]
    fam = [f[0].upper() + f[1:] for f in fam[:1]] + fam[1:]
    if len(fam) == 1:
        return fam[0]
    if len(fam) == 2:
        return f"{fam[0]} {dict(en='and', de='und', fr='et', it='e')[lang]} {fam[1]}"
    return f"{fam[0]} et al."


def _narrative(rendered: str, names: str | None) -> str | None:
    """``Names (rest)`` from a parenthetical ``(Names, rest)`` when it opens with ``names``
    (compared without case; the rendered spelling is kept, capitalised); else None."""
    if not names or not rendered.startswith("(") or not rendered[1:].lower().startswith(names.lower()):
        return None
    head = rendered[1 : 1 + len(names)]
    rest = rendered[1 + len(names) :].lstrip(", ")
    if not rest or rest == ")":
        return None
    return f"{head[0].upper()}{head[1:]} ({rest}"


def _split_cluster(text: str, cites: list[dict[str, Any]], items: dict[str, dict[str, Any]], delimiter: str) -> list[tuple[int, int]] | None:
    """Where each cite of a two-cite cluster stands in the rendered cluster: the last
    delimiter before the second work's identifying word. Returns spans in the order of
    ``cites`` (the style may have sorted them), or None when it cannot tell."""
    if len(cites) == 1:
        return [(0, len(text))]
    low = text.lower()
    delim = delimiter.strip() or ","
    # the identifying word as a word ("Le Goff" is not found inside "Levi"); an ibid names no one.
    # Its first place at the head of a cite (the cluster's start or just after a delimiter, a
    # prefix or given names between) wins over an earlier one inside the other cite: "Marc Bloch,
    # …(London, 1961), 2.224; London Corresponding Society, …" (the place is no cite's head)
    def head_pos(ident: str) -> int:
        found = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(ident)}(?!\w)", low)]
        heads = [p for p in found if len(low[low.rfind(delim, 0, p) + 1 if delim in low[:p] else 0 : p].split()) <= 4]
        return (heads or found or [-1])[0]

    pos = [head_pos(_ident(items[c["item"]]).lower()) for c in cites]
    if min(pos) < 0 or pos[0] == pos[1]:
        if low.count(delim) != 1:
            return None
        # one delimiter in the cluster: the cites stand on either side of it, in the order given
        # (a style sorts a cluster only by names, and an ibid keeps its place first)
        cut = low.find(delim)
        pos = [0, cut + len(delim)] if pos[0] <= pos[1] or min(pos) < 0 else [cut + len(delim), 0]
    order = sorted(range(2), key=lambda i: pos[i])
    second = pos[order[1]]
    cut = low.rfind(delim, 0, second)
    if cut <= pos[order[0]]:
        return None
    first_end = cut
    while first_end > 0 and text[first_end - 1] in " \u00a0\u202f":
        first_end -= 1
    second_start = cut + len(delim)
    while second_start < len(text) and text[second_start] in " \u00a0\u202f":
        second_start += 1
    spans = [(0, 0), (0, 0)]
    spans[order[0]] = (0, first_end)
    spans[order[1]] = (second_start, len(text))
    return spans


def printed(value: Any, text: str, *, volume: bool = False) -> bool:
    """Does ``text`` (one rendered citation) show ``value`` (a locator or volume)? True when the
    value's first number stands in it as a number of its own (``404`` in ``S. 403–405`` is not:
    the match is by the first number, ``403``), or, for a volume, as a Roman numeral; True for
    no value. Styles that print no locator in the citation (``vancouver``, ``nature``: the
    number only) or no volume in a short note (``Kocka, "Sozialgeschichte", 84``) make
    citations whose locator or volume a reader cannot see; :func:`locator_ok` then takes
    either nothing or the right value."""
    if not value:
        return True
    m = re.match(r"\d+", str(value))
    if m is None:
        return True
    if re.search(rf"(?<![\d.]){m.group(0)}(?!\d)", text):
        return True
    if volume:
        n = int(m.group(0))
        romans = [r for r in (_to_roman(n),) if r]
        return any(re.search(rf"(?<![A-Za-z]){r}(?![A-Za-z])", text, re.IGNORECASE) for r in romans)
    return False


#: An ibid in the locales of STYLES, after a prefix: the citation repeats the previous one's place.
IBID_WORD = re.compile(r"(?:(?:see|cf\.|vgl\.|voir|cfr\.|siehe|si veda)\s+)?(?:ibid|ib\.|ebd|ebenda|ivi|ibidem)", re.IGNORECASE)
#: Terms written without a full stop that the styles of STYLES print before a locator value.
BARE_TERMS = frozenset("p pp page pages s l ll line lines n nn note notes para paras paragraph paragraphs fol fols folio folios "
                       "section sections sect s ch chapter chapters col column vol volume book part art".split())


def label_printed(value: Any, text: str) -> bool:
    """Is a term printed before the locator ``value`` in ``text``? False when the value's first
    number follows a name, a comma or another number (MLA prints a line or paragraph number
    bare, ``(Howard 29)``): a reader then reads a page, and :func:`locator_ok` takes "page"
    as well as the true label. True when there is no value or the number is not found."""
    if not value:
        return True
    m = re.match(r"\d+", str(value))
    hit = re.search(rf"(?<![\d.]){m.group(0)}(?!\d)", text) if m else None
    if hit is None:
        return True
    before = text[: hit.start()].rstrip(" \u00a0\u202f")
    token = before.split()[-1] if before.split() else ""
    if not token or token[-1] in ",;:()[]" or token[-1].isdigit():
        return False
    return token.endswith(".") or token.lower() in BARE_TERMS or not token[0].isalpha() or len(token) <= 2


def _to_roman(n: int) -> str:
    """``n`` (1–3999) as an upper-case Roman numeral; "" outside that range."""
    if not 0 < n < 4000:
        return ""
    out = []
    for v, r in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
                 (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out.append(r)
            n -= v
    return "".join(out)


class RenderFailed(Exception):
    """The engine could not render the style (the message says why)."""


def build(style: str, locale: str, markers: str, seed: int, items: list[dict[str, Any]] | None = None) -> tuple[str, dict[str, Any]]:
    """One document in ``style`` and its truth.

    Returns ``(text, truth)``; truth holds ``citations`` (``start``, ``end``, ``text``,
    ``item``, ``label``, ``value``, ``volume``, ``cluster``, ``note``), ``clusters``
    (the whole rendered cluster: ``start``, ``end``, ``text``), ``markers`` (``start``,
    ``end``, ``note``), ``entries`` (reference-list entries: ``start``, ``end``,
    ``text``), ``reflist`` (``[start, end]`` of the list or None), ``notes_region``,
    and what the engine was given and gave: ``csl_clusters`` (``(note number or 0,
    [CSL cites])``), ``volume_items`` (the items made for cited volumes) and
    ``rendered`` (one string per cluster).
    Raises :class:`RenderFailed` when the engine fails on the style."""
    from citekit.errors import CitekitError
    from citekit.render import Bibliography, make_engine

    items = items if items is not None else load_items()
    by_id = {i["id"]: i for i in items}
    cls = style_class(style)
    lang = lang_of(locale)
    rnd = random.Random(f"{seed}:{style}")
    for _ in range(200):
        clusters = plan(rnd, items, cls, lang)
        if required(cls) <= coverage(clusters, cls):
            break
    # cited volumes of multi-volume works become items of their own (as `citekit bib --notes` does)
    extra: dict[str, dict[str, Any]] = {}

    def csl_cite(c):
        iid = c["item"]
        if c["volume"]:
            iid = f"{c['item']}-vol-{c['volume']}"
            if iid not in extra:
                extra[iid] = dict(by_id[c["item"]], id=iid, volume=c["volume"])
                extra[iid].pop("number-of-volumes", None)
        d = {"id": iid}
        if c["label"]:
            d.update(label=c["label"], locator=c["value"])
        if c["prefix"]:
            d["prefix"] = c["prefix"] if cls == "note" else c["prefix"][0].lower() + c["prefix"][1:]
        return d

    used = []
    for cl in clusters:
        for c in cl:
            if c["item"] not in used:
                used.append(c["item"])
    narrative = [cls == "author-date" and len(cl) == 1 and rnd.random() < 0.2 and _names_for_narrative(by_id[cl[0]["item"]], lang) is not None
                 for cl in clusters]
    csl_clusters = []
    for k, cl in enumerate(clusters):
        cites = [csl_cite(c) for c in cl]
        csl_clusters.append((k + 1 if cls == "note" else 0, cites))
    base_items = [by_id[i] for i in used]
    try:
        engine = make_engine(style, base_items, locale=locale, fmt="text")
        delimiter = engine.citation.layout.get("delimiter") or "; "
        has_bib = engine.has_bibliography()
        if cls == "note":
            rendered = Bibliography(base_items + list(extra.values())).cite(csl_clusters, style, locale=locale)
            entries = Bibliography(base_items).render(style, locale=locale) if has_bib else []
        else:
            rendered, entries = Bibliography(base_items).render_document(csl_clusters, style, locale=locale)
    except (CitekitError, Exception) as exc:  # any engine failure is a row, not a crash
        raise RenderFailed(f"{type(exc).__name__}: {exc}") from None
    rendered = [r.strip() for r in rendered]
    entries = [e.strip() for e in entries if e.strip()]

    # --- the prose, with the citations placed -------------------------------------------
    n_par = 30
    paragraphs = []
    for _ in range(n_par):
        para: list[str] = []
        while len(para) < rnd.randint(3, 5):
            s = _sentence(rnd, lang)
            if not para or s != para[-1]:  # never the same sentence twice in a row
                para.append(s)
        paragraphs.append(para)
    slots = [(p, s) for p in range(n_par) for s in range(len(paragraphs[p]))]
    where = sorted(rnd.sample(slots, len(clusters)))
    at = {slot: k for k, slot in enumerate(where)}

    out: list[str] = []
    pos = 0
    truth: dict[str, Any] = {"style": style, "locale": locale, "class": cls, "markers_kind": markers if cls == "note" else "",
                             "seed": seed, "citations": [], "clusters": [], "markers": [], "entries": [],
                             "reflist": None, "notes_region": None}

    def emit(s: str) -> int:
        nonlocal pos
        start = pos
        out.append(s)
        pos += len(s)
        return start

    shown_volume: dict[int, bool] = {}  # cluster -> did its (single) citation show its volume

    def add_cluster(k: int, start: int, text: str) -> None:
        """Truth rows for cluster ``k``, printed as ``text`` at ``start``."""
        cl = clusters[k]
        # an in-text cluster's own brackets are not part of its citations (as in the corpus
        # gold: "(Cliff 1974, p. 23)" spans "Cliff 1974, p. 23"); a note's citation is its body
        inner, shift = text, 0
        if cls != "note" and len(text) > 2 and text[0] + text[-1] in ("()", "[]"):
            inner, shift = text[1:-1], 1
        spans = _split_cluster(inner, cl, by_id, delimiter) or [(0, len(inner))] * len(cl)
        truth["clusters"].append({"start": start, "end": start + len(text), "text": text, "cites": len(cl)})
        prev = clusters[k - 1] if k else None
        for c, (a, b) in zip(cl, spans):
            s, e = start + shift + a, start + shift + b
            own = inner[a:b]
            if cls == "numeric":
                own = re.sub(r"^\d+", "", own)  # the citation's own number ("[10]") is no locator
            # an ibid of the same work and place prints nothing and means the previous locator
            repeat = bool(cls == "note" and prev and len(prev) == 1 and len(cl) == 1 and prev[0]["item"] == c["item"]
                          and IBID_WORD.match(own))
            item_vol = by_id[c["item"]].get("volume")
            # an ibid shows the volume only if the citation it repeats did: "Ibid., p. 403" after
            # a note that never printed "31" cannot tell a reader the letter's volume
            vol_shown = printed(c["volume"] or item_vol, own, volume=True) or (repeat and shown_volume.get(k - 1, True))
            shown_volume[k] = vol_shown
            truth["citations"].append({"start": s, "end": e, "text": None, "item": c["item"], "label": c["label"],
                                       "value": c["value"], "volume": c["volume"], "prefix": c["prefix"],
                                       "cluster": k, "note": k + 1 if cls == "note" else None,
                                       "type": by_id[c["item"]]["type"],
                                       "printed_locator": repeat or printed(c["value"], own),
                                       "printed_volume": vol_shown,
                                       "printed_label": label_printed(c["value"], own)})

    emit(TITLES[lang] + "\n\n")
    for p, sentences in enumerate(paragraphs):
        if p % 10 == 0:
            emit(SECTION_HEADINGS[p // 10] + "\n\n")
        for s_i, sentence in enumerate(sentences):
            if s_i:
                emit(" ")
            k = at.get((p, s_i))
            if k is None:
                emit(sentence)
                continue
            if cls == "note":
                n = k + 1
                if markers == "glued":
                    emit(sentence)
                    m = emit(str(n))
                    truth["markers"].append({"start": m, "end": m + len(str(n)), "note": n})
                else:
                    body, stop = (sentence[:-1], sentence[-1]) if sentence.endswith(".") else (sentence, "")
                    emit(body + " ")
                    m = emit(f"[{n}]")
                    truth["markers"].append({"start": m, "end": m + len(f"[{n}]"), "note": n})
                    emit(stop)
            elif narrative[k] and _narrative(rendered[k], _names_for_narrative(by_id[clusters[k][0]["item"]], lang)):
                # a narrative citation made from the engine's parenthetical one, as writers
                # of these styles do: "(Thompson 1963, 45)" -> "Thompson (1963, 45) argues that …"
                cited = _narrative(rendered[k], _names_for_narrative(by_id[clusters[k][0]["item"]], lang))
                verb = rnd.choice(PROSE[lang]["narr"])
                rest = sentence[0].lower() + sentence[1:] if not verb.endswith(":") else sentence
                start = emit(cited)
                add_cluster(k, start, cited)
                emit(f" {verb} {rest}")
            else:
                if sentence.endswith(".”"):  # the citation goes outside the quotation, before the stop
                    body, stop = sentence[:-2] + "”", "."
                else:
                    body, stop = (sentence[:-1], ".") if sentence.endswith(".") else (sentence, "")
                if style_is_superscript(rendered[k]):
                    emit(body)
                else:
                    emit(body + " ")
                start = emit(rendered[k])
                add_cluster(k, start, rendered[k])
                emit(stop)
        emit("\n\n")

    if cls == "note":
        head = emit(NOTES_HEADING[lang] + "\n\n")
        notes_start = head
        for k, text in enumerate(rendered):
            label = f"{k + 1}. " if markers == "glued" else f"[{k + 1}] "
            emit(label)
            start = emit(text)
            add_cluster(k, start, text)
            emit("\n")
        truth["notes_region"] = [notes_start, pos]
        emit("\n")
    if entries:
        heading = STYLE_BIB_HEADING.get(style) or (BIB_HEADING[lang] if cls != "author-date" or lang != "en" else "References")
        if style.startswith("chicago") or style.startswith("turabian"):
            heading = "Bibliography"
        list_start = emit(heading + "\n\n")
        for e in entries:
            s = emit(e)
            truth["entries"].append({"start": s, "end": s + len(e), "text": e})
            emit("\n")
        truth["reflist"] = [list_start, pos]
    truth["csl_clusters"] = csl_clusters
    truth["volume_items"] = list(extra.values())
    truth["rendered"] = rendered
    text = "".join(out)
    truth["citations"].sort(key=lambda c: c["start"])
    for c in truth["citations"]:
        c["text"] = text[c["start"]:c["end"]]
    return text, truth


def style_is_superscript(rendered: str) -> bool:
    """A numeric citation printed as superscript digits comes out as bare digits in text
    (``nature``): glued to the word, as a PDF-to-text copy shows it."""
    return bool(re.fullmatch(r"[\w ]{0,12}?\d+(?:[,–-]\d+)*", rendered))


# --- scoring ---------------------------------------------------------------------------

#: A predicted span matches a true one when it overlaps it by this share of their union.
MIN_OVERLAP = 0.5


def match_spans(gold: list[tuple[int, int]], pred: list[tuple[int, int]], min_overlap: float = MIN_OVERLAP) -> list[tuple[int, int]]:
    """1:1 pairs ``(gold index, pred index)``, largest overlap first (score.py's greedy
    matching), keeping only pairs whose overlap is at least ``min_overlap`` of the union
    of the two spans (``max end - min start``). Spans are ``(start, end)`` offsets."""
    pairs = []
    order = sorted(range(len(pred)), key=lambda i: pred[i][0])
    for gi, (gs, ge) in enumerate(gold):
        for pi in order:
            ps, pe = pred[pi]
            if ps >= ge:
                break
            ov = min(ge, pe) - max(gs, ps)
            union = max(ge, pe) - min(gs, ps)
            if ov > 0 and ov >= min_overlap * union:
                pairs.append((ov, gi, pi))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_g, used_p, out = set(), set(), []
    for _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall, F1 (0.0 where undefined), as score.py."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def bcubed(gold_labels: dict[Any, str], pred_labels: dict[Any, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall, F1 over the items of ``gold_labels`` (score.py's definition)."""
    items = list(gold_labels)
    if not items:
        return 0.0, 0.0, 0.0
    gclus, pclus = defaultdict(set), defaultdict(set)
    for i in items:
        gclus[gold_labels[i]].add(i)
        pclus[pred_labels[i]].add(i)
    p = r = 0.0
    for i in items:
        g, q = gclus[gold_labels[i]], pclus[pred_labels[i]]
        inter = len(g & q)
        p += inter / len(q)
        r += inter / len(g)
    p, r = p / len(items), r / len(items)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
#: label spellings a parser may give, mapped to CSL locator terms
LABEL_ALIASES = {"p": "page", "pp": "page", "pages": "page", "s": "page", "seite": "page", "ch": "chapter", "chap": "chapter",
                 "kap": "chapter", "cap": "chapter", "fol": "folio", "fols": "folio", "f": "folio", "ff": "folio",
                 "sec": "section", "sect": "section", "§": "section", "abschn": "section", "l": "line", "ll": "line",
                 "para": "paragraph", "par": "paragraph", "vol": "volume", "bd": "volume", "t": "volume", "n": "note"}


def roman_to_int(s: str) -> int | None:
    """A Roman numeral (either case) as an int, or None."""
    s = s.lower()
    if not s or any(ch not in _ROMAN for ch in s):
        return None
    total = 0
    for a, b in zip(s, s[1:] + " "):
        v = _ROMAN[a]
        total += -v if b in _ROMAN and _ROMAN[b] > v else v
    return total


def norm_value(v: Any) -> str | None:
    """A locator value compared: dashes unified, abbreviated range ends expanded,
    ``f.``/``ff.``/``sq.`` and spaces dropped, lower-cased; None for empty."""
    if v is None:
        return None
    s = str(v).strip().lower()
    s = re.sub(r"[\u2010-\u2015\u2212]", "-", s)
    s = re.sub(r"\s+", "", s)
    s = re.sub(r"(?:ff|f|sq|seq)\.?$", "", s).rstrip(".")
    m = re.fullmatch(r"(\d+)-(\d+)", s)
    if m and len(m.group(2)) < len(m.group(1)):
        a, b = m.groups()
        s = f"{a}-{a[: len(a) - len(b)]}{b}"
    return s or None


def norm_volume(v: Any) -> str | None:
    """A volume compared: ``vol.``/``Bd.`` dropped, Roman to Arabic; None for empty."""
    if v is None:
        return None
    s = re.sub(r"^(?:vol(?:ume)?|bd|band|t|tome)\.?\s*", "", str(v).strip().lower())
    r = roman_to_int(s)
    return str(r) if r is not None else (s or None)


def norm_label(label: Any) -> str | None:
    """A locator label as a CSL term (``pp.`` -> page, ``Kap.`` -> chapter)."""
    if label is None:
        return None
    s = str(label).strip().lower().rstrip(".")
    return LABEL_ALIASES.get(s, s) or None


def primary(refs: Any) -> Any:
    """The consulted source of a citation: the last ref whose role is cited or quoted-in
    (score.py's rule), else the last ref."""
    chosen = None
    for ref in refs or ():
        if getattr(ref, "role", "cited") in ("cited", "quoted-in"):
            chosen = ref
    if chosen is None and refs:
        chosen = refs[-1]
    return chosen


def truth_locator(t: dict[str, Any], item_volume: str | None) -> tuple[str | None, str | None, str | None]:
    """(volume, label, value) a reader takes from a true citation: a ``volume`` locator is
    the volume; a cited volume or the item's own volume (a letter in volume 31 of
    collected works) is the volume; otherwise the locator."""
    if t["label"] == "volume":
        return norm_volume(t["value"]), None, None
    vol = t["volume"] or (item_volume if t["type"] in ("letter", "chapter") else None)
    return norm_volume(vol), t["label"], norm_value(t["value"])


def pred_locator(ref: Any) -> tuple[str | None, str | None, str | None]:
    """(volume, label, value) of a predicted ref: ``label``/``locator`` when the ref has
    them, else its ``pages`` as a page locator."""
    if ref is None:
        return None, None, None
    value = getattr(ref, "locator", None) or getattr(ref, "pages", None)
    label = getattr(ref, "label", None) or ("page" if value else None)
    return norm_volume(getattr(ref, "volume", None)), norm_label(label), norm_value(value)


#: Labels one written term stands for in different locales: "§" is CSL's section symbol in
#: en-US and the paragraph term in de-DE and it-IT ("§ 3" read as either is right).
SAME_TERM = {frozenset({"section", "paragraph"}): "\u00a7"}


def locator_ok(t: dict[str, Any], ref: Any, item: dict[str, Any]) -> bool:
    """Does the predicted ref carry the true volume, label and value?

    What the citation does not show may be left out: a locator or volume the style did not
    print (``printed_locator`` / ``printed_volume`` of the truth, :func:`printed`) is right
    as nothing or as the true value, never as another one. A whole work's own volume
    (a journal's) and own page range (an article's extent, a newspaper page, or its first
    page alone) are item fields the citation prints: given as the locator they are right too."""
    tv, tl, tval = truth_locator(t, item.get("volume"))
    pv, pl, pval = pred_locator(ref)
    if t["type"] == "article-journal" and tv is None and pv == norm_volume(item.get("volume")):
        pv = None  # the journal's own volume may be given
    if not t.get("printed_volume", True) and pv is None:
        tv = None
    if not t.get("printed_locator", True) and pval is None:
        tl = tval = None
        if t["label"] == "volume" and pv is None:
            tv = None
    if not t.get("printed_label", True) and pl == "page":
        pl = tl  # no term printed: a reader takes the number for a page
    own_pages = norm_value(item.get("page"))
    if tval is None and t["label"] is None and pval is not None and own_pages and pval in (own_pages, own_pages.split("-")[0]):
        # the whole article, its extent printed ("Quaderni storici 20 (1985): 269–77"), or its
        # first page alone, as OSCOLA prints it ("Marx, ‘Brief an Friedrich Engels’ 403")
        pl = pval = None
    if tl != pl and tval is not None and frozenset({tl, pl}) in SAME_TERM and SAME_TERM[frozenset({tl, pl})] in t.get("text", ""):
        pl = tl
    return tv == pv and tval == pval and (tl == pl or tval is None)


def score(text: str, truth: dict[str, Any], items: list[dict[str, Any]] | None = None, extraction: Any = None) -> dict[str, Any]:
    """Score ``citekit.extract_text(text)`` (or ``extraction``, an object with ``citations``
    whose members have ``start``, ``end``, ``refs``) against ``truth`` from :func:`build`.

    Returns a dict: ``citations`` (true count), ``predicted``, ``detection`` /
    ``resolution_bcubed`` / ``entries`` (each ``{"precision", "recall", "f1"}``),
    ``locator_accuracy``, ``markers`` (F1 by exact marker start, note styles), and
    ``missed`` / ``spurious`` / ``wrong_locator`` / ``wrong_cluster`` texts for reading."""
    import citekit

    by_id = {i["id"]: i for i in (items if items is not None else load_items())}
    ex = extraction if extraction is not None else citekit.extract_text(text)
    lo, hi = truth["reflist"] or (len(text) + 1, len(text) + 1)
    preds = [c for c in ex.citations if not lo <= c.start < hi]
    pred_entries = [c for c in ex.citations if lo <= c.start < hi]
    gold = truth["citations"]
    pairs = match_spans([(g["start"], g["end"]) for g in gold], [(p.start, p.end) for p in preds])
    det = prf(len(pairs), len(preds), len(gold))
    gl, pl, loc_ok = {}, {}, 0
    wrong_loc = []
    for gi, pi in pairs:
        g, ref = gold[gi], primary(preds[pi].refs)
        gl[gi] = g["item"]
        pl[gi] = (getattr(ref, "record", None) if ref is not None else None) or f"__none_{pi}"
        if locator_ok(g, ref, by_id[g["item"]]):
            loc_ok += 1
        else:
            wrong_loc.append(f"{g['text'][:90]!r} want {truth_locator(g, by_id[g['item']].get('volume'))} got {pred_locator(ref)}")
    res = bcubed(gl, pl)
    # which true works were split or merged: for reading only
    rec_of = defaultdict(set)
    for gi in gl:
        rec_of[gl[gi]].add(pl[gi])
    wrong_rec = [f"{item}: {sorted(keys)}" for item, keys in rec_of.items() if len(keys) > 1]
    ent = None
    if truth["entries"]:
        epairs = match_spans([(e["start"], e["end"]) for e in truth["entries"]], [(p.start, p.end) for p in pred_entries])
        ent = prf(len(epairs), len(pred_entries), len(truth["entries"]))
    markers = None
    if truth["markers"]:
        gs = {m["start"] for m in truth["markers"]}
        ps = {m.start for m in getattr(ex, "markers", ())}
        markers = prf(len(gs & ps), len(ps), len(gs))
    matched_g, matched_p = {g for g, _ in pairs}, {p for _, p in pairs}
    as_dict = lambda t: dict(zip(("precision", "recall", "f1"), t)) if t else None  # noqa: E731
    return {
        "citations": len(gold),
        "predicted": len(preds),
        "detection": as_dict(det),
        "resolution_bcubed": as_dict(res),
        "locator_accuracy": loc_ok / len(pairs) if pairs else 0.0,
        "entries": as_dict(ent),
        "markers": as_dict(markers),
        "missed": [gold[i]["text"] for i in range(len(gold)) if i not in matched_g],
        "spurious": [preds[i].text for i in range(len(preds)) if i not in matched_p],
        "wrong_locator": wrong_loc,
        "wrong_cluster": wrong_rec,
    }


# --- the command -----------------------------------------------------------------------


def run(styles: list[tuple[str, str, str]], seed: int, dump: Path | None = None) -> list[dict[str, Any]]:
    """Build, extract and score every style; one result dict per style (``failed`` set
    when the style could not be rendered)."""
    items = load_items()
    rows = []
    for style, locale, markers in styles:
        row: dict[str, Any] = {"style": style, "locale": locale}
        try:
            row["class"] = style_class(style)
            text, truth = build(style, locale, markers, seed, items)
        except Exception as exc:  # a missing or broken style is a row
            row["failed"] = str(exc)[:200]
            row.setdefault("class", "?")
            rows.append(row)
            continue
        row["markers_kind"] = truth["markers_kind"]
        try:
            row.update(score(text, truth, items))
        except Exception as exc:  # citekit itself failing on a document is a row too
            row["failed"] = f"extract failed: {type(exc).__name__}: {exc}"[:200]
        if dump:
            dump.mkdir(parents=True, exist_ok=True)
            (dump / f"{style}.txt").write_text(text, encoding="utf-8")
            (dump / f"{style}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
            (dump / f"{style}.score.json").write_text(json.dumps(row, ensure_ascii=False, indent=1), encoding="utf-8")
        rows.append(row)
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    """The rows as a Markdown table with the mean of the rendered styles last."""
    head = "| style | class | locale | cites | det P | det R | det F1 | B³ F1 | locator acc. | ref-list F1 |\n|---|---|---|---|---|---|---|---|---|---|"
    lines = [head]
    ok = [r for r in rows if "failed" not in r]
    f = lambda x: f"{x:.3f}"  # noqa: E731
    for r in rows:
        cls = r["class"] + (f" ({r['markers_kind']})" if r.get("markers_kind") else "")
        if "failed" in r:
            why = r["failed"] if r["failed"].startswith("extract failed") else "render failed: " + r["failed"]
            lines.append(f"| {r['style']} | {cls} | {r['locale']} | – | {why[:80]} | | | | | |")
            continue
        d = r["detection"]
        ent = f(r["entries"]["f1"]) if r["entries"] else "–"
        lines.append(f"| {r['style']} | {cls} | {r['locale']} | {r['citations']} | {f(d['precision'])} | {f(d['recall'])} | "
                     f"{f(d['f1'])} | {f(r['resolution_bcubed']['f1'])} | {f(r['locator_accuracy'])} | {ent} |")
    if ok:
        mean = lambda xs: sum(xs) / len(xs) if xs else 0.0  # noqa: E731
        ents = [r["entries"]["f1"] for r in ok if r["entries"]]
        lines.append(
            f"| **mean of {len(ok)}** | | | {sum(r['citations'] for r in ok)} | {f(mean([r['detection']['precision'] for r in ok]))} | "
            f"{f(mean([r['detection']['recall'] for r in ok]))} | {f(mean([r['detection']['f1'] for r in ok]))} | "
            f"{f(mean([r['resolution_bcubed']['f1'] for r in ok]))} | {f(mean([r['locator_accuracy'] for r in ok]))} | "
            f"{f(mean(ents)) if ents else '–'} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--styles", help="comma-separated style names (default: all of STYLES; a name not in STYLES runs with en-US)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1); the same seed gives the same documents")
    ap.add_argument("--dump", type=Path, help="write <style>.txt, .truth.json and .score.json here")
    ap.add_argument("--json", type=Path, help="write every row (with missed/spurious lists) as JSON here")
    ap.add_argument("-v", "--verbose", action="store_true", help="print missed, spurious and wrong-locator citations per style")
    args = ap.parse_args(argv)
    styles = STYLES
    if args.styles:
        known = {s[0]: s for s in STYLES}
        styles = [known.get(n.strip(), (n.strip(), "en-US", "glued")) for n in args.styles.split(",") if n.strip()]
    t0 = time.perf_counter()
    rows = run(styles, args.seed, args.dump)
    print(table(rows))
    print(f"\n{len(rows)} styles, seed {args.seed}, {time.perf_counter() - t0:.1f} s")
    if args.verbose:
        for r in rows:
            for key in ("missed", "spurious", "wrong_locator", "wrong_cluster"):
                if r.get(key):
                    print(f"\n{r['style']} {key} ({len(r[key])}):")
                    for t in r[key][:12]:
                        print("   ", str(t)[:160])
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
