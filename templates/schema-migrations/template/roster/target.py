"""The members table as the four migrations leave it, for `coodie schema-diff --module roster.target`.

coodie's schema-diff diffs every Document class a module holds against the live database, so
this module holds exactly one: the model after migrations 001-004 (defined in models.py).
"""

from .models import MemberAfter

__all__ = ["MemberAfter"]
