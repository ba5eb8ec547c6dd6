"""The hostile batch of issue 12, run whole on every CI run (rules-only pipeline).

One folder of broken, hostile and good inputs goes through ``extract``,
then ``summarize``, ``export`` and ``compare`` over the results and over
crafted ``article.json`` files. Asserted: no traceback anywhere, nothing
written outside the chosen folders (the parent folder is snapshotted), every
good input still extracted, one error line per bad input, and the tables one
consistent set that matches the articles.
"""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmap import io
from argmap.cli import cli

ESSAY = ("Rankings don't help students choose a medical school. For example, Harvard and "
         "Oxford rank high because of research funding. Admittedly, rankings are useful for "
         "employers.\n\nIn conclusion, students should look at outcomes, not just prestige.\n")
NEWS = ("The ministry said on Tuesday that league tables distort funding. Critics argue the "
        "reform will hurt small colleges in Kenya, because they cannot afford the audits. "
        "However, the plan is supported by several universities.\n")

#: name -> (bytes, good?). Good inputs must come out extracted; bad ones as one error line.
BATCH: dict[str, tuple[bytes, bool]] = {
    "good-essay.txt": (ESSAY.encode(), True),
    "good-news.md": (NEWS.encode(), True),
    "good-page.html": (b"<html><head><script>alert(1)</script><style>p{}</style></head><body>"
                       b"<h1>Why rankings mislead</h1><p>" + ESSAY.encode() + b"</p>"
                       b"<img src=x onerror=alert(1)></body></html>", True),
    "good-tags-in-text.txt": (("<p>Rankings mislead because a<b and c>d in every table, and "
                               "students should look at outcomes instead.</p>\n" + ESSAY).encode(),
                              True),
    "good-formula.txt": (("=HYPERLINK(\"http://example.invalid\") rankings mislead students.\n\n"
                          "+1 for outcomes; @SUM(A1) is not a reason.\n\n" + ESSAY).encode(), True),
    "good-control-chars.txt": (ESSAY.replace("Harvard", "Harv\x1b[31mard\x01").encode(), True),
    "good-many-lines.txt": ((ESSAY + "\n".join(["the", "rankings", "are", "not", "fair"] * 400)
                             + "\n").encode(), True),
    "good-bom.txt": (b"\xef\xbb\xbf" + ESSAY.encode(), True),
    "good-crlf.txt": (ESSAY.replace("\n", "\r\n").encode(), True),
    "good-" + "long" * 60 + ".txt": (NEWS.encode(), True),
    "good-evil\nname.txt": (ESSAY.encode(), True),
    "good-..-dots.txt": (NEWS.encode(), True),
    "bad-empty.txt": (b"", False),
    "bad-blank.md": (b" \n\n\t\n", False),
    "bad-binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), False),
    "bad-latin1.txt": ("Le café est très cher à Paris.".encode("latin-1"), False),
    "bad-utf16.txt": (ESSAY.encode("utf-16"), False),
    "bad-late-nul.txt": (ESSAY.encode() * 40 + b"\x00" + ESSAY.encode(), False),
    "bad-bom-only.txt": (b"\xef\xbb\xbf", False),
    "bad-no-text.html": (b"<html><head><title>x</title></head><body><script>x()</script>"
                         b"</body></html>", False),
    "bad-too-long.txt": ((ESSAY * 100).encode(), False),
    "bad-collides.txt": (NEWS.encode(), False),  # OUTDIR holds a file named bad-collides
    "bad-french.txt": (("Les classements universitaires ne mesurent pas la qualité de "
                        "l'enseignement. Ils récompensent la recherche et la réputation, et "
                        "les étudiants devraient regarder les résultats concrets des diplômés, "
                        "pas seulement le prestige des grandes écoles.\n").encode(), False),
}
MAX_CHARS = 20_000


