"""Entity and concept patterns that run ahead of the statistical NER.

:class:`EntityPatterns` matches institutions, organisations, countries,
regions (case-sensitive, on ``ORTH``) and concepts (on ``LOWER``). Matched
entities go into ``doc.ents`` with the canonical id in ``span.id_``; because
the component sits before ``ner``, the NER keeps them (so "Oxford" is an
institution and "QS" an organisation). Concepts go into
``doc.spans["argmap_concepts"]``.

:func:`canonical_id` gives any entity span an id, falling back on NER labels
and pycountry for entities that no pattern knows.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .extensions import CONCEPTS_KEY, register_extensions
from .gazetteer import DEMONYMS, default_concept_patterns, default_entity_patterns, slugify

__all__ = ["EntityPatterns", "canonical_id", "entity_kind_of", "LABELS"]

#: spaCy entity label for each argmap entity kind.
LABELS = {"institution": "ORG", "org": "ORG", "country": "GPE", "region": "LOC"}

_INSTITUTION_WORDS = ("University", "College", "Institute", "Institutet", "School",
                      "Hospital", "Clinic", "Universität", "Université", "Academy")
_DEMONYM_TO_CODE = {form: code for code, forms in DEMONYMS.items() for form in forms}


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


def canonical_id(span: Span) -> str:
    """Return the canonical id of an entity span, or ``""`` if it is not a target.

    Pattern matches carry their id in ``span.id_``. Other NER entities are
    mapped by label: ``GPE``/``NORP`` names of countries become
    ``country:<ISO alpha-2>``, ``ORG`` names become ``institution:<slug>``
    (names with University, College, Institute...) or ``org:<slug>``.
    """
    if span.id_:
        return span.id_
    concepts = span.doc.spans.get(CONCEPTS_KEY, []) if span.doc.spans else []
    if any(c.start < span.end and span.start < c.end for c in concepts):
        return ""  # "the League Table" is the rankings concept, not an organisation
    text = span.text.strip()
    if text.lower().startswith("the "):
        text = text[4:]
    label = span.label_
    if label in ("GPE", "NORP"):
        code = _country_code(text)
        return f"country:{code}" if code else ""
    if label == "ORG":
        slug = slugify(text)
        if not slug:
            return ""
        if any(w in text for w in _INSTITUTION_WORDS):
            return f"institution:{slug}"
        return f"org:{slug}"
    return ""


class EntityPatterns:
    """Phrase patterns for named targets and key concepts.

    Args:
        nlp (Language): The pipeline the component belongs to.
        name (str): The component name.
        use_defaults (bool): Load the built-in gazetteer on creation.
        overwrite_ents (bool): Let pattern matches replace entities already set.
    """

    def __init__(self, nlp: Language, name: str = "argmap_entities", *,
                 use_defaults: bool = True, overwrite_ents: bool = True) -> None:
        register_extensions()
        self.nlp = nlp
        self.name = name
        self.overwrite_ents = overwrite_ents
        self.entity_patterns: list[dict[str, Any]] = []
        self.concept_patterns: list[dict[str, Any]] = []
        self._info: dict[str, tuple[str, str, str]] = {}
        self._ent_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._concept_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        if use_defaults:
            self.add_patterns(default_entity_patterns())
            self.add_patterns(default_concept_patterns())

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
                self._concept_matcher.add(key, [self.nlp.make_doc(f.lower()) for f in forms])
            else:
                self.entity_patterns.append(row)
                self._ent_matcher.add(key, [self.nlp.make_doc(f) for f in forms])

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
            ents.append(Span(doc, start, end, label=LABELS.get(kind, "ORG"), span_id=key))
        ents = filter_spans(ents)
        concepts = [Span(doc, s, e, label="CONCEPT", span_id=vocab[m])
                    for m, s, e in self._concept_matcher(doc)
                    if not any(s < x.end and x.start < e for x in ents)]
        return ents, filter_spans(concepts)

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
            info[span.id_] = self._info[span.id_]
        doc._.argmap_entity_info = info

    # -- serialisation -------------------------------------------------
    def _rows(self) -> list[dict[str, Any]]:
        return self.entity_patterns + self.concept_patterns

    def _load_rows(self, rows: list[dict[str, Any]]) -> None:
        self.entity_patterns, self.concept_patterns, self._info = [], [], {}
        self._ent_matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self._concept_matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
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
