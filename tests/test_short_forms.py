"""Short forms in every language (docs/resolution.md, "Short forms"): ibid., idem, op. cit., loc. cit., supra."""

import citekit
from citekit.checks import check
from citekit.knowledge import bundled
from citekit.model import Citation, Form, Note
from citekit.output import to_dict
from citekit.parse import parse_citation
from citekit.resolve import Resolver

KB = bundled()


def resolved(text):
    """(note, form, record, volume, pages, label, locator) of every citation of ``text``."""
    ex = citekit.extract_text(text)
    return [(c.note, c.form.value, r.record, r.volume, r.pages, r.label, r.locator) for c in ex.citations for r in c.refs]


def resolve_notes(notes):
    """Resolve note texts given as (note number, citation text) directly, past detection."""
    resolver = Resolver(KB)
    out = []
    for i, (n, t) in enumerate(notes):
        c = Citation(0, len(t), t, Form.OTHER, n, 0, "note", parse_citation(t, KB))
        out.append(resolver.resolve(i, c).refs[0])
    return out


def test_english_chicago_notes():
    text = """The debate began early.1 It went on.2 Others disagreed.3

Notes

1. Robert Service, Lenin: A Political Life, vol. 3 (Bloomington: Indiana University Press, 1995), 140–45.
2. Ibid., 502–4.
3. Ibid., ch. 4.
"""
    got = resolved(text)
    key = got[0][2]
    assert key and key.startswith("service")
    assert got == [
        (1, "full", key, "3", "140-145", None, None),
        (2, "ibid", key, "3", "502-504", None, None),
        # a new locator of another label replaces the page: nothing inherited but the volume
        (3, "ibid", key, "3", None, "chapter", "4"),
    ]


def test_german_notes_ebd_aao_ders():
    text = """Der Streit begann früh.1 Er ging weiter.2 Andere widersprachen.3 Eine vierte Ansicht.4

Anmerkungen

1. Karl Marx, Das Kapital, Bd. I, Berlin 1962, S. 12.
2. Vgl. ebd., S. 7.
3. Marx, a.a.O., Bd. II, S. 45.
4. Ders., Der achtzehnte Brumaire, Berlin 1960, S. 3.
"""
    got = resolved(text)
    kapital = got[0][2]
    assert got[:3] == [
        (1, "full", kapital, "1", "12", None, None),
        (2, "ibid", kapital, "1", "7", None, None),
        (3, "opcit", kapital, "2", "45", None, None),
    ]
    # Ders. = the same author, another work: a new record by Marx
    ex = citekit.extract_text(text)
    brumaire = ex.record(ex.citations[3].refs[0].record)
    assert brumaire.csl["title"] == "Der achtzehnte Brumaire" and brumaire.csl["author"][0]["family"] == "Marx"
    assert ex.citations[3].refs[0].pages == "3"


def test_french_notes_ibid_id_op_cit():
    text = """Le débat commença tôt.1 Il continua.2 D'autres objectèrent.3

Notes

1. Albert Soboul, La Révolution française, t. I, Paris 1962, p. 10.
2. Ibid., p. 12.
3. Id., op. cit., t. II, p. 4.
"""
    got = resolved(text)
    key = got[0][2]
    assert got == [
        (1, "full", key, "1", "10", None, None),
        (2, "ibid", key, "1", "12", None, None),
        (3, "opcit", key, "2", "4", None, None),
    ]


def test_italian_notes_ivi_cit():
    text = """Il dibattito cominciò presto.1 Continuò.2 Altri obiettarono.3

Note

1. Antonio Gramsci, Quaderni del carcere, Torino 1975, p. 20.
2. Ivi, p. 23.
3. Gramsci, Quaderni del carcere, cit., p. 4.
"""
    got = resolved(text)
    key = got[0][2]
    assert [g[2:5] for g in got] == [(key, None, "20"), (key, None, "23"), (key, None, "4")]


