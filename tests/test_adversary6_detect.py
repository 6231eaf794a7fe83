"""Adversary round 6, detection side: glued note markers before punctuation, citations the
detector missed (slash-joined German authors, French "Id., « … »", reprint years, serial-comma
narrative keys, newspapers and cued keys in running text, short notes whose title ends in a
year), locators (page+note "701n12", note cross-references, series numbers, "12ff.",
"sgg.", "y ss.", "e nota 3") and short forms ("Ídem.", folios after a Soviet archive).

Every case is a new text of the kind, not the tester's documents (docs/locators.md, docs/pipeline.md).
"""

import pytest

import citekit
from citekit.checks import check
from citekit.detect import classify
from citekit.knowledge import bundled
from citekit.locators import find_archive, find_locators
from citekit.model import Form

KB = bundled()


def locs(text):
    return [(l.label, l.normalised, l.suffix) for l in find_locators(text, bare=True)]


def cites(text):
    ex = citekit.extract_text(text)
    return ex, [(c.note, c.form.value, c.text, [(r.volume, r.pages, r.label, r.locator) for r in c.refs]) for c in ex.citations]


# --- 1. glued note markers before punctuation ---------------------------------------------

FR_COMMUNE = """La Commune de Paris

Les historiens l'ont lu1, et d'autres l'ont contesté2. Rougerie en a fait le mot3; puis il s'est tu4) enfin. On parle de « la semaine sanglante »5, et de la répression6. Le débat est né7, puis s'est apaisé8.

NOTES

1. Jacques Rougerie, Paris libre 1871, Paris, Seuil, 1971, p. 12.
2. Robert Tombs, The Paris Commune 1871, London, Longman, 1999, p. 45.
3. Ibid., p. 50.
4. Jacques Rougerie, Procès des communards, Paris, Julliard, 1964, p. 8.
5. Ibid., p. 9.
6. Ibid., p. 10.
7. Ibid., p. 11.
8. Ibid., p. 12.
"""

IT_RISORGIMENTO = """Il Risorgimento

Lo ha già detto Romeo1, e lo ha ripetuto Banti2; il dibattito fu vivo3. Chi lo ha letto sa che fu un «mito»4, come scrive Gramsci5.

NOTE

1. Rosario Romeo, Risorgimento e capitalismo, Bari, Laterza, 1959, p. 45.
2. Alberto Mario Banti, La nazione del Risorgimento, Torino, Einaudi, 2000, p. 12.
3. Ivi, p. 14.
4. Ivi, p. 20.
5. Antonio Gramsci, Il Risorgimento, Torino, Einaudi, 1949, p. 70.
"""

# a marker lost for good ("vu 7" with a space): the later ones are still read, check reports the gap
DE_LOST = """Die Revolution

Die Forschung hat das gesehen1. Wehler hat es betont2. Nipperdey widersprach3. Das ist bekannt 4. Danach kam Langewiesche5 und Siemann6.

Anmerkungen

1. Hans-Ulrich Wehler, Deutsche Gesellschaftsgeschichte, Bd. 2, München 1987, S. 5.
2. Ebd., S. 6.
3. Thomas Nipperdey, Deutsche Geschichte 1800–1866, München 1983, S. 11.
4. Ebd., S. 12.
5. Dieter Langewiesche, Europa zwischen Restauration und Revolution, München 2007, S. 3.
6. Wolfram Siemann, Die deutsche Revolution von 1848/49, Frankfurt a. M. 1985, S. 9.
"""


@pytest.mark.parametrize("text, n", [(FR_COMMUNE, 8), (IT_RISORGIMENTO, 5)])
def test_glued_markers_before_punctuation(text, n):
    ex = citekit.extract_text(text)
    assert [m.note for m in ex.markers] == list(range(1, n + 1))


def test_a_lost_marker_does_not_lose_the_later_ones():
    ex = citekit.extract_text(DE_LOST)
    assert [m.note for m in ex.markers] == [1, 2, 3, 5, 6]
    found = [(f.code, f.message) for f in check(ex)]
    assert ("N102", "note 4 has no marker in the text") in found


def test_two_letter_code_is_no_marker():
    ex = citekit.extract_text("An mp3 file and a km2 area.\n\nNotes\n\n1. Smith, History, p. 4.\n")
    assert [m.note for m in ex.markers] == []


# --- 2. missed citations ------------------------------------------------------------------


@pytest.mark.parametrize("note", [
    "Hans Mommsen/Manfred Grieger, Das Volkswagenwerk und seine Arbeiter im Dritten Reich, Düsseldorf 1996, S. 112–118, bes. Anm. 9.",
    "Jürgen Kocka/Heinz-Gerhard Haupt, Geschichte und Vergleich. Ansätze und Ergebnisse, Frankfurt a. M./New York 1996, S. 9–45, bes. Anm. 3.",
    "Lutz Raphael/Anselm Doering-Manteuffel, Nach dem Boom. Perspektiven, Göttingen 2008, S. 10, insb. Bd. 2.",
])
def test_slash_joined_german_authors_note(note):
    ex, got = cites("Text1.\n\nAnmerkungen\n\n1. " + note + "\n")
    assert len(got) == 1 and got[0][0] == 1 and got[0][1] == "full"


