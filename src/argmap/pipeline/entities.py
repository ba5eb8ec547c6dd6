"""Entity and concept patterns that run ahead of the statistical NER.

:class:`EntityPatterns` matches institutions, organisations, countries,
regions (case-sensitive, on ``ORTH``) and concepts (on ``LOWER``), plus the
targets a user asks for: :meth:`EntityPatterns.add_target` (``--target``)
for every Doc, ``doc._.argmap_targets`` for one Doc. Matched
entities go into ``doc.ents`` with the canonical id in ``span.id_``; because
the component sits before ``ner``, the NER keeps them (so "Oxford" is an
institution and "QS" an organisation). Concepts go into
``doc.spans["argmap_concepts"]``.

:func:`canonical_id` gives any entity span an id, falling back on NER labels
and pycountry for entities that no pattern knows. People are
``person:<slug>``, and a surname on its own ("Cameron" after "David
Cameron") folds into the full name's id, whatever label the NER gave it.
Spans that read as junk (a verb or a clause inside, a trailing preposition,
a single common word) get no id; :func:`junk_reason` says why (logged at
debug level on the ``argmap.entities`` logger).

Acronyms defined in the text ("the Federal Reserve (Fed)") are found by
:func:`find_acronyms`; the component tags the long form and every use of
the acronym with one id.
"""
from __future__ import annotations

import json
import logging
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy
from spacy.attrs import IS_ALPHA, IS_UPPER, LENGTH, ORTH
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .doctext import doc_text, find_tokens, span_text, token_strings
from .extensions import CONCEPTS_KEY, register_extensions

from .gazetteer import (DEMONYMS, GIVEN_NAMES, SEATS, default_concept_patterns,
                        default_entity_patterns, institution_table, slugify)

__all__ = ["EntityPatterns", "canonical_id", "entity_ids", "entity_kind_of", "find_acronyms",
           "implied_acronyms",
           "junk_reason", "governmental_context", "mention_bounds", "mention_bounds_of", "name_kind",
           "person_id", "LABELS", "CAPITALS"]

#: spaCy entity label for each argmap entity kind.
LABELS = {"institution": "ORG", "org": "ORG", "country": "GPE", "region": "LOC",
          "person": "PERSON", "seat": "ORG"}

log = logging.getLogger("argmap.entities")

#: Capitals that stand for their country in a governmental context
#: ("Washington insists ...", "Washington's tariffs", "talks with Moscow"; see
#: :func:`governmental_context`); elsewhere they are cities and not targets.
#: "Brussels" stands for the European Union.
CAPITALS = {
    "Washington": "US", "London": "GB", "Paris": "FR", "Berlin": "DE", "Moscow": "RU",
    "Beijing": "CN", "Tokyo": "JP", "Kyiv": "UA", "Kiev": "UA", "Ankara": "TR",
    "Tehran": "IR", "Brussels": "", "Delhi": "IN", "New Delhi": "IN", "Ottawa": "CA",
    "Canberra": "AU", "Rome": "IT", "Madrid": "ES", "Pyongyang": "KP", "Seoul": "KR",
    "Riyadh": "SA", "Jerusalem": "IL", "Cairo": "EG", "Islamabad": "PK", "Kabul": "AF",
    "Damascus": "SY", "Baghdad": "IQ", "Caracas": "VE", "Havana": "CU", "Brasília": "BR",
    "Brasilia": "BR", "Pretoria": "ZA", "Nairobi": "KE", "Abuja": "NG", "Tunis": "TN",
    "Warsaw": "PL", "Stockholm": "SE", "Taipei": "TW", "Hanoi": "VN", "Manila": "PH",
    "Bern": "CH", "Berne": "CH", "Vienna": "AT", "Athens": "GR", "Lisbon": "PT", "Dublin": "IE",
    "Budapest": "HU", "Prague": "CZ", "Bucharest": "RO", "Oslo": "NO", "Helsinki": "FI",
    "Copenhagen": "DK", "Jakarta": "ID", "Bangkok": "TH", "Dhaka": "BD", "Addis Ababa": "ET",
    "Accra": "GH", "Kampala": "UG", "Doha": "QA", "Abu Dhabi": "AE", "Minsk": "BY",
    "Tbilisi": "GE", "Yerevan": "AM", "Baku": "AZ", "Buenos Aires": "AR", "Bogotá": "CO",
    "Bogota": "CO", "Kinshasa": "CD", "Dakar": "SN", "Algiers": "DZ", "Rabat": "MA",
    "Khartoum": "SD", "Beirut": "LB", "Amman": "JO", "Muscat": "OM", "Kathmandu": "NP",
    "Belgrade": "RS", "Kigali": "RW", "Harare": "ZW", "Lusaka": "ZM", "Tashkent": "UZ",
    "Lilongwe": "MW", "Maputo": "MZ", "Luanda": "AO", "Windhoek": "NA", "Gaborone": "BW",
    "Dodoma": "TZ", "Mogadishu": "SO", "Asmara": "ER", "Juba": "SS", "Niamey": "NE",
    "Bamako": "ML", "Ouagadougou": "BF", "Conakry": "GN", "Freetown": "SL", "Monrovia": "LR",
    "Yamoussoukro": "CI", "Lomé": "TG", "Yaoundé": "CM", "Libreville": "GA", "Brazzaville": "CG",
    "Bangui": "CF", "Gitega": "BI", "Antananarivo": "MG", "Maseru": "LS", "Nouakchott": "MR",
    "Tripoli": "LY", "Sanaa": "YE", "Sana'a": "YE", "Manama": "BH", "Tallinn": "EE", "Riga": "LV",
    "Vilnius": "LT", "Bratislava": "SK", "Ljubljana": "SI", "Zagreb": "HR", "Sarajevo": "BA",
    "Podgorica": "ME", "Skopje": "MK", "Tirana": "AL", "Chisinau": "MD", "Reykjavik": "IS",
    "Nicosia": "CY", "Valletta": "MT", "Bishkek": "KG", "Dushanbe": "TJ", "Ashgabat": "TM",
    "Astana": "KZ", "Ulaanbaatar": "MN", "Thimphu": "BT", "Colombo": "LK", "Naypyidaw": "MM",
    "Phnom Penh": "KH", "Vientiane": "LA", "Kuala Lumpur": "MY", "Dili": "TL",
    "Port Moresby": "PG", "Quito": "EC", "La Paz": "BO", "Asunción": "PY", "Montevideo": "UY",
    "Managua": "NI", "Tegucigalpa": "HN", "San Salvador": "SV", "Guatemala City": "GT",
    "Port-au-Prince": "HT", "Santo Domingo": "DO", "Mexico City": "MX", "Lima": "PE",
}
#: The id a metonym stands for, where it is not ``country:<code of CAPITALS>``.
_METONYM_IDS = {"Brussels": "org:european-union"}

