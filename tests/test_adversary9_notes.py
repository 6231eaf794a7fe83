"""Issue 11, ninth outside test (/tmp/adv9): foreign "and" between editors, idem keeping the
given names, compound ibid locators, Italian "sgg."/"ss." suffixes, periodicals cited by issue
number and year, "eds." standing alone, relation words before a name, IEEE "no."/"Sec. 4.2"
locators.  Every input is new (other authors, languages, works than the tester's)."""

from __future__ import annotations

import pytest

import citekit
from citekit import locators as L
from citekit.knowledge import bundled
from citekit.parse import parse_citation, parse_names

KB = bundled()


@pytest.mark.parametrize("text, names", [
    ("A. Caracciolo ed E. Ragionieri", [("Caracciolo", "A."), ("Ragionieri", "E.")]),
    ("Georges Duby et Robert Mandrou", [("Duby", "Georges"), ("Mandrou", "Robert")]),
    ("Reinhart Koselleck und Werner Conze", [("Koselleck", "Reinhart"), ("Conze", "Werner")]),
    ("Julio Caro Baroja y Antonio Domínguez Ortiz", [("Baroja", "Julio Caro"), ("Ortiz", "Antonio Domínguez")]),
    ("José Ortega y Gasset", [("Ortega y Gasset", "José")]),  # a compound surname stays one
])
def test_foreign_and_between_given_first_names(text, names):
    got = parse_names(text)[0]
    assert [(n.family, n.given) for n in got][: len(names)] == names


def test_a_cura_di_two_editors():
    f = parse_citation("P. Villari, Scritti vari, a cura di G. Salvemini e L. Russo, Firenze, Sansoni, 1934, p. 21.", KB)[0]
    assert [(n.family, n.given) for n in f.editors] == [("Salvemini", "G."), ("Russo", "L.")]


def _ex(notes):
    markers = " ".join(f"Testo.[{i}]" for i in range(1, len(notes) + 1))
    body = "\n\n".join(f"[{i}] {n}" for i, n in enumerate(notes, 1))
    return citekit.extract_text(markers + "\n\n------\n\n" + body + "\n")


@pytest.mark.parametrize("notes, family, given", [
    (["E. Sestan, Europa settecentesca, Milano, Ricciardi, 1951, p. 4.", "Id., Scritti vari, Firenze, Le Monnier, 1991, p. 9."], "Sestan", "E."),
    (["Jacques Le Goff, La civilisation de l'Occident médiéval, Paris, Arthaud, 1964, p. 33.", "Id., Les intellectuels au Moyen Âge, Paris, Seuil, 1957, p. 12."], "Le Goff", "Jacques"),
    (["O. Brunner, Land und Herrschaft, Wien 1939, S. 3.", "Idem, Adeliges Landleben, Salzburg 1949, S. 7."], "Brunner", "O."),
])
def test_idem_keeps_given_names(notes, family, given):
    ex = _ex(notes)
    rec = {r.key: r.csl for r in ex.records}[ex.citations[-1].refs[0].record]
    assert rec["author"][0]["family"] == family and rec["author"][0].get("given") == given


@pytest.mark.parametrize("notes, label, locator", [
    (["Le carte di Cavour, vol. II, Torino, Einaudi, 1961, doc. 12.", "Ivi, doc. 40, p. 77."], "document", "40, p. 77"),
    (["Colección de documentos inéditos, t. 4, Madrid, Real Academia, 1880, doc. 5.", "Ibíd., doc. 9, p. 31."], "document", "9, p. 31"),
    (["Correspondance diplomatique, t. 2, Paris, Imprimerie nationale, 1890, doc. 7.", "Ibid., doc. 8, p. 14."], "document", "8, p. 14"),
])
def test_ibid_compound_locator(notes, label, locator):
    ref = _ex(notes).citations[-1].refs[0]
    assert (ref.label, ref.locator) == (label, locator)