@pytest.mark.parametrize("note, title", [
    ("Id., « Les lieux de la République », ibid., p. 12.", "Les lieux de la République"),
    ("Ders., „Die Revolution von 1848“, in: ebd., S. 12.", "Die Revolution von 1848"),
    ("Id., « Le temps des cerises », dans Mélanges, Paris, 1990, p. 3.", "Le temps des cerises"),
])
def test_idem_before_a_guillemet_title(note, title):
    from citekit.parse import parse_citation
    f = parse_citation(note, KB)[0]
    assert f.same_author and f.title == title


@pytest.mark.parametrize("paren, year", [("Freud, 1900/1953", "1953"), ("Bloch, 1939/1961, p. 12", "1961"), ("Weber 1922/1978: 45", "1978")])
def test_reprint_years(paren, year):
    from citekit.parse import parse_author_date
    assert classify(paren, KB) is Form.AUTHOR_DATE
    assert parse_author_date(paren, KB).year == year


APA_SERIAL = """Memory is social (Bartlett, 1932/1995). Tilly, Tarrow, and McAdam (2001) disagree; Smith, Jones, & Brown (1999) too.

References

Bartlett, F. C. (1995). Remembering. Cambridge University Press.
McAdam, D. (2001). Dynamics. Cambridge University Press.
Tilly, C., Tarrow, S., & McAdam, D. (2001). Dynamics of contention. Cambridge University Press.
Smith, A., Jones, B., & Brown, C. (1999). Title. Publisher.
"""


def test_apa_serial_comma_narrative_and_reprint():
    _, got = cites(APA_SERIAL)
    texts = [t for n, f, t, r in got if f == "author-date"]
    assert "Bartlett, 1932/1995" in texts
    assert "Tilly, Tarrow, and McAdam (2001)" in texts
    assert "Smith, Jones, & Brown (1999)" in texts


def test_newspapers_in_running_text():
    """Known periodicals (or periodical-shaped names) only: "Paris, 3 June 1871" is a place and date."""
    text = ("The Times, 4 May 1926, called it a revolution. The paper Izvestia, 12 March 1923, p. 2, agreed. "
            "Le Monde, 3 juin 1971, was silent. Paris, 3 June 1871, was quiet.\n")
    _, got = cites(text)
    assert [(f, t) for n, f, t, r in got] == [
        ("periodical", "The Times, 4 May 1926"), ("periodical", "Izvestia, 12 March 1923, p. 2"), ("periodical", "Le Monde, 3 juin 1971")]


KEYED_DE = """Die Forschung (Kocka 1987) ist breit; vgl. auch Gall 1993, S. 12f. Siehe Wehler 2001, S. 7. See also Dann 1993, p. 54.

Literatur

Dann, Otto: Nation und Nationalismus, München 1993.
Gall, Lothar: Stadt und Bürgertum, München 1993.
Kocka, Jürgen: Bürger und Bürgerlichkeit, Göttingen 1987.
Wehler, Hans-Ulrich: Nationalismus, München 2001.
"""


def test_cued_keys_in_running_text():
    _, got = cites(KEYED_DE)
    keyed = [(t, r[0][1]) for n, f, t, r in got if f == "author-date"]
    assert ("Gall 1993, S. 12f.", "12") in keyed
    assert ("Wehler 2001, S. 7", "7") in keyed
    assert ("Dann 1993, p. 54", "54") in keyed


@pytest.mark.parametrize("note", ["Avrich, Kronstadt 1921, 88—90.", "Getzler, Kronstadt 1917–1921, 45.", "Service, The Year 1917, 12-14."])
def test_short_title_ending_in_a_year_is_a_short_note(note):
    assert classify(note, KB) is Form.SHORT


@pytest.mark.parametrize("key", ["Cliff, 1974, p121", "Pennebaker, Páez, and Rimé 1997, 45", "Smith and Jones 1990, 45"])
def test_author_date_keys_stay_keys(key):
    assert classify(key, KB) is Form.AUTHOR_DATE


# --- 3. locators --------------------------------------------------------------------------


@pytest.mark.parametrize("text, want", [
    ("Ibid., 701n12.", [("page", "701", None), ("note", "12", None)]),
    ("Smith, Revolution, 45nn3–4.", [("page", "45", None), ("note", "3-4", None)]),
    ("Ibid., 233 n. 7.", [("page", "233", None), ("note", "7", None)]),
    ("Smith, History, vol. 3 n. 4", [("volume", "3", None), ("note", "4", None)]),
])
def test_page_and_note(text, want):
    assert locs(text) == want


