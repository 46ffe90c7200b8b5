"""Fill the catalog: `python seed.py --count 200`, or `--feed examples/products.csv`.

Run `python seed.py --help` for every option.
"""

from catalog.seeding import SPEC
from catalog.seedkit import command

if __name__ == "__main__":
    command(SPEC)()
