"""The style-matrix benchmark (benchmarks/style_matrix.py): its generator's truth and its scorer.

No threshold on citekit's own scores here: the figures move as detection and parsing
improve; the benchmark, not the tests, reports them."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import style_matrix as sm  # noqa: E402

from citekit.render import Bibliography  # noqa: E402


@pytest.fixture(scope="module")
def items():
    return sm.load_items()


def test_fixture_is_varied(items):
    assert len(items) >= 40
    assert len({i["id"] for i in items}) == len(items)
    kinds = {i["type"] for i in items}
    assert {"book", "chapter", "article-journal", "article-newspaper", "thesis", "letter", "manuscript"} <= kinds
    assert {i["language"] for i in items} >= {"en", "de", "fr", "it", "es"}
    assert any(i.get("number-of-volumes") for i in items)
    assert any(i.get("translator") for i in items)
    assert any("literal" in a for i in items for a in i.get("author", []))
    assert any(a.get("non-dropping-particle") == "van der" for i in items for a in i.get("author", []))


@pytest.fixture(scope="module")
def chicago(items):
    return sm.build("chicago-notes-bibliography", "en-US", "glued", 3, items)


@pytest.fixture(scope="module")
def apa(items):
    return sm.build("apa", "en-US", "", 3, items)


def test_note_document_truth_points_at_the_rendered_notes(chicago, items):
    text, truth = chicago
    assert truth["class"] == "note"
    # every cluster's span holds what the engine rendered for it, in order, under the Notes heading
    notes = [c for c in truth["clusters"] if c["start"] >= truth["notes_region"][0]]
    assert [text[c["start"]:c["end"]] for c in notes] == truth["rendered"]
    # rendered again, independently, from the CSL clusters kept in the truth: the same notes
    again = Bibliography(items + truth["volume_items"]).cite([tuple(c) for c in truth["csl_clusters"]], "chicago-notes-bibliography")
    assert [a.strip() for a in again] == truth["rendered"]
    assert "\nNotes\n\n1. " in text and "\nBibliography\n\n" in text
    for c in truth["citations"]:
        assert text[c["start"]:c["end"]] == c["text"]
        cl = truth["clusters"][[i for i, x in enumerate(truth["clusters"]) if x["start"] <= c["start"] and c["end"] <= x["end"]][0]]
        assert cl["start"] <= c["start"] < c["end"] <= cl["end"]
    # markers glued to the prose, numbered 1..n, before the notes
    assert [m["note"] for m in truth["markers"]] == list(range(1, len(truth["rendered"]) + 1))
    for m in truth["markers"]:
        assert text[m["start"]:m["end"]] == str(m["note"]) and not text[m["start"] - 1].isspace()
    # a two-work note is split at its delimiter, each part naming its own work
    by_id = {i["id"]: i for i in items}
    two = [c for c in truth["citations"] if sum(1 for d in truth["citations"] if d["cluster"] == c["cluster"]) == 2]
    assert two
    for c in two:
        assert sm._ident(by_id[c["item"]]).lower() in c["text"].lower()
    # the reference-list entries are where the truth says
    for e in truth["entries"]:
        assert text[e["start"]:e["end"]] == e["text"]


def test_note_document_has_positions_prefixes_and_locators(chicago):
    text, truth = chicago
    got = sm.coverage([[dict(item=c["item"], label=c["label"], value=c["value"], volume=c["volume"], prefix=c["prefix"])
                        for c in truth["citations"] if c["cluster"] == k] for k in range(len(truth["rendered"]))], "note")
    assert sm.required("note") <= got
    assert any(r.startswith(("See ", "Cf. ")) for r in truth["rendered"])


def test_bracketed_markers(items):
    text, truth = sm.build("mhra-notes", "en-GB", "bracket", 5, items)
    for m in truth["markers"]:
        assert text[m["start"]:m["end"]] == f"[{m['note']}]"
    assert f"\n[{len(truth['rendered'])}] " in text


def test_author_date_document_truth(apa):
    text, truth = apa
    assert truth["class"] == "author-date" and not truth["markers"]
    for cl, rendered in zip(truth["clusters"], truth["rendered"]):
        assert text[cl["start"]:cl["end"]] == cl["text"]
        if cl["text"] != rendered:  # a narrative citation made from the engine's "(Name, 1963, p. 45)"
            assert cl["text"].endswith(rendered[rendered.index(",") + 2:])
    assert "\nReferences\n\n" in text and len(truth["entries"]) == len({c["item"] for c in truth["citations"]})


def test_end_to_end_two_styles(chicago, apa):
    for text, truth in (chicago, apa):
        r = sm.score(text, truth)
        assert r["citations"] == len(truth["citations"])
        for key in ("detection", "resolution_bcubed", "entries"):
            assert 0.0 <= r[key]["f1"] <= 1.0
        assert 0.0 <= r["locator_accuracy"] <= 1.0
    table = sm.table([dict(style="apa", locale="en-US", **{"class": "author-date"}, **sm.score(*apa))])
    assert "| apa | author-date | en-US |" in table and "mean of 1" in table


def test_the_same_seed_gives_the_same_document(items):
    assert sm.build("ieee", "en-US", "", 9, items) == sm.build("ieee", "en-US", "", 9, items)
    assert sm.build("ieee", "en-US", "", 9, items)[0] != sm.build("ieee", "en-US", "", 10, items)[0]


# --- the scorer on a hand-made case ------------------------------------------------------

TEXT = "Prose.1 More prose.2\n\nNotes\n\n1. Thompson, Making, 140–45.\n2. Ibid., chap. 4.\n3. Hobsbawm, Age, 2:12.\n"


def _truth():
    def cite(text, item, label, value, volume=None):
        s = TEXT.index(text)
        return {"start": s, "end": s + len(text), "text": text, "item": item, "label": label, "value": value,
                "volume": volume, "type": "book", "cluster": 0}
    return {"citations": [cite("Thompson, Making, 140–45.", "thompson-making", "page", "140-145"),
                          cite("Ibid., chap. 4.", "thompson-making", "chapter", "4"),
                          cite("Hobsbawm, Age, 2:12.", "hobsbawm-age-revolution", "page", "12", "2")],
            "entries": [], "markers": [], "reflist": None}


def _pred(truth, changes=None, skip=()):
    """The truth as a prediction, citation ``i`` changed by ``changes[i]`` (attribute -> value)."""
    changes = changes or {}
    out = []
    for i, c in enumerate(truth["citations"]):
        if i in skip:
            continue
        ref = SimpleNamespace(record=c["item"], role="cited", volume=c["volume"],
                              pages=c["value"] if c["label"] == "page" else None,
                              label=None if c["label"] == "page" else c["label"], locator=None if c["label"] == "page" else c["value"])
        for k, v in changes.get(i, {}).items():
            setattr(ref, k, v)
        out.append(SimpleNamespace(start=c["start"], end=c["end"], text=c["text"], refs=(ref,)))
    return SimpleNamespace(citations=out, markers=())


def test_perfect_prediction_scores_one():
    truth = _truth()
    r = sm.score(TEXT, truth, extraction=_pred(truth))
    assert r["detection"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert r["resolution_bcubed"]["f1"] == 1.0 and r["locator_accuracy"] == 1.0
    assert r["missed"] == [] and r["spurious"] == []


def test_one_missed_citation():
    truth = _truth()
    r = sm.score(TEXT, truth, extraction=_pred(truth, skip={2}))
    assert r["detection"]["precision"] == 1.0
    assert r["detection"]["recall"] == pytest.approx(2 / 3)
    assert r["detection"]["f1"] == pytest.approx(0.8)
    assert r["missed"] == ["Hobsbawm, Age, 2:12."]


def test_resolution_and_locator_errors_are_counted():
    truth = _truth()
    # the ibid resolved to another record: thompson's two citations split -> B3 recall 2/3, precision 1
    r = sm.score(TEXT, truth, extraction=_pred(truth, {1: {"record": "something-else"}}))
    assert r["resolution_bcubed"]["precision"] == 1.0
    assert r["resolution_bcubed"]["recall"] == pytest.approx(2 / 3)
    # a chapter read as a page, a lost volume: 1 of 3 locators right
    r = sm.score(TEXT, truth, extraction=_pred(truth, {1: {"label": None, "locator": None, "pages": "4"}, 2: {"volume": None}}))
    assert r["locator_accuracy"] == pytest.approx(1 / 3)
    # a range written short and with an en dash, a Roman volume, a label as printed: all right
    r = sm.score(TEXT, truth, extraction=_pred(truth, {0: {"pages": "140–45"}, 1: {"label": "chap."}, 2: {"volume": "ii"}}))
    assert r["locator_accuracy"] == 1.0


def test_the_overlap_rule():
    # half of the union is enough, less is not
    assert sm.match_spans([(0, 10)], [(0, 5)]) == [(0, 0)]
    assert sm.match_spans([(0, 10)], [(0, 4)]) == []
    assert sm.match_spans([(0, 10)], [(5, 15)]) == []  # overlap 5 of union 15
    # one prediction matches one truth only
    assert sm.match_spans([(0, 10), (10, 20)], [(0, 20)]) == [(0, 0)]


def test_normalisers():
    assert sm.norm_value("502–4") == "502-504"
    assert sm.norm_value("60\u201162") == "60-62"
    assert sm.norm_value("45 ff.") == "45"
    assert sm.norm_volume("Vol. III") == "3" and sm.norm_volume("xxxi") == "31"
    assert sm.norm_label("Kap.") == "chapter" and sm.norm_label("fol.") == "folio"


def test_what_the_citation_prints():
    # a locator or volume counts as printed when its first number stands in the citation as a number
    assert sm.printed("63", "[10]") is False and sm.printed("63", "10, p. 63") is True
    assert sm.printed("403-405", "S. 403–405") is True and sm.printed("404", "S. 1404") is False
    assert sm.printed("31", "Marx, Brief an Friedrich Engels, Dietz, S. 405.", volume=True) is False
    assert sm.printed("2", "Bloch, Feudal Society, vol. II, 45", volume=True) is True  # a Roman volume
    assert sm.printed(None, "anything") is True
    # a term before the value, or a bare number after a name (MLA prints lines and paragraphs bare)
    assert sm.label_printed("29", "Howard 29") is False
    assert sm.label_printed("35", "Howard, par. 35") is True and sm.label_printed("19", "(n 1) l 19") is True


def test_locator_ok_takes_nothing_for_what_is_not_printed_but_never_a_wrong_value():
    item = {"id": "x", "type": "book"}
    t = {"label": "page", "value": "63", "volume": None, "type": "book", "printed_locator": False, "printed_volume": True, "text": "[10]"}
    none = SimpleNamespace(volume=None, pages=None, label=None, locator=None)
    assert sm.locator_ok(t, none, item) is True
    assert sm.locator_ok(t, SimpleNamespace(volume=None, pages="63", label=None, locator=None), item) is True
    assert sm.locator_ok(t, SimpleNamespace(volume=None, pages="64", label=None, locator=None), item) is False
    # an article's own extent given for the whole article is its page field, not a wrong locator
    art = {"id": "a", "type": "article-journal", "volume": "20", "page": "269-277"}
    whole = {"label": None, "value": None, "volume": None, "type": "article-journal", "text": "Quaderni storici 20 (1985): 269–77."}
    assert sm.locator_ok(whole, SimpleNamespace(volume="20", pages="269–77", label=None, locator=None), art) is True
    assert sm.locator_ok(whole, SimpleNamespace(volume="20", pages="270", label=None, locator=None), art) is False
    # "§ 3" is section in en-US and paragraph in de-DE/it-IT
    sec = {"label": "paragraph", "value": "3", "volume": None, "type": "book", "text": "Dumont, cit., § 3."}
    assert sm.locator_ok(sec, SimpleNamespace(volume=None, pages=None, label="section", locator="3"), item) is True
    sec2 = dict(sec, text="Dumont, cit., sect. 3.")
    assert sm.locator_ok(sec2, SimpleNamespace(volume=None, pages=None, label="section", locator="3"), item) is False


def test_a_two_work_cluster_is_split_at_its_one_delimiter_when_a_name_is_not_printed():
    items = {"a": {"id": "a", "type": "book", "author": [{"family": "Kocka"}]},
             "b": {"id": "b", "type": "book", "author": [{"family": "Le Goff"}]},
             "c": {"id": "c", "type": "book", "author": [{"family": "Levi"}]}}
    # an ibid names no author; "Le" is found inside "Levi" only as a word
    spans = sm._split_cluster("Ebd., Fol. 44r; Levi: Title, S. 98.", [{"item": "a"}, {"item": "c"}], items, "; ")
    assert spans == [(0, 14), (16, 35)]
    spans = sm._split_cluster("Levi, 1985, S. 272; Le Goff u. a., 1978, S. 396", [{"item": "c"}, {"item": "b"}], items, "; ")
    assert spans == [(0, 18), (20, 47)]
