"""The factories work through the spacy_factories entry points and survive save/load."""
import subprocess
import sys

import spacy

PIPES = ["argmap_entities", "argmap_units", "argmap_stance", "argmap_relations"]


def test_entry_points_work_without_importing_argmap():
    code = (
        "import sys, spacy\n"
        "nlp = spacy.blank('en')\n"
        f"for name in {PIPES!r}: nlp.add_pipe(name)\n"
        "doc = nlp('Harvard is excellent. Rankings mislead students.')\n"
        "print(sorted((r[1], r[4]) for r in doc._.argmap_stances))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[('concept:rankings', 'con'), ('institution:harvard', 'pro')]"


def test_whole_pipeline_saves_and_loads(tmp_path):
    nlp = spacy.blank("en")
    for name in PIPES:
        nlp.add_pipe(name)
    nlp.get_pipe("argmap_entities").add_patterns([
        {"id": "institution:acme", "label": "Acme University", "kind": "institution",
         "country": "country:NL", "patterns": ["Acme"]}])
    nlp.to_disk(tmp_path / "model")
    loaded = spacy.load(tmp_path / "model")
    assert loaded.pipe_names == PIPES
    text = "Acme is excellent, but rankings mislead students."
    assert loaded(text)._.argmap_stances == nlp(text)._.argmap_stances
    assert loaded(text).ents[0].id_ == "institution:acme"
