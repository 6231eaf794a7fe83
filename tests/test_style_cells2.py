"""Reference lists whose entries do not all open with "Family, Given": corporate authors,
title-first entries, undated works (style-matrix cell universitat-heidelberg-historisches-seminar
and the ref-list F1 column).

Inputs are written for these tests (Italian, Spanish, English, German); none comes from the
corpus or the style-matrix generator's items.
"""

import pytest

import citekit
from citekit.detect import reference_keys, ANY_YEAR
from citekit.knowledge import bundled
from citekit.parse import parse_reference_entries
from citekit.structure import analyse

KB = bundled()


def entries(text):
    """The text of each reference-list entry ``analyse`` finds."""
    return [text[s:e] for s, e in analyse(text).reflist_entries]


# --- splitting: a corporate or title-first entry after a closed entry starts a new entry ----

ITALIAN = """La storia dei comuni è nota.

Bibliografia

Cattaneo, Carlo, La città considerata come principio ideale delle istorie italiane, Milano, 1858.
Archivio di Stato di Firenze, Carte strozziane, serie III, 1530.
Villari, Pasquale, I primi due secoli della storia di Firenze, Firenze, Sansoni, 1893.
"""


def test_corporate_entry_after_a_closed_entry_is_its_own_entry():
    assert entries(ITALIAN) == [
        "Cattaneo, Carlo, La città considerata come principio ideale delle istorie italiane, Milano, 1858.",
        "Archivio di Stato di Firenze, Carte strozziane, serie III, 1530.",
        "Villari, Pasquale, I primi due secoli della storia di Firenze, Firenze, Sansoni, 1893.",
    ]


SPANISH = """El debate sigue abierto.

Bibliografía

Vilar, Pierre, Historia de España, Barcelona, Crítica, 1978.
Real Academia de la Historia, Diccionario biográfico español, Madrid, 2009.
La Gaceta de Madrid, núm. 12, 1808.
"""


def test_corporate_and_title_first_entries_in_a_spanish_list():
    assert entries(SPANISH) == [
        "Vilar, Pierre, Historia de España, Barcelona, Crítica, 1978.",
        "Real Academia de la Historia, Diccionario biográfico español, Madrid, 2009.",
        "La Gaceta de Madrid, núm. 12, 1808.",
    ]


# A list hard-wrapped at 60 columns: a line that opens like a title after a full stop is a
# wrapped continuation when its first word would not have fitted on the line before.
WRAPPED = """Works Cited

Hill, Christopher. The World Turned Upside Down: Radical Ideas
During the English Revolution. London: Temple Smith, 1972.
Oxford English Dictionary. Oxford: Oxford University Press,
1989.
Thompson, E. P. Whigs and Hunters: The Origin of the Black Act.
London: Allen Lane, 1975.
"""


def test_wrapped_list_keeps_continuations_and_splits_title_first_entries():
    assert entries(WRAPPED) == [
        "Hill, Christopher. The World Turned Upside Down: Radical Ideas\nDuring the English Revolution. London: Temple Smith, 1972.",
        "Oxford English Dictionary. Oxford: Oxford University Press,\n1989.",
        "Thompson, E. P. Whigs and Hunters: The Origin of the Black Act.\nLondon: Allen Lane, 1975.",
    ]


# --- keys: undated entries and corporate authors left in the title still key their notes ---


def test_undated_entry_keys_its_family_with_any_year():
    f = list(parse_reference_entries(["Burckhardt, Jacob, Briefe an Paul Heyse, Basel."], KB))
    keys = reference_keys(f)
    assert ("burckhardt", ANY_YEAR) in keys
    assert not any(k[0] == "burckhardt" and k[1] != ANY_YEAR for k in keys)


def test_notes_citing_undated_and_corporate_entries_are_found():
    text = (
        "Der Rat tagte selten [1]. Die Akten schweigen [2]. Burckhardt blieb skeptisch [3].\n\n"
        "[1] Staatsarchiv Basel-Stadt, Ratsprotokolle des Kleinen Rats, 1847, Bl. 12.\n"
        "[2] Staatsarchiv Basel-Stadt, Ratsprotokolle des Kleinen Rats, 1847.\n"
        "[3] Jacob Burckhardt, Briefe an Paul Heyse, Basel.\n\n"
        "Literaturverzeichnis\n\n"
        "Burckhardt, Jacob, Briefe an Paul Heyse, Basel.\n"
        "Staatsarchiv Basel-Stadt, Ratsprotokolle des Kleinen Rats, 1847.\n"
        "Wackernagel, Rudolf, Geschichte der Stadt Basel, Basel, Helbing & Lichtenhahn, 1907.\n"
    )
    doc = citekit.extract(text)
    notes = sorted(c.text for c in doc.citations if c.region == "note")
    assert notes == [
        "Jacob Burckhardt, Briefe an Paul Heyse, Basel.",
        "Staatsarchiv Basel-Stadt, Ratsprotokolle des Kleinen Rats, 1847, Bl. 12.",
        "Staatsarchiv Basel-Stadt, Ratsprotokolle des Kleinen Rats, 1847.",
    ]
    assert len([c for c in doc.citations if c.region == "reflist"]) == 3


@pytest.mark.parametrize(
    "body",
    [
        "Préfecture de police, Rapport du préfet de police sur l’esprit public, 03.06.1832, l. 19.",
        "Staatsarchiv Basel, Protokolle des Kleinen Rates, 12.4.1848, fol. 33v.",
        "Comité de salut public, Arrêté sur les subsistances, 1794, art. 4.",
    ],
)
def test_a_dated_document_of_a_corporate_author_with_any_locator_is_a_full_note(body):
    ex = citekit.extract_text("Texte.1\n\nNotes\n\n1. " + body + "\n")
    assert [c.text for c in ex.citations] == [body]


def test_prose_with_a_year_and_a_letter_is_no_dated_document():
    ex = citekit.extract_text("Texte.1\n\nNotes\n\n1. La question reste ouverte, depuis 1832, l. 19 montre.\n")
    assert ex.citations == () or list(ex.citations) == []


@pytest.mark.parametrize(
    "text, label, value",
    [
        ("Biblioteca Ambrosiana, Cronaca milanese, ms. cit., r. 12.", "line", "12"),
        ("Archivio di Stato di Venezia, Senato, Deliberazioni, c. 14v, rr. 3-5.", "line", "3-5"),
        ("Biblioteca Marciana, Diari, riga 7.", "line", "7"),
    ],
)
def test_italian_riga_is_a_line(text, label, value):
    from citekit.locators import find_locators

    last = find_locators(text)[-1]
    assert (last.label, last.value) == (label, value)


def test_ms_cit_is_a_short_form_of_the_manuscript_cited():
    from citekit import patterns as P

    m = P.SHORT_KEYWORD.search(P.fold_marks("Cronaca milanese, ms. cit., r. 12."))
    assert m is not None and m.group("kw").lower().startswith("ms")
