"""Issue 11: a newspaper or magazine entry of an author-date list ends with its issue's month and
day after the title or container ("The Times (London). 1848. “…” April 11."; Chicago Manual
17th ed. 15.47, 15.49).  That is the issue date — CSL ``issued`` [year, month, day], the year
from the entry's head — never a page or volume, in ``citekit parse`` and ``citekit extract``
alike (citekit/fields/entry.py :func:`with_issue_day`)."""

from __future__ import annotations

import pytest

import citekit
from citekit.knowledge import bundled
from citekit.parse import parse_reference_entry

KB = bundled()

CASES = [
    # English (Chicago), the brief's case
    ("The Times (London). 1848. “The Chartist Demonstration.” April 11.", [1848, 4, 11], None),
    # Italian: day before the month, no full stop on the month
    ("Rossi, Mario. 1921. “Lo sciopero generale.” Avanti!, 5 marzo.", [1921, 3, 5], None),
    # Spanish: "12 de octubre"
    ("García, Luis. 1934. “La huelga de Asturias.” El Sol, 12 de octubre.", [1934, 10, 12], None),
    # German: "3. März" (the CRF reads the day as a volume)
    ("Weber, Max. 1919. „Deutschlands künftige Staatsform.“ Frankfurter Zeitung, 22. November.", [1919, 11, 22], None),
    # French: "1er mai"
    ("Blum, Léon. 1936. « Le Front populaire ». Le Populaire, 1er mai.", [1936, 5, 1], None),
    # English magazine: abbreviated month, the pages after the date stand
    ("Brown, Alan. 1968. “Paris in May.” New Statesman, Oct. 4, 23–25.", [1968, 10, 4], "23"),
]


@pytest.mark.parametrize("line,date,pages", CASES)
def test_parse_reads_issue_date(line: str, date: list[int], pages: str | None) -> None:
    csl = citekit.parse_reference(line).csl
    assert csl["issued"] == {"date-parts": [date]}
    assert "volume" not in csl
    if pages is None:
        assert "page" not in csl
    else:
        assert csl["page"].startswith(pages)


@pytest.mark.parametrize("line,date,pages", CASES)
def test_reference_entry_reads_issue_date(line: str, date: list[int], pages: str | None) -> None:
    f = parse_reference_entry(line, KB)
    assert f is not None
    assert f.year == str(date[0])
    assert citekit.dates.date_parts(f.issue_date) == date
    assert f.volume is None and f.issue is None
    assert (f.pages or "").startswith(pages) if pages else f.pages is None


def test_extract_record_issued_day(tmp_path) -> None:
    text = (
        "The Chartists marched (The Times 1848). Rossi reported it (Rossi 1921), as did García (García 1934).\n\n"
        "References\n\n"
        "García, Luis. 1934. “La huelga de Asturias.” El Sol, 12 de octubre.\n"
        "Rossi, Mario. 1921. “Lo sciopero generale.” Avanti!, 5 marzo.\n"
        "The Times (London). 1848. “The Chartist Demonstration.” April 11.\n"
    )
    p = tmp_path / "paper.txt"
    p.write_text(text, encoding="utf-8")
    ex = citekit.extract(str(p))
    issued = {r.csl.get("container-title") or r.csl.get("title"): r.csl.get("issued") for r in ex.records}
    assert issued["El Sol"] == {"date-parts": [[1934, 10, 12]]}
    assert issued["Avanti!"] == {"date-parts": [[1921, 3, 5]]}
    assert {"date-parts": [[1848, 4, 11]]} in issued.values()
    for r in ex.records:
        assert "page" not in r.csl and "volume" not in r.csl


@pytest.mark.parametrize("line,year", [
    # no day: a month alone is no issue date here
    ("Dupont, Pierre. 1936. « La grève ». Le Populaire, mars.", [1936]),
    # a title that ends with a month and a year: the head's year only
    ("Ross, Kristin. 2002. May '68 and Its Afterlives. Chicago: University of Chicago Press.", [2002]),
    # a journal's volume and pages, no month
    ("Sewell, William H. 1990. “Collective Violence and Collective Loyalties.” Politics & Society 18, 527–52.", [1990]),
])
def test_no_issue_day(line: str, year: list[int]) -> None:
    csl = citekit.parse_reference(line).csl
    assert csl["issued"] == {"date-parts": [year]}
    f = parse_reference_entry(line, KB)
    assert f is not None and not (f.issue_date and len(citekit.dates.date_parts(f.issue_date) or []) == 3)


def test_full_date_year_is_no_page() -> None:
    # "March 4, 2015.": the comma and year after the day are the date's, never a page "2015"
    line = "Dlamini, Sipho. Speech to the Mining Forum, Johannesburg, March 4, 2015."
    csl = citekit.parse_reference(line).csl
    assert "page" not in csl
    assert csl["issued"] == {"date-parts": [[2015, 3, 4]]}
