from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "taskboard.tasks"
    label = "tasks"
    verbose_name = "Task board"
