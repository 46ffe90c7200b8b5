"""Fill the order tables: `python seed.py --count 200`, or `--feed examples/orders.csv`.

Each order goes into both query tables in one logged batch. For big files use the importer
(`python -m importer import FILE`), which streams them. `python seed.py --help` lists every option.
"""

from importer.kit.seedkit import command
from importer.seeding import SPEC

if __name__ == "__main__":
    command(SPEC)()
