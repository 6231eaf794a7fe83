"""Word lists the field parser uses as features (AnyStyle's and GROBID's "dictionary" features).

Each list is a set of lower-cased tokens (as :func:`citekit.fields.tokens.tokenize`
makes them: letters without their full stop).  Multi-word places are matched as token
sequences.  Sources: the CSL locator and term lists (CSL 1.0.2 Appendix II/III and the
locale files), the abbreviation lists of the Chicago Manual (ch. 10), MHRA Style Guide
(§6), Duden and the Italian/French/Spanish style guides' standard abbreviations; places
from ``references/places.txt`` plus publishing towns of the countries whose
historiography citekit's users read.  The lists are part of the model: changing one
means rebuilding it (``python training/build_model.py``).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


def _words(s: str) -> frozenset[str]:
    return frozenset(s.split())


#: Month names and their abbreviations: en, de, fr, it, es, ru (transliterated).
MONTHS = _words(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    januar februar märz maerz april mai juni juli august september oktober november dezember jän
    janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre décembre decembre
    janv févr fevr avr juil sept déc
    gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre
    enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre
    ene ago dic
    yanvarya fevralya marta aprelya maya iyunya iyulya avgusta sentyabrya oktyabrya noyabrya dekabrya
    spring summer autumn fall winter frühjahr sommer herbst winter printemps été automne hiver"""
)

#: Locator terms (CSL locator labels and their abbreviations in six languages).
LOCATOR_TERMS = _words(
    """p pp pg pgs page pages s ss seite seiten bd bde band bände t tome tomes vol vols v vv volume volumes
    ch chap chaps chapter chapters kap kapitel cap capp capitolo capítulo n nn note notes anm anmerkung
    l ll line lines z zeile f ff fol fols folio folios fo col coll cols column columns sp spalte
    art doc no nos nr nro num number numéro numero heft h fasc fascicule fascicolo livre libro liber lib bk book
    teil tl part pt pars partie parte para paras par paragraph abs abschn abschnitt sec sect section sections
    sq sqq seq seqq passim r v recto verso fig figs figure pl plate tab table vers verse op opus d delo list listy
    fond ed tom str"""
)

#: Words that mark an editor, translator or compiler.
EDITOR_TERMS = _words(
    """ed eds edd editor editors edited edit hrsg hg hgg herausgegeben herausgeber éd éds ed édité édités dir dirs
    direction sous cura curatore curatori curato comp comps compiled compiler trans tr transl translated translator
    translators übers übersetzt übersetzung trad traduit traduction traduzione traducción tradotto introd intro
    introduction einleitung préface preface foreword vorwort by von par di de por"""
)

#: Words that relate a citation to the text or to another source.
RELATION_TERMS = _words(
    """see cf cfr vgl siehe s also auch aussi anche además esp especially e g eg quoted cited citing quoting in
    zit zitiert nach cité cités citée par dans vedi v vid vide compare contra reproduced reprinted repr after
    according see_also et aussi ver véase veáse idem"""
)

#: Short-form words: ibid., idem, op. cit., loc. cit. and their kin.
SHORT_TERMS = _words(
    """ibid ibidem ib id idem eadem eaedem iidem ebd ebenda ibd ders dies ivi op cit loc art opus citato
    citatum aao supra infra above below"""
)

#: Words that join names.
CONNECTORS = _words("and & und et e y i и u with mit avec con")

#: Words typical of publishers' names.
PUBLISHER_WORDS = _words(
    """press presses university universitaires universitaria universitario universitat universität
    verlag verlagsanstalt buchhandlung druck editions éditions edizioni editore editori editorial ediciones
    publishers publisher publishing publications books house co company ltd inc llc sons brothers bros
    gallimard seuil flammarion fayard einaudi laterza feltrinelli mulino suhrkamp beck fischer rowohlt oldenbourg
    routledge macmillan palgrave penguin verso pluto longman longmans methuen blackwell wiley oup cup norton knopf
    vintage harper collins random doubleday beacon basic pantheon allen unwin heinemann faber cape gollancz
    brill mohr siebeck niemeyer klett cotta dietz vandenhoeck ruprecht olms akademie nauka politizdat progress
    gosizdat sotsekgiz izdatelstvo izd tipografiya librairie plon hachette armand colin puf maspero sociales
    payot albin michel garnier belin picard droz vrin cerf klincksieck minuit découverte découverte"""
)

#: Words typical of journal and series titles.
JOURNAL_WORDS = _words(
    """journal journals review revue revista rivista zeitschrift studies studi études estudios quarterly annales
    annals annali anales archiv archive archives archivio bulletin bollettino boletín history historical historische
    historique storica histórica proceedings transactions jahrbuch jahrbücher cahiers quaderni magazine newsletter
    bulletin forum gazette gazeta gazzetta mitteilungen vierteljahrshefte voprosy istorii sbornik letopis
    series serie reihe collection collana colección bibliothèque biblioteca library texts sources"""
)

#: Edition words.
EDITION_WORDS = _words(
    """edition editions edn edns ed aufl auflage éd édition edizione edición rev revised enlarged expanded
    reprint repr reprinted nachdr nachdruck neudruck new nouvelle nuova nueva second third fourth fifth 2nd 3rd 4th
    5th nd rd th st erw überarb durchges"""
)

