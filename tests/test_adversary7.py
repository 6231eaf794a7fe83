"""Faults found by the seventh outside test (issue 11), each fixed by kind: three new inputs
of each kind, in other languages and styles than the tester's and the corpus."""

from __future__ import annotations

import pytest

import citekit
from citekit import checks
from citekit.fields.record import parse_reference
from citekit.knowledge import bundled
from citekit.parse import parse_citation, parse_inverted_names


@pytest.fixture(scope="module")
def kb():
    return bundled()


def _notes(lines: list[str]):
    body = "Text." + "".join(f" Sentence {i}.{i}" for i in range(1, len(lines) + 1))
    body += "\n\nNotes\n\n" + "\n".join(f"{i}. {line}" for i, line in enumerate(lines, 1)) + "\n"
    ex = citekit.extract(text=body)
    recs = {r.key: r.csl for r in ex.records}
    return ex, recs


# 1 and 2. The imprint the CRF left inside a title: "Titel, Ort Jahr", before a series, "Lieu, Éditeur, année".
@pytest.mark.parametrize(
    "entry, title, place, publisher",
    [
        ("Pfaffenbichler, Gernot: Holzhandel, Villach 1962.", "Holzhandel", "Villach", None),
        ("Obermayr, Waltraud: Almwirtschaft, Lienz 1977.", "Almwirtschaft", "Lienz", None),
        ("Kronawetter, Ilse: Glockenguss, Passau 1949.", "Glockenguss", "Passau", None),
        ("Haselsteiner, Hubert: Die Salinen am Inn, Hall 1968 (Tiroler Wirtschaftsstudien, Bd. 24).", "Die Salinen am Inn", "Hall", None),
        ("Moulinier, Claire, Les péages de la Saône, Mâcon, Éditions Bourguignonnes, 1983 (Cahiers mâconnais, vol. 7).",
         "Les péages de la Saône", "Mâcon", "Éditions Bourguignonnes"),
        ("Oberhollenzer, Vinzenz: Die Bozner Märkte, Bozen: Athesia 1980 (Schlern-Schriften, Bd. 266).", "Die Bozner Märkte", "Bozen", "Athesia"),
    ],
)
def test_imprint_out_of_title(entry, title, place, publisher):
    csl = parse_reference(entry).csl
    assert csl["title"] == title
    assert csl["publisher-place"] == place
    assert csl.get("publisher") == publisher


def test_one_word_title_labelled_publisher():
    csl = parse_reference("Hinterhuber, Alois: Flachs, Ried 1958.").csl
    assert (csl.get("title"), csl.get("issued")) == ("Flachs", {"date-parts": [[1958]]})


# 3. The original year kept as CSL "original-date", "issued" the cited edition's.
@pytest.mark.parametrize(
    "entry, issued, original",
    [
        ("Tocqueville, Alexis de. L'Ancien Régime et la Révolution. 1st ed. 1856. Paris: Gallimard, 1967.", 1967, 1856),
        ("Huizinga, Johan: Herbst des Mittelalters [1919], Stuttgart 1987.", 1987, 1919),
        ("Bloch, Marc. La société féodale (orig. 1939). Paris: Albin Michel, 1994.", 1994, 1939),
        ("Roth, Joseph: Radetzkymarsch, Köln 1989 (Erstausgabe 1932).", 1989, 1932),
        ("Verga, Giovanni. I Malavoglia. 1881. Milano: Mondadori, 1972.", 1972, 1881),
    ],
)
def test_original_date(entry, issued, original):
    csl = parse_reference(entry).csl
    assert csl["issued"] == {"date-parts": [[issued]]}
    assert csl["original-date"] == {"date-parts": [[original]]}


def test_original_date_in_notes():
    _, recs = _notes(["Joseph Roth, Radetzkymarsch, Köln 1989 (Erstausgabe 1932), S. 14.",
                      "Fernand Braudel, La Méditerranée, Paris, Armand Colin, 1990 (1re éd. 1949), p. 12."])
    got = sorted((r["issued"]["date-parts"][0][0], r["original-date"]["date-parts"][0][0]) for r in recs.values())
    assert got == [(1989, 1932), (1990, 1949)]


# 4. Archives and institutions are no persons.
def test_archives_in_notes():
    ex, recs = _notes([
        "Stadtarchiv Augsburg, Ratsbücher 12, fol. 4v.",
        "Archivo Histórico Provincial de Cádiz, Protocolos notariales, leg. 1.204, exp. 3.",
        "Biblioteca Ambrosiana, Carteggio Borromeo, ms. 77, c. 12r.",
        "Archivio storico comunale di Feltre, ms. 51, Statuti, c. 8v.",
        "Archivio storico comunale di Feltre, ms. cit., c. 9r.",
    ])
    by_note = {c.note: c for c in ex.citations}
    assert len(by_note) == 5
    r1 = recs[by_note[1].refs[0].record]
    assert "author" not in r1 and r1["archive"] == "Stadtarchiv Augsburg" and r1["title"] == "Ratsbücher 12" and r1["type"] == "manuscript"
    r2 = recs[by_note[2].refs[0].record]
    assert "author" not in r2 and r2["archive"] == "Archivo Histórico Provincial de Cádiz"
    r4 = recs[by_note[4].refs[0].record]
    assert (r4["archive"], r4["archive_location"], r4["title"]) == ("Archivio storico comunale di Feltre", "ms. 51", "Statuti")
    assert by_note[4].refs[0].locator == "8v"
    assert by_note[5].refs[0].record == by_note[4].refs[0].record  # "ms. cit.": the same archive's document


