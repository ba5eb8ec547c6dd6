"""CPU seconds per component of bare spaCy, with spaCy's attribute ruler and with argmap's.

Usage::

    python bench/component_times.py                 # 120 bench essays, 3 rounds
    python bench/component_times.py --articles 30 --rounds 1

Two copies of the model are loaded: ``spacy`` as ``spacy.load`` gives it,
``compiled`` with :func:`argmap.pipeline.load.compile_attribute_rulers`
applied (argmap's ``argmap_attribute_ruler`` in the ruler's place). The
essays (bench/extract.py's ``write_corpus``) go through both in batches of
``--batch-size``, the two copies alternating batch by batch; inside a batch
each component's ``pipe`` is timed (``time.process_time``) as ``nlp.pipe``
would run it. A component's figure is its best round; the output is JSON,
with the ratio of the two rulers' times.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from extract import write_corpus  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default=os.environ.get("ARGMAP_SPACY_MODEL"))
    parser.add_argument("--articles", type=int, default=120)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args(argv)

    import spacy

    from argmap.pipeline.load import MODEL_CANDIDATES, compile_attribute_rulers

    name = args.model
    if not name:
        for candidate in MODEL_CANDIDATES:
            try:
                spacy.load(candidate)
            except (OSError, ImportError):
                continue
            name = candidate
            break
    pipelines = {"spacy": spacy.load(name), "compiled": spacy.load(name)}
    if not compile_attribute_rulers(pipelines["compiled"]):
        raise SystemExit("the model's attribute ruler does not compile")
    with tempfile.TemporaryDirectory() as tmp:
        words = write_corpus(Path(tmp), args.articles)
        texts = [p.read_text(encoding="utf-8") for p in sorted(Path(tmp).iterdir())]
    batches = [texts[i:i + args.batch_size] for i in range(0, len(texts), args.batch_size)]
    for nlp in pipelines.values():  # warm up
        list(nlp.pipe(texts[:4]))
    best: dict[str, dict[str, float]] = {k: {} for k in pipelines}
    for r in range(args.rounds):
        spent = {k: {n: 0.0 for n in nlp.pipe_names} for k, nlp in pipelines.items()}
        for b, batch in enumerate(batches):
            order = list(pipelines) if (b + r) % 2 == 0 else list(pipelines)[::-1]
            for key in order:
                nlp = pipelines[key]
                docs = [nlp.make_doc(t) for t in batch]
                for pname, proc in nlp.pipeline:
                    t = time.process_time()
                    docs = list(proc.pipe(docs, batch_size=args.batch_size))
                    spent[key][pname] += time.process_time() - t
        for key in pipelines:
            for pname, secs in spent[key].items():
                best[key][pname] = min(best[key].get(pname, float("inf")), secs)
        print(f"  round {r + 1}: load {os.getloadavg()[0]:.1f} "
              + " ".join(f"{k}:attribute_ruler={spent[k]['attribute_ruler']:.3f}" for k in spent),
              file=sys.stderr)
    result = {
        "model": name, "articles": args.articles, "words": words, "rounds": args.rounds,
        "load_average": round(os.getloadavg()[0], 2),
        "cpu_s": {k: {n: round(v, 3) for n, v in best[k].items()} for k in best},
        "total_cpu_s": {k: round(sum(best[k].values()), 3) for k in best},
        "attribute_ruler_speedup": round(best["spacy"]["attribute_ruler"]
                                         / best["compiled"]["attribute_ruler"], 1),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
