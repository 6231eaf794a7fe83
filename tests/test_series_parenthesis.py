"""A series in parentheses after the imprint is the series (CSL collection-title +
collection-number), never the cited volume — before or after the imprint's year, in German,
English, French and Italian notes (issue 11, style matrix: Heidelberg Historisches Seminar
prints "Leiden: Brill (Studies in Global Social History, Bd. 1), 2008").  None of these
inputs is in the corpus."""

from __future__ import annotations

import pytest

import citekit
from citekit.fields import parse_reference
from citekit.knowledge import bundled
from citekit.locators import find_locators
from citekit.parse import parse_citation

# (note, place, publisher, year, pages)
BETWEEN_PUBLISHER_AND_YEAR = [
    # German: "Bd."
    ("Jürgen Kocka, Arbeitsverhältnisse und Arbeiterexistenzen, Bonn: Dietz (Geschichte der Arbeiter und der "
     "Arbeiterbewegung in Deutschland, Bd. 2), 1990, S. 112.", "Bonn", "Dietz", "1990", "112"),
    ("Lutz Raphael, Jenseits von Kohle und Stahl, Berlin: Suhrkamp (Frankfurter Adorno-Vorlesungen, Bd. 4), 2019, S. 57–59.",
     "Berlin", "Suhrkamp", "2019", "57-59"),
    ("Andreas Eckert, Herrschen und Verwalten, München, Oldenbourg, (Studien zur Internationalen Geschichte, Bd. 16), 2007, S. 23.",
     "München", "Oldenbourg", "2007", "23"),
    # English: "vol."
    ("Eric Hobsbawm, Labouring Men, London: Weidenfeld (Studies in Labour History, vol. 3), 1964, p. 17.",
     "London", "Weidenfeld", "1964", "17"),
    ("Rebecca Scott, Degrees of Freedom, Cambridge, MA: Belknap (Harvard Historical Studies, vol. 150), 2005, p. 201.",
     None, None, "2005", "201"),
    # French: "coll. « … », n° N"
    ("Michelle Perrot, Les ouvriers en grève, Paris : Mouton (coll. « Bibliothèque des histoires », n° 12), 1974, p. 88.",
     "Paris", "Mouton", "1974", "88"),
    ("Michel Vovelle, Idéologies et mentalités, Paris : Maspero (coll. « Textes à l'appui », 7), 1982, p. 30.",
     "Paris", "Maspero", "1982", "30"),
    # Italian: bare number
    ("Franco Della Peruta, Democrazia e socialismo nel Risorgimento, Roma: Editori Riuniti (Biblioteca di cultura storica, 45), "
     "1965, p. 201.", "Roma", "Editori Riuniti", "1965", "201"),
    ("Giovanni Levi, L'eredità immateriale, Torino: Einaudi (Microstorie, 1), 1985, p. 64.", "Torino", "Einaudi", "1985", "64"),
]


@pytest.mark.parametrize("note, place, publisher, year, pages", BETWEEN_PUBLISHER_AND_YEAR)
def test_series_between_publisher_and_year_is_no_volume(note, place, publisher, year, pages):
    assert [l.label for l in find_locators(note, bare=True)] == ["page"]
    (f,) = parse_citation(note, bundled())
    assert (f.volume, f.pages, f.year) == (None, pages, year)
    assert "(" not in (f.title or "") and "Bd." not in (f.title or "") and "vol." not in (f.title or "")
    if place:
        assert (f.place, f.publisher) == (place, publisher)


@pytest.mark.parametrize("note, pages", [
    ("Eric Hobsbawm, Labouring Men, London: Weidenfeld (Studies in Labour History, vol. 3), p. 17.", "17"),
    ("Jürgen Kocka, Weder Stand noch Klasse, Bonn: Dietz (Geschichte der Arbeiter, Bd. 1), S. 45.", "45"),
    ("Michelle Perrot, Jeunesse de la grève, Paris : Seuil (coll. « L'Univers historique », n° 3), p. 9.", "9"),
])
def test_series_after_place_and_publisher_without_year_is_no_volume(note, pages):
    (f,) = parse_citation(note, bundled())
    assert (f.volume, f.pages) == (None, pages)


