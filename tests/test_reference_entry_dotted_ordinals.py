"""A dotted ordinal inside a title ("im 19. Jahrhundert", "v 19. století", "Der 9. November")
does not end the title: German, Scandinavian and West Slavic orthography writes ordinals as
digits plus a full stop.  Checked through ``citekit parse`` (:func:`parse_references`), the
reference-list path of ``citekit extract`` and a German footnote."""

from __future__ import annotations

import pytest

import citekit
from citekit.fields.record import parse_references


def _parsed(line: str) -> dict:
    return parse_references([line])[0].csl


def _extracted(line: str) -> dict:
    text = "Ein Absatz Prosa vor dem Verzeichnis.\n\nLiteraturverzeichnis\n\n" + line + "\n"
    recs = citekit.extract(text=text).records
    assert len(recs) == 1
    return recs[0].csl


BOTH = pytest.mark.parametrize("read", [_parsed, _extracted], ids=["parse", "extract"])


@BOTH
@pytest.mark.parametrize(
    "line, title, place, publisher",
    [
        ("Conze, Werner und Kocka, Jürgen (Hg.). 1985. Bildungsbürgertum im 19. Jahrhundert. "
         "Stuttgart: Klett-Cotta.", "Bildungsbürgertum im 19. Jahrhundert", "Stuttgart", "Klett-Cotta"),
        ("Urban, Otto. 1982. Česká společnost v 19. století. Praha: Svoboda.",
         "Česká společnost v 19. století", "Praha", "Svoboda"),
        ("Jensen, Hans. 1997. Danmark i det 19. århundrede. København: Gyldendal.",
         "Danmark i det 19. århundrede", "København", "Gyldendal"),
        ("Kellerhoff, Sven Felix. 2008. Der 9. November in der deutschen Geschichte. Berlin: Siedler.",
         "Der 9. November in der deutschen Geschichte", "Berlin", "Siedler"),
    ],
)
def test_dotted_ordinal_stays_in_the_title(read, line, title, place, publisher):
    csl = read(line)
    assert csl["title"] == title
    assert csl["publisher-place"] == place
    assert csl["publisher"] == publisher


@pytest.mark.parametrize(
    "line, title, place",
    [
        # a number after a volume word is a volume: the title still ends at its full stop
        ("Mommsen, Theodor. 1856. Römische Geschichte. Bd. 3. Leipzig: Weidmann.",
         "Römische Geschichte", "Leipzig"),
        # a number followed by "Place:" ends the title
        ("Doe, Jane. 2004. Essays 2. London: Verso.", "Essays 2", "London"),
    ],
)
def test_number_before_an_element_still_ends_the_title(line, title, place):
    csl = _extracted(line)
    assert csl["title"] == title
    assert csl["publisher-place"] == place


def test_german_footnote_with_an_ordinal():
    text = ("Das Bürgertum wuchs rasch.¹\n\n"
            "¹ Vgl. Lothar Gall, Bürgertum in Deutschland im 19. Jahrhundert (Berlin: Siedler, 1989), 112.\n")
    recs = citekit.extract(text=text).records
    assert [r.csl["title"] for r in recs] == ["Bürgertum in Deutschland im 19. Jahrhundert"]
    assert recs[0].csl["publisher"] == "Siedler"
    assert recs[0].csl["issued"] == {"date-parts": [[1989]]}
