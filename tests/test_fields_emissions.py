"""The field parser's emissions from summed weights (``features.emissions``, ``features.SumTable``):
exact float64 sums, so the same numbers as the feature strings' rows summed one by one, in a
batch or alone, after the table is emptied and with the memos cleared."""

from __future__ import annotations

import numpy as np
import pytest

from citekit.fields import crf
from citekit.fields.features import SumTable, emissions, features
from citekit.fields.tokens import tokenize

#: References and notes of several styles and languages (none from the corpus).
STRINGS = [
    "Mona Ozouf, La fête révolutionnaire, 1789–1799 (Paris: Gallimard, 1976), 44–47.",
    "Ozouf, Fête révolutionnaire, 51.",
    "Quentin Skinner, ‘Meaning and Understanding in the History of Ideas’, History and Theory 8, no. 1 (1969): 3–53.",
    "Blickle, Peter. Die Revolution von 1525. 4. Aufl. München: Oldenbourg, 2004.",
    "Vgl. Blickle, Revolution, S. 112 f.",
    "Venturi, F., Settecento riformatore, vol. I, Torino, Einaudi, 1969, pp. 12-19.",
    "Pocock J.G.A. (1975) The Machiavellian Moment. Princeton, NJ: Princeton University Press.",
    "Archives nationales, F7 3688/4, rapport du 12 nivôse an II.",
    "Ibid., 203.",
    "x",
    "(New York)",
    "Davis, N. Z. 1983b. The Return of Martin Guerre. Cambridge, MA: Harvard University Press.",
]


def _string_path(m, toks):
    return crf._emissions(m, features(toks))


def test_weights_allow_exact_float64_sums():
    """The reason the sums are exact in any order: every weight is a float32 multiple of 2**-43
    (none is under 2**-20 in magnitude) and a token's features (at most 102: 20 of its own, 22 of
    context with the bigram, 4 x 14 lent by its neighbours, 4 place/edge marks) weigh less than
    2**10 together."""
    m = crf._model()
    w = np.asarray(m.state, dtype=np.float64)
    assert m.state.dtype == np.float32
    nz = w[w != 0]
    assert np.all(nz * 2.0**43 == np.round(nz * 2.0**43))
    assert 102 * float(np.abs(w).max()) < 2**10
    most = max(len(f) for s in STRINGS for f in features(tokenize(s)))
    assert most <= 102


def test_emissions_equal_the_string_path_alone_and_in_a_batch():
    m = crf._model()
    toks = [tokenize(s) for s in STRINGS]
    batch = emissions(toks, m.encoder, m.state)
    for tk, em in zip(toks, batch):
        ref = _string_path(m, tk)
        assert em.dtype == ref.dtype == np.float64 and em.shape == ref.shape
        assert np.array_equal(em, ref)
        assert np.array_equal(crf._token_emissions(m, tk), ref)


def test_emissions_after_the_table_is_emptied(monkeypatch):
    """A table that fills up is emptied at the start of the next call: every row is made anew."""
    m = crf._model()
    monkeypatch.setattr(SumTable, "MAX_ROWS", 1)
    toks = [tokenize(s) for s in STRINGS]
    for _ in range(3):
        for tk, em in zip(toks, emissions(toks, m.encoder, m.state)):
            assert np.array_equal(em, _string_path(m, tk))
    words = {t.text for tk in toks for t in tk}
    assert m.encoder.table.n <= m.encoder.table.fixed + 5 * len(words) + sum(map(len, toks))  # this call's rows only


def test_emissions_with_the_memos_cleared():
    m = crf._model()
    for s in STRINGS:
        crf.model_memos.cache_clear()
        tk = tokenize(s)
        assert np.array_equal(crf._token_emissions(m, tk), _string_path(m, tk))
    assert m.encoder.table is not None and m.encoder.table.n >= m.encoder.table.fixed


@pytest.mark.parametrize("text", STRINGS)
def test_tagging_labels_and_confidences_are_the_labellers(text):
    t = crf.Tagging(text)
    assert t.segments == crf.segments(text)
    assert t.with_confidence() == crf.segments(text, confidence=True)
