"""Wall time of commands on finished outputs (no spaCy), against reference runs.

Extracts ``corpus/`` once into a temporary folder, then times, in one run and
interleaved (so machine load hits every command alike), each command as a
fresh process, the way a user runs it:

* ``python -c pass`` (interpreter start-up, the floor);
* ``argmap summarize OUT/<seed>`` (target < 0.5 s);
* ``argmap export OUT/<seed> -f html`` (target < 0.6 s);
* ``argmap compare OUT/* --format html`` (pandas and scikit-learn: slower);
* ``argmap summarize corpus/<seed>.txt`` (the same summary, extracting now:
  the spaCy path, for the ratio).

Prints best and median wall seconds, each median as a ratio to start-up,
and the 1-minute load average before and after. Run::

    .venv/bin/python bench/finished_outputs.py            # 7 rounds
    .venv/bin/python bench/finished_outputs.py --rounds 15 --json out.json
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = "qs-2026-medical-rankings"
ARGMAP = [sys.executable, "-m", "argmap.cli"]


def _env() -> dict[str, str]:
    src = str(ROOT / "src")
    path = os.environ.get("PYTHONPATH", "")
    return dict(os.environ, PYTHONPATH=src + (os.pathsep + path if path else ""))


def _wall(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    took = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.decode()[-500:]}")
    return took


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--json", dest="json_out", default=None)
    args = parser.parse_args(argv)
    env = _env()
    with tempfile.TemporaryDirectory(prefix="argmap-bench-") as tmp:
        out = Path(tmp) / "out"
        subprocess.run([*ARGMAP, "extract", str(ROOT / "corpus"), "-o", str(out), "-q"],
                       env=env, check=True)
        folders = sorted(str(p) for p in out.iterdir() if p.is_dir())
        cases = {
            "python start-up": [sys.executable, "-c", "pass"],
            "summarize folder": [*ARGMAP, "summarize", str(out / SEED)],
            "export folder html": [*ARGMAP, "export", str(out / SEED), "-f", "html", "-o",
                                   str(Path(tmp) / "seed.html")],
            "compare folders html": [*ARGMAP, "compare", *folders, "--format", "html", "-o",
                                     str(Path(tmp) / "corpus.html")],
            "summarize .txt (spaCy)": [*ARGMAP, "summarize", str(ROOT / "corpus" / f"{SEED}.txt")],
        }
        load_before = os.getloadavg()[0]
        times: dict[str, list[float]] = {name: [] for name in cases}
        for name, cmd in cases.items():  # warm the file cache once
            _wall(cmd, env)
        for _ in range(args.rounds):
            for name, cmd in cases.items():
                times[name].append(_wall(cmd, env))
        load_after = os.getloadavg()[0]
    floor = statistics.median(times["python start-up"])
    print(f"load average (1 min): {load_before:.2f} before, {load_after:.2f} after; "
          f"{args.rounds} rounds, {os.cpu_count()} CPUs")
    print(f"{'command':<26}{'best s':>8}{'median s':>10}{'× start-up':>12}")
    rows = {}
    for name, values in times.items():
        med = statistics.median(values)
        rows[name] = {"best": min(values), "median": med, "ratio": med / floor}
        print(f"{name:<26}{min(values):>8.3f}{med:>10.3f}{med / floor:>12.1f}")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(
            {"load_before": load_before, "load_after": load_after, "rounds": args.rounds,
             "times": rows}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
