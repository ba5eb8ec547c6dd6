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
LABELS = {"institution": "ORG", "org": "ORG", "country": "GPE", "region": "LOC",
          "person": "PERSON"}
#: Titles dropped from a person's name before it becomes an id ("Mr. Trump" -> person:trump).
_PERSON_TITLES = ("mr. ", "mrs. ", "ms. ", "dr. ", "mr ", "mrs ", "ms ", "dr ", "president ",
                  "senator ", "sen. ", "justice ", "judge ", "professor ", "prof. ", "sir ",
                  "dame ", "lord ", "lady ", "rep. ", "gov. ", "governor ", "minister ")

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
    mapped by label: ``PERSON`` names become ``person:<slug>`` (a title such
    as "Mr." dropped), ``GPE``/``NORP`` names of countries become
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
    if label == "PERSON":
        # a minimal person kind (issue 13): the full name minus a title
        low = text.lower()
        for title in _PERSON_TITLES:
            if low.startswith(title):
                text = text[len(title):]
                break
        text = text.removesuffix("'s").removesuffix("’s")
        slug = slugify(text)
        return f"person:{slug}" if slug and any(c.isalpha() for c in slug) else ""
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
            ents.append(Span(doc, start, end, label=LABELS.get(kind, "ORG"), span_id=key))
        ents = filter_spans(ents)
        self._doc_labels: dict[str, str] = {}
        found = [Span(doc, s, e, label="CONCEPT", span_id=vocab[m])
                 for m, s, e in self._concept_matcher(doc)]
        # a user's target is kept even where it overlaps a built-in entity or concept
        user = filter_spans([c for c in found if c.id_ in self._user] + self._doc_targets(doc))
        concepts = [c for c in found if c.id_ not in self._user
                    and not any(c.start < x.end and x.start < c.end for x in ents + user)]
        return ents, sorted(filter_spans(concepts) + user, key=lambda c: (c.start, c.end))

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
            info[span.id_] = self._info.get(span.id_) or \
                (getattr(self, "_doc_labels", {}).get(span.id_, span.text), "concept", "")
        doc._.argmap_entity_info = info

    # -- serialisation -------------------------------------------------
    def _rows(self) -> list[dict[str, Any]]:
        return self.entity_patterns + self.concept_patterns

    def _load_rows(self, rows: list[dict[str, Any]]) -> None:
        self.entity_patterns, self.concept_patterns, self._info = [], [], {}
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
