"""Citation units: a note or parenthesis holding several works gives one citation per work,
each with its own span, role and locator; commentary stays out of the spans.

Inputs are written for these tests (medieval history, art history, philosophy, literature);
none comes from the corpus.  Spans, counts, forms and roles are asserted; fields only where
the current parser reads them.
"""

import pytest

import citekit
from citekit.detect import trim_commentary, unit_spans
from citekit.knowledge import bundled
from citekit.parse import parse_citation

KB = bundled()


def note_text(*bodies):
    marks = " ".join(f"Point {i}.{i}" for i in range(1, len(bodies) + 1))
    notes = "\n".join(f"{i}. {b}" for i, b in enumerate(bodies, start=1))
    return f"{marks}\n\nNotes\n\n{notes}\n"


def spans_by_note(text):
    return [(c.note, c.text) for c in citekit.extract(text).citations]


@pytest.mark.parametrize(
    "body, expected",
    [
        (
            "Jacques Le Goff, La naissance du Purgatoire (Paris: Gallimard, 1981), 177; Southern, Making of the Middle Ages, 212.",
            ["Jacques Le Goff, La naissance du Purgatoire (Paris: Gallimard, 1981), 177", "Southern, Making of the Middle Ages, 212."],
        ),
        (
            "Baxandall, Painting and Experience, 40; Gombrich, Art and Illusion, 2:118; Alpers, Art of Describing, 91.",
            ["Baxandall, Painting and Experience, 40", "Gombrich, Art and Illusion, 2:118", "Alpers, Art of Describing, 91."],
        ),
        (
            "Auerbach, Mimesis, 4:312. See also Curtius, European Literature, 83.",
            ["Auerbach, Mimesis, 4:312.", "See also Curtius, European Literature, 83."],
        ),
        (
            "Kantorowicz, The King's Two Bodies, 1:45. Also Bloch, Les rois thaumaturges, 2:91.",
            ["Kantorowicz, The King's Two Bodies, 1:45.", "Also Bloch, Les rois thaumaturges, 2:91."],
        ),
        (
            "Huizinga, Herbst des Mittelalters, Bd. 2, S. 44. Vgl. auch Borst, Lebensformen im Mittelalter, Bd. 1, S. 12.",
            ["Huizinga, Herbst des Mittelalters, Bd. 2, S. 44.", "Vgl. auch Borst, Lebensformen im Mittelalter, Bd. 1, S. 12."],
        ),
    ],
)
def test_several_works_in_one_note(body, expected):
    assert [t for _, t in spans_by_note(note_text(body))] == expected


def test_commentary_stays_out():
    text = note_text(
        "On this see Duby, Trois ordres, 1:45, who argues the opposite.",
        "For a different view see Panofsky, Gothic Architecture, 2:33, which is still read.",
    )
    assert spans_by_note(text) == [(1, "Duby, Trois ordres, 1:45"), (2, "Panofsky, Gothic Architecture, 2:33")]


def test_semicolon_inside_parentheses_or_title_does_not_split():
    body = "Eco, Arte e bellezza (Milano: Bompiani; 1987), 23."
    assert [t for _, t in spans_by_note(note_text(body))] == [body]
    text = "Scholars disagree (Carruthers, Book of Memory; A Study 33).\n"
    # not two citations: the second piece is no citation on its own
    assert len(citekit.extract(text).citations) <= 1


def test_parenthesis_with_several_works():
    text = "Scholars disagree (Carruthers 33; Yates 45-46; Bolzoni 12).\n"
    assert [c.text for c in citekit.extract(text).citations] == ["Carruthers 33", "Yates 45-46", "Bolzoni 12"]


@pytest.mark.parametrize(
    "cit, roles, relations",
    [
        ("Abelard, Sic et non, p. 5, quoted in M. Clanchy, Abelard, p. 88.", ["original", "quoted-in"], [None, "quoted in"]),
        ("M. Clanchy, Abelard, p. 88, citing Abelard, Sic et non, p. 5.", ["quoted-in", "original"], [None, "citing"]),
        ("Bernard, Apologia, p. 12, reproduced in C. Rudolph, Things of Greater Importance, p. 280.", ["cited", "cited"], [None, "reproduced in"]),
        ("Eckhart, Predigten, S. 5, zit. nach K. Flasch, Meister Eckhart, S. 77.", ["original", "quoted-in"], [None, "zit. nach"]),
        ("Pascal, Pensées, p. 4, cité dans L. Goldmann, Le Dieu caché, p. 120.", ["original", "quoted-in"], [None, "cité dans"]),
    ],
)
def test_roles_of_chained_works(cit, roles, relations):
    parts = parse_citation(cit, KB)
    assert [p.role for p in parts] == roles
    assert [p.relation for p in parts] == relations


def test_unit_spans_and_trim_helpers():
    t = "Auerbach, Mimesis, 312; Curtius, Literature (Bern; 1948), 83, and in Spitzer, Essays, 9."
    assert [t[a:b] for a, b in unit_spans(t, 0, len(t))] == [
        "Auerbach, Mimesis, 312",
        "Curtius, Literature (Bern; 1948), 83",
        "and in Spitzer, Essays, 9.",
    ]
    c = "On this see Carr, Bolshevik Revolution, 1:45, who argues the opposite."
    a, b = trim_commentary(c, 0, len(c))
    assert c[a:b] == "Carr, Bolshevik Revolution, 1:45"
    plain = "Curtius, European Literature, 83, the standard account."
    assert plain[slice(*trim_commentary(plain, 0, len(plain)))] == "Curtius, European Literature, 83"


def test_a_single_work_note_is_one_citation():
    body = "Cf. Duby, Le dimanche de Bouvines, Paris, Gallimard, 1973, p. 45."
    assert [t for _, t in spans_by_note(note_text(body))] == [body]


# --- ";" between an archive, a newspaper, an op. cit. (adversary round 1, item 4) ---


@pytest.mark.parametrize(
    "body, expected",
    [
        (
            "Archivo General de Indias, Indiferente, leg. 1530, fol. 4; Elliott, op. cit., p. 58.",
            ["Archivo General de Indias, Indiferente, leg. 1530, fol. 4", "Elliott, op. cit., p. 58."],
        ),
        (
            "Le Temps, 14 juillet 1889, p. 2; Le Figaro, 15 juillet 1889, p. 1.",
            ["Le Temps, 14 juillet 1889, p. 2", "Le Figaro, 15 juillet 1889, p. 1."],
        ),
        (
            "RGAE, f. 8043, op. 1, d. 12, l. 3; Davies, Soviet Economy in Turmoil, 214.",
            ["RGAE, f. 8043, op. 1, d. 12, l. 3", "Davies, Soviet Economy in Turmoil, 214."],
        ),
        (
            "Ranke, Französische Geschichte, Bd. 2, S. 40; Vossische Zeitung, 3. März 1848, S. 2.",
            ["Ranke, Französische Geschichte, Bd. 2, S. 40", "Vossische Zeitung, 3. März 1848, S. 2."],
        ),
    ],
)
def test_semicolon_splits_archives_newspapers_and_short_forms(body, expected):
    assert [t for _, t in spans_by_note(note_text(body))] == expected
