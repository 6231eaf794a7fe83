"""BibTeX/biblatex <-> CSL-JSON (citekit/bibio.py): round trips on a 40-entry humanities
library, pandoc parity, and the .bib / CSL-JSON input faults of issue 13."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from citekit import bibio
from citekit.errors import CitekitError, KnowledgeBaseError
from citekit.render import Bibliography

FIX = Path(__file__).parent / "fixtures" / "bibio"
BIB = FIX / "library.bib"
CSLJSON = FIX / "library.json"  # the same data as pandoc 3.9 converts it (-f biblatex -t csljson)


def _items(text: str, source: str = "t.bib") -> list[dict]:
    entries, problems = bibio.read_bib(text, source)
    return [bibio.entry_to_csl(e, source) for e in entries]


def _by_id(items):
    return {i["id"]: i for i in items}


# --- round trips ---------------------------------------------------------------------------


def test_fixture_is_a_realistic_40_entry_library():
    items = _items(BIB.read_text(encoding="utf-8"))
    assert len(items) >= 40
    kinds = {i["type"] for i in items}
    assert {"book", "chapter", "article-journal", "article-newspaper", "article-magazine", "thesis", "webpage",
            "report", "manuscript", "paper-conference"} <= kinds


@pytest.mark.parametrize("biblatex", [True, False])
def test_bib_to_citekit_to_bib_keeps_every_field(biblatex):
    """.bib -> CSL -> .bib -> CSL: identical items; and every field of the written .bib reads
    back to the same decoded value (the second write is the first, byte for byte)."""
    first = _items(BIB.read_text(encoding="utf-8"))
    written = bibio.write_bib(first, biblatex=biblatex)
    second = _items(written, "written.bib")
    if biblatex:
        assert second == first
    else:  # BibTeX has no date ranges or seasons: compare what it can hold
        assert [i["id"] for i in second] == [i["id"] for i in first]
        for a, b in zip(first, second):
            assert {k: v for k, v in a.items() if k not in ("citekit-bibtype",)} == \
                   {k: v for k, v in b.items() if k not in ("citekit-bibtype",)}, a["id"]
    assert bibio.write_bib(second, biblatex=biblatex) == written


def test_original_fields_survive_the_export():
    """Every field of the hand-written .bib (BibTeX aliases normalised) is in the exported entry."""
    entries, _ = bibio.read_bib(BIB.read_text(encoding="utf-8"), "library.bib")
    out = {e.key: e for e in bibio.read_bib(Bibliography.from_file(BIB).to_bibtex(biblatex=True), "out.bib")[0]}
    renamed = {"year": "date", "month": "date", "crossref": None}
    for e in entries:
        for name in e.fields:
            target = renamed.get(name, name)
            if target:
                assert target in out[e.key].fields or (name == "volumes" and "volumes" in out[e.key].fields), (e.key, name)


def test_csljson_to_biblatex_to_csljson_is_identical():
    items = bibio.read_csl_items(json.loads(CSLJSON.read_text(encoding="utf-8")), str(CSLJSON))
    back = _items(bibio.write_bib(items, biblatex=True))
    assert len(back) == len(items) >= 40
    for a, b in zip(items, back):
        assert b == a, a["id"]


#: Entries of the kinds issue 14's lossless round trip must give back field for field: English
#: title case (langid absent, british, american), German (ngerman: never sentence-cased), French
#: with a one-word brace group, an English title with a foreign origtitle, @string + ``#``,
#: crossref chains (@mvbook -> @book, @book -> @inbook, @collection -> @incollection), every
#: title group (subtitle, titleaddon, booksubtitle, booktitleaddon, maintitle, mainsubtitle,
#: journalsubtitle, shorttitle, series), BibTeX's ``journal``/``address``, a raw ``issuetitle``.
MIXED_BIB = r"""@string{age = "The Age of Revolution"}
@string{pp = "Past {\&} Present Publications"}
@book{hobsbawm1962, author = {Hobsbawm, Eric}, title = age # {: Europe 1789--1848}, publisher = {Weidenfeld and Nicolson},
  address = {London}, year = 1962}
