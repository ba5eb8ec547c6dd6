"""Cost of one onnxruntime run of each stance-model graph against its length.

Usage::

    python bench/stance_run_cost.py            # lengths 2, 8, 16, 28, 48 tokens

Each graph of the packaged stance model runs alone on random token ids
(one onnxruntime thread, best of 3 x ``--runs`` runs per length, CPU time);
a straight line fitted over the lengths splits a run into a fixed part
(kernel dispatch, allocation: what grouping runs could save) and a part
per token (int8 compute). ``lower.onnx`` runs once per sentence window,
``upper.onnx`` once per (sentence, target). See ``bench/notes/speed-s18.md``.
"""
from __future__ import annotations

import argparse
import os
import sys
import time


def _best(run, n: int) -> float:
    """Least mean CPU milliseconds per call over 3 rounds of ``n`` calls."""
    out = float("inf")
    for _ in range(3):
        t = time.process_time()
        for _ in range(n):
            run()
        out = min(out, (time.process_time() - t) / n)
    return out * 1e3


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lengths", default="2,8,16,28,48",
                        type=lambda s: [int(x) for x in s.split(",") if x])
    parser.add_argument("--runs", type=int, default=200, help="runs per length and round")
    args = parser.parse_args(argv)

    import numpy as np

    from argmap.pipeline.stance_model import load_stance_model

    model = load_stance_model()
    if model is None:
        print("stance model unavailable", file=sys.stderr)
        return 1
    rng = np.random.default_rng(0)
    rows = []
    for n in args.lengths:
        ids = rng.integers(1000, 5000, (1, n))
        ones = np.ones_like(ids)
        low = {"input_ids": ids, "attention_mask": ones, "token_type_ids": np.zeros_like(ids)}
        (hidden,) = model._lower.run(["hidden"], low)
        target = np.zeros_like(ids)
        target[0, n // 2] = 1
        up = {"hidden": hidden, "attention_mask": ones, "target_mask": target}
        rows.append((n, _best(lambda: model._lower.run(["hidden"], low), args.runs),
                     _best(lambda: model._upper.run(["probs"], up), args.runs)))
        print(f"  {n:3d} tokens: lower {rows[-1][1]:.3f} ms, upper {rows[-1][2]:.3f} ms")
    ns = np.array([r[0] for r in rows], dtype=float)
    for k, name in ((1, "lower"), (2, "upper")):
        slope, fixed = np.polyfit(ns, np.array([r[k] for r in rows]), 1)
        print(f"{name}.onnx: {fixed:.3f} ms per run + {slope * 1e3:.1f} us per token")
    print(f"load {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
