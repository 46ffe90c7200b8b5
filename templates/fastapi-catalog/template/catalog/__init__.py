"""FastAPI catalog: products and their reviews on coodie's async API."""
