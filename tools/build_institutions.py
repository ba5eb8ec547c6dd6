"""Build src/argmap/data/institutions.tsv from the ``swot`` package (MIT).

Usage::

    python tools/build_institutions.py            # or: make institutions

swot keeps one file per academic domain (``uk/ac/ox.txt`` holds
"University of Oxford"); the domain gives the country (``.uk`` -> GB,
``.edu`` -> US, generic ``.org``/``.net`` -> unknown). The table keeps names
that can be matched safely in running text:

* at least two words, one of them an institution word (University, College,
  Institute, School, Hospital, Academy, Universität, Université, ...);
* at least one word that is not generic ("National University", "Medical
  College" or "State University" alone are refused);
* no digits, no brackets, at most 12 words.

Names are matched case-sensitively as whole phrases, so a university called
"Union" or "Reading" never fires on the common words; "University of
Reading" does. Output: ``name<TAB>ISO alpha-2`` per line, sorted, deduplicated
(a name under two domains keeps the first country in sort order), with a
third column of spaCy tokens (space-separated) when they differ from the
name's words, so loading needs no tokenizer.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "argmap" / "data" / "institutions.tsv"

INSTITUTION_WORDS = frozenset("""
University College Institute Institution School Hospital Academy Polytechnic Conservatory
Conservatoire Seminary Clinic Universität Universitat Université Universite Universidad
Universidade Università Universiteit Universitet Uniwersytet Hochschule Fachhochschule Institut
Instituto Istituto Politecnico Politécnica Escuela Escola École Ecole Akademie Akademia
""".split())
GENERIC = frozenset("""
of the and for in at de la le des du di del da do das dos und für fur y e et & - a an
University College Institute School Academy Polytechnic National State Community Technical
Technology Medical Medicine Public International Central City Open Federal Royal Higher
Education Science Sciences Arts Business Management Engineering Nursing Health Law
New American European Asian African Catholic Christian Islamic
""".split()) | INSTITUTION_WORDS
GENERIC_TLDS = {"com", "org", "net", "info", "int", "mil", "gov", "biz"}
TLD_COUNTRY = {"edu": "US", "uk": "GB"}


def swot_domains() -> Path:
    """Return the folder of swot's domain files (installed under ``sys.prefix``)."""
    for base in (Path(sys.prefix), Path(sys.base_prefix)):
        path = base / "swot_lib" / "lib" / "domains"
        if path.is_dir():
            return path
    raise SystemExit("swot is not installed: pip install swot")


def country_of(rel: Path) -> str:
    tld = rel.parts[0].lower()
    if tld in TLD_COUNTRY:
        return TLD_COUNTRY[tld]
    if len(tld) == 2 and tld not in GENERIC_TLDS:
        return tld.upper()
    return ""


def keep(name: str) -> bool:
    words = name.replace(",", " ").split()
    if not 2 <= len(words) <= 12:
        return False
    if any(ch.isdigit() or ch in "()[]/|" for ch in name):
        return False
    if not any(w in INSTITUTION_WORDS for w in words):
        return False
    return any(w not in GENERIC and w[:1].isupper() for w in words)


def build(domains: Path) -> list[tuple[str, str]]:
    rows: dict[str, str] = {}
    for path in sorted(domains.rglob("*.txt")):
        country = country_of(path.relative_to(domains))
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            name = " ".join(line.split())
            if name.startswith("The "):
                name = name[4:]
            if keep(name) and name not in rows:
                rows[name] = country
    return sorted(rows.items())


def main() -> None:
    import spacy

    tokenizer = spacy.blank("en").tokenizer
    rows = build(swot_domains())
    lines = []
    for name, country in rows:
        tokens = [t.text for t in tokenizer(name)]
        extra = "\t" + " ".join(tokens) if tokens != name.split() else ""
        lines.append(f"{name}\t{country}{extra}\n")
    text = "".join(lines)
    OUT.write_text(text, encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(rows)} institutions, {len(text.encode()):,} bytes")


if __name__ == "__main__":
    main()
