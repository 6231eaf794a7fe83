"""Issue 11, eighth outside test: reference-list entries read the same way by ``citekit parse``
(:func:`citekit.parse_reference`) and by ``citekit extract`` (:func:`citekit.parse.parse_reference_entry`
and the resolver's records).  Each kind has inputs the outside test did not have, in other languages
(citekit/fields/entry.py, docs/field-parser.md "Facts around the runs")."""

from __future__ import annotations

import pytest

import citekit
from citekit.knowledge import bundled
from citekit.parse import parse_reference_entry

KB = bundled()


def both(line: str) -> tuple[dict, dict]:
    """The CSL of ``citekit parse`` and the Fields-derived values of the extract path."""
    csl = dict(citekit.parse_reference(line).csl)
    f = parse_reference_entry(line, KB)
    assert f is not None
    return csl, f


def names(ns) -> list[str]:
    return [n.literal or f"{n.family}, {n.given}" for n in ns]


def csl_names(xs) -> list[str]:
    return [x.get("literal") or f"{x['family']}, {x.get('given')}" for x in xs or []]


# --- 1. names -------------------------------------------------------------------------------

@pytest.mark.parametrize("line,want", [
    ("Valdeón, Julio y Salrach, Josep Maria, Feudalismo y consolidación de los pueblos hispánicos, Barcelona, Labor, 1980.",
     ["Valdeón, Julio", "Salrach, Josep Maria"]),
    ("Cammarosano, Paolo e Violante, Cinzio, Studi sul Medioevo cristiano, Roma, Viella, 2001.", ["Cammarosano, Paolo", "Violante, Cinzio"]),
    ("Duby, Georges et Wallon, Armand, Histoire de la France rurale, Paris, Seuil, 1975.", ["Duby, Georges", "Wallon, Armand"]),
    ("Kocka, Jürgen und Ritter, Gerhard, Deutsche Sozialgeschichte, München, Beck, 1974.", ["Kocka, Jürgen", "Ritter, Gerhard"]),
    ("Serrão, Joel e Marques, António Henrique, Nova história de Portugal, Lisboa, Presença, 1987.", ["Serrão, Joel", "Marques, António Henrique"]),
])
def test_two_inverted_authors_joined_by_a_word(line, want):
    csl, f = both(line)
    assert csl_names(csl["author"]) == want
    assert names(f.authors) == want


def test_compound_surname_stays_whole_and_capital_particle():
    csl, f = both("Ortega y Gasset, José, La rebelión de las masas, Madrid, Revista de Occidente, 1930.")
    assert csl_names(csl["author"]) == ["Ortega y Gasset, José"] and names(f.authors) == ["Ortega y Gasset, José"]
    csl, f = both("Le Goff, Jacques (dir.), La nouvelle histoire, Paris, Retz, 1978.")
    assert csl_names(csl["editor"]) == ["Le Goff, Jacques"] and "author" not in csl and names(f.editors) == ["Le Goff, Jacques"]


@pytest.mark.parametrize("line,body,title", [
    ("Deutsches Historisches Museum. Bismarck: Preußen, Deutschland und Europa. Berlin: Nicolai, 1990.",
     "Deutsches Historisches Museum", "Bismarck: Preußen, Deutschland und Europa"),
    ("American Historical Association. Guide to Historical Literature. New York: Macmillan, 1961.",
     "American Historical Association", "Guide to Historical Literature"),
    ("Société de l'histoire de France. Annuaire-bulletin. Paris: Renouard, 1863.", "Société de l'histoire de France", "Annuaire-bulletin"),
])
def test_corporate_author_is_a_literal(line, body, title):
    csl, f = both(line)
    assert csl["author"] == [{"literal": body}] and csl["title"] == title
    assert names(f.authors) == [body] and f.title == title


# --- 2. editors, translators, genre, original date ------------------------------------------

