"""Synthetic labelled citations: invented humanities records rendered by citekit's own CSL engine.

What it makes: :class:`training.common.Example` objects (source ``"synthetic"``) of three
kinds, for the field parser's CRF:

* ``reference`` — a bibliography entry of a record in a style;
* ``note`` — a footnote cluster of a note style: first full note, subsequent short
  note, ibid / ibid with a new locator, two works in one note ("; " is ``other``), with
  prefixes ("See", "Vgl.", "Cité dans" → ``relation``);
* ``intext`` — an author-date or numeric citation ("(Smith 2001, 5)", "(Orwell 112)", "[3, p. 7]").

How the field of every character is known: string variables of the input (title,
container-title, publisher, place, archive, archive_location, URL, genre, textual
edition, …) and every *family* name are wrapped in marker characters from
Supplementary Private Use Area-A (U+F0000…; the engine's own sentinels are in the
BMP private use area, ``citekit/citeproc_compat/richtext.py``), which text-case and
punctuation rules leave alone.  The engine renders the marked items and, separately,
the same items unmarked; an output is kept only if the marked rendering with its
markers stripped equals the unmarked one character for character.  Names are
labelled from the first to the last name piece of a names block (given names,
initials, particles, "and", "&", "et al.", role terms such as "ed." / "Hrsg." /
"trans. by"); numbers and dates cannot carry markers (``cs:number``, page-range
formatting, date parts), so the record's values are chosen unique (years never equal
a volume, page or locator) and found in the output afterwards, with the locale's
label terms next to them ("vol. 3", "S. 152", "2nd ed.", "no. 4") and, for dates,
the month and day names next to the year.  The rules follow AnyStyle's core.xml
labelling, where label words ("Vol.", "pp.", "(Eds.)") belong to their field.

``hand_typed`` perturbs a fraction of the examples the way typed notes differ from
styled output ("p208", "Vol 30", "VI Lenin", "ibid", missing spaces, OCR slips, prose
around a note) while keeping the labels aligned.

Run: ``python training/synthetic.py --records 3000 --seed 7 --out /tmp/synth.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Sequence

if __package__:  # imported as training.synthetic (tests): the sibling module of the package
    from .common import LABELS, OTHER, Example, write_jsonl
else:  # imported as ``synthetic`` by build_model.py, or run as a script: one ``common`` module for both
    for _p in (Path(__file__).resolve().parent, Path(__file__).resolve().parent.parent):  # training/, and citekit's root
        if str(_p) not in sys.path:
            sys.path.insert(0, str(_p))
    from common import LABELS, OTHER, Example, write_jsonl  # type: ignore[no-redef]  # noqa: E402

_VALID = frozenset(LABELS) | {OTHER}
POOLS_PATH = Path(__file__).resolve().parent / "data" / "pools.json"

#: (style, locale, kind of its citations, weight).  Kind "note" styles give notes,
#: "intext" styles author-date citations, "numeric" styles numbered citations.
#: Chicago, MHRA and MLA weigh most: they are the humanities' commonest.
STYLES: tuple[tuple[str, str, str, float], ...] = (
    ("chicago-notes-bibliography", "en-US", "note", 5.0),
    ("chicago-notes-bibliography-17th-edition", "en-US", "note", 2.0),
    ("chicago-shortened-notes-bibliography", "en-US", "note", 1.0),
    ("mhra-notes", "en-GB", "note", 4.0),
    ("new-harts-rules-notes", "en-GB", "note", 2.0),
    ("oscola", "en-GB", "note", 1.0),
    ("society-of-biblical-literature-fullnote-bibliography", "en-US", "note", 1.0),
    ("university-of-cambridge-faculty-of-history", "en-GB", "note", 1.0),
    ("zeithistorische-forschungen", "de-DE", "note", 1.5),
    ("universitat-heidelberg-historisches-seminar", "de-DE", "note", 1.0),
    ("le-tapuscrit-note", "fr-FR", "note", 1.0),
    ("annales", "fr-FR", "note", 1.0),
    ("universita-di-bologna-lettere", "it-IT", "note", 1.0),
    ("iso690-full-note-es", "es-ES", "note", 1.0),
    ("chicago-author-date", "en-US", "intext", 3.0),
    ("modern-language-association", "en-US", "intext", 4.0),
    ("apa", "en-US", "intext", 2.0),
    ("harvard-cite-them-right", "en-GB", "intext", 2.0),
    ("new-harts-rules-author-date", "en-GB", "intext", 1.0),
    ("din-1505-2", "de-DE", "intext", 1.0),
    ("iso690-author-date-fr", "fr-FR", "intext", 1.0),
    ("ieee", "en-US", "numeric", 0.7),
    ("nature", "en-GB", "numeric", 0.5),
)

#: Records per document (``doc`` = "synth-<style>-<record index // DOC_SIZE>") and per engine run.
DOC_SIZE = 20
#: How many styles each document of records is rendered in.
STYLES_PER_DOC = 4

# --- marker characters ---------------------------------------------------------------

#: String variables that carry markers, and the label of their characters.
STRING_FIELDS: dict[str, str] = {
    "title": "title",
    "title-short": "title",
    "reviewed-title": "title",
    "container-title": "container-title",
    "container-title-short": "container-title",
    "collection-title": "collection-title",
    "publisher": "publisher",
    "original-publisher": "publisher",
    "publisher-place": "place",
    "original-publisher-place": "place",
    "archive-place": "place",
    "archive": "archive",
    "archive_location": "archive",
    "URL": "url",
    "genre": "note",
    "edition": "edition",
}
_FIELD_CODE = {f: i for i, f in enumerate(STRING_FIELDS)}
_FIELD_BY_CODE = list(STRING_FIELDS)
#: Name variables and the label of their names block.
NAME_ROLES: dict[str, str] = {
    "author": "author",
    "container-author": "author",
    "reviewed-author": "author",
    "editor": "editor",
    "collection-editor": "editor",
    "translator": "translator",
}
_ROLE_CODE = {r: i for i, r in enumerate(NAME_ROLES)}
_ROLE_BY_CODE = list(NAME_ROLES)
#: String markers: U+F0000 + 2 * (record * 32 + field) (+1 closes); names: U+F8000 + 2 * role.
_STR_BASE, _NAME_BASE = 0xF0000, 0xF8000
_MAX_RECORDS = 64
#: Any character of the supplementary private use areas (our markers live there).
_MARKER_RUN = re.compile("[\U000f0000-\U000fffff]+")


def _str_open(rec: int, field: str) -> str:
    return chr(_STR_BASE + 2 * (rec * 32 + _FIELD_CODE[field]))


def _name_open(role: str) -> str:
    return chr(_NAME_BASE + 2 * _ROLE_CODE[role])


def strip_markers(s: str) -> str:
    """``s`` without marker characters."""
    return _MARKER_RUN.sub("", s)


def mark_item(item: dict[str, Any], rec: int) -> dict[str, Any]:
    """A copy of CSL-JSON ``item`` with markers around its string variables (tagged with
    record number ``rec``, < 64) and around every family name / literal name (tagged with the role)."""
    if not 0 <= rec < _MAX_RECORDS:
        raise ValueError(f"record number {rec} outside 0..{_MAX_RECORDS - 1}: markers would collide")
    out = dict(item)
    for f in STRING_FIELDS:
        v = item.get(f)
        if isinstance(v, str) and v and not (f == "edition" and v.isdigit()):
            o = _str_open(rec, f)
            # a final . ? ! stays outside: the engine merges it with the style's punctuation
            # ("diss." + "." -> "diss.") only when no marker stands between them
            core, end = (v[:-1], v[-1]) if v[-1] in ".?!" and len(v) > 1 else (v, "")
            out[f] = o + core + chr(ord(o) + 1) + end
    for role in NAME_ROLES:
        if item.get(role):
            o = _name_open(role)
            c = chr(ord(o) + 1)
            names = []
            for n in item[role]:
                n = dict(n)
                if n.get("literal"):
                    n["literal"] = o + n["literal"] + c
                elif n.get("family"):
                    n["family"] = o + n["family"] + c
                names.append(n)
            out[role] = names
    return out


def read_markers(s: str) -> tuple[str, list[str], list[tuple[str, int, int]], set[int]] | None:
    """Parse a marked rendering: ``(plain text, label per character, family-name spans
    (role, start, end) in the plain text, record numbers seen)``; None if markers are
    unbalanced (the engine moved text across a marker)."""
    plain: list[str] = []
    labels: list[str] = []
    names: list[tuple[str, int, int]] = []
    stack: list[tuple[int, int]] = []  # (opening code point, plain offset)
    recs: set[int] = set()
    for ch in s:
        cp = ord(ch)
        if cp >= _STR_BASE and cp < 0x100000:
            if cp % 2 == 0:
                stack.append((cp, len(plain)))
                if cp < _NAME_BASE:
                    recs.add((cp - _STR_BASE) // 2 // 32)
                continue
            want = cp - 1
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == want:
                    start = stack[k][1]
                    del stack[k]
                    break
            else:
                return None
            if want >= _NAME_BASE:
                names.append((_ROLE_BY_CODE[(want - _NAME_BASE) // 2], start, len(plain)))
            continue
        plain.append(ch)
        label = OTHER
        for cp0, _ in reversed(stack):
            if cp0 < _NAME_BASE:
                label = STRING_FIELDS[_FIELD_BY_CODE[(cp0 - _STR_BASE) // 2 % 32]]
                break
        labels.append(label)
    if stack:
        return None
    return "".join(plain), labels, names, recs


# --- pools and records ----------------------------------------------------------------


@lru_cache(maxsize=1)
def pools() -> dict[str, Any]:
    """The word pools of ``training/data/pools.json``."""
    return json.loads(POOLS_PATH.read_text(encoding="utf-8"))


#: Record languages and their weights.
LANGS = (("en", 0.42), ("de", 0.15), ("fr", 0.12), ("it", 0.08), ("es", 0.07), ("ru", 0.16))
#: Record types (generator names) and their weights.
TYPES = (
    ("book", 0.24), ("edited", 0.06), ("translation", 0.06), ("multivolume", 0.07), ("chapter", 0.12),
    ("article", 0.15), ("newspaper", 0.06), ("collected", 0.06), ("thesis", 0.03), ("archival", 0.06),
    ("review", 0.03), ("reprint", 0.04), ("corporate", 0.02),
)
_CSL_LANG = {"en": "en", "de": "de", "fr": "fr", "it": "it", "es": "es", "ru": "ru-Latn"}


def _pick(rng: random.Random, pairs) -> str:
    return rng.choices([p for p, _ in pairs], [w for _, w in pairs])[0]


class _Numbers:
    """Unique numbers for one record: no value twice, so each is found unambiguously."""

    def __init__(self, rng: random.Random) -> None:
        self.rng, self.used = rng, set()

    def take(self, lo: int, hi: int) -> int:
        for _ in range(50):
            v = self.rng.randint(lo, hi)
            if v not in self.used:
                self.used.add(v)
                return v
        v = hi + 1
        while v in self.used:
            v += 1
        self.used.add(v)
        return v


class RecordMaker:
    """A seeded generator of CSL-JSON records for humanities works (see :data:`TYPES`)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.p = pools()

    # names
    def person(self, lang: str) -> dict[str, str]:
        """A CSL name of a person writing in ``lang`` (particles given as CSL particle fields)."""
        rng, p = self.rng, self.p
        if rng.random() < 0.06:
            particle, family, kind = rng.choice(p["particle_names"])
            given = rng.choice(p["given"][rng.choice(["en", "de", "fr", "nl"])])
            n = {"family": family, "given": given}
            n["dropping-particle" if kind == "d" else "non-dropping-particle"] = particle
            return n
        src = lang if rng.random() < 0.8 else rng.choice(list(p["surnames"]))
        family = rng.choice(p["surnames"][src])
        gl = src if src in p["given"] else "en"
        given = rng.choice(p["given"][gl])
        r = rng.random()
        if gl == "ru" and r < 0.3:
            given += " " + rng.choice(p["patronymics_female" if given.endswith("a") else "patronymics"])
        elif r < 0.15:
            given += " " + rng.choice(p["given"][gl])
        elif r < 0.3:  # only initials in the data
            given = " ".join(w[0] + "." for w in re.split(r"[\s-]+", given) if w)
            if rng.random() < 0.4:
                given += " " + rng.choice("ABCDEFGHJKLMNPRSTVW") + "."
        n = {"family": family, "given": given}
        if rng.random() < 0.01:
            n["suffix"] = rng.choice(p["suffixes"])
        return n

    def people(self, lang: str, weights=(0.62, 0.22, 0.1, 0.06)) -> list[dict[str, str]]:
        """One to four names (``weights``), no family name twice."""
        k = self.rng.choices([1, 2, 3, 4], weights)[0]
        out, seen = [], set()
        while len(out) < k:
            n = self.person(lang)
            if n["family"] not in seen:
                seen.add(n["family"])
                out.append(n)
        return out

    # titles
    def _fill(self, template: str, lang: str, nums: _Numbers) -> str:
        rng, t = self.rng, self.p["title"][lang]

        def rep(m: re.Match) -> str:
            k = m.group(1)
            if k == "Noun":
                return rng.choice(t["nouns"])
            if k == "Plural":
                return rng.choice(t["plural"])
            if k == "Adj":
                return rng.choice(t["adj"])
            if k == "NounGen":
                return rng.choice(t["genitive"])
            if k == "NounDat":
                return rng.choice(t["dative"])
            if k == "Place":
                return rng.choice(self.p["places"][lang])
            if k == "Country":
                return rng.choice(self.p["countries"][lang])
            if k == "Y1":
                y = rng.randint(1500, 1960)
                rep.y1 = y
                return str(y)
            if k == "Y2":
                return str(getattr(rep, "y1", 1800) + rng.randint(2, 60))
            if k == "Century":
                return f"{rng.randint(16, 20)}."
            if k == "CenturyFr":
                return rng.choice(["XVIIe", "XVIIIe", "XIXe", "XXe"])
            if k == "CenturyIt":
                return rng.choice(["Settecento", "Ottocento", "Novecento"])
            if k == "CenturyEs":
                return rng.choice(["XVIII", "XIX", "XX"])
            return k

        s = re.sub(r"\{(\w+)\}", rep, template)
        return s[0].upper() + s[1:]

    def title(self, lang: str, nums: _Numbers, *, sub: float = 0.35) -> str:
        """A book title in ``lang`` from the pool's templates, with a subtitle at rate ``sub``."""
        s = self._fill(self.rng.choice(self.p["title"][lang]["templates"]), lang, nums)
        if ":" not in s and self.rng.random() < sub:
            s += (": " if lang != "fr" else " : ") + self.rng.choice(self.p["subtitles"][lang])
        return s

    def article_title(self, lang: str, nums: _Numbers) -> str:
        """An article or chapter title in ``lang``."""
        rng = self.rng
        if rng.random() < 0.4:
            t = self.p["title"][lang]
            lead = rng.choice(self.p["article_title_words"][lang])
            return f"{lead} {rng.choice(t['nouns'])}"
        return self.title(lang, nums, sub=0.25)

    @staticmethod
    def short_title(title: str) -> str | None:
        """The main title before a subtitle, as authors shorten titles (Chicago 14.30); None
        without a subtitle (the style then prints the whole title)."""
        main = re.split(r"\s?[:.]\s", title, maxsplit=1)[0]
        return main.rstrip(",;") if main != title and len(main.split()) <= 7 else None

    def date(self, lo: int, hi: int, full: float = 0.0) -> tuple[dict[str, Any], int]:
        """A CSL date in years ``lo``..``hi`` (with month and day at rate ``full``) and its year."""
        y = self.rng.randint(lo, hi)
        if self.rng.random() < full:
            m, d = self.rng.randint(1, 12), self.rng.randint(1, 28)
            return {"date-parts": [[y, m, d]]}, y
        return {"date-parts": [[y]]}, y

    def imprint(self, item: dict[str, Any], lang: str) -> None:
        """Publisher, place and sometimes a series (with number) for ``item``, in place."""
        rng, p = self.rng, self.p
        plang = lang if rng.random() < 0.85 else "en"
        item["publisher"] = rng.choice(p["publishers"][plang])
        if rng.random() < 0.9:
            item["publisher-place"] = rng.choice(p["places"][plang])
        if rng.random() < 0.12:
            item["collection-title"] = rng.choice(p["series"][lang])
            if rng.random() < 0.5:
                item["collection-number"] = str(item["_nums"].take(2, 180))

    def record(self, idx: int) -> dict[str, Any]:
        """One record (CSL-JSON, id ``r<idx>``, plus ``_lang`` and ``_kind``)."""
        rng, p = self.rng, self.p
        lang = _pick(rng, LANGS)
        kind = _pick(rng, TYPES)
        nums = _Numbers(rng)
        it: dict[str, Any] = {"id": f"r{idx}", "_lang": lang, "_kind": kind, "_nums": nums}
        if lang != "en":
            it["language"] = _CSL_LANG[lang]
        issued, year = self.date(1870, 2023)
        if kind in ("book", "edited", "translation", "multivolume", "reprint", "corporate"):
            it["type"] = "book"
            it["title"] = self.title(lang, nums)
            if kind == "edited":
                it["editor"] = self.people(lang, (0.5, 0.35, 0.15, 0.0))
            elif kind == "corporate":
                it["author"] = [{"literal": rng.choice(p["corporate"][lang])}]
            else:
                it["author"] = self.people(lang)
            if kind == "translation":
                tl = "en" if rng.random() < 0.6 else rng.choice(["de", "fr", "it", "es"])
                it["translator"] = self.people(tl, (0.85, 0.15, 0, 0))
                it["title"] = self.title(tl, nums)
                if tl != "en":
                    it["language"] = _CSL_LANG[tl]
                else:
                    it.pop("language", None)
            if kind == "multivolume":
                n = nums.take(3, 12)
                it["number-of-volumes"] = str(n)
                if rng.random() < 0.75:
                    it["volume"] = str(nums.take(1, n - 1))
                if rng.random() < 0.3:
                    issued = {"date-parts": [[year], [year + rng.randint(2, 15)]]}
            if kind == "reprint":
                o, oy = self.date(1780, year - 5)
                it["original-date"] = o
                if rng.random() < 0.4:
                    it["original-publisher"] = rng.choice(p["publishers"][lang])
                    it["original-publisher-place"] = rng.choice(p["places"][lang])
            if rng.random() < 0.15 and kind != "reprint":
                e = rng.random()
                it["edition"] = str(nums.take(2, 9)) if e < 0.7 else rng.choice(p["editions_text"][lang])
            if kind != "edited" and rng.random() < 0.07:
                it["editor"] = self.people(lang, (1, 0, 0, 0))
            self.imprint(it, lang)
        elif kind == "chapter":
            it["type"] = "chapter"
            it["author"] = self.people(lang, (0.8, 0.15, 0.05, 0))
            it["title"] = self.article_title(lang, nums)
            it["container-title"] = self.title(lang, nums, sub=0.2)
            it["editor"] = self.people(lang, (0.55, 0.35, 0.1, 0.0))
            a = nums.take(3, 700)
            it["page"] = f"{a}-{a + rng.randint(8, 40)}"
            nums.used.update(range(a, a + 50))
            if rng.random() < 0.1:
                it["volume"] = str(nums.take(1, 12))
            self.imprint(it, lang)
        elif kind in ("article", "review"):
            it["type"] = "article-journal" if kind == "article" else "review-book"
            it["author"] = self.people(lang, (0.75, 0.18, 0.07, 0))
            jl = lang if rng.random() < 0.85 else "en"
            it["container-title"] = rng.choice(p["journals"][jl])
            if rng.random() < 0.1:
                it["container-title-short"] = _abbrev(it["container-title"], p["journal_abbrev"])
            it["volume"] = str(nums.take(1, 90))
            if rng.random() < 0.7:
                it["issue"] = str(nums.take(1, 12))
            a = nums.take(3, 700)
            it["page"] = f"{a}-{a + rng.randint(5, 40)}"
            nums.used.update(range(a, a + 50))
            if rng.random() < 0.15:
                issued, year = self.date(1870, 2023, full=1.0)
                issued = {"date-parts": [issued["date-parts"][0][:2]]}
            if kind == "article":
                it["title"] = self.article_title(lang, nums)
            else:
                it["reviewed-author"] = self.people(lang, (0.85, 0.15, 0, 0))
                it["reviewed-title"] = self.title(lang, nums, sub=0.3)
        elif kind == "newspaper":
            it["type"] = "article-newspaper"
            if rng.random() < 0.6:
                it["author"] = self.people(lang, (1, 0, 0, 0))
            it["title"] = self.article_title(lang, nums)
            it["container-title"] = rng.choice(p["newspapers"][lang])
            issued, year = self.date(1880, 2020, full=1.0)
            if rng.random() < 0.4:
                it["page"] = str(nums.take(1, 24))
            if rng.random() < 0.1 and year > 1995:
                it["URL"] = f"https://www.{re.sub(r'[^a-z]', '', it['container-title'].lower())[:14]}.com/{year}/{rng.randint(10000, 99999)}"
        elif kind == "collected":
            it["type"] = rng.choice(["letter", "chapter"])
            author = self.people(lang, (1, 0, 0, 0))
            it["author"] = author
            cl = lang
            if it["type"] == "letter":
                it["title"] = {"en": "Letter to", "de": "Brief an", "fr": "Lettre à", "it": "Lettera a", "es": "Carta a", "ru": "Pis'mo k"}[cl] + " " + rng.choice(p["letter_recipients"])
                issued, year = self.date(1850, 1950, full=0.9)
            else:
                it["title"] = self.article_title(lang, nums)
                issued, year = self.date(1850, 1950)
            it["container-title"] = rng.choice(p["collected_works"][cl])
            if rng.random() < 0.5:
                it["container-author"] = author
            it["volume"] = str(nums.take(1, 55))
            a = nums.take(3, 700)
            it["page"] = f"{a}-{a + rng.randint(1, 12)}" if rng.random() < 0.7 else str(a)
            nums.used.update(range(a, a + 15))
            if rng.random() < 0.3:
                it["editor"] = self.people(lang, (0.7, 0.3, 0, 0))
            self.imprint(it, lang)
            pub, _ = self.date(1950, 2020)
            if it["type"] == "chapter" and rng.random() < 0.5:
                issued = pub
        elif kind == "thesis":
            it["type"] = "thesis"
            it["author"] = self.people(lang, (1, 0, 0, 0))
            it["title"] = self.title(lang, nums)
            it["genre"] = rng.choice(p["thesis_genre"][lang])
            it["publisher"] = rng.choice(p["universities"][lang])
            if rng.random() < 0.6:
                it["publisher-place"] = rng.choice(p["places"][lang])
            issued, year = self.date(1950, 2023)
        elif kind == "archival":
            it["type"] = "manuscript"
            arch = rng.choice(p["archives"])
            if rng.random() < 0.6:
                it["author"] = self.people(lang, (1, 0, 0, 0)) if rng.random() < 0.7 else [{"literal": rng.choice(p["corporate"][lang])}]
            heads = {"en": ["Memorandum on", "Report on", "Minutes of the meeting on", "Draft resolution on", "Note on"],
                     "de": ["Denkschrift über", "Bericht über", "Protokoll der Sitzung zur"],
                     "fr": ["Rapport sur", "Note sur", "Procès-verbal de la séance sur"],
                     "it": ["Relazione sulla", "Promemoria sulla"], "es": ["Informe sobre", "Memoria sobre"],
                     "ru": ["Doklad o", "Zapiska o", "Protokol zasedaniia po voprosu o"]}[lang]
            it["title"] = rng.choice(heads) + " " + rng.choice(p["title"][lang]["nouns"])
            it["archive"] = arch[0] if rng.random() < 0.6 else arch[1]
            a, b, c, d = (nums.take(2, 600) for _ in range(4))
            it["archive_location"] = arch[3].format(a=a, b=b, c=c, d=d)
            nums.used.update({a, b, c, d})
            if rng.random() < 0.5:
                it["archive-place"] = arch[2]
            issued, year = self.date(1880, 1990, full=0.7)
        it["issued"] = issued
        if it.get("title") and rng.random() < 0.5:
            short = self.short_title(it["title"])
            if short:
                it["title-short"] = short
        return it


