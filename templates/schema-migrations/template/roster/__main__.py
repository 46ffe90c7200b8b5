"""`python -m roster`: the roster's migration commands (see commands.py)."""

from .commands import main

main(prog_name="python -m roster")
