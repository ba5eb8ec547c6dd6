"""Load a measurement script of ``bench/`` or ``training/`` as a module, for its tests.

Those scripts are not part of the argmap package, so tests import them by
path. The module is registered in ``sys.modules`` under its name (its
dataclasses and its own imports of sibling scripts need that).

Example::

    from script_loader import load_script
    pooled = load_script("bench", "pooled_reports")
"""
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def load_script(folder: str, name: str) -> ModuleType:
    """Return ``ROOT/folder/name.py`` imported as the module ``name``."""
    spec = importlib.util.spec_from_file_location(name, ROOT / folder / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