#: Nouns that make a capital's possessive or compound governmental
#: ("Washington's tariffs", "Kremlin officials").
GOVERNMENT_NOUNS = frozenset("""government administration policy policies position stance decision
decisions response demand demands tariff tariffs sanction sanctions pressure support officials official
spokesman spokeswoman spokesperson diplomats diplomat envoy envoys negotiators negotiator ministers
leadership leaders approach plan plans proposal proposals offer threat threats warning warnings veto
strategy line refusal insistence ally allies aid backing objection objections request claim claims
ultimatum move reply statement regime rules insiders critics priorities interests bid""".split())
#: Prepositions after which a capital is a party, not a place ("talks with Moscow").
_PARTY_PREPS = frozenset(("with", "against", "by", "toward", "towards"))
#: Prepositions after which a name is a place ("reporters in Abuja", "ports near Rotterdam").
_PLACE_PREPS = frozenset("""in at near outside inside into around across throughout within behind
opposite beyond through past via""".split())
#: Prepositions after which a name the NER calls a person or organisation is a
#: place, if it is a known place name ("to Manchester", "from Sfax").
_KNOWN_PLACE_PREPS = _PLACE_PREPS | {"to", "from"}
#: Titles that only people carry: the name after one is a person ("Mr Alausa").
PERSONAL_TITLES = frozenset("""Mr Mr. Mrs Mrs. Ms Ms. Miss Dr Dr. Prof Prof. Professor Sir Dame
Lord Lady President Senator Sen. Rep. Governor Gov. Mayor Judge Justice Rev. Reverend
Chancellor Minister Pope King Queen Prince Princess Ambassador""".split())
#: Lower-case particles inside surnames ("Ursula von der Leyen", "Ludwig van Beethoven").
_NAME_PARTICLES = frozenset("von van der den de da di du dos das del la le al el bin ben ibn".split())
_TITLES = frozenset("""Mr Mr. Mrs Mrs. Ms Ms. Miss Dr Dr. Prof Prof. Professor Sir Dame Lord Lady
President Prime Minister Chancellor Senator Sen. Rep. Representative Governor Gov. Mayor
King Queen Prince Princess Pope Judge Justice General Gen. Colonel Col. Captain Capt.
Secretary Ambassador Chairman Chair CEO Rev. Reverend Saint St. Vice""".split())
_SPEECH_WORDS = frozenset("said says say told tells tell added adds warned warns argued argues "
                          "wrote writes insisted insists claimed claims noted notes let's".split())
_PREPOSITIONS = frozenset("of for to in on at by with from into about as than and or but nor "
                          "the a an that which who whose whom over under after before".split())
_NAME_CONNECTORS = frozenset("the of for to and on against without in".split())
_ACRONYM_CONNECTORS = frozenset("of for and the on in & de du des der".split())

#: Words after a known short name that make a longer, different name
#: ("Karolinska University Hospital", "Oxford University Press").
_NAME_TAILS = frozenset("University College Institute School Hospital Clinic Press Medical".split())
_INSTITUTION_WORDS = ("University", "College", "Institute", "Institutet", "School",
                      "Hospital", "Clinic", "Universität", "Université", "Academy")
_DEMONYM_TO_CODE = {form: code for code, forms in DEMONYMS.items() for form in forms}
#: Demonyms and region adjectives: one that begins a name ("European Court of
#: Human Rights", "Swiss People's Party") is left to the NER.
_ADJECTIVES = frozenset(_DEMONYM_TO_CODE) | {"European", "African", "Asian", "North American",
                                              "Latin American", "Scandinavian", "Nordic"}


#: Professions whose "College of ..." is a professional body, not a school.
_PROFESSIONS = ("Physicians", "Surgeons", "Nursing", "Midwives", "Psychiatrists", "Practitioners",
                "Radiologists", "Anaesthetists", "Pathologists", "Obstetricians", "Paediatrics",
                "Emergency Medicine", "Cardiology")


def name_kind(name: str) -> str:
    """``"institution"`` for a university, college, hospital...; ``"org"`` otherwise.

    A "Royal College of ..." or a "College of" a profession is a professional
    body, a "... University Press" a publisher, and a name headed by an
    organisation word ("Commission for University Education") a body that
    oversees institutions: organisations.

    >>> name_kind("Karolinska University Hospital"), name_kind("Royal College of Nursing")
    ('institution', 'org')
    """
    if name.startswith(("Royal College", "The Royal College")) or \
            any(f"College of {p}" in name for p in _PROFESSIONS) or name.endswith(" Press"):
        return "org"  # a professional body; a publisher
    first = name.removeprefix("The ").removeprefix("the ").split(" ", 1)[0]
    if first in ORG_HEADS and first not in _INSTITUTION_WORDS:
        return "org"  # "Commission for University Education", "Council of Medical Schools"
    return "institution" if any(w in name for w in _INSTITUTION_WORDS) else "org"


def entity_kind_of(entity_id: str) -> str:
    """Return the kind prefix of an id (``"country:US"`` -> ``"country"``)."""
    return entity_id.split(":", 1)[0]


def _country_code(name: str) -> str:
    if name in _DEMONYM_TO_CODE:
        return _DEMONYM_TO_CODE[name]
    if len(name) <= 3:
        return ""  # "AI" is not Anguilla: short codes count only through patterns
    try:
        import pycountry

        return pycountry.countries.lookup(name).alpha_2
    except LookupError:
        return ""


class _NameTables:
    """The tables of one Doc that :func:`canonical_id` reads, each fetched on
    first use and then kept.

    Each table's cache is checked against ``doc.ents``, and building
    ``doc.ents`` scans the whole Doc: for all the entities of a Doc
    (:func:`entity_ids`, :func:`mention_bounds_of`) that check is made once
    per table, not once per entity (it was a third of ``extract_doc``).
    Valid while ``doc.ents`` stays as it is.
    """

    __slots__ = ("doc", "_split", "_people", "_short_orgs", "_concepts")

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._split = self._people = self._short_orgs = self._concepts = None

    def split(self) -> dict:
        if self._split is None:
            self._split = _split_names(self.doc)
        return self._split

    def people(self) -> dict[str, str]:
        if self._people is None:
            self._people = _people(self.doc)
        return self._people

    def short_orgs(self) -> dict[str, str]:
        if self._short_orgs is None:
            self._short_orgs = _short_org_names(self.doc)
        return self._short_orgs

    def concepts(self) -> list[tuple[int, int]]:
        """``(start, end)`` of the concept spans."""
        if self._concepts is None:
            groups = self.doc.spans
            self._concepts = [(c.start, c.end) for c in groups.get(CONCEPTS_KEY, [])] \
                if groups else []
        return self._concepts


def canonical_id(span: Span) -> str:
    """Return the canonical id of an entity span, or ``""`` if it is not a target.

    Pattern matches carry their id in ``span.id_``. Other NER entities are
    mapped by label: ``PERSON`` names become ``person:<slug>`` (a title such
    as "Mr." dropped), ``GPE``/``NORP`` names of countries become
    ``country:<ISO alpha-2>``, ``ORG`` names become ``institution:<slug>``
    (names with University, College, Institute...) or ``org:<slug>``.
    """
    return _canonical_id(span, _NameTables(span.doc))


