"""``python -m argmap.cli``."""
from . import main

main()
