"""Benchmark the ONNX stance model: load time, pairs per CPU-second, installed size.

Usage::

    python bench/stance_model.py                       # NewsMTSC dev pairs if found, else corpus/
    python bench/stance_model.py --pairs 300 --repeat 3
    python bench/stance_model.py --model build/stance/old --model src/argmap/data/stance

Load time is the wall and CPU time of ``StanceModel.load()`` (fresh session
and tokenizer, onnxruntime already imported; best of ``--repeat``). Speed is (text, target) pairs scored per CPU-second of this
process (``time.process_time``, one onnxruntime thread), best of
``--repeat``. The installed size adds up the onnxruntime and tokenizers
packages in this interpreter's site-packages and the packaged model folder.
The 1-minute load average is printed: other processes share the machine.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from argmap.pipeline.stance_model import StanceModel, default_model_dir  # noqa: E402

DEV = next((p / "shared" / "data" / "newsmtsc" / "dev.jsonl" for p in (ROOT.parent, ROOT.parent.parent)
            if (p / "shared" / "data" / "newsmtsc" / "dev.jsonl").is_file()),
           ROOT.parent / "shared" / "data" / "newsmtsc" / "dev.jsonl")


def pairs_from_newsmtsc(path: Path) -> list[tuple[str, int, int]]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            out += [(row["sentence_normalized"], t["from"], t["to"]) for t in row["targets"]]
    return out


def pairs_from_corpus() -> list[tuple[str, int, int]]:
    out = []
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        for sent in re.split(r"(?<=[.!?])\s+", path.read_text(encoding="utf-8")):
            m = re.search(r"\b[A-Z][a-z]+\b", sent[1:])
            if m:
                out.append((sent, m.start() + 1, m.end() + 1))
    return out


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(DEV), help="NewsMTSC jsonl to take pairs from")
    ap.add_argument("--pairs", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--model", action="append", default=[],
                    help="model folder (repeat to compare several in one run; default: packaged)")
    args = ap.parse_args()
    data = Path(args.data)
    pairs = pairs_from_newsmtsc(data) if data.is_file() else pairs_from_corpus()
    pairs = (pairs * (args.pairs // max(len(pairs), 1) + 1))[:args.pairs]
    import onnxruntime  # imported before timing: load time is the session + tokenizer

    folders = [Path(m) for m in args.model] or [default_model_dir()]
    loads = {f: [] for f in folders}
    load_cpu = {f: [] for f in folders}
    speeds = {f: [] for f in folders}
    for _ in range(args.repeat):
        for folder in folders:  # interleaved, so every model sees the same machine load
            t0, c0 = time.perf_counter(), time.process_time()
            model = StanceModel.load(folder)
            loads[folder].append(time.perf_counter() - t0)
            load_cpu[folder].append(time.process_time() - c0)
            c0 = time.process_time()
            model.predict(pairs)
            speeds[folder].append(len(pairs) / (time.process_time() - c0))
    import tokenizers

    sizes = {"onnxruntime": dir_size(Path(onnxruntime.__file__).parent),
             "tokenizers": dir_size(Path(tokenizers.__file__).parent),
             "model folder": dir_size(default_model_dir())}
    print(f"load average (1 min): {os.getloadavg()[0]:.2f}")
    print(f"pairs: {len(pairs)} from {data if data.is_file() else 'corpus/'}")
    for folder in folders:
        name = "" if len(folders) == 1 else f" [{folder}]"
        print(f"model load{name}: {min(loads[folder]):.3f} s wall, {min(load_cpu[folder]):.3f} CPU-s "
              f"(best of {args.repeat})")
        print(f"speed{name}: {max(speeds[folder]):.1f} pairs per CPU-second "
              f"(best of {args.repeat}, 1 thread)")
    for name, size in sizes.items():
        print(f"installed size {name}: {size / 1e6:.1f} MB")
    print(f"installed size total: {sum(sizes.values()) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
