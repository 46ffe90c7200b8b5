"""`python -m importer`: the importer's commands (see commands.py)."""

from .commands import main

main(prog_name="python -m importer")
