"""argmap_attribute_ruler makes exactly the assignments of spaCy's attribute_ruler.

Every test runs spaCy's ``AttributeRuler`` and ``CompiledAttributeRuler``
with the same patterns on copies of the same Docs and compares every token
attribute a ruler can set (plus the ones it must not touch). The hand-made
rules cover what the compiled tables handle (equality, ``IN``, ``NOT_IN``,
``REGEX``, two-token patterns with ``index`` 1 and -2, rule order on
conflicts, reads before writes) and what stays in a Matcher (``OP``); the
``model`` tests use the trained model's own 179 rules on texts written for
them, the corpus/ essays and generated token sequences.
"""
from __future__ import annotations

import pickle
from pathlib import Path
from unittest.mock import patch

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, LOWER, MORPH, NORM, POS, SPACY, TAG
from spacy.pipeline import AttributeRuler
from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc, Token

from argmap.pipeline.attribute_ruler import CompiledAttributeRuler, compiled_copy
from argmap.pipeline.load import MODEL_CANDIDATES, compile_attribute_rulers

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
ATTRS = [POS, TAG, MORPH, LEMMA, DEP, NORM, HEAD, ENT_IOB, ENT_TYPE, SPACY, LOWER]

RULES = [
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
    # a later rule wins where both set POS; MORPH, which it does not set, stays
    {"patterns": [[{"TAG": "NN", "LOWER": "nothing"}]], "attrs": {"POS": "PRON"}},
    # reads happen before writes: this sets TAG PRP, and the next rule must not see it
    {"patterns": [[{"LOWER": "nobody", "TAG": "NN"}]], "attrs": {"TAG": "PRP"}},
    {"patterns": [[{"TAG": "PRP"}]], "attrs": {"POS": "PRON", "LEMMA": "-PRON-"}},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "go"}, "index": -2},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": 1},
    {"patterns": [[{"TAG": {"IN": ["VBZ", "VBP"]}, "LOWER": "ai"}, {"LOWER": {"REGEX": "^n'?t$"}}]],
     "attrs": {"LEMMA": "be"}},
    {"patterns": [[{"TAG": {"NOT_IN": ["TO", ""]}, "DEP": {"IN": ["aux", "auxpass"]}}]],
     "attrs": {"POS": "AUX"}},
    {"patterns": [[{"DEP": "expl"}, {"LOWER": {"IN": ["is", "are"]}}]], "attrs": {"POS": "VERB"},
     "index": 1},
    {"patterns": [[{"TAG": "_SP", "IS_SPACE": False}]], "attrs": {"POS": "X", "MORPH": "_"}},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "_SP", "POS": "SPACE", "MORPH": "_"}},
    {"patterns": [[{"LOWER": {"REGEX": "^colou?rs?$"}}]], "attrs": {"NORM": "color"}},
    {"patterns": [[{"TEXT": "US", "TAG": "NNP"}], [{"LOWER": "america"}]], "attrs": {"LEMMA": "USA"}},
    # an operator: this pattern stays in the residual Matcher
    {"patterns": [[{"LOWER": "very", "OP": "+"}, {"TAG": "JJ"}]], "attrs": {"LEMMA": "intense"},
     "index": -1},
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"LEMMA": "thing"}},
]

# (word, tag, dep, head offset); written for these tests
SENTENCES = [
    [("Nothing", "NN", "nsubj", 1), ("works", "VBZ", "ROOT", 0), ("for", "IN", "prep", -1),
     ("nobody", "NN", "pobj", -1), (".", ".", "punct", -3)],
    [("We", "PRP", "nsubj", 2), ("are", "VBP", "aux", 1), ("gon", "VBG", "ROOT", 0),
     ("na", "TO", "aux", 1), ("win", "VB", "xcomp", -2), (",", ",", "punct", -3),
     ("ai", "VBP", "conj", -4), ("n't", "RB", "neg", -1), ("we", "PRP", "nsubj", -2),
     ("?", ".", "punct", -7)],
    [("There", "EX", "expl", 1), ("is", "VBZ", "ROOT", 0), ("a", "DT", "det", 2),
     ("very", "RB", "advmod", 1), ("bright", "JJ", "amod", 1), ("colour", "NN", "attr", -4),
     ("in", "IN", "prep", -1), ("America", "NNP", "pobj", -1), ("and", "CC", "cc", -2),
     ("the", "DT", "det", 1), ("US", "NNP", "conj", -4), ("\n\n", "_SP", "dep", -1)],
    [("Colors", "NNS", "nsubj", 3), ("gon", "NN", "appos", -1), ("  ", "NN", "", 0),
     ("must", "MD", "aux", 1), ("fade", "VB", "ROOT", 0), ("to", "TO", "aux", 1),
     ("nothing", "NN", "pobj", -2), ("_", "_SP", "punct", -3)],
]


