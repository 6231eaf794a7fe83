"""A release people can install and drive (issue 12): metadata, files, API conventions, JSON schema,
short reprs, and README's Python examples under ``mypy --strict``.  The wheel itself is built,
installed in a fresh venv and driven by .ci/run."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

import citekit
from citekit.errors import InputError
from citekit.output import SCHEMA, problems_to_dict, to_dict

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))

NOTES_TEXT = (
    "Hobsbawm called it an age of extremes.1 Later he was less sure.2\n\nNotes\n\n"
    "1. Eric Hobsbawm, The Age of Extremes, London 1994, p. 54.\n2. Ibid., p. 61.\n"
)


def test_distribution_name_version_and_files():
    project = PYPROJECT["project"]
    assert project["name"] == citekit.DISTRIBUTION == "citekit-humanities"  # "citekit" on PyPI is someone else's
    assert citekit.__version__ == metadata.version("citekit-humanities") == project["version"]
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8") and project["license"] == {"text": "MIT"}
    assert f"## {project['version']}" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert (ROOT / "citekit" / "py.typed").is_file()
    data = PYPROJECT["tool"]["setuptools"]["package-data"]
    assert "py.typed" in data["citekit"] and "rules.md" in data["citekit.docs"]
    assert "mypy" in " ".join(project["optional-dependencies"]["test"])
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "pip install citekit-humanities" in readme


def test_exports():
    from citekit.render import Bibliography

    assert citekit.Bibliography is Bibliography
    assert {"Bibliography", "parse_reference", "extract", "check", "__version__"} <= set(citekit.__all__)
    for name in citekit.__all__:
        assert getattr(citekit, name) is not None


def test_extract_path_and_text_keywords(tmp_path):
    f = tmp_path / "chapter.txt"
    f.write_text(NOTES_TEXT, encoding="utf-8")
    by_path = citekit.extract(path=f)
    assert by_path.source == str(f) and len(by_path.citations) == 2
    assert len(citekit.extract(str(f)).citations) == 2  # positional: an existing path is a path
    assert citekit.extract(f).citations == by_path.citations  # a Path is always a path
    by_text = citekit.extract(text=NOTES_TEXT)
    assert by_text.source == "<text>" and [c.refs[0].pages for c in by_text.citations] == ["54", "61"]
    assert citekit.extract(NOTES_TEXT).citations == by_text.citations  # positional with a newline: text


def test_one_line_text_is_text_and_never_an_oserror():
    line = "As Eric Hobsbawm wrote of the short twentieth century, the age was one of extremes " * 4
    assert len(line) > 300 and "\n" not in line
    assert citekit.extract(line).document.text == line
    one = citekit.extract("(Hobsbawm, The Age of Extremes, p. 54)")
    assert [c.refs[0].pages for c in one.citations] == ["54"]
    assert citekit.extract("x" * 5000).citations == ()  # longer than any file name
    assert citekit.extract(text="chapter.txt").citations == ()  # text= is always text


def test_missing_file_name_is_an_error_not_a_text():
    with pytest.raises(InputError, match="no such file"):
        citekit.extract("no-such-chapter.md")
    with pytest.raises(InputError, match="no such file"):
        citekit.extract(path="no such chapter")
    with pytest.raises(TypeError):
        citekit.extract("a", text="b")
    with pytest.raises(TypeError):
        citekit.extract()


def test_short_reprs():
    ex = citekit.extract(text=NOTES_TEXT * 2000)  # ~300 KB
    assert len(ex.document.text) > 250_000
    assert repr(ex) == f"<Extraction '<text>': {len(ex.citations):,} citations, {len(ex.records):,} records, {len(ex.notes):,} notes>"
    assert len(repr(ex)) < 120 and len(repr(ex.document)) < 120
    assert repr(ex.document).startswith("<Document '<text>' text, ")


def test_every_json_shape_has_the_schema_version():
    ex = citekit.extract(text=NOTES_TEXT)
    assert re.fullmatch(r"[0-9]+\.[0-9]+", SCHEMA)
    assert to_dict(ex)["schema"] == SCHEMA
    assert json.loads(citekit.to_json(ex))["schema"] == SCHEMA
    assert problems_to_dict(ex.source, citekit.check(ex), ex)["schema"] == SCHEMA
    assert f'"schema"' in (ROOT / "docs" / "json-schema.md").read_text(encoding="utf-8")


def test_rules_doc_is_the_one_source():
    from citekit.checks import RULES
    from citekit.ruledoc import rule_sections, rules_path

    assert rules_path().samefile(ROOT / "docs" / "rules.md")
    sections = rule_sections()
    assert set(sections) == set(RULES)
    assert all(sections[c][0] == r.name for c, r in RULES.items())


#: README's Python examples as a user would write them.
README_SCRIPT = '''
from pathlib import Path

import citekit
from citekit import Bibliography, Extraction

def cited_pages(path: str) -> list[tuple[int, int, str, list[tuple[str | None, str | None, str | None, str]]]]:
    ex = citekit.extract(path)
    return [(c.start, c.end, c.form.value, [(r.record, r.volume, r.pages, r.role) for r in c.refs]) for c in ex.citations]

def main() -> None:
    ex: Extraction = citekit.extract(path=Path("chapter.txt"), library="mine.bib")
    also = citekit.extract(text="(Hobsbawm, The Age of Extremes, p. 54)")
    print(len(ex.records), len(ex.notes), len(ex.markers), also.source)
    for p in citekit.check(ex):
        print(p.line, p.code, p.message)
    entries: list[str] = Bibliography.from_file("chapter.txt").render("apa")
    print(entries, citekit.render.Bibliography, citekit.__version__.split("."))
    item = citekit.parse_reference("Hobsbawm, Eric. The Age of Extremes. London: Michael Joseph, 1994.")
    print(item)
'''


def test_readme_examples_pass_mypy_strict(tmp_path):
    pytest.importorskip("mypy", reason="mypy is not installed (pip install -e '.[test]')")
    script = tmp_path / "user_script.py"
    script.write_text(README_SCRIPT, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent", "--cache-dir", str(tmp_path / ".mypy_cache"), str(script)],
        capture_output=True, text=True, cwd=ROOT, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ci_turns_skips_for_missing_shared_into_failures(tmp_path):
    """tests/conftest.py: with CITEKIT_REQUIRE_SHARED=1 (.ci/run) a skip naming ../shared fails; others stay skips."""
    (tmp_path / "test_s.py").write_text(
        "import pytest\n"
        "def test_corpus():\n    pytest.skip('../shared/corpus is not present')\n"
        "def test_other():\n    pytest.skip('needs a pty')\n",
        encoding="utf-8",
    )
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "tests.conftest", "--rootdir", str(tmp_path), str(tmp_path)]
    env = {k: v for k, v in __import__("os").environ.items() if k != "CITEKIT_REQUIRE_SHARED"}
    free = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert free.returncode == 0 and "2 skipped" in free.stdout
    ci = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env={**env, "CITEKIT_REQUIRE_SHARED": "1"}, timeout=300)
    assert ci.returncode == 1 and "1 failed, 1 skipped" in ci.stdout