def _abbrev(title: str, table: dict[str, str]) -> str:
    words = [table.get(w, w) for w in title.split() if w.lower() not in ("of", "the", "and", "for", "&", "für", "de", "d'")]
    return " ".join(words)


def clean(item: dict[str, Any]) -> dict[str, Any]:
    """The CSL-JSON of a generated record (private ``_`` keys dropped)."""
    return {k: v for k, v in item.items() if not k.startswith("_")}


# --- locale terms -----------------------------------------------------------------------


@lru_cache(maxsize=64)
def style_xml(style: str) -> bytes:
    from citekit.render import load_style

    return load_style(style)


@lru_cache(maxsize=64)
def terms(style: str, locale: str) -> dict[str, tuple[str, ...]]:
    """Every form of every term (``name`` → texts) the style may print in ``locale``:
    citeproc-py's locale file and the style's own ``cs:locale`` overrides."""
    from lxml import etree
    from citeproc import LOCALES_PATH

    ns = "{http://purl.org/net/xbiblio/csl}"
    out: dict[str, set[str]] = {}

    def add(root, lang_ok) -> None:
        for loc in root.iter(f"{ns}locale"):
            lang = loc.get("{http://www.w3.org/XML/1998/namespace}lang")
            if not lang_ok(lang):
                continue
            for t in loc.iter(f"{ns}term"):
                texts = [t.text or ""] + [c.text or "" for c in t]
                for x in texts:
                    x = x.strip()
                    if x:
                        out.setdefault(t.get("name"), set()).add(x)

    try:
        add(etree.parse(f"{LOCALES_PATH}/locales-{locale}.xml").getroot(), lambda lang: True)
    except OSError:
        pass
    add(etree.fromstring(style_xml(style)), lambda lang: lang is None or locale.startswith(lang) or lang.startswith(locale[:2]))
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


