"""Fill the blog: `python seed.py --count 200`, or `--feed examples/posts.csv`.

Run `python seed.py --help` for every option.
"""

from blog.seeding import SPEC
from blog.seedkit import command

if __name__ == "__main__":
    command(SPEC)()