def _doc(vocab, rows) -> Doc:
    words = [w for w, _, _, _ in rows]
    return Doc(vocab, words=words, spaces=[w.strip() != "" for w in words],
               tags=[t for _, t, _, _ in rows], deps=[d for _, _, d, _ in rows],
               heads=[i + h for i, (_, _, _, h) in enumerate(rows)])


def _both(vocab, rules):
    spacy_ruler = AttributeRuler(vocab)
    spacy_ruler.add_patterns(rules)
    ours = CompiledAttributeRuler(vocab)
    ours.add_patterns(rules)
    return spacy_ruler, ours


def _assert_same(spacy_ruler, ours, docs):
    for doc in docs:
        a, b = spacy_ruler(doc.copy()), ours(doc.copy())
        assert a.to_array(ATTRS).tolist() == b.to_array(ATTRS).tolist(), doc.text
        assert [(t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_, t.norm_) for t in a] == \
            [(t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_, t.norm_) for t in b]
        assert _raw_norms(a) == _raw_norms(b)


@pytest.fixture()
def vocab():
    return spacy.blank("en").vocab


def test_rules_compile_and_the_operator_pattern_stays_in_a_matcher(vocab):
    _, ours = _both(vocab, RULES)
    assert ours.compile()
    assert len(ours._compiled.residual) == 1   # the "very"+ pattern
    assert ours._compiled.chains                # the two-token patterns


def test_same_assignments_as_spacys_ruler(vocab):
    spacy_ruler, ours = _both(vocab, RULES)
    _assert_same(spacy_ruler, ours, [_doc(vocab, s) for s in SENTENCES])


def test_same_assignments_with_the_rules_in_reverse_order(vocab):
    spacy_ruler, ours = _both(vocab, RULES[::-1])
    _assert_same(spacy_ruler, ours, [_doc(vocab, s) for s in SENTENCES])


def test_what_the_rules_assign(vocab):
    _, ours = _both(vocab, RULES)
    first, second, third, fourth = (ours(_doc(vocab, s)) for s in SENTENCES)
    nothing, nobody = first[0], first[3]
    # later rule wins POS; the earlier rule's MORPH stays; the last rule's LEMMA wins
    assert (nothing.pos_, str(nothing.morph), nothing.lemma_) == ("PRON", "Number=Sing", "thing")
    # its TAG is set to PRP, but the PRP rule saw NN and did not fire
    assert (nobody.tag_, nobody.pos_, nobody.lemma_) == ("PRP", "NOUN", "thing")
    assert [t.lemma_ for t in second[2:4]] == ["go", "to"]
    assert second[6].lemma_ == "be" and second[1].pos_ == "AUX"
    assert third[1].pos_ == "VERB" and third[4].lemma_ == "intense" and third[3].lemma_ == ""
    assert third[5].norm_ == "color" and third[7].lemma_ == "USA" and third[10].lemma_ == "USA"
    assert (third[11].tag_, third[11].pos_) == ("_SP", "SPACE")
    # "gon" without "na" is only an NN; "  " is a space token tagged NN: the space rule wins
    assert fourth[1].lemma_ == "thing"
    assert (fourth[2].tag_, fourth[2].pos_, str(fourth[2].morph)) == ("_SP", "SPACE", "")
    assert (fourth[7].pos_, fourth[0].norm_) == ("X", "color")


