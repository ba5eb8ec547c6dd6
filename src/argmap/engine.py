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

import os
import signal
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
           "make_engine", "die_with_parent"]


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
                 n_process: int = 1, options: dict | None = None) -> None:
        self.model, self.nlp, self.options = model, nlp, dict(options or {})
        self.batch_size, self.n_process = batch_size, n_process

    def start(self) -> str:
        """Load the pipeline; return its fingerprint (see :mod:`argmap.cache`)."""
        if self.nlp is None:
            from .pipeline import load_pipeline

            self.nlp = load_pipeline(self.model, **self.options)
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
            with ProcessPoolExecutor(self.n_process, mp_context=multiprocessing.get_context("fork"),
                                     initializer=die_with_parent,
                                     initargs=(os.getpid(),)) as pool:
                yield from _ordered_results(
                    (pool.submit(_worker_extract, key, batch, task)
                     for batch in _batched(items, task)),
                    4 * self.n_process, on_error)
        finally:
            _PIPELINES.pop(key, None)

    def close(self) -> None:
        pass


def die_with_parent(parent_pid: int) -> None:
    """Make this (worker) process end when ``parent_pid`` dies, even by SIGKILL.

    On Linux the kernel sends SIGKILL on the parent's death
    (``prctl(PR_SET_PDEATHSIG)``); elsewhere a daemon thread polls the parent
    pid once a second. Used as the process pool's initializer.
    """
    import sys

    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(1, int(signal.SIGKILL), 0, 0, 0) == 0:  # 1 = PR_SET_PDEATHSIG
                if os.getppid() != parent_pid:  # the parent died before prctl
                    os._exit(1)
                return
        except (OSError, AttributeError):  # pragma: no cover - no usable libc
            pass

    def watch() -> None:  # pragma: no cover - non-Linux fallback
        import time

        while os.getppid() == parent_pid:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="argmap-parent-watch").start()


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


def _worker_pipeline(model: str | None, options: dict | None = None):
    global PIPELINE_LOADS
    options = options or {}
    key = model or ""
    if options.get("fast") or options.get("targets"):
        key += f"|fast={bool(options.get('fast'))}|targets={'|'.join(options.get('targets', ()))}"
    if key not in _PIPELINES:
        from .pipeline import load_pipeline

        _PIPELINES[key] = load_pipeline(model, **options)
        PIPELINE_LOADS += 1
    return _PIPELINES[key]


def _worker_fingerprint(model: str | None, options: dict | None = None) -> str:
    with _PIPELINE_LOCK:
        return pipeline_fingerprint(_worker_pipeline(model, options))


def _worker_extract(model: str | None, batch: list[tuple[str, str, str]],
                    batch_size: int, options: dict | None = None
                    ) -> list[tuple[str, Extracted | str]]:
    """Extract one batch on a worker: ``(article_id, Extracted or error line)`` per item."""
    from .extract import extract_articles

    errors: dict[str, str] = {}
    with _PIPELINE_LOCK:
        nlp = _worker_pipeline(model, options)
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
                 timeout: str = "10s", options: dict | None = None) -> None:
        self.model, self.scheduler, self.client = model, scheduler, client
        self.options = dict(options or {})
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
        return self.client.submit(_worker_fingerprint, self.model, self.options,
                                  pure=False).result()

    def run(self, items: Iterable[tuple[str, str, str]], on_error=None) -> Iterator[Extracted]:
        """Yield an :class:`Extracted` per item, in order; failing items go to ``on_error``."""
        from .extract import _batched

        yield from _ordered_results(
            (self.client.submit(_worker_extract, self.model, batch, self.batch_size, self.options,
                                pure=False)
             for batch in _batched(items, self.batch_size)),
            self.max_in_flight, on_error)

    def close(self) -> None:
        if self._own_client and self.client is not None:
            self.client.close()
            self.client = None


ENGINES = {"local": LocalEngine, "dask": DaskEngine}