@book{hill1972, author = {Hill, Christopher}, title = {The World Turned Upside Down},
  subtitle = {Radical Ideas During the English Revolution}, shorttitle = {World Turned Upside Down}, series = pp,
  publisher = {Temple Smith}, location = {London}, date = {1972}, langid = {british}}
@book{king1967, author = {King, Jr., Martin Luther}, title = {Where Do We Go from Here?}, subtitle = {Chaos or Community},
  titleaddon = {With a Foreword by Coretta Scott King}, publisher = {Harper}, date = 1967, langid = {american}}
@book{marx1867, author = {Marx, Karl}, title = {Das Kapital}, subtitle = {Kritik der politischen {\"O}konomie},
  titleaddon = {Erster Band}, publisher = {Otto Meissner}, location = {Hamburg}, date = 1867, langid = {ngerman}}
@inbook{marx1867ware, crossref = {marx1867}, title = {Ware und Geld}, pages = {1--50}}
@book{braudel1949, author = {Braudel, Fernand}, title = {La M{\'e}diterran{\'e}e et le monde m{\'e}diterran{\'e}en
  {\`a} l'{\'e}poque de {Philippe} II}, publisher = {Armand Colin}, location = {Paris}, date = 1949, langid = {french}}
@book{davis1983fr, author = {Davis, Natalie Zemon}, title = {Le Retour de Martin Guerre}, publisher = {Robert Laffont},
  date = 1982, language = {french}}
@book{bloch1939en, author = {Bloch, Marc}, title = {Feudal Society}, origtitle = {La Soci{\'e}t{\'e} f{\'e}odale},
  translator = {Manyon, L. A.}, publisher = {Routledge and Kegan Paul}, date = 1961, origdate = 1939}
@mvbook{trotsky1932, author = {Trotsky, Leon}, title = {The History of the Russian Revolution},
  subtitle = {In Three Volumes}, translator = {Eastman, Max}, volumes = 3, publisher = {Gollancz}, date = {1932/1933}}
@book{trotsky1932v2, crossref = {trotsky1932}, title = {The Attempted Counter-Revolution}, volume = 2, date = 1932}
@collection{hobsbawm1983, editor = {Hobsbawm, Eric and Ranger, Terence}, title = {The Invention of Tradition},
  booktitleaddon = {Past and Present Publications}, publisher = {Cambridge University Press}, date = 1983}
@incollection{cannadine1983, crossref = {hobsbawm1983}, author = {Cannadine, David},
  title = {The Context, Performance and Meaning of Ritual}, subtitle = {The {British} Monarchy and the {``Invention of
  Tradition''}, c. 1820--1977}, pages = {101--164}}
@incollection{skinner1988, author = {Skinner, Quentin}, title = {Political Philosophy}, booktitle = {The Cambridge History
  of Renaissance Philosophy}, booksubtitle = {From Petrarch to Descartes}, maintitle = {Cambridge Histories of Philosophy},
  mainsubtitle = {Early Modern Series}, maintitleaddon = {Second Series}, volume = 3, pages = {387--452}, date = 1988,
  publisher = {Cambridge University Press}}
@article{hobsbawm1952, author = {Hobsbawm, E. J.}, title = {The Machine Breakers}, journal = {Past and Present},
  journalsubtitle = {A Journal of Scientific History}, volume = 1, number = 1, pages = {57--70}, year = 1952, month = feb,
  issuetitle = {Special Issue on Labour and the {USSR}}}
@article{luxemburg1904, author = {Luxemburg, Rosa}, title = {Organisationsfragen der russischen Sozialdemokratie},
  journaltitle = {Die Neue Zeit}, volume = {22}, date = 1904, langid = {german}}
@book{fitzpatrick1982, author = {Fitzpatrick, Sheila}, title = {The {Russian} Revolution, 1917--1932}, publisher = {Oxford
  University Press}, date = 1982}
"""


def _decoded_fields(entry: "bibio.BibEntry") -> dict:
    """An entry's fields as comparable values, each read the one way for both sides: BibTeX
    aliases renamed, names parsed, LaTeX decoded to CSL rich text (a brace group is a nocase span,
    so ``{English}`` and ``English`` differ), ``year``/``month``/``date`` as one CSL date."""
    f = {bibio.ALIASES.get(k, k) if bibio.ALIASES.get(k, k) not in entry.fields else k: v for k, v in entry.fields.items()}
    out: dict = {"date": bibio._bib_date(f)}
    for k, v in f.items():
        kind = bibio._BY_BIB.get(k, (None, None))[1]
        if k in ("crossref", "xdata", "year", "month", "day", "date"):
            continue
        elif kind == "names":
            out[k] = bibio._names(v, bibio.DEFAULT_LIMITS, "t.bib", entry.key, k)
        elif kind == "lang":
            out[k] = bibio.LANGIDS.get(v, v)
        else:
            out[k] = v if kind == "verbatim" else bibio.decode(v)
    return out


@pytest.mark.parametrize("source", ["library.bib", "mixed"])
@pytest.mark.parametrize("biblatex", [True, False])
def test_exported_bib_fields_equal_the_original_fields(source, biblatex):
    """.bib -> CSL -> .bib: every field of the original (crossref resolved) comes back with the
    same decoded value, capitals only title case has included ("English", "Working", not
    "english"), and no field is added but the ``entrysubtype`` BibTeX needs for @online."""
    text = BIB.read_text(encoding="utf-8") if source == "library.bib" else MIXED_BIB
    original, problems = bibio.read_bib(text, "in.bib")
    assert not problems
    items = [bibio.entry_to_csl(e) for e in original]
    out = {e.key: e for e in bibio.read_bib(bibio.write_bib(items, biblatex=biblatex), "out.bib")[0]}
    assert len(out) == len(original) >= 16
    for e in original:
        mine, theirs = _decoded_fields(e), _decoded_fields(out[e.key])
        if not biblatex and "entrysubtype" not in mine:
            theirs.pop("entrysubtype", None)
        assert theirs == mine, e.key
        if biblatex:
            assert out[e.key].entry_type == e.entry_type


def test_title_case_comes_back_and_csl_stays_sentence_case():
    """The CSL item is pandoc's (sentence case); the .bib written from it is the user's."""
    it = _by_id(_items(MIXED_BIB))
    assert it["hill1972"]["title"] == "The world turned upside down: Radical ideas during the english revolution"
    assert it["hill1972"]["collection-title"] == "Past & present publications"
    assert it["marx1867"]["title"] == "Das Kapital: Kritik der politischen Ökonomie. Erster Band"  # ngerman: as written
    assert it["skinner1988"]["container-title"] == "Cambridge histories of philosophy: Early modern series. Second series"
    assert it["bloch1939en"]["original-title"] == "La société féodale"  # an English entry: pandoc sentence-cases it too
    assert it["hill1972"][bibio.TITLES_KEY] == {
        "title": "The World Turned Upside Down", "subtitle": "Radical Ideas During the English Revolution",
        "shorttitle": "World Turned Upside Down", "series": "Past & Present Publications"}
    assert bibio.TITLES_KEY not in it["luxemburg1904"]  # as written and as the writer writes it: nothing kept
    out = bibio.write_bib(list(it.values()))
    for line in ("title = {The World Turned Upside Down}", "subtitle = {Radical Ideas During the English Revolution}",
                 "series = {Past \\& Present Publications}", "title = {La M\u00e9diterran\u00e9e et le monde",
                 "origtitle = {La Soci\u00e9t\u00e9 f\u00e9odale}", "booksubtitle = {From Petrarch to Descartes}",
                 "maintitle = {Cambridge Histories of Philosophy}", "journalsubtitle = {A Journal of Scientific History}",
                 "issuetitle = {Special Issue on Labour and the {USSR}}"):
        assert line in out, line


def test_an_edited_csl_title_wins_over_the_kept_original():
    """The kept fields are written only while the CSL value still reads as theirs."""
    it = _by_id(_items(MIXED_BIB))
    hobs = dict(it["hobsbawm1962"])
    assert bibio.csl_to_entry(hobs)[1]["title"] == "The Age of Revolution: Europe 1789–1848"
    hobs["title"] = "The age of revolution: Europe 1789–1848"  # fixed to the same sentence case: still the original
    assert bibio.csl_to_entry(hobs)[1]["title"] == "The Age of Revolution: Europe 1789–1848"
    hobs["title"] = "The age of Revolution: Europe 1789–1848"  # a capital the user wants
    assert bibio.csl_to_entry(hobs)[1]["title"] == "The age of {Revolution}: Europe 1789–1848"
    hobs["title"] = "The age of capital: 1848–1875"
    assert bibio.csl_to_entry(hobs)[1]["title"] == "The age of capital: 1848–1875"
    hill = dict(it["hill1972"], language="de-DE")  # no longer English: its title is read as written
    fields = bibio.csl_to_entry(hill)[1]
    assert fields["title"] == "The world turned upside down: Radical ideas during the english revolution"
    assert "subtitle" not in fields
    for edited in (hobs, hill):
        back = _items(bibio.write_bib([edited]))[0]
        assert back["title"] == edited["title"] and bibio.TITLES_KEY not in back  # a stale table is dropped


def test_mixed_library_round_trips_through_csljson_and_biblatex():
    """.bib -> CSL-JSON (a file: json.dumps/loads, validated) -> biblatex -> CSL: identical, the
    kept title fields included; and a CSL-JSON item that never saw a .bib gains no key."""
    first = _items(MIXED_BIB)
    via_json = bibio.read_csl_items(json.loads(json.dumps(first, ensure_ascii=False)), "mixed.json")
    assert _items(bibio.write_bib(via_json)) == first
    plain = [{k: v for k, v in i.items() if k != bibio.TITLES_KEY} for i in first]
    assert _items(bibio.write_bib(plain)) == plain


def test_bib_and_csljson_of_the_same_data_render_the_same():
    """chicago-author-date title-cases English titles, so pandoc's sentence-cased CSL-JSON and
    the .bib's title case give one list; pages and apostrophes as pandoc writes them aside."""
    def norm(s):
        return s.replace("’", "'").replace("–", "-")
    a = [norm(x) for x in Bibliography.from_file(BIB).render("chicago-author-date")]
    b = [norm(x) for x in Bibliography.from_file(CSLJSON).render("chicago-author-date")]
    same = sum(x == y for x, y in zip(sorted(a), sorted(b)))
    assert len(a) == len(b)
    assert same >= len(a) - 4, "\n".join(sorted(set(a) ^ set(b)))


def test_mapping_of_realistic_fields():
    it = _by_id(_items(BIB.read_text(encoding="utf-8")))
    assert it["Zetkin1925Souvenirs"]["language"] == "fr-FR"
    assert it["Zetkin1925Souvenirs"]["title"] == "Souvenirs sur Lénine"
    assert it["Zetkin1925Souvenirs"]["original-date"] == {"date-parts": [[1925]]}
    assert it["Kotkin1998Modern"]["issued"] == {"date-parts": [[1998, 6]]}  # month = jun
    assert it["Marxists2005Archive"]["accessed"] == {"date-parts": [[2024, 3, 15]]}
    assert it["Institut1955Geschichte"]["author"] == [{"literal": "Institut für Marxismus-Leninismus beim ZK der SED"}]
    assert it["Tocqueville1856Ancien"]["author"] == [{"family": "Tocqueville", "given": "Alexis", "dropping-particle": "de"}]
    assert it["King1967Where"]["author"] == [{"family": "King", "given": "Martin Luther", "suffix": "Jr."}]
    assert it["Fitzpatrick1986NewPerspectives"]["title"] == "New perspectives on Stalinism"  # {Stalinism}: kept as written; a one-word span is dropped, as pandoc does
    assert it["Carr1950Bolshevik"]["collection-number"] == "1"
    assert it["Pravda1917April"]["type"] == "article-newspaper"
    assert it["CPSU1939Short"]["title-short"] == "Short course"
    assert it["Trotsky1933History3"]["title"] == "The history of the russian revolution"  # pandoc's sentence case
    assert it["Trotsky1933History3"]["volume-title"] == "The triumph of the soviets"
    assert it["Smith2004Factory"]["genre"] == "PhD thesis"
    assert it["Rabinowitch1976Bolsheviks"]["keyword"] == "revolution, petrograd"
    assert it["Rabinowitch1976Bolsheviks"]["citekit-bib"] == {"timestamp": "2024-01-05"}  # JabRef's: kept, not mapped


def test_biblatex_export_keeps_braces_langid_and_dates():
    out = Bibliography.from_file(BIB).to_bibtex(biblatex=True)
    assert "title = {New Perspectives on {Stalinism}}" in out  # the user's title case, given back (citekit-bib-titles)
    assert "title = {The Making of the English Working Class}" in out
    assert "langid = {german}" in out and "urldate = {2024-03-15}" in out and "origdate = {1867}" in out
    assert "author = {{Institut für Marxismus-Leninismus beim ZK der SED}}" in out
    bibtex = Bibliography.from_file(BIB).to_bibtex(biblatex=False)
    assert r"title = {Souvenirs sur L{\'e}nine}" in bibtex
    assert "journal = {The Russian Review}" in bibtex and "month = {10}" in bibtex


@pytest.mark.skipif(shutil.which("biber") is None, reason="biber not installed")
def test_biber_validates_the_export(tmp_path):
    """biber 2.18's datamodel check on the biblatex export: no error, and no warning the input
    .bib does not have itself but one (below).  biber runs in ``tmp_path`` on relative names: given
    an absolute path with ``--output-directory`` it cannot open its log and checks nothing."""
    (tmp_path / "out.bib").write_text(Bibliography.from_file(BIB).to_bibtex(biblatex=True), encoding="utf-8")
    shutil.copy(BIB, tmp_path / "in.bib")

    def biber(name: str) -> set[str]:
        r = subprocess.run(["biber", "--tool", "--validate-datamodel", name], capture_output=True, text=True,
                           timeout=120, cwd=str(tmp_path))
        out = r.stdout + r.stderr
        assert r.returncode == 0 and "Datamodel validation complete" in out and "ERROR" not in out, out[-2000:]
        return {w.replace(name, "X") for w in re.findall(r"WARN - .*", out)}

    added = biber("out.bib") - biber("in.bib")
    # the one warning the export adds: the volume of an @mvbook keeps the author it inherited
    # as bookauthor (pandoc's rule, not biblatex's datamodel); the others are the input's own
    assert added == {"WARN - Datamodel: Entry 'Trotsky1933History3' (X): Invalid field 'bookauthor' for entrytype 'book'"}


# --- issue 13: .bib and CSL-JSON faults ------------------------------------------------------


def test_250_nested_braces_is_a_clear_error_not_a_recursion_error():
    text = "@book{deep, title = {" + "{" * 250 + "x" + "}" * 250 + "}, year = 1970}"
    with pytest.raises(bibio.BibInputError) as e:
        _items(text, "deep.bib")
    assert str(e.value) == "deep.bib: entry 'deep', field 'title': braces nested more than 64 deep"
    assert isinstance(e.value, KnowledgeBaseError)
    ok = "@book{ok, title = {" + "{" * 20 + "x" + "}" * 20 + "}}"
    assert _items(ok)[0]["title"] == '<span class="nocase">x</span>'


def test_keyless_entries_are_kept_under_a_generated_key():
    text = "@book{title = {Die Akkumulation des Kapitals}, author = {Luxemburg, Rosa}, year = 1913}\n" \
           "@article{, title = {Empty key}, author = {Suny, Ronald}, date = 1983}\n@book{ok, title = {OK}}\n"
    entries, problems = bibio.read_bib(text, "k.bib")
    assert [e.key for e in entries] == ["Luxemburg1913", "Suny1983", "ok"]
    assert problems == ["k.bib: line 1: @book entry without a key, read as 'Luxemburg1913'",
                        "k.bib: line 2: @article entry without a key, read as 'Suny1983'"]


def test_hash_concatenation_and_strings_are_expanded():
    text = '@string{pp = "Progress"}\n@string{full = pp # " Publishers"}\n' \
           '@book{c, title = "Selected" # { Works}, publisher = full, location = "Mos" # "cow", year = 1970, month = dec}'
    it = _items(text)[0]
    assert (it["title"], it["publisher"], it["publisher-place"]) == ("Selected works", "Progress Publishers", "Moscow")
    assert it["issued"] == {"date-parts": [[1970, 12]]}


def test_crossref_children_keep_their_own_titles():
    text = """@collection{parent, title = {The Invention of Tradition}, editor = {Hobsbawm, Eric}, date = 1983,
                publisher = {Cambridge University Press}}
              @incollection{child, title = {Introduction}, author = {Hobsbawm, Eric}, crossref = {parent}, pages = {1--14}}
              @mvbook{mv, title = {Capital}, author = {Marx, Karl}, volumes = 3}
              @book{vol, title = {The Process of Capitalist Production}, crossref = {mv}, volume = 1}"""
    it = _by_id(_items(text))
    assert it["child"]["title"] == "Introduction"
    assert it["child"]["container-title"] == "The invention of tradition"  # sentence case, as pandoc
    assert it["child"]["editor"] == [{"family": "Hobsbawm", "given": "Eric"}]
    assert it["vol"]["title"] == "Capital" and it["vol"]["volume-title"] == "The process of capitalist production"  # English: sentence case, as pandoc


def test_keys_that_fold_to_one_key_are_made_distinct():
    out = bibio.write_bib([{"id": "lenin 1917", "type": "book", "title": "A"}, {"id": "lenin-1917", "type": "book", "title": "B"},
                           {"id": "Lenin-1917", "type": "book", "title": "C"}])
    assert re.findall(r"@book\{([^,]+),", out) == ["lenin-1917", "lenin-1917-2", "Lenin-1917-3"]


def test_csljson_field_of_the_wrong_type_names_file_item_and_field():
    with pytest.raises(bibio.BibInputError) as e:
        bibio.read_csl_items([{"id": "a", "type": "book"}, {"id": "carr1950", "type": "book", "title": ["The Bolshevik Revolution"]}],
                             "refs.json")
    assert str(e.value) == "refs.json: entry 'carr1950', field 'title': expected a string or number, got list"
    for bad, field in (({"id": "x", "author": "Carr"}, "author"), ({"id": "x", "author": [{"family": 3.5, "given": []}]}, "author[0].given"),
                       ({"id": "x", "issued": {"date-parts": [[{"y": 1}]]}}, "issued"), ({"id": "x", "issued": 1917}, "issued"),
                       ({"title": "no id"}, "id"), ({"id": "x", "volume": {"n": 1}}, "volume")):
        with pytest.raises(CitekitError) as e:
            bibio.validate_csl(bad, "r.json")
        assert f"field {field!r}" in str(e.value)


def test_string_date_parts_and_season_export_to_biblatex():
    items = bibio.read_csl_items([
        {"id": "a", "type": "article-journal", "title": "T", "issued": {"date-parts": [["1917", "10", "25"]]}},
        {"id": "b", "type": "article-journal", "title": "T", "issued": {"date-parts": [["1968"]], "season": "Spring"}},
        {"id": "c", "type": "article-journal", "title": "T", "issued": {"date-parts": [[1991]], "season": 3}},
    ], "s.json")
    out = bibio.write_bib(items)
    assert "date = {1917-10-25}" in out and "date = {1968-21}" in out and "date = {1991-23}" in out
    back = _by_id(_items(out))
    assert back["b"]["issued"] == {"date-parts": [[1968]], "season": 1}
    assert back["a"]["issued"] == {"date-parts": [[1917, 10, 25]]}
    assert Bibliography(items).render("apa")  # a season date no longer loses the list


def test_a_million_authors_is_refused_with_the_limit():
    with pytest.raises(bibio.BibInputError) as e:
        bibio.validate_csl({"id": "big", "type": "book", "author": [{"family": "X"}] * 1_000_000}, "big.json")
    assert str(e.value) == "big.json: entry 'big', field 'author': 1000000 names, more than the limit of 10000"
    with pytest.raises(bibio.BibInputError):
        _items("@book{b, author = {" + " and ".join(["A, B"] * 10_001) + "}}", "b.bib")


def test_cli_exits_2_with_one_line_for_bad_input(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('[{"id": "a", "type": "book", "issued": {"date-parts": [["x"]]}}]', encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "citekit", "bib", "--format", "biblatex", str(bad)], capture_output=True, text=True)
    assert r.returncode == 2
    assert r.stderr.strip() == f"citekit: error: {bad}: entry 'a', field 'issued': date part 'x' is not a number"


# --- pandoc Markdown ---------------------------------------------------------------------------


def test_front_matter_bibliography_forms(tmp_path):
    (tmp_path / "a.bib").write_text("", encoding="utf-8")
    assert bibio.front_matter_bibliography("---\nbibliography: a.bib\n---\ntext", str(tmp_path)) == [str(tmp_path / "a.bib")]
    assert bibio.front_matter_bibliography("---\ntitle: x\nbibliography: [a.bib, 'b.json']\n...\n", None) == ["a.bib", "b.json"]
    assert bibio.front_matter_bibliography("---\nbibliography:\n  - one.bib\n  - two.json\nlang: de\n---\n", None) == ["one.bib", "two.json"]
    assert bibio.front_matter_bibliography("no front matter\nbibliography: a.bib\n", None) == []


def _pandoc_list(paper: Path, csl: Path) -> list[str]:
    pypandoc = pytest.importorskip("pypandoc")
    out = pypandoc.convert_file(str(paper), "plain", format="markdown",
                                extra_args=["--citeproc", "--wrap=none", f"--csl={csl}", "--metadata=suppress-bibliography=false"],
                                cworkdir=str(paper.parent))
    body = out.split("\n\n")
    refs = [b.strip() for b in body if b.strip() and not b.startswith(("[", "  ")) and re.search(r"\b1[89]\d\d\b|n\.d\.", b)]
    return refs


@pytest.mark.parametrize("style", ["chicago-author-date", "apa"])
def test_citekit_bib_finds_the_front_matter_bibliography(style, tmp_path):
    paper = tmp_path / "paper.md"
    shutil.copy(FIX / "paper.md", paper)
    shutil.copy(BIB, tmp_path / "library.bib")
    r = subprocess.run([sys.executable, "-m", "citekit", "bib", "--style", style, str(paper)], capture_output=True, text=True,
                       cwd=str(tmp_path))
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert any(x.startswith("Zetkin, C") for x in lines) and any("Stalinism" in x for x in lines)
    assert not any(x.strip() in ("n.d.", "(n.d.).") for x in lines)  # undefined keys are not entries


_YAML_PAPER = """---
title: "Scale in microhistory"
bibliography: sources.bib
lang: en-GB
---

Ginzburg read the trial records closely [@ginzburg1976, p. 12], as Levi [-@levi1985, 45] did
for Santena; @davis1983 [ch. 2] told one village's story; [@nosuchkey2001] is not defined.
"""

_YAML_BIB = """@book{ginzburg1976, author = {Ginzburg, Carlo}, title = {Il formaggio e i vermi}, publisher = {Einaudi}, address = {Torino}, year = {1976}, langid = {italian}}
@book{levi1985, author = {Levi, Giovanni}, title = {L'eredità immateriale}, publisher = {Einaudi}, address = {Torino}, year = {1985}}
@book{davis1983, author = {Davis, Natalie Zemon}, title = {The Return of Martin Guerre}, publisher = {Harvard University Press}, address = {Cambridge, MA}, year = {1983}}
"""


def test_every_verb_and_the_api_use_the_front_matter_bibliography(tmp_path, capsys):
    """pandoc reads ``bibliography:`` without --bibliography; so do extract (CLI and
    ``citekit.extract``) and check, for one file and for each file of a corpus."""
    import json

    import citekit
    from citekit.cli import main

    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text(_YAML_PAPER, encoding="utf-8")
    (tmp_path / "sources.bib").write_text(_YAML_BIB, encoding="utf-8")
    ex = citekit.extract(tmp_path / "a.md")
    rec = ex.record("ginzburg1976")
    assert rec is not None and rec.csl["publisher"] == "Einaudi" and rec.csl["title"] == "Il formaggio e i vermi"
    assert main(["extract", "--format", "csljson", str(tmp_path / "a.md")]) == 0
    items = {i["id"]: i for i in json.loads(capsys.readouterr().out)}
    assert items["davis1983"]["publisher-place"] == "Cambridge, MA"
    main(["check", "--select", "R505", str(tmp_path / "a.md"), str(tmp_path / "b.md")])
    out = capsys.readouterr().out
    assert out.count("R505") == 2 and "nosuchkey2001" in out and "ginzburg1976" not in out  # one undefined key per file


_INLINE_REFS = """---
title: Moral economy
bibliography: sources.bib
references:
- id: thompson1963
  type: book
  author:
  - family: Thompson
    given: E. P.
  title: The making of the English working class
  publisher: Gollancz
  publisher-place: London
  issued: 1963
- id: levi1985
  type: book
  author:
  - {family: Levi, given: Giovanni}
  title: L'eredità immateriale
  publisher: Einaudi
  issued: 1985-03-01
---

Thompson rescued the stockinger [@thompson1963, p. 12]; see also @levi1985 [ch. 3] and
[@davis1983, 45].
"""


def test_front_matter_references_are_a_library_and_never_prose(tmp_path, capsys):
    """pandoc's inline ``references:`` (CSL YAML) win over the .bib's entry of the same id; the
    front matter is metadata: none of its lines is read as a citation or a reference entry."""
    import citekit

    (tmp_path / "p.md").write_text(_INLINE_REFS, encoding="utf-8")
    (tmp_path / "sources.bib").write_text(_YAML_BIB.replace("Einaudi}, address = {Torino}, year = {1985}", "Feltrinelli}, year = {1984}"),
                                          encoding="utf-8")
    ex = citekit.extract(tmp_path / "p.md")
    assert [c.text for c in ex.citations] == ["@thompson1963, p. 12", "@levi1985 [ch. 3]", "@davis1983, 45"]
    levi = ex.record("levi1985").csl
    assert levi["issued"] == {"date-parts": [[1985, 3, 1]]} and levi["publisher"] == "Einaudi"  # the YAML, not the .bib's "Levi"
    assert ex.record("thompson1963").csl["issued"] == {"date-parts": [[1963]]}
    assert ex.record("davis1983").csl["publisher-place"] == "Cambridge, MA"  # the .bib named beside it
    assert ex.citations[1].refs[0].label == "chapter" and ex.citations[1].refs[0].locator == "3"


def test_malformed_front_matter_references_name_file_and_line(tmp_path):
    from citekit.errors import CitekitError

    import citekit

    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: x\nreferences:\n- id: a\n  title: [unclosed\n---\n\nText [@a].\n", encoding="utf-8")
    with pytest.raises(CitekitError, match=r"bad\.md:.*line \d+.*YAML"):
        citekit.extract(bad)
    wrong = tmp_path / "wrong.md"
    wrong.write_text("---\nreferences:\n- id: a\n  author: Smith\n---\n\nText [@a].\n", encoding="utf-8")
    with pytest.raises(CitekitError, match=r"wrong\.md.*author"):
        citekit.extract(wrong)
