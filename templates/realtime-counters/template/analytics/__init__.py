"""Realtime counters: page views and likes on Cassandra counter tables, with coodie's async API."""
