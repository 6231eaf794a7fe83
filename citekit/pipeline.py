"""The pipeline: load -> structure -> detect -> parse -> resolve -> Extraction."""

from __future__ import annotations

import contextlib
import gc
import os
from pathlib import Path
from typing import Any, Iterator, Sequence


from . import patterns as P
from .detect import (
    Candidate,
    body_candidates,
    note_candidates,
    numbered_entries,
    numeric_candidates,
    numeric_mark_candidates,
    periodical_before,
    reference_keys,
    reflist_candidates,
)
from .knowledge import KnowledgeBase, bundled, load_library
from .load import LoadedText, load
from .model import Citation, Document, Extraction, Form, Ref
from .parse import parse_citation, parse_keyed, parse_reference_entries
from .resolve import Resolver
from .structure import analyse, explicit

LibrarySpec = str | os.PathLike[str] | Sequence[Any] | None


def knowledge_base(library: LibrarySpec = None) -> KnowledgeBase:
    """The bundled knowledge base, with the user's library (which wins) in front."""
    kb = bundled()
    if library is None:
        return kb
    if isinstance(library, KnowledgeBase):
        return library
    specs = library if isinstance(library, (list, tuple)) and library and not isinstance(library[0], dict) else [library]
    works = []
    for spec in specs:
        works.extend(load_library(spec))
    return kb.with_library(works)


#: Extensions of the files citekit reads: a one-line string ending in one of these names a file
#: (a missing one is an error, not a text).  The formats of docs/formats.md.
_FILE_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".mdown", ".mkd", ".html", ".htm", ".xhtml", ".docx")


def extract(
    text_or_path: str | os.PathLike[str] | None = None,
    *,
    path: str | os.PathLike[str] | None = None,
    text: str | None = None,
    library: LibrarySpec = None,
    source: str | None = None,
    input_format: str | None = None,
) -> Extraction:
    """Find, parse and resolve every citation in a text or a file.

    Give exactly one of: ``path=`` (a file, always read as a path), ``text=``
    (a ``str``, always the text itself), or one positional argument, decided so:
    an ``os.PathLike`` is a path; a ``str`` with a newline is text; a ``str``
    naming an existing file or directory is a path; a one-line ``str`` without
    spaces ending in a readable extension (``.txt``, ``.md``, ``.html``, ``.docx``…)
    is a path too (a missing one raises :class:`InputError` "no such file"
    rather than being read as the 11 characters ``chapter.txt``); anything else
    is text.  Never raises ``OSError`` for a long one-line text.
    ``library``: a .bib or CSL-JSON path (or a list of them,
    or a list of CSL-JSON items) whose entries win over the bundled knowledge base; without
    one, a Markdown file's YAML front matter ``bibliography:`` is used, as pandoc does.
    ``input_format``: text, markdown, html, docx or pdftext (default: from the
    extension and the content; see :mod:`citekit.load`).
    Errors: :class:`InputError` (unreadable file, binary data, bad UTF-8),
    ``TypeError`` when not exactly one of the three inputs is given.
    """
    given = [x is not None for x in (text_or_path, path, text)]
    if sum(given) != 1:
        raise TypeError("extract() takes exactly one of: a positional text or path, path=..., text=...")
    if text_or_path is not None:
        if _is_path(text_or_path):
            path = text_or_path
        else:
            text = str(text_or_path)
    if text is not None:
        if not isinstance(text, str):
            raise TypeError(f"extract(text=...) takes a str, not {type(text).__name__}")
        loaded = _load_string(text, input_format)
    else:
        assert path is not None
        loaded = load(Path(path), input_format=input_format)
        if library is None and loaded.format == "markdown":  # pandoc's bibliography: in the YAML front matter
            from .bibio import front_matter_library

            library = front_matter_library(path)
    kb = knowledge_base(library)
    return extract_text(loaded.text, kb=kb, source=source or loaded.source, offset_map=loaded.offset_map, loaded=loaded)


