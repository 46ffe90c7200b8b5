"""Fill the session store: `python seed.py --count 200`, or `--feed examples/sessions.csv`.

Every session is written with a TTL, so a seed empties itself within the hour.
Run `python seed.py --help` for every option.
"""

from ephemera.kit.seedkit import command
from ephemera.seeding import SPEC

if __name__ == "__main__":
    command(SPEC)()
