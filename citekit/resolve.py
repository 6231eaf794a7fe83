"""Resolution: parsed citations -> refs to normalised records.

Works in the order a careful reader does (docs/resolution.md):

1. reference-list entries become records first, indexed by (surname, year+suffix);
2. citations are then walked in document order, keeping the previous citation
   (for ibid), the works seen per author (for op. cit.), the abbreviations
   declared so far, and every record made;
3. each citation is resolved by the first rule that applies: ibid -> idem ->
   op. cit./loc. cit. -> author-date key -> periodical -> abbreviation ->
   author + title (earlier records, then the knowledge base) -> title only ->
   author only; failing all, a full citation makes a new record and anything
   else stays unresolved (``record: null``) with its candidates;
4. records merge what all their citations say; the knowledge base fills gaps.
"""

from __future__ import annotations

import bisect
import functools
import re

from collections import Counter, defaultdict
from typing import Any, Iterable, Sequence

import attrs
from rapidfuzz import fuzz, process

from . import patterns as P
from .knowledge import KnowledgeBase, Work, fold, title_words
from .bibio import csl_edition
from .language import guess_language, needs_context, text_language
from .detect import ANY_YEAR, corporate_heads, keyed_head
from .locators import find_locators, roman_to_int
from .model import Citation, Fields, Form, Name, Note, Record, Ref

#: Title similarity (0-100) above which two titles name the same work.
TITLE_MATCH = 88
#: Surname similarity above which two spellings are one author (Shapiro / Schapiro).
NAME_MATCH = 85


@attrs.define
class _RecordBuilder:
    key: str
    work: Work | None = None
    periodical: bool = False
    provisional: bool = False
    fields: list[Fields] = attrs.field(factory=list)
    sources: list[int] = attrs.field(factory=list)
    csl: dict[str, Any] = attrs.field(factory=dict)
    _titles: dict[str, None] = attrs.field(factory=dict)  # titles seen, in order (kept as fields arrive)
    _surnames: tuple[str, ...] = ()
    order: int = 0  # creation order: the earlier record wins a tie in title matching

    def add(self, f: Fields, index: int) -> bool:
        """Add a citation's fields; True when the surnames (which group records for matching) changed.

        New titles need no signal: matching reads :attr:`titles` live.
        """
        self.fields.append(f)
        self.sources.append(index)
        if f.title and f.title not in self._titles:
            self._titles[f.title] = None
        if not self._surnames and f.surnames:
            before = self.surnames
            self._surnames = tuple(fold(s) for s in f.surnames) + _family_first_alternates(f)
            return self.surnames != before
        return False

    @property
    def surnames(self) -> tuple[str, ...]:
        if self.work is not None:
            return self.work.surnames
        if self._surnames:
            return self._surnames
        return tuple(fold(n.get("family") or n.get("literal", "")) for n in self.csl.get("author", []))

    @property
    def titles(self) -> tuple[str, ...]:
        if self.work is not None:
            return self.work.titles
        return tuple(self._titles)


def _family_first_alternates(f: Fields) -> tuple[str, ...]:
    """Folded first written words of comma-less names, as further surnames a record is known by.

    ``Nipperdey Thomas`` / ``Levi Giovanni`` / ``Davis Natalie Zemon``: French, Swiss and Italian
    notes write the family name first without a comma (Université de Lausanne, *Guide de
    citation*; CSL ``name-as-sort-order`` with a blank ``sort-separator``), and with no capitals or
    initials to show the order (:func:`citekit.parse.parse_name` reads those) the parse takes
    the last word for the family name; the short forms ("Nipperdey, Deutsche Geschichte, op.
    cit.") name the first.  Both are kept, so either finds the record (title matching still
    decides).  Names written inverted with a comma ("Carr, E. H.") give none; ``f``: a parsed
    citation; returns folded words in author order.
    """
    if not f.authors_text or "," in f.authors_text:
        return ()
    out = []
    for n in f.authors:
        first = (n.given or "").split()[:1]
        if n.family and first and len(first[0]) > 2 and first[0][:1].isupper() and first[0][1:].isalpha() and not first[0][1:].isupper():
            out.append(fold(first[0]))
    return tuple(out)


@functools.lru_cache(maxsize=65536)
def _authors_match(cited: tuple[str, ...], surnames: tuple[str, ...]) -> bool:
    """Do the cited surnames (as written) fit a work's folded surnames?  Empty fits all.

    One fits another when they are equal, end in the same word, or are within
    NAME_MATCH of each other (the cutoff lets rapidfuzz stop early).
    """
    have = [s for s in surnames if s]
    if not have:
        return True
    folded = [fold(c) for c in cited if c]
    if not folded:
        return True
    for c in folded:
        last = c.rsplit(" ", 1)[-1]
        for h in have:
            if c == h or last == h.rsplit(" ", 1)[-1] or fuzz.ratio(c, h, score_cutoff=NAME_MATCH):
                return True
    return False


#: Up to this many author groups, a cited name is compared with every group (exact); beyond it
#: (a long reference list, issue 13: 4,000 entries took 21.5 s, 25,000 never finished) only
#: with the groups sharing a blocking key (:func:`_name_keys`), so resolution stays linear.
EXACT_GROUPS = 1000


def _name_keys(h: str, *, query: bool = False) -> list[str]:
    """Blocking keys of a folded surname: its last word, and its first three and its last
    three letters with its length.  Two spellings :func:`_authors_match` joins
    (``trotsky``/``trotskii``, ``dostoevsky``/``dostoyevsky``, ``tomas y valiente``/``valiente``)
    share one: the same last word, or an end in common and lengths within the ratio
    ``fuzz.ratio >= NAME_MATCH`` allows (``len * T / (2 - T)`` to ``len * (2 - T) / T``,
    ``T = NAME_MATCH / 100``), which ``query=True`` spans.  A pair whose both ends differ
    (rare at NAME_MATCH 85) is missed beyond :data:`EXACT_GROUPS`."""
    n = len(h)
    if query:
        t = NAME_MATCH / 100
        sizes = range(max(1, int(n * t / (2 - t))), int(n * (2 - t) / t + 1e-9) + 1)
    else:
        sizes = range(n, n + 1)
    return ["w" + h.rsplit(" ", 1)[-1]] + [f"{end}{k}" for k in sizes for end in ("p" + h[:3] + "|", "s" + h[-3:] + "|")]


