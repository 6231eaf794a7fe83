"""The fuzzers' short profile (issue 13): every kind of :mod:`tests.fuzz.gen`, a few dozen
inputs each, all properties of :mod:`tests.fuzz.props` (about 10 s).  The long run is
``python benchmarks/fuzz.py`` (docs/robustness.md)."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings

from tests.fuzz import gen, props

#: Inputs per kind in the normal pytest run (the long run draws 100,000 and more).
EXAMPLES = {"text": 25, "markdown": 15, "html": 15, "docx": 10, "pdftext": 15, "hostile": 40, "citation": 30, "config": 30}

_SETTINGS = dict(deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.parametrize("kind", sorted(EXAMPLES))
def test_kind_keeps_every_property(kind):
    @settings(max_examples=EXAMPLES[kind], **_SETTINGS)
    @given(gen.strategy(kind))
    def run(value):
        props.check(kind, value)

    run()


def test_rendered_records_hold_no_live_markup():
    """Records of fuzzed citations with hostile titles, rendered as HTML and Markdown."""
    rng = random.Random(13)
    items = [
        {"id": f"i{k}", "type": "book", "title": rng.choice(gen.TITLE) or "T", "author": [{"family": rng.choice(gen.FAMILY), "given": "<b>A</b>"}],
         "publisher": "P <img src=x onerror=alert(1)> [x](javascript:alert(1))", "issued": {"date-parts": [[1990 + k]]},
         "URL": "javascript:alert(1)"}
        for k in range(12)
    ]
    props.rendered_safe(items)
    props.rendered_safe(items, "modern-language-association")


def test_generators_are_reproducible():
    """The same seed gives the same input (the long run's failures are replayable by seed)."""
    for kind, fn in gen.KINDS.items():
        if kind == "docx":
            continue  # zip timestamps
        assert fn(random.Random(7)) == fn(random.Random(7)), kind
