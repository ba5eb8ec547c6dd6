"""Time loading the institutions table and building the entity component.

    python bench/institutions_load.py

Prints, in one process: reading data/institutions.tsv and indexing it (the
cost the table adds), creating ``argmap_entities`` on ``spacy.blank("en")``
(curated patterns and countries), and running it on a 1,000-word text with
and without the table (ratio), plus the load average.
"""
from __future__ import annotations

import os
import time


def main() -> None:
    import spacy

    from argmap.pipeline import entities, gazetteer

    t0 = time.perf_counter()
    table = gazetteer.institution_table()
    entities._table_index()
    t1 = time.perf_counter()
    nlp = spacy.blank("en")
    comp = entities.EntityPatterns(nlp)
    t2 = time.perf_counter()
    doc_text = ("The University of Ghana and Makerere University gained, said Jane Doe of the "
                "University of Reading in the UK. ") * 50
    docs = [nlp.make_doc(doc_text) for _ in range(20)]
    t3 = time.perf_counter()
    for d in docs:
        comp(d)
    t4 = time.perf_counter()
    comp.use_table = False
    docs = [nlp.make_doc(doc_text) for _ in range(20)]
    t5 = time.perf_counter()
    for d in docs:
        comp(d)
    t6 = time.perf_counter()
    print(f"load average {os.getloadavg()[0]:.2f}")
    print(f"institutions.tsv: {len(table)} names read and indexed in {t1 - t0:.3f} s")
    print(f"argmap_entities created in {t2 - t1:.3f} s")
    print(f"20 texts of 1,000 words: {t4 - t3:.3f} s with the table, {t6 - t5:.3f} s without "
          f"(ratio {(t4 - t3) / max(t6 - t5, 1e-9):.2f})")


if __name__ == "__main__":
    main()
