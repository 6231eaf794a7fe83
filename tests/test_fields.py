"""The trained field parser (citekit/fields/): tokens, features, labelled runs, records, `citekit parse`."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import citekit
from citekit.cli import main
from citekit.fields import crf
from citekit.fields.features import features
from citekit.fields.record import fields_from_segments, record_from_segments
from citekit.fields.tokens import tokenize


def test_tokens_split_letters_digits_and_punctuation_with_offsets():
    toks = tokenize("VI Lenin CW Vol30, p208; Service, Lenin, 3:152.")
    assert [t.text for t in toks][:8] == ["VI", "Lenin", "CW", "Vol", "30", ",", "p", "208"]
    assert all("VI Lenin CW Vol30, p208; Service, Lenin, 3:152."[t.start : t.end] == t.text for t in toks)
    vol, num = toks[3], toks[4]
    assert vol.space and not num.space


def test_features_one_list_per_token_with_gazetteers():
    toks = tokenize("Paris: Gallimard, 1978, S. 45")
    f = features(toks)
    assert len(f) == len(toks)
    assert "place" in f[0] and "g=pub" in f[2] and "year" in f[4]
    assert "g=loc" in f[6]  # "S" is a locator term (Seite)


def _segs(text: str, pairs: list[tuple[str, str]]) -> list[crf.Segment]:
    out, pos = [], 0
    for value, label in pairs:
        s = text.index(value, pos)
        out.append(crf.Segment(label, s, s + len(value)))
        pos = s + len(value)
    return out


def test_fields_from_segments_chicago_full_note():
    text = "Robert Service, Lenin: A Political Life, vol. 3 (Bloomington: Indiana University Press, 1995), 140–45."
    segs = _segs(
        text,
        [("Robert Service", "author"), ("Lenin: A Political Life", "title"), ("vol. 3", "volume"), ("Bloomington", "place"),
         ("Indiana University Press", "publisher"), ("1995", "date"), ("140–45", "locator")],
    )
    f = fields_from_segments(text, segs)
    assert [(n.family, n.given) for n in f.authors] == [("Service", "Robert")]
    assert (f.title, f.volume, f.pages, f.year, f.place, f.publisher) == (
        "Lenin: A Political Life", "3", "140-145", "1995", "Bloomington", "Indiana University Press")


def test_record_from_segments_inverted_names_and_article_type():
    text = "Smith, J. and van der Linden, M. (1990b). Strikes. Journal of Labour History, 12(3), 45-67."
    segs = _segs(
        text,
        [("Smith, J. and van der Linden, M.", "author"), ("1990b", "date"), ("Strikes", "title"),
         ("Journal of Labour History", "container-title"), ("12", "volume"), ("3", "issue"), ("45-67", "locator")],
    )
    csl = record_from_segments(text, segs)
    assert csl["author"] == [{"family": "Smith", "given": "J."}, {"family": "van der Linden", "given": "M."}]
    assert csl["issued"] == {"date-parts": [[1990]]} and csl["year-suffix"] == "b"
    assert (csl["volume"], csl["issue"], csl["page"]) == ("12", "3", "45-67")
    assert csl["type"] == "article-journal" and csl["id"] == "smith1990strikes"


def test_record_from_segments_chapter_with_editor_role_words_removed():
    text = "Roth, K. Streik. In Arbeit und Kapital, hrsg. von M. Weber und A. Kern. Berlin: Dietz, 1985."
    segs = _segs(
        text,
        [("Roth, K.", "author"), ("Streik", "title"), ("Arbeit und Kapital", "container-title"),
         ("hrsg. von M. Weber und A. Kern", "editor"), ("Berlin", "place"), ("Dietz", "publisher"), ("1985", "date")],
    )
    csl = record_from_segments(text, segs)
    assert csl["editor"] == [{"family": "Weber", "given": "M."}, {"family": "Kern", "given": "A."}]
    assert csl["type"] == "chapter" and csl["container-title"] == "Arbeit und Kapital"


def test_runs_drop_edge_punctuation():
    toks = tokenize("“Strikes,” Past")
    labelled = list(zip(toks, ["title", "title", "title", "title", "container-title"]))
    (t, c) = crf.runs(labelled)
    assert "“Strikes,” Past"[t.start : t.end] == "Strikes" and c.label == "container-title"


# --- with the shipped model -----------------------------------------------------------------

REFERENCES = [
    # (string, field, expected) — forms and languages not in the training sources' styles
    ("Hobsbawm, Eric. The Age of Revolution, 1789–1848. London: Weidenfeld and Nicolson, 1962.", "title", "The Age of Revolution, 1789–1848"),
    ("Hobsbawm, Eric. The Age of Revolution, 1789–1848. London: Weidenfeld and Nicolson, 1962.", "publisher-place", "London"),
    ("Koselleck, Reinhart: Kritik und Krise. Frankfurt am Main: Suhrkamp 1973.", "publisher", "Suhrkamp"),
    ("Furet, François, Penser la Révolution française, Paris, Gallimard, 1978.", "title", "Penser la Révolution française"),
    ("Thompson, E. P. 1963. The Making of the English Working Class. London: Gollancz.", "issued", {"date-parts": [[1963]]}),
    ("Davis, Natalie Zemon. “The Rites of Violence.” Past and Present 59 (1973): 51–91.", "container-title", "Past and Present"),
    ("Davis, Natalie Zemon. “The Rites of Violence.” Past and Present 59 (1973): 51–91.", "page", "51-91"),
]


@pytest.mark.parametrize("text,var,expected", REFERENCES)
def test_parse_reference_reads_unseen_humanities_references(text, var, expected):
    rec = citekit.parse_reference(text)
    assert rec.csl.get(var) == expected, rec.csl


def test_parse_reference_first_author():
    rec = citekit.parse_reference("Ginzburg, Carlo. Il formaggio e i vermi. Torino: Einaudi, 1976.")
    assert rec.csl["author"][0]["family"] == "Ginzburg"


def test_parse_reference_blank_gives_a_note_only_item():
    rec = citekit.parse_reference("   ")
    assert rec.csl == {"id": "untitled", "type": "document", "note": ""}


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_parse_reference_never_raises(text):
    rec = citekit.parse_reference(text)
    assert rec.csl["id"] and rec.csl["type"]


# --- citekit parse --------------------------------------------------------------------------

def test_cli_parse_keeps_one_item_per_line_in_order(tmp_path, capsys):
    p = tmp_path / "refs.txt"
    p.write_text(
        "Hobsbawm, Eric. The Age of Revolution. London: Weidenfeld and Nicolson, 1962.\n"
        "\n"
        "Hobsbawm, Eric. The Age of Revolution. London: Weidenfeld and Nicolson, 1962.\n",
        encoding="utf-8",
    )
    assert main(["parse", str(p)]) == 0
    items = json.loads(capsys.readouterr().out)
    assert len(items) == 3
    assert items[1] == {"id": "line-2", "type": "document", "note": ""}
    assert items[0]["id"] != items[2]["id"] and items[0]["title"] == items[2]["title"]


def test_cli_parse_json_gives_segments_with_offsets(tmp_path, capsys):
    p = tmp_path / "refs.txt"
    p.write_text("Carr, E. H. The Bolshevik Revolution. Vol. 1. London: Macmillan, 1950.\n", encoding="utf-8")
    assert main(["parse", str(p), "--format", "json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert all(row["text"][s["start"] : s["end"]] == s["text"] for s in row["segments"])
    assert any(s["label"] == "publisher" and s["text"] == "Macmillan" for s in row["segments"])


def test_cli_parse_bibtex_from_stdin():
    r = subprocess.run(
        [sys.executable, "-m", "citekit", "parse", "-", "--format", "bibtex"],
        input="Carr, E. H. The Bolshevik Revolution. London: Macmillan, 1950.\n".encode(),
        capture_output=True,
    )
    assert r.returncode == 0, r.stderr
    assert b"@book{" in r.stdout and b"Macmillan" in r.stdout


@pytest.mark.parametrize("content,needle", [(b"\x00\x01binary", b"NUL"), (b"caf\xe9\n", b"byte 0xe9 at byte offset 3 (line 1)")])
def test_cli_parse_bad_input_is_one_clear_error(tmp_path, content, needle):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    r = subprocess.run([sys.executable, "-m", "citekit", "parse", str(p)], capture_output=True)
    assert r.returncode == 2 and needle in r.stderr and str(p).encode() in r.stderr and b"Traceback" not in r.stderr


def test_cli_parse_directory_is_refused(tmp_path):
    r = subprocess.run([sys.executable, "-m", "citekit", "parse", str(tmp_path)], capture_output=True)
    assert r.returncode == 2 and b"not a regular file" in r.stderr


# --- the NumPy tagger is crfsuite's tagger ------------------------------------------------------

def test_numpy_tagger_labels_and_marginals_equal_crfsuites(tmp_path):
    """Train a small crfsuite model, export it as citekit ships models, and tag with both."""
    pycrfsuite = pytest.importorskip("pycrfsuite", reason="python-crfsuite (the train/test extra) is not installed")
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent / "training"))
    from build_model import export, token_labels
    from common import Example

    examples = [
        Example("t", "d", "note", (("Eric Hobsbawm", "author"), (", ", "other"), ("The Age of Revolution", "title"), (" (", "other"), ("London", "place"), (": ", "other"), ("Weidenfeld", "publisher"), (", ", "other"), ("1962", "date"), ("), ", "other"), ("45", "locator"), (".", "other"))),
        Example("t", "d", "note", (("Hobsbawm", "author"), (", ", "other"), ("Age of Revolution", "title"), (", ", "other"), ("47–49", "locator"), (".", "other"))),
        Example("t", "d", "reference", (("Koselleck, Reinhart", "author"), (". ", "other"), ("Kritik und Krise", "title"), (". ", "other"), ("Frankfurt am Main", "place"), (": ", "other"), ("Suhrkamp", "publisher"), (", ", "other"), ("1973", "date"), (".", "other"))),
    ] * 5
    trainer = pycrfsuite.Trainer(verbose=False)
    for ex in examples:
        toks, labels = token_labels(ex)
        trainer.append(features(toks), labels)
    trainer.set_params({"c1": 0.01, "c2": 0.01, "max_iterations": 30, "feature.possible_transitions": True})
    cs_path = tmp_path / "m.crfsuite"
    trainer.train(str(cs_path))
    npz = tmp_path / "m.npz"
    export(cs_path, npz)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(cs_path))
    old_path = crf.model_path
    try:
        crf.model_path = lambda: npz
        crf._model.cache_clear()
        for s in ["Natalie Zemon Davis, Society and Culture (Stanford: Stanford University Press, 1975), 12.",
                  "Davis, Society, 14.", "Ginzburg, Carlo. Il formaggio e i vermi. Torino: Einaudi, 1976.", "x"]:
            toks = tokenize(s)
            feats = features(toks)
            expected = tagger.tag(feats)
            got = crf.label_with_confidence(s)
            assert [lab for _, lab, _ in got] == expected
            for i, (_, lab, p) in enumerate(got):
                assert abs(p - tagger.marginal(lab, i)) < 1e-4
    finally:
        crf.model_path = old_path
        crf._model.cache_clear()


def test_missing_model_is_a_citekit_error(tmp_path, monkeypatch):
    monkeypatch.setattr(crf, "model_path", lambda: tmp_path / "none.npz")
    crf._model.cache_clear()
    try:
        with pytest.raises(citekit.CitekitError, match="model is missing"):
            crf.segments("Hobsbawm, Age of Revolution, 45.")
    finally:
        monkeypatch.undo()
        crf._model.cache_clear()


@pytest.mark.parametrize(
    "raw,families",
    [
        ("Guido Hausmann/Andreas Kappeler (Hg.)", ["Hausmann", "Kappeler"]),
        ("Hausmann/Kappeler", ["Hausmann", "Kappeler"]),
        ("M. Hildermeier / J. Kocka / C. Conrad", ["Hildermeier", "Kocka", "Conrad"]),
        ("Jean Jaurès et Albert Thomas", ["Jaurès", "Thomas"]),
    ],
)
def test_names_split_on_slashes_and_other_languages_and(raw, families):
    from citekit.fields.record import _names

    assert [n.family for n in _names(raw)[0]] == families


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"), max_size=80), max_size=6))
def test_cli_parse_gives_one_item_per_line_for_any_lines(tmp_path_factory, lines):
    p = tmp_path_factory.mktemp("p") / "in.txt"
    p.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(["parse", str(p)]) == 0
    items = json.loads(buf.getvalue())
    assert len(items) == len(lines)
    assert len({i["id"] for i in items}) == len(items)


def _seg(text: str, *parts: tuple[str, str]) -> list:
    """Segments for ``parts`` (label, exact substring), in order of their first occurrence."""
    out, at = [], 0
    for label, sub in parts:
        i = text.index(sub, at)
        out.append(crf.Segment(label, i, i + len(sub)))
        at = i + len(sub)
    return out


@pytest.mark.parametrize(
    "text, parts, title, container",
    [
        # a quoted article title run into the unquoted container (MLA 9, Chicago 14.175)
        ('Marshall, Tyler. "Grimms Celebrated." Los Angeles Times, 15 March 1985, p. 3.',
         [("author", "Marshall, Tyler"), ("title", 'Grimms Celebrated." Los Angeles Times'), ("date", "15 March 1985")],
         "Grimms Celebrated", "Los Angeles Times"),
        # French guillemets
        ("Dupont, Jean, « La Commune et ses juges » Revue historique, 1971, p. 12.",
         [("author", "Dupont, Jean"), ("title", "La Commune et ses juges » Revue historique"), ("date", "1971")],
         "La Commune et ses juges", "Revue historique"),
        # Italian ", in “…”" inside one run
        ("Rossi, M., La vicenda del palazzo, in “Arte Veneta” 7 (1984).",
         [("author", "Rossi, M"), ("title", "La vicenda del palazzo, in “Arte Veneta"), ("date", "1984")],
         "La vicenda del palazzo", "Arte Veneta"),
        # German "in:" between two title runs with editors between
        ("Müller, K., Die Räte 1918. In: H. Weber (Hg.), Revolution und Republik, Berlin 1990.",
         [("author", "Müller, K"), ("title", "Die Räte 1918"), ("editor", "H. Weber (Hg.)"), ("title", "Revolution und Republik"), ("place", "Berlin"), ("date", "1990")],
         "Die Räte 1918", "Revolution und Republik"),
        # a journal swallowed by the title run, a volume after it (Chicago 14.171)
        ("Fitzpatrick, Sheila. Cultural Revolution Revisited. Russian Review 58 (1999): 202-9.",
         [("author", "Fitzpatrick, Sheila"), ("title", "Cultural Revolution Revisited. Russian Review"), ("volume", "58"), ("date", "1999")],
         "Cultural Revolution Revisited", "Russian Review"),
        # a book title with a subtitle after a full stop and a place after it stays whole
        ("Deutscher, Isaac. Stalin. A Political Biography. London: OUP, 1949.",
         [("author", "Deutscher, Isaac"), ("title", "Stalin. A Political Biography"), ("place", "London"), ("date", "1949")],
         "Stalin. A Political Biography", None),
    ],
)
def test_title_and_container_split_where_one_run_holds_both(text, parts, title, container):
    f = fields_from_segments(text, _seg(text, *parts))
    assert (f.title, f.container) == (title, container)


@pytest.mark.parametrize(
    "volume_text, volume, issue",
    [("3(6)", "3", "6"), ("54, Nr. 3", "54", "3"), ("2, no. 7", "2", "7"), ("33:3", "33", "3"), ("vol. 30", "30", None), ("12", "12", None)],
)
def test_issue_inside_a_volume_run(volume_text, volume, issue):
    text = "Smith, J. Title. Journal " + volume_text + " (1990): 1-5."
    f = fields_from_segments(text, _seg(text, ("author", "Smith, J"), ("title", "Title"), ("container-title", "Journal"), ("volume", volume_text)))
    assert (f.volume, f.issue) == (volume, issue)


@pytest.mark.parametrize(
    "entry, volume, pages",
    [
        ("Fitzpatrick, S. (1999). Cultural revolution revisited. Russian Review, 58, 202-209.", "58", "202-209"),
        ("Haupt, H.-G. (2004). Die Arbeiterbewegung im Vergleich. Geschichte und Gesellschaft, 30, 101-125.", "30", "101-125"),
        ("Moreau, J. (1987). La Commune et ses historiens. Annales, 42(3), 611-630.", "42", "611-630"),
    ],
)
def test_reference_entry_keeps_journal_volume_out_of_the_pages(entry, volume, pages):
    from citekit.knowledge import bundled
    from citekit.parse import parse_reference_entry

    f = parse_reference_entry(entry, bundled())
    assert (f.volume, f.pages) == (volume, pages)


@pytest.mark.parametrize(
    "entry, family, title, year, container",
    [
        # German "Nachname, Vorname: Titel" (DIN 1505-2)
        ("Wehler, Hans-Ulrich: Das Deutsche Kaiserreich 1871–1918, Göttingen 1973.", "Wehler", "Das Deutsche Kaiserreich 1871–1918", "1973", None),
        ("Nipperdey, Thomas: Deutsche Geschichte 1800–1866, München 1983.", "Nipperdey", "Deutsche Geschichte 1800–1866", "1983", None),
        # MLA 9: a short title between the author and the publisher
        ("Ellison, Ralph. Invisible Man. Random House, 1952.", "Ellison", "Invisible Man", "1952", None),
        ("Eliot, George. Middlemarch. Penguin, 1994.", "Eliot", "Middlemarch", "1994", None),
        # MLA 9 2.64: original date, then the edition's imprint and date
        ("Austen, Jane. Persuasion. 1817. Oxford UP, 2004.", "Austen", "Persuasion", "2004", None),
        # IEEE: a quoted part, then its container
        ('[4] M. Thaller, "Historical information science," History and Computing, vol. 5, 1993.', "Thaller", "Historical information science", "1993", "History and Computing"),
        # APA 7 book: the publisher is no container; a translator neither
        ("Bloch, M. (1953). The historian's craft (P. Putnam, Trans.). Vintage Books.", "Bloch", "The historian's craft", "1953", None),
        ("Ricoeur, P. (2004). Memory, history, forgetting. University of Chicago Press.", "Ricoeur", "Memory, history, forgetting", "2004", None),
    ],
)
def test_reference_entries_of_other_styles(entry, family, title, year, container):
    from citekit.knowledge import bundled
    from citekit.parse import parse_reference_entry

    f = parse_reference_entry(entry, bundled())
    assert (f.authors[0].family, f.title, f.year, f.container) == (family, title, year, container)


@pytest.mark.parametrize(
    "entry, family, title, container, volume",
    [
        # Chicago 14.123: a volume of a multivolume work inside the title run
        ("Mann, Thomas. Der Zauberberg. Vol. 3 of Gesammelte Werke. Frankfurt: Fischer, 1974.", "Mann", "Der Zauberberg", "Gesammelte Werke", "3"),
        ("Hugo, Victor. Les Misérables. Vol. 2 of Œuvres complètes. Paris: Hetzel, 1881.", "Hugo", "Les Misérables", "Œuvres complètes", "2"),
        # a bibliography head "Family, Given." whose given name the CRF put into the title
        ("Calvino, Italo. Le città invisibili. Torino: Einaudi, 1972.", "Calvino", "Le città invisibili", None, None),
    ],
)
def test_volume_of_a_collection_and_bibliography_heads(entry, family, title, container, volume):
    from citekit.knowledge import bundled
    from citekit.parse import parse_reference_entry

    f = parse_reference_entry(entry, bundled())
    assert (f.authors[0].family, f.title, f.container, f.volume) == (family, title, container, volume)


def test_a_role_sentence_is_never_the_missing_title():
    text = "Andrade, Mário de. Translated by E. A. Goodland. New York: Random House, 1984."
    segs = _seg(text, ("author", "Andrade, Mário de"), ("place", "New York"), ("publisher", "Random House"), ("date", "1984"))
    assert fields_from_segments(text, segs).title is None


@pytest.mark.parametrize(
    "note, pages",
    [
        ("Hans-Ulrich Wehler, Das Deutsche Kaiserreich 1871–1918, 5. Aufl., München 2007 (Oldenbourg Grundriss der Geschichte, Bd. 13), S. 180–198.", "180-198"),
        ("Dietrich Geyer, Die Russische Revolution, Göttingen 1985 (Kleine Vandenhoeck-Reihe, Bd. 1517), S. 44.", "44"),
        ("Marc Ferro, La Révolution de 1917, Paris 1967 (Collection historique, vol. 12), p. 88.", "88"),
    ],
)
def test_a_series_number_after_the_imprint_is_no_volume(note, pages):
    from citekit.knowledge import bundled
    from citekit.parse import parse_citation

    (f,) = parse_citation(note, bundled())
    assert (f.volume, f.pages) == (None, pages)


@pytest.mark.parametrize(
    "entry",
    [
        "Weber, Max ; Winckelmann, J. (Hrsg.): Wirtschaft und Gesellschaft. Bd. v. 2. Tübingen : Mohr, 1922",
        "Mommsen, Theodor. Römische Geschichte. 3 vols. Berlin: Weidmann, 1854.",
        "Lavisse, Ernest. Histoire de France. 9 t. Paris : Hachette, 1903.",
    ],
)
def test_a_count_of_volumes_is_no_volume(entry):
    from citekit.knowledge import bundled
    from citekit.parse import parse_reference_entry

    assert parse_reference_entry(entry, bundled()).volume is None


@pytest.mark.parametrize(
    "note",
    [
        "Claire Dumont, « Les sociétés populaires de Lyon » Thèse de doctorat, Université Lumière Lyon 2, Lyon, 2004, sect. 17.",
        "Marie Lefèvre, « Les clubs de Marseille » Thèse de doctorat, Université Paris 1, Paris, 1999, p. 12.",
        "Jean Martin, « La garde nationale » Mémoire de maîtrise, Université Rennes 2, Rennes, 1987, p. 40.",
    ],
)
def test_a_university_number_is_no_volume(note):
    from citekit.knowledge import bundled
    from citekit.parse import parse_citation

    (f,) = parse_citation(note, bundled())
    assert f.volume is None


@pytest.mark.parametrize(
    "names, expected",
    [("Kocka, Jürgen", [("Kocka", "Jürgen")]), ("Wałęsa, Łukasz", [("Wałęsa", "Łukasz")]), ("Furet, François, and Ozouf, Mona", [("Furet", "François"), ("Ozouf", "Mona")])],
)
def test_inverted_names_with_accented_given_names(names, expected):
    from citekit.parse import parse_inverted_names

    assert [(n.family, n.given) for n in parse_inverted_names(names)] == expected


@pytest.mark.parametrize(
    "entry, year",
    [
        ("Hofbauer, Leopold: Salzhandel in Hallein, Salzburg 1983 (Salzburger Studien, Bd. 9).", "1983"),
        ("Moreau, Claire. Les Verriers de Bresse. Bourg: Éditions du Mont, 1996 (Cahiers bressans, vol. 14).", "1996"),
        ("Tanner, Ruth. Drovers' Roads. Leeds: Maney, 2001 (Northern History Studies, 22).", "2001"),
    ],
)
def test_a_series_number_in_a_reference_entry_is_no_volume(entry, year):
    from citekit.knowledge import bundled
    from citekit.parse import parse_reference_entry

    f = parse_reference_entry(entry, bundled())
    assert (f.volume, f.year) == (None, year)
