"""Fill the tracker: `python seed.py --count 300`, or `--feed examples/runs.csv`.

Run `python seed.py --help` for every option.
"""

from tracker.kit.seedkit import command
from tracker.seeding import SPEC

if __name__ == "__main__":
    command(SPEC)()
