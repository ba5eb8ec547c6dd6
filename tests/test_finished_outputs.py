"""Commands on finished outputs (extraction folders, article.json) never import spaCy."""
from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from argmap.cli import cli

ESSAYS = {
    "pro": "Rankings are a useful and reliable guide. Harvard deserves its place at the top.",
    "con": "Rankings mislead students. Prestige is an overrated and flawed signal.",
}

_PROBE = """
import sys
from argmap.cli import cli
try:
    cli(sys.argv[1:], standalone_mode=False)
finally:
    loaded = sorted(m for m in sys.modules if m == "spacy" or m.startswith(("spacy.", "thinc")))
    print("LOADED:" + ",".join(loaded), file=sys.stderr)
"""


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    root = tmp_path_factory.mktemp("finished")
    for name, text in ESSAYS.items():
        (root / f"{name}.txt").write_text(text, encoding="utf-8")
    out = root / "out"
    res = CliRunner().invoke(cli, ["extract", str(root), "-o", str(out), "--model", "blank", "-q"])
    assert res.exit_code == 0, res.output
    return out


@pytest.mark.parametrize("args", [
    ["summarize", "{out}/pro"],
    ["summarize", "{out}/con/article.json", "--format", "json"],
    ["export", "{out}/pro", "-f", "html", "-o", "{out}/pro.html"],
    ["export", "{out}/con/graph.json", "-f", "graphml"],
    ["compare", "{out}/pro", "{out}/con", "--format", "html", "-o", "{out}/corpus.html"],
])
def test_no_spacy_import(outputs, args):
    argv = [a.format(out=outputs) for a in args]
    proc = subprocess.run([sys.executable, "-c", _PROBE, *argv], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "LOADED:\n" in proc.stderr or proc.stderr.rstrip().endswith("LOADED:"), proc.stderr[-500:]


def test_compare_html_to_a_file_and_a_folder(outputs, tmp_path):
    runner = CliRunner()
    page = tmp_path / "view.html"
    res = runner.invoke(cli, ["compare", str(outputs / "pro"), str(outputs / "con"),
                              "--format", "html", "-o", str(page)])
    assert res.exit_code == 0, res.output
    assert res.output.strip() == str(page)
    assert "argmap: 2 articles" in page.read_text(encoding="utf-8")
    res = runner.invoke(cli, ["compare", str(outputs / "pro"), str(outputs / "con"),
                              "--format", "html", "-o", str(tmp_path / "cmp"), "-q"])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in (tmp_path / "cmp").iterdir()) == [
        "agreements.csv", "alignments.csv", "articles.csv", "corpus.html", "entities.csv",
        "stances.csv"]
    res = runner.invoke(cli, ["compare", str(outputs / "pro"), str(outputs / "con"),
                              "-o", str(page)])
    assert res.exit_code == 1 and "must be a folder" in res.output


def test_compare_html_has_the_keypoint_panel_before_the_evidence(outputs, tmp_path):
    import json

    page = tmp_path / "view.html"
    res = CliRunner().invoke(cli, ["compare", str(outputs / "pro"), str(outputs / "con"),
                                   "--format", "html", "-o", str(page), "-q"])
    assert res.exit_code == 0, res.output
    text = page.read_text(encoding="utf-8")
    data = json.loads(text.split('id="argmap-data">', 1)[1].split("</script>", 1)[0])
    assert [s["id"] for s in data["sections"]] == ["matrix", "network", "keypoints", "evidence"]
    kp = data["sections"][2]
    assert kp["kind"] == "table" and kp["columns"][1] == "key point"
