"""The rule explanations of ``citekit rule [CODE]``, read from docs/rules.md (the one source).

docs/rules.md has one section per rule, ``## S202 `ibid-ambiguous```, holding its
*Example*, *Why it matters* and *Fix*.  The wheel ships the file as
``citekit/docs/rules.md`` (pyproject.toml maps the package ``citekit.docs`` to ``docs/``);
a checkout reads ``docs/rules.md`` beside the package.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .errors import InputError

#: A rule section heading: ``## N101 `marker-without-note```  → code, name.
_RULE_HEADING = re.compile(r"^## (?P<code>[A-Z][0-9]{3}) `(?P<name>[a-z0-9-]+)`[ \t]*$", re.MULTILINE)
#: Where a section ends: the next level-2 heading or a horizontal rule.
_SECTION_END = re.compile(r"^(?:## |---[ \t]*$)", re.MULTILINE)


def rules_path() -> Path:
    """docs/rules.md: the installed copy (``citekit/docs/rules.md``), else the checkout's."""
    here = Path(__file__).resolve().parent
    for p in (here / "docs" / "rules.md", here.parent / "docs" / "rules.md"):
        if p.is_file():
            return p
    raise InputError("docs/rules.md", "not found beside the citekit package (a broken install?)")


@lru_cache(maxsize=1)
def rule_sections() -> dict[str, tuple[str, str]]:
    """``{code: (name, markdown body)}`` for every rule section of docs/rules.md, in file order."""
    text = rules_path().read_text(encoding="utf-8")
    out: dict[str, tuple[str, str]] = {}
    for m in _RULE_HEADING.finditer(text):
        end = _SECTION_END.search(text, m.end())
        body = text[m.end() : end.start() if end else len(text)].strip()
        out[m["code"]] = (m["name"], body)
    return out


def explain(code_or_name: str) -> str:
    """The explanation of one rule, by code (``S202``, any case) or name (``ibid-ambiguous``):
    ``S202 ibid-ambiguous`` then the section's text.  :class:`InputError` for an unknown rule."""
    sections = rule_sections()
    key = code_or_name.strip()
    for code, (name, body) in sections.items():
        if key.upper() == code or key.lower() == name:
            return f"{code} {name}\n\n{body}\n"
    raise InputError(None, f"no rule {code_or_name!r}; `citekit rule` lists them ({', '.join(sections)})")


def listing() -> str:
    """One line per rule of docs/rules.md: code, name, severity and the checker's one-line summary."""
    from .checks import RULES

    lines = []
    for code, (name, _) in rule_sections().items():
        rule = RULES.get(code)
        lines.append(f"{code}  {name:<31} {rule.severity if rule else '':<8} {rule.summary if rule else ''}".rstrip())
    return "\n".join(lines) + "\n"
