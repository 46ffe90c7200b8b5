"""The create forms (Flask-WTF), one per type: the common fields, then the type's own.

Each checks its CSRF token, then the same limits as a feed row (schemas.py).
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField, TextAreaField, URLField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from .schemas import (
    AUTHOR_MAX,
    BODY_MAX,
    DURATION_MAX,
    EPISODE_MAX,
    MINUTES_MAX,
    OWN_COLUMNS,
    SUMMARY_MAX,
    TITLE_MAX,
    URL_MAX,
    URL_PATTERN,
)


def _strip(value):
    return value.strip() if isinstance(value, str) else value


URL_RULES = [
    DataRequired(),
    Length(max=URL_MAX),
    Regexp(URL_PATTERN, message="an http:// or https:// address"),
]


class ContentForm(FlaskForm):
    """What every type has."""

    title = StringField("Title", filters=[_strip], validators=[DataRequired(), Length(max=TITLE_MAX)])
    author = StringField("Author", filters=[_strip], validators=[DataRequired(), Length(max=AUTHOR_MAX)])
    summary = TextAreaField("Summary", filters=[_strip], validators=[Optional(), Length(max=SUMMARY_MAX)])


class ArticleForm(ContentForm):
    body = TextAreaField("Body", filters=[_strip], validators=[DataRequired(), Length(max=BODY_MAX)])


class VideoForm(ContentForm):
    video_url = URLField("Video address", filters=[_strip], validators=URL_RULES)
    duration_seconds = IntegerField(
        "Duration (seconds)", validators=[DataRequired(), NumberRange(min=1, max=DURATION_MAX)]
    )


class PodcastForm(ContentForm):
    audio_url = URLField("Audio address", filters=[_strip], validators=URL_RULES)
    episode = IntegerField("Episode number", validators=[DataRequired(), NumberRange(min=1, max=EPISODE_MAX)])
    minutes = IntegerField(
        "Length (minutes)", validators=[DataRequired(), NumberRange(min=1, max=MINUTES_MAX)]
    )


FORMS: dict[str, type[ContentForm]] = {"article": ArticleForm, "video": VideoForm, "podcast": PodcastForm}


def fields(kind: str, form: ContentForm) -> dict[str, object]:
    """The submitted values for queries.create: the common ones and the type's own."""
    names = ["title", "author", "summary", *OWN_COLUMNS[kind]]
    return {name: form.data[name] if form.data[name] is not None else "" for name in names}
