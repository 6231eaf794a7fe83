"""Reference-entry faults of the ninth outside test (issue 11), each fixed by kind and checked
on three or more new entries, through ``citekit parse`` (:func:`parse_references`) and the
reference-list path of ``citekit extract``."""

from __future__ import annotations

import pytest

import citekit
from citekit.fields.record import parse_references


def _parsed(line: str) -> dict:
    return parse_references([line])[0].csl


def _extracted(line: str) -> dict:
    text = "A paragraph of prose before the list.\n\nReferences\n\n" + line + "\n"
    recs = citekit.extract(text=text).records
    assert len(recs) == 1
    return recs[0].csl


BOTH = pytest.mark.parametrize("read", [_parsed, _extracted], ids=["parse", "extract"])


def _names(csl: dict, role: str = "author") -> list[tuple[str, str]]:
    return [(n.get("family"), n.get("given")) for n in csl.get(role, [])]


# 1. "In"/"Im"/"Dans" opening the title right after the names is the title's first word
@BOTH
@pytest.mark.parametrize("line, title, publisher", [
    ("Evans, Richard J. In Defence of History. Granta, 1997.", "In Defence of History", "Granta"),
    ("Judt, Tony. In Praise of Failure. Penguin, 2011.", "In Praise of Failure", "Penguin"),
    ("Brandt, Willy. Im Zeitalter der Extreme. Hanser, 1995.", "Im Zeitalter der Extreme", "Hanser"),
    ("Dupont, Marie. Dans la forêt lointaine. Gallimard, 2004.", "Dans la forêt lointaine", "Gallimard"),
    ("Remarque, Erich Maria. Im Westen nichts Neues. Propyläen, 1929.", "Im Westen nichts Neues", "Propyläen"),
])
def test_in_opens_title(read, line, title, publisher):
    csl = read(line)
    assert csl["title"] == title
    assert csl["publisher"] == publisher
    assert "publisher-place" not in csl and "container-title" not in csl


def test_in_after_a_title_is_still_a_container():
    csl = _parsed('Skinner, Quentin. "Meaning and Understanding." In The Cambridge History of Political Thought, '
                  "edited by J. H. Burns, 12-40. Cambridge: Cambridge University Press, 1991.")
    assert csl["title"] == "Meaning and Understanding"
    assert csl["container-title"].startswith("The Cambridge History of Political Thought")


# 2. MLA "Title. Publisher, Year.": the title's last comma piece is no place; "Translated by X, Publisher"
@BOTH
@pytest.mark.parametrize("line, title, publisher, translator", [
    ("Hutcheon, Linda. A Poetics of Postmodernism: History, Theory, Fiction. Routledge, 1988.",
     "A Poetics of Postmodernism: History, Theory, Fiction", "Routledge", None),
    ("Said, Edward W. Culture and Imperialism: Essays, Lectures, Interviews. Knopf, 1993.",
     "Culture and Imperialism: Essays, Lectures, Interviews", "Knopf", None),
    ("Calvino, Italo. If on a Winter's Night a Traveler. Translated by William Weaver, Harcourt, 1981.",
     "If on a Winter's Night a Traveler", "Harcourt", ("Weaver", "William")),
    ("Eco, Umberto. The Name of the Rose. Translated by William Weaver, Harcourt, 1983.",
     "The Name of the Rose", "Harcourt", ("Weaver", "William")),
    ("Mann, Thomas. Buddenbrooks. Translated by John E. Woods, Knopf, 1993.", "Buddenbrooks", "Knopf", ("Woods", "John E.")),
])
def test_mla_publisher_year(read, line, title, publisher, translator):
    csl = read(line)
    assert csl["title"] == title
    assert csl["publisher"] == publisher
    assert "publisher-place" not in csl
    if translator:
        assert _names(csl, "translator") == [translator]


