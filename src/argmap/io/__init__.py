"""File reading and writing of argmap, one module per concern.

* :mod:`.sources`: which paths are inputs, and reading them as screened text;
* :mod:`.atomic`: atomic writes;
* :mod:`.jsonfmt`: the fast JSON encoder;
* :mod:`.articles`: ``article.json``/``graph.json`` and the cache key beside them;
* :mod:`.tables`: the corpus tables;
* :mod:`.manifest`: the run manifest (inputs, ids, sources; the table set).
* :mod:`.web`: HTML pages to article text and metadata (trafilatura or html.parser);
* :mod:`.corpus`: JSONL/CSV corpus files, one article per row.

Everything is re-exported here, so ``from argmap import io; io.read_article(...)`` works.
"""
from .articles import (article_folder, check_article, clear_cache_key, read_article,
                       read_cache_key, read_json, record_dict, render_article, write_article,
                       write_cache_key, write_rendered)
from .atomic import (FILE_MODE, LOCK_FILE, RUN_ID, TEMP_PATTERN, OutdirBusy, outdir_lock,
                     remove_stale_temp_files, temp_file, write_bytes, write_json, write_text)
from .jsonfmt import dumps_json, loads_json
from .corpus import CORPUS_SUFFIXES, Columns, CorpusRow, is_corpus, read_corpus
from .manifest import (MANIFEST_FILE, check_tables, manifest_articles, prune_articles,
                       read_manifest, write_manifest)
from .sources import (HTML_SUFFIXES, MAX_CHARS, MAX_CHARS_CAP, MAX_ID_CHARS, TEXT_SUFFIXES,
                      InputError, article_id_for, child_path, expand_inputs, is_html_input,
                      list_inputs, open_regular, read_bounded, read_source, read_source_page,
                      read_text, shown, slug, source_name)
from .tables import TABLE_FORMATS, TABLES, TableWriter, csv_safe, csv_safe_frame, table_rows

__all__ = [
    "InputError", "TEXT_SUFFIXES", "HTML_SUFFIXES", "MAX_CHARS", "MAX_CHARS_CAP", "MAX_ID_CHARS",
    "expand_inputs", "list_inputs", "read_source", "read_source_page", "read_text",
    "open_regular", "read_bounded",
    "article_id_for", "slug", "child_path", "shown", "is_html_input", "source_name",
    "CORPUS_SUFFIXES", "Columns", "CorpusRow", "is_corpus", "read_corpus",
    "FILE_MODE", "RUN_ID", "TEMP_PATTERN", "LOCK_FILE", "temp_file", "write_text", "write_bytes", "write_json",
    "remove_stale_temp_files", "outdir_lock", "OutdirBusy",
    "dumps_json", "loads_json",
    "read_json", "read_article", "check_article", "record_dict", "render_article",
    "write_rendered", "write_article", "article_folder",
    "read_cache_key", "write_cache_key", "clear_cache_key",
    "MANIFEST_FILE", "read_manifest", "write_manifest", "check_tables", "manifest_articles",
    "prune_articles",
    "TABLES", "TABLE_FORMATS", "table_rows", "TableWriter", "csv_safe", "csv_safe_frame",
]
