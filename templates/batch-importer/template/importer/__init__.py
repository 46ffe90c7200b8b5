"""Batch importer: a streaming bulk order importer on coodie's async API, with a results page."""
