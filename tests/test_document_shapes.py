"""Document shapes beyond the corpus: Project Gutenberg footnotes, page-bottom notes
(form feeds, rule lines), headings in several languages, numbered reference lists,
and what is never an entry.  Every input is made up here in the shape real texts have."""

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citekit.load import load
from citekit.structure import analyse


def _notes(text):
    st = analyse(text)
    return [(n.chapter, n.number, text[n.start : n.end]) for n in st.notes]


def _markers(text):
    return [(text[m.start : m.end], m.note, m.chapter, m.has_note) for m in analyse(text).markers]


def _entries(text):
    st = analyse(text)
    return [text[s:e] for s, e in st.reflist_entries]


# --- 1. Project Gutenberg footnotes ----------------------------------------------------

GUTENBERG_AFTER_PARAGRAPH = """CHAPTER III.

The Convention met on the 21st of September.[12] Its first act was to
abolish the monarchy, and its second to declare the Republic one and
indivisible.[13]

[Footnote 12: Ibid., iii. 45.]

[Footnote 13: Mignet, _Histoire de la Révolution_, ii. 210. Compare
Thiers, iv. 12.]

[Sidenote: The Girondins.]

The Girondins, who had led the Assembly, now found themselves[14] opposed.

[Illustration: PORTRAIT OF VERGNIAUD.]

[Footnote 14:
Lamartine, _Histoire des Girondins_, vol. i. p. 33 [sic].]
"""


def test_gutenberg_footnotes_after_each_paragraph():
    assert _notes(GUTENBERG_AFTER_PARAGRAPH) == [
        (1, 12, "Ibid., iii. 45."),
        (1, 13, "Mignet, _Histoire de la Révolution_, ii. 210. Compare\nThiers, iv. 12."),
        (2, 14, "Lamartine, _Histoire des Girondins_, vol. i. p. 33 [sic]."),
    ]
    assert _markers(GUTENBERG_AFTER_PARAGRAPH) == [("[12]", 12, 1, True), ("[13]", 13, 1, True), ("[14]", 14, 2, True)]


GUTENBERG_LETTERED = """The Roman road ran north from Eboracum[A] to the Wall, and the
legions kept it in repair for three centuries.[B]

[Footnote A: Camden, _Britannia_ (ed. Gough, 1789), iii. 4.]

[Footnote B: Horsley, _Britannia Romana_, p. 390; but see
Stukeley, _Iter Boreale_, 61.]

Of the forts on the line[A] little is left, and the stones[B] went into
the farm-houses.

[Footnote A: Bruce, _The Roman Wall_, 3rd ed., 1867, p. 12.]

[Footnote B: _Ib._ p. 14.]
"""


def test_gutenberg_lettered_footnotes_restart_per_page():
    assert _notes(GUTENBERG_LETTERED) == [
        (1, 1, "Camden, _Britannia_ (ed. Gough, 1789), iii. 4."),
        (1, 2, "Horsley, _Britannia Romana_, p. 390; but see\nStukeley, _Iter Boreale_, 61."),
        (2, 1, "Bruce, _The Roman Wall_, 3rd ed., 1867, p. 12."),
        (2, 2, "_Ib._ p. 14."),
    ]
    assert [(t, n, c) for t, n, c, _ in _markers(GUTENBERG_LETTERED)] == [
        ("[A]", 1, 1), ("[B]", 2, 1), ("[A]", 1, 2), ("[B]", 2, 2)
    ]


GUTENBERG_GERMAN_END = """Die Reformation begann in Wittenberg.[1] Luther schlug die Thesen an
die Tür der Schloßkirche.[2] [A]lle Welt sprach davon.

[Transcriber's Note: Obvious typographical errors have been corrected.]

FUSSNOTEN:

[Footnote 1: Vgl. Ranke, Deutsche Geschichte im Zeitalter der
Reformation, Bd. I, S. 285.]
[Footnote 2: Köstlin, Martin Luther (1875), Bd. I, S. 160 ff.]
"""


