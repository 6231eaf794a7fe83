"""citekit check: corpus recall, one injected error per rule, config, CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import citekit
from citekit.checks import RULES, Config, check, config_from_mapping, find_config
from citekit.cli import main
from citekit.errors import ConfigError

from tests.conftest import FIXTURES

NOTES = (FIXTURES / "clean_notes.txt").read_text(encoding="utf-8")
AUTHOR_DATE = (FIXTURES / "author_date_article.txt").read_text(encoding="utf-8")


def problems(text: str, **kw) -> list[citekit.Problem]:
    return check(citekit.extract(text), **kw)


# --- the clean passages are clean ---------------------------------------------------------


@pytest.mark.parametrize("text", [NOTES, AUTHOR_DATE], ids=["notes", "author-date"])
def test_clean_passage_has_no_problems(text):
    assert problems(text) == []


# --- one injected error per rule: exact rule and span ----------------------------------------

# (id, base text, old, new, code, the text the problem's span must cover)
INJECTIONS = [
    ("delete-note", NOTES, "6. EH Carr The Bolshevik revolution Vol 1, Harmondsworth 1975, p241.\n", "", "N101", "6"),
    ("drop-marker", NOTES, "emptied of life.6", "emptied of life.", "N102", "6. EH Carr The Bolshevik revolution Vol 1, Harmondsworth 1975, p241."),
    ("renumber-note", NOTES, "7. K Marx", "8. K Marx", "N103", "8."),
    ("misspell-place", NOTES, "Soviet Marxism Harmondsworth 1971", "Soviet Marxism Harmonsworth 1971", "V303", "Harmonsworth"),
    ("volume-past-count", NOTES, "VI Lenin CW Vol 30,", "VI Lenin CW Vol 47,", "L402", "Vol 47"),
    ("title-case", NOTES, "6. EH Carr The Bolshevik revolution", "6. EH Carr The Bolshevik Revolution", "V301", "The Bolshevik Revolution"),
    (
        "author-separator",
        NOTES,
        "H Marcuse Soviet Marxism Harmondsworth 1971, p9.",
        "K Marx, F Engels Selected correspondence Moscow 1965, p390.",
        "V302",
        "K Marx, F Engels",
    ),
    ("year", NOTES, "Harmondsworth 1975, p241", "Harmondsworth 1966, p241", "V304", "1966"),
    (
        "volume-dropped",
        NOTES,
        "6. EH Carr The Bolshevik revolution Vol 1, Harmondsworth 1975, p241.",
        "6. EH Carr The Bolshevik revolution, Harmondsworth 1975, p241.",
        "V305",
        "EH Carr The Bolshevik revolution, Harmondsworth 1975, p241.",
    ),
    ("plural-one-page", NOTES, "Moscow 1977, p24.", "Moscow 1977, pp24.", "L401", "pp24"),
    ("singular-range", NOTES, "Moscow 1977, p24.", "Moscow 1977, p. 24-5.", "L401", "p. 24-5"),
    ("stop-between-volume-and-page", NOTES, "ibid Vol 29, p58.", "ibid Vol 29. p58.", "L401", "Vol 29. p58"),
    ("no-space-after-comma", NOTES, "Moscow 1977, p24.", "Moscow 1977,p24.", "L401", ","),
    ("opcit-first", NOTES, "5. ibid p235.", "5. Deutscher, op. cit., p. 12.", "S203", "Deutscher, op. cit., p. 12."),
    ("unresolved", NOTES, "remains the fullest.5", "remains the fullest (Smithers, p. 12).5", "S205", "Smithers, p. 12"),
    ("unclosed", NOTES, "remains the fullest.5", "remains the fullest (Smithers, Memoirs, p. 12.\n\nNext.5", "S206", None),
    ("missing-reference", AUTHOR_DATE, "Ticktin, H. (1992) Origins of the Crisis in the USSR, Armonk: M.E. Sharpe.\n", "", "R501", "Ticktin, 1992, p. 12."),
    ("never-cited", AUTHOR_DATE, "Harman, C. (2009) Zombie", "Trotsky, L. (1937) The Revolution Betrayed, London: Faber.\nHarman, C. (2009) Zombie", "R502", "Trotsky, L. (1937) The Revolution Betrayed, London: Faber."),
    ("duplicate", AUTHOR_DATE, "Harman, C. (2009) Zombie Capitalism, London: Bookmarks.\n", "Harman, C. (2009) Zombie Capitalism, London: Bookmarks.\nHarman, C. (2009) Zombie Capitalism, London: Bookmarks.\n", "R503", "Harman, C. (2009) Zombie Capitalism, London: Bookmarks."),
    ("suffix-dropped", AUTHOR_DATE, "Lenin, V.I. (1965b)", "Lenin, V.I. (1965)", "R504", "Lenin, V.I. (1965) Collected Works, Vol. 33, Moscow: Progress Publishers."),
]


@pytest.mark.parametrize("case", INJECTIONS, ids=lambda c: c[0])
def test_injected_error_is_reported_with_rule_and_span(case):
    name, base, old, new, code, span_text = case
    assert old in base, "the injection must change the passage"
    text = base.replace(old, new, 1)
    found = [p for p in problems(text) if p.code == code]
    assert found, f"{code} not reported; got {[(p.code, p.message) for p in problems(text)]}"
    if span_text is not None:
        spans = [text[p.start : p.end] for p in found]
        assert span_text in spans, spans
        p = found[[text[q.start : q.end] for q in found].index(span_text)]
        # the span starts exactly where the injected text stands
        assert text.find(span_text, max(0, text.find(new[:12]) - 200) if new else 0) <= p.start
        assert p.type == RULES[code].name


CHAPTER_TWO = (
    "\n\nChapter two\n\nThe argument was taken up again in 1921.[1] It did not end there.[2]\n\n"
    "Notes\n\n[1] ibid p12.\n[2] T Cliff State capitalism in Russia London 1974, p121.\n"
)

# errors that take more than one change to the passage: (id, changes, code, spans it must report)
COMPOUND = [
    (
        "ibid-after-two-works",
        [
            ("5. ibid p235.", "5. VI Lenin CW Vol 33, Moscow 1977, p88. Quoted in EH Carr The Bolshevik revolution Vol 1, Harmondsworth 1975, p235."),
            ("6. EH Carr The Bolshevik revolution Vol 1, Harmondsworth 1975, p241.", "6. ibid p241."),
        ],
        "S202",
        ["ibid p241."],
    ),
    ("ibid-first-in-chapter", [("\n9. EH Carr The Bolshevik revolution Vol 3, Harmondsworth 1977, p45.\n", "\n9. EH Carr The Bolshevik revolution Vol 3, Harmondsworth 1977, p45.\n" + CHAPTER_TWO)], "S201", ["ibid p12."]),
    (
        "opcit-two-works",
        [
            ("8. H Marcuse Soviet Marxism Harmondsworth 1971, p9.", "8. EH Carr The Russian revolution from Lenin to Stalin London 1979, p20."),
            ("9. EH Carr The Bolshevik revolution Vol 3, Harmondsworth 1977, p45.", "9. Carr, op. cit., p. 45."),
        ],
        "S204",
        ["Carr, op. cit., p. 45."],
    ),
]


@pytest.mark.parametrize("case", COMPOUND, ids=lambda c: c[0])
def test_compound_injection_is_reported_with_rule_and_span(case):
    _, changes, code, spans = case
    text = NOTES
    for old, new in changes:
        assert old in text
        text = text.replace(old, new, 1)
    found = [p for p in problems(text) if p.code == code]
    assert [text[p.start : p.end] for p in found] == spans


def test_restart_inside_one_notes_section_is_a_numbering_problem():
    text = NOTES.replace("7. K Marx", "1. K Marx").replace("8. H Marcuse", "2. H Marcuse").replace("9. EH Carr", "3. EH Carr")
    codes = {p.code for p in problems(text)}
    assert "N103" in codes


def test_problem_positions_are_line_and_column():
    text = NOTES.replace("VI Lenin CW Vol 30,", "VI Lenin CW Vol 47,")
    (p,) = [p for p in problems(text) if p.code == "L402"]
    line = text.count("\n", 0, p.start) + 1
    col = p.start - (text.rfind("\n", 0, p.start) + 1) + 1
    assert (p.line, p.column) == (line, col)
    assert text.splitlines()[p.line - 1][p.column - 1 :].startswith("Vol 47")


# --- the corpus: every gold problem of a rule type is found -----------------------------------


@pytest.mark.parametrize("name", ["000a", "002", "004"])
def test_corpus_recall(corpus_dir, name):
    gold_path = corpus_dir / "gold" / name / "problems.jsonl"
    gold = [json.loads(x) for x in gold_path.read_text(encoding="utf-8").splitlines() if x.strip()]
    types = {r.name for r in RULES.values()}
    typed = [g for g in gold if g["type"] in types]
    found = check(citekit.extract(corpus_dir / f"{name}.txt"))
    hit = [g for g in typed if any(p.type == g["type"] and p.start < g["end"] and g["start"] < p.end for p in found)]
    recall = len(hit) / len(typed) if typed else 1.0
    assert recall >= 0.9, [g for g in typed if g not in hit]


# --- configuration -----------------------------------------------------------------------------


def test_select_and_ignore_by_code_prefix_and_name():
    text = NOTES.replace("Moscow 1977, p24.", "Moscow 1977, pp24.").replace("Soviet Marxism Harmondsworth", "Soviet Marxism Harmonsworth")
    both = {p.code for p in problems(text)}
    assert {"L401", "V303"} <= both
    assert {p.code for p in problems(text, config=Config(select=("L",)))} == {"L401"}
    assert {p.code for p in problems(text, config={"ignore": ["locator-malformed"]})} == both - {"L401"}
    assert {p.code for p in problems(text, config={"select": ["V303", "L401"], "ignore": ["V"]})} == {"L401"}


@pytest.mark.parametrize(
    "table, message",
    [
        ({"selct": ["L"]}, "unknown key"),
        ({"select": ["Z999"]}, "no rule matches"),
        ({"select": "L401", "ibid-max-note-gap": -1}, "ibid-max-note-gap"),
        ({"ignore": [3]}, "list of rule codes"),
    ],
)
def test_bad_config_is_a_clear_error(table, message):
    with pytest.raises(ConfigError, match=message):
        config_from_mapping(table)


def test_pyproject_config_is_found_above_the_file(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.citekit]\nignore = ["L401"]\n', encoding="utf-8")
    sub = tmp_path / "chapters"
    sub.mkdir()
    f = sub / "ch1.txt"
    f.write_text(NOTES.replace("Moscow 1977, p24.", "Moscow 1977, pp24."), encoding="utf-8")
    found, table = find_config(sub)
    assert found == tmp_path / "pyproject.toml" and table == {"ignore": ["L401"]}
    assert main(["check", str(f)]) == 0  # the only problem is ignored by the config
    assert main(["check", "--no-config", str(f)]) == 1


# --- the command line ------------------------------------------------------------------------------


def test_cli_exit_codes_and_json(tmp_path, capsys):
    clean = tmp_path / "clean.txt"
    clean.write_text(NOTES, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text(NOTES.replace("VI Lenin CW Vol 30,", "VI Lenin CW Vol 47,"), encoding="utf-8")
    assert main(["check", "--no-config", str(clean)]) == 0
    capsys.readouterr()
    assert main(["check", "--no-config", "--format", "json", str(bad)]) == 1
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"schema", "source", "problems"}
    (p,) = out["problems"]
    assert set(p) == {"code", "type", "severity", "start", "end", "line", "column", "message", "fix"}
    assert (p["code"], p["type"]) == ("L402", "locator-out-of-range")
    assert main(["check", str(tmp_path / "missing.txt")]) == 2
    assert "missing.txt" in capsys.readouterr().err
    assert main(["check", "--select", "Q9", str(clean)]) == 2


def test_cli_sarif(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_text(NOTES.replace("Moscow 1977, p24.", "Moscow 1977, pp24."), encoding="utf-8")
    assert main(["check", "--no-config", "--format", "sarif", str(bad)]) == 1
    sarif = json.loads(capsys.readouterr().out)
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    # every rule is listed, so a ruleIndex means one rule across merged files; columns in code points
    assert [r["id"] for r in run["tool"]["driver"]["rules"]][run["results"][0]["ruleIndex"]] == run["results"][0]["ruleId"]
    assert run["columnKind"] == "unicodeCodePoints" and run["invocations"] == [{"executionSuccessful": True}]
    (res,) = run["results"]
    region = res["locations"][0]["physicalLocation"]["region"]
    assert region["snippet"]["text"] == "pp24" and res["level"] == "warning"


def test_check_from_the_shell_on_000a_is_fast(corpus_dir):
    """End to end in a subprocess (the < 1 s target is measured in benchmarks/check_corpus.py)."""
    r = subprocess.run(
        [sys.executable, "-m", "citekit", "check", "--no-config", str(corpus_dir / "000a.txt")],
        capture_output=True, text=True, timeout=60,
    )
    assert r.returncode == 1 and "L401" in r.stdout


def test_every_rule_is_documented():
    doc = (Path(__file__).resolve().parent.parent / "docs" / "rules.md").read_text(encoding="utf-8")
    for code, rule in RULES.items():
        assert f"## {code} `{rule.name}`" in doc
