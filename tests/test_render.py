"""Rendering foundations (issue 3, in progress): styles by name, escaping, export round trip, `citekit bib`."""

from __future__ import annotations

import json

import pytest

import citekit
from citekit.cli import main
from citekit.knowledge import entry_to_work, parse_bibtex
from citekit.render import Bibliography, find_style

ITEMS = [
    {
        "id": "x1", "type": "book",
        "author": [{"family": "Zetkin", "given": "Clara"}, {"literal": "Progress & Co"}],
        "title": "Fifty % of $5 #1 on_line {braces} Émile <script>",
        "publisher": "Pluto", "publisher-place": "London", "issued": {"date-parts": [[1974]]}, "number-of-volumes": "3",
    },
    {"id": "lenin", "type": "book", "author": [{"family": "Lenin", "given": "V. I."}], "title": "Collected Works",
     "volume": "33", "publisher": "Progress Publishers", "publisher-place": "Moscow", "issued": {"date-parts": [[1965]]}},
]


def test_old_style_names_are_mapped_and_unknown_ones_suggest_close_matches():
    assert find_style("chicago-fullnote-bibliography").stem == find_style("chicago-notes-bibliography").stem
    with pytest.raises(citekit.StyleError, match="did you mean chicago-author-date"):
        find_style("chicgo-author-date")


def test_html_output_escapes_field_values():
    out = Bibliography(ITEMS).render("apa", fmt="html")
    assert not any("<script>" in e for e in out)
    assert any("&#60;script&#62;" in e for e in out)


@pytest.mark.parametrize("biblatex", [False, True])
def test_bibtex_export_round_trips(biblatex):
    text = Bibliography(ITEMS).to_bibtex(biblatex=biblatex)
    assert r"\&" in text and r"\%" in text and r"\_" in text and "{Progress \\& Co}" in text
    entries, failed = parse_bibtex(text)
    assert not failed
    back = {e.key: entry_to_work(e).csl for e in entries}
    for item in ITEMS:
        got = back[item["id"]]
        for k in ("author", "title", "publisher", "publisher-place", "issued"):
            assert got[k] == item[k], k
    assert back["x1"]["number-of-volumes"] == "3"


def test_malformed_bib_entries_are_reported_with_lines_and_the_rest_renders(tmp_path):
    bib = tmp_path / "mine.bib"
    bib.write_text(
        "@book{good, author = {Nove, Alec}, title = {An Economic History of the USSR}, year = {1969}}\n\n"
        "@book{bad, author = {Carr, E. H., title = {The Bolshevik Revolution}\n\n"
        "@book{good2, author = {Deutscher, Isaac}, title = {Stalin}, year = {1949}}\n",
        encoding="utf-8",
    )
    b = Bibliography.from_bibtex(bib)
    assert {i["id"] for i in b.items} >= {"good", "good2"}
    assert b.problems and "line" in b.problems[0]
    assert len(b.render("chicago-author-date")) == len(b.items)


def test_cli_bib_formats(tmp_path, capsys):
    src = tmp_path / "items.json"
    src.write_text(json.dumps(ITEMS), encoding="utf-8")
    assert main(["bib", str(src), "--style", "modern-language-association"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith("Lenin")
    assert main(["bib", str(src), "--format", "csljson"]) == 0
    assert {i["id"] for i in json.loads(capsys.readouterr().out)} == {"x1", "lenin"}
    assert main(["bib", str(src), "--style", "no-such-style"]) == 2


def test_bib_of_a_text_leaves_out_periodicals(corpus_dir):
    b = Bibliography.from_extraction(citekit.extract(corpus_dir / "004.txt"))
    assert b.items and not any(i.get("type") == "periodical" for i in b.items)


def test_bib_crossref_and_mvbook_are_resolved(tmp_path):
    bib = tmp_path / "lib.bib"
    bib.write_text(
        "@string{pp = {Progress Publishers}}\n"
        "@mvbook{lcw, author = {Lenin, V. I.}, title = {Collected Works}, publisher = pp, location = {Moscow}, volumes = {45}}\n"
        "@book{lcw33, crossref = {lcw}, volume = {33}, title = {August 1921 -- March 1923}, date = {1966}}\n"
        "@collection{essays, editor = {Blackburn, Robin}, title = {After the Fall}, publisher = {Verso}, date = {1991}}\n"
        "@incollection{ch, author = {Mandel, Ernest}, title = {The Threat of War}, crossref = {essays}, pages = {10--20}}\n",
        encoding="utf-8",
    )
    items = {i["id"]: i for i in Bibliography.from_bibtex(bib).items}
    v = items["lcw33"]
    assert v["title"] == "Collected works" and v["volume-title"] == "August 1921 – march 1923"  # English: sentence case, exactly as pandoc 3.9 reads this .bib
    assert v["publisher"] == "Progress Publishers" and v["volume"] == "33" and v["issued"]["date-parts"] == [[1966]]
    ch = items["ch"]
    assert ch["container-title"] == "After the fall" and ch["publisher"] == "Verso" and ch["editor"][0]["family"] == "Blackburn"
    out = Bibliography([ch, items["essays"]]).render("chicago-author-date-17th-edition")  # CMOS 18 drops chapter pages
    assert any("“The Threat of War.” In After the Fall, edited by Robin Blackburn, 10–20. Verso." in e for e in out)
