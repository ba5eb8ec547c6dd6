"""Check that extraction is linear in the number of units, and bounded in memory.

Two hostile shapes from issue 12: many short lines (every line is a unit
and a paragraph) and one very long sentence. Each size runs in a fresh
process (``--one``), so the peak resident memory is that run's own. Run::

    .venv/bin/python bench/scaling.py                    # en_core_web_sm (or --model blank)
    .venv/bin/python bench/scaling.py --lines 5000 10000 20000 40000 --sentence 200000

Linear time shows as a time ratio near the size ratio (2.0 for each
doubling); compare ratios within one run and quote the load average,
since the machine is shared.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time

WORDS = ("rankings", "mislead", "students", "funding", "prestige", "outcomes", "schools",
         "research", "employers", "matter")


def many_lines(n: int) -> str:
    """``n`` one-word lines."""
    return "\n".join(WORDS[i % len(WORDS)] for i in range(n)) + "\n"


def long_sentence(chars: int) -> str:
    """One sentence of about ``chars`` characters, no full stop until the end."""
    out, size, i = [], 0, 0
    while size < chars:
        w = WORDS[i % len(WORDS)]
        out.append(w)
        size += len(w) + 1
        i += 1
    return " ".join(out) + ".\n"


def _one(shape: str, size: int, model: str, bare: bool = False) -> dict:
    from argmap.extract import extract_article
    from argmap.pipeline import load_pipeline

    nlp = load_pipeline(model)
    if bare:  # the same spaCy pipeline without argmap's components
        nlp.disable_pipes(*[name for name in nlp.pipe_names if name.startswith("argmap")])
    nlp.max_length = max(nlp.max_length, 2 * size + 10)
    text = many_lines(size) if shape == "lines" else long_sentence(size)
    t0 = time.perf_counter()
    cpu0 = time.process_time()
    if bare:
        nlp(text)
        n_units = 0
    else:
        n_units = len(extract_article(text, article_id="bench", nlp=nlp).units)
    return {"shape": shape, "size": size, "chars": len(text), "units": n_units,
            "wall_s": round(time.perf_counter() - t0, 2),
            "cpu_s": round(time.process_time() - cpu0, 2),
            "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=None, help="spaCy model (default: argmap's default)")
    ap.add_argument("--lines", type=int, nargs="*", default=[5000, 10000, 20000, 50000])
    ap.add_argument("--sentence", type=int, nargs="*", default=[50000, 200000])
    ap.add_argument("--bare", action="store_true",
                    help="also run the spaCy pipeline alone (argmap's components disabled)")
    ap.add_argument("--one", nargs=3, metavar=("SHAPE", "SIZE", "BARE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(_one(args.one[0], int(args.one[1]), args.model, args.one[2] == "1")))
        return
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for shape, sizes, bare in [(s, z, b) for s, z in (("lines", args.lines),
                                                       ("sentence", args.sentence))
                               for b in ((False, True) if args.bare else (False,))]:
        prev = None
        for size in sizes:
            cmd = [sys.executable, __file__, "--one", shape, str(size), "1" if bare else "0"]
            if args.model:
                cmd[2:2] = ["--model", args.model]
            row = json.loads(subprocess.run(cmd, check=True, capture_output=True,
                                            text=True).stdout)
            ratio = (f"  time x{row['cpu_s'] / prev['cpu_s']:.2f} for size "
                     f"x{size / prev['size']:.2f}" if prev and prev["cpu_s"] > 0 else "")
            print(f"{shape + (' (bare spaCy)' if bare else ''):21} {size:>7,}  {row['chars']:>8,} chars  {row['units']:>6,} units  "
                  f"cpu {row['cpu_s']:>7.2f} s  peak {row['peak_mb']:>5} MB{ratio}")
            prev = row
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