def _alt(words: Sequence[str]) -> str:
    """A regex alternation of ``words``, longest first; straight and curly apostrophes alike."""
    ws = sorted({w for w in words if w}, key=len, reverse=True)
    return "|".join(re.sub("['’]", "['’]", re.escape(w)) for w in ws) or "(?!)"


#: Label words styles write as literal text rather than as locale terms (OSCOLA's "vol",
#: "ed"; French "n°"), added to the terms of the same name.
FALLBACK_TERMS: dict[str, tuple[str, ...]] = {
    "volume": ("vol.", "vol", "vols.", "vols", "Vol.", "Bd.", "Bde.", "Band", "t.", "tome", "v.", "vv.", "tomo", "voll."),
    "issue": ("no.", "no", "nos.", "n°", "nº", "n.", "Nr.", "Heft", "H.", "fasc.", "núm.", "num."),
    "number": ("no.", "no", "n°", "nº", "Nr.", "núm."),
    "page": ("p.", "pp.", "p", "pp", "S.", "s.", "pág.", "págs.", "pag.", "pagg."),
    "edition": ("ed.", "edn", "edn.", "edition", "Aufl.", "Auflage", "éd.", "édition", "ed", "izd."),
    "editor": ("ed.", "eds.", "ed", "eds", "edited by", "Hrsg.", "Hg.", "Hgg.", "hg. v.", "hrsg. v.", "éd.", "dir.", "a cura di", "cur.", "coord."),
    "translator": ("trans.", "tr.", "trans", "translated by", "übers. v.", "Übers.", "trad.", "trad. par", "traduit par"),
    "chapter": ("ch.", "chap.", "chap", "Kap.", "cap."),
    "section": ("sec.", "§", "sect.", "Abschn."),
    "folio": ("fol.", "fols.", "f.", "ff.", "Bl."),
    "line": ("l.", "ll.", "Z."),
    "paragraph": ("para.", "paras.", "¶", "par.", "Abs."),
    "part": ("pt.", "pts.", "Tl.", "T."),
    "book": ("bk.", "bk", "bks."),
    "column": ("col.", "cols.", "Sp."),
    "note": ("n.", "nn.", "Anm."),
}


