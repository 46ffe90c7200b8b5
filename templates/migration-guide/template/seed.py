"""Fill the guide's tables through cqlengine: `python seed.py --count 200`, or `--feed examples/runs.csv`.

Run `python seed.py --help` for every option.
"""

from migrationguide.kit.seedkit import command
from migrationguide.seeding import SPEC

if __name__ == "__main__":
    command(SPEC)()
