"""The command line over many inputs (issue 12): files, directories, stdin, -o, jsonl, --statistics,
--exit-zero, --quiet/--verbose, --color, `citekit rule`, and a progress bar only on a terminal."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from citekit.cli import main

ROOT = Path(__file__).resolve().parent.parent

# Realistic inputs, not from the corpus: a Chicago-notes Markdown chapter, an MLA text, a
# German note text with one dangling "ebd." (S201 at the start of the notes).
MARKDOWN = """# Chapter 2

Hobsbawm called the period an age of extremes.[^1] Thompson's account is more local.[^2]
Later historians were harsher.[^3]

[^1]: Eric Hobsbawm, *The Age of Extremes* (London: Michael Joseph, 1994), 54.
[^2]: E. P. Thompson, *The Making of the English Working Class* (London: Gollancz, 1963), 212.
[^3]: Hobsbawm, *Age of Extremes*, 61.
"""
MLA = """Orwell describes the fighting in Barcelona with a reporter's eye (Orwell 112). The account was
disputed by the communist press at the time (Preston, Spanish Civil War 201-03).

Works Cited

Orwell, George. Homage to Catalonia. Secker and Warburg, 1938.
Preston, Paul. The Spanish Civil War: Reaction, Revolution and Revenge. HarperCollins, 2006.
"""
GERMAN = """Die Debatte begann früh.1 Sie wurde bald schärfer.2

Anmerkungen

