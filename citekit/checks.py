"""Checking: citation problems, reported the way a linter reports code problems.

:func:`check` runs every selected rule over an :class:`~citekit.model.Extraction`
and returns :class:`Problem` objects sorted by position.  Each rule is a small
function registered with :func:`_rule` under a stable code and a type name
(docs/rules.md documents them all):

======  =============================  ==========================================
code    type                           what it finds
======  =============================  ==========================================
N101    marker-without-note            a note marker whose note is missing
N102    note-without-marker            a note no marker in the text points to
N103    note-numbering                 gaps, duplicates, disorder, stray restarts
N104    unread-notes-section           numbered notes/references at the end, not read
S201    ibid-without-antecedent        ibid with nothing (in its chapter) before it
S202    ibid-ambiguous                 ibid after several works or far from them
S203    opcit-without-full             op. cit. with no earlier work by the author
S204    opcit-ambiguous                op. cit. / author-only cite, author of several works
S205    unresolved-citation            a citation tied to no work
S206    unclosed-parenthesis           a citation's parenthesis never closed
V301    title-variant                  one work under differently written titles
V302    author-variant                 one work's authors written differently
V303    publisher-variant              a place or publisher spelled differently
V304    year-variant                   one work and volume with different years
V305    edition-mix                    a work cited with and without a volume
L401    locator-malformed              "Vol. 26. p. 22", "p. 14-5", "pp. 221"
L402    locator-out-of-range           a volume past the work's count, a reversed range
R501    author-date-missing-reference  an author-date key with no reference entry
R502    reference-never-cited          a reference-list entry no key points to
R503    duplicate-reference            one work listed twice in the references
R504    year-suffix-missing            two works of one author and year without a/b
R505    citation-key-undefined         a pandoc @key the bibliography does not define
======  =============================  ==========================================

Rules read only the extraction (and the knowledge base for volume counts); they
never re-parse the text except to locate a field inside a citation's span.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections import Counter, defaultdict
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping, Sequence

from attrs import field, frozen
from rapidfuzz import fuzz

from . import patterns as P
from .errors import ConfigError
from .knowledge import KnowledgeBase, fold, title_words
from .load.text import OffsetMap
from .model import Citation, Extraction, Fields, Form, Ref
from .locators import Locator, find_locators
from .parse import page_label_problems

Severity = str  # "error" | "warning" | "info"


@frozen
class Problem:
    """One problem found by :func:`check` (or, rule C601, by :func:`citekit.corpus.corpus_problems`
    over several files): a rule, a span and what to do about it.

    ``start``/``end``: character offsets into the document text (None for C601, which is placed
    by line and column only: the work's first citation in that file); ``line``/``column``: 1-based,
    in the user's file, columns counted in Unicode code points; ``source``: the file's name as the
    JSON output's ``"source"`` gives it (the path as named, ``<stdin>``, ``<text>``)."""

    code: str  #: the rule's code, e.g. ``"L401"``
    type: str  #: the rule's name, e.g. ``"locator-malformed"``
    severity: Severity
    start: int | None  #: character offsets into the document text
    end: int | None
    line: int  #: 1-based line and column in the source file
    column: int
    message: str
    fix: str | None = None  #: a suggested fix, when there is one
    source: str | None = None  #: the checked file (its JSON "source")


@frozen
class Rule:
    """A check rule: its code, its type name, its default severity and a one-line summary."""

    code: str
    name: str
    severity: Severity
    summary: str
    func: Callable[["_Context"], Iterator["_Found"]] = field(eq=False, repr=False)


@frozen
class Config:
    """Which rules run, and their tunable limits (``[tool.citekit]`` in pyproject.toml).

    ``select`` and ``ignore`` hold rule codes (``L401``), code prefixes (``L``,
    ``S2``), type names (``title-variant``) or ``ALL``.
    """

    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    #: ibid is ambiguous when its antecedent is more than this many notes back
    #: (biblatex's "constrict": the same or the previous note).
    ibid_max_note_gap: int = 1
    #: a locator without the comma most of the document puts before it is
    #: flagged only when at least this share of locators have the comma.
    comma_majority: float = 0.8

    def enabled(self, rule: Rule) -> bool:
        """Is ``rule`` selected and not ignored?"""
        return _matches(rule, self.select) and not _matches(rule, self.ignore)


@frozen
class _Found:
    start: int
    end: int
    message: str
    fix: str | None = None
    severity: Severity | None = None


RULES: dict[str, Rule] = {}


def _rule(code: str, name: str, severity: Severity, summary: str):
    def register(func: Callable[["_Context"], Iterator[_Found]]):
        RULES[code] = Rule(code, name, severity, summary, func)
        return func

    return register


def _matches(rule: Rule, selectors: Iterable[str]) -> bool:
    for s in selectors:
        s = s.strip()
        if s.upper() == "ALL" or s == rule.name or (s and rule.code.upper().startswith(s.upper())):
            return True
    return False


def rule_names() -> dict[str, str]:
    """Every rule's code -> type name."""
    return {code: r.name for code, r in RULES.items()}


# --- the entry point ---------------------------------------------------------------


def check(
    extraction: Extraction,
    *,
    library: KnowledgeBase | str | os.PathLike[str] | Sequence | None = None,
    config: Config | Mapping | None = None,
) -> list[Problem]:
    """Run the selected rules over an extraction; problems sorted by position.

    ``library`` is what :func:`citekit.extract` was given (a path, a list, or a
    ready :class:`KnowledgeBase`), used for volume counts.  ``config`` is a
    :class:`Config` or a mapping like ``[tool.citekit]`` (see :func:`config_from_mapping`).
    """
    from .pipeline import knowledge_base

    cfg = config if isinstance(config, Config) else config_from_mapping(config or {}, "config")
    kb = library if isinstance(library, KnowledgeBase) else knowledge_base(library)
    ctx = _Context(extraction, kb, cfg)
    out: list[Problem] = []
    for rule in RULES.values():
        if not cfg.enabled(rule):
            continue
        seen: set[tuple[int, int, str]] = set()
        for f in rule.func(ctx):
            if (f.start, f.end, f.message) in seen:
                continue
            seen.add((f.start, f.end, f.message))
            line, col = ctx.line_col(f.start)
            out.append(Problem(rule.code, rule.name, f.severity or rule.severity, f.start, f.end, line, col, f.message, f.fix,
                               extraction.source))
    out.sort(key=lambda p: (p.start, p.code, p.end))
    return out


# --- configuration -------------------------------------------------------------------

_CONFIG_KEYS = {"select", "ignore", "extend-select", "extend-ignore", "ibid-max-note-gap", "comma-majority"}


def config_from_mapping(m: Mapping, where: str = "[tool.citekit]") -> Config:
    """A :class:`Config` from a ``[tool.citekit]``-shaped mapping; unknown keys or codes are errors."""
    unknown = set(m) - _CONFIG_KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(_CONFIG_KEYS))}")

    def codes(key: str) -> tuple[str, ...]:
        v = m.get(key, [])
        if isinstance(v, str):
            v = [x for x in re.split(r"[,\s]+", v) if x]
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise ConfigError(f"{where}: {key} must be a list of rule codes or names")
        validate_selectors(v, f"{where}: {key}")
        return tuple(v)

    select = codes("select") or ("ALL",)
    select += codes("extend-select")
    ignore = codes("ignore") + codes("extend-ignore")
    gap = m.get("ibid-max-note-gap", 1)
    share = m.get("comma-majority", 0.8)
    if not isinstance(gap, int) or isinstance(gap, bool) or gap < 0:  # TOML `true` is not a number
        raise ConfigError(f"{where}: ibid-max-note-gap must be a whole number >= 0")
    if not isinstance(share, (int, float)) or isinstance(share, bool) or not 0 < share <= 1:
        raise ConfigError(f"{where}: comma-majority must be a number in (0, 1]")
    return Config(select, ignore, gap, float(share))