def entity_ids(doc: Doc) -> list[tuple[Span, str]]:
    """``(span, canonical id)`` for each of ``doc.ents``: what ``span._.argmap_id``
    gives (:func:`canonical_id`), with the Doc's tables looked up once for all.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> doc = nlp("Oxford and Harvard")
    >>> doc.ents = [Span(doc, 0, 1, "ORG", span_id="institution:oxford")]
    >>> entity_ids(doc)
    [(Oxford, 'institution:oxford')]
    """
    tables = _NameTables(doc)
    return [(ent, _canonical_id(ent, tables)) for ent in doc.ents]


def _canonical_id(span: Span, tables: _NameTables) -> str:
    names = tables.split()
    if (span.start, span.end) in names:
        key, _ = names[(span.start, span.end)]
        return key  # "Congress" of "Congress for the Republic"; "" for the "Republic" part
    if span.id_.startswith("seat:"):
        info = span.doc._.argmap_entity_info or {}
        target = info.get(span.id_, ("", "", ""))[2] or SEATS.get(span.text, "")
        if target and governmental_context(span, seat=True):
            return target
        log.debug("entity %r rejected: a seat of government named as a place", span.text)
        return ""
    if span.id_:
        return span.id_
    if any(start < span.end and span.start < end for start, end in tables.concepts()):
        return ""  # "the League Table" is the rankings concept, not an organisation
    text = _strip_possessive(span_text(span).strip())
    if text.lower().startswith("the "):
        text = text[4:]
    label = span.label_
    if label in ("PERSON", "ORG", "GPE"):
        people = tables.people()
        folded = people.get(text) or people.get(_untitled(text))  # "Mr Alausa" too
        if folded and (label != "GPE" or not _country_code(text)):
            return folded  # "Cameron" after "David Cameron" is the person, whatever the label
    if text in CAPITALS and label in ("GPE", "PERSON", "ORG", "LOC", "FAC"):
        target = _METONYM_IDS.get(text) or (f"country:{CAPITALS[text]}" if CAPITALS[text] else "")
        if target and governmental_context(span):
            return target
        log.debug("entity %r (%s) rejected: a capital named as a place", span.text, label)
        return ""
    if label in ("GPE", "NORP"):
        code = _country_code(text)
        return f"country:{code}" if code else ""
    if label in _OTHER_NAME_LABELS and _org_headed(span):
        label = "ORG"  # "The Independent Football Regulator", tagged a work of art
    if label not in ("ORG", "PERSON"):
        return ""
    reason = junk_reason(span) or _place_reason(span, text)
    if reason:
        log.debug("entity %r (%s) rejected: %s", span.text, label, reason)
        return ""
    if label == "PERSON" and len(span) == 1 and (_org_appositive(span) or _bracketed_acronym(span)):
        return f"org:{slugify(text)}"  # "the regulator, Ofgem"; "the ... Industry (VDA)"
    if label == "PERSON" and len(span) == 1:
        short = tables.short_orgs().get(text)
        if short:
            return short  # "Warwick", tagged a person, after "the University of Warwick"
    if label == "PERSON":
        return person_id(_full_name(span, text))
    if label == "ORG" and _reads_as_person(span, text):
        return person_id(text)
    if label == "ORG" and len(span) == 1:
        short = tables.short_orgs().get(text)
        if short:
            return short  # "the Commission" after "the European Commission"
    if label == "ORG":
        slug = slugify(text)
        if not slug:
            return ""
        return f"{name_kind(text)}:{slug}"
    return ""


def _up_conjuncts(tok):
    """The first conjunct of a coordination ("Beirut" in "Cairo and Beirut" -> "Cairo")."""
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    return tok


def governmental_context(span: Span, *, seat: bool = False) -> bool:
    """True if a capital or seat of government stands for a government here.

    A capital ("Washington", "Moscow") does when it is the subject of a verb
    (not of "is a city ..."), the possessor or compound of a governmental
    noun ("Washington's tariffs", "Moscow officials") or the object of
    with/against/by/toward ("talks with Moscow"). A seat of government
    ("Downing Street", "the Kremlin") does everywhere except as the object
    of a place preposition ("outside Downing Street"). Without a parser a
    capital is a place and a seat the government.
    """
    doc = span.doc
    if not doc.has_annotation("DEP"):
        return seat
    root = _up_conjuncts(span.root)
    dep, head = root.dep_, root.head
    if dep == "pobj":
        prep = head.lower_
        if prep in _PLACE_PREPS:
            return False
        if prep in _PARTY_PREPS:
            return True
        return seat or (prep == "from" and head.head.lemma_.lower() in GOVERNMENT_NOUNS)
    if dep in ("nsubj", "nsubjpass"):
        if (head.lemma_ == "be" or head.lower_ in _BE) and any(c.dep_ == "attr" for c in head.children):
            return seat  # "Moscow is a city of twelve million"
        return True
    if dep in ("poss", "compound"):
        return seat or head.lemma_.lower() in GOVERNMENT_NOUNS or head.lower_ in GOVERNMENT_NOUNS
    return seat


@lru_cache(maxsize=1)
def _subdivision_names() -> frozenset[str]:
    """Names of regions, provinces and cities that are ISO 3166-2 subdivisions (pycountry)."""
    try:
        import pycountry

        return frozenset(s.name for s in pycountry.subdivisions)
    except (ImportError, LookupError, OSError):  # pragma: no cover - pycountry is a dependency
        return frozenset()


def _place_reason(span: Span, text: str) -> str:
    """Why an ORG- or PERSON-labelled span is a place, or ``""``.

    A place is a name after a place preposition ("supporters in Sfax",
    "doctors to Manchester") that is a known place: an ISO 3166-2
    subdivision, a capital, or labelled GPE/LOC elsewhere in the text (an
    unknown name after "in" may be a firm: "a stake in Tesla"). Places are
    not targets.
    """
    if not span.doc.has_annotation("DEP"):
        return ""
    root = _up_conjuncts(span.root)
    if root.dep_ != "pobj" or root.head.lower_ not in _KNOWN_PLACE_PREPS:
        return ""
    known = (text in CAPITALS or text in _subdivision_names()
             or any(e.text == text and e.label_ in ("GPE", "LOC") for e in span.doc.ents))
    return "a place" if known else ""


