"""A full note's imprint "(Place: Publisher, Year)" is not an author-date citation inside a
discursive note: the whole note is one citation (Chicago Manual 14.68; the field parser decides)."""

from __future__ import annotations

import pytest

import citekit

NOTES = [
    # (note body, expected start of the one citation's text)
    "Carlo Ginzburg, Il formaggio e i vermi: Il cosmo di un mugnaio del ’500 (Einaudi, 1976), 195.",
    "Natalie Zemon Davis, The Return of Martin Guerre (Cambridge, MA: Harvard University Press, 1983), 44–46.",
    "Reinhart Koselleck, Vergangene Zukunft (Frankfurt am Main: Suhrkamp, 1979), S. 38.",
    "Eric Hobsbawm and Terence Ranger, eds., The Invention of Tradition (Cambridge University Press, 1983), 14.",
]


@pytest.mark.parametrize("note", NOTES)
def test_full_note_with_imprint_is_one_citation(note):
    text = f"A claim about the past.1\n\nNotes\n\n1. {note}\n"
    ex = citekit.extract_text(text)
    notes = [c for c in ex.citations if c.region == "note"]
    assert len(notes) == 1, [c.text for c in notes]
    assert notes[0].text.startswith(note.split(",")[0]) and notes[0].text.rstrip(".").endswith(note.rstrip(".")[-4:])


def test_author_date_parenthesis_in_a_discursive_note_is_still_its_own_citation():
    text = (
        "A claim about the past.1\n\nNotes\n\n"
        "1. The point has often been made, most forcefully by Thompson (Thompson, 1963, p. 9), and it still divides historians of class.\n"
    )
    ex = citekit.extract_text(text)
    notes = [c for c in ex.citations if c.region == "note"]
    assert [c.text for c in notes] == ["Thompson, 1963, p. 9"]
