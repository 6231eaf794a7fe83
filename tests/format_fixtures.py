"""Build Markdown, HTML and DOCX versions of a corpus text, with real footnotes.

    python tests/format_fixtures.py OUTDIR [NAME ...]   (writes NAME.md, NAME.html, NAME.docx)

The body is the plain text with its note sections taken out and every note
marker (from the gold ``markers.jsonl``) turned into the format's footnote
reference; the note bodies (gold ``notes.jsonl``) become the format's
footnotes.  Each builder also returns a map from its own coordinates (offsets
in the .md/.html file; for .docx, offsets in its paragraphs one per line) back
to the plain text, so that citations found in the converted file can be scored
against the plain text's gold.
"""

from __future__ import annotations

import html
import io
import json
import re
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from citekit import patterns as P  # noqa: E402
from citekit.load.base import SourceMap, TextBuilder, line_starts  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def _jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def note_structure(name: str, corpus: Path = CORPUS):
    """(text, notes, markers, note regions) of a corpus text, from its gold annotations.

    notes: (id, number, start, end); markers: (start, end, id); ids are unique
    across chapters (``c2-5``), numbers are as printed.
    """
    text = (corpus / f"{name}.txt").read_text(encoding="utf-8")
    gold_notes = _jsonl(corpus / "gold" / name / "notes.jsonl")
    gold_markers = _jsonl(corpus / "gold" / name / "markers.jsonl")
    notes = [(f"c{g.get('chapter', 1)}-{g['note']}", g["note"], g["start"], g["end"]) for g in gold_notes]
    # markers whose note is missing stay markers (a reference to a footnote that does not exist)
    markers = [(g["start"], g["end"], f"c{g.get('chapter', 1)}-{g['note']}") for g in gold_markers]
    # the note sections: from a "Notes" heading (or the first note's line) to the end of the last note's line
    regions: list[tuple[int, int]] = []
    by_chapter: dict[str, list] = {}
    for n in notes:
        by_chapter.setdefault(n[0].split("-")[0], []).append(n)
    for chapter_notes in by_chapter.values():
        first = min(chapter_notes, key=lambda n: n[2])
        last = max(chapter_notes, key=lambda n: n[3])
        start = text.rfind("\n", 0, first[2]) + 1
        # take in a heading just above (blank lines between allowed)
        k = start
        while k > 0:
            prev_start = text.rfind("\n", 0, k - 1) + 1
            line = text[prev_start : k - 1]
            if not line.strip():
                k = prev_start
                continue
            if P.NOTES_HEADING.match(line.strip()):
                start = prev_start
            break
        end = text.find("\n", last[3])
        regions.append((start, len(text) if end < 0 else end))
    regions.sort()
    return text, sorted(notes, key=lambda n: n[2]), sorted(markers), regions


def _body_pieces(text: str, markers, regions):
    """The body in order: ("text", a, b) pieces and ("marker", start, id) references."""
    pos = 0
    cuts = sorted([(s, e, "region", None) for s, e in regions] + [(s, e, "marker", i) for s, e, i in markers])
    for s, e, kind, ident in cuts:
        if s < pos:
            continue
        if s > pos:
            yield ("text", pos, s)
        if kind == "marker":
            yield ("marker", s, ident)
        pos = e
    if pos < len(text):
        yield ("text", pos, len(text))


def _note_lines(text: str, s: int, e: int) -> list[tuple[str, int]]:
    out, pos = [], s
    for line in text[s:e].split("\n"):
        out.append((line, pos))
        pos += len(line) + 1
    return out


# --- Markdown -------------------------------------------------------------------------------------


def build_markdown(text, notes, markers, regions) -> tuple[str, SourceMap, dict]:
    b = TextBuilder()
    numbering = {}
    for kind, a, c in _body_pieces(text, markers, regions):
        if kind == "text":
            b.copy(text[a:c], a)
        else:
            numbering.setdefault(c, len(numbering) + 1)
            b.make(f"[^{c}]", a)
    b.ensure_break(len(text))
    for ident, number, s, e in notes:
        b.make(f"[^{ident}]: ", s)
        for k, (line, at) in enumerate(_note_lines(text, s, e)):
            if k:
                b.make("\n    " if line.strip() else "\n", at)
            b.copy(line, at)
        b.make("\n\n", e)
    return (*b.build(line_starts(text)), {})


# --- HTML -----------------------------------------------------------------------------------------


def _escaped(b: TextBuilder, s: str, at: int) -> None:
    pos = 0
    for m in re.finditer(r"[&<>]", s):
        b.copy(s[pos : m.start()], at + pos)
        b.make(html.escape(m.group(0)), at + m.start())
        pos = m.end()
    b.copy(s[pos:], at + pos)


