"""Issue 11, ninth outside test (/tmp/adv9), second part: archives cited by acronym or name with a
series path, a year and box/file units; a year at a title's end; particles and compound given
names.  Every input is new (other archives, authors and languages than the tester's)."""

from __future__ import annotations

import pytest

import citekit
from citekit.fields.record import _names
from citekit.knowledge import bundled
from citekit.parse import archival_unit, parse_citation, parse_inverted_names

KB = bundled()


def _ex(notes):
    markers = " ".join(f"Testo.[{i}]" for i in range(1, len(notes) + 1))
    body = "\n\n".join(f"[{i}] {n}" for i, n in enumerate(notes, 1))
    ex = citekit.extract_text(markers + "\n\n------\n\n" + body + "\n")
    return ex, {r.key: r.csl for r in ex.records}


@pytest.mark.parametrize("note, archive, location, locator", [
    ("ASMAE, Affari politici 1919-1930, Francia, b. 1054, fasc. 2.", "ASMAE", "Affari politici 1919-1930, Francia, b. 1054", "2"),
    ("AN, Police générale, carton 12, dossier 3.", "AN", "Police générale, carton 12", "3"),
    ("AHN, Estado, caja 4, leg. 2848, exp. 5.", "AHN", "Estado, caja 4, leg. 2848", "5"),
    ("Archivio di Stato di Milano, Prefettura, Gabinetto, 1922, b. 7, sottofasc. 2.",
     "Archivio di Stato di Milano", "Prefettura, Gabinetto, 1922, b. 7", "2"),
    ('ACS, Ministero della Guerra, Gabinetto, 1917, b. 88, fasc. "Caporetto".',
     "ACS", "Ministero della Guerra, Gabinetto, 1917, b. 88", "Caporetto"),
])
def test_archive_series_box_file(note, archive, location, locator):
    ex, recs = _ex([note])
    ref = ex.citations[0].refs[0]
    rec = recs[ref.record]
    assert (rec["type"], rec["archive"], rec["archive_location"]) == ("manuscript", archive, location)
    assert (ref.label, ref.locator) == ("file", locator)
    assert "issued" not in rec and "author" not in rec


def test_archive_acronym_then_ibidem_and_other_file():
    ex, recs = _ex(["ASMAE, Serie politica P, 1915, b. 201, fasc. 4.", "Ibidem.", "ASMAE, Serie politica P, 1915, b. 201, fasc. 9."])
    refs = [c.refs[0] for c in ex.citations]
    assert len(refs) == 3 and len({r.record for r in refs}) == 1  # one record per box
    assert [r.locator for r in refs] == ["4", "4", "9"]


def test_german_bestand_with_folio_keeps_the_whole_unit():
    ex, recs = _ex(["BArch, Reichskanzlei, Bestand 43, Nr. 2681, Bl. 45."])
    ref = ex.citations[0].refs[0]
    assert recs[ref.record]["archive_location"] == "Reichskanzlei, Bestand 43, Nr. 2681"
    assert (ref.label, ref.locator) == ("folio", "45")


def test_acronym_without_units_is_no_archive():
    assert archival_unit("OECD, Economic Outlook, 1990, p. 4") is None


@pytest.mark.parametrize("note, family, title, year, place", [
    ("Michel Vovelle, La chute de la monarchie 1787, Paris, Seuil, 1972, p. 8.", "Vovelle", "La chute de la monarchie 1787", "1972", "Paris"),
    ("Reinhart Koselleck, Preußen zwischen Reform und Revolution 1791, Stuttgart 1967, S. 33.",
     "Koselleck", "Preußen zwischen Reform und Revolution 1791", "1967", "Stuttgart"),
    ("Jacques Godechot, Les révolutions de 1848, Paris, Albin Michel, 1971, p. 22.", "Godechot", "Les révolutions de 1848", "1971", "Paris"),
    ("Franco Venturi, Settecento riformatore 1758, Torino, Einaudi, 1969, p. 40.", "Venturi", "Settecento riformatore 1758", "1969", "Torino"),
])
def test_year_ending_a_title_is_no_key(note, family, title, year, place):
    f = parse_citation(note, KB)[0]
    assert [n.family for n in f.authors] == [family]
    assert (f.title, f.year, f.place, f.author_date) == (title, year, place, False)


def test_author_date_key_still_read():
    f = parse_citation("Soboul 1958, p. 12", KB)[0]
    assert (f.authors[0].family, f.year, f.author_date) == ("Soboul", "1958", True)


@pytest.mark.parametrize("text, family, given", [
    ("Souza, Maria das Graças", "Souza", "Maria das Graças"),
    ("Ruiz, Ana de la Cruz", "Ruiz", "Ana de la Cruz"),
    ("Ferreira, João dos Santos", "Ferreira", "João dos Santos"),
])
def test_given_name_with_particle_is_one_name(text, family, given):
    assert [(n.family, n.given) for n in parse_inverted_names(text)] == [(family, given)]


@pytest.mark.parametrize("text, family, given", [
    ("von Ranke, Leopold.", "von Ranke", "Leopold"),
    ("di Gregorio, Mario", "di Gregorio", "Mario"),
    ("de la Cruz, Ana", "de la Cruz", "Ana"),
])
def test_lower_case_particle_opening_an_inverted_name(text, family, given):
    assert [(n.family, n.given) for n in _names(text)[0]] == [(family, given)]
