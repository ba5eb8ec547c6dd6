"""CPU time of each of argmap's own stages, on the bench essays of ``bench/extract.py``.

Usage::

    python bench/stage_times.py              # lexicon backend
    python bench/stage_times.py --model      # also the stance model's onnxruntime runs

The essays go through the pipeline once; then each stage is re-run on the
processed Docs (best of ``--repeat``, ``process_time``), without a profiler:
cProfile counts every spaCy Token built as a call and inflates their cost
several times over. With ``--model`` the stance model scores the pairs of
one more ``nlp.pipe`` over all essays, its two onnxruntime graphs, tokenizer
and glue timed apart. For an A/B, run it with ``PYTHONPATH`` on each code
version, alternating, and compare within the session (see
``bench/notes/speed-s17.md``).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extract import write_corpus  # noqa: E402  (bench/extract.py: the same essays)


def best(run, repeat: int) -> float:
    """Least CPU seconds of ``repeat`` calls of ``run``."""
    out = float("inf")
    for _ in range(repeat):
        t = time.process_time()
        run()
        out = min(out, time.process_time() - t)
    return out


class _Timed:
    """An onnxruntime session whose ``run`` calls are counted and timed."""

    def __init__(self, session) -> None:
        self.session, self.seconds, self.runs = session, 0.0, 0

    def get_inputs(self):
        return self.session.get_inputs()

    def run(self, *args, **kwargs):
        t = time.process_time()
        out = self.session.run(*args, **kwargs)
        self.seconds += time.process_time() - t
        self.runs += 1
        return out


def model_times(texts: list[str], model_name: str | None) -> dict[str, str]:
    """The stance model's share of one ``nlp.pipe`` over ``texts``."""
    from argmap.pipeline import load_pipeline

    nlp = load_pipeline(model_name)
    model = nlp.get_pipe("argmap_stance").model
    if model is None:
        return {"model": "unavailable"}
    list(nlp.pipe(texts[:8]))  # warm-up
    lower, upper = model._lower, model._upper
    spent = {"predict": 0.0, "encode": 0.0}
    predict, encode = model.predict, model.encode

    def timed(name, fn):
        def call(*args, **kwargs):
            t = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] += time.process_time() - t
        return call

    model.predict, model.encode = timed("predict", predict), timed("encode", encode)
    model._lower, model._upper = _Timed(lower), _Timed(upper)
    try:
        t = time.process_time()
        list(nlp.pipe(texts, batch_size=16))
        total = time.process_time() - t
        graphs = (model._lower, model._upper)
    finally:
        model._lower, model._upper = lower, upper
        del model.predict, model.encode  # back to the class's methods
    glue = spent["predict"] - spent["encode"] - sum(g.seconds for g in graphs)
    return {"pipeline, model backend": f"{total:7.3f}",
            "StanceModel.predict": f"{spent['predict']:7.3f}",
            "lower.onnx": f"{graphs[0].seconds:7.3f} ({graphs[0].runs} runs)",
            "upper.onnx": f"{graphs[1].seconds:7.3f} ({graphs[1].runs} runs)",
            "tokenizer (encode)": f"{spent['encode']:7.3f}",
            "glue": f"{glue:7.3f}"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spacy-model", default=os.environ.get("ARGMAP_SPACY_MODEL"))
    parser.add_argument("--articles", type=int, default=120)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--model", action="store_true", help="also time the stance model")
    args = parser.parse_args(argv)

    from argmap.engine import _finish
    from argmap.extract import _prepared, extract_doc
    from argmap.pipeline import load_pipeline
    from argmap.pipeline.entities import entity_ids

    with tempfile.TemporaryDirectory() as tmp:
        write_corpus(Path(tmp), args.articles)
        texts = [p.read_text(encoding="utf-8") for p in sorted(Path(tmp).iterdir())]
    nlp = load_pipeline(args.spacy_model, fast=True)
    docs = list(nlp.pipe([_prepared(nlp, t) for t in texts], batch_size=16))
    units, stance = nlp.get_pipe("argmap_units"), nlp.get_pipe("argmap_stance")
    relations = nlp.get_pipe("argmap_relations")
    found = [units.find_units(d) for d in docs]
    plans = [stance._plan(d) for d in docs]
    articles = [extract_doc(d, article_id=f"a{i}", text=t) for i, (d, t) in enumerate(zip(docs, texts))]
    stages = {
        "argmap_units segment": lambda: [units.find_units(d) for d in docs],
        "argmap_units assign_roles": lambda: [units.assign_roles(d, u) for d, u in zip(docs, found)],
        "argmap_stance plan (lexicon)": lambda: [stance._plan(d) for d in docs],
        "argmap_stance rows": lambda: [stance._rows(p) for p in plans],
        "argmap_relations": lambda: [relations.find_relations(d) for d in docs],
        "extract_doc": lambda: [extract_doc(d, article_id=f"a{i}", text=t)
                                for i, (d, t) in enumerate(zip(docs, texts))],
        "graph + JSON (_finish)": lambda: [_finish(a) for a in articles],
        "entity_ids (alone)": lambda: [entity_ids(d) for d in docs],
    }
    print(f"{len(texts)} essays, CPU-s best of {args.repeat}, load {os.getloadavg()[0]:.1f}")
    total = 0.0
    for name, run in stages.items():
        secs = best(run, args.repeat)
        total += secs if name != "entity_ids (alone)" else 0.0
        print(f"  {name:30s} {secs:7.3f}")
    print(f"  {'sum (without entity_ids)':30s} {total:7.3f}")
    if args.model:
        for name, value in model_times(texts, args.spacy_model).items():
            print(f"  {name:30s} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
