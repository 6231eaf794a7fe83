"""Input generators for citekit's fuzzers (issue 13), shared by the pytest profile and
``benchmarks/fuzz.py``.

Every generator is a plain function of a :class:`random.Random`, so the long run draws
100,000 inputs quickly and reproducibly from a seed, and :func:`strategy` wraps one as a
hypothesis strategy (``st.randoms()``: hypothesis shrinks the random choices).

Kinds (:data:`KINDS`): citation-like prose with notes in several styles and languages
(Chicago, MLA, APA/Harvard, German, French, Italian, Russian notes; ibid chains; reference
lists; IEEE), the same document as Markdown (pandoc footnotes), HTML (footnote links,
deep nesting, hostile markup) and DOCX (footnotes.xml), hard-wrapped text, hostile byte-ish
strings, and ``[tool.citekit]`` config files (valid and not).  Nothing here comes from the
corpus gold: names, titles and places are drawn from small invented pools.
"""

from __future__ import annotations

import io
import random
import zipfile
from html import escape
from typing import Any, Callable

FAMILY = ["Nove", "Carr", "Deutscher", "Koselleck", "Ozouf", "Furet", "Ginzburg", "Braudel", "Duby", "Le Roy Ladurie",
          "van der Linden", "Tomás y Valiente", "Łukasiewicz", "Müller", "Smith", "O'Brien", "Trotsky", "Trotskii",
          "Кондратьев", "D'Annunzio", "de Certeau", "García Márquez", "Nakamura", "Ng", "X"]
GIVEN = ["Alec", "E. H.", "Isaac", "Reinhart", "Mona", "F.", "Carlo", "Fernand", "Georges", "M.", "J.-P.", ""]
TITLE = ["An Economic History of the USSR", "Kritik und Krise", "La Révolution française", "Il formaggio e i vermi",
         "The Prophet Armed", "Feudal Society", "Vergangene Zukunft", "Storia notturna", "Penser la Révolution",
         "<i>Italic</i> Title", "A & B: <script>alert(1)</script>", "[x](javascript:alert(1))", "Title \"quoted\"",
         "Ibid. and Op. Cit.", "1917", "Σύνταγμα", "История", ""]
PLACE = ["London", "Frankfurt am Main", "Paris", "Torino", "Moskva", "New York", "Oxford", "Bologna"]
PUBLISHER = ["Verso", "Suhrkamp", "Gallimard", "Einaudi", "Nauka", "Norton", "Clarendon Press", "Il Mulino"]
PROSE = ["The revolution changed everything", "Sie schrieb darüber", "Comme l'a montré l'historien",
         "Come scrive lo storico", "Как писал историк", "In votes (1917-1921) the", "Figure 3 shows",
         "The Putilov workers struck", "Year 1991.1 saw", "13.5 million voted", "See 19.12.1996 and 1.1."]
LOCATOR = ["p. 5", "pp. 12-14", "S. 45f.", "Bd. II, S. 45", "iii. 255-58", "3:152", "fol. 12v", "p. 10000",
           "RGASPI f. 17, op. 3, d. 45, l. 12", "vol. 2, p. 3", "n. 4", "col. 7", "", "p. ", "pp. 1–", "§ 3"]
NOISE = ["(", ")", "[", "]", "“", "”", "’", ";", ":", ",", ".", "—", "–", "-", "*", "^", "¹", "²", "\t", "  ",
         "\u200b", "\u00ad", "\ufeff", "&", "<", ">", "\\", "{", "}", "#", "`", "|", "~", "\u202e", "ǅ", "ﬁ"]


def _name(rng: random.Random) -> str:
    fam, giv = rng.choice(FAMILY), rng.choice(GIVEN)
    return rng.choice([f"{giv} {fam}".strip(), f"{fam}, {giv}".rstrip(", "), fam, f"{fam} and {rng.choice(FAMILY)}",
                       f"{fam} et al."])


