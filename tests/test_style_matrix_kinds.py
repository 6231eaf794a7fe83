"""Kinds of input found by the style matrix (issue 11, benchmarks/style_matrix.py), each
checked on three new inputs that are neither in the corpus nor in the generated documents."""

from __future__ import annotations

import pytest

import citekit
from citekit.knowledge import KnowledgeBase
from citekit.parse import parse_source


def _notes(*bodies: str) -> str:
    prose = " ".join(f"Sentence {i}.[{i}]" for i in range(1, len(bodies) + 1))
    return prose + "\n\nNotes\n\n" + "\n".join(f"[{i}] {b}" for i, b in enumerate(bodies, 1)) + "\n"


def _refs(text: str):
    ex = citekit.extract_text(text)
    return ex, [(c.text, c.refs[0]) for c in ex.citations if c.refs]


# --- "l." after a folio: a line, unless the antecedent wrote its folio "l." (Russian list) ----------

@pytest.mark.parametrize("first, ibid", [
    ("Archives départementales du Rhône, 1 L 376, fᵒ 44v.", "Ibid., l. 12."),
    ("British Library, Add MS 35154, fol. 12r.", "Ibid., l. 7."),
    ("Archives municipales de Bordeaux, BB 120, fᵒ 3r.", "Voir ibid., l. 25."),
])
def test_ibid_line_after_written_folio_is_a_line(first, ibid):
    _, refs = _refs(_notes(first, ibid))
    assert refs[1][1].label == "line"


def test_ibid_list_after_russian_list_stays_a_folio():
    _, refs = _refs(_notes("GARF, f. 5446, op. 1, d. 12, l. 4.", "Ibid., l. 9."))
    assert (refs[1][1].label, refs[1][1].locator) == ("folio", "9")


# --- "doc. cit." after a corporate author and a short title ------------------------------------------

@pytest.mark.parametrize("full, short, title", [
    ("Ministère de l’Intérieur, Circulaire aux préfets sur les élections, 12.03.1848, fᵒ 3.",
     "Ministère de l’Intérieur, Circulaire aux préfets sur les élections, doc. cit., fᵒ 5.", "Circulaire aux préfets sur les élections"),
    ("Préfecture du Rhône, Rapport sur la situation des ouvriers en soie, 14.11.1831.",
     "Préfecture du Rhône, Rapport sur la situation des ouvriers en soie, doc.\u00a0cit., fᵒ 14.", "Rapport sur la situation des ouvriers en soie"),
    ("Ministère de la Guerre, Instruction sur le service des places, 1792.",
     "Ministère de la Guerre, Instruction sur le service des places, doc. cit., p. 9.", "Instruction sur le service des places"),
])
def test_doc_cit_with_corporate_author_finds_the_document(full, short, title):
    ex, refs = _refs(_notes(full, "Marc Bloch, Les rois thaumaturges, Paris, Istra, 1924, p. 12.", short))
    assert ex.citations[2].parts[0].title == title
    assert refs[2][1].record == refs[0][1].record is not None


# --- a whole dated document with a corporate author, no locator -----------------------------------

@pytest.mark.parametrize("body", [
    "Foreign Office, Memorandum respecting the Congo, 12 March 1906.",
    "Ministero dell’Interno, Relazione sullo spirito pubblico nelle province, 1898.",
    "Conseil général de la Seine, Rapport sur les ateliers nationaux, 03.07.1848.",
])
def test_dated_corporate_document_note_is_a_citation(body):
    ex = citekit.extract_text(_notes(body))
    assert [c.text for c in ex.citations] == [body]


# --- an author-date entry for a whole set of volumes names no volume --------------------------------

@pytest.mark.parametrize("entry, cite", [
    ("Gilbert, M. (1971). Winston S. Churchill (Vols. 1–3). Heinemann.", "Gilbert, 1971, p. 45"),
    ("Ritter, Gerhard: Staatskunst und Kriegshandwerk. Bd. 1-4. München : Oldenbourg, 1954", "Ritter, 1954, S. 88"),
    ("Procacci, G. (1970). Storia degli italiani (Voll. 1–2). Laterza.", "Procacci, 1970, p. 211"),
])
def test_author_date_key_of_a_set_takes_no_volume(entry, cite):
    text = f"The argument is old ({cite}). It holds.\n\nReferences\n\n{entry}\n"
    _, refs = _refs(text)
    assert refs[0][1].volume is None and refs[0][1].record == refs[1][1].record