#: All-capitals abbreviations that name things, not parties ("imports of LNG").
COMMON_ABBREVIATIONS = frozenset("""LNG LPG GDP GNP CPI CEO CFO COO CTO MP MEP PM AI IT EV EVs
VAT GST NGO NGOs IPO COVID HIV AIDS TB DNA RNA PhD MBA GCSE SAT ETF CO2 GHG ICU ER PPE
UAV EU-wide OK TV PC PR HR""".split())
_STORM_WORDS = frozenset("Cyclone Hurricane Typhoon Storm".split())
#: Nouns in apposition that make a one-word name an organisation ("the regulator, Ofgem").
ORG_APPOSITIVES = frozenset("""regulator watchdog agency company firm group body union party
charity bank lender insurer carrier airline broadcaster publisher network operator authority
ministry department council committee commission institute university foundation newspaper
manufacturer maker supplier retailer utility site website outlet magazine channel station
agency broadcaster""".split())
_BE = frozenset("is was are were be been remains remained".split())
#: Words that make a name an organisation's, beyond :data:`ORG_HEADS`.
_COMPANY_WORDS = frozenset("""Holdings Group Inc Inc. Ltd Ltd. Corp Corp. Corporation Company Co Co.
Partners Capital Airways Airlines Media Energy Motors Industries Technologies Labs Systems Bank
Network News Times Post Press Review Journal Herald Institute Club Team Games Ministry""".split())


def _org_word_free(span: Span) -> bool:
    """True if no word of the span is an organisation or institution word."""
    return not any(t.text in ORG_HEADS or t.text in _COMPANY_WORDS or t.text in _INSTITUTION_WORDS
                   for t in span)


def _reads_as_person(span: Span, text: str) -> bool:
    """An ORG-labelled name that is a person: after a personal title ("Mr
    Alausa", "Prof. Osodeke"), or 1-4 capitalised words beginning with a
    known given name, with no organisation word ("Helena Brandt"; a lone
    given name only as the subject of a clause: "Napoleon is supposed ...")."""
    doc = span.doc
    words = [t for t in span if t.lower_ != "the"]
    if not words or not all(t.text[:1].isupper() and (t.is_alpha or t.text.endswith(".")) for t in words):
        return False
    if not _org_word_free(span) or len(words) > 4:
        return False
    if words[0].text in PERSONAL_TITLES or (span.start > 0 and doc[span.start - 1].text in PERSONAL_TITLES):
        return True
    if words[0].text not in GIVEN_NAMES or (span.start > 0 and doc[span.start - 1].lower_ == "the"):
        return False
    if len(words) > 1:
        return True
    return doc.has_annotation("DEP") and span.root.dep_ in ("nsubj", "nsubjpass")


def _org_appositive(span: Span) -> bool:
    """True if the name is in apposition with an organisation noun ("the
    regulator, Ofgem"; "Ofgem, the regulator"); needs a parser."""
    if not span.doc.has_annotation("DEP"):
        return False
    root = span.root
    if root.dep_ == "appos" and root.head.lower_ in ORG_APPOSITIVES:
        return True
    return any(c.dep_ == "appos" and c.lower_ in ORG_APPOSITIVES for c in root.children)


def _bracketed_acronym(span: Span) -> bool:
    """An all-capitals word of 2-6 letters in brackets after a name ("... (VDA)"):
    an organisation's acronym, not a person (unlike "JFK" on its own)."""
    doc, text = span.doc, span.text
    return (2 <= len(text) <= 6 and text.isalpha() and text.isupper() and span.start > 0
            and doc[span.start - 1].text == "(" and span.end < len(doc) and doc[span.end].text == ")")


def _full_name(span: Span, text: str) -> str:
    """A PERSON name with what the NER cut off: a known given name just before
    it ("Mehmet" + "Demir") and a surname after a particle (see :func:`_with_particles`)."""
    name = _with_particles(span, text)
    doc = span.doc
    i = span.start - 1
    if i >= 0 and doc[i].text in GIVEN_NAMES and doc[i].ent_type_ == "" and \
            not name.startswith(doc[i].text):
        return f"{doc[i].text} {name}"
    return name


def _with_particles(span: Span, text: str) -> str:
    """A PERSON name cut at a surname particle, run on to the surname:
    "Ursula von der" + "Leyen" -> "Ursula von der Leyen"."""
    doc = span.doc
    if doc[span.end - 1].lower_ not in _NAME_PARTICLES:
        return text
    k = span.end
    while k < len(doc) and doc[k].lower_ in _NAME_PARTICLES:
        k += 1
    if k < len(doc) and doc[k].text[:1].isupper() and doc[k].is_alpha:
        return _strip_possessive(doc[span.start:k + 1].text.removeprefix("the ").strip())
    return text


def _short_org_names(doc: Doc) -> dict[str, str]:
    """``{last word: id}`` of the multi-word organisations of ``doc``, for
    one-word later mentions ("the Commission" after "the European
    Commission"); a word shared by two organisations is left out."""
    cached = doc.user_data.get("argmap_short_orgs")
    key = tuple((e.start, e.end, e.label_) for e in doc.ents)
    if cached and cached[0] == key:
        return cached[1]
    out: dict[str, str] = {}
    clash: set[str] = set()
    for ent in doc.ents:
        oid = ent.id_ if ent.id_.startswith(("org:", "institution:")) else ""
        if not oid and ent.label_ == "ORG" and not junk_reason(ent):
            name = _strip_possessive(ent.text.removeprefix("The ").removeprefix("the "))
            oid = f"{name_kind(name)}:{slugify(name)}"  # what _canonical_id gives the full name
        words = [t for t in ent if t.is_alpha and t.lower_ != "the"]
        if not oid or len(words) < 2 or not words[-1].text[:1].isupper():
            continue
        last = words[-1].text
        if out.get(last, oid) != oid:
            clash.add(last)
        out[last] = oid
    for last in clash:
        out.pop(last, None)
    doc.user_data["argmap_short_orgs"] = (key, out)
    return out


def _strip_possessive(text: str) -> str:
    for tail in ("'s", "’s"):
        if text.endswith(tail):
            return text[: -len(tail)].rstrip()
    return text


def person_id(name: str) -> str:
    """Return the id of a person, without titles (``"Dr Aisha Rahman"`` -> ``"person:aisha-rahman"``).

    >>> person_id("President Recep Tayyip Erdogan")
    'person:recep-tayyip-erdogan'
    >>> person_id("Jerome H. Powell"), person_id("J. K. Rowling")
    ('person:jerome-powell', 'person:j-k-rowling')
    """
    words = _untitled(_strip_possessive(name)).split()
    if len(words) > 2 and not _is_initial(words[0]):
        words = [words[0], *[w for w in words[1:-1] if not _is_initial(w)], words[-1]]
    slug = slugify(" ".join(words))
    return f"person:{slug}" if slug else ""


def _is_initial(word: str) -> bool:
    """A middle initial: "H." or "H"."""
    return len(word.rstrip(".")) == 1 and word[:1].isupper()


def _untitled(name: str) -> str:
    """``name`` without leading titles ("Mr Alausa" -> "Alausa"; a lone title stays)."""
    words = name.split()
    while len(words) > 1 and words[0] in _TITLES:
        words = words[1:]
    return " ".join(words)


