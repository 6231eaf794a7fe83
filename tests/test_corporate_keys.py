"""Corporate and newspaper author-date keys found and linked to their entries (issue 11 style
matrix, seeds 2 and 3): "(The Times 1848, 3)" against "The Times (London). 1848. …", MLA
"(Préfecture de police, fol. 50v)" against an entry headed by the body; the style matrix's
cluster split when the second work's word first stands inside the first cite."""

import json
import sys
from pathlib import Path

import pytest

import citekit
from citekit.knowledge import bundled
from citekit.parse import parse_reference_entries

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))


@pytest.mark.parametrize(
    "body, entry, cites",
    [
        ("The guilds were quick to invoke ancient rights (The Times 1848, 3; Dumont 2004, 12). Later (The Times 1848, 7).",
         "The Times (London). 1848. “The Chartist Demonstration.” April 11.", ["The Times 1848, 3", "The Times 1848, 7"]),
        ("Les barricades furent levées (Le Temps 1871, 2). On le répéta (voir Le Temps 1871).",
         "Le Temps (Paris). 1871. « La Commune ». 19 mars.", ["Le Temps 1871, 2", "voir Le Temps 1871"]),
        ("Die Debatte blieb scharf (Die Zeit 1968, 5; Dumont 2004, 9).",
         "Die Zeit (Hamburg). 1968. „Die Unruhe der Studenten.“ 7. Juni.", ["Die Zeit 1968, 5"]),
    ],
)
def test_newspaper_key_with_place_found_and_linked(body: str, entry: str, cites: list[str]) -> None:
    text = f"{body}\n\nReferences\n\nDumont, Louis. 2004. Homo aequalis. Paris: Gallimard.\n{entry}\n"
    x = citekit.extract_text(text)
    entry_rec = next(c.refs[0].record for c in x.citations if c.form.value == "reflist" and c.text == entry)
    found = {c.text: c for c in x.citations if c.form.value != "reflist"}
    for want in cites:
        assert want in found, (want, list(found))
        assert found[want].refs[0].record == entry_rec
    assert found[cites[0]].refs[0].pages == cites[0].rsplit(", ", 1)[-1]  # the cite's own page


@pytest.mark.parametrize(
    "entry, body",
    [
        ("Préfecture de police. “Rapport du préfet de police sur l’esprit public.” 3 June 1832, Archives nationales, Pierrefitte-sur-Seine, F/7/3885.",
         "Préfecture de police"),
        ("Conseil municipal de Lyon. « Délibération sur les subsistances ». 12 mars 1793, Archives municipales de Lyon.",
         "Conseil municipal de Lyon"),
        ("Ministero dell’Interno. “Relazione sulla pubblica sicurezza.” 4 maggio 1898, Archivio centrale dello Stato, Roma.",
         "Ministero dell’Interno"),
    ],
)
def test_body_heading_an_mla_entry_is_its_author(entry: str, body: str) -> None:
    f = parse_reference_entries([entry], bundled())[0]
    assert f is not None and f.authors_text == body
    assert f.authors[0].literal == body


def test_mla_corporate_cite_linked_to_entry() -> None:
    text = ("The guilds met in taverns (Préfecture de police, fol. 50v). Others did not (Davis 173; "
            "Préfecture de police, fol. 3r).\n\nWorks Cited\n\nDavis, Natalie Zemon. Society and Culture in Early Modern France. "
            "Stanford UP, 1975.\nPréfecture de police. “Rapport du préfet de police sur l’esprit public.” 3 June 1832, "
            "Archives nationales, Pierrefitte-sur-Seine, F/7/3885.\n")
    x = citekit.extract_text(text)
    entry_rec = next(c.refs[0].record for c in x.citations if c.form.value == "reflist" and c.text.startswith("Préfecture"))
    cites = [c for c in x.citations if c.form.value != "reflist" and c.text.startswith("Préfecture")]
    assert [c.refs[0].locator for c in cites] == ["50v", "3r"]
    assert all(c.refs[0].record == entry_rec for c in cites)


def test_style_matrix_split_skips_a_place_inside_the_first_cite() -> None:
    import style_matrix as sm

    items = {"bloch": {"author": [{"family": "Bloch", "given": "Marc"}]},
             "lcs": {"author": [{"literal": "London Corresponding Society"}]}}
    text = "Marc Bloch, Feudal Society, trans. L. A. Manyon (London, 1961), 2.224; London Corresponding Society, ‘Minutes’, fol. 114r."
    spans = sm._split_cluster(text, [{"item": "bloch"}, {"item": "lcs"}], items, "; ")
    assert [text[a:b] for a, b in spans] == ["Marc Bloch, Feudal Society, trans. L. A. Manyon (London, 1961), 2.224",
                                             "London Corresponding Society, ‘Minutes’, fol. 114r."]
