"""Markdown, HTML, DOCX and PDF-text inputs give what the plain text gives, at the user's positions."""

from __future__ import annotations

import html
import json
import zipfile

import pytest

import citekit
from citekit.load import load
from citekit.load.docx import paragraphs
from tests.format_fixtures import build

FORMATS = ["md", "html", "docx"]


def _in_plain_coordinates(ex: citekit.Extraction, fmt: str, smap, marker_at: dict) -> dict:
    """The extraction's JSON with every span carried back to the plain text the fixture was built from."""
    doc = ex.document
    pred = json.loads(citekit.to_json(ex))

    def carry(s: int, e: int, text_s: int, text_e: int) -> tuple[int, int]:
        if fmt == "docx":  # JSON spans are extracted-text offsets: through paragraphs
            a, b = doc.offset_map.source_span(text_s, text_e)
        else:  # JSON spans are offsets into the .md / .html file
            a, b = s, e
        return smap.source_span(a, b)

    for c, obj in zip(ex.citations, pred["citations"]):
        obj["start"], obj["end"] = carry(obj["start"], obj["end"], c.start, c.end)
    for m, obj in zip(ex.markers, pred["markers"]):
        if fmt == "docx":  # a footnote reference has no text in the paragraph: where it stood
            obj["start"] = marker_at[doc.offset_map.source_offset(m.start)]
        else:
            obj["start"], obj["end"] = carry(obj["start"], obj["end"], m.start, m.end)
    return pred


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", ["000a", "002", "004"])
def test_converted_text_scores_as_the_plain_text(name, fmt, tmp_path, scorer, corpus_dir):
    path, smap, marker_at = build(name, fmt, tmp_path, corpus_dir)
    ex = citekit.extract(path)
    assert ex.document.format == {"md": "markdown"}.get(fmt, fmt)
    plain = scorer.score(str(corpus_dir / "gold" / name), json.loads(citekit.to_json(citekit.extract(corpus_dir / f"{name}.txt"))))
    conv = scorer.score(str(corpus_dir / "gold" / name), _in_plain_coordinates(ex, fmt, smap, marker_at))
    for key in ("detection", "resolution_bcubed"):
        assert abs(conv[key]["f1"] - plain[key]["f1"]) <= 0.01, (key, conv["missed"][:3], conv["spurious"][:3])
    for key in ("locator_accuracy", "record_accuracy"):
        assert abs(conv[key] - plain[key]) <= 0.01, key
    if "markers" in plain:
        assert abs(conv["markers"]["f1"] - plain["markers"]["f1"]) <= 0.01
    assert len(ex.notes) == len(citekit.extract(corpus_dir / f"{name}.txt").notes)


