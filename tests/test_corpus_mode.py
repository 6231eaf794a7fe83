"""Corpus mode (issue 16): --jobs, largest first, bad files among good ones, records merged
across files, one bibliography, rule C601, the --cache, Dask against a LocalCluster, and
the pre-parsed knowledge base."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from citekit import corpus
from citekit.batch import FileResult, expand, extract_one
from citekit.cli import main
from citekit.errors import CitekitError

# Three chapters of a book on 1920-21 (Chicago notes, English and German), one work
# (Daniels) cited under another title and year in the German chapter.
CH1 = """The Workers' Opposition

The debate over the trade unions divided the party in the winter of 1920.[1] Kollontai's pamphlet was printed in a small edition and soon withdrawn.[2]

Notes

[1] E.H. Carr, The Bolshevik Revolution 1917-1923, Vol. 2, London 1952, p. 221.
[2] Robert V. Daniels, The Conscience of the Revolution, Cambridge, Mass. 1960, p. 126.
"""
CH2 = """Kronstadt

The sailors' demands echoed those of the opposition.[1] The rising was crushed in March 1921.[2]

Notes

[1] Israel Getzler, Kronstadt 1917-1921: The Fate of a Soviet Democracy, Cambridge 1983, p. 213.
[2] Robert V. Daniels, The Conscience of the Revolution, Cambridge, Mass. 1960, p. 140.
"""
CH3 = """Die Gewerkschaftsdebatte

Die Debatte spaltete die Partei.[1] Die Arbeiteropposition verlor auf dem Zehnten Parteitag.[2]

Anmerkungen

[1] Robert V. Daniels, The Conscience of Revolution, Cambridge, Mass. 1965, S. 130.
[2] Israel Getzler, Kronstadt 1917-1921: The Fate of a Soviet Democracy, Cambridge 1983, S. 240.
"""
# Author-date (APA) in Markdown: the same kind across files, another style and format.
APA1 = """# Guilds and the city

Guild statutes were revised after the plague (Epstein, 1991, p. 45). Apprenticeship contracts grew longer (Farr, 2000, p. 33).

## References

Epstein, S. A. (1991). *Wage labor and guilds in medieval Europe*. University of North Carolina Press.

Farr, J. R. (2000). *Artisans in Europe, 1300–1914*. Cambridge University Press.
"""
APA2 = """# Journeymen

Journeymen travelled between towns (Farr, 2000, p. 61), and the guilds regulated their wages (Epstein, 1995, p. 112).

## References

Epstein, S. A. (1995). *Wage labour and guilds in medieval Europe*. University of North Carolina Press.

Farr, J. R. (2000). *Artisans in Europe, 1300–1914*. Cambridge University Press.
"""
# French notes: a third language citing the Getzler of CH2/CH3.
FR = """Cronstadt

La révolte fut écrasée en mars 1921.[1]

Notes