#: Locator labels of the generated cites: (CSL label, weight).
LOCATOR_LABELS = (("page", 0.76), ("volume", 0.04), ("chapter", 0.04), ("section", 0.03), ("folio", 0.03),
                  ("line", 0.02), ("paragraph", 0.02), ("part", 0.02), ("book", 0.01), ("column", 0.01), ("note", 0.02))
_LOCATOR_TERMS = tuple(l for l, _ in LOCATOR_LABELS) + ("issue", "verse", "figure", "opus", "sub-verbo")
#: Term names whose forms are label words of each numeric field.
_NUMBER_TERMS = {
    "volume": ("volume",), "issue": ("issue", "number"), "page": ("page",), "number-of-volumes": ("volume",),
    "edition": ("edition",), "collection-number": ("number", "issue"),
}


@lru_cache(maxsize=64)
def _term_re(style: str, locale: str, names: tuple[str, ...]) -> str:
    t = terms(style, locale)
    ws = [w for n in names for w in t.get(n, ())]
    ws += [w for n in names for w in t.get(n + "s", ())]
    ws += [w for n in names for w in FALLBACK_TERMS.get(n, ())]
    return _alt(ws)


# --- labelling ---------------------------------------------------------------------------

_SEP = r"[\s\u00a0,./\-–]"


