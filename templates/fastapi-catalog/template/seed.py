"""Fill the catalog: `python seed.py --count 200`, or `--feed examples/products.csv`.

Run `python seed.py --help` for every option.
"""

from catalog.kit.seedkit import command
from catalog.seeding import SPEC

if __name__ == "__main__":
    command(SPEC)()
