"""Issue 11 (outside tester, texts t3_mla / t4_harvard): reference lists written one entry a line
with no blank line under hard-wrapped prose, MLA page-only parentheticals, author-first matching
of author-page keys, and secondary ("cited in") author-date citations.  New inputs of each kind,
other authors and languages than the tester's."""

from __future__ import annotations

import textwrap

import pytest

import citekit

_PROSE = (
    "The argument of this chapter is that the question of sovereignty cannot be separated from the "
    "history of the institutions that claimed it, and that the historians who wrote about those "
    "institutions were themselves part of the story they told. The first part reviews the older "
    "literature on the subject, the second the newer work on archives and their keepers, and the "
    "third the debates that followed the opening of the collections after the end of the war, when "
    "a generation of younger scholars went back to the documents and found that much of what had "
    "been written about them rested on a handful of printed sources copied from one book to another. "
)


def _wrapped(cites: str) -> str:
    """A hard-wrapped body (like text pulled from a PDF) holding ``cites``, over 20 lines."""
    return textwrap.fill(_PROSE * 3 + cites, 88) + "\n\n"


def _entries(ex: citekit.Extraction) -> list[str]:
    return [" ".join(c.text.split()) for c in ex.citations if c.region == "reflist"]


# --- 1. one entry a line, no blank lines, under hard-wrapped prose ---------------------------------

_LISTS = {
    "apa": ("References", [
        "Chakrabarty, D. (2000). Provincializing Europe: Postcolonial Thought and Historical Difference. Princeton University Press.",
        "Chatterjee, P. (1993). The Nation and Its Fragments: Colonial and Postcolonial Histories. Princeton University Press.",
        "Guha, R. (1983). Elementary Aspects of Peasant Insurgency in Colonial India. Oxford University Press.",
        "Spivak, G. C. (1988). Can the subaltern speak? In C. Nelson & L. Grossberg (Eds.), Marxism and the Interpretation of Culture (pp. 271-313). University of Illinois Press.",
    ], "(Guha, 1983, p. 12; Chatterjee, 1993, p. 5)"),
    "harvard-period": ("Bibliography", [
        "Bayly, C. A. (2004). The Birth of the Modern World 1780-1914: Global Connections and Comparisons. Oxford: Blackwell.",
        "Hobsbawm, E. (1962). The Age of Revolution: Europe 1789-1848. London: Weidenfeld and Nicolson.",
        "Osterhammel, J. (2014). The Transformation of the World: A Global History of the Nineteenth Century. Princeton: Princeton University Press.",
    ], "(Bayly 2004: 49; Hobsbawm 1962: 3)"),
    "chicago": ("Bibliography", [
        "Darnton, Robert. The Great Cat Massacre and Other Episodes in French Cultural History. New York: Basic Books, 1984.",
        "Davis, Natalie Zemon. The Return of Martin Guerre. Cambridge, MA: Harvard University Press, 1983.",
        "Ginzburg, Carlo. The Cheese and the Worms: The Cosmos of a Sixteenth-Century Miller. Baltimore: Johns Hopkins University Press, 1980.",
    ], "(Darnton 1984, 75)"),
    "mla": ("Works Cited", [
        "Morrison, Toni. Beloved. Alfred A. Knopf, 1987.",
        "Morrison, Toni. Playing in the Dark: Whiteness and the Literary Imagination. Harvard UP, 1992.",
        "Spillers, Hortense J. \u201cMama\u2019s Baby, Papa\u2019s Maybe: An American Grammar Book.\u201d Diacritics, vol. 17, no. 2, 1987, pp. 64-81.",
    ], "(Spillers 67)"),
    "din": ("Literaturverzeichnis", [
        "KOSELLECK, Reinhart: Vergangene Zukunft. Zur Semantik geschichtlicher Zeiten. Frankfurt am Main: Suhrkamp, 1979.",
        "NIPPERDEY, Thomas: Deutsche Geschichte 1800-1866. Bürgerwelt und starker Staat. München: Beck, 1983.",
        "WEHLER, Hans-Ulrich: Das Deutsche Kaiserreich 1871-1918. Göttingen: Vandenhoeck & Ruprecht, 1973.",
    ], "(Koselleck 1979, S. 38)"),
    "french": ("Bibliographie", [
        "Braudel, Fernand, La Méditerranée et le monde méditerranéen à l'époque de Philippe II, Paris, Armand Colin, 1949.",
        "Febvre, Lucien, Le Problème de l'incroyance au XVIe siècle. La religion de Rabelais, Paris, Albin Michel, 1942.",
        "Le Roy Ladurie, Emmanuel, Montaillou, village occitan de 1294 à 1324, Paris, Gallimard, 1975.",
    ], "(Febvre 1942, p. 12)"),
}


