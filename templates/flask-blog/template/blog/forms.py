"""The HTML forms (Flask-WTF): each one checks its CSRF token, then the same limits as the API."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Regexp, ValidationError

from .schemas import BIO_MAX, BODY_MAX, COMMENT_MAX, HANDLE_PATTERN, NAME_MAX, TITLE_MAX, parse_tags


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _valid_tags(_form, field) -> None:
    try:
        parse_tags(field.data)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None


HANDLE_RULE = Regexp(HANDLE_PATTERN, message="2 to 30 lowercase letters, digits, '-' or '_'")


class PostForm(FlaskForm):
    author = StringField("Author handle", filters=[_strip], validators=[DataRequired(), HANDLE_RULE])
    title = StringField("Title", filters=[_strip], validators=[DataRequired(), Length(max=TITLE_MAX)])
    tags = StringField("Tags (comma-separated)", filters=[_strip], validators=[_valid_tags])
    body = TextAreaField("Body", filters=[_strip], validators=[DataRequired(), Length(max=BODY_MAX)])


class CommentForm(FlaskForm):
    author = StringField("Your name", filters=[_strip], validators=[DataRequired(), Length(max=NAME_MAX)])
    body = TextAreaField("Comment", filters=[_strip], validators=[DataRequired(), Length(max=COMMENT_MAX)])


class AuthorForm(FlaskForm):
    handle = StringField("Handle", filters=[_strip], validators=[DataRequired(), HANDLE_RULE])
    name = StringField("Display name", filters=[_strip], validators=[DataRequired(), Length(max=NAME_MAX)])
    bio = TextAreaField("Bio", filters=[_strip], validators=[Length(max=BIO_MAX)])


def fields(form: FlaskForm) -> dict:
    """The submitted values, without the CSRF token: ready for a schemas.*In model.

    A text field left out of the request reads as None in WTForms: it is an empty string here."""
    return {name: value or "" for name, value in form.data.items() if name != "csrf_token"}