def test_gutenberg_footnotes_at_the_end_and_non_notes():
    st = analyse(GUTENBERG_GERMAN_END)
    t = GUTENBERG_GERMAN_END
    assert [(n.number, t[n.start : n.end]) for n in st.notes] == [
        (1, "Vgl. Ranke, Deutsche Geschichte im Zeitalter der\nReformation, Bd. I, S. 285."),
        (2, "Köstlin, Martin Luther (1875), Bd. I, S. 160 ff."),
    ]
    # the label starts at the "[" of "[Footnote"; the transcriber's note is not a note; [A]lle is not a marker
    assert t[st.notes[0].label_start : st.notes[0].label_start + 12] == "[Footnote 1:"
    assert [(t[m.start : m.end], m.note) for m in st.markers] == [("[1]", 1), ("[2]", 2)]


def test_gutenberg_unclosed_footnote_ends_with_its_paragraph():
    text = "He died in exile.[7]\n\n[Footnote 7: Clarendon, _History of the Rebellion_, xi. 120.\n\nThe next chapter begins here.\n"
    assert _notes(text) == [(1, 7, "Clarendon, _History of the Rebellion_, xi. 120.")]


# --- 2. footnotes at the bottom of a page -----------------------------------------------------

FORM_FEED_CONTINUING = (
    "The strike spread to the shipyards in the spring of 1905, when the\n"
    "workers of the Putilov plant came out.11 The government hesitated.12\n"
    "\n"
    "11 See S. Harcave, First Blood (New York, 1964), p. 87.\n"
    "12 Witte, Memoirs, p. 250.\n"
    "\fBy the autumn the movement had reached Moscow, where the printers\n"
    "struck first.13\n"
    "\n"
    "13 L. Engelstein, Moscow, 1905 (Stanford, 1982), pp. 73-5.\n"
    "\f"
)


def test_form_feed_pages_with_continuing_numbers():
    assert _notes(FORM_FEED_CONTINUING) == [
        (1, 11, "See S. Harcave, First Blood (New York, 1964), p. 87."),
        (1, 12, "Witte, Memoirs, p. 250."),
        (2, 13, "L. Engelstein, Moscow, 1905 (Stanford, 1982), pp. 73-5."),
    ]
    assert [(t, n, c) for t, n, c, _ in _markers(FORM_FEED_CONTINUING)] == [("11", 11, 1), ("12", 12, 1), ("13", 13, 2)]


FORM_FEED_RESTARTING = (
    "Les cahiers de doléances furent rédigés en mars 1789.1 Ils\n"
    "réclamaient l'égalité devant l'impôt.2\n"
    "1. P. Goubert, Les cahiers de doléances de 1789, Paris, 1978, p. 12.\n"
    "2. Ibid., p. 40.\n"
    "                                  — 14 —\n"
    "\fLe roi convoqua les États généraux à Versailles.1\n"
    "1. F. Furet, Penser la Révolution française, Paris, 1978,\n"
    "p. 45.\n"
    "\f"
)


def test_form_feed_pages_with_restarting_numbers_and_page_numbers():
    assert _notes(FORM_FEED_RESTARTING) == [
        (1, 1, "P. Goubert, Les cahiers de doléances de 1789, Paris, 1978, p. 12."),
        (1, 2, "Ibid., p. 40."),
        (2, 1, "F. Furet, Penser la Révolution française, Paris, 1978,\np. 45."),
    ]
    assert [(t, n, c) for t, n, c, _ in _markers(FORM_FEED_RESTARTING)] == [("1", 1, 1), ("2", 2, 1), ("1", 1, 2)]


RULE_LINE_PAGES = """Il Senato veneziano discusse la proposta nel 1509.¹ La lega di
Cambrai era ormai contro la Repubblica.²
________________
¹ F. Gilbert, The Pope, his Banker, and Venice (Cambridge, MA, 1980), p. 5.
² Sanuto, Diarii, VIII, col. 12.

                                   37

Dopo Agnadello la città si preparò all'assedio.³
________________
³ Guicciardini, Storia d'Italia, VIII, 4.
"""


