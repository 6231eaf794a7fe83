"""Runs ../shared/eval/score.py on every corpus text and holds the thresholds of issue 2."""

import json

import pytest

import citekit

DOCS = ["000a", "002", "004"]


@pytest.mark.parametrize("doc", DOCS)
def test_corpus_thresholds(doc, scorer, corpus_dir):
    ex = citekit.extract(corpus_dir / f"{doc}.txt")
    prediction = json.loads(citekit.to_json(ex))
    out = scorer.score(str(corpus_dir / "gold" / doc), prediction)
    assert out["detection"]["f1"] >= 0.97, out["missed"][:5] + out["spurious"][:5]
    assert out["resolution_bcubed"]["f1"] >= 0.95
    assert out["locator_accuracy"] >= 0.95
    assert out["record_accuracy"] >= 0.90
    if "markers" in out:
        assert out["markers"]["f1"] >= 0.98


@pytest.mark.parametrize("doc", DOCS)
def test_spans_are_offsets_into_the_text(doc, corpus_dir):
    ex = citekit.extract(corpus_dir / f"{doc}.txt")
    for c in ex.citations:
        assert ex.text[c.start : c.end] == c.text
    for n in ex.notes:
        assert 0 <= n.start <= n.end <= len(ex.text)
