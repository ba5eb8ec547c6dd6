"""Support and attack links between argumentative units.

:class:`ArgumentRelations` links every claim to the major claim and every
premise to the claim it most likely backs (the nearest claim in the same
paragraph, else the major claim), choosing among candidates by lexical
overlap and distance. A link is an attack when the source concedes or
reports an opposing view ("admittedly", "critics argue"), when it rebuts a
conceded unit ("however" right after a concession), or when the two units
take opposite stances toward a shared target.
"""
from __future__ import annotations

import math
from typing import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span

from .cues import CONCESSION_CUES, CONTRAST_STARTS, cue_score
from .extensions import UNITS_KEY, register_extensions

__all__ = ["ArgumentRelations", "overlap"]

_STOP = frozenset("""a an the and or but of to in on at for with by from as is are was were be been
being it its this that these those there their they them he she we you i my our your not no
do does did have has had will would can could should must may might just only also than then
so if what which who whom how why when where more most very""".split())


def _content(span: Span) -> set[str]:
    return {(t.lemma_ or t.lower_).lower() for t in span
            if t.is_alpha and t.lower_ not in _STOP and len(t) > 2}


def overlap(a: Span, b: Span) -> float:
    """Jaccard overlap of the content words (lemmas where available) of two spans."""
    ca, cb = _content(a), _content(b)
    if not ca or not cb:
        return 0.0
    return len(ca & cb) / len(ca | cb)


def _starts_with(text: str, openings: tuple[str, ...]) -> str:
    low = text.lower().lstrip("\"'(")
    for op in openings:
        if low.startswith(op) and (len(low) == len(op) or not low[len(op)].isalnum()):
            return op
    return ""


class ArgumentRelations:
    """Link units with support and attack relations.

    Args:
        nlp (Language): The pipeline.
        name (str): The component name.
        max_distance (int): Furthest a premise looks for its claim, in units.
    """

    def __init__(self, nlp: Language, name: str = "argmap_relations", *,
                 max_distance: int = 6) -> None:
        register_extensions()
        self.name = name
        self.max_distance = max_distance

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find_relations(doc))
        return doc

    def find_relations(self, doc: Doc) -> list[tuple[int, int, str, float, str]]:
        """Return ``(source_idx, target_idx, kind, confidence, marker)`` tuples."""
        units: list[Span] = list(doc.spans.get(UNITS_KEY, []))
        roles = doc._.argmap_roles or []
        if len(units) < 2 or len(roles) != len(units):
            return []
        role = [r for r, _, _ in roles]
        para = [p for _, _, p in roles]
        major = next((i for i, r in enumerate(role) if r == "major_claim"), None)
        stance = self._stance_by_unit(doc)
        out = []
        attacked_prev = False
        for i, r in enumerate(role):
            if r not in ("claim", "premise"):
                attacked_prev = False
                continue
            target = self._target(i, role, para, major, units)
            if target is None:
                continue
            text = units[i].text
            kind, marker = "support", ""
            concession, found = cue_score(text, CONCESSION_CUES)
            contrast = _starts_with(text, CONTRAST_STARTS)
            if concession >= 1.0:
                kind, marker = "attack", found[0]
            elif contrast and attacked_prev and i > 0:
                target, kind, marker = i - 1, "attack", contrast
            elif self._opposed(stance.get(i, {}), stance.get(target, {})):
                kind, marker = "attack", "opposite stance"
            sim = overlap(units[i], units[target])
            conf = 0.45 + 0.25 * bool(marker) + 0.3 * math.sqrt(sim)
            out.append((i, target, kind, round(min(conf, 0.99), 3), marker))
            attacked_prev = kind == "attack" and marker != "opposite stance" and bool(concession)
        return out

    def _target(self, i: int, role: list[str], para: list[int], major: int | None,
                units: list[Span]) -> int | None:
        if role[i] == "claim":
            return major if major is not None and major != i else None
        claims = [k for k, r in enumerate(role)
                  if r in ("claim", "major_claim") and k != i and para[k] == para[i]
                  and abs(k - i) <= self.max_distance]
        if not claims:
            return major if major is not None and major != i else None
        return max(claims, key=lambda k: (overlap(units[i], units[k]) - 0.05 * abs(k - i)
                                          + (0.05 if k < i else 0.0), -abs(k - i)))

    @staticmethod
    def _stance_by_unit(doc: Doc) -> dict[int, dict[str, float]]:
        out: dict[int, dict[str, float]] = {}
        for row in doc._.argmap_stances or []:
            out.setdefault(row[0], {})[row[1]] = row[5]
        return out

    @staticmethod
    def _opposed(a: dict[str, float], b: dict[str, float]) -> bool:
        return any(a[t] * b[t] < -0.09 for t in a.keys() & b.keys())

    def set_annotations(self, doc: Doc, relations: Iterable[tuple]) -> None:
        """Store relations in ``doc._.argmap_relations``."""
        doc._.argmap_relations = list(relations)
