"""`python -m migrationguide`: the guide's commands (see commands.py)."""

from .commands import main

main(prog_name="python -m migrationguide")
