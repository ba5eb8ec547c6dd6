"""spaCy components of argmap and the pipeline loader."""
from .load import MODEL_CANDIDATES, ModelNotFound, add_argmap_pipes, load_pipeline

__all__ = ["load_pipeline", "add_argmap_pipes", "ModelNotFound", "MODEL_CANDIDATES"]
