"""Adversary 10: check/CLI/API faults (V301 canonical title, L401 fixes and pinpoints,
slash-joined authors, --select over the config, --jobs, summary, SARIF, corpus API, report links)."""

import json

import citekit
from citekit.cli import main

EN = """The Clubs

The clubs wrote to Paris.1 Later work agreed.2 The letters peaked in 1793.3 Another view.4 More.5

Notes

1. Michael L. Kennedy, The Jacobin Clubs in the French Revolution: The First Years, Princeton 1982, p. 45.
2. Kennedy, The Jacobin Clubs, pp. 50-52.
3. Kennedy, The Jacobin Clubs, p. 60-62.
4. Georges Lefebvre, The French Revolution, Vol. 2, London 1964, p. 112.
5. Michael L. Kennedy, The Jacobin Club in the French Revolution: The First Years, Princeton 1982, p. 77.
6. Lefebvre, The French Revolution, Volume 2. p. 118.
"""


def _check(text, **kw):
    return citekit.check(citekit.extract(text=text), **kw)


def test_v301_names_the_full_title_and_spares_short_titles():
    ps = [p for p in _check(EN) if p.code == "V301"]
    assert len(ps) == 1
    assert ps[0].fix == "write 'The Jacobin Clubs in the French Revolution: The First Years'"
    assert "The Jacobin Club in" in ps[0].message


def test_l401_fix_is_the_users_locator():
    fixes = sorted(p.fix for p in _check(EN) if p.code == "L401")
    assert fixes == ["write 'pp. 60-62' (a range)", "write a comma: 'Volume 2, p. 118'"]
    t = "Text.1\n\nNotes\n\n1. Richard Bessel, Germany after the First World War, Oxford 1993, pp. 12.\n"
    assert [p.fix for p in _check(t) if p.code == "L401"] == ["write 'p. 12' (one page)"]


def test_l401_pinpoint_after_extent_is_not_a_single_page():
    for loc in ("pp. 76–136, at 79", "pp. 201-230, esp. 215", "pp. 11-40, here 23"):
        t = f"Text.1\n\nNotes\n\n1. Anthony Trollope, An Autobiography, Oxford 1980, vol. 1, {loc}.\n"
        assert [p for p in _check(t) if p.code == "L401"] == [], loc
    t = "Text.1\n\nNotes\n\n1. Anthony Trollope, An Autobiography, Oxford 1980, p. 76–136, at 79.\n"
    assert [p.fix for p in _check(t) if p.code == "L401"] == ["write 'pp. 76–136' (a range)"]


def test_slash_joined_authors_in_keys_and_entries():
    t = ("Kritik\n\nDie These ist alt (Horkheimer/Adorno 1969, S. 9). Auch (Conze/Engelhardt 1979: 14) und "
         "(Kocka/Frevert/Wehler 1988, S. 22).\n\nLiteratur\n\n"
         "Horkheimer, Max/Adorno, Theodor W. (1969): Dialektik der Aufklärung, Frankfurt am Main: S. Fischer.\n"
         "Conze, Werner/Engelhardt, Ulrich (1979): Arbeiter im Industrialisierungsprozeß, Stuttgart: Klett-Cotta.\n"
         "Kocka, Jürgen/Frevert, Ute/Wehler, Hans-Ulrich (1988): Bürgertum im 19. Jahrhundert, München: dtv.\n")
    assert [p.code for p in _check(t)] == []
    from citekit.parse import parse_names
    assert [(n.family, n.given) for n in parse_names("Blackbourn, David/Eley, Geoff")[0]] == [("Blackbourn", "David"), ("Eley", "Geoff")]


def test_cli_select_overrides_config_ignore(tmp_path, capsys):
    (tmp_path / "pyproject.toml").write_text('[tool.citekit]\nselect = ["ALL"]\nignore = ["V301", "locator-malformed"]\n')
    f = tmp_path / "ch.txt"
    f.write_text(EN)
    assert main(["check", str(f)]) == 1
    assert "L401" not in capsys.readouterr().out
    assert main(["check", str(f), "--select", "L401"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert [line.split()[1] for line in out[:-1]] == ["L401", "L401"]
    assert main(["check", str(f), "--select", "XYZ9"]) == 2
    err = capsys.readouterr().err
    assert "--select: no rule matches 'XYZ9'" in err and "select: select" not in err


def test_cli_jobs_and_summary(tmp_path, capsys):
    a, b, c = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"
    a.write_text(EN)
    b.write_text("Clean prose without citations.\n")
    c.write_text("More clean prose.\n")
    for bad in ("-1", "x"):
        assert main(["check", "--no-config", str(a), str(b), "--jobs", bad]) == 2
        assert "--jobs" in capsys.readouterr().err
    assert main(["check", "--no-config", str(a), str(b), str(c), "--jobs", "0"]) == 1
    assert capsys.readouterr().out.splitlines()[-1].startswith("Found 4 problems in 1 of 3 files checked (")
    assert main(["check", "--no-config", str(b), str(c), "--jobs", "1"]) == 0
    assert capsys.readouterr().out.strip() == "All checks passed (2 files checked)."


def test_sarif_corpus_notifications_and_c601(tmp_path, capsys):
    body = "Text.1\n\nNotes\n\n1. Richard A. Goldthwaite, The Economy of Renaissance Florence, Baltimore {y}, p. {p}.\n"
    (tmp_path / "ch1.txt").write_text(body.format(y=2009, p=3))
    (tmp_path / "ch2.txt").write_text(body.format(y=2009, p=5))
    (tmp_path / "ch3.txt").write_text(body.format(y=2011, p=9))
    (tmp_path / "bad.txt").write_bytes(b"caf\xe9 (Smith 1990)\n")
    assert main(["check", "--no-config", "--format", "sarif", "--jobs", "1", str(tmp_path)]) == 2
    run = json.loads(capsys.readouterr().out)["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    inv = run["invocations"][0]
    assert inv["executionSuccessful"] is False
    assert [n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("bad.txt") for n in inv["toolExecutionNotifications"]] == [True]
    c601 = [r for r in run["results"] if r["ruleId"] == "C601"]
    assert len(c601) == 1 and c601[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("ch3.txt")
    assert run["tool"]["driver"]["rules"][c601[0]["ruleIndex"]]["id"] == "C601"


def test_check_problems_carry_their_source():
    ex = citekit.extract(text=EN)
    assert {p.source for p in citekit.check(ex)} == {ex.source}


def test_volume_alone_after_full_is_short():
    ex = citekit.extract(text=EN)
    forms = [(c.text.split(",")[0], c.form.value) for c in ex.citations]
    assert forms[3] == ("Georges Lefebvre", "full") and forms[5] == ("Lefebvre", "short")
