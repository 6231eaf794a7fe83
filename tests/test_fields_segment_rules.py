"""Segment rules applied after the CRF (citekit/fields/record.py, issue 11): each kind of mislabelled
run is checked on new entries in several styles and languages (none from the training or held-out data)."""

from __future__ import annotations

import pytest

from citekit.fields import crf
from citekit.fields.record import fields_from_segments


def _seg(text: str, *parts: tuple[str, str]) -> list[crf.Segment]:
    """Segments for ``parts`` (label, exact substring), in order."""
    out, at = [], 0
    for label, sub in parts:
        i = text.index(sub, at)
        out.append(crf.Segment(label, i, i + len(sub)))
        at = i + len(sub)
    return out


@pytest.mark.parametrize(
    "text, parts, volume, pages",
    [
        # Vancouver without punctuation: "Journal 38 39-41"
        ("Hale, R. 1987. Sheep markets of Wessex. Agricultural History Review 35 141-58",
         [("author", "Hale, R"), ("date", "1987"), ("title", "Sheep markets of Wessex"), ("container-title", "Agricultural History Review"), ("locator", "35 141-58")],
         "35", "141-158"),
        # astronomy style "2004, A&A, 416, 839" (a date, a single page)
        ("Müller K., Weber J., 1998, Astron. Nachr., 319, 77",
         [("author", "Müller K., Weber J"), ("date", "1998"), ("container-title", "Astron. Nachr"), ("locator", "319, 77")],
         "319", "77"),
        # Italian, a Roman volume before the pages
        ("Statuto dei mercanti, in: Cessi II 45-60.",
         [("title", "Statuto dei mercanti"), ("container-title", "Cessi"), ("locator", "II 45-60")],
         "2", "45-60"),
        # a short note with no date lists pages: "336, 569-570" stays pages
        ("Braudel, La Méditerranée..., 212, 340-341.",
         [("author", "Braudel"), ("container-title", "La Méditerranée..."), ("locator", "212, 340-341")],
         None, "212,340-341"),
    ],
)
def test_a_leading_bare_number_of_a_locator_is_the_volume(text, parts, volume, pages):
    f = fields_from_segments(text, _seg(text, *parts))
    assert (f.volume, f.pages) == (volume, pages)


@pytest.mark.parametrize(
    "text, parts, volume, issue, pages",
    [
        ("R. Bianchi, La laguna e i fiumi, «Studi trevigiani», n. 12.",
         [("author", "R. Bianchi"), ("title", "La laguna e i fiumi"), ("container-title", "Studi trevigiani"), ("locator", "n. 12")], "12", None, None),
        ("Dupont, J. (1971), « Les foires de Beaucaire », Annales du Midi, n° 7-8.",
         [("author", "Dupont, J"), ("date", "1971"), ("title", "Les foires de Beaucaire"), ("container-title", "Annales du Midi"), ("locator", "n° 7-8")], "7-8", None, None),
        ("Krause, Hans, Die Zollordnung von 1570, Tiroler Heimatblätter, Nr. 4.",
         [("author", "Krause, Hans"), ("title", "Die Zollordnung von 1570"), ("container-title", "Tiroler Heimatblätter"), ("locator", "Nr. 4")], None, "4", None),
        # in an archival note "n. 32" is a document, its locator
        ("ASV, Senato, b. 79, n. 32.",
         [("archive", "ASV, Senato, b. 79"), ("locator", "n. 32")], None, None, "32"),
    ],
)
def test_a_lone_issue_number_of_a_periodical_is_no_page(text, parts, volume, issue, pages):
    f = fields_from_segments(text, _seg(text, *parts))
    assert (f.volume, f.issue, f.pages) == (volume, issue, pages)


@pytest.mark.parametrize(
    "text, parts, volume, pages",
    [
        ("G. Rossi, Storia di Chioggia, Venezia 1885, 3 voll.", [("author", "G. Rossi"), ("title", "Storia di Chioggia"), ("place", "Venezia"), ("date", "1885"), ("locator", "3 voll")], None, None),
        ("A. Martin, Histoire de Lyon, Lyon 1902, 2 v.", [("author", "A. Martin"), ("title", "Histoire de Lyon"), ("place", "Lyon"), ("date", "1902"), ("locator", "2 v")], None, None),
        ("Corpus statutorum, Padova 1911, vols. 3-4.", [("title", "Corpus statutorum"), ("place", "Padova"), ("date", "1911"), ("locator", "vols. 3-4")], "3-4", None),
        # a leaf's verso is a page, not a count of volumes
        ("Ibidem, c. 118 v.", [("note", "Ibidem"), ("locator", "c. 118 v")], None, "118v"),
    ],
)
def test_a_locator_that_counts_or_names_volumes(text, parts, volume, pages):
    f = fields_from_segments(text, _seg(text, *parts))
    assert (f.volume, f.pages) == (volume, pages)


@pytest.mark.parametrize(
    "text, first, second, pages",
    [
        ("M. Conti, Il porto, Genova 1950, pp. 12-19, 201-210.", "pp. 12-19", "201-210", "12-19,201-210"),
        ("Smith, John. \"Guilds.\" Speculum 12 (1937): 5-9, 44-48.", "5-9", "44-48", "5-9,44-48"),
        ("Weber, Max, Die Stadt, Tübingen 1921, S. 3-7, 90.", "S. 3-7", "90", "3-7,90"),
    ],
)
def test_two_page_runs_with_a_comma_between_are_one_list(text, first, second, pages):
    f = fields_from_segments(text, _seg(text, ("locator", first), ("locator", second)))
    assert f.pages == pages


