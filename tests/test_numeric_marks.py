"""Numeric citations in parentheses (Vancouver) and glued digits (Nature) point into a numbered
reference list when the text has no notes; enumerations and words with digits stay prose."""

from __future__ import annotations

import citekit

REFS = """
References

1. Porter R. The Greatest Benefit to Mankind. London: HarperCollins; 1997.
2. Foucault M. Naissance de la clinique. Paris: PUF; 1963.
3. Rosenberg CE. The Cholera Years. Chicago: University of Chicago Press; 1962.
4. Evans RJ. Death in Hamburg. Oxford: Clarendon Press; 1987.
"""


def _numeric(text: str) -> list[tuple[str, tuple[str | None, ...]]]:
    ex = citekit.extract_text(text)
    return [(c.text, tuple(r.record for r in c.refs)) for c in ex.citations if c.form.value == "numeric"]


def test_vancouver_parentheses():
    text = (
        "Cholera struck Hamburg in 1892 (4). The clinic changed how physicians looked (2), "
        "as earlier histories had argued (1, 3).\n" + REFS
    )
    got = _numeric(text)
    assert [t for t, _ in got] == ["4", "2", "1, 3"]
    assert all(all(r for r in refs) for _, refs in got)
    assert len(got[2][1]) == 2


def test_nature_glued_digits():
    text = "Cholera struck Hamburg in 1892.4 The clinic changed how physicians looked2, as earlier histories argued1,3.\n" + REFS
    got = _numeric(text)
    assert [t for t, _ in got][:2] == ["4", "2"]


def test_enumerations_and_words_with_digits_are_not_citations():
    text = (
        "The board had two aims: (1) to contain the outbreak and (2) to calm the press. "
        "A B52 flew over the harbour, and COVID19 is a later story.\n" + REFS
    )
    assert _numeric(text) == []


def test_parentheses_are_note_markers_when_the_text_has_notes():
    text = "Cholera struck Hamburg in 1892 (1). The clinic changed (2).\n\nNotes\n\n(1) Evans, Death in Hamburg, 12.\n(2) Foucault, Naissance, 45.\n" + REFS
    assert _numeric(text) == []


def test_glued_lists_and_ranges_and_no_dates():
    text = (
        "The epidemic spread3, as shown2,4. The second wave1–3, on 19.12.1918 and 3.4 per cent, was worse.\n" + REFS
    )
    got = [(t, len(refs)) for t, refs in _numeric(text)]
    assert got == [("3", 1), ("2,4", 2), ("1–3", 3)]
