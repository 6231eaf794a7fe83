"""The one exception hierarchy of citekit.

Every error a user can cause (a missing file, bytes that are not UTF-8, a
malformed .bib) is a :class:`CitekitError` whose message names the file and the
place, so the CLI can print it on one line and exit with status 2.
Ambiguity and failure to resolve are *data* (see :mod:`citekit.model`), never
exceptions.
"""

from __future__ import annotations


class CitekitError(Exception):
    """Base class of every error citekit raises on purpose."""


class InputError(CitekitError):
    """The input cannot be read: missing, a directory, binary, badly encoded, too large."""

    def __init__(self, path: str | None, message: str) -> None:
        self.path = path
        self.detail = message
        super().__init__(f"{path}: {message}" if path else message)


class KnowledgeBaseError(CitekitError):
    """A knowledge-base or user library file is malformed."""


class StyleError(CitekitError):
    """A CSL style or locale cannot be found or parsed."""


class ConfigError(CitekitError):
    """The checker's configuration (``[tool.citekit]``, ``--select``/``--ignore``) is invalid."""
