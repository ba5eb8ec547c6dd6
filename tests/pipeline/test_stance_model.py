"""The ONNX stance model: loading, encoding, exact labels, batch and run invariance."""
from __future__ import annotations

import json

import numpy as np
import pytest

from argmap.pipeline.stance_model import (LABELS, ModelUnavailable, StanceModel, default_model_dir,
                                          encode_items, load_stance_model)

PACKAGED = (default_model_dir() / "model.onnx").is_file()
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


def test_encode_marks_target_and_repeats_it(tiny_tokenizer):
    batch = encode_items(tiny_tokenizer, [("Acme is bad.", 0, 4)])
    vocab = {i: w for w, i in tiny_tokenizer.get_vocab().items()}
    assert [vocab[i] for i in batch.input_ids[0]] == [
        "[CLS]", "[unused0]", "acme", "[unused1]", "is", "bad", ".", "[SEP]", "acme", "[SEP]"]
    assert batch.token_type_ids[0].tolist() == [0] * 8 + [1] * 2
    assert batch.target_mask[0].tolist() == [0, 1, 1, 1, 0, 0, 0, 0, 0, 0]


def test_truncation_keeps_the_target_in_the_window(tiny_tokenizer):
    text = "x " * 300 + "Acme is bad " + "y " * 300
    start = text.index("Acme")
    batch = encode_items(tiny_tokenizer, [(text, start, start + 4)], max_length=32)
    ids = batch.input_ids[0].tolist()
    vocab = tiny_tokenizer.get_vocab()
    assert len(ids) == 32
    assert ids[ids.index(vocab["[unused0]"]) + 1] == vocab["acme"]
    # context is split evenly: 32 - 5 special - 2 mention = 25 -> 12 left, 13 right
    assert ids.index(vocab["[unused0]"]) == 13
    assert batch.target_mask[0].sum() == 3


def test_offsets_outside_the_text_are_clamped(tiny_tokenizer):
    batch = encode_items(tiny_tokenizer, [("Acme is bad.", -5, 999)])
    vocab = tiny_tokenizer.get_vocab()
    assert batch.input_ids[0].tolist()[:3] == [vocab["[CLS]"], vocab["[unused0]"], vocab["acme"]]


def test_missing_file_is_unavailable(tmp_path):
    with pytest.raises(ModelUnavailable):
        StanceModel.load(tmp_path)
    assert load_stance_model(tmp_path) is None


def test_unreadable_file_is_unavailable(tmp_path):
    (tmp_path / "model.onnx").write_bytes(b"not an onnx model")
    (tmp_path / "tokenizer.json").write_text(json.dumps({"nope": 1}), encoding="utf-8")
    with pytest.raises(ModelUnavailable):
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
    """Wraps an onnxruntime session and counts runs and their batch sizes."""

    def __init__(self, session):
        self._session = session
        self.batch_sizes: list[int] = []

    def __getattr__(self, name):
        return getattr(self._session, name)

    def run(self, names, feeds):
        self.batch_sizes.append(len(feeds["input_ids"]))
        return self._session.run(names, feeds)


# Four one-word targets in one sentence: the four pairs have the same token length.
SAME_LENGTH = [pair("Sweden, Norway, Finland and Denmark signed the treaty yesterday.", name)
               for name in ("Sweden", "Norway", "Finland", "Denmark")]


@needs_model
def test_packaged_model_runs_each_pair_alone_with_identical_results():
    model = StanceModel.load()
    assert not model.batches  # dynamic int8: activation scales per run
    spy = _CountingSession(model._session)
    counted = StanceModel(spy, model._tokenizer)
    together = counted.predict(SAME_LENGTH, batch_size=32)
    assert spy.batch_sizes == [1, 1, 1, 1]
    alone = np.stack([model.predict([item])[0] for item in SAME_LENGTH])
    assert np.array_equal(together, alone)
    mixed = model.predict([CASES[0][0], *SAME_LENGTH[::-1], CASES[1][0]], batch_size=3)
    assert np.array_equal(mixed[1:5][::-1], together)


class _Input:
    def __init__(self, name):
        self.name = name


class _FakeSession:
    """Stands in for onnxruntime: records batch shapes; probabilities from the ids."""

    def __init__(self, metadata: dict):
        self.metadata = metadata
        self.shapes: list[tuple[int, int]] = []

    def get_inputs(self):
        return [_Input("input_ids"), _Input("attention_mask")]

    def get_modelmeta(self):
        class Meta:
            custom_metadata_map = self.metadata
        return Meta()

    def run(self, names, feeds):
        ids = feeds["input_ids"]
        self.shapes.append(ids.shape)
        pos = (ids.sum(axis=1) % 7).astype(np.float32)
        return [np.stack([np.ones_like(pos), np.ones_like(pos), pos], axis=1)]


def test_fixed_scale_model_batches_same_length_pairs_and_never_one_row(tiny_tokenizer):
    session = _FakeSession({"argmap_batching": "exact-length"})
    model = StanceModel(session, tiny_tokenizer)
    assert model.batches
    items = [("Acme is bad.", 0, 4), ("Acme is.", 0, 4), ("Acme is bad.", 8, 11),
             ("Acme is bad.", 5, 7)]
    probs = model.predict(items, batch_size=32)
    # 10-token pairs share one run; the lone 9-token pair runs as two identical rows
    assert sorted(session.shapes) == [(2, 9), (3, 10)]
    session.shapes.clear()
    model.predict(items, batch_size=2)
    assert sorted(session.shapes) == [(2, 9), (2, 10), (2, 10)]
    assert np.array_equal(probs, np.stack([model.predict([it])[0] for it in items]))


def test_a_model_without_fixed_scales_runs_each_pair_alone(tiny_tokenizer):
    session = _FakeSession({})  # no argmap_batching: activation scales per run
    model = StanceModel(session, tiny_tokenizer)
    assert not model.batches
    probs = model.predict([("Acme is bad.", 0, 4), ("Acme is.", 0, 4), ("Acme is bad.", 8, 11)])
    assert probs.shape == (3, 3)
    # one unpadded row per run: 10, 9 and 10 tokens
    assert sorted(session.shapes) == [(1, 9), (1, 10), (1, 10)]