def citation(rng: random.Random) -> str:
    """One citation in one of a dozen styles (some deliberately broken)."""
    n, t, loc = _name(rng), rng.choice(TITLE), rng.choice(LOCATOR)
    year = str(rng.choice([rng.randint(1500, 2030), rng.randint(0, 99999)]))
    style = rng.randrange(14)
    if style == 0:  # Chicago full note
        return f"{n}, {t} ({rng.choice(PLACE)}: {rng.choice(PUBLISHER)}, {year}), {loc}."
    if style == 1:  # Chicago short note
        return f"{n.split(',')[0]}, {t[:20]}, {loc}."
    if style == 2:
        return rng.choice(["Ibid.", "Ibid., " + loc + ".", "Ebd., " + loc, "Ivi, " + loc, "Id., " + loc, "Op. cit., " + loc,
                           "Ibíd.", "Idem", "a.a.O., " + loc, "loc. cit."])
    if style == 3:  # MLA
        return f"({n.split(',')[0]} {rng.randint(1, 999)})"
    if style == 4:  # APA / Harvard
        return f"({n.split(',')[0]}, {year}{rng.choice(['', 'a', 'b'])}{', ' + loc if loc else ''})"
    if style == 5:  # German
        return f"Vgl. {n}: {t}, {rng.choice(PLACE)} {year}, {loc}."
    if style == 6:  # French
        return f"Voir {n}, {t}, {rng.choice(PLACE)}, {rng.choice(PUBLISHER)}, {year}, {loc}."
    if style == 7:  # Italian
        return f"Cfr. {n}, {t}, {rng.choice(PUBLISHER)}, {rng.choice(PLACE)} {year}, {loc}."
    if style == 8:  # quoted in
        return f"{n}, {t}, {loc}, quoted in {_name(rng)}, {rng.choice(TITLE)}, {rng.choice(LOCATOR)}."
    if style == 9:  # IEEE / numeric
        return f"[{rng.randint(1, 12)}{', ' + loc if loc and rng.random() < 0.5 else ''}]"
    if style == 10:  # archive
        return f"RGASPI, f. {rng.randint(1, 600)}, op. {rng.randint(1, 20)}, d. {rng.randint(1, 999)}, l. {rng.randint(1, 99)}."
    if style == 11:  # newspaper
        return f"{rng.choice(['Pravda', 'The Times', 'Le Monde'])}, {rng.randint(1, 31)} March {year}, p. {rng.randint(1, 8)}."
    if style == 12:  # abbreviation work
        return f"LCW, Vol. {rng.randint(1, 45)}, p. {rng.randint(1, 700)}."
    return "".join(rng.choice(NOISE + [n, t, loc, year]) for _ in range(rng.randint(1, 12)))


def entry(rng: random.Random, i: int) -> str:
    """A reference-list entry (author-date, notes-bibliography or numbered)."""
    fam, giv, t = rng.choice(FAMILY), rng.choice(GIVEN), rng.choice(TITLE)
    year = rng.randint(1800, 2030)
    return rng.choice([
        f"{fam}, {giv}. {year}. {t}. {rng.choice(PLACE)}: {rng.choice(PUBLISHER)}.",
        f"{fam}, {giv} ({year}) {t}, {rng.choice(PLACE)}.",
        f"[{i}] {giv} {fam}, “{t},” {rng.choice(PUBLISHER)}, {year}.",
        f"{i}. {fam}, {giv}. {t}. {rng.choice(PLACE)}, {year}. https://doi.org/10.1000/{rng.randint(1, 99999)}",
        "———. " + f"{year}. {t}.",
    ])


def document(rng: random.Random) -> dict[str, Any]:
    """A document: body paragraphs (citations and glued markers in prose), notes, a reference list."""
    n_notes = rng.choice([0, 1, 3, 8, 20])
    start = rng.choice([1, 1, 1, 998, 9998])  # note numbers around 999/1000 and 9999/10000
    paras, notes, k = [], [], start
    for _ in range(rng.randint(1, 6)):
        bits = []
        for _ in range(rng.randint(1, 5)):
            bits.append(rng.choice(PROSE))
            r = rng.random()
            if r < 0.3:
                bits.append(citation(rng))
            elif r < 0.6 and len(notes) < n_notes:
                bits[-1] += rng.choice([".", "”.", ","]) + rng.choice([str(k), f"[{k}]", f"^{k}", f" ({k})"])
                notes.append((k, " ".join(citation(rng) for _ in range(rng.randint(1, 3)))))
                k += 1
        paras.append(" ".join(bits) + ".")
    refs = [entry(rng, i + 1) for i in range(rng.choice([0, 0, 3, 18, 30]))]
    return {"paras": paras, "notes": notes, "refs": refs,
            "notes_heading": rng.choice(["Notes", "Anmerkungen", "Notes de fin", "Note", "Примечания", "NOTES"]),
            "refs_heading": rng.choice(["References", "Bibliography", "Literaturverzeichnis", "Bibliografia", "Works Cited"])}