class Labeller:
    """Labels one rendering (a plain string and a label per character) from its records."""

    def __init__(self, style: str, locale: str) -> None:
        self.style, self.locale = style, locale
        t = terms(style, locale)
        self.t = t
        self.conn = _alt([*t.get("and", ()), "&", "and"])
        self.etal = _alt([*t.get("et-al", ()), *t.get("and others", ()), "et al."])
        self.role_terms = {
            "author": "(?!)",
            "editor": _alt([w for n in ("editor", "editors", "collection-editor", "container-editor") for w in t.get(n, ())] + list(FALLBACK_TERMS["editor"])),
            "translator": _alt([w for n in ("translator", "translators") for w in t.get(n, ())] + list(FALLBACK_TERMS["translator"])),
        }
        months = [w for i in range(1, 13) for w in t.get(f"month-{i:02d}", ())]
        seasons = [w for i in range(1, 5) for w in t.get(f"season-{i:02d}", ())]
        self.months = _alt(months + seasons)
        self.nodate = _alt(t.get("no date", ()))
        self.ordinal_long = {i: t.get(f"long-ordinal-{i:02d}", ()) for i in range(1, 11)}

    # names -------------------------------------------------------------------
    @staticmethod
    def _name_tokens(names: list[dict[str, str]]) -> list[str]:
        toks: list[str] = []
        for n in names:
            for key in ("given", "dropping-particle", "non-dropping-particle", "suffix"):
                v = n.get(key) or ""
                for w in re.split(r"[\s\u00a0]+", v):
                    if not w:
                        continue
                    toks.append(w)
                    for part in re.split(r"-", w):
                        if part:
                            toks.append(part)
                            if key == "given":
                                toks.append(part[0] + ".")
                                toks.append(part[0])
        return toks

    def names(self, text: str, labels: list[str], spans: list[tuple[str, int, int]], records: list[dict[str, Any]]) -> None:
        """Label names blocks: family spans merged over the name pieces, connectors and role
        terms between them (only pieces of the same record), then extended over the given
        names, initials, particles, "et al." and role terms next to them."""
        spans = sorted(spans, key=lambda s: s[1])
        # which records each family span can belong to
        def owners(role: str, fam: str) -> set[int]:
            out = set()
            for i, r in enumerate(records):
                for var, lab in NAME_ROLES.items():
                    if NAME_ROLES.get(var) != NAME_ROLES[role] and var != role:
                        continue
                    for n in r.get(var) or ():
                        v = n.get("family") or n.get("literal") or ""
                        if _fold(v) == _fold(fam):
                            out.add(i)
            return out

        blocks: list[list[Any]] = []  # [label, start, end, owners, role vars]
        for role, s, e in spans:
            lab = NAME_ROLES[role]
            own = owners(role, text[s:e])
            for k in range(s, e):
                labels[k] = lab
            if blocks and blocks[-1][0] == lab and (blocks[-1][3] & own):
                b = blocks[-1]
                gap = text[b[2]:s]
                recs = [records[i] for i in (b[3] & own)]
                pat = self._block_pattern(lab, recs)
                if all(labels[k] == OTHER for k in range(b[2], s)) and re.fullmatch(f"(?:{_SEP}|\\(|\\)|;|{pat})*", gap, re.I):
                    for k in range(b[2], s):
                        labels[k] = lab
                    b[2], b[3] = e, b[3] & own
                    continue
            blocks.append([lab, s, e, own])
        for lab, s, e, own in blocks:
            recs = [records[i] for i in own] or records
            self._extend(text, labels, lab, s, e, recs)

    def _block_pattern(self, lab: str, recs: list[dict[str, Any]]) -> str:
        names = [n for r in recs for var, l in NAME_ROLES.items() if l == lab for n in (r.get(var) or ())]
        return _alt(self._name_tokens(names)) + "|" + self.conn + "|" + self.etal + "|" + self.role_terms[lab] + "|" + r"\(" + f"(?:{self.role_terms[lab]})" + r"\)"

    def _extend(self, text: str, labels: list[str], lab: str, s: int, e: int, recs: list[dict[str, Any]]) -> None:
        names = [n for r in recs for var, l in NAME_ROLES.items() if l == lab for n in (r.get(var) or ())]
        tok = _alt(self._name_tokens(names))
        role = self.role_terms[lab]
        piece = f"(?:{tok}|{self.etal}|\\((?:{role})\\)|{role})"
        conn = self.conn
        # right: (sep* (conn sep+)* piece)+  over "other" characters only
        j = e
        while j < len(text) and labels[j] == OTHER:
            j += 1
        right = text[e:j]
        m = re.match(f"(?:{_SEP}*(?:(?:{conn}){_SEP}+)*(?<![^\\W\\d_]){piece}(?![^\\W\\d_]))+", right, re.I)
        if m and m.end():
            for k in range(e, e + m.end()):
                labels[k] = lab
        i = s
        while i > 0 and labels[i - 1] == OTHER:
            i -= 1
        left = text[i:s]
        m = re.search(f"(?<![^\\W\\d_])(?:{piece}(?:{_SEP}+(?:{conn}))*{_SEP}*)+$", left, re.I)
        if m and m.start() < len(left):
            for k in range(i + m.start(), s):
                labels[k] = lab

    # numbers ---------------------------------------------------------------
    def _find(self, text: str, labels: list[str], pattern: str, flags=0) -> list[tuple[int, int]]:
        out = []
        for m in re.finditer(pattern, text, flags):
            if m.end() > m.start() and all(labels[k] == OTHER for k in range(m.start(), m.end())):
                out.append((m.start(), m.end()))
        return out

    def _set(self, labels: list[str], a: int, b: int, lab: str) -> None:
        for k in range(a, b):
            labels[k] = lab

    def _with_terms(self, text: str, labels: list[str], a: int, b: int, term_re: str) -> tuple[int, int]:
        """Widen [a, b) over a label term right before ("vol. 3", "S.\u00a0152") or right
        after ("3 vols.", "2. Aufl.")."""
        i = a
        while i > 0 and labels[i - 1] == OTHER and a - i < 25:
            i -= 1
        m = re.search(f"(?<![^\\W\\d_])(?:{term_re})\\.?[\\s\\u00a0]?$", text[i:a], re.I)
        if m:
            a = i + m.start()
        j = b
        while j < len(text) and labels[j] == OTHER and j - b < 25:
            j += 1
        m = re.match(f"[\\s\\u00a0]?(?:{term_re})(?![^\\W\\d_])", text[b:j], re.I)
        if m:
            b = b + m.end()
        return a, b

    def number(self, text: str, labels: list[str], value: str, lab: str, term_names: tuple[str, ...], *, roman: bool = True) -> bool:
        """Label every occurrence of the number or range ``value`` (with its label terms) as ``lab``."""
        v = value.strip()
        m = re.fullmatch(r"(\d+)\s*[-–]\s*(\d+)", v)
        if m:
            pat = f"(?<![\\d]){m.group(1)}(?:[\\s\\u00a0]?[-–‑‐][\\s\\u00a0]?\\d+)?(?![\\d])"
        elif v.isdigit():
            pat = f"(?<![\\d]){v}(?![\\d])"
            if roman and 0 < int(v) < 40:
                r = _roman(int(v))
                pat = f"(?:{pat}|(?<![^\\W\\d_]){r}(?![^\\W\\d_])|(?<![^\\W\\d_]){r.lower()}(?![^\\W\\d_]))"
        else:
            pat = "(?<![\\w])" + re.escape(v) + "(?![\\w])"
        hits = self._find(text, labels, pat)
        term_re = _term_re(self.style, self.locale, term_names) if term_names else None
        for a, b in hits:
            if term_re:
                a, b = self._with_terms(text, labels, a, b, term_re)
            self._set(labels, a, b, lab)
        return bool(hits)

    def edition(self, text: str, labels: list[str], value: str) -> None:
        """Label a numeric edition as printed: "2nd ed.", "2. Aufl.", "2e éd.", "second edition"."""
        n = int(value)
        term_re = _term_re(self.style, self.locale, ("edition",))
        longs = _alt(self.ordinal_long.get(n, ()))
        pat = f"(?:(?<!\\d){n}(?:st|nd|rd|th|d|e|er|re|ème|\\.|ª|º|a|o|-e)?(?![\\w])|(?<![^\\W\\d_])(?:{longs})(?![^\\W\\d_]))(?:[\\s\\u00a0]?(?:{term_re})(?![^\\W\\d_]))?"
        for a, b in self._find(text, labels, pat, re.I):
            a, b = self._with_terms(text, labels, a, b, term_re)
            self._set(labels, a, b, "edition")

    def date(self, text: str, labels: list[str], date: dict[str, Any] | None) -> None:
        """Label a CSL date: the year (range, suffix) with the month and day next to it, the
        month and day printed elsewhere, or the locale's "no date" term when there is none."""
        parts = (date or {}).get("date-parts") or []
        if not parts or not parts[0]:
            for a, b in self._find(text, labels, f"(?<![^\\W\\d_])(?:{self.nodate})", re.I):
                self._set(labels, a, b, "date")
            return
        first = parts[0]
        y = first[0]
        end = parts[1][0] if len(parts) > 1 and parts[1] else None
        tail = ""
        if end:
            tail = f"(?:[\\s\\u00a0]?[-–‑/][\\s\\u00a0]?(?:{end}|{str(end)[2:]}|{str(end)[3:]}))?"
        pat = f"(?<!\\d){y}{tail}(?:[a-z](?![\\w.]))?(?!\\d)"  # a year-suffix letter: "1977a"
        tokens = []
        if len(first) > 1:
            m = first[1]
            tokens += [self.months, f"0?{m}(?!\\d)"]
        if len(first) > 2:
            d = first[2]
            tokens += [f"0?{d}(?:st|nd|rd|th|er|º|\\.)?(?![\\d])", "de"]
        tok = "|".join(tokens)
        for a, b in self._find(text, labels, pat):
            if tok:
                for _ in range(4):  # left: day / month next to the year
                    i = a
                    while i > 0 and labels[i - 1] == OTHER and a - i < 30:
                        i -= 1
                    m = re.search(f"(?<![^\\W\\d_])(?:{tok})[\\s\\u00a0,./-]{{0,3}}$", text[i:a], re.I)
                    if not m or m.start() == len(text[i:a]):
                        break
                    a = i + m.start()
                for _ in range(4):
                    j = b
                    while j < len(text) and labels[j] == OTHER and j - b < 30:
                        j += 1
                    m = re.match(f"[\\s\\u00a0,./-]{{0,3}}(?:{tok})(?![^\\W\\d_])", text[b:j], re.I)
                    if not m or not m.end():
                        break
                    b += m.end()
            self._set(labels, a, b, "date")
        if len(first) > 1:  # day and month printed apart from the year ("Vorwärts, 10 March")
            month = _alt(self.t.get(f"month-{first[1]:02d}", ()))
            day = f"0?{first[2]}(?:st|nd|rd|th|er|º|\\.)?" if len(first) > 2 else "(?!)"
            pat = f"(?:(?<!\\d){day}[\\s\\u00a0]+(?:de[\\s\\u00a0]+)?)?(?<![^\\W\\d_])(?:{month})(?![^\\W\\d_])(?:[\\s\\u00a0]+{day}(?!\\d))?"
            for a, b in self._find(text, labels, pat, re.I):
                self._set(labels, a, b, "date")

    def relation(self, text: str, labels: list[str], prefix: str) -> None:
        """Label a cite's prefix ("See", "Vgl.") as printed, case aside."""
        p = prefix.strip()
        if not p:
            return
        for a, b in self._find(text, labels, f"(?<![^\\W\\d_]){re.escape(p)}", re.I)[:1]:
            self._set(labels, a, b, "relation")

    # one rendering ----------------------------------------------------------
    def label(self, marked: str, records: list[dict[str, Any]], cites: Sequence[dict[str, Any]] = (), kind: str = "reference") -> tuple[tuple[str, str], ...] | None:
        """Segments of one marked rendering of ``records`` (cited by ``cites``), or None."""
        r = read_markers(marked)
        if r is None:
            return None
        text, labels, spans, _ = r
        self.names(text, labels, spans, records)
        if kind == "reference":
            m = re.match(r"[—–-]{2,}|_{3,}", text)
            if m:
                role = "author" if any(records[0].get(v) for v in ("author",)) else "editor"
                self._set(labels, m.start(), m.end(), role)
        for c in cites:
            if c.get("prefix"):
                self.relation(text, labels, c["prefix"])
        for c in cites:
            if c.get("locator"):
                lab = "volume" if c.get("label") == "volume" else "locator"
                # any locator label word next to it: styles print "p." whatever the label (le-tapuscrit's ibid)
                self.number(text, labels, c["locator"], lab, _LOCATOR_TERMS, roman=lab == "volume")
        for rec in records:
            if rec.get("page"):
                self.number(text, labels, rec["page"], "locator", ("page",), roman=False)
            for var, lab in (("volume", "volume"), ("number-of-volumes", "volume"), ("issue", "issue"), ("collection-number", "collection-title")):
                if rec.get(var):
                    self.number(text, labels, rec[var], lab, _NUMBER_TERMS[var], roman=var == "volume")
            if str(rec.get("edition", "")).isdigit():
                self.edition(text, labels, rec["edition"])
        for rec in records:
            self.date(text, labels, rec.get("issued"))
            if rec.get("original-date"):
                self.date(text, labels, rec["original-date"])
        if not set(labels) <= _VALID:
            return None
        segs: list[list[str]] = []
        for ch, lab in zip(text, labels):
            if segs and segs[-1][1] == lab:
                segs[-1][0] += ch
            else:
                segs.append([ch, lab])
        return tuple((s, l) for s, l in segs)