@pytest.mark.parametrize("name", sorted(_LISTS))
def test_one_entry_a_line_under_hard_wrapped_prose(name):
    heading, lines, cites = _LISTS[name]
    ex = citekit.extract(_wrapped(cites) + heading + "\n\n" + "\n".join(lines) + "\n")
    assert ex.document.format == "pdftext"  # the prose is hard-wrapped: the loader unwraps it
    assert _entries(ex) == lines  # was: entries joined two or three to an "entry" (issue 11)
    records = {c.refs[0].record for c in ex.citations if c.region == "reflist"}
    assert len(records) == len(lines)


def test_hard_wrapped_entries_join_and_one_a_line_entries_split():
    lines = [
        "Thompson, E. P. (1963) The Making of the English Working Class. London: Victor",
        "    Gollancz.",
        "Williams, R. (1958) Culture and Society 1780-1950. London: Chatto and",
        "    Windus.",
        "Hall, S. (1980) Cultural studies: two paradigms. Media, Culture and Society, 2(1),",
        "    pp. 57-72.",
        "Hoggart, R. (1957) The Uses of Literacy. London: Chatto and Windus.",
    ]
    ex = citekit.extract(_wrapped("(Thompson 1963: 9)") + "References\n\n" + "\n".join(lines) + "\n")
    got = _entries(ex)
    assert [g.split(",")[0] for g in got] == ["Thompson", "Williams", "Hall", "Hoggart"]
    assert got[0].endswith("London: Victor Gollancz.") and got[2].endswith("pp. 57-72.")


# --- 2. MLA page-only parentheticals --------------------------------------------------------------

_MLA_WORKS = (
    "\n\nWorks Cited\n\n"
    "Morrison, Toni. Beloved. Alfred A. Knopf, 1987.\n"
    "Spillers, Hortense J. \u201cMama\u2019s Baby, Papa\u2019s Maybe.\u201d Diacritics, vol. 17, no. 2, 1987, pp. 64-81.\n"
    "Gates, Henry Louis, Jr. The Signifying Monkey. Oxford UP, 1988.\n"
)


def _refs(ex, text):
    (c,) = [c for c in ex.citations if c.text.strip("()") == text.strip("()")]
    return [(r.record, r.pages) for r in c.refs]


def test_page_only_after_a_citation_in_the_paragraph():
    ex = citekit.extract("The grammar of captivity is described as a theft of the body (Spillers 67). "
                         "It leaves the flesh as a site of inscription (68-69)." + _MLA_WORKS)
    assert _refs(ex, "(68-69)") == [("spillers-mamas-baby-papas-maybe", "68-69")]


def test_page_only_after_a_block_quotation():
    text = ("Sethe's memory is introduced through the house itself, which the novel treats as a\n"
            "character with a will of its own (Morrison 3). The opening reads:\n\n"
            "    124 was spiteful. Full of a baby's venom. The women in the house knew it and so\n"
            "    did the children. (3)\n\n"
            "The sentence has been read as a statement about the limits of narration." + _MLA_WORKS)
    ex = citekit.extract(text)
    assert _refs(ex, "(3)") == [("morrison-beloved", "3")]


def test_page_only_after_a_narrative_mention():
    ex = citekit.extract("Earlier chapters set out the problem (Morrison 12). Later, as Gates "
                         "argues, the trope is a double-voiced one (51)." + _MLA_WORKS)
    assert _refs(ex, "(51)") == [("gates-signifying-monkey", "51")]


