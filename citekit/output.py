"""Serialising an Extraction: the JSON schema of docs/json-schema.md, CSL-JSON, a table."""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import TYPE_CHECKING, Any, Sequence

from .model import Extraction

if TYPE_CHECKING:
    from .checks import Problem


#: The version of citekit's own JSON shapes (docs/json-schema.md), the ``"schema"`` key of every
#: ``extract``/``check`` JSON object and JSON Lines line: the major number changes when a key is
#: removed or changes meaning, the minor when one is added.  CSL-JSON and SARIF carry their own.
SCHEMA = "1.0"


def _spanner(ex: Extraction):
    """Spans as reported: offsets into the user's file for text-based formats
    (plain text, Markdown, HTML, PDF text), offsets into the extracted text for DOCX."""
    doc = ex.document
    if doc.format in ("text", "docx") or doc.offset_map is None:
        return lambda s, e: (s, e)
    return doc.source_span


def to_dict(ex: Extraction) -> dict[str, Any]:
    """The documented JSON shape of ``citekit extract --format json``."""
    span = _spanner(ex)
    return {
        "schema": SCHEMA,
        "source": ex.source,
        "citations": [
            {
                **dict(zip(("start", "end"), span(c.start, c.end))),
                "text": c.text,
                "form": c.form.value,
                "note": c.note,
                "refs": [
                    {
                        "record": r.record, "volume": r.volume, "pages": r.pages,
                        "label": r.label or ("page" if r.pages else None), "locator": r.locator or r.pages,
                        "role": r.role,
                        **({"ambiguous": True, "candidates": list(r.candidates), "reason": r.reason} if r.ambiguous else {}),
                    }
                    for r in c.refs
                ],
            }
            for c in ex.citations
        ],
        "records": [{"key": r.key, "csl": dict(r.csl)} for r in ex.records],
        "notes": [dict(zip(("number", "start", "end"), (n.number, *span(n.start, n.end)))) for n in ex.notes],
        "markers": [dict(zip(("start", "end", "note"), (*span(m.start, m.end), m.note))) for m in ex.markers],
    }


def to_json(ex: Extraction, indent: int | None = 2) -> str:
    return json.dumps(to_dict(ex), ensure_ascii=False, indent=indent)


def to_csljson(ex: Extraction, indent: int | None = 2) -> str:
    """The records as a CSL-JSON array."""
    return json.dumps([dict(r.csl) for r in ex.records], ensure_ascii=False, indent=indent)


#: Characters a terminal acts on rather than shows: C0 and C1 controls (ESC starts an ANSI
#: colour, cursor or OSC-8 hyperlink sequence), DEL, and the bidirectional overrides that
#: reorder what is shown (U+202A-202E, U+2066-2069).
_TERMINAL_LIVE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(s: str, *, newlines: bool = True) -> str:
    """``s`` safe to write on a terminal: every character of :data:`_TERMINAL_LIVE` (and, with
    ``newlines=False``, ``\n`` and ``\t``) written as its escape (``\x1b``, ``\u202e``), so
    data from a file never colours, moves or rewrites the user's terminal, nor splits a
    one-line problem report in two (issue 13: text outputs escape markup from data, as HTML does)."""
    pat = _TERMINAL_LIVE if newlines else _TERMINAL_LIVE_OR_BREAK
    return pat.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), s) if pat.search(s) else s


_TERMINAL_LIVE_OR_BREAK = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


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
        text = printable(" ".join(c.text.split()), newlines=False)
        if len(text) > 60:
            text = text[:57] + "..."
        rows.append((f"{line}:{col}", c.form.value, text, printable(refs, newlines=False)))
    if not rows:
        return f"{printable(ex.source, newlines=False)}: no citations found\n"
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


# --- problems (citekit check) -------------------------------------------------------

#: Where docs/rules.md is published (SARIF helpUri).
RULES_DOC = "https://github.com/citekit/citekit/blob/main/docs/rules.md"


def problems_to_dict(source: str, problems: Sequence[Problem], ex: Extraction | None = None) -> dict[str, Any]:
    """The JSON shape of ``citekit check --format json`` (spans as in ``extract``'s JSON)."""
    span = _spanner(ex) if ex is not None else (lambda s, e: (s, e))
    return {
        "schema": SCHEMA,
        "source": source,
        "problems": [
            {
                "code": p.code,
                "type": p.type,
                "severity": p.severity,
                **dict(zip(("start", "end"), span(p.start, p.end))),
                "line": p.line,
                "column": p.column,
                "message": p.message,
                "fix": p.fix,
            }
            for p in problems
        ],
    }


