"""The pipeline: load -> structure -> detect -> parse -> resolve -> Extraction."""

from __future__ import annotations

import os
from typing import Any, Sequence


from . import patterns as P
from .detect import Candidate, body_candidates, note_candidates, periodical_before, reference_keys, reflist_candidates
from .knowledge import KnowledgeBase, bundled, load_library
from .load import LoadedText, load
from .model import Citation, Document, Extraction, Form
from .parse import parse_citation, parse_keyed, parse_reference_entry
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


def extract(
    text_or_path: str | os.PathLike[str],
    *,
    library: LibrarySpec = None,
    source: str | None = None,
    input_format: str | None = None,
) -> Extraction:
    """Find, parse and resolve every citation in a text or a file.

    ``text_or_path``: a path, or the text itself (a ``str`` with a newline is
    taken as text).  ``library``: a .bib or CSL-JSON path (or a list of them,
    or a list of CSL-JSON items) whose entries win over the bundled knowledge base.
    ``input_format``: text, markdown, html, docx or pdftext (default: from the
    extension and the content; see :mod:`citekit.load`).
    """
    loaded = load(text_or_path, input_format=input_format)
    kb = knowledge_base(library)
    return extract_text(loaded.text, kb=kb, source=source or loaded.source, offset_map=loaded.offset_map, loaded=loaded)


def extract_text(
    text: str,
    *,
    kb: KnowledgeBase | None = None,
    source: str = "<text>",
    offset_map: Any = None,
    loaded: LoadedText | None = None,
) -> Extraction:
    """Run the pipeline on text that is already loaded."""
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
    entries = {c.start: parse_reference_entry(text[c.start : c.end], kb) for c in reflist}
    keys = reference_keys(f for f in entries.values() if f)
    cands: list[Candidate] = body_candidates(text, body, kb, declared, keys=keys)
    for note in st.notes:
        cands.extend(note_candidates(text, note, kb, declared, memo=memo, keys=keys))
    cands.extend(reflist)
    if loaded is not None and loaded.keyed:
        cands = _with_keyed(cands, loaded.keyed, st.notes)
    cands.sort(key=lambda c: (c.start, c.end))

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
        else:
            parts = parse_citation(span, kb, declared, memo=memo)
        form = _form(cand.form_hint, parts, declared, kb)
        citations.append(
            Citation(cand.start, cand.end, span, form, cand.note, cand.chapter, cand.region, parts, (), cand.unclosed)  # type: ignore[arg-type]
        )

    resolver = Resolver(kb)
    entry_refs = {
        i: resolver.add_reference_entry(i, c.parts[0]) for i, c in enumerate(citations) if c.form is Form.REFLIST and c.parts
    }
    out: list[Citation] = []
    for i, c in enumerate(citations):
        if c.form is Form.REFLIST:
            out.append(c.with_refs((entry_refs[i],)) if i in entry_refs else c)
        elif c.form is Form.DATE:
            out.append(resolver.resolve_date(i, c, periodical_before(text[max(0, c.start - 400) : c.start - 1], kb)))
        else:
            out.append(resolver.resolve(i, c))
    records = resolver.build_records()
    return Extraction(doc, tuple(out), tuple(records))





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
    if f0.short in ("opcit", "loccit"):
        return Form.OPCIT
    if f0.periodical:
        return Form.PERIODICAL
    if f0.author_date:
        return Form.AUTHOR_DATE
    if f0.abbreviation:
        return Form.ABBREV
    if f0.authors and f0.title:
        return Form.FULL
    if f0.title or f0.name_or_title:
        return Form.SHORT
    return hint or Form.OTHER


