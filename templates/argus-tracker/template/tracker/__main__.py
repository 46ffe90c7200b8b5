"""`python -m tracker`: the tracker's commands (see commands.py)."""

from .commands import main

main(prog_name="python -m tracker")
