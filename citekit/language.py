"""The language of a cited title, told from function words: CSL ``language`` for records.

CSL 1.0.2 ("Text-case", "Title case conversion") applies ``text-case="title"`` only to
English items: an item whose ``language`` is empty or starts with ``en``.  A record citekit
builds from a text has no ``language`` unless one is given, so a style such as
chicago-notes-bibliography title-cased "Despoblación y repoblación" into "Despoblación Y
Repoblación".  :func:`guess_language` gives the resolver (``Resolver.build_records``) a
language when the words can tell it, and None when unsure; the renderer only reads the field.

The evidence is *function words* — articles, prepositions, conjunctions — which every title
of some length holds and which differ between languages; content words are never read.
Each word counts 1 for its language, shared between the languages that have it (``e`` is
Italian and Portuguese: 1/2 each).  The title decides when one language scores at least
1.5 there (two of its words, one perhaps shared) and more than any other; a title with one such word (``Archiv für
Reformationsgeschichte``, ``Les origines de …``) is decided by the text around it — the
citations of the work and the notes they stand in, where citation words (``Vgl.``, ``S.``,
``Bd.``, ``Voir``, ``trad.``, ``véase``, ``cfr.``) count as well — when that text points to
the same language with at least two words and more than any other.  A title with none of
these words (``Deutsche Rechtsgeschichte``, ``Ornamentalism``) gets no language.

Russian titles in Latin transliteration (Library of Congress, "Istoriia russkoi
revoliutsii") are told by their prepositions (``v``, ``po``, ``ot``, ``dlia``) and their
adjective and noun endings (``-skoi``, ``-skaia``, ``-ogo``, ``-iia``); they get ``ru``.

Word lists: the closed classes of each language as the CSL locale files' title-case stop
words list them for English, and the grammars' article/preposition/conjunction tables
(Duden, Grevisse, RAE, Serianni, Cunha & Cintra) for the others.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["guess_language", "needs_context", "text_language", "LANGUAGES"]

#: The languages :func:`guess_language` may return (BCP 47 primary subtags, as CSL ``language``).
LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "ru")

#: Function words of each language, accent-folded and lower-case.  A word listed for two
#: languages counts half for each (``_WEIGHTS``).
_FUNCTION_WORDS: dict[str, str] = {
    "en": "the of and to in for with from by at on an its their his her that this about or is was how why what who which "
          "between during after before under against among into through towards toward upon as",
    "de": "der die das dem den des und von vom zur zum im am an in ein eine einer eines einem fur uber mit auf bei aus nach "
          "zwischen unter gegen als oder nicht ist was sich zu vor seit durch um wider",
    "fr": "le les du des et une un dans pour sur au aux avec sous par entre chez ou est sont avant apres depuis vers "
          "contre sans selon la de en",
    "es": "el los las del y por para al con una un sobre entre hacia desde hasta como la de en o",
    "it": "il lo gli della delle dello degli dei nel nella nei negli nello e i di per tra fra alla alle allo agli al "
          "con una un sul sulla sui sugli dal dalla dai la in o",
    "pt": "o os as do da dos das em no na nos nas um uma e para com pela pelo pelos pelas ao aos de",
    "ru": "v vo na po ot k ko s iz dlia dlya pri ob o i za",
}
#: Words of citations (not of titles) that mark the language a note is written in.
_CITATION_WORDS: dict[str, str] = {
    "de": "vgl s bd bde hg hrsg aufl ebd anm ders dies zit hgg bearb ubers",
    "fr": "voir cf ibid trad dir ed op cit t p chap tome",
    "es": "vease cfr ibid trad ed pag pags op cit t",
    "it": "cfr vedi ivi ibidem trad ed cit pp p vol",
    "pt": "ver cf trad ed pag",
    "en": "see cf ibid trans ed eds repr p pp vol",
    "ru": "sm tam str t",
}
#: Endings of transliterated Russian adjectives and nouns ("russkoi", "istoriia", "rabochego").
_RU_ENDING = re.compile(r"(?:skoi|skii|skaia|skogo|skikh|nogo|nykh|ovoi|evoi|iia|iei|ogo|tsii|tsiia|stvo|stva|nii)\Z")
#: A word: letters (after folding) with inner apostrophes; "l'ancienne" gives "l" and "ancienne".
_WORD = re.compile(r"[a-z]+")
#: French and Italian elisions before a vowel ("l'ancienne", "d'une", "dell'arte", "qu'il").
_ELISION = re.compile(r"\b(?:qu|[ld]|dell|nell|all|dall|sull|un)['’](?=[a-zà-ÿ])", re.IGNORECASE)


#: The language(s) of each elided word: "qu'" French; "dell'", "nell'"… Italian; "l'", "d'", "un'" both.
_ELIDED = {"qu": {"fr": 1.0}, "d": {"fr": 0.5, "it": 0.5}, "l": {"fr": 0.5, "it": 0.5}, "un": {"fr": 0.5, "it": 0.5},
           "dell": {"it": 1.0}, "nell": {"it": 1.0}, "all": {"it": 1.0}, "dall": {"it": 1.0}, "sull": {"it": 1.0}}


def _fold(s: str) -> str:
    """Lower case, accents dropped ("für" -> "fur"); letters outside ASCII after decomposition
    (Cyrillic, Greek) are dropped too: no function word of :data:`_FUNCTION_WORDS` has one."""
    return unicodedata.normalize("NFKD", s.replace("ß", "ss")).encode("ascii", "ignore").decode("ascii").lower()


def _weights(table: dict[str, str]) -> dict[str, dict[str, float]]:
    """word -> {language: weight}, a word shared by n languages weighing 1/n for each."""
    owners: dict[str, list[str]] = {}
    for lang, words in table.items():
        for w in words.split():
            owners.setdefault(w, []).append(lang)
    return {w: {lang: 1 / len(langs) for lang in langs} for w, langs in owners.items()}


_WEIGHTS = _weights(_FUNCTION_WORDS)
_CONTEXT_WEIGHTS = _weights({lang: _FUNCTION_WORDS[lang] + " " + _CITATION_WORDS.get(lang, "") for lang in _FUNCTION_WORDS})


def _scores(text: str, weights: dict[str, dict[str, float]]) -> dict[str, float]:
    """Summed weights per language of the words of ``text``; elisions count for French/Italian."""
    out: dict[str, float] = dict.fromkeys(LANGUAGES, 0.0)
    for m in _ELISION.finditer(text):
        for lang, w in _ELIDED[_fold(m.group(0)[:-1])].items():
            out[lang] += w
    words = _WORD.findall(_fold(_ELISION.sub(" ", text)))
    for w in words:
        for lang, x in weights.get(w, {}).items():
            out[lang] += x
        if len(w) > 4 and _RU_ENDING.search(w):
            out["ru"] += 1.0
    return out


def _decided(scores: dict[str, float], least: float) -> str | None:
    """The language scoring at least ``least`` and more than every other, else None."""
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    (best, top), (_, second) = ranked[0], ranked[1]
    return best if top >= least - 1e-9 and top > second + 1e-9 else None


def needs_context(title: str, least: float = 1.5, unwanted: tuple[str, ...] = ()) -> bool:
    """Whether :func:`guess_language` would read the context for ``title`` and could answer
    a language not in ``unwanted``: the title holds function words of such a language, as
    many as of any other, but not enough to decide alone (callers skip building the context
    otherwise; the resolver passes ``("en",)``, as it stores no English)."""
    t = _scores(title or "", _WEIGHTS)
    top = max(t.values())
    return top > 0 and _decided(t, least) is None and any(t[lang] >= top for lang in LANGUAGES if lang not in unwanted)


def text_language(text: str, limit: int = 8000) -> str | None:
    """The language a document is written in, from the function words of its first ``limit``
    characters: the language with at least 20 of them and twice as many as any other, else
    None.  "Die Frage nach der Rezeption des römischen Rechts in Deutschland gehört …" -> "de"."""
    scores = _scores(text[:limit], _WEIGHTS)
    ranked = sorted(scores.values(), reverse=True)
    lang = _decided(scores, 20.0)
    return lang if lang is not None and ranked[0] >= 2 * ranked[1] else None


@lru_cache(maxsize=4096)
def guess_language(title: str, context: str = "", document: str | None = None, least: float = 1.5) -> str | None:
    """The language of ``title`` as a BCP 47 primary tag (one of :data:`LANGUAGES`), or None.

    ``title``: the title as written; ``context``: the text around its citations (their notes,
    a reference-list entry), or ""; ``document``: the language of the whole text
    (:func:`text_language`) or None; ``least``: the function words the title alone needs (1.5:
    two words, one of them shared with another language; a journal's name inside an
    English item is decided with 1, as it holds few words).
    The rule (module docstring): ``least`` or more function words of one language in the
    title, more than of any other; else one or more of them, as many as of any other
    language, and a context whose function and citation words point to that same language
    (two or more, more than any other) or a document written in it; else None.  Linear in
    the lengths of both strings.

    "Despoblación y repoblación del valle del Duero" -> "es"; "Archiv für
    Reformationsgeschichte" with context "Vgl. … S. 12" -> "de"; "The Making of the English
    Working Class" -> "en"; "Deutsche Rechtsgeschichte" -> None."""
    t = _scores(title or "", _WEIGHTS)
    lang = _decided(t, least)
    if lang is not None:
        return lang
    top = max(t.values())
    if top <= 0:
        return None
    if context:
        lang = _decided(_scores(context, _CONTEXT_WEIGHTS), 2.0)
        if lang is not None and t[lang] >= top:
            return lang
    if document is not None and t.get(document, 0.0) >= top:
        return document
    return None
