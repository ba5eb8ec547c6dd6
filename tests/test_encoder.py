"""The ONNX sentence encoder and the ArgKP match head (no spaCy)."""
from __future__ import annotations

import numpy as np
import pytest

from argmap.encoder import DIM, EncoderUnavailable, SentenceEncoder, load_encoder, text_key
from argmap.matcher import MatchHead, MatcherUnavailable, load_matcher, pair_features

ENCODER = load_encoder()
needs_encoder = pytest.mark.skipif(ENCODER is None, reason="packaged encoder file absent")


def test_missing_encoder_is_a_clear_error(tmp_path):
    with pytest.raises(EncoderUnavailable, match="not found"):
        SentenceEncoder.load(tmp_path / "model.onnx")
    assert load_encoder(tmp_path / "model.onnx") is None


def test_unreadable_encoder_is_a_clear_error(tmp_path):
    (tmp_path / "model.onnx").write_bytes(b"not a model")
    (tmp_path / "tokenizer.json").write_text("{}")
    with pytest.raises(EncoderUnavailable, match="cannot load"):
        SentenceEncoder.load(tmp_path)


def test_text_key_is_sha256():
    assert text_key("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


@needs_encoder
def test_encode_shape_norm_and_determinism():
    texts = ["Rankings mislead students about teaching quality.", "", "Prestige is a signal."]
    a = ENCODER.encode(texts)
    b = ENCODER.encode(list(reversed(texts)))[::-1]
    assert a.shape == (3, DIM) and a.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    np.testing.assert_array_equal(a, ENCODER.encode(texts))  # same call, same bytes
    np.testing.assert_array_equal(a, b)  # one text per run: order and company do not matter
    assert ENCODER.encode([]).shape == (0, DIM)


@needs_encoder
def test_paraphrase_is_closer_than_an_unrelated_sentence():
    X = ENCODER.encode(["League tables mislead the students who rely on them.",
                        "Students are misled by university rankings.",
                        "The ferry to the island leaves at seven every morning."])
    assert X[0] @ X[1] > 0.45
    assert X[0] @ X[2] < 0.2


def test_pair_features_are_symmetric():
    rng = np.random.default_rng(0)
    U, V = rng.normal(size=(4, 6)), rng.normal(size=(4, 6))
    np.testing.assert_allclose(pair_features(U, V), pair_features(V, U))
    assert pair_features(U, V).shape == (4, 13)


def test_head_pairwise_matches_predict_on_both_paths(tmp_path):
    rng = np.random.default_rng(1)
    E = rng.normal(size=(5, 4)).astype(np.float32)
    E /= np.linalg.norm(E, axis=1, keepdims=True)
    bilinear = MatchHead([np.r_[np.zeros(4), rng.normal(size=5)][:, None]], [np.array([0.3])])
    mlp = MatchHead([rng.normal(size=(9, 3)), rng.normal(size=(3, 1))],
                    [rng.normal(size=3), np.array([-0.1])])
    ii, jj = np.meshgrid(range(5), range(5), indexing="ij")
    for head in (bilinear, mlp):
        full = head.predict(E[ii.ravel()], E[jj.ravel()]).reshape(5, 5)
        np.testing.assert_allclose(head.pairwise(E, chunk=2), full, atol=1e-5)
    mlp.meta["cluster_threshold"] = 0.35
    mlp.save(tmp_path / "head.npz")
    back = MatchHead.load(tmp_path / "head.npz")
    assert back.cluster_threshold == 0.35
    np.testing.assert_allclose(back.pairwise(E), mlp.pairwise(E))


def test_malformed_head_is_unavailable(tmp_path):
    (tmp_path / "bad.npz").write_bytes(b"PK\x03\x04 garbage")
    with pytest.raises(MatcherUnavailable):
        MatchHead.load(tmp_path / "bad.npz")
    assert load_matcher(tmp_path / "missing.npz") is None


def test_packaged_head_says_where_it_came_from():
    head = load_matcher()
    if head is None:
        pytest.skip("packaged head absent")
    assert head.meta["trained_on"] == "ArgKP train (24 topics)"
    assert 0.0 < head.cluster_threshold < 1.0
