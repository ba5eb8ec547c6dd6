"""The s18 adversarial pass: inputs that crashed, hung or were dropped silently before it.

Every input here is written for the test. The table of attacks (also those
that already behaved) is in ``bench/notes/robustness-s18.md``.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from argmap import io
from argmap.cli import cli
from argmap.evaluate import read_brat, read_microtexts

ESSAY = ("School uniforms should not be required. For example, pupils in Denmark learn well "
         "without them because comfort helps attention. Admittedly, uniforms cost parents less.\n\n"
         "In conclusion, schools should let pupils choose their clothes.\n")
OTHER = ("The council said on Monday that bus lanes slow the city down. Critics argue the plan "
         "will hurt shops in the centre, because deliveries take longer. However, cyclists "
         "support it.\n")


def _run(*args: str):
    return CliRunner().invoke(cli, list(args))


def _one_line_error(result) -> str:
    assert "Traceback" not in result.output, result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


def _article(tmp_path: Path) -> Path:
    (tmp_path / "essay.txt").write_text(ESSAY, encoding="utf-8")
    result = _run("extract", str(tmp_path / "essay.txt"), "-o", str(tmp_path / "ext"),
                  "--model", "blank", "-q")
    assert result.exit_code == 0, result.output
    return tmp_path / "ext" / "essay" / "article.json"


# -- corpus files ---------------------------------------------------------------------------
@pytest.mark.parametrize("line, message", [
    ("[" * 50_000, "not valid JSON (nested too deeply)"),
    (json.dumps({"text": ESSAY + " \ud800"}), "lone surrogate (U+D800)"),
    (json.dumps({"text": ESSAY + "\u0000 more."}), "column 'text' holds a NUL character"),
    (json.dumps({"title": "\u0000", "text": ESSAY}), "column 'title' holds a NUL character"),
    ('{"text": "' + ESSAY.replace("\n", " ") + '", "id": NaN}', "NaN is not a JSON number"),
    (json.dumps({"text": "Rankings " + "&" * 300}), "a run of 300 punctuation characters"),
])
def test_jsonl_row_is_one_line_and_the_rest_goes_on(tmp_path, line, message):
    corpus = tmp_path / "desk.jsonl"
    corpus.write_text(line + "\n" + json.dumps({"id": "ok", "text": OTHER}) + "\n",
                      encoding="utf-8")
    result = _run("extract", str(corpus), "-o", str(tmp_path / "out"), "--model", "blank", "-q")
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    errors = [ln for ln in result.output.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and message in errors[0] and f"{corpus}:1: " in errors[0], errors
    assert (tmp_path / "out" / "ok" / "article.json").is_file()
    manifest = io.read_manifest(tmp_path / "out")
    assert [a["status"] for a in manifest["articles"]] == ["failed", "extracted"]


def test_csv_row_with_nul_is_refused_like_a_file(tmp_path):
    corpus = tmp_path / "desk.csv"
    corpus.write_bytes(b"id,text\nbad,\"" + ESSAY.encode() + b"\x00\"\ngood,\"" + OTHER.encode()
                       + b"\"\n")
    result = _run("extract", str(corpus), "-o", str(tmp_path / "out"), "--model", "blank", "-q")
    assert result.exit_code == 1
    assert f"error: {corpus}:2: column 'text' holds a NUL character; not text" in result.output
    assert (tmp_path / "out" / "good").is_dir() and not (tmp_path / "out" / "bad").exists()


@pytest.mark.parametrize("name, data", [("empty.jsonl", ""), ("blank.jsonl", "\n \n\n")])
def test_corpus_file_without_rows_gets_a_line(tmp_path, name, data):
    (tmp_path / name).write_text(data, encoding="utf-8")
    (tmp_path / "a.txt").write_text(ESSAY, encoding="utf-8")
    result = _run("extract", str(tmp_path / name), str(tmp_path / "a.txt"), "-o",
                  str(tmp_path / "out"), "--model", "blank", "-q")
    assert result.exit_code == 1
    assert f"error: {tmp_path / name}: no articles (the corpus file has no rows)" in result.output
    assert "1 of 2 inputs failed" in result.output


def test_corpus_line_over_the_limit_is_one_bad_row(tmp_path):
    corpus = tmp_path / "big.jsonl"
    with corpus.open("w", encoding="utf-8") as fh:
        fh.write('{"text": "' + "word " * 40_000 + '"}\n')
        fh.write(json.dumps({"id": "after", "text": ESSAY}) + "\n")
    lines = [r for r in io.read_corpus(str(corpus), max_chars=1000)]
    assert isinstance(lines[0], io.InputError)
    assert str(lines[0]) == f"{corpus}:1: too long (a line of over 71,536 characters; see --max-chars)"
    assert lines[1].id == "after" and lines[1].row == 2


def test_corpus_name_with_a_newline_is_escaped(tmp_path):
    corpus = tmp_path / "desk\nnotes.jsonl"
    corpus.write_text("[1]\n", encoding="utf-8")
    result = _run("extract", str(corpus), "-o", str(tmp_path / "out"), "--model", "blank", "-q")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == f"error: {tmp_path}/desk\\nnotes.jsonl:1: not a JSON object"


# -- file names ------------------------------------------------------------------------------
def test_file_name_that_is_not_utf8_is_extracted(tmp_path):
    name = os.fsdecode(os.fsencode(str(tmp_path)) + b"/caf\xe9.txt")
    Path(name).write_text(ESSAY, encoding="utf-8")
    result = _run("extract", str(tmp_path), "-o", str(tmp_path / "out"), "--model", "blank", "-q")
    assert result.exit_code == 0, result.output
    (entry,) = io.read_manifest(tmp_path / "out")["articles"]
    assert entry["source"].endswith("/caf\\xe9.txt") and entry["id"] == "caf"
    assert io.read_article(tmp_path / "out" / "caf").source == entry["source"]


# -- text that the tokenizer cannot take -----------------------------------------------------------
@pytest.mark.parametrize("name, data", [
    ("amp.txt", ESSAY + "&" * 5_000 + "\n"),
    ("amp.html", "<html><body><p>" + ESSAY + "</p><p>" + "&amp;" * 5_000 + "</p></body></html>"),
    ("stars.md", ESSAY + "a" * 300 + "*" * 250 + "\n"),
    ("emoji.txt", ESSAY + "Great! " + "\U0001F600" * 300 + "\n"),
])
def test_long_run_of_punctuation_is_refused(tmp_path, name, data):
    (tmp_path / name).write_text(data, encoding="utf-8")
    result = _run("extract", str(tmp_path / name), "-o", str(tmp_path / "out"), "--model", "blank",
                  "-q")
    assert result.exit_code == 1
    assert "punctuation characters or symbols at offset" in result.output
    assert "not prose" in result.output
    result = _run("summarize", str(tmp_path / name), "--model", "blank")
    assert "punctuation characters or symbols" in _one_line_error(result)


@pytest.mark.parametrize("run", ["&" * 200, "a" * 2_000, "https://example.org/" + "a/b-" * 300,
                                 "a" * 300 + "*" * 150, "(" * 150 + "a" + ")" * 150])
def test_long_words_and_urls_are_kept(tmp_path, run):
    (tmp_path / "ok.txt").write_text(ESSAY + run + "\n", encoding="utf-8")
    result = _run("extract", str(tmp_path / "ok.txt"), "-o", str(tmp_path / "out"), "--model",
                  "blank", "-q")
    assert result.exit_code == 0, result.output


# -- article.json and graph files ------------------------------------------------------------------
@pytest.mark.parametrize("damage, message", [
    (lambda raw: "[" * 50_000, "(nested too deeply)"),
    (lambda raw: raw.replace('"confidence": ', '"confidence": NaN, "c": ', 1),
     "(NaN is not a JSON number)"),
    (lambda raw: raw.replace('"id": "essay"', '"id": "\\udfff"', 1), "lone surrogate (U+DFFF)"),
])
@pytest.mark.parametrize("command", ["summarize", "export", "compare", "keypoints"])
def test_strict_json_for_article_inputs(tmp_path, damage, message, command):
    art = _article(tmp_path)
    bad = tmp_path / "bad.json"
    bad.write_text(damage(art.read_text(encoding="utf-8")), encoding="utf-8")
    args = {"summarize": ["summarize", str(bad)],
            "export": ["export", str(bad), "--all", "-o", str(tmp_path / "x") + "/", "-q"],
            "compare": ["compare", str(bad), str(art), "-q"],
            "keypoints": ["keypoints", str(bad), str(art), "-q"]}[command]
    result = _run(*args)
    assert result.exit_code == 1
    line = _one_line_error(result)
    assert line.startswith(f"Error: {bad}: ") and message in line, line
    assert not (tmp_path / "x").exists()


def _node_link(G: nx.MultiDiGraph) -> dict:
    return nx.node_link_data(G, edges="edges")


def _int_ids() -> dict:
    G = nx.MultiDiGraph()
    G.add_edge(0, 1)
    return _node_link(G)


def _dict_attribute() -> dict:
    G = nx.MultiDiGraph()
    G.add_node("a", label="A")
    data = _node_link(G)
    data["nodes"][0]["label"] = {"text": ["A"]}
    return data


def _graph_list() -> dict:
    G = nx.MultiDiGraph()
    G.add_node("a", label="A")
    return {**_node_link(G), "graph": [1, 2]}


@pytest.mark.parametrize("make, message", [
    (_int_ids, "node id 0 is not a str"),
    (_dict_attribute, "node 'a' attribute 'label' is dict, not str/int/float/bool"),
    (_graph_list, "the graph attributes are a list, not an object"),
])
@pytest.mark.parametrize("fmt", ["graphml", "dot", "html"])
def test_graph_file_with_values_no_format_takes(tmp_path, make, message, fmt):
    path = tmp_path / "g.json"
    path.write_text(json.dumps(make()), encoding="utf-8")
    result = _run("export", str(path), "-f", fmt)
    assert result.exit_code == 1
    assert _one_line_error(result) == f"Error: {path}: cannot read graph ({message})"


def test_graph_json_in_a_folder_is_read_strictly(tmp_path):
    (tmp_path / "art").mkdir()
    (tmp_path / "art" / "graph.json").write_text("[" * 50_000, encoding="utf-8")
    result = _run("export", str(tmp_path / "art"), "-f", "json")
    assert result.exit_code == 1
    assert _one_line_error(result).endswith("cannot read graph (nested too deeply)")


# -- options ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("phrase", ["", "   ", ".*", "(", "\\", "'"])
@pytest.mark.parametrize("command", ["extract", "summarize"])
def test_target_without_a_letter_is_a_usage_error(tmp_path, phrase, command):
    (tmp_path / "a.txt").write_text(ESSAY, encoding="utf-8")
    args = [command, str(tmp_path / "a.txt"), "--model", "blank", "--target", phrase]
    if command == "extract":
        args += ["-o", str(tmp_path / "out")]
    result = _run(*args)
    assert result.exit_code == 1
    assert _one_line_error(result) == (f"Error: --target {io.shown(phrase)!r}: not a usable target "
                                       "phrase (it needs a letter or a digit)")
    assert not (tmp_path / "out").exists()


def test_target_with_metacharacters_and_a_word_is_taken_literally(tmp_path):
    (tmp_path / "a.txt").write_text(ESSAY, encoding="utf-8")
    result = _run("summarize", str(tmp_path / "a.txt"), "--model", "blank", "--format", "json",
                  "--target", "uniforms (.*)", "--all")
    assert result.exit_code == 0, result.output


def test_min_similarity_nan_is_refused(tmp_path):
    art = _article(tmp_path)
    (tmp_path / "b.txt").write_text(OTHER, encoding="utf-8")
    result = _run("compare", str(art), str(tmp_path / "b.txt"), "--model", "blank",
                  "--min-similarity", "nan")
    assert result.exit_code == 1
    assert _one_line_error(result) == "Error: --min-similarity must be a number, not nan"


# -- FIFOs among inputs and gold files (a subprocess: a regression hangs, the timeout fails it) ---------------
def test_fifos_are_refused_without_hanging(tmp_path):
    os.mkfifo(tmp_path / "desk.jsonl")
    os.mkfifo(tmp_path / "gold.jsonl")
    (tmp_path / "a.txt").write_text(ESSAY, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(io.__file__).parents[2])}
    proc = subprocess.run([sys.executable, "-m", "argmap.cli", "extract", str(tmp_path / "desk.jsonl"),
                           str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "--model", "blank",
                           "-q"], capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.splitlines()[0] == (f"error: {tmp_path / 'desk.jsonl'}: not a regular file "
                                           "(a device, FIFO or socket); only files and '-' are read")
    proc = subprocess.run([sys.executable, "-m", "argmap.cli", "evaluate", str(tmp_path / "gold.jsonl"),
                           "--format", "newsmtsc", "--fast", "--model", "blank"],
                          capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "not a regular file" in proc.stderr


def test_gold_fifo_documents_are_skipped(tmp_path):
    """read_brat/read_microtext in a child process, so a regression hangs the child only."""
    (tmp_path / "brat").mkdir()
    (tmp_path / "brat" / "a.txt").write_text("Uniforms help.", encoding="utf-8")
    os.mkfifo(tmp_path / "brat" / "a.ann")
    (tmp_path / "mt").mkdir()
    os.mkfifo(tmp_path / "mt" / "b.xml")
    code = ("import sys; from argmap.evaluate import read_brat, read_microtexts\n"
            "lines = []\n"
            f"read_brat({str(tmp_path / 'brat')!r}, on_error=lines.append)\n"
            f"read_microtexts({str(tmp_path / 'mt')!r}, on_error=lines.append)\n"
            "print('\\n'.join(lines))\n")
    env = {**os.environ, "PYTHONPATH": str(Path(io.__file__).parents[2])}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"{tmp_path / 'brat' / 'a.ann'}: ") and "not a regular file" in lines[0]
    assert lines[1].startswith(f"{tmp_path / 'mt' / 'b.xml'}: ") and "not a regular file" in lines[1]


def test_gold_files_keep_their_offsets(tmp_path):
    """The bounded reads decode as before: CRLF kept for brat offsets, newlines normalised for XML."""
    (tmp_path / "a.txt").write_bytes(b"Uniforms help.\r\nReally.")
    (tmp_path / "a.ann").write_bytes(b"T1\tMajorClaim 0 13\tUniforms help\r\nT2\tClaim 16 23\tReally.\n")
    (doc,) = read_brat(tmp_path, on_error=pytest.fail)
    assert [u.text for u in doc.units] == ["Uniforms help", "Really."]
    assert read_microtexts(tmp_path / "none", on_error=pytest.fail) == []


@pytest.mark.parametrize("line, message", [
    ("[" * 50_000, "nested too deeply"),
    ('{"id": "org:s", "label": "\\ud800", "patterns": ["\\ud800x"]}',
     "a string holds a lone surrogate (U+D800), not Unicode text"),
])
def test_patterns_line_is_skipped_with_a_warning(tmp_path, line, message):
    (tmp_path / "pat.jsonl").write_text(line + "\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(ESSAY, encoding="utf-8")
    result = _run("extract", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "--model",
                  "blank", "-q", "--patterns", str(tmp_path / "pat.jsonl"))
    assert result.exit_code == 0, result.output
    assert result.output == f"warning: {tmp_path / 'pat.jsonl'}:1: {message}; line skipped\n"


def test_newsmtsc_hostile_lines_are_skipped(tmp_path):
    gold = tmp_path / "gold.jsonl"
    good = {"sentence_normalized": "Acme did well.", "targets": [{"from": 0, "to": 4, "polarity": 6}]}
    gold.write_text("[" * 50_000 + "\n"
                    + '{"sentence_normalized": "\\ud800 did well.", "targets": '
                      '[{"from": 0, "to": 1, "polarity": 6}]}\n'
                    + json.dumps(good) + "\n", encoding="utf-8")
    result = _run("evaluate", str(gold), "--format", "newsmtsc", "--fast", "--model", "blank",
                  "--bootstrap", "100", "--json")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert f"warning: {gold}:1: skipped: not a JSON object" in result.output
    assert f"warning: {gold}:2: skipped: not a JSON object" in result.output


def test_csv_field_over_the_limit_names_its_row_and_keeps_the_rows_before(tmp_path):
    corpus = tmp_path / "desk.csv"
    long_field = ("x" * 1000 + "\n") * 200  # 200 short lines, one field over the field limit
    corpus.write_text(f'id,text\ngood,"{OTHER}"\nhuge,"{long_field}"\nlost,"{ESSAY}"\n',
                      encoding="utf-8")
    result = _run("extract", str(corpus), "-o", str(tmp_path / "out"), "--model", "blank", "-q",
                  "--max-chars", "20000")
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    errors = [ln for ln in result.output.splitlines() if ln.startswith("error:")]
    assert errors == [f"error: {corpus}:3: not a readable CSV row (field larger than field "
                      "limit (131072)); this row and the rows after it were not read"], errors
    assert (tmp_path / "out" / "good" / "article.json").is_file()
    assert not (tmp_path / "out" / "lost").exists()
