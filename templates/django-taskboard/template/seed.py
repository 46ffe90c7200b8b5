"""Fill the task board: `python seed.py --count 200`, or `--feed examples/tasks.csv`.

Tasks, with their boards and people, go to SQLite through Django's ORM (migrations run
first); their histories go to Cassandra's event log and counters through coodie. In DEBUG
the seed also creates the demo login: user `demo`, password `demo`.
Run `python seed.py --help` for every option.
"""

import os

import django

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taskboard.django_settings")
    # The seed command opens its own connection, and reports a failure in one line.
    os.environ["CASSANDRA_CONNECT_ON_READY"] = "0"
    django.setup()

    from taskboard.kit.seedkit import command
    from taskboard.seeding import SPEC

    command(SPEC)()
