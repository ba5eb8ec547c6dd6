"""Engines of ``argmap extract``: order, pipeline errors, spaCy processes, Dask."""
from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from argmap import engine as engine_mod
from argmap import io
from argmap.engine import DaskEngine, LocalEngine, extract_corpus
from argmap.pipeline import add_argmap_pipes

TEXTS = {
    "a.txt": "Rankings mislead students. Harvard and Oxford rank high because of funding.",
    "b.txt": "BOOM. This essay makes the pipeline fail, which must not stop the corpus.",
    "c.txt": "Prestige is not everything; outcomes matter more than a name in a table.",
    "d.md": "In conclusion, students should look at outcomes, not just prestige.",
}


@Language.component("argmap_test_boom")
def _boom(doc):
    if doc.text.startswith("BOOM"):
        raise ValueError("boom\nsecond line")
    return doc


def _files(tmp_path: Path) -> list[str]:
    for name, text in TEXTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return [str(tmp_path / name) for name in TEXTS]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_local_engine_reports_a_failing_text_in_order(tmp_path):
    nlp = add_argmap_pipes(spacy.blank("en"))
    nlp.add_pipe("argmap_test_boom", first=True)
    files = _files(tmp_path)
    outcomes = list(extract_corpus(files, tmp_path / "out", engine=LocalEngine(nlp=nlp, batch_size=3)))
    assert [o.status for o in outcomes] == ["done", "failed", "done", "done"]
    assert [o.article_id for o in outcomes] == ["a", "b", "c", "d"]
    assert outcomes[1].message == f"{files[1]}: the pipeline failed (ValueError: boom)"
    assert not (tmp_path / "out" / "b").exists()
    assert (tmp_path / "out" / "c" / "article.json").exists()


def test_process_pool_reports_a_failing_text_in_order(tmp_path):
    nlp = add_argmap_pipes(spacy.blank("en"))
    nlp.add_pipe("argmap_test_boom", first=True)
    files = _files(tmp_path)
    outcomes = list(extract_corpus(files, tmp_path / "out",
                                   engine=LocalEngine(nlp=nlp, batch_size=1, n_process=2)))
    assert [o.status for o in outcomes] == ["done", "failed", "done", "done"]
    assert outcomes[1].message == f"{files[1]}: the pipeline failed (ValueError: boom)"


def test_outcomes_keep_input_order_with_cached_and_failed(tmp_path, nlp):
    files = _files(tmp_path)
    out = tmp_path / "out"
    list(extract_corpus(files[:2], out, engine=LocalEngine(nlp=nlp)))
    files.insert(1, str(tmp_path / "missing.txt"))
    outcomes = list(extract_corpus(files, out, engine=LocalEngine(nlp=nlp, batch_size=1)))
    assert [(o.article_id, o.status) for o in outcomes] == [
        ("a", "cached"), ("missing", "failed"), ("b", "cached"), ("c", "done"), ("d", "done")]


def test_same_ids_get_suffixes(tmp_path, nlp):
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    for d in ("x", "y"):
        (tmp_path / d / "essay.txt").write_text(TEXTS["a.txt"] + d, encoding="utf-8")
    outcomes = list(extract_corpus([str(tmp_path / "x"), str(tmp_path / "y")], tmp_path / "out",
                                   engine=LocalEngine(nlp=nlp)))
    assert [o.article_id for o in outcomes] == ["essay", "essay-2"]
    assert io.read_article(tmp_path / "out" / "essay-2").source.endswith("y/essay.txt")


def test_two_processes_give_the_same_bytes(tmp_path):
    files = _files(tmp_path)
    del files[1]
    one, two = tmp_path / "one", tmp_path / "two"
    list(extract_corpus(files, one, engine=LocalEngine("blank", batch_size=1)))
    outcomes = list(extract_corpus(files, two, engine=LocalEngine("blank", batch_size=1,
                                                                   n_process=2)))
    assert [o.status for o in outcomes] == ["done"] * 3
    assert _snapshot(one) == _snapshot(two)


@pytest.fixture(scope="module")
def dask_client():
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(processes=False, n_workers=1, threads_per_worker=2,
                                       dashboard_address=":0")
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


