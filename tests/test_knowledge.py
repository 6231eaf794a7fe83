"""The bundled knowledge base is well formed."""

from citekit.knowledge import bundled


def test_every_work_has_key_title_and_author():
    kb = bundled()
    assert len(kb.works) >= 40
    keys = [w.key for w in kb.works]
    assert len(keys) == len(set(keys))
    for w in kb.works:
        assert w.csl.get("title"), w.key
        assert w.csl.get("author") or w.csl.get("editor"), w.key


def test_abbreviations_point_to_works():
    kb = bundled()
    for abbr, key in list(kb.abbreviations.items()) + list(kb.author_abbreviations.items()):
        assert kb.work(key) is not None, (abbr, key)


def test_required_multivolume_facts():
    kb = bundled()
    assert kb.work("lenin-collected-works").volumes == 45
    assert kb.work("marx-engels-collected-works").volumes == 50
    assert kb.work("stalin-works").volumes == 13
    assert kb.work("trotsky-writings").volume_naming == "years"
    assert kb.work("lenin-collected-works").csl["publisher"] == "Progress Publishers"
