"""Faults found by the eighth outside test (issue 11: short forms and the locator grammar), each
fixed by kind; three or more new inputs of each kind, in other languages and styles than the
tester's texts (German legal history, Chicago art history, French social history)."""

from __future__ import annotations

import pytest

import citekit
from citekit import checks
from citekit.knowledge import bundled
from citekit.locators import find_locators
from citekit.parse import parse_citation


@pytest.fixture(scope="module")
def kb():
    return bundled()


def _notes(lines: list[str], reflist: list[str] | None = None, heading: str = "Notes"):
    """A text whose notes are ``lines`` (one marker each), then perhaps a reference list."""
    body = "Text." + "".join(f" Sentence {i}.{i}" for i in range(1, len(lines) + 1))
    body += f"\n\n{heading}\n\n" + "\n".join(f"{i}. {line}" for i, line in enumerate(lines, 1)) + "\n"
    if reflist:
        body += "\nBibliography\n\n" + "\n".join(reflist) + "\n"
    ex = citekit.extract(text=body)
    by_note: dict[int, list] = {}
    for c in ex.citations:
        if c.note is not None and c.region == "note":
            by_note.setdefault(c.note, []).append(c)
    return ex, by_note


def _title(ex, key):
    return next(r.csl for r in ex.records if r.key == key).get("title", "")


# 1. A cross-reference to an earlier note: "Author (Anm. N)", "Author, a.a.O. (Anm. N)", "Smith (n. 4)",
#    "Smith, supra note 4", "Dupont (note 3)", "Rossi (nota 2)": the author's work of note N; the locator
#    after it is the citation's; commentary before the author is no part of it; ibid. after it follows it.
CROSS_REFERENCES = [
    # (notes, note of the cross-reference, expected title start, label, locator)
    (["Fritz Hartung, Deutsche Verfassungsgeschichte vom 15. Jahrhundert bis zur Gegenwart, Stuttgart 1950, S. 33.",
      "Fritz Kern, Gottesgnadentum und Widerstandsrecht im früheren Mittelalter, Leipzig 1914, S. 4.",
      "Ähnlich Hartung (Fn. 1), S. 40; anders Kern, a.a.O. (Anm. 2), Rn. 17."],
     3, ["Deutsche Verfassungsgeschichte", "Gottesgnadentum"], [(None, "40"), ("paragraph", "17")]),
    (["Quentin Skinner, The Foundations of Modern Political Thought (Cambridge: Cambridge University Press, 1978), 12.",
      "J. G. A. Pocock, The Machiavellian Moment (Princeton: Princeton University Press, 1975), 83.",
      "Similarly Skinner (n. 1), 45; Pocock, supra note 2, at 90."],
     3, ["The Foundations", "The Machiavellian"], [(None, "45"), (None, "90")]),
    (["Marc Bloch, Les rois thaumaturges, Strasbourg, Istra, 1924, p. 12.",
      "Lucien Febvre, Le problème de l'incroyance au XVIe siècle, Paris, Albin Michel, 1942, p. 9.",
      "De même Bloch (note 1), p. 30 ; Febvre, op. cit. (n. 2), chap. 4."],
     3, ["Les rois thaumaturges", "Le problème"], [(None, "30"), ("chapter", "4")]),
    (["Delio Cantimori, Eretici italiani del Cinquecento, Firenze, Sansoni, 1939, p. 5.",
      "Federico Chabod, Storia della politica estera italiana, Bari, Laterza, 1951, p. 8.",
      "Così Cantimori (nota 1), p. 77; Chabod, cit. (nota 2), p. 102."],
     3, ["Eretici italiani", "Storia della politica"], [(None, "77"), (None, "102")]),
]


@pytest.mark.parametrize("notes, n, titles, locs", CROSS_REFERENCES)
def test_cross_reference_is_the_work_of_that_note(notes, n, titles, locs):
    ex, by_note = _notes(notes)
    refs = [r for c in by_note[n] for r in c.refs]
    assert [_title(ex, r.record)[: len(t)] for r, t in zip(refs, titles)] == titles
    assert [(r.label, r.locator or r.pages) for r in refs] == locs
    assert len(ex.records) == 2  # no made-up work ("hartung-fn", title "Anm", author "So schon …")


