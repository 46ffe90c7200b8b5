"""Each cqlengine class beside its coodie twin, as their source says (the / page)."""

from __future__ import annotations

import inspect
from dataclasses import dataclass

from . import cqlengine_models, models


@dataclass(frozen=True)
class ModelPair:
    table: str
    cqlengine: str
    coodie: str


PAIRS = [
    ("package_version (UDT)", cqlengine_models.PackageVersionUDT, models.PackageVersion),
    ("test_runs", cqlengine_models.RunModel, models.Run),
    ("run_counts", cqlengine_models.RunCountsModel, models.RunCounts),
]


def model_pairs() -> list[ModelPair]:
    return [
        ModelPair(table, inspect.getsource(left), inspect.getsource(right)) for table, left, right in PAIRS
    ]
