"""Collections and tags: bookmarks with set, list, map and UDT columns on coodie's async API."""
