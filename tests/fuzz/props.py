"""The properties every input must keep (issue 13), checked by the pytest profile and
``benchmarks/fuzz.py``.

:func:`check` runs one input of a kind of :mod:`tests.fuzz.gen` and raises
:class:`PropertyFailure` (a property broken) or lets any non-:class:`CitekitError`
exception through (a crash).  Properties:

* no exception but ``CitekitError`` (which the CLI prints on one line, exit 2);
* every citation's span holds: ``text[c.start:c.end] == c.text``, inside the text;
* no citation reported twice (two citations with the same span);
* deterministic: a second run gives the same JSON (:func:`citekit.output.to_dict`);
* rendered HTML and Markdown of the records never hold live markup from the data
  (``<script``, ``<img``, an ``on…=`` attribute, a ``javascript:`` link).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

import citekit
from citekit.errors import CitekitError


class PropertyFailure(AssertionError):
    """A property of the module's list does not hold for an input."""


#: Live markup in HTML output: a tag that runs code or loads a resource, an event handler, a javascript: URL.
_LIVE_HTML = re.compile(r"<(?:script|img|iframe|svg|object|embed|style|link|meta)\b|<[^>]{0,500}\son\w{1,30}\s*=|(?:href|src)\s*=\s*[\"']?\s*javascript:", re.I)
#: Live markup in Markdown output: a raw tag (``<`` + a letter, not escaped) or a javascript:/data: link.
_LIVE_MD = re.compile(r"(?<!\\)<[A-Za-z/!?]|(?<!\\)\]\(\s*(?:javascript|data|vbscript):", re.I)


def extract(kind: str, value: Any) -> Any:
    """:func:`citekit.extract` on one input (a DOCX through a temporary file); CitekitError -> None."""
    try:
        if kind == "docx":
            with tempfile.TemporaryDirectory() as d:
                p = Path(d) / "fuzz.docx"
                p.write_bytes(value)
                return citekit.extract(path=p)
        fmt = {"markdown": "markdown", "html": "html", "pdftext": None}.get(kind)
        return citekit.extract(text=value, input_format=fmt)
    except CitekitError:
        return None


def spans_hold(ex: Any) -> None:
    """Every span inside the text and equal to its citation's text; no span twice."""
    seen: dict[tuple[int, int], str] = {}
    for c in ex.citations:
        if not (0 <= c.start <= c.end <= len(ex.text)):
            raise PropertyFailure(f"span {c.start}-{c.end} outside the text ({len(ex.text)})")
        if ex.text[c.start : c.end] != c.text:
            raise PropertyFailure(f"text[{c.start}:{c.end}] = {ex.text[c.start:c.end]!r} != {c.text!r}")
        if (c.start, c.end) in seen:
            raise PropertyFailure(f"citation {c.text!r} at {c.start}-{c.end} reported twice")
        seen[(c.start, c.end)] = c.text


def deterministic(kind: str, value: Any, ex: Any) -> None:
    """A second run gives the same JSON."""
    from citekit.output import to_dict

    def shape(x: Any) -> dict[str, Any]:
        d = to_dict(x)
        d.pop("source", None)  # a DOCX is read from a new temporary file each time
        return d

    again = extract(kind, value)
    if again is None or shape(again) != shape(ex):
        raise PropertyFailure("two runs on the same input differ")


def rendered_safe(items: list[dict[str, Any]], style: str = "chicago-author-date") -> None:
    """Records rendered as HTML and Markdown hold no live markup from their data."""
    from citekit.render import Bibliography

    if not items:
        return
    bib = Bibliography(items)
    for fmt, live in (("html", _LIVE_HTML), ("markdown", _LIVE_MD)):
        try:
            entries = bib.render(style, fmt=fmt)
        except CitekitError as exc:  # records citekit made itself must render
            raise PropertyFailure(f"records do not render: {exc}") from None
        for e in entries:
            m = live.search(e)
            if m:
                raise PropertyFailure(f"{fmt} output holds live markup {m.group(0)!r}: {e[:200]!r}")


def check_config(value: str) -> None:
    """A config file as pyproject.toml and as ``--config FILE``: a Config or a ConfigError, nothing else."""
    from citekit.batch import check_config as load_config

    with tempfile.TemporaryDirectory() as d:
        for name, opts in (("pyproject.toml", {}), ("citekit.toml", None)):
            p = Path(d) / name
            p.write_text(value, encoding="utf-8")
            try:
                load_config(Path(d), opts if opts is not None else {"config": str(p)})
            except CitekitError:
                pass
            p.unlink()


def check(kind: str, value: Any, *, determinism: bool = True, render: bool = False) -> int:
    """Check every property on one input; returns its number of citations (0 when refused)."""
    if kind == "config":
        check_config(value)
        return 0
    ex = extract(kind, value)
    if ex is None:
        return 0
    spans_hold(ex)
    if determinism:
        deterministic(kind, value, ex)
    if render:
        rendered_safe([dict(r.csl) for r in ex.records][:20])
    return len(ex.citations)