def _is_path(arg: str | os.PathLike[str]) -> bool:
    """The positional rule of :func:`extract`: is ``arg`` a path (True) or the text itself (False)?"""
    if not isinstance(arg, str):
        return True
    if "\n" in arg or "\r" in arg:
        return False
    if os.path.exists(arg):  # False (never an error) for over-long names and NUL bytes
        return True
    one_word = arg.strip() == arg and " " not in arg and len(arg) < 1024
    return one_word and arg.lower().endswith(_FILE_SUFFIXES)


def _load_string(text: str, input_format: str | None) -> LoadedText:
    """A string that is the text itself, in its format (from the content unless forced)."""
    from .load import FORMATS, _from_text, detect_format, load_text

    if input_format is not None and input_format not in FORMATS:
        return load(text, input_format=input_format)  # raises the usual InputError
    plain = load_text(text, is_text=True)
    return _from_text(plain, input_format or detect_format(None, plain.text[:400_000]))


def extract_text(
    text: str,
    *,
    kb: KnowledgeBase | None = None,
    source: str = "<text>",
    offset_map: Any = None,
    loaded: LoadedText | None = None,
) -> Extraction:
    """Run the pipeline on text that is already loaded: ``text`` (a str; spans of the result are
    character offsets into it), ``kb`` (default: the bundled knowledge base), ``source`` (a name
    for messages), ``offset_map``/``loaded`` (from :func:`citekit.load.load`).  Returns an
    :class:`Extraction`.  Python's cyclic garbage collector is paused for the call
    (:func:`_collector_paused`)."""
    with _collector_paused():
        return _extract_text(text, kb=kb, source=source, offset_map=offset_map, loaded=loaded)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector, and restore its state afterwards (on errors too).

    Extraction builds no reference cycles (measured 2026-12-01: ``gc.collect()`` after extracting
    000a.txt and a 10,000-entry reference list found 0 objects), so reference counting frees all
    its garbage; but every full collection walks the whole heap, and a long text keeps a large
    one: on a 50,000-entry reference list collections took 14 s of 57 s and grew faster than the
    list (issue 13: 50,000 entries within 20x the time of 2,500).  The Python docs allow
    ``gc.disable()`` for code that makes no cycles."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _extract_text(
    text: str,
    *,
    kb: KnowledgeBase | None,
    source: str,
    offset_map: Any,
    loaded: LoadedText | None,
) -> Extraction:
    kb = kb or bundled()
    if loaded is not None and loaded.notes is not None:
        st = explicit(text, loaded.notes, loaded.markers or (), loaded.notes_region)
    else:
        st = analyse(text)
    fmt = loaded.format if loaded is not None else "text"
    doc = Document(source, text, tuple(st.notes), tuple(st.markers), tuple(st.regions), offset_map, fmt)
    declared = P.declared_abbreviations(text)

    # body = the text outside note sections and reference lists
    holes = sorted((r.start, r.end) for r in st.regions)
    body, pos = [], 0
    for s, e in holes:
        if s > pos:
            body.append((pos, s))
        pos = max(pos, e)
    if pos < len(text):
        body.append((pos, len(text)))

    memo: dict = {}  # parses of whole notes, made while detecting, reused below
    # reference-list entries are parsed first: the author-date keys they define guide detection
    reflist = reflist_candidates(text, st.reflist_entries)
    entries = dict(zip((c.start for c in reflist), parse_reference_entries((text[c.start : c.end] for c in reflist), kb)))
    keys = reference_keys(f for f in entries.values() if f)
    cands: list[Candidate] = body_candidates(text, body, kb, declared, keys=keys)
    # numeric citations "[12, p. 5]" when the reference list is numbered (not note markers)
    numbered = numbered_entries(text, st.reflist_entries)
    if numbered:
        cands.extend(numeric_candidates(text, body, numbered, (m.start for m in st.markers if m.has_note)))
        if not st.notes:  # "(1)", "…emphasis1.": with no notes, these point into the list
            cands.extend(numeric_mark_candidates(text, body, numbered))
    for note in st.notes:
        cands.extend(note_candidates(text, note, kb, declared, memo=memo, keys=keys))
    cands.extend(reflist)
    if loaded is not None and loaded.keyed:
        cands = _with_keyed(cands, loaded.keyed, st.notes)
    cands.sort(key=lambda c: (c.start, c.end))
    cands = _one_per_span(cands)

    citations: list[Citation] = []
    for cand in cands:
        span = text[cand.start : cand.end]
        if cand.form_hint is Form.REFLIST:
            f = entries[cand.start]
            parts = (f,) if f else ()
        elif cand.form_hint is Form.DATE:
            parts = ()
        elif cand.form_hint is Form.KEYED:
            parts = parse_keyed(span)
        elif cand.form_hint is Form.NUMERIC:
            loc = span.split(",", len(cand.numbers))[-1] if "," in span else ""
            parts = parse_citation(loc, kb, declared, memo=memo) if loc and not loc.strip()[:1].isdigit() else ()
        elif cand.locator is not None:  # "Wineburg (2001) … "…" (p. 7)": the key with its page (APA 8.13)
            parts = parse_citation(f"{span[:-1]}, {text[cand.locator[0] : cand.locator[1]]})", kb, declared, memo=memo)
        elif cand.lead is not None:  # "Fitzpatrick argues … (1994, 5)": the author, then the parenthesis
            parts = parse_citation(f"{text[cand.lead[0] : cand.lead[1]]} {span}", kb, declared, memo=memo)
        else:
            parts = parse_citation(span, kb, declared, memo=memo)
        form = _form(cand.form_hint, parts, declared, kb)
        citations.append(
            Citation(cand.start, cand.end, span, form, cand.note, cand.chapter, cand.region, parts, (), cand.unclosed)  # type: ignore[arg-type]
        )

    resolver = Resolver(kb, text=text, notes=st.notes)
    entry_refs = {
        i: resolver.add_reference_entry(i, c.parts[0]) for i, c in enumerate(citations) if c.form is Form.REFLIST and c.parts
    }
    entry_at = {c.start: i for i, c in enumerate(citations) if c.form is Form.REFLIST}
    number_of = {id(c): cand.numbers for cand, c in zip(cands, citations) if cand.numbers}
    out: list[Citation] = []
    seen_full: set[str] = set()  # records cited in full so far (_short_after_full)
    for i, c in enumerate(citations):
        if c.form is Form.REFLIST:
            out.append(c.with_refs((entry_refs[i],)) if i in entry_refs else c)
        elif c.form is Form.NUMERIC:
            out.append(c.with_refs(_numeric_refs(resolver, number_of.get(id(c), ()), numbered, entry_at, entry_refs, c, i)))
        elif c.form is Form.DATE:
            out.append(resolver.resolve_date(i, c, periodical_before(text[max(0, c.start - 400) : c.start - 1], kb)))
        else:
            out.append(_short_after_full(resolver.resolve(i, c), seen_full))
    records = resolver.build_records()
    return Extraction(doc, tuple(out), tuple(records))





