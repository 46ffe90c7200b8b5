"""kit/: the same in every coodie-demos project. The demo itself is one folder up.

    settings.py   where the database is (SCYLLA_* environment variables)
    db.py         one connection per process: the driver session with coodie on top
    schema.py     `make schema` creates the tables; web processes only check them
    cql_log.py    the CQL statements of one request, for the CQL panel
    paging.py     pages read with the driver's paging state, behind signed cursors
    buckets.py    newest first across month or day partitions, one signed cursor
    seedkit.py    the seed command: fake rows or a feed file, validated, written fast
    feeds.py      feed files as people have them (CSV from Excel, JSON, JSON Lines), by file:line
    seedwriter.py rows streamed to many workers, progress, and a clean stop on Ctrl-C
    tally.py      each distinct row counted once: the summary is what COUNT(*) finds
    stable_ids.py keys made from a feed's own values: a re-import updates, never duplicates
    testing.py    pytest fixtures: a real database and a keyspace of the test session's own,
                  and the check that only models, queries, seeding and kit/ send CQL
    waiting.py    eventually() and when_index_ready(): waits with a deadline, for tests
    web.py        the framework glue (FastAPI, Flask or Django): app start and stop, CQL
                  capture, /schema, error pages, a test client
    cli.py        instead of web.py in a command-line demo: a session per command, the
                  schema checked, one-line errors and exit codes scripts can trust

Change the demo, not the kit: `copier update` brings new versions of these files.
"""
