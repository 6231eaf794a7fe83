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
