"""``python -m arkg``: the same command as ``arkg``."""

from .cli import main

main(prog_name="arkg")
