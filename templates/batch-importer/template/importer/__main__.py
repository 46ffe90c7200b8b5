"""`python -m importer`: the importer's commands (see cli.py)."""

from .cli import main

main(prog_name="python -m importer")