def _short_after_full(c: Citation, seen: set[str]) -> Citation:
    """``c`` as a short form when its only fact beyond author, title and page is a volume and
    its work was cited in full before: "Lefebvre, The French Revolution, vol. II, p. 115." after
    the full note (Chicago Manual 17th ed. 14.29-14.30: a short form keeps the volume).  Decided
    after resolution, which ``Form.FULL`` informed; ``seen`` collects the records cited in full."""
    if c.form is not Form.FULL or not c.parts or not c.refs or not c.refs[0].record:
        return c
    f0, key = c.parts[0], c.refs[0].record
    if f0.volume and f0.pages and not (f0.year or f0.place or f0.publisher or f0.container or f0.edition):
        if key in seen:
            return Citation(c.start, c.end, c.text, Form.SHORT, c.note, c.chapter, c.region, c.parts, c.refs, c.unclosed)
        return c
    seen.add(key)
    return c


def _numeric_refs(resolver, numbers, numbered, entry_at, entry_refs, c: Citation, index: int) -> tuple[Ref, ...]:
    """The refs of a numeric citation: the record of each numbered entry it names, with
    the citation's locator; the citation is added to that record's sources."""
    loc = c.parts[0] if c.parts else None
    refs = []
    for n in numbers:
        entry = entry_at.get(numbered.get(n, -1))
        ref = entry_refs.get(entry) if entry is not None else None
        if ref is None or ref.record is None:
            refs.append(Ref(None, reason=f"numeric [{n}]: no entry"))
            continue
        rb = resolver.records.get(ref.record)
        if rb is not None:
            rb.sources.append(index)
        other = loc is not None and not loc.pages and loc.locator_label  # "[7, Sec. 3]", "[13, Ch. 3]": a non-page locator
        refs.append(Ref(ref.record, loc.volume if loc else None, loc.pages if loc else None, "cited", f"numeric [{n}]", entry,
                        label=loc.locator_label if other else None, locator=loc.locator if other else None))
    return tuple(refs)


