"""argmap: map the arguments of opinion essays.

Text -> spaCy Doc -> records -> networkx graph -> exports.
"""
from .graph import build_graph, summarize_graph
from .records import (Article, AuthorStance, Entity, Mention, Relation, Stance, Unit,
                      article_from_dict, article_to_dict)
from .types import EdgeKind, EntityKind, NodeKind, Polarity, RelationKind, Role

__version__ = "0.1.0"

__all__ = [
    "Article", "AuthorStance", "Entity", "Mention", "Relation", "Stance", "Unit",
    "article_from_dict", "article_to_dict", "build_graph", "summarize_graph",
    "EdgeKind", "EntityKind", "NodeKind", "Polarity", "RelationKind", "Role",
    "extract_article", "load_pipeline", "add_target", "remove_target", "compare", "Comparison",
    "keypoints", "KeyPoints", "__version__",
]


def __getattr__(name: str):
    # spaCy is imported only when the pipeline is asked for.
    if name == "extract_article":
        from .extract import extract_article
        return extract_article
    if name in ("load_pipeline", "add_target", "remove_target"):
        from . import pipeline
        return getattr(pipeline, name)
    if name in ("compare", "Comparison"):  # pandas and scikit-learn only when asked for
        from . import compare_tables
        return getattr(compare_tables, name)
    if name in ("keypoints", "KeyPoints"):
        from . import keypoint_tables
        return getattr(keypoint_tables, name)
    raise AttributeError(name)
