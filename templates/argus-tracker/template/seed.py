"""Fill the content desk: `python seed.py --count 200`, or `--feed examples/contents.csv`.

Run `python seed.py --help` for every option.
"""

from contentdesk.kit.seedkit import command
from contentdesk.seeding import SPEC

if __name__ == "__main__":
    command(SPEC)()
