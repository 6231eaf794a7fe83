"""Parsing real citation forms (all taken from the corpus and the issue)."""

import pytest

from citekit.knowledge import bundled
from citekit.parse import normalise_pages, parse_citation, parse_reference_entry

KB = bundled()


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("121-2", "121-122"),
        ("14-5", "14-15"),
        ("98\u20139", "98-99"),
        ("73,74", "73,74"),
        ("126 and 131", "126,131"),
        ("XV and 378", "XV,378"),
        ("606, 608", "606,608"),
        ("151-64", "151-164"),
        ("39-40", "39-40"),
    ],
)
def test_page_normalisation(raw, expected):
    assert normalise_pages(raw) == expected


@pytest.mark.parametrize(
    "text, fields",
    [
        ("LCW, Vol. 33, p. 88.", dict(abbreviation="LCW", volume="33", pages="88")),
        ("LCW, Vol. 26. p. 22.", dict(abbreviation="LCW", volume="26", pages="22")),
        ("VI Lenin CW Vol 30, Moscow 1977, p208.", dict(abbreviation="CW", volume="30", pages="208", place="Moscow", year="1977", surnames=("Lenin",))),
        ("Nove, p. 174", dict(name_or_title="Nove", pages="174")),
        ("Ibid., p. 200.", dict(short="ibid", pages="200")),
        ("ibid Vol 29, p58.", dict(short="ibid", volume="29", pages="58")),
        ("Liebman, op. cit. p. 206.", dict(short="opcit", pages="206", surnames=("Liebman",))),
        ("John Reed, op. cit. p. 14-5", dict(short="opcit", pages="14-15", surnames=("Reed",))),
        ("Quoted in M. Liebman, Leninism under Lenin, p. 200.", dict(role="quoted-in", title="Leninism under Lenin", pages="200")),
        ("Financial Times, 14/11/85.", dict(periodical="Financial Times", issue_date="14/11/85")),
        ("E.H. Carr, The Bolshevik Revolution, 1917-1923, Vol. 1, pp. 121-2.", dict(title="The Bolshevik Revolution, 1917-1923", volume="1", pages="121-122")),
        ("EH Carr The Bolshevik revolution Vol 3, Harmondsworth 1977, p218", dict(title="The Bolshevik revolution", volume="3", pages="218", place="Harmondsworth")),
        ("H Carrere d\u2019Encausse Stalin London 1981, p70.", dict(title="Stalin", surnames=("Carrere d\u2019Encausse",), place="London")),
        ("K Marx, F Engels Selected correspondence Moscow 1965, p421.", dict(title="Selected correspondence", surnames=("Marx", "Engels"))),
        ("See R Blackburn (ed) After the fall London 1991.", dict(title="After the fall", relation="see", year="1991")),
        ("Frank, p345, \u201cGlobal Crisis and Transformation\u201d, in World Development 1980", dict(title="Global Crisis and Transformation", container="World Development", pages="345", year="1980")),
        ("MESW, Critique of the Gotha Programme, by Marx, Vol. 3, p. 17.", dict(abbreviation="MESW", item_title="Critique of the Gotha Programme", volume="3")),
        ("Cliff, 1974, p121.", dict(author_date=True, year="1974", pages="121")),
        ("Lenin 1965a: 23", dict(author_date=True, year="1965", year_suffix="a", pages="23")),
        ("Ibid., note 16 on page 351.", dict(short="ibid", pages="351", note_locator="16")),
        ("Roy Medvedev, Let History Judge, pp. 213-4. 1976 edition.", dict(title="Let History Judge", edition="1976 edition", pages="213-214")),
        ("Trotsky, Writings 1935-36, p. 177.", dict(title="Writings 1935-36", pages="177")),
    ],
)
def test_fields(text, fields):
    f = parse_citation(text, KB)[-1] if fields.get("role") != "original" else parse_citation(text, KB)[0]
    for k, v in fields.items():
        got = f.surnames if k == "surnames" else getattr(f, k)
        assert got == v, (k, got)


def test_quoted_by_gives_original_and_quoted_in():
    parts = parse_citation(
        "J. V. Stalin, Speeches at Pre-election Meetings, Moscow 1946, p. 5. Quoted by T. Cliff, State Capitalism in Russia, p. 121.", KB
    )
    assert [p.role for p in parts] == ["original", "quoted-in"]
    assert parts[1].surnames == ("Cliff",) and parts[1].pages == "121"


def test_declaration_is_captured():
    f = parse_citation("Lenin, Collected Works, Vol. 36, p. 439, henceforth referred to as LCW.", KB)[0]
    assert f.declares == "LCW" and f.volume == "36"


def test_reference_entry():
    f = parse_reference_entry("Lenin, V.I. (1965b) Collected Works, Vol. 33, Moscow: Progress Publishers.", KB)
    assert f.surnames == ("Lenin",) and f.year == "1965" and f.year_suffix == "b"
    assert f.title == "Collected Works" and f.volume == "33" and f.publisher == "Progress Publishers"