def test_same_assignments_when_the_row_cache_is_emptied_at_every_doc(vocab, monkeypatch):
    monkeypatch.setattr("argmap.pipeline.attribute_ruler._CACHE_SIZE", 0)
    spacy_ruler, ours = _both(vocab, RULES)
    _assert_same(spacy_ruler, ours, [_doc(vocab, s) for s in SENTENCES * 2])
    assert len(ours._compiled.cache) <= max(len(s) for s in SENTENCES)


def test_an_empty_doc_and_a_doc_no_rule_matches(vocab):
    spacy_ruler, ours = _both(vocab, RULES)
    _assert_same(spacy_ruler, ours, [Doc(vocab, words=[]), Doc(vocab, words=["Hm", "?"])])


def test_a_rule_it_cannot_compile_runs_spacys_code(vocab):
    rules = RULES + [{"patterns": [[{"LOWER": "bright"}]], "attrs": {"LOWER": "brite"}}]
    spacy_ruler, ours = _both(vocab, rules)
    assert not ours.compile()
    assert compiled_copy(spacy_ruler) is None
    _assert_same(spacy_ruler, ours, [_doc(vocab, s) for s in SENTENCES])


def test_an_index_outside_a_variable_length_match_is_not_compiled(vocab):
    rules = [{"patterns": [[{"LOWER": "very", "OP": "*"}, {"TAG": "JJ"}]], "attrs": {"LEMMA": "x"},
              "index": 1}]
    assert not _both(vocab, rules)[1].compile()


def test_adding_a_pattern_recompiles(vocab):
    _, ours = _both(vocab, RULES[:1])
    doc = _doc(vocab, SENTENCES[0])
    assert ours(doc.copy())[0].pos_ == "NOUN"
    ours.add_patterns(RULES[1:2])
    assert ours(doc.copy())[0].pos_ == "PRON"


def test_saves_loads_and_pickles(tmp_path):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("argmap_attribute_ruler")
    ruler.add_patterns(RULES)
    doc = _doc(nlp.vocab, SENTENCES[1])
    expected = ruler(doc.copy()).to_array(ATTRS).tolist()
    nlp.to_disk(tmp_path / "p")
    loaded = spacy.load(tmp_path / "p")
    again = loaded.get_pipe("argmap_attribute_ruler")
    assert isinstance(again, CompiledAttributeRuler) and again.compile()
    assert again(_doc(loaded.vocab, SENTENCES[1])).to_array(ATTRS).tolist() == expected
    other = CompiledAttributeRuler(nlp.vocab).from_bytes(ruler.to_bytes())
    assert other(doc.copy()).to_array(ATTRS).tolist() == expected
    unpickled = pickle.loads(pickle.dumps(ruler))
    assert unpickled(doc.copy()).to_array(ATTRS).tolist() == expected


def test_patterns_loaded_into_a_compiled_ruler_are_compiled_too(vocab, tmp_path):
    # spaCy's from_disk/from_bytes add the loaded patterns to those there already
    spacy_ruler, ours = _both(vocab, RULES[:3])
    docs = [_doc(vocab, s) for s in SENTENCES]
    _assert_same(spacy_ruler, ours, docs)
    source = AttributeRuler(vocab)
    source.add_patterns(RULES[3:])
    source.to_disk(tmp_path / "ruler")
    spacy_ruler.from_disk(tmp_path / "ruler")
    ours.from_disk(tmp_path / "ruler")
    assert ours.compile() and len(ours.patterns) == len(RULES)
    _assert_same(spacy_ruler, ours, docs)
    spacy_ruler.from_bytes(source.to_bytes())
    ours.from_bytes(source.to_bytes())
    _assert_same(spacy_ruler, ours, docs)


def test_a_doc_longer_than_the_row_cache(vocab, monkeypatch):
    monkeypatch.setattr("argmap.pipeline.attribute_ruler._CACHE_SIZE", 5)
    spacy_ruler, ours = _both(vocab, RULES)
    rows = [row for sentence in SENTENCES for row in sentence] * 3
    _assert_same(spacy_ruler, ours, [_doc(vocab, [(w, t, d, 0) for w, t, d, _ in rows])] * 2)
    assert len(ours._compiled.cache) > 5  # emptied between Docs, not inside one


