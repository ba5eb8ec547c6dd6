"""The shared ONNX loader: typed errors, fixed options, the digest of the file."""
from __future__ import annotations

import hashlib

import pytest

from argmap.encoder import ENCODER_DIR, EncoderUnavailable
from argmap.onnx_model import OnnxUnavailable, load_onnx
from argmap.pipeline.stance_model import ModelUnavailable, default_model_dir


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


@pytest.mark.parametrize("folder", [default_model_dir(), ENCODER_DIR])
def test_packaged_models_load_with_their_digest(folder):
    if not (folder / "model.onnx").is_file():
        pytest.skip("model file not installed")
    loaded = load_onnx(folder, threads=1)
    assert loaded.sha256 == hashlib.sha256((folder / "model.onnx").read_bytes()).hexdigest()
    assert "input_ids" in loaded.input_names
    assert loaded.tokenizer.truncation is None and loaded.tokenizer.padding is None
