"""Issue 12: security, data loss and error messages, one test (or more) per numbered item.

Rules-only pipeline (``--model blank``) throughout; texts written for these tests.
"""
from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from argmap import io
from argmap.cli import cli
from argmap.engine import LocalEngine, extract_corpus

GOOD = ("Rankings don't help students choose a medical school. For example, Harvard and "
        "Oxford rank high because of research funding. Admittedly, rankings are useful for "
        "employers.\n\nIn conclusion, students should look at outcomes, not just prestige.\n")
OTHER = ("League tables reward wealth, not teaching. Small colleges in Uganda train excellent "
         "nurses because they focus on patients. Therefore ministries should fund teaching "
         "hospitals instead of chasing prestige.\n")


def _run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


def _extract(*args: str):
    return _run("extract", *args, "--model", "blank")


def _limit_memory() -> None:
    """In the child: cap the address space, so a regressed unbounded read fails, not the machine."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (6 << 30, 6 << 30))


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _one_article(tmp_path: Path) -> Path:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    assert _extract(str(tmp_path / "good.txt"), "-o", str(tmp_path / "ext")).exit_code == 0
    return tmp_path / "ext" / "good" / "article.json"


def _crafted(tmp_path: Path, article_id: str) -> Path:
    data = json.loads(_one_article(tmp_path).read_text(encoding="utf-8"))
    data["id"] = article_id
    path = tmp_path / "crafted.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


# -- 1. nothing is written outside the chosen folder -------------------------------------
HOSTILE_IDS = ["../../x", "/tmp/argmap-escape-test", "a\x00b", "y" * 300, "..", "a/../../b"]


@pytest.mark.parametrize("bad", ["../x", "/etc/passwd", "a\x00b", "z" * 300, "..", ".", "",
                                 "a/b"])
def test_child_path_refuses_escapes(tmp_path, bad):
    with pytest.raises(io.InputError):
        io.child_path(tmp_path, bad)


def test_child_path_refuses_a_symlink_out(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "link").symlink_to(tmp_path)
    with pytest.raises(io.InputError):
        io.child_path(tmp_path / "out", "link")


@pytest.mark.parametrize("article_id", HOSTILE_IDS)
@pytest.mark.parametrize("mode", ["format-dir", "all"])
def test_export_never_writes_outside_o(tmp_path, article_id, mode):
    crafted = _crafted(tmp_path, article_id)
    out = tmp_path / "exports"
    before = _snapshot(tmp_path)
    args = ["--all"] if mode == "all" else ["--format", "graphml"]
    result = _run("export", str(crafted), *args, "-o", str(out) + "/", "-q")
    assert result.exit_code == 0, result.output
    after = _snapshot(tmp_path)
    new = sorted(set(after) - set(before))
    assert new and all(name.startswith("exports/") and name.count("/") == 1 for name in new), new
    stem = io.slug(article_id)
    assert all(Path(name).name.startswith(stem + ".") for name in new)
    assert len(stem) <= io.MAX_ID_CHARS
    assert not Path("/tmp/argmap-escape-test.graphml").exists()


def test_export_graph_name_is_slugged(tmp_path):
    G = nx.MultiDiGraph(name="../../evil")
    G.add_node("a", label="A")
    (tmp_path / "g.json").write_text(json.dumps(nx.node_link_data(G, edges="edges")),
                                     encoding="utf-8")
    out = tmp_path / "deep" / "er"
    result = _run("export", str(tmp_path / "g.json"), "--format", "dot", "-o", str(out) + "/")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["evil.dot"]
    assert not (tmp_path / "evil.dot").exists()


def test_compare_o_writes_only_inside(tmp_path):
    a = _crafted(tmp_path, "../../a")
    data = json.loads(a.read_text(encoding="utf-8"))
    data["id"] = "/tmp/b"
    (tmp_path / "b.json").write_text(json.dumps(data), encoding="utf-8")
    before = _snapshot(tmp_path)
    result = _run("compare", str(a), str(tmp_path / "b.json"), "-o", str(tmp_path / "cmp"),
                  "--graph-format", "graphml", "-q")
    assert result.exit_code == 0, result.output
    new = set(_snapshot(tmp_path)) - set(before)
    assert new and all(n.startswith("cmp/") and n.count("/") == 1 for n in new)


def test_extract_long_file_name_gets_a_short_id(tmp_path):
    name = "q" * 240 + ".txt"
    (tmp_path / name).write_text(GOOD, encoding="utf-8")
    result = _extract(str(tmp_path / name), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    folders = [p.name for p in (tmp_path / "out").iterdir() if p.is_dir()]
    assert folders == [io.slug("q" * 240)] and len(folders[0]) == io.MAX_ID_CHARS


# -- 2. CSV formula injection ----------------------------------------------------------------
def test_csv_cells_that_start_a_formula_are_escaped(tmp_path):
    text = ("=HYPERLINK(\"http://example.invalid\",\"click\") rankings mislead students.\n\n"
            "@SUM(A1) students should look at outcomes, not just prestige.\n\n"
            "-2 points for every school that hides its data, which is fair.\n")
    (tmp_path / "f.txt").write_text(text, encoding="utf-8")
    result = _extract(str(tmp_path / "f.txt"), "-o", str(tmp_path / "out"), "--any-language")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader((tmp_path / "out" / "units.csv").open(encoding="utf-8")))
    texts = [r["text"] for r in rows]
    assert texts[0] == "'=HYPERLINK(\"http://example.invalid\",\"click\") rankings mislead students."
    assert texts[1].startswith("'@SUM(A1)") and texts[2].startswith("'-2 points")
    assert not any(t.startswith(io.tables.FORMULA_STARTS) for r in rows for t in r.values())
    # JSON keeps the raw text.
    article = io.read_article(tmp_path / "out" / "f")
    assert article.units[0].text.startswith("=HYPERLINK")


# -- 3. only regular files, bounded reads ---------------------------------------------------------
def test_devices_and_fifos_are_refused_without_hanging(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    cmd = [sys.executable, "-m", "argmap.cli", "extract", "/dev/zero", str(fifo),
           str(tmp_path / "good.txt"), "-o", str(tmp_path / "out"), "--model", "blank", "-q"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, preexec_fn=_limit_memory)
    assert proc.returncode == 1
    assert "error: /dev/zero: not a regular file" in proc.stderr
    assert f"error: {fifo}: not a regular file" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert (tmp_path / "out" / "good" / "article.json").is_file()


def test_the_read_itself_is_bounded(tmp_path, monkeypatch):
    """A file that grows after its size was checked is still cut off at the limit."""
    p = tmp_path / "big.txt"
    p.write_text("word " * 10_000, encoding="utf-8")
    from argmap.io import sources

    real = sources.open_regular
    reads = []

    def spy(path):
        fh = real(path)
        orig = fh.read

        def read(n=-1):
            reads.append(n)
            return orig(n)

        fh.read = read
        return fh

    monkeypatch.setattr(sources, "open_regular", spy)
    with pytest.raises(io.InputError, match="too large"):
        io.read_source(str(p), max_chars=1000)
    assert reads == [4001]


# -- 4. linear in the number of units ------------------------------------------------------------
def _argmap_line_events(nlp, text: str) -> int:
    """Count the Python lines argmap's own code executes on ``text`` (not a timing)."""
    from argmap.extract import extract_article

    src = str(Path(io.__file__).resolve().parents[1])
    count = 0

    def local(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return local

    def tracer(frame, event, arg):
        return local if frame.f_code.co_filename.startswith(src) else None

    sys.settrace(tracer)
    try:
        extract_article(text, article_id="t", nlp=nlp)
    finally:
        sys.settrace(None)
    return count


@pytest.mark.parametrize("shape", ["lines", "sentence"])
def test_work_grows_linearly_with_units(nlp, shape):
    def make(n: int) -> str:
        words = ["rankings", "students", "funding", "prestige", "outcomes"]
        if shape == "lines":
            return "\n".join(words[i % 5] for i in range(n)) + "\n"
        return " ".join(words[i % 5] for i in range(n)) + ".\n"

    small, large = _argmap_line_events(nlp, make(600)), _argmap_line_events(nlp, make(1200))
    assert large / small < 2.3, (small, large)


# -- 5. a write error is one input's error ---------------------------------------------------------
def test_write_error_fails_one_input_and_the_run_goes_on(tmp_path):
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text(GOOD.replace("Harvard", name.upper()), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "b").write_text("the user's own file\n", encoding="utf-8")
    result = _extract(*(str(tmp_path / f"{n}.txt") for n in "abc"), "-o", str(out))
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith(f"error: {tmp_path / 'b.txt'}: cannot write")
    assert "Traceback" not in result.output
    assert (out / "b").read_text(encoding="utf-8") == "the user's own file\n"
    ids = {r["article_id"] for r in csv.DictReader((out / "units.csv").open(encoding="utf-8"))}
    assert ids == {"a", "c"}
    assert [a["status"] for a in io.read_manifest(out)["articles"]] == [
        "extracted", "failed", "extracted"]


# -- 6. only argmap's own temporary files are cleaned up --------------------------------------------
def test_stale_cleanup_spares_the_users_tmp_files(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    (out / "good").mkdir(parents=True)
    mine = [out / ".draft.tmp", out / "good" / ".notes.tmp", out / ".units.csv.abc123.tmp"]
    for p in mine:
        p.write_text("keep me", encoding="utf-8")
    stale = [out / ".argmap-0123456789ab-x1y2z3.tmp", out / "good" / ".argmap-0123456789ab-q.tmp"]
    for p in stale:
        p.write_text("left by a killed run", encoding="utf-8")
    assert _extract(str(tmp_path / "good.txt"), "-o", str(out)).exit_code == 0
    assert all(p.read_text(encoding="utf-8") == "keep me" for p in mine)
    assert not any(p.exists() for p in stale)
    assert io.TEMP_PATTERN.fullmatch(Path(io.temp_file(tmp_path)[1]).name)


# -- 7. the table set is replaced as a unit ------------------------------------------------------------
def test_a_failure_between_table_moves_is_detected(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_text(OTHER, encoding="utf-8")
    out = tmp_path / "out"
    assert _extract(str(tmp_path / "a.txt"), "-o", str(out)).exit_code == 0
    assert set(io.check_tables(out)) == {"articles.csv", "units.csv", "entities.csv",
                                         "stances.csv", "relations.csv"}
    from argmap.io import tables

    real, moves = os.replace, []

    def failing_replace(src, dst):
        if str(dst).endswith(".csv"):
            moves.append(dst)
            if len(moves) == 2:
                raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(tables.os, "replace", failing_replace)
    result = _extract(str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-o", str(out))
    assert result.exit_code == 1 and "No space left on device" in result.output
    with pytest.raises(io.InputError, match=r"\.csv: does not match manifest.json"):
        io.check_tables(out)
    monkeypatch.undo()
    assert _extract(str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-o", str(out)).exit_code == 0
    io.check_tables(out)


# -- 8. one run at a time per OUTDIR ----------------------------------------------------------------------
def test_second_run_on_a_locked_outdir_fails_at_once(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    with io.outdir_lock(out):
        result = _extract(str(tmp_path / "a.txt"), "-o", str(out))
        assert result.exit_code == 1
        assert "is in use by another argmap run" in result.output and "--wait" in result.output
        assert not (out / "a").exists()


def test_wait_takes_the_lock_when_it_is_free(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    held, release = threading.Event(), threading.Event()

    def holder():
        with io.outdir_lock(out):
            held.set()
            release.wait(10)

    t = threading.Thread(target=holder)
    t.start()
    held.wait(10)
    threading.Timer(0.5, release.set).start()
    result = _extract(str(tmp_path / "a.txt"), "-o", str(out), "--wait")
    t.join()
    assert result.exit_code == 0, result.output
    assert f"argmap: waiting for another run to finish with {out}" in result.output
    assert (out / "a" / "article.json").is_file()


# -- 9. the cache checks its outputs -----------------------------------------------------------------------------
def test_hand_edited_cached_output_is_extracted_again(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    assert _extract(str(tmp_path / "a.txt"), "-o", str(out)).exit_code == 0
    first = _snapshot(out)
    art = out / "a" / "article.json"
    art.write_text(art.read_text(encoding="utf-8").replace("Rankings don't", "Rankings do"),
                   encoding="utf-8")
    result = _extract(str(tmp_path / "a.txt"), "-o", str(out))
    assert result.exit_code == 0 and "(cached)" not in result.output
    assert _snapshot(out) == first


@pytest.mark.parametrize("damage", [b"{", b"\xff\xfe", b'{"id": 3}'])
def test_corrupt_cached_output_is_a_cache_miss(tmp_path, damage):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    assert _extract(str(tmp_path / "a.txt"), "-o", str(out)).exit_code == 0
    first = _snapshot(out)
    (out / "a" / "article.json").write_bytes(damage)
    result = _extract(str(tmp_path / "a.txt"), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert _snapshot(out) == first


# -- 10. .txt is never sniffed as HTML -------------------------------------------------------------------------------
def test_txt_that_opens_with_a_tag_stays_text(tmp_path):
    text = "<p>Rankings mislead because a<b and c>d in every table.</p>\n"
    (tmp_path / "t.txt").write_text(text, encoding="utf-8")
    assert io.read_source(str(tmp_path / "t.txt")) == text
    (tmp_path / "t.html").write_text(text, encoding="utf-8")
    assert io.read_source(str(tmp_path / "t.html")) == "Rankings mislead because ad in every table.\n"
    assert io.read_source(str(tmp_path / "t.txt"), html=True) == io.read_source(str(tmp_path / "t.html"))


# -- 11. run manifest, stale folders, --prune, id collisions ---------------------------------------------------------
def test_manifest_limits_compare_and_prune_removes_stale_folders(tmp_path):
    for name, text in (("a", GOOD), ("b", OTHER), ("c", OTHER.replace("Uganda", "Kenya"))):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert _extract(str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-o", str(out)).exit_code == 0
    assert _extract(str(tmp_path / "a.txt"), str(tmp_path / "c.txt"), "-o", str(out)).exit_code == 0
    assert (out / "b" / "article.json").exists()  # kept without --prune ...
    manifest = io.read_manifest(out)
    assert [(a["id"], a["status"]) for a in manifest["articles"]] == [("a", "extracted"),
                                                                      ("c", "extracted")]
    result = _run("compare", str(out), "--format", "json")  # ... but not compared
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["articles"] == ["a", "c"]
    (out / "b" / "user-notes.md").write_text("mine", encoding="utf-8")
    assert _extract(str(tmp_path / "a.txt"), str(tmp_path / "c.txt"), "-o", str(out),
                    "--prune").exit_code == 0
    assert sorted(p.name for p in (out / "b").iterdir()) == ["user-notes.md"]


def test_same_id_from_another_source_is_an_error(tmp_path):
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    (tmp_path / "one" / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "two" / "a.txt").write_text(OTHER, encoding="utf-8")
    out = tmp_path / "out"
    assert _extract(str(tmp_path / "one" / "a.txt"), "-o", str(out)).exit_code == 0
    before = (out / "a" / "article.json").read_bytes()
    result = _extract(str(tmp_path / "two" / "a.txt"), "-o", str(out))
    assert result.exit_code == 1
    assert "already holds the outputs of" in result.output and "--prune" in result.output
    assert (out / "a" / "article.json").read_bytes() == before
    result = _extract(str(tmp_path / "two" / "a.txt"), "-o", str(out), "--prune")
    assert result.exit_code == 0, result.output
    assert io.read_article(out / "a").text == OTHER


# -- 13. XML exports survive control characters -----------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_exports_round_trip_with_control_characters(tmp_path, fmt):
    from argmap.export import read_graph

    text = GOOD.replace("Harvard", "Harv\x1b[31mard").replace("Oxford", "Ox\x01ford")
    (tmp_path / "ctl.txt").write_text(text, encoding="utf-8")
    assert _extract(str(tmp_path / "ctl.txt"), "-o", str(tmp_path / "out")).exit_code == 0
    result = _run("export", str(tmp_path / "out" / "ctl"), "--format", fmt,
                  "-o", str(tmp_path / f"g.{fmt}"))
    assert result.exit_code == 0, result.output
    G = read_graph(tmp_path / f"g.{fmt}")
    labels = " ".join(str(d.get("label", "")) for _, d in G.nodes(data=True))
    assert "Harv\ufffd[31mard" in labels and "Ox\ufffdford" in labels
    result = _run("export", str(tmp_path / f"g.{fmt}"), "--format", "json")
    assert result.exit_code == 0, result.output


# -- 14. every command reads inputs as extract does -----------------------------------------------------------------
HTML = ("<!DOCTYPE html><html><head><title>T</title><script>var x = 1;</script></head><body>"
        "<h1>Why rankings mislead</h1><p>Rankings don&rsquo;t help students choose a school.</p>"
        "<p>Harvard &amp; Oxford rank high because of research funding.</p></body></html>")


@pytest.mark.parametrize("command", ["summarize", "export", "compare"])
def test_commands_reduce_html_like_extract(tmp_path, command):
    (tmp_path / "page.html").write_text(HTML, encoding="utf-8")
    (tmp_path / "other.txt").write_text(OTHER, encoding="utf-8")
    args = {"summarize": ["summarize", str(tmp_path / "page.html"), "--format", "json"],
            "export": ["export", str(tmp_path / "page.html"), "--format", "json"],
            "compare": ["compare", str(tmp_path / "page.html"), str(tmp_path / "other.txt"),
                        "--format", "json"]}[command]
    result = _run(*args, "--model", "blank")
    assert result.exit_code == 0, result.output
    seen = result.output
    if command == "compare":  # the report holds no text: check what compare read
        from argmap.compare_tables import load_articles

        seen = load_articles([str(tmp_path / "page.html"), str(tmp_path / "other.txt")],
                             model="blank")[0].text
    assert "Harvard & Oxford rank high" in seen
    for junk in ("&amp;", "<p>", "var x", "&rsquo;"):
        assert junk not in seen


# -- 15. one-line errors ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("change", [
    {"units": "not a list"}, {"text": 42}, {"units": [{"start": "0", "end": 4}]},
    {"units": [{"id": "u", "article_id": "a", "start": 1.5, "end": 4, "text": "x", "role": "claim",
                "confidence": 0.5, "sentence": 0, "paragraph": 0}]},
    {"units": [{"id": "u", "article_id": "a", "start": 0, "end": 10**6, "text": "x",
                "role": "claim", "confidence": 0.5, "sentence": 0, "paragraph": 0}]},
    {"entities": [None]}, {"id": None},
])
@pytest.mark.parametrize("command", ["summarize", "export", "compare"])
def test_malformed_article_json_is_one_line(tmp_path, change, command):
    data = json.loads(_one_article(tmp_path).read_text(encoding="utf-8"))
    data.update(change)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    args = {"summarize": ["summarize", str(bad)], "export": ["export", str(bad), "-f", "json"],
            "compare": ["compare", str(bad), str(tmp_path / "ext" / "good")]}[command]
    result = _run(*args)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {bad}: not an argmap article.json (")
    assert len(result.output.strip().splitlines()) == 1
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("command", ["summarize", "export"])
def test_too_long_text_is_one_line(tmp_path, command):
    (tmp_path / "long.txt").write_text("Rankings mislead. " * 60_000, encoding="utf-8")
    args = ["export", "-f", "json"] if command == "export" else [command]
    result = _run(*args, str(tmp_path / "long.txt"), "--model", "blank")
    assert result.exit_code == 1 and "too long" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_unwritable_output_and_new_folder(tmp_path):
    art = _one_article(tmp_path)
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    result = _run("export", str(art), "-f", "json", "-o", str(tmp_path / "afile" / "g.json"))
    assert result.exit_code == 1 and result.output.startswith("Error: cannot write")
    assert len(result.output.strip().splitlines()) == 1
    result = _run("compare", str(art), str(art.parent), "-o", str(tmp_path / "afile" / "c"))
    assert result.exit_code != 0 and "Traceback" not in result.output
    result = _run("export", str(art), "-f", "json", "-o", str(tmp_path / "newdir") + "/", "-q")
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "newdir").iterdir()] == ["good.json"]
    long_name = tmp_path / ("n" * 250 + ".json")
    result = _run("export", str(art), "-f", "json", "-o", str(long_name), "-q")
    assert result.exit_code == 0, result.output
    assert long_name.is_file()


# -- 17. --jobs workers die with their parent ---------------------------------------------------------------------------
def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        out.extend(int(x) for x in task.read_text().split())
    return out


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_pool_workers_exit_when_the_parent_is_killed(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(300):
        (src / f"e{i:03d}.txt").write_text(f"Essay {i}. " + GOOD * 20, encoding="utf-8")
    cmd = [sys.executable, "-m", "argmap.cli", "extract", str(src), "-o", str(tmp_path / "out"),
           "--model", "blank", "-q", "--jobs", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2:
        time.sleep(0.05)
        workers = _children(proc.pid)
    assert len(workers) >= 2, "the pool never started"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 20
    alive = workers
    while time.monotonic() < deadline and alive:
        time.sleep(0.1)
        alive = [w for w in alive if _running(w)]
    for w in alive:  # do not leave them behind when the test fails
        os.kill(w, signal.SIGKILL)
    assert not alive, f"workers {alive} outlived their killed parent"


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


# -- 18. smaller points -------------------------------------------------------------------------------------------------
def test_control_characters_in_file_names_are_escaped(tmp_path):
    name = tmp_path / "evil\nerror: fake.txt"
    name.write_text("", encoding="utf-8")
    result = _extract(str(name), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "evil\\nerror: fake.txt: empty file" in result.output
    assert not any(line.startswith("error: fake") for line in result.output.splitlines())


def test_stdin_on_a_terminal_says_it_waits(monkeypatch, capsys):
    import io as stdio

    class FakeTTY:
        buffer = stdio.BytesIO(GOOD.encode("utf-8"))

        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stdin", FakeTTY())
    assert io.read_source("-") == GOOD
    assert "reading the article from standard input" in capsys.readouterr().err


def test_nul_anywhere_is_refused(tmp_path):
    p = tmp_path / "late-nul.txt"
    p.write_bytes(GOOD.encode("utf-8") * 100 + b"\x00" + GOOD.encode("utf-8"))
    with pytest.raises(io.InputError, match="NUL byte at offset"):
        io.read_source(str(p))


def test_max_chars_is_capped():
    result = _run("extract", "x.txt", "--max-chars", str(io.MAX_CHARS_CAP + 1))
    assert result.exit_code == 2 and "--max-chars" in result.output


def test_gexf_carries_no_date():
    from argmap.export import export_text

    G = nx.MultiDiGraph(name="g")
    G.add_node("a", label="A")
    assert "lastmodifieddate" not in export_text(G, "gexf")


def test_outputs_do_not_depend_on_path_spelling(tmp_path, monkeypatch):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert _extract("corpus/a.txt", "-o", "rel").exit_code == 0
    assert _extract(str(tmp_path / "corpus" / "a.txt"), "-o", str(tmp_path / "abs")).exit_code == 0
    assert _extract("./corpus/../corpus/a.txt", "-o", "dots").exit_code == 0
    assert _snapshot(tmp_path / "rel") == _snapshot(tmp_path / "abs") == _snapshot(tmp_path / "dots")
    assert io.read_article(tmp_path / "rel" / "a").source == "corpus/a.txt"


def test_switching_table_format_removes_the_other(tmp_path):
    pytest.importorskip("pyarrow")
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    assert _extract(str(tmp_path / "a.txt"), "-o", str(out)).exit_code == 0
    assert _extract(str(tmp_path / "a.txt"), "-o", str(out), "--tables", "parquet").exit_code == 0
    assert sorted(p.name for p in out.iterdir() if p.is_file() and not p.name.startswith(".")) == [
        "articles.parquet", "entities.parquet", "manifest.json", "relations.parquet",
        "stances.parquet", "units.parquet"]
    io.check_tables(out)


def test_extract_corpus_api_holds_the_lock(tmp_path, nlp):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    run = extract_corpus([str(tmp_path / "a.txt")], out, engine=LocalEngine(nlp=nlp))
    first = next(run)
    assert first.status == "done"
    with pytest.raises(io.OutdirBusy):
        with io.outdir_lock(out):
            pass
    run.close()
    with io.outdir_lock(out):
        pass


def test_dataframe_csvs_escape_formula_cells():
    import pandas as pd

    df = pd.DataFrame({"text": ["=HYPERLINK(1)", "ok"], "n": [1, -2]}, index=["@x", "y"])
    out = io.csv_safe_frame(df)
    assert list(out["text"]) == ["'=HYPERLINK(1)", "ok"] and list(out["n"]) == [1, -2]
    assert list(out.index) == ["'@x", "y"] and df.loc["@x", "text"] == "=HYPERLINK(1)"
