"""Run ``argmap extract`` over a corpus: streaming, cached, locally or on Dask.

:func:`extract_corpus` reads the inputs one at a time, skips the ones whose
cache key is unchanged, sends the rest through an engine and writes each
article's files as soon as it is done, streaming the corpus tables to
temporary files that are moved into place at the end. Outcomes come back in
input order, so the outputs are byte-identical from run to run.

Engines turn ``(article_id, text, source)`` items into :class:`Extracted`
results, in order:

* :class:`LocalEngine` - ``nlp.pipe`` in batches, ``n_process`` spaCy workers;
* :class:`DaskEngine` - batches sent to a Dask cluster; each worker process
  loads the pipeline once and builds the graph too.
"""
from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, NamedTuple

from . import io
from .cache import cache_key, pipeline_fingerprint
from .records import Article
from .screen import not_english_reason

__all__ = ["Outcome", "Extracted", "LocalEngine", "DaskEngine", "ENGINES", "extract_corpus",
           "make_engine"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one input: ``status`` is done, cached, failed or skipped.

    ``message`` is the summary line (done, cached) or the one-line reason
    (failed, skipped).
    """

    status: str
    source: str
    article_id: str
    message: str

    @property
    def ok(self) -> bool:
        return self.status in ("done", "cached")


class Extracted(NamedTuple):
    """An article's records, the texts of its article.json and graph.json, its summary line."""

    article: Article
    files: tuple[str, str]
    summary: str


def _finish(article: Article) -> Extracted:
    from .export._json import to_json
    from .graph import build_graph, format_summary, summarize_graph

    G = build_graph(article)
    return Extracted(article, io.render_article(article, to_json(G)),
                     format_summary(article.id, summarize_graph(G)))


class RemoteError(RuntimeError):
    """An error raised on a Dask worker, carried back as its one-line description."""


def _error_line(exc: BaseException) -> str:
    if isinstance(exc, RemoteError):
        return str(exc)
    text = str(exc).strip().splitlines()
    return f"{exc.__class__.__name__}: {text[0]}" if text else exc.__class__.__name__


#: Texts per task of the local process pool (``--jobs`` > 1).
POOL_TASK_SIZE = 4


class LocalEngine:
    """Extract on this machine: ``nlp.pipe`` in batches, in ``n_process`` processes.

    With ``n_process > 1`` the batches go to a pool of forked worker
    processes that share the loaded pipeline (copy-on-write) and do all the
    work, records, graph and JSON included, so the parent only writes files.
    (spaCy's own ``nlp.pipe(n_process=...)`` ships every Doc back to the
    parent, tensors included, and left the rest in the parent: it scaled
    worse.) Where ``fork`` is not available, spaCy's ``n_process`` is used.

    Args:
        model: Model name for :func:`argmap.pipeline.load_pipeline`, or None.
        nlp: An already loaded pipeline (then ``model`` is ignored).
        batch_size: Texts per ``nlp.pipe`` batch (tasks of the pool hold at most
            :data:`POOL_TASK_SIZE`).
        n_process: Worker processes.
    """

    name = "local"

    def __init__(self, model: str | None = None, *, nlp=None, batch_size: int = 16,
                 n_process: int = 1) -> None:
        self.model, self.nlp = model, nlp
        self.batch_size, self.n_process = batch_size, n_process

    def start(self) -> str:
        """Load the pipeline; return its fingerprint (see :mod:`argmap.cache`)."""
        if self.nlp is None:
            from .pipeline import load_pipeline

            self.nlp = load_pipeline(self.model)
        return pipeline_fingerprint(self.nlp)

    def run(self, items: Iterable[tuple[str, str, str]],
            on_error=None) -> Iterator[Extracted]:
        """Yield an :class:`Extracted` per item, in order; failing items go to ``on_error``."""
        import multiprocessing

        from .extract import extract_articles

        if self.n_process > 1 and "fork" in multiprocessing.get_all_start_methods():
            yield from self._run_pool(items, on_error)
            return
        for article in extract_articles(items, nlp=self.nlp, batch_size=self.batch_size,
                                        n_process=self.n_process, on_error=on_error):
            yield _finish(article)

    def _run_pool(self, items, on_error) -> Iterator[Extracted]:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from .extract import _batched

        key = f"local:{id(self.nlp)}"
        _PIPELINES[key] = self.nlp  # inherited by the forked workers
        # Small tasks keep the workers evenly busy up to the end of the corpus.
        task = max(1, min(self.batch_size, POOL_TASK_SIZE))
        try:
            with ProcessPoolExecutor(self.n_process,
                                     mp_context=multiprocessing.get_context("fork")) as pool:
                yield from _ordered_results(
                    (pool.submit(_worker_extract, key, batch, task)
                     for batch in _batched(items, task)),
                    4 * self.n_process, on_error)
        finally:
            _PIPELINES.pop(key, None)

    def close(self) -> None:
        pass


def _ordered_results(futures: Iterable, max_in_flight: int, on_error) -> Iterator[Extracted]:
    """Submit lazily, at most ``max_in_flight`` ahead; yield results in submission order."""
    pending: deque = deque()

    def drain_one() -> Iterator[Extracted]:
        for aid, result in pending.popleft().result():
            if isinstance(result, str):
                if on_error is None:
                    raise RemoteError(f"{aid}: {result}")
                on_error(aid, RemoteError(result))
            else:
                yield result

    for future in futures:
        pending.append(future)
        if len(pending) >= max_in_flight:
            yield from drain_one()
    while pending:
        yield from drain_one()


# --- Dask ---------------------------------------------------------------------------
# One pipeline per worker process, loaded on first use; spaCy pipelines are
# not thread-safe, so the threads of a worker take turns.
_PIPELINES: dict[str, Any] = {}
_PIPELINE_LOCK = threading.Lock()
#: How many times this process loaded a pipeline (tests check it is once per worker).
PIPELINE_LOADS = 0


def _worker_pipeline(model: str | None):
    global PIPELINE_LOADS
    key = model or ""
    if key not in _PIPELINES:
        from .pipeline import load_pipeline

        _PIPELINES[key] = load_pipeline(model)
        PIPELINE_LOADS += 1
    return _PIPELINES[key]


def _worker_fingerprint(model: str | None) -> str:
    with _PIPELINE_LOCK:
        return pipeline_fingerprint(_worker_pipeline(model))


def _worker_extract(model: str | None, batch: list[tuple[str, str, str]],
                    batch_size: int) -> list[tuple[str, Extracted | str]]:
    """Extract one batch on a worker: ``(article_id, Extracted or error line)`` per item."""
    from .extract import extract_articles

    errors: dict[str, str] = {}
    with _PIPELINE_LOCK:
        nlp = _worker_pipeline(model)
        done = {a.id: _finish(a) for a in extract_articles(
            batch, nlp=nlp, batch_size=batch_size,
            on_error=lambda aid, exc: errors.__setitem__(aid, _error_line(exc)))}
    return [(item[0], done[item[0]] if item[0] in done else errors.get(item[0], "no result"))
            for item in batch]


class DaskEngine:
    """Extract on a Dask cluster: batches of texts go to the workers.

    Args:
        model: Model name, loaded once by each worker process.
        scheduler: Address of a running scheduler (``tcp://host:8786``).
        client: An existing ``distributed.Client`` (instead of ``scheduler``).
        batch_size: Texts per task.
        max_in_flight: Tasks submitted ahead of the one being written
            (default: twice the cluster's threads); bounds memory.
        timeout: How long to try to reach the scheduler.
    """

    name = "dask"

    def __init__(self, model: str | None = None, *, scheduler: str | None = None, client=None,
                 batch_size: int = 16, max_in_flight: int | None = None,
                 timeout: str = "10s") -> None:
        self.model, self.scheduler, self.client = model, scheduler, client
        self.timeout = timeout
        self.batch_size, self.max_in_flight = batch_size, max_in_flight
        self._own_client = False

    def start(self) -> str:
        if self.client is None:
            try:
                from distributed import Client
            except ImportError:
                raise io.InputError("--engine dask needs dask[distributed]: "
                                    "pip install 'argmap[dask]'") from None
            if not self.scheduler:
                raise io.InputError("--engine dask needs --scheduler ADDRESS")
            try:
                self.client = Client(self.scheduler, timeout=self.timeout)
            except (OSError, TimeoutError) as exc:
                raise io.InputError(f"cannot reach the Dask scheduler at {self.scheduler} "
                                    f"({_error_line(exc)})") from None
            self._own_client = True
        if self.max_in_flight is None:
            threads = sum(self.client.nthreads().values()) or 1
            self.max_in_flight = 2 * threads
        return self.client.submit(_worker_fingerprint, self.model, pure=False).result()

    def run(self, items: Iterable[tuple[str, str, str]], on_error=None) -> Iterator[Extracted]:
        """Yield an :class:`Extracted` per item, in order; failing items go to ``on_error``."""
        from .extract import _batched

        yield from _ordered_results(
            (self.client.submit(_worker_extract, self.model, batch, self.batch_size, pure=False)
             for batch in _batched(items, self.batch_size)),
            self.max_in_flight, on_error)

    def close(self) -> None:
        if self._own_client and self.client is not None:
            self.client.close()
            self.client = None


ENGINES = {"local": LocalEngine, "dask": DaskEngine}


def make_engine(name: str, *, model: str | None = None, batch_size: int = 16, jobs: int = 1,
                scheduler: str | None = None):
    """Return the engine called ``name`` (a key of :data:`ENGINES`)."""
    if name == "dask":
        return DaskEngine(model, scheduler=scheduler, batch_size=batch_size)
    return LocalEngine(model, batch_size=batch_size, n_process=jobs)


def _unique_id(base: str, seen: set[str]) -> str:
    aid, n = base, 1
    while aid in seen:
        n += 1
        aid = f"{base}-{n}"
    seen.add(aid)
    return aid


def _meta_key(meta: dict[str, str]) -> str:
    """Metadata as part of the cache key (it is stored in article.json)."""
    return "".join(f"\n{k}={v}" for k, v in sorted(meta.items()))


def extract_corpus(paths: Iterable[str], outdir: io.PathLike, *, engine, use_cache: bool = True,
                   tables: str = "csv", max_chars: int = io.MAX_CHARS,
                   check_language: bool = True,
                   columns: io.Columns | None = None) -> Iterator[Outcome]:
    """Extract every input and write its outputs; yield one :class:`Outcome` per input, in order.

    Writes ``<outdir>/<id>/article.json`` and ``graph.json`` as each article
    completes, and the corpus tables (``units``, ``entities``, ``stances``,
    ``relations``; ``.csv`` or ``.parquet``) at the end, atomically. Bad inputs
    (unreadable, binary, not UTF-8, empty, too long, not English) become
    failed or skipped outcomes and the rest of the corpus goes on.

    Args:
        paths: Files, folders (``.txt``, ``.md``, ``.html``) or ``-`` for stdin;
            a ``.jsonl`` or ``.csv`` file is a corpus, one article per row (an
            outcome per row; a bad row fails alone, naming file and row).
        outdir: Output folder.
        engine: A started or unstarted :class:`LocalEngine` or :class:`DaskEngine`.
        use_cache: Reuse the outputs of articles whose cache key is unchanged.
        tables: ``"csv"`` or ``"parquet"``.
        max_chars: Longest accepted article, in characters.
        check_language: Skip texts that do not look English.
        columns: Column names of corpus files (default ``text``, ``id``,
            ``title``, ``date``).
    """
    files = io.list_inputs(paths)
    io.remove_stale_temp_files(outdir)
    fingerprint = engine.start()
    seen: set[str] = set()
    index: dict[str, int] = {}  # article id -> input position
    keys: dict[str, str] = {}
    side: dict[int, Outcome] = {}  # outcomes decided without the engine, by position

    sources: list[str] = []  # input position -> source (a path, or path:row)
    reducers: dict[str, str] = {}

    def inputs() -> Iterator[tuple[str, str, str, dict[str, str]] | Outcome]:
        """(article id, text, source, metadata) per article, or a failed Outcome."""
        for path in files:
            if io.is_corpus(path):
                try:
                    for row in io.read_corpus(path, columns=columns or io.Columns(),
                                              max_chars=max_chars):
                        if isinstance(row, io.InputError):
                            where = str(row).split(": ", 1)[0]
                            yield Outcome("failed", where, "", str(row))
                        else:
                            yield (_unique_id(row.id, seen), row.text, f"{path}:{row.row}",
                                   row.metadata())
                except io.InputError as exc:
                    yield Outcome("failed", path, _unique_id(io.article_id_for(path), seen),
                                  str(exc))
                continue
            aid = _unique_id("stdin" if path == "-" else io.article_id_for(path), seen)
            try:
                page = io.read_source_page(path, max_chars=max_chars)
            except io.InputError as exc:
                yield Outcome("failed", path, aid, str(exc))
                continue
            if page.reducer:
                reducers[aid] = page.reducer
            yield aid, page.text, path, page.metadata()

    def feed() -> Iterator[tuple[str, str, str, dict[str, str]]]:
        for item in inputs():
            i = len(sources)
            if isinstance(item, Outcome):
                sources.append(item.source)
                side[i] = item
                continue
            aid, text, path, meta = item
            sources.append(path)
            reason = not_english_reason(text) if check_language else ""
            if reason:
                side[i] = Outcome("skipped", path, aid, f"{path}: {reason}; skipped "
                                  "(--any-language to extract it anyway)")
                continue
            key = cache_key(text, fingerprint, source=path + _meta_key(meta))
            if use_cache and io.read_cache_key(outdir, aid) == key:
                side[i] = Outcome("cached", path, aid, "")
                continue
            index[aid], keys[aid] = i, key
            yield aid, text, path, meta

    def on_error(aid: str, exc: Exception) -> None:
        i = index.pop(aid)
        side[i] = Outcome("failed", sources[i], aid, f"{sources[i]}: the pipeline failed "
                          f"({_error_line(exc)})")

    done = 0

    def flush(upto: int, writer: io.TableWriter) -> Iterator[Outcome]:
        nonlocal done
        while done < upto:
            outcome = side.pop(done, None)
            done += 1
            if outcome is None:
                continue
            if outcome.status == "cached":
                try:
                    result = _finish(io.read_article(Path(outdir) / outcome.article_id))
                except (OSError, ValueError, KeyError, TypeError, io.InputError) as exc:
                    yield Outcome("failed", outcome.source, outcome.article_id,
                                  f"{outcome.source}: cached outputs unreadable "
                                  f"({_error_line(exc)}); run again with --no-cache")
                    continue
                writer.add(result.article)
                outcome = Outcome("cached", outcome.source, outcome.article_id,
                                  result.summary + " (cached)")
            yield outcome

    try:
        with io.TableWriter(outdir, fmt=tables) as writer:
            for result in engine.run(feed(), on_error=on_error):
                aid = result.article.id
                i = index.pop(aid)
                yield from flush(i, writer)
                io.clear_cache_key(outdir, aid)
                io.write_rendered(outdir, aid, result.files)
                io.write_cache_key(outdir, aid, keys.pop(aid))
                writer.add(result.article)
                done = i + 1
                note = f" [html: {reducers.pop(aid)}]" if aid in reducers else ""
                yield Outcome("done", sources[i], aid, result.summary + note)
            yield from flush(len(sources), writer)
    finally:
        engine.close()
