"""Fill the shop with items: `python seed.py --count 200`, or `--feed examples/items.csv`.

Run `python seed.py --help` for every option.
"""

from meaning.kit.seedkit import command
from meaning.seeding import SPEC

if __name__ == "__main__":
    command(SPEC)()