@pytest.mark.parametrize("fmt", FORMATS)
def test_reported_positions_hold_the_citation_in_the_users_file(fmt, tmp_path, corpus_dir):
    path, _, _ = build("004", fmt, tmp_path, corpus_dir)
    ex = citekit.extract(path)
    if fmt == "docx":
        lines = [p.text for p in paragraphs(path)]
    else:
        lines = path.read_text(encoding="utf-8").split("\n")
    sample = ex.citations[:: max(1, len(ex.citations) // 15)]
    assert sample
    for c in sample:
        line, col = ex.document.line_col(c.start)
        at = lines[line - 1][col - 1 :]
        if fmt == "html":
            at = html.unescape(at)
        want = " ".join(c.text.split())[:12]
        assert " ".join(at.split())[: len(want)] == want, (line, col, at[:40], c.text[:40])


def test_hard_wrapped_002_scores_as_its_unwrapped_copy(tmp_path, scorer, corpus_dir):
    wrapped = citekit.extract(corpus_dir / "002.txt")
    assert wrapped.document.format == "pdftext"
    out = scorer.score(str(corpus_dir / "gold" / "002"), json.loads(citekit.to_json(wrapped)))
    assert out["detection"]["f1"] >= 0.97 and out["resolution_bcubed"]["f1"] >= 0.95
    copy = tmp_path / "002-unwrapped.txt"
    copy.write_text(wrapped.document.text, encoding="utf-8")
    unwrapped = citekit.extract(copy, input_format="text")
    key = lambda ex: [(" ".join(c.text.split()), [(r.record, r.volume, r.pages) for r in c.refs]) for c in ex.citations]  # noqa: E731
    assert key(unwrapped) == key(wrapped)


@pytest.mark.parametrize(
    "wrapped, joined",
    [
        ("the sud-\ndenly changed line", "the suddenly changed line"),
        ("an anti-\nStalinist line", "an anti-Stalinist line"),
        ("a self-\nmanaging class and a managing one", "a self-managing class and a managing one"),
        ("Pre-\ncisely so.", "Precisely so."),
    ],
)
def test_dehyphenation(wrapped, joined):
    filler = "\n".join(["x" * 70] * 25)
    text = load(filler + "\n\n" + wrapped + "\n", input_format="pdftext").text
    assert joined in text


def test_page_furniture_is_not_part_of_a_citation():
    lines = ["The argument was made at length (T. Cliff, State Capitalism in Russia, London", "12", "Continued on page 6",
             "1974, p. 121) and has been disputed since by many writers of the left ever since then."]
    text = "\n".join(["y" * 70] * 25) + "\n\n" + "\n".join(lines) + "\n"
    ex = citekit.extract(text, input_format="pdftext")
    (c,) = [c for c in ex.citations if "Cliff" in c.text]
    assert "Continued" not in c.text and "12 " not in c.text and c.refs[0].pages == "121"


# --- Markdown specifics --------------------------------------------------------------------------


def test_markdown_footnotes_inline_notes_and_pandoc_citations():
    md = (
        "# Chapter\n\nLenin said so.[^a] Carr agreed.^[E.H. Carr, *The Bolshevik Revolution*, Vol. 1, p. 5.]\n"
        "See also [@cliff1974, p. 121; see @harman1983].\n\n"
        "[^a]: LCW, Vol. 33, p. 88.\n"
    )
    ex = citekit.extract(md, input_format="markdown")
    assert [(n.number, ex.document.text[n.start : n.end]) for n in ex.notes] == [
        (1, "LCW, Vol. 33, p. 88."),
        (2, "E.H. Carr, The Bolshevik Revolution, Vol. 1, p. 5."),
    ]
    assert [m.note for m in ex.markers] == [1, 2]
    keyed = [c for c in ex.citations if c.form is citekit.Form.KEYED]
    assert [(r.record, r.pages) for c in keyed for r in c.refs] == [("cliff1974", "121"), ("harman1983", None)]
    lcw = [c for c in ex.citations if c.text.startswith("LCW")]
    assert lcw[0].refs[0].record == "lenin-collected-works"
    line, col = ex.document.line_col(lcw[0].start)
    assert md.split("\n")[line - 1][col - 1 :].startswith("LCW, Vol. 33")


# --- bad input -----------------------------------------------------------------------------------


def test_html_with_unclosed_tags_and_an_external_entity(tmp_path):
    page = tmp_path / "p.html"
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    page.write_text(
        f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]><html><body><p>Text &xxe; (LCW, Vol. 33, p. 88.)'
        '<div><p>More (Nove, p. 174)<b>unclosed <i>tags',
        encoding="utf-8",
    )
    ex = citekit.extract(page)
    assert "TOPSECRET" not in ex.document.text
    assert [c.text for c in ex.citations] == ["LCW, Vol. 33, p. 88.", "Nove, p. 174"]


def _docx(tmp_path, document: str, extra: dict | None = None) -> str:
    path = tmp_path / "d.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", document)
        for k, v in (extra or {}).items():
            z.writestr(k, v)
    return str(path)


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_docx_tracked_changes_fields_and_notes(tmp_path):
    doc = (
        f"<w:document {W}><w:body><w:p><w:r><w:t>As Nove shows </w:t></w:r>"
        "<w:ins><w:r><w:t>(Nove, p. 174)</w:t></w:r></w:ins><w:del><w:r><w:delText>(Carr, p. 1)</w:delText></w:r></w:del>"
        '<w:r><w:instrText> HYPERLINK "x" </w:instrText></w:r><w:hyperlink><w:r><w:t>.</w:t></w:r></w:hyperlink>'
        '<w:r><w:footnoteReference w:id="2"/></w:r></w:p></w:body></w:document>'
    )
    notes = (
        f'<w:footnotes {W}><w:footnote w:type="separator" w:id="0"><w:p/></w:footnote>'
        '<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> LCW, Vol. 33, p. 88.</w:t></w:r></w:p></w:footnote></w:footnotes>'
    )
    ex = citekit.extract(_docx(tmp_path, doc, {"word/footnotes.xml": notes}))
    assert [c.text for c in ex.citations] == ["Nove, p. 174", "LCW, Vol. 33, p. 88."]
    assert [(m.note, m.has_note) for m in ex.markers] == [(1, True)]
    assert ex.document.line_col(ex.citations[1].start) == (2, 2)  # paragraph 2 (the footnote), after the space


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: p.write_bytes(b"PK\x03\x04 truncated"), "not a readable DOCX"),
        (lambda p: p.write_bytes(b"not a zip at all"), "not a readable DOCX"),
    ],
)
def test_corrupt_docx_is_a_clear_error(tmp_path, make, message):
    p = tmp_path / "bad.docx"
    make(p)
    with pytest.raises(citekit.InputError, match=message):
        citekit.extract(p)
    from citekit.cli import main

    assert main(["extract", str(p)]) == 2


