"""Fill the blog: `python seed.py --count 200`, or `--feed examples/posts.csv`.

Run `python seed.py --help` for every option.
"""

from blog.kit.seedkit import command
from blog.seeding import SPEC

if __name__ == "__main__":
    command(SPEC)()
