"""Blueprints: posts (and tags), comments, authors, and the JSON API."""