def _fold(s: str) -> str:
    """``s`` compared loosely: case and apostrophe shape ignored (the engine prints ’ for ')."""
    return s.lower().replace("’", "'")


def _roman(n: int) -> str:
    out = ""
    for v, s in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out += s
            n -= v
    return out


# --- documents: clusters of cites ----------------------------------------------------------

PREFIXES = {
    "en": ("See ", "Cf. ", "See also ", "Quoted in ", "See, for example, "),
    "de": ("Vgl. ", "Siehe ", "Zit. nach ", "Vgl. auch ", "Siehe dazu "),
    "fr": ("Voir ", "Cf. ", "Voir aussi ", "Cité dans ", "Voir notamment "),
    "it": ("Cfr. ", "Vedi ", "Si veda ", "Citato in "),
    "es": ("Véase ", "Cf. ", "Véase también ", "Citado en "),
}


def _locator(rng: random.Random, rec: dict[str, Any]) -> dict[str, str]:
    """A cite's locator for ``rec`` (its value unique in the record: not a volume, issue, page)."""
    nums: _Numbers = rec["_nums"]
    label = _pick(rng, LOCATOR_LABELS)
    if label == "volume" and (rec.get("volume") or rec.get("type") != "book"):
        label = "page"
    if label == "page":
        lo, hi = 2, 999
        if rec.get("page") and "-" in rec["page"]:
            a, b = (int(x) for x in rec["page"].split("-"))
            lo, hi = a + 1, b - 1
        v = nums.take(lo, max(lo, hi))
        if rng.random() < 0.15:
            w = v + rng.randint(1, 9)
            nums.used.update(range(v, w + 1))
            return {"locator": f"{v}-{w}", "label": "page"}
        return {"locator": str(v), "label": "page"}
    if label == "folio":
        return {"locator": f"{nums.take(2, 300)}{rng.choice(['r', 'v', ''])}", "label": "folio"}
    if label in ("volume", "book", "part"):
        return {"locator": str(nums.take(1, 12)), "label": label}
    return {"locator": str(nums.take(2, 60)), "label": label}


def document_clusters(rng: random.Random, recs: list[dict[str, Any]], kind: str, lang: str) -> list[tuple[int, list[dict[str, Any]]]]:
    """Citation clusters ``(note number, [cites])`` citing every record of a document, in an
    order that makes first, subsequent, ibid and ibid-with-locator positions happen, with
    two-work notes and prefixes.  In-text styles get note number 0."""
    prefixes = PREFIXES.get(lang, PREFIXES["en"])
    out: list[tuple[int, list[dict[str, Any]]]] = []
    note = 0
    cited: list[dict[str, Any]] = []

    def cite(rec, *, loc=0.85, pre=0.12):
        c: dict[str, Any] = {"id": rec["id"]}
        if rng.random() < loc:
            c.update(_locator(rng, rec))
        if rng.random() < pre:
            p = rng.choice(prefixes)
            c["prefix"] = p if kind == "note" else p.lower()
        return c

    def emit(cites):
        nonlocal note
        note += rng.choice((1, 1, 1, 2))
        out.append((note if kind == "note" else 0, cites))

    for rec in recs:
        emit([cite(rec)])
        cited.append(rec)
        if kind == "note":
            if rng.random() < 0.45:  # ibid / ibid with locator right after
                last = out[-1][1][0]
                if rng.random() < 0.4 and last.get("locator"):
                    emit([{k: v for k, v in last.items() if k != "prefix"}])
                else:
                    emit([cite(rec, loc=0.95, pre=0.05)])
            if len(cited) > 2 and rng.random() < 0.5:  # subsequent short note
                emit([cite(rng.choice(cited[:-1]))])
        elif rng.random() < 0.3 and len(cited) > 1:
            emit([cite(rng.choice(cited[:-1]))])
        if len(cited) > 2 and rng.random() < 0.18:  # two works in one note / parenthesis
            a, b = rng.sample(cited, 2)
            fa = {n.get("family") for v in NAME_ROLES for n in a.get(v) or ()}
            fb = {n.get("family") for v in NAME_ROLES for n in b.get(v) or ()}
            if not (fa & fb):
                emit([cite(a, pre=0.05), cite(b, pre=0.1)])
    return out


