"""Note sections, note bodies and markers, from real shapes."""

import pytest

from citekit.structure import analyse


def _markers(text):
    return [(text[m.start : m.end], m.note) for m in analyse(text).markers]


NOTES_004 = "\n\nJack Conrad\n\n\n  1. VI Lenin CW Vol 30, Moscow 1977, p208.\u21a9\ufe0e\n\n  2. ibid Vol 29, p58.\u21a9\ufe0e\n\n  3. ibid p90.\u21a9\ufe0e\n"


@pytest.mark.parametrize(
    "body, expected",
    [
        ("To produce plan values.1 Yet x. Europe”2. Enge. lied to it.”3\n", [("1", 1), ("2", 2), ("3", 3)]),
        ("In 1991.1 It was 13.5 million people.2 And 1.3 per cent.3\n", [("1", 1), ("2", 2), ("3", 3)]),
        ("it reached 2,561,351.15 and on 19.12.1996 they met.1 Then 1.1. Next.2 End.3\n", [("1", 1), ("2", 2), ("3", 3)]),
        ("the Party Congress1 (the 13th). Then at the age of 54.2\n\nNew paragraph.3\n", [("1", 1), ("2", 2), ("3", 3)]),
    ],
)
def test_glued_markers_follow_the_note_sequence(body, expected):
    text = body + NOTES_004
    assert _markers(text) == expected


def test_quantities_are_not_markers_when_numbers_do_not_fit():
    text = "It grew 13.5 million tonnes.1 Output rose 1.3 per cent. By 19.12.1996 it was over.2 x.3" + NOTES_004
    got = _markers(text)
    assert [n for _, n in got] == [1, 2, 3]
    assert all(text.find(t) for t, _ in got)


def test_note_bodies_exclude_number_and_backlink():
    text = "A.1 B.2 C.3" + NOTES_004
    notes = analyse(text).notes
    assert [n.number for n in notes] == [1, 2, 3]
    assert text[notes[0].start : notes[0].end] == "VI Lenin CW Vol 30, Moscow 1977, p208."
    assert text[notes[2].start : notes[2].end] == "ibid p90."


def test_bracketed_notes_restart_per_chapter_and_markers_link():
    text = (
        "Chapter one text[1] and more[2] and a stray[3].\n\n"
        "[1] First note of chapter one.\n\n[2] Second note.\n\n"
        "2. Chapter two\n\nChapter two text[1].\n\n[1] Only note of chapter two.\n"
    )
    st = analyse(text)
    assert [(n.chapter, n.number) for n in st.notes] == [(1, 1), (1, 2), (2, 1)]
    assert [(m.chapter, m.note, m.has_note) for m in st.markers] == [(1, 1, True), (1, 2, True), (1, 3, False), (2, 1, True)]


def test_table_of_contents_is_not_a_note_block():
    text = "Table of Contents\n\n1. The Balance Sheet of October\n\n2. The Rise of Stalinism\n\n3. From Five-Year Plan\n\nBody text.\n"
    assert analyse(text).notes == []


def test_notes_heading_with_unpunctuated_numbers():
    text = "Text.1 More.2\n\nNotes\n\n1 Cliff, 1974, p121.\n2 Ibid, p. 125.\n"
    st = analyse(text)
    assert [text[n.start : n.end] for n in st.notes] == ["Cliff, 1974, p121.", "Ibid, p. 125."]
    assert [m.note for m in st.markers] == [1, 2]


def test_reference_list_entries_with_hanging_lines():
    text = "Body.\n\nReferences\n\nCliff, T. (1974) State Capitalism in Russia,\n   London: Pluto Press.\nHarman, C. (2009) Zombie Capitalism, London: Bookmarks.\n"
    st = analyse(text)
    entries = [text[s:e] for s, e in st.reflist_entries]
    assert entries == ["Cliff, T. (1974) State Capitalism in Russia,\n   London: Pluto Press.", "Harman, C. (2009) Zombie Capitalism, London: Bookmarks."]


def test_no_notes_no_markers():
    assert analyse("The year 1917.1 was long. [2] Nothing else.").markers == []


def test_glued_markers_of_a_page_whose_numbering_goes_on():
    text = "He left Vienna in 1913.14 The war came.15\n-----\n14 Deutscher, Stalin, p. 120.\n15 Ibid., p. 130.\n"
    st = analyse(text)
    assert [(n.number, text[n.start : n.end]) for n in st.notes] == [(14, "Deutscher, Stalin, p. 120."), (15, "Ibid., p. 130.")]
    assert [(text[m.start : m.end], m.note) for m in st.markers] == [("14", 14), ("15", 15)]