def validate_selectors(values: Iterable[str], where: str) -> None:
    """Raise :class:`ConfigError` ``"{where}: no rule matches 'XYZ9' (codes: …)"`` for the first
    of ``values`` (codes, prefixes, type names, ``ALL``) that selects no rule; ``where`` names
    the option or key once ("--select", "pyproject.toml: [tool.citekit]: ignore")."""
    for x in values:
        if not any(_matches(r, [x]) for r in RULES.values()):
            raise ConfigError(f"{where}: no rule matches {x!r} (codes: {', '.join(RULES)})")


def find_config(start: str | os.PathLike[str]) -> tuple[Path | None, Mapping]:
    """The ``[tool.citekit]`` table of the nearest pyproject.toml at or above ``start``."""
    p = Path(start).resolve()
    for d in [p] + list(p.parents) if p.is_dir() else list(p.parents):
        candidate = d / "pyproject.toml"
        if candidate.is_file():
            try:
                data = tomllib.loads(candidate.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
                raise ConfigError(f"{candidate}: cannot read: {exc}") from None
            tool = data.get("tool", {})
            if not isinstance(tool, dict):  # `tool = 5`: TOML allows it, a pyproject must not
                raise ConfigError(f"{candidate}: `tool` must be a table ([tool.citekit]), not {type(tool).__name__} {tool!r}")
            table = tool.get("citekit")
            if table is not None:
                if not isinstance(table, dict):
                    raise ConfigError(f"{candidate}: [tool.citekit] must be a table")
                return candidate, table
    return None, {}


def read_config_file(path: str | os.PathLike[str]) -> tuple[Path, Mapping]:
    """The settings of the one file ``path`` (``check --config FILE``), never of another.

    ``[tool.citekit]`` when the file has it (a pyproject.toml); else, for a file with no
    ``[tool]`` table, its top level (a ``citekit.toml`` holding ``select = [...]``, as
    ruff.toml does).  Returns ``(path, table)``; the table is checked by
    :func:`config_from_mapping`, which refuses unknown keys with the list of valid ones.
    Errors: :class:`ConfigError` naming the file: missing or not a regular file, not
    TOML or UTF-8, ``tool`` or ``tool.citekit`` not a table, or a ``[tool]`` table without
    ``citekit`` (a pyproject for other tools: its tables are listed).
    """
    p = Path(path)
    if not p.is_file():
        raise ConfigError(f"{p}: no such file" if not p.exists() else f"{p}: not a regular file")
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        raise ConfigError(f"{p}: cannot read: {exc}") from None
    if "tool" not in data:
        return p, data
    tool = data["tool"]
    if not isinstance(tool, dict):
        raise ConfigError(f"{p}: `tool` must be a table ([tool.citekit]), not {type(tool).__name__} {tool!r}")
    if "citekit" not in tool:
        raise ConfigError(f"{p}: no [tool.citekit] table (its [tool] tables: {', '.join(sorted(tool)) or 'none'})")
    if not isinstance(tool["citekit"], dict):
        raise ConfigError(f"{p}: [tool.citekit] must be a table")
    return p, tool["citekit"]


# --- what the rules share -----------------------------------------------------------------


class _Context:
    """The extraction plus indexes every rule may need (built once)."""

    def __init__(self, ex: Extraction, kb: KnowledgeBase, config: Config) -> None:
        self.ex = ex
        self.doc = ex.document
        self.text = ex.document.text
        self.kb = kb
        self.config = config
        self.citations = ex.citations
        self.records = {r.key: r for r in ex.records}
        self._lines: OffsetMap | None = None

    def line_col(self, offset: int) -> tuple[int, int]:
        if self.doc.offset_map is not None:
            return self.doc.line_col(offset)
        if self._lines is None:  # a Document built without a map: index its lines once
            self._lines = OffsetMap.for_text(self.text)
        return self._lines.line_col(offset)

    def cited(self) -> Iterator[tuple[int, Citation, Fields, Ref]]:
        """(index, citation, part, ref) for every part outside reference lists."""
        for i, c in enumerate(self.citations):
            if c.form is Form.REFLIST:
                continue
            for f, r in zip(c.parts, c.refs):
                yield i, c, f, r

    def locate(self, c: Citation, needle: str | None) -> tuple[int, int]:
        """The span of ``needle`` inside citation ``c`` (the citation's span if absent)."""
        if needle:
            k = c.text.find(needle)
            if k >= 0:
                return c.start + k, c.start + k + len(needle)
        return c.start, c.end

    def where(self, c: Citation) -> str:
        return f"note {c.note}" if c.note is not None else f"line {self.line_col(c.start)[0]}"


def _majority(values: Sequence[str]) -> str:
    """The most common value; on a tie, the first written."""
    counts = Counter(values)
    best = max(counts.values())
    return next(v for v in values if counts[v] == best)


# --- notes ---------------------------------------------------------------------------------


@_rule("N101", "marker-without-note", "error", "A note marker in the text has no note with its number.")
def _marker_without_note(ctx: _Context) -> Iterator[_Found]:
    chapters = len({n.chapter for n in ctx.doc.notes}) > 1
    for m in ctx.doc.markers:
        if not m.has_note:
            where = f" in chapter {m.chapter}" if chapters else ""
            yield _Found(m.start, m.end, f"note marker {m.note}{where} has no note {m.note}", f"add note {m.note} or remove the marker")


@_rule("N102", "note-without-marker", "warning", "A note that no marker in the text points to.")
def _note_without_marker(ctx: _Context) -> Iterator[_Found]:
    marked: dict[int, set[int]] = defaultdict(set)
    for m in ctx.doc.markers:
        marked[m.chapter].add(m.note)
    by_chapter: dict[int, list] = defaultdict(list)
    for n in ctx.doc.notes:
        by_chapter[n.chapter].append(n)
    for ch, notes in by_chapter.items():
        have = marked.get(ch, set())
        # only where markers were found for most notes: otherwise the text marks notes
        # in a way citekit does not see, and every note would be reported
        if len(have & {n.number for n in notes}) < max(1, len(notes) / 2):
            continue
        for n in notes:
            if n.number not in have:
                yield _Found(n.label_start, n.end, f"note {n.number} has no marker in the text", "add the marker where the note belongs, or delete the note")


@_rule("N103", "note-numbering", "error", "Note numbers with a gap, a duplicate, out of order, or restarting outside a chapter break.")
def _note_numbering(ctx: _Context) -> Iterator[_Found]:
    notes = ctx.doc.notes
    prev = None
    for n in notes:
        label = (n.label_start, n.label_start + len(ctx.text[n.label_start : n.start].rstrip()))
        if prev is None or n.chapter != prev.chapter:
            if prev is not None and not _chapter_break_before(ctx, prev, n):
                yield _Found(*label, f"note numbering restarts at {n.number} after note {prev.number} without a chapter break", "renumber the notes in sequence")
            elif n.number != 1:
                yield _Found(*label, f"the chapter's notes start at {n.number}, not 1", "renumber the notes from 1")
            prev = n
            continue
        if n.number == prev.number:
            yield _Found(*label, f"note {n.number} is numbered twice", f"renumber: this should be note {prev.number + 1}?")
        elif n.number > prev.number + 1:
            missing = f"note {prev.number + 1} is" if n.number == prev.number + 2 else f"notes {prev.number + 1}–{n.number - 1} are"
            yield _Found(*label, f"{missing} missing: note {prev.number} is followed by note {n.number}", "renumber the notes or add the missing ones")
        elif n.number < prev.number:
            yield _Found(*label, f"note {n.number} comes after note {prev.number}", "put the notes in order")
        prev = n


def _chapter_break_before(ctx: _Context, prev, n) -> bool:
    """Is there a chapter break (another note block, or a heading line) between two notes?"""
    regions = [r for r in ctx.doc.regions if r.kind == "notes"]
    same = any(r.start <= prev.start < r.end and r.start <= n.start < r.end for r in regions)
    if not same:
        return True
    between = ctx.text[prev.end : n.label_start]
    for line in between.split("\n"):
        s = line.strip()
        if s and len(s) < 80 and not s.endswith((".", ",", ";")):
            return True  # a heading such as "Chapter 3" or "Notes to Part II"
    return False


@_rule("N104", "unread-notes-section", "warning", "The text ends with numbered lines that read like notes or references, but none of them was read as such.")
def _unread_notes_section(ctx: _Context) -> Iterator[_Found]:
    """structure.unread_numbered_tail over the text and the regions found: a notes section
    under a heading citekit does not know, or notes whose markers it did not find."""
    from .structure import unread_numbered_tail

    got = unread_numbered_tail(ctx.text, ctx.doc.regions)
    if got is None:
        return
    start, end, first, count = got
    line_end = ctx.text.find("\n", start, end)
    yield _Found(
        start,
        line_end if line_end >= 0 else end,
        f"the text ends with {count} numbered lines ({first}–{first + count - 1}) that read like notes or references, "
        "but were read as neither: their citations are not extracted",
        "put a heading such as 'Notes' or 'References' on its own line above them, "
        "or write the note markers in the text as superscripts, [n], (n) or digits after the word",
    )


# --- short forms -------------------------------------------------------------------------------


@_rule("S201", "ibid-without-antecedent", "error", "ibid. with no citation before it (or none in its chapter).")
def _ibid_without_antecedent(ctx: _Context) -> Iterator[_Found]:
    for i, c, f, r in ctx.cited():
        if f.short not in ("ibid", "idem"):
            continue
        if r.antecedent is None:
            yield _Found(c.start, c.end, f"{c.text.split()[0].rstrip(',')} has no earlier citation to refer to", "give the full citation")
            continue
        ante = ctx.citations[r.antecedent]
        if c.note is not None and ante.chapter != c.chapter and c.chapter:
            yield _Found(
                c.start, c.end,
                f"ibid. opens chapter {c.chapter}'s citations; its antecedent is in chapter {ante.chapter} ({ctx.where(ante)})",
                "give the full (or short) citation at the first mention in a chapter",
            )


@_rule("S202", "ibid-ambiguous", "warning", "ibid. after a citation of several works, or far from its antecedent.")
def _ibid_ambiguous(ctx: _Context) -> Iterator[_Found]:
    gap_max = ctx.config.ibid_max_note_gap
    for i, c, f, r in ctx.cited():
        if f.short != "ibid" or r.antecedent is None:
            continue
        ante = ctx.citations[r.antecedent]
        if r.ambiguous:  # flagged by the resolver: several works in the antecedent's note, or a possible undetected citation
            why = r.reason.partition("ambiguous: ")[2] or "its antecedent is in doubt"
            yield _Found(
                c.start, c.end,
                f"ibid. is ambiguous: {why}; taken as {r.record}" + (f" (candidates: {', '.join(r.candidates)})" if r.candidates else ""),
                "name the work (short form) instead of ibid.",
            )
            continue
        records = list(dict.fromkeys(x.record for x in ante.refs if x.record))
        if len(records) > 1:
            yield _Found(
                c.start, c.end,
                f"ibid. follows a citation of {len(records)} works ({', '.join(records)}); which one is meant?",
                "name the work (short form) instead of ibid.",
            )
        elif c.note is not None and ante.note is not None and ante.chapter == c.chapter and c.note - ante.note > gap_max:
            yield _Found(
                c.start, c.end,
                f"ibid. in note {c.note} refers to note {ante.note}, {c.note - ante.note} notes back",
                "use a short form: the reader no longer has the antecedent in view",
            )


@_rule("S203", "opcit-without-full", "error", "op. cit. / loc. cit. with no earlier work by that author.")
def _opcit_without_full(ctx: _Context) -> Iterator[_Found]:
    for i, c, f, r in ctx.cited():
        if f.short in ("opcit", "loccit") and r.record is None:
            who = f.authors_text or "the author"
            yield _Found(c.start, c.end, f"op. cit.: no earlier citation of a work by {who}", f"give the full citation of {who}'s work at its first mention")


@_rule("S204", "opcit-ambiguous", "warning", "op. cit. (or an author-only citation) when the author has several works.")
def _opcit_ambiguous(ctx: _Context) -> Iterator[_Found]:
    for i, c, f, r in ctx.cited():
        if f.short in ("opcit", "loccit") and r.ambiguous:
            yield _Found(
                c.start, c.end,
                f"op. cit.: {f.authors_text or 'the author'} has {len(r.candidates)} works cited before ({', '.join(r.candidates)}); taken as {r.record}",
                "add a short title",
            )
        elif not f.short and r.ambiguous and r.reason.startswith("author only"):
            # MLA "(Calvino 92)" when the works cited list two works by Calvino (MLA 9th ed. 6.13)
            yield _Found(
                c.start, c.end,
                f"{f.authors_text or f.name_or_title or 'the author'} has {len(r.candidates)} works ({', '.join(r.candidates)}); taken as {r.record}",
                "add a short title",
            )


@_rule("S205", "unresolved-citation", "warning", "A citation citekit cannot tie to any work.")
def _unresolved(ctx: _Context) -> Iterator[_Found]:
    for i, c in enumerate(ctx.citations):
        if c.form is Form.REFLIST:
            continue
        for f, r in zip(c.parts, c.refs):
            if r.record is None and f.short is None:
                yield _Found(c.start, c.end, f"cannot tell which work {c.text[:60]!r} cites", "cite the work in full at its first mention")
        if c.form is Form.DATE and not any(r.record for r in c.refs):
            yield _Found(c.start, c.end, f"the date {c.text!r} names no periodical in its sentence", "name the periodical")


@_rule("S206", "unclosed-parenthesis", "warning", "A citation whose opening parenthesis is never closed.")
def _unclosed(ctx: _Context) -> Iterator[_Found]:
    for c in ctx.citations:
        if c.unclosed:
            k = ctx.text.rfind("(", max(0, c.start - 2), c.start + 1)
            start = k if k >= 0 else c.start
            yield _Found(start, c.end, "the parenthesis opened here is never closed", "add the closing parenthesis after the citation")


# --- variants of one work ------------------------------------------------------------------------

_QUOTES = str.maketrans({"‘": "", "’": "'", "“": "", "”": "", '"': "", "*": "", "_": ""})


def _clean(s: str) -> str:
    return P.SPACES.sub(" ", s.translate(_QUOTES)).strip(" ,.;:'")


def _full_parts(ctx: _Context) -> Iterator[tuple[int, Citation, Fields, Ref]]:
    """Parts that spell a work out (not ibid / op. cit. / author-date / periodical)."""
    for i, c, f, r in ctx.cited():
        if r.record and not f.short and not f.author_date and not f.periodical:
            rec = ctx.records.get(r.record)
            if rec is not None and not rec.periodical:
                yield i, c, f, r


@_rule("V301", "title-variant", "warning", "One work cited under differently written titles.")
def _title_variant(ctx: _Context) -> Iterator[_Found]:
    by_record: dict[str, list[tuple[Citation, str]]] = defaultdict(list)
    for i, c, f, r in _full_parts(ctx):
        if f.title:
            title = _clean(f.title)
            work = ctx.kb.work(r.record)  # type: ignore[arg-type]
            if work is not None and work.volume_naming == "years":
                title = _clean(P.TRAILING_YEARS.sub("", title))  # "Writings 1935-36": the volume, not the title
            by_record[r.record].append((c, title))  # type: ignore[index]
    for key, written in by_record.items():
        forms = [t for _, t in written]
        if len(set(forms)) < 2:
            continue
        # the canonical title is the most frequent *full* form: a short title (Chicago 17th ed.
        # 14.32: the first words of the full title, or up to three of its words) stands for
        # the full title and never outvotes it, however often it is written
        full = [t for t in forms if not any(_short_title_of(t, u) for u in forms)] or forms
        canon = _majority(full)
        for c, t in written:
            if t == canon or _short_title_of(t, canon) or _short_title_of(canon, t):
                continue  # a short title, or the full one with a subtitle
            if any(_short_title_of(t, u) for u in full if u != t):
                continue  # a short form of another full form: that form is reported, not its short title
            yield _Found(*ctx.locate(c, _raw(c, t)), f"title {t!r} differs from {canon!r}, as this work is cited elsewhere", f"write {canon!r}")


def _short_title_of(short: str, full: str) -> bool:
    """Is title ``short`` a short form of title ``full`` (Chicago Manual 17th ed. 14.32: a
    short title is the first words of the full one, "The Jacobin Clubs" for "The Jacobin Clubs
    in the French Revolution: The First Years"; or a conventional short title of up to three of
    its key words, "Economic History")?  Compared by folded title words; not when they are equal."""
    sw, fw = title_words(short), title_words(full)
    if not sw or len(sw) >= len(fw):
        return False
    return sw == fw[: len(sw)] or (set(sw) <= set(fw) and len(sw) <= 3)


def _raw(c: Citation, cleaned: str) -> str | None:
    """Where a cleaned field stands in the citation text (first and last word), for its span."""
    words = cleaned.split()
    if not words:
        return None
    a = c.text.find(words[0])
    b = c.text.find(words[-1], a) if a >= 0 else -1
    return c.text[a : b + len(words[-1])] if a >= 0 and b >= 0 else None


@_rule("V302", "author-variant", "info", "The same authors written in different ways (separators, initials, spelling).")
def _author_variant(ctx: _Context) -> Iterator[_Found]:
    # grouped by the people (folded surnames), across works: "K Marx and F Engels"
    # in one note and "K Marx, F Engels" in another is one inconsistency
    by_people: dict[tuple[str, ...], list[tuple[Citation, str]]] = defaultdict(list)
    for i, c, f, r in ctx.cited():
        if f.short or f.author_date or f.periodical or not f.authors_text:
            continue
        # only names with given names or initials: "Lenin" after "V.I. Lenin" is a short form
        if not all(n.given for n in f.authors if not n.literal):
            continue
        people = tuple(sorted(fold(s) for s in f.surnames))
        if people:
            by_people[people].append((c, P.SPACES.sub(" ", f.authors_text).strip(" ,.")))
    for people, written in by_people.items():
        forms = [t for _, t in written]
        if len(set(forms)) < 2:
            continue
        canon = _majority(forms)
        for c, t in written:
            if t != canon:
                yield _Found(*ctx.locate(c, t), f"authors written {t!r}; elsewhere {canon!r}", f"write {canon!r}")


def _spelling_key(s: str) -> str:
    return fold(s).replace(" ", "")


@_rule("V303", "publisher-variant", "warning", "A place or publisher spelled differently in different citations.")
def _publisher_variant(ctx: _Context) -> Iterator[_Found]:
    for attr in ("place", "publisher"):
        occurrences: list[tuple[Citation, str]] = []
        for i, c in enumerate(ctx.citations):
            for f in c.parts:
                v = getattr(f, attr)
                if v:
                    occurrences.append((c, v.strip()))
        counts = Counter(v for _, v in occurrences)
        names = list(counts)
        known = {v for v in names if attr == "place" and ctx.kb.is_place(v)}
        for c, v in occurrences:
            if v in known:
                continue
            best = None
            for w in names:
                if w == v or counts[w] < 1:
                    continue
                if attr == "place" and _qualified_apart(v, w):
                    continue  # "Cambridge, MA" and "Cambridge": two places, not two spellings
                kv, kw = _spelling_key(v), _spelling_key(w)
                if not kv or not kw or min(len(kv), len(kw)) < 5:
                    continue
                similar = kv == kw or fuzz.ratio(kv, kw) >= 88
                if not similar:
                    continue
                # w is the right spelling when it is a known place, or more common
                if w in known or counts[w] > counts[v] or (kv == kw and "-" not in w and "-" in v):
                    if best is None or counts[w] > counts[best] or (w in known and best not in known):
                        best = w
            if best:
                yield _Found(*ctx.locate(c, v), f"{attr} {v!r}: elsewhere {best!r}", f"write {best!r}")


def _qualified_apart(a: str, b: str) -> bool:
    """Are places ``a`` and ``b`` one name with a state/country qualifier on one side only
    ("Cambridge, MA" / "Cambridge", "Paris, TX" / "Paris")?  Chicago Manual 17th ed. 14.130:
    the qualifier tells two places of one name apart, so its presence is no spelling variant;
    a qualifier written differently ("Cambridge, MA" / "Cambridge, Mass.") still is one."""
    ha, hb = "," in a or "(" in a, "," in b or "(" in b
    if ha == hb:
        return False
    base_a, base_b = (x.split(",")[0].split("(")[0].strip() for x in (a, b))
    return fold(base_a) == fold(base_b)


@_rule("V304", "year-variant", "warning", "One work (and volume) cited with different years of publication.")
def _year_variant(ctx: _Context) -> Iterator[_Found]:
    by_work: dict[tuple[str, str | None], list[tuple[Citation, str]]] = defaultdict(list)
    for i, c, f, r in _full_parts(ctx):
        if f.year and f.place:  # a year of publication (with its place), not a date in a title
            by_work[(r.record, r.volume)].append((c, f.year))  # type: ignore[index]
    for (key, vol), written in by_work.items():
        forms = [y for _, y in written]
        if len(set(forms)) < 2:
            continue
        canon = _majority(forms)
        for c, y in written:
            if y != canon:
                what = f"{key}" + (f", vol. {vol}" if vol else "")
                yield _Found(*ctx.locate(c, y), f"{what} dated {y} here, {canon} elsewhere", "cite one edition, or say which edition is meant")


@_rule("V305", "edition-mix", "warning", "A multi-volume work cited with a volume in one place and without in another.")
def _edition_mix(ctx: _Context) -> Iterator[_Found]:
    with_vol: dict[str, list[Citation]] = defaultdict(list)
    without: dict[str, list[Citation]] = defaultdict(list)
    for i, c, f, r in _full_parts(ctx):
        if not f.pages:
            continue
        (with_vol if f.volume else without)[r.record].append(c)  # type: ignore[index]
    for key in with_vol.keys() & without.keys():
        work = ctx.kb.work(key)
        if work is not None and work.volume_naming == "years":
            continue
        a, b = with_vol[key], without[key]
        odd, usual = (b, a) if len(b) <= len(a) else (a, b)
        for c in odd:
            how = "without a volume" if odd is b else "with a volume"
            yield _Found(
                c.start, c.end,
                f"{key} cited {how} here, but {'with' if odd is b else 'without'} one in {len(usual)} other citation(s) ({ctx.where(usual[0])}, …)",
                "give the volume (or say which one-volume edition is meant)" if odd is b else "cite one edition throughout",
            )


# --- locators ---------------------------------------------------------------------------------------

#: "Vol. 26. p. 22": a full stop where a comma belongs between volume and page.
_VOL_STOP_PAGE = re.compile(r"\b(?:[Vv]ol|[Vv]olume)\.?[ \t]*(?:\d{1,3}|[IVXLC]{1,6})(?P<stop>\.)[ \t]+pp?\.?[ \t]*\d{1,5}")
#: "1917-1923,Vol. 3": no space after the comma before a locator.
_COMMA_NO_SPACE = re.compile(r"(?<=\S),(?=(?:[Vv]ol|pp?\.?[ \t]*\d|[Pp]ages?\b))")
#: What stands just before a page locator: a comma (", p. 5") or not ("Vol 29 p58").
_BEFORE_LOCATOR = re.compile(r"(?P<sep>,?)[ \t]*$")
#: Before a locator, words after which no comma is expected: short forms written
#: with their own full stop ("op. cit. p. 206", "ibid p90"), prose ("on page 351"), and an
#: opening bracket: pandoc's narrative citation puts its locator in one, "@Arendt1968 [p. 7]"
#: (pandoc manual, "Citation syntax").
_NO_COMMA_NEEDED = re.compile(
    r"(?:\b(?:ibid|ibidem|ib|ibd|ebd|ebenda|ivi|idem|id|ders|dies|a\.[ \t]?a\.[ \t]?O|cit|op\.?[ \t]?cit|loc\.?[ \t]?cit|on|at|in|see|and|also|cf)\.?|[(\[:;–—-])[ \t]*$",
    re.IGNORECASE,
)


@_rule("L401", "locator-malformed", "warning", "A volume or page locator written irregularly.")
def _locator_malformed(ctx: _Context) -> Iterator[_Found]:
    # the document's own habit: is there a comma before page locators?
    seps: list[tuple[Citation, Locator, bool]] = []
    for c in ctx.citations:
        if c.form is Form.REFLIST:
            continue
        for m in _VOL_STOP_PAGE.finditer(c.text):
            fixed = m.group()[: m.start("stop") - m.start()] + "," + m.group()[m.end("stop") - m.start() :]
            yield _Found(c.start + m.start(), c.start + m.end(), "a full stop between volume and page", f"write a comma: {fixed!r}")
        for m in _COMMA_NO_SPACE.finditer(c.text):
            s = c.start + m.start()
            yield _Found(s, s + 1, "no space after the comma before the locator", "write ', ' before the locator")
        # pages counted from the parsed locator (citekit.locators): "pp. xii, 205" and
        # "pp. 45 ff." name more than one page
        for loc in find_locators(c.text):
            if loc.label != "page" or not loc.term:
                continue
            label = loc.term.rstrip()
            written = c.text[loc.start + len(loc.term) : loc.end]
            if not written.lstrip().startswith(loc.value):
                # a pinpoint after an extent, "pp. 76–136, at 79" (Chicago 14.150, Bluebook),
                # "S. 174–205, hier S. 180": the label goes with the extent, judged alone
                sep = _PINPOINT_SEP.search(written)
                written = written[: sep.start()] if sep else written
            why = page_label_problems(label, written)
            if why and "singular" in why and not _writes_pp(ctx) and not _english(ctx):
                why = None  # French, Italian, German… "p. 11-13": a text that never writes "pp." follows its language's rule
            if why:
                plural = "plural" in why
                yield _Found(c.start + loc.start, c.start + loc.end, why,
                             f"write {_relabel(label, plural) + written.rstrip(' ,;')!r}" + (" (one page)" if plural else " (a range)"))
            before = c.text[: loc.start]
            if before.strip() and not _NO_COMMA_NEEDED.search(before) and not _VOL_STOP_PAGE.search(c.text, 0, loc.end + 1):
                seps.append((c, loc, bool(_BEFORE_LOCATOR.search(before).group("sep"))))  # type: ignore[union-attr]
    if len(seps) >= 5:
        share = sum(1 for _, _, comma in seps if comma) / len(seps)
        if share >= ctx.config.comma_majority:
            for c, m, comma in seps:
                if not comma:
                    yield _Found(
                        c.start + m.start, c.start + m.end,
                        f"no comma before the page locator (the text puts one before {share:.0%} of them)",
                        "write ', ' before the locator",
                    )


#: Where a pinpoint starts after a page extent: a comma, semicolon or bracket, or the
#: pinpoint word itself (the words of citekit.locators._PINPOINT).
_PINPOINT_SEP = re.compile(r"[,;(]|\b(?:hier|here|at|ici|qui|aqu[ií]|esp\.|especially|insb\.|bes\.)(?!\w)")


def _relabel(label: str, plural: bool) -> str:
    """The page label ``label`` as written, made singular (``plural``: "pp." -> "p.",
    "pages" -> "page", "pgs." -> "pg.", Spanish "págs." -> "pág.", Italian "pagg." -> "pag.")
    or plural ("p." -> "pp.", "page" -> "pages", "pg." -> "pgs.", "pág." -> "págs."), keeping
    its case and full stop: the L401 fix is the user's own locator relabelled."""
    stem, dot = (label[:-1], ".") if label.endswith(".") else (label, "")
    low = stem.lower()
    if plural:
        if low in ("pp", "pagg"):
            return stem[:-1] + dot
        return (stem[:-1] if low.endswith("s") else stem) + dot
    if low == "p":
        return stem + stem + dot
    if low == "pag":
        return stem + stem[-1] + dot
    return stem + ("S" if stem.isupper() else "s") + dot


def _writes_pp(ctx: _Context) -> bool:
    """Does the text write the plural "pp." anywhere?  English styles (Chicago 14.4, MLA,
    MHRA) write "pp." for a range; French (Lexique des règles typographiques: "p. 11-13"),
    Italian, Spanish in many houses, and German ("S.") use one abbreviation for one page
    and many.  L401 asks for "pp." only in a text whose own habit is to write it."""
    cached = getattr(ctx, "_writes_pp_cache", None)
    if cached is None:
        cached = any(P.PLURAL_PAGES.search(c.text) for c in ctx.citations if c.form is not Form.REFLIST)
        ctx._writes_pp_cache = cached  # type: ignore[attr-defined]
    return cached


#: Frequent function words of English and of the other languages of humanities prose.
_ENGLISH_WORDS = frozenset("the and of which that with was were is from this".split())
_OTHER_WORDS = frozenset(
    "le la les des et du une est dans qui der die das und ist von mit den el los las y en que del il che di della non"
    " per".split()
)


def _english(ctx: _Context) -> bool:
    """Is the text's prose English (more English function words than French, German,
    Spanish or Italian ones in its first 20,000 characters)?  English styles want "pp."
    for a range whatever the text's habit."""
    cached = getattr(ctx, "_english_cache", None)
    if cached is None:
        words = P.TITLE_WORD.findall(ctx.text[:20000].lower())
        en = sum(1 for w in words if w in _ENGLISH_WORDS)
        other = sum(1 for w in words if w in _OTHER_WORDS)
        cached = en >= other
        ctx._english_cache = cached  # type: ignore[attr-defined]
    return cached


def _volume_number(v: str) -> int | None:
    if v.isdecimal():  # not isdigit(): "²" is a digit int() refuses
        return int(v)
    if P.ROMAN_NUMERAL.fullmatch(v):
        values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
        total, prev = 0, 0
        for ch in reversed(v.upper()):
            n = values[ch]
            total = total - n if n < prev else total + n
            prev = max(prev, n)
        return total
    return None


@_rule("L402", "locator-out-of-range", "error", "A volume beyond the work's number of volumes, or a reversed page range.")
def _locator_out_of_range(ctx: _Context) -> Iterator[_Found]:
    for i, c, f, r in ctx.cited():
        if r.record and r.volume and f.volume:
            work = ctx.kb.work(r.record)
            n = _volume_number(r.volume)
            if work is not None and work.volumes and n is not None and n > work.volumes:
                m = P.VOLUME.search(c.text)
                span = (c.start + m.start(), c.start + m.end()) if m else (c.start, c.end)
                yield _Found(*span, f"volume {r.volume}: {r.record} has {work.volumes} volumes", "check the volume number")
        if f.pages:
            for item in f.pages.split(","):
                a, _, b = item.partition("-")
                if a.isdecimal() and b.isdecimal() and int(b) < int(a):
                    m = P.PAGES.search(c.text)
                    span = (c.start + m.start(), c.start + m.end()) if m else (c.start, c.end)
                    yield _Found(*span, f"page range {item.replace('-', '–')} runs backwards", "check the pages")


# --- references ----------------------------------------------------------------------------------------


def _reflist_entries(ctx: _Context) -> list[tuple[int, Citation]]:
    return [(i, c) for i, c in enumerate(ctx.citations) if c.form is Form.REFLIST]


def _suffixed_years(ctx: _Context) -> dict[tuple[str, str], list[str]]:
    """(surname, year) -> the suffixes the reference list gives ("a", "b", ...)."""
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for _, c in _reflist_entries(ctx):
        if c.parts and c.parts[0].creator_surnames and c.parts[0].year:
            f = c.parts[0]
            out[(fold(f.creator_surnames[0]), f.year)].append(f.year_suffix or "")  # type: ignore[index]
    return out


@_rule("R501", "author-date-missing-reference", "error", "An author-date key with no entry in the reference list.")
def _author_date_missing(ctx: _Context) -> Iterator[_Found]:
    suffixed = _suffixed_years(ctx)
    has_list = bool(_reflist_entries(ctx))
    years_of: dict[str, list[str]] = defaultdict(list)  # surname -> the years the list gives it
    for (surname, year), suffixes in sorted(suffixed.items()):
        years_of[surname].extend(year + x for x in suffixes)
    for i, c, f, r in ctx.cited():
        if not (f.author_date and r.reason.startswith("author-date key without")):
            continue
        if r.role == "original" and any(x.role == "quoted-in" and x.record and not x.reason.startswith("author-date key without") for x in c.refs):
            continue  # "(Marx 1867, cited in Harvey 2010: 12)": only the source read is listed (APA 7th ed. 8.6)
        if f.surnames and f.year and not f.year_suffix and any(suffixed.get((fold(f.surnames[0]), f.year), [])):
            continue  # reported as year-suffix-missing
        key = f"{f.authors_text or ''} {f.year or 'n.d.'}{f.year_suffix or ''}".strip()
        listed = years_of.get(fold(f.surnames[0]), []) if f.surnames else []
        if not has_list:
            why = " (the text has no reference list)"
        elif listed:  # "Cliff (1975)" against an entry for Cliff 1974: a wrong year?
            why = f" (the references have {f.authors_text or f.surnames[0]} {', '.join(listed)})"
        else:
            why = ""
        fix = f"correct the year, or add {key} to the references" if listed and has_list else f"add {key} to the references"
        yield _Found(c.start, c.end, f"no reference-list entry for {key}{why}", fix)


@_rule("R502", "reference-never-cited", "info", "A reference-list entry that no author-date key cites.")
def _never_cited(ctx: _Context) -> Iterator[_Found]:
    # only in author-date texts: a notes-style bibliography may list further reading
    if not any(c.form is Form.AUTHOR_DATE for c in ctx.citations):
        return
    cited = {r.record for _, _, _, r in ctx.cited() if r.record}
    for i, c in _reflist_entries(ctx):
        keys = [r.record for r in c.refs if r.record]
        if keys and not any(k in cited for k in keys):
            yield _Found(c.start, c.end, f"{c.text[:60]!r} is never cited", "cite it or remove it from the references")


@_rule("R503", "duplicate-reference", "warning", "The same work listed twice in the reference list.")
def _duplicate_reference(ctx: _Context) -> Iterator[_Found]:
    seen: dict[str, Citation] = {}
    for i, c in _reflist_entries(ctx):
        f = c.parts[0] if c.parts else None
        keys = [r.record for r in c.refs if r.record]
        # one work and volume under one author-date key: entries of different volumes
        # (Lenin 1965a, 1965b: two volumes of the Collected Works) are not duplicates
        suffix = (f.volume or "", f.year or "", f.year_suffix or "") if f is not None else ("", "", "")
        idents = [f"{k}|{'|'.join(suffix)}" for k in keys]
        if f is not None and f.title:
            idents.append("|".join([fold(f.surnames[0]) if f.surnames else "", " ".join(title_words(f.title)), *suffix]))
        for k in idents:
            if not k:
                continue
            if k in seen and seen[k] is not c:
                first = seen[k]
                yield _Found(c.start, c.end, f"listed twice: also at line {ctx.line_col(first.start)[0]}", "remove one of the entries")
                break
            seen.setdefault(k, c)


@_rule("R504", "year-suffix-missing", "error", "Two works of one author and year without a/b suffixes, or a key that needs one.")
def _year_suffix_missing(ctx: _Context) -> Iterator[_Found]:
    groups: dict[tuple[str, str], list[Citation]] = defaultdict(list)
    # year letters serve author-date citations only (APA 7th ed. 8.19, Chicago 15.19): an MLA
    # or other author-title list, whose citations name works by title, needs none (MLA 9th ed. 6.1)
    author_date = any(f.author_date and f.year for _, _, f, _ in ctx.cited())
    for _, c in (_reflist_entries(ctx) if author_date else ()):
        f = c.parts[0] if c.parts else None
        if f is not None and f.surnames and f.year:
            groups[(fold(f.surnames[0]), f.year)].append(c)
    for (name, year), entries in groups.items():
        if len(entries) < 2:
            continue
        works = {(fold(e.parts[0].title), e.parts[0].volume) for e in entries}
        if len(works) < 2:
            continue  # one work listed twice: duplicate-reference
        for e in entries:
            if not e.parts[0].year_suffix:
                yield _Found(e.start, e.end, f"{len(entries)} works by {e.parts[0].authors_text or name} in {year}: this one has no letter", f"write {year}a, {year}b, … in the list and in the citations")
    suffixed = _suffixed_years(ctx)
    for i, c, f, r in ctx.cited():
        if f.author_date and f.surnames and f.year and not f.year_suffix:
            sufs = [s for s in suffixed.get((fold(f.surnames[0]), f.year), []) if s]
            if sufs and r.reason.startswith("author-date key without"):
                yield _Found(c.start, c.end, f"{f.authors_text} {f.year} is ambiguous: the references have {', '.join(f.year + s for s in sufs)}", f"write {f.year}{sufs[0]} or {f.year}{sufs[-1]}")


@_rule("R505", "citation-key-undefined", "error", "A pandoc citation key (@key) that the bibliography does not define.")
def _key_undefined(ctx: _Context) -> Iterator[_Found]:
    """Each ``[@key]`` / ``@key`` whose key no library defines, once per citation: the keys
    pandoc ``--citeproc`` warns about ("[WARNING] Citeproc: citation KEY not found"; pandoc
    manual, "Citations").  The resolver marks them "key not in the library"."""
    for i, c, f, r in ctx.cited():
        if f.keyed and r.reason == "key not in the library":
            s, e = ctx.locate(c, "@" + f.keyed)
            yield _Found(s, e, f"citation key {f.keyed!r} is not in the bibliography",
                         f"add {f.keyed} to the .bib or CSL-JSON file, or correct the key")


@_rule("C601", "corpus-variant", "warning", "The same work under different titles or years in different files (check over several files).")
def _corpus_variant(ctx: _Context) -> Iterator[_Found]:
    """A corpus-level rule: nothing to find in one text; citekit.corpus.corpus_problems runs it over files."""
    return iter(())