@pytest.mark.parametrize("line,eds", [
    ("Galasso, Giuseppe (a cura di), Storia d'Italia, Torino, UTET, 1979.", ["Galasso, Giuseppe"]),
    ("Conze, Werner (Hrsg.): Sozialgeschichte der Familie in der Neuzeit Europas, Stuttgart 1976.", ["Conze, Werner"]),
    ("Tuñón de Lara, Manuel (ed.), Historia de España, Barcelona, Labor, 1980.", ["Tuñón de Lara, Manuel"]),
    ("Mattoso, José (coord.), História de Portugal, Lisboa, Estampa, 1993.", ["Mattoso, José"]),
    ("Hobsbawm, E., & Ranger, T. (Eds.). (1983). The invention of tradition. Cambridge University Press.", ["Hobsbawm, E.", "Ranger, T."]),
    ("Rosenthal, Gisela, ed. Art Nouveau: Catalogue of the Collection. Exhibition catalogue. Munich: Prestel, 1995.", ["Rosenthal, Gisela"]),
])
def test_editor_mark_after_the_names(line, eds):
    csl, f = both(line)
    assert csl_names(csl["editor"]) == eds and "author" not in csl
    assert names(f.editors) == eds and not f.authors


def test_genre_is_not_title():
    csl, f = both("Rosenthal, Gisela, ed. Art Nouveau: Catalogue of the Collection. Exhibition catalogue. Munich: Prestel, 1995.")
    assert csl["title"] == f.title == "Art Nouveau: Catalogue of the Collection"
    assert csl["genre"] == f.genre == "Exhibition catalogue"


@pytest.mark.parametrize("line,eds,trs,orig,title", [
    ("Freud, S. (1961). Civilization and its discontents (J. Strachey, Ed. & Trans.). W. W. Norton. (Original work published 1930)",
     ["Strachey, J."], ["Strachey, J."], 1930, "Civilization and its discontents"),
    ("Bourdieu, P. (1984). Distinction: A social critique of the judgement of taste (R. Nice, Trans.). Harvard University Press. (Original work published 1979)",
     [], ["Nice, R."], 1979, "Distinction: A social critique of the judgement of taste"),
    ("Benjamin, W. (1968). Illuminations (H. Arendt, Ed.; H. Zohn, Trans.). Schocken Books. (Original work published 1955)",
     ["Arendt, H."], ["Zohn, H."], 1955, "Illuminations"),
    ("Weber, M. (1978). Economy and society (G. Roth & C. Wittich, Eds.). University of California Press. (Original work published 1922)",
     ["Roth, G.", "Wittich, C."], [], 1922, "Economy and society"),
])
def test_apa_roles_in_brackets_and_original_date(line, eds, trs, orig, title):
    csl, f = both(line)
    assert csl_names(csl.get("editor")) == eds and csl_names(csl.get("translator")) == trs
    assert names(f.editors) == eds and names(f.translators) == trs
    assert csl["original-date"] == {"date-parts": [[orig]]} and f.original_year == str(orig)
    assert csl["issued"]["date-parts"][0][0] == int(f.year) != orig
    assert csl["title"] == f.title == title and not f.container


# --- 3. APA entries: abbreviations in titles, DOI, issue, suffix -----------------------------

def test_abbreviation_full_stop_does_not_end_the_title():
    csl, f = both("Smith, R. M. (2015). Political memory in the U.K. since 1945. British Journal of Politics, 17(3), 401-420.")
    assert csl["title"] == f.title == "Political memory in the U.K. since 1945"
    assert f.container == "British Journal of Politics"


@pytest.mark.parametrize("line,doi", [
    ("Smith, R. M. (2015). Political memory. British Journal of Politics, 17(3), 401-420. https://doi.org/10.1111/1467-856X.12045",
     "10.1111/1467-856X.12045"),
    ("Nora, P. (1989). Between memory and history. Representations, 26, 7-24. doi:10.2307/2928520", "10.2307/2928520"),
    ("Assmann, J. (1995). Collective memory and cultural identity. New German Critique, 65, 125-133. http://dx.doi.org/10.2307/488538.",
     "10.2307/488538"),
])
def test_doi_is_doi_not_url(line, doi):
    csl, f = both(line)
    assert csl["DOI"] == f.doi == doi and "URL" not in csl