def test_short_forms_parse_in_each_language():
    def short(t):
        f = parse_citation(t, KB)[0]
        return f.short, f.volume, f.pages, f.locator_label, f.locator

    assert short("Ibidem, p. 5.") == ("ibid", None, "5", None, None)
    assert short("Ib. iii. 211.") == ("ibid", "3", "211", None, None)
    assert short("Ebenda, S. 9.") == ("ibid", None, "9", None, None)
    assert short("Ibd., S. 9f.") == ("ibid", None, "9", None, None)
    assert short("Ivi, p. 23.") == ("ibid", None, "23", None, None)
    assert short("a.a.O., Bd. II, S. 45.") == ("opcit", "2", "45", None, None)
    assert short("Liebman, op. cit. p. 206") == ("opcit", None, "206", None, None)
    assert short("Furet, art. cit., p. 44.") == ("opcit", None, "44", None, None)
    assert short("Trotsky, opus citatum, ch. 3.") == ("opcit", None, None, "chapter", "3")
    assert short("Carr, loc. cit.") == ("loccit", None, None, None, None)
    assert short("Idem, p. 9.") == ("idem", None, "9", None, None)
    assert short("Eadem, p. 9.") == ("idem", None, "9", None, None)
    assert short("Service, supra n. 12, p. 5.")[0] == "supra"
    assert parse_citation("Service, supra n. 12, p. 5.", KB)[0].supra_note == "12"
    assert parse_citation("Service, above, note 12.", KB)[0].supra_note == "12"
    f = parse_citation("Dies., Die Erfindung der Nation, S. 3.", KB)[0]
    assert (f.same_author, f.pages) == (True, "3") and f.title.startswith("Die Erfindung der Nation")
    f = parse_citation("Lenin, ibid., p. 5.", KB)[0]
    assert (f.short, f.surnames, f.pages) == ("ibid", ("Lenin",), "5")


def test_idem_gives_the_previous_author_a_new_title():
    refs = resolve_notes([
        (1, "Isaac Deutscher, The Prophet Armed, Oxford 1954, p. 5."),
        (2, "Idem, Stalin: A Political Biography, London 1949, p. 12."),
    ])
    assert refs[0].record != refs[1].record
    assert refs[1].record.startswith("deutscher-stalin") and refs[1].pages == "12"


def test_loc_cit_is_same_work_and_same_place():
    refs = resolve_notes([
        (1, "E. H. Carr, The Bolshevik Revolution, London 1950, p. 45."),
        (2, "Alec Nove, An Economic History of the USSR, London 1969, p. 12."),
        (3, "Carr, loc. cit."),
    ])
    assert (refs[2].record, refs[2].pages) == (refs[0].record, "45")


def test_op_cit_without_author_is_the_previous_work():
    refs = resolve_notes([(1, "Albert Soboul, La Révolution française, Paris 1962, p. 10."), (2, "Op. cit., p. 14.")])
    assert (refs[1].record, refs[1].pages) == (refs[0].record, "14")


def test_supra_note_resolves_to_the_work_first_cited_there():
    refs = resolve_notes([
        (1, "Robert Service, Lenin: A Political Life, Bloomington 1995, p. 140."),
        (2, "Isaac Deutscher, The Prophet Armed, Oxford 1954, p. 5."),
        (3, "Service, supra n. 1, p. 152."),
        (4, "Supra note 2, p. 7."),
    ])
    assert (refs[2].record, refs[2].pages) == (refs[0].record, "152")
    assert (refs[3].record, refs[3].pages) == (refs[1].record, "7")


def test_ibid_after_a_note_of_several_works_is_ambiguous():
    text = """Text.1 More.2

Notes

1. Robert V. Daniels, The Conscience of the Revolution (Cambridge, MA: Harvard University Press, 1960), 137; Isaac Deutscher, The Prophet Armed (Oxford: Oxford University Press, 1954), 510.
2. Ibid., 140.
"""
    ex = citekit.extract_text(text)
    ibid = ex.citations[-1].refs[0]
    assert ibid.ambiguous and len(ibid.candidates) == 2 and "note 1 cites 2 works" in ibid.reason
    js = to_dict(ex)["citations"][-1]["refs"][0]
    assert js["ambiguous"] is True and len(js["candidates"]) == 2
    s202 = [p for p in check(ex) if p.code == "S202"]
    assert len(s202) == 1 and "ambiguous" in s202[0].message


