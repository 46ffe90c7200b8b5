"""LWT user registry: registration that stays correct under races, on coodie's async API."""
