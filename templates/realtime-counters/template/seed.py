"""Fill the counters: `python seed.py --count 200`, or `--feed examples/hits.csv`.

Counters add up: run it twice and every figure doubles. `--reset` empties the tables first.
Run `python seed.py --help` for every option.
"""

from analytics.kit.seedkit import command
from analytics.seeding import SPEC

if __name__ == "__main__":
    command(SPEC)()