#: Which detector's reading of a span wins when two claim the same one: the structure's
#: (a list entry, a pandoc key, a number into a numbered list) over the text's.
_SPAN_PRIORITY = {Form.REFLIST: 0, Form.KEYED: 1, Form.NUMERIC: 2}


def _one_per_span(cands: list[Candidate]) -> list[Candidate]:
    """Candidates sorted by span with one per span: two detectors claiming the same
    ``(start, end)`` ("(1)" read as a short form in the body and as a mark into a numbered
    list) gave the same citation twice (issue 13, found by benchmarks/fuzz.py).  The winner
    is the first of :data:`_SPAN_PRIORITY`'s forms, else the first detector's."""
    out: list[Candidate] = []
    for c in cands:
        if out and (out[-1].start, out[-1].end) == (c.start, c.end):
            if _SPAN_PRIORITY.get(c.form_hint, 9) < _SPAN_PRIORITY.get(out[-1].form_hint, 9):
                out[-1] = c
            continue
        out.append(c)
    return out


def _with_keyed(cands: list[Candidate], keyed: tuple[tuple[int, int], ...], notes) -> list[Candidate]:
    """Add already-keyed citations (pandoc ``[@key]``), replacing candidates they overlap."""
    out = [c for c in cands if not any(s < c.end and c.start < e for s, e in keyed)]
    for s, e in keyed:
        note = next((n for n in notes if n.start <= s < n.end), None)
        out.append(Candidate(s, e, "note" if note else "body", Form.KEYED, note.number if note else None, note.chapter if note else 0))
    return out


def _form(hint: Form | None, parts: tuple, declared: frozenset[str], kb: KnowledgeBase) -> Form:
    if hint in (Form.REFLIST, Form.DATE, Form.IBID, Form.OPCIT, Form.AUTHOR_DATE, Form.PERIODICAL, Form.KEYED):
        return hint  # type: ignore[return-value]
    if not parts:
        return hint or Form.OTHER
    f0 = parts[0]
    if f0.short == "ibid":
        return Form.IBID
    if f0.short in ("opcit", "loccit", "supra"):  # supra: "Wieacker (Anm. 1)", "Smith, supra note 4"
        return Form.OPCIT
    if f0.periodical:
        return Form.PERIODICAL
    if f0.author_date:
        return Form.AUTHOR_DATE
    if f0.abbreviation:
        return Form.ABBREV
    facts = f0.year or f0.place or f0.publisher or f0.container or f0.edition
    if (f0.authors or f0.editors or f0.archive) and f0.title and (facts or f0.volume or not f0.pages):
        # a full note gives the publication facts; "Soboul, Sans-Culottes, 52-54" (author, short
        # title, page and nothing else) is a short one (Chicago Manual 17th ed. 14.29-14.30)
        return Form.FULL
    if f0.title or f0.name_or_title:
        return Form.SHORT
    return hint or Form.OTHER


