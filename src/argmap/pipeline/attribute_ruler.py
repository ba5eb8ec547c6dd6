"""spaCy's attribute ruler with its patterns compiled into table look-ups.

spaCy's :class:`~spacy.pipeline.AttributeRuler` runs every pattern through
the generic :class:`~spacy.matcher.Matcher`, which tries each of its
patterns at each token (179 patterns in ``en_core_web_sm`` 3.8, 171 of them
one token long). :class:`CompiledAttributeRuler` is the same component (a
subclass: same patterns, serialisation and scorer) that makes the same
assignments faster: at the first call after its patterns change it compiles
them, and

* each token of a pattern whose constraints are equality
  (``{"TAG": "NN"}``), ``IN``, ``NOT_IN`` or ``REGEX`` on plain token
  attributes becomes an entry of a look-up table keyed by the values of its
  equality and ``IN`` attributes (``IN`` expands to one entry per value;
  ``NOT_IN`` and ``REGEX`` are checked after the look-up). A one-token
  pattern's rule applies to the tokens its entry matches; a longer pattern
  without operators matches where its tokens' entries match one after
  another;
* every other pattern (``OP``, comparisons, extension attributes,
  ``IN`` on ``MORPH``, an empty token) stays in a small
  :class:`~spacy.matcher.Matcher` holding just those patterns.

A token's result depends only on the attributes read, so it is cached by
their values (most tokens repeat: "the", ".", "is").

The tables read the token attributes the matcher reads (``Doc.to_array`` and the
matcher use the same C accessor; ``SENT_START``, read differently, is never
compiled), before any assignment. The assignments are applied as spaCy's
ruler applies them: every match, ordered by the rule's position in the
ruler, so a later rule's value wins where two rules set the same attribute
of one token, and an attribute no matching rule sets is left as it was.
``POS``, ``TAG``, ``MORPH``, ``LEMMA`` and ``DEP`` are written with
``Doc.from_array``, which sets the same token fields that spaCy's
``set_token_attrs`` sets (token fields only, never the shared lexeme);
every token's value is written, the unchanged ones as they were read.
``NORM`` cannot be written back that way (a token without a NORM of its
own reads its lexeme's), so it is set only on the tokens a rule sets it on.

If a rule sets anything else (an extension attribute, a lexeme attribute),
:meth:`CompiledAttributeRuler.compile` returns False and the component runs
spaCy's own code; :func:`argmap.pipeline.load.load_pipeline` swaps it in
only when it compiles, so it never changes what a pipeline assigns. spaCy's
code also runs for a Doc of another vocab and for a Doc with a value that
spaCy looks up as a string and the StringStore does not have (spaCy's ruler
fails on it or reads another StringStore).
"""
from __future__ import annotations

import itertools
import re
import warnings
from typing import Any, Callable, Optional

import numpy
from spacy.attrs import (DEP, ENT_TYPE, IDS, LEMMA, LENGTH, LOWER, MORPH, NORM, ORTH, POS, PREFIX,
                         SHAPE, SUFFIX, TAG)
from spacy.errors import Errors
from spacy.matcher import Matcher
from spacy.pipeline.attributeruler import AttributeRuler, attribute_ruler_score
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.vocab import Vocab

__all__ = ["CompiledAttributeRuler", "compiled_copy", "WRITABLE", "READABLE", "REGEX_READABLE",
           "MAX_EXPANSION"]

#: Attributes a compiled rule may set: spaCy's ``set_token_attrs`` writes
#: these to the token only, as ``Doc.from_array`` does.
WRITABLE = frozenset({POS, TAG, MORPH, LEMMA, DEP, NORM})

#: Attributes a compiled pattern may test: read by the matcher and by
#: ``Doc.to_array`` through the same accessor, plus the lexeme flags
#: (``IS_SPACE``, ``LIKE_NUM``, ... ids below 64), read as 0 or 1 by both.
READABLE = frozenset({ORTH, LOWER, NORM, SHAPE, PREFIX, SUFFIX, LENGTH, TAG, POS, MORPH, LEMMA,
                      DEP, ENT_TYPE}) | frozenset(v for k, v in IDS.items()
                                                 if 0 < v < 64 and (k.startswith(("IS_", "LIKE_"))))