# --- the German short note "Name: Kurztitel", editors joined by "/" ----------------------------------

@pytest.mark.parametrize("full, short", [
    ("Hans-Ulrich Wehler, Deutsche Gesellschaftsgeschichte 1700-1815, München, Beck, 1987, S. 12.",
     "Vgl. Wehler: Deutsche Gesellschaftsgeschichte 1700-1815, S. 40."),
    ("Kocka, J./Ritter, G. A. (Hg.): Arbeiterleben im Kaiserreich 1871-1914, Bonn 1992, S. 3.",
     "Kocka/Ritter (hg. von): Arbeiterleben im Kaiserreich 1871-1914, S. 17."),
    ("Furet, F./Ozouf, M. (Hgg.): Dictionnaire critique de la Révolution française, Paris 1988, S. 5.",
     "Furet/Ozouf (Hg.): Dictionnaire critique de la Révolution française, S. 77."),
])
def test_colon_short_note_resolves_to_the_full_note(full, short):
    _, refs = _refs(_notes(full, "Eric Hobsbawm, The Age of Capital, London 1975, S. 9.", short))
    assert refs[2][1].record == refs[0][1].record is not None


def test_title_with_subtitle_read_as_colon_head_still_matches():
    _, refs = _refs(_notes("Simon Schama, Citizens: A Chronicle of the French Revolution (New York: Knopf, 1989), 45.",
                           "Citizens: A Chronicle of the French Revolution, 47."))
    assert refs[1][1].record == refs[0][1].record


# --- numbers the trained parser took for a volume, and a first page beside its pinpoint ---------------

@pytest.mark.parametrize("seg, volume, pages", [
    ("Ranger, T.: The Invention of Tradition in Colonial Africa, in: Hobsbawm, E./Ranger, T. (Hgg.): "
     "The Invention of Tradition, Cambridge 1983, S. 211–262, S. 230.", None, "230"),
    ("Jean Martin, ‘Les corporations à Rouen’, Thèse de doctorat, Université Paris 1, 1994, 88.", None, "88"),
    ("Anna Rossi, ‘Le confraternite a Bologna’, Tesi di dottorato, Università di Bologna, 2001, 74.", None, "74"),
])
def test_learned_volume_that_is_no_volume(seg, volume, pages):
    f = parse_source(seg, KnowledgeBase([]))
    assert (f.volume, f.pages) == (volume, pages)


@pytest.mark.parametrize("seg, pages", [
    ("John Adams, ‘Letter to Abigail Adams’ 120 124.", "124"),
    ("Giuseppe Mazzini, ‘Lettera a Giuditta Sidoli’ 215 219.", "219"),
    ("Heinrich Heine, ‘Brief an Julius Campe’ 188 190.", "190"),
])
def test_first_page_and_pinpoint_side_by_side(seg, pages):
    assert parse_source(seg, KnowledgeBase([])).pages == pages


# --- reference-list entries after an entry that ends in a number ------------------------------------

def test_entries_after_an_entry_ending_in_a_number():
    text = ("Prose cites them (Levi 1985; Archives nationales 1790).\n\nLiteraturverzeichnis\n\n"
            "Levi, Giovanni: I pericoli del geertzismo. In: Quaderni storici Bd. 20 (1985), S. 269–277\n"
            "Wehler, Hans-Ulrich: Deutsche Gesellschaftsgeschichte. Bd. 3: Von der „Deutschen Doppelrevolution“ bis zum "
            "Beginn des Ersten Weltkrieges 1849-1914. München : C. H. Beck, 1995\n"
            "Reichsministerium des Innern: Denkschrift über die Lage, 1921\n"
            "Comité de salut public: Arrêté sur les subsistances, 1794\n"
            "‘The Bread Riots’, The Manchester Guardian, 3 May 1842, p. 4\n")
    ex = citekit.extract_text(text)
    entries = [c.text for c in ex.citations if c.form.value == "reflist"]
    # a list of unwrapped lines (one longer than any hard-wrapped line), as the style matrix's
    assert len(entries) == 5 and entries[2].startswith("Reichsministerium") and entries[4].startswith("‘The Bread")


