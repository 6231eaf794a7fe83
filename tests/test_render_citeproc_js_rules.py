"""The CSL rules issue 17 fixed, each checked on inputs outside the comparison fixture
(other authors, languages and styles than tests/citeproc_js/fixture.json)."""

from __future__ import annotations

from citekit.render import Bibliography


def book(id, family, given, title, year, **kw):
    return {"id": id, "type": "book", "title": title, "author": [{"family": family, "given": given, **kw.pop("name", {})}],
            "issued": {"date-parts": [[year]]}, **kw}


MICHELET = book("michelet", "Michelet", "Jules", "Le Peuple", 1846, publisher="Hachette", **{"publisher-place": "Paris", "edition": "3"})


def test_locale_none_is_the_styles_default_locale():
    # mhra-notes is en-GB: "3rd edn"; an explicit locale still wins
    bib = Bibliography([MICHELET])
    assert bib.render("mhra-notes") == ["Michelet, Jules, Le Peuple, 3rd edn (Hachette, 1846)"]
    assert bib.render("mhra-notes", locale="en-US") == ["Michelet, Jules, Le Peuple, 3rd ed. (Hachette, 1846)"]


def test_dependent_style_renders_through_its_parent():
    out = Bibliography([MICHELET]).cite([(1, [{"id": "michelet", "locator": "12"}])], "turabian-notes-bibliography")
    assert out == ["Jules Michelet, Le Peuple, 3rd ed. (Paris: Hachette, 1846), 12."]


def test_group_with_only_empty_variables_is_suppressed():
    thesis = book("schmidt", "Schmidt", "Anna", "Die Rätebewegung in Bayern", 1999, type="thesis", genre="PhD diss.")
    assert Bibliography([thesis]).render("apa") == ["Schmidt, A. (1999). Die Rätebewegung in Bayern [PhD diss.]."]
    paper = {"id": "w", "type": "article-newspaper", "title": "Lenin and the Bolsheviks", "container-title": "Weekly Worker",
             "issued": {"date-parts": [[2018, 12, 13]]}}
    assert Bibliography([paper]).render("chicago-notes-bibliography") == ["Weekly Worker. “Lenin and the Bolsheviks.” December 13, 2018."]


def test_date_range_within_one_year():
    ms = {"id": "m", "type": "manuscript", "title": "Protokoll der Sitzung", "archive": "Bundesarchiv",
          "issued": {"date-parts": [[1919, 1, 5], [1919, 1, 12]]}}
    assert Bibliography([ms]).render("chicago-notes-bibliography") == ["“Protokoll der Sitzung.” January 5–12, 1919. Bundesarchiv."]
    ms["issued"] = {"date-parts": [[1919, 1, 5], [1919, 2, 12]]}
    assert Bibliography([ms]).render("mhra-notes") == ["‘Protokoll der Sitzung’, 5 January–12 February 1919, Bundesarchiv"]


def test_demote_particle_sort_only():
    items = [book("g", "Gaulle", "Charles", "Mémoires de guerre", 1954, name={"non-dropping-particle": "de"}),
             book("f", "Fontaine", "Jean", "Essais", 1960),
             book("d", "Dijk", "Teun", "Dagboek", 1970, name={"non-dropping-particle": "van"})]
    out = Bibliography(items).render("harvard-cite-them-right")
    assert [e.split(" (")[0] for e in out] == ["van Dijk, T.", "Fontaine, J.", "de Gaulle, C."]


def test_reviewed_author_and_container_author_fallback():
    review = {"id": "r", "type": "review-book", "title": "The Long Revolution Revisited", "author": [{"family": "Eley", "given": "Geoff"}],
              "reviewed-title": "The Long Revolution", "reviewed-author": [{"family": "Williams", "given": "Raymond"}],
              "container-title": "Social History", "volume": "12", "page": "1-10", "issued": {"date-parts": [[1987]]}}
    assert Bibliography([review]).render("mhra-notes") == [
        "Eley, Geoff, ‘The Long Revolution Revisited’, review of Raymond Williams, The Long Revolution, Social History, 12 (1987), pp. 1–10"]
    chapter = {"id": "c", "type": "chapter", "title": "Rosa Luxemburg and the Party", "author": [{"family": "Nettl", "given": "Peter"}],
               "editor": [{"family": "Geras", "given": "Norman"}], "container-title": "Essays on Luxemburg", "publisher": "Verso",
               "publisher-place": "London", "page": "1-20", "issued": {"date-parts": [[1976]]}}
    assert Bibliography([chapter]).render("new-harts-rules-notes") == [
        "Nettl, Peter, ‘Rosa Luxemburg and the Party’, in Norman Geras, ed., Essays on Luxemburg (London, 1976), 1–20."]