def build_html(text, notes, markers, regions) -> tuple[str, SourceMap, dict]:
    b = TextBuilder()
    b.make('<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>t</title>\n'
           "<style>p { margin: 0 }</style><script>var x = '(Ibid., p. 1)';</script></head>\n<body>\n"
           '<nav><a href="/">Home</a> (Contents, p. 1)</nav>\n<p>', 0)
    number_of = {ident: number for ident, number, _, _ in notes}
    for kind, a, c in _body_pieces(text, markers, regions):
        if kind == "marker":
            label = number_of.get(c, c.split("-")[-1])
            b.make(f'<sup><a href="#fn-{c}" id="ref-{c}" class="footnote-ref">{label}</a></sup>', a)
            continue
        pos = a
        for m in re.finditer(r"\n[ \t]*\n", text[a:c]):
            _escaped(b, text[pos : a + m.start()], pos)
            b.make("</p>\n<p>", a + m.start())
            pos = a + m.end()
        _escaped(b, text[pos:c], pos)
    b.make('</p>\n<section class="footnotes"><hr>\n<ol>\n', len(text))
    for ident, number, s, e in notes:
        b.make(f'<li id="fn-{ident}" value="{number}"><p>', s)
        for k, (line, at) in enumerate(_note_lines(text, s, e)):
            if k:
                b.make("<br>\n", at)
            _escaped(b, line, at)
        b.make(f' <a href="#ref-{ident}" class="footnote-back">\u21a9\ufe0e</a></p></li>\n', e)
    b.make("</ol>\n</section>\n</body></html>\n", len(text))
    return (*b.build(line_starts(text)), {})


# --- DOCX -----------------------------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _run(s: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{html.escape(s, quote=False)}</w:t></w:r>'


def build_docx(text, notes, markers, regions) -> tuple[bytes, SourceMap, dict]:
    """A minimal Word document: paragraphs, footnote references, word/footnotes.xml.

    The map is from the paragraphs' text, one paragraph per line (the loader's
    coordinates), to the plain text.
    """
    para_map = TextBuilder()  # paragraph texts, one per line -> plain offsets
    body_xml: list[str] = []
    ids = {}
    cur: list[str] = []
    marker_at: dict[int, int] = {}

    def end_para(at: int) -> None:
        body_xml.append("<w:p>" + "".join(cur) + "</w:p>")
        cur.clear()
        para_map.make("\n", at)

    for kind, a, c in _body_pieces(text, markers, regions):
        if kind == "marker":
            ids.setdefault(c, len(ids) + 1)
            cur.append(f'<w:r><w:footnoteReference w:id="{ids[c]}"/></w:r>')
            marker_at[para_map.length] = a  # the reference has no text: remember where it stood
            continue
        pos = a
        for m in re.finditer(r"\n", text[a:c]):
            seg = text[pos : a + m.start()]
            cur.append(_run(seg))
            para_map.copy(seg, pos)
            end_para(a + m.start())
            pos = a + m.end()
        seg = text[pos:c]
        cur.append(_run(seg))
        para_map.copy(seg, pos)
    end_para(len(text))
    note_xml = [
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>',
    ]
    by_id = {ident: (s, e) for ident, _, s, e in notes}
    for ident, k in sorted(ids.items(), key=lambda x: x[1]):
        if ident not in by_id:
            continue  # a reference to a footnote that does not exist
        s, e = by_id[ident]
        paras = []
        for j, (line, at) in enumerate(_note_lines(text, s, e)):
            lead = '<w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r>' if j == 0 else ""
            paras.append(f"<w:p>{lead}{_run(line)}</w:p>")
            if j == 0:
                para_map.make(" ", at)
            para_map.copy(line, at)
            para_map.make("\n", at + len(line))
        note_xml.append(f'<w:footnote w:id="{k}">' + "".join(paras) + "</w:footnote>")
    doc = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{_W}"><w:body>'
           + "".join(body_xml) + "</w:body></w:document>")
    foot = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{_W}">' + "".join(note_xml) + "</w:footnotes>"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
                   'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("word/document.xml", doc)
        z.writestr("word/footnotes.xml", foot)
    _, smap = para_map.build(line_starts(text))
    return buf.getvalue(), smap, marker_at


BUILDERS = {"md": build_markdown, "html": build_html, "docx": build_docx}


def build(name: str, fmt: str, out_dir: Path, corpus: Path = CORPUS) -> tuple[Path, SourceMap, dict]:
    """Write ``name.fmt`` into ``out_dir``; returns its path, its map back to the plain
    text, and (DOCX) where each footnote reference stood in the plain text."""
    data, smap, extra = BUILDERS[fmt](*note_structure(name, corpus))
    path = out_dir / f"{name}.{fmt}"
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path, smap, extra


if __name__ == "__main__":
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for name in sys.argv[2:] or ["000a", "004"]:
        for fmt in BUILDERS:
            print(build(name, fmt, out)[0])