#: Role nouns: an ORG-labelled name with one of these in apposition is a person
#: ("Helena Brandt, an analyst at ...").
ROLE_NOUNS = frozenset("""analyst economist lecturer professor spokesman spokeswoman spokesperson
president chair chairman chairwoman minister secretary director head chief founder editor
writer author reporter correspondent researcher scientist expert adviser advisor ambassador
senator governor mayor leader member official officer executive doctor physician nurse lawyer
judge teacher student vice-chancellor chancellor dean manager commentator columnist activist
campaigner candidate deputy envoy general premier spokesperson""".split())


def _looks_like_person(ent: Span, person_surnames: set[str]) -> bool:
    """An ORG-labelled name that reads as a person: 2-4 capitalised words, no
    organisation word, and a role noun in apposition or its last word used
    alone as a PERSON elsewhere."""
    words = [t for t in ent if t.lower_ not in ("the",)]
    if not 2 <= len(words) <= 4 or not all(t.is_alpha and t.text[:1].isupper() for t in words):
        return False
    if any(t.text in ORG_HEADS or t.text in _INSTITUTION_WORDS for t in words):
        return False
    if words[-1].text in person_surnames:
        return True
    return any(c.dep_ == "appos" and c.lemma_.lower() in ROLE_NOUNS for c in ent.root.children)


def _people(doc: Doc) -> dict[str, str]:
    """``{surname or full name: person id}`` for the multi-word people of ``doc``.

    People are PERSON entities, and ORG-labelled names that read as people
    (see :func:`_looks_like_person`).
    """
    key = tuple((e.start, e.end, e.label_) for e in doc.ents if e.label_ in ("PERSON", "ORG"))
    cached = doc.user_data.get("argmap_people")
    if cached and cached[0] == key:
        return cached[1]
    out: dict[str, str] = {}
    ambiguous: set[str] = set()
    singles = {e.text for e in doc.ents if e.label_ == "PERSON" and len(e) == 1}
    for ent in doc.ents:
        if ent.id_ or junk_reason(ent):
            continue
        if ent.label_ != "PERSON" and not (ent.label_ == "ORG" and _looks_like_person(ent, singles)):
            continue
        name = _full_name(ent, _strip_possessive(ent.text)) if ent.label_ == "PERSON" \
            else _strip_possessive(ent.text)
        words = [w for w in name.split() if w not in _TITLES]
        if len(words) < 2:
            continue
        pid = person_id(" ".join(words))
        out[" ".join(words)] = pid
        out[_strip_possessive(ent.text)] = pid
        out.setdefault(" ".join(w for w in words if not _is_initial(w)), pid)  # "Jerome Powell"
        last = words[-1]
        if out.get(last, pid) != pid:
            ambiguous.add(last)  # two Joneses: "Jones" alone stays unresolved
        out[last] = pid
    for last in ambiguous:
        out.pop(last, None)
    doc.user_data["argmap_people"] = (key, out)
    return out


#: Head words of organisation names that go on with "of"/"for" ("Bank of England",
#: "Congress for the Republic"): an ORG span ending in one is extended over the rest.
ORG_HEADS = frozenset("""Bank Congress Party Union Council Movement Front Alliance Committee
Office Department Ministry League Federation Association Society Foundation Centre Center
Commission Court Board Agency Organisation Organization Assembly Rally Coalition Institute
Fund Forum Secretary Secretariat Authority Service Trust""".split())
_NAME_LINKS = frozenset(("of", "for"))
#: NER labels under which a name headed by an organisation word is still an
#: organisation (the small English model calls a new body's name a work of art).
_OTHER_NAME_LABELS = frozenset({"WORK_OF_ART", "FAC", "PRODUCT", "EVENT"})
_LAST_ORG_WORDS = ORG_HEADS | {"Regulator", "Watchdog", "Ombudsman", "Tribunal", "Inspectorate"}


def _org_headed(span: Span) -> bool:
    """A name of two or more capitalised words whose last word names an
    organisation ("Independent Football Regulator", "Water Services Authority").

    >>> import spacy
    >>> doc = spacy.blank("en")("The Independent Football Regulator met the Bank of England.")
    >>> _org_headed(doc[0:4]), _org_headed(doc[6:10])
    (True, False)
    """
    words = [t for t in span if t.is_alpha and t.lower_ != "the"]
    return len(words) >= 2 and words[-1].text in _LAST_ORG_WORDS \
        and all(t.is_title or t.lower_ in _NAME_LINKS or t.lower_ == "and" for t in words)


def _split_names(doc: Doc) -> dict[tuple[int, int], tuple[str, str]]:
    """``{(start, end): (id, name)}`` for entity spans that are parts of one longer name.

    An ORG span that ends in "of"/"for", or in a head word such as Bank or
    Congress followed by "of"/"for", runs on over "the" and capitalised words:
    "The Bank of" + "England" is ``org:bank-of-england``; the spans inside
    the rest ("England", "Republic") get ``""``.
    """
    key = tuple((e.start, e.end, e.label_) for e in doc.ents)
    cached = doc.user_data.get("argmap_split_names")
    if cached and cached[0] == key:
        return cached[1]
    out: dict[tuple[int, int], tuple[str, str]] = {}
    ents = list(doc.ents)
    n = len(doc)
    for ent in ents:
        if ent.label_ != "ORG" or ent.id_:
            continue
        last = doc[ent.end - 1]
        j = ent.end
        if last.lower_ in _NAME_LINKS and ent.end - ent.start > 1:
            pass
        elif last.text in ORG_HEADS and j < n and doc[j].lower_ in _NAME_LINKS:
            j += 1
        else:
            continue
        if j < n and doc[j].lower_ in ("the", "a"):
            j += 1
        k = j
        while k < n and doc[k].text[:1].isupper() and doc[k].is_alpha and not (
                doc[k].is_sent_start and k > ent.start):
            k += 1
        if k == j:
            continue
        start = ent.start + (1 if doc[ent.start].lower_ == "the" else 0)
        name = doc[start:k].text
        oid = f"{name_kind(name)}:{slugify(name)}"
        out[(ent.start, ent.end)] = (oid, name)
        out[("end", ent.start, ent.end)] = (str(doc[k - 1].idx + len(doc[k - 1])), "")
        for other in ents:
            if other is not ent and ent.end <= other.start and other.end <= k:
                out[(other.start, other.end)] = ("", "")
        info = dict(doc._.argmap_entity_info or {})
        info.setdefault(oid, (name, entity_kind_of(oid), ""))
        doc._.argmap_entity_info = info
    doc.user_data["argmap_split_names"] = (key, out)
    return out


def mention_bounds(span: Span) -> tuple[int, int]:
    """Character offsets of an entity mention: the whole name for split names.

    "The Bank of" + "England" is one mention of ``org:bank-of-england`` that
    ends after "England"; every other span keeps its own offsets.
    """
    return _bounds(span, _split_names(span.doc))


def mention_bounds_of(doc: Doc, spans: Iterable[Span]) -> list[tuple[int, int]]:
    """:func:`mention_bounds` of each of ``spans`` (spans of ``doc``), with the
    Doc's split names looked up once for all."""
    names = _NameTables(doc).split()
    return [_bounds(span, names) for span in spans]