# --- rendering --------------------------------------------------------------------------------


class Stats:
    """Counts of what was generated and what was dropped, and why."""

    def __init__(self) -> None:
        self.kept: Counter = Counter()
        self.dropped: Counter = Counter()
        self.labels: Counter = Counter()


def render_doc(style: str, locale: str, kind: str, recs: list[dict[str, Any]], clusters, stats: Stats, doc: str) -> list[Example]:
    """Render one document of records in ``style`` twice (marked and plain) and label the outputs."""
    from citekit.errors import StyleError
    from citekit.render import Bibliography

    plain_items = [clean(r) for r in recs]
    marked_items = [mark_item(clean(r), i) for i, r in enumerate(recs)]
    xml = style_xml(style)
    try:
        pc, pb = Bibliography(plain_items).render_document(clusters, xml, locale=locale, fmt="text")
        mc, mb = Bibliography(marked_items).render_document(clusters, xml, locale=locale, fmt="text")
    except StyleError:
        if len(recs) == 1:
            stats.dropped[(style, "engine error")] += 1 + len(clusters)
            return []
        out = []  # isolate the item the engine fails on
        for r in recs:
            cl = [(n, cs) for n, cs in clusters if all(c["id"] == r["id"] for c in cs)]
            out += render_doc(style, locale, kind, [r], cl, stats, doc)
        return out
    lab = Labeller(style, locale)
    by_id = {r["id"]: r for r in recs}
    out: list[Example] = []
    ckind = "note" if kind == "note" else "intext"
    for (_, cites), p, m in zip(clusters, pc, mc):
        if "CSL STYLE ERROR" in p:
            stats.dropped[(style, "no printed form")] += 1
            continue
        if strip_markers(m) != p:
            stats.dropped[(style, "marked != plain")] += 1
            continue
        segs = lab.label(m, [by_id[c["id"]] for c in cites], cites, ckind)
        if segs is None:
            stats.dropped[(style, "markers unbalanced")] += 1
            continue
        out.append(Example("synthetic", doc, ckind, segs))
    plain_left = Counter(pb)
    for m in mb:
        s = strip_markers(m)
        if plain_left[s] <= 0:
            stats.dropped[(style, "marked != plain")] += 1
            continue
        plain_left[s] -= 1
        r = read_markers(m)
        if r is None or "CSL STYLE ERROR" in s:
            stats.dropped[(style, "markers unbalanced")] += 1
            continue
        recs_here = [recs[i] for i in sorted(r[3]) if i < len(recs)]
        if not recs_here:  # only names printed: the one record with those family names
            fams = {r[0][a:b].lower() for _, a, b in r[2]}
            fams = {_fold(f) for f in fams}
            recs_here = [x for x in recs if fams and fams <= {_fold(n.get("family") or n.get("literal") or "") for v in NAME_ROLES for n in x.get(v) or ()}][:2]
        if len(recs_here) != 1:
            stats.dropped[(style, "entry's record unknown")] += 1
            continue
        segs = lab.label(m, recs_here, (), "reference")
        if segs is None:
            stats.dropped[(style, "markers unbalanced")] += 1
            continue
        out.append(Example("synthetic", doc, "reference", segs))
    return out


def generate(n_records: int = 1000, seed: int = 7, *, styles: Sequence[str] | None = None, styles_per_doc: int = STYLES_PER_DOC,
             perturb: float = 0.4, stats: Stats | None = None) -> Iterator[Example]:
    """Labelled examples from ``n_records`` invented records (deterministic for a ``seed``).

    Records come in documents of :data:`DOC_SIZE`; each document is rendered in
    ``styles_per_doc`` styles drawn by weight from :data:`STYLES` (or from ``styles``,
    names of that table, all of them if fewer than ``styles_per_doc``), as its
    bibliography plus its notes / in-text citations.  A fraction ``perturb`` of the
    examples is passed through :func:`hand_typed`.  ``stats`` (a :class:`Stats`) collects
    counts of kept and dropped outputs.  Yields :class:`training.common.Example`."""
    stats = stats if stats is not None else Stats()
    rng = random.Random(seed)
    maker = RecordMaker(seed)
    table = [s for s in STYLES if styles is None or s[0] in styles]
    if not table:
        raise ValueError(f"no known style among {styles}")
    for start in range(0, n_records, DOC_SIZE):
        recs = [maker.record(i) for i in range(start, min(n_records, start + DOC_SIZE))]
        group = start // DOC_SIZE
        if len(table) <= styles_per_doc:
            chosen = table
        else:
            chosen, pool = [], list(table)
            while len(chosen) < styles_per_doc:
                s = rng.choices(pool, [w for *_, w in pool])[0]
                pool.remove(s)
                chosen.append(s)
        for style, locale, kind, _ in chosen:
            clusters = document_clusters(rng, recs, kind, locale[:2])
            cl = [(n, [{k: v for k, v in c.items()} for c in cs]) for n, cs in clusters]
            doc = f"synth-{style}-{group}"
            for ex in render_doc(style, locale, kind, recs, cl, stats, doc):
                if rng.random() < perturb:
                    ex = hand_typed(ex, rng, locale[:2])
                stats.kept[(style, ex.kind)] += 1
                for _, l in ex.segments:
                    stats.labels[l] += 1
                yield ex


# --- hand-typing perturbations ------------------------------------------------------------------

_IBID = re.compile(r"\b(?:Ibid|ibid|Ebd|ebd|Ibidem|ibidem|Ivi|ivi|Ib\.)\.?")
_PROSE_BEFORE = {
    "en": ("On this see ", "For the figures, ", "As is well known, ", "The best account is "),
    "de": ("Dazu ", "Zu den Zahlen ", "Grundlegend ", "Ausführlich "),
    "fr": ("Sur ce point, ", "Pour les chiffres, ", "Voir surtout "),
    "it": ("Su questo punto, ", "Per i dati, "),
    "es": ("Sobre este punto, ", "Para las cifras, "),
}
_PROSE_AFTER = {
    "en": (", who argues the opposite.", "; the figures there are too low.", ". The point is disputed.", ", a view now abandoned."),
    "de": (", der das Gegenteil behauptet.", "; dort auch weitere Literatur.", ". Anders die ältere Forschung."),
    "fr": (", qui soutient le contraire.", " ; voir aussi la bibliographie.", ". Le point reste discuté."),
    "it": (", che sostiene il contrario.", "; ivi ulteriore bibliografia."),
    "es": (", quien sostiene lo contrario.", "; allí más bibliografía."),
}


def _merge(segs: list[list[str]]) -> tuple[tuple[str, str], ...]:
    out: list[list[str]] = []
    for t, l in segs:
        if not t:
            continue
        if out and out[-1][1] == l:
            out[-1][0] += t
        else:
            out.append([t, l])
    return tuple((t, l) for t, l in out)


def hand_typed(ex: Example, rng: random.Random, lang: str = "en") -> Example:
    """``ex`` as someone might have typed it: a few of these, each applied to segments so the
    labels stay aligned (rule source: the forms in the project's own corpus texts and in
    LinkedBooks' footnotes): "p208" / "p 208" / "pp208-9"; "Vol 30" / "vol.30" / "v. 30" / "iii.";
    quotes around titles dropped; surnames in capitals; initials without dots ("VI Lenin");
    journal names abbreviated; no space after commas; a punctuation mark dropped or doubled;
    "ibid" / "Ibid" / "ib." / "Id." / "ebd."; OCR slips (rn → m, l → 1); prose before or after a
    note (``other``); rarely (3 %) a garbled string."""
    segs = [[t, l] for t, l in ex.segments]
    ops = [_pages, _volumes, _quotes, _caps, _initials, _journal, _commas, _punct, _ibid, _ocr, _prose]
    weights = [3, 2, 2, 1, 2, 1, 2, 2, 2, 1, 2 if ex.kind == "note" else 0]
    k = rng.choice((1, 1, 2, 2, 3))
    for _ in range(k):
        for op in rng.choices(ops, weights, k=6):  # the first that applies
            done = op(segs, rng, lang, ex.kind)
            if done:
                segs = done
                break
    if rng.random() < 0.03:
        segs = _garble(segs, rng)
    return Example(ex.source, ex.doc, ex.kind, _merge(segs))


