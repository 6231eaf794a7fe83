"""Author-date keys the reference list defines: inside discursive notes, narrative
("Cliff (1974: 23) argued"), possessive, and reference entries with particles or editors."""

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import citekit

REFERENCES = """
References

Buick, A. and Crump, J. (1986) State Capitalism, London: Macmillan.
Cliff, T. (1974) State Capitalism in Russia, London: Pluto Press.
Davies, R.W. (1980) The Socialist Offensive, London: Macmillan.
Fernbach, David (ed.) 1974, The Revolutions of 1848, Harmondsworth: Penguin.
Harman, C. (1983a) Class Struggles in Eastern Europe, London: Pluto Press.
Harman, C. (1983b) Explaining the Crisis, London: Bookmarks.
Ticktin, H. (1992) Origins of the Crisis in the USSR, Armonk: M.E. Sharpe.
van der Linden, Marcel 2007, Western Marxism and the Soviet Union, Leiden: Brill.
"""


def cited(body: str) -> list[tuple[str, str | None, str | None]]:
    ex = citekit.extract(body + "\n" + REFERENCES)
    return [(c.text, c.refs[0].record, c.refs[0].pages) for c in ex.citations if c.form.value != "reflist"]


@pytest.mark.parametrize(
    "body, expected",
    [
        (  # a note that names two keys after "see"
            "The debate is old.1\n\nNotes\n\n1 For surveys see van der Linden 2007 and Fernbach, 1974, pp. 3-20.\n",
            [
                ("van der Linden 2007", "van-der-linden-western-marxism-soviet-union", None),
                ("Fernbach, 1974, pp. 3-20", "fernbach-revolutions-1848", "3-20"),
            ],
        ),
        (  # keys in the prose of a discursive note
            "A claim.1\n\nNotes\n\n1 On this point the discussion in Ticktin 1992, pp. 12-15, is still the best, "
            "though Harman 1983a disagrees.\n",
            [
                ("Ticktin 1992, pp. 12-15", "ticktin-origins-crisis-ussr", "12-15"),
                ("Harman 1983a", "harman-class-struggles-eastern-europe", None),
            ],
        ),
        (  # narrative keys, a possessive, and keys inside a "see … and …" parenthesis
            "As Cliff (1974: 23) argued, it accumulated. Buick and Crump (1986) went further "
            "(see Cliff 1974 and Harman 1983a, p. 7). Harman's (1983b) essay is less known.\n",
            [
                ("Cliff (1974: 23)", "cliff-state-capitalism-russia", "23"),
                ("Buick and Crump (1986)", "buick-state-capitalism-wages-system", None),
                ("Cliff 1974", "cliff-state-capitalism-russia", None),
                ("Harman 1983a, p. 7", "harman-class-struggles-eastern-europe", "7"),
                ("Harman's (1983b)", "harman-explaining-crisis", None),
            ],
        ),
        (  # a name and a year that the reference list does not define are not a key
            "Mandel (1978) never accepted this. The years (1928-1932) were decisive (by 40 per cent).\n",
            [],
        ),
    ],
)
def test_keys_defined_by_the_reference_list(body, expected):
    assert cited(body) == expected


def test_without_a_reference_list_a_year_in_parentheses_is_not_a_citation():
    ex = citekit.extract("As Cliff (1974) argued, and the extract (1981) shows, the state accumulated.\n")
    assert ex.citations == ()


def test_reference_entries_with_particles_and_editors():
    ex = citekit.extract("Text.\n" + REFERENCES)
    assert len(ex.citations) == 8  # "van der Linden" opens an entry of its own
    entries = {c.text.split(",")[0]: c for c in ex.citations}
    linden = entries["van der Linden"].parts[0]
    assert (linden.authors[0].family, linden.authors[0].given) == ("van der Linden", "Marcel")
    fernbach = entries["Fernbach"].parts[0]
    assert fernbach.authors == () and fernbach.editors[0].family == "Fernbach"
    record = {r.key: r for r in ex.records}["fernbach-revolutions-1848"]
    assert record.csl["editor"][0]["family"] == "Fernbach" and "author" not in record.csl


