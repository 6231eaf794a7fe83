"""Serialising an Extraction: the JSON schema of docs/json-schema.md, CSL-JSON, a table."""

from __future__ import annotations

import json
from typing import Any

from .model import Extraction


def to_dict(ex: Extraction) -> dict[str, Any]:
    """The documented JSON shape of ``citekit extract --format json``."""
    return {
        "source": ex.source,
        "citations": [
            {
                "start": c.start,
                "end": c.end,
                "text": c.text,
                "form": c.form.value,
                "note": c.note,
                "refs": [
                    {"record": r.record, "volume": r.volume, "pages": r.pages, "role": r.role} for r in c.refs
                ],
            }
            for c in ex.citations
        ],
        "records": [{"key": r.key, "csl": dict(r.csl)} for r in ex.records],
        "notes": [{"number": n.number, "start": n.start, "end": n.end} for n in ex.notes],
        "markers": [{"start": m.start, "end": m.end, "note": m.note} for m in ex.markers],
    }


def to_json(ex: Extraction, indent: int | None = 2) -> str:
    return json.dumps(to_dict(ex), ensure_ascii=False, indent=indent)


def to_csljson(ex: Extraction, indent: int | None = 2) -> str:
    """The records as a CSL-JSON array."""
    return json.dumps([dict(r.csl) for r in ex.records], ensure_ascii=False, indent=indent)


def to_table(ex: Extraction) -> str:
    """A readable table: line, form, citation text, resolved record and locator."""
    rows = []
    for c in ex.citations:
        line, col = ex.document.line_col(c.start)
        refs = "; ".join(
            f"{r.record or 'UNRESOLVED'}"
            + (f" vol. {r.volume}" if r.volume else "")
            + (f" p. {r.pages}" if r.pages else "")
            + (f" [{r.role}]" if r.role != "cited" else "")
            for r in c.refs
        )
        text = " ".join(c.text.split())
        if len(text) > 60:
            text = text[:57] + "..."
        rows.append((f"{line}:{col}", c.form.value, text, refs))
    if not rows:
        return f"{ex.source}: no citations found\n"
    w = [max(len(r[i]) for r in rows) for i in range(3)]
    w = [max(w[0], 4), max(w[1], 4), min(max(w[2], 8), 60)]
    out = [f"{'line':<{w[0]}}  {'form':<{w[1]}}  {'citation':<{w[2]}}  resolved to"]
    for r in rows:
        out.append(f"{r[0]:<{w[0]}}  {r[1]:<{w[1]}}  {r[2]:<{w[2]}}  {r[3]}")
    resolved = sum(1 for c in ex.citations if c.resolved)
    out.append(
        f"\n{len(ex.citations)} citations ({resolved} resolved), {len(ex.records)} records, "
        f"{len(ex.notes)} notes, {len(ex.markers)} note markers"
    )
    return "\n".join(out) + "\n"
