"""Resolution: ibid chains, op. cit., abbreviations, author-date keys."""

import citekit
from tests.conftest import FIXTURES


def refs(ex):
    return [(c.text, c.refs[-1].record, c.refs[-1].volume, c.refs[-1].pages) for c in ex.citations]


def test_ibid_chain_across_notes_with_new_volumes():
    text = "One.1 Two.2 Three.3 Four.4\n\n  1. VI Lenin CW Vol 31, Moscow 1977, p457.\u21a9\ufe0e\n\n  2. ibid Vol 29, p58.\u21a9\ufe0e\n\n  3. ibid Vol 28, p151.\u21a9\ufe0e\n\n  4. ibid p152.\u21a9\ufe0e\n"
    got = refs(citekit.extract(text))
    assert got == [
        ("VI Lenin CW Vol 31, Moscow 1977, p457.", "lenin-collected-works", "31", "457"),
        ("ibid Vol 29, p58.", "lenin-collected-works", "29", "58"),
        ("ibid Vol 28, p151.", "lenin-collected-works", "28", "151"),
        ("ibid p152.", "lenin-collected-works", "28", "152"),
    ]


def test_ibid_without_locator_keeps_antecedent_locator():
    ex = citekit.extract("A. (Alec Nove, An Economic History of the USSR, p. 438.) B. (Ibid.)\n")
    assert refs(ex)[1][1:] == ("nove-economic-history-ussr", None, "438")


def test_ibid_first_is_unresolved_not_dropped():
    ex = citekit.extract("A. (Ibid., p. 3.)\n")
    assert len(ex.citations) == 1 and ex.citations[0].refs[0].record is None


def test_opcit_with_two_works_by_one_author_is_flagged():
    text = (
        "A. (E.H. Carr, The Bolshevik Revolution, 1917-1923, Vol. 1, p. 3.) "
        "B. (E.H. Carr, The Interregnum, p. 9.) C. (Carr, op. cit., p. 12.)\n"
    )
    c = citekit.extract(text).citations[-1]
    assert c.refs[0].record == "carr-interregnum" and c.refs[0].ambiguous
    assert set(c.refs[0].candidates) == {"carr-bolshevik-revolution", "carr-interregnum"}


def test_declared_abbreviation_binds_to_declaring_work():
    text = "A. (Marx and Engels, Selected Works, Vol. 1, p. 504. Henceforth referred to as MESW.) B. (MESW, The German Ideology, Vol. 1, p. 37.)\n"
    got = refs(citekit.extract(text))
    assert got[0][1] == got[1][1] == "marx-engels-selected-works"
    assert got[1][2:] == ("1", "37")


def test_three_spellings_of_lenins_collected_works_are_one_work():
    text = "A. (LCW, Vol. 33, p. 88.) B. (Lenin, Collected Works, Vol. 33, p. 89.) C.1\n\nNotes\n\n1. VI Lenin CW Vol 33, Moscow 1977, p90.\n"
    assert {r[1] for r in refs(citekit.extract(text))} == {"lenin-collected-works"}


def test_author_date_keys_with_suffixes():
    ex = citekit.extract(FIXTURES / "author_date_article.txt")
    got = {c.text: (c.refs[0].record, c.refs[0].volume) for c in ex.citations if c.form.value == "author-date"}
    assert got["Lenin, 1965a, p. 294."] == ("lenin-collected-works", "27")
    assert got["Lenin, 1965b, pp. 278-9."] == ("lenin-collected-works", "33")
    assert got["Harman 2009, p. 94."][0] == "harman-zombie-capitalism"
    assert got["Harman 1983"][0] == "harman-class-struggles-eastern-europe"
    ibid = next(c for c in ex.citations if c.form.value == "ibid")
    assert ibid.refs[0].record == "cliff-state-capitalism-russia" and ibid.refs[0].pages == "125"


def test_short_form_author_only_matches_earlier_full_citation():
    ex = citekit.extract("A. (Alec Nove, An Economic History of the USSR, p. 68.) B. (Nove, p. 62.)\n")
    assert {c.refs[0].record for c in ex.citations} == {"nove-economic-history-ussr"}