def _bounds(span: Span, names: dict) -> tuple[int, int]:
    hit = names.get(("end", span.start, span.end))
    return span.start_char, int(hit[0]) if hit else span.end_char


def junk_reason(span: Span) -> str:
    """Return why an NER span is not a usable entity, or ``""`` if it is.

    Rejected: spans that contain a verb or a speech word ("said"), cross a
    clause (a comma, semicolon, colon, dash, line break or sentence end),
    end in a preposition, conjunction or article, are a lower-case phrase
    ("the health ministry"), a storm ("Cyclone Freddy"), a common
    abbreviation ("LNG", "GDP"), or a single common word (lower-case, or
    tagged as a noun rather than a proper noun).
    """
    tokens = [t for t in span if not (t.text in ("'s", "’s") and t.i == span.end - 1)]
    if not tokens:
        return "empty"
    tagged = span.doc.has_annotation("TAG")
    titled = all(t.text[:1].isupper() or t.lower_ in _NAME_CONNECTORS for t in tokens)
    for t in tokens:
        if titled and t.text[:1].isupper() and t.i > span.start and span.doc[t.i - 1].lower_ == "to":
            continue  # "Committee to Protect Journalists": a verb inside a name
        if t.lower_ in _SPEECH_WORDS or (tagged and t.pos_ in ("VERB", "AUX")):
            return f"contains the verb {t.text!r}"
        if t.text in (",", ";", ":", "—", "–", "|", "(", ")") or "\n" in t.text:
            return f"crosses a clause at {t.text!r}"
        if t.i > span.start and t.is_sent_start:
            return "crosses a sentence boundary"
    last = tokens[-1]
    if last.lower_ in _PREPOSITIONS or (tagged and last.pos_ in ("ADP", "CCONJ", "DET", "SCONJ")):
        return f"ends in {last.text!r}"
    if len(tokens) > 1 and not any(t.text[:1].isupper() for t in tokens if t.lower_ != "the"):
        return "a lower-case phrase, not a name"
    if tokens[0].text in _STORM_WORDS and len(tokens) > 1:
        return "a storm"
    if len(tokens) == 1 and tokens[0].text in COMMON_ABBREVIATIONS:
        return "a common abbreviation, not a name"
    if len(tokens) == 1:
        word = tokens[0]
        if not word.text[:1].isupper():
            return "a single lower-case word"
        if tagged and word.pos_ in ("NOUN", "ADJ", "ADV", "PRON", "NUM"):
            return f"a single common word ({word.pos_})"
    return ""


def find_acronyms(doc: Doc) -> list[tuple[int, int, str]]:
    """Acronyms defined in the text: ``(long_start, long_end, acronym)`` token spans.

    "the Federal Reserve (Fed)", "U.S. News & World Report (USNWR)": a
    parenthesised all-capitals word (or a prefix of the long form's first
    word, like "Fed") right after a run of capitalised words whose initials
    spell it.

    >>> import spacy
    >>> find_acronyms(spacy.blank("en")("The European Central Bank (ECB) met."))
    [(1, 4, 'ECB')]
    """
    out = []
    for i in find_tokens(doc, frozenset("(")):
        if doc[i].text != "(" or i + 2 >= len(doc) or doc[i + 2].text != ")":
            continue
        acr = doc[i + 1].text
        letters = "".join(ch for ch in acr if ch.isalpha())
        if not 2 <= len(letters) <= 10 or not acr[:1].isupper():
            continue
        upper = "".join(ch for ch in letters if ch.isupper())
        j = i
        while j > 0 and (doc[j - 1].text[:1].isupper() or doc[j - 1].lower_ in _ACRONYM_CONNECTORS) \
                and doc[j - 1].text not in ("(", ")"):
            j -= 1
        for start in range(j, i):
            if doc[start].lower_ in _ACRONYM_CONNECTORS or not doc[start].text[:1].isupper():
                continue
            words = [t.text for t in doc[start:i] if t.lower_ not in _ACRONYM_CONNECTORS]
            initials = "".join(("".join(c for c in w if c.isupper()) if w.count(".") > 1 else w[0])
                               for w in words)
            if (len(upper) >= 2 and upper == letters and initials == upper) or \
                    (letters != upper and len(words) >= 2 and words[0].startswith(acr)):
                out.append((start, i, acr))
                break
    return out


def _initial_forms(initials: str) -> set[str]:
    """The acronyms a name's initials allow: all of them ("CBI"), or, for
    five initials or more, all but one inner initial ("NICE" of N-I-H-C-E)."""
    out = {initials} if len(initials) >= 3 else set()
    if len(initials) >= 5:
        out |= {initials[:k] + initials[k + 1:] for k in range(1, len(initials) - 1)}
    return out


#: A run of capitalised words, with the small words names join them by.
#: (No all-capitals words: "the Confederation of Marine Traders and the CMT".)
_CAP_RUN = re.compile(r"[A-Z][a-z][\w'’&-]*(?:\s+(?:(?:of|for|and|the|on|in|&)\s+)*"
                      r"[A-Z][a-z][\w'’&-]*)+")


def implied_acronyms(doc: Doc, ents: Sequence[Span] = ()) -> list[Span]:
    """Acronyms used without being defined: an all-capitals word ("CBI",
    "NICE") that the initials of exactly one run of capitalised words in
    ``doc`` spell: all of them, or, when the run has an organisation or
    university word ("Institute", "Authority", ...), the forms of
    :func:`_initial_forms`. Returns ``ORG`` spans
    for the name and each use of the acronym, under one id (the id of an
    entity in ``ents`` at the name, else the name's own).

    >>> import spacy
    >>> doc = spacy.blank("en")("The Confederation of British Industry met. The CBI left.")
    >>> [(s.text, s.id_) for s in implied_acronyms(doc)]
    [('Confederation of British Industry', 'org:confederation-of-british-industry'), ('CBI', 'org:confederation-of-british-industry')]
    """
    arr = doc.to_array([IS_UPPER, IS_ALPHA, LENGTH]) if len(doc) else None
    if arr is None:
        return []
    cand = numpy.flatnonzero(arr[:, 0] & arr[:, 1] & (arr[:, 2] >= 3) & (arr[:, 2] <= 6))
    words_up = {doc[int(i)].text for i in cand} - COMMON_ABBREVIATIONS
    if not words_up:
        return []
    known = {(e.start_char, e.end_char): e.id_ for e in ents
             if e.id_.startswith(("org:", "institution:"))}
    keys: dict[str, set[str]] = {}
    longs: dict[str, Span] = {}
    for m in _CAP_RUN.finditer(doc_text(doc)):
        toks = [(w.start(), w.group()) for w in re.finditer(r"\S+", m.group())]
        for k, (off, first) in enumerate(toks):
            if first.lower() in _ACRONYM_CONNECTORS:
                continue
            words = [w for _, w in toks[k:] if w.lower() not in _ACRONYM_CONNECTORS]
            if len(words) < 2:
                break
            initials = "".join(w[0] for w in words)
            if any(w in _LAST_ORG_WORDS or w in _INSTITUTION_WORDS for w in words):
                forms = _initial_forms(initials) & words_up
            else:  # no organisation word: only all the initials ("CBI")
                forms = {initials} & words_up
            if not forms:
                continue
            span = doc.char_span(m.start() + off, m.end(), alignment_mode="contract")
            if span is None:
                break
            name = _strip_possessive(span.text)
            key = known.get((span.start_char, span.end_char)) or \
                f"{name_kind(name)}:{slugify(name)}"
            for f in forms:
                keys.setdefault(f, set()).add(key)
            longs.setdefault(key, span)
            break
    forms = {f: next(iter(k)) for f, k in keys.items() if len(k) == 1}
    if not forms:
        return []
    out = [Span(doc, longs[key].start, longs[key].end, label="ORG", span_id=key)
           for key in dict.fromkeys(forms.values())]
    out += [Span(doc, int(i), int(i) + 1, label="ORG", span_id=forms[doc[int(i)].text])
            for i in cand if doc[int(i)].text in forms]
    return sorted(out, key=lambda x: x.start)


