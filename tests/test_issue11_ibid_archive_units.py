"""Issue 11: an ibid after an archival note that names a new archive unit ("Ibid., fasc. 8",
"Ivi, b. 4", "Ebd., Nr. 12", "Ibid., leg. 46", "Ibid., carton 5") takes that unit as its new
locator, replacing the antecedent's (Chicago Manual 17th ed. 14.34).  Inputs in Italian,
Spanish, French and German archival notes, none from the corpus."""

from __future__ import annotations

import pytest

import citekit


def _refs(lines: list[str]):
    """(record, label, locator) of the first ref of each note, for notes ``lines``."""
    body = "Text." + "".join(f" Sentence {i}.[{i}]" for i in range(1, len(lines) + 1))
    body += "\n\nNotes\n\n" + "\n".join(f"{i}. {line}" for i, line in enumerate(lines, 1)) + "\n"
    ex = citekit.extract(text=body)
    out = {}
    for c in ex.citations:
        if c.note is not None and c.note not in out and c.refs:
            r = c.refs[0]
            out[c.note] = (r.record, r.label, r.locator)
    return out


@pytest.mark.parametrize(
    "first, ibid, label, locator",
    [
        # Italian: fascicolo inside the same busta; a new busta
        ("Archivio di Stato di Napoli, b. 3, fasc. 7.", "Ibid., fasc. 8.", "file", "8"),
        ("Archivio di Stato di Firenze, Prefettura, b. 12, fasc. 4.", "Ivi, sottofasc. 2.", "file", "2"),
        ("Archivio di Stato di Bologna, Gabinetto di Prefettura, b. 9, fasc. 1.", "Ivi, b. 4.", None, "b. 4"),
        # Spanish: legajo and expediente
        ("Archivo General de Simancas, leg. 123, exp. 4.", "Ibid., leg. 46.", None, "leg. 46"),
        ("Archivo Histórico Nacional, leg. 2210, exp. 9.", "Ibíd., exp. 12.", "file", "12"),
        # French: carton and dossier
        ("Archives départementales du Rhône, M 236, dossier 3.", "Ibid., carton 5.", None, "carton 5"),
        ("Archives nationales, F7 13960, dossier 2.", "Ibid., dossier 6.", "file", "6"),
        # German: Nr. and Bestand
        ("Bundesarchiv Koblenz, Bestand 12, Nr. 3.", "Ebd., Nr. 12.", "file", "12"),
        ("Hauptstaatsarchiv Stuttgart, Bestand 4, Nr. 80.", "Ebd., Bestand 7, Nr. 2.", None, "Bestand 7, Nr. 2"),
    ],
)
def test_ibid_archive_unit_replaces_locator(first, ibid, label, locator):
    refs = _refs([first, ibid])
    assert refs[2][0] == refs[1][0] is not None
    assert (refs[2][1], refs[2][2]) == (label, locator)


def test_ibid_folio_and_page_unchanged():
    # a plain folio or page after an archival note stays a folio / page locator
    refs = _refs(["Archivio di Stato di Napoli, b. 3, fasc. 7.", "Ibid., fol. 9.", "Ibid., fasc. 2, fol. 14."])
    assert refs[2][1:] == ("folio", "9")
    assert refs[3][1:] == ("folio", "14")
