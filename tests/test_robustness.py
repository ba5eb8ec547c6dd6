"""``argmap extract`` on bad inputs, re-runs and interrupted runs (rules-only pipeline)."""
from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmap import io
from argmap.cli import cli
from argmap.engine import LocalEngine, extract_corpus

GOOD = ("Rankings don't help students choose a medical school. For example, Harvard and "
        "Oxford rank high because of research funding. Admittedly, rankings are useful for "
        "employers.\n\nIn conclusion, students should look at outcomes, not just prestige.\n")
FRENCH = ("Les classements universitaires ne mesurent pas la qualité de l'enseignement. Ils "
          "récompensent la recherche et la réputation, et les étudiants devraient regarder les "
          "résultats concrets des diplômés, pas seulement le prestige des grandes écoles.\n")
HTML = ("<!DOCTYPE html><html><head><title>T</title><style>p {color: red}</style></head><body>"
        "<h1>Why rankings mislead</h1><p>Rankings don&rsquo;t help students choose a school."
        "</p><p>Harvard and <b>Oxford</b> rank high because of research funding.</p>"
        "<script>alert('x')</script></body></html>")


def _run(*args: str):
    return CliRunner().invoke(cli, ["extract", *args, "--model", "blank"])


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _write_empty(d: Path) -> Path:
    (d / "empty.txt").write_text("", encoding="utf-8")
    return d / "empty.txt"


def _write_blank(d: Path) -> Path:
    (d / "blank.md").write_text(" \n\n\t\n", encoding="utf-8")
    return d / "blank.md"