def _pages(segs, rng, lang, kind):
    for s in segs:
        if s[1] == "locator":
            m = re.match(r"(pp?\.|S\.|p\.|pag\.|págs?\.)[\s\u00a0]?(\d+)(?:[-–](\d+))?", s[0])
            if m:
                a, b = m.group(2), m.group(3)
                lab = "pp" if b else "p"
                form = rng.choice(("{l}{a}", "{l} {a}", "{l}. {a}", "{a}", "{l}.{a}"))
                rng_b = ("-" + (b[-len(b) + len(a) - 1:] if len(b) == len(a) and rng.random() < 0.5 else b)) if b else ""
                s[0] = form.format(l=lab if lang == "en" else m.group(1).rstrip("."), a=a) + rng_b + s[0][m.end():]
                return segs
    return None


def _volumes(segs, rng, lang, kind):
    for s in segs:
        if s[1] == "volume":
            m = re.match(r"(?i)(vol\.|vols\.|bd\.|t\.|v\.)[\s\u00a0]?(\d+)", s[0])
            if m:
                n = int(m.group(2))
                form = rng.choice(("Vol {n}", "vol.{n}", "v. {n}", "Vol. {r}", "{rl}.", "vol {n}", "{R}"))
                s[0] = form.format(n=n, r=_roman(n), rl=_roman(n).lower(), R=_roman(n)) + s[0][m.end():]
                return segs
            if s[0].isdigit() and int(s[0]) < 40 and rng.random() < 0.5:
                s[0] = _roman(int(s[0])) if rng.random() < 0.5 else _roman(int(s[0])).lower()
                return segs
    return None


def _quotes(segs, rng, lang, kind):
    changed = False
    for i, s in enumerate(segs):
        if s[1] == "title":
            for j, end in ((i - 1, True), (i + 1, False)):
                if 0 <= j < len(segs) and segs[j][1] == OTHER:
                    t = segs[j][0]
                    segs[j][0] = re.sub(r"[“”‘’«»„\"]\s?$", "", t) if end else re.sub(r"^([,.]?)[“”‘’«»„\"]", r"\1", t)
                    changed = True
    return segs if changed else None


def _caps(segs, rng, lang, kind):
    for s in segs:
        if s[1] in ("author", "editor"):
            if "," in s[0]:
                head, rest = s[0].split(",", 1)
                s[0] = head.upper() + "," + rest
            else:
                words = s[0].split(" ")
                words[-1] = words[-1].upper()
                s[0] = " ".join(words)
            return segs
    return None


def _initials(segs, rng, lang, kind):
    for s in segs:
        if s[1] in ("author", "editor", "translator") and re.search(r"\b[A-Z]\. ?[A-Z]\.", s[0]):
            s[0] = re.sub(r"\b([A-Z])\. ?([A-Z])\.(?: ?([A-Z])\.)?", lambda m: "".join(g for g in m.groups() if g), s[0])
            return segs
    return None


def _journal(segs, rng, lang, kind):
    table = pools()["journal_abbrev"]
    for s in segs:
        if s[1] == "container-title" and any(w in s[0].split() for w in table):
            s[0] = _abbrev(s[0], table)
            return segs
    return None


def _commas(segs, rng, lang, kind):
    changed = False
    for s in segs:
        if ", " in s[0] and rng.random() < 0.6:
            s[0] = s[0].replace(", ", ",", 1)
            changed = True
    return segs if changed else None


def _punct(segs, rng, lang, kind):
    cands = [i for i, s in enumerate(segs) if s[1] == OTHER and re.search(r"[.,:;]", s[0])]
    if not cands:
        return None
    s = segs[rng.choice(cands)]
    pos = [m.start() for m in re.finditer(r"[.,:;]", s[0])]
    p = rng.choice(pos)
    s[0] = s[0][:p] + ("" if rng.random() < 0.6 else s[0][p] * 2) + s[0][p + 1 :]
    return segs


def _ibid(segs, rng, lang, kind):
    for s in segs:
        if s[1] == OTHER and _IBID.search(s[0]):
            forms = ("ibid", "Ibid", "ib.", "Id.", "ibid.") if lang != "de" else ("ebd.", "Ebd", "ebenda", "ibid.")
            s[0] = _IBID.sub(rng.choice(forms), s[0], count=1)
            return segs
    return None


def _ocr(segs, rng, lang, kind):
    cands = [i for i, s in enumerate(segs) if s[1] != OTHER and ("rn" in s[0] or "l" in s[0])]
    if not cands:
        return None
    s = segs[rng.choice(cands)]
    if "rn" in s[0] and rng.random() < 0.6:
        s[0] = s[0].replace("rn", "m", 1)
    elif "l" in s[0]:
        p = rng.choice([m.start() for m in re.finditer("l", s[0])])
        s[0] = s[0][:p] + "1" + s[0][p + 1 :]
    return segs


def _prose(segs, rng, lang, kind):
    if kind != "note":
        return None
    before = _PROSE_BEFORE.get(lang, _PROSE_BEFORE["en"])
    after = _PROSE_AFTER.get(lang, _PROSE_AFTER["en"])
    if rng.random() < 0.5 and segs[0][1] != "relation":
        p = rng.choice(before)
        if segs[0][1] == OTHER or segs[0][0][:1].isupper():
            first = segs[0]
            if first[1] in ("relation", OTHER) and first[0][:1].isupper() and not re.match(r"(?:Ibid|Ebd|Id\b)", first[0]):
                first[0] = first[0][0].lower() + first[0][1:]
        segs.insert(0, [p, OTHER])
    else:
        last = segs[-1]
        if last[1] == OTHER and last[0].endswith("."):
            last[0] = last[0][:-1]
        segs.append([rng.choice(after), OTHER])
    return segs


def _garble(segs, rng):
    for _ in range(rng.randint(2, 5)):
        i = rng.randrange(len(segs))
        t = segs[i][0]
        if len(t) < 2:
            continue
        p = rng.randrange(len(t) - 1)
        op = rng.random()
        if op < 0.4:
            t = t[:p] + t[p + 1 :]
        elif op < 0.7:
            t = t[:p] + t[p + 1] + t[p] + t[p + 2 :]
        else:
            t = t[:p] + rng.choice(" .,;-") + t[p:]
        segs[i][0] = t
    return segs


# --- command line --------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--records", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", default="/tmp/synth.jsonl")
    ap.add_argument("--styles", nargs="*", help="style names (default: the whole table)")
    ap.add_argument("--styles-per-doc", type=int, default=STYLES_PER_DOC)
    ap.add_argument("--perturb", type=float, default=0.4)
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    stats = Stats()
    n = write_jsonl(generate(a.records, a.seed, styles=a.styles, styles_per_doc=a.styles_per_doc, perturb=a.perturb, stats=stats), a.out)
    dt = time.perf_counter() - t0
    print(f"{n} examples from {a.records} records in {dt:.1f} s -> {a.out}")
    by_style: dict[str, Counter] = {}
    for (style, kind), c in stats.kept.items():
        by_style.setdefault(style, Counter())[kind] += c
    drops: dict[str, Counter] = {}
    for (style, why), c in stats.dropped.items():
        drops.setdefault(style, Counter())[why] += c
    print(f"{'style':55} {'reference':>9} {'note':>6} {'intext':>6} dropped")
    for style in sorted(by_style):
        c = by_style[style]
        print(f"{style:55} {c['reference']:9} {c['note']:6} {c['intext']:6} {dict(drops.get(style, {}))}")
    kinds = Counter()
    for (_, kind), c in stats.kept.items():
        kinds[kind] += c
    print("kinds:", dict(kinds))
    print("segments by label:", dict(stats.labels.most_common()))
    print(f"dropped: {sum(stats.dropped.values())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