def test_rule_line_separates_page_bottom_notes():
    assert _notes(RULE_LINE_PAGES) == [
        (1, 1, "F. Gilbert, The Pope, his Banker, and Venice (Cambridge, MA, 1980), p. 5."),
        (1, 2, "Sanuto, Diarii, VIII, col. 12."),
        (2, 3, "Guicciardini, Storia d'Italia, VIII, 4."),
    ]


RULE_LINE_PLAIN_NUMBERS = """The enclosure acts were passed in great numbers after 1760,1 and the
commissioners sat in the village inn.2
-----
1 J. L. and B. Hammond, The Village Labourer (London, 1911), p. 26.
2 W. E. Tate, The English Village Community (London, 1967), pp. 80-2.

The cottager lost his common right.3
-----
3 E. P. Thompson, Customs in Common (London, 1991), p. 97.
"""


def test_rule_line_with_unpunctuated_numbers():
    got = _notes(RULE_LINE_PLAIN_NUMBERS)
    assert [(c, n) for c, n, _ in got] == [(1, 1), (1, 2), (2, 3)]
    assert got[1][2] == "W. E. Tate, The English Village Community (London, 1967), pp. 80-2."
    assert [n for _, n, _, _ in _markers(RULE_LINE_PLAIN_NUMBERS)] == [1, 2, 3]


def test_numbered_list_at_a_page_bottom_without_markers_is_not_notes():
    text = "The programme had three points:\n-----\n1 Land to the peasants.\n2 Bread to the workers.\n\fPeace was the third.\n"
    assert analyse(text).notes == []


def test_pdftext_loader_keeps_page_bottom_notes_apart():
    body = (
        "The famine of 1891 revealed the weakness of the zemstvos and the\n"
        "helplessness of the central government, which waited for months.1\n"
        "\n"
        "1 R. G. Robbins, Famine in Russia, 1891-1892 (New York, 1975), p. 12.\n"
        "\fThe relief committees were formed in the winter by the gentry and\n"
        "the intelligentsia, with Tolstoy at their head in Riazan province.2\n"
        "\n"
        "2 Ibid., pp. 98-101.\n"
        "\f"
    )
    filler = "".join(f"Paragraph {i} of ordinary prose set in lines of about the same width here.\n" for i in range(30))
    loaded = load(filler + "\n" + body, input_format="pdftext")
    t = loaded.text
    st = analyse(t)
    assert [(n.number, t[n.start : n.end]) for n in st.notes] == [
        (1, "R. G. Robbins, Famine in Russia, 1891-1892 (New York, 1975), p. 12."),
        (2, "Ibid., pp. 98-101."),
    ]
    assert [m.note for m in st.markers] == [1, 2]


# --- 3. headings -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "heading",
    [
        "References", "REFERENCES:", "1.3 References", "IV. Bibliography", "## Works Cited", "Works Consulted",
        "Literature", "Literaturverzeichnis", "Quellen- und Literaturverzeichnis", "Bibliographie", "Références",
        "Bibliografia", "Bibliografía", "Fuentes", "Further reading", "Sources:", "Select bibliography",
        "**Bibliography**", "7 Literatur",
    ],
)
def test_reference_headings(heading):
    text = (
        "Some prose about the subject.\n\n" + heading + "\n\n"
        "Applebaum, Anne. Red Famine: Stalin's War on Ukraine. New York: Doubleday, 2017.\n"
        "Conquest, Robert. The Harvest of Sorrow. London: Hutchinson, 1986.\n"
    )
    assert _entries(text) == [
        "Applebaum, Anne. Red Famine: Stalin's War on Ukraine. New York: Doubleday, 2017.",
        "Conquest, Robert. The Harvest of Sorrow. London: Hutchinson, 1986.",
    ]


