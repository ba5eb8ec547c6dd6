"""Load a model once per process, keyed by its path; ``None`` when it is unavailable.

The sentence encoder, the matching head and the stance model each keep a
module-level dict of what they loaded, so every pipeline, ``compare`` call
and ``--jobs`` worker loads a file at most once, and a missing file is
looked for only once.

Example:
    >>> cache = {}
    >>> def missing():
    ...     raise FileNotFoundError("no model here")
    >>> load_once(cache, "", missing, FileNotFoundError) is None
    True
    >>> cache
    {'': None}
"""
from __future__ import annotations

import threading
from typing import Callable, TypeVar

__all__ = ["load_once"]

T = TypeVar("T")
_LOCK = threading.Lock()


def load_once(cache: dict, key: str, load: Callable[[], T],
              unavailable: type[Exception]) -> T | None:
    """``cache[key]``, filled by ``load()`` on first use; ``None`` if it raised ``unavailable``."""
    with _LOCK:
        if key not in cache:
            try:
                cache[key] = load()
            except unavailable:
                cache[key] = None
        return cache[key]
