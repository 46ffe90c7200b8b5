"""Materialized views: products read by category and by brand, views beside a hand-made table."""
