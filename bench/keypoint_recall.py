"""How many of the key points a reader listed (tests/data/keypoints_expectations.json)
show up among the top key points of ``argmap keypoints``.

The expectations and the matching criterion were written down before the
command was first run on the corpus. Run on an extraction folder (or texts)::

    .venv/bin/argmap extract corpus/ -o outputs/
    .venv/bin/python bench/keypoint_recall.py outputs/
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from argmap.keypoint_tables import keypoints

EXPECT = Path(__file__).resolve().parents[1] / "tests" / "data" / "keypoints_expectations.json"


def found(expectation: dict, table) -> str | None:
    """The first top key point that covers the expectation, or None."""
    need = min(2, len(expectation["articles"]))
    for row in table.itertuples():
        arts = set(str(row.articles).split("|"))
        name = str(row.name).lower()
        if (len(arts & set(expectation["articles"])) >= need
                and any(k.lower() in name for k in expectation["keywords"])):
            return str(row.key_point)
    return None


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--threshold", type=float, default=None)
    args = ap.parse_args(argv)
    spec = json.loads(EXPECT.read_text(encoding="utf-8"))
    kp = keypoints(args.paths, threshold=args.threshold)
    top = kp.table.head(spec["top_k"])
    print(f"{len(kp.table)} key points from {kp.n_claims} units ({kp.backend}); "
          f"checking the top {spec['top_k']}")
    hits = 0
    for e in spec["expectations"]:
        kp_id = found(e, top)
        hits += kp_id is not None
        print(f"  {'found ' + kp_id if kp_id else 'missing':<12} {e['id']}")
    print(f"{hits} of {len(spec['expectations'])} expected key points found")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