1. Ebd., S. 12.
2. Hans-Ulrich Wehler, Deutsche Gesellschaftsgeschichte, Bd. 3, München 1995, S. 45.
"""


@pytest.fixture
def tree(tmp_path):
    """chapters/ with a Markdown and a text file (and a sub-folder), plus a loose German text."""
    ch = tmp_path / "chapters"
    (ch / "part2").mkdir(parents=True)
    (ch / "ch2.md").write_text(MARKDOWN, encoding="utf-8")
    (ch / "part2" / "mla.txt").write_text(MLA, encoding="utf-8")
    (ch / "notes.log").write_text("not a format citekit reads", encoding="utf-8")
    (ch / ".hidden").mkdir()
    (ch / ".hidden" / "x.txt").write_text(MLA, encoding="utf-8")
    de = tmp_path / "de.txt"
    de.write_text(GERMAN, encoding="utf-8")
    return tmp_path


def run(argv, capsys, stdin: bytes | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_extract_directory_to_jsonl_file(tree, capsys):
    out_file = tree / "chapters" / "out.jsonl"
    # a file named and also inside a named directory is read once
    code, out, err = run(["extract", tree / "chapters", tree / "chapters" / "ch2.md", "--format", "jsonl", "-o", out_file], capsys)
    assert code == 0 and out == "" and err == ""
    lines = [json.loads(x) for x in out_file.read_text(encoding="utf-8").splitlines()]
    # sorted, recursive, only readable formats, hidden folders skipped
    assert [Path(x["source"]).name for x in lines] == ["ch2.md", "mla.txt"]
    assert all(x["schema"] == "1.0" for x in lines)
    md = lines[0]
    assert [c["note"] for c in md["citations"]] == [1, 2, 3]
    assert md["citations"][2]["refs"][0]["pages"] == "61"
    assert md["citations"][0]["refs"][0]["record"] == md["citations"][2]["refs"][0]["record"]


def test_extract_one_file_keeps_one_object_and_several_give_a_list(tree, capsys):
    code, out, _ = run(["extract", tree / "de.txt", "--format", "json"], capsys)
    assert code == 0 and json.loads(out)["source"].endswith("de.txt")
    code, out, _ = run(["extract", tree / "de.txt", tree / "chapters", "--format", "json"], capsys)
    assert code == 0 and [Path(d["source"]).name for d in json.loads(out)] == ["de.txt", "ch2.md", "mla.txt"]


def test_check_files_directories_and_stdin(tree, capsys, monkeypatch):
    code, out, err = run(["check", tree / "de.txt", tree / "chapters", "-", "--no-config"], capsys,
                         stdin=GERMAN.encode(), monkeypatch=monkeypatch)
    assert code == 1, err
    lines = out.splitlines()
    assert any(line.startswith(f"{tree / 'de.txt'}:5:4: S201 ") for line in lines)
    assert any(line.startswith("<stdin>:5:4: S201 ") for line in lines)
    assert lines[-1] == "Found 3 problems in 3 of 4 files checked (2 errors, 1 warning)."  # files with problems of files checked


def test_one_bad_file_among_many(tree, capsys):
    (tree / "chapters" / "broken.txt").write_bytes(b"PK\x03\x04 not text \x00\x01")
    (tree / "chapters" / "latin1.txt").write_bytes("Citation (Müller, S. 3)".encode("latin-1"))
    (tree / "chapters" / "corrupt.docx").write_bytes(b"PK\x03\x04\x14\x00" + b"\x00garbage" * 50)
    code, out, err = run(["extract", tree / "chapters", tree / "missing.txt", "--format", "jsonl"], capsys)
    assert code == 2
    err_lines = err.splitlines()
    assert len(err_lines) == 4 and any("corrupt.docx" in e for e in err_lines)
    assert any("broken.txt" in e for e in err_lines) and any("latin1.txt: not valid UTF-8" in e for e in err_lines)
    assert any("missing.txt: no such file" in e for e in err_lines)
    rows = [json.loads(x) for x in out.splitlines()]
    good = [r for r in rows if "error" not in r]
    assert [Path(r["source"]).name for r in good] == ["ch2.md", "mla.txt"]  # the others complete
    assert len(good[0]["citations"]) == 3
    assert {Path(r["source"]).name for r in rows if "error" in r} == {"broken.txt", "corrupt.docx", "latin1.txt", "missing.txt"}


def test_statistics_and_exit_zero(tree, capsys, monkeypatch):
    code, out, _ = run(["check", "--statistics", "--no-config", tree / "de.txt", "-"], capsys, stdin=GERMAN.encode(),
                       monkeypatch=monkeypatch)
    assert code == 1
    assert out.splitlines()[0].split() == ["2", "S201", "[ibid-without-antecedent]"]
    code, out, _ = run(["check", "--exit-zero", "--no-config", tree / "de.txt"], capsys)
    assert code == 0 and "S201" in out


def test_quiet_and_verbose(tree, capsys):
    code, out, err = run(["check", "-q", "--no-config", tree / "de.txt"], capsys)
    assert code == 1 and "Found" not in out and err == ""
    code, out, err = run(["check", "-v", "--no-config", tree / "de.txt"], capsys)
    assert "Found 1 problem (1 error)." in out
    assert "de.txt: 2 citations" in err and "1 problems" in err


def test_color(tree, capsys, monkeypatch):
    _, out, _ = run(["check", "--color", "always", "--no-config", tree / "de.txt"], capsys)
    assert "\x1b[31;1mS201\x1b[0m" in out
    _, out, err = run(["check", "--color", "never", "--no-config", tree / "de.txt", tree / "nope.txt"], capsys)
    assert "\x1b" not in out + err
    monkeypatch.setenv("NO_COLOR", "1")
    _, out, err = run(["check", "--no-config", tree / "de.txt", tree / "nope.txt"], capsys)
    assert "\x1b" not in out + err and "nope.txt: no such file" in err


def test_rule_explains_from_docs_rules_md(capsys):
    code, out, _ = run(["rule", "S202"], capsys)
    assert code == 0 and out.startswith("S202 ibid-ambiguous\n")
    assert "*Example*" in out and "*Fix*" in out and "ibid-max-note-gap" in out
    assert run(["rule", "title-variant"], capsys)[1].startswith("V301 title-variant")
    code, _, err = run(["rule", "Z999"], capsys)
    assert code == 2 and "no rule 'Z999'" in err


def test_rule_listing_covers_every_checker_rule(capsys):
    from citekit.checks import RULES

    code, out, _ = run(["rule"], capsys)
    listed = [line.split()[0] for line in out.splitlines()]
    assert code == 0 and set(listed) == set(RULES)


def test_parse_several_files_and_output(tmp_path, capsys):
    a = tmp_path / "a.txt"
    a.write_text("Hobsbawm, Eric. The Age of Extremes. London: Michael Joseph, 1994.\n", encoding="utf-8")
    code, out, err = run(["parse", a, tmp_path / "none.txt", "-o", tmp_path / "out.json"], capsys)
    assert code == 2 and "none.txt" in err
    items = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert len(items) == 1


# --- the progress bar: on a terminal only ---------------------------------------------------------

def _cli(args, *, stderr_tty: bool, env_extra: dict):
    """Run the CLI in a subprocess with stdout to a pipe and stderr to a pty (or a pipe)."""
    env = {**os.environ, **env_extra, "COLUMNS": "100"}
    cmd = [sys.executable, "-m", "citekit", *map(str, args)]
    if not stderr_tty:
        p = subprocess.run(cmd, capture_output=True, env=env, timeout=120)
        return p.returncode, p.stderr
    import pty

    master, slave = pty.openpty()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=slave, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return p.wait(timeout=120), b"".join(chunks)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")
def test_progress_bar_on_a_terminal_only(tree):
    args = ["extract", tree / "chapters", tree / "de.txt", "--format", "jsonl"]
    code, err = _cli(args, stderr_tty=True, env_extra={"CITEKIT_PROGRESS_AFTER": "0"})
    assert code == 0 and "━" in err.decode("utf-8", "replace") and b"/3" in err
    # not when stderr is a pipe, not with --quiet, not for work under the 1 s threshold
    assert _cli(args, stderr_tty=False, env_extra={"CITEKIT_PROGRESS_AFTER": "0"}) == (0, b"")
    assert _cli([*args, "-q"], stderr_tty=True, env_extra={"CITEKIT_PROGRESS_AFTER": "0"}) == (0, b"")
    assert _cli(args, stderr_tty=True, env_extra={"CITEKIT_PROGRESS_AFTER": "30"}) == (0, b"")
