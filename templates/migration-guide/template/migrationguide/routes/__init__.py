"""Blueprints: the guide (model pairs, API mapping, pitfalls) and the runs read through both hands."""
