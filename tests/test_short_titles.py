"""A short note's title made of key words of the full title, in order, the article dropped
(Chicago Manual 14.32), resolves to the work of the first full note."""

from __future__ import annotations

import pytest

import citekit

CASES = [
    ("Rudolf Mark, „Die Hungersnot in der Ukraine“, in: Osteuropa 54 (2004), S. 112–130.", "Mark, Hungersnot, S. 118."),
    ("François Furet, Penser la Révolution française (Paris: Gallimard, 1978), 45.", "Furet, Révolution française, 52."),
    ("Carlo Ginzburg, Il formaggio e i vermi (Torino: Einaudi, 1976), 12.", "Ginzburg, Formaggio, 14."),
]


@pytest.mark.parametrize("full,short", CASES)
def test_short_title_resolves_to_the_full_citation(full, short):
    text = f"Eine These.1 Noch eine.2\n\nNotes\n\n1. {full}\n2. {short}\n"
    ex = citekit.extract_text(text)
    notes = [c for c in ex.citations if c.region == "note"]
    assert len(notes) == 2
    assert notes[0].refs[0].record == notes[1].refs[0].record


def test_short_title_picks_the_work_whose_title_holds_its_words():
    text = (
        "A.1 B.2 C.3\n\nNotes\n\n"
        "1. Eric Hobsbawm, The Age of Revolution (London: Weidenfeld, 1962), 12.\n"
        "2. Eric Hobsbawm, The Age of Empire (London: Weidenfeld, 1987), 30.\n"
        "3. Hobsbawm, Empire, 33.\n"
    )
    ex = citekit.extract_text(text)
    notes = [c for c in ex.citations if c.region == "note"]
    assert notes[2].refs[0].record == notes[1].refs[0].record != notes[0].refs[0].record
