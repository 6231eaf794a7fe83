"""Tokens of a citation string, with character offsets.

A token is a run of letters, a run of digits, or one other non-space character
(punctuation, a symbol).  Letters and digits are split apart so that hand-typed
``p208`` and ``Vol30`` give the label word and the number as two tokens, and
``3:152`` gives volume, colon and page.  This is finer than AnyStyle's
whitespace tokens; each token keeps whether a space precedes it, so the
model still sees how the string was typed.
"""

from __future__ import annotations

import re

from attrs import frozen

#: One token: letters (any script, with apostrophes or hyphens joining letters
#: left to later tokens), or a year with its suffix letter ("1983b", author-date styles),
#: or digits, or a single other visible character.
#: Alternatives do not overlap, so the scan is linear.
TOKEN = re.compile(r"[^\W\d_]+|\d{4}[a-z](?![^\W\d_])|\d+|[^\w\s]|_")


@frozen
class Token:
    """``text`` is ``source[start:end]``; ``space`` tells whether whitespace (or the string start) precedes it."""

    text: str
    start: int
    end: int
    space: bool


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text`` in order (offsets are ``str`` indices)."""
    out: list[Token] = []
    prev_end = 0
    for m in TOKEN.finditer(text):
        s = m.start()
        out.append(Token(m.group(), s, m.end(), s == 0 or s > prev_end))
        prev_end = m.end()
    return out