def as_text(doc: dict[str, Any], rng: random.Random) -> str:
    """The document as plain text: notes as ``n. body`` lines under a heading, as Project
    Gutenberg ``[Footnote n: …]`` blocks, or at the page bottom under a rule line; maybe CRLF,
    form feeds."""
    out = list(doc["paras"])
    shape = rng.randrange(4)
    if doc["notes"] and shape == 1:  # Project Gutenberg
        out += [f"[Footnote {n}: {b}]" for n, b in doc["notes"]]
    elif doc["notes"] and shape == 2:  # page-bottom notes under a rule, then a form feed
        out += [rng.choice(["____", "-----", "———"])] + [f"{n} {b}" for n, b in doc["notes"]] + ["\f"]
    elif doc["notes"]:
        out += ["", doc["notes_heading"], ""] + [f"{n}{rng.choice(['.', '', ')'])} {b}" for n, b in doc["notes"]]
    if doc["refs"]:
        out += ["", doc["refs_heading"], ""] + doc["refs"]
    sep = rng.choice(["\n", "\n\n", "\r\n", "\n\f"])
    return sep.join(out) + "\n"


def as_markdown(doc: dict[str, Any], rng: random.Random) -> str:
    """The document as pandoc Markdown: ``[^n]`` footnotes, headings, a ``[@key]`` now and then."""
    body = []
    for p in doc["paras"]:
        for n, _ in doc["notes"]:
            p = p.replace(f"[{n}]", f"[^{n}]", 1)
        body.append(p + (" [@nove1969, p. 3]" if rng.random() < 0.2 else ""))
    out = ["# Chapter", ""] + body + [""]
    if rng.random() < 0.3 and doc["notes"]:  # pandoc inline notes instead
        out = ["# Chapter", ""] + [p + f" ^[{rng.choice(doc['notes'])[1]}]" for p in body] + [""]
    else:
        out += [f"[^{n}]: {b}" for n, b in doc["notes"]]
    if doc["refs"]:
        out += ["", f"## {doc['refs_heading']}", ""] + [f"- {r}" for r in doc["refs"]]
    return "\n\n".join(out) + "\n"