def test_truncated_docx(tmp_path):
    good = _docx(tmp_path, f"<w:document {W}><w:body>" + "<w:p><w:r><w:t>(Nove, p. 174)</w:t></w:r></w:p>" * 2000 + "</w:body></w:document>")
    data = open(good, "rb").read()
    cut = tmp_path / "cut.docx"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(citekit.InputError):
        citekit.extract(cut)


def test_docx_with_an_external_entity_does_not_read_it(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    doc = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        f"<w:document {W}><w:body><w:p><w:r><w:t>&xxe; (Nove, p. 174)</w:t></w:r></w:p></w:body></w:document>"
    )
    ex = citekit.extract(_docx(tmp_path, doc))
    assert "TOPSECRET" not in ex.document.text
    assert [c.text for c in ex.citations] == ["Nove, p. 174"]


def test_zip_bomb_is_refused(tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<" + b" " * 80_000_000 + b">")
    with pytest.raises(citekit.InputError, match="zip bomb|limit"):
        citekit.extract(path)


# --- robustness ---------------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from(
    ["text ", "(Nove, p. 174)", "[^1]", "[^1]: note\n", "^[inline (LCW, Vol. 3, p. 4)]", "\n", "\n\n", "*", "_", "[", "]",
     "<p>", "</p>", "<a href=\"#fn1\">1</a>", "<li id=\"fn1\">", "&amp;", "&#x2019;", "&bogus;", "<!--", "-->", "sud-\n", "denly",
     "<script>", "</script>", "12\n", "[@key, p. 3]", "\u21a9", "\t", "é"]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=40), st.sampled_from(["markdown", "html", "pdftext"]))
def test_loaders_never_crash_and_map_inside_the_source(pieces, fmt):
    src = "".join(pieces)
    ex = citekit.extract(src + "\n", input_format=fmt)
    n = len(src) + 1
    for c in ex.citations:
        s, e = ex.document.source_span(c.start, c.end)
        assert 0 <= s <= e <= n
        line, col = ex.document.line_col(c.start)
        assert line >= 1 and col >= 1
