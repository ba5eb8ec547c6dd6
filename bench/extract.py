"""Benchmark ``argmap extract``: words/s against bare spaCy, and peak memory.

Usage::

    python bench/extract.py                      # the figures in README "Performance"
    python bench/extract.py --articles 30 --memory-sizes 50,500 --repeat 1
    python bench/extract.py --both-backends --procs 1 --memory-sizes ""   # model and lexicon ratios, one run
    python bench/extract.py --both-backends --interleave 8   # the same, alternated chunk by chunk
    python bench/extract.py --both-backends --interleave 8 --words 100   # short texts (one or two paragraphs)
    python bench/extract.py --both-backends --interleave 8 --bare-compiled --spacy-ruler
        # also: bare spaCy with argmap's compiled attribute ruler, and argmap with spaCy's ruler

Throughput: the library path of ``argmap extract`` (read files, cache keys,
pipeline, records, graph, write article.json/graph.json and the corpus
tables into a temporary folder) against bare ``nlp.pipe`` of the same spaCy
model on the same texts, with 1 and 2 processes, in one run. Runs are
interleaved and the best of ``--repeat`` is kept, because other processes
share the machine.

Memory: a fresh subprocess per corpus size builds the corpus on disk, loads
the pipeline, resets the peak RSS (``/proc/self/clear_refs``) and runs the
same library path over it (one process); the figure is the peak RSS
(``VmHWM``) during the extraction.

Texts are generated: sentences of corpus/ recombined into essays, with
institutions, countries and concepts substituted at random (seeded).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"

INSTITUTIONS = ["Harvard", "Oxford", "Stanford", "Cambridge", "Karolinska Institutet", "Yale",
                "Johns Hopkins", "Imperial College London", "the University of Toronto",
                "the University of Melbourne", "ETH Zurich", "the Sorbonne", "Kyoto University",
                "the National University of Singapore", "McGill", "Heidelberg University"]
COUNTRIES = ["the United States", "the UK", "Sweden", "Canada", "Australia", "Germany", "France",
             "Japan", "Singapore", "India", "Brazil", "Nigeria", "South Korea", "Switzerland"]
CONCEPTS = ["rankings", "prestige", "research funding", "teaching quality", "tuition",
            "graduate outcomes", "reputation surveys", "citations", "league tables"]
_NAMES = re.compile("|".join(re.escape(n) for n in sorted(
    INSTITUTIONS + COUNTRIES + ["the United States", "US", "UK", "QS"], key=len, reverse=True)))
_CONCEPT = re.compile(r"\b(rankings|prestige|reputation|funding)\b")


def corpus_sentences() -> list[str]:
    """Return the sentences of corpus/ (a rough split is enough for recombining)."""
    out = []
    for path in sorted(CORPUS.glob("*.txt")):
        for para in path.read_text(encoding="utf-8").split("\n\n")[1:]:
            out += [s.strip() for s in re.split(r"(?<=[.!?])\s+", para) if len(s.split()) > 3]
    return out


def make_article(i: int, sentences: list[str], *, words: int = 600) -> str:
    """Return essay number ``i``: a title and paragraphs of recombined, substituted sentences."""
    rng = random.Random(i)
    inst, country, concept = rng.choice(INSTITUTIONS), rng.choice(COUNTRIES), rng.choice(CONCEPTS)
    paras, n = [], 0
    while n < words:
        para = []
        for _ in range(rng.randint(3, 6)):
            s = _NAMES.sub(lambda m: rng.choice(INSTITUTIONS + COUNTRIES), rng.choice(sentences))
            s = _CONCEPT.sub(lambda m: rng.choice(CONCEPTS) if rng.random() < 0.4 else m.group(), s)
            para.append(s)
            n += len(s.split())
        paras.append(" ".join(para))
    title = f"Why {inst} and {country} should rethink {concept} ({i})"
    return title + "\n\n" + "\n\n".join(paras) + "\n"


def write_corpus(folder: Path, n: int, *, words: int = 600) -> int:
    """Write ``n`` generated essays to ``folder`` one at a time; return the word count."""
    folder.mkdir(parents=True, exist_ok=True)
    sentences, total = corpus_sentences(), 0
    for i in range(n):
        text = make_article(i, sentences, words=words)
        total += len(text.split())
        (folder / f"essay-{i:05d}.txt").write_text(text, encoding="utf-8")
    return total


def _cpu() -> float:
    """CPU seconds of this process and its finished children (spaCy's workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def run_argmap(files: list[str], out: Path, nlp, n_process: int, batch_size: int) -> float:
    from argmap.engine import LocalEngine, extract_corpus

    t = time.perf_counter()
    outcomes = list(extract_corpus(files, out, engine=LocalEngine(nlp=nlp, batch_size=batch_size,
                                                                  n_process=n_process),
                                   use_cache=False))
    elapsed = time.perf_counter() - t
    assert all(o.status == "done" for o in outcomes), [o for o in outcomes if o.status != "done"]
    return elapsed


def run_bare(texts: list[str], bare, n_process: int, batch_size: int) -> float:
    t = time.perf_counter()
    for _ in bare.pipe(texts, batch_size=batch_size, n_process=n_process):
        pass
    return time.perf_counter() - t


def _prepare(args, tmp: str):
    """Write the essays into ``tmp``, load bare spaCy and the argmap pipelines, warm all up.

    Returns (files, texts, words, model name, {name: bare nlp}, {name: argmap nlp}). Bare
    spaCy is ``spacy.load`` as it comes ("bare"); ``--bare-compiled`` adds "bare_compiled",
    the same model with argmap's compiled attribute ruler in its ruler's place, and
    ``--spacy-ruler`` adds argmap pipelines that keep spaCy's own ruler ("*_spacy_ruler").
    """
    import spacy

    from argmap.pipeline import add_argmap_pipes, load_pipeline

    src = Path(tmp) / "in"
    words = write_corpus(src, args.articles, words=args.words)
    files = sorted(str(p) for p in src.iterdir())
    texts = [Path(f).read_text(encoding="utf-8") for f in files]
    nlp = load_pipeline(args.model, fast=args.fast)
    model = nlp.meta.get("lang", "en") + "_" + nlp.meta["name"]
    bares = {"bare": spacy.load(args.model or model)}
    if args.bare_compiled:
        from argmap.pipeline.load import compile_attribute_rulers

        bares["bare_compiled"] = spacy.load(args.model or model)
        if not compile_attribute_rulers(bares["bare_compiled"]):
            raise SystemExit("the model's attribute ruler does not compile")
    pipelines = {"argmap": nlp}
    if args.both_backends:
        pipelines["argmap_lexicon"] = load_pipeline(args.model, fast=True)
    if args.spacy_ruler:
        for name in list(pipelines):
            pipelines[name + "_spacy_ruler"] = add_argmap_pipes(
                spacy.load(args.model or model), fast=args.fast or name == "argmap_lexicon")
    # Warm up all (first-batch allocations, lazy tables).
    for bare in bares.values():
        run_bare(texts[:8], bare, 1, args.batch_size)
    for name, pipe in pipelines.items():
        run_argmap(files[:8], Path(tmp) / f"warm-{name}", pipe, 1, args.batch_size)
    return files, texts, words, model, bares, pipelines


def throughput(args) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        files, texts, words, model, bares, pipelines = _prepare(args, tmp)
        backend = pipelines["argmap"].get_pipe("argmap_stance").active_backend
        best: dict[str, float] = {}
        cpu: dict[str, float] = {}
        for _ in range(args.repeat):
            for procs in args.procs:
                for name in (*bares, *pipelines):
                    out = Path(tmp) / f"out-{name}-{procs}"
                    c = _cpu()
                    secs = (run_bare(texts, bares[name], procs, args.batch_size) if name in bares
                            else run_argmap(files, out, pipelines[name], procs, args.batch_size))
                    c = _cpu() - c
                    key = f"{name}_{procs}p"
                    best[key] = min(best.get(key, float("inf")), secs)
                    cpu[key] = min(cpu.get(key, float("inf")), c)
                    print(f"  {key}: {words / secs:,.0f} words/s ({words / c:,.0f} per CPU-s, "
                          f"load {os.getloadavg()[0]:.1f})", file=sys.stderr)
    wps = {k: words / v for k, v in best.items()}
    result = {
        "model": model, "stance_backend": backend, "articles": args.articles, "words": words,
        "load_average": round(os.getloadavg()[0], 2),
        "words_per_s": {k: round(v) for k, v in wps.items()},
        "words_per_cpu_s": {k: round(words / v) for k, v in cpu.items()},
    }
    for name in pipelines:
        result[f"{name}_vs_bare_1p_cpu"] = round(cpu["bare_1p"] / cpu[f"{name}_1p"], 3)
        result[f"{name}_vs_bare_1p"] = round(wps[f"{name}_1p"] / wps["bare_1p"], 3)
        if "bare_compiled" in bares:
            result[f"{name}_vs_bare_compiled_1p_cpu"] = round(
                cpu["bare_compiled_1p"] / cpu[f"{name}_1p"], 3)
    if "bare_compiled" in bares:
        result["bare_compiled_vs_bare_1p_cpu"] = round(cpu["bare_1p"] / cpu["bare_compiled_1p"], 3)
    if 2 in args.procs:
        result.update({
            "argmap_vs_bare_2p": round(wps["argmap_2p"] / wps["bare_2p"], 3),
            "argmap_2p_speedup": round(wps["argmap_2p"] / wps["argmap_1p"], 3),
            "bare_2p_speedup": round(wps["bare_2p"] / wps["bare_1p"], 3),
        })
    return result


def interleaved(args) -> dict:
    """Ratios with the systems alternated chunk by chunk (``--interleave K``).

    A shared machine's speed drifts by tens of percent within a minute (bare
    spaCy alone gave 3,650 and 5,080 words per CPU-second in two passes
    after each other at load 1.0), so whole passes run one after another
    compare different machines. Here each chunk of K essays is run by bare
    spaCy and by each argmap pipeline back to back, in an order that rotates
    from chunk to chunk, ``--repeat`` times; a system's CPU time for a chunk
    is its best of the repeats, and a ratio is bare's summed CPU time over
    the system's. The 95% interval resamples chunks (1,000 draws, seed 0).
    argmap pays its per-run set-up (manifest, corpus tables) once per chunk.
    """
    with tempfile.TemporaryDirectory() as tmp:
        files, texts, _, model, bares, pipelines = _prepare(args, tmp)
        k = args.interleave
        chunks = [range(i, min(i + k, len(files))) for i in range(0, len(files), k)]
        names = [*bares, *pipelines]
        cpu = {name: [float("inf")] * len(chunks) for name in names}
        for rep in range(args.repeat):
            for c, idx in enumerate(chunks):
                shift = (c + rep) % len(names)
                for name in names[shift:] + names[:shift]:
                    t = _cpu()
                    if name in bares:
                        run_bare([texts[i] for i in idx], bares[name], 1, args.batch_size)
                    else:
                        run_argmap([files[i] for i in idx], Path(tmp) / f"out-{name}-{c}-{rep}",
                                   pipelines[name], 1, args.batch_size)
                    cpu[name][c] = min(cpu[name][c], _cpu() - t)
            print(f"  round {rep + 1}: load {os.getloadavg()[0]:.1f}", file=sys.stderr)
    words = [sum(len(texts[i].split()) for i in idx) for idx in chunks]
    rng = random.Random(0)
    result = {"model": model, "articles": args.articles, "chunk_size": k, "chunks": len(chunks),
              "words": sum(words), "load_average": round(os.getloadavg()[0], 2),
              "words_per_cpu_s": {n: round(sum(words) / sum(cpu[n])) for n in names}}
    pairs = [(name, "bare") for name in pipelines]
    if "bare_compiled" in bares:
        pairs += [("bare_compiled", "bare")] + [(name, "bare_compiled") for name in pipelines]
    for name, base in pairs:
        ratio = sum(cpu[base]) / sum(cpu[name])
        draws = []
        for _ in range(1000):
            pick = [rng.randrange(len(chunks)) for _ in chunks]
            draws.append(sum(cpu[base][i] for i in pick) / sum(cpu[name][i] for i in pick))
        draws.sort()
        per_chunk = sorted(b / a for a, b in zip(cpu[name], cpu[base]))
        result[f"{name}_vs_{base}_1p_cpu"] = round(ratio, 3)
        result[f"{name}_vs_{base}_1p_cpu_ci95"] = [round(draws[24], 3), round(draws[974], 3)]
        result[f"{name}_vs_{base}_chunk_ratio_min_median_max"] = [
            round(per_chunk[0], 3), round(per_chunk[len(per_chunk) // 2], 3), round(per_chunk[-1], 3)]
    result["cpu_s"] = {n: round(sum(cpu[n]), 2) for n in names}
    return result


def memory_child(n: int, model: str | None, words: int, batch_size: int) -> None:
    """Run in a fresh process: build ``n`` essays, extract them, print peak RSS in MiB."""
    from argmap.engine import LocalEngine, extract_corpus

    with tempfile.TemporaryDirectory() as tmp:
        total = write_corpus(Path(tmp) / "in", n, words=words)
        engine = LocalEngine(model, batch_size=batch_size)
        engine.start()
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        load_rss = _status_kib("VmRSS")
        # Reset the peak (VmHWM) so it measures the extraction, not the model load.
        Path("/proc/self/clear_refs").write_text("5")
        t = time.perf_counter()
        bad = sum(o.status != "done" for o in extract_corpus(
            [str(Path(tmp) / "in")], Path(tmp) / "out", engine=engine, use_cache=False))
        secs = time.perf_counter() - t
        peak = _status_kib("VmHWM")
        now = _status_kib("VmRSS")
    print(json.dumps({"articles": n, "words": total, "seconds": round(secs, 1), "failed": bad,
                      "rss_after_load_mib": round(load_rss / 1024, 1),
                      "peak_rss_during_load_mib": round(base / 1024, 1),
                      "peak_rss_mib": round(peak / 1024, 1),
                      "rss_at_end_mib": round(now / 1024, 1)}))


def _status_kib(field: str) -> float:
    """A ``/proc/self/status`` figure in KiB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return float(line.split()[1])
    return float("nan")  # pragma: no cover - not Linux


def memory(args) -> list[dict]:
    rows = []
    for n in args.memory_sizes:
        cmd = [sys.executable, __file__, "--memory-child", str(n), "--memory-words",
               str(args.memory_words), "--batch-size", str(args.batch_size)]
        if args.model:
            cmd += ["--model", args.model]
        done = subprocess.run(cmd, capture_output=True, text=True, check=True)
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(f"  {n} articles: {rows[-1]}", file=sys.stderr)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default=os.environ.get("ARGMAP_SPACY_MODEL"))
    parser.add_argument("--articles", type=int, default=120, help="essays for the throughput runs")
    parser.add_argument("--words", type=int, default=600,
                        help="words per essay of the throughput runs (about 100: short texts of one "
                             "or two paragraphs, where short-text rules apply)")
    parser.add_argument("--repeat", type=int, default=3, help="keep the best of this many runs")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--fast", action="store_true", help="lexicon stance backend")
    parser.add_argument("--both-backends", action="store_true",
                        help="also time argmap with the lexicon backend (argmap_lexicon_*), same run")
    parser.add_argument("--bare-compiled", action="store_true",
                        help="also time bare spaCy with argmap's compiled attribute ruler "
                             "(bare_compiled): argmap's overhead over an equally fast spaCy")
    parser.add_argument("--spacy-ruler", action="store_true",
                        help="also time each argmap pipeline with spaCy's own attribute ruler "
                             "(*_spacy_ruler): the ruler's gain within one run")
    parser.add_argument("--procs", default="1,2", type=lambda s: [int(x) for x in s.split(",") if x],
                        help="process counts to time (1 must be among them)")
    parser.add_argument("--memory-sizes", default="100,2000",
                        type=lambda s: [int(x) for x in s.split(",") if x])
    parser.add_argument("--memory-words", type=int, default=200,
                        help="words per essay in the memory runs")
    parser.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--interleave", type=int, metavar="K",
                        help="alternate bare spaCy and argmap on chunks of K essays (1 process; "
                             "no memory runs): ratios robust to the machine's drift")
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    if args.memory_child:
        memory_child(args.memory_child, args.model, args.memory_words, args.batch_size)
        return 0
    if args.interleave is not None:
        if args.interleave < 1:
            parser.error("--interleave must be at least 1")
        print("interleaved throughput (chunks of %d, best of %d per chunk):"
              % (args.interleave, args.repeat), file=sys.stderr)
        result = {"interleaved": interleaved(args), "cpus": os.cpu_count()}
        print(json.dumps(result, indent=2))
        if args.json:
            Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        return 0
    print("throughput (best of %d):" % args.repeat, file=sys.stderr)
    result = {"throughput": throughput(args)}
    print("peak memory:", file=sys.stderr)
    result["memory"] = memory(args)
    if len(result["memory"]) >= 2:
        result["memory_ratio"] = round(result["memory"][-1]["peak_rss_mib"]
                                       / result["memory"][0]["peak_rss_mib"], 3)
    result["cpus"] = os.cpu_count()
    print(json.dumps(result, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
