"""The made-up website whose traffic the seed and the simulator produce.

A few popular pages and a long tail, like a real site: the weights make the top-pages
ranking lopsided enough to be interesting, and a fixed list keeps each day's partition small.
"""

from __future__ import annotations

import random

PAGES = [
    "/",
    "/pricing",
    "/docs",
    "/docs/getting-started",
    "/docs/counters",
    "/blog",
    "/blog/counting-at-scale",
    "/blog/why-counters-are-not-idempotent",
    "/blog/top-k-without-a-scan",
    "/about",
    "/careers",
    "/contact",
    "/changelog",
    "/integrations",
    "/security",
    "/status",
]
REFERRERS = [
    "direct",
    "google.com",
    "duckduckgo.com",
    "news.ycombinator.com",
    "reddit.com",
    "github.com",
    "bing.com",
    "lobste.rs",
]
# Zipf-like popularity: the n-th item is about 1/n as popular as the first.
PAGE_WEIGHTS = [1 / (rank + 1) for rank in range(len(PAGES))]
REFERRER_WEIGHTS = [1 / (rank + 1) for rank in range(len(REFERRERS))]
LIKE_CHANCE = 0.08  # share of simulated visits that also press Like


def pick_page(rng: random.Random, pages: list[str] = PAGES) -> str:
    weights = PAGE_WEIGHTS if pages is PAGES else None
    return rng.choices(pages, weights=weights)[0]


def pick_referrer(rng: random.Random, referrers: list[str] = REFERRERS) -> str:
    weights = REFERRER_WEIGHTS if referrers is REFERRERS else None
    return rng.choices(referrers, weights=weights)[0]
