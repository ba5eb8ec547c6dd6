"""Content-hash cache keys for ``argmap extract``.

An article is re-extracted only when its key changes. The key is the
sha256 of the text together with everything that can change the output:
the model name and version, argmap's version and the pipeline config (every
component's settings). :mod:`argmap.io` stores the key beside the article's
outputs, after they are complete.
"""
from __future__ import annotations

import hashlib

__all__ = ["cache_key", "pipeline_fingerprint"]


def pipeline_fingerprint(nlp) -> str:
    """Return a sha256 of a pipeline: its model name/version, pipes, config and argmap's version.

    Args:
        nlp (Language): The loaded pipeline.
    RETURNS (str): Hex digest; equal for pipelines that give equal outputs.
    """
    from . import __version__

    meta = nlp.meta or {}
    parts = [
        f"argmap={__version__}",
        f"model={meta.get('lang', '')}_{meta.get('name', '')}-{meta.get('version', '')}",
        "pipes=" + ",".join(nlp.pipe_names),
        nlp.config.to_str(),
    ]
    if "argmap_entities" in nlp.pipe_names:  # user patterns are not in the config
        rows = nlp.get_pipe("argmap_entities").to_bytes()
        parts.append("patterns=" + hashlib.sha256(rows).hexdigest())
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def cache_key(text: str, fingerprint: str, *, source: str = "") -> str:
    """Return the cache key of one article.

    ``source`` is part of the key because it is stored in ``article.json``.

    >>> cache_key("Rankings mislead.", "f" * 64) == cache_key("Rankings mislead.", "f" * 64)
    True
    >>> cache_key("Rankings mislead.", "f" * 64) == cache_key("Rankings mislead!", "f" * 64)
    False
    """
    h = hashlib.sha256()
    for part in (fingerprint, source, text):
        data = part.encode("utf-8")
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()
