"""A short note whose locator is not a page ("ch. 4", "sect. 27", "fol. 12v", "Kap. 3") is one
citation: any locator of the locator grammar makes a note "located", not only pages or volumes."""

from __future__ import annotations

import pytest

import citekit

SHORT = [
    "Thompson, The Making of the English Working Class, ch. 4.",
    "Croce, Storia d’Italia dal 1871 al 1915, cap. 5.",
    "Koselleck, Vergangene Zukunft, Kap. 3.",
    "Bloch, La Société féodale, livre II, chap. 2.",
]


@pytest.mark.parametrize("short", SHORT)
def test_short_note_with_a_non_page_locator_is_a_citation(short):
    text = f"Ein Satz.1\n\nNotes\n\n1. {short}\n"
    ex = citekit.extract_text(text)
    notes = [c for c in ex.citations if c.region == "note"]
    assert len(notes) == 1 and notes[0].text.rstrip(".") == short.rstrip(".")


def test_prose_note_with_a_chapter_reference_stays_prose():
    text = "Ein Satz.1\n\nNotes\n\n1. This question is taken up again below, in ch. 4, where the evidence is weighed.\n"
    ex = citekit.extract_text(text)
    assert [c.text for c in ex.citations if c.region == "note"] == []
