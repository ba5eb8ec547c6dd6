"""The ONNX stance model: loading, encoding, exact labels, batch and run invariance."""
from __future__ import annotations

import json

import numpy as np
import pytest

from argmap.pipeline.stance_model import (LABELS, LOWER_FILE, UPPER_FILE, ModelUnavailable, StanceModel,
                                          default_model_dir,
                                          encode_items, load_stance_model)

PACKAGED = all((default_model_dir() / f).is_file() for f in (LOWER_FILE, UPPER_FILE))
needs_model = pytest.mark.skipif(not PACKAGED, reason="stance model file not installed")


def pair(text: str, target: str) -> tuple[str, int, int]:
    start = text.index(target)
    return text, start, start + len(target)


# Written for these tests; the stance toward the target is plain.
CASES = [
    (pair("The hospital staff did a wonderful job and saved countless lives.", "hospital staff"),
     "positive"),
    (pair("Police arrested the gunman after he murdered three people.", "gunman"), "negative"),
    (pair("The ministry published its annual report on Tuesday.", "ministry"), "neutral"),
    (pair("Critics slammed the senator for lying repeatedly to voters.", "senator"), "negative"),
    (pair("Fans cheered the brilliant coach, who led the team to a historic victory.", "coach"),
     "positive"),
]