def test_title_only_short_form_ties_go_to_the_earliest_record():
    # Jones's "The State" is cited before Smith's; a bare "The State" fits both equally
    ex = citekit.extract(
        "One (A. Smith, Capital and Labour, London 1950, p. 1). Two (B. Jones, The State, London 1960, p. 2). "
        "Three (A. Smith, The State, London 1970, p. 3). Four (The State, p. 4).\n"
    )
    assert [c.refs[0].record for c in ex.citations] == [
        "smith-capital-labour",
        "jones-state",
        "smith-state",
        "jones-state",
    ]


def test_record_gets_its_surnames_late_and_still_matches_by_author():
    # the first citation has no author; the second names him and must join the same record
    ex = citekit.extract("One (The Workers' State, London 1950, p. 1). Two (A. Smith, The Workers' State, p. 2).\n")
    keys = [c.refs[0].record for c in ex.citations]
    assert keys[0] == keys[1]


def test_bare_date_after_periodical():
    ex = citekit.extract("“We Won!” exclaimed the editorial of The Wall Street Journal (24/5/89). Then (1981) came.\n")
    assert [(c.text, c.form.value, c.refs[0].record) for c in ex.citations] == [("24/5/89", "date", "wall-street-journal")]


def test_user_library_wins(tmp_path):
    bib = tmp_path / "mine.bib"
    bib.write_text("@book{my-nove, author={Nove, Alec}, title={An Economic History of the USSR}, date={1992}, publisher={Penguin}}\n")
    ex = citekit.extract("A. (Alec Nove, An Economic History of the USSR, p. 68.)\n", library=str(bib))
    assert ex.citations[0].refs[0].record == "my-nove"
    assert ex.record("my-nove").csl["publisher"] == "Penguin"


_NAME_VARIANTS = ["trotsky", "trotskii", "trotskij", "tchaikovsky", "tschaikowsky", "dostoevsky", "dostoyevsky",
                  "tomas y valiente", "valiente", "le roy ladurie", "ladurie", "menendez pidal", "pidal", "smith",
                  "smyth", "schmidt", "schmitt", "", "muller", "mueller", "o'brien", "obrien"]


def test_fits_decides_as_authors_match_does():
    """Resolver._fits (rapidfuzz's C loop over all candidates at once, issue 13) gives exactly
    the groups _authors_match accepts, in order: equal names, one last word, ratio >= NAME_MATCH,
    and groups without surnames."""
    import random
    from types import SimpleNamespace

    from citekit.knowledge import fold
    from citekit.resolve import Resolver, _authors_match

    rng = random.Random(7)
    for _ in range(300):
        groups = [tuple(rng.sample(_NAME_VARIANTS, rng.randint(0, 2))) for _ in range(rng.randint(1, 30))]
        info = [(tuple(h for h in g if h), frozenset(h.rsplit(" ", 1)[-1] for h in g if h)) for g in groups]
        cited_raw = tuple(rng.sample(["Trotsky", "Tchaikovsky", "Valiente", "Pidal", "Smith", "Müller", "O'Brien", "Dostoevskii"],
                                     rng.randint(1, 2)))
        cited = [fold(c) for c in cited_raw if c]
        positions = sorted(rng.sample(range(len(groups)), rng.randint(0, len(groups))))
        got = Resolver._fits(SimpleNamespace(_group_info=info), cited, positions)
        assert got == [i for i in positions if _authors_match(cited_raw, groups[i])], (cited_raw, groups)


def test_blocking_index_finds_what_authors_match_finds():
    """Beyond EXACT_GROUPS the blocking index (Resolver._index_fits) gives the groups
    _authors_match accepts, for spelling variants of one name (transliterations, particles,
    compound surnames), in creation order, from any start."""
    import random

    from citekit.knowledge import bundled, fold
    from citekit.resolve import Resolver, _authors_match

    rng = random.Random(11)
    r = Resolver(bundled())
    groups = [tuple(rng.sample(_NAME_VARIANTS, rng.randint(0, 2))) for _ in range(400)]
    for pos, g in enumerate(groups):
        r._index_group(g, pos)
    for cited_raw in [("Trotsky",), ("Tchaikovsky",), ("Valiente",), ("Pidal",), ("Smith", "Müller"), ("O'Brien",),
                      ("Dostoevskii",), ("Le Roy Ladurie",), ("Schmidt",)]:
        cited = [fold(c) for c in cited_raw]
        for start in (0, 137, 399):
            want = [i for i in range(start, len(groups)) if _authors_match(cited_raw, groups[i])]
            assert r._index_fits(cited, start) == want, cited_raw
