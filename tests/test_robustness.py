"""Bad and adversarial input: clear errors, no crash, no hang."""

import subprocess
import sys

from hypothesis import example, given, settings
from hypothesis import strategies as st

import citekit
from citekit.cli import main


def run(args, capsys):
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_missing_file(capsys, tmp_path):
    code, _, err = run(["extract", str(tmp_path / "nope.txt")], capsys)
    assert code == 2 and "no such file" in err and "nope.txt" in err and "Traceback" not in err


def test_directory(capsys, tmp_path):
    code, _, err = run(["extract", str(tmp_path)], capsys)
    assert code == 2 and "directory" in err


def test_binary_file(capsys, tmp_path):
    p = tmp_path / "x.bin"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    code, _, err = run(["extract", str(p)], capsys)
    assert code == 2 and "binary" in err and err.count("\n") == 1


def test_invalid_utf8_names_byte_offset(capsys, tmp_path):
    p = tmp_path / "latin1.txt"
    p.write_bytes("Caf\u00e9 (Nove, p. 3)".encode("latin-1"))
    code, _, err = run(["extract", str(p)], capsys)
    assert code == 2 and "byte offset 3" in err


def test_empty_file_yields_nothing(capsys, tmp_path):
    p = tmp_path / "empty.txt"
    p.write_text("")
    code, out, _ = run(["extract", "--format", "json", str(p)], capsys)
    assert code == 0 and '"citations": []' in out


def test_bom_and_crlf(tmp_path):
    p = tmp_path / "crlf.txt"
    p.write_bytes("\ufeffA.\r\n(Nove, An Economic History of the USSR, p. 3.)\r\n".encode("utf-8"))
    ex = citekit.extract(p)
    assert ex.citations[0].text == "Nove, An Economic History of the USSR, p. 3."
    assert ex.text[ex.citations[0].start : ex.citations[0].end] == ex.citations[0].text


def test_python_dash_m(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Text (LCW, Vol. 33, p. 88.)\n")
    r = subprocess.run([sys.executable, "-m", "citekit", "extract", "--format", "json", str(p)], capture_output=True, text=True)
    assert r.returncode == 0 and "lenin-collected-works" in r.stdout


def test_pathological_nesting_and_punctuation_finish():
    for text in ["(" * 200_000, ")" * 100_000 + "(" * 100_000, "(p. 1" * 20_000, ".1" * 50_000, "[1]" * 30_000]:
        ex = citekit.extract(text + "\n")
        assert isinstance(ex.citations, tuple)


def test_text_without_citations_yields_none():
    text = "The revolution (1917-1921) changed everything (in votes). The Putilov workers (the Putilov factory) struck in 1917.\n" * 50
    assert citekit.extract(text).citations == ()


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("()[]., ;:pVol1234567890ibdIBDcit\n\u201c\u201d\u2019ABCZxyz-\u2013")), max_size=400))
@example("(,A0p0")  # found by hypothesis: a parenthesis opening with a comma
def test_random_text_never_crashes_and_spans_hold(text):
    ex = citekit.extract(text + "\n")
    for c in ex.citations:
        assert ex.text[c.start : c.end] == c.text
        assert c.start < c.end


# --- issue 13: the faults the fuzzing campaign found, each by its kind ------------------------

import os
import random
import re

import pytest

from citekit.errors import ConfigError, InputError, StyleError
from citekit.load import load
from citekit.load.text import load_text


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
@pytest.mark.parametrize("verb", ["extract", "check", "bib"])
def test_fifo_is_refused_not_waited_on(verb, capsys, tmp_path):
    fifo = tmp_path / "chapter.txt"
    os.mkfifo(fifo)  # nobody writes to it: opening it for reading used to block forever
    code, out, err = run([verb, str(fifo)], capsys)
    assert code == 2 and out == ""
    assert err == f"citekit: error: {fifo}: is a FIFO (named pipe), not a regular file; citekit reads files (give - to read stdin)\n"
    with pytest.raises(InputError, match="FIFO"):
        citekit.extract(path=fifo)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_device_is_refused_without_reading_it(capsys):
    code, _, err = run(["extract", "/dev/zero"], capsys)
    assert code == 2 and "/dev/zero: is a device, not a regular file" in err
    with pytest.raises(InputError, match="is a device"):
        load("/dev/zero")
    with pytest.raises(InputError, match="is a directory"):
        load_text(os.path.dirname(__file__) + "/")