@pytest.mark.parametrize("paren", ["(1917)", "(3 vols.)", "(see below)"])
def test_not_page_only(paren):
    ex = citekit.extract(f"The debate began early (Gates 45). The revolution {paren} changed it." + _MLA_WORKS)
    assert not [c for c in ex.citations if c.region == "body" and c.text.strip("()") == paren.strip("()")]


def test_no_earlier_citation_in_the_paragraph_no_citation():
    ex = citekit.extract("The debate began early (Gates 45).\n\nA second paragraph counts to (4) here." + _MLA_WORKS)
    assert [c.text for c in ex.citations if c.region == "body"] == ["Gates 45"]


# --- 3. author-page keys: the author first, ambiguity flagged -----------------------------------

_TWO_WORKS = (
    "\n\nWorks Cited\n\n"
    "Atwood, Margaret. The Handmaid's Tale. McClelland and Stewart, 1985.\n"
    "Atwood, Margaret. Survival: A Thematic Guide to Canadian Literature. Anansi, 1972.\n"
    "Howells, Coral Ann. \u201cReading Atwood.\u201d Canadian Literature, no. 120, 1989, pp. 5-20.\n"
)


def test_author_page_key_is_the_authors_work_named_in_the_paragraph():
    ex = citekit.extract("Atwood's The Handmaid's Tale opens in a gymnasium (Atwood 3)." + _TWO_WORKS)
    (r,) = [r for c in ex.citations if c.text == "Atwood 3" for r in c.refs]
    assert (r.record, r.pages, r.ambiguous) == ("atwood-handmaids-tale", "3", False)  # not Howells's "Reading Atwood"


def test_author_page_key_with_two_works_and_no_title_is_flagged():
    ex = citekit.extract("The thesis of victimhood is stated plainly (Atwood 36)." + _TWO_WORKS)
    (r,) = [r for c in ex.citations if c.text == "Atwood 36" for r in c.refs]
    assert r.record.startswith("atwood-") and r.ambiguous and len(r.candidates) == 2
    problems = citekit.check(ex)
    assert [p.code for p in problems if p.code == "S204"] == ["S204"]


def test_author_page_key_one_work_of_the_author():
    ex = citekit.extract("Her reading stresses the frame (Howells 7)." + _TWO_WORKS)
    assert [(r.record, r.ambiguous) for c in ex.citations if c.text == "Howells 7" for r in c.refs] == [
        ("howells-reading-atwood", False)]


# --- 4. secondary author-date citations -----------------------------------------------------------

@pytest.mark.parametrize("cite, orig, read, page", [
    ("(Weber 1922, quoted in Bendix 1960, p. 5)", "weber", "bendix", "5"),
    ("(Smith 1990, zit. nach Müller 2001, S. 4)", "smith", "muller", "4"),
    ("(Bloch 1939, cité par Duby 1980, p. 7)", "bloch", "duby", "7"),
    ("(Durkheim 1912, cited in Lukes 1973: 21)", "durkheim", "lukes", "21"),
])
def test_secondary_citation_keeps_both_works(cite, orig, read, page):
    entries = {
        "bendix": "Bendix, R. (1960) Max Weber: An Intellectual Portrait. New York: Doubleday.",
        "muller": "Müller, K. (2001) Geschichte der Soziologie. Berlin: Akademie.",
        "duby": "Duby, G. (1980) Les Trois Ordres ou l'imaginaire du féodalisme. Paris: Gallimard.",
        "lukes": "Lukes, S. (1973) Emile Durkheim: His Life and Work. London: Allen Lane.",
    }
    ex = citekit.extract(f"The point was made long ago {cite}.\n\nReferences\n\n{entries[read]}\n")
    (c,) = [c for c in ex.citations if c.region == "body"]
    assert c.text == cite.strip("()")
    (o, q) = c.refs
    assert o.role == "original" and o.record.startswith(orig)
    assert q.role == "quoted-in" and q.record.startswith(read) and q.pages == page and not q.record.endswith(("1960", "2001", "1980", "1973"))
    assert not [p for p in citekit.check(ex) if p.code == "R501"]  # only the source read is listed (APA 8.6)
