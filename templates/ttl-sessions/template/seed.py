"""Fill the session store: `python seed.py --count 200`, or `--feed examples/sessions.csv`.

Every session is written with a TTL, so a seed empties itself within the hour.
Run `python seed.py --help` for every option.
"""

from ephemera.seeding import SPEC
from ephemera.seedkit import command

if __name__ == "__main__":
    command(SPEC)()