def test_style_locale_date_delimiter():
    art = {"id": "v", "type": "article-journal", "title": "Cholera in Hamburg", "author": [{"family": "Evans", "given": "Richard J."}],
           "container-title": "Past & Present", "volume": "120", "page": "123-146", "issued": {"date-parts": [[1988, 8]]}}
    assert Bibliography([art]).render("vancouver") == ["1. Evans RJ. Cholera in Hamburg. Past & Present. 1988 Aug;120:123–46."]


def test_prefix_kept_as_typed_at_note_start():
    bib = Bibliography([book("t", "Tocqueville", "Alexis", "Democracy in America", 1835, name={"dropping-particle": "de"})])
    assert bib.cite([(1, [{"id": "t", "locator": "12", "prefix": "cf. "}])], "chicago-notes-bibliography") == [
        "cf. Alexis de Tocqueville, Democracy in America (1835), 12."]


def test_given_names_expand_only_where_initials_clash():
    items = [book("p1", "Pavlov", "Peter", "A", 1998), book("p2", "Pavlov", "Pavel", "B", 1999), book("p3", "Pavlov", "Anna", "C", 2000)]
    clusters = [(0, [{"id": k}]) for k in ("p1", "p2", "p3")]
    assert Bibliography(items).cite(clusters, "chicago-author-date") == ["(Peter Pavlov 1998)", "(Pavel Pavlov 1999)", "(A. Pavlov 2000)"]


def test_subsequent_author_substitute_keeps_following_punctuation():
    items = [book("s1", "Sorel", "Georges", "Reflections on Violence", 1908),
             {"id": "s2", "type": "article-journal", "title": "Le syndicalisme révolutionnaire", "language": "fr",
              "container-title": "Mouvement socialiste", "author": [{"family": "Sorel", "given": "Georges"}], "issued": {"date-parts": [[1905]]}}]
    out = Bibliography(items).render("turabian-notes-bibliography")
    assert out[1].startswith("———. ")


def test_numeric_list_numbered_by_first_citation():
    items = [book("a", "Arendt", "Hannah", "On Revolution", 1963), book("b", "Burke", "Edmund", "Reflections", 1790),
             book("c", "Condorcet", "Nicolas", "Esquisse", 1795)]
    bib = Bibliography(items)
    bib.cite([(1, [{"id": "c"}]), (2, [{"id": "a"}])], "ieee")
    out = bib.render("ieee")
    assert [e.split("]")[0] for e in out] == ["[1", "[2", "[3"]
    assert "Condorcet" in out[0] and "Arendt" in out[1] and "Burke" in out[2]


def test_subsequent_author_substitute_rules():
    from citekit.render import load_style

    items = [book("grundrisse", "Marx", "Karl", "Grundrisse", 1857),
             {"id": "ideology", "type": "book", "title": "The German Ideology", "issued": {"date-parts": [[1846]]},
              "author": [{"family": "Marx", "given": "Karl"}, {"family": "Engels", "given": "Friedrich"}]},
             {"id": "family", "type": "book", "title": "The Holy Family", "issued": {"date-parts": [[1845]]},
              "author": [{"family": "Marx", "given": "Karl"}, {"family": "Engels", "given": "Friedrich"}]}]
    xml = load_style("chicago-notes-bibliography")

    def with_rule(rule):
        style = xml.replace(b"<bibliography ", f'<bibliography subsequent-author-substitute="———" subsequent-author-substitute-rule="{rule}" '.encode(), 1)
        return [e.split(". ")[0] for e in Bibliography(items).render(style)]

    assert with_rule("complete-each") == ["Marx, Karl", "Marx, Karl, and Friedrich Engels", "———, and ———"]
    assert with_rule("partial-each") == ["Marx, Karl", "———, and Friedrich Engels", "———, and ———"]
    assert with_rule("partial-first") == ["Marx, Karl", "———, and Friedrich Engels", "———, and Friedrich Engels"]