def test_issue_in_brackets_after_volume():
    csl, f = both("Wertsch, J. V. (2008). The narrative organization of collective memory. Ethos, 36(120), 120-135.")
    assert (csl.get("volume"), csl.get("issue")) == ("36", "120") and (f.volume, f.issue) == ("36", "120")


# --- 4. titles, imprints, volumes, editions ---------------------------------------------------

@pytest.mark.parametrize("line,title", [
    ("Bloch, Marc, Les caractères originaux de l'histoire rurale française (Xe-XVIIIe siècles), Oslo, Aschehoug, 1931.",
     "Les caractères originaux de l'histoire rurale française (Xe-XVIIIe siècles)"),
    ("Violante, Cinzio, La società milanese nell'età precomunale (secoli X-XI), Bari, Laterza, 1953.",
     "La società milanese nell'età precomunale (secoli X-XI)"),
    ("Toubert, Pierre, Les structures du Latium médiéval (IXe-XIIe siècle), 2 t., Rome, École française de Rome, 1973.",
     "Les structures du Latium médiéval (IXe-XIIe siècle)"),
])
def test_bracketed_subtitle_is_the_titles(line, title):
    csl, f = both(line)
    assert csl["title"] == f.title == title


@pytest.mark.parametrize("line,n,title", [
    ("Hintze, Otto: Gesammelte Abhandlungen, 3 Bde., Göttingen 1962.", "3", "Gesammelte Abhandlungen"),
    ("Fontana, Josep, Historia de España, 12 vols., Barcelona, Crítica, 1988.", "12", "Historia de España"),
    ("Braudel, Fernand. La Méditerranée et le monde méditerranéen. 2 vols. Paris: Armand Colin, 1966.", "2",
     "La Méditerranée et le monde méditerranéen"),
    ("Toubert, Pierre, Les structures du Latium médiéval (IXe-XIIe siècle), 2 t., Rome, École française de Rome, 1973.", "2", None),
])
def test_number_of_volumes(line, n, title):
    csl, f = both(line)
    assert csl["number-of-volumes"] == f.number_of_volumes == n
    assert "volume" not in csl and f.volume is None
    if title:
        assert csl["title"] == f.title == title


@pytest.mark.parametrize("line,places,publishers", [
    ("Burke, Peter. The Italian Renaissance. Cambridge: Polity; Princeton: Princeton University Press, 1986.",
     "Cambridge; Princeton", "Polity; Princeton University Press"),
    ("Ginzburg, Carlo. Il formaggio e i vermi. Torino: Einaudi; Milano: Feltrinelli, 1976.", "Torino; Milano", "Einaudi; Feltrinelli"),
    ("Conrad, Sebastian. Globalgeschichte. München: Beck; Wien: Böhlau, 2013.", "München; Wien", "Beck; Böhlau"),
])
def test_second_publisher_kept_with_its_place(line, places, publishers):
    csl, f = both(line)
    assert (csl["publisher-place"], csl["publisher"]) == (f.place, f.publisher) == (places, publishers)


@pytest.mark.parametrize("line,place,publisher", [
    ("Iradiel, Paulino, Las claves de la España medieval, Pamplona, Eunsa, 1992.", "Pamplona", "Eunsa"),
    ("Valdeón, Julio y Salrach, Josep Maria, Feudalismo y consolidación de los pueblos hispánicos, Barcelona, Labor, 1980.", "Barcelona", "Labor"),
    ("Mattoso, José (coord.), História de Portugal, Lisboa, Estampa, 1993.", "Lisboa", "Estampa"),
])
def test_comma_imprint_place_then_publisher(line, place, publisher):
    csl, f = both(line)
    assert (csl["publisher-place"], csl["publisher"]) == (f.place, f.publisher) == (place, publisher)