@pytest.mark.parametrize(
    "note, body",
    [
        ("Ministero dell'Interno, Relazione sulla pubblica sicurezza, Roma, Tipografia nazionale, 1902, p. 8.", "Ministero dell'Interno"),
        ("Ministry of Labour, Report on Strikes and Lock-outs, London, HMSO, 1913, p. 4.", "Ministry of Labour"),
        ("Kommission für Geschichte des Parlamentarismus, Die Protokolle, Düsseldorf, Droste, 1970, S. 4.",
         "Kommission für Geschichte des Parlamentarismus"),
    ],
)
def test_corporate_author_is_literal(kb, note, body):
    f = parse_citation(note, kb)[0]
    assert [n.literal for n in f.authors] == [body]
    assert f.title and f.year


# 5. Italian given-first full notes: "Autore, Titolo, Luogo, Editore, anno, p."
@pytest.mark.parametrize(
    "note, family, title, place, publisher, year, page",
    [
        ("Ottavio Brusaferro, Mercanti di Chioggia, Padova, Cleup, 1971, p. 22.", "Brusaferro", "Mercanti di Chioggia", "Padova", "Cleup", "1971", "22"),
        ("Lucio Zanardelli, Statuti di Salò, Brescia, Morcelliana, 1958, p. 104.", "Zanardelli", "Statuti di Salò", "Brescia", "Morcelliana", "1958", "104"),
        ("Marcela Ibáñez, Cofradías de Jaén, Sevilla, Alfar, 1990, p. 7.", "Ibáñez", "Cofradías de Jaén", "Sevilla", "Alfar", "1990", "7"),
    ],
)
def test_italian_full_note(note, family, title, place, publisher, year, page):
    ex, recs = _notes([note])
    (c,) = ex.citations
    assert c.form.value == "full"
    r = recs[c.refs[0].record]
    assert r["author"][0]["family"] == family
    assert (r["title"], r["publisher-place"], r["publisher"], r["issued"]["date-parts"][0][0]) == (title, place, publisher, int(year))
    assert c.refs[0].pages == page


def test_author_date_key_lists_still_keys(kb):
    # a key's names join their last with "and"/"&"/"e": still an author-date key
    for key, n in (("Buick, Crump and Smith, 1986, p. 12", 3), ("Pennebaker, Páez, & Rimé, 1997", 3)):
        f = parse_citation(key, kb)[0]
        assert f.author_date and len(f.authors) == n


# 8. A pandoc narrative citation's bracketed locator needs no comma (no L401).
def test_pandoc_narrative_locator_no_l401(tmp_path):
    (tmp_path / "refs.bib").write_text(
        "@book{Adorno1951Minima, author={Adorno, Theodor W.}, title={Minima Moralia}, year={1951}}\n"
        "@book{Kracauer1963, author={Kracauer, Siegfried}, title={Das Ornament der Masse}, year={1963}}\n",
        encoding="utf-8",
    )
    body = " ".join(f"Claim {i} [@Kracauer1963, p. {i + 2}]." for i in range(8))
    doc = tmp_path / "essay.md"
    doc.write_text(f"---\nbibliography: refs.bib\n---\n\n{body}\n\nAs @Adorno1951Minima [p. 7] writes, and @Kracauer1963 [pp. 12-14] "
                   "and -@Adorno1951Minima [S. 33] add.\n", encoding="utf-8")
    found = citekit.check(citekit.extract(str(doc)))
    assert [p for p in found if p.code == "L401"] == []
    assert checks._NO_COMMA_NEEDED.search("@Adorno1951Minima [")


# 10. Spanish and Portuguese compound surnames.
@pytest.mark.parametrize(
    "names, family, given",
    [
        ("Sánchez Ferlosio, Rafael", "Sánchez Ferlosio", "Rafael"),
        ("Buarque de Holanda, Sérgio", "Buarque de Holanda", "Sérgio"),
        ("Vicens i Vives, Jaume", "Vicens i Vives", "Jaume"),
        ("Ramón y Cajal, Santiago", "Ramón y Cajal", "Santiago"),
    ],
)
def test_inverted_compound_surnames(names, family, given):
    (n,) = parse_inverted_names(names)
    assert (n.family, n.given) == (family, given)


def test_compound_surnames_in_entries_and_keys():
    csl = parse_reference("Domínguez Ortiz, Antonio. La sociedad española en el siglo XVII. Madrid: CSIC, 1963.").csl
    assert csl["author"] == [{"family": "Domínguez Ortiz", "given": "Antonio"}]
    text = ("As Domínguez Ortiz (1963) and Caro Baroja (1961) and Lapa (1955) showed.\n\nReferences\n\n"
            "Domínguez Ortiz, Antonio. La sociedad española en el siglo XVII. Madrid: CSIC, 1963.\n"
            "Caro Baroja, Julio. Las brujas y su mundo. Madrid: Revista de Occidente, 1961.\n"
            "Rodrigues Lapa, Manuel. Lições de literatura portuguesa. Coimbra: Coimbra Editora, 1955.\n")
    ex = citekit.extract(text=text)
    keys = [c for c in ex.citations if c.form.value == "author-date"]
    recs = {r.key: r.csl for r in ex.records}
    # the text's key keeps the compound's last word; it names the entry of the whole compound
    assert [recs[c.refs[0].record]["author"][0]["family"] for c in keys] == ["Domínguez Ortiz", "Caro Baroja", "Rodrigues Lapa"]
    assert all(not recs[c.refs[0].record].get("citekit-provisional") for c in keys)


def test_given_first_pairs_not_compound():
    assert [(n.family, n.given) for n in parse_inverted_names("Nove, Alec, Conquest, Robert")] == [("Nove", "Alec"), ("Conquest", "Robert")]
