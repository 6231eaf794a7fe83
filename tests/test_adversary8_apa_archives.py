"""Issues 11 and 13, eighth outside test (/tmp/adv8): APA non-page locators, keys split over a
line, a page after the quotation of a narrative citation, no journal volume as the citation's,
archival units (one record per shelfmark), archival reference entries, UTF-16 and FIFOs.
Every input is new (other authors, languages, archives than the tester's)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import citekit
from citekit.errors import InputError
from citekit.load.text import decode_bytes
from citekit.parse import archival_entry, parse_citation

REFS_APA = """
References

Kahneman, D., & Tversky, A. (1979). Prospect theory: An analysis of decision under risk. Econometrica, 47(2), 263-291.
Loftus, E. F., & Palmer, J. C. (1974). Reconstruction of automobile destruction. Journal of Verbal Learning and Verbal Behavior, 13(5), 585-589.
Assmann, J. (2011). Cultural memory and early civilization. Cambridge University Press.
Nora, P. (1989). Between memory and history: Les lieux de mémoire. Representations, 26, 7-24.
Schwartz, B., Fukuoka, K., & Takita-Ishii, S. (2005). Collective memory: Why culture matters. Social Psychology Quarterly, 68(3), 221-243.
"""


def _cites(body: str):
    text = body + "\n" + REFS_APA
    ex = citekit.extract(text=text)
    recs = {r.key: r.csl for r in ex.records}
    out = [(text[c.start : c.end], c) for c in ex.citations if c.form.value != "reflist"]
    return out, recs


def _one(out, prefix):
    hits = [c for s, c in out if s.startswith(prefix)]
    assert len(hits) == 1, (prefix, [s for s, _ in out])
    return hits[0].refs[0]


# 1. A non-page locator in the year parenthesis.
@pytest.mark.parametrize(
    "body, prefix, label, value",
    [
        ("Following Loftus and Palmer (1974, Experiment 2), we asked about speed.", "Loftus and Palmer (1974, Experiment 2)", "experiment", "2"),
        ("As Schwartz et al. (2005, Study 3) report, culture matters.", "Schwartz et al. (2005, Study 3)", "study", "3"),
        ("Memory is cultural (Nora, 1989; Assmann, 2011, Chapter 4).", "Assmann, 2011, Chapter 4", "chapter", "4"),
        ("Losses loom larger (Kahneman & Tversky, 1979, Table 1).", "Kahneman & Tversky, 1979, Table 1", "table", "1"),
        ("Assmann (2011, Kap. 2) unterscheidet zwei Formen.", "Assmann (2011, Kap. 2)", "chapter", "2"),
    ],
)
def test_non_page_locator_in_key(body, prefix, label, value):
    out, _ = _cites(body)
    ref = _one(out, prefix)
    assert (ref.label, ref.locator, ref.pages) == (label, value, None)


# 2. A key's words split by a line break, several spaces or a soft hyphen.
@pytest.mark.parametrize(
    "body, prefix, family",
    [
        ("Decisions were framed (Kahneman &\nTversky, 1979; Nora, 1989).", "Kahneman &\nTversky, 1979", "Kahneman"),
        ("Culture shapes recall (Schwartz et\nal., 2005, p. 230).", "Schwartz et\nal., 2005", "Schwartz"),
        ("Speed estimates rose (Loftus  and   Palmer, 1974).", "Loftus  and   Palmer, 1974", "Loftus"),
        ("Places of memory (No\u00adra, 1989) matter.", "No\u00adra, 1989", "Nora"),
        ("As Loftus and\nPalmer (1974) showed, wording matters.", "Loftus and\nPalmer (1974)", "Loftus"),
    ],
)
def test_key_split_over_lines(body, prefix, family):
    out, recs = _cites(body)
    ref = _one(out, prefix)
    assert ref.record and recs[ref.record]["author"][0]["family"] == family
    assert not any("provisional" in str(recs[r.record]) for s, c in out for r in c.refs if r.record)


def test_split_key_is_no_missing_entry():
    text = "Decisions were framed (Kahneman &\nTversky, 1979).\n" + REFS_APA
    problems = citekit.check(citekit.extract(text=text))
    assert not [p for p in problems if p.code == "R502" and "Kahneman" in p.message]  # "never cited" no more


# 3. The page after a narrative citation's quotation.
@pytest.mark.parametrize(
    "body, prefix, pages",
    [
        ('Nora (1989) wrote that "memory is life, borne by living societies"\n(p. 8), a claim much cited.', "Nora (1989)", "8"),
        ('Assmann (2011) calls it "the outer dimension of human memory" (pp. 5-6).', "Assmann (2011)", "5-6"),
        ('Kahneman and Tversky (1979) note that "losses loom larger than gains" (p. 279).', "Kahneman and Tversky (1979)", "279"),
    ],
)
def test_page_after_narrative_quotation(body, prefix, pages):
    out, _ = _cites(body)
    ref = _one(out, prefix)
    assert ref.pages == pages
    assert len(out) == 1  # the "(p. …)" is that citation's, no citation of its own


def test_page_not_given_across_another_citation_or_paragraph():
    out, _ = _cites('Nora (1989) disagreed with Assmann (2011): "a canon" (p. 7).\n\n'
                    'Kahneman and Tversky (1979) began a field.\n\nLater work "framed it" (p. 4).')
    assert _one(out, "Nora (1989)").pages is None
    assert _one(out, "Assmann (2011)").pages == "7"
    assert _one(out, "Kahneman and Tversky (1979)").pages is None


# 4. The journal's volume is no locator of the citation.
def test_journal_volume_not_the_citations():
    out, recs = _cites("Framing (Kahneman & Tversky, 1979, p. 280). Nora (1989) and Schwartz et al. (2005, p. 222).")
    assert [c.refs[0].volume for _, c in out] == [None, None, None]
    assert recs[out[0][1].refs[0].record]["volume"] == "47"


# 5-6. Archival units: one record per shelfmark, the file or folio the locator.
def _notes(notes):
    text = "Body.\n\nNotes\n\n" + "\n".join(f"{i}. {n}" for i, n in enumerate(notes, 1)) + "\n"
    ex = citekit.extract(text=text)
    recs = {r.key: r.csl for r in ex.records}
    return {c.note: c for c in ex.citations}, recs


def test_british_shelfmarks_are_distinct_records():
    by, recs = _notes([
        "The National Archives, Kew, CAB 23/4, Cabinet conclusions, 12 May 1918.",
        "The National Archives, Kew, WO 32/5, file 88, Haig to Robertson, 3 June 1917.",
        "The National Archives, Kew, CAB 23/4, fol. 17.",
    ])
    r1, r2, r3 = (by[n].refs[0] for n in (1, 2, 3))
    assert r1.record == r3.record != r2.record
    assert (recs[r1.record]["archive"], recs[r1.record]["archive_location"], recs[r1.record]["archive-place"]) == ("The National Archives", "CAB 23/4", "Kew")
    assert recs[r1.record]["type"] == "manuscript" and "author" not in recs[r1.record]
    assert (r2.label, r2.locator) == ("file", "88")
    assert (r3.label, r3.locator) == ("folio", "17")


def test_french_spanish_russian_units():
    by, recs = _notes([
        "Archives départementales du Rhône, BP 3620, rapport du commissaire, fol. 4.",
        "Archivo General de Simancas, leg. 1204, exp. 7, fol. 12.",
        "Archives départementales du Rhône, BP 3620, loc. cit., fol. 9.",
    ])
    a, b, c = (by[n].refs[0] for n in (1, 2, 3))
    assert a.record == c.record and (c.label, c.locator) == ("folio", "9")
    assert recs[a.record]["archive_location"] == "BP 3620" and recs[a.record]["title"] == "rapport du commissaire"
    assert (recs[b.record]["archive"], recs[b.record]["archive_location"]) == ("Archivo General de Simancas", "leg. 1204, exp. 7")
    f = parse_citation("Russian State Archive of Socio-Political History, Moscow, f. 558, op. 11, d. 1120, l. 5.",
                       citekit.knowledge.bundled())[0]
    assert (f.authors, f.archive, f.place, f.archive_location) == (
        (), "Russian State Archive of Socio-Political History", "Moscow", "f. 558, op. 11, d. 1120")


def test_dated_document_is_the_item():
    f = parse_citation("National Archives and Records Administration, College Park, RG 59, Acheson to Bruce, 4 May 1950.",
                       citekit.knowledge.bundled())[0]
    assert (f.archive, f.place, f.archive_location, f.item_title, f.title) == (
        "National Archives and Records Administration", "College Park", "RG 59", "Acheson to Bruce", None)


# 7. Entries of an archival sources list.
@pytest.mark.parametrize(
    "entry, archive, place, title, location",
    [
        ("Bodleian Library, Oxford. Papers of H. H. Asquith, MS Asquith 12.", "Bodleian Library", "Oxford", "Papers of H. H. Asquith", "MS Asquith 12"),
        ("Archives nationales, Pierrefitte-sur-Seine. Police générale, F7 13960.", "Archives nationales", "Pierrefitte-sur-Seine", "Police générale", "F7 13960"),
        ("Hoover Institution Archive, Stanford. Boris Nicolaevsky Collection.", "Hoover Institution Archive", "Stanford", "Boris Nicolaevsky Collection", None),
    ],
)
def test_archival_entries(entry, archive, place, title, location):
    f = archival_entry(entry)
    assert f is not None and f.authors == ()
    assert (f.archive, f.place, f.title, f.archive_location) == (archive, place, title, location)


def test_published_corporate_entry_is_no_archive():
    assert archival_entry("Library of Congress. Annual Report of the Librarian. Washington: GPO, 1901.") is None
    assert archival_entry("British Museum. Catalogue of Printed Books. London, 1881.") is None


# 8. Input errors.
TEXT = "Framing matters (Kahneman & Tversky, 1979, p. 280).\n" + REFS_APA


@pytest.mark.parametrize("codec, bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-32-le", b"\xff\xfe\x00\x00")])
def test_utf16_utf32_with_bom_are_read(codec, bom):
    assert decode_bytes(bom + "Zoë’s «citation»\r\nline".encode(codec), "x.txt") == "Zoë’s «citation»\nline"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_named(codec):
    with pytest.raises(InputError) as exc:
        decode_bytes(TEXT.encode(codec), "chapter.txt")
    assert "chapter.txt" in str(exc.value) and "UTF-16" in str(exc.value) and "re-save it as UTF-8" in str(exc.value)


def test_real_binary_still_binary():
    with pytest.raises(InputError) as exc:
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "x.png")
    assert "binary" in str(exc.value)


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "citekit", *args], capture_output=True, text=True, timeout=120)


def test_cli_parse_latin1_and_utf16(tmp_path):
    p = tmp_path / "refs.txt"
    p.write_bytes("Durkheim, Émile. Les Règles de la méthode sociologique. Paris: Alcan, 1895.\n".encode("latin-1"))
    r = _cli("parse", str(p))
    assert r.returncode == 2
    assert "byte 0xc9 at byte offset 10 (line 1)" in r.stderr and "re-save the file as UTF-8" in r.stderr and str(p) in r.stderr
    q = tmp_path / "refs16.txt"
    q.write_bytes("Weber, Max. Wirtschaft und Gesellschaft. Tübingen: Mohr, 1922.\n".encode("utf-16"))
    r = _cli("parse", str(q))
    assert r.returncode == 0 and "Wirtschaft und Gesellschaft" in r.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_fifo_in_directory_is_reported(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    os.mkfifo(tmp_path / "incoming")
    os.mkfifo(tmp_path / "b.txt")
    r = _cli("extract", str(tmp_path))
    assert r.returncode == 2
    assert "incoming: is a FIFO" in r.stderr and "b.txt: is a FIFO" in r.stderr and "not a regular file, skipped" in r.stderr
    assert "Kahneman" in r.stdout