def test_dask_engine_matches_local(tmp_path, dask_client):
    files = _files(tmp_path)
    del files[1]
    local, dask = tmp_path / "local", tmp_path / "dask"
    list(extract_corpus(files, local, engine=LocalEngine("blank")))
    loads = engine_mod.PIPELINE_LOADS
    outcomes = list(extract_corpus(files + [str(tmp_path / "gone.txt")], dask,
                                   engine=DaskEngine("blank", client=dask_client, batch_size=1)))
    assert [o.status for o in outcomes] == ["done", "done", "done", "failed"]
    # The manifests differ by the missing input only.
    assert {k: v for k, v in _snapshot(local).items() if k != "manifest.json"} == \
        {k: v for k, v in _snapshot(dask).items() if k != "manifest.json"}
    local_manifest, dask_manifest = io.read_manifest(local), io.read_manifest(dask)
    assert dask_manifest["articles"][:-1] == local_manifest["articles"]
    assert dask_manifest["articles"][-1]["status"] == "failed"
    assert dask_manifest["tables"] == local_manifest["tables"]
    # Each worker loads the pipeline once, however many tasks it runs.
    list(extract_corpus(files, dask, engine=DaskEngine("blank", client=dask_client, batch_size=1),
                        use_cache=False))
    assert engine_mod.PIPELINE_LOADS - loads <= 1


def test_dask_engine_from_the_cli(tmp_path, dask_client):
    from click.testing import CliRunner

    from argmap.cli import cli

    files = _files(tmp_path)
    del files[1]
    result = CliRunner().invoke(cli, ["extract", *files, "-o", str(tmp_path / "out"), "--model",
                                      "blank", "--engine", "dask", "--scheduler",
                                      dask_client.scheduler.address, "--tables", "parquet"])
    assert result.exit_code == 0, result.output
    assert [ln.split(":")[0] for ln in result.output.splitlines()] == ["a", "c", "d"]
    assert (tmp_path / "out" / "units.parquet").exists()


def test_dask_engine_reports_a_failing_text(tmp_path, dask_client):
    engine_mod._PIPELINES.pop("argmap-test-boom", None)
    nlp = add_argmap_pipes(spacy.blank("en"))
    nlp.add_pipe("argmap_test_boom", first=True)
    engine_mod._PIPELINES["argmap-test-boom"] = nlp  # the in-process worker sees it
    try:
        outcomes = list(extract_corpus(_files(tmp_path), tmp_path / "out",
                                       engine=DaskEngine("argmap-test-boom", client=dask_client)))
    finally:
        engine_mod._PIPELINES.pop("argmap-test-boom", None)
    assert [o.status for o in outcomes] == ["done", "failed", "done", "done"]
    assert "the pipeline failed (ValueError: boom)" in outcomes[1].message


def test_dask_unreachable_scheduler_is_one_line():
    pytest.importorskip("distributed")
    with pytest.raises(io.InputError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        DaskEngine("blank", scheduler="tcp://127.0.0.1:9", timeout="1s").start()


def test_cli_engine_options_are_checked(tmp_path):
    from click.testing import CliRunner

    from argmap.cli import cli

    result = CliRunner().invoke(cli, ["extract", "x.txt", "--engine", "dask"])
    assert result.exit_code == 1 and "needs --scheduler" in result.output
    result = CliRunner().invoke(cli, ["extract", "x.txt", "--scheduler", "tcp://h:1"])
    assert result.exit_code == 1 and "needs --engine dask" in result.output


def test_dask_process_workers_load_the_pipeline_once(tmp_path):
    distributed = pytest.importorskip("distributed")
    files = [str(tmp_path / f"e{i}.txt") for i in range(8)]
    for i, f in enumerate(files):
        Path(f).write_text(f"Essay {i}: " + TEXTS["a.txt"], encoding="utf-8")
    with distributed.LocalCluster(processes=True, n_workers=2, threads_per_worker=1,
                                  dashboard_address=":0") as cluster, \
            distributed.Client(cluster) as client:
        outcomes = list(extract_corpus(files, tmp_path / "out",
                                       engine=DaskEngine("blank", client=client, batch_size=1)))
        loads = client.run(lambda: __import__("argmap.engine").engine.PIPELINE_LOADS)
    assert [o.article_id for o in outcomes] == [f"e{i}" for i in range(8)]
    assert all(o.status == "done" for o in outcomes)
    assert sorted(loads.values()) in ([0, 1], [1, 1])