def _limit_memory() -> None:
    """In the child: cap the address space, so a regressed unbounded read fails, not the machine."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (6 << 30, 6 << 30))


def _snapshot(folder: Path) -> dict[str, bytes]:
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file() and not p.is_symlink():
            out[str(p.relative_to(folder))] = p.read_bytes()
    return out


def _build(root: Path) -> Path:
    batch = root / "batch"
    batch.mkdir()
    for name, (data, _) in BATCH.items():
        (batch / name).write_bytes(data)
    (batch / "bad-broken-link.txt").symlink_to(root / "nowhere.txt")
    (batch / "skipped-folder.txt").mkdir()  # folders are walked for files only
    os.mkfifo(root / "fifo.txt")
    return batch


def _crafted(root: Path, article: Path) -> list[Path]:
    data = json.loads(article.read_text(encoding="utf-8"))
    out = []
    for i, change in enumerate([{"id": "../../escape"}, {"id": "/tmp/argmap-hostile"},
                                {"id": "nul\x00id"}, {"id": "x" * 300}]):
        p = root / "crafted" / f"id{i}.json"
        p.parent.mkdir(exist_ok=True)
        p.write_text(json.dumps({**data, **change}), encoding="utf-8")
        out.append(p)
    return out


def _malformed(root: Path, article: Path) -> list[Path]:
    data = json.loads(article.read_text(encoding="utf-8"))
    out = []
    for i, change in enumerate([{"units": "oops"}, {"text": 7}, {"units": [{"start": "a"}]},
                                {"mentions": [{"start": -1}]}]):
        p = root / "malformed" / f"m{i}.json"
        p.parent.mkdir(exist_ok=True)
        p.write_text(json.dumps({**data, **change}), encoding="utf-8")
        out.append(p)
    (root / "malformed" / "notjson.json").write_text("{nope", encoding="utf-8")
    out.append(root / "malformed" / "notjson.json")
    return out


def test_hostile_batch(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    batch = _build(work)
    out = work / "out"
    out.mkdir()
    (out / "bad-collides").write_text("the user's file\n", encoding="utf-8")
    (out / ".my-draft.tmp").write_text("the user's temp file\n", encoding="utf-8")
    before = _snapshot(work)
    runner = CliRunner()
    outputs: list[str] = []

    # extract, as a subprocess for the FIFO and /dev/zero (a hang fails on the timeout)
    proc = subprocess.run(
        [sys.executable, "-m", "argmap.cli", "extract", str(batch), "/dev/zero",
         str(work / "fifo.txt"), "-o", str(out),
         "--model", "blank", "--max-chars", str(MAX_CHARS), "-q"],
        capture_output=True, text=True, timeout=300, preexec_fn=_limit_memory)
    outputs.append(proc.stdout + proc.stderr)
    assert proc.returncode == 1
    errors = [line for line in proc.stderr.splitlines() if line.startswith(("error:", "warning:"))]
    n_bad = sum(not good for _, good in BATCH.values()) + 3  # link, /dev/zero, FIFO
    assert len(errors) == n_bad, proc.stderr
    assert proc.stderr.splitlines()[-1] == f"Error: {n_bad} of {len(BATCH) + 3} inputs failed " \
                                           "(1 skipped as not English)"

    manifest = io.read_manifest(out)
    by_source = {Path(a["source"]).name: a for a in manifest["articles"]}
    for name, (_, good) in BATCH.items():
        entry = by_source[name]
        assert (entry["status"] == "extracted") == good, (name, entry)
        if good:
            assert (out / entry["id"] / "article.json").is_file()
    assert (out / "bad-collides").read_text(encoding="utf-8") == "the user's file\n"
    assert (out / ".my-draft.tmp").read_text(encoding="utf-8") == "the user's temp file\n"

    # the tables are one set and match the articles
    tables = io.check_tables(out)
    extracted = [a["id"] for a in manifest["articles"] if a["status"] == "extracted"]
    with tables["units.csv"].open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for aid in extracted:
        article = io.read_article(out / aid)
        mine = [r for r in rows if r["article_id"] == aid]
        assert [r["id"] for r in mine] == [u.id for u in article.units]
        assert [r["text"] for r in mine] == [io.csv_safe(u.text) for u in article.units]
    assert {r["article_id"] for r in rows} <= set(extracted)
    assert not any(v.startswith(io.tables.FORMULA_STARTS) for r in rows for v in r.values())

    # summarize / export / compare over the results
    exports = work / "exports"
    for aid in extracted:
        for args in (["summarize", str(out / aid)],
                     ["export", str(out / aid), "--all", "-o", str(exports), "-q"]):
            result = runner.invoke(cli, args)
            outputs.append(result.output)
            assert result.exit_code == 0, (args, result.output)
    from argmap.export import read_graph

    for suffix in ("graphml", "gexf"):
        for path in exports.glob(f"*.{suffix}"):
            read_graph(path)  # well-formed XML, control characters and all
    result = runner.invoke(cli, ["compare", str(out), "-o", str(work / "cmp"), "-q"])
    outputs.append(result.output)
    assert result.exit_code == 0, result.output

    # crafted ids: written inside -o only, under slugged names
    good_article = out / extracted[0] / "article.json"
    for path in _crafted(work, good_article):
        result = runner.invoke(cli, ["export", str(path), "--format", "dot", "-o",
                                     str(work / "crafted-out") + "/", "-q"])
        outputs.append(result.output)
        assert result.exit_code == 0, result.output
    # malformed article.json: one line each, for every command
    for path in _malformed(work, good_article):
        for args in (["summarize", str(path)], ["export", str(path), "-f", "json"],
                     ["compare", str(path), str(good_article)]):
            result = runner.invoke(cli, args)
            outputs.append(result.output)
            assert result.exit_code == 1, (args, result.output)
            assert len(result.output.strip().splitlines()) == 1, result.output
            assert result.output.startswith(f"Error: {path}: ")

    # no traceback anywhere
    for text in outputs:
        assert "Traceback" not in text, text
    # nothing written outside the chosen folders; the inputs untouched
    after = _snapshot(work)
    allowed = ("out/", "exports/", "cmp/", "crafted-out/", "crafted/", "malformed/")
    changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
    assert all(k.startswith(allowed) for k in changed), sorted(changed)
    assert all(before[k] == after[k] for k in before if k.startswith("batch/"))
    assert not Path("/tmp/argmap-hostile.dot").exists()
    assert sorted(p.name for p in (work / "crafted-out").iterdir()) == sorted(
        f"{io.slug(i)}.dot" for i in ("../../escape", "/tmp/argmap-hostile", "nul\x00id", "x" * 300))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_hostile_batch_is_byte_identical_across_runs_and_jobs(tmp_path, jobs):
    work = tmp_path / "w"
    work.mkdir()
    batch = _build(work)
    outs = []
    for name in ("a", "b"):
        out = work / name
        out.mkdir()
        (out / "bad-collides").write_text("x", encoding="utf-8")
        result = CliRunner().invoke(cli, ["extract", str(batch), "-o", str(out), "--model", "blank",
                                          "--max-chars", str(MAX_CHARS), "-q", "--jobs", jobs])
        assert result.exit_code == 1 and "Traceback" not in result.output
        outs.append(_snapshot(out))
    assert outs[0] == outs[1]
