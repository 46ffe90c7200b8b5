"""Telemetry: sensor readings by sensor and day, kept for a fixed time, rolled up by the hour."""