#: Articles, prepositions and conjunctions that stand inside titles (en, de, fr, it, es, la):
#: a capitalised "La" or "Der" after a comma starts a title, not a name.
FUNCTION_WORDS = _words(
    """the a an of on in to for from with and or at by about between under over against into
    der die das des dem den ein eine einer eines und oder im zum zur vom über unter zwischen gegen für
    le la les l un une des du de d et ou au aux sur sous entre pour contre dans avec
    il lo gli i una uno del dello della dei degli delle al allo alla ai agli alle nel nella nei
    sul sulla per tra fra con e o da dal dalla dai
    el los las un unos unas del al en entre sobre para por con y o
    ad ab cum pro sine sub super inter contra ex"""
)

#: Common given names (helps "Family, Given." splits); a few hundred across languages.
GIVEN_NAMES = _words(
    """john james william robert richard thomas charles george edward henry david peter michael paul mark
    andrew christopher stephen anthony joseph daniel matthew simon martin alan alexander arthur frederick
    eric eric ernest harold herbert hugh ian jack jonathan karl kenneth leon leonard louis norman patrick
    philip ralph raymond roger ronald samuel timothy walter
    mary elizabeth anne ann margaret sarah jane catherine susan helen emma rosa rose alice barbara patricia
    linda nancy ruth sheila judith joan julia lucy eleanor charlotte dorothy natalie sophie sofia
    hans karl friedrich wilhelm heinrich otto hermann ernst franz josef johann georg gustav ludwig max
    werner klaus jürgen dieter wolfgang reinhart reinhard hans-ulrich ulrich günter gerhard heinz kurt
    jean pierre jacques michel louis françois francois henri marc philippe paul andré andre claude alain
    marie françoise monique annie jacqueline nicole simone
    giovanni giuseppe antonio francesco carlo mario luigi paolo pietro marco andrea alberto roberto
    maria anna giulia chiara lucia
    juan josé jose carlos manuel luis miguel francisco antonio pedro javier
    vladimir ivanovich ilyich ilich lev nikolai nikolay aleksandr alexander sergei sergey mikhail dmitri
    dmitrii ivan pavel boris fedor fyodor grigorii grigory leonid yurii yuri viktor anatolii nadezhda
    aleksandra alexandra natalia nataliia irina olga tatiana ekaterina sheila eric orlando isaac e p edward"""
)


@lru_cache(maxsize=1)
def places() -> tuple[frozenset[str], dict[str, tuple[tuple[str, ...], ...]]]:
    """Places of publication: single-token names, and multi-token names (lower-case token tuples) by first word."""
    from .tokens import tokenize

    names: set[str] = set(_EXTRA_PLACES.strip().split("\n"))
    try:
        txt = resources.files("citekit.references").joinpath("places.txt").read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError):  # pragma: no cover - source checkout without the package data
        txt = ""
    names.update(line.strip() for line in txt.splitlines() if line.strip() and not line.startswith("#"))
    single: set[str] = set()
    multi: set[tuple[str, ...]] = set()
    for n in names:
        toks = tuple(t.text.lower() for t in tokenize(n.strip()) if t.text.isalnum())
        if len(toks) == 1:
            single.add(toks[0])
        elif toks:
            multi.add(toks)
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for m in sorted(multi):
        by_first.setdefault(m[0], []).append(m)
    return frozenset(single), {k: tuple(v) for k, v in by_first.items()}


_EXTRA_PLACES = """London
New York
Paris
Berlin
Oxford
Cambridge
Cambridge, MA
Chicago
Princeton
New Haven
Boston
Stanford
Berkeley
Los Angeles
Ithaca
Bloomington
Durham
Baltimore
Philadelphia
Madison
Urbana
Ann Arbor
Toronto
Montreal
Montréal
Sydney
Melbourne
Edinburgh
Glasgow
Manchester
Dublin
Harmondsworth
Basingstoke
Abingdon
Aldershot
Farnham
Brighton
Leiden
Amsterdam
Den Haag
The Hague
Brussels
Bruxelles
Louvain
Leuven
Lyon
Rennes
Genève
Geneva
Lausanne
Zürich
Zurich
Basel
Bern
München
Munich
Frankfurt am Main
Frankfurt a. M.
Stuttgart
Leipzig
Hamburg
Köln
Cologne
Göttingen
Tübingen
Heidelberg
Freiburg
Bonn
Wiesbaden
Darmstadt
Düsseldorf
Wien
Vienna
Graz
Innsbruck
Roma
Rome
Milano
Milan
Torino
Turin
Firenze
Florence
Venezia
Venice
Bologna
Napoli
Naples
Padova
Bari
Palermo
Madrid
Barcelona
Sevilla
Valencia
Salamanca
Lisboa
Lisbon
Buenos Aires
México
Mexico City
Santiago
Warszawa
Warsaw
Kraków
Praha
Prague
Budapest
Bucharest
Sofia
Beograd
Belgrade
Zagreb
Moskva
Moscow
Leningrad
Petrograd
St Petersburg
St. Petersburg
Sankt-Peterburg
Kiev
Kyiv
Kharkov
Minsk
Riga
Tallinn
Vilnius
Helsinki
Stockholm
Oslo
København
Copenhagen
Istanbul
Jerusalem
Tel Aviv
Cairo
Beijing
Tokyo
Delhi
New Delhi
Calcutta
Bombay
Cape Town
Johannesburg
Stuttgart-Bad Cannstatt
Bielefeld
Münster
Marburg
Mainz
Dresden
Weimar
Jena
Halle
Potsdam
Kassel
Paderborn
Oldenbourg
Aix-en-Provence
Bordeaux
Toulouse
Strasbourg
Lille
Marseille
Nancy
Grenoble
Pisa
Siena
Verona
Trieste
Genova
Ravenna
Urbino
Évora
Coimbra
Oporto
Porto"""
