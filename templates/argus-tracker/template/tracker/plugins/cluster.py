"""Long-running cluster tests (argus's SCT plugin): a cluster, its machines, its nemeses."""

from __future__ import annotations

import random
from typing import Any

from faker import Faker

from ..models import CloudResource, ClusterRun
from ._plugin import Plugin

REGIONS = ["eu-west-1", "us-east-1", "us-west-2", "ap-south-1"]
INSTANCE_TYPES = ["i4i.large", "i4i.xlarge", "i3en.2xlarge", "c6i.xlarge"]
VERSIONS = ["2025.4.3", "2026.1.0", "2026.1.2", "2026.2.0-rc1"]


def summary(run: ClusterRun) -> str:
    return f"{run.nodes} nodes · {run.scylla_version} · {run.region} · {run.nemesis_count} nemeses"


def fake_fields(faker: Faker, rng: random.Random) -> dict[str, Any]:
    region, nodes = rng.choice(REGIONS), rng.randint(3, 6)
    resources = [
        CloudResource(
            name=f"db-node-{faker.lexify('????').lower()}-{n}",
            state=rng.choice(["running", "terminated"]),
            resource_type="db-node" if n <= nodes else "loader-node",
            provider="aws",
            region=region,
            instance_type=rng.choice(INSTANCE_TYPES),
        )
        for n in range(1, nodes + 2)
    ]
    return {
        "scylla_version": rng.choice(VERSIONS),
        "region": region,
        "nodes": nodes,
        "nemesis_count": rng.randint(0, 40),
        "resources": resources,
    }


PLUGIN = Plugin(
    "cluster",
    "Cluster test",
    ClusterRun,
    summary,
    fake_fields,
    feed_columns=("scylla_version", "region", "nodes"),
)
