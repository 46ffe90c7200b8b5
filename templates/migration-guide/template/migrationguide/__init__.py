"""Migration guide: the same tables through cqlengine and through coodie, on the sync API in Flask.

`flask --app migrationguide run` finds create_app() here.
"""

__all__ = ["create_app"]


def __getattr__(name: str):
    """create_app, imported when it is asked for: importing it with the package would import
    the kit too, and `python -m migrationguide.kit.schema` (make schema) would then run a module that is
    already imported, which Python warns about on every `make seed` and `make run`."""
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
