"""The SQL side (Django ORM, SQLite): who may see which board, and where each task is now.

Relations, permissions and "the current state of one row" are what a relational database and
Django's admin do best. The history of every change and the per-status tallies are append-only,
high-write data: they live in Cassandra (taskboard/models.py).

Boards and tasks have UUID keys because Cassandra rows refer to them: an id that SQLite could
hand out again (after a reset, or in another environment) would attach an old board's event
log to a new board.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class Status(models.TextChoices):
    """The board's columns, left to right."""

    TODO = "todo", "To do"
    DOING = "doing", "Doing"
    REVIEW = "review", "Review"
    DONE = "done", "Done"


class BoardQuerySet(models.QuerySet):
    def visible_to(self, user) -> BoardQuerySet:
        """Members see their boards; superusers see every board."""
        return self if user.is_superuser else self.filter(members=user)


class Board(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=300, blank=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="boards", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = BoardQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Task(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=2000)
    # Changed only through writes.move_task, which records the move in Cassandra.
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.TODO)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["board", "status", "-updated_at"])]

    def __str__(self) -> str:
        return self.title
