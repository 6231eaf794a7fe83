"""Extraction faults found in the round trip of issue 15 and in issue 11, fixed by kind.

Each kind has three (or more) inputs that are not in the corpus: other authors, languages
and styles than the reports that found the fault.
"""

from __future__ import annotations

import pytest

import citekit
from citekit.knowledge import bundled
from citekit.locators import find_locators
from citekit.parse import parse_citation, parse_reference_entries


@pytest.fixture(scope="module")
def kb():
    return bundled()


def _note(body: str):
    """Extract a one-note document; (citations, records by key)."""
    ex = citekit.extract_text("Some prose here.[1]\n\n------\n\n[1] " + body + "\n")
    return ex.citations, {r.key: dict(r.csl) for r in ex.records}


def _refs(body: str):
    cits, recs = _note(body)
    return [(c, r, recs.get(r.record, {})) for c in cits for r in c.refs]


# --- 1. a publisher-only or place-only imprint is not an author-date key (Chicago 14.68) ---

@pytest.mark.parametrize("body, family, pages", [
    ("Kronstadt had no programme at all (see Emma Goldman, Living My Life (Knopf, n.d.), 871–73).", "Goldman", "871-873"),
    ("Le débat reste ouvert (voir Pierre Nora, Les lieux de mémoire (Gallimard, 1984), 12).", "Nora", "12"),
    ("Die Forschung ist sich uneinig (vgl. Reinhart Koselleck, Kritik und Krise (Alber, 1959), 41).", "Koselleck", "41"),
])
def test_imprint_parenthesis_inside_discursive_note(body, family, pages):
    refs = _refs(body)
    assert len(refs) == 1
    c, r, csl = refs[0]
    assert csl["author"][0]["family"] == family
    assert r.pages == pages
    assert "(" not in csl["title"]


@pytest.mark.parametrize("body, family, title", [
    ("On witchcraft, see (Keith Thomas, Religion and the Decline of Magic (Scribner, 1971))", "Thomas", "Religion and the Decline of Magic"),
    ("Sur ce point, voir (Marc Bloch, La société féodale (Albin Michel, 1939))", "Bloch", "La société féodale"),
    ("Dazu ausführlich (Thomas Nipperdey, Deutsche Geschichte (Beck, 1983))", "Nipperdey", "Deutsche Geschichte"),
])
def test_full_citation_with_imprint_and_no_locator(body, family, title):
    refs = _refs(body)
    assert len(refs) == 1
    c, r, csl = refs[0]
    assert csl["author"][0]["family"] == family
    assert csl["title"] == title
    assert r.pages is None


@pytest.mark.parametrize("note", [
    "Ante Ciliga, The Russian Enigma (Ink Links, 1979), 21.",
    "Peter Burke, Popular Culture in Early Modern Europe (Temple Smith, 1978), 23–29.",
    "Lucien Febvre, Le problème de l'incroyance (Paris, n.d.), 42–43.",
])
def test_imprint_only_rule(note):
    from citekit.detect import _imprint_only

    s = note.index("(") + 1
    e = note.index(")")
    assert _imprint_only(note, s, e)
    # an author-date key in a discursive sentence is not an imprint
    prose = "This view, held by many, is wrong (Cliff, 1974) and later revised."
    assert not _imprint_only(prose, prose.index("(") + 1, prose.index(")"))


# --- 2. title-only full notes ------------------------------------------------------------------

@pytest.mark.parametrize("body, title, pages", [
    ("Programme of the Communist Party of the Soviet Union – Resolutions of the 22nd Congress (n.d.), 54.",
     "Programme of the Communist Party of the Soviet Union – Resolutions of the 22nd Congress", "54"),
    ("Protokoll des Parteitages der Sozialdemokratischen Partei Deutschlands (o.J.), 211.",
     "Protokoll des Parteitages der Sozialdemokratischen Partei Deutschlands", "211"),
    ("Report of the Royal Commission on the Poor Laws (n.d.), 17–19.", "Report of the Royal Commission on the Poor Laws", "17-19"),
])
def test_title_only_full_note(body, title, pages):
    refs = _refs(body)
    assert len(refs) == 1
    c, r, csl = refs[0]
    assert csl["title"] == title
    assert r.pages == pages


# --- 3. Roman volume, page; Roman front-matter pages after an imprint ------------------------------

@pytest.mark.parametrize("text, volume, page", [
    ("E. Bloch, Gesamtausgabe (n.d.), XV, 378.", "15", "378"),
    ("Jules Michelet, Histoire de France, IV, 112–14", "4", "112-114"),
    ("F. Guizot, Mémoires (Paris, 1858), III, 45.", "3", "45"),
])
def test_roman_volume_then_page(text, volume, page):
    locs = find_locators(text, bare=True)
    assert [(l.label, l.normalised) for l in locs] == [("volume", volume), ("page", page)]