@pytest.mark.parametrize(
    "citation, author, note",
    [
        ("So schon Wieland (Anm. 4), S. 12", "Wieland", "4"),
        ("vgl. etwa Brunner (wie Fn. 7), S. 3", "Brunner", "7"),
        ("likewise Thompson (note 12), 201", "Thompson", "12"),
        ("Smith, above n 4, 12", "Smith", "4"),
        ("Droysen (n 15) 483", "Droysen", "15"),
    ],
)
def test_cross_reference_parse(kb, citation, author, note):
    (f,) = parse_citation(citation, kb)
    assert (f.short, f.authors_text, f.supra_note) == ("supra", author, note)


def test_page_note_is_no_cross_reference(kb):
    (f,) = parse_citation("Smith, The Title (London, 1990), p. 5 (n. 3).", kb)
    assert f.short is None and f.pages == "5"


@pytest.mark.parametrize(
    "notes, n, title",
    [
        (["Otto Brunner, Land und Herrschaft, Wien 1939, S. 5.", "Brunner (Anm. 1), S. 9.", "Ebd., S. 14."], 3, "Land und Herrschaft"),
        (["E. P. Thompson, Whigs and Hunters (London: Allen Lane, 1975), 3.", "Thompson (n. 1), 45.", "Ibid., 46."], 3, "Whigs and Hunters"),
        (["Franco Venturi, Settecento riformatore, Torino, Einaudi, 1969, p. 4.", "Venturi (nota 1), p. 8.", "Ivi, p. 9."], 3, "Settecento riformatore"),
    ],
)
def test_ibid_after_cross_reference(notes, n, title):
    ex, by_note = _notes(notes)
    (r,) = by_note[n][0].refs
    assert _title(ex, r.record) == title and r.pages == notes[n - 1].split(", ")[-1].strip(".").split()[-1]
    assert len(ex.records) == 1


def test_cross_reference_note_without_that_author_falls_back():
    # numbering through the book: note 31 is not in this chapter; the author's work cited before
    ex, by_note = _notes(["Heinrich Mitteis, Der Staat des hohen Mittelalters, Weimar 1940, S. 3.", "Mitteis (Anm. 31), S. 77."])
    (r,) = by_note[2][0].refs
    assert _title(ex, r.record) == "Der Staat des hohen Mittelalters" and r.pages == "77"


# 2. a.a.O. / op. cit. / loc. cit. without a note number, after commentary: the author's most recent work.
@pytest.mark.parametrize(
    "notes, n, title, pages",
    [
        (["Otto Hintze, Staat und Verfassung, Göttingen 1962, S. 20.", "Vgl. ebd., S. 22; ebenso Hintze, a.a.O., S. 145."], 2,
         "Staat und Verfassung", "145"),
        (["Keith Thomas, Religion and the Decline of Magic (London: Weidenfeld, 1971), 33.", "See ibid., 40; likewise Thomas, op. cit., 91."], 2,
         "Religion and the Decline of Magic", "91"),
        (["Georges Lefebvre, Les paysans du Nord pendant la Révolution française, Lille, Robbe, 1924, p. 61.", "Voir ibid., p. 62 ; de même Lefebvre, op. cit., p. 70."], 2,
         "Les paysans du Nord pendant la Révolution française", "70"),
        (["Carlo Ginzburg, Il formaggio e i vermi, Torino, Einaudi, 1976, p. 3.", "Ivi, p. 5; analogamente Ginzburg, op. cit., p. 12."], 2,
         "Il formaggio e i vermi", "12"),
    ],
)
def test_opcit_after_commentary(notes, n, title, pages):
    ex, by_note = _notes(notes)
    last = by_note[n][-1].refs[0]
    assert _title(ex, last.record) == title and last.pages == pages
    assert not [p for p in checks.check(ex) if p.code == "S203"]
    assert len(ex.records) == 1


