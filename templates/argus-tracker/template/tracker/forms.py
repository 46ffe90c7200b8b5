"""The comment form (Flask-WTF): who writes it, and what; the same limits as schemas.CommentForm."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from .schemas import MESSAGE_MAX, NAME_MAX


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class CommentForm(FlaskForm):
    author = StringField(
        "Comment as (user name)", filters=[_strip], validators=[DataRequired(), Length(max=NAME_MAX)]
    )
    message = TextAreaField("Comment", filters=[_strip], validators=[DataRequired(), Length(max=MESSAGE_MAX)])