#: Attributes a ``REGEX`` may test: string-valued ones, as the matcher reads them.
REGEX_READABLE = frozenset({ORTH, LOWER, NORM, SHAPE, PREFIX, SUFFIX, TAG, LEMMA, DEP, ENT_TYPE})

#: A token spec whose ``IN`` lists expand to more table entries than this stays a Matcher pattern.
MAX_EXPANSION = 4096

#: How many distinct token rows the per-row result cache keeps before it is emptied
#: (about 800 bytes each: at most about 8 MB; the 120 bench essays have 1,894).
_CACHE_SIZE = 10_000

_NOT_IN, _REGEX = 0, 1


class _Compiled:
    """The compiled form of a ruler's patterns (built by :func:`_compile`)."""

    __slots__ = ("read", "write", "write_cols", "groups", "spec_rules", "chains", "rules",
                 "sets_norm", "residual", "string_cols", "cache")

    def __init__(self, read, write, groups, spec_rules, chains, rules, residual,
                 string_cols) -> None:
        self.read = read              # attribute ids read per token (columns of to_array)
        self.write = write            # attribute ids some rule sets, but NORM (Doc.from_array)
        self.write_cols = tuple(read.index(a) for a in write)
        self.groups = groups          # [(column indices, {values: ((spec, checks), ...)})]
        self.spec_rules = spec_rules  # spec -> rules for which it is a whole one-token pattern
        self.chains = chains          # first spec -> ((rule, specs, index), ...) of longer patterns
        self.rules = rules            # rule -> ((position in write or None for NORM, value), ...)
        self.sets_norm = any(pos is None for rule in rules for pos, _ in rule)
        self.residual = residual      # Matcher of the patterns left, or None
        self.string_cols = string_cols  # columns whose values are looked up as strings
        self.cache: dict[tuple, tuple] = {}


def _token_spec(spec: Any, strings) -> Optional[tuple[dict, dict, list]]:
    """One token spec as (equal {attr: id}, in {attr: ids}, checks [(attr, kind, x)]).

    Values become ids as the matcher makes them (``_get_attr_values``,
    ``_SetPredicate``, ``_RegexPredicate``). None if the spec uses anything
    else (``OP``, extensions, other predicates, an attribute outside
    :data:`READABLE`, ``IN``/``NOT_IN`` on ``MORPH``).
    """
    if not isinstance(spec, dict) or not spec:
        return None
    equal: dict[int, Any] = {}
    member: dict[int, frozenset] = {}
    checks: list[tuple] = []
    seen: set[int] = set()
    for key, value in spec.items():
        if not isinstance(key, str):
            return None
        name = key.upper()
        name = "ORTH" if name == "TEXT" else name
        attr = IDS.get(name)
        if attr not in READABLE or attr in seen:
            return None
        seen.add(attr)
        if isinstance(value, str):
            equal[attr] = strings.add(value)
        elif isinstance(value, bool):
            equal[attr] = int(value)
        elif isinstance(value, int):
            equal[attr] = value
        elif isinstance(value, dict) and value:
            ops = set()
            for op, values in value.items():
                op = op.upper() if isinstance(op, str) else op
                if op in ops:
                    return None
                ops.add(op)
                if op == "REGEX" and isinstance(values, str) and attr in REGEX_READABLE:
                    checks.append((attr, _REGEX, re.compile(values)))
                    continue
                if op not in ("IN", "NOT_IN") or attr == MORPH or not isinstance(values, list) or \
                        not all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in values):
                    return None
                ids = frozenset(get_string_id(v) for v in values)
                if op == "IN":
                    member[attr] = ids
                else:
                    checks.append((attr, _NOT_IN, ids))
        else:
            return None
    return equal, member, checks


def _index_always_fits(pattern: Any, index: Any) -> bool:
    """Whether ``index`` is inside every match of ``pattern`` (else spaCy's ruler can fail mid-way).

    A match is never empty, so 0 and -1 always fit; other indices only in
    patterns of fixed length (no ``OP``).
    """
    if index in (0, -1):
        return True
    if not isinstance(index, int) or isinstance(index, bool) or not isinstance(pattern, list):
        return False
    if any(not isinstance(spec, dict) or any(isinstance(k, str) and k.upper() == "OP" for k in spec)
           for spec in pattern):
        return False
    return -len(pattern) <= index < len(pattern)


