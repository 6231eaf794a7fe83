"""Term-form fallback and the language of an item without ``language`` (citekit/citeproc_compat):
issue 14's APA "By" verb for a container-author.  Every expected string is citeproc-js 2.4.63's
(npm ``citeproc``, benchmarks/citeproc_js's setup) for the same CSL-JSON item, style and locale."""

from __future__ import annotations

import pytest

from citekit.render import Bibliography

TROTSKY = {"id": "trotsky", "type": "book", "author": [{"family": "Trotsky", "given": "Leon"}],
           "container-author": [{"family": "Trotsky", "given": "Leon"}], "title": "The history of the russian revolution",
           "volume": "3", "volume-title": "The triumph of the soviets", "translator": [{"family": "Eastman", "given": "Max"}],
           "number-of-volumes": "3", "publisher": "Victor Gollancz", "publisher-place": "London", "language": "en-US",
           "issued": {"date-parts": [[1933]]}}
MARX = {"id": "marx-mew23", "type": "book", "author": [{"family": "Marx", "given": "Karl"}],
        "container-author": [{"family": "Marx", "given": "Karl"}], "title": "Werke", "volume": "23",
        "volume-title": "Das Kapital, Band 1", "publisher": "Dietz", "publisher-place": "Berlin",
        "issued": {"date-parts": [[1962]]}, "language": "de"}
FEBVRE = {"id": "bloch-review", "type": "review-book", "author": [{"family": "Febvre", "given": "Lucien"}],
          "reviewed-author": [{"family": "Bloch", "given": "Marc"}], "reviewed-title": "Les rois thaumaturges",
          "container-title": "Revue de synthèse historique", "volume": "38", "page": "12-20",
          "issued": {"date-parts": [[1924]]}}


@pytest.mark.parametrize("item,locale,expected", [
    # apa: <label form="verb-short"/> for container-author; en-US, de-DE and fr-FR define only its
    # verb form, which CSL 1.0.2 "Terms" falls back to (citeproc-py printed no verb)
    (TROTSKY, None, "Trotsky, L. (1933). The history of the russian revolution: Vol. 3. The triumph of the soviets "
                    "(By L. Trotsky; M. Eastman, Trans.). Victor Gollancz."),
    (MARX, "de-DE", "Marx, K. (1962). Werke: Bd. 23. Das Kapital, Band 1 (Von K. Marx). Dietz."),
    (MARX, "fr-FR", "Marx, K. (1962). Werke: Vol. 23. Das Kapital, Band 1 (Par K. Marx). Dietz."),
    # a forced non-English locale: an item without language is not English, so its
    # container-title keeps its case (it was title-cased by apa's text-case="title")
    (FEBVRE, "de-DE", "Febvre, L. (1924). [Review of buch Les rois thaumaturges, von M. Bloch]. "
                      "Revue de synthèse historique, 38, 12–20."),
    (FEBVRE, "fr-FR", "Febvre, L. (1924). [Recension de livre Les rois thaumaturges, par M. Bloch]. "
                      "Revue de synthèse historique, 38, 12\u201120."),
])
def test_apa_as_citeproc_js(item, locale, expected):
    assert Bibliography([item]).render("apa", locale=locale) == [expected]


def test_a_verb_form_the_locale_has_is_used_as_is():
    out = Bibliography([MARX]).render("chicago-author-date", locale="de-DE")
    assert out == ["Marx, Karl. 1962. Das Kapital, Band 1. Von Karl Marx. Bd. 23 of Werke. Dietz."]
