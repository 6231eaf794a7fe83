"""``citekit annotate``: the HTML report (structure, escaping, offsets); the browser test is test_annotate_browser.py."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import citekit
from citekit.annotate import _clean_csl_html, annotate
from citekit.cli import main

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

NOTES_TEXT = """Kamenev and Zinoviev opposed the rising.1 Trotsky disagreed.2 Lenin insisted.3 So it went.4

Notes

1. VI Lenin CW Vol 26, Moscow 1977, p. 217.
2. L Trotsky The History of the Russian Revolution Vol 3, London 1967, p. 92.
3. ibid, p. 94.
"""

XSS = "<img src=x onerror=alert(1)>"


class _Tags(HTMLParser):
    """Collects start tags and checks that the document nests (void elements aside)."""

    VOID = {"meta", "br", "img", "input", "link", "hr"}

    def __init__(self):
        super().__init__()
        self.stack, self.tags, self.errors = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append((tag, list(self.stack[-3:])))
        else:
            self.stack.pop()


def _parse(h: str) -> _Tags:
    p = _Tags()
    p.feed(h)
    p.close()
    return p


def _visible_text(h: str) -> str:
    """The article's text content (tags dropped, entities decoded)."""
    art = h[h.index('<article class="text" id="text">') + len('<article class="text" id="text">') : h.index("</article>")]
    art = re.sub(r'<a class="pb[^"]*"[^>]*>.*?</a>', "", art)  # problem badges are additions
    return html.unescape(re.sub(r"<[^>]+>", "", art))


def test_notes_markers_and_forms():
    ex = citekit.extract_text(NOTES_TEXT)
    h = annotate(ex, problems=citekit.check(ex))
    p = _parse(h)
    assert p.errors == [] and p.stack == []
    # the text is kept exactly (problem badges aside)
    assert _visible_text(h) == ex.text
    # markers link to notes and back
    assert '<a id="m-1-1" class="mk" href="#n-1-1"' in h
    assert re.search(r'<a id="n-1-1" class="nl" href="#m-1-1"[^>]*>1\.</a>', h)
    # marker 7 has no note: it stands out, and the checker's N101 is marked in place and counted
    assert 'class="mk nonote"' in h
    assert re.search(r'<a class="pb sev-error" id="p-\d+" href="#pl-\d+" tabindex="0"><b>N101</b><span class="msg">', h)
    assert re.search(r"<b class=\"sev-error\">N101</b> marker-without-note <span class=\"n\">1</span>", h)
    # every citation is a focusable span with its form; the ibid's details link to its antecedent
    forms = {c.form.value for c in ex.citations}
    assert {"abbrev", "ibid"} <= forms
    for i, c in enumerate(ex.citations):
        assert f'id="c-{i}" tabindex="0" role="button"' in h
        assert f'<template id="t-{i}">' in h
    j = next(i for i, c in enumerate(ex.citations) if c.form.value == "ibid")
    ante = ex.citations[j].refs[0].antecedent
    tmpl = h[h.index(f'<template id="t-{j}">') :].split("</template>")[0]
    assert f'<a class="jump" href="#c-{ante}">citation {ante + 1}: “L Trotsky The History' in tmpl
    assert "Locator: <b>vol. 3, p. 94</b>" in tmpl
    # the reference list counts citations with back-links
    # (citation numbers, labelled "#n", then the notes they stand in: not mistaken for note numbers)
    assert re.search(r'cited 2 times: citations <a href="#c-1" class="jump" title="citation 2">#2</a>, '
                     r'<a href="#c-2" class="jump" title="citation 3">#3</a>( \(notes? [\d, ]+\))?</p>', h)


def test_offsets_not_string_replace():
    # the same words twice: only the span citekit found is highlighted
    text = "He read The Revolution Betrayed, a book (Leon Trotsky, The Revolution Betrayed, p. 20). The Revolution Betrayed was banned.\n"
    ex = citekit.extract_text(text)
    h = annotate(ex, problems=[])
    c = next(c for c in ex.citations if c.text.startswith("Leon"))
    assert all(x.start >= c.start for x in ex.citations if x is not c) or len(ex.citations) >= 1
    assert re.search(r'<span id="c-0"[^>]*>Leon Trotsky, The Revolution Betrayed, p\. 20</span>\)\. The Revolution Betrayed was', h)
    assert _visible_text(h) == text


def test_everything_escaped():
    text = (
        f"A claim (J. Smith, {XSS}: A History, p. 5). Another & more <b>bold</b> text.\n"
        f"\nReferences\n\nSmith, J. 1990. {XSS}: A History. London: Verso.\n"
    )
    ex = citekit.extract_text(text)
    h = annotate(ex, title=f"t{XSS}.txt")
    p = _parse(h)
    assert not any(t == "img" for t, _ in p.tags), "an <img> from the input became markup"
    assert not any("onerror" in a for _, a in p.tags)
    assert "<img" not in h and "<b>bold" not in h
    assert "&lt;img src=x onerror=alert(1)&gt;" in h
    assert "&lt;b&gt;bold&lt;/b&gt;" in h
    assert _visible_text(h) == ex.text
    # only our own scripts, nothing external
    assert h.count("<script>") == 1 and not any(t == "script" and a.get("src") for t, a in p.tags)
    assert "http://" not in h and "https://" not in h and "@import" not in h


def test_clean_csl_html_whitelist():
    assert _clean_csl_html('<i>Ok</i> <span style="font-variant:small-caps;">Ab</span>') == '<i>Ok</i> <span class="sc">Ab</span>'
    assert _clean_csl_html('<img src=x onerror=alert(1)><script>x</script>') == "x"
    assert _clean_csl_html('<div class="csl-left-margin" onclick="x">1</div>') == '<div class="csl-left-margin">1</div>'
    assert _clean_csl_html("a < b > c") == "a &lt; b &gt; c"


def test_unresolved_and_ambiguous_stand_out():
    ex = citekit.extract_text("A claim (Q. Zyxwvut, p. 12).\n")
    h = annotate(ex, problems=[])
    if ex.citations and not ex.citations[0].resolved:
        assert 'class="cite f-' in h and " unres" in h
        assert "Unresolved" in h


def test_cli_annotate(tmp_path):
    src = tmp_path / "t.txt"
    src.write_text(NOTES_TEXT, encoding="utf-8")
    out = tmp_path / "r.html"
    assert main(["annotate", str(src), "-o", str(out), "--style", "apa"]) == 0
    h = out.read_text(encoding="utf-8")
    assert h.startswith("<!DOCTYPE html>") and "records in apa" in h
    assert main(["annotate", str(src), "-o", str(out), "--style", "no-such-style"]) == 2


def test_corpus_report_small_and_complete():
    path = CORPUS / "000a.txt"
    if not path.exists():
        pytest.skip("corpus not available")
    ex = citekit.extract(path)
    h = annotate(ex)
    assert len(h.encode("utf-8")) < 3_000_000
    p = _parse(h)
    assert p.errors == [] and p.stack == []
    assert _visible_text(h) == ex.text
    assert h.count('role="button"') == len(ex.citations)
    assert h.count('<li id="r-') == len(ex.records)