@lru_cache(maxsize=1)
def _table_index() -> tuple[frozenset[str], tuple[int, ...], dict[tuple[str, ...], tuple[str, str, str]]]:
    """The institutions table as (first tokens, lengths longest first, tokens -> (id, label, country))."""
    names: dict[tuple[str, ...], tuple[str, str, str]] = {}
    for name, country, tokens in institution_table():
        names.setdefault(tokens, (f"institution:{slugify(name)}", name,
                                  f"country:{country}" if country else ""))
    return (frozenset(t[0] for t in names), tuple(sorted({len(t) for t in names}, reverse=True)),
            names)


def _table_spans(doc: Doc, taken: set[str]) -> tuple[list[Span], dict[str, tuple[str, str, str]]]:
    """Whole, case-sensitive matches of institutions-table names in ``doc`` (longest first)."""
    firsts, lengths, names = _table_index()
    spans, info = [], {}
    texts = token_strings(doc, ORTH)
    for i, first in enumerate(texts):
        if first not in firsts:
            continue
        for n in lengths:
            hit = names.get(tuple(texts[i:i + n]))
            if hit and hit[1] not in taken:
                key, label, country = hit
                spans.append(Span(doc, i, i + n, label="ORG", span_id=key))
                info[key] = (label, "institution", country)
                break
    return spans, info


def _starts_a_name(doc: Doc, end: int) -> bool:
    """True if a capitalised word that does not start a sentence follows token ``end - 1``."""
    return end < len(doc) and doc[end].text[:1].isupper() and doc[end].is_alpha \
        and not doc[end].is_sent_start and doc[end].text not in _ADJECTIVES