@pytest.mark.parametrize("line,edition", [
    ("Mitteis, Heinrich: Deutsche Rechtsgeschichte, 9. Aufl., München 1966.", "9"),
    ("Evans, Richard J. In Defence of History. 2nd ed. London: Granta, 2000.", "2"),
    ("Duby, Georges, Guerriers et paysans, 3e éd., Paris, Gallimard, 1973.", "3"),
])
def test_edition_is_a_csl_number_in_parse_and_extract(line, edition):
    csl, _ = both(line)
    assert csl["edition"] == edition
    ex = citekit.extract(text=f"Text (see below).\n\nBibliography\n\n{line}\n")
    assert [r.csl.get("edition") for r in ex.records] == [edition]


# --- extract: the records of a reference list -------------------------------------------------

APA_TEXT = """Memory studies grew fast (Tilly, 1990a; Tilly, 1990b, p. 4). Wertsch (2002, pp. 10-12) and the
edited volume (Hobsbawm & Ranger, 1983) framed it; see also Olick (1999, p. 335).

References

Hobsbawm, E., & Ranger, T. (Eds.). (1983). The invention of tradition. Cambridge University Press.
Olick, J. K. (1999). Collective memory: The two cultures. Sociological Theory, 17(3), 333-348. https://doi.org/10.1111/0735-2751.00083
Tilly, C. (1990a). Coercion, capital, and European states. Blackwell.
Tilly, C. (1990b). How social memory works. Theory and Society, 19(4), 1-12.
Wertsch, J. V. (2002). Narrative tools of history. In J. Brockmeier (Ed.), Narrative and identity (pp. 9-31). John Benjamins.
"""


def test_extract_records_keep_what_the_entries_say():
    ex = citekit.extract(text=APA_TEXT)
    by = {r.key.split("-")[0] + (r.csl.get("citekit-year-suffix") or ""): r.csl for r in ex.records}
    assert csl_names(by["hobsbawm"]["editor"]) == ["Hobsbawm, E.", "Ranger, T."] and "author" not in by["hobsbawm"]
    assert by["olick"]["DOI"] == "10.1111/0735-2751.00083" and "URL" not in by["olick"]
    assert by["olick"]["issue"] == "3" and by["olick"]["page"] == "333-348"
    assert by["wertsch"]["page"] == "9-31" and by["wertsch"]["type"] == "chapter"
    assert by["tillya"]["title"] == "Coercion, capital, and European states"
    assert by["tillyb"]["title"] == "How social memory works"


CHICAGO_TEXT = """As the catalogue shows,1 the collection was large.2

Notes

1. Rosenthal, Art Nouveau, 12.
2. Braudel, La Méditerranée, 1:45.

Bibliography

Braudel, Fernand. La Méditerranée et le monde méditerranéen. 2 vols. Paris: Armand Colin, 1966.
Rosenthal, Gisela, ed. Art Nouveau: Catalogue of the Collection. Exhibition catalogue. Munich: Prestel; London: Thames and Hudson, 1995.
"""


def test_extract_records_editor_genre_volumes_publishers():
    ex = citekit.extract(text=CHICAGO_TEXT)
    by = {r.key.split("-")[0]: r.csl for r in ex.records}
    ros = by["rosenthal"]
    assert csl_names(ros["editor"]) == ["Rosenthal, Gisela"] and "author" not in ros
    assert ros["title"] == "Art Nouveau: Catalogue of the Collection" and ros["genre"] == "Exhibition catalogue"
    assert (ros["publisher-place"], ros["publisher"]) == ("Munich; London", "Prestel; Thames and Hudson")
    assert by["braudel"]["number-of-volumes"] == "2" and by["braudel"]["title"] == "La Méditerranée et le monde méditerranéen"