@pytest.mark.parametrize(
    "text, parts, author, title",
    [
        ("Machado, Joaquim de. Dom Casmurro. Translated by Helen Caldwell. Berkeley: University of California Press, 1966.",
         [("author", "Machado, Joaquim de. Dom Casmurro"), ("translator", "Translated by Helen Caldwell"), ("place", "Berkeley")], "Machado", "Dom Casmurro"),
        ("Ana Ruiz, Pedro Gil, and Luis Mora. Fastsort: a parallel sorting scheme. In Proc. of the Workshop, pages 1–9, 2001.",
         [("author", "Ana Ruiz, Pedro Gil, and Luis Mora. Fastsort"), ("title", "a parallel sorting scheme")], "Ruiz", "Fastsort: a parallel sorting scheme"),
        ("Lefèvre, Henri. Le Paysan. Édition critique. Paris: Seuil, 1980.",
         [("author", "Lefèvre, Henri. Le Paysan"), ("place", "Paris")], "Lefèvre", "Le Paysan"),
        # a role word, not the end of the names
        ("Rossi, pref. a G. Bruni, Poesie, Milano 1950.",
         [("author", "Rossi, pref. a G. Bruni"), ("title", "Poesie")], "Rossi", "Poesie"),
    ],
)
def test_an_author_run_over_the_full_stop_of_the_names_gives_back_the_title(text, parts, author, title):
    f = fields_from_segments(text, _seg(text, *parts))
    assert (f.authors[0].key, f.title) == (author, title)


@pytest.mark.parametrize(
    "text, parts, title, container, editor",
    [
        ("Keene, Derek. \"Shops.\" In Medieval London Markets, ed. Caroline Barron. London, 1995. Pp. 40-55.",
         [("author", "Keene, Derek"), ("title", "Shops"), ("editor", "In Medieval London Markets, ed. Caroline Barron"), ("place", "London")],
         "Shops", "Medieval London Markets", "Barron"),
        ("Smith, Ann. \"Bells.\" In: Sound and Faith. Ed. Thomas Crane. Oxford: Clarendon, 2001.",
         [("author", "Smith, Ann"), ("title", "Bells"), ("editor", "In: Sound and Faith. Ed. Thomas Crane"), ("place", "Oxford")],
         "Bells", "Sound and Faith", "Crane"),
        ("Patel, Rina, 1990, 'Trade', in K.L. Shah, ed, Indian Ocean Commerce: Essays (Delhi: Manohar)",
         [("author", "Patel, Rina"), ("date", "1990"), ("title", "Trade"), ("editor", "K.L. Shah, ed, Indian Ocean Commerce: Essays"), ("place", "Delhi")],
         "Trade", "Indian Ocean Commerce: Essays", "Shah"),
        ("De civitate dei, ed. Bernhard Dombart. Leipzig, 1877.",
         [("editor", "De civitate dei, ed. Bernhard Dombart"), ("place", "Leipzig")],
         "De civitate dei", None, "Dombart"),
    ],
)
def test_an_editor_run_over_the_book_it_names(text, parts, title, container, editor):
    f = fields_from_segments(text, _seg(text, *parts))
    assert (f.title, f.container, f.editors[0].key) == (title, container, editor)


@pytest.mark.parametrize(
    "text, parts, title, container",
    [
        ("Brun, P. (2004, March 3). Strike ends at the port. The Guardian, p. 5.",
         [("author", "Brun, P"), ("date", "2004"), ("title", "Strike ends at the port. The Guardian"), ("locator", "p. 5")],
         "Strike ends at the port", "The Guardian"),
        ("K. Vogel, Das Rathaus, Deutsche Kunst und Denkmalpflege, Nr. 12, 1965, 33-40",
         [("author", "K. Vogel"), ("title", "Das Rathaus, Deutsche Kunst und Denkmalpflege"), ("issue", "Nr. 12"), ("date", "1965"), ("locator", "33-40")],
         "Das Rathaus", "Deutsche Kunst und Denkmalpflege"),
        ("DURAND, M. Le port retrouvé. Ouest-France, 12/05/2011, n°204, pp. 4-5.",
         [("author", "DURAND, M"), ("title", "Le port retrouvé. Ouest-France"), ("date", "12/05/2011"), ("volume", "n°204"), ("locator", "pp. 4-5")],
         "Le port retrouvé", "Ouest-France"),
        # a book: a volume, then its imprint, keeps its subtitle
        ("Tarle, E. Napoleon. A Life, vol. 2. Moscow: Nauka, 1957.",
         [("author", "Tarle, E"), ("title", "Napoleon. A Life"), ("volume", "vol. 2"), ("place", "Moscow")],
         "Napoleon. A Life", None),
        # a book's page count is no newspaper's page
        ("Amrani, S. (2001): Chroniques du Rif, Tanger, 180 pp.",
         [("author", "Amrani, S"), ("date", "2001"), ("title", "Chroniques du Rif, Tanger"), ("locator", "180 pp")],
         "Chroniques du Rif, Tanger", None),
    ],
)
def test_a_periodical_name_inside_the_title_run(text, parts, title, container):
    f = fields_from_segments(text, _seg(text, *parts))
    assert (f.title, f.container) == (title, container)


def test_initials_after_the_comma_of_an_inverted_name_are_no_title():
    text = "Hart, J. (2010, May 2). Floods return. The Herald, p. 3."
    f = fields_from_segments(text, _seg(text, ("author", "Hart, J"), ("date", "2010"), ("title", "Floods return"), ("container-title", "The Herald"), ("locator", "p. 3")))
    assert (f.authors[0].key, f.title) == ("Hart", "Floods return")