class EntityPatterns:
    """Phrase patterns for named targets and key concepts.

    Args:
        nlp (Language): The pipeline the component belongs to.
        name (str): The component name.
        use_defaults (bool): Load the built-in gazetteer on creation, and match the
            names of the institutions table (``data/institutions.tsv``).
        overwrite_ents (bool): Let pattern matches replace entities already set.
        targets (list): Phrases to take a stance toward (see :meth:`add_target`).
    """

    def __init__(self, nlp: Language, name: str = "argmap_entities", *,
                 use_defaults: bool = True, overwrite_ents: bool = True,
                 targets: Iterable[str] = ()) -> None:
        register_extensions()
        self.nlp = nlp
        self.name = name
        self.overwrite_ents = overwrite_ents
        self.entity_patterns: list[dict[str, Any]] = []
        self.concept_patterns: list[dict[str, Any]] = []
        self._info: dict[str, tuple[str, str, str]] = {}
        self._forms: set[str] = set()
        self.use_table = use_defaults
        self._ent_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._concept_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._user: set[str] = set()
        self._doc_matchers: dict[tuple, tuple[PhraseMatcher, dict[str, str]]] = {}
        if use_defaults:
            self.add_patterns(default_entity_patterns())
            self.add_patterns(default_concept_patterns())
        for phrase in targets:
            self.add_target(phrase)

    def add_patterns(self, patterns: Iterable[dict[str, Any]]) -> None:
        """Add patterns of the form ``{"id", "label", "kind", "country", "patterns"}``."""
        for row in patterns:
            row = dict(row)
            key = row["id"]
            forms = list(row["patterns"])
            self._info[key] = (row.get("label", key), row.get("kind", entity_kind_of(key)),
                               row.get("country", ""))
            if row.get("kind", entity_kind_of(key)) == "concept":
                self.concept_patterns.append(row)
                if row.get("user"):
                    self._user.add(key)
                # matched on LOWER: tokenise the phrase as written ("photo ID")
                self._concept_matcher.add(key, [self.nlp.make_doc(f) for f in forms])
            else:
                self.entity_patterns.append(row)
                self._forms.update(forms)
                self._ent_matcher.add(key, [self.nlp.make_doc(f) for f in forms])

    def add_target(self, phrase: str, *, target_id: str | None = None,
                   patterns: Iterable[str] | None = None) -> str:
        """Take a stance toward ``phrase`` in every Doc from now on; return its id.

        The id is ``concept:<slug>`` unless ``target_id`` is given; ``patterns``
        are extra ways of writing it (matched case-insensitively). A target
        overlapping a built-in entity or concept is kept beside it.

        >>> import spacy
        >>> ep = EntityPatterns(spacy.blank("en"), use_defaults=False)
        >>> ep.add_target("league tables")
        'concept:league-tables'
        """
        phrase = str(phrase).strip()
        key = target_id or f"concept:{slugify(phrase)}"
        if not phrase or key == "concept:":
            raise ValueError(f"not a usable target phrase: {phrase!r}")
        self.add_patterns([{"id": key, "label": phrase, "kind": "concept", "country": "",
                            "patterns": [phrase, *(patterns or ())], "user": True}])
        return key

    def remove_target(self, target: str) -> bool:
        """Forget a target added with :meth:`add_target` (by id or phrase); False if unknown."""
        key = target if target in self._user else f"concept:{slugify(str(target))}"
        if key not in self._user:
            return False
        self._user.discard(key)
        self.concept_patterns = [r for r in self.concept_patterns
                                 if not (r["id"] == key and r.get("user"))]
        self._concept_matcher.remove(key)
        builtin = [f for r in self.concept_patterns if r["id"] == key for f in r["patterns"]]
        if builtin:
            self._concept_matcher.add(key, [self.nlp.make_doc(f) for f in builtin])
        else:
            self._info.pop(key, None)
        return True

    @property
    def targets(self) -> list[str]:
        """Ids of the targets added with :meth:`add_target`."""
        return sorted(self._user)

    def _doc_targets(self, doc: Doc) -> list[Span]:
        """Spans of the targets given for this Doc only (``doc._.argmap_targets``)."""
        given = doc._.argmap_targets if Doc.has_extension("argmap_targets") else None
        if not given:
            return []
        rows = []
        for item in given:
            if isinstance(item, dict):
                phrase = str(item.get("label") or next(iter(item.get("patterns", [])), ""))
                forms = tuple(str(f) for f in item.get("patterns", [phrase]) if str(f).strip())
                key = str(item.get("id") or f"concept:{slugify(phrase)}")
            else:
                phrase = str(item).strip()
                forms, key = (phrase,), f"concept:{slugify(phrase)}"
            if forms and key != "concept:":
                rows.append((key, phrase, forms))
        sig = tuple(rows)
        if sig not in self._doc_matchers:
            if len(self._doc_matchers) > 64:
                self._doc_matchers.clear()
            matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
            labels = {}
            for key, phrase, forms in rows:
                matcher.add(key, [self.nlp.make_doc(f) for f in forms])
                labels[key] = phrase
            self._doc_matchers[sig] = (matcher, labels)
        matcher, labels = self._doc_matchers[sig]
        vocab = doc.vocab.strings
        out = [Span(doc, s, e, label="CONCEPT", span_id=vocab[m]) for m, s, e in matcher(doc)]
        for span in out:
            self._doc_labels[span.id_] = labels[span.id_]
        return out

    @property
    def info(self) -> dict[str, tuple[str, str, str]]:
        """``{id: (label, kind, country)}`` for every pattern id."""
        return dict(self._info)

    def __call__(self, doc: Doc) -> Doc:
        ents, concepts = self.match(doc)
        self.set_annotations(doc, ents, concepts)
        return doc

    def match(self, doc: Doc) -> tuple[list[Span], list[Span]]:
        """Find entity and concept spans (longest match wins)."""
        vocab = doc.vocab.strings
        ents = []
        for match_id, start, end in self._ent_matcher(doc):
            key = vocab[match_id]
            kind = self._info[key][1]
            if kind in ("country", "region") and doc[start:end].text in _ADJECTIVES \
                    and _starts_a_name(doc, end):
                continue  # "Swiss People's Party", "British Airways": the NER reads the whole name
            if kind in ("institution", "org") and end < len(doc) \
                    and (doc[end].text in _NAME_TAILS or doc[end].text[:-1] in _NAME_TAILS):
                continue  # "Karolinska" of "Karolinska University Hospital", another institution
            ents.append(Span(doc, start, end, label=LABELS.get(kind, "ORG"), span_id=key))
        table: list[Span] = []
        if self.use_table:
            table, info = _table_spans(doc, self._forms)
            doc._.argmap_entity_info = {**(doc._.argmap_entity_info or {}), **info}
        # curated and user patterns first: filter_spans keeps the earlier of equal spans
        ents = filter_spans(ents + self._acronym_spans(doc) + table)
        ents = filter_spans(ents + implied_acronyms(doc, ents))
        self._doc_labels: dict[str, str] = {}
        found = [Span(doc, s, e, label="CONCEPT", span_id=vocab[m])
                 for m, s, e in self._concept_matcher(doc)]
        # a user's target is kept even where it overlaps a built-in entity or concept
        user = filter_spans([c for c in found if c.id_ in self._user] + self._doc_targets(doc))
        concepts = [c for c in found if c.id_ not in self._user
                    and not any(c.start < x.end and x.start < c.end for x in ents + user)]
        return ents, sorted(filter_spans(concepts) + user, key=lambda c: (c.start, c.end))

    def _acronym_spans(self, doc: Doc) -> list[Span]:
        """The long form and every use of each acronym defined in ``doc``, under one id."""
        spans: list[Span] = []
        info = dict(doc._.argmap_entity_info or {})
        for start, end, acr in find_acronyms(doc):
            long_form = doc[start:end]
            known = [m for m in self._ent_matcher(long_form.as_doc())
                     if m[1] == 0 and m[2] == len(long_form)]
            if known:
                key = doc.vocab.strings[known[0][0]]
            else:
                text = long_form.text
                kind = name_kind(text)
                key = f"{kind}:{slugify(text)}"
                info[key] = (text, kind, "")
            for tok in doc:
                if tok.text == acr:
                    spans.append(Span(doc, tok.i, tok.i + 1, label="ORG", span_id=key))
            for i in range(len(doc) - len(long_form) + 1):
                if doc[i:i + len(long_form)].text == long_form.text:
                    spans.append(Span(doc, i, i + len(long_form), label="ORG", span_id=key))
        doc._.argmap_entity_info = info
        return spans

    def set_annotations(self, doc: Doc, ents: list[Span], concepts: list[Span]) -> None:
        """Write entities to ``doc.ents`` and concepts to ``doc.spans``."""
        if self.overwrite_ents:
            keep = [e for e in doc.ents if not any(e.start < m.end and m.start < e.end for m in ents)]
        else:
            keep = list(doc.ents)
            ents = [m for m in ents if not any(e.start < m.end and m.start < e.end for e in keep)]
        doc.ents = sorted(keep + ents, key=lambda s: s.start)
        doc.spans[CONCEPTS_KEY] = concepts
        info = dict(doc._.argmap_entity_info or {})
        for span in ents + concepts:
            if span.id_ in self._info:
                info[span.id_] = self._info[span.id_]
                if span.id_.startswith("seat:") and self._info[span.id_][2] in self._info:
                    target = self._info[span.id_][2]  # the government the seat may stand for
                    info.setdefault(target, self._info[target])
            elif span.label_ == "CONCEPT" and span.id_ not in info:  # a user's or a Doc's target
                info[span.id_] = (getattr(self, "_doc_labels", {}).get(span.id_, span.text),
                                  "concept", "")
        # a capital may stand for its government: keep that label at hand
        for i in find_tokens(doc, frozenset(CAPITALS)):
            tok = doc[i]
            if tok.text in CAPITALS:
                target = _METONYM_IDS.get(tok.text) or f"country:{CAPITALS[tok.text]}"
                if target in self._info:
                    info.setdefault(target, self._info[target])
        doc._.argmap_entity_info = info

    # -- serialisation -------------------------------------------------
    def _rows(self) -> list[dict[str, Any]]:
        return self.entity_patterns + self.concept_patterns

    def _load_rows(self, rows: list[dict[str, Any]]) -> None:
        self.entity_patterns, self.concept_patterns, self._info = [], [], {}
        self._forms = set()
        self._ent_matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self._concept_matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self._user = set()
        self.add_patterns(rows)

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return "\n".join(json.dumps(r, ensure_ascii=False) for r in self._rows()).encode("utf8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "EntityPatterns":
        self._load_rows([json.loads(line) for line in data.decode("utf8").splitlines() if line])
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "patterns.jsonl").write_bytes(self.to_bytes())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "EntityPatterns":
        return self.from_bytes((Path(path) / "patterns.jsonl").read_bytes())
