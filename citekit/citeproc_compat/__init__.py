"""citekit's compatibility layer over citeproc-py (CSL 1.0.2).

Everything citekit changes about citeproc-py lives in this package:

* :mod:`.elements` -- subclasses of citeproc-py's element classes, one fix each;
* :mod:`.richtext` -- markup as sentinels, quotes, punctuation, flip-flop, escaping;
* :mod:`.engine` -- the processor: positions, disambiguation, collapsing,
  bibliography options, and a private lxml lookup so that citeproc-py's own
  classes are never modified (no monkeypatching).

docs/rendering.md lists each fix with its CSL clause and the test-suite fixtures.
"""

from .engine import Cite, Engine, parse_style

__all__ = ["Cite", "Engine", "parse_style"]