[1] Israel Getzler, Kronstadt 1917-1921: The Fate of a Soviet Democracy, Cambridge, 1983, p. 245.
"""


@pytest.fixture(autouse=True)
def _kb_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CITEKIT_CACHE_DIR", str(tmp_path / "kb-cache"))  # never the user's ~/.cache


@pytest.fixture
def book(tmp_path) -> Path:
    d = tmp_path / "book"
    d.mkdir()
    for name, text in (("ch1.txt", CH1), ("ch2.txt", CH2 * 3), ("ch3.txt", CH3)):  # ch2 is the largest
        (d / name).write_text(text, encoding="utf-8")
    return d


def run_cli(argv, capsys):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_pool_gives_the_one_process_results_in_input_order(book):
    items = expand([str(book)])
    opts = {"format": "json", "corpus": True}
    one, c1 = corpus.execute(extract_one, items, opts, jobs=1, merge_records=True)
    two, c2 = corpus.execute(extract_one, items, opts, jobs=2, merge_records=True)
    assert [r.name for r in two] == [str(book / n) for n in ("ch1.txt", "ch2.txt", "ch3.txt")]
    assert [r.value for r in one] == [r.value for r in two] and c1 == c2
    assert [r.citations for r in two] == [2, 6, 2] and all(r.unresolved == 0 for r in two)


def _pid_of(item, opts):
    import os
    import time

    time.sleep(0.05)  # an item that takes as long as reading a chapter: both processes get some
    return FileResult(item.name, value=os.getpid())


def _dies_in_child(item, opts):
    import os

    if os.getpid() != opts["parent"] and item.name.endswith("ch2.txt"):
        os._exit(3)  # a worker killed while it holds an item
    return FileResult(item.name, value=item.name)


def _raises(item, opts):
    if item.name.endswith("ch3.txt"):
        raise ValueError("a bug in a worker")
    return FileResult(item.name)


def test_forked_workers_and_this_process_share_the_items(book):
    import os

    items = expand([str(book)] * 4)  # 12 inputs
    res, _ = corpus.execute(_pid_of, items, {}, jobs=2)
    assert [r.name for r in res] == [it.name for it in items]
    assert os.getpid() in {r.value for r in res}  # this process takes items too


def test_an_item_a_dead_worker_held_is_run_here(book):
    import os

    items = expand([str(book)])
    res, _ = corpus.execute(_dies_in_child, items, {"parent": os.getpid()}, jobs=2)
    assert [r.value for r in res] == [it.name for it in items]


def test_a_worker_exception_reaches_the_caller(book):
    with pytest.raises(ValueError, match="a bug in a worker"):
        corpus.execute(_raises, expand([str(book)] * 3), {}, jobs=2)


def _record_order(item, opts):
    opts["seen"].append(Path(item.name).name)
    return FileResult(item.name)


def test_largest_file_first(book):
    seen: list[str] = []
    res, _ = corpus.execute(_record_order, expand([str(book)]), {"seen": seen}, jobs=1)
    assert seen[0] == "ch2.txt" and [Path(r.name).name for r in res] == ["ch1.txt", "ch2.txt", "ch3.txt"]


def test_bad_files_are_named_and_skipped(book, capsys):
    (book / "broken.docx").write_bytes(b"PK\x03\x04 this is no zip archive")
    (book / "scan.txt").write_bytes(bytes(range(256)) * 20)  # binary
    out_file = book.parent / "out.jsonl"
    code, out, err = run_cli(["check", book, "--format", "jsonl", "-o", out_file, "--jobs", "2", "--no-config"], capsys)
    assert code == 2  # problems over all files: bad input wins
    err_lines = err.splitlines()
    assert len(err_lines) == 2 and any("broken.docx" in e for e in err_lines) and any("scan.txt" in e for e in err_lines)
    rows = [json.loads(x) for x in out_file.read_text(encoding="utf-8").splitlines()]
    assert [Path(r["source"]).name for r in rows] == ["broken.docx", "ch1.txt", "ch2.txt", "ch3.txt", "scan.txt"]
    good = {Path(r["source"]).name: r for r in rows if "error" not in r}
    # every other file's results are complete: the same as checking it alone (plus the corpus rule)
    for name in ("ch1.txt", "ch2.txt"):
        code1, out1, _ = run_cli(["check", book / name, "--format", "json", "--no-config"], capsys)
        assert json.loads(out1)["problems"] == good[name]["problems"]
    c601 = [p for p in good["ch3.txt"]["problems"] if p["code"] == "C601"]
    assert len(c601) == 1 and "1965" in c601[0]["message"] and "The Conscience of Revolution" in c601[0]["message"]


def test_records_merged_across_files_and_languages(book):
    (book / "fr.txt").write_text(FR, encoding="utf-8")
    run = corpus.run([book], jobs=2)
    recs = {r.key: r for r in run.corpus.records}
    assert set(recs) == {"carr-bolshevik-revolution", "daniels-conscience-revolution", "getzler-kronstadt-1917-1921-fate"}
    getzler = recs["getzler-kronstadt-1917-1921-fate"]
    assert [Path(f).name for f in getzler.files] == ["ch2.txt", "ch3.txt", "fr.txt"]
    assert [(Path(f).name, places) for f, _, places in getzler.cited_in][0] == ("ch2.txt", ((7, 5), (15, 5), (23, 5)))
    daniels = recs["daniels-conscience-revolution"]
    assert daniels.csl["title"] == "The Conscience of the Revolution" and len(daniels.files) == 3
    assert run.corpus.file_records == 7  # 2 + 2 + 2 + 1 records in the files
    # the same type citekit.check() returns, with the file's name in source and no offsets
    assert [(type(p).__name__, Path(p.source).name, p.line, p.code, p.start) for p in run.problems] == [("Problem", "ch3.txt", 7, "C601", None)]


def test_author_date_corpus_and_one_bibliography(tmp_path, capsys):
    d = tmp_path / "guilds"
    d.mkdir()
    (d / "a.md").write_text(APA1, encoding="utf-8")
    (d / "b.md").write_text(APA2, encoding="utf-8")
    code, out, _ = run_cli(["bib", d, "--style", "apa"], capsys)
    assert code == 0
    assert out.count("Farr") == 1 and out.count("Epstein") == 1  # one bibliography, one entry per work
    code, out, _ = run_cli(["extract", d, "--format", "csljson"], capsys)
    items = json.loads(out)
    farr = next(i for i in items if i["id"].startswith("farr"))
    assert [(Path(c["file"]).name, c["places"]) for c in farr["citekit-cited-in"]] == [("a.md", [[9, 1], [3, 108]]), ("b.md", [[9, 1], [3, 37]])]  # the entry, then the citation
    code, out, _ = run_cli(["check", d, "--select", "C601", "--no-config"], capsys)
    assert code == 1 and "b.md:7:1: C601 [corpus-variant]" in out and "year 1995" in out
    code, out, _ = run_cli(["check", d, "--ignore", "C601", "--no-config", "--select", "C"], capsys)
    assert code == 0


def test_cache_rereads_only_the_changed_file(book, tmp_path, monkeypatch):
    import citekit.batch as batch

    calls: list[str] = []
    real = batch.extract_input

    def counting(item, **kw):
        calls.append(Path(item.name).name)
        return real(item, **kw)

    monkeypatch.setattr(batch, "extract_input", counting)
    cache = tmp_path / "cache"
    first = corpus.run([book], jobs=1, cache=cache)
    assert sorted(calls) == ["ch1.txt", "ch2.txt", "ch3.txt"] and not any(f.cached for f in first.files)
    calls.clear()
    again = corpus.run([book], jobs=1, cache=cache)
    assert calls == [] and all(f.cached for f in again.files)
    assert [f.value for f in again.files] == [f.value for f in first.files] and again.corpus == first.corpus
    (book / "ch1.txt").write_text(CH1.replace("p. 221", "p. 222"), encoding="utf-8")
    third = corpus.run([book], jobs=1, cache=cache)
    assert calls == ["ch1.txt"] and [f.cached for f in third.files] == [False, True, True]
    assert third.files[0].value["citations"][0]["refs"][0]["pages"] == "222"


def test_cli_cache_and_summary_table(book, tmp_path, capsys):
    args = ["extract", book, "--format", "jsonl", "--cache", tmp_path / "c", "-v", "--jobs", "2"]
    code, out1, err = run_cli(args, capsys)
    assert code == 0 and len(out1.splitlines()) == 3
    code, out2, err = run_cli(args, capsys)
    assert out2 == out1 and err.count("(cache)") == 3
    table = dict(line.split(None, 1) for line in err.splitlines() if not line.startswith("citekit:"))
    assert table["files"].startswith("3  3 from the cache") and table["citations"] == "10" and table["unresolved"] == "0"
    assert "records" not in table  # (jsonl: per file; csljson, bib and check merge records)


def test_unknown_engine_and_missing_dask(book, monkeypatch):
    with pytest.raises(CitekitError, match="unknown engine"):
        corpus.run([book], engine="spark")
    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # as if Dask were not installed
    with pytest.raises(CitekitError, match=r"pip install 'citekit-humanities\[dask\]'"):
        corpus.run([book], engine="dask")


def test_dask_local_cluster_matches_the_process_pool(book):
    distributed = pytest.importorskip("dask.distributed")
    (book / "fr.txt").write_text(FR, encoding="utf-8")
    (book / "bad.docx").write_bytes(b"PK\x03\x04 no zip")
    pool = corpus.run([book], jobs=2)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        on_dask = corpus.run([book], engine="dask", scheduler=cluster.scheduler_address)
    assert [f.name for f in on_dask.files] == [f.name for f in pool.files]
    assert [(f.value, f.error, f.citations) for f in on_dask.files] == [(f.value, f.error, f.citations) for f in pool.files]
    assert on_dask.corpus == pool.corpus and [r.csl for r in on_dask.corpus.records] == [r.csl for r in pool.corpus.records]
    assert on_dask.problems == pool.problems and len(on_dask.errors) == 1


def test_knowledge_base_cache_equals_the_parse(tmp_path, monkeypatch):
    from citekit import knowledge as K

    monkeypatch.setenv("CITEKIT_CACHE_DIR", str(tmp_path / "kb"))
    parsed = K._parse_bundled(K.references_dir())
    K.bundled.cache_clear()
    try:
        first = K.bundled()  # parses and writes the cache
        assert len(list((tmp_path / "kb").glob("kb-*.json"))) == 1
        K.bundled.cache_clear()
        cached = K.bundled()  # reads it
    finally:
        K.bundled.cache_clear()
    for kb in (first, cached):
        assert kb.works == parsed.works and [dict(w.csl) for w in kb.works] == [dict(w.csl) for w in parsed.works]
        assert [(w.volume_years, w.volume_naming, w.volumes, w.aliases, w.shorthand) for w in kb.works] == [
            (w.volume_years, w.volume_naming, w.volumes, w.aliases, w.shorthand) for w in parsed.works]
        assert dict(kb.abbreviations) == dict(parsed.abbreviations) and dict(kb.periodicals) == dict(parsed.periodicals)
        assert kb.places == parsed.places and dict(kb.author_abbreviations) == dict(parsed.author_abbreviations)


def test_rule_doc_for_the_corpus_rule(capsys):
    code, out, _ = run_cli(["rule", "C601"], capsys)
    assert code == 0 and out.startswith("C601 corpus-variant") and "*Fix*" in out
