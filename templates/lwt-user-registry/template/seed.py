"""Fill the registry: `python seed.py --count 200`, or `--feed examples/users.csv`.

Every account is registered through the same LWTs as the app; clashes are reported as
conflicts, not rows. Run `python seed.py --help` for every option.
"""

from registry.kit.seedkit import command
from registry.seeding import SPEC

if __name__ == "__main__":
    command(SPEC)()