@pytest.mark.parametrize("heading", ["Notes", "NOTES", "Endnotes:", "## Footnotes", "2.4 Notes", "Anmerkungen", "Notes to Chapter 3"])
def test_notes_headings(heading):
    text = "A claim.1 Another.2\n\n" + heading + "\n\n1. Fitzpatrick, The Russian Revolution, p. 5.\n2. Ibid., p. 9.\n"
    assert [(n, b) for _, n, b in _notes(text)] == [(1, "Fitzpatrick, The Russian Revolution, p. 5."), (2, "Ibid., p. 9.")]


def test_notes_heading_over_author_date_entries_is_a_reference_list():
    text = (
        "As Smith argues (Smith 1990, 12).\n\nNotes and References\n\n"
        "Smith, J. (1990) The Guild System, Oxford: Clarendon.\n"
        "Weber, M. (1922) Wirtschaft und Gesellschaft, Tübingen: Mohr.\n"
    )
    assert analyse(text).notes == []
    assert _entries(text) == [
        "Smith, J. (1990) The Guild System, Oxford: Clarendon.",
        "Weber, M. (1922) Wirtschaft und Gesellschaft, Tübingen: Mohr.",
    ]


# --- 4. numbered reference lists ------------------------------------------------------------

IEEE = """Digital editions have grown quickly [1], [2], and so has their criticism [3].

REFERENCES

[1] P. Robinson, "Towards a theory of digital editions," Variants, vol. 10,
    pp. 105-131, 2013.
[2] E. Pierazzo, Digital Scholarly Editing. Farnham, U.K.: Ashgate, 2015.
[3] J. McGann, A New Republic of Letters. Cambridge, MA, USA: Harvard Univ.
    Press, 2014.
"""


def test_ieee_bracketed_list_is_entries_not_notes():
    st = analyse(IEEE)
    assert st.notes == [] and st.markers == []
    assert _entries(IEEE) == [
        'P. Robinson, "Towards a theory of digital editions," Variants, vol. 10,\n    pp. 105-131, 2013.',
        "E. Pierazzo, Digital Scholarly Editing. Farnham, U.K.: Ashgate, 2015.",
        "J. McGann, A New Republic of Letters. Cambridge, MA, USA: Harvard Univ.\n    Press, 2014.",
    ]
    assert sorted(st.entry_labels.values()) == [1, 2, 3]


VANCOUVER = """Cholera reached London in 1832 (1) and again in 1849 (2).

1.3 References

1. Snow J. On the mode of communication of cholera. 2nd ed. London: Churchill;
1855.

2. Hamlin C. Public health and social justice in the age of Chadwick. Cambridge:
Cambridge University Press; 1998.

3. Porter R. The greatest benefit to mankind. London: HarperCollins; 1997.

Appendix A

Mortality tables by parish.
"""


def test_vancouver_list_separated_by_blank_lines_ends_at_appendix():
    assert _entries(VANCOUVER) == [
        "Snow J. On the mode of communication of cholera. 2nd ed. London: Churchill;\n1855.",
        "Hamlin C. Public health and social justice in the age of Chadwick. Cambridge:\nCambridge University Press; 1998.",
        "Porter R. The greatest benefit to mankind. London: HarperCollins; 1997.",
    ]
    assert analyse(VANCOUVER).notes == []


GERMAN_NUMBERED = """Die Forschung ist sich einig.

Literaturverzeichnis

1 Blickle, Peter: Die Revolution von 1525. München 1975.
2 Franz, Günther: Der deutsche Bauernkrieg. Darmstadt 1933.
3 Scribner, Bob: For the Sake of Simple Folk. Cambridge 1981.
"""


def test_unpunctuated_numbered_entries():
    assert _entries(GERMAN_NUMBERED) == [
        "Blickle, Peter: Die Revolution von 1525. München 1975.",
        "Franz, Günther: Der deutsche Bauernkrieg. Darmstadt 1933.",
        "Scribner, Bob: For the Sake of Simple Folk. Cambridge 1981.",
    ]


