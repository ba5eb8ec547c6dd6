"""Words per CPU-second: bare spaCy, argmap with the lexicon backend, argmap with the model.

Usage::

    python bench/stance_speed.py [--model-path DIR]

One process, one run, all three on the same texts (the corpus, the held-out
stance texts and the structure essays, each once), after a warm-up pass;
figures are ratios to bare ``nlp.pipe`` of the same spaCy model, with the
load average. No timed tests rely on it.
"""
from __future__ import annotations

import argparse
import glob
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model-path", default="", help="stance model folder (default: packaged)")
    args = ap.parse_args(argv)

    import spacy

    from argmap.extract import extract_articles
    from argmap.pipeline import load_pipeline

    files = sorted(glob.glob(str(ROOT / "corpus" / "*.txt"))
                   + glob.glob(str(ROOT / "tests" / "data" / "stance_heldout" / "*.txt"))
                   + glob.glob(str(ROOT / "tests" / "data" / "essays_*" / "*.txt")))
    texts = [Path(f).read_text(encoding="utf-8") for f in files]
    words = sum(len(t.split()) for t in texts)
    lex = load_pipeline(fast=True)
    mod = load_pipeline()
    tagger = mod.get_pipe("argmap_stance")
    tagger.model_path = args.model_path
    t = time.perf_counter()
    backend = tagger.active_backend
    load = time.perf_counter() - t
    bare = spacy.load(lex.meta["lang"] + "_" + lex.meta["name"])
    items = [(f"a{i}", t, "") for i, t in enumerate(texts)]

    def per_cpu_s(run) -> float:
        run()
        c = time.process_time()
        run()
        return words / (time.process_time() - c)

    b = per_cpu_s(lambda: list(bare.pipe(texts)))
    lx = per_cpu_s(lambda: list(extract_articles(items, nlp=lex)))
    print(f"{len(texts)} texts, {words} words; stance model: {backend} (load {load:.2f} s)")
    print(f"  bare spaCy        {b:8,.0f} words per CPU-s")
    print(f"  argmap, lexicon   {lx:8,.0f}  ({lx / b:.2f}x bare)")
    if backend == "model":
        m = per_cpu_s(lambda: list(extract_articles(items, nlp=mod)))
        print(f"  argmap, model     {m:8,.0f}  ({m / b:.2f}x bare)")
    print(f"  load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