def as_html(doc: dict[str, Any], rng: random.Random) -> str:
    """The document as HTML: footnote links to a footnotes section; maybe deep nesting, hostile markup."""
    depth = rng.choice([0, 0, 0, 5, 260, 600])
    wrap_o, wrap_c = "<div>" * depth, "</div>" * depth
    body = []
    for p in doc["paras"]:
        q = escape(p) if rng.random() < 0.8 else p  # sometimes raw: broken markup
        for n, _ in doc["notes"]:
            q = q.replace(f"[{n}]", f'<sup><a href="#fn{n}" id="fnref{n}">{n}</a></sup>', 1)
        body.append(f"<p>{q}</p>")
    notes = "".join(f'<li id="fn{n}"><p>{escape(b)} <a href="#fnref{n}">↩</a></p></li>' for n, b in doc["notes"])
    refs = "".join(f"<p>{escape(r)}</p>" for r in doc["refs"])
    hostile = rng.choice(["", "<script>alert(1)</script>", "<!-- c -->", "<![CDATA[x]]>", "<?pi x?>", "&bogus; &#0; &#x110000;",
                          '<a href="javascript:alert(1)">x</a>', "<svg><text>(Nove, p. 3)</text></svg>"])
    return (f"<!DOCTYPE html><html><head><title>T</title></head><body>{hostile}{wrap_o}{''.join(body)}{wrap_c}"
            f"<section class=\"footnotes\"><ol>{notes}</ol></section><h2>{escape(doc['refs_heading'])}</h2>{refs}</body></html>")


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def as_docx(doc: dict[str, Any], rng: random.Random) -> bytes:
    """The document as a minimal DOCX: paragraphs, footnote references, word/footnotes.xml."""
    def run(s: str) -> str:
        return f'<w:r><w:t xml:space="preserve">{escape(s, quote=False)}</w:t></w:r>'

    paras = []
    for p in doc["paras"] + ([doc["refs_heading"]] + doc["refs"] if doc["refs"] else []):
        xml = run(p)
        for n, _ in doc["notes"]:
            for mark in (f"[{n}]", str(n)):
                if mark in p:
                    xml = run(p.replace(mark, "", 1)) + f'<w:r><w:footnoteReference w:id="{n}"/></w:r>'
                    break
        paras.append(f"<w:p>{xml}</w:p>")
    foot = "".join(f'<w:footnote w:id="{n}"><w:p><w:r><w:footnoteRef/></w:r>{run(" " + b)}</w:p></w:footnote>' for n, b in doc["notes"])
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}"><w:body>{"".join(paras)}</w:body></w:document>')
        if rng.random() < 0.9:
            z.writestr("word/footnotes.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:footnotes xmlns:w="{_W}">{foot}</w:footnotes>')
    return buf.getvalue()


def wrapped(doc: dict[str, Any], rng: random.Random) -> str:
    """The text hard-wrapped at a width (text from a PDF), hyphenating now and then."""
    import textwrap

    width = rng.choice([50, 66, 72, 90])
    lines: list[str] = []
    for block in as_text(doc, rng).replace("\r\n", "\n").split("\n"):
        lines.extend(textwrap.wrap(block, width, break_long_words=True) or [""])
    return "\n".join(lines) + "\n"


def hostile(rng: random.Random) -> str:
    """Short strings of the characters that drive the scanners (brackets, digits, short-form words)."""
    pool = list("()[]{}.,;:pPSVol0123456789ibdIBD \n\t“”‘’«»-–—/^*†‡§¹²³") + ["Ibid.", "op. cit.", "ebd.", "Notes\n",
            "References\n", "[Footnote 1: ", "\f", "____\n", "1. ", "[1] ", "(1) ", "\u00a0", "http://", "doi:10.1/x"]
    return "".join(rng.choice(pool) for _ in range(rng.randint(0, 300)))


def config_toml(rng: random.Random) -> str:
    """A pyproject.toml or citekit.toml: valid settings, unknown keys, wrong types, broken TOML."""
    val = rng.choice(['["S201"]', '["ALL"]', '"S2, V3"', "5", '["Q999"]', "true", '{a = 1}', "[]", '["ibid-ambiguous"]'])
    key = rng.choice(["select", "ignore", "extend-select", "extend-ignore", "selectt", "ibid-max-note-gap", "comma-majority", "line-length"])
    num = rng.choice(["1", "-1", "0.5", "2", '"x"', "1e309", "0"])
    return rng.choice([
        f"[tool.citekit]\n{key} = {val}\n",
        f"[tool.citekit]\nibid-max-note-gap = {num}\ncomma-majority = {num}\n",
        "tool = 5\n", "[tool]\ncitekit = 3\n", "[tool.ruff]\nline-length = 88\n", f"{key} = {val}\n",
        "[tool.citekit\nselect = [", "", "\x00", f"[tool.citekit]\n{key} = {val}\n[tool.citekit.extra]\nx = 1\n",
    ])


KINDS: dict[str, Callable[[random.Random], Any]] = {
    "text": lambda r: as_text(document(r), r),
    "markdown": lambda r: as_markdown(document(r), r),
    "html": lambda r: as_html(document(r), r),
    "docx": lambda r: as_docx(document(r), r),
    "pdftext": lambda r: wrapped(document(r), r),
    "hostile": hostile,
    "citation": lambda r: " ".join(citation(r) for _ in range(r.randint(1, 4))),
    "config": config_toml,
}


def strategy(kind: str):
    """A hypothesis strategy of inputs of ``kind`` (a key of :data:`KINDS`)."""
    from hypothesis import strategies as st

    return st.builds(KINDS[kind], st.randoms(use_true_random=False))