def test_numbered_list_under_a_notes_heading_stays_notes():
    text = "Text.1 More.2\n\nEndnotes\n\n[1] Febvre, Le problème de l'incroyance, p. 12.\n[2] Ibid., p. 20.\n"
    assert [(n, b) for _, n, b in _notes(text)] == [(1, "Febvre, Le problème de l'incroyance, p. 12."), (2, "Ibid., p. 20.")]
    assert _entries(text) == []


def test_hanging_indent_and_hard_wrapped_entries():
    text = (
        "Works Cited\n\n"
        "Bloch, Marc. Feudal Society. Translated by L. A. Manyon, University of\n"
        "    Chicago Press, 1961.\n"
        "Davis, Natalie Zemon. The Return of Martin Guerre. Harvard UP, 1983.\n"
        "———. Fiction in the Archives. Stanford UP, 1987.\n"
        "Ginzburg, Carlo. The Cheese and the Worms: The Cosmos of a Sixteenth-Century Miller. Johns Hopkins\n"
        "University Press, 1980.\n"
    )
    assert _entries(text) == [
        "Bloch, Marc. Feudal Society. Translated by L. A. Manyon, University of\n    Chicago Press, 1961.",
        "Davis, Natalie Zemon. The Return of Martin Guerre. Harvard UP, 1983.",
        "———. Fiction in the Archives. Stanford UP, 1987.",
        "Ginzburg, Carlo. The Cheese and the Worms: The Cosmos of a Sixteenth-Century Miller. Johns Hopkins\nUniversity Press, 1980.",
    ]


# --- 5. what is never an entry ----------------------------------------------------------------


def test_page_furniture_inside_a_list_is_skipped():
    text = (
        "Bibliography\n\n"
        "Hill, Christopher. The World Turned Upside Down. London: Temple Smith, 1972.\n\n"
        "— 231 —\n\n"
        "232 BIBLIOGRAPHY\n\n"
        "1998\n\n"
        "Thomas, Keith. Religion and the Decline of Magic. London: Weidenfeld, 1971.\n\n"
        "Index\n\n"
        "Abelard, 12, 45\n"
    )
    assert _entries(text) == [
        "Hill, Christopher. The World Turned Upside Down. London: Temple Smith, 1972.",
        "Thomas, Keith. Religion and the Decline of Magic. London: Weidenfeld, 1971.",
    ]


def test_list_ends_where_prose_starts():
    text = (
        "Sources\n\n"
        "Archivio di Stato di Venezia, Senato Secreta, reg. 42.\n"
        "Sanuto, Marino. I diarii. Venezia, 1879-1903.\n\n"
        "The documents of the Senate are the richest source for the period, but they are silent on\n"
        "the debates themselves, which have to be reconstructed from the diarists and the letters of ambassadors.\n"
    )
    assert _entries(text) == [
        "Archivio di Stato di Venezia, Senato Secreta, reg. 42.",
        "Sanuto, Marino. I diarii. Venezia, 1879-1903.",
    ]


def test_subheadings_inside_a_bibliography_and_acknowledgements_after():
    text = (
        "Bibliographie\n\n"
        "Archives\n\n"
        "Archives nationales, F7 13090.\n\n"
        "Ouvrages\n\n"
        "Agulhon, Maurice. La République au village. Paris : Plon, 1970.\n\n"
        "Acknowledgements\n\n"
        "I thank my colleagues.\n"
    )
    assert _entries(text) == ["Archives nationales, F7 13090.", "Agulhon, Maurice. La République au village. Paris : Plon, 1970."]


# --- 6. notes sections in other languages, "(n)" numbering and markers ------------------------
# Shapes from French, Italian, Portuguese, Polish, Russian and Dutch books; every text made up here.

FR_PAREN = """Les Annales et la Révolution

L'école des Annales a longtemps tenu la Révolution à distance (1). Braudel n'y voyait qu'une \
« écume » de l'histoire (2), jugement que Vovelle contesta vivement (3) et que Furet reprit \
autrement (4).

NOTES

(1) Voir François Dosse, L'Histoire en miettes, Paris, La Découverte, 1987, p. 172-180.
(2) Fernand Braudel, Écrits sur l'histoire, Paris, Flammarion, 1969, p. 12.
(3) Michel Vovelle, Idéologies et mentalités, Paris, Maspero, 1982, p. 254.
(4) Dosse, op. cit., p. 190.
"""

