"""Issue 11: a reference-list entry or note of a paper in a meeting's proceedings ("in Proc. Int.
Conf. …", "In Proceedings of the …", "In: Tagungsband …", "Atti del … Congresso") is typed CSL
``paper-conference`` by ``citekit extract`` (citekit/resolve.py ``_record_type``) as by ``citekit
parse`` (citekit/fields/record.py), through the one pattern
:data:`citekit.patterns.PROCEEDINGS_CONTAINER` (CSL 1.0.2 Appendix III)."""

from __future__ import annotations

import pytest

import citekit
from citekit.patterns import PROCEEDINGS_CONTAINER


def records(text: str) -> dict[str, dict]:
    """The extract path's CSL records by title."""
    ex = citekit.extract_text(text)
    return {r.csl.get("title"): dict(r.csl) for r in ex.records}


IEEE = """Writer identification has been studied with learned features [1], [2].

References

[1] V. Christlein, M. Gropp, S. Fiel, and A. Maier, "Unsupervised feature learning for writer identification," in Proc. Int. Conf. Pattern Recognit. (ICPR), Cancún, Mexico, 2016, pp. 1-6.
[2] K. He, X. Zhang, S. Ren, and J. Sun, "Deep residual learning for image recognition," in Proc. IEEE Conf. Comput. Vis. Pattern Recognit. (CVPR), Las Vegas, NV, USA, 2016, pp. 770-778.
"""

CHICAGO = """Digital editions have changed the field (Smith 2019, 50).

Bibliography

Smith, Jane. 2019. "Reading Archives Digitally." In Proceedings of the 12th Conference on Digital Humanities, 45–60. Utrecht: ADHO.
"""

GERMAN = """Die Forschung hat das betont (Müller 1901, 14).

Literaturverzeichnis

Müller, Hans: Die Reichsgründung im Urteil der Zeitgenossen. In: Tagungsband des 5. Historikertages, Berlin 1901, S. 12–20.
"""

ROMANCE = """La question reste ouverte (Dubois 2008, 33; Rossi 2011, 104; García 2015, 80; Conklin 2008, 101).

Bibliographie

Dubois, Marie. 2008. « Les archives de la Commune ». In Actes du colloque international de Lyon, 25–40. Lyon : Presses universitaires de Lyon.

Rossi, Marco. 2011. « Le fonti notarili ». In Atti del XII Congresso internazionale di studi, 101–118. Spoleto: CISAM.

García, Ana. 2015. «Los cabildos». In Actas del III Congreso de Historia Colonial, 77–90. Sevilla: Universidad de Sevilla.

Conklin, Edwin G. 2008. "The Early History of the Society." Proceedings of the American Philosophical Society 152, no. 2: 100–120.
"""


def test_ieee_proc_entries_are_conference_papers():
    recs = records(IEEE)
    a = recs["Unsupervised feature learning for writer identification"]
    assert (a["type"], a["container-title"], a["page"]) == ("paper-conference", "Proc. Int. Conf. Pattern Recognit. (ICPR)", "1-6")
    b = recs["Deep residual learning for image recognition"]
    assert (b["type"], b["container-title"], b["page"]) == (
        "paper-conference", "Proc. IEEE Conf. Comput. Vis. Pattern Recognit. (CVPR)", "770-778")


def test_chicago_in_proceedings_is_a_conference_paper_not_a_chapter():
    r = records(CHICAGO)["Reading Archives Digitally"]
    assert (r["type"], r["container-title"], r["page"]) == (
        "paper-conference", "Proceedings of the 12th Conference on Digital Humanities", "45-60")
    assert (r["publisher"], r["publisher-place"]) == ("ADHO", "Utrecht")


def test_german_tagungsband_is_a_conference_paper():
    r = records(GERMAN)["Die Reichsgründung im Urteil der Zeitgenossen"]
    assert (r["type"], r["container-title"], r["page"]) == ("paper-conference", "Tagungsband des 5. Historikertages", "12-20")


def test_french_italian_spanish_proceedings_and_a_society_journal():
    recs = records(ROMANCE)
    got = {t: (r["type"], r["container-title"], r["page"]) for t, r in recs.items()}
    assert got["Les archives de la Commune"] == ("paper-conference", "Actes du colloque international de Lyon", "25-40")
    assert got["Le fonti notarili"] == ("paper-conference", "Atti del XII Congresso internazionale di studi", "101-118")
    assert got["Los cabildos"] == ("paper-conference", "Actas del III Congreso de Historia Colonial", "77-90")
    # a learned society's "Proceedings" with an issue number is a journal (CSL article-journal)
    assert got["The Early History of the Society"] == (
        "article-journal", "Proceedings of the American Philosophical Society", "100-120")


def test_parse_path_agrees():
    line = 'Smith, Jane. 2019. "Reading Archives Digitally." In Proceedings of the 12th Conference on Digital Humanities, 45–60. Utrecht: ADHO.'
    csl = citekit.parse_reference(line).csl
    assert (csl["type"], csl["container-title"], csl["page"]) == (
        "paper-conference", "Proceedings of the 12th Conference on Digital Humanities", "45-60")


@pytest.mark.parametrize("container,hit", [
    ("Proceedings of the 12th Conference on Digital Humanities", True),
    ("Atti del convegno di studi (Firenze, 2001)", True),
    ("Actes du 5e congrès des historiens médiévistes", True),
    ("Kolloquium zur Landesgeschichte", True),
    ("Simposio internacional de historia", True),
    ("Library of Congress Quarterly Journal", False),
    ("Report of the 22nd Congress of the Communist Party", False),
    ("Actes de la recherche en sciences sociales", False),
    ("Journal of Modern History", False),
])
def test_pattern_kinds(container, hit):
    assert bool(PROCEEDINGS_CONTAINER.search(container)) is hit