def test_chicago_place_year_stays_a_place():
    csl = _parsed("Carr, E. H. The Bolshevik Revolution. London, 1950.")
    assert csl["publisher-place"] == "London" and "publisher" not in csl


# 3. a title opening with a lower-case word and a colon; an access date is "accessed", never "issued"
_WEB = [
    "[1] e-codices: Virtual Manuscript Library of Switzerland. [Online]. Available: https://www.e-codices.unifr.ch/ (accessed Mar. 3, 2024).",
    "[2] manuscripta.at: Mittelalterliche Handschriften in Österreich. [Online]. Available: https://manuscripta.at/. Accessed: Feb. 3, 2024.",
    "[3] europeana: Digital Cultural Heritage. [Online]. Available: https://www.europeana.eu/ (accessed Jan. 12, 2023).",
    "[4] gallica: Bibliothèque numérique. [En ligne]. Disponible : https://gallica.bnf.fr/ (consulté le 3 mars 2024).",
    "[5] monasterium.net: Das virtuelle Urkundenarchiv. Online: https://www.monasterium.net/ (abgerufen am 3.3.2024).",
]


def _extracted_web(line: str) -> dict:
    """The record of ``line`` extracted from an IEEE numbered list of all of :data:`_WEB`."""
    text = "A paragraph of prose before the list.\n\nReferences\n\n" + "\n".join(_WEB) + "\n"
    recs = citekit.extract(text=text).records
    assert len(recs) == len(_WEB)
    url = "https://" + line.split("https://")[1].split()[0].rstrip("./")
    return next(r.csl for r in recs if r.csl.get("URL", "").rstrip("/") == url)


@pytest.mark.parametrize("line, title, accessed", [
    ("[12] e-codices: Virtual Manuscript Library of Switzerland. [Online]. Available: https://www.e-codices.unifr.ch/ (accessed Mar. 3, 2024).",
     "e-codices: Virtual Manuscript Library of Switzerland", [2024, 3, 3]),
    ("[2] manuscripta.at: Mittelalterliche Handschriften in Österreich. [Online]. Available: https://manuscripta.at/. Accessed: Feb. 3, 2024.",
     "manuscripta.at: Mittelalterliche Handschriften in Österreich", [2024, 2, 3]),
    ("[3] europeana: Digital Cultural Heritage. [Online]. Available: https://www.europeana.eu/ (accessed Jan. 12, 2023).",
     "europeana: Digital Cultural Heritage", [2023, 1, 12]),
    ("[4] gallica: Bibliothèque numérique. [En ligne]. Disponible : https://gallica.bnf.fr/ (consulté le 3 mars 2024).",
     "gallica: Bibliothèque numérique", [2024, 3, 3]),
    ("[5] monasterium.net: Das virtuelle Urkundenarchiv. Online: https://www.monasterium.net/ (abgerufen am 3.3.2024).",
     "monasterium.net: Das virtuelle Urkundenarchiv", [2024, 3, 3]),
])
@pytest.mark.parametrize("read", [_parsed, _extracted_web], ids=["parse", "extract"])
def test_colon_title_and_access_date(read, line, title, accessed):
    csl = read(line)
    assert csl["title"] == title
    assert csl["accessed"] == {"date-parts": [accessed]}
    assert "issued" not in csl
    assert " " not in csl["URL"]


def test_ieee_accessed_colon():
    csl = _parsed("[12] e-codices: Virtual Manuscript Library of Switzerland. [Online]. Available: https://www.e-codices.ch/en. Accessed: Feb. 3, 2024.")
    assert csl["title"] == "e-codices: Virtual Manuscript Library of Switzerland"
    assert csl["accessed"] == {"date-parts": [[2024, 2, 3]]} and "issued" not in csl


def test_mla_access_date_beside_the_issued_date():
    csl = _parsed('Smith, Zadie. "Fail Better." The Guardian, 13 Jan. 2007, www.theguardian.com/books/2007/jan/13/fiction. Accessed 3 Mar. 2024.')
    assert csl["issued"]["date-parts"][0][0] == 2007
    assert csl["accessed"] == {"date-parts": [[2024, 3, 3]]}


