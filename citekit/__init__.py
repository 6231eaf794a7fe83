"""citekit: find, resolve, render and check the citations in scholarly prose.

The public API is small::

    import citekit
    ex = citekit.extract("chapter.txt")          # or the text itself; explicit: path=..., text=...
    for c in ex.citations:
        print(c.text, c.form, [r.record for r in c.refs])
    for p in citekit.check(ex):                   # citation problems, linter-style
        print(p.line, p.code, p.message)

Pipeline: load -> structure -> detect -> parse -> resolve (see docs/pipeline.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import CitekitError, ConfigError, InputError, KnowledgeBaseError, StyleError
from .model import Citation, Document, Extraction, Fields, Form, Marker, Name, Note, Record, Ref
from .annotate import annotate  # (eager: the function shadows its submodule's name)
from .convert import convert

if TYPE_CHECKING:
    from .checks import Config, Problem, check
    from .fields import parse_reference, parse_references
    from .knowledge import KnowledgeBase
    from .output import to_csljson, to_dict, to_json
    from .pipeline import extract, extract_text, knowledge_base
    from .render import Bibliography

#: The distribution name on PyPI ("citekit" there is an unrelated package); the import name is citekit.
DISTRIBUTION = "citekit-humanities"


def _version() -> str:
    """The installed distribution's version (package metadata), else ``0+unknown`` (a bare checkout)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return "0+unknown"


if TYPE_CHECKING:
    __version__: str

#: Loaded on first use (PEP 562), so a one-shot ``citekit check`` does not import them (issue 16).
#: The pipeline, the checker and the output functions too: ``citekit parse`` needs none of them
#: (a third of the import time of ``import citekit``, measured 2026-12-01).
_LAZY = {"Bibliography": "render", "parse_reference": "fields", "parse_references": "fields",
         "Config": "checks", "Problem": "checks", "check": "checks", "KnowledgeBase": "knowledge",
         "to_csljson": "output", "to_dict": "output", "to_json": "output",
         "extract": "pipeline", "extract_text": "pipeline", "knowledge_base": "pipeline"}


def __getattr__(name: str) -> Any:
    """The names of :data:`_LAZY` (``citekit.check``, ``extract``, ``Bibliography``,
    ``parse_reference(s)`` …) and ``__version__`` without importing the checker, the pipeline,
    the renderer, the field parser or package metadata at ``import citekit``; each is imported
    once, on first use, and kept."""
    if name == "__version__":
        value: Any = _version()
    elif name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    else:
        raise AttributeError(f"module 'citekit' has no attribute {name!r}")
    globals()[name] = value
    return value


__all__ = [
    "Bibliography",
    "Citation",
    "CitekitError",
    "Config",
    "ConfigError",
    "Document",
    "Extraction",
    "Fields",
    "Form",
    "InputError",
    "KnowledgeBase",
    "KnowledgeBaseError",
    "Marker",
    "Name",
    "Note",
    "Problem",
    "Record",
    "Ref",
    "StyleError",
    "annotate",
    "check",
    "convert",
    "extract",
    "extract_text",
    "knowledge_base",
    "parse_reference",
    "parse_references",
    "to_csljson",
    "to_dict",
    "to_json",
    "__version__",
]
