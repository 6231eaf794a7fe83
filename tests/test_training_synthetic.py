"""training/synthetic.py: records rendered by citekit's CSL engine, every character labelled."""

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from training.common import LABELS, OTHER, Example  # noqa: E402
from training import synthetic as S  # noqa: E402

STYLES = ("chicago-notes-bibliography-17th-edition", "modern-language-association", "zeithistorische-forschungen")


@pytest.fixture(scope="module")
def small():
    stats = S.Stats()
    exs = list(S.generate(20, seed=3, styles=STYLES, perturb=0.4, stats=stats))
    return exs, stats


def test_every_example_is_labelled_and_clean(small):
    exs, stats = small
    assert len(exs) > 60
    assert {e.kind for e in exs} == {"reference", "note", "intext"}
    for e in exs:
        assert e.source == "synthetic" and e.doc.startswith("synth-")
        for text, label in e.segments:
            assert text, e
            assert label in LABELS or label == OTHER
        assert not S._MARKER_RUN.search(e.text), e.text
        assert not any("\ue000" <= ch <= "\ue0ff" for ch in e.text)  # nor engine sentinels
    # most outputs survive the marked == plain check
    assert sum(stats.dropped.values()) < 0.05 * len(exs)


def test_docs_group_twenty_records(small):
    exs, _ = small
    assert {e.doc for e in exs} == {f"synth-{s}-0" for s in STYLES}


RECORD = {
    "id": "k1", "type": "book",
    "title": "The Politics of Famine: Peasants and Power in Saratov", "title-short": "The Politics of Famine",
    "author": [{"family": "Kowalski", "given": "Anna"}, {"family": "Linden", "non-dropping-particle": "van der", "given": "Pieter"}],
    "publisher": "Northwestern University Press", "publisher-place": "Evanston",
    "issued": {"date-parts": [[1987]]}, "volume": "3",
}
ARTICLE = {
    "id": "k2", "type": "article-journal", "title": "Grain and the Village Soviet",
    "author": [{"family": "Bogdanov", "given": "Vladimir Ivanovich"}],
    "container-title": "Slavic Review", "volume": "41", "issue": "2", "page": "233-250",
    "issued": {"date-parts": [[1982, 6]]},
}


def _fields(ex: Example) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for t, l in ex.segments:
        out.setdefault(l, []).append(t)
    return out


def test_chicago_full_note_fields():
    clusters = [(1, [{"id": "k1", "locator": "152", "label": "page", "prefix": "See "}]), (2, [{"id": "k2", "locator": "240"}]),
                (3, [{"id": "k1", "locator": "161"}]), (4, [{"id": "k1", "locator": "163"}])]
    exs = S.render_doc("chicago-notes-bibliography-17th-edition", "en-US", "note", [RECORD, ARTICLE], clusters, S.Stats(), "synth-test-0")
    notes = [e for e in exs if e.kind == "note"]
    assert len(notes) == 4
    full = notes[0]
    assert full.text == "See Anna Kowalski and Pieter van der Linden, The Politics of Famine: Peasants and Power in Saratov (Evanston: Northwestern University Press, 1987), 3:152."
    f = _fields(full)
    assert f["relation"] == ["See"]
    assert f["author"] == ["Anna Kowalski and Pieter van der Linden"]
    assert f["title"] == ["The Politics of Famine: Peasants and Power in Saratov"]
    assert f["volume"] == ["3"]
    assert f["place"] == ["Evanston"] and f["publisher"] == ["Northwestern University Press"]
    assert f["date"] == ["1987"] and f["locator"] == ["152"]
    art = _fields(notes[1])
    assert art["author"] == ["Vladimir Ivanovich Bogdanov"] and art["container-title"] == ["Slavic Review"]
    assert art["volume"] == ["41"] and art["issue"] == ["no. 2"] and art["date"] == ["June 1982"] and art["locator"] == ["240"]
    short = _fields(notes[2])  # subsequent: short note
    assert short["author"] == ["Kowalski and van der Linden"] and short["title"] == ["The Politics of Famine"]
    # CMOS 17 (14.34) prefers a short note to ibid.: author, volume and locator only
    assert notes[3].text == "Kowalski and van der Linden, 3:163."
    assert _fields(notes[3])["volume"] == ["3"] and _fields(notes[3])["locator"] == ["163"]
    refs = [e for e in exs if e.kind == "reference"]
    assert len(refs) == 2
    bib = _fields(next(e for e in refs if "Kowalski" in e.text))
    assert bib["author"] == ["Kowalski, Anna, and Pieter van der Linden"]
    assert bib["volume"] == ["Vol. 3"]


def test_german_locale_terms_belong_to_their_fields():
    clusters = [(1, [{"id": "k2", "locator": "240", "prefix": "Vgl. "}]), (2, [{"id": "k1", "locator": "2", "label": "volume"}])]
    exs = S.render_doc("zeithistorische-forschungen", "de-DE", "note", [RECORD, ARTICLE], clusters, S.Stats(), "synth-test-0")
    notes = [_fields(e) for e in exs if e.kind == "note"]
    assert notes[0]["relation"] == ["Vgl."]
    assert any(t.startswith("S.") and t.endswith("240") for t in notes[0]["locator"])
    assert notes[1]["volume"][-1] == "Bd. 2"


def test_hand_typed_keeps_segments_aligned(small):
    exs, _ = small
    rng = random.Random(1)
    changed = 0
    for e in exs:
        h = S.hand_typed(e, rng, "en")
        assert h.text == "".join(t for t, _ in h.segments)
        assert all(t for t, _ in h.segments)
        assert all(a[1] != b[1] for a, b in zip(h.segments, h.segments[1:]))  # neighbours merged
        assert {l for _, l in h.segments} <= {l for _, l in e.segments} | {OTHER}
        changed += h.text != e.text
    assert changed > 0.7 * len(exs)


def test_hand_typed_forms():
    ex = Example("synthetic", "d", "note", (("V. I. Lenin", "author"), (", ", OTHER), ("Collected Works", "title"), (", ", OTHER), ("vol. 30", "volume"), (", ", OTHER), ("p. 208", "locator"), (".", OTHER)))
    seen = set()
    for seed in range(60):
        h = S.hand_typed(ex, random.Random(seed), "en")
        f = _fields(h)
        seen.update(f.get("locator", []) + f.get("volume", []) + f.get("author", []))
    assert seen & {"p208", "p 208"} and seen & {"Vol 30", "vol.30", "v. 30", "xxx.", "XXX"} and "VI Lenin" in seen