def _compile(ruler: AttributeRuler) -> Optional[_Compiled]:
    """Compile ``ruler``'s patterns; None if a rule sets something this cannot set."""
    strings = ruler.vocab.strings
    if not ruler.attrs:  # spaCy's ruler warns on every call; keep that
        return None
    write: list[int] = []
    for attrs in ruler.attrs:
        if not attrs or not all(isinstance(a, int) and a in WRITABLE for a in attrs):
            return None
        if not all(isinstance(v, int) and 0 <= v < 2 ** 64 for v in attrs.values()):
            return None
        if NORM in attrs and attrs[NORM] not in strings:  # written as a string: Token.norm_
            return None
        write += [a for a in attrs if a not in write and a != NORM]
    rules = tuple(tuple((None if a == NORM else write.index(a), v) for a, v in attrs.items())
                  for attrs in ruler.attrs)
    specs: dict[tuple, int] = {}       # (equal, member, checks) made hashable -> spec id
    parsed: list[tuple] = []
    spec_rules: list[list[int]] = []
    chains: dict[int, list] = {}
    residual: dict[int, list] = {}
    for rule, index in enumerate(ruler.indices):
        found = ruler.matcher.get(str(rule))
        if found is None:
            return None
        for pattern in found[1]:
            if not _index_always_fits(pattern, index):
                return None
            parts = [_token_spec(t, strings) for t in pattern] if isinstance(pattern, list) else [None]
            if not parts or any(p is None for p in parts) or any(
                    _expansion(p) > MAX_EXPANSION for p in parts):
                residual.setdefault(rule, []).append(pattern)
                continue
            ids = []
            for p in parts:
                key = (tuple(sorted(p[0].items())), tuple(sorted(p[1].items())),
                       tuple((a, k, x.pattern if k == _REGEX else x) for a, k, x in p[2]))
                if key not in specs:
                    specs[key] = len(parsed)
                    parsed.append(p)
                    spec_rules.append([])
                ids.append(specs[key])
            if len(ids) == 1:
                spec_rules[ids[0]].append(rule)
            else:
                chains.setdefault(ids[0], []).append((rule, tuple(ids), index))
    read: list[int] = []
    for equal, member, checks in parsed:
        read += [a for a in sorted(set(equal) | set(member)) if a not in read]
        read += [a for a, _, _ in checks if a not in read]
    read += [a for a in write if a not in read]
    if not read:  # only NORM is set and every pattern is left to the Matcher
        read.append(ORTH)
    # Values spaCy looks up in the StringStore: what a REGEX reads, and MORPH,
    # which Doc.from_array looks up for every token (spaCy's ruler only for those it sets).
    string_cols = sorted({read.index(a) for _, _, checks in parsed for a, k, _ in checks
                          if k == _REGEX} | ({read.index(MORPH)} if MORPH in write else set()))
    tables: dict[tuple, dict] = {}
    for spec, (equal, member, checks) in enumerate(parsed):
        keys = tuple(sorted(set(equal) | set(member)))
        choices = [[equal[a]] if a in equal else sorted(member[a]) for a in keys]
        table = tables.setdefault(tuple(read.index(a) for a in keys), {})
        col_checks = tuple((read.index(a), k, x) for a, k, x in checks)
        for values in itertools.product(*choices):
            table.setdefault(values, []).append((spec, col_checks))
    groups = tuple((cols, {k: tuple(v) for k, v in table.items()}) for cols, table in tables.items())
    matcher = None
    if residual:
        matcher = Matcher(ruler.vocab, validate=ruler.validate)
        with warnings.catch_warnings():  # the ruler's own Matcher gave them in add()
            warnings.simplefilter("ignore")
            for rule, patterns in residual.items():
                matcher.add(str(rule), patterns)
    return _Compiled(tuple(read), tuple(write), groups, tuple(tuple(r) for r in spec_rules),
                     {k: tuple(v) for k, v in chains.items()}, rules, matcher, tuple(string_cols))