# 4. IEEE: given-first initials split at commas and ", and"; a proceedings container keeps its bracket
@BOTH
@pytest.mark.parametrize("line, authors, container, place, year, pages", [
    ('V. Christlein, M. Gropp, S. Fiel, and A. Maier, "Unsupervised feature learning for writer identification," '
     "in Proc. Int. Conf. Pattern Recognit. (ICPR), Cancún, Mexico, 2016, pp. 1-6.",
     [("Christlein", "V."), ("Gropp", "M."), ("Fiel", "S."), ("Maier", "A.")],
     "Proc. Int. Conf. Pattern Recognit. (ICPR)", "Cancún, Mexico", 2016, "1-6"),
    ('J. Smith, K. Lee, R. Patel, and T. Nguyen, "Deep models for script classification," in Proc. Int. Conf. Doc. '
     "Anal. Recognit. (ICDAR), Sydney, Australia, 2019, pp. 10-15.",
     [("Smith", "J."), ("Lee", "K."), ("Patel", "R."), ("Nguyen", "T.")],
     "Proc. Int. Conf. Doc. Anal. Recognit. (ICDAR)", "Sydney, Australia", 2019, "10-15"),
    ('A. Fischer, V. Frinken, and H. Bunke, "Hidden Markov models for off-line cursive handwriting recognition," in '
     "Proc. Int. Workshop Frontiers Handwriting Recognit. (IWFHR), Montreal, Canada, 2008, pp. 20-25.",
     [("Fischer", "A."), ("Frinken", "V."), ("Bunke", "H.")],
     "Proc. Int. Workshop Frontiers Handwriting Recognit. (IWFHR)", "Montreal, Canada", 2008, "20-25"),
])
def test_ieee_conference_paper(read, line, authors, container, place, year, pages):
    csl = read(line)
    assert _names(csl) == authors
    assert csl["container-title"] == container
    assert csl["publisher-place"] == place
    assert csl["issued"]["date-parts"][0] == [year]
    assert csl["page"] == pages
    if read is _parsed:
        assert csl["type"] == "paper-conference"


# 5. "vols. 1-14": the number of volumes, never pages or a title tail; "1954-1967" a date range
@BOTH
@pytest.mark.parametrize("line, title, n, first, last", [
    ("Bruckner, A., and R. Marichal, eds. Chartae Latinae Antiquiores. vols. 1-14. Olten: Urs Graf, 1954-1967.",
     "Chartae Latinae Antiquiores", "14", 1954, 1967),
    ("Mommsen, Theodor, ed. Monumenta Germaniae Historica. vols. 1-5. Berlin: Weidmann, 1877-1898.",
     "Monumenta Germaniae Historica", "5", 1877, 1898),
    ("Lot, Ferdinand. Recueil des actes. vols. 1-3. Paris: Imprimerie nationale, 1936-1955.", "Recueil des actes", "3", 1936, 1955),
])
def test_volume_range_and_year_range(read, line, title, n, first, last):
    csl = read(line)
    assert csl["title"] == title
    assert csl["number-of-volumes"] == n
    assert "page" not in csl
    assert csl["issued"]["date-parts"][0] == [first]
    if read is _parsed:
        assert csl["issued"]["date-parts"] == [[first], [last]]


def test_ieee_editors_and_year_range():
    csl = _parsed("[13] A. Bruckner and R. Marichal, Eds., Chartae Latinae Antiquiores. Olten, Switzerland: Urs Graf, 1954-1967.")
    assert _names(csl, "editor") == [("Bruckner", "A."), ("Marichal", "R.")]
    assert csl["issued"] == {"date-parts": [[1954], [1967]]}
    assert csl["publisher"] == "Urs Graf"
