"""Kinds of input behind the style-matrix cells under 0.95 (benchmarks/style_matrix.py): comma-less
names written family name first (French/Swiss/Italian notes) and the Italian "Si veda" prefix."""

from citekit.knowledge import bundled
from citekit.model import Citation, Form, Name
from citekit.parse import parse_citation, parse_name
from citekit.resolve import Resolver

KB = bundled()


def resolve_notes(notes):
    """Resolve note texts (note number, citation text) directly, past detection: records per note."""
    resolver = Resolver(KB)
    out = []
    for i, (n, t) in enumerate(notes):
        c = Citation(0, len(t), t, Form.OTHER, n, 0, "note", parse_citation(t, KB))
        out.append([r.record for r in resolver.resolve(i, c).refs])
    return out


def test_family_first_with_a_cue():
    # capitals (small capitals typed out), initials after, a dropping particle at the end
    assert parse_name("LE ROY LADURIE Emmanuel") == Name("Le Roy Ladurie", "Emmanuel")
    assert parse_name("CORBIN Alain") == Name("Corbin", "Alain")
    assert parse_name("Hobsbawm E. J.") == Name("Hobsbawm", "E. J.")
    assert parse_name("Treitschke Heinrich von") == Name("Treitschke", "Heinrich von")
    # the given-name-first order stays as it was
    assert parse_name("Emmanuel Le Roy Ladurie") == Name("Le Roy Ladurie", "Emmanuel")
    assert parse_name("E. J. Hobsbawm") == Name("Hobsbawm", "E. J.")
    assert parse_name("VI Lenin") == Name("Lenin", "V. I.")


def test_capitals_family_first_notes_meet_short_forms():
    got = resolve_notes([
        (1, "FARGE Arlette, La vie fragile : violence, pouvoirs et solidarités à Paris au XVIIIe siècle, Paris : Hachette, 1986, p. 45."),
        (2, "CORBIN Alain, Le miasme et la jonquille, Paris : Aubier, 1982, p. 12."),
        (3, "Farge, La vie fragile, op. cit., p. 60."),
        (4, "Corbin, Le miasme et la jonquille, op. cit., p. 14."),
    ])
    assert got[0] == got[2] and got[1] == got[3] and got[0] != got[1]
    assert got[0][0].startswith("farge-")


def test_plain_family_first_notes_meet_short_forms():
    # no capitals, no initials: "Wehler Hans-Ulrich", "Ginzburg Carlo", "Roche Daniel"
    got = resolve_notes([
        (1, "Ginzburg Carlo, Il formaggio e i vermi, Torino : Einaudi, 1976, p. 33."),
        (2, "Roche Daniel, Le peuple de Paris, Paris : Aubier, 1981, p. 101."),
        (3, "Wehler Hans-Ulrich, Das Deutsche Kaiserreich 1871-1918, Göttingen : Vandenhoeck & Ruprecht, 1973, p. 7."),
        (4, "Ginzburg, Il formaggio e i vermi, op. cit., p. 40."),
        (5, "Roche, Le peuple de Paris, op. cit., p. 120."),
        (6, "Wehler, Das Deutsche Kaiserreich 1871-1918, op. cit., p. 9."),
    ])
    assert got[0] == got[3] and got[1] == got[4] and got[2] == got[5]
    assert len({got[0][0], got[1][0], got[2][0]}) == 3


def test_italian_si_veda_prefix_on_cit():
    got = resolve_notes([
        (1, "Carlo Ginzburg, Il formaggio e i vermi, Torino, Einaudi, 1976, p. 33."),
        (2, "Si veda Carlo Ginzburg, Il formaggio e i vermi, cit., p. 40."),
        (3, "Si vedano anche Carlo Ginzburg, Il formaggio e i vermi, cit., p. 41."),
    ])
    assert got[0] == got[1] == got[2] and got[0][0] is not None
    assert parse_citation("Si veda Carlo Ginzburg, Il formaggio e i vermi, cit., p. 40.", KB)[0].relation == "si veda"