def make_engine(name: str, *, model: str | None = None, batch_size: int = 16, jobs: int = 1,
                scheduler: str | None = None, options: dict | None = None):
    """Return the engine called ``name`` (a key of :data:`ENGINES`).

    ``options`` go to :func:`argmap.pipeline.load_pipeline` (``fast``, ``targets``).
    """
    if name == "dask":
        return DaskEngine(model, scheduler=scheduler, batch_size=batch_size, options=options)
    return LocalEngine(model, batch_size=batch_size, n_process=jobs, options=options)


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
                   check_language: bool = True, html: bool = False, prune: bool = False,
                   wait: bool = False, columns: io.Columns | None = None) -> Iterator[Outcome]:
    """Extract every input and write its outputs; yield one :class:`Outcome` per input, in order.

    Writes ``<outdir>/<id>/article.json`` and ``graph.json`` as each article
    completes, and at the end the corpus tables (``units``, ``entities``,
    ``stances``, ``relations``; ``.csv`` or ``.parquet``) and the run manifest
    (:mod:`argmap.io.manifest`), which makes them one set. Bad inputs
    (unreadable, binary, not UTF-8, empty, too long, not English, outputs
    that cannot be written, an id that holds another source's outputs)
    become failed or skipped outcomes and the rest of the corpus goes on.

    The run holds an exclusive lock on ``outdir`` (:func:`argmap.io.outdir_lock`)
    from start to end; a second run fails at once (``io.OutdirBusy``) or,
    with ``wait=True``, waits its turn.

    Args:
        paths: Files, folders (``.txt``, ``.md``, ``.html``) or ``-`` for stdin;
            a ``.jsonl`` or ``.csv`` file is a corpus, one article per row (an
            outcome per row; a bad row fails alone, naming file and row).
        outdir: Output folder.
        engine: A started or unstarted :class:`LocalEngine` or :class:`DaskEngine`.
        use_cache: Reuse the outputs of articles whose cache key is unchanged
            and whose files still hash as written.
        tables: ``"csv"`` or ``"parquet"``; the other format's tables are removed.
        max_chars: Longest accepted article, in characters.
        check_language: Skip texts that do not look English.
        html: Reduce every input as HTML (else only ``.html``/``.htm`` files).
        prune: Remove article folders this run does not name, and let an input
            take over an id that held another source's outputs.
        wait: Wait for another run's lock on ``outdir`` instead of failing.
        columns: Column names of corpus files (default ``text``, ``id``,
            ``title``, ``date``).
    """
    files = io.list_inputs(paths)
    with io.outdir_lock(outdir, wait=wait):
        yield from _extract_locked(files, outdir, engine=engine, use_cache=use_cache,
                                   tables=tables, max_chars=max_chars,
                                   check_language=check_language, html=html, prune=prune,
                                   columns=columns)


def _previous_sources(outdir: io.PathLike) -> dict[str, str]:
    """Article id -> source, of the articles the last run's manifest names as extracted."""
    try:
        manifest = io.read_manifest(outdir)
    except io.InputError:
        return {}
    if manifest is None:
        return {}
    return {a["id"]: a["source"] for a in manifest["articles"] if a.get("status") == "extracted"}


