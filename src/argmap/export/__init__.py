"""Graph exporters: one private module per format, one registry.

:data:`EXPORTERS` maps each :class:`ExportFormat` to an :class:`Exporter`
holding the pure ``to_<fmt>(G, **opts)`` conversion, the thin
``write_<fmt>(G, path, **opts)`` writer and the file suffix.  The CLI takes
its ``--format`` choices from the registry's keys.

>>> sorted(EXPORTERS)[:3]
['aif', 'argdown', 'cytoscape']
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

import networkx as nx

from ..io import write_text
from ..types import PathLike
from ._aif import to_aif, write_aif
from ._argdown import to_argdown, write_argdown
from ._cytoscape import cytoscape_style, to_cytoscape, write_cytoscape
from ._dot import to_dot, write_dot
from ._gexf import from_gexf, read_gexf, to_gexf, write_gexf
from ._graphml import from_graphml, read_graphml, to_graphml, write_graphml
from ._html import html_payload, to_html, utf16_offsets, write_html
from ._json import dumps_json, from_json, read_json, to_json, write_json
from ._mermaid import to_mermaid, write_mermaid
from ._simple import check_simple

__all__ = [
    "ExportFormat",
    "Exporter",
    "EXPORTERS",
    "export_text",
    "write_export",
    "write_all",
    "read_graph",
    "check_simple",
    "to_json", "dumps_json", "write_json", "from_json", "read_json",
    "to_graphml", "write_graphml", "from_graphml", "read_graphml",
    "to_gexf", "write_gexf", "from_gexf", "read_gexf",
    "to_dot", "write_dot",
    "to_cytoscape", "write_cytoscape", "cytoscape_style",
    "to_mermaid", "write_mermaid",
    "to_aif", "write_aif",
    "to_argdown", "write_argdown",
    "to_html", "write_html", "html_payload", "utf16_offsets",
    "to_corpus_html", "write_corpus_html", "corpus_payload", "to_sections_html", "network_layout",
]

_CORPUS = ("to_corpus_html", "write_corpus_html", "corpus_payload", "to_sections_html",
           "network_layout")


def __getattr__(name: str) -> Any:
    # The corpus view needs graph.compare (numpy): imported only when asked for,
    # so `argmap export` of one article stays quick.
    if name in _CORPUS:
        from . import _corpus
        return getattr(_corpus, name)
    raise AttributeError(name)


class ExportFormat(str, Enum):
    """Names of the export formats (the CLI's ``--format`` choices)."""

    JSON = "json"
    GRAPHML = "graphml"
    GEXF = "gexf"
    DOT = "dot"
    CYTOSCAPE = "cytoscape"
    MERMAID = "mermaid"
    AIF = "aif"
    ARGDOWN = "argdown"
    HTML = "html"

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.value


@dataclass(frozen=True)
class Exporter:
    """One export format.

    Attributes
    ----------
    to : callable
        ``to(G, **opts)`` returns ``str`` or a JSON-ready ``dict``.
    write : callable
        ``write(G, path, **opts)`` writes the file.
    suffix : str
        File name suffix, with the dot.
    takes_text : bool
        Whether ``to``/``write`` accept ``text=`` (the essay text).
    """

    to: Callable[..., Any]
    write: Callable[..., None]
    suffix: str
    takes_text: bool = False


EXPORTERS: dict[str, Exporter] = {
    ExportFormat.JSON.value: Exporter(to_json, write_json, ".json"),
    ExportFormat.GRAPHML.value: Exporter(to_graphml, write_graphml, ".graphml"),
    ExportFormat.GEXF.value: Exporter(to_gexf, write_gexf, ".gexf"),
    ExportFormat.DOT.value: Exporter(to_dot, write_dot, ".dot"),
    ExportFormat.CYTOSCAPE.value: Exporter(to_cytoscape, write_cytoscape, ".cyjs"),
    ExportFormat.MERMAID.value: Exporter(to_mermaid, write_mermaid, ".mmd"),
    ExportFormat.AIF.value: Exporter(to_aif, write_aif, ".aif.json"),
    ExportFormat.ARGDOWN.value: Exporter(to_argdown, write_argdown, ".argdown"),
    ExportFormat.HTML.value: Exporter(to_html, write_html, ".html", takes_text=True),
}


def _get(fmt: str) -> Exporter:
    try:
        return EXPORTERS[str(fmt)]
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r}; "
                         f"choose from {', '.join(EXPORTERS)}") from None


def export_text(G: nx.Graph, fmt: str, *, text: str | None = None) -> str:
    """Return ``G`` in format ``fmt`` as text (dict formats become JSON).

    ``text`` is the essay text, used by formats that show it (``html``).
    """
    exporter = _get(fmt)
    out = exporter.to(G, text=text) if exporter.takes_text else exporter.to(G)
    if isinstance(out, str):
        return out
    return json.dumps(out, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_export(G: nx.Graph, fmt: str, path: PathLike, *, text: str | None = None) -> Path:
    """Write ``G`` in format ``fmt`` to ``path`` and return the path."""
    return write_text(path, export_text(G, fmt, text=text))


def write_all(G: nx.Graph, directory: PathLike, *, stem: str = "graph",
              text: str | None = None) -> dict[str, Path]:
    """Write every format into ``directory`` as ``<stem><suffix>``."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    return {fmt: write_export(G, fmt, directory / f"{stem}{exp.suffix}", text=text)
            for fmt, exp in EXPORTERS.items()}


def read_graph(path: PathLike) -> nx.Graph:
    """Read a graph written by :func:`write_json`, :func:`write_graphml` or
    :func:`write_gexf`, chosen by the file suffix (``.json`` by default)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".graphml":
        return read_graphml(path)
    if suffix == ".gexf":
        return read_gexf(path)
    return read_json(path)
