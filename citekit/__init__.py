"""citekit: find, resolve, render and check the citations in scholarly prose.

The public API is small::

    import citekit
    ex = citekit.extract("chapter.txt")          # or the text itself
    for c in ex.citations:
        print(c.text, c.form, [r.record for r in c.refs])
    for p in citekit.check(ex):                   # citation problems, linter-style
        print(p.line, p.code, p.message)

Pipeline: load -> structure -> detect -> parse -> resolve (see docs/pipeline.md).
"""

from __future__ import annotations

from .checks import Config, Problem, check
from .errors import CitekitError, ConfigError, InputError, KnowledgeBaseError, StyleError
from .knowledge import KnowledgeBase
from .model import Citation, Document, Extraction, Fields, Form, Marker, Name, Note, Record, Ref
from .output import to_csljson, to_dict, to_json
from .pipeline import extract, extract_text, knowledge_base

__version__ = "0.1.0"

__all__ = [
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
    "check",
    "extract",
    "extract_text",
    "knowledge_base",
    "to_csljson",
    "to_dict",
    "to_json",
]
