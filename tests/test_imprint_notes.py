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


@pytest.mark.parametrize(
    "note,title,place,publisher",
    [
        ("Elizabeth L. Eisenstein, The Printing Press as an Agent of Change (Cambridge: Cambridge University Press, 1979), 140.",
         "The Printing Press as an Agent of Change", "Cambridge", "Cambridge University Press"),
        ("Brian Richardson, Printing, Writers and Readers in Renaissance Italy (Cambridge University Press, 1999), 22.",
         "Printing, Writers and Readers in Renaissance Italy", None, "Cambridge University Press"),
        ("Michel Foucault, Surveiller et punir (Paris, Gallimard, 1975), p. 45.", "Surveiller et punir", "Paris", "Gallimard"),
        ("Franco Venturi, Settecento riformatore (Torino: Einaudi, 1969), 1:120.", "Settecento riformatore", "Torino", "Einaudi"),
    ],
)
def test_the_imprint_stays_out_of_the_title_and_place(note, title, place, publisher):
    from citekit.knowledge import bundled
    from citekit.parse import parse_citation

    (f,) = parse_citation(note, bundled())
    assert (f.title, f.publisher) == (title, publisher)
    assert f.place in (place, None) and f.place != "Press"
    assert f.item_title is None