def test_ibid_after_a_note_that_may_hold_an_undetected_citation_is_ambiguous():
    text = "1. Robert Service, Lenin, Bloomington 1995, p. 140.\n2. His later argument (in Stalin, vol. 2, p. 77) differs.\n3. Ibid., p. 141.\n"
    b2, b3 = text.index("His"), text.index("Ibid")
    notes = [Note(1, 3, b2 - 4), Note(2, b2, b3 - 4), Note(3, b3, len(text) - 1)]
    assert text[notes[2].start : notes[2].end] == "Ibid., p. 141."
    resolver = Resolver(KB, text=text, notes=notes)
    first = Citation(3, b2 - 4, text[3 : b2 - 4], Form.FULL, 1, 0, "note", parse_citation(text[3 : b2 - 4], KB))
    ibid = Citation(b3, len(text) - 1, "Ibid., p. 141.", Form.IBID, 3, 0, "note", parse_citation("Ibid., p. 141.", KB))
    a = resolver.resolve(0, first).refs[0]
    b = resolver.resolve(1, ibid).refs[0]
    assert b.record == a.record and b.ambiguous and "note 2 may hold an undetected citation" in b.reason


def test_ibid_with_another_author_is_ambiguous():
    refs = resolve_notes([(1, "Robert Service, Lenin: A Political Life, Bloomington 1995, p. 140."), (2, "Trotsky, ibid., p. 5.")])
    assert refs[1].ambiguous and "Trotsky" in refs[1].reason


def test_ibid_keeps_the_antecedent_locator_only_when_it_gives_none():
    refs = resolve_notes([
        (1, "Thomas Hobbes, Leviathan, London 1985, ch. 13."),
        (2, "Ibid."),
        (3, "Ibid., p. 186."),
    ])
    assert (refs[1].label, refs[1].locator, refs[1].pages) == ("chapter", "13", None)
    assert (refs[2].label, refs[2].locator, refs[2].pages) == (None, None, "186")


# --- accented short forms, compound surnames, editors (adversary round 1, items 5 and 8) ---


ACCENTED = """Uno.1 Dos.2 Tres.3 Cuatro.4 Cinco.5 Seis.6 Siete.7

Notas

1. Claudio Sánchez Albornoz, España, un enigma histórico, Buenos Aires, Sudamericana, 1956, t. I, p. 33.
2. Ibídem, p. 34.
3. Ibíd.
4. Íd., pág. 40.
5. José Ortega y Gasset, La rebelión de las masas, Madrid, Revista de Occidente, 1930, p. 5.
6. Sánchez Albornoz, ob. cit., t. II, p. 7.
7. Ortega y Gasset, op. cit., p. 12.
"""


def test_accented_ibid_idem_and_ob_cit():
    got = resolved(ACCENTED)
    forms = [g[1] for g in got]
    assert forms == ["full", "ibid", "ibid", "ibid", "full", "opcit", "opcit"]
    albornoz, ortega = got[0][2], got[4][2]
    assert albornoz and ortega and albornoz != ortega
    assert [g[2] for g in got[1:4]] == [albornoz] * 3
    assert [(g[3], g[4]) for g in got[1:4]] == [("1", "34"), ("1", "34"), (None, "40")]
    assert (got[5][2], got[5][3], got[5][4]) == (albornoz, "2", "7")
    assert (got[6][2], got[6][4]) == (ortega, "12")


def test_short_form_words_match_accent_folded():
    for text, short in [("Ibíd., p. 44", "ibid"), ("Íd., p. 15", "idem"), ("Ibídem, pp. 3-5", "ibid"),
                        ("Gómez, ób. cit., p. 9", "opcit"), ("Idem", "idem"), ("Ébd., S. 4", "ibid")]:
        assert parse_citation(text, KB)[0].short == short, text


def test_op_cit_after_compound_surnames_and_editors():
    text = """Un.1 Deux.2 Trois.3 Vier.4 Fünf.5 Six.6

Notes

1. Emmanuel Le Roy Ladurie, Montaillou, village occitan de 1294 à 1324, Paris, Gallimard, 1975, p. 12.
2. Pierre Nora (dir.), Les lieux de mémoire, Paris, Gallimard, 1984, t. 1, p. 7.
3. Le Roy Ladurie, op. cit., p. 40.
4. Hans Mommsen (Hg.), Der Nationalsozialismus und die deutsche Gesellschaft, Reinbek 1991, S. 3.
5. Mommsen, a.a.O., S. 9.
6. Nora, op. cit., t. 2, p. 9.
"""
    got = resolved(text)
    assert [g[1] for g in got][2:] == ["opcit", "full", "opcit", "opcit"]
    ladurie, nora, mommsen = got[0][2], got[1][2], got[3][2]
    assert len({ladurie, nora, mommsen}) == 3
    assert (got[2][2], got[2][4]) == (ladurie, "40")
    assert (got[4][2], got[4][4]) == (mommsen, "9")
    assert (got[5][2], got[5][3], got[5][4]) == (nora, "2", "9")
