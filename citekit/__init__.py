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

from .checks import Config, Problem, check
from .errors import CitekitError, ConfigError, InputError, KnowledgeBaseError, StyleError
from .knowledge import KnowledgeBase
from .model import Citation, Document, Extraction, Fields, Form, Marker, Name, Note, Record, Ref
from .output import to_csljson, to_dict, to_json
from .fields import parse_reference, parse_references
from .pipeline import extract, extract_text, knowledge_base
from .annotate import annotate
from .convert import convert

if TYPE_CHECKING:
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


__version__: str = _version()


def __getattr__(name: str) -> Any:
    """``citekit.Bibliography`` without importing the renderer at ``import citekit``."""
    if name == "Bibliography":
        from .render import Bibliography

        return Bibliography
    raise AttributeError(f"module 'citekit' has no attribute {name!r}")


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
