"""File reading and writing of argmap, one module per concern.

* :mod:`.sources`: which paths are inputs, and reading them as screened text;
* :mod:`.atomic`: atomic writes;
* :mod:`.jsonfmt`: the fast JSON encoder;
* :mod:`.articles`: ``article.json``/``graph.json`` and the cache key beside them;
* :mod:`.tables`: the corpus tables;
* :mod:`.web`: HTML pages to article text and metadata (trafilatura or html.parser);
* :mod:`.corpus`: JSONL/CSV corpus files, one article per row.

Everything is re-exported here, so ``from argmap import io; io.read_article(...)`` works.
"""
from .articles import (clear_cache_key, read_article, read_cache_key, read_json, record_dict,
                       render_article, write_article, write_cache_key, write_rendered)
from .atomic import FILE_MODE, remove_stale_temp_files, write_json, write_text
from .jsonfmt import dumps_json
from .sources import (HTML_SUFFIXES, MAX_CHARS, TEXT_SUFFIXES, InputError, article_id_for,
                      expand_inputs, list_inputs, read_source, read_source_page, read_text)
from .corpus import CORPUS_SUFFIXES, Columns, CorpusRow, is_corpus, read_corpus
from .tables import TABLE_FORMATS, TABLES, TableWriter, table_rows

__all__ = [
    "InputError", "TEXT_SUFFIXES", "HTML_SUFFIXES", "MAX_CHARS", "expand_inputs", "list_inputs",
    "read_source", "read_source_page", "read_text", "article_id_for",
    "CORPUS_SUFFIXES", "Columns", "CorpusRow", "is_corpus", "read_corpus",
    "FILE_MODE", "write_text", "write_json", "remove_stale_temp_files",
    "dumps_json",
    "read_json", "read_article", "record_dict", "render_article", "write_rendered", "write_article",
    "read_cache_key", "write_cache_key", "clear_cache_key",
    "TABLES", "TABLE_FORMATS", "table_rows", "TableWriter",
]
