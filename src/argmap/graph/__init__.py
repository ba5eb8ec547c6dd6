"""Argument graphs: build, summarise and compare (networkx only, no spaCy)."""
from .build import article_node_id, build_graph
from .summary import format_summary, summarize_graph

__all__ = ["build_graph", "article_node_id", "summarize_graph", "format_summary"]