# 3. S204 (op. cit. ambiguous) counts only works cited before it, not a reference list's later ones.
@pytest.mark.parametrize(
    "notes, reflist",
    [
        (["Olwen Hufton, « Women and the Family Economy », French Historical Studies, vol. 9, 1975, p. 1-22.",
          "O. Hufton, art. cit., p. 12.",
          "Id., The Poor of Eighteenth-Century France, Oxford, Clarendon Press, 1974, p. 5."],
         ["Hufton, Olwen, « Women and the Family Economy », French Historical Studies, vol. 9, 1975, p. 1-22.",
          "Hufton, Olwen, The Poor of Eighteenth-Century France, Oxford, Clarendon Press, 1974."]),
        (["Reinhart Koselleck, Kritik und Krise, Freiburg 1959, S. 3.", "Koselleck, a.a.O., S. 40.",
          "Reinhart Koselleck, Vergangene Zukunft, Frankfurt am Main 1979, S. 17."],
         ["Koselleck, Reinhart: Kritik und Krise, Freiburg 1959.", "Koselleck, Reinhart: Vergangene Zukunft, Frankfurt am Main 1979."]),
        (["Natalie Zemon Davis, The Return of Martin Guerre (Cambridge, MA: Harvard University Press, 1983), 4.",
          "Davis, op. cit., 19.",
          "Natalie Zemon Davis, Fiction in the Archives (Stanford: Stanford University Press, 1987), 7."],
         ["Davis, Natalie Zemon. Fiction in the Archives. Stanford: Stanford University Press, 1987.",
          "Davis, Natalie Zemon. The Return of Martin Guerre. Cambridge, MA: Harvard University Press, 1983."]),
    ],
)
def test_opcit_ambiguity_counts_earlier_citations_only(notes, reflist):
    ex, by_note = _notes(notes, reflist)
    r = by_note[2][0].refs[0]
    assert r.record == by_note[1][0].refs[0].record and not r.ambiguous
    assert not [p for p in checks.check(ex) if p.code == "S204"]
    # once both works are cited, op. cit. is ambiguous
    ex, _ = _notes(notes + [notes[1]], reflist)
    assert [p.code for p in checks.check(ex) if p.code == "S204"] == ["S204"]


# 4. Locators.
def _locs(s: str):
    return [(l.label, l.normalised) for l in find_locators(s, bare=True)]


@pytest.mark.parametrize(
    "citation, expected",
    [
        # a catalogue number: CSL 1.0.2 has no catalogue label; "issue" ("no."), kept as the locator
        ("Tate Gallery, The Pre-Raphaelites (London: Tate, 1984), cat. no. 45.", [("issue", "45")]),
        ("Staatliche Museen zu Berlin, Die Gemäldegalerie, Berlin 1986, Kat.-Nr. 17.", [("issue", "17")]),
        ("Musée du Louvre, Les Primitifs français, Paris, RMN, 2004, cat. n° 88.", [("issue", "88")]),
        ("Galleria degli Uffizi, Pittura fiorentina, Firenze, 1990, cat. n. 12.", [("issue", "12")]),
        ("exh. cat. (New York: Metropolitan Museum, 1998), 34.", [("page", "34")]),
        # an archival file ("file", no CSL term: its own label, like "document")
        ("The National Archives, CO 537/1234, file 5, Gurney to Creech Jones.", [("file", "5")]),
        ("Archives nationales, F7 12345, dossier 3.", [("file", "3")]),
        # recto / verso kept, however written
        ("Archivio di Stato di Firenze, Mediceo 12, c. 11 v°.", [("folio", "11v")]),
        ("Bodleian Library, MS Ashmole 1486, f. 3 verso.", [("folio", "3v")]),
        ("Stadtarchiv Köln, Ratsprotokolle 7, Bl. 7 r°.", [("folio", "7r")]),
        ("Archives départementales du Nord, B 1601, fᵒ 12 vᵒ.", [("folio", "12v")]),
        # passim alone is the locator (no label)
        ("Paul Bois, Paysans de l'Ouest, Le Mans, Vilaire, 1960, passim.", [("", "passim")]),
        ("G. R. Elton, The Tudor Revolution in Government (Cambridge: CUP, 1953), passim.", [("", "passim")]),
        ("Otto Hintze, Staat und Verfassung, Göttingen 1962, passim.", [("", "passim")]),
        ("Otto Hintze, Staat und Verfassung, Göttingen 1962, S. 45 passim.", [("page", "45")]),
        # a volume's part, "2/1", "II/1"
        ("Karl Bosl (Hg.), Handbuch der Geschichte der böhmischen Länder, Bd. 2/1, Stuttgart 1974, S. 45.", [("volume", "2/1"), ("page", "45")]),
        ("Storia d'Italia, vol. II/1, Torino, Einaudi, 1974, p. 300.", [("volume", "2/1"), ("page", "300")]),
        ("Histoire de la France rurale, t. 3/2, Paris, Seuil, 1976, p. 12.", [("volume", "3/2"), ("page", "12")]),
        ("Vossische Zeitung, Nr. 12/1921, S. 3.", [("issue", "12"), ("page", "3")]),
        # "Book" of a title before its years is no book locator
        ("Josiah Wedgwood, Letter Book 1887–1890, Wedgwood Museum, fol. 4.", [("folio", "4")]),
        ("Vestry of St Giles, Minute Book 1840, p. 3.", [("page", "3")]),
        ("Thomas Fuller, Day Book 1702–1705, Norfolk Record Office, fol. 9v.", [("folio", "9v")]),
        ("Homer, Iliad, book 3, line 4.", [("book", "3"), ("line", "4")]),
        # German Randnummer / Randziffer: paragraph
        ("Claus Roxin, Strafrecht. Allgemeiner Teil, Bd. 1, 4. Aufl., München 2006, § 10 Rdnr. 12.", [("volume", "1"), ("section", "10"), ("paragraph", "12")]),
        ("Karl Larenz, Methodenlehre der Rechtswissenschaft, 6. Aufl., Berlin 1991, Rz. 7.", [("paragraph", "7")]),
        ("Dieter Medicus, Bürgerliches Recht, 20. Aufl., Köln 2004, Rn. 415.", [("paragraph", "415")]),
    ],
)
def test_locator_kinds(citation, expected):
    assert _locs(citation) == expected