@functools.lru_cache(maxsize=65536)
def _in_order(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Are the words of ``short`` found in ``full`` in the same order (not necessarily adjacent)?"""
    it = iter(full)
    return all(w in it for w in short)


def _title_score(cited: str, titles: tuple[str, ...]) -> float:
    """Similarity (0-100) of a cited title to the best of a work's titles."""
    c = fold(cited)
    cw = title_words(cited)
    best = 0.0
    for t in titles:
        ft = fold(t)
        if not ft:
            continue
        if c == ft:
            return 100.0
        score = fuzz.ratio(c, ft)
        tw = title_words(t)
        if cw and tw and (set(cw) == set(tw)):
            score = max(score, 97.0)
        elif cw and len(cw) >= 2 and set(cw) <= set(tw) and tuple(tw[: len(cw)]) == tuple(cw):
            score = max(score, 92.0)  # a short title: the first words of the full one
        elif len(cw) == 1 and len(tw) >= 2 and tw[0] == cw[0] and len(cw[0]) >= 4:
            # MLA 9th ed. 6.22: a short title is the title's first noun ("Site" for "The Site of
            # Memory"), the article dropped; a one-word title contained later is not one
            score = max(score, 90.0)
        elif len(cw) >= 5 and len(tw) >= 5 and tuple(cw[:4]) == tuple(tw[:4]):
            score = max(score, 90.0)  # one long title, its end abbreviated ("… 22nd Congress CPSU")
        elif cw and len(cw) <= 3 and len(cw) < len(tw) and _in_order(cw, tw) and (len(cw) >= 2 or len(cw[0]) >= 5):
            # a short title: up to three key words of the full title in its order, the article
            # dropped (Chicago Manual 14.32: "Hungersnot" for "Die Hungersnot in der Ukraine");
            # a longer title is a title of its own ("The Communist Party of the Soviet Union")
            score = max(score, 90.0)
        best = max(best, score)
    return best


def match_score(title: str, cited_authors: Sequence[str], surnames: tuple[str, ...], titles: tuple[str, ...]) -> float:
    """The author + title rule of :meth:`Resolver._match_title` for one candidate work, public for
    :mod:`citekit.corpus` (records merged across files by the rule used within a text).

    ``title``, ``cited_authors``: the cited title and surnames as written; ``surnames``: the
    candidate's folded surnames; ``titles``: its titles.  Returns 0-100; the same work when
    ``>= TITLE_MATCH``; 0 when the authors do not fit (:func:`_authors_match`)."""
    if not _authors_match(tuple(cited_authors), surnames):
        return 0.0
    return _title_score(title, titles)


#: A surname in running prose: capitalised, accents, apostrophes and hyphens; a particle before it.
_PROSE_SURNAME = r"(?:(?:von|van|de|di|del|da|le|la|du)[ \t]+)?[A-Z\u00c0-\u00d6\u00d8-\u00de][a-z\u00df-\u00f6\u00f8-\u00ff’'A-Z-]{1,30}"
#: Joiners of cited authors in prose: "/", "&", "und", "and", "et", "y", "e".
#: A folio written "l." / "ll." (Russian list, листы) before its number, in an ibid's
#: antecedent: the ibid's own "l. 7" is then a leaf too (GOST 7.0.5-2008 archival notes).
_LIST_TERM = re.compile(r"(?<![A-Za-z])ll?\.[^\S\n\r\f\v\u2028\u2029]*\d")
#: A paragraph break (a blank line); also matches the reversed text, where it is searched for
#: the paragraph around an author-only citation (``Resolver._titles_in_paragraph``).
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_NARRATIVE_JOIN = re.compile(r"[ \t]*(?:/|&|\bund\b|\band\b|\bet\b|\by\b|\be\b)[ \t]*")
#: Authors written just before a parenthesised year at the end of the searched window:
#: "Jansen/Borggräfe (", "Jansen und Borggräfe (", "Langewiesche (", "Hirst et al. (".
_NARRATIVE_AUTHORS = P.LazyPattern(
    rf"(?P<names>{_PROSE_SURNAME}(?:[ \t]*(?:/|&|und|and|et|y|e)[ \t]*{_PROSE_SURNAME}){{0,3}})"
    r"(?:[ \t]+(?:et[ \t]+al\.|u\.[ \t]?a\.))?[ \t]*\(?[ \t]*$"
)


class Resolver:
    """Walks citations in document order and resolves each (one instance per document)."""

    def __init__(self, kb: KnowledgeBase, *, text: str | None = None, notes: Sequence[Note] = ()) -> None:
        """``kb``: the knowledge base.  ``text`` and ``notes`` (optional): the document, so that an
        ibid after a note that may hold an undetected citation is flagged ambiguous."""
        self.kb = kb
        self.text = text
        self.notes: dict[tuple[int, int], Note] = {(n.chapter, n.number): n for n in notes}
        # (chapter, note) -> (record, role) of every ref resolved in that note, in order
        self.note_works: dict[tuple[int, int], list[tuple[str, str]]] = defaultdict(list)
        self.last_ref: dict[str, Ref] = {}  # record -> the last ref to it (loc. cit.: same place)
        self._prev_parts: tuple[tuple[Fields, ...], list[Ref]] | None = None  # the previous citation's (parts, refs)
        self.prev_citation: Citation | None = None
        self.citations: dict[int, Citation] = {}
        self.records: dict[str, _RecordBuilder] = {}
        self.declared: dict[str, str] = {}
        self.author_date: dict[tuple[str, str], str] = {}
        self.entry_volume: dict[tuple[str, str], str | None] = {}
        #: a reference entry's whole corporate author as its cites repeat it (detect.corporate_heads):
        #: (folded name, year or "*") -> record key; the first entry of a name and year wins
        self.corporate: dict[tuple[str, str], str] = {}
        #: every entry under one (first surname, year): (key, folded creator surnames, has authors)
        self.author_date_all: dict[tuple[str, str], list[tuple[str, tuple[str, ...], bool]]] = {}
        self.prev: tuple[int, Ref] | None = None
        self.by_author: dict[str, list[str]] = defaultdict(list)
        self.entry_indexes: set[int] = set()  # citation indexes of reference-list entries (not citations of a work)
        # non-periodical records grouped by their surnames (groups in creation order;
        # a group is never removed, so an index into _group_order stays valid)
        self._grouped: dict[tuple[str, ...], list[_RecordBuilder]] = {}
        self._group_order: list[tuple[tuple[str, ...], list[_RecordBuilder]]] = []
        # cited surnames -> [the groups they fit, how many of _group_order were checked]
        self._fitting_groups: dict[tuple[str, ...], list[Any]] = {}
        # cited surnames -> the knowledge-base works they fit (the base does not change)
        self._fitting_works: dict[tuple[str, ...], list[Work]] = {}
        # an index of _group_order for _groups_fitting (issue 13: reference lists were quadratic):
        # blocking key (_name_keys) -> positions of the groups holding it, ascending
        self._name_index: dict[str, list[int]] = defaultdict(list)
        self._name_words: dict[str, list[str]] = defaultdict(list)  # blocking key -> the surnames, aligned
        self._fit_all: list[int] = []  # positions of groups without surnames (they fit every citation)
        # per position of _group_order: its folded surnames and their last words (_fits)
        self._group_info: list[tuple[tuple[str, ...], frozenset[str]]] = []

    # --- records ---------------------------------------------------------------

    def _record(self, key: str, work: Work | None = None, *, periodical: bool = False) -> _RecordBuilder:
        rb = self.records.get(key)
        if rb is None:
            rb = _RecordBuilder(key, work, periodical, order=len(self.records))
            if work is not None:
                rb.csl = dict(work.csl)
            self.records[key] = rb
            self._group(rb)
        return rb

    def _archival_unit(self, key: str, f: Fields, archive: str | None = None) -> _RecordBuilder:
        """The record of an archival unit (CSL ``manuscript`` with ``archive``, ``archive-place``,
        ``archive_location``; Chicago Manual 17th ed. 14.232), made on first use."""
        rb = self._record(key)
        rb.csl.setdefault("type", "manuscript")
        archive = archive or f.archive
        if archive:
            rb.csl.setdefault("archive", archive)
        if f.archive and f.place:
            rb.csl.setdefault("archive-place", f.place)
        rb.csl.setdefault("archive_location", f.archive_location)
        return rb

    def _new_key(self, f: Fields) -> str:
        surname = fold(f.surnames[0]).replace(" ", "-") if f.surnames else ""
        if not surname and f.editors:
            surname = fold(f.editors[0].key).replace(" ", "-")
        if not surname and f.archive:  # "Staatsarchiv Zürich, Ratsmanual": the archive's last words
            surname = "-".join(list(title_words(f.archive))[-2:])
        words = list(title_words(f.title or f.item_title or f.name_or_title or ""))[:4]
        base = "-".join(p for p in [surname] + words if p) or "untitled"
        key = base
        n = 2
        while key in self.records or self.kb.work(key) is not None:
            key = f"{base}-{n}"
            n += 1
        return key

    def _attach(self, key: str, f: Fields, index: int) -> None:
        rb = self.records[key]
        before = rb.surnames
        if rb.add(f, index):
            self._regroup(rb, before)
        for s in rb.surnames or tuple(fold(x) for x in f.creator_surnames):  # an edited volume: its editors
            if s and (not self.by_author[s] or self.by_author[s][-1] != key):
                if key in self.by_author[s]:
                    self.by_author[s].remove(key)
                self.by_author[s].append(key)

    # --- matching ----------------------------------------------------------------

    def _group(self, rb: _RecordBuilder) -> None:
        """Put a record in its surnames' group."""
        if rb.periodical:
            return
        names = rb.surnames
        group = self._grouped.get(names)
        if group is None:
            group = self._grouped[names] = []
            self._index_group(names, len(self._group_order))
            self._group_order.append((names, group))
        group.append(rb)

    def _regroup(self, rb: _RecordBuilder, before: tuple[str, ...]) -> None:
        """A record's surnames changed: move it from its old group to its new one."""
        if rb.periodical:
            return
        old = self._grouped.get(before, [])
        for i, other in enumerate(old):
            if other is rb:
                del old[i]
                break
        self._group(rb)

    def _groups_fitting(self, surnames: tuple[str, ...]) -> list[list[_RecordBuilder]]:
        """The record groups whose authors fit the cited surnames.

        Kept per cited surnames; groups made since the last call are checked then.
        """
        entry = self._fitting_groups.get(surnames)
        if entry is None:
            entry = self._fitting_groups[surnames] = [[], 0]
        fitting, checked = entry
        if checked < len(self._group_order):
            cited = [fold(c) for c in surnames if c]
            if not cited:  # no cited surname: every group fits (_authors_match)
                fitting.extend(group for _, group in self._group_order[checked:])
            elif len(self._group_order) <= EXACT_GROUPS or len(self._group_order) - checked <= 32 or not any(cited):  # scan all
                fitting.extend(self._group_order[i][1] for i in self._fits(cited, range(checked, len(self._group_order))))
            else:  # the blocking index, each key's surnames scored at once
                fitting.extend(self._group_order[i][1] for i in self._index_fits(cited, checked))
            entry[1] = len(self._group_order)
        return fitting

    def _fits(self, cited: list[str], positions: Iterable[int]) -> list[int]:
        """The positions (ascending, as given) of the groups that fit the folded ``cited``
        surnames, decided as :func:`_authors_match` decides: a group without surnames fits; one
        with a surname ending in a cited one's last word (equal ones included) fits; else one
        within ``fuzz.ratio >= NAME_MATCH`` of a cited one — that ratio computed for all the
        candidates at once by rapidfuzz's C loop (``process.extract``), not one Python call each:
        a long reference list's blocks grow with it (issue 13; 50,000 entries asked ~135
        candidates a surname)."""
        info = self._group_info
        lasts = {c.rsplit(" ", 1)[-1] for c in cited}
        hit: list[int] = []
        choices: list[str] = []
        owners: list[int] = []
        for i in positions:
            have, ends = info[i]
            if not have or not lasts.isdisjoint(ends):
                hit.append(i)
            else:
                choices.extend(have)
                owners.extend([i] * len(have))
        if not choices:
            return hit
        found = set(hit)
        for c in cited:
            found.update(owners[k] for _, _, k in process.extract(c, choices, scorer=fuzz.ratio, processor=None,
                                                                     score_cutoff=NAME_MATCH, limit=None))
        return sorted(found) if len(found) > len(hit) else hit

    def _index_group(self, names: tuple[str, ...], pos: int) -> None:
        """Index a new group (at ``pos`` of ``_group_order``) under its surnames' blocking keys
        (:func:`_name_keys`) for :meth:`_index_fits` (issue 13)."""
        have = [h for h in names if h]
        self._group_info.append((tuple(have), frozenset(h.rsplit(" ", 1)[-1] for h in have)))
        if not have:
            self._fit_all.append(pos)
            return
        for h in have:
            for k in _name_keys(h):
                self._name_index[k].append(pos)
                self._name_words[k].append(h)  # aligned with _name_index[k]: the surname scored

    def _index_fits(self, cited: list[str], start: int) -> list[int]:
        """Positions >= ``start``, ascending, of the groups that fit the folded ``cited`` surnames
        by the blocking index: those without surnames, those with a surname ending in a cited one's
        last word (equal ones included), and among those sharing a first- or last-three-letters
        key of a near length (:func:`_name_keys`) the ones within ``fuzz.ratio >= NAME_MATCH`` —
        each key's surnames scored by rapidfuzz's C loop (``process.extract``) with no Python
        step per candidate: a long list's blocks grow with it (issue 13; 50,000 entries of the
        benchmark asked ~135 candidates a surname).  The same decisions as
        :func:`_authors_match` on the candidates the keys give."""
        index, words = self._name_index, self._name_words
        found: set[int] = set(self._fit_all[bisect.bisect_left(self._fit_all, start):])
        for c in cited:
            if not c:
                continue
            keys = _name_keys(c, query=True)
            same_last = index.get(keys[0])
            if same_last:
                found.update(same_last[bisect.bisect_left(same_last, start):])
            for k in keys[1:]:
                posting = index.get(k)
                if not posting:
                    continue
                j = bisect.bisect_left(posting, start)
                if j < len(posting):
                    found.update(posting[j + idx] for _, _, idx in process.extract(
                        c, words[k][j:], scorer=fuzz.ratio, processor=None, score_cutoff=NAME_MATCH, limit=None))
        return sorted(found)

    def _works_fitting(self, surnames: tuple[str, ...]) -> list[Work]:
        """The knowledge-base works whose authors fit the cited surnames (the base does not change)."""
        fitting = self._fitting_works.get(surnames)
        if fitting is None:
            works = self.kb.works
            if surnames:
                exact = self.kb.by_surname.get(fold(surnames[0]))
                works = exact if exact else works
            fitting = [w for w in works if not (surnames and not w.surnames) and _authors_match(surnames, w.surnames)]
            self._fitting_works[surnames] = fitting
        return fitting

    def _match_title(self, title: str, surnames: tuple[str, ...], *, allow_kb: bool = True) -> tuple[str, Work | None] | None:
        """The best record (seen, then knowledge base) for a title and authors."""
        seen: tuple[float, int, _RecordBuilder] | None = None  # best score, then the earliest record
        for group in self._groups_fitting(surnames):
            for rb in group:
                score = _title_score(title, rb.titles)
                if score >= TITLE_MATCH and (seen is None or (score, -rb.order) > seen[:2]):
                    seen = (score, -rb.order, rb)
        if seen is not None:
            return seen[2].key, seen[2].work
        best: tuple[float, str, Work | None] | None = None
        if not allow_kb:
            return None
        for w in self._works_fitting(surnames):
            score = _title_score(title, w.titles)
            if score >= TITLE_MATCH and (best is None or score > best[0]):
                best = (score, w.key, w)
        if best is not None:
            return best[1], best[2]
        return None

    def _by_author(self, surnames: tuple[str, ...]) -> list[str]:
        """Records by these authors, most recent last."""
        if not surnames:
            return []
        first = fold(surnames[0])
        keys = list(self.by_author.get(first, []))
        if not keys:
            # a compound surname cited whole or in part ("Tomás y Valiente" / "Valiente",
            # "Le Roy Ladurie"): the same last word, as _authors_match has it
            last = first.rsplit(" ", 1)[-1]
            for s, ks in self.by_author.items():
                if fuzz.ratio(s, first) >= NAME_MATCH or ((" " in first or " " in s) and s.rsplit(" ", 1)[-1] == last):
                    keys.extend(ks)
        if len(surnames) > 1:
            others = {fold(s) for s in surnames[1:]}
            keys = [k for k in keys if others & set(self.records[k].surnames)] or keys
        return keys

    # --- the walk ------------------------------------------------------------------

    def add_reference_entry(self, index: int, f: Fields) -> Ref:
        """Make (or find) the record of a reference-list entry and index its key."""
        match = self._match_title(f.title, f.surnames) if f.title else None
        if match:
            key, work = match
            self._record(key, work)
        else:
            key = self._new_key(f)
            self._record(key)
        self.entry_indexes.add(index)
        self._attach(key, f, index)
        for head in corporate_heads(f):
            self.corporate.setdefault((head, ANY_YEAR), key)
            if f.year:
                self.corporate.setdefault((head, f.year + (f.year_suffix or "")), key)
        surnames = f.creator_surnames
        if surnames and f.year:
            ad_key = (fold(surnames[0]), f.year + (f.year_suffix or ""))
            self.author_date[ad_key] = key
            self.author_date_all.setdefault(ad_key, []).append((key, tuple(fold(x) for x in surnames), bool(f.authors)))
            # the entry's volume names the volume its key cites only when the entry is that volume
            # of a book, not an article or chapter in a journal or collection (its container's)
            self.entry_volume[ad_key] = None if f.container else f.volume
            last = fold(surnames[0]).replace("-", " ").split()
            if len(last) > 1 and surnames[0].split()[0][:1].isupper():
                # "Menéndez Pidal, Ramón" / "García Márquez": a key in the text may keep only the
                # compound's last word ("Pidal (1929)"); an entry of that very surname still wins
                self.author_date.setdefault((last[-1], ad_key[1]), key)
        if f.pages and f.container and "-" in f.pages and "," not in f.pages and self.records[key].work is None:
            # a chapter's or an article's page range in its entry is its extent (CSL "page"; APA
            # 7th ed. 10.3 "(pp. 136–157)", Chicago 14.106), whatever the citations point to
            self.records[key].csl.setdefault("page", f.pages)
        return Ref(key, f.volume, f.pages, "cited", "reference-list entry")

    def resolve(self, index: int, c: Citation) -> Citation:
        """Resolve one citation (in document order)."""
        refs: list[Ref] = []
        self.citations[index] = c
        for f in c.parts:
            if f.same_author and not f.short and not f.surnames and self.prev_authors:  # (a property)
                # "Idem, The Prophet Unarmed" / "Ders., Titel": the previous citation's author
                f = attrs.evolve(f, authors=self.prev_author_names or tuple(Name(s) for s in self.prev_authors), same_author=True)
            ref = self._resolve_part(index, c, f)
            if ref.label is None and ref.locator is None and f.locator_label and (not ref.pages or ", " in (f.locator or "")) and not f.short:
                ref = attrs.evolve(ref, label=f.locator_label, locator=f.locator)
            elif f.locator_suffix and ref.locator is None and ref.pages and ref.pages == f.pages:
                # "S. 715 f.", "76 ff.", "125 sq.": the locator keeps its "and following" (pages stay the number)
                ref = attrs.evolve(ref, locator=f"{ref.pages} {f.locator_suffix}")
            elif f.locator and not f.locator_label and ref.locator is None and not ref.pages and ref.record is not None:
                # "…, 1899, passim.": a locator with no label (citekit.locators, passim alone)
                ref = attrs.evolve(ref, locator=f.locator)
            refs.append(ref)
            if ref.record is not None:
                self._attach(ref.record, f, index)
                self.last_ref[ref.record] = ref
                if c.note is not None and c.region == "note":
                    self.note_works[(c.chapter, c.note)].append((ref.record, ref.role))
                if f.declares:
                    self.declared[f.declares] = ref.record
        if c.form is Form.REFLIST:
            return c
        primary = _primary(refs)
        if primary is not None and primary.record is not None:
            self.prev = (index, primary)
            self._prev_parts = (c.parts, refs)  # idem's author, worked out only when asked for
        elif primary is not None and c.form not in (Form.DATE,):
            self.prev = (index, primary)
        return c.with_refs(tuple(refs))

    # --- short forms (docs/resolution.md, "Short forms") ---------------------------------

    @property
    def prev_authors(self) -> tuple[str, ...]:
        """Surnames of the previous citation's work, as cited (for idem / Ders.); () for a periodical."""
        if self.prev is None or self.prev[1].record is None or self._prev_parts is None:
            return ()
        rb = self.records.get(self.prev[1].record)
        if rb is None or rb.periodical:
            return ()
        return _display_surnames(rb, *self._prev_parts)

    @property
    def prev_author_names(self) -> tuple[Name, ...]:
        """The previous citation's authors as written there, given names kept ("Id., L'idea di
        nazione" after "F. Chabod, Storia…" is F. Chabod's, not a bare "Chabod"); () when that
        citation named none (its record's surnames are then :attr:`prev_authors`)."""
        if self.prev is None or self.prev[1].record is None or self._prev_parts is None:
            return ()
        rb = self.records.get(self.prev[1].record)
        if rb is None or rb.periodical:
            return ()
        for f, r in zip(*self._prev_parts):
            if r.record == rb.key:
                names = f.authors or f.editors
                if names and tuple(n.key for n in names if n.key) == self.prev_authors:
                    return names
        return ()

    def _ibid(self, index: int, c: Citation, f: Fields, role: str) -> Ref:
        """ibid. (and ebd., ivi, ib.): the previous citation's work; a new locator replaces the old."""
        if self.prev is None:
            return Ref(None, f.volume, f.pages, role, "ibid without antecedent", label=f.locator_label, locator=f.locator)  # type: ignore[arg-type]
        ai, ante = self.prev
        volume = f.volume or ante.volume
        if f.pages or f.volume or f.locator_label or f.note_locator or f.locator:
            # "Ibid., ch. 4": a locator of any label replaces the antecedent's (no page inherited); "Ibid., passim"
            pages = f.pages
            label, locator = (None, None) if f.pages else (f.locator_label, f.locator)
            if f.pages and f.locator_label and ", " in (f.locator or ""):
                label, locator = f.locator_label, f.locator  # "Ivi, doc. 171, p. 130": a compound locator (document 171, page 130)
            if label == "line" and ante.label == "folio" and _LIST_TERM.search(getattr(self.citations.get(ai), "text", "")):
                # "RGASPI, f. 17, …, l. 2." then "Ibid., l. 7": list (folio), not line; after
                # "fᵒ 137r" (no "l." of its own) "Ibid., l. 18" is the French ligne (line)
                label = "folio"
        else:
            pages, label, locator = ante.pages, ante.label, ante.locator
        reason = f"ibid of citation {ai}"
        ambiguous, why, candidates = self._ibid_ambiguity(c, ai, ante)
        if f.surnames and ante.record is not None and ante.record in self.records:
            have = self.records[ante.record].surnames
            if have and not _authors_match(f.surnames, have):
                ambiguous, why = True, f"{f.authors_text} is not the author of {ante.record}"
        if ambiguous:
            reason += f"; ambiguous: {why}"
        out_role = "cited" if role == "cited" else role
        return Ref(ante.record, volume, pages, out_role, reason, ai, ambiguous=ambiguous, candidates=candidates,  # type: ignore[arg-type]
                   label=label, locator=locator)

    def _ibid_ambiguity(self, c: Citation, ai: int, ante: Ref) -> tuple[bool, str, tuple[str, ...]]:
        """Is the ibid's antecedent in doubt?  (ambiguous, why, candidate records).

        Two cases (Chicago 17th ed. 14.34: ibid. refers to the single source of the note
        before): the antecedent's note cites several works; or a note between them (or the
        ibid's own note, before it) holds what may be a citation citekit did not detect —
        a labelled page, volume or folio, or a parenthesis with a year of publication.
        """
        ac = self.citations.get(ai)
        if ac is None:
            return False, "", ()
        if ac.note is not None and ac.region == "note" and (ac.note != c.note or ac.chapter != c.chapter):
            works = list(dict.fromkeys(r for r, role in self.note_works.get((ac.chapter, ac.note), []) if role != "original"))
            if len(works) > 1:
                return True, f"note {ac.note} cites {len(works)} works", tuple(works)
        if self.text is None:
            return False, "", ()
        gaps: list[tuple[int, int, str]] = []
        if c.note is not None and c.region == "note":
            own = self.notes.get((c.chapter, c.note))
            if own is not None and not (ac.note == c.note and ac.chapter == c.chapter):
                gaps.append((own.start, c.start, f"note {c.note} before the ibid"))
            if ac.note is not None and ac.chapter == c.chapter:
                for n in range(ac.note + 1, c.note):
                    if (c.chapter, n) in self.note_works:
                        continue
                    between = self.notes.get((c.chapter, n))
                    if between is not None:
                        gaps.append((between.start, between.end, f"note {n}"))
        elif ac.region == "body" and c.region == "body":
            gaps.append((ac.end, c.start, "the text between"))
        for a, b, where in gaps:
            if b > a and _may_hold_citation(self.text[a:b], parens_only=where == "the text between"):
                return True, f"{where} may hold an undetected citation", ()
        return False, "", ()

    def _opcit(self, index: int, c: Citation, f: Fields, role: str) -> Ref:
        """op. cit. / a.a.O. / cit. (the author's most recent work, or the one its short title
        names; without an author, the previous citation's work) and loc. cit. (same work and
        same place: without a locator of its own, the last locator cited for that work)."""
        surnames = f.surnames or (self.prev_authors if f.same_author else ())
        key: str | None = None
        reason = ""
        ambiguous = False
        candidates: tuple[str, ...] = ()
        if f.title:
            m = self._match_title(f.title, surnames)
            if m:
                key = m[0]
                self._record(key, m[1])
                reason = f"{f.short}: title {f.title!r}"
        if key is None and surnames:
            keys = self._by_author(surnames)
            if keys:
                distinct = list(dict.fromkeys(keys))
                # only works cited before this citation count (a reference list's entries of works the
                # notes cite later do not: "N. Z. Davis, art. cit." with one Davis work in the notes so far)
                earlier = [k for k in distinct if any(s < index and s not in self.entry_indexes for s in self.records[k].sources)]
                distinct = earlier or distinct
                if f.item_title:
                    # "Ory, « … », dans P. Nora (dir.), op. cit.": the book Nora edited, not a piece he wrote
                    folded = {fold(x) for x in surnames}
                    edited = [k for k in distinct if any(fold(n.key) in folded for g in self.records[k].fields for n in g.editors)]
                    distinct = edited or distinct
                key = distinct[-1]
                reason = f"{f.short}: most recent work by {f.authors_text or ' '.join(surnames)}"
                ambiguous = len(distinct) > 1
                candidates = tuple(distinct) if ambiguous else ()
        if key is None and not surnames and f.archive and f.archive_location:
            # "Archives municipales de Lyon, HH 289, loc. cit., fol. 30": that unit of that archive
            key = _slug(f"{f.archive} {f.archive_location}")
            if key in self.records:
                reason = f"{f.short}: {f.archive}, {f.archive_location} cited before"
            else:
                self._archival_unit(key, f)
                reason = f"{f.short}: {f.archive}, {f.archive_location}"
        if key is None and not surnames and f.title and P.ARCHIVE_WORD.search(f.title):
            # "Archivio storico comunale di Bassano, ms. cit., r. 7": the document of that archive cited last
            held = [k for k, rb in self.records.items() if any(g.archive and fold(g.archive) == fold(f.title) for g in rb.fields)]
            if held:
                key = held[-1]
                reason = f"{f.short}: the document of {f.title} cited before"
        if key is None and not surnames and not f.title and self.prev is not None and self.prev[1].record:
            key = self.prev[1].record
            reason = f"{f.short} without author: the work of citation {self.prev[0]}"
        if key is None:
            who = f.authors_text or " ".join(surnames) or f.title
            return Ref(None, f.volume, f.pages, role, f"{f.short}: no earlier work by {who}", label=f.locator_label, locator=f.locator)  # type: ignore[arg-type]
        pages, label, locator, volume = f.pages, (None if f.pages else f.locator_label), (None if f.pages else f.locator), f.volume
        if f.short == "loccit" and not (f.pages or f.locator_label):
            last = self.last_ref.get(key)
            if last is not None:
                pages, label, locator, volume = last.pages, last.label, last.locator, volume or last.volume
        elif volume is None and (f.pages or f.locator_label):
            # "Wehler, a.a.O., S. 706" after "Wehler, Gesellschaftsgeschichte, Bd. 2, S. 45": a new page of
            # the same volume of a multi-volume work, as ibid keeps it (Chicago Manual 17th ed. 14.34:
            # the short form repeats what changes; a new volume would be written)
            last = self.last_ref.get(key)
            if last is not None and last.volume:
                volume = last.volume
        return Ref(key, volume, pages, role, reason, ambiguous=ambiguous, candidates=candidates, label=label, locator=locator)  # type: ignore[arg-type]

    def _supra(self, index: int, c: Citation, f: Fields, role: str) -> Ref:
        """"supra n. 12" / "above, note 12": the work first cited in note 12 (of this chapter),
        the first there by the author or short title given, when one is."""
        n = int(f.supra_note or 0)
        works = list(dict.fromkeys(r for r, rl in self.note_works.get((c.chapter, n), []) if rl != "original"))
        if f.surnames and not any(_authors_match(f.surnames, self.records[k].surnames) for k in works):
            # "Wieacker (Anm. 1)" where note 1 (of this chapter) holds no work by Wieacker — notes
            # numbered through the book, a miscounted note: the author's work cited before, as op. cit.
            ref = self._opcit(index, c, attrs.evolve(f, short="opcit"), role)
            if ref.record is not None:
                return attrs.evolve(ref, reason=f"supra: note {n} has no work by {f.authors_text}; {ref.reason}")
        if not works:
            return Ref(None, f.volume, f.pages, role, f"supra: note {n} cites no work", label=f.locator_label, locator=f.locator)  # type: ignore[arg-type]
        chosen = works
        if f.surnames:
            chosen = [k for k in works if _authors_match(f.surnames, self.records[k].surnames)] or works
        if f.title:
            scored = [k for k in chosen if _title_score(f.title, self.records[k].titles) >= TITLE_MATCH]
            chosen = scored or chosen
        return Ref(chosen[0], f.volume, f.pages, role, f"supra: first work of note {n}", ambiguous=len(chosen) > 1 and not (f.surnames or f.title),  # type: ignore[arg-type]
                   candidates=tuple(chosen) if len(chosen) > 1 else (), label=None if f.pages else f.locator_label,
                   locator=None if f.pages else f.locator)

    def _resolve_part(self, index: int, c: Citation, f: Fields) -> Ref:
        role = f.role
        if f.keyed:
            # an already-keyed citation: the user's library (or the knowledge base) has the key,
            # or it stays a provisional record under that key
            work = self.kb.work(f.keyed)
            rb = self._record(f.keyed, work)
            if work is None:
                rb.provisional = True
                rb.csl.setdefault("id", f.keyed)
            return Ref(f.keyed, f.volume, f.pages, role, "keyed" if work else "key not in the library")
        if f.short == "ibid":
            return self._ibid(index, c, f, role)
        if f.short == "idem":
            if self.prev is None or self.prev[1].record is None:
                return Ref(None, f.volume, f.pages, role, "idem without antecedent")
            if not (f.volume or f.pages or f.locator_label or f.note_locator):
                return self._ibid(index, c, f, role)  # Spanish "Ídem." alone: the same work and place, as ibid.
            return Ref(self.prev[1].record, f.volume, f.pages, role, "idem", self.prev[0],
                       label=None if f.pages else f.locator_label, locator=None if f.pages else f.locator)
        if f.short in ("opcit", "loccit"):
            return self._opcit(index, c, f, role)
        if f.short == "supra":
            return self._supra(index, c, f, role)
        if self.corporate and c.form in (Form.AUTHOR_DATE, Form.SHORT) and len(c.parts) == 1 and c.region == "body":
            ref = self._corporate_key(c, f, role)
            if ref is not None:
                return ref
        if not f.surnames and f.year and not f.archive and not f.periodical and (f.title or f.name_or_title or f.year) in (f.year, f.year + (f.year_suffix or "")):
            # "Jansen/Borggräfe (2007, S. 44)", "vgl. Langewiesche (2000, S. 35ff.)": a year whose
            # authors stand in the prose before it (APA 7th ed. 8.11 narrative citations)
            names = self._narrative_authors(c)
            if not names:
                return Ref(None, f.volume, f.pages, role, "a year without its author")
            f = attrs.evolve(f, authors=tuple(Name(n) for n in names), authors_text=" / ".join(names), author_date=True, title=None)
        if f.author_date and f.surnames:
            year = (f.year or "") + (f.year_suffix or "")
            key = self._author_date_key(f, year)
            if key is None:
                # a key with no reference-list entry: keep a provisional record so that
                # repeated keys still name one work
                key = "-".join([fold(f.surnames[0]).replace(" ", "-"), year or "nd"])
                rb = self._record(key)
                rb.provisional = True
                return Ref(key, f.volume, f.pages, role, "author-date key without reference entry")
            # the volume is what the key itself says ("Marx, 1976, Vol. 1, p. 5"), or the one volume
            # of a set the entry is ("Lenin, V. I. 1965a. Collected Works, Vol. 27": the key names
            # it); a journal's or a container's volume ("75(4)") is the record's, no locator of the
            # citation (APA 7th ed. 8.13: the locator names the part cited), nor is a set ("Vols. 1–2")
            volume = f.volume or self.entry_volume.get((fold(f.surnames[0]), year))
            if volume and not f.volume and not volume.isdigit() and roman_to_int(volume) is None:
                volume = None  # "(Vols. 1–2)": the entry is the whole set, no one volume of it is cited
            return Ref(key, volume, f.pages, role, "author-date key")
        if f.periodical:
            pkey = self.kb.periodical(f.periodical) or _slug(f.periodical)
            rb = self._record(pkey, periodical=True)
            rb.csl.setdefault("title", self.kb.periodical_title(pkey) if self.kb.periodical(f.periodical) else f.periodical)
            return Ref(pkey, f.volume, f.pages, role, "periodical")
        if f.abbreviation:
            key = self._abbreviation(f)
            if key:
                self._record(key, self.kb.work(key))
                return Ref(key, f.volume, f.pages, role, f"abbreviation {f.abbreviation}")
        surnames = f.creator_surnames
        if f.archive_location and (not f.title or f.archive and not surnames):
            # "RGASPI, f. 17, op. 3, d. 131, l. 1", "National Archives, Kew, FO 371/3862, file
            # 14522, Curzon to Cox, …": the archival unit (fond/opis'/delo, a shelfmark) is the
            # work, one record per shelfmark whatever document of it is cited; the folio or file
            # is the locator.  An archive the grammar does not know ("TsGA SPb, f. 1000, …") is
            # what stands before the shelfmark.
            archive = f.archive or f.authors_text or f.name_or_title
            key = _slug(" ".join(x for x in (archive or "", f.archive_location) if x))
            self._archival_unit(key, f, archive)
            return Ref(key, f.volume, f.pages, role, "archival unit", label=None if f.pages else f.locator_label,
                       locator=None if f.pages else f.locator)
        if f.title:
            title, volume = self._title_and_volume(f)
            m = self._match_title(title, surnames)
            if m is None and len(surnames) == 1 and f.authors_text and f"{f.authors_text}: " in c.text:
                # "Citizens: A Chronicle of the French Revolution, 45": a title and its subtitle that
                # the parser read as a German short note's "Name: Kurztitel"; the whole is the title
                m = self._match_title(f"{f.authors_text}: {title}", ())
            if m:
                key, work = m
                self._record(key, work)
                if work is not None and work.volume_naming == "years" and volume is None:
                    volume = _years_volume(f.title)
                return Ref(key, volume or f.volume, f.pages, role, "title match")
            if surnames or c.form in (Form.FULL, Form.REFLIST) or f.place or f.year or f.pages or f.archive:
                key = self._new_key(f)
                self._record(key)
                return Ref(key, f.volume, f.pages, role, "new work")
            return Ref(None, f.volume, f.pages, role, f"no work titled {f.title!r}")
        if f.name_or_title:
            # "Buick and Crump, pp. 98-9" (author only) or "My Life, p. 411" (title only); the
            # author first: MLA "(Calvino 3)" is Calvino's work, not Weaver's "Translating Calvino"
            # (MLA Handbook 9th ed. 6.4: the author's name leads the parenthetical citation)
            keys = self._by_author(surnames)
            if keys:
                return self._author_only(c, f, role, list(dict.fromkeys(keys)))
            m = self._match_title(f.name_or_title, ())
            if m:
                key, work = m
                self._record(key, work)
                return Ref(key, f.volume, f.pages, role, "title only")
            works = [w for w in self.kb.works if surnames and _authors_match(surnames, w.surnames)
                     and len(w.surnames) >= len(surnames)]
            if len(surnames) > 1:
                works = [w for w in works if all(any(fuzz.ratio(fold(s), h) >= NAME_MATCH for h in w.surnames) for s in surnames)]
            if len(works) == 1:
                self._record(works[0].key, works[0])
                return Ref(works[0].key, f.volume, f.pages, role, "author only, knowledge base")
            return Ref(None, f.volume, f.pages, role, "author only, no work found",
                       candidates=tuple(w.key for w in works[:5]))
        if (f.pages and c.form is Form.SHORT and c.region == "body" and not (f.year or f.short or f.authors or f.editors)
                and self.prev is not None and self.prev[1].record is not None):
            # MLA "(92-93)" after "(Calvino 92)" in its paragraph (detect.page_after_citation): the
            # work cited before it (MLA Handbook 9th ed. 6.28)
            return Ref(self.prev[1].record, f.volume, f.pages, role, "page only: the work cited before it", self.prev[0])
        return Ref(None, f.volume, f.pages, role, "nothing to resolve")

    def _corporate_key(self, c: Citation, f: Fields, role: str) -> Ref | None:
        """The reference entry a parenthetical citation names by its entry's whole corporate
        author (:attr:`corporate`): "(The Times 1848, 3)" -> "The Times (London). 1848. …",
        "(Préfecture de police 1832, fol. 21v)", MLA "(Préfecture de police, fol. 50v)" (Chicago
        Manual 17th ed. 15.47, MLA Handbook 9th ed. 6.23, APA 7th ed. 8.21: a group author
        repeated in full).  The year, when written, must be the entry's; None when the citation is
        no such key (then the usual rules run).  The locator is the citation's own (``f``)."""
        hit = keyed_head(c.text, frozenset(self.corporate))
        if hit is None:
            return None
        head, year = hit
        key = self.corporate.get((head, year or ANY_YEAR))
        if key is None:
            return None
        return Ref(key, f.volume, f.pages, role, "corporate author key",
                   label=None if f.pages else f.locator_label, locator=None if f.pages else f.locator)

    def _author_only(self, c: Citation, f: Fields, role: str, keys: list[str]) -> Ref:
        """An author-only citation ("(Calvino 92)", "Buick and Crump, pp. 98-9") of the records
        ``keys`` by that author (earliest first).  One work: that one.  Several (MLA Handbook 9th
        ed. 6.13: a short title is then required): the one whose title the paragraph names before
        the citation ("Italo Calvino's *If on a winter's night a traveler* opens … (Calvino 3)",
        MLA 6.7), else the one cited most recently, else the last listed — those two flagged
        ``ambiguous`` with the ``candidates`` (check S204 reports them: add a short title)."""
        if len(keys) == 1:
            return Ref(keys[0], f.volume, f.pages, role, "author only")
        named = self._titles_in_paragraph(c, keys)
        if len(named) == 1:
            return Ref(named[0], f.volume, f.pages, role, "author only, title named in the paragraph")
        cited = [(max((i for i in self.records[k].sources if i not in self.entry_indexes), default=-1), k) for k in keys]
        last, key = max(cited)
        if last < 0:
            key = keys[-1]
        return Ref(key, f.volume, f.pages, role, "author only, ambiguous: the author has several works",
                   ambiguous=True, candidates=tuple(keys))

    def _titles_in_paragraph(self, c: Citation, keys: list[str]) -> list[str]:
        """Of the records ``keys``, those whose title (its main title, before a colon; four
        characters or more) stands in the paragraph before citation ``c`` (up to 1,500
        characters back, to a blank line), case and marks ignored."""
        if not self.text or c.start <= 0:
            return []
        lo = max(0, c.start - 1500)
        brk = _PARAGRAPH_BREAK.search(self.text[lo : c.start][::-1])
        before = fold(self.text[c.start - brk.start() if brk else lo : c.start])
        out = []
        for k in keys:
            for t in self.records[k].titles or (self.records[k].csl.get("title") or "",):
                main = fold(t.split(":")[0].strip(" .'\"“”"))
                if len(main) >= 4 and main in before:
                    out.append(k)
                    break
        return out

    def _narrative_authors(self, c: Citation) -> tuple[str, ...]:
        """Surnames written just before citation ``c`` in the text ("Jansen/Borggräfe (",
        "Jansen und Borggräfe (", "Smith and Jones ("), or () (no text, or no names there)."""
        if not self.text or c.start <= 0:
            return ()
        m = _NARRATIVE_AUTHORS.search(self.text, max(0, c.start - 120), c.start)
        if not m:
            return ()
        return tuple(x for x in _NARRATIVE_JOIN.split(m.group("names")) if x)

    def _author_date_key(self, f: Fields, year: str) -> str | None:
        """The reference entry an author-date citation names: of the entries under its first
        surname and year, the one whose creators are the cited ones ("Pennebaker & Banasik, 1997"
        is the chapter by both, not the book Pennebaker edited with others: APA 7th ed. 8.17,
        editors of a book are not authors of its chapters), authored before edited; else the
        last entry (as before)."""
        ad_key = (fold(f.surnames[0]), year)
        entries = self.author_date_all.get(ad_key, [])
        if len(entries) < 2:
            return self.author_date.get(ad_key)
        cited = [fold(x) for x in f.surnames]

        def fit(e: tuple[str, tuple[str, ...], bool]) -> tuple[int, int, int]:
            _, have, authored = e
            found = sum(1 for c in cited if any(c == h or fuzz.ratio(c, h) >= NAME_MATCH for h in have))
            exact = int(f.et_al and len(have) > len(cited) or not f.et_al and len(have) == len(cited))
            return (found, exact, int(authored))

        best = max(entries, key=fit)  # max keeps the first of equals
        return best[0] if fit(best) > fit(entries[-1]) else self.author_date.get(ad_key)

    def resolve_date(self, index: int, c: Citation, periodical: str | None) -> Citation:
        """A bare date pointing back to a periodical named in the sentence."""
        if periodical is None:
            return c.with_refs((Ref(None, None, None, "cited", "date without periodical"),))
        pkey = self.kb.periodical(periodical) or _slug(periodical)
        rb = self._record(pkey, periodical=True)
        rb.csl.setdefault("title", self.kb.periodical_title(pkey) if self.kb.periodical(periodical) else periodical)
        ref = Ref(pkey, None, None, "cited", "date after a periodical named in the sentence")
        self._attach(pkey, c.parts[0] if c.parts else Fields(), index)
        return c.with_refs((ref,))

    def _abbreviation(self, f: Fields) -> str | None:
        a = f.abbreviation or ""
        if a in self.declared:
            return self.declared[a]
        if f.surnames:
            authors = "+".join(sorted(fold(s) for s in f.surnames))
            for k, v in self.kb.author_abbreviations.items():
                names, _, ab = k.partition(" ")
                if ab == a and "+".join(sorted(names.split("+"))) == authors:
                    return v
            first = fold(f.surnames[0])
            for k, v in self.kb.author_abbreviations.items():
                names, _, ab = k.partition(" ")
                if ab == a and names.split("+")[0] == first:
                    return v
        return self.kb.abbreviations.get(a)

    def _title_and_volume(self, f: Fields) -> tuple[str, str | None]:
        """``Writings, 1935-36`` -> (``Writings``, ``1935-36``) when a years-named series matches."""
        title = f.title or ""
        m = P.TRAILING_YEARS.search(title)
        if m:
            bare = title[: m.start()].strip()
            for w in self.kb.works:
                if w.volume_naming == "years" and _authors_match(f.surnames, w.surnames):
                    if _title_score(bare, w.titles) >= TITLE_MATCH:
                        return bare, P.DASH_RE.sub("-", m.group("y")).replace(" ", "")
        return title, None

    # --- records out -------------------------------------------------------------

    def build_records(self) -> list[Record]:
        """Merge each record's citations (and knowledge-base entry) into CSL-JSON."""
        out = []
        doc_lang: list[str | None] | None = None  # the document's language, computed when first needed
        for key, rb in self.records.items():
            if not rb.sources and not rb.work:
                continue
            csl = _merge_csl(key, rb)
            for name in _TITLE_VARIABLES:
                # a title read across a hard line break ("Uses\nof Literature"): one space per run
                if isinstance(csl.get(name), str) and _LINE_OR_SPACES.search(csl[name]):
                    csl[name] = " ".join(csl[name].split())
            if csl.get("title") and not csl.get("language") and rb.work is None and not rb.periodical:
                # CSL "language" when the title's words tell it (citekit/language.py), so styles
                # title-case English titles only (CSL 1.0.2 "Title case conversion"); a journal
                # in another language inside an English item is kept as written (render._for_citeproc)
                title = str(csl["title"])
                lang = guess_language(title)
                if lang is None and needs_context(title, unwanted=("en",)):  # only then the notes and the document are read
                    if doc_lang is None:
                        doc_lang = [text_language(self.text) if self.text else None]
                    lang = guess_language(title, self._context(rb.sources), doc_lang[0])
                if lang and lang != "en":  # English is what an item without a language is taken for
                    csl["language"] = lang
                if csl.get("container-title") and lang in (None, "en"):
                    clang = guess_language(str(csl["container-title"]), "", None, 1.0)
                    if clang not in (None, "en"):
                        csl["citekit-container-language"] = clang
            out.append(Record(key, csl, tuple(dict.fromkeys(rb.sources)), rb.work is not None, rb.periodical))
        return out

    def _context(self, sources: Sequence[int], limit: int = 6) -> str:
        """The text around a record's first ``limit`` citations: each citation, and the note
        body it stands in (up to 1,000 characters), for :func:`citekit.language.guess_language`."""
        parts = []
        for i in list(dict.fromkeys(sources))[:limit]:
            c = self.citations.get(i)
            if c is None:
                continue
            note = self.notes.get((c.chapter, c.note)) if c.note is not None and c.region == "note" else None
            if note is not None and self.text is not None:
                parts.append(self.text[note.start : min(note.end, note.start + 1000)])
            else:
                parts.append(c.text[:1000])
        return "\n".join(parts)


#: A parenthesis with a comma or colon and a year of publication: "(London: Verso, 1995)".
_PUBLICATION_PAREN = re.compile(r"\([^()\n]{0,120}[,:][^()\n]{0,60}\b(?:1[5-9]|20)\d\d[a-z]?\)")
#: The labels of a locator that points into a work.
_WORK_LOCATOR_LABELS = frozenset({"page", "volume", "folio", "chapter", "column", "line"})


def _may_hold_citation(text: str, parens_only: bool = False) -> bool:
    """Does ``text`` (a note, or prose between citations) hold what may be a citation?

    A locator written with its term ("p. 45", "vol. 3", "fol. 12", "S. 7") or a
    parenthesis with publication facts and a year.  Used to flag an ibid whose
    antecedent may be a citation citekit did not detect.
    """
    if not P.ANY_DIGIT.search(text):
        return False  # a locator without a digit ("vol. iii") is not looked for here
    if parens_only:
        # prose between two body citations: only its parentheses (the prose itself is long
        # and full of numbers; an undetected citation there is parenthetical)
        pieces = [m.group(0) for m in P.FLAT_PARENS.finditer(text) if len(m.group(0)) < 300]
    else:
        pieces = [text]
    for piece in pieces:
        if not P.ANY_DIGIT.search(piece):
            continue
        if "(" in piece and _PUBLICATION_PAREN.search(piece):
            return True
        if any(loc.term and loc.label in _WORK_LOCATOR_LABELS for loc in find_locators(piece)):
            return True
    return False


def _display_surnames(rb: _RecordBuilder, parts: tuple[Fields, ...], refs: list[Ref]) -> tuple[str, ...]:
    """The surnames of a work as cited (for idem): the citation's own, else the record's."""
    for f, r in zip(parts, refs):
        if r.record == rb.key and f.creator_surnames:
            return f.creator_surnames
    for f in rb.fields:
        if f.creator_surnames:
            return f.creator_surnames
    return tuple(s for s in rb.surnames if s)


def _primary(refs: list[Ref]) -> Ref | None:
    chosen = None
    for r in refs:
        if r.role in ("cited", "quoted-in"):
            chosen = r
    return chosen or (refs[-1] if refs else None)


def _years_volume(title: str) -> str | None:
    m = P.YEAR_RANGE.search(title) or P.YEAR.search(title)
    return P.DASH_RE.sub("-", m.group(0)).replace(" ", "") if m else None


def _slug(s: str) -> str:
    return "-".join(fold(s).split()) or "periodical"


def _record_type(fields: Sequence[Fields]) -> str:
    """CSL type of a record made from citations: "chapter" for a part of an edited book (a
    container with editors or a publisher: "in …, ed./Hg./dir./a cura di …", Chicago Manual
    17th ed. 14.106; APA 7th ed. 10.3), "paper-conference" for a part of a meeting's proceedings
    ("in Proc. Int. Conf. …", "In Proceedings of the …", "In: Tagungsband …", "Atti del convegno
    …": :data:`citekit.patterns.PROCEEDINGS_CONTAINER`, as ``citekit parse`` types it; CSL 1.0.2
    Appendix III) unless an issue number makes it a journal's ("Proceedings of the National
    Academy of Sciences 117, no. 3"), "article-journal" for another container, else "book"."""
    with_container = [f for f in fields if f.container]
    if not with_container:
        # a document held in an archive ("Staatsarchiv Zürich, Ratsmanual, …"): CSL "manuscript"
        return "manuscript" if any(f.archive for f in fields) and not any(f.publisher for f in fields) else "book"
    container = Counter(f.container for f in with_container).most_common(1)[0][0]  # the record's container-title
    if P.PROCEEDINGS_CONTAINER.search(container) and not any(f.issue for f in with_container):
        return "paper-conference"
    if any(f.editors or f.publisher for f in with_container) and not any(f.issue for f in with_container):
        return "chapter"
    return "article-journal"


def _article_numbers(csl: dict[str, Any], fields: Sequence[Fields]) -> None:
    """Volume, issue and page range of an article from its citations (CSL "volume", "issue",
    "page"): a volume or issue given once stands for the article (one article, one issue); a page
    range is the article's extent only in a citation that also names the issue or volume
    (Chicago Manual 17th ed. 14.171: "119, no. 3 (2014): 689–713, at 695")."""
    for name, attr in (("volume", "volume"), ("issue", "issue")):
        values = Counter(getattr(f, attr) for f in fields if getattr(f, attr))
        if len(values) == 1:
            csl.setdefault(name, next(iter(values)))
    ranges = Counter(f.pages for f in fields if f.pages and (f.volume or f.issue) and "-" in f.pages and "," not in f.pages)
    if len(ranges) == 1:
        csl.setdefault("page", next(iter(ranges)))


#: A subtitle's separator in a title: a colon, or a full stop before a capital ("Titel. Untertitel").
_SUBTITLE_MARK = re.compile(r"[:;]|\.\s+[A-ZÀ-ÖØ-ÞА-Я]")


#: CSL-JSON title variables (CSL 1.0.2 Appendix IV, "Title variables"), whose white space
#: build_records normalises.
_TITLE_VARIABLES = ("title", "title-short", "container-title", "container-title-short", "collection-title",
                    "original-title", "volume-title", "part-title", "event-title", "reviewed-title")
#: A line break, a tab or two spaces: white space a title as printed does not hold.
_LINE_OR_SPACES = P.LazyPattern(r"[\n\r\t\f\v]|\s\s")


def _merge_csl(key: str, rb: _RecordBuilder) -> dict[str, Any]:
    csl: dict[str, Any] = {"id": key}
    csl.update({k: v for k, v in rb.csl.items() if k != "id"})
    csl["id"] = key
    if rb.periodical:
        csl.setdefault("type", "periodical")
        return csl
    if rb.work is not None:
        return csl
    fields = [f for f in rb.fields if not f.short]
    if rb.provisional:
        csl["citekit-provisional"] = True
    csl.setdefault("type", _record_type(fields))
    authors = next((f.authors for f in fields if f.authors), ())
    edited = next((f.editors for f in fields if f.editors and not f.authors and f.title), ())
    if authors and edited and {fold(n.key) for n in authors} <= {fold(n.key) for n in edited}:
        # "Diba, Layla S., ed." / "Branscombe, N. R., & Doosje, B. (Eds.)." cited as "Diba, Royal
        # Persian Paintings" or "(Branscombe & Doosje, 2004)": the names are the editors' (CSL
        # "editor"; the styles put them where an author stands, Chicago 14.103, APA 10.3)
        authors = ()
    if authors:
        csl["author"] = [n.csl() for n in authors]
    editors = next((f.editors for f in fields if f.editors), ())
    if editors:
        csl["editor"] = [n.csl() for n in editors]
    translators = next((f.translators for f in fields if f.translators), ())
    if translators:
        csl["translator"] = [n.csl() for n in translators]
    if csl["type"] == "article-journal":
        _article_numbers(csl, fields)
    titles = Counter(f.title for f in fields if f.title)
    # a short title ("Modern" for "Modern Fiction", MLA 9th ed. 6.22; Chicago 14.32) gives way to
    # the full one it shortens, however often it is cited
    longer = {t for t in titles if any(len(u) > len(t) and _in_order(title_words(t), title_words(u)) for u in titles)}
    titles = Counter({t: n for t, n in titles.items() if t not in longer and title_words(t)}) or titles
    if titles:
        # the most common spelling; ties go to the most capitalised
        title = max(titles, key=lambda t: (titles[t], sum(w[:1].isupper() for w in t.split())))
        csl["title"] = title
        # the text's own short form of that title ("Painting and Experience" for "Painting and
        # Experience in Fifteenth-Century Italy: A Primer …") is its CSL title-short, which the
        # styles print in subsequent notes (Chicago 17th ed. 14.32; citeproc-js has no rule of its own)
        # (its opening words and no subtitle: a fragment from elsewhere in the title, or the
        # title with its end cut off, is a misreading, not a short form)
        full = title_words(title)
        shorts = Counter(f.title for f in fields if f.title in longer and not _SUBTITLE_MARK.search(f.title)
                         and full[: len(title_words(f.title))] == title_words(f.title))
        if shorts:
            csl["title-short"] = shorts.most_common(1)[0][0]
    elif fields and fields[0].name_or_title and not authors:
        csl["title"] = fields[0].name_or_title
    for name, attr in (("publisher-place", "place"), ("publisher", "publisher"), ("container-title", "container"), ("edition", "edition"),
                       ("archive", "archive"), ("archive_location", "archive_location"), ("DOI", "doi"),
                       ("number-of-volumes", "number_of_volumes"), ("genre", "genre")):
        values = Counter(getattr(f, attr) for f in fields if getattr(f, attr))
        if values:
            csl[name] = values.most_common(1)[0][0]
    if csl.get("archive") and csl.get("publisher-place") and not csl.get("publisher"):
        csl.setdefault("archive-place", csl.pop("publisher-place"))  # "National Archives, Kew": the archive's place
    if csl.get("edition"):  # "2nd ed" -> "2": the style prints ordinal and term (bibio.csl_edition)
        csl["edition"] = csl_edition(str(csl["edition"]))
    years = Counter(f.year for f in fields if f.year)
    if years:
        csl["issued"] = {"date-parts": [[int(years.most_common(1)[0][0])]]}
        # the text's own year letter ("2020a"): the renderer keeps it (render._for_citeproc)
        letters = {f.year_suffix for f in fields if f.year_suffix}
        if len(letters) == 1:
            csl["citekit-year-suffix"] = letters.pop()
    originals = Counter(f.original_year for f in fields if f.original_year)
    if originals:  # the first publication beside the edition cited (CSL "original-date")
        csl["original-date"] = {"date-parts": [[int(originals.most_common(1)[0][0])]]}
    volumes = {f.volume for f in fields if f.volume}
    if volumes and all(v.isdigit() for v in volumes):
        csl["citekit-volumes-cited"] = sorted(volumes, key=int)
    _online_csl(csl, fields)
    return csl


def _online_csl(csl: dict[str, Any], fields: Sequence[Fields]) -> None:
    """A web source's ``URL``, ``accessed`` and full ``issued`` date (issue 11; read by
    :func:`citekit.fields.entry._online`, as ``citekit parse`` keeps them), and its type: a
    post in a blog (``post-weblog``, the container's name says "Blog"/"Weblog") or a page of a
    website (``webpage``: a URL and a container, no volume, issue or pages; MLA 9th ed. 5.97,
    Chicago 17th ed. 14.206, CSL 1.0.2 Appendix III).  The issue date of a dated periodical
    issue fills ``issued`` only when its year is the record's."""
    from .dates import date_parts

    urls = Counter(f.url for f in fields if f.url)
    if urls and not csl.get("URL"):
        csl["URL"] = urls.most_common(1)[0][0]
    accessed = next((p for f in fields if f.accessed and (p := date_parts(f.accessed))), None)
    if accessed and not csl.get("accessed"):
        csl["accessed"] = {"date-parts": [accessed]}
    year = ((csl.get("issued") or {}).get("date-parts") or [[None]])[0][:1]
    for f in fields:
        parts = date_parts(f.issue_date) if f.issue_date and not f.periodical else None
        if parts and year and [parts[0]] == year:
            csl["issued"] = {"date-parts": [parts]}
            break
    if csl.get("URL") and csl.get("container-title") and not any(csl.get(k) for k in ("volume", "issue", "page", "editor")) \
            and csl.get("type") in ("article-journal", "chapter", "article-newspaper", "book"):
        csl["type"] = "post-weblog" if _BLOG.search(str(csl["container-title"])) else "webpage"


#: A blog's name: "The Paris Review Blog", "Weblog", "Le blog de …", "Blog des …".
_BLOG = P.LazyPattern(r"(?<![^\W\d_])(?:blog|weblog|blogg)(?![^\W\d_])", re.IGNORECASE)
