"""CSL locale names: normalise what a user types, refuse what no locale file answers.

``--locale de_DE`` used to fall back to English without a word (issue 13): the engine looks
locales up by their exact CSL name (``de-DE``), and its fall-back chain (CSL 1.0.2 "Locale
Fallback": ``de-AT`` → ``de`` → ``en-US``) starts from the language before the first
hyphen, which ``de_DE`` does not have.  :func:`normalise_locale` is the one gate.
"""

from __future__ import annotations

import re

from .errors import StyleError

#: A BCP 47-like tag as users type it: language, optional script, optional region,
#: separated by ``-`` or ``_`` (POSIX ``de_DE``; ``.UTF-8`` and ``@euro`` suffixes cut first).
_TAG = re.compile(r"^(?P<lang>[A-Za-z]{2,3})(?:[-_](?P<script>[A-Za-z]{4}))?(?:[-_](?P<region>[A-Za-z]{2}|[0-9]{3}))?$")


def known_locales() -> tuple[str, ...]:
    """The CSL locale names citekit ships (citeproc-py's locale files), sorted: ``('af-ZA', 'ar', …)``."""
    from citeproc import LANGUAGE_NAMES

    return tuple(sorted(LANGUAGE_NAMES))


def normalise_locale(locale: str) -> str:
    """The CSL locale name for what a user typed.

    ``locale``: ``de-DE``, ``de_DE``, ``DE-de``, ``de_DE.UTF-8``, ``sr_Latn_RS``, ``de`` or
    ``de-LU`` (a region with no file of its own: kept, the engine falls back to ``de-DE``
    as CSL 1.0.2 "Locale Fallback" says).  Returns the canonical spelling (language lower
    case, script title case, region upper case, hyphens): ``'de-DE'``.
    Raises :class:`StyleError` listing the valid names when no shipped locale has the
    language (``xx-YY``, ``english``), so a typo never renders in English silently.
    """
    raw = locale
    tag = locale.strip().split(".", 1)[0].split("@", 1)[0]
    m = _TAG.match(tag)
    names = known_locales()
    if m:
        parts = [m["lang"].lower()]
        if m["script"]:
            parts.append(m["script"].title())
        if m["region"]:
            parts.append(m["region"].upper())
        tag = "-".join(parts)
        if tag in names:
            return tag
        languages = {n.split("-", 1)[0] for n in names}
        if parts[0] in languages:
            return tag
    raise StyleError(f"unknown locale {raw!r}; citekit has: {', '.join(names)} (a language alone, such as 'de', also works)")
