"""Blueprints: the pages that read (feeds, one item) and the create forms, one per type."""
