"""Fill the showroom: `python seed.py --count 200`, or `--feed examples/products.csv`.

Run `python seed.py --help` for every option.
"""

from showroom.kit.seedkit import command
from showroom.seeding import SPEC

if __name__ == "__main__":
    command(SPEC)()
