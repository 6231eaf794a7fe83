"""The readers of training/corpora.py on the real files of ../shared/training.

Each reader: joined segment texts are the example's string, every label is one of
LABELS + OTHER, and one known reference of each file comes out with the expected
labelled segments.  Skips (with the reason) when ../shared/training is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from training.common import LABELS, OTHER, Example
from training import corpora

TRAINING = Path(__file__).resolve().parent.parent.parent / "shared" / "training"
ALLOWED = set(LABELS) | {OTHER}


def _need(rel: str) -> Path:
    path = TRAINING / rel
    if not path.exists():
        pytest.skip(f"{path} is not present (shared training data not mounted)")
    return path


@pytest.fixture(scope="module")
def anystyle_examples() -> list[Example]:
    return list(corpora.anystyle(_need("anystyle/core.xml")))


@pytest.fixture(scope="module")
def grobid_examples() -> list[Example]:
    return list(corpora.grobid(_need("grobid/citation-corpus.tar.gz")))


@pytest.fixture(scope="module")
def lb_valid() -> list[Example]:
    return list(corpora.linkedbooks(_need("linkedbooks/clean_valid.txt.gz")))


def _well_formed(examples: list[Example], kind: str) -> None:
    assert examples
    for ex in examples:
        assert ex.kind == kind
        assert ex.segments and all(t for t, _ in ex.segments)
        assert "".join(t for t, _ in ex.segments) == ex.text
        assert {l for _, l in ex.segments} <= ALLOWED, ex
        assert ex.text == ex.text.strip() and "  " not in ex.text and "\n" not in ex.text
        assert any(l != OTHER for _, l in ex.segments)
        # whitespace-only segments are OTHER, labelled segments have no edge spaces
        for t, l in ex.segments:
            if l != OTHER:
                assert t == t.strip(), (t, l)


def test_anystyle(anystyle_examples):
    _well_formed(anystyle_examples, "reference")
    assert len(anystyle_examples) == 1514
    assert anystyle_examples[0].segments == (
        ("Heidegger M.,", "author"), (" ", OTHER), ("1927,", "date"), (" ", OTHER),
        ("Être et temps,", "title"), (" ", OTHER), ("Gallimard, Ed.", "editor"), (" ", OTHER),
        ("1986,", "date"), (" ", OTHER), ("Paris.", "place"),
    )
    solon = anystyle_examples[2]
    assert ("In O. C. A. and D. Card (Ed.),", "editor") in solon.segments  # kept as AnyStyle labels it
    assert ("pp. 1761–1800).", "locator") in solon.segments
    assert ("http://www.sciencedirect.com/science/article/pii/S1573446399030102", "url") in solon.segments
    numbered = anystyle_examples[3]  # <citation-number>60.</citation-number>, <journal>
    assert numbered.segments[0] == ("60. ", OTHER) and ("J Endod,", "container-title") in numbered.segments
    assert {ex.doc for ex in anystyle_examples[:25]} == {"anystyle-0000"}


def test_grobid(grobid_examples):
    _well_formed(grobid_examples, "reference")
    assert 8000 < len(grobid_examples) < 8700
    by_text = {ex.text: ex for ex in grobid_examples}
    schwarz = by_text["Schwarz, H. A., 1870, 'Uber enen Grenz Bergang Durich Alternirender Verfahren,' "
                      "Ges. Math. Abhandlungen, Bd. 1, Berlin, 133-143."]
    assert schwarz.doc == "kisti_train_de.tei.xml"
    assert schwarz.segments == (
        ("Schwarz, H. A.", "author"), (", ", OTHER), ("1870", "date"), (", '", OTHER),
        ("Uber enen Grenz Bergang Durich Alternirender Verfahren", "title"), (",' ", OTHER),
        ("Ges. Math. Abhandlungen", "container-title"), (", Bd. ", OTHER), ("1", "volume"), (", ", OTHER),
        ("Berlin", "place"), (", ", OTHER), ("133-143", "locator"), (".", OTHER),
    )
    # <lb/> inside a title and an author list becomes one space
    wolters = next(ex for ex in grobid_examples if "J. Wolters, A. W. Schell" in ex.text)
    assert ("Enhancement of the zero phonon line emission from a single nitrogen vacancy center in a "
            "nanodiamond via coupling to a photonic crystal cavity", "title") in wolters.segments
    # level="m" after a level="a" title is the container; editors labelled
    cau = next(ex for ex in grobid_examples if ex.text.startswith("A. Cau, R. Kuiper"))
    assert ("Proc. 5th. BCS-FACS Refinement Workshop", "container-title") in cau.segments
    assert ("C. B. Jones, R. C. Shaw, and T. Denvir", "editor") in cau.segments
    # citations.xml is cut into blocks of 100 so a split by doc can hold part of it out
    assert any(ex.doc.startswith("citations.xml#") for ex in grobid_examples)
    # the evaluation/ copies of two corpus/ files are read once
    assert not any(ex.doc.startswith("evaluation/") for ex in grobid_examples)


def test_grobid_exclude_cjk(grobid_examples):
    kept = list(corpora.grobid(_need("grobid/citation-corpus.tar.gz"), exclude_cjk=True))
    dropped = len(grobid_examples) - len(kept)
    assert 150 < dropped < 600  # the kisti kr/ja/zh files
    assert not any(corpora.cjk_share(ex.text) > 0.5 for ex in kept)
    assert any("이장원" in ex.text for ex in grobid_examples)


def test_linkedbooks(lb_valid):
    _well_formed(lb_valid, "note")
    toscano = next(ex for ex in lb_valid if ex.text.startswith("Gennaro Toscano"))
    assert toscano.segments == (
        ("Gennaro Toscano - Francesco Valcanover (a cura di),", "editor"), (" ", OTHER),
        ("Da Bellini a Veronese. Temi di arte veneta,", "title"), (" ", OTHER), ("Venezia,", "place"),
        (" ", OTHER), ("Istituto Veneto di Scienze, Lettere ed Arti,", "publisher"), (" ", OTHER),
        ("2004.", "date"),
    )
    melis = next(ex for ex in lb_valid if ex.text.startswith("La crise des trafics"))
    assert ("Studi in memoria di F. Melis,", "container-title") in melis.segments  # after "in:"
    assert all(ex.doc.startswith("lb-valid-") for ex in lb_valid)


def test_linkedbooks_train_first_reference():
    first = next(iter(corpora.linkedbooks(_need("linkedbooks/clean_train.txt.gz"))))
    # tokens "Vero", "-", <line break>, "nese": the hyphen is glued; "S ." → "S."
    assert first.segments == (
        ("piGNATTi T.,", "author"), (" ", OTHER),
        ("Le pitture di Paolo Vero-nese nella chiesa di S. Sebastiano in Venezia,", "title"), (" ", OTHER),
        ("Milano", "place"), (" ", OTHER), ("1966.", "date"),
    )
    assert first.doc == "lb-train-00000"


def test_linkedbooks_context():
    ctx = list(corpora.linkedbooks_context(_need("linkedbooks/clean_valid.txt.gz")))
    _well_formed(ctx, "note")
    assert all(ex.segments[0][1] == OTHER or ex.segments[-1][1] == OTHER for ex in ctx)
    assert all(len(ex.text.split()) <= corpora.LB_WINDOW + 5 for ex in ctx)


def test_separators():
    toks = ["L", "’", "architettura", "(", "Venezia", ",", "27", "-", "29", "novembre", ")", "Con", "-", "vegno"]
    seps = corpora._lb_separators(toks)
    assert "".join(s + t for s, t in zip(seps, toks)) == "L’architettura (Venezia, 27-29 novembre) Con-vegno"


def test_normalise_segments():
    segs = corpora.normalise_segments([("\n  ", OTHER), ("Smith, J. ", "author"), ("\n ", OTHER), (" A\n Book", "title"), (" ", OTHER)])
    assert segs == (("Smith, J.", "author"), (" ", OTHER), ("A Book", "title"))


def test_split_by_doc(anystyle_examples, grobid_examples):
    examples = anystyle_examples + grobid_examples
    train, test = corpora.split(examples, held_out_fraction=0.2, seed=13)
    assert len(train) + len(test) == len(examples)
    assert not ({ex.doc for ex in train} & {ex.doc for ex in test})
    assert 0.05 < len(test) / len(examples) < 0.4
    again = corpora.split(examples, held_out_fraction=0.2, seed=13)
    assert [ex.doc for ex in again[1]] == [ex.doc for ex in test]
    other_seed = corpora.split(examples, held_out_fraction=0.2, seed=14)[1]
    assert {ex.doc for ex in other_seed} != {ex.doc for ex in test}


def test_corpus_spans():
    corpus = TRAINING.parent / "corpus"
    if not corpus.is_dir():
        pytest.skip(f"{corpus} is not present")
    spans = corpora.corpus_spans(corpus)
    assert {d for d, _ in spans} == {"000a", "002", "004"}
    assert all(t.strip() for _, t in spans)
