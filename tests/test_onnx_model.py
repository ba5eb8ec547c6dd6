"""The shared ONNX loader: typed errors, fixed options, the digest of the file."""
from __future__ import annotations

import hashlib

import pytest

from argmap.encoder import ENCODER_DIR, EncoderUnavailable
from argmap.onnx_model import OnnxUnavailable, load_onnx
from argmap.pipeline.stance_model import LOWER_FILE, UPPER_FILE, ModelUnavailable, default_model_dir


def test_missing_files_name_the_file(tmp_path):
    with pytest.raises(OnnxUnavailable, match=r"demo file not found: .*model\.onnx"):
        load_onnx(tmp_path, what="demo")
    (tmp_path / "model.onnx").write_bytes(b"x")
    with pytest.raises(OnnxUnavailable, match=r"demo file not found: .*tokenizer\.json"):
        load_onnx(tmp_path / "model.onnx", what="demo")


def test_unreadable_model_raises_the_callers_error(tmp_path):
    (tmp_path / "model.onnx").write_bytes(b"not an onnx graph")
    (tmp_path / "tokenizer.json").write_text("{}", encoding="utf-8")
    for error in (ModelUnavailable, EncoderUnavailable):
        with pytest.raises(error, match="cannot load demo"):
            load_onnx(tmp_path, what="demo", error=error)
    assert issubclass(ModelUnavailable, OnnxUnavailable)
    assert issubclass(EncoderUnavailable, OnnxUnavailable)


@pytest.mark.parametrize("model_file", [default_model_dir() / LOWER_FILE, ENCODER_DIR / "model.onnx"])
def test_packaged_models_load_with_their_digest(model_file):
    if not model_file.is_file():
        pytest.skip("model file not installed")
    loaded = load_onnx(model_file, threads=1)
    assert loaded.sha256 == hashlib.sha256(model_file.read_bytes()).hexdigest()
    assert "input_ids" in loaded.input_names
    assert loaded.tokenizer.truncation is None and loaded.tokenizer.padding is None


def test_a_second_graph_loads_without_a_tokenizer(tmp_path):
    upper = default_model_dir() / UPPER_FILE
    if not upper.is_file():
        pytest.skip("model file not installed")
    (tmp_path / UPPER_FILE).write_bytes(upper.read_bytes())  # no tokenizer.json beside it
    loaded = load_onnx(tmp_path / UPPER_FILE, tokenizer=False)
    assert loaded.tokenizer is None and "target_mask" in loaded.input_names
    with pytest.raises(OnnxUnavailable, match="tokenizer"):
        load_onnx(tmp_path / UPPER_FILE)
