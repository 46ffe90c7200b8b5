"""Fill the tables: `python seed.py --count 2000`, or `--feed examples/readings.csv`.

Fake readings spread over today and the two days before; a feed's readings keep their own
times. Importing the same feed twice rewrites the same rows. Run `python seed.py --help`.
"""

from telemetry.kit.seedkit import command
from telemetry.seeding import SPEC

if __name__ == "__main__":
    command(SPEC)()
