"""The pipeline: load -> structure -> detect -> parse -> resolve -> Extraction."""

from __future__ import annotations

import os
import re
from typing import Any, Sequence

from . import patterns as P
from .detect import Candidate, _periodical_in, body_candidates, note_candidates, reflist_candidates
from .knowledge import KnowledgeBase, bundled, load_library
from .load import load_text
from .model import Citation, Document, Extraction, Form
from .parse import is_periodical_name, parse_citation, parse_reference_entry
from .resolve import Resolver
from .structure import analyse

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


def extract(text_or_path: str | os.PathLike[str], *, library: LibrarySpec = None, source: str | None = None) -> Extraction:
    """Find, parse and resolve every citation in a text or a file.

    ``text_or_path``: a path, or the text itself (a ``str`` with a newline is
    taken as text).  ``library``: a .bib or CSL-JSON path (or a list of them,
    or a list of CSL-JSON items) whose entries win over the bundled knowledge base.
    """
    loaded = load_text(text_or_path)
    kb = knowledge_base(library)
    return extract_text(loaded.text, kb=kb, source=source or loaded.source, offset_map=loaded.offset_map)


def extract_text(text: str, *, kb: KnowledgeBase | None = None, source: str = "<text>", offset_map: Any = None) -> Extraction:
    """Run the pipeline on text that is already loaded."""
    kb = kb or bundled()
    st = analyse(text)
    doc = Document(source, text, tuple(st.notes), tuple(st.markers), tuple(st.regions), offset_map)
    declared = frozenset(m.group("abbr") for m in _DECLARED.finditer(text))

    # body = the text outside note sections and reference lists
    holes = sorted((r.start, r.end) for r in st.regions)
    body, pos = [], 0
    for s, e in holes:
        if s > pos:
            body.append((pos, s))
        pos = max(pos, e)
    if pos < len(text):
        body.append((pos, len(text)))

    cands: list[Candidate] = body_candidates(text, body, kb, declared)
    for note in st.notes:
        cands.extend(note_candidates(text, note, kb, declared))
    cands.extend(reflist_candidates(text, st.reflist_entries))
    cands.sort(key=lambda c: (c.start, c.end))

    citations: list[Citation] = []
    for cand in cands:
        span = text[cand.start : cand.end]
        if cand.form_hint is Form.REFLIST:
            f = parse_reference_entry(span, kb)
            parts = (f,) if f else ()
        elif cand.form_hint is Form.DATE:
            parts = ()
        else:
            parts = parse_citation(span, kb, declared)
        form = _form(cand.form_hint, parts, declared, kb)
        citations.append(
            Citation(cand.start, cand.end, span, form, cand.note, cand.chapter, cand.region, parts, (), cand.unclosed)  # type: ignore[arg-type]
        )

    resolver = Resolver(kb)
    for i, c in enumerate(citations):
        if c.form is Form.REFLIST and c.parts:
            resolver.add_reference_entry(i, c.parts[0])
    out: list[Citation] = []
    for i, c in enumerate(citations):
        if c.form is Form.REFLIST:
            key = next((k for k, rb in resolver.records.items() if i in rb.sources), None)
            f = c.parts[0] if c.parts else None
            from .model import Ref

            out.append(c.__class__(**{**_fields(c), "refs": (Ref(key, f.volume if f else None, f.pages if f else None, "cited", "reference-list entry"),)}))
            continue
        if c.form is Form.DATE:
            out.append(resolver.resolve_date(i, c, _periodical_name(text[max(0, c.start - 400) : c.start - 1], kb)))
            continue
        out.append(resolver.resolve(i, c))
    records = resolver.build_records()
    return Extraction(doc, tuple(out), tuple(records))


_DECLARED = re.compile(
    r"(?:henceforth|hereafter|hereinafter)[ \t]*,?[ \t]+(?:(?:referred|cited)[ \t]+(?:to[ \t]+)?as[ \t]+)?[‘'“\"]?(?P<abbr>[A-Z][A-Za-z]{1,9})",
    re.IGNORECASE,
)


def _fields(c: Citation) -> dict[str, Any]:
    import attrs

    return attrs.asdict(c, recurse=False)


def _form(hint: Form | None, parts: tuple, declared: frozenset[str], kb: KnowledgeBase) -> Form:
    if hint in (Form.REFLIST, Form.DATE, Form.IBID, Form.OPCIT, Form.AUTHOR_DATE, Form.PERIODICAL):
        return hint  # type: ignore[return-value]
    if not parts:
        return hint or Form.OTHER
    f = parts[-1] if parts[-1].role != "original" else parts[0]
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
    del f
    return hint or Form.OTHER


def _periodical_name(before: str, kb: KnowledgeBase) -> str | None:
    sent = re.split(r"[.!?][”’\"]?\s+(?=[A-Z“‘])|\n", before[-400:])[-1]
    best = None
    for m in re.finditer(r"(?:[Tt]he[ \t]+)?(?:[A-Z][\w’'-]*[ \t]+){0,4}[A-Z][\w’'-]*", sent):
        name = m.group(0)
        # the longest known tail of the capitalised run
        words = name.split()
        for k in range(len(words), 0, -1):
            cand = " ".join(words[-k:])
            if kb.periodical(cand) or (k == len(words) and is_periodical_name(cand, kb)):
                best = cand
                break
    return best


del P, _periodical_in