def _extract_locked(files: list[str], outdir: io.PathLike, *, engine, use_cache: bool,
                    tables: str, max_chars: int, check_language: bool, html: bool,
                    prune: bool, columns: io.Columns | None = None) -> Iterator[Outcome]:
    io.remove_stale_temp_files(outdir)
    previous = _previous_sources(outdir)
    fingerprint = engine.start()
    seen: set[str] = set()
    index: dict[str, int] = {}  # article id -> input position
    keys: dict[str, str] = {}
    side: dict[int, Outcome] = {}  # outcomes decided without the engine, by position
    entries: list[dict[str, str]] = []  # the manifest's articles, in input order

    shown_sources: list[str] = []  # input position -> the source as messages show it
    reducers: dict[str, str] = {}  # article id -> the HTML reducer used

    def inputs() -> Iterator[tuple[str, str, str, str, dict[str, str]] | Outcome]:
        """(article id, text, shown source, recorded source, metadata) per article,
        or a failed Outcome; a corpus file gives one per row."""
        for path in files:
            if io.is_corpus(path):
                try:
                    for row in io.read_corpus(path, columns=columns or io.Columns(),
                                              max_chars=max_chars):
                        if isinstance(row, io.InputError):
                            where = str(row).split(": ", 1)[0]
                            yield Outcome("failed", where, "", str(row))
                        else:
                            where = f"{io.source_name(path)}:{row.row}"
                            yield (_unique_id(row.id, seen), row.text, where, where,
                                   row.metadata())
                except io.InputError as exc:
                    yield Outcome("failed", path, _unique_id(io.article_id_for(path), seen),
                                  str(exc))
                continue
            aid = _unique_id("stdin" if path == "-" else io.article_id_for(path), seen)
            try:
                page = io.read_source_page(path, max_chars=max_chars, html=html)
            except io.InputError as exc:
                yield Outcome("failed", path, aid, str(exc))
                continue
            if page.reducer:
                reducers[aid] = page.reducer
            yield aid, page.text, path, io.source_name(path), page.metadata()

    def feed() -> Iterator[tuple[str, str, str, dict[str, str]]]:
        for item in inputs():
            i = len(shown_sources)
            if isinstance(item, Outcome):
                shown_sources.append(item.source)
                entries.append({"id": item.article_id, "source": io.source_name(item.source),
                                "status": ""})
                side[i] = item
                continue
            aid, text, path, source, meta = item
            shown_sources.append(path)
            entries.append({"id": aid, "source": source, "status": ""})
            name = io.shown(path)
            reason = not_english_reason(text) if check_language else ""
            if reason:
                side[i] = Outcome("skipped", path, aid, f"{name}: {reason}; skipped "
                                  "(--any-language to extract it anyway)")
                continue
            owner = previous.get(aid)
            if owner is not None and owner != source and not prune:
                side[i] = Outcome("failed", path, aid, (
                    f"{name}: its id '{aid}' already holds the outputs of {io.shown(owner)} in "
                    f"{io.shown(outdir)}; rename one of them, use another -o folder, or add "
                    "--prune to replace them"))
                continue
            key = cache_key(text, fingerprint, source=source + _meta_key(meta))
            # The key file holds the hashes of the outputs: a hand-edited, corrupt or
            # unreadable article.json/graph.json reads as "" (a miss) and is redone.
            if use_cache and io.read_cache_key(outdir, aid) == key:
                side[i] = Outcome("cached", path, aid, "")
                continue
            index[aid], keys[aid] = i, key
            yield aid, text, source, meta

    def on_error(aid: str, exc: Exception) -> None:
        i = index.pop(aid)
        keys.pop(aid, None)
        side[i] = Outcome("failed", shown_sources[i], aid, f"{io.shown(shown_sources[i])}: the pipeline failed "
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
                try:  # read only now, so a cached corpus is never held in memory
                    result = _finish(io.read_article(io.article_folder(outdir,
                                                                       outcome.article_id)))
                except (OSError, ValueError, KeyError, TypeError, io.InputError) as exc:
                    yield Outcome("failed", outcome.source, outcome.article_id,
                                  f"{io.shown(outcome.source)}: cached outputs unusable "
                                  f"({_error_line(exc)}); run again with --no-cache")
                    continue
                writer.add(result.article)
                outcome = Outcome("cached", outcome.source, outcome.article_id,
                                  result.summary + " (cached)")
            yield outcome

    def write(i: int, result: Extracted) -> Outcome:
        aid = result.article.id
        key = keys.pop(aid)
        try:
            io.clear_cache_key(outdir, aid)
            data = tuple(text.encode("utf-8") for text in result.files)  # written and hashed
            io.write_rendered(outdir, aid, data)
            io.write_cache_key(outdir, aid, key, data)
        except (OSError, io.InputError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            return Outcome("failed", shown_sources[i], aid, f"{io.shown(shown_sources[i])}: cannot write its "
                           f"outputs to {io.shown(Path(outdir) / aid)} ({reason})")
        writer.add(result.article)
        note = f" [html: {reducers.pop(aid)}]" if aid in reducers else ""
        return Outcome("done", shown_sources[i], aid, result.summary + note)

    recorded = [0]

    def record(outcomes: Iterable[Outcome]) -> Iterator[Outcome]:
        for outcome in outcomes:  # the k-th outcome is the k-th input's
            entries[recorded[0]]["status"] = "extracted" if outcome.ok else outcome.status
            recorded[0] += 1
            yield outcome
    writer = io.TableWriter(outdir, fmt=tables)
    try:
        try:
            for result in engine.run(feed(), on_error=on_error):
                i = index.pop(result.article.id)
                yield from record(flush(i, writer))
                outcome = write(i, result)
                done = i + 1
                yield from record([outcome])
            yield from record(flush(len(shown_sources), writer))
        except BaseException:
            writer.abort()
            raise
        writer.close()
    finally:
        engine.close()
    io.write_manifest(outdir, entries, writer.info)
    for other in io.TABLE_FORMATS:
        if other != tables:
            for table in io.TABLES:
                (Path(outdir) / f"{table}.{other}").unlink(missing_ok=True)
    if prune:
        io.prune_articles(outdir, [e["id"] for e in entries if e["status"] == "extracted"])
