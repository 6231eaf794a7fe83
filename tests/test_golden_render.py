"""Golden files: the corpus texts' reference lists in six styles (tests/golden/<doc>.<style>.txt).

Each file was produced by ``citekit bib ../shared/corpus/<doc>.txt --style <style>`` and read
against the style's rules (docs/rendering.md, "Golden files").  Regenerate on purpose with
``CITEKIT_REGOLD=1 pytest tests/test_golden_render.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from citekit import extract
from citekit.render import Bibliography
from conftest import CORPUS

GOLDEN = Path(__file__).resolve().parent / "golden"
STYLES = ["chicago-notes-bibliography", "chicago-author-date", "apa", "modern-language-association", "harvard-cite-them-right", "mhra-notes"]
DOCS = ["000a", "004"]


@pytest.fixture(scope="module")
def bibliographies():
    return {d: Bibliography.from_extraction(extract(CORPUS / f"{d}.txt")) for d in DOCS if (CORPUS / f"{d}.txt").exists()}


@pytest.mark.parametrize("doc", DOCS)
@pytest.mark.parametrize("style", STYLES)
def test_reference_list_matches_golden_file(bibliographies, doc, style):
    if doc not in bibliographies:
        pytest.skip("corpus not present")
    got = "\n".join(bibliographies[doc].render(style)) + "\n"
    path = GOLDEN / f"{doc}.{style}.txt"
    if os.environ.get("CITEKIT_REGOLD"):
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8")