def _write_binary(d: Path) -> Path:
    (d / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    return d / "image.txt"


def _write_latin1(d: Path) -> Path:
    (d / "latin1.txt").write_bytes("Le café est très cher à Paris.".encode("latin-1"))
    return d / "latin1.txt"


def _write_utf16(d: Path) -> Path:
    (d / "utf16.txt").write_bytes(GOOD.encode("utf-16"))
    return d / "utf16.txt"


def _write_huge(d: Path) -> Path:
    line = b"Rankings reward research funding, not teaching, and students pay the price.\n"
    with open(d / "huge.txt", "wb") as fh:
        for _ in range(20 * 1024 * 1024 // len(line) + 1):
            fh.write(line)
    return d / "huge.txt"


def _write_french(d: Path) -> Path:
    (d / "french.txt").write_text(FRENCH, encoding="utf-8")
    return d / "french.txt"


def _write_folder_named_txt(d: Path) -> Path:
    # A folder passed as a path expands to its (no) text files; inside the
    # corpus it is simply not an input, so use a broken symlink instead.
    (d / "dangling.txt").symlink_to(d / "no-such-target.txt")
    return d / "dangling.txt"


def _write_missing(d: Path) -> Path:
    return d / "missing.txt"


BAD_INPUTS = [
    (_write_empty, "empty file"),
    (_write_blank, "empty file"),
    (_write_binary, "binary file"),
    (_write_latin1, "not UTF-8"),
    (_write_utf16, "UTF-16 text, not UTF-8"),
    (_write_huge, "too large"),
    (_write_french, "does not look like English"),
    (_write_folder_named_txt, "broken symbolic link"),
    (_write_missing, "no such file or directory"),
]


@pytest.mark.parametrize("make, message", BAD_INPUTS, ids=[m.__name__[7:] for m, _ in BAD_INPUTS])
def test_bad_input_one_line_and_the_rest_goes_on(tmp_path, make, message):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    bad = make(src)
    out = tmp_path / "out"
    result = _run(str(src / "good.txt"), str(bad), "-o", str(out))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)
    lines = [ln for ln in result.output.splitlines() if message in ln]
    assert len(lines) == 1, result.output
    assert str(bad) in lines[0]
    assert "1 of 2 inputs failed" in result.output
    assert (out / "good" / "article.json").exists()
    units = list(csv.DictReader((out / "units.csv").open(encoding="utf-8")))
    assert {u["article_id"] for u in units} == {"good"}


def test_bad_inputs_inside_a_folder(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    for make, _ in BAD_INPUTS[:-1]:
        make(src)
    result = _run(str(src), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"{len(BAD_INPUTS) - 1} of {len(BAD_INPUTS)} inputs failed (1 skipped as not English)" \
        in result.output
    errors = [ln for ln in result.output.splitlines() if ln.startswith(("error:", "warning:"))]
    assert len(errors) == len(BAD_INPUTS) - 1


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root can read a chmod 000 file")
def test_unreadable_file(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    locked = tmp_path / "locked.txt"
    locked.write_text(GOOD, encoding="utf-8")
    locked.chmod(0)
    try:
        result = _run(str(tmp_path / "good.txt"), str(locked), "-o", str(tmp_path / "out"))
    finally:
        locked.chmod(0o644)
    assert result.exit_code == 1
    assert "cannot read (Permission denied)" in result.output


def test_directory_where_a_file_is_expected(tmp_path):
    with pytest.raises(io.InputError, match="is a directory"):
        io.read_source(str(tmp_path))


def test_too_long_after_decoding(tmp_path):
    p = tmp_path / "long.txt"
    p.write_text("Rankings mislead. " * 100, encoding="utf-8")
    with pytest.raises(io.InputError, match="too long .*limit is 1,000"):
        io.read_source(str(p), max_chars=1000)
    assert io.read_source(str(p), max_chars=10_000).startswith("Rankings")


@pytest.mark.parametrize("name, flags", [("page.html", ()), ("page.txt", ("--html",))])
def test_html_is_reduced_to_text(tmp_path, name, flags):
    (tmp_path / name).write_text(HTML, encoding="utf-8")
    out = tmp_path / "out"
    result = _run(str(tmp_path / name), "-o", str(out), *flags)
    assert result.exit_code == 0, result.output
    article = io.read_article(out / "page")
    assert article.text.startswith("Why rankings mislead\n\nRankings don\u2019t help")
    assert "<" not in article.text and "alert" not in article.text and "color" not in article.text
    assert article.title == "Why rankings mislead"


def test_any_language_keeps_non_english(tmp_path):
    (tmp_path / "fr.txt").write_text(FRENCH, encoding="utf-8")
    result = _run(str(tmp_path / "fr.txt"), "-o", str(tmp_path / "out"), "--any-language")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "fr" / "article.json").exists()


def _corpus(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text(GOOD, encoding="utf-8")
    (src / "b.md").write_text(GOOD.replace("Harvard", "Stanford"), encoding="utf-8")
    (src / "sub" / "a.txt").write_text(GOOD.replace("Oxford", "the United States"), encoding="utf-8")
    (src / "empty.txt").write_text("", encoding="utf-8")
    return src


@pytest.mark.parametrize("tables", ["csv", "parquet"])
def test_outputs_are_byte_identical_across_runs(tmp_path, tables):
    src = _corpus(tmp_path)
    out1, out2 = tmp_path / "out1", tmp_path / "out2"
    r1 = _run(str(src), "-o", str(out1), "--tables", tables)
    r2 = _run(str(src), "-o", str(out2), "--tables", tables)
    assert r1.exit_code == r2.exit_code == 1  # the empty file
    first = _snapshot(out1)
    assert first == _snapshot(out2)
    assert {"a/article.json", "a-2/article.json", "b/graph.json", f"units.{tables}"} <= set(first)
    # A cached re-run and a forced re-run rewrite exactly the same bytes.
    r3 = _run(str(src), "-o", str(out1), "--tables", tables)
    assert r3.output.count("(cached)") == 3
    assert _snapshot(out1) == first
    r4 = _run(str(src), "-o", str(out1), "--tables", tables, "--no-cache")
    assert "(cached)" not in r4.output
    assert _snapshot(out1) == first


def test_cache_reextracts_only_changed_articles(tmp_path):
    src = _corpus(tmp_path)
    out = tmp_path / "out"
    _run(str(src), "-o", str(out))
    (src / "b.md").write_text(GOOD.replace("Harvard", "Yale"), encoding="utf-8")
    result = _run(str(src), "-o", str(out))
    cached = [ln.split(":")[0] for ln in result.output.splitlines() if ln.endswith("(cached)")]
    assert cached == ["a", "a-2"]
    assert "Yale" in io.read_article(out / "b").text


def test_cache_key_depends_on_pipeline_settings(nlp):
    import spacy

    from argmap.cache import cache_key, pipeline_fingerprint
    from argmap.pipeline import add_argmap_pipes

    other = spacy.blank("en")
    other.add_pipe("argmap_entities")
    other.add_pipe("argmap_units", config={"min_words": 5})
    add_argmap_pipes(other)
    fp1, fp2 = pipeline_fingerprint(nlp), pipeline_fingerprint(other)
    assert fp1 != fp2
    assert cache_key(GOOD, fp1) != cache_key(GOOD, fp2)
    assert cache_key(GOOD, fp1, source="a.txt") != cache_key(GOOD, fp1, source="b.txt")


def test_interrupted_run_leaves_previous_tables(tmp_path, nlp):
    src = _corpus(tmp_path)
    out = tmp_path / "out"
    list(extract_corpus([str(src)], out, engine=LocalEngine(nlp=nlp)))
    before = (out / "units.csv").read_bytes()
    (src / "c.txt").write_text(GOOD, encoding="utf-8")
    outcomes = extract_corpus([str(src)], out, engine=LocalEngine(nlp=nlp), use_cache=False)
    next(outcomes)
    outcomes.close()  # what a Ctrl-C in the middle does to the generator
    assert (out / "units.csv").read_bytes() == before
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_table_writer_abort_and_close(tmp_path, nlp):
    from argmap.extract import extract_article

    article = extract_article(GOOD, article_id="a", nlp=nlp)
    with io.TableWriter(tmp_path) as writer:
        writer.add(article)
    rows = list(csv.DictReader((tmp_path / "units.csv").open(encoding="utf-8")))
    assert len(rows) == len(article.units)
    with pytest.raises(RuntimeError):
        with io.TableWriter(tmp_path) as writer:
            writer.add(article)
            writer.add(article)
            raise RuntimeError("killed")
    assert len(list(csv.DictReader((tmp_path / "units.csv").open(encoding="utf-8")))) == len(rows)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{t}.csv" for t in io.TABLES)


def test_parquet_tables_match_csv(tmp_path, nlp):
    pq = pytest.importorskip("pyarrow.parquet")
    from argmap.extract import extract_article

    article = extract_article(GOOD, article_id="a", nlp=nlp)
    for fmt in io.TABLE_FORMATS:
        with io.TableWriter(tmp_path, fmt=fmt, row_group_size=3) as writer:
            writer.add(article)
            writer.add(extract_article(GOOD, article_id="b", nlp=nlp))
    for table in io.TABLES:
        got = pq.read_table(tmp_path / f"{table}.parquet").to_pylist()
        rows = list(csv.DictReader((tmp_path / f"{table}.csv").open(encoding="utf-8")))
        assert len(got) == len(rows)
        for g, r in zip(got, rows):
            _same(g, r)


def _same(parquet_row: dict, csv_row: dict) -> None:
    for key, value in parquet_row.items():
        text = csv_row[key]
        if value is None:
            assert text == "", key
        elif isinstance(value, float):
            assert value == float(text), key
        else:
            assert str(value) == text, key


def test_unreadable_file_simulated(tmp_path, monkeypatch):
    """Permission denied, as a non-root user sees a chmod 000 file (CI runs as root)."""
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    locked = tmp_path / "locked.txt"
    locked.write_text(GOOD, encoding="utf-8")
    from argmap.io import sources

    def fake_open(path, *args, **kwargs):
        if str(path).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", str(path))
        return open(path, *args, **kwargs)

    monkeypatch.setattr(sources, "open", fake_open, raising=False)
    result = _run(str(tmp_path / "good.txt"), str(locked), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert f"error: {locked}: cannot read (Permission denied)" in result.output
    assert "Traceback" not in result.output
    assert (tmp_path / "out" / "good" / "article.json").exists()


def test_killed_run_leaves_no_half_written_outputs(tmp_path):
    """SIGKILL in the middle of a run: every output file that exists is complete."""
    import json
    import signal
    import subprocess
    import sys
    import time

    src = tmp_path / "in"
    src.mkdir()
    for i in range(400):
        (src / f"e{i:03d}.txt").write_text(f"Essay {i}. " + GOOD * 3, encoding="utf-8")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "argmap.cli", "extract", str(src), "-o", str(out),
           "--model", "blank", "-q"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("*/.argmap-cache"))) < 20:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done = list(out.glob("*/article.json"))
    assert done, "the run was killed before writing anything"
    for path in done:
        json.loads(path.read_text(encoding="utf-8"))
    for path in out.glob("*/graph.json"):
        json.loads(path.read_text(encoding="utf-8"))
    for path in out.glob("*/.argmap-cache"):
        assert (path.parent / "graph.json").exists()
    assert not list(out.glob("*.csv")) or len(list(out.glob("*/article.json"))) == 400
    assert list(out.glob(".*.tmp")), "the killed run left its table temp files behind"
    # The next run picks up where the killed one stopped.
    result = subprocess.run(cmd[:-1], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("(cached)") >= 20
    assert len(list(csv.DictReader((out / "units.csv").open(encoding="utf-8")))) > 400
    assert not list(out.glob(".*.tmp")) and not list(out.glob("*/.*.tmp"))


def test_table_writer_writes_what_a_dict_writer_wrote(tmp_path):
    """Rows are lists in column order: a missing cell is empty, formula text escaped."""
    from io import StringIO

    from argmap.io.tables import TABLES, csv_safe, table_rows
    from argmap.records import Article, AuthorStance, Entity, Stance, Unit

    article = Article(
        id="a", title="=HYPERLINK(x)", source="a.txt", sha256="0", text="Fees rise. Fees fall.",
        units=(Unit(id="a:0", article_id="a", start=0, end=10, text="Fees rise.", role="claim",
                    confidence=0.5, sentence=0, paragraph=0),),
        entities=(Entity(id="concept:fees", label="-fees", kind="concept", country="",
                         mention_count=2, surface_forms=("fees", "+Fees")),),
        stances=(Stance(id="a:s0", article_id="a", unit_id="a:0", target="concept:fees",
                        polarity="con", score=-0.25, confidence=0.7, negated=False, cue=""),),
        author_stances=(AuthorStance(article_id="a", target="concept:fees", polarity="con",
                                     score=-0.25, n_pro=0, n_con=1, n_neutral=0,
                                     evidence=("a:0",)),))
    with io.TableWriter(tmp_path) as writer:
        writer.add(article)
    for table, (_, columns) in TABLES.items():
        buf = StringIO()
        old = csv.DictWriter(buf, fieldnames=list(columns), extrasaction="ignore",
                             lineterminator="\n")
        old.writeheader()
        old.writerows({k: csv_safe(v) for k, v in row.items()} for row in table_rows(article, table))
        assert (tmp_path / f"{table}.csv").read_text(encoding="utf-8") == buf.getvalue(), table
    assert "'=HYPERLINK(x)" in (tmp_path / "articles.csv").read_text(encoding="utf-8")
    assert "fees|+Fees" in (tmp_path / "entities.csv").read_text(encoding="utf-8")
    # a unit stance has no n_pro/n_con/n_neutral/evidence: empty cells
    assert "a,unit,a:0,concept:fees,con,-0.25,0.7,False,,,,,,\n" in (
        tmp_path / "stances.csv").read_text(encoding="utf-8")


def test_rendered_outputs_are_written_and_hashed_from_the_same_bytes(tmp_path):
    texts = ('{\n  "text": "é"\n}\n', '{}\n')
    data = tuple(t.encode("utf-8") for t in texts)
    io.write_rendered(tmp_path / "b", "a", data)
    io.write_cache_key(tmp_path / "b", "a", "key", data)
    for name, blob in zip(("article.json", "graph.json"), data):
        assert (tmp_path / "b" / "a" / name).read_bytes() == blob
    assert io.read_cache_key(tmp_path / "b", "a") == "key"
    io.write_cache_key(tmp_path / "c", "a", "key", data)  # no files written: a miss
    assert io.read_cache_key(tmp_path / "c", "a") == ""
    io.write_cache_key(tmp_path / "b", "a", "key2")  # hashes read back from the folder
    assert io.read_cache_key(tmp_path / "b", "a") == "key2"