IT_NOTE = """Il Risorgimento e i suoi storici

La storiografia liberale ha dominato a lungo il campo1. Gramsci vi oppose la tesi della \
rivoluzione passiva2, poi discussa da Romeo3.

NOTE:

1 Cfr. Adolfo Omodeo, L'età del Risorgimento italiano, Napoli, ESI, 1946, p. 5.
2 A. Gramsci, Quaderni del carcere, a cura di V. Gerratana, Torino, Einaudi, 1975, vol. III, p. 2011.
3 R. Romeo, Risorgimento e capitalismo, Bari, Laterza, 1959, pp. 19-24.
"""

PT_NOTAS = """A escravidão no Brasil imperial

O tráfico atlântico cresceu depois de 1831 (1). A historiografia recente insiste na \
agência dos escravizados (2), tese que Chalhoub levou mais longe (3).

Notas

1) Luiz Felipe de Alencastro, O trato dos viventes, São Paulo, Companhia das Letras, 2000, p. 44.
2) João José Reis, Rebelião escrava no Brasil, São Paulo, Brasiliense, 1986, p. 7.
3) Sidney Chalhoub, Visões da liberdade, São Paulo, Companhia das Letras, 1990, p. 29.
"""

PL_PRZYPISY = """Powstanie styczniowe w historiografii

Kieniewicz pisał o powstaniu jako o wojnie chłopskiej.¹ Jego tezy podważono później.² \
Spór trwa do dziś.³

Przypisy

1. S. Kieniewicz, Powstanie styczniowe, Warszawa 1972, s. 45.
2. Tamże, s. 50.
3. A. Nowak, Dzieje Polski, t. 3, Kraków 2017, s. 211.
"""

RU_PRIMECHANIYA = """Кронштадт в 1921 году

Восстание долго изучалось по официальным источникам.1 Новые архивы изменили картину.2 \
Споры продолжаются.3

ПРИМЕЧАНИЯ

1. Семанов С. Н. Ликвидация антисоветского Кронштадтского мятежа 1921 года. М., 1973. С. 12.
2. Там же. С. 15.
3. Getzler I. Kronstadt 1917-1921. Cambridge, 1983. P. 213.
"""

NL_NOTEN = """De Opstand in de Nederlanden

Geyl verwierp de Kleindietse lezing niet.1 Parker legde de nadruk op het leger.2 \
Israel schreef de grote synthese.3

Noten

1 P. Geyl, De Nederlandse Opstand, Amsterdam 1930, p. 14.
2 G. Parker, The Dutch Revolt, Londen 1977, p. 118.
3 J. Israel, The Dutch Republic, Oxford 1995, p. 129-131.
"""


@pytest.mark.parametrize(
    "text, first, last",
    [
        (FR_PAREN, "Voir François Dosse, L'Histoire en miettes, Paris, La Découverte, 1987, p. 172-180.", "Dosse, op. cit., p. 190."),
        (IT_NOTE, "Cfr. Adolfo Omodeo, L'età del Risorgimento italiano, Napoli, ESI, 1946, p. 5.", "R. Romeo, Risorgimento e capitalismo, Bari, Laterza, 1959, pp. 19-24."),
        (PT_NOTAS, "Luiz Felipe de Alencastro, O trato dos viventes, São Paulo, Companhia das Letras, 2000, p. 44.", "Sidney Chalhoub, Visões da liberdade, São Paulo, Companhia das Letras, 1990, p. 29."),
        (PL_PRZYPISY, "S. Kieniewicz, Powstanie styczniowe, Warszawa 1972, s. 45.", "A. Nowak, Dzieje Polski, t. 3, Kraków 2017, s. 211."),
        (RU_PRIMECHANIYA, "Семанов С. Н. Ликвидация антисоветского Кронштадтского мятежа 1921 года. М., 1973. С. 12.", "Getzler I. Kronstadt 1917-1921. Cambridge, 1983. P. 213."),
        (NL_NOTEN, "P. Geyl, De Nederlandse Opstand, Amsterdam 1930, p. 14.", "J. Israel, The Dutch Republic, Oxford 1995, p. 129-131."),
    ],
)
def test_notes_sections_in_other_languages_and_numberings(text, first, last):
    notes = _notes(text)
    assert [n for _, n, _ in notes] == [1, 2, 3] + ([4] if text is FR_PAREN else [])
    assert notes[0][2] == first and notes[-1][2] == last
    marks = _markers(text)
    assert [(m[1], m[3]) for m in marks] == [(n, True) for _, n, _ in notes]