@pytest.mark.parametrize("line", [
    "A claim (Nove, An Economic History of the USSR, London 1969, p. 3). " * 4,  # 276 characters, no newline
    "Eine These (Koselleck, Kritik und Krise, Frankfurt am Main 1973, S. 45). " * 50,  # 3,650 characters
    "Une thèse (Ozouf, La fête révolutionnaire, Paris 1976, p. 12). " * 20,
])
def test_long_one_line_text_is_text_not_a_path(line):
    assert 256 <= len(line) <= 4096 and "\n" not in line
    assert load(line).text == line  # was OSError: [Errno 36] File name too long
    assert load_text(line).text == line
    assert len(citekit.extract(line).citations) >= 1


def test_one_word_missing_file_is_still_a_path(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load(str(tmp_path / "chapter.txt"))


_L401 = "A claim.1\n\nNotes\n\n1. Lenin, Collected Works, Vol. 26. p. 22.\n"


def test_tool_not_a_table_is_a_config_error(capsys, tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text("tool = 5\n")
    (tmp_path / "a.txt").write_text(_L401)
    monkeypatch.chdir(tmp_path)
    code, _, err = run(["check", "a.txt"], capsys)
    assert code == 2 and "Traceback" not in err
    assert err.endswith("pyproject.toml: `tool` must be a table ([tool.citekit]), not int 5\n")


def test_check_config_other_file_is_honoured(capsys, tmp_path):
    text = tmp_path / "a.txt"
    text.write_text(_L401)
    code, out, _ = run(["check", "--no-config", "--statistics", str(text)], capsys)
    assert code == 1 and "L401" in out
    for name, body in (("other.toml", '[tool.citekit]\nselect = ["S"]\n'), ("citekit.toml", 'select = ["S"]\n')):
        cfg = tmp_path / name
        cfg.write_text(body)
        code, out, _ = run(["check", "--config", str(cfg), "--statistics", str(text)], capsys)
        assert (code, out) == (0, "All checks passed.\n"), name  # was: the file ignored, L401 reported


@pytest.mark.parametrize("body, message", [
    ('[tool.citekit]\nselectt = ["S"]\n', "unknown key(s) selectt; known: comma-majority, extend-ignore, extend-select, ibid-max-note-gap, ignore, select"),
    ("[tool.ruff]\nline-length = 88\n", "no [tool.citekit] table (its [tool] tables: ruff)"),
    ("[tool]\ncitekit = 3\n", "[tool.citekit] must be a table"),
    ("line-length = 88\n", "unknown key(s) line-length; known: comma-majority"),
])
def test_check_config_bad_file_is_refused_with_the_valid_keys(body, message, capsys, tmp_path):
    cfg = tmp_path / "x.toml"
    cfg.write_text(body)
    (tmp_path / "a.txt").write_text(_L401)
    code, _, err = run(["check", "--config", str(cfg), str(tmp_path / "a.txt")], capsys)
    assert code == 2 and message in err and err.count("\n") == 1


@pytest.mark.parametrize("typed, tag", [("de_DE", "de-DE"), ("DE-de", "de-DE"), ("fr_FR.UTF-8", "fr-FR"), ("sr_latn_rs", "sr-Latn-RS"),
                                        ("de", "de"), ("de-LU", "de-LU"), ("en-GB", "en-GB")])
def test_locale_is_normalised(typed, tag):
    from citekit.locales import normalise_locale

    assert normalise_locale(typed) == tag


@pytest.mark.parametrize("typed", ["xx-YY", "english", "de__DE", "12"])
def test_unknown_locale_is_refused_with_the_list(typed, capsys, tmp_path):
    from citekit.locales import normalise_locale

    with pytest.raises(StyleError, match=r"unknown locale .*de-DE, el-GR, en-GB"):
        normalise_locale(typed)
    p = tmp_path / "refs.json"
    p.write_text('[{"id": "a", "type": "book", "title": "Kritik und Krise", "author": [{"family": "Koselleck", "given": "Reinhart"}], "issued": {"date-parts": [[1973]]}}]')
    code, out, err = run(["bib", "--locale", typed, str(p)], capsys)
    assert code == 2 and out == "" and err.startswith(f"citekit: error: unknown locale {typed!r}; citekit has: af-ZA")


def test_posix_locale_renders_german_terms(capsys, tmp_path):
    p = tmp_path / "refs.json"
    p.write_text('[{"id": "a", "type": "book", "title": "Kritik und Krise", "author": [{"family": "Koselleck", "given": "Reinhart"}],'
                 ' "editor": [{"family": "Conze", "given": "Werner"}], "issued": {"date-parts": [[1973]]}}]')
    code, de, err = run(["bib", "--locale", "de_DE", "--style", "chicago-notes-bibliography", str(p)], capsys)
    assert code == 0 and "read as 'de-DE'" in err
    code, de2, _ = run(["bib", "--locale", "de-DE", "--style", "chicago-notes-bibliography", str(p)], capsys)
    code, en, _ = run(["bib", "--locale", "en-US", "--style", "chicago-notes-bibliography", str(p)], capsys)
    assert de == de2 and de != en  # was: de_DE rendered in English without a word


def test_bib_notes_usage_errors_are_one_line(capsys, tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text("@book{nove1969, author = {Nove, Alec}, title = {An Economic History of the USSR}, year = {1969}}\n")
    code, _, err = run(["bib", "--notes", str(bib)], capsys)
    assert code == 2 and err == f"citekit: error: {bib}: --notes needs a text with citations, not a bibliography file (drop --notes to render its entries)\n"
    text = tmp_path / "a.txt"
    text.write_text(_L401)
    code, _, err = run(["bib", "--notes", "--format", "bibtex", str(text)], capsys)
    assert code == 2 and err == "citekit: error: --notes renders text, html or markdown, not bibtex\n"


def _entries(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    syl = "ka ro mi ne to sa li ve du pa gor an el ber sch ov ski man ton ley wa hi ku ze mar tin lo".split()
    return [f"{''.join(rng.choice(syl) for _ in range(3)).title()}, {rng.choice('ABCDEFG')}. {1900 + i % 120}. "
            f"{rng.choice(['Storia', 'History', 'Geschichte'])} of {rng.choice(syl).title()}{i}. London: Verso." for i in range(n)]


def test_long_reference_list_still_joins_spelling_variants():
    """Beyond resolve.EXACT_GROUPS author groups the resolver looks names up in an index (issue 13:
    the list was quadratic); a transliteration variant still finds its record."""
    from citekit import resolve

    entries = _entries(resolve.EXACT_GROUPS + 100, 13)
    entries.insert(40, "Dostoevsky, Fyodor. 1866. Crime and Punishment. Moskva: Nauka.")
    entries.append("Dostoyevsky, Fyodor. 1866. Crime and Punishment. Moskva: Nauka.")
    ex = citekit.extract("A text.\n\nReferences\n\n" + "\n".join(entries) + "\n")
    assert len(ex.citations) == len(entries)
    first, last = ex.citations[40], ex.citations[-1]
    assert first.text.startswith("Dostoevsky, F") and last.text.startswith("Dostoyevsky, F")
    assert first.refs[0].record == last.refs[0].record == "dostoevsky-crime-punishment"


@pytest.mark.parametrize("entries", [
    [f"Author{i}, Jane. {1950 + i}. A Book of Similar Width Number {i:02d}. London: Verso." for i in range(24)],
    [f"Müller{i}, K. ({1950 + i}): Geschichte der Arbeiterbewegung, Bd. {i}. Berlin: Dietz." for i in range(20)],
    [f"[{i}] J. Smith{i}, “A paper on networks, part {i:02d},” Proc. IEEE, vol. {i}, pp. 1–9, 2001." for i in range(1, 30)],
])
def test_reference_list_of_even_lines_is_not_pdf_text(entries, tmp_path, capsys):
    p = tmp_path / "refs.txt"
    p.write_text("A short text.\n\nReferences\n\n" + "\n".join(entries) + "\n")
    assert load(p).format == "text"  # was pdftext: the entries joined into a few lines and lost
    ex = citekit.extract(p)
    assert len([c for c in ex.citations if c.region == "reflist"]) == len(entries)
    code, out, _ = run(["check", "--select", "R", str(p)], capsys)
    assert "no reference list" not in out
    assert load(p, input_format="pdftext").format == "pdftext"  # --input-format still forces it


@pytest.mark.parametrize("fmt", [None, "pdftext"])
def test_note_numbers_have_no_upper_limit(fmt):
    first, n = 995, 1010
    body = " ".join(f"Claim {i} holds.{i}" for i in range(first, n + 1))
    notes = "\n".join(f"{i}. Nove, An Economic History of the USSR, p. {i - 990}." for i in range(first, n + 1))
    ex = citekit.extract(text=body + "\n\nNotes\n\n" + notes + "\n", input_format=fmt)
    assert [x.number for x in ex.notes] == list(range(first, n + 1))  # 1000 was merged into 999
    assert sorted(m.note for m in ex.markers) == list(range(first, n + 1))  # markers from 1000 were never found
    note1000 = next(x for x in ex.notes if x.number == 1000)
    assert ex.text[note1000.start : note1000.end].startswith("Nove, An Economic History of the USSR, p. 10")


def test_note_numbers_past_9999():
    body = " ".join(f"Claim {i} holds.{i}" for i in range(9995, 10006))
    notes = "\n".join(f"{i}. Carr, The Bolshevik Revolution, p. {i - 9990}." for i in range(9995, 10006))
    ex = citekit.extract(body + "\n\nNotes\n\n" + notes + "\n")
    assert [x.number for x in ex.notes] == list(range(9995, 10006))


@pytest.mark.parametrize("depth", [255, 300, 5000])
def test_deep_html_is_read_not_dropped(depth):
    html = ("<html><body>" + "<div>" * depth + "<p>Deep claim (Nove, An Economic History of the USSR, p. 3).</p><p>Second.</p>"
            + "</div>" * depth + "<p>After the nest (Carr, The Bolshevik Revolution, p. 9).</p></body></html>")
    ex = citekit.extract(text=html, input_format="html")
    assert [c.text for c in ex.citations] == ["Nove, An Economic History of the USSR, p. 3", "Carr, The Bolshevik Revolution, p. 9"]
    assert "Deep claim" in ex.text and "Second." in ex.text and "After the nest" in ex.text


def test_flatten_deep_keeps_text_and_paragraphs():
    from citekit.load.html import flatten_deep

    out, removed = flatten_deep("<div><div><p>a</p><p>b</p></div></div>", limit=1)
    assert (out, removed) == ("<div><br>a<br>b<br></div>", 6)


_EVIL = ('[{"id": "a", "type": "book", "title": "Evil <img src=x onerror=alert(1)> [x](javascript:alert(1))",'
         ' "author": [{"family": "Smith", "given": "J"}], "publisher": "P_Q *R*", "issued": {"date-parts": [[1990]]}}]')


def test_markdown_output_escapes_markup_from_data(capsys, tmp_path):
    p = tmp_path / "evil.json"
    p.write_text(_EVIL)
    code, out, _ = run(["bib", "--format", "markdown", str(p)], capsys)
    assert code == 0
    assert out == "Smith, J. 1990. *Evil \\<Img Src=x Onerror=alert(1)\\> \\[X\\](javascript:Alert(1))*. P\\_Q \\*R\\*.\n"
    code, html, _ = run(["bib", "--format", "html", str(p)], capsys)
    assert "&#60;Img" in html and "<img" not in html.lower()


@pytest.mark.parametrize("body, message", [
    ("[tool.citekit]\nibid-max-note-gap = true\n", "ibid-max-note-gap must be a whole number >= 0"),
    ("[tool.citekit]\ncomma-majority = true\n", "comma-majority must be a number in (0, 1]"),
    ("[tool.citekit]\nselect = 5\n", "select must be a list of rule codes or names"),
])
def test_config_values_of_the_wrong_type_are_refused(body, message, tmp_path):
    from citekit.batch import check_config

    (tmp_path / "pyproject.toml").write_text(body)
    with pytest.raises(ConfigError, match=re.escape(message)):
        check_config(tmp_path, {})


def test_terminal_outputs_escape_control_sequences_from_data(capsys, tmp_path):
    """An ESC (ANSI colour, OSC-8 link) or a bidi override in the data is shown escaped in the
    table, check's lines, bib's text entries and error lines, never acted on by the terminal."""
    p = tmp_path / "ansi.txt"
    p.write_text("A claim (Nove, An \x1b[31mEconomic\x1b[0m History\u202e of the USSR, p. 3).\n")
    code, out, _ = run(["extract", str(p)], capsys)
    assert code == 0 and "\x1b" not in out and "\u202e" not in out
    assert "Nove, An \\x1b[31mEconomic\\x1b[0m History\\u202e of the USS..." in out
    j = tmp_path / "evil.json"
    j.write_text('[{"id": "a", "type": "book", "title": "Red \\u001b[31mText", "author": [{"family": "Smith"}], "issued": {"date-parts": [[1990]]}}]')
    code, out, _ = run(["bib", str(j)], capsys)
    assert out == "Smith. 1990. Red \\x1b[31mText.\n"
    from citekit.output import printable

    assert printable("a\nb\tc\x9b", newlines=False) == "a\\nb\\tc\\x9b" and printable("a\nb") == "a\nb"


@pytest.mark.parametrize("title", ["²", "--5", "¹²³"])
def test_title_of_superscript_digits_does_not_lose_the_bibliography(title):
    """Found by benchmarks/fuzz.py (input 43,900): a record titled "²" made sorting raise
    (``int("²")``), so the whole reference list failed to render."""
    from citekit.render import Bibliography

    items = [{"id": "a", "type": "book", "title": title, "author": [{"family": "O'Brien"}]},
             {"id": "b", "type": "book", "title": "Feudal Society", "author": [{"family": "Bloch", "given": "Marc"}], "issued": {"date-parts": [[1961]]}}]
    assert Bibliography(items).render("chicago-author-date") == ["Bloch, Marc. 1961. Feudal Society.", f"O’Brien. n.d. {title}."]


@pytest.mark.parametrize("text", [
    # found by benchmarks/fuzz.py (input 91,922, reduced): "(1)" read as a short form and as a mark into the list
    "Voir Deutscher and Koselleck, A & B: alert(1), London, Einaudi, 1943, Bd. II, S. 45.\nBibliography\n"
    "1. van der Linden, Mona. La Révolution française. Bologna, 1827. https://doi.org/10.1000/67142\n"
    "2. Koselleck, Reinhart. Vergangene Zukunft. Frankfurt am Main, 1979. https://doi.org/10.1000/82923\n",
    "Vgl. Koselleck, Kritik und Krise: Studie(1), Frankfurt am Main, Suhrkamp, 1973, Bd. II, S. 45.\nLiteratur\n"
    "1. Koselleck, Reinhart. Kritik und Krise. Freiburg, 1959.\n2. Conze, Werner. Die deutsche Nation. Göttingen, 1963.\n",
])
def test_one_span_is_one_citation(text):
    ex = citekit.extract(text)
    assert [(c.text, c.form.value) for c in ex.citations][:1] == [("1", "numeric")]  # was ("1", "short") and ("1", "numeric")
    assert len({(c.start, c.end) for c in ex.citations}) == len(ex.citations) == 3


@pytest.mark.parametrize("text", [
    "A claim (Nove, An Economic History ¹²¹¹, p. 3).\n",  # found by benchmarks/fuzz.py (input 89,245): int("¹²¹¹")
    "1. Koselleck, Kritik und Krise ²⁰²⁰, S. 45.\n",
    "Une thèse (Ozouf, La fête ¹⁷⁸⁹b, p. 12).\n",
])
def test_superscript_digit_words_do_not_crash_the_field_parser(text):
    ex = citekit.extract(text)
    assert all(ex.text[c.start : c.end] == c.text for c in ex.citations)


def test_html_footnote_reference_in_superscript_digits_without_its_note():
    html = ('<html><body><p>A claim<sup><a class="footnote-ref" href="#fn9">²</a></sup> '
            "(Nove, An Economic History of the USSR, p. 3).</p></body></html>")  # int("²") crashed the loader
    ex = citekit.extract(text=html, input_format="html")
    assert [c.text for c in ex.citations] == ["Nove, An Economic History of the USSR, p. 3"]


def test_extraction_pauses_the_cyclic_collector_and_restores_it():
    """extract_text pauses gc (issue 13: full collections grew faster than a long reference list)
    and gives it back as it found it, also when the caller had it off, and on errors."""
    import gc

    from citekit.pipeline import extract_text

    seen = []
    import citekit.pipeline as pl

    real = pl._extract_text

    def spy(*a, **k):
        seen.append(gc.isenabled())
        return real(*a, **k)

    pl._extract_text = spy
    try:
        assert gc.isenabled()
        extract_text("A claim (Nove 1969, p. 3).\n\nReferences\n\nNove, A. (1969) An Economic History of the USSR. London: Allen Lane.\n")
        assert seen == [False] and gc.isenabled()
        gc.disable()
        extract_text("(Nove 1969, p. 3)")
        assert not gc.isenabled()
        gc.enable()
        pl._extract_text = lambda *a, **k: 1 / 0
        with pytest.raises(ZeroDivisionError):
            extract_text("x")
        assert gc.isenabled()
    finally:
        pl._extract_text = real
        gc.enable()