@pytest.mark.parametrize(
    "entry, authors, year, title, container",
    [
        ("Cliff T 1974 State capitalism in Russia London: Pluto", [("Cliff", "T.")], "1974", "State capitalism in Russia London: Pluto", None),
        ("CLIFF, T. (1974) State Capitalism in Russia, London: Pluto.", [("Cliff", "T.")], "1974", "State Capitalism in Russia", None),
        ("VAN DER LINDEN, M. (2007) Western Marxism and the Soviet Union, Leiden: Brill.", [("van der Linden", "M.")], "2007", "Western Marxism and the Soviet Union", None),
        (
            "Ticktin, H. (1973) 'Towards a Political Economy of the USSR', Critique, 1: 20-41.",
            [("Ticktin", "H.")],
            "1973",
            "Towards a Political Economy of the USSR",
            "Critique",
        ),
        ("Trotsky, L. (1937 [1972]) The Revolution Betrayed, New York: Pathfinder.", [("Trotsky", "L.")], "1937", "The Revolution Betrayed", None),
        ("Cliff T and Harman C 1974 A Title", [("Cliff", "T."), ("Harman", "C.")], "1974", "A Title", None),
    ],
)
def test_reference_entry_forms(entry, authors, year, title, container):
    from citekit.knowledge import bundled
    from citekit.parse import parse_reference_entry

    f = parse_reference_entry(entry, bundled())
    assert [(n.family, n.given) for n in f.authors] == authors
    assert (f.year, f.title, f.container) == (year, title, container)


def test_narrative_key_with_a_year_the_list_lacks_is_found_and_reported():
    ex = citekit.extract("As Cliff (1975) argued, it accumulated. Mandel (1978) did not.\n" + REFERENCES)
    narrative = [c for c in ex.citations if c.form.value == "author-date"]
    assert [c.text for c in narrative] == ["Cliff (1975)"]  # Mandel is not in the references
    assert narrative[0].refs[0].reason.startswith("author-date key without")
    problems = [p for p in citekit.check(ex) if p.code == "R501"]
    assert len(problems) == 1 and "the references have Cliff 1974" in problems[0].message
    assert problems[0].fix.startswith("correct the year")


def _inline_keys_reference(text, s, e, keys):
    """The plain definition inline_keys must agree with: scan left to right, retry from the next word."""
    from citekit import patterns as P
    from citekit.detect import _is_key

    spans, pos = [], s
    while pos < e:
        m = P.INLINE_KEY.search(text, pos, e)
        if m is None:
            break
        if _is_key(m.group("names"), m.group("year") + (m.group("suffix") or ""), keys):
            spans.append((m.start(), m.end()))
            pos = m.end()
        else:
            nxt = text.find(" ", m.start(), e)
            pos = m.end() if nxt < 0 else nxt + 1
    return spans


_WORDS = ["Cliff", "Harman", "Trotsky", "Stalin", "van der", "Linden", "and", ",", "1974", "1983a", "2007", "1940",
          "p. 5", "pp. 3-20", ": 12", "see", "(", ")", "et al.", "; ", "McCliff", "19745", "Carrère d’Encausse", "1980", "-"]


@settings(max_examples=400, deadline=None)
@example(["see", "Cliff", "and", "Harman", "1974", ",", "p. 5"], False, 0, 200)  # a key with two names
@example(["Trotsky", ",", "Stalin", "1940"], False, 0, 200)  # the first name fails, the second makes a key
@given(st.lists(st.sampled_from(_WORDS), max_size=14), st.booleans(), st.integers(0, 200), st.integers(0, 200))
def test_inline_keys_windowed_search_agrees_with_a_plain_scan(words, glued, a, b):
    from citekit.detect import inline_keys

    keys = frozenset({("cliff", "1974"), ("harman", "1983a"), ("linden", "2007"), ("van der linden", "2007"), ("stalin", "1940"), ("dencausse", "1980")})
    text = ("" if glued else " ").join(words)
    s, e = sorted((min(a, len(text)), min(b, len(text))))
    assert inline_keys(text, s, e, keys) == _inline_keys_reference(text, s, e, keys)
