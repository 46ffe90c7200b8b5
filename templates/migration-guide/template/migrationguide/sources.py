"""Each cqlengine class beside its coodie twin, as their source says (the / page)."""

from __future__ import annotations

import inspect
from dataclasses import dataclass

from .cqlengine_models import PackageVersionUDT, RunCountsModel, RunModel
from .models import PackageVersion, Run, RunCounts


@dataclass(frozen=True)
class ModelPair:
    table: str
    cqlengine: str
    coodie: str


PAIRS = [
    ("package_version (UDT)", PackageVersionUDT, PackageVersion),
    ("test_runs", RunModel, Run),
    ("run_counts", RunCountsModel, RunCounts),
]


def model_pairs() -> list[ModelPair]:
    return [
        ModelPair(table, inspect.getsource(left), inspect.getsource(right)) for table, left, right in PAIRS
    ]