def test_compile_attribute_rulers_keeps_a_ruler_it_cannot_compile():
    if not Token.has_extension("argmap_test_flag"):
        Token.set_extension("argmap_test_flag", default=None)
    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler").add_patterns(
        RULES[:2] + [{"patterns": [[{"LOWER": "x"}]], "attrs": {"_": {"argmap_test_flag": 1}}}])
    assert compile_attribute_rulers(nlp) == []
    assert type(nlp.get_pipe("attribute_ruler")) is AttributeRuler
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("attribute_ruler", config={"validate": True}).add_patterns(RULES)
    assert compile_attribute_rulers(nlp) == ["attribute_ruler"]
    new = nlp.get_pipe("attribute_ruler")
    assert isinstance(new, CompiledAttributeRuler) and new.validate and new.compile()
    assert nlp.pipe_names == ["sentencizer", "attribute_ruler"]
    assert nlp.get_pipe_meta("attribute_ruler").factory == "argmap_attribute_ruler"
    assert new.patterns == _as_stored(RULES)


def _as_stored(rules):
    """``rules`` as ``AttributeRuler.patterns`` gives them back."""
    return [{"patterns": r["patterns"], "attrs": r["attrs"], "index": r.get("index", 0)}
            for r in rules]


# --- the trained model's own rules ---------------------------------------------------------

MODEL_TEXTS = [
    "Y'all gon na hear it: there is a problem, and there are two. Ain't it odd? I said so.",
    "Let's go! We've got ta leave. C'mon, nothin' changes, doin' nothing. He'd seen 'em.",
    "Something is wrong. Nobody knows; everyone guesses. It was his, not hers. Its roof leaks.",
    "The U.S. and the UK wo n't agree, ca n't agree and sha n't agree; that is that.",
    "Whether or not it rains, those who did do what they had to.  Then they had had enough.\n\n"
    "Being there gets you nowhere; it got worse.",
]


@pytest.fixture(scope="module")
def model():
    for name in MODEL_CANDIDATES:
        try:
            return spacy.load(name)
        except (OSError, ImportError):
            continue
    pytest.skip("no trained English spaCy model installed")


def _parsed(nlp, texts):
    return list(nlp.pipe(texts, disable=["attribute_ruler", "lemmatizer", "ner"]))


@pytest.mark.model
def test_the_models_rules_compile_with_no_matcher_left(model):
    ours = compiled_copy(model.get_pipe("attribute_ruler"))
    assert ours is not None and ours._compiled.residual is None
    assert len(ours.patterns) == len(model.get_pipe("attribute_ruler").patterns)