def test_paren_markers_are_the_parenthesis_and_keep_their_place():
    marks = _markers(FR_PAREN)
    assert [m[0] for m in marks] == ["(1)", "(2)", "(3)", "(4)"]
    st = analyse(FR_PAREN)
    assert all(FR_PAREN[m.start - 1] == " " and m.kind == "paren" for m in st.markers)


def test_paren_markers_glued_to_punctuation_under_numbered_notes():
    text = (
        "The Estates met in May.(1) Necker spoke for three hours,(2) and the deputies grew restless.(3)\n\n"
        "Notes\n\n"
        "1. William Doyle, Origins of the French Revolution (Oxford: Oxford University Press, 1980), 154.\n"
        "2. Ibid., 160.\n"
        "3. Timothy Tackett, Becoming a Revolutionary (Princeton: Princeton University Press, 1996), 122.\n"
    )
    assert [(m[0], m[1]) for m in _markers(text)] == [("(1)", 1), ("(2)", 2), ("(3)", 3)]


def test_paren_notes_without_heading_need_their_markers_in_the_text():
    # Spanish: "(n)" notes at the end, no heading, "(n)" markers in the prose
    text = (
        "La desamortización transformó la propiedad (1). Tomás y Valiente lo mostró con claridad (2), "
        "aunque Simón Segura matizó las cifras (3).\n\n"
        "(1) F. Tomás y Valiente, El marco político de la desamortización, Barcelona, Ariel, 1971, p. 12.\n"
        "(2) Ibíd., p. 44.\n"
        "(3) F. Simón Segura, La desamortización española, Madrid, 1973, t. II, p. 14.\n"
    )
    assert [n for _, n, _ in _notes(text)] == [1, 2, 3]
    assert [m[1] for m in _markers(text)] == [1, 2, 3]


@pytest.mark.parametrize(
    "prose",
    [
        # an enumeration in one sentence: "(1) … (2) …", after a colon, after "and"
        "The decree had three aims: (1) to raise revenue, (2) to pacify the village, and (3) to punish the nobles. ",
        "The reform aimed (1) to raise revenue and (2) to pacify the village. ",
        "Le décret visait (1) les biens du clergé (2) les biens des émigrés. ",
        # a clause of a law and a year in parentheses
        "Under Article 5(3) of the constitution (1917) the soviets ruled. ",
    ],
)
def test_enumerations_and_clause_numbers_are_not_markers(prose):
    text = prose + "It was a beginning (1). It ended badly (2).\n\nNotes\n\n(1) A. Cobban, The Social Interpretation, 1964, p. 8.\n(2) Ibid., p. 9.\n"
    marks = _markers(text)
    assert [(m[0], m[1]) for m in marks] == [("(1)", 1), ("(2)", 2)]
    assert all(text.index(m[0], len(prose)) for m in marks)
    st = analyse(text)
    assert [m.start for m in st.markers] == [text.index("(1)", len(prose)), text.index("(2)", len(prose))]


def test_numbered_paragraphs_in_parentheses_are_not_notes():
    text = (
        "Three conclusions follow.\n\n"
        "(1) The state was weaker than its laws suggest, as the archives of 1891 show.\n\n"
        "(2) The zemstvos did more than the ministry admitted in 1892.\n\n"
        "(3) The famine was a turning point.\n"
    )
    st = analyse(text)
    assert st.notes == [] and st.markers == []