@pytest.mark.parametrize("entry, title, series, number", [
    ("Linden, Marcel van der, Workers of the World: Essays toward a Global Labor History, Leiden, Brill, "
     "(Studies in Global Social History, Bd. 1), 2008.", "Workers of the World: Essays toward a Global Labor History",
     "Studies in Global Social History", "1"),
    ("Hobsbawm, Eric: Labouring Men, London: Weidenfeld (Studies in Labour History, vol. 3), 1964.", "Labouring Men",
     "Studies in Labour History", "3"),
    ("Della Peruta, Franco, Democrazia e socialismo nel Risorgimento, Roma: Editori Riuniti (Biblioteca di cultura storica, 45), 1965.",
     "Democrazia e socialismo nel Risorgimento", "Biblioteca di cultura storica", "45"),
])
def test_series_is_kept_as_collection_title_and_number(entry, title, series, number):
    csl = parse_reference(entry).csl
    assert (csl.get("title"), csl.get("collection-title"), csl.get("collection-number"), csl.get("volume")) == (title, series, number, None)


@pytest.mark.parametrize("note, volume, pages", [
    # a term alone in the parenthesis is the cited volume, and a bare year is the imprint's
    ("Heinrich von Treitschke, Deutsche Geschichte im neunzehnten Jahrhundert, Leipzig: Hirzel (Bd. 2), 1882, S. 14.", "2", "14"),
    ("Karl Marx, Capital: A Critique (London, 1990), 45.", None, "45"),
    ("Thomas Nipperdey, Deutsche Geschichte 1866–1918, Bd. 2, München: Beck 1992, S. 5.", "2", "5"),
])
def test_what_is_no_series_parenthesis(note, volume, pages):
    (f,) = parse_citation(note, bundled())
    assert (f.volume, f.pages) == (volume, pages)


def test_ibid_after_a_series_note_inherits_no_volume():
    text = """Text.[1] Mehr.[2]

Anmerkungen

[1] Lutz Raphael, Jenseits von Kohle und Stahl, Berlin: Suhrkamp (Frankfurter Adorno-Vorlesungen, Bd. 4), 2019, S. 57.
[2] Ebd., S. 60.
"""
    ex = citekit.extract_text(text)
    got = [[(r.volume, r.pages) for r in c.refs] for c in ex.citations]
    assert got == [[(None, "57")], [(None, "60")]]


@pytest.mark.parametrize("note, title, pages", [
    # New Hart's Rules 2nd ed. 17.2.2: the series and its number before the publication parenthesis
    ("Keith Thomas, Religion and the Decline of Magic, Oxford Historical Monographs, 12 (Oxford: Clarendon Press, 1971), 88.",
     "Religion and the Decline of Magic", "88"),
    ("Natalie Zemon Davis, Society and Culture in Early Modern France, Cambridge Studies in Early Modern History, 3 (Cambridge, 1975), 120–2.",
     "Society and Culture in Early Modern France", "120-122"),
    ("Patrick Collinson, The Elizabethan Puritan Movement, Studies in Church History, 7 (London: Cape, 1967), 14.",
     "The Elizabethan Puritan Movement", "14"),
])
def test_new_harts_series_number_before_the_imprint_is_no_volume(note, title, pages):
    (f,) = parse_citation(note, bundled())
    assert (f.volume, f.title, f.pages) == (None, title, pages)


@pytest.mark.parametrize("note, volume, pages", [
    # no series between title and number; an article's journal; a chapter's book ("in")
    ("Marc Bloch, Feudal Society, 2 (London, 1961), 45.", "2", "45"),
    ("Quentin Skinner, 'Meaning and Understanding', History and Theory, 8 (1969), 3–53.", "8", "3-53"),
    ("John Smith, 'The Crown', in The English Commonwealth, 2 (London, 1980), 45.", "2", "45"),
])
def test_new_harts_volume_is_kept_without_a_series(note, volume, pages):
    (f,) = parse_citation(note, bundled())
    assert (f.volume, f.pages) == (volume, pages)


def test_new_harts_series_is_kept_in_the_record():
    csl = parse_reference("Thomas, Keith, Religion and the Decline of Magic, Oxford Historical Monographs, 12 "
                          "(Oxford: Clarendon Press, 1971).").csl
    assert (csl.get("collection-title"), csl.get("collection-number"), csl.get("volume")) == ("Oxford Historical Monographs", "12", None)
