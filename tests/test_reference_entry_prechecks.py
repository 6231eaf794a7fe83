"""The keyword pre-checks of the reference-entry rules (access dates, original dates) change no
result: each case below is compared with the pattern run without its pre-check."""

import pytest

from citekit import parse as PA
from citekit.fields import entry as E
from citekit.parse import keyword_text

CASES = [
    "Woolf, Virginia. To the Lighthouse. 1927. Harcourt, 1981.",
    "Benjamin, Walter. Das Passagen-Werk. Frankfurt a. M. 1982 (Erstausgabe 1935).",
    "Bloch, Marc. La société féodale. Paris: Albin Michel, 1994 (1re éd. 1939).",
    "Croce, Benedetto. Storia d'Italia. Bari: Laterza, 1967 (prima\tedizione 1928).",
    "Freud, S. (1961). Civilization and its discontents. Norton. (Original work published 1930)",
    "Weber, Max. Wirtschaft und Gesellschaft. Tübingen 1972 [1922].",
    "Hobsbawm, Eric. The Age of Extremes. London, 1994.",
    "Smith, Ann. \"Archives Online.\" Web, 2020, www.example.org. ACCESSED 3 Mar. 2024.",
    "Müller, K. Stadtgeschichte. Online, 2019, https://example.de (ZUGRIFF AM 3.3.2024).",
    "Ruiz, J. Historia. 2018. Consultado el 4 de mayo de 2023.",
    "Odd case: ſtand 3.3.2024; Fırst publıshed 1901; 2005.",  # long s, dotless i: IGNORECASE letters
    "İmprint: Orİg. 1899. Ankara, 1990.",
]


@pytest.mark.parametrize("text", CASES)
def test_access_date_same_as_without_precheck(text):
    m = E._ACCESSED.search(text)
    got = E.access_date(text)
    assert (got is None) == (m is None)
    if m:
        assert got[0] == m.start()


@pytest.mark.parametrize("text", CASES)
def test_original_date_matches_same_as_full_pattern(text):
    full = [m.groupdict() | {"span": m.span()} for m in PA._ORIGINAL_DATE.finditer(text)]
    pre = [m.groupdict() | {"span": m.span()} for m in PA._original_date(text).finditer(text)]
    assert pre == full


def test_keyword_text_folds_regex_case_equivalents():
    assert "stand" in keyword_text("ſtand") and "first" in keyword_text("Fırst") and "orig" in keyword_text("ORİG")
    assert keyword_text("Accessed") == "accessed"


def test_original_year_values():
    assert PA.original_year(CASES[0], "1981") == "1927"
    assert PA.edition_and_original(CASES[1], "1935") == ("1982", "1935")
    assert PA.original_year(CASES[4], "1961") == "1930"
    assert PA.original_year(CASES[5], "1972") == "1922"