def problems_to_json(source: str, problems: Sequence[Problem], ex: Extraction | None = None, indent: int | None = 2) -> str:
    return json.dumps(problems_to_dict(source, problems, ex), ensure_ascii=False, indent=indent)


def problems_to_text(source: str, problems: Sequence[Problem]) -> str:
    """One line per problem, ruff-style: ``file:line:col: CODE [type] message (fix: …)``."""
    lines = []
    for p in problems:
        fix = f" (fix: {printable(p.fix, newlines=False)})" if p.fix else ""
        lines.append(f"{printable(source, newlines=False)}:{p.line}:{p.column}: {p.code} [{p.type}] {printable(p.message, newlines=False)}{fix}")
    counts = Counter(p.severity for p in problems)
    if problems:
        detail = ", ".join(f"{n} {sev}{'s' if n != 1 else ''}" for sev, n in sorted(counts.items()))
        lines.append(f"Found {len(problems)} problem{'s' if len(problems) != 1 else ''} ({detail}).")
    else:
        lines.append("All checks passed.")
    return "\n".join(lines) + "\n"


_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _sarif_rules() -> list[dict[str, Any]]:
    """Every rule as a SARIF ``reportingDescriptor``, in :data:`citekit.checks.RULES` order, so
    that a ``ruleIndex`` means the same rule in every file's run (the CLI merges them)."""
    from .checks import RULES

    return [
        {
            "id": code,
            "name": r.name,
            "shortDescription": {"text": r.summary},
            "helpUri": f"{RULES_DOC}#{code.lower()}-{r.name}",
            "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity]},
        }
        for code, r in RULES.items()
    ]


def sarif_result(p: Problem, source: str, text: str | None = None, ex: Extraction | None = None) -> dict[str, Any]:
    """One SARIF 2.1.0 ``result`` for problem ``p`` of file ``source``: ``startLine``/``startColumn``
    (columns in Unicode code points: the run's ``columnKind``), and, when the problem has offsets
    and the file is not a DOCX, ``charOffset``/``charLength`` into the file and the cited text as
    ``snippet`` (``text`` is the document text)."""
    from .checks import RULES

    region: dict[str, Any] = {"startLine": p.line, "startColumn": p.column}
    if p.start is not None and p.end is not None:
        span = _spanner(ex) if ex is not None else (lambda s, e: (s, e))
        s, e = span(p.start, p.end)
        if ex is None or ex.document.format != "docx":
            region.update(charOffset=s, charLength=e - s)
        if text is not None:
            region["snippet"] = {"text": text[p.start : p.end]}
    return {
        "ruleId": p.code,
        "ruleIndex": list(RULES).index(p.code),
        "level": _SARIF_LEVEL.get(p.severity, "warning"),
        "message": {"text": p.message + (f" Fix: {p.fix}" if p.fix else "")},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": source}, "region": region}}],
    }


def sarif_log(results: Sequence[dict[str, Any]] = (), errors: Sequence[tuple[str, str]] = ()) -> dict[str, Any]:
    """A SARIF 2.1.0 log of one run: ``results`` (from :func:`sarif_result`), and the files that
    could not be read, ``errors`` = [(file name, message)], as ``toolExecutionNotifications`` of the
    run's invocation (SARIF 2.1.0 §3.20.21; ``executionSuccessful`` false when there are any).
    ``columnKind`` is ``"unicodeCodePoints"`` (§3.14.17): citekit counts columns in code points."""
    from . import __version__

    notes = [
        {"level": "error", "message": {"text": msg}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": name}}}]}
        for name, msg in errors
    ]
    invocation: dict[str, Any] = {"executionSuccessful": not errors}
    if notes:
        invocation["toolExecutionNotifications"] = notes
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "citekit", "version": __version__, "informationUri": RULES_DOC, "rules": _sarif_rules()}},
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "results": list(results),
            }
        ],
    }


def problems_to_sarif(source: str, problems: Sequence[Problem], text: str | None = None, ex: Extraction | None = None) -> str:
    """SARIF 2.1.0, for code-scanning dashboards (GitHub, GitLab): one run, every rule in
    ``tool.driver.rules``, one result per problem (:func:`sarif_result`), columns in code points."""
    doc = sarif_log([sarif_result(p, source, text, ex) for p in problems])
    return json.dumps(doc, ensure_ascii=False, indent=2)