@pytest.mark.parametrize("body, pages", [
    ("Natalie Zemon Davis, The Return of Martin Guerre (Cambridge, MA: Harvard University Press, 1983), vii–ix.", "vii-ix"),
    ("Lucien Febvre, Combats pour l'histoire (Paris: Colin, 1953), xiv.", "xiv"),
    ("Eric Hobsbawm, The Age of Revolution, trans. anon. (London: Weidenfeld, 1962), xi–xii.", "xi-xii"),
])
def test_roman_front_matter_pages_are_not_a_volume(body, pages):
    refs = _refs(body)
    assert len(refs) == 1
    c, r, csl = refs[0]
    assert r.pages == pages
    assert r.volume is None
    # not "Henry VIII, 45": a Roman numeral after a space is part of the title
    assert [(l.label, l.value) for l in find_locators("Shakespeare, Henry VIII, 45", bare=True)] == [("page", "45")]


# --- 4. a title ending in a year range, then a bare page --------------------------------------------

@pytest.mark.parametrize("text, title, pages", [
    ("Isaac Deutscher, Stalin: A Political Biography 1901-1941, 83.", "Stalin: A Political Biography 1901-1941", "83"),
    ("Hans Mommsen, Die verspielte Freiheit: Weimar 1918-1933, 122.", "Die verspielte Freiheit: Weimar 1918-1933", "122"),
    ("Maurice Agulhon, La République 1880-1932, 45–47.", "La République 1880-1932", "45-47"),
])
def test_title_with_year_range_then_page(kb, text, title, pages):
    f = parse_citation(text, kb)[0]
    assert f.title == title
    assert f.pages == pages


# --- 5. multi-word places with a linking word ----------------------------------------------------------

@pytest.mark.parametrize("text, place", [
    ("Wolfgang Mommsen, Max Weber und die deutsche Politik (Frankfurt am Main, 1959), 12.", "Frankfurt am Main"),
    ("Hans Müller, Geschichte der Saline (Halle an der Saale, 1925), 12.", "Halle an der Saale"),
    ("Jean Dupont, Histoire de la Champagne (Châlons-sur-Marne, 1901), 33.", "Châlons-sur-Marne"),
    ("John Smith, A History of the Coal Trade (Newcastle upon Tyne, 1880), 45.", "Newcastle upon Tyne"),
    ("Ann Brown, Shakespeare's Town (Stratford-upon-Avon, 1964), 7.", "Stratford-upon-Avon"),
    ("Karl Bosl, Bayerische Geschichte, Freiburg im Breisgau 1971, S. 9.", "Freiburg im Breisgau"),
])
def test_linked_place_names(kb, text, place):
    assert parse_citation(text, kb)[0].place == place


# --- 6. op. cit. / a.a.O. with a new page keeps the volume of the work cited before --------------------

@pytest.mark.parametrize("notes, volume", [
    (["Thomas Nipperdey, Deutsche Geschichte 1866–1918, Bd. 2, München 1992, S. 45.",
      "Max Weber, Wirtschaft und Gesellschaft, Tübingen 1922, S. 12.",
      "Nipperdey, a.a.O., S. 706."], "2"),
    (["Élie Halévy, Histoire du peuple anglais au XIXe siècle, t. 3, Paris 1923, p. 140.",
      "Marc Bloch, La société féodale, Paris 1939, p. 3.",
      "Halévy, op. cit., p. 152."], "3"),
    (["Edward Gibbon, The History of the Decline and Fall of the Roman Empire, vol. 4 (London, 1788), p. 12.",
      "John Locke, Two Treatises of Government (London, 1690), p. 5.",
      "Gibbon, op. cit., p. 88."], "4"),
])
def test_opcit_keeps_volume_of_multivolume_work(notes, volume):
    markers = " ".join(f"Text.[{i}]" for i in range(1, len(notes) + 1))
    body = "\n\n".join(f"[{i}] {n}" for i, n in enumerate(notes, 1))
    ex = citekit.extract_text(markers + "\n\n------\n\n" + body + "\n")
    first, last = ex.citations[0].refs[0], ex.citations[-1].refs[0]
    assert last.record == first.record
    assert last.volume == volume
    assert last.pages == {"2": "706", "3": "152", "4": "88"}[volume]


# --- 7. MLA Works Cited: inverted author head, and the repeated-author dash ---------------------------------

def test_mla_inverted_head_and_repeated_author(kb):
    entries = [
        "Armstrong, Nancy. Desire and Domestic Fiction: A Political History of the Novel. Oxford UP, 1987.",
        "---. How Novels Think: The Limits of Individualism from 1719-1900. Columbia UP, 2005.",
        "Davidoff, Leonore, and Catherine Hall. Family Fortunes. Hutchinson, 1987.",
        "———. The Family Story: Blood, Contract and Intimacy. Longman, 1999.",
        "Scott, Joan Wallach. Gender and the Politics of History. Columbia UP, 1988.",
        "——. Only Paradoxes to Offer. Harvard UP, 1996.",
    ]
    got = parse_reference_entries(entries, kb)
    names = [[(n.family, n.given) for n in f.authors] for f in got]
    assert names[0] == [("Armstrong", "Nancy")] and names[1] == names[0]
    assert names[2][0] == ("Davidoff", "Leonore") and names[3] == names[2]
    assert names[4] == [("Scott", "Joan Wallach")] and names[5] == names[4]
    assert got[0].title == "Desire and Domestic Fiction: A Political History of the Novel"
    assert got[1].title == "How Novels Think: The Limits of Individualism from 1719-1900"
    assert got[5].title == "Only Paradoxes to Offer"