def _expansion(parts: tuple) -> int:
    """How many table entries a parsed token spec expands to."""
    size = 1
    for ids in parts[1].values():
        size *= len(ids)
    return size


def _matching_specs(comp: _Compiled, row: list, strings) -> frozenset:
    """The token specs that a token with attribute values ``row`` satisfies."""
    found = set()
    for cols, table in comp.groups:
        hits = table.get(tuple([row[c] for c in cols]))
        if hits:
            for spec, checks in hits:
                for col, kind, x in checks:
                    if kind == _NOT_IN:
                        if row[col] in x:
                            break
                    elif not x.search(strings[row[col]]):
                        break
                else:
                    found.add(spec)
    return frozenset(found)


def _apply(comp: _Compiled, row: list, rules) -> tuple[tuple, Optional[int]]:
    """A token's written attributes after ``rules`` apply in the ruler's order (later rules win).

    Returns the values of :attr:`_Compiled.write` and the NORM a rule sets
    (None if none does: a token without a NORM of its own reads its
    lexeme's, so it is not written back).
    """
    values = [row[c] for c in comp.write_cols]
    norm = None
    for rule in sorted(rules):
        for pos, value in comp.rules[rule]:
            if pos is None:
                norm = value
            else:
                values[pos] = value
    return tuple(values), norm