@pytest.mark.parametrize(
    "note, label, locator",
    [
        ("Tate Gallery, The Pre-Raphaelites (London: Tate Gallery, 1984), cat. no. 45.", "issue", "45"),
        ("Paul Bois, Paysans de l'Ouest, Le Mans, Vilaire, 1960, passim.", None, "passim"),
        ("Archivio di Stato di Firenze, Mediceo avanti il Principato 12, c. 11 v°.", "folio", "11v"),
        ("Karl Larenz, Methodenlehre der Rechtswissenschaft, 6. Aufl., Berlin 1991, Rz. 7.", "paragraph", "7"),
    ],
)
def test_locator_kinds_in_refs(note, label, locator):
    ex, by_note = _notes([note])
    (r,) = by_note[1][0].refs
    assert (r.label, r.locator, r.pages) == (label, locator, None)
    assert "issue" not in next(x.csl for x in ex.records if x.key == r.record)  # a catalogue number is no issue


def test_passim_after_short_forms(kb):
    assert [(f.short, f.locator, f.locator_label) for f in parse_citation("Ibid., passim.", kb)] == [("ibid", "passim", None)]
    assert [(f.short, f.locator) for f in parse_citation("Bois, op. cit., passim.", kb)] == [("opcit", "passim")]


@pytest.mark.parametrize(
    "notes",
    [
        ["Otto Brunner, Land und Herrschaft, Wien 1939, S. 5.", "Vgl. Brunner (Anm. 1).", "So schon Brunner (Fn. 1); ebenso Brunner, a.a.O."],
        ["Linda Colley, Britons: Forging the Nation (New Haven: Yale University Press, 1992), 5.", "See Colley (n. 1).",
         "Similarly Colley (note 1); likewise Colley, op. cit."],
        ["Ernesto Sestan, Stato e nazione nell'alto medioevo, Napoli, ESI, 1952, p. 5.", "Cfr. Sestan (nota 1).",
         "Così Sestan (nota 1); analogamente Sestan, op. cit."],
    ],
)
def test_cross_reference_without_locator(notes):
    # no locator after the cross-reference, or op. cit. / a.a.O. alone: still the work of note 1, no "Anm. 1" citation
    ex, by_note = _notes(notes)
    first = by_note[1][0].refs[0].record
    assert [c.text.rstrip(".") for c in by_note[2]] == [notes[1].rstrip(".")]
    assert [r.record for n in (2, 3) for c in by_note[n] for r in c.refs] == [first, first, first]
    assert len(ex.records) == 1 and {c.form.value for n in (2, 3) for c in by_note[n]} == {"opcit"}
