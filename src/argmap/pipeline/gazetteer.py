"""Built-in patterns: institutions, organisations, countries, regions, concepts.

Each pattern is a plain dict, the same shape the entity component writes to
JSONL::

    {"id": "institution:harvard", "label": "Harvard University",
     "kind": "institution", "country": "country:US",
     "patterns": ["Harvard", "Harvard University"]}

Entity patterns match case-sensitively on ``ORTH`` (so the pronoun "us" is
not the US); concept patterns match on ``LOWER``.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

__all__ = ["default_entity_patterns", "default_concept_patterns", "institution_table",
           "DEMONYMS", "GIVEN_NAMES", "SEATS", "slugify"]

_INSTITUTIONS: list[tuple[str, str, str, list[str]]] = [
    # id, label, ISO country, surface forms
    ("harvard", "Harvard University", "US", ["Harvard", "Harvard University", "Harvard Medical School"]),
    ("oxford", "University of Oxford", "GB", ["Oxford", "University of Oxford", "Oxford University"]),
    ("stanford", "Stanford University", "US", ["Stanford", "Stanford University", "Stanford Medicine"]),
    ("karolinska-institutet", "Karolinska Institutet", "SE",
     ["Karolinska Institutet", "Karolinska Institute", "Karolinska"]),
    ("cambridge", "University of Cambridge", "GB", ["Cambridge", "University of Cambridge", "Cambridge University"]),
    ("johns-hopkins", "Johns Hopkins University", "US",
     ["Johns Hopkins", "Johns Hopkins University"]),
    ("ucl", "University College London", "GB", ["UCL", "University College London"]),
    ("imperial-college-london", "Imperial College London", "GB", ["Imperial College London", "Imperial College"]),
    ("kings-college-london", "King's College London", "GB", ["King's College London"]),
    ("edinburgh", "University of Edinburgh", "GB", ["University of Edinburgh", "Edinburgh University"]),
    ("yale", "Yale University", "US", ["Yale", "Yale University"]),
    ("mit", "Massachusetts Institute of Technology", "US", ["MIT", "Massachusetts Institute of Technology"]),
    ("ucsf", "University of California, San Francisco", "US", ["UCSF", "University of California, San Francisco"]),
    ("ucla", "University of California, Los Angeles", "US", ["UCLA"]),
    ("columbia", "Columbia University", "US", ["Columbia University"]),
    ("penn", "University of Pennsylvania", "US", ["University of Pennsylvania", "UPenn"]),
    ("duke", "Duke University", "US", ["Duke University"]),
    ("mayo-clinic", "Mayo Clinic", "US", ["Mayo Clinic"]),
    ("toronto", "University of Toronto", "CA", ["University of Toronto"]),
    ("mcgill", "McGill University", "CA", ["McGill", "McGill University"]),
    ("melbourne", "University of Melbourne", "AU", ["University of Melbourne"]),
    ("sydney", "University of Sydney", "AU", ["University of Sydney"]),
    ("tokyo", "University of Tokyo", "JP", ["University of Tokyo"]),
    ("nus", "National University of Singapore", "SG", ["National University of Singapore", "NUS"]),
    ("peking", "Peking University", "CN", ["Peking University"]),
    ("tsinghua", "Tsinghua University", "CN", ["Tsinghua", "Tsinghua University"]),
    ("eth-zurich", "ETH Zurich", "CH", ["ETH Zurich", "ETH Zürich"]),
    ("charite", "Charité – Universitätsmedizin Berlin", "DE", ["Charité", "Charite"]),
    ("heidelberg", "Heidelberg University", "DE", ["Heidelberg University", "University of Heidelberg"]),
    ("ku-leuven", "KU Leuven", "BE", ["KU Leuven"]),
    ("sorbonne", "Sorbonne University", "FR", ["Sorbonne", "Sorbonne University"]),
    ("amsterdam", "University of Amsterdam", "NL", ["University of Amsterdam"]),
    ("copenhagen", "University of Copenhagen", "DK", ["University of Copenhagen"]),
    ("makerere", "Makerere University", "UG", ["Makerere", "Makerere University"]),
    ("cape-town", "University of Cape Town", "ZA", ["University of Cape Town", "UCT"]),
    ("witwatersrand", "University of the Witwatersrand", "ZA", ["University of the Witwatersrand"]),
    ("aiims", "All India Institute of Medical Sciences", "IN",
     ["All India Institute of Medical Sciences", "AIIMS"]),
    ("sao-paulo", "University of São Paulo", "BR", ["University of São Paulo", "University of Sao Paulo", "USP"]),
    ("nairobi", "University of Nairobi", "KE", ["University of Nairobi"]),
    ("ibadan", "University of Ibadan", "NG", ["University of Ibadan"]),
]

_ORGANISATIONS: list[tuple[str, str, str, list[str]]] = [
    ("qs", "QS Quacquarelli Symonds", "GB",
     ["QS", "Quacquarelli Symonds", "QS World University Rankings"]),
    ("times-higher-education", "Times Higher Education", "GB", ["Times Higher Education"]),
    ("us-news", "U.S. News & World Report", "US", ["U.S. News", "US News", "U.S. News & World Report"]),
    ("arwu", "Academic Ranking of World Universities", "CN",
     ["ARWU", "Shanghai Ranking", "ShanghaiRanking", "Academic Ranking of World Universities"]),
    ("nih", "National Institutes of Health", "US", ["NIH", "National Institutes of Health"]),
    ("wellcome-trust", "Wellcome Trust", "GB", ["Wellcome Trust", "Wellcome"]),
    ("gates-foundation", "Bill & Melinda Gates Foundation", "US",
     ["Gates Foundation", "Bill & Melinda Gates Foundation"]),
    ("who", "World Health Organization", "", ["WHO", "World Health Organization", "World Health Organisation"]),
    ("nhs", "National Health Service", "GB", ["NHS", "National Health Service"]),
    ("ukri", "UK Research and Innovation", "GB", ["UKRI", "UK Research and Innovation"]),
    ("mrc", "Medical Research Council", "GB", ["Medical Research Council"]),
    ("european-commission", "European Commission", "", ["European Commission"]),
    ("horizon-europe", "Horizon Europe", "", ["Horizon Europe"]),
    ("erc", "European Research Council", "", ["European Research Council"]),
    ("european-union", "European Union", "", ["European Union", "EU"]),
    ("oecd", "OECD", "", ["OECD"]),
    ("world-bank", "World Bank", "", ["World Bank"]),
    ("unesco", "UNESCO", "", ["UNESCO"]),
    ("wfme", "World Federation for Medical Education", "", ["World Federation for Medical Education", "WFME"]),
]

# Country aliases beyond what pycountry knows (names are added from pycountry).
_COUNTRY_ALIASES: dict[str, list[str]] = {
    "US": ["US", "U.S.", "U.S", "USA", "U.S.A.", "United States", "United States of America", "America"],
    "GB": ["UK", "U.K.", "United Kingdom", "Britain", "Great Britain", "England", "Scotland", "Wales"],
    "KR": ["South Korea", "Korea"],
    "RU": ["Russia"],
    "IR": ["Iran"],
    "VN": ["Vietnam"],
    "TW": ["Taiwan"],
    "CZ": ["Czech Republic", "Czechia"],
    "NL": ["Netherlands", "Holland"],
    "TR": ["Turkey", "Türkiye"],
    "AE": ["UAE", "U.A.E.", "United Arab Emirates"],
    "CI": ["Ivory Coast", "Côte d'Ivoire"],
    "MM": ["Burma", "Myanmar"],
    "SZ": ["Swaziland", "Eswatini"],
    "CV": ["Cape Verde"],
    "TL": ["East Timor", "Timor-Leste"],
    "BN": ["Brunei"],
    "MK": ["North Macedonia", "Macedonia"],
    "VA": ["Vatican", "Holy See"],
    "PS": ["Palestine"],
    "LA": ["Laos"],
    "CD": ["DR Congo", "DRC", "Democratic Republic of the Congo"],
}

#: Demonyms and adjectives that refer to a country ("Emirati" -> AE), for
#: every country with a common unambiguous one (curated; "Congolese",
#: "Guinean" and "Korean" name more than one country and are left out).
#: Plurals are added by :func:`_demonym_forms` ("Kenyan" -> "Kenyans").
_DEMONYM_TABLE = """
AF Afghan; AL Albanian; DZ Algerian; AD Andorran; AO Angolan; AG Antiguan; AR Argentine Argentinian;
AM Armenian; AU Australian; AT Austrian; AZ Azerbaijani Azeri; BS Bahamian; BH Bahraini;
BD Bangladeshi; BB Barbadian Bajan; BY Belarusian; BE Belgian; BZ Belizean; BJ Beninese; BT Bhutanese;
BO Bolivian; BA Bosnian; BW Botswanan Motswana Batswana; BR Brazilian; BN Bruneian; BG Bulgarian;
BF Burkinabe Burkinabè; BI Burundian; KH Cambodian; CM Cameroonian; CA Canadian; CV Cape_Verdean;
CF Central_African; TD Chadian; CL Chilean; CN Chinese; CO Colombian; KM Comoran Comorian;
CR Costa_Rican; CI Ivorian; HR Croatian Croat; CU Cuban; CY Cypriot; CZ Czech; DK Danish Dane;
DJ Djiboutian; DO Dominican; EC Ecuadorian Ecuadorean; EG Egyptian; SV Salvadoran Salvadorean;
GQ Equatoguinean; ER Eritrean; EE Estonian; SZ Swazi; ET Ethiopian; FJ Fijian; FI Finnish Finns;
FR French Frenchman Frenchwoman; GA Gabonese; GM Gambian; GE Georgian; DE German; GH Ghanaian;
GR Greek; GD Grenadian; GT Guatemalan; GY Guyanese; HT Haitian; HN Honduran; HK Hongkonger;
HU Hungarian; IS Icelandic Icelander; IN Indian; ID Indonesian; IR Iranian; IQ Iraqi; IE Irish;
IL Israeli; IT Italian; JM Jamaican; JP Japanese; JO Jordanian; KZ Kazakh Kazakhstani; KE Kenyan;
KI I-Kiribati; KW Kuwaiti; KG Kyrgyz; LA Lao Laotian; LV Latvian; LB Lebanese; LS Basotho Mosotho;
LR Liberian; LY Libyan; LI Liechtensteiner; LT Lithuanian; LU Luxembourgish Luxembourger;
MG Malagasy; MW Malawian; MY Malaysian; MV Maldivian; ML Malian; MT Maltese; MH Marshallese;
MR Mauritanian; MU Mauritian; MX Mexican; FM Micronesian; MD Moldovan; MC Monegasque; MN Mongolian;
ME Montenegrin; MA Moroccan; MZ Mozambican; MM Burmese; NA Namibian; NR Nauruan; NP Nepali Nepalese;
NL Dutch Dutchman Dutchwoman; NZ New_Zealander; NI Nicaraguan; NE Nigerien; NG Nigerian;
KP North_Korean; MK North_Macedonian Macedonian; NO Norwegian; OM Omani; PK Pakistani; PW Palauan;
PS Palestinian; PA Panamanian; PG Papua_New_Guinean; PY Paraguayan; PE Peruvian; PH Filipino Filipina Philippine;
PL Polish Poles; PT Portuguese; PR Puerto_Rican; QA Qatari; RO Romanian; RU Russian; RW Rwandan;
KN Kittitian; LC Saint_Lucian; VC Vincentian; WS Samoan; SM Sammarinese; ST Santomean; SA Saudi Saudi_Arabian;
SN Senegalese; RS Serbian Serb; SC Seychellois; SL Sierra_Leonean; SG Singaporean; SK Slovak Slovakian;
SI Slovenian Slovene; SB Solomon_Islander; SO Somali Somalian; ZA South_African; KR South_Korean;
SS South_Sudanese; ES Spanish Spaniard; LK Sri_Lankan; SD Sudanese; SR Surinamese; SE Swedish Swede;
CH Swiss; SY Syrian; TW Taiwanese; TJ Tajik Tajikistani; TZ Tanzanian; TH Thai; TL Timorese; TG Togolese;
TO Tongan; TT Trinidadian Tobagonian; TN Tunisian; TR Turkish Turk; TM Turkmen; TV Tuvaluan; UG Ugandan;
UA Ukrainian; AE Emirati; GB British Briton English Englishman Englishwoman Scottish Scot Welsh;
US American; UY Uruguayan; UZ Uzbek Uzbekistani; VU Vanuatuan Ni-Vanuatu; VE Venezuelan; VN Vietnamese;
YE Yemeni; ZM Zambian; ZW Zimbabwean; GL Greenlandic Greenlander; GI Gibraltarian; VA Vatican
"""

_NO_PLURAL = frozenset("Lao Motswana Batswana Basotho Mosotho Malagasy I-Kiribati Ni-Vanuatu Kyrgyz "
                       "Turkmen Swiss Philippine Vatican Poles Finns Burkinabè".split())


def _demonym_forms(word: str) -> list[str]:
    """A demonym and its plural (``"Kenyan"`` -> ``["Kenyan", "Kenyans"]``).

    >>> _demonym_forms("Dutchman"), _demonym_forms("Swiss"), _demonym_forms("New Zealander")
    (['Dutchman', 'Dutchmen'], ['Swiss'], ['New Zealander', 'New Zealanders'])
    """
    if word in _NO_PLURAL or word.endswith(("ese", "sh", "ch", "ss", "ic")):
        return [word]
    if word.endswith("man"):
        return [word, word[:-3] + "men"]
    return [word, word + "s"]


def _demonyms() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for entry in _DEMONYM_TABLE.split(";"):
        code, *words = entry.split()
        out[code] = [f for w in words for f in _demonym_forms(w.replace("_", " "))]
    return out


#: ``{ISO alpha-2: [demonyms and adjectives]}`` (``"AE": ["Emirati", "Emiratis"]``).
DEMONYMS: dict[str, list[str]] = _demonyms()

#: Common given names (curated, many languages): an ORG-labelled name that
#: begins with one ("Helena Brandt") reads as a person.
GIVEN_NAMES = frozenset("""
Aaron Abdul Abdullah Abigail Ada Adam Adrian Ahmad Ahmed Aisha Alan Albert Alberto Alejandro Alex
Alexander Alexandra Alexei Alfred Ali Alice Alicia Alison Amanda Amina Amir Amy Ana Andrea Andreas
Andrew Andrei Andrzej Angela Angelo Ann Anna Anne Annette Anthony Antonio Anton Ashok Aziz Barack
Barbara Bernard Bernd Bill Bob Boris Brian Bruno Carl Carla Carlos Carmen Caroline Catherine Charles
Charlotte Chen Chinedu Chloe Chris Christian Christina Christine Christopher Claire Claudia Colin Daniel
Daniela David Deborah Dennis Diana Diego Dmitri Dmitry Donald Edward Elena Elizabeth Ellen Emily Emma
Emmanuel Emeka Eric Erik Eva Fatima Fatma Felix Fernando Francesca Francesco Francis Frank Franz
François Friedrich Gabriel Gabriela George Georg Gerhard Giorgia Giovanni Giuseppe Grace Gregory
Guillaume Gustav Hamid Hannah Hans Hassan Heinrich Helen Helena Henri Henry Hiroshi Hugo Ian Ibrahim
Ilya Imran Ingrid Irene Isabel Isabella Ivan Jack Jacob Jacques Jakub James Jan Jane Janet Jean Jennifer
Jerome Jessica Joan Joanna Johan Johann Johannes John Jonathan Jorge Jose José Joseph Juan Julia
Julian Julie Jürgen Karen Karim Karl Katarzyna Kate Katherine Kemi Kenji Kevin Khalid Kofi Kwame Lars
Laura Lauren Leila Leo Li Linda Lisa Louis Louise Lucas Lucia Luis Luigi Lukas Mahmoud Malik Manuel
Marc Marco Margaret Maria Marie Marina Mario Mark Marta Martin Mary Matteo Matthew Mehmet Michael
Michel Michelle Miguel Mikhail Mohamed Mohammad Mohammed Moncef Muhammad Mustafa Nadia Naomi Narendra
Natalia Natasha Nathan Nicholas Nicola Nicolas Nikolai Nina Nkechi Noah Nora Olaf Olga Oliver Olivia
Omar Oscar Pablo Paolo Pat Patricia Patrick Paul Paula Pedro Peter Philip Philippe Pierre Pietro
Rachel Rahul Raj Rajesh Ramon Rashid Rebecca Recep Richard Robert Roberto Rosa Ruth Ryan Sadiq Salma
Samuel Sandra Sarah Sergei Sergey Simon Sofia Sophie Stefan Stephen Steven Stuart Susan Sven Takeshi
Thomas Tim Timothy Tom Tomasz Valentina Vera Victor Viktor Vladimir Walter Wei William Wolfgang
Xavier Xi Yasmin Yusuf Yuki Yuri Zainab Zeynep Zhang
Napoleon Winston Otto Abraham Theodore Franklin Woodrow Ulysses Horatio
""".split())

#: Seats of government that stand for it ("Downing Street said ..."):
#: matched as patterns with the id ``seat:<form>``; :func:`argmap.pipeline.entities.canonical_id`
#: gives them the government's id only in a governmental context.
SEATS: dict[str, str] = {
    "Downing Street": "country:GB", "Whitehall": "country:GB", "Kremlin": "country:RU",
    "White House": "country:US", "Élysée": "country:FR", "Elysee": "country:FR",
    "Élysée Palace": "country:FR", "Zhongnanhai": "country:CN", "Berlaymont": "org:european-union",
}

_REGIONS: list[tuple[str, str, list[str]]] = [
    ("north-america", "North America", ["North America", "North American"]),
    ("europe", "Europe", ["Europe", "European"]),
    ("africa", "Africa", ["Africa", "African", "sub-Saharan Africa"]),
    ("asia", "Asia", ["Asia", "Asian"]),
    ("latin-america", "Latin America", ["Latin America", "Latin American", "South America"]),
    ("global-south", "Global South", ["Global South", "global South"]),
    ("nordic", "Nordic countries", ["Nordic", "Scandinavia", "Scandinavian"]),
]

_CONCEPTS: list[tuple[str, list[str]]] = [
    ("rankings", ["ranking", "rankings", "league table", "league tables", "ranking tables",
                  "scorecard", "scorecards", "ranked", "top-ranked"]),
    ("prestige", ["prestige", "prestigious", "reputation", "reputations", "elite",
                  "top-tier names", "big names", "brand name", "brand names", "name recognition",
                  "pedigree"]),
    ("research-funding", ["research funding", "funding", "funders", "funder", "grants",
                          "grant money", "research money", "research budgets"]),
    ("student-outcomes", ["student outcomes", "outcomes", "graduate outcomes", "learning outcomes"]),
    ("clinical-training", ["clinical training", "clinical rotations", "clinical rotation",
                           "clerkship", "clerkships", "residency", "residencies", "clinical volume"]),
    ("mentorship", ["mentorship", "mentors", "mentor", "mentoring"]),
    ("international-collaboration", ["international collaboration", "international collaborations",
                                     "cross-border collaboration", "global collaboration",
                                     "collaboration", "collaborations", "partnerships", "partnership"]),
    ("research-output", ["research output", "citations", "citation impact", "papers",
                         "publications", "research intensity"]),
    ("artificial-intelligence", ["ai", "artificial intelligence", "ai-assisted diagnostics",
                                 "machine learning"]),
    ("medical-education", ["medical education", "medical school", "medical schools",
                           "curriculum", "curricula", "medical training"]),
    ("patient-care", ["patient care", "patients", "patient outcomes"]),
    ("equity", ["inequality", "inequalities", "equity", "access", "fairness", "diversity"]),
    ("employability", ["employability", "employers", "careers", "career"]),
]


def _slug(text: str) -> str:
    out = "".join(ch.lower() if ch.isalnum() else "-" for ch in text)
    return "-".join(p for p in out.split("-") if p)


@lru_cache(maxsize=1)
def _country_patterns() -> tuple[dict[str, Any], ...]:
    import pycountry

    rows: list[dict[str, Any]] = []
    for c in pycountry.countries:
        code = c.alpha_2
        forms = {c.name}
        for attr in ("common_name", "official_name"):
            val = getattr(c, attr, None)
            if val:
                forms.add(val)
        forms.update(_COUNTRY_ALIASES.get(code, []))
        forms.update(DEMONYMS.get(code, []))
        # pycountry names such as "Korea, Republic of" are not how people write.
        forms = {f for f in forms if "," not in f}
        label = getattr(c, "common_name", None) or c.name
        rows.append({"id": f"country:{code}", "label": label, "kind": "country",
                     "country": f"country:{code}", "patterns": sorted(forms)})
    return tuple(rows)


@lru_cache(maxsize=1)
def institution_table() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """``(name, ISO alpha-2 or "", spaCy tokens)`` for the universities of ``data/institutions.tsv``.

    Built from the ``swot`` package by ``tools/build_institutions.py``; every
    name has two or more words, one of them University, College, Institute...
    """
    from importlib.resources import files

    try:
        text = files("argmap").joinpath("data/institutions.tsv").read_text(encoding="utf-8")
    except OSError:
        return ()
    rows = []
    for line in text.splitlines():
        name, _, rest = line.partition("\t")
        country, _, tokens = rest.partition("\t")
        if name:
            rows.append((name, country.strip(), tuple(tokens.split() or name.split())))
    return tuple(rows)


def default_entity_patterns() -> list[dict[str, Any]]:
    """Return the built-in entity patterns (institutions, organisations, countries, regions).

    The thousands of :func:`institution_table` names are not in this list:
    :class:`argmap.pipeline.entities.EntityPatterns` matches them from the
    table directly (``institution:<slug>``), after the curated patterns.
    """
    rows: list[dict[str, Any]] = []
    for key, label, country, forms in _INSTITUTIONS:
        rows.append({"id": f"institution:{key}", "label": label, "kind": "institution",
                     "country": f"country:{country}" if country else "", "patterns": forms})
    for key, label, country, forms in _ORGANISATIONS:
        rows.append({"id": f"org:{key}", "label": label, "kind": "org",
                     "country": f"country:{country}" if country else "", "patterns": forms})
    rows.extend(dict(r) for r in _country_patterns())
    for form, target in SEATS.items():
        rows.append({"id": f"seat:{slugify(form)}", "label": form, "kind": "seat",
                     "country": target, "patterns": [form]})
    for key, label, forms in _REGIONS:
        rows.append({"id": f"region:{key}", "label": label, "kind": "region",
                     "country": "", "patterns": forms})
    return rows


def default_concept_patterns() -> list[dict[str, Any]]:
    """Return the built-in concept patterns (matched case-insensitively)."""
    return [{"id": f"concept:{key}", "label": key.replace("-", " "), "kind": "concept",
             "country": "", "patterns": forms} for key, forms in _CONCEPTS]


@lru_cache(maxsize=4096)
def slugify(text: str) -> str:
    """Return a lower-case ASCII-ish slug for ids (``"Karolinska Institutet"`` -> ``"karolinska-institutet"``).

    Cached: the same names are slugged in every article.
    """
    return _slug(text)