@pytest.mark.parametrize("heading", ["3.2 Bibliography", "B. References", "## Bibliographie", "WORKS CITED:", "Further Reading."])
def test_numbered_and_marked_up_reference_headings(heading):
    text = f"Prose.\n\n{heading}\n\nHobsbawm, E. J. 1962. The Age of Revolution. London: Weidenfeld.\n"
    st = analyse(text)
    assert [text[s:e] for s, e in st.reflist_entries] == ["Hobsbawm, E. J. 1962. The Age of Revolution. London: Weidenfeld."]
    assert st.regions[0].kind == "reflist" and text[slice(*st.regions[0].heading)] == heading


def test_numbered_reference_list_is_not_a_note_block():
    text = "As shown [2].\n\nReferences\n\n1. Braudel F. La Méditerranée. Paris: Colin; 1949.\n2. Le Roy Ladurie E. Montaillou. Paris: Gallimard; 1975.\n"
    st = analyse(text)
    assert st.notes == [] and st.markers == []
    assert [(st.entry_labels[s], text[s:e]) for s, e in st.reflist_entries] == [
        (1, "Braudel F. La Méditerranée. Paris: Colin; 1949."),
        (2, "Le Roy Ladurie E. Montaillou. Paris: Gallimard; 1975."),
    ]


# --- N104: a numbered notes (or references) section at the end that nobody read ----------------

import citekit  # noqa: E402
from citekit.structure import unread_numbered_tail  # noqa: E402

UNREAD = [
    # German, a heading citekit does not know, unpunctuated numbers
    "Die Forschung hat sich gewandelt.1 Das zeigt Wehler.2 Kocka widerspricht.3\n\nNotizen zum Text\n\n"
    "1 Hans-Ulrich Wehler, Deutsche Gesellschaftsgeschichte, Bd. 3, München 1995, S. 45.\n"
    "2 Ebd., S. 47.\n"
    "3 Jürgen Kocka, Arbeitsverhältnisse und Arbeiterexistenzen, Bonn 1990, S. 12.\n",
    # English, "1." notes whose markers the text does not carry, no heading
    "The famine exposed the state. Witte blamed the zemstvos. Lih disagrees.\n\n"
    "1. Richard G. Robbins, Famine in Russia (New York: Columbia University Press, 1975), 12.\n"
    "2. Ibid., 45.\n"
    "3. Lars T. Lih, Bread and Authority in Russia (Berkeley: University of California Press, 1990), 9.\n"
    "4. Ibid., 33–35.\n\n— 214 —\n",
    # Czech, a numbered reference list under a heading citekit does not know
    "Jak ukázal Novák [1], a po něm Svoboda [2], [3].\n\nSeznam použité literatury\n\n"
    "1. Novák J. Dějiny Moravy. Brno: Host; 2005.\n"
    "2. Svoboda K. Středověká města. Praha: Academia; 1999.\n"
    "3. Dvořák M. Kronika. Praha: Vyšehrad; 2011.\n",
]


@pytest.mark.parametrize("text", UNREAD, ids=["de-heading", "no-markers", "cs-reflist"])
def test_unread_numbered_section_at_the_end_is_reported(text):
    st = analyse(text)
    got = unread_numbered_tail(text, st.regions)
    assert got is not None
    start, end, first, count = got
    assert first == 1 and count in (3, 4) and text[start] == "1"
    problems = [p for p in citekit.check(citekit.extract(text)) if p.code == "N104"]
    assert len(problems) == 1 and problems[0].type == "unread-notes-section"
    assert problems[0].start == start and f"{count} numbered lines (1–{count})" in problems[0].message


@pytest.mark.parametrize(
    "text",
    [
        # a numbered checklist: no years, locators or short forms
        "How to read an archive file.\n\n1. Find the fond.\n2. Find the opis.\n3. Order the delo.\n",
        # notes citekit reads (Italian heading "Note")
        "La microstoria è nata a Torino.1 Ginzburg.2 Levi.3\n\nNote\n\n1 Cfr. C. Ginzburg, Il formaggio e i vermi, Torino 1976, p. 12.\n"
        "2 Ivi, p. 15.\n3 G. Levi, L'eredità immateriale, Torino 1985, p. 7.\n",
        # a numbered block with prose after it does not end the text
        "Prose.\n\n1. Carr, The Bolshevik Revolution, 1950, p. 3.\n2. Ibid., p. 5.\n3. Ibid., p. 9.\n\n"
        "The argument resumes here with a full paragraph of ordinary prose that goes on for a while.\n",
    ],
    ids=["checklist", "read-notes", "prose-after"],
)
def test_no_unread_section_report_when_there_is_none(text):
    assert [p for p in citekit.check(citekit.extract(text)) if p.code == "N104"] == []