@pytest.mark.model
def test_the_models_rules_on_texts_written_for_the_test_and_the_corpus(model):
    texts = MODEL_TEXTS + [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    ruler = model.get_pipe("attribute_ruler")
    ours = compiled_copy(ruler)
    docs = _parsed(model, texts)
    _assert_same(ruler, ours, docs)
    # the two-token rules fired
    first = ours(docs[0].copy())
    lemmas = {t.lower_: (t.lemma_, t.pos_) for t in first}
    assert (lemmas["gon"], lemmas["na"], lemmas["is"]) == (("go", "VERB"), ("to", "PART"), ("be", "VERB"))


@pytest.mark.model
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_models_rules_on_generated_tokens(model, data):
    ruler = model.get_pipe("attribute_ruler")
    words = ["gon", "na", "got", "ta", "let", "'s", "c'm", "on", "y'", "y", "all", "ai", "n't",
             "nt", "is", "are", "'re", "was", "I", "it", "you", "that", "this", "do", "did", "had",
             "nothin'", "nuthin'", "but", "there", " ", "\n", "the", "a", "MIT", "goin'"]
    tags = list(model.get_pipe("tagger").labels) + ["", "_SP"]
    deps = list(model.get_pipe("parser").labels) + ["", "dep"]
    n = data.draw(st.integers(1, 12))
    rows = [(data.draw(st.sampled_from(words)), data.draw(st.sampled_from(tags)),
             data.draw(st.sampled_from(deps)), 0) for _ in range(n)]
    doc = Doc(model.vocab, words=[w for w, _, _, _ in rows],
              tags=[t for _, t, _, _ in rows], deps=[d for _, _, d, _ in rows],
              heads=list(range(n)))
    _assert_same(ruler, compiled_copy(ruler), [doc])


# --- mismatches found in review (s19-ruler-review) -------------------------------------------

def _raw_norms(doc):
    """Each token's own NORM id, or "<lexeme>" where it has none and reads its lexeme's."""
    out = []
    for token in doc:
        lex = doc.vocab[token.orth]
        old = lex.norm
        lex.norm_ = "\x00lexeme"
        out.append("<lexeme>" if token.norm == lex.norm else token.norm)
        lex.norm = old
    return out


def test_a_norm_rule_leaves_the_other_tokens_reading_their_lexemes_norm(vocab):
    spacy_ruler, ours = _both(vocab, [{"patterns": [[{"LOWER": "colour"}]], "attrs": {"NORM": "color"}}])
    doc = Doc(vocab, words=["A", "grey", "colour"])
    color = vocab.strings["color"]
    assert _raw_norms(spacy_ruler(doc.copy())) == ["<lexeme>", "<lexeme>", color]
    assert _raw_norms(ours(doc.copy())) == ["<lexeme>", "<lexeme>", color]


def test_a_doc_from_another_vocab_gets_spacys_assignments():
    vocab, other = spacy.blank("en").vocab, spacy.blank("en").vocab
    spacy_ruler, ours = _both(vocab, [{"patterns": [[{"LOWER": {"REGEX": "^zz"}}]],
                                       "attrs": {"LEMMA": "snore"}}])
    doc = Doc(other, words=["zzzz", "said", "Pat"])
    assert spacy_ruler(doc.copy()).to_array([LEMMA]).tolist() == \
        ours(doc.copy()).to_array([LEMMA]).tolist()


def test_a_value_missing_from_the_string_store_fails_as_in_spacy(vocab):
    # spaCy's matcher runs a token spec's REGEX at every token; a lemma hash
    # with no string makes it fail, even where {"TAG": "NN"} does not hold
    spacy_ruler, ours = _both(vocab, [{"patterns": [[{"TAG": "NN", "LEMMA": {"REGEX": "^x"}}]],
                                       "attrs": {"POS": "NOUN"}}])
    doc = Doc(vocab, words=["a", "box"], tags=["DT", "NN"])
    doc[0].lemma = 12345  # a hash no string of the vocab has
    for ruler in (spacy_ruler, ours):
        with pytest.raises(KeyError):
            ruler(doc.copy())


def test_a_cached_row_stays_checked_because_a_reloaded_string_store_keeps_its_strings(vocab):
    # the row cache checks a row's strings once; that holds only while a
    # StringStore never loses a string, also when it is reloaded from bytes
    spacy_ruler, ours = _both(vocab, [{"patterns": [[{"TAG": "NN", "LEMMA": {"REGEX": "^b"}}]],
                                       "attrs": {"POS": "NOUN"}}])
    doc = Doc(vocab, words=["a", "box"], tags=["DT", "NN"], lemmas=["a", "box"])
    _assert_same(spacy_ruler, ours, [doc])
    vocab.strings.from_bytes(StringStore(["a", "DT", "NN", "NOUN"]).to_bytes())
    assert "box" in vocab.strings
    _assert_same(spacy_ruler, ours, [doc])


# --- random rule sets against spaCy's ruler --------------------------------------------------

WORDS = ["the", "The", "dog", "Dogs", "ran", "is", "ai", "n't", "colour", "3", ".", "  ", "\n",
         "US", "na", "gon", "Nobody"]
TAGS = ["", "NN", "NNS", "VBZ", "DT", ".", "_SP", "PRP"]
POSES = ["", "NOUN", "VERB", "DET", "PUNCT", "SPACE", "PRON", "AUX"]
MORPHS = ["", "Number=Sing", "Number=Plur", "Number=Sing|Person=3"]
LEMMAS = ["", "dog", "be", "the", "go"]
DEPS = ["", "nsubj", "ROOT", "aux", "dep"]
# values a token spec tests, per attribute ("Person=3|Number=Sing" is not normalised)
READ_VALUES = {
    "ORTH": WORDS, "TEXT": WORDS, "LOWER": [w.lower() for w in WORDS],
    "NORM": ["the", "dog", "color", "colour", "n't", "not"], "SHAPE": ["xxx", "Xxx", "d", ".", "XX", "'x"],
    "PREFIX": ["t", "T", "d", "."], "SUFFIX": ["the", "ogs", "n't", ".", "our"], "TAG": TAGS,
    "POS": POSES, "MORPH": MORPHS + ["Person=3|Number=Sing"], "LEMMA": LEMMAS, "DEP": DEPS,
    "ENT_TYPE": ["", "ORG", "GPE"],
}
FLAGS = ["IS_ALPHA", "IS_SPACE", "IS_PUNCT", "IS_TITLE", "IS_STOP", "IS_LOWER", "LIKE_NUM", "IS_DIGIT"]
REGEXES = ["^t", "s$", "^$", "(?i)dog", "^.{2}$", "o", "^[A-Z]", "_"]
# values a rule sets ("noun" and "FOO" are not POS names: spaCy stores their hashes)
WRITE_VALUES = {
    "POS": POSES + ["X", "noun", "FOO"], "TAG": TAGS + ["XX"], "LEMMA": LEMMAS + ["thing"],
    "MORPH": MORPHS + ["Person=3|Number=Sing", "_"], "NORM": ["color", "not", "", "the"],
    "DEP": DEPS + ["neg"],
}


@st.composite
def _string_value(draw, name):
    one = st.sampled_from(READ_VALUES[name])
    item = st.one_of(one, one.map(get_string_id))
    kind = draw(st.sampled_from(["eq"] * 6 + ["int", "in", "in", "not_in", "regex", "regex", "both",
                                              "other"]))
    if kind == "eq":
        return draw(one)
    if kind == "int":
        return get_string_id(draw(one))
    if kind == "in":
        return {draw(st.sampled_from(["IN", "in"])): draw(st.lists(item, max_size=3))}
    if kind == "not_in":
        return {"NOT_IN": draw(st.lists(item, max_size=3))}
    if kind == "regex":
        return {"REGEX": draw(st.sampled_from(REGEXES))}
    if kind == "both":
        return {"IN": draw(st.lists(item, min_size=1, max_size=3)), "NOT_IN": draw(st.lists(item, max_size=2))}
    return draw(st.sampled_from([{"IS_SUBSET": [draw(one)]}, {"INTERSECTS": [draw(one)]},  # the Matcher's
                                 {"IN": [draw(one)], "REGEX": draw(st.sampled_from(REGEXES))},
                                 {"FUZZY": draw(one)}]))


def _number_value(name):
    if name == "LENGTH":
        n = st.integers(0, 6)
        return st.one_of(n, n.map(str), st.lists(n, max_size=3).map(lambda v: {"IN": v}),
                         st.lists(n, max_size=3).map(lambda v: {"NOT_IN": v}),
                         n.map(lambda v: {">=": v}))
    return st.one_of(st.booleans(), st.integers(0, 2),
                     st.lists(st.integers(0, 1), max_size=2).map(lambda v: {"IN": v}),
                     st.just({"NOT_IN": [1]}))


@st.composite
def _token_spec(draw):
    if draw(st.integers(0, 30)) == 0:
        return {}
    size = draw(st.sampled_from([1, 1, 2, 3]))
    names = draw(st.lists(st.sampled_from([*READ_VALUES, *FLAGS, "LENGTH"]), min_size=1, max_size=size,
                          unique=True))
    spec = {}
    for name in names:
        value = draw(_string_value(name) if name in READ_VALUES else _number_value(name))
        spec[draw(st.sampled_from([name, name, name.lower()]))] = value
    if draw(st.integers(0, 25)) == 0:
        spec["OP"] = draw(st.sampled_from(["?", "*", "+", "!", "{1,2}"]))
    return spec


@st.composite
def _rule(draw):
    patterns = draw(st.lists(st.lists(_token_spec(), min_size=1, max_size=3), min_size=1, max_size=2))
    if draw(st.integers(0, 6)) == 0:
        patterns = patterns + patterns[:1]
    attrs = {}
    for name in draw(st.lists(st.sampled_from(list(WRITE_VALUES)), min_size=1, max_size=3, unique=True)):
        value = draw(st.sampled_from(WRITE_VALUES[name]))
        if name in ("LEMMA", "NORM", "TAG", "DEP") and draw(st.booleans()):
            value = get_string_id(value)
        attrs[draw(st.sampled_from([name, name.lower()]))] = value
    odd = draw(st.integers(0, 40))
    if odd == 0:
        attrs["ENT_TYPE"] = "ORG"              # not compiled: spaCy's code runs
    elif odd == 1:
        attrs["MORPH"] = {"Number": "Plur"}    # spaCy's add() refuses it
    shortest = min(len(p) for p in patterns)
    if draw(st.integers(0, 15)) == 0:          # may fall outside a match
        index = draw(st.sampled_from([1, -2, 2, -3, True, False]))
    else:
        index = draw(st.one_of(st.none(), st.integers(-shortest, shortest - 1)))
    return {"patterns": patterns, "attrs": attrs, **({} if index is None else {"index": index})}


@st.composite
def _random_doc(draw, vocab):
    n = draw(st.integers(0, 9))
    words = draw(st.lists(st.sampled_from(WORDS), min_size=n, max_size=n))

    def column(pool):
        return draw(st.one_of(st.none(), st.lists(st.sampled_from(pool), min_size=n, max_size=n)))

    deps = column(DEPS)
    return Doc(vocab, words=words, spaces=[w.strip() != "" for w in words], tags=column(TAGS),
               pos=column(POSES), morphs=column(MORPHS), lemmas=column(LEMMAS), deps=deps,
               heads=None if deps is None else list(range(n)),
               ents=column(["O", "B-ORG", "B-GPE"]))


def _outcome(ruler, doc):
    try:
        ruler(doc)
    except Exception as e:  # noqa: BLE001 - both must fail alike
        return type(e).__name__
    return doc.to_array(ATTRS).tolist(), _raw_norms(doc)  # ids: some written have no string


def _add(ruler, rules, one_by_one):
    try:
        if one_by_one:
            for rule in rules:
                ruler.add(**rule)
        else:
            ruler.add_patterns(rules)
    except Exception as e:  # noqa: BLE001 - both must fail alike
        return type(e).__name__
    return None


RANDOM_VOCAB = spacy.blank("en").vocab


@pytest.mark.filterwarnings("ignore:\\[W100\\]")  # MORPH IN with ints: spaCy skips them, warns
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(rules=st.lists(_rule(), min_size=1, max_size=8), data=st.data())
def test_random_rules_on_random_docs_make_spacys_assignments(rules, data):
    """Rules added in several calls, Docs between and after; spaCy's ruler and ours on copies."""
    vocab = RANDOM_VOCAB
    validate = data.draw(st.booleans())
    spacy_ruler = AttributeRuler(vocab, validate=validate)
    ours = CompiledAttributeRuler(vocab, validate=validate)
    cache_size = data.draw(st.sampled_from([0, 3, 10_000]))
    cuts = sorted({*data.draw(st.lists(st.integers(1, len(rules)), max_size=3)), len(rules)})
    start = 0
    for cut in cuts:
        one_by_one = data.draw(st.booleans())
        failed = _add(spacy_ruler, rules[start:cut], one_by_one)
        assert _add(ours, rules[start:cut], one_by_one) == failed
        if failed:
            return
        start = cut
        for doc in data.draw(st.lists(_random_doc(vocab), min_size=1, max_size=3)):
            with patch("argmap.pipeline.attribute_ruler._CACHE_SIZE", cache_size):
                assert _outcome(ours, doc.copy()) == _outcome(spacy_ruler, doc.copy())
