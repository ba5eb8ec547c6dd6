"""CPU time of the document-finishing path of ``argmap extract``, per function.

Usage::

    python bench/finish_times.py            # lexicon backend
    python bench/finish_times.py --model    # stance model backend

Runs ``extract_corpus`` (the library path ``bench/extract.py`` times) over
the bench essays ``--repeat`` times; in each run the functions around the
pipeline (records, graph + JSON, language check, writes, corpus tables)
are wrapped with a ``process_time`` counter, without a profiler, and the
garbage collector's own time is counted through ``gc.callbacks``. See
``bench/notes/speed-s18.md``.
"""
from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extract import _cpu, run_argmap, write_corpus  # noqa: E402  (the same essays and path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spacy-model", default=None)
    parser.add_argument("--articles", type=int, default=120)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--model", action="store_true", help="stance model backend")
    args = parser.parse_args(argv)

    import argmap.engine as engine
    import argmap.extract as extract
    import argmap.io as io
    from argmap.pipeline import load_pipeline

    spent: dict[str, float] = {}

    def wrap(owner, name: str, label: str | None = None) -> None:
        fn, label = getattr(owner, name), label or name

        def timed(*a, **k):
            t = time.process_time()
            try:
                return fn(*a, **k)
            finally:
                spent[label] = spent.get(label, 0.0) + time.process_time() - t
        setattr(owner, name, timed)

    wrap(engine, "_finish")
    wrap(engine, "not_english_reason")
    wrap(engine, "cache_key")
    wrap(extract, "extract_doc")
    wrap(extract, "_prepared")
    for name in ("write_rendered", "write_cache_key", "clear_cache_key", "read_source_page",
                 "write_manifest"):
        wrap(io, name)
    wrap(io.TableWriter, "add", "TableWriter.add")
    wrap(io.TableWriter, "close", "TableWriter.close")
    started = [0.0]

    def collecting(phase, info):
        if phase == "start":
            started[0] = time.process_time()
        else:
            spent["garbage collection"] = (spent.get("garbage collection", 0.0)
                                           + time.process_time() - started[0])

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        write_corpus(src, args.articles)
        files = sorted(str(p) for p in src.iterdir())
        nlp = load_pipeline(args.spacy_model, fast=not args.model)
        run_argmap(files[:8], Path(tmp) / "warm", nlp, 1, 16)
        gc.callbacks.append(collecting)
        try:
            for r in range(args.repeat):
                spent.clear()
                cpu = _cpu()
                run_argmap(files, Path(tmp) / f"out{r}", nlp, 1, 16)
                cpu = _cpu() - cpu
                print(f"run {r + 1}: {cpu:.2f} CPU-s in all")
                for name, secs in sorted(spent.items(), key=lambda x: -x[1]):
                    print(f"  {name:22s} {secs:7.3f}")
        finally:
            gc.callbacks.remove(collecting)
    return 0


if __name__ == "__main__":
    sys.exit(main())
