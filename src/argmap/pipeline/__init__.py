"""spaCy components of argmap and the pipeline loader."""
from .load import (MODEL_CANDIDATES, ModelNotFound, add_argmap_pipes, add_target, load_pipeline,
                   remove_target)

__all__ = ["load_pipeline", "add_argmap_pipes", "add_target", "remove_target", "ModelNotFound",
           "MODEL_CANDIDATES"]