# --- MLA: a family name of several words before a page-only parenthesis ------------------------------

@pytest.mark.parametrize("family, entry", [
    ("Vicens Vives", "Vicens Vives, Jaume. Aproximación a la historia de España. Teide, 1952."),
    ("Le Roy Ladurie", "Le Roy Ladurie, Emmanuel. Montaillou, village occitan. Gallimard, 1975."),
    ("Lloyd George", "Lloyd George, David. War Memoirs. Nicholson and Watson, 1933."),
])
def test_mla_narrative_family_of_several_words(family, entry):
    text = f"The crowd gathered early. {family} (122) has shown that it did.\n\nWorks Cited\n\n{entry}\n"
    ex = citekit.extract_text(text)
    assert f"{family} (122)" in [c.text for c in ex.citations]


@pytest.mark.parametrize("key, entry, want", [
    ("(Le Goff, Chartier, Revel 1978, p. 252)", "Le Goff, Jacques, Roger Chartier, and Jacques Revel, eds. 1978. La nouvelle histoire. Paris: Retz.", "Le Goff, Chartier, Revel 1978, p. 252"),
    ("(Duby, Mandrou, Perrot 1958, p. 12)", "Duby, Georges, Robert Mandrou, and Michelle Perrot. 1958. Histoire de la civilisation française. Paris: Armand Colin.", "Duby, Mandrou, Perrot 1958, p. 12"),
    ("(Van der Linden, Roth, Lucassen 2008, p. 3)", "Van der Linden, Marcel, Karl Heinz Roth, and Jan Lucassen. 2008. Workers of the World. Leiden: Brill.", "Van der Linden, Roth, Lucassen 2008, p. 3"),
])
def test_iso690_keys_list_their_names_with_commas(key, entry, want):
    """ISO 690 author-date keys join three names with commas and no "et" before the year; they
    are keys, unlike an Italian full note with a comma before its year."""
    ex = citekit.extract(text=f"A claim {key}.\n\nRéférences\n\n{entry}\n")
    cites = [c for c in ex.citations if c.form.value == "author-date"]
    assert [c.text for c in cites] == [want]
    assert cites[0].refs[0].record is not None and cites[0].refs[0].record == ex.citations[-1].refs[0].record


@pytest.mark.parametrize("key, entry, record_start", [
    ("(Le Goff et Nora 1974, p. 3)", "Le Goff, Jacques, et Pierre Nora. 1974. Faire de l’histoire. Paris: Gallimard.", "le-goff"),
    ("(Schulze und Müller 1990, S. 4)", "Schulze, Hagen, und Ina Müller. 1990. Deutsche Geschichte. München: Beck.", "schulze"),
    ("(Romeo ed Einaudi 1961, p. 12)", "Romeo, Rosario, ed Giulio Einaudi. 1961. Risorgimento e capitalismo. Bari: Laterza.", "romeo"),
])
def test_keys_joined_by_et_und_ed(key, entry, record_start):
    """Author-date keys in French, German and Italian join two names with et / und / ed."""
    ex = citekit.extract(text=f"A claim {key}.\n\nBibliographie\n\n{entry}\n")
    cite = next(c for c in ex.citations if c.form.value == "author-date")
    assert cite.refs[0].record.startswith(record_start) and cite.refs[0].record == ex.citations[-1].refs[0].record


@pytest.mark.parametrize("note, author, title", [
    ("Otto Brunner, Land und Herrschaft, Wien 1939, S. 5.", "Brunner", "Land und Herrschaft"),
    ("Lucien Febvre, Combats pour l’histoire et pour la vie, Paris 1953, p. 12.", "Febvre", "Combats pour l’histoire et pour la vie"),
    ("Reinhart Koselleck, Kritik und Krise, Freiburg 1959, S. 41.", "Koselleck", "Kritik und Krise"),
])
def test_a_title_of_nouns_joined_by_und_et_is_no_list_of_names(note, author, title):
    ex = citekit.extract(text=f"Text.[1]\n\nNotes\n\n1. {note}\n")
    part = ex.citations[0].parts[0]
    assert [a.family for a in part.authors] == [author] and part.title == title
