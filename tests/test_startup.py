"""Start-up (issue 16): patterns compiled at first use, character classes that compile fast, the
field model mapped from its cache.  Each test checks that the cheaper form means what it should."""

from __future__ import annotations

import pickle
import re

import pytest

from citekit import patterns as P
from citekit.locators import find_locators


def _locs(text: str) -> list[tuple[str, str, str | None]]:
    return [(loc.label, loc.value, loc.suffix) for loc in find_locators(text)]


# --- LazyPattern ------------------------------------------------------------------------------


def test_lazy_pattern_compiles_on_first_use_and_matches_as_re_compile():
    source = r"(?P<place>[A-Z][a-z]+),[ \t]*(?P<year>1[5-9]\d\d|20\d\d)"
    lazy = P.LazyPattern(source, re.IGNORECASE)
    eager = re.compile(source, re.IGNORECASE)
    assert lazy.pattern == source and lazy._rx is None  # reading the source compiles nothing
    text = "Printed at Leipzig, 1887; reprinted moscow, 1923 and Paris 1950."
    assert [m.groupdict() for m in lazy.finditer(text)] == [m.groupdict() for m in eager.finditer(text)]
    assert lazy._rx is not None and lazy.compiled() is lazy._rx
    assert lazy.search(text).group("year") == "1887"
    assert lazy.sub("<\\g<year>>", text) == eager.sub("<\\g<year>>", text)
    assert lazy.groupindex == eager.groupindex and lazy.flags == eager.flags
    assert lazy.fullmatch("Vienna, 1911").group("place") == "Vienna"


def test_lazy_pattern_pickles_and_reports_a_bad_pattern_when_used():
    lazy = P.LazyPattern(r"\bibid\b", re.IGNORECASE)
    again = pickle.loads(pickle.dumps(lazy))
    assert again.search("Ibid., p. 4.").group(0) == "Ibid"
    broken = P.LazyPattern("(unclosed")
    with pytest.raises(re.error):
        broken.search("x")


# --- the character classes ---------------------------------------------------------------------


@pytest.mark.parametrize("ch", ["é", "Ł", "ß", "ж", "Ж", "α", "ḍ", "ṣ", "ʿ", "ª", "中"])
def test_letter_is_a_letter_of_any_script(ch):
    assert re.fullmatch(P.LETTER, ch)


@pytest.mark.parametrize("ch", ["1", "_", "-", "’", " ", "×", "÷", "²", "³", "¹", "⁴", "⁰", "½", "."])
def test_letter_excludes_digits_superscripts_and_signs(ch):
    assert not re.fullmatch(P.LETTER, ch)


@pytest.mark.parametrize("ch", [" ", "\t", "\u00a0", "\u202f", "\u2009", "\u200a", "\u2007", "\u3000"])
def test_hspace_is_any_horizontal_space(ch):
    assert re.fullmatch(P.HSPACE, ch)


@pytest.mark.parametrize("ch", ["\n", "\r", "\f", "\v", "\u2028", "\u2029", "x", "\u200b"])
def test_hspace_is_no_line_break(ch):
    assert not re.fullmatch(P.HSPACE, ch)


def test_the_classes_compile_without_a_big_charset(monkeypatch):
    """The point of writing them so: no 64K bitmap (BIGCHARSET) built at each compile, as
    ``[ \\t\\u00a0\\u202f]`` and ``[A-Za-z\\u00c0-\\u024f]`` were."""
    from re import _compiler, _constants, _parser

    made = []
    optimise = _compiler._optimize_charset

    def recording(*args, **kw):
        out = optimise(*args, **kw)
        made.extend(op for op, _ in out[0])
        return out

    monkeypatch.setattr(_compiler, "_optimize_charset", recording)
    _compiler._code(_parser.parse("[ \t\u00a0\u202f]", 0), 0)
    assert _constants.BIGCHARSET in made  # the old class: the recorder sees it
    for frag in (P.LETTER, P.LETTER_OR_DIGIT, P.HSPACE):
        for flags in (0, re.IGNORECASE):
            made.clear()
            _compiler._code(_parser.parse(frag, flags), flags)
            assert made and _constants.BIGCHARSET not in made, (frag, flags)


# --- what the locator grammar reads with them ---------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        # typeset spaces inside a locator (French thin space, German hair space, PDF figure space)
        ("Braudel, La Méditerranée, t.\u2009II, p.\u200945.", [("volume", "II", None), ("page", "45", None)]),
        ("Ranke, Werke, Bd.\u200a3, S.\u200912f.", [("volume", "3", None), ("page", "12", "f.")]),
        ("Hobsbawm, Age of Extremes, pp.\u20078\u20139.", [("page", "8\u20139", None)]),
        # a superscript note marker glued to the page is no letter of it
        ("Lenin, CW, vol. 33, p. 88\u2074", [("volume", "33", None), ("page", "88", None)]),
        ("Carr, Bolshevik Revolution, vol. 1, p. 12\u00b2", [("volume", "1", None), ("page", "12", None)]),
        # letters beyond Latin Extended-B around locators
        ("\u1e62a\u1e25\u012b\u1e25 al-Bukh\u0101r\u012b, vol. 4, p. 56", [("volume", "4", None), ("page", "56", None)]),
        ("Ibn Khald\u016bn, Muqaddima, ii. 255-58", [("volume", "ii", None), ("page", "255-58", None)]),
    ],
)
def test_locators_with_the_fast_classes(text, expected):
    assert _locs(text) == expected


def test_a_letter_of_another_script_glued_before_a_term_is_no_boundary():
    # "...ставp. 5": before, only Latin letters blocked a term, so "p. 5" was read inside a word
    assert _locs("\u0441\u0442\u0430\u0432p. 5") == []
    assert _locs("\u03bb\u03cc\u03b3\u03bfs. 12") == []


# --- the field model ------------------------------------------------------------------------------


def test_model_from_the_mapped_cache_has_the_model_files_values(tmp_path, monkeypatch):
    np = pytest.importorskip("numpy")
    from citekit.fields import crf

    if not crf.model_path().is_file():
        pytest.skip("no field model in this checkout")
    monkeypatch.setenv("CITEKIT_CACHE_DIR", str(tmp_path))
    crf._model.cache_clear()
    try:
        first = crf._model()  # read from fields.npz, the cache written
        crf._model.cache_clear()
        mapped = crf._model()  # from the cache, mapped
        assert type(mapped.state) is np.ndarray and not mapped.state.flags.writeable
        with np.load(crf.model_path(), allow_pickle=False) as z:
            state, transition, names = z["state"], z["transition"], z["attributes"]
        assert mapped.labels == first.labels
        assert mapped.state.dtype == state.dtype and np.array_equal(mapped.state[:-1], state)
        assert not mapped.state[-1].any()
        assert np.array_equal(mapped.transition, transition) and np.array_equal(mapped.transition_t, transition.T)
        for k in (0, len(names) // 2, len(names) - 1):
            assert mapped.rows.get(str(names[k])) == first.rows.get(str(names[k])) == k
    finally:
        crf._model.cache_clear()