class CompiledAttributeRuler(AttributeRuler):
    """spaCy's :class:`AttributeRuler`, with its patterns compiled into look-up tables.

    Same constructor, patterns and serialisation as spaCy's component
    (``match`` and ``set_annotations`` are spaCy's, for callers that use
    them); only calling the component differs, in how it works, not in what
    it assigns (see the module docstring). If the patterns cannot be
    compiled, calling it runs spaCy's code.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> ruler = CompiledAttributeRuler(nlp.vocab)
    >>> ruler.add([[{"LOWER": "ca"}]], {"LEMMA": "can"})
    >>> ruler.compile()
    True
    >>> [t.lemma_ for t in ruler(nlp("Ca n't"))]
    ['can', '']
    """

    def __init__(self, vocab: Vocab, name: str = "attribute_ruler", *, validate: bool = False,
                 scorer: Optional[Callable] = attribute_ruler_score) -> None:
        super().__init__(vocab, name, validate=validate, scorer=scorer)
        self._compiled: Optional[_Compiled] = None
        self._compiled_ok: Optional[bool] = None

    def clear(self) -> None:
        super().clear()
        self._compiled, self._compiled_ok = None, None

    def add(self, patterns, attrs: dict, index: int = 0) -> None:
        super().add(patterns, attrs, index)
        self._compiled, self._compiled_ok = None, None

    def compile(self) -> bool:
        """Compile the patterns now; return False if they cannot be (spaCy's code then runs)."""
        if self._compiled_ok is None:
            self._compiled = _compile(self)
            self._compiled_ok = self._compiled is not None
        return self._compiled_ok

    def __getstate__(self) -> dict:
        """Pickle without the compiled tables (a worker recompiles them at its first call)."""
        state = dict(self.__dict__)
        state["_compiled"], state["_compiled_ok"] = None, None
        return state

    @property
    def compiled(self) -> bool:
        """Whether the component runs the compiled tables (compiling now if needed)."""
        return self.compile()

    def __call__(self, doc: Doc) -> Doc:
        """Assign the rules' attributes to ``doc``'s tokens (in place) and return it.

        spaCy's code runs instead if the patterns do not compile, if ``doc``
        has another vocab, or if a value spaCy looks up as a string has none
        (spaCy's ruler fails there, or reads another StringStore).
        """
        if not self.compile() or doc.vocab is not self.vocab:
            return super().__call__(doc)
        error_handler = self.get_error_handler()
        try:
            found = self._find(doc)
            if found is None:
                return super().__call__(doc)
            self._write(doc, self._compiled.write, *found)
            return doc
        except Exception as e:
            return error_handler(self.name, self, [doc], e)

    def _find(self, doc: Doc) -> Optional[tuple[list[tuple], dict[int, int]]]:
        """Each token's values of the written attributes and the NORMs set, all rules applied.

        None if a value spaCy reads as a string (for a ``REGEX``, or a MORPH
        that ``Doc.from_array`` looks up) is not in the StringStore. A row is
        checked when it enters the row cache; it stays valid because a
        StringStore only grows (``from_bytes`` keeps the strings it had).
        """
        comp = self._compiled
        if not len(doc):
            return [], {}
        strings = self.vocab.strings
        rows = doc.to_array(list(comp.read)).tolist()
        if len(comp.read) == 1:
            rows = [[v] for v in rows]
        cache = comp.cache
        if len(cache) > _CACHE_SIZE:
            cache.clear()
        # A token's result depends on its row alone:
        # (written values, NORM set or None, one-token rules, specs).
        hits = []
        for row in rows:
            key = tuple(row)
            hit = cache.get(key)
            if hit is None:
                if not all(row[c] in strings for c in comp.string_cols):
                    return None  # spaCy's ruler would look it up and fail: let it
                specs = _matching_specs(comp, row, strings)
                rules = frozenset(r for s in specs for r in comp.spec_rules[s])
                hit = cache[key] = (*_apply(comp, row, rules), rules, specs)
            hits.append(hit)
        extra: dict[int, set[int]] = {}
        if comp.chains:
            n = len(rows)
            for i, hit in enumerate(hits):
                for first in hit[3]:
                    for rule, ids, index in comp.chains.get(first, ()):
                        end = i + len(ids)
                        if end <= n and all(ids[j] in hits[i + j][3] for j in range(1, len(ids))):
                            extra.setdefault(i + index if index >= 0 else end + index,
                                             set()).add(rule)
        if comp.residual is not None:
            for m_id, start, end in comp.residual(doc, allow_missing=True, as_spans=False):
                rule = int(strings[m_id])
                index = self.indices[rule]
                target = start + index if index >= 0 else end + index
                if not start <= target < end:  # excluded by _compile; spaCy's ruler fails too
                    raise ValueError(Errors.E1001.format(
                        patterns=self.matcher.get(str(rule)), span=[t.text for t in doc[start:end]],
                        index=index))
                extra.setdefault(target, set()).add(rule)
        out = [hit[0] for hit in hits]
        norms = {i: hit[1] for i, hit in enumerate(hits) if hit[1] is not None} \
            if comp.sets_norm else {}
        for target, rules in extra.items():
            out[target], norm = _apply(comp, rows[target], hits[target][2] | rules)
            if norm is not None:
                norms[target] = norm
        return out, norms

    @staticmethod
    def _write(doc: Doc, attrs: tuple[int, ...], rows: list[tuple], norms: dict[int, int]) -> None:
        """Write ``rows`` (one per token) into ``doc``'s ``attrs`` and ``norms`` into its NORMs."""
        if rows and attrs:
            doc.from_array(list(attrs), numpy.array(rows, dtype=numpy.uint64))
        strings = doc.vocab.strings
        for i, norm in norms.items():
            doc[i].norm_ = strings[norm]


def compiled_copy(ruler: AttributeRuler) -> Optional[CompiledAttributeRuler]:
    """A compiled copy of ``ruler`` (same vocab, patterns and settings), or None.

    None means the copy would not make exactly the assignments ``ruler``
    makes (a rule sets an attribute the tables cannot, or the copy's
    normalised rules differ from the original's); keep ``ruler`` then.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> ruler = nlp.add_pipe("attribute_ruler")
    >>> ruler.add([[{"TAG": "NNS"}]], {"POS": "NOUN", "MORPH": "Number=Plur"})
    >>> compiled_copy(ruler).patterns == ruler.patterns
    True
    >>> ruler.add([[{"LOWER": "alot"}]], {"LOWER": "a lot"})  # a lexeme attribute
    >>> compiled_copy(ruler) is None
    True
    """
    copy = CompiledAttributeRuler(ruler.vocab, ruler.name, validate=ruler.validate,
                                  scorer=ruler.scorer)
    try:
        copy.add_patterns(ruler.patterns)
    except Exception:  # noqa: BLE001 - anything unexpected: keep spaCy's component
        return None
    if copy.attrs != ruler.attrs or copy.indices != ruler.indices or not copy.compile():
        return None
    return copy
