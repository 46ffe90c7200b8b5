"""Fill the bookmarks: `python seed.py --count 200`, or `--feed examples/bookmarks.csv`.

Run `python seed.py --help` for every option.
"""

from tagged.kit.seedkit import command
from tagged.seeding import SPEC

if __name__ == "__main__":
    command(SPEC)()