@pytest.mark.parametrize("text, pages, suffix", [
    ("G. Galasso, Storia d'Italia, cit., p. 88 sgg.", "88", "sgg."),
    ("R. Villari, La rivolta antispagnola, cit., pp. 140 e sgg.", "140", "e sgg."),
    ("F. Tomás y Valiente, El derecho penal, cit., p. 55 y ss.", "55", "y ss."),
    ("E. Ragionieri, Un comune socialista, cit., p. 19 ss.", "19", "ss."),
])
def test_italian_spanish_following_pages(text, pages, suffix):
    f = parse_citation(text, KB)[0]
    assert (f.pages, f.locator_suffix) == (pages, suffix)
    assert "cit" not in (f.title or "")


@pytest.mark.parametrize("text, label, value", [
    ("Sec. 3.1", "section", "3.1"),
    ("§ 2.4.1", "section", "2.4.1"),
    ("ch. 5.2, p. 40", "chapter", "5.2"),
])
def test_dotted_section_numbers(text, label, value):
    loc = L.find_locators(text, bare=True)[0]
    assert (loc.label, loc.value) == (label, value)


def test_ieee_number_and_section_tails():
    refs = """
References

[1] K. Smith, "A study of charters," J. Hist. Doc., vol. 3, no. 2, pp. 1-9, 2001.
[2] Bayerisches Hauptstaatsarchiv, Urkundenkatalog. München, Germany: Archiv, 1999.
"""
    ex = citekit.extract_text("As shown in [2, no. 45] and [1, Sec. 2.3], the hands differ.\n" + refs)
    got = {(r.record, r.label, r.locator) for c in ex.citations if c.form.value != "reflist" for r in c.refs}
    labels = {(lab, loc) for _, lab, loc in got}
    assert ("issue", "45") in labels and ("section", "2.3") in labels


@pytest.mark.parametrize("text, periodical, issue, year, pages", [
    ("Voprosy istorii KPSS, no. 7 (1988): 44.", "Voprosy istorii KPSS", "7", "1988", "44"),
    ("Annales historiques de la Révolution française, n° 312 (1998), 251-60.", "Annales historiques de la Révolution française", "312", "1998", "251-260"),
    ("Studi storici, vol. 30, no. 2 (1989): 301.", "Studi storici", "2", "1989", "301"),
])
def test_periodical_cited_by_issue_and_year(text, periodical, issue, year, pages):
    f = parse_citation(text, KB)[0]
    assert (f.periodical, f.issue, f.year, f.pages) == (periodical, issue, year, pages)
    assert not f.authors and f.title is None


@pytest.mark.parametrize("text, editors, title", [
    ("R. W. Davies and S. G. Wheatcroft, eds., Materials for a Balance of the Soviet National Economy (Cambridge: Cambridge University Press, 1985), 12.",
     ["Davies", "Wheatcroft"], "Materials for a Balance of the Soviet National Economy"),
    ("Jürgen Kocka, Hrsg., Bürgertum im 19. Jahrhundert, München 1988, S. 7.", ["Kocka"], "Bürgertum im 19. Jahrhundert"),
    ("Diane Koenker and Ronald Suny, eds., Studies in the Social History of Russia (London: Routledge, 1999), 3.",
     ["Koenker", "Suny"], "Studies in the Social History of Russia"),
])
def test_eds_alone_after_names(text, editors, title):
    f = parse_citation(text, KB)[0]
    assert [n.family for n in f.editors] == editors
    assert f.title == title


@pytest.mark.parametrize("text, relation, family", [
    ("and Nove, An Economic History, 45.", "and", "Nove"),
    ("and see also Carr, Socialism in One Country, 12.", "and see also", "Carr"),
    ("also see Lewin, Russian Peasants, 88.", "also see", "Lewin"),
])
def test_relation_words_before_a_name(text, relation, family):
    f = parse_citation(text, KB)[0]
    assert f.relation == relation and [n.family for n in f.authors] == [family]
    assert f.authors[0].given is None


def test_and_relation_is_case_sensitive():
    f = parse_citation("And Quiet Flows the Don, 45.", KB)[0]
    assert f.relation is None and f.title == "And Quiet Flows the Don"