@pytest.mark.parametrize("text, want", [
    ("Nipperdey, Deutsche Geschichte (wie Anm. 7), S. 595.", [("page", "595", None)]),
    ("Hobsbawm, Age of Empire (see n. 7), 45.", [("page", "45", None)]),
    ("Rossi, Storia d'Italia (cit. n. 12), p. 45.", [("page", "45", None)]),
    ("Wehler, Gesellschaftsgeschichte, wie Anm. 3, S. 12.", [("page", "12", None)]),
])
def test_note_cross_reference_is_no_locator(text, want):
    assert locs(text) == want


def test_ibid_after_a_cross_reference_inherits_no_note():
    text = """Text1 und mehr2 und noch3.

Anmerkungen

1. Thomas Nipperdey, Deutsche Geschichte 1800–1866, München 1983, S. 11.
2. Nipperdey, Deutsche Geschichte (wie Anm. 1), S. 595.
3. Ebd.
"""
    _, got = cites(text)
    assert got[2][3][0][2:] in (("page", "595"), (None, None))
    assert got[2][3][0][1] == "595"
    assert all(r[2] != "note" for n, f, t, rs in got for r in rs)


@pytest.mark.parametrize("text, want", [
    ("Dieter Langewiesche, Europa, 5. Aufl., München 2007 (Oldenbourg Grundriss der Geschichte, Bd. 13), S. 180–198.", [("page", "180-198", None)]),
    ("R. W. Davies, The Soviet Economy, London 1998 (Studies in Soviet History, vol. 4), p. 12.", [("page", "12", None)]),
    ("Wehler, Gesellschaftsgeschichte, Bd. 2, München 1987, S. 5.", [("volume", "2", None), ("page", "5", None)]),
])
def test_series_number_is_not_the_volume(text, want):
    assert locs(text) == want


@pytest.mark.parametrize("text, want", [
    ("Gall, Bürgertum, S. 12ff.", [("page", "12", "ff.")]),
    ("Kocka, Sozialgeschichte, S. 12f.", [("page", "12", "f.")]),
    ("Romeo, Risorgimento, p. 45 sgg.", [("page", "45", "sgg.")]),
    ("Croce, Storia d'Italia, p. 45 segg.", [("page", "45", "segg.")]),
    ("Preston, La destrucción, pág. 120 y ss.", [("page", "120", "y ss.")]),
    ("Tuñón, España, p. 7 y sigs.", [("page", "7", "y sigs.")]),
    ("Avrich, Kronstadt 1921, 88—90.", [("page", "88-90", None)]),
    ("Ivi, p. 90 e nota 3.", [("page", "90", None), ("note", "3", None)]),
    ("Smith, History, p. 90 and n. 4.", [("page", "90", None), ("note", "4", None)]),
])
def test_suffixes_and_ranges(text, want):
    assert locs(text) == want


# --- 4. short forms and Russian archives ---------------------------------------------------


@pytest.mark.parametrize("text, loc", [
    ("RGASPI f.17 op.2 d.317 l.12-14", "f.17 op.2 d.317"),
    ("GARF f. R-5446 op. 1 d. 52 ll. 3–4ob.", "f. R-5446 op. 1 d. 52"),
    ("RGAE, f. 4372, op. 92, d. 7, l. 5.", "f. 4372, op. 92, d. 7"),
])
def test_compact_russian_shelfmark(text, loc):
    assert find_archive(text).location == loc
    assert locs(text)[0][0] == "folio"


@pytest.mark.parametrize("first, ibid, want", [
    ("RGASPI, f. 17, op. 3, d. 154, l. 2.", "Ibid., l. 7–8.", "7-8"),
    ("GARF, f. 5446, op. 1, d. 52, ll. 3–4.", "Ibid., ll. 16–17.", "16-17"),
    ("RGAE, f. 4372, op. 92, d. 7, l. 5.", "Ibid., l. 9.", "9"),
])
def test_ibid_lists_after_an_archive_are_folios(first, ibid, want):
    _, got = cites(f"Text1 and2.\n\nNotes\n\n1. {first}\n2. {ibid}\n")
    assert got[1][3][0][2:] == ("folio", want)


@pytest.mark.parametrize("first, vol, page", [
    ("Manuel Tuñón de Lara, La España del siglo XX, Barcelona, Laia, 1974, t. III, p. 15.", "3", "15"),
    ("Pierre Vilar, La Catalogne dans l'Espagne moderne, Paris, SEVPEN, 1962, t. II, p. 40.", "2", "40"),
    ("Jaime Vicens Vives, Historia social y económica de España, Barcelona, Teide, 1957, vol. 4, p. 88.", "4", "88"),
])
def test_idem_alone_inherits_volume_and_page(first, vol, page):
    _, got = cites(f"Texto1 y2.\n\nNotas\n\n1. {first}\n2. Ídem.\n")
    assert got[1][1] in ("ibid", "idem")
    assert got[1][3][0][:2] == (vol, page)
