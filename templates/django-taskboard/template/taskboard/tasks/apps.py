from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "taskboard.tasks"
    label = "tasks"
    verbose_name = "Task board"

    def ready(self) -> None:
        from .. import db
        from . import connection

        if connection.should_connect():
            try:
                connection.connect()
            except db.DatabaseUnavailable as exc:
                # One line and exit 1 (runserver, gunicorn), not a traceback of app loading.
                raise SystemExit(f"error: {exc}") from None
