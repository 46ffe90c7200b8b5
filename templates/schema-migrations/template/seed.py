"""Fill the roster with day-one members: `python seed.py --count 200`, or `--feed examples/members.csv`.

Run `python seed.py --help` for every option.
"""

from roster.kit.seedkit import command
from roster.seeding import SPEC

if __name__ == "__main__":
    command(SPEC)()