@pytest.fixture(scope="module")
def tiny_tokenizer():
    """A WordPiece tokenizer over a ten-word vocabulary, enough to test the window."""
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers

    words = ["[PAD]", "[unused0]", "[unused1]", "[UNK]", "[CLS]", "[SEP]",
             "acme", "is", "bad", "x", "y", "the", "."]
    tok = Tokenizer(models.WordPiece({w: i for i, w in enumerate(words)}, unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    return tok


def _words(tok, ids):
    vocab = {i: w for w, i in tok.get_vocab().items()}
    return [vocab[i] for i in ids]


def test_encode_runs_a_sentence_once_unmarked_and_points_at_each_target(tiny_tokenizer):
    enc = encode_items(tiny_tokenizer, [("Acme is bad.", 0, 4), ("Acme is bad.", 8, 11),
                                        ("The x.", 4, 5)])
    assert [_words(tiny_tokenizer, w) for w in enc.windows] == [
        ["[CLS]", "acme", "is", "bad", ".", "[SEP]"], ["[CLS]", "the", "x", ".", "[SEP]"]]
    assert enc.window_of.tolist() == [0, 0, 1]
    assert enc.spans.tolist() == [[1, 2], [3, 4], [2, 3]]
    assert enc.target_mask(1).tolist() == [[0, 0, 0, 1, 0, 0]]


def test_long_sentence_gets_a_window_around_each_target(tiny_tokenizer):
    text = "x " * 300 + "Acme is bad " + "y " * 300
    start = text.index("Acme")
    enc = encode_items(tiny_tokenizer, [(text, start, start + 4), (text, start + 5, start + 7)],
                       max_length=32)
    assert [len(w) for w in enc.windows] == [32, 32]
    assert enc.window_of.tolist() == [0, 1]
    # 32 - 2 special - 1 target token = 29 of context: 14 left, 15 right
    first = _words(tiny_tokenizer, enc.windows[0])
    assert first[15] == "acme" and first[1:15] == ["x"] * 14 and first[-1] == "[SEP]"
    assert enc.spans.tolist() == [[15, 16], [15, 16]]
    assert _words(tiny_tokenizer, enc.windows[1])[15] == "is"


def test_a_short_sentence_is_never_cut(tiny_tokenizer):
    text = "x " * 30
    enc = encode_items(tiny_tokenizer, [(text, 0, 1), (text, 58, 59)], max_length=32)
    assert [len(w) for w in enc.windows] == [32]
    assert enc.spans.tolist() == [[1, 2], [30, 31]]


def test_offsets_outside_the_text_are_clamped(tiny_tokenizer):
    enc = encode_items(tiny_tokenizer, [("Acme is bad.", -5, 999)])
    assert enc.spans.tolist() == [[1, 5]]  # every token of the text


def test_long_mentions_are_cut_to_24_tokens(tiny_tokenizer):
    text = "x " * 40
    enc = encode_items(tiny_tokenizer, [(text, 0, len(text))])
    assert enc.spans.tolist() == [[1, 25]]


def test_empty_span_and_empty_text_still_mark_a_token(tiny_tokenizer):
    enc = encode_items(tiny_tokenizer, [("Acme is bad.", 4, 4), ("Acme is bad.", 12, 12), ("", 0, 0)])
    # the token after an empty span; the last token at the end; [SEP] of an empty text
    assert enc.spans.tolist() == [[2, 3], [4, 5], [1, 2]]
    assert _words(tiny_tokenizer, enc.windows[1]) == ["[CLS]", "[SEP]"]


def test_missing_file_is_unavailable(tmp_path):
    with pytest.raises(ModelUnavailable):
        StanceModel.load(tmp_path)
    assert load_stance_model(tmp_path) is None


def test_unreadable_file_is_unavailable(tmp_path):
    (tmp_path / "lower.onnx").write_bytes(b"not an onnx model")
    (tmp_path / "upper.onnx").write_bytes(b"not an onnx model")
    (tmp_path / "tokenizer.json").write_text(json.dumps({"nope": 1}), encoding="utf-8")
    with pytest.raises(ModelUnavailable):
        StanceModel.load(tmp_path)
    assert load_stance_model(tmp_path) is None


def test_a_missing_upper_graph_is_unavailable(tmp_path):
    if not PACKAGED:
        pytest.skip("stance model file not installed")
    for name in ("lower.onnx", "tokenizer.json"):
        (tmp_path / name).write_bytes((default_model_dir() / name).read_bytes())
    with pytest.raises(ModelUnavailable, match="upper.onnx"):
        StanceModel.load(tmp_path)


@needs_model
def test_packaged_model_labels():
    model = StanceModel.load()
    probs = model.predict([item for item, _ in CASES])
    assert probs.dtype == np.float32 and probs.shape == (len(CASES), 3)
    assert [LABELS[k] for k in probs.argmax(axis=1)] == [label for _, label in CASES]
    assert np.allclose(probs.sum(axis=1), 1.0, atol=1e-5)


@needs_model
def test_batch_and_single_give_identical_probabilities():
    model = StanceModel.load()
    items = [item for item, _ in CASES]
    together = model.predict(items, batch_size=32)
    alone = np.stack([model.predict([item])[0] for item in items])
    reordered = model.predict(items[::-1], batch_size=2)[::-1]
    assert np.array_equal(together, alone)
    assert np.array_equal(together, reordered)


@needs_model
def test_predictions_are_deterministic_across_loads():
    items = [item for item, _ in CASES]
    first = StanceModel.load().predict(items)
    second = StanceModel.load().predict(items)
    assert np.array_equal(first, second)


@needs_model
def test_load_stance_model_is_cached():
    assert load_stance_model() is load_stance_model()
    assert load_stance_model().LABELS == ("negative", "neutral", "positive")


@needs_model
def test_empty_input_gives_empty_array():
    assert StanceModel.load().predict([]).shape == (0, 3)


class _CountingSession:
    """Wraps an onnxruntime session and records the shape of every run's first feed."""

    def __init__(self, session, feed: str):
        self._session = session
        self._feed = feed
        self.shapes: list[tuple] = []
        self.inputs: list[bytes] = []

    def __getattr__(self, name):
        return getattr(self._session, name)

    def run(self, names, feeds):
        self.shapes.append(feeds[self._feed].shape[:2])
        self.inputs.append(feeds[self._feed].tobytes())
        return self._session.run(names, feeds)


# Four one-word targets in one sentence: one lower pass, four upper passes.
SAME_SENTENCE = [pair("Sweden, Norway, Finland and Denmark signed the treaty yesterday.", name)
                 for name in ("Sweden", "Norway", "Finland", "Denmark")]


@needs_model
def test_packaged_model_runs_a_sentence_once_and_each_target_alone():
    model = StanceModel.load()
    lower = _CountingSession(model._lower, "input_ids")
    upper = _CountingSession(model._upper, "hidden")
    counted = StanceModel(lower, upper, model._tokenizer)
    together = counted.predict(SAME_SENTENCE + [CASES[0][0]], batch_size=32)
    window = counted.encode(SAME_SENTENCE).windows[0]
    assert len(lower.shapes) == 2 and lower.inputs.count(window[None, :].tobytes()) == 1
    assert len(upper.shapes) == 5 and len(set(upper.inputs)) == 2  # four targets share one hidden
    alone = np.stack([model.predict([item])[0] for item in SAME_SENTENCE])
    assert np.array_equal(together[:4], alone)
    mixed = model.predict([CASES[1][0], *SAME_SENTENCE[::-1], CASES[2][0]], batch_size=3)
    assert np.array_equal(mixed[1:5][::-1], alone)
    assert not np.array_equal(alone[0], alone[1])  # the marker makes each target's result its own


class _Input:
    def __init__(self, name):
        self.name = name


class _FakeLower:
    """Stands in for the lower graph: hidden states from the ids, shapes recorded."""

    def __init__(self):
        self.shapes: list[tuple] = []

    def get_inputs(self):
        return [_Input("input_ids"), _Input("attention_mask")]

    def run(self, names, feeds):
        ids = feeds["input_ids"]
        assert ids.shape[0] == 1 and feeds["attention_mask"].all()
        self.shapes.append(ids.shape)
        return [np.repeat(ids[..., None].astype(np.float32), 4, axis=2)]


class _FakeUpper:
    """Stands in for the upper graph: probabilities from the target's ids."""

    def __init__(self):
        self.shapes: list[tuple] = []

    def get_inputs(self):
        return [_Input("hidden"), _Input("attention_mask"), _Input("target_mask")]

    def run(self, names, feeds):
        hidden, mask = feeds["hidden"], feeds["target_mask"]
        assert hidden.shape[:2] == mask.shape and mask.shape[0] == 1
        self.shapes.append(mask.shape)
        pos = float((hidden[0, :, 0] * mask[0]).sum() % 7)
        return [np.array([[1.0, 1.0, pos]], dtype=np.float32)]


def test_predict_groups_items_by_window_and_keeps_item_order(tiny_tokenizer):
    lower, upper = _FakeLower(), _FakeUpper()
    model = StanceModel(lower, upper, tiny_tokenizer)
    items = [("Acme is bad.", 0, 4), ("Acme is.", 0, 4), ("Acme is bad.", 8, 11),
             ("Acme is bad.", 5, 7)]
    probs = model.predict(items)
    assert sorted(lower.shapes) == [(1, 5), (1, 6)]  # one run per sentence, unpadded
    assert sorted(upper.shapes) == [(1, 5), (1, 6), (1, 6), (1, 6)]  # one run per target
    vocab = tiny_tokenizer.get_vocab()
    expected = [vocab["acme"] % 7, vocab["acme"] % 7, vocab["bad"] % 7, vocab["is"] % 7]
    assert probs[:, 2].tolist() == expected
    assert np.array_equal(probs, np.stack([model.predict([it])[0] for it in items]))
