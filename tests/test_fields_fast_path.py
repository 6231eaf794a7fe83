"""The field parser's tagging without feature strings (``features.feature_rows``) is the tagging
with them: the same rows in the same order, so the same emissions, labels and marginals, bit for bit.
Also the model cache (``crf._model`` reads the weights from the user's cache folder) and the
Viterbi recursion against the one it replaced."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citekit.fields import crf
from citekit.fields.features import feature_rows, features
from citekit.fields.tokens import tokenize

#: Citations and reference entries of many styles and languages (none from the corpus).
STRINGS = [
    "Natalie Zemon Davis, Society and Culture in Early Modern France (Stanford: Stanford University Press, 1975), 12–14.",
    "Davis, Society and Culture, 14.",
    "Ginzburg, Carlo. Il formaggio e i vermi. Torino: Einaudi, 1976.",
    "Koselleck, R. (1979) Vergangene Zukunft. Frankfurt am Main: Suhrkamp, S. 17–37.",
    "Vgl. ebd., S. 7f.; a.a.O., Bd. II, S. 45.",
    "Le Roy Ladurie, Emmanuel, Montaillou, village occitan de 1294 à 1324, Paris, Gallimard, 1975, p. 203.",
    "E. P. Thompson, “The Moral Economy of the English Crowd in the Eighteenth Century,” Past & Present 50 (1971): 76–136.",
    "Hobsbawm, E.J. 1983b. ‘Inventing Traditions’, in Hobsbawm and Ranger (eds), The Invention of Tradition, pp. 1–14.",
    "(Besenval, iii. 255-58.)",
    "RGASPI, f. 17, op. 3, d. 131, l. 1.",
    "[Footnote 12: Ibid., iii. 45.]",
    "Braudel F., La Méditerranée et le monde méditerranéen à l'époque de Philippe II, 2 voll., Torino 1953, vol. I, pp. xi–xii.",
    "Smith J, Jones K. Title of an article. J Hist Ideas. 2001;62(3):345-67. doi:10.1353/jhi.2001.0031",
    "Пайпс Р. Русская революция. М.: РОССПЭН, 2005. С. 112.",
    "x",
    "1917",
    "“”()[]—–-.,;:",
    "Applebaum, Anne. Red Famine: Stalin's War on Ukraine. Doubleday, 2017.",
    "VI Lenin CW Vol30, p208; Service, Lenin, 3:152.",
    "A" * 60 + " " + "1" * 30 + " ¹²³ ⁴ ᵒ fᵒ 12r–13v",
]


def _string_path(text: str):
    """The emissions as tagging made them before: the feature strings mapped to rows."""
    m = crf._model()
    toks = tokenize(text[: crf.MAX_CHARS])
    return crf._emissions(m, features(toks))


def _old_viterbi(m, em) -> list[int]:
    """The Viterbi recursion as first written (``score[:, None] + transition``, max over axis 0)."""
    n = em.shape[0]
    score = em[0].copy()
    back = np.empty((n, em.shape[1]), dtype=np.intp)
    for i in range(1, n):
        cand = score[:, None] + m.transition
        back[i] = cand.argmax(axis=0)
        score = cand.max(axis=0) + em[i]
    best = [int(score.argmax())]
    for i in range(n - 1, 0, -1):
        best.append(int(back[i, best[-1]]))
    best.reverse()
    return best


def _same(text: str) -> None:
    m = crf._model()
    toks = tokenize(text[: crf.MAX_CHARS])
    if not toks:
        assert crf.label_with_confidence(text) == []
        return
    feats = features(toks)
    rows, starts = feature_rows(toks, m.encoder)
    flat = [m.rows.get(f, m.zero) for fs in feats for f in fs]
    assert rows == flat
    assert starts == [sum(map(len, feats[:i])) for i in range(len(feats))]
    old = _string_path(text)
    new = crf._token_emissions(m, toks)
    assert old.dtype == new.dtype and np.array_equal(old, new)
    path = _old_viterbi(m, old)
    assert crf._viterbi(m, new) == path
    marg = crf._marginals(m, old)
    got = crf.label_with_confidence(text)
    assert [lab for _, lab, _ in got] == [m.labels[k] for k in path]
    assert [p for _, _, p in got] == [float(marg[i, k]) for i, k in enumerate(path)]


@pytest.mark.parametrize("text", STRINGS)
def test_fast_path_equals_string_path(text):
    _same(text)


def test_fast_path_equals_string_path_on_every_prefix_and_window():
    """Every prefix and a sliding window of the strings above: each token meets every position,
    neighbour and chunk summary it can."""
    seen = 0
    for s in STRINGS:
        for k in range(1, len(s) + 1, 3):
            _same(s[:k])
            seen += 1
        for a in range(0, max(1, len(s) - 40), 7):
            _same(s[a : a + 40])
            seen += 1
    assert seen > 400


_ALPHABET = st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.;:()[]“”‘’\"'«»—–-/&§#№")
    + ["Vol. ", "pp. ", "S. ", "ed. ", "Press", "London", "Paris", "Frankfurt am Main", "in ", "In: ", "1917", "1983b", "xiv", "Ibid.", "éè", "ß", "Ж"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=80).map("".join))
def test_fast_path_equals_string_path_on_any_string(text):
    _same(text)


def test_word_memo_is_bounded(monkeypatch):
    enc = crf._model().encoder
    monkeypatch.setattr(type(enc), "MAX_WORDS", 5)
    for w in ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta"]:
        enc.word(w)
    assert len(enc._words) <= 5
    _same("alpha beta gamma delta epsilon zeta eta, 1917, p. 5.")


def test_model_cache_is_written_then_read_and_gives_the_same_model(tmp_path, monkeypatch):
    monkeypatch.setenv("CITEKIT_CACHE_DIR", str(tmp_path))
    crf._model.cache_clear()
    try:
        first = crf._model()  # read from the model file, cache written
        folders = list(tmp_path.glob("fields-*"))
        assert len(folders) == 1 and sorted(p.name for p in folders[0].iterdir()) == ["labels.txt", "names.npy", "state.npy", "transition.npy"]
        assert crf._cache_load(crf.model_path()) is not None
        crf._model.cache_clear()
        second = crf._model()  # read from the cache: names looked up by binary search
        assert second.labels == first.labels
        probe = list(first.rows.as_dict())[::97] + ["w=no-such-word", "", "w=\udcff", "zzzz", "\x00"]
        assert [second.rows.get(a, -1) for a in probe] == [first.rows.get(a, -1) for a in probe]
        assert second.rows.as_dict() == first.rows.as_dict()
        assert np.array_equal(second.state, first.state) and np.array_equal(second.transition, first.transition)
        text = "Robert Service, Lenin: A Political Life, vol. 3 (Bloomington: Indiana University Press, 1995), 140–45."
        assert crf.label_with_confidence(text) == crf.label_with_confidence(text)
        # a cache cut short is rebuilt, never trusted
        np.save(folders[0] / "names.npy", np.array([b"b", b"w=x"]))
        assert crf._cache_load(crf.model_path()) is None
        crf._model.cache_clear()
        assert crf._model().rows.as_dict() == first.rows.as_dict()
        assert crf._cache_load(crf.model_path()) is not None  # and written anew
    finally:
        crf._model.cache_clear()


def test_binary_search_rows_switch_to_a_dict_after_many_lookups(tmp_path, monkeypatch):
    monkeypatch.setenv("CITEKIT_CACHE_DIR", str(tmp_path))
    crf._model.cache_clear()
    try:
        crf._model()  # cache written
        crf._model.cache_clear()
        m = crf._model()
        monkeypatch.setattr(type(m.rows), "LOOKUPS", 50)
        assert m.rows._dict is None
        for s in STRINGS[:6]:
            _same(s)  # the fast path and the string path both look rows up, by search then by dict
        assert m.rows._dict is not None
    finally:
        crf._model.cache_clear()


def test_unwritable_cache_folder_is_ignored(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("CITEKIT_CACHE_DIR", str(blocker / "sub"))
    crf._model.cache_clear()
    try:
        assert crf.label("Hobsbawm, Age of Revolution, 45.")[0][1] == "author"
    finally:
        crf._model.cache_clear()


def test_label_many_gives_each_strings_labels():
    texts = STRINGS + ["", "   ", "a", "Hobsbawm 1962", STRINGS[0] * 3]
    assert crf.label_many(texts) == [crf.label(t) for t in texts]
    assert crf.segments_many(texts) == [crf.segments(t) for t in texts]


def test_parse_in_two_worker_processes_gives_the_same_output_in_the_same_order(monkeypatch):
    """`citekit parse` with many lines forks workers: same items, same order, same unique keys."""
    from citekit import corpus
    from citekit.fields.record import parse_lines_output

    lines = (STRINGS + ["", "Davis, Society and Culture, 14.", "Davis, Society and Culture, 14."]) * 3
    monkeypatch.setattr(corpus, "MAP_MIN_ITEMS", 10)
    monkeypatch.setattr(corpus.map_in_order, "__kwdefaults__", {**corpus.map_in_order.__kwdefaults__, "min_items": 10})
    calls = []
    real = corpus.default_jobs
    monkeypatch.setattr(corpus, "default_jobs", lambda: calls.append(1) or max(2, real()))
    serial = parse_lines_output(lines, "csljson", jobs=1)
    assert not calls
    for fmt in ("csljson", "bibtex"):
        assert parse_lines_output(lines, fmt, jobs=None) == parse_lines_output(lines, fmt, jobs=1)
    assert calls  # the worker path was taken
    assert serial.count('"id": "line-') >= 3  # blank lines keep their place


def test_map_in_order_keeps_order_and_runs_small_inputs_here():
    from citekit.corpus import map_in_order

    import os

    items = list(range(1000))
    got = map_in_order(_squares_and_pids, items, jobs=2, min_items=10)
    assert [x for x, _ in got] == [x * x for x in items]
    assert len({pid for _, pid in got}) == 2  # a forked worker and this process share the pieces
    small = map_in_order(_squares_and_pids, items[:5], jobs=2, min_items=10)
    assert small == [(x * x, os.getpid()) for x in items[:5]]  # too few to fork for


def _squares_and_pids(xs):
    import os
    import time

    if len(xs) > 5:
        time.sleep(0.05)  # a piece that takes a while: both processes get some
    return [(x * x, os.getpid()) for x in xs]
