"""Plain, frozen records: the single hand-off from spaCy to everything else.

Records hold only ``str``, ``int``, ``float``, ``bool`` and tuples of
records, and carry stable ids:

* unit ids are ``"<article_id>:<char_start>"``;
* entity ids are canonical, such as ``"country:US"`` or ``"institution:harvard"``;
* concept ids look like ``"concept:rankings"``.

:func:`article_to_dict` and :func:`article_from_dict` convert an
:class:`Article` to and from JSON-ready dicts without touching files.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any, Iterable

__all__ = [
    "major_claim_of",
    "Unit",
    "Entity",
    "Mention",
    "Relation",
    "Stance",
    "AuthorStance",
    "Article",
    "SCHEMA_VERSION",
    "article_to_dict",
    "article_from_dict",
]

SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class Unit:
    """An argumentative unit (a sentence or a clause)."""

    id: str
    article_id: str
    start: int
    end: int
    text: str
    role: str
    confidence: float
    sentence: int
    paragraph: int
    #: Discourse prefix left out of the span ("In conclusion", "I think that").
    prefix: str = ""


@dataclass(frozen=True, slots=True)
class Entity:
    """A target named in an article, merged over all its mentions."""

    id: str
    label: str
    kind: str
    country: str
    mention_count: int
    surface_forms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of an entity or concept in the text."""

    id: str
    article_id: str
    target: str
    unit_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Relation:
    """A support or attack link from one unit to another."""

    id: str
    article_id: str
    source: str
    target: str
    kind: str
    confidence: float
    marker: str


@dataclass(frozen=True, slots=True)
class Stance:
    """The stance one unit takes toward one target."""

    id: str
    article_id: str
    unit_id: str
    target: str
    polarity: str
    score: float
    confidence: float
    negated: bool
    cue: str
    #: Whose stance this is: ``""`` for the author, else the speaker a
    #: reported view is attributed to (an entity id, or a phrase like "critics").
    speaker: str = ""


@dataclass(frozen=True, slots=True)
class AuthorStance:
    """The author's stance toward a target, aggregated over sentences."""

    article_id: str
    target: str
    polarity: str
    score: float
    n_pro: int
    n_con: int
    n_neutral: int
    #: Ids of the units whose stances produced this one, strongest first.
    evidence: tuple[str, ...] = ()


def major_claim_of(units: Iterable[Unit]) -> Unit | None:
    """The most confident of ``units`` with the ``major_claim`` role, the first
    on a tie (``units`` in text order), or ``None``.

    >>> a = Unit("a:0", "a", 0, 5, "A.", "major_claim", 0.6, 0, 0)
    >>> b = Unit("a:9", "a", 9, 12, "B.", "major_claim", 0.8, 1, 1)
    >>> major_claim_of([a, b]).id, major_claim_of([a]).id, major_claim_of([])
    ('a:9', 'a:0', None)
    """
    best = None
    for unit in units:
        if unit.role == "major_claim" and (best is None or unit.confidence > best.confidence):
            best = unit
    return best


@dataclass(frozen=True, slots=True)
class Article:
    """Everything argmap extracted from one text."""

    id: str
    title: str
    source: str
    sha256: str
    text: str
    units: tuple[Unit, ...] = ()
    entities: tuple[Entity, ...] = ()
    mentions: tuple[Mention, ...] = ()
    relations: tuple[Relation, ...] = ()
    stances: tuple[Stance, ...] = ()
    author_stances: tuple[AuthorStance, ...] = ()
    model: str = ""
    #: Metadata of the source, where known (web pages, corpus rows): byline,
    #: publication date (as given, ISO 8601 when the page says so), site name, URL.
    author: str = ""
    date: str = ""
    site: str = ""
    url: str = ""

    @property
    def major_claim(self) -> Unit | None:
        """The unit with the ``major_claim`` role, if any.

        Essays mark the thesis and its restatements ``major_claim``; this is
        the most confident of them (the first on a tie), and the others are
        :attr:`restatements`.
        """
        return major_claim_of(self.units)

    @property
    def restatements(self) -> tuple[Unit, ...]:
        """Units marked ``major_claim`` other than :attr:`major_claim` (in text order)."""
        major = self.major_claim
        return tuple(u for u in self.units if u.role == "major_claim" and u is not major)

    def unit(self, unit_id: str) -> Unit:
        """Return the unit with ``unit_id``; raise ``KeyError`` if absent."""
        for unit in self.units:
            if unit.id == unit_id:
                return unit
        raise KeyError(unit_id)


_CHILDREN = {
    "units": Unit,
    "entities": Entity,
    "mentions": Mention,
    "relations": Relation,
    "stances": Stance,
    "author_stances": AuthorStance,
}


def article_to_dict(article: Article) -> dict[str, Any]:
    """Return a JSON-ready dict of ``article`` (tuples become lists)."""
    data = asdict(article)
    data["schema_version"] = SCHEMA_VERSION
    return data


#: Record fields that hold tuples of strings (lists in JSON).
_TUPLE_FIELDS = ("surface_forms", "evidence")


def _child(cls: type, raw: dict[str, Any]) -> Any:
    names = {f.name for f in fields(cls)}
    kwargs = {k: v for k, v in raw.items() if k in names}
    for name in _TUPLE_FIELDS:
        if name in kwargs:
            kwargs[name] = tuple(kwargs[name])
    return cls(**kwargs)


def article_from_dict(data: dict[str, Any]) -> Article:
    """Build an :class:`Article` from :func:`article_to_dict` output."""
    kwargs: dict[str, Any] = {}
    for f in fields(Article):
        if f.name not in data:
            continue
        if f.name in _CHILDREN:
            kwargs[f.name] = tuple(_child(_CHILDREN[f.name], r) for r in data[f.name])
        else:
            kwargs[f.name] = data[f.name]
    return Article(**kwargs)