# --- 7. a reference entry that ends in a DOI or URL ------------------------------------------------


@pytest.mark.parametrize(
    "link",
    [
        "https://doi.org/10.1111/j.1468-0289.2009.00483.x",  # APA 7: a DOI as a URL, no full stop
        "doi:10.1093/past/gtab012",  # the older "doi:" form
        "https://www.jstor.org/stable/j.ctt7zvjgb",  # a stable URL ending in letters
        "<https://www.marxists.org/archive/lenin/works/1917/staterev/>",  # in angle brackets
        "https://hdl.handle.net/2027/mdp.39015004012345",
    ],
)
def test_an_entry_ending_in_a_link_does_not_swallow_the_next(link):
    text = (
        "As shown (Allen, 2009; Broadberry & Gupta, 2006).\n\nReferences\n\n"
        "Allen, R. C. (2009). Engels' pause: Technical change, capital accumulation, and inequality in the British "
        "industrial revolution. Explorations in Economic History, 46(4), 418–435. " + link + "\n"
        "Broadberry, S., & Gupta, B. (2006). The early modern great divergence: Wages, prices and economic development "
        "in Europe and Asia, 1500–1800. The Economic History Review, 59(1), 2–31.\n"
        "Clark, G. (2007). A farewell to alms. Princeton University Press.\n"
    )
    got = _entries(text)
    assert len(got) == 3
    assert got[0].endswith(link) and got[1].startswith("Broadberry, S.") and got[2].startswith("Clark, G.")


def test_a_link_broken_over_two_lines_stays_in_its_entry():
    text = (
        "References\n\n"
        "Tilly, C. (1995). Popular contention in Great Britain, 1758–1834. Harvard University Press. https://doi.org/\n"
        "10.4159/harvard.9780674189935\n"
        "Thompson, E. P. (1963). The making of the English working class. Gollancz.\n"
    )
    got = _entries(text)
    assert len(got) == 2 and got[0].endswith("harvard.9780674189935")


# --- linear time -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "[Footnote 1: " + "[" * 300_000,  # unclosed, deeply nested
        "[Footnote 1: a\n" * 70_000,  # many unclosed openings
        "\nReferences\n\n" + "Smith, J. (1990) T.\n" * 50_000,
        "\n" + "\f1 x.1\n-----\n" * 80_000,
        "Notes\n\n" + "(1) x (2) y (3) z (4). " * 60_000,  # "(n)" candidates and enumeration runs
        "A (1). B (2).\n\n" + "(1) Cf. p. 4.\n(2) Ibid.\n" * 50_000,
    ],
)
def test_shapes_are_linear_time(text):
    t0 = time.perf_counter()
    analyse(text)
    assert time.perf_counter() - t0 < 10


_PIECES = [
    "[Footnote 1: ", "[Footnote A: ", "[Footnote: ", "]", "[", "[Sidenote: x]", "\f", "-----\n", "____\n", "1 ", "12. ",
    "[3] ", "References\n", "NOTES\n", "IV. Bibliography\n", "Index\n", "— 231 —\n", "1998\n", "\n", "\n\n",
    "Smith, J. 1990. T. ", "———. 1978. ", "word.1 ", "text[A] ", "Ibid., p. 4. ", "   ", "¹ ",
    "(1) ", "(2)", " (3). ", "Note\n", "Przypisy\n", "https://doi.org/10.1/x\n",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60))
def test_any_mixture_of_shapes_gives_sane_spans(pieces):
    text = "".join(pieces)
    s = analyse(text)
    for n in s.notes:
        assert 0 <= n.label_start <= n.start <= n.end <= len(text)
    for a, b in s.reflist_entries:
        assert 0 <= a <= b <= len(text)
    regions = [(r.start, r.end) for r in s.regions]
    for m in s.markers:
        assert 0 <= m.start < m.end <= len(text)
        assert not any(a <= m.start < b for a, b in regions)
