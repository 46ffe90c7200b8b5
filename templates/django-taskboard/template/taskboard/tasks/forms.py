from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from .models import Board, Task


class TaskForm(forms.ModelForm):
    """A new task on a board: its assignee must be one of the board's members."""

    class Meta:
        model = Task
        fields = ["title", "assignee", "description"]

    def __init__(self, *args, board: Board, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = get_user_model().objects.filter(boards=board).order_by("username")
        self.fields["title"].strip = True
